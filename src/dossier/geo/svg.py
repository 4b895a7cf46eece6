"""A tiny deterministic SVG writer for maps (fixed number format, explicit fonts).

Why not a plotting library: maps must be byte-identical from run to run, embed no
timestamps or random ids, and name a font family on every text element so that
WeasyPrint, Word (via cairosvg) and browsers all pick the bundled font.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

# No spaces after the commas: WeasyPrint's SVG code keeps them as part of the next name.
FONT_FAMILY = "'Dossier Sans','Dossier Fallback Sans',sans-serif"
# Characters the main family (PT Sans) lacks, drawn with their plain equivalents on maps:
# cairo, which rasterises maps for Word, takes every glyph of a text from one font
# (no fallback), and mis-places tspans in centred text.
_PLAIN = str.maketrans({"\u2032": "'", "\u2033": '"', "\u202f": " ", "\u2009": " "})
CHAR_WIDTH = 0.56  # average advance of DejaVu Sans, in font sizes (when no font can be read)
_FONT_FILES = {False: "PTSans-Regular.ttf", True: "PTSans-Bold.ttf"}


@functools.cache
def _font(bold: bool) -> Any:
    """The shipped PT Sans at 100 units (Pillow), or None when it cannot be read."""
    from PIL import ImageFont

    from dossier.core.resources import templates_dir

    try:
        return ImageFont.truetype(str(templates_dir() / "fonts" / _FONT_FILES[bold]), 100)
    except OSError:
        return None


@functools.lru_cache(maxsize=4096)
def text_width(content: str, size: float, bold: bool = False) -> float:
    """Advance width of ``content`` at ``size`` user units, measured on the shipped font.

    Labels are fitted with it (nothing may overrun the frame or another label), so it
    uses the font the map is drawn with, not an average character width.
    """
    shown = content.translate(_PLAIN)
    font = _font(bold)
    if font is None:
        return len(shown) * size * CHAR_WIDTH
    return float(font.getlength(shown)) * size / 100


def num(value: float) -> str:
    """One decimal (0.01 mm on paper); ``-0.0`` written as ``0``."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def attrs(**values: object) -> str:
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        shown = num(value) if isinstance(value, float) else str(value)
        parts.append(f"{key.rstrip('_').replace('_', '-')}={quoteattr(shown)}")
    return " ".join(parts)


class Svg:
    """Collects elements; ``render`` returns the document text."""

    def __init__(self, width_mm: float, height_mm: float, id_prefix: str) -> None:
        self.width = width_mm * 10  # user units are 0.1 mm
        self.height = height_mm * 10
        self.width_mm = width_mm
        self.height_mm = height_mm
        self.prefix = id_prefix
        self.defs: list[str] = []
        self.body: list[str] = []
        self.labels: dict[str, str] = {}  # words of the map furniture, in the map's language

    def add(self, element: str) -> None:
        self.body.append(element)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        size: float,
        *,
        anchor: str = "start",
        weight: str | None = None,
        fill: str = "#111",
        halo: bool = False,
        italic: bool = False,
        halo_colour: str = "#fff",
    ) -> None:
        """A text element; with ``halo`` an outline copy in ``halo_colour`` is drawn underneath
        first, which hides the lines the text crosses."""
        common = dict(
            x=float(x),
            y=float(y),
            font_family=FONT_FAMILY,
            font_size=float(size),
            text_anchor=anchor,
            font_weight=weight,
            font_style="italic" if italic else None,
        )
        body = marked_up(content)
        if halo:
            outline = attrs(
                **common, fill=halo_colour, stroke=halo_colour, stroke_width=size * 0.25
            )
            self.add(f'<text {outline} stroke-linejoin="round">{body}</text>')
        self.add(f"<text {attrs(**common, fill=fill)}>{body}</text>")

    def wrapped(
        self,
        x: float,
        y: float,
        content: str,
        size: float,
        width: float,
        *,
        fill: str = "#111",
        weight: str | None = None,
        italic: bool = False,
    ) -> float:
        """Left-aligned text wrapped to ``width``; returns the baseline of the next line."""
        for line in wrap(content, size, width, bold=weight == "bold"):
            self.text(x, y, line, size, fill=fill, weight=weight, italic=italic)
            y += size * 1.3
        return y

    def render(self) -> str:
        head = (
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'width="{num(self.width_mm)}mm" height="{num(self.height_mm)}mm" '
            f'viewBox="0 0 {num(self.width)} {num(self.height)}">'
        )
        defs = [f"<defs>{''.join(self.defs)}</defs>"] if self.defs else []
        return "\n".join([head, *defs, *self.body, "</svg>", ""])


def marked_up(content: str) -> str:
    """Escaped text using only characters every map renderer can draw with PT Sans."""
    return escape(content.translate(_PLAIN))


def wrap(content: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap on the shipped font's advance widths (deterministic)."""
    lines: list[str] = []
    current = ""
    for word in content.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def path_data(rings: Iterable[Sequence[tuple[float, float]]], closed: bool = True) -> str:
    """``M x y L ... Z`` for each ring (or line), skipping repeated points."""
    out: list[str] = []
    for ring in rings:
        last = ""
        cmds: list[str] = []
        for x, y in ring:
            if not (math.isfinite(x) and math.isfinite(y)):
                continue
            point = f"{num(x)} {num(y)}"
            if point != last:
                cmds.append(("L" if cmds else "M") + point)
                last = point
        if len(cmds) >= 2:
            out.append("".join(cmds) + ("Z" if closed else ""))
    return "".join(out)
