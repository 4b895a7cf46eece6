"""Maps for section 1.e as SVG text: pure functions of the measured geometries.

A map carries what the Annex 5 asks of it: the boundaries of the property and of the
buffer zone, component ids, a graticule labelled in degrees and minutes on all four
sides (for georeferencing), a scale bar, a north arrow (true north, rotated for grid
convergence), a legend, projection and datum, title and date, and an "Illustrative
boundaries" note when flagged. No network tiles: only the dossier's own vector data
and a bundled public-domain State Party outline.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from dossier.geo.measure import Geometry, GeoSummary, format_dm, polygons
from dossier.geo.svg import Svg, attrs, num, path_data

PROPERTY_STYLE = dict(fill="#d7301f", fill_opacity="0.22", stroke="#b30000", stroke_width="5")
BUFFER_STYLE = dict(
    fill="#fdae61",
    fill_opacity="0.28",
    stroke="#e66101",
    stroke_width="3.5",
    stroke_dasharray="16 8",
)
MARKER_STYLE = dict(stroke="#b30000", stroke_width="5")
COUNTRY_STYLE = dict(fill="#f2efe6", stroke="#555", stroke_width="3")
LAYER_COLOURS = {
    "attributes": ("#2c7bb6", "#7b3294", "#008837"),
    "legal-protection": ("#1a9850", "#4d9221", "#01665e"),
    "other": ("#5e3c99", "#4d4d4d", "#8c510a"),
}
# Map furniture in the two working languages of the World Heritage Committee.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "colon": ": ",
        "legend": "Legend",
        "scale": "Scale",
        "printed": "when printed at",
        "property": "Nominated property",
        "components": "Nominated property (component parts with their ID no.)",
        "buffer": "Buffer zone",
        "graticule_dm": "Graticule (degrees and minutes, WGS 84)",
        "graticule_d": "Graticule (degrees, WGS 84)",
        "projection": "Projection",
        "datum": "Datum: WGS 84 (World Geodetic System 1984); coordinates in degrees and minutes",
        "date": "Date",
        "note": "Illustrative boundaries: drawn for demonstration, not the official boundaries.",
        "banner": "ILLUSTRATIVE BOUNDARIES – not official",
        "state_party": "State Party",
        "location": "Location of the nominated property",
        "laea": "Lambert azimuthal equal-area, centred on",
        "country_source": "State boundary: Natural Earth 1:50m Admin 0 (public domain); "
        "shown for location only, not an authoritative boundary.",
    },
    "fr": {
        "colon": " : ",
        "legend": "Légende",
        "scale": "Échelle",
        "printed": "imprimée au format",
        "property": "Bien proposé pour inscription",
        "components": "Bien proposé (éléments constitutifs avec leur n° d'identification)",
        "buffer": "Zone tampon",
        "graticule_dm": "Graticule (degrés et minutes, WGS 84)",
        "graticule_d": "Graticule (degrés, WGS 84)",
        "projection": "Projection",
        "datum": "Système géodésique : WGS 84 (World Geodetic System 1984) ; coordonnées en "
        "degrés et minutes",
        "date": "Date",
        "note": "Limites indicatives : tracées pour démonstration, ce ne sont pas les limites "
        "officielles.",
        "banner": "LIMITES INDICATIVES – non officielles",
        "state_party": "État partie",
        "location": "Localisation du bien proposé",
        "laea": "Projection azimutale équivalente de Lambert, centrée sur",
        "country_source": "Frontière d'État : Natural Earth 1:50m Admin 0 (domaine public) ; "
        "pour la localisation seulement, sans valeur officielle.",
    },
}
ILLUSTRATIVE_NOTE = LABELS["en"]["note"]
GRATICULE_SWATCH = '<path d="M0 20H60" stroke="#7a7a7a" stroke-width="1.2" stroke-dasharray="4 6"/>'
_GRATICULE_MINUTES = (1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200)
_PANEL = 640.0  # width of the legend panel, 0.1 mm units


# ----------------------------------------------------------------- projection and view


@dataclass(frozen=True)
class Projection:
    proj: str  # PROJ string
    label: str  # for the map note


# Drawn at the size an A4 landscape page gives a map below the running header and above
# its caption, so the printed scale ratio stated on the map holds.
MAP_WIDTH_MM = 250.0
MAP_HEIGHT_MM = 150.0


def utm_for(lon: float, lat: float) -> Projection:
    """The UTM zone of a point: conformal, metric, and what topographic maps use."""
    zone = min(60, max(1, int((lon + 180) // 6) + 1))
    north = lat >= 0
    epsg = (32600 if north else 32700) + zone
    return Projection(
        f"+proj=utm +zone={zone}{'' if north else ' +south'} +datum=WGS84 +units=m +no_defs",
        f"UTM zone {zone}{'N' if north else 'S'} (EPSG:{epsg})",
    )


def laea_for(lon: float, lat: float, lang: str = "en") -> Projection:
    """Equal-area projection for a whole country (areas compare truly on a location map)."""
    lon0, lat0 = round(lon), round(lat)
    words = LABELS.get(lang, LABELS["en"])["laea"]
    return Projection(
        f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs",
        f"{words} {format_dm(lat0, 'lat')}, {format_dm(lon0, 'lon')}",
    )


@functools.lru_cache(maxsize=16)
def _transformers(proj: str) -> tuple[Any, Any]:
    from pyproj import Transformer

    return (
        Transformer.from_crs("EPSG:4326", proj, always_xy=True),
        Transformer.from_crs(proj, "EPSG:4326", always_xy=True),
    )


@dataclass(frozen=True)
class View:
    """Maps lon/lat to SVG units inside the frame ``(x0, y0, x1, y1)``."""

    proj: str
    x0: float
    y0: float
    x1: float
    y1: float
    ox: float  # projected x at the frame's left edge
    oy: float  # projected y at the frame's bottom edge
    scale: float  # SVG units per projected metre

    def points(self, lons: Sequence[float], lats: Sequence[float]) -> list[tuple[float, float]]:
        fwd, _ = _transformers(self.proj)
        xs, ys = fwd.transform(list(lons), list(lats))
        return [
            (self.x0 + (x - self.ox) * self.scale, self.y1 - (y - self.oy) * self.scale)
            for x, y in zip(xs, ys, strict=True)
        ]

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return self.points([lon], [lat])[0]

    def lonlat(self, sx: float, sy: float) -> tuple[float, float]:
        _, inv = _transformers(self.proj)
        x = self.ox + (sx - self.x0) / self.scale
        y = self.oy + (self.y1 - sy) / self.scale
        lon, lat = inv.transform(x, y)
        return float(lon), float(lat)

    def extent(self) -> tuple[float, float, float, float]:
        """Lon/lat bounds of the frame, sampled along its edges."""
        pts = []
        for t in range(21):
            f = t / 20
            for sx, sy in (
                (self.x0 + f * (self.x1 - self.x0), self.y0),
                (self.x0 + f * (self.x1 - self.x0), self.y1),
                (self.x0, self.y0 + f * (self.y1 - self.y0)),
                (self.x1, self.y0 + f * (self.y1 - self.y0)),
            ):
                pts.append(self.lonlat(sx, sy))
        return (
            min(p[0] for p in pts),
            min(p[1] for p in pts),
            max(p[0] for p in pts),
            max(p[1] for p in pts),
        )

    def geometry_path(self, geom: Geometry) -> str:
        rings = []
        for poly in polygons(geom):
            for ring in (poly.exterior, *poly.interiors):
                lons, lats = ring.xy
                rings.append(self.points(list(lons), list(lats)))
        return path_data(rings)

    def line_path(self, geom: Geometry) -> str:
        lines = []
        for part in _parts(geom, ("LineString", "LinearRing")):
            lons, lats = part.xy
            lines.append(self.points(list(lons), list(lats)))
        return path_data(lines, closed=False)


def _parts(geom: Geometry, kinds: tuple[str, ...]) -> Iterator[Geometry]:
    if geom.geom_type in kinds:
        yield geom
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _parts(part, kinds)


def fit(proj: Projection, focus: Geometry, frame: tuple[float, float, float, float]) -> View:
    """A view showing ``focus`` (lon/lat) centred in ``frame`` with an 8 % margin."""
    from dossier.geo.measure import project

    fwd, _ = _transformers(proj.proj)
    minx, miny, maxx, maxy = project(focus, fwd).bounds
    x0, y0, x1, y1 = frame
    dx = max(maxx - minx, 1.0) * 1.16
    dy = max(maxy - miny, 1.0) * 1.16
    scale = min((x1 - x0) / dx, (y1 - y0) / dy)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    ox = cx - (x1 - x0) / 2 / scale
    oy = cy - (y1 - y0) / 2 / scale
    return View(proj.proj, x0, y0, x1, y1, ox, oy, scale)


# ----------------------------------------------------------------- map furniture


def _frame(svg: Svg) -> tuple[float, float, float, float]:
    """Map frame: left of the legend panel, below the title, room for edge labels."""
    return (150.0, 200.0, svg.width - _PANEL - 190.0, svg.height - 90.0)


def _title(svg: Svg, title: str, subtitle: str) -> None:
    svg.text(60, 80, title, 50, weight="bold")
    if subtitle:
        svg.text(60, 135, subtitle, 32, fill="#333")


def _graticule_step(view: View) -> int:
    """The widest step (minutes) that still gives two or more lines across each axis."""
    minlon, minlat, maxlon, maxlat = view.extent()
    span = min(maxlon - minlon, maxlat - minlat) * 60
    return next((m for m in reversed(_GRATICULE_MINUTES) if span / m >= 2), 1)


def _label(value: float, axis: str, step: int) -> str:
    text = format_dm(value, "lat" if axis == "lat" else "lon")
    if step % 60 == 0:
        deg, _, hemi = text.partition("°")
        return f"{deg}° {hemi.split()[-1]}"
    return text


def _crossing(
    pts: Sequence[tuple[float, float]], axis: int, value: float, lo: float, hi: float
) -> float | None:
    """Where a polyline crosses the line x=value (axis 0) or y=value (axis 1)."""
    for a, b in itertools.pairwise(pts):
        da, db = a[axis] - value, b[axis] - value
        if da == db or da * db > 0:
            continue
        t = da / (da - db)
        other = a[1 - axis] + t * (b[1 - axis] - a[1 - axis])
        if lo <= other <= hi:
            return other
    return None


def _graticule(svg: Svg, view: View, clip: str) -> None:
    """Meridians and parallels, labelled on all four sides of the frame."""
    step = _graticule_step(view)
    minlon, minlat, maxlon, maxlat = view.extent()
    deg = step / 60
    size = 24.0
    lines: list[str] = []
    tick = 14.0
    lon_values = [k * deg for k in range(math.floor(minlon / deg), math.ceil(maxlon / deg) + 1)]
    lat_values = [k * deg for k in range(math.floor(minlat / deg), math.ceil(maxlat / deg) + 1)]
    samples = [minlat + (maxlat - minlat) * i / 40 for i in range(41)]
    for lon in lon_values:
        pts = view.points([lon] * len(samples), samples)
        lines.append(path_data([pts], closed=False))
        for edge, dy in ((view.y1, size + tick + 4), (view.y0, -tick - 8)):
            x = _crossing(pts, 1, edge, view.x0, view.x1)
            if x is not None:
                svg.add(
                    f'<path d="M{num(x)} {num(edge)}V{num(edge + math.copysign(tick, dy))}" '
                    'stroke="#333" stroke-width="2"/>'
                )
                svg.text(x, edge + dy, _label(lon, "lon", step), size, anchor="middle")
    samples = [minlon + (maxlon - minlon) * i / 40 for i in range(41)]
    for lat in lat_values:
        pts = view.points(samples, [lat] * len(samples))
        lines.append(path_data([pts], closed=False))
        for edge, sign, anchor in ((view.x0, -1, "end"), (view.x1, 1, "start")):
            y = _crossing(pts, 0, edge, view.y0, view.y1)
            if y is not None:
                svg.add(
                    f'<path d="M{num(edge)} {num(y)}H{num(edge + sign * tick)}" '
                    'stroke="#333" stroke-width="2"/>'
                )
                svg.text(
                    edge + sign * (tick + 6),
                    y + size * 0.35,
                    _label(lat, "lat", step),
                    size,
                    anchor=anchor,
                )
    svg.add(
        f'<path d="{"".join(lines)}" fill="none" stroke="#7a7a7a" stroke-width="1.2" '
        f'stroke-dasharray="4 6" clip-path="url(#{clip})"/>'
    )


def _nice_length(limit_m: float) -> float:
    exp = 10.0 ** math.floor(math.log10(limit_m))
    return max(m * exp for m in (1, 2, 5) if m * exp <= limit_m)


def _true_scale(view: View) -> float:
    """SVG units per true (geodesic) metre, measured across the frame's centre."""
    from dossier.geo.measure import distance_m

    cy = (view.y0 + view.y1) / 2
    cx = (view.x0 + view.x1) / 2
    half = (view.x1 - view.x0) / 8
    a, b = view.lonlat(cx - half, cy), view.lonlat(cx + half, cy)
    return float(2 * half / distance_m(a[0], a[1], b[0], b[1]))


def _scale_bar(svg: Svg, view: View, x: float, y: float) -> float:
    """Alternating bar with 0 / half / full labels; returns the y below it."""
    units_per_m = _true_scale(view)
    length = _nice_length(_PANEL * 0.6 / units_per_m)
    width = length * units_per_m
    unit, div = ("km", 1000.0) if length >= 1000 else ("m", 1.0)
    svg.text(x, y, svg.labels["scale"], 26, weight="bold")
    y += 20
    for i in range(4):
        svg.add(
            f"<rect {attrs(x=x + i * width / 4, y=float(y), width=width / 4, height=12.0)} "
            f'fill="{"#222" if i % 2 == 0 else "#fff"}" stroke="#222" stroke-width="1.5"/>'
        )
    for frac in (0.0, 0.5, 1.0):
        value = length * frac / div
        label = f"{value:g}" + (f" {unit}" if frac == 1.0 else "")
        svg.text(x + frac * width, y + 42, label, 22, anchor="middle")
    denominator = _round_sig(10_000 / units_per_m)
    svg.text(
        x,
        y + 78,
        f"1:{denominator:,} {svg.labels['printed']} {num(svg.width_mm)} × {num(svg.height_mm)} mm",
        20,
        fill="#333",
    )
    return y + 110


def _round_sig(value: float, digits: int = 2) -> int:
    exp = 10 ** max(0, math.floor(math.log10(value)) - digits + 1)
    return int(round(value / exp) * exp)


def _north_arrow(svg: Svg, view: View, x: float, y: float) -> None:
    """True north at the centre of the map (grid north differs by the convergence)."""
    lon, lat = view.lonlat((view.x0 + view.x1) / 2, (view.y0 + view.y1) / 2)
    (ax, ay), (bx, by) = view.point(lon, lat), view.point(lon, min(lat + 0.01, 89.99))
    angle = math.degrees(math.atan2(bx - ax, ay - by))
    svg.add(
        f'<g transform="translate({num(x)} {num(y)}) rotate({num(angle)})">'
        '<path d="M0 -55L18 25L0 12L-18 25Z" fill="#222" stroke="#222" stroke-width="2"/>'
        '<path d="M0 -55L0 12L-18 25Z" fill="#fff" stroke="#222" stroke-width="2"/>'
        "</g>"
    )
    svg.text(x, y - 66, "N", 30, anchor="middle", weight="bold")


def _legend(svg: Svg, entries: Sequence[tuple[str, str]], x: float, y: float) -> float:
    """Legend rows of (swatch SVG at origin, label); returns the y below the legend."""
    svg.text(x, y, svg.labels["legend"], 28, weight="bold")
    y += 24
    for swatch, label in entries:
        svg.add(f'<g transform="translate({num(x)} {num(y)})">{swatch}</g>')
        end = svg.wrapped(x + 80, y + 26, label, 24, _PANEL - 100)
        y = max(y + 50, end + 8)
    return y + 10


def _style(style: dict[str, str]) -> str:
    return attrs(**style)


def _box_swatch(style: dict[str, str]) -> str:
    return f'<rect x="0" y="4" width="60" height="32" {_style(style)}/>'


# ----------------------------------------------------------------- layers


def _layer_style(kind: str, n: int) -> str:
    colours = LAYER_COLOURS.get(kind, LAYER_COLOURS["other"])
    return colours[n % len(colours)]


def _draw_layer(svg: Svg, view: View, geoms: Sequence[Geometry], kind: str, colour: str) -> None:
    polys = "".join(view.geometry_path(g) for g in geoms)
    if polys:
        svg.add(
            f'<path d="{polys}" fill="{colour}" fill-opacity="0.12" stroke="{colour}" '
            'stroke-width="3" stroke-dasharray="8 5" fill-rule="evenodd"/>'
        )
    lines = "".join(view.line_path(g) for g in geoms)
    if lines:
        svg.add(f'<path d="{lines}" fill="none" stroke="{colour}" stroke-width="3"/>')
    for g in geoms:
        for pt in _parts(g, ("Point",)):
            svg.add(_marker(*view.point(pt.x, pt.y), kind, colour))


def _marker(x: float, y: float, kind: str, colour: str) -> str:
    if kind == "attributes":
        return (
            f'<circle {attrs(cx=x, cy=y)} r="9" fill="{colour}" stroke="#fff" stroke-width="2.5"/>'
        )
    return (
        f'<rect {attrs(x=x - 8, y=y - 8)} width="16" height="16" fill="{colour}" '
        'stroke="#fff" stroke-width="2.5"/>'
    )


def _layer_swatch(kind: str, colour: str, has_points: bool) -> str:
    if has_points:
        return _marker(30, 20, kind, colour)
    return (
        f'<rect x="0" y="4" width="60" height="32" fill="{colour}" fill-opacity="0.12" '
        f'stroke="{colour}" stroke-width="3" stroke-dasharray="8 5"/>'
    )


# ----------------------------------------------------------------- public maps


def _prefix(*parts: str) -> str:
    return "m" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:8]


def _begin(
    title: str, subtitle: str, width_mm: float, height_mm: float, id_prefix: str, lang: str
) -> tuple[Svg, tuple[float, float, float, float], str]:
    svg = Svg(width_mm, height_mm, id_prefix)
    svg.labels = LABELS.get(lang, LABELS["en"])
    svg.add(f'<rect width="{num(svg.width)}" height="{num(svg.height)}" fill="#fff"/>')
    frame = _frame(svg)
    clip = f"{id_prefix}-frame"
    x0, y0, x1, y1 = frame
    svg.defs.append(
        f'<clipPath id="{clip}"><rect {attrs(x=x0, y=y0, width=x1 - x0, height=y1 - y0)}/>'
        "</clipPath>"
    )
    _title(svg, title, subtitle)
    return svg, frame, clip


def _notes(svg: Svg, y: float, notes: _Notes) -> None:
    x = svg.width - _PANEL - 20
    width = _PANEL - 60
    if notes.illustrative:
        note = svg.labels["note"]
        y = svg.wrapped(x, y, note, 26, width, fill="#b30000", weight="bold") + 10
    words = svg.labels
    for line in (
        f"{words['projection']}{words['colon']}{notes.projection}",
        words["datum"],
        f"{words['date']}{words['colon']}{notes.date}",
        notes.source,
    ):
        if line:
            y = svg.wrapped(x, y, line, 22, width, fill="#222") + 6


def property_map(
    summary: GeoSummary,
    *,
    title: str,
    date: str,
    property_name: str | None = None,
    component: str | None = None,
    source: str = "",
    lang: str = "en",
    width_mm: float = MAP_WIDTH_MM,
    height_mm: float = MAP_HEIGHT_MM,
    id_prefix: str | None = None,
) -> str:
    """The property (or one component) with its buffer zone, layers and map furniture.

    ``component`` zooms on one component part (for serial properties, one map each);
    ``id_prefix`` keeps element ids unique when several maps share one HTML page.
    """
    import shapely

    name = property_name if property_name is not None else summary.property.name
    prefix = id_prefix or _prefix("property", title, component or "")
    svg, frame, clip = _begin(title, name, width_mm, height_mm, prefix, lang)
    focus = summary.property_geometry
    if component is not None and component in summary.component_geometries:
        focus = summary.component_geometries[component]
    if summary.buffer_geometry is not None:
        near = [p for p in polygons(summary.buffer_geometry) if p.distance(focus) < 1e-4]
        focus = shapely.unary_union([focus, *near])
    centre = focus.centroid
    proj = utm_for(centre.x, centre.y)
    view = fit(proj, focus, frame)
    svg.add(f'<g clip-path="url(#{clip})">')
    if summary.buffer_geometry is not None:
        svg.add(
            f'<path d="{view.geometry_path(summary.buffer_geometry)}" {_style(BUFFER_STYLE)} '
            'fill-rule="evenodd"/>'
        )
    svg.add(
        f'<path d="{view.geometry_path(summary.property_geometry)}" {_style(PROPERTY_STYLE)} '
        'fill-rule="evenodd"/>'
    )
    key = "components" if summary.components else "property"
    legend: list[tuple[str, str]] = [(_box_swatch(PROPERTY_STYLE), svg.labels[key])]
    if summary.buffer_geometry is not None:
        legend.append((_box_swatch(BUFFER_STYLE), svg.labels["buffer"]))
    counts: dict[str, int] = {}
    for layer in summary.layers:
        n = counts.get(layer.kind, 0)
        counts[layer.kind] = n + 1
        colour = _layer_style(layer.kind, n)
        geoms = [f.geometry for f in layer.features]
        _draw_layer(svg, view, geoms, layer.kind, colour)
        has_points = any(True for g in geoms for _ in _parts(g, ("Point",)))
        legend.append((_layer_swatch(layer.kind, colour, has_points), layer.title))
    for m in summary.components:
        lx, ly = view.point(m.lon, m.lat)
        svg.text(lx, ly + 12, m.id, 34, anchor="middle", weight="bold", fill="#7f0000", halo=True)
    svg.add("</g>")
    legend.append((GRATICULE_SWATCH, svg.labels["graticule_dm"]))
    notes = _Notes(proj.label, date, source, summary.illustrative)
    return _finish(svg, view, frame, clip, legend, notes, banner=summary.illustrative)


@dataclass(frozen=True)
class _Notes:
    projection: str
    date: str
    source: str
    illustrative: bool


def _finish(
    svg: Svg,
    view: View,
    frame: tuple[float, float, float, float],
    clip: str,
    legend: list[tuple[str, str]],
    notes: _Notes,
    *,
    banner: bool,
) -> str:
    """Neat line, graticule, legend, north arrow, scale bar and notes; the SVG text."""
    x0, y0, x1, y1 = frame
    svg.add(
        f'<rect {attrs(x=x0, y=y0, width=x1 - x0, height=y1 - y0)} fill="none" '
        'stroke="#111" stroke-width="3"/>'
    )
    _graticule(svg, view, clip)
    if banner:
        _banner(svg, frame)
    px = svg.width - _PANEL - 20
    y = _legend(svg, legend, px, y0 + 10)
    _north_arrow(svg, view, px + _PANEL - 90, y + 100)
    y = _scale_bar(svg, view, px, y + 20)
    _notes(svg, y + 10, notes)
    return svg.render()


def _banner(svg: Svg, frame: tuple[float, float, float, float]) -> None:
    x0, y0, _, _ = frame
    text = svg.labels["banner"]
    width = len(text) * 28 * 0.66 + 32
    svg.add(
        f'<rect {attrs(x=x0 + 12, y=y0 + 12, width=width, height=52.0)} fill="#fff" '
        'fill-opacity="0.85" stroke="#b30000" stroke-width="2"/>'
    )
    svg.text(x0 + 28, y0 + 47, text, 28, fill="#b30000", weight="bold")


@functools.cache
def _country_geojson(name: str) -> str:
    return resources.files("dossier.geo").joinpath("data", f"{name}.geojson").read_text("utf-8")


def country_outline(name: str = "kazakhstan") -> Geometry:
    """A bundled State Party outline (Natural Earth 1:50m, public domain) as a geometry."""
    import shapely
    from shapely.geometry import shape

    data = json.loads(_country_geojson(name))
    return shapely.unary_union([shape(f["geometry"]) for f in data["features"]])


def location_map(
    summary: GeoSummary,
    *,
    title: str,
    date: str,
    property_name: str | None = None,
    country: Geometry | None = None,
    country_name: str = "Kazakhstan",
    source: str | None = None,
    lang: str = "en",
    width_mm: float = MAP_WIDTH_MM,
    height_mm: float = MAP_HEIGHT_MM,
    id_prefix: str | None = None,
) -> str:
    """Where the property lies within the State Party (1.e (ii))."""
    import shapely
    from shapely.ops import polylabel

    outline = country if country is not None else country_outline()
    name = property_name if property_name is not None else summary.property.name
    prefix = id_prefix or _prefix("location", title)
    svg, frame, clip = _begin(title, name, width_mm, height_mm, prefix, lang)
    if source is None:
        source = svg.labels["country_source"]
    c = outline.envelope.centroid
    proj = laea_for(c.x, c.y, lang)
    view = fit(proj, shapely.unary_union([outline, summary.property_geometry]), frame)
    svg.add(f'<g clip-path="url(#{clip})">')
    svg.add(
        f'<path d="{view.geometry_path(outline)}" {_style(COUNTRY_STYLE)} fill-rule="evenodd"/>'
    )
    biggest = max(polygons(outline), key=lambda p: p.area)
    label_at = polylabel(biggest, tolerance=0.05)
    lx, ly = view.point(label_at.x, label_at.y)
    svg.text(lx, ly, country_name.upper(), 56, anchor="middle", fill="#8a8a8a", weight="bold")
    svg.add(f'<path d="{view.geometry_path(summary.property_geometry)}" {_style(PROPERTY_STYLE)}/>')
    px_, py_ = view.point(summary.property.lon, summary.property.lat)
    svg.add(f'<circle {attrs(cx=px_, cy=py_)} r="34" fill="none" {_style(MARKER_STYLE)}/>')
    label = name or svg.labels["property"]
    svg.text(px_ + 46, py_ + 10, label, 30, weight="bold", fill="#7f0000", halo=True)
    svg.add("</g>")
    legend = [
        (
            _box_swatch(COUNTRY_STYLE),
            f"{svg.labels['state_party']}{svg.labels['colon']}{country_name}",
        ),
        (
            f'<circle cx="30" cy="20" r="16" fill="none" {_style(MARKER_STYLE)}/>',
            svg.labels["location"],
        ),
        (GRATICULE_SWATCH, svg.labels["graticule_d"]),
    ]
    notes = _Notes(proj.label, date, source, summary.illustrative)
    return _finish(svg, view, frame, clip, legend, notes, banner=False)


def draw_map(
    summary: GeoSummary,
    spec: Mapping[str, Any],
    *,
    date: str,
    property_name: str | None = None,
    lang: str = "en",
    title_suffix: str = "",
) -> str:
    """The map described by one entry of identification.maps (1.e), drawn as SVG.

    ``kind: location`` places the property in the State Party; ``kind: component`` zooms
    on ``spec["component"]``; every other kind shows the whole property, buffer zone and
    layers. ``title_suffix`` (e.g. the document id) only keeps element ids distinct.
    """
    title = str(spec.get("title") or spec.get("id") or "")
    prefix = _prefix(str(spec.get("id") or title), title_suffix)
    if spec.get("kind") == "location":
        return location_map(
            summary, title=title, date=date, property_name=property_name, lang=lang,
            id_prefix=prefix,
        )  # fmt: skip
    component = spec.get("component") if spec.get("kind") == "component" else None
    return property_map(
        summary,
        title=title,
        date=date,
        property_name=property_name,
        component=str(component) if component is not None else None,
        lang=lang,
        id_prefix=prefix,
    )
