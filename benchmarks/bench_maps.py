"""Time to draw maps (run: python benchmarks/bench_maps.py [--build-only]).

1. The worked example's five maps (location, overview, three components), drawn as SVG
   from the analysed boundaries: the first drawing of each (cold: world data loaded,
   geometries built) and the median of five more (warm), plus the SVG size.
2. A map over a 5,000 x 5,000 pixel GeoTIFF generated here (a synthetic relief in UTM
   zone 40N, 25 m pixels, tiled, DEFLATE; once without and once with overviews): the
   property map of the example with that raster as a base layer, and what was read.

3. The map stage of a build: the nomination assembled in a fresh process, each map's time
   in assemble.maps.draw, first with an empty cache (a first build: world data loaded,
   projections and fonts set up, every map drawn) then, in another fresh process, with
   the cache that build left (a later build: maps read from assemble.mapstore).

Each case runs in a fresh process so that nothing is shared between them. The machine's
load average is printed with the figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ustyurt"

EXAMPLE_MAPS = """
import json, statistics, sys, time
from pathlib import Path
t0 = time.perf_counter()
from dossier.load import sources
from dossier.geo.analysis import geo_summary
from dossier.assemble.maps import states_parties
src = sources.load(Path(sys.argv[1]))
summary, _ = geo_summary(src)
t1 = time.perf_counter()
from dossier.geo.maps import draw_map
ident = src.data["identification"]
sps = [(sp["code"], sp["name"]["en"]) for sp in src.data["property"]["states_parties"]]
rows = []
cpu0 = time.process_time()
for spec in ident["maps"]:
    kw = dict(date="2025-09-24", property_name="Ustyurt: landscapes and hunting traps (arans)",
              short_name="Ustyurt", states_parties=sps)
    t = time.perf_counter()
    drawn = draw_map(summary, spec, **kw)
    cold = time.perf_counter() - t
    warm = []
    for _ in range(5):
        t = time.perf_counter()
        draw_map(summary, spec, **kw)
        warm.append(time.perf_counter() - t)
    rows.append({"id": spec["id"], "cold": cold, "warm": statistics.median(warm),
                 "bytes": len(drawn.svg.encode())})
print(json.dumps({"load_and_measure": t1 - t0, "maps": rows,
                  "cpu_all": time.process_time() - cpu0}))
"""

RASTER_MAP = """
import json, sys, time, tracemalloc
from dataclasses import replace
from pathlib import Path
from dossier.load import sources
from dossier.geo.analysis import geo_summary
from dossier.geo.measure import Layer
from dossier.geo import layerio
src = sources.load(Path(sys.argv[1]))
summary, _ = geo_summary(src)
relief = Layer(id="relief", title="Relief (synthetic, 5,000 x 5,000 px)", kind="base",
               features=(), fmt="tiff", path=Path(sys.argv[2]), rel="relief.tif")
summary = replace(summary, layers=(relief, *summary.layers))
reads = []
original = layerio._read
def spy(src_, bands, win, out_h, out_w):
    reads.append([int(win.width), int(win.height), out_w, out_h])
    return original(src_, bands, win, out_h, out_w)
layerio._read = spy
from dossier.geo.maps import draw_map
spec = {"id": "overview", "title": "t", "kind": "overview"}
t = time.perf_counter()
c = time.process_time()
tracemalloc.start()
drawn = draw_map(summary, spec, date="2025-09-24", states_parties=[("KZ", "Kazakhstan")])
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
cold = time.perf_counter() - t
cold_cpu = time.process_time() - c
t = time.perf_counter()
c = time.process_time()
draw_map(summary, spec, date="2025-09-24", states_parties=[("KZ", "Kazakhstan")])
warm = time.perf_counter() - t
warm_cpu = time.process_time() - c
print(json.dumps({"cold": cold, "warm": warm, "cold_cpu": cold_cpu, "warm_cpu": warm_cpu, "bytes": len(drawn.svg.encode()),
                  "reads": reads, "peak_python_mb": peak / 2**20}))
"""


BUILD_MAPS = """
import json, os, sys, time
from pathlib import Path
from dossier.assemble import document
from dossier.assemble import maps as assemble_maps
from dossier.load import sources
rows = []
original = assemble_maps.draw
def draw(a, spec, index):
    t, c = time.perf_counter(), time.process_time()
    found = original(a, spec, index)
    rows.append({"id": str(spec.get("id")), "seconds": time.perf_counter() - t,
                 "cpu": time.process_time() - c})
    return found
assemble_maps.draw = draw
t = time.perf_counter()
document.build_document(sources.load(Path(sys.argv[1])), "nomination", "en")
print(json.dumps({"assemble": time.perf_counter() - t, "maps": rows}))
"""


def build_maps(cache: Path) -> dict[str, object]:
    env = {**os.environ, "DOSSIER_CACHE_DIR": str(cache)}
    env.pop("DOSSIER_NO_CACHE", None)
    out = subprocess.run(
        [sys.executable, "-c", BUILD_MAPS, str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def print_build_maps() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first = build_maps(Path(tmp))
        later = build_maps(Path(tmp))
    print(f"map stage of a build (nomination, fresh process; load {os.getloadavg()[0]:.2f})")
    print(f"{'map':<16}{'first':>9}{'(CPU)':>9}{'later':>9}{'(CPU)':>9}")
    for a, b in zip(first["maps"], later["maps"], strict=True):  # type: ignore[call-overload]
        print(
            f"{a['id']:<16}{a['seconds']:>8.3f}s{a['cpu']:>8.3f}s"
            f"{b['seconds']:>8.3f}s{b['cpu']:>8.3f}s"
        )
    total = [
        sum(r[what] for r in x["maps"])  # type: ignore[attr-defined]
        for x in (first, later)
        for what in ("seconds", "cpu")
    ]
    print(f"{'all maps':<16}" + "".join(f"{t:>8.3f}s" for t in total))
    print(
        f"{'assemble':<16}{first['assemble']:>8.2f}s{later['assemble']:>8.2f}s"
        "  (later: citations and findings cached too)"
    )


def make_raster(path: Path, overviews: bool) -> None:
    """A 5,000 x 5,000 float32 relief around the example, written in 500-row strips."""
    import numpy as np
    import rasterio
    from pyproj import Transformer
    from rasterio.enums import Resampling
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    size, res = 5000, 25.0
    x0, y0 = Transformer.from_crs("EPSG:4326", "EPSG:32640", always_xy=True).transform(53.9, 43.7)
    profile = dict(
        driver="GTiff", width=size, height=size, count=1, dtype="float32", crs="EPSG:32640",
        transform=from_origin(x0, y0, res, res), tiled=True, blockxsize=512, blockysize=512,
        compress="deflate", nodata=-9999.0,
    )  # fmt: skip
    with rasterio.open(path, "w", **profile) as dst:
        cols = np.arange(size, dtype="float32")
        for top in range(0, size, 500):
            rows = np.arange(top, top + 500, dtype="float32")[:, None]
            z = 150 + 80 * np.sin(cols / 300.0) * np.cos(rows / 420.0) + 0.01 * (rows - cols)
            dst.write(z.astype("float32")[None], window=Window(0, top, size, 500))
        if overviews:
            dst.build_overviews([2, 4, 8, 16], Resampling.average)


def child(code: str, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    print_build_maps()
    if "--build-only" in sys.argv[1:]:
        return
    ex = child(EXAMPLE_MAPS, str(EXAMPLE))
    print(f"example: load and measure boundaries {ex['load_and_measure']:.2f} s")
    print(f"{'map':<16}{'cold':>9}{'warm':>9}{'SVG':>11}")
    total = 0.0
    for row in ex["maps"]:  # type: ignore[attr-defined]
        total += row["cold"]
        print(f"{row['id']:<16}{row['cold']:>8.2f}s{row['warm']:>8.2f}s{row['bytes']:>10,}B")
    print(
        f"{'all five':<16}{total:>8.2f}s  (CPU time, cold and 5 warm each: {ex['cpu_all']:.2f} s)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for overviews in (False, True):
            path = Path(tmp) / f"relief-{overviews}.tif"
            make_raster(path, overviews)
            r = child(RASTER_MAP, str(EXAMPLE), str(path))
            reads = r["reads"]
            print(
                f"5,000 x 5,000 px GeoTIFF ({path.stat().st_size / 2**20:.1f} MiB, "
                f"{'with' if overviews else 'no'} overviews): overview map cold "
                f"{r['cold']:.2f} s (CPU {r['cold_cpu']:.2f} s), warm {r['warm']:.2f} s "
                f"(CPU {r['warm_cpu']:.2f} s), SVG {r['bytes']:,} B, "
                f"window read {reads[0][0]}x{reads[0][1]} px decimated to "  # type: ignore[index]
                f"{reads[0][2]}x{reads[0][3]}, peak Python memory {r['peak_python_mb']:.0f} MiB"  # type: ignore[index]
            )


if __name__ == "__main__":
    main()
