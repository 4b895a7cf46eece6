"""Public entry points. Never prints, never exits: returns results or raises."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from dossier import refs, schema, sources, suppress
from dossier.diagnostics import Diagnostic, Severity, has_errors, sort_diagnostics


class Doc(enum.StrEnum):
    NOMINATION = "nomination"
    PRELIMINARY_ASSESSMENT = "preliminary-assessment"
    TENTATIVE_LIST = "tentative-list"


class Stage(enum.StrEnum):
    DRAFT = "draft"
    SUBMISSION = "submission"


class UsageError(Exception):
    """The command line named something that cannot be used (exit code 2)."""


@dataclass
class CheckResult:
    src: sources.Sources
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def failed(self, *, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict=strict)


def _require_folder(root: Path) -> None:
    if not root.exists():
        raise UsageError(f"no such folder: {root}")
    if not root.is_dir():
        raise UsageError(f"not a folder: {root} (give the dossier folder, which holds dossier.yaml)")


def check(
    root: Path,
    *,
    docs: tuple[Doc, ...] = (Doc.NOMINATION,),
    stage: Stage = Stage.DRAFT,
) -> CheckResult:
    """Load and validate a dossier; every problem found is returned, none raised."""
    _require_folder(root)
    src = sources.load(root)
    diags = list(src.diagnostics)
    fatal = any(d.severity is Severity.ERROR and d.rule == "dossier.no-manifest" for d in diags)
    if not fatal:
        diags.extend(schema.validate(src))
        diags.extend(refs.check(src))
        from dossier import checks  # the further checkers (prose, geometry, bibliography, rules)

        diags.extend(checks.run_all(src, docs=docs, stage=stage, structural_ok=not has_errors(diags)))
        sups, sup_diags = suppress.collect(src)
        diags.extend(sup_diags)
        diags = suppress.apply(diags, sups)
    return CheckResult(src, sort_diagnostics(_dedupe(diags)))


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for d in diags:
        key = (d.rule, d.location, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
