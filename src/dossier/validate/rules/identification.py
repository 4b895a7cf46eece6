"""Executive Summary and section 1 rules: name, serial components, buffer zone, maps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dossier.validate.rulekit import Finding, Run, name_variants, rule

NAME_LIMIT = 200
MAPS = ("identification", "maps")


def _maps(r: Run) -> list[tuple[int, dict[str, Any]]]:
    items = r.get(MAPS)
    return [
        (i, m)
        for i, m in enumerate(items if isinstance(items, list) else [])
        if isinstance(m, dict)
    ]


def _components(r: Run) -> list[tuple[int, dict[str, Any]]]:
    items = r.get(("identification", "components"))
    return [
        (i, c)
        for i, c in enumerate(items if isinstance(items, list) else [])
        if isinstance(c, dict)
    ]


def _maps_where(r: Run) -> tuple[str | int, ...]:
    return MAPS if r.get(MAPS) is not None else ("identification",)


@rule("summary.boundary-description-missing")
def summary_boundary_description(r: Run) -> Iterator[Finding]:
    if not r.has_part("executive_summary"):
        return
    path = ("executive_summary", "boundary_description")
    if not r.text(path).present:
        yield Finding(
            path,
            "the Executive Summary has no textual description of the boundaries",
            "Add 'boundary_description:' to the executive summary part.",
        )


@rule("summary.map-missing")
def summary_map_missing(r: Run) -> Iterator[Finding]:
    if not r.has_part("executive_summary"):
        return
    maps = r.get(("executive_summary", "maps"))
    if not maps:
        yield Finding(
            ("executive_summary", "maps"),
            "the Executive Summary names no A4 or A3 map of the boundaries and buffer zone",
            "Add 'maps: [<map id>]' naming an overview map of section 1.e.",
        )


@rule("name.too-long")
def name_too_long(r: Run) -> Iterator[Finding]:
    value = r.get(("property", "name"))
    for lang, text in name_variants(value):
        if len(text) > NAME_LIMIT:
            path = ("property", "name") if lang is None else ("property", "name", lang)
            yield Finding(
                path,
                f"the name of the property has {len(text)} characters; at most {NAME_LIMIT} "
                "are allowed, counting spaces and punctuation",
                "Shorten it; component names go in the 1.d table, not in the name.",
            )


@rule("serial.too-few-components")
def serial_too_few(r: Run) -> Iterator[Finding]:
    if not r.is_serial():
        return
    n = len(_components(r))
    if n < 2:
        has = r.get(("identification", "components")) is not None
        yield Finding(
            ("identification", "components") if has else ("property", "serial"),
            f"the property is serial (property.serial: true) but has {n} component part(s); "
            "a serial property has at least two",
            "List each component under identification.components, or set serial: false.",
        )


@rule("serial.component-map-missing")
def component_map_missing(r: Run) -> Iterator[Finding]:
    if not r.is_serial():
        return
    shown = {
        m["component"]
        for _, m in _maps(r)
        if m.get("kind") == "component" and isinstance(m.get("component"), str)
    }
    for i, comp in _components(r):
        if not (isinstance(comp.get("id"), str) and comp["id"] in shown) and not comp.get("maps"):
            yield Finding(
                ("identification", "components", i),
                f"component {comp.get('id')} appears on no map of section 1.e",
                "Give it 'maps: [<map id>]', or add a map with kind: component for it.",
            )


@rule("buffer-zone.missing-justification")
def buffer_zone_justification(r: Run) -> Iterator[Finding]:
    bnd = r.get(("identification", "boundaries"))
    if not isinstance(bnd, dict) or bnd.get("buffer_zone") is not None:
        return
    if not r.text(("identification", "boundaries", "buffer_zone_absent_reason")).present:
        yield Finding(
            ("identification", "boundaries"),
            "no buffer zone is proposed and the dossier does not say why one is not needed",
            "Add 'buffer_zone: geo/buffer.geojson' or 'buffer_zone_absent_reason: ...'.",
        )


@rule("maps.topographic-missing")
def topographic_missing(r: Run) -> Iterator[Finding]:
    if not r.has_part("identification"):
        return
    if not any(m.get("kind") in ("overview", "topographic") for _, m in _maps(r)):
        yield Finding(
            _maps_where(r),
            "no map shows the whole property and its buffer zone (kind: overview or topographic)",
            "Add a map with kind: overview (drawn from the boundaries) or a topographic map.",
        )


@rule("maps.location-missing")
def location_missing(r: Run) -> Iterator[Finding]:
    if not r.has_part("identification"):
        return
    if not any(m.get("kind") == "location" for _, m in _maps(r)):
        yield Finding(
            _maps_where(r),
            "no location map places the property within the State Party (kind: location)",
            "Add a map with kind: location.",
        )


_MAP_FIELDS = ("scale", "date", "projection", "datum")


@rule("maps.metadata-incomplete")
def map_metadata(r: Run) -> Iterator[Finding]:
    for i, m in _maps(r):
        if m.get("file") is None:
            continue  # drawn from the boundaries: scale, north, datum and date are printed
        missing = [f for f in _MAP_FIELDS if not m.get(f)]
        if missing:
            yield Finding(
                (*MAPS, i),
                f"supplied map {m.get('id')} does not state its {', '.join(missing)}",
                "Every map must show scale, orientation, projection, datum, name and date.",
            )


@rule("maps.legal-protection")
def legal_protection_map(r: Run) -> Iterator[Finding]:
    if not r.has_part("identification"):
        return
    maps = [m.get("id") for _, m in _maps(r) if m.get("kind") == "legal-protection"]
    layers = r.get(("identification", "boundaries", "layers"))
    marked = [
        lay.get("id")
        for lay in (layers if isinstance(layers, list) else [])
        if isinstance(lay, dict) and lay.get("kind") == "legal-protection"
    ]
    if maps or marked:
        what = ", ".join(str(x) for x in [*maps, *marked])
        msg = f"check that {what} shows every zone of special legal protection"
    else:
        msg = (
            "no map or layer is marked kind: legal-protection; check that the zones of special "
            "legal protection are shown on a map (or coincide with the boundary)"
        )
    yield Finding(_maps_where(r), msg)


@rule("boundaries.adequacy")
def boundaries_adequacy(r: Run) -> Iterator[Finding]:
    if r.has_part("identification"):
        yield Finding(
            ("identification", "boundaries"),
            "judge whether the boundaries include every attribute that conveys the value and "
            "whether the property is large enough to sustain it",
        )


@rule("buffer-zone.adequacy")
def buffer_zone_adequacy(r: Run) -> Iterator[Finding]:
    path = ("identification", "boundaries", "buffer_zone")
    if r.get(path) is not None:
        yield Finding(
            path,
            "judge whether the buffer zone protects the setting, important views and functional "
            "areas, and whether its protection is backed by legal or regulatory instruments",
        )


@rule("attributes.within-boundaries")
def attributes_within(r: Run) -> Iterator[Finding]:
    if r.get(("justification", "attributes")):
        yield Finding(
            ("justification", "attributes"),
            "check that every attribute named in the text and the Statement of OUV lies inside "
            "the mapped boundary (mapped layers are checked automatically)",
        )
