"""Golden files under review: every one is read by a test, and none changes unseen."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import goldens
import pytest

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden"
CASES = TESTS / "cases"


def _golden_names() -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """(golden file name -> the tests that pass it to the `golden` fixture, folder -> the
    test names of the file that writes one golden per test: golden(f"folder/{name}"))."""
    out: dict[str, list[str]] = {}
    per_test: dict[str, set[str]] = {}
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tests = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "golden"
                and node.args
            ):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                where = f"{path.relative_to(TESTS).as_posix()}:{node.lineno}"
                out.setdefault(arg.value, []).append(where)
            elif (
                isinstance(arg, ast.JoinedStr)
                and isinstance(arg.values[0], ast.Constant)
                and "/" in str(arg.values[0].value)
            ):
                folder = str(arg.values[0].value).rpartition("/")[0] + "/"
                per_test.setdefault(folder, set()).update(tests)
    return out, per_test


def test_every_golden_file_is_read_by_a_test() -> None:
    named, per_test = _golden_names()
    files = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())

    def read(f: str) -> bool:
        folder, _, stem = f.rpartition("/")
        tests = per_test.get(folder + "/", set())
        return f in named or re.split(r"[^A-Za-z0-9_]", stem, maxsplit=1)[0] in tests

    unread = [f for f in files if not read(f)]
    assert not unread, (
        "golden files that no test reads (a test calls golden('<name>', text) with the name "
        f"as a literal); delete them or test them: {unread}"
    )
    missing = {n: w for n, w in named.items() if not (GOLDEN / n).is_file()}
    assert not missing, f"tests name golden files that do not exist: {missing}"


def test_every_invalid_case_has_its_expectation() -> None:
    """tests/test_cases.py reads expected.txt of every folder under tests/cases/invalid."""
    folders = [p for p in (CASES / "invalid").iterdir() if p.is_dir()]
    assert folders
    assert [p.name for p in folders if not (p / "expected.txt").is_file()] == []
    stray = sorted(
        p.relative_to(CASES).as_posix()
        for p in CASES.rglob("expected.txt")
        if p.parent.parent != CASES / "invalid"
    )
    assert stray == [], f"expected.txt files that no test reads: {stray}"


class _Config:
    def __init__(self, update: bool, yes: bool) -> None:
        self.options = {"--update-golden": update, "--yes": yes}

    def getoption(self, name: str) -> bool:
        return self.options[name]


@pytest.fixture
def gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(goldens, "ROOT", tmp_path)
    monkeypatch.setattr(goldens, "CHANGES", [])
    path = tmp_path / "golden" / "out.txt"
    path.parent.mkdir()
    path.write_text("one\ntwo\nthree\n", encoding="utf-8")
    return path


def test_a_difference_fails_with_its_diff(gold: Path) -> None:
    with pytest.raises(pytest.fail.Exception) as err:
        goldens.compare(_Config(False, False), gold, "one\n2\nthree\n")
    assert "-two\n+2\n" in str(err.value) and "--update-golden --yes" in str(err.value)
    assert gold.read_text(encoding="utf-8") == "one\ntwo\nthree\n"
    goldens.compare(_Config(False, False), gold, "one\ntwo\nthree\n")


def test_update_prints_the_diff_and_writes_nothing_without_yes(gold: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="nothing written without --yes"):
        goldens.compare(_Config(True, False), gold, "one\n2\nthree\n")
    assert gold.read_text(encoding="utf-8") == "one\ntwo\nthree\n"
    [(title, diff)] = goldens.CHANGES
    assert title == "golden/out.txt (NOT written)"
    assert diff.splitlines() == [
        "--- a/golden/out.txt",
        "+++ b/golden/out.txt",
        "@@ -1,3 +1,3 @@",
        " one",
        "-two",
        "+2",
        " three",
    ]


def test_update_with_yes_writes_what_it_printed(gold: Path) -> None:
    goldens.compare(_Config(True, True), gold, "one\n2\nthree\n")
    assert gold.read_text(encoding="utf-8") == "one\n2\nthree\n"
    assert [t for t, _ in goldens.CHANGES] == ["golden/out.txt (written)"]
    new = gold.parent / "new.txt"
    goldens.compare(_Config(True, True), new, "fresh\n")
    assert new.read_text(encoding="utf-8") == "fresh\n"
    assert goldens.CHANGES[-1][1].startswith("--- /dev/null\n+++ b/golden/new.txt\n")
    with pytest.raises(pytest.fail.Exception, match="is missing"):
        goldens.compare(_Config(False, False), gold.parent / "absent.txt", "x\n")
