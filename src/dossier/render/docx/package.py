"""Package-level work for the DOCX renderer: the base (reference) document, styles,
numbering definitions, the footnotes part, settings, document properties and the
deterministic zip.

python-docx manages parts and relationships; the XML inside is written with lxml.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any, cast

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml.parser import parse_xml
from lxml import etree
from lxml.etree import _Element as Element

from dossier.core import resources
from dossier.render.docx import langs
from dossier.render.docx.ooxml import NS, RPR_ORDER, el, insert_ordered, qn, sub

CT_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
CT_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
# Relationships of the reference's main part that belong to its old body, not its look.
_DROP_DOC_RELS = {
    RT.COMMENTS,
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
    "http://schemas.microsoft.com/office/2011/relationships/people",
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
}
_DROP_PKG_RELS = {RT.THUMBNAIL, RT.EXTENDED_PROPERTIES}

SETTINGS_ORDER = (
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
    "w:saveFormsData",
    "w:mirrorMargins",
    "w:alignBordersAndEdges",
    "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter",
    "w:gutterAtTop",
    "w:hideSpellingErrors",
    "w:hideGrammaticalErrors",
    "w:activeWritingStyle",
    "w:proofState",
    "w:formsDesign",
    "w:attachedTemplate",
    "w:linkStyles",
    "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod",
    "w:documentType",
    "w:mailMerge",
    "w:revisionView",
    "w:trackRevisions",
    "w:doNotTrackMoves",
    "w:doNotTrackFormatting",
    "w:documentProtection",
    "w:autoFormatOverride",
    "w:styleLockTheme",
    "w:styleLockQFSet",
    "w:defaultTabStop",
    "w:autoHyphenation",
    "w:consecutiveHyphenLimit",
    "w:hyphenationZone",
    "w:doNotHyphenateCaps",
    "w:showEnvelope",
    "w:summaryLength",
    "w:clickAndTypeStyle",
    "w:defaultTableStyle",
    "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting",
    "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets",
    "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData",
    "w:noPunctuationKerning",
    "w:characterSpacingControl",
    "w:printTwoOnOne",
    "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter",
    "w:noLineBreaksBefore",
    "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml",
    "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml",
    "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving",
    "w:saveThroughXslt",
    "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace",
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def lang_tag(lang: str | None) -> str | None:
    """Model language code -> Word language tag (w:lang) so spell-checking works."""
    return langs.lang_tag(lang)


def default_reference() -> Path:
    return resources.templates_dir() / "docx" / "reference.docx"


# ---------------------------------------------------------------- base document


def open_base(reference: Path | None, *, keep_headers: bool = False) -> DocxDocument:
    """Open the reference document (ours by default) and empty its body, keeping its
    styles, numbering, theme, settings and page setup (pandoc's reference-doc model).
    Its headers and footers go (ours replace them) unless `keep_headers`."""
    data = (reference or default_reference()).read_bytes()
    data = _as_document(data)
    document = docx.Document(io.BytesIO(data))
    part = document.part
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        # the last paragraph may carry the section properties
        last = body.xpath("./w:p[last()]/w:pPr/w:sectPr")
        sect_pr = copy.deepcopy(last[0]) if last else el("w:sectPr")
    for child in list(body):
        body.remove(child)
    refs = sect_pr.findall(qn("w:headerReference")) + sect_pr.findall(qn("w:footerReference"))
    if not keep_headers:
        for ref in refs:
            sect_pr.remove(ref)
    body.append(sect_pr)
    drop = _DROP_DOC_RELS if keep_headers else _DROP_DOC_RELS | {RT.HEADER, RT.FOOTER}
    for rid, rel in list(part.rels.items()):
        if rel.reltype in drop:
            part.drop_rel(rid)
    pkg = part.package
    assert pkg is not None
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype in _DROP_PKG_RELS:
            del pkg.rels[rid]
    return document


def _as_document(data: bytes) -> bytes:
    """Templates (.dotx) and macro files: rewrite the main part's content type so
    python-docx opens them; the macro project relationship is dropped later."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        ct = z.read("[Content_Types].xml").decode("utf-8")
        if not any(t in ct for t in _MAIN_TYPES):
            return data
        for t in _MAIN_TYPES:
            ct = ct.replace(t, CT_DOCUMENT)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                blob = (
                    ct.encode("utf-8") if info.filename == "[Content_Types].xml" else z.read(info)
                )
                w.writestr(info.filename, blob)
    return out.getvalue()


# ---------------------------------------------------------------- styles


@cache
def _default_styles_xml() -> bytes:
    with zipfile.ZipFile(default_reference()) as z:
        return z.read("word/styles.xml")


class StyleBook:
    """Style name -> styleId in the target document. A style the reference lacks is
    copied from dossier's default reference (with what it is based on), so a ministry
    template only has to define the styles it wants to change."""

    def __init__(self, styles_root: Element) -> None:
        self.root = styles_root
        self.by_name: dict[str, Element] = {}
        self.by_id: dict[str, Element] = {}
        for st in styles_root.findall(qn("w:style")):
            self._index(st)
        self._fallback: Element | None = None
        self.cache: dict[tuple[str, ...], str | None] = {}

    def _index(self, st: Element) -> None:
        sid = st.get(qn("w:styleId")) or ""
        name_el = st.find(qn("w:name"))
        name = (name_el.get(qn("w:val")) if name_el is not None else sid) or sid
        self.by_name.setdefault(name.lower(), st)
        self.by_id.setdefault(sid, st)

    def _fallback_root(self) -> Element:
        if self._fallback is None:
            self._fallback = etree.fromstring(_default_styles_xml())
        return self._fallback

    def id(self, *names: str) -> str | None:
        """The styleId of the first of `names` the document defines; otherwise the first
        one dossier's default reference defines, copied over. None if neither has any."""
        if names in self.cache:
            return self.cache[names]
        result: str | None = None
        for name in names:
            st = self.by_name.get(name.lower())
            if st is not None:
                result = str(st.get(qn("w:styleId")) or "") or None
                break
        else:
            for name in names:
                result = self._copy(name)
                if result:
                    break
        self.cache[names] = result
        return result

    def element(self, style_id: str) -> Element | None:
        return self.by_id.get(style_id)

    def _copy(self, name: str) -> str | None:
        src = None
        for st in self._fallback_root().findall(qn("w:style")):
            n = st.find(qn("w:name"))
            if n is not None and (n.get(qn("w:val")) or "").lower() == name.lower():
                src = st
                break
        if src is None:
            return None
        new = copy.deepcopy(src)
        sid = new.get(qn("w:styleId")) or re.sub(r"\W", "", name)
        base_sid, n = sid, 1
        while sid in self.by_id:
            n += 1
            sid = f"{base_sid}{n}"
        new.set(qn("w:styleId"), sid)
        # what it refers to must exist too (by name, in the target)
        for ref in ("w:basedOn", "w:next", "w:link"):
            r = new.find(qn(ref))
            if r is None:
                continue
            target = self._fallback_name(r.get(qn("w:val")) or "")
            tid = self._resolve_dependency(target, ref) if target else None
            if tid is None:
                new.remove(r)
            else:
                r.set(qn("w:val"), tid)
        self.root.append(new)
        self._index(new)
        return sid

    def _resolve_dependency(self, name: str, ref: str) -> str | None:
        st = self.by_name.get(name.lower())
        if st is not None:
            return str(st.get(qn("w:styleId")) or "") or None
        if ref == "w:link":  # linked character styles are optional
            return None
        return self._copy(name)

    def _fallback_name(self, style_id: str) -> str | None:
        for st in self._fallback_root().findall(qn("w:style")):
            if st.get(qn("w:styleId")) == style_id:
                n = st.find(qn("w:name"))
                return n.get(qn("w:val")) if n is not None else style_id
        return None

    def has_numbering(self, style_id: str) -> bool:
        """True if the paragraph style (or what it is based on) numbers its paragraphs:
        a ministry template with numbered headings would then print numbers twice."""
        seen: set[str] = set()
        sid: str | None = style_id
        while sid and sid not in seen:
            seen.add(sid)
            st = self.by_id.get(sid)
            if st is None:
                return False
            num = st.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if num is not None:
                return num.get(qn("w:val")) not in (None, "0")
            based = st.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None
        return False

    def tab_stops(self, style_id: str) -> list[int]:
        """Positions (twips) of the tab stops a paragraph style sets (or inherits)."""
        out: list[int] = []
        seen: set[str] = set()
        sid: str | None = style_id
        while sid and sid not in seen:
            seen.add(sid)
            st = self.by_id.get(sid)
            if st is None:
                break
            for tab in st.findall(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}"):
                pos = tab.get(qn("w:pos")) or ""
                if tab.get(qn("w:val")) != "clear" and pos.lstrip("-").isdigit():
                    out.append(int(pos))
            based = st.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None
        return out

    def set_default_language(self, tag: str) -> None:
        """docDefaults w:lang: the language of every run that does not say otherwise."""
        defaults = self.root.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = el("w:docDefaults")
            self.root.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = el("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = sub(rpr_default, "w:rPr")
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = insert_ordered(rpr, el("w:lang"), RPR_ORDER)
        lang.set(qn("w:val"), tag)


# ---------------------------------------------------------------- numbering

_BULLETS = ("\u2022", "\u2013", "\u25e6")


class NumberingBook:
    """Real list numbering: one bullet and one decimal abstractNum (9 levels each),
    and a w:num per ordered list so each list restarts at its own start value."""

    def __init__(self, document: DocxDocument) -> None:
        self.part = document.part.numbering_part
        self.root = self.part.element
        self.abstract: dict[str, int] = {}
        self.bullet_num: int | None = None
        ids = [
            int(a.get(qn("w:abstractNumId")) or 0) for a in self.root.findall(qn("w:abstractNum"))
        ]
        self.next_abstract = max(ids, default=-1) + 1
        nums = [int(n.get(qn("w:numId")) or 0) for n in self.root.findall(qn("w:num"))]
        self.next_num = max(nums, default=0) + 1

    def _abstract(self, kind: str) -> int:
        if kind in self.abstract:
            return self.abstract[kind]
        aid = self.next_abstract
        self.next_abstract += 1
        a = el("w:abstractNum", {"w:abstractNumId": str(aid)})
        sub(a, "w:nsid", {"w:val": f"{0x0D055100 + aid:08X}"})
        sub(a, "w:multiLevelType", {"w:val": "hybridMultilevel"})
        sub(a, "w:name", {"w:val": f"dossier-{kind}"})
        for lvl in range(9):
            lv = sub(a, "w:lvl", {"w:ilvl": str(lvl)})
            sub(lv, "w:start", {"w:val": "1"})
            if kind == "bullet":
                sub(lv, "w:numFmt", {"w:val": "bullet"})
                sub(lv, "w:lvlText", {"w:val": _BULLETS[lvl % len(_BULLETS)]})
            else:
                # Markdown numbers ("3.") are decimal at every depth
                sub(lv, "w:numFmt", {"w:val": "decimal"})
                sub(lv, "w:lvlText", {"w:val": f"%{lvl + 1}."})
            sub(lv, "w:lvlJc", {"w:val": "left"})
            ppr = sub(lv, "w:pPr")
            # print.css: each list level indents its text by 6 mm, the marker hangs 4 mm
            sub(ppr, "w:ind", {"w:left": str(self.indent(lvl)), "w:hanging": "227"})
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(a)
        else:
            self.root.append(a)
        self.abstract[kind] = aid
        return aid

    def _num(self, abstract_id: int, restart: tuple[int, int] | None) -> int:
        nid = self.next_num
        self.next_num += 1
        n = sub(self.root, "w:num", {"w:numId": str(nid)})
        sub(n, "w:abstractNumId", {"w:val": str(abstract_id)})
        if restart is not None:
            ov = sub(n, "w:lvlOverride", {"w:ilvl": str(restart[0])})
            sub(ov, "w:startOverride", {"w:val": str(restart[1])})
        return nid

    def bullets(self) -> int:
        if self.bullet_num is None:
            self.bullet_num = self._num(self._abstract("bullet"), None)
        return self.bullet_num

    def ordered(self, level: int, start: int) -> int:
        return self._num(self._abstract("decimal"), (level, start))

    @staticmethod
    def indent(level: int) -> int:
        """Left indent (twips) of the text of a list item at `level`."""
        return 340 * (level + 1)


# ---------------------------------------------------------------- footnotes


class FootnotesBook:
    """The footnotes part: reused from the reference (its separators kept, its notes
    dropped) or created on first use with a separator and a continuation separator."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.part: XmlPart | None = None
        self.root: Element | None = None
        self.next_id = 1
        main = document.part
        for rid, rel in list(main.rels.items()):
            if rel.reltype != RT.FOOTNOTES or rel.is_external:
                continue
            target = rel.target_part
            main.drop_rel(rid)
            root = target.element if isinstance(target, XmlPart) else parse_xml(target.blob)
            self._adopt(root)

    def _adopt(self, root: Element) -> None:
        main = self.document.part
        pkg = main.package
        assert pkg is not None
        part = XmlPart(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, cast(Any, root), pkg)
        main.relate_to(part, RT.FOOTNOTES)
        keep = 0
        for fn in root.findall(qn("w:footnote")):
            if fn.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                keep = max(keep, int(fn.get(qn("w:id")) or 0))
            else:
                root.remove(fn)
        self.next_id = keep + 1
        self.part, self.root = part, root

    def new(self) -> tuple[int, Element]:
        if self.root is None:
            self._adopt(parse_xml(_FOOTNOTES_XML))
        assert self.root is not None
        fid = self.next_id
        self.next_id += 1
        fn = sub(self.root, "w:footnote", {"w:id": str(fid)})
        return fid, fn


_FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{NS["w"]}" xmlns:r="{NS["r"]}" xmlns:wp="{NS["wp"]}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


# ---------------------------------------------------------------- settings and properties


def finish_settings(document: DocxDocument, *, footnotes: Element | None) -> None:
    """Ask Word to refresh fields on open (the page numbers of the contents and of the
    cross-references are not known here; `lo_update` fills them and drops the request);
    hyphenate as the PDF does; keep the embedded fonts when Word saves; drop what would
    leak the template's origin or tell Word that spelling was already checked."""
    settings = document.settings.element
    for tag in (
        "w:attachedTemplate",
        "w:proofState",
        "w:removePersonalInformation",
        "w:removeDateAndTime",
    ):
        for e in settings.findall(qn(tag)):
            settings.remove(e)
    insert_ordered(settings, el("w:updateFields", {"w:val": "true"}), SETTINGS_ORDER)
    insert_ordered(settings, el("w:embedTrueTypeFonts"), SETTINGS_ORDER)
    insert_ordered(settings, el("w:autoHyphenation"), SETTINGS_ORDER)
    # words in capitals (acronyms) stay whole; capitalised words (names) are w:noProof
    insert_ordered(settings, el("w:doNotHyphenateCaps"), SETTINGS_ORDER)
    if footnotes is not None:
        seps = [
            f.get(qn("w:id")) or ""
            for f in footnotes.findall(qn("w:footnote"))
            if f.get(qn("w:type")) in ("separator", "continuationSeparator")
        ]
        pr = settings.find(qn("w:footnotePr"))
        if pr is None:
            pr = insert_ordered(settings, el("w:footnotePr"), SETTINGS_ORDER)
        for e in pr.findall(qn("w:footnote")):
            pr.remove(e)
        for sid in seps:
            sub(pr, "w:footnote", {"w:id": sid})


def set_properties(
    document: DocxDocument,
    *,
    title: str,
    subject: str,
    author: str,
    keywords: str,
    category: str,
    language: str,
    date: dt.datetime | None,
) -> None:
    """Core properties from the model only: no clock, no user name, no tool signature."""
    cp = document.core_properties
    element = cast(Any, cp)._element
    for child in list(element):
        element.remove(child)
    cp.title = title
    cp.subject = subject
    cp.author = author
    cp.keywords = keywords
    cp.category = category
    cp.language = language
    cp.revision = 1
    if date is not None:
        cp.created = date
        cp.modified = date
    for child in list(element):
        if not (child.text or "").strip():
            element.remove(child)
    pkg = document.part.package
    assert pkg is not None
    app = Part(PackURI("/docProps/app.xml"), CT_APP, _APP_XML, pkg)
    pkg.relate_to(app, RT.EXTENDED_PROPERTIES)


_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>dossier</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


# ---------------------------------------------------------------- deterministic zip


def zip_date(iso: str) -> tuple[int, int, int, int, int, int]:
    """Zip entry timestamp from the document date (zip cannot go below 1980)."""
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    if d.year < 1980 or d.year > 2107:
        return (1980, 1, 1, 0, 0, 0)
    return (d.year, d.month, d.day, 0, 0, 0)


def normalize_zip(
    data: bytes, date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)
) -> bytes:
    """Rewrite a package with fixed entry dates and attributes, keeping the entry order
    ([Content_Types].xml first), so the same content always gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = 0o100644 << 16
            dst.writestr(zi, src.read(info), compresslevel=6)
    return out.getvalue()


# Already compressed: deflating them again costs time and gains nothing.
_STORED = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".emf", ".wmf", ".odttf")


def write_package(document: DocxDocument, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """The package as zip bytes, written once with fixed entry dates and attributes, in
    python-docx's own order ([Content_Types].xml, package rels, then each part and its
    rels in relationship-walk order)."""
    from docx.opc.pkgwriter import _ContentTypesItem

    pkg = document.part.package
    assert pkg is not None
    parts = list(pkg.iter_parts())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:

        def put(name: str, blob: bytes) -> None:
            zi = zipfile.ZipInfo(name, date_time=date_time)
            zi.create_system = 3
            zi.external_attr = 0o100644 << 16
            if name.lower().endswith(_STORED):
                zi.compress_type = zipfile.ZIP_STORED
                z.writestr(zi, blob)
            else:
                zi.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(zi, blob, compresslevel=6)

        put("[Content_Types].xml", cast(Any, _ContentTypesItem).from_parts(parts).blob)
        put("_rels/.rels", pkg.rels.xml)
        for part in parts:
            put(part.partname.membername, part.blob)
            if len(part.rels):
                put(part.partname.rels_uri.membername, part.rels.xml)
    return out.getvalue()
