"""Citations and bibliography with citeproc-py, as renderer-neutral ``Rich`` runs.

Import this module lazily (it loads citeproc and lxml); ``dossier check`` never needs it.

citeproc-py implements CSL 1.0 only in part, so the formatter does a few things itself:

* each cited item is rendered alone and clusters are assembled here, which gives
  pandoc's ``suppress_author`` (``[-@key]``) and author-in-text (``@key``) forms: family
  names are wrapped in sentinels so the author part can be cut out of the rendering;
* author-date ambiguity (two "Smith 2019") gets year suffixes a, b, ... in bibliography
  order, through the ``year-suffix`` variable the style prints;
* a style-level ``initialize-with`` is not applied to names marked ``initialize="false"``
  (CSL 1.0.1, which citeproc-py ignores: it would print "Smith, J." in Chicago 18);
* keys keep their case (citeproc-py lower-cases them), titles in a non-English
  ``language`` or a non-Latin script keep their case, and ``translated-title`` follows the
  title in square brackets, outside its quotation marks and italics.
"""

from __future__ import annotations

import re
import warnings
from io import BytesIO
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from citeproc import (  # type: ignore[import-untyped]
    DATES,
    NAMES,
    VARIABLES,
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
)
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
from citeproc.string import String  # type: ignore[import-untyped]
from lxml import etree

from dossier.bib import runsfmt
from dossier.bib.csl import (
    NAME_FIELDS,
    TRANSLATED_TITLE,
    normalize_date,
    normalize_names,
    text_of,
)
from dossier.bib.rich import Rich, linkify
from dossier.mdext.citesyntax import Cluster, split_locator
from dossier.resources import data_dir

DEFAULT_STYLE = "chicago-author-date.csl"

_NAME_OPEN, _NAME_CLOSE = "\ue000", "\ue001"
_TR_OPEN, _TR_CLOSE = "\ue002", "\ue003"
_CSL = "{http://purl.org/net/xbiblio/csl}"
_FORMAT_ATTRS = {
    ("font-style", "italic"): "i",
    ("font-style", "oblique"): "i",
    ("font-weight", "bold"): "b",
    ("font-variant", "small-caps"): "c",
    ("vertical-align", "sup"): "p",
    ("vertical-align", "sub"): "s",
}
_NAME_PARTS = frozenset({"family", "given", "dropping-particle", "non-dropping-particle",
                         "suffix", "literal"})
_FIELD_CASE = {"doi": "DOI", "url": "URL", "isbn": "ISBN", "issn": "ISSN",
               "pmid": "PMID", "pmcid": "PMCID"}
_NON_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")
# A translated title followed by closing markers or quotation marks moves after them.
_TR_MOVE = re.compile(f"({_TR_OPEN}[^{_TR_CLOSE}]*{_TR_CLOSE})((?:{runsfmt.CLOSE}|[”’\"»\u00a0\u202f])+)")


class StyleError(Exception):
    """The CSL style cannot be used (unreadable, not CSL, or no citation layout)."""


def default_style_path() -> Path:
    """The CSL style shipped with dossier (Chicago author-date, 18th edition)."""
    return data_dir("templates") / "csl" / DEFAULT_STYLE


def _is_english(language: Any) -> bool:
    return isinstance(language, str) and language.lower().startswith("en")


def _protected_title(item: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(title, short title)`` in citeproc-py's markup: nocase spans and the translation."""
    title = text_of(item.get("title"))
    if title is None:
        return None
    language = item.get("language")
    keep_case = (language is not None and not _is_english(language)) or (
        language is None and _NON_LATIN.search(title) is not None
    )
    shown = f'<span class="nocase">{title}</span>' if keep_case else title
    translated = text_of(item.get(TRANSLATED_TITLE))
    if not translated:
        return shown, ""
    return shown + f'{_TR_OPEN} <span class="nocase">[{translated}]</span>{_TR_CLOSE}', shown


def _names(value: Any, marked: bool) -> list[dict[str, str]] | None:
    names = normalize_names(value)
    if names is None:
        return None
    out = []
    for name in names:
        clean = {k: runsfmt.sanitize(v) for k, v in name.items() if k in _NAME_PARTS}
        if marked:  # the parts a short-form name prints: "van Gogh", "UNESCO"
            for part in ("family", "literal", "non-dropping-particle"):
                if part in clean:
                    clean[part] = _NAME_OPEN + clean[part] + _NAME_CLOSE
        out.append(clean)
    return out


def _csl_json(item: Mapping[str, Any], internal: str, marked: bool) -> dict[str, Any]:
    """One item as citeproc-py's CSL-JSON: known variables only, shortcuts normalised."""
    out: dict[str, Any] = {"id": internal, "type": str(item.get("type") or "document")}
    for raw_key, value in item.items():
        key = _FIELD_CASE.get(str(raw_key), str(raw_key))
        py_key = key.replace("-", "_")
        if key in ("id", "type", "title", "title-short", TRANSLATED_TITLE):
            continue
        if key in NAME_FIELDS:
            names = _names(value, marked) if py_key in NAMES else None
            if names:
                out[key] = names
        elif py_key in DATES:
            date = normalize_date(value)
            if date is not None:
                out[key] = date
        elif py_key in VARIABLES and (text := text_of(value)) is not None:
            out[key] = runsfmt.sanitize(text)
    clean = {k: runsfmt.sanitize(v) if isinstance(v, str) else v for k, v in item.items()}
    titles = _protected_title(clean)
    if titles is not None:
        out["title"] = titles[0]
        short = text_of(clean.get("title-short")) or titles[1]
        if short:
            out["title-short"] = short
    return out


def _patch_initialize(root: Any) -> None:
    """Keep a style-level ``initialize-with`` away from names marked ``initialize="false"``."""
    mark = root.get("initialize-with")
    if mark is None or not root.xpath("//cs:name[@initialize='false']", namespaces={"cs": _CSL[1:-1]}):
        return
    for name in root.iter(_CSL + "name"):
        if name.get("initialize") != "false" and name.get("initialize-with") is None:
            name.set("initialize-with", mark)
    del root.attrib["initialize-with"]


class Formatter:
    """Formats the citation clusters of one document and its bibliography.

    Call ``register`` with every cluster of the document first (disambiguation needs them
    all), then ``cite`` each cluster and take ``bibliography()`` (cited entries, sorted as
    the style says). Entries with a duplicate or non-text ``id`` are skipped (checks report
    them); an unknown key prints as a bold ``key?``.
    """

    def __init__(
        self, entries: Iterable[Mapping[str, Any]], style_path: Path | str, locale: str = "en-US"
    ) -> None:
        self._internal: dict[str, str] = {}
        plain_items, marked_items = [], []
        for item in entries:
            key = item.get("id") if isinstance(item, Mapping) else None
            if not isinstance(key, str) or key in self._internal:
                continue
            internal = f"r{len(self._internal)}"
            self._internal[key] = internal
            plain_items.append(_csl_json(item, internal, marked=False))
            marked_items.append(_csl_json(item, internal, marked=True))
        self._key_of = {v: k for k, v in self._internal.items()}
        self.style, self.locale = _load_style(Path(style_path), locale)
        self._layout = _detach_layout(self.style)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._plain = CitationStylesBibliography(
                self.style, CiteProcJSON(plain_items), runsfmt
            )
            self._marked = CitationStylesBibliography(
                self.style, CiteProcJSON(marked_items), runsfmt
            )
        self._et_al = str(self.style.root.get_single_term(name="et-al") or "")
        piq = self.style.root.get_locale_option("punctuation-in-quote") or "false"
        self._punctuation_in_quote = str(piq).lower() == "true"
        self._ready = True

    # ---------------------------------------------------------------- registration

    def register(self, clusters: Iterable[Cluster], *, nocite: Iterable[str] = ()) -> None:
        """Record cited keys in document order; ``nocite`` adds entries (``"*"`` = all)."""
        keys = [item["key"] for cluster in clusters for item in cluster["items"]]
        wanted = set(nocite)
        keys += list(self._internal) if "*" in wanted else sorted(wanted)
        for key in keys:
            internal = self._internal.get(key)
            if internal is None:
                continue
            for bib in (self._plain, self._marked):
                bib.register(Citation([CitationItem(internal)]))
        self._ready = False

    def _prepare(self) -> None:
        """Sort the bibliography once, then give ambiguous author-date pairs a, b, ..."""
        if self._ready:
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._plain.sort()
            self._marked.keys = list(self._plain.keys)
            self._marked.items = [self._item(k) for k in self._plain.keys]
            groups: dict[str, list[str]] = {}
            for internal in self._plain.keys:
                for bib in (self._plain, self._marked):
                    bib.source[internal].pop("year_suffix", None)
                text = _strip_sentinels(self._render_item(internal, ""))
                groups.setdefault(runsfmt.sanitize(text), []).append(internal)
            for members in groups.values():
                if len(members) < 2:
                    continue
                for n, internal in enumerate(members):
                    for bib in (self._plain, self._marked):
                        bib.source[internal]["year_suffix"] = String(_letters(n))
        self._ready = True

    def _item(self, internal: str, locator: str = "") -> Any:
        if not locator:
            return CitationItem(internal)
        label, value = split_locator(locator)
        return CitationItem(internal, locator=Locator(label, value))

    def _render_item(self, internal: str, locator: str) -> str:
        citation = Citation([self._item(internal, locator)])
        citation.bibliography = self._marked
        return str(self._marked.cite(citation, lambda _item: None))

    # ---------------------------------------------------------------- output

    def cite(self, cluster: Cluster) -> Rich:
        """One cluster as rich text, e.g. ``(Smith 2019a, 12; see Doe 2020)``."""
        self._prepare()
        intext = cluster["mode"] == "intext"
        pieces = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for item in cluster["items"]:
                pieces.append(self._cite_item(item, intext=intext))
        if intext:
            text = "; ".join(pieces)
        else:
            text = self._layout.wrap(self._layout.delimiter.join(pieces))
        return self._finish(text)

    def _cite_item(self, item: Mapping[str, Any], *, intext: bool) -> str:
        internal = self._internal.get(str(item["key"]))
        if internal is None:
            missing = runsfmt.wrap("b", runsfmt.sanitize(str(item["key"])) + "?")
            return self._layout.wrap(missing) if intext else missing
        text = self._render_item(internal, str(item.get("locator") or ""))
        author, rest = self._split_author(text)
        suffix = runsfmt.sanitize(str(item.get("suffix") or ""))
        if suffix:
            suffix = (" " if suffix[0].isalnum() else "") + suffix
        if intext:
            if author is None:
                return self._layout.wrap(text + suffix)
            body = rest + suffix
            return author + (" " + self._layout.wrap(body) if body.strip() else "")
        if item.get("suppress_author") and author is not None:
            text = rest
        prefix = runsfmt.sanitize(str(item.get("prefix") or ""))
        return (prefix + " " if prefix else "") + text + suffix

    def _split_author(self, text: str) -> tuple[str | None, str]:
        """Cut the names (and a following "et al.") out of one rendered item."""
        first, last = text.find(_NAME_OPEN), text.rfind(_NAME_CLOSE)
        if first < 0 or last < first:
            return None, text
        end = last + 1
        if self._et_al:
            m = re.compile(r",?\s*" + re.escape(self._et_al)).match(text, end)
            if m:
                end = m.end()
        rest = text[:first] + re.sub(r"^[\s,;:]+", "", text[end:])
        return text[first:end], rest

    def bibliography(self) -> list[tuple[str, Rich]]:
        """The cited entries as ``(key, rich text)``, in the style's order; URLs are links."""
        self._prepare()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rendered = self._plain.bibliography()
        return [
            (self._key_of[internal], linkify(self._finish(str(text))))
            for internal, text in zip(self._plain.keys, rendered, strict=True)
        ]

    def _finish(self, text: str) -> Rich:
        text = _TR_MOVE.sub(r"\2\1", text)
        text = _strip_sentinels(text)
        if self._punctuation_in_quote:
            text = re.sub(r"”((?:" + runsfmt.CLOSE + r")*)([.,])", r"\2”\1", text)
        return runsfmt.decode(text)


def _strip_sentinels(text: str) -> str:
    for ch in (_NAME_OPEN, _NAME_CLOSE, _TR_OPEN, _TR_CLOSE):
        text = text.replace(ch, "")
    return text


def _letters(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa: year suffixes."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


class _Layout:
    """The citation layout's affixes, delimiter and formatting, applied by the formatter."""

    def __init__(self, prefix: str, suffix: str, delimiter: str, codes: list[str]) -> None:
        self.prefix, self.suffix, self.delimiter, self.codes = prefix, suffix, delimiter, codes

    def wrap(self, text: str) -> str:
        out = self.prefix + text + self.suffix
        for code in self.codes:
            out = runsfmt.wrap(code, out)
        return out


def _detach_layout(style: Any) -> _Layout:
    """Take affixes/formatting off ``<citation><layout>`` so items render bare."""
    layout = style.root.citation.layout
    codes = [code for (attr, value), code in _FORMAT_ATTRS.items() if layout.get(attr) == value]
    parts = [layout.attrib.pop(a, "") for a in ("prefix", "suffix", "delimiter")]
    for attr in ("font-style", "font-weight", "font-variant", "vertical-align"):
        layout.attrib.pop(attr, None)
    return _Layout(parts[0], parts[1], parts[2] or "; ", codes)


def _load_style(path: Path, locale: str) -> tuple[Any, str]:
    """Parse the style; fall back to en-US when citeproc-py has no such locale."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StyleError(f"cannot read the CSL style {path.name}: {exc.strerror}") from exc
    for candidate in dict.fromkeys((locale, "en-US")):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                style = CitationStylesStyle(BytesIO(data), locale=candidate, validate=False)
        except etree.XMLSyntaxError as exc:
            raise StyleError(f"the CSL style {path.name} is not valid XML: {exc}") from exc
        except ValueError:
            continue  # unknown locale
        root = style.root
        if root.tag != _CSL + "style" or root.find(_CSL + "citation") is None:
            raise StyleError(f"{path.name} is not a CSL style with a <citation> element")
        _patch_initialize(root)
        return style, candidate
    raise StyleError(f"no usable locale for {locale!r}")  # pragma: no cover - en-US ships
