"""templates/i18n/fields.yaml names every prose field (Text) and every name (Name) of the
schemas, and nothing the schemas do not have."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from dossier.i18n.fields import ident, patterns

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
PART_KEYS = {
    "executive-summary": "executive_summary",
    "preliminary-assessment": "preliminary_assessment",
    "tentative-list": "tentative_list",
}


def _load(rel: str, cache: dict[str, Any]) -> Any:
    if rel not in cache:
        cache[rel] = json.loads((SCHEMAS / rel).read_text(encoding="utf-8"))
    return cache[rel]


def _walk(
    node: Any, rel: str, path: tuple[str, ...], out: dict[str, str], cache: dict[str, Any]
) -> None:
    """Every field path of a schema with its type: Text, Name, or string."""
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        target, _, fragment = ref.partition("#")
        name = fragment.rsplit("/", 1)[-1]
        if name in ("Text", "Name"):
            out[".".join(path)] = name
            return
        where = str(PurePosixPath(rel).parent / target) if target else rel
        where = str(PurePosixPath(where)).replace("parts/../", "")
        if len(path) < 12:
            _walk(_load(where, cache)["$defs"][name], where, path, out, cache)
    if node.get("type") == "string":
        out.setdefault(".".join(path), "string")
    for key, value in node.items():
        if key == "properties":
            for prop, sub in value.items():
                _walk(sub, rel, (*path, prop), out, cache)
        elif key == "items" or (key == "additionalProperties" and isinstance(value, dict)):
            _walk(value, rel, (*path, "*"), out, cache)
        elif key in ("anyOf", "oneOf", "allOf"):
            for sub in value:
                _walk(sub, rel, path, out, cache)


def schema_fields() -> dict[str, str]:
    cache: dict[str, Any] = {}
    out: dict[str, str] = {}
    _walk(_load("dossier.schema.json", cache), "dossier.schema.json", (), out, cache)
    for part in sorted((SCHEMAS / "parts").glob("*.schema.json")):
        stem = part.name.removesuffix(".schema.json")
        key = PART_KEYS.get(stem, stem)
        _walk(_load(f"parts/{part.name}", cache), f"parts/{part.name}", (key,), out, cache)
    return out


def test_every_text_and_name_of_the_schemas_is_translatable() -> None:
    listed = {".".join(p): kind for p, kind in patterns()}
    fields = schema_fields()
    texts = {p for p, t in fields.items() if t == "Text"}
    names = {p for p, t in fields.items() if t == "Name"}
    assert texts - listed.keys() == set(), "add these prose fields to templates/i18n/fields.yaml"
    assert names - listed.keys() == set(), "add these names to templates/i18n/fields.yaml"
    assert {p for p in texts if listed[p] != "text"} == set()
    assert {p for p in names if listed[p] != "line"} == set()
    assert set(listed) - set(fields) == set(), "fields.yaml names fields the schemas lack"


def test_unit_ids_name_list_entries_by_their_id() -> None:
    data = {
        "justification": {
            "criteria": [{"criterion": "iii", "justification": "x"}],
            "comparative_analysis": {"comparators": [{"name": "Fort A"}]},
        }
    }
    assert (
        ident(data, ("justification", "criteria", 0, "justification"))
        == "justification.criteria[iii].justification"
    )
    assert (
        ident(data, ("justification", "comparative_analysis", "comparators", 0, "name"))
        == "justification.comparative_analysis.comparators[0].name"
    )
