"""Failing and passing cases of the rules of sections 4-6 (dossier.validate.rules.management)
past the one failing case of each in test_rules.py: every branch that changes a finding's
place or words, and the conditions under which a rule stays silent.

test_rules.py runs them with its own cases (the wording is a golden file under review);
each mutates the complete minimal dossier (document dated 2026-01-15, one management plan
in French, a buffer zone, one designation in force).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .conftest import Dossier
from .kit import Case, chain, serial, setter

no_part = {
    part: setter("dossier", "parts", part, delete=True) for part in ("conservation", "protection")
}


def projects(*items: dict[str, Any]) -> Callable[[Dossier], None]:
    return setter("conservation", "development_projects", value={"projects": list(items)})


def project(name: str, status: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "status": status, "description": f"The {name.lower()}.", **extra}


PLAN = {
    "title": "Plan of the north fort",
    "status": "in-force",
    "language": "fr",
    "document": "plan",
    "covers_buffer_zone": True,
    "covers_all_components": True,
    "risk_preparedness": True,
    "text": "The plan of the north fort.",
}


def like(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``base`` with ``changes``; a change to None leaves the key out."""
    out = {**base, **changes}
    return {k: v for k, v in out.items() if v is not None}


def plans(*items: dict[str, Any]) -> Callable[[Dossier], None]:
    def mutate(d: Dossier) -> None:
        with d.edit("protection") as p:
            del p["management_plan"]
            p["management_plans"] = list(items)

    return mutate


def plan(**fields: Any) -> Callable[[Dossier], None]:
    def mutate(d: Dossier) -> None:
        with d.edit("protection") as p:
            for key, value in fields.items():
                if value is None:
                    del p["management_plan"][key]
                else:
                    p["management_plan"][key] = value

    return mutate


def document(**fields: Any) -> Callable[[Dossier], None]:
    def mutate(d: Dossier) -> None:
        with d.edit("documentation") as doc:
            doc["documents"].append(fields)

    return mutate


two_sps = chain(
    setter(
        "dossier",
        "property",
        "states_parties",
        value=[{"code": "FR", "name": "France"}, {"code": "BE", "name": "Belgium"}],
    ),
)
no_buffer_zone = chain(
    setter("identification", "boundaries", "buffer_zone", delete=True),
    setter(
        "identification",
        "boundaries",
        "buffer_zone_absent_reason",
        value="The surrounding land is a protected forest.",
    ),
)

CASES: list[Case] = [
    # --- section 4 -------------------------------------------------------------------
    Case(
        "conservation.population-outdated",
        setter("conservation", "population", "year", value=2027),
        [("conservation", r"^  year: 2027", 1)],
        name="after-the-document",
    ),
    Case(
        "conservation.population-outdated",
        setter("conservation", "population", "year", value=2015),
        [("conservation", r"^  year: 2015", 1)],
        name="eleven-years",
    ),
    Case(
        "conservation.population-breakdown-mismatch",
        chain(
            setter("conservation", "population", "property", value=1000),
            setter(
                "conservation",
                "population",
                "breakdown",
                value=[
                    {"zone": "North", "property": 1200, "buffer_zone": 5},
                    {"zone": "South", "property": 0, "buffer_zone": 7},
                ],
            ),
        ),
        [("conservation", r"^  property: 1000", 1)],
        name="property",
    ),
    Case(
        "conservation.development-projects-undisclosed",
        setter(
            "conservation",
            "development_projects",
            value={"none_known": True, "projects": [project("Road", "existing")]},
        ),
        [("conservation", r"^  none_known:", 1)],
        name="contradiction",
    ),
    Case(
        "conservation.project-impact-assessment",
        projects(
            project("Car park", "existing"),
            project("Road", "proposed"),
            project("Hotel", "under-construction"),
            project("Museum", "planned", impact_assessment="Heritage impact assessment, 2025."),
        ),
        [("conservation", r"^  - name: Road", 1), ("conservation", r"^  - name: Hotel", 1)],
        name="proposed-and-under-construction",
    ),
    Case(
        "conservation.development-projects-review",
        setter("conservation", "development_projects", delete=True),
        [("conservation", r"^state_of_conservation:", 1)],
        name="not-written",
    ),
    # --- section 5 -------------------------------------------------------------------
    Case(
        "protection.not-in-force",
        chain(
            setter("protection", "designations", 0, "status", value="adopted"),
            setter("protection", "designations", 0, "name", value=""),
            setter("protection", "designations", 0, "date", value="2027-01-01"),
        ),
        [("protection", r"^  status: adopted", 1)],
        name="adopted-unnamed",
    ),
    Case(
        "protection.legal-text-missing",
        chain(
            setter("protection", "designations", 0, "document", delete=True),
            setter("protection", "designations", 0, "name", value=""),
        ),
        [("protection", r"^- id: mh", 1)],
        name="unnamed",
    ),
    Case(
        "protection.management-plan-missing",
        plan(text=""),
        [("protection", r"^  text:", 1)],
        name="not-described",
    ),
    Case(
        "protection.management-plan-missing",
        plans(PLAN, {"status": "none", "text": ""}, like(PLAN, document=None)),
        [
            ("protection", r"^- status: none", 1),
            ("protection", r"^  text: ''", 1),
            ("protection", r"^- title: Plan of the north fort", 2),
        ],
        name="several",
    ),
    Case(
        "protection.management-plan-draft",
        plan(status="in-preparation", valid_from="2026-02-01"),
        [("protection", r"^  status: in-preparation", 1), ("protection", r"^  valid_from:", 1)],
        name="in-preparation-from-february",
    ),
    Case(
        "protection.management-plan-expired",
        plans(PLAN, like(PLAN, title=None, valid_until="2025-06-30")),
        [("protection", r"^  valid_until:", 1)],
        name="second-of-two-untitled",
    ),
    Case(
        "protection.management-plan-coverage",
        plans(like(PLAN, covers_buffer_zone=False), like(PLAN, covers_buffer_zone=None)),
        [("protection", r"^  covers_buffer_zone: false", 1)],
        name="several",
    ),
    Case(
        "protection.management-plan-coverage",
        plan(covers_buffer_zone=None),
        [("protection", r"^  title: Management plan", 1)],
        name="not-said",
    ),
    Case(
        "serial.management-framework-missing",
        chain(two_sps, plan(covers_all_components=None)),
        [("protection", r"^  title: Management plan", 1)],
        name="transboundary",
    ),
    Case(
        "serial.management-framework-missing",
        chain(
            two_sps,
            setter("dossier", "property", "cross_border", value="transnational"),
            plans(
                like(PLAN, covers_all_components=False),
                like(PLAN, covers_all_components=None),
            ),
        ),
        [("protection", r"^  covers_all_components: false", 1)],
        name="transnational-stated",
    ),
    Case(
        "protection.risk-preparedness-missing",
        plan(risk_preparedness=False),
        [("protection", r"^  risk_preparedness: false", 1)],
        name="false",
    ),
    Case(
        "protection.risk-preparedness-missing",
        plans(PLAN, like(PLAN, title="Plan of the south fort", risk_preparedness=None)),
        [("protection", r"^- title: Plan of the south fort", 1)],
        name="second-of-two",
    ),
    Case(
        "protection.management-plan-language",
        plans(PLAN, like(PLAN, title="Plan of the south fort", language="ru")),
        [("protection", r"^  language: ru", 1)],
        name="second-of-two",
    ),
    Case(
        "protection.management-plan-translation-missing",
        chain(
            plan(language="de"),
            setter("documentation", "documents", 1, "language", value="en"),
            document(id="order-en", title="Order (English)", kind="legal", language="en"),
        ),
        [("protection", r"^  language: de", 1)],
        stage="submission",
        name="only-the-plan-itself-in-english",
    ),
    Case(
        "protection.management-plan-translation-missing",
        plans(PLAN, like(PLAN, title="Plan of the south fort", language="de")),
        [("protection", r"^  language: de", 1)],
        stage="submission",
        name="second-of-two",
    ),
    Case(
        "protection.management-plan-translation-missing",
        chain(
            setter("documentation", "documents", 1, "language", value="de"),
            document(id="summary", title="Summary in English", kind="other", language="en"),
            plans(
                like(PLAN, language="de", translation="summary"),
                like(PLAN, title="Plan of the south fort", language="de"),
            ),
        ),
        [("protection", r"^  language: de", 2)],
        stage="submission",
        name="second-after-a-named-version",
    ),
    # --- section 6 -------------------------------------------------------------------
    Case(
        "monitoring.indicator-periodicity",
        setter("monitoring", "indicators", 0, "periodicity", value="  "),
        [("monitoring", r"^- id: erosion", 1)],
        name="blank",
    ),
    Case(
        "monitoring.indicator-attributes",
        setter("monitoring", "indicators", 0, "attributes", value=[]),
        [("monitoring", r"^- id: erosion", 1)],
        name="empty",
    ),
]

PASSING: list[Case] = [
    *(
        Case(rule, no_part[part], [], name=f"no-{part}-part")
        for part, rule in (
            ("conservation", "conservation.factor-missing"),
            ("conservation", "conservation.development-projects-undisclosed"),
            ("conservation", "conservation.development-projects-review"),
            ("protection", "protection.designation-missing"),
            ("protection", "protection.management-plan-missing"),
            ("protection", "protection.effectiveness"),
            ("protection", "management.effectiveness"),
        )
    ),
    Case(
        "conservation.population-outdated",
        setter("conservation", "population", "year", value=2016),
        [],
        name="ten-years",
    ),
    Case(
        "conservation.population-outdated",
        setter("conservation", "population", "year", value=2026),
        [],
        name="same-year",
    ),
    Case(
        "conservation.population-breakdown-mismatch",
        setter(
            "conservation",
            "population",
            "breakdown",
            value=[
                {"zone": "North", "property": 0, "buffer_zone": 5},
                {"zone": "South", "property": 0, "buffer_zone": 7},
            ],
        ),
        [],
        name="sums-agree",
    ),
    Case(
        "conservation.development-projects-undisclosed",
        projects(project("Road", "existing")),
        [],
        name="projects-listed",
    ),
    Case(
        "protection.not-in-force",
        setter("protection", "designations", 0, "date", value="2026-01-15"),
        [],
        name="in-force-on-the-document-date",
    ),
    Case(
        "protection.management-plan-draft",
        plan(valid_from="2026-01-15"),
        [],
        name="applies-from-the-document-date",
    ),
    Case(
        "protection.management-plan-coverage",
        chain(no_buffer_zone, plan(covers_buffer_zone=False)),
        [],
        name="no-buffer-zone",
    ),
    Case(
        "protection.management-plan-coverage",
        plans(like(PLAN, covers_buffer_zone=False), PLAN),
        [],
        name="one-of-several",
    ),
    Case(
        "serial.management-framework-missing",
        plan(covers_all_components=False),
        [],
        name="one-state-party-not-serial",
    ),
    Case(
        "serial.management-framework-missing",
        chain(serial, plans(like(PLAN, covers_all_components=False), PLAN)),
        [],
        name="one-of-several-covers-all",
    ),
    Case(
        "protection.risk-preparedness-missing",
        plan(status="none", risk_preparedness=None),
        [],
        name="no-plan",
    ),
    Case(
        "protection.management-plan-language",
        plan(language="en"),
        [],
        name="english-plan",
    ),
    *(
        Case(
            "protection.management-plan-translation-missing",
            chain(
                plan(language="de"),
                document(
                    id=f"plan-{lang}", title="The plan", kind="management-plan", language=lang
                ),
            ),
            [],
            stage="submission",
            name=f"{lang}-version-annexed-unnamed",
        )
        for lang in ("en", "fr")
    ),
    Case(
        "protection.management-plan-translation-missing",
        chain(
            plan(language="de", translation="plan-fr"),
            document(id="plan-fr", title="The plan", kind="management-plan", language="fr"),
        ),
        [],
        stage="submission",
        name="french-version-named",
    ),
    Case(
        "protection.management-plan-translation-missing",
        plan(language="en"),
        [],
        stage="submission",
        name="english-plan",
    ),
    Case(
        "protection.management-plan-translation-missing",
        plan(language="de", status="none"),
        [],
        stage="submission",
        name="no-plan",
    ),
]
