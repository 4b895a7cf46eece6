"""The redline of the documents: marks in the model (dossier.diff.redline), the
self-contained HTML redline of `dossier diff --format html`, and the PDF of
`dossier build --redline-from`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pairs
import pytest
from typer.testing import CliRunner

from dossier import api
from dossier.cli import app
from dossier.core import model as m
from dossier.diff import redline

runner = CliRunner()


def _doc(blocks: list[m.Block], citations: list[tuple[m.Inline, ...]] | None = None) -> m.Document:
    doc = m.Document(
        "nomination", "en", "annex5-2023", "Nomination", "Test", "Test", [], "", "", "",
        "cultural", False, [],
    )  # fmt: skip
    doc.sections = [m.Section("sec-2.a", "2.a", "Description", 1, blocks=blocks)]
    doc.citations = citations or []
    return doc


def _revised(doc: m.Document) -> list[m.Revised]:
    out: list[m.Revised] = []
    for sec in doc.all_sections():
        out.extend(b for b in sec.blocks if isinstance(b, m.Revised))
    return out


def test_the_same_document_has_no_marks() -> None:
    para = m.Para((m.Text("Five groups of engravings."),))
    marked = redline.redline(_doc([para]), _doc([para]), since="v1")
    assert _revised(marked) == [] and marked.changes_since == "v1"


def test_word_marks_keep_the_formatting_and_freeze_deleted_citations() -> None:
    old = _doc(
        [
            m.Para(
                (
                    m.Text("Five "),
                    m.Styled("i", (m.Text("old"),)),
                    m.Text(" groups "),
                    m.Citation(0, ("doe2021",)),
                    m.Text("."),
                )
            )
        ],
        [(m.Text("(Doe 2021)"),)],
    )
    new = _doc([m.Para((m.Text("Five "), m.Styled("i", (m.Text("new"),)), m.Text(" groups.")))])
    (rev,) = _revised(redline.redline(old, new))
    assert rev.kind == "changed"
    (para,) = rev.blocks
    assert isinstance(para, m.Para)
    assert para.inlines == (
        m.Text("Five "),
        m.Styled("del", (m.Styled("i", (m.Text("old"),)),)),
        m.Styled("ins", (m.Styled("i", (m.Text("new"),)),)),
        m.Text(" groups"),
        m.Styled("del", (m.Text(" (Doe 2021)"),)),
        m.Text("."),
    )


def test_moved_inserted_and_deleted_blocks() -> None:
    first = "A first paragraph long enough to be recognised where it moves to, word for word."
    second = "A second paragraph, as long, that stays where it is while the first one moves."
    a, b = m.Para((m.Text(first),)), m.Para((m.Text(second),))
    old = _doc([a, b, m.Para((m.Text("Dropped entirely."),))])
    new = _doc([b, a, m.Para((m.Text("Something new."),))])
    kinds = sorted((r.kind, r.note) for r in _revised(redline.redline(old, new)))
    assert kinds == [
        ("del", ""),
        ("ins", ""),
        ("moved-from", "Moved to 2.a"),
        ("moved-to", "Moved from 2.a"),
    ]


def test_figures_are_never_wrapped() -> None:
    """A map has a landscape page of its own: a changed or new figure is marked in its
    caption, not wrapped in a block with a change bar."""

    def fig(ident: str, caption: str, svg: str) -> m.Figure:
        return m.Figure(ident, 1, (m.Text(caption),), "map", svg=svg, page="a4-landscape")

    old = _doc([fig("map-1", "The old boundaries", "<svg>1</svg>")])
    new = _doc(
        [
            fig("map-1", "The new boundaries", "<svg>2</svg>"),
            fig("map-2", "Another map", "<svg>3</svg>"),
        ]
    )
    blocks = redline.redline(old, new).sections[0].blocks
    assert [type(b).__name__ for b in blocks] == ["Figure", "Figure"]
    first, second = blocks
    assert isinstance(first, m.Figure) and isinstance(second, m.Figure)
    assert first.caption == (
        m.Text("The "),
        m.Styled("del", (m.Text("old"),)),
        m.Styled("ins", (m.Text("new"),)),
        m.Text(" boundaries"),
        m.Text(" "),
        m.Styled("ins", (m.Text("This figure changed."),)),
    )
    assert second.caption == (m.Styled("ins", (m.Text("Another map"),)),)


def test_deleted_blocks_keep_their_place() -> None:
    one, two, three = (m.Para((m.Text(f"Paragraph {n} of the section."),)) for n in "123")
    two_edited = m.Para((m.Text("Paragraph 2 of the section, edited."),))
    marked = redline.redline(_doc([one, two, three]), _doc([one, two_edited]))
    blocks = marked.sections[0].blocks
    assert blocks[0] == one
    assert [type(b).__name__ for b in blocks] == ["Para", "Revised", "Revised"]
    assert [b.kind for b in blocks[1:] if isinstance(b, m.Revised)] == ["changed", "del"]


@pytest.fixture
def changed_pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = pairs.pair(tmp_path, "paragraph rewritten", "paragraph moved", "citation added")
    pairs.add_criterion(new, souv=True)
    return old, new


def test_html_redline(changed_pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = changed_pair
    out = tmp_path / "redline.html"
    result = runner.invoke(app, ["diff", str(old), str(new), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    summary = html[html.index('id="sec-redline-summary"') : html.index('id="sec-executive')]
    assert "Summary of changes" in summary and "criterion (iv) added" in summary
    assert "<del>the</del> <ins>a new</ins> survey" in html.replace("</del><ins>", "</del> <ins>")
    assert '<div class="rl rl-moved-to">' in html and '<div class="rl rl-moved-from">' in html
    assert "Moved from 2.b" in html and "Moved to 2.a" in html
    assert "text-decoration: line-through" in html  # redline.css is in
    assert "→" not in summary  # the print fonts have no arrow
    # self-contained: no scripts, no external stylesheets or images
    assert not re.search(r"<script|<link|src=\"(?!data:)", html)


@pytest.mark.slow
def test_pdf_redline(changed_pair: tuple[Path, Path], tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    old, new = changed_pair
    out = tmp_path / "out"
    result = api.build(new, api.BuildOptions(out_dir=out, redline_from=str(old)))
    (pdf,) = result.outputs
    assert pdf.name == "nomination-en-redline.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Changes marked against:" in flat
    assert "Summary of changes" in flat and "criterion (iv) added" in flat
    assert "2.b History and Development" in flat
    # the rewritten sentence shows both the deleted and the inserted words
    assert re.search(r"the ?a new survey mapped each ?every panel and recorded ?assessed", flat)
    assert "Moved from 2.b" in flat and "Moved to 2.a" in flat
    assert "(Roe 2023)" in flat  # the citation added, formatted


def _row(*texts: str) -> tuple[m.Cell, ...]:
    return tuple(m.Cell((m.Text(t),)) for t in texts)


def test_table_rows_are_aligned_changed_and_deleted() -> None:
    head = _row("Name", "Value")
    old = _doc([m.Table(head, (_row("A", "B"), _row("C", "D"), _row("E", "F")))])
    new = _doc([m.Table(head, (_row("A", "B"), _row("C", "X")))])
    (rev,) = _revised(redline.redline(old, new))
    (table,) = rev.blocks
    assert isinstance(table, m.Table)
    assert [[c.inlines for c in r] for r in table.rows] == [
        [(m.Text("A"),), (m.Text("B"),)],
        [(m.Text("C"),), (m.Styled("del", (m.Text("D"),)), m.Styled("ins", (m.Text("X"),)))],
        [(m.Styled("del", (m.Text("E"),)),), (m.Styled("del", (m.Text("F"),)),)],
    ]


def test_a_list_item_added_at_the_end_is_inserted() -> None:
    def item(text: str) -> tuple[m.Block, ...]:
        return (m.Para((m.Text(text),)),)

    old = _doc([m.ListBlock(False, (item("First item of the list."), item("Second item.")))])
    new = _doc(
        [
            m.ListBlock(
                False, (item("First item of the list."), item("Second item."), item("Third."))
            )
        ]
    )
    (rev,) = _revised(redline.redline(old, new))
    (listed,) = rev.blocks
    assert isinstance(listed, m.ListBlock)
    assert listed.items[:2] == (item("First item of the list."), item("Second item."))
    assert listed.items[2] == (
        m.Revised("ins", (m.Para((m.Styled("ins", (m.Text("Third."),)),)),)),
    )
