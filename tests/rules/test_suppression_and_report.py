"""Justified suppressions silence exactly one finding; the completeness report lists them."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from dossier.cli import app
from dossier.report import completeness
from dossier.report import findings as report

from .conftest import Dossier

# Written by hand, indented the way authors write lists, so that entry spans are tested.
MONITORING = """\
indicators:
  - id: erosion
    indicator: Rampart erosion
    attributes: [ramparts]
    responsible: Heritage service
    records: Heritage service archive
  - id: visitors
    indicator: Number of visitors
    attributes: [ramparts]
    responsible: Heritage service
    records: Ticket office
arrangements: The heritage service monitors the property.
previous_reports: None; this is a new nomination.
"""
REASON = "Erosion is measured after every storm, not on a fixed schedule."


def _suppress(d: Dossier, rule: str, at: str, reason: str = REASON) -> None:
    with d.edit("dossier") as m:
        m["suppressions"] = [{"rule": rule, "at": at, "reason": reason}]


def test_a_suppression_silences_exactly_one_finding(dossier: Dossier) -> None:
    dossier.write(dossier.part("monitoring"), MONITORING)
    _suppress(dossier, "monitoring.indicator-periodicity", "monitoring.indicators[0]")
    result = dossier.check("submission")
    found = [d for d in result.diagnostics if d.rule == "monitoring.indicator-periodicity"]
    assert [(d.location.line, d.suppressed) for d in found if d.location] == [
        (2, REASON),
        (7, None),
    ]
    assert result.failed()  # the second indicator still fails
    text = report.format_text(result.diagnostics)
    assert f"reason given: {REASON}" in text
    assert "1 suppressed" in report.summary(result.diagnostics)


def test_a_suppression_only_silences_its_own_rule(dossier: Dossier) -> None:
    dossier.write(
        dossier.part("monitoring"), MONITORING.replace("    attributes: [ramparts]\n", "", 1)
    )
    _suppress(dossier, "monitoring.indicator-periodicity", "monitoring.indicators[0]")
    result = dossier.check("draft")
    live = {
        (d.rule, d.location.line) for d in result.diagnostics if d.suppressed is None and d.location
    }
    assert ("monitoring.indicator-attributes", 2) in live


def test_the_completeness_report_lists_suppressions(dossier: Dossier) -> None:
    dossier.write(dossier.part("monitoring"), MONITORING)
    _suppress(dossier, "monitoring.indicator-periodicity", "monitoring.indicators[0]")
    result = dossier.check("draft")
    page = completeness.render_html(result, ("nomination",), "draft")
    suppressions = page.split("<h2>Justified suppressions</h2>")[1]
    assert "monitoring.indicator-periodicity" in suppressions
    assert REASON in suppressions
    assert "indicator &#39;erosion&#39;" in suppressions  # the silenced finding, escaped
    data = completeness.build_report(result, ("nomination",), "draft")
    [row] = data["suppressions"]
    assert row.at == "monitoring.indicators[0]" and len(row.silenced) == 1


def _row(data: dict[str, object], number: str) -> completeness.SectionRow:
    [block] = data["blocks"]  # type: ignore[misc]
    [row] = [r for r in block.rows if r.section.number == number]
    return row


def test_report_statuses_per_section(dossier: Dossier) -> None:
    with dossier.edit("protection") as prot:
        prot["finance"] = ""
        prot["management_plan"]["risk_preparedness"] = False
    with dossier.edit("conservation") as cons:
        cons["factors"]["disasters"] = {"not_applicable": "No natural hazard is known."}
    with dossier.edit("contacts") as c:
        c.pop("other_institutions", None)
    data = completeness.build_report(dossier.check("draft"), ("nomination",), "draft")
    assert _row(data, "5.f").status == "missing"
    assert _row(data, "5.e").status == "warning"
    assert _row(data, "3.1.b").status == "checklist"  # criteria always need a reviewer
    assert _row(data, "5.a").status == "complete"
    assert _row(data, "4.b (iii)").status == "not-applicable"
    assert _row(data, "4.b (iii)").note == "No natural hazard is known."
    assert _row(data, "8.c").status == "empty"
    assert _row(data, "5").status == "missing"  # a heading takes its worst subsection
    finance = _row(data, "5.f").findings[0].diag
    assert finance.rule == "section.missing"
    assert (finance.location.file, finance.location.line) == dossier.line(
        "protection", r"^finance:"
    )


def test_report_places_findings_in_their_section(dossier: Dossier) -> None:
    with dossier.edit("justification") as j:
        del j["authenticity"]
    data = completeness.build_report(dossier.check("submission"), ("nomination",), "submission")
    assert [f.diag.rule for f in _row(data, "3.1.d").findings] == ["ouv.authenticity-missing"]
    assert _row(data, "3.1.d").status == "missing"


def test_report_for_the_preliminary_assessment_uses_its_profile(dossier: Dossier) -> None:
    with dossier.edit("justification") as j:
        j["integrity"] = ""
    data = completeness.build_report(
        dossier.check("draft", ("preliminary-assessment",)), ("preliminary-assessment",), "draft"
    )
    row = _row(data, "7.a")  # Annex 3: preliminary statement of integrity
    assert [f.diag.rule for f in row.findings] == ["ouv.integrity-missing"]


def test_report_is_escaped_and_self_contained(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        m["property"]["name"] = "<script>alert(1)</script> & Fort"
    page = completeness.render_html(dossier.check("draft"), ("nomination",), "draft")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Fort" in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)
    assert page.startswith("<!DOCTYPE html>")


def test_cli_writes_the_html_report(dossier: Dossier) -> None:
    out = dossier.root.parent / "report.html"
    result = CliRunner().invoke(
        app, ["check", str(dossier.root), "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Completeness report" in page and "3.1.d" in page


def test_report_says_when_the_rules_could_not_run(dossier: Dossier) -> None:
    with dossier.edit("justification") as j:
        j["criteria"][0]["criterion"] = "xi"  # a schema error: the rules need valid sources
    data = completeness.build_report(dossier.check("draft"), ("nomination",), "draft")
    assert data["rules_ran"] is False
    page = completeness.render_html(dossier.check("draft"), ("nomination",), "draft")
    assert "The UNESCO rules did not run" in page
