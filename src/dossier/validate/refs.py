"""Cross-file checks the schema cannot express: ids are unique, references resolve,
and every file named in the sources exists inside the dossier folder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dossier.core.diagnostics import Diagnostic, Severity
from dossier.load.sources import Sources, walk
from dossier.load.yamlload import PathKey

ANY = "*"

# Where each kind of identifier is declared: (path pattern to the id value, kind).
DECLARATIONS: list[tuple[PathKey, str]] = [
    (("justification", "criteria", ANY, "criterion"), "criterion"),
    (("justification", "attributes", ANY, "id"), "attribute"),
    (("identification", "components", ANY, "id"), "component"),
    (("identification", "maps", ANY, "id"), "map"),
    (("identification", "boundaries", "layers", ANY, "id"), "layer"),
    (("documentation", "images", ANY, "id"), "image"),
    (("documentation", "documents", ANY, "id"), "document"),
    (("protection", "designations", ANY, "id"), "designation"),
    (("monitoring", "indicators", ANY, "id"), "indicator"),
    (("property", "states_parties", ANY, "code"), "state party"),
]

# Where identifiers are used: (path pattern to the referring value, kind).
REFERENCES: list[tuple[PathKey, str]] = [
    (("justification", "criteria", ANY, "attributes", ANY), "attribute"),
    (("justification", "attributes", ANY, "components", ANY), "component"),
    (("justification", "attributes", ANY, "layer"), "layer"),
    (("justification", "souv", "criteria"), "criterion-keys"),
    (("identification", "components", ANY, "maps", ANY), "map"),
    (("identification", "maps", ANY, "component"), "component"),
    (("identification", "maps", ANY, "layers", ANY), "layer"),
    (("executive_summary", "maps", ANY), "map"),
    (("protection", "designations", ANY, "covers", ANY), "component"),
    (("protection", "designations", ANY, "document"), "document"),
    (("protection", "management_plan", "document"), "document"),
    (("protection", "management_plan", "translation"), "document"),
    (("monitoring", "indicators", ANY, "attributes", ANY), "attribute"),
    (("signatures", "signatures", ANY, "state_party"), "state party"),
    (("property", "coordinating_state_party"), "state party"),
    (("property", "regions", ANY, "state_party"), "state party"),
    (("identification", "components", ANY, "state_party"), "state party"),
    (("tentative_list_entries", ANY, "state_party"), "state party"),
    (("nomination", "added_components", ANY), "component"),
    (("contacts", "preparer", "state_party"), "state party"),
    (("contacts", "preparers", ANY, "state_party"), "state party"),
    (("contacts", "agency", "state_party"), "state party"),
    (("contacts", "agencies", ANY, "state_party"), "state party"),
    (("contacts", "other_institutions", ANY, "state_party"), "state party"),
    (("protection", "management_plan", "state_party"), "state party"),
    (("protection", "management_plan", "covers", ANY), "component"),
    (("protection", "management_plans", ANY, "state_party"), "state party"),
    (("protection", "management_plans", ANY, "covers", ANY), "component"),
    (("protection", "management_plans", ANY, "document"), "document"),
    (("protection", "management_plans", ANY, "translation"), "document"),
    (("conservation", "population", "breakdown", ANY, "component"), "component"),
    (("conservation", "population", "breakdown", ANY, "state_party"), "state party"),
]

# Paths whose string values name files inside the dossier.
FILE_FIELDS: list[PathKey] = [
    ("identification", "boundaries", "property"),
    ("identification", "boundaries", "buffer_zone"),
    ("identification", "boundaries", "layers", ANY, "file"),
    ("identification", "maps", ANY, "file"),
    ("documentation", "images", ANY, "file"),
    ("documentation", "documents", ANY, "file"),
    ("bibliography",),
    ("citation_style",),
]

_WHERE = {
    "criterion": "claimed in section 3.1.b (justification.criteria)",
    "attribute": "listed under justification.attributes",
    "component": "listed under identification.components",
    "map": "listed under identification.maps",
    "layer": "listed under identification.boundaries.layers",
    "image": "listed under documentation.images",
    "document": "listed under documentation.documents",
    "designation": "listed under protection.designations",
    "indicator": "listed under monitoring.indicators",
    "state party": "listed under property.states_parties in dossier.yaml",
}


def _select(data: Any, pattern: PathKey, prefix: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """Values at every path matching ``pattern`` (ANY matches each list index)."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == ANY:
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from _select(item, rest, (*prefix, i))
    elif isinstance(data, dict) and head in data:
        yield from _select(data[head], rest, (*prefix, head))


def declared_ids(data: dict[str, Any]) -> dict[str, dict[str, PathKey]]:
    out: dict[str, dict[str, PathKey]] = {}
    for pattern, kind in DECLARATIONS:
        table = out.setdefault(kind, {})
        for path, value in _select(data, pattern):
            if isinstance(value, str) and value not in table:
                table[value] = path
    return out


def check(src: Sources) -> list[Diagnostic]:
    data = src.data
    diags: list[Diagnostic] = []
    ids: dict[str, dict[str, PathKey]] = {}
    for pattern, kind in DECLARATIONS:
        table = ids.setdefault(kind, {})
        for path, value in _select(data, pattern):
            if not isinstance(value, str):
                continue
            if value in table:
                first = src.locate(table[value])
                diags.append(
                    Diagnostic(
                        "ref.duplicate-id",
                        Severity.ERROR,
                        f"{kind} '{value}' is declared twice (first at {first})",
                        src.locate(path),
                        "Each identifier must be unique; rename or merge the two entries.",
                    )
                )
            else:
                table[value] = path
    for pattern, kind in REFERENCES:
        for path, value in _select(data, pattern):
            if kind == "criterion-keys":
                if isinstance(value, dict):
                    for key in value:
                        if key not in ids["criterion"]:
                            diags.append(
                                _unknown("criterion", key, src, (*path, key), key_pos=True)
                            )
                continue
            if isinstance(value, str) and value not in ids.get(kind, {}):
                diags.append(_unknown(kind, value, src, path))
    for pattern in FILE_FIELDS:
        for path, value in _select(data, pattern):
            if value is None:
                continue
            _, problem = src.resolve(value, path)
            if problem:
                diags.append(problem)
    for path, value in walk(data):
        if isinstance(value, dict) and set(value) == {"file"} and isinstance(value["file"], str):
            _, problem = src.resolve(value["file"], (*path, "file"))
            if problem:
                diags.append(problem)
    return diags


# The rule id of a reference to an undeclared id, by kind (whole literals, so that the
# catalogue test can find them).
_UNKNOWN_RULE = {
    "criterion": "ref.unknown-criterion",
    "attribute": "ref.unknown-attribute",
    "component": "ref.unknown-component",
    "map": "ref.unknown-map",
    "layer": "ref.unknown-layer",
    "document": "ref.unknown-document",
    "state party": "ref.unknown-state-party",
}


def _unknown(
    kind: str, value: str, src: Sources, path: PathKey, *, key_pos: bool = False
) -> Diagnostic:
    return Diagnostic(
        _UNKNOWN_RULE[kind],
        Severity.ERROR,
        f"unknown {kind} '{value}'",
        src.locate(path, key=key_pos),
        f"It must be {_WHERE[kind]}.",
    )
