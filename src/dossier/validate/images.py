"""Is an image file fit to print? Checked at `dossier check` time, by content.

A file named ``.png`` that holds text, a JPEG cut short, a 20,000 x 20,000 pixel PNG (a
"decompression bomb": 1.6 GB of memory once drawn), an SVG that runs scripts, declares
XML entities or draws another file (``<image href="photo.png">``), a ``.svgz`` that
inflates to gigabytes: each would fail the build late, or silently drop the figure.

``inspect(data)`` returns the problems of one file as (rule, what is wrong, hint); the
type comes from the first bytes, never from the name. Pillow reads only the header and
checks the structure (``verify``), it never decodes the pixels; SVG is parsed by the
standard library's expat after entity declarations are refused.
"""

from __future__ import annotations

import io
import re
import warnings
import zlib

# Pillow's own threshold for a decompression bomb (Image.MAX_IMAGE_PIXELS): about
# 89 million pixels, 4 times an A3 page at 300 dpi.
MAX_PIXELS = 89_478_485
MAX_SVG_BYTES = 20 * 1024 * 1024  # decompressed; the largest map of a dossier is ~2 MB
SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".svgz")

Problem = tuple[str, str, str]

_RASTER = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}
_CONVERT = "Open it in an image editor and export it again as PNG or JPEG."
_SVG_HINT = (
    "Export the figure again as a plain SVG with everything embedded (Inkscape: "
    "'Plain SVG', images embedded), or as PNG."
)


def kind_of(data: bytes) -> str | None:
    """'PNG', 'JPEG', 'GIF', 'WEBP', 'SVG', 'SVGZ' from the first bytes, or None."""
    for magic, kind in _RASTER.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:2] == b"\x1f\x8b":
        return "SVGZ"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (
        head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype svg"))
        and b"<svg" in data[:65536].lower()
    ):
        return "SVG"
    return None


def inspect(data: bytes) -> list[Problem]:
    """The problems of one image file (empty when it can be printed)."""
    kind = kind_of(data)
    if kind is None:
        return [_not_an_image(data)]
    if kind == "SVGZ":
        text, problem = _inflate(data)
        return [problem] if problem else svg_problems(text)
    if kind == "SVG":
        return svg_problems(data)
    return _raster_problems(data, kind)


def _not_an_image(data: bytes) -> Problem:
    try:
        data[:512].decode("utf-8")
        holds = " (it holds text)" if data else " (it is empty)"
    except UnicodeDecodeError:
        holds = ""
    return (
        "image.not-an-image",
        f"is not a PNG, JPEG, GIF, WebP or SVG image{holds}, whatever its name says",
        _CONVERT,
    )


def _inflate(data: bytes) -> tuple[bytes, Problem | None]:
    """A gzip-compressed SVG, inflated no further than MAX_SVG_BYTES."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_SVG_BYTES + 1)
    except zlib.error:
        return b"", ("image.damaged", "is a compressed SVG that cannot be decompressed", _SVG_HINT)
    if len(out) > MAX_SVG_BYTES or inflater.unconsumed_tail:
        return b"", (
            "image.too-large",
            f"is a compressed SVG that inflates to more than {MAX_SVG_BYTES // 2**20} MB",
            "Save it as a plain (uncompressed) SVG, simplified, or as PNG.",
        )
    if not inflater.eof:
        return b"", ("image.damaged", "is a compressed SVG cut short", _SVG_HINT)
    return out, None


def _raster_problems(data: bytes, kind: str) -> list[Problem]:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DecompressionBombWarning: measured below
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
                if width * height > MAX_PIXELS:
                    return [_too_many(width, height)]
                im.verify()
    except Image.DecompressionBombError:
        return [_too_many(*_header_size(data, kind))]
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        return [("image.damaged", f"is a damaged {kind} file ({exc})", _CONVERT)]
    if kind == "JPEG" and not data.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9"):
        return [("image.damaged", "is a JPEG file cut short (its end is missing)", _CONVERT)]
    return []


def _header_size(data: bytes, kind: str) -> tuple[int | None, int | None]:
    """Width and height written in a PNG or GIF header (Pillow refuses to open a bomb)."""
    if kind == "PNG" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if kind == "GIF" and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    return None, None


def _too_many(width: int | None, height: int | None) -> Problem:
    size = f" ({width:,} x {height:,} pixels)" if width and height else ""
    return (
        "image.too-many-pixels",
        f"has more than {MAX_PIXELS // 1_000_000} million pixels{size}: far more than any "
        "page can show, and too much memory to draw",
        "Reduce it to the size it is printed at: 300 dpi on the page is about 3,500 pixels "
        "across an A4 page.",
    )


_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)
_XLINK = "{http://www.w3.org/1999/xlink}href"


def svg_problems(data: bytes) -> list[Problem]:
    """Problems of an SVG document: not XML, or not self-contained and inert."""
    from xml.etree import ElementTree as ET

    if _ENTITY.search(data):
        return [
            (
                "image.svg-unsafe",
                "declares XML entities, which can read other files or expand without end",
                _SVG_HINT,
            )
        ]
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = exc.position
        return [
            (
                "image.damaged",
                f"is not a well-formed SVG (XML error at line {line}, column {col + 1})",
                _SVG_HINT,
            )
        ]
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return [("image.not-an-image", "is XML but not an SVG image", _SVG_HINT)]
    found: dict[str, None] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = el.tag.rsplit("}", 1)[-1]
        if name in ("script", "foreignObject", "iframe", "embed", "object"):
            found[f"a <{name}> element"] = None
        if name == "style" and _style_problem(el.text or ""):
            found[_style_problem(el.text or "")] = None
        for attr, value in el.attrib.items():
            local = attr.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                found[f"an event handler ({local})"] = None
            elif "javascript:" in value.lower():
                found["a javascript: address"] = None
            elif local == "href" and (attr == _XLINK or attr == "href") and name != "a":
                target = value.strip()
                if not target.startswith("#") and not _DATA_IMAGE.match(target):
                    found[f"a reference to another file ({target[:60]!r})"] = None
            elif local == "style" and _style_problem(value):
                found[_style_problem(value)] = None
    if not found:
        return []
    return [
        (
            "image.svg-unsafe",
            "holds " + "; ".join(found) + ": an SVG figure must be self-contained and inert",
            _SVG_HINT,
        )
    ]


def _style_problem(css: str) -> str:
    low = css.lower()
    if "@import" in low:
        return "a style sheet that imports another file"
    for m in _URL.finditer(css):
        target = m.group(2).strip()
        if not target.startswith("#") and not _DATA_IMAGE.match(target):
            return f"a style that loads another file ({target[:60]!r})"
    return ""
