"""Areas, central points and coordinates, computed on the WGS 84 ellipsoid.

Why geodesic: 1.f wants hectares, and planar areas in degrees (or even in UTM) are off
by up to several percent; ``pyproj.Geod`` integrates on the ellipsoid exactly.
Central points (1.d) are computed in a local equal-area projection so that the
centroid is a true centre of mass, and are moved inside the polygon when the
centroid falls outside it (a crescent, a ring, a serial property).
shapely and pyproj are imported inside the functions to keep ``import`` cheap.
"""

from __future__ import annotations

import builtins
import functools
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Axis = Literal["lat", "lon"]
Geometry = Any  # a shapely geometry; shapely ships no type information

M2_PER_HA = 10_000.0


# ----------------------------------------------------------------- results


@dataclass(frozen=True)
class Measured:
    """Computed figures for one component part (or for the whole property)."""

    id: str
    name: str
    area_ha: float
    lat: float
    lon: float
    lat_dms: str
    lon_dms: str
    buffer_area_ha: float | None = None
    state_party: str | None = None  # ISO 3166-1 alpha-2 code, when known


@dataclass(frozen=True)
class LayerFeature:
    label: str
    geometry: Geometry


@dataclass(frozen=True)
class Layer:
    """A layer drawn on maps (kind: attributes, legal-protection, other, base).

    GeoJSON layers carry their ``features`` (WGS 84). GeoPackage, shapefile and GeoTIFF
    layers are only located here (``fmt``, ``path``): maps read the part inside their
    frame when they are drawn, so that `dossier check` needs no raster or vector library.
    """

    id: str
    title: str
    kind: str
    features: tuple[LayerFeature, ...]
    fmt: str = "geojson"  # geojson | gpkg | shp | tiff
    path: Any = None  # resolved file of a gpkg/shp/tiff layer
    rel: str = ""  # its path inside the dossier, for messages
    symbol: str | None = None
    table: str | None = None  # GeoPackage layer name
    opacity: float | None = None
    index: int = 0  # position in identification.boundaries.layers


@dataclass(frozen=True)
class GeoSummary:
    """Everything computed from the boundary files; input to tables, maps and exports.

    ``components`` follows the order of the YAML component list (those with a boundary);
    for a single (non-serial) property it is empty. Geometries are shapely objects in
    WGS 84 longitude/latitude; buffer-zone geometries exclude the property (a buffer zone
    is never part of it), whichever way it was drawn. ``component_buffers`` holds the
    buffer-zone parts that name a component. ``bounds`` covers everything drawn.
    """

    property: Measured
    buffer_zone_ha: float | None
    components: tuple[Measured, ...]
    bounds: tuple[float, float, float, float]
    property_geometry: Geometry
    component_geometries: Mapping[str, Geometry] = field(default_factory=dict)
    buffer_geometry: Geometry | None = None
    component_buffers: Mapping[str, Geometry] = field(default_factory=dict)
    layers: tuple[Layer, ...] = ()
    illustrative: bool = False

    @builtins.property
    def total_ha(self) -> float:
        return self.property.area_ha + (self.buffer_zone_ha or 0.0)


# ----------------------------------------------------------------- geometry helpers


def to_shape(geometry: Mapping[str, Any]) -> Geometry:
    """A shapely geometry from a (checked) GeoJSON geometry mapping."""
    from shapely.geometry import shape

    return shape(geometry)


def polygons(geom: Geometry) -> Iterator[Geometry]:
    """The polygons inside any geometry (results of unions and differences vary in type)."""
    kind = geom.geom_type
    if kind == "Polygon":
        if not geom.is_empty:
            yield geom
    elif kind in ("MultiPolygon", "GeometryCollection"):
        for part in geom.geoms:
            yield from polygons(part)


@functools.cache
def _geod() -> Any:
    from pyproj import Geod

    return Geod(ellps="WGS84")


def _ring_area_m2(ring: Geometry) -> float:
    import shapely

    xy = shapely.get_coordinates(ring)
    area, _ = _geod().polygon_area_perimeter(xy[:, 0], xy[:, 1])
    return abs(float(area))


def area_ha(geom: Geometry) -> float:
    """Geodesic area in hectares: outer rings minus holes, whatever their winding."""
    total = 0.0
    for poly in polygons(geom):
        total += _ring_area_m2(poly.exterior)
        total -= sum(_ring_area_m2(hole) for hole in poly.interiors)
    return total / M2_PER_HA


def length_m(geom: Geometry) -> float:
    """Geodesic length in metres of lines (for polygons, of their boundary)."""
    import shapely

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = geom.boundary
    total = 0.0
    for part in shapely.get_parts(geom):
        if part.geom_type in ("LineString", "LinearRing") and not part.is_empty:
            xy = shapely.get_coordinates(part)
            total += float(_geod().line_length(xy[:, 0], xy[:, 1]))
    return total


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance between two points, in metres."""
    _, _, dist = _geod().inv(lon1, lat1, lon2, lat2)
    return float(dist)


def distance_to_m(geom: Geometry, lon: float, lat: float) -> float:
    """Metres from a point to the nearest part of ``geom``; 0 when the point is on or inside it."""
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    point = Point(lon, lat)
    if geom.covers(point):
        return 0.0
    near = nearest_points(geom, point)[0]
    return distance_m(lon, lat, near.x, near.y)


@functools.lru_cache(maxsize=64)
def _laea(lon0: float, lat0: float) -> tuple[Any, Any]:
    from pyproj import Transformer

    # Explicit pipelines: the same operation as from_crs("EPSG:4326", laea), built in
    # 0.2 ms instead of 13 ms (no database look-up), which matters with many components.
    laea = f"+proj=laea +lat_0={lat0} +lon_0={lon0} +ellps=WGS84 +units=m"
    fwd = Transformer.from_pipeline(
        f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step {laea}"
    )
    inv = Transformer.from_pipeline(
        f"+proj=pipeline +step +inv {laea} +step +proj=unitconvert +xy_in=rad +xy_out=deg"
    )
    return fwd, inv


def project(geom: Geometry, transformer: Any) -> Geometry:
    """Apply a pyproj transformer to a shapely geometry (x/y arrays, not the deprecated ops)."""
    import shapely

    return shapely.transform(geom, lambda x, y: transformer.transform(x, y), interleaved=False)


def central_point(geom: Geometry) -> tuple[float, float]:
    """A central point (lon, lat) guaranteed to lie inside ``geom``.

    The centroid is used when it lies inside; otherwise the pole of inaccessibility
    (``polylabel``) of the part nearest to the centroid.
    """
    from shapely.ops import polylabel

    minx, miny, maxx, maxy = geom.bounds
    fwd, inv = _laea(round((minx + maxx) / 2, 3), round((miny + maxy) / 2, 3))
    flat = project(geom, fwd)
    point = flat.centroid
    if not flat.covers(point):
        parts = sorted(polygons(flat), key=lambda p: (p.distance(point), -p.area))
        part = parts[0]
        point = polylabel(part, tolerance=max(0.5, math.sqrt(part.area) / 2000))
    lon, lat = inv.transform(point.x, point.y)
    return float(lon), float(lat)


# ----------------------------------------------------------------- degrees, minutes, seconds


def format_dms(value: float, axis: Axis, decimals: int = 0) -> str:
    """``43°13′44″ N`` rounded to the nearest second (59.6″ carries into the minute);
    with ``decimals``, seconds to that many places (``43°13′44.12″ N``)."""
    scale = 10**decimals
    total = math.floor(abs(value) * 3600 * scale + 0.5)
    degrees, rest = divmod(total, 3600 * scale)
    minutes, seconds = divmod(rest, 60 * scale)
    positive = value >= 0 or total == 0
    hemi = ("N" if positive else "S") if axis == "lat" else ("E" if positive else "W")
    if decimals:
        whole, frac = divmod(seconds, scale)
        return f"{degrees}°{minutes:02d}′{whole:02d}.{frac:0{decimals}d}″ {hemi}"
    return f"{degrees}°{minutes:02d}′{seconds:02d}″ {hemi}"


def format_dm(value: float, axis: Axis) -> str:
    """``43°10′ N``: degrees and whole minutes, for graticule labels."""
    total = math.floor(abs(value) * 60 + 0.5)
    degrees, minutes = divmod(total, 60)
    positive = value >= 0 or total == 0
    hemi = ("N" if positive else "S") if axis == "lat" else ("E" if positive else "W")
    return f"{degrees}°{minutes:02d}′ {hemi}"


_NUM = r"(\d+(?:\.\d+)?)"
# Numbers must be separated by a mark or a space, so "44" is never read as 4′ 4″.
_DMS = re.compile(
    rf"^{_NUM}\s*(?:°\s*)?(?:(?<=[°\s]){_NUM}\s*(?:'\s*)?)?(?:(?<=['\s]){_NUM}\s*(?:\"\s*)?)?$"
)
_MARKS = str.maketrans(
    {
        **dict.fromkeys("′’‘´", "'"),
        **dict.fromkeys("″”“", '"'),
        **dict.fromkeys("º˚", "°"),
        "−": "-",
        "\u00a0": " ",
    }
)


def parse_dms(value: object, axis: Axis) -> float:
    """Decimal degrees from ``43°13′44″ N``, ``43 13 44 N``, ``N 43°13'44"``, ``-43.229``.

    Raises ValueError with a reason a person can act on.
    """
    name = "latitude" if axis == "lat" else "longitude"
    limit = 90.0 if axis == "lat" else 180.0
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"the {name} must be text such as 43°13′44″ N, or a number")
    result = float(value) if isinstance(value, int | float) else _parse_text(value, axis, name)
    if not math.isfinite(result) or abs(result) > limit:
        raise ValueError(f"a {name} must lie between -{limit:g}° and {limit:g}°")
    return result


def _parse_text(raw: str, axis: Axis, name: str) -> float:
    text = raw.translate(_MARKS).replace("''", '"').strip()
    hemis = "NS" if axis == "lat" else "EW"
    other = "EW" if axis == "lat" else "NS"
    sign = 1.0
    letter = ""
    if len(text) > 1 and text[-1].upper() in "NSEW" and not text[-2].isalpha():
        letter, text = text[-1].upper(), text[:-1].strip()
    elif len(text) > 1 and text[0].upper() in "NSEW" and not text[1].isalpha():
        letter, text = text[0].upper(), text[1:].strip()
    if letter and letter in other:
        raise ValueError(
            f"the {name} ends in {letter}; a {name} takes {hemis[0]} or {hemis[1]} "
            "(latitude and longitude may be swapped)"
        )
    if text and text[0] in "+-":
        if letter:
            raise ValueError(f"the {name} has both a sign and a hemisphere letter")
        sign, text = (-1.0 if text[0] == "-" else 1.0), text[1:].strip()
    if letter == hemis[1]:
        sign = -1.0
    match = _DMS.match(text)
    if not match or not text:
        raise ValueError(
            f"{raw!r} is not a {name} in degrees, minutes and seconds (e.g. "
            f"{'43°13′44″ N' if axis == 'lat' else '54°39′14″ E'}) or decimal degrees"
        )
    d, m, s = match.groups()
    if (m is not None and "." in d) or (s is not None and m is not None and "." in m):
        raise ValueError(f"{raw!r}: only the last of degrees, minutes, seconds may have decimals")
    minutes = float(m) if m is not None else 0.0
    seconds = float(s) if s is not None else 0.0
    if minutes >= 60 or seconds >= 60:
        raise ValueError(f"{raw!r}: minutes and seconds must be less than 60")
    return sign * (float(d) + minutes / 60 + seconds / 3600)


# ----------------------------------------------------------------- measuring


def measure(
    id: str,
    name: str,
    geom: Geometry,
    buffer_area_ha: float | None = None,
    state_party: str | None = None,
) -> Measured:
    """Area and central point of one polygon or multipolygon."""
    lon, lat = central_point(geom)
    return Measured(
        id=id,
        name=name,
        area_ha=area_ha(geom),
        lat=lat,
        lon=lon,
        lat_dms=format_dms(lat, "lat"),
        lon_dms=format_dms(lon, "lon"),
        buffer_area_ha=buffer_area_ha,
        state_party=state_party,
    )
