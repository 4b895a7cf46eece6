"""Notice saves in the dossier folder (watchfiles: inotify, FSEvents or Windows' change
notifications, polling where none works) and hand the changed files to a callback.

Editors' temporary and backup files, hidden folders (.git) and caches are not changes of
the sources. Saves that come together (an editor writing a file and its backup, "save
all") arrive as one batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

#: Milliseconds without a new change before a batch is handed on: a single save reaches
#: the rebuild after 40-80 ms (bench_preview.py prints this delay as "watcher").
STEP_MS = 40
#: Longest a batch may keep growing (ms) while changes keep coming (a checkout, a "save
#: all"): a cap, not a wait; watchfiles hands a batch on after one quiet step. Saves made
#: during a rebuild are collected meanwhile and come as the next batch.
DEBOUNCE_MS = 800

_IGNORED_DIRS = frozenset({"__pycache__", "node_modules", ".git", ".hg", ".svn"})


def ignored(rel: str) -> bool:
    """True for paths (relative to the dossier) that are not sources: hidden files and
    folders, caches, editors' swap and backup files."""
    parts = [p for p in rel.replace("\\", "/").split("/") if p]
    if not parts:
        return True
    if any(p.startswith(".") or p in _IGNORED_DIRS for p in parts):
        return True
    name = parts[-1]
    return (
        name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))
        or (name.startswith("#") and name.endswith("#"))
        or name == "4913"  # vim's probe file
    )


class Watcher(threading.Thread):
    """A thread that calls ``on_change(sorted relative paths)`` after each batch of saves,
    until ``stop`` is set."""

    def __init__(
        self, root: Path, on_change: Callable[[list[str]], None], stop: threading.Event
    ) -> None:
        super().__init__(name="dossier-preview-watcher", daemon=True)
        self.root = root.resolve()
        self.on_change = on_change
        self.stop = stop
        self.ready = threading.Event()
        self.error: BaseException | None = None

    def _relative(self, path: str) -> str | None:
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError):
            return None

    def _wanted(self, _change: object, path: str) -> bool:
        rel = self._relative(path)
        return rel is not None and not ignored(rel)

    def run(self) -> None:
        import watchfiles

        try:
            self.ready.set()
            for changes in watchfiles.watch(
                self.root,
                watch_filter=self._wanted,
                stop_event=self.stop,
                step=STEP_MS,
                debounce=DEBOUNCE_MS,
                raise_interrupt=False,
                recursive=True,
            ):
                rels = sorted({r for _, p in changes if (r := self._relative(p)) is not None})
                if rels and not self.stop.is_set():
                    self.on_change(rels)
        except BaseException as exc:  # Preview.wait() raises it again in the main thread
            self.error = exc
            self.ready.set()
            raise
