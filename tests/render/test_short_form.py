"""A short form whose chapters follow one another on the page (the Tentative List entry):
the PDF and the DOCX start a page only where the format says, and their running header
names the document, since a page may hold the end of one chapter and the start of the next."""

from __future__ import annotations

import io
import re
import zipfile

import docx

from dossier.core import model as m
from dossier.render import html
from dossier.render.docx import document as render_docx

T = m.Text
TITLE = "Tentative List submission format"


def short_form() -> m.Document:
    def chapter(ident: str, title: str, new_page: bool) -> m.Section:
        body = [m.Para((T(f"The text of {title.lower()}."),))]
        return m.Section(f"sec-{ident}", "", title, 1, body, page_break=new_page)

    return m.Document(
        doc="tentative-list",
        lang="en",
        profile="annex2a-2023",
        title=TITLE,
        property_name="Ustyurt",
        short_name="Ustyurt",
        states_parties=["Kazakhstan"],
        region="Mangystau",
        date="2025-09-24",
        date_text="24 September 2025",
        category="mixed",
        illustrative=False,
        cover_lines=[],
        sections=[
            chapter("tl-identification", "Identification", True),
            chapter("tl-description", "Description", False),
            chapter("tl-justification", "Justification", False),
        ],
        labels={"figure": "Figure", "table": "Table", "page_word": "Page", "of": "of"},
    )


def test_print_starts_a_page_and_sets_the_running_header_once() -> None:
    text = html.render(short_form(), for_pdf=True)
    assert len(re.findall(r'<section class="sec sec-l1[^"]*\bchapter\b', text)) == 1
    assert re.findall(r'data-running="([^"]*)"', text) == [TITLE]


def test_docx_keeps_flowing_chapters_in_one_word_section() -> None:
    data = render_docx.render(short_form())
    d = docx.Document(io.BytesIO(data))
    heads = [s.header.paragraphs[0].text.split("\t")[-1] for s in d.sections]
    assert heads[-1] == TITLE
    assert "Description" not in heads and "Justification" not in heads
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
    # the chapters after the first neither break the page nor open a Word section
    for title in ("Description", "Justification"):
        p = body[: body.index(f"<w:t>{title}</w:t>")].rsplit("<w:p>", 1)[-1]
        assert "pageBreakBefore" not in p
