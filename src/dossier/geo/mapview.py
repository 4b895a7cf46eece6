"""Projections, map sheets and the view that turns longitude/latitude into SVG units.

SVG user units are 0.1 mm on paper. A map is drawn at the size of its sheet and at a
"nice" scale (1:50,000, 1:150,000 ...) chosen as the largest that shows its subject;
the scale is exact at the map's centre, so the ratio printed in the map is true when
the map is printed at the size stated beside it (the renderers place it so).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dossier.geo.measure import Geometry, format_dm, polygons
from dossier.geo.svg import path_data

UNITS_PER_M = 10_000.0  # SVG units (0.1 mm) per metre of paper


@dataclass(frozen=True)
class Sheet:
    """Paper a map is drawn for: ``page`` names the landscape page the renderers use."""

    page: str
    width_mm: float
    height_mm: float


# The map area left on a landscape page by the print stylesheet and the Word section
# (20 mm side margins, running header, a two-line caption below the map).
SHEETS = {
    "a4": Sheet("a4-landscape", 250.0, 150.0),
    "a3": Sheet("a3-landscape", 370.0, 230.0),
}


def sheet_for(name: object) -> Sheet:
    key = str(name or "a4").strip().lower()
    return SHEETS.get(key, SHEETS["a4"])


@dataclass(frozen=True)
class Projection:
    proj: str  # PROJ string
    label: str  # for the map note


def utm_for(lon: float, lat: float) -> Projection:
    """The UTM zone of a point: conformal, metric, and what topographic maps use."""
    zone = min(60, max(1, int((lon + 180) // 6) + 1))
    north = lat >= 0
    epsg = (32600 if north else 32700) + zone
    return Projection(
        f"+proj=utm +zone={zone}{'' if north else ' +south'} +datum=WGS84 +units=m +no_defs",
        f"UTM zone {zone}{'N' if north else 'S'} (EPSG:{epsg})",
    )


def laea_for(lon: float, lat: float, words: str) -> Projection:
    """Equal-area projection for a region (areas compare truly on a location map)."""
    lon0, lat0 = round(lon), round(lat)
    return Projection(
        f"+proj=laea +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs",
        f"{words} {format_dm(lat0, 'lat')}, {format_dm(lon0, 'lon')}",
    )


# The PROJ strings of utm_for and laea_for.
_OURS = re.compile(
    r"\+proj=(?P<op>utm \+zone=\d+(?: \+south)?|laea \+lat_0=-?\d+ \+lon_0=-?\d+)"
    r" \+datum=WGS84 \+units=m \+no_defs"
)


def pipelines(proj: str) -> tuple[str, str] | None:
    """The PROJ pipelines (forward, inverse) that ``Transformer.from_crs`` between EPSG:4326
    (always_xy) and one of our projections resolves to, or None for another string.

    Building a transformer from its pipeline skips the CRS database lookups (about 12 ms
    each, four per first build); the same pipeline computes the same numbers.
    tests/geo/test_mapview_pipelines.py compares them with from_crs's, definition and
    results, so a PROJ release that resolves them otherwise is noticed.
    """
    found = _OURS.fullmatch(proj)
    if found is None:
        return None
    op = found["op"].replace("+", "")
    op += " ellps=WGS84" if op.startswith("utm") else " x_0=0 y_0=0 ellps=WGS84"
    return (
        f"proj=pipeline step proj=unitconvert xy_in=deg xy_out=rad step proj={op}",
        f"proj=pipeline step inv proj={op} step proj=unitconvert xy_in=rad xy_out=deg",
    )


@functools.lru_cache(maxsize=16)
def transformers(proj: str) -> tuple[Any, Any]:
    """(lon/lat -> projected, projected -> lon/lat) for a PROJ string."""
    from pyproj import Transformer

    known = pipelines(proj)
    if known is not None:
        return (Transformer.from_pipeline(known[0]), Transformer.from_pipeline(known[1]))
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
    denominator: int = 0  # the stated scale 1:N (exact at the centre), 0 if not chosen

    def points(self, lons: Sequence[float], lats: Sequence[float]) -> list[tuple[float, float]]:
        fwd, _ = transformers(self.proj)
        xs, ys = fwd.transform(list(lons), list(lats))
        return [
            (self.x0 + (x - self.ox) * self.scale, self.y1 - (y - self.oy) * self.scale)
            for x, y in zip(xs, ys, strict=True)
        ]

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return self.points([lon], [lat])[0]

    def lonlat(self, sx: float, sy: float) -> tuple[float, float]:
        _, inv = transformers(self.proj)
        x = self.ox + (sx - self.x0) / self.scale
        y = self.oy + (self.y1 - sy) / self.scale
        lon, lat = inv.transform(x, y)
        return float(lon), float(lat)

    def edge_points(self, n: int = 20) -> list[tuple[float, float]]:
        """Lon/lat of points around the frame (clockwise from the top left)."""
        sx = [self.x0 + (self.x1 - self.x0) * i / n for i in range(n + 1)]
        sy = [self.y0 + (self.y1 - self.y0) * i / n for i in range(n + 1)]
        ring = (
            [(x, self.y0) for x in sx]
            + [(self.x1, y) for y in sy[1:]]
            + [(x, self.y1) for x in reversed(sx[:-1])]
            + [(self.x0, y) for y in reversed(sy[1:-1])]
        )
        return [self.lonlat(x, y) for x, y in ring]

    def extent(self) -> tuple[float, float, float, float]:
        """Lon/lat bounds of the frame, sampled along its edges."""
        pts = self.edge_points()
        return (
            min(p[0] for p in pts),
            min(p[1] for p in pts),
            max(p[0] for p in pts),
            max(p[1] for p in pts),
        )

    def area(self) -> Geometry:
        """The frame as a lon/lat polygon (what the map shows)."""
        from shapely.geometry import Polygon

        return Polygon(self.edge_points())

    def to_svg(self, geom: Geometry) -> Geometry:
        """A lon/lat geometry in SVG coordinates (for label fitting and clipping)."""
        import shapely

        fwd, _ = transformers(self.proj)

        def move(x: Any, y: Any) -> tuple[Any, Any]:
            px, py = fwd.transform(x, y)
            return (self.x0 + (px - self.ox) * self.scale, self.y1 - (py - self.oy) * self.scale)

        return shapely.transform(geom, lambda x, y: move(x, y), interleaved=False)

    def geometry_path(self, geom: Geometry) -> str:
        rings = []
        for poly in polygons(geom):
            for ring in (poly.exterior, *poly.interiors):
                lons, lats = ring.xy
                rings.append(self.points(list(lons), list(lats)))
        return path_data(rings)

    def line_path(self, geom: Geometry) -> str:
        lines = []
        for part in parts(geom, ("LineString", "LinearRing")):
            lons, lats = part.xy
            lines.append(self.points(list(lons), list(lats)))
        return path_data(lines, closed=False)


def parts(geom: Geometry, kinds: tuple[str, ...]) -> Iterator[Geometry]:
    """The simple parts of ``geom`` whose type is one of ``kinds``."""
    if geom.geom_type in kinds:
        yield geom
    elif hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from parts(part, kinds)


# Scale denominators are these mantissas times a power of ten: 1:50,000, 1:150,000 ...
_NICE = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5)


def nice_denominator(minimum: float) -> int:
    """The smallest "nice" scale denominator not below ``minimum``."""
    exp = 10.0 ** math.floor(math.log10(max(minimum, 1.0)))
    for base in (exp, exp * 10):
        for m in _NICE:
            if m * base >= minimum * (1 - 1e-9):
                return round(m * base)
    return round(10 * exp * 10)  # pragma: no cover - the loop always returns


def point_scale(proj: str, lon: float, lat: float) -> float:
    """Projected metres per true metre east-west at a point (the projection's k)."""
    from dossier.geo.measure import distance_m

    fwd, _ = transformers(proj)
    d = 0.001
    (xa, ya), (xb, yb) = (fwd.transform(lon - d, lat), fwd.transform(lon + d, lat))
    return math.hypot(xb - xa, yb - ya) / distance_m(lon - d, lat, lon + d, lat)


def fit(
    proj: Projection,
    focus: Geometry,
    frame: tuple[float, float, float, float],
    margin: float = 0.08,
) -> View:
    """The largest nice scale showing ``focus`` (lon/lat) centred in ``frame``.

    ``margin`` is left around the focus on each side, as a share of its extent.
    """
    from dossier.geo.measure import project

    fwd, inv = transformers(proj.proj)
    minx, miny, maxx, maxy = project(focus, fwd).bounds
    x0, y0, x1, y1 = frame
    dx = max(maxx - minx, 1.0) * (1 + 2 * margin)
    dy = max(maxy - miny, 1.0) * (1 + 2 * margin)
    fitted = min((x1 - x0) / dx, (y1 - y0) / dy)  # SVG units per projected metre
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    lon, lat = inv.transform(cx, cy)
    k = point_scale(proj.proj, float(lon), float(lat))
    denominator = nice_denominator(UNITS_PER_M / (fitted * k))
    scale = UNITS_PER_M / (denominator * k)
    ox = cx - (x1 - x0) / 2 / scale
    oy = cy - (y1 - y0) / 2 / scale
    return View(proj.proj, x0, y0, x1, y1, ox, oy, scale, denominator)
