"""Places of the sources in the page: file:line:col for every finding and section, and,
with --editor-url, links that open them in the writer's editor (preview/links.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier import api
from dossier.cli import app
from dossier.core.ids import Doc
from dossier.preview.links import Linker, pattern_problem
from dossier.preview.state import Builder, anchor_of

VSCODE = "vscode://file/{path}:{line}:{col}"


@pytest.mark.parametrize(
    "pattern",
    [
        "javascript:alert(1)//{path}",
        "JavaScript:x{path}",
        "data:text/html,{path}",
        "https://example.org/open?f={path}",
        "http://127.0.0.1:63342/api/file/{path}",
        "vscode://file/",  # no {path}
        "{path}:{line}",  # no scheme
        'vscode://file/{path}" onclick="x',
    ],
)
def test_patterns_that_are_not_an_editors_are_refused(pattern: str) -> None:
    assert pattern_problem(pattern) is not None


@pytest.mark.parametrize(
    "pattern", [VSCODE, "idea://open?file={path}&line={line}", "subl://open?url=file://{path}"]
)
def test_editor_patterns_are_accepted(pattern: str) -> None:
    assert pattern_problem(pattern) is None


def test_links_only_to_files_inside_the_dossier(tmp_path: Path) -> None:
    root = tmp_path / "my dossier"
    (root / "text").mkdir(parents=True)
    (root / "text" / "history.md").write_text("x")
    (tmp_path / "secret.txt").write_text("x")
    (root / "text" / "link.md").symlink_to(tmp_path / "secret.txt")
    links = Linker(root, VSCODE)
    inside = (root / "text" / "history.md").resolve().as_posix().replace(" ", "%20")
    assert links.url("text/history.md", 12, 3) == f"vscode://file/{inside}:12:3"
    assert links.url("text/history.md", None, None) == f"vscode://file/{inside}:1:1"
    assert links.url("../secret.txt", 1, 1) == ""
    assert links.url(str(tmp_path / "secret.txt"), 1, 1) == ""
    assert links.url("text/link.md", 1, 1) == ""  # a link out of the folder
    assert links.url("text/missing.md", 1, 1) == ""
    assert links.url("text", 1, 1) == ""  # a folder
    assert Linker(root, None).url("text/history.md", 1, 1) == ""
    assert Linker(root, None).place("text/history.md", 4, 2) == {
        "where": "text/history.md:4:2",
        "url": "",
    }


def test_findings_and_sections_carry_their_places_and_links(dossier_copy: Path) -> None:
    def checked() -> api.CheckResult:
        return api.check(dossier_copy, docs=(Doc.NOMINATION,))

    b = Builder(dossier_copy, checked, ("nomination",), None, "draft", VSCODE)
    snap = b.rebuild()
    root = dossier_copy.resolve().as_posix()
    located = [f for f in snap.findings if f["file"]]
    assert located, "the minimal dossier has findings with a place"
    for f in located:
        assert f["url"] == f"vscode://file/{root}/{f['file']}:{f['line'] or 1}:{f['col'] or 1}"
    sources = b.views["nomination"].sources
    assert sources[anchor_of("2.b")][0] == {
        "where": "text/history.md:1:1",
        "url": f"vscode://file/{root}/text/history.md:1:1",
    }
    yaml_places = [p["where"] for places in sources.values() for p in places]
    assert any(w.startswith("parts/identification.yaml:") for w in yaml_places)
    plain = Builder(dossier_copy, checked, ("nomination",), None, "draft")
    plain.rebuild()
    assert plain.views["nomination"].sources[anchor_of("2.b")][0]["url"] == ""


def test_the_command_refuses_a_web_address_as_editor(dossier_copy: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["preview", str(dossier_copy), "--no-open", "--editor-url", "https://x.org/{path}"],
    )
    assert result.exit_code == 2
    assert "never on the web" in result.stderr
