"""The illustrative Ustyurt boundaries shipped with the worked example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from geo_helpers import run

from dossier.geo import context

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ustyurt"

IDENTIFICATION = """\
identification:
  centre: {lat: "43°11′16″ N", lon: "54°38′40″ E"}
  boundaries:
    property: geo/property.geojson
    buffer_zone: geo/buffer-zone.geojson
    illustrative: true
    layers:
      - {id: kites, title: Kite clusters, file: geo/kites.geojson, kind: attributes}
      - {id: caravanserais, title: Caravanserais, file: geo/caravanserais.geojson, kind: other}
  areas: {property_ha: 237701, buffer_zone_ha: 132723, total_ha: 370424}
  components:
    - {id: "001", name: Western Chink and the Ustyurt State Nature Reserve, region: Karakiya,
       area_ha: 223301, buffer_area_ha: 104847,
       centre: {lat: "43°13′44″ N", lon: "54°39′14″ E"}}
    - {id: "002", name: Kokesem kite cluster, region: Karakiya, area_ha: 4800,
       buffer_area_ha: 10512, centre: {lat: "42°39′36″ N", lon: "54°12′36″ E"}}
    - {id: "003", name: South-western Ustyurt kite field, region: Karakiya, area_ha: 9600,
       buffer_area_ha: 17364, centre: {lat: "42°29′42″ N", lon: "54°38′24″ E"}}
"""


def test_files_are_small_and_say_they_are_illustrative() -> None:
    files = sorted((EXAMPLE / "geo").glob("*.geojson"))
    assert {f.name for f in files} >= {"property.geojson", "buffer-zone.geojson", "kites.geojson"}
    for f in files:
        assert f.stat().st_size < 200_000
        assert "ILLUSTRATIVE" in json.loads(f.read_text(encoding="utf-8"))["description"]


def test_example_is_consistent_with_its_stated_figures() -> None:
    r = run(EXAMPLE, IDENTIFICATION)
    assert r.diags == []
    s = r.summary
    assert s is not None and s.illustrative
    areas = {m.id: round(m.area_ha) for m in s.components}
    assert areas == {"001": 223301, "002": 4800, "003": 9600}
    # The reserve's published centre, 43°13′44″ N 54°39′14″ E, is the computed one.
    assert (s.components[0].lat_dms, s.components[0].lon_dms) == ("43°13′44″ N", "54°39′14″ E")
    assert s.buffer_zone_ha == pytest.approx(132723, abs=1)


def test_example_lies_in_kazakhstan() -> None:
    r = run(EXAMPLE, IDENTIFICATION)
    assert r.summary is not None
    kz_country = context.country("KZ")
    assert kz_country is not None
    kz = kz_country.geometry
    assert kz.contains(r.summary.property_geometry)
    assert r.summary.buffer_geometry is not None and kz.contains(r.summary.buffer_geometry)
