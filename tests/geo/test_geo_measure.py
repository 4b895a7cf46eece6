"""Areas against closed-form ellipsoid values; central points; DMS formatting and parsing."""

from __future__ import annotations

import math

import pytest

from dossier.geo.measure import (
    area_ha,
    central_point,
    format_dm,
    format_dms,
    measure,
    parse_dms,
    to_shape,
)

# WGS 84
A = 6_378_137.0
F = 1 / 298.257223563
E2 = F * (2 - F)
E = math.sqrt(E2)
B = A * (1 - F)


def _q(lat_deg: float) -> float:
    s = math.sin(math.radians(lat_deg))
    return s / (1 - E2 * s * s) + math.log((1 + E * s) / (1 - E * s)) / (2 * E)


def cell_ha(lat1: float, lat2: float, dlon: float) -> float:
    """Exact area of a latitude/longitude cell on the ellipsoid (authalic closed form)."""
    return B * B * math.radians(dlon) / 2 * (_q(lat2) - _q(lat1)) / 10_000


def cell_polygon(lon: float, lat: float, d: float, n: int = 200) -> dict[str, object]:
    """The cell with its parallels densified: a geodesic edge would bulge poleward."""
    south = [[lon + d * i / n, lat] for i in range(n + 1)]
    north = [[lon + d - d * i / n, lat + d] for i in range(n + 1)]
    return {"type": "Polygon", "coordinates": [[*south, *north, [lon, lat]]]}


def test_reference_formula_matches_known_figures() -> None:
    # Whole ellipsoid: 510,065,621.7 km² (WGS 84 published value) validates the formula.
    assert cell_ha(-90, 90, 360) / 100 == pytest.approx(510_065_621.7, rel=1e-9)
    # So a 1°x1° cell is 1,230,846.4 ha at the equator and 868,649.5 ha at 45-46° N.
    assert cell_ha(0, 1, 1) == pytest.approx(1_230_846.4, abs=0.1)
    assert cell_ha(45, 46, 1) == pytest.approx(868_649.5, abs=0.1)
    # Rough cross-check: equatorial degree (111,319.5 m) x meridian degree (110,574.4 m).
    assert cell_ha(0, 1, 1) == pytest.approx(111_319.5 * 110_574.4 / 1e4, rel=1e-4)


@pytest.mark.parametrize("lat", [0.0, 45.0, -60.0])
def test_one_degree_cell_area_within_0_01_percent(lat: float) -> None:
    expected = cell_ha(lat, lat + 1, 1)
    got = area_ha(to_shape(cell_polygon(10.0, lat, 1.0)))
    assert got == pytest.approx(expected, rel=1e-4)


def test_orientation_and_holes() -> None:
    ring = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    ccw = area_ha(to_shape({"type": "Polygon", "coordinates": [ring]}))
    cw = area_ha(to_shape({"type": "Polygon", "coordinates": [ring[::-1]]}))
    assert ccw == pytest.approx(cw) and ccw > 0
    hole = [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75], [0.25, 0.25]]
    small = area_ha(to_shape({"type": "Polygon", "coordinates": [hole]}))
    for h in (hole, hole[::-1]):  # a hole counts negative whatever its winding
        holed = area_ha(to_shape({"type": "Polygon", "coordinates": [ring, h]}))
        assert holed == pytest.approx(ccw - small, rel=1e-9)


def test_realistic_polygon_near_almaty() -> None:
    # Measured independently (toolchain notes §6): 721,728.66 m²; LAEA gives the same.
    geom = to_shape(
        {
            "type": "Polygon",
            "coordinates": [
                [[76.9, 43.25], [76.91, 43.25], [76.91, 43.258], [76.9, 43.258], [76.9, 43.25]]
            ],
        }
    )
    assert area_ha(geom) == pytest.approx(72.172866, rel=1e-6)
    import shapely
    from pyproj import Transformer

    laea = Transformer.from_crs(
        "EPSG:4326", "+proj=laea +lat_0=43.254 +lon_0=76.905", always_xy=True
    )
    flat = shapely.transform(geom, lambda x, y: laea.transform(x, y), interleaved=False)
    assert flat.area / 10_000 == pytest.approx(area_ha(geom), rel=1e-6)


def test_central_point_is_centroid_or_inside() -> None:
    from shapely.geometry import Point

    box = to_shape(
        {"type": "Polygon", "coordinates": [[[54, 43], [55, 43], [55, 44], [54, 44], [54, 43]]]}
    )
    lon, lat = central_point(box)
    assert lon == pytest.approx(54.5, abs=1e-6)
    assert 43.49 < lat < 43.5  # the cell is wider in the south: its centroid lies south
    # A "C" whose centroid falls in the gap.
    c_shape = to_shape(
        {
            "type": "Polygon",
            "coordinates": [
                [[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]]
            ],
        }
    )
    assert not c_shape.contains(c_shape.centroid)
    lon, lat = central_point(c_shape)
    assert c_shape.contains(Point(lon, lat))


def test_measure_result() -> None:
    geom = to_shape(
        {"type": "Polygon", "coordinates": [[[54, 43], [55, 43], [55, 44], [54, 44], [54, 43]]]}
    )
    m = measure("001", "Test", geom, 12.5)
    assert (m.id, m.name, m.buffer_area_ha) == ("001", "Test", 12.5)
    assert m.lat_dms.endswith(" N") and m.lon_dms == "54°30′00″ E"
    assert m.area_ha == pytest.approx(cell_ha(43, 44, 1), rel=1e-3)


@pytest.mark.parametrize(
    ("value", "axis", "text"),
    [
        (43 + 13 / 60 + 44 / 3600, "lat", "43°13′44″ N"),
        (54 + 39 / 60 + 14 / 3600, "lon", "54°39′14″ E"),
        (43 + 59 / 60 + 59.9999 / 3600, "lat", "44°00′00″ N"),  # carries twice
        (12 + 4 / 60 + 59.6 / 3600, "lon", "12°05′00″ E"),
        (12 + 4 / 60 + 59.4 / 3600, "lon", "12°04′59″ E"),
        (-(33 + 51 / 60 + 54.5 / 3600), "lat", "33°51′55″ S"),
        (-(0.5 / 3600) * 0.99, "lon", "0°00′00″ E"),  # rounds to zero: no "W"
        (-70.25, "lon", "70°15′00″ W"),
        (180.0, "lon", "180°00′00″ E"),
    ],
)
def test_format_dms(value: float, axis: str, text: str) -> None:
    assert format_dms(value, axis) == text  # type: ignore[arg-type]


def test_format_dm() -> None:
    assert format_dm(43.5, "lat") == "43°30′ N"
    assert format_dm(54 + 59.7 / 60, "lon") == "55°00′ E"


@pytest.mark.parametrize(
    ("text", "axis", "expected"),
    [
        ("43°13′44″ N", "lat", 43 + 13 / 60 + 44 / 3600),
        ("43° 13' 44\" N", "lat", 43 + 13 / 60 + 44 / 3600),
        ("43°13’44” N", "lat", 43 + 13 / 60 + 44 / 3600),
        ("43°13'44''N", "lat", 43 + 13 / 60 + 44 / 3600),
        ("N 43°13′44″", "lat", 43 + 13 / 60 + 44 / 3600),
        ("43 13 44 N", "lat", 43 + 13 / 60 + 44 / 3600),
        ("43°13.5′ N", "lat", 43.225),
        ("43°13′44.5″N", "lat", 43 + 13 / 60 + 44.5 / 3600),
        ("33°51′54″ S", "lat", -(33 + 51 / 60 + 54 / 3600)),
        ("54°39′14″ W", "lon", -(54 + 39 / 60 + 14 / 3600)),
        ("43.229", "lat", 43.229),
        ("−12.5", "lon", -12.5),
        ("54°", "lon", 54.0),
        (43.229, "lat", 43.229),
        (-120, "lon", -120.0),
    ],
)
def test_parse_dms(text: object, axis: str, expected: float) -> None:
    assert parse_dms(text, axis) == pytest.approx(expected, abs=1e-12)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "axis", "reason"),
    [
        ("43°61′ N", "lat", "less than 60"),
        ("43°13′60″ N", "lat", "less than 60"),
        ("54°39′14″ E", "lat", "swapped"),
        ("43°13′44″ N", "lon", "swapped"),
        ("95° N", "lat", "between"),
        ("181", "lon", "between"),
        ("-43°13′ N", "lat", "both a sign"),
        ("43.5°13′", "lat", "decimals"),
        ("43°44″", "lat", "not a latitude"),
        ("forty-three", "lat", "not a latitude"),
        ("", "lat", "not a latitude"),
        (True, "lat", "must be text"),
        (None, "lon", "must be text"),
        (float("nan"), "lat", "between"),
    ],
)
def test_parse_dms_refuses(text: object, axis: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_dms(text, axis)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [0.0, 43.2288, -54.654, 89.99999, 179.999999, 12.0749999])
def test_format_parse_round_trip(value: float) -> None:
    axis = "lat" if abs(value) <= 90 else "lon"
    back = parse_dms(format_dms(value, axis), axis)  # type: ignore[arg-type]
    assert abs(back - value) <= 0.5 / 3600 + 1e-12
