"""Every schema is valid JSON Schema 2020-12, works offline in other tools (no $id, relative
file $refs that resolve), and describes its fields."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from dossier.validate import schema

FILES = schema.schema_files()
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_schema_is_valid_against_the_metaschema(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(data)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data.get("title")


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_schema_refs_are_relative_files_that_resolve_offline(path: Path) -> None:
    """An $id (or an absolute $ref) makes editors and check-jsonschema resolve the refs
    against a host that does not exist; relative file refs resolve next to the file."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert not re.search(r'"\$id"\s*:', text)
    for ref in _refs(data):
        assert "://" not in ref, ref
        file_part, _, pointer = ref.partition("#")
        target = (path.parent / file_part).resolve() if file_part else path
        assert target.is_file(), ref
        node = json.loads(target.read_text(encoding="utf-8"))
        for step in pointer.strip("/").split("/") if pointer.strip("/") else []:
            node = node[step]
        assert isinstance(node, dict), ref


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
    used = set()
    for path in FILES:
        used |= set(re.findall(r'"format": *"([a-z-]+)"', path.read_text(encoding="utf-8")))
    assert used == {"date", "email", "uri"}
    assert used == set(schema.format_checker().checkers) == set(schema.FORMATS)


def test_format_checks_are_applied() -> None:
    checker = schema.format_checker()
    assert checker.conforms("2024-02-29", "date") and not checker.conforms("2023-02-29", "date")
    assert checker.conforms("https://whc.unesco.org/", "uri")
    assert not checker.conforms("not a uri", "uri")
    assert not checker.conforms("nobody", "email")


def test_validating_changes_nothing_in_the_process() -> None:
    """No module is hidden (None in sys.modules) and no import hook is left behind."""
    code = (
        "import sys\n"
        "hooks = list(sys.meta_path)\n"
        "from pathlib import Path\n"
        "from dossier import api\n"
        "from dossier.validate import schema\n"
        "schema.format_checker()\n"
        f"api.check(Path({str(ROOT / 'tests' / 'cases' / 'valid' / 'minimal')!r}))\n"
        "assert [k for k, v in sys.modules.items() if v is None] == []\n"
        "assert [f for f in sys.meta_path if f not in hooks and 'dossier' in repr(f)] == []\n"
        "import importlib.util\n"
        "for name in ('jsonpointer', 'webcolors', 'isoduration', 'uri_template'):\n"
        "    if importlib.util.find_spec(name) is not None:\n"
        "        __import__(name)\n"
    )
    env = dict(os.environ, DOSSIER_NO_CACHE="1")
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_field_given_by_a_ref_has_its_own_description(path: Path) -> None:
    """Editors show the description beside a $ref (JSON Schema 2020-12 allows it), not the
    referenced type's: a field without its own would show only the type's."""
    data = json.loads(path.read_text(encoding="utf-8"))
    bare = [
        name
        for name, sub in _properties(data)
        if isinstance(sub, dict) and "$ref" in sub and "description" not in sub
    ]
    assert bare == []


def test_alternatives_of_prose_leave_the_hover_to_the_field() -> None:
    """An editor shows the first description among the matching alternatives of a value:
    the alternatives of Text keep theirs in $comment so that the field's own wins."""
    defs = schema.load_schema("common.schema.json")["$defs"]
    for alternative in defs["Text"]["anyOf"]:
        target = defs[alternative["$ref"].rsplit("/", 1)[1]]
        assert "description" not in target and target.get("title")
