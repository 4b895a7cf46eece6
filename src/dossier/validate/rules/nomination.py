"""Who nominates what, and how: States Parties and their component parts, Tentative List
entries, and the kind of nomination (resubmission, extension, boundary modification...).

A dossier with one State Party and a new nomination never meets these rules, except the
comparison of its criteria with those of its Tentative List entry when the entry's
criteria are given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dossier.core.ids import CRITERIA
from dossier.load import nomination as nom
from dossier.load.textvalue import name_text
from dossier.load.yamlload import PathKey
from dossier.validate.rulekit import Finding, Run, dict_entries, rule

NOMINATION: PathKey = ("nomination",)
SPS: PathKey = ("property", "states_parties")
COMPONENTS: PathKey = ("identification", "components")
# Written whenever a rule below applies: nom.kind() is "new" unless it is given.
KIND: PathKey = (*NOMINATION, "kind")


def criteria_text(criteria: Iterable[str]) -> str:
    """'(iii)(v)(x)', in the order of the Operational Guidelines."""
    wanted = set(criteria)
    return "".join(f"({c})" for c in CRITERIA if c in wanted)


def _sp_label(r: Run, code: str) -> str:
    """'Belgium (BE)'; the code alone when the name is the code or the State Party is not
    listed (the schema requires every State Party's name)."""
    for sp in nom.states_parties(r.data):
        if sp.code == code:
            name = name_text(sp.name)
            return f"{name} ({code})" if name != code else code
    return code


def _entry_label(e: nom.TentativeListEntry) -> str:
    return f"Tentative List entry {e.reference}" if e.reference else "the Tentative List entry"


# --- Tentative List entries --------------------------------------------------------------


@rule("tentative-list.entry-missing-for-state-party")
def entry_missing_for_state_party(r: Run) -> Iterator[Finding]:
    sps = nom.states_parties(r.data)
    if len(sps) < 2:
        return  # one State Party: the timetable rules ask for its entry
    entered = {e.state_party for e in nom.tentative_list_entries(r.data)}
    for sp in sps:
        if sp.code not in entered:
            yield Finding(
                (*SPS, sp.index),
                f"{_sp_label(r, sp.code)} has no Tentative List entry for this property; each "
                "State Party of a transboundary or transnational nomination enters it on its "
                "own Tentative List",
                f"Add an entry with 'state_party: {sp.code}' (reference, name, date, criteria, "
                "category) under tentative_list_entries in dossier.yaml.",
            )


@rule("criteria.differ-from-tentative-list")
def differ_from_tentative_list(r: Run) -> Iterator[Finding]:
    claimed = set(nom.claimed_criteria(r.data))
    category = r.get(("property", "category"))
    several = nom.several_states_parties(r.data)
    for e in nom.tentative_list_entries(r.data):
        if e.legacy:
            continue  # the older dates field gives no criteria to compare
        gaps: list[str] = []
        where: PathKey = e.path
        if claimed and e.criteria is not None and set(e.criteria) != claimed:
            named = f"criteria {criteria_text(e.criteria)}" if e.criteria else "no criterion"
            gaps.append(f"names {named} but the nomination proposes {criteria_text(claimed)}")
            where = (*e.path, "criteria")
        if isinstance(category, str) and e.category is not None and e.category != category:
            gaps.append(f"is {e.category} but the nomination is {category}")
            if where == e.path:
                where = (*e.path, "category")
        if not gaps or r.text((*e.path, "criteria_difference_reason")).present:
            continue
        entry = _entry_label(e)
        if several and e.state_party:
            entry += f" of {_sp_label(r, e.state_party)}"
        yield Finding(
            where,
            f"{entry[:1].upper()}{entry[1:]} {'; it '.join(gaps)}, and no reason is given",
            "Say why in criteria_difference_reason (printed in 3.1.b and in the Preliminary "
            "Assessment request), or align the criteria with the entry.",
            key=where != e.path,
        )


# --- several States Parties --------------------------------------------------------------


@rule("transnational.coordinator-missing")
def coordinator_missing(r: Run) -> Iterator[Finding]:
    if (
        nom.several_states_parties(r.data)
        and r.get(("property", "coordinating_state_party")) is None
    ):
        kind = nom.cross_border(r.data)
        yield Finding(
            SPS,
            f"this {kind} nomination by several States Parties names no coordinating State Party",
            "Add 'coordinating_state_party: <code>' under property in dossier.yaml: the State "
            "Party that submits the nomination on behalf of all of them.",
            key=True,
        )


@rule("transnational.component-state-party-missing")
def component_state_party_missing(r: Run) -> Iterator[Finding]:
    if not nom.several_states_parties(r.data):
        return
    codes = ", ".join(sp.code for sp in nom.states_parties(r.data))
    for i, comp in nom.components(r.data):
        if not isinstance(comp.get("state_party"), str):
            yield Finding(
                (*COMPONENTS, i),
                f"component {comp.get('id')} does not say in which State Party it lies",
                f"Add 'state_party:' ({codes}); 1.d and 1.f group the components by State Party.",
            )


@rule("transnational.state-party-without-component")
def state_party_without_component(r: Run) -> Iterator[Finding]:
    comps = nom.components(r.data)
    if not nom.several_states_parties(r.data) or not comps:
        return
    if any(not isinstance(c.get("state_party"), str) for _, c in comps):
        return  # transnational.component-state-party-missing comes first
    used = {c["state_party"] for _, c in comps}
    for sp in nom.states_parties(r.data):
        if sp.code not in used:
            yield Finding(
                (*SPS, sp.index),
                f"{_sp_label(r, sp.code)} is a State Party of the nomination but no component "
                "part lies in it",
                "Give the State Party's component parts 'state_party: "
                f"{sp.code}', or remove it from states_parties.",
            )


# --- kind of nomination ------------------------------------------------------------------


@rule("resubmission.decision-missing")
def decision_missing(r: Run) -> Iterator[Finding]:
    if nom.kind(r.data) != "resubmission":
        return
    decision = r.get((*NOMINATION, "previous_decision", "id"))
    if not (isinstance(decision, str) and decision.strip()):
        yield Finding(
            KIND,
            "this resubmission does not name the Committee decision on the earlier nomination",
            "Add 'previous_decision: {id: <e.g. 45 COM 8B.12>, outcome: referral|deferral}' "
            "under nomination.",
        )


@rule("resubmission.request-unanswered")
def request_unanswered(r: Run) -> Iterator[Finding]:
    if nom.kind(r.data) != "resubmission":
        return
    decision = r.get((*NOMINATION, "previous_decision", "id")) or "the previous decision"
    requests = r.get((*NOMINATION, "requests"))
    if not isinstance(requests, list) or not requests:
        yield Finding(
            (*NOMINATION, "requests") if requests is not None else KIND,
            f"this resubmission lists no request of {decision}, so it cannot show that each "
            "was answered",
            "List each request under nomination.requests with 'request:' and 'response:'.",
            key=True,
        )
        return
    for i, req in dict_entries(r, (*NOMINATION, "requests")):
        if not r.text((*NOMINATION, "requests", i, "response")).present:
            label = f"request {req['id']}" if req.get("id") else f"request {i + 1}"
            yield Finding(
                (*NOMINATION, "requests", i),
                f"{label} of {decision} has no response",
                "Write 'response:': how the dossier answers it, and where (sections:).",
            )


@rule("extension.inscribed-property-missing")
def inscribed_property_missing(r: Run) -> Iterator[Finding]:
    kind = nom.kind(r.data)
    if kind not in nom.ON_THE_LIST:
        return
    prop = r.get((*NOMINATION, "inscribed_property"))
    prop = prop if isinstance(prop, dict) else {}
    missing = [
        what
        for key, what in (("id", "its reference number"), ("name", "its name"))
        if prop.get(key) in (None, "")
    ]
    if missing:
        yield Finding(
            (*NOMINATION, "inscribed_property") if prop else KIND,
            f"this {kind.replace('-', ' ')} concerns a property on the World Heritage List but "
            f"does not give {' or '.join(missing)}",
            "Add 'inscribed_property: {id: <reference number>, name: <name as inscribed>}' "
            "under nomination.",
            key=True,
        )


@rule("extension.changes-missing")
def changes_missing(r: Run) -> Iterator[Finding]:
    kind = nom.kind(r.data)
    if kind in nom.ON_THE_LIST and not r.text((*NOMINATION, "changes")).present:
        yield Finding(
            (*NOMINATION, "changes") if r.get((*NOMINATION, "changes")) is not None else KIND,
            f"this {kind.replace('-', ' ')} does not say what changes (area, component parts or "
            "criteria added or removed) and why",
            "Describe it in 'changes:' under nomination.",
        )


@rule("nomination.minor-modification-format")
def minor_modification(r: Run) -> Iterator[Finding]:
    if nom.kind(r.data) == "minor-boundary-modification":
        yield Finding(
            KIND,
            "a minor boundary modification is requested with the Annex 11 format, which "
            "dossier does not produce; the nomination built here follows Annex 5",
            "Use the Annex 11 form for the request; a modification with a significant effect "
            "on the property is submitted as a new nomination (kind: "
            "significant-boundary-modification).",
        )
