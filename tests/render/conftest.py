"""Fixtures of the renderer tests: the minimal dossier's model and PDF (built once), and a
tiny hand-made model that uses every kind of block (fast to lay out).

The golden-file fixture (`golden`, option --update-golden) comes from tests/conftest.py.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "cases" / "valid" / "minimal"
EXAMPLE = ROOT / "examples" / "ustyurt"


def png_bytes() -> bytes:
    """A small deterministic PNG (Pillow writes no timestamp)."""
    import io

    from PIL import Image

    img = Image.new("RGB", (40, 20), (180, 40, 30))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@dataclass
class Rendered:
    pdf: bytes
    path: Path
    diagnostics: list[Diagnostic]

    def text(self, *, first: int | None = None, last: int | None = None) -> str:
        args = ["pdftotext", "-enc", "UTF-8"]
        if first is not None:
            args += ["-f", str(first)]
        if last is not None:
            args += ["-l", str(last)]
        return subprocess.run(
            [*args, str(self.path), "-"], capture_output=True, text=True, check=True
        ).stdout


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (poppler-utils)")


@pytest.fixture(scope="session")
def minimal_doc() -> m.Document:
    from dossier.assemble import document as assemble
    from dossier.load import sources

    return assemble.build_document(sources.load(MINIMAL), "nomination", "en")


@pytest.fixture(scope="session")
def minimal_pdf(minimal_doc: m.Document, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    from dossier.render import pdf

    data, diagnostics = pdf.render_with_diagnostics(minimal_doc, root=MINIMAL)
    path = tmp_path_factory.mktemp("pdf") / "minimal.pdf"
    path.write_bytes(data)
    return Rendered(data, path, diagnostics)


def T(text: str) -> tuple[m.Inline, ...]:
    return (m.Text(text),)


def tiny_doc(
    root: Path, *, title: str = "Tiny property", extra: tuple[m.Block, ...] = ()
) -> m.Document:
    """A small but complete model; writes media/photo.png into `root`."""
    (root / "media").mkdir(parents=True, exist_ok=True)
    image = root / "media" / "photo.png"
    image.write_bytes(png_bytes())
    fig = m.Figure(
        "photo",
        1,
        T("A view of the ramparts"),
        "Ramparts seen from the north",
        path=image,
        credit="Anna Smith",
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
        '<rect width="200" height="100" fill="#eee"/>'
        '<text x="10" y="50" font-family="Arial">Қазақстан 43°13′44″ N</text></svg>'
    )
    fig2 = m.Figure("map", 2, T("Location map"), "Location map", svg=svg)
    table = m.Table(
        (m.Cell(T("Name"), header=True), m.Cell(T("Area (ha)"), "right", True)),
        ((m.Cell(T("Fort")), m.Cell(T("12.5"), "right")),),
        id="areas",
        number=1,
        caption=T("Areas"),
    )
    kv = m.Table(
        (m.Cell((), header=True), m.Cell((), header=True)),
        ((m.Cell(T("Name"), header=True), m.Cell(T("Jean Martin"))),),
        id="contact",
        number=2,
        caption=T("Contact details"),
        kind="keyvalue",
    )
    para = m.Para(
        (
            m.Text("The fort is described in detail "),
            m.Citation(0, ("smith2020",)),
            m.Text(" and shown in "),
            m.XRef("fig", "fig-photo"),
            m.Text(" and "),
            m.XRef("tbl", "tbl-areas"),
            m.Text("; see also "),
            m.XRef("sec", "sec-1.a"),
            m.Text("."),
            m.FootnoteRef(1),
            m.Text(" Ramparts "),
            m.Styled("i", T("in situ")),
            m.Text(" — Kazakh: әғқңөұүһі, French: œuvre « élevée »."),
            m.FootnoteRef(1),
        )
    )
    summary = m.Section(
        "sec-executive-summary",
        "",
        "Executive Summary",
        1,
        [m.Para(T("Summary text."))],
        page_break=True,
        required=True,
    )
    s1a = m.Section(
        "sec-1.a",
        "1.a",
        "Country",
        2,
        [
            para,
            m.Heading(3, T("Details")),
            fig,
            table,
            kv,
            m.Para(T("Texte en français."), "fr"),
            *extra,
        ],
    )
    s1b = m.Section(
        "sec-1.b",
        "1.b",
        "Region",
        2,
        [m.Notice("missing", "Not provided: this required section has no content yet.")],
        status="missing",
        required=True,
    )
    s1c = m.Section(
        "sec-1.c",
        "1.c",
        "Maps",
        2,
        [fig2, m.ListBlock(False, ((m.Para(T("one")),), (m.Para(T("two")),)))],
    )
    s1 = m.Section(
        "sec-1", "1", "Identification of the Property", 1, [], [s1a, s1b, s1c], page_break=True
    )
    s7 = m.Section("sec-7.e", "7.e", "Bibliography", 2, [m.Notice("bibliography", "")])
    s7p = m.Section("sec-7", "7", "Documentation", 1, [], [s7], page_break=True)
    from dossier.formats import profiles as formats

    labels = formats.labels("en")
    return m.Document(
        doc="nomination",
        lang="en",
        profile="annex5-2023",
        title="Nomination of a property for inscription on the World Heritage List",
        property_name=title,
        short_name="Tiny",
        states_parties=["France"],
        region="Example Region",
        date="2026-01-15",
        date_text="15 January 2026",
        category="cultural",
        illustrative=True,
        cover_lines=[("State Party", "France"), ("Date", "15 January 2026")],
        sections=[summary, s1, s7p],
        figures=[fig, fig2],
        tables=[table, kv],
        footnotes=[m.Footnote(1, (m.Para(T("A footnote about the fort.")),))],
        bibliography=[
            m.BibEntry(
                "smith2020", (m.Text("Smith, Anna. 2020. "), m.Styled("i", T("The Hill Forts")))
            )
        ],
        labels=labels,
        anchors={
            "fig-photo": "Figure 1",
            "fig-map": "Figure 2",
            "tbl-areas": "Table 1",
            "tbl-contact": "Table 2",
            "sec-1.a": "Section 1.a",
            "sec-1": "Section 1",
        },
        citations=[(m.Text("(Smith 2020)"),)],
        keywords=[],
    )
