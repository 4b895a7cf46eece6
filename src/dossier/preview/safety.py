"""What the preview server may bind to and what a request may read.

The preview shows unpublished drafts without any password, so it listens on the loopback
interface only unless the user explicitly asks otherwise, and answers only for the names
of this machine (a page elsewhere cannot reach it through a DNS name pointed at
127.0.0.1). Files are served only from inside the dossier folder, by the same rule as
every other stage (`core.paths.resolve_inside`), never hidden ones, never a listing.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dossier.core.paths import resolve_inside

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})

REMOTE_REFUSED = (
    "the preview shows your unpublished draft to anyone who can reach {host}, without a "
    "password; it listens on 127.0.0.1 (this computer only) unless you add --allow-remote"
)

# What a file of the dossier is served as; other files are sent as plain bytes to save.
_TYPES = {
    ".yaml": "text/plain; charset=utf-8",
    ".yml": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "text/plain; charset=utf-8",
    ".geojson": "text/plain; charset=utf-8",
    ".po": "text/plain; charset=utf-8",
    ".bib": "text/plain; charset=utf-8",
    ".csl": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}
DOWNLOAD_TYPE = "application/octet-stream"


def is_loopback(host: str) -> bool:
    """True for the names and addresses of this computer's loopback interface."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def bind_refusal(host: str, allow_remote: bool) -> str | None:
    """Why the server must not listen on ``host`` (None when it may)."""
    if is_loopback(host) or allow_remote:
        return None
    return REMOTE_REFUSED.format(host=host or "every network interface")


def host_allowed(header: str | None, port: int, *, allow_remote: bool) -> bool:
    """Whether a request's Host header names this server as the loopback interface (any
    name is accepted when the user exposed the preview on purpose)."""
    if allow_remote:
        return True
    if not header:
        return False
    name, sep, given = header.strip().rpartition(":")
    if not sep or not given.isdigit() or int(given) != port:
        return False
    return is_loopback(name)


@dataclass(frozen=True)
class Target:
    """What a request path names: a ``kind`` of page and its argument."""

    kind: str  # "page", "asset", "state", "events", "print", "image", "file", "none"
    arg: str = ""
    query: str = ""


def route(raw: str, docs: tuple[str, ...]) -> Target:
    """The target of a request path (``/``, ``/<doc>``, ``/_preview/...``, ``/files/...``)."""
    parts = urlsplit(raw)
    path, query = parts.path, parts.query
    if path in ("/", "/index.html"):
        return Target("page", docs[0] if docs else "")
    name = path.strip("/")
    if name in docs and path == "/" + name:
        return Target("page", name)
    if path in ("/_preview/preview.js", "/_preview/preview.css"):
        return Target("asset", path.rsplit("/", 1)[1])
    if path == "/_preview/state.json":
        return Target("state")
    if path == "/_preview/events":
        return Target("events")
    if path == "/_preview/print.json":
        return Target("print", "", query)
    if path.startswith("/_preview/page/"):
        return Target("image", path.removeprefix("/_preview/page/"))
    if path.startswith("/files/"):
        try:
            return Target("file", unquote(path.removeprefix("/files/"), errors="strict"))
        except UnicodeDecodeError:  # %-escapes that are not UTF-8 name no file
            return Target("none")
    return Target("none")


def dossier_file(root: Path, rel: str) -> tuple[Path, str] | None:
    """The file ``rel`` of the dossier and its content type, or None when it may not be
    served: outside the folder (``..``, absolute, a link out), hidden (``.git``), a folder,
    missing, or not a plain relative name."""
    if not rel or "\\" in rel or any(p.startswith(".") or not p for p in rel.split("/")):
        return None
    found = resolve_inside(root, rel)
    if not found.ok or found.path is None:
        return None
    return found.path, _TYPES.get(found.path.suffix.lower(), DOWNLOAD_TYPE)
