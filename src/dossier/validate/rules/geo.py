"""Boundaries, areas and coordinates (section 1): the findings of dossier.geo.checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from dossier.core import catalogue
from dossier.core.diagnostics import Diagnostic, Location
from dossier.geo.analysis import geo_diagnostics
from dossier.load.textvalue import name_text
from dossier.validate import placeholders, rulebook
from dossier.validate.rulekit import CheckContext, Finding, Run, check, get_path, rule

# refs.check already reports these paths (path.remote, path.outside, path.missing).
_REPORTED_BY_REFS = {"geo.remote-file", "geo.file-outside", "geo.file-missing"}
_BOUNDARIES = ("property", "buffer_zone")


@check("geometry", needs_valid=False)
def check_geometry(ctx: CheckContext) -> list[Diagnostic]:
    drawn_later = _placeholders(ctx)
    later = {d.location.file for d in drawn_later if d.location is not None}
    out: list[Diagnostic] = list(drawn_later)
    for d in geo_diagnostics(ctx.src):
        if d.rule in _REPORTED_BY_REFS:
            continue
        if d.rule == "geo.empty" and d.location is not None and d.location.file in later:
            continue  # a boundary still to be drawn: reported as a placeholder above
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


@rule("boundaries.outside-state-party")
def outside_state_party(r: Run) -> Iterator[Finding]:
    from dossier.geo.territory import outside_state_parties

    names = {
        sp.get("code"): name_text(sp.get("name"), "en")
        for sp in r.get(("property", "states_parties")) or []
        if isinstance(sp, dict)
    }
    for o in outside_state_parties(r.src):
        home = " and ".join(names.get(code) or code for code in o.expected)
        where = f", in {', '.join(o.elsewhere)}" if o.elsewhere else ""
        what = f"component {o.component}" if o.component is not None else "the property"
        path = (
            ("identification", "components", o.index)
            if o.index is not None
            else ("identification", "boundaries", "property")
        )
        yield Finding(
            path,
            f"{what} is assigned to {home}, but about {o.share:.0%} of it "
            f"({o.outside_ha:,.0f} ha) lies outside {home}'s outline{where}, according to the "
            "Natural Earth country outlines shipped with dossier; these outlines are "
            "generalised (1:50m) and are not an authoritative border",
            "Check the boundary against the official border and the component's state_party; "
            "if the boundary is right, suppress this finding with the reason.",
        )


def _placeholders(ctx: CheckContext) -> list[Diagnostic]:
    """Boundary files still to be drawn: an empty FeatureCollection with a "todo"."""
    severity = rulebook.get(placeholders.TODO_RULE).severity(str(ctx.stage))
    out = []
    for key in _BOUNDARIES:
        ref = get_path(ctx.src.data, ("identification", "boundaries", key))
        if not isinstance(ref, str):
            continue
        path, problem = ctx.src.resolve(ref, ("identification", "boundaries", key))
        if path is None or problem is not None or severity is None:
            continue
        rel = path.relative_to(ctx.src.root.resolve()).as_posix()
        todo = placeholders.geojson_todo(ctx.src, rel)
        if todo is not None:
            out.append(
                Diagnostic(
                    placeholders.TODO_RULE,
                    severity,
                    f"not yet drawn: {todo}",
                    Location(rel, 1, 1),
                    "Draw it in a GIS and export it into this file as GeoJSON (WGS 84).",
                )
            )
    return out
