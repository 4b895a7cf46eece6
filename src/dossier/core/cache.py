"""A small on-disk cache of findings, outside the dossier (the sources are never touched).

Location: $DOSSIER_CACHE_DIR, else $XDG_CACHE_HOME/dossier, else ~/.cache/dossier.
DOSSIER_NO_CACHE=1 turns it off. Any problem reading or writing it is ignored: the cache
only saves time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dossier.core.diagnostics import Diagnostic, diagnostic_from_dict, diagnostic_to_dict

# Part of every file name: entries written in an older layout are simply not found.
FORMAT = "v4"


def cache_dir() -> Path | None:
    if os.environ.get("DOSSIER_NO_CACHE"):
        return None
    explicit = os.environ.get("DOSSIER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dossier"


def load_diagnostics(kind: str, key: str) -> list[Diagnostic] | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{kind}-{FORMAT}-{key}.json").read_text(encoding="utf-8"))
        return [diagnostic_from_dict(item) for item in data]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_diagnostics(kind: str, key: str, diags: list[Diagnostic]) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        from dossier.core.output import write_atomic

        text = json.dumps([diagnostic_to_dict(d) for d in diags], ensure_ascii=False)
        write_atomic(folder / f"{kind}-{FORMAT}-{key}.json", text.encode("utf-8"))
    except OSError:
        return


def load_json(kind: str, key: str) -> object | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data: object = json.loads(
            (folder / f"{kind}-{FORMAT}-{key}.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError):
        return None
    return data


def store_json(kind: str, key: str, data: object) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        from dossier.core.output import write_atomic

        write_atomic(
            folder / f"{kind}-{FORMAT}-{key}.json",
            json.dumps(data, ensure_ascii=False).encode("utf-8"),
        )
    except OSError:
        return
