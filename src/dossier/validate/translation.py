"""Findings about a translated edition (`dossier check --lang fr`): what is not translated,
what was translated from an English text that has since changed, translations whose
placeholders do not fit. Run only for a language other than the sources' own, so that a
plain `dossier check` never reads a catalogue."""

from __future__ import annotations

from dossier.core import catalogue
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.core.ids import Stage
from dossier.i18n import edition, po
from dossier.i18n.coverage import section_note
from dossier.i18n.edition import BROKEN, STALE, UNTRANSLATED, Judged, Verdict
from dossier.i18n.fields import Field, location
from dossier.load.sources import Sources

LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "ar": "Arabic",
    "zh": "Chinese",
    "kk": "Kazakh",
}
# Findings a draft may carry into a document, marked, when the user asks for it.
_FALLBACKS = frozenset({"i18n.untranslated", "i18n.stale", "i18n.placeholder-mismatch"})


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, f"'{lang}'")


def check(
    src: Sources, lang: str, stage: Stage | str, *, allow_untranslated: bool = False
) -> list[Diagnostic]:
    judged = edition.judge(src, lang)
    found = _Findings(src, judged, str(stage), allow_untranslated)
    return found.all()


class _Findings:
    def __init__(self, src: Sources, judged: Judged, stage: str, allow: bool) -> None:
        self.src = src
        self.judged = judged
        self.stage = stage
        self.allow = allow
        self.lang = judged.lang
        self.name = language_name(judged.lang)
        self.rel = po.catalogue_path(judged.lang)
        self.notes: dict[str, str] = {}

    def severity(self, rule: str) -> Severity | None:
        if self.allow and rule in _FALLBACKS:
            return Severity.WARNING
        return catalogue.get(rule).severity(self.stage)

    def diag(self, rule: str, message: str, loc: Location | None, hint: str) -> list[Diagnostic]:
        sev = self.severity(rule)
        return [] if sev is None else [Diagnostic(rule, sev, message, loc, hint)]

    def where(self, f: Field) -> str:
        if f.ident not in self.notes:
            self.notes[f.ident] = section_note(self.src, f, "en") or f.ident
        return self.notes[f.ident]

    def all(self) -> list[Diagnostic]:
        out = list(self.judged.diagnostics)
        if out:  # the catalogue cannot be read: that alone is the finding
            return out
        if self.judged.catalogue is None and not self.judged.diagnostics and self.judged.units:
            out += self.diag(
                "i18n.no-catalogue",
                f"the dossier has no {self.name} catalogue ({self.rel}): the {self.name} edition "
                f"prints all {len(self.judged.units)} passages in {language_name(_source(self.src))}, "
                "marked as not translated",
                Location(self.rel),
                f"Run 'dossier i18n extract {self.src.root.name} --lang {self.lang}' and give "
                f"{self.rel} to a translator (Poedit, Weblate, OmegaT, memoQ, Trados open it).",
            )
            return out
        by_field: dict[str, list[Verdict]] = {}
        for u in self.judged.units:
            by_field.setdefault(u.field.ident, []).append(self.judged.verdicts[u.id])
        for f in self.judged.fields:
            verdicts = by_field.get(f.ident, [])
            out += self.untranslated(f, [v for v in verdicts if v.status == UNTRANSLATED], verdicts)
            for v in verdicts:
                if v.status == STALE:
                    out += self.stale(v)
                elif v.status == BROKEN:
                    out += self.broken(v)
        out += self.orphans()
        return out

    def untranslated(
        self, f: Field, missing: list[Verdict], every: list[Verdict]
    ) -> list[Diagnostic]:
        if not missing:
            return []
        hint = (
            f"Translate it in {self.rel} (run 'dossier i18n extract' after changing the "
            "sources); a draft prints the English, marked as not translated."
        )
        if len(missing) == len(every) and len(every) > 1:
            first = location(self.src, missing[0].unit)
            return self.diag(
                "i18n.untranslated",
                f"{self.where(f)}: none of the {len(every)} passages of this text is translated "
                f"into {self.name} yet ({f.ident})",
                first,
                hint,
            )
        out: list[Diagnostic] = []
        for v in missing:
            out += self.diag(
                "i18n.untranslated",
                f"{self.where(f)}: this passage is not translated into {self.name} yet "
                f"({v.unit.id})",
                location(self.src, v.unit),
                hint,
            )
        return out

    def stale(self, v: Verdict) -> list[Diagnostic]:
        u = v.unit
        new = u.piece.protected.template
        if v.old:
            was, now = changed(v.old, new)
            what = f"its English changed since it was translated: was \u201c{was}\u201d, now \u201c{now}\u201d"
        else:
            what = "its translation is flagged fuzzy (to be checked)"
        line = v.entry.msgstr_line if v.entry else None
        return self.diag(
            "i18n.stale",
            f"{self.where(u.field)}: the {self.name} translation of this passage is out of date, "
            f"{what} ({u.id})",
            location(self.src, u),
            f"Correct the translation in {self.rel}"
            + (f" (line {line})" if line else "")
            + " and remove its fuzzy flag; until then the edition prints the current English, "
            "marked for review.",
        )

    def broken(self, v: Verdict) -> list[Diagnostic]:
        u, e = v.unit, v.entry
        assert e is not None
        slots = u.piece.protected.slots
        parts: list[str] = []
        m = v.mismatch
        if m is not None:
            parts += [f"{{{n}}} ({slots[n]}) is missing" for n in m.missing]
            parts += [f"{{{n}}} is not in the English" for n in m.unknown]
            parts += [f"{{{n}}} appears more than once" for n in m.repeated]
            if m.stray_brace:
                parts.append("a single { or } is left (write {{ or }} for a brace)")
        if v.new_citations:
            parts.append("it cites " + ", ".join(v.new_citations) + ", which the English does not")
        return self.diag(
            "i18n.placeholder-mismatch",
            f"the {self.name} translation of {u.id} does not fit its English: " + "; ".join(parts),
            Location(self.rel, e.msgstr_line),
            "Keep each {placeholder} of the English exactly once (move it, never retype it); "
            "until then the edition prints the English, marked as not translated.",
        )

    def orphans(self) -> list[Diagnostic]:
        cat = self.judged.catalogue
        if cat is None:
            return []
        ids = {u.id for u in self.judged.units}
        used = {id(v.entry) for v in self.judged.verdicts.values() if v.entry is not None}
        out: list[Diagnostic] = []
        for e in cat.entries:
            if e.obsolete or not e.msgstr or e.ctxt in ids or id(e) in used:
                continue
            out += self.diag(
                "i18n.orphan",
                f"the {self.name} catalogue translates {e.ctxt}, which the sources no longer have",
                Location(self.rel, e.line),
                "Run 'dossier i18n extract' to keep it as an obsolete entry (#~) at the end.",
            )
        return out


def _source(src: Sources) -> str:
    from dossier.i18n.fields import source_language

    return source_language(src)


def changed(old: str, new: str, context: int = 30, limit: int = 90) -> tuple[str, str]:
    """The part of two texts that differs, with a little context on each side."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    lo = max(0, start - context)

    def cut(text: str) -> str:
        hi = min(len(text), len(text) - end + context)
        piece = text[lo:hi]
        if len(piece) > limit:
            piece = piece[:limit] + "\u2026"
        return ("\u2026" if lo > 0 else "") + piece + ("\u2026" if hi < len(text) else "")

    return cut(old), cut(new)
