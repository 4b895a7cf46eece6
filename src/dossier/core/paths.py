"""The one rule for "stay inside the dossier folder", used by every stage that opens a file
a dossier names: sources and prose files (load), GeoJSON boundaries (geo) and the PDF
renderer's fetcher (render).

A reference is a relative path written in a dossier. It is refused when it

* is not text or is empty (``invalid``), holds a NUL character (``nul``), or a name or
  path longer than file systems allow (``too-long``);
* is a URL or a network path: ``https://...``, ``file:...``, ``//host/share`` (``remote``);
* is absolute: ``/etc/x``, ``\\x``, ``C:\\x`` (``absolute``);
* leaves the folder through ``..`` (``outside``) or through a symbolic link
  (``link-outside``);
* names nothing, or a folder (``missing``, ``not-a-file``), or goes through a symbolic
  link that leads back to itself (``link-loop``).

Backslashes count as folder separators (dossiers written on Windows). Nothing here
raises for a bad reference: each caller turns the problem into its own diagnostic.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

Problem = Literal[
    "invalid",
    "nul",
    "too-long",
    "remote",
    "absolute",
    "outside",
    "link-outside",
    "link-loop",
    "missing",
    "not-a-file",
]

# A URL scheme of two letters or more ("C:" is a Windows drive, not a scheme).
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")
_DRIVE = re.compile(r"^[A-Za-z]:")
# Limits of common file systems (ext4, NTFS, APFS): bytes per name and per path.
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 4096


@dataclass(frozen=True)
class Resolved:
    """Where a reference leads: ``path`` (symbolic links resolved) when it is an existing
    file inside the folder, else the ``problem``. ``rel`` is the reference as a clean
    posix path relative to the folder, whenever it stays inside it."""

    path: Path | None
    rel: str | None
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _refused(problem: Problem, rel: str | None = None) -> Resolved:
    return Resolved(None, rel, problem)


def classify(ref: object) -> tuple[str | None, Problem | None]:
    """The reference as a relative posix path, or why it cannot be one (no file access)."""
    if not isinstance(ref, str) or not ref.strip():
        return None, "invalid"
    if "\x00" in ref:
        return None, "nul"
    text = ref.strip()
    if _SCHEME.match(text) or text.startswith(("//", "\\\\")):
        return None, "remote"
    if text.startswith(("/", "\\")) or _DRIVE.match(text):
        return None, "absolute"
    text = text.replace("\\", "/")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES or any(
        len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in text.split("/")
    ):
        return None, "too-long"
    norm = os.path.normpath(text)
    if norm == ".." or norm.startswith("../"):
        return None, "outside"
    rel = PurePosixPath(norm).as_posix()
    return (None, "invalid") if rel == "." else (rel, None)


def resolve_inside(root: Path, ref: object) -> Resolved:
    """Resolve ``ref`` against the folder ``root``; see the module docstring for the rules."""
    rel, problem = classify(ref)
    if problem is not None or rel is None:
        return _refused(problem or "invalid")
    try:
        base = root.resolve()
        real = (base / rel).resolve()
        inside = real == base or real.is_relative_to(base)
        is_file = inside and real.is_file()
        exists = inside and real.exists()
    except RuntimeError:  # Python 3.11-3.12: "Symlink loop from ..."
        return _refused("link-loop", rel)
    except OSError as exc:  # Python 3.13+: ELOOP; or a name the system refuses
        if exc.errno == errno.ELOOP:
            return _refused("link-loop", rel)
        if exc.errno == errno.ENAMETOOLONG:
            return _refused("too-long", rel)
        return _refused("invalid", rel)
    except ValueError:
        return _refused("invalid", rel)
    if not inside:
        return _refused("link-outside", rel)
    if not is_file:
        return _refused("not-a-file" if exists else "missing", rel)
    return Resolved(real, rel, None)


def shown_from(root: Path, base: Path | None = None) -> str:
    """How a report names the dossier folder ``root`` seen from ``base`` (the current
    folder by default): "" for the folder itself, a relative path below it, otherwise the
    absolute path. Reports prefix it to the dossier-relative path of each finding, so
    that terminals and editors can open 'my-dossier/parts/5-protection.yaml:19:15'."""
    here = absolute(base if base is not None else Path.cwd())
    target = absolute(root)
    rel = os.path.relpath(target, here)
    if rel == ".":
        return ""
    if rel == ".." or rel.startswith(".." + os.sep):
        return target.as_posix()
    return Path(rel).as_posix()


def absolute(path: Path) -> Path:
    """``path`` made absolute and normalised, symbolic links kept as the user named them."""
    return Path(os.path.normpath(Path(path).absolute()))


def repository_root(start: Path) -> Path | None:
    """The top folder of the git work tree holding ``start`` (None outside any)."""
    here = absolute(start)
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None
