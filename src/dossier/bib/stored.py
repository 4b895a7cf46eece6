"""Formatted citations kept in the on-disk cache (core.cache) between builds.

citeproc is most of the time of assembling a document (0.3 s for the example's 600
citations and bibliography); a build after a change to the text cites the same works
in the same order, so the formatted result of the last build is served again. A change
that adds, moves or edits a citation of works already cited keeps the bibliography and
the items rendered (WORKS_KIND), so only the clusters are formatted again. The key is
the digest of every input of the formatter (bib.render) with citeproc-py's version: the
cache's own stamp covers dossier's code. What is stored is plain JSON of the model's
inlines (text, styles, links), read back only when it has exactly that shape.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from dossier.core import model as m

KIND = "citations"
# The bibliography and the rendered items of the works cited (bib.render), kept apart from
# the clusters: a change that cites the same works formats only the clusters again.
WORKS_KIND = "citation-works"


@cache
def _citeproc_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("citeproc-py")
    except metadata.PackageNotFoundError:
        return "absent"


def _key(inputs: str) -> str:
    return f"{inputs}\0citeproc-py={_citeproc_version()}"


def load(inputs: str) -> tuple[list[tuple[m.Inline, ...]], list[m.BibEntry]] | None:
    """The formatted citations and bibliography stored under `inputs`, or None."""
    from dossier.core import cache as disk

    data = disk.load_json(KIND, _key(inputs))
    try:
        assert isinstance(data, dict)
        cites = [_inlines(c) for c in data["cites"]]
        entries = _entries(data["entries"])
    except (AssertionError, KeyError, TypeError, ValueError):
        return None
    return cites, entries


def store(inputs: str, cites: list[tuple[m.Inline, ...]], entries: list[m.BibEntry]) -> None:
    from dossier.core import cache as disk

    try:
        data = {
            "cites": [[_dump(i) for i in c] for c in cites],
            "entries": _dump_entries(entries),
        }
    except TypeError:  # an inline this format does not hold: not stored
        return
    disk.store_json(KIND, _key(inputs), data)


def load_works(inputs: str) -> tuple[object, list[m.BibEntry]] | None:
    """What a formatter of the same works worked out (`Formatter.prepared`, checked by its
    `restore`) and their bibliography, stored under `inputs`, or None."""
    from dossier.core import cache as disk

    data = disk.load_json(WORKS_KIND, _key(inputs))
    if not isinstance(data, dict):
        return None
    try:
        return data["prepared"], _entries(data["entries"])
    except (KeyError, TypeError, ValueError):
        return None


def store_works(inputs: str, prepared: dict[str, Any], entries: list[m.BibEntry]) -> None:
    from dossier.core import cache as disk

    try:
        data = {"prepared": prepared, "entries": _dump_entries(entries)}
    except TypeError:
        return
    disk.store_json(WORKS_KIND, _key(inputs), data)


def _dump(node: m.Inline) -> list[Any]:
    if isinstance(node, m.Text):
        return ["t", node.text]
    if isinstance(node, m.Styled):
        return ["s", node.style, [_dump(c) for c in node.children]]
    if isinstance(node, m.Link):
        return ["l", node.url, [_dump(c) for c in node.children]]
    raise TypeError(type(node).__name__)


def _entries(items: Any) -> list[m.BibEntry]:
    if not isinstance(items, list):
        raise TypeError("not a list")
    return [m.BibEntry(str(e["key"]), _inlines(e["inlines"]), _lang(e["lang"])) for e in items]


def _dump_entries(entries: list[m.BibEntry]) -> list[dict[str, Any]]:
    return [
        {"key": e.key, "inlines": [_dump(i) for i in e.inlines], "lang": e.lang} for e in entries
    ]


def _inlines(items: Any) -> tuple[m.Inline, ...]:
    if not isinstance(items, list):
        raise TypeError("not a list")
    return tuple(_load_one(i) for i in items)


def _load_one(item: Any) -> m.Inline:
    if isinstance(item, list) and len(item) == 2 and item[0] == "t" and isinstance(item[1], str):
        return m.Text(item[1])
    if isinstance(item, list) and len(item) == 3 and isinstance(item[1], str):
        if item[0] == "s":
            return m.Styled(item[1], _inlines(item[2]))
        if item[0] == "l":
            return m.Link(item[1], _inlines(item[2]))
    raise ValueError("not an inline")


def _lang(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError("not a language")
