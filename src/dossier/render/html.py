"""Document model -> one self-contained HTML file (screen), or the print variant for WeasyPrint.

`render(doc)` is pure: it reads only the image files named by the model (to embed them)
and the package's own templates and stylesheets. Every piece of text goes through
jinja2's autoescaping; the only markup not produced by the templates is the stylesheet
(a package file) and SVG figures, which are parsed, filtered against an allow-list and
re-serialised here (every text and attribute value escaped again), never passed through.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from dossier.core import memo
from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.core.resources import templates_dir
from dossier.render import maplist, problem, raise_on_errors

#: Virtual base of the print variant: `dossier:/media/a.png` is the file media/a.png of the
#: dossier, served by `render.fetch`. A fixed base keeps PDF bytes independent of the folder.
DOSSIER_SCHEME = "dossier:"
#: Package resources (fonts, stylesheets): `dossier-pkg:/fonts/PTSerif-Regular.ttf`.
PACKAGE_SCHEME = "dossier-pkg:"
BASE_URL = "dossier:/"

SERIF = "'Dossier Serif', 'Dossier Fallback Serif', 'Dossier Fallback Arabic'"
SANS = "'Dossier Sans', 'Dossier Fallback Sans', 'Dossier Fallback Arabic'"

# Words the templates need that labels.yaml may not have (yet), per language.
FALLBACK_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "notes": "Notes",
        "illustrative_short": "Illustrative – not an official document",
        "image_unavailable": "Image not available",
        "navigation": "Contents",
        "contents": "Contents",
        "list_of_figures": "List of figures",
        "list_of_tables": "List of tables",
        "figure": "Figure",
        "table": "Table",
        "page": "p.",
        "page_word": "Page",
        "of": "of",
        "bibliography_empty": "No bibliography is given.",
        "back_to_text": "back to the text",
    },
    "fr": {
        "notes": "Notes",
        "illustrative_short": "Illustratif – document non officiel",
        "image_unavailable": "Image non disponible",
        "navigation": "Sommaire",
        "contents": "Table des matières",
        "list_of_figures": "Liste des figures",
        "list_of_tables": "Liste des tableaux",
        "figure": "Figure",
        "table": "Tableau",
        "page": "p.",
        "page_word": "Page",
        "of": "sur",
        "bibliography_empty": "Aucune bibliographie n'est donnée.",
        "back_to_text": "retour au texte",
    },
}

_STYLE_TAGS = {
    "i": "em",
    "b": "strong",
    "code": "code",
    "sup": "sup",
    "sub": "sub",
    "sc": "span",
    "s": "s",
    "name": "span",
    "ins": "ins",
    "del": "del",
}
_STYLE_CLASSES = {"sc": "sc", "name": "pn"}
_REVISION_KINDS = {"ins", "del", "changed", "moved-to", "moved-from"}
_NOTICE_KINDS = {"missing", "not-provided", "not-applicable", "illustrative", "note"}
_ALIGN = {"left", "right", "center"}
# Characters of the running header: the left and right boxes share one line of 8 pt
# type (about 115 characters of PT Sans across the text width).
_RUNNING_MAX = 64
_RUNNING_NAME_MAX = 36


def _shorten(text: str, limit: int) -> str:
    """`text`, or its first words and an ellipsis when longer than `limit` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "\u2026"


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
_URL_BREAK = re.compile(r"(?<=[/?&=#])(?!/)|(?=%[0-9A-Fa-f]{2})")
# Primes of coordinates, drawn with PT's own straight marks (PT has no U+2032/U+2033).
_PRINT_GLYPHS = str.maketrans({"\u2032": "'", "\u2033": '"'})


def _with_leading_space(node: m.Inline) -> m.Inline | None:
    """`node` with a space before its first text, or None when it has no text to hold it."""
    if not isinstance(node, m.Styled | m.Link) or not node.children:
        return None
    first = node.children[0]
    if isinstance(first, m.Text):
        new_first: m.Inline | None = m.Text(" " + first.text)
    else:
        new_first = _with_leading_space(first)
    if new_first is None:
        return None
    return replace(node, children=(new_first, *node.children[1:]))


def _breakable_url(url: str) -> str:
    """A web address with zero-width spaces where a line may break (after / ? & = #, and
    before each %XX escape), except inside '//'."""
    head, sep, rest = url.partition("://")
    if not sep:
        head, rest = "", url
    return head + sep + _URL_BREAK.sub("\u200b", rest)


_LINK_RE = re.compile(r"^(https?://|mailto:)[^\s<>\"]+$", re.IGNORECASE)
_RASTER = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


# ---------------------------------------------------------------- public API


def render(doc: m.Document, *, for_pdf: bool = False, root: Path | None = None) -> str:
    """The HTML of `doc`: the screen file, or (for_pdf) the print variant WeasyPrint lays out.

    `root` is the dossier folder. When given, images must lie inside it; the print variant
    then refers to them as `dossier:/relative/path` (served by `render.fetch`) instead of
    embedding them. Raises RenderError when an image cannot be used.
    """
    text, diagnostics = render_with_diagnostics(doc, for_pdf=for_pdf, root=root)
    raise_on_errors(diagnostics)
    return text


def render_with_diagnostics(
    doc: m.Document, *, for_pdf: bool = False, root: Path | None = None
) -> tuple[str, list[Diagnostic]]:
    """Like `render`, but returns the problems (errors included) instead of raising."""
    view = _View(doc, for_pdf=for_pdf, root=root.resolve() if root is not None else None)
    template = _env().get_template("document.html.j2")
    text = template.render(doc=doc, v=view, for_pdf=for_pdf)
    view.check_xrefs()
    if not for_pdf:  # the PDF is checked on its laid-out pages (render.pdf)
        from dossier.render import guards

        view.diagnostics.extend(guards.check_text(doc, guards.html_text(text), "HTML"))
    return text, view.diagnostics


# ---------------------------------------------------------------- jinja environment


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "html")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


@cache
def stylesheet(name: str) -> str:
    """A package stylesheet (templates/css/NAME), trusted text."""
    return (templates_dir() / "css" / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- view helpers


@dataclass
class _View:
    """What the templates call: lookups and decisions kept out of the template language."""

    doc: m.Document
    for_pdf: bool
    root: Path | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _footnotes_done: set[int] = field(default_factory=set)
    _xrefs: list[tuple[str, str]] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._footnotes = {f.number: f for f in self.doc.footnotes}
        self._ids = {s.id for s in self.doc.all_sections()}
        self._maplists = maplist.MapLists(self.doc)
        # Prose headings of a section are shifted so that its highest one is level 1:
        # authors write "### Climate" under 2.a as often as "# Climate".
        self._levels: dict[int, int] = {}
        for sec in self.doc.all_sections():
            headings: list[m.Heading] = []
            for block in _walk_blocks(sec.blocks):
                if isinstance(block, m.Figure):
                    self._ids.add(f"fig-{block.id}")
                elif isinstance(block, m.Table) and block.id:
                    self._ids.add(f"tbl-{block.id}")
                elif isinstance(block, m.Heading):
                    headings.append(block)
            if headings:
                top = min(h.level for h in headings)
                for h in headings:
                    self._levels[id(h)] = max(1, h.level - top + 1)

    # -- words
    def label(self, key: str) -> str:
        value = self.doc.labels.get(key)
        if value:
            return value
        table = FALLBACK_LABELS.get(self.doc.lang, FALLBACK_LABELS["en"])
        return table.get(key) or FALLBACK_LABELS["en"].get(key, key)

    def css(self) -> Markup:
        name = "print.css" if self.for_pdf else "screen.css"
        text = stylesheet(name)
        if self.doc.changes_since:  # a redline: its marks and change bars, added last
            text += "\n" + stylesheet("redline.css")
        # A package file, never user text; `</` cannot close the style element early.
        return Markup(text.replace("</", "<\\/"))

    # -- metadata
    def title(self) -> str:
        parts = [p for p in (self.doc.property_name, self.doc.title) if p]
        return " – ".join(parts)

    def subject(self) -> str:
        sps = ", ".join(self.doc.states_parties)
        return f"{self.doc.title} ({sps})" if sps else self.doc.title

    def keywords(self) -> str:
        words = list(self.doc.keywords) or [
            "World Heritage" if self.doc.lang != "fr" else "patrimoine mondial",
            self.doc.property_name,
            *self.doc.states_parties,
            self.doc.region,
        ]
        return ", ".join(dict.fromkeys(w for w in words if w))

    def created(self) -> str:
        return self.doc.date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.doc.date or "") else ""

    # -- structure
    def front_sections(self) -> list[m.Section]:
        """The chapters printed before the table of contents (the Executive Summary)."""
        out: list[m.Section] = []
        for sec in self.doc.sections:
            if not sec.front:
                break
            out.append(sec)
        return out

    def body_sections(self) -> list[m.Section]:
        return self.doc.sections[len(self.front_sections()) :]

    def all_sections(self) -> list[m.Section]:
        return self.doc.all_sections()

    def placed_figures(self) -> list[m.Figure]:
        return [f for f in self.doc.figures if f"fig-{f.id}" in self._ids]

    def numbered_tables(self) -> list[m.Table]:
        return [t for t in self.doc.tables if t.id and t.number and f"tbl-{t.id}" in self._ids]

    def cover_lines(self) -> list[tuple[str, str]]:
        """The cover's label/value lines, less those printed on their own (States Parties, date)."""
        shown = {", ".join(self.doc.states_parties), self.doc.date_text}
        return [(k, v) for k, v in self.doc.cover_lines if v and v not in shown]

    def kind(self, node: object) -> str:
        return type(node).__name__

    def heading_tag(self, sec: m.Section) -> str:
        return f"h{min(max(sec.level, 1), 6)}"

    def prose_level(self, heading: m.Heading) -> int:
        return self._levels.get(id(heading), max(1, heading.level))

    def prose_heading_tag(self, depth: int, level: int) -> str:
        return f"h{min(max(depth + level, 2), 6)}"

    def style_tag(self, style: str) -> str:
        return _STYLE_TAGS.get(style, "span")

    def style_class(self, style: str) -> str:
        return _STYLE_CLASSES.get(style, "")

    def align(self, cell: m.Cell) -> str:
        return cell.align if cell.align in _ALIGN else ""

    def cell_classes(self, cell: m.Cell, wide: bool, row_header: bool = False) -> str:
        """Classes of a body cell: bold, alignment, and 'wide' (a column wide enough to
        hyphenate; narrow columns never are). A row header is bold and unhyphenated anyway."""
        classes = []
        if cell.header and not row_header:
            classes.append("strong")
        if self.align(cell):
            classes.append(f"al-{self.align(cell)}")
        if wide and not row_header:
            classes.append("wide")
        return " ".join(classes)

    def wide_columns(self, table: m.Table) -> set[int]:
        """Columns that take at least 40 % of the table's width (by the model's widths,
        or by an even share when it gives none)."""
        ncols = max([len(table.header), *(len(r) for r in table.rows)], default=0)
        if not ncols:
            return set()
        widths = [float(w) for w in self.col_widths(table)] or [100 / ncols] * ncols
        return {i for i, w in enumerate(widths) if w >= 40}

    def running_title(self, sec: m.Section) -> str:
        """The chapter's heading for the running header (right), on one line."""
        return _shorten(self.doc.running_title(sec), _RUNNING_MAX)

    def running_name(self) -> str:
        """The property's short name for the running header (left), on one line."""
        return _shorten(self.doc.short_name or self.doc.property_name, _RUNNING_NAME_MAX)

    def section_maps(self, blocks: Sequence[m.Block]) -> tuple[m.Inline, ...]:
        """In the PDF, a section that opens with a map lists its maps under its heading:
        each map needs a landscape page of its own, and the heading must not stand alone
        on the page before them (see render.maplist)."""
        return self._maplists.for_section(blocks) if self.for_pdf else ()

    def maps_after(self, blocks: Sequence[m.Block], i: int) -> tuple[m.Inline, ...]:
        """In the PDF, the run of maps that directly follows a prose heading, as a list."""
        return self._maplists.after(blocks, i) if self.for_pdf else ()

    def listed(self, block: m.Block) -> bool:
        """A reference to an earlier map that a list of maps already printed."""
        return self._maplists.listed(block)

    def inline_nodes(self, nodes: Sequence[m.Inline]) -> list[tuple[str, m.Inline, str]]:
        """Inline content as printed: each node with its kind (the template branches on it)
        and, for a text, the text as printed (`text`); one call for the whole run instead
        of two for each node. In the PDF, a space before an element (emphasis,
        a link) goes inside that element: WeasyPrint 70 breaks a line at the wrong place
        when a text ending with a space is followed by an element that does not fit
        (a line of a bibliography entry held only its first word)."""
        out = list(nodes)
        if self.for_pdf:
            for i in range(len(out) - 1):
                cur, nxt = out[i], out[i + 1]
                if isinstance(cur, m.Text) and cur.text.endswith(" "):
                    moved = _with_leading_space(nxt)
                    if moved is not None:
                        out[i], out[i + 1] = m.Text(cur.text.rstrip(" ")), moved
        return [
            ("Text", n, self.text(n.text)) if isinstance(n, m.Text) else (type(n).__name__, n, "")
            for n in out
        ]

    def text(self, value: str) -> str:
        """Text as printed: in the PDF, web addresses get break points after their
        slashes, and primes (which PT lacks) are PT's straight marks."""
        if not self.for_pdf:
            return value
        if "://" in value or "www." in value:
            value = _URL.sub(lambda mt: _breakable_url(mt.group(0)), value)
        if "\u2032" in value or "\u2033" in value:  # rare: translate() reads every character
            value = value.translate(_PRINT_GLYPHS)
        return value

    def revision_kind(self, kind: str) -> str:
        return kind if kind in _REVISION_KINDS else "changed"

    def notice_kind(self, kind: str) -> str:
        return kind if kind in _NOTICE_KINDS else "note"

    def has_header(self, table: m.Table) -> bool:
        return any(m.plain_text(c.inlines).strip() for c in table.header)

    def table_class(self, table: m.Table) -> str:
        kind = table.kind if table.kind in ("data", "keyvalue", "signature") else "data"
        classes = ["tbl", f"tbl-{kind}"]
        if table.id is None:
            classes.append("tbl-prose")
        return " ".join(classes)

    def col_widths(self, table: m.Table) -> list[str]:
        ws = [w for w in table.widths if w > 0]
        ncols = max([len(table.header), *(len(r) for r in table.rows)], default=0)
        if not ws or len(ws) != len(table.widths) or len(ws) != ncols:
            return []
        total = sum(ws)
        return [f"{100 * w / total:.2f}" for w in ws]

    # -- inline references
    def href(self, url: str) -> str:
        """A link target that is safe to print: http(s), mailto or an anchor; else ''."""
        url = url.strip()
        if url.startswith("#") and url[1:] in self._ids:
            return url
        return url if _LINK_RE.match(url) else ""

    def citation(self, cite: m.Citation) -> tuple[m.Inline, ...]:
        if 0 <= cite.index < len(self.doc.citations):
            return self.doc.citations[cite.index]
        return (m.Text("(" + "; ".join(cite.keys) + ")"),)

    def xref(self, ref: m.XRef) -> tuple[str, bool]:
        """(label, linkable): the label of the target and whether it exists in this document."""
        label = self.doc.anchors.get(ref.target, "")
        self._xrefs.append((ref.target, label))
        return (label or ref.target), bool(label) and ref.target in self._ids

    def check_xrefs(self) -> None:
        seen: set[str] = set()
        for target, label in self._xrefs:
            if target in seen or (label and target in self._ids):
                continue
            seen.add(target)
            why = "has no label" if not label else "is not in this document"
            self.diagnostics.append(
                problem(
                    "render.xref-unresolved",
                    f"cross-reference to {target!r} {why}; it is printed without a link",
                    severity=Severity.WARNING,
                )
            )

    # -- footnotes
    def footnote_first(self, number: int) -> bool:
        """True the first time a footnote is called: its text goes there (print variant)."""
        if number in self._footnotes_done or number not in self._footnotes:
            return False
        self._footnotes_done.add(number)
        return True

    def footnote_blocks(self, number: int) -> tuple[m.Block, ...]:
        fn = self._footnotes.get(number)
        return fn.blocks if fn else ()

    def footnotes(self) -> list[m.Footnote]:
        return sorted(self.doc.footnotes, key=lambda f: f.number)

    def plain(self, nodes: Sequence[m.Inline]) -> str:
        return m.plain_text(nodes, self.doc)

    def block_text(self, block: m.Block) -> str:
        return " ".join(_block_texts(block, self))

    # -- figures
    def svg(self, fig: m.Figure) -> Markup:
        text = fig.svg or ""
        clean, removed = _sanitized(text, None if self.for_pdf else "screen")
        self._report_svg(list(removed), f"figure {fig.id!r}", None)
        if self.for_pdf:  # PT's straight marks for primes, as in the text (see `text`)
            clean = clean.replace("\u2032", "'").replace("\u2033", "&#34;")
        return Markup(clean)

    def image_src(self, fig: m.Figure) -> str:
        """URL of an image figure, or '' (and a diagnostic) when it cannot be used."""
        if fig.path is None:
            return ""
        path = Path(fig.path)
        shown = self._shown_path(path)
        if self.root is not None:
            try:
                rel = path.resolve().relative_to(self.root)
            except (ValueError, OSError):
                rel = None
            if rel is None:
                if self.for_pdf:
                    # Let the fetcher refuse it: it is the one place that decides.
                    return path.resolve().as_uri()
                self.diagnostics.append(
                    problem(
                        "render.resource-refused",
                        f"image {str(path)!r} of figure {fig.id!r} is outside the dossier folder; "
                        "it was not embedded",
                        hint="Copy the image into the dossier folder and refer to it there.",
                    )
                )
                return ""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.diagnostics.append(
                problem(
                    "render.resource-missing",
                    f"image of figure {fig.id!r} cannot be read: {exc.strerror or exc}",
                    file=shown,
                )
            )
            return ""
        mime = sniff_image(data, path.name)
        if mime is None:
            self.diagnostics.append(
                problem(
                    "render.image-unreadable",
                    f"image of figure {fig.id!r} is not a PNG, JPEG, GIF, WebP or SVG file",
                    file=shown,
                    hint="Convert it to PNG or JPEG.",
                )
            )
            return ""
        if mime == "image/svg+xml":
            clean, removed = sanitize_svg(
                data.decode("utf-8", "replace"), fonts=None if self.for_pdf else "screen"
            )
            self._report_svg(removed, f"figure {fig.id!r}", shown)
            return data_uri("image/svg+xml", clean.encode("utf-8"))
        if self.for_pdf and self.root is not None:
            return DOSSIER_SCHEME + "/" + "/".join(_quote(p) for p in rel.parts)  # type: ignore[union-attr]
        return data_uri(mime, data)

    def _shown_path(self, path: Path) -> str:
        if self.root is not None:
            try:
                return path.resolve().relative_to(self.root).as_posix()
            except (ValueError, OSError):
                pass
        return path.name

    def _report_svg(self, removed: list[str], what: str, file: str | None) -> None:
        if removed:
            self.diagnostics.append(
                problem(
                    "render.svg-unsafe",
                    f"SVG of {what}: removed {', '.join(sorted(set(removed)))}",
                    severity=Severity.WARNING,
                    file=file,
                    hint="SVG figures may not hold scripts, external links or external resources.",
                )
            )


# ---------------------------------------------------------------- helpers


def _walk_blocks(blocks: Iterable[m.Block]) -> Iterable[m.Block]:
    for b in blocks:
        yield b
        if isinstance(b, m.Quote | m.Revised):
            yield from _walk_blocks(b.blocks)
        elif isinstance(b, m.ListBlock):
            for item in b.items:
                yield from _walk_blocks(item)


def _block_texts(block: m.Block, view: _View) -> list[str]:
    if isinstance(block, m.Para | m.Heading):
        return [m.plain_text(block.inlines, view.doc)]
    if isinstance(block, m.ListBlock):
        return [t for item in block.items for b in item for t in _block_texts(b, view)]
    if isinstance(block, m.Quote | m.Revised):
        return [t for b in block.blocks for t in _block_texts(b, view)]
    if isinstance(block, m.CodeBlock | m.Notice):
        return [block.text]
    if isinstance(block, m.Table):
        return [" ".join(m.plain_text(c.inlines, view.doc) for c in row) for row in block.rows]
    return []


def _quote(part: str) -> str:
    from urllib.parse import quote

    return quote(part, safe="-._~!$&'()*+,;=@")


def data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def sniff_image(data: bytes, name: str = "") -> str | None:
    """MIME type of an image from its first bytes (the name only helps for SVG)."""
    for magic, mime in _RASTER.items():
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if name.lower().endswith(".svg") or head.startswith((b"<svg", b"<?xml")):
        return "image/svg+xml" if b"<svg" in data[:65536].lower() else None
    return None


# ---------------------------------------------------------------- SVG sanitising

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_SVG_ELEMENTS = frozenset(
    (
        *("svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle"),
        *("ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath", "clipPath"),
        *("mask", "linearGradient", "radialGradient", "stop", "pattern", "marker", "image"),
        *("style", "switch", "filter", "feBlend", "feColorMatrix", "feComponentTransfer"),
        *("feComposite", "feFlood", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology"),
        *("feOffset", "feTile", "feFuncR", "feFuncG", "feFuncB", "feFuncA"),
    )
)
# Elements dropped with their content, silently: editor metadata, not a risk.
_SVG_QUIET = frozenset({"metadata", "namedview", "sodipodi:namedview"})
_URL_RE = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)
_FONT_DECL_RE = re.compile(r"(font-family\s*:\s*)([^;}\"]+|\"[^\"]*\")", re.IGNORECASE)
_DOCTYPE_RE = re.compile(r"<!DOCTYPE[^\[>]*>", re.IGNORECASE)
_DATA_IMAGE_RE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$")


def font_stack(value: str, mode: str | None) -> str:
    """Map an SVG font-family to the embedded families (sans unless the SVG asks for serif).

    No space after the commas: WeasyPrint's SVG code splits on ',' and strips quotes only.
    """
    families = [f.strip().strip("'\"").lower() for f in value.split(",")]
    serif = any(("serif" in f and "sans" not in f) for f in families) and not any(
        "sans" in f for f in families[:1]
    )
    stack = SERIF if serif else SANS
    if mode == "screen":
        stack += ", serif" if serif else ", sans-serif"
    return stack.replace(", ", ",")


def _safe_css(text: str, mode: str | None, removed: list[str]) -> str | None:
    low = text.lower()
    if "@import" in low or "expression(" in low or "javascript:" in low:
        removed.append("style rules with imports or scripts")
        return None
    for match in _URL_RE.finditer(text):
        if not match.group(2).startswith("#"):
            removed.append("external url() references")
            return None
    return _FONT_DECL_RE.sub(lambda mt: mt.group(1) + font_stack(mt.group(2), mode), text)


def _sanitized(text: str, fonts: str | None) -> tuple[str, tuple[str, ...]]:
    """`sanitize_svg`, which is pure in its inputs: a live preview keeps its results
    between saves (core.memo), so unchanged maps are not re-serialised."""

    def make() -> tuple[str, tuple[str, ...]]:
        clean, removed = sanitize_svg(text, fonts=fonts)
        return clean, tuple(removed)

    return memo.cached("svg", (fonts, text), make)


def sanitize_svg(text: str, *, fonts: str | None = None) -> tuple[str, list[str]]:
    """A safe re-serialisation of an SVG document and what was removed from it.

    Kept: drawing elements, text, gradients, clipping, `<use>`/`href` to `#fragments`,
    `<image>` with PNG/JPEG/GIF/WebP data: URLs. Removed: scripts, foreignObject, event
    attributes, links, external references, unknown namespaces. Every font-family is
    mapped to the embedded families (`fonts="screen"` adds a generic family for browsers).
    Returns ("", [reason]) when the text is not a usable SVG document.
    """
    removed: list[str] = []
    if re.search(r"<!DOCTYPE[^>]*\[", text, re.IGNORECASE) or "<!ENTITY" in text.upper():
        return "", ["a DOCTYPE with entity declarations (the whole SVG)"]
    text = _DOCTYPE_RE.sub("", text)
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return "", ["malformed XML (the whole SVG)"]
    if _local(root.tag) != "svg":
        return "", ["a root element that is not <svg> (the whole SVG)"]
    out: list[str] = []
    _svg_element(root, out, removed, fonts, is_root=True)
    return "".join(out), removed


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _svg_element(
    el: ET.Element, out: list[str], removed: list[str], fonts: str | None, *, is_root: bool = False
) -> None:
    if not isinstance(el.tag, str):  # comments and processing instructions
        return
    ns, name = _ns(el.tag), _local(el.tag)
    if ns not in ("", SVG_NS) or name in _SVG_QUIET:
        return
    if name == "a":  # keep the drawing, drop the link
        removed.append("links")
        name = "g"
    elif name not in _SVG_ELEMENTS:
        removed.append(f"<{name}> elements")
        return
    attrs: list[tuple[str, str]] = []
    has_font = False
    for key, value in el.attrib.items():
        ans, aname = _ns(key), _local(key)
        if aname == "href" and ans in (XLINK_NS, ""):
            aname = "href"
        elif ans == XML_NS and aname == "lang":
            aname = "lang"
        elif ans != "":
            continue  # editor attributes, xml:space...
        low = aname.lower()
        if low.startswith("on"):
            removed.append("event handlers")
            continue
        if "javascript:" in value.lower():
            removed.append("javascript: values")
            continue
        if low == "href":
            if value.startswith("#") or (name == "image" and _DATA_IMAGE_RE.match(value)):
                attrs.append(("href", value))
            else:
                removed.append("external references")
            continue
        if low == "style":
            safe = _safe_css(value, fonts, removed)
            if safe is not None:
                attrs.append(("style", safe))
                has_font = has_font or "font-family" in safe.lower()
            continue
        if "url(" in value.lower() and any(
            not mt.group(2).startswith("#") for mt in _URL_RE.finditer(value)
        ):
            removed.append("external url() references")
            continue
        if low == "font-family":
            value = font_stack(value, fonts)
            has_font = True
        attrs.append((aname, value))
    if is_root:
        attrs = [(k, v) for k, v in attrs if k != "xmlns"]
        attrs.insert(0, ("xmlns", SVG_NS))
        if not has_font:
            attrs.append(("font-family", font_stack("sans-serif", fonts)))
    out.append(f"<{name}")
    for key, value in attrs:
        out.append(f' {key}="{escape(value)}"')
    if name == "style":
        css = _safe_css(el.text or "", fonts, removed)
        out.append(">")
        if css:
            out.append(str(escape(css)))
        out.append("</style>")
        return
    out.append(">")
    if el.text:
        out.append(str(escape(el.text)))
    for child in el:
        _svg_element(child, out, removed, fonts)
        if child.tail:
            out.append(str(escape(child.tail)))
    out.append(f"</{name}>")


def used_characters(html_text: str) -> set[str]:
    """Every non-ASCII character of a rendered document (text, labels, inline SVG)."""
    return {ch for ch in set(html_text) if ord(ch) > 0x7E}


__all__ = [
    "BASE_URL",
    "DOSSIER_SCHEME",
    "PACKAGE_SCHEME",
    "render",
    "render_with_diagnostics",
    "sanitize_svg",
    "sniff_image",
    "stylesheet",
]
