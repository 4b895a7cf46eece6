"""Maps for section 1.e, drawn from the dossier's boundaries (see dossier.geo.maps)."""

from __future__ import annotations

import hashlib
import json
import pickle
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier.core import memo
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.load.textvalue import get

if TYPE_CHECKING:
    from dossier.assemble.base import Assembler
    from dossier.geo.maps import DrawnMap


def states_parties(a: Assembler) -> list[tuple[str, str]]:
    """(ISO code, name in the document's language) of every State Party of the dossier,
    then any other State Party a component names (transnational series)."""
    out: list[tuple[str, str]] = []
    prop = a.data.get("property") or {}
    for sp in prop.get("states_parties") or []:
        if isinstance(sp, dict) and isinstance(sp.get("code"), str):
            out.append((sp["code"], a.name(sp.get("name")) or sp["code"]))
    known = {code for code, _ in out}
    for comp in get(a.data, ("identification", "components")) or []:
        code = comp.get("state_party") if isinstance(comp, dict) else None
        if isinstance(code, str) and code and code not in known:
            known.add(code)
            out.append((code, ""))
    return out


def draw(a: Assembler, spec: dict[str, Any], index: int) -> DrawnMap | None:
    """The map of ``identification.maps[index]``; labels it had to leave out are reported."""
    if a.geo is None:
        return None
    from dossier.assemble import mapstore
    from dossier.geo import maps

    prop = a.data.get("property") or {}
    options: dict[str, Any] = dict(
        title_suffix=a.doc,
        date=str((a.data.get("dates") or {}).get("document") or ""),
        property_name=a.name(prop.get("name")),
        short_name=str(prop.get("short_name") or "") or None,
        states_parties=states_parties(a),
        sheet=get(a.data, ("identification", "map_sheet")),
        lang=a.lang,
    )
    geo = a.geo

    def make() -> DrawnMap:
        # Kept on disk between builds (assemble.mapstore) unless it reads layer files.
        entry = mapstore.key(geo, spec, options)
        found = mapstore.load(entry) if entry is not None else None
        if found is not None:
            return found
        made = maps.draw_map(geo, spec, **options)
        if entry is not None:
            mapstore.store(entry, made)
        return made

    drawn = memo.cached("map", _inputs_key(geo, spec, options), make) if memo.active() else make()
    where = a.src.locate(("identification", "maps", index))
    for text in drawn.warnings:
        if text == maps.OVERFLOW:
            a.diagnostics.append(
                Diagnostic(
                    "map.legend-overflow",
                    Severity.WARNING,
                    f"map {spec.get('id')!r}: the legend and notes are longer than the sheet "
                    "and are cut off at the bottom",
                    where,
                    "Show fewer layers on this map (its 'layers:' list), shorten the layer "
                    "titles, or draw the maps on A3 sheets (identification.map_sheet: A3).",
                )
            )
            continue
        a.diagnostics.append(
            Diagnostic(
                "map.label-dropped",
                Severity.WARNING,
                f"map {spec.get('id')!r}: the label {text!r} could not be placed without "
                "covering another label or symbol, so it was left out",
                where,
                "Draw the map on an A3 sheet (identification.map_sheet: A3), add a map of "
                "the component, or shorten the label (property.short_name).",
            )
        )
    for rule, message, hint, layer in drawn.problems:
        loc = a.src.locate(("identification", "boundaries", "layers", layer, "file"))
        a.diagnostics.append(Diagnostic(rule, Severity.ERROR, message, loc, hint))
    return drawn


def _inputs_key(geo: Any, spec: dict[str, Any], options: dict[str, Any]) -> str:
    """A digest of everything a map drawing depends on, for the live preview's memo: the
    measured geometries (with the GeoJSON layers' features), the map's entry and options,
    and the state of every file a layer reads while drawing (GeoPackage, shapefile,
    GeoTIFF and the companions GDAL opens by name). The bundled world data and the
    libraries do not change during a preview."""
    digest = hashlib.sha256(pickle.dumps(geo, protocol=5))
    digest.update(json.dumps([spec, options], sort_keys=True, default=repr).encode())
    for layer in geo.layers:
        if layer.path is not None:
            digest.update(_files_state(Path(layer.path)).encode())
    return digest.hexdigest()


#: Files changed this recently (ns) may change again within the same tick of the file
#: system's clock without a new ctime: their state is never trusted (the map is redrawn).
RACY_NS = 2_000_000_000


def _files_state(path: Path) -> str:
    """Size, times and inode of a layer file and of its companions (same stem: .dbf,
    .prj, .aux.xml, .ovr; a GeoPackage's -wal and -shm): any write changes the change
    time (ctime), which no program can set back; a file changed in the last RACY_NS
    gives a state of its own each time (as git treats "racily clean" files)."""
    stem, name = path.stem + ".", path.name + "-"
    try:
        found = sorted(p for p in path.parent.iterdir() if p.name.startswith((stem, name)))
    except OSError:
        return f"{path}: unlisted"
    out = [str(path)]
    for p in found:
        try:
            st = p.stat()
        except OSError:
            out.append(f"{p.name}: gone")
            continue
        out.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}")
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
            out.append(f"{p.name}: changed just now ({time.monotonic_ns()})")
    return "\n".join(out)
