"""Document -> DOCX (Word), a pure function of the model.

The output is built like a careful Word user would build it, and is the same document
as the PDF:

* `Normal` is the default paragraph style; built-in Title and Heading 1-9 styles, the
  official numbering in the heading text, prose headings nested below their section
  without skipping a level, so the navigation pane and outline view work;
* the PDF's order (cover, Executive Summary, contents, lists of figures and tables,
  chapters); one Word section per chapter, its running header the chapter's title, the
  "Page X of Y" footer and the illustrative mark when the dossier is illustrative;
* a TOC field and list-of-figures / list-of-tables fields pre-filled with their entries,
  their page numbers PAGEREF fields (Word refreshes them on open because settings.xml asks
  it to; `dossier.render.docx.lo_update` fills them and drops that request);
* captions "Figure {SEQ Figure}. ..." with bookmarks; cross-references are REF fields
  followed by ", p. {PAGEREF}";
* real Word footnotes, real list numbering, tables with a repeating header row and rows
  that do not split, images scaled to the text width with alt text, maps on landscape
  sections at their printed size;
* automatic hyphenation, except for proper names, headings and captions (as the PDF);
* w:lang on the document defaults and on every run in another language (Cyrillic,
  Arabic right to left, paragraphs and bibliography entries in other languages);
* the shipped fonts embedded; core properties from the model only; byte-identical
  output for the same model.

Styles come from a reference document (pandoc's model): dossier's own
templates/docx/reference.docx by default, or a ministry's template given as
`reference_docx`; styles that template lacks are copied from dossier's.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.formats import profiles
from dossier.render import RenderError, problem, raise_on_errors
from dossier.render.docx import embed
from dossier.render.docx import package as pkg
from dossier.render.docx.layout import Page
from dossier.render.docx.writer import Writer
from dossier.render.fonts import shipped_fonts

__all__ = ["default_reference", "render", "render_with_diagnostics"]

default_reference = pkg.default_reference
TWIPS_PER_MM = 56.6929
# What reading a damaged or foreign file as a Word package raises.
_REFERENCE_ERRORS = (
    OSError,
    zipfile.BadZipFile,
    PackageNotFoundError,
    KeyError,
    ValueError,
    XMLSyntaxError,
)


def render(
    doc: m.Document,
    *,
    reference_docx: Path | None = None,
    root: Path | None = None,
    keep_reference_headers: bool = False,
) -> bytes:
    """The DOCX file for `doc`, as bytes. Same model (and reference) -> same bytes.

    `reference_docx`: a .docx/.dotx whose styles, numbering, theme and page setup are used
    (dossier's own templates/docx/reference.docx by default); with
    `keep_reference_headers`, its headers and footers too. `root`: the dossier folder;
    when given, images must lie inside it. Raises RenderError (with every diagnostic) when
    an image cannot be used or the reference document cannot be read.
    """
    data, diagnostics = render_with_diagnostics(
        doc, reference_docx=reference_docx, root=root, keep_reference_headers=keep_reference_headers
    )
    raise_on_errors(diagnostics)
    return data


def render_with_diagnostics(
    doc: m.Document,
    *,
    reference_docx: Path | None = None,
    root: Path | None = None,
    keep_reference_headers: bool = False,
) -> tuple[bytes, list[Diagnostic]]:
    """Like `render`, but returns the problems (errors included) instead of raising; an
    image that cannot be used is then replaced by its file name in brackets."""
    name = reference_docx.name if reference_docx is not None else "reference.docx"
    try:
        document = pkg.open_base(reference_docx, keep_headers=keep_reference_headers)
    except _REFERENCE_ERRORS as exc:  # not a zip, not a Word file, unreadable
        raise RenderError(
            [
                problem(
                    "render.reference-unreadable",
                    f"reference document {name!r} cannot be used: {exc}",
                    hint="Give a .docx or .dotx file saved by Word or LibreOffice.",
                )
            ]
        ) from exc
    with shipped_fonts():  # the map rasters' text uses only the shipped fonts
        writer = Writer(doc, document, root, keep_headers=keep_reference_headers)
        writer.write()
    if reference_docx is not None:
        writer.diagnostics.extend(_page_size(doc, writer.layout.portrait, name))
    embed.embed_fonts(document, embed.used_families(document.styles.element, document.element))
    pkg.set_properties(
        document,
        title=doc.property_name,
        subject=doc.title,
        author="; ".join(doc.states_parties),
        keywords="; ".join(doc.keywords),
        category=doc.category,
        language=writer.lang,
        date=_date(doc.date),
    )
    return pkg.write_package(document, pkg.zip_date(doc.date)), writer.diagnostics


def _page_size(doc: m.Document, page: Page, name: str) -> list[Diagnostic]:
    """A warning when the reference's pages are not the format profile's paper (A4)."""
    paper, (want_w, want_h) = profiles.paper(doc.profile)
    got_w, got_h = page.width / TWIPS_PER_MM, page.height / TWIPS_PER_MM
    if abs(got_w - want_w) <= 2 and abs(got_h - want_h) <= 2:
        return []
    return [
        problem(
            "render.reference-page-size",
            f"the reference document {name!r} has pages of {got_w:.0f} × {got_h:.0f} mm, "
            f"not {paper} ({want_w:.0f} × {want_h:.0f} mm), the paper this document is laid "
            "out on (and the PDF printed on); the DOCX keeps the reference's page size, so "
            "it paginates differently from the PDF",
            severity=Severity.WARNING,
            hint=f"Save the template with {paper} pages (Layout > Size in Word), or "
            "change the page size of the DOCX before printing.",
        )
    ]


def _date(iso: str) -> dt.datetime | None:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return None
    return dt.datetime(d.year, d.month, d.day, 0, 0, 0)
