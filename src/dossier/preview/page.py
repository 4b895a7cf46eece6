"""The rendered document as the preview serves it: the same HTML with the preview's
stylesheet, script and an empty panel added (both package files, templates/preview/),
or a plain page saying why there is nothing to show yet.
"""

from __future__ import annotations

from functools import cache
from html import escape

from dossier.core.resources import templates_dir

ASSETS = {"preview.js": "text/javascript; charset=utf-8", "preview.css": "text/css; charset=utf-8"}

#: What the page may load: its own server's script, styles, state and images, and the
#: images the document embeds; nothing from elsewhere (the document is self-contained).
CONTENT_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
#: Files of the dossier open as inert documents (an SVG's scripts never run).
FILE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"

_WAITING = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>dossier preview</title></head>
<body class="screen"><main id="top"><p class="dp-waiting">Nothing to show yet: the sources
cannot be read. The problems are listed above; the document appears as soon as they are
fixed.</p></main></body>
</html>
"""


@cache
def asset(name: str) -> bytes:
    """A file of templates/preview/ (trusted package data)."""
    return (templates_dir() / "preview" / name).read_bytes()


def inject(html: str | None, *, doc: str, render_version: int) -> str:
    """``html`` (or the waiting page) with the preview's head and panel added."""
    text = html if html is not None else _WAITING
    head = (
        f'<meta name="dossier-preview-doc" content="{escape(doc)}">\n'
        f'<meta name="dossier-preview-render" content="{int(render_version)}">\n'
        '<link rel="stylesheet" href="/_preview/preview.css">\n'
        '<link rel="icon" href="data:,">\n'  # no request for /favicon.ico
    )
    tail = '<div id="dossier-preview"></div>\n<script src="/_preview/preview.js"></script>\n'
    text = _before_last(text, "</head>", head)
    return _before_last(text, "</body>", tail)


def _before_last(text: str, tag: str, insert: str) -> str:
    at = text.rfind(tag)
    if at < 0:
        return text + insert
    return text[:at] + insert + text[at:]
