"""Maps print at the size their scale note states, in the PDF and in Word.

The neat line (the map frame) is measured on the printed page: the page is rendered at a
known resolution and the frame's dark edges found, then compared with the frame's size
in the SVG (user units are 0.1 mm). A map shrunk to fit a portrait page, as Word output
once was (64 %), fails by far.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from dossier import api

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "cases" / "valid" / "minimal"
NS = "{http://www.w3.org/2000/svg}"
DPI = 100


def frame_mm(svg: str) -> tuple[float, float]:
    rect = ET.fromstring(svg).find(f"{NS}defs/{NS}clipPath/{NS}rect")
    assert rect is not None
    return float(rect.get("width", 0)) / 10, float(rect.get("height", 0)) / 10


def measured_frame_mm(png: Path, expected: tuple[float, float]) -> tuple[float, float]:
    """Width and height (mm) of the longest dark horizontal and vertical edges."""
    import numpy as np
    from PIL import Image

    grey = np.asarray(Image.open(png).convert("L")) < 130
    px = DPI / 25.4

    def edges(mask: np.ndarray, length_px: float) -> tuple[int, int]:
        hits = []
        for i, row in enumerate(mask):
            runs = np.diff(np.flatnonzero(np.diff(np.concatenate(([0], row.astype(int), [0])))))
            if runs.size and runs[::2].max() >= 0.8 * length_px:
                hits.append(i)
        assert hits, "no frame edge found"
        return min(hits), max(hits)

    top, bottom = edges(grey, expected[0] * px)
    left, right = edges(grey.T, expected[1] * px)
    return (right - left) / px, (bottom - top) / px


def page_with(pdf: Path, words: str) -> int:
    import pypdf

    for i, page in enumerate(pypdf.PdfReader(str(pdf)).pages, start=1):
        if words in (page.extract_text() or ""):
            return i
    raise AssertionError(f"{words!r} on no page")


def render_page(pdf: Path, page: int, out: Path) -> Path:
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png", str(pdf), str(out)],
        check=True,
    )
    return next(out.parent.glob(f"{out.name}-*.png"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[float, float]]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    tmp = tmp_path_factory.mktemp("scale")
    out = tmp / "out"
    api.build(MINIMAL, api.BuildOptions(formats=(api.Format.PDF, api.Format.DOCX), out_dir=out))
    from dossier.assemble.document import build_document
    from dossier.load import sources

    doc = build_document(sources.load(MINIMAL), "nomination")
    svg = next(f.svg for f in doc.figures if f.svg)
    assert svg is not None
    return out, frame_mm(svg)


@pytest.mark.slow
def test_pdf_prints_the_map_at_its_stated_size(
    built: tuple[Path, tuple[float, float]], tmp_path: Path
) -> None:
    import pypdf

    out, expected = built
    pdf = out / "nomination-en.pdf"
    page = page_with(pdf, "when printed at 250 × 150 mm")
    box = pypdf.PdfReader(str(pdf)).pages[page - 1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    width, height = measured_frame_mm(render_page(pdf, page, tmp_path / "p"), expected)
    assert width == pytest.approx(expected[0], rel=0.01)
    assert height == pytest.approx(expected[1], rel=0.01)


@pytest.mark.slow
def test_docx_places_each_map_at_its_stated_size_on_a_landscape_page(
    built: tuple[Path, tuple[float, float]],
) -> None:
    from lxml import etree

    out, _ = built
    with zipfile.ZipFile(out / "nomination-en.docx") as z:
        root = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    # walk the body: each map's extent, then the section that holds it (the next sectPr)
    pending: list[tuple[float, float]] = []
    maps_in: list[tuple[tuple[float, float], str | None]] = []
    for el in root.iter(f"{wp}extent", f"{w}sectPr"):
        if el.tag == f"{wp}extent":
            pending.append((int(el.get("cx")) / 36000, int(el.get("cy")) / 36000))
            continue
        size = el.find(f"{w}pgSz")
        orient = size.get(f"{w}orient") if size is not None else None
        maps_in += [(p, orient) for p in pending]
        pending = []
    placed = [(p, o) for p, o in maps_in if p == (250.0, 150.0)]
    assert len(placed) == 2  # both maps at their stated size; the photograph keeps its own
    assert all(o == "landscape" for _, o in placed)
    assert all(o != "landscape" for p, o in maps_in if p != (250.0, 150.0))


@pytest.mark.slow
@pytest.mark.libreoffice
def test_docx_map_measures_true_when_word_processor_prints_it(
    built: tuple[Path, tuple[float, float]], tmp_path: Path
) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    out, expected = built
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(out / "nomination-en.docx")],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    import pypdf

    pdf = tmp_path / "nomination-en.pdf"
    pages = pypdf.PdfReader(str(pdf)).pages
    page = next(i for i, p in enumerate(pages, 1) if p.mediabox.width > p.mediabox.height)
    width, height = measured_frame_mm(render_page(pdf, page, tmp_path / "w"), expected)
    assert width == pytest.approx(expected[0], rel=0.01)
    assert height == pytest.approx(expected[1], rel=0.01)


@pytest.mark.slow
def test_a3_sheets_give_a3_landscape_pages(tmp_path: Path) -> None:
    import pypdf

    root = tmp_path / "a3"
    shutil.copytree(MINIMAL, root)
    ident = root / "parts" / "identification.yaml"
    ident.write_text("map_sheet: A3\n" + ident.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    api.build(root, api.BuildOptions(formats=(api.Format.PDF, api.Format.DOCX), out_dir=out))
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in pypdf.PdfReader(str(out / "nomination-en.pdf")).pages
    }
    assert (1191, 842) in sizes and (595, 842) in sizes  # A3 landscape maps, A4 text
    with zipfile.ZipFile(out / "nomination-en.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert 'w:w="23811" w:h="16838" w:orient="landscape"' in xml
    assert xml.count('<wp:extent cx="13320000" cy="8280000"/>') == 2  # 370 x 230 mm
