"""Maps for section 1.e, drawn from the dossier's boundaries (see dossier.geo.maps)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    from dossier.geo import maps

    prop = a.data.get("property") or {}
    drawn = maps.draw_map(
        a.geo,
        spec,
        title_suffix=a.doc,
        date=str((a.data.get("dates") or {}).get("document") or ""),
        property_name=a.name(prop.get("name")),
        short_name=str(prop.get("short_name") or "") or None,
        states_parties=states_parties(a),
        sheet=get(a.data, ("identification", "map_sheet")),
        lang=a.lang,
    )
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
