"""Results kept in memory between the rebuilds of one live preview (issue 20).

A save changes one file; drawing every map and parsing every Markdown text again would
cost most of a rebuild. Functions that are pure in their inputs ask `cached(kind, key,
make)`: with no `Memo` active (every normal command) it simply calls ``make()``, so
their behaviour is unchanged; inside ``with session(memo):`` (the preview's rebuild) the
result is kept under ``(kind, key)`` and handed out again while the key is the same.

The key must cover everything the result depends on: callers pass the inputs
themselves (a text, a digest of them), never a file name alone. Results handed out
twice are shared, so callers keep only results nobody mutates (tuples, frozen data,
markdown-it tokens their readers do not change). `Memo.sweep()` forgets what the last
rebuild did not use, so memory follows the current sources, not their history.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_ACTIVE: ContextVar[Memo | None] = ContextVar("dossier_memo", default=None)


class Memo:
    """Results by (kind, key), with counts of hits and misses per kind (for tests and
    benchmarks: a hit is work not redone)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, Hashable], Any] = {}
        self._used: set[tuple[str, Hashable]] = set()
        self._lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()

    def get_or_make(self, kind: str, key: Hashable, make: Callable[[], T]) -> T:
        slot = (kind, key)
        with self._lock:
            if slot in self._entries:
                self.hits[kind] += 1
                self._used.add(slot)
                found: T = self._entries[slot]
                return found
        value = make()  # outside the lock: a drawing may take a while
        with self._lock:
            self.misses[kind] += 1
            self._entries[slot] = value
            self._used.add(slot)
        return value

    def sweep(self) -> None:
        """Forget every result not asked for since the last sweep."""
        with self._lock:
            self._entries = {k: v for k, v in self._entries.items() if k in self._used}
            self._used = set()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


@contextmanager
def session(memo: Memo) -> Iterator[Memo]:
    """Make ``memo`` the active one in this thread (and context) for the block."""
    token = _ACTIVE.set(memo)
    try:
        yield memo
    finally:
        _ACTIVE.reset(token)


def cached(kind: str, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, or the result kept under (kind, key) by the active memo."""
    memo = _ACTIVE.get()
    if memo is None:
        return make()
    return memo.get_or_make(kind, key, make)


def active() -> bool:
    """True inside a `session` (callers may skip computing a costly key otherwise)."""
    return _ACTIVE.get() is not None
