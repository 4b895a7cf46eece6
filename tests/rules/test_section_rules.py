"""section.missing and length.over-budget (validate/rules/sections.py) past their basic
cases in test_rules.py: several gaps, several documents, lists, the souv block, overrides,
the exact wording. Written against mutants that the basic cases let through."""

from __future__ import annotations

import dataclasses

import pytest

from dossier.formats import outline
from dossier.validate.rules import sections

from .conftest import Dossier


def words(n: int) -> str:
    return " ".join(["word"] * n)


def _messages(dossier: Dossier, rule: str, docs: tuple[str, ...] = ("nomination",)) -> list[str]:
    return sorted(d.message for d in dossier.findings(rule, "draft", docs))


@pytest.mark.reports("section.missing")
def test_every_empty_required_text_is_reported_at_its_own_place(dossier: Dossier) -> None:
    with dossier.edit("protection") as p:
        p["finance"] = ""
        p["expertise"] = ""
    found = dossier.findings("section.missing")
    assert sorted((d.location.file, d.location.line) for d in found if d.location) == sorted(
        [dossier.line("protection", r"^finance:"), dossier.line("protection", r"^expertise:")]
    )
    assert sorted(d.message for d in found) == [
        "protection.expertise is empty; the section is required: 5.g Sources of expertise and "
        "training in conservation and management techniques (annex5-2023)",
        "protection.finance is empty; the section is required: 5.f Sources and levels of "
        "finance (annex5-2023)",
    ]
    assert all(d.hint is None for d in found)


@pytest.mark.reports("section.missing")
def test_a_gap_required_by_two_documents_is_one_finding_naming_both(dossier: Dossier) -> None:
    with dossier.edit("justification") as j:
        j["brief_synthesis"] = ""
    found = dossier.findings("section.missing", docs=("nomination", "preliminary-assessment"))
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("justification", r"^brief_synthesis:")
    ]
    assert [d.message for d in found] == [
        "justification.brief_synthesis is empty; the section is required: 3.1.a Brief "
        "synthesis (annex5-2023); 5.a Draft brief synthesis (annex3-2023)"
    ]


@pytest.mark.reports("section.missing")
def test_an_empty_list_that_a_required_section_prints_is_reported(dossier: Dossier) -> None:
    with dossier.edit("documentation") as doc:
        doc["archives"] = []
    found = dossier.findings("section.missing")
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("documentation", r"^archives:")
    ]
    assert [d.message for d in found] == [
        "documentation.archives is empty; the section is required: 7.d Address where "
        "inventory, records and archives are held (annex5-2023)"
    ]
    with dossier.edit("documentation") as doc:
        doc["documents"] = []
    with dossier.edit("protection") as p:  # (texts that name no annexed document)
        del p["designations"][0]["document"]
        del p["management_plan"]["document"]
    found = dossier.findings("section.missing")
    assert sorted((d.location.file, d.location.line) for d in found if d.location) == sorted(
        [
            dossier.line("documentation", r"^archives:"),
            dossier.line("documentation", r"^documents:"),
        ]
    )


@pytest.mark.reports("section.missing")
def test_an_absent_text_is_reported_at_its_nearest_written_parent(dossier: Dossier) -> None:
    """protection.finance not written at all: reported at the top of the protection part."""
    with dossier.edit("protection") as p:
        del p["finance"]
    found = dossier.findings("section.missing")
    assert [(d.location.file, d.location.line, d.location.col) for d in found if d.location] == [
        (dossier.part("protection"), 1, 1)
    ]
    assert [d.message for d in found] == [
        "protection.finance is empty; the section is required: 5.f Sources and levels of "
        "finance (annex5-2023)"
    ]


@pytest.mark.reports("section.missing")
def test_not_applicable_where_required_says_so_with_a_hint(dossier: Dossier) -> None:
    with dossier.edit("protection") as p:
        p["finance"] = {"not_applicable": "No budget yet."}
    [found] = dossier.findings("section.missing")
    assert found.message == (
        "protection.finance is marked not applicable, but the section is required: "
        "5.f Sources and levels of finance (annex5-2023)"
    )
    assert found.hint == (
        "A required section must be written; not_applicable only serves optional ones."
    )


@pytest.mark.reports("section.missing")
def test_the_profile_named_in_dossier_yaml_is_the_one_checked(dossier: Dossier) -> None:
    """Two States Parties: the Tentative List entry follows the transnational form."""
    with dossier.edit("dossier") as m:
        m["property"]["states_parties"].append({"code": "BE", "name": "Belgium"})
    with dossier.edit("justification") as j:
        j["brief_synthesis"] = ""
    [found] = dossier.findings("section.missing", docs=("tentative-list",))
    assert found.message.endswith("(annex2b-2011)"), found.message


@pytest.mark.reports("length.over-budget")
def test_the_souv_over_budget_is_reported_at_the_souv(dossier: Dossier) -> None:
    """The brief synthesis within its budget (3.1.a) does not stop the check of 3.3."""
    with dossier.edit("justification") as j:
        j["brief_synthesis"] = words(1400)
        j["souv"]["brief_synthesis"] = words(1001)
    found = dossier.findings("length.over-budget")
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("justification", r"^  brief_synthesis:")  # souv's first line
    ]
    assert [d.message for d in found] == [
        "3.3 Proposed Statement of Outstanding Universal Value has 1,025 words, over the "
        "budget of 1,000 words of the annex5-2023 format profile, which is project guidance, "
        "not an official limit"
    ]


@pytest.mark.reports("length.over-budget")
def test_the_souv_is_reported_at_its_start_whichever_text_is_long(dossier: Dossier) -> None:
    with dossier.edit("justification") as j:
        souv = j["souv"]
        j["souv"] = {"criteria": souv.pop("criteria"), **souv}
        j["souv"]["brief_synthesis"] = words(1001)
    found = dossier.findings("length.over-budget")
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("justification", r"^  criteria:")  # the first line of souv
    ]


@pytest.mark.reports("length.over-budget")
def test_one_text_over_the_same_budget_in_two_documents_is_one_finding(
    dossier: Dossier,
) -> None:
    with dossier.edit("dossier") as m:
        m["checks"] = {"budget_words": {"2.a": 6000}}
    with dossier.edit("description") as d:
        d["description"] = words(6001)
        d["history"] = words(4001)
    found = dossier.findings("length.over-budget", docs=("nomination", "preliminary-assessment"))
    assert sorted((d.location.file, d.location.line) for d in found if d.location) == sorted(
        [dossier.line("description", r"^description:"), dossier.line("description", r"^history:")]
    )
    assert sorted(d.message for d in found) == [
        "2.a Description of Property has 6,001 words, over the budget of 6,000 words set by "
        "checks.budget_words in dossier.yaml",
        "4.b Short history has 4,001 words, over the budget of 4,000 words of the "
        "annex3-2023 format profile, which is project guidance, not an official limit",
    ]


@pytest.mark.reports("length.over-budget")
def test_an_official_word_limit_is_named_as_such(
    dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No shipped budget is official yet; a profile with one says where it comes from."""
    shipped = outline.profile_for("nomination")
    assert shipped is not None
    official = tuple(
        dataclasses.replace(s, budget_source="Annex 5, 3.1.a") if s.number == "3.1.a" else s
        for s in shipped.sections
    )
    profile = dataclasses.replace(shipped, sections=official)
    monkeypatch.setattr(sections, "profile_for", lambda doc, data: profile)
    with dossier.edit("justification") as j:
        j["brief_synthesis"] = words(1501)
    [found] = dossier.findings("length.over-budget")
    assert found.message == (
        "3.1.a Brief synthesis has 1,501 words, over the budget of 1,500 words of the "
        "annex5-2023 format profile, an official limit (Annex 5, 3.1.a)"
    )
