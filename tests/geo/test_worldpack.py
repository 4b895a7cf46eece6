"""The world-context packs (geo.worldpack): the same features as the GeoJSON, loaded fast."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import box, shape

from dossier.geo import context, worldpack

FOLDER = resources.files("dossier.geo").joinpath("data", "world")
# Western Kazakhstan (the example), Europe, the whole world, and Fiji across the antimeridian.
BOXES = [
    (46.5, 40.5, 62.0, 51.5),
    (-10.0, 35.0, 30.0, 60.0),
    (-180.0, -90.0, 180.0, 90.0),
    (176.0, -20.0, 180.0, -15.0),
]


@cache
def geojson(layer: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        gzip.decompress(FOLDER.joinpath(f"{layer}.geojson.gz").read_bytes())
    )
    return data


@pytest.mark.parametrize("layer", context.LAYERS)
def test_each_shipped_pack_gives_back_its_geojson_exactly(layer: str) -> None:
    """Properties, bbox and geometry (WKB: type, ring order, every coordinate's bits) of
    every feature; fails while a pack is out of date with its GeoJSON file."""
    pack = worldpack.unpack(FOLDER.joinpath(f"{layer}.pack").read_bytes())
    assert pack.scale == worldpack.SCALE  # the shipped data are all on the grid
    worldpack.verify(geojson(layer), pack)


def reference(layer: str, bbox: tuple[float, float, float, float]) -> list[dict[str, Any]]:
    """What a query over ``bbox`` returns, read straight from the GeoJSON."""
    frame = box(*bbox)
    out = []
    for f in geojson(layer)["features"]:
        w, s, e, n = f["bbox"]
        meets = w <= bbox[2] and bbox[0] <= e and s <= bbox[3] and bbox[1] <= n
        if meets and (layer == "places" or shape(f["geometry"]).intersects(frame)):
            out.append(f)
    return out


@pytest.mark.parametrize("bbox", BOXES)
def test_queries_return_what_the_geojson_holds(bbox: tuple[float, float, float, float]) -> None:
    """The features a map draws: the same ones, in the same order, with the same shapes."""
    queries = {
        "countries": context.countries,
        "seas": context.seas,
        "lakes": context.lakes,
        "rivers": context.rivers,
        "places": context.places,
    }
    for layer, query in queries.items():
        got = query(bbox)
        want = reference(layer, bbox)
        assert len(got) == len(want), layer
        assert want or layer not in ("countries", "places"), layer
        for g, w in zip(got, want, strict=True):
            p = w["properties"]
            assert g.name("en") == p.get("name_en") and g.bbox == tuple(w["bbox"]), layer
            if layer == "places":
                assert g.point == tuple(w["geometry"]["coordinates"])
                assert g.rank == p["rank"] and g.capital == p["capital"]
            else:
                assert g.geometry.wkb == shape(w["geometry"]).wkb, (layer, p)


def test_places_are_made_once_and_capitals_come_from_them() -> None:
    everything = context.places()
    near = context.places(BOXES[0], min_rank=9)
    assert near and all(p in everything for p in near)
    assert all(p.rank >= 9 for p in near)
    astana = context.capital("KZ")
    assert astana is not None and astana in everything and astana.name() == "Astana"
    assert context.capitals("ZA") == context.capitals("ZAF") and len(context.capitals("ZA")) == 4


def collection(*geometries: dict[str, Any], props: dict[str, Any] | None = None) -> Any:
    def bbox(g: dict[str, Any]) -> list[float]:
        w, s, e, n = shape(g).bounds
        return [w, s, e, n]

    feats = [
        {"type": "Feature", "bbox": bbox(g), "properties": props or {"i": i}, "geometry": g}
        for i, g in enumerate(geometries)
    ]
    return {"type": "FeatureCollection", "layer": "t", "source": "test", "features": feats}


RING = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]]
HOLE = [[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [1.0, 1.0]]
EVERY_TYPE = (
    {"type": "Point", "coordinates": [2.35, 48.85]},
    {"type": "LineString", "coordinates": [[0.01, 0.02], [0.03, -0.04], [5.5, 6.5]]},
    {"type": "Polygon", "coordinates": [RING, HOLE]},
    {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[2, 2], [3, 3], [4, 2]]]},
    {"type": "MultiPolygon", "coordinates": [[RING, HOLE], [[[5, 5], [6, 5], [6, 6], [5, 5]]]]},
)


def test_every_geometry_type_comes_back_and_off_grid_coordinates_keep_their_bits() -> None:
    on_grid = worldpack.unpack(worldpack.pack(collection(*EVERY_TYPE)))
    assert on_grid.scale == worldpack.SCALE and len(on_grid) == len(EVERY_TYPE)
    for i, g in enumerate(EVERY_TYPE):
        assert on_grid.geometry(i).wkb == shape(g).wkb
        assert on_grid.properties(i) == {"i": i}
    third = {"type": "LineString", "coordinates": [[1 / 3, 2 / 3], [179.99999999, -1e-9]]}
    off_grid = worldpack.unpack(worldpack.pack(collection(third, *EVERY_TYPE)))
    assert off_grid.scale == 0  # float64 coordinates for the whole layer
    assert list(off_grid.geometry(0).coords) == [(1 / 3, 2 / 3), (179.99999999, -1e-9)]
    assert off_grid.geometry(5).wkb == shape(EVERY_TYPE[4]).wkb


def test_pack_refuses_what_it_could_not_give_back() -> None:
    with pytest.raises(ValueError, match="null"):
        worldpack.pack(collection(EVERY_TYPE[0], props={"name_fr": None}))
    with pytest.raises(ValueError, match="2-D"):
        worldpack.pack(collection({"type": "Point", "coordinates": [1.0, 2.0, 3.0]}))
    with pytest.raises(ValueError, match="GeometryCollection"):
        worldpack.pack(collection({"type": "GeometryCollection", "geometries": []}))
    moved = collection(EVERY_TYPE[0])
    moved["features"][0]["bbox"] = [2.35, 48.85, 2.36, 48.85]
    with pytest.raises(ValueError, match="bbox"):
        worldpack.pack(moved)
    with pytest.raises(ValueError, match="not a world-context pack"):
        worldpack.unpack(gzip.compress(b"{}"))


def test_a_query_without_geometry_imports_neither_numpy_nor_shapely() -> None:
    code = (
        "import sys\nfrom dossier.geo import context\n"
        "c = context.country('KZ'); cap = context.capital('KZ')\n"
        "print(c.name('fr'), cap.name(), len(context.places((50, 40, 60, 50))),"
        " 'numpy' in sys.modules, 'shapely' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[:2] == ["Kazakhstan", "Astana"]
    assert out.stdout.split()[3:] == ["False", "False"]


def test_the_converter_writes_a_pack_beside_each_layer(tmp_path: Path) -> None:
    from test_geo_context import load_converter, synthetic_inputs

    tool = load_converter()
    written = tool.convert(synthetic_inputs(tmp_path), tmp_path / "out", log=lambda _m: None)
    for layer, path in written.items():
        pack = worldpack.unpack((path.parent / f"{layer}.pack").read_bytes())
        worldpack.verify(json.loads(gzip.decompress(path.read_bytes())), pack)
