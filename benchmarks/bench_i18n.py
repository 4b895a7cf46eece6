"""Wall time of the translation commands on the example (1,300 catalogue units) and on a
dossier 10x its size: `dossier i18n extract` (a new catalogue, then an update that changes
nothing) and `dossier check --lang fr` against a plain `dossier check` (warm cache).

Each figure is the median of new processes. Run: python benchmarks/bench_i18n.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_check import EXAMPLE, scale_example

RUNS = 3
DOSSIER = [sys.executable, "-m", "dossier"]


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*DOSSIER, *args], capture_output=True, check=False)
    return time.perf_counter() - start


def median(args: list[str], before: list[str] | None = None) -> float:
    times = []
    for _ in range(RUNS):
        if before:
            subprocess.run([*DOSSIER, *before], capture_output=True, check=False)
        times.append(timed(args))
    return statistics.median(times)


def measure(label: str, folder: Path) -> None:
    po = folder / "i18n" / "fr.po"
    fresh = []
    for _ in range(RUNS):
        po.unlink(missing_ok=True)
        fresh.append(timed(["i18n", "extract", str(folder), "--lang", "fr"]))
    units = sum(
        1 for line in po.read_text(encoding="utf-8").splitlines() if line.startswith("msgctxt")
    )
    update = median(["i18n", "extract", str(folder), "--lang", "fr"])
    timed(["check", str(folder)])  # fill the findings cache
    plain = median(["check", str(folder)])
    with_lang = median(["check", str(folder), "--lang", "fr"])
    print(f"{label}: {units} units, {po.stat().st_size / 1024:.0f} KiB catalogue")
    print(f"  i18n extract, new catalogue      {statistics.median(fresh):6.2f} s")
    print(f"  i18n extract, nothing changed    {update:6.2f} s")
    print(f"  check                            {plain:6.2f} s")
    print(f"  check --lang fr                  {with_lang:6.2f} s  (+{with_lang - plain:.2f} s)")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "ustyurt"
        shutil.copytree(EXAMPLE, example)
        measure("example", example)
        measure("example x10", scale_example(Path(tmp) / "large"))


if __name__ == "__main__":
    main()
