"""Degrees, minutes and seconds, lengths, distances and central points: exact values at
the boundaries where a slip changes what the documents print."""

from __future__ import annotations

import pytest
from shapely.geometry import (
    GeometryCollection,
    LinearRing,
    LineString,
    MultiPolygon,
    Point,
    Polygon,
)

from dossier.geo.measure import (
    area_ha,
    central_point,
    distance_to_m,
    format_dm,
    format_dms,
    length_m,
    measure,
    parse_dms,
    polygons,
)


@pytest.mark.parametrize(
    ("value", "axis", "text"),
    [
        (0.0, "lat", "0°00′00″ N"),
        (0.0, "lon", "0°00′00″ E"),
        (-0.0001, "lat", "0°00′00″ N"),  # rounds to zero: no "S" for nothing
        (-0.0002, "lon", "0°00′01″ W"),
        (0.5, "lat", "0°30′00″ N"),
        (-43.2289, "lat", "43°13′44″ S"),
        (-54.6539, "lon", "54°39′14″ W"),
        (43.99999, "lat", "44°00′00″ N"),  # 59.96″ carries into minutes and degrees
        (1.0, "lon", "1°00′00″ E"),
    ],
)
def test_format_dms(value: float, axis: str, text: str) -> None:
    assert format_dms(value, axis) == text  # type: ignore[arg-type]


def test_format_dms_with_decimals() -> None:
    assert format_dms(43.2289, "lat", 2) == "43°13′44.04″ N"
    assert format_dms(-0.00001, "lon", 2) == "0°00′00.04″ W"


@pytest.mark.parametrize(
    ("value", "axis", "text"),
    [
        (0.0, "lat", "0°00′ N"),
        (0.0, "lon", "0°00′ E"),
        (-0.004, "lat", "0°00′ N"),
        (-0.01, "lat", "0°01′ S"),
        (-1.5, "lat", "1°30′ S"),
        (-2.25, "lon", "2°15′ W"),
        (2.25, "lon", "2°15′ E"),
        (45.999, "lat", "46°00′ N"),
        (0.5, "lat", "0°30′ N"),
        (1.0, "lat", "1°00′ N"),
    ],
)
def test_format_dm(value: float, axis: str, text: str) -> None:
    assert format_dm(value, axis) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "axis", "value"),
    [
        ("43°13′44″ N", "lat", 43 + 13 / 60 + 44 / 3600),
        ("43 13 44 s", "lat", -(43 + 13 / 60 + 44 / 3600)),
        ("N 43°13'44\"", "lat", 43 + 13 / 60 + 44 / 3600),
        ("S43", "lat", -43.0),
        ("43N", "lat", 43.0),
        ("5N", "lat", 5.0),
        ("N5", "lat", 5.0),
        ("5S", "lat", -5.0),
        ("w 54", "lon", -54.0),
        ("54.5 E", "lon", 54.5),
        ("+43.5", "lat", 43.5),
        ("-43.5", "lat", -43.5),
        ("−1.25", "lon", -1.25),
        ("43°30.5′", "lat", 43 + 30.5 / 60),
        ("90", "lat", 90.0),
        ("-180", "lon", -180.0),
        ("7", "lon", 7.0),
        (12, "lat", 12.0),
        (-1.5, "lon", -1.5),
    ],
)
def test_parse_dms(text: object, axis: str, value: float) -> None:
    assert parse_dms(text, axis) == pytest.approx(value, abs=1e-12)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "axis", "message"),
    [
        ("54°39′14″ E", "lat", "the latitude ends in E; a latitude takes N or S (latitude and longitude may be swapped)"),
        ("43°13′44″ S", "lon", "the longitude ends in S; a longitude takes E or W (latitude and longitude may be swapped)"),
        ("N54", "lon", "the longitude ends in N; a longitude takes E or W (latitude and longitude may be swapped)"),
        ("-43.5 N", "lat", "the latitude has both a sign and a hemisphere letter"),
        ("N", "lat", "'N' is not a latitude in degrees, minutes and seconds (e.g. 43°13′44″ N) or decimal degrees"),
        ("North 43", "lat", "'North 43' is not a latitude in degrees, minutes and seconds (e.g. 43°13′44″ N) or decimal degrees"),
        ("SN", "lat", "'SN' is not a latitude in degrees, minutes and seconds (e.g. 43°13′44″ N) or decimal degrees"),
        ("X5", "lat", "'X5' is not a latitude in degrees, minutes and seconds (e.g. 43°13′44″ N) or decimal degrees"),
        ("43 x", "lat", "'43 x' is not a latitude in degrees, minutes and seconds (e.g. 43°13′44″ N) or decimal degrees"),
        ("east", "lon", "'east' is not a longitude in degrees, minutes and seconds (e.g. 54°39′14″ E) or decimal degrees"),
        ("", "lon", "'' is not a longitude in degrees, minutes and seconds (e.g. 54°39′14″ E) or decimal degrees"),
        ("43.5°13′", "lat", "'43.5°13′': only the last of degrees, minutes, seconds may have decimals"),
        ("43°13.5′20″", "lat", "'43°13.5′20″': only the last of degrees, minutes, seconds may have decimals"),
        ("43°60′", "lat", "'43°60′': minutes and seconds must be less than 60"),
        ("43°59′60″", "lat", "'43°59′60″': minutes and seconds must be less than 60"),
        ("90.0001", "lat", "a latitude must lie between -90° and 90°"),
        ("-180.5", "lon", "a longitude must lie between -180° and 180°"),
        (True, "lat", "the latitude must be text such as 43°13′44″ N, or a number"),
        (None, "lon", "the longitude must be text such as 43°13′44″ N, or a number"),
        (float("nan"), "lat", "a latitude must lie between -90° and 90°"),
    ],
)  # fmt: skip
def test_parse_dms_refusals(text: object, axis: str, message: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_dms(text, axis)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_parse_dms_accepts_decimals_in_the_last_field_only() -> None:
    assert parse_dms("43°13′44.5″ N", "lat") == pytest.approx(43 + 13 / 60 + 44.5 / 3600)
    assert parse_dms("43°59′59.9″", "lat") == pytest.approx(43 + 59 / 60 + 59.9 / 3600)


# ----------------------------------------------------------------- lengths, distances

SQUARE = Polygon([(2.0, 45.0), (2.01, 45.0), (2.01, 45.01), (2.0, 45.01)])
SIDE_S = 788.2  # about 0.01° of longitude at 45° N, in metres
SIDE_N = 1111.5  # 0.01° of latitude


def test_length_of_lines_rings_and_polygon_outlines() -> None:
    line = LineString([(2.0, 45.0), (2.0, 45.01)])
    assert length_m(line) == pytest.approx(SIDE_N, abs=1)
    ring = LinearRing(SQUARE.exterior.coords)
    perimeter = length_m(ring)
    assert perimeter == pytest.approx(2 * SIDE_N + 2 * SIDE_S, abs=2)
    assert length_m(SQUARE) == perimeter
    other = Polygon([(3.0, 45.0), (3.01, 45.0), (3.01, 45.01), (3.0, 45.01)])
    assert length_m(MultiPolygon([SQUARE, other])) == pytest.approx(2 * perimeter, abs=1)
    assert length_m(GeometryCollection([line, Point(0, 0), LineString()])) == length_m(line)
    assert length_m(Point(2, 45)) == 0.0


def test_polygons_inside_any_geometry() -> None:
    other = Polygon([(3.0, 45.0), (3.01, 45.0), (3.01, 45.01)])
    mixed = GeometryCollection([SQUARE, LineString([(0, 0), (1, 1)]), MultiPolygon([other])])
    assert list(polygons(mixed)) == [SQUARE, other]
    assert list(polygons(Polygon())) == []
    assert area_ha(mixed) == pytest.approx(area_ha(SQUARE) + area_ha(other))


def test_distance_to_a_geometry() -> None:
    assert distance_to_m(SQUARE, 2.005, 45.005) == 0.0  # inside
    assert distance_to_m(SQUARE, 2.0, 45.005) == 0.0  # on the outline
    assert distance_to_m(SQUARE, 2.005, 44.99) == pytest.approx(SIDE_N, abs=1)


# ----------------------------------------------------------------- central points

# A "C" whose centroid falls in the notch: the central point must lie inside it.
C_SHAPE = Polygon(
    [(54.0, 43.0), (54.3, 43.0), (54.3, 43.05), (54.05, 43.05), (54.05, 43.25),
     (54.3, 43.25), (54.3, 43.3), (54.0, 43.3)]
)  # fmt: skip


def test_central_point_of_a_convex_shape_is_its_centroid() -> None:
    lon, lat = central_point(SQUARE)
    assert (lon, lat) == pytest.approx((2.005, 45.005), abs=1e-5)


def test_central_point_lies_inside_a_concave_shape() -> None:
    lon, lat = central_point(C_SHAPE)
    assert C_SHAPE.contains(Point(lon, lat))
    # the pole of inaccessibility: as far from the outline as the C's thickest part allows
    assert C_SHAPE.exterior.distance(Point(lon, lat)) > 0.02


def _box(x: float, y: float, w: float, h: float) -> Polygon:
    return Polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def test_central_point_picks_the_part_nearest_the_centroid() -> None:
    """Two large parts far apart put the centroid in the gap; of the two small parts
    beside it, at the same distance, the larger one is chosen."""
    left, right = _box(10.0, 0.0, 0.2, 0.2), _box(11.0, 0.0, 0.2, 0.2)
    above, below = _box(10.55, 0.13, 0.1, 0.1), _box(10.575, -0.03, 0.05, 0.1)
    lon, lat = central_point(MultiPolygon([left, right, above, below]))
    assert above.contains(Point(lon, lat))


def test_central_point_of_a_large_property_is_its_equal_area_centroid() -> None:
    """Computed in an equal-area projection centred on the property, to the second."""
    wide = Polygon([(50.0, 40.0), (60.0, 40.0), (60.0, 48.0), (50.0, 52.0)])
    lon, lat = central_point(wide)
    assert (format_dms(lat, "lat"), format_dms(lon, "lon")) == ("45°02′43″ N", "54°43′48″ E")


def test_measure_reports_every_figure() -> None:
    m = measure("001", "North fort", SQUARE, buffer_area_ha=12.5, state_party="FR")
    assert (m.id, m.name, m.buffer_area_ha, m.state_party) == ("001", "North fort", 12.5, "FR")
    assert m.area_ha == pytest.approx(area_ha(SQUARE)) and 87 < m.area_ha < 88
    assert (m.lon, m.lat) == pytest.approx((2.005, 45.005), abs=1e-5)
    assert (m.lat_dms, m.lon_dms) == ("45°00′18″ N", "2°00′18″ E")
