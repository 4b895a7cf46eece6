"""Guards that fail a build whose document a reviewer would not accept.

They read what the reader gets (the text of the HTML, the laid-out pages of the PDF)
and the model behind it, and report problems as `render.*` diagnostics (catalogued in
templates/rules/catalogue.yaml, source "project guidance"):

* render.markup-leak (error): Markdown, citation or cross-reference syntax printed as
  text (`**`, `*taxon*`, backticks, `[@key]`, `{file: ...}`, `@fig:x`, `{#tbl:x}`, `](url)`);
* render.internal-id (error): an id of the sources printed where a reader expects a
  number or a name (a figure's or table's id such as `map-overview`);
* render.table-unlisted (error): a table without number and caption, which the List of
  tables therefore cannot list;
* render.text-overflow (error, PDF): text beyond the printable area of its page;
* render.heading-alone (error, PDF): a page that holds only a heading;
* render.hyphen-ladder (warning, PDF): more than two hyphenated lines in a row that the
  hyphenation policy could not remove.

Each guard names what it found and where (page numbers for the PDF), so the author
can correct the source; none of them rewrites the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.render import problem

# What Markdown and pandoc syntax looks like when it reaches the reader as text, and the
# characters every match contains: a text without them is not searched (most patterns
# start with a character class that would be tried at every position of the document).
_LEAKS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    ("a citation key", ("@",), re.compile(r"\[-?@[\w:.#$%&+?<>~/-]+")),
    ("a cross-reference", ("@",), re.compile(r"(?<![\w@])@(?:fig|tbl|sec):[\w.()-]+")),
    ("a file reference", ("{",), re.compile(r"\{\s*file\s*:")),
    ("a caption id", ("{#",), re.compile(r"\{#(?:tbl|fig|sec):")),
    (
        "bold markers",
        ("**", "__"),
        re.compile(r"(?<![\w*])\*\*[^\s*]|[^\s*]\*\*(?![\w*])|(?<!\w)__\w|\w__(?!\w)"),
    ),
    (
        "emphasis markers",
        ("*",),
        re.compile(r"(?<![\w*\\])\*[^\s*][^*\n]{0,80}?[^\s*\\]\*(?![\w*])"),
    ),
    ("a code span", ("`",), re.compile(r"`[^`\n]{1,80}`")),
    ("a Markdown link", ("](",), re.compile(r"\]\((?:https?:|mailto:|#)")),
    ("a Markdown table rule", ("|",), re.compile(r"\|\s*:?-{3,}")),
)
_ID_SHAPE = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9]+(?:[-_][A-Za-z0-9.()]+)+$")
_SHOWN = 60


def _excerpt(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - 25), min(len(text), end + 25)
    return " ".join(text[lo:hi].split())[:_SHOWN]


def markup_leaks(text: str, where: str) -> list[Diagnostic]:
    """Markdown or pandoc syntax in the text a reader sees (one finding per kind)."""
    out: list[Diagnostic] = []
    for what, needles, pattern in _LEAKS:
        if not any(needle in text for needle in needles):
            continue
        found = list(pattern.finditer(text))
        if not found:
            continue
        first = found[0]
        more = f" ({len(found)} places)" if len(found) > 1 else ""
        out.append(
            problem(
                "render.markup-leak",
                f"{where}: {what} is printed as text{more}, e.g. "
                f"'{_excerpt(text, first.start(), first.end())}'",
                hint="Write it in the sources where Markdown is read (a prose field or a "
                "table cell of the sources), or report the field that prints it raw.",
            )
        )
    return out


def internal_ids(doc: m.Document) -> set[str]:
    """Ids of the sources that a reader must never see (figures, tables, anchors)."""
    ids = {f.id for f in doc.figures} | {t.id for t in doc.tables if t.id}
    ids |= set(doc.anchors)
    ids |= {s.id for s in doc.all_sections()}
    return {i for i in ids if len(i) >= 5 and _ID_SHAPE.match(i)}


def id_leaks(text: str, ids: Iterable[str], where: str) -> list[Diagnostic]:
    """The ``ids`` printed in ``text``; only ids of the shape `internal_ids` keeps (a word
    with a hyphen or an underscore) are looked for, never a word-like id."""
    wanted = sorted({i for i in ids if _ID_SHAPE.match(i)}, key=len, reverse=True)
    if not wanted:
        return []
    # Every id has the shape of _ID_SHAPE: the lookahead skips, at C speed, the positions
    # where no word with a hyphen or an underscore starts, before the long alternation.
    pattern = re.compile(
        r"(?<![\w-])(?=[A-Za-z0-9]+[-_])(?:" + "|".join(map(re.escape, wanted)) + r")(?![\w-])"
    )
    found = sorted({mt.group(0) for mt in pattern.finditer(text)})
    if not found:
        return []
    return [
        problem(
            "render.internal-id",
            f"{where}: internal id(s) printed where a reader expects a number or a name: "
            + ", ".join(f"'{x}'" for x in found[:8]),
            hint="Refer to figures and tables with @fig:ID / @tbl:ID (printed as "
            "'Figure 3, p. 41'); ids are for the sources only.",
        )
    ]


def unlisted_tables(doc: m.Document) -> list[Diagnostic]:
    """Tables of the document that have no number or caption (the list cannot show them)."""
    listed = {t.id for t in doc.tables if t.number and t.caption}
    out: list[Diagnostic] = []
    for sec in doc.all_sections():
        for block in m.walk_blocks(sec.blocks):
            if isinstance(block, m.Table) and (
                not block.number or not block.caption or block.id not in listed
            ):
                first = " | ".join(m.plain_text(c.inlines, doc) for c in block.header).strip(" |")
                out.append(
                    problem(
                        "render.table-unlisted",
                        f"{sec.heading}: a table has no caption and is not in the List of "
                        f"tables (columns: {first or 'none'})",
                        hint="Give the table a caption: 'Table: what it shows' just before "
                        "or after it in the Markdown.",
                    )
                )
    return out


def check_text(doc: m.Document, text: str, where: str) -> list[Diagnostic]:
    """The guards on the text a reader gets, and on the tables of the model."""
    return [
        *markup_leaks(text, where),
        *id_leaks(text, internal_ids(doc), where),
        *unlisted_tables(doc),
    ]


def model_text(doc: m.Document) -> str:
    """The text of the model as any renderer prints it (for outputs read back as text
    nowhere else, such as the Word document)."""
    out: list[str] = []

    def blocks(bs: Iterable[m.Block]) -> None:
        for b in bs:
            if isinstance(b, m.Para | m.Heading):
                out.append(m.plain_text(b.inlines, doc))
            elif isinstance(b, m.ListBlock):
                for item in b.items:
                    blocks(item)
            elif isinstance(b, m.Quote):
                blocks(b.blocks)
            elif isinstance(b, m.Table):
                out.append(m.plain_text(b.caption, doc))
                for row in (b.header, *b.rows):
                    out.append(" | ".join(m.plain_text(c.inlines, doc) for c in row))
            elif isinstance(b, m.Figure):
                out.append(m.plain_text(b.caption, doc) + " " + b.credit)
            elif isinstance(b, m.Notice):
                out.append(b.text)

    for sec in doc.all_sections():
        out.append(sec.heading)
        blocks(sec.blocks)
    for note in doc.footnotes:
        blocks(note.blocks)
    out.extend(m.plain_text(e.inlines, doc) for e in doc.bibliography)
    return "\n".join(out)


# ---------------------------------------------------------------- HTML text


class _TextOf(HTMLParser):
    """The text of an HTML document as a reader sees it (no styles, no attributes)."""

    _SKIP = frozenset({"style", "script", "title", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in ("p", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "div"):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html_text_value: str) -> str:
    parser = _TextOf()
    parser.feed(html_text_value)
    parser.close()
    return "".join(parser.parts)


# ---------------------------------------------------------------- PDF layout


def layout_problems(pages: list[object]) -> list[Diagnostic]:
    """Overflowing text and heading-only pages of the laid-out PDF (render.layout pages)."""
    from dossier.render import layout

    read = [p for p in pages if isinstance(p, layout.Page)]
    out: list[Diagnostic] = []
    found = layout.overflows(read)
    if found:
        pages_hit = sorted({o.page for o in found})
        worst = max(found, key=lambda o: o.by_px)
        out.append(
            problem(
                "render.text-overflow",
                f"text runs beyond the printable area on page(s) "
                f"{', '.join(map(str, pages_hit[:12]))}: e.g. p. {worst.page} "
                f"'{worst.text[:_SHOWN]}' by {worst.by_px * 0.75:.1f} pt",
                hint="A word too long for its line (an address, a code): the stylesheet "
                "breaks links and narrow cells; report the case if it persists.",
            )
        )
    for number, heading in layout.heading_only_pages(read):
        out.append(
            problem(
                "render.heading-alone",
                f"page {number} holds only a heading: '{heading[:_SHOWN]}'",
                hint="The heading should stand with the text or figure that follows it.",
            )
        )
    lost = layout.lost_footnotes(read)
    if lost:
        out.append(
            problem(
                "render.footnote-lost",
                f"the text of footnote(s) {', '.join(n for n, _ in lost[:12])} is missing from "
                f"the PDF (called on page(s) {', '.join(str(p) for _, p in lost[:12])}): the "
                "layout engine dropped the note it moved to the next page",
                hint="Move the note's call a sentence earlier or later, or shorten the note; "
                "report the case to dossier's maintainers.",
            )
        )
    runs = layout.ladders(read)
    if runs:
        on_pages = ", ".join(str(p) for p in sorted({r.page for r in runs})[:12])
        out.append(
            problem(
                "render.hyphen-ladder",
                f"{len(runs)} run(s) of more than two hyphenated lines remain, on page(s) {on_pages}",
                severity=Severity.WARNING,
                hint="Rephrase the paragraph. A line that ends at a hyphen of the text (as in "
                "'long-standing') may break there whatever the hyphenation policy: write that "
                "hyphen as a non-breaking hyphen (U+2011) to keep the word on one line.",
            )
        )
    return out
