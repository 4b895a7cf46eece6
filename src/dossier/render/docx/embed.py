"""Embed the shipped fonts in the DOCX, so Word and LibreOffice set it in PT Serif and
PT Sans on machines that do not have them (as the PDF is).

Word stores embedded TrueType fonts "obfuscated" (ECMA-376 Part 1, 17.8.1): the font file
with its first 32 bytes XORed with a GUID, the GUID written as `w:fontKey` on the
`w:embedRegular`/`w:embedBold`/... element of the font in word/fontTable.xml. The GUID is
derived from the font file's hash, so the output stays byte-identical.

Licences: PT Serif and PT Sans (ParaType Free Font License) allow "embedding in
documents"; the licence text travels inside each font file (name ID 13), which is
embedded unmodified. The Arabic fallback face is under the SIL OFL 1.1, which allows it.
All have OS/2 fsType 0 (installable embedding).
"""

from __future__ import annotations

import hashlib
import uuid
from functools import cache
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree
from lxml.etree import _Element as Element

from dossier.core.resources import templates_dir
from dossier.render.docx.ooxml import NS, el, qn, sub

CT_OBFUSCATED = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# Family -> (fontTable element, file), for every face dossier ships.
SHIPPED: dict[str, tuple[tuple[str, str], ...]] = {
    "PT Serif": (
        ("w:embedRegular", "PTSerif-Regular.ttf"),
        ("w:embedBold", "PTSerif-Bold.ttf"),
        ("w:embedItalic", "PTSerif-Italic.ttf"),
        ("w:embedBoldItalic", "PTSerif-BoldItalic.ttf"),
    ),
    "PT Sans": (
        ("w:embedRegular", "PTSans-Regular.ttf"),
        ("w:embedBold", "PTSans-Bold.ttf"),
        ("w:embedItalic", "PTSans-Italic.ttf"),
        ("w:embedBoldItalic", "PTSans-BoldItalic.ttf"),
    ),
    "Dossier Fallback Arabic": (("w:embedRegular", "DossierFallbackArabic-Regular.ttf"),),
}
# What the font table says of each family (Word picks a substitute from it if needed).
_DESCRIPTION = {
    "PT Serif": ("020A0603040505020204", "roman"),
    "PT Sans": ("020B0503020203020204", "swiss"),
    "Dossier Fallback Arabic": ("020B0502040504020204", "roman"),
}
_FONT_ORDER = (
    "w:altName",
    "w:panose1",
    "w:charset",
    "w:family",
    "w:notTrueType",
    "w:pitch",
    "w:sig",
    "w:embedRegular",
    "w:embedBold",
    "w:embedItalic",
    "w:embedBoldItalic",
)


def font_key(data: bytes) -> str:
    """A GUID for a font file, the same for the same bytes: {XXXXXXXX-XXXX-...}."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """The first 32 bytes XORed with the key's 16 bytes, taken from the GUID string
    read backwards two hex digits at a time (the same operation undoes it)."""
    digits = key.strip("{}").replace("-", "")
    raw = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ raw[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


@cache
def _embedded(file: str) -> tuple[str, bytes]:
    data = (templates_dir() / "fonts" / file).read_bytes()
    key = font_key(data)
    return key, obfuscate(data, key)


_RFONTS = etree.XPath("//w:rFonts/@*", namespaces={"w": NS["w"]})


def used_families(*roots: Element) -> set[str]:
    """Font names the styles and the text name (w:rFonts attributes)."""
    names: set[str] = set()
    for root in roots:
        for value in _RFONTS(root):
            names.add(str(value))
    return names


def embed_fonts(document: DocxDocument, families: set[str]) -> list[str]:
    """Embed the shipped faces of `families` (those dossier ships) in the document's font
    table; returns the families embedded, in a fixed order."""
    table_part = None
    for rel in document.part.rels.values():
        if rel.reltype == RT.FONT_TABLE and not rel.is_external:
            table_part = rel.target_part
    wanted = [f for f in SHIPPED if f in families]
    if table_part is None or not wanted:
        return []
    root = etree.fromstring(table_part.blob)
    package = document.part.package
    assert package is not None
    count = 0
    existing = {str(p.partname) for p in package.iter_parts()}
    for family in wanted:
        font = next((f for f in root.findall(qn("w:font")) if f.get(qn("w:name")) == family), None)
        if font is None:
            font = sub(root, "w:font", {"w:name": family})
            panose, kind = _DESCRIPTION[family]
            sub(font, "w:panose1", {"w:val": panose})
            sub(font, "w:charset", {"w:val": "00"})
            sub(font, "w:family", {"w:val": kind})
            sub(font, "w:pitch", {"w:val": "variable"})
        for tag, _ in SHIPPED[family]:
            for old in font.findall(qn(tag)):
                font.remove(old)
        for tag, file in SHIPPED[family]:
            key, blob = _embedded(file)
            count += 1
            name = f"/word/fonts/font{count}.odttf"
            while name in existing:
                count += 1
                name = f"/word/fonts/font{count}.odttf"
            existing.add(name)
            part = Part(PackURI(name), CT_OBFUSCATED, blob, package)
            rid = table_part.relate_to(part, RT.FONT)
            _insert(font, el(tag, {"r:id": rid, "w:fontKey": key}))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    _set_blob(table_part, blob)
    return wanted


def _insert(font: Element, child: Element) -> None:
    rank = {qn(t): i for i, t in enumerate(_FONT_ORDER)}
    mine = rank[child.tag]
    for i, e in enumerate(font):
        if rank.get(e.tag, len(rank)) > mine:
            font.insert(i, child)
            return
    font.append(child)


def _set_blob(part: Any, blob: bytes) -> None:
    """The font table is a plain (blob) part in python-docx."""
    part._blob = blob
