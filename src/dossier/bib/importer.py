"""BibTeX / BibLaTeX -> CSL-YAML, so authors can bring their reference manager's export.

Deterministic: entries keep file order, fields a fixed order, names and dates are written
in flow style (``{family: Smith, given: Jane}``); no timestamps. LaTeX accents are decoded
and non-Latin text (Cyrillic, Kazakh) is written as is.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import yaml
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import Entry
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from dossier.bib.csl import normalize_date

TYPE_MAP = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet", "inbook": "chapter",
    "incollection": "chapter", "inproceedings": "paper-conference", "conference":
    "paper-conference", "manual": "report", "mastersthesis": "thesis", "phdthesis": "thesis",
    "thesis": "thesis", "proceedings": "book", "collection": "book", "techreport": "report",
    "report": "report", "unpublished": "manuscript", "online": "webpage", "www": "webpage",
    "electronic": "webpage", "misc": "document", "dataset": "dataset", "software": "software",
    "patent": "patent", "periodical": "periodical", "standard": "standard",
}  # fmt: skip
TEXT_FIELDS = {
    "title": "title", "translatedtitle": "translated-title", "shorttitle": "title-short",
    "journal": "container-title", "journaltitle": "container-title",
    "booktitle": "container-title", "series": "collection-title", "volume": "volume",
    "pages": "page", "edition": "edition", "chapter": "chapter-number",
    "publisher": "publisher", "institution": "publisher", "school": "publisher",
    "organization": "publisher", "address": "publisher-place", "location": "publisher-place",
    "type": "genre", "doi": "DOI", "isbn": "ISBN", "issn": "ISSN", "url": "URL", "note": "note",
}  # fmt: skip
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator"}
LANGUAGES = {
    "english": "en", "russian": "ru", "kazakh": "kk", "french": "fr", "german": "de",
    "uzbek": "uz", "turkmen": "tk", "kyrgyz": "ky", "chinese": "zh", "spanish": "es",
    "italian": "it", "arabic": "ar", "persian": "fa", "turkish": "tr", "ukrainian": "uk",
}  # fmt: skip
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# The order fields are written in; names and dates come right after the title.
ORDER = (
    "id", "type", "title", "translated-title", "title-short", "author", "editor", "translator",
    "issued", "container-title", "collection-title", "volume", "issue", "number",
    "chapter-number", "page", "edition", "publisher", "publisher-place", "genre", "DOI", "ISBN",
    "ISSN", "URL", "accessed", "language", "note",
)  # fmt: skip


class BibtexImportError(ValueError):
    """Some entries could not be read: ``located`` gives each problem's line (1-based,
    None if unknown) and message, so that reports can say ``file:line:col``; ``problems``
    the same as ``line N: message``."""

    def __init__(self, located: list[tuple[int | None, str]]) -> None:
        self.located = located
        self.problems = [f"line {n}: {m}" if n is not None else m for n, m in located]
        super().__init__("; ".join(self.problems))


class _Flow(dict[str, Any]):
    """A mapping written on one line (names, dates)."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


_Dumper.add_representer(_Flow, _represent_flow)


def _decoder() -> LatexNodes2Text:
    db = get_default_latex_context_db()
    db.add_context_category(
        "dossier-bibtex", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")]
    )
    return LatexNodes2Text(latex_context=db, math_mode="verbatim")


def _text(decoder: LatexNodes2Text, raw: str) -> str:
    return " ".join(str(decoder.latex_to_text(raw)).split())


def _names(decoder: LatexNodes2Text, raw: str) -> list[_Flow]:
    out: list[_Flow] = []
    for name in split_multiple_persons_names(raw):
        stripped = name.strip()
        if stripped.startswith("{") and stripped.endswith("}"):  # {UNESCO World Heritage Centre}
            out.append(_Flow(literal=_text(decoder, stripped[1:-1])))
            continue
        parts = parse_single_name_into_parts(stripped, strict=False)
        person = _Flow()
        for key, words in (("family", parts.last), ("given", parts.first),
                           ("non-dropping-particle", parts.von), ("suffix", parts.jr)):  # fmt: skip
            if words:
                person[key] = _text(decoder, " ".join(words))
        out.append(person)
    return out


def _issued(fields: dict[str, str]) -> _Flow | None:
    raw = fields.get("date") or fields.get("year")
    if not raw:
        return None
    date = normalize_date(raw.strip())
    if date is None or "date-parts" not in date:
        return _Flow(literal=raw.strip())
    parts = date["date-parts"]
    month = fields.get("month", "").strip().lower()[:3]
    if len(parts) == 1 and len(parts[0]) == 1 and month:
        number = MONTHS.get(month) or (int(month) if month.isdigit() else None)
        if number:
            parts = [[parts[0][0], number]]
    return _Flow({"date-parts": parts})


def _convert(entry: Entry, decoder: LatexNodes2Text) -> dict[str, Any]:
    fields = {f.key.lower(): str(f.value) for f in entry.fields}
    kind = TYPE_MAP.get(entry.entry_type.lower(), "document")
    item: dict[str, Any] = {"id": entry.key, "type": kind}
    for bib_name, csl_name in TEXT_FIELDS.items():
        if bib_name in fields and csl_name not in item:
            item[csl_name] = _text(decoder, fields[bib_name])
    if "number" in fields:
        item["issue" if kind == "article-journal" else "number"] = _text(decoder, fields["number"])
    if "page" in item:
        item["page"] = item["page"].replace("–", "-").replace("—", "-")
    for bib_name, csl_name in NAME_FIELDS.items():
        if bib_name in fields:
            item[csl_name] = _names(decoder, fields[bib_name])
    issued = _issued(fields)
    if issued is not None:
        item["issued"] = issued
    if "urldate" in fields and (accessed := normalize_date(fields["urldate"].strip())):
        item["accessed"] = _Flow(accessed)
    if "howpublished" in fields:
        _howpublished(item, fields["howpublished"], decoder)
    language = fields.get("langid") or fields.get("language")
    if language:
        item["language"] = LANGUAGES.get(language.strip().lower(), language.strip())
    return {k: item[k] for k in ORDER if k in item}


_URL_MACRO = re.compile(r"\\url\s*\{([^{}]*)\}")


def _howpublished(item: dict[str, Any], raw: str, decoder: LatexNodes2Text) -> None:
    """howpublished = {\\url{...}} (how Zotero and many styles give a web address): the
    address becomes URL (unless the entry has a url field); any other words become the
    note (unless it has one)."""
    urls = _URL_MACRO.findall(raw)
    if urls and "URL" not in item:
        item["URL"] = urls[0].strip()
    rest = _text(decoder, _URL_MACRO.sub(" ", raw)).strip(" ,;.")
    if rest and "note" not in item:
        item["note"] = rest


# No reference needs more; the LaTeX decoder recurses once per level (and the stack ends).
MAX_BRACE_DEPTH = 50


def brace_depth(text: str) -> int:
    """Deepest nesting of {braces} in ``text`` (unbalanced closing braces are ignored)."""
    depth = deepest = 0
    for ch in text:
        if ch == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "}" and depth:
            depth -= 1
    return deepest


def _too_deep(entry: Entry) -> list[tuple[int | None, str]]:
    line = entry.start_line + 1 if entry.start_line is not None else None
    return [
        (
            line,
            f"entry '{entry.key}': the {f.key} field has braces nested "
            f"{depth:,} levels deep; at most {MAX_BRACE_DEPTH} are read",
        )
        for f in entry.fields
        if (depth := brace_depth(str(f.value))) > MAX_BRACE_DEPTH
    ]


def _parse_quietly(text: str) -> Library:
    """bibtexparser logs each unreadable block itself (with 0-based line numbers); the
    problems are reported once, by import_bibtex, in our words."""
    log = logging.getLogger("bibtexparser")
    quiet = logging.NullHandler()
    log.addHandler(quiet)
    propagate, log.propagate = log.propagate, False
    try:
        return parse_string(text)
    finally:
        log.propagate = propagate
        log.removeHandler(quiet)


def import_bibtex(text: str) -> str:
    """BibTeX text -> CSL-YAML text. Raises ``BibtexImportError`` if any entry is unreadable."""
    library = _parse_quietly(text)
    problems: list[tuple[int | None, str]] = []
    for block in library.failed_blocks:
        error = getattr(block, "error", None)
        reason = getattr(error, "abort_reason", None) or str(error or "") or "cannot be parsed"
        reason = " ".join(str(reason).split())
        line = block.start_line + 1 if block.start_line is not None else None
        end = getattr(error, "end_index", None)
        stopped = (
            f" (reading stopped on line {text.count(chr(10), 0, end) + 1})"
            if isinstance(end, int) and getattr(error, "abort_reason", None)
            else ""
        )
        problems.append((line, f"{reason}{stopped}"))
    if problems:
        raise BibtexImportError(problems)
    for entry in library.entries:
        problems.extend(_too_deep(entry))
    if problems:
        raise BibtexImportError(problems)
    decoder = _decoder()
    items = [_convert(entry, decoder) for entry in library.entries]
    header = "# CSL-YAML bibliography, imported from BibTeX by dossier.\n"
    if not items:
        return header + "[]\n"
    body = yaml.dump(
        items, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, indent=2
    )
    return header + body
