"""Golden files and case expectations under review: a change is always shown as a diff,
and written only when asked twice (``pytest --update-golden --yes``)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Diffs of the golden files changed (or that would change) in this session, printed last.
CHANGES: list[tuple[str, str]] = []


def _diff(old: str | None, new: str, rel: str, limit: int | None = None) -> str:
    lines = list(
        difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile="/dev/null" if old is None else f"a/{rel}",
            tofile=f"b/{rel}",
        )
    )
    if limit is not None and len(lines) > limit:
        lines = [*lines[:limit], f"... ({len(lines) - limit} more diff lines)\n"]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def compare(config: pytest.Config, path: Path, actual: str) -> None:
    """Compare ``actual`` with a golden file. Under --update-golden, print the diff and
    write it only with --yes: a change to an expected output is always shown."""
    rel = path.relative_to(ROOT).as_posix()
    expected = path.read_text(encoding="utf-8") if path.exists() else None
    if expected == actual:
        return
    if not config.getoption("--update-golden"):
        if expected is None:
            pytest.fail(
                f"golden file {rel} is missing; `pytest --update-golden` prints it, "
                "`pytest --update-golden --yes` writes it"
            )
        pytest.fail(
            f"output differs from {rel}:\n{_diff(expected, actual, rel, 120)}"
            "If the change is intended: `pytest --update-golden` prints the whole diff, "
            "`pytest --update-golden --yes` writes it."
        )
    written = bool(config.getoption("--yes"))
    CHANGES.append(
        (f"{rel} ({'written' if written else 'NOT written'})", _diff(expected, actual, rel))
    )
    if not written:
        pytest.fail(f"{rel} would change (diff printed at the end); nothing written without --yes")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(actual, encoding="utf-8")
