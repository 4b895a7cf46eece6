"""Document -> DOCX (Word), a pure function of the model.

The output is built like a careful Word user would build it:

* built-in Title and Heading 1-9 styles, official numbering in the heading text, so
  the navigation pane and outline view work;
* a cover page, then a TOC field and list-of-figures / list-of-tables fields
  (pre-filled with their entries; Word refreshes them on open because settings.xml
  asks it to, `dossier.render.lo_update` can refresh them through LibreOffice);
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
import io
from pathlib import Path

from dossier import model as m
from dossier.render import docx_package as pkg
from dossier.render.docx_writer import Writer

__all__ = ["default_reference", "render"]

default_reference = pkg.default_reference


def render(doc: m.Document, *, reference_docx: Path | None = None) -> bytes:
    """The DOCX file for `doc`, as bytes. Same model (and reference) -> same bytes."""
    document = pkg.open_base(reference_docx)
    writer = Writer(doc, document)
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
    out = io.BytesIO()
    document.save(out)
    return pkg.normalize_zip(out.getvalue(), pkg.zip_date(doc.date))


def _date(iso: str) -> dt.datetime | None:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return None
    return dt.datetime(d.year, d.month, d.day, 0, 0, 0)
