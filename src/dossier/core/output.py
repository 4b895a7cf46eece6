"""Writing outputs: atomically, and never over a file dossier did not create."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


RECORD = ".dossier-outputs.json"


class OutputConflict(Exception):
    """A target file exists that dossier did not write (or that someone edited since)."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(str(p) for p in paths))
        self.paths = paths


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _read_record(out_dir: Path) -> dict[str, str]:
    import json

    try:
        data = json.loads((out_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def write_outputs(out_dir: Path, files: dict[Path, bytes], *, force: bool = False) -> list[Path]:
    """Write every file atomically, after checking none would overwrite someone else's file.

    dossier keeps a record (.dossier-outputs.json) of what it wrote in out_dir; an
    existing file that is not in the record, or whose content changed since, is left
    alone and reported, unless force is set.
    """
    import json

    record = _read_record(out_dir)
    conflicts = []
    for path in files:
        if path.exists() and not force:
            known = record.get(path.name)
            if known is None or known != _digest(path.read_bytes()):
                conflicts.append(path)
    if conflicts:
        raise OutputConflict(conflicts)
    written = []
    for path, data in files.items():
        write_atomic(path, data)
        record[path.name] = _digest(data)
        written.append(path)
    body = {
        "note": "Files written by dossier build; dossier only overwrites these.",
        "files": dict(sorted(record.items())),
    }
    write_atomic(out_dir / RECORD, (json.dumps(body, indent=2) + "\n").encode("utf-8"))
    return written
