"""Every geo check: a consistent dossier passes; each fault gives its rule id and location."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import geo_helpers
import pytest
from geo_helpers import (
    B1,
    C1,
    C2,
    IDENT_FILE,
    Run,
    collection,
    feature,
    run,
    serial_dossier,
    square,
    write,
)

from dossier.core.diagnostics import Location, Severity
from dossier.report import findings as report


@pytest.fixture(autouse=True)
def _findings_as_printed(
    request: pytest.FixtureRequest, golden: Callable[[str, str], None]
) -> Iterator[None]:
    """Every finding a test's runs produced, printed as `dossier check` prints it (message,
    hint, place), is compared with tests/golden/geo-checks/<test>.txt: the wording a
    specialist reads is reviewed like any golden file."""
    geo_helpers.RECORDED.clear()
    yield
    if geo_helpers.RECORDED:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
        golden(f"geo-checks/{name}.txt", report.format_text(geo_helpers.RECORDED) + "\n")


@pytest.fixture
def dossier(tmp_path: Path) -> tuple[Path, str]:
    return tmp_path, serial_dossier(tmp_path)


def value_of(text: str, key: str) -> str:
    """The (first) scalar written after ``key:`` in the YAML text."""
    line = next(line for line in text.splitlines() if line.strip().startswith(f"{key}:"))
    return line.split(":", 1)[1].strip()


def set_value(text: str, key: str, value: str) -> str:
    old = value_of(text, key)
    return text.replace(f"{key}: {old}", f"{key}: {value}", 1)


def yaml_loc(r: Run, needle: str, col_of: str | None = None) -> Location:
    line = r.line(needle)
    text = r.text.splitlines()[line - 1]
    return Location(IDENT_FILE, line, text.index(col_of or needle) + 1)


def test_consistent_serial_dossier_has_no_findings(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    r = run(root, text, property_name="Test property")
    assert r.diags == []
    s = r.summary
    assert s is not None
    assert [m.id for m in s.components] == ["001", "002"]
    assert [m.name for m in s.components] == ["West", "East"]
    assert s.components[0].lat_dms == "43°03′00″ N" and s.components[0].lon_dms == "54°03′00″ E"
    assert s.property.name == "Test property"
    assert s.property.area_ha == pytest.approx(sum(m.area_ha for m in s.components))
    assert s.buffer_zone_ha == pytest.approx(sum(m.buffer_area_ha or 0 for m in s.components))
    assert s.total_ha == pytest.approx(s.property.area_ha + (s.buffer_zone_ha or 0))
    assert s.bounds == pytest.approx((53.97, 42.97, 54.58, 43.13))
    assert [ly.id for ly in s.layers] == ["kites"] and len(s.layers[0].features) == 2


def test_no_boundaries_means_nothing_to_do(tmp_path: Path) -> None:
    r = run(tmp_path, "identification:\n  areas: {property_ha: 12}\n")
    assert (r.summary, r.diags) == (None, [])


# ----------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("ref", "rule"),
    [
        ("geo/missing.geojson", "geo.file-missing"),
        ("../elsewhere.geojson", "geo.file-outside"),
        ("https://example.org/p.geojson", "geo.remote-file"),
    ],
)
def test_property_file_reference(dossier: tuple[Path, str], ref: str, rule: str) -> None:
    root, text = dossier
    r = run(root, text.replace("property: geo/property.geojson", f"property: {ref}"))
    assert r.summary is None and r.rules() == [rule]
    assert r.diags[0].location == yaml_loc(r, f"property: {ref}", ref)


def test_buffer_file_symlink_out(
    dossier: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root, text = dossier
    outside = tmp_path_factory.mktemp("outside") / "b.geojson"
    outside.write_text((root / "geo/buffer-zone.geojson").read_text())
    (root / "geo/buffer-zone.geojson").unlink()
    (root / "geo/buffer-zone.geojson").symlink_to(outside)
    r = run(root, text)
    assert "geo.file-outside" in r.rules()
    d = r.one("geo.file-outside")
    assert d.location == yaml_loc(r, "buffer_zone: geo/", "geo/")
    assert r.summary is not None and r.summary.buffer_zone_ha is None


def test_json_error_in_layer_located_in_file(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    write(root, "geo/points.geojson", '{"type": "FeatureCollection", "features": [,]}')
    r = run(root, text)
    assert r.rules() == ["geo.json-syntax"]
    assert r.diags[0].location == Location("geo/points.geojson", 1, 44)


# ----------------------------------------------------------------- geometry


def _replace_feature(root: Path, rel: str, index: int, geometry: dict[str, Any]) -> int:
    """Swap one feature's geometry; returns that feature's line in the file."""
    path = root / rel
    data = json.loads(path.read_text())
    data["features"][index]["geometry"] = geometry
    write(root, rel, data)
    needle = f'"id": "{data["features"][index]["properties"]["id"]}"'
    lines = path.read_text().splitlines()
    prop_line = next(n for n, line in enumerate(lines, 1) if needle in line)
    return max(n for n in range(1, prop_line) if lines[n - 1].strip() == "{")


def test_self_intersection(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    bowtie = [[54.5, 43.0], [54.55, 43.05], [54.55, 43.0], [54.5, 43.05], [54.5, 43.0]]
    line = _replace_feature(
        root, "geo/property.geojson", 1, {"type": "Polygon", "coordinates": [bowtie]}
    )
    r = run(root, text)
    d = r.one("geo.self-intersection")
    assert d.severity is Severity.ERROR
    assert d.location == Location("geo/property.geojson", line, 3, 'feature "002"')
    assert "crosses itself near 43°01′30″ N, 54°31′30″ E" in d.message
    # The repaired geometry is still measured, but its stated area is not compared.
    assert r.summary is not None and "geo.area-mismatch" not in r.rules()


@pytest.mark.reports("geo.invalid-geometry")
def test_hole_outside_shell_is_invalid(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    geom = {"type": "Polygon", "coordinates": [C2, square(54.7, 43.0, 0.01)]}
    _replace_feature(root, "geo/property.geojson", 1, geom)
    r = run(root, text)
    assert "geo.invalid-geometry" in r.rules()
    assert r.one("geo.invalid-geometry").location.detail == 'feature "002"'  # type: ignore[union-attr]


def test_unclosed_and_degenerate_rings(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    _replace_feature(root, "geo/property.geojson", 1, {"type": "Polygon", "coordinates": [C2[:-1]]})
    r = run(root, text)
    assert r.rules() == ["geo.unclosed-ring"]
    _replace_feature(
        root, "geo/property.geojson", 1, {"type": "Polygon", "coordinates": [C2[:2] + C2[:1]]}
    )
    r = run(root, text)
    assert "geo.degenerate-ring" in r.rules() and "geo.component-without-boundary" not in r.rules()


def test_swapped_file_coordinates_found_from_stated_centre(tmp_path: Path) -> None:
    # Latitude first throughout: every value is in range, only the stated centre tells.
    swapped = [[p[1], p[0]] for p in C1]
    write(tmp_path, "geo/p.geojson", collection(feature(None, "Polygon", [swapped])))
    text = (
        "identification:\n"
        '  centre: {lat: "43°03′00″ N", lon: "54°03′00″ E"}\n'
        "  boundaries: {property: geo/p.geojson}\n"
    )
    r = run(tmp_path, text)
    d = r.one("geo.centre-swapped")
    assert d.location == yaml_loc(r, "centre: {", "{")


def test_coordinates_out_of_range_in_file(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    bad = [[54.5, 43.0], [54.55, 43.0], [254.55, 43.05], [54.5, 43.05], [54.5, 43.0]]
    _replace_feature(root, "geo/property.geojson", 1, {"type": "Polygon", "coordinates": [bad]})
    r = run(root, text)
    assert "geo.coordinate-range" in r.rules()
    assert r.one("geo.coordinate-range").location.detail == 'feature "002"'  # type: ignore[union-attr]


# ----------------------------------------------------------------- stated values


@pytest.mark.reports("geo.area-mismatch")
def test_component_area_mismatch(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    r0 = run(root, text)
    assert r0.summary is not None
    stated = r0.summary.components[1].area_ha
    wrong = round(stated * 1.05, 1)
    old = f"area_ha: {round(stated, 1)}"
    assert old in text
    # Keep the 1.f total consistent so only the mismatch shows.
    r = run(
        root,
        text.replace(old, f"area_ha: {wrong}")
        .replace("property_ha:", "property_ha_old:")
        .replace("property_ha_old:", "property_ha:"),
    )
    d = r.one("geo.area-mismatch")
    assert d.severity is Severity.ERROR and 'component "002"' in d.message and "5.0 %" in d.message
    assert d.location == yaml_loc(r, f"area_ha: {wrong}", str(wrong))
    assert "geo.area-sum" in r.rules()


def test_area_mismatch_is_found_for_illustrative_boundaries_too(dossier: tuple[Path, str]) -> None:
    # Its severity depends on the stage only (tests/rules/test_stated_figures.py).
    root, text = dossier
    text = text.replace("    property: geo/", "    illustrative: true\n    property: geo/")
    r = run(root, text.replace("buffer_zone_ha:", "buffer_zone_ha: 1 #"))
    d = r.one("geo.area-mismatch")
    assert "buffer zone" in d.message


def test_area_tolerance_is_configurable(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    stated = float(value_of(text, "property_ha"))
    text = set_value(text, "property_ha", f"{stated * 1.02:.1f}")
    assert run(root, text).rules() == ["geo.area-mismatch", "geo.area-sum", "geo.area-total"]
    relaxed = text.replace(
        "    property: geo/", "    area_tolerance_percent: 3\n    property: geo/"
    )
    assert "geo.area-mismatch" not in run(root, relaxed).rules()


@pytest.mark.reports("geo.area-mismatch")
@pytest.mark.accepts("geo.area-mismatch")
def test_default_area_tolerance_is_one_percent(dossier: tuple[Path, str]) -> None:
    """1.2 % off is reported, 0.8 % is not; the message gives the tolerance applied."""
    root, text = dossier
    r0 = run(root, text)
    assert r0.summary is not None
    a1 = r0.summary.components[0].area_ha
    stated = value_of(text, "area_ha")
    over = run(root, text.replace(f"area_ha: {stated}", f"area_ha: {a1 * 1.012:.2f}", 1))
    d = over.one("geo.area-mismatch")
    assert d.message.endswith("; at most 1 % is allowed")
    assert "differs by 1.2 % from the area" in d.message
    under = run(root, text.replace(f"area_ha: {stated}", f"area_ha: {a1 * 0.992:.2f}", 1))
    assert "geo.area-mismatch" not in under.rules()


@pytest.mark.reports("geo.area-total")
def test_area_sum_and_total(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    text = text.replace("total_ha: ", "total_ha: 10")  # prefix digits: far off
    r = run(root, text)
    assert r.rules() == ["geo.area-mismatch", "geo.area-total"]
    assert r.one("geo.area-total").location == yaml_loc(r, "total_ha:", "10")


@pytest.mark.reports("geo.area-sum")
def test_component_areas_do_not_add_up(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    r0 = run(root, text)
    assert r0.summary is not None
    a2 = round(r0.summary.components[1].area_ha, 1)
    # 002 stated 3 ha less than drawn: inside the 1 % tolerance, but the sum is off.
    r = run(root, text.replace(f"area_ha: {a2}", f"area_ha: {a2 - 3:.1f}"))
    d = r.one("geo.area-sum")
    assert d.location == yaml_loc(r, "property_ha:", value_of(text, "property_ha"))
    assert "component areas add up to" in d.message


# ----------------------------------------------------------------- centres


@pytest.mark.reports("geo.centre-outside")
def test_component_centre_outside(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    r = run(root, text.replace('lon: "54°31′30″ E"', 'lon: "54°41′30″ E"'))
    d = r.one("geo.centre-outside")
    assert 'component "002"' in d.message and "km outside" in d.message
    assert "43°01′30″ N, 54°31′30″ E" in (d.hint or "")
    assert d.location == yaml_loc(r, 'lon: "54°41′30″ E"', "{")


@pytest.mark.accepts("geo.centre-outside")
def test_centre_within_rounding_tolerance_is_accepted(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    # 54°00′01″ E is ~23 m outside the western edge (54°00′00″): within the 50 m tolerance.
    r = run(root, text.replace('lon: "54°03′00″ E"', 'lon: "53°59′59″ E"'))
    assert "geo.centre-outside" not in r.rules()


@pytest.mark.reports("geo.coordinate-format")
def test_centre_format_error(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    r = run(root, text.replace('lat: "43°01′30″ N"', 'lat: "43°01′30″ E"'))
    d = r.one("geo.coordinate-format")
    assert d.location == yaml_loc(r, 'lat: "43°01′30″ E"', '"43°01')
    assert "swapped" in d.message


def test_whole_property_centre_outside_span(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    r = run(
        root,
        text.replace(
            '{lat: "43°03′00″ N", lon: "54°18′00″ E"}', '{lat: "44°03′00″ N", lon: "54°18′00″ E"}'
        ),
    )
    d = r.one("geo.centre-outside")
    assert "area spanned by its components" in d.message
    assert d.location == yaml_loc(r, "  centre: {lat", "{")


# ----------------------------------------------------------------- components and features


@pytest.mark.reports("geo.component-without-boundary", "geo.feature-without-component")
def test_component_without_feature_and_feature_without_component(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    r = run(root, text.replace('- id: "002"', '- id: "009"'))
    assert "geo.component-without-boundary" in r.rules()
    assert r.one("geo.component-without-boundary").location == yaml_loc(r, '- id: "009"', '"009"')
    d = r.one("geo.feature-without-component")
    assert d.location is not None and d.location.detail == 'feature "002"'
    assert d.location.file == "geo/property.geojson" and d.location.line is not None


def test_numeric_yaml_id_matches_padded_feature_id(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    r = run(root, text.replace('- id: "002"', "- id: 2"))
    assert r.diags == [] and r.summary is not None and r.summary.components[1].id == "2"


@pytest.mark.reports("geo.duplicate-feature-id", "geo.feature-id-missing")
def test_feature_without_id_and_duplicate_id(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    data = json.loads((root / "geo/property.geojson").read_text())
    third = json.loads(json.dumps(data["features"][1]))
    data["features"].append(third)
    write(root, "geo/property.geojson", data)
    assert run(root, text).one("geo.duplicate-feature-id").location.detail == 'feature "002"'  # type: ignore[union-attr]
    del third["properties"]["id"]
    write(root, "geo/property.geojson", data)
    d = run(root, text).one("geo.feature-id-missing")
    assert d.location is not None and d.location.detail == "feature 3"


@pytest.mark.reports("geo.components-overlap")
def test_components_overlap(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    _replace_feature(
        root,
        "geo/property.geojson",
        1,
        {"type": "Polygon", "coordinates": [square(54.08, 43.0, 0.05)]},
    )
    r = run(root, text)
    d = r.one("geo.components-overlap")
    assert 'components "001" and "002" overlap by' in d.message


# ----------------------------------------------------------------- buffer zone


@pytest.mark.reports("geo.buffer-overlaps-property")
def test_buffer_overlapping_property(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    # Buffer of 001 drawn without the hole and shifted: it covers half of 001.
    _replace_feature(
        root,
        "geo/buffer-zone.geojson",
        0,
        {"type": "Polygon", "coordinates": [square(54.05, 42.97, 0.2, 0.16)]},
    )
    r = run(root, text)
    d = r.one("geo.buffer-overlaps-property")
    assert d.severity is Severity.ERROR and 'component "001"' in d.message
    assert d.location is not None and d.location.detail == 'feature "001"'
    assert d.location.file == "geo/property.geojson"


def test_buffer_enclosing_property_is_accepted(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    ring = run(root, text).summary
    # Outer-boundary convention: the buffer polygon encloses the component, no hole.
    _replace_feature(
        root, "geo/buffer-zone.geojson", 0, {"type": "Polygon", "coordinates": [B1[0]]}
    )
    r = run(root, text)
    assert r.diags == [] and r.summary is not None and ring is not None
    assert r.summary.buffer_zone_ha == pytest.approx(ring.buffer_zone_ha)
    assert r.summary.components[0].buffer_area_ha == pytest.approx(
        ring.components[0].buffer_area_ha
    )


def test_buffer_not_surrounding(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    # A "U": the buffer zone leaves the north side of 001 open.
    u_shape = [
        [53.97, 42.97],
        [54.13, 42.97],
        [54.13, 43.1],
        [54.1, 43.1],
        [54.1, 43.0],
        [54.0, 43.0],
        [54.0, 43.1],
        [53.97, 43.1],
        [53.97, 42.97],
    ]
    _replace_feature(
        root, "geo/buffer-zone.geojson", 0, {"type": "Polygon", "coordinates": [u_shape]}
    )
    r = run(
        root,
        text.replace("buffer_area_ha: ", "buffer_area_ha_x: ")
        .replace("buffer_zone_ha: ", "bz: ")
        .replace("total_ha:", "t:"),
    )
    d = r.one("geo.buffer-not-surrounding")
    assert d.severity is Severity.WARNING and "21% of its boundary (8.1 km)" in d.message


@pytest.mark.reports("geo.component-outside-buffer")
def test_component_outside_buffer_and_opt_out(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    data = json.loads((root / "geo/buffer-zone.geojson").read_text())
    del data["features"][1]
    write(root, "geo/buffer-zone.geojson", data)
    loose = text.replace("buffer_zone_ha: ", "bz: ").replace("total_ha:", "t:")
    r = run(root, loose)
    d = r.one("geo.component-outside-buffer")
    assert d.severity is Severity.WARNING and 'component "002"' in d.message
    assert d.location is not None and d.location.detail == 'feature "002"'
    lines = loose.splitlines()
    idx = max(i for i, line in enumerate(lines) if "buffer_area_ha:" in line)
    lines[idx] = "      buffer_area_ha: null"
    assert "geo.component-outside-buffer" not in run(root, "\n".join(lines) + "\n").rules()


# ----------------------------------------------------------------- layers and flags


@pytest.mark.reports("geo.attribute-outside")
def test_attribute_point_outside_property(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    line = _replace_feature(
        root, "geo/points.geojson", 1, {"type": "Point", "coordinates": [54.6, 43.02]}
    )
    r = run(root, text)
    d = r.one("geo.attribute-outside")
    assert d.location == Location("geo/points.geojson", line, 3, 'feature "p2"')
    assert '"Kite B"' in d.message and "Kite clusters" in d.message and "km outside" in d.message
    # The same point in a context layer is fine.
    assert (
        "geo.attribute-outside"
        not in run(root, text.replace("kind: attributes", "kind: other")).rules()
    )


@pytest.mark.reports("geo.illustrative-unflagged")
def test_illustrative_description_without_flag(dossier: tuple[Path, str]) -> None:
    root, text = dossier
    data = json.loads((root / "geo/property.geojson").read_text())
    data["description"] = "Illustrative boundaries, drawn for demonstration."
    write(root, "geo/property.geojson", data)
    d = run(root, text).one("geo.illustrative-unflagged")
    assert d.severity is Severity.WARNING
    flagged = text.replace("    property: geo/", "    illustrative: true\n    property: geo/")
    assert run(root, flagged).diags == []


def test_single_property_without_components(tmp_path: Path) -> None:
    write(tmp_path, "geo/p.geojson", collection(feature(None, "Polygon", [C1])))
    write(tmp_path, "geo/b.geojson", collection(feature(None, "Polygon", B1)))
    text = (
        "identification:\n"
        '  centre: {lat: "43°03′00″ N", lon: "54°03′00″ E"}\n'
        "  boundaries: {property: geo/p.geojson, buffer_zone: geo/b.geojson}\n"
    )
    r = run(tmp_path, text)
    assert r.diags == [] and r.summary is not None and r.summary.components == ()
    assert r.summary.property.lat_dms == "43°03′00″ N"
    write(tmp_path, "geo/b.geojson", collection(feature(None, "Polygon", [square(55, 43, 0.1)])))
    d = run(tmp_path, text).one("geo.component-outside-buffer")
    assert d.message.startswith("the property has no buffer zone")
