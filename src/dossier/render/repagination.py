"""Footnotes moved to the next page survive WeasyPrint's repagination.

WeasyPrint 70 lays a document out in rounds: after the first, it re-makes only the pages
whose input changed and reuses the others as they are. A footnote that does not fit on
its call's page is carried to the next page, but the carried footnotes are not part of
what WeasyPrint compares to decide whether a page must be re-made. When a re-made page
carries a note it did not carry before, the next page is reused without it, and the note
is printed nowhere (seen on the 300-page benchmark dossier: notes 34 and 81); when a page
is reused, what it carried is forgotten, and a re-made page after it starts without it.

`carried_footnotes()` wraps the page loop for the duration of a layout: after each
re-made page it compares the notes it carries with those it carried in the last round
and, when they differ, has the next page re-made; after a reused page it restores the
notes that page carries. render.layout.lost_footnotes stays the guard of the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_CARRY = "_dossier_carried_footnotes"


@contextmanager
def carried_footnotes() -> Iterator[None]:
    """WeasyPrint's page loop, with carried footnotes part of each page's input."""
    from weasyprint import layout

    saved = layout.make_all_pages
    layout.make_all_pages = _with_carried_footnotes(saved)
    try:
        yield
    finally:
        layout.make_all_pages = saved


def _with_carried_footnotes(
    make_all_pages: Callable[..., Iterator[Any]],
) -> Callable[..., Iterator[Any]]:
    def pages_with_notes(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Iterator[Any]:
        # Page index -> the footnotes it carried to the next page when last made.
        carried: dict[int, tuple[Any, ...]] = context.__dict__.setdefault(_CARRY, {})
        for index, page in enumerate(make_all_pages(context, root_box, html, pages)):
            reused = index < len(pages) and page is pages[index]
            if reused:
                context.reported_footnotes = list(carried.get(index, ()))
            else:
                now = tuple(context.reported_footnotes)
                maker = context.page_maker
                changed = now != carried.get(index, ()) and index + 1 < len(maker)
                # Not a page after the last one, unless it is made for carried notes.
                if changed and (maker[index + 1][0] is not None or now):
                    maker[index + 1][-1]["content_changed"] = True
                carried[index] = now
            yield page

    return pages_with_notes
