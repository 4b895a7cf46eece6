"""Drawn maps kept in the findings cache (core.cache) from one build to the next.

A map is a pure function of its inputs, and drawing the example's five costs about
0.3 s in a fresh process (world data, projections, fonts, labels). An entry is keyed by
every one of them:

* the measured geometries (the pickled GeoSummary: boundaries, components, GeoJSON
  layers' features), the map's entry and the drawing options (titles, date, States
  Parties, sheet, language, document);
* dossier's code and the libraries that change geometry (shapely/GEOS, pyproj/PROJ,
  numpy), through the cache's stamp;
* what the stamp does not cover: the bundled world data (the packs' bytes), the fonts the
  labels are measured with (their bytes) and Pillow, which measures them (its
  RECORD, bundled FreeType included), and the PROJ data folder chosen by environment.

A map with a layer read from a file while drawing (GeoPackage, shapefile, GeoTIFF) is not
kept: its key would have to cover files of any size. Any problem reading an entry is a
miss (the map is drawn).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
from typing import TYPE_CHECKING, Any

from dossier.core import cache

if TYPE_CHECKING:
    from dossier.geo.maps import DrawnMap

KIND = "map"
# The font files the labels are measured with (geo.svg._FONT_FILES).
FONTS = ("PTSans-Regular.ttf", "PTSans-Bold.ttf")
WORLD_LAYERS = ("countries", "coastline", "seas", "lakes", "rivers", "places")
PROJ_ENV = ("PROJ_DATA", "PROJ_LIB", "PROJ_NETWORK")


@functools.cache
def environment() -> str:
    """A digest of the map inputs outside the stamp (computed once per process)."""
    from importlib import metadata, resources

    from dossier.core.resources import templates_dir

    digest = hashlib.sha256()
    world = resources.files("dossier.geo").joinpath("data", "world")
    for layer in WORLD_LAYERS:
        digest.update(f"\0world {layer}\0".encode())
        digest.update(world.joinpath(f"{layer}.pack").read_bytes())
    for name in FONTS:
        digest.update(f"\0font {name}\0".encode())
        try:
            digest.update((templates_dir() / "fonts" / name).read_bytes())
        except OSError:
            digest.update(b"absent")
    try:
        pillow = metadata.distribution("pillow")
        digest.update(f"\0pillow {pillow.version}\0".encode())
        digest.update((pillow.read_text("RECORD") or "").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"\0no pillow\0")
    for name in PROJ_ENV:
        digest.update(f"\0{name}={os.environ.get(name)}".encode())
    return digest.hexdigest()


def key(geo: Any, spec: dict[str, Any], options: dict[str, Any]) -> str | None:
    """The entry's key, or None when the map reads layer files while it is drawn (or an
    input cannot be written down: the map is then drawn every time)."""
    if any(layer.path is not None for layer in geo.layers):
        return None
    digest = hashlib.sha256(environment().encode())
    try:
        digest.update(pickle.dumps(geo, protocol=5))
        digest.update(json.dumps([spec, options], sort_keys=True, default=repr).encode())
    except (TypeError, ValueError, pickle.PicklingError):  # e.g. keys 1 and "id" in one entry
        return None
    return digest.hexdigest()


def load(entry: str) -> DrawnMap | None:
    """The stored map, or None (absent, or not of the expected shape)."""
    from dossier.geo.maps import DrawnMap
    from dossier.geo.mapview import SHEETS

    data = cache.load_json(KIND, entry)
    try:
        assert isinstance(data, dict)
        (sheet,) = [s for s in SHEETS.values() if s.page == data["sheet"]]
        warnings = tuple(data["warnings"])
        problems = tuple((str(a), str(b), str(c), int(d)) for a, b, c, d in data["problems"])
        svg = data["svg"]
        assert isinstance(svg, str) and all(isinstance(w, str) for w in warnings)
    except (AssertionError, KeyError, TypeError, ValueError):
        return None
    return DrawnMap(svg, sheet, warnings, problems)


def store(entry: str, drawn: DrawnMap) -> None:
    from dossier.geo.mapview import SHEETS

    if drawn.sheet not in SHEETS.values():
        return  # a sheet the entry could not name
    cache.store_json(
        KIND,
        entry,
        {
            "svg": drawn.svg,
            "sheet": drawn.sheet.page,
            "warnings": list(drawn.warnings),
            "problems": [list(p) for p in drawn.problems],
        },
    )
