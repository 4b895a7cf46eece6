"""Page numbers put into laid-out chunks in place (render.renumber) and the first build that
relies on it (render.pdf_guess): the same bytes as chunks laid out with their numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL

from dossier.render import layout, pdf_chunks, pdf_guess, pdf_parallel, renumber


@pytest.fixture(scope="module")
def chunks(minimal_doc: Any) -> pdf_chunks.Document:
    from dossier.render import html

    doc = pdf_chunks.split(html.render(minimal_doc, for_pdf=True, root=MINIMAL))
    assert doc is not None
    return doc


def _chunk(doc: pdf_chunks.Document, name: str) -> pdf_chunks.Chunk:
    return next(c for c in doc.chunks if c.name == name)


def _lay_out(doc: pdf_chunks.Document, chunk: pdf_chunks.Chunk, numbers: renumber.Numbers) -> Any:
    """(WeasyPrint document, its layout context) of the chunk with these numbers."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from dossier.render import html, weasy
    from dossier.render.fetch import SafeFetcher

    text = chunk.html(
        doc, first_page=numbers.first_page, total=numbers.total, numbers=numbers.targets
    )
    contexts: list[Any] = []
    with weasy.environment("2025-01-01"), renumber.keeping_context(contexts):
        rendered = weasyprint.HTML(
            string=text, base_url=html.BASE_URL, url_fetcher=SafeFetcher(MINIMAL)
        ).render(font_config=FontConfiguration())
    assert len(contexts) == 1
    return rendered, contexts[0]


def _texts(rendered: Any) -> list[str]:
    """Every page's text, margins included (layout.read_pages leaves the margins out)."""

    def walk(box: Any) -> Any:
        if type(box).__name__ == "TextBox":
            yield box.text
        for child in getattr(box, "children", None) or ():
            yield from walk(child)

    return ["|".join(walk(page._page_box)) for page in rendered.pages]


def _numbers(chunk: pdf_chunks.Chunk, first: int, total: int, base: int) -> renumber.Numbers:
    return renumber.Numbers(first, total, {t: base + k for k, t in enumerate(chunk.targets)})


@pytest.mark.parametrize("name", ["contents", "sec-1"])
def test_renumbered_pages_are_those_laid_out_with_their_numbers(
    chunks: pdf_chunks.Document, name: str
) -> None:
    # The contents (numbers after a leader) and a chapter ("Figure N, p. M" in the text).
    # The total goes from two digits to three: the margins are made again.
    chunk = _chunk(chunks, name)
    assert chunk.targets
    old = _numbers(chunk, 41, 99, 120)
    new = _numbers(chunk, 40, 103, 117)
    guessed, context = _lay_out(chunks, chunk, old)
    assert renumber.renumber(guessed.pages, context, old, new)
    fresh, _ = _lay_out(chunks, chunk, new)
    texts = _texts(guessed)
    assert texts == _texts(fresh)
    assert "Page\u00a040\u00a0of\u00a0103" in texts[0]
    assert any(f"\u00a0{117 + len(chunk.targets) - 1}" in t for t in texts)
    assert layout.read_pages(guessed.pages) == layout.read_pages(fresh.pages)
    assert guessed.write_pdf() == fresh.write_pdf()


def test_a_number_of_another_width_is_not_put_in_place(chunks: pdf_chunks.Document) -> None:
    # 99 -> 100 could move the leader or break the line elsewhere: nothing is changed,
    # not even the margins, and the chunk must be laid out again.
    chunk = _chunk(chunks, "contents")
    old = _numbers(chunk, 3, 99, 10)
    new = renumber.Numbers(4, 100, {**old.targets, chunk.targets[-1]: 100})
    guessed, context = _lay_out(chunks, chunk, old)
    before = _texts(guessed)
    assert not renumber.renumber(guessed.pages, context, old, new)
    assert _texts(guessed) == before


def test_a_reference_without_its_old_or_new_number_is_not_renumbered(
    chunks: pdf_chunks.Document,
) -> None:
    chunk = _chunk(chunks, "sec-1")
    old = _numbers(chunk, 5, 20, 10)
    guessed, context = _lay_out(chunks, chunk, old)
    missing = renumber.Numbers(5, 20, dict(list(old.targets.items())[1:]))
    assert not renumber.renumber(guessed.pages, context, old, missing)
    assert not renumber.renumber(guessed.pages, context, missing, old)
    # The numbers it was laid out with: nothing to do, and nothing changes.
    before = _texts(guessed)
    assert renumber.renumber(guessed.pages, context, old, old)
    assert _texts(guessed) == before


def test_guesses_follow_the_text() -> None:
    words = "word " * (pdf_guess.CHARS_PER_PAGE // 5)  # a page of running text
    html = (
        "<!DOCTYPE html><html><head><style></style></head><body>\n"
        '<section class="cover"><h1>Title</h1></section>\n'
        f'<section class="chapter"><h1 id="a">A</h1><p>{words * 4}</p>'
        f'<p id="a-late">{words * 2}</p><p><a href="#b-figure">Figure</a></p></section>\n'
        f'<section class="chapter"><h1 id="b">B</h1><p>{words}</p>'
        '<figure id="b-figure"><img src="x.png"><img src="y.png"></figure>'
        f"<table>{'<tr><td>1</td></tr>' * 50}</table></section>\n"
        "</body></html>\n"
    )
    doc = pdf_chunks.split(html)
    assert doc is not None and len(doc.chunks) == 3
    guessed = pdf_guess.guess(doc)
    # The cover; six pages of text and a chapter's opening (2.4); one page of text, two
    # images (1.0) and 50 rows (0.55) and the opening.
    assert guessed.counts == [1, 8, 5]
    # The chunk's pages shared out in proportion: "a-late" after 4 of 6 pages of text
    # (5.3 of 8 pages), the figure after 1 of 2.55 (2 of 5).
    assert guessed.places == {"a": (1, 0), "a-late": (1, 5), "b": (2, 0), "b-figure": (2, 1)}
    counts, pages_of = pdf_guess.numbers(guessed, {})
    assert counts == [1, 8, 5]
    assert pages_of == {"a": 2, "a-late": 7, "b": 10, "b-figure": 11}
    # Once chapter A is laid out (10 pages, "a-late" on its 4th), its numbers are known,
    # and B's first page moves with A's count.
    laid = pdf_parallel.ChunkResult(
        b"", [layout.Page(n, 0, 1) for n in range(1, 11)], {}, frozenset(), []
    )
    laid.anchors = {"a": 0, "a-late": 3, "a-generated": 9}
    counts, pages_of = pdf_guess.numbers(guessed, {1: laid})
    assert counts == [1, 10, 5]
    assert pages_of == {"a": 2, "a-late": 5, "a-generated": 11, "b": 12, "b-figure": 13}


def test_a_first_build_gives_the_bytes_of_two_layouts_per_chunk(
    minimal_doc: Any, tmp_path: Path
) -> None:
    from dossier.render import html

    text = html.render(minimal_doc, for_pdf=True, root=MINIMAL)
    date = minimal_doc.date
    twice = pdf_parallel.lay_out(
        text, root=MINIMAL, date=date, jobs=2, use_cache=False, guess_first=False
    )
    assert twice is not None and pdf_parallel.LAST.renumbered == 0
    assert pdf_parallel.LAST.laid_out > pdf_parallel.LAST.chunks
    guessed = pdf_parallel.lay_out(text, root=MINIMAL, date=date, jobs=2, use_cache=False)
    stats = pdf_parallel.LAST
    assert guessed is not None and stats.fallback == ""
    assert stats.renumbered > stats.chunks // 2, stats
    assert stats.laid_out < 2 * stats.chunks, stats
    assert guessed[0] == twice[0]
    assert [p.text() for p in guessed[2]] == [p.text() for p in twice[2]]
    assert guessed[1] == twice[1]


def test_what_a_worker_raises_is_raised_by_the_build(
    minimal_doc: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A bug in a worker is not hidden by a fallback: the build raises it, with the
    # worker's traceback, and leaves no worker and no temporary folder behind.
    import tempfile

    from dossier.render import html

    def broken(task: Any) -> Any:
        raise KeyError("a bug in a worker")

    monkeypatch.setattr(pdf_guess, "_lay", broken)  # the workers are forked: they see it
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    text = html.render(minimal_doc, for_pdf=True, root=MINIMAL)
    with pytest.raises(KeyError, match="a bug in a worker") as raised:
        pdf_parallel.lay_out(text, root=MINIMAL, date=minimal_doc.date, jobs=2, use_cache=False)
    notes = getattr(raised.value, "__notes__", [])
    assert any("Raised in a layout worker" in n and "raise KeyError" in n for n in notes)
    assert list(tmp_path.iterdir()) == []
    import multiprocessing

    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_leaves_the_first_build_to_the_two_layouts(
    minimal_doc: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from dossier.render import html

    def dies(task: Any) -> Any:
        os._exit(9)

    monkeypatch.setattr(pdf_guess, "_lay", dies)
    text = html.render(minimal_doc, for_pdf=True, root=MINIMAL)
    laid = pdf_parallel.lay_out(text, root=MINIMAL, date=minimal_doc.date, jobs=2, use_cache=False)
    assert laid is not None and pdf_parallel.LAST.renumbered == 0
    assert pdf_parallel.LAST.laid_out > pdf_parallel.LAST.chunks
