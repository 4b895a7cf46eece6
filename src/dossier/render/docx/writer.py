"""The document model -> WordprocessingML: cover, contents, sections, blocks, inlines.

One Writer renders one Document into a python-docx document opened on the reference
template (package.open_base). It only appends XML and parts; it never reads the
dossier's sources, the clock or the environment.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.parts.image import ImagePart
from lxml.etree import _Element as Element

from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.render import problem
from dossier.render.docx import package as pkg
from dossier.render.docx import pages
from dossier.render.docx.ooxml import (
    PPR_ORDER,
    SECTPR_ORDER,
    Bookmarks,
    PFmt,
    RFmt,
    add_text,
    el,
    field,
    field_begin,
    field_end,
    insert_ordered,
    paragraph,
    qn,
    run,
    sub,
    text_run,
    wrap_bookmark,
)
from dossier.render.raster import SVG_DPI, svg_to_png

EMU_PER_TWIP = 635
EMU_PER_MM = 36000
# SEQ identifiers are fixed (the TOC \c switch names them); the printed label is localised.
SEQ_FIGURE = "Figure"
SEQ_TABLE = "Table"
TOC_LEVELS = 3
SAFE_SCHEMES = ("http", "https", "mailto", "ftp", "tel")


@dataclass(frozen=True)
class Ctx:
    """Where blocks are being written."""

    part: Any  # the python-docx part that owns relationships (document or footnotes)
    para_style: str | None  # styleId of ordinary paragraphs here
    section_level: int = 0  # level of the enclosing official section (0: none)
    headings: bool = True  # prose headings become Heading n (False in notes, cells, lists)
    list_level: int = -1
    in_note: bool = False


class Writer:
    def __init__(self, doc: m.Document, document: DocxDocument, root: Path | None = None) -> None:
        self.doc = doc
        self.root = root.resolve() if root is not None else None
        self.diagnostics: list[Diagnostic] = []
        self.document = document
        self.part = document.part
        self.styles = pkg.StyleBook(document.styles.element)
        self.numbering = pkg.NumberingBook(document)
        self.notes = pkg.FootnotesBook(document)
        self.bm = Bookmarks()
        self.next_docpr = 1
        self.lang = pkg.lang_tag(doc.lang) or "en-GB"
        self.footnotes = {f.number: f for f in doc.footnotes}
        self.noted: set[int] = set()
        self.unresolved: set[str] = set()
        self.toc: list[tuple[int, str, str]] = []  # (level, text, bookmark)
        self.fig_list: list[tuple[str, str]] = []  # (text, bookmark)
        self.tbl_list: list[tuple[str, str]] = []
        self.sections = {s.id: s for s in doc.all_sections()}
        self.figures: list[m.Figure] = []
        self.page_runs: list[pages.Run] = []  # maps printed at their size, on their page
        self.placed = self._placed_targets()
        self.bib_keys = {e.key for e in doc.bibliography}
        sect = document.element.body.find(qn("w:sectPr"))
        assert sect is not None
        self.sect_pr: Element = sect
        width, height = self._text_box()
        self.text_width = width  # twips
        self.text_height = height
        self._last: tuple[Element, RFmt, Element] | None = None
        self.rasters = self._rasterise()
        self.images: dict[str, tuple[str, DocxImage]] = {}
        self.media_count = 0
        package = document.part.package
        assert package is not None
        self.partnames = {str(p.partname) for p in package.iter_parts()}

    # ------------------------------------------------------------ setup

    def _text_box(self) -> tuple[int, int]:
        pg = self.sect_pr.find(qn("w:pgSz"))
        mar = self.sect_pr.find(qn("w:pgMar"))
        if pg is None:
            pg = insert_ordered(
                self.sect_pr, el("w:pgSz", {"w:w": "11906", "w:h": "16838"}), SECTPR_ORDER
            )
        if mar is None:
            mar = insert_ordered(
                self.sect_pr,
                el(
                    "w:pgMar",
                    {
                        "w:top": "1418",
                        "w:right": "1418",
                        "w:bottom": "1418",
                        "w:left": "1418",
                        "w:header": "709",
                        "w:footer": "709",
                        "w:gutter": "0",
                    },
                ),
                SECTPR_ORDER,
            )

        def num(e: Element, attr: str, default: int) -> int:
            try:
                return abs(int(float(e.get(qn(f"w:{attr}")) or default)))
            except ValueError:
                return default

        width = (
            num(pg, "w", 11906)
            - num(mar, "left", 1418)
            - num(mar, "right", 1418)
            - num(mar, "gutter", 0)
        )
        height = num(pg, "h", 16838) - num(mar, "top", 1418) - num(mar, "bottom", 1418)
        return max(width, 2000), max(height, 2000)

    def _placed_targets(self) -> set[str]:
        """Anchors that will carry a bookmark (REF fields only point at those); collects
        the figures on the way, for rasterising their SVGs up front."""
        out: set[str] = set()

        def walk(blocks: Iterable[m.Block]) -> None:
            for b in blocks:
                if isinstance(b, m.Figure):
                    out.add(f"fig-{b.id}")
                    self.figures.append(b)
                elif isinstance(b, m.Table) and b.id is not None:
                    out.add(f"tbl-{b.id}")
                elif isinstance(b, m.ListBlock):
                    for item in b.items:
                        walk(item)
                elif isinstance(b, m.Quote):
                    walk(b.blocks)

        for s in self.doc.all_sections():
            out.add(s.id)
            walk(s.blocks)
        return out

    def sid(self, *names: str) -> str | None:
        return self.styles.id(*names)

    # ------------------------------------------------------------ document

    def write(self) -> None:
        self.styles.set_default_language(self.lang)
        body = el("w:body")
        ctx = Ctx(self.part, self.sid("Body Text"))
        self.cover(body)
        front_at = len(body)
        for s in self.doc.sections:
            self.section(body, s, ctx)
        front = el("w:body")
        self.front_matter(front)
        for i, e in enumerate(list(front)):
            body.insert(front_at + i, e)
        for e in list(body):
            self.sect_pr.addprevious(e)
        self.headers_footers()
        pages.apply(self.page_runs, self.sect_pr)
        pkg.finish_settings(self.document, footnotes=self.notes.root)

    def cover(self, body: Element) -> None:
        d = self.doc
        if d.illustrative:
            p = sub_p(body, PFmt(self.sid("Notice Illustrative")))
            self.inlines(
                p,
                (m.Text(d.labels.get("illustrative_notice", "Illustrative dossier")),),
                RFmt(),
                self._ctx_body(),
            )
        p = sub_p(body, PFmt(self.sid("Title")))
        text_run(p, d.property_name)
        if d.title:
            p = sub_p(body, PFmt(self.sid("Subtitle")))
            text_run(p, d.title)
        lines = [(k, v) for k, v in d.cover_lines if v]
        values = {v for _, v in lines}
        sps = ", ".join(d.states_parties)
        if sps and sps not in values:
            key = "states_parties" if len(d.states_parties) > 1 else "state_party"
            lines.insert(0, (d.labels.get(key, ""), sps))
        if d.date_text and d.date_text not in values:
            lines.append((d.labels.get("cover_date", ""), d.date_text))
        style = self.sid("Cover Line")
        for label, value in lines:
            p = sub_p(body, PFmt(style))
            if label:
                # French puts a no-break space before the colon
                colon = "\u00a0: " if self.doc.lang == "fr" else ": "
                text_run(p, f"{label}{colon}", RFmt(b=True))
            text_run(p, value)

    def front_matter(self, body: Element) -> None:
        d = self.doc
        heading = self.sid("TOC Heading")
        p = sub_p(body, PFmt(heading, page_break_before=True))
        text_run(p, d.labels.get("contents", "Contents"))
        entries = [(lvl, text, bm, self.sid(f"toc {lvl}")) for lvl, text, bm in self.toc]
        self._toc_field(body, f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u', entries)
        lists = (
            (self.fig_list, "list_of_figures", "List of figures", SEQ_FIGURE),
            (self.tbl_list, "list_of_tables", "List of tables", SEQ_TABLE),
        )
        first = True
        for items, key, default, seq in lists:
            if not items:
                continue
            p = sub_p(body, PFmt(heading, page_break_before=first))
            first = False
            text_run(p, d.labels.get(key, default))
            tof = self.sid("table of figures")
            self._toc_field(body, f'TOC \\h \\z \\c "{seq}"', [(1, t, b, tof) for t, b in items])

    def _toc_field(
        self, body: Element, instr: str, entries: list[tuple[int, str, str, str | None]]
    ) -> None:
        """A TOC field pre-filled with its entries (text and a link to the heading; the
        page numbers are PAGEREF fields Word and LibreOffice compute)."""
        if not entries:
            p = sub_p(body, PFmt())
            field_begin(p, instr)
            field_end(p)
            return
        for i, (_, text, bm, style) in enumerate(entries):
            p = sub_p(body, PFmt(style))
            if i == 0:
                field_begin(p, instr)
            link = sub(p, "w:hyperlink", {"w:anchor": bm, "w:history": "1"})
            text_run(link, text)
            sub(run(link), "w:tab")
            field(link, f"PAGEREF {bm} \\h", "")
        p = sub_p(body, PFmt())
        field_end(p)

    def headers_footers(self) -> None:
        d = self.doc
        section = self.document.sections[-1]
        section.different_first_page_header_footer = True
        even = self.document.settings.odd_and_even_pages_header_footer
        headers = [section.header] + ([section.even_page_header] if even else [])
        footers = [section.footer] + ([section.even_page_footer] if even else [])
        for hf in (section.first_page_header, section.first_page_footer, *headers, *footers):
            hf.is_linked_to_previous = False
            root = hf.part.element
            for child in list(root):
                root.remove(child)
        for hf in (section.first_page_header, section.first_page_footer):
            sub_p(hf.part.element, PFmt())  # the cover: nothing, not even the header's rule
        for h in headers:
            p = sub_p(h.part.element, PFmt(self.sid("Header")))
            text_run(p, d.short_name or d.property_name)
        for f in footers:
            p = sub_p(f.part.element, PFmt(self.sid("Footer")))
            text_run(p, f"{d.labels.get('page_word', 'Page')} ")
            field(p, "PAGE", "")
            text_run(p, f" {d.labels.get('of', 'of')} ")
            field(p, "NUMPAGES", "")

    # ------------------------------------------------------------ sections

    def _ctx_body(self) -> Ctx:
        return Ctx(self.part, self.sid("Body Text"))

    def section(self, body: Element, s: m.Section, ctx: Ctx) -> None:
        level = max(1, min(s.level, 9))
        style = self.sid(f"Heading {level}")
        p = sub_p(body, PFmt(style, page_break_before=True if s.page_break else None))
        if style and self.styles.has_numbering(style):
            self._no_numbering(p)
        if s.number:
            # the number alone is what a cross-reference ("Section {REF}") prints
            num_run = text_run(p, s.number)
            wrap_bookmark(p, [num_run], self.bm.new_id(), self.bm.name("_Ref", s.id))
            if s.title:
                text_run(p, f" {s.title}")
        else:
            text_run(p, s.title)
        toc_bm = self.bm.name("_Toc", s.id)
        wrap_bookmark(p, [r for r in p if r.tag != qn("w:pPr")], self.bm.new_id(), toc_bm)
        if level <= TOC_LEVELS:
            self.toc.append((level, s.heading, toc_bm))
        inner = replace(ctx, section_level=level)
        self.blocks(body, s.blocks, inner)
        for child in s.children:
            self.section(body, child, ctx)

    def _no_numbering(self, p: Element) -> None:
        ppr = p.find(qn("w:pPr"))
        assert ppr is not None
        num_pr = el("w:numPr")
        sub(num_pr, "w:numId", {"w:val": "0"})
        insert_ordered(ppr, num_pr, PPR_ORDER)

    # ------------------------------------------------------------ blocks

    def blocks(self, container: Element, blocks: Iterable[m.Block], ctx: Ctx) -> None:
        for b in blocks:
            self.block(container, b, ctx)

    def block(self, container: Element, b: m.Block, ctx: Ctx) -> None:
        if isinstance(b, m.Para):
            p = sub_p(container, PFmt(ctx.para_style))
            self.inlines(p, b.inlines, self._lang_fmt(b.lang), ctx)
        elif isinstance(b, m.Heading):
            self.heading(container, b, ctx)
        elif isinstance(b, m.ListBlock):
            self.list_block(container, b, ctx)
        elif isinstance(b, m.Quote):
            self.blocks(
                container, b.blocks, replace(ctx, para_style=self.sid("Block Text"), headings=False)
            )
        elif isinstance(b, m.CodeBlock):
            p = sub_p(container, PFmt(self.sid("Source Code")))
            r = run(p)
            add_text(r, b.text)
        elif isinstance(b, m.Table):
            self.table(container, b, ctx)
        elif isinstance(b, m.Figure):
            self.figure(container, b, ctx)
        elif isinstance(b, m.Notice):
            self.notice(container, b, ctx)
        elif isinstance(b, m.PageBreak):
            p = sub_p(container, PFmt())
            sub(run(p), "w:br", {"w:type": "page"})

    def _lang_fmt(self, lang: str | None) -> RFmt:
        tag = pkg.lang_tag(lang)
        return RFmt(lang=tag) if tag and tag != self.lang else RFmt()

    def heading(self, container: Element, b: m.Heading, ctx: Ctx) -> None:
        if not ctx.headings or ctx.in_note:
            p = sub_p(container, PFmt(ctx.para_style, keep_next=True))
            self.inlines(p, b.inlines, RFmt(b=True), ctx)
            return
        level = max(1, min(ctx.section_level + b.level, 9))
        style = self.sid(f"Heading {level}")
        p = sub_p(container, PFmt(style))
        if style and self.styles.has_numbering(style):
            self._no_numbering(p)
        self.inlines(p, b.inlines, RFmt(), ctx)
        if level <= TOC_LEVELS:
            bm = self.bm.name("_Toc", f"h{self.bm.next_id}")
            wrap_bookmark(p, [r for r in p if r.tag != qn("w:pPr")], self.bm.new_id(), bm)
            self.toc.append((level, m.plain_text(b.inlines, self.doc), bm))

    def list_block(self, container: Element, lb: m.ListBlock, ctx: Ctx) -> None:
        level = min(ctx.list_level + 1, 8)
        num_id = self.numbering.ordered(level, lb.start) if lb.ordered else self.numbering.bullets()
        style = self.sid("List Paragraph")
        inner = replace(ctx, list_level=level, headings=False, para_style=style)
        for item in lb.items:
            first = True
            for b in item:
                if first and isinstance(b, m.Para):
                    p = sub_p(container, PFmt(style, num=(num_id, level)))
                    self.inlines(p, b.inlines, self._lang_fmt(b.lang), inner)
                elif isinstance(b, m.Para):
                    p = sub_p(container, PFmt(style, ind_left=self.numbering.indent(level)))
                    self.inlines(p, b.inlines, self._lang_fmt(b.lang), inner)
                else:
                    if first:  # the item starts with a nested list or a table: number it anyway
                        sub_p(container, PFmt(style, num=(num_id, level)))
                    self.block(container, b, inner)
                first = False
            if not item:
                sub_p(container, PFmt(style, num=(num_id, level)))

    def notice(self, container: Element, b: m.Notice, ctx: Ctx) -> None:
        if b.kind == "bibliography":
            self.bibliography(container, ctx)
            return
        names = {
            "missing": "Notice Missing",
            "not-applicable": "Notice Not Applicable",
            "illustrative": "Notice Illustrative",
        }
        style = self.sid(names.get(b.kind, "Notice Note"))
        p = sub_p(container, PFmt(style))
        text_run(p, b.text)

    def bibliography(self, container: Element, ctx: Ctx) -> None:
        style = self.sid("Bibliography")
        if not self.doc.bibliography:
            p = sub_p(container, PFmt(ctx.para_style))
            text_run(p, self.doc.labels.get("bibliography_empty", "No bibliography is given."))
            return
        for entry in self.doc.bibliography:
            p = sub_p(container, PFmt(style))
            self.inlines(p, entry.inlines, RFmt(), ctx)
            kids = [k for k in p if k.tag != qn("w:pPr")]
            wrap_bookmark(p, kids[:1], self.bm.new_id(), self.bm.name("_Bib", entry.key))

    # ------------------------------------------------------------ captions, tables, figures

    def caption(
        self,
        p: Element,
        label: str,
        seq: str,
        number: int,
        anchor: str,
        caption: Sequence[m.Inline],
        ctx: Ctx,
    ) -> str:
        """'Figure {SEQ Figure}. caption' with a bookmark around label and number, which
        cross-references (REF fields) point at."""
        start = len(p)
        text_run(p, f"{label} ")
        field(p, f"SEQ {seq} \\* ARABIC", str(number))
        bm = self.bm.name("_Ref", anchor)
        wrap_bookmark(p, list(p)[start:], self.bm.new_id(), bm)
        if caption:
            text_run(p, ". ")
            self.inlines(p, caption, RFmt(), ctx)
        return bm

    def table(self, container: Element, t: m.Table, ctx: Ctx) -> None:
        cap_ctx = replace(ctx, headings=False)
        if t.number is not None and t.id is not None:
            p = sub_p(container, PFmt(self.sid("Table Caption"), keep_next=True))
            label = self.doc.labels.get("table", "Table")
            bm = self.caption(p, label, SEQ_TABLE, t.number, f"tbl-{t.id}", t.caption, cap_ctx)
            text = f"{label} {t.number}" + (
                f". {m.plain_text(t.caption, self.doc)}" if t.caption else ""
            )
            self.tbl_list.append((text, bm))
        has_header = any(c.inlines for c in t.header)
        ncols = max([len(t.header)] + [len(r) for r in t.rows] + [1])
        if not t.rows and not has_header:
            return
        widths = list(t.widths[:ncols]) if len(t.widths) >= ncols else []
        if not widths or sum(widths) <= 0:
            widths = [1.0] * ncols
        total = sum(widths)
        cols = [max(200, int(self.text_width * w / total)) for w in widths]
        keyvalue = t.kind == "keyvalue"

        tbl = sub(container, "w:tbl")
        tpr = sub(tbl, "w:tblPr")
        style = self.sid("Table", "Dossier Table")  # pandoc's name first
        if style:
            sub(tpr, "w:tblStyle", {"w:val": style})
        sub(tpr, "w:tblW", {"w:w": "5000", "w:type": "pct"})
        if t.widths:
            sub(tpr, "w:tblLayout", {"w:type": "fixed"})
        first_row = has_header
        first_col = keyvalue
        look = 0x0600 | (0x0020 if first_row else 0) | (0x0080 if first_col else 0)
        sub(
            tpr,
            "w:tblLook",
            {
                "w:val": f"{look:04X}",
                "w:firstRow": "1" if first_row else "0",
                "w:lastRow": "0",
                "w:firstColumn": "1" if first_col else "0",
                "w:lastColumn": "0",
                "w:noHBand": "1",
                "w:noVBand": "1",
            },
        )
        grid = sub(tbl, "w:tblGrid")
        for w in cols:
            sub(grid, "w:gridCol", {"w:w": str(w)})
        cell_ctx = replace(ctx, para_style=self.sid("Compact"), headings=False)
        if has_header:
            self._row(tbl, t.header, cols, cell_ctx, header=True)
        for row in t.rows:
            self._row(tbl, row, cols, cell_ctx, header=False)
        # a paragraph after the table keeps two tables (or a table and a heading) apart
        sub_p(container, PFmt(ctx.para_style if not ctx.in_note else None))

    def _row(
        self, tbl: Element, cells: Sequence[m.Cell], cols: list[int], ctx: Ctx, *, header: bool
    ) -> None:
        tr = sub(tbl, "w:tr")
        trpr = sub(tr, "w:trPr")
        sub(trpr, "w:cantSplit")
        if header:
            sub(trpr, "w:tblHeader")
        for i, w in enumerate(cols):
            c = cells[i] if i < len(cells) else m.Cell(())
            tc = sub(tr, "w:tc")
            tcpr = sub(tc, "w:tcPr")
            sub(tcpr, "w:tcW", {"w:w": str(w), "w:type": "dxa"})
            jc = {"left": "left", "right": "right", "center": "center"}.get(c.align or "")
            p = sub_p(tc, PFmt(ctx.para_style, jc=jc, keep_next=header))
            self.inlines(p, c.inlines, RFmt(b=header or c.header), ctx)

    def figure(self, container: Element, f: m.Figure, ctx: Ctx) -> None:
        p = sub_p(container, PFmt(self.sid("Captioned Figure"), keep_next=True, jc="center"))
        image = self._image_bytes(f)
        drawn = False
        if image is not None and not ctx.in_note:
            try:
                self._drawing(p, image, f)
                drawn = True
            except Exception:  # python-docx could not read what Pillow wrote: say so
                self._problem(
                    "render.image-unreadable", f"image of figure {f.id!r} cannot be embedded", f
                )
        if not drawn:  # keep the place, the caption and the numbering; say what is missing
            what = f.path.name if f.path is not None else f"figure {f.number}"
            text_run(p, f"[{what}]")
        cap = sub_p(container, PFmt(self.sid("Image Caption")))
        label = self.doc.labels.get("figure", "Figure")
        bm = self.caption(
            cap, label, SEQ_FIGURE, f.number, f"fig-{f.id}", f.caption, replace(ctx, headings=False)
        )
        text = f"{label} {f.number}" + (
            f". {m.plain_text(f.caption, self.doc)}" if f.caption else ""
        )
        self.fig_list.append((text, bm))
        last = cap
        if f.credit:
            cp = sub_p(container, PFmt(self.sid("Image Credit")))
            text_run(cp, f.credit)
            last = cp
        if drawn and f.page in pages.PAGES and container.tag == qn("w:body"):
            self.page_runs.append(pages.Run(p, last, f.page))

    # ------------------------------------------------------------ images

    def _shown(self, path: Path) -> str:
        if self.root is not None:
            try:
                return path.resolve().relative_to(self.root).as_posix()
            except (ValueError, OSError):
                pass
        return path.name

    def _problem(self, rule: str, message: str, f: m.Figure, hint: str | None = None) -> None:
        shown = self._shown(f.path) if f.path is not None else None
        self.diagnostics.append(problem(rule, message, file=shown, hint=hint))

    def _source(self, f: m.Figure) -> tuple[str, bytes] | None:
        """('svg' | 'raster', bytes) of a figure, or None after recording why not."""
        if f.svg is not None:
            return "svg", f.svg.encode("utf-8")
        if f.path is None:
            self._problem("render.image-unreadable", f"figure {f.id!r} has no image", f)
            return None
        path = Path(f.path)
        if self.root is not None:
            try:
                path.resolve().relative_to(self.root)
            except (ValueError, OSError):
                self._problem(
                    "render.resource-refused",
                    f"image of figure {f.id!r} is outside the dossier folder; it was not embedded",
                    f,
                    hint="Copy the image into the dossier folder and refer to it there.",
                )
                return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._problem(
                "render.resource-missing",
                f"image of figure {f.id!r} cannot be read: {exc.strerror or exc}",
                f,
            )
            return None
        head = data[:512].lstrip()
        if path.suffix.lower() in (".svg", ".svgz") or head.startswith(
            (b"<svg", b"<?xml", b"\x1f\x8b")
        ):
            return "svg", data
        return "raster", data

    def _rasterise(self) -> dict[int, bytes | None]:
        """PNGs of every SVG figure, made concurrently (cairo, numpy and zlib release the
        GIL); the result does not depend on the order the threads finish in."""
        text_px = int(self.text_width / 1440 * SVG_DPI)
        sources = {id(f): self._source(f) for f in self.figures}
        out: dict[int, bytes | None] = {}
        jobs: list[tuple[int, bytes, int]] = []
        for f in self.figures:
            key, src = id(f), sources[id(f)]
            if src is None:
                out[key] = None
            elif src[0] == "svg":
                # a map is rasterised for the size it is printed at (300 dpi on paper)
                size = f.print_size_mm
                width_px = round(size[0] / 25.4 * SVG_DPI) if size else text_px
                jobs.append((key, src[1], width_px))
            else:
                out[key] = self._raster(src[1], f)

        def one(job: tuple[int, bytes, int]) -> bytes | None:
            try:
                return svg_to_png(job[1], job[2])
            except Exception:  # a broken SVG: reported below, the build goes on
                return None

        workers = min(4, os.cpu_count() or 1, len(jobs))
        if workers <= 1:
            results = [one(job) for job in jobs]
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(one, jobs))
        for (key, _, _), png in zip(jobs, results, strict=True):
            out[key] = png
            if png is None:
                f = next(f for f in self.figures if id(f) == key)
                self._problem(
                    "render.image-unreadable", f"SVG of figure {f.id!r} cannot be drawn", f
                )
        return out

    def _raster(self, data: bytes, f: m.Figure) -> bytes | None:
        """A PNG, JPEG, GIF, BMP or TIFF as it is; anything else Pillow reads (WebP...)
        converted to PNG; None (and an error) otherwise."""
        try:
            DocxImage.from_blob(data)
            return data
        except Exception:
            pass
        try:
            from PIL import Image

            with Image.open(io.BytesIO(data)) as im:
                im.load()
                rgb = im if im.mode in ("RGB", "RGBA", "L", "LA", "P") else im.convert("RGB")
                out = io.BytesIO()
                rgb.save(out, "PNG")
                return out.getvalue()
        except Exception:
            self._problem(
                "render.image-unreadable",
                f"image of figure {f.id!r} is not an image Word can show",
                f,
                hint="Convert it to PNG or JPEG.",
            )
            return None

    def _image_bytes(self, f: m.Figure) -> bytes | None:
        return self.rasters.get(id(f))

    def _image(self, data: bytes) -> tuple[str, DocxImage]:
        """The relationship id and image of `data`, one media part per distinct image,
        named image1.png, image2.jpeg ... in document order."""
        key = hashlib.sha1(data).hexdigest()
        if key in self.images:
            return self.images[key]
        image = DocxImage.from_blob(data)
        self.media_count += 1
        name = f"/word/media/image{self.media_count}.{image.ext}"
        while name in self.partnames:
            self.media_count += 1
            name = f"/word/media/image{self.media_count}.{image.ext}"
        self.partnames.add(name)
        part = ImagePart.from_image(image, PackURI(name))
        rid = self.part.relate_to(part, RT.IMAGE)
        self.images[key] = (rid, image)
        return rid, image

    def _drawing(self, p: Element, data: bytes, f: m.Figure) -> None:
        rid, image = self._image(data)
        px_w, px_h = max(1, image.px_width), max(1, image.px_height)
        if f.print_size_mm is not None and f.page in pages.PAGES:
            # printed at the size its scale note states, on its own landscape page
            cx, cy = (round(v * EMU_PER_MM) for v in f.print_size_mm)
        else:
            cx = self.text_width * EMU_PER_TWIP
            cy = int(cx * px_h / px_w)
            max_cy = int(self.text_height * 0.75) * EMU_PER_TWIP
            if cy > max_cy:
                cx, cy = int(cx * max_cy / cy), max_cy
        did = self.next_docpr
        self.next_docpr += 1
        name = f"Figure {f.number}"
        r = run(p)
        drawing = sub(r, "w:drawing")
        inline = sub(drawing, "wp:inline", {})
        for k in ("distT", "distB", "distL", "distR"):
            inline.set(k, "0")
        sub(inline, "wp:extent").attrib.update({"cx": str(cx), "cy": str(cy)})
        sub(inline, "wp:effectExtent").attrib.update({"l": "0", "t": "0", "r": "0", "b": "0"})
        docpr = sub(inline, "wp:docPr")
        docpr.attrib.update(
            {"id": str(did), "name": name, "descr": f.alt or m.plain_text(f.caption, self.doc)}
        )
        frame = sub(inline, "wp:cNvGraphicFramePr")
        sub(frame, "a:graphicFrameLocks").set("noChangeAspect", "1")
        graphic = sub(inline, "a:graphic")
        gd = sub(graphic, "a:graphicData")
        gd.set("uri", "http://schemas.openxmlformats.org/drawingml/2006/picture")
        pic = sub(gd, "pic:pic")
        nv = sub(pic, "pic:nvPicPr")
        sub(nv, "pic:cNvPr").attrib.update(
            {"id": "0", "name": f"image{did}.{image.ext}", "descr": docpr.get("descr") or ""}
        )
        sub(nv, "pic:cNvPicPr")
        fill = sub(pic, "pic:blipFill")
        sub(fill, "a:blip", {"r:embed": rid})
        sub(sub(fill, "a:stretch"), "a:fillRect")
        sppr = sub(pic, "pic:spPr")
        xfrm = sub(sppr, "a:xfrm")
        sub(xfrm, "a:off").attrib.update({"x": "0", "y": "0"})
        sub(xfrm, "a:ext").attrib.update({"cx": str(cx), "cy": str(cy)})
        geom = sub(sppr, "a:prstGeom")
        geom.set("prst", "rect")
        sub(geom, "a:avLst")

    # ------------------------------------------------------------ inlines

    def inlines(self, parent: Element, items: Sequence[m.Inline], fmt: RFmt, ctx: Ctx) -> None:
        for node in items:
            if isinstance(node, m.Text):
                self.text(parent, node.text, fmt)
            elif isinstance(node, m.Styled):
                self.inlines(parent, node.children, self._styled(node.style, fmt), ctx)
            elif isinstance(node, m.Link):
                self.link(parent, node, fmt, ctx)
            elif isinstance(node, m.Citation):
                self.citation(parent, node, fmt, ctx)
            elif isinstance(node, m.XRef):
                self.xref(parent, node, fmt)
            elif isinstance(node, m.FootnoteRef):
                self.footnote(parent, node.number, fmt, ctx)
            elif isinstance(node, m.LineBreak):
                sub(run(parent, fmt), "w:br")
                self._last = None

    def text(self, parent: Element, text: str, fmt: RFmt) -> None:
        """Adjacent text of the same formatting goes into one run."""
        if not text:
            return
        last = self._last
        if (
            last is not None
            and last[0] is parent
            and last[1] == fmt
            and len(parent)
            and parent[-1] is last[2]
        ):
            add_text(last[2], text)
            return
        r = text_run(parent, text, fmt)
        self._last = (parent, fmt, r)

    def _styled(self, style: str, fmt: RFmt) -> RFmt:
        if style == "i":
            return fmt.with_(i=True)
        if style == "b":
            return fmt.with_(b=True)
        if style == "code":
            code = self.sid("Verbatim Char")
            if code and not fmt.style:
                return fmt.with_(style=code)
            return fmt.with_(mono="PT Mono")
        if style == "sup":
            return fmt.with_(vert="superscript")
        if style == "sub":
            return fmt.with_(vert="subscript")
        if style == "sc":
            return fmt.with_(smallcaps=True)
        if style == "s":
            return fmt.with_(strike=True)
        return fmt

    def link(self, parent: Element, node: m.Link, fmt: RFmt, ctx: Ctx) -> None:
        url = node.url.strip()
        if not url or parent.tag == qn("w:hyperlink"):
            self.inlines(parent, node.children, fmt, ctx)
            return
        scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
        if scheme and scheme not in SAFE_SCHEMES:  # javascript:, file:, data: ... stay text
            self.inlines(parent, node.children or (m.Text(url),), fmt, ctx)
            return
        if url.startswith("#"):
            target = url[1:]
            if target not in self.placed:
                self.inlines(parent, node.children, fmt, ctx)
                return
            prefix = "_Ref" if target.startswith(("fig-", "tbl-")) else "_Toc"
            h = sub(
                parent, "w:hyperlink", {"w:anchor": self.bm.name(prefix, target), "w:history": "1"}
            )
        else:
            rid = ctx.part.relate_to(url, RT.HYPERLINK, is_external=True)
            h = sub(parent, "w:hyperlink", {"r:id": rid, "w:history": "1"})
        style = self.sid("Hyperlink")
        self.inlines(
            h, node.children or (m.Text(url),), fmt.with_(style=style) if style else fmt, ctx
        )

    def citation(self, parent: Element, node: m.Citation, fmt: RFmt, ctx: Ctx) -> None:
        if 0 <= node.index < len(self.doc.citations):
            content: Sequence[m.Inline] = self.doc.citations[node.index]
        else:
            content = (m.Text("(" + "; ".join(node.keys) + ")"),)
        key = next((k for k in node.keys if k in self.bib_keys), None)
        if key is None or parent.tag == qn("w:hyperlink") or _has_link(content):
            self.inlines(parent, content, fmt, ctx)
            return
        h = sub(parent, "w:hyperlink", {"w:anchor": self.bm.name("_Bib", key), "w:history": "1"})
        self.inlines(h, content, fmt, ctx)

    def xref(self, parent: Element, node: m.XRef, fmt: RFmt) -> None:
        label = self.doc.anchors.get(node.target, node.target)
        if node.target not in self.placed:
            if node.target not in self.unresolved:
                self.unresolved.add(node.target)
                why = (
                    "is not in this document" if node.target in self.doc.anchors else "has no label"
                )
                self.diagnostics.append(
                    problem(
                        "render.xref-unresolved",
                        f"cross-reference to {node.target!r} {why}; it is printed without a link",
                        severity=Severity.WARNING,
                    )
                )
            self.text(parent, label, fmt)
            return
        if node.kind == "sec" or node.target in self.sections:
            sec = self.sections.get(node.target)
            if sec is not None and sec.number and label.endswith(sec.number):
                prefix = label[: len(label) - len(sec.number)]
                if prefix:
                    self.text(parent, prefix, fmt)
                field(parent, f"REF {self.bm.name('_Ref', node.target)} \\h", sec.number, fmt)
            else:
                field(parent, f"REF {self.bm.name('_Toc', node.target)} \\h", label, fmt)
        else:
            field(parent, f"REF {self.bm.name('_Ref', node.target)} \\h", label, fmt)
        self._last = None

    def footnote(self, parent: Element, number: int, fmt: RFmt, ctx: Ctx) -> None:
        note = self.footnotes.get(number)
        ref_style = self.sid("Footnote Reference")
        if note is None or number in self.noted or ctx.in_note:
            # a second call of the same note (Word notes have one anchor): its number
            self.text(parent, str(number), fmt.with_(vert="superscript"))
            return
        self.noted.add(number)
        fid, fn = self.notes.new()
        r = run(parent, fmt.with_(style=ref_style) if ref_style else fmt.with_(vert="superscript"))
        sub(r, "w:footnoteReference", {"w:id": str(fid)})
        self._last = None
        part = self.notes.part
        note_ctx = Ctx(part, self.sid("Footnote Text"), headings=False, in_note=True)
        self.blocks(fn, note.blocks, note_ctx)
        first = fn[0] if len(fn) else None
        if first is None or first.tag != qn("w:p"):
            first = el("w:p")
            ppr = sub(first, "w:pPr")
            if note_ctx.para_style:
                sub(ppr, "w:pStyle", {"w:val": note_ctx.para_style})
            fn.insert(0, first)
        at = 1 if len(first) and first[0].tag == qn("w:pPr") else 0
        mark = el("w:r")
        if ref_style:
            sub(sub(mark, "w:rPr"), "w:rStyle", {"w:val": ref_style})
        else:
            sub(sub(mark, "w:rPr"), "w:vertAlign", {"w:val": "superscript"})
        sub(mark, "w:footnoteRef")
        space = el("w:r")
        add_text(space, " ")
        first.insert(at, mark)
        first.insert(at + 1, space)
        self._last = None


def _has_link(items: Sequence[m.Inline]) -> bool:
    for n in items:
        if isinstance(n, m.Link):
            return True
        if isinstance(n, m.Styled) and _has_link(n.children):
            return True
    return False


def sub_p(container: Element, fmt: PFmt) -> Element:
    p = paragraph(fmt)
    container.append(p)
    return p
