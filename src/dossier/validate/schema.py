"""JSON Schema validation of every source file, with messages for heritage specialists.

Messages are keyed on the failing JSON Schema keyword, never on jsonschema's own
wording, so they stay stable across library versions.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from dossier.core.diagnostics import Diagnostic, Severity
from dossier.core.resources import schemas_dir
from dossier.load.sources import PART_KEYS, Sources
from dossier.load.yamlload import PathKey

MANIFEST_SCHEMA = "dossier.schema.json"

# The formats the schemas use (tests/unit/test_schemas.py keeps this list honest). The
# validators check these and only these, whatever optional format libraries happen to be
# installed; "uri" needs rfc3986-validator, a dependency of dossier.
FORMATS = ("date", "email", "uri")

# The schema files carry no $id: their $refs are relative file paths, so editors and
# check-jsonschema resolve them next to the file, offline, wherever the schemas are
# copied. Our own validator gives each schema an id under this base, only in memory
# (the registry has no retrieval: nothing is ever fetched from it).
SCHEMA_BASE_URI = "https://dossier.invalid/schemas/v1/"


def part_schema_name(key: str) -> str:
    return f"parts/{key.replace('_', '-')}.schema.json"


def schema_files() -> list[Path]:
    base = schemas_dir()
    return sorted(p for p in base.rglob("*.schema.json"))


@cache
def _registry_and_schemas() -> tuple[Any, dict[str, dict[str, Any]]]:
    from referencing import Registry, Resource

    base = schemas_dir()
    schemas: dict[str, dict[str, Any]] = {}
    resources = []
    for path in schema_files():
        rel = path.relative_to(base).as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        schemas[rel] = contents
        resources.append((schema_uri(rel), Resource.from_contents(contents)))
    return Registry().with_resources(resources), schemas


def schema_uri(rel: str) -> str:
    """The in-memory id of the schema file ``rel`` (e.g. "parts/justification.schema.json")."""
    return SCHEMA_BASE_URI + rel


def load_schema(rel: str) -> dict[str, Any]:
    return _registry_and_schemas()[1][rel]


@cache
def format_checker() -> Any:
    """A FormatChecker of our own with jsonschema's checks of FORMATS, so that no other
    format is checked and nothing in jsonschema's shared checkers is changed."""
    from jsonschema import Draft202012Validator, FormatChecker

    shared = Draft202012Validator.FORMAT_CHECKER.checkers
    checker = FormatChecker(formats=())
    for name in FORMATS:
        func, raises = shared[name]  # KeyError: a format library is missing
        checker.checks(name, raises=raises)(func)
    return checker


@cache
def _validator(rel: str) -> Any:
    from jsonschema import Draft202012Validator

    registry, schemas = _registry_and_schemas()
    return Draft202012Validator(
        {**schemas[rel], "$id": schema_uri(rel)},
        registry=registry,
        format_checker=format_checker(),
    )


def validate(src: Sources) -> list[Diagnostic]:
    """Validate the manifest and each loaded part against its own schema."""
    out: list[Diagnostic] = []
    if "" in src.maps and "" not in src.unreadable:
        manifest = {k: v for k, v in src.data.items() if k not in PART_KEYS}
        out.extend(_validate_one(MANIFEST_SCHEMA, manifest, src, ()))
    for key in PART_KEYS:
        if key in src.maps and key not in src.unreadable:
            out.extend(_validate_one(part_schema_name(key), src.data.get(key), src, (key,)))
    return out


def _validate_one(rel: str, instance: Any, src: Sources, prefix: PathKey) -> list[Diagnostic]:
    """Findings for one source file, reused from the cache when neither the file nor the
    schemas changed (then jsonschema is not even imported)."""
    from dossier.core import cache

    key = _cache_key(src, prefix)
    if key is not None:
        cached = cache.load_diagnostics("schema", key)
        if cached is not None:
            return cached
    validator = _validator(rel)
    found = [_to_diagnostic(err, src, prefix) for err in validator.iter_errors(instance)]
    if key is not None:
        cache.store_diagnostics("schema", key, found)
    return found


@cache
def _schemas_digest() -> str:
    import hashlib

    from dossier import __version__

    digest = hashlib.sha256(f"dossier {__version__} schema\n".encode())
    for path in schema_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _cache_key(src: Sources, prefix: PathKey) -> str | None:
    import hashlib

    smap = src.maps.get(str(prefix[0]) if prefix else "")
    if smap is None:
        return None
    try:
        text = (src.root / smap.file).read_bytes()
    except OSError:
        return None
    return hashlib.sha256(f"{_schemas_digest()}\0{smap.file}\0".encode() + text).hexdigest()


_TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "nothing",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _describe(schema: Any) -> str:
    if isinstance(schema, dict):
        return str(schema.get("description") or schema.get("title") or "")
    return ""


def _resolve(validator_schema: Any, schema: Any) -> Any:
    """Follow a local $ref chain far enough to read a description."""
    if isinstance(schema, dict) and "$ref" in schema and "description" not in schema:
        registry, _ = _registry_and_schemas()
        ref = schema["$ref"]
        from referencing import Registry
        from referencing.exceptions import Unresolvable

        assert isinstance(registry, Registry)
        try:
            return registry.resolver(validator_schema.get("$id", "")).lookup(ref).contents
        except Unresolvable:  # a reference the description cannot be read through
            return schema
    return schema


# Rule id of a failing JSON Schema keyword (kebab-case ids; any other keyword: schema.invalid).
_RULE_OF_KEYWORD = {
    "required": "schema.required",
    "additionalProperties": "schema.unknown-field",
    "enum": "schema.enum",
    "const": "schema.const",
    "type": "schema.type",
    "format": "schema.format",
    "pattern": "schema.pattern",
    "minItems": "schema.min-items",
    "minProperties": "schema.min-properties",
    "minLength": "schema.min-length",
    "maxLength": "schema.max-length",
    "minimum": "schema.range",
    "maximum": "schema.range",
    "exclusiveMinimum": "schema.range",
    "exclusiveMaximum": "schema.range",
    "anyOf": "schema.shape",
    "oneOf": "schema.shape",
    "propertyNames": "schema.key",
}


def _to_diagnostic(err: Any, src: Sources, prefix: PathKey) -> Diagnostic:
    path: PathKey = (*prefix, *err.absolute_path)
    kw = err.validator
    value = err.instance
    schema = err.schema
    field_name = str(err.absolute_path[-1]) if err.absolute_path else "this file"
    loc = src.locate(path)
    hint: str | None = None
    rule = _RULE_OF_KEYWORD.get(kw, "schema.invalid")

    if kw == "required":
        missing = err.message.split("'")[1] if "'" in err.message else str(err.validator_value)
        prop = schema.get("properties", {}).get(missing, {})
        desc = _describe(_resolve(schema, prop))
        if not err.absolute_path:
            where = "at the top of the file"
        elif isinstance(err.absolute_path[-1], int) and len(err.absolute_path) > 1:
            where = f"in entry {err.absolute_path[-1] + 1} of '{err.absolute_path[-2]}'"
        else:
            where = f"in '{field_name}'"
        msg = f"required field '{missing}' is missing {where}"
        hint = f"Add '{missing}:'" + (f" ({desc})" if desc else ".")
        loc = src.locate(path, key=bool(err.absolute_path))
    elif kw == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in value if k not in allowed] if isinstance(value, dict) else []
        extra = extras[0] if extras else "?"
        msg = f"unknown field '{extra}'"
        loc = src.locate((*path, extra), key=True)
        close = difflib.get_close_matches(extra, allowed, n=1)
        if close:
            hint = f"Did you mean '{close[0]}'? Allowed fields here: {', '.join(allowed)}."
        else:
            hint = f"Allowed fields here: {', '.join(allowed)}."
    elif kw == "enum":
        options = ", ".join(str(o) for o in err.validator_value)
        msg = f"'{value}' is not an accepted value for '{field_name}'"
        hint = f"Use one of: {options}."
        close = difflib.get_close_matches(str(value), [str(o) for o in err.validator_value], n=1)
        if close:
            hint = f"Did you mean '{close[0]}'? Accepted values: {options}."
    elif kw == "const":
        msg = f"'{field_name}' must be {err.validator_value!r}, not {value!r}"
    elif kw == "type":
        wanted = err.validator_value
        names = [_TYPE_NAMES.get(t, t) for t in ([wanted] if isinstance(wanted, str) else wanted)]
        msg = f"'{field_name}' should be {' or '.join(names)}, but it is {_kind(value)}"
        desc = _describe(schema)
        hint = desc or None
    elif kw == "format":
        fmt = err.validator_value
        forms = {
            "date": "a date written YYYY-MM-DD (e.g. 2025-09-24)",
            "email": "an e-mail address",
            "uri": "a full web address starting with https://",
        }
        msg = f"'{value}' is not {forms.get(fmt, 'a valid ' + fmt)}"
        hint = (
            "Dates must exist in the calendar, written year-month-day." if fmt == "date" else None
        )
    elif kw == "pattern":
        msg = f"'{value}' is not in the expected form for '{field_name}'"
        hint = _describe(schema) or None
    elif kw in ("minItems", "minProperties"):
        msg = f"'{field_name}' needs at least {err.validator_value} entr{'y' if err.validator_value == 1 else 'ies'}"
        hint = _describe(schema) or None
    elif kw in ("minLength",):
        msg = f"'{field_name}' is too short (at least {err.validator_value} characters)"
    elif kw in ("maxLength",):
        msg = f"'{field_name}' is too long ({len(value)} characters; at most {err.validator_value})"
    elif kw in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bound = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }[kw]
        msg = f"'{field_name}' must be {bound} {err.validator_value}, not {value}"
    elif kw in ("anyOf", "oneOf"):
        title = schema.get("title") or "value"
        msg = f"'{field_name}' is not a valid {title.lower()} (found {_kind(value)})"
        hint = _describe(schema) or None
        deepest = _deepest(err.context)
        # A mapping that failed inside a branch, or a text outside a list of values
        # (a criterion beside its {todo:} placeholder form): report the inner problem.
        if deepest is not None and (isinstance(value, dict) or deepest.validator == "enum"):
            inner = _to_diagnostic(deepest, src, prefix)
            others = _alternatives(err.context, deepest)
            message = inner.message
            if others:
                message = message.replace(" is missing", f" (or {others}) is missing", 1)
            return Diagnostic(
                inner.rule, Severity.ERROR, message, inner.location, inner.hint or hint
            )
    elif kw == "propertyNames":
        msg = f"'{value}' is not an accepted key here"
        hint = _describe(schema.get("propertyNames", {})) or None
    else:
        msg = err.message
    return Diagnostic(rule, Severity.ERROR, msg, loc, hint)


def _alternatives(errors: Iterable[Any], chosen: Any) -> str:
    """When every branch only lacks a field ('region' or 'regions'), the other fields."""
    errs = list(errors)
    if chosen.validator != "required" or any(e.validator != "required" for e in errs):
        return ""
    names = [e.message.split("'")[1] for e in errs if e is not chosen and "'" in e.message]
    return " or ".join(f"'{n}'" for n in dict.fromkeys(names))


def _deepest(errors: Iterable[Any]) -> Any:
    """The most specific error among anyOf branches that at least matched the shape."""
    best = None
    best_depth = -1
    for e in errors:
        if e.validator in ("type", "anyOf", "oneOf"):
            continue
        depth = len(e.absolute_path)
        if depth > best_depth:
            best, best_depth = e, depth
    return best
