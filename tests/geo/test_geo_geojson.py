"""Safe GeoJSON loading: paths, encoding, JSON errors, structure, coordinates, rings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from geo_helpers import collection, feature, square, write

from dossier.core.diagnostics import Diagnostic, Location
from dossier.geo.geojson import (
    ANY_GEOMETRY,
    Feature,
    load_geojson,
    parse_geojson,
    read_geojson,
    resolve_in_dossier,
)

REF = Location("parts/1-identification.yaml", 4, 15)


def _rules(diags: list[Diagnostic]) -> list[str]:
    return [d.rule for d in diags]


# ----------------------------------------------------------------- references


@pytest.mark.reports("geo.remote-file")
@pytest.mark.parametrize(
    "ref",
    ["https://example.org/p.geojson", "http://x/p.geojson", "file:///etc/passwd", "//host/share/p"],
)
def test_remote_references_refused(tmp_path: Path, ref: str) -> None:
    path, _, diags = resolve_in_dossier(tmp_path, ref, REF)
    assert path is None and _rules(diags) == ["geo.remote-file"]
    assert diags[0].location == REF


@pytest.mark.reports("geo.file-outside")
@pytest.mark.parametrize(
    "ref", ["/etc/hostname", "../outside.geojson", "geo/../../x.geojson", "C:\\x.json"]
)
def test_paths_outside_refused(tmp_path: Path, ref: str) -> None:
    root = tmp_path / "dossier"
    root.mkdir()
    (tmp_path / "outside.geojson").write_text("{}")
    path, _, diags = resolve_in_dossier(root, ref, REF)
    assert path is None and _rules(diags) == ["geo.file-outside"]


def test_symlink_out_refused_but_inside_accepted(tmp_path: Path) -> None:
    root = tmp_path / "dossier"
    (root / "geo").mkdir(parents=True)
    secret = tmp_path / "secret.geojson"
    secret.write_text("{}")
    (root / "geo" / "link.geojson").symlink_to(secret)
    _, _, diags = resolve_in_dossier(root, "geo/link.geojson", REF)
    assert _rules(diags) == ["geo.file-outside"] and "symbolic link" in diags[0].message
    (root / "geo" / "real.geojson").write_text("{}")
    (root / "geo" / "alias.geojson").symlink_to(root / "geo" / "real.geojson")
    path, rel, diags = resolve_in_dossier(root, "./geo/alias.geojson", REF)
    assert diags == [] and rel == "geo/alias.geojson" and path == (root / "geo" / "real.geojson")


@pytest.mark.reports("geo.file-missing")
def test_missing_file_and_folder(tmp_path: Path) -> None:
    (tmp_path / "geo").mkdir()
    _, rel, diags = resolve_in_dossier(tmp_path, "geo/nope.geojson", REF)
    assert _rules(diags) == ["geo.file-missing"] and rel == "geo/nope.geojson"
    assert "does not exist" in diags[0].message and diags[0].location == REF
    _, _, diags = resolve_in_dossier(tmp_path, "geo", REF)
    assert "is a folder" in diags[0].message
    _, _, diags = resolve_in_dossier(tmp_path, 42, REF)
    assert _rules(diags) == ["geo.file-missing"]


# ----------------------------------------------------------------- reading


@pytest.mark.reports("geo.json-syntax")
def test_json_syntax_error_is_located(tmp_path: Path) -> None:
    write(
        tmp_path, "geo/p.geojson", '{"type": "FeatureCollection",\n "features": [\n  {"type": }\n]}'
    )
    gfile, diags = load_geojson(tmp_path, "geo/p.geojson", REF)
    assert gfile is None and _rules(diags) == ["geo.json-syntax"]
    assert diags[0].location == Location("geo/p.geojson", 3, 12)


def test_nan_refused(tmp_path: Path) -> None:
    _, diags = parse_geojson('{"type": "Point", "coordinates": [NaN, 1]}', "p.geojson")
    assert _rules(diags) == ["geo.json-syntax"]


@pytest.mark.reports("geo.encoding")
def test_encoding_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "p.geojson"
    path.write_bytes(b'{"type":\n "Feature\xe9"}')
    _, diags = read_geojson(path, "p.geojson")
    assert _rules(diags) == ["geo.encoding"] and diags[0].location == Location("p.geojson", 2, 10)


@pytest.mark.reports("geo.file-unreadable")
def test_a_folder_in_place_of_the_file_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "geo").mkdir()
    gfile, diags = read_geojson(tmp_path / "geo", "geo")
    assert gfile is None and _rules(diags) == ["geo.file-unreadable"]
    assert diags[0].message.startswith("cannot read the file: ")
    assert diags[0].location == Location("geo")


@pytest.mark.reports("geo.file-too-large")
def test_size_bound(tmp_path: Path) -> None:
    path = write(tmp_path, "p.geojson", collection(feature("1", "Polygon", [square(0, 0, 1)])))
    _, diags = read_geojson(path, "p.geojson", max_bytes=100)
    assert _rules(diags) == ["geo.file-too-large"]


def test_bom_accepted_and_features_located(tmp_path: Path) -> None:
    fc = collection(
        feature("001", "Polygon", [square(0, 0, 1)]), feature(None, "Polygon", [square(2, 0, 1)])
    )
    path = tmp_path / "p.geojson"
    path.write_text("\ufeff" + json.dumps(fc, indent=1), encoding="utf-8")
    gfile, diags = read_geojson(path, "p.geojson")
    assert diags == [] and gfile is not None
    first, second = gfile.features
    assert (first.label, second.label) == ('feature "001"', "feature 2")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert first.line is not None and second.line is not None and first.line < second.line
    line = lines[first.line - 1]
    assert line.strip() == "{" and first.col == line.index("{") + 1
    assert first.location("p.geojson") == Location(
        "p.geojson", first.line, first.col, 'feature "001"'
    )


@pytest.mark.reports("geo.not-geojson", "geo.empty", "geo.crs")
@pytest.mark.parametrize(
    ("doc", "rule"),
    [
        ({"type": "Topology"}, "geo.not-geojson"),
        ([1, 2], "geo.not-geojson"),
        ({"type": "FeatureCollection", "features": {}}, "geo.not-geojson"),
        ({"type": "FeatureCollection", "features": []}, "geo.empty"),
        ({"type": "FeatureCollection", "features": [{"type": "Polygon"}]}, "geo.not-geojson"),
        (
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "EPSG:32640"}},
                "features": [],
            },
            "geo.crs",
        ),
    ],
)
def test_structure(doc: object, rule: str) -> None:
    _, diags = parse_geojson(json.dumps(doc), "p.geojson")
    assert _rules(diags) == [rule]


@pytest.mark.accepts("geo.not-geojson", "geo.empty", "geo.crs")
def test_wgs84_crs_and_single_feature_accepted() -> None:
    doc = feature("7", "Polygon", [square(0, 0, 1)])
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    gfile, diags = parse_geojson(json.dumps(doc), "p.geojson")
    assert diags == [] and gfile is not None and gfile.features[0].id == "7"


def _one(
    geometry_type: str, coords: object, allowed: frozenset[str] | None = None
) -> tuple[Feature, list[Diagnostic]]:
    text = json.dumps(collection(feature("001", geometry_type, coords)))
    gfile, diags = parse_geojson(text, "p.geojson", *(() if allowed is None else (allowed,)))
    assert gfile is not None
    return gfile.features[0], diags


@pytest.mark.reports("geo.geometry-type")
def test_wrong_geometry_type_for_boundaries() -> None:
    feat, diags = _one("Point", [54, 43])
    assert _rules(diags) == ["geo.geometry-type"] and feat.geometry is None
    assert diags[0].location is not None and diags[0].location.detail == 'feature "001"'
    feat, diags = _one("Point", [54, 43], ANY_GEOMETRY)
    assert diags == [] and feat.geometry is not None


@pytest.mark.reports("geo.geometry-missing")
def test_missing_geometry() -> None:
    text = json.dumps(collection({"type": "Feature", "properties": {"id": "9"}, "geometry": None}))
    _, diags = parse_geojson(text, "p.geojson")
    assert _rules(diags) == ["geo.geometry-missing"]


@pytest.mark.reports("geo.coordinates")
@pytest.mark.parametrize(
    "coords",
    [
        [[[0, 0], [1, 0], [1, "1"], [0, 0]]],
        [[0, 0], [1, 0]],
        [[[0, 0, 0, 0], [1, 0], [1, 1], [0, 0]]],
        [],
        [[True, 1]],
    ],
)
def test_malformed_coordinates(coords: object) -> None:
    feat, diags = _one("Polygon", coords)
    assert _rules(diags) == ["geo.coordinates"] and feat.geometry is None


@pytest.mark.reports("geo.coordinate-range", "geo.coordinates-swapped")
def test_out_of_range_swapped_and_projected() -> None:
    _, diags = _one("Polygon", [[[54, 43], [200, 43], [54, 44], [54, 43]]])
    assert _rules(diags) == ["geo.coordinate-range"]
    _, diags = _one("Polygon", [[[43, 54], [43.1, 95], [43.1, 54.1], [43, 54]]])
    assert _rules(diags) == ["geo.coordinates-swapped"]
    _, diags = _one(
        "Polygon", [[[512000, 4785000], [513000, 4785000], [513000, 4786000], [512000, 4785000]]]
    )
    assert _rules(diags) == ["geo.coordinate-range"] and "projected" in diags[0].message


@pytest.mark.reports("geo.unclosed-ring")
def test_unclosed_ring_is_reported_and_closed() -> None:
    feat, diags = _one("Polygon", [[[0, 0], [1, 0], [1, 1], [0, 1]]])
    assert _rules(diags) == ["geo.unclosed-ring"] and "outer boundary" in diags[0].message
    assert feat.geometry is not None and feat.geometry["coordinates"][0][-1] == [0.0, 0.0]


@pytest.mark.reports("geo.degenerate-ring")
@pytest.mark.parametrize(
    "coords",
    [
        [[[0, 0], [1, 0], [0, 0]]],  # too few positions
        [[[0, 0], [1, 1], [2, 2], [0, 0]]],  # collinear
        [
            [[0, 0], [1, 0], [1, 1], [0, 0]],
            [[0.5, 0.1], [0.5, 0.1], [0.5, 0.1], [0.5, 0.1]],
        ],  # hole
    ],
)
def test_degenerate_rings(coords: object) -> None:
    feat, diags = _one("Polygon", coords)
    assert _rules(diags) == ["geo.degenerate-ring"] and feat.geometry is None


def test_multipolygon_part_named() -> None:
    _, diags = _one("MultiPolygon", [[square(0, 0, 1)], [[[2, 0], [3, 0], [3, 1], [2, 1]]]])
    assert _rules(diags) == ["geo.unclosed-ring"] and "part 2" in diags[0].message
