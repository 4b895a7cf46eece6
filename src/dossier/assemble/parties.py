"""States Parties and the kind of nomination as the documents print them: names in the
document's language, the coordinating State Party, component parts grouped by State Party
(1.b, 1.d, 1.f), the sentence saying what kind of nomination this is, and the cover lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from dossier.core.ids import CRITERIA
from dossier.load import nomination
from dossier.load.textvalue import get, name_text


class Assembler(Protocol):
    """What these helpers read of dossier.assemble.base.Assembler."""

    data: dict[str, Any]
    lang: str
    L: dict[str, str]


@dataclass
class Group:
    """The component parts of one State Party (code None: parts that name none)."""

    code: str | None
    name: str
    components: list[dict[str, Any]] = field(default_factory=list)


def names(a: Assembler) -> dict[str, str]:
    """State Party code -> its name in the document's language, in the manifest's order."""
    return {
        sp.code: name_text(sp.name, a.lang) or sp.code for sp in nomination.states_parties(a.data)
    }


def several(a: Assembler) -> bool:
    return nomination.several_states_parties(a.data)


def label(a: Assembler, code: str) -> str:
    """The State Party's name, marked when it coordinates a nomination by several."""
    name = names(a).get(code, code)
    if several(a) and nomination.coordinator(a.data) == code:
        return f"{name} ({a.L['coordinating_state_party']})"
    return name


def groups(a: Assembler, components: list[dict[str, Any]]) -> list[Group]:
    """Components grouped by State Party, in the order of states_parties; empty groups kept."""
    by_code = {code: Group(code, name) for code, name in names(a).items()}
    loose = Group(None, a.L["state_party_unknown"])
    for comp in components:
        code = nomination.component_state_party(a.data, comp)
        group = by_code.get(code) if code is not None else None
        (group or loose).components.append(comp)
    out = list(by_code.values())
    if loose.components:
        out.append(loose)
    return out


def kind_name(a: Assembler) -> str:
    """'transnational serial property' or 'transboundary property', in the document language."""
    kind = nomination.cross_border(a.data)
    if kind is None:
        return ""
    prop = a.data.get("property")
    serial = isinstance(prop, dict) and prop.get("serial") is True
    return a.L[f"cross_border_{kind}{'_serial' if serial else ''}"]


def regions(a: Assembler) -> list[tuple[str, list[str]]]:
    """(State Party name, its regions) for each State Party, in the manifest's order.

    From property.regions; for a State Party it does not list, the regions of its
    component parts, each named once.
    """
    stated: dict[str, list[str]] = {}
    for r in get(a.data, ("property", "regions")) or []:
        if isinstance(r, dict) and isinstance(r.get("state_party"), str):
            stated.setdefault(r["state_party"], []).append(name_text(r.get("name"), a.lang))
    comps = [c for _, c in nomination.components(a.data)]
    out = []
    for group in groups(a, comps):
        found = stated.get(group.code or "") or list(
            dict.fromkeys(str(c.get("region")) for c in group.components if c.get("region"))
        )
        if found:
            out.append((group.name, found))
    return out


def region_text(a: Assembler) -> str:
    """1.b on one line: the region, or 'Kazakhstan: ...; Uzbekistan: ...' for several."""
    if several(a):
        found = regions(a)
        if found:
            return "; ".join(f"{name}: {', '.join(rs)}" for name, rs in found)
    return name_text(get(a.data, ("property", "region")), a.lang)


def criteria_text(criteria: tuple[str, ...] | list[str]) -> str:
    """'(iii)(v)(x)', in the order of the Operational Guidelines."""
    return "".join(f"({c})" for c in CRITERIA if c in criteria)


def inscribed(a: Assembler) -> str:
    """'Name (ref. 1103, inscribed in 2003, criteria (i)(iii))' for the property on the List."""
    prop = get(a.data, ("nomination", "inscribed_property"))
    if not isinstance(prop, dict):
        return ""
    name = name_text(prop.get("name"), a.lang)
    bits = []
    if prop.get("id") not in (None, ""):
        bits.append(a.L["inscribed_ref"].format(id=prop["id"]))
    if prop.get("year_inscribed"):
        bits.append(a.L["inscribed_year"].format(year=prop["year_inscribed"]))
    if isinstance(prop.get("criteria"), list) and prop["criteria"]:
        bits.append(f"{a.L['criteria_word']} {criteria_text(prop['criteria'])}")
    return f"{name} ({', '.join(bits)})" if bits else name


def kind_text(a: Assembler) -> str:
    """One sentence saying what kind of nomination this is."""
    kind = nomination.kind(a.data)
    if kind == "resubmission":
        decision = get(a.data, ("nomination", "previous_decision"))
        decision = decision if isinstance(decision, dict) else {}
        outcome = decision.get("outcome")
        key = (
            f"kind_resubmission_{outcome}"
            if outcome in ("referral", "deferral")
            else "kind_resubmission"
        )
        text = a.L[key].format(decision=decision.get("id") or "–")
    elif kind in nomination.ON_THE_LIST:
        text = a.L[f"kind_{kind.replace('-', '_')}"].format(property=inscribed(a) or "–")
    else:
        text = a.L["kind_new"]
    cross = kind_name(a)
    return f"{text} ({cross[:1].lower()}{cross[1:]})" if cross else text


def cover_lines(a: Assembler, date_text: str) -> list[tuple[str, str]]:
    """(label, value) lines of the cover: the States Parties (the coordinating one marked),
    the regions, what kind of nomination this is when it is not a new one, and the date."""
    L = a.L
    sps = list(names(a).values())
    # The renderers print the States Parties on their own line (Document.states_parties).
    lines = [(L["states_parties"] if len(sps) > 1 else L["state_party"], ", ".join(sps))]
    if several(a):
        coord = nomination.coordinator(a.data)
        if coord is not None:
            lines.append((L["coordinating_state_party_label"], names(a).get(coord, coord)))
        lines += [(name, ", ".join(found)) for name, found in regions(a)]
    else:
        lines.append((L["region"], region_text(a)))
    if nomination.kind(a.data) != "new":
        lines.append((L["nomination_kind"], kind_text(a)))
    lines.append((L["cover_date"], date_text))
    return lines
