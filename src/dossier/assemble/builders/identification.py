"""Chapter 1, identification of the property: country, names, coordinates, components, maps, areas."""

from __future__ import annotations

from typing import Any

from dossier.assemble import parties
from dossier.assemble.base import Assembler, Builder, T, cell, dms, fmt_ha, xref_list
from dossier.core import model as m
from dossier.load.textvalue import get, name_text


def country(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    if parties.several(a):
        # Every State Party, the coordinating one marked, after what kind of nomination it is.
        items = tuple((m.Para(T(parties.label(a, code))),) for code in parties.names(a))
        return [m.Para(T(f"{parties.kind_name(a)}:")), m.ListBlock(False, items)]
    value = get(a.data, ("identification", "country"))
    if value is None:
        sps = (a.data.get("property") or {}).get("states_parties") or []
        if len(sps) == 1 and isinstance(sps[0], dict):
            return a.names_blocks(sps[0].get("name"))
        text = ", ".join(name_text(sp.get("name"), a.lang) for sp in sps if isinstance(sp, dict))
        return [m.Para(T(text))] if text else []
    return a.names_blocks(value)


def region(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    if parties.several(a):
        return _regions_by_state_party(a)
    return a.names_blocks((a.data.get("property") or {}).get("region"))


def _regions_by_state_party(a: Assembler) -> list[m.Block]:
    """1.b of a nomination by several States Parties: the regions in each of them."""
    items = tuple(
        (m.Para((m.Styled("b", T(f"{name}{a.colon}")), *T("; ".join(found)))),)
        for name, found in parties.regions(a)
    )
    if not items:
        value = name_text((a.data.get("property") or {}).get("region"), a.lang)
        return [m.Para(T(value))] if value else []
    return [m.ListBlock(False, items)]


def property_name(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    """1.c: the name, then the name in every other language the sources give it in."""
    return a.names_blocks((a.data.get("property") or {}).get("name"), bold=True)


def coordinates(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    if a.geo is None:
        stated = get(a.data, ("identification", "centre"))
        if isinstance(stated, dict):
            return [
                m.Para(
                    T(f"{a.L['central_point']}{a.colon}{stated.get('lat')}, {stated.get('lon')}")
                )
            ]
        return []
    blocks: list[m.Block] = [
        m.Para(T(f"{a.L['central_point']}{a.colon}{dms(a, a.geo.property)} (WGS 84)"))
    ]
    return blocks


def _components(a: Assembler) -> list[dict[str, Any]]:
    return [c for c in get(a.data, ("identification", "components")) or [] if isinstance(c, dict)]


def _measured(a: Assembler) -> dict[str, Any]:
    """Computed figures of each component with a boundary, by id."""
    return {c.id: c for c in a.geo.components} if a.geo is not None else {}


def _component_areas(a: Assembler, c: dict[str, Any]) -> tuple[float | None, float | None]:
    """(area, buffer area) of a component: computed from its boundary, else as stated."""
    mc = _measured(a).get(str(c.get("id")))
    area = mc.area_ha if mc else c.get("area_ha")
    buf = mc.buffer_area_ha if mc and mc.buffer_area_ha else c.get("buffer_area_ha")
    return (
        float(area) if isinstance(area, int | float) else None,
        float(buf) if isinstance(buf, int | float) else None,
    )


def _sum(values: list[float | None]) -> float | None:
    """The sum, or None when no value is known."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _component_row(a: Assembler, c: dict[str, Any]) -> list[m.Cell]:
    mc = _measured(a).get(str(c.get("id")))
    area, buf = _component_areas(a, c)
    # Maps are figures: "Figure 2, p. 12", resolved when the document is laid out.
    maps = xref_list(a, [f"fig-{x}" for x in c.get("maps") or []], sep="; ")
    return [
        cell(str(c.get("id"))),
        a.name_cell(c.get("name")),
        a.rcell(c.get("region")),
        cell(dms(a, mc) if mc else ""),
        cell(fmt_ha(area, a.lang), align="right"),
        cell(fmt_ha(buf, a.lang), align="right"),
        m.Cell(tuple(maps)),
    ]


def _sum_row(
    a: Assembler, text: str, area: float | None, buf: float | None, *, wide: bool = False
) -> list[m.Cell]:
    """A totals row; ``wide`` puts its label in the (wider) name column."""
    return [
        cell("" if wide else text, header=True),
        cell(text if wide else "", header=wide),
        cell(""),
        cell(""),
        cell(fmt_ha(area, a.lang), align="right", header=True),
        cell(fmt_ha(buf, a.lang), align="right", header=True),
        cell(""),
    ]


def components_table(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    comps = _components(a)
    if not comps:
        return []  # a single property: its central point is given above
    rows: list[list[m.Cell]] = []
    if parties.several(a):
        # One block of rows per State Party, each closed by its subtotal (sums of the
        # computed component areas).
        for group in parties.groups(a, comps):
            if not group.components:
                continue
            rows.append([cell(""), cell(group.name, header=True), *(cell("") for _ in range(5))])
            rows.extend(_component_row(a, c) for c in group.components)
            areas = [_component_areas(a, c) for c in group.components]
            rows.append(
                _sum_row(
                    a,
                    f"{L['subtotal']} ({group.name})",
                    _sum([x for x, _ in areas]),
                    _sum([b for _, b in areas]),
                    wide=True,
                )
            )
    else:
        rows.extend(_component_row(a, c) for c in comps)
    total = (
        a.geo.property.area_ha
        if a.geo is not None
        else sum(float(c.get("area_ha") or 0) for c in comps)
    )
    buf_total = a.geo.buffer_zone_ha if a.geo is not None else None
    rows.append(_sum_row(a, L["total"], total, buf_total))
    header = [
        L["id_no"],
        L["component_name"],
        L["regions_districts"],
        L["coordinates_central"],
        L["area_component"],
        L["area_buffer"],
        L["map_no"],
    ]
    caption = a.L["caption_components"]
    return [
        a.table("components", caption, header, rows, widths=(0.8, 2.0, 1.4, 2.0, 1.1, 1.1, 0.9))
    ]


def maps(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    for mp in get(a.data, ("identification", "maps")) or []:
        if isinstance(mp, dict):
            out.extend(map_blocks(a, str(mp.get("id"))))
    return out


def map_blocks(a: Assembler, ident: str) -> list[m.Block]:
    """The figure of map `ident`, or a reference to it when an earlier section printed it."""
    from dossier.assemble import maps as mapping

    all_maps = get(a.data, ("identification", "maps")) or []
    found = [
        (i, mp)
        for i, mp in enumerate(all_maps)
        if isinstance(mp, dict) and str(mp.get("id")) == ident
    ]
    if not found:
        return []
    i, mp = found[0]
    title = a.rich(mp.get("title"))
    if f"fig-{ident}" in a.anchors:
        return [m.Para((m.XRef("fig", f"fig-{ident}"), m.Text(a.colon), *title))]
    caption = a.rich(mp.get("caption") or mp.get("title"))
    alt = m.plain_text(caption)
    if mp.get("file"):
        path, _ = a.src.resolve(mp.get("file"), ("identification", "maps", i, "file"))
        return [a.figure(ident, caption, alt, path=path)] if path is not None else []
    drawn = mapping.draw(a, mp, i)
    if drawn is None:
        return [m.Notice("note", f"{alt}: {a.L['map_not_drawn']}")]
    size = (drawn.sheet.width_mm, drawn.sheet.height_mm)
    return [a.figure(ident, caption, alt, svg=drawn.svg, print_size_mm=size, page=drawn.sheet.page)]


def _areas_by_state_party(a: Assembler) -> list[m.Block]:
    """1.f of a nomination by several States Parties: property, buffer zone and total in
    each (sums of the computed component areas), then for the whole property."""
    L = a.L
    rows: list[list[m.Cell]] = []
    for group in parties.groups(a, _components(a)):
        areas = [_component_areas(a, c) for c in group.components]
        prop, buf = _sum([x for x, _ in areas]), _sum([b for _, b in areas])
        rows.append(
            [
                cell(group.name, header=True),
                cell(fmt_ha(prop, a.lang), align="right"),
                cell(fmt_ha(buf, a.lang), align="right"),
                cell(fmt_ha((prop or 0) + (buf or 0), a.lang), align="right"),
            ]
        )
    if a.geo is not None:
        prop, buf = a.geo.property.area_ha, a.geo.buffer_zone_ha
    else:
        stated = get(a.data, ("identification", "areas")) or {}
        prop, buf = stated.get("property_ha"), stated.get("buffer_zone_ha")
    rows.append(
        [
            cell(L["total"], header=True),
            cell(fmt_ha(prop, a.lang), align="right", header=True),
            cell(fmt_ha(buf, a.lang), align="right", header=True),
            cell(fmt_ha((prop or 0) + (buf or 0), a.lang), align="right", header=True),
        ]
    )
    header = [L["state_party"], L["area_property_ha"], L["area_buffer_zone_ha"], L["area_total_ha"]]
    blocks: list[m.Block] = [
        a.table("areas", L["caption_areas"], header, rows, widths=(2.0, 1.2, 1.2, 1.2))
    ]
    if a.geo is not None:
        blocks.append(m.Para((m.Styled("i", T(L["computed_note"])),)))
    return blocks


def areas_table(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    if parties.several(a) and _components(a):
        return _areas_by_state_party(a)
    if a.geo is None:
        stated = get(a.data, ("identification", "areas")) or {}
        if not stated:
            return []
        prop, buf = stated.get("property_ha"), stated.get("buffer_zone_ha")
    else:
        prop, buf = a.geo.property.area_ha, a.geo.buffer_zone_ha
    total = (prop or 0) + (buf or 0)
    rows = [
        [
            cell(L["area_property"], header=True),
            cell(f"{fmt_ha(prop, a.lang)} {L['hectares']}", align="right"),
        ],
        [
            cell(L["area_buffer_zone"], header=True),
            cell(
                f"{fmt_ha(buf, a.lang)} {L['hectares']}" if buf else L["no_buffer_zone"],
                align="right",
            ),
        ],
        [
            cell(L["area_total"], header=True),
            cell(f"{fmt_ha(total, a.lang)} {L['hectares']}", align="right"),
        ],
    ]
    caption = a.L["caption_areas"]
    blocks: list[m.Block] = [
        a.table("areas", caption, ["", ""], rows, widths=(2, 1), kind="keyvalue")
    ]
    if a.geo is not None:
        blocks.append(m.Para((m.Styled("i", T(L["computed_note"])),)))
    return blocks


def component_descriptions(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    for i, c in enumerate(_components(a)):
        if c.get("description") is None:
            continue
        blocks, status = a.prose_blocks(f"identification.components.{i}.description")
        if status == "missing":
            continue
        out.append(m.Heading(1, T(f"{c.get('id')} {name_text(c.get('name'), a.lang)}")))
        out.extend(blocks)
    return out


def vertices_table(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    """Every vertex of the property and buffer-zone boundaries, when the dossier asks."""
    if a.geo is None or get(a.data, ("identification", "boundaries", "vertex_table")) is not True:
        return []
    from dossier.geo.export import parts, rfc7946
    from dossier.geo.measure import format_dms, polygons

    L = a.L
    prop, buffers = parts(a.geo)
    rows: list[list[m.Cell]] = []
    for part in [*prop, *buffers]:
        zone = L["zone_property"] if part.zone == "property" else L["zone_buffer"]
        label = part.id if part.id not in ("property", "buffer-zone") else ""
        pieces = list(polygons(rfc7946(part.geometry)))
        for n, poly in enumerate(pieces, start=1):
            rings = [poly.exterior, *poly.interiors]
            for r, ring in enumerate(rings):
                name = L["ring_outer"] if r == 0 else f"{L['ring_hole']} {r}"
                if len(pieces) > 1:
                    name = f"{n}: {name}"  # the polygon's number in a multipart boundary
                for k, (lon, lat) in enumerate(list(ring.coords)[:-1], start=1):
                    rows.append(
                        [
                            cell(f"{label} {zone}".strip()),
                            cell(name),
                            cell(str(k), align="right"),
                            cell(format_dms(lat, "lat", 2), align="right"),
                            cell(format_dms(lon, "lon", 2), align="right"),
                        ]
                    )
    if not rows:
        return []
    header = [L["vertex_part"], L["vertex_ring"], L["vertex_no"], L["latitude"], L["longitude"]]
    return [
        a.table("vertices", L["caption_vertices"], header, rows, widths=(1.6, 1.4, 0.7, 1.5, 1.5))
    ]


BUILDERS: dict[str, Builder] = {
    "country": country,
    "region": region,
    "property-name": property_name,
    "coordinates": coordinates,
    "table:components": components_table,
    "maps": maps,
    "table:areas": areas_table,
    "table:vertices": vertices_table,
    "component-descriptions": component_descriptions,
}
