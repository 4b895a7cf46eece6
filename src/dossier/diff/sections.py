"""Which official section prints a source field: the format profile's section tree
(templates/formats/*.yaml and fills.yaml) read backwards, so that a diff is grouped as the
document is."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from dossier.formats import fills, outline


@dataclass(frozen=True)
class SectionRef:
    key: str  # the profile's key ("3.1.b"), "" for data printed in no single section
    number: str
    title: str
    order: int  # position in the document; -1 for the general group, printed first

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


GENERAL = SectionRef("", "", "General: cover, dates and data printed in several places", -1)

Keys = tuple[str, ...]  # the mapping keys of a source path (list positions left out)


@dataclass(frozen=True)
class SectionMap:
    sections: tuple[SectionRef, ...]
    patterns: tuple[tuple[Keys, SectionRef], ...]  # most specific first

    def of(self, keys: Keys) -> SectionRef:
        """The section printing the field at ``keys``: the longest pattern that is a prefix."""
        for pattern, ref in self.patterns:
            if keys[: len(pattern)] == pattern:
                return ref
        return GENERAL

    def by_key(self, key: str) -> SectionRef:
        for ref in self.sections:
            if ref.key == key:
                return ref
        return GENERAL


def _keys(path: tuple[Any, ...]) -> Keys:
    return tuple(str(p) for p in path if isinstance(p, str) and p != "*")


@cache
def section_map(doc: str, profile_hint: tuple[str | None, bool] = (None, False)) -> SectionMap:
    """The section map of ``doc``'s profile (``profile_hint``: the dossier's own profile
    name and whether it has several States Parties)."""
    override, several = profile_hint
    manifest: dict[str, Any] = {
        "formats": {doc: override} if override else {},
        "property": {"states_parties": [{}, {}] if several else [{}]},
    }
    profile = outline.profile_for(doc, manifest)
    if profile is None:
        return SectionMap((), ())
    refs: list[SectionRef] = []
    found: list[tuple[int, int, Keys, SectionRef]] = []
    for order, sec in enumerate(profile.sections):
        ref = SectionRef(sec.key, sec.number, sec.title_en, order)
        refs.append(ref)
        for fill in sec.fills:
            for path in fill.paths:
                found.append((len(_keys(path)), order, _keys(path), ref))
            spec = fills.spec_for(fill.name) if fill.kind == "block" else None
            for pattern in spec.texts if spec else ():
                found.append((len(_keys(pattern)), order, _keys(pattern), ref))
    # Longest pattern first; among equals, the first section of the document.
    found.sort(key=lambda f: (-f[0], f[1]))
    return SectionMap(tuple(refs), tuple((keys, ref) for _, _, keys, ref in found if keys))


def for_dossier(data: dict[str, Any], doc: str = "nomination") -> SectionMap:
    formats = data.get("formats")
    override = formats.get(doc) if isinstance(formats, dict) else None
    prop = data.get("property")
    sps = prop.get("states_parties") if isinstance(prop, dict) else None
    several = isinstance(sps, list) and len(sps) > 1
    return section_map(doc, (override if isinstance(override, str) else None, several))
