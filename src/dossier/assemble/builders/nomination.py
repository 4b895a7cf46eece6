"""The nomination's opening and its Tentative List entries: what kind of nomination this is
(new, resubmission, extension...), by whom, on which Tentative List entries it builds, and
why its criteria differ from theirs."""

from __future__ import annotations

from typing import Any

from dossier.assemble import parties
from dossier.assemble.base import Assembler, Builder, T, fmt_date
from dossier.core import model as m
from dossier.load import nomination as nom
from dossier.load.textvalue import get, name_text
from dossier.prose.markdown import QUOTES

NOM = ("nomination",)


def _entry_text(a: Assembler, e: nom.TentativeListEntry) -> str:
    """'Kazakhstan: entry 6571, “Name”, 25 August 2021; mixed; criteria (iii)(v)(viii)'."""
    head = [a.L["tl_entry_ref"].format(ref=e.reference)] if e.reference else []
    if e.name:
        opening, closing, _, _ = QUOTES.get(a.lang, QUOTES["en"])
        head.append(f"{opening}{name_text(e.name, a.lang)}{closing}")
    if e.date:
        head.append(fmt_date(e.date, a.lang))
    text = ", ".join(head)
    semicolon = "\u202f; " if a.lang == "fr" else "; "  # French: a thin space before ';'
    if e.category:
        text += f"{semicolon}{a.L.get(f'category_{e.category}', e.category).lower()}"
    if e.criteria:
        text += f"{semicolon}{a.L['criteria_word']} {parties.criteria_text(e.criteria)}"
    if e.state_party and parties.several(a):
        text = f"{parties.names(a).get(e.state_party, e.state_party)}{a.colon}{text}"
    return text


def opening_pairs(a: Assembler) -> list[tuple[str, str]]:
    """The rows the Executive Summary opens with: kind of nomination, States Parties,
    Tentative List entries, phase."""
    L = a.L
    pairs = [(L["nomination_kind"], parties.kind_text(a))]
    phase = get(a.data, ("property", "phased", "phase"))
    if isinstance(phase, int):
        pairs.append((L["phased"], L["phase_of_series"].format(phase=phase)))
    entries = nom.tentative_list_entries(a.data)
    if entries:
        label = L["tentative_list_entries"] if len(entries) > 1 else L["tentative_list_entry"]
        pairs.append((label, "\n".join(_entry_text(a, e) for e in entries)))
    return pairs


def opening_blocks(a: Assembler) -> list[m.Block]:
    """Prose that follows the opening rows: what changes, later phases, added parts."""
    out: list[m.Block] = []
    kind = nom.kind(a.data)
    if kind in nom.ON_THE_LIST:
        blocks, status = a.prose_blocks("nomination.changes")
        if status != "missing":
            out.append(m.Heading(1, T(a.L["what_changes"])))
            out.extend(blocks)
        added = [str(x) for x in get(a.data, (*NOM, "added_components")) or []]
        if added:
            comps = {str(c.get("id")): c for _, c in nom.components(a.data)}
            listed = [
                f"{x} {name_text(comps.get(x, {}).get('name'), a.lang)}".strip() for x in added
            ]
            out.append(
                m.Para(
                    (m.Styled("b", T(f"{a.L['added_components']}{a.colon}")), *T("; ".join(listed)))
                )
            )
    if isinstance(get(a.data, ("property", "phased")), dict):
        blocks, status = a.prose_blocks("property.phased.later_phases")
        if status != "missing":
            out.append(m.Heading(1, T(a.L["later_phases"])))
            out.extend(blocks)
    return out


def previous_decision(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    """A resubmission's answers to each request of the previous decision."""
    if nom.kind(a.data) != "resubmission":
        return []
    requests = get(a.data, (*NOM, "requests"))
    if not isinstance(requests, list) or not requests:
        return []
    decision = get(a.data, (*NOM, "previous_decision", "id")) or "–"
    out: list[m.Block] = [m.Heading(1, T(a.L["responses_to"].format(decision=decision)))]
    for i, req in enumerate(requests):
        if not isinstance(req, dict):
            continue
        title = a.L["request_n"].format(n=req.get("id") or i + 1)
        out.append(m.Heading(2, T(title)))
        blocks, status = a.prose_blocks(f"nomination.requests.{i}.request")
        if status != "missing":
            out.append(m.Quote(tuple(blocks)))
        blocks, status = a.prose_blocks(f"nomination.requests.{i}.response")
        out.extend(blocks if status != "missing" else [m.Notice("missing", a.L["not_provided"])])
        sections = [str(s) for s in req.get("sections") or []]
        if sections:
            out.append(
                m.Para(
                    (m.Styled("i", T(a.L["see_sections"].format(sections=", ".join(sections)))),)
                )
            )
    return out


def _differs(a: Assembler, e: nom.TentativeListEntry) -> bool:
    claimed = set(nom.claimed_criteria(a.data))
    category = get(a.data, ("property", "category"))
    return bool(
        (claimed and e.criteria is not None and set(e.criteria) != claimed)
        or (e.category is not None and isinstance(category, str) and e.category != category)
    )


def tentative_list_differences(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    """Why the proposed criteria or category differ from those of a Tentative List entry."""
    out: list[m.Block] = []
    claimed = nom.claimed_criteria(a.data)
    for e in nom.tentative_list_entries(a.data):
        if e.legacy or not _differs(a, e):
            continue
        blocks, status = a.prose_blocks(
            ".".join(str(p) for p in (*e.path, "criteria_difference_reason"))
        )
        if status == "missing":
            continue  # criteria.differ-from-tentative-list reports it
        ref = a.L["tl_entry_ref"].format(ref=e.reference) if e.reference else a.L["tl_entry"]
        out.append(m.Heading(1, T(a.L["tl_difference_heading"].format(entry=ref))))
        out.append(
            m.Para(
                T(
                    a.L["tl_difference_summary"].format(
                        entry=ref,
                        entry_criteria=parties.criteria_text(e.criteria or ()) or "–",
                        criteria=parties.criteria_text(claimed) or "–",
                    )
                )
            )
        )
        out.extend(blocks)
    return out


def tentative_list_entries(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    """Each Tentative List entry, with why the proposal differs from it and any note."""
    L = a.L
    out: list[m.Block] = []
    names = parties.names(a)
    for e in nom.tentative_list_entries(a.data):
        pairs = [
            (L["state_party"], names.get(e.state_party or "", e.state_party or "")),
            (L["tl_reference"], e.reference or ""),
            (L["tl_name"], name_text(e.name, a.lang)),
            (L["date_of_submission"], fmt_date(e.date, a.lang) if e.date else ""),
            (
                L["region"],
                name_text(get(a.data, (*e.path, "region")), a.lang) if not e.legacy else "",
            ),
            (L["tl_category"], L.get(f"category_{e.category}", "") if e.category else ""),
            (L["tl_criteria"], parties.criteria_text(e.criteria or ())),
        ]
        ident = f"tentative-list-entry-{e.reference or len(out) + 1}"
        out.append(a.keyvalue(ident, L["tentative_list_entry"], pairs))
        if e.legacy:
            continue
        base = ".".join(str(p) for p in e.path)
        for key, heading in (
            ("criteria_difference_reason", "tl_difference_reason"),
            ("note", "notes"),
        ):
            blocks, status = a.prose_blocks(f"{base}.{key}")
            if status != "missing":
                out.append(m.Heading(1, T(L[heading])))
                out.extend(blocks)
    return out


BUILDERS: dict[str, Builder] = {
    "previous-decision": previous_decision,
    "tentative-list-differences": tentative_list_differences,
    "tentative-list-entries": tentative_list_entries,
}
