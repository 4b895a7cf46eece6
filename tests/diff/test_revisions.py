"""dossier diff FOLDER --from REV [--to REV]: revisions read with git's plumbing into a
private temporary folder; the working tree, the index and the stash are left as they were."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pairs
import pytest
from typer.testing import CliRunner

from dossier import api
from dossier.cli import app

runner = CliRunner()
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose dossier (in dossiers/ts) has tags v1 and v2, an uncommitted
    change in the working tree and a staged change in the index."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README").write_text("before the dossier\n", encoding="utf-8")
    git(root, "add", "README")
    git(root, "commit", "-q", "-m", "start")
    git(root, "tag", "v0")
    folder = pairs.base(root / "dossiers" / "ts")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first draft")
    git(root, "tag", "v1")
    pairs.add_criterion(folder)
    pairs.rewrite_paragraph(folder)
    git(root, "commit", "-q", "-am", "second draft")
    git(root, "tag", "v2")
    pairs.add_citation(folder)  # not committed
    pairs.state_area(folder, 557)
    git(root, "add", "dossiers/ts/parts/identification.yaml")  # staged
    return root, folder


def _state(root: Path) -> tuple[str, str, str, str]:
    return (
        git(root, "status", "--porcelain=v1", "-uall"),
        git(root, "diff"),
        git(root, "diff", "--cached"),
        git(root, "stash", "list"),
    )


def _what(result: api.DiffResult) -> set[tuple[str, str, str]]:
    assert result.report is not None, result.problems
    return {(c.kind, c.op, c.what) for c in result.report.changes}


def test_two_revisions(repo: tuple[Path, Path]) -> None:
    root, folder = repo
    before = _state(root)
    result = api.diff(api.DiffSide(folder, "v1"), api.DiffSide(folder, "v2"))
    assert _what(result) == {("data", "added", "criterion"), ("prose", "changed", "paragraph")}
    commit = git(root, "rev-parse", "v1^{commit}").strip()
    assert result.old_label == f"v1 ({commit[:10]})"
    assert _state(root) == before


def test_a_revision_and_the_working_tree(repo: tuple[Path, Path]) -> None:
    """Without --to, the folder as it is now: uncommitted and staged changes included."""
    root, folder = repo
    before = _state(root)
    result = runner.invoke(app, ["diff", str(folder), "--from", "v2", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["old"]["kind"] == "revision"
    assert body["old"]["revision"] == git(root, "rev-parse", "v2^{commit}").strip()
    assert body["old"]["path"] is None
    assert body["new"] == {"label": str(folder), "kind": "folder", "path": str(folder),
                           "revision": None}  # fmt: skip
    summaries = [c["summary"] for s in body["sections"] for c in s["changes"]]
    assert summaries == [
        "component part 001: stated area (ha): 557 added",
        "paragraph changed; citation added: @roe2023",
    ]
    assert _state(root) == before


def test_bad_revisions_are_usage_errors(repo: tuple[Path, Path], tmp_path: Path) -> None:
    _root, folder = repo
    for args, message in (
        (["--from", "no-such-tag"], "unknown revision 'no-such-tag'"),
        (["--from", "v0"], "has no files at revision 'v0'"),  # before the dossier existed
        (["--from", "--upload-pack=x"], "is not a revision name"),
        (["--from", "v1", "--to", "nope"], "unknown revision 'nope'"),
    ):
        result = runner.invoke(app, ["diff", str(folder), *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr
    outside = pairs.base(tmp_path / "elsewhere")
    result = runner.invoke(app, ["diff", str(outside), "--from", "v1"])
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr


def test_the_temporary_copy_is_removed(repo: tuple[Path, Path]) -> None:
    from dossier.diff import sides

    _root, folder = repo
    with sides.open_side(sides.SideSpec(folder, "v1")) as side:
        copy = side.root
        assert (copy / "dossier.yaml").is_file() and copy != folder
        assert not (copy / "parts" / "justification.yaml").read_text().count("criterion: iv")
    assert not copy.exists()


def test_redline_html_from_a_revision(repo: tuple[Path, Path], tmp_path: Path) -> None:
    _root, folder = repo
    out = tmp_path / "out"
    result = api.build(
        folder,
        api.BuildOptions(formats=(api.Format.HTML,), out_dir=out, redline_from="v1"),
    )
    assert [p.name for p in result.outputs] == ["nomination-en-redline.html"]
    html = (out / "nomination-en-redline.html").read_text(encoding="utf-8")
    assert "Changes marked against: v1 (" in html
    assert "<del>the</del>" in html and "<ins>a new</ins>" in html
