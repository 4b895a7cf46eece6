"""Chapters 5-6, protection, management and monitoring: designations, management plan, indicators."""

from __future__ import annotations

from typing import Any

from dossier.assemble import parties
from dossier.assemble.base import Assembler, Builder, T, cell, fmt_date
from dossier.core import model as m
from dossier.load.textvalue import get


def designations(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    ds = [d for d in get(a.data, ("protection", "designations")) or [] if isinstance(d, dict)]
    if not ds:
        return []
    # A serial property says which component parts each instrument covers.
    serial = bool(_component_ids(a))
    rows = [
        [
            a.rcell(d.get("name")),
            a.rcell(d.get("instrument")),
            a.rcell(d.get("level")),
            cell(fmt_date(str(d.get("date")), a.lang) if d.get("date") else "–"),
            cell(str(d.get("status") or "").replace("-", " ")),
            *([cell(_covered(a, d.get("covers")))] if serial else []),
        ]
        for d in ds
    ]
    caption = a.L["caption_designations"]
    header = [L["designation"], L["instrument"], L["level"], L["date"], L["status"]]
    widths: tuple[float, ...] = (2.0, 2.2, 1.0, 1.2, 0.9)
    if serial:
        header.append(L["components_col"])
        widths = (1.8, 2.0, 0.9, 1.1, 0.9, 0.9)
    out: list[m.Block] = [a.table("designations", caption, header, rows, widths=widths)]
    all_ds = get(a.data, ("protection", "designations")) or []
    for i, d in enumerate(all_ds):
        if isinstance(d, dict) and d.get("note"):
            note = a.rich(None, path=f"protection.designations.{i}.note")
            out.append(m.Para((m.Styled("b", (*a.rich(d.get("name")), m.Text(a.colon))), *note)))
    return out


def _component_ids(a: Assembler) -> list[str]:
    comps = get(a.data, ("identification", "components")) or []
    return [str(c.get("id")) for c in comps if isinstance(c, dict) and c.get("id") is not None]


def _covered(a: Assembler, covers: Any) -> str:
    """The component ids an instrument or plan covers ('all' when it names none)."""
    ids = [str(x) for x in covers] if isinstance(covers, list) and covers else []
    return ", ".join(ids) if ids else a.L["all_components"]


def _plan_blocks(a: Assembler, mp: dict[str, Any], path: str, ident: str) -> list[m.Block]:
    L = a.L
    valid = ""
    if mp.get("valid_from") or mp.get("valid_until"):
        valid = f"{fmt_date(str(mp.get('valid_from') or ''), a.lang)} – {fmt_date(str(mp.get('valid_until') or ''), a.lang)}"
    sp = mp.get("state_party")
    pairs = [
        (L["title"], str(mp.get("title") or "")),
        (L["state_party"], parties.names(a).get(sp, sp) if isinstance(sp, str) else ""),
        (L["components_col"], _covered(a, mp.get("covers")) if _component_ids(a) else ""),
        (L["status"], str(mp.get("status") or "").replace("-", " ")),
        (L["valid"], valid),
        (L["language"], a.language_name(mp.get("language")) if mp.get("language") else ""),
    ]
    out: list[m.Block] = [a.keyvalue(ident, L["caption_management_plan"], pairs)]
    blocks, _status = a.prose_blocks(f"{path}.text")
    out.extend(blocks)
    return out


def management_plan(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    """5.e: the overall framework of a serial or transnational property, then each plan."""
    out: list[m.Block] = []
    blocks, status = a.prose_blocks("protection.management_framework")
    if status != "missing":
        out.append(m.Heading(1, T(a.L["management_framework"])))
        out.extend(blocks)
    mp = get(a.data, ("protection", "management_plan"))
    if isinstance(mp, dict):
        out.extend(_plan_blocks(a, mp, "protection.management_plan", "management-plan"))
    plans = get(a.data, ("protection", "management_plans")) or []
    for i, plan in enumerate(plans if isinstance(plans, list) else []):
        if isinstance(plan, dict):
            if len(plans) > 1 or out:
                out.append(m.Heading(1, T(str(plan.get("title") or a.L["management_plan"]))))
            out.extend(
                _plan_blocks(
                    a, plan, f"protection.management_plans.{i}", f"management-plan-{i + 1}"
                )
            )
    return out


def indicators(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    inds = [i for i in get(a.data, ("monitoring", "indicators")) or [] if isinstance(i, dict)]
    if not inds:
        return []
    rows = [
        [
            a.rcell(i.get("indicator")),
            a.rcell(i.get("periodicity") or "–"),
            a.rcell(i.get("responsible") or "–"),
            a.rcell(i.get("records") or "–"),
        ]
        for i in inds
    ]
    caption = a.L["caption_indicators"]
    return [
        a.table(
            "indicators",
            caption,
            [L["indicator"], L["periodicity"], L["responsible"], L["records"]],
            rows,
            widths=(2.6, 1.0, 1.6, 1.6),
        )
    ]


BUILDERS: dict[str, Builder] = {
    "table:designations": designations,
    "management-plan": management_plan,
    "table:indicators": indicators,
}
