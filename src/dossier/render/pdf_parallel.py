"""The PDF laid out chapter by chapter in several processes, and joined: same pages as one pass.

`lay_out(html, root=, variant=, date=, jobs=)` gives what `render.pdf.lay_out` gives (the
PDF, its problems, its laid-out pages), or None when the document cannot be cut (the
caller then takes the single pass). How it stays identical to the single pass:

* each chunk (render.pdf_chunks) is laid out alone, told its first page number, the
  total, the page of every anchor it links to and the running strings set before it;
* the numbers are a fixed point: lay out with the best guess, learn each chunk's page
  count and anchor pages, lay out again the chunks whose numbers were wrong, until
  nothing changes (what WeasyPrint's own repagination does inside one pass). A first
  build guesses from the length of the text and puts the real numbers into the laid-out
  chunks in place (render.pdf_guess), so that most chunks are laid out once; later
  builds start from the numbers of the last;
* no three hyphenated lines in a row is kept within each layout (render.hyphenation);
  the fallback rounds of render.pdf, should a run be left, run over the whole document:
  the words forbidden after a round are those of every chunk, and a chunk is laid out
  again only when its text holds one of them;
* the chunks' PDFs are joined by render.pdf_join (pages, links, bookmarks, metadata).

Laid-out chunks are kept in core.cache, keyed by everything that decides their pages (the
chunk's HTML with its numbers, the variant, the date, the words it may not hyphenate, the
fonts, the versions of dossier, WeasyPrint and its libraries), and the page numbers of the
last build are kept as the first guess of the next: a rebuild after a change to one
chapter lays out that chapter, and the chapters after it when its page count changed.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html as htmllib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from dossier.core.diagnostics import Diagnostic, diagnostic_from_dict, diagnostic_to_dict
from dossier.render import layout, pdf_chunks
from dossier.render.pdf_worker import (
    ChunkResult,
    Stopped,
    Task,
    anchor_pages,
    lay_out_chunk,
    mp_context,
    private_tmp,
    stop_here,
    warm_fonts,
    work,
)
from dossier.render.renumber import Numbers

__all__ = ["ChunkResult", "Stats", "Task", "auto_jobs", "default_jobs", "lay_out", "lay_out_chunk"]

#: Variants whose PDF has a structure tree (tags): one pass only, trees are not joined.
SINGLE_PASS_VARIANTS = frozenset({"pdf/ua-1"})
#: Layouts of the whole document at most before giving up on a fixed point.
MAX_PASSES = 6
MAX_CHUNKS = 24
CACHE_KIND = "pdf-chunk"
PLAN_KIND = "pdf-plan"


# ---------------------------------------------------------------- the fixed point


@dataclass
class Stats:
    """What a parallel layout did (for benchmarks and tests)."""

    chunks: int = 0
    laid_out: int = 0  # chunk layouts run in this build
    from_cache: int = 0  # chunk layouts taken from core.cache
    renumbered: int = 0  # chunks laid out with guessed numbers, given theirs in place
    passes: int = 0
    rounds: int = 0
    worker_cpu: float = 0.0
    fallback: str = ""
    per_pass: list[int] = field(default_factory=list)


#: The statistics of the last `lay_out` of this process.
LAST = Stats()


def lay_out(
    html_text: str,
    *,
    root: Path,
    variant: str | None = None,
    date: str = "",
    jobs: int = 2,
    use_cache: bool = True,
    guess_first: bool = True,
) -> tuple[bytes, list[Diagnostic], list[layout.Page]] | None:
    """The PDF of a print-variant HTML laid out in `jobs` processes, or None when the
    document cannot be laid out in parts (then render.pdf.lay_out does it in one pass).
    `guess_first=False`: a first build lays every chunk out twice instead of guessing
    (the same bytes; for tests and benchmarks)."""
    global LAST
    stats = LAST = Stats()
    if variant in SINGLE_PASS_VARIANTS:
        stats.fallback = f"variant {variant}"
        return None
    # Chunks of about 1/MAX_CHUNKS of the text at least: each layout costs the parsing
    # of the stylesheet and the loading of the fonts (about 0.15 s).
    doc = pdf_chunks.split(html_text, target_size=len(html_text) // MAX_CHUNKS)
    if doc is None or len(doc.chunks) < 2:
        stats.fallback = "not cut into chunks"
        return None
    stats.chunks = len(doc.chunks)
    root = root.resolve()
    chunks = _Chunks(
        doc,
        [_words_text(c.body) for c in doc.chunks],
        [_files_digest(c.body, root) for c in doc.chunks],
        root,
        variant,
        date,
    )
    plan_key = _hash(str(root), str(variant), date, *(c.name for c in doc.chunks))
    planned = _plan(plan_key, len(doc.chunks)) if use_cache else None
    counts, pages_of = planned or ([1] * len(doc.chunks), {})
    write = planned is not None
    runner = _Runner(jobs, stats, use_cache)
    if planned is None and jobs > 1 and guess_first:
        # A first build: each chunk laid out once with guessed numbers, then given its
        # own (render.pdf_guess).
        from dossier.render import pdf_guess

        first = pdf_guess.first_build(doc, chunks.task, jobs)
        if first is not None:
            counts, pages_of = first.counts, first.pages_of
            runner.remember(first.tasks, first.results)
            write = True
            stats.per_pass.extend(first.per_pass)
            stats.laid_out += sum(first.per_pass)
            stats.renumbered += sum(1 for r in first.results if r.renumbered)
    # Otherwise, without the numbers of an earlier build, the first pass only learns
    # them: its layouts are not written (nearly every chunk is laid out again).
    failed = True
    try:
        forbidden: frozenset[str] = frozenset()
        current: list[ChunkResult] = []
        from dossier.render.weasy import MAX_LAYOUTS

        for attempt in range(1, MAX_LAYOUTS + 1):
            stats.rounds = attempt
            for _ in range(MAX_PASSES):
                tasks = chunks.tasks(counts, pages_of, forbidden)
                current = runner.run(tasks, write=write)
                stats.passes += 1
                counts = [len(r.pages) for r in current]
                found = anchor_pages(current, counts)
                wanted = {t for c in doc.chunks for t in c.targets}
                if not wanted <= found.keys():
                    stats.fallback = "a link to an anchor of no chunk"
                    return None
                pages_of = {t: found[t] for t in sorted(wanted)}
                again = chunks.tasks(counts, pages_of, forbidden)
                if [t.html for t in again] == [t.html for t in tasks] and write:
                    break
                write = True
            else:
                stats.fallback = "page numbers found no fixed point"
                return None
            words = frozenset().union(*(r.ladder_words for r in current)) - forbidden
            if not words or attempt == MAX_LAYOUTS:
                break
            forbidden |= words
        failed = False
    finally:
        runner.close(stop=failed)
    from dossier.render import pdf_join

    data = pdf_join.join([r.pdf for r in current], [set(r.anchors) for r in current])
    if use_cache:
        _store_plan(plan_key, counts, pages_of)
    all_pages: list[layout.Page] = []
    diagnostics: list[Diagnostic] = []
    seen: set[tuple[str, str]] = set()
    for result in current:
        for page in result.pages:
            page.number = len(all_pages) + 1
            all_pages.append(page)
        for d in result.diagnostics:
            if (d.rule, d.message) not in seen:
                seen.add((d.rule, d.message))
                diagnostics.append(d)
    return data, diagnostics, all_pages


@dataclass(frozen=True)
class _Chunks:
    """The chunks of this build and what each one's layout needs besides its numbers."""

    doc: pdf_chunks.Document
    texts: list[str]  # each chunk's words (_words_text)
    files: list[str]  # digest of the dossier files each chunk shows (_files_digest)
    root: Path
    variant: str | None
    date: str

    def tasks(
        self, counts: list[int], pages_of: dict[str, int], forbidden: frozenset[str]
    ) -> list[Task]:
        return [self.task(i, counts, pages_of, forbidden) for i in range(len(self.doc.chunks))]

    def task(
        self,
        index: int,
        counts: list[int],
        pages_of: dict[str, int],
        forbidden: frozenset[str] = frozenset(),
    ) -> Task:
        """The layout of chunk `index`, given the page counts of the chunks, the page of
        every anchor and the words no chunk may hyphenate."""
        chunk = self.doc.chunks[index]
        first = 1 + sum(counts[:index])
        numbers = Numbers(first, sum(counts), {t: pages_of.get(t, 0) for t in chunk.targets})
        html = chunk.html(self.doc, first_page=first, total=numbers.total, numbers=numbers.targets)
        mine = frozenset(w for w in forbidden if w in self.texts[index])
        return Task(
            html,
            self.root,
            self.variant,
            self.date,
            mine,
            resources=self.files[index],
            numbers=numbers,
        )


_DOSSIER_URL = re.compile(r"dossier:/[^\"'\s<>()]*")


def _files_digest(body: str, root: Path) -> str:
    """A digest of the dossier files a chunk shows (its images): a new image of the same
    name is laid out again."""
    from dossier.render.fetch import Refused, resolve

    digest = hashlib.sha256()
    for url in sorted(set(_DOSSIER_URL.findall(body))):
        try:
            data = resolve(htmllib.unescape(url), root).data
            digest.update(f"{url}\0{hashlib.sha256(data).hexdigest()}\0".encode())
        except Refused as refused:
            digest.update(f"{url}\0{refused.rule}\0".encode())
        except OSError:
            digest.update(f"{url}\0unreadable\0".encode())
    return digest.hexdigest()


def _words_text(body: str) -> str:
    """The chunk's text as the hyphenation policy sees words: casefolded, entities read,
    without the invisible break marks the renderer puts in web addresses."""
    text = htmllib.unescape(body).casefold()
    return text.replace("\u200b", "").replace("\u00ad", "")


# ---------------------------------------------------------------- running the layouts


class _Runner:
    """Lays out tasks: from this build's results, core.cache, or a pool of processes."""

    def __init__(self, jobs: int, stats: Stats, use_cache: bool) -> None:
        self.jobs = max(1, jobs)
        self.stats = stats
        self.use_cache = use_cache
        self.memo: dict[str, ChunkResult] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.tmp: str | None = None  # the workers' temporary folder, removed by close()

    def run(self, tasks: list[Task], *, write: bool) -> list[ChunkResult]:
        """The results of `tasks`; with `write`, every result has its PDF."""
        keys = [_task_key(t) for t in tasks]
        todo: dict[str, Task] = {}
        for key, task in zip(keys, tasks, strict=True):
            known = self.memo.get(key)
            if key in todo or (known is not None and (known.pdf or not write)):
                continue
            cached = _load(key) if self.use_cache else None
            if cached is not None:
                self.memo[key] = cached
                self.stats.from_cache += 1
            else:
                todo[key] = replace(task, write=write)
        self.stats.per_pass.append(len(todo))
        if todo:
            for key, result in self._lay_out(todo):
                self.memo[key] = result
                self.stats.laid_out += 1
                self.stats.worker_cpu += result.cpu
                if self.use_cache and result.pdf:
                    _store(key, result)
        return [self.memo[k] for k in keys]

    def remember(self, tasks: list[Task], results: list[ChunkResult]) -> None:
        """Results of `tasks` laid out elsewhere in this build (render.pdf_guess)."""
        for task, result in zip(tasks, results, strict=True):
            key = _task_key(task)
            self.memo[key] = result
            self.stats.worker_cpu += result.cpu
            if self.use_cache and result.pdf:
                _store(key, result)

    def _lay_out(self, todo: dict[str, Task]) -> Iterable[tuple[str, ChunkResult]]:
        # Longest first: the pool ends together.
        order = sorted(todo, key=lambda k: -len(todo[k].html))
        if self.jobs == 1 or len(order) == 1:
            return [(k, lay_out_chunk(todo[k])) for k in order]
        if self.pool is None:
            warm_fonts()
            self.tmp = tempfile.mkdtemp(prefix="dossier-layout-")
            self.pool = ProcessPoolExecutor(
                max_workers=min(self.jobs, len(order)),
                mp_context=mp_context(),
                initializer=private_tmp,
                initargs=(self.tmp,),
            )
        futures: list[tuple[str, Future[ChunkResult | Stopped]]] = [
            (k, self.pool.submit(work, todo[k])) for k in order
        ]
        out: list[tuple[str, ChunkResult]] = []
        for k, f in futures:
            result = f.result()
            if isinstance(result, Stopped):
                stop_here(result.signum)
            out.append((k, result))
        return out

    def close(self, *, stop: bool = False) -> None:
        """Let the workers go; `stop`: the build is failing, stop them now (they clean up
        as any interrupted build does)."""
        if self.pool is None:
            return
        try:
            if stop:
                processes = getattr(self.pool, "_processes", None) or {}
                for process in list(processes.values()):
                    with contextlib.suppress(OSError, ValueError, AttributeError):
                        process.terminate()  # SIGTERM: Interrupted in the worker
            self.pool.shutdown(wait=True, cancel_futures=True)
        finally:
            self.pool = None
            if self.tmp is not None:
                shutil.rmtree(self.tmp, ignore_errors=True)
                self.tmp = None


#: Print HTML below this many characters (about 40 pages) is laid out in one pass when
#: the number of processes is not given: two passes and the joining cost more than they save.
AUTO_MIN_CHARS = 200_000


def auto_jobs(html_chars: int) -> int:
    return default_jobs() if html_chars >= AUTO_MIN_CHARS else 1


def default_jobs() -> int:
    """As many processes as this process may use cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------- the cache


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _task_key(task: Task) -> str:
    return _hash(
        layout_stamp(),
        str(task.root),
        str(task.variant),
        task.date,
        task.resources,
        "\n".join(sorted(task.forbidden)),
        task.html,
    )  # not `write`: a written layout serves both


_STAMP: list[str] = []


def layout_stamp() -> str:
    """Everything outside the chunk's HTML that decides its pages: dossier's code (the
    cache's stamp), the shipped fonts, and the versions of WeasyPrint, its Python
    libraries and the Pango/HarfBuzz/fontconfig it runs on."""
    if _STAMP:
        return _STAMP[0]
    from importlib import metadata

    import weasyprint  # noqa: F401  (loads the native libraries named in the stamp)

    from dossier.core import cache
    from dossier.core.resources import templates_dir

    parts = [cache.stamp()]
    for dist in ("weasyprint", "pydyf", "fonttools", "pyphen", "tinycss2", "cssselect2"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=absent")
    parts.append(_native_versions())
    for path in sorted((templates_dir() / "fonts").glob("*")):
        parts.append(path.name + ":" + hashlib.sha256(path.read_bytes()).hexdigest())
    parts.append(os.environ.get("DOSSIER_SYSTEM_FONTS", ""))
    _STAMP.append(_hash(*parts))
    return _STAMP[0]


_NATIVE = re.compile(
    r"/lib(pango|pangoft2|harfbuzz|fontconfig|freetype|fribidi|cairo)[^/]*\.so[^/\s]*$"
)


def _native_versions() -> str:
    """Pango's version and, where /proc tells, the files of the native libraries loaded
    (their names carry their versions: libharfbuzz.so.0.60000.0)."""
    try:
        from weasyprint.text.ffi import pango

        found = {f"pango={pango.pango_version()}"}
    except (AttributeError, OSError, TypeError):
        found = set()
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        maps = ""
    for line in maps.splitlines():
        path = line.split()[-1] if line.split() else ""
        if _NATIVE.search(path):
            found.add(Path(path).name)
    return " ".join(sorted(found))


def _load(key: str) -> ChunkResult | None:
    from dossier.core import cache

    data = cache.load_json(CACHE_KIND, key)
    if not isinstance(data, dict):
        return None
    try:
        pages = [
            layout.Page(
                p["number"],
                p["content_left"],
                p["content_right"],
                [layout.Line(**ln) for ln in p["lines"]],
                list(p["heading_text"]),
                p["other_content"],
                [[layout.Line(**ln) for ln in block] for block in p["blocks"]],
            )
            for p in data["pages"]
        ]
        return ChunkResult(
            base64.b64decode(data["pdf"]),
            pages,
            {str(k): int(v) for k, v in data["anchors"].items()},
            frozenset(str(w) for w in data["ladder_words"]),
            [diagnostic_from_dict(d) for d in data["diagnostics"]],
            from_cache=True,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _store(key: str, result: ChunkResult) -> None:
    from dossier.core import cache

    cache.store_json(
        CACHE_KIND,
        key,
        {
            "pdf": base64.b64encode(result.pdf).decode("ascii"),
            "pages": [asdict(p) for p in result.pages],
            "anchors": result.anchors,
            "ladder_words": sorted(result.ladder_words),
            "diagnostics": [diagnostic_to_dict(d) for d in result.diagnostics],
        },
    )


def _plan(key: str, n: int) -> tuple[list[int], dict[str, int]] | None:
    """The page counts and anchor pages of the last build of this document: the guess."""
    from dossier.core import cache

    data = cache.load_json(PLAN_KIND, key)
    try:
        assert isinstance(data, dict)
        counts = [int(c) for c in data["counts"]]
        pages = {str(k): int(v) for k, v in data["pages"].items()}
        if len(counts) == n and all(c > 0 for c in counts):
            return counts, pages
    except (AssertionError, KeyError, TypeError, ValueError, AttributeError):
        pass
    return None


def _store_plan(key: str, counts: list[int], pages: dict[str, int]) -> None:
    from dossier.core import cache

    cache.store_json(PLAN_KIND, key, {"counts": counts, "pages": pages})
