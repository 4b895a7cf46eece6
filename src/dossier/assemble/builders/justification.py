"""Chapters 2-3, description and justification: attributes, criteria, comparative analysis, Statement of OUV."""

from __future__ import annotations

from typing import Any

from dossier.assemble.base import Assembler, Builder, T, cell, roman
from dossier.core import model as m
from dossier.core.ids import CULTURAL_CRITERIA
from dossier.load.textvalue import get


def attributes_table(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    attrs = [x for x in get(a.data, ("justification", "attributes")) or [] if isinstance(x, dict)]
    if not attrs:
        return []
    by_attr: dict[str, list[str]] = {}
    for c in get(a.data, ("justification", "criteria")) or []:
        for att in c.get("attributes") or []:
            by_attr.setdefault(att, []).append(roman(str(c.get("criterion"))))
    rows = []
    for x in attrs:
        desc = x.get("description")
        desc_text = desc if isinstance(desc, str) else ""
        rows.append(
            [
                cell(str(x.get("name"))),
                cell(desc_text),
                cell(" ".join(by_attr.get(str(x.get("id")), []))),
                cell(", ".join(str(c) for c in x.get("components") or [])),
            ]
        )
    L = a.L
    caption = a.L["caption_attributes"]
    return [
        a.table(
            "attributes",
            caption,
            [L["attribute"], L["description"], L["criterion"], L["components_col"]],
            rows,
            widths=(1.4, 3.5, 0.8, 1.0),
        )
    ]


def criteria(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    crit = [c for c in get(a.data, ("justification", "criteria")) or [] if isinstance(c, dict)]
    attrs = {
        str(x.get("id")): x
        for x in get(a.data, ("justification", "attributes")) or []
        if isinstance(x, dict)
    }
    for i, c in enumerate(crit):
        out.append(m.Heading(1, T(f"{a.L['criterion']} {roman(str(c.get('criterion')))}")))
        blocks, status = a.prose_blocks(f"justification.criteria.{i}.justification")
        out.extend(blocks if status != "missing" else [m.Notice("missing", a.L["not_provided"])])
        names = [str(attrs[x].get("name")) for x in c.get("attributes") or [] if x in attrs]
        if names:
            out.append(
                m.Para((m.Styled("b", T(f"{a.L['attributes']}: ")), *T("; ".join(names) + ".")))
            )
    return out


def criteria_short(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    for c in a.criteria:
        blocks, status = a.prose_blocks(f"justification.souv.criteria.{c}")
        if status == "missing":
            continue
        out.append(m.Heading(1, T(f"{a.L['criterion']} {roman(c)}")))
        out.extend(blocks)
    return out


def comparators(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    comps = [
        c
        for c in get(a.data, ("justification", "comparative_analysis", "comparators")) or []
        if isinstance(c, dict)
    ]
    if not comps:
        return []
    rows = []
    for c in comps:
        status = L.get(f"status_{c.get('status')}", str(c.get("status")))
        if c.get("year"):
            status += f" ({c.get('year')})"
        crit = " ".join(roman(x) for x in c.get("criteria") or [])
        rows.append(
            [
                cell(str(c.get("name"))),
                cell(str(c.get("state_party"))),
                cell(status),
                cell(L.get(f"scope_{c.get('scope')}", str(c.get("scope")))),
                cell(crit),
                cell("; ".join(str(s) for s in c.get("shared_attributes") or [])),
            ]
        )
    caption = a.L["caption_comparators"]
    table = a.table(
        "comparators",
        caption,
        [L["comparator"], L["country"], L["wh_status"], L["scope"], L["criterion"], L["shared"]],
        rows,
        widths=(2.0, 1.2, 1.4, 1.0, 0.8, 2.0),
    )
    out: list[m.Block] = [table]
    for i, c in enumerate(comps):
        blocks, status = a.prose_blocks(
            f"justification.comparative_analysis.comparators.{i}.comparison"
        )
        if status == "missing":
            continue
        out.append(m.Heading(2, T(str(c.get("name")))))
        out.extend(blocks)
    return out


def souv(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    out: list[m.Block] = []

    def part(label: str, path: str) -> None:
        out.append(m.Heading(2, T(label)))
        blocks, status = a.prose_blocks(path)
        out.extend(blocks if status != "missing" else [m.Notice("missing", L["not_provided"])])

    part(L["souv_a"], "justification.souv.brief_synthesis")
    out.append(m.Heading(2, T(L["souv_b"])))
    for c in a.criteria:
        blocks, status = a.prose_blocks(f"justification.souv.criteria.{c}")
        if status == "missing":
            out.append(m.Notice("missing", f"{L['criterion']} {roman(c)}: {L['not_provided']}"))
            continue
        first = blocks[0] if blocks else None
        if isinstance(first, m.Para):
            blocks[0] = m.Para(
                (m.Styled("b", T(f"{L['criterion']} {roman(c)}: ")), *first.inlines), first.lang
            )
        out.extend(blocks)
    part(L["souv_c"], "justification.souv.integrity")
    if any(c in CULTURAL_CRITERIA for c in a.criteria):
        part(L["souv_d"], "justification.souv.authenticity")
    part(L["souv_e"], "justification.souv.protection_management")
    return out


BUILDERS: dict[str, Builder] = {
    "table:attributes": attributes_table,
    "criteria": criteria,
    "criteria-short": criteria_short,
    "table:comparators": comparators,
    "souv": souv,
}
