"""Hostile paths in the sources: NUL characters, names too long for any file system,
symbolic link loops, a manifest that is a link out of the folder. Each is a located
diagnostic (exit 1), never an internal error, and nothing outside the folder is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier import api

from .conftest import cli

TARGETS = {
    "prose file": ("parts/description.yaml", "text/history.md"),
    "image": ("parts/documentation.yaml", "media/photo-1.png"),
    "boundary": ("parts/identification.yaml", "geo/property.geojson"),
}


def _point_to(dossier: Path, kind: str, new: str) -> str:
    part, old = TARGETS[kind]
    text = (dossier / part).read_text(encoding="utf-8")
    (dossier / part).write_text(text.replace(old, new, 1), encoding="utf-8")
    return part


def _findings(dossier: Path, rule: str) -> list[str]:
    return [
        f"{d.location}: {d.message}"
        for d in api.check(dossier).diagnostics
        if d.rule == rule and d.location is not None
    ]


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_a_nul_character_in_a_path(minimal: Path, kind: str) -> None:
    part = _point_to(minimal, kind, '"media/x\\0y.png"')  # YAML "\0" is a NUL character
    (found,) = _findings(minimal, "path.invalid")
    assert found.startswith(part) and "NUL character" in found and "<U+0000>" in found


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_a_name_longer_than_file_systems_allow(minimal: Path, kind: str) -> None:
    part = _point_to(minimal, kind, "media/" + "n" * 300 + ".png")
    (found,) = _findings(minimal, "path.invalid")
    assert found.startswith(part) and "longer than file systems allow" in found


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_a_symbolic_link_loop(minimal: Path, kind: str) -> None:
    _part, rel = TARGETS[kind]
    (minimal / rel).unlink()
    (minimal / rel).symlink_to(Path(rel).name)  # points at itself
    found = _findings(minimal, "path.invalid")
    assert found and all("link loop" in f for f in found)
    assert cli("check", str(minimal)).returncode == 1


def test_a_two_link_loop_through_a_folder(minimal: Path) -> None:
    (minimal / "a").symlink_to("b")
    (minimal / "b").symlink_to("a")
    _point_to(minimal, "image", "a/photo.png")
    (found,) = _findings(minimal, "path.invalid")
    assert "link loop" in found


@pytest.mark.parametrize("target", ["outside.yaml", "/etc/passwd"])
def test_a_manifest_that_links_out_of_the_folder_is_not_read(
    minimal: Path, tmp_path: Path, target: str
) -> None:
    outside = tmp_path / "outside.yaml"
    (minimal / "dossier.yaml").rename(outside)
    (minimal / "dossier.yaml").symlink_to(outside if target == "outside.yaml" else target)
    result = api.check(minimal)
    assert [(d.rule, str(d.location)) for d in result.diagnostics] == [
        ("path.outside", "dossier.yaml")
    ]
    assert result.src.data == {}  # nothing of the linked file was read
    ran = cli("check", str(minimal))
    assert ran.returncode == 1 and "root:" not in ran.stderr


def test_a_manifest_link_inside_the_folder_is_fine(minimal: Path) -> None:
    (minimal / "dossier.yaml").rename(minimal / "manifest.yaml")
    (minimal / "dossier.yaml").symlink_to("manifest.yaml")
    assert not api.check(minimal).failed()
