"""PDF renderer: section order, fonts, bookmarks, metadata, determinism, sandbox."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE, MINIMAL, Rendered, T, need, png_bytes, tiny_doc

from dossier.core import model as m
from dossier.core.diagnostics import Severity
from dossier.render import RenderError, pdf

pypdf = pytest.importorskip("pypdf")

FONT_RE = re.compile(
    r"^[A-Z]{6}\+Dossier-(Serif|Sans|Fallback-Serif|Fallback-Sans|Fallback-Arabic)(-[A-Za-z]+)*$"
)


def fonts(path: Path) -> list[list[str]]:
    need("pdffonts")
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def outline(data: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every bookmark, in order."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    out: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append(
                    (
                        depth,
                        " ".join(str(item.title).split()),
                        reader.get_destination_page_number(item) + 1,
                    )
                )

    walk(reader.outline, 1)
    return out


def squash(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


# ---------------------------------------------------------------- the minimal dossier


@pytest.mark.accepts("render.weasyprint", "render.glyph-missing")
def test_minimal_pdf_has_no_problems(minimal_pdf: Rendered) -> None:
    assert [d for d in minimal_pdf.diagnostics if d.severity is Severity.ERROR] == []
    assert not [
        d
        for d in minimal_pdf.diagnostics
        if d.rule in ("render.weasyprint", "render.glyph-missing")
    ]


def test_official_headings_in_order(minimal_doc: m.Document, minimal_pdf: Rendered) -> None:
    marks = outline(minimal_pdf.pdf)
    sections = minimal_doc.all_sections()
    section_marks = [
        (d, t, p) for d, t, p in marks if t not in ("Contents", "List of figures", "List of tables")
    ]
    # Bookmarks: exactly the official headings, nested as the section tree, pages in order.
    assert [(d, t) for d, t, _ in section_marks] == [(s.level, s.heading) for s in sections]
    pages = [p for _, _, p in section_marks]
    assert pages == sorted(pages)
    # Each heading is printed on the page its bookmark points to.
    for (_, _title, page), sec in zip(section_marks, sections, strict=True):
        assert squash(sec.heading) in squash(minimal_pdf.text(first=page, last=page)), sec.heading
    # Executive Summary first, then the table of contents and the lists.
    titles = [t for _, t, _ in marks]
    assert titles[0] == "Executive Summary" and titles[1] == "Contents"


def test_cover_toc_and_running_heads(minimal_doc: m.Document, minimal_pdf: Rendered) -> None:
    cover = squash(minimal_pdf.text(first=1, last=1))
    for part in (
        minimal_doc.property_name,
        minimal_doc.title.upper(),
        "France",
        minimal_doc.date_text,
    ):
        assert part in cover
    assert "Page 1 of" not in cover  # no footer on the cover
    reader = pypdf.PdfReader(io.BytesIO(minimal_pdf.pdf))
    total = len(reader.pages)
    marks = {t: p for _, t, p in outline(minimal_pdf.pdf)}
    toc = squash(
        minimal_pdf.text(
            first=marks["Contents"], last=marks["1 Identification of the Property"] - 1
        )
    )
    # Table of contents with the page of every section (leaders are dots).
    maps = marks[
        "1.e Maps and plans, showing the boundaries of the nominated property and buffer zone"
    ]
    assert re.search(rf"1\.e Maps and plans.*?\. {maps}\b", toc)
    assert "List of tables" in toc
    page = marks["2.a Description of Property"]
    text = squash(minimal_pdf.text(first=page, last=page))
    assert text.startswith(f"{minimal_doc.short_name} 2 Description")
    assert f"Page {page} of {total}" in text


def test_fonts_are_embedded_and_ours(minimal_pdf: Rendered) -> None:
    rows = fonts(minimal_pdf.path)
    assert rows
    for row in rows:
        assert FONT_RE.match(row[0]), row[0]
        # name type [type2] encoding emb sub uni object-id gen: emb is the 4th field from the end
        assert row[-5] == "yes", row


def test_page_count_and_metadata(minimal_doc: m.Document, minimal_pdf: Rendered) -> None:
    reader = pypdf.PdfReader(io.BytesIO(minimal_pdf.pdf))
    assert 12 <= len(reader.pages) <= 40
    box = reader.pages[1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"{minimal_doc.property_name} – {minimal_doc.title}"
    assert minimal_doc.title in (meta.subject or "")
    assert "World Heritage" in str(meta.get("/Keywords"))
    assert str(meta.get("/CreationDate", "")).startswith("D:20260115")
    assert str(reader.trailer["/Root"].get("/Lang")) == "en"


def test_golden_outline(minimal_pdf: Rendered, golden: Callable[[str, str], None]) -> None:
    lines = [f"{'  ' * (d - 1)}{t} .... {p}" for d, t, p in outline(minimal_pdf.pdf)]
    golden("pdf/minimal-nomination-en.outline.txt", "\n".join(lines) + "\n")


# ---------------------------------------------------------------- the tiny model (fast)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, m.Document, bytes]:
    root = tmp_path_factory.mktemp("tiny")
    doc = tiny_doc(root)
    return root, doc, pdf.render(doc, root=root)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    need("pdftotext")
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_xrefs_footnotes_figures_and_notices(
    tiny: tuple[Path, m.Document, bytes], tmp_path: Path
) -> None:
    _, _, data = tiny
    text = squash(pdf_text(data, tmp_path))
    assert re.search(
        r"shown in Figure 1, p\. \d+ and Table 1, p\. \d+; see also Section 1\.a, p\. \d+", text
    )
    assert "(Smith 2020)" in text
    assert "1. A footnote about the fort." in text  # the note text, at the foot of the page
    assert text.count("A footnote about the fort.") == 1
    assert "Figure 1. A view of the ramparts" in text and "Table 1. Areas" in text
    assert "Not provided: this required section has no content yet." in text
    assert "Smith, Anna. 2020. The Hill Forts" in text
    # SVG text with Kazakh letters; primes printed with PT's straight marks (PT has no ′ ″)
    assert "Қазақстан 43°13'44\" N" in text
    assert "әғқңөұүһі" in text and "œuvre « élevée »" in text
    assert "Illustrative dossier" in text  # cover banner
    assert "Illustrative – not an official document" in text  # footer of every page


def test_tiny_pdf_fonts(tiny: tuple[Path, m.Document, bytes], tmp_path: Path) -> None:
    path = tmp_path / "t.pdf"
    path.write_bytes(tiny[2])
    for row in fonts(path):
        assert FONT_RE.match(row[0]), row[0]


def test_deterministic_from_any_folder(
    tiny: tuple[Path, m.Document, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, doc, first = tiny
    assert pdf.render(doc, root=root) == first
    # Another copy of the dossier, another working folder, a relative root, a clock far away.
    other = tmp_path / "elsewhere" / "copy"
    shutil.copytree(root, other)
    moved = tiny_doc(other)
    monkeypatch.chdir(other.parent)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    assert pdf.render(moved, root=Path("copy")) == first
    assert os.environ["SOURCE_DATE_EPOCH"] == "1"  # restored


def test_variants(tiny: tuple[Path, m.Document, bytes]) -> None:
    root, doc, _ = tiny
    a3b = pdf.render(doc, root=root, variant="pdf/a-3b")
    reader = pypdf.PdfReader(io.BytesIO(a3b))
    xmp = reader.xmp_metadata
    assert xmp is not None and b"pdfaid" in xmp.stream.get_data()
    assert "/OutputIntents" in reader.trailer["/Root"]
    ua = pdf.render(doc, root=root, variant="pdf/ua-1")
    root_obj = pypdf.PdfReader(io.BytesIO(ua)).trailer["/Root"]
    assert "/StructTreeRoot" in root_obj and root_obj["/MarkInfo"]["/Marked"]
    with pytest.raises(ValueError, match="unknown PDF variant"):
        pdf.render(doc, root=root, variant="pdf/x-4")


@pytest.mark.reports("render.glyph-missing")
def test_missing_glyphs_are_reported(tmp_path: Path) -> None:
    doc = tiny_doc(tmp_path, extra=(m.Para(T("汉字")),))
    _, diags = pdf.render_with_diagnostics(doc, root=tmp_path)
    found = [d for d in diags if d.rule == "render.glyph-missing"]
    assert len(found) == 1 and "U+6C49" in found[0].message
    assert found[0].severity is Severity.WARNING


# ---------------------------------------------------------------- sandbox


def test_fetcher_allow_list(tmp_path: Path) -> None:
    from dossier.render.fetch import Refused, resolve

    root = tmp_path / "d"
    (root / "media").mkdir(parents=True)
    (root / "media" / "a b.png").write_bytes(png_bytes())
    (tmp_path / "secret.txt").write_text("secret")
    (root / "media" / "link.png").symlink_to(tmp_path / "secret.txt")
    assert resolve("dossier:/media/a%20b.png", root).mime == "image/png"
    assert resolve("dossier-pkg:/fonts/PTSerif-Regular.ttf", root).data[:4] == b"\x00\x01\x00\x00"
    assert resolve("data:text/plain;base64,aGk=", root).data == b"hi"
    assert resolve("data:,a%20b", root).data == b"a b"
    refused = [
        "http://example.org/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x",
        f"file://{tmp_path}/secret.txt",
        "dossier:/../secret.txt",
        "dossier:/media/%2e%2e/%2e%2e/secret.txt",
        "dossier:/media/link.png",
        "dossier-pkg:/fonts/../../pyproject.toml",
        "dossier-pkg:/formats/annex5-2023.yaml",
        "media/a.png",
        "javascript:alert(1)",
    ]
    for url in refused:
        with pytest.raises(Refused) as err:
            resolve(url, root)
        assert err.value.rule == "render.resource-refused", url
    with pytest.raises(Refused) as err:
        resolve("dossier:/media/none.png", root)
    assert err.value.rule == "render.resource-missing"


def test_remote_and_outside_resources_are_refused_and_reported(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(png_bytes())
    root = tmp_path / "dossier"
    root.mkdir()
    page = (
        '<html lang="en"><body><p>x</p>'
        '<img src="http://127.0.0.1:9/track.png"><img src="https://example.org/a.png">'
        f'<img src="file://{tmp_path}/secret.png"><img src="dossier:/../secret.png">'
        '<img src="data:image/png;base64,'
        + __import__("base64").b64encode(png_bytes()).decode()
        + '">'
        "</body></html>"
    )
    data, diags = pdf.write_pdf(page, root=root)
    assert data.startswith(b"%PDF")
    rules = sorted(d.rule for d in diags)
    assert rules == ["render.resource-refused"] * 4, diags
    assert all(d.severity is Severity.ERROR for d in diags)
    assert any("offline" in d.message for d in diags)


def test_image_outside_the_dossier_fails_the_pdf(tmp_path: Path) -> None:
    root = tmp_path / "dossier"
    root.mkdir()
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(png_bytes())
    doc = tiny_doc(root, extra=(m.Figure("out", 3, T("outside"), "outside", path=outside),))
    with pytest.raises(RenderError) as err:
        pdf.render(doc, root=root)
    assert "render.resource-refused" in {d.rule for d in err.value.diagnostics}


@pytest.mark.reports("render.weasyprint")
def test_weasyprint_messages_are_captured_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    style = "p { colour: red; width: banana }"
    page = f'<html lang="en"><head><style>{style}</style></head><body><p>x</p></body></html>'
    _, diags = pdf.write_pdf(page, root=tmp_path)
    assert diags and all(
        d.rule == "render.weasyprint" and d.severity is Severity.WARNING for d in diags
    )
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_epoch_of() -> None:
    assert pdf.epoch_of("2026-01-15") == 1768435200
    assert pdf.epoch_of("") == pdf.FALLBACK_EPOCH
    assert pdf.epoch_of("not a date") == pdf.FALLBACK_EPOCH


# ---------------------------------------------------------------- the worked example


@pytest.mark.slow
def test_example_nomination_end_to_end(tmp_path: Path) -> None:
    from dossier.assemble import document as assemble
    from dossier.load import sources

    doc = assemble.build_document(sources.load(EXAMPLE), "nomination", "en")
    data, diags = pdf.render_with_diagnostics(doc, root=EXAMPLE)
    assert [d for d in diags if d.severity is Severity.ERROR] == []
    path = tmp_path / "ustyurt.pdf"
    path.write_bytes(data)
    for row in fonts(path):
        assert FONT_RE.match(row[0]), row[0]
    marks = [t for _, t, _ in outline(data)]
    for sec in doc.all_sections():
        assert sec.heading in marks
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) > 40
    assert MINIMAL.exists()


def test_italic_in_a_table_cell_is_set_in_italic(tmp_path: Path) -> None:
    """Tables are set in PT Sans: with no italic face shipped, WeasyPrint printed the
    taxa of the example's attributes table (*Ovis vignei arkal*) upright."""
    cell = m.Cell((m.Text("population of "), m.Styled("i", T("Ovis vignei arkal"))))
    bold = m.Cell((m.Styled("b", (m.Styled("i", T("Saiga tatarica")),)),))
    table = m.Table(
        (m.Cell(T("Attribute"), header=True), m.Cell(T("Taxon"), header=True)),
        ((cell, bold),),
        "taxa",
        9,
        T("Taxa"),
    )
    doc = tiny_doc(tmp_path, extra=(table,))
    doc.tables.append(table)
    doc.anchors["tbl-taxa"] = "Table 9"
    path = tmp_path / "taxa.pdf"
    path.write_bytes(pdf.render(doc, root=tmp_path))
    names = {row[0].split("+", 1)[-1] for row in fonts(path)}
    assert {"Dossier-Sans-Italic", "Dossier-Sans-Bold-Italic"} <= names, names
