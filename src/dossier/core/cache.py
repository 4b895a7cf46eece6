"""A small on-disk cache of findings, outside the dossier (the sources are never touched).

Location: $DOSSIER_CACHE_DIR, else $XDG_CACHE_HOME/dossier, else ~/.cache/dossier.
DOSSIER_NO_CACHE=1 turns it off. The cache only saves time: any problem reading or
writing it is ignored, and a damaged entry is read as a miss and written again.

An entry is found by its kind ("geo", "schema", "refs") and the caller's key (a hash of
the source bytes the findings depend on), mixed with the *stamp* of the program that
computed them, so that no other program is ever served those findings:

* the bytes of every Python file of the dossier package, and of the data that decides
  findings (schemas, the rule catalogue, the format profiles);
* the Python version, and the exact installed build of each library that changes
  results: shapely (with its GEOS), pyproj (with its PROJ), numpy, jsonschema and its
  format and reference libraries, markdown-it and PyYAML. A library is identified by its
  ``*.dist-info/RECORD`` file, which lists the hash of every file the wheel installed,
  bundled GEOS and PROJ included; nothing is imported to read it.

The stamp is computed once per process; the cache folder remembers it under the files'
sizes and modification times, so that an unchanged installation costs only their metadata. The folder is kept under
MAX_BYTES (DOSSIER_CACHE_MAX_MB): each hit touches its file, and after a write the
least recently used files are removed until a quarter of the room is free.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path

from dossier.core.diagnostics import Diagnostic, diagnostic_from_dict, diagnostic_to_dict

# Part of every file name: entries written in an older layout are simply not found.
FORMAT = "v5"
MAX_BYTES = 64 * 1024 * 1024
# Import name -> distribution name of the libraries whose versions change findings.
LIBRARIES = {
    "shapely": "shapely",
    "pyproj": "pyproj",
    "numpy": "numpy",
    "jsonschema": "jsonschema",
    "jsonschema_specifications": "jsonschema_specifications",
    "referencing": "referencing",
    "markdown_it": "markdown_it_py",
    "mdit_py_plugins": "mdit_py_plugins",
    "yaml": "pyyaml",
}
# Data folders (below the package's templates/schemas) whose content decides findings.
DATA = (("schemas", ""), ("templates", "rules"), ("templates", "formats"))


def cache_dir() -> Path | None:
    if os.environ.get("DOSSIER_NO_CACHE"):
        return None
    explicit = os.environ.get("DOSSIER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dossier"


def max_bytes() -> int:
    try:
        return int(float(os.environ.get("DOSSIER_CACHE_MAX_MB", "")) * 1024 * 1024)
    except ValueError:
        return MAX_BYTES


# ---------------------------------------------------------------- the stamp


def _tree(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", "_data"))
        out += [Path(dirpath) / name for name in sorted(filenames) if name.endswith(suffixes)]
    return out


def _library_records() -> list[tuple[str, Path | None]]:
    """(distribution, its RECORD file or None when the library is not installed)."""
    import importlib.util

    out: list[tuple[str, Path | None]] = []
    listings: dict[Path, list[str]] = {}
    for module, dist in LIBRARIES.items():
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        locations = list(spec.submodule_search_locations or []) if spec else []
        if not locations:
            out.append((dist, None))
            continue
        site = Path(locations[0]).parent
        if site not in listings:
            listings[site] = sorted(p.name for p in site.iterdir())
        infos = [e for e in listings[site] if e.lower().startswith(dist + "-")]
        records = [site / e / "RECORD" for e in infos if e.endswith(".dist-info")]
        out += [(dist, r) for r in records] or [(dist, None)]
    return out


def _stamp_files() -> list[tuple[str, Path | None]]:
    """The files whose bytes make the stamp, each with a label."""
    from dossier.core import resources

    package = Path(__file__).resolve().parents[1]
    files: list[tuple[str, Path | None]] = [
        (p.relative_to(package).as_posix(), p) for p in _tree(package, (".py",))
    ]
    for name, sub in DATA:
        folder = resources.data_dir(name) / sub
        files += [
            (f"{name}/{p.relative_to(folder).as_posix()}", p)
            for p in _tree(folder, (".json", ".yaml"))
        ]
    return files + _library_records()


def _content_stamp(head: str, files: list[tuple[str, Path | None]]) -> str:
    digest = hashlib.sha256(head.encode())
    for label, path in files:
        digest.update(f"\0{label}\0".encode())
        digest.update(path.read_bytes() if path is not None else b"absent")
    return digest.hexdigest()


@cache
def stamp() -> str:
    """Who computes the findings: dossier's code and data, Python and the libraries.

    Reading every file costs tens of milliseconds, so the stamp is remembered in the cache
    folder under a signature of the files' names, sizes and modification times: a
    `dossier check` with nothing changed only looks at the files' metadata."""
    from dossier import __version__

    head = f"dossier {__version__} {FORMAT}\0{sys.version}\0"
    try:
        files = _stamp_files()
        signature = hashlib.sha256(head.encode())
        for label, path in files:
            info = path.stat() if path is not None else None
            meta = f"{path}:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}" if info else "-"
            signature.update(f"\0{label}\0{meta}".encode())
        folder = cache_dir()
        memo = folder / f"stamp-{FORMAT}-{signature.hexdigest()[:40]}.txt" if folder else None
        if memo is not None:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                known = memo.read_text(encoding="ascii").strip()
                if len(known) == 64 and all(c in "0123456789abcdef" for c in known):
                    return known
        value = _content_stamp(head, files)
    except OSError:
        # Cannot tell which program this is: a stamp nothing else will ever share.
        return hashlib.sha256(os.urandom(32)).hexdigest()
    if memo is not None:
        from dossier.core.output import write_atomic

        with contextlib.suppress(OSError):
            write_atomic(memo, value.encode("ascii"))
    return value


def entry_path(folder: Path, kind: str, key: str) -> Path:
    name = hashlib.sha256(f"{stamp()}\0{kind}\0{key}".encode()).hexdigest()[:40]
    return folder / f"{kind}-{FORMAT}-{name}.json"


# ---------------------------------------------------------------- reading and writing


def _load(kind: str, key: str) -> object | None:
    folder = cache_dir()
    if folder is None:
        return None
    path = entry_path(folder, kind, key)
    try:
        data: object = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # absent, truncated, not JSON, not UTF-8
        return None
    if not isinstance(data, dict) or data.get("kind") != kind or "value" not in data:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: evicted last
    value: object = data["value"]
    return value


def _store(kind: str, key: str, value: object) -> None:
    folder = cache_dir()
    if folder is None:
        return
    from dossier.core.output import write_atomic

    body = json.dumps({"kind": kind, "value": value}, ensure_ascii=False)
    try:
        write_atomic(entry_path(folder, kind, key), body.encode("utf-8"))
    except OSError:
        return
    evict(folder)


def evict(folder: Path, limit: int | None = None) -> None:
    """Remove the least recently used entries while the folder holds more than ``limit``
    bytes, down to three quarters of it."""
    limit = max_bytes() if limit is None else limit
    entries: list[tuple[int, int, str]] = []
    try:
        for entry in os.scandir(folder):
            info = entry.stat()
            entries.append((info.st_mtime_ns, info.st_size, entry.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    for _, size, path in sorted(entries):
        if total <= limit * 3 // 4:
            break
        try:
            Path(path).unlink()
        except OSError:
            continue
        total -= size


def load_diagnostics(kind: str, key: str) -> list[Diagnostic] | None:
    data = _load(kind, key)
    if not isinstance(data, list):
        return None
    try:
        found = [diagnostic_from_dict(item) for item in data]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return found if all(_well_formed(d) for d in found) else None


def _well_formed(d: Diagnostic) -> bool:
    loc = d.location
    return loc is None or (
        isinstance(loc.file, str)
        and all(v is None or (isinstance(v, int) and v >= 1) for v in (loc.line, loc.col))
        and (loc.detail is None or isinstance(loc.detail, str))
    )


def store_diagnostics(kind: str, key: str, diags: list[Diagnostic]) -> None:
    _store(kind, key, [diagnostic_to_dict(d) for d in diags])


def load_json(kind: str, key: str) -> object | None:
    """A stored JSON value; the caller checks its shape (a damaged entry may be anything)."""
    return _load(kind, key)


def store_json(kind: str, key: str, data: object) -> None:
    _store(kind, key, data)
