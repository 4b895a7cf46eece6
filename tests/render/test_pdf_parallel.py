"""The PDF laid out in parallel (render.pdf_parallel) has the single pass's pages.

Compared page by page (pdftotext, one page at a time) and in what a reader follows:
links and their targets, bookmarks, named destinations, document information.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, MINIMAL, need

from dossier.render import pdf, pdf_chunks, pdf_parallel


def _page_texts(data: bytes, folder: Path, name: str) -> list[str]:
    path = folder / f"{name}.pdf"
    path.write_bytes(data)
    count = _structure(data)["pages"]
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def _fonts(path: Path) -> list[list[str]]:
    """pdffonts' rows (name, type, encoding, embedded, subset, Unicode map), no object ids."""
    need("pdffonts")
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split()[:-2] for line in out.stdout.splitlines()[2:] if line.strip()]
    return sorted(rows)


def _structure(data: bytes) -> dict[str, Any]:
    """What a reader follows besides the text: links, bookmarks, destinations, metadata."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as doc:
        index = {p.objgen: i for i, p in enumerate(doc.pages)}

        def where(dest: Any) -> tuple[int, list[float]]:
            return index[dest[0].objgen], [round(float(x), 2) for x in list(dest)[2:4]]

        links = [
            (i, [round(float(x), 2) for x in a.Rect], str(a.get("/Dest", "")))
            for i, p in enumerate(doc.pages)
            for a in p.get("/Annots", [])
        ]
        names: dict[str, Any] = {}
        if "/Names" in doc.Root:
            flat = list(doc.Root.Names.Dests.Names)
            names = {str(flat[k]): where(flat[k + 1]) for k in range(0, len(flat), 2)}
        marks: list[tuple[int, str, int]] = []
        with doc.open_outline() as outline:

            def walk(items: Any, depth: int) -> None:
                for item in items:
                    marks.append((depth, item.title, where(item.destination)[0]))
                    walk(item.children, depth + 1)

            walk(outline.root, 0)
        return {
            "pages": len(doc.pages),
            "links": links,
            "names": names,
            "outlines": marks,
            "info": {str(k): str(v) for k, v in doc.docinfo.items()},
            "catalog": sorted(str(k) for k in doc.Root),
        }


def _compare(root: Path, kind: str, tmp_path: Path) -> None:
    from dossier.assemble import document as assemble
    from dossier.load import sources

    need("pdftotext")
    doc = assemble.build_document(sources.load(root), kind, "en")
    serial, found_serial = pdf.render_with_diagnostics(doc, root=root, jobs=1)
    parallel, found_parallel = pdf.render_with_diagnostics(doc, root=root, jobs=2)
    stats = pdf_parallel.LAST
    assert stats.fallback == "" and stats.chunks > 2, stats
    assert _structure(parallel) == _structure(serial)
    assert _page_texts(parallel, tmp_path, "parallel") == _page_texts(serial, tmp_path, "serial")
    # One embedded program per font, as in the single pass (not one per chunk).
    assert _fonts(tmp_path / "parallel.pdf") == _fonts(tmp_path / "serial.pdf")
    assert sorted(d.message for d in found_parallel) == sorted(d.message for d in found_serial)
    # From run to run: the same bytes (laid out again, not taken from the cache).
    again = pdf_parallel.lay_out(
        _html(doc, root), root=root, date=doc.date, jobs=2, use_cache=False
    )
    assert again is not None and again[0] == parallel


def _html(doc: Any, root: Path) -> str:
    from dossier.render import html

    return html.render(doc, for_pdf=True, root=root)


def test_parallel_pages_are_the_single_passs_on_a_small_dossier(tmp_path: Path) -> None:
    _compare(MINIMAL, "nomination", tmp_path)


@pytest.mark.slow
def test_parallel_pages_are_the_single_passs_on_the_example(tmp_path: Path) -> None:
    _compare(EXAMPLE, "nomination", tmp_path)


def test_a_rebuild_lays_out_only_the_changed_chunk(minimal_doc: Any, tmp_path: Path) -> None:
    from dataclasses import replace

    from dossier.core import model as m

    html = _html(minimal_doc, MINIMAL)
    first = pdf_parallel.lay_out(html, root=MINIMAL, date=minimal_doc.date, jobs=2)
    assert first is not None
    same = pdf_parallel.lay_out(html, root=MINIMAL, date=minimal_doc.date, jobs=2)
    assert same is not None and same[0] == first[0]
    assert pdf_parallel.LAST.laid_out == 0, pdf_parallel.LAST
    # One word more in the last chapter: that chunk only (its page count is the same).
    last = minimal_doc.sections[-1]
    para = m.Para((m.Text("One more sentence."),))
    changed = replace(
        minimal_doc,
        sections=(*minimal_doc.sections[:-1], replace(last, blocks=(*last.blocks, para))),
    )
    again = pdf_parallel.lay_out(
        _html(changed, MINIMAL), root=MINIMAL, date=minimal_doc.date, jobs=2
    )
    assert again is not None and again[0] != first[0]
    assert pdf_parallel.LAST.laid_out == 1, pdf_parallel.LAST


def test_the_layout_stamp_names_the_native_libraries() -> None:
    # A stamp made of chance would never let another process use the cache.
    assert "pango=" in pdf_parallel._native_versions()
    assert pdf_parallel.layout_stamp() == pdf_parallel.layout_stamp()


def test_chunks_start_at_chapters_and_carry_what_they_cannot_see() -> None:
    text = (
        "<!DOCTYPE html><html><head><style>@page { @bottom-center { content: counter(page)"
        ' " of " counter(pages) } } .cover { string-set: shortname attr(data-short-name) }'
        " a.xref::after { content: target-counter(attr(href), page) }</style></head>\n"
        '<body class="print">\n<section class="cover" data-short-name="Ust &amp; &quot;yurt&quot;">'
        "<p>cover</p></section>\n"
        '<section class="sec sec-l1 chapter"><h1 id="sec-1">One</h1><p>x<br>'
        '<a class="xref" href="#fig-2">Figure 2</a></p></section>\n'
        '<section class="sec sec-l1"><h1 id="sec-1b">Runs on</h1></section>\n'
        '<section class="sec sec-l1 chapter"><h1 id="sec-2">Two</h1>'
        '<figure id="fig-2"><svg><path d="M0 0"/></svg></figure></section>\n'
        "</body>\n</html>\n"
    )
    doc = pdf_chunks.split(text)
    assert doc is not None
    assert [c.name for c in doc.chunks] == ["cover", "sec-1", "sec-2"]
    assert "Runs on" in doc.chunks[1].body
    assert doc.chunks[1].targets == ("fig-2",)
    out = doc.chunks[1].html(doc, first_page=7, total=31, numbers={"fig-2": 12})
    assert 'href="#fig-2" data-dossier-page="12"' in out
    assert "counter-reset: page 7 dossier-pages 31" in out
    assert '" of " counter(dossier-pages)' in out and "counter(pages)" not in out
    assert "target-counter" not in out and "attr(data-dossier-page)" in out
    assert 'string-set: shortname "Ust & \\"yurt\\""' in out
    assert (
        "string-set: shortname"
        not in doc.chunks[0].html(doc, first_page=1, total=31, numbers={}).split("</style>", 1)[1]
    )
    # A stylesheet with a page-based value it cannot give: no chunks (the single pass).
    assert (
        pdf_chunks.split(text.replace("target-counter(attr(href), page)", "target-text(x)")) is None
    )
    assert pdf_chunks.split(text.replace("(attr(href), page)", "(attr(href), chapter)")) is None
    # Text straight in the body: not cut.
    assert pdf_chunks.split(text.replace("</body>", "loose text</body>")) is None


def test_the_workers_leave_no_font_folder_behind(
    minimal_doc: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each worker keeps one font configuration for all its chunks; its font files lie in
    # the build's temporary folder, which the build removes when the workers are gone.
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    html = _html(minimal_doc, MINIMAL)
    for guess_first in (True, False):  # the workers of render.pdf_guess, and the pool's
        laid = pdf_parallel.lay_out(
            html,
            root=MINIMAL,
            date=minimal_doc.date,
            jobs=2,
            use_cache=False,
            guess_first=guess_first,
        )
        assert laid is not None and pdf_parallel.LAST.laid_out >= pdf_parallel.LAST.chunks
        assert (pdf_parallel.LAST.renumbered > 0) is guess_first
        assert sorted(p.name for p in temp.iterdir()) == []


@pytest.mark.slow
def test_parallel_pages_are_the_single_passs_on_the_300_page_dossier(tmp_path: Path) -> None:
    """The benchmark dossier of about 300 pages (benchmarks/gen_large.py): footnotes carried
    to the next page, hyphenation and page references across ten chapters. Its serial
    build once lost two footnotes that the parallel build printed a page later."""
    import sys

    from dossier.assemble import document as assemble
    from dossier.load import sources

    need("pdftotext")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import gen_large
    from bench_parallel import page_texts

    root = tmp_path / "large"
    gen_large.generate(root)
    doc = assemble.build_document(sources.load(root), "nomination", "en")
    serial, found_serial = pdf.render_with_diagnostics(doc, root=root, jobs=1)
    parallel, found_parallel = pdf.render_with_diagnostics(doc, root=root, jobs=2)
    assert pdf_parallel.LAST.fallback == "" and pdf_parallel.LAST.chunks > 5
    assert not [d for d in found_serial if d.rule == "render.footnote-lost"]
    assert sorted(d.message for d in found_parallel) == sorted(d.message for d in found_serial)
    serial_pages = page_texts(serial, tmp_path / "serial.pdf")
    assert len(serial_pages) > 250
    assert page_texts(parallel, tmp_path / "parallel.pdf") == serial_pages
