"""Chapters 8-9, contacts and signatures."""

from __future__ import annotations

from typing import Any

from dossier.assemble import parties
from dossier.assemble.base import Assembler, Builder, T, cell, fmt_date
from dossier.core import model as m
from dossier.load.textvalue import dotted, get, name_text


def contact_pairs(a: Assembler, c: dict[str, Any]) -> list[tuple[str, str]]:
    L = a.L
    addr = ", ".join(str(c[k]) for k in ("address", "city", "region", "country") if c.get(k))
    sp = c.get("state_party")
    return [
        (L["state_party"], parties.names(a).get(sp, sp) if isinstance(sp, str) else ""),
        (L["name"], str(c.get("name") or "")),
        (L["title"], str(c.get("title") or "")),
        (L["institution"], name_text(c.get("institution"), a.lang)),
        (L["address"], addr),
        (L["phone"], str(c.get("phone") or "")),
        (L["email"], str(c.get("email") or "")),
        (L["website"], str(c.get("website") or "")),
    ]


def contact_blocks(a: Assembler, c: dict[str, Any], ident: str) -> list[m.Block]:
    """A numbered, captioned table of contact details (every table is in the list)."""
    pairs = [(k, v) for k, v in contact_pairs(a, c) if v]
    rows = [[cell(k, header=True), a.rcell(v)] for k, v in pairs]
    who = name_text(c.get("institution"), a.lang) or str(c.get("name") or "")
    caption = f"{a.L['caption_contact']}{a.colon}{who}" if who else a.L["caption_contact"]
    out: list[m.Block] = [
        a.table(
            "contact-" + ident.replace(".", "-").replace("_", "-"),
            caption,
            ["", ""],
            rows,
            widths=(1, 3),
            kind="keyvalue",
        )
    ]
    if c.get("illustrative"):
        out.append(m.Notice("illustrative", a.L["illustrative_contact"]))
    return out


def contact(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    c = get(a.data, dotted(str(item["contact"])))
    return contact_blocks(a, c, str(item["contact"])) if isinstance(c, dict) else []


def contacts(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    for i, c in enumerate(get(a.data, dotted(str(item["contacts"]))) or []):
        if isinstance(c, dict):
            out.extend(contact_blocks(a, c, f"{item['contacts']}.{i}"))
    return out


def website(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    w = get(a.data, ("contacts", "website"))
    if not isinstance(w, dict):
        return []
    if "not_applicable" in w:  # accepted, and reported by contacts.website-not-applicable
        return [
            m.Notice("not-applicable", f"{a.L['not_applicable']}{a.colon}{w['not_applicable']}")
        ]
    inl: list[m.Inline] = [m.Link(str(w.get("url")), T(str(w.get("url"))))]
    for key in ("contact", "email"):
        if w.get(key):
            inl.append(m.Text(f"; {w[key]}"))
    return [m.Para(tuple(inl))]


def _signature_block(a: Assembler, code: str, sp_name: str, s: dict[str, Any]) -> m.Table:
    """The captioned signature table of one State Party (empty values for a blank block)."""
    L = a.L
    date = fmt_date(str(s.get("date")), a.lang) if s.get("date") else ""
    rows = [
        [cell(L["state_party"], header=True), cell(sp_name)],
        [cell(L["name"], header=True), cell(str(s.get("name") or ""))],
        [cell(L["title"], header=True), cell(str(s.get("title") or ""))],
        [cell(L["place"], header=True), cell(str(s.get("place") or ""))],
        [cell(L["date"], header=True), cell(date)],
        [cell(L["signature"], header=True), cell("\u00a0")],
    ]
    ident = f"signature-{code}".lower()
    n = sum(1 for t in a.tables if t.id == ident or (t.id or "").startswith(ident + "-"))
    return a.table(
        ident if n == 0 else f"{ident}-{n + 1}",
        f"{L['caption_signature']}: {sp_name}",
        ["", ""],
        rows,
        widths=(1, 3),
        kind="signature",
    )


def signatures(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    """One signature block per State Party, in the order of states_parties.

    A State Party with no signature in the sources still gets its (empty) block, marked as
    not provided, so that a printed nomination leaves room for every State Party to sign.
    """
    names = parties.names(a)
    sigs = [s for s in get(a.data, ("signatures", "signatures")) or [] if isinstance(s, dict)]
    by_code: dict[str, list[dict[str, Any]]] = {}
    for s in sigs:
        by_code.setdefault(str(s.get("state_party")), []).append(s)
    out: list[m.Block] = []

    def add(code: str, label: str, s: dict[str, Any]) -> None:
        out.append(_signature_block(a, code, label, s))
        if s.get("illustrative"):
            out.append(m.Notice("illustrative", a.L["illustrative_signature"]))

    for code in names:
        signed = by_code.pop(code, [])
        for s in signed:
            add(code, parties.label(a, code), s)
        if not signed and (sigs or len(names) > 1):
            out.append(_signature_block(a, code, parties.label(a, code), {}))
            out.append(m.Notice("missing", a.L["signature_missing"]))
    for other, rest in by_code.items():  # State Parties the manifest does not list
        for s in rest:
            add(other, other, s)
    return out


BUILDERS: dict[str, Builder] = {
    "contact": contact,
    "contacts": contacts,
    "website": website,
    "signatures": signatures,
}
