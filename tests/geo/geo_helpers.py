"""Builders for small GeoJSON dossiers used by the geo tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.core.diagnostics import Diagnostic
from dossier.geo.checks import analyse
from dossier.geo.measure import GeoSummary, area_ha, to_shape
from dossier.load.yamlload import SourceMap, load_text

IDENT_FILE = "parts/1-identification.yaml"


def square(lon: float, lat: float, d: float, dy: float | None = None) -> list[list[float]]:
    """Counter-clockwise closed ring with its south-west corner at (lon, lat)."""
    dy = d if dy is None else dy
    return [[lon, lat], [lon + d, lat], [lon + d, lat + dy], [lon, lat + dy], [lon, lat]]


def grow(ring: list[list[float]], m: float) -> list[list[float]]:
    """The square ring enlarged by ``m`` degrees on every side."""
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return square(min(xs) - m, min(ys) - m, max(xs) - min(xs) + 2 * m, max(ys) - min(ys) + 2 * m)


def feature(fid: str | None, kind: str, coords: Any, **props: Any) -> dict[str, Any]:
    properties = dict(props)
    if fid is not None:
        properties["id"] = fid
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": kind, "coordinates": coords},
    }


def collection(*features: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", **extra, "features": list(features)}


def write(root: Path, rel: str, obj: object) -> Path:
    """Write JSON with one value per line (so features have distinct line numbers)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj, indent=1), encoding="utf-8")
    return path


def ha(coords: list[list[list[float]]]) -> float:
    return round(area_ha(to_shape({"type": "Polygon", "coordinates": coords})), 1)


C1 = square(54.0, 43.0, 0.1)
C2 = square(54.5, 43.0, 0.05)
B1 = [grow(C1, 0.03), C1[::-1]]
B2 = [grow(C2, 0.03), C2[::-1]]


@dataclass
class Run:
    summary: GeoSummary | None
    diags: list[Diagnostic]
    smap: SourceMap
    text: str

    def rules(self) -> list[str]:
        return sorted(d.rule for d in self.diags)

    def one(self, rule: str) -> Diagnostic:
        found = [d for d in self.diags if d.rule == rule]
        assert len(found) == 1, (rule, self.diags)
        return found[0]

    def line(self, needle: str) -> int:
        """1-based line of the first line containing ``needle`` in the YAML text."""
        for n, line in enumerate(self.text.splitlines(), 1):
            if needle in line:
                return n
        raise AssertionError(needle)


def serial_dossier(root: Path) -> str:
    """Two square components with ring buffer zones; returns consistent YAML text."""
    write(root, "geo/property.geojson", collection(
        feature("001", "Polygon", [C1], name="West"),
        feature("002", "Polygon", [C2], name="East"),
    ))  # fmt: skip
    write(root, "geo/buffer-zone.geojson", collection(
        feature("001", "Polygon", B1), feature("002", "Polygon", B2),
    ))  # fmt: skip
    write(root, "geo/points.geojson", collection(
        feature("p1", "Point", [54.05, 43.05], name="Kite A"),
        feature("p2", "Point", [54.52, 43.02], name="Kite B"),
    ))  # fmt: skip
    a1, a2 = ha([C1]), ha([C2])
    b1, b2 = ha(B1), ha(B2)
    return f"""\
identification:
  centre: {{lat: "43°03′00″ N", lon: "54°18′00″ E"}}
  boundaries:
    property: geo/property.geojson
    buffer_zone: geo/buffer-zone.geojson
    layers:
      - {{id: kites, title: Kite clusters, file: geo/points.geojson, kind: attributes}}
  areas:
    property_ha: {a1 + a2:.1f}
    buffer_zone_ha: {b1 + b2:.1f}
    total_ha: {a1 + a2 + b1 + b2:.1f}
  components:
    - id: "001"
      name: West
      region: Karakiya
      area_ha: {a1}
      buffer_area_ha: {b1}
      centre: {{lat: "43°03′00″ N", lon: "54°03′00″ E"}}
    - id: "002"
      name: East
      region: Karakiya
      area_ha: {a2}
      buffer_area_ha: {b2}
      centre: {{lat: "43°01′30″ N", lon: "54°31′30″ E"}}
"""


# Every finding of every run() in the current test, for the printed-findings goldens.
RECORDED: list[Diagnostic] = []


def run(root: Path, text: str, **kw: Any) -> Run:
    loaded = load_text(text, IDENT_FILE)
    assert loaded.ok, loaded.diagnostics
    summary, diags = analyse(root, loaded.data["identification"], loaded.smap.locate, **kw)
    RECORDED.extend(diags)
    return Run(summary, diags, loaded.smap, text)
