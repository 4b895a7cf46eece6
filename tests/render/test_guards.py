"""The guards of render.guards and the layout readings of render.layout, one by one:
each fails on a document that has the defect and passes on one that has not."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import T, tiny_doc

from dossier.core import model as m
from dossier.core.diagnostics import Severity
from dossier.render import guards, hyphenation, layout, pdf


def _rules(diags: list[object]) -> set[str]:
    return {d.rule for d in diags}  # type: ignore[attr-defined]


# ---------------------------------------------------------------- text of the output


# Each kind of leak of render.guards._LEAKS, printed as text.
LEAKED = [
    "as shown by [@smith2020, p. 4]",
    "see @fig:map-overview",
    "the text {file: text/a.md}",
    "Table: Climate {#tbl:climate}",
    "the **bold** claim",
    "the __bold__ claim",
    "the urial (*Ovis vignei arkal*) lives",
    "run `dossier build` now",
    "a [link](https://example.org) here",
    "| A | B |\n|---|---|",
]


@pytest.mark.reports("render.markup-leak")
@pytest.mark.parametrize("text", LEAKED)
def test_markdown_and_citation_syntax_is_caught(text: str) -> None:
    found = guards.markup_leaks(text, "PDF")
    assert _rules(found) == {"render.markup-leak"}
    assert all(d.severity is Severity.ERROR for d in found)


def test_every_leak_holds_the_characters_a_text_is_searched_for() -> None:
    # markup_leaks skips a pattern when none of its needles is in the text: that is
    # only right if every text the pattern matches holds one of them.
    for what, needles, pattern in guards._LEAKS:
        matched = [t for t in LEAKED if pattern.search(t)]
        assert matched, what  # each pattern has a text above
        for text in matched:
            for mt in pattern.finditer(text):
                assert any(n in mt.group(0) for n in needles), (what, text)


@pytest.mark.accepts("render.markup-leak")
@pytest.mark.parametrize(
    "text",
    [
        "heritage@example.org wrote 5 * 3 = 15 on 12.3.2024",
        "the urial (Ovis vignei arkal) and Smith (2020, p. 4)",
        "Figure 3, p. 41 and Table 2, p. 12",
        "a rating of *** stars",
    ],
)
def test_ordinary_text_passes(text: str) -> None:
    assert guards.markup_leaks(text, "PDF") == []


@pytest.mark.reports("render.internal-id")
@pytest.mark.accepts("render.internal-id")
def test_internal_ids_are_caught_but_words_are_not(tmp_path: Path) -> None:
    doc = tiny_doc(tmp_path)
    doc.figures.append(m.Figure("map-overview", 3, T("Overview"), "Overview", svg="<svg/>"))
    ids = guards.internal_ids(doc)
    assert "map-overview" in ids and "areas" not in ids  # a word-like id is never checked
    found = guards.id_leaks("Map no.: map-overview, map-001", ids, "PDF")
    assert _rules(found) == {"render.internal-id"} and "map-overview" in found[0].message
    assert guards.id_leaks("the south-western map overview", ids, "PDF") == []
    # ids after an opening bracket, before a full stop, with an underscore or a dot
    assert "'fig_1.2'" in guards.id_leaks("(see fig_1.2).", {"fig_1.2"}, "PDF")[0].message
    assert guards.id_leaks("the fig_1.2b", {"fig_1.2"}, "PDF") == []
    assert guards.id_leaks("areas and more", {"areas"}, "PDF") == []  # word-like: never looked for


@pytest.mark.reports("render.table-unlisted")
@pytest.mark.accepts("render.table-unlisted")
def test_a_table_without_caption_is_not_listed_and_fails(tmp_path: Path) -> None:
    bare = m.Table((m.Cell(T("Period"), header=True),), ((m.Cell(T("2016")),),))
    doc = tiny_doc(tmp_path, extra=(bare,))
    found = guards.unlisted_tables(doc)
    assert _rules(found) == {"render.table-unlisted"}
    assert len(found) == 1 and "Period" in found[0].message
    assert guards.unlisted_tables(tiny_doc(tmp_path / "ok")) == []


def test_html_text_is_what_a_reader_reads() -> None:
    text = guards.html_text(
        '<html><head><style>a::after{content:"[@x]"}</style></head>'
        '<body><p title="**x**">One <em>two</em></p><td>3</td></body></html>'
    )
    assert "One two" in text and "3" in text and "[@x]" not in text and "**x**" not in text


# ---------------------------------------------------------------- laid-out pages


def _pages(html_body: str, css: str = "", root: Path | None = None) -> list[layout.Page]:
    html = (
        "<html><head><style>@page { size: A6; margin: 10mm } body { font-size: 10pt } "
        + css
        + "</style></head><body>"
        + html_body
        + "</body></html>"
    )
    _, _, pages = pdf.lay_out(html, root=root or Path())
    return pages


@pytest.mark.reports("render.text-overflow")
@pytest.mark.accepts("render.text-overflow")
def test_text_beyond_the_printable_area_is_found() -> None:
    pages = _pages("<p>" + "x" * 200 + "</p><p>short</p>")
    found = layout.overflows(pages)
    assert found and found[0].page == 1
    assert _rules(guards.layout_problems(list(pages))) == {"render.text-overflow"}
    assert layout.overflows(_pages("<p>" + "word " * 60 + "</p>")) == []


@pytest.mark.reports("render.heading-alone")
@pytest.mark.accepts("render.heading-alone")
def test_a_page_with_only_a_heading_is_found() -> None:
    body = "<p>text</p><h2>Maps</h2><div style='break-after: page'></div><p>after</p>"
    pages = _pages(body, "h2 { break-before: page }")
    assert layout.heading_only_pages(pages) == [(2, "Maps")]
    assert "render.heading-alone" in _rules(guards.layout_problems(list(pages)))
    assert layout.heading_only_pages(_pages("<h2>Maps</h2><p>the maps</p>")) == []


FOOTNOTE_CSS = (
    ".footnote { float: footnote } "
    ".footnote::footnote-call { content: attr(data-n) } "
    ".footnote::footnote-marker { content: attr(data-n) '.\\a0' }"
)


@pytest.mark.reports("render.footnote-lost")
@pytest.mark.accepts("render.footnote-lost")
def test_a_footnote_whose_note_is_printed_nowhere_is_found() -> None:
    notes = "".join(
        f"<p>text {n}<span class='footnote' data-n='{n}'>note {n}</span> more</p>"
        for n in (1, 2, 3, 28)
    )
    pages = _pages(notes, FOOTNOTE_CSS)
    assert [n for p in pages for n in p.footnote_calls] == ["1", "2", "3", "28"]
    assert [n for p in pages for n in p.footnote_notes] == ["1", "2", "3", "28"]
    assert layout.lost_footnotes(pages) == []
    assert "render.footnote-lost" not in _rules(guards.layout_problems(list(pages)))
    # As WeasyPrint leaves it when it drops a note moved to the next page.
    pages[-1].footnote_notes.remove("28")
    assert layout.lost_footnotes(pages) == [("28", len(pages))]
    [found] = [d for d in guards.layout_problems(list(pages)) if d.rule == "render.footnote-lost"]
    assert "footnote(s) 28 " in found.message and found.severity is Severity.ERROR


def test_policy_keeps_capitalised_words_and_numbers_whole() -> None:
    rules = hyphenation.Policy({"consulted"})
    assert rules.allows("management")
    assert not rules.allows("Kazakhstan")
    assert not rules.allows("A01abcdefg")
    assert not rules.allows("Consulted".lower()) and not rules.allows("consulted")


def test_capitalised_names_are_never_hyphenated() -> None:
    # A narrow justified column full of long capitalised names and long common words.
    words = " ".join(["Turkmenistan Kazakhstan interpretation documentation"] * 12)
    pages = _pages(
        f'<p lang="en" style="width: 38mm; text-align: justify; hyphens: auto;'
        f" hyphenate-character: '\\2011'\">{words}</p>"
    )
    ends = [ln.text.rstrip() for p in pages for ln in p.lines if ln.hyphen == "auto"]
    assert ends, "the column is narrow enough to hyphenate the common words"
    assert not any(e.split()[-1][:1].isupper() for e in ends)


def test_no_third_hyphenated_line_in_a_row_within_one_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A narrow justified column of long common words: without the limit, WeasyPrint
    # hyphenates runs of three to five lines; with it, never more than two in a row, and
    # in the one layout (no second layout with forbidden words).
    words = " ".join(["the conservation documentation management interpretation"] * 30)
    body = (
        '<p lang="en" style="width: 30mm; text-align: justify; hyphens: auto;'
        f" hyphenate-character: '\\2011'\">{words}</p>"
    )
    monkeypatch.setattr(pdf, "MAX_LAYOUTS", 1)
    pages = _pages(body)
    assert layout.hyphenated_line_ends(pages) > 40
    assert layout.ladders(pages) == []
    monkeypatch.setattr(hyphenation, "limited_lines", lambda lines, rules: lines)
    unlimited = _pages(body)
    assert {run.length for run in layout.ladders(unlimited)} >= {3}


def test_policy_refuses_every_word_while_suspended() -> None:
    rules = hyphenation.Policy()
    assert rules.limit_lines == 2 and rules.allows("management")
    rules.suspended = True
    assert not rules.allows("management")


@pytest.mark.reports("render.hyphen-ladder")
@pytest.mark.accepts("render.hyphen-ladder")
def test_runs_of_hyphenated_lines_are_measured() -> None:
    lines = [
        layout.Line("the first hyphen\u2011", 0, 0, "auto"),
        layout.Line("ated line, a second one\u2011", 0, 0, "auto"),
        layout.Line("word and the third consul\u2011", 0, 0, "auto"),
        layout.Line("ted word ends here", 0, 0, ""),
    ]
    page = layout.Page(1, 0, 100, lines, blocks=[lines])
    [run] = layout.ladders([page])
    assert run.length == 3 and run.words == ("consulted",)
    assert layout.ladders([page], longest=3) == []
    found = guards.layout_problems([page])
    assert _rules(found) == {"render.hyphen-ladder"}
    assert found[0].severity is Severity.WARNING
    assert found[0].message.endswith("remain, on page(s) 1")
    later = layout.Page(7, 0, 100, lines, blocks=[lines, lines])
    assert guards.layout_problems([page, later])[0].message == (
        "3 run(s) of more than two hyphenated lines remain, on page(s) 1, 7"
    )
    two = layout.Page(1, 0, 100, lines[1:], blocks=[lines[1:]])
    assert guards.layout_problems([two]) == []


def test_the_pdf_of_a_bad_model_fails_the_build(tmp_path: Path) -> None:
    bad = m.Para((m.Text("Raw **Markdown** and [@smith2020] and map-overview "), m.Text("y" * 300)))
    doc = tiny_doc(tmp_path, extra=(bad,))
    doc.figures.append(m.Figure("map-overview", 3, T("Overview"), "Overview", svg="<svg/>"))
    _, diags = pdf.render_with_diagnostics(doc, root=tmp_path)
    errors = {d.rule for d in diags if d.severity is Severity.ERROR}
    assert {"render.markup-leak", "render.internal-id", "render.text-overflow"} <= errors
