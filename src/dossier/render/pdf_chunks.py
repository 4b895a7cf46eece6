"""The print HTML cut into chunks that WeasyPrint can lay out on their own.

A chunk is a run of the body's top-level elements that starts on a new page (the cover,
a chapter, the contents, a list of figures or tables): laid out alone, its pages are the
pages it gets in the whole document, provided that it is told what it cannot see:

* the number of its first page and the total (`@page :first { counter-reset }` of the
  page counter and of TOTAL_COUNTER, which replaces `counter(pages)`: "Page X of Y" in
  the margin);
* the page of every anchor it links to (`target-counter(attr(href), page)` of the
  contents, the lists and the "Figure N, p. M" cross-references replaced by an attribute
  holding the number);
* the named strings set before it (the property's name, "Page", "of" of the running
  header and footer, set by the cover).

`split` finds the chunks (None when the HTML is not what this module expects: the build
then takes the single pass), `Chunk.html` writes one with those inputs. Pure text work:
nothing here lays anything out.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

#: Classes of top-level elements that begin on a new page (print.css: `section.chapter`,
#: `.toc`, `.list` have `break-before: page`; the cover is the first page).
PAGE_STARTS = frozenset({"chapter", "toc", "list"})
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_TARGET_COUNTER = re.compile(r"target-counter\(\s*attr\(\s*href\s*\)\s*,\s*page\s*\)")
_PAGES = re.compile(r"(?<![-\w])counter\(\s*pages\s*\)")
#: What the CSS may not use for a chunk to be laid out alone (anything page-based left).
_UNSUPPORTED = re.compile(r"target-counter|target-counters|target-text|counter\(\s*pages")
_HREF = re.compile(r'(<a\b[^>]*?\shref="#([^"]*)")')
_STRING_SET = re.compile(r"\.cover\s*\{[^}]*?string-set\s*:\s*([^;}]+)", re.S)
_STRING_ITEM = re.compile(r"([A-Za-z][\w-]*)\s+attr\(\s*([\w-]+)\s*\)")
PAGE_ATTR = "data-dossier-page"
#: The page counter that holds the whole document's page count in a chunk (`counter(pages)`
#: would count the chunk's pages); reset with the page counter on the chunk's first page.
TOTAL_COUNTER = "dossier-pages"


@dataclass(frozen=True)
class Chunk:
    """Top-level elements `body[start:end]` of the document, laid out together."""

    index: int
    name: str  # id of its first heading, or its first element's class: a stable label
    body: str  # the elements' HTML
    targets: tuple[str, ...]  # anchors it links to (href="#x"), sorted, unique

    def html(
        self,
        doc: Document,
        *,
        first_page: int,
        total: int,
        numbers: Mapping[str, int],
    ) -> str:
        """This chunk as a whole HTML document, its page numbers given."""
        body = _HREF.sub(lambda m: _with_page(m, numbers), self.body)
        extra = f"@page :first {{ counter-reset: page {first_page} {TOTAL_COUNTER} {total} }}\n"
        if self.index > 0 and doc.strings:
            pairs = ", ".join(f"{name} {css_string(value)}" for name, value in doc.strings)
            extra += f"body {{ string-set: {pairs} }}\n"
        head = doc.head.replace("</head>", f"<style>\n{extra}</style>\n</head>", 1)
        return head + doc.body_open + body + doc.tail


def _with_page(match: re.Match[str], numbers: Mapping[str, int]) -> str:
    target = htmllib.unescape(match.group(2))
    return f'{match.group(1)} {PAGE_ATTR}="{numbers.get(target, 0)}"'


@dataclass(frozen=True)
class Document:
    """The parts every chunk shares, and its chunks."""

    head: str  # from the doctype to </head>, the page-based CSS rewritten
    body_open: str  # the <body ...> tag and what follows it up to the first element
    tail: str  # </body></html>
    strings: tuple[tuple[str, str], ...]  # named strings the cover sets, with their values
    chunks: tuple[Chunk, ...]


class _TopLevel(HTMLParser):
    """Offsets of the body's top-level elements: (start, end, tag, attributes)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)
        self.depth = -1  # -1: outside body
        self.body: tuple[int, int] | None = None  # offset of <body>, offset after it
        self.body_end: int | None = None
        self.items: list[tuple[int, int, str, dict[str, str]]] = []
        self._open: tuple[int, str, dict[str, str]] | None = None
        self.broken = False
        self.text = text

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self._offset()
        if tag == "body" and self.depth == -1:
            end = self.text.index(">", at) + 1
            self.body = (at, end)
            self.depth = 0
            return
        if self.depth < 0 or tag in _VOID:
            return
        if self.depth == 0:
            self._open = (at, tag, {k: v or "" for k, v in attrs})
        self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.broken = True  # a top-level void element: not a page-starting block

    def handle_endtag(self, tag: str) -> None:
        if self.depth < 0 or tag in _VOID:
            return
        if tag == "body" and self.depth == 0:
            self.body_end = self._offset()
            self.depth = -2
            return
        self.depth -= 1
        if self.depth == 0:
            if self._open is None or self._open[1] != tag:
                self.broken = True
                return
            start, name, attrs = self._open
            end = self.text.index(">", self._offset()) + 1
            self.items.append((start, end, name, attrs))
            self._open = None
        elif self.depth < 0:
            self.broken = True

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and data.strip():
            self.broken = True  # text directly in the body


def split(text: str, *, target_size: int = 0) -> Document | None:
    """The chunks of a print HTML (render.html, for_pdf), or None when it cannot be cut.

    Units start at page-starting elements; consecutive units are joined while the chunk
    stays within `target_size` characters (0: one chunk per unit)."""
    head_end = text.find("</head>")
    if head_end < 0:
        return None
    head_end += len("</head>")
    head = _TARGET_COUNTER.sub(f"attr({PAGE_ATTR})", text[:head_end])
    if _UNSUPPORTED.sub("", _PAGES.sub("", head)) != _PAGES.sub("", head):
        return None  # a page-based value this module does not know how to give
    head = _PAGES.sub(f"counter({TOTAL_COUNTER})", head)
    parser = _TopLevel(text)
    parser.feed(text)
    parser.close()
    if parser.broken or parser.body is None or parser.body_end is None or not parser.items:
        return None
    units: list[tuple[int, int, str]] = []  # start, end, name
    for start, end, _tag, attrs in parser.items:
        classes = set(attrs.get("class", "").split())
        if not units or classes & PAGE_STARTS:
            units.append((start, end, _name(text[start:end], classes)))
        else:
            s, _, n = units[-1]
            units[-1] = (s, end, n)
    if "cover" not in _classes_of(parser.items[0][3]):
        return None
    strings = _cover_strings(head, parser.items[0][3])
    groups: list[list[tuple[int, int, str]]] = []
    for unit in units:
        if groups and unit[1] - groups[-1][0][0] <= target_size:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    chunks: list[Chunk] = []
    for group in groups:
        body = text[group[0][0] : group[-1][1]] + "\n"
        targets = sorted({htmllib.unescape(m.group(2)) for m in _HREF.finditer(body)})
        chunks.append(Chunk(len(chunks), group[0][2], body, tuple(targets)))
    body_open = text[parser.body[0] : parser.items[0][0]]
    tail = text[parser.body_end :]
    return Document(head, body_open, tail, strings, tuple(chunks))


def _classes_of(attrs: dict[str, str]) -> set[str]:
    return set(attrs.get("class", "").split())


_ID = re.compile(r'\sid="([^"]+)"')


def _name(element: str, classes: set[str]) -> str:
    found = _ID.search(element)
    if found:
        return htmllib.unescape(found.group(1))
    return "-".join(sorted(classes)) or "element"


def _cover_strings(head: str, attrs: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The named strings print.css sets on the cover (`string-set: name attr(x), ...`)."""
    found = _STRING_SET.search(head)
    if not found:
        return ()
    out = []
    for name, attr in _STRING_ITEM.findall(found.group(1)):
        out.append((name, attrs.get(attr, "")))
    return tuple(out)


def css_string(value: str) -> str:
    """A CSS string literal of `value`."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'
