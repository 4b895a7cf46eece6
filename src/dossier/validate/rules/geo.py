"""Boundaries, areas and coordinates (section 1): the findings of dossier.geo.checks."""

from __future__ import annotations

from dataclasses import replace

from dossier.core import catalogue
from dossier.core.diagnostics import Diagnostic
from dossier.geo.analysis import geo_diagnostics
from dossier.validate.rulekit import CheckContext, check

# refs.check already reports these paths (path.remote, path.outside, path.missing).
_REPORTED_BY_REFS = {"geo.remote-file", "geo.file-outside", "geo.file-missing"}


@check("geometry", needs_valid=False)
def check_geometry(ctx: CheckContext) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for d in geo_diagnostics(ctx.src):
        if d.rule in _REPORTED_BY_REFS:
            continue
        staged = _at_stage(d, str(ctx.stage))
        if staged is not None:
            out.append(staged)
    return out


def _at_stage(d: Diagnostic, stage: str) -> Diagnostic | None:
    """The geometry findings are cached whatever the stage; rules whose severity depends
    on it (a stated figure against its boundary: a warning in a draft, an error at
    submission) take it from the catalogue here."""
    if not catalogue.known(d.rule):
        return d
    meta = catalogue.get(d.rule)
    if meta.level not in ("staged", "submission"):
        return d
    severity = meta.severity(stage)
    return None if severity is None else replace(d, severity=severity)
