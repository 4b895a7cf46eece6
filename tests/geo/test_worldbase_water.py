"""Whether a map shows water (worldbase._water_visible): the union of the land decides."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import box

from dossier.geo import worldbase

FRAME = box(50.0, 40.0, 60.0, 48.0)


def by_union(parts: list[shapely.Geometry]) -> bool:
    """The answer the map gave before it looked for open water first."""
    return not shapely.unary_union(parts).buffer(1e-6).contains(FRAME)


CASES = {
    # Two countries covering the frame, sharing a border: no water.
    "all land": [box(49.0, 39.0, 55.0, 49.0), box(55.0, 39.0, 61.0, 49.0)],
    # A sea in the frame.
    "coast": [box(49.0, 39.0, 55.0, 49.0)],
    # A strait 0.0005 degree wide: water, but no point of the grid is far from land.
    "narrow strait": [box(49.0, 39.0, 55.0, 49.0), box(55.0005, 39.0, 61.0, 49.0)],
    # A gap narrower than the 1e-6 the land is grown by: closed, no water.
    "closed gap": [box(49.0, 39.0, 55.0, 49.0), box(55.0000005, 39.0, 61.0, 49.0)],
    # A lake-sized hole in the land, away from the grid's points.
    "hole": [box(49.0, 39.0, 61.0, 49.0).difference(box(55.01, 44.01, 55.02, 44.02))],
    # Only a sliver of land.
    "island": [box(59.9, 47.9, 60.5, 48.5)],
}


@pytest.mark.parametrize("name", CASES)
def test_water_is_shown_exactly_when_the_land_does_not_cover_the_frame(name: str) -> None:
    parts = CASES[name]
    assert worldbase._water_visible(parts, FRAME) == by_union(parts)


def test_open_water_is_found_only_far_from_every_country() -> None:
    assert worldbase._open_water(CASES["coast"], FRAME)
    assert worldbase._open_water(CASES["island"], FRAME)
    for name in ("all land", "narrow strait", "closed gap", "hole"):
        assert not worldbase._open_water(CASES[name], FRAME), name
    assert worldbase._water_visible([], FRAME)
