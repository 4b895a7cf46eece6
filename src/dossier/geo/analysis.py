"""Geometry of a loaded dossier, analysed once and shared by `check` and `build`."""

from __future__ import annotations

from typing import Any

from dossier.core.diagnostics import Diagnostic
from dossier.load.sources import Sources
from dossier.load.textvalue import name_text


def geo_summary(src: Sources) -> tuple[Any, list[Diagnostic]]:
    """(GeoSummary or None, diagnostics) of the boundaries named in section 1."""
    if "geo" not in src.memo:
        ident = src.data.get("identification")
        if (
            not isinstance(ident, dict)
            or "boundaries" not in ident
            or "identification" in src.unreadable
        ):
            src.memo["geo"] = (None, [])
        else:
            from dossier.geo.checks import analyse

            prop = src.data.get("property") or {}
            name = name_text(prop.get("name")) if isinstance(prop, dict) else None
            sps = prop.get("states_parties") if isinstance(prop, dict) else None
            codes = [
                str(sp["code"])
                for sp in (sps if isinstance(sps, list) else [])
                if isinstance(sp, dict) and isinstance(sp.get("code"), str)
            ]
            src.memo["geo"] = analyse(
                src.root, ident, src.locate, property_name=name, states_parties=codes
            )
    result: tuple[Any, list[Diagnostic]] = src.memo["geo"]
    return result


def geo_diagnostics(src: Sources) -> list[Diagnostic]:
    """The geometry findings, from a cache when nothing they depend on has changed.

    Measuring boundaries needs shapely, numpy and pyproj, whose import alone costs about
    0.4 s: more than the rest of `dossier check`. The findings depend only on the files
    read here, so they are cached under the user's cache folder (never in the dossier),
    keyed by the tool version and the exact bytes of those files.
    """
    from dossier.core import cache

    key = cache_key(src)
    if key is not None:
        cached = cache.load_diagnostics("geo", key)
        if cached is not None:
            return cached
    found = list(geo_summary(src)[1])
    if key is not None:
        cache.store_diagnostics("geo", key, found)
    return found


def cache_key(src: Sources) -> str | None:
    """Digest of everything the geometry findings depend on, or None (then no caching)."""
    import hashlib

    from dossier import __version__
    from dossier.load.sources import MANIFEST

    ident = src.data.get("identification")
    if not isinstance(ident, dict) or "identification" not in src.maps:
        return None
    digest = hashlib.sha256(f"dossier {__version__} geo\n".encode())
    names: list[object] = [MANIFEST, src.maps["identification"].file]
    bnd = ident.get("boundaries")
    if isinstance(bnd, dict):
        names += [bnd.get("property"), bnd.get("buffer_zone")]
        names += [layer.get("file") for layer in bnd.get("layers") or [] if isinstance(layer, dict)]
    for name in names:
        digest.update(f"\0{name}\0".encode())
        if not isinstance(name, str):
            continue
        path, problem = src.resolve(name, ())
        if path is not None and problem is None:
            try:
                _digest_file(digest, path, src.root)
            except OSError:
                return None
    return digest.hexdigest()


def _digest_file(digest: Any, path: Any, root: Any) -> None:
    """Feed what the geometry findings depend on, reading large files in pieces: for a
    GeoTIFF only its signature is checked (its size and head suffice), for a shapefile
    also its companion files."""
    suffix = path.suffix.lower()
    if suffix in (".tif", ".tiff", ".shp", ".gpkg"):  # companions linked out of the folder
        from dossier.geo.layerfiles import outside_companions

        digest.update(f"\0links:{outside_companions(path, root)}\0".encode())
    if suffix in (".tif", ".tiff"):
        with path.open("rb") as fh:
            digest.update(fh.read(65536))
        digest.update(str(path.stat().st_size).encode())
        return
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    if suffix == ".shp":
        for ext in (".shx", ".dbf", ".prj"):
            side = path.with_suffix(ext)
            digest.update(f"\0{ext}:{side.is_file()}\0".encode())
            if ext == ".prj" and side.is_file():
                digest.update(side.read_bytes()[:65536])


FIGURES_FORMAT = 1


def computed_figures(src: Sources) -> dict[str, Any] | None:
    """Areas (ha) and central points (DMS) computed from the boundaries, as `dossier check`
    reports them; None when no property boundary could be measured.

    Read from the findings cache when the boundary files are unchanged, so that a check
    that found everything in the cache still never imports shapely.
    """
    if "geo_figures" in src.memo:
        memo: dict[str, Any] | None = src.memo["geo_figures"]
        return memo
    from dossier.core import cache

    key = cache_key(src)
    figures: dict[str, Any] | None
    cached = cache.load_json("geo-figures", key) if key is not None else None
    if isinstance(cached, dict) and cached.get("format") == FIGURES_FORMAT:
        figures = cached.get("figures")
    else:
        summary = geo_summary(src)[0]
        figures = None if summary is None else _figures(summary)
        if key is not None:
            cache.store_json("geo-figures", key, {"format": FIGURES_FORMAT, "figures": figures})
    src.memo["geo_figures"] = figures
    return figures


def _point(measured: Any) -> dict[str, Any]:
    return {
        "lat": measured.lat_dms,
        "lon": measured.lon_dms,
        "lat_deg": round(measured.lat, 6),
        "lon_deg": round(measured.lon, 6),
    }


def _area(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _figures(summary: Any) -> dict[str, Any]:
    """The JSON form of `dossier check --format json` (docs/report-format.md)."""
    return {
        "illustrative": bool(summary.illustrative),
        "property": {
            "area_ha": _area(summary.property.area_ha),
            "centre": _point(summary.property),
        },
        "buffer_zone_ha": _area(summary.buffer_zone_ha),
        "total_ha": _area(summary.total_ha),
        "components": [
            {
                "id": m.id,
                "name": m.name,
                "area_ha": _area(m.area_ha),
                "buffer_zone_ha": _area(m.buffer_area_ha),
                "centre": _point(m),
            }
            for m in summary.components
        ],
    }
