"""The pre-commit hook of .pre-commit-hooks.yaml, run by pre-commit itself (`try-repo`
against this working tree) in a repository whose dossier lies in a subfolder.

pre-commit installs the hook's environment from the package index (dossier's
dependencies), so the first run takes a minute or two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli import app

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            "dossier-check",
            "--all-files",
            "--verbose",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
    )


def test_the_hook_finds_a_dossier_in_a_subfolder(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "test")
    made = CliRunner().invoke(app, ["init", str(repo / "sub" / "my-dossier"), "-s", "FR"])
    assert made.exit_code == 0, made.output
    (repo / "notes.md").write_text("Not a dossier.\n", encoding="utf-8")
    _git(repo, "add", "-A")
    home = tmp_path / "pre-commit-home"

    ok = _try_repo(repo, home)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "sub/my-dossier: 0 error(s)" in ok.stdout, ok.stdout
    assert (
        "sub/my-dossier/parts/2-description.yaml:5:14: warning[todo.not-yet-written]" in ok.stdout
    )

    part = repo / "sub" / "my-dossier" / "parts" / "2-description.yaml"
    part.write_text(part.read_text(encoding="utf-8") + "histroy: typo\n", encoding="utf-8")
    _git(repo, "add", "-A")
    bad = _try_repo(repo, home)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "sub/my-dossier/parts/2-description.yaml:7:1: error[schema.unknown-field]" in bad.stdout

    shutil.rmtree(repo / "sub")
    _git(repo, "add", "-A")
    none = _try_repo(repo, home)
    assert none.returncode != 0
    assert "no dossier.yaml found" in none.stdout + none.stderr
