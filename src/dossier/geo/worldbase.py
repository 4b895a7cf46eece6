"""The world around the property, from the bundled Natural Earth data (geo.context).

Draws, inside a map's frame: sea, land, the States Parties and their neighbours with
their names, lakes, rivers, capitals and (on large-scale maps) towns. The same code
serves the location map (a whole country or region) and the property maps (a few tens
of kilometres), with detail chosen from the map's scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from dossier.geo import context
from dossier.geo.canvas import Canvas, LabelStyle
from dossier.geo.labels import Box
from dossier.geo.measure import Geometry, polygons

WATER = "#d6e8f5"
WATER_EDGE = "#6b9ec7"
LAND = "#fbfaf6"
STATE_PARTY = "#f3e7c4"
NEIGHBOUR = "#ecebe7"
BORDER = "#6e6e6e"

_CAPITAL = (
    '<path d="M{x} {y}m0 -13l3.8 8.3 9 .9-6.8 6 2 8.8-8-4.6-8 4.6 2-8.8-6.8-6 9-.9z" '
    'fill="#222" stroke="#fff" stroke-width="1.5"/>'
)
_PLACE = '<circle cx="{x}" cy="{y}" r="6" fill="#222" stroke="#fff" stroke-width="1.5"/>'


@dataclass(frozen=True)
class StateParty:
    """A State Party of the dossier as drawn: its country in the world data and its name."""

    code: str
    name: str
    country: context.Country


def _svg_num(v: float) -> str:
    from dossier.geo.svg import num

    return num(v)


def capital_symbol(x: float, y: float) -> str:
    return _CAPITAL.format(x=_svg_num(x), y=_svg_num(y))


def place_symbol(x: float, y: float) -> str:
    return _PLACE.format(x=_svg_num(x), y=_svg_num(y))


def _tolerance(canvas: Canvas) -> float:
    """Degrees of simplification invisible at the map's scale (0.3 units on paper)."""
    return 0.3 / canvas.view.scale / 111_000


def _visible(canvas: Canvas, geom: Geometry, area: Geometry) -> Geometry:
    """``geom`` clipped to the frame (with a margin) and simplified to the map's scale."""
    import shapely

    clipped = geom.intersection(area) if not area.contains(geom) else geom
    return shapely.simplify(clipped, _tolerance(canvas), preserve_topology=True)


def _spots(canvas: Canvas, geom: Geometry) -> tuple[list[tuple[float, float]], Geometry | None]:
    """Label positions inside ``geom`` (lon/lat) as seen in the frame, best first, and
    the visible shape in SVG units."""
    import shapely
    from shapely.geometry import box
    from shapely.ops import polylabel

    v = canvas.view
    frame = box(v.x0, v.y0, v.x1, v.y1)
    shape = shapely.make_valid(canvas.view.to_svg(geom)).intersection(frame)
    pieces = sorted(polygons(shape), key=lambda p: -p.area)
    if not pieces:
        return [], None
    out: list[tuple[float, float]] = []
    for piece in pieces[:3]:
        if piece.area < 400:
            continue
        centre = polylabel(piece, tolerance=2.0)
        out.append((float(centre.x), float(centre.y)))
        x0, y0, x1, y1 = piece.bounds
        grid = []
        for i in range(1, 8):
            for j in range(1, 6):
                pt = shapely.Point(x0 + (x1 - x0) * i / 8, y0 + (y1 - y0) * j / 6)
                if piece.contains(pt):
                    grid.append((-piece.exterior.distance(pt), float(pt.x), float(pt.y)))
        out.extend((x, y) for _, x, y in sorted(grid)[:12])
    return out, shapely.unary_union(pieces)


def _inside(canvas: Canvas, shape: Geometry, share: float = 0.92) -> Any:
    """Accepts a label box lying (mostly) inside ``shape`` and off the property."""
    from shapely.geometry import box as sbox

    def fits(b: Box) -> bool:
        rect = sbox(b.x0, b.y0, b.x1, b.y1)
        if canvas.avoid is not None and canvas.avoid.intersects(rect):
            return False
        return bool(shape.intersection(rect).area >= share * rect.area)

    return fits


def draw(
    canvas: Canvas,
    states_parties: Sequence[StateParty],
    *,
    lang: str,
    detail: str,
    beneath_water: Callable[[], None] | None = None,
) -> list[tuple[str, Any]]:
    """Draw sea, land, lakes and rivers now; return the labels to place later.

    ``detail`` is "location" (country scale: capitals, major lakes and rivers) or
    "local" (property maps: also towns, every lake and river in the frame).
    """
    v = canvas.view
    area = v.area()
    grown = area.buffer(0.05)
    bbox = grown.bounds
    w = canvas.svg.labels
    local = detail == "local"
    countries = context.countries(bbox)
    sp_codes = {sp.country.adm0_a3 for sp in states_parties}
    land_parts = []
    sp_paths: list[str] = []
    other_paths: list[str] = []
    for c in countries:
        shown = _visible(canvas, c.geometry, grown)
        if shown.is_empty:
            continue
        land_parts.append(shown)
        (sp_paths if c.adm0_a3 in sp_codes else other_paths).append(v.geometry_path(shown))
    water_visible = _water_visible(land_parts, area)
    elements = []
    if water_visible:
        elements.append(
            f'<rect x="{_svg_num(v.x0)}" y="{_svg_num(v.y0)}" width="{_svg_num(v.x1 - v.x0)}" '
            f'height="{_svg_num(v.y1 - v.y0)}" fill="{WATER}"/>'
        )
    if other_paths:
        elements.append(
            f'<path d="{"".join(other_paths)}" fill="{NEIGHBOUR}" stroke="{BORDER}" '
            'stroke-width="2" fill-rule="evenodd"/>'
        )
    if sp_paths:
        elements.append(
            f'<path d="{"".join(sp_paths)}" fill="{STATE_PARTY}" stroke="#3d3d3d" '
            'stroke-width="3" fill-rule="evenodd"/>'
        )
    canvas.clipped("".join(elements))
    if sp_paths and states_parties:
        key = "state_party" if len(states_parties) == 1 else "states_parties"
        names = ", ".join(sp.name for sp in states_parties)
        canvas.entry(_box(STATE_PARTY, "#3d3d3d"), f"{w[key]}{w['colon']}{names}")
    if other_paths:
        canvas.entry(_box(NEIGHBOUR, BORDER), w["neighbour"])
    if len(countries) > 1 and other_paths:
        canvas.entry(
            f'<path d="M0 20H60" stroke="{BORDER}" stroke-width="2"/>',
            w["border"],
        )
    if beneath_water is not None:
        beneath_water()  # rasters: above the land, beneath lakes, rivers and boundaries
    drew_water = water_visible
    drew_water |= _lakes(canvas, grown, local)
    _rivers(canvas, grown, local)
    if drew_water:
        canvas.entry(_box(WATER, WATER_EDGE), w["water"])
    canvas.source(w["context_source"])
    return _labels(canvas, states_parties, countries, grown, lang, local)


def _water_visible(land_parts: Sequence[Geometry], area: Geometry) -> bool:
    """Whether some of the frame is not land: the frame is not inside the land's union
    (grown by 1e-6 degree).

    The union of the countries is the costly part of a location map; when a point of the
    frame lies more than OPEN_WATER degrees from every country the answer is known
    without it (the grown union cannot reach that point)."""
    import shapely

    if not land_parts:
        return True
    if _open_water(land_parts, area):
        return True
    return not shapely.unary_union(land_parts).buffer(1e-6).contains(area)


OPEN_WATER = 1e-3  # degrees: a thousand times the 1e-6 the land is grown by


def _open_water(land_parts: Sequence[Geometry], area: Geometry, n: int = 12) -> bool:
    """A point of a grid over the frame lies inside it and far from every country."""
    import numpy as np
    import shapely

    x0, y0, x1, y1 = area.bounds
    gx, gy = np.meshgrid(np.linspace(x0, x1, n + 2)[1:-1], np.linspace(y0, y1, n + 2)[1:-1])
    xs, ys = gx.ravel(), gy.ravel()
    keep = shapely.contains_xy(area, xs, ys)
    for part in land_parts:
        shapely.prepare(part)
        keep &= ~shapely.intersects_xy(part, xs, ys)
    for x, y in zip(xs[keep][:8], ys[keep][:8], strict=True):
        point = shapely.Point(float(x), float(y))
        if all(part.distance(point) > OPEN_WATER for part in land_parts):
            return True
    return False


def _box(fill: str, stroke: str) -> str:
    return f'<rect x="0" y="4" width="60" height="32" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'


def _lakes(canvas: Canvas, grown: Geometry, local: bool) -> bool:
    v = canvas.view
    rank = 10 if local else _rank_for(v, 2, 6)
    paths = []
    for lake in context.lakes(grown.bounds, max_scalerank=rank):
        shown = _visible(canvas, lake.geometry, grown)
        if not shown.is_empty and _big_enough(canvas, shown):
            paths.append(v.geometry_path(shown))
    if paths:
        canvas.clipped(
            f'<path d="{"".join(paths)}" fill="{WATER}" stroke="{WATER_EDGE}" '
            'stroke-width="1.5" fill-rule="evenodd"/>'
        )
    return bool(paths)


def _rivers(canvas: Canvas, grown: Geometry, local: bool) -> None:
    v = canvas.view
    rank = 10 if local else _rank_for(v, 3, 6)
    paths = []
    for river in context.rivers(grown.bounds, max_scalerank=rank):
        shown = _visible(canvas, river.geometry, grown)
        if not shown.is_empty:
            paths.append(v.line_path(shown))
    if paths:
        canvas.clipped(
            f'<path d="{"".join(paths)}" fill="none" stroke="{WATER_EDGE}" stroke-width="2.2" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        canvas.entry(
            f'<path d="M0 20C20 8 40 32 60 20" fill="none" stroke="{WATER_EDGE}" stroke-width="2.2"/>',
            canvas.svg.labels["river"],
        )


def _rank_for(view: Any, low: int, high: int) -> int:
    """More Natural Earth detail as the map's scale grows (1:30 M -> low, 1:3 M -> high)."""
    denominator = view.denominator or 10_000_000
    t = (math.log10(30_000_000) - math.log10(max(denominator, 1))) / 1.0
    return round(low + max(0.0, min(1.0, t)) * (high - low))


def _big_enough(canvas: Canvas, geom: Geometry) -> bool:
    """At least 2 x 2 mm on paper: smaller water bodies are noise at this scale."""
    x0, y0, x1, y1 = canvas.view.to_svg(geom).bounds
    return bool((x1 - x0) >= 20 or (y1 - y0) >= 20)


def _labels(
    canvas: Canvas,
    states_parties: Sequence[StateParty],
    countries: Sequence[context.Country],
    grown: Geometry,
    lang: str,
    local: bool,
) -> list[tuple[str, Any]]:
    """Label jobs in priority order: (kind, callable placing it)."""
    jobs: list[tuple[str, Any]] = []
    sp_codes = {sp.country.adm0_a3 for sp in states_parties}
    for sp in states_parties:
        jobs.append(
            ("state-party", lambda sp=sp: _country_label(canvas, sp.country, sp.name, True, local))
        )
        jobs.append(("capital", lambda sp=sp: _capital(canvas, sp.country, True, lang)))
    jobs.append(("water", lambda: _water_labels(canvas, grown, lang, local)))
    for c in countries:
        if c.adm0_a3 in sp_codes:
            continue
        name = c.short_name or c.name(lang) or c.adm0_a3
        if lang[:2] != "en":
            name = c.name(lang) or name
        jobs.append(
            ("neighbour", lambda c=c, name=name: _country_label(canvas, c, name, False, local))
        )
    if not local:
        for c in countries:
            if c.adm0_a3 not in sp_codes:
                jobs.append(("capital", lambda c=c: _capital(canvas, c, False, lang)))
    else:
        jobs.append(("places", lambda: _places(canvas, grown, lang, sp_codes)))
    return jobs


def _country_label(canvas: Canvas, c: context.Country, name: str, main: bool, local: bool) -> None:
    spots, shape = _spots(canvas, c.geometry)
    if shape is None or not spots:
        return
    texts = [name.upper()]
    short = (c.short_name or "").upper()
    if short and short not in texts:
        texts.append(short)
    if local:
        sizes: tuple[float, ...] = (32.0, 28.0)
    else:
        sizes = (46.0, 40.0, 34.0, 30.0, 27.0) if main else (34.0, 30.0, 27.0)
    # A neighbour's name is haloed in its own land colour: the boundaries it crosses are
    # hidden under the letters without a white patch on the grey.
    style = LabelStyle(
        fill="#3b3b3b" if main else "#707070", halo_colour="#fff" if main else NEIGHBOUR
    )
    fits = _inside(canvas, shape, 0.75 if main else 0.92)
    placed = canvas.area_label(texts, spots, sizes, style, fits=fits, bold=main)
    if not placed and main and not local:
        # A State Party whose visible part is too small for its name: beside it, with a
        # leader line if need be (its name must appear on its location map).
        x, y = spots[0]
        canvas.point_label(texts, x, y, 30.0, style, bold=True, report=True)


def _capital(canvas: Canvas, c: context.Country, main: bool, lang: str) -> None:
    cap = context.capital(c.iso_a2 or c.adm0_a3)
    if cap is None:
        return
    lon, lat = cap.point
    x, y = canvas.view.point(lon, lat)
    v = canvas.view
    if not (v.x0 + 10 < x < v.x1 - 10 and v.y0 + 10 < y < v.y1 - 10):
        return
    name = cap.name(lang) or ""
    style = LabelStyle(fill="#111" if main else "#444")
    if not main and not canvas.placer.free(Box(x - 14, y - 14, x + 14, y + 14)):
        return  # a neighbour's capital under another label: left out
    canvas.placer.block_point(x, y, 14)
    ok = canvas.point_label(
        [name], x, y, 30.0 if main else 27.0, style, r=14, bold=main, report=main
    )
    if ok or main:
        canvas.svg.add(capital_symbol(x, y))
        canvas.entry(capital_symbol(30, 20), canvas.svg.labels["capital"])


def _water_labels(canvas: Canvas, grown: Geometry, lang: str, local: bool) -> None:
    style = LabelStyle(fill="#2f6d9e", italic=True)
    bodies = list(context.seas(grown.bounds)) + [
        lake for lake in context.lakes(grown.bounds, max_scalerank=10 if local else 1)
    ]
    bodies.sort(key=lambda f: f.scalerank)
    for body in bodies:
        name = body.name(lang)
        if not name:
            continue
        spots, shape = _spots(canvas, body.geometry)
        if shape is None or not spots:
            continue
        if canvas.area_label(
            [name], spots, (34.0, 30.0, 27.0), style, fits=_inside(canvas, shape, 0.8)
        ):
            continue
        if body.layer == "lakes":  # too small for its name: beside it
            x, y = spots[0]
            canvas.point_label([name], x, y, 27.0, style, r=10.0)


def _places(canvas: Canvas, grown: Geometry, lang: str, sp_codes: set[str]) -> None:
    """Towns inside the frame on large-scale maps, biggest first, at most twelve (the
    States Parties' capitals are drawn by their own job)."""
    v = canvas.view
    found = sorted(context.places(grown.bounds, min_rank=3), key=lambda p: (-p.rank, p.point))
    shown = 0
    for p in found:
        if p.capital and p.adm0_a3 in sp_codes:
            continue
        if shown >= 12:
            break
        x, y = v.point(*p.point)
        if not (v.x0 + 10 < x < v.x1 - 10 and v.y0 + 10 < y < v.y1 - 10):
            continue
        name = p.name(lang) or ""
        if canvas.point_label([name], x, y, 27.0, LabelStyle(fill="#222"), r=8):
            canvas.placer.block_point(x, y, 8)
            canvas.svg.add(capital_symbol(x, y) if p.capital else place_symbol(x, y))
            canvas.entry(
                capital_symbol(30, 20) if p.capital else place_symbol(30, 20),
                canvas.svg.labels["capital" if p.capital else "place"],
            )
            shown += 1
