"""Changed boundaries and computed figures: areas, central points, buffer zones.

Uses the geo stage's analysis of each side (geo.analysis.geo_summary: the same figures
`dossier check` reports). Area gained and lost by a boundary is the geodesic area of the
shapely differences between the two boundaries; component parts whose id changed are
recognised by the overlap of their boundaries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dossier.diff import fmt
from dossier.diff.report import Change, Where
from dossier.diff.sections import SectionMap

OVERLAP = 0.5  # intersection over union at which two boundaries are one component renamed
MIN_HA = 0.005  # area changes below this (50 m²) are rounding, not a change
MIN_M = 1.0  # central points closer than this have not moved


def overlap(a: Any, b: Any) -> float:
    """Intersection over union of two boundaries (0 when either is missing or empty)."""
    if a is None or b is None or a.is_empty or b.is_empty:
        return 0.0
    union = a.union(b).area
    return float(a.intersection(b).area / union) if union > 0 else 0.0


def pair_components(
    old_ids: list[str],
    new_ids: list[str],
    old_geoms: Mapping[str, Any],
    new_geoms: Mapping[str, Any],
) -> dict[str, tuple[str, str]]:
    """old id -> (new id, how): by id first, then by boundary overlap."""
    pairs: dict[str, tuple[str, str]] = {i: (i, "id") for i in old_ids if i in new_ids}
    rest_old = [i for i in old_ids if i not in pairs]
    rest_new = [i for i in new_ids if i not in {p[0] for p in pairs.values()}]
    scored = sorted(
        (
            (-overlap(old_geoms.get(o), new_geoms.get(n)), k, o, n)
            for k, (o, n) in enumerate((o, n) for o in rest_old for n in rest_new)
        ),
    )
    used: set[str] = set()
    for score, _, o, n in scored:
        if -score < OVERLAP:
            break
        if o in pairs or n in used:
            continue
        pairs[o] = (n, "boundary")
        used.add(n)
    return pairs


def gained_lost(old: Any, new: Any) -> tuple[float, float] | None:
    """(ha gained, ha lost) from ``old`` to ``new``; None when the boundary is the same.

    The differences are cut in longitude/latitude, where an edge both drafts share is the
    same line (a projection would bend it and leave slivers), and measured on the
    ellipsoid as every area of the geo stage is.
    """
    if old is None or new is None or old.equals(new):
        return None
    from dossier.geo.measure import area_ha

    gained = area_ha(new.difference(old))
    lost = area_ha(old.difference(new))
    if gained < MIN_HA and lost < MIN_HA:
        return None
    return gained, lost


def _point(m: Any) -> dict[str, Any]:
    return {
        "lat": m.lat_dms,
        "lon": m.lon_dms,
        "lat_deg": round(m.lat, 6),
        "lon_deg": round(m.lon, 6),
    }


def _gained_lost_text(gained: float, lost: float) -> str:
    parts = []
    if gained >= MIN_HA:
        parts.append(f"{fmt.ha(gained)} gained")
    if lost >= MIN_HA:
        parts.append(f"{fmt.ha(lost)} lost")
    return ", ".join(parts)


def _area_change(
    label: str, what: str, old: float | None, new: float | None, where: Where, old_where: Where
) -> Change | None:
    if old is None and new is None:
        return None
    if old is not None and new is not None and abs(new - old) < MIN_HA:
        return None
    if old is None or new is None:
        op = "added" if old is None else "removed"
        shown = fmt.ha(new if old is None else old)
        return Change("geometry", op, what, f"{label}: {shown} {op}", where if new is not None else None,
                      old_where if old is not None else None, _r(old), _r(new))  # fmt: skip
    delta = new - old
    return Change(
        "geometry",
        "changed",
        what,
        f"{label} changed from {fmt.ha(old)} to {fmt.ha(new)} ({fmt.delta_ha(delta)})",
        where,
        old_where,
        _r(old),
        _r(new),
        {"delta_ha": _r(delta)},
    )


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def compare(
    old: Any,
    new: Any,
    pairs: Mapping[str, tuple[str, str]],
    smap: SectionMap,
    files: tuple[str, str],
) -> list[Change]:
    """Changes of the computed figures and boundaries between two GeoSummaries."""
    if old is None and new is None:
        return []
    areas = smap.by_key("1.f").key
    centres = smap.by_key("1.d").key
    old_file, new_file = files

    def at(path: str, section: str, file: str) -> Where:
        return Where(path, file, None, section)

    out: list[Change] = []
    if old is None or new is None:
        side = new if old is None else old
        op = "added" if old is None else "removed"
        w = at("identification.boundaries.property", areas, new_file if old is None else old_file)
        out.append(Change("geometry", op, "boundary", f"property boundary {op} "
                          f"({fmt.ha(side.property.area_ha)})", w if op == "added" else None,
                          w if op == "removed" else None))  # fmt: skip
        return out

    def figures(
        label: str, path: str, a: Any, b: Any, ga: Any, gb: Any, boundary: bool = True
    ) -> None:
        w_new, w_old = at(path, areas, new_file), at(path, areas, old_file)
        change = _area_change(f"{label}: computed area", "area", a.area_ha, b.area_ha, w_new, w_old)
        if change:
            out.append(change)
        moved = gained_lost(ga, gb) if boundary else None
        if moved is not None:
            gained, lost = moved
            out.append(
                Change(
                    "geometry",
                    "changed",
                    "boundary",
                    f"{label}: boundary changed: {_gained_lost_text(gained, lost)}",
                    w_new,
                    w_old,
                    None,
                    None,
                    {"gained_ha": _r(gained), "lost_ha": _r(lost)},
                )
            )
        from dossier.geo.measure import distance_m

        dist = distance_m(a.lon, a.lat, b.lon, b.lat)
        if dist >= MIN_M:
            c_new, c_old = at(path, centres, new_file), at(path, centres, old_file)
            out.append(
                Change(
                    "geometry",
                    "changed",
                    "centre",
                    f"{label}: central point moved {fmt.metres(dist)}, from "
                    f"{a.lat_dms}, {a.lon_dms} to {b.lat_dms}, {b.lon_dms}",
                    c_new,
                    c_old,
                    _point(a),
                    _point(b),
                    {"distance_m": round(dist, 1)},
                )
            )

    figures(
        "property", "identification.boundaries.property", old.property, new.property,
        old.property_geometry, new.property_geometry,
        # a serial property's boundary changes are said per component part
        boundary=not (old.components and new.components),
    )  # fmt: skip
    buf_new = at("identification.boundaries.buffer_zone", areas, new_file)
    buf_old = at("identification.boundaries.buffer_zone", areas, old_file)
    change = _area_change(
        "buffer zone: computed area", "buffer-zone", old.buffer_zone_ha, new.buffer_zone_ha,
        buf_new, buf_old,
    )  # fmt: skip
    if change:
        out.append(change)
    moved = gained_lost(old.buffer_geometry, new.buffer_geometry)
    if moved is not None:
        gained, lost = moved
        out.append(
            Change(
                "geometry",
                "changed",
                "boundary",
                f"buffer zone: boundary changed: {_gained_lost_text(gained, lost)}",
                buf_new,
                buf_old,
                None,
                None,
                {"gained_ha": _r(gained), "lost_ha": _r(lost)},
            )
        )
    old_comps = {m.id: m for m in old.components}
    new_comps = {m.id: m for m in new.components}
    for oid, (nid, _how) in pairs.items():
        a, b = old_comps.get(oid), new_comps.get(nid)
        if a is None or b is None:
            continue
        label = f"component part {nid}" if oid == nid else f"component part {nid} (was {oid})"
        path = f"identification.components[{nid}]"
        figures(label, path, a, b, old.component_geometries.get(oid),
                new.component_geometries.get(nid))  # fmt: skip
        change = _area_change(
            f"{label}: computed buffer zone area", "buffer-zone", a.buffer_area_ha, b.buffer_area_ha,
            at(path, areas, new_file), at(path, areas, old_file),
        )  # fmt: skip
        if change:
            out.append(change)
    return out
