"""The location map (1.e): where the property lies in its State Party or States Parties.

The States Parties are the dossier's (``property.states_parties`` codes, plus any
component's ``state_party``), looked up in the bundled world data; when none of them is
known there, the countries that hold the components are shown instead (and the check
says so). Every State Party is highlighted and named, neighbours and seas are named,
capitals marked, and the property ringed.
"""

from __future__ import annotations

from collections.abc import Sequence

from dossier.geo import context
from dossier.geo.canvas import LabelStyle
from dossier.geo.mapview import laea_for
from dossier.geo.measure import Geometry, GeoSummary, polygons
from dossier.geo.worldbase import StateParty

MARKER = dict(stroke="#b30000", stroke_width="5")


def resolve(codes: Sequence[tuple[str, str]], summary: GeoSummary | None) -> list[StateParty]:
    """States Parties found in the world data, in the dossier's order; when no code is
    known there, the countries that hold the property's components."""
    out: list[StateParty] = []
    seen: set[str] = set()
    for code, name in codes:
        c = context.country(code) if code else None
        if c is not None and c.adm0_a3 not in seen:
            seen.add(c.adm0_a3)
            out.append(StateParty(code, name or c.name() or code, c))
    if out or summary is None:
        return out
    points = [(m.lon, m.lat) for m in summary.components] or [
        (summary.property.lon, summary.property.lat)
    ]
    for lon, lat in points:
        c = context.country_at(lon, lat)
        if c is not None and c.adm0_a3 not in seen:
            seen.add(c.adm0_a3)
            out.append(StateParty(c.iso_a2 or c.adm0_a3, c.name() or c.adm0_a3, c))
    return out


def home_parts(country: Geometry, near: Geometry) -> Geometry:
    """The parts of a country a location map shows: the part(s) holding or nearest the
    property, the largest part, and parts close to those (not distant overseas ones)."""
    import shapely

    pieces = sorted(polygons(country), key=lambda p: -p.area)
    if not pieces:
        return country
    nearest = min(pieces, key=lambda p: p.distance(near))
    kept = [pieces[0]] if pieces[0] is nearest else [pieces[0], nearest]
    for _ in range(2):
        x0, y0, x1, y1 = shapely.unary_union(kept).bounds
        reach = 0.25 * ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        core = shapely.unary_union(kept)
        kept += [p for p in pieces if not any(p is k for k in kept) and p.distance(core) <= reach]
    return shapely.unary_union(kept)


def projection_for(focus: Geometry, words: str) -> object:
    x0, y0, x1, y1 = focus.bounds
    return laea_for((x0 + x1) / 2, (y0 + y1) / 2, words)


def marker_svg(x: float, y: float, r: float) -> str:
    from dossier.geo.svg import attrs

    return f'<circle {attrs(cx=x, cy=y)} r="{r:g}" fill="none" {attrs(**MARKER)}/>'


def clusters(points: Sequence[tuple[float, float]], r: float) -> list[tuple[float, float]]:
    """Marker centres: points closer than one marker diameter share one marker."""
    groups: list[list[tuple[float, float]]] = []
    for p in points:
        for g in groups:
            cx = sum(q[0] for q in g) / len(g)
            cy = sum(q[1] for q in g) / len(g)
            if (p[0] - cx) ** 2 + (p[1] - cy) ** 2 <= (2 * r) ** 2:
                g.append(p)
                break
        else:
            groups.append([p])
    return [(sum(q[0] for q in g) / len(g), sum(q[1] for q in g) / len(g)) for g in groups]


LABEL_STYLE = LabelStyle(fill="#7f0000", leader_colour="#7f0000")
