"""Stopping on Ctrl-C (SIGINT) and SIGTERM: promptly, at any stage, leaving no half work.

Python turns SIGINT into KeyboardInterrupt wherever the program happens to be, and SIGTERM
kills it outright (no ``finally`` runs, temporary files stay). The command line calls
``install()`` so that both raise ``Interrupted`` instead, and three tools keep that safe:

* ``checkpoint()`` raises ``Interrupted`` when a signal came; stages call it between steps.
* ``unswallowable()`` wraps a library call that catches every exception (WeasyPrint's SVG
  drawing and image loading use ``except BaseException``): a signal received meanwhile is
  raised again every 5-25 ms until it gets out, and once more when the call returns.
* ``deferred()`` holds signals back while a block runs (committing the outputs): the block
  asks ``pending()`` at its safe points, undoes its work, and ``Interrupted`` is raised when
  the block is left.

A program that embeds dossier without calling ``install()`` keeps Python's behaviour,
except inside ``deferred()``, which installs its handlers for its own duration.
"""

from __future__ import annotations

import random
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)
# Irregular retry delays: a fixed one can fall in step with a loop whose period divides it
# and land in the swallowing part of each turn every time (seen with 20 ms and a 5 ms loop).
_RETRY_SECONDS = (0.005, 0.025)
_jitter = random.Random()

_received: int | None = None
_installed = False
_defer_depth = 0
_zone_depth = 0


class Interrupted(KeyboardInterrupt):
    """The user (SIGINT) or the system (SIGTERM) asked dossier to stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as shells report a process stopped by a signal."""
        return 128 + self.signum


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _handler(signum: int, frame: FrameType | None) -> None:
    global _received
    if _received is None:
        _received = signum
    if _defer_depth:
        return  # the deferring block looks at pending() and raises when it is left
    if _zone_depth:
        _retry()
    raise Interrupted(signum)


def install() -> Callable[[], None]:
    """Route SIGINT and SIGTERM through dossier's handler (main thread only); returns a
    function that puts the previous handlers back (for programs and tests that embed us)."""
    global _installed, _received
    if not _main_thread():
        return lambda: None
    _received = None
    old = {sig: signal.signal(sig, _handler) for sig in SIGNALS}
    _installed = True

    def uninstall() -> None:
        global _installed, _received
        for sig, handler in old.items():
            signal.signal(sig, handler)
        _installed = False
        _received = None

    return uninstall


def received() -> int | None:
    """The first signal received since install(), if any."""
    return _received


def checkpoint() -> None:
    """Raise Interrupted if a signal came (for code that runs where one may be swallowed)."""
    if _received is not None and not _defer_depth:
        raise Interrupted(_received)


def pending() -> bool:
    """True when a signal arrived (inside ``deferred()``, it has not been raised yet)."""
    return _received is not None


def _retry() -> None:
    """Raise the received signal again after a short, irregular delay (see _RETRY_SECONDS)."""
    signal.setitimer(signal.ITIMER_REAL, _jitter.uniform(*_RETRY_SECONDS))


def _alarm(signum: int, frame: FrameType | None) -> None:
    """Raise the received signal again, unless the code running is this module's own
    clean-up (leaving ``unswallowable``): there the timer simply lapses."""
    if not _zone_depth or _received is None or _defer_depth:
        return
    if frame is not None and frame.f_code.co_filename == __file__:
        return
    _retry()
    raise Interrupted(_received)


class unswallowable:
    """Run a call that may swallow exceptions; see the module docstring. A class, not a
    generator, so that leaving it runs only this module's code (where ``_alarm`` is silent)."""

    def __enter__(self) -> None:
        global _zone_depth
        self.active = _installed and _main_thread()
        if self.active:
            self.old = signal.signal(signal.SIGALRM, _alarm)
            _zone_depth += 1

    def __exit__(self, *exc: object) -> None:
        global _zone_depth
        if not self.active:
            return
        _zone_depth -= 1
        if not _zone_depth:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)
        if exc[0] is None:
            checkpoint()  # the library swallowed every attempt and returned


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while the block runs; raise Interrupted when it is left if
    one arrived (the block checks ``pending()`` and undoes its work first)."""
    global _defer_depth, _received
    own: dict[int, Callable[[int, FrameType | None], object] | int | None] = {}
    if _main_thread() and not _installed and not _defer_depth:
        for sig in SIGNALS:
            own[sig] = signal.signal(sig, _handler)
    _defer_depth += 1
    try:
        yield
    finally:
        _defer_depth -= 1
        signum = _received
        if own:
            _received = None
            for num, old in own.items():
                signal.signal(num, old)
    if signum is not None and not _defer_depth:
        raise Interrupted(signum)
