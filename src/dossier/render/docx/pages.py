"""Landscape sections for maps printed at their stated size (Figure.page).

Word keeps page size and orientation per section; a section's properties (``w:sectPr``)
sit in the last paragraph of the section, the last section's at the end of the body.
Each run of consecutive map figures on the same page kind gets a section of its own;
the sections before and after keep the document's portrait setup. Every section refers
to the same headers and footers; only the first (the cover's) has a distinct first page.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

from lxml.etree import _Element as Element

from dossier.render.docx.ooxml import PPR_ORDER, SECTPR_ORDER, el, insert_ordered, qn

MM_TWIPS = 1440 / 25.4
# Page sizes in twips (width, height) when landscape, and the margins of the print
# stylesheet's map pages (top, right, bottom, left), which leave room for the map and
# its caption.
PAGES = {
    "a4-landscape": ((16838, 11906), (20.0, 20.0, 18.0, 20.0)),
    "a3-landscape": ((23811, 16838), (20.0, 20.0, 18.0, 20.0)),
}


@dataclass(frozen=True)
class Run:
    """Body elements ``first`` .. ``last`` (a figure and its caption) for ``page``."""

    first: Element
    last: Element
    page: str


def text_box_mm(page: str) -> tuple[float, float]:
    """Width and height (mm) inside the margins of a landscape page."""
    (w, h), (top, right, bottom, left) = PAGES[page]
    return (w / MM_TWIPS - left - right, h / MM_TWIPS - top - bottom)


def _merged(runs: Sequence[Run]) -> list[Run]:
    out: list[Run] = []
    for r in runs:
        if out and out[-1].page == r.page and out[-1].last.getnext() is r.first:
            out[-1] = Run(out[-1].first, r.last, r.page)
        else:
            out.append(r)
    return out


def _landscape(base: Element, page: str) -> Element:
    sect = copy.deepcopy(base)
    (w, h), (top, right, bottom, left) = PAGES[page]
    size = insert_ordered(sect, el("w:pgSz"), SECTPR_ORDER)
    size.set(qn("w:w"), str(w))
    size.set(qn("w:h"), str(h))
    size.set(qn("w:orient"), "landscape")
    old = base.find(qn("w:pgMar"))
    mar = insert_ordered(sect, el("w:pgMar"), SECTPR_ORDER)
    for side, mm in (("top", top), ("right", right), ("bottom", bottom), ("left", left)):
        mar.set(qn(f"w:{side}"), str(round(mm * MM_TWIPS)))
    for key in ("header", "footer", "gutter"):
        value = old.get(qn(f"w:{key}")) if old is not None else None
        mar.set(qn(f"w:{key}"), value or ("0" if key == "gutter" else "567"))
    return sect


def _no_title_page(sect: Element) -> None:
    for tp in sect.findall(qn("w:titlePg")):
        sect.remove(tp)


def _attach(p: Element, sect: Element) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    insert_ordered(ppr, sect, PPR_ORDER)


def apply(runs: Sequence[Run], final: Element) -> None:
    """Give each run of map figures a landscape section; ``final`` is the body's sectPr
    (portrait, with the headers and footers already set)."""
    portrait = copy.deepcopy(final)
    first_section = True
    for run in _merged(runs):
        before = run.first.getprevious()
        ends_section = before is not None and before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if before is None or before.tag != qn("w:p") or ends_section is not None:
            before = el("w:p")
            run.first.addprevious(before)
        ending = copy.deepcopy(portrait)
        if not first_section:
            _no_title_page(ending)
        _attach(before, ending)
        first_section = False
        landscape = _landscape(portrait, run.page)
        _no_title_page(landscape)
        if run.last.getnext() is final:
            # The maps end the document: the last section is the landscape one.
            for child in list(final):
                final.remove(child)
            for child in list(landscape):
                final.append(child)
            return
        _attach(run.last, landscape)
    if not first_section:
        _no_title_page(final)
