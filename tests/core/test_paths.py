"""The one "stay inside the dossier folder" rule (dossier.core.paths)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.core.paths import MAX_NAME_BYTES, resolve_inside
from dossier.geo.geojson import resolve_in_dossier
from dossier.load.sources import resolve_inside as sources_resolve
from dossier.render.fetch import Refused
from dossier.render.fetch import resolve as fetch


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "dossier"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "a.png").write_bytes(b"x")
    (tmp_path / "secret.txt").write_text("secret")
    (folder / "media" / "out.png").symlink_to(tmp_path / "secret.txt")
    (folder / "media" / "alias.png").symlink_to(folder / "media" / "a.png")
    (folder / "media" / "loop").symlink_to(folder / "media" / "loop")
    return folder


@pytest.mark.parametrize(
    ("ref", "problem"),
    [
        (None, "invalid"),
        ("", "invalid"),
        ("  ", "invalid"),
        ("media/a\x00.png", "nul"),
        ("media/" + "x" * (MAX_NAME_BYTES + 1), "too-long"),
        (".", "invalid"),
        ("media/loop", "link-loop"),
        ("https://example.org/a.png", "remote"),
        ("file:///etc/passwd", "remote"),
        ("data:image/png;base64,AA==", "remote"),
        ("//host/share/a.png", "remote"),
        ("\\\\host\\share\\a.png", "remote"),
        ("/etc/passwd", "absolute"),
        ("\\etc\\passwd", "absolute"),
        ("C:\\x.png", "absolute"),
        ("C:x.png", "absolute"),
        ("../secret.txt", "outside"),
        ("media/../../secret.txt", "outside"),
        ("media\\..\\..\\secret.txt", "outside"),
        ("media/out.png", "link-outside"),
        ("media/none.png", "missing"),
        ("media", "not-a-file"),
    ],
)
def test_refusals(root: Path, ref: object, problem: str) -> None:
    found = resolve_inside(root, ref)
    assert found.path is None and found.problem == problem


@pytest.mark.parametrize(
    "ref", ["media/a.png", "./media/a.png", "media//a.png", "media\\a.png", "x/../media/a.png"]
)
def test_files_inside_are_found(root: Path, ref: str) -> None:
    found = resolve_inside(root, ref)
    assert found.ok and found.path == (root / "media" / "a.png").resolve()
    assert found.rel in ("media/a.png",)


def test_a_link_inside_keeps_its_name_and_leads_to_its_target(root: Path) -> None:
    found = resolve_inside(root, "media/alias.png")
    assert found.rel == "media/alias.png" and found.path == (root / "media" / "a.png").resolve()


def test_every_stage_applies_the_same_rule(root: Path) -> None:
    """Sources, GeoJSON and the PDF fetcher refuse and accept the same references."""
    cases = ["media/a.png", "media/out.png", "../secret.txt", "media/a\x00.png", "media/loop"]
    for ref in cases:
        ok = resolve_inside(root, ref).ok
        assert (sources_resolve(root, ref, None)[0] is not None) is ok, ref
        assert (resolve_in_dossier(root, ref, None)[0] is not None) is ok, ref
        try:
            fetch("dossier:/" + ref.replace("\x00", "%00"), root)
            served = True
        except Refused:
            served = False
        assert served is ok, ref
