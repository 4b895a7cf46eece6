"""A first parallel build without two layouts per chunk: guessed page numbers, corrected.

Without the page numbers of an earlier build, render.pdf_parallel cannot give a chunk its
numbers before every chunk is laid out. Laying every chunk out twice (learn the counts,
then lay out with them) costs twice WeasyPrint's work. Here, instead:

1. every chunk is laid out once, in worker processes, with guessed numbers: page counts
   estimated from the length of its text, anchors placed in proportion within their chunk.
   A guess need only have as many digits as the real number (`guess`);
2. the page counts and anchor pages are then known; each worker keeps the documents it
   laid out and, told the real numbers, puts them in place (render.renumber) and writes
   the PDF. A chunk whose numbers would change a width (a reference to page 99 guessed
   at 100) is laid out again by its worker, with its numbers.

The results are those render.pdf_worker.lay_out_chunk gives for the chunks with their
real numbers, byte for byte: pdf_parallel takes them as laid out in this build and
carries on with its fixed point (a chunk laid out again may have changed its page count).
A worker that dies gives None, and pdf_parallel's own two passes run instead; what a
worker raises is raised by the build; Ctrl-C stops the build as everywhere else.
"""

from __future__ import annotations

import contextlib
import html as htmllib
import logging
import re
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from dossier.render import layout, pdf_chunks, pdf_worker
from dossier.render.pdf_worker import ChunkResult, Task

#: The pages a chunk is guessed to fill: its characters of text, images and table rows,
#: and what a chunk adds whatever its length (its opening, its last page's blank). Fitted
#: on the chapters of the example and of the 300-page dossier (A4, 10.5 pt PT Serif; within
#: two pages on 17 of 19). Only the number of digits of a guess matters.
CHARS_PER_PAGE = 3700
PAGES_PER_IMAGE = 0.5
PAGES_PER_ROW = 0.011
PAGES_PER_CHUNK = 2.4
_TAG = re.compile(r"<[^>]*>")
_IMAGE = re.compile(r"<(?:img|svg)\b")
_ROW = re.compile(r"<tr\b")
_ID = re.compile(r'\sid="([^"]*)"')


@dataclass(frozen=True)
class Guess:
    """Guessed page counts of the chunks, and where each anchor is: (chunk, page index
    within the chunk)."""

    counts: list[int]
    places: dict[str, tuple[int, int]]


def guess(doc: pdf_chunks.Document) -> Guess:
    """Page counts estimated from each chunk's text, images and table rows; anchors placed
    by sharing out the chunk's pages in proportion to what comes before them."""
    counts: list[int] = []
    places: dict[str, tuple[int, int]] = {}
    for index, chunk in enumerate(doc.chunks):
        body = _pages(chunk.body)
        # The cover (always the first chunk) is one page, not a chapter's opening.
        count = max(1, round(body + (PAGES_PER_CHUNK if index else 0.0)))
        before = 0.0
        start = 0
        for found in _ID.finditer(chunk.body):
            before += _pages(chunk.body[start : found.start()])
            start = found.start()
            share = before / body if body else 0.0
            place = (index, min(count - 1, int(share * count)))
            places.setdefault(htmllib.unescape(found.group(1)), place)
        counts.append(count)
    return Guess(counts, places)


def numbers(guessed: Guess, known: dict[int, ChunkResult]) -> tuple[list[int], dict[str, int]]:
    """The page counts and anchor pages to lay out with: those of the chunks laid out
    already (`known`), guessed for the others (the first chunk of an anchor wins)."""
    counts = [len(known[i].pages) if i in known else c for i, c in enumerate(guessed.counts)]
    firsts = [1 + sum(counts[:i]) for i in range(len(counts))]
    pages_of: dict[str, int] = {}
    for name, (index, offset) in guessed.places.items():
        if index not in known:
            pages_of[name] = firsts[index] + offset
    laid_out: set[str] = set()
    for index in sorted(known):
        for name, offset in known[index].anchors.items():
            place = guessed.places.get(name)
            if name not in laid_out and (place is None or place[0] >= index):
                pages_of[name] = firsts[index] + offset
                laid_out.add(name)
    return counts, pages_of


def _pages(html: str) -> float:
    """The pages a piece of the print HTML is guessed to fill (without PAGES_PER_CHUNK)."""
    text = len(htmllib.unescape(_TAG.sub("", html)))
    images = len(_IMAGE.findall(html))
    rows = len(_ROW.findall(html))
    return text / CHARS_PER_PAGE + PAGES_PER_IMAGE * images + PAGES_PER_ROW * rows


@dataclass
class First:
    """What the first build found: the chunks' page counts and anchor pages, the tasks
    with those numbers, and their results (what lay_out_chunk gives for each task)."""

    counts: list[int]
    pages_of: dict[str, int]
    tasks: list[Task]
    results: list[ChunkResult]

    @property
    def per_pass(self) -> list[int]:
        """Layouts run: every chunk once, then the chunks laid out again."""
        return [len(self.results), sum(1 for r in self.results if not r.renumbered)]


TaskFor = Callable[[int, list[int], dict[str, int]], Task]


def first_build(doc: pdf_chunks.Document, task_for: TaskFor, jobs: int) -> First | None:
    """The chunks laid out once with guessed numbers and corrected in place (see the
    module); None when that could not be done. A chunk is given its numbers when a worker
    takes it, from the chunks laid out by then: the longest first, the short ones (the
    contents, the lists: nothing but page numbers) last, with numbers nearly all known."""
    guessed = guess(doc)
    laid: dict[int, ChunkResult] = {}

    def lay(i: int) -> Message:
        counts, pages_of = numbers(guessed, laid)
        return ("lay", task_for(i, counts, pages_of))

    order = sorted(range(len(doc.chunks)), key=lambda i: -len(doc.chunks[i].body))
    with _Workers(min(jobs, len(order))) as workers:
        if not workers.run(order, lay, laid):
            return None
        counts = [len(laid[i].pages) for i in range(len(order))]
        found = pdf_worker.anchor_pages([laid[i] for i in range(len(order))], counts)
        wanted = {t for c in doc.chunks for t in c.targets}
        if not wanted <= found.keys():
            return None
        pages_of = {t: found[t] for t in sorted(wanted)}
        tasks = [task_for(i, counts, pages_of) for i in range(len(order))]
        done: dict[int, ChunkResult] = {}
        if not workers.run(order, lambda i: ("finish", tasks[i]), done):
            return None
    return First(counts, pages_of, tasks, [done[i] for i in range(len(tasks))])


# ---------------------------------------------------------------- the worker processes

Message = tuple[str, Task]


class _Workers:
    """Worker processes that keep the chunks they lay out, so that a chunk's second
    message goes to the process that holds it. All are forked when the build has no
    thread of its own running (a process forked while another thread holds a lock can
    hang on it); they talk through pipes, and the build waits on all of them at once."""

    def __init__(self, count: int) -> None:
        self.count = max(1, count)
        self.conns: list[Connection] = []
        self.processes: list[Any] = []
        self.holder: dict[int, int] = {}
        self.tmp = ""

    def __enter__(self) -> _Workers:
        pdf_worker.warm_fonts()
        self.tmp = tempfile.mkdtemp(prefix="dossier-layout-")
        context: Any = pdf_worker.mp_context()
        for _ in range(self.count):
            mine, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, self.tmp), daemon=True)
            process.start()
            theirs.close()
            self.conns.append(mine)
            self.processes.append(process)
        return self

    def run(
        self,
        order: list[int],
        message: Callable[[int], Message],
        out: dict[int, ChunkResult],
    ) -> bool:
        """The chunks of `order` sent, each when a worker is free (to the worker that holds
        the chunk once there is one), with `message(chunk)` made then; their results put
        into `out` as they come. False when a worker is gone; what a worker raised is
        raised here."""
        queues: dict[int | None, list[int]] = {}
        for i in order:
            queues.setdefault(self.holder.get(i), []).append(i)
        busy: dict[int, int] = {}  # worker -> chunk
        while len(out) < len(order):
            for w in range(self.count):
                queue = queues.get(w) or queues.get(None)
                if w not in busy and queue:
                    i = queue.pop(0)
                    self.holder[i] = w
                    try:
                        self.conns[w].send((i, message(i)))
                    except OSError:
                        return False
                    busy[w] = i
            if not busy:
                return False
            ready = wait([self.conns[w] for w in busy])
            for w in [w for w in busy if self.conns[w] in ready]:
                try:
                    kind, payload = self.conns[w].recv()
                except (EOFError, OSError):
                    return False
                i = busy.pop(w)
                if kind == "failed":
                    raise payload
                if isinstance(payload, pdf_worker.Stopped):
                    pdf_worker.stop_here(payload.signum)
                out[i] = payload
        return True

    def __exit__(self, kind: object, *exc: object) -> None:
        try:
            for conn in self.conns:
                with contextlib.suppress(OSError, ValueError):
                    conn.send(None)
            for process in self.processes:
                process.join(timeout=5 if kind is None else 0.5)
                if process.is_alive():
                    process.terminate()  # SIGTERM: Interrupted in the worker
                    process.join(timeout=5)
            for conn in self.conns:
                conn.close()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


@dataclass
class _Held:
    """A chunk a worker laid out and keeps until it is told its real numbers."""

    task: Task
    rendered: Any
    context: Any
    fetcher: Any
    records: list[logging.LogRecord]
    anchors: dict[str, int]
    cpu: float


def _serve(conn: Connection, folder: str) -> None:
    """A worker's loop: lay out ("lay") or finish ("finish") the chunks it is sent, keep
    the chunks laid out until they are finished."""
    from dossier.core import interrupt

    pdf_worker.private_tmp(folder)
    held: dict[int, _Held] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, interrupt.Interrupted):
            return
        if message is None:
            return
        index, (kind, task) = message
        try:
            reply = ("ok", _work(held, index, kind, task))
        except BaseException as exc:  # handed to the build, which raises it
            with contextlib.suppress(OSError, ValueError):
                conn.send(("failed", _portable(exc)))
            raise SystemExit(1) from None  # this worker ends (quietly: the build reports)
        try:
            conn.send(reply)
        except OSError:
            return


def _work(
    held: dict[int, _Held], index: int, kind: str, task: Task
) -> ChunkResult | pdf_worker.Stopped:
    from dossier.core import interrupt

    try:
        if kind == "lay":
            held[index], result = _lay(task)
            return result
        return _finish(held.pop(index), task)
    except interrupt.Interrupted as stopped:
        return pdf_worker.Stopped(stopped.signum)


def _portable(exc: BaseException) -> BaseException:
    """The exception as the build will raise it: with the worker's traceback as a note, or
    a RuntimeError holding that traceback when the exception cannot cross processes."""
    import pickle

    text = "".join(traceback.format_exception(exc))
    try:
        exc.add_note(f"Raised in a layout worker:\n{text}")
        pickle.loads(pickle.dumps(exc))
    except (pickle.PicklingError, TypeError, AttributeError, ValueError):
        return RuntimeError(f"A layout worker failed:\n{text}")
    return exc


def _lay(task: Task) -> tuple[_Held, ChunkResult]:
    """The chunk laid out with its guessed numbers and kept; its pages and anchors."""
    import weasyprint

    from dossier.render import renumber, weasy
    from dossier.render.fetch import SafeFetcher

    started = time.process_time()
    fetcher = SafeFetcher(task.root)
    contexts: list[Any] = []
    with (
        weasy.environment(task.date, task.forbidden) as (records, _rules),
        renumber.keeping_context(contexts),
    ):
        font_config = pdf_worker.worker_font_config()
        rendered, pages, anchors = pdf_worker.laid_out(task, fetcher, font_config, weasyprint)
    cpu = time.process_time() - started
    kept = _Held(task, rendered, contexts[-1], fetcher, list(records), anchors, cpu)
    return kept, ChunkResult(b"", pages, anchors, frozenset(), [])


def _finish(kept: _Held, task: Task) -> ChunkResult:
    """The chunk with its real numbers (`task`'s): renumbered and written, or laid out
    again."""
    from dossier.render import renumber, weasy

    started = time.process_time()
    same_inputs = replace(kept.task, html=task.html, numbers=task.numbers) == task
    if not same_inputs or not renumber.renumber(
        kept.rendered.pages, kept.context, kept.task.numbers, task.numbers
    ):
        return pdf_worker.lay_out_chunk(task)
    with weasy.environment(task.date, task.forbidden) as (records, _rules):
        data = pdf_worker.written(kept.rendered, kept.anchors, task.variant)
    return pdf_worker.chunk_result(
        data,
        layout.read_pages(kept.rendered.pages),  # the new numbers' text
        kept.anchors,
        kept.fetcher,
        [*kept.records, *records],
        kept.cpu + time.process_time() - started,
        renumbered=True,
    )
