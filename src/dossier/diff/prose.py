"""Changed prose: paragraphs of the Markdown sources, matched across the whole dossier, then
compared word by word.

A paragraph is a block of the Markdown source (separated by blank lines; each list item and
heading on its own), compared with its spaces normalised. Paragraphs are first aligned within
their own field (text/3-1c-integrity.md, a criterion's justification...); a paragraph left
over on both sides with the same words, wherever it is, has moved; one left over in the same
stretch of its field with most of its words has been edited; one moved and edited is found
among the rest by its words. What remains was added or removed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from dossier.diff import words
from dossier.prose.mdext.citesyntax import KEY_RE, at_allowed, xref_of

_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])\s+\S|^ {0,3}#{1,6}\s")

MOVE_EDITED = 0.75  # share of words a moved paragraph keeps to count as moved, not replaced
EDITED = 0.5  # share of words an edited paragraph keeps in place
MAX_PAIRS = 200_000  # pairs compared when looking for moved and edited paragraphs


@dataclass(frozen=True)
class Paragraph:
    field: str  # the source field, e.g. "justification.integrity" or "...criteria[x].justification"
    index: int  # position in the field
    text: str  # normalised
    file: str
    line: int | None

    @property
    def key(self) -> str:
        return self.text.casefold()


@dataclass(frozen=True)
class ProseChange:
    op: str  # added | removed | changed | moved
    old: Paragraph | None
    new: Paragraph | None
    pieces: tuple[tuple[str, str], ...] = ()  # word diff when the text changed


def paragraphs(field: str, markdown: str, file: str, line0: int) -> list[Paragraph]:
    """The paragraphs of a Markdown text; ``line0`` is the line its first line is on."""
    out: list[Paragraph] = []
    current: list[str] = []
    start = 0
    fenced = False

    def flush() -> None:
        text = words.normalise(" ".join(current))
        if text:
            out.append(Paragraph(field, len(out), text, file, line0 + start if line0 else None))
        current.clear()

    for n, line in enumerate(markdown.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and not line.strip():
            flush()
            continue
        if not fenced and current and _ITEM.match(line):
            flush()
        if not current:
            start = n
        current.append(line)
    flush()
    return out


def citations(text: str) -> set[str]:
    """Citation keys of a Markdown text (pandoc syntax; cross-references left out)."""
    out: set[str] = set()
    for at in (i for i, ch in enumerate(text) if ch == "@"):
        found = KEY_RE.match(text, at + 1)
        if found and at_allowed(text, at) and xref_of(found.group(0)) is None:
            out.add(found.group(0))
    return out


def compare(old: list[Paragraph], new: list[Paragraph]) -> list[ProseChange]:
    """Every paragraph change between the prose of two drafts (see the module docstring)."""
    old_by: dict[str, list[Paragraph]] = defaultdict(list)
    new_by: dict[str, list[Paragraph]] = defaultdict(list)
    for p in old:
        old_by[p.field].append(p)
    for p in new:
        new_by[p.field].append(p)
    left_old: list[Paragraph] = []
    left_new: list[Paragraph] = []
    stretches: list[tuple[list[Paragraph], list[Paragraph]]] = []
    for name in dict.fromkeys([*old_by, *new_by]):
        a, b = old_by.get(name, []), new_by.get(name, [])
        sm = SequenceMatcher(None, [p.key for p in a], [p.key for p in b], autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                continue
            left_old.extend(a[i1:i2])
            left_new.extend(b[j1:j2])
            stretches.append((a[i1:i2], b[j1:j2]))
    changes: list[ProseChange] = []
    taken_old: set[int] = set()
    taken_new: set[int] = set()

    # 1. Moved unchanged: the same words on both sides.
    pool: dict[str, list[Paragraph]] = defaultdict(list)
    for p in left_old:
        pool[p.key].append(p)
    for q in left_new:
        match = next((p for p in pool.get(q.key, []) if id(p) not in taken_old), None)
        if match is not None:
            taken_old.add(id(match))
            taken_new.add(id(q))
            changes.append(ProseChange("moved", match, q))

    # 2. Edited in place: within the same stretch of the same field, in order.
    for a, b in stretches:
        free_a = [p for p in a if id(p) not in taken_old]
        for q in b:
            if id(q) in taken_new:
                continue
            best, best_ratio = None, EDITED
            for p in free_a:
                if id(p) in taken_old:
                    continue
                r = words.similarity(p.text, q.text)
                if r >= best_ratio:
                    best, best_ratio = p, r
            if best is not None:
                taken_old.add(id(best))
                taken_new.add(id(q))
                changes.append(
                    ProseChange("changed", best, q, tuple(words.diff(best.text, q.text)))
                )

    # 3. Moved and edited: anywhere, most of the words kept.
    rest_old = [p for p in left_old if id(p) not in taken_old]
    rest_new = [q for q in left_new if id(q) not in taken_new]
    if rest_old and rest_new and len(rest_old) * len(rest_new) <= MAX_PAIRS:
        tokens_old = {id(p): words.words(p.key) for p in rest_old}
        for q in rest_new:
            wq = words.words(q.key)
            best, best_ratio = None, MOVE_EDITED
            for p in rest_old:
                if id(p) in taken_old:
                    continue
                wp = tokens_old[id(p)]
                if words.quick_similarity(wp, wq) < best_ratio:
                    continue
                r = SequenceMatcher(None, wp, wq, autojunk=False).ratio()
                if r >= best_ratio:
                    best, best_ratio = p, r
            if best is not None:
                taken_old.add(id(best))
                taken_new.add(id(q))
                changes.append(ProseChange("moved", best, q, tuple(words.diff(best.text, q.text))))

    for p in left_old:
        if id(p) not in taken_old:
            changes.append(ProseChange("removed", p, None))
    for q in left_new:
        if id(q) not in taken_new:
            changes.append(ProseChange("added", None, q))
    return changes
