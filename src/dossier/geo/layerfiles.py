"""Check a map layer given as a GeoPackage, shapefile or GeoTIFF, without GDAL.

`dossier check` must not import the raster and vector stack (rasterio, pyogrio), so
these files are checked here with what the standard library and pyproj can read: the
file's signature, a GeoPackage's table of contents and coordinate systems (it is an
SQLite database), a shapefile's ``.prj``. Maps read the data when they are drawn
(dossier.geo.layerio). A layer whose coordinate system is unknown is refused: it could
not be placed on the map.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.geo.geojson import diag

FORMATS = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".gpkg": "gpkg",
    ".shp": "shp",
    ".tif": "tiff",
    ".tiff": "tiff",
}
_TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_GEO_KEYS = 34735  # GeoKeyDirectoryTag: where a GeoTIFF states its coordinate system
_GPKG_APP_IDS = (b"GPKG", b"GP10", b"GP11")


@dataclass(frozen=True)
class Checked:
    fmt: str
    table: str | None = None


def format_of(rel: str) -> str | None:
    return FORMATS.get(Path(rel).suffix.lower())


def unsupported(rel: str, loc: Location | None) -> Diagnostic:
    return diag(
        "geo.layer-format",
        f"{rel} is not a layer format the maps can draw",
        loc,
        "Give the layer as GeoJSON (.geojson), GeoPackage (.gpkg) or shapefile (.shp, with "
        "its .shx, .dbf and .prj) for vectors, or GeoTIFF (.tif) for rasters.",
    )


def check(
    path: Path, rel: str, spec: Mapping[str, Any], loc: Location | None, root: Path | None = None
) -> tuple[Checked | None, list[Diagnostic]]:
    """Whether a gpkg/shp/tiff layer file can be drawn; problems located at ``loc``. With
    ``root`` (the dossier folder), its companion files must lie inside it too."""
    fmt = format_of(rel)
    if root is not None:
        escaping = outside_companions(path, root)
        if escaping:
            names = ", ".join(str(PurePosixPath(rel).with_name(n)) for n in escaping)
            return None, [
                diag(  # not geo.file-outside: refs.check, which reports that, never sees them
                    "path.outside",
                    f"{names} beside {rel} "
                    f"{'are symbolic links that lead' if len(escaping) > 1 else 'is a symbolic link that leads'}"
                    " outside the dossier folder (or round in a loop); GIS software reads "
                    "these companion files with the layer",
                    loc,
                    "Copy the files themselves into the dossier's geo/ folder.",
                )
            ]
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        return None, [
            diag("geo.file-unreadable", f"{rel} cannot be read: {exc.strerror or exc}", loc)
        ]
    if fmt == "tiff":
        if not head.startswith(_TIFF_MAGIC):
            return None, [_not_a(rel, "GeoTIFF", loc)]
        tags = _tiff_tags(path)
        if tags is not None and _GEO_KEYS not in tags and _sidecar(path, ".tab") is None:
            return None, [
                _crs_problem(
                    rel,
                    "is not given (the TIFF has no GeoTIFF keys: it is a plain image)",
                    loc,
                )
            ]
        return Checked("tiff"), []
    if fmt == "shp":
        return _shapefile(path, rel, head, loc)
    if fmt == "gpkg":
        return _geopackage(path, rel, head, spec.get("layer"), loc)
    return None, [unsupported(rel, loc)]


def outside_companions(path: Path, root: Path) -> list[str]:
    """Names of the files beside the layer ``path`` that GDAL may read with it (same name,
    any extension: a shapefile's .shx/.dbf/.prj/.cpg, an overview .tif.ovr, a -wal) and
    that are symbolic links leading out of ``root`` or round in a loop. The layer file
    itself has been confined already; its companions are never named in the sources."""
    stem = path.name.split(".")[0].lower()
    base = root.resolve()
    out = []
    try:
        siblings = sorted(path.parent.iterdir())
    except OSError:
        return []
    for sib in siblings:
        if not sib.is_symlink() or sib.name.split(".")[0].lower() != stem:
            continue
        try:
            real = sib.resolve(strict=True)
        except (OSError, RuntimeError):  # a loop or a dangling link
            out.append(sib.name)
            continue
        if real != base and not real.is_relative_to(base):
            out.append(sib.name)
    return out


def _not_a(rel: str, what: str, loc: Location | None) -> Diagnostic:
    return diag(
        "geo.layer-format",
        f"{rel} is not a {what} file (its first bytes do not match)",
        loc,
        f"Export the layer again from your GIS as {what}.",
    )


def _crs_problem(rel: str, why: str, loc: Location | None) -> Diagnostic:
    return diag(
        "geo.layer-crs",
        f"the coordinate system of {rel} {why}, so the layer cannot be placed on the map",
        loc,
        "Save the layer again from your GIS with its coordinate system (any EPSG system is "
        "reprojected to the map's), or export it as GeoJSON in WGS 84.",
    )


def _crs_ok(text: str) -> bool:
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        crs = CRS.from_user_input(text)
    except CRSError:
        return False
    return not crs.is_engineering


def _shapefile(
    path: Path, rel: str, head: bytes, loc: Location | None
) -> tuple[Checked | None, list[Diagnostic]]:
    if head[:4] != b"\x00\x00\x27\x0a":
        return None, [_not_a(rel, "shapefile", loc)]
    missing = [ext for ext in (".shx", ".dbf") if not _sidecar(path, ext)]
    if missing:
        return None, [
            diag(
                "geo.layer-format",
                f"the shapefile {rel} lacks its {' and '.join(missing)} file",
                loc,
                "A shapefile is several files with the same name: copy the .shx, .dbf and "
                ".prj files next to the .shp.",
            )
        ]
    prj = _sidecar(path, ".prj")
    if prj is None:
        return None, [_crs_problem(rel, "is not given (no .prj file beside it)", loc)]
    try:
        text = prj.read_text("utf-8", errors="replace")
    except OSError:
        text = ""
    if not _crs_ok(text):
        return None, [_crs_problem(rel, "in its .prj file is not one PROJ recognises", loc)]
    return Checked("shp"), []


def _tiff_tags(path: Path) -> set[int] | None:
    """The tag numbers of a TIFF's first image (classic or BigTIFF); None when the file is
    too damaged to tell (GDAL then reports it at build time)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
            order = "<" if head[:2] == b"II" else ">"
            big = struct.unpack(order + "H", head[2:4])[0] == 43
            if big:
                offset = struct.unpack(order + "Q", head[8:16])[0]
                count_fmt, entry_size, count_size = "Q", 20, 8
            else:
                offset = struct.unpack(order + "I", head[4:8])[0]
                count_fmt, entry_size, count_size = "H", 12, 2
            fh.seek(offset)
            (count,) = struct.unpack(order + count_fmt, fh.read(count_size))
            entries = fh.read(count * entry_size)
    except (OSError, struct.error):
        return None
    if len(entries) < count * entry_size:
        return None
    return {
        struct.unpack(order + "H", entries[i : i + 2])[0]
        for i in range(0, count * entry_size, entry_size)
    }


def _sidecar(path: Path, ext: str) -> Path | None:
    for candidate in (path.with_suffix(ext), path.with_suffix(ext.upper())):
        if candidate.is_file():
            return candidate
    return None


def _geopackage(
    path: Path, rel: str, head: bytes, wanted: object, loc: Location | None
) -> tuple[Checked | None, list[Diagnostic]]:
    if not head.startswith(_SQLITE_MAGIC) or head[68:72] not in _GPKG_APP_IDS:
        return None, [_not_a(rel, "GeoPackage", loc)]
    try:
        # read-only and immutable: no journal or lock file is written next to the source
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        with sqlite3.connect(uri, uri=True) as db:
            rows = db.execute(
                "SELECT c.table_name, c.srs_id, s.organization, s.organization_coordsys_id, "
                "s.definition FROM gpkg_contents c LEFT JOIN gpkg_spatial_ref_sys s "
                "ON c.srs_id = s.srs_id WHERE c.data_type = 'features' ORDER BY c.table_name"
            ).fetchall()
    except sqlite3.Error as exc:
        return None, [
            diag(
                "geo.layer-format",
                f"the GeoPackage {rel} cannot be read: {exc}",
                loc,
                "Open it in your GIS and save it again as a GeoPackage.",
            )
        ]
    if not rows:
        return None, [
            diag(
                "geo.layer-format",
                f"the GeoPackage {rel} holds no vector layer",
                loc,
                "Rasters are drawn from GeoTIFF files: export the image as GeoTIFF.",
            )
        ]
    names = [str(r[0]) for r in rows]
    found: list[Diagnostic] = []
    if isinstance(wanted, str):
        if wanted not in names:
            return None, [
                diag(
                    "geo.layer-missing",
                    f"the GeoPackage {rel} has no layer {wanted!r} (it has: {', '.join(names)})",
                    loc,
                    "Correct 'layer:' to one of the names listed.",
                )
            ]
        row = rows[names.index(wanted)]
    else:
        row = rows[0]
        if len(rows) > 1:
            found.append(
                diag(
                    "geo.layer-missing",
                    f"the GeoPackage {rel} holds {len(rows)} layers ({', '.join(names)}); "
                    f"the maps draw {names[0]!r}",
                    loc,
                    "Name the layer to draw with 'layer:'.",
                    Severity.WARNING,
                )
            )
    table, srs_id, org, code, definition = row
    crs_text = f"{org}:{code}" if org and code is not None and str(org).upper() == "EPSG" else None
    if srs_id in (0, -1, None) or not (
        (crs_text and _crs_ok(crs_text)) or (definition and _crs_ok(str(definition)))
    ):
        return None, [*found, _crs_problem(rel, "is undefined or unknown", loc)]
    return Checked("gpkg", str(table)), found
