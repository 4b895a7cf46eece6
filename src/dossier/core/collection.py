"""Python's cycle collector, run less often while a build makes its documents.

A layout makes millions of objects that live until the document is written. With the
interpreter's default thresholds (700, 10, 10) the collector walks all of them again and
again: measured on the example nomination, 7 full collections took 1.1 s of a 13 s PDF
build (9 %), and 13 took 3.5 s of the 300-page benchmark dossier's 45 s. Most of those
objects are not garbage, and most of the cyclic garbage a build makes is found by young
and middle collections (what reached the oldest generation waits for the first full
collection after the build): fewer, larger young collections and no full one while the
documents are made cost 0.2-0.5 s instead, for 12 MB more at the peak (300-page
dossier: 471 MB instead of 459 MB). `benchmarks/bench_parallel.py` prints the
collector's time of each build.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations between young collections, and young collections between middle ones
#: (the defaults: 700 and 10). A full collection needs 10 middle ones: none in a build of
#: a 300-page dossier.
BUILD_THRESHOLDS = (50_000, 50, 10)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's thresholds for the block; restore the caller's after it.

    Processes forked inside the block (render.pdf_parallel's workers) keep the raised
    thresholds. Nested blocks are harmless: each restores what it found; blocks of
    several threads overlapping are not (the thresholds are the process's), which is why
    api.build enters it and the live preview's background layouts do not.
    """
    saved = gc.get_threshold()
    gc.set_threshold(*BUILD_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
