"""Citations and bibliography with citeproc-py, as renderer-neutral ``Rich`` runs.

Import this module lazily (it loads citeproc and lxml); ``dossier check`` never needs it.

Each cited item is rendered alone and clusters are assembled here: family names carry
sentinels so the author part can be cut out, which gives pandoc's ``[-@key]`` and ``@key``
forms (citeproc-py has neither). Also done here: year suffixes for ambiguous author-date
pairs (in bibliography order), case-sensitive keys (citeproc-py lower-cases them), titles in a
non-English ``language`` or a non-Latin script kept as written, ``translated-title`` in
square brackets after the title (outside its quotation marks and italics), and Chicago's
punctuation rules at quotation marks ("Kites?" takes no extra period).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from citeproc import (
    DATES,
    NAMES,
    VARIABLES,
    Citation,
    CitationItem,
    CitationStylesBibliography,
    Locator,
)
from citeproc.source.json import CiteProcJSON
from citeproc.string import String

from dossier.bib import citeproc_fixes, runsfmt
from dossier.bib.csl import (
    NAME_FIELDS,
    TRANSLATED_TITLE,
    normalize_date,
    normalize_names,
    text_of,
)
from dossier.bib.rich import Rich, linkify
from dossier.bib.style import StyleError, detach_layout, load_style
from dossier.core.resources import data_dir
from dossier.prose.mdext.citesyntax import Cluster, split_locator

__all__ = ["Formatter", "StyleError", "default_style_path"]

DEFAULT_STYLE = "chicago-author-date-16th-edition.csl"

_NAME_OPEN, _NAME_CLOSE = "\ue000", "\ue001"
_TR_OPEN, _TR_CLOSE = "\ue002", "\ue003"
_Q_OPEN, _Q_CLOSE = "\ue004", "\ue005"  # straight quotation marks in a title
_NAME_PARTS = frozenset(
    {"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal"}
)
_FIELD_CASE = {
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pmid": "PMID",
    "pmcid": "PMCID",
}
_NON_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")
# A translated title moves past the closing markers / quotation marks that follow it
# (citeproc may have put spaces around the sentinels when it title-cased the title).
_TR_MOVE = re.compile(
    rf"\s*{_TR_OPEN}\s*([^{_TR_CLOSE}]*?)\s*{_TR_CLOSE}((?:{runsfmt.CLOSE}|[”’\"»\u00a0\u202f])*)"
)
# ``The "desert kites" of ...``: quotation marks inside a title, typeset by the locale.
# (not the attributes of citeproc's own <span class="nocase"> markup, which Zotero exports).
_STRAIGHT_QUOTED = re.compile(r'<[^<>]*>|"([^"<>]+)"')
# ``*Ovis vignei arkal*`` in a title: italic, and kept as written when the style title-cases.
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_PIQ = re.compile(f"(”(?:{runsfmt.CLOSE})*)([.,])")
_AFTER_QUERY = re.compile(f'([?!])((?:[”’"]|{runsfmt.CLOSE})*)[.,]')


def default_style_path() -> Path:
    """The CSL style shipped with dossier: Chicago Manual of Style 16th edition, author-date."""
    return data_dir("templates") / "csl" / DEFAULT_STYLE


def _is_english(language: Any) -> bool:
    return isinstance(language, str) and language.lower().startswith("en")


def _quoted(match: re.Match[str]) -> str:
    inner = match.group(1)
    return match.group(0) if inner is None else _Q_OPEN + inner + _Q_CLOSE


def _italic(match: re.Match[str]) -> str:
    return runsfmt.wrap("i", match.group(1))


def _protected_title(item: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(title, short title)`` in citeproc-py's markup: nocase spans and the translation."""
    title = text_of(item.get("title"))
    if title is None:
        return None
    title = _STRAIGHT_QUOTED.sub(_quoted, title)
    language = item.get("language")
    keep_case = (language is not None and not _is_english(language)) or (
        language is None and _NON_LATIN.search(title) is not None
    )
    if keep_case:
        shown = f'<span class="nocase">{_EMPHASIS.sub(_italic, title)}</span>'
    else:
        shown = _EMPHASIS.sub(lambda m: f'<span class="nocase">{_italic(m)}</span>', title)
    translated = text_of(item.get(TRANSLATED_TITLE))
    if not translated:
        return shown, ""
    return shown + f'<span class="nocase">{_TR_OPEN}[{translated}]{_TR_CLOSE}</span>', shown


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
        citeproc_fixes.apply()
        self.style, self.locale = load_style(Path(style_path), locale)
        self._layout = detach_layout(self.style)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._plain = CitationStylesBibliography(self.style, CiteProcJSON(plain_items), runsfmt)
            self._marked = CitationStylesBibliography(
                self.style, CiteProcJSON(marked_items), runsfmt
            )
        self._et_al = str(self.style.root.get_single_term(name="et-al") or "")
        terms = ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote")
        self._quotes = tuple(str(self.style.root.get_term(t).single) for t in terms)
        piq = self.style.root.get_locale_option("punctuation-in-quote") or "false"
        self._punctuation_in_quote = str(piq).lower() == "true"
        self._rendered: dict[tuple[str, str], str] = {}
        self._ready = True

    # ---------------------------------------------------------------- registration

    def register(
        self, clusters: Iterable[Cluster | Mapping[str, Any]], *, nocite: Iterable[str] = ()
    ) -> None:
        """Record cited keys in document order; ``nocite`` adds entries (``"*"`` = all).

        A cluster is the ``meta`` of a ``citation`` token (``dossier.prose.mdext.citesyntax.Cluster``).
        """
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
            self._marked.keys = list(self._plain.keys)  # citation numbers follow the sort
            self._rendered.clear()
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
                stale = [k for k in self._rendered if k[0] in members]
                for k in stale:
                    del self._rendered[k]
        self._ready = True

    # ---------------------------------------------------------------- kept between builds

    def prepared(self) -> dict[str, Any]:
        """What `_prepare` worked out and every item rendered so far, as plain JSON: the
        bibliography's order, the year suffixes, each (item, locator) as citeproc printed it.

        It depends only on the entries, the style, the locale and the works cited in the
        order first cited; `restore` takes it back into a formatter of the same inputs, so
        that a change which cites the same works (a citation added, moved or given another
        page) formats only the clusters, not the bibliography."""
        self._prepare()
        suffixes = {}
        for internal in self._plain.keys:
            suffix = self._plain.source[internal].get("year_suffix")
            if suffix is not None:
                suffixes[internal] = str(suffix)
        return {
            "order": list(self._plain.keys),
            "suffixes": suffixes,
            "rendered": [[i, loc, text] for (i, loc), text in self._rendered.items()],
        }

    def restore(self, kept: object) -> bool:
        """Take back `prepared()` of a formatter of the same inputs; False (and nothing
        changed) when it does not fit the works registered here, or when the style prints
        an item differently by its position (``position="subsequent"``, ibid): the items
        rendered then depend on what was cited before them."""
        if not isinstance(kept, dict) or self._uses_position():
            return False
        try:
            order = [str(k) for k in kept["order"]]
            suffixes = {str(k): str(v) for k, v in kept["suffixes"].items()}
            rendered = {(str(i), str(loc)): str(text) for i, loc, text in kept["rendered"]}
        except (AttributeError, KeyError, TypeError, ValueError):
            return False
        if (
            sorted(order) != sorted(self._plain.keys)
            or len(set(order)) != len(order)
            or not set(suffixes) <= set(order)
            or not {i for i, _ in rendered} <= set(order)
        ):
            return False
        by_key = {item.key: item for item in self._plain.items}
        self._plain.items = [by_key[k] for k in order]
        self._plain.keys = list(order)
        self._marked.keys = list(order)
        for internal in order:
            for bib in (self._plain, self._marked):
                bib.source[internal].pop("year_suffix", None)
                if internal in suffixes:
                    bib.source[internal]["year_suffix"] = String(suffixes[internal])
        self._rendered = rendered
        self._ready = True
        return True

    def _uses_position(self) -> bool:
        return bool(self.style.root.xpath("boolean(//*[@position])"))

    def _item(self, internal: str, locator: str = "") -> Any:
        if not locator:
            return CitationItem(internal)
        label, value = split_locator(locator)
        return CitationItem(internal, locator=Locator(label, value))

    def _render_item(self, internal: str, locator: str) -> str:
        """One item, bare (no layout affixes), names marked; cached per (item, locator)."""
        cached = self._rendered.get((internal, locator))
        if cached is None:
            citation = Citation([self._item(internal, locator)])
            citation.bibliography = self._marked
            cached = str(self._marked.cite(citation, lambda _item: None))
            self._rendered[(internal, locator)] = cached
        return cached

    # ---------------------------------------------------------------- output

    def cite(self, cluster: Cluster | Mapping[str, Any]) -> Rich:
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
        if intext:  # "Smith (2019, 12)"; without names (numeric style): "[3]"
            if author is None:
                return self._layout.wrap(_add_suffix(text, item))
            body = _add_suffix(rest, item)
            return author + (" " + self._layout.wrap(body) if body.strip() else "")
        if item.get("suppress_author") and author is not None:
            text = rest
        prefix = runsfmt.sanitize(str(item.get("prefix") or ""))
        return (prefix + " " if prefix else "") + _add_suffix(text, item)

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
        text = _TR_MOVE.sub(r"\2 \1", text)
        text = _strip_sentinels(_nest_quotes(text, self._quotes))
        if self._punctuation_in_quote:  # American usage: “Title.” not “Title”.
            text = _PIQ.sub(r"\2\1", text)
        text = _AFTER_QUERY.sub(r"\1\2", text)  # “Kites?” takes no period or comma
        return runsfmt.decode(text)


def _add_suffix(text: str, item: Mapping[str, Any]) -> str:
    """Append an item's suffix; a suffix starting with a word gets ", " (``33, passim``)."""
    suffix = runsfmt.sanitize(str(item.get("suffix") or "")).strip()
    if not suffix:
        return text
    if not text.strip():
        return suffix.lstrip(",;: ")
    return text + (", " + suffix if suffix[0].isalnum() else suffix)


def _nest_quotes(text: str, quotes: tuple[str, ...]) -> str:
    """A title's own quotation marks: the inner ones of the locale ("‘desert kites’") where
    the style has put the title in quotation marks, the outer ones elsewhere."""
    if _Q_OPEN not in text:
        return text
    outer_open, outer_close, inner_open, inner_close = quotes
    opening, closing = outer_open.strip()[:1], outer_close.strip()[-1:]
    out, depth = [], 0
    for ch in text:
        if ch == opening:
            depth += 1
        elif ch == closing and depth:
            depth -= 1
        if ch == _Q_OPEN:
            out.append(inner_open if depth else outer_open)
        elif ch == _Q_CLOSE:
            out.append(inner_close if depth else outer_close)
        else:
            out.append(ch)
    return "".join(out)


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
