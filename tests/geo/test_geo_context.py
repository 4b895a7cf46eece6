"""World context data (Natural Earth, public domain) and its converter."""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dossier.geo import context

ROOT = Path(__file__).resolve().parents[2]
WESTERN_KAZAKHSTAN = (46.5, 40.5, 62.0, 51.5)


def test_central_asian_states_have_english_and_french_names() -> None:
    expected = {
        "KZ": ("Kazakhstan", "Kazakhstan", "KAZ"),
        "KG": ("Kyrgyzstan", "Kirghizistan", "KGZ"),
        "UZ": ("Uzbekistan", "Ouzbékistan", "UZB"),
    }
    for code, (en, fr, iso3) in expected.items():
        c = context.country(code)
        assert c is not None, code
        assert (c.name("en"), c.name("fr"), c.iso_a3, c.iso_a2) == (en, fr, iso3, code)
        assert context.country(iso3) is c and context.country(code.lower()) is c
        assert c.geometry.geom_type in {"Polygon", "MultiPolygon"} and c.geometry.is_valid
    assert context.country("ZZ") is None


def test_astana_is_the_capital_of_kazakhstan() -> None:
    astana = context.capital("KZ")
    assert astana is not None
    assert (astana.name("en"), astana.capital, astana.iso_a2) == ("Astana", True, "KZ")
    found = context.country_at(*astana.point)
    assert found is not None and found.iso_a2 == "KZ"
    assert context.capital("KAZ") is astana
    bishkek, tashkent = context.capital("KG"), context.capital("UZ")
    assert bishkek is not None and bishkek.name() == "Bishkek"
    assert tashkent is not None and tashkent.name() == "Tashkent"


def test_country_at_tells_the_state_party_of_a_point() -> None:
    ustyurt = context.country_at(55.5, 43.5)
    assert ustyurt is not None and ustyurt.iso_a2 == "KZ"
    nukus = context.country_at(59.6, 42.46)
    assert nukus is not None and nukus.iso_a2 == "UZ"
    assert context.country_at(51.0, 42.0) is None  # the middle of the Caspian Sea
    assert context.country_at(-30.0, 30.0) is None  # the Atlantic


def test_caspian_and_aral_are_found_around_western_kazakhstan() -> None:
    seas = {s.name("en"): s for s in context.seas(WESTERN_KAZAKHSTAN)}
    lakes = {s.name("en"): s for s in context.lakes(WESTERN_KAZAKHSTAN)}
    assert "Caspian Sea" in seas and seas["Caspian Sea"].name("fr") == "Mer Caspienne"
    assert "Aral Sea" in lakes
    # No French name in the lakes layer: the English one is the fallback.
    assert lakes["Aral Sea"].name("fr") == "Aral Sea"
    assert "Caspian Sea" not in {s.name() for s in context.seas((0.0, 40.0, 10.0, 50.0))}
    names = {c.iso_a2 for c in context.countries(WESTERN_KAZAKHSTAN)}
    assert {"KZ", "UZ", "TM"} <= names and "FR" not in names
    rivers = {r.name() for r in context.rivers(WESTERN_KAZAKHSTAN)}
    assert {"Ural", "Amu Darya"} <= rivers  # NE writes "Amu  Darya": spaces collapsed


def test_france_norway_and_kosovo_resolve_despite_natural_earth_minus_99() -> None:
    for code, iso3, adm0 in (("FR", "FRA", "FRA"), ("NO", "NOR", "NOR"), ("XK", None, "KOS")):
        c = context.country(code)
        assert c is not None, code
        assert (c.iso_a2, c.iso_a3, c.adm0_a3) == (code, iso3, adm0)
        assert context.country(adm0) is c
    paris = context.country_at(2.35, 48.85)
    assert paris is not None and paris.iso_a2 == "FR"
    capital = context.capital("FR")
    assert capital is not None and capital.name("fr") == "Paris"
    # An EH code already held officially is not taken twice (AU stays Australia's).
    australia = context.country("AU")
    assert australia is not None and australia.adm0_a3 == "AUS"


def test_neighbours_and_places() -> None:
    assert {c.iso_a2 for c in context.neighbours("KZ")} == {"CN", "KG", "RU", "TM", "UZ"}
    everything = context.places(WESTERN_KAZAKHSTAN)
    big = context.places(WESTERN_KAZAKHSTAN, min_rank=9)
    assert big and len(big) < len(everything)
    assert all(p.rank >= 9 for p in big)
    assert "Aktau" in {p.name() for p in everything}
    w, s, e, n = WESTERN_KAZAKHSTAN
    assert all(w <= p.point[0] <= e and s <= p.point[1] <= n for p in everything)


def test_every_layer_loads_and_says_where_it_comes_from() -> None:
    for layer in context.LAYERS:
        note = context.source(layer)
        assert "Natural Earth" in note and "public domain" in note, layer
    assert len(context.coastline(WESTERN_KAZAKHSTAN)) > 0
    with pytest.raises(ValueError):
        context.source("roads")


def test_importing_context_imports_no_shapely() -> None:
    code = "import sys, dossier.geo.context; print('shapely' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_example_escarpment_base_layer_is_illustrative_and_in_kazakhstan() -> None:
    from shapely.geometry import shape

    geo = ROOT / "examples" / "ustyurt" / "geo"
    data = json.loads((geo / "escarpment.geojson").read_text("utf-8"))
    assert (
        "ILLUSTRATIVE" in data["description"]
        and "drawn by the dossier project" in data["description"]
    )
    (feat,) = data["features"]
    assert feat["properties"]["illustrative"] is True
    line = shape(feat["geometry"])
    assert line.geom_type == "LineString" and line.is_valid
    for lon, lat in line.coords:
        found = context.country_at(lon, lat)
        assert found is not None and found.iso_a2 == "KZ"
    # It runs beside the components, never through them.
    components = json.loads((geo / "property.geojson").read_text("utf-8"))["features"]
    for comp in components:
        assert not line.intersects(shape(comp["geometry"])), comp["properties"]["id"]
    assert line.distance(shape(components[0]["geometry"])) < 0.05


# --------------------------------------------------------------------------- converter


def load_converter() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_context_data", ROOT / "tools" / "make_context_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fc(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def feature(props: dict[str, Any], geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def square(x: float, y: float, d: float, *, clockwise: bool = False) -> dict[str, Any]:
    ring = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]
    return {"type": "Polygon", "coordinates": [ring[::-1] if clockwise else ring]}


def synthetic_inputs(folder: Path) -> dict[str, Path]:
    """A tiny Natural-Earth-like world: upper-case keys and -99 codes as NE writes them."""
    layers = {
        "countries": fc(
            feature(
                {
                    "ADM0_A3": "ISL",
                    "ISO_A2": "-99",
                    "ISO_A2_EH": "FR",
                    "NAME": "Tiny Isle",
                    "TYPE": "Dependency",
                },
                square(10.0, 10.0, 0.001),
            ),
            feature(
                {
                    "ADM0_A3": "FRA",
                    "ISO_A2": "-99",
                    "ISO_A2_EH": "FR",
                    "ISO_A3": "-99",
                    "ISO_A3_EH": "FRA",
                    "NAME": "France",
                    "NAME_EN": "France",
                    "NAME_FR": "France",
                    "TYPE": "Country",
                    "LABELRANK": 2,
                    "LABEL_X": 2.123456,
                    "LABEL_Y": 46.654321,
                },
                square(0.0, 43.0, 5.0, clockwise=True),
            ),
        ),
        "coastline": fc(
            feature(
                {"scalerank": 0}, {"type": "LineString", "coordinates": [[0, 43], [5.004, 43.001]]}
            )
        ),
        "seas": fc(
            feature(
                {"name": "Golfe", "name_fr": "Golfe du Lion", "featurecla": "gulf", "scalerank": 3},
                square(3.0, 42.0, 1.0),
            ),
        ),
        "lakes": fc(feature({"name": "Lac  Test", "featurecla": "Lake"}, square(1.0, 44.0, 0.3))),
        "rivers": fc(
            feature(
                {"name": "R", "featurecla": "River", "scalerank": 5},
                {"type": "LineString", "coordinates": [[1.111, 44.444], [2.226, 45.559]]},
            ),
            feature({"name": "No geometry"}, None),  # type: ignore[arg-type]
        ),
        "places": fc(
            feature(
                {
                    "NAME": "Paris",
                    "NAME_FR": "Paris",
                    "ADM0_A3": "FRA",
                    "ISO_A2": "-99",
                    "ADM0CAP": 1.0,
                    "FEATURECLA": "Admin-0 capital",
                    "RANK_MAX": 13,
                    "POP_MAX": 9904000,
                    "SCALERANK": 0,
                },
                {"type": "Point", "coordinates": [2.35222, 48.85661]},
            ),
        ),
    }
    paths = {}
    for layer, data in layers.items():
        paths[layer] = folder / f"{layer}.geojson"
        paths[layer].write_text(json.dumps(data), "utf-8")
    return paths


def read_gz(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return data


def test_converter_output_is_byte_identical_on_regeneration(tmp_path: Path) -> None:
    tool = load_converter()
    inputs = synthetic_inputs(tmp_path)
    first = tool.convert(inputs, tmp_path / "a", log=lambda _m: None)
    second = tool.convert(inputs, tmp_path / "b", log=lambda _m: None)
    assert set(first) == set(context.LAYERS)
    for layer, path in first.items():
        raw = path.read_bytes()
        assert raw == second[layer].read_bytes(), layer
        assert raw[:2] == b"\x1f\x8b" and raw[4:8] == b"\0\0\0\0"  # gzip, mtime 0
        assert raw[3] & 0x08 == 0  # no file name in the header


def test_converter_keeps_only_simple_attributes_on_a_grid(tmp_path: Path) -> None:
    tool = load_converter()
    out = tool.convert(synthetic_inputs(tmp_path), tmp_path / "out", log=lambda _m: None)
    countries = read_gz(out["countries"])["features"]
    isle, france = countries  # the island comes first: the EH code still goes to France
    assert france["properties"] == {
        "adm0_a3": "FRA",
        "iso_a2": "FR",
        "iso_a3": "FRA",
        "name_en": "France",
        "name_fr": "France",
        "name_short": "France",
        "type": "country",
        "label_rank": 2,
        "label": [2.12, 46.65],
    }
    ring = france["geometry"]["coordinates"][0]
    signed = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))
    assert signed > 0  # exterior counter-clockwise (RFC 7946) though the input was clockwise
    assert france["bbox"] == [0.0, 43.0, 5.0, 48.0]
    # The tiny island survives on the fine grid; FR is taken, so it gets no ISO code.
    assert "iso_a2" not in isle["properties"] and isle["geometry"]["coordinates"]
    lake = read_gz(out["lakes"])["features"][0]["properties"]
    assert lake == {"kind": "lake", "name_en": "Lac Test", "scalerank": 10}
    rivers = read_gz(out["rivers"])["features"]
    assert len(rivers) == 1 and rivers[0]["geometry"]["coordinates"] == [
        [1.11, 44.44],
        [2.23, 45.56],
    ]
    paris = read_gz(out["places"])["features"][0]
    assert paris["properties"]["iso_a2"] == "FR" and paris["properties"]["capital"] is True
    assert paris["geometry"]["coordinates"] == [2.35, 48.86]
    assert read_gz(out["seas"])["features"][0]["properties"]["name_fr"] == "Golfe du Lion"


def test_converter_reads_shapefiles(tmp_path: Path) -> None:
    import shapefile

    tool = load_converter()
    base = tmp_path / "ne_lakes"
    with shapefile.Writer(str(base), shapeType=shapefile.POLYGON, encoding="utf-8") as w:
        w.field("NAME", "C", 40)
        w.field("FEATURECLA", "C", 20)
        w.field("SCALERANK", "N", 4)
        w.poly([[[60.0, 45.0], [60.0, 46.0], [61.0, 46.0], [61.0, 45.0], [60.0, 45.0]]])
        w.record("Aral Sea", "Alkaline Lake", 0)
    feats = tool.read_layer(base.with_suffix(".shp"), polygonal=True)
    assert feats[0]["properties"] == {
        "name": "Aral Sea",
        "featurecla": "Alkaline Lake",
        "scalerank": 0,
    }
    assert tool.simple_properties(feats) == [
        {"kind": "alkaline lake", "scalerank": 0, "name_en": "Aral Sea"}
    ]
