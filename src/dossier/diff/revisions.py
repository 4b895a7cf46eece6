"""A git revision of a dossier folder, copied into a private temporary folder.

Only git's plumbing is used (rev-parse, ls-tree, cat-file): blobs are copied byte for byte,
without checkout filters, hooks or attributes, and the working tree and the index are never
touched. Nothing is fetched: a revision must already be in the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class RevisionError(Exception):
    """The revision cannot be read (no git, not a repository, unknown revision): a usage error."""


@dataclass(frozen=True)
class Revision:
    name: str  # as the user wrote it, e.g. "v1" or "HEAD~2"
    commit: str  # full commit id
    folder: Path  # the temporary copy of the dossier folder at that revision

    @property
    def short(self) -> str:
        return self.commit[:10]


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"
    exe = shutil.which("git")
    if exe is None:
        raise RevisionError("reading a revision needs git, which is not installed")
    try:
        done = subprocess.run(
            [exe, "-C", str(cwd), *args],
            input=stdin,
            capture_output=True,
            env=env,
            check=False,
        )
    except OSError as exc:
        raise RevisionError(f"git could not be run: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def resolve(folder: Path, rev: str) -> tuple[Path, str, str]:
    """(top of the repository, the folder's path inside it with a trailing '/' or '',
    full commit id of ``rev``); RevisionError when any is not there."""
    if not folder.is_dir():
        raise RevisionError(f"no such folder: {folder}")
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n"):
        raise RevisionError(f"{rev!r} is not a revision name")
    try:
        top = _git(folder, "rev-parse", "--show-toplevel").decode().strip()
        prefix = _git(folder, "rev-parse", "--show-prefix").decode().strip()
    except RevisionError:
        raise RevisionError(f"{folder} is not inside a git repository") from None
    try:
        commit = _git(folder, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except RevisionError:
        raise RevisionError(f"unknown revision {rev!r} in the git repository of {folder}") from None
    return Path(top), prefix, commit.decode().strip()


def _entries(top: Path, commit: str, prefix: str) -> list[tuple[str, str, str]]:
    """(mode, blob id, path below the folder) of every file of the folder at ``commit``."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if prefix:
        args += ["--", prefix.rstrip("/")]
    out: list[tuple[str, str, str]] = []
    for record in _git(top, *args).split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind != "blob" or not path.startswith(prefix):
            continue  # submodules (commits) are not part of a dossier
        out.append((mode, oid, path[len(prefix) :]))
    return out


def _blobs(top: Path, oids: list[str]) -> Iterator[bytes]:
    """The contents of ``oids``, in order, from one `git cat-file --batch`."""
    if not oids:
        return
    data = _git(top, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
    pos = 0
    for _ in oids:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise RevisionError("git returned an unexpected object")
        size = int(header[2])
        start = end + 1
        yield data[start : start + size]
        pos = start + size + 1


def _safe_target(root: Path, rel: str) -> Path | None:
    parts = PurePosixPath(rel).parts
    if not parts or any(p in ("", ".", "..") for p in parts) or rel.startswith("/"):
        return None
    return root.joinpath(*parts)


def _materialise(top: Path, commit: str, prefix: str, dest: Path) -> int:
    entries = _entries(top, commit, prefix)
    count = 0
    for (mode, _oid, rel), data in zip(entries, _blobs(top, [e[1] for e in entries]), strict=True):
        target = _safe_target(dest, rel)
        if target is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":  # a symbolic link: kept only when it stays inside the folder
            link = data.decode("utf-8", "surrogateescape")
            inside = _safe_target(target.parent, link) if not link.startswith("/") else None
            if inside is not None and os.path.normpath(inside).startswith(str(dest) + os.sep):
                target.symlink_to(link)
            continue
        target.write_bytes(data)
        count += 1
    return count


@contextmanager
def checkout(folder: Path, rev: str) -> Iterator[Revision]:
    """The dossier folder as it was at ``rev``, in a private temporary folder removed on exit."""
    top, prefix, commit = resolve(folder, rev)
    with tempfile.TemporaryDirectory(prefix="dossier-diff-") as tmp:
        dest = Path(tmp) / "dossier"
        dest.mkdir()
        if _materialise(top, commit, prefix, dest) == 0:
            where = prefix.rstrip("/") or "the repository"
            raise RevisionError(f"{where} has no files at revision {rev!r}")
        yield Revision(rev, commit, dest)
