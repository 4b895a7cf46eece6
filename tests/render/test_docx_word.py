"""The DOCX as a Word user and the PDF's reader expect it (issue 17): default paragraph
style, heading levels, order and running headers, landscape maps, hyphenation, language
tags, embedded fonts and page references; read back with python-docx and lxml.

The worked example is checked too (marked slow), and rendered by LibreOffice on a font
configuration without PT Serif or PT Sans (marked libreoffice): the embedded fonts must
set it, and it must paginate like the PDF (within 10 %).
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from lxml import etree
from test_docx import NS, W, body, instr, part, sink_document, text_of

from dossier.core import model as m
from dossier.render.docx import document as render_docx
from dossier.render.docx.embed import obfuscate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ustyurt"
FONTS = ROOT / "templates" / "fonts"
T = m.Text
CYRILLIC = re.compile("[\u0400-\u052f]")
ARABIC = re.compile("[\u0600-\u06ff]")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def sink(tmp_path_factory: pytest.TempPathFactory) -> m.Document:
    return sink_document(tmp_path_factory.mktemp("sink"))


@pytest.fixture(scope="module")
def sink_docx(sink: m.Document) -> bytes:
    return render_docx.render(sink)


def headings(data: bytes) -> list[tuple[int, str]]:
    d = docx.Document(io.BytesIO(data))
    out = []
    for p in d.paragraphs:
        name = p.style.name if p.style is not None else ""
        if re.fullmatch(r"Heading \d", name):
            out.append((int(name.split()[1]), p.text))
    return out


def runs_with(root: etree._Element, pattern: re.Pattern[str]) -> Iterator[etree._Element]:
    for r in root.iter(w("r")):
        if pattern.search(text_of(r)):
            yield r


def style_chain(styles: etree._Element, sid: str) -> Iterator[etree._Element]:
    by_id = {s.get(w("styleId")): s for s in styles.findall("w:style", NS)}
    seen: set[str] = set()
    while sid and sid not in seen and sid in by_id:
        seen.add(sid)
        yield by_id[sid]
        based = by_id[sid].find("w:basedOn", NS)
        sid = based.get(w("val")) if based is not None else ""


def suppresses_hyphens(styles: etree._Element, sid: str) -> bool:
    for st in style_chain(styles, sid):
        e = st.find("w:pPr/w:suppressAutoHyphens", NS)
        if e is not None:
            return e.get(w("val"), "1") not in ("0", "false")
    return False


# ---------------------------------------------------------------- styles and headings


def test_normal_is_the_default_paragraph_style(sink_docx: bytes) -> None:
    d = docx.Document(io.BytesIO(sink_docx))
    default = d.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    assert default is not None and default.name == "Normal"
    # every paragraph has a style, also those written without one (section breaks)
    assert all(p.style is not None for p in d.paragraphs)
    bare = [p for p in d.paragraphs if p._p.find("w:pPr/w:pStyle", NS) is None]
    assert bare and {p.style.name for p in bare} == {"Normal"}


def test_prose_headings_nest_below_their_section_without_skipping(
    sink: m.Document,
) -> None:
    sec = m.Section(
        "sec-2.a",
        "2.a",
        "Description of Property",
        2,
        [
            m.Heading(3, (T("Overview"),)),
            m.Heading(4, (T("Detail"),)),
            m.Heading(3, (T("Geology"),)),
            m.Heading(1, (T("Criterion (iii)"),)),
            m.Heading(3, (T("The tradition"),)),  # `###` right under `#`: one level down
            m.Heading(2, (T("Second level"),)),
        ],
    )
    chapter = m.Section("sec-2", "2", "Description", 1, [], [sec], page_break=True)
    doc = dataclasses.replace(sink, sections=[chapter], figures=[], tables=[], footnotes=[])
    assert headings(render_docx.render(doc)) == [
        (1, "2 Description"),
        (2, "2.a Description of Property"),
        (3, "Overview"),
        (4, "Detail"),
        (3, "Geology"),
        (3, "Criterion (iii)"),
        (4, "The tradition"),
        (4, "Second level"),
    ]


def never_skips(levels: list[int]) -> bool:
    return all(b <= a + 1 for a, b in zip([0, *levels], levels, strict=False))


def test_order_footer_and_illustrative_mark(sink: m.Document) -> None:
    summary = m.Section(
        "sec-executive-summary",
        "",
        "Executive Summary",
        1,
        [m.Para((T("Summary."),))],
        page_break=True,
        front=True,
    )
    doc = dataclasses.replace(sink, sections=[summary, *sink.sections])
    data = render_docx.render(doc)
    d = docx.Document(io.BytesIO(data))
    # as the PDF: cover, Executive Summary, contents, lists, chapters
    order = [
        p.text
        for p in d.paragraphs
        if p.style is not None and p.style.name in ("Heading 1", "TOC Heading")
    ]
    assert order[:5] == [
        "Executive Summary",
        "Contents",
        "List of figures",
        "List of tables",
        "1 Identification of the Property",
    ]
    titles = [s.header.paragraphs[0].text.split("\t")[-1] for s in d.sections[1:5]]
    assert titles == ["Executive Summary", "Contents", "List of figures", "List of tables"]
    footer = d.sections[1].footer.paragraphs[0]
    mark = footer.runs[0]
    assert mark.text == "Illustrative – not an official document"
    assert mark.style is not None and mark.style.name == "Illustrative Mark"
    official = render_docx.render(dataclasses.replace(doc, illustrative=False))
    footer = docx.Document(io.BytesIO(official)).sections[1].footer.paragraphs[0]
    assert "Illustrative" not in footer.text and instr(footer._p) == ["PAGE", "NUMPAGES"]


# ---------------------------------------------------------------- maps


def test_figures_get_the_page_and_size_they_ask_for(sink: m.Document, tmp_path: Path) -> None:
    photo = sink.figures[0]
    big = dataclasses.replace(
        photo, id="big", number=3, page="a3-landscape", print_size_mm=(370.0, 240.0)
    )
    sec = m.Section("sec-1", "1", "Maps", 1, [m.Para((T("Before."),)), big, m.Para((T("After."),))])
    doc = dataclasses.replace(sink, sections=[sec], figures=[big], tables=[])
    root = body(render_docx.render(doc))
    sects = root.findall(".//w:sectPr", NS)
    sizes = [
        (s.find("w:pgSz", NS).get(w("w")), s.find("w:pgSz", NS).get(w("orient"))) for s in sects
    ]
    # cover, contents, list of figures, chapter 1, the A3 map, chapter 1 again
    assert sizes[-3:] == [("11906", None), ("23811", "landscape"), ("11906", None)]
    extent = root.find(".//wp:inline/wp:extent", NS)
    assert (int(extent.get("cx")), int(extent.get("cy"))) == (370 * 36000, 240 * 36000)
    # the map's caption is in the landscape section: the paragraph after it ends it
    a3 = next(s for s in sects if s.find("w:pgSz", NS).get(w("w")) == "23811")
    end = a3.getparent().getparent()
    assert text_of(end) == ""
    credit = end.getprevious()
    assert text_of(credit) == photo.credit
    assert text_of(credit.getprevious()).startswith("Figure 3")
    assert text_of(end.getnext()) == "After."


# ---------------------------------------------------------------- hyphenation


def test_hyphenation_follows_the_pdf(sink: m.Document) -> None:
    data = render_docx.render(sink)
    settings = part(data, "word/settings.xml")
    assert settings.find("w:autoHyphenation", NS) is not None
    assert settings.find("w:doNotHyphenateCaps", NS) is not None
    styles = part(data, "word/styles.xml")
    never = ["Heading1", "Heading3", "Heading6", "Caption", "ImageCaption", "TableCaption"]
    never += ["TOC1", "TOC3", "TableofFigures", "Bibliography", "NoticeMissing", "Title"]
    assert all(suppresses_hyphens(styles, s) for s in never)
    assert not any(suppresses_hyphens(styles, s) for s in ("BodyText", "Compact", "FootnoteText"))
    # as the PDF (render/hyphenation.py): never a capitalised word, nor a name the model
    # marks (Styled "name"): w:noProof runs, which Word does not hyphenate
    root = body(data)
    noproof = {text_of(r) for r in root.iter(w("r")) if r.find("w:rPr/w:noProof", NS) is not None}
    assert {"Kazakhstan", "Русский"} <= noproof
    assert "italic" not in noproof and "Plain" not in noproof  # short or lower-case: free
    taxon = m.Styled("name", (T("Ovis vignei arkal"),))
    table = m.Table(
        (m.Cell((T("Period"),), header=True), m.Cell((T("Observations"),), header=True)),
        ((m.Cell((T("Mid-1990s"),)), m.Cell((T("Counted by the Reserve " * 6),))),),
        widths=(1, 4),
    )
    named_doc = dataclasses.replace(
        sink,
        sections=[
            m.Section(
                "sec-1",
                "1",
                "Names",
                1,
                [
                    m.Para((T("The "), taxon, T(" of the Kaskyrkazgan escarpment")), "en"),
                    m.Heading(1, (T("Mangystau Region"),)),
                    table,
                ],
            )
        ],
        figures=[],
        tables=[],
    )
    root = body(render_docx.render(named_doc))
    noproof = [text_of(r) for r in root.iter(w("r")) if r.find("w:rPr/w:noProof", NS) is not None]
    # the taxon whole; the capitalised word; nothing in the heading (never hyphenated)
    assert noproof[:2] == ["Ovis vignei arkal", "Kaskyrkazgan"]
    assert "Mangystau" not in noproof
    # a narrow column (under 40 % of the table) is never hyphenated, a wide one is
    cells = root.findall(".//w:tbl/w:tr/w:tc/w:p", NS)
    flags = [p.find("w:pPr/w:suppressAutoHyphens", NS) is not None for p in cells]
    assert flags == [True, False, True, False]
    assert "Reserve" in noproof  # the wide column: its capitalised words are marked


# ---------------------------------------------------------------- languages


def test_every_non_english_run_is_tagged(sink: m.Document) -> None:
    bib = [
        m.BibEntry(
            "ru2008", (T("Ягодин, В. Н. 2008. "), m.Styled("i", (T("Древности Устюрта"),))), "ru"
        ),
        m.BibEntry("ar2019", (T("Al-Ahmad. 2019. "), T("المصائد الصحراوية")), "ar"),
        m.BibEntry("it2015", (T("Rossi, M. 2015. Le trappole del deserto."),), "it"),
        m.BibEntry("en2020", (T("Smith, J. 2020. Traps."),), "en"),
    ]
    french = m.Section("sec-8", "8", "Other", 1, [m.Para((T("Texte en français."),), "fr")])
    doc = dataclasses.replace(sink, bibliography=bib, sections=[*sink.sections, french])
    root = body(render_docx.render(doc))

    def lang(r: etree._Element) -> etree._Element | None:
        return r.find("w:rPr/w:lang", NS)

    cyr = list(runs_with(root, CYRILLIC))
    assert cyr and all(lang(r) is not None for r in cyr)
    tags = {text_of(r): lang(r).get(w("val")) for r in cyr}
    assert tags["Қазақ мәтіні"] == "kk-KZ" and tags["Древности Устюрта"] == "ru-RU"
    arabic = list(runs_with(root, ARABIC))
    assert len(arabic) == 1
    rpr = arabic[0].find("w:rPr", NS)
    assert rpr.find("w:rtl", NS) is not None
    assert lang(arabic[0]).get(w("bidi")) == "ar-SA"
    assert rpr.find("w:rFonts", NS).get(w("cs")) == "Dossier Fallback Arabic"
    entries = {
        text_of(p): p
        for p in root.iter(w("p"))
        if (st := p.find("w:pPr/w:pStyle", NS)) is not None and st.get(w("val")) == "Bibliography"
    }
    italian = next(p for t, p in entries.items() if t.startswith("Rossi"))
    assert {lang(r).get(w("val")) for r in italian.iter(w("r")) if text_of(r)} == {"it-IT"}
    english = next(p for t, p in entries.items() if t.startswith("Smith"))
    assert all(lang(r) is None for r in english.iter(w("r")))  # the document's language
    para = next(p for p in root.iter(w("p")) if text_of(p) == "Texte en français.")
    assert {lang(r).get(w("val")) for r in para.iter(w("r"))} == {"fr-FR"}


# ---------------------------------------------------------------- fonts


def test_shipped_fonts_are_embedded(sink_docx: bytes) -> None:
    table = part(sink_docx, "word/fontTable.xml")
    rels = part(sink_docx, "word/_rels/fontTable.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    ct = zipfile.ZipFile(io.BytesIO(sink_docx)).read("[Content_Types].xml").decode()
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in ct
    faces = {
        ("PT Serif", "embedRegular"): "PTSerif-Regular.ttf",
        ("PT Serif", "embedBold"): "PTSerif-Bold.ttf",
        ("PT Serif", "embedItalic"): "PTSerif-Italic.ttf",
        ("PT Serif", "embedBoldItalic"): "PTSerif-BoldItalic.ttf",
        ("PT Sans", "embedRegular"): "PTSans-Regular.ttf",
        ("PT Sans", "embedBold"): "PTSans-Bold.ttf",
        ("PT Sans", "embedItalic"): "PTSans-Italic.ttf",
        ("PT Sans", "embedBoldItalic"): "PTSans-BoldItalic.ttf",
    }
    with zipfile.ZipFile(io.BytesIO(sink_docx)) as z:
        for (family, tag), file in faces.items():
            font = table.find(f"w:font[@w:name='{family}']", NS)
            embed = font.find(f"w:{tag}", NS)
            key = embed.get(w("fontKey"))
            assert re.fullmatch(r"\{[0-9A-F-]{36}\}", key)
            blob = z.read("word/" + targets[embed.get(f"{{{NS['r']}}}id")])
            original = (FONTS / file).read_bytes()
            assert blob != original and blob[32:] == original[32:]
            assert obfuscate(blob, key) == original  # XOR with the key undoes itself
    settings = part(sink_docx, "word/settings.xml")
    assert settings.find("w:embedTrueTypeFonts", NS) is not None


# ---------------------------------------------------------------- cross-references


def xref_pairs(root: etree._Element) -> list[tuple[str, str, str]]:
    """(REF target, text between, PAGEREF target) for every REF field of the body."""
    out = []
    codes = list(root.iter(w("instrText")))
    for i, it in enumerate(codes):
        code = (it.text or "").split()
        if code[:1] != ["REF"]:
            continue
        nxt = codes[i + 1] if i + 1 < len(codes) else None
        page = (nxt.text or "").split() if nxt is not None else []
        between = ""
        run = it.getparent()
        while run is not None and run is not (nxt.getparent() if nxt is not None else None):
            if run.find("w:fldChar", NS) is None:
                between += text_of(run)
            run = run.getnext()
        out.append((code[1], between, page[1] if page[:1] == ["PAGEREF"] else ""))
    return out


def test_every_reference_carries_its_page(sink_docx: bytes) -> None:
    pairs = xref_pairs(body(sink_docx))
    assert len(pairs) == 4  # three in the prose, one in the list of maps
    for ref, between, page in pairs:
        assert between.endswith(", p.\u00a0"), between
        target = ref.split("_", 2)[2]
        assert page in (f"_Ref_{target}", f"_Toc_{target}")


# ---------------------------------------------------------------- the worked example


@pytest.fixture(scope="module")
def example() -> tuple[m.Document, bytes]:
    from dossier.assemble import document as assemble
    from dossier.load import sources

    doc = assemble.build_document(sources.load(EXAMPLE), "nomination", "en")
    return doc, render_docx.render(doc, root=EXAMPLE)


@pytest.mark.slow
def test_example_docx_structure(example: tuple[m.Document, bytes]) -> None:
    doc, data = example
    levels = [level for level, _ in headings(data)]
    assert never_skips(levels), levels
    d = docx.Document(io.BytesIO(data))
    assert all(p.style is not None for p in d.paragraphs)
    root = body(data)
    # every Cyrillic or Arabic run says its language
    for r in runs_with(root, CYRILLIC):
        assert r.find("w:rPr/w:lang", NS).get(w("val")) in ("ru-RU", "kk-KZ"), text_of(r)
    for r in runs_with(root, ARABIC):
        assert r.find("w:rPr/w:rtl", NS) is not None
    # each chapter's sections carry its title in their running header
    chapters = [s.heading for s in doc.sections]
    titles = [s.header.paragraphs[0].text.split("\t")[-1] for s in d.sections[1:]]
    assert [t for t in dict.fromkeys(titles) if t in chapters] == chapters
    # maps on landscape pages at the size their scale note states
    maps = [f for f in doc.figures if f.svg is not None]
    assert maps
    for f in maps:
        docpr = root.find(f".//wp:docPr[@name='Figure {f.number}']", NS)
        extent = docpr.getparent().find("wp:extent", NS)
        size = f.print_size_mm or (250.0, 150.0)
        assert (int(extent.get("cx")), int(extent.get("cy"))) == tuple(
            round(v * 36000) for v in size
        )
    landscape = [s for s in d.sections if s.page_width > s.page_height]
    assert len(landscape) == len(maps)
    # every cross-reference to a figure or table is followed by its page
    pairs = xref_pairs(root)
    assert pairs and all(page for _, _, page in pairs)


# ---------------------------------------------------------------- LibreOffice


def soffice_pdf(docx_path: Path, out: Path, fontconfig: Path | None = None) -> Path:
    import os

    env = dict(os.environ)
    if fontconfig is not None:
        env["FONTCONFIG_FILE"] = str(fontconfig)
    profile = (out / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(docx_path)],
        check=True, capture_output=True, timeout=300, env=env,
    )  # fmt: skip
    return out / (docx_path.stem + ".pdf")


def no_pt_fonts(folder: Path) -> Path:
    """A fontconfig configuration with the machine's DejaVu fonts only: PT Serif and PT
    Sans can come from nowhere but the document."""
    conf = folder / "fonts.conf"
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        f"<dir>{dejavu}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    listed = subprocess.run(
        ["fc-list"], capture_output=True, text=True, env={"FONTCONFIG_FILE": str(conf)}
    ).stdout
    assert "PT Serif" not in listed and "PT Sans" not in listed
    return conf


def fonts_of(pdf: Path) -> set[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    return {line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()}


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    mo = re.search(r"Pages:\s+(\d+)", info)
    assert mo
    return int(mo.group(1))


needs_lo = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdffonts") is None,
    reason="LibreOffice (soffice) or poppler-utils is not installed",
)


@pytest.mark.libreoffice
@needs_lo
def test_libreoffice_sets_the_body_in_the_embedded_fonts(sink_docx: bytes, tmp_path: Path) -> None:
    src = tmp_path / "sink.docx"
    src.write_bytes(sink_docx)
    pdf = soffice_pdf(src, tmp_path, no_pt_fonts(tmp_path))
    used = fonts_of(pdf)
    assert {"PTSerif-Regular", "PTSans-Bold"} <= used, used


@pytest.mark.slow
@pytest.mark.libreoffice
@needs_lo
def test_example_paginates_like_the_pdf(example: tuple[m.Document, bytes], tmp_path: Path) -> None:
    from dossier.render import pdf

    doc, data = example
    src = tmp_path / "nomination-en.docx"
    src.write_bytes(data)
    rendered = soffice_pdf(src, tmp_path, no_pt_fonts(tmp_path))
    assert "PTSerif-Regular" in fonts_of(rendered)
    printed = tmp_path / "printed.pdf"
    printed.write_bytes(pdf.render(doc, root=EXAMPLE))
    pages_docx, pages_pdf = page_count(rendered), page_count(printed)
    assert abs(pages_docx - pages_pdf) <= 0.1 * pages_pdf, (pages_docx, pages_pdf)
    # each page's running header names its chapter, as in the PDF
    text = subprocess.run(
        ["pdftotext", "-layout", str(rendered), "-"], capture_output=True, text=True
    ).stdout
    pages = [re.sub(r"\s+", " ", p.strip()) for p in text.split("\f") if p.strip()]
    heads = {p.split(" ", 1)[1].split(" ", 0)[0] for p in pages[1:]}
    for chapter in doc.sections:  # a page headed "Ustyurt <chapter>" for every chapter
        assert any(p.startswith(f"{doc.short_name} {chapter.heading} ") for p in pages), chapter
    assert heads
    assert re.search(r"Page\s2\sof\s\d+", pages[1])


def test_columns_without_widths_fit_their_content(sink: m.Document) -> None:
    """A table that gives no widths is laid out as the PDF's browser engine does: no
    column narrower than its longest word ("Format", "Language" never break)."""
    rows = (
        (m.Cell((T("2016"),)), m.Cell((T("5,900"),)), m.Cell((T("aerial census " * 8),))),
        (m.Cell((T("Mid-1990s"),)), m.Cell((T("about 250,000"),)), m.Cell((T("estimate"),))),
    )
    header = tuple(m.Cell((T(h),), header=True) for h in ("Period", "Language", "Notes"))
    table = m.Table(header, rows)
    doc = dataclasses.replace(
        sink, sections=[m.Section("sec-1", "1", "Counts", 1, [table])], figures=[], tables=[]
    )
    grid = body(render_docx.render(doc)).find(".//w:tblGrid", NS)
    cols = [int(g.get(w("w"))) for g in grid.findall("w:gridCol", NS)]
    assert cols[2] > cols[1] > cols[0]  # the notes get the room, "Period" little
    assert cols[0] >= 9 * 90 and cols[1] >= 8 * 90  # "Mid-1990s" and "Language" whole
    assert abs(sum(cols) - (11906 - 1418 - 1247)) < 10
