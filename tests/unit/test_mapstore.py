"""Drawn maps kept between builds (assemble.mapstore): used only while every input is the same."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest
from shapely import affinity

from dossier.assemble import maps as assemble_maps
from dossier.assemble import mapstore
from dossier.assemble.document import build_document
from dossier.core import cache
from dossier.geo import context, maps
from dossier.geo.analysis import geo_summary
from dossier.geo.measure import GeoSummary, Layer
from dossier.load import sources

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ustyurt"
OPTIONS: dict[str, Any] = dict(
    title_suffix="nomination",
    date="2025-09-24",
    property_name="Ustyurt",
    short_name="Ustyurt",
    states_parties=[("KZ", "Kazakhstan")],
    sheet=None,
    lang="en",
)
SPEC = {"id": "map-overview", "title": "Overview", "kind": "overview"}


@pytest.fixture(scope="module")
def geo() -> GeoSummary:
    summary, _ = geo_summary(sources.load(EXAMPLE))
    assert summary is not None
    return summary


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the id of every map actually drawn."""
    drawn: list[str] = []
    original = maps.draw_map

    def draw_map(geo: Any, spec: Any, **options: Any) -> maps.DrawnMap:
        drawn.append(str(spec.get("id")))
        return original(geo, spec, **options)

    monkeypatch.setattr(maps, "draw_map", draw_map)
    return drawn


def test_a_second_build_takes_its_maps_from_the_cache_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = counting(monkeypatch)
    results: list[list[maps.DrawnMap]] = []
    original = assemble_maps.draw

    def draw(a: Any, spec: Any, index: int) -> Any:
        found = original(a, spec, index)
        results[-1].append(found)
        return found

    monkeypatch.setattr(assemble_maps, "draw", draw)
    for _ in range(2):
        results.append([])
        build_document(sources.load(EXAMPLE), "nomination", "en")
    first, second = results
    assert len(drawn) == len(first) == 5  # the first build draws the five maps, the second none
    assert second == first  # SVG, sheet, dropped labels: the same


def test_an_entry_is_used_only_while_every_input_is_the_same(geo: GeoSummary) -> None:
    key = mapstore.key(geo, SPEC, OPTIONS)
    assert key is not None and mapstore.key(geo, dict(SPEC), dict(OPTIONS)) == key
    moved = dataclasses.replace(
        geo, property_geometry=affinity.translate(geo.property_geometry, 1e-6, 0)
    )
    changed = [
        mapstore.key(moved, SPEC, OPTIONS),
        mapstore.key(geo, {**SPEC, "title": "Overview map"}, OPTIONS),
        mapstore.key(geo, {**SPEC, "sheet": "a3"}, OPTIONS),
        mapstore.key(geo, SPEC, {**OPTIONS, "lang": "fr"}),
        mapstore.key(geo, SPEC, {**OPTIONS, "date": "2025-09-25"}),
        mapstore.key(geo, SPEC, {**OPTIONS, "states_parties": [("KZ", "Qazaqstan")]}),
        mapstore.key(geo, SPEC, {**OPTIONS, "title_suffix": "preliminary-assessment"}),
    ]
    assert len({key, *changed}) == len(changed) + 1


def test_the_fonts_world_data_and_proj_data_are_part_of_the_key(
    geo: GeoSummary, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from dossier.core import resources

    mapstore.environment.cache_clear()
    key = mapstore.key(geo, SPEC, OPTIONS)
    shutil.copytree(resources.templates_dir() / "fonts", tmp_path / "fonts")
    bold = tmp_path / "fonts" / "PTSans-Bold.ttf"
    bold.write_bytes(bold.read_bytes() + b"\0")
    with monkeypatch.context() as patch:
        patch.setattr(resources, "templates_dir", lambda: tmp_path)
        mapstore.environment.cache_clear()
        other_font = mapstore.key(geo, SPEC, OPTIONS)
    with monkeypatch.context() as patch:
        patch.setenv("PROJ_DATA", str(tmp_path))
        mapstore.environment.cache_clear()
        other_proj = mapstore.key(geo, SPEC, OPTIONS)
    mapstore.environment.cache_clear()
    assert mapstore.key(geo, SPEC, OPTIONS) == key
    assert len({key, other_font, other_proj}) == 3
    # Every world layer's pack is read into the digest.
    assert set(mapstore.WORLD_LAYERS) == set(context.LAYERS)


def test_a_changed_entry_redraws_and_a_damaged_one_is_a_miss(
    geo: GeoSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = counting(monkeypatch)
    made = maps.draw_map(geo, SPEC, **OPTIONS)
    key = mapstore.key(geo, SPEC, OPTIONS)
    assert key is not None and mapstore.load(key) is None
    mapstore.store(key, made)
    assert mapstore.load(key) == made
    retitled = {**SPEC, "title": "Overview of the components"}
    assert mapstore.key(geo, retitled, OPTIONS) != key
    for bad in ({"svg": 3, "sheet": "a4-landscape", "warnings": [], "problems": []}, [1], None):
        cache.store_json(mapstore.KIND, key, bad)
        assert mapstore.load(key) is None
    cache.store_json(
        mapstore.KIND, key, {"svg": "<svg/>", "sheet": "b5", "warnings": [], "problems": []}
    )
    assert mapstore.load(key) is None  # a sheet no map is drawn on
    assert drawn == ["map-overview"]


def test_a_map_reading_layer_files_is_not_kept(geo: GeoSummary, tmp_path: Path) -> None:
    relief = Layer(
        id="relief", title="Relief", kind="base", features=(), fmt="tiff", path=tmp_path / "r.tif"
    )
    with_file = dataclasses.replace(geo, layers=(*geo.layers, relief))
    assert mapstore.key(with_file, SPEC, OPTIONS) is None


def test_an_entry_whose_keys_cannot_be_sorted_is_drawn_without_the_cache(geo: GeoSummary) -> None:
    odd = {**SPEC, 1: "a YAML key that is a number"}
    assert mapstore.key(geo, odd, OPTIONS) is None
