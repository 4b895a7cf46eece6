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
