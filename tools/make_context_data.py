"""Build dossier's compact world-context data set from Natural Earth files.

Natural Earth (https://www.naturalearthdata.com/) is in the public domain. This script reads
one file per layer (shapefile, GeoJSON, or an R data file holding an ``sf`` table, as
shipped by the rnaturalearthdata package), keeps only the attributes that dossier's maps use,
snaps the coordinates to a grid of ``--grid`` degrees (0.01 by default, about 1 km) and
writes one gzip-compressed GeoJSON file per layer, and its pack (dossier.geo.worldpack: the
same features in a form the maps load fast). The output is deterministic: same inputs
and same library versions give the same bytes (gzip header without file name or time).

Usage (see src/dossier/geo/data/world/README.md for the files used):

    python tools/make_context_data.py --countries countries50.rda \\
        --coastline coastline50.rda --seas ne_50m_geography_marine_polys.json \\
        --lakes ne_50m_lakes.json --rivers ne_50m_rivers_lake_centerlines.json \\
        --places ne_50m_populated_places.json --out src/dossier/geo/data/world

Reading .rda files needs the ``rdata`` package (``pip install rdata``); nothing else beyond
dossier's own dependencies (shapely, pyshp) is used.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

LAYERS = ("countries", "coastline", "seas", "lakes", "rivers", "places")
POLYGONAL = {"countries": True, "seas": True, "lakes": True}
DEFAULT_GRID = 0.01
FINE_GRID = 0.0001  # for features that would vanish on the default grid (tiny islands)

Json = dict[str, Any]


# --------------------------------------------------------------------------- reading


def read_layer(path: Path, *, polygonal: bool) -> list[Json]:
    """GeoJSON-like features (properties with lower-case keys) from one input file."""
    name = path.name.lower()
    if name.endswith((".rda", ".rdata")):
        feats = list(_read_rda(path, polygonal=polygonal))
    elif name.endswith(".shp"):
        feats = list(_read_shp(path))
    elif name.endswith((".geojson", ".json", ".geojson.gz", ".json.gz")):
        raw = path.read_bytes()
        if name.endswith(".gz"):
            raw = gzip.decompress(raw)
        feats = json.loads(raw.decode("utf-8"))["features"]
    else:
        raise SystemExit(f"{path}: unknown file type (expected .shp, .geojson, .json or .rda)")
    for f in feats:
        f["properties"] = {str(k).lower(): v for k, v in (f.get("properties") or {}).items()}
    return feats


def _read_shp(path: Path) -> Iterator[Json]:
    import shapefile  # pyshp, a dossier dependency

    with shapefile.Reader(str(path), encoding="utf-8") as reader:
        fields = [f[0] for f in reader.fields[1:]]
        for rec in reader.iterShapeRecords():
            yield {
                "type": "Feature",
                "properties": dict(zip(fields, list(rec.record), strict=True)),
                "geometry": rec.shape.__geo_interface__,
            }


def _read_rda(path: Path, *, polygonal: bool) -> Iterator[Json]:
    """Rows of an ``sf`` data frame saved by R (rnaturalearthdata ships NE this way)."""
    try:
        import rdata
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise SystemExit(f"{path}: reading .rda files needs 'pip install rdata'") from exc
    with warnings.catch_warnings():
        # rdata has no constructors for sf's classes and says so; the raw lists are used.
        warnings.filterwarnings("ignore", message="Missing constructor for R class")
        objects = rdata.read_rda(str(path))
    if len(objects) != 1:
        raise SystemExit(f"{path}: expected one object, found {sorted(objects)}")
    frame = next(iter(objects.values()))
    columns = [str(c) for c in frame.columns]
    geom_col = next(c for c in columns if c.lower() in ("geometry", "geom"))
    for row in frame.itertuples(index=False, name=None):
        values = dict(zip(columns, row, strict=True))
        sfg = values.pop(geom_col)
        yield {
            "type": "Feature",
            "properties": {k: _plain(v) for k, v in values.items()},
            "geometry": _sfg_geojson(sfg, polygonal=polygonal),
        }


def _plain(value: Any) -> Any:
    """R/pandas scalars as JSON scalars (NA as None)."""
    if value is None:
        return None
    try:
        if value != value:  # NaN, pandas NA raises TypeError
            return None
    except TypeError:
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def _sfg_geojson(sfg: Any, *, polygonal: bool) -> Json:
    """An R simple-feature geometry (nested lists of n x 2 arrays) as GeoJSON."""

    def ring(a: Any) -> list[list[float]]:
        return [[float(x), float(y)] for x, y, *_ in a.tolist()]

    if hasattr(sfg, "ndim"):
        if sfg.ndim == 1:
            return {"type": "Point", "coordinates": [float(sfg[0]), float(sfg[1])]}
        return {"type": "LineString", "coordinates": ring(sfg)}
    if sfg and isinstance(sfg[0], list):
        return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in p] for p in sfg]}
    kind = "Polygon" if polygonal else "MultiLineString"
    return {"type": kind, "coordinates": [ring(r) for r in sfg]}


# --------------------------------------------------------------------------- attributes


def _text(props: Mapping[str, Any], *keys: str) -> str | None:
    """First non-empty text among ``keys``, with runs of spaces collapsed."""
    for key in keys:
        value = props.get(key)
        if isinstance(value, str):
            value = re.sub(r"\s+", " ", value).strip()
            if value and value != "-99":
                return value
    return None


def _int(props: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = props.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(number) else int(number)


def _code(props: Mapping[str, Any], key: str, length: int) -> str | None:
    value = props.get(key)
    if isinstance(value, str) and re.fullmatch(rf"[A-Z]{{{length}}}", value):
        return value
    return None


def _names(props: Mapping[str, Any], en: tuple[str, ...], fr: tuple[str, ...]) -> Json:
    out: Json = {}
    if (name := _text(props, *en)) is not None:
        out["name_en"] = name
    if (name := _text(props, *fr)) is not None:
        out["name_fr"] = name
    return out


TYPE_ORDER = ("sovereign country", "country", "sovereignty", "disputed", "indeterminate")


def _eh_codes(feats: list[Json], key: str, eh_key: str, length: int) -> dict[int, str]:
    """Fallback codes from NE's ``*_EH`` columns, at most one country per code.

    A code already held officially is not given again; among several claimants, the
    most State-like feature (by NE's TYPE, then label rank) gets it.
    """
    official = {c for f in feats if (c := _code(f["properties"], key, length))}
    claims: dict[str, list[tuple[int, int, int]]] = {}
    for i, f in enumerate(feats):
        p = f["properties"]
        eh = None if _code(p, key, length) else _code(p, eh_key, length)
        if eh is not None and eh not in official:
            kind = (_text(p, "type") or "").lower()
            rank = TYPE_ORDER.index(kind) if kind in TYPE_ORDER else len(TYPE_ORDER)
            claims.setdefault(eh, []).append((rank, _int(p, "labelrank", 10), i))
    return {min(c)[2]: code for code, c in claims.items()}


def country_properties(feats: list[Json]) -> list[Json]:
    """Codes and names of admin-0 countries; NE's -99 codes resolved where possible.

    NE gives ISO_A2 = -99 for France, Norway and Kosovo (among others) and puts the usable
    code in ISO_A2_EH. An EH code is taken only if no other country holds it officially
    (Australia keeps AU; its Indian Ocean Territories get no code).
    """
    eh2 = _eh_codes(feats, "iso_a2", "iso_a2_eh", 2)
    eh3 = _eh_codes(feats, "iso_a3", "iso_a3_eh", 3)
    out = []
    for i, f in enumerate(feats):
        p = f["properties"]
        props: Json = {
            "adm0_a3": _text(p, "adm0_a3"),
            "iso_a2": _code(p, "iso_a2", 2) or eh2.get(i),
            "iso_a3": _code(p, "iso_a3", 3) or eh3.get(i),
            "name_short": _text(p, "name", "name_long"),
            "type": (_text(p, "type") or "").lower(),
            "label_rank": _int(p, "labelrank", 10),
            **_names(p, ("name_en", "name", "admin"), ("name_fr",)),
        }
        x, y = p.get("label_x"), p.get("label_y")
        if isinstance(x, int | float) and isinstance(y, int | float):
            props["label"] = [round(float(x), 2), round(float(y), 2)]
        out.append(props)
    return out


def simple_properties(feats: list[Json]) -> list[Json]:
    """Name, kind and rank of seas, lakes and rivers."""
    out = []
    for f in feats:
        p = f["properties"]
        props: Json = {
            "kind": (_text(p, "featurecla") or "").lower(),
            "scalerank": _int(p, "scalerank", 10),
            **_names(p, ("name_en", "name"), ("name_fr",)),
        }
        out.append(props)
    return out


def place_properties(feats: list[Json], iso_by_adm0: Mapping[str, str]) -> list[Json]:
    """Populated places: names, country, capital flag, population rank (NE RANK_MAX)."""
    out = []
    for f in feats:
        p = f["properties"]
        adm0 = _text(p, "adm0_a3")
        featurecla = (_text(p, "featurecla") or "").lower()
        props: Json = {
            "adm0_a3": adm0,
            "iso_a2": iso_by_adm0.get(adm0 or "") or _code(p, "iso_a2", 2),
            "capital": _int(p, "adm0cap") == 1 or featurecla.startswith("admin-0 capital"),
            "kind": featurecla,
            "rank": _int(p, "rank_max"),
            "population": _int(p, "pop_max"),
            "scalerank": _int(p, "scalerank", 10),
            **_names(p, ("name_en", "name", "nameascii"), ("name_fr",)),
        }
        out.append(props)
    return out


# --------------------------------------------------------------------------- geometry


def snap(geometry: Json, grid: float, *, polygonal: bool) -> Json | None:
    """The geometry snapped to ``grid`` degrees, valid, RFC 7946 ring orientation.

    Features that collapse on the grid (small islands) are kept on a finer grid. Returns
    None only for a feature that has no extent even on the fine grid.
    """
    import shapely
    from shapely.geometry import mapping, shape
    from shapely.geometry.polygon import orient

    geom = shape(geometry)
    for size in (grid, FINE_GRID):
        snapped = shapely.set_precision(geom, size)
        if not snapped.is_empty:
            break
    else:
        return None
    if polygonal:
        parts = [g for g in getattr(snapped, "geoms", [snapped]) if g.geom_type == "Polygon"]
        oriented = [orient(p, 1.0) for p in parts if not p.is_empty]
        if not oriented:
            return None
        snapped = oriented[0] if len(oriented) == 1 else shapely.MultiPolygon(oriented)
    digits = max(0, round(-math.log10(size)))
    rounded: Json = _rounded(mapping(snapped), digits)
    return rounded


def _rounded(obj: Any, digits: int) -> Any:
    if isinstance(obj, float):
        value = round(obj, digits)
        return 0.0 if value == 0 else value
    if isinstance(obj, list | tuple):
        return [_rounded(v, digits) for v in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v, digits) for k, v in obj.items()}
    return obj


def _bbox(geometry: Json) -> list[float]:
    xs: list[float] = []
    ys: list[float] = []

    def walk(c: Any) -> None:
        if c and isinstance(c[0], int | float):
            xs.append(float(c[0]))
            ys.append(float(c[1]))
        else:
            for sub in c:
                walk(sub)

    walk(geometry["coordinates"])
    return [min(xs), min(ys), max(xs), max(ys)]


# --------------------------------------------------------------------------- writing


def build_layer(
    layer: str, feats: list[Json], props: list[Json], grid: float, source: str
) -> tuple[bytes, int]:
    """The gzip-compressed FeatureCollection of one layer, and its feature count."""
    out = []
    for feat, p in zip(feats, props, strict=True):
        if feat.get("geometry") is None:
            continue
        geometry = snap(feat["geometry"], grid, polygonal=POLYGONAL.get(layer, False))
        if geometry is None:
            continue
        clean = {k: v for k, v in p.items() if v is not None}
        out.append(
            {"type": "Feature", "bbox": _bbox(geometry), "properties": clean, "geometry": geometry}
        )
    collection = {"type": "FeatureCollection", "layer": layer, "source": source, "features": out}
    text = json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip_bytes(text.encode("utf-8")), len(out)


def gzip_bytes(data: bytes) -> bytes:
    """Gzip without file name and with mtime 0, so equal data give equal bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def write_pack(target: Path) -> Path:
    """The fast-loading form of a written layer, beside it (dossier.geo.worldpack)."""
    from dossier.geo import worldpack

    collection = json.loads(gzip.decompress(target.read_bytes()).decode("utf-8"))
    packed = target.parent / target.name.replace(".geojson.gz", ".pack")
    tmp = packed.with_suffix(".tmp")
    tmp.write_bytes(worldpack.pack(collection))
    tmp.replace(packed)
    return packed


def convert(
    inputs: Mapping[str, Path],
    out_dir: Path,
    *,
    grid: float = DEFAULT_GRID,
    sources: Mapping[str, str] | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Path]:
    """Write every layer of ``inputs`` into ``out_dir``; return the files written."""
    sources = sources or {}
    feats = {
        layer: read_layer(Path(path), polygonal=POLYGONAL.get(layer, False))
        for layer, path in inputs.items()
    }
    countries = country_properties(feats["countries"])
    iso_by_adm0 = {p["adm0_a3"]: p["iso_a2"] for p in countries if p["adm0_a3"] and p["iso_a2"]}
    makers: dict[str, Callable[[list[Json]], list[Json]]] = {
        "countries": lambda _f: countries,
        "coastline": lambda f: [{} for _ in f],
        "seas": simple_properties,
        "lakes": simple_properties,
        "rivers": simple_properties,
        "places": lambda f: place_properties(f, iso_by_adm0),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for layer in LAYERS:
        if layer not in feats:
            continue
        source = sources.get(layer, Path(inputs[layer]).name)
        data, count = build_layer(layer, feats[layer], makers[layer](feats[layer]), grid, source)
        target = out_dir / f"{layer}.geojson.gz"
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        written[layer] = target
        log(f"{layer}: {count} features, {len(data):,} bytes -> {target}")
        packed = write_pack(target)
        log(f"{layer}: pack {packed.stat().st_size:,} bytes -> {packed}")
    return written


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for layer in LAYERS:
        parser.add_argument(f"--{layer}", type=Path, required=True, help=f"{layer} input file")
        parser.add_argument(
            f"--{layer}-source", default=None, help=f"provenance note stored in {layer} output"
        )
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--grid", type=float, default=DEFAULT_GRID, help="grid in degrees")
    args = parser.parse_args(list(argv) if argv is not None else None)
    inputs = {layer: getattr(args, layer) for layer in LAYERS}
    sources = {layer: s for layer in LAYERS if (s := getattr(args, f"{layer}_source")) is not None}
    convert(inputs, args.out, grid=args.grid, sources=sources)
    return 0


if __name__ == "__main__":
    sys.exit(main())
