"""Shared fixtures: golden files, dossier copies, CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

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
        "--update-golden", action="store_true", help="Rewrite golden files from the current output."
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """golden("html/minimal.html", text): compare with tests/golden/<name>, or rewrite it."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            if not update:
                pytest.fail(
                    f"golden file {path} is missing; run pytest --update-golden and review it"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, (
            f"output differs from {path}; review and run pytest --update-golden"
        )

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
