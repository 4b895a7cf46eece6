"""Helpers for the hostile-input tests: folder snapshots and the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

DOSSIER = [sys.executable, "-m", "dossier"]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry under ``folder`` (hidden ones too) with its bytes (None for folders)."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`dossier ARGS` in a new process (real exit code, real signals)."""
    return subprocess.run(
        [*DOSSIER, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(*args: str) -> Ran:
    """`dossier ARGS` in this process (fast); an exception that escapes the command is a
    bug (it would be exit 3) and fails the test."""
    from typer.testing import CliRunner

    from dossier.cli import app

    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"dossier {' '.join(args)} raised {result.exception!r}")
    return Ran(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def installed_handlers() -> object:
    """dossier's SIGINT/SIGTERM handlers in this process, removed after the test."""
    from dossier.core import interrupt

    uninstall = interrupt.install()
    yield interrupt
    uninstall()
