"""Boundaries, areas and coordinates (section 1): the findings of dossier.geo.checks."""

from __future__ import annotations

from dossier.core.diagnostics import Diagnostic
from dossier.geo.analysis import geo_diagnostics
from dossier.validate.rulekit import CheckContext, check

# refs.check already reports these paths (path.remote, path.outside, path.missing).
_REPORTED_BY_REFS = {"geo.remote-file", "geo.file-outside", "geo.file-missing"}


@check("geometry", needs_valid=False)
def check_geometry(ctx: CheckContext) -> list[Diagnostic]:
    return [d for d in geo_diagnostics(ctx.src) if d.rule not in _REPORTED_BY_REFS]
