"""What the preview may listen on and what a request may read (preview/safety.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dossier.preview import safety


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_addresses_may_be_bound(host: str) -> None:
    assert safety.bind_refusal(host, allow_remote=False) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "", "192.168.1.10", "::", "example.org"])
def test_other_addresses_are_refused_and_the_reason_is_given(host: str) -> None:
    why = safety.bind_refusal(host, allow_remote=False)
    assert why is not None
    assert "without a password" in why and "--allow-remote" in why
    assert safety.bind_refusal(host, allow_remote=True) is None


def test_requests_must_name_this_computer_and_port() -> None:
    assert safety.host_allowed("127.0.0.1:8765", 8765, allow_remote=False)
    assert safety.host_allowed("localhost:8765", 8765, allow_remote=False)
    assert safety.host_allowed("[::1]:8765", 8765, allow_remote=False)
    # A name pointed at 127.0.0.1 by another site (DNS rebinding), another port, none.
    assert not safety.host_allowed("attacker.example:8765", 8765, allow_remote=False)
    assert not safety.host_allowed("127.0.0.1:9999", 8765, allow_remote=False)
    assert not safety.host_allowed("127.0.0.1", 8765, allow_remote=False)
    assert not safety.host_allowed(None, 8765, allow_remote=False)
    assert safety.host_allowed("my-laptop.local:8765", 8765, allow_remote=True)


DOCS = ("nomination", "tentative-list")


@pytest.mark.parametrize(
    ("path", "kind", "arg"),
    [
        ("/", "page", "nomination"),
        ("/index.html?x=1", "page", "nomination"),
        ("/tentative-list", "page", "tentative-list"),
        ("/preliminary-assessment", "none", ""),
        ("/_preview/preview.js", "asset", "preview.js"),
        ("/_preview/other.js", "none", ""),
        ("/_preview/events", "events", ""),
        ("/files/parts/summary.yaml", "file", "parts/summary.yaml"),
        ("/files/..%2F..%2Fetc%2Fpasswd", "file", "../../etc/passwd"),
        ("/files/%ff", "none", ""),
        ("/etc/passwd", "none", ""),
        ("/favicon.ico", "none", ""),
    ],
)
def test_routes(path: str, kind: str, arg: str) -> None:
    target = safety.route(path, DOCS)
    assert (target.kind, target.arg) == (kind, arg)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "dossier"
    (root / "parts").mkdir(parents=True)
    (root / "parts" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "media").mkdir()
    (root / "media" / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "media" / "d.svg").write_text("<svg/>", encoding="utf-8")
    (root / "data.bin").write_bytes(b"\0")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (root / ".env").write_text("SECRET=1\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside\n", encoding="utf-8")
    return root


def test_files_inside_are_served_with_a_safe_type(folder: Path) -> None:
    found = safety.dossier_file(folder, "parts/a.yaml")
    assert found is not None and found[0].read_text() == "a: 1\n"
    assert found[1].startswith("text/plain")
    assert safety.dossier_file(folder, "media/p.png") == (
        (folder / "media" / "p.png").resolve(),
        "image/png",
    )
    assert safety.dossier_file(folder, "data.bin") == (
        (folder / "data.bin").resolve(),
        safety.DOWNLOAD_TYPE,
    )


@pytest.mark.parametrize(
    "rel",
    [
        "../secret.txt",
        "parts/../../secret.txt",
        "/etc/passwd",
        "//host/share",
        "file:///etc/passwd",
        "parts",  # a folder: never a listing
        "parts/",
        "",
        "missing.yaml",
        ".git/config",
        ".env",
        "parts/.hidden",
        "parts\\a.yaml",
        "parts//a.yaml",
        "a\x00b",
    ],
)
def test_everything_else_is_refused(folder: Path, rel: str) -> None:
    assert safety.dossier_file(folder, rel) is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_out_of_the_folder_is_refused(folder: Path) -> None:
    (folder / "parts" / "out.yaml").symlink_to(folder.parent / "secret.txt")
    (folder / "inside.yaml").symlink_to(folder / "parts" / "a.yaml")
    assert safety.dossier_file(folder, "parts/out.yaml") is None
    assert safety.dossier_file(folder, "inside.yaml") is not None
