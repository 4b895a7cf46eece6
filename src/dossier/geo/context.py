"""World context for location maps: countries, seas, lakes, rivers and places.

The data are Natural Earth (public domain), shipped compact in ``geo/data/world`` (see the
README there) so that any State Party can be drawn offline. Each layer is read on first use
from its pack (geo.worldpack: the GeoJSON's features in a form that loads in milliseconds)
and kept for the process; geometries are built only for the features a query returns, and
place objects only for the places a query looks at, so ``dossier check`` pays nothing unless
it asks. Importing this module imports no shapely.

Coordinates are WGS 84 longitude/latitude on a 0.01 degree grid (about 1 km): good for a
location map and for telling which country a point lies in, not for boundary work.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from dossier.geo.worldpack import Pack

BBox = tuple[float, float, float, float]
"""(west, south, east, north) in degrees."""

LAYERS = ("countries", "coastline", "seas", "lakes", "rivers", "places")
DATA_PACKAGE = "dossier.geo"
DATA_DIR = ("data", "world")


@dataclass(frozen=True, eq=False)
class Feature:
    """One feature of a context layer; ``geometry`` is built on first access."""

    layer: str
    kind: str
    scalerank: int
    """Natural Earth's importance rank: 0 is shown at the smallest scales."""
    bbox: BBox
    names: Mapping[str, str] = field(repr=False)
    _source: tuple[Pack, int] = field(repr=False)
    """The layer's pack and the feature's index in it."""

    def name(self, lang: str = "en") -> str | None:
        """The name in ``lang`` ('en' or 'fr'), else the English one."""
        key = lang[:2].lower()
        return self.names.get(key) or self.names.get("en")

    @functools.cached_property
    def geometry(self) -> BaseGeometry:
        pack, index = self._source
        return pack.geometry(index)


@dataclass(frozen=True, eq=False)
class Country(Feature):
    """An admin-0 unit of Natural Earth (a country, a dependency, a disputed area)."""

    adm0_a3: str = ""
    """Natural Earth's own code: always set, also where ISO has none."""
    iso_a2: str | None = None
    iso_a3: str | None = None
    short_name: str | None = None
    """Natural Earth's compact map label (e.g. 'Dem. Rep. Congo')."""
    label_point: tuple[float, float] | None = None
    label_rank: int = 10


@dataclass(frozen=True, eq=False)
class Place(Feature):
    """A populated place; ``rank`` is Natural Earth's population rank (0-14)."""

    adm0_a3: str | None = None
    iso_a2: str | None = None
    capital: bool = False
    rank: int = 0
    population: int = 0

    @property
    def point(self) -> tuple[float, float]:
        """(lon, lat): a point's bbox is its coordinates twice (worldpack checks it)."""
        return (self.bbox[0], self.bbox[1])


# --------------------------------------------------------------------------- loading


@functools.cache
def _pack(layer: str) -> Pack:
    """One bundled layer's pack, read once per process."""
    from dossier.geo import worldpack

    if layer not in LAYERS:
        raise ValueError(f"unknown context layer {layer!r}")
    path = resources.files(DATA_PACKAGE).joinpath(*DATA_DIR, f"{layer}.pack")
    return worldpack.unpack(path.read_bytes())


def source(layer: str) -> str:
    """The provenance note stored in a layer file."""
    return str(_pack(layer).top["source"])


def _names(p: Mapping[str, Any]) -> dict[str, str]:
    return {lang: p[f"name_{lang}"] for lang in ("en", "fr") if p.get(f"name_{lang}")}


@functools.cache
def _feature(layer: str, i: int) -> Feature:
    """Feature ``i`` of a layer, made on first use (a query makes only those it returns)."""
    pack = _pack(layer)
    p = pack.properties(i)
    return Feature(
        layer=layer,
        kind=p.get("kind", ""),
        scalerank=int(p.get("scalerank", 10)),
        bbox=pack.bboxes[i],
        names=_names(p),
        _source=(pack, i),
    )


def _features(layer: str) -> tuple[Feature, ...]:
    return tuple(_feature(layer, i) for i in range(len(_pack(layer))))


@functools.cache
def _countries() -> tuple[Country, ...]:
    pack = _pack("countries")
    out = []
    for i, bbox in enumerate(pack.bboxes):
        p = pack.properties(i)
        label = p.get("label")
        out.append(
            Country(
                layer="countries",
                kind=p.get("type", ""),
                scalerank=int(p.get("label_rank", 10)),
                bbox=bbox,
                names=_names(p),
                _source=(pack, i),
                adm0_a3=p["adm0_a3"],
                iso_a2=p.get("iso_a2"),
                iso_a3=p.get("iso_a3"),
                short_name=p.get("name_short"),
                label_point=(float(label[0]), float(label[1])) if label else None,
                label_rank=int(p.get("label_rank", 10)),
            )
        )
    return tuple(out)


@functools.cache
def _place(i: int) -> Place:
    """Place ``i`` of the layer, made on first use (the layer has some 7,000)."""
    pack = _pack("places")
    p = pack.properties(i)
    return Place(
        layer="places",
        kind=p.get("kind", ""),
        scalerank=int(p.get("scalerank", 10)),
        bbox=pack.bboxes[i],
        names=_names(p),
        _source=(pack, i),
        adm0_a3=p.get("adm0_a3"),
        iso_a2=p.get("iso_a2"),
        capital=bool(p.get("capital", False)),
        rank=int(p.get("rank", 0)),
        population=int(p.get("population", 0)),
    )


def _places() -> tuple[Place, ...]:
    return tuple(_place(i) for i in range(len(_pack("places"))))


@functools.cache
def _capital_places() -> tuple[Place, ...]:
    """The places flagged as capitals, in the layer's order."""
    flags = _pack("places").columns.get("capital") or ()
    return tuple(_place(i) for i, flag in enumerate(flags) if flag)


@functools.cache
def _country_index() -> dict[str, Country]:
    """ISO alpha-2, ISO alpha-3 and NE ADM0_A3 codes (upper case) to countries."""
    index: dict[str, Country] = {}
    for c in _countries():
        for code in (c.adm0_a3, c.iso_a3, c.iso_a2):
            if code:
                index.setdefault(code.upper(), c)
    return index


def clear_cache() -> None:
    """Forget every loaded layer (for benchmarks and tests)."""
    for fn in (_pack, _feature, _countries, _place, _capital_places, _country_index):
        fn.cache_clear()


# --------------------------------------------------------------------------- queries


def _overlaps(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _hits(boxes: Sequence[BBox], bbox: BBox) -> list[int]:
    """Indices of the boxes that meet ``bbox`` (``_overlaps``, written out: 7,000 places)."""
    w, s, e, n = bbox
    return [i for i, (a, b, c, d) in enumerate(boxes) if a <= e and w <= c and b <= n and s <= d]


def _layer_within(layer: str, bbox: BBox | None) -> list[Feature]:
    """``_within`` for a plain layer, making only the features whose box meets ``bbox``."""
    if bbox is None:
        return list(_features(layer))
    return _within([_feature(layer, i) for i in _hits(_pack(layer).bboxes, bbox)], bbox)


def _within(features: Sequence[Any], bbox: BBox | None) -> list[Any]:
    """Features whose geometry meets ``bbox`` (all of them when ``bbox`` is None)."""
    if bbox is None:
        return list(features)
    from shapely.geometry import box

    frame = box(*bbox)
    return [f for f in features if _overlaps(f.bbox, bbox) and f.geometry.intersects(frame)]


def countries(bbox: BBox | None = None) -> list[Country]:
    """Countries that reach into ``bbox``, in Natural Earth's order."""
    return _within(_countries(), bbox)


def country(code: str) -> Country | None:
    """The country with this ISO 3166 alpha-2 or alpha-3 code (or NE ADM0_A3 code).

    Natural Earth marks some ISO codes as -99 (France, Norway, Kosovo); the bundled data
    carry the usable code instead, so ``country('FR')`` works.
    """
    return _country_index().get(code.strip().upper())


def country_at(lon: float, lat: float) -> Country | None:
    """The country whose outline covers the point, or None (sea, or outside every outline).

    Outlines are on a 0.01 degree grid: within about 1 km of a border or coast the answer
    may be the neighbour or None.
    """
    from shapely.geometry import Point

    point = Point(lon, lat)
    probe = (lon, lat, lon, lat)
    for c in _countries():
        if _overlaps(c.bbox, probe) and c.geometry.covers(point):
            return c
    return None


def neighbours(code: str) -> list[Country]:
    """Countries that share a land border (or touch within the data's grid) with ``code``."""
    home = country(code)
    if home is None:
        return []
    grown = home.geometry.buffer(0.02)
    w, s, e, n = grown.bounds
    near = [c for c in _countries() if c is not home and _overlaps(c.bbox, (w, s, e, n))]
    return [c for c in near if c.geometry.intersects(grown)]


def coastline(bbox: BBox | None = None) -> list[Feature]:
    """Ocean coastline pieces (lines) that reach into ``bbox``."""
    return _layer_within("coastline", bbox)


def seas(bbox: BBox | None = None, max_scalerank: int | None = None) -> list[Feature]:
    """Named marine areas (seas, gulfs, bays, the Caspian Sea...) that reach into ``bbox``."""
    return _ranked(_layer_within("seas", bbox), max_scalerank)


def lakes(bbox: BBox | None = None, max_scalerank: int | None = None) -> list[Feature]:
    """Lakes and reservoirs (the Aral Sea is one) that reach into ``bbox``."""
    return _ranked(_layer_within("lakes", bbox), max_scalerank)


def rivers(bbox: BBox | None = None, max_scalerank: int | None = None) -> list[Feature]:
    """River lines (kind 'river', or 'lake centerline' across a lake) in ``bbox``."""
    return _ranked(_layer_within("rivers", bbox), max_scalerank)


def _ranked(features: list[Feature], max_scalerank: int | None) -> list[Feature]:
    if max_scalerank is None:
        return features
    return [f for f in features if f.scalerank <= max_scalerank]


def places(bbox: BBox | None = None, min_rank: int = 0) -> list[Place]:
    """Populated places in ``bbox`` with population rank at least ``min_rank``.

    Natural Earth's rank goes from 0 (fewer than 200 people) to 14 (more than 10
    million); capitals are flagged whatever their size.
    """
    if bbox is None:
        chosen: list[Place] = list(_places())
    else:
        boxes = _pack("places").bboxes
        chosen = [_place(i) for i in _hits(boxes, bbox)]
    return [p for p in chosen if p.rank >= min_rank]


def capitals(code: str) -> list[Place]:
    """Every place Natural Earth flags as a national capital of ``code``, main one first."""
    home = country(code)
    if home is None:
        return []
    found = [
        p
        for p in _capital_places()
        if p.capital and (p.adm0_a3 == home.adm0_a3 or (home.iso_a2 and p.iso_a2 == home.iso_a2))
    ]
    return sorted(found, key=lambda p: (p.kind != "admin-0 capital", p.scalerank, -p.population))


def capital(code: str) -> Place | None:
    """The national capital of ``code`` (for several seats, Natural Earth's main one)."""
    found = capitals(code)
    return found[0] if found else None
