"""Placeholders: what `dossier init` (or an author) marks as not yet written.

Three forms, one finding each (todo.not-yet-written: a warning in a draft, an error at
--stage submission):

* ``{todo: "what to write"}`` wherever a Text or a Name is expected (the schemas accept it);
* a ``# TODO: what to write`` comment on the line of any other value (a choice, a number,
  a list entry), whose value is then only a stand-in;
* a GeoJSON FeatureCollection with no features and a ``"todo"`` member (a boundary still
  to be drawn).

The warnings at the same place (a required text is missing, a stand-in value is not yet
right) are left out, so that an author reads one line per gap, in the words of the
placeholder; errors and checklist items stay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dossier.core.diagnostics import Diagnostic, Location
from dossier.load.sources import PART_KEYS, Sources, walk
from dossier.load.textvalue import todo_text
from dossier.load.yamlload import PathKey
from dossier.validate import rulebook

TODO_RULE = "todo.not-yet-written"
# An empty FeatureCollection is a few dozen bytes; a bigger file is not a placeholder.
_MAX_GEOJSON_PLACEHOLDER = 64 * 1024


@dataclass(frozen=True)
class Placeholder:
    path: PathKey  # where the finding is located in the merged data
    text: str  # what is still to be written
    comment: bool = False  # a "# TODO" comment (else a {todo: ...} value)


def find(src: Sources) -> list[Placeholder]:
    """Every placeholder of the YAML sources, in source order (memoised per dossier)."""
    memo: dict[str, list[Placeholder]] = src.memo
    if "placeholders" not in memo:
        found = [
            Placeholder(path, text)
            for path, value in walk(src.data)
            if (text := todo_text(value)) is not None
        ]
        for key, smap in src.maps.items():
            prefix: PathKey = (key,) if key in PART_KEYS else ()
            for line, _col, text in smap.todos:
                found.append(Placeholder((*prefix, *smap.path_at_line(line)), text, True))
        memo["placeholders"] = found
    return memo["placeholders"]


def geojson_todo(src: Sources, rel: str) -> str | None:
    """The "todo" member of an empty GeoJSON FeatureCollection at ``rel``, if any."""
    path = src.root / rel
    try:
        if path.stat().st_size > _MAX_GEOJSON_PLACEHOLDER:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get("features") == [] and isinstance(data.get("todo"), str):
        return str(data["todo"])
    return None


def absorb(diags: list[Diagnostic], src: Sources) -> list[Diagnostic]:
    """``diags`` without the missing-content findings located on a placeholder."""
    places: set[Location] = {src.locate(p.path) for p in find(src)}
    if not places:
        return diags
    return [d for d in diags if not (d.location in places and _says_missing(d.rule))]


def _says_missing(rule_id: str) -> bool:
    if rule_id == TODO_RULE or not rulebook.known(rule_id):
        return False
    # Errors stay (they say the sources are wrong, not unfinished) and so do checklist
    # items; the rest is about content that is not there yet.
    return rulebook.get(rule_id).level in ("warning", "note", "staged", "submission")
