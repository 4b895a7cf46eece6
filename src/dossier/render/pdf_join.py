"""The PDFs of the chunks of one document (render.pdf_parallel) joined into its PDF.

pikepdf (qpdf) copies the pages with their content, fonts, images and link annotations;
what WeasyPrint writes once per document is rebuilt for the whole:

* the named destinations (`/Names /Dests`): every anchor from the chunk that holds it
  (a chunk links to anchors of other chunks through stand-ins, dropped here), sorted by
  name as WeasyPrint sorts them; the links keep their `/Dest` names;
* the bookmarks (`/Outlines`): the chunks' top-level items one after the other (every
  chunk begins with a level-1 heading, so the tree is the single pass's);
* the fonts: one program per font, as a single pass embeds (render.pdf_fonts; each
  chunk has its own subset);
* the catalogue's other entries and the document information (title, author, dates,
  XMP metadata and output intent of PDF/A) from the first chunk: every chunk has the
  document's head, so they are the same in all.

Saved with a deterministic /ID (a digest of the content, as qpdf computes it): the same
chunks give the same bytes. Why pikepdf: it is maintained, wraps qpdf (already a system
dependency of the project), copies objects between files keeping their references, and
writes 300 pages in a fraction of a second; pypdf does the same in pure Python, slower.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from dossier.render import pdf_fonts

_OWN = ("/Type", "/Pages", "/Outlines", "/Names")


class JoinError(Exception):
    """A chunk's PDF is not as WeasyPrint writes it."""


def join(parts: list[bytes], anchors: list[set[str]]) -> bytes:
    """One PDF of `parts` in order; `anchors[i]` are the anchors part i really holds."""
    import pikepdf

    sources = [pikepdf.open(io.BytesIO(data)) for data in parts]
    try:
        first = sources[0]
        out = pikepdf.new()
        with warnings.catch_warnings():
            # Named destinations are rebuilt below, from all the chunks.
            warnings.simplefilter("ignore", getattr(pikepdf, "PageCopyWarning", UserWarning))
            for src in sources:
                out.pages.extend(src.pages)
        for key, value in first.Root.items():
            if key not in _OWN:
                out.Root[key] = _copy(out, first, value)
        if "/Info" in first.trailer:
            out.trailer.Info = _copy(out, first, first.trailer.Info)
        _join_dests(out, sources, anchors)
        _join_outlines(out, sources)
        pdf_fonts.merge(out)
        buffer = io.BytesIO()
        out.save(
            buffer,
            deterministic_id=True,
            min_version=str(first.pdf_version),
            fix_metadata_version=False,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return buffer.getvalue()
    finally:
        for src in sources:
            src.close()


def _copy(out: Any, src: Any, value: Any) -> Any:
    """`value` of `src` as an object of `out` (with everything it refers to)."""
    import pikepdf

    if not isinstance(value, pikepdf.Object) or not isinstance(
        value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream
    ):
        return value
    if not value.is_indirect:
        value = src.make_indirect(value)
    return out.copy_foreign(value)


def _join_dests(out: Any, sources: list[Any], anchors: list[set[str]]) -> None:
    import pikepdf

    entries: dict[str, Any] = {}
    for src, own in zip(sources, anchors, strict=True):
        names = src.Root.get("/Names")
        dests = names.get("/Dests") if names is not None else None
        if dests is None:
            continue
        if "/Kids" in dests:
            raise JoinError("a name tree with kids")
        flat = list(dests.get("/Names", []))
        for i in range(0, len(flat) - 1, 2):
            name = str(flat[i])
            if name in own and name not in entries:
                entries[name] = _copy(out, src, flat[i + 1])
    if not entries:
        return
    array = pikepdf.Array()
    for name in sorted(entries):
        array.append(pikepdf.String(name))
        array.append(entries[name])
    out.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=array))


def _join_outlines(out: Any, sources: list[Any]) -> None:
    import pikepdf

    tops: list[Any] = []
    count = 0
    for src in sources:
        outlines = src.Root.get("/Outlines")
        if outlines is None or "/First" not in outlines:
            continue
        copied = _copy(out, src, outlines)
        count += int(copied.get("/Count", 0))
        item = copied.First
        while True:
            tops.append(item)
            if "/Next" not in item:
                break
            item = item.Next
    if not tops:
        return
    root = out.make_indirect(pikepdf.Dictionary(Count=count))
    for i, item in enumerate(tops):
        item.Parent = root
        if i > 0:
            item.Prev = tops[i - 1]
        elif "/Prev" in item:
            del item.Prev
        if i + 1 < len(tops):
            item.Next = tops[i + 1]
        elif "/Next" in item:
            del item.Next
    root.First = tops[0]
    root.Last = tops[-1]
    out.Root.Outlines = root
