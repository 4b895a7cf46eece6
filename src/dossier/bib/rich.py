"""Renderer-neutral formatted text: the HTML and DOCX renderers both draw these runs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

# i = italic, b = bold, sc = small caps, sup / sub = superscript / subscript.
STYLES: frozenset[str] = frozenset({"i", "b", "sc", "sup", "sub"})

URL = re.compile(r"https?://[^\s<>\"“”«»]+|doi:\s?(10\.\d{4,9}/[^\s<>\"“”«»]+)")
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
    for m in URL.finditer(run.text):
        shown = m.group(0).rstrip(_URL_TRAILING)
        if ")" in shown and shown.count("(") < shown.count(")"):
            shown = shown[: shown.rfind(")")]
        target = shown
        if m.group(1):  # "doi:10.1234/x" links to the DOI resolver
            target = "https://doi.org/" + shown.split(":", 1)[1].strip()
        yield Run(run.text[pos : m.start()], run.styles, run.link)
        yield Run(shown, run.styles, target)
        pos = m.start() + len(shown)
    yield Run(run.text[pos:], run.styles, run.link)


def linkify(rich: Iterable[Run]) -> Rich:
    """Turn printed http(s) URLs and ``doi:10...`` DOIs into links (to https://doi.org/)."""
    out: Rich = []
    for run in rich:
        out.extend(_split_urls(run) if run.link is None else [run])
    return merge(out)
