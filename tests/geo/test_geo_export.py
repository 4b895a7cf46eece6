"""GIS export: GeoJSON, KML (re-parsed with validation) and shapefile, written atomically."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest
from geo_helpers import run
from test_geo_example import EXAMPLE, IDENTIFICATION

from dossier.core.output import RECORD, write_atomic
from dossier.geo.export import export_gis, kml_text, parts
from dossier.geo.measure import GeoSummary, area_ha, to_shape


@pytest.fixture(scope="module")
def summary() -> GeoSummary:
    s = run(EXAMPLE, IDENTIFICATION, property_name="Ustyurt").summary
    assert s is not None
    return s


def test_export_writes_all_formats(tmp_path: Path, summary: GeoSummary) -> None:
    out = tmp_path / "gis"
    paths = export_gis(summary, out)
    names = sorted(p.name for p in paths)
    assert names == sorted(
        ["property.geojson", "buffer-zone.geojson", "boundaries.kml"]
        + [
            f"{stem}.{ext}"
            for stem in ("property", "buffer-zone")
            for ext in ("shp", "shx", "dbf", "prj", "cpg")
        ]
    )
    # no temporary files left; the record says which files dossier may overwrite
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, RECORD])


def test_geojson_export_round_trips(tmp_path: Path, summary: GeoSummary) -> None:
    export_gis(summary, tmp_path)
    data = json.loads((tmp_path / "property.geojson").read_text(encoding="utf-8"))
    assert "ILLUSTRATIVE" in data["description"]
    props = [f["properties"] for f in data["features"]]
    assert [p["id"] for p in props] == ["001", "002", "003"]
    assert props[1]["name"] == "Kokesem kite cluster" and props[1]["zone"] == "property"
    for f, m in zip(data["features"], summary.components, strict=True):
        assert area_ha(to_shape(f["geometry"])) == pytest.approx(m.area_ha, rel=1e-6)
    buffers = json.loads((tmp_path / "buffer-zone.geojson").read_text(encoding="utf-8"))
    total = sum(f["properties"]["area_ha"] for f in buffers["features"])
    assert total == pytest.approx(summary.buffer_zone_ha, abs=0.05)


def test_kml_reparses_with_schema_validation(summary: GeoSummary) -> None:
    from fastkml import KML, Data, Document, Folder, Placemark

    prop, buffers = parts(summary)
    text = kml_text(prop, buffers, summary)
    doc = KML.parse(io.BytesIO(text.encode("utf-8")), validate=True)
    document = doc.features[0]
    assert isinstance(document, Document)
    folders = [f for f in document.features if isinstance(f, Folder)]
    assert [f.name for f in folders] == ["Nominated property", "Buffer zone"]
    marks = [m for m in folders[0].features if isinstance(m, Placemark)]
    assert marks[0].name == "001 Western Chink and the Ustyurt State Nature Reserve"
    assert marks[1].extended_data is not None
    data = {d.name: d.value for d in marks[1].extended_data.elements if isinstance(d, Data)}
    assert data["id"] == "002" and data["zone"] == "property"
    assert len(list(folders[1].features)) == 3


def test_invalid_kml_is_refused() -> None:
    from dossier.geo.export import _validate_kml

    _validate_kml('<kml xmlns="http://www.opengis.net/kml/2.2"><Document id="d"/></kml>')
    with pytest.raises(AssertionError):  # a numeric id is not a valid xs:ID
        _validate_kml('<kml xmlns="http://www.opengis.net/kml/2.2"><Document id="1"/></kml>')


def test_shapefile_reads_back(tmp_path: Path, summary: GeoSummary) -> None:
    import shapefile

    export_gis(summary, tmp_path)
    reader = shapefile.Reader(str(tmp_path / "property.shp"))
    records = [r.as_dict() for r in reader.records()]
    assert [r["ID"] for r in records] == ["001", "002", "003"]
    for shape, m in zip(reader.shapes(), summary.components, strict=True):
        assert area_ha(to_shape(shape.__geo_interface__)) == pytest.approx(m.area_ha, rel=1e-6)
    assert (tmp_path / "property.prj").read_text().startswith('GEOGCS["GCS_WGS_1984"')
    assert (tmp_path / "property.cpg").read_text() == "UTF-8"


def test_export_is_reproducible(
    tmp_path: Path, summary: GeoSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1758672000")  # 2025-09-24
    a = {p.name: p.read_bytes() for p in export_gis(summary, tmp_path / "a")}
    b = {p.name: p.read_bytes() for p in export_gis(summary, tmp_path / "b")}
    assert a == b
    assert a["property.dbf"][1:4] == bytes([125, 9, 24])


def test_write_atomic_replaces_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    target.write_text("old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["x.txt"]
    (tmp_path / "a-file").write_text("")
    with pytest.raises(OSError):
        write_atomic(tmp_path / "a-file" / "y.txt", b"z")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "x.txt"]


def _signed_area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring)) / 2


def test_geojson_rings_follow_rfc7946_and_parts_carry_every_attribute(tmp_path: Path) -> None:
    from geo_helpers import collection, feature, grow, square, write

    outer = square(54.0, 43.0, 0.2)
    hole = square(54.05, 43.05, 0.05)
    # drawn the "wrong" way round: exterior clockwise, hole counter-clockwise
    write(tmp_path, "geo/property.geojson", collection(
        feature("001", "Polygon", [outer[::-1], hole]),
        feature("002", "Polygon", [square(54.5, 43.0, 0.05)[::-1]]),
    ))  # fmt: skip
    write(tmp_path, "geo/buffer.geojson", collection(
        feature("001", "Polygon", [grow(outer, 0.05), outer[::-1]]),
        feature("002", "Polygon", [grow(square(54.5, 43.0, 0.05), 0.02)]),
    ))  # fmt: skip
    ident = (
        "identification:\n  boundaries:\n    property: geo/property.geojson\n"
        "    buffer_zone: geo/buffer.geojson\n  components:\n"
        "    - {id: '001', name: Holed site, region: R}\n"
        "    - {id: '002', name: Small site, region: R}\n"
    )
    s = run(tmp_path, ident, states_parties=["KZ"]).summary
    assert s is not None
    out = tmp_path / "gis"
    export_gis(s, out)
    for name in ("property.geojson", "buffer-zone.geojson"):
        data = json.loads((out / name).read_text(encoding="utf-8"))
        for f in data["features"]:
            geom = f["geometry"]
            polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
            for rings in polys:
                assert _signed_area(rings[0]) > 0  # exterior counter-clockwise
                assert all(_signed_area(r) < 0 for r in rings[1:])  # holes clockwise
    props = json.loads((out / "property.geojson").read_text(encoding="utf-8"))["features"]
    first = props[0]["properties"]
    assert set(first) == {
        "id", "name", "zone", "state_party", "component", "area_ha", "buffer_area_ha"
    }  # fmt: skip
    assert (first["id"], first["name"], first["state_party"]) == ("001", "Holed site", "KZ")
    assert first["area_ha"] == pytest.approx(s.components[0].area_ha, abs=0.01)
    assert first["buffer_area_ha"] == pytest.approx(s.components[0].buffer_area_ha, abs=0.01)
    buffers = json.loads((out / "buffer-zone.geojson").read_text(encoding="utf-8"))["features"]
    assert buffers[0]["properties"]["component"] == "001"
    assert buffers[0]["properties"]["state_party"] == "KZ"
