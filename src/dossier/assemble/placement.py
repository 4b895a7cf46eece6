"""Where the images of 7.a go, and the numbers of figures and tables in reading order.

An image is printed next to the text that discusses it: after the first block of the
document that cross-references it (`@fig:ID`). An image that no text of this document
refers to goes to the section its `section:` names (a section of the nomination format,
found in other documents by the source field the section prints), and otherwise among
the plates that follow the image inventory. Placing a figure late changes the order of
figures, so every figure and table is numbered once, at the end, in reading order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Protocol

from dossier.core import model as m
from dossier.load.sources import Sources
from dossier.load.textvalue import get


class Assembler(Protocol):
    """What placement reads of dossier.assemble.base.Assembler (which imports this module)."""

    src: Sources
    data: dict[str, Any]
    doc: str
    L: dict[str, str]
    anchors: dict[str, str]
    section_paths: dict[str, set[tuple[str, ...]]]

    def rich(self, value: Any, path: str | None = None) -> tuple[m.Inline, ...]: ...


@dataclass(frozen=True)
class Image:
    """One image of documentation.images, ready to print."""

    ident: str
    figure: m.Figure
    section: str  # the nomination section its `section:` names ("" when none)


def images(a: Assembler) -> list[Image]:
    out: list[Image] = []
    for i, img in enumerate(get(a.data, ("documentation", "images")) or []):
        if not isinstance(img, dict):
            continue
        path, _ = a.src.resolve(img.get("file"), ("documentation", "images", i, "file"))
        if path is None:
            continue
        ident = str(img.get("id"))
        caption = a.rich(img.get("caption"))
        alt = str(img.get("alt") or m.plain_text(caption))
        figure = m.Figure(ident, 0, caption, alt, path=path, credit=credit(a, img))
        section = str(img.get("section") or "").replace(" ", "")
        out.append(Image(ident, figure, section))
    return out


def credit(a: Assembler, img: dict[str, Any]) -> str:
    """'Drawing: the dossier project' / 'Photo: A. Smith © Ministry of Culture'."""
    author = str(img.get("author") or "")
    owner = str(img.get("copyright_owner") or "")
    kind = a.L.get(f"credit_{img.get('format')}", a.L.get("credit_digital", ""))
    text = f"{kind}: {author}" if kind and author else author
    if owner and owner != author:
        text = f"{text} © {owner}" if text else f"© {owner}"
    return text


def place_images(a: Assembler, sections: list[m.Section], by_number: dict[str, str]) -> None:
    """Insert the figures of the images into `sections` (see the module docstring).

    by_number maps a nomination section number ("2.a") to the id of the section of this
    document that prints the same source field.
    """
    pending = [img for img in images(a) if f"fig-{img.ident}" not in a.anchors]
    if not pending:
        return
    flat = [s for top in sections for s in top.walk()]
    plates: list[m.Block] = []
    for img in pending:
        if _after_first_reference(flat, img):
            continue
        target = by_number.get(img.section)
        sec = next((s for s in flat if s.id == target), None) if target else None
        if sec is not None:
            sec.blocks.append(img.figure)
        else:
            plates.append(img.figure)
    if plates:
        inventory = next(
            (s for s in flat if any(isinstance(b, m.Table) and b.id == "images" for b in s.blocks)),
            None,
        )
        if inventory is not None:
            inventory.blocks.extend(plates)


def _after_first_reference(flat: list[m.Section], img: Image) -> bool:
    target = f"fig-{img.ident}"
    for sec in flat:
        for i, block in enumerate(sec.blocks):
            if any(x.target == target for x in _xrefs(block)):
                sec.blocks.insert(i + 1, img.figure)
                return True
    return False


def _xrefs(block: m.Block) -> Iterator[m.XRef]:
    for inlines in _inline_lists(block):
        yield from _xrefs_in(inlines)


def _xrefs_in(inlines: tuple[m.Inline, ...]) -> Iterator[m.XRef]:
    for node in inlines:
        if isinstance(node, m.XRef):
            yield node
        elif isinstance(node, m.Styled | m.Link):
            yield from _xrefs_in(node.children)


def _inline_lists(block: m.Block) -> Iterator[tuple[m.Inline, ...]]:
    if isinstance(block, m.Para | m.Heading):
        yield block.inlines
    elif isinstance(block, m.ListBlock):
        for item in block.items:
            for b in item:
                yield from _inline_lists(b)
    elif isinstance(block, m.Quote):
        for b in block.blocks:
            yield from _inline_lists(b)
    # Tables do not count: the image inventory refers to every figure without discussing it.


# ---------------------------------------------------------------- numbering


def renumber(doc: m.Document) -> None:
    """Number figures and tables 1, 2, 3... in reading order; labels of anchors follow."""
    figures: list[m.Figure] = []
    tables: list[m.Table] = []
    fig_word, tbl_word = doc.labels.get("figure", "Figure"), doc.labels.get("table", "Table")

    def number(block: m.Block) -> m.Block:
        if isinstance(block, m.Figure):
            new = replace(block, number=len(figures) + 1)
            figures.append(new)
            doc.anchors[f"fig-{new.id}"] = f"{fig_word} {new.number}"
            return new
        if isinstance(block, m.Table) and block.id and block.number is not None:
            table = replace(block, number=len(tables) + 1)
            tables.append(table)
            doc.anchors[f"tbl-{table.id}"] = f"{tbl_word} {table.number}"
            return table
        return block

    for top in doc.sections:
        for sec in top.walk():
            sec.blocks = [map_nested(b, number) for b in sec.blocks]
    doc.figures = figures
    doc.tables = tables


def map_nested(block: m.Block, fn: Callable[[m.Block], m.Block]) -> m.Block:
    """`fn` applied to `block` and to every block inside it, in reading order."""
    if isinstance(block, m.ListBlock):
        items = tuple(tuple(map_nested(b, fn) for b in item) for item in block.items)
        return fn(replace(block, items=items))
    if isinstance(block, m.Quote):
        return fn(replace(block, blocks=tuple(map_nested(b, fn) for b in block.blocks)))
    return fn(block)


def nomination_sections(a: Assembler, sections: list[m.Section]) -> dict[str, str]:
    """Nomination section number -> id of the section of this document that prints the
    same source field (the numbers of images name nomination sections)."""
    from dossier.formats import outline

    flat = {s.id: s for top in sections for s in top.walk()}
    if a.doc == "nomination":
        return {s.number.replace(" ", ""): s.id for s in flat.values() if s.number}
    nomination = outline.profile_for("nomination", a.data)
    out: dict[str, str] = {}
    if nomination is None:
        return out
    for nsec in nomination.sections:
        paths = {p for f in nsec.fills if f.kind == "text" for p in f.paths}
        for sec_id, printed in a.section_paths.items():
            if sec_id in flat and paths & printed:
                out.setdefault(nsec.number.replace(" ", ""), sec_id)
    return out
