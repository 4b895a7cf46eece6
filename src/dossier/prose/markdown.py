"""Markdown prose -> model blocks (pandoc-style citations, cross-references, footnotes).

Raw HTML is never passed through: markdown-it runs with html disabled, so any tag
arrives as literal text, and `dossier check` reports it (rule prose.raw-html).

Straight quotes become the quotation marks of the text's language (markdown-it's
typographer, `QUOTES` below); code spans and web addresses keep theirs. A table may
carry a pandoc caption, a paragraph `Table: caption {#tbl:id}` (or `: caption`) just
before or after it; `table_caption` reads that line for the parser and the checks.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from dossier.core import memo
from dossier.core import model as m

#: Quotation marks by language: opening and closing double, then single (nested) marks.
#: French puts a narrow no-break space (U+202F) inside its guillemets.
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb", "\u201c", "\u201d"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "kk": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
}


@cache
def markdown(html: bool = False, lang: str | None = None) -> MarkdownIt:
    """The parser; with `lang`, straight quotes become that language's marks."""
    from mdit_py_plugins.footnote import footnote_plugin

    options: dict[str, Any] = {"html": html, "typographer": lang is not None}
    if lang is not None:
        options["quotes"] = list(QUOTES.get(lang, QUOTES["en"]))
    md = MarkdownIt("commonmark", options)
    md.enable(["table", "strikethrough"])
    if lang is not None:
        md.enable(["smartquotes"])
        md.core.ruler.before("smartquotes", "keep_url_quotes", _keep_url_quotes)
        if lang == "fr":
            md.core.ruler.after("smartquotes", "french_spacing", _french_spacing)
    from dossier.prose.mdext.citations import citations_plugin

    md.use(footnote_plugin)
    md.use(citations_plugin)
    return md


_URL_TEXT = "url_text"


def _keep_url_quotes(state: StateCore) -> None:
    """The text of an autolink is an address: hide it from the typographer."""
    for block in state.tokens:
        kids = block.children or []
        for i, tok in enumerate(kids[:-1]):
            if tok.type == "link_open" and tok.markup in ("autolink", "linkify"):
                nxt = kids[i + 1]
                if nxt.type == "text":
                    nxt.type = _URL_TEXT


_FR_SPACE = re.compile("(\u00ab)[ \u00a0]+|[ \u00a0]+(\u00bb|[;!?](?=\\s|$))")


def _french_spacing(state: StateCore) -> None:
    """French spacing: a narrow no-break space inside guillemets and before ; ! ?."""
    for block in state.tokens:
        for tok in block.children or []:
            if tok.type == "text" and any(c in tok.content for c in "\u00ab\u00bb;!?"):
                tok.content = _FR_SPACE.sub(_fr_repl, tok.content)


def _fr_repl(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + "\u202f"
    return "\u202f" + match.group(2)


@dataclass
class ProseState:
    """What parsing collects across all prose of one document."""

    clusters: list[dict[str, Any]] = field(default_factory=list)
    footnotes: list[m.Footnote] = field(default_factory=list)
    xrefs: list[tuple[str, str]] = field(default_factory=list)
    fn_counter: int = 0
    # The document's language: its quotation marks unless a text names its own.
    lang: str = "en"


@dataclass(frozen=True)
class Foreign:
    """Passages of a text that print in another language than the document's: the untranslated
    passages of a translated edition. Their paragraphs carry ``lang``; each passage starts
    with its label when it has one (a visible "[not translated]"). Keys are 0-based lines of
    the text where a block starts; table cells by (line of their row, column)."""

    lang: str
    lines: dict[int, str] = field(default_factory=dict)
    cells: dict[tuple[int, int], str] = field(default_factory=dict)


def parse(
    text: str, state: ProseState, *, lang: str | None = None, foreign: Foreign | None = None
) -> list[m.Block]:
    """Blocks of a Markdown text; `lang` is the text's language when not the document's."""
    tokens = _tokens(text, lang or state.lang, inline=False)
    conv = _Converter(tokens, state, lang, foreign)
    return _attach_captions(conv.blocks())


def _tokens(text: str, lang: str, *, inline: bool) -> list[Token]:
    """markdown-it's tokens of ``text``: a pure function of the text and the language's
    parser, so a live preview keeps them between saves (core.memo); never mutated here."""
    parser = markdown(lang=lang)
    if inline:
        return memo.cached("markdown-inline", (lang, text), lambda: parser.parseInline(text))
    return memo.cached("markdown", (lang, text), lambda: parser.parse(text))


def labelled(label: str, inlines: Sequence[m.Inline]) -> tuple[m.Inline, ...]:
    """Inline content with a visible label before it (after a table caption's "Table:")."""
    if not label:
        return tuple(inlines)
    mark = (m.Styled("b", (m.Text(label),)), m.Text("\u00a0"))
    first = inlines[0] if inlines else None
    if isinstance(first, m.Text) and (head := _CAPTION.match(first.text)):
        rest = first.text[head.end() :]
        return (m.Text(first.text[: head.end()]), *mark, m.Text(rest), *inlines[1:])
    return (*mark, *inlines)


def parse_inline(text: str, state: ProseState, *, lang: str | None = None) -> tuple[m.Inline, ...]:
    """Inline content of a short Markdown value (a table cell): emphasis, citations and
    cross-references as in paragraphs, but no block syntax ("1. a" stays text)."""
    tokens = _tokens(text, lang or state.lang, inline=True)
    conv = _Converter(tokens, state, lang)
    return tuple(conv.inlines(tokens[0].children or [])) if tokens else ()


_CAPTION = re.compile(r"^(?:Table)?:\s+")
_CAPTION_ID = re.compile(r"\s*\{#tbl:([A-Za-z0-9_.:-]+)\}\s*$")


def table_caption(line: str) -> tuple[str, str | None] | None:
    """(caption text, id or None) of a pandoc table caption line, or None if it is not one."""
    match = _CAPTION.match(line)
    if match is None:
        return None
    rest = line[match.end() :]
    ident = _CAPTION_ID.search(rest)
    if ident:
        return rest[: ident.start()].strip(), ident.group(1)
    return rest.strip(), None


def _caption_of(block: m.Block) -> tuple[tuple[m.Inline, ...], str | None] | None:
    """The caption and id of a paragraph written as a pandoc table caption."""
    if not isinstance(block, m.Para) or not block.inlines:
        return None
    first = block.inlines[0]
    if not isinstance(first, m.Text) or table_caption(first.text) is None:
        return None
    inlines = list(block.inlines)
    match = _CAPTION.match(first.text)
    assert match is not None
    inlines[0] = m.Text(first.text[match.end() :])
    ident = None
    last = inlines[-1]
    if isinstance(last, m.Text):
        found = _CAPTION_ID.search(last.text)
        if found:
            ident = found.group(1)
            inlines[-1] = m.Text(last.text[: found.start()].rstrip())
    return tuple(i for i in inlines if not (isinstance(i, m.Text) and not i.text)), ident


def _attach_captions(blocks: list[m.Block]) -> list[m.Block]:
    """Give each table the caption paragraph just before or after it (pandoc's syntax)."""
    out: list[m.Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(nxt, m.Table) and not nxt.caption and (cap := _caption_of(block)):
            out.append(replace(nxt, caption=cap[0], id=cap[1]))
            i += 2
            continue
        if isinstance(block, m.Table) and not block.caption and nxt is not None:
            cap = _caption_of(nxt)
            if cap is not None:
                out.append(replace(block, caption=cap[0], id=cap[1]))
                i += 2
                continue
        out.append(block)
        i += 1
    return out


class _Converter:
    def __init__(
        self,
        tokens: Sequence[Token],
        state: ProseState,
        lang: str | None,
        foreign: Foreign | None = None,
    ) -> None:
        self.tokens = list(tokens)
        self.pos = 0
        self.state = state
        self.lang = lang
        self.foreign = foreign
        # footnote label -> document-wide number
        self.fn_numbers: dict[int, int] = {}

    def blocks(self, stop: str | None = None) -> list[m.Block]:
        out: list[m.Block] = []
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if stop is not None and tok.type == stop:
                self.pos += 1
                return out
            block = self.block(tok)
            if block is not None:
                out.append(block)
        return out

    def block(self, tok: Token) -> m.Block | None:
        t = tok.type
        if t == "paragraph_open":
            inline = self.tokens[self.pos + 1]
            self.pos += 3
            label = self._foreign_label(tok)
            inlines = self.inlines(inline.children or [])
            if label is None:
                return m.Para(tuple(inlines), self.lang)
            assert self.foreign is not None
            return m.Para(labelled(label, inlines), self.foreign.lang)
        if t == "heading_open":
            inline = self.tokens[self.pos + 1]
            self.pos += 3
            label = self._foreign_label(tok)
            inlines = self.inlines(inline.children or [])
            return m.Heading(int(tok.tag[1]), labelled(label or "", inlines))
        if t in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(tok)
        if t == "blockquote_open":
            self.pos += 1
            return m.Quote(tuple(self.blocks("blockquote_close")))
        if t in ("fence", "code_block"):
            self.pos += 1
            return m.CodeBlock(tok.content.rstrip("\n"))
        if t == "table_open":
            return self.table()
        if t == "footnote_block_open":
            self.pos += 1
            self.footnote_block()
            return None
        if t == "html_block":
            self.pos += 1
            return m.Para((m.Text(tok.content.strip()),), self.lang)
        self.pos += 1  # hr and anything unexpected: skip the token
        return None

    def _foreign_label(self, tok: Token) -> str | None:
        """The label of a block printed in another language (None: in the document's)."""
        if self.foreign is None or tok.map is None:
            return None
        return self.foreign.lines.get(tok.map[0])

    def list_block(self, tok: Token) -> m.ListBlock:
        ordered = tok.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        start = int(tok.attrGet("start") or 1) if ordered else 1
        self.pos += 1
        items: list[tuple[m.Block, ...]] = []
        while self.pos < len(self.tokens) and self.tokens[self.pos].type != close:
            if self.tokens[self.pos].type == "list_item_open":
                self.pos += 1
                items.append(tuple(self.blocks("list_item_close")))
            else:
                self.pos += 1
        self.pos += 1
        return m.ListBlock(ordered, tuple(items), start)

    def table(self) -> m.Table:
        header: list[m.Cell] = []
        rows: list[tuple[m.Cell, ...]] = []
        row: list[m.Cell] = []
        in_head = False
        row_line = -1
        self.pos += 1
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            self.pos += 1
            if tok.type == "table_close":
                break
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
                row_line = tok.map[0] if tok.map else -1
            elif tok.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
            elif tok.type in ("th_open", "td_open"):
                style = str(tok.attrGet("style") or "")
                align = style.split(":", 1)[1] if style.startswith("text-align:") else None
                inline = self.tokens[self.pos]
                inlines = self.inlines(inline.children or [])
                label = self.foreign.cells.get((row_line, len(row))) if self.foreign else None
                row.append(m.Cell(labelled(label or "", inlines), align, tok.type == "th_open"))
        return m.Table(tuple(header), tuple(rows))

    def footnote_block(self) -> None:
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if tok.type == "footnote_block_close":
                self.pos += 1
                return
            if tok.type == "footnote_open":
                label = int(tok.meta["id"])
                self.pos += 1
                body = [b for b in self.blocks("footnote_close")]
                number = self._fn_number(label)
                self.state.footnotes.append(m.Footnote(number, tuple(body)))
            else:
                self.pos += 1

    def _fn_number(self, label: int) -> int:
        """Footnotes are numbered through the whole document, in order of first call."""
        if label not in self.fn_numbers:
            self.state.fn_counter += 1
            self.fn_numbers[label] = self.state.fn_counter
        return self.fn_numbers[label]

    def inlines(self, children: Sequence[Token]) -> list[m.Inline]:
        out: list[m.Inline] = []
        stack: list[tuple[str, list[m.Inline], str]] = []

        def emit(node: m.Inline) -> None:
            (stack[-1][1] if stack else out).append(node)

        for tok in children:
            t = tok.type
            if t == "text":
                if tok.content:
                    emit(m.Text(tok.content))
            elif t == "softbreak":
                emit(m.Text(" "))
            elif t == "hardbreak":
                emit(m.LineBreak())
            elif t == "code_inline":
                emit(m.Styled("code", (m.Text(tok.content),)))
            elif t in ("em_open", "strong_open", "s_open", "link_open"):
                kind = {"em_open": "i", "strong_open": "b", "s_open": "s", "link_open": "link"}[t]
                stack.append((kind, [], str(tok.attrGet("href") or "")))
            elif t in ("em_close", "strong_close", "s_close", "link_close"):
                if not stack:
                    continue
                kind, kids, href = stack.pop()
                if kind == "link":
                    emit(m.Link(href, tuple(kids)))
                else:
                    emit(m.Styled(kind, tuple(kids)))
            elif t == "image":
                emit(m.Text(tok.content or ""))
            elif t == "html_inline":
                emit(m.Text(tok.content))
            elif t == "footnote_ref":
                emit(m.FootnoteRef(self._fn_number(int(tok.meta["id"]))))
            elif t == "citation":
                items = tok.meta.get("items", [])
                index = len(self.state.clusters)
                self.state.clusters.append(copy.deepcopy(tok.meta))  # tokens may be shared
                emit(m.Citation(index, tuple(str(i["key"]) for i in items)))
            elif t == "xref":
                kind, ident = str(tok.meta["kind"]), str(tok.meta["id"])
                target = anchor_for(kind, ident)
                self.state.xrefs.append((kind, ident))
                emit(m.XRef(kind, target))
            else:
                if tok.content:
                    emit(m.Text(tok.content))
        while stack:  # unbalanced markup: keep the text
            _, kids, _ = stack.pop()
            (stack[-1][1] if stack else out).extend(kids)
        return out


def anchor_for(kind: str, ident: str) -> str:
    """The anchor id of a figure, table or section, as assemble names them."""
    return f"{kind}-{ident}"
