"""The result of a diff: changes grouped by official section, and its JSON form.

The JSON structure is documented in docs/diff-format.md; keys are only ever added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from dossier import __version__
from dossier.diff.sections import SectionRef

JSON_FORMAT_VERSION = 1

KINDS = ("data", "geometry", "prose", "translation")
OPS = ("added", "removed", "changed", "renamed", "moved")


@dataclass(frozen=True)
class Where:
    """A place in one side's sources: a field path, and the file and line it is written at."""

    path: str  # e.g. "justification.criteria[x]", "identification.components[002].area_ha"
    file: str = ""
    line: int | None = None
    section: str = ""  # the section key, "" when none

    def at(self) -> str:
        if not self.file:
            return self.path
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "file": self.file or None, "line": self.line,
                "section": self.section}  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One change in a specialist's terms. ``summary`` is the sentence every format prints."""

    kind: str  # data | geometry | prose | translation (diff --lang)
    op: str  # added | removed | changed | renamed | moved
    what: str  # criterion, component, area, centre, boundary, paragraph, field, bibliography...
    summary: str
    new: Where | None = None  # where it is in the new draft (None when removed)
    old: Where | None = None  # where it was in the old draft (None when added)
    before: Any = None  # the old value (JSON-compatible), None when added
    after: Any = None  # the new value, None when removed
    figures: dict[str, Any] = field(default_factory=dict)  # delta_ha, distance_m, gained_ha...
    words: tuple[tuple[str, str], ...] = ()  # prose: (op, text), op equal | insert | delete
    # The sentence without the values, for a document's summary when the values are
    # source text (Markdown) that a document must not print raw; "" when summary will do.
    brief: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "op": self.op,
            "what": self.what,
            "summary": self.summary,
            "new": self.new.to_dict() if self.new else None,
            "old": self.old.to_dict() if self.old else None,
            "before": self.before,
            "after": self.after,
        }
        if self.figures:
            out["figures"] = dict(self.figures)
        if self.words:
            out["words"] = [{"op": op, "text": text} for op, text in self.words]
        return out


@dataclass
class SectionChanges:
    section: SectionRef
    changes: list[Change] = field(default_factory=list)


@dataclass
class DiffReport:
    old: dict[str, Any]  # Side.describe()
    new: dict[str, Any]
    sections: list[SectionChanges] = field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        return [c for s in self.sections for c in s.changes]

    @property
    def changed(self) -> bool:
        return any(s.changes for s in self.sections)

    def counts(self) -> dict[str, int]:
        out = {kind: 0 for kind in KINDS}
        for c in self.changes:
            out[c.kind] += 1
        out["total"] = sum(out[k] for k in KINDS)
        return out


def group(changes: list[Change], sections: list[SectionRef]) -> list[SectionChanges]:
    """Changes by section, in document order (the general group first); within a section,
    in the order they were found."""
    by_key: dict[str, SectionChanges] = {}
    order = {ref.key: ref for ref in sections}
    for c in changes:
        key = (c.new or c.old).section if (c.new or c.old) else ""  # type: ignore[union-attr]
        ref = order.get(key)
        if ref is None:
            from dossier.diff.sections import GENERAL

            ref = GENERAL
            key = ""
        by_key.setdefault(key, SectionChanges(ref)).changes.append(c)
    return sorted(by_key.values(), key=lambda s: s.section.order)


def to_json(report: DiffReport) -> str:
    """Stable structure, documented in docs/diff-format.md."""
    body = {
        "format": JSON_FORMAT_VERSION,
        "tool": {"name": "dossier", "version": __version__},
        "old": report.old,
        "new": report.new,
        "changed": report.changed,
        "counts": report.counts(),
        "sections": [
            {
                "key": s.section.key,
                "number": s.section.number,
                "title": s.section.title,
                "changes": [c.to_dict() for c in s.changes],
            }
            for s in report.sections
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=2)
