"""Label placement on maps: no label covers another label, a point symbol or the frame.

Why a placer of our own: labels are drawn in SVG with the shipped font, so their boxes
are known exactly (``svg.text_width``); a greedy placer over a few dozen labels is fast,
deterministic and easy to reason about. Each label tries positions in a fixed order
(beside its point, then further out with a leader line); a label that fits nowhere is
dropped and reported by the caller, never drawn over something else.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from dossier.geo.svg import text_width

ASCENT = 0.74  # of the font size above the baseline (PT Sans capitals and ascenders)
DESCENT = 0.24  # below the baseline


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in SVG user units (y grows downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return not (
            self.x1 + gap <= other.x0
            or other.x1 + gap <= self.x0
            or self.y1 + gap <= other.y0
            or other.y1 + gap <= self.y0
        )

    def inside(self, other: Box) -> bool:
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )

    def grown(self, d: float) -> Box:
        return Box(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)


def text_box(x: float, y: float, text: str, size: float, anchor: str, bold: bool) -> Box:
    """The box of a text whose baseline starts (or is centred, or ends) at (x, y)."""
    w = text_width(text, size, bold)
    left = x - {"start": 0.0, "middle": w / 2, "end": w}[anchor]
    return Box(left, y - ASCENT * size, left + w, y + DESCENT * size)


@dataclass(frozen=True)
class Placed:
    """A label as it will be drawn: ``anchor`` is an SVG text-anchor."""

    text: str
    x: float
    y: float
    size: float
    anchor: str
    bold: bool
    box: Box
    leader: tuple[float, float, float, float] | None = None  # from the feature to the label


# Directions tried around a point, in order: right, upper right, lower right, left,
# upper left, lower left, above, below (the usual cartographic preference).
_DIRECTIONS = (
    (1, 0),
    (1, -1),
    (1, 1),
    (-1, 0),
    (-1, -1),
    (-1, 1),
    (0, -1),
    (0, 1),
)


@dataclass
class Placer:
    """Greedy label placement inside ``frame``; everything placed becomes an obstacle."""

    frame: Box
    gap: float = 4.0  # clearance between a label and anything else (0.4 mm)
    taken: list[Box] = field(default_factory=list)
    labels: list[Box] = field(default_factory=list)  # the placed labels alone
    dropped: list[str] = field(default_factory=list)

    def block(self, box: Box) -> None:
        """Something drawn that labels must not cover (a symbol, the banner...)."""
        self.taken.append(box)

    def block_point(self, x: float, y: float, r: float) -> None:
        self.block(Box(x - r, y - r, x + r, y + r))

    def free(self, box: Box) -> bool:
        return box.inside(self.frame) and not any(box.overlaps(t, self.gap) for t in self.taken)

    def _take(self, placed: Placed) -> Placed:
        self.taken.append(placed.box)
        self.labels.append(placed.box)
        return placed

    def at_point(
        self,
        texts: Sequence[str],
        x: float,
        y: float,
        size: float,
        *,
        r: float = 0.0,
        bold: bool = False,
        leader: bool = True,
        centred: bool = False,
    ) -> Placed | None:
        """A label for a point symbol of radius ``r``: beside it, else further out with a
        leader line. ``texts`` are the forms to try in order (e.g. full, then short name);
        ``centred`` first tries the label centred on the point (ids inside an area)."""
        for text in texts:
            found = self._around(text, x, y, size, r, bold, centred)
            if found is not None:
                return self._take(found)
        if leader:
            for text in texts:
                found = self._leader(text, x, y, size, r, bold)
                if found is not None:
                    return self._take(found)
        self.dropped.append(texts[0] if texts else "")
        return None

    def _around(
        self, text: str, x: float, y: float, size: float, r: float, bold: bool, centred: bool
    ) -> Placed | None:
        if centred:
            box = text_box(x, y + 0.35 * size, text, size, "middle", bold)
            if self.free(box):
                return Placed(text, x, y + 0.35 * size, size, "middle", bold, box)
        d = r + 0.25 * size
        for dx, dy in _DIRECTIONS:
            placed = self._candidate(text, x, y, size, bold, dx, dy, d)
            if placed is not None:
                return placed
        return None

    def _candidate(
        self, text: str, x: float, y: float, size: float, bold: bool, dx: int, dy: int, d: float
    ) -> Placed | None:
        diag = 0.7 if dx and dy else 1.0
        px, py = x + dx * d * diag, y + dy * d * diag
        anchor = "start" if dx > 0 else "end" if dx < 0 else "middle"
        if dy < 0:
            base = py - DESCENT * size
        elif dy > 0:
            base = py + ASCENT * size
        else:
            base = py + 0.35 * size
        box = text_box(px, base, text, size, anchor, bold)
        if self.free(box):
            return Placed(text, px, base, size, anchor, bold, box)
        return None

    def _leader(
        self, text: str, x: float, y: float, size: float, r: float, bold: bool
    ) -> Placed | None:
        for step in (2.5, 4.0, 6.0, 9.0):
            d = r + step * size
            for dx, dy in _DIRECTIONS:
                placed = self._candidate(text, x, y, size, bold, dx, dy, d)
                if placed is None:
                    continue
                line = _leader_line(x, y, r, placed.box)
                if self._line_clear(line, placed.box):
                    return Placed(
                        placed.text, placed.x, placed.y, size, placed.anchor, bold, placed.box, line
                    )
        return None

    def _line_clear(self, line: tuple[float, float, float, float], own: Box) -> bool:
        """A leader line may cross areas and symbols but not other labels."""
        x0, y0, x1, y1 = line
        for t in self.labels:
            if t is own:
                continue
            if _segment_hits_box(x0, y0, x1, y1, t):
                return False
        return True

    def in_area(
        self,
        texts: Sequence[str],
        spots: Iterable[tuple[float, float]],
        sizes: Sequence[float],
        *,
        fits: Callable[[Box], bool] | None = None,
        bold: bool = False,
    ) -> Placed | None:
        """A label centred on one of ``spots`` (best first), at the largest size that
        is free and, when ``fits`` is given, accepted by it (e.g. inside the area)."""
        candidates = list(spots)
        for size in sizes:
            for text in texts:
                for cx, cy in candidates:
                    base = cy + (ASCENT - DESCENT) / 2 * size
                    box = text_box(cx, base, text, size, "middle", bold)
                    if self.free(box) and (fits is None or fits(box)):
                        return self._take(Placed(text, cx, base, size, "middle", bold, box))
        return None


def _leader_line(x: float, y: float, r: float, box: Box) -> tuple[float, float, float, float]:
    """From the symbol's edge to the nearest point of the label box."""
    nx = min(max(x, box.x0), box.x1)
    ny = min(max(y, box.y0), box.y1)
    length = math.hypot(nx - x, ny - y) or 1.0
    sx, sy = x + (nx - x) / length * r, y + (ny - y) / length * r
    return (sx, sy, nx, ny)


def _segment_hits_box(x0: float, y0: float, x1: float, y1: float, b: Box) -> bool:
    """Liang-Barsky clipping test of a segment against a box."""
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - b.x0), (dx, b.x1 - x0), (-dy, y0 - b.y0), (dy, b.y1 - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True
