"""How much of each official section an edition has translated.

A unit belongs to every section whose format profile prints its field (the `reads` of the
section's fill items, templates/formats/fills.yaml): the Tentative List entry counts for
the Executive Summary and for 3.1.b alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from dossier.formats.outline import Section, profile_for
from dossier.i18n.edition import BROKEN, STALE, TRANSLATED, Judged
from dossier.i18n.fields import Field
from dossier.load.sources import Sources
from dossier.load.yamlload import PathKey


@dataclass(frozen=True)
class SectionShare:
    doc: str
    key: str  # the section's number, or its id (executive-summary)
    label: str  # "3.3 Proposed Statement of Outstanding Universal Value"
    total: int
    translated: int
    stale: int
    broken: int

    @property
    def percent(self) -> int:
        return share(self.translated, self.total)


@dataclass
class Coverage:
    lang: str
    catalogue: str | None  # the catalogue's path, None when the dossier has none
    total: int = 0
    translated: int = 0
    stale: int = 0
    broken: int = 0
    sections: list[SectionShare] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return share(self.translated, self.total)

    def for_section(self, doc: str, key: str) -> SectionShare | None:
        return next((s for s in self.sections if s.doc == doc and s.key == key), None)


def share(part: int, whole: int) -> int:
    """A whole percentage that reads 100 only when everything is done (and 0 only at none)."""
    if whole == 0:
        return 100
    value = part * 100 // whole
    return 1 if value == 0 and part else value


def _within(path: PathKey, read: PathKey) -> bool:
    return len(read) <= len(path) and all(
        str(a) == str(b) for a, b in zip(path, read, strict=False)
    )


def sections_of(src: Sources, f: Field, docs: Sequence[str]) -> list[tuple[str, Section]]:
    """The sections (by document) that print a field, in document order."""
    out: list[tuple[str, Section]] = []
    for doc in docs:
        profile = profile_for(doc, src.data)
        if profile is None:
            continue
        for sec in profile.sections:
            if any(_within(f.path, r) for r in sec.paths() if r):
                out.append((doc, sec))
    return out


def section_note(src: Sources, f: Field, lang: str) -> str:
    """Where a field prints, for the translator: the first section that prints it, with its
    official title in the target language when the profile has it."""
    found = sections_of(src, f, ("nomination", "preliminary-assessment", "tentative-list"))
    if not found:
        return ""
    _doc, sec = found[0]
    label = sec.label("en")
    other = sec.title_fr if lang == "fr" else ""
    return f"{label} / {other}" if other and other != sec.title_en else label


def compute(src: Sources, judged: Judged, docs: Sequence[str]) -> Coverage:
    """The share translated, in all and per official section of each document."""
    cov = Coverage(judged.lang, judged.catalogue.path if judged.catalogue else None)
    tallies: dict[tuple[str, str], list[int]] = {}
    labels: dict[tuple[str, str], str] = {}
    order: list[tuple[str, str]] = []
    by_field: dict[str, list[str]] = {}
    for u in judged.units:
        by_field.setdefault(u.field.ident, []).append(judged.verdicts[u.id].status)
    for status in (s for statuses in by_field.values() for s in statuses):
        cov.total += 1
        cov.translated += status == TRANSLATED
        cov.stale += status == STALE
        cov.broken += status == BROKEN
    for f in judged.fields:
        statuses = by_field.get(f.ident)
        if not statuses:
            continue
        for doc, sec in sections_of(src, f, docs):
            k = (doc, sec.key)
            if k not in tallies:
                tallies[k] = [0, 0, 0, 0]
                labels[k] = sec.label("en")
            t = tallies[k]
            t[0] += len(statuses)
            t[1] += statuses.count(TRANSLATED)
            t[2] += statuses.count(STALE)
            t[3] += statuses.count(BROKEN)
    for doc in docs:
        profile = profile_for(doc, src.data)
        for sec in profile.sections if profile else ():
            if (doc, sec.key) in tallies:
                order.append((doc, sec.key))
    for k in order:
        total, done, stale, broken = tallies[k]
        cov.sections.append(SectionShare(k[0], k[1], labels[k], total, done, stale, broken))
    return cov
