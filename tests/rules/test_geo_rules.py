"""The geometry findings as `dossier check` reports them (validate/rules/geo.py): boundary
files still to be drawn, what refs already reports, and boundaries.outside-state-party
for a component and for a whole property. Written against mutants that the basic cases
let through."""

from __future__ import annotations

import json

import pytest

from dossier.core.diagnostics import Severity

from .conftest import Dossier

OUTLINES = (
    "according to the Natural Earth country outlines shipped with dossier; these outlines "
    "are generalised (1:50m) and are not an authoritative border"
)


def square(x: float) -> list[list[list[float]]]:
    return [[[x, 45.0], [x + 0.01, 45.0], [x + 0.01, 45.01], [x, 45.01], [x, 45.0]]]


def features(*cids: str) -> str:
    feats = [
        {
            "type": "Feature",
            "properties": {"id": c},
            "geometry": {"type": "Polygon", "coordinates": square(2.0 + 0.02 * i)},
        }
        for i, c in enumerate(cids)
    ]
    return json.dumps({"type": "FeatureCollection", "features": feats})


def placeholder(todo: str) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [], "todo": todo})


@pytest.mark.reports("todo.not-yet-written")
def test_boundaries_still_to_be_drawn_are_placeholders_not_empty_files(dossier: Dossier) -> None:
    dossier.write("geo/property.geojson", placeholder("draw the inner rampart"))
    dossier.write("geo/buffer.geojson", placeholder("draw the zone"))
    hint = "Draw it in a GIS and export it into this file as GeoJSON (WGS 84)."
    for stage, severity in (("draft", Severity.WARNING), ("submission", Severity.ERROR)):
        found = sorted(
            (d.location.file, d.location.line, d.location.col, d.severity, d.message, d.hint)
            for d in dossier.findings("todo.not-yet-written", stage)
            if d.location
        )
        assert found == [
            ("geo/buffer.geojson", 1, 1, severity, "not yet drawn: draw the zone", hint),
            ("geo/property.geojson", 1, 1, severity, "not yet drawn: draw the inner rampart", hint),
        ], stage
        assert dossier.findings("geo.empty", stage) == []


@pytest.mark.reports("geo.empty")
def test_an_empty_boundary_without_a_todo_is_reported_as_empty(dossier: Dossier) -> None:
    dossier.write("geo/buffer.geojson", placeholder("draw the zone"))
    dossier.write("geo/property.geojson", json.dumps({"type": "FeatureCollection", "features": []}))
    assert [d.location.file for d in dossier.findings("geo.empty") if d.location] == [
        "geo/property.geojson"
    ]
    assert [d.location.file for d in dossier.findings("todo.not-yet-written") if d.location] == [
        "geo/buffer.geojson"
    ]


@pytest.mark.accepts("geo.file-missing")
def test_a_missing_boundary_file_is_reported_once_by_the_reference_check(
    dossier: Dossier,
) -> None:
    (dossier.root / "geo/buffer.geojson").unlink()
    found = [d.rule for d in dossier.check().diagnostics if d.rule.endswith("missing")]
    assert found == ["path.missing"]


def _transboundary(d: Dossier, codes: tuple[str, str]) -> None:
    d.make_serial()
    names = {"FR": "France", "ES": "Spain"}
    with d.edit("dossier") as m:
        m["property"]["states_parties"] = [{"code": c, "name": names[c]} for c in ("FR", "ES")]
        m["property"]["cross_border"] = "transboundary"
    with d.edit("identification") as ident:
        for comp, code in zip(ident["components"], codes, strict=True):
            comp["state_party"] = code
    d.write("geo/property.geojson", features("001", "002"))


@pytest.mark.reports("boundaries.outside-state-party")
def test_a_component_outside_its_state_party_is_reported_at_the_component(
    dossier: Dossier,
) -> None:
    _transboundary(dossier, ("FR", "ES"))
    found = dossier.findings("boundaries.outside-state-party")
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("identification", r"^- id: '002'")
    ]
    assert [d.message for d in found] == [
        "component 002 is assigned to Spain, but about 100% of it (88 ha) lies outside "
        f"Spain's outline, in France, {OUTLINES}"
    ]
    assert [d.hint for d in found] == [
        "Check the boundary against the official border and the component's state_party; "
        "if the boundary is right, suppress this finding with the reason."
    ]


@pytest.mark.accepts("boundaries.outside-state-party")
def test_components_inside_their_state_party_pass(dossier: Dossier) -> None:
    _transboundary(dossier, ("FR", "FR"))
    assert dossier.findings("boundaries.outside-state-party") == []


@pytest.mark.reports("boundaries.outside-state-party")
def test_a_property_outside_all_its_states_parties_names_them_all(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        m["property"]["states_parties"] = [
            {"code": "ES", "name": "Spain"},
            {"code": "PT", "name": "Portugal"},
        ]
        m["property"]["cross_border"] = "transboundary"
    with dossier.edit("signatures") as sig:
        sig["signatures"][0]["state_party"] = "ES"
    found = dossier.findings("boundaries.outside-state-party")
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("identification", r"^  property:")
    ]
    assert [d.message for d in found] == [
        "the property is assigned to Spain and Portugal, but about 100% of it (88 ha) lies "
        f"outside Spain and Portugal's outline, in France, {OUTLINES}"
    ]


def _stated_too_large(d: Dossier) -> None:
    with d.edit("identification") as ident:
        ident["areas"] = {"property_ha": 117}


@pytest.mark.reports("geo.area-mismatch")
def test_a_missing_buffer_file_does_not_hide_the_later_findings(dossier: Dossier) -> None:
    (dossier.root / "geo/buffer.geojson").unlink()
    _stated_too_large(dossier)
    rules = [d.rule for d in dossier.check().diagnostics if d.severity is not Severity.CHECKLIST]
    assert sorted(rules) == ["geo.area-mismatch", "path.missing"]


@pytest.mark.reports("geo.area-mismatch")
def test_a_buffer_still_to_be_drawn_does_not_hide_the_later_findings(dossier: Dossier) -> None:
    dossier.write("geo/buffer.geojson", placeholder("draw the zone"))
    _stated_too_large(dossier)
    rules = [d.rule for d in dossier.check().diagnostics if d.severity is not Severity.CHECKLIST]
    assert sorted(rules) == ["geo.area-mismatch", "todo.not-yet-written"]


@pytest.mark.reports("todo.not-yet-written")
def test_a_buffer_still_to_be_drawn_is_reported_whatever_the_property_boundary(
    dossier: Dossier,
) -> None:
    dossier.write("geo/buffer.geojson", placeholder("draw the zone"))
    (dossier.root / "geo/property.geojson").unlink()
    assert [d.location.file for d in dossier.findings("todo.not-yet-written") if d.location] == [
        "geo/buffer.geojson"
    ]
    with dossier.edit("identification") as ident:
        ident["boundaries"]["property"] = 42  # not a file name (a schema finding)
    assert [d.location.file for d in dossier.findings("todo.not-yet-written") if d.location] == [
        "geo/buffer.geojson"
    ]


def _no_buffer_zone(d: Dossier) -> None:
    (d.root / "geo/buffer.geojson").unlink()
    with d.edit("identification") as ident:
        del ident["boundaries"]["buffer_zone"]
        ident["boundaries"]["buffer_zone_absent_reason"] = "The setting is protected as a whole."


def _property_square(d: Dossier, x: float, y: float, side: float) -> None:
    ring = [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]
    feature = {
        "type": "Feature",
        "properties": {"id": "property"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    d.write(
        "geo/property.geojson", json.dumps({"type": "FeatureCollection", "features": [feature]})
    )


@pytest.mark.reports("boundaries.outside-state-party")
def test_a_property_at_sea_names_no_other_country(dossier: Dossier) -> None:
    _no_buffer_zone(dossier)
    _property_square(dossier, -3.0, 45.0, 0.01)  # in the Bay of Biscay
    assert [d.message for d in dossier.findings("boundaries.outside-state-party")] == [
        "the property is assigned to France, but about 100% of it (88 ha) lies outside "
        f"France's outline, {OUTLINES}"
    ]


@pytest.mark.reports("boundaries.outside-state-party")
def test_the_countries_a_property_lies_in_are_named_with_the_english_name(
    dossier: Dossier,
) -> None:
    _no_buffer_zone(dossier)
    _property_square(dossier, 1.40, 42.45, 0.2)  # over the borders of Spain and Andorra
    with dossier.edit("dossier") as m:
        m["property"]["states_parties"][0]["name"] = {"fr": "la France", "en": "France"}
    assert [d.message for d in dossier.findings("boundaries.outside-state-party")] == [
        "the property is assigned to France, but about 73% of it (26,640 ha) lies outside "
        f"France's outline, in Spain, Andorra, {OUTLINES}"
    ]
