"""Read ``bibliography.yaml`` (CSL-YAML) or ``bibliography.json`` (CSL-JSON) with positions.

Nothing here raises for bad input: problems become diagnostics on the ``Bibliography``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dossier.bib.model import Bibliography, Entry
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.load.sources import Sources
from dossier.load.yamlload import PathKey, load_text, read_text_file

JSON_SUFFIXES = (".json",)


def _error(rule: str, message: str, loc: Location, hint: str | None = None) -> Diagnostic:
    return Diagnostic(rule, Severity.ERROR, message, loc, hint)


def load_bibliography(path: Path, rel: str) -> Bibliography:
    """Load a bibliography file; CSL-JSON when the name ends in ``.json``, else CSL-YAML."""
    text, diags = read_text_file(path, rel)
    if text is None:
        return Bibliography(rel, [], diags)
    if path.suffix.lower() in JSON_SUFFIXES:
        return load_json_text(text, rel)
    return load_yaml_text(text, rel)


def _not_a_list(rel: str, loc: Location) -> Diagnostic:
    return _error(
        "bib.invalid-file",
        "the bibliography must be a list of CSL items",
        loc,
        "Write one item per list entry, starting with '- id: key'.",
    )


def load_yaml_text(text: str, rel: str) -> Bibliography:
    """CSL-YAML: a list of items, or pandoc's ``references:`` mapping holding that list."""
    loaded = load_text(text, rel)
    if loaded.data is None:
        return Bibliography(rel, [], list(loaded.diagnostics))
    prefix: PathKey = ()
    data = loaded.data
    if isinstance(data, Mapping) and isinstance(data.get("references"), list):
        prefix, data = ("references",), data["references"]
    if not isinstance(data, list):
        return Bibliography(rel, [], [*loaded.diagnostics, _not_a_list(rel, Location(rel, 1, 1))])
    smap = loaded.smap
    entries = []
    for i, item in enumerate(data):
        fields: dict[str, Location] = {}
        if isinstance(item, Mapping):
            fields = {str(k): smap.locate((*prefix, i, str(k))) for k in item}
        where = (*prefix, i, "id") if isinstance(item, Mapping) and "id" in item else (*prefix, i)
        entries.append(Entry(i, item, smap.locate(where), fields))
    return Bibliography(rel, entries, list(loaded.diagnostics))


def _position(text: str, offset: int, rel: str) -> Location:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Location(rel, line, col)


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _element_spans(text: str) -> list[tuple[int, int]]:
    """Start/end offsets of each element of a top-level JSON array (text already valid)."""
    decoder = json.JSONDecoder()
    spans: list[tuple[int, int]] = []
    i = _skip_ws(text, 0) + 1  # past '['
    while True:
        i = _skip_ws(text, i)
        if i >= len(text) or text[i] == "]":
            return spans
        _, end = decoder.raw_decode(text, i)
        spans.append((i, end))
        i = _skip_ws(text, end)
        if i < len(text) and text[i] == ",":
            i += 1


def _json_entry(text: str, rel: str, index: int, item: Any, span: tuple[int, int]) -> Entry:
    """Locate an item at its ``"id"`` key (else its brace), each field at its value.

    A first textual match inside the item's span is good enough: CSL items nest only names
    and dates, whose keys never repeat an item-level field that a check reports on.
    """
    start, end = span
    fields: dict[str, Location] = {}
    location = _position(text, start, rel)
    if isinstance(item, Mapping):
        for key in item:
            quoted = re.escape(json.dumps(str(key), ensure_ascii=False))
            m = re.compile(quoted + r"\s*:\s*").search(text, start, end)
            if m is None:
                continue
            fields[str(key)] = _position(text, m.end(), rel)
            if key == "id":
                location = _position(text, m.start(), rel)
    return Entry(index, item, location, fields)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def load_json_text(text: str, rel: str) -> Bibliography:
    """CSL-JSON: a top-level array of items; each entry is located at its ``"id"`` key."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        return Bibliography(
            rel,
            [],
            [
                _error(
                    "bib.syntax",
                    f"JSON syntax error: {exc.msg}",
                    Location(rel, exc.lineno, exc.colno),
                    "Check commas between items and quotes around keys and text.",
                )
            ],
        )
    except (ValueError, RecursionError) as exc:  # NaN/Infinity, or nested too deeply
        why = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        return Bibliography(
            rel,
            [],
            [
                _error(
                    "bib.syntax",
                    f"the bibliography is not valid JSON: {why}",
                    Location(rel, 1, 1),
                    "Export it again from the reference manager.",
                )
            ],
        )
    if not isinstance(data, list):
        return Bibliography(rel, [], [_not_a_list(rel, Location(rel, 1, 1))])
    spans = _element_spans(text)
    entries = [_json_entry(text, rel, i, item, spans[i]) for i, item in enumerate(data)]
    return Bibliography(rel, entries, [])


def load_for_dossier(src: Sources) -> Bibliography:
    """The bibliography named by ``bibliography:`` in dossier.yaml (memoised on ``src``).

    A missing or misplaced file gives an empty ``Bibliography`` without diagnostics:
    ``refs.check`` already reports the path itself.
    """
    cached = src.memo.get("bib.bibliography")
    if isinstance(cached, Bibliography):
        return cached
    bib = Bibliography()
    rel = src.data.get("bibliography")
    if isinstance(rel, str) and rel.strip():
        path, problem = src.resolve(rel, ("bibliography",))
        if path is not None and problem is None and path.is_file():
            bib = load_bibliography(path, path.relative_to(src.root.resolve()).as_posix())
        else:
            bib = Bibliography(rel)
    src.memo["bib.bibliography"] = bib
    return bib


def style_for_dossier(src: Sources) -> tuple[Path, str] | None:
    """``(path, relative name)`` of the dossier's own CSL style, if it names a usable one."""
    rel = src.data.get("citation_style")
    if not isinstance(rel, str) or not rel.strip():
        return None
    path, problem = src.resolve(rel, ("citation_style",))
    if path is None or problem is not None or not path.is_file():
        return None
    return path, path.relative_to(src.root.resolve()).as_posix()
