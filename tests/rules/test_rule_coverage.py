"""Every id of the catalogue is named by a failing test and by a passing test.

A test names an id in one of these ways:

* failing (the test asserts the finding is reported):
  ``@pytest.mark.reports("geo.crs")`` on the test (or in ``pytest.param(..., marks=...)``),
  a ``Case`` with expected places in CASES of tests/rules/test_rules.py, an ``Edit`` in
  EDITS of tests/rules/test_source_findings.py, or a line
  ``error[geo.crs]`` in a case folder's tests/cases/invalid/*/expected.txt;
* passing (the test asserts it is not reported where the sources are right):
  ``@pytest.mark.accepts("geo.crs")``, a ``Case`` in PASSING of test_rules.py, or
  test_rules.py::test_complete_dossier_reports_nothing[<id>] (every id `dossier check`
  reports: the complete dossier reports none of them at either stage).

The markers are read from the test files without running them, so this test alone tells
what is missing.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dossier.core import catalogue

from .test_rules import CASES, CHECK_IDS, PASSING
from .test_source_findings import EDITS

TESTS = Path(__file__).resolve().parents[1]
# Ids that no test can trigger, each with the reason. Keep it short; review every entry.
CANNOT_FAIL_IN_A_TEST: dict[str, str] = {
    "schema.key": "jsonschema reports a bad key by the keyword inside propertyNames (enum, "
    "pattern), never as propertyNames: validate/schema.py never sees it",
    "schema.max-length": "no shipped schema has maxLength",
    "schema.invalid": "the fallback for a JSON Schema keyword that has no id of its own; "
    "every keyword the shipped schemas use has one",
}
CASE_ID = re.compile(r"\b(?:error|warning|note)\[([^\]\s]+)\]")


def _marked() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(reports, accepts): id -> the test files and lines whose markers name it."""
    found: dict[str, dict[str, list[str]]] = {"reports": {}, "accepts": {}}
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in found
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "mark"
            ):
                continue
            for arg in node.args:
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    continue  # a table's ids (EDITS below) are read from the table
                where = f"{path.relative_to(TESTS).as_posix()}:{node.lineno}"
                found[node.func.attr].setdefault(arg.value, []).append(where)
    return found["reports"], found["accepts"]


def _evidence() -> tuple[set[str], set[str], set[str]]:
    """(ids with a failing test, ids with a passing test, ids named that are unknown)."""
    reports, accepts = _marked()
    failing = set(reports) | {c.rule for c in CASES if c.where} | {e.rule for e in EDITS}
    for expected in (TESTS / "cases" / "invalid").glob("*/expected.txt"):
        failing |= set(CASE_ID.findall(expected.read_text(encoding="utf-8")))
    passing = set(accepts) | {c.rule for c in PASSING} | set(CHECK_IDS)
    unknown = {i for i in (*reports, *accepts) if not catalogue.known(i)}
    return failing, passing, unknown


def test_every_catalogued_id_has_a_failing_and_a_passing_test() -> None:
    failing, passing, unknown = _evidence()
    assert not unknown, f"markers name ids that are not in the catalogue: {sorted(unknown)}"
    problems = []
    for r in catalogue.rules():
        lacks = []
        if r.id not in failing and r.id not in CANNOT_FAIL_IN_A_TEST:
            lacks.append(
                f'no failing test: mark a test that asserts the finding with @pytest.mark.reports("{r.id}")'
            )
        if r.id not in passing:
            lacks.append(
                "no passing test: mark a test that asserts it is not reported on right sources "
                f'with @pytest.mark.accepts("{r.id}")'
            )
        problems += [f"{r.id}: {what}" for what in lacks]
    assert not problems, (
        f"{len(problems)} gaps in the tests of the catalogue (templates/rules/catalogue.yaml):\n  "
        + "\n  ".join(problems)
    )


def test_the_allow_list_stays_honest() -> None:
    """An id that some test does report no longer belongs in the allow-list."""
    failing, _, _ = _evidence()
    assert all(catalogue.known(i) for i in CANNOT_FAIL_IN_A_TEST)
    assert all(reason.strip() for reason in CANNOT_FAIL_IN_A_TEST.values())
    assert sorted(set(CANNOT_FAIL_IN_A_TEST) & failing) == []
