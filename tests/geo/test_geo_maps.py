"""SVG maps: every required element, fonts on every text, determinism, PNG conversion."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from geo_helpers import run
from test_geo_example import EXAMPLE, IDENTIFICATION

from dossier.geo.maps import draw_map, location_map, property_map, utm_for
from dossier.geo.measure import GeoSummary

NS = "{http://www.w3.org/2000/svg}"
KZ = [("KZ", "Kazakhstan")]


@pytest.fixture(scope="module")
def summary() -> GeoSummary:
    s = run(EXAMPLE, IDENTIFICATION).summary
    assert s is not None
    return replace(s, property=replace(s.property, name="Ustyurt (illustrative example)"))


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def assert_fonts(svg: str) -> None:
    root = ET.fromstring(svg)
    elements = list(root.iter(f"{NS}text"))
    assert elements
    for t in elements:
        family = t.get("font-family") or ""
        assert (
            family.startswith("'Dossier Sans'")
            and "Dossier Fallback Sans" in family
            and "sans-serif" in family
        )


def test_property_map_has_every_required_element(summary: GeoSummary) -> None:
    svg = property_map(summary, date="2025-09-24", states_parties=KZ).svg
    words = texts(svg)
    joined = "\n".join(words)
    assert_fonts(svg)
    assert "Ustyurt (illustrative example)" in words  # the map's title: the property
    assert "Kazakhstan – Nominated property and buffer zone" in words
    assert "Date: 2025-09-24" in joined
    assert {"001", "002", "003"} <= set(words)  # component ids
    assert "Buffer zone" in words and "Kite clusters" in words and "Caravanserais" in words
    assert "Legend" in words and "Scale" in words and "N" in words  # legend, scale, north arrow
    assert any(w.endswith(" km") for w in words)
    assert "Projection: UTM zone 40N (EPSG:32640)" in joined
    assert "Datum: WGS 84" in joined
    assert "Illustrative boundaries" in joined and "ILLUSTRATIVE BOUNDARIES" in joined
    assert "State Party: Kazakhstan" in words and "KAZAKHSTAN" in words
    # Graticule labels in degrees and minutes on opposite sides: >= 2 per axis on each side.
    lat_labels = [w for w in words if re.fullmatch(r"\d+°\d\d' N", w)]
    lon_labels = [w for w in words if re.fullmatch(r"\d+°\d\d' E", w)]
    assert len(lat_labels) >= 4 and len(lon_labels) >= 4
    assert 'clip-path="url(#' in svg and "<svg" in svg and 'width="250mm"' in svg


def test_component_map_and_plain_boundaries(summary: GeoSummary) -> None:
    plain = replace(summary, illustrative=False)
    svg = property_map(plain, date="2025-09-24", component="002").svg
    words = texts(svg)
    assert_fonts(svg)
    assert "002" in words
    assert not any("Illustrative boundaries" in w or "ILLUSTRATIVE" in w for w in words)
    # Zoomed in: a finer graticule than the whole-property map.
    assert any(re.fullmatch(r"42°\d\d' N", w) and not w.endswith("00' N") for w in words)


def test_location_map(summary: GeoSummary) -> None:
    svg = location_map(summary, date="2025-09-24", states_parties=KZ).svg
    words = texts(svg)
    joined = "\n".join(words)
    assert_fonts(svg)
    assert "KAZAKHSTAN" in words and "Ustyurt (illustrative example)" in words
    assert "State Party: Kazakhstan" in words
    assert "Lambert azimuthal equal-area" in joined and "Datum: WGS 84" in joined
    assert "Natural Earth" in joined and "Scale" in words and "N" in words
    # neighbours, seas and the capital are named
    assert {"UZBEKISTAN", "TURKMENISTAN", "RUSSIA"} <= set(words)
    assert {"Caspian Sea", "Aral Sea", "Astana"} <= set(words)


def test_maps_are_deterministic_and_ids_distinct(summary: GeoSummary) -> None:
    one = property_map(summary, date="2025-09-24").svg
    assert one == property_map(summary, date="2025-09-24").svg
    other = property_map(summary, date="2025-09-24", component="001").svg
    ids = set(re.findall(r'id="([^"]+)"', one))
    assert ids and ids.isdisjoint(re.findall(r'id="([^"]+)"', other))
    assert location_map(summary, date="d").svg == location_map(summary, date="d").svg


def test_text_is_escaped(summary: GeoSummary) -> None:
    svg = property_map(summary, property_name="A <b> & 'c'", date="2025").svg
    assert "A <b> & 'c'" in texts(svg)


def test_utm_zone_choice() -> None:
    assert utm_for(54.6, 43.2).label == "UTM zone 40N (EPSG:32640)"
    assert utm_for(-70.6, -33.4).label == "UTM zone 19S (EPSG:32719)"


def test_draw_map_dispatches_on_kind(summary: GeoSummary) -> None:
    spec = {"id": "map-002", "title": "Component 002", "kind": "component", "component": "002"}
    drawn = draw_map(summary, spec, date="2025-09-24", title_suffix="nomination")
    assert drawn.svg == property_map(
        summary, date="2025-09-24", component="002",
        id_prefix=re.findall(r'clipPath id="([^"]+)-frame"', drawn.svg)[0],
    ).svg  # fmt: skip
    assert (drawn.sheet.width_mm, drawn.sheet.height_mm, drawn.sheet.page) == (
        250.0,
        150.0,
        "a4-landscape",
    )
    location = draw_map(summary, {"id": "m0", "title": "Where", "kind": "location"}, date="d")
    assert "KAZAKHSTAN" in texts(location.svg)  # found from the components' positions
    overview = draw_map(summary, {"id": "m1", "title": "All", "kind": "overview"}, date="d")
    assert {"001", "002", "003"} <= set(texts(overview.svg))


def test_map_title_does_not_repeat_the_caption(summary: GeoSummary) -> None:
    spec = {"id": "m1", "title": "The property and its three components", "kind": "overview"}
    words = texts(draw_map(summary, spec, date="d", property_name="Ustyurt").svg)
    assert spec["title"] not in words and words.count("Ustyurt") == 1


def test_french_map_furniture(summary: GeoSummary) -> None:
    spec = {"id": "m1", "title": "Le bien", "kind": "overview"}
    words = "\n".join(texts(draw_map(summary, spec, date="2025-09-24", lang="fr").svg))
    for expected in (
        "Légende",
        "Échelle",
        "Zone tampon",
        "LIMITES INDICATIVES",
        "Système géodésique",
    ):
        assert expected in words
    loc = "\n".join(
        texts(
            draw_map(
                summary,
                {"id": "m0", "title": "Où", "kind": "location"},
                date="d",
                lang="fr",
                states_parties=[("KZ", "Kazakhstan")],
            ).svg
        )
    )
    assert "État partie : Kazakhstan" in loc and "Lambert" in loc and "domaine public" in loc
