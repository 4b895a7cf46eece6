"""Justified suppressions: an author silences one rule at one place, with a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.load.sources import PART_KEYS, Sources
from dossier.load.yamlload import PathKey

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]")


@dataclass(frozen=True)
class Suppression:
    rule: str
    file: str
    first_line: int | None
    last_line: int | None
    reason: str


def parse_at(at: str) -> PathKey | None:
    """'monitoring.indicators[2]' -> ('monitoring', 'indicators', 2)."""
    out: list[str | int] = []
    pos = 0
    text = at.strip()
    while pos < len(text):
        if text[pos] == ".":
            pos += 1
            continue
        m = _STEP.match(text, pos)
        if not m:
            return None
        out.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    return tuple(out)


def collect(src: Sources) -> tuple[list[Suppression], list[Diagnostic]]:
    items: Any = src.data.get("suppressions") or []
    found: list[Suppression] = []
    diags: list[Diagnostic] = []
    if not isinstance(items, list):
        return found, diags
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        rule, at, reason = item.get("rule"), item.get("at"), item.get("reason")
        if not (isinstance(rule, str) and isinstance(at, str) and isinstance(reason, str)):
            continue  # the schema reports it
        here = ("suppressions", i, "at")
        if at.endswith((".yaml", ".yml", ".md", ".geojson", ".json")):
            found.append(Suppression(rule, at, None, None, reason))
            continue
        path = parse_at(at)
        if not path or path[0] not in (*PART_KEYS, *src.data.keys()):
            diags.append(
                Diagnostic(
                    "suppress.bad-place",
                    Severity.ERROR,
                    f"cannot find the place '{at}' named by this suppression",
                    src.locate(here),
                    "Write a part and path such as 'monitoring.indicators[2]', or a file path.",
                )
            )
            continue
        smap = src.maps.get(str(path[0])) if path[0] in src.maps else src.maps.get("")
        inner = path[1:] if path[0] in src.maps else path
        if smap is None or inner not in smap.spans:
            diags.append(
                Diagnostic(
                    "suppress.bad-place",
                    Severity.ERROR,
                    f"the place '{at}' named by this suppression does not exist in the sources",
                    src.locate(here),
                    "Check the part name, field names and list positions (counted from 0).",
                )
            )
            continue
        first, last = smap.spans[inner]
        found.append(Suppression(rule, smap.file, first, last, reason))
    return found, diags


def _covers(s: Suppression, loc: Location | None) -> bool:
    if loc is None or loc.file != s.file:
        return False
    if s.first_line is None or s.last_line is None:
        return True
    return loc.line is not None and s.first_line <= loc.line <= s.last_line


def apply(diags: list[Diagnostic], sups: list[Suppression]) -> list[Diagnostic]:
    out = []
    for d in diags:
        match = next((s for s in sups if s.rule == d.rule and _covers(s, d.location)), None)
        out.append(replace(d, suppressed=match.reason) if match else d)
    return out
