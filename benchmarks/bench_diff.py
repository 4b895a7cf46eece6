"""Wall time of `dossier diff` on the example against a copy with ten changes, and on the 10x
dossier against a copy with the same changes but 2-4 (its components are strips of the
example's, so the boundary changes do not apply).

    python benchmarks/bench_diff.py [--keep DIR] [--html]

The changed copy is made here (`make_changes`): every change is ILLUSTRATIVE, made for the
benchmark and the tests, never a fact of the example. The ten changes:

 1. criterion (ix) added (justification.criteria), with an illustrative justification and
    its statement in the SOUV (justification.souv.criteria)
 2. component part 002's boundary shrunk by 3 % about its centre (geo/property.geojson)
 3. component part 002's stated area updated to its new boundary
 4. the stated area of the property (areas.property_ha) updated likewise
 5. a paragraph of 3.1.c rewritten (text/3-1c-integrity.md)
 6. a paragraph of 2.a moved down one place (text/2a-description.md)
 7. a citation added to a paragraph of 3.1.a (text/3-1a-brief-synthesis.md)
 8. a bibliography entry added (an illustrative work, cited by change 7)
 9. the periodicity of indicator I03 changed (parts/6-monitoring.yaml)
10. the date of the document changed (dossier.yaml)

Each figure is the median of several runs in this process after one warm-up (imports and
the findings cache warm), plus one cold process for the command line as a user runs it.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ustyurt"
RUNS = 5
ILLUSTRATIVE_KEY = "illustrative-benchmark-entry"


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"bench_diff: {old!r} not found in {path}")
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _scale_feature(path: Path, fid: str, factor: float) -> None:
    """Shrink (factor < 1) the boundary of feature ``fid`` about its bounding-box centre."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for feat in data["features"]:
        if str(feat.get("properties", {}).get("id")) != fid:
            continue
        flat = _positions(feat["geometry"]["coordinates"])
        cx = (min(p[0] for p in flat) + max(p[0] for p in flat)) / 2
        cy = (min(p[1] for p in flat) + max(p[1] for p in flat)) / 2
        for p in flat:
            p[0] = round(cx + (p[0] - cx) * factor, 7)
            p[1] = round(cy + (p[1] - cy) * factor, 7)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _positions(coords: list) -> list[list[float]]:  # type: ignore[type-arg]
    if isinstance(coords[0], int | float):
        return [coords]
    return [p for part in coords for p in _positions(part)]


def _measured(folder: Path) -> dict[str, float]:
    """Areas computed by dossier (ha): the property and each component part."""
    from dossier import api

    figures = api.check(folder).computed() or {}
    out = {"property": float(figures["property"]["area_ha"])}
    for comp in figures.get("components") or []:
        out[str(comp["id"])] = float(comp["area_ha"])
    return out


def _paragraphs(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n\n")


CRITERION_IX = (
    "Illustrative change made by benchmarks/bench_diff.py to test dossier diff; not part of "
    "the example."
)
SOUV_IX = "Illustrative change made by benchmarks/bench_diff.py."
PERIODICITY = "every 3 years (full survey); annual for presented arans"


def _data_changes(dst: Path) -> None:
    """Changes 1 and 9 made through the data, for a copy whose YAML was rewritten (the 10x
    dossier: bench_check.scale_example dumps its part files again)."""
    import yaml
    from bench_check import dump

    just = dst / "parts" / "3-justification.yaml"
    data = yaml.safe_load(just.read_text(encoding="utf-8"))
    crit = data["criteria"]
    at = next(i for i, c in enumerate(crit) if c["criterion"] == "x")
    crit.insert(at, {"criterion": "ix", "justification": CRITERION_IX, "attributes": ["A04"]})
    data["souv"]["criteria"] = {"ix": SOUV_IX, **data["souv"]["criteria"]}
    just.write_text(dump(data), encoding="utf-8")
    mon = dst / "parts" / "6-monitoring.yaml"
    data = yaml.safe_load(mon.read_text(encoding="utf-8"))
    first = next(i for i in data["indicators"] if i.get("periodicity") == PERIODICITY)
    first["periodicity"] = PERIODICITY.replace("every 3 years", "every 2 years")
    mon.write_text(dump(data), encoding="utf-8")


def make_changes(dst: Path, *, boundaries: bool = True, rewritten: bool = False) -> None:
    """The ten changes listed in the module docstring, made to the dossier copy ``dst``
    (without ``boundaries``, changes 2-4 are left out: the 10x dossier's components are
    strips of the example's; ``rewritten``: its YAML was dumped again, so changes 1 and 9
    go through the data)."""
    if rewritten:
        _data_changes(dst)
    else:
        _yaml_changes(dst)
    if boundaries:
        _scale_feature(dst / "geo" / "property.geojson", "002", 0.97)
        areas = _measured(dst)
        ident = dst / "parts" / "1-identification.yaml"
        _replace(ident, "    area_ha: 4800\n", f"    area_ha: {round(areas['002'])}\n")
        _replace(ident, "  property_ha: 237701\n", f"  property_ha: {round(areas['property'])}\n")
    _text_changes(dst)


def _yaml_changes(dst: Path) -> None:
    """Changes 1 and 9, written into the example's own YAML (its lines stay where they are)."""
    just = dst / "parts" / "3-justification.yaml"
    _replace(
        just,
        "  - criterion: x\n",
        "  - criterion: ix\n"
        "    justification: >-\n"
        "      Illustrative change made by benchmarks/bench_diff.py to test dossier diff; not\n"
        "      part of the example.\n"
        "    attributes: [A04]\n"
        "  - criterion: x\n",
    )
    _replace(
        just,
        "    x: {file: text/3-3-souv-criterion-x.md}\n",
        "    ix: Illustrative change made by benchmarks/bench_diff.py.\n"
        "    x: {file: text/3-3-souv-criterion-x.md}\n",
    )
    _replace(
        dst / "parts" / "6-monitoring.yaml",
        f'periodicity: "{PERIODICITY}"',
        f'periodicity: "{PERIODICITY.replace("every 3 years", "every 2 years")}"',
    )


def _text_changes(dst: Path) -> None:
    """Changes 5-8 and 10: prose, bibliography, the date."""
    integrity = dst / "text" / "3-1c-integrity.md"
    paras = _paragraphs(integrity)
    paras[0] = paras[0].replace("This statement follows", "This statement answers, in turn,", 1)
    integrity.write_text("\n\n".join(paras), encoding="utf-8")
    description = dst / "text" / "2a-description.md"
    paras = _paragraphs(description)
    paras[1], paras[2] = paras[2], paras[1]
    description.write_text("\n\n".join(paras), encoding="utf-8")
    _replace(
        dst / "text" / "3-1a-brief-synthesis.md",
        "Three qualities together give the property its proposed value:",
        f"Three qualities together give the property its proposed value [@{ILLUSTRATIVE_KEY}]:",
    )
    with (dst / "bibliography.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            f"\n- id: {ILLUSTRATIVE_KEY}\n"
            "  type: report\n"
            "  title: Illustrative entry added by benchmarks/bench_diff.py (not a real work)\n"
            "  author: [{literal: dossier benchmarks}]\n"
            "  issued: {date-parts: [[2025]]}\n"
        )
    _replace(dst / "dossier.yaml", 'document: "2025-09-24"', 'document: "2025-10-01"')


def _median(fn: object, runs: int = RUNS) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``fn()``: CPU time does not depend on what else the
    machine is doing."""
    walls, cpus = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def _cli(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one new `dossier` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dossier", *args], capture_output=True, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def bench(old: Path, new: Path, label: str, html: bool) -> None:
    from dossier import api
    from dossier.diff import report, text

    result = api.diff(api.DiffSide(old), api.DiffSide(new))  # warm-up (imports, cache)
    assert result.report is not None, result.problems
    counts = result.report.counts()

    def data() -> None:
        r = api.diff(api.DiffSide(old), api.DiffSide(new))
        assert r.report is not None
        text.format_text(r.report)
        report.to_json(r.report)

    print(f"{label}: {counts['total']} changes found ({counts})")
    wall, cpu = _median(data)
    print(
        f"  diff, text and JSON (in process, median of {RUNS}): {wall:.2f} s wall, {cpu:.2f} s CPU"
    )
    wall, cpu = _cli(["diff", str(old), str(new)])
    print(f"  dossier diff OLD NEW (a new process): {wall:.2f} s wall, {cpu:.2f} s CPU")
    if html:
        t, c = time.perf_counter(), time.process_time()
        api.diff(api.DiffSide(old), api.DiffSide(new), html=True)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        print(f"  HTML redline (both documents assembled): {wall:.2f} s wall, {cpu:.2f} s CPU")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--keep", type=Path, help="keep the changed copies in this folder")
    ap.add_argument("--html", action="store_true", help="also time the HTML redline")
    ap.add_argument("--no-large", action="store_true", help="skip the 10x dossier")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as tmp:
        base = args.keep or Path(tmp)
        changed = base / "ustyurt-changed"
        shutil.rmtree(changed, ignore_errors=True)
        shutil.copytree(EXAMPLE, changed)
        make_changes(changed)
        bench(EXAMPLE, changed, "example", args.html)
        if not args.no_large:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from bench_check import scale_example

            large, large_changed = base / "ustyurt-10x", base / "ustyurt-10x-changed"
            for folder in (large, large_changed):
                shutil.rmtree(folder, ignore_errors=True)
                scale_example(folder, 10)
            make_changes(large_changed, boundaries=False, rewritten=True)
            bench(large, large_changed, "10x example", args.html)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
