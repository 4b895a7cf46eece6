"""Safe loading of GeoJSON files inside the dossier folder.

GeoJSON is read with :mod:`json` (never the YAML loader): the file is size-bounded,
must be UTF-8, and every problem becomes a ``geo.*`` Diagnostic that points at the
file, line and column, and at the feature (``feature "001"`` or ``feature 3``).
Structure is checked here, on the raw coordinates, because shapely silently closes
rings and accepts swapped axes; the geometric checks live in :mod:`dossier.geo.checks`.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.core import paths
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.load.yamlload import TextKind, read_text_file

MAX_GEOJSON_BYTES = 16 * 1024 * 1024

POLYGONAL = frozenset({"Polygon", "MultiPolygon"})
ANY_GEOMETRY = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
)
# RFC 7946 removed "crs"; these older names all mean WGS 84 longitude/latitude.
_WGS84_CRS = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}
_WS = re.compile(r"[ \t\n\r]*")
_WGS84_HINT = (
    "GeoJSON coordinates must be WGS 84 longitude, latitude in decimal degrees "
    "(RFC 7946); export the layer again with that setting (EPSG:4326)."
)


def diag(
    rule: str,
    message: str,
    location: Location | None,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    """Shorthand used by the geo modules."""
    return Diagnostic(rule, severity, message, location, hint)


@dataclass(frozen=True)
class Feature:
    """One feature of a GeoJSON file; ``geometry`` is None when it could not be used."""

    index: int  # 0-based position in the "features" array
    id: str | None  # properties.id (or the feature's "id" member) as text
    properties: dict[str, Any]
    geometry: dict[str, Any] | None
    line: int | None = None
    col: int | None = None

    @property
    def label(self) -> str:
        """How a person finds the feature in a GIS: by id, else by its number (1-based)."""
        return f'feature "{self.id}"' if self.id is not None else f"feature {self.index + 1}"

    def location(self, rel: str) -> Location:
        return Location(rel, self.line, self.col, self.label)


@dataclass(frozen=True)
class GeoFile:
    rel: str  # posix path relative to the dossier folder
    features: tuple[Feature, ...]
    description: str | None = None
    usable: tuple[Feature, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "usable", tuple(f for f in self.features if f.geometry is not None)
        )


# ----------------------------------------------------------------- file references


def resolve_in_dossier(
    root: Path, ref: object, ref_loc: Location | None
) -> tuple[Path | None, str | None, list[Diagnostic]]:
    """Resolve a file reference from YAML; it must be a local file inside ``root``.

    The rules are those of dossier.core.paths (no URL, no absolute path, no ``..`` or
    symbolic link out of the folder); this only words the refusals for boundary files.
    """
    found = paths.resolve_inside(root, ref)
    if found.path is not None:
        return found.path, found.rel, []
    text = ref.strip() if isinstance(ref, str) else ""
    outside_hint = "Copy the file into the dossier's geo/ folder and refer to it by that path."
    problem = found.problem
    if problem == "remote":
        found_diag = diag(
            "geo.remote-file",
            f"{text!r} is a web address; boundary files must be stored in the dossier",
            ref_loc,
            "Download the file into the dossier's geo/ folder and refer to it by "
            "its path, so that the dossier can be built offline and reproduced.",
        )
    elif problem == "absolute":
        found_diag = diag(
            "geo.file-outside",
            f"{text!r} is an absolute path; files must be inside the dossier folder",
            ref_loc,
            outside_hint,
        )
    elif problem == "outside":
        found_diag = diag(
            "geo.file-outside", f"{text!r} points outside the dossier folder", ref_loc, outside_hint
        )
    elif problem == "link-outside":
        found_diag = diag(
            "geo.file-outside",
            f"{text!r} is a symbolic link that leads outside the dossier folder",
            ref_loc,
            outside_hint,
        )
    elif problem in ("missing", "not-a-file"):
        what = "is a folder, not a file" if problem == "not-a-file" else "does not exist"
        found_diag = diag(
            "geo.file-missing",
            f"the boundary file {found.rel} {what}",
            ref_loc,
            "Check the spelling of the path; it is relative to the dossier folder "
            "(the folder that holds dossier.yaml).",
        )
    else:
        found_diag = diag(
            "geo.file-missing",
            "the boundary file reference is empty or not text"
            if not text
            else f"{text!r} is not a usable file name",
            ref_loc,
            "Give a path inside the dossier folder, e.g. geo/property.geojson.",
        )
    return None, found.rel, [found_diag]


# ----------------------------------------------------------------- reading and parsing


def _line_col(text: str, offset: int, newlines: list[int]) -> tuple[int, int]:
    line = bisect.bisect_left(newlines, offset)
    start = newlines[line - 1] + 1 if line else 0
    return line + 1, offset - start + 1


def _skip(text: str, i: int) -> int:
    m = _WS.match(text, i)
    return m.end() if m else i


def _feature_offsets(text: str) -> list[int]:
    """Character offsets of each element of the top-level "features" array.

    ``json`` gives no positions, so the top-level object is walked with
    ``raw_decode``; any surprise just means features are located by id only.
    """
    dec = json.JSONDecoder()
    try:
        i = _skip(text, 0)
        if text[i] != "{":
            return []
        i += 1
        while True:
            i = _skip(text, i)
            if text[i] == "}":
                return []
            key, i = dec.raw_decode(text, i)
            i = _skip(text, i) + 1  # the ':'
            i = _skip(text, i)
            if key == "features" and text[i] == "[":
                starts: list[int] = []
                i += 1
                while True:
                    i = _skip(text, i)
                    if text[i] == "]":
                        return starts
                    starts.append(i)
                    _, i = dec.raw_decode(text, i)
                    i = _skip(text, i)
                    if text[i] == ",":
                        i += 1
            _, i = dec.raw_decode(text, i)
            i = _skip(text, i)
            if text[i] != ",":
                return []
            i += 1
    except (ValueError, IndexError, RecursionError):
        return []


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number in JSON")


def parse_geojson(
    text: str, rel: str, allowed: frozenset[str] = POLYGONAL
) -> tuple[GeoFile | None, list[Diagnostic]]:
    """Parse GeoJSON text and check its structure; geometries must be of ``allowed`` types."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        return None, [
            diag(
                "geo.json-syntax",
                f"the GeoJSON file is not valid JSON: {exc.msg}",
                Location(rel, exc.lineno, exc.colno),
                "Check for a missing comma, bracket or quote near this position; "
                "export the file again from your GIS if it was edited by hand.",
            )
        ]
    except (ValueError, RecursionError) as exc:
        msg = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        loc = Location(rel, 1, 1)
        return None, [diag("geo.json-syntax", f"the GeoJSON file is not valid JSON: {msg}", loc)]
    file_loc = Location(rel, 1, 1)
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return None, [_not_geojson(file_loc, 'it is not a JSON object with a "type"')]
    crs_problem = _crs_problem(data.get("crs"))
    if crs_problem:
        return None, [diag("geo.crs", crs_problem, file_loc, _WGS84_HINT)]
    kind = data["type"]
    offsets: list[int] = []
    if kind == "FeatureCollection":
        raw = data.get("features")
        if not isinstance(raw, list):
            return None, [_not_geojson(file_loc, 'its "features" member is not a list')]
        offsets = _feature_offsets(text) if raw else []
    elif kind == "Feature":
        raw = [data]
    elif kind in ANY_GEOMETRY or kind == "GeometryCollection":
        raw = [{"type": "Feature", "properties": {}, "geometry": data}]
    else:
        return None, [_not_geojson(file_loc, f'its type is "{kind}"')]
    newlines = [m.start() for m in re.finditer("\n", text)] if offsets else []
    features: list[Feature] = []
    diags: list[Diagnostic] = []
    for index, item in enumerate(raw):
        line = col = None
        if len(offsets) == len(raw):
            line, col = _line_col(text, offsets[index], newlines)
        feature, problems = _feature(item, index, line, col, rel, allowed)
        features.append(feature)
        diags.extend(problems)
    if not features:
        diags.append(
            diag(
                "geo.empty",
                "the GeoJSON file contains no features",
                file_loc,
                "Export the boundary polygons into this file.",
            )
        )
    desc = data.get("description")
    return GeoFile(rel, tuple(features), desc if isinstance(desc, str) else None), diags


def _not_geojson(loc: Location, why: str) -> Diagnostic:
    return diag(
        "geo.not-geojson",
        f"the file is not a GeoJSON FeatureCollection: {why}",
        loc,
        "Save the layer from your GIS as GeoJSON (a FeatureCollection in WGS 84).",
    )


def _crs_problem(crs: object) -> str | None:
    if crs is None:
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if isinstance(name, str) and name in _WGS84_CRS:
        return None
    shown = name if isinstance(name, str) else json.dumps(crs)[:80]
    return f"the file declares the coordinate system {shown}; only WGS 84 is accepted"


def _feature_id(item: dict[str, Any], props: dict[str, Any]) -> str | None:
    for value in (props.get("id"), item.get("id")):
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return None


def _feature(
    item: object, index: int, line: int | None, col: int | None, rel: str, allowed: frozenset[str]
) -> tuple[Feature, list[Diagnostic]]:
    if not isinstance(item, dict) or item.get("type") != "Feature":
        feat = Feature(index, None, {}, None, line, col)
        return feat, [
            _not_geojson(feat.location(rel), 'this member of "features" is not a Feature')
        ]
    props = item.get("properties")
    props = props if isinstance(props, dict) else {}
    feat = Feature(index, _feature_id(item, props), props, None, line, col)
    loc = feat.location(rel)
    geom = item.get("geometry")
    if not isinstance(geom, dict):
        return feat, [
            diag(
                "geo.geometry-missing",
                f"{feat.label} has no geometry",
                loc,
                "Draw the boundary for this feature, or remove the feature.",
            )
        ]
    kind = geom.get("type")
    if kind not in allowed:
        wanted = " or ".join(sorted(allowed)) if len(allowed) < 3 else "a point, line or polygon"
        return feat, [
            diag(
                "geo.geometry-type",
                f"{feat.label} is a {kind} but must be {wanted}",
                loc,
                "Boundaries are areas: export them as polygons (not lines or points). "
                "Split a GeometryCollection into separate features.",
            )
        ]
    checker = _GeometryChecker(feat.label)
    clean = checker.check(str(kind), geom.get("coordinates"))
    problems = [diag(rule, msg, loc, hint) for rule, msg, hint in checker.problems]
    if clean is None:
        return feat, problems
    return Feature(index, feat.id, props, {"type": kind, "coordinates": clean}, line, col), problems


# ----------------------------------------------------------------- coordinates


_NUMBER_TYPES = (int, float)  # exact types: bool is refused, as JSON true is not a number


def _position(value: object) -> list[float] | None:
    """``[lon, lat]`` from a GeoJSON position (2 or 3 finite numbers), else None."""
    if type(value) is not list or not 2 <= len(value) <= 3:
        return None
    for v in value:
        if type(v) not in _NUMBER_TYPES or not math.isfinite(v):
            return None
    return [float(value[0]), float(value[1])]


class _GeometryChecker:
    """Checks nesting, numbers, ranges and rings; collects (rule, message, hint)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[tuple[str, str, str]] = []
        self.positions: list[tuple[float, float]] = []
        self.malformed = False

    def check(self, kind: str, coords: object) -> Any:
        depth = {
            "Point": 0,
            "MultiPoint": 1,
            "LineString": 1,
            "MultiLineString": 2,
            "Polygon": 2,
            "MultiPolygon": 3,
        }[kind]
        out = self._nest(coords, depth)
        if self.malformed or out is None:
            self.problems.append(
                (
                    "geo.coordinates",
                    f"the coordinates of {self.label} are not a valid {kind}: "
                    "expected nested lists of [longitude, latitude] number pairs",
                    _WGS84_HINT,
                )
            )
            return None
        if not self._ranges_ok():
            return None
        if kind == "Polygon":
            out = self._rings(out, None)
        elif kind == "MultiPolygon":
            parts = [self._rings(p, i + 1 if len(out) > 1 else None) for i, p in enumerate(out)]
            out = None if any(p is None for p in parts) else parts
        elif kind == "LineString" and len(out) < 2:
            self.problems.append(
                ("geo.coordinates", f"the line of {self.label} has fewer than 2 points", "")
            )
            return None
        return out

    def _nest(self, value: object, depth: int) -> Any:
        if depth == 0:
            pos = _position(value)
            if pos is None:
                self.malformed = True
            else:
                self.positions.append((pos[0], pos[1]))
            return pos
        if not isinstance(value, list) or not value:
            self.malformed = True
            return None
        if depth == 1:  # a list of positions: the hot loop for large boundaries
            items = [_position(v) for v in value]
            if any(p is None for p in items):
                self.malformed = True
                return None
            self.positions.extend((p[0], p[1]) for p in items if p is not None)
            return items
        items = [self._nest(v, depth - 1) for v in value]
        return None if self.malformed else items

    def _ranges_ok(self) -> bool:
        bad = [(x, y) for x, y in self.positions if not (-180 <= x <= 180 and -90 <= y <= 90)]
        if not bad:
            return True
        x, y = bad[0]
        count = f"{len(bad)} of {len(self.positions)} points" if len(bad) > 1 else "a point"
        if any(abs(v) > 360 for p in bad for v in p):
            self.problems.append(
                (
                    "geo.coordinate-range",
                    f"{self.label} has {count} outside the range of degrees, e.g. ({x:g}, {y:g}); "
                    "these look like metres in a projected system such as UTM",
                    _WGS84_HINT,
                )
            )
        elif all(abs(px) <= 90 and abs(py) <= 180 for px, py in self.positions):
            self.problems.append(
                (
                    "geo.coordinates-swapped",
                    f"{self.label} appears to give latitude before longitude: "
                    f"({x:g}, {y:g}) has a 'latitude' beyond 90°",
                    "GeoJSON lists longitude first, then latitude; swap the two values "
                    "(most GIS exports do this correctly).",
                )
            )
        else:
            self.problems.append(
                (
                    "geo.coordinate-range",
                    f"{self.label} has {count} outside longitude ±180° / latitude ±90°, "
                    f"e.g. ({x:g}, {y:g})",
                    _WGS84_HINT,
                )
            )
        return False

    def _rings(self, rings: list[list[list[float]]], part: int | None) -> Any:
        out = []
        for n, ring in enumerate(rings):
            name = "outer boundary" if n == 0 else f"hole {n}"
            if part is not None:
                name += f" of part {part}"
            where = f"the {name} of {self.label}"
            if ring[0] != ring[-1]:
                self.problems.append(
                    (
                        "geo.unclosed-ring",
                        f"{where} is not closed: its last point ({ring[-1][0]:g}, "
                        f"{ring[-1][1]:g}) differs from its first ({ring[0][0]:g}, {ring[0][1]:g})",
                        "Repeat the first point at the end of the ring, or export the layer "
                        "again from your GIS, which closes rings itself.",
                    )
                )
                ring = [*ring, ring[0]]
            if len(ring) < 4 or _collinear(ring):
                self.problems.append(
                    (
                        "geo.degenerate-ring",
                        f"{where} encloses no area (it has {len(ring)} points, "
                        "or all of them lie on one line)",
                        "A boundary needs at least three distinct corners; remove the "
                        "collapsed ring or redraw it.",
                    )
                )
                return None
            out.append(ring)
        return out


def _collinear(ring: list[list[float]]) -> bool:
    """True when the ring has fewer than three distinct corners or all lie on one line."""
    (x0, y0), *rest = ring
    far = next(((x, y) for x, y in rest if (x, y) != (x0, y0)), None)
    if far is None:
        return True
    dx, dy = far[0] - x0, far[1] - y0
    return all(dx * (y - y0) - dy * (x - x0) == 0 for x, y in rest)


GEOJSON_TEXT = TextKind(
    too_large="geo.file-too-large",
    unreadable="geo.file-unreadable",
    encoding="geo.encoding",
    what="the GeoJSON file",
    too_large_hint="Simplify the boundary in your GIS (a tolerance of about 1 m keeps it "
    "exact at map scale), or split the layer.",
    encoding_hint="GeoJSON must be UTF-8; export it again with the UTF-8 encoding option.",
)


def read_geojson(
    path: Path, rel: str, allowed: frozenset[str] = POLYGONAL, max_bytes: int = MAX_GEOJSON_BYTES
) -> tuple[GeoFile | None, list[Diagnostic]]:
    """Read a resolved GeoJSON file: size bound, UTF-8, then :func:`parse_geojson`."""
    text, problems = read_text_file(path, rel, max_bytes, GEOJSON_TEXT)
    if text is None:
        return None, problems
    return parse_geojson(text, rel, allowed)


def load_geojson(
    root: Path,
    ref: object,
    ref_loc: Location | None,
    allowed: frozenset[str] = POLYGONAL,
) -> tuple[GeoFile | None, list[Diagnostic]]:
    """Resolve ``ref`` (a path from YAML) inside ``root`` and read it as GeoJSON."""
    path, rel, diags = resolve_in_dossier(root, ref, ref_loc)
    if path is None or rel is None:
        return None, diags
    return read_geojson(path, rel, allowed)
