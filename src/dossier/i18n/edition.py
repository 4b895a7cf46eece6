"""What each passage prints in a translated edition, and the sources of that edition.

A passage prints its translation when the catalogue has one for its current English text,
not flagged fuzzy, with its placeholders intact. Otherwise it prints the English
(`untranslated`, `stale` when the English changed since it was translated, `broken` when
the translation's placeholders do not fit) and the document marks it as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dossier.core.diagnostics import Diagnostic
from dossier.i18n import markup, po
from dossier.i18n.fields import Field, Unit, collect, source_language, units
from dossier.i18n.segment import Piece, rebuild
from dossier.load.sources import Sources
from dossier.load.yamlload import PathKey

TRANSLATED = "translated"
UNTRANSLATED = "untranslated"
STALE = "stale"
BROKEN = "broken"


@dataclass(frozen=True)
class Verdict:
    unit: Unit
    status: str
    entry: po.Entry | None = None
    text: str | None = None  # the translation as Markdown, when it prints
    old: str | None = None  # the English the translation was made from (stale)
    mismatch: markup.Mismatch | None = None
    new_citations: tuple[str, ...] = ()


@dataclass
class Judged:
    """A language's catalogue and the verdict on every unit of the sources."""

    lang: str
    catalogue: po.Catalogue | None
    fields: list[Field]
    units: list[Unit]
    verdicts: dict[str, Verdict]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def judge(src: Sources, lang: str) -> Judged:
    """Read the catalogue of ``lang`` and judge every unit (memoised on the sources)."""
    key = f"i18n:judged:{lang}"
    if key in src.memo:
        cached: Judged = src.memo[key]
        return cached
    catalogue, diags = po.read(src, lang)
    fields = collect(src, lang)
    found = units(fields)
    matches = po.match(found, catalogue.entries) if catalogue else {}
    verdicts = {u.id: _verdict(u, matches.get(u.id)) for u in found}
    judged = Judged(lang, catalogue, fields, found, verdicts, diags)
    src.memo[key] = judged
    return judged


def _verdict(u: Unit, found: po.Match | None) -> Verdict:
    if found is None or found.how == po.ELSEWHERE:
        return Verdict(u, UNTRANSLATED)
    e = found.entry
    if found.how == po.CHANGED:
        return Verdict(u, STALE, e, old=found.previous)
    if not e.msgstr:
        return Verdict(u, UNTRANSLATED, e)
    if e.fuzzy:
        return Verdict(u, STALE, e, old=found.previous)
    return _checked(u, e)


def _checked(u: Unit, e: po.Entry) -> Verdict:
    p = u.piece.protected
    mismatch = markup.compare(e.msgstr, p.slots)
    if mismatch:
        return Verdict(u, BROKEN, e, mismatch=mismatch)
    text = markup.restore(e.msgstr, p.slots)
    extra = _new_references(u.piece.source, text, e.msgstr)
    if extra:
        return Verdict(u, BROKEN, e, new_citations=extra)
    return Verdict(u, TRANSLATED, e, text=text)


def _new_references(source: str, text: str, msgstr: str) -> tuple[str, ...]:
    """Citations or cross-references the translation writes out that the English lacks."""
    names, _ = markup.placeholders(msgstr)
    literal = markup.restore(msgstr, {n: "" for n in names})
    if "@" not in literal:
        return ()
    from collections import Counter

    from dossier.prose.mdext.citations import scan_references

    have = Counter((r.kind, r.key) for r in scan_references(source))
    now = Counter((r.kind, r.key) for r in scan_references(text))
    extra = now - have
    return tuple(sorted(f"@{k}" if kind == "citation" else f"@{kind}:{k}" for kind, k in extra))


# ---------------------------------------------------------------- the edition's sources


class Marked(str):
    """A text of a translated edition that knows where it prints the source language:
    passages by line (and table cells by line and column) with their status, or the
    whole value (``whole``) when none of it is translated."""

    lines: Mapping[int, str]
    cells: Mapping[tuple[int, int], str]
    whole: str | None
    source_lang: str

    def __new__(
        cls,
        text: str,
        *,
        source_lang: str,
        lines: Mapping[int, str] | None = None,
        cells: Mapping[tuple[int, int], str] | None = None,
        whole: str | None = None,
    ) -> Marked:
        obj = super().__new__(cls, text)
        obj.lines = dict(lines or {})
        obj.cells = dict(cells or {})
        obj.whole = whole
        obj.source_lang = source_lang
        return obj


@dataclass
class Edition:
    src: Sources  # the sources with every translatable value in the edition's language
    judged: Judged


def translate(src: Sources, lang: str) -> Edition:
    """The sources as the edition in ``lang`` prints them (the originals are untouched)."""
    judged = judge(src, lang)
    source = source_language(src)
    data: Any = src.data
    texts = dict(src._texts)
    for f in judged.fields:
        value = _translated(f, judged.verdicts, lang, source)
        if f.form == "file":
            texts[f.file] = value
        elif f.form == "translations":
            data = _set(data, f.path, {**_get_dict(data, f.path), lang: value})
        elif f.form == "not_applicable":
            data = _set(data, f.where, value)
        else:
            data = _set(data, f.path, value)
    out = replace(src, data=data, _texts=texts, memo=dict(src.memo), diagnostics=[])
    return Edition(out, judged)


def _translated(f: Field, verdicts: dict[str, Verdict], lang: str, source: str) -> Marked:
    statuses: list[str] = []

    def choose(piece: Piece) -> tuple[str, str]:
        if not piece.words:
            return piece.fallback(lang), ""
        unit_id = f"{f.ident}/{piece.key}" if piece.key else f.ident
        v = verdicts.get(unit_id)
        if v is not None and v.status == TRANSLATED and v.text is not None:
            statuses.append(TRANSLATED)
            return v.text, ""
        status = v.status if v is not None else UNTRANSLATED
        statuses.append(status)
        return piece.source, status

    if f.segmented is not None:
        rebuilt = rebuild(f.segmented, choose)
        whole = _whole(statuses)
        lines = {} if whole else rebuilt.lines
        cells = {} if whole else rebuilt.cells
        return Marked(rebuilt.text, source_lang=source, lines=lines, cells=cells, whole=whole)
    text, status = choose(f.pieces[0])
    return Marked(text, source_lang=source, whole=status or None)


def _whole(statuses: list[str]) -> str | None:
    """The status of a value none of whose passages is translated (None otherwise)."""
    if not statuses or TRANSLATED in statuses:
        return None
    return STALE if STALE in statuses or BROKEN in statuses else UNTRANSLATED


def _get_dict(data: Any, path: PathKey) -> dict[str, Any]:
    node = data
    for step in path:
        node = node[step]
    return dict(node) if isinstance(node, dict) else {}


def _set(data: Any, path: PathKey, value: Any) -> Any:
    """``data`` with ``value`` at ``path``; containers along the path are copied."""
    if not path:
        return value
    step, rest = path[0], path[1:]
    if isinstance(data, dict):
        copy = dict(data)
        copy[step] = _set(data.get(step), rest, value)
        return copy
    if isinstance(data, list) and isinstance(step, int):
        items = list(data)
        items[step] = _set(items[step], rest, value)
        return items
    return data
