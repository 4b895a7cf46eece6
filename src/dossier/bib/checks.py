"""Bibliography checks: cited keys exist, entries are well-formed CSL, identifiers are plausible.

Rule ids (stable):

* ``bib.unknown-key`` (error, at the citation) - a cited key has no entry;
* ``bib.invalid-entry`` (error, at the entry/field) - not CSL-shaped: id, type, names, dates;
* ``bib.duplicate-key``, ``bib.unused-entry``, ``bib.missing-year``, ``bib.missing-title``,
  ``bib.bad-doi``, ``bib.bad-isbn``, ``bib.bad-url`` (warnings, at the entry/field);
* ``bib.bad-style`` (error) - from ``check_style``, for a dossier's own CSL file.

Load problems (``yaml.*``, ``file.*``, ``bib.syntax``, ``bib.invalid-file``) are carried on
the ``Bibliography`` and returned by ``check`` too, so one call reports everything.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from dossier.bib.csl import (
    CSL_TYPES,
    DATE_FIELDS,
    NAME_FIELDS,
    normalize_date,
    normalize_names,
    year_of,
)
from dossier.bib.identifiers import doi_problem, isbn_problem, url_problem
from dossier.bib.model import Bibliography, Entry
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.core.visible import quoted
from dossier.prose.mdext.citesyntax import KEY_RE

# CSL fields whose value may legitimately be a mapping.
_STRUCTURED_FIELDS = frozenset({"custom"})
_IDENTIFIERS: tuple[tuple[str, str, Callable[[str], str | None]], ...] = (
    ("DOI", "bib.bad-doi", doi_problem),
    ("ISBN", "bib.bad-isbn", isbn_problem),
    ("URL", "bib.bad-url", url_problem),
)


def _warn(rule: str, msg: str, loc: Location, hint: str | None = None) -> Diagnostic:
    return Diagnostic(rule, Severity.WARNING, msg, loc, hint)


def _invalid(msg: str, loc: Location, hint: str | None = None) -> Diagnostic:
    return Diagnostic("bib.invalid-entry", Severity.ERROR, msg, loc, hint)


def _suggest(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"Did you mean {close[0]!r}?" if close else None


def _check_id(entry: Entry) -> list[Diagnostic]:
    data = entry.data
    if "id" not in data:
        return [
            _invalid(
                f"bibliography item {entry.index + 1} has no 'id'",
                entry.location,
                "Add 'id: key' and cite it as [@key].",
            )
        ]
    key = data["id"]
    if not isinstance(key, str):
        return [
            _invalid(f"the id {key!r} is not text", entry.where("id"), f'Quote it: id: "{key}".')
        ]
    m = KEY_RE.fullmatch(key)
    if m is None:
        return [
            _invalid(
                f"the id {key!r} cannot be cited as @{key}",
                entry.where("id"),
                "Use letters, digits and _ with internal - : . / only, "
                "ending in a letter or digit.",
            )
        ]
    return []


def _check_type(entry: Entry) -> list[Diagnostic]:
    kind = entry.data.get("type")
    if kind is None:
        return [
            _invalid(
                f"entry {entry.key or entry.index + 1!r} has no 'type'",
                entry.location,
                "Add a CSL type such as book, article-journal, chapter, report, webpage.",
            )
        ]
    if not isinstance(kind, str) or kind not in CSL_TYPES:
        hint = _suggest(str(kind), CSL_TYPES) or "See the CSL type list (book, report, ...)."
        return [_invalid(f"{kind!r} is not a CSL item type", entry.where("type"), hint)]
    return []


def _check_values(entry: Entry) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for name, value in entry.data.items():
        if name in NAME_FIELDS and normalize_names(value) is None:
            out.append(
                _invalid(
                    f"{name!r} must be a list of names",
                    entry.where(name),
                    "Write '- family: Smith' / '  given: Jane', or '- literal: UNESCO'.",
                )
            )
        elif name in DATE_FIELDS and normalize_date(value) is None:
            out.append(
                _invalid(
                    f"{name!r} is not a date",
                    entry.where(name),
                    "Write a year (2019), a date (2019-05-31) or {literal: ...}.",
                )
            )
        elif name not in NAME_FIELDS | DATE_FIELDS | _STRUCTURED_FIELDS and isinstance(
            value, (Mapping, list)
        ):
            out.append(_invalid(f"{name!r} must be text, not a list or mapping", entry.where(name)))
    return out


# Types that a style prints as "In <container>": without a container-title that is "In .".
_CONTAINED = frozenset({"chapter", "paper-conference", "entry-dictionary", "entry-encyclopedia"})


def _check_content(entry: Entry) -> list[Diagnostic]:
    data, key = entry.data, entry.key
    out: list[Diagnostic] = []
    if year_of(normalize_date(data.get("issued"))) is None:
        out.append(
            _warn(
                "bib.missing-year",
                f"entry {key!r} has no year of publication",
                entry.where("issued"),
                "Add 'issued: YYYY'.",
            )
        )
    title = data.get("title")
    if not isinstance(title, (str, int)) or not str(title).strip():
        out.append(
            _warn(
                "bib.missing-title",
                f"entry {key!r} has no title",
                entry.where("title"),
                "Add 'title: ...'.",
            )
        )
    kind = data.get("type")
    if kind in _CONTAINED and not str(data.get("container-title") or "").strip():
        out.append(
            _warn(
                "bib.missing-container",
                f"entry {key!r} is a {str(kind).replace('-', ' ')} but does not say what it is"
                " part of: the bibliography would print an empty 'In .'",
                entry.where("type"),
                "Add 'container-title:' (the book, proceedings or encyclopedia); for a paper"
                " that was presented but not published, use 'type: speech' with 'event:' (the meeting's name).",
            )
        )
    by_upper = {str(k).upper(): k for k in data}
    for field, rule, problem_of in _IDENTIFIERS:
        name = by_upper.get(field)
        value = data.get(name) if name is not None else None
        if name is None or value is None:
            continue
        problem = problem_of(str(value))
        if problem is not None:
            out.append(
                _warn(
                    rule, f"{field} {str(value)!r} of entry {key!r}: {problem}", entry.where(name)
                )
            )
    return out


def lookalike_form(key: str) -> str:
    """What a key looks like: its Unicode compatibility form (NFKC), without invisible
    characters. Keys that differ in case look different and are not look-alikes."""
    from dossier.core.visible import is_hidden

    form = unicodedata.normalize("NFKC", key)
    return (
        form
        if form.isascii() and form.isprintable()
        else "".join(ch for ch in form if not is_hidden(ch))
    )


def _duplicate(key: str, first: Entry, again: Entry) -> Diagnostic:
    """The same key twice: an error when the two entries describe different works (a
    citation would silently reach the first), a warning when one work is listed twice."""
    rest = [
        {k: v for k, v in e.data.items() if k != "id"} if isinstance(e.data, Mapping) else e.data
        for e in (first, again)
    ]
    if rest[0] == rest[1]:
        return _warn(
            "bib.duplicate-key",
            f"the entry {key!r} is listed twice (first on line {first.location.line})",
            again.location,
            "Remove the second copy.",
        )
    return Diagnostic(
        "bib.duplicate-key",
        Severity.ERROR,
        f"the key {key!r} is used by two different works (first on line "
        f"{first.location.line}); every citation of it would reach the first",
        again.location,
        "Give this work a key of its own and update its citations.",
    )


def check_entries(bib: Bibliography) -> tuple[dict[str, Entry], list[Diagnostic]]:
    """Shape and content of every entry; returns the usable entries by key (first wins)."""
    out: list[Diagnostic] = []
    by_key: dict[str, Entry] = {}
    by_look: dict[str, str] = {}
    for entry in bib.entries:
        if not isinstance(entry.data, Mapping):
            out.append(
                _invalid(
                    f"bibliography item {entry.index + 1} is not a mapping",
                    entry.location,
                    "Each item starts with '- id: key'.",
                )
            )
            continue
        shape = _check_id(entry) + _check_type(entry) + _check_values(entry)
        out.extend(shape)
        key = entry.key
        if key is None:
            continue
        if key in by_key:
            out.append(_duplicate(key, by_key[key], entry))
            continue
        twin = by_look.setdefault(lookalike_form(key), key)
        if twin != key:
            out.append(
                Diagnostic(
                    "bib.lookalike-key",
                    Severity.ERROR,
                    f"the keys {quoted(key)} and {quoted(twin)} (line "
                    f"{by_key[twin].location.line}) look the same but are written with "
                    "different characters (accents composed differently, full-width letters, "
                    "invisible characters); a citation reaches only the one typed exactly alike",
                    entry.location,
                    "Give the two works keys that differ visibly, or retype one of them.",
                )
            )
        by_key[key] = entry
        out.extend(_check_content(entry))
    return by_key, out


def check(
    bib: Bibliography,
    refs: Iterable[tuple[str, Location]],
    *,
    nocite: Iterable[str] = (),
) -> list[Diagnostic]:
    """All bibliography diagnostics for the keys cited in the prose.

    ``refs`` are ``CiteRef(key, location)`` (or plain pairs) for citations only, not xrefs.
    ``nocite`` lists keys listed on purpose without being cited; ``"*"`` means all.
    """
    by_key, out = check_entries(bib)
    out = [*bib.diagnostics, *out]
    cited: set[str] = set()
    for key, loc in refs:
        cited.add(key)
        if key in by_key:
            continue
        if bib.file is None:
            hint = "The dossier has no bibliography; add bibliography.yaml with this entry."
        else:
            hint = _suggest(key, by_key) or f"Add an entry with 'id: {key}' to {bib.file}."
            folded = [k for k in by_key if k.casefold() == key.casefold()]
            look = lookalike_form(key)
            alike = [k for k in by_key if lookalike_form(k) == look]
            if folded:
                hint = f"Keys are case-sensitive: did you mean {folded[0]!r}?"
            elif alike:
                hint = (
                    f"Did you mean {quoted(alike[0])}? It looks the same as {quoted(key)} but "
                    "is written with different characters; retype the citation."
                )
        out.append(
            Diagnostic(
                "bib.unknown-key",
                Severity.ERROR,
                f"the citation key {key!r} is not in the bibliography",
                loc,
                hint,
            )
        )
    wanted = set(nocite)
    if "*" not in wanted:
        for key, entry in by_key.items():
            if key not in cited and key not in wanted:
                out.append(
                    _warn(
                        "bib.unused-entry",
                        f"entry {key!r} is never cited",
                        entry.location,
                        f"Cite it as [@{key}], or remove it.",
                    )
                )
    return out


def check_style(path: Path, rel: str) -> list[Diagnostic]:
    """A dossier-supplied CSL file must be readable XML with a CSL ``<style>`` root."""
    from lxml import etree  # lazily: only dossiers with their own style pay for lxml

    def bad(msg: str, line: int | None = None) -> list[Diagnostic]:
        return [
            Diagnostic(
                "bib.bad-style",
                Severity.ERROR,
                msg,
                Location(rel, line),
                "Use a CSL 1.0 style file, e.g. from the Zotero style repository.",
            )
        ]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root: Any = etree.parse(str(path), parser).getroot()
    except OSError as exc:
        return bad(f"cannot read the CSL style: {exc}")
    except etree.XMLSyntaxError as exc:
        return bad(f"the CSL style is not valid XML: {exc.msg}", exc.lineno)
    ns = "{http://purl.org/net/xbiblio/csl}"
    if root.tag != ns + "style":
        return bad("the file is not a CSL style (its root element is not <style>)")
    if root.find(ns + "citation") is None:
        return bad("the CSL style has no <citation> element", root.sourceline)
    if root.find(ns + "bibliography") is None:
        return bad("the CSL style has no <bibliography> element", root.sourceline)
    return []
