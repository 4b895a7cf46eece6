"""Stages (draft: missing content warns; submission: it fails), documents, and the example."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier import api
from dossier.cli import app
from dossier.core.diagnostics import Severity
from dossier.validate import rulebook

from .conftest import EXAMPLE, Dossier


def test_missing_content_warns_in_a_draft_and_fails_at_submission(dossier: Dossier) -> None:
    with dossier.edit("monitoring") as mon:
        del mon["indicators"][0]["periodicity"]
    draft = dossier.check("draft")
    [d] = [d for d in draft.diagnostics if d.rule == "monitoring.indicator-periodicity"]
    assert d.severity is Severity.WARNING
    assert not draft.failed()
    assert draft.failed(strict=True)
    submission = dossier.check("submission")
    [d] = [d for d in submission.diagnostics if d.rule == "monitoring.indicator-periodicity"]
    assert d.severity is Severity.ERROR
    assert submission.failed()


def test_missing_authenticity_while_iii_is_claimed_fails(dossier: Dossier) -> None:
    with dossier.edit("justification") as j:
        del j["authenticity"]
    result = dossier.check("submission")
    assert result.failed()
    [d] = [d for d in result.diagnostics if d.rule == "ouv.authenticity-missing"]
    assert (d.location.file, d.location.line) == dossier.line("justification", r"criterion: iii")
    assert "(iii)" in d.message and "3.1.d" in d.message


def test_mixed_property_with_only_cultural_criteria_fails_at_its_category(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        m["property"]["category"] = "mixed"
        m["printed_copies"] = 3
    result = dossier.check("draft")  # a contradiction is an error at every stage
    assert result.failed()
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert [(d.rule, d.location.file, d.location.line) for d in errors if d.location] == [
        ("criteria.category-mismatch", *dossier.line("dossier", r"^  category: mixed"))
    ]
    assert "no natural (vii)-(x) criterion" in errors[0].message


def test_cli_exit_codes_follow_the_stage(dossier: Dossier) -> None:
    with dossier.edit("justification") as j:
        del j["authenticity"]
    runner = CliRunner()
    draft = runner.invoke(app, ["check", str(dossier.root)])
    assert draft.exit_code == 0, draft.output
    submission = runner.invoke(app, ["check", str(dossier.root), "--stage", "submission"])
    assert submission.exit_code == 1
    assert "error[ouv.authenticity-missing]" in submission.output


@pytest.mark.parametrize("doc", ["preliminary-assessment", "tentative-list"])
def test_only_rules_of_the_requested_documents_run(dossier: Dossier, doc: str) -> None:
    # Break something every document cares about, and things only the nomination needs.
    with dossier.edit("monitoring") as mon:
        del mon["indicators"][0]["periodicity"]
    with dossier.edit("protection") as prot:
        prot["management_plan"]["status"] = "draft"
    with dossier.edit("justification") as j:
        j["integrity"] = ""
        j["souv"]["integrity"] = ""  # the Tentative List prints this one
    result = dossier.check("submission", (doc,))
    rules = {d.rule for d in result.diagnostics if rulebook.known(d.rule)}
    assert "ouv.integrity-missing" in rules
    assert "monitoring.indicator-periodicity" not in rules
    assert "protection.management-plan-draft" not in rules
    for rule in rules:
        assert doc in rulebook.get(rule).documents, rule


def test_every_rule_runs_for_the_nomination_only_when_asked(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        del m["dates"]["planned_submission"]
    assert dossier.findings("timetable.submission-date-missing", docs=("nomination",))
    assert not dossier.findings(
        "timetable.submission-date-missing", docs=("preliminary-assessment",)
    )
    both = dossier.findings(
        "timetable.submission-date-missing", docs=("nomination", "preliminary-assessment")
    )
    assert len(both) == 1


def test_the_example_passes_a_draft_check(tmp_path: Path) -> None:
    if not (EXAMPLE / "dossier.yaml").is_file():
        pytest.skip("examples/ustyurt is not there yet")
    root = tmp_path / "ustyurt"
    shutil.copytree(EXAMPLE, root)
    result = api.check(root, docs=(api.Doc.NOMINATION,), stage=api.Stage.DRAFT)
    errors = [
        f"{d.location}: {d.rule}: {d.message}"
        for d in result.diagnostics
        if d.severity is Severity.ERROR
    ]
    assert errors == []
