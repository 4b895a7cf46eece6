"""What every WeasyPrint layout of dossier runs in (render.pdf, render.pdf_parallel).

One layout at a time in a process (WeasyPrint's logger and the hyphenation shim are
process-wide), the shipped fonts only, the document's date as SOURCE_DATE_EPOCH (fontTools
subsetting reads it), WeasyPrint's log records captured and turned into diagnostics,
Ctrl-C honoured inside WeasyPrint's `except BaseException`, the hyphenation policy, and
footnotes carried to the next page kept through WeasyPrint's repagination.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from dossier.core import interrupt
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.render import hyphenation, problem, repagination
from dossier.render.environ import scoped_environ

#: Used when the document has no valid date: 2024-01-01T00:00:00Z.
FALLBACK_EPOCH = 1704067200

#: Layouts of one document at most: the first, and one per round of words forbidden
#: to hyphenate. A fallback: render.hyphenation keeps runs of hyphenated lines to two
#: within the layout, so a second layout is needed only if a run was left.
MAX_LAYOUTS = 3


# The weasyprint logger is process-wide: one render at a time.
_LOCK = threading.Lock()


def pdf_options(variant: str | None) -> dict[str, object]:
    return {"pdf_variant": variant} if variant else {}


@contextmanager
def environment(
    date: str, forbidden: frozenset[str] = frozenset()
) -> Iterator[tuple[list[logging.LogRecord], hyphenation.Policy]]:
    """What every WeasyPrint layout of dossier runs in: one at a time, the shipped fonts
    only, the document's date as SOURCE_DATE_EPOCH, WeasyPrint's log captured, Ctrl-C
    honoured, and the hyphenation policy (with `forbidden` words)."""
    from dossier.render.fonts import shipped_fonts

    with (
        _LOCK,
        shipped_fonts(),  # before Pango first reads fontconfig
        scoped_environ(SOURCE_DATE_EPOCH=str(epoch_of(date))),
        _captured_logs() as records,
        # WeasyPrint's image and SVG code catches BaseException: Ctrl-C must still stop it.
        interrupt.unswallowable(),
        hyphenation.policy(hyphenation.Policy(set(forbidden))) as rules,
        repagination.carried_footnotes(),
    ):
        yield records, rules


def epoch_of(date: str) -> int:
    """Seconds since 1970 at 00:00 UTC of an ISO date (or FALLBACK_EPOCH)."""
    try:
        day = dt.date.fromisoformat(date[:10])
    except (ValueError, TypeError):
        return FALLBACK_EPOCH
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _captured_logs() -> Iterator[list[logging.LogRecord]]:
    """WeasyPrint's warnings and errors, kept instead of reaching any handler of the app."""
    logger = logging.getLogger("weasyprint")
    handler = _ListHandler()
    old_propagate, old_level = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
        logger.setLevel(old_level)


def log_problems(records: list[logging.LogRecord], refused: list[str]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[str] = set()
    for record in records:
        message = record.getMessage()
        if any(url in message for url in refused):
            continue  # the fetcher has reported it already
        first = message.splitlines()[0] if message else ""
        if len(first) > 300:
            first = first[:297] + "..."
        if first in seen:
            continue
        seen.add(first)
        severity = Severity.ERROR if record.levelno >= logging.ERROR else Severity.WARNING
        out.append(problem("render.weasyprint", f"WeasyPrint: {first}", severity=severity))
    return out
