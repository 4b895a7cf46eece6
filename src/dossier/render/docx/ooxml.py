"""WordprocessingML building blocks for the DOCX renderer: elements, runs, fields, bookmarks.

Everything here writes plain lxml elements in schema order (Word refuses files whose
child elements are out of order, LibreOffice is more forgiving); nothing here knows
the document model.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field

from lxml import etree
from lxml.etree import _Element as Element

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "xml": "http://www.w3.org/XML/1998/namespace",
}

# Elements we create declare the prefix they need (w: elements also r:); lxml drops such
# declarations again when an element moves under a root that declares the same prefix.

# Characters XML 1.0 cannot carry (lxml refuses them); tabs and newlines are handled apart.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_QN: dict[str, str] = {}


def qn(tag: str) -> str:
    """'w:p' -> '{namespace}p'."""
    q = _QN.get(tag)
    if q is None:
        prefix, local = tag.split(":", 1)
        q = _QN[tag] = f"{{{NS[prefix]}}}{local}"
    return q


def _nsmap(tag: str) -> dict[str | None, str]:
    prefix = tag.split(":", 1)[0]
    return {"w": NS["w"], "r": NS["r"]} if prefix == "w" else {prefix: NS[prefix]}


def el(tag: str, attrs: dict[str, str] | None = None) -> Element:
    e = etree.Element(qn(tag), nsmap=_nsmap(tag))
    if attrs:
        for k, v in attrs.items():
            e.set(qn(k), v)
    return e


def sub(parent: Element, tag: str, attrs: dict[str, str] | None = None) -> Element:
    prefix = tag.split(":", 1)[0]
    # w: elements only ever go under w: elements, which declare w: (and r:)
    if prefix == "w" or parent.nsmap.get(prefix) == NS[prefix]:
        e = etree.SubElement(parent, qn(tag))
    else:
        e = etree.SubElement(parent, qn(tag), nsmap={prefix: NS[prefix]})
    if attrs:
        for k, v in attrs.items():
            e.set(qn(k), v)
    return e


def clean(text: str) -> str:
    return _BAD_XML.sub("", text)


def insert_ordered(parent: Element, child: Element, order: Sequence[str]) -> Element:
    """Insert child among parent's children respecting the schema sequence `order`
    (qualified names like 'w:pStyle'); an existing child of the same tag is replaced."""
    tags = [qn(t) for t in order]
    rank = {t: i for i, t in enumerate(tags)}
    mine = rank.get(child.tag, len(tags))
    for existing in list(parent):
        if existing.tag == child.tag:
            parent.replace(existing, child)
            return child
    for i, existing in enumerate(parent):
        if rank.get(existing.tag, -1) > mine:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


PPR_ORDER = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)

RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)

SECTPR_ORDER = (
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


# ---------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class PFmt:
    """Paragraph properties the renderer uses (a small, ordered subset of w:pPr)."""

    style: str | None = None  # styleId
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool | None = None  # None: as the style says
    num: tuple[int, int] | None = None  # (numId, ilvl); numId 0 switches numbering off
    no_hyphens: bool = False  # w:suppressAutoHyphens (narrow table columns)
    space_before: int | None = None  # twips
    ind_left: int | None = None  # twips
    ind_hanging: int | None = None
    jc: str | None = None  # left | center | right | both


def paragraph(fmt: PFmt = PFmt()) -> Element:
    p = el("w:p")
    ppr: Element | None = None

    def props() -> Element:
        nonlocal ppr
        if ppr is None:
            ppr = sub(p, "w:pPr")
        return ppr

    if fmt.style:
        sub(props(), "w:pStyle", {"w:val": fmt.style})
    if fmt.keep_next:
        sub(props(), "w:keepNext")
    if fmt.keep_lines:
        sub(props(), "w:keepLines")
    if fmt.page_break_before is not None:
        pb = sub(props(), "w:pageBreakBefore")
        if not fmt.page_break_before:
            pb.set(qn("w:val"), "0")
    if fmt.num is not None:
        num_pr = sub(props(), "w:numPr")
        sub(num_pr, "w:ilvl", {"w:val": str(fmt.num[1])})
        sub(num_pr, "w:numId", {"w:val": str(fmt.num[0])})
    if fmt.no_hyphens:
        sub(props(), "w:suppressAutoHyphens")
    if fmt.space_before is not None:
        sub(props(), "w:spacing", {"w:before": str(fmt.space_before)})
    if fmt.ind_left is not None or fmt.ind_hanging is not None:
        ind = sub(props(), "w:ind")
        if fmt.ind_left is not None:
            ind.set(qn("w:left"), str(fmt.ind_left))
        if fmt.ind_hanging is not None:
            ind.set(qn("w:hanging"), str(fmt.ind_hanging))
    if fmt.jc:
        sub(props(), "w:jc", {"w:val": fmt.jc})
    return p


# ---------------------------------------------------------------- runs


@dataclass(frozen=True, eq=False)
class RFmt:
    """Run properties: a character style plus direct formatting, written in schema order.

    Compared and hashed by a tuple made once: a document compares formats for every run."""

    style: str | None = None  # character styleId
    mono: str | None = None  # font family for code when no code character style exists
    b: bool = False
    i: bool = False
    smallcaps: bool = False
    strike: bool = False
    vert: str | None = None  # superscript | subscript
    lang: str | None = None  # BCP 47 tag, e.g. ru-RU
    rtl: bool = False  # right-to-left (Arabic): w:rtl, the language goes in w:lang w:bidi
    noproof: bool = False  # not spell-checked, hence never hyphenated by Word (proper names)
    cs_font: str | None = None  # complex-script face (w:rFonts w:cs) of right-to-left text
    _key: tuple[object, ...] = dc_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = (
            self.style,
            self.mono,
            self.b,
            self.i,
            self.smallcaps,
            self.strike,
            self.vert,
            self.lang,
            self.rtl,
            self.noproof,
            self.cs_font,
        )
        object.__setattr__(self, "_key", key)

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, RFmt) and self._key == other._key)

    def __hash__(self) -> int:
        return hash(self._key)

    def with_(self, **kw: object) -> RFmt:
        return replace(self, **kw)  # type: ignore[arg-type]


_RPR: dict[RFmt, Element | None] = {}
_UNSEEN = etree.Element("unseen")


def rpr(fmt: RFmt) -> Element | None:
    """A new w:rPr for `fmt` (None for plain text), copied from a cached template: a
    document has a few dozen distinct formats and tens of thousands of runs."""
    template = _RPR.get(fmt, _UNSEEN)
    if template is _UNSEEN:
        if len(_RPR) > 4096:
            _RPR.clear()
        template = _RPR[fmt] = _build_rpr(fmt)
    return None if template is None else copy.copy(template)


def _build_rpr(fmt: RFmt) -> Element | None:
    if fmt == RFmt():
        return None
    r = el("w:rPr")
    if fmt.style:
        sub(r, "w:rStyle", {"w:val": fmt.style})
    if fmt.mono:
        sub(r, "w:rFonts", {"w:ascii": fmt.mono, "w:hAnsi": fmt.mono, "w:cs": fmt.mono})
    elif fmt.cs_font:
        sub(r, "w:rFonts", {"w:cs": fmt.cs_font})
    if fmt.b:
        sub(r, "w:b")
        sub(r, "w:bCs")
    if fmt.i:
        sub(r, "w:i")
        sub(r, "w:iCs")
    if fmt.smallcaps:
        sub(r, "w:smallCaps")
    if fmt.strike:
        sub(r, "w:strike")
    if fmt.noproof:
        sub(r, "w:noProof")
    if fmt.vert:
        sub(r, "w:vertAlign", {"w:val": fmt.vert})
    if fmt.rtl:
        sub(r, "w:rtl")
    if fmt.lang:
        attrs = {"w:val": fmt.lang, "w:bidi": fmt.lang} if fmt.rtl else {"w:val": fmt.lang}
        sub(r, "w:lang", attrs)
    return r


def run(parent: Element, fmt: RFmt = RFmt()) -> Element:
    r = etree.SubElement(parent, _R)  # w: elements only go under w: elements
    props = rpr(fmt)
    if props is not None:
        r.append(props)
    return r


def add_text(r: Element, text: str) -> None:
    """Append text to run r: tabs become w:tab, newlines w:br, spaces are preserved."""
    text = clean(text)
    if "\n" not in text and "\t" not in text:  # the common case
        if text:
            t = etree.SubElement(r, _T)
            t.text = text
            if text[0] == " " or text[-1] == " ":
                t.set(_SPACE, "preserve")
        return
    for li, line in enumerate(text.split("\n")):
        if li:
            sub(r, "w:br")
        for ti, chunk in enumerate(line.split("\t")):
            if ti:
                sub(r, "w:tab")
            if chunk:
                t = sub(r, "w:t")
                t.text = chunk
                if chunk[0] == " " or chunk[-1] == " ":
                    t.set(qn("xml:space"), "preserve")


_T = qn("w:t")
_R = qn("w:r")
_SPACE = qn("xml:space")


def text_run(parent: Element, text: str, fmt: RFmt = RFmt()) -> Element:
    r = run(parent, fmt)
    add_text(r, text)
    return r


# ---------------------------------------------------------------- fields and bookmarks


def field(parent: Element, instr: str, result: str, fmt: RFmt = RFmt()) -> None:
    """A complex field (begin / instrText / separate / result / end) with a pre-filled result."""
    sub(run(parent, fmt), "w:fldChar", {"w:fldCharType": "begin"})
    it = sub(run(parent, fmt), "w:instrText")
    it.text = f" {instr} "
    it.set(qn("xml:space"), "preserve")
    sub(run(parent, fmt), "w:fldChar", {"w:fldCharType": "separate"})
    if result:
        text_run(parent, result, fmt)
    sub(run(parent, fmt), "w:fldChar", {"w:fldCharType": "end"})


def field_begin(parent: Element, instr: str) -> None:
    """Open a field whose result spans several paragraphs (TOC); close with field_end."""
    sub(run(parent), "w:fldChar", {"w:fldCharType": "begin"})
    it = sub(run(parent), "w:instrText")
    it.text = f" {instr} "
    it.set(qn("xml:space"), "preserve")
    sub(run(parent), "w:fldChar", {"w:fldCharType": "separate"})


def field_end(parent: Element) -> None:
    sub(run(parent), "w:fldChar", {"w:fldCharType": "end"})


def bookmark_start(parent: Element, bid: int, name: str) -> None:
    sub(parent, "w:bookmarkStart", {"w:id": str(bid), "w:name": name})


def bookmark_end(parent: Element, bid: int) -> None:
    sub(parent, "w:bookmarkEnd", {"w:id": str(bid)})


class Bookmarks:
    """Word bookmark names (<= 40 chars, letters/digits/_; a leading _ hides them in
    Word's bookmark dialog) and ids, deterministic in document order."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, str], str] = {}
        self.used: set[str] = set()
        self.next_id = 1

    def name(self, prefix: str, key: str) -> str:
        """The bookmark name for (prefix, key); the same pair always gets the same name."""
        if (prefix, key) in self.names:
            return self.names[(prefix, key)]
        base = f"{prefix}_{re.sub(r'[^A-Za-z0-9_]', '_', key)}"
        name = base[:40]
        n = 1
        while name.lower() in self.used:
            n += 1
            suffix = f"_{n}"
            name = base[: 40 - len(suffix)] + suffix
        self.used.add(name.lower())
        self.names[(prefix, key)] = name
        return name

    def new_id(self) -> int:
        bid = self.next_id
        self.next_id += 1
        return bid


def wrap_bookmark(p: Element, children: Iterable[Element], bid: int, name: str) -> None:
    """Surround already-appended `children` of p with a bookmark (start before the first)."""
    kids = list(children)
    if not kids:
        bookmark_start(p, bid, name)
        bookmark_end(p, bid)
        return
    start = el("w:bookmarkStart", {"w:id": str(bid), "w:name": name})
    kids[0].addprevious(start)
    end = el("w:bookmarkEnd", {"w:id": str(bid)})
    kids[-1].addnext(end)
