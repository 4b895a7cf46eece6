"""SVG -> PNG, for the renderers whose readers do not all take SVG (Word)."""

from __future__ import annotations

import struct
import zlib

from dossier.render.fonts import for_cairo

# Resolution written into the PNGs of SVG figures.
SVG_DPI = 300


def svg_to_png(svg: bytes, width_px: int) -> bytes:
    """Rasterise an SVG `width_px` wide on white, as an RGB PNG marked 300 dpi.

    cairosvg runs in its safe mode: no XML entities, and no external resource but
    data: URIs (anything else draws as nothing). The PNG is written here (numpy and zlib
    level 1, both releasing the GIL) because cairo's own PNG writer takes three times
    as long as the drawing for a page-wide figure at 300 dpi. Call it inside
    ``fonts.shipped_fonts()`` so that the text uses the shipped fonts."""
    import numpy as np

    svg = for_cairo(svg)
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface

    surface = PNGSurface(
        Tree(bytestring=svg, unsafe=False),
        None,
        96,
        output_width=width_px,
        background_color="white",
    ).cairo
    w, h, stride = surface.get_width(), surface.get_height(), surface.get_stride()
    # opaque white background: cairo's premultiplied BGRA is plain BGRA; keep R, G, B
    pixels = np.frombuffer(surface.get_data(), dtype=np.uint8).reshape(h, stride // 4, 4)
    rows = np.zeros((h, 1 + 3 * w), dtype=np.uint8)  # filter byte 0 (None) on every row
    rgb = rows[:, 1:].reshape(h, w, 3)
    for channel in range(3):  # one plane at a time: several times faster than [..., ::-1]
        rgb[..., channel] = pixels[:, :w, 2 - channel]
    return png_bytes(w, h, zlib.compress(rows.tobytes(), 1), SVG_DPI)


def png_bytes(width: int, height: int, idat: bytes, dpi: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ppm = round(dpi / 0.0254)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
            chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)),
            chunk(b"IDAT", idat),
            chunk(b"IEND", b""),
        )
    )
