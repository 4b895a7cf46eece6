"""Bibliography entries added, removed or changed, by citation key."""

from __future__ import annotations

from typing import Any

from dossier.diff.report import Change, Where
from dossier.load.sources import Sources


def _short(item: Any) -> str:
    """'Doe 2021, Rock art of the test ranges': enough to recognise a work."""
    if not isinstance(item, dict):
        return ""
    authors = item.get("author") or item.get("editor") or []
    who = ""
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        first = authors[0]
        who = str(first.get("family") or first.get("literal") or "")
        if len(authors) > 1:
            who += " et al."
    year = ""
    issued = item.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = str(parts[0][0])
        elif issued.get("literal"):
            year = str(issued["literal"])
    title = " ".join(str(item.get("title") or "").split())
    if len(title) > 70:
        title = title[:69].rstrip() + "…"
    head = " ".join(x for x in (who, year) if x)
    return ", ".join(x for x in (head, title) if x)


def compare(old: Sources, new: Sources, section: str) -> list[Change]:
    from dossier.bib.load import load_for_dossier

    a = {e.key: e for e in load_for_dossier(old).entries if e.key}
    b = {e.key: e for e in load_for_dossier(new).entries if e.key}

    def where(e: Any, key: str) -> Where:
        return Where(f"bibliography[{key}]", e.location.file, e.location.line, section)

    out: list[Change] = []
    for key, e in b.items():
        if key not in a:
            out.append(Change("data", "added", "bibliography",
                              f"bibliography entry {key} added: {_short(e.data)}",
                              where(e, key), None, None, e.data))  # fmt: skip
    for key, e in a.items():
        if key not in b:
            out.append(Change("data", "removed", "bibliography",
                              f"bibliography entry {key} removed: {_short(e.data)}",
                              None, where(e, key), e.data, None))  # fmt: skip
    for key, e in b.items():
        before = a.get(key)
        if before is None or before.data == e.data:
            continue
        x = before.data if isinstance(before.data, dict) else {}
        y = e.data if isinstance(e.data, dict) else {}
        fields = [k for k in dict.fromkeys([*y, *x]) if x.get(k) != y.get(k)]
        out.append(Change("data", "changed", "bibliography",
                          f"bibliography entry {key} changed: {', '.join(fields)}",
                          where(e, key), where(before, key), before.data, e.data))  # fmt: skip
    return out
