"""The one vocabulary for problems: every issue a user sees is a Diagnostic."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dossier.core.visible import visible


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    # A point a human must judge; never a pass, never a failure.
    CHECKLIST = "checklist"
    # Something the author should know (e.g. a figure the document prints differently).
    NOTE = "note"


class ExitCode(enum.IntEnum):
    OK = 0
    INVALID = 1
    USAGE = 2
    INTERNAL = 3


@dataclass(frozen=True, order=True)
class Location:
    """A place in the dossier: a path relative to the dossier folder, 1-based line/col."""

    file: str
    line: int | None = None
    col: int | None = None
    # Extra pointer inside a non-YAML file, e.g. "feature 3" of a GeoJSON file.
    detail: str | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.col is not None:
                text += f":{self.col}"
        return text


@dataclass(frozen=True)
class Diagnostic:
    rule: str
    severity: Severity
    message: str
    location: Location | None = None
    hint: str | None = None
    # Set when an author silenced this finding; the reason is shown to reviewers.
    suppressed: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # A key or name quoted in a message may hold invisible characters (a zero-width
        # space, a right-to-left override): every report shows them as <U+200B>.
        object.__setattr__(self, "message", visible(self.message))
        if self.hint is not None:
            object.__setattr__(self, "hint", visible(self.hint))

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (
            loc.file if loc else "",
            (loc.line or 0) if loc else 0,
            (loc.col or 0) if loc else 0,
            self.rule,
            self.message,
        )


def has_errors(diags: Iterable[Diagnostic], *, strict: bool = False) -> bool:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in failing and d.suppressed is None for d in diags)


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diags, key=Diagnostic.sort_key)


class DossierError(Exception):
    """Expected, user-fixable failure that carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) in the dossier")
        self.diagnostics = list(diagnostics)


def diagnostic_to_dict(d: Diagnostic) -> dict[str, Any]:
    """One diagnostic as the JSON report writes it (also the findings cache's format)."""
    loc = d.location
    return {
        "rule": d.rule,
        "severity": d.severity.value,
        "message": d.message,
        "hint": d.hint,
        "file": loc.file if loc else None,
        "line": loc.line if loc else None,
        "column": loc.col if loc else None,
        "detail": loc.detail if loc else None,
        "suppressed": d.suppressed,
    }


def diagnostic_from_dict(item: dict[str, Any]) -> Diagnostic:
    """The inverse of diagnostic_to_dict."""
    file = item.get("file")
    location = (
        Location(str(file), item.get("line"), item.get("column"), item.get("detail"))
        if file is not None
        else None
    )
    hint = item.get("hint")
    return Diagnostic(
        str(item["rule"]),
        Severity(str(item["severity"])),
        str(item["message"]),
        location,
        hint if isinstance(hint, str) else None,
    )
