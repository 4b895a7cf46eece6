"""Passages of a Markdown text, and the text rebuilt with their translations."""

from __future__ import annotations

from dossier.core import model as m
from dossier.i18n.segment import rebuild, segment
from dossier.prose import markdown

TEXT = """\
Setext heading
==============

First paragraph [@smith2020],
wrapped on two lines.

- an item with *emphasis*;
- a second item that runs
  on two lines.

> A quoted paragraph.

Table: Counts by period {#tbl:counts}

| Period | Count |
|---|---|
| Soviet period | about 300,000 |
| 2024 | 63,600 |

A footnote call[^1].

[^1]: The footnote's text.

```
code is not translated
```
"""


def test_each_passage_is_one_unit_with_a_stable_key() -> None:
    pieces = segment(TEXT).pieces
    found = [(p.kind, p.key, p.line, p.source) for p in pieces]
    assert found == [
        ("h", "h1", 0, "Setext heading"),
        ("p", "p1", 3, "First paragraph [@smith2020], wrapped on two lines."),
        ("li", "li1", 6, "an item with *emphasis*;"),
        ("li", "li2", 7, "a second item that runs on two lines."),
        ("p", "p2", 10, "A quoted paragraph."),
        ("cap", "cap1", 12, "Counts by period"),
        ("cell", "t1r0c0", 14, "Period"),
        ("cell", "t1r0c1", 14, "Count"),
        ("cell", "t1r1c0", 16, "Soviet period"),
        ("cell", "t1r1c1", 16, "about 300,000"),
        ("cell", "t1r2c0", 17, "2024"),
        ("cell", "t1r2c1", 17, "63,600"),
        ("p", "p3", 19, "A footnote call[^1]."),
        ("fn", "fn1", 21, "The footnote's text."),
    ]
    assert [p.words for p in pieces if p.kind == "cell"] == [True, True, True, True, False, False]


def _printed(text: str) -> list[object]:
    """What a reader sees of each block (kind, words), soft line breaks aside."""

    def words(block: m.Block) -> object:
        if isinstance(block, m.Para | m.Heading):
            return m.plain_text(block.inlines)
        if isinstance(block, m.ListBlock):
            return [[words(b) for b in item] for item in block.items]
        if isinstance(block, m.Quote):
            return [words(b) for b in block.blocks]
        if isinstance(block, m.Table):
            rows = (block.header, *block.rows)
            return (
                block.id,
                m.plain_text(block.caption),
                [[m.plain_text(c.inlines) for c in r] for r in rows],
            )
        return block

    return [(type(b).__name__, words(b)) for b in markdown.parse(text, markdown.ProseState())]


def test_rebuilt_with_its_own_text_it_prints_the_same() -> None:
    seg = segment(TEXT)
    assert _printed(rebuild(seg, lambda p: (p.source, "")).text) == _printed(TEXT)


def test_translations_replace_passages_and_the_marks_find_their_blocks() -> None:
    seg = segment(TEXT)
    french = {
        "h1": "Titre",
        "p1": "Premier paragraphe [@smith2020].",
        "li1": "un élément avec *emphase* ;",
        "cap1": "Effectifs par période",
        "t1r1c0": "période soviétique",
        "t1r1c1": "environ 300 000",
    }

    def choose(piece):  # type: ignore[no-untyped-def]
        if piece.key in french:
            return french[piece.key], ""
        return piece.fallback("fr"), "untranslated" if piece.words else ""

    rebuilt = rebuild(seg, choose)
    foreign = markdown.Foreign(
        "en",
        {line: "[EN]" for line in rebuilt.lines},
        {cell: "[EN]" for cell in rebuilt.cells},
    )
    blocks = markdown.parse(rebuilt.text, markdown.ProseState(lang="fr"), foreign=foreign)
    heading, para, items, quote, table, call = blocks[:6]
    assert isinstance(heading, m.Heading) and m.plain_text(heading.inlines) == "Titre"
    assert isinstance(para, m.Para) and para.lang is None
    assert isinstance(items, m.ListBlock)
    first, second = (item[0] for item in items.items)
    assert (
        isinstance(first, m.Para)
        and m.plain_text(first.inlines) == "un élément avec emphase\u202f;"
    )
    assert isinstance(second, m.Para) and second.lang == "en"
    assert m.plain_text(second.inlines).startswith("[EN]\u00a0a second item")
    assert isinstance(quote, m.Quote) and quote.blocks[0].lang == "en"  # type: ignore[union-attr]
    assert isinstance(table, m.Table) and table.id == "counts"
    assert m.plain_text(table.caption) == "Effectifs par période"
    assert [m.plain_text(c.inlines) for c in table.header] == [
        "[EN]\u00a0Period",
        "[EN]\u00a0Count",
    ]
    rows = [[m.plain_text(c.inlines) for c in row] for row in table.rows]
    assert rows == [["période soviétique", "environ 300 000"], ["2024", "63\u202f600"]]
    assert isinstance(call, m.Para) and call.lang == "en"
    assert "code is not translated" in rebuilt.text
