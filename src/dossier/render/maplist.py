"""The list of maps printed under the heading they follow (PDF and DOCX).

A map dossier draws goes to a landscape page of its own, so the heading before it would
stand alone at the foot of a portrait page. The PDF and the DOCX therefore list the maps
under that heading ("Figure 2, p. 14: Location of ..."), in figure order. A map that an
earlier section printed (the overview map of the Executive Summary, printed again in 1.e)
is a paragraph of the assembler, "Figure 1: title"; it belongs to the same list, and is
not printed a second time among the maps.
"""

from __future__ import annotations

from collections.abc import Sequence

from dossier.core import model as m


def is_map(block: m.Block) -> bool:
    """A map drawn by dossier (the PDF's `figure-map`): printed on a page of its own."""
    return isinstance(block, m.Figure) and block.svg is not None


class MapLists:
    """Builds the lists of one document and remembers which blocks they replaced."""

    def __init__(self, doc: m.Document) -> None:
        self._numbers = {f"fig-{f.id}": f.number for f in doc.figures}
        self._maps = {f"fig-{f.id}" for f in doc.figures if f.svg is not None}
        self._listed: set[int] = set()

    def is_map_ref(self, block: m.Block) -> bool:
        """The assembler's reference to a map an earlier section printed: a paragraph that
        opens with the map's cross-reference."""
        return (
            isinstance(block, m.Para)
            and bool(block.inlines)
            and isinstance(block.inlines[0], m.XRef)
            and block.inlines[0].target in self._maps
        )

    def _member(self, block: m.Block) -> bool:
        return is_map(block) or self.is_map_ref(block)

    def for_section(self, blocks: Sequence[m.Block]) -> tuple[m.Inline, ...]:
        """A section that opens with a map lists every map of the section."""
        if not blocks or not self._member(blocks[0]):
            return ()
        return self._list([b for b in blocks if self._member(b)])

    def after(self, blocks: Sequence[m.Block], i: int) -> tuple[m.Inline, ...]:
        """The run of maps that directly follows a prose heading (blocks[i - 1])."""
        run: list[m.Block] = []
        while i < len(blocks) and self._member(blocks[i]):
            run.append(blocks[i])
            i += 1
        return self._list(run)

    def listed(self, block: m.Block) -> bool:
        """True for a map reference a list already printed (leave it out of the flow)."""
        return id(block) in self._listed

    def _list(self, run: Sequence[m.Block]) -> tuple[m.Inline, ...]:
        if not any(is_map(b) for b in run):
            return ()  # no landscape page follows: the paragraphs print as they are
        out: list[m.Inline] = []
        for b in sorted(run, key=self._number):
            if out:
                out.append(m.LineBreak())
            if isinstance(b, m.Figure):
                out.extend((m.XRef("fig", f"fig-{b.id}"), m.Text(": "), *b.caption))
            else:
                assert isinstance(b, m.Para)
                self._listed.add(id(b))
                out.extend(b.inlines)
        return tuple(out)

    def _number(self, block: m.Block) -> int:
        if isinstance(block, m.Figure):
            return block.number
        assert isinstance(block, m.Para) and isinstance(block.inlines[0], m.XRef)
        return self._numbers.get(block.inlines[0].target, 0)
