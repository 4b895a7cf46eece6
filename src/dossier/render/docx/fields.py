"""Write computed page numbers into the PAGEREF fields of a DOCX dossier wrote.

`lo_update` has LibreOffice lay the document out and report on which page each bookmark
lands; this module puts those numbers into the results of the PAGEREF fields (the
contents, the lists of figures and tables, the ", p. N" of cross-references) and drops
settings.xml's request to update fields on opening. Every other part of the package is
copied byte for byte, so styles, numbering, table styles and paragraphs stay ours.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping

from lxml import etree
from lxml.etree import _Element as Element

from dossier.render.docx.ooxml import el, qn, sub

# Parts whose fields are filled (headers and footers hold only PAGE and NUMPAGES).
STORY_PARTS = ("word/document.xml", "word/footnotes.xml")
_PAGEREF = re.compile(r"^\s*PAGEREF\s+(\S+)")


def pageref_targets(docx: bytes) -> set[str]:
    """Bookmark names the PAGEREF fields of the package point at."""
    names: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        for part in STORY_PARTS:
            if part not in z.namelist():
                continue
            for mo in re.finditer(rb"PAGEREF\s+([^\s<]+)", z.read(part)):
                names.add(mo.group(1).decode("utf-8", "replace"))
    return names


def fill_pagerefs(root: Element, pages: Mapping[str, int]) -> int:
    """Set the result of every PAGEREF field whose bookmark is in `pages`; returns how
    many were set. Fields are followed run by run (begin, instrText, separate, result,
    end), nested fields included."""
    stack: list[dict[str, object]] = []
    filled = 0
    for r in list(root.iter(qn("w:r"))):
        for child in r:
            if child.tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    stack.append({"instr": "", "separate": None, "result": []})
                elif kind == "separate" and stack:
                    stack[-1]["separate"] = r
                elif kind == "end" and stack:
                    f = stack.pop()
                    mo = _PAGEREF.match(str(f["instr"]))
                    sep = f["separate"]
                    if mo and mo.group(1) in pages and isinstance(sep, etree._Element):
                        results = f["result"]
                        assert isinstance(results, list)
                        _set_result(sep, results, str(pages[mo.group(1)]))
                        filled += 1
            elif child.tag == qn("w:instrText") and stack:
                stack[-1]["instr"] = str(stack[-1]["instr"]) + (child.text or "")
            elif child.tag == qn("w:t") and stack and stack[-1]["separate"] is not None:
                result = stack[-1]["result"]
                assert isinstance(result, list)
                if r not in result:
                    result.append(r)
    return filled


def _set_result(separate: Element, results: list[Element], text: str) -> None:
    """The field's result becomes `text`, in a run formatted as the field's own runs."""
    for r in results:
        parent = r.getparent()
        if parent is not None:
            parent.remove(r)
    new = el("w:r")
    rpr = separate.find(qn("w:rPr"))
    if rpr is not None:
        new.append(etree.fromstring(etree.tostring(rpr)))
    sub(new, "w:t").text = text
    separate.addnext(new)


def drop_update_request(settings: Element) -> None:
    """Field results are filled: Word need not ask to update them on every opening."""
    for e in settings.findall(qn("w:updateFields")):
        settings.remove(e)


def rewrite(docx: bytes, pages: Mapping[str, int]) -> tuple[bytes, int]:
    """The package with its PAGEREF results filled from `pages`; entries keep their
    order, dates and compression; parts without fields are copied unchanged."""
    out = io.BytesIO()
    filled = 0
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in STORY_PARTS or info.filename == "word/settings.xml":
                root = etree.fromstring(data)
                if info.filename == "word/settings.xml":
                    drop_update_request(root)
                else:
                    filled += fill_pagerefs(root, pages)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.create_system = info.create_system
            zi.external_attr = info.external_attr
            zi.compress_type = info.compress_type
            dst.writestr(zi, data, compresslevel=6 if info.compress_type else None)
    return out.getvalue(), filled
