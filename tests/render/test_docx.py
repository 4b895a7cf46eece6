"""DOCX renderer: Word structure read back with python-docx and lxml, golden XML,
determinism, reference templates, and (marked `libreoffice`) a real client."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from lxml import etree

from dossier.core import model as m
from dossier.core.diagnostics import Severity
from dossier.render import RenderError
from dossier.render.docx import document as render_docx
from dossier.render.docx import lo_update

ROOT = Path(__file__).resolve().parents[2]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
T = m.Text

# ---------------------------------------------------------------- a document with everything

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    '<rect x="10" y="10" width="180" height="80" fill="#4a7"/>'
    '<text x="20" y="60" font-family="PT Sans" font-size="20">Карта Үстірт</text></svg>'
)


def _png(path: Path, w: int = 40, h: int = 20) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + bytes([200, 80, 40]) * w for _ in range(h))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def sink_document(folder: Path, lang: str = "en") -> m.Document:
    """Every block and inline kind of the model, in a small document."""
    photo = m.Figure(
        "photo",
        1,
        (T("A trap "), m.Styled("i", (T("aran"),))),
        "Photo of a hunting trap",
        path=_png(folder / "photo.png"),
        credit="© A. Photographer",
    )
    chart = m.Figure("map", 2, (T("Map of the property"),), "Map of the property", svg=SVG)
    areas = m.Table(
        (m.Cell((T("Name"),), header=True), m.Cell((T("Area (ha)"),), "right", True)),
        (
            (m.Cell((T("Component A"),)), m.Cell((T("1 234"),), "right")),
            (m.Cell((T("Total"),), header=True), m.Cell((T("1 234"),), "right", True)),
        ),
        "areas",
        1,
        (T("Areas of the components"),),
        (2, 1),
    )
    kv = m.Table(
        (m.Cell(()), m.Cell(())),
        ((m.Cell((T("State Party"),), header=True), m.Cell((T("Kazakhstan"),))),),
        "es",
        2,
        (T("Identification"),),
        (1, 2),
        "keyvalue",
    )
    md_table = m.Table(
        (m.Cell((T("Col a"),), header=True), m.Cell((T("Col b"),), header=True)),
        ((m.Cell((T("1"),)), m.Cell((T("2"),))),),
    )
    s1a = m.Section(
        "sec-1.a",
        "1.a",
        "Country",
        2,
        [
            m.Para(
                (
                    T("Plain, "),
                    m.Styled("i", (T("italic"),)),
                    T(", "),
                    m.Styled("b", (T("bold"),)),
                    T(", "),
                    m.Styled("code", (T("code()"),)),
                    T(", m"),
                    m.Styled("sup", (T("2"),)),
                    T(", H"),
                    m.Styled("sub", (T("2"),)),
                    T("O, "),
                    m.Link("https://whc.unesco.org/", (T("a link"),)),
                    T(" and a note"),
                    m.FootnoteRef(1),
                    T(". See "),
                    m.XRef("fig", "fig-photo"),
                    T(", "),
                    m.XRef("tbl", "tbl-areas"),
                    T(" and "),
                    m.XRef("sec", "sec-2"),
                    T("; "),
                    m.Citation(0, ("smith2020",)),
                    T("."),
                    m.LineBreak(),
                    T("After a break"),
                )
            ),
            m.Para((T("Русский текст абзаца."),), "ru"),
            m.Para((T("Қазақ мәтіні."),), "kk"),
            m.Heading(1, (T("A prose heading"),)),
            m.ListBlock(
                False,
                (
                    (m.Para((T("bullet one"),)),),
                    (
                        m.Para((T("bullet two"),)),
                        m.ListBlock(
                            True, ((m.Para((T("nested one"),)),), (m.Para((T("nested two"),)),)), 3
                        ),
                    ),
                ),
            ),
            m.ListBlock(
                True,
                ((m.Para((T("first"),)), m.Para((T("continued"),))), (m.Para((T("second"),)),)),
            ),
            m.Quote((m.Para((T("A quotation."),)),)),
            m.CodeBlock("line 1\n    indented line 2"),
            photo,
            areas,
            kv,
            md_table,
            m.Notice("missing", "Not provided: this required section has no content yet."),
            m.Notice("not-applicable", "Not applicable"),
            m.Notice("note", "A note."),
            m.Notice("illustrative", "Illustrative contact details."),
        ],
    )
    s1 = m.Section("sec-1", "1", "Identification of the Property", 1, [], [s1a], page_break=True)
    s2ai = m.Section("sec-2.a.i", "2.a.i", "Level three", 3, [m.Para((T("Three."),))])
    s2a = m.Section(
        "sec-2.a",
        "2.a",
        "Description of Property",
        2,
        [m.Heading(1, (T("Deep"),)), m.Heading(2, (T("Deeper"),))],
        [s2ai],
    )
    s2 = m.Section(
        "sec-2",
        "2",
        "Description",
        1,
        [
            chart,
            m.Para((T("Second note"), m.FootnoteRef(2), T(" and again"), m.FootnoteRef(1))),
            m.PageBreak(),
        ],
        [s2a],
        page_break=True,
    )
    s7 = m.Section(
        "sec-7.e", "7.e", "Bibliography", 1, [m.Notice("bibliography", "")], page_break=True
    )
    labels = {
        "figure": "Figure",
        "table": "Table",
        "contents": "Contents",
        "list_of_figures": "List of figures",
        "list_of_tables": "List of tables",
        "page_word": "Page",
        "of": "of",
        "state_party": "State Party",
        "illustrative_notice": "Illustrative dossier: parts are illustrative.",
        "cover_date": "Date",
    }
    return m.Document(
        doc="nomination",
        lang=lang,
        profile="annex5-2023",
        title="Nomination for inscription on the World Heritage List",
        property_name="Ustyurt: landscapes and hunting traps",
        short_name="Ustyurt",
        states_parties=["Kazakhstan"],
        region="Mangystau",
        date="2025-09-24",
        date_text="24 September 2025",
        category="mixed",
        illustrative=True,
        cover_lines=[
            ("State Party", "Kazakhstan"),
            ("Region", "Mangystau"),
            ("Date", "24 September 2025"),
        ],
        sections=[s1, s2, s7],
        figures=[photo, chart],
        tables=[areas, kv],
        footnotes=[
            m.Footnote(
                1,
                (
                    m.Para(
                        (T("The note text with "), m.Link("https://example.org/", (T("a link"),)))
                    ),
                ),
            ),
            m.Footnote(2, (m.Para((T("Second."),)), m.Para((T("Second paragraph."),)))),
        ],
        bibliography=[
            m.BibEntry(
                "smith2020", (T("Smith, J. (2020) "), m.Styled("i", (T("Traps"),)), T(". Almaty."))
            )
        ],
        labels=labels,
        anchors={
            "fig-photo": "Figure 1",
            "fig-map": "Figure 2",
            "tbl-areas": "Table 1",
            "tbl-es": "Table 2",
            "sec-1": "Section 1",
            "sec-1.a": "Section 1.a",
            "sec-2": "Section 2",
            "sec-2.a": "Section 2.a",
            "sec-2.a.i": "Section 2.a.i",
            "sec-7.e": "Section 7.e",
        },
        citations=[(T("(Smith, 2020)"),)],
        keywords=["Ustyurt", "arans"],
    )


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def sink(tmp_path_factory: pytest.TempPathFactory) -> m.Document:
    return sink_document(tmp_path_factory.mktemp("sink"))


@pytest.fixture(scope="module")
def sink_docx(sink: m.Document) -> bytes:
    return render_docx.render(sink)


# `minimal_doc` (the minimal dossier's model, built once per session) comes from
# tests/render/conftest.py, `golden` (with --update-golden) from tests/conftest.py.


@pytest.fixture(scope="module")
def minimal_docx(minimal_doc: m.Document) -> bytes:
    return render_docx.render(minimal_doc)


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def body(data: bytes) -> etree._Element:
    return part(data, "word/document.xml")


def text_of(e: etree._Element) -> str:
    return "".join(t.text or "" for t in e.iter(f"{{{W}}}t"))


def instr(root: etree._Element) -> list[str]:
    return [(t.text or "").strip() for t in root.iter(f"{{{W}}}instrText")]


def walk_sections(sections: list[m.Section]) -> Iterator[m.Section]:
    for s in sections:
        yield s
        yield from walk_sections(s.children)


def expected_headings(doc: m.Document) -> list[tuple[str, str]]:
    """Official headings at their level; prose headings nested below their section by
    the order of their Markdown levels (a deeper level is one down, never more)."""
    out: list[tuple[str, str]] = []

    def blocks(bs: list[m.Block] | tuple[m.Block, ...], level: int) -> None:
        open_levels: list[int] = []
        for b in bs:
            if isinstance(b, m.Heading):
                open_levels = [v for v in open_levels if v < b.level] + [b.level]
                out.append(
                    (
                        f"Heading {min(level + len(open_levels), 9)}",
                        "".join(n.text for n in b.inlines if isinstance(n, m.Text)),
                    )
                )

    def sec(s: m.Section) -> None:
        out.append((f"Heading {min(s.level, 9)}", s.heading))
        blocks(s.blocks, s.level)
        for c in s.children:
            sec(c)

    for s in doc.sections:
        sec(s)
    return out


def model_texts(doc: m.Document) -> Iterator[str]:
    """Every Text string of the model that a reader must find in the output."""

    def inl(items: tuple[m.Inline, ...]) -> Iterator[str]:
        for n in items:
            if isinstance(n, m.Text):
                yield n.text
            elif isinstance(n, m.Styled | m.Link):
                yield from inl(n.children)
            elif isinstance(n, m.Citation) and n.index < len(doc.citations):
                yield from inl(doc.citations[n.index])

    def blk(bs: list[m.Block] | tuple[m.Block, ...]) -> Iterator[str]:
        for b in bs:
            if isinstance(b, m.Para | m.Heading):
                yield from inl(b.inlines)
            elif isinstance(b, m.ListBlock):
                for item in b.items:
                    yield from blk(item)
            elif isinstance(b, m.Quote):
                yield from blk(b.blocks)
            elif isinstance(b, m.CodeBlock):
                yield from b.text.split("\n")
            elif isinstance(b, m.Table):
                yield from inl(b.caption)
                for c in b.header:
                    yield from inl(c.inlines)
                for row in b.rows:
                    for c in row:
                        yield from inl(c.inlines)
            elif isinstance(b, m.Figure):
                yield from inl(b.caption)
                if b.credit:
                    yield b.credit
            elif isinstance(b, m.Notice) and b.kind != "bibliography":
                yield b.text
            elif isinstance(b, m.Notice):
                for e in doc.bibliography:
                    yield from inl(e.inlines)

    yield doc.property_name
    yield doc.title
    for s in walk_sections(doc.sections):
        yield s.heading
        yield from blk(s.blocks)
    for f in doc.footnotes:
        yield from blk(f.blocks)


def all_text(data: bytes) -> str:
    """Text of the body and the footnotes, paragraph by paragraph."""
    out: list[str] = []
    for name in ("word/document.xml", "word/footnotes.xml"):
        try:
            root = part(data, name)
        except KeyError:
            continue
        for p in root.iter(f"{{{W}}}p"):
            out.append("".join(p.xpath(".//w:t/text()", namespaces=NS)))
    return "\n".join(out)


# ---------------------------------------------------------------- structure


def test_headings_use_builtin_styles_in_document_order(sink: m.Document, sink_docx: bytes) -> None:
    d = docx.Document(io.BytesIO(sink_docx))
    found = [
        (p.style.name, p.text)
        for p in d.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert found == expected_headings(sink)
    assert (
        "Heading 3",
        "A prose heading",
    ) in found  # a prose heading sits below its section (level 2)
    assert ("Heading 4", "Deeper") in found


def test_minimal_headings_and_content(minimal_doc: m.Document, minimal_docx: bytes) -> None:
    d = docx.Document(io.BytesIO(minimal_docx))
    found = [
        (p.style.name, p.text)
        for p in d.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert found == expected_headings(minimal_doc)
    text = all_text(minimal_docx)
    missing = [t for t in model_texts(minimal_doc) if t.strip() and t.strip() not in text]
    assert not missing, f"model text missing from the DOCX: {missing[:5]}"


def test_every_model_text_is_in_the_docx(sink: m.Document, sink_docx: bytes) -> None:
    text = all_text(sink_docx)
    missing = [t for t in model_texts(sink) if t.strip() and t.strip() not in text]
    assert not missing


def test_cover_page(sink: m.Document, sink_docx: bytes) -> None:
    d = docx.Document(io.BytesIO(sink_docx))
    cover = d.sections[0]
    names = [p.style.name for p in d.paragraphs[:7] if p.style is not None]
    # as the PDF's cover: document type, name, States Parties, lines, banner, date
    assert names[:4] == ["Subtitle", "Title", "Cover States Parties", "Cover Line"]
    assert [p.text for p in d.paragraphs[:4]] == [
        sink.title,
        sink.property_name,
        "Kazakhstan",
        "Region: Mangystau",  # States Parties and date are not repeated as lines
    ]
    assert "Notice Illustrative" in names and "Cover Date" in names
    # the cover is a section of its own, without header or footer
    assert cover._sectPr.find("w:headerReference", NS) is None
    assert cover._sectPr.find("w:footerReference", NS) is None
    assert d.sections[1]._sectPr.find("w:type", NS).get(f"{{{W}}}val") == "nextPage"


def test_toc_and_list_fields_are_refreshed_on_open(sink_docx: bytes) -> None:
    root = body(sink_docx)
    codes = instr(root)
    assert 'TOC \\f \\l "1-3" \\h \\z' in codes
    assert 'TOC \\h \\z \\c "Figure"' in codes
    assert 'TOC \\h \\z \\c "Table"' in codes
    settings = part(sink_docx, "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(f"{{{W}}}val") == "true"
    assert settings.find("w:proofState", NS) is None  # spelling is checked, not declared clean
    # the TOC is pre-filled as the PDF's: the lists, then the official sections of
    # levels 1-3 (not the prose headings), each a TC field at its heading
    entries = root.xpath(
        "//w:p[w:pPr/w:pStyle[starts-with(@w:val,'TOC')]]/w:hyperlink", namespaces=NS
    )
    assert [text_of(e) for e in entries] == [
        "List of figures",
        "List of tables",
        "1Identification of the Property",  # number and title, a tab apart
        "1.aCountry",
        "2Description",
        "2.aDescription of Property",
        "2.a.iLevel three",
        "7.eBibliography",
    ]
    tcs = [c for c in codes if c.startswith("TC ")]
    assert tcs[:3] == [
        'TC "List of figures" \\l 1',
        'TC "List of tables" \\l 1',
        'TC "1 Identification of the Property" \\l 1',
    ]
    assert len(tcs) == len(entries)
    bookmarks = set(root.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    assert all(e.get(f"{{{W}}}anchor") in bookmarks for e in entries)
    pagerefs = [instr(e)[-1] for e in entries]
    assert pagerefs == [f"PAGEREF {e.get(f'{{{W}}}anchor')} \\h" for e in entries]


def test_captions_have_seq_fields_and_bookmarks_for_references(sink_docx: bytes) -> None:
    root = body(sink_docx)
    codes = instr(root)
    assert codes.count("SEQ Figure \\* ARABIC") == 2
    assert codes.count("SEQ Table \\* ARABIC") == 2
    captions = [p for p in root.iter(f"{{{W}}}p") if text_of(p).startswith("Figure 1")]
    styles = [p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") for p in captions]
    assert styles == [
        "TableofFigures",
        "ImageCaption",
    ]  # the list of figures entry, then the caption
    assert text_of(captions[0]) == "Figure 1A trap aran"  # label, tab, caption, tab, page
    caption = captions[1]
    assert text_of(caption) == "Figure 1. A trap aran"
    start = caption.find("w:bookmarkStart", NS)
    assert start is not None
    # the bookmark holds "Figure 1" (label and number): what a REF field prints
    bid = start.get(f"{{{W}}}id")
    inside: list[str] = []
    on = False
    for e in caption:
        if e is start:
            on = True
        elif e.tag == f"{{{W}}}bookmarkEnd" and e.get(f"{{{W}}}id") == bid:
            break
        elif on:
            inside.extend(e.xpath(".//w:t/text()", namespaces=NS))
    assert "".join(inside) == "Figure 1"
    bookmarks = set(root.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    refs = [c for c in codes if c.startswith("REF ")]
    # the prose's three, and the list of the maps under the heading of section 2 (as the
    # PDF: the map itself is on a landscape page of its own)
    assert len(refs) == 4 and refs[-1] == "REF _Ref_fig_map \\h"
    assert all(r.split()[1] in bookmarks for r in refs)
    # REF results are pre-filled from doc.anchors; the page is a PAGEREF field (empty
    # until Word, LibreOffice or --update-fields computes it), as the PDF's "p. 12"
    para = next(p for p in root.iter(f"{{{W}}}p") if "See Figure 1" in text_of(p))
    assert (
        "See Figure 1, p.\u00a0, Table 1, p.\u00a0 and Section 2, p.\u00a0; (Smith, 2020)."
        in text_of(para)
    )


def test_tables_repeat_header_rows_and_keep_rows_whole(sink_docx: bytes) -> None:
    d = docx.Document(io.BytesIO(sink_docx))
    assert len(d.tables) == 3
    for t in d.tables:
        rows = t._tbl.findall("w:tr", NS)
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    data, keyvalue, markdown = d.tables
    assert data.rows[0]._tr.find("w:trPr/w:tblHeader", NS) is not None
    assert [c.text for c in data.rows[0].cells] == ["Name", "Area (ha)"]
    assert data.rows[1].cells[1].paragraphs[0].alignment is not None  # right-aligned numbers
    assert keyvalue.rows[0]._tr.find("w:trPr/w:tblHeader", NS) is None  # key/value: no header row
    assert [c.text for c in keyvalue.rows[0].cells] == ["State Party", "Kazakhstan"]
    assert keyvalue.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert markdown.rows[0]._tr.find("w:trPr/w:tblHeader", NS) is not None
    assert data.style is not None and data.style.name == "Dossier Table"


def test_real_footnotes(sink_docx: bytes) -> None:
    root = body(sink_docx)
    refs = root.xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert refs == ["1", "2"]
    notes = part(sink_docx, "word/footnotes.xml")
    by_id = {n.get(f"{{{W}}}id"): n for n in notes.findall("w:footnote", NS)}
    assert by_id["-1"].get(f"{{{W}}}type") == "separator"
    assert text_of(by_id["1"]).strip() == "The note text with a link"
    assert by_id["1"].find(".//w:footnoteRef", NS) is not None
    assert by_id["1"].find(".//w:hyperlink", NS) is not None  # links work inside notes too
    assert len(by_id["2"].findall("w:p", NS)) == 2
    rels = part(sink_docx, "word/_rels/footnotes.xml.rels")
    assert "https://example.org/" in [r.get("Target") for r in rels]
    # a second call of note 1 prints its number (Word notes have a single anchor)
    para = next(p for p in root.iter(f"{{{W}}}p") if "and again" in text_of(p))
    assert para.xpath(
        ".//w:r[w:rPr/w:vertAlign/@w:val='superscript']/w:t/text()", namespaces=NS
    ) == ["1"]
    ct = zipfile.ZipFile(io.BytesIO(sink_docx)).read("[Content_Types].xml").decode()
    assert "wordprocessingml.footnotes+xml" in ct


def test_lists_use_numbering_definitions(sink_docx: bytes) -> None:
    numbering = part(sink_docx, "word/numbering.xml")
    abstract = {
        a.findtext("w:name", namespaces=NS) or a.find("w:name", NS).get(f"{{{W}}}val"): a
        for a in numbering.findall("w:abstractNum", NS)
        if a.find("w:name", NS) is not None
    }
    assert "dossier-bullet" in abstract and "dossier-decimal" in abstract
    assert abstract["dossier-bullet"].find("w:lvl/w:numFmt", NS).get(f"{{{W}}}val") == "bullet"
    assert abstract["dossier-decimal"].find("w:lvl/w:numFmt", NS).get(f"{{{W}}}val") == "decimal"
    root = body(sink_docx)
    items = {
        text_of(p): (
            p.find(".//w:numPr/w:ilvl", NS).get(f"{{{W}}}val"),
            p.find(".//w:numPr/w:numId", NS).get(f"{{{W}}}val"),
        )
        for p in root.iter(f"{{{W}}}p")
        if p.find("w:pPr/w:numPr", NS) is not None
    }
    assert items["bullet one"][0] == "0" and items["nested one"][0] == "1"
    assert items["bullet one"][1] == items["bullet two"][1]
    nested = items["nested one"][1]
    num = numbering.xpath(f"w:num[@w:numId='{nested}']", namespaces=NS)[0]
    assert num.find("w:lvlOverride/w:startOverride", NS).get(f"{{{W}}}val") == "3"
    assert "continued" not in items  # a continuation paragraph of an item has no number
    assert items["first"][1] != nested  # each ordered list restarts


def test_inline_formatting_and_hyperlinks(sink_docx: bytes) -> None:
    d = docx.Document(io.BytesIO(sink_docx))
    para = next(p for p in d.paragraphs if p.text.startswith("Plain, "))
    runs = {r.text: r for r in para.runs}
    assert runs["italic"].italic and runs["bold"].bold
    assert runs["code()"].style is not None and runs["code()"].style.name == "Verbatim Char"
    twos = [(r.font.superscript, r.font.subscript) for r in para.runs if r.text == "2"]
    assert twos[:2] == [(True, False), (False, True)]  # m², H₂O
    link = para._p.find("w:hyperlink", NS)
    rid = link.get(f"{{{NS['r']}}}id")
    assert d.part.rels[rid].target_ref == "https://whc.unesco.org/"
    assert "After a break" in para.text and para._p.find(".//w:br", NS) is not None
    cite = next(h for h in para._p.findall("w:hyperlink", NS) if h.get(f"{{{W}}}anchor"))
    assert text_of(cite) == "(Smith, 2020)" and cite.get(f"{{{W}}}anchor").startswith("_Bib")


def test_language_tags(sink_docx: bytes, tmp_path: Path) -> None:
    styles = part(sink_docx, "word/styles.xml")
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(f"{{{W}}}val") == "en-GB"
    root = body(sink_docx)
    langs = {
        text_of(r): r.find("w:rPr/w:lang", NS).get(f"{{{W}}}val")
        for r in root.iter(f"{{{W}}}r")
        if r.find("w:rPr/w:lang", NS) is not None
    }
    # the Cyrillic phrases (the full stop after them is not Russian or Kazakh; a
    # capitalised word is a run of its own, never hyphenated)
    assert langs == {"Русский": "ru-RU", " текст абзаца": "ru-RU", "Қазақ мәтіні": "kk-KZ"}
    fr = render_docx.render(sink_document(tmp_path, lang="fr"))
    assert (
        part(fr, "word/styles.xml")
        .find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        .get(f"{{{W}}}val")
        == "fr-FR"
    )


def test_images_fill_the_text_width_with_alt_text(sink_docx: bytes) -> None:
    root = body(sink_docx)
    sect = root.find(".//w:body/w:sectPr", NS)
    pg, mar = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    assert (pg.get(f"{{{W}}}w"), pg.get(f"{{{W}}}h")) == ("11906", "16838")  # A4
    width = (
        int(pg.get(f"{{{W}}}w")) - int(mar.get(f"{{{W}}}left")) - int(mar.get(f"{{{W}}}right"))
    ) * 635
    inlines = root.findall(".//wp:inline", NS)
    assert len(inlines) == 2
    # the photo fills the text width; the map (an SVG drawn by dossier) is on a landscape
    # page, as wide as its text allows there (it names no printed size in mm)
    assert int(inlines[0].find("wp:extent", NS).get("cx")) == width
    landscape = (16838 - 2 * 1134) * 635
    assert int(inlines[1].find("wp:extent", NS).get("cx")) == landscape
    assert [i.find("wp:docPr", NS).get("descr") for i in inlines] == [
        "Photo of a hunting trap",
        "Map of the property",
    ]
    ids = [i.find("wp:docPr", NS).get("id") for i in inlines]
    assert len(set(ids)) == 2
    with zipfile.ZipFile(io.BytesIO(sink_docx)) as z:
        png = z.read("word/media/image2.png")  # the SVG figure, rasterised
    assert png.startswith(b"\x89PNG")
    phys = png.index(b"pHYs")
    ppm = struct.unpack(">I", png[phys + 4 : phys + 8])[0]
    assert round(ppm * 0.0254) == 300
    assert struct.unpack(">I", png[16:20])[0] == int(landscape / 635 / 1440 * 300)


def test_header_footer_and_properties(sink: m.Document, sink_docx: bytes) -> None:
    d = docx.Document(io.BytesIO(sink_docx))
    # one Word section per chapter (and per landscape map page), in the PDF's order, its
    # running header the short name and the chapter's title, as the PDF's
    heads = [
        (None if s.header.is_linked_to_previous else s.header.paragraphs[0].text, s.orientation)
        for s in d.sections
    ]
    portrait, landscape = WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE
    assert heads == [
        (None, portrait),  # the cover: no header
        ("Ustyurt\tContents", portrait),
        ("Ustyurt\tList of figures", portrait),
        ("Ustyurt\tList of tables", portrait),
        ("Ustyurt\t1 Identification of the Property", portrait),
        ("Ustyurt\t2 Description", portrait),
        ("Ustyurt\t2 Description", landscape),  # the map
        ("Ustyurt\t2 Description", portrait),
        ("Ustyurt\t7.e Bibliography", portrait),
    ]
    tabs = [
        s.header.paragraphs[0]._p.find("w:pPr/w:tabs/w:tab[@w:val='right']", NS)
        for s in d.sections[1:]
    ]
    widths = [int(t.get(f"{{{W}}}pos")) for t in tabs]
    assert widths[5] == 16838 - 2 * 1134 and widths[0] == 11906 - 1418 - 1247
    section = d.sections[4]
    footer = section.footer.paragraphs[0]
    assert instr(footer._p) == ["PAGE", "NUMPAGES"]
    # numbers are field results Word and LibreOffice compute
    assert footer.text == "Illustrative – not an official document\tPage\u00a0\u00a0of\u00a0"
    cp = d.core_properties
    assert cp.title == sink.property_name and cp.subject == sink.title
    assert cp.author == "Kazakhstan" and cp.keywords == "Ustyurt; arans"
    when = dt.datetime(2025, 9, 24, tzinfo=dt.UTC)
    assert cp.created == when and cp.modified == when
    assert cp.last_modified_by == "" and cp.comments == "" and cp.language == "en-GB"
    with zipfile.ZipFile(io.BytesIO(sink_docx)) as z:
        names = z.namelist()
        blob = b"".join(z.read(n) for n in names if n.endswith(".xml"))
        assert all(i.date_time == (2025, 9, 24, 0, 0, 0) for i in z.infolist())
    assert names[0] == "[Content_Types].xml"
    assert b"python-docx" not in blob and b"lastModifiedBy" not in blob
    assert not any("thumbnail" in n for n in names)


def test_render_is_deterministic(
    sink: m.Document, sink_docx: bytes, minimal_doc: m.Document, minimal_docx: bytes
) -> None:
    assert render_docx.render(sink) == sink_docx
    assert render_docx.render(minimal_doc) == minimal_docx


def test_golden_document_xml_minimal(
    minimal_docx: bytes, golden: Callable[[str, str], None]
) -> None:
    root = body(minimal_docx)
    text = etree.tostring(root, pretty_print=True, encoding="unicode")
    golden("docx/minimal-document.xml", text)


# ---------------------------------------------------------------- problems


def _one_figure_doc(
    sink: m.Document, figure: m.Figure, extra: tuple[m.Inline, ...] = ()
) -> m.Document:
    sec = m.Section("sec-1", "1", "Images", 1, [figure, m.Para((T("See "), *extra))])
    return m.Document(
        **{
            **sink.__dict__,
            "sections": [sec],
            "figures": [figure],
            "tables": [],
            "footnotes": [],
            "anchors": {"fig-x": "Figure 1", "sec-1": "Section 1"},
        }
    )


@pytest.mark.reports("render.resource-missing", "render.xref-unresolved")
def test_problems_are_diagnostics(sink: m.Document, tmp_path: Path) -> None:
    missing = m.Figure("x", 1, (T("Gone"),), "alt", path=tmp_path / "nope.png")
    doc = _one_figure_doc(
        sink, missing, (m.XRef("fig", "fig-nowhere"), m.Link("javascript:alert(1)", (T("js"),)))
    )
    with pytest.raises(RenderError) as err:
        render_docx.render(doc)
    assert [d.rule for d in err.value.diagnostics] == [
        "render.resource-missing",
        "render.xref-unresolved",
    ]
    data, diags = render_docx.render_with_diagnostics(doc)
    assert {d.rule: d.severity for d in diags} == {
        "render.resource-missing": Severity.ERROR,
        "render.xref-unresolved": Severity.WARNING,
    }
    text = all_text(data)
    assert "[nope.png]" in text and "Figure 1. Gone" in text  # the place and the numbering stay
    assert "See fig-nowhere" in text and "js" in text
    assert b"javascript" not in zipfile.ZipFile(io.BytesIO(data)).read(
        "word/_rels/document.xml.rels"
    )


@pytest.mark.reports("render.resource-refused")
def test_images_outside_the_dossier_are_refused(sink: m.Document, tmp_path: Path) -> None:
    outside = m.Figure("x", 1, (T("Photo"),), "alt", path=_png(tmp_path / "outside.png"))
    (tmp_path / "dossier").mkdir()
    _, diags = render_docx.render_with_diagnostics(
        _one_figure_doc(sink, outside), root=tmp_path / "dossier"
    )
    assert [d.rule for d in diags] == ["render.resource-refused"]
    _, diags = render_docx.render_with_diagnostics(_one_figure_doc(sink, outside), root=tmp_path)
    assert diags == []


def test_other_image_formats_become_png(sink: m.Document, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (30, 20), (10, 120, 200)).save(tmp_path / "photo.webp", "WEBP")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    data = render_docx.render(
        _one_figure_doc(sink, m.Figure("x", 1, (T("W"),), "alt", path=tmp_path / "photo.webp"))
    )
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert media == ["word/media/image1.png"]
    _, diags = render_docx.render_with_diagnostics(
        _one_figure_doc(sink, m.Figure("x", 1, (), "alt", path=broken))
    )
    assert [d.rule for d in diags] == ["render.image-unreadable"]
    bad_svg = m.Figure("x", 1, (), "alt", svg="<svg xmlns='http://www.w3.org/2000/svg'><g")
    _, diags = render_docx.render_with_diagnostics(_one_figure_doc(sink, bad_svg))
    assert [d.rule for d in diags] == ["render.image-unreadable"]


@pytest.mark.reports("render.reference-unreadable")
def test_unreadable_reference_document(sink: m.Document, tmp_path: Path) -> None:
    bad = tmp_path / "ministry.docx"
    bad.write_text("not a zip")
    with pytest.raises(RenderError) as err:
        render_docx.render(sink, reference_docx=bad)
    assert err.value.diagnostics[0].rule == "render.reference-unreadable"


# ---------------------------------------------------------------- reference documents


def _ministry_reference(path: Path, *, numbered_headings: bool = False) -> Path:
    """A ministry template: its own heading look, a letterhead header and leftover text."""
    d = docx.Document()
    h1 = d.styles["Heading 1"]
    h1.font.name = "Arial"
    h1.font.color.rgb = docx.shared.RGBColor(0x99, 0x00, 0x00)
    d.add_paragraph("OLD TEMPLATE BODY")
    d.sections[0].header.paragraphs[0].text = "MINISTRY LETTERHEAD"
    if numbered_headings:
        ppr = h1.element.get_or_add_pPr()
        num_pr = etree.SubElement(ppr, f"{{{W}}}numPr")
        etree.SubElement(num_pr, f"{{{W}}}numId").set(f"{{{W}}}val", "1")
    d.save(str(path))
    return path


def _headers(d: docx.document.Document) -> list[docx.section._Header]:
    return [s.header for s in d.sections if not s.header.is_linked_to_previous]


@pytest.mark.reports("render.reference-page-size")
@pytest.mark.accepts("render.reference-page-size")
def test_reference_page_size_is_checked(sink: m.Document, tmp_path: Path) -> None:
    letter = _ministry_reference(tmp_path / "letter.docx")  # python-docx's default: US Letter
    _, diags = render_docx.render_with_diagnostics(sink, reference_docx=letter)
    [warning] = [d for d in diags if d.rule == "render.reference-page-size"]
    assert warning.severity is Severity.WARNING
    assert "216 × 279 mm" in warning.message and "A4 (210 × 297 mm)" in warning.message
    a4 = tmp_path / "a4.docx"
    d = docx.Document(str(letter))
    d.sections[0].page_width, d.sections[0].page_height = docx.shared.Mm(210), docx.shared.Mm(297)
    d.save(str(a4))
    _, diags = render_docx.render_with_diagnostics(sink, reference_docx=a4)
    assert diags == []
    # dossier's own reference is A4: nothing to say
    assert render_docx.render_with_diagnostics(sink)[1] == []


def test_reference_headers_kept_when_asked(sink: m.Document, tmp_path: Path) -> None:
    ref = _ministry_reference(tmp_path / "ministry.docx")
    out = render_docx.render(sink, reference_docx=ref, keep_reference_headers=True)
    d = docx.Document(io.BytesIO(out))
    assert len(d.sections) > 3
    for section in d.sections:  # every section, the cover included, has the letterhead
        assert section.header.paragraphs[0].text == "MINISTRY LETTERHEAD"
    assert "Ustyurt\t" not in all_text(out)


@pytest.mark.accepts("render.reference-unreadable")
def test_reference_docx_styles_are_used(sink: m.Document, tmp_path: Path) -> None:
    ref = _ministry_reference(tmp_path / "ministry.docx")
    out = render_docx.render(sink, reference_docx=ref)
    d = docx.Document(io.BytesIO(out))
    h1 = d.styles["Heading 1"]
    assert h1.font.name == "Arial" and str(h1.font.color.rgb) == "990000"
    text = all_text(out)
    assert "OLD TEMPLATE BODY" not in text
    assert d.sections[1].header.paragraphs[0].text == "Ustyurt\tContents"
    assert "MINISTRY LETTERHEAD" not in {h.paragraphs[0].text for h in _headers(d)}
    # styles the ministry does not define come from dossier's reference
    names = {s.name for s in d.styles}
    assert {"Notice Missing", "Dossier Table", "Image Caption", "Verbatim Char"} <= names
    found = [
        (p.style.name, p.text)
        for p in d.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert found == expected_headings(sink)
    assert render_docx.render(sink, reference_docx=ref) == out


def test_reference_with_numbered_headings_and_dotx(sink: m.Document, tmp_path: Path) -> None:
    ref = _ministry_reference(tmp_path / "numbered.docx", numbered_headings=True)
    out = render_docx.render(sink, reference_docx=ref)
    heading = body(out).xpath("//w:p[w:pPr/w:pStyle/@w:val='Heading1']", namespaces=NS)[0]
    assert text_of(heading) == "1 Identification of the Property"
    assert (
        heading.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val") == "0"
    )  # no double numbering
    # a .dotx template works too
    dotx = tmp_path / "ministry.dotx"
    with zipfile.ZipFile(ref) as src, zipfile.ZipFile(dotx, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, data)
    out = render_docx.render(sink, reference_docx=dotx)
    assert "1 Identification of the Property" in all_text(out)


def test_shipped_reference_is_reproducible() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_reference", ROOT / "templates" / "docx" / "make_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == render_docx.default_reference().read_bytes(), (
        "templates/docx/reference.docx is stale: run python templates/docx/make_reference.py"
    )


# ---------------------------------------------------------------- LibreOffice


def test_update_fields_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(lo_update.LibreOfficeError, match="does not exist"):
        lo_update.update_fields(b"")
    monkeypatch.delenv("DOSSIER_SOFFICE")
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(lo_update, "KNOWN_LOCATIONS", ())
    with pytest.raises(lo_update.LibreOfficeError, match="not installed"):
        lo_update.update_fields(b"")


needs_lo = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.mark.libreoffice
@needs_lo
def test_libreoffice_converts_to_pdf(
    minimal_doc: m.Document, minimal_docx: bytes, tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    src = tmp_path / "minimal.docx"
    src.write_bytes(minimal_docx)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "minimal.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    for s in walk_sections(minimal_doc.sections):
        assert re.sub(r"\s+", " ", s.heading) in flat, s.heading
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    chapters = len(minimal_doc.sections)
    assert chapters + 2 <= pages <= 4 * len(list(walk_sections(minimal_doc.sections))) + 5
    assert "Page 2 of" in flat


@pytest.mark.accepts("render.libreoffice")
@pytest.mark.libreoffice
@needs_lo
def test_update_fields_fills_page_numbers(sink_docx: bytes) -> None:
    timings: dict[str, float] = {}
    updated = lo_update.update_fields(sink_docx, timeout=120, timings=timings)
    assert timings["total"] >= timings["LibreOffice process"] > 0
    before, after = zipfile.ZipFile(io.BytesIO(sink_docx)), zipfile.ZipFile(io.BytesIO(updated))
    assert before.namelist() == after.namelist()
    # only the field results (and the request to update them) change: every other part,
    # the styles part first of all (ids, names, table styles), is byte for byte ours
    changed = {n for n in before.namelist() if before.read(n) != after.read(n)}
    assert changed == {"word/document.xml", "word/settings.xml"}
    old, new = body(sink_docx), body(updated)
    assert len(old.findall(".//w:p", NS)) == len(new.findall(".//w:p", NS))
    styles = "//w:pPr/w:pStyle/@w:val"
    assert old.xpath(styles, namespaces=NS) == new.xpath(styles, namespaces=NS)
    # the only new elements are the result runs of the PAGEREF fields (w:r and w:t)
    pagerefs = [c for c in instr(new) if c.startswith("PAGEREF")]
    assert len(list(new.iter())) == len(list(old.iter())) + 2 * len(pagerefs)
    # every PAGEREF now has a page number as its result: the contents, the lists and the
    # ", p. N" of the cross-references
    results = pageref_results(new)
    assert results and all(r.isdigit() for r in results.values()), results
    assert int(results["_Toc_sec_1"]) < int(results["_Toc_sec_2"]) < int(results["_Toc_sec_7_e"])
    toc = [
        text_of(p)
        for p in new.iter(f"{{{W}}}p")
        if (st := p.find("w:pPr/w:pStyle", NS)) is not None
        and st.get(f"{{{W}}}val", "").startswith("TOC")
        and p.find("w:hyperlink", NS) is not None
    ]
    assert toc[2] == f"1Identification of the Property{results['_Toc_sec_1']}"
    para = next(p for p in new.iter(f"{{{W}}}p") if "See Figure 1" in text_of(p))
    assert f"See Figure 1, p.\u00a0{results['_Ref_fig_photo']}, Table 1" in text_of(para)
    settings = part(updated, "word/settings.xml")
    assert settings.find("w:updateFields", NS) is None  # no dialog on every opening
    assert [i.date_time for i in after.infolist()] == [i.date_time for i in before.infolist()]


def pageref_results(root: etree._Element) -> dict[str, str]:
    """bookmark -> result text of every PAGEREF field (fields of this renderer: begin,
    instrText, separate, result runs, end are sibling runs)."""
    out: dict[str, str] = {}
    for it in root.iter(f"{{{W}}}instrText"):
        code = (it.text or "").split()
        if not code or code[0] != "PAGEREF":
            continue
        run = it.getparent().getnext()  # the separate run
        text = ""
        run = run.getnext()
        while run is not None and run.find("w:fldChar", NS) is None:
            text += text_of(run)
            run = run.getnext()
        out[code[1]] = text
    return out
