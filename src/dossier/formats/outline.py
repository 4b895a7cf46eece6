"""Read the section tree of the format profiles (templates/formats/*.yaml) for rules and reports.

A profile lists the official sections of one document (number, title {en, fr},
required, optional budget_words) and, for each, the `fill` entries naming the source
fields printed there. This module only reads what checks and the completeness report
need: which source paths belong to which section.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from dossier.core.diagnostics import DossierError
from dossier.formats import fills, profiles
from dossier.load.yamlload import PathKey


@dataclass(frozen=True)
class Fill:
    kind: str  # "text", "table", "block", "contact", "contacts"
    name: str  # dotted path for text/contact(s), the table or block name otherwise
    paths: tuple[PathKey, ...]
    optional: bool = False
    fallback: PathKey | None = None


@dataclass(frozen=True)
class Section:
    key: str  # number, or id for unnumbered sections
    number: str
    title_en: str
    title_fr: str
    # True, False, or a condition name such as "cultural-criteria".
    required: bool | str
    budget_words: int | None
    fills: tuple[Fill, ...]
    depth: int
    # Where the word budget comes from: an official text, or "project guidance" ("" when the
    # profile does not say, which counts as guidance).
    budget_source: str = ""

    @property
    def budget_is_guidance(self) -> bool:
        return not self.budget_source or "guidance" in self.budget_source.lower()

    def label(self, lang: str = "en") -> str:
        title = self.title_fr if lang == "fr" and self.title_fr else self.title_en
        return f"{self.number} {title}".strip()

    def paths(self) -> tuple[PathKey, ...]:
        return tuple(p for f in self.fills for p in f.paths)


@dataclass(frozen=True)
class Profile:
    id: str
    document: str
    edition: str
    title_en: str
    sections: tuple[Section, ...]  # depth-first, in document order


def dotted(path: str) -> PathKey:
    return tuple(path.split("."))


def _fill(entry: Any) -> Fill | None:
    """A profile's `fill:` entry with the source paths it prints (from formats/fills.yaml)."""
    if isinstance(entry, str):
        spec = fills.spec_for(entry)
        return Fill("block", entry, spec.reads if spec else ())
    if not isinstance(entry, dict):
        return None
    optional = entry.get("optional") is True
    if isinstance(entry.get("text"), str):
        fb = entry.get("fallback")
        fallback = dotted(fb) if isinstance(fb, str) else None
        paths = (dotted(entry["text"]),) + ((fallback,) if fallback else ())
        return Fill("text", entry["text"], paths, optional, fallback)
    if isinstance(entry.get("table"), str):
        spec = fills.spec_for({"table": entry["table"]})
        return Fill("table", entry["table"], spec.reads if spec else (), optional)
    for kind in ("contact", "contacts"):
        if isinstance(entry.get(kind), str):
            return Fill(kind, entry[kind], (dotted(entry[kind]),), optional)
    return None


def _title(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return str(value or "")


def _budget(value: Any) -> tuple[int | None, str]:
    """``budget_words: {words: 1000, source: project guidance (...)}`` (or a bare number)."""
    source = ""
    if isinstance(value, dict):
        source = str(value.get("source") or "")
        value = value.get("words")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value, source
    return None, ""


def _sections(items: Any, depth: int) -> Iterator[Section]:
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, dict):
            continue
        number = str(item.get("number") or "")
        fills = tuple(f for f in (_fill(e) for e in item.get("fill") or []) if f is not None)
        required = item.get("required", False)
        budget, budget_source = _budget(item.get("budget_words"))
        yield Section(
            key=number or str(item.get("id") or ""),
            number=number,
            title_en=_title(item.get("title"), "en"),
            title_fr=_title(item.get("title"), "fr"),
            required=required if isinstance(required, bool | str) else False,
            budget_words=budget,
            fills=fills,
            depth=depth,
            budget_source=budget_source,
        )
        yield from _sections(item.get("sections"), depth + 1)


@cache
def _parse(profile_id: str) -> Profile | None:
    raw = profiles.profiles().get(profile_id)
    if not isinstance(raw, dict) or not isinstance(raw.get("document"), str):
        return None
    return Profile(
        id=profile_id,
        document=raw["document"],
        edition=str(raw.get("edition") or ""),
        title_en=_title(raw.get("title"), "en"),
        sections=tuple(_sections(raw.get("sections"), 0)),
    )


def profile_for(doc: str, manifest: dict[str, Any] | None = None) -> Profile | None:
    """The profile named in dossier.yaml `formats:` for ``doc``, else the newest one shipped.

    None when it cannot be found (the build reports an unknown profile).
    """
    override = None
    several = False
    if manifest is not None:
        if isinstance(manifest.get("formats"), dict):
            wanted = manifest["formats"].get(doc)
            override = wanted if isinstance(wanted, str) else None
        prop = manifest.get("property")
        sps = prop.get("states_parties") if isinstance(prop, dict) else None
        several = isinstance(sps, list) and len(sps) > 1
    try:
        raw = profiles.profile_for(doc, override, several_states_parties=several)
    except (KeyError, FileNotFoundError, DossierError):
        return None
    return _parse(str(raw.get("id")))
