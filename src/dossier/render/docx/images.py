"""The pictures of a DOCX's figures: read from the dossier, checked, SVGs rasterised (Word
does not take SVG everywhere), embedded once each and drawn inline with their alt text.

Problems are diagnostics (the figure keeps its place, caption and number); only the
errors the image libraries raise for a bad file are caught.
"""

from __future__ import annotations

import hashlib
import io
import os
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from docx.image.exceptions import (
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
    UnrecognizedImageError,
)
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.parts.image import ImagePart
from lxml.etree import _Element as Element

from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic
from dossier.render import problem
from dossier.render.docx.ooxml import run, sub
from dossier.render.raster import SVG_DPI, svg_to_png

EMU_PER_TWIP = 635
EMU_PER_MM = 36000
# What python-docx raises for a stream it cannot read as an image.
DOCX_IMAGE_ERRORS: tuple[type[BaseException], ...] = (
    UnrecognizedImageError,
    InvalidImageStreamError,
    UnexpectedEndOfFileError,
)


def _svg_errors() -> tuple[type[BaseException], ...]:
    """What cairosvg (defusedxml parser, gzip, cairo) raises for an SVG it cannot draw."""
    from cairocffi import CairoError

    return (
        SyntaxError,  # malformed XML (ElementTree.ParseError)
        ValueError,  # entities refused by defusedxml, bad numbers
        ArithmeticError,
        LookupError,
        TypeError,
        AttributeError,
        EOFError,
        OSError,  # a damaged .svgz
        zlib.error,
        CairoError,
    )


class FigureImages:
    def __init__(self, part: Any, root: Path | None, diagnostics: list[Diagnostic]) -> None:
        self.part = part
        self.root = root
        self.diagnostics = diagnostics
        self.rasters: dict[int, bytes | None] = {}
        self.images: dict[str, tuple[str, DocxImage]] = {}
        self.media_count = 0
        self.next_docpr = 1
        package = part.package
        assert package is not None
        self.partnames = {str(p.partname) for p in package.iter_parts()}

    # ------------------------------------------------------------ reading

    def _shown(self, path: Path) -> str:
        if self.root is not None:
            try:
                return path.resolve().relative_to(self.root).as_posix()
            except (ValueError, OSError):
                pass
        return path.name

    def problem(self, rule: str, message: str, f: m.Figure, hint: str | None = None) -> None:
        shown = self._shown(f.path) if f.path is not None else None
        detail = None if shown is None else f"figure {f.id!r}"
        self.diagnostics.append(problem(rule, message, file=shown, detail=detail, hint=hint))

    def _source(self, f: m.Figure) -> tuple[str, bytes] | None:
        """('svg' | 'raster', bytes) of a figure, or None after recording why not."""
        if f.svg is not None:
            return "svg", f.svg.encode("utf-8")
        if f.path is None:
            self.problem("render.image-unreadable", f"figure {f.id!r} has no image", f)
            return None
        path = Path(f.path)
        if self.root is not None:
            try:
                path.resolve().relative_to(self.root)
            except (ValueError, OSError):
                self.problem(
                    "render.resource-refused",
                    f"image of figure {f.id!r} is outside the dossier folder; it was not embedded",
                    f,
                    hint="Copy the image into the dossier folder and refer to it there.",
                )
                return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.problem(
                "render.resource-missing",
                f"image of figure {f.id!r} cannot be read: {exc.strerror or exc}",
                f,
            )
            return None
        head = data[:512].lstrip()
        if path.suffix.lower() in (".svg", ".svgz") or head.startswith(
            (b"<svg", b"<?xml", b"\x1f\x8b")
        ):
            return "svg", data
        return "raster", data

    def prepare(self, figures: Sequence[tuple[m.Figure, int]]) -> None:
        """PNGs of every figure (SVGs drawn `width_px` wide), made concurrently (cairo,
        numpy and zlib release the GIL); the result does not depend on thread order."""
        jobs: list[tuple[m.Figure, int, bytes]] = []
        for f, width_px in figures:
            src = self._source(f)
            if src is None:
                self.rasters[id(f)] = None
            elif src[0] == "svg":
                jobs.append((f, width_px, src[1]))
            else:
                self.rasters[id(f)] = self._raster(src[1], f)
        if not jobs:
            return
        errors = _svg_errors()

        def one(job: tuple[m.Figure, int, bytes]) -> bytes | None:
            try:
                return svg_to_png(job[2], job[1])
            except errors:  # a broken SVG: reported below, the build goes on
                return None

        workers = min(4, os.cpu_count() or 1, len(jobs))
        if workers <= 1:
            results = [one(job) for job in jobs]
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(one, jobs))
        for (f, _, _), png in zip(jobs, results, strict=True):
            self.rasters[id(f)] = png
            if png is None:
                self.problem(
                    "render.image-unreadable", f"SVG of figure {f.id!r} cannot be drawn", f
                )

    def _raster(self, data: bytes, f: m.Figure) -> bytes | None:
        """A PNG, JPEG, GIF, BMP or TIFF as it is; anything else Pillow reads (WebP...)
        converted to PNG; None (and an error) otherwise."""
        try:
            DocxImage.from_blob(data)
            return data
        except DOCX_IMAGE_ERRORS:
            pass
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as im:
                im.load()
                rgb = im if im.mode in ("RGB", "RGBA", "L", "LA", "P") else im.convert("RGB")
                out = io.BytesIO()
                rgb.save(out, "PNG")
                return out.getvalue()
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
            self.problem(
                "render.image-unreadable",
                f"image of figure {f.id!r} is not an image Word can show",
                f,
                hint="Convert it to PNG or JPEG.",
            )
            return None

    def png(self, f: m.Figure) -> bytes | None:
        return self.rasters.get(id(f))

    # ------------------------------------------------------------ embedding

    def _image(self, data: bytes) -> tuple[str, DocxImage]:
        """The relationship id and image of `data`, one media part per distinct image,
        named image1.png, image2.jpeg ... in document order."""
        key = hashlib.sha1(data).hexdigest()
        if key in self.images:
            return self.images[key]
        image = DocxImage.from_blob(data)
        self.media_count += 1
        name = f"/word/media/image{self.media_count}.{image.ext}"
        while name in self.partnames:
            self.media_count += 1
            name = f"/word/media/image{self.media_count}.{image.ext}"
        self.partnames.add(name)
        part = ImagePart.from_image(image, PackURI(name))
        rid = self.part.relate_to(part, RT.IMAGE)
        self.images[key] = (rid, image)
        return rid, image

    def drawing(
        self,
        p: Element,
        data: bytes,
        f: m.Figure,
        *,
        box: tuple[int, int],
        size_mm: tuple[float, float] | None,
        alt: str,
    ) -> bool:
        """An inline picture of `data` in paragraph `p`: at `size_mm` when given (a map's
        printed size), else as wide as `box` (width, height in twips) allows; False
        (and an error) if python-docx cannot read the image."""
        try:
            rid, image = self._image(data)
        except DOCX_IMAGE_ERRORS:
            self.problem(
                "render.image-unreadable", f"image of figure {f.id!r} cannot be embedded", f
            )
            return False
        px_w, px_h = max(1, image.px_width), max(1, image.px_height)
        if size_mm is not None:
            cx, cy = int(size_mm[0] * EMU_PER_MM), int(size_mm[1] * EMU_PER_MM)
        else:
            cx = box[0] * EMU_PER_TWIP
            cy = int(cx * px_h / px_w)
            max_cy = box[1] * EMU_PER_TWIP
            if cy > max_cy:
                cx, cy = int(cx * max_cy / cy), max_cy
        did = self.next_docpr
        self.next_docpr += 1
        r = run(p)
        drawing = sub(r, "w:drawing")
        inline = sub(drawing, "wp:inline", {})
        for k in ("distT", "distB", "distL", "distR"):
            inline.set(k, "0")
        sub(inline, "wp:extent").attrib.update({"cx": str(cx), "cy": str(cy)})
        sub(inline, "wp:effectExtent").attrib.update({"l": "0", "t": "0", "r": "0", "b": "0"})
        docpr = sub(inline, "wp:docPr")
        docpr.attrib.update({"id": str(did), "name": f"Figure {f.number}", "descr": alt})
        frame = sub(inline, "wp:cNvGraphicFramePr")
        sub(frame, "a:graphicFrameLocks").set("noChangeAspect", "1")
        graphic = sub(inline, "a:graphic")
        gd = sub(graphic, "a:graphicData")
        gd.set("uri", "http://schemas.openxmlformats.org/drawingml/2006/picture")
        pic = sub(gd, "pic:pic")
        nv = sub(pic, "pic:nvPicPr")
        sub(nv, "pic:cNvPr").attrib.update(
            {"id": "0", "name": f"image{did}.{image.ext}", "descr": alt}
        )
        sub(nv, "pic:cNvPicPr")
        fill = sub(pic, "pic:blipFill")
        sub(fill, "a:blip", {"r:embed": rid})
        sub(sub(fill, "a:stretch"), "a:fillRect")
        sppr = sub(pic, "pic:spPr")
        xfrm = sub(sppr, "a:xfrm")
        sub(xfrm, "a:off").attrib.update({"x": "0", "y": "0"})
        sub(xfrm, "a:ext").attrib.update({"cx": str(cx), "cy": str(cy)})
        geom = sub(sppr, "a:prstGeom")
        geom.set("prst", "rect")
        sub(geom, "a:avLst")
        return True


def width_px(width_twips: int) -> int:
    """Pixels of a raster `width_twips` wide at the resolution of SVG figures."""
    return int(width_twips / 1440 * SVG_DPI)
