"""Changes of the structured data: every field of the sources, compared in a specialist's terms.

Lists of records are matched by what identifies them (a criterion by its number, a component
part by its id or else its boundary, a designation or an indicator by its id, a State Party by
its code, a Tentative List entry by its reference), never by position, so that inserting one
does not seem to change all the others. An added or removed record is one change, with the
prose inside it. Prose values (Markdown files and long texts) are handed to the prose diff.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dossier.diff import fmt
from dossier.diff.report import Change, Where
from dossier.diff.sections import SectionMap
from dossier.load.sources import Sources
from dossier.load.textvalue import name_text

Path = tuple[str | int, ...]  # a source path, list positions included (for locating)
MISSING: Any = object()

# Lists of records: the key that identifies an item, the noun a specialist uses, and `what`.
RECORDS: dict[tuple[str, ...], tuple[str, str, str]] = {
    ("justification", "criteria"): ("criterion", "criterion", "criterion"),
    ("identification", "components"): ("id", "component part", "component"),
    ("protection", "designations"): ("id", "designation", "designation"),
    ("monitoring", "indicators"): ("id", "indicator", "indicator"),
    ("property", "states_parties"): ("code", "State Party", "state-party"),
    ("tentative_list_entries",): ("reference", "Tentative List entry", "tentative-list-entry"),
    ("justification", "attributes"): ("id", "attribute", "attribute"),
    ("identification", "maps"): ("id", "map", "map"),
    ("justification", "comparative_analysis", "comparators"): ("name", "comparator", "comparator"),
}
IDENTITY_KEYS = ("id", "criterion", "code", "reference", "key", "name")
SKIP = {("parts",)}  # where the part files are: not content
LABELS = {
    "area_ha": "stated area (ha)",
    "buffer_area_ha": "stated buffer zone area (ha)",
    "property_ha": "stated area of the property (ha)",
    "buffer_zone_ha": "stated area of the buffer zone (ha)",
    "centre": "stated central point",
}
# Fields outside lists of records, named as a specialist names them (else their path).
FIELDS: dict[tuple[str, ...], str] = {
    ("dates", "document"): "date of the document",
    ("dates", "tentative_list_entry"): "date of inclusion in the Tentative List",
    ("dates", "tentative_list_reference"): "reference of the Tentative List entry",
    ("dates", "preliminary_assessment_request"): "date of the Preliminary Assessment request",
    ("dates", "preliminary_assessment_outcome"): "date of the Preliminary Assessment outcome",
    ("dates", "draft_for_comments"): "date of the draft for comments",
    ("dates", "planned_submission"): "planned date of submission",
    ("property", "category"): "category of property",
    ("identification", "areas", "property_ha"): "stated area of the property (ha)",
    ("identification", "areas", "buffer_zone_ha"): "stated area of the buffer zone (ha)",
}
SOUV_CRITERIA = ("justification", "souv", "criteria")
PROSE_CHARS = 80  # texts longer than this (or of several lines) are compared as prose


@dataclass(frozen=True)
class ProseField:
    """A prose value found on one side, for the prose diff."""

    name: str  # display path, the same on both sides for the same field
    keys: tuple[str, ...]
    path: Path  # source path on its side
    value: Any


@dataclass
class Walk:
    old: Sources
    new: Sources
    smap: SectionMap
    # old component id -> (new id, how matched), from the boundaries.
    components: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    prose_old: list[ProseField] = field(default_factory=list)
    prose_new: list[ProseField] = field(default_factory=list)

    def where(self, src: Sources, name: str, keys: tuple[str, ...], path: Path) -> Where:
        loc = src.locate(path)
        return Where(name, loc.file, loc.line, self.smap.of(keys).key)

    def add(
        self,
        op: str,
        what: str,
        summary: str,
        name: str,
        keys: tuple[str, ...],
        paths: tuple[Path | None, Path | None],
        before: Any = None,
        after: Any = None,
        brief: str = "",
    ) -> None:
        po, pn = paths
        self.changes.append(
            Change(
                "data",
                op,
                what,
                summary,
                self.where(self.new, name, keys, pn) if pn is not None else None,
                self.where(self.old, name, keys, po) if po is not None else None,
                _plain(before),
                _plain(after),
                brief=brief,
            )
        )


def is_prose(value: Any) -> bool:
    if isinstance(value, dict):
        return isinstance(value.get("file"), str) and set(value) == {"file"}
    if isinstance(value, str):
        return len(value) > PROSE_CHARS or "\n" in value.strip()
    return False


def _plain(value: Any) -> Any:
    if value is MISSING:
        return None
    return value


def _identity(sides: tuple[list[Any], list[Any]], key: str | None) -> Callable[[Any], str] | None:
    """How to identify the items of a list on both sides, or None (then by position)."""
    keys = [key] if key else list(IDENTITY_KEYS)
    for k in keys:
        ok = True
        for items in sides:
            values = [it.get(k) if isinstance(it, dict) else None for it in items]
            if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values) or len(
                set(map(str, values))
            ) != len(values):
                ok = False
        if ok and any(sides):
            return _key_of(k)
    return None


def _key_of(k: str) -> Callable[[Any], str]:
    def ident(item: Any) -> str:
        return str(item.get(k))

    return ident


def _record_label(noun: str, ident: str, item: Any, lang: str = "en") -> str:
    if noun == "criterion":
        return f"criterion ({ident})"
    if noun == "map" and isinstance(item, dict) and item.get("title"):
        # a map's id is a figure id, which documents never print: its title instead
        return f'map "{name_text(item.get("title"), lang)}"'
    name = name_text(item.get("name"), lang) if isinstance(item, dict) else ""
    if name and name != ident and len(name) <= 90:
        return f'{noun} {ident} "{name}"'
    return f"{noun} {ident}"


def _field_label(record: str | None, name: str, keys: tuple[str, ...]) -> str:
    key = keys[-1] if keys else name
    if record is None:
        if keys in FIELDS:
            return FIELDS[keys]
        if keys[:3] == SOUV_CRITERIA and len(keys) == 4:
            return f"Statement of Outstanding Universal Value: criterion ({keys[3]})"
        return name
    return f"{record}: {LABELS.get(str(key), str(key).replace('_', ' '))}"


def compare(w: Walk) -> None:
    """Walk both sides' data; changes go to ``w.changes``, prose to ``w.prose_*``."""
    _walk(w, w.old.data, w.new.data, "", (), (), (), None)


def _walk(
    w: Walk,
    a: Any,
    b: Any,
    name: str,
    keys: tuple[str, ...],
    pa: Path,
    pb: Path,
    record: str | None,
) -> None:
    if keys in SKIP:
        return
    if is_prose(a) or is_prose(b):
        if a is not MISSING and (is_prose(a) or isinstance(a, str)):
            w.prose_old.append(ProseField(name, keys, pa, a))
        if b is not MISSING and (is_prose(b) or isinstance(b, str)):
            w.prose_new.append(ProseField(name, keys, pb, b))
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in dict.fromkeys([*b, *a]):
            sub = f"{name}.{k}" if name else str(k)
            _walk(w, a.get(k, MISSING), b.get(k, MISSING), sub, (*keys, str(k)),
                  (*pa, k), (*pb, k), record)  # fmt: skip
        return
    if isinstance(a, list) and isinstance(b, list):
        _list(w, a, b, name, keys, pa, pb, record)
        return
    if a == b:
        return
    label = _field_label(record, name, keys)
    if a is MISSING:
        w.add("added", "field", f"{label}: {fmt.value(b)} added", name, keys, (None, pb), None, b,
              f"{label} added")  # fmt: skip
    elif b is MISSING:
        w.add("removed", "field", f"{label}: {fmt.value(a)} removed", name, keys, (pa, None), a,
              None, f"{label} removed")  # fmt: skip
    else:
        w.add("changed", "field", f"{label} changed from {fmt.value(a)} to {fmt.value(b)}",
              name, keys, (pa, pb), a, b, f"{label} changed")  # fmt: skip


def _scalar_list(items: list[Any]) -> bool:
    return all(isinstance(x, str | int | float | bool) or x is None for x in items)


def _list(
    w: Walk,
    a: list[Any],
    b: list[Any],
    name: str,
    keys: tuple[str, ...],
    pa: Path,
    pb: Path,
    record: str | None,
) -> None:
    label = _field_label(record, name, keys)
    if _scalar_list(a) and _scalar_list(b):
        added = [x for x in b if x not in a]
        removed = [x for x in a if x not in b]
        if not added and not removed:
            return  # the same values, perhaps in another order
        parts = []
        if added:
            parts.append("added " + ", ".join(fmt.value(x) for x in added))
        if removed:
            parts.append("removed " + ", ".join(fmt.value(x) for x in removed))
        w.add("changed", "field", f"{label}: {'; '.join(parts)}", name, keys, (pa, pb), a, b)
        return
    spec = RECORDS.get(keys)
    ident = _identity((a, b), spec[0] if spec else None)
    noun, what = (spec[1], spec[2]) if spec else ("item", "record")
    if ident is None:  # by position
        for i in range(max(len(a), len(b))):
            _walk(w, a[i] if i < len(a) else MISSING, b[i] if i < len(b) else MISSING,
                  f"{name}[{i + 1}]", keys, (*pa, i), (*pb, i), record)  # fmt: skip
        return
    old_ids = {ident(x): i for i, x in enumerate(a)}
    new_ids = {ident(x): i for i, x in enumerate(b)}
    pairs: dict[str, tuple[str, str]] = {i: (i, "id") for i in old_ids if i in new_ids}
    if what == "component":
        pairs = {o: p for o, p in w.components.items() if o in old_ids and p[0] in new_ids}
    paired_new = {p[0] for p in pairs.values()}
    for nid, j in new_ids.items():
        if nid in paired_new:
            continue
        item = b[j]
        lbl = _record_label(noun, nid, item)
        w.add("added", what, f"{lbl} added", f"{name}[{nid}]", keys, (None, (*pb, j)), None, item)
    for oid, i in old_ids.items():
        if oid in pairs:
            continue
        item = a[i]
        lbl = _record_label(noun, oid, item)
        w.add("removed", what, f"{lbl} removed", f"{name}[{oid}]", keys, ((*pa, i), None), item)
    for oid, (nid, how) in pairs.items():
        i, j = old_ids[oid], new_ids[nid]
        x, y = a[i], b[j]
        sub = f"{name}[{nid}]"
        lbl = _record_label(noun, nid, y) if noun != "criterion" else f"criterion ({nid})"
        if oid != nid:
            why = " (matched by its boundary)" if how == "boundary" else ""
            w.add("renamed", what, f"{noun} {oid} renumbered {nid}{why}", sub, keys,
                  ((*pa, i), (*pb, j)), oid, nid)  # fmt: skip
        short = f"{noun} {nid}" if noun != "criterion" else lbl
        if isinstance(x, dict) and isinstance(y, dict):
            if what == "component" and x.get("name") != y.get("name"):
                old_name, new_name = name_text(x.get("name")), name_text(y.get("name"))
                if old_name != new_name:
                    w.add("renamed", what, f'{short} renamed from "{old_name}" to "{new_name}"',
                          f"{sub}.name", (*keys, "name"), ((*pa, i, "name"), (*pb, j, "name")),
                          x.get("name"), y.get("name"))  # fmt: skip
                x = {k: v for k, v in x.items() if k != "name"}
                y = {k: v for k, v in y.items() if k != "name"}
            for k in dict.fromkeys([*y, *x]):
                if k == (spec[0] if spec else None):
                    continue
                _walk(w, x.get(k, MISSING), y.get(k, MISSING), f"{sub}.{k}", (*keys, str(k)),
                      (*pa, i, k), (*pb, j, k), short)  # fmt: skip
        else:
            _walk(w, x, y, sub, keys, (*pa, i), (*pb, j), short)
