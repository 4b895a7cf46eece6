"""Failing and passing cases of the rules about States Parties, Tentative List entries and
the kind of nomination (dossier.validate.rules.nomination and friends).

test_rules.py runs them with its own cases; each mutates the complete minimal dossier
(one State Party, France, a new nomination).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .conftest import Dossier
from .kit import Case, chain, serial, setter

TWO_SPS = [{"code": "FR", "name": "France"}, {"code": "BE", "name": "Belgium"}]


def entries(*items: dict[str, Any]) -> Callable[[Dossier], None]:
    return setter("dossier", "tentative_list_entries", value=list(items))


def entry(sp: str = "FR", **extra: Any) -> dict[str, Any]:
    return {"state_party": sp, "reference": "9001", "date": "2020-03-01", **extra}


two_sps = setter("dossier", "property", "states_parties", value=TWO_SPS)
coordinated = setter("dossier", "property", "coordinating_state_party", value="FR")


def sign_both(d: Dossier) -> None:
    with d.edit("signatures") as s:
        s["signatures"].append(
            {"state_party": "BE", "name": "Marie Dubois", "title": "Minister", "date": "2026-01-20"}
        )


def components_in(*codes: str) -> Callable[[Dossier], None]:
    def mutate(d: Dossier) -> None:
        with d.edit("identification") as ident:
            for comp, code in zip(ident["components"], codes, strict=True):
                comp["state_party"] = code

    return mutate


def kind(**fields: Any) -> Callable[[Dossier], None]:
    return setter("dossier", "nomination", value=fields)


DECISION = {"id": "47 COM 8B.12", "outcome": "deferral", "year": 2025}
ANSWERED = {"id": "a", "request": "Extend the comparative analysis.", "response": "See 3.2."}
INSCRIBED = {"id": 1234, "name": "Example Hill Fort", "year_inscribed": 2010, "criteria": ["iii"]}
CHANGES = "Adds the outer ditch, found in 2023, to the property."

CASES: list[Case] = [
    Case(
        "tentative-list.entry-missing-for-state-party",
        chain(two_sps, coordinated, sign_both, entries(entry("FR"))),
        [("dossier", r"- code: BE", 1)],
    ),
    Case(
        "tentative-list.entry-missing-for-state-party",
        chain(two_sps, coordinated, sign_both),
        [("dossier", r"- code: FR", 1), ("dossier", r"- code: BE", 1)],
        name="only-the-undivided-date",
    ),
    Case(
        "criteria.differ-from-tentative-list",
        entries(entry(category="cultural", criteria=["iv"])),
        [("dossier", r"^  criteria:", 1)],
    ),
    Case(
        "criteria.differ-from-tentative-list",
        entries(entry(category="natural", criteria=["iii"])),
        [("dossier", r"^  category: natural", 1)],
        docs=("preliminary-assessment",),
        name="category",
    ),
    Case(
        "transnational.coordinator-missing",
        chain(two_sps, sign_both),
        [("dossier", r"^  states_parties:", 1)],
    ),
    Case(
        "transnational.component-state-party-missing",
        chain(serial, two_sps, coordinated, sign_both, components_in("FR", "BE")),
        [],
        name="all-named",
    ),
    Case(
        "transnational.component-state-party-missing",
        chain(serial, two_sps, coordinated, sign_both),
        [("identification", r"id: '?001", 1), ("identification", r"id: '?002", 1)],
    ),
    Case(
        "transnational.state-party-without-component",
        chain(serial, two_sps, coordinated, sign_both, components_in("FR", "FR")),
        [("dossier", r"- code: BE", 1)],
    ),
    Case(
        "boundaries.outside-state-party",
        chain(
            setter(
                "dossier", "property", "states_parties", value=[{"code": "ES", "name": "Spain"}]
            ),
            setter("signatures", "signatures", 0, "state_party", value="ES"),
        ),
        [("identification", r"^  property:", 1)],
        extra={"says": ["Spain", "France", "not an authoritative border"]},
    ),
    Case(
        "resubmission.decision-missing",
        kind(kind="resubmission", requests=[ANSWERED]),
        [("dossier", r"^  kind: resubmission", 1)],
    ),
    Case(
        "resubmission.request-unanswered",
        kind(
            kind="resubmission",
            previous_decision=DECISION,
            requests=[ANSWERED, {"id": "b", "request": "Complete the legal protection."}],
        ),
        [("dossier", r"^  - id: b", 1)],
    ),
    Case(
        "resubmission.request-unanswered",
        kind(kind="resubmission", previous_decision=DECISION),
        [("dossier", r"^  kind: resubmission", 1)],
        name="no-request-listed",
    ),
    Case(
        "extension.inscribed-property-missing",
        kind(kind="extension", changes=CHANGES),
        [("dossier", r"^  kind: extension", 1)],
    ),
    Case(
        "extension.inscribed-property-missing",
        kind(kind="change-of-criteria", changes=CHANGES, inscribed_property={"name": "Fort"}),
        [("dossier", r"^  inscribed_property:", 1)],
        name="no-id",
    ),
    Case(
        "extension.changes-missing",
        kind(kind="significant-boundary-modification", inscribed_property=INSCRIBED),
        [("dossier", r"^  kind: significant-boundary-modification", 1)],
    ),
    Case(
        "nomination.minor-modification-format",
        kind(kind="minor-boundary-modification", inscribed_property=INSCRIBED, changes=CHANGES),
        [("dossier", r"^  kind: minor-boundary-modification", 1)],
    ),
    # --- the wording and the place of each finding (issue 23, mutation testing) --------
    Case(
        "tentative-list.entry-missing-for-state-party",
        chain(
            setter(
                "dossier",
                "property",
                "states_parties",
                value=[{"code": "FR", "name": "France"}, {"code": "BE", "name": "BE"}],
            ),
            coordinated,
            sign_both,
            entries(entry("FR")),
        ),
        [("dossier", r"- code: BE", 1)],
        extra={"says": ["BE has no Tentative List entry"]},
        name="name-is-the-code",
    ),
    Case(
        "criteria.differ-from-tentative-list",
        entries(
            {
                "state_party": "FR",
                "date": "2020-03-01",
                "category": "natural",
                "criteria": ["iv", "iii"],
            }
        ),
        [("dossier", r"^  criteria:", 1)],
        extra={
            "says": [
                "The Tentative List entry names criteria (iii)(iv) but the nomination proposes "
                "(iii); it is natural but the nomination is cultural, and no reason is given"
            ]
        },
        name="no-reference-criteria-and-category",
    ),
    Case(
        "criteria.differ-from-tentative-list",
        entries(entry(criteria=[])),
        [("dossier", r"^  criteria: \[\]", 1)],
        extra={"says": ["names no criterion but the nomination proposes (iii)"]},
        name="entry-names-no-criterion",
    ),
    Case(
        "criteria.differ-from-tentative-list",
        chain(
            two_sps,
            coordinated,
            sign_both,
            entries(
                entry("FR", category="cultural", criteria=["iii"]),
                entry("BE", category="cultural", criteria=["iv"]),
            ),
        ),
        [("dossier", r"^  criteria:", 2)],
        extra={"says": ["Tentative List entry 9001 of Belgium (BE) names criteria (iv)"]},
        name="second-state-party",
    ),
    Case(
        "resubmission.request-unanswered",
        kind(kind="resubmission", previous_decision=DECISION, requests=[]),
        [("dossier", r"^  requests: \[\]", 1)],
        name="empty-list",
    ),
    Case(
        "resubmission.request-unanswered",
        kind(previous_decision=DECISION, kind="resubmission"),
        [("dossier", r"^  kind: resubmission", 1)],
        name="no-request-listed-kind-last",
    ),
    Case(
        "resubmission.request-unanswered",
        kind(kind="resubmission", requests=[ANSWERED, {"request": "Complete the protection."}]),
        [("dossier", r"^  - request: Complete", 1)],
        extra={"says": ["request 2 of the previous decision has no response"]},
        name="no-id-no-decision",
    ),
    Case(
        "resubmission.request-unanswered",
        kind(kind="resubmission"),
        [("dossier", r"^  kind: resubmission", 1)],
        extra={"says": ["lists no request of the previous decision"]},
        name="no-decision-no-request",
    ),
    Case(
        "extension.inscribed-property-missing",
        kind(kind="extension", changes=CHANGES, inscribed_property={"id": "", "name": "Fort"}),
        [("dossier", r"^  inscribed_property:", 1)],
        extra={"says": ["does not give its reference number"]},
        name="empty-id",
    ),
    Case(
        "extension.inscribed-property-missing",
        kind(changes=CHANGES, kind="extension"),
        [("dossier", r"^  kind: extension", 1)],
        name="kind-last",
    ),
    Case(
        "extension.changes-missing",
        kind(kind="extension", inscribed_property=INSCRIBED, changes=""),
        [("dossier", r"^  changes:", 1)],
        name="empty",
    ),
    Case(
        "conservation.population-breakdown-mismatch",
        setter(
            "conservation",
            "population",
            "breakdown",
            value=[{"zone": "North", "property": 0, "buffer_zone": 10}],
        ),
        [("conservation", r"^  buffer_zone: 12", 1)],
    ),
    # The timetable reads the entries of the list as well as the older dates field.
    Case(
        "timetable.tentative-list-too-late",
        chain(
            setter("dossier", "dates", "tentative_list_entry", delete=True),
            entries(entry(date="2025-06-01", criteria=["iii"])),
        ),
        [("dossier", r"^  date: '2025-06-01'", 1)],
        name="entries",
    ),
    Case(
        "contacts.incomplete",
        chain(
            setter("contacts", "agency", delete=True),
            setter(
                "contacts",
                "agencies",
                value=[
                    {
                        "name": "Agence A",
                        "address": "1 rue",
                        "country": "France",
                        "email": "a@x.fr",
                    },
                    {"name": "Agence B", "state_party": "FR", "country": "France"},
                ],
            ),
        ),
        [("contacts", r"^- name: Agence B", 1)],
        name="agencies",
    ),
    Case(
        "serial.management-framework-missing",
        chain(
            serial,
            setter("protection", "management_plan", "covers_all_components", value=False),
            setter("protection", "management_framework", value=""),
        ),
        [("protection", r"^  covers_all_components:", 1)],
        name="empty-framework",
    ),
]

PASSING: list[Case] = [
    Case(
        "tentative-list.entry-missing-for-state-party",
        chain(two_sps, coordinated, sign_both, entries(entry("FR"), entry("BE"))),
        [],
        name="one-each",
    ),
    Case(
        "criteria.differ-from-tentative-list",
        entries(entry(category="cultural", criteria=["iii"])),
        [],
        name="same-criteria",
    ),
    Case(
        "criteria.differ-from-tentative-list",
        entries(
            entry(
                category="cultural",
                criteria=["iv"],
                criteria_difference_reason="The comparative analysis supports (iii), not (iv).",
            )
        ),
        [],
        name="reason-given",
    ),
    Case(
        "criteria.differ-from-tentative-list",
        entries(entry()),
        [],
        name="entry-criteria-unknown",
    ),
    Case("transnational.coordinator-missing", chain(two_sps, coordinated, sign_both), []),
    Case(
        "transnational.state-party-without-component",
        chain(serial, two_sps, coordinated, sign_both, components_in("FR", "BE")),
        [],
        name="one-each",
    ),
    Case(
        "boundaries.outside-state-party",
        chain(
            setter(
                "dossier",
                "property",
                "states_parties",
                value=[{"code": "FR", "name": "France"}, {"code": "ES", "name": "Spain"}],
            ),
            setter("dossier", "property", "cross_border", value="transboundary"),
        ),
        [],
        name="transboundary-in-one-of-them",
    ),
    Case(
        "resubmission.request-unanswered",
        kind(kind="resubmission", previous_decision=DECISION, requests=[ANSWERED]),
        [],
        name="answered",
    ),
    Case("resubmission.decision-missing", kind(kind="new"), [], name="new"),
    Case(
        "resubmission.decision-missing",
        kind(kind="resubmission", previous_decision=DECISION, requests=[ANSWERED]),
        [],
        name="named",
    ),
    Case(
        "extension.changes-missing",
        kind(kind="extension", inscribed_property=INSCRIBED, changes=CHANGES),
        [],
        name="described",
    ),
    Case(
        "transnational.state-party-without-component",
        chain(two_sps, coordinated, sign_both),
        [],
        name="no-component-listed",
    ),
    Case(
        "extension.inscribed-property-missing",
        kind(kind="extension", inscribed_property=INSCRIBED, changes=CHANGES),
        [],
        name="named",
    ),
    Case(
        "conservation.population-breakdown-mismatch",
        chain(
            setter("conservation", "population", "property", delete=True),
            setter("conservation", "population", "buffer_zone", delete=True),
            setter(
                "conservation",
                "population",
                "breakdown",
                value=[{"zone": "North", "property": 0, "buffer_zone": 10}],
            ),
        ),
        [],
        name="sums-only",
    ),
    Case(
        "serial.management-framework-missing",
        chain(
            serial,
            setter("protection", "management_plan", "covers_all_components", value=False),
            setter(
                "protection",
                "management_framework",
                value="A joint committee of the two municipalities coordinates both forts.",
            ),
        ),
        [],
        name="framework-described",
    ),
    Case(
        "contacts.incomplete",
        chain(
            setter("contacts", "preparer", delete=True),
            setter(
                "contacts",
                "preparers",
                value=[{"name": "A", "email": "a@x.fr"}, {"name": "B", "phone": "+33 1"}],
            ),
        ),
        [],
        name="preparers",
    ),
]
