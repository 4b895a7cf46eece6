"""The catalogue of every diagnostic id: severity per stage, title, source, documents.

The entries are data, in ``templates/rules/catalogue.yaml``, read once on first use, so
that a user can read (and `dossier rules` can list) what each id means without running
anything, and so that correcting a citation or a severity never touches the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, cast, get_args

from dossier.core.diagnostics import Severity
from dossier.core.ids import ALL_DOCS, Doc

Level = Literal["error", "warning", "note", "checklist", "staged", "submission"]
Kind = Literal["machine", "checklist"]
Command = Literal["check", "build", "export-gis", "bib-import"]
GROUPS = ("sources", "prose", "bibliography", "geometry", "translation", "unesco", "build")
CATALOGUE_FILE = "rules/catalogue.yaml"


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    title: str
    source: str
    documents: tuple[str, ...]
    # Official section of the nomination format the rule is about ("" for the whole dossier).
    section: str = ""
    group: str = "unesco"
    command: Command = "check"
    # When the severity also depends on something else than the stage: how.
    varies: str = ""

    @property
    def kind(self) -> Kind:
        return "checklist" if self.level == "checklist" else "machine"

    @property
    def guidance(self) -> bool:
        """True when no OG paragraph or Annex item requires this (the source says so)."""
        return "guidance" in self.source.lower()

    def applies_to(self, docs: tuple[str, ...]) -> bool:
        return any(d in self.documents for d in docs)

    def severity(self, stage: str) -> Severity | None:
        """Severity of a finding at this stage; None when the rule is silent at it."""
        fixed = {
            "error": Severity.ERROR,
            "warning": Severity.WARNING,
            "checklist": Severity.CHECKLIST,
            "note": Severity.NOTE,
        }
        if self.level in fixed:
            return fixed[self.level]
        if self.level == "submission":
            return Severity.ERROR if stage == "submission" else None
        return Severity.ERROR if stage == "submission" else Severity.WARNING

    def severity_label(self) -> str:
        return {
            "staged": "error (warning in draft)",
            "submission": "error (at submission only)",
        }.get(self.level, self.level)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "severity": self.level,
            "severity_draft": _sev_name(self.severity("draft")),
            "severity_submission": _sev_name(self.severity("submission")),
            "title": self.title,
            "source": self.source,
            "guidance": self.guidance,
            "documents": list(self.documents),
            "kind": self.kind,
            "section": self.section,
            "group": self.group,
            "command": self.command,
            "varies": self.varies,
        }


def _sev_name(sev: Severity | None) -> str | None:
    return sev.value if sev is not None else None


class CatalogueError(ValueError):
    """The catalogue file is malformed (a bug of dossier, not of a dossier)."""


def _text(entry: dict[str, Any], key: str, rule_id: str, *, default: str | None = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise CatalogueError(f"{CATALOGUE_FILE}: {rule_id}: '{key}' must be text")
    return value


def _rule(entry: object, group: str) -> Rule:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise CatalogueError(f"{CATALOGUE_FILE}: an entry of '{group}' has no id")
    rid = entry["id"]
    known = {"id", "severity", "title", "source", "documents", "section", "command", "varies"}
    extra = set(entry) - known
    if extra:
        raise CatalogueError(f"{CATALOGUE_FILE}: {rid}: unknown field(s) {sorted(extra)}")
    level = _text(entry, "severity", rid)
    if level not in get_args(Level):
        raise CatalogueError(
            f"{CATALOGUE_FILE}: {rid}: severity {level!r} is not one of {get_args(Level)}"
        )
    command = _text(entry, "command", rid, default="check")
    if command not in get_args(Command):
        raise CatalogueError(f"{CATALOGUE_FILE}: {rid}: command {command!r} is unknown")
    docs = entry.get("documents", list(ALL_DOCS))
    if not isinstance(docs, list) or not docs or not set(docs) <= {str(d) for d in ALL_DOCS}:
        raise CatalogueError(
            f"{CATALOGUE_FILE}: {rid}: documents must be a list of {list(ALL_DOCS)}"
        )
    return Rule(
        id=rid,
        level=cast(Level, level),
        title=_text(entry, "title", rid),
        source=_text(entry, "source", rid),
        documents=tuple(str(Doc(d)) for d in docs),
        section=str(entry.get("section", "")),
        group=group,
        command=cast(Command, command),
        varies=_text(entry, "varies", rid, default=""),
    )


@cache
def rules() -> tuple[Rule, ...]:
    """Every catalogued id, in the catalogue's order (grouped)."""
    import yaml

    from dossier.core.resources import templates_dir

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = (templates_dir() / CATALOGUE_FILE).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=loader)
    if not isinstance(data, dict) or data.get("format") != 1:
        raise CatalogueError(f"{CATALOGUE_FILE}: expected 'format: 1' and groups of rules")
    out: list[Rule] = []
    for group in GROUPS:
        entries = data.get(group) or []
        if not isinstance(entries, list):
            raise CatalogueError(f"{CATALOGUE_FILE}: '{group}' must be a list of entries")
        out.extend(_rule(e, group) for e in entries)
    unknown = set(data) - {"format", *GROUPS}
    if unknown:
        raise CatalogueError(f"{CATALOGUE_FILE}: unknown group(s) {sorted(unknown)}; use {GROUPS}")
    return tuple(out)


@cache
def _by_id() -> dict[str, Rule]:
    table: dict[str, Rule] = {}
    for r in rules():
        if r.id in table:
            raise CatalogueError(f"{CATALOGUE_FILE}: {r.id} is listed twice")
        table[r.id] = r
    return table


def get(rule_id: str) -> Rule:
    """The entry of ``rule_id`` (KeyError when the catalogue lacks it)."""
    return _by_id()[rule_id]


def known(rule_id: str) -> bool:
    return rule_id in _by_id()
