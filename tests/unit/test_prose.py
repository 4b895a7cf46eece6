from __future__ import annotations

from dossier.core import model as m
from dossier.prose import markdown as prose


def test_markdown_maps_to_model_blocks() -> None:
    state = prose.ProseState()
    blocks = prose.parse(
        "*a* **b** `c` [d](https://x.org)\n\n1. one\n2. two\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n",
        state,
    )
    para, lst, table = blocks
    assert isinstance(para, m.Para)
    assert para.inlines == (
        m.Styled("i", (m.Text("a"),)),
        m.Text(" "),
        m.Styled("b", (m.Text("b"),)),
        m.Text(" "),
        m.Styled("code", (m.Text("c"),)),
        m.Text(" "),
        m.Link("https://x.org", (m.Text("d"),)),
    )
    assert isinstance(lst, m.ListBlock) and lst.ordered and len(lst.items) == 2
    assert isinstance(table, m.Table) and table.rows[0][1].align == "right"


def test_raw_html_is_kept_as_text_never_markup() -> None:
    [block] = prose.parse("<script>alert(1)</script>\n", prose.ProseState())
    assert block == m.Para((m.Text("<script>alert(1)</script>"),))


def test_footnotes_are_numbered_through_the_document() -> None:
    state = prose.ProseState()
    prose.parse("A.[^x]\n\n[^x]: First.\n", state)
    [para] = prose.parse("B.[^x]\n\n[^x]: Second.\n", state)
    assert isinstance(para, m.Para) and para.inlines[-1] == m.FootnoteRef(2)
    assert [f.number for f in state.footnotes] == [1, 2]


def test_citations_and_cross_references_become_model_nodes() -> None:
    state = prose.ProseState()
    [para] = prose.parse("See [@barge2016, p. 113; @yagodin2019] and @fig:map-1.", state)
    assert isinstance(para, m.Para)
    assert m.Citation(0, ("barge2016", "yagodin2019")) in para.inlines
    assert m.XRef("fig", "fig-map-1") in para.inlines
    assert state.clusters[0]["items"][0]["locator"] == "p. 113"
    assert state.xrefs == [("fig", "map-1")]


def test_quotes_follow_the_language_but_not_code_or_addresses() -> None:
    text = 'He said "yes" and it\'s <https://x.org/it\'s> `a "b"`'
    [para] = prose.parse(text, prose.ProseState())
    assert isinstance(para, m.Para)
    assert para.inlines[0] == m.Text("He said \u201cyes\u201d and it\u2019s ")
    assert para.inlines[1] == m.Link("https://x.org/it's", (m.Text("https://x.org/it's"),))
    assert para.inlines[-1] == m.Styled("code", (m.Text('a "b"'),))
    [fr] = prose.parse('Il dit "oui" et « non » ; bien ?', prose.ProseState(lang="fr"))
    assert isinstance(fr, m.Para)
    assert fr.inlines == (
        m.Text(
            "Il dit \u00ab\u202foui\u202f\u00bb et \u00ab\u202fnon\u202f\u00bb\u202f; bien\u202f?"
        ),
    )
    [ru] = prose.parse('Он сказал "да"', prose.ProseState(), lang="ru")
    assert isinstance(ru, m.Para) and ru.inlines == (m.Text("Он сказал \u00abда\u00bb"),)


def test_table_cells_of_the_sources_use_the_inline_pipeline() -> None:
    state = prose.ProseState()
    cell = prose.parse_inline("1. *Ovis vignei arkal* [@redbook-urial]", state)
    assert cell == (
        m.Text("1. "),  # no list: a cell holds inline content only
        m.Styled("i", (m.Text("Ovis vignei arkal"),)),
        m.Text(" "),
        m.Citation(0, ("redbook-urial",)),
    )
    assert state.clusters[0]["items"][0]["key"] == "redbook-urial"


def test_pandoc_table_captions_before_or_after_the_table() -> None:
    table = "| A | B |\n|---|---|\n| 1 | 2 |\n"
    after = prose.parse(
        table + "\nTable: Climate of the *plateau* {#tbl:climate}\n", prose.ProseState()
    )
    before = prose.parse(": Saiga counts\n\n" + table, prose.ProseState())
    bare = prose.parse(table, prose.ProseState())
    assert len(after) == len(before) == len(bare) == 1
    t1, t2, t3 = after[0], before[0], bare[0]
    assert isinstance(t1, m.Table) and isinstance(t2, m.Table) and isinstance(t3, m.Table)
    assert t1.id == "climate"
    assert t1.caption == (m.Text("Climate of the "), m.Styled("i", (m.Text("plateau"),)))
    assert t2.id is None and t2.caption == (m.Text("Saiga counts"),)
    assert t3.caption == ()
    assert prose.table_caption("Table: A caption {#tbl:x}") == ("A caption", "x")
    assert prose.table_caption("Tables are nice") is None
