"""What the laid-out pages of WeasyPrint show: text by page and line, and where it sits.

The PDF guards read the layout WeasyPrint computed (page boxes, line boxes, text boxes)
instead of the PDF file, so that the product needs no PDF text extractor: text that
runs beyond the printable area, a page that holds only a heading, runs of hyphenated
lines, footnotes whose note is missing, and the text a reader sees (for the leak checks of `render.guards`).

Everything here is read-only; the boxes are WeasyPrint 70's (`weasyprint.formatting_
structure.boxes`), recognised by their class names so that this module imports nothing
of WeasyPrint itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The character WeasyPrint ends an automatically hyphenated line with (print.css sets
#: `hyphenate-character` to it: PT has a glyph for it, and it tells automatic breaks
#: from the hyphens of the text).
AUTO_HYPHEN = "\u2011"
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Half a point: less than any glyph, more than rounding.
TOLERANCE_PX = 0.7


@dataclass
class Line:
    """One line of text: its text and the word it ends with when hyphenated."""

    text: str
    right: float  # right edge of its last text, CSS px from the page's left edge
    left: float
    hyphen: str = ""  # "auto" (hyphenated by WeasyPrint), "text" (a hyphen of the text)


@dataclass
class Page:
    number: int  # 1-based
    content_left: float
    content_right: float
    lines: list[Line] = field(default_factory=list)
    # Text of the page that belongs to headings, and to everything else (tables,
    # paragraphs, captions, images and drawings count as "other").
    heading_text: list[str] = field(default_factory=list)
    other_content: int = 0
    # Runs of consecutive lines of one block (paragraph, cell) ending with a hyphen.
    blocks: list[list[Line]] = field(default_factory=list)
    # Footnotes: the numbers of the calls in the text, and of the notes printed at the foot.
    footnote_calls: list[str] = field(default_factory=list)
    footnote_notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _name(box: Any) -> str:
    return type(box).__name__


def read_pages(pages: list[Any]) -> list[Page]:
    """The pages of a `weasyprint.document.Document` (its `.pages`), as `Page`s."""
    out: list[Page] = []
    for number, page in enumerate(pages, start=1):
        page_box = page._page_box
        left = float(page_box.content_box_x())
        info = Page(number, left, left + float(page_box.width))
        for child in page_box.children:
            if _name(child) in ("MarginBox",):
                continue
            _walk(child, info, in_heading=False, footnote=_name(child) == "FootnoteAreaBox")
        out.append(info)
    return out


def _walk(box: Any, page: Page, *, in_heading: bool, footnote: bool) -> None:
    tag = getattr(box, "element_tag", None) or ""
    in_heading = in_heading or tag in _HEADINGS
    kind = _name(box)
    if kind.endswith("ReplacedBox"):
        page.other_content += 1
        return
    children = getattr(box, "children", None) or []
    if children and all(_name(c) == "LineBox" for c in children):
        leaves_of = [_leaves(c) for c in children]  # each line's leaves, walked once
        lines = [ln for ln in map(_line_of, leaves_of) if ln is not None]
        page.lines.extend(lines)
        page.blocks.append(lines)
        for ln in lines:
            if not ln.text.strip():
                continue
            if in_heading:
                page.heading_text.append(ln.text)
            else:
                page.other_content += 1
        # Inline-level blocks inside the lines (inline-blocks, images) are content too.
        for leaves in leaves_of:
            for leaf in leaves:
                if _name(leaf).endswith("ReplacedBox"):
                    page.other_content += 1
                    continue
                tag = getattr(leaf, "element_tag", None) or ""
                if tag.endswith("::footnote-call"):
                    page.footnote_calls.append(_note_number(leaf.text))
                elif tag.endswith("::footnote-marker"):
                    page.footnote_notes.append(_note_number(leaf.text))
        return
    for c in children:
        _walk(c, page, in_heading=in_heading, footnote=footnote)


def _note_number(text: str) -> str:
    """ "28" of a call, "28.\u00a0" of the note's marker (print.css)."""
    return text.strip().rstrip(".").strip()


def _leaves(box: Any) -> list[Any]:
    """The boxes without children under ``box``, in document order."""
    out: list[Any] = []
    stack = [box]
    while stack:
        b = stack.pop()
        children = getattr(b, "children", None)
        if children:
            stack.extend(reversed(children))
        else:
            out.append(b)
    return out


def _line_of(leaves: list[Any]) -> Line | None:
    texts = [leaf for leaf in leaves if _name(leaf) == "TextBox"]
    if not texts:
        return None
    text = "".join(t.text for t in texts)
    right = max(float(t.position_x) + float(t.width) for t in texts)
    left = min(float(t.position_x) for t in texts)
    return Line(text, right, left, _hyphen_of(text))


def _hyphen_of(text: str) -> str:
    """ "auto" for a line WeasyPrint hyphenated, "text" for one ending with a hyphen of the
    text (part of a compound), "" otherwise."""
    stripped = text.rstrip()
    if stripped.endswith(AUTO_HYPHEN):
        return "auto"
    if stripped.endswith("-") and len(stripped) > 1 and stripped[-2].isalpha():
        return "text"
    return ""


def line_box_hyphen(line_box: Any) -> str:
    """`Line.hyphen` of a WeasyPrint line box, read while WeasyPrint lays the block out."""
    return _hyphen_of("".join(t.text for t in _leaves(line_box) if _name(t) == "TextBox"))


# ---------------------------------------------------------------- findings


@dataclass(frozen=True)
class Overflow:
    page: int
    text: str
    by_px: float


def overflows(pages: list[Page]) -> list[Overflow]:
    """Lines whose text runs beyond the left or right edge of the page's text area."""
    out: list[Overflow] = []
    for page in pages:
        for line in page.lines:
            if not line.text.strip():
                continue
            beyond = max(line.right - page.content_right, page.content_left - line.left)
            if beyond > TOLERANCE_PX:
                out.append(Overflow(page.number, line.text.strip(), beyond))
    return out


def heading_only_pages(pages: list[Page]) -> list[tuple[int, str]]:
    """(page number, heading) of every page whose only content is one or more headings."""
    return [
        (p.number, " / ".join(t.strip() for t in p.heading_text))
        for p in pages
        if p.heading_text and p.other_content == 0
    ]


@dataclass(frozen=True)
class Ladder:
    """Consecutive hyphenated lines; `words` are the automatically hyphenated words."""

    page: int
    length: int
    words: tuple[str, ...]


def ladders(pages: list[Page], longest: int = 2) -> list[Ladder]:
    """Runs of more than `longest` consecutive hyphenated lines within one block."""
    out: list[Ladder] = []
    for page in pages:
        for lines in page.blocks:
            run: list[int] = []
            for i, line in enumerate([*lines, Line("", 0, 0)]):
                if line.hyphen:
                    run.append(i)
                    continue
                if len(run) > longest:
                    words = tuple(
                        w for j in run[longest:] if (w := _hyphenated_word(lines, j)) is not None
                    )
                    out.append(Ladder(page.number, len(run), words))
                run = []
    return out


def _hyphenated_word(lines: list[Line], i: int) -> str | None:
    """The whole word an automatically hyphenated line `i` breaks ("consul" + "ted")."""
    line = lines[i]
    if line.hyphen != "auto" or i + 1 >= len(lines):
        return None
    head = line.text.rstrip().removesuffix(AUTO_HYPHEN).split()
    tail = lines[i + 1].text.split()
    if not head or not tail:
        return None
    word = head[-1] + tail[0]
    return "".join(ch for ch in word if ch.isalpha() or ch in "'’-")


def lost_footnotes(pages: list[Page]) -> list[tuple[str, int]]:
    """Footnotes called in the text whose note is printed on no page: (number, page of the
    call). WeasyPrint can drop a note that it moves to the next page while it lays the
    pages out again."""
    printed: dict[str, int] = {}
    for page in pages:
        for number in page.footnote_notes:
            printed[number] = printed.get(number, 0) + 1
    lost = []
    for page in pages:
        for number in page.footnote_calls:
            if printed.get(number, 0) > 0:
                printed[number] -= 1
            else:
                lost.append((number, page.number))
    return lost


def hyphenated_line_ends(pages: list[Page]) -> int:
    return sum(1 for p in pages for line in p.lines if line.hyphen)


def visible_text(pages: list[Page]) -> str:
    """The text a reader sees, page after page; hyphenated words are joined again."""
    out: list[str] = []
    for page in pages:
        for line in page.lines:
            text = line.text.rstrip()
            if line.hyphen == "auto":
                out.append(text.removesuffix(AUTO_HYPHEN))
            else:
                out.append(text + ("" if line.hyphen == "text" else "\n"))
        out.append("\n")
    return "".join(out)
