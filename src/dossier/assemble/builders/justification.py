"""Chapters 2-3, description and justification: attributes, criteria, comparative analysis, Statement of OUV."""

from __future__ import annotations

import re
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
    # When the prose uses the attributes' ids as codes (A01...), the table defines them.
    codes = _codes_in_prose(a, [str(x.get("id")) for x in attrs])
    short = item.get("columns") == "short"
    rows = []
    for i, x in enumerate(get(a.data, ("justification", "attributes")) or []):
        if not isinstance(x, dict):
            continue
        row = [cell(str(x.get("id") or ""))] if codes else []
        row.append(a.rcell(x.get("name")))
        if not short:
            row.append(a.rcell(None, path=f"justification.attributes.{i}.description"))
        row.append(cell(" ".join(by_attr.get(str(x.get("id")), []))))
        if not short:
            row.append(cell(", ".join(str(c) for c in x.get("components") or [])))
        rows.append(row)
    L = a.L
    caption = a.L["caption_attributes"]
    if short:
        header = [L["attribute"], L["criteria_col"]]
        widths: tuple[float, ...] = (4.0, 1.0)
    else:
        header = [L["attribute"], L["description"], L["criteria_col"], L["components_col"]]
        widths = (1.5, 3.3, 0.8, 0.95)
    if codes:
        header.insert(0, L["attribute_id"])
        widths = (0.55, *widths)
    return [a.table("attributes", caption, header, rows, widths=widths)]


_CODE = re.compile(r"^[A-Za-z]{0,4}[-_.]?\d+[A-Za-z]?$")


def _codes_in_prose(a: Assembler, ids: list[str]) -> bool:
    """Whether the prose of the dossier names attributes by code-like ids ("A01, A02");
    word-like ids ("ramparts") are the authors' keys, never printed."""
    from dossier.validate.prose_index import prose_sources

    wanted = [i for i in ids if _CODE.match(i)]
    if not wanted:
        return False
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, wanted)) + r")(?![\w-])")
    texts, _ = prose_sources(a.src)
    return any(pattern.search(ps.text) for ps in texts)


def criteria(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    crit = [c for c in get(a.data, ("justification", "criteria")) or [] if isinstance(c, dict)]
    attrs = {
        str(x.get("id")): x
        for x in get(a.data, ("justification", "attributes")) or []
        if isinstance(x, dict)
    }
    for i, c in enumerate(crit):
        label = f"{a.L['criterion']} {roman(str(c.get('criterion')))}"
        out.append(m.Heading(1, T(label)))
        blocks, status = a.prose_blocks(f"justification.criteria.{i}.justification")
        if status == "missing":
            out.append(m.Notice("missing", a.L["not_provided"]))
        else:
            out.extend(without_label(blocks, label))
        ids = [x for x in c.get("attributes") or [] if x in attrs]
        names = [m.plain_text(a.rich(attrs[x].get("name"))) for x in ids]
        # A justification that tabulates its attributes by code needs no second list.
        said = " ".join(_texts(blocks)) if status != "missing" else ""
        if names and not all(re.search(rf"(?<![\w-]){re.escape(x)}(?![\w-])", said) for x in ids):
            out.append(
                m.Para(
                    (m.Styled("b", T(f"{a.L['attributes']}{a.colon}")), *T("; ".join(names) + "."))
                )
            )
    return out


def _texts(blocks: list[m.Block]) -> list[str]:
    """The plain text of blocks, table cells included (to see what they already say)."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, m.Para | m.Heading):
            out.append(m.plain_text(b.inlines))
        elif isinstance(b, m.Table):
            out.extend(m.plain_text(c.inlines) for row in b.rows for c in row)
        elif isinstance(b, m.ListBlock):
            out.extend(_texts([x for item in b.items for x in item]))
    return out


def criteria_short(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    """Each criterion met, with its justification (the criterion's paragraph of the SOUV)."""
    out: list[m.Block] = []
    for c in a.criteria:
        blocks, status = a.prose_blocks(f"justification.souv.criteria.{c}")
        if status == "missing":
            continue
        label = f"{a.L['criterion']} {roman(c)}"
        out.append(m.Heading(1, T(label)))
        out.extend(without_label(blocks, label))
    return out


def without_label(blocks: list[m.Block], label: str) -> list[m.Block]:
    """The blocks without a leading "Criterion (iii):" that repeats the printed label.

    Authors often open a criterion's paragraph with its name as a label; printed after a
    heading or a bold label that says it already, it would read twice. A sentence whose
    subject is the criterion ("Criterion (iii) asks for...") is left as it is.
    """
    if not blocks or not isinstance(blocks[0], m.Para):
        return blocks
    first = blocks[0]
    text = m.plain_text(first.inlines)
    stripped = text.lstrip()
    if not stripped.casefold().startswith(label.casefold()):
        return blocks
    rest = stripped[len(label) :]
    if rest.lstrip(" ")[:1] not in (":", ".", "\u2013", "\u2014", "-"):
        return blocks  # "Criterion (iii) asks for...": the label is the sentence's subject
    cut = (
        len(text)
        - len(stripped)
        + len(label)
        + (len(rest) - len(rest.lstrip(" \u00a0\u202f:.\u2013\u2014-")))
    )
    inlines = _drop_chars(first.inlines, cut)
    return [m.Para(inlines, first.lang), *blocks[1:]]


def _drop_chars(inlines: tuple[m.Inline, ...], n: int) -> tuple[m.Inline, ...]:
    """`inlines` without their first `n` characters of text (emptied styles dropped)."""
    out: list[m.Inline] = []
    for node in inlines:
        if n <= 0:
            out.append(node)
        elif isinstance(node, m.Text):
            if len(node.text) <= n:
                n -= len(node.text)
            else:
                out.append(m.Text(node.text[n:]))
                n = 0
        elif isinstance(node, m.Styled):
            length = len(m.plain_text(node.children))
            if length <= n:
                n -= length
            else:
                out.append(m.Styled(node.style, _drop_chars(node.children, n)))
                n = 0
        else:
            out.append(node)
            n = 0
    return tuple(out)


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
                a.rcell(c.get("name")),
                a.rcell(c.get("state_party")),
                cell(status),
                cell(L.get(f"scope_{c.get('scope')}", str(c.get("scope")))),
                cell(crit),
                cell(", ".join(str(s) for s in c.get("shared_attributes") or [])),
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
        out.append(m.Heading(2, a.rich(c.get("name"))))
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
        label = f"{L['criterion']} {roman(c)}"
        blocks = without_label(blocks, label)
        first = blocks[0] if blocks else None
        if isinstance(first, m.Para):
            blocks[0] = m.Para((m.Styled("b", T(f"{label}{a.colon}")), *first.inlines), first.lang)
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
