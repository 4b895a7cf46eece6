"""Loading a CSL style for citeproc-py, with small, spec-following adjustments of the tree.

The style file is never modified on disk; the adjustments bring CSL 1.0.1 behaviour that
citeproc-py lacks, and take the citation layout's affixes so the formatter can assemble
clusters (needed for pandoc's author-in-text and suppress-author forms).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from citeproc import LOCALES_PATH, PRIMARY_DIALECTS, CitationStylesStyle
from lxml import etree

from dossier.bib import runsfmt

CSL = "{http://purl.org/net/xbiblio/csl}"
_NS = {"cs": CSL[1:-1]}
_FORMAT_ATTRS = {
    ("font-style", "italic"): "i",
    ("font-style", "oblique"): "i",
    ("font-weight", "bold"): "b",
    ("font-variant", "small-caps"): "c",
    ("vertical-align", "sup"): "p",
    ("vertical-align", "sub"): "s",
}


class StyleError(Exception):
    """The CSL style cannot be used (unreadable, not CSL, or no citation layout)."""


@dataclass(frozen=True)
class Layout:
    """The citation layout's affixes, delimiter and formatting, applied by the formatter."""

    prefix: str
    suffix: str
    delimiter: str
    codes: tuple[str, ...]

    def wrap(self, text: str) -> str:
        out = self.prefix + text + self.suffix
        for code in self.codes:
            out = runsfmt.wrap(code, out)
        return out


def detach_layout(style: Any) -> Layout:
    """Take affixes and formatting off ``<citation><layout>`` so items render bare."""
    layout = style.root.citation.layout
    codes = tuple(
        code for (attr, value), code in _FORMAT_ATTRS.items() if layout.get(attr) == value
    )
    prefix, suffix, delimiter = (
        layout.attrib.pop(a, "") for a in ("prefix", "suffix", "delimiter")
    )
    for attr in ("font-style", "font-weight", "font-variant", "vertical-align"):
        layout.attrib.pop(attr, None)
    return Layout(prefix, suffix, delimiter or "; ", codes)


def patch_initialize(root: Any) -> None:
    """Keep a style-level ``initialize-with`` away from names marked ``initialize="false"``."""
    mark = root.get("initialize-with")
    if mark is None or not root.xpath("//cs:name[@initialize='false']", namespaces=_NS):
        return
    for name in root.iter(CSL + "name"):
        if name.get("initialize") != "false" and name.get("initialize-with") is None:
            name.set("initialize-with", mark)
    del root.attrib["initialize-with"]


def _year_only(date: Any) -> bool:
    if date.get("date-parts") == "year":
        return True
    parts = [p.get("name") for p in date.iterchildren(CSL + "date-part")]
    return parts == ["year"]


def patch_year_suffix(root: Any) -> None:
    """CSL 1.0: a style that never prints ``year-suffix`` gets it after the year ("2016a").

    The year-only ``issued`` dates and the "n.d." term are wrapped in a group with the suffix
    (citeproc-py does not count ``year-suffix`` for group suppression, so "n.d." stays).
    """
    if root.xpath("//cs:text[@variable='year-suffix']", namespaces=_NS):
        return
    targets = [
        d for d in root.iter(CSL + "date") if d.get("variable") == "issued" and _year_only(d)
    ]
    targets += [t for t in root.iter(CSL + "text") if t.get("term") == "no date"]
    for element in targets:
        group = element.makeelement(CSL + "group", {})
        element.getparent().replace(element, group)
        group.append(element)
        for attr in ("prefix", "suffix"):
            if attr in element.attrib:
                group.set(attr, element.attrib.pop(attr))
        suffix = group.makeelement(CSL + "text", {"variable": "year-suffix"})
        if element.tag == CSL + "text":
            suffix.set("prefix", "-")  # "n.d.-a"
        group.append(suffix)


def effective_locale(locale: str) -> str:
    """The citeproc-py locale used for ``locale``: itself, its main dialect ("fr" ->
    "fr-FR"), or en-US when citeproc-py ships no locale for the language (e.g. Kazakh)."""
    language = locale.split("-")[0].lower()
    for candidate in (locale, PRIMARY_DIALECTS.get(language)):
        if candidate and (Path(LOCALES_PATH) / f"locales-{candidate}.xml").is_file():
            return str(candidate)
    return "en-US"


def load_style(path: Path, locale: str) -> tuple[Any, str]:
    """Parse and adjust a style; returns it with the locale actually used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StyleError(f"cannot read the CSL style {path.name}: {exc.strerror}") from exc
    if b"<!ENTITY" in data.upper():  # entities can read other files or expand to gigabytes
        raise StyleError(f"the CSL style {path.name} declares XML entities, which are refused")
    used = effective_locale(locale)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            style = CitationStylesStyle(BytesIO(data), locale=used, validate=False)
    except etree.XMLSyntaxError as exc:
        raise StyleError(f"the CSL style {path.name} is not valid XML: {exc}") from exc
    root = style.root
    if root.tag != CSL + "style" or root.find(CSL + "citation") is None:
        raise StyleError(f"{path.name} is not a CSL style with a <citation> element")
    patch_initialize(root)
    patch_year_suffix(root)
    return style, used
