"""Word sections of the DOCX: one per chapter, one per landscape map page.

The PDF prints the chapter's title in its running header (`string-set: chapter`). Word
could do that with a STYLEREF field, but LibreOffice does not show STYLEREF results, so
every chapter is its own Word section with the title written in its header; a map that
needs a landscape A4 or A3 page gets a section of its own. Blocks are written into
`Chunk.body` while the document is walked; `Sections.finish` then moves them into the
document body with each section's properties (w:sectPr) in its last paragraph.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.parts.hdrftr import FooterPart, HeaderPart
from lxml.etree import _Element as Element

from dossier.render.docx.ooxml import (
    PPR_ORDER,
    SECTPR_ORDER,
    PFmt,
    RFmt,
    el,
    field,
    insert_ordered,
    paragraph,
    qn,
    sub,
    text_run,
)

PORTRAIT = "portrait"  # the reference document's own page
# Landscape pages of maps (print.css `@page map`: 20 mm margins, 18 mm at the bottom,
# plus the 5 mm under the running header's rule).
LANDSCAPE_SIZES = {"a4-landscape": (16838, 11906), "a3-landscape": (23811, 16838)}
_MAP_MARGINS = {"top": 1417, "right": 1134, "bottom": 1020, "left": 1134, "header": 680}


@dataclass(frozen=True)
class Page:
    width: int  # twips
    height: int
    top: int
    right: int
    bottom: int
    left: int
    header: int
    footer: int
    landscape: bool = False

    @property
    def text_width(self) -> int:
        return max(2000, self.width - self.left - self.right)

    @property
    def text_height(self) -> int:
        return max(2000, self.height - self.top - self.bottom)


@dataclass(frozen=True)
class Furniture:
    """What the running header and footer print, and with which styles."""

    short_name: str
    page_word: str
    of_word: str
    illustrative: str  # "" when the dossier is not illustrative
    header_style: str | None
    footer_style: str | None
    mark_style: str | None
    clear_tabs: tuple[int, ...] = ()  # tab stops of the Header/Footer styles, cleared


@dataclass
class Chunk:
    body: Element  # a w:body holding this section's blocks until `finish`
    header: str | None  # the running header's chapter title; None: no header (cover)
    page: str = PORTRAIT
    start: str = "nextPage"  # w:type of the section break before it


def _num(e: Element | None, attr: str, default: int) -> int:
    if e is None:
        return default
    try:
        return abs(int(float(e.get(qn(f"w:{attr}")) or default)))
    except ValueError:
        return default


class Sections:
    """The document's Word sections, in order, and their headers and footers."""

    def __init__(
        self,
        document: DocxDocument,
        base: Element,
        furniture: Furniture,
        *,
        keep_references: bool = False,
    ) -> None:
        self.document = document
        self.base = base
        self.furniture = furniture
        self.keep_references = keep_references
        self.chunks: list[Chunk] = []
        self._headers: dict[tuple[str, str], str] = {}
        self._footers: dict[str, str] = {}
        pg = base.find(qn("w:pgSz"))
        if pg is None:  # a reference without page setup: A4
            pg = insert_ordered(base, el("w:pgSz", {"w:w": "11906", "w:h": "16838"}), SECTPR_ORDER)
        mar = base.find(qn("w:pgMar"))
        self.portrait = Page(
            _num(pg, "w", 11906),
            _num(pg, "h", 16838),
            _num(mar, "top", 1418),
            _num(mar, "right", 1418),
            _num(mar, "bottom", 1418),
            _num(mar, "left", 1418),
            _num(mar, "header", 709),
            _num(mar, "footer", 709),
        )

    # ------------------------------------------------------------ pages

    def page(self, key: str) -> Page:
        size = LANDSCAPE_SIZES.get(key)
        if size is None:
            return self.portrait
        m = _MAP_MARGINS
        return Page(
            size[0],
            size[1],
            m["top"],
            m["right"],
            m["bottom"],
            m["left"],
            m["header"],
            self.portrait.footer,
            landscape=True,
        )

    # ------------------------------------------------------------ chunks

    def open(self, header: str | None, page: str = PORTRAIT, start: str = "nextPage") -> Chunk:
        chunk = Chunk(el("w:body"), header, page, start)
        self.chunks.append(chunk)
        return chunk

    @property
    def current(self) -> Chunk:
        return self.chunks[-1]

    def finish(self) -> None:
        """Move every chunk into the document body; each section's properties go into
        its last paragraph, the last section's into the body's own w:sectPr."""
        chunks = [c for c in self.chunks if len(c.body)] or self.chunks[:1]
        body = self.document.element.body
        final = body.find(qn("w:sectPr"))
        assert final is not None
        body.remove(final)  # `self.base` still holds it: each section's copy is made from it
        for i, chunk in enumerate(chunks):
            sect = self._sect_pr(chunk)
            if i + 1 < len(chunks):
                # its own paragraph, one point high: LibreOffice loses the bookmarks of
                # a paragraph that carries a section break (REF fields then print "")
                brk = paragraph(PFmt())
                ppr = sub(brk, "w:pPr")
                sub(
                    ppr,
                    "w:spacing",
                    {"w:before": "0", "w:after": "0", "w:line": "20", "w:lineRule": "exact"},
                )
                sub(ppr, "w:rPr")
                sub(ppr[-1], "w:sz", {"w:val": "2"})
                insert_ordered(ppr, sect, PPR_ORDER)
                chunk.body.append(brk)
            body.extend(list(chunk.body))
            if i + 1 == len(chunks):
                body.append(sect)

    # ------------------------------------------------------------ section properties

    def _sect_pr(self, chunk: Chunk) -> Element:
        sect = copy.deepcopy(self.base)
        refs = ("w:headerReference", "w:footerReference")
        kept = [copy.deepcopy(e) for t in refs for e in self.base.findall(qn(t))]
        title_pg = self.base.find(qn("w:titlePg"))
        for tag in (*refs, "w:titlePg", "w:type"):
            for e in sect.findall(qn(tag)):
                sect.remove(e)
        insert_ordered(sect, el("w:type", {"w:val": chunk.start}), SECTPR_ORDER)
        if chunk.page != PORTRAIT:
            page = self.page(chunk.page)
            pg = el(
                "w:pgSz",
                {"w:w": str(page.width), "w:h": str(page.height), "w:orient": "landscape"},
            )
            insert_ordered(sect, pg, SECTPR_ORDER)
            mar = sect.find(qn("w:pgMar"))
            attrs = {
                "w:top": page.top,
                "w:right": page.right,
                "w:bottom": page.bottom,
                "w:left": page.left,
                "w:header": page.header,
                "w:footer": page.footer,
                "w:gutter": 0,
            }
            new_mar = el("w:pgMar", {k: str(v) for k, v in attrs.items()})
            if mar is not None:
                sect.replace(mar, new_mar)
            else:
                insert_ordered(sect, new_mar, SECTPR_ORDER)
        if self.keep_references:
            for e in reversed(kept):
                sect.insert(0, e)
            if title_pg is not None:
                insert_ordered(sect, copy.deepcopy(title_pg), SECTPR_ORDER)
            return sect
        if chunk.header is None:
            return sect
        footer = el("w:footerReference", {"w:type": "default", "r:id": self._footer(chunk.page)})
        sect.insert(0, footer)
        header_rid = self._header(chunk.header, chunk.page)
        sect.insert(0, el("w:headerReference", {"w:type": "default", "r:id": header_rid}))
        return sect

    # ------------------------------------------------------------ headers and footers

    def _tabs(self, p: Element, stops: list[tuple[str, int]]) -> None:
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            p.insert(0, ppr)
        tabs = el("w:tabs")
        wanted = {pos for _, pos in stops}
        for pos in self.furniture.clear_tabs:
            if pos not in wanted:
                sub(tabs, "w:tab", {"w:val": "clear", "w:pos": str(pos)})
        for kind, pos in stops:
            sub(tabs, "w:tab", {"w:val": kind, "w:pos": str(pos)})
        insert_ordered(ppr, tabs, PPR_ORDER)

    def _part(self, kind: str) -> tuple[str, Element]:
        part_cls: Any = HeaderPart if kind == "header" else FooterPart
        package = self.document.part.package
        part = part_cls.new(package)
        rid = self.document.part.relate_to(part, RT.HEADER if kind == "header" else RT.FOOTER)
        root = part.element
        for child in list(root):
            root.remove(child)
        return rid, root

    def _header(self, title: str, page_key: str) -> str:
        key = (title, page_key)
        if key in self._headers:
            return self._headers[key]
        f = self.furniture
        rid, root = self._part("header")
        p = paragraph(PFmt(f.header_style))
        root.append(p)
        self._tabs(p, [("right", self.page(page_key).text_width)])
        text_run(p, f.short_name)
        sub(sub(p, "w:r"), "w:tab")
        text_run(p, title)
        self._headers[key] = rid
        return rid

    def _footer(self, page_key: str) -> str:
        if page_key in self._footers:
            return self._footers[page_key]
        f = self.furniture
        rid, root = self._part("footer")
        p = paragraph(PFmt(f.footer_style))
        root.append(p)
        self._tabs(p, [("center", self.page(page_key).text_width // 2)])
        if f.illustrative:
            mark = RFmt(style=f.mark_style) if f.mark_style else RFmt(b=True)
            text_run(p, f.illustrative, mark)
        sub(sub(p, "w:r"), "w:tab")
        text_run(p, f"{f.page_word}\u00a0")
        field(p, "PAGE", "")
        text_run(p, f"\u00a0{f.of_word}\u00a0")
        field(p, "NUMPAGES", "")
        self._footers[page_key] = rid
        return rid
