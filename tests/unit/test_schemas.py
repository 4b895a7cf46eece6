"""Every schema is valid JSON Schema 2020-12, carries $schema/$id, and describes its fields."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from dossier.validate import schema

FILES = schema.schema_files()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_schema_is_valid_against_the_metaschema(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(data)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["$id"].endswith(path.relative_to(schema.schemas_dir()).as_posix())
    assert data.get("title")


def _properties(node: object) -> list[tuple[str, dict[str, object]]]:
    out: list[tuple[str, dict[str, object]]] = []
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            out.append((name, sub))
        for value in node.values():
            out.extend(_properties(value))
    elif isinstance(node, list):
        for value in node:
            out.extend(_properties(value))
    return out


@pytest.mark.parametrize(
    "path", [p for p in FILES if p.name != "common.schema.json"], ids=lambda p: p.name
)
def test_top_level_fields_are_documented_for_specialists(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    undocumented = [
        n for n, sub in (data.get("properties") or {}).items() if "description" not in sub
    ]
    assert undocumented == []


def test_part_schemas_cover_every_part_key() -> None:
    from dossier.load.sources import PART_KEYS

    names = {p.relative_to(schema.schemas_dir()).as_posix() for p in FILES}
    assert {schema.part_schema_name(k) for k in PART_KEYS} <= names


def test_schemas_use_only_the_formats_whose_checkers_are_loaded() -> None:
    from jsonschema import Draft202012Validator

    used = set()
    for path in FILES:
        used |= set(re.findall(r'"format": *"([a-z-]+)"', path.read_text(encoding="utf-8")))
    assert used == {"date", "email", "uri"}
    assert used <= set(Draft202012Validator.FORMAT_CHECKER.checkers)
