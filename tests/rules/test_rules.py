"""Every rule of the catalogue: a failing case (exact rule id and file:line) and a passing one.

Each failing case mutates the complete minimal dossier; its expected places are
(part, regex, nth match) searched in the files as written after the mutation.
The passing case of most rules is the complete dossier itself
(test_complete_dossier_passes_every_rule); rules with conditions have explicit
passing variants in PASSING.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dossier.core import catalogue
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.report import findings as report
from dossier.validate import rulebook

from . import cases_justification, cases_management, cases_nomination
from .conftest import Dossier
from .kit import Case, chain, criterion, serial, setter


def natural_x(d: Dossier) -> None:
    """Make the property natural, criterion (x), with its Statement of OUV paragraph."""
    with d.edit("dossier") as m:
        m["property"]["category"] = "natural"
    with d.edit("justification") as j:
        j["criteria"][0]["criterion"] = "x"
        j["souv"]["criteria"] = {"x": "Habitat of threatened species."}
        for comp in j["comparative_analysis"]["comparators"]:
            comp["criteria"] = ["x"]


def indicator_without(field_name: str) -> Callable[[Dossier], None]:
    return setter("monitoring", "indicators", 0, field_name, delete=True)


LONG = " ".join(["word"] * 1501)

CASES: list[Case] = [
    # --- administrative ------------------------------------------------------------
    Case(
        "dossier.part-missing",
        setter("dossier", "parts", "monitoring", delete=True),
        [("dossier", r"^parts:", 1)],
    ),
    Case(
        "section.missing",
        setter("protection", "finance", value=""),
        [("protection", r"^finance:", 1)],
        name="empty",
    ),
    Case(
        "section.missing",
        setter("protection", "finance", value={"not_applicable": "No budget yet."}),
        [("protection", r"^  not_applicable:", 1)],
        name="not-applicable-where-required",
    ),
    Case(
        "section.missing",
        setter("description", "description", value=""),
        [("description", r"^description:", 1)],
        docs=("tentative-list",),
        name="tentative-list-description-fallback",
    ),
    Case(
        "text.working-language-missing",
        setter("description", "description", value={"fr": "Un oppidum à deux remparts."}),
        [("description", r"^  fr:", 1)],
    ),
    Case(
        "submission.illustrative-content",
        setter("dossier", "illustrative", value=True),
        [("dossier", r"^illustrative:", 1)],
        stage="submission",
    ),
    Case(
        "todo.not-yet-written",
        setter("description", "history", value={"todo": "2.b History and development"}),
        [("description", r"todo:", 1)],
    ),
    Case(
        "submission.printed-copies",
        setter("dossier", "printed_copies", value=3),
        [("dossier", r"^printed_copies:", 1)],
    ),
    Case(
        "submission.printed-copies",
        chain(setter("dossier", "printed_copies", delete=True)),
        [("dossier", r"^format_version:", 1)],
        name="not-stated",
    ),
    Case(
        "signature.missing-state-party",
        setter(
            "dossier",
            "property",
            "states_parties",
            value=[{"code": "FR", "name": "France"}, {"code": "BE", "name": "Belgium"}],
        ),
        [("signatures", r"state_party: FR", 1)],
    ),
    Case(
        "signature.undated",
        setter("signatures", "signatures", 0, "date", delete=True),
        [("signatures", r"state_party: FR", 1)],
    ),
    Case("signature.authority", lambda d: None, [("signatures", r"state_party: FR", 1)]),
    # --- timetable -----------------------------------------------------------------
    Case(
        "timetable.submission-date-missing",
        setter("dossier", "dates", "planned_submission", delete=True),
        [("dossier", r"^  document:", 1)],
    ),
    Case(
        "timetable.submission-deadline",
        setter("dossier", "dates", "planned_submission", value="2026-02-10"),
        [("dossier", r"^  planned_submission:", 1)],
    ),
    Case(
        "timetable.draft-deadline",
        setter("dossier", "dates", "draft_for_comments", value="2025-10-15"),
        [("dossier", r"^  draft_for_comments:", 1)],
    ),
    Case(
        "timetable.tentative-list-date-missing",
        setter("dossier", "dates", "tentative_list_entry", delete=True),
        [("dossier", r"^  document:", 1)],
    ),
    Case(
        "timetable.tentative-list-too-late",
        setter("dossier", "dates", "tentative_list_entry", value="2025-06-01"),
        [("dossier", r"^  tentative_list_entry:", 1)],
    ),
    Case(
        "timetable.tentative-list-outdated",
        setter("dossier", "dates", "tentative_list_entry", value="2014-01-01"),
        [("dossier", r"^  tentative_list_entry:", 1)],
    ),
    Case(
        "timetable.preliminary-assessment-missing",
        setter("dossier", "dates", "preliminary_assessment_outcome", delete=True),
        [("dossier", r"^  document:", 1)],
    ),
    Case(
        "timetable.preliminary-assessment-too-late",
        setter("dossier", "dates", "preliminary_assessment_outcome", value="2025-06-01"),
        [("dossier", r"^  preliminary_assessment_outcome:", 1)],
    ),
    # --- Executive Summary and identification -----------------------------------------
    Case(
        "summary.boundary-description-missing",
        setter("executive_summary", "boundary_description", value="TODO"),
        [("executive_summary", r"^boundary_description:", 1)],
    ),
    Case(
        "summary.map-missing",
        setter("executive_summary", "maps", value=[]),
        [("executive_summary", r"^maps:", 1)],
    ),
    Case(
        "name.too-long",
        setter("dossier", "property", "name", value="Fort " * 41),
        [("dossier", r"^  name: '?Fort", 1)],
    ),
    Case(
        "serial.too-few-components",
        setter("dossier", "property", "serial", value=True),
        [("dossier", r"^  serial:", 1)],
    ),
    Case(
        "serial.component-map-missing",
        chain(serial, setter("identification", "components", 1, "maps", delete=True)),
        [("identification", r"id: '?002", 1)],
    ),
    Case(
        "serial.component-description-missing",
        chain(serial, setter("identification", "components", 1, "description", delete=True)),
        [("identification", r"id: '?002", 1)],
    ),
    Case(
        "buffer-zone.missing-justification",
        setter("identification", "boundaries", "buffer_zone", delete=True),
        [("identification", r"^  property:", 1)],
    ),
    Case(
        "maps.topographic-missing",
        setter("identification", "maps", 0, "kind", value="thematic"),
        [("identification", r"^- id: map-1", 1)],
    ),
    Case(
        "maps.location-missing",
        setter("identification", "maps", 1, "kind", value="thematic"),
        [("identification", r"^- id: map-1", 1)],
    ),
    Case(
        "maps.metadata-incomplete",
        setter("identification", "maps", 0, "file", value="media/photo-1.png"),
        [("identification", r"^- id: map-1", 1)],
    ),
    Case("maps.legal-protection", lambda d: None, [("identification", r"^- id: map-1", 1)]),
    Case("boundaries.adequacy", lambda d: None, [("identification", r"^  property:", 1)]),
    Case("buffer-zone.adequacy", lambda d: None, [("identification", r"^  buffer_zone:", 1)]),
    # --- criteria, attributes, OUV ---------------------------------------------------
    Case(
        "criteria.category-mismatch",
        setter("dossier", "property", "category", value="mixed"),
        [("dossier", r"^  category:", 1)],
        name="mixed-with-cultural-only",
    ),
    Case(
        "criteria.category-mismatch",
        setter("dossier", "property", "category", value="natural"),
        [("justification", r"criterion: iii", 1)],
        name="natural-with-cultural",
    ),
    Case(
        "criteria.category-mismatch",
        criterion("x"),
        [("justification", r"criterion: x", 1)],
        name="cultural-with-natural",
    ),
    Case(
        "criteria.category-mismatch",
        chain(natural_x, setter("dossier", "property", "cultural_landscape", value=True)),
        [("dossier", r"^  cultural_landscape:", 1)],
        name="landscape-without-cultural",
    ),
    Case(
        "criteria.vi-alone",
        chain(
            setter("justification", "criteria", 0, "criterion", value="vi"),
            setter("justification", "souv", "criteria", value={"vi": "Associated with ideas."}),
        ),
        [("justification", r"criterion: vi", 1)],
    ),
    Case(
        "criteria.justification-missing",
        setter("justification", "criteria", 0, "justification", value=""),
        [("justification", r"^  justification:", 1)],
    ),
    Case(
        "criteria.no-attributes",
        setter("justification", "criteria", 0, "attributes", value=[]),
        [("justification", r"^  attributes: \[\]", 1)],
    ),
    Case("criteria.souv-mismatch", criterion("iv"), [], name="paragraph-present"),
    Case(
        "criteria.souv-mismatch",
        chain(criterion("iv"), lambda d: _drop_souv_criterion(d, "iv")),
        [("justification", r"^    iii:", 1)],
    ),
    Case(
        "attributes.unreferenced",
        lambda d: _add_attribute(
            d, {"id": "ditch", "name": "Ditch", "description": "An outer ditch."}
        ),
        [("justification", r"^- id: ditch", 1)],
    ),
    Case(
        "attributes.description-missing",
        setter("justification", "attributes", 0, "description", value=""),
        [("justification", r"^  description:", 1)],
    ),
    Case(
        "attributes.no-component",
        chain(serial, setter("justification", "attributes", 0, "components", delete=True)),
        [("justification", r"^- id: ramparts", 1)],
    ),
    Case(
        "attributes.within-boundaries", lambda d: None, [("justification", r"^- id: ramparts", 1)]
    ),
    Case(
        "ouv.integrity-missing",
        setter("justification", "integrity", value=""),
        [("justification", r"^integrity:", 1)],
        name="3.1.c",
    ),
    Case(
        "ouv.integrity-missing",
        setter("justification", "souv", "integrity", value={"not_applicable": "None."}),
        [("justification", r"^    not_applicable:", 1)],
        name="souv-c-not-applicable",
    ),
    Case(
        "ouv.authenticity-missing",
        setter("justification", "authenticity", delete=True),
        [("justification", r"criterion: iii", 1)],
        stage="submission",
        name="3.1.d",
    ),
    Case(
        "ouv.authenticity-missing",
        setter("justification", "souv", "authenticity", delete=True),
        [("justification", r"^  brief_synthesis:", 1)],
        name="souv-d",
    ),
    Case(
        "ouv.authenticity-not-expected",
        natural_x,
        [("justification", r"^authenticity:", 1), ("justification", r"^  authenticity:", 1)],
    ),
    Case(
        "ouv.integrity-aspects",
        setter("justification", "integrity", value="Good."),
        [("justification", r"^integrity:", 1)],
    ),
    Case(
        "ouv.authenticity-attributes",
        setter("justification", "authenticity", value="It is genuine."),
        [("justification", r"^authenticity:", 1)],
    ),
    Case(
        "ouv.argument",
        criterion("iv"),
        [("justification", r"criterion: iii", 1), ("justification", r"criterion: iv", 1)],
    ),
    Case(
        "criteria.mixed-natural-values",
        chain(setter("dossier", "property", "category", value="mixed"), criterion("x")),
        [("dossier", r"^  category:", 1)],
    ),
    Case(
        "souv.part-missing",
        setter("justification", "souv", "protection_management", value=""),
        [("justification", r"^  protection_management:", 1)],
    ),
    # --- comparative analysis ---------------------------------------------------------
    Case(
        "comparative.framework-missing",
        setter("justification", "comparative_analysis", "framework", delete=True),
        [("justification", r"^  text:", 1)],
    ),
    Case(
        "comparative.coverage",
        setter(
            "justification", "comparative_analysis", "comparators", 1, "scope", value="national"
        ),
        [("justification", r"^  - name: Fort A", 1)],
    ),
    Case(
        "comparative.comparator-unlinked",
        setter("justification", "comparative_analysis", "comparators", 1, "criteria", delete=True),
        [("justification", r"^  - name: Fort B", 1)],
    ),
    Case("comparative.quality", lambda d: None, [("justification", r"^  framework:", 1)]),
    Case(
        "serial.justification-missing",
        chain(
            serial,
            setter("justification", "comparative_analysis", "serial_justification", delete=True),
        ),
        [("justification", r"^  framework:", 1)],
    ),
    Case("serial.contribution", serial, [("identification", r"id: '?001", 1)]),
    # --- section 4 -------------------------------------------------------------------
    Case(
        "conservation.factor-missing",
        setter("conservation", "factors", "disasters", value=""),
        [("conservation", r"^  disasters:", 1)],
    ),
    Case(
        "conservation.population-outdated",
        setter("conservation", "population", "year", value=2010),
        [("conservation", r"^  year:", 1)],
    ),
    Case(
        "conservation.development-projects-undisclosed",
        setter("conservation", "development_projects", delete=True),
        [("conservation", r"^  development:", 1)],
    ),
    Case(
        "conservation.development-projects-undisclosed",
        setter("conservation", "development_projects", value={"none_known": False}),
        [("conservation", r"^  none_known:", 1)],
        name="none-known-false",
    ),
    Case(
        "conservation.project-impact-assessment",
        setter(
            "conservation",
            "development_projects",
            value={
                "projects": [{"name": "Road", "status": "planned", "description": "A new road."}]
            },
        ),
        [("conservation", r"^  - name: Road", 1)],
    ),
    Case(
        "conservation.development-projects-review",
        lambda d: None,
        [("conservation", r"^  none_known:", 1)],
    ),
    # --- section 5 -------------------------------------------------------------------
    Case(
        "protection.designation-missing",
        setter("protection", "designations", value=[]),
        [("protection", r"^designations:", 1)],
    ),
    Case(
        "protection.not-in-force",
        setter("protection", "designations", 0, "status", value="draft"),
        [("protection", r"^  status: draft", 1)],
    ),
    Case(
        "protection.not-in-force",
        setter("protection", "designations", 0, "date", value="2027-01-01"),
        [("protection", r"^  date:", 1)],
        name="future-date",
    ),
    Case(
        "protection.legal-text-missing",
        setter("protection", "designations", 0, "document", delete=True),
        [("protection", r"^- id: mh", 1)],
    ),
    Case(
        "protection.management-plan-missing",
        setter("protection", "management_plan", "status", value="none"),
        [("protection", r"^  status: none", 1)],
    ),
    Case(
        "protection.management-plan-missing",
        setter("protection", "management_plan", "document", delete=True),
        [("protection", r"^  title: Management plan", 1)],
        name="not-annexed",
    ),
    Case(
        "protection.management-plan-draft",
        setter("protection", "management_plan", "status", value="draft"),
        [("protection", r"^  status: draft", 1)],
    ),
    Case(
        "protection.management-plan-expired",
        setter("protection", "management_plan", "valid_until", value="2025-12-31"),
        [("protection", r"^  valid_until:", 1)],
    ),
    Case(
        "protection.management-plan-coverage",
        setter("protection", "management_plan", "covers_buffer_zone", value=False),
        [("protection", r"^  covers_buffer_zone:", 1)],
    ),
    Case(
        "serial.management-framework-missing",
        chain(
            serial, setter("protection", "management_plan", "covers_all_components", value=False)
        ),
        [("protection", r"^  covers_all_components:", 1)],
    ),
    Case(
        "protection.risk-preparedness-missing",
        setter("protection", "management_plan", "risk_preparedness", delete=True),
        [("protection", r"^  title: Management plan", 1)],
    ),
    Case(
        "protection.management-plan-language",
        setter("protection", "management_plan", "language", value="ru"),
        [("protection", r"^  language: ru", 1)],
    ),
    Case("protection.effectiveness", lambda d: None, [("protection", r"^- id: mh", 1)]),
    Case(
        "management.effectiveness",
        lambda d: None,
        [("protection", r"^  title: Management plan", 1)],
    ),
    # --- section 6 -------------------------------------------------------------------
    Case(
        "monitoring.indicator-periodicity",
        indicator_without("periodicity"),
        [("monitoring", r"^- id: erosion", 1)],
    ),
    Case(
        "monitoring.indicator-responsible",
        indicator_without("responsible"),
        [("monitoring", r"^- id: erosion", 1)],
    ),
    Case(
        "monitoring.indicator-records",
        indicator_without("records"),
        [("monitoring", r"^- id: erosion", 1)],
    ),
    Case(
        "monitoring.indicator-attributes",
        indicator_without("attributes"),
        [("monitoring", r"^- id: erosion", 1)],
    ),
    # --- sections 7-8 ----------------------------------------------------------------
    Case(
        "images.inventory-empty",
        setter("documentation", "images", value=[]),
        [("documentation", r"^images:", 1)],
    ),
    Case(
        "images.cession-missing",
        setter("documentation", "images", 0, "cession", value=False),
        [("documentation", r"^  cession:", 1)],
    ),
    Case(
        "images.owner-contact-missing",
        setter("documentation", "images", 0, "owner_contact", delete=True),
        [("documentation", r"^- id: photo-1", 1)],
    ),
    Case(
        "bibliography.missing",
        setter("dossier", "bibliography", delete=True),
        [("dossier", r"^format_version:", 1)],
    ),
    Case(
        "contacts.incomplete",
        setter("contacts", "agency", "address", delete=True),
        [("contacts", r"^  name: Regional heritage service", 1)],
    ),
    Case(
        "contacts.website-missing",
        setter("contacts", "website", delete=True),
        [("contacts", r"^preparer:", 1)],
    ),
    # --- budgets ---------------------------------------------------------------------
    Case(
        "length.over-budget",
        setter("justification", "brief_synthesis", value=LONG),
        [("justification", r"^brief_synthesis:", 1)],
    ),
    # --- documents a reviewer accepts ---------------------------------------------------
    Case(
        "prose.other-document-wording",
        setter(
            "protection", "finance", value="The budget is not known at the time of this request."
        ),
        [("protection", r"^finance:", 1)],
    ),
    Case(
        "name.capitalisation",
        setter("description", "history", value="The example hill fort was built in the Iron Age."),
        [("description", r"^history:", 1)],
    ),
    Case(
        "prose.table-caption-missing",
        setter(
            "protection",
            "finance",
            value="Budgets:\n\n| Year | Amount |\n|---|---|\n| 2025 | 10 |\n",
        ),
        [("protection", r"^\s+\| Year \| Amount \|", 1)],
    ),
    # --- issue 15: checks the catalogue lacked --------------------------------------------
    Case(
        "submission.paper-size",
        setter("dossier", "paper_size", value="A3"),
        [("dossier", r"^paper_size: A3", 1)],
    ),
    Case(
        "submission.electronic-copies",
        setter("dossier", "electronic_copies", value=["other"]),
        [("dossier", r"^- other$", 1)],
        stage="submission",
    ),
    Case(
        "protection.management-plan-translation-missing",
        setter("protection", "management_plan", "language", value="de"),
        [("protection", r"^  language: de", 1)],
        stage="submission",
    ),
    Case(
        "protection.management-plan-translation-missing",
        chain(
            setter("protection", "management_plan", "language", value="de"),
            setter("protection", "management_plan", "translation", value="order"),
            setter("documentation", "documents", 0, "language", value="de"),
        ),
        [("protection", r"^  translation: order", 1)],
        name="named-version-not-en-fr",
    ),
    Case(
        "documentation.pa-report-missing",
        lambda d: _drop_document(d, "pa-report"),
        [("documentation", r"^- id: order", 1)],
        stage="submission",
    ),
    Case(
        "contacts.website-not-applicable",
        setter("contacts", "website", value={"not_applicable": "The fort has no website."}),
        [("contacts", r"^  not_applicable:", 1)],
    ),
]


def _drop_document(d: Dossier, doc_id: str) -> None:
    with d.edit("documentation") as doc:
        doc["documents"] = [x for x in doc["documents"] if x["id"] != doc_id]


def _german_plan_with_english_version(d: Dossier) -> None:
    with d.edit("documentation") as doc:
        doc["documents"].append(
            {
                "id": "plan-en",
                "title": "Management plan (English)",
                "kind": "management-plan",
                "language": "en",
            }
        )
    with d.edit("protection") as prot:
        prot["management_plan"]["language"] = "de"
        prot["management_plan"]["translation"] = "plan-en"


CASES += cases_nomination.CASES
CASES += cases_management.CASES
CASES += cases_justification.CASES


def _drop_souv_criterion(d: Dossier, numeral: str) -> None:
    with d.edit("justification") as j:
        del j["souv"]["criteria"][numeral]


def _add_attribute(d: Dossier, attr: dict[str, Any]) -> None:
    with d.edit("justification") as j:
        j["attributes"].append(attr)


def _case_id(c: Case) -> str:
    return c.rule + (f"[{c.name}]" if c.name else "")


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_rule_reports_at_the_right_place(
    dossier: Dossier, case: Case, golden: Callable[[str, str], None]
) -> None:
    """Each finding at its place and severity; its wording (message and hint, as
    `dossier check` prints them) is a golden file under review."""
    case.mutate(dossier)
    expected = sorted(dossier.line(part, pattern, nth) for part, pattern, nth in case.where)
    found = dossier.findings(case.rule, case.stage, case.docs)
    assert sorted((d.location.file, d.location.line) for d in found if d.location) == expected
    meta = rulebook.get(case.rule)
    for d in found:
        assert d.severity is meta.severity(case.stage)
        assert d.message and d.suppressed is None
    for phrase in case.extra.get("says", []):
        assert any(phrase in d.message for d in found), phrase
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", _case_id(case)).strip("-")
    golden(
        f"rule-findings/test_rule_reports_at_the_right_place-{name}.txt",
        report.format_text(found) + "\n",
    )


def test_every_rule_has_a_failing_case() -> None:
    failing = {c.rule for c in CASES if c.where}
    # Every UNESCO rule, and the prose checks of project guidance tested here too.
    assert {r.id for r in rulebook.RULES} <= failing
    assert all(rulebook.known(r) for r in failing)


# Every id `dossier check` can report: the complete dossier reports none of them.
CHECK_IDS = sorted(r.id for r in catalogue.rules() if r.command == "check")


@pytest.fixture(scope="module")
def complete_findings(complete_template: Path) -> dict[str, list[Diagnostic]]:
    d = Dossier(complete_template)  # checked, never changed
    return {stage: d.check(stage).diagnostics for stage in ("draft", "submission")}


@pytest.mark.parametrize("rule_id", CHECK_IDS)
def test_complete_dossier_reports_nothing(
    complete_findings: dict[str, list[Diagnostic]], rule_id: str
) -> None:
    """The passing case of every id: no error, warning or note at either stage; checklist
    items (human judgement) only for the checklist rules."""
    for stage, diags in complete_findings.items():
        found = [d for d in diags if d.rule == rule_id]
        if rule_id in CHECKLIST:
            assert all(d.severity is Severity.CHECKLIST for d in found)
        else:
            assert found == [], stage


CHECKLIST = {r.id for r in rulebook.RULES if r.kind == "checklist"}


def test_complete_dossier_reports_only_checklist_items(complete_template: Path) -> None:
    """The same as above in one test that checks the dossier itself: mutation testing
    (benchmarks/mutation.py) runs it for every mutant of every rule module, so a rule made
    to fire where it must not is caught whichever rule it is."""
    d = Dossier(complete_template)  # checked, never changed
    for stage in ("draft", "submission"):
        found = [
            (diag.rule, diag.severity)
            for diag in d.check(stage).diagnostics
            if diag.rule not in CHECKLIST or diag.severity is not Severity.CHECKLIST
        ]
        assert found == [], stage


# Passing variants of rules that only apply under a condition.
PASSING: list[Case] = [
    Case(
        "prose.other-document-wording",
        setter("justification", "integrity", value="This request covers the whole fort."),
        [],
        docs=("preliminary-assessment",),
        name="own-wording",
    ),
    Case(
        "prose.table-caption-missing",
        setter(
            "protection",
            "finance",
            value="Table: Budgets\n\n| Year | Amount |\n|---|---|\n| 2025 | 10 |\n",
        ),
        [],
        name="captioned",
    ),
    Case(
        "name.capitalisation",
        setter("description", "history", value="Example Hill Fort was built in the Iron Age."),
        [],
        name="as-written",
    ),
    Case(
        "ouv.authenticity-missing",
        chain(natural_x, setter("justification", "authenticity", delete=True)),
        [],
        stage="submission",
        name="natural-needs-none",
    ),
    Case(
        "ouv.authenticity-missing",
        setter("justification", "authenticity", delete=True),
        [],
        docs=("tentative-list",),
        name="tentative-list-uses-souv",
    ),
    Case("ouv.authenticity-not-expected", lambda d: None, [], name="cultural"),
    Case(
        "criteria.category-mismatch",
        chain(setter("dossier", "property", "category", value="mixed"), criterion("x")),
        [],
        name="mixed-with-both",
    ),
    Case("criteria.category-mismatch", natural_x, [], name="natural-with-natural"),
    Case("criteria.vi-alone", chain(criterion("vi")), [], name="vi-with-iii"),
    Case(
        "conservation.factor-missing",
        setter(
            "conservation",
            "factors",
            "disasters",
            value={"not_applicable": "No natural hazard is known."},
        ),
        [],
        name="not-applicable-is-addressed",
    ),
    Case(
        "submission.illustrative-content",
        setter("dossier", "illustrative", value=True),
        [],
        name="draft",
    ),
    Case(
        "submission.printed-copies",
        chain(
            setter("dossier", "property", "category", value="mixed"),
            criterion("x"),
            setter("dossier", "printed_copies", value=3),
        ),
        [],
        name="mixed-3",
    ),
    Case(
        "submission.printed-copies",
        chain(
            setter("dossier", "property", "cultural_landscape", value=True),
            setter("dossier", "printed_copies", value=3),
        ),
        [],
        name="landscape-3",
    ),
    Case(
        "timetable.submission-deadline",
        setter("dossier", "dates", "planned_submission", value="2025-11-10"),
        [],
        name="november",
    ),
    Case(
        "timetable.draft-deadline",
        setter("dossier", "dates", "draft_for_comments", value="2025-09-30"),
        [],
        name="30-september",
    ),
    Case("serial.too-few-components", serial, [], name="two-components"),
    Case(
        "serial.component-description-missing",
        chain(
            serial,
            setter("identification", "components", 1, "description", delete=True),
            setter("description", "description", value="The South fort has one rampart."),
        ),
        [],
        name="named-in-2a",
    ),
    Case(
        "buffer-zone.missing-justification",
        chain(
            setter("identification", "boundaries", "buffer_zone", delete=True),
            setter(
                "identification",
                "boundaries",
                "buffer_zone_absent_reason",
                value="The surrounding land is a protected forest.",
            ),
        ),
        [],
        name="reason-given",
    ),
    Case(
        "maps.metadata-incomplete",
        chain(
            setter("identification", "maps", 0, "file", value="media/photo-1.png"),
            lambda d: _map_metadata(d),
        ),
        [],
        name="all-stated",
    ),
    Case(
        "monitoring.indicator-periodicity",
        indicator_without("periodicity"),
        [],
        docs=("preliminary-assessment",),
        name="not-in-preliminary-assessment",
    ),
    Case(
        "protection.management-plan-expired",
        setter("protection", "management_plan", "valid_until", value="2026-01-15"),
        [],
        name="same-day",
    ),
    Case(
        "length.over-budget",
        setter("justification", "brief_synthesis", value=" ".join(["w"] * 1500)),
        [],
        name="at-budget",
    ),
    Case(
        "section.missing", setter("contacts", "other_institutions", value=[]), [], name="optional"
    ),
    Case(
        "text.working-language-missing",
        setter("description", "description", value={"en": "A fort.", "fr": "Un oppidum."}),
        [],
        name="both-languages",
    ),
    Case(
        "signature.authority",
        lambda d: None,
        [],
        docs=("tentative-list",),
        name="no-signature-in-tl",
    ),
    Case("criteria.mixed-natural-values", lambda d: None, [], name="cultural"),
    Case("serial.contribution", lambda d: None, [], name="single-property"),
    Case("protection.management-plan-language", lambda d: None, [], name="french-plan"),
    # --- issue 15 ------------------------------------------------------------------------
    Case(
        "submission.paper-size",
        setter("dossier", "paper_size", value="letter"),
        [],
        stage="submission",
        name="letter",
    ),
    Case("submission.paper-size", lambda d: None, [], stage="submission", name="unstated-a4"),
    Case(
        "submission.electronic-copies",
        setter("dossier", "electronic_copies", value=["docx"]),
        [],
        stage="submission",
        name="word-only",
    ),
    Case("submission.electronic-copies", lambda d: None, [], stage="submission", name="unstated"),
    Case(
        "protection.management-plan-translation-missing",
        _german_plan_with_english_version,
        [],
        stage="submission",
        name="english-version-annexed",
    ),
    Case(
        "protection.management-plan-translation-missing",
        lambda d: None,
        [],
        stage="submission",
        name="french-plan",
    ),
    Case(
        "documentation.pa-report-missing",
        chain(
            lambda d: _drop_document(d, "pa-report"),
            setter("dossier", "dates", "preliminary_assessment_outcome", delete=True),
        ),
        [],
        stage="submission",
        name="no-preliminary-assessment",
    ),
    Case(
        "documentation.pa-report-missing",
        lambda d: None,
        [],
        stage="submission",
        name="report-annexed",
    ),
    Case(
        "contacts.website-not-applicable",
        setter("contacts", "website", delete=True),
        [],
        name="left-out",
    ),
]


PASSING += cases_nomination.PASSING
PASSING += cases_management.PASSING
PASSING += cases_justification.PASSING


def _map_metadata(d: Dossier) -> None:
    with d.edit("identification") as ident:
        ident["maps"][0].update(
            {"scale": "1:25,000", "date": "2024", "projection": "UTM 31N", "datum": "WGS 84"}
        )


@pytest.mark.parametrize("case", PASSING, ids=[_case_id(c) for c in PASSING])
def test_rule_passes_when_its_condition_is_met(dossier: Dossier, case: Case) -> None:
    case.mutate(dossier)
    assert dossier.findings(case.rule, case.stage, case.docs) == []
