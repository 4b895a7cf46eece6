"""Map furniture: title block, neat line, graticule, legend, scale, north arrow, notes.

Sizes are SVG user units (0.1 mm on paper): 27 units is 7.65 pt, the smallest text on a
map, so that the legend and notes stay legible when the map is printed at its stated
size. Every function draws into an ``Svg`` and reports the boxes it used, so that the
label placer keeps map labels off the furniture.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from dossier.geo.labels import Box, text_box
from dossier.geo.mapview import View
from dossier.geo.measure import format_dm
from dossier.geo.svg import Svg, attrs, num, path_data, text_width

SMALL = 27.0  # smallest text: 7.65 pt
PANEL = 660.0  # width of the legend panel
TITLE = 50.0
SUBTITLE = 32.0
GRATICULE_SIZE = 27.0

# Words of the map furniture in the two working languages of the World Heritage Committee.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "colon": ": ",
        "thousands": ",",
        "decimal": ".",
        "legend": "Legend",
        "scale": "Scale",
        "printed": "at the centre of the map when printed at",
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
        "states_parties": "States Parties",
        "location": "Location of the nominated property",
        "laea": "Lambert azimuthal equal-area, centred on",
        "neighbour": "Neighbouring country or territory",
        "water": "Sea or lake",
        "river": "River",
        "capital": "National capital",
        "place": "Town or village",
        "border": "International boundary",
        "location_map": "Location map",
        "overview_map": "Nominated property and buffer zone",
        "component_map": "Component part",
        "context_source": "Countries, coasts, seas, lakes, rivers and places: Natural Earth "
        "(public domain), generalised; shown for location only, not an authoritative "
        "statement about any boundary.",
        "illustrative_layer": "illustrative",
    },
    "fr": {
        "colon": " : ",
        "thousands": "\u00a0",
        "decimal": ",",
        "legend": "Légende",
        "scale": "Échelle",
        "printed": "au centre de la carte, imprimée au format",
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
        "states_parties": "États parties",
        "location": "Localisation du bien proposé",
        "laea": "Projection azimutale équivalente de Lambert, centrée sur",
        "neighbour": "Pays ou territoire voisin",
        "water": "Mer ou lac",
        "river": "Cours d'eau",
        "capital": "Capitale nationale",
        "place": "Ville ou village",
        "border": "Frontière internationale",
        "location_map": "Carte de localisation",
        "overview_map": "Bien proposé et zone tampon",
        "component_map": "Élément constitutif",
        "context_source": "Pays, côtes, mers, lacs, cours d'eau et localités : Natural Earth "
        "(domaine public), généralisés ; pour la localisation seulement, sans valeur "
        "officielle quant aux frontières.",
        "illustrative_layer": "indicatif",
    },
}

GRATICULE_SWATCH = '<path d="M0 20H60" stroke="#7a7a7a" stroke-width="1.2" stroke-dasharray="4 6"/>'
_GRATICULE_MINUTES = (1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 300, 600, 900, 1200)


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang[:2].lower(), WORDS["en"])


def frame_of(svg: Svg) -> tuple[float, float, float, float]:
    """Map frame: left of the legend panel, below the title, room for edge labels."""
    return (150.0, 200.0, svg.width - PANEL - 190.0, svg.height - 90.0)


def title_block(svg: Svg, titles: Sequence[str], subtitle: str) -> None:
    """The map's own title (the first form of ``titles`` that fits) and its subtitle,
    above the frame (the legend panel takes the whole height on the right)."""
    width = svg.width - PANEL - 100
    size, text = TITLE, titles[0] if titles else ""
    for candidate in titles:
        text = candidate
        if text_width(candidate, TITLE, True) <= width:
            break
    while size > 34 and text_width(text, size, True) > width:
        size -= 2
    svg.text(60, 80, text, size, weight="bold")
    if subtitle:
        sub = SUBTITLE
        while sub > SMALL and text_width(subtitle, sub) > width:
            sub -= 1
        svg.text(60, 135, subtitle, sub, fill="#333")


# ----------------------------------------------------------------- graticule


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


def graticule(svg: Svg, view: View, clip: str) -> list[Box]:
    """Meridians and parallels, labelled on all four sides; returns the label boxes."""
    step = _graticule_step(view)
    minlon, minlat, maxlon, maxlat = view.extent()
    deg = step / 60
    size = GRATICULE_SIZE
    tick = 14.0
    lines: list[str] = []
    boxes: list[Box] = []
    lon_values = [k * deg for k in range(math.floor(minlon / deg), math.ceil(maxlon / deg) + 1)]
    lat_values = [k * deg for k in range(math.floor(minlat / deg), math.ceil(maxlat / deg) + 1)]
    samples = [minlat + (maxlat - minlat) * i / 40 for i in range(41)]
    for lon in lon_values:
        pts = view.points([lon] * len(samples), samples)
        lines.append(path_data([pts], closed=False))
        for edge, dy in ((view.y1, size + tick + 4), (view.y0, -tick - 8)):
            x = _crossing(pts, 1, edge, view.x0, view.x1)
            if x is None:
                continue
            text = _label(lon, "lon", step)
            box = text_box(x, edge + dy, text, size, "middle", False)
            if any(box.overlaps(b, 8) for b in boxes):
                continue
            boxes.append(box)
            svg.add(
                f'<path d="M{num(x)} {num(edge)}V{num(edge + math.copysign(tick, dy))}" '
                'stroke="#333" stroke-width="2"/>'
            )
            svg.text(x, edge + dy, text, size, anchor="middle")
    samples = [minlon + (maxlon - minlon) * i / 40 for i in range(41)]
    for lat in lat_values:
        pts = view.points(samples, [lat] * len(samples))
        lines.append(path_data([pts], closed=False))
        for edge, sign, anchor in ((view.x0, -1, "end"), (view.x1, 1, "start")):
            y = _crossing(pts, 0, edge, view.y0, view.y1)
            if y is None:
                continue
            text = _label(lat, "lat", step)
            box = text_box(edge + sign * (tick + 6), y + size * 0.35, text, size, anchor, False)
            if any(box.overlaps(b, 4) for b in boxes):
                continue
            boxes.append(box)
            svg.add(
                f'<path d="M{num(edge)} {num(y)}H{num(edge + sign * tick)}" '
                'stroke="#333" stroke-width="2"/>'
            )
            svg.text(edge + sign * (tick + 6), y + size * 0.35, text, size, anchor=anchor)
    svg.add(
        f'<path d="{"".join(lines)}" fill="none" stroke="#7a7a7a" stroke-width="1.2" '
        f'stroke-dasharray="4 6" clip-path="url(#{clip})"/>'
    )
    return boxes


# ----------------------------------------------------------------- scale and north


def _nice_length(limit_m: float) -> float:
    exp = 10.0 ** math.floor(math.log10(limit_m))
    return max(m * exp for m in (1, 2, 5) if m * exp <= limit_m)


def true_scale(view: View) -> float:
    """SVG units per true (geodesic) metre, measured across the frame's centre."""
    from dossier.geo.measure import distance_m

    cy = (view.y0 + view.y1) / 2
    cx = (view.x0 + view.x1) / 2
    half = 20.0
    a, b = view.lonlat(cx - half, cy), view.lonlat(cx + half, cy)
    return float(2 * half / distance_m(a[0], a[1], b[0], b[1]))


def scale_bar(svg: Svg, view: View, x: float, y: float, width_limit: float) -> float:
    """Alternating bar with 0 / half / full labels and the ratio; returns the y below."""
    units_per_m = true_scale(view)
    length = _nice_length(width_limit / units_per_m)
    width = length * units_per_m
    unit, div = ("km", 1000.0) if length >= 1000 else ("m", 1.0)
    w = svg.labels
    svg.text(x, y, w["scale"], 30, weight="bold")
    y += 20
    for i in range(4):
        svg.add(
            f"<rect {attrs(x=x + i * width / 4, y=float(y), width=width / 4, height=12.0)} "
            f'fill="{"#222" if i % 2 == 0 else "#fff"}" stroke="#222" stroke-width="1.5"/>'
        )
    for frac in (0.0, 0.5, 1.0):
        value = length * frac / div
        label = figure(f"{value:g}", w) + (f" {unit}" if frac == 1.0 else "")
        svg.text(x + frac * width, y + 44, label, SMALL, anchor="middle")
    denominator = view.denominator or _round_sig(10_000 / units_per_m)
    size = f"{figure(num(svg.width_mm), w)} × {figure(num(svg.height_mm), w)} mm"
    ratio = f"1:{figure(f'{denominator:,}', w)} {w['printed']} {size}"
    return svg.wrapped(x, y + 82, ratio, SMALL, width_limit, fill="#333") + 4


def figure(text: str, w: dict[str, str]) -> str:
    """A number written the English way ("250,000", "2.5") as the map's language writes it."""
    return text.replace(",", "\x00").replace(".", w["decimal"]).replace("\x00", w["thousands"])


def _round_sig(value: float, digits: int = 2) -> int:
    exp = 10 ** max(0, math.floor(math.log10(value)) - digits + 1)
    return int(round(value / exp) * exp)


def north_arrow(svg: Svg, view: View, x: float, y: float) -> Box:
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
    return Box(x - 60, y - 96, x + 60, y + 60)


# ----------------------------------------------------------------- legend and notes


@dataclass(frozen=True)
class Entry:
    """A legend row: a swatch drawn at the origin (60 x 40 units) and its label."""

    swatch: str
    label: str


def legend(svg: Svg, entries: Sequence[Entry], x: float, y: float) -> float:
    """Legend rows; returns the y below the legend."""
    svg.text(x, y, svg.labels["legend"], 30, weight="bold")
    y += 24
    for e in entries:
        svg.add(f'<g transform="translate({num(x)} {num(y)})">{e.swatch}</g>')
        end = svg.wrapped(x + 80, y + 28, e.label, SMALL, PANEL - 100)
        y = max(y + 46, end + 4)
    return y + 10


@dataclass(frozen=True)
class Notes:
    projection: str
    date: str
    sources: tuple[str, ...]
    illustrative: bool


def notes(svg: Svg, x: float, y: float, n: Notes) -> float:
    width = PANEL - 60
    w = svg.labels
    if n.illustrative:
        y = svg.wrapped(x, y, w["note"], SMALL, width, fill="#b30000", weight="bold") + 8
    for line in (
        f"{w['projection']}{w['colon']}{n.projection}",
        w["datum"],
        f"{w['date']}{w['colon']}{n.date}" if n.date else "",
        *n.sources,
    ):
        if line:
            y = svg.wrapped(x, y, line, SMALL, width, fill="#222") + 6
    return y


def banner_box(svg: Svg, frame: tuple[float, float, float, float]) -> Box:
    """Where the "illustrative" banner goes (map labels keep off it)."""
    x0, y0, _, _ = frame
    width = text_width(svg.labels["banner"], 28, True) + 32
    return Box(x0 + 12, y0 + 12, x0 + 12 + width, y0 + 64)


def banner(svg: Svg, frame: tuple[float, float, float, float]) -> Box:
    x0, y0, _, _ = frame
    text = svg.labels["banner"]
    width = text_width(text, 28, True) + 32
    svg.add(
        f'<rect {attrs(x=x0 + 12, y=y0 + 12, width=width, height=52.0)} fill="#fff" '
        'fill-opacity="0.85" stroke="#b30000" stroke-width="2"/>'
    )
    svg.text(x0 + 28, y0 + 47, text, 28, fill="#b30000", weight="bold")
    return Box(x0 + 12, y0 + 12, x0 + 12 + width, y0 + 64)


def neat_line(svg: Svg, frame: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = frame
    svg.add(
        f'<rect {attrs(x=x0, y=y0, width=x1 - x0, height=y1 - y0)} fill="none" '
        'stroke="#111" stroke-width="3"/>'
    )


def panel(svg: Svg, view: View, entries: Sequence[Entry], n: Notes) -> float:
    """Legend, scale bar with the north arrow beside it, and notes; returns the y below
    the last line (more than the sheet's height means the panel overflowed)."""
    x = svg.width - PANEL - 20
    y = legend(svg, entries, x, 70.0)
    top = y + 20
    bottom = scale_bar(svg, view, x, top, PANEL - 220)
    north_arrow(svg, view, x + PANEL - 90, top + 66)
    return notes(svg, x, max(bottom, top + 150) + 10, n)
