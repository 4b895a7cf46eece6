"""Rules weighed and cited as the Operational Guidelines do (issue 15): corrected citations,
guidance kept as guidance, rules limited to the documents whose format asks for them."""

from __future__ import annotations

import json

import pytest

from dossier.core.diagnostics import Severity
from dossier.core.resources import schemas_dir
from dossier.formats.outline import Section, _budget, profile_for
from dossier.validate import rulebook

from .conftest import Dossier


def test_no_buffer_zone_cites_para_106(dossier: Dossier) -> None:
    meta = rulebook.get("buffer-zone.missing-justification")
    assert meta.source.startswith("OG para. 106") and "104" not in meta.source
    with dossier.edit("identification") as ident:
        del ident["boundaries"]["buffer_zone"]
    [found] = dossier.findings("buffer-zone.missing-justification", "submission")
    assert found.severity is Severity.ERROR
    with dossier.edit("identification") as ident:
        ident["boundaries"]["buffer_zone_absent_reason"] = "The fort stands in a state forest."
    assert dossier.findings("buffer-zone.missing-justification", "submission") == []


def test_cultural_landscape_description_cites_para_47_not_annex_3() -> None:
    manifest = json.loads((schemas_dir() / "dossier.schema.json").read_text(encoding="utf-8"))
    text = manifest["properties"]["property"]["properties"]["cultural_landscape"]["description"]
    assert "OG para. 47" in text
    assert "Annex 3 guidance" not in text


# Rules no paragraph or annex item requires: warnings at submission, saying they are guidance.
GUIDANCE = [
    ("protection.management-plan-draft", ("protection", "management_plan", "status"), "draft"),
    ("comparative.framework-missing", ("justification", "comparative_analysis", "framework"), None),
    ("monitoring.indicator-responsible", ("monitoring", "indicators", 0, "responsible"), None),
    (
        "conservation.development-projects-undisclosed",
        ("conservation", "development_projects"),
        None,
    ),
    ("conservation.population-outdated", ("conservation", "population", "year"), 2010),
]


def _set(dossier: Dossier, path: tuple[str | int, ...], value: object) -> None:
    with dossier.edit(str(path[0])) as data:
        node = data
        for step in path[1:-1]:
            node = node[step]
        if value is None:
            del node[path[-1]]
        else:
            node[path[-1]] = value


@pytest.mark.parametrize("rule, path, value", GUIDANCE, ids=[g[0] for g in GUIDANCE])
def test_guidance_is_a_warning_that_says_so(
    dossier: Dossier, rule: str, path: tuple[str | int, ...], value: object
) -> None:
    meta = rulebook.get(rule)
    assert meta.guidance and meta.level == "warning"
    assert dossier.findings(rule, "submission") == []  # the passing case
    _set(dossier, path, value)
    result = dossier.check("submission")
    found = [d for d in result.diagnostics if d.rule == rule]
    assert found and all(d.severity is Severity.WARNING for d in found)
    assert all(d.hint and "This is guidance" in d.hint and meta.source in d.hint for d in found)
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR]


def test_a_draft_management_plan_points_to_para_115(dossier: Dossier) -> None:
    _set(dossier, ("protection", "management_plan", "status"), "in-preparation")
    [found] = dossier.findings("protection.management-plan-draft", "submission")
    assert "OG para. 115" in found.message
    assert "evaluators expect a plan in force" not in found.message


def test_legal_protection_in_force_is_not_asked_of_the_pa_request(dossier: Dossier) -> None:
    _set(dossier, ("protection", "designations", 0, "status"), "draft")
    nomination = dossier.findings("protection.not-in-force", "submission")
    assert [d.severity for d in nomination] == [Severity.ERROR]
    assert (
        dossier.findings("protection.not-in-force", "submission", ("preliminary-assessment",)) == []
    )
    assert rulebook.get("protection.not-in-force").documents == ("nomination",)


def test_comparative_coverage_is_not_asked_of_a_tentative_list_entry(dossier: Dossier) -> None:
    _set(dossier, ("justification", "comparative_analysis", "comparators", 1, "scope"), "national")
    assert dossier.findings("comparative.coverage", "submission")
    assert dossier.findings("comparative.coverage", "submission", ("tentative-list",)) == []
    assert "tentative-list" not in rulebook.get("comparative.coverage").documents


def test_every_shipped_word_budget_says_where_it_comes_from() -> None:
    budgets = [
        s
        for doc in ("nomination", "preliminary-assessment", "tentative-list")
        for s in (profile_for(doc).sections if profile_for(doc) else ())
        if s.budget_words
    ]
    assert {(s.number, s.budget_words) for s in budgets} >= {("3.1.a", 1500), ("3.3", 1000)}
    for s in budgets:
        assert s.budget_source, s.number
        # No official word limit is known: every shipped budget is the project's guidance.
        assert s.budget_is_guidance, s.number


def test_an_official_budget_is_told_from_guidance() -> None:
    assert _budget({"words": 500, "source": "Annex 3, 11"}) == (500, "Annex 3, 11")
    assert _budget(800) == (800, "")
    assert _budget({"words": 0, "source": "x"}) == (None, "")
    official = Section("x", "x", "", "", True, 500, (), 1, "Annex 3, 11")
    assert not official.budget_is_guidance
    assert Section("x", "x", "", "", True, 500, (), 1, "").budget_is_guidance


def test_an_over_budget_section_says_the_budget_is_guidance(dossier: Dossier) -> None:
    with dossier.edit("justification") as j:
        j["brief_synthesis"] = " ".join(["word"] * 1501)
    [found] = dossier.findings("length.over-budget", "submission")
    assert found.severity is Severity.WARNING
    assert "1,501 words" in found.message and "1,500 words" in found.message
    assert "project guidance, not an official limit" in found.message
    with dossier.edit("dossier") as m:
        m["checks"] = {"budget_words": {"3.1.a": 1400}}
    [found] = dossier.findings("length.over-budget", "submission")
    assert "set by checks.budget_words in dossier.yaml" in found.message
    with dossier.edit("justification") as j:
        j["brief_synthesis"] = " ".join(["word"] * 1300)
    assert dossier.findings("length.over-budget", "submission") == []
