"""Size and speed of the world-context data (run: python benchmarks/bench_context.py).

Prints the size of each bundled layer file, then, each in a fresh Python process so that
nothing is cached: the time to read a layer (gunzip + JSON + feature objects, no geometry),
the time of a first query over western Kazakhstan (which builds the shapely geometries it
needs) and the time to build every geometry of the layer; then country_at cold and warm.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

WEST_KZ = (46.5, 40.5, 62.0, 51.5)

CHILD = """
import json, sys, time
t0 = time.perf_counter()
from dossier.geo import context
t1 = time.perf_counter()
layer = sys.argv[1]
query = {"countries": context.countries, "coastline": context.coastline, "seas": context.seas,
         "lakes": context.lakes, "rivers": context.rivers, "places": context.places}[layer]
features = query()
t2 = time.perf_counter()
context.clear_cache()
t3 = time.perf_counter()
hits = query(tuple(json.loads(sys.argv[2])))
t4 = time.perf_counter()
for f in query():
    f.geometry
t5 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "features": len(features),
                  "bbox": t4 - t3, "hits": len(hits), "all_geometries": t5 - t4}))
"""

COUNTRY_AT = """
import json, random, sys, time
from dossier.geo import context
N = int(sys.argv[1])
t0 = time.perf_counter()
first = context.country_at(55.5, 43.5)
t1 = time.perf_counter()
rng = random.Random(13)
points = [(rng.uniform(-180, 180), rng.uniform(-60, 75)) for _ in range(N)]
t2 = time.perf_counter()
found = sum(context.country_at(x, y) is not None for x, y in points)
t3 = time.perf_counter()
print(json.dumps({"cold": t1 - t0, "first": first.iso_a2, "warm_mean": (t3 - t2) / N,
                  "points": N, "on_land": found}))
"""


def child(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    from dossier.geo import context

    folder = resources.files("dossier.geo").joinpath("data", "world")
    total = 0
    print("layer        file bytes  features  import  load   bbox (hits)      all geometries")
    for layer in context.LAYERS:
        size = len(folder.joinpath(f"{layer}.geojson.gz").read_bytes())
        total += size
        r = child(CHILD, layer, json.dumps(WEST_KZ))
        print(
            f"{layer:<11} {size:>11,} {int(r['features']):>9,}"
            f"  {r['import'] * 1000:5.1f}ms {r['load'] * 1000:5.0f}ms"
            f" {r['bbox'] * 1000:6.0f}ms ({int(r['hits']):>4})"
            f" {r['all_geometries'] * 1000:8.0f}ms"
        )
    print(f"total       {total:>11,} bytes ({total / 2**20:.2f} MiB)")
    print("(load: first call without bbox; bbox: a cold query over western Kazakhstan,")
    print(" shapely import included; all geometries: every feature's shapely geometry)")
    r = child(COUNTRY_AT, "2000")
    print(
        f"country_at: cold {r['cold'] * 1000:.0f} ms (loads countries, imports shapely;"
        f" 55.5 E 43.5 N -> {r['first']}); warm {r['warm_mean'] * 1e6:.0f} us per point"
        f" over {int(r['points'])} random points ({int(r['on_land'])} on land)"
    )


if __name__ == "__main__":
    main()
