"""Wall time and peak memory of the DOCX build of a ~300-page dossier.

    python benchmarks/bench_docx.py [--runs 3] [--keep OUT.docx] [--synthetic] [--update-fields]

Generates the synthetic dossier of benchmarks/gen_large.py in a temporary folder, loads
and assembles it once (timed apart), then times `render.docx.render` on the document
model. With --synthetic (or when gen_large.py is missing or fails), an in-memory
Document of about the same size is used instead. Prints figures; asserts nothing.

Peak memory: the process's maximum resident set size (ru_maxrss) after each step, and
tracemalloc's peak of Python allocations during one render (lxml's own memory is not
seen by tracemalloc, hence both).

With --update-fields (needs LibreOffice), also times `lo_update.update_fields` on the
rendered DOCX and says where its time goes: finding LibreOffice and its Python, starting
soffice, loading the DOCX, laying it out, reading the bookmarks' pages, shutting down,
and writing the page numbers into the package.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dossier.core import model as m  # noqa: E402


def rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def from_gen_large(folder: Path) -> m.Document | None:
    gen = ROOT / "benchmarks" / "gen_large.py"
    if not gen.is_file():
        print("benchmarks/gen_large.py is missing: using an in-memory document")
        return None
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, str(gen), str(folder)], capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"gen_large.py failed ({proc.stderr.strip()[-200:]}): using an in-memory document")
        return None
    print(f"generate dossier        {time.perf_counter() - t:6.2f} s")
    from dossier.assemble import document as assemble
    from dossier.load import sources

    t = time.perf_counter()
    try:
        src = sources.load(folder)
        doc = assemble.build_document(src, "nomination", "en")
    except Exception as exc:  # the benchmark must not depend on every module being finished
        print(f"load/assemble failed ({exc!r}): using an in-memory document")
        return None
    print(f"load + assemble         {time.perf_counter() - t:6.2f} s  (not part of the DOCX build)")
    return doc


def synthetic(folder: Path) -> m.Document:
    """About 300 pages: 10 chapters x 6 sections of prose, lists, tables and figures."""
    from PIL import Image

    t = m.Text
    words = [
        "the",
        "plateau",
        "escarpment",
        "of",
        "Ustyurt",
        "holds",
        "stone",
        "hunting",
        "traps",
        "(arans)",
        "built",
        "by",
        "nomadic",
        "communities",
        "to",
        "drive",
        "saiga",
        "antelope",
        "along",
        "converging",
        "walls",
        "into",
        "pits",
    ]
    sections: list[m.Section] = []
    figures: list[m.Figure] = []
    tables: list[m.Table] = []
    footnotes: list[m.Footnote] = []
    anchors: dict[str, str] = {}
    n_fn = 0
    for ch in range(1, 11):
        children = []
        for k in range(6):
            number = f"{ch}.{chr(97 + k)}"
            blocks: list[m.Block] = []
            for p in range(26):
                text = " ".join(words[(p + i) % len(words)] for i in range(60))
                inl: list[m.Inline] = [
                    t(text.capitalize() + " "),
                    m.Styled("i", (t("Үстірт"),)),
                    t("."),
                ]
                if p % 9 == 0:
                    n_fn += 1
                    inl.append(m.FootnoteRef(n_fn))
                    footnotes.append(
                        m.Footnote(n_fn, (m.Para((t(f"Note {n_fn}: {text[:120]}"),)),))
                    )
                blocks.append(m.Para(tuple(inl)))
                if p == 10:
                    blocks.append(
                        m.ListBlock(
                            True, tuple((m.Para((t(f"item {i}: {text[:80]}"),)),) for i in range(5))
                        )
                    )
            if k % 2 == 0 and len(tables) < 50:
                num = len(tables) + 1
                tables.append(
                    m.Table(
                        (
                            m.Cell((t("Attribute"),), header=True),
                            m.Cell((t("Value"),), header=True),
                        ),
                        tuple(
                            (m.Cell((t(f"row {r}"),)), m.Cell((t(f"{r * 17.5:.1f}"),), "right"))
                            for r in range(15)
                        ),
                        f"t{num}",
                        num,
                        (t(f"Table number {num}"),),
                        (2, 1),
                    )
                )
                anchors[f"tbl-t{num}"] = f"Table {num}"
                blocks.append(tables[-1])
            if k % 2 == 1 and len(figures) < 30:
                num = len(figures) + 1
                path = folder / f"img{num}.png"
                Image.new("RGB", (1600, 1000), (40 + num * 5, 120, 160)).save(path)
                figures.append(
                    m.Figure(f"f{num}", num, (t(f"Figure caption {num}"),), "alt", path=path)
                )
                anchors[f"fig-f{num}"] = f"Figure {num}"
                blocks.append(figures[-1])
            children.append(
                m.Section(f"sec-{number}", number, f"Section {number} title", 2, blocks)
            )
        sections.append(
            m.Section(f"sec-{ch}", str(ch), f"Chapter {ch}", 1, [], children, page_break=True)
        )
    return m.Document(
        doc="nomination",
        lang="en",
        profile="annex5-2023",
        title="Nomination",
        property_name="Synthetic property",
        short_name="Synthetic",
        states_parties=["Kazakhstan"],
        region="Mangystau",
        date="2025-09-24",
        date_text="24 September 2025",
        category="mixed",
        illustrative=True,
        cover_lines=[],
        sections=sections,
        figures=figures,
        tables=tables,
        footnotes=footnotes,
        labels={},
        anchors=anchors,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="DOCX build benchmark")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="write the DOCX here")
    ap.add_argument("--synthetic", action="store_true", help="skip gen_large.py")
    ap.add_argument(
        "--update-fields", action="store_true", help="also time --update-fields (LibreOffice)"
    )
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="dossier-bench-docx-") as tmp:
        folder = Path(tmp) / "large"
        doc = None if args.synthetic else from_gen_large(folder)
        if doc is None:
            folder.mkdir(parents=True, exist_ok=True)
            doc = synthetic(folder)
        sections = doc.all_sections()
        print(
            f"model: {len(sections)} sections, {len(doc.figures)} figures, "
            f"{len(doc.tables)} numbered tables, {len(doc.footnotes)} footnotes"
        )
        before = rss_mb()
        t = time.perf_counter()
        import cairosvg  # noqa: F401  (imported by the first SVG figure anyway)

        from dossier.render.docx import document as render_docx

        print(f"import renderer         {time.perf_counter() - t:6.2f} s")
        times: list[float] = []
        cpu: list[float] = []
        data = b""
        for _ in range(args.runs):
            gc.collect()
            t, c = time.perf_counter(), time.process_time()
            data = render_docx.render(doc)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        print(
            f"render DOCX             {statistics.median(times):6.2f} s median of {args.runs} "
            f"(min {min(times):.2f}, max {max(times):.2f})"
        )
        print(
            f"  CPU time (all threads) {statistics.median(cpu):6.2f} s median "
            f"(wall below CPU means the SVG threads overlapped)"
        )
        peak_rss = rss_mb()
        gc.collect()
        tracemalloc.start()
        render_docx.render(doc)
        _, py_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"output                  {len(data) / 1e6:6.2f} MB")
        print(
            f"peak RSS                {peak_rss:6.0f} MB (before the first render: {before:.0f} MB)"
        )
        print(
            f"peak Python allocations {py_peak / 1e6:6.0f} MB "
            "(tracemalloc, one more render, untimed)"
        )
        if args.keep:
            args.keep.write_bytes(data)
            print(f"wrote {args.keep}")
        if args.update_fields:
            update_fields(data)
    return 0


def update_fields(data: bytes) -> None:
    from dossier.render.docx import lo_update

    timings: dict[str, float] = {}
    t, c = time.perf_counter(), time.process_time()
    lo_update.update_fields(data, timings=timings)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"update fields           {wall:6.2f} s wall ({cpu:.2f} s CPU in this process)")
    inside = sum(v for k, v in timings.items() if k.startswith("LibreOffice: "))
    for step, seconds in timings.items():
        if step not in ("total", "LibreOffice process"):
            print(f"  {step:<30} {seconds:6.2f} s")
    rest = timings.get("LibreOffice process", 0.0) - inside - timings.get("find LibreOffice", 0)
    print(f"  {'LibreOffice: shut down, IPC':<30} {rest:6.2f} s")


if __name__ == "__main__":
    raise SystemExit(main())
