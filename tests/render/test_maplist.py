"""The maps listed under the heading they follow, in the PDF (print HTML) and the DOCX.

Section 1.e of a nomination prints a map that the Executive Summary printed first as a
reference paragraph ("Figure 1: The nominated property"); it belongs to 1.e's list of
maps, in figure order, and must not be left between two landscape map pages (where the
DOCX put it on a portrait page of its own).
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from dossier.core import model as m
from dossier.render import html
from dossier.render.docx import document as render_docx

T = m.Text
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    '<rect x="10" y="10" width="180" height="80" fill="#4a7"/></svg>'
)


def _map(ident: str, number: int, caption: str) -> m.Figure:
    return m.Figure(ident, number, (T(caption),), caption, svg=SVG)


def map_document() -> m.Document:
    overview = _map("map-overview", 1, "The nominated property")
    location = _map("map-location", 2, "Location in the State Party")
    component = _map("map-001", 3, "Component 001")
    summary = m.Section(
        "sec-executive-summary",
        "",
        "Executive Summary",
        1,
        [m.Para((T("Summary text."),)), m.Heading(1, (T("Maps of the property"),)), overview],
        page_break=True,
        front=True,
    )
    again = m.Para((m.XRef("fig", "fig-map-overview"), T(": "), T("The nominated property")))
    maps = m.Section("sec-1.e", "1.e", "Maps and plans", 2, [location, again, component])
    ident = m.Section("sec-1", "1", "Identification", 1, [], [maps], page_break=True)
    return m.Document(
        doc="nomination",
        lang="en",
        profile="annex5-2023",
        title="Nomination for inscription on the World Heritage List",
        property_name="Ustyurt",
        short_name="Ustyurt",
        states_parties=["Kazakhstan"],
        region="Mangystau",
        date="2025-09-24",
        date_text="24 September 2025",
        category="mixed",
        illustrative=False,
        cover_lines=[],
        sections=[summary, ident],
        figures=[overview, location, component],
        labels={"figure": "Figure", "table": "Table", "page_word": "Page", "of": "of"},
        anchors={
            "fig-map-overview": "Figure 1",
            "fig-map-location": "Figure 2",
            "fig-map-001": "Figure 3",
            "sec-1": "Section 1",
            "sec-1.e": "Section 1.e",
        },
    )


def _section_html(text: str, ident: str) -> str:
    start = text.index(f'id="{ident}"')
    end = text.find("</section>", start)
    return text[start:end]


def test_print_lists_an_earlier_map_with_the_maps_of_its_section() -> None:
    text = html.render(map_document(), for_pdf=True)
    sec = _section_html(text, "sec-1.e")
    lists = re.findall(r'<p class="map-list">(.*?)</p>', sec, re.S)
    assert len(lists) == 1
    targets = re.findall(r'href="#(fig-[\w-]+)"', lists[0])
    assert targets == ["fig-map-overview", "fig-map-location", "fig-map-001"]  # figure order
    # the reference is printed once, in the list, not again between the map pages
    assert sec.count('href="#fig-map-overview"') == 1


def test_screen_keeps_the_reference_in_place() -> None:
    sec = _section_html(html.render(map_document(), for_pdf=False), "sec-1.e")
    assert 'class="map-list"' not in sec
    assert sec.count('href="#fig-map-overview"') == 1


def _paragraphs(docx_bytes: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for p in root.iter(f"{{{W}}}p"):
        parts = []
        for e in p.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}instrText"):
            if e.tag == f"{{{W}}}br":
                parts.append("|")
            elif e.tag == f"{{{W}}}instrText":
                mo = re.match(r"\s*REF (\S+)", e.text or "")
                parts.append(f"<{mo.group(1)}>" if mo else "")
            else:
                parts.append(e.text or "")
        out.append("".join(parts))
    return out


def test_docx_lists_an_earlier_map_with_the_maps_of_its_section() -> None:
    paras = _paragraphs(render_docx.render(map_document()))
    heading = next(i for i, p in enumerate(paras) if p == "1.e Maps and plans")
    listed = paras[heading + 1]
    assert listed.index("<_Ref_fig_map_overview>") < listed.index("<_Ref_fig_map_location>")
    assert listed.index("<_Ref_fig_map_location>") < listed.index("<_Ref_fig_map_001>")
    # no paragraph of its own for the earlier map after the heading (a portrait page
    # between two landscape maps)
    after = paras[heading + 2 :]
    assert not any("<_Ref_fig_map_overview>" in p for p in after)
