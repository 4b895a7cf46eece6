"""render/raster.py: the SVG -> PNG the DOCX renderer embeds for SVG figures."""

from __future__ import annotations

import io
import struct

from PIL import Image

from dossier.render.raster import SVG_DPI, svg_to_png

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    b'<rect x="0" y="0" width="100" height="100" fill="#ff0000"/>'
    b'<rect x="150" y="50" width="50" height="50" fill="#0000ff" fill-opacity="0.5"/>'
    b'<image href="http://example.org/x.png" x="100" y="0" width="50" height="50"/>'
    b"</svg>"
)


def test_svg_to_png_draws_at_the_width_asked_on_white() -> None:
    png = svg_to_png(SVG, 120)
    img = Image.open(io.BytesIO(png))
    img.load()
    assert (img.format, img.mode, img.size) == ("PNG", "RGB", (120, 60))
    assert img.getpixel((10, 30)) == (255, 0, 0)  # the red half, channels in RGB order
    assert img.getpixel((80, 10)) == (255, 255, 255)  # white where nothing is drawn
    r, g, b = img.getpixel((110, 50))  # half-transparent blue over white
    assert (r, g) == (127, 127) or (r, g) == (128, 128)
    assert b == 255
    # marked 300 dpi, in metres as PNG says it (pHYs: x, y pixels per metre, unit 1)
    phys = png.index(b"pHYs")
    x, y, unit = struct.unpack(">IIB", png[phys + 4 : phys + 13])
    assert (x, y, unit) == (round(SVG_DPI / 0.0254),) * 2 + (1,)
    assert SVG_DPI == 300


def test_svg_to_png_fetches_nothing_from_outside() -> None:
    """The remote image draws as nothing (cairosvg's safe mode): the area stays white."""
    img = Image.open(io.BytesIO(svg_to_png(SVG, 200)))
    assert img.getpixel((125, 25)) == (255, 255, 255)
