"""Maps for section 1.e as SVG text: pure functions of the measured geometries.

A map carries what Annex 5 asks of it: the boundaries of the property and of the buffer
zone, component ids, the world around them (States Parties and neighbours named, seas,
lakes, rivers, capitals and towns from the bundled Natural Earth data), the dossier's
own base layers, a graticule labelled on all four sides (for georeferencing), a scale
bar and the scale ratio (true at the centre when printed at the stated size), a north
arrow (true north), a legend listing only what is drawn, projection and datum, date,
sources, and an "Illustrative boundaries" note when flagged. No network tiles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from dossier.geo import baselayers, furniture, location, worldbase
from dossier.geo.canvas import Canvas, LabelStyle
from dossier.geo.furniture import GRATICULE_SWATCH, Notes, words
from dossier.geo.labels import Box, Placer
from dossier.geo.mapview import (
    SHEETS,
    Projection,
    Sheet,
    View,
    fit,
    laea_for,
    sheet_for,
    utm_for,
)
from dossier.geo.measure import Geometry, GeoSummary, Layer, polygons
from dossier.geo.svg import Svg, attrs

__all__ = [
    "SHEETS",
    "DrawnMap",
    "Projection",
    "Sheet",
    "View",
    "draw_map",
    "laea_for",
    "location_map",
    "property_map",
    "utm_for",
]

PROPERTY_STYLE = dict(fill="#d7301f", fill_opacity="0.22", stroke="#b30000", stroke_width="5")
BUFFER_STYLE = dict(
    fill="#fdae61",
    fill_opacity="0.28",
    stroke="#e66101",
    stroke_width="3.5",
    stroke_dasharray="16 8",
)
LAYER_COLOURS = {
    "attributes": ("#2c7bb6", "#7b3294", "#008837"),
    "legal-protection": ("#1a9850", "#4d9221", "#01665e"),
    "other": ("#5e3c99", "#4d4d4d", "#8c510a"),
    "base": ("#7a5230", "#4d4d4d", "#8c6d46"),
}
ID_STYLE = LabelStyle(fill="#7f0000", leader_colour="#7f0000")
# A warning, not a label: the legend and notes did not fit beside the map.
OVERFLOW = "\x00legend"


@dataclass(frozen=True)
class DrawnMap:
    """An SVG map, the sheet it is drawn for (its true print size), and the problems
    met while drawing it (labels that could not be placed), in plain words."""

    svg: str
    sheet: Sheet
    warnings: tuple[str, ...] = field(default=())
    # Layer files that could not be drawn: (rule, message, hint, index of the layer).
    problems: tuple[tuple[str, str, str, int], ...] = field(default=())


# ----------------------------------------------------------------- common frame


def _prefix(*names: str) -> str:
    return "m" + hashlib.sha1("\x1f".join(names).encode()).hexdigest()[:8]


def _begin(
    sheet: Sheet, id_prefix: str, lang: str
) -> tuple[Svg, tuple[float, float, float, float], str]:
    svg = Svg(sheet.width_mm, sheet.height_mm, id_prefix)
    svg.labels = words(lang)
    svg.add(f'<rect width="{svg.width:g}" height="{svg.height:g}" fill="#fff"/>')
    frame = furniture.frame_of(svg)
    clip = f"{id_prefix}-frame"
    x0, y0, x1, y1 = frame
    svg.defs.append(
        f'<clipPath id="{clip}"><rect {attrs(x=x0, y=y0, width=x1 - x0, height=y1 - y0)}/>'
        "</clipPath>"
    )
    return svg, frame, clip


def _canvas(svg: Svg, view: View, clip: str) -> Canvas:
    frame = Box(view.x0 + 4, view.y0 + 4, view.x1 - 4, view.y1 - 4)
    return Canvas(svg, view, clip, Placer(frame))


def _finish(
    canvas: Canvas,
    notes: Notes,
    *,
    banner: bool,
    graticule_words: str,
    titles: Sequence[str],
    subtitle: str,
    sheet: Sheet,
) -> DrawnMap:
    """Labels, neat line, graticule, title, legend, scale, north arrow and notes."""
    svg, view = canvas.svg, canvas.view
    frame = (view.x0, view.y0, view.x1, view.y1)
    canvas.draw_labels()
    furniture.neat_line(svg, frame)
    furniture.graticule(svg, view, canvas.clip)
    if banner:
        furniture.banner(svg, frame)
    furniture.title_block(svg, titles, subtitle)
    canvas.entry(GRATICULE_SWATCH, graticule_words)
    bottom = furniture.panel(svg, view, canvas.entries, notes)
    warnings = list(canvas.dropped)
    if bottom > svg.height:
        warnings.append(OVERFLOW)
    return DrawnMap(svg.render(), sheet, tuple(warnings))


def _subtitle(states_parties: Sequence[worldbase.StateParty], what: str) -> str:
    names = ", ".join(sp.name for sp in states_parties)
    return f"{names} – {what}" if names else what


def _titles(summary: GeoSummary, property_name: str | None, short_name: str | None) -> list[str]:
    name = property_name if property_name is not None else summary.property.name
    return [t for t in (name, short_name) if t] or [""]


# ----------------------------------------------------------------- property maps


def _style(style: Mapping[str, str]) -> str:
    return attrs(**style)


def _box_swatch(style: Mapping[str, str]) -> str:
    return f'<rect x="0" y="4" width="60" height="32" {_style(style)}/>'


def _chosen_layers(summary: GeoSummary, spec_layers: object) -> list[Layer]:
    if isinstance(spec_layers, list):
        wanted = [str(x) for x in spec_layers]
        return [ly for ly in summary.layers if ly.id in wanted]
    return list(summary.layers)


def property_map(
    summary: GeoSummary,
    *,
    date: str,
    property_name: str | None = None,
    short_name: str | None = None,
    states_parties: Sequence[tuple[str, str]] = (),
    component: str | None = None,
    layers: object = None,
    lang: str = "en",
    sheet: Sheet = SHEETS["a4"],
    id_prefix: str | None = None,
) -> DrawnMap:
    """The property (or one component) with its buffer zone, layers and map furniture.

    ``component`` zooms on one component part (for serial properties, one map each);
    ``id_prefix`` keeps element ids unique when several maps share one HTML page.
    """
    import shapely

    prefix = id_prefix or _prefix("property", component or "", sheet.page)
    svg, frame, clip = _begin(sheet, prefix, lang)
    w = svg.labels
    focus = summary.property_geometry
    if component is not None and component in summary.component_geometries:
        focus = summary.component_geometries[component]
    if summary.buffer_geometry is not None:
        near = [p for p in polygons(summary.buffer_geometry) if p.distance(focus) < 1e-4]
        focus = shapely.unary_union([focus, *near])
    centre = focus.centroid
    proj = utm_for(centre.x, centre.y)
    view = fit(proj, focus, frame, margin=0.05)
    canvas = _canvas(svg, view, clip)
    if summary.illustrative:
        canvas.placer.block(furniture.banner_box(svg, frame))
    area = view.area()
    drawn = [summary.property_geometry]
    if summary.buffer_geometry is not None:
        drawn.append(summary.buffer_geometry)
    # a coarse shape is enough to keep area labels off the boundaries (no union: fast)
    canvas.avoid = shapely.simplify(
        view.to_svg(shapely.GeometryCollection(drawn)), 2.0, preserve_topology=False
    )
    sps = location.resolve(states_parties, summary)
    chosen = _chosen_layers(summary, layers)
    findings = baselayers.Findings()
    jobs = worldbase.draw(
        canvas,
        sps,
        lang=lang,
        detail="local",
        beneath_water=lambda: baselayers.draw_rasters(canvas, chosen, lambda _: True, findings),
    )
    named = baselayers.draw_layers(canvas, chosen, area, lambda ly: ly.kind == "base", findings)
    if summary.buffer_geometry is not None and summary.buffer_geometry.intersects(area):
        canvas.clipped(
            f'<path d="{view.geometry_path(summary.buffer_geometry)}" {_style(BUFFER_STYLE)} '
            'fill-rule="evenodd"/>'
        )
        buffer_entry = (_box_swatch(BUFFER_STYLE), w["buffer"])
    else:
        buffer_entry = None
    canvas.clipped(
        f'<path d="{view.geometry_path(summary.property_geometry)}" {_style(PROPERTY_STYLE)} '
        'fill-rule="evenodd"/>'
    )
    key = "components" if summary.components else "property"
    legend_head = [(_box_swatch(PROPERTY_STYLE), w[key])]
    if buffer_entry:
        legend_head.append(buffer_entry)
    before = len(canvas.entries)
    named += baselayers.draw_layers(canvas, chosen, area, lambda ly: ly.kind != "base", findings)
    # The property and buffer zone lead the legend, then the layers, then the context.
    context_entries = canvas.entries[:before]
    layer_entries = canvas.entries[before:]
    canvas.entries = []
    for swatch, label in legend_head:
        canvas.entry(swatch, label)
    canvas.entries += layer_entries + context_entries
    _component_labels(canvas, summary, area)
    baselayers.name_points(canvas, named)
    for _, job in jobs:
        job()
    what = f"{w['component_map']} {component}" if component is not None else w["overview_map"]
    notes = Notes(proj.label, date, tuple(canvas.sources), summary.illustrative)
    result = _finish(
        canvas,
        notes,
        banner=summary.illustrative,
        graticule_words=w["graticule_dm"],
        titles=_titles(summary, property_name, short_name),
        subtitle=_subtitle(sps, what),
        sheet=sheet,
    )
    return replace(result, problems=tuple(findings.problems))


def _component_labels(canvas: Canvas, summary: GeoSummary, area: Geometry) -> None:
    """Each component's id; a component smaller than 2 mm on paper is also ringed."""
    view = canvas.view
    rings = []
    for m in summary.components:
        geom = summary.component_geometries.get(m.id)
        if geom is None or not geom.intersects(area):
            continue
        x, y = view.point(m.lon, m.lat)
        if not (view.x0 < x < view.x1 and view.y0 < y < view.y1):
            continue
        x0, y0, x1, y1 = view.to_svg(geom).bounds
        r = 6.0
        if max(x1 - x0, y1 - y0) < 20:
            r = 16.0
            rings.append(
                location.marker_svg(x, y, r).replace('stroke-width="5"', 'stroke-width="3"')
            )
            canvas.placer.block_point(x, y, r + 2)
        canvas.point_label(
            [m.id], x, y, 34.0, ID_STYLE, r=r, bold=True, centred=r < 10, report=True
        )
    if rings:
        canvas.clipped("".join(rings))


# ----------------------------------------------------------------- location map


def location_map(
    summary: GeoSummary,
    *,
    date: str,
    property_name: str | None = None,
    short_name: str | None = None,
    states_parties: Sequence[tuple[str, str]] = (),
    lang: str = "en",
    sheet: Sheet = SHEETS["a4"],
    id_prefix: str | None = None,
) -> DrawnMap:
    """Where the property lies within its State Party or States Parties (1.e)."""
    import shapely

    prefix = id_prefix or _prefix("location", sheet.page)
    svg, frame, clip = _begin(sheet, prefix, lang)
    w = svg.labels
    sps = location.resolve(states_parties, summary)
    prop = summary.property_geometry
    homes = [location.home_parts(sp.country.geometry, prop) for sp in sps]
    focus = shapely.unary_union([*homes, prop])
    x0, y0, x1, y1 = focus.bounds
    proj = laea_for((x0 + x1) / 2, (y0 + y1) / 2, w["laea"])
    view = fit(proj, focus, frame, margin=0.06)
    canvas = _canvas(svg, view, clip)
    jobs = worldbase.draw(canvas, sps, lang=lang, detail="location")
    canvas.clipped(
        f'<path d="{view.geometry_path(prop)}" {_style(PROPERTY_STYLE)} fill-rule="evenodd"/>'
    )
    points = [view.point(m.lon, m.lat) for m in summary.components] or [
        view.point(summary.property.lon, summary.property.lat)
    ]
    r = 30.0
    centres = location.clusters(points, r)
    for x, y in centres:
        canvas.clipped(location.marker_svg(x, y, r))
        canvas.placer.block_point(x, y, r + 4)
    canvas.entry(
        f'<circle cx="30" cy="20" r="16" fill="none" {_style(location.MARKER)}/>', w["location"]
    )
    names = _titles(summary, property_name, short_name)
    label_forms = list(dict.fromkeys([n for n in (short_name, *names) if n]))
    x, y = centres[0]
    for _, job in jobs[:1]:
        job()  # the first State Party's name first: it is the map's subject
    canvas.point_label(label_forms, x, y, 32.0, location.LABEL_STYLE, r=r, bold=True, report=True)
    for _, job in jobs[1:]:
        job()
    notes = Notes(proj.label, date, tuple(canvas.sources), summary.illustrative)
    return _finish(
        canvas,
        notes,
        banner=False,
        graticule_words=w["graticule_d"],
        titles=names,
        subtitle=_subtitle(sps, w["location_map"]),
        sheet=sheet,
    )


# ----------------------------------------------------------------- entry point


def draw_map(
    summary: GeoSummary,
    spec: Mapping[str, Any],
    *,
    date: str,
    property_name: str | None = None,
    short_name: str | None = None,
    states_parties: Sequence[tuple[str, str]] = (),
    lang: str = "en",
    sheet: object = None,
    title_suffix: str = "",
) -> DrawnMap:
    """The map described by one entry of identification.maps (1.e), drawn as SVG.

    ``kind: location`` places the property in its States Parties; ``kind: component``
    zooms on ``spec["component"]``; every other kind shows the whole property, buffer
    zone and layers (``spec["layers"]`` may name the layers to show). ``sheet`` ("a4",
    "a3") is the dossier's choice, which ``spec["sheet"]`` overrides. ``title_suffix``
    (e.g. the document id) only keeps element ids distinct.
    """
    paper = sheet_for(spec.get("sheet") or sheet)
    prefix = _prefix(str(spec.get("id") or spec.get("title") or ""), title_suffix)
    common: dict[str, Any] = dict(
        date=date,
        property_name=property_name,
        short_name=short_name,
        states_parties=states_parties,
        lang=lang,
        sheet=paper,
        id_prefix=prefix,
    )
    if spec.get("kind") == "location":
        return location_map(summary, **common)
    component = spec.get("component") if spec.get("kind") == "component" else None
    return property_map(
        summary,
        component=str(component) if component is not None else None,
        layers=spec.get("layers"),
        **common,
    )
