"""Shared fixtures: golden files, dossier copies, CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import goldens
import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
EXAMPLE = ROOT / "examples" / "ustyurt"
GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test has a cache of findings of its own: results never depend on the order of
    the tests, and the user's cache is never read or written."""
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path_factory.mktemp("dossier-cache")))
    monkeypatch.delenv("DOSSIER_NO_CACHE", raising=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Print a unified diff of every golden file and case expected.txt that the "
        "current output would change; nothing is written without --yes.",
    )
    parser.addoption(
        "--yes",
        action="store_true",
        help="With --update-golden: write the changes it prints.",
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for title, diff in goldens.CHANGES:
        terminalreporter.section(f"golden change: {title}")
        terminalreporter.write(diff)


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """golden("html/minimal.html", text): compare with tests/golden/<name> (see
    goldens.compare); tests/test_goldens.py checks that every golden file is named here."""

    def check(name: str, actual: str) -> None:
        goldens.compare(request.config, GOLDEN / name, actual)

    return check


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A private copy of the minimal valid dossier, safe to mutate."""
    dst = tmp_path / "minimal"
    shutil.copytree(CASES / "valid" / "minimal", dst)
    return dst


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "ustyurt"
    shutil.copytree(EXAMPLE, dst)
    return dst
