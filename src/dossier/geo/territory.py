"""Does each component part lie in the State Party it is assigned to?

The answer comes from the Natural Earth country outlines shipped for location maps
(dossier.geo.context): generalised at 1:50m, on a 0.01 degree grid, and not an authority on
any border. So a part is only reported when a clear share of it lies outside its State
Party's outline even after that outline is widened by a margin (TOLERANCE_DEG), and the
findings are worded as a prompt to check, never as a verdict.

The result depends only on the sources the geometry analysis reads, so it is cached with
the same key (outside the dossier, see dossier.core.cache).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dossier.load import nomination
from dossier.load.sources import Sources

# Margin added around a country outline, in degrees (about 3 km): the 1:50m outlines are
# generalised, and a boundary drawn along a real border must not be reported.
TOLERANCE_DEG = 0.03
# Share of a part's area that must lie outside (beyond the margin) before it is reported.
MIN_SHARE = 0.01
_CACHE_KIND = "territory"


@dataclass(frozen=True)
class Outside:
    """A part of the property that lies partly outside its State Party's outline."""

    component: str | None  # component id; None for the whole (non-serial) property
    index: int | None  # index in identification.components
    expected: tuple[str, ...]  # the State Party code(s) it should lie in
    share: float  # share of its area outside the outline(s), 0-1
    outside_ha: float
    elsewhere: tuple[str, ...]  # English names of the countries the outside part meets

    def as_json(self) -> dict[str, Any]:
        return {
            "component": self.component,
            "index": self.index,
            "expected": list(self.expected),
            "share": self.share,
            "outside_ha": self.outside_ha,
            "elsewhere": list(self.elsewhere),
        }

    @staticmethod
    def from_json(d: dict[str, Any]) -> Outside:
        return Outside(
            d["component"],
            d["index"],
            tuple(d["expected"]),
            float(d["share"]),
            float(d["outside_ha"]),
            tuple(d["elsewhere"]),
        )


def outside_state_parties(src: Sources) -> list[Outside]:
    """Parts of the property outside the outline of their State Party (cached)."""
    from dossier.core import cache
    from dossier.geo.analysis import cache_key

    key = cache_key(src)
    if key is not None:
        cached = cache.load_json(_CACHE_KIND, key)
        if isinstance(cached, list):
            try:
                return [Outside.from_json(d) for d in cached]
            except (KeyError, TypeError, ValueError):
                pass
    found = _compute(src)
    if key is not None:
        cache.store_json(_CACHE_KIND, key, [o.as_json() for o in found])
    return found


def _compute(src: Sources) -> list[Outside]:
    from dossier.geo.analysis import geo_summary

    summary, _ = geo_summary(src)
    if summary is None:
        return []
    data = src.data
    out: list[Outside] = []
    comps = nomination.components(data)
    if comps and summary.component_geometries:
        for idx, comp in comps:
            cid = str(comp.get("id", "")).strip()
            geom = summary.component_geometries.get(cid)
            code = nomination.component_state_party(data, comp)
            if geom is None or code is None:
                continue
            found = _outside(geom, (code,))
            if found is not None:
                share, ha, names = found
                out.append(Outside(cid, idx, (code,), share, ha, names))
    elif not comps:
        codes = tuple(sp.code for sp in nomination.states_parties(data))
        if codes:
            found = _outside(summary.property_geometry, codes)
            if found is not None:
                share, ha, names = found
                out.append(Outside(None, None, codes, share, ha, names))
    return out


def _outside(geom: Any, codes: Sequence[str]) -> tuple[float, float, tuple[str, ...]] | None:
    """(share outside, hectares outside, other countries) when over MIN_SHARE, else None."""
    import shapely
    from shapely.geometry import box

    from dossier.geo import context
    from dossier.geo.measure import area_ha

    if geom is None or geom.is_empty or geom.area <= 0:
        return None
    w, s, e, n = geom.bounds
    frame = box(w - 0.5, s - 0.5, e + 0.5, n + 0.5)
    outlines = []
    for code in codes:
        country = context.country(code)
        if country is None:
            return None  # a code the context data does not know: nothing to compare with
        outlines.append(country.geometry.intersection(frame))
    home = shapely.unary_union(outlines).buffer(TOLERANCE_DEG)
    rest = geom.difference(home)
    if rest.is_empty:
        return None
    share = rest.area / geom.area
    if share < MIN_SHARE:
        return None
    homes = {c.adm0_a3 for c in (context.country(code) for code in codes) if c is not None}
    names = tuple(
        c.name("en") or c.adm0_a3
        for c in context.countries(rest.bounds)
        if c.adm0_a3 not in homes and c.geometry.intersects(rest)
    )
    return share, area_ha(rest), names
