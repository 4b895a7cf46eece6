"""Document -> DOCX (Word), a pure function of the model.

The output is built like a careful Word user would build it:

* built-in Title and Heading 1-9 styles, official numbering in the heading text, so
  the navigation pane and outline view work;
* a cover page, then a TOC field and list-of-figures / list-of-tables fields
  (pre-filled with their entries; Word refreshes them on open because settings.xml
  asks it to, `dossier.render.docx.lo_update` can refresh them through LibreOffice);
* captions "Figure {SEQ Figure}. ..." with bookmarks; cross-references are REF fields;
* real Word footnotes, real list numbering, tables with a repeating header row and
  rows that do not split across pages, images scaled to the text width with alt text;
* running header with the short property name, "Page X of Y" footer, A4;
* w:lang on the document defaults and on runs in another language;
* core properties from the model only; byte-identical output for the same model.

Styles come from a reference document (pandoc's model): dossier's own
templates/docx/reference.docx by default, or a ministry's template given as
`reference_docx`; styles that template lacks are copied from dossier's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic
from dossier.render import RenderError, problem, raise_on_errors
from dossier.render.docx import package as pkg
from dossier.render.docx.writer import Writer
from dossier.render.fonts import shipped_fonts

__all__ = ["default_reference", "render", "render_with_diagnostics"]

default_reference = pkg.default_reference


def render(
    doc: m.Document, *, reference_docx: Path | None = None, root: Path | None = None
) -> bytes:
    """The DOCX file for `doc`, as bytes. Same model (and reference) -> same bytes.

    `reference_docx`: a .docx/.dotx whose styles, numbering, theme and page setup are used
    (dossier's own templates/docx/reference.docx by default). `root`: the dossier folder;
    when given, images must lie inside it. Raises RenderError (with every diagnostic) when
    an image cannot be used or the reference document cannot be read.
    """
    data, diagnostics = render_with_diagnostics(doc, reference_docx=reference_docx, root=root)
    raise_on_errors(diagnostics)
    return data


def render_with_diagnostics(
    doc: m.Document, *, reference_docx: Path | None = None, root: Path | None = None
) -> tuple[bytes, list[Diagnostic]]:
    """Like `render`, but returns the problems (errors included) instead of raising; an
    image that cannot be used is then replaced by its file name in brackets."""
    try:
        document = pkg.open_base(reference_docx)
    except Exception as exc:  # not a zip, not a Word file, unreadable
        name = reference_docx.name if reference_docx is not None else "reference.docx"
        raise RenderError(
            [
                problem(
                    "render.reference-unreadable",
                    f"reference document {name!r} cannot be used: {exc}",
                    hint="Give a .docx or .dotx file saved by Word or LibreOffice.",
                )
            ]
        ) from exc
    with shipped_fonts():  # the map rasters (made by Writer()) use only the shipped fonts
        writer = Writer(doc, document, root)
        writer.write()
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


def _date(iso: str) -> dt.datetime | None:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return None
    return dt.datetime(d.year, d.month, d.day, 0, 0, 0)
