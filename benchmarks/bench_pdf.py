# ruff: noqa: T201 - a command-line report
"""Benchmark of the PDF build on the large synthetic dossier (benchmarks/gen_large.py).

    python benchmarks/bench_pdf.py [DIR] [--variant pdf/a-3b] [--generate] [--out FILE]

Measures, in one process and on the same input:

1. our full pipeline: load the sources, assemble the model, render the print HTML,
   lay out and write the PDF (dossier.render.pdf.render), i.e. what `dossier build --to pdf`
   does after its checks;
2. WeasyPrint alone on the very HTML of step 1 (HTML(string=...).write_pdf() with the same
   URL fetcher and variant): the floor our pipeline cannot go under;
3. their ratio (target: <= 1.10) and the peak memory of the process (ru_maxrss).

Wall time and CPU time (process_time) are both printed: on a shared machine the CPU time
is the steadier figure (WeasyPrint runs on one thread). A small warm-up render first loads
what both runs share (fonts, hyphenation dictionaries), so neither pays it alone.
`dossier check` is timed on its own line: it runs before a build but is not rendering.
Prints figures only; there is no threshold and no assertion.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dossier.diagnostics import Diagnostic

HERE = Path(__file__).resolve().parent


def _mb(kib: int) -> str:
    return f"{kib / 1024:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="PDF build benchmark")
    ap.add_argument("dir", nargs="?", type=Path, help="dossier folder (generated when absent)")
    ap.add_argument("--variant", default=None, choices=[None, "pdf/a-3b", "pdf/ua-1"])
    ap.add_argument("--out", type=Path, help="also write the PDF there")
    ap.add_argument("--skip-check", action="store_true", help="do not time `dossier check`")
    ap.add_argument(
        "--repeat", type=int, default=1, help="measure N times (alternating), print medians"
    )
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    import weasyprint  # imported up front: both measurements start warm

    from dossier import api, assemble, sources
    from dossier.render import html as html_render
    from dossier.render import pdf as pdf_render
    from dossier.render.fetch import SafeFetcher

    t_import = time.perf_counter() - t0

    root: Path = args.dir
    if root is None:
        sys.path.insert(0, str(HERE))
        import gen_large

        root = Path(tempfile.mkdtemp(prefix="dossier-bench-")) / "large"
        t = time.perf_counter()
        gen_large.generate(root)
        print(f"generated {root} in {time.perf_counter() - t:.1f} s")

    if not args.skip_check:
        t = time.perf_counter()
        checked = api.check(root)
        errors = sum(1 for d in checked.diagnostics if d.severity == "error")
        print(f"dossier check:           {time.perf_counter() - t:7.2f} s  ({errors} errors)")

    # 0. warm-up: fonts, hyphenation patterns, stylesheet parsing
    warm = html_render.render(
        assemble.build_document(sources.load(root), "tentative-list", "en"), for_pdf=True, root=root
    )
    pdf_render.write_pdf(warm, root=root)

    def pipeline_run() -> tuple[float, float, float, float, float, float, bytes, list[Diagnostic]]:
        # The model is built from a fresh load: nothing is reused from an earlier run.
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        src = sources.load(root)
        t1 = time.perf_counter()
        doc = assemble.build_document(src, "nomination", "en")
        t2, c2 = time.perf_counter(), time.process_time()
        data, diagnostics = pdf_render.render_with_diagnostics(doc, variant=args.variant, root=root)
        t3, c3 = time.perf_counter(), time.process_time()
        return t1 - t0, t2 - t1, t3 - t0, c3 - c0, t3 - t2, c3 - c2, data, diagnostics

    options: dict[str, object] = {}
    if args.variant:
        options["pdf_variant"] = args.variant

    def alone_run(html_text: str) -> tuple[float, float, bytes]:
        gc.collect()
        c, t = time.process_time(), time.perf_counter()
        out = weasyprint.HTML(
            string=html_text, base_url=html_render.BASE_URL, url_fetcher=SafeFetcher(root)
        ).write_pdf(**options)
        return time.perf_counter() - t, time.process_time() - c, out

    runs: list[tuple[float, ...]] = []
    for i in range(max(1, args.repeat)):
        if i % 2 == 0:
            t_load_i, t_model_i, pipe, c_pipe, rend, c_rend, data, diagnostics = pipeline_run()
        doc = assemble.build_document(sources.load(root), "nomination", "en")
        t = time.perf_counter()
        html_text, _ = html_render.render_with_diagnostics(doc, for_pdf=True, root=root)
        t_html = time.perf_counter() - t
        t_alone, c_alone, alone = alone_run(html_text)
        if i % 2 == 1:
            t_load_i, t_model_i, pipe, c_pipe, rend, c_rend, data, diagnostics = pipeline_run()
        runs.append((t_load_i, t_model_i, pipe, c_pipe, rend, c_rend, t_alone, c_alone, t_html))
    med = [statistics.median(col) for col in zip(*runs, strict=True)]
    t_load, t_model, pipeline, c_pipeline, render_only, c_render_only, t_alone, c_alone, t_html = (
        med
    )

    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    problems = [d for d in diagnostics if d.severity == "error"]
    same = "identical" if alone == data else f"differ ({len(alone)} vs {len(data)} bytes)"

    print(f"dossier: {root}")
    print(
        f"pages: {pages}, PDF {len(data) / 1e6:.2f} MB, variant {args.variant or 'default'}, "
        f"{len(problems)} render errors, {len(diagnostics)} diagnostics"
    )
    print(f"imports (weasyprint, dossier): {t_import:6.2f} s")
    print(f"runs: {len(runs)} (medians)          wall      cpu")
    print(f"  load sources:                {t_load:7.2f} s")
    print(f"  assemble model:              {t_model:7.2f} s")
    print(f"  render PDF (ours, all in):   {render_only:7.2f} s {c_render_only:7.2f} s")
    print(f"    of which model -> HTML:    {t_html:7.2f} s")
    print(
        f"pipeline total:                {pipeline:7.2f} s {c_pipeline:7.2f} s"
        f"  ({1000 * pipeline / pages:.0f} ms/page)"
    )
    print(f"WeasyPrint alone:              {t_alone:7.2f} s {c_alone:7.2f} s  (output {same})")
    print(
        f"ratio pipeline/alone:          {pipeline / t_alone:7.3f}   {c_pipeline / c_alone:7.3f}"
        "  (target <= 1.10)"
    )
    ratio, c_ratio = render_only / t_alone, c_render_only / c_alone
    print(f"ratio render PDF/alone:        {ratio:7.3f}   {c_ratio:7.3f}")
    print(f"peak memory (ru_maxrss):       {_mb(peak)}")
    if args.out:
        args.out.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
