"""Markdown prose -> model blocks (pandoc-style citations, cross-references, footnotes).

Raw HTML is never passed through: markdown-it runs with html disabled, so any tag
arrives as literal text, and `dossier check` reports it (rule prose.raw-html).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from dossier.core import model as m


@cache
def markdown(html: bool = False) -> MarkdownIt:
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": html, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    try:
        from dossier.prose.mdext.citations import citations_plugin

        md.use(citations_plugin)
    except ImportError:  # pragma: no cover - the plugin ships with the package
        pass
    return md


@dataclass
class ProseState:
    """What parsing collects across all prose of one document."""

    clusters: list[dict[str, Any]] = field(default_factory=list)
    footnotes: list[m.Footnote] = field(default_factory=list)
    xrefs: list[tuple[str, str]] = field(default_factory=list)
    fn_counter: int = 0


def parse(text: str, state: ProseState, *, lang: str | None = None) -> list[m.Block]:
    tokens = markdown().parse(text)
    conv = _Converter(tokens, state, lang)
    return conv.blocks()


class _Converter:
    def __init__(self, tokens: Sequence[Token], state: ProseState, lang: str | None) -> None:
        self.tokens = list(tokens)
        self.pos = 0
        self.state = state
        self.lang = lang
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
            return m.Para(tuple(self.inlines(inline.children or [])), self.lang)
        if t == "heading_open":
            inline = self.tokens[self.pos + 1]
            self.pos += 3
            return m.Heading(int(tok.tag[1]), tuple(self.inlines(inline.children or [])))
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
            elif tok.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
            elif tok.type in ("th_open", "td_open"):
                style = str(tok.attrGet("style") or "")
                align = style.split(":", 1)[1] if style.startswith("text-align:") else None
                inline = self.tokens[self.pos]
                row.append(
                    m.Cell(tuple(self.inlines(inline.children or [])), align, tok.type == "th_open")
                )
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
                self.state.clusters.append(dict(tok.meta))
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
