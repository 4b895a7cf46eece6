"""The only place the renderers change the process environment.

Some libraries read their settings from environment variables only (fontconfig reads
FONTCONFIG_FILE, fontTools reads SOURCE_DATE_EPOCH). A render sets them for its own
duration, under one lock, and puts back what was there before: a host program that calls
dossier sees its environment unchanged.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Re-entrant: a PDF render sets the fonts and the epoch in nested scopes.
_LOCK = threading.RLock()


@contextmanager
def scoped_environ(**values: str) -> Iterator[None]:
    """Set ``values`` in os.environ while the block runs; restore the old values after."""
    with _LOCK:
        old = {name: os.environ.get(name) for name in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for name, value in old.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
