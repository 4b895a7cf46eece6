"""One map being drawn: its SVG, view, label placer, legend and deferred labels.

Drawing happens in two passes. Shapes are added in stacking order (water, land,
rasters, base layers, buffer zone, property, thematic layers); labels are placed in
order of importance (State Party, property, capitals, seas, neighbours, places) and
drawn last, above every shape, so that the placer can keep them apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dossier.geo.furniture import Entry
from dossier.geo.labels import Box, Placed, Placer
from dossier.geo.mapview import View
from dossier.geo.svg import Svg, num


@dataclass(frozen=True)
class LabelStyle:
    fill: str = "#111"
    italic: bool = False
    halo: bool = True
    leader_colour: str = "#333"
    halo_colour: str = "#fff"  # the colour around the text: the ground it stands on


@dataclass
class Canvas:
    svg: Svg
    view: View
    clip: str
    placer: Placer
    entries: list[Entry] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    labels: list[tuple[Placed, LabelStyle]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """Labels of the dossier's own features that could not be placed (reported)."""
    avoid: Any = None
    """Area labels (countries, seas) keep off this shape (SVG units): the property."""

    def entry(self, swatch: str, label: str) -> None:
        if all(e.label != label for e in self.entries):
            self.entries.append(Entry(swatch, label))

    def source(self, text: str) -> None:
        if text and text not in self.sources:
            self.sources.append(text)

    def clipped(self, element: str) -> None:
        """An element drawn inside the frame only."""
        self.svg.add(f'<g clip-path="url(#{self.clip})">{element}</g>')

    def keep(self, placed: Placed | None, style: LabelStyle) -> bool:
        if placed is None:
            return False
        self.labels.append((placed, style))
        return True

    def point_label(
        self,
        texts: Sequence[str],
        x: float,
        y: float,
        size: float,
        style: LabelStyle,
        *,
        r: float = 0.0,
        bold: bool = False,
        centred: bool = False,
        report: bool = False,
    ) -> bool:
        placed = self.placer.at_point(texts, x, y, size, r=r, bold=bold, centred=centred)
        if placed is None and report and texts:
            self.dropped.append(texts[0])
        return self.keep(placed, style)

    def area_label(
        self,
        texts: Sequence[str],
        spots: Sequence[tuple[float, float]],
        sizes: Sequence[float],
        style: LabelStyle,
        *,
        fits: Callable[[Box], bool] | None = None,
        bold: bool = False,
    ) -> bool:
        placed = self.placer.in_area(texts, spots, sizes, fits=fits, bold=bold)
        return self.keep(placed, style)

    def draw_labels(self) -> None:
        """Leader lines, then every placed label with its halo."""
        for p, style in self.labels:
            if p.leader is not None:
                x0, y0, x1, y1 = p.leader
                self.svg.add(
                    f'<path d="M{num(x0)} {num(y0)}L{num(x1)} {num(y1)}" '
                    f'stroke="{style.leader_colour}" stroke-width="2"/>'
                )
        for p, style in self.labels:
            self.svg.text(
                p.x,
                p.y,
                p.text,
                p.size,
                anchor=p.anchor,
                weight="bold" if p.bold else None,
                fill=style.fill,
                halo=style.halo,
                italic=style.italic,
                halo_colour=style.halo_colour,
            )
