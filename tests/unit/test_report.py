from __future__ import annotations

import json

from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.report.findings import format_json, format_sarif, format_text, summary

DIAGS = [
    Diagnostic(
        "schema.enum",
        Severity.ERROR,
        "'xi' is not accepted",
        Location("parts/3.yaml", 7, 9),
        "Use one of: i, ii.",
    ),
    Diagnostic(
        "monitoring.periodicity",
        Severity.WARNING,
        "no periodicity",
        Location("parts/6.yaml", 2, 5),
        None,
        suppressed="Set after the 2026 survey.",
    ),
    Diagnostic("ouv.argument", Severity.CHECKLIST, "judge the argument", Location("a.yaml", 1, 1)),
]


def test_text_format_is_compiler_style_errors_first() -> None:
    assert format_text(DIAGS).splitlines() == [
        "parts/3.yaml:7:9: error[schema.enum]: 'xi' is not accepted",
        "    hint: Use one of: i, ii.",
        "parts/6.yaml:2:5: suppressed warning[monitoring.periodicity]: no periodicity",
        "    reason given: Set after the 2026 survey.",
        "a.yaml:1:1: checklist[ouv.argument]: judge the argument",
    ]
    assert (
        summary(DIAGS)
        == "1 error(s), 0 warning(s), 1 checklist item(s) for human review, 1 suppressed"
    )


def test_json_structure_is_stable() -> None:
    doc = json.loads(format_json(DIAGS, valid=False))
    assert doc["format"] == 1 and doc["valid"] is False
    assert doc["counts"] == {"error": 1, "warning": 0, "checklist": 1, "note": 0, "suppressed": 1}
    first = doc["diagnostics"][0]  # errors first
    assert first == {
        "rule": "schema.enum",
        "severity": "error",
        "message": "'xi' is not accepted",
        "hint": "Use one of: i, ii.",
        "file": "parts/3.yaml",
        "line": 7,
        "column": 9,
        "detail": None,
        "suppressed": None,
    }


def test_sarif_is_2_1_0_with_regions_and_suppressions() -> None:
    doc = json.loads(format_sarif(DIAGS))
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(rules)
    res = {r["ruleId"]: r for r in run["results"]}
    loc = res["schema.enum"]["locations"][0]["physicalLocation"]
    assert loc == {
        "artifactLocation": {"uri": "parts/3.yaml"},
        "region": {"startLine": 7, "startColumn": 9},
    }
    assert res["schema.enum"]["level"] == "error"
    assert res["ouv.argument"]["level"] == "note"
    assert (
        res["monitoring.periodicity"]["suppressions"][0]["justification"]
        == "Set after the 2026 survey."
    )
    for r in run["results"]:
        assert rules[r["ruleIndex"]] == r["ruleId"]


def test_notes_are_counted_and_fail_nothing() -> None:
    note = Diagnostic(
        "geo.stated-figures-differ", Severity.NOTE, "printed as computed", Location("p.yaml", 3, 1)
    )
    assert format_text([note]) == "p.yaml:3:1: note[geo.stated-figures-differ]: printed as computed"
    assert summary([*DIAGS, note]).startswith("1 error(s), 0 warning(s), 1 note(s), ")
    assert json.loads(format_json([note], valid=True))["counts"]["note"] == 1
    assert json.loads(format_sarif([note]))["runs"][0]["results"][0]["level"] == "note"


def test_text_lists_errors_then_warnings_notes_and_checklist_items() -> None:
    from dossier.core.diagnostics import Location

    diags = [
        Diagnostic("a.check", Severity.CHECKLIST, "judge", Location("a.yaml", 1, 1)),
        Diagnostic("a.note", Severity.NOTE, "note", Location("a.yaml", 2, 1)),
        Diagnostic("a.warn", Severity.WARNING, "warn", Location("a.yaml", 3, 1)),
        Diagnostic("b.err", Severity.ERROR, "late error", Location("z.yaml", 9, 1)),
        Diagnostic("a.err", Severity.ERROR, "early error", Location("a.yaml", 4, 1)),
    ]
    lines = format_text(diags, hints=False).splitlines()
    assert [line.split("[")[1].split("]")[0] for line in lines] == [
        "a.err",
        "b.err",
        "a.warn",
        "a.note",
        "a.check",
    ]


def test_paths_named_from_the_current_folder_and_suppressed_only_counted() -> None:
    from dossier.report.findings import from_here

    shown = from_here(DIAGS, "my-dossier")
    text = format_text(shown, hints=False, suppressed=False)
    assert text.startswith("my-dossier/parts/")
    assert "suppressed" not in text
    assert "suppressed (--show-suppressed lists them)" in summary(shown, listed=False)
    assert from_here(DIAGS, "") == list(DIAGS)
