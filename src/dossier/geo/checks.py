"""Entry point of the geo stage: load the boundary files, measure them, cross-check them.

``analyse`` never raises for bad input: every problem is a ``geo.*`` Diagnostic,
located in the YAML (stated values, file references) or in the GeoJSON file
(``feature "001"``). It returns a GeoSummary whenever the property boundary could be
read, even with errors, so that maps can still show what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.core.diagnostics import Diagnostic, Severity
from dossier.geo import crosscheck, layerfiles
from dossier.geo.crosscheck import Context, Locate, format_point
from dossier.geo.geojson import (
    ANY_GEOMETRY,
    POLYGONAL,
    Feature,
    GeoFile,
    diag,
    load_geojson,
    resolve_in_dossier,
)
from dossier.geo.measure import (
    Geometry,
    GeoSummary,
    Layer,
    LayerFeature,
    Measured,
    area_ha,
    measure,
    to_shape,
)
from dossier.load.yamlload import PathKey

IDENT: PathKey = ("identification",)
BOUNDS: PathKey = (*IDENT, "boundaries")
LAYER_KINDS = ("attributes", "legal-protection", "other", "base")


def analyse(
    root: Path,
    identification: Mapping[str, Any],
    locate: Locate,
    *,
    property_name: str | None = None,
    states_parties: Sequence[str] = (),
) -> tuple[GeoSummary | None, list[Diagnostic]]:
    """Measure and check the boundaries described by the identification part (1.d-1.f)."""
    if not isinstance(identification, Mapping):
        return None, []
    bnd = identification.get("boundaries")
    if not isinstance(bnd, Mapping) or "property" not in bnd:
        return None, []  # the schema reports the missing member
    diags: list[Diagnostic] = []
    comps = _components(identification)
    prop_file, found = load_geojson(root, bnd.get("property"), locate((*BOUNDS, "property")))
    diags += found
    if prop_file is None:
        return None, diags
    shapes, invalid = _shapes(prop_file, diags)
    if not shapes:
        return None, diags
    matched = _match_components(comps, prop_file, locate, diags)
    illustrative = bnd.get("illustrative") is True
    _illustrative_flag(prop_file, illustrative, locate, diags)

    import shapely

    prop_geom = shapely.unary_union(list(shapes.values()))
    comp_geoms = {cid: shapes[f.index] for cid, f in matched.items() if f.index in shapes}
    buffer = _Buffer({}, {}, False)
    if bnd.get("buffer_zone") is not None:
        buffer = _load_buffer(root, bnd.get("buffer_zone"), locate, comp_geoms, diags)
    layers, layer_sources = _layers(root, bnd.get("layers"), locate, diags)

    # A buffer zone never includes the property, however it was drawn.
    cuts = {i: _cut_out(g, prop_geom) for i, g in buffer.parts.items()}
    zone = shapely.unary_union(list(cuts.values())) if cuts else None
    comp_zones = {
        cid: shapely.unary_union([cuts[i] for i, c in buffer.owner.items() if c == cid])
        for cid in dict.fromkeys(buffer.owner.values())
    }
    measured = tuple(
        measure(
            cid,
            _plain_name(comps[cid][1].get("name")),
            geom,
            area_ha(comp_zones[cid]) if cid in comp_zones else None,
            _state_party(comps[cid][1], states_parties),
        )
        for cid, geom in comp_geoms.items()
    )
    buffer_ha = area_ha(zone) if zone is not None else None
    drawn = [prop_geom, zone, *(f.geometry for y in layers for f in y.features)]
    sole = states_parties[0] if len(states_parties) == 1 else None
    summary = GeoSummary(
        property=measure("property", property_name or "", prop_geom, buffer_ha, sole),
        buffer_zone_ha=buffer_ha,
        components=measured,
        bounds=_bounds(drawn),
        property_geometry=prop_geom,
        component_geometries=comp_geoms,
        buffer_geometry=zone,
        component_buffers=comp_zones,
        layers=layers,
        illustrative=illustrative,
    )
    ctx = Context(
        summary=summary,
        identification=identification,
        locate=locate,
        components={cid: idx for cid, (idx, _) in comps.items()},
        features={cid: (prop_file.rel, f) for cid, f in matched.items()},
        invalid=frozenset(cid for cid, f in matched.items() if f.index in invalid),
        property_rel=prop_file.rel,
        property_invalid=bool(invalid) or len(prop_file.usable) < len(prop_file.features),
        buffer_invalid=buffer.incomplete,
        buffer_raw=shapely.unary_union(list(buffer.parts.values())) if buffer.parts else None,
        layer_sources=layer_sources,
    )
    diags += crosscheck.run(ctx)
    return summary, diags


@dataclass(frozen=True)
class _Buffer:
    parts: dict[int, Geometry]  # buffer-zone polygons as drawn, by feature index
    owner: dict[int, str]  # feature index -> the component it names
    incomplete: bool  # some feature was invalid or unusable: do not compare its area


def _load_buffer(
    root: Path,
    ref: object,
    locate: Locate,
    comp_geoms: Mapping[str, Geometry],
    diags: list[Diagnostic],
) -> _Buffer:
    gfile, found = load_geojson(root, ref, locate((*BOUNDS, "buffer_zone")))
    diags += found
    if gfile is None:
        return _Buffer({}, {}, True)
    shapes, invalid = _shapes(gfile, diags)
    incomplete = bool(invalid) or len(gfile.usable) < len(gfile.features)
    return _Buffer(shapes, _buffer_owners(gfile, shapes, comp_geoms), incomplete or not shapes)


def _cut_out(geom: Geometry, prop: Geometry) -> Geometry:
    """``geom`` minus the property, using only the part of the property near it (fast)."""
    from shapely.geometry import box

    return geom.difference(prop.intersection(box(*geom.bounds)))


# ----------------------------------------------------------------- helpers


def _state_party(comp: Mapping[str, Any], states_parties: Sequence[str]) -> str | None:
    """The component's State Party: its own ``state_party``, else the dossier's only one."""
    own = comp.get("state_party")
    if isinstance(own, str) and own.strip():
        return own.strip()
    return states_parties[0] if len(states_parties) == 1 else None


def _plain_name(value: object) -> str:
    """A display name from a Name (text, or {en:, fr:, ...}); English first."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        for lang in ("en", "fr", *sorted(value)):
            text = value.get(lang)
            if isinstance(text, str) and text:
                return text
    return ""


def _components(ident: Mapping[str, Any]) -> dict[str, tuple[int, Mapping[str, Any]]]:
    """YAML components by id (as text), with their index in the list."""
    out: dict[str, tuple[int, Mapping[str, Any]]] = {}
    raw = ident.get("components")
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        return out
    for idx, comp in enumerate(raw):
        if isinstance(comp, Mapping) and isinstance(comp.get("id"), str | int):
            cid = str(comp["id"]).strip()
            if cid and not isinstance(comp["id"], bool):
                out.setdefault(cid, (idx, comp))
    return out


def _shapes(gfile: GeoFile, diags: list[Diagnostic]) -> tuple[dict[int, Geometry], set[int]]:
    """Shapely geometries by feature index; invalid ones are reported and repaired."""
    import shapely

    out: dict[int, Geometry] = {}
    invalid: set[int] = set()
    for feat in gfile.usable:
        assert feat.geometry is not None
        geom = to_shape(feat.geometry)
        reason = shapely.is_valid_reason(geom)
        if reason != "Valid Geometry":
            diags.append(_invalid(gfile.rel, feat, str(reason)))
            invalid.add(feat.index)
            geom = shapely.make_valid(geom)
            if feat.geometry["type"] in POLYGONAL:
                from dossier.geo.measure import polygons

                geom = shapely.unary_union(list(polygons(geom)))
        if not geom.is_empty:
            out[feat.index] = geom
    return out, invalid


def _invalid(rel: str, feat: Feature, reason: str) -> Diagnostic:
    """Turn GEOS's validity reason (``Self-intersection[54.1 43.2]``) into plain words."""
    text, _, rest = reason.partition("[")
    where = ""
    try:
        x, y = (float(v) for v in rest.rstrip("]").split()[:2])
        where = f" near {format_point(x, y)}"
    except ValueError:
        pass
    loc = feat.location(rel)
    if "self-intersection" in text.lower():
        return diag(
            "geo.self-intersection",
            f"the boundary of {feat.label} crosses itself{where}",
            loc,
            "Redraw the boundary so that it does not cross or touch itself; in QGIS, "
            "'Check validity' lists such points and 'Fix geometries' splits a figure-eight.",
        )
    return diag(
        "geo.invalid-geometry",
        f"the boundary of {feat.label} is not a valid polygon ({text.strip().lower()}){where}",
        loc,
        "Check that holes lie inside their outer boundary and that parts do not overlap; "
        "'Check validity' in QGIS shows the problem.",
    )


def _illustrative_flag(
    gfile: GeoFile, flagged: bool, locate: Locate, diags: list[Diagnostic]
) -> None:
    if not flagged and gfile.description and "illustrative" in gfile.description.lower():
        diags.append(
            diag(
                "geo.illustrative-unflagged",
                f"{gfile.rel} says its boundaries are illustrative, but the dossier does "
                "not set boundaries.illustrative",
                locate(BOUNDS, key=True),
                "Set 'illustrative: true' under boundaries so that every map says so, or "
                "replace the file with the official boundaries.",
                Severity.WARNING,
            )
        )


def _same_id(a: str, b: str) -> bool:
    return a == b or (a.isdigit() and b.isdigit() and int(a) == int(b))


def _match_components(
    comps: dict[str, tuple[int, Mapping[str, Any]]],
    gfile: GeoFile,
    locate: Locate,
    diags: list[Diagnostic],
) -> dict[str, Feature]:
    """Pair YAML components with features by ``properties.id``; report the leftovers."""
    if not comps:
        return {}
    seen: dict[str, Feature] = {}
    for feat in gfile.features:
        if feat.id is None:
            continue
        if feat.id in seen:
            diags.append(
                diag(
                    "geo.duplicate-feature-id",
                    f'two features of {gfile.rel} have the id "{feat.id}" '
                    f"(features {seen[feat.id].index + 1} and {feat.index + 1})",
                    feat.location(gfile.rel),
                    "Give each component's feature its own id, or merge the two polygons "
                    "into one MultiPolygon feature.",
                )
            )
        else:
            seen[feat.id] = feat
    matched: dict[str, Feature] = {}
    if len(comps) == 1 and len(gfile.features) == 1 and gfile.features[0].id is None:
        cid = next(iter(comps))
        if gfile.features[0].geometry is not None:
            matched[cid] = gfile.features[0]
        return matched
    used: set[int] = set()
    for cid, (idx, _) in comps.items():
        found = seen.get(cid) or next((f for i, f in seen.items() if _same_id(i, cid)), None)
        if found is None:
            diags.append(
                diag(
                    "geo.component-without-boundary",
                    f'component "{cid}" has no boundary in {gfile.rel}',
                    locate((*IDENT, "components", idx, "id")),
                    f'Add a polygon feature with properties.id "{cid}" to {gfile.rel}, '
                    "or correct the component id.",
                )
            )
            continue
        used.add(found.index)
        if found.geometry is not None:
            matched[cid] = found
    known = ", ".join(f'"{c}"' for c in comps)
    for feat in gfile.features:
        if feat.index in used or (feat.id is not None and seen.get(feat.id) is not feat):
            continue
        if feat.id is None:
            diags.append(
                diag(
                    "geo.feature-id-missing",
                    f"{feat.label} of {gfile.rel} has no properties.id, so it cannot be "
                    "matched to a component part",
                    feat.location(gfile.rel),
                    f"Set properties.id to the component's id ({known}).",
                )
            )
        else:
            diags.append(
                diag(
                    "geo.feature-without-component",
                    f"{feat.label} of {gfile.rel} matches no component in the "
                    f"identification section (known ids: {known})",
                    feat.location(gfile.rel),
                    "Add the component to the components table, or correct properties.id.",
                )
            )
    return matched


def _buffer_owners(
    gfile: GeoFile, shapes: dict[int, Geometry], comp_geoms: Mapping[str, Geometry]
) -> dict[int, str]:
    """Which component each buffer-zone feature belongs to (by properties.id)."""
    owners: dict[int, str] = {}
    for feat in gfile.usable:
        if feat.index not in shapes:
            continue
        cid = feat.id
        if cid is not None and cid not in comp_geoms:
            cid = next((c for c in comp_geoms if _same_id(c, cid)), None)
        if cid is None and len(comp_geoms) == 1 and len(gfile.usable) == 1:
            cid = next(iter(comp_geoms))
        if cid is not None:
            owners[feat.index] = cid
    return owners


def _layer_specs(raw: object) -> list[tuple[int, Mapping[str, Any]]]:
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        return []
    return [(i, ly) for i, ly in enumerate(raw) if isinstance(ly, Mapping) and "file" in ly]


def _layers(
    root: Path, raw: object, locate: Locate, diags: list[Diagnostic]
) -> tuple[tuple[Layer, ...], dict[str, tuple[str, tuple[Feature, ...]]]]:
    """Layers for maps, and for each the file and features behind Layer.features."""
    out: list[Layer] = []
    sources: dict[str, tuple[str, tuple[Feature, ...]]] = {}
    for i, spec in _layer_specs(raw):
        loc = locate((*BOUNDS, "layers", i, "file"))
        kind = spec.get("kind")
        layer_id = str(spec.get("id", i))
        common: dict[str, Any] = dict(
            id=layer_id,
            title=str(spec.get("title") or spec.get("id") or spec["file"]),
            kind=kind if kind in LAYER_KINDS else "other",
            symbol=spec.get("symbol") if isinstance(spec.get("symbol"), str) else None,
            opacity=_opacity(spec.get("opacity")),
            index=i,
        )
        if isinstance(spec["file"], str) and layerfiles.format_of(spec["file"]) != "geojson":
            layer = _external_layer(root, spec, loc, common, diags)
            if layer is not None:
                out.append(layer)
            continue
        gfile, found = load_geojson(root, spec["file"], loc, ANY_GEOMETRY)
        diags += found
        if gfile is None:
            continue
        shapes, _ = _shapes(gfile, diags)
        feats = tuple(
            LayerFeature(_feature_label(gfile.features[idx]), geom) for idx, geom in shapes.items()
        )
        sources[layer_id] = (gfile.rel, tuple(gfile.features[idx] for idx in shapes))
        out.append(Layer(features=feats, rel=gfile.rel, **common))
    return tuple(out), sources


def _opacity(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1:
        return float(value)
    return None


def _external_layer(
    root: Path, spec: Mapping[str, Any], loc: Any, common: dict[str, Any], diags: list[Diagnostic]
) -> Layer | None:
    """A GeoPackage, shapefile or GeoTIFF layer: located and checked, read by the maps."""
    path, rel, found = resolve_in_dossier(root, spec["file"], loc)
    diags += found
    if path is None or rel is None:
        return None
    if layerfiles.format_of(rel) is None:
        diags.append(layerfiles.unsupported(rel, loc))
        return None
    checked, found = layerfiles.check(path, rel, spec, loc, root)
    diags += found
    if checked is None:
        return None
    if checked.fmt == "tiff":
        common = {**common, "kind": "base"}
    return Layer(features=(), fmt=checked.fmt, path=path, rel=rel, table=checked.table, **common)


def _feature_label(feat: Feature) -> str:
    name = feat.properties.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return feat.id or str(feat.index + 1)


def _bounds(geoms: Sequence[Geometry | None]) -> tuple[float, float, float, float]:
    boxes = [g.bounds for g in geoms if g is not None and not g.is_empty]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


__all__ = ["GeoSummary", "Locate", "Measured", "analyse"]
