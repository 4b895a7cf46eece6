"""The only way a PDF build reads anything: a WeasyPrint URL fetcher with an allow-list.

Served:
* `dossier:/REL` -> the file REL inside the dossier folder (after resolving symlinks);
* `dossier-pkg:/fonts/NAME`, `dossier-pkg:/css/NAME` -> the package's own fonts and
  stylesheets (templates/fonts, templates/css);
* `data:` URLs, decoded in memory.

Refused, with a diagnostic, and never opened: every other scheme (http, https, ftp,
file...), any path that leaves the dossier folder or those two package folders, and
relative URLs (the documents only hold absolute virtual URLs). Nothing is fetched over
the network: the fetcher never delegates to urllib.

`resolve()` is the pure decision; `SafeFetcher` wraps it for WeasyPrint and records what
it refused in `.diagnostics` (rule `render.resource-refused`, or `render.resource-missing`
for a dossier file that does not exist). WeasyPrint then leaves the resource out (an image
is not drawn) and logs a message that `render.pdf` drops as a duplicate.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes

from weasyprint.urls import URLFetcher, URLFetcherResponse

from dossier.core import interrupt, paths
from dossier.core.diagnostics import Diagnostic
from dossier.core.resources import templates_dir
from dossier.render import problem

DOSSIER_PREFIX = "dossier:/"
PACKAGE_PREFIX = "dossier-pkg:/"
PACKAGE_FOLDERS = ("fonts", "css")
MAX_BYTES = 200 * 1024 * 1024  # no image or font of a dossier comes near this

_MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".css": "text/css",
}
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class Refused(Exception):
    """A URL the fetcher will not serve; `rule` is the diagnostic rule id."""

    def __init__(self, rule: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.hint = hint


@dataclass(frozen=True)
class Resource:
    data: bytes
    mime: str


def resolve(url: str, root: Path) -> Resource:
    """The bytes behind an allowed URL, or Refused. Pure apart from reading that one file."""
    match = _SCHEME_RE.match(url)
    scheme = match.group(1).lower() if match else ""
    if scheme == "data":
        return _data_url(url)
    if scheme == "dossier":
        path = _inside(root, url[len("dossier:") :], url, "the dossier folder")
        return _read(path, url, missing_rule="render.resource-missing")
    if scheme == "dossier-pkg":
        folder, _, rest = url[len("dossier-pkg:") :].lstrip("/").partition("/")
        if folder not in PACKAGE_FOLDERS:
            raise Refused(
                "render.resource-refused", f"refused {url!r}: not a font or stylesheet of dossier"
            )
        base = templates_dir() / folder
        path = _inside(base, rest, url, "the package's fonts and stylesheets")
        found = _read(path, url, missing_rule="render.resource-refused")
        if folder == "fonts" and path.suffix.lower() in (".ttf", ".otf"):
            from dossier.render.fonts import for_pdf

            return Resource(for_pdf(path), found.mime)
        return found
    if scheme in ("http", "https", "ftp", "ftps", "ws", "wss"):
        raise Refused(
            "render.resource-refused",
            f"refused to fetch {_short(url)}: builds are offline and never fetch remote resources",
            "Download the file into the dossier folder and refer to it by its relative path.",
        )
    if scheme == "file":
        raise Refused(
            "render.resource-refused",
            f"refused to read {_short(url)}: only files inside the dossier folder may be used",
            "Copy the file into the dossier folder.",
        )
    if not scheme:
        raise Refused("render.resource-refused", f"refused relative URL {_short(url)!r}")
    raise Refused(
        "render.resource-refused", f"refused {_short(url)}: the {scheme!r} scheme is not allowed"
    )


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."


def _inside(base: Path, path: str, url: str, where: str) -> Path:
    """The file a URL path names inside ``base`` (the rules of dossier.core.paths)."""
    rel = unquote(path.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
    found = paths.resolve_inside(base, rel)
    if found.path is not None:
        return found.path
    if found.problem in ("missing", "not-a-file"):
        return base / (found.rel or "")  # _read reports it as missing
    if found.problem in ("outside", "link-outside"):
        raise Refused(
            "render.resource-refused",
            f"refused {_short(url)!r}: it leads outside {where}",
            "A dossier may only use files inside its own folder.",
        )
    raise Refused("render.resource-refused", f"refused {_short(url)!r}: malformed path")


def _read(path: Path, url: str, *, missing_rule: str) -> Resource:
    if not path.is_file():
        raise Refused(missing_rule, f"{_short(url)!r}: no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise Refused(
            "render.resource-refused", f"refused {_short(url)!r}: file too large ({size} bytes)"
        )
    return Resource(path.read_bytes(), _MIME.get(path.suffix.lower(), "application/octet-stream"))


def _data_url(url: str) -> Resource:
    head, sep, payload = url[5:].partition(",")
    if not sep:
        raise Refused("render.resource-refused", "refused malformed data: URL")
    params = head.split(";")
    mime = params[0].strip() or "text/plain"
    try:
        if any(p.strip().lower() == "base64" for p in params[1:]):
            data = base64.b64decode(unquote(payload), validate=False)
        else:
            data = unquote_to_bytes(payload)
    except ValueError as exc:
        raise Refused("render.resource-refused", f"refused malformed data: URL ({exc})") from exc
    return Resource(data, mime)


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint URL fetcher over `resolve`; refusals are kept in `.diagnostics`."""

    def __init__(self, root: Path) -> None:
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.root = root.resolve()
        self.diagnostics: list[Diagnostic] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        interrupt.checkpoint()  # WeasyPrint swallows it here, but loads nothing more
        try:
            res = resolve(url, self.root)
        except Refused as exc:
            if url not in self.refused:
                self.refused.append(url)
                self.diagnostics.append(problem(exc.rule, str(exc), hint=exc.hint))
            raise ValueError(str(exc)) from None
        return URLFetcherResponse(url, res.data, {"Content-Type": res.mime})

    def open(self, url: object, data: object = None, timeout: object = None) -> URLFetcherResponse:
        return self.fetch(str(getattr(url, "full_url", url)))

    def __call__(self, url: str) -> URLFetcherResponse:
        return self.fetch(url)
