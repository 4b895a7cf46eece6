"""The document model -> WordprocessingML: cover, contents, sections, blocks, inlines.

One Writer renders one Document into a python-docx document opened on the reference
template (package.open_base), in the PDF's order: cover, the unnumbered chapters before
chapter 1 (Executive Summary), contents, lists of figures and tables, then the chapters.
Each chapter is a Word section whose running header carries its title (layout.py);
maps get landscape sections at their printed size. It only appends XML and parts; it
never reads the dossier's sources (but image files), the clock or the environment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml.etree import _Element as Element

from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.render import maplist, problem
from dossier.render.docx import langs
from dossier.render.docx import package as pkg
from dossier.render.docx.images import FigureImages, width_px
from dossier.render.docx.layout import LANDSCAPE_SIZES, PORTRAIT, Furniture, Sections
from dossier.render.docx.ooxml import (
    PPR_ORDER,
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

# SEQ identifiers are fixed (the TOC \c switch names them); the printed label is localised.
SEQ_FIGURE = "Figure"
SEQ_TABLE = "Table"
TOC_LEVELS = 3
TWIPS_PER_MM = 1440 / 25.4
# The contents list the official sections (and the lists of figures and tables), as the
# PDF's do, not the headings inside their prose: TC fields mark its entries.
TOC_INSTR = f'TOC \\f \\l "1-{TOC_LEVELS}" \\h \\z'
SAFE_SCHEMES = ("http", "https", "mailto", "ftp", "tel")
ARABIC_FACE = "Dossier Fallback Arabic"  # PT Serif has no Arabic; shipped and embedded
_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)mm"[^>]*?\bheight="([\d.]+)mm"', re.S)
FALLBACK_WORDS = {
    "en": {"illustrative_short": "Illustrative \u2013 not an official document", "page": "p."},
    "fr": {"illustrative_short": "Illustratif \u2013 document non officiel", "page": "p."},
}


@dataclass(frozen=True)
class Ctx:
    """Where blocks are being written."""

    part: Any  # the python-docx part that owns relationships (document or footnotes)
    para_style: str | None  # styleId of ordinary paragraphs here
    section_level: int = 0  # level of the enclosing official section (0: none)
    headings: bool = True  # prose headings become Heading n (False in notes, cells, lists)
    list_level: int = -1
    in_note: bool = False
    top: bool = False  # blocks directly in a section (a map may open a landscape page)


def prose_depths(blocks: Sequence[m.Block]) -> dict[int, int]:
    """Depth (1 = first level below the section) of each prose heading of a section, by
    id: nested by their Markdown levels but never skipping one, so `###` under a
    section's heading is the next level down, as in the HTML."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for b in blocks:
        if isinstance(b, m.Heading):
            while stack and stack[-1] >= b.level:
                stack.pop()
            stack.append(b.level)
            out[id(b)] = len(stack)
    return out


class Writer:
    def __init__(
        self,
        doc: m.Document,
        document: DocxDocument,
        root: Path | None = None,
        *,
        keep_headers: bool = False,
    ) -> None:
        self.doc = doc
        self.root = root.resolve() if root is not None else None
        self.diagnostics: list[Diagnostic] = []
        self.document = document
        self.part = document.part
        self.styles = pkg.StyleBook(document.styles.element)
        self.numbering = pkg.NumberingBook(document)
        self.notes = pkg.FootnotesBook(document)
        self.bm = Bookmarks()
        self.lang = langs.lang_tag(doc.lang) or "en-GB"
        self.footnotes = {f.number: f for f in doc.footnotes}
        self.noted: set[int] = set()
        self.unresolved: set[str] = set()
        self.toc: list[tuple[int, str, str, str]] = []  # (level, number, title, bookmark)
        self.fig_list: list[tuple[str, str, str]] = []  # (label, caption, bookmark)
        self.tbl_list: list[tuple[str, str, str]] = []
        self.sections = {s.id: s for s in doc.all_sections()}
        self.depths: dict[int, int] = {}
        self.figures: list[m.Figure] = []
        self.placed = self._placed_targets()
        self.maplists = maplist.MapLists(doc)
        self.bib_keys = {e.key for e in doc.bibliography}
        base = document.element.body.find(qn("w:sectPr"))
        assert base is not None
        self.layout = Sections(document, base, self._furniture(), keep_references=keep_headers)
        self._last: tuple[Element, RFmt, Element] | None = None
        self._formats: dict[tuple[RFmt, str | None, bool], RFmt] = {}
        # False while writing text the PDF never hyphenates (headings, captions, entries,
        # narrow table columns): capitalised words need no mark there
        self.hyphenated = True
        self.images = FigureImages(self.part, self.root, self.diagnostics)
        self.images.prepare([(f, width_px(self._raster_width(f))) for f in self.figures])

    # ------------------------------------------------------------ setup

    def word(self, key: str, default: str) -> str:
        """A label of the document's language (templates/formats/labels.yaml)."""
        table = FALLBACK_WORDS.get(self.doc.lang, FALLBACK_WORDS["en"])
        return self.doc.labels.get(key) or table.get(key) or default

    def _furniture(self) -> Furniture:
        d = self.doc
        header, footer = self.sid("Header"), self.sid("Footer")
        tabs = tuple(sorted({t for s in (header, footer) if s for t in self.styles.tab_stops(s)}))
        return Furniture(
            short_name=d.short_name or d.property_name,
            page_word=self.word("page_word", "Page"),
            of_word=self.word("of", "of"),
            illustrative=self.word("illustrative_short", "") if d.illustrative else "",
            header_style=header,
            footer_style=footer,
            mark_style=self.sid("Illustrative Mark"),
            clear_tabs=tabs,
        )

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
                elif isinstance(b, m.Quote | m.Revised):
                    walk(b.blocks)

        for s in self.doc.all_sections():
            out.add(s.id)
            walk(s.blocks)
            self.depths.update(prose_depths(s.blocks))
        return out

    def sid(self, *names: str) -> str | None:
        return self.styles.id(*names)

    # ------------------------------------------------------------ figures' pages

    def _figure_page(self, f: m.Figure) -> str:
        """The page a figure needs: its own `page`, else a landscape A4 page for the maps
        dossier draws (SVG), as the PDF gives them; else the running portrait page."""
        if f.page in LANDSCAPE_SIZES:
            return f.page
        if f.page is None and f.svg is not None:
            return "a4-landscape"
        return PORTRAIT

    def _figure_size(self, f: m.Figure) -> tuple[float, float] | None:
        """Printed size in mm: the model's, else the size an SVG map is drawn for; made
        smaller only if it does not fit its page (a map's scale holds at this size)."""
        size = f.print_size_mm
        if size is None and f.svg is not None:
            mo = _SVG_SIZE.search(f.svg[:2000])
            size = (float(mo.group(1)), float(mo.group(2))) if mo else None
        if size is None or size[0] <= 0 or size[1] <= 0:
            return None
        page = self.layout.page(self._figure_page(f))
        room = (page.text_width / TWIPS_PER_MM + 0.5, page.text_height / TWIPS_PER_MM + 0.5)
        k = min(1.0, room[0] / size[0], room[1] / size[1])  # 0.5 mm: twips rounding
        return (size[0] * k, size[1] * k) if k < 1.0 else size

    def _figure_box(self, f: m.Figure) -> tuple[int, int]:
        """Width and height (twips) the picture of `f` may take when it has no printed
        size: the text width, and part of the page's height (room for the caption)."""
        page = self.layout.page(self._figure_page(f))
        if page.landscape:
            return page.text_width, page.text_height - 1000
        return page.text_width, int(page.text_height * 0.75)

    def _raster_width(self, f: m.Figure) -> int:
        size = self._figure_size(f)
        return round(size[0] * TWIPS_PER_MM) if size else self._figure_box(f)[0]

    # ------------------------------------------------------------ document

    def write(self) -> None:
        self.styles.set_default_language(self.lang)
        ctx = Ctx(self.part, self.sid("Body Text"))
        L = self.layout
        L.open(None)  # the cover: no running header or footer
        self.cover(L.current.body)
        front = []  # what the PDF prints before the contents (the Executive Summary)
        for s in self.doc.sections:
            if not s.front:
                break
            front.append(s)
        for s in front:
            self.chapter(s, ctx)
        split = len(self.toc)
        contents = L.open(self.word("contents", "Contents"))
        lof = L.open(self.word("list_of_figures", "List of figures"))
        lot = L.open(self.word("list_of_tables", "List of tables"))
        for s in self.doc.sections[len(front) :]:
            self.chapter(s, ctx)
        lists = self.lists(lof.body, lot.body)
        self.contents(contents.body, self.toc[:split] + lists + self.toc[split:])
        L.finish()
        pkg.finish_settings(self.document, footnotes=self.notes.root)

    def cover(self, body: Element) -> None:
        """As the PDF's cover: document type, name, States Parties, the other cover lines,
        the illustrative banner and the date."""
        d = self.doc
        if d.title:
            text_run(sub_p(body, PFmt(self.sid("Subtitle"))), d.title)
        text_run(sub_p(body, PFmt(self.sid("Title"))), d.property_name)
        sps = ", ".join(d.states_parties)
        if sps:
            text_run(sub_p(body, PFmt(self.sid("Cover States Parties", "Cover Line"))), sps)
        shown = {sps, d.date_text}
        style = self.sid("Cover Line")
        colon = "\u00a0: " if d.lang == "fr" else ": "  # French: no-break space before ':'
        for label, value in d.cover_lines:
            if not value or value in shown:
                continue
            p = sub_p(body, PFmt(style))
            if label:
                text_run(p, f"{label}{colon}", RFmt(b=True))
            text_run(p, value)
        if d.illustrative:
            p = sub_p(body, PFmt(self.sid("Notice Illustrative"), space_before=1700))
            text = d.labels.get("illustrative_notice", "Illustrative dossier")
            self.unhyphenated(p, (m.Text(text),), RFmt(b=True), self._ctx_body())
        if d.date_text:
            text_run(sub_p(body, PFmt(self.sid("Cover Date", "Cover Line"))), d.date_text)

    def contents(self, body: Element, entries: list[tuple[int, str, str, str]]) -> None:
        p = sub_p(body, PFmt(self.sid("TOC Heading"), page_break_before=False))
        text_run(p, self.word("contents", "Contents"))
        rows = [(self.sid(f"toc {lvl}"), num, title, bm) for lvl, num, title, bm in entries]
        self._toc_field(body, TOC_INSTR, rows)

    def lists(self, lof: Element, lot: Element) -> list[tuple[int, str, str, str]]:
        """The lists of figures and of tables (TOC fields on the captions' SEQ fields);
        their headings are entries of the contents, as in the PDF."""
        out: list[tuple[int, str, str, str]] = []
        style = self.sid("table of figures")
        for body, items, key, default, seq in (
            (lof, self.fig_list, "list_of_figures", "List of figures", SEQ_FIGURE),
            (lot, self.tbl_list, "list_of_tables", "List of tables", SEQ_TABLE),
        ):
            if not items:
                continue
            title = self.word(key, default)
            p = sub_p(body, PFmt(self.sid("TOC Heading"), page_break_before=False))
            text_run(p, title)
            self._tc(p, title, 1)
            bm = self.bm.name("_Toc", key)
            wrap_bookmark(p, [r for r in p if r.tag != qn("w:pPr")], self.bm.new_id(), bm)
            out.append((1, "", title, bm))
            rows = [(style, label, caption, b) for label, caption, b in items]
            self._toc_field(body, f'TOC \\h \\z \\c "{seq}"', rows)
        return out

    def _toc_field(
        self, body: Element, instr: str, entries: list[tuple[str | None, str, str, str]]
    ) -> None:
        """A TOC field pre-filled with its entries: number (hanging), title, and the page
        as a PAGEREF field to the target's bookmark (filled by Word, LibreOffice or
        `--update-fields`), each entry a link to its target."""
        if not entries:
            p = sub_p(body, PFmt())
            field_begin(p, instr)
            field_end(p)
            return
        for i, (style, number, title, bm) in enumerate(entries):
            p = sub_p(body, PFmt(style))
            if i == 0:
                field_begin(p, instr)
            link = sub(p, "w:hyperlink", {"w:anchor": bm, "w:history": "1"})
            if number:
                text_run(link, number)
            sub(run(link), "w:tab")
            text_run(link, title)
            sub(run(link), "w:tab")
            field(link, f"PAGEREF {bm} \\h", "")
        field_end(sub_p(body, PFmt()))

    def _tc(self, p: Element, text: str, level: int) -> None:
        """A TC field: an entry of the contents (TOC \\f) at this paragraph."""
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        field(p, f'TC "{quoted}" \\l {level}', "")

    # ------------------------------------------------------------ sections

    def _ctx_body(self) -> Ctx:
        return Ctx(self.part, self.sid("Body Text"))

    def chapter(self, s: m.Section, ctx: Ctx) -> None:
        """A top-level section: a Word section of its own, titled in the running header.
        A chapter that continues the page stays in the Word section before it (Word and
        LibreOffice take a page's header from the section that opens the page)."""
        if s.page_break:
            self.layout.open(self.doc.running_title(s), start="nextPage")
        self.section(s, ctx, chapter=True)

    def section(self, s: m.Section, ctx: Ctx, *, chapter: bool = False) -> None:
        level = max(1, min(s.level, 9))
        style = self.sid(f"Heading {level}")
        breaks = True if s.page_break and not chapter else None
        p = sub_p(self.layout.current.body, PFmt(style, page_break_before=breaks))
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
            self._tc(p, s.heading, level)
            self.toc.append((level, s.number, s.title, toc_bm))
        inner = replace(ctx, section_level=level, top=True)
        self._map_list(self.maplists.for_section(s.blocks), inner)
        for i, b in enumerate(s.blocks):  # a landscape map moves the flow to a new section
            if not self.maplists.listed(b):
                self.block(self.layout.current.body, b, inner)
            if isinstance(b, m.Heading):
                self._map_list(self.maplists.after(s.blocks, i + 1), inner)
        for child in s.children:
            self.section(child, ctx)

    def _map_list(self, items: Sequence[m.Inline], ctx: Ctx) -> None:
        """As the PDF: maps go to landscape pages of their own, so the heading they follow
        lists them ("Figure 1, p. 4: caption") rather than stand alone before them."""
        if not items:
            return
        fmt = PFmt(ctx.para_style, jc="left", no_hyphens=True)
        p = sub_p(self.layout.current.body, fmt)
        self.unhyphenated(p, items, RFmt(), ctx)

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
            self.list_block(container, b, replace(ctx, top=False))
        elif isinstance(b, m.Quote):
            inner = replace(ctx, para_style=self.sid("Block Text"), headings=False, top=False)
            self.blocks(container, b.blocks, inner)
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
        elif isinstance(b, m.Revised):
            # A redline's change marks are not drawn in Word (no change bar); the text is,
            # with deletions struck through (the `del` style below).
            self.blocks(container, b.blocks, ctx)

    def _lang_fmt(self, lang: str | None) -> RFmt:
        """The run format of a paragraph in `lang` (its runs are tagged by `text`)."""
        tag = langs.lang_tag(lang)
        return RFmt(lang=tag) if tag and tag != self.lang else RFmt()

    def heading(self, container: Element, b: m.Heading, ctx: Ctx) -> None:
        if not ctx.headings or ctx.in_note:
            p = sub_p(container, PFmt(ctx.para_style, keep_next=True))
            self.inlines(p, b.inlines, RFmt(b=True), ctx)
            return
        depth = self.depths.get(id(b), max(1, b.level))
        level = max(1, min(ctx.section_level + depth, 9))
        style = self.sid(f"Heading {level}")
        p = sub_p(container, PFmt(style))
        if style and self.styles.has_numbering(style):
            self._no_numbering(p)
        self.unhyphenated(p, b.inlines, RFmt(), ctx)

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
            "not-provided": "Notice Not Provided",
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
            self.unhyphenated(p, entry.inlines, self._lang_fmt(entry.lang), ctx)
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
        cross-references (REF and PAGEREF fields) point at; `label` is 'Figure 3'."""
        start = len(p)
        word = label[: -len(str(number))] if label.endswith(str(number)) else f"{label} "
        text_run(p, word)
        field(p, f"SEQ {seq} \\* ARABIC", str(number))
        bm = self.bm.name("_Ref", anchor)
        wrap_bookmark(p, list(p)[start:], self.bm.new_id(), bm)
        if caption:
            text_run(p, ". ")
            self.unhyphenated(p, caption, RFmt(), ctx)
        return bm

    def table(self, container: Element, t: m.Table, ctx: Ctx) -> None:
        cap_ctx = replace(ctx, headings=False)
        if t.number is not None and t.id is not None:
            p = sub_p(container, PFmt(self.sid("Table Caption"), keep_next=True))
            label = f"{self.doc.labels.get('table', 'Table')} {t.number}"
            bm = self.caption(p, label, SEQ_TABLE, t.number, f"tbl-{t.id}", t.caption, cap_ctx)
            self.tbl_list.append((label, m.plain_text(t.caption, self.doc), bm))
        has_header = any(c.inlines for c in t.header)
        ncols = max([len(t.header)] + [len(r) for r in t.rows] + [1])
        if not t.rows and not has_header:
            return
        widths = list(t.widths[:ncols]) if len(t.widths) >= ncols else []
        width = self.layout.page(self.layout.current.page).text_width
        if not widths or sum(widths) <= 0 or min(widths) < 0:
            widths = self._auto_widths(t, ncols, width)
        total = sum(widths)
        cols = [max(200, int(width * w / total)) for w in widths]
        keyvalue = t.kind == "keyvalue"

        tbl = sub(container, "w:tbl")
        tpr = sub(tbl, "w:tblPr")
        style = self.sid("Table", "Dossier Table")  # pandoc's name first
        if style:
            sub(tpr, "w:tblStyle", {"w:val": style})
        sub(tpr, "w:tblW", {"w:w": "5000", "w:type": "pct"})
        # the widths are computed here (given or automatic): Word must not autofit again
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

    def _auto_widths(self, t: m.Table, ncols: int, width: int) -> list[float]:
        """Column widths of a table that gives none, as a browser's automatic layout
        would (the PDF's): each column gets its longest word, and what is left goes to
        the columns in proportion to how much longer their longest cell is."""
        longest = [1.0] * ncols
        word = [1.0] * ncols
        for row in (t.header, *t.rows):
            for i, c in enumerate(row[:ncols]):
                text = m.plain_text(c.inlines, self.doc)
                longest[i] = max(longest[i], float(len(text)))
                word[i] = max(word[i], float(max((len(w) for w in text.split()), default=1)))
        # table text (9 pt sans) is about 90 twips a character, plus the cell margins
        chars = width / 90 - 2 * ncols
        if sum(longest) <= chars:
            return longest
        floor = [min(w, chars / ncols * 1.5) for w in word]  # a very long word may break
        extra = max(0.0, chars - sum(floor))
        slack = [max(0.0, lo - f) for lo, f in zip(longest, floor, strict=True)]
        total = sum(slack) or 1.0
        return [f + extra * s / total for f, s in zip(floor, slack, strict=True)]

    def _row(
        self, tbl: Element, cells: Sequence[m.Cell], cols: list[int], ctx: Ctx, *, header: bool
    ) -> None:
        tr = sub(tbl, "w:tr")
        trpr = sub(tr, "w:trPr")
        sub(trpr, "w:cantSplit")
        if header:
            sub(trpr, "w:tblHeader")
        total = sum(cols) or 1
        for i, w in enumerate(cols):
            c = cells[i] if i < len(cells) else m.Cell(())
            tc = sub(tr, "w:tc")
            tcpr = sub(tc, "w:tcPr")
            sub(tcpr, "w:tcW", {"w:w": str(w), "w:type": "dxa"})
            jc = {"left": "left", "right": "right", "center": "center"}.get(c.align or "")
            # as the PDF: only columns of 40 % of the table or more are hyphenated
            narrow = w < 0.4 * total
            fmt = PFmt(ctx.para_style, jc=jc, keep_next=header, no_hyphens=narrow)
            p = sub_p(tc, fmt)
            write = self.unhyphenated if narrow else self.inlines
            write(p, c.inlines, RFmt(b=header or c.header), ctx)

    def figure(self, container: Element, f: m.Figure, ctx: Ctx) -> None:
        kind = self._figure_page(f)
        if kind == PORTRAIT or not ctx.top or ctx.in_note:
            self._figure(container, f, ctx, landscape=False)
            return
        header = self.layout.current.header
        chunk = self.layout.open(header, kind)
        self._figure(chunk.body, f, ctx, landscape=True)
        self.layout.open(header)  # the chapter goes on in portrait (dropped if empty)

    def _figure(self, container: Element, f: m.Figure, ctx: Ctx, *, landscape: bool) -> None:
        fmt = PFmt(self.sid("Captioned Figure"), keep_next=True, jc="center")
        p = sub_p(container, replace(fmt, space_before=0) if landscape else fmt)
        image = self.images.png(f)
        drawn = False
        if image is not None and not ctx.in_note:
            drawn = self.images.drawing(
                p,
                image,
                f,
                box=self._figure_box(f),
                size_mm=self._figure_size(f),
                alt=f.alt or m.plain_text(f.caption, self.doc),
            )
        if not drawn:  # keep the place, the caption and the numbering; say what is missing
            what = f.path.name if f.path is not None else f"figure {f.number}"
            text_run(p, f"[{what}]")
        cap = sub_p(container, PFmt(self.sid("Image Caption")))
        label = f"{self.doc.labels.get('figure', 'Figure')} {f.number}"
        bm = self.caption(cap, label, SEQ_FIGURE, f.number, f"fig-{f.id}", f.caption, ctx)
        self.fig_list.append((label, m.plain_text(f.caption, self.doc), bm))
        if f.credit:
            cp = sub_p(container, PFmt(self.sid("Image Credit")))
            text_run(cp, f.credit)

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

    def unhyphenated(self, parent: Element, items: Sequence[m.Inline], fmt: RFmt, ctx: Ctx) -> None:
        """Inlines of a paragraph that is never hyphenated (its style or w:pPr says so)."""
        self.hyphenated = False
        try:
            self.inlines(parent, items, fmt, ctx)
        finally:
            self.hyphenated = True

    def text(self, parent: Element, text: str, fmt: RFmt) -> None:
        """Text cut into runs of one language (`fmt.lang` is the language of the paragraph
        or entry; langs.py); adjacent text of the same final format goes into one run."""
        if not text:
            return
        for piece in langs.pieces(text, fmt.lang, self.lang):
            if piece.lang == fmt.lang and not piece.rtl:
                final = fmt  # the common case: text in the paragraph's own language
            else:
                key = (fmt, piece.lang, piece.rtl)
                final = self._formats.get(key) or self._formats.setdefault(
                    key,
                    replace(
                        fmt,
                        lang=piece.lang,
                        rtl=piece.rtl,
                        cs_font=ARABIC_FACE if piece.rtl else None,
                    ),
                )
            if not self.hyphenated or final.noproof:
                self._append(parent, piece.text, final)
                continue
            # as the PDF: a capitalised word is never hyphenated (w:noProof, see langs)
            for part, capital in langs.capitalised(piece.text):
                if capital:
                    named = self._formats.get((final, None, True))
                    if named is None:
                        named = self._formats[(final, None, True)] = replace(final, noproof=True)
                    self._append(parent, part, named)
                else:
                    self._append(parent, part, final)

    def _append(self, parent: Element, text: str, fmt: RFmt) -> None:
        last = self._last
        if (
            last is not None
            and last[0] is parent
            and (last[1] is fmt or last[1] == fmt)
            and len(parent)
            and parent[-1] is last[2]
        ):
            add_text(last[2], text)
            return
        r = text_run(parent, text, fmt)
        self._last = (parent, fmt, r)

    def _plain(self, fmt: RFmt, text: str) -> RFmt:
        """The format of a field result `text` (one language: that of its first piece)."""
        first = langs.pieces(text, fmt.lang, self.lang)[:1]
        lang = first[0].lang if first else None
        return replace(fmt, lang=lang, rtl=False, cs_font=None)

    def _styled(self, style: str, fmt: RFmt) -> RFmt:
        if style == "i":
            return fmt.with_(i=True)
        if style == "b":
            return fmt.with_(b=True)
        if style == "code":
            code = self.sid("Verbatim Char")
            if code and not fmt.style:
                return fmt.with_(style=code)
            return fmt.with_(mono="PT Sans")
        if style == "sup":
            return fmt.with_(vert="superscript")
        if style == "sub":
            return fmt.with_(vert="subscript")
        if style == "sc":
            return fmt.with_(smallcaps=True)
        if style in ("s", "del"):  # del: text a redline marks as deleted
            return fmt.with_(strike=True)
        if style == "name":  # a proper name: never hyphenated (Word: no proofing)
            return fmt.with_(noproof=True)
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
        plain = self._plain(fmt, label)
        if node.kind == "sec" or node.target in self.sections:
            sec = self.sections.get(node.target)
            page_bm = self.bm.name("_Toc", node.target)
            if sec is not None and sec.number and label.endswith(sec.number):
                prefix = label[: len(label) - len(sec.number)]
                if prefix:
                    self.text(parent, prefix, fmt)
                field(parent, f"REF {self.bm.name('_Ref', node.target)} \\h", sec.number, plain)
            else:
                field(parent, f"REF {page_bm} \\h", label, plain)
        else:
            page_bm = self.bm.name("_Ref", node.target)
            field(parent, f"REF {page_bm} \\h", label, plain)
        # "Figure 3, p. 41", as the PDF: the page is a PAGEREF field to the same target
        self._last = None
        self.text(parent, f", {self.word('page', 'p.')}\u00a0", fmt)
        field(parent, f"PAGEREF {page_bm} \\h", "", plain)
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
