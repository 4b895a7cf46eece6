"""What each named `fill:` item of a format profile prints (templates/formats/fills.yaml).

The one declaration of the source fields each content builder reads and the tables it
makes: the section checks, word budgets, cross-reference checks and the completeness
report read it here, and dossier.assemble.builders checks that its builders match it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from dossier.core.diagnostics import DossierError
from dossier.formats.profiles import formats_dir
from dossier.load.textvalue import get
from dossier.load.yamlload import PathKey, load_file


@dataclass(frozen=True)
class FillSpec:
    key: str  # "souv", "table:components", "contact"
    reads: tuple[PathKey, ...]
    tables: tuple[str, ...] = ()
    # The item names its field itself: {contact: contacts.agency}.
    reads_argument: bool = False
    # Prose fields counted in word budgets; "*" is every key or list entry (see expand).
    texts: tuple[tuple[str, ...], ...] = ()


def _dotted(path: str) -> PathKey:
    return tuple(path.split("."))


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"fills.yaml: {where} must be a list of strings")
    return tuple(value)


@cache
def declared() -> dict[str, FillSpec]:
    """Every fill item by its key ("table:X" for `table: X`)."""
    path = formats_dir() / "fills.yaml"
    loaded = load_file(path, path.name)
    if not loaded.ok or not isinstance(loaded.data, dict):
        raise DossierError(loaded.diagnostics)
    items = loaded.data.get("fills")
    if not isinstance(items, dict):
        raise ValueError("fills.yaml: 'fills' must map item names to declarations")
    out: dict[str, FillSpec] = {}
    for key, spec in items.items():
        spec = spec if isinstance(spec, dict) else {}
        out[str(key)] = FillSpec(
            str(key),
            tuple(_dotted(p) for p in _strings(spec.get("reads"), f"{key}.reads")),
            _strings(spec.get("tables"), f"{key}.tables"),
            spec.get("reads_argument") is True,
            tuple(tuple(p.split(".")) for p in _strings(spec.get("texts"), f"{key}.texts")),
        )
    return out


def spec_for(entry: Any) -> FillSpec | None:
    """The declaration of one `fill:` entry of a profile (None for text and unknown items)."""
    items = declared()
    if isinstance(entry, str):
        return items.get(entry)
    if isinstance(entry, dict) and "text" not in entry:
        for kind, arg in entry.items():
            spec = items.get(f"{kind}:{arg}") or items.get(str(kind))
            if spec is not None:
                return spec
    return None


def expand(pattern: tuple[str, ...], data: Any) -> Iterator[PathKey]:
    """The paths a ``texts`` pattern names in ``data``: each "*" becomes every key of the
    mapping (or index of the list) found there; fixed parts are kept even when absent."""

    def walk(prefix: PathKey, rest: tuple[str, ...]) -> Iterator[PathKey]:
        if "*" not in rest:
            yield (*prefix, *rest)
            return
        star = rest.index("*")
        head: PathKey = (*prefix, *rest[:star])
        container = get(data, head)
        keys: list[str | int] = []
        if isinstance(container, dict):
            keys = list(container)
        elif isinstance(container, list):
            keys = list(range(len(container)))
        for key in keys:
            yield from walk((*head, key), rest[star + 1 :])

    yield from walk((), pattern)
