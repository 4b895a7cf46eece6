"""Chapter 4, state of conservation: development projects and population."""

from __future__ import annotations

from typing import Any

from dossier.assemble.base import Assembler, Builder, T, cell
from dossier.core import model as m
from dossier.load.textvalue import get


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
    p, b = int(pop.get("property") or 0), int(pop.get("buffer_zone") or 0)
    rows = [
        [cell(L["population_property"], header=True), cell(f"{p:,}", align="right")],
        [cell(L["population_buffer"], header=True), cell(f"{b:,}", align="right")],
        [cell(L["population_total"], header=True), cell(f"{p + b:,}", align="right")],
        [cell(L["population_year"], header=True), cell(str(pop.get("year") or ""), align="right")],
    ]
    caption = a.L["caption_population"]
    return [a.table("population", caption, ["", ""], rows, widths=(2, 1), kind="keyvalue")]


BUILDERS: dict[str, Builder] = {
    "table:development-projects": development_projects,
    "table:population": population,
}
