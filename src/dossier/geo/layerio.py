"""Read the part of a GeoPackage, shapefile or GeoTIFF layer that a map's frame shows.

Only maps import this module (never `dossier check`). Vectors are read with pyogrio
(GDAL/OGR), filtered to the frame's bounding box in the file's own coordinate system and
reprojected to WGS 84; rasters with rasterio: only the window under the frame is read,
decimated on reading (GDAL uses the file's overviews when it has them) to about the
resolution of the printed map, then warped to the map's projection. A raster far larger
than the frame is therefore never loaded whole.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from typing import Any

from dossier.geo.mapview import View
from dossier.geo.measure import Layer, LayerFeature

RASTER_UNITS_PER_PIXEL = 1.5  # 0.15 mm on paper: about 170 dpi
_NAME_FIELDS = ("name", "name_en", "nom", "label", "title")
_CRS_HINT = (
    "Save the layer again from your GIS with its coordinate system (any EPSG system is "
    "reprojected to the map's), or export it as GeoJSON in WGS 84."
)


class LayerError(Exception):
    """A layer file that cannot be drawn; the message is for a heritage specialist."""

    def __init__(self, rule: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class RasterImage:
    """A PNG covering the map's frame exactly."""

    png: bytes

    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _frame_bounds(view: View) -> tuple[float, float, float, float]:
    """The frame in projected metres (west, south, east, north)."""
    w = (view.x1 - view.x0) / view.scale
    h = (view.y1 - view.y0) / view.scale
    return (view.ox, view.oy, view.ox + w, view.oy + h)


def _unreadable(layer: Layer, exc: Exception) -> LayerError:
    return LayerError(
        "geo.layer-unreadable",
        f"the layer file {layer.rel} cannot be read: {str(exc).splitlines()[0][:200]}",
        "Open it in your GIS to check it, and save it again (GeoPackage, shapefile or GeoTIFF).",
    )


# ----------------------------------------------------------------- vectors


def read_vector(layer: Layer, view: View) -> tuple[LayerFeature, ...]:
    """Features of a GeoPackage or shapefile layer inside the frame, in WGS 84."""
    import pyogrio
    import shapely
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    try:
        info = pyogrio.read_info(str(layer.path), layer=layer.table)
        crs_text = info.get("crs")
        if not crs_text:
            raise LayerError(
                "geo.layer-crs",
                f"the coordinate system of {layer.rel} is not given, so the layer cannot be "
                "placed on the map",
                _CRS_HINT,
            )
        try:
            crs = CRS.from_user_input(crs_text)
        except CRSError as exc:
            raise LayerError(
                "geo.layer-crs",
                f"the coordinate system of {layer.rel} is not one PROJ recognises",
                _CRS_HINT,
            ) from exc
        to_file = Transformer.from_crs(CRS.from_user_input(view.proj), crs, always_xy=True)
        bbox = to_file.transform_bounds(*_frame_bounds(view), densify_pts=21)
        fields = [str(f) for f in info.get("fields", [])]
        name_field = next((f for f in fields if f.lower() in _NAME_FIELDS), None)
        _, _, wkb, columns = pyogrio.raw.read(
            str(layer.path),
            layer=layer.table,
            bbox=tuple(bbox),
            columns=[name_field] if name_field else [],
            force_2d=True,
        )
    except LayerError:
        raise
    except Exception as exc:  # GDAL's errors are many; each means "cannot be read"
        raise _unreadable(layer, exc) from exc
    to_wgs84 = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    geoms = shapely.from_wkb(wkb)
    names = columns[0] if name_field and columns else [None] * len(geoms)
    out: list[LayerFeature] = []
    for i, (geom, name) in enumerate(zip(geoms, names, strict=True)):
        if geom is None or geom.is_empty:
            continue
        moved = shapely.transform(geom, lambda x, y: to_wgs84.transform(x, y), interleaved=False)
        label = str(name).strip() if name is not None and str(name).strip() else str(i + 1)
        out.append(LayerFeature(label, moved))
    return tuple(out)


# ----------------------------------------------------------------- rasters


def read_raster(layer: Layer, view: View) -> RasterImage | None:
    """The raster as an RGBA PNG covering the frame, or None when it misses the frame."""
    import numpy as np
    import rasterio
    from affine import Affine
    from rasterio.crs import CRS
    from rasterio.enums import Resampling
    from rasterio.errors import RasterioError, WindowError
    from rasterio.warp import reproject, transform_bounds
    from rasterio.windows import Window, from_bounds

    dst_w = max(1, math.ceil((view.x1 - view.x0) / RASTER_UNITS_PER_PIXEL))
    dst_h = max(1, math.ceil((view.y1 - view.y0) / RASTER_UNITS_PER_PIXEL))
    west, south, east, north = _frame_bounds(view)
    dst_crs = CRS.from_string(view.proj)
    dst_transform = Affine((east - west) / dst_w, 0.0, west, 0.0, -(north - south) / dst_h, north)
    try:
        with rasterio.Env(GDAL_PAM_ENABLED="NO"), rasterio.open(layer.path, driver="GTiff") as src:
            if src.crs is None:
                raise LayerError(
                    "geo.layer-crs",
                    f"the GeoTIFF {layer.rel} has no coordinate system, so it cannot be "
                    "placed on the map",
                    "Save it again as a GeoTIFF with its coordinate system (georeferenced).",
                )
            sb = transform_bounds(dst_crs, src.crs, west, south, east, north, densify_pts=21)
            full = Window(0, 0, src.width, src.height)
            try:
                win = from_bounds(*sb, transform=src.transform).round_offsets().round_lengths()
                win = win.intersection(full)
            except WindowError:  # the raster and the frame do not meet
                return None
            if win.width < 1 or win.height < 1:
                return None
            # decimate on reading: about 1.5 source pixels per map pixel at most
            factor = max(1.0, min(win.width / (dst_w * 1.5), win.height / (dst_h * 1.5)))
            out_w = max(1, int(win.width / factor))
            out_h = max(1, int(win.height / factor))
            bands = _bands(src)
            data = _read(src, bands, win, out_h, out_w)
            src_transform = src.window_transform(win) @ Affine.scale(
                win.width / out_w, win.height / out_h
            )
            colormap = _colormap(src)
            src_crs = src.crs
    except LayerError:
        raise
    except (RasterioError, OSError, ValueError) as exc:
        raise _unreadable(layer, exc) from exc
    values, valid = data
    rgba = _colour(values, valid, colormap)
    warped = np.zeros((4, dst_h, dst_w), dtype=np.uint8)
    reproject(
        rgba,
        warped,
        src_transform=src_transform,
        src_crs=src_crs,
        dst_transform=dst_transform,
        dst_crs=dst_crs,
        resampling=Resampling.nearest if colormap else Resampling.bilinear,
    )
    if not warped[3].any():
        return None
    return RasterImage(_png(warped))


def _bands(src: Any) -> list[int]:
    """0-based bands to draw: RGB(A) when the file has them, else the first band."""
    from rasterio.enums import ColorInterp

    interp = list(src.colorinterp)
    if src.count >= 3 and interp[:3] == [ColorInterp.red, ColorInterp.green, ColorInterp.blue]:
        return [0, 1, 2]
    if src.count >= 3 and all(str(d) == "uint8" for d in src.dtypes[:3]):
        return [0, 1, 2]
    return [0]


def _read(src: Any, bands: list[int], win: Any, out_h: int, out_w: int) -> tuple[Any, Any]:
    """(values float32 [bands, h, w], valid mask [h, w]) of the window, decimated."""
    import numpy as np
    from rasterio.enums import Resampling

    paletted = len(bands) == 1 and _colormap(src) is not None
    data = src.read(
        [b + 1 for b in bands],
        window=win,
        out_shape=(len(bands), out_h, out_w),
        resampling=Resampling.nearest if paletted else Resampling.average,
        masked=True,
    )
    mask = np.ma.getmaskarray(data).any(axis=0)
    alpha_band = _alpha_band(src)
    if alpha_band is not None:
        alpha = src.read(
            alpha_band + 1, window=win, out_shape=(out_h, out_w), resampling=Resampling.nearest
        )
        mask |= alpha == 0
    return np.ma.getdata(data).astype("float32"), ~mask


def _alpha_band(src: Any) -> int | None:
    from rasterio.enums import ColorInterp

    for i, ci in enumerate(src.colorinterp):
        if ci == ColorInterp.alpha:
            return i
    return None


def _colormap(src: Any) -> dict[int, tuple[int, ...]] | None:
    if src.count < 1:
        return None
    try:
        cmap: dict[int, tuple[int, ...]] = src.colormap(1)
    except ValueError:
        return None
    return cmap


def _colour(values: Any, valid: Any, colormap: dict[int, tuple[int, ...]] | None) -> Any:
    """RGBA uint8 [4, h, w]: palette colours, RGB as is, or one band stretched to grey."""
    import numpy as np

    h, w = values.shape[1:]
    rgba = np.zeros((4, h, w), dtype=np.uint8)
    if colormap is not None:
        lut = np.zeros((256, 4), dtype=np.uint8)
        for k, colour in colormap.items():
            if 0 <= k < 256:
                lut[k, : len(colour)] = colour[:4]
        idx = np.clip(values[0], 0, 255).astype(np.uint8)
        rgba[:] = lut[idx].transpose(2, 0, 1)
    elif values.shape[0] >= 3:
        rgba[:3] = np.clip(values[:3], 0, 255).astype(np.uint8)
        rgba[3] = 255
    else:
        band = values[0]
        shown = band[valid]
        if shown.size:
            lo, hi = (float(v) for v in np.percentile(shown, (2, 98)))
            span = hi - lo if hi > lo else 1.0
            grey = np.clip((band - lo) / span * 255, 0, 255).astype(np.uint8)
            rgba[0] = rgba[1] = rgba[2] = grey
        rgba[3] = 255
    rgba[3][~valid] = 0
    return rgba


def _png(rgba: Any) -> bytes:
    """A deterministic PNG (no time, no text chunks) of an RGBA array [4, h, w]."""
    from PIL import Image

    image = Image.fromarray(rgba.transpose(1, 2, 0), "RGBA")
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6)
    return out.getvalue()
