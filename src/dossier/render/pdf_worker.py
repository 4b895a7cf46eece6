"""What a worker process of the parallel PDF layout runs: one chunk laid out by WeasyPrint.

render.pdf_parallel (a pool of processes) and render.pdf_guess (processes that keep their
chunks) both lay chunks out with these functions; the processes start with
`private_tmp` and share one font configuration (`worker_font_config`). A worker stopped
by a signal answers `Stopped`, and the build stops with `stop_here`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from dossier.core.diagnostics import Diagnostic
from dossier.render import layout
from dossier.render.renumber import Numbers

if TYPE_CHECKING:
    from dossier.render.fetch import SafeFetcher


@dataclass
class ChunkResult:
    """What one chunk's layout gives back to the parent process."""

    pdf: bytes
    pages: list[layout.Page]  # numbered from 1 within the chunk
    anchors: dict[str, int]  # anchor -> index of the first page that holds it
    ladder_words: frozenset[str]  # casefolded words of runs of hyphenated lines
    diagnostics: list[Diagnostic]
    cpu: float = 0.0
    from_cache: bool = False
    renumbered: bool = False  # laid out with other numbers, given its own in place


@dataclass(frozen=True)
class Task:
    html: str
    root: Path
    variant: str | None
    date: str
    forbidden: frozenset[str]
    write: bool = True  # False: lay out only, to learn the page numbers (no PDF)
    resources: str = ""  # digest of the dossier files it shows (images): part of its key
    numbers: Numbers = field(default_factory=lambda: Numbers(1, 1))  # those of `html`


def lay_out_chunk(task: Task) -> ChunkResult:
    """Lay out one chunk with WeasyPrint and write its PDF (runs in a worker process)."""
    from dossier.render import weasy
    from dossier.render.fetch import SafeFetcher

    started = time.process_time()
    fetcher = SafeFetcher(task.root)
    with weasy.environment(task.date, task.forbidden) as (records, _rules):
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        in_worker = _worker_fonts is not None
        font_config = worker_font_config() if in_worker else FontConfiguration()
        try:
            data, pages, anchors = _render_chunk(task, fetcher, font_config, weasyprint)
        finally:
            # Outside a worker, its font files now: nothing else removes them.
            folder = getattr(font_config, "_folder", None)
            if folder is not None and not in_worker:
                shutil.rmtree(folder, ignore_errors=True)
    assert isinstance(data, bytes)
    return chunk_result(data, pages, anchors, fetcher, records, time.process_time() - started)


def chunk_result(
    data: bytes,
    pages: list[layout.Page],
    anchors: dict[str, int],
    fetcher: SafeFetcher,
    records: list[logging.LogRecord],
    cpu: float,
    *,
    renumbered: bool = False,
) -> ChunkResult:
    """What a chunk's layout gives back: with the problems its fetcher and WeasyPrint's
    log `records` reported, and the words of its runs of hyphenated lines."""
    from dossier.render import weasy

    diagnostics = list(fetcher.diagnostics)
    diagnostics.extend(weasy.log_problems(records, fetcher.refused))
    words = frozenset(w.casefold() for run in layout.ladders(pages) for w in run.words)
    return ChunkResult(data, pages, anchors, words, diagnostics, cpu=cpu, renumbered=renumbered)


def _render_chunk(
    task: Task, fetcher: Any, font_config: Any, weasyprint: Any
) -> tuple[bytes, list[layout.Page], dict[str, int]]:
    rendered, pages, anchors = laid_out(task, fetcher, font_config, weasyprint)
    data = written(rendered, anchors, task.variant) if task.write else b""
    return data, pages, anchors


def laid_out(
    task: Task, fetcher: Any, font_config: Any, weasyprint: Any
) -> tuple[Any, list[layout.Page], dict[str, int]]:
    """The chunk laid out by WeasyPrint: its document, pages, and the page index of each
    of its anchors."""
    from dossier.render import html as html_render

    document = weasyprint.HTML(string=task.html, base_url=html_render.BASE_URL, url_fetcher=fetcher)
    rendered = document.render(font_config=font_config)
    pages = layout.read_pages(rendered.pages)
    anchors: dict[str, int] = {}
    for i, page in enumerate(rendered.pages):
        for name in page.anchors:
            anchors.setdefault(name, i)
    return rendered, pages, anchors


def written(rendered: Any, anchors: dict[str, int], variant: str | None) -> bytes:
    """The PDF of a laid-out chunk."""
    from dossier.render import weasy

    # Links to anchors of other chunks: WeasyPrint drops a link whose anchor it does
    # not see; a stand-in keeps it (render.pdf_join gives it the real destination).
    elsewhere = {
        target
        for page in rendered.pages
        for kind, target, _, _ in page.links
        if kind == "internal" and target not in anchors
    }
    if elsewhere and rendered.pages:
        for name in sorted(elsewhere):
            rendered.pages[0].anchors[name] = (0, 0, 0, 0)
    data = rendered.write_pdf(**weasy.pdf_options(variant))
    assert isinstance(data, bytes)
    return data


@dataclass(frozen=True)
class Stopped:
    """A worker stopped by SIGINT or SIGTERM (Interrupted does not cross processes)."""

    signum: int


def work(task: Task) -> ChunkResult | Stopped:
    from dossier.core import interrupt

    try:
        return lay_out_chunk(task)
    except interrupt.Interrupted as stopped:
        return Stopped(stopped.signum)


def anchor_pages(results: list[ChunkResult], counts: list[int]) -> dict[str, int]:
    """Page number of every anchor in the joined document (its first chunk wins)."""
    found: dict[str, int] = {}
    first = 1
    for result, count in zip(results, counts, strict=True):
        for name, index in result.anchors.items():
            found.setdefault(name, first + index)
        first += count
    return found


#: In a worker process only (set by private_tmp), the font configuration its chunks
#: share, whose files the build's temporary folder holds; None outside workers.
_worker_fonts: list[Any] | None = None


def worker_font_config() -> Any:
    """The WeasyPrint font configuration all chunks of this worker process share (every
    chunk declares the same @font-face rules, which WeasyPrint then finds already added:
    0.08 s a chunk). Its font files lie in the build's temporary folder (private_tmp),
    which the build removes."""
    from weasyprint.text.fonts import FontConfiguration

    assert _worker_fonts is not None, "only in a worker process"
    if not _worker_fonts:
        _worker_fonts.append(FontConfiguration())
    return _worker_fonts[0]


def private_tmp(folder: str) -> None:
    """Worker start-up: its temporary files (WeasyPrint's font folders) go into the build's
    own folder, which the build removes however the worker ends (a worker stopped by a
    signal may exit before its own clean-up runs)."""
    global _worker_fonts
    tempfile.tempdir = folder
    _worker_fonts = []


def stop_here(signum: int) -> NoReturn:
    """A worker was stopped by a signal: stop this build as if the signal had come here
    (through this process's handler when it has one, so that it is seen as received)."""
    import signal

    from dossier.core.interrupt import Interrupted

    if signal.getsignal(signum) not in (signal.SIG_DFL, signal.SIG_IGN, None):
        os.kill(os.getpid(), signum)
    raise Interrupted(signum)


def mp_context() -> multiprocessing.context.BaseContext:
    """fork where there is one: the workers start with dossier and WeasyPrint imported and
    the fonts prepared; each layout still builds its own fontconfig and Pango state."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def warm_fonts() -> None:
    """Prepare the shipped fonts once in the parent, before the workers fork."""
    import weasyprint  # noqa: F401  (imported once, before the fork)

    from dossier.core.resources import templates_dir
    from dossier.render.fonts import for_pdf

    for path in sorted((templates_dir() / "fonts").glob("*.ttf")):
        for_pdf(path)
