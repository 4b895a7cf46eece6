"""Benchmark of the parallel PDF build (render.pdf_parallel) against WeasyPrint alone.

    python benchmarks/bench_parallel.py [--jobs N] [--only example|large] [--large DIR]
                                        [--repeat N] [--serial]

For the example (examples/ustyurt) and the ~300-page dossier of gen_large.py (generated
in a temporary folder unless --large is given), prints in one run, each with wall time,
CPU time (this process and its worker processes) and the ratio to WeasyPrint alone:

1. WeasyPrint alone: HTML(string=...).write_pdf() on the whole print HTML, one pass;
   then the same with Python's cycle collector as in our builds (core.collection);
2. our serial build: load, assemble, render the HTML, lay out, guards (`--jobs 1`), with
   our own stages timed directly below the table (StageClock); then the same with the
   citations and maps of the last build on disk (any build after the first);
3. our parallel build, cold: the same with `--jobs N`, nothing cached (no layout, no
   page numbers of an earlier build, no formatted citations, no drawn maps: builds 2
   and 3 format and draw them as a first build does; bib.render keeps citations in the
   process, bib.stored and assemble.mapstore on disk otherwise): chapters laid out with
   guessed page numbers, corrected in place (render.pdf_guess); then the same the
   former way, each chapter laid out twice;
4. parallel with the page numbers known: the laid-out chapters dropped from the cache,
   the page numbers, citations and maps of the last build kept (a build after changes
   everywhere that move no page number);
5. rebuild after a one-paragraph change (a sentence added to a paragraph of a chapter in
   the middle of a copy of the dossier), with the cache of the builds before.

The "gc" column is the time this process spent in the cycle collector. `--repeat N` runs
every build once per round, N rounds, and shows the best of each; `--serial` runs only
builds 1 and 2 (the overhead of the serial build, in more rounds for the same time).

Targets on 2 cores (issue 21): parallel 300-page <= 0.65 x, rebuild <= 0.35 x, serial
<= 1.05 x WeasyPrint alone. The serial and the parallel PDF must have the same page
count and the same text on every page (pdftotext): the benchmark prints the pages
that differ and exits with 1 otherwise, for the example and the 300-page dossier (too slow for the
test suite, whose tests/render/test_pdf_parallel.py compares the example's). The
machine's load average is printed with every line: on a
shared machine the wall time depends on it, the CPU time much less. A warm-up render
first loads what every run shares (fonts, hyphenation dictionaries, one untimed pass of
WeasyPrint alone). Prints figures only.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "ustyurt"
EDIT = " This sentence was added by the benchmark to change one paragraph."


#: Documents whose parallel pages are not the serial ones (the run then exits with 1).
MISMATCHES: list[str] = []


class Timed:
    def __init__(
        self, wall: float, cpu: float, children: float, collector: float, note: str = ""
    ) -> None:
        self.wall, self.cpu, self.children, self.note = wall, cpu, children, note
        self.collector = collector  # seconds in Python's cycle collector (this process)

    @property
    def total_cpu(self) -> float:
        return self.cpu + self.children


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _CollectorClock:
    """Time spent in the cycle collector, from gc.callbacks (start/stop of each run);
    listening from the first timed run on (importing this module changes nothing)."""

    def __init__(self) -> None:
        self.total = 0.0
        self._started = 0.0

    def listen(self) -> None:
        if self._tick not in gc.callbacks:
            gc.callbacks.append(self._tick)

    def _tick(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._started


COLLECTOR = _CollectorClock()


def timed(fn: Callable[[], str]) -> Timed:
    COLLECTOR.listen()
    gc.collect()
    k0, c0, t0, g0 = _children_cpu(), time.process_time(), time.perf_counter(), COLLECTOR.total
    note = fn()
    wall = time.perf_counter() - t0
    cpu, children = time.process_time() - c0, _children_cpu() - k0
    return Timed(wall, cpu, children, COLLECTOR.total - g0, note)


class StageClock:
    """Our own stages of a serial build, timed directly (not as a difference of two
    noisy totals): the sources and the model, the HTML, and the checks before and after
    WeasyPrint. render.pdf calls them through their modules, where they are wrapped."""

    WRAPPED = (
        ("HTML", "dossier.render.html", "render_with_diagnostics"),
        ("glyph check", "dossier.render.pdf", "glyph_problems"),
        ("pages read back", "dossier.render.layout", "read_pages"),
        ("pages read back", "dossier.render.layout", "ladders"),
        ("guards", "dossier.render.layout", "visible_text"),
        ("guards", "dossier.render.guards", "check_text"),
        ("guards", "dossier.render.guards", "layout_problems"),
    )

    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.times[stage] = self.times.get(stage, 0.0) + seconds

    @contextlib.contextmanager
    def wrapping(self) -> Iterator[None]:
        import importlib

        saved = []
        for stage, module_name, attr in self.WRAPPED:
            module = importlib.import_module(module_name)
            original = getattr(module, attr)
            saved.append((module, attr, original))
            setattr(module, attr, self._timing(stage, original))
        try:
            yield
        finally:
            for module, attr, original in saved:
                setattr(module, attr, original)

    def _timing(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            result = fn(*args, **kwargs)
            self.add(stage, time.perf_counter() - t0)
            return result

        return timed_call

    def summary(self, base: float) -> str:
        total = sum(self.times.values())
        parts = ", ".join(f"{k} {v:.2f}s" for k, v in self.times.items())
        return f"our stages timed: {parts}; total {total:.2f}s = {total / base:.1%} of WeasyPrint alone"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:4.1f}/{five:4.1f}"


def edit_one_paragraph(root: Path) -> str:
    """Add a sentence to the first paragraph of the Markdown file in the middle of text/."""
    files = sorted((root / "text").glob("*.md"))
    target = files[len(files) // 2]
    lines = target.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        plain = line.strip()
        if (
            plain
            and not plain.startswith(("#", "-", "*", "|", ">", "!", "[", ":"))
            and (i + 1 == len(lines) or not lines[i + 1].strip())
        ):
            lines[i] = line.rstrip() + EDIT
            break
    target.write_text("\n".join(lines), encoding="utf-8")
    return target.name


def page_texts(data: bytes, path: Path) -> list[str]:
    """The text of every page (pdftotext -layout; pages end with a form feed)."""
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split("\f")[:-1]


def bench(
    name: str, source: Path, jobs: int, work: Path, repeat: int = 1, serial_only: bool = False
) -> None:
    import weasyprint

    from dossier.assemble import document as assemble
    from dossier.assemble import mapstore
    from dossier.bib import render as bib_render
    from dossier.bib import stored as bib_stored
    from dossier.core import cache, collection
    from dossier.load import sources
    from dossier.render import html as html_render
    from dossier.render import pdf, pdf_parallel
    from dossier.render.fetch import SafeFetcher

    root = work / name
    shutil.copytree(source, root)
    cache_dir = work / f"cache-{name}"
    os.environ["DOSSIER_CACHE_DIR"] = str(cache_dir)
    cache.stamp()  # once per process, as in any build

    results: dict[str, bytes] = {}
    pages: dict[str, int] = {}
    clocks: list[tuple[str, StageClock]] = []  # the serial builds' own stages, run by run

    def build(label: str, jobs_now: int, guess_first: bool = True) -> Callable[[], str]:
        def run() -> str:
            saved = pdf_parallel.lay_out
            if not guess_first:
                pdf_parallel.lay_out = functools.partial(saved, guess_first=False)
            clock = StageClock()
            try:
                with collection.fewer_collections():  # as api.build
                    t0 = time.perf_counter()
                    doc = assemble.build_document(sources.load(root), "nomination", "en")
                    clock.add("sources and model", time.perf_counter() - t0)
                    with clock.wrapping() if jobs_now == 1 else contextlib.nullcontext():
                        data, _ = pdf.render_with_diagnostics(doc, root=root, jobs=jobs_now)
            finally:
                pdf_parallel.lay_out = saved
            results[label] = data
            if jobs_now == 1:
                clocks.append((label, clock))
                return ""
            s = pdf_parallel.LAST
            return (
                f"chunks {s.chunks}, laid out {s.laid_out} (passes {s.per_pass}), "
                f"renumbered {s.renumbered}, cached {s.from_cache}{', ' + s.fallback if s.fallback else ''}"
            )

        return run

    doc = assemble.build_document(sources.load(root), "nomination", "en")
    text, _ = html_render.render_with_diagnostics(doc, for_pdf=True, root=root)

    def alone() -> str:
        data = weasyprint.HTML(
            string=text, base_url=html_render.BASE_URL, url_fetcher=SafeFetcher(root)
        ).write_pdf()
        results["alone"] = data
        return ""

    def alone_fewer_collections() -> str:
        with collection.fewer_collections():
            return alone()

    # Warm-up: fonts, hyphenation patterns of every language of the document, stylesheet
    # parsing, the memory of a whole layout; otherwise the first timed run pays for them.
    warm = assemble.build_document(sources.load(root), "tentative-list", "en")
    pdf.render_with_diagnostics(warm, root=root, jobs=1)
    alone()

    def forget(kind: str) -> None:
        for entry in cache_dir.glob(f"{kind}-*"):
            entry.unlink()

    rows: list[tuple[str, Timed, str]] = []

    def cold() -> None:
        # Builds 2 to 4 format the citations and draw the maps, as a first build does:
        # neither the process's nor the disk cache's formatted citations (bib.stored)
        # serve them, nor the maps kept on disk (assemble.mapstore); they find no
        # laid-out chapter and no page numbers of an earlier build.
        bib_render._FORMATTED.clear()
        for kind in (
            bib_stored.KIND,
            bib_stored.WORKS_KIND,
            mapstore.KIND,
            pdf_parallel.CACHE_KIND,
            pdf_parallel.PLAN_KIND,
        ):
            forget(kind)

    plan: list[tuple[str, Callable[[], str], Callable[[], object]]] = []

    def measure(label: str, fn: Callable[[], str], before: Callable[[], object]) -> None:
        plan.append((label, fn, before))

    alone_label, serial_label = "WeasyPrint alone (one pass)", "our serial build (--jobs 1)"
    kept_label = "  the same, citations and maps on disk"
    measure(alone_label, alone, cold)
    measure("  the same, collector as in our builds", alone_fewer_collections, cold)
    measure(serial_label, build("serial", 1), cold)
    measure(
        kept_label,
        build("serial-kept", 1),
        bib_render._FORMATTED.clear,  # a new process: what bib.stored and mapstore keep
    )
    edited: list[str] = []
    if not serial_only:
        measure(f"our parallel build, cold (--jobs {jobs})", build("parallel", jobs), cold)
        measure("  the same, each chapter laid out twice", build("twice", jobs, False), cold)
        measure(
            "parallel, page numbers known",
            build("known", jobs),
            lambda: forget(pdf_parallel.CACHE_KIND),
        )
        measure(
            "rebuild after a one-paragraph change",
            build("rebuild", jobs),
            lambda: edited.append(edit_one_paragraph(root)),
        )
    # Every build once per round, `repeat` rounds, the best run of each shown: the
    # machine's speed drifts over minutes, and rounds spread that drift over all rows.
    runs: dict[str, list[tuple[Timed, str]]] = {label: [] for label, _, _ in plan}
    for _ in range(repeat):
        for label, fn, before in plan:
            before()
            load = _load()
            runs[label].append((timed(fn), load))
    for label, _, _ in plan:
        best = min(runs[label], key=lambda r: r[0].wall)
        rows.append((label, best[0], best[1] + (f", best of {repeat}" if repeat > 1 else "")))

    import io

    import pikepdf

    for key, data in results.items():
        with pikepdf.open(io.BytesIO(data)) as p:
            pages[key] = len(p.pages)
    base = rows[0][1]
    parallel = f" (parallel {pages['parallel']})" if "parallel" in pages else ""
    print(f"\n== {name}: {pages['serial']} pages{parallel}, jobs {jobs}")
    print(f"{'':48} {'wall':>7} {'cpu':>7} {'x wall':>7} {'x cpu':>7} {'gc':>6}")
    for label, t, load in rows:
        print(
            f"{label:48} {t.wall:6.2f}s {t.total_cpu:6.2f}s "
            f"{t.wall / base.wall:7.3f} {t.total_cpu / base.total_cpu:7.3f} "
            f"{t.collector:5.2f}s  {load}"
        )
        if t.note:
            print(f"{'':50}{t.note}")
    for label, clock in clocks:
        print(f"{label}, {clock.summary(base.wall)}")
    # Round by round, the serial build against WeasyPrint alone run just before it: the
    # drift of the machine's speed cancels more than in the best runs above.
    for label, what in (
        (serial_label, "serial"),
        (kept_label, "serial, citations and maps on disk"),
    ):
        pairs = zip(runs[alone_label], runs[label], strict=True)
        ratios = sorted(b[0].wall / a[0].wall for a, b in pairs)
        print(
            f"{what} / alone, round by round: "
            + " ".join(f"{r:.3f}" for r in ratios)
            + f"; median {ratios[len(ratios) // 2]:.3f}"
        )
    if edited:
        print(f"rebuilds: a sentence added to text/{edited[0]} before each")
    if serial_only:
        return
    serial_text = page_texts(results["serial"], work / f"{name}-serial.pdf")
    before = len(MISMATCHES)
    for key in ("parallel", "known"):
        texts = page_texts(results[key], work / f"{name}-{key}.pdf")
        differ = [n for n, (a, b) in enumerate(zip(texts, serial_text, strict=False), 1) if a != b]
        if len(texts) != len(serial_text) or differ:
            MISMATCHES.append(f"{name} {key}: {len(texts)} pages, differing {differ[:12]}")
            print(f"NOT THE SAME: {MISMATCHES[-1]} (serial {len(serial_text)} pages)")
    if len(MISMATCHES) == before:
        print(f"serial and parallel: the same text on each of the {len(serial_text)} pages")
    same = results["parallel"] == results["known"] == results["twice"]
    print(
        f"parallel cold (guessed numbers, or laid out twice) and with numbers known: same bytes {same}"
    )
    print(
        f"PDF sizes: alone {len(results['alone']) / 1e6:.2f} MB, serial "
        f"{len(results['serial']) / 1e6:.2f} MB, parallel {len(results['parallel']) / 1e6:.2f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="parallel PDF build benchmark")
    ap.add_argument("--jobs", type=int, default=0, help="processes (default: the cores)")
    ap.add_argument("--only", choices=["example", "large"])
    ap.add_argument("--large", type=Path, help="the 300-page dossier (generated if absent)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each build; the best is shown")
    ap.add_argument(
        "--serial", action="store_true", help="only WeasyPrint alone and the serial build"
    )
    args = ap.parse_args(argv)

    from dossier.render import pdf_parallel

    jobs = args.jobs or pdf_parallel.default_jobs()
    print(f"cores usable: {pdf_parallel.default_jobs()}, jobs: {jobs}, {_load()}")
    with tempfile.TemporaryDirectory(prefix="dossier-bench-par-") as tmp:
        work = Path(tmp)
        if args.only in (None, "example"):
            bench("example", EXAMPLE, jobs, work, args.repeat, args.serial)
        if args.only in (None, "large"):
            large = args.large
            if large is None:
                sys.path.insert(0, str(HERE))
                import gen_large

                large = work / "generated"
                gen_large.generate(large)
            bench("large", large, jobs, work, args.repeat, args.serial)
    for line in MISMATCHES:
        print(f"FAILED: serial and parallel PDFs differ: {line}")
    return 1 if MISMATCHES else 0


if __name__ == "__main__":
    sys.exit(main())
