"""Changes of a translated edition between two drafts (`dossier diff --lang fr`).

The rest of the diff compares the sources, which are in one language; a French edition
also changes when its catalogue does. Each passage of the later draft is compared as the
two French editions print it: translated, translation changed, translation removed, or
translation out of date (its English changed, so the edition prints the English again).
"""

from __future__ import annotations

from dataclasses import replace

from dossier.diff import words
from dossier.diff.report import Change, Where
from dossier.diff.sections import SectionMap
from dossier.i18n.edition import TRANSLATED, Verdict, judge
from dossier.i18n.fields import Unit, location, source_language
from dossier.load.sources import Sources
from dossier.validate.translation import language_name


def _printed(v: Verdict | None) -> str | None:
    return v.text if v is not None and v.status == TRANSLATED else None


def compare(old: Sources, new: Sources, lang: str, smap: SectionMap) -> list[Change]:
    """The passages whose ``lang`` text differs between the two editions (none when
    ``lang`` is the sources' own language)."""
    if lang == source_language(new):
        return []
    before, after = judge(old, lang), judge(new, lang)
    name = language_name(lang)
    old_units = {u.id: u for u in before.units}
    out: list[Change] = []
    for unit in after.units:
        was = _printed(before.verdicts.get(unit.id))
        now_verdict = after.verdicts[unit.id]
        now = _printed(now_verdict)
        if was == now:
            continue
        where = _where(new, unit, smap)
        if was is None:
            op, summary = "added", f"passage translated into {name}"
        elif now is None and now_verdict.status == "untranslated":
            op, summary = "removed", f"{name} translation removed; the English prints, marked"
        elif now is None:
            why = "its English changed" if now_verdict.status == "stale" else "it no longer fits"
            op = "changed"
            summary = f"{name} translation out of date ({why}); the English prints, marked"
        else:
            op, summary = "changed", f"{name} translation changed"
        pieces = tuple(words.diff(was, now)) if was is not None and now is not None else ()
        old_unit = old_units.get(unit.id)
        old_where = _where(old, old_unit, smap) if old_unit is not None else None
        change = Change("translation", op, "translation", summary, where, old_where, was, now)
        out.append(replace(change, words=pieces))
    return out


def _where(src: Sources, unit: Unit, smap: SectionMap) -> Where:
    loc = location(src, unit)
    keys = tuple(str(p) for p in unit.field.path if isinstance(p, str))
    return Where(unit.id, loc.file or "", loc.line, smap.of(keys).key)
