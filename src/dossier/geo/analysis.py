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
                _digest_file(digest, path)
            except OSError:
                return None
    return digest.hexdigest()


def _digest_file(digest: Any, path: Any) -> None:
    """Feed what the geometry findings depend on, reading large files in pieces: for a
    GeoTIFF only its signature is checked (its size and head suffice), for a shapefile
    also its companion files."""
    suffix = path.suffix.lower()
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
