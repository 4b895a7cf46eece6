"""The rule catalogue, the `dossier rules` command, and the prose helper."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from dossier.cli import app
from dossier.core.diagnostics import Severity
from dossier.validate import registry as checks
from dossier.validate import rulebook
from dossier.validate.rulekit import count_words, text_info

from .conftest import Dossier


def test_unesco_rules_are_implemented_and_cite_the_guidelines() -> None:
    implemented = checks.implemented_rules()
    ids = [r.id for r in rulebook.RULES]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids)
    registered = {c.name for c in checks.all_checks()}
    for r in rulebook.RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+", r.id), r.id
        assert r.id in implemented and r.id in registered, r.id
        assert r.title and r.source and r.documents
        assert set(r.documents) <= set(rulebook.ALL_DOCS)
        assert re.search(r"OG para|Annex|guidance", r.source), r.id
    assert set(implemented) == set(ids)


def test_severity_by_stage() -> None:
    staged = rulebook.get("ouv.authenticity-missing")
    assert staged.severity("draft") is Severity.WARNING
    assert staged.severity("submission") is Severity.ERROR
    assert rulebook.get("criteria.category-mismatch").severity("draft") is Severity.ERROR
    assert rulebook.get("ouv.argument").severity("submission") is Severity.CHECKLIST
    assert rulebook.get("submission.illustrative-content").severity("draft") is None


def test_rules_command_lists_text_and_json() -> None:
    runner = CliRunner()
    text = runner.invoke(app, ["rules"])
    assert text.exit_code == 0
    assert re.search(
        r"^ouv\.authenticity-missing\s+error \(warning in draft\)\s+N,P,T\s+OG para\. 79",
        text.output,
        re.M,
    )
    assert f"{len(rulebook.all_rules())} rule(s)" in text.output
    out = runner.invoke(app, ["rules", "--format", "json", "--doc", "tentative-list"])
    assert out.exit_code == 0
    data = json.loads(out.output)
    assert data["format"] == 1
    assert all("tentative-list" in r["documents"] for r in data["rules"])
    first = data["rules"][0]
    assert set(first) == {
        "id",
        "severity",
        "severity_draft",
        "severity_submission",
        "title",
        "source",
        "documents",
        "kind",
        "section",
        "guidance",
        "group",
        "command",
        "varies",
    }
    kinds = {
        r["kind"] for r in json.loads(runner.invoke(app, ["rules", "-f", "json"]).output)["rules"]
    }
    assert kinds == {"machine", "checklist"}


def test_text_helper_reads_every_form_of_prose(dossier: Dossier) -> None:
    dossier.write("text/extra.md", "Two concentric ramparts [@smith2020, p. 3] and a ditch.\n")
    with dossier.edit("description") as desc:
        desc["description"] = {"file": "text/extra.md"}
        desc["history"] = {"fr": "Construit à l'âge du fer.", "en": "TODO"}
    with dossier.edit("protection") as prot:
        prot["plans"] = {"not_applicable": "There is no municipal plan."}
        prot["finance"] = "   "
    src = dossier.check().src
    described = text_info(src, ("description", "description"))
    assert described.present and described.words == 6  # the citation is not counted
    history = text_info(src, ("description", "history"))
    # The working language (en) only holds a placeholder: the section is still empty.
    assert not history.present and history.languages == ("fr", "en")
    plans = text_info(src, ("protection", "plans"))
    assert plans.state == "not_applicable" and plans.reason == "There is no municipal plan."
    assert (
        not plans.present and plans.addressed(optional=True) and not plans.addressed(optional=False)
    )
    assert not text_info(src, ("protection", "finance")).present
    assert not text_info(src, ("protection", "nothing", "here")).present


def test_word_count() -> None:
    assert count_words("An *Iron Age* fort, see [the map](http://x.invalid/a-b) @fig:map-1.") == 7
    assert count_words("<!-- note -->") == 0
    assert count_words("l’oppidum d'Ensérune") == 2


def test_budgets_come_from_the_profile_unless_the_dossier_overrides_them() -> None:
    from dossier.formats.outline import profile_for
    from dossier.validate.coverage import budget

    prof = profile_for("nomination")
    assert prof is not None
    [souv] = [s for s in prof.sections if s.number == "3.3"]
    assert budget({}, souv) == souv.budget_words == 1000
    assert budget({"checks": {"budget_words": {"3.3": 1200}}}, souv) == 1200
    assert budget({"checks": {"budget_words": {"3.3": 0}}}, souv) is None  # 0: no budget
