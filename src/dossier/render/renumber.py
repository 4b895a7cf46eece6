"""Other page numbers given to a laid-out chunk, in place, when nothing else moves.

A chunk of the parallel build (render.pdf_parallel) prints page numbers it cannot know
before every chunk is laid out: its own pages' ("Page X of Y" in the margin) and those of
the anchors it links to (the contents, the lists, "Figure N, p. M"). A first build lays
every chunk out with guessed numbers; once the real ones are known, `renumber` puts them
into the laid-out pages, so the chunk need not be laid out a second time:

* the margin boxes of every page are made again by WeasyPrint with the page counters
  moved (margin boxes never move the page's content);
* the text of each cross-reference's generated number is replaced, but only when the
  new text is exactly as wide as the old one (PT's figures are all as wide), so that no
  line and no page can break differently. Otherwise `renumber` changes nothing and says
  so: the chunk must be laid out again with its numbers.

The page counters of a chunk: `page` (reset on its first page) and `dossier-pages`, the
total (render.pdf_chunks writes both); the cross-references' numbers come from the
attribute render.pdf_chunks.PAGE_ATTR through `content: ... attr(data-dossier-page)`.
This works on WeasyPrint 70's boxes and layout context, kept by `keeping_context()`.
"""

from __future__ import annotations

import copy
import html as htmllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from dossier.render.pdf_chunks import PAGE_ATTR, TOTAL_COUNTER


@dataclass(frozen=True)
class Numbers:
    """The page numbers a chunk prints: its first page, the total, each anchor's page."""

    first_page: int
    total: int
    targets: Mapping[str, int] = field(default_factory=dict)


@contextmanager
def keeping_context(into: list[Any]) -> Iterator[None]:
    """While active, the layout context of every WeasyPrint layout is appended to `into`
    (renumber needs it to make margin boxes again)."""
    from weasyprint import document

    saved = document.layout_document

    def layout_document(html: Any, root_box: Any, context: Any, *args: Any, **kw: Any) -> Any:
        into.append(context)
        return saved(html, root_box, context, *args, **kw)

    document.layout_document = layout_document
    try:
        yield
    finally:
        document.layout_document = saved


def renumber(pages: list[Any], context: Any, old: Numbers, new: Numbers) -> bool:
    """Give the laid-out `pages` (a WeasyPrint document's) the numbers `new` in place of
    `old`; False, with nothing changed, when that could move a line (the chunk must then
    be laid out again)."""
    swaps = _reference_swaps(pages, old, new)
    if swaps is None:
        return False
    for box, text in swaps:
        box.text = text
        box.pango_layout.text = text
    if (old.first_page, old.total) != (new.first_page, new.total):
        _remake_margins(pages, context, new.first_page - old.first_page, old.total, new.total)
    return True


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def _number_item(box: Any) -> bool:
    """Whether the box is generated content that ends with the page attribute."""
    content = box.style["content"]
    if not isinstance(content, (list, tuple)) or not content:
        return False
    kind, value = content[-1]
    return bool(kind == "attr()" and value[0] == PAGE_ATTR)


def _reference_swaps(pages: list[Any], old: Numbers, new: Numbers) -> list[tuple[Any, str]] | None:
    """(text box, new text) for every cross-reference whose number changes; None when
    one would change width or is not where it is expected."""
    from weasyprint.formatting_structure import boxes

    # The last text box of each element's generated number (a reference broken over
    # two lines or pages has several pieces; the number is in the last).
    last: dict[tuple[int, str], tuple[Any, Any]] = {}
    for page in pages:
        for child in page._page_box.children:
            if isinstance(child, boxes.MarginBox):
                continue
            for box in _boxes(child):
                tag = box.element_tag or ""
                if not tag.endswith(("::before", "::after")) or box.element is None:
                    continue
                if box.element.get(PAGE_ATTR) is None or not _number_item(box):
                    continue
                texts = [b for b in _boxes(box) if isinstance(b, boxes.TextBox)]
                if texts:
                    last[(id(box.element), tag)] = (box.element, texts[-1])
    swaps: list[tuple[Any, str]] = []
    for element, text_box in last.values():
        href = element.get("href") or ""
        target = htmllib.unescape(href[1:]) if href.startswith("#") else ""
        if target not in old.targets or target not in new.targets:
            return None
        before, after = str(old.targets[target]), str(new.targets[target])
        if element.get(PAGE_ATTR) != before or not text_box.text.endswith(before):
            return None
        if before == after:
            continue
        text = text_box.text[: -len(before)] + after
        if _width(text, text_box.style) != _width(text_box.text, text_box.style):
            return None
        swaps.append((text_box, text))
    return swaps


def _width(text: str, style: Any) -> float:
    """The width WeasyPrint gives `text` on one line in `style`."""
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(text, style, None, None, 0)
    first_line, _ = layout.get_first_line()
    width, _height = line_size(first_line, style)
    return float(width)


def _remake_margins(pages: list[Any], context: Any, shift: int, total: int, new_total: int) -> None:
    """Margin boxes made again, as WeasyPrint makes them, with the page counter moved by
    `shift` and the total counter set to `new_total`."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.background import layout_box_backgrounds
    from weasyprint.layout.page import make_margin_boxes

    for index, page in enumerate(pages):
        page_box = page._page_box
        context.current_page = index + 1
        state = copy.deepcopy(context.page_maker[index + 1][3])
        counters = state[1]
        if "page" in counters:
            counters["page"] = [*counters["page"][:-1], counters["page"][-1] + shift]
        if counters.get(TOTAL_COUNTER, [None])[-1] == total:
            counters[TOTAL_COUNTER] = [*counters[TOTAL_COUNTER][:-1], new_total]
        kept = [c for c in page_box.children if not isinstance(c, boxes.MarginBox)]
        margins = list(make_margin_boxes(context, page_box, state))
        page_box.children = (*kept, *margins)
        # As WeasyPrint's layout_backgrounds does for them (not called again: it moves
        # the root's background to the page's canvas once).
        for margin in margins:
            layout_box_backgrounds(page_box, margin, context.get_image_from_uri)
