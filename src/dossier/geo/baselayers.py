"""The dossier's own layers on a property map: base maps beneath, thematic layers above.

GeoJSON layers arrive measured (WGS 84 features); GeoPackage, shapefile and GeoTIFF
layers are read here for the frame being drawn (dossier.geo.layerio). Each layer gets a
legend entry only when something of it lies inside the frame.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dossier.geo.canvas import Canvas, LabelStyle
from dossier.geo.mapview import parts
from dossier.geo.measure import Geometry, Layer, LayerFeature
from dossier.geo.svg import attrs, num

LAYER_COLOURS = {
    "attributes": ("#2c7bb6", "#7b3294", "#008837"),
    "legal-protection": ("#1a9850", "#4d9221", "#01665e"),
    "other": ("#5e3c99", "#4d4d4d", "#8c510a"),
    "base": ("#6b4a2b", "#4d4d4d", "#8c6d46"),
}
SYMBOLS = {
    "escarpment": ("#7a4b23", 3.0),
    "river": ("#4a8fc7", 3.0),
    "road": ("#a23b1c", 3.2),
    "contour": ("#b58a5a", 1.3),
}


@dataclass
class Findings:
    """Layer files that could not be drawn: (rule, message, hint, layer index)."""

    problems: list[tuple[str, str, str, int]] = field(default_factory=list)


def _marker(x: float, y: float, kind: str, colour: str) -> str:
    if kind == "attributes":
        return (
            f'<circle {attrs(cx=x, cy=y)} r="9" fill="{colour}" stroke="#fff" stroke-width="2.5"/>'
        )
    if kind == "base":
        return f'<circle {attrs(cx=x, cy=y)} r="6" fill="#222" stroke="#fff" stroke-width="1.5"/>'
    return (
        f'<rect {attrs(x=x - 8, y=y - 8)} width="16" height="16" fill="{colour}" '
        'stroke="#fff" stroke-width="2.5"/>'
    )


def _ticks(
    points: Sequence[tuple[float, float]], spacing: float = 14.0, length: float = 9.0
) -> str:
    """Short strokes on the right of a line's direction (an escarpment's lower side)."""
    out: list[str] = []
    carry = spacing / 2
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        seg = math.hypot(bx - ax, by - ay)
        if seg == 0:
            continue
        ux, uy = (bx - ax) / seg, (by - ay) / seg
        t = carry
        while t < seg:
            x, y = ax + ux * t, ay + uy * t
            out.append(f"M{num(x)} {num(y)}l{num(-uy * length)} {num(ux * length)}")
            t += spacing
        carry = t - seg
    return "".join(out)


def _line_symbol(canvas: Canvas, geoms: Sequence[Geometry], symbol: str, colour: str) -> None:
    view = canvas.view
    stroke, width = SYMBOLS.get(symbol, (colour, 2.5))
    d = "".join(view.line_path(g) for g in geoms)
    if not d:
        return
    canvas.clipped(
        f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{width:g}" '
        'stroke-linejoin="round" stroke-linecap="round"/>'
    )
    if symbol == "escarpment":
        ticks = []
        for g in geoms:
            for line in parts(g, ("LineString", "LinearRing")):
                lons, lats = line.xy
                ticks.append(_ticks(view.points(list(lons), list(lats))))
        canvas.clipped(f'<path d="{"".join(ticks)}" stroke="{stroke}" stroke-width="2"/>')


def swatch(layer: Layer, colour: str, geoms: Sequence[Geometry]) -> str:
    if layer.fmt == "tiff":
        return (
            '<rect x="0" y="4" width="20" height="32" fill="#666"/>'
            '<rect x="20" y="4" width="20" height="32" fill="#999"/>'
            '<rect x="40" y="4" width="20" height="32" fill="#ccc"/>'
            '<rect x="0" y="4" width="60" height="32" fill="none" stroke="#777" stroke-width="1.5"/>'
        )
    if layer.symbol in SYMBOLS:
        stroke, width = SYMBOLS[layer.symbol]
        extra = (
            f'<path d="M8 20v9M20 20v9M32 20v9M44 20v9M56 20v9" stroke="{stroke}" stroke-width="2"/>'
            if layer.symbol == "escarpment"
            else ""
        )
        return f'<path d="M0 20H60" stroke="{stroke}" stroke-width="{width:g}"/>{extra}'
    if any(True for g in geoms for _ in parts(g, ("Point",))):
        return _marker(30, 20, layer.kind, colour)
    if all(g.geom_type in ("LineString", "MultiLineString") for g in geoms):
        return f'<path d="M0 20H60" stroke="{colour}" stroke-width="3"/>'
    return (
        f'<rect x="0" y="4" width="60" height="32" fill="{colour}" fill-opacity="0.12" '
        f'stroke="{colour}" stroke-width="3" stroke-dasharray="8 5"/>'
    )


def _draw_vector(
    canvas: Canvas, layer: Layer, feats: Sequence[LayerFeature], colour: str
) -> list[tuple[float, float, str]]:
    """Draw the features; returns the named points to label (settlements)."""
    view = canvas.view
    geoms = [f.geometry for f in feats]
    polys = "".join(view.geometry_path(g) for g in geoms)
    if polys:
        canvas.clipped(
            f'<path d="{polys}" fill="{colour}" fill-opacity="0.12" stroke="{colour}" '
            'stroke-width="3" stroke-dasharray="8 5" fill-rule="evenodd"/>'
        )
    lines = [g for g in geoms if any(True for _ in parts(g, ("LineString", "LinearRing")))]
    if lines:
        _line_symbol(canvas, lines, layer.symbol or "line", colour)
    markers: list[str] = []
    named: list[tuple[float, float, str]] = []
    for f in feats:
        for pt in parts(f.geometry, ("Point",)):
            x, y = view.point(pt.x, pt.y)
            if not (view.x0 < x < view.x1 and view.y0 < y < view.y1):
                continue
            markers.append(_marker(x, y, layer.kind, colour))
            canvas.placer.block_point(x, y, 11 if layer.kind != "base" else 7)
            if layer.symbol == "settlement":
                named.append((x, y, f.label))
    if markers:
        canvas.clipped("".join(markers))
    return named


def draw_layers(
    canvas: Canvas,
    layers: Sequence[Layer],
    area: Geometry,
    wanted: Callable[[Layer], bool],
    findings: Findings,
) -> list[tuple[float, float, str]]:
    """Draw the vector layers ``wanted`` selects; returns points to name."""
    from dossier.geo import layerio

    counts: dict[str, int] = {}
    named: list[tuple[float, float, str]] = []
    for layer in layers:
        if layer.fmt == "tiff" or not wanted(layer):
            continue
        n = counts.get(layer.kind, 0)
        counts[layer.kind] = n + 1
        colours = LAYER_COLOURS.get(layer.kind, LAYER_COLOURS["other"])
        colour = colours[n % len(colours)]
        feats: Sequence[LayerFeature] = layer.features
        if layer.fmt in ("gpkg", "shp"):
            try:
                feats = layerio.read_vector(layer, canvas.view)
            except layerio.LayerError as exc:
                findings.problems.append((exc.rule, exc.message, exc.hint, layer.index))
                continue
        shown = [f for f in feats if f.geometry.intersects(area)]
        if not shown:
            continue  # nothing of it on this map: no legend entry either
        named += _draw_vector(canvas, layer, shown, colour)
        canvas.entry(swatch(layer, colour, [f.geometry for f in shown]), layer.title)
    return named


def draw_rasters(
    canvas: Canvas, layers: Sequence[Layer], wanted: Callable[[Layer], bool], findings: Findings
) -> None:
    from dossier.geo import layerio

    v = canvas.view
    for layer in layers:
        if layer.fmt != "tiff" or not wanted(layer):
            continue
        try:
            image = layerio.read_raster(layer, v)
        except layerio.LayerError as exc:
            findings.problems.append((exc.rule, exc.message, exc.hint, layer.index))
            continue
        if image is None:
            continue
        opacity = layer.opacity if layer.opacity is not None else 0.85
        canvas.clipped(
            f"<image {attrs(x=v.x0, y=v.y0, width=v.x1 - v.x0, height=v.y1 - v.y0)} "
            f'preserveAspectRatio="none" opacity="{opacity:g}" href="{image.data_uri()}"/>'
        )
        canvas.entry(swatch(layer, "#777", []), layer.title)


def name_points(canvas: Canvas, named: Sequence[tuple[float, float, str]]) -> None:
    style = LabelStyle(fill="#222")
    for x, y, text in named:
        canvas.point_label([text], x, y, 27.0, style, r=7.0, report=True)
