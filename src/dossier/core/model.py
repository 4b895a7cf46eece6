"""The document model every renderer consumes: data, plus `plain_text` to read it.

assemble.py builds it from validated sources and a format profile; render/html.py,
render/pdf.py and render/docx.py walk it. Nothing here knows about YAML or files
other than the resolved paths of images.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dossier.core.diagnostics import Diagnostic

# ---------------------------------------------------------------- inline content


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Styled:
    """Emphasis and friends: style is one of i, b, code, sup, sub, sc, s, and name (a proper
    name or taxon from the sources: never hyphenated). A redline (dossier.diff.redline) also
    marks text inserted (ins) or deleted (del) since an earlier draft."""

    style: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Citation:
    """A citation cluster; its formatted text is Document.citations[index].

    Formatting needs every cluster of the document at once (disambiguation), so
    prose parsing records clusters and assemble formats them afterwards.
    """

    index: int
    keys: tuple[str, ...]


@dataclass(frozen=True)
class XRef:
    """A reference to a figure, table or section, resolved by assemble.

    label is e.g. 'Figure 3'; target is the anchor id; renderers add the page number
    where they can ('Figure 3, p. 41').
    """

    kind: str  # fig | tbl | sec
    target: str  # anchor id; its label ("Figure 3") is Document.labels_of[target]


@dataclass(frozen=True)
class FootnoteRef:
    number: int


@dataclass(frozen=True)
class LineBreak:
    pass


Inline = Text | Styled | Link | Citation | XRef | FootnoteRef | LineBreak

# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Para:
    inlines: tuple[Inline, ...]
    lang: str | None = None


@dataclass(frozen=True)
class Heading:
    """A heading inside prose (below the official section headings)."""

    level: int  # 1 = first level inside the section
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CodeBlock:
    text: str


@dataclass(frozen=True)
class Cell:
    inlines: tuple[Inline, ...]
    align: str | None = None  # left | right | center
    # Key/value tables and totals rows set this to render the cell in bold.
    header: bool = False


@dataclass(frozen=True)
class Table:
    """A numbered table (when id is set) or a plain table from Markdown prose."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    id: str | None = None
    number: int | None = None
    caption: tuple[Inline, ...] = ()
    widths: tuple[float, ...] = ()  # relative column widths, optional
    kind: str = "data"  # data | keyvalue


@dataclass(frozen=True)
class Figure:
    id: str
    number: int
    caption: tuple[Inline, ...]
    alt: str
    # Exactly one of path (an image file inside the dossier) or svg (drawn by dossier).
    path: Path | None = None
    svg: str | None = None
    credit: str = ""
    # A map drawn at a stated scale: (width, height) in mm on paper, and the page it needs
    # ("a4-landscape", "a3-landscape"). Renderers print it exactly this size on that page,
    # so that the scale ratio written in the map is true; None for ordinary figures.
    print_size_mm: tuple[float, float] | None = None
    page: str | None = None


@dataclass(frozen=True)
class Notice:
    """A visible marker: 'missing' (required, not provided), 'not-provided' (optional, not
    given), 'not-applicable' (the author's statement), 'illustrative', 'note'."""

    kind: str
    text: str


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Revised:
    """Blocks of a redline (dossier.diff.redline) that changed since an earlier draft: kind is
    ins (new), del (deleted), changed (edited in place; the edits are ins/del inside),
    moved-to (moved here) or moved-from (moved away). Renderers mark them, e.g. with a change
    bar; ``note`` says where a moved block went or came from ("Moved to 3.2")."""

    kind: str
    blocks: tuple[Block, ...]
    note: str = ""


Block = (
    Para | Heading | ListBlock | Quote | CodeBlock | Table | Figure | Notice | PageBreak | Revised
)

# ---------------------------------------------------------------- structure


@dataclass(frozen=True)
class Footnote:
    number: int
    blocks: tuple[Block, ...]


@dataclass
class Section:
    id: str  # anchor, e.g. "sec-3.1.b"
    number: str  # "3.1.b", "" for unnumbered sections
    title: str
    level: int  # 1 = chapter
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    required: bool = False
    status: str = "complete"  # complete | missing | not-applicable | empty (optional, not given)
    page_break: bool = False
    # Printed before the table of contents (the Executive Summary): `front: true` in the profile.
    front: bool = False

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def walk(self) -> list[Section]:
        out = [self]
        for c in self.children:
            out.extend(c.walk())
        return out


@dataclass(frozen=True)
class BibEntry:
    key: str
    inlines: tuple[Inline, ...]
    lang: str | None = None  # language of the work (CSL `language`), e.g. "ru", "kk", "ar"


@dataclass
class Document:
    doc: str  # nomination | preliminary-assessment | tentative-list
    lang: str  # en | fr
    profile: str  # e.g. annex5-2023
    title: str  # document type title, e.g. "Nomination for inscription on the World Heritage List"
    property_name: str
    short_name: str
    states_parties: list[str]
    region: str
    date: str  # ISO date from the sources, never the clock
    date_text: str  # as printed on the cover
    category: str
    illustrative: bool
    cover_lines: list[tuple[str, str]]  # (label, value) shown on the cover
    sections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    bibliography: list[BibEntry] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # UI words in the document language
    # Anchor id -> "Figure 3" / "Table 2" / "Section 3.2", for cross-references.
    anchors: dict[str, str] = field(default_factory=dict)
    # Formatted citation clusters, indexed by Citation.index.
    citations: list[tuple[Inline, ...]] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    # A redline (dossier.diff.redline): what the changes are marked against, e.g. "the draft
    # of 2025-03-01 (v1)"; "" for an ordinary document.
    changes_since: str = ""
    # Findings made while assembling (e.g. a map label that could not be placed);
    # reported with the renderers' findings.
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def all_sections(self) -> list[Section]:
        out: list[Section] = []
        for s in self.sections:
            out.extend(s.walk())
        return out

    def running_title(self, chapter: Section) -> str:
        """What the running header names on the pages of `chapter`: its heading, or the
        document's title when chapters follow one another on a page (the short Tentative
        List form), where a page may hold the end of one chapter and the start of another."""
        if any(not s.page_break for s in self.sections):
            return self.title
        return chapter.heading


def walk_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every block in reading order, with those nested in quotations and list items."""
    for b in blocks:
        yield b
        if isinstance(b, Quote):
            yield from walk_blocks(b.blocks)
        elif isinstance(b, ListBlock):
            for item in b.items:
                yield from walk_blocks(item)


def plain_text(inlines: Sequence[Inline], doc: Document | None = None) -> str:
    """The text of inline content without markup: for captions in lists, alt text, TOC
    entries. With ``doc``, citations and cross-references print their formatted labels."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Styled | Link):
            parts.append(plain_text(node.children, doc))
        elif isinstance(node, LineBreak):
            parts.append(" ")
        elif isinstance(node, Citation) and doc is not None:
            if 0 <= node.index < len(doc.citations):
                parts.append(plain_text(doc.citations[node.index], doc))
            else:
                parts.append("(" + "; ".join(node.keys) + ")")
        elif isinstance(node, XRef) and doc is not None:
            parts.append(doc.anchors.get(node.target, node.target))
    return "".join(parts)
