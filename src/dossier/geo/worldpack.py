"""The world-context layers in a form that loads fast (``<layer>.pack`` beside the GeoJSON).

Parsing the bundled GeoJSON (about 7 MB of text) and building shapely geometries from
nested lists took most of a first map drawing. A pack holds the same features:

* a JSON header with the layer's top-level members, the features' properties by column
  (a column per property name, null where a feature lacks it: the data have no null
  values) and their geometry types;
* the features' ``bbox`` as float64, read with ``struct``: with the header, enough for
  every query that needs no geometry (codes, names, capitals, bounding boxes), without
  numpy;
* the coordinates of all features as little-endian arrays, turned into a shapely geometry
  only when a feature's geometry is asked for (``Pack.geometry``).

Coordinates on the data's grid (multiples of 1/``SCALE`` degree, which is every coordinate
of the shipped data) are stored as integer steps; ``k / SCALE`` is the correctly rounded
value of the decimal the GeoJSON writes, so the geometries are exactly those of the
GeoJSON (tests/geo/test_worldpack.py compares every feature's WKB). A layer with any
coordinate off the grid keeps float64 coordinates. ``pack`` refuses to write a pack that
does not give back its input.

tools/make_context_data.py writes the packs with the GeoJSON; after changing a GeoJSON file
by other means, ``python tools/pack_context_data.py`` rewrites them.
"""

from __future__ import annotations

import gzip
import io
import json
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from shapely.geometry.base import BaseGeometry

MAGIC = b"DWPK1\n"
SCALE = 10_000
# GeoJSON type -> shapely.GeometryType value (stable across shapely 2.x).
TYPES = {"Point": 0, "LineString": 1, "Polygon": 3, "MultiLineString": 5, "MultiPolygon": 6}


# --------------------------------------------------------------------------- writing


def _parts(kind: str, coords: Any) -> list[list[list[list[float]]]]:
    """A geometry as parts -> rings (or lines) -> points."""
    if kind == "Point":
        return [[[coords]]]
    if kind == "LineString":
        return [[coords]]
    if kind == "Polygon":
        return [coords]
    if kind == "MultiLineString":
        return [[line] for line in coords]
    if kind == "MultiPolygon":
        return list(coords)
    raise ValueError(f"geometry type {kind!r} cannot be packed")


def pack(collection: Mapping[str, Any]) -> bytes:
    """The pack of a GeoJSON FeatureCollection (as parsed), deterministic bytes."""
    import numpy as np

    feats = collection["features"]
    columns: dict[str, list[Any]] = {}
    kinds: list[int] = []
    bboxes: list[float] = []
    part_off, ring_off, coord_off = [0], [0], [0]
    xy: list[list[float]] = []
    for i, f in enumerate(feats):
        if set(f) != {"type", "bbox", "properties", "geometry"}:
            raise ValueError(f"unexpected feature members {sorted(f)}")
        g = f["geometry"]
        for rings in _parts(g["type"], g.get("coordinates")):
            for ring in rings:
                if any(len(p) != 2 for p in ring):
                    raise ValueError("only 2-D coordinates can be packed")
                xy.extend(ring)
                coord_off.append(len(xy))
            ring_off.append(len(coord_off) - 1)
        part_off.append(len(ring_off) - 1)
        kinds.append(TYPES[g["type"]])
        bboxes.extend(float(v) for v in f["bbox"])
        if len(f["bbox"]) != 4:
            raise ValueError("a feature's bbox is not (west, south, east, north)")
        for key, value in f["properties"].items():
            if value is None:
                raise ValueError(f"property {key!r} is null: a pack cannot tell it from absent")
            columns.setdefault(key, [None] * len(feats))[i] = value
    points = np.array(xy, dtype="<f8").reshape(-1, 2)
    steps = np.rint(points * SCALE)
    on_grid = bool((steps / SCALE == points).all()) and bool((abs(steps) < 2**31).all())
    if on_grid:
        ints = steps.astype("<i8")
        deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype="<i8"))
        coords = deltas.astype("<i4").tobytes()
    else:
        coords = points.tobytes()
    arrays = [
        np.array(bboxes, dtype="<f8").tobytes(),
        np.array(part_off, dtype="<i4").tobytes(),
        np.array(ring_off, dtype="<i4").tobytes(),
        np.array(coord_off, dtype="<i4").tobytes(),
        coords,
    ]
    top = {k: v for k, v in collection.items() if k != "features"}
    header = {
        "top": top,
        "count": len(feats),
        "columns": columns,
        "kinds": kinds,
        "scale": SCALE if on_grid else 0,
        "lengths": [len(a) for a in arrays],
    }
    head = json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    body = head.encode("utf-8")
    data = b"".join([MAGIC, struct.pack("<Q", len(body)), body, *arrays])
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    out = buf.getvalue()
    verify(collection, unpack(out))
    return out


def verify(collection: Mapping[str, Any], got: Pack) -> None:
    """Refuse a pack whose features differ from the GeoJSON's (type, coordinates, rest)."""
    from shapely.geometry import shape

    feats = collection["features"]
    if len(feats) != len(got) or got.top != {
        k: v for k, v in collection.items() if k != "features"
    }:
        raise ValueError("the pack does not hold the collection's members")
    for i, f in enumerate(feats):
        g = f["geometry"]
        if g["type"] == "Point" and f["bbox"] != [*g["coordinates"], *g["coordinates"]]:
            raise ValueError(f"point {i}: its bbox is not its coordinates (Place.point reads it)")
        want = shape(g)
        if (
            got.properties(i) != f["properties"]
            or list(got.bboxes[i]) != f["bbox"]
            or got.geometry(i).wkb != want.wkb
        ):
            raise ValueError(f"feature {i} does not come back from the pack as it went in")


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, eq=False)
class Pack:
    """One layer: header members, then per feature properties, bbox and geometry type."""

    top: Mapping[str, Any]
    columns: Mapping[str, Sequence[Any]]
    bboxes: Sequence[tuple[float, float, float, float]]
    kinds: Sequence[int]
    scale: int
    _body: bytes = field(repr=False)
    _lengths: Sequence[int] = field(repr=False)
    _arrays: list[Any] = field(default_factory=list, repr=False)

    def __len__(self) -> int:
        return len(self.kinds)

    def properties(self, i: int) -> dict[str, Any]:
        """Feature ``i``'s properties, as the GeoJSON has them."""
        out = {}
        for key, values in self.columns.items():
            value = values[i]
            if value is not None:
                out[key] = value
        return out

    def _decoded(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(part offsets, ring offsets, coordinate offsets, coordinates), decoded once."""
        if not self._arrays:
            import numpy as np

            out: list[Any] = []
            at = self._lengths[0]
            for n in self._lengths[1:4]:
                out.append(np.frombuffer(self._body, dtype="<i4", count=n // 4, offset=at))
                at += n
            n = self._lengths[4]
            if self.scale:
                steps = np.frombuffer(self._body, dtype="<i4", count=n // 4, offset=at)
                ints = np.cumsum(steps.reshape(-1, 2).astype("<i8"), axis=0)
                out.append(ints / float(self.scale))
            else:
                flat = np.frombuffer(self._body, dtype="<f8", count=n // 8, offset=at)
                out.append(flat.reshape(-1, 2))
            self._arrays.extend(out)
        parts, rings, coords, xy = self._arrays
        return parts, rings, coords, xy

    def geometry(self, i: int) -> BaseGeometry:
        """The shapely geometry of feature ``i``, built from the arrays."""
        import shapely

        parts, rings, coords, xy = self._decoded()
        kind = self.kinds[i]
        p0, p1 = int(parts[i]), int(parts[i + 1])
        r0, r1 = int(rings[p0]), int(rings[p1])
        c0, c1 = int(coords[r0]), int(coords[r1])
        pts = xy[c0:c1]
        line_offsets = coords[r0 : r1 + 1] - c0
        if kind == TYPES["Point"]:
            offsets: tuple[Any, ...] | None = None
        elif kind == TYPES["LineString"]:
            offsets = (line_offsets,)
        elif kind in (TYPES["Polygon"], TYPES["MultiLineString"]):
            offsets = (line_offsets, [0, r1 - r0])
        else:
            offsets = (line_offsets, rings[p0 : p1 + 1] - r0, [0, p1 - p0])
        made = shapely.from_ragged_array(shapely.GeometryType(kind), pts, offsets)
        geom: BaseGeometry = made[0]
        return geom


def unpack(data: bytes) -> Pack:
    """Read a pack's header and bounding boxes; the coordinates are decoded on first use."""
    raw = gzip.decompress(data)
    if not raw.startswith(MAGIC):
        raise ValueError("not a world-context pack")
    at = len(MAGIC)
    (size,) = struct.unpack_from("<Q", raw, at)
    at += 8
    header = json.loads(raw[at : at + size].decode("utf-8"))
    body = raw[at + size :]
    count = int(header["count"])
    lengths = [int(n) for n in header["lengths"]]
    if lengths[0] != 32 * count or sum(lengths) != len(body):
        raise ValueError("a world-context pack of the wrong length")
    flat = struct.unpack_from(f"<{4 * count}d", body)
    corners = iter(flat)
    return Pack(
        top=header["top"],
        columns=header["columns"],
        bboxes=list(zip(corners, corners, corners, corners, strict=True)),
        kinds=[int(k) for k in header["kinds"]],
        scale=int(header["scale"]),
        _body=body,
        _lengths=lengths,
    )
