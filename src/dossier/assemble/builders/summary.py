"""Executive Summary and the short documents' summaries (site type, Tentative List entry)."""

from __future__ import annotations

from typing import Any

from dossier.assemble import parties
from dossier.assemble.base import Assembler, Builder, T, cell, dms, fmt_date, roman
from dossier.assemble.builders import nomination
from dossier.assemble.builders.contacts import contact, contact_pairs, contacts
from dossier.assemble.builders.identification import map_blocks
from dossier.assemble.builders.justification import souv
from dossier.core import model as m
from dossier.load.textvalue import get, name_text


def executive_summary(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    prop = a.data.get("property") or {}
    sps = ", ".join(parties.label(a, code) for code in parties.names(a))
    centre = ""
    if a.geo is not None:
        centre = dms(a, a.geo.property)
    maps = get(a.data, ("executive_summary", "maps")) or []
    # The opening says what kind of nomination this is (and on which Tentative List entries
    # it builds) before the fields of the official summary.
    pairs = [
        *nomination.opening_pairs(a),
        (L["states_parties"] if parties.several(a) else L["state_party"], sps),
        (L["region"], parties.region_text(a)),
        (L["property_name"], name_text(prop.get("name"), a.lang)),
        (L["coordinates"], centre),
        (L["criteria_es"], " ".join(roman(c) for c in a.criteria)),
    ]
    caption = a.L["caption_executive_summary"]
    rows = [[cell(k, header=True), m.Cell(_lines(a, v))] for k, v in pairs if v]
    blocks: list[m.Block] = [
        a.table("executive-summary", caption, ["", ""], rows, widths=(1, 2), kind="keyvalue"),
        *nomination.opening_blocks(a),
    ]
    text, status = a.prose_blocks("executive_summary.boundary_description")
    blocks.append(m.Heading(1, T(L["boundary_description"])))
    blocks.extend(text if status != "missing" else [m.Notice("missing", L["not_provided"])])
    if maps:
        # The Executive Summary carries its maps itself (Annex 5); section 1.e then refers
        # to them instead of printing them a second time.
        blocks.append(m.Heading(1, T(L["maps_es"])))
        for mid in maps:
            blocks.extend(map_blocks(a, str(mid)))
    blocks.append(m.Heading(1, T(L["souv_es"])))
    blocks.extend(souv(a, {}, sec))
    blocks.append(m.Heading(1, T(L["agency_es"])))
    blocks.extend(
        contact(a, {"contact": "contacts.agency"}, sec)
        + contacts(a, {"contacts": "contacts.agencies"}, sec)
        or [m.Notice("missing", L["not_provided"])]
    )
    return blocks


def _lines(a: Assembler, value: str) -> tuple[m.Inline, ...]:
    """Authors' text (see Assembler.rich) whose lines, one Tentative List entry each, are
    kept apart in the cell."""
    out: list[m.Inline] = []
    for i, line in enumerate(value.split("\n")):
        if i:
            out.append(m.LineBreak())
        out.extend(a.rich(line))
    return tuple(out)


def site_type(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    prop = a.data.get("property") or {}
    yn = {True: L["yes_no_yes"], False: L["yes_no_no"]}
    pairs = [
        (L["site_type"], L.get(f"category_{prop.get('category')}", str(prop.get("category")))),
        (L["serial"], yn[bool(prop.get("serial"))]),
        (L["transnational"], yn[parties.several(a)]),
        (L["cultural_landscape"], yn[bool(prop.get("cultural_landscape"))]),
    ]
    if parties.several(a):
        pairs.append((L["cross_border"], parties.kind_name(a)))
    return [a.keyvalue("site-type", L["site_type"], pairs)]


def tentative_list_summary(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    prop = a.data.get("property") or {}
    sps = ", ".join(parties.label(a, code) for code in parties.names(a))
    preps = [get(a.data, ("contacts", "preparer")), *(get(a.data, ("contacts", "preparers")) or [])]
    date = (
        get(a.data, ("tentative_list", "submission_date"))
        or get(a.data, ("dates", "document"))
        or ""
    )
    centre = dms(a, a.geo.property) if a.geo is not None else ""
    pairs = [
        (L["states_parties"] if parties.several(a) else L["state_party"], sps),
        (L["date_of_submission"], fmt_date(str(date), a.lang) if date else ""),
        (
            L["prepared_by"],
            "; ".join(
                ", ".join(v for _, v in contact_pairs(a, prep) if v)
                for prep in preps
                if isinstance(prep, dict)
            ),
        ),
        (L["property_name"], name_text(prop.get("name"), a.lang)),
        (L["region"], parties.region_text(a)),
        (L["latitude_longitude"], centre),
        (L["criteria_es"], " ".join(roman(c) for c in a.criteria)),
    ]
    return [a.keyvalue("tentative-list-summary", L["caption_tentative_list_summary"], pairs)]


BUILDERS: dict[str, Builder] = {
    "executive-summary": executive_summary,
    "site-type": site_type,
    "tentative-list-summary": tentative_list_summary,
}
