"""Cartography a reviewer trusts: labels apart, legends of what is drawn, legible text,
the north arrow off the graticule, true nice scales, and location maps for any State
Party (one country, or several for a transnational property)."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from geo_helpers import collection, feature, run, square, write
from test_geo_example import EXAMPLE, IDENTIFICATION

from dossier.geo.labels import Box, Placer, text_box
from dossier.geo.maps import draw_map, location_map, property_map
from dossier.geo.measure import GeoSummary

NS = "{http://www.w3.org/2000/svg}"
PT_7_5 = 7.5 * 25.4 / 72 * 10  # 7.5 pt in SVG units (0.1 mm)


@pytest.fixture(scope="module")
def summary() -> GeoSummary:
    s = run(EXAMPLE, IDENTIFICATION).summary
    assert s is not None
    return s


def _frame(root: ET.Element) -> Box:
    rect = root.find(f"{NS}defs/{NS}clipPath/{NS}rect")
    assert rect is not None
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    return Box(x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0)))


def labels_in_frame(svg: str) -> list[tuple[str, Box]]:
    """Every text drawn inside the map frame (halo copies skipped) with its box."""
    root = ET.fromstring(svg)
    frame = _frame(root)
    out = []
    for t in root.iter(f"{NS}text"):
        if t.get("stroke") is not None:
            continue  # the halo under a label
        text = "".join(t.itertext())
        box = text_box(
            float(t.get("x", 0)),
            float(t.get("y", 0)),
            text,
            float(t.get("font-size", 0)),
            t.get("text-anchor", "start"),
            t.get("font-weight") == "bold",
        )
        if box.overlaps(frame) and box.inside(frame):
            out.append((text, box))
    return out


def markers(svg: str) -> list[Box]:
    root = ET.fromstring(svg)
    frame = _frame(root)
    out = []
    for c in root.iter(f"{NS}circle"):
        r = float(c.get("r", 0))
        if r > 12:
            continue  # location rings are not point symbols
        x, y = float(c.get("cx", 0)), float(c.get("cy", 0))
        out.append(Box(x - r, y - r, x + r, y + r))
    for rect in root.iter(f"{NS}rect"):
        if rect.get("width") == "16":
            x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
            out.append(Box(x, y, x + 16, y + 16))
    return [m for m in out if m.inside(frame)]


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{NS}text")]


def legend(svg: str) -> list[str]:
    """Texts right of the map frame and above the scale: the legend's labels."""
    root = ET.fromstring(svg)
    frame = _frame(root)
    words = []
    for t in root.iter(f"{NS}text"):
        text = "".join(t.itertext())
        if text == "Scale":
            break
        if float(t.get("x", 0)) > frame.x1 + 200:
            words.append(text)
    return words


# ----------------------------------------------------------------- label placement


def test_placer_moves_a_label_off_a_symbol_and_another_label() -> None:
    placer = Placer(Box(0, 0, 1000, 1000))
    placer.block_point(500, 500, 10)
    first = placer.at_point(["First"], 500, 500, 30, r=10)
    second = placer.at_point(["Second"], 505, 500, 30, r=10)
    assert first is not None and second is not None
    assert not first.box.overlaps(second.box)
    assert not second.box.overlaps(Box(490, 490, 510, 510))


def test_placer_uses_a_leader_line_then_drops_what_cannot_fit() -> None:
    placer = Placer(Box(0, 0, 400, 400))
    # ring the point with symbols so that no label fits right beside it
    for dx, dy in itertools.product((-60, -30, 0, 30, 60), repeat=2):
        if (dx, dy) != (0, 0):
            placer.block(Box(200 + dx - 14, 200 + dy - 14, 200 + dx + 14, 200 + dy + 14))
    placed = placer.at_point(["Kokesem"], 200, 200, 27, r=6)
    assert placed is not None and placed.leader is not None
    tiny = Placer(Box(0, 0, 60, 30))
    assert tiny.at_point(["A name far too long"], 30, 15, 27) is None
    assert tiny.dropped == ["A name far too long"]


@pytest.mark.parametrize("component", [None, "001", "002", "003"])
def test_labels_overlap_neither_each_other_nor_point_symbols(
    summary: GeoSummary, component: str | None
) -> None:
    svg = property_map(
        summary, date="d", component=component, states_parties=[("KZ", "Kazakhstan")]
    ).svg
    placed = labels_in_frame(svg)
    assert placed
    for (a, box_a), (b, box_b) in itertools.combinations(placed, 2):
        assert not box_a.overlaps(box_b), (a, b)
    symbols = markers(svg)
    assert symbols
    for text, box in placed:
        for m in symbols:
            assert not box.overlaps(m), text


def test_location_map_labels_do_not_overlap(summary: GeoSummary) -> None:
    svg = location_map(summary, date="d", states_parties=[("KZ", "Kazakhstan")]).svg
    placed = labels_in_frame(svg)
    assert len(placed) > 10
    for (a, box_a), (b, box_b) in itertools.combinations(placed, 2):
        assert not box_a.overlaps(box_b), (a, b)


def test_every_country_name_is_haloed_so_boundaries_do_not_cross_its_letters(
    summary: GeoSummary,
) -> None:
    """Neighbours' names sit on grey land crossed by boundaries and rivers: each has an
    outline copy underneath in the neighbours' colour (the State Party's in white)."""
    from dossier.geo.worldbase import NEIGHBOUR

    svg = location_map(summary, date="d", states_parties=[("KZ", "Kazakhstan")]).svg
    texts = list(ET.fromstring(svg).iter(f"{NS}text"))
    halos = {"".join(t.itertext()): t.get("stroke") for t in texts if t.get("stroke")}
    for name in ("UZBEKISTAN", "TURKMENISTAN", "RUSSIA", "CHINA"):
        assert halos.get(name) == NEIGHBOUR, name
    assert halos.get("KAZAKHSTAN") == "#fff"


# ----------------------------------------------------------------- legend, text, furniture


def test_legend_lists_only_the_layers_drawn(summary: GeoSummary) -> None:
    whole = legend(property_map(summary, date="d").svg)
    assert any("Caravanserais" in w for w in whole) and any("Kite" in w for w in whole)
    # component 002 has kites but no caravanserai inside its frame
    only_002 = legend(property_map(summary, date="d", component="002").svg)
    assert any("Kite" in w for w in only_002)
    assert not any("Caravanserais" in w for w in only_002)


def test_a_map_shows_only_the_layers_it_names(summary: GeoSummary) -> None:
    spec = {"id": "m", "title": "t", "kind": "overview", "layers": ["kites"]}
    words = legend(draw_map(summary, spec, date="d").svg)
    assert any("Kite" in w for w in words) and not any("Caravanserais" in w for w in words)


@pytest.mark.parametrize("kind", ["overview", "component", "location"])
def test_no_text_is_smaller_than_7_5_pt(summary: GeoSummary, kind: str) -> None:
    spec = {"id": "m", "title": "t", "kind": kind, "component": "001"}
    svg = draw_map(summary, spec, date="d", states_parties=[("KZ", "Kazakhstan")]).svg
    sizes = [float(t.get("font-size", 0)) for t in ET.fromstring(svg).iter(f"{NS}text")]
    assert sizes and min(sizes) >= PT_7_5


def test_north_arrow_is_clear_of_the_frame_and_its_graticule_labels(summary: GeoSummary) -> None:
    svg = property_map(summary, date="d").svg
    root = ET.fromstring(svg)
    frame = _frame(root)
    arrow = next(g for g in root.iter(f"{NS}g") if "rotate(" in (g.get("transform") or ""))
    x, y = (
        float(v)
        for v in re.findall(r"translate\(([-\d.]+) ([-\d.]+)\)", arrow.get("transform", ""))[0]
    )
    arrow_box = Box(x - 60, y - 96, x + 60, y + 60)
    assert not arrow_box.overlaps(frame.grown(10))
    for t in root.iter(f"{NS}text"):
        text = "".join(t.itertext())
        if re.fullmatch(r"\d+°\d\d' [NE]", text):
            box = text_box(
                float(t.get("x", 0)),
                float(t.get("y", 0)),
                text,
                27,
                t.get("text-anchor", "start"),
                False,
            )
            assert not box.overlaps(arrow_box)


def test_scale_is_a_nice_ratio_true_at_the_centre(summary: GeoSummary) -> None:
    from dossier.geo.furniture import true_scale
    from dossier.geo.mapview import fit, utm_for

    frame = (150.0, 200.0, 1690.0, 1410.0)
    for geom in (summary.property_geometry, summary.component_geometries["002"]):
        c = geom.centroid
        view = fit(utm_for(c.x, c.y), geom, frame)
        mantissa = view.denominator / 10 ** (len(str(view.denominator)) - 1)
        assert mantissa in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5)
        # 1:N means N true metres per paper metre (10,000 SVG units) at the centre
        assert 10_000 / true_scale(view) == pytest.approx(view.denominator, rel=1e-3)
        # and the focus fits in the frame
        x0, y0, x1, y1 = view.to_svg(geom).bounds
        assert frame[0] <= x0 and x1 <= frame[2] and frame[1] <= y0 and y1 <= frame[3]


# ----------------------------------------------------------------- any State Party


def _dossier(root: Path, places: list[tuple[str, float, float]]) -> GeoSummary:
    """A serial property with one small square component at each (id, lon, lat)."""
    write(
        root,
        "geo/property.geojson",
        collection(
            *(feature(cid, "Polygon", [square(lon, lat, 0.05)]) for cid, lon, lat in places)
        ),
    )
    comps = "\n".join(f'    - {{id: "{cid}", name: Site {cid}, region: R}}' for cid, _, _ in places)
    ident = f"identification:\n  boundaries:\n    property: geo/property.geojson\n  components:\n{comps}\n"
    s = run(root, ident).summary
    assert s is not None
    return s


def test_location_map_of_a_dossier_wholly_in_kyrgyzstan(tmp_path: Path) -> None:
    s = _dossier(tmp_path, [("001", 75.5, 41.5), ("002", 73.2, 41.9)])
    svg = location_map(
        s, date="d", property_name="Kyrgyz test", states_parties=[("KG", "Kyrgyzstan")]
    ).svg
    words = texts(svg)
    assert "State Party: Kyrgyzstan" in words
    assert not any("Kazakhstan" in w for w in legend(svg))
    assert "KYRGYZSTAN" in words and "Bishkek" in words
    assert "KAZAKHSTAN" in words and "CHINA" in words  # neighbours named
    # the same without a code the world data knows: found from where the components are
    unknown = location_map(s, date="d", states_parties=[("XX", "Nowhere")]).svg
    assert "State Party: Kyrgyzstan" in texts(unknown)


def test_location_map_of_a_transnational_property(tmp_path: Path) -> None:
    s = _dossier(tmp_path, [("KZ1", 68.0, 44.0), ("KG1", 74.0, 41.6), ("UZ1", 64.5, 41.0)])
    sps = [("KZ", "Kazakhstan"), ("KG", "Kyrgyzstan"), ("UZ", "Uzbekistan")]
    svg = location_map(s, date="d", property_name="Silk test", states_parties=sps).svg
    words = texts(svg)
    joined = " ".join(legend(svg))
    assert "States Parties: Kazakhstan, Kyrgyzstan, Uzbekistan" in joined
    assert {"KAZAKHSTAN", "KYRGYZSTAN", "UZBEKISTAN"} <= set(words)
    assert {"Astana", "Bishkek", "Tashkent"} <= set(words)
    # one ring per component part: they lie far apart
    rings = [c for c in ET.fromstring(svg).iter(f"{NS}circle") if c.get("r") == "30"]
    assert len(rings) == 3


def test_location_map_of_france_leaves_out_overseas_departments(tmp_path: Path) -> None:
    s = _dossier(tmp_path, [("001", 2.0, 45.0)])
    svg = location_map(s, date="d", states_parties=[("FR", "France")]).svg
    words = texts(svg)
    assert "FRANCE" in words and "Paris" in words
    # metropolitan France fills the map: the scale is national, not intercontinental
    ratio = next(w for w in words if w.startswith("1:"))
    assert int(ratio.split()[0][2:].replace(",", "")) <= 10_000_000
