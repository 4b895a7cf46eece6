"""Sections 4-6 rules: factors, development projects, legal protection, management, monitoring."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dossier.load import nomination
from dossier.load.yamlload import PathKey
from dossier.validate.rulekit import Finding, Run, dict_entries, parse_date, rule

FACTORS = ("conservation", "factors")
PROJECTS = ("conservation", "development_projects")
DESIG = ("protection", "designations")
PLAN = ("protection", "management_plan")
PLANS = ("protection", "management_plans")
FRAMEWORK = ("protection", "management_framework")
POPULATION = ("conservation", "population")
IND = ("monitoring", "indicators")

_FACTOR_LABELS = (
    ("development", "(i) development pressures"),
    ("environmental", "(ii) environmental pressures"),
    ("disasters", "(iii) natural disasters and risk preparedness"),
    ("visitation", "(iv) responsible visitation"),
)


# --- section 4 -------------------------------------------------------------------------


@rule("conservation.factor-missing")
def factor_missing(r: Run) -> Iterator[Finding]:
    if not r.has_part("conservation"):
        return
    for key, label in _FACTOR_LABELS:
        path = (*FACTORS, key)
        if not r.text(path).addressed(optional=True):
            yield Finding(
                path if r.get(path) is not None else FACTORS,
                f"factor 4.b {label} is not addressed",
                "Describe it, or write {not_applicable: <reason>} if it does not apply.",
            )


@rule("conservation.population-outdated")
def population_outdated(r: Run) -> Iterator[Finding]:
    year = r.get(("conservation", "population", "year"))
    ref = r.document_date()
    if not isinstance(year, int) or ref is None:
        return
    if year > ref.year:
        yield Finding(
            ("conservation", "population", "year"),
            f"the population estimate is dated {year}, after the document ({ref.isoformat()})",
        )
    elif ref.year - year > 10:
        yield Finding(
            ("conservation", "population", "year"),
            f"the population estimate dates from {year}, {ref.year - year} years before the "
            "document",
            "Give a recent estimate of the inhabitants of the property and the buffer zone.",
        )


@rule("conservation.population-breakdown-mismatch")
def population_breakdown(r: Run) -> Iterator[Finding]:
    rows = dict_entries(r, (*POPULATION, "breakdown"))
    if not rows:
        return
    for key, where in (("property", "the property"), ("buffer_zone", "the buffer zone")):
        stated = r.get((*POPULATION, key))
        total = sum(int(row.get(key) or 0) for _, row in rows)
        if isinstance(stated, int) and stated != total:
            yield Finding(
                (*POPULATION, key),
                f"{stated:,} inhabitants are stated within {where}, but the breakdown adds up "
                f"to {total:,}",
                f"Correct the figures, or leave out '{key}:' so that the sum is used.",
            )


@rule("conservation.development-projects-undisclosed")
def projects_undisclosed(r: Run) -> Iterator[Finding]:
    if not r.has_part("conservation"):
        return
    dp = r.get(PROJECTS)
    if not isinstance(dp, dict):
        yield Finding(
            (*FACTORS, "development") if r.get((*FACTORS, "development")) is not None else FACTORS,
            "development projects in or near the property are not disclosed "
            "(conservation.development_projects)",
            "ICOMOS and IUCN ask for them during evaluation: list them under "
            "development_projects.projects, or write 'development_projects: {none_known: true}' "
            "(this tool's way to say that none is known).",
        )
        return
    projects = dp.get("projects") or []
    if dp.get("none_known") is True and projects:
        yield Finding(
            (*PROJECTS, "none_known"),
            "none_known: true contradicts the projects listed below it",
            "Remove none_known, or the projects.",
        )
    elif dp.get("none_known") is not True and not projects:
        yield Finding(
            PROJECTS,
            "no development project is listed and none_known: true is not stated",
            "Disclose every known project in or near the property, or state none_known: true.",
        )


@rule("conservation.project-impact-assessment")
def project_impact(r: Run) -> Iterator[Finding]:
    for i, p in dict_entries(r, (*PROJECTS, "projects")):
        if p.get("status") in ("planned", "proposed", "under-construction") and not p.get(
            "impact_assessment"
        ):
            yield Finding(
                (*PROJECTS, "projects", i),
                f"project '{p.get('name')}' ({p.get('status')}) names no heritage or "
                "environmental impact assessment",
                "Say whether a heritage/environmental impact assessment was made "
                "(impact_assessment:).",
            )


@rule("conservation.development-projects-review")
def projects_review(r: Run) -> Iterator[Finding]:
    if r.has_part("conservation"):
        yield Finding(
            PROJECTS if r.get(PROJECTS) is not None else ("conservation",),
            "check with the authorities that every development project in or near the property "
            "(roads, pipelines, mining, tourism...) is disclosed; ICOMOS and IUCN ask for them",
        )


# --- section 5 -------------------------------------------------------------------------


@rule("protection.designation-missing")
def designation_missing(r: Run) -> Iterator[Finding]:
    if r.has_part("protection") and not dict_entries(r, DESIG):
        yield Finding(
            DESIG,
            "no protective designation (legal instrument) is listed in 5.b",
            "Every property needs adequate long-term legislative or regulatory protection.",
        )


@rule("protection.not-in-force")
def not_in_force(r: Run) -> Iterator[Finding]:
    ref = r.document_date()
    for i, d in dict_entries(r, DESIG):
        name = d.get("name") or d.get("id")
        status = d.get("status")
        day = parse_date(d.get("date"))
        if isinstance(status, str) and status != "in-force":
            yield Finding(
                (*DESIG, i, "status"),
                f"the protective designation '{name}' is {status}, not in force; only "
                "protection in force counts at evaluation",
                "Complete the legal protection before submission, or explain the timetable.",
            )
        elif day is not None and ref is not None and day > ref:
            yield Finding(
                (*DESIG, i, "date"),
                f"the protective designation '{name}' comes into force on {day.isoformat()}, "
                f"after the document date ({ref.isoformat()})",
            )


@rule("protection.legal-text-missing")
def legal_text_missing(r: Run) -> Iterator[Finding]:
    for i, d in dict_entries(r, DESIG):
        if not d.get("document"):
            yield Finding(
                (*DESIG, i),
                f"the legal text of '{d.get('name') or d.get('id')}' is not annexed in 7.b",
                "Add it to documentation.documents and name it with 'document: <id>'.",
            )


def _plans(r: Run) -> list[tuple[PathKey, dict[str, Any]]]:
    """(where, plan) of management_plan and of each entry of management_plans."""
    out: list[tuple[PathKey, dict[str, Any]]] = []
    plan = r.get(PLAN)
    if isinstance(plan, dict):
        out.append((PLAN, plan))
    out += [((*PLANS, i), p) for i, p in dict_entries(r, PLANS)]
    return out


def _which(path: PathKey, plan: dict[str, Any]) -> str:
    """'the management plan', or for one of several 'management plan '<title>'', else
    'management plan 2' (counted from 1)."""
    if path == PLAN:
        return "the management plan"
    title = plan.get("title")
    return f"management plan '{title}'" if title else f"management plan {int(path[-1]) + 1}"


@rule("protection.management-plan-missing")
def plan_missing(r: Run) -> Iterator[Finding]:
    if not r.has_part("protection"):
        return
    plans = _plans(r)
    if not plans:
        yield Finding(PLAN, "no management plan or documented management system (5.e)")
        return
    for path, plan in plans:
        which = _which(path, plan)
        if plan.get("status") == "none":
            yield Finding(
                (*path, "status"),
                "the property has no management plan or documented management system"
                if path == PLAN
                else f"{which} is marked as none",
                "Every nominated property needs an appropriate management plan or system.",
            )
        elif not plan.get("document"):
            yield Finding(
                path,
                f"{which} is not annexed (its document names no text of 7.b)",
                "Annex the plan in 7.b (documentation.documents) and name it with "
                "'document: <id>'.",
            )
        if not r.text((*path, "text")).present:
            yield Finding(
                (*path, "text") if "text" in plan else path,
                f"section 5.e does not describe {which}",
            )


@rule("protection.management-plan-draft")
def plan_draft(r: Run) -> Iterator[Finding]:
    ref = r.document_date()
    for path, plan in _plans(r):
        which = _which(path, plan)
        if plan.get("status") in ("draft", "in-preparation"):
            yield Finding(
                (*path, "status"),
                f"{which} is {plan['status']}; a property may be nominated while its plan is "
                "finalised (OG para. 115) if the nomination says when it will be in place and "
                "how it will be resourced",
                "Say in 5.e when the plan will be adopted and which interim documents guide "
                "management meanwhile; ICOMOS advises finalising the plan before submission.",
            )
        start = parse_date(plan.get("valid_from"))
        if start is not None and ref is not None and start > ref:
            yield Finding(
                (*path, "valid_from"),
                f"{which} only applies from {start.isoformat()}, after the document "
                f"date ({ref.isoformat()})",
            )


@rule("protection.management-plan-expired")
def plan_expired(r: Run) -> Iterator[Finding]:
    ref = r.document_date()
    for path, plan in _plans(r):
        end = parse_date(plan.get("valid_until"))
        if end is not None and ref is not None and end < ref:
            yield Finding(
                (*path, "valid_until"),
                f"{_which(path, plan)} expired on {end.isoformat()}, before the document date "
                f"({ref.isoformat()})",
                "Renew the plan, or describe the management in force now.",
            )


@rule("protection.management-plan-coverage")
def plan_coverage(r: Run) -> Iterator[Finding]:
    plans = _plans(r)
    has_buffer = r.get(("identification", "boundaries", "buffer_zone")) is not None
    if not plans or not has_buffer:
        return
    if any(plan.get("covers_buffer_zone") is True for _, plan in plans):
        return
    path, plan = plans[0]
    yield Finding(
        (*path, "covers_buffer_zone") if "covers_buffer_zone" in plan else path,
        "no management plan says that it covers the buffer zone"
        if len(plans) > 1
        else "the management plan does not say that it covers the buffer zone",
        "Set covers_buffer_zone: true if it does; otherwise say how the buffer zone is managed.",
    )


@rule("serial.management-framework-missing")
def serial_framework(r: Run) -> Iterator[Finding]:
    plans = _plans(r)
    transnational = nomination.several_states_parties(r.data)
    if not plans or not (r.is_serial() or transnational):
        return
    if any(plan.get("covers_all_components") is True for _, plan in plans):
        return
    if r.text(FRAMEWORK).present:
        return
    what = "serial" if r.is_serial() else nomination.cross_border(r.data) or "transnational"
    path, plan = plans[0]
    yield Finding(
        (*path, "covers_all_components") if "covers_all_components" in plan else path,
        f"the property is {what} but no management plan is stated to cover all components "
        "(covers_all_components) and no overall management framework is described",
        "Describe the overall management framework or coordination mechanism for all "
        "components in management_framework, or set covers_all_components: true on the plan "
        "that covers them all.",
    )


@rule("protection.risk-preparedness-missing")
def risk_preparedness(r: Run) -> Iterator[Finding]:
    for path, plan in _plans(r):
        if plan.get("status") != "none" and plan.get("risk_preparedness") is not True:
            yield Finding(
                (*path, "risk_preparedness") if "risk_preparedness" in plan else path,
                f"{_which(path, plan)} is not stated to address disaster, climate-change and "
                "risk preparedness",
                "Include risk preparedness in the plan and set risk_preparedness: true.",
            )


@rule("protection.management-plan-language")
def plan_language(r: Run) -> Iterator[Finding]:
    for path, plan in _plans(r):
        lang = plan.get("language")
        if isinstance(lang, str) and lang not in ("en", "fr"):
            yield Finding(
                (*path, "language"),
                f"{_which(path, plan)} is in '{lang}': check that 5.e gives a detailed "
                "description of its provisions in English or French (or annex a translation)",
            )


def _annexed(r: Run) -> dict[str, dict[str, Any]]:
    """The documents annexed in 7.b, by id."""
    return {
        str(d["id"]): d for _, d in dict_entries(r, ("documentation", "documents")) if "id" in d
    }


@rule("protection.management-plan-translation-missing")
def plan_translation_missing(r: Run) -> Iterator[Finding]:
    """A plan in another language is annexed with an English or French version (5.e)."""
    docs = _annexed(r)
    for path, plan in _plans(r):
        lang = plan.get("language")
        if not isinstance(lang, str) or lang in ("en", "fr") or plan.get("status") == "none":
            continue
        which = _which(path, plan)
        named = plan.get("translation")
        if isinstance(named, str):
            version = docs.get(named)
            if version is not None and version.get("language") not in ("en", "fr"):
                yield Finding(
                    (*path, "translation"),
                    f"the version of {which} annexed as '{named}' is not said to be in "
                    "English or French",
                    f"Give documentation.documents '{named}' language: en (or fr).",
                )
            continue  # an unknown id is reported by the reference check
        others = [
            d
            for d in docs.values()
            if d.get("kind") == "management-plan"
            and d.get("language") in ("en", "fr")
            and d.get("id") != plan.get("document")
        ]
        if not others:
            yield Finding(
                (*path, "language"),
                f"{which} is in '{lang}', and no English or French version or detailed "
                "description of its provisions is annexed beside the original",
                "Annex the English or French version in 7.b (kind: management-plan, "
                "language: en or fr) and name it with 'translation: <id>'.",
            )


@rule("protection.effectiveness")
def protection_effectiveness(r: Run) -> Iterator[Finding]:
    if r.has_part("protection"):
        yield Finding(
            DESIG if r.get(DESIG) is not None else ("protection",),
            "judge whether the legal protection is effective and enforced in practice, including "
            "in the buffer zone, and not only on paper",
        )


@rule("management.effectiveness")
def management_effectiveness(r: Run) -> Iterator[Finding]:
    if r.has_part("protection"):
        plans = _plans(r)
        yield Finding(
            plans[0][0] if plans else ("protection",),
            "judge whether management is effective: resources, staffing, participation of "
            "communities and rights-holders, risk and disaster planning",
        )


# --- section 6 -------------------------------------------------------------------------


def _indicator_rule(r: Run, field: str, what: str, hint: str) -> Iterator[Finding]:
    for i, ind in dict_entries(r, IND):
        value = ind.get(field)
        if not (isinstance(value, str) and value.strip()):
            yield Finding(
                (*IND, i),
                f"indicator '{ind.get('id')}' ({ind.get('indicator')}) has no {what}",
                hint,
            )


@rule("monitoring.indicator-periodicity")
def indicator_periodicity(r: Run) -> Iterator[Finding]:
    yield from _indicator_rule(
        r, "periodicity", "periodicity", "Add 'periodicity:' (e.g. annually)."
    )


@rule("monitoring.indicator-responsible")
def indicator_responsible(r: Run) -> Iterator[Finding]:
    yield from _indicator_rule(
        r, "responsible", "responsible body", "Add 'responsible:' (the body that measures it)."
    )


@rule("monitoring.indicator-records")
def indicator_records(r: Run) -> Iterator[Finding]:
    yield from _indicator_rule(
        r, "records", "location of records", "Add 'records:' (where the records are kept)."
    )


@rule("monitoring.indicator-attributes")
def indicator_attributes(r: Run) -> Iterator[Finding]:
    for i, ind in dict_entries(r, IND):
        if not ind.get("attributes"):
            yield Finding(
                (*IND, i),
                f"indicator '{ind.get('id')}' is tied to no attribute of the property",
                "Add 'attributes: [<attribute id>]' naming what it tracks.",
            )
