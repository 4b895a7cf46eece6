"""The Assembler: walks a format profile's sections and fills each with prose and the
content builders' blocks. Pure; no I/O but reads of files inside the dossier that the
sources name. The entry point is dossier.assemble.document.build_document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from dossier.assemble import names, parties, placement
from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic
from dossier.core.ids import CRITERIA, CULTURAL_CRITERIA
from dossier.formats import profiles
from dossier.geo.analysis import geo_summary
from dossier.i18n.edition import Marked
from dossier.load.sources import Sources
from dossier.load.textvalue import dotted, get, name_text, resolve
from dossier.prose import markdown

# A content builder: what one named `fill:` item of a format profile prints. The
# builders are listed in dossier.assemble.builders; templates/formats/fills.yaml
# declares what each reads.
Builder = Callable[["Assembler", dict[str, Any], m.Section], list[m.Block]]


def T(s: str) -> tuple[m.Inline, ...]:
    return (m.Text(s),) if s else ()


def cell(s: str, *, align: str | None = None, header: bool = False) -> m.Cell:
    return m.Cell(T(s), align, header)


def fmt_ha(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    return localized(f"{value:,.0f}" if value >= 100 else f"{value:,.2f}", lang)


def fmt_int(value: int, lang: str) -> str:
    """A count (inhabitants) with the language's thousands separator."""
    return localized(f"{value:,}", lang)


def localized(text: str, lang: str) -> str:
    """A figure written the English way (12,345.6) as the language writes it; French:
    12\u202f345,6 (narrow no-break space between thousands, decimal comma)."""
    if lang == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def fmt_date(iso: str, lang: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    months_en = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    months_fr = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    if lang == "fr":
        return f"{d.day} {months_fr[d.month - 1]} {d.year}"
    return f"{d.day} {months_en[d.month - 1]} {d.year}"


def lead(blocks: list[m.Block]) -> list[m.Block]:
    """The opening of a long text: its blocks up to its second heading, without the first
    heading (a short form falls back to it, never to the whole text)."""
    out: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Heading):
            if out:
                break
            continue
        out.append(block)
    return out


def roman(c: str) -> str:
    return f"({c})"


def dms(a: Assembler, measured: Any) -> str:
    """'43°13′44″ N, 54°39′14″ E': each coordinate is kept on one line (no-break spaces)."""
    return f"{_nobreak(measured.lat_dms)}, {_nobreak(measured.lon_dms)}"


def _nobreak(text: str) -> str:
    return str(text).replace(" ", "\u00a0")


def xref_list(a: Assembler, anchors: list[str], sep: str = ", ") -> list[m.Inline]:
    out: list[m.Inline] = []
    for i, anchor in enumerate(anchors):
        if i:
            out.append(m.Text(sep))
        out.append(m.XRef(anchor.split("-", 1)[0], anchor))
    return out


class Assembler:
    def __init__(
        self,
        src: Sources,
        doc: str,
        lang: str,
        profile: dict[str, Any],
        builders: Mapping[str, Builder],
    ) -> None:
        self.src = src
        self.builders = builders
        self.data = src.data
        self.doc = doc
        self.lang = lang
        self.profile = profile
        self.L = profiles.labels(lang, doc)
        self.state = markdown.ProseState(lang=lang)
        self.figures: list[m.Figure] = []
        self.tables: list[m.Table] = []
        self.anchors: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []
        self.geo, _ = geo_summary(src)
        # Section id -> the prose fields it prints (to place images in other documents).
        self.section_paths: dict[str, set[tuple[str, ...]]] = {}
        claimed = [
            c.get("criterion")
            for c in get(self.data, ("justification", "criteria")) or []
            if isinstance(c, dict)
        ]
        self.criteria = [c for c in CRITERIA if c in claimed]

    # ------------------------------------------------------------ helpers
    @property
    def colon(self) -> str:
        """A label's colon as the language writes it: French puts a no-break space before."""
        return "\u00a0: " if self.lang == "fr" else ": "

    def name(self, value: Any) -> str:
        return name_text(value, self.lang)

    def name_cell(self, value: Any) -> m.Cell:
        """A name in a table cell; in a translated edition, marked "[EN]" when it prints in
        the sources' language, as the other short texts of a table are."""
        text = self.name(value)
        shown = value.get(self.lang) if isinstance(value, dict) else value
        if isinstance(shown, Marked) and shown.whole:
            label = self.untranslated_label(shown.whole, shown.source_lang, short=True)
            return m.Cell(markdown.labelled(label, T(text)))
        return cell(text)

    def language_name(self, code: Any) -> str:
        """'Russian' for 'ru' (labels.yaml lang_*); the code itself when unknown."""
        text = str(code or "")
        return self.L.get(f"lang_{text}", text)

    def other_names(self, value: Any) -> list[tuple[str, str]]:
        """(language code, name) of a Name in the languages other than the one printed."""
        if not isinstance(value, dict):
            return []
        main = self.name(value)
        return [(k, str(v)) for k, v in sorted(value.items()) if str(v) != main]

    def names_blocks(self, value: Any, *, bold: bool = False) -> list[m.Block]:
        """A name as printed, then one line per other language the sources give it in."""
        main = self.name(value)
        if not main:
            return []
        first: m.Inline = m.Styled("b", T(main)) if bold else m.Text(main)
        blocks: list[m.Block] = [m.Para((first,))]
        for code, text in self.other_names(value):
            blocks.append(
                m.Para((m.Text(f"{self.language_name(code)}{self.colon}"), m.Text(text)), lang=code)
            )
        return blocks

    def prose_blocks(self, path: str) -> tuple[list[m.Block], str]:
        """Blocks of a prose field and its status: present | missing | not-applicable."""
        text = resolve(self.src, dotted(path), self.lang)
        if text.not_applicable is not None:
            return [
                m.Notice("not-applicable", f"{self.L['not_applicable']}: {text.not_applicable}")
            ], "not-applicable"
        if not text.present or text.markdown is None:
            return [], "missing"
        lang = text.lang if text.lang and text.lang != self.lang else None
        foreign, notice = self._foreign(text.markdown)
        if notice is not None and isinstance(text.markdown, Marked):
            lang = text.markdown.source_lang  # none of it translated: all in that language
        blocks = markdown.parse(text.markdown, self.state, lang=lang, foreign=foreign)
        numbered: list[m.Block] = [self._number_table(b) for b in blocks]
        return ([notice] if notice else []) + numbered, "present"

    # ------------------------------------------------------------ translated editions
    def untranslated_label(self, status: str, source_lang: str, *, short: bool = False) -> str:
        """The visible mark of a passage printed in the sources' language: "[not
        translated]" before a paragraph; "[EN]" before a table cell or a short text."""
        stale = status in ("stale", "broken")
        key = "i18n_stale" if stale else "i18n_untranslated"
        return self.L[f"{key}_{'short' if short else 'mark'}"].format(lang=source_lang.upper())

    def _foreign(self, text: str) -> tuple[markdown.Foreign | None, m.Notice | None]:
        """How a text of a translated edition marks what it prints untranslated: a notice
        before it when none of it is translated, else a mark on each such passage."""
        if not isinstance(text, Marked):
            return None, None
        if text.whole:
            stale = text.whole in ("stale", "broken")
            key = "i18n_stale_notice" if stale else "i18n_untranslated_notice"
            return None, m.Notice("note", self.L[key])
        if not text.lines and not text.cells:
            return None, None
        src_lang = text.source_lang
        lines = {i: self.untranslated_label(s, src_lang) for i, s in text.lines.items()}
        cells = {k: self.untranslated_label(s, src_lang, short=True) for k, s in text.cells.items()}
        return markdown.Foreign(text.source_lang, lines, cells), None

    def rich(self, value: Any, path: str | None = None) -> tuple[m.Inline, ...]:
        """Inline content of a short text of the sources (a table cell, a caption): its
        Markdown, citations and cross-references go through the pipeline of paragraphs.
        With `path`, the value is read there (any form of a prose field)."""
        lang: str | None = None
        if path is not None:
            text = resolve(self.src, dotted(path), self.lang)
            if text.not_applicable is not None:
                return T(f"{self.L['not_applicable']}: {text.not_applicable}")
            value = text.markdown
            lang = text.lang if text.lang and text.lang != self.lang else None
        if value is None:
            return ()
        text_value = value if isinstance(value, str) else str(value)
        if not text_value.strip():
            return ()
        inlines = markdown.parse_inline(" ".join(text_value.split()), self.state, lang=lang)
        if isinstance(value, Marked) and (value.whole or value.lines or value.cells):
            status = value.whole or next(iter(value.lines.values()), "untranslated")
            label = self.untranslated_label(status, value.source_lang, short=True)
            return markdown.labelled(label, inlines)
        return inlines

    def rcell(self, value: Any, *, path: str | None = None, align: str | None = None) -> m.Cell:
        """A table cell of author's text, through the inline pipeline (see `rich`)."""
        return m.Cell(self.rich(value, path), align)

    def _number_table(self, block: m.Block) -> m.Block:
        """A captioned table of the prose gets its number and anchor, like the builders'."""
        if not isinstance(block, m.Table) or not block.caption or block.number is not None:
            return block
        number = len(self.tables) + 1
        ident = block.id or f"prose-{number}"
        anchor = markdown.anchor_for("tbl", ident)
        self.anchors[anchor] = f"{self.L['table']} {number}"
        numbered = m.Table(
            block.header, block.rows, ident, number, block.caption, block.widths, block.kind
        )
        self.tables.append(numbered)
        return numbered

    def table(
        self,
        ident: str,
        caption: str | tuple[m.Inline, ...],
        header: list[str],
        rows: list[list[m.Cell]],
        *,
        widths: tuple[float, ...] = (),
        kind: str = "data",
    ) -> m.Table:
        number = len(self.tables) + 1
        base, n = ident, 1
        while markdown.anchor_for("tbl", ident) in self.anchors:  # printed twice: e.g. a contact
            n += 1
            ident = f"{base}-{n}"
        anchor = markdown.anchor_for("tbl", ident)
        self.anchors[anchor] = f"{self.L['table']} {number}"
        t = m.Table(
            tuple(cell(h, header=True) for h in header),
            tuple(tuple(r) for r in rows),
            ident,
            number,
            T(caption) if isinstance(caption, str) else caption,
            widths,
            kind,
        )
        self.tables.append(t)
        return t

    def figure(
        self,
        ident: str,
        caption: str | tuple[m.Inline, ...],
        alt: str,
        *,
        path: Any = None,
        svg: str | None = None,
        credit: str = "",
        print_size_mm: tuple[float, float] | None = None,
        page: str | None = None,
    ) -> m.Figure:
        number = len(self.figures) + 1
        anchor = markdown.anchor_for("fig", ident)
        self.anchors[anchor] = f"{self.L['figure']} {number}"
        inlines = T(caption) if isinstance(caption, str) else caption
        f = m.Figure(ident, number, inlines, alt, path, svg, credit, print_size_mm, page)
        self.figures.append(f)
        return f

    def keyvalue(
        self, ident: str, caption: str, pairs: list[tuple[str, str]], *, kind: str = "keyvalue"
    ) -> m.Table:
        """A numbered label/value table; the values are authors' text (see `rich`)."""
        rows = [[cell(k, header=True), self.rcell(v)] for k, v in pairs if v]
        return self.table(ident, caption, ["", ""], rows, widths=(1, 2), kind=kind)

    # ------------------------------------------------------------ structure
    def build(self) -> m.Document:
        data = self.data
        prop = data.get("property") or {}
        sps = [
            self.name(sp.get("name"))
            for sp in prop.get("states_parties") or []
            if isinstance(sp, dict)
        ]
        date_iso = str(get(data, ("dates", "document")) or "")
        sections = [
            sec
            for spec in self.profile.get("sections") or []
            for sec in [self.section(spec, 1)]
            # an optional annex the dossier did not ask for is left out, not "Not applicable"
            if not (spec.get("omit_when_empty") is True and sec.status != "complete")
        ]
        placement.place_images(self, sections, placement.nomination_sections(self, sections))
        doc = m.Document(
            doc=self.doc,
            lang=self.lang,
            profile=str(self.profile["id"]),
            title=name_text(self.profile.get("title"), self.lang),
            property_name=self.name(prop.get("name")),
            short_name=str(prop.get("short_name") or self.name(prop.get("name"))),
            states_parties=sps,
            region=parties.region_text(self),
            date=date_iso,
            date_text=fmt_date(date_iso, self.lang) if date_iso else "",
            category=str(prop.get("category") or ""),
            illustrative=bool(data.get("illustrative")),
            cover_lines=[],
            sections=sections,
            figures=self.figures,
            tables=self.tables,
            footnotes=self.state.footnotes,
            labels=self.L,
            anchors=self.anchors,
            diagnostics=self.diagnostics,
        )
        doc.cover_lines = parties.cover_lines(self, doc.date_text)
        placement.renumber(doc)
        names.mark_names(doc, names.source_names(self.data))
        self._citations(doc)
        return doc

    def section(self, spec: dict[str, Any], level: int) -> m.Section:
        number = str(spec.get("number") or "")
        anchor = profiles.section_anchor(spec)
        title = name_text(spec.get("title"), self.lang)
        # A chapter starts a new page unless its format says it continues the page (the
        # short Tentative List form, whose sections are a page or less).
        new_page = level == 1 and spec.get("new_page", True) is not False
        sec = m.Section(anchor, number, title, level, page_break=new_page)
        sec.front = level == 1 and spec.get("front") is True
        self.anchors[anchor] = f"{self.L['section']} {number}" if number else title
        required = spec.get("required", False)
        if required == "cultural-criteria":
            required = any(c in CULTURAL_CRITERIA for c in self.criteria)
            if not required and spec.get("fill"):
                sec.blocks.append(
                    m.Notice(
                        "not-applicable",
                        f"{self.L['not_applicable']}: {self.L['no_cultural_criterion']}",
                    )
                )
                sec.status = "not-applicable"
                return sec
        sec.required = bool(required)
        self.section_paths[anchor] = {
            tuple(str(item[key]).split("."))
            for item in spec.get("fill") or []
            if isinstance(item, dict)
            for key in ("text", "fallback")
            if isinstance(item.get(key), str)
        }
        statuses: list[str] = []
        for item in spec.get("fill") or []:
            blocks, status = self.fill(item, sec)
            sec.blocks.extend(blocks)
            statuses.append(status)
        if spec.get("fill"):
            if all(s in ("missing", "optional-missing") for s in statuses):
                if sec.required:
                    sec.blocks.insert(0, m.Notice("missing", self.L["not_provided"]))
                    sec.status = "missing"
                else:
                    # An optional section left empty is simply not provided: "not
                    # applicable" is the author's statement (not_applicable: reason).
                    sec.blocks.insert(0, m.Notice("not-provided", self.L["not_provided_optional"]))
                    sec.status = "empty"
            elif "not-applicable" in statuses and all(
                s in ("not-applicable", "missing", "optional-missing") for s in statuses
            ):
                sec.status = "not-applicable"
        sec.children = [self.section(c, level + 1) for c in spec.get("sections") or []]
        return sec

    def fill(self, item: Any, sec: m.Section) -> tuple[list[m.Block], str]:
        if isinstance(item, str):
            fn = self.builders[item]
            blocks = fn(self, {}, sec)
            return blocks, "present" if blocks else "missing"
        if isinstance(item, dict) and "text" in item:
            blocks, status = self.prose_blocks(str(item["text"]))
            if status == "missing" and item.get("fallback"):
                blocks, status = self.prose_blocks(str(item["fallback"]))
                if item.get("fallback_excerpt") == "lead":
                    blocks = lead(blocks)
            if status == "missing":
                return [], "optional-missing" if item.get("optional") else "missing"
            heading = item.get("heading")
            if heading:
                blocks.insert(0, m.Heading(1, T(name_text(heading, self.lang))))
            return blocks, status
        if isinstance(item, dict):
            # The first key names the item ({table: attributes}); others are its options.
            kind, arg = next(iter(item.items()))
            key = f"{kind}:{arg}" if f"{kind}:{arg}" in self.builders else kind
            fn = self.builders[key]
            blocks = fn(self, item, sec)
            return blocks, "present" if blocks else "missing"
        raise ValueError(f"unknown fill item {item!r}")

    def _citations(self, doc: m.Document) -> None:
        """Format every citation cluster and the bibliography in one citeproc pass."""
        from dossier.assemble import citing

        doc.citations, doc.bibliography = citing.format_all(
            self.src, self.state.clusters, self.lang
        )
