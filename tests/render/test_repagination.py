"""render.repagination: footnotes carried to the next page are part of that page's input
in WeasyPrint's repagination rounds. WeasyPrint's page loop is played by a stand-in that
re-makes a page only when its `content_changed` flag is set, as WeasyPrint 70's does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dossier.render import repagination


class Context:
    def __init__(self, pages: int) -> None:
        self.reported_footnotes: list[str] = []
        # (resume_at, next_page, right_page, page_state, remake_state) per page, and one
        # for after the last page.
        self.page_maker: list[list[Any]] = [
            [None if i == pages else i, {}, True, {}, {"content_changed": False}]
            for i in range(pages + 1)
        ]


def page_loop(carries: list[list[str]], made: list[int]) -> Any:
    """A stand-in for WeasyPrint's make_all_pages: page i, when made, carries carries[i]."""

    def make_all_pages(
        context: Context, root_box: Any, html: Any, pages: list[Any]
    ) -> Iterator[Any]:
        for i, carry in enumerate(carries):
            state = context.page_maker[i][-1]
            if not pages or state["content_changed"]:
                state["content_changed"] = False
                context.reported_footnotes = list(carry)
                made.append(i)
                yield object()
            else:
                yield pages[i]

    return make_all_pages


def test_a_page_after_one_that_now_carries_a_note_is_made_again() -> None:
    context = Context(3)
    made: list[int] = []
    first = list(
        repagination._with_carried_footnotes(page_loop([[], [], []], made))(context, None, None, [])
    )
    assert made == [0, 1, 2]
    # Second round: page 1 (index 0) is re-made and now carries note 34 to the next page.
    context.page_maker[0][-1]["content_changed"] = True
    made.clear()
    second = list(
        repagination._with_carried_footnotes(page_loop([["34"], [], []], made))(
            context, None, None, first
        )
    )
    assert made == [0, 1]  # the next page is laid out again, with the note
    assert second[2] is first[2]
    # Without the wrapper, WeasyPrint reused the next page: the note was printed nowhere.
    context.page_maker[0][-1]["content_changed"] = True
    made.clear()
    list(page_loop([["34"], [], []], made)(context, None, None, first))
    assert made == [0]


def test_a_reused_page_still_carries_its_notes_to_the_next() -> None:
    context = Context(2)
    made: list[int] = []
    wrapped = repagination._with_carried_footnotes(page_loop([["81"], []], made))
    first = list(wrapped(context, None, None, []))
    context.reported_footnotes = []
    seen: list[list[str]] = []
    for page in repagination._with_carried_footnotes(page_loop([["81"], []], made))(
        context, None, None, first
    ):
        seen.append(list(context.reported_footnotes))
        assert page in first
    # Page 1 was reused: what it carries is given back to the page after it.
    assert seen[0] == ["81"]


def test_the_page_loop_is_restored_after_the_layout() -> None:
    from weasyprint import layout

    before = layout.make_all_pages
    with repagination.carried_footnotes():
        assert layout.make_all_pages is not before
    assert layout.make_all_pages is before
