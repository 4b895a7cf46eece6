"""The Assembler: walks a format profile's sections and fills each with prose and the
content builders' blocks. Pure; no I/O but reads of files inside the dossier that the
sources name. The entry point is dossier.assemble.document.build_document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from dossier.core import model as m
from dossier.core.ids import CRITERIA, CULTURAL_CRITERIA
from dossier.formats import profiles
from dossier.geo.analysis import geo_summary
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
    text = f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
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


def roman(c: str) -> str:
    return f"({c})"


def dms(a: Assembler, measured: Any) -> str:
    return f"{measured.lat_dms}, {measured.lon_dms}"


def xref_list(a: Assembler, anchors: list[str]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for i, anchor in enumerate(anchors):
        if i:
            out.append(m.Text(", "))
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
        self.L = profiles.labels(lang)
        self.state = markdown.ProseState()
        self.figures: list[m.Figure] = []
        self.tables: list[m.Table] = []
        self.anchors: dict[str, str] = {}
        self.geo, _ = geo_summary(src)
        self.placed_images: set[str] = set()
        claimed = [
            c.get("criterion")
            for c in get(self.data, ("justification", "criteria")) or []
            if isinstance(c, dict)
        ]
        self.criteria = [c for c in CRITERIA if c in claimed]

    # ------------------------------------------------------------ helpers
    def name(self, value: Any) -> str:
        return name_text(value, self.lang)

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
        return markdown.parse(text.markdown, self.state, lang=lang), "present"

    def table(
        self,
        ident: str,
        caption: str,
        header: list[str],
        rows: list[list[m.Cell]],
        *,
        widths: tuple[float, ...] = (),
        kind: str = "data",
    ) -> m.Table:
        number = len(self.tables) + 1
        anchor = markdown.anchor_for("tbl", ident)
        self.anchors[anchor] = f"{self.L['table']} {number}"
        t = m.Table(
            tuple(cell(h, header=True) for h in header),
            tuple(tuple(r) for r in rows),
            ident,
            number,
            T(caption),
            widths,
            kind,
        )
        self.tables.append(t)
        return t

    def figure(
        self,
        ident: str,
        caption: str,
        alt: str,
        *,
        path: Any = None,
        svg: str | None = None,
        credit: str = "",
    ) -> m.Figure:
        number = len(self.figures) + 1
        anchor = markdown.anchor_for("fig", ident)
        self.anchors[anchor] = f"{self.L['figure']} {number}"
        f = m.Figure(ident, number, T(caption), alt, path, svg, credit)
        self.figures.append(f)
        return f

    def keyvalue(self, ident: str, caption: str, pairs: list[tuple[str, str]]) -> m.Table:
        rows = [[cell(k, header=True), cell(v)] for k, v in pairs if v]
        return self.table(ident, caption, ["", ""], rows, widths=(1, 2), kind="keyvalue")

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
        sections = [self.section(s, 1) for s in self.profile.get("sections") or []]
        doc = m.Document(
            doc=self.doc,
            lang=self.lang,
            profile=str(self.profile["id"]),
            title=name_text(self.profile.get("title"), self.lang),
            property_name=self.name(prop.get("name")),
            short_name=str(prop.get("short_name") or self.name(prop.get("name"))),
            states_parties=sps,
            region=self.name(prop.get("region")),
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
        )
        doc.cover_lines = [
            (self.L["states_parties"] if len(sps) > 1 else self.L["state_party"], ", ".join(sps)),
            (self.L["region"], doc.region),
            (self.L["cover_date"], doc.date_text),
        ]
        self._citations(doc)
        return doc

    def section(self, spec: dict[str, Any], level: int) -> m.Section:
        number = str(spec.get("number") or "")
        anchor = profiles.section_anchor(spec)
        title = name_text(spec.get("title"), self.lang)
        sec = m.Section(anchor, number, title, level, page_break=level == 1)
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
                self._place_images(sec)
                return sec
        sec.required = bool(required)
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
                    sec.blocks.insert(0, m.Notice("not-applicable", self.L["not_applicable"] + "."))
                    sec.status = "not-applicable"
            elif "not-applicable" in statuses and all(
                s in ("not-applicable", "missing", "optional-missing") for s in statuses
            ):
                sec.status = "not-applicable"
        self._place_images(sec)
        sec.children = [self.section(c, level + 1) for c in spec.get("sections") or []]
        return sec

    def _place_images(self, sec: m.Section) -> None:
        if not sec.number:
            return
        for img in get(self.data, ("documentation", "images")) or []:
            # "4.b(i)" and "4.b (i)" name the same section.
            wanted = str(img.get("section") or "").replace(" ", "") if isinstance(img, dict) else ""
            if wanted != sec.number.replace(" ", ""):
                continue
            ident = str(img.get("id"))
            if ident in self.placed_images:
                continue
            path, _ = self.src.resolve(img.get("file"), ("documentation", "images"))
            if path is None:
                continue
            self.placed_images.add(ident)
            credit = str(img.get("author") or "")
            sec.blocks.append(
                self.figure(
                    ident,
                    str(img.get("caption") or ""),
                    str(img.get("alt") or img.get("caption") or ""),
                    path=path,
                    credit=credit,
                )
            )

    def fill(self, item: Any, sec: m.Section) -> tuple[list[m.Block], str]:
        if isinstance(item, str):
            fn = self.builders[item]
            blocks = fn(self, {}, sec)
            return blocks, "present" if blocks else "missing"
        if isinstance(item, dict) and "text" in item:
            blocks, status = self.prose_blocks(str(item["text"]))
            if status == "missing" and item.get("fallback"):
                blocks, status = self.prose_blocks(str(item["fallback"]))
            if status == "missing":
                return [], "optional-missing" if item.get("optional") else "missing"
            heading = item.get("heading")
            if heading:
                blocks.insert(0, m.Heading(1, T(name_text(heading, self.lang))))
            return blocks, status
        if isinstance(item, dict):
            ((kind, arg),) = item.items()
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
