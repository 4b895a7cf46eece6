"""Digital boundary data for the World Heritage Centre: GeoJSON, KML and shapefile.

Annex 5 encourages vector boundaries, and the Centre's GIS takes shapefiles; KML opens
in Google Earth for evaluators. The files are written by dossier's one output writer
(all or none, never over a file dossier did not write). The KML is
re-parsed with schema validation before it is written.
"""

from __future__ import annotations

import io
import json
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.geo.measure import Geometry, GeoSummary, area_ha

ILLUSTRATIVE_TEXT = "ILLUSTRATIVE boundaries, drawn for demonstration; not the official boundaries."
ESRI_WGS84 = (
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
    'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
)
PRECISION = 7  # decimal places of degrees: about 1 cm


@dataclass(frozen=True)
class Part:
    """One exported polygon feature."""

    zone: str  # "property" or "buffer zone"
    id: str
    name: str
    geometry: Geometry
    state_party: str | None = None
    component: str | None = None  # the component a buffer-zone part belongs to
    buffer_area_ha: float | None = None  # a component's buffer zone, in hectares

    def attributes(self) -> dict[str, Any]:
        """Every attribute of the part, in a stable order (None where not known)."""
        return {
            "id": self.id,
            "name": self.name,
            "zone": self.zone,
            "state_party": self.state_party,
            "component": self.component,
            "area_ha": self.area_ha,
            "buffer_area_ha": round(self.buffer_area_ha, 2)
            if self.buffer_area_ha is not None
            else None,
        }

    @property
    def area_ha(self) -> float:
        return round(area_ha(self.geometry), 2)


def parts(summary: GeoSummary) -> tuple[list[Part], list[Part]]:
    """Property features (per component when serial) and buffer-zone features."""
    prop = [
        Part(
            "property",
            m.id,
            m.name,
            summary.component_geometries[m.id],
            m.state_party,
            None,
            m.buffer_area_ha,
        )
        for m in summary.components
    ] or [
        Part(
            "property",
            "property",
            summary.property.name,
            summary.property_geometry,
            summary.property.state_party,
            None,
            summary.buffer_zone_ha,
        )
    ]
    buffers: list[Part] = []
    zone = summary.buffer_geometry
    if zone is not None and not zone.is_empty:
        named = summary.component_buffers
        if named and len(named) == len(summary.components):
            buffers = [
                Part(
                    "buffer zone",
                    f"{m.id}-bz",
                    f"Buffer zone of {m.id}",
                    named[m.id],
                    m.state_party,
                    m.id,
                )
                for m in summary.components
                if not named[m.id].is_empty
            ]
        else:
            sp = summary.property.state_party
            buffers = [Part("buffer zone", "buffer-zone", "Buffer zone", zone, sp)]
    return prop, buffers


def _round(geom: Geometry) -> Geometry:
    """Coordinates rounded to ``PRECISION`` places, so output text is stable."""
    import shapely

    return shapely.transform(geom, lambda c: c.round(PRECISION))


def rfc7946(geom: Geometry) -> Geometry:
    """Polygons with exterior rings counter-clockwise and holes clockwise (RFC 7946, 3.1.6)."""
    import shapely
    from shapely.geometry.polygon import orient

    from dossier.geo.measure import polygons

    parts = [orient(p, 1.0) for p in polygons(geom)]
    if not parts:
        return geom
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _rounded(geom: Geometry) -> dict[str, Any]:
    from shapely.geometry import mapping

    data: dict[str, Any] = mapping(rfc7946(_round(geom)))
    return data


def geojson_text(features: Sequence[Part], summary: GeoSummary, title: str) -> str:
    """A FeatureCollection, one feature per line, stable key order."""
    head: dict[str, Any] = {"type": "FeatureCollection", "name": title}
    if summary.illustrative:
        head["description"] = ILLUSTRATIVE_TEXT
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [']
    rows = []
    for p in features:
        feature = {
            "type": "Feature",
            "properties": p.attributes(),
            "geometry": _rounded(p.geometry),
        }
        rows.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    lines.append(",\n".join(rows))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def _xml_id(prefix: str, raw: str) -> str:
    """A valid xs:ID (letters first, no spaces), which KML validation insists on."""
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9._-]', '-', raw)}"


def kml_text(prop: Sequence[Part], buffers: Sequence[Part], summary: GeoSummary) -> str:
    """KML 2.2 built with fastkml, then re-parsed and validated against the XSD."""
    import pygeoif
    from fastkml import KML, Data, Document, ExtendedData, Folder, Placemark
    from fastkml.styles import LineStyle, PolyStyle, Style, StyleUrl

    def placemark(p: Part, style: str) -> Placemark:
        data = [(k, str(v)) for k, v in p.attributes().items() if v is not None]
        return Placemark(
            id=_xml_id("pm", f"{p.zone}-{p.id}"),
            name=f"{p.id} {p.name}".strip() if p.zone == "property" else p.name,
            description=f"{p.zone}, {p.area_ha:,.2f} ha",
            style_url=StyleUrl(url=f"#{style}"),
            extended_data=ExtendedData(elements=[Data(name=k, value=v) for k, v in data]),
            geometry=pygeoif.shape(rfc7946(_round(p.geometry))),
        )

    styles = [
        Style(
            id="property-style",
            styles=[LineStyle(color="ff0000b3", width=2.5), PolyStyle(color="401f30d7")],
        ),
        Style(
            id="buffer-style",
            styles=[LineStyle(color="ff0161e6", width=1.5), PolyStyle(color="3061aefd")],
        ),
    ]
    folders = [
        Folder(
            id="property",
            name="Nominated property",
            features=[placemark(p, "property-style") for p in prop],
        )
    ]
    if buffers:
        marks = [placemark(p, "buffer-style") for p in buffers]
        folders.append(Folder(id="buffer-zone", name="Buffer zone", features=marks))
    name = summary.property.name or "Nominated property"
    doc = Document(
        id="boundaries",
        name=name,
        description=ILLUSTRATIVE_TEXT if summary.illustrative else None,
        styles=styles,
        features=folders,
    )
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + KML(features=[doc]).to_string(
        prettyprint=True, precision=PRECISION
    )
    _validate_kml(text)
    return text


def _validate_kml(text: str) -> None:
    """Re-parse the written text and check it against the OGC KML 2.2 schema.

    fastkml's own XSD check (lxml) is used directly: ``KML.parse(validate=True)`` runs the
    same check but also rebuilds every coordinate as an object, minutes for big boundaries.
    """
    from fastkml.validator import validate
    from lxml import etree

    root = etree.fromstring(text.encode("utf-8"))
    if validate(element=root) is not True:  # raises AssertionError when invalid
        raise RuntimeError("the KML schema could not be loaded to validate the export")


def _shapefile(features: Sequence[Part], stamp: time.struct_time | None) -> dict[str, bytes]:
    """Shapefile members (.shp .shx .dbf .prj .cpg); outer rings clockwise as ESRI wants."""
    import shapefile
    from shapely.geometry.polygon import orient

    from dossier.geo.measure import polygons

    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as w:
        w.field("ID", "C", size=32)
        w.field("NAME", "C", size=254)
        w.field("ZONE", "C", size=16)
        w.field("AREA_HA", "N", size=18, decimal=2)
        w.field("STATE_PTY", "C", size=8)
        w.field("COMPONENT", "C", size=32)
        w.field("BUF_HA", "N", size=18, decimal=2)
        for p in features:
            rings: list[list[list[float]]] = []
            for poly in polygons(p.geometry):
                poly = orient(poly, -1.0)
                for ring in (poly.exterior, *poly.interiors):
                    rings.append(
                        [[round(x, PRECISION), round(y, PRECISION)] for x, y in ring.coords]
                    )
            w.poly(rings)
            buf = round(p.buffer_area_ha, 2) if p.buffer_area_ha is not None else None
            w.record(
                p.id, p.name[:254], p.zone, p.area_ha, p.state_party or "", p.component or "", buf
            )
    dbf_bytes = bytearray(dbf.getvalue())
    if stamp is not None:  # the dBASE header carries a "last update" date: pin it
        dbf_bytes[1:4] = bytes([stamp.tm_year - 1900, stamp.tm_mon, stamp.tm_mday])
    return {
        ".shp": shp.getvalue(),
        ".shx": shx.getvalue(),
        ".dbf": bytes(dbf_bytes),
        ".prj": ESRI_WGS84.encode("ascii"),
        ".cpg": b"UTF-8",
    }


def _stamp() -> time.struct_time | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return time.gmtime(int(epoch)) if epoch and epoch.isdigit() else None


def _outputs(summary: GeoSummary) -> Iterator[tuple[str, bytes]]:
    prop, buffers = parts(summary)
    name = summary.property.name or "Nominated property"
    yield "property.geojson", geojson_text(prop, summary, f"{name}: property").encode()
    if buffers:
        yield "buffer-zone.geojson", geojson_text(buffers, summary, f"{name}: buffer zone").encode()
    yield "boundaries.kml", kml_text(prop, buffers, summary).encode()
    stamp = _stamp()
    for stem, feats in (("property", prop), ("buffer-zone", buffers)):
        if feats:
            for ext, data in _shapefile(feats, stamp).items():
                yield stem + ext, data


def export_gis(
    summary: GeoSummary,
    out_dir: Path,
    *,
    force: bool = False,
    protected: Sequence[Path] = (),
) -> list[Path]:
    """Write property/buffer-zone GeoJSON, KML and shapefiles into ``out_dir``.

    Everything is generated in memory first, then written by the one output writer
    (dossier.core.output): all files or none, never over a file dossier did not write,
    never into the dossier's ``protected`` source folders.
    """
    from dossier.core.output import write_outputs

    files = {out_dir / name: data for name, data in _outputs(summary)}
    return write_outputs(out_dir, files, force=force, protected=protected)
