"""Documents a reviewer accepts: the PDFs of a test dossier (tests/cases/valid/typeset) and
of the worked example's three documents pass the guards, and poppler, reading the PDF as
any reader would, finds no text beyond the printable area, no markup, no id, no
hyphenated name, no glyph of a hyphen or prime from the fallback fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLE, need

from dossier import api
from dossier.core.diagnostics import Severity
from dossier.render import guards, layout

pikepdf = pytest.importorskip("pikepdf")

TYPESET = Path(__file__).resolve().parents[1] / "cases" / "valid" / "typeset"
MM = 72 / 25.4
# The text area of print.css: A4 portrait (margins 24 22 22 25 mm), maps A4 landscape (20 mm).
PORTRAIT = (25 * MM, 22 * MM, 24 * MM, 22 * MM)  # left, right, top, bottom
LANDSCAPE = (20 * MM, 20 * MM, 20 * MM, 18 * MM)
TOLERANCE_PT = 0.5


@dataclass
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    text: str


def words(pdf: Path) -> list[Word]:
    need("pdftotext")
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found: list[Word] = []
    page = 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line
        )
        if m:
            found.append(Word(page, float(m[1]), float(m[2]), float(m[3]), m[4]))
    return found


def beyond_text_area(pdf: Path) -> list[Word]:
    """Words of the page body (not the running header or footer) outside the text area."""
    sizes = [(p.mediabox[2], p.mediabox[3]) for p in pikepdf.open(pdf).pages]
    out = []
    for w in words(pdf):
        width, height = (float(v) for v in sizes[w.page - 1])
        left, right, top, bottom = PORTRAIT if width < height else LANDSCAPE
        if w.y0 < top - 2 or w.y0 > height - bottom:
            continue  # the margin boxes: running header, page number
        if w.x1 > width - right + TOLERANCE_PT or w.x0 < left - TOLERANCE_PT:
            out.append(w)
    return out


def text_of(pdf: Path) -> str:
    need("pdftotext")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def fallback_glyphs(pdf: Path) -> set[str]:
    """The characters the fallback fonts draw (from their ToUnicode maps)."""
    chars: set[str] = set()
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for _, font in fonts.items():
                if "Fallback" not in str(font.get("/BaseFont")) or "/ToUnicode" not in font:
                    continue
                cmap = font["/ToUnicode"].read_bytes().decode("latin-1")
                for hexa in re.findall(r"<[0-9a-fA-F]{4}>\s*<([0-9a-fA-F]{4,})>", cmap):
                    chars.add(bytes.fromhex(hexa).decode("utf-16-be", "replace"))
    return chars


def hyphenated_names(text: str) -> list[str]:
    """Capitalised words broken at a line end by automatic hyphenation (U+2011)."""
    return re.findall(r"(?<![\w-])([A-ZА-ЯЁ]\w*)\u2011\n", text)


def check_reader_view(pdf: Path) -> None:
    assert beyond_text_area(pdf) == []
    text = text_of(pdf)
    assert guards.markup_leaks(text, "PDF") == []
    assert hyphenated_names(text) == []
    assert not fallback_glyphs(pdf) & {"-", "\u2010", "\u2011", "\u2032", "\u2033", "'", '"'}


# ---------------------------------------------------------------- a test dossier of its own


@pytest.fixture(scope="session")
def typeset_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("typeset")
    src = out / "src"
    shutil.copytree(TYPESET, src)
    result = api.build(
        src,
        api.BuildOptions(
            docs=(api.Doc.NOMINATION,),
            formats=(api.Format.PDF, api.Format.HTML),
            out_dir=out / "build",
        ),
    )
    assert [d for d in result.diagnostics if d.severity is Severity.ERROR] == []
    return out / "build"


def test_typeset_dossier_passes_the_reader_checks(typeset_build: Path) -> None:
    check_reader_view(typeset_build / "nomination-en.pdf")


def test_typeset_dossier_prints_what_its_sources_mean(typeset_build: Path) -> None:
    text = " ".join(text_of(typeset_build / "nomination-en.pdf").split())
    # Curly quotes in prose; Markdown and citations in table cells processed like paragraphs.
    assert "\u201cHill Forts of the Example Valley\u201d" in text
    assert "\u2018the old walls\u2019" in text
    assert "Best preserved, surveyed by Smith (Smith 2020)" in text
    assert "baseline: the survey of 2020 (Smith 2020)" in text
    # Figure and table numbers, never ids; the criterion label once.
    assert "plan-1" not in text and "plate-1" not in text and "photo-1" not in text
    assert "Criterion (iii): Testimony" in text and "Criterion (iii): Criterion" not in text
    assert re.search(r"in Table \d+, p\. \d+", text) and re.search(r"in Figure \d+, p\. \d+", text)
    # Every table is captioned and listed.
    captions = set(re.findall(r"Table (\d+)\. ", text))
    assert captions and all(f"Table {n}." in text for n in captions)
    # The plate (an image no text refers to, with no section) follows the inventory.
    assert re.search(r"Image inventory.*The inner rampart from the gateway", text)
    html = (typeset_build / "nomination-en.html").read_text(encoding="utf-8")
    assert guards.markup_leaks(guards.html_text(html), "HTML") == []


def test_typeset_running_header_fits_one_line(typeset_build: Path) -> None:
    # The short name is longer than the header: it is shortened with an ellipsis.
    text = text_of(typeset_build / "nomination-en.pdf")
    assert "Example Valley hill forts with a running\u2026" in text or (
        "Example Valley hill forts with a\u2026" in text
    )


# ---------------------------------------------------------------- the worked example


@pytest.fixture(scope="session")
def example_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list]]:
    """The three PDFs of the example, with their laid-out pages and findings."""
    from dossier.assemble import document as assemble
    from dossier.load import sources
    from dossier.render import html, pdf

    out = tmp_path_factory.mktemp("example")
    src = sources.load(EXAMPLE)
    built: dict[str, tuple[Path, list]] = {}
    for doc_id in ("nomination", "preliminary-assessment", "tentative-list"):
        doc = assemble.build_document(src, doc_id, "en")
        text, diags = html.render_with_diagnostics(doc, for_pdf=True, root=EXAMPLE)
        data, more, pages = pdf.lay_out(text, root=EXAMPLE, date=doc.date)
        diags += more
        diags += guards.check_text(doc, layout.visible_text(pages), "PDF")
        diags += guards.layout_problems(list(pages))
        path = out / f"{doc_id}.pdf"
        path.write_bytes(data)
        built[doc_id] = (path, [pages, diags])
    return built


@pytest.mark.slow
@pytest.mark.parametrize("doc_id", ["nomination", "preliminary-assessment", "tentative-list"])
def test_example_passes_every_guard(
    example_pdfs: dict[str, tuple[Path, list]], doc_id: str
) -> None:
    path, (pages, diags) = example_pdfs[doc_id]
    assert [d.message for d in diags if d.severity is Severity.ERROR] == []
    assert not [d for d in diags if d.rule.startswith("render.hyphen")]
    assert layout.heading_only_pages(pages) == []
    assert layout.ladders(pages) == []
    check_reader_view(path)


@pytest.mark.slow
def test_example_tentative_list_is_a_short_form(example_pdfs: dict[str, tuple[Path, list]]) -> None:
    path, (pages, _) = example_pdfs["tentative-list"]
    assert len(pages) <= 20
    # Front matter first: the page after the cover is the table of contents.
    assert pages[1].text().lstrip().startswith("Contents")
    text = " ".join(text_of(path).split())
    for code in ("A01", "A05", "A09"):  # the attribute codes the texts use are defined
        assert re.search(rf"{code} [A-Z]", text), code
    assert "Criterion (iii)" in text and "Criterion (x)" in text
