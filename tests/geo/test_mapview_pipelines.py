"""Map projections built from their PROJ pipelines (mapview.pipelines) are from_crs's own."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from pyproj import Transformer

from dossier.geo import mapview

# UTM zones north and south (first, last, around the prime meridian, the example's);
# equal-area centres over the globe (laea_for rounds them to whole degrees), poles and
# the antimeridian included.
ZONES = (1, 2, 13, 30, 31, 40, 59, 60)
PROJECTIONS = [mapview.utm_for(-183.0 + 6 * z, lat).proj for z in ZONES for lat in (1, -1)]
PROJECTIONS += [
    f"+proj=laea +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"
    for lat, lon in itertools.product((-90, -17, 0, 44, 90), (-180, 0, 59, 180))
]


def test_the_example_projections_are_built_from_pipelines() -> None:
    assert {p.split()[1] for p in PROJECTIONS[:16]} == {f"+zone={z}" for z in ZONES}
    assert mapview.pipelines(mapview.utm_for(55.5, 43.5).proj) is not None
    assert mapview.pipelines(mapview.laea_for(58.7, 43.9, "").proj) is not None
    assert mapview.pipelines("+proj=merc +datum=WGS84 +units=m +no_defs") is None
    assert mapview.pipelines("EPSG:32640") is None


@pytest.mark.parametrize("proj", PROJECTIONS)
def test_a_pipeline_is_what_from_crs_resolves_to_and_computes_the_same(proj: str) -> None:
    known = mapview.pipelines(proj)
    assert known is not None, proj
    fwd = Transformer.from_crs("EPSG:4326", proj, always_xy=True)
    inv = Transformer.from_crs(proj, "EPSG:4326", always_xy=True)
    ours = [Transformer.from_pipeline(p) for p in known]
    assert [t.definition for t in ours] == [fwd.definition, inv.definition]
    rng = np.random.default_rng(7)
    lons, lats = rng.uniform(-180, 180, 200), rng.uniform(-89.9, 89.9, 200)
    want = fwd.transform(lons, lats)
    got = ours[0].transform(lons, lats)
    assert np.array_equal(want[0], got[0], equal_nan=True)
    assert np.array_equal(want[1], got[1], equal_nan=True)
    xs, ys = want[0][np.isfinite(want[0])], want[1][np.isfinite(want[0])]
    back, ours_back = inv.transform(xs, ys), ours[1].transform(xs, ys)
    assert np.array_equal(back[0], ours_back[0], equal_nan=True)
    assert np.array_equal(back[1], ours_back[1], equal_nan=True)
