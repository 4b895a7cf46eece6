"""Chapter 4, state of conservation: development projects and population."""

from __future__ import annotations

from typing import Any

from dossier.assemble.base import Assembler, Builder, T, cell, fmt_int
from dossier.core import model as m
from dossier.load.textvalue import get, name_text


def development_projects(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    dp = get(a.data, ("conservation", "development_projects")) or {}
    projects = [p for p in dp.get("projects") or [] if isinstance(p, dict)]
    if not projects:
        return [m.Para(T(L["none_known"]))] if dp.get("none_known") else []
    rows = [
        [
            a.rcell(p.get("name")),
            a.rcell(p.get("kind")),
            a.rcell(p.get("location")),
            cell(str(p.get("status") or "").replace("-", " ")),
            a.rcell(p.get("impact_assessment") or "–"),
        ]
        for p in projects
    ]
    caption = a.L["caption_development_projects"]
    out: list[m.Block] = [
        a.table(
            "development-projects",
            caption,
            [
                L["project"],
                L["project_kind"],
                L["project_location"],
                L["project_status"],
                L["impact_assessment"],
            ],
            rows,
            widths=(1.6, 1.0, 2.0, 1.0, 1.6),
        )
    ]
    for i, p in enumerate(projects):
        blocks, status = a.prose_blocks(
            f"conservation.development_projects.projects.{i}.description"
        )
        if status != "missing":
            out.append(m.Heading(2, a.rich(p.get("name"))))
            out.extend(blocks)
    return out


def population(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    pop = get(a.data, ("conservation", "population"))
    if not isinstance(pop, dict):
        return []
    parts = [r for r in pop.get("breakdown") or [] if isinstance(r, dict)]
    if parts:
        return _population_breakdown(a, pop, parts)
    p, b = int(pop.get("property") or 0), int(pop.get("buffer_zone") or 0)
    rows = [
        [cell(L["population_property"], header=True), cell(fmt_int(p, a.lang), align="right")],
        [cell(L["population_buffer"], header=True), cell(fmt_int(b, a.lang), align="right")],
        [cell(L["population_total"], header=True), cell(fmt_int(p + b, a.lang), align="right")],
        [cell(L["population_year"], header=True), cell(str(pop.get("year") or ""), align="right")],
    ]
    caption = a.L["caption_population"]
    return [a.table("population", caption, ["", ""], rows, widths=(2, 1), kind="keyvalue")]


def _population_breakdown(
    a: Assembler, pop: dict[str, Any], parts: list[dict[str, Any]]
) -> list[m.Block]:
    """4.b(v) per component part or zone, then the totals (the sums of the rows)."""
    L = a.L
    comps = {
        str(c.get("id")): c
        for c in get(a.data, ("identification", "components")) or []
        if isinstance(c, dict)
    }
    rows = []
    for r in parts:
        if r.get("component") is not None:
            c = comps.get(str(r["component"]), {})
            where = f"{r['component']} {name_text(c.get('name'), a.lang)}".strip()
        else:
            where = str(r.get("zone") or "")
        p, b = int(r.get("property") or 0), int(r.get("buffer_zone") or 0)
        rows.append(
            [
                cell(where),
                cell(fmt_int(p, a.lang), align="right"),
                cell(fmt_int(b, a.lang), align="right"),
                cell(fmt_int(p + b, a.lang), align="right"),
            ]
        )
    tp = sum(int(r.get("property") or 0) for r in parts)
    tb = sum(int(r.get("buffer_zone") or 0) for r in parts)
    rows.append(
        [
            cell(L["total"], header=True),
            cell(fmt_int(tp, a.lang), align="right", header=True),
            cell(fmt_int(tb, a.lang), align="right", header=True),
            cell(fmt_int(tp + tb, a.lang), align="right", header=True),
        ]
    )
    header = [
        L["population_where"],
        L["population_property"],
        L["population_buffer"],
        L["population_total"],
    ]
    caption = f"{L['caption_population']} ({L['population_year'].lower()}: {pop.get('year')})"
    return [a.table("population", caption, header, rows, widths=(2.2, 1.2, 1.2, 1.0))]


BUILDERS: dict[str, Builder] = {
    "table:development-projects": development_projects,
    "table:population": population,
}
