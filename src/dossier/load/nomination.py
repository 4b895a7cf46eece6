"""Who nominates what, and how: States Parties, their components, Tentative List entries and
the kind of nomination, read the same way by the rules and the document builders.

A dossier with one State Party needs none of the newer fields: its components belong to
that State Party, and the older ``dates.tentative_list_entry`` / ``tentative_list_reference``
pair counts as its Tentative List entry. Nothing here raises for bad input; values of the
wrong shape are skipped (the schema reports them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dossier.load.textvalue import get
from dossier.load.yamlload import PathKey

KINDS = (
    "new",
    "resubmission",
    "extension",
    "significant-boundary-modification",
    "change-of-criteria",
    "minor-boundary-modification",
)
# Kinds that concern a property already on the World Heritage List.
ON_THE_LIST = (
    "extension",
    "significant-boundary-modification",
    "change-of-criteria",
    "minor-boundary-modification",
)
TL_ENTRIES: PathKey = ("tentative_list_entries",)


@dataclass(frozen=True)
class StateParty:
    index: int
    code: str
    name: Any  # a Name value (text, or text per language)


@dataclass(frozen=True)
class TentativeListEntry:
    """One Tentative List entry; ``path`` is where it is written (for findings)."""

    path: PathKey
    state_party: str | None
    reference: str | None
    name: Any
    date: str | None
    criteria: tuple[str, ...] | None  # None when the entry's criteria are not given
    category: str | None
    # True for the older dates.tentative_list_entry field (no criteria, no category).
    legacy: bool = False


def states_parties(data: dict[str, Any]) -> list[StateParty]:
    items = get(data, ("property", "states_parties"))
    out: list[StateParty] = []
    for i, sp in enumerate(items if isinstance(items, list) else []):
        if isinstance(sp, dict) and isinstance(sp.get("code"), str):
            out.append(StateParty(i, sp["code"], sp.get("name")))
    return out


def several_states_parties(data: dict[str, Any]) -> bool:
    return len(states_parties(data)) > 1


def cross_border(data: dict[str, Any]) -> str | None:
    """'transnational' or 'transboundary' for a nomination by several States Parties.

    Stated in property.cross_border, or else inferred: a serial property in several
    States Parties is transnational (OG paras. 137-138), a single one transboundary
    (para. 134). None for one State Party.
    """
    if not several_states_parties(data):
        return None
    stated = get(data, ("property", "cross_border"))
    if stated in ("transnational", "transboundary"):
        return str(stated)
    return "transnational" if get(data, ("property", "serial")) is True else "transboundary"


def coordinator(data: dict[str, Any]) -> str | None:
    """The coordinating State Party's code (the only one, for a single State Party)."""
    stated = get(data, ("property", "coordinating_state_party"))
    if isinstance(stated, str):
        return stated
    sps = states_parties(data)
    return sps[0].code if len(sps) == 1 else None


def components(data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    items = get(data, ("identification", "components"))
    return [
        (i, c)
        for i, c in enumerate(items if isinstance(items, list) else [])
        if isinstance(c, dict)
    ]


def component_state_party(data: dict[str, Any], component: dict[str, Any]) -> str | None:
    """The State Party a component lies in: its own state_party, else the only one."""
    stated = component.get("state_party")
    if isinstance(stated, str):
        return stated
    sps = states_parties(data)
    return sps[0].code if len(sps) == 1 else None


def _criteria(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    return tuple(c for c in value if isinstance(c, str))


def tentative_list_entries(data: dict[str, Any]) -> list[TentativeListEntry]:
    """Every Tentative List entry: tentative_list_entries, plus the older dates fields.

    The older ``dates.tentative_list_entry`` counts as an entry of the only State Party
    unless an entry of the list already has that date.
    """
    out: list[TentativeListEntry] = []
    sps = states_parties(data)
    only = sps[0].code if len(sps) == 1 else None
    items = get(data, TL_ENTRIES)
    for i, e in enumerate(items if isinstance(items, list) else []):
        if not isinstance(e, dict):
            continue
        out.append(
            TentativeListEntry(
                path=(*TL_ENTRIES, i),
                state_party=e["state_party"] if isinstance(e.get("state_party"), str) else only,
                reference=str(e["reference"]) if e.get("reference") is not None else None,
                name=e.get("name"),
                date=str(e["date"]) if e.get("date") is not None else None,
                criteria=_criteria(e.get("criteria")),
                category=e["category"] if isinstance(e.get("category"), str) else None,
            )
        )
    old = get(data, ("dates", "tentative_list_entry"))
    if old is not None and all(e.date != str(old) for e in out):
        ref = get(data, ("dates", "tentative_list_reference"))
        out.append(
            TentativeListEntry(
                path=("dates", "tentative_list_entry"),
                state_party=only,
                reference=str(ref) if ref is not None else None,
                name=None,
                date=str(old),
                criteria=None,
                category=None,
                legacy=True,
            )
        )
    return out


def kind(data: dict[str, Any]) -> str:
    """The kind of nomination; 'new' unless nomination.kind says otherwise."""
    stated = get(data, ("nomination", "kind"))
    return str(stated) if stated in KINDS else "new"


def claimed_criteria(data: dict[str, Any]) -> tuple[str, ...]:
    """The criteria claimed in 3.1.b, in the order written."""
    items = get(data, ("justification", "criteria"))
    return tuple(
        c["criterion"]
        for c in (items if isinstance(items, list) else [])
        if isinstance(c, dict) and isinstance(c.get("criterion"), str)
    )
