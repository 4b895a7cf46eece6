"""Writing outputs: all files of one command committed together or not at all, and never
over a file dossier did not write.

``write_outputs`` is the one writer of `dossier build` and `dossier export gis`:

1. Check: the output folder is (or can become) a folder, outside the dossier's source
   folders; no target is a folder; every existing target is one dossier wrote and nobody
   edited since (the record ``.dossier-outputs.json`` keeps a digest of each), unless
   ``force`` is set.
2. Stage: each file goes to a temporary ``.NAME.PID.RANDOM.dossier-tmp`` next to its target
   and is flushed to disk (fsync).
3. Commit, with SIGINT and SIGTERM held back: the current version of each target is kept
   under a temporary name (a hard link), the new file is renamed over it, the record last;
   then the folder itself is flushed.
4. Any failure before the commit ends (a full disk, a vanished folder, a signal) undoes
   the renames in reverse order and removes the temporaries and any folder created:
   the output folder is left exactly as it was, and ``OutputError`` says why.
5. The kept versions are then deleted, except that a file replaced by ``force`` that
   dossier had not written (or someone had edited) stays next to it as a backup,
   ``NAME.~1~.EXT`` (``~2~``... if that exists).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from dossier.core import interrupt
from dossier.core.diagnostics import Diagnostic, DossierError, Location, Severity
from dossier.core.paths import absolute

RECORD = ".dossier-outputs.json"
TMP_SUFFIX = ".dossier-tmp"
OLD_SUFFIX = ".dossier-old"


class OutputError(DossierError):
    """The outputs could not be written; nothing in the output folder was changed."""


class OutputConflict(OutputError):
    """A target file exists that dossier did not write (or that someone edited since)."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(
            [
                _diag(
                    "output.not-ours",
                    "this file was not written by dossier (or was edited since); "
                    "it was left as it is",
                    p,
                    "Choose another --output folder, move the file, or use --force to "
                    "replace it (the old file is then kept as a backup next to it).",
                )
                for p in paths
            ]
        )
        self.paths = paths


def _diag(rule: str, message: str, path: Path, hint: str) -> Diagnostic:
    """An output path lies outside the dossier: absolute, so that reports name it from
    where the user stands and not as a file of the dossier."""
    return Diagnostic(rule, Severity.ERROR, message, Location(str(absolute(path))), hint)


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.EIO: "the disk reported an input/output error",
    errno.ELOOP: "the path loops through symbolic links",
}


def _failed(path: Path, exc: OSError, out_dir: Path) -> OutputError:
    reason = _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()
    return OutputError(
        [
            _diag(
                "output.write-failed",
                f"{path.name} could not be written: {reason}; nothing in {out_dir} was changed",
                path,
                "Free some space or choose another --output folder, then run the command again.",
            )
        ]
    )


def _write_all(fd: int, data: bytes) -> None:
    """Every byte of ``data`` to ``fd`` (the one place bytes reach the disk; tests replace
    it to simulate a full disk)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _stage(target: Path, data: bytes) -> Path:
    """A flushed temporary copy of ``data`` next to ``target``."""
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=target.parent
    )
    try:
        _write_all(fd, data)
        os.fchmod(fd, 0o644)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        Path(name).unlink(missing_ok=True)
        raise
    os.close(fd)
    return Path(name)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot flush a folder; the renames are still atomic
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """One file (a report, a cache entry): temporary file, fsync, rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _stage(path, data)
    try:
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_record(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _record_bytes(record: dict[str, str]) -> bytes:
    body = {
        "note": "Files written by dossier; dossier only overwrites these.",
        "files": dict(sorted(record.items())),
    }
    return (json.dumps(body, indent=2) + "\n").encode("utf-8")


def _ours(path: Path, record: dict[str, str]) -> bool:
    """True when ``path`` is a regular file dossier wrote and nobody changed since."""
    known = record.get(path.name)
    if known is None or path.is_symlink() or not path.is_file():
        return False
    try:
        return known == digest(path.read_bytes())
    except OSError:
        return False


def _check_folder(out_dir: Path, protected: Iterable[Path]) -> None:
    """OutputError when ``out_dir`` is, or lies under, a file, or is a source folder."""
    for folder in (out_dir, *out_dir.parents):
        if folder.exists() and not folder.is_dir():
            raise OutputError(
                [
                    _diag(
                        "output.not-a-folder",
                        f"the output folder {out_dir} cannot be made: {folder} is a file",
                        folder,
                        "Give --output a folder name (it is created if needed), "
                        "or move that file away.",
                    )
                ]
            )
        if folder.exists():
            break
    try:
        real = out_dir.resolve()
    except (OSError, RuntimeError) as exc:
        raise _failed(out_dir, OSError(errno.ELOOP, str(exc)), out_dir) from None
    for source in protected:
        if real == source:
            raise OutputError(
                [
                    _diag(
                        "output.inside-sources",
                        f"the output folder {out_dir} holds sources of the dossier; "
                        "dossier never writes among its sources",
                        out_dir,
                        "Choose an output folder outside the dossier, or a new folder of "
                        "its own such as build/.",
                    )
                ]
            )


def _make_folder(out_dir: Path) -> list[Path]:
    """Create ``out_dir`` and missing parents; the folders created, deepest first."""
    missing = [f for f in (out_dir, *out_dir.parents) if not f.exists()]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _remove_folders(missing)
        raise _failed(out_dir, exc, out_dir) from None
    return missing


def _remove_folders(created: list[Path]) -> None:
    """Remove the folders a failed command created, deepest first; one that was never made
    (mkdir failed there) is skipped, one that is not empty stops the removal."""
    for folder in created:
        try:
            folder.rmdir()
        except FileNotFoundError:
            continue
        except OSError:
            return


def _next_backup(path: Path) -> Path:
    stem, suffix = path.stem, path.suffix
    n = 1
    while True:
        candidate = path.with_name(f"{stem}.~{n}~{suffix}")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
        n += 1


class _Commit:
    """Staged files, the renames done, and how to undo them."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (temporary, target)
        self.done: list[tuple[Path, Path | None]] = []  # (target, kept old version)
        self.current: Path | None = None  # the output being staged or renamed

    def rename_all(self) -> None:
        for tmp, target in self.staged:
            self.current = target
            old: Path | None = None
            if target.exists() or target.is_symlink():
                old = target.with_name(f".{target.name}.{os.getpid()}.{len(self.done)}{OLD_SUFFIX}")
                old.unlink(missing_ok=True)
                try:
                    os.link(target, old, follow_symlinks=False)
                except OSError:  # a file system without hard links
                    target.rename(old)
            try:
                tmp.replace(target)
            except BaseException:
                if old is not None and not target.exists():
                    old.rename(target)
                elif old is not None:
                    old.unlink(missing_ok=True)
                raise
            self.done.append((target, old))

    def undo(self) -> list[Path]:
        """Undo the renames (newest first) and remove temporaries; what could not be
        restored (the old version then stays under its temporary name)."""
        stuck: list[Path] = []
        for target, old in reversed(self.done):
            try:
                if old is not None:
                    old.replace(target)
                else:
                    target.unlink(missing_ok=True)
            except OSError:
                stuck.append(target)
        self.done.clear()
        for tmp, _ in self.staged:
            tmp.unlink(missing_ok=True)
        return stuck


def write_outputs(
    out_dir: Path,
    files: dict[Path, bytes],
    *,
    force: bool = False,
    protected: Iterable[Path] = (),
) -> list[Path]:
    """Write every file of ``files`` (paths directly inside ``out_dir``) as one commit;
    see the module docstring. ``protected``: resolved folders that must never receive
    outputs (the dossier's sources). Raises OutputError (OutputConflict for files
    dossier did not write); nothing in ``out_dir`` changes then."""
    try:
        _check_folder(out_dir, protected)
        record = _read_record(out_dir) if out_dir.is_dir() else {}
        folders = [p for p in files if p.is_dir() and not p.is_symlink()]
        foreign = [p for p in files if (p.exists() or p.is_symlink()) and not _ours(p, record)]
    except OSError as exc:  # a name the file system refuses, a link loop...
        raise _failed(out_dir, exc, out_dir) from None
    if folders:
        raise OutputError(
            [
                _diag(
                    "output.is-a-folder",
                    f"a folder named {p.name} is in the way of the output file of that name",
                    p,
                    "Rename or remove that folder, or choose another --output folder.",
                )
                for p in folders
            ]
        )
    if foreign and not force:
        raise OutputConflict(foreign)
    backups = set(foreign)
    new_record = dict(record)
    for path, data in files.items():
        new_record[path.name] = digest(data)
    everything = {**files, out_dir / RECORD: _record_bytes(new_record)}

    commit = _Commit()
    created: list[Path] = []
    with interrupt.deferred():
        try:
            created = _make_folder(out_dir)
            for path, data in everything.items():
                if interrupt.pending():
                    break
                commit.current = path
                commit.staged.append((_stage(path, data), path))
            if not interrupt.pending():
                commit.rename_all()
                _fsync_dir(out_dir)
        except OSError as exc:
            # The output being written, not the temporary name the error may carry.
            where = commit.current or out_dir
            stuck = commit.undo()
            _remove_folders(created)
            error = _failed(where, exc, out_dir)
            if stuck:
                error.diagnostics.extend(_stuck(stuck))
            raise error from None
        except BaseException:
            commit.undo()
            _remove_folders(created)
            raise
        if interrupt.pending():  # stopped: leave the folder as it was
            commit.undo()
            _remove_folders(created)
            return []
    _finish(commit, backups)
    return list(files)


def _stuck(paths: list[Path]) -> list[Diagnostic]:
    return [
        _diag(
            "output.write-failed",
            f"the previous version of {p.name} could not be put back; it is kept next to it "
            f"as a hidden file ending in {OLD_SUFFIX}",
            p,
            "Rename that hidden file back to the name of the output.",
        )
        for p in paths
    ]


def _finish(commit: _Commit, backups: set[Path]) -> None:
    """After a commit: keep replaced foreign files as backups, drop the other old versions."""
    for target, old in commit.done:
        if old is None:
            continue
        try:
            if target in backups:
                old.replace(_next_backup(target))
            else:
                old.unlink()
        except OSError:
            pass  # the outputs are in place; a stale hidden copy is harmless
