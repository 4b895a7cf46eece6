"""Time the geo stage on a large serial property (run: python benchmarks/geo_bench.py).

Builds, in a temporary folder, N components whose boundaries have many vertices (as a
surveyed boundary exported from a GIS would), ring buffer zones and a point layer, then
times analyse(), the maps, the PNG conversion and the GIS export.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
import time
from pathlib import Path

from dossier.core.diagnostics import Location
from dossier.geo.checks import analyse
from dossier.geo.export import export_gis
from dossier.geo.maps import location_map, property_map
from dossier.render.fonts import shipped_fonts
from dossier.render.raster import svg_to_png


def blob(lon: float, lat: float, r: float, n: int, phase: float) -> list[list[float]]:
    """A wavy closed ring of ``n`` vertices around (lon, lat), counter-clockwise."""
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        rr = r * (1 + 0.15 * math.sin(7 * t + phase) + 0.05 * math.sin(31 * t))
        pts.append([round(lon + rr * math.cos(t) / 0.73, 6), round(lat + rr * math.sin(t), 6)])
    return [*pts, pts[0]]


def build(root: Path, components: int, vertices: int) -> dict[str, object]:
    feats, buffers, points, comps = [], [], [], []
    for k in range(components):
        lon, lat = 54.0 + (k % 5) * 0.5, 42.5 + (k // 5) * 0.4
        cid = f"{k + 1:03d}"
        ring = blob(lon, lat, 0.1, vertices, k)
        outer = blob(lon, lat, 0.16, vertices, k)
        feats.append(
            {
                "type": "Feature",
                "properties": {"id": cid},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
        buffers.append(
            {
                "type": "Feature",
                "properties": {"id": cid},
                "geometry": {"type": "Polygon", "coordinates": [outer, ring[::-1]]},
            }
        )
        points.append(
            {
                "type": "Feature",
                "properties": {"id": f"k{cid}"},
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
        comps.append({"id": cid, "name": f"Component {cid}", "region": "Karakiya"})
    for name, fs in (("property", feats), ("buffer", buffers), ("points", points)):
        (root / f"{name}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": fs})
        )
    return {
        "boundaries": {
            "property": "property.geojson",
            "buffer_zone": "buffer.geojson",
            "layers": [
                {"id": "k", "title": "Kites", "file": "points.geojson", "kind": "attributes"}
            ],
        },
        "components": comps,
    }


def timed(label: str, fn: object) -> object:
    start = time.perf_counter()
    result = fn()  # type: ignore[operator]
    sys.stdout.write(f"{label:<28} {time.perf_counter() - start:8.3f} s\n")
    return result


def main(components: int = 10, vertices: int = 5000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ident = build(root, components, vertices)
        size = sum(p.stat().st_size for p in root.iterdir())
        sys.stdout.write(
            f"{components} components x {vertices} vertices, {size / 1e6:.1f} MB GeoJSON\n"
        )
        summary, diags = timed(
            "analyse", lambda: analyse(root, ident, lambda p, key=False: Location("x.yaml"))
        )  # type: ignore[misc]
        assert summary is not None, diags
        drawn = timed("property_map", lambda: property_map(summary, date="2025-01-01"))
        svg = drawn.svg  # type: ignore[union-attr]
        timed("location_map", lambda: location_map(summary, date="2025-01-01"))
        with shipped_fonts():  # 250 mm wide at 150 dpi, as the DOCX renderer rasterises maps
            png_width = round(250 / 25.4 * 150)
            timed("svg_to_png (150 dpi)", lambda: svg_to_png(svg.encode(), png_width))  # type: ignore[union-attr]
        timed("export_gis", lambda: export_gis(summary, root / "out"))
        sys.stdout.write(f"diagnostics: {sorted({d.rule for d in diags})}\n")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
