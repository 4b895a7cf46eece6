"""A Markdown text cut into passages (paragraphs, list items, headings, table cells,
captions, footnotes), and the same text rebuilt with each passage replaced.

The passages are found with the parser the documents are printed with (markdown-it, with
the tables, footnotes and citations of dossier's prose), so what a translator gets is what
a reader sees as one unit. Rebuilding replaces only the lines of each passage; everything
else (code, blank lines, link definitions) is kept byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from dossier.i18n.markup import Protected, has_words, localize_numbers, protect, restore
from dossier.prose.markdown import table_caption

_HARD_BREAK = re.compile(r"(?: {2,}|\\)\n")
_SPACES = re.compile(r"\s+")
HARD = "\\\n"  # a line break inside a passage, as the catalogue shows it


@dataclass(frozen=True)
class Piece:
    """One passage: its kind, its key inside the text (p3, li2, t1r2c1...), its Markdown
    (one line; hard breaks as backslash-newline) and the 0-based line where it starts."""

    kind: str  # p | li | h | fn | cap | cell | line
    key: str
    source: str
    line: int

    @property
    def protected(self) -> Protected:
        return _protected(self.source)

    @property
    def words(self) -> bool:
        """False for a passage with nothing to translate (figures, a citation alone)."""
        return has_words(self.protected.template)

    def fallback(self, lang: str) -> str:
        """What prints when there is no translation: the source, figures in ``lang``'s way
        when the passage has no words."""
        if self.words:
            return self.source
        p = self.protected
        return restore(localize_numbers(p.template, lang), p.slots)


@cache
def _protected(source: str) -> Protected:
    return protect(source)


def normalize(content: str) -> str:
    """A passage on one line: soft line breaks and runs of spaces become one space; hard
    breaks are kept (backslash-newline)."""
    parts = _HARD_BREAK.split(content.replace("\r\n", "\n"))
    return HARD.join(_SPACES.sub(" ", p).strip() for p in parts)


@dataclass
class _Passage:
    start: int
    end: int
    prefix: str
    before: str
    after: str
    piece: Piece


@dataclass
class _Table:
    start: int
    end: int
    prefix: str
    delimiter: str
    rows: list[list[Piece | None]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)


@dataclass
class Segmented:
    """A text's passages and how to put the text back together."""

    lines: list[str]
    trailing_newline: bool
    items: list[_Passage | _Table]

    @property
    def pieces(self) -> list[Piece]:
        out: list[Piece] = []
        for item in self.items:
            if isinstance(item, _Passage):
                out.append(item.piece)
            else:
                out.extend(p for row in item.rows for p in row if p is not None)
        return out


@dataclass
class Rebuilt:
    """A rebuilt text and where its passages are, by their status (for marking)."""

    text: str
    # 0-based line of each passage -> its status; (line, column) for table cells.
    lines: dict[int, str] = field(default_factory=dict)
    cells: dict[tuple[int, int], str] = field(default_factory=dict)


# What a passage prints: (Markdown, status) where status "" means "as translated".
Choose = Callable[[Piece], tuple[str, str]]


@cache
def _parser() -> MarkdownIt:
    from dossier.prose.mdext.citations import default_parser

    md = default_parser()
    md.core.ruler.disable(["inline", "footnote_tail"])
    return md


def _prefix(line: str, content: str) -> str:
    """What comes before a passage's text on its first line (list marker, '> ', '## ')."""
    first = content.split("\n", 1)[0].rstrip()
    body = line.rstrip()
    if first and body.endswith(first):
        return line[: len(body) - len(first)]
    found = body.find(first.strip()) if first.strip() else -1
    return line[: max(found, 0)]


def _cont(prefix: str) -> str:
    """The prefix of the following lines of the same passage (quote marks kept)."""
    return "".join(c if c == ">" else " " for c in prefix)


def segment(text: str) -> Segmented:
    """Cut a Markdown text into passages."""
    norm = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = norm.split("\n")
    trailing = norm.endswith("\n")
    if trailing:
        lines.pop()
    tokens = _parser().parse(norm)
    counts: dict[str, int] = {}
    items: list[_Passage | _Table] = []
    stack: list[Token] = []
    table: _Table | None = None
    ntables = 0

    def key(kind: str) -> str:
        counts[kind] = counts.get(kind, 0) + 1
        return f"{kind}{counts[kind]}"

    for tok in tokens:
        if tok.nesting == 1:
            stack.append(tok)
            if tok.type == "table_open" and tok.map:
                ntables += 1
                start = tok.map[0]
                prefix = _table_prefix(lines[start])
                delim = lines[start + 1] if start + 1 < len(lines) else ""
                table = _Table(start, tok.map[1], prefix, delim[len(prefix) :])
                items.append(table)
            elif tok.type == "tr_open" and table is not None:
                table.rows.append([])
                table.row_lines.append(tok.map[0] if tok.map else table.start)
            continue
        if tok.nesting == -1:
            if stack:
                stack.pop()
            if tok.type == "table_close":
                table = None
            continue
        if tok.type != "inline" or not stack:
            continue
        parent = stack[-1]
        types = {t.type for t in stack}
        content = normalize(tok.content)
        if parent.type in ("th_open", "td_open") and table is not None:
            row = table.rows[-1]
            r, c = len(table.rows) - 1, len(row)
            cell = content.replace(HARD, " ")
            piece = Piece("cell", f"t{ntables}r{r}c{c}", cell, table.row_lines[r])
            row.append(piece if content else None)
            continue
        if parent.map is None or not content:
            continue
        start, end = parent.map
        prefix = _prefix(lines[start], tok.content)
        before = after = ""
        if parent.type == "heading_open":
            kind = "h"
            content = content.replace(HARD, " ")
            if parent.markup in ("=", "-"):  # setext: rebuilt as an ATX heading
                before = "#" * int(parent.tag[1]) + " "
        elif "footnote_reference_open" in types:
            kind = "fn"
        elif "list_item_open" in types:
            kind = "li"
        elif (cap := table_caption(content)) is not None:
            kind = "cap"
            head = re.match(r"^(?:Table)?:\s+", content)
            before = head.group(0) if head else ""
            caption, ident = cap
            after = f" {{#tbl:{ident}}}" if ident else ""
            content = caption
        else:
            kind = "p"
        items.append(
            _Passage(start, end, prefix, before, after, Piece(kind, key(kind), content, start))
        )
    return Segmented(lines, trailing, items)


def _table_prefix(line: str) -> str:
    """The container prefix of a table line (what precedes its first pipe or cell)."""
    stripped = line.lstrip(" >")
    return line[: len(line) - len(stripped)]


def rebuild(seg: Segmented, choose: Choose) -> Rebuilt:
    """The text with each passage replaced by what ``choose`` gives for it."""
    out: list[str] = []
    result = Rebuilt("")
    pos = 0
    for item in sorted(seg.items, key=lambda i: i.start):
        out.extend(seg.lines[pos : item.start])
        if isinstance(item, _Passage):
            text, status = choose(item.piece)
            if item.piece.kind in ("h", "cap"):
                text = text.replace(HARD, " ").replace("\n", " ")
            if status:
                result.lines[len(out)] = status
            parts = text.split(HARD)
            cont = _cont(item.prefix) if item.prefix else ""
            for i, part in enumerate(parts):
                head = item.prefix + item.before if i == 0 else cont
                tail = item.after if i == len(parts) - 1 else "\\"
                out.append(head + " ".join(part.split("\n")) + tail)
        else:
            out.extend(_rebuild_table(item, choose, len(out), result))
        pos = max(pos, item.end)
    out.extend(seg.lines[pos:])
    result.text = "\n".join(out) + ("\n" if seg.trailing_newline else "")
    return result


def _rebuild_table(table: _Table, choose: Choose, first: int, result: Rebuilt) -> list[str]:
    rows: list[str] = []
    for r, row in enumerate(table.rows):
        cells: list[str] = []
        line = first + len(rows)
        for c, piece in enumerate(row):
            if piece is None:
                cells.append("")
                continue
            text, status = choose(piece)
            if status:
                result.cells[(line, c)] = status
            cells.append(_cell(text))
        rows.append(table.prefix + "| " + " | ".join(cells) + " |")
        if r == 0:
            rows.append(table.prefix + table.delimiter)
    return rows


_PIPE = re.compile(r"(?<!\\)\|")


def _cell(text: str) -> str:
    """A cell's Markdown on one line, its pipes escaped."""
    return _PIPE.sub(r"\\|", " ".join(text.replace(HARD, " ").split("\n")))
