"""Renderer-neutral formatted text: the HTML and DOCX renderers both draw these runs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

# i = italic, b = bold, sc = small caps, sup / sub = superscript / subscript.
STYLES: frozenset[str] = frozenset({"i", "b", "sc", "sup", "sub"})

_URL = re.compile(r"https?://[^\s<>\"“”«»]+")
_URL_TRAILING = ".,;:!?)]}'’"


class Run(NamedTuple):
    """A stretch of text with one set of styles, optionally a hyperlink."""

    text: str
    styles: frozenset[str] = frozenset()
    link: str | None = None


Rich = list[Run]


def plain(rich: Iterable[Run]) -> str:
    """The text without formatting (for sorting, tests, and plain-text outputs)."""
    return "".join(run.text for run in rich)


def merge(runs: Iterable[Run]) -> Rich:
    """Drop empty runs and join neighbours that look the same, so output is canonical."""
    out: Rich = []
    for run in runs:
        if not run.text:
            continue
        if out and out[-1].styles == run.styles and out[-1].link == run.link:
            out[-1] = Run(out[-1].text + run.text, run.styles, run.link)
        else:
            out.append(run)
    return out


def _split_urls(run: Run) -> Iterable[Run]:
    pos = 0
    for m in _URL.finditer(run.text):
        url = m.group(0).rstrip(_URL_TRAILING)
        if ")" in url and url.count("(") < url.count(")"):
            url = url[: url.rfind(")")]
        yield Run(run.text[pos : m.start()], run.styles, run.link)
        yield Run(url, run.styles, url)
        pos = m.start() + len(url)
    yield Run(run.text[pos:], run.styles, run.link)


def linkify(rich: Iterable[Run]) -> Rich:
    """Turn printed http(s) URLs (``URL``, ``https://doi.org/...``) into links."""
    out: Rich = []
    for run in rich:
        out.extend(_split_urls(run) if run.link is None else [run])
    return merge(out)
