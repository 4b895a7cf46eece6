"""The rules of the Executive Summary and section 1 (validate/rules/identification.py)
past their basic cases in test_rules.py: names in several languages and at the limit,
serial properties with one component, maps by kind, the metadata a supplied map lacks.
Written against mutants that the basic cases let through."""

from __future__ import annotations

import json

import pytest

from .conftest import Dossier


def _found(dossier: Dossier, rule: str) -> list[tuple[str, int | None, str]]:
    return [
        (d.location.file, d.location.line, d.message) for d in dossier.findings(rule) if d.location
    ]


@pytest.mark.accepts("summary.boundary-description-missing", "summary.map-missing")
def test_no_executive_summary_part_no_summary_findings(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        del m["parts"]["executive_summary"]
    assert dossier.findings("summary.boundary-description-missing") == []
    assert dossier.findings("summary.map-missing") == []


@pytest.mark.reports("name.too-long")
def test_each_language_of_the_name_is_measured_and_200_characters_pass(
    dossier: Dossier,
) -> None:
    with dossier.edit("dossier") as m:
        m["property"]["name"] = {"en": "F" * 200, "fr": "G" * 201}
    assert _found(dossier, "name.too-long") == [
        (
            *dossier.line("dossier", r"^    fr: G"),
            "the name of the property has 201 characters; at most 200 are allowed, counting "
            "spaces and punctuation",
        )
    ]
    [found] = dossier.findings("name.too-long")
    assert found.hint == "Shorten it; component names go in the 1.d table, not in the name."


@pytest.mark.reports("serial.too-few-components")
def test_a_serial_property_with_one_component_is_reported_at_its_components(
    dossier: Dossier,
) -> None:
    dossier.make_serial()
    with dossier.edit("identification") as ident:
        del ident["components"][1]
    with dossier.edit("justification") as j:
        j["attributes"][0]["components"] = ["001"]
    assert _found(dossier, "serial.too-few-components") == [
        (
            *dossier.line("identification", r"^- id: '?001"),  # the list's first line
            "the property is serial (property.serial: true) but has 1 component part(s); a "
            "serial property has at least two",
        )
    ]


@pytest.mark.accepts("serial.component-map-missing")
def test_a_component_map_shows_its_component(dossier: Dossier) -> None:
    dossier.make_serial()
    with dossier.edit("identification") as ident:
        del ident["components"][1]["maps"]
        ident["maps"].append(
            {"id": "map-3", "title": "South fort", "kind": "component", "component": "002"}
        )
    assert dossier.findings("serial.component-map-missing") == []


@pytest.mark.reports("serial.component-map-missing")
def test_a_map_of_another_kind_does_not_show_a_component(dossier: Dossier) -> None:
    dossier.make_serial()
    with dossier.edit("identification") as ident:
        del ident["components"][1]["maps"]
        ident["maps"].append(
            {"id": "map-3", "title": "South fort", "kind": "thematic", "component": "002"}
        )
    assert _found(dossier, "serial.component-map-missing") == [
        (
            *dossier.line("identification", r"^- id: '?002"),
            "component 002 appears on no map of section 1.e",
        )
    ]


@pytest.mark.accepts("maps.topographic-missing")
def test_a_topographic_map_shows_the_whole_property(dossier: Dossier) -> None:
    with dossier.edit("identification") as ident:
        ident["maps"][0]["kind"] = "topographic"
    assert dossier.findings("maps.topographic-missing") == []


@pytest.mark.reports("maps.topographic-missing", "maps.location-missing")
def test_without_maps_the_map_rules_report_at_the_identification_part(dossier: Dossier) -> None:
    with dossier.edit("identification") as ident:
        del ident["maps"]
    with dossier.edit("executive_summary") as summary:
        summary.pop("maps", None)
    for rule in ("maps.topographic-missing", "maps.location-missing"):
        assert [(f, line) for f, line, _ in _found(dossier, rule)] == [
            (dossier.part("identification"), 1)
        ], rule


@pytest.mark.reports("maps.metadata-incomplete")
def test_a_supplied_map_is_told_which_metadata_it_lacks(dossier: Dossier) -> None:
    with dossier.edit("identification") as ident:
        ident["maps"][0].update({"file": "media/photo-1.png", "date": "2024", "datum": "WGS 84"})
    assert [m for *_, m in _found(dossier, "maps.metadata-incomplete")] == [
        "supplied map map-1 does not state its scale, projection"
    ]


@pytest.mark.reports("maps.legal-protection")
def test_the_legal_protection_check_names_the_maps_and_layers_marked_for_it(
    dossier: Dossier,
) -> None:
    with dossier.edit("identification") as ident:
        ident["maps"][1]["kind"] = "legal-protection"
    assert [m for *_, m in _found(dossier, "maps.legal-protection")] == [
        "check that map-2 shows every zone of special legal protection"
    ]


@pytest.mark.reports("maps.metadata-incomplete")
def test_a_drawn_map_before_a_supplied_one_does_not_hide_it(dossier: Dossier) -> None:
    with dossier.edit("identification") as ident:
        ident["maps"][1].update({"file": "media/photo-1.png", "scale": "1:50,000"})
    assert _found(dossier, "maps.metadata-incomplete") == [
        (
            *dossier.line("identification", r"^- id: map-2"),
            "supplied map map-2 does not state its date, projection, datum",
        )
    ]


def _layer(d: Dossier, layer_id: str, kind: str) -> None:
    zone = {
        "type": "Feature",
        "properties": {"id": layer_id},
        "geometry": {"type": "Point", "coordinates": [2.005, 45.005]},
    }
    d.write(
        f"geo/{layer_id}.geojson", json.dumps({"type": "FeatureCollection", "features": [zone]})
    )
    with d.edit("identification") as ident:
        ident["boundaries"].setdefault("layers", []).append(
            {
                "id": layer_id,
                "title": f"The {layer_id}",
                "file": f"geo/{layer_id}.geojson",
                "kind": kind,
            }
        )


@pytest.mark.reports("maps.legal-protection")
def test_the_legal_protection_check_names_the_layers_marked_for_it(dossier: Dossier) -> None:
    _layer(dossier, "finds", "attributes")
    _layer(dossier, "protected-zone", "legal-protection")
    with dossier.edit("identification") as ident:
        ident["maps"][1]["kind"] = "legal-protection"
    assert [m for *_, m in _found(dossier, "maps.legal-protection")] == [
        "check that map-2, protected-zone shows every zone of special legal protection"
    ]
