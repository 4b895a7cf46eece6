"""One embedded program per font in a joined PDF (render.pdf_join), as the single pass has.

Each chunk of a parallel layout embeds its own subset of every font it uses: the joined
PDF held the same font up to once per chunk (0.90 MB against 0.64 MB for the example).
`merge(pdf)` makes the fonts of one name a single font again:

* WeasyPrint names a font by a tag computed from the font file (`QBDHUS+Dossier-Serif`),
  the same in every chunk, and subsets it keeping the glyph ids (HarfBuzz's retain-gids):
  glyph n of any chunk's subset is glyph n of the font, or empty;
* the merged program is the largest subset with the glyphs the others add (fontTools);
  the widths (/W) are the union, sorted by glyph as WeasyPrint writes them; the Unicode
  map (/ToUnicode) keeps the first text of every glyph in page order, as a single pass
  records it, in the same order;
* the first chunk's font objects, so changed, replace the others' everywhere they are used
  (page resources, and those of forms and patterns).

A font whose chunks disagree (a glyph with two widths, another structure than WeasyPrint
writes, bitmap fonts) is left as it is: merging is a saving, never a risk to the text.
Pure function of its input: the same chunks give the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Any

_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_BLOCK = re.compile(rb"\d+\s+beginbfchar(.*?)endbfchar", re.S)


class _Unmergeable(Exception):
    """This font is not as WeasyPrint writes it: keep its copies."""


def merge(pdf: Any) -> int:
    """Merge the fonts of `pdf` (a pikepdf.Pdf) that share a name; the number merged."""
    import pikepdf

    groups: dict[str, list[Any]] = {}
    for font in _fonts_in_use(pdf):
        if font.get("/Subtype") == "/Type0" and "/BaseFont" in font:
            groups.setdefault(str(font.BaseFont), []).append(font)
    replace: dict[tuple[int, int], Any] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        try:
            _merge_group(pdf, members, pikepdf)
        except _Unmergeable:
            continue
        for other in members[1:]:
            replace[other.objgen] = members[0]
    if replace:
        _point_to(pdf, replace, pikepdf)
    return len(replace)


def _resources(pdf: Any) -> list[Any]:
    """Every resource dictionary of the document: pages, forms, patterns (once each)."""
    import pikepdf

    out: list[Any] = []
    seen: set[tuple[int, int]] = set()
    todo = [page.obj.get("/Resources") for page in pdf.pages]
    while todo:
        res = todo.pop()
        if not isinstance(res, pikepdf.Dictionary):
            continue
        if res.is_indirect:
            if res.objgen in seen:
                continue
            seen.add(res.objgen)
        out.append(res)
        for kind in ("/XObject", "/Pattern"):
            for item in dict(res.get(kind, {})).values():
                if item.is_indirect and item.objgen in seen:
                    continue
                if item.is_indirect:
                    seen.add(item.objgen)
                todo.append(item.get("/Resources"))
    return out


def _fonts_in_use(pdf: Any) -> list[Any]:
    """The fonts the resources name, in page order, each once."""
    found: list[Any] = []
    seen: set[tuple[int, int]] = set()
    for res in _resources(pdf):
        for font in dict(res.get("/Font", {})).values():
            if font.is_indirect and font.objgen not in seen:
                seen.add(font.objgen)
                found.append(font)
    return found


def _point_to(pdf: Any, replace: dict[tuple[int, int], Any], pikepdf: Any) -> None:
    for res in _resources(pdf):
        fonts = res.get("/Font")
        if not isinstance(fonts, pikepdf.Dictionary):
            continue
        for name, font in dict(fonts).items():
            if font.is_indirect and font.objgen in replace:
                fonts[name] = replace[font.objgen]


def _merge_group(pdf: Any, members: list[Any], pikepdf: Any) -> None:
    parts = [_parts(font) for font in members]
    widths: dict[int, Any] = {}
    for _cid, _desc, _file, w, _tu in parts:
        for gid, value in w.items():
            if widths.setdefault(gid, value) != value:
                raise _Unmergeable
    to_unicode: dict[int, bytes] = {}
    for _cid, _desc, _file, _w, tu in parts:
        for gid, text in tu:
            to_unicode.setdefault(gid, text)
    program = _merged_program([p[2].read_bytes() for p in parts])
    first = members[0]
    cid, desc, file, _w, _tu = parts[0]
    new_file = pikepdf.Stream(pdf, program)
    for key, value in file.items():
        if key not in ("/Length", "/Filter", "/DecodeParms", "/Length1"):
            new_file[key] = value
    new_file.Length1 = len(program)
    desc.FontFile2 = pdf.make_indirect(new_file)
    cid.W = _w_array(widths, pikepdf)
    first.ToUnicode = pdf.make_indirect(
        pikepdf.Stream(pdf, _cmap(first.ToUnicode.read_bytes(), to_unicode))
    )


def _parts(font: Any) -> tuple[Any, Any, Any, dict[int, Any], list[tuple[int, bytes]]]:
    """A Type0 font's CID font, descriptor, font file, widths and Unicode map."""
    try:
        (cid,) = list(font.DescendantFonts)
        desc = cid.FontDescriptor
        if (
            str(font.get("/Encoding")) != "/Identity-H"
            or str(cid.get("/Subtype")) != "/CIDFontType2"
            or str(cid.get("/CIDToGIDMap")) != "/Identity"
            or "/CIDSet" in desc
            or "/FontFile2" not in desc
        ):
            raise _Unmergeable
        return cid, desc, desc.FontFile2, _w_dict(cid.get("/W", [])), _bfchars(font.ToUnicode)
    except (AttributeError, KeyError, ValueError, TypeError) as exc:
        raise _Unmergeable from exc


def _w_dict(array: Any) -> dict[int, Any]:
    """/W (`c [w1 w2 ...]` or `c_first c_last w`) as glyph -> width."""
    import pikepdf

    items = list(array)
    out: dict[int, Any] = {}
    i = 0
    while i < len(items):
        start = int(items[i])
        if i + 1 < len(items) and isinstance(items[i + 1], pikepdf.Array):
            for n, w in enumerate(items[i + 1]):
                out[start + n] = _number(w)
            i += 2
        elif i + 2 < len(items):
            for gid in range(start, int(items[i + 1]) + 1):
                out[gid] = _number(items[i + 2])
            i += 3
        else:
            raise _Unmergeable
    return out


def _number(value: Any) -> Any:
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def _w_array(widths: dict[int, Any], pikepdf: Any) -> Any:
    """Runs of consecutive glyphs, `start [w ...]`, as WeasyPrint writes them."""
    out = pikepdf.Array()
    run: list[Any] = []
    start = previous = -2
    for gid in sorted(widths):
        if gid != previous + 1 and run:
            out.append(start)
            out.append(pikepdf.Array(run))
            run = []
        if not run:
            start = gid
        run.append(widths[gid])
        previous = gid
    if run:
        out.append(start)
        out.append(pikepdf.Array(run))
    return out


def _bfchars(stream: Any) -> list[tuple[int, bytes]]:
    """The (glyph, UTF-16BE hex) pairs of a ToUnicode CMap, in its order."""
    data = stream.read_bytes()
    if b"beginbfrange" in data:
        raise _Unmergeable
    pairs: list[tuple[int, bytes]] = []
    for block in _BLOCK.finditer(data):
        for src, dst in _BFCHAR.findall(block.group(1)):
            pairs.append((int(src, 16), dst.lower()))
    return pairs


def _cmap(template: bytes, to_unicode: dict[int, bytes]) -> bytes:
    """A ToUnicode CMap with `template`'s head and tail and these entries, 100 a block."""
    head_end = template.find(b"endcodespacerange")
    tail_start = template.rfind(b"endbfchar")
    if head_end < 0 or tail_start < 0:
        raise _Unmergeable
    head = template[: head_end + len(b"endcodespacerange")]
    tail = template[tail_start + len(b"endbfchar") :]
    lines = [head]
    items = list(to_unicode.items())
    for i in range(0, len(items), 100):
        batch = items[i : i + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(b"<%04x> <%s>" % (gid, text) for gid, text in batch)
        lines.append(b"endbfchar")
    return b"\n".join(lines) + tail


def _merged_program(programs: list[bytes]) -> bytes:
    """The glyphs of every retain-gids subset of one font in one TrueType program."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        fonts = []
        for data in programs:
            font = TTFont(io.BytesIO(data), recalcTimestamp=False)
            # Names by glyph id: a subset without glyph names (post 3.0) has its names made
            # from its own cmap, which differs from chunk to chunk.
            font.setGlyphOrder([f"glyph{n:05d}" for n in range(font["maxp"].numGlyphs)])
            fonts.append(font)
        base = max(fonts, key=lambda f: (len(f.getGlyphOrder()), -fonts.index(f)))
        if "glyf" not in base or "hmtx" not in base:
            raise _Unmergeable
        glyf, hmtx = base["glyf"], base["hmtx"]
        for other in fonts:
            if other is base:
                continue
            if "glyf" not in other or "hmtx" not in other:
                raise _Unmergeable
            for name in other.getGlyphOrder():
                glyph = other["glyf"][name]
                if glyph.numberOfContours != 0 and glyf[name].numberOfContours == 0:
                    glyf[name] = glyph
                    hmtx[name] = other["hmtx"][name]
        buffer = io.BytesIO()
        base.save(buffer)
        return buffer.getvalue()
    except (TTLibError, KeyError, AssertionError, ValueError) as exc:
        raise _Unmergeable from exc
