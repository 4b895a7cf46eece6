"""Server-sent events: the state of the preview, pushed to every open page when it changes.

A `Hub` holds the latest state (a JSON text and its version); each page's event stream
waits for a newer version and receives it as one ``state`` event. Pages that connect late
get the current state at once; a quiet stream gets a comment now and then so that proxies
and browsers keep it open; `close()` ends every stream (the server is stopping).
"""

from __future__ import annotations

import threading

#: Seconds between two keep-alive comments on a quiet stream.
KEEP_ALIVE = 15.0
#: How soon (ms) a browser reconnects after the stream broke (the server restarted).
RETRY_MS = 1000


def format_event(name: str, data: str, event_id: int | None = None) -> bytes:
    """One event in the text/event-stream format: each line of ``data`` on its own
    ``data:`` line (a line break inside the data cannot end the event early)."""
    lines = [f"event: {name}"]
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.extend(
        f"data: {line}" for line in data.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    )
    return ("\n".join(lines) + "\n\n").encode("utf-8")


def comment(text: str = "") -> bytes:
    """A comment line: ignored by the page, keeps the connection alive."""
    return f": {text}\n\n".encode()


def preamble() -> bytes:
    """The first bytes of a stream: how soon to reconnect."""
    return f"retry: {RETRY_MS}\n\n".encode()


class Hub:
    """The latest state and the streams waiting for a newer one."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._version = 0
        self._data = "{}"
        self._closed = False

    def publish(self, version: int, data: str) -> None:
        """Make ``data`` (JSON text) the state of ``version`` and wake every stream."""
        with self._cond:
            self._version, self._data = version, data
            self._cond.notify_all()

    def latest(self) -> tuple[int, str]:
        with self._cond:
            return self._version, self._data

    def wait_newer(self, seen: int, timeout: float = KEEP_ALIVE) -> tuple[int, str] | None:
        """The state when its version is newer than ``seen``; None after ``timeout``
        seconds without one, or when the hub is closed."""
        with self._cond:
            self._cond.wait_for(lambda: self._closed or self._version > seen, timeout)
            if self._closed or self._version <= seen:
                return None
            return self._version, self._data

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        with self._cond:
            return self._closed
