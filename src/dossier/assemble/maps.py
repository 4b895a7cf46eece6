"""Maps for section 1.e, drawn from the dossier's boundaries (see dossier.geo.maps)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dossier.assemble.base import Assembler


def map_svg(a: Assembler, spec: dict[str, Any]) -> str | None:
    if a.geo is None:
        return None
    try:
        from dossier.geo import maps
    except ImportError:
        return None

    return maps.draw_map(
        a.geo,
        spec,
        title_suffix=a.doc,
        date=str((a.data.get("dates") or {}).get("document") or ""),
        property_name=a.name((a.data.get("property") or {}).get("name")),
        lang=a.lang,
    )
