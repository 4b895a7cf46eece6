"""Word-level differences between two texts, readable rather than minimal.

Texts are cut into words, spaces and punctuation; the longest common runs are kept
(difflib, without its "junk" heuristic, which would ignore the spaces and common words of a
long paragraph). Single spaces left between two changes are folded into them, so that a
rewritten phrase reads as one deletion followed by one insertion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\s+|\w+(?:['’\-]\w+)*|[^\w\s]")

Op = tuple[str, int, int, int, int]  # (equal | change, a_start, a_end, b_start, b_end)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def words(text: str) -> list[str]:
    return [t for t in tokens(text) if not t.isspace()]


def normalise(text: str) -> str:
    return " ".join(text.split())


def similarity(a: str, b: str) -> float:
    """Share of words the two texts have in common, in order (0..1)."""
    wa, wb = words(a), words(b)
    if not wa and not wb:
        return 1.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def quick_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """An upper bound of `similarity` from word counts only (cheap: to skip hopeless pairs)."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).real_quick_ratio()


def align(
    a: Sequence[Hashable], b: Sequence[Hashable], is_space: Callable[[Hashable], bool]
) -> list[Op]:
    """Runs of equal tokens and of changes between ``a`` and ``b``; an equal run made only of
    spaces between two changes joins them."""
    raw: list[Op] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        kind = "equal" if tag == "equal" else "change"
        if raw and raw[-1][0] == kind == "change":
            _, a1, _, b1, _ = raw.pop()
            raw.append(("change", a1, i2, b1, j2))
        else:
            raw.append((kind, i1, i2, j1, j2))
    out: list[Op] = []
    for n, op in enumerate(raw):
        kind, i1, i2, j1, j2 = op
        between = 0 < n < len(raw) - 1
        if kind == "equal" and between and all(is_space(t) for t in a[i1:i2]):
            kind = "change"
        if out and out[-1][0] == kind == "change":
            _, a1, _, b1, _ = out.pop()
            out.append(("change", a1, i2, b1, j2))
        else:
            out.append((kind, i1, i2, j1, j2))
    return out


def diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) pieces, op equal | delete | insert, that read as the old text when the
    inserts are left out and as the new one when the deletes are."""
    ta, tb = tokens(normalise(old)), tokens(normalise(new))
    pieces: list[tuple[str, str]] = []
    for kind, i1, i2, j1, j2 in align(ta, tb, lambda t: str(t).isspace()):
        if kind == "equal":
            pieces.append(("equal", "".join(ta[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("delete", "".join(ta[i1:i2])))
        if j2 > j1:
            pieces.append(("insert", "".join(tb[j1:j2])))
    return pieces
