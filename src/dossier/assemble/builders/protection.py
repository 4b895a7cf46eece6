"""Chapters 5-6, protection, management and monitoring: designations, management plan, indicators."""

from __future__ import annotations

from typing import Any

from dossier.assemble.base import Assembler, Builder, cell, fmt_date
from dossier.core import model as m
from dossier.load.textvalue import get


def designations(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    ds = [d for d in get(a.data, ("protection", "designations")) or [] if isinstance(d, dict)]
    if not ds:
        return []
    rows = [
        [
            a.rcell(d.get("name")),
            a.rcell(d.get("instrument")),
            a.rcell(d.get("level")),
            cell(fmt_date(str(d.get("date")), a.lang) if d.get("date") else "–"),
            cell(str(d.get("status") or "").replace("-", " ")),
        ]
        for d in ds
    ]
    caption = a.L["caption_designations"]
    out: list[m.Block] = [
        a.table(
            "designations",
            caption,
            [L["designation"], L["instrument"], L["level"], L["date"], L["status"]],
            rows,
            widths=(2.0, 2.2, 1.0, 1.2, 0.9),
        )
    ]
    all_ds = get(a.data, ("protection", "designations")) or []
    for i, d in enumerate(all_ds):
        if isinstance(d, dict) and d.get("note"):
            note = a.rich(None, path=f"protection.designations.{i}.note")
            out.append(m.Para((m.Styled("b", (*a.rich(d.get("name")), m.Text(": "))), *note)))
    return out


def management_plan(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    mp = get(a.data, ("protection", "management_plan"))
    if not isinstance(mp, dict):
        return []
    valid = ""
    if mp.get("valid_from") or mp.get("valid_until"):
        valid = f"{fmt_date(str(mp.get('valid_from') or ''), a.lang)} – {fmt_date(str(mp.get('valid_until') or ''), a.lang)}"
    pairs = [
        (L["title"], str(mp.get("title") or "")),
        (L["status"], str(mp.get("status") or "").replace("-", " ")),
        (L["valid"], valid),
        (L["language"], a.language_name(mp.get("language")) if mp.get("language") else ""),
    ]
    out: list[m.Block] = [a.keyvalue("management-plan", L["caption_management_plan"], pairs)]
    blocks, _status = a.prose_blocks("protection.management_plan.text")
    out.extend(blocks)
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
