"""Cross-checks between the stated figures (1.d, 1.f) and the measured boundaries.

Each check is a small generator of Diagnostics over one ``Context``. A stated figure that
disagrees with its boundary beyond tolerance is reported as an error here; the validate
stage gives it the severity the catalogue sets for the stage (a warning in a draft, an
error at submission), since these findings are cached whatever the stage. Figures within
tolerance that the documents print differently (they print the computed values) are
listed once, in one note.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.geo.geojson import Feature, diag
from dossier.geo.measure import (
    Geometry,
    GeoSummary,
    area_ha,
    distance_m,
    distance_to_m,
    format_dms,
    length_m,
    parse_dms,
    polygons,
)
from dossier.load.yamlload import PathKey

IDENT: PathKey = ("identification",)
# A central point given to the nearest second is within ~22 m of the true one.
CENTRE_TOLERANCE_M = 50.0
# Snapping tolerance between drawn boundaries, in degrees (~5 m): adjacency only, never areas.
TOUCH_DEG = 5e-5
# Share of a component's outline that may lack a buffer zone before we say so.
EXPOSED_SHARE = 0.02


class Locate(Protocol):
    def __call__(self, path: PathKey, *, key: bool = ...) -> Location: ...


@dataclass(frozen=True)
class Context:
    """What the cross-checks need: the summary plus where each value came from."""

    summary: GeoSummary
    identification: Mapping[str, Any]
    locate: Locate
    components: Mapping[str, int]  # component id -> index in the YAML list
    features: Mapping[str, tuple[str, Feature]]  # component id -> (file, feature)
    property_rel: str
    invalid: frozenset[str] = frozenset()  # components whose boundary was invalid
    property_invalid: bool = False
    buffer_invalid: bool = False
    buffer_raw: Geometry | None = None  # union of the buffer-zone file, property not removed
    layer_sources: Mapping[str, tuple[str, tuple[Feature, ...]]] = field(default_factory=dict)

    def comp_yaml(self, cid: str) -> Mapping[str, Any]:
        comps = self.identification.get("components")
        idx = self.components.get(cid)
        if idx is None or not isinstance(comps, Sequence):
            return {}
        item = comps[idx]
        return item if isinstance(item, Mapping) else {}

    def feature_loc(self, cid: str | None) -> Location:
        if cid is not None and cid in self.features:
            rel, feat = self.features[cid]
            return feat.location(rel)
        return Location(self.property_rel)


# A stated figure the documents print differently: (where, what, stated, printed).
Differs = list[tuple[PathKey, str, str, str]]


def run(ctx: Context) -> list[Diagnostic]:
    differs: Differs = []
    return [
        *_stated_areas(ctx, differs),
        *_stated_sums(ctx),
        *_centres(ctx, differs),
        *_component_overlaps(ctx),
        *_buffer_zone(ctx),
        *_attributes(ctx),
        *_differences(ctx, differs),
    ]


# ----------------------------------------------------------------- wording


def format_point(lon: float, lat: float) -> str:
    return f"{format_dms(lat, 'lat')}, {format_dms(lon, 'lon')}"


def _ha(value: float) -> str:
    return f"{value:,.1f} ha" if value < 100_000 else f"{value:,.0f} ha"


def _dist(metres: float) -> str:
    return f"{metres:,.0f} m" if metres < 1000 else f"{metres / 1000:,.1f} km"


def _num(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
        return float(value)
    return None


def _comp_label(cid: str) -> str:
    return f'component "{cid}"'


# ----------------------------------------------------------------- stated areas (1.f)


def _tolerance(ctx: Context) -> float:
    bnd = ctx.identification.get("boundaries")
    tol = _num(bnd.get("area_tolerance_percent")) if isinstance(bnd, Mapping) else None
    return tol if tol is not None and tol > 0 else 1.0


def _printed_ha(value: float) -> float:
    """An area as the documents print it: whole hectares from 100 ha, else two decimals."""
    return float(round(value)) if value >= 100 else round(value, 2)


def _compare(
    ctx: Context,
    path: PathKey,
    stated: object,
    computed: float | None,
    what: str,
    rel: str,
    differs: Differs,
) -> Iterator[Diagnostic]:
    value = _num(stated)
    if value is None or computed is None or computed <= 0:
        return
    tol = _tolerance(ctx)
    pct = abs(value - computed) / computed * 100
    if pct > tol:
        yield diag(
            "geo.area-mismatch",
            f"the stated area of {what} ({_ha(value)}) differs by {pct:.1f} % from the area "
            f"of its boundary in {rel} ({_ha(computed)}); at most {tol:g} % is allowed",
            ctx.locate(path),
            "Correct the stated figure or the boundary. Areas are measured on the WGS 84 "
            "ellipsoid; set boundaries.area_tolerance_percent if your survey allows more.",
        )
    elif _printed_ha(value) != _printed_ha(computed):
        given = f"{stated:,} ha" if isinstance(stated, int) else f"{value:,g} ha"
        printed = f"{computed:,.0f} ha" if computed >= 100 else f"{computed:,.2f} ha"
        differs.append((path, f"the area of {what}", given, printed))


def _stated_areas(ctx: Context, differs: Differs) -> Iterator[Diagnostic]:
    """Each stated hectare figure against the area of the boundary it describes."""
    s = ctx.summary
    prop, buf = ctx.property_rel, _buffer_rel(ctx)
    rows: list[tuple[PathKey, object, float | None, str, str, bool]] = []
    for m in s.components:
        comp, base = ctx.comp_yaml(m.id), (*IDENT, "components", ctx.components[m.id])
        label = _comp_label(m.id)
        rows.append(((*base, "area_ha"), comp.get("area_ha"), m.area_ha, label, prop,
                     m.id in ctx.invalid))  # fmt: skip
        rows.append(((*base, "buffer_area_ha"), comp.get("buffer_area_ha"), m.buffer_area_ha,
                     f"the buffer zone of {label}", buf, ctx.buffer_invalid))  # fmt: skip
    areas = ctx.identification.get("areas")
    if isinstance(areas, Mapping):
        path: PathKey = (*IDENT, "areas")
        no_buffer = ctx.buffer_raw is None and _buffer_ref(ctx) is not None  # file unreadable
        rows += [
            ((*path, "property_ha"), areas.get("property_ha"), s.property.area_ha,
             "the property", prop, ctx.property_invalid),
            ((*path, "buffer_zone_ha"), areas.get("buffer_zone_ha"), s.buffer_zone_ha,
             "the buffer zone", buf, ctx.buffer_invalid),
            ((*path, "total_ha"), areas.get("total_ha"), s.total_ha,
             "property and buffer zone together",
             prop if _buffer_ref(ctx) is None else f"{prop} and {buf}",
             ctx.property_invalid or ctx.buffer_invalid or no_buffer),
        ]  # fmt: skip
    for path_, stated, computed, what, rel, unreliable in rows:
        if not unreliable:
            yield from _compare(ctx, path_, stated, computed, what, rel, differs)


def _buffer_ref(ctx: Context) -> object:
    bnd = ctx.identification.get("boundaries")
    return bnd.get("buffer_zone") if isinstance(bnd, Mapping) else None


def _buffer_rel(ctx: Context) -> str:
    ref = _buffer_ref(ctx)
    return ref if isinstance(ref, str) else "the buffer-zone file"


def _stated_sums(ctx: Context) -> Iterator[Diagnostic]:
    """Totals in 1.f must equal the sum of their parts (allowing for rounding)."""
    areas = ctx.identification.get("areas")
    if not isinstance(areas, Mapping):
        return
    path: PathKey = (*IDENT, "areas")
    comps = ctx.identification.get("components")
    rows = [c for c in comps if isinstance(c, Mapping)] if isinstance(comps, Sequence) else []
    for key, total_key, what in (
        ("area_ha", "property_ha", "component areas"),
        ("buffer_area_ha", "buffer_zone_ha", "component buffer-zone areas"),
    ):
        parts = [_num(c.get(key)) for c in rows]
        total = _num(areas.get(total_key))
        if not parts or total is None or any(p is None for p in parts):
            continue
        added = sum(p for p in parts if p is not None)
        if abs(added - total) > 0.5 * (len(parts) + 1):
            yield diag(
                "geo.area-sum",
                f"the {what} add up to {_ha(added)}, but areas.{total_key} is {_ha(total)}",
                ctx.locate((*path, total_key)),
                "The 1.f total must be the sum of the component rows of the 1.d table; "
                "correct the total or the row that is wrong.",
            )
    prop, buf, total = (_num(areas.get(k)) for k in ("property_ha", "buffer_zone_ha", "total_ha"))
    if prop is not None and total is not None and (buf is not None or _buffer_ref(ctx) is None):
        expected = prop + (buf or 0.0)
        if abs(expected - total) > 1.0:
            yield diag(
                "geo.area-total",
                f"areas.total_ha is {_ha(total)}, but property and buffer zone together "
                f"are {_ha(expected)}",
                ctx.locate((*path, "total_ha")),
                "The total (1.f) is the area of the property plus that of the buffer zone.",
            )


# ----------------------------------------------------------------- central points (1.d)


def _stated_point(
    ctx: Context, path: PathKey, value: object
) -> tuple[tuple[float, float] | None, list[Diagnostic]]:
    """(lon, lat) of a stated Coordinates mapping, or the reasons it cannot be read."""
    if not isinstance(value, Mapping) or "lat" not in value or "lon" not in value:
        return None, []  # the schema reports missing members
    out: dict[str, float] = {}
    problems: list[Diagnostic] = []
    for axis in ("lat", "lon"):
        try:
            out[axis] = parse_dms(value[axis], "lat" if axis == "lat" else "lon")
        except ValueError as exc:
            problems.append(
                diag(
                    "geo.coordinate-format",
                    str(exc),
                    ctx.locate((*path, axis)),
                    "Write coordinates to the nearest second with a hemisphere letter, "
                    "e.g. lat: 43°13′44″ N and lon: 54°39′14″ E.",
                )
            )
    if problems:
        return None, problems
    return (out["lon"], out["lat"]), []


def _centres(ctx: Context, differs: Differs) -> Iterator[Diagnostic]:
    from shapely.geometry import Point

    s = ctx.summary
    checks: list[tuple[PathKey, object, Geometry | None, str, str | None]] = []
    serial = len(s.components) > 1
    whole = s.property_geometry.convex_hull if serial else s.property_geometry
    what = "the property (the area spanned by its components)" if serial else "the property"
    checks.append(((*IDENT, "centre"), ctx.identification.get("centre"), whole, what, None))
    comps = ctx.identification.get("components")
    for comp_id, idx in ctx.components.items():
        comp = ctx.comp_yaml(comp_id)
        if "centre" in comp and isinstance(comps, Sequence):
            geom = s.component_geometries.get(comp_id)
            path: PathKey = (*IDENT, "components", idx, "centre")
            checks.append((path, comp["centre"], geom, _comp_label(comp_id), comp_id))
    for path, value, geom, label, cid in checks:
        point, problems = _stated_point(ctx, path, value)
        yield from problems
        if point is None or geom is None or (cid is not None and cid in ctx.invalid):
            continue
        lon, lat = point
        gap = distance_to_m(geom, lon, lat)
        computed = next((m for m in s.components if m.id == cid), s.property)
        if gap <= CENTRE_TOLERANCE_M:
            given = format_point(lon, lat)
            printed = f"{computed.lat_dms}, {computed.lon_dms}"
            # A series is checked against the area its components span, which is not the
            # point printed for it: only like is compared with like.
            if given != printed and not (serial and cid is None):
                differs.append((path, f"the central point of {label}", given, printed))
            continue
        if geom.covers(Point(lat, lon)):
            yield diag(
                "geo.centre-swapped",
                f"the central point given for {label} lies inside its boundary only if "
                "latitude and longitude are swapped",
                ctx.locate(path),
                "Check the order: in YAML lat is latitude (N/S) and lon is longitude (E/W); "
                "in GeoJSON each position is [longitude, latitude].",
            )
            continue
        yield diag(
            "geo.centre-outside",
            f"the central point given for {label} ({format_point(lon, lat)}) lies "
            f"{_dist(gap)} outside its boundary",
            ctx.locate(path),
            f"The computed central point is {computed.lat_dms}, {computed.lon_dms}; use it, "
            "or check the coordinates and the boundary file.",
        )


def _differences(ctx: Context, differs: Differs) -> Iterator[Diagnostic]:
    """One note listing the stated figures the documents print differently."""
    if not differs:
        return
    listed = "; ".join(
        f"{what}: {stated} stated, {printed} printed" for _, what, stated, printed in differs
    )
    n = len(differs)
    yield diag(
        "geo.stated-figures-differ",
        f"{n} stated figure{'s' if n > 1 else ''} agree{'' if n > 1 else 's'} with the "
        f"boundaries within tolerance, but the documents print the values computed from "
        f"the boundaries: {listed}",
        ctx.locate(differs[0][0]),
        "Nothing is wrong; to print what you state, copy the computed values into the "
        "sources (dossier check lists them at the end).",
        Severity.NOTE,
    )


# ----------------------------------------------------------------- components and buffer zone


def _sliver_ha(geom: Geometry, area: float | None = None) -> float:
    """Overlap too small to matter: 0.01 % of the area, or a 1 m strip along the outline."""
    area = area_ha(geom) if area is None else area
    return max(0.001, 1e-4 * area, length_m(geom.boundary) / 10_000)


def _near(geom: Geometry, around: Geometry) -> Geometry:
    """``geom`` cut to the box around ``around``: keeps set operations local and fast."""
    from shapely.geometry import box

    minx, miny, maxx, maxy = around.bounds
    m = 3 * TOUCH_DEG
    return geom.intersection(box(minx - m, miny - m, maxx + m, maxy + m))


def _component_overlaps(ctx: Context) -> Iterator[Diagnostic]:
    items = list(ctx.summary.component_geometries.items())
    for i, (a_id, a) in enumerate(items):
        for b_id, b in items[i + 1 :]:
            if not a.intersects(b):
                continue
            shared = area_ha(a.intersection(b))
            if shared > min(_sliver_ha(a), _sliver_ha(b)):
                yield diag(
                    "geo.components-overlap",
                    f'components "{a_id}" and "{b_id}" overlap by {_ha(shared)}, which '
                    "would be counted twice in the property's area",
                    ctx.feature_loc(b_id),
                    "Component parts must not overlap: correct the shared boundary.",
                )


def _units(ctx: Context) -> list[tuple[str | None, str, Geometry, float]]:
    """What a buffer zone must surround: each component, or the single property."""
    s = ctx.summary
    if s.components:
        return [
            (m.id, _comp_label(m.id), s.component_geometries[m.id], m.area_ha) for m in s.components
        ]
    return [(None, "the property", s.property_geometry, s.property.area_ha)]


def _gap_m(a: Geometry, b: Geometry) -> float:
    from shapely.ops import nearest_points

    p, q = nearest_points(a, b)
    return distance_m(p.x, p.y, q.x, q.y)


def _buffer_zone(ctx: Context) -> Iterator[Diagnostic]:
    """The buffer zone lies around the property: beside it (a ring) or enclosing it."""
    zone = ctx.buffer_raw
    if zone is None:
        return
    for cid, label, geom, area in _units(ctx):
        comp = ctx.comp_yaml(cid) if cid is not None else {}
        if "buffer_area_ha" in comp and comp["buffer_area_ha"] is None:
            continue  # stated on purpose: this component has no buffer zone
        loc = ctx.feature_loc(cid)
        eps = _sliver_ha(geom, area)
        local = _near(zone, geom)
        shared = area_ha(geom.intersection(local)) if geom.intersects(local) else 0.0
        if shared > eps:
            if area - shared > eps:
                yield diag(
                    "geo.buffer-overlaps-property",
                    f"the buffer zone overlaps {label} by {_ha(shared)} without enclosing it",
                    loc,
                    "The buffer zone is not part of the property: draw it as a ring around "
                    "the property (the property cut out), or as an outer boundary that "
                    "encloses the component entirely.",
                )
            continue
        if local.is_empty or geom.distance(local) > TOUCH_DEG:
            yield diag(
                "geo.component-outside-buffer",
                f"{label} has no buffer zone around it: the nearest buffer zone is "
                f"{_dist(_gap_m(geom, zone))} away",
                loc,
                "Extend the buffer zone around this component, or state buffer_area_ha: null "
                "for it and explain in boundaries.buffer_zone_absent_reason why none is needed.",
                Severity.WARNING,
            )
            continue
        others = [g for c, g in ctx.summary.component_geometries.items() if c != cid]
        yield from _exposed(label, geom, [local, *(_near(g, geom) for g in others)], loc)


def _exposed(
    label: str, geom: Geometry, neighbours: list[Geometry], loc: Location
) -> Iterator[Diagnostic]:
    """Share of the outline with neither buffer zone nor another component beyond it."""
    import shapely
    from shapely.geometry import LineString

    outline = shapely.unary_union([LineString(p.exterior.coords) for p in polygons(geom)])
    beside = shapely.unary_union([g for g in neighbours if not g.is_empty]).buffer(TOUCH_DEG)
    open_edge = outline.difference(beside)
    exposed, perimeter = length_m(open_edge), length_m(outline)
    if perimeter > 0 and exposed / perimeter > EXPOSED_SHARE and exposed > 10:
        yield diag(
            "geo.buffer-not-surrounding",
            f"the buffer zone does not surround {label}: {exposed / perimeter:.0%} of its "
            f"boundary ({_dist(exposed)}) has no buffer zone beyond it",
            loc,
            "Close the buffer zone around the component, or explain in the description of "
            "the boundaries why that side needs none (e.g. a State border or a cliff).",
            Severity.WARNING,
        )


def _beyond_deg(whole: Geometry, geom: Geometry) -> float:
    """How far (degrees) the farthest vertex of ``geom`` outside ``whole`` lies from it."""
    import shapely

    if whole.covers(geom):
        return 0.0
    outside = geom.difference(whole) if geom.geom_type != "Point" else geom
    pts = shapely.points(shapely.get_coordinates(outside))
    return float(shapely.distance(whole, pts).max()) if len(pts) else 0.0


def _attributes(ctx: Context) -> Iterator[Diagnostic]:
    """Attributes that carry the property's value must lie inside the property."""
    import shapely

    whole = ctx.summary.property_geometry
    shapely.prepare(whole)
    for layer in ctx.summary.layers:
        if layer.kind != "attributes" or layer.id not in ctx.layer_sources:
            continue
        rel, feats = ctx.layer_sources[layer.id]
        for lf, feat in zip(layer.features, feats, strict=False):
            if _beyond_deg(whole, lf.geometry) <= TOUCH_DEG:
                continue
            where = (
                "extends outside the property"
                if whole.intersects(lf.geometry)
                else f"lies {_dist(_gap_m(whole, lf.geometry))} outside the property"
            )
            yield diag(
                "geo.attribute-outside",
                f'{feat.label} ("{lf.label}") of the layer "{layer.title}" {where}',
                feat.location(rel),
                "Attributes that convey the Outstanding Universal Value must lie inside the "
                "property: correct the position or the boundary, or give the layer "
                "kind: other if it only shows context.",
            )
