"""The catalogue of one language, DIR/i18n/LANG.po: read it, merge new sources into it,
write it.

PO (GNU gettext) because the tools translators use open it as it is: Poedit, Lokalize,
Weblate, OmegaT, memoQ and Trados (through their PO filters). It carries what a
translator and this tool need: the passage's id (msgctxt), the English text (msgid), a
note (#.), where the passage is (#:), the `fuzzy` flag of a translation whose English
text changed, with that earlier text (#| msgid). Read and written with polib, whose
previous-msgid lines round-trip (see docs/translation.md for why not Babel).

Merging follows msgmerge: the same passage with the same text keeps its translation; a
passage that moved (same text, another key in the same field) too; a passage whose text
changed keeps its translation flagged fuzzy with the earlier English text; translations
no passage uses any more are kept at the end as obsolete (#~) entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.i18n.fields import Field, Unit, source_language
from dossier.i18n.markup import slot_note
from dossier.load.sources import Sources, resolve_inside
from dossier.load.yamlload import read_text_file

FOLDER = "i18n"
MAX_BYTES = 16 * 1024 * 1024
WRAP = 79
# Plural forms for the languages a dossier is written or translated in (PO tools ask).
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "kk": "nplurals=2; plural=(n != 1);",
    "zh": "nplurals=1; plural=0;",
}
_LANG = re.compile(r"^[a-z]{2,3}$")
_LINE_IN_ERROR = re.compile(r"line (\d+)")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"\s*$')


def catalogue_path(lang: str) -> str:
    """Where the catalogue of ``lang`` is, relative to the dossier folder."""
    return f"{FOLDER}/{lang}.po"


def valid_language(lang: str) -> bool:
    return bool(_LANG.match(lang))


@dataclass(frozen=True)
class Entry:
    """One unit of a catalogue as read from the file."""

    ctxt: str
    msgid: str
    msgstr: str
    fuzzy: bool
    previous: str | None
    line: int  # 1-based line of the entry's msgid
    msgstr_line: int  # 1-based line of its msgstr
    obsolete: bool = False
    tcomment: str = ""
    flags: tuple[str, ...] = ()

    @property
    def field_ident(self) -> str:
        return self.ctxt.split("/", 1)[0]


@dataclass
class Catalogue:
    path: str  # relative to the dossier folder
    lang: str
    entries: list[Entry]
    metadata: dict[str, str] = field(default_factory=dict)
    header: str = ""
    by_ctxt: dict[str, Entry] = field(default_factory=dict)
    by_text: dict[str, list[Entry]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for e in self.entries:
            if e.obsolete:
                continue
            self.by_ctxt.setdefault(e.ctxt, e)
            self.by_text.setdefault(e.msgid, []).append(e)


def read(src: Sources, lang: str) -> tuple[Catalogue | None, list[Diagnostic]]:
    """The catalogue of ``lang`` in the dossier (None when there is none, or it is unusable;
    the diagnostics say why)."""
    rel = catalogue_path(lang)
    if not (src.root / rel).exists():
        return None, []
    path, problem = resolve_inside(src.root, rel, Location(rel))
    if problem is not None or path is None:
        return None, [problem] if problem else []
    text, diags = read_text_file(path, rel, MAX_BYTES)
    if text is None:
        return None, diags
    return parse(text, rel, lang)


def parse(text: str, rel: str, lang: str) -> tuple[Catalogue | None, list[Diagnostic]]:
    import polib

    def unreadable(why: str, line: int | None) -> tuple[None, list[Diagnostic]]:
        return None, [
            Diagnostic(
                "i18n.catalogue-unreadable",
                Severity.ERROR,
                f"the {lang} catalogue cannot be read as a PO file: {why}",
                Location(rel, line),
                "Open it in Poedit or run 'msgfmt --check' on it to see the mistake; a PO "
                "file is the one 'dossier i18n extract' writes, edited only in its msgstr lines.",
            )
        ]

    for n, line in enumerate(text.splitlines(), 1):
        body = line.strip().removeprefix("#~").removeprefix("#|").strip()
        if body.startswith(('"', "msgid", "msgstr", "msgctxt")) and not _QUOTED.search(body):
            return unreadable("a quoted string is not closed", n)
    try:
        po = polib.pofile(text, wrapwidth=WRAP, check_for_duplicates=False)
    except (OSError, ValueError, UnicodeError) as exc:
        found = _LINE_IN_ERROR.search(str(exc))
        return unreadable(str(exc), int(found.group(1)) if found else None)
    lines = text.splitlines()
    entries = [_entry(e, lines) for e in list(po) + po.obsolete_entries() if e.msgctxt]
    seen: set[tuple[str, bool]] = set()
    unique = []
    for e in entries:  # po.obsolete_entries() repeats nothing, but be sure
        if (e.ctxt, e.obsolete) in seen and not e.obsolete:
            continue
        seen.add((e.ctxt, e.obsolete))
        unique.append(e)
    meta = {str(k): str(v) for k, v in po.metadata.items()}
    return Catalogue(rel, lang, unique, meta, str(po.header or "")), []


def _entry(e: Any, lines: list[str]) -> Entry:
    start = int(e.linenum or 1)
    msgid_line = _find(lines, start, ("msgid ", "#~ msgid "))
    msgstr_line = _find(lines, msgid_line, ("msgstr ", "#~ msgstr "))
    return Entry(
        ctxt=str(e.msgctxt),
        msgid=str(e.msgid),
        msgstr=str(e.msgstr),
        fuzzy="fuzzy" in e.flags,
        previous=str(e.previous_msgid) if e.previous_msgid else None,
        line=msgid_line,
        msgstr_line=msgstr_line,
        obsolete=bool(e.obsolete),
        tcomment=str(e.tcomment or ""),
        flags=tuple(str(f) for f in e.flags),
    )


def _find(lines: list[str], start: int, prefixes: tuple[str, ...]) -> int:
    for n in range(max(start, 1), len(lines) + 1):
        if lines[n - 1].startswith(prefixes):
            return n
    return start


# ------------------------------------------------------------------ merging and writing


@dataclass
class Merged:
    text: str
    units: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0


def merge(
    src: Sources,
    lang: str,
    fields: list[Field],
    units: list[Unit],
    old: Catalogue | None,
    notes: dict[str, str],
) -> Merged:
    """The catalogue text for ``units``, keeping what ``old`` translated (msgmerge rules)."""
    import polib

    from dossier.i18n.fields import location

    old_entries = old.entries if old else []
    chosen = match(units, old_entries)
    used = {id(m.entry) for m in chosen.values()}

    po = polib.POFile(wrapwidth=WRAP, check_for_duplicates=False)
    po.header = old.header if old and old.header else _header_comment(src, lang)
    po.metadata = _metadata(src, lang, old)
    result = Merged("")
    for u in units:
        found = chosen.get(u.id)
        entry = found.entry if found else None
        fuzzy = found is not None and (found.how in (CHANGED, ELSEWHERE) or found.entry.fuzzy)
        prev = found.previous if found else None
        p = u.piece.protected
        flags = ["fuzzy"] if fuzzy and entry is not None and entry.msgstr else []
        if p.has_braces:
            flags.append("python-brace-format")
        loc = location(src, u)
        entry = polib.POEntry(
            msgctxt=u.id,
            msgid=p.template,
            msgstr=entry.msgstr if entry is not None else "",
            comment=notes.get(u.id, ""),
            tcomment=entry.tcomment if entry is not None else "",
            occurrences=[(loc.file, str(loc.line))] if loc.line else [(loc.file, "")],
            flags=flags,
            previous_msgid=prev if flags and flags[0] == "fuzzy" and prev else None,
        )
        po.append(entry)
        result.units += 1
        if entry is None or not entry.msgstr:
            result.untranslated += 1
        elif fuzzy:
            result.fuzzy += 1
        else:
            result.translated += 1
    for e in sorted(
        (e for e in old_entries if e.msgstr and id(e) not in used),
        key=lambda e: (e.ctxt, e.msgid),
    ):
        po.append(
            polib.POEntry(
                msgctxt=e.ctxt,
                msgid=e.msgid,
                msgstr=e.msgstr,
                tcomment=e.tcomment,
                obsolete=True,
                flags=["fuzzy"] if e.fuzzy else [],
            )
        )
        result.obsolete += 1
    result.text = str(po).rstrip("\n") + "\n"
    return result


SAME = "same"  # the same passage (id) with the same English
MOVED = "moved"  # the same English under another key of the same field
CHANGED = "changed"  # the same passage, its English changed since it was translated
ELSEWHERE = "elsewhere"  # the same English translated in another field


@dataclass(frozen=True)
class Match:
    entry: Entry
    how: str
    previous: str | None = None  # the English the translation was made from (CHANGED)


def match(units: list[Unit], entries: list[Entry]) -> dict[str, Match]:
    """The catalogue entry of each unit, by msgmerge's rules: the same id and text first,
    then the same text moved inside its field, then the same id with changed text, then
    the same text translated elsewhere (only offered, as fuzzy)."""
    by_ctxt = {e.ctxt: e for e in entries if not e.obsolete}
    pool: dict[str, list[Entry]] = {}
    for e in entries:
        if e.msgstr:
            pool.setdefault(e.msgid, []).append(e)
    used: set[int] = set()
    out: dict[str, Match] = {}
    text = {u.id: u.piece.protected.template for u in units}
    for u in units:
        same = by_ctxt.get(u.id)
        if same is not None and same.msgid == text[u.id]:
            out[u.id] = Match(same, SAME, same.previous if same.fuzzy else None)
            used.add(id(same))
    for u in units:
        if u.id in out:
            continue
        for moved in pool.get(text[u.id], []):
            if id(moved) not in used and moved.field_ident == u.field.ident and not moved.fuzzy:
                out[u.id] = Match(moved, MOVED)
                used.add(id(moved))
                break
    for u in units:
        prior = by_ctxt.get(u.id)
        if u.id in out or prior is None or not prior.msgstr or id(prior) in used:
            continue
        out[u.id] = Match(
            prior, CHANGED, prior.previous if prior.fuzzy and prior.previous else prior.msgid
        )
        used.add(id(prior))
    for u in units:
        if u.id not in out and pool.get(text[u.id]):
            out[u.id] = Match(pool[text[u.id]][0], ELSEWHERE)
    return out


def _pot_date(src: Sources) -> str:
    """POT-Creation-Date from the sources (the document's date), never from the clock: the
    same sources give the same bytes."""
    date = (
        (src.data.get("dates") or {}).get("document")
        if isinstance(src.data.get("dates"), dict)
        else None
    )
    text = str(date or "")
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return f"{text} 00:00+0000"
    return "1970-01-01 00:00+0000"


def _metadata(src: Sources, lang: str, old: Catalogue | None) -> dict[str, str]:
    kept = dict(old.metadata) if old else {}
    meta = {
        "Project-Id-Version": _project(src),
        "POT-Creation-Date": _pot_date(src),
        "PO-Revision-Date": kept.get("PO-Revision-Date") or _pot_date(src),
        "Last-Translator": kept.get("Last-Translator", ""),
        "Language-Team": kept.get("Language-Team", ""),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if lang in PLURAL_FORMS:
        meta["Plural-Forms"] = PLURAL_FORMS[lang]
    meta["X-Generator"] = "dossier i18n extract"
    meta["X-Source-Language"] = source_language(src)
    for key, value in sorted(kept.items()):  # what a translator's tool added
        if key not in meta and key not in ("Report-Msgid-Bugs-To",):
            meta[key] = value
    return meta


def _project(src: Sources) -> str:
    """The dossier's short name (never the folder's: the same sources give the same file)."""
    from dossier.load.textvalue import name_text

    prop = src.data.get("property")
    if not isinstance(prop, dict):
        return "dossier"
    short = prop.get("short_name")
    return (
        str(short) if isinstance(short, str) and short else name_text(prop.get("name")) or "dossier"
    )


def _header_comment(src: Sources, lang: str) -> str:
    return "\n".join(
        [
            f"Translation of the dossier's texts into '{lang}', from '{source_language(src)}'.",
            "Written and updated by 'dossier i18n extract'; translate the msgstr lines only.",
            "msgctxt is where a passage is in the sources; keep each {placeholder} once.",
            "A 'fuzzy' translation is one whose English text changed: check it against the",
            "earlier English ('#| msgid'), correct it, then remove the fuzzy flag.",
        ]
    )


def note(unit: Unit, section: str) -> str:
    """The translator's note (#.) of a unit: where it prints, what it is, its placeholders."""
    piece = unit.piece
    what = {
        "p": "Paragraph",
        "li": "List item",
        "h": "Heading",
        "fn": "Footnote",
        "cap": "Table caption",
        "cell": "Table cell",
        "line": "Short text",
    }[piece.kind]
    lines = [f"{section} | {what}" if section else what]
    slots = piece.protected.slots
    if slots:
        lines.append("Keep each placeholder once; move it where the sentence needs it:")
        lines.extend(slot_note(slots))
    if re.search(r"(?<!\\)[*_]", piece.protected.template):
        lines.append("Markdown: *italic*, **bold**: keep the marks around the words they stress.")
    return "\n".join(lines)
