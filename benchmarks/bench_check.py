"""Cold-process wall time of `dossier check` on the example and on a dossier 10x its size.

Each figure is a new process; the first run starts with an empty cache of geometry
findings (src/dossier/cache.py), later runs reuse it as an editor or pre-commit would.

The large dossier is the example with every prose file ten times as long, ten times as many
comparators, attributes and monitoring indicators, and 30 component parts (the three
illustrative components, each split into ten strips). Run: python benchmarks/bench_check.py
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ustyurt"
RUNS = 5


class _Dumper(yaml.SafeDumper):
    """Write repeated values out in full: dossier sources refuse YAML aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def scale_example(dst: Path, factor: int = 10) -> Path:
    shutil.copytree(EXAMPLE, dst)
    for md in (dst / "text").glob("*.md"):
        text = md.read_text(encoding="utf-8")
        md.write_text("\n\n".join([text] * factor), encoding="utf-8")
    just = dst / "parts" / "3-justification.yaml"
    data = yaml.safe_load(just.read_text(encoding="utf-8"))
    comps = data["comparative_analysis"]["comparators"]
    data["comparative_analysis"]["comparators"] = [
        {**c, "name": f"{c['name']} ({i})"} for i in range(factor) for c in comps
    ]
    attrs = data["attributes"]
    data["attributes"] = attrs + [
        {**a, "id": f"{a['id']}-{i}"} for i in range(1, factor) for a in attrs
    ]
    just.write_text(dump(data), encoding="utf-8")
    mon = dst / "parts" / "6-monitoring.yaml"
    data = yaml.safe_load(mon.read_text(encoding="utf-8"))
    data["indicators"] = [
        {**ind, "id": f"{ind['id']}-{i}"} for i in range(factor) for ind in data["indicators"]
    ]
    mon.write_text(dump(data), encoding="utf-8")
    _split_components(dst, factor)
    return dst


def _split_components(dst: Path, factor: int) -> None:
    """Replace each component polygon by `factor` vertical strips of it (same total area)."""
    from shapely.geometry import box, mapping, shape

    prop_file = dst / "geo" / "property.geojson"
    fc = json.loads(prop_file.read_text(encoding="utf-8"))
    ident_file = dst / "parts" / "1-identification.yaml"
    ident = yaml.safe_load(ident_file.read_text(encoding="utf-8"))
    features, components = [], []
    by_id = {c["id"]: c for c in ident["components"]}
    for feat in fc["features"]:
        geom = shape(feat["geometry"])
        minx, miny, maxx, maxy = geom.bounds
        step = (maxx - minx) / factor
        for i in range(factor):
            part = geom.intersection(box(minx + i * step, miny, minx + (i + 1) * step, maxy))
            if part.is_empty:
                continue
            cid = f"{feat['properties']['id']}-{i + 1:02d}"
            features.append(
                {
                    "type": "Feature",
                    "properties": {"id": cid, "name": cid},
                    "geometry": mapping(part),
                }
            )
            base = {
                k: v
                for k, v in by_id[feat["properties"]["id"]].items()
                if k not in ("area_ha", "buffer_area_ha", "centre")  # stated for the whole part
            }
            components.append({**base, "id": cid, "maps": ["map-overview"]})
    fc["features"] = features
    prop_file.write_text(json.dumps(fc), encoding="utf-8")
    ident["components"] = components
    ident.pop("areas", None)
    ident["maps"] = [m for m in ident["maps"] if m["kind"] != "component"]
    ident_file.write_text(dump(ident), encoding="utf-8")
    buf = dst / "geo" / "buffer-zone.geojson"
    bfc = json.loads(buf.read_text(encoding="utf-8"))
    for f in bfc["features"]:
        f["properties"].pop("id", None)  # one buffer zone around the whole series
    buf.write_text(json.dumps(bfc), encoding="utf-8")
    just = dst / "parts" / "3-justification.yaml"
    data = yaml.safe_load(just.read_text(encoding="utf-8"))
    for a in data["attributes"]:
        a["components"] = [c["id"] for c in components]
    just.write_text(dump(data), encoding="utf-8")
    pro = dst / "parts" / "5-protection.yaml"
    data = yaml.safe_load(pro.read_text(encoding="utf-8"))
    for d in data["designations"]:
        d["covers"] = [c["id"] for c in components if d["covers"] and c["id"][:3] in d["covers"]]
    pro.write_text(dump(data), encoding="utf-8")


def lines_of(folder: Path) -> int:
    return sum(
        len(p.read_text(encoding="utf-8").splitlines())
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".md")
    )


def time_check(folder: Path, cache: Path) -> tuple[float, float, float, int]:
    """(first run with an empty findings cache, median and min of later runs, exit code)."""
    import os

    exe = Path(sys.executable).parent / "dossier"
    env = {**os.environ, "DOSSIER_CACHE_DIR": str(cache)}
    times, code = [], 0
    for _ in range(RUNS + 1):
        start = time.perf_counter()
        proc = subprocess.run(
            [str(exe), "check", str(folder)], capture_output=True, text=True, env=env
        )
        times.append(time.perf_counter() - start)
        code = proc.returncode
    first, rest = times[0], times[1:]
    return first, statistics.median(rest), min(rest), code


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        big = scale_example(Path(tmp) / "ustyurt-x10")
        for name, folder in (("example", EXAMPLE), ("example x10", big)):
            cache = Path(tmp) / f"cache-{name.replace(' ', '-')}"
            first, med, low, code = time_check(folder, cache)
            print(
                f"dossier check {name:12s}: {lines_of(folder):6d} lines of YAML+Markdown, "
                f"cold process: first run {first:.3f} s (empty findings cache), then median "
                f"{med:.3f} s, min {low:.3f} s over {RUNS} runs (exit {code})"
            )


if __name__ == "__main__":
    main()
