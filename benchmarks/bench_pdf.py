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

`dossier check` is timed on its own line: it runs before a build but is not rendering.
The order is: pipeline, then WeasyPrint alone, so the second run does not profit from
caches warmed by the first more than the first did by the imports (both import first).
Prints figures only; there is no threshold and no assertion.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _mb(kib: int) -> str:
    return f"{kib / 1024:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="PDF build benchmark")
    ap.add_argument("dir", nargs="?", type=Path, help="dossier folder (generated when absent)")
    ap.add_argument("--variant", default=None, choices=[None, "pdf/a-3b", "pdf/ua-1"])
    ap.add_argument("--out", type=Path, help="also write the PDF there")
    ap.add_argument("--skip-check", action="store_true", help="do not time `dossier check`")
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

    # 1. our pipeline
    gc.collect()
    t_start = time.perf_counter()
    src = sources.load(root)
    t_load = time.perf_counter()
    doc = assemble.build_document(src, "nomination", "en")
    t_model = time.perf_counter()
    html_text, _ = html_render.render_with_diagnostics(doc, for_pdf=True, root=root)
    t_html = time.perf_counter()
    data, diagnostics = pdf_render.render_with_diagnostics(doc, variant=args.variant, root=root)
    t_end = time.perf_counter()
    pipeline = (t_load - t_start) + (t_model - t_load) + (t_end - t_html)
    # render_with_diagnostics renders the HTML again inside: count that one, not ours above.

    # 2. WeasyPrint alone, same HTML, same fetcher and options
    gc.collect()
    t = time.perf_counter()
    options: dict[str, object] = {}
    if args.variant:
        options["pdf_variant"] = args.variant
    alone = weasyprint.HTML(
        string=html_text, base_url=html_render.BASE_URL, url_fetcher=SafeFetcher(root)
    ).write_pdf(**options)
    t_alone = time.perf_counter() - t

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
    print(f"imports (weasyprint, dossier): {t_import:7.2f} s")
    print(f"  load sources:          {t_load - t_start:7.2f} s")
    print(f"  assemble model:        {t_model - t_load:7.2f} s")
    print(f"  render HTML:           {t_html - t_model:7.2f} s")
    print(f"  render PDF (html+weasyprint+checks): {t_end - t_html:7.2f} s")
    print(f"pipeline total:          {pipeline:7.2f} s  ({1000 * pipeline / pages:.0f} ms/page)")
    print(f"WeasyPrint alone:        {t_alone:7.2f} s  (output {same})")
    print(f"ratio pipeline/alone:    {pipeline / t_alone:7.3f}  (target <= 1.10)")
    print(f"peak memory (ru_maxrss): {_mb(peak)}")
    if args.out:
        args.out.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
