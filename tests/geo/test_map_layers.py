"""The State Party's own base maps: GeoTIFF, GeoPackage and shapefile layers.

Small layer files are written at test time (rasterio, pyogrio) into copies of the
minimal dossier (a property in France, drawn in UTM zone 31N).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dossier import api
from dossier.core.diagnostics import Severity

rasterio = pytest.importorskip("rasterio")
pyogrio = pytest.importorskip("pyogrio")

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "cases" / "valid" / "minimal"
MAGENTA = (255, 0, 255)


def write_raster(path: Path, *, crs: str | None = "EPSG:3857", size: int = 60) -> None:
    """A solid magenta RGB GeoTIFF over the minimal property (about 1.99-2.03 E, 44.98-45.03 N)."""
    import numpy as np
    from pyproj import Transformer
    from rasterio.transform import from_bounds

    west, south = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True).transform(
        1.97, 44.97
    )
    east, north = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True).transform(
        2.04, 45.04
    )
    data = np.zeros((3, size, size), dtype=np.uint8)
    for band, value in enumerate(MAGENTA):
        data[band] = value
    profile: dict[str, Any] = dict(
        driver="GTiff", width=size, height=size, count=3, dtype="uint8",
        transform=from_bounds(west, south, east, north, size, size),
    )  # fmt: skip
    if crs is not None:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)


def write_plain_tiff(path: Path, *, big: bool = False) -> None:
    """A TIFF image with no georeferencing at all (a scan saved from an image editor)."""
    import numpy as np

    profile: dict[str, Any] = dict(driver="GTiff", width=8, height=8, count=1, dtype="uint8")
    if big:
        profile["BIGTIFF"] = "YES"
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rasterio warns that the image is not georeferenced
        with rasterio.open(path, "w", **profile) as dst:
            dst.write(np.zeros((1, 8, 8), dtype=np.uint8))


def write_vector(path: Path, *, driver: str = "GPKG", crs: str | None = "EPSG:3857") -> None:
    """A road across the property and a named well, stored in Web Mercator."""
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import LineString, Point

    t = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    road = LineString([(1.98, 44.985), (2.03, 45.025)])
    well = Point(2.015, 44.995)
    geoms = [
        shapely.transform(g, lambda x, y: t.transform(x, y), interleaved=False)
        for g in (road, well)
    ]
    for geom, layer, kind in ((geoms[0], "roads", "LineString"), (geoms[1], "wells", "Point")):
        pyogrio.raw.write(
            str(path if driver == "GPKG" else path.with_name(f"{layer}.shp")),
            geometry=shapely.to_wkb(np.array([geom], dtype=object)),
            field_data=[
                np.array(["Track to Le Puy" if layer == "roads" else "Font Vieille"], dtype=object)
            ],
            fields=["name"],
            crs=crs,
            driver=driver,
            geometry_type=kind,
            layer=layer,
        )


LAYERS = """\
  layers:
    - {id: relief, title: Magenta test raster, file: geo/relief.tif}
    - {id: roads, title: Tracks from a GeoPackage, file: geo/base.gpkg, layer: roads, kind: base, symbol: road}
    - {id: wells, title: Wells from a shapefile, file: geo/wells.shp, kind: base, symbol: settlement}
"""


def dossier_with_layers(tmp_path: Path, layers: str = LAYERS) -> Path:
    root = tmp_path / "layers"
    shutil.copytree(MINIMAL, root)
    write_raster(root / "geo" / "relief.tif")
    write_vector(root / "geo" / "base.gpkg")
    write_vector(root / "geo" / "wells.shp", driver="ESRI Shapefile")
    ident = root / "parts" / "identification.yaml"
    text = ident.read_text(encoding="utf-8")
    ident.write_text(
        text.replace(
            "  buffer_zone: geo/buffer.geojson\n", "  buffer_zone: geo/buffer.geojson\n" + layers
        ),
        encoding="utf-8",
    )
    return root


def geo_findings(root: Path) -> list[Any]:
    return [d for d in api.check(root).diagnostics if d.rule.startswith("geo.")]


# ----------------------------------------------------------------- check


def test_check_accepts_the_layers_without_importing_gdal(tmp_path: Path) -> None:
    root = dossier_with_layers(tmp_path)
    assert geo_findings(root) == []
    code = (
        "import sys\nfrom dossier.cli import main\n"
        f"sys.argv=['dossier','check',{str(root)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(','.join(m for m in ('rasterio','pyogrio','fiona','osgeo') if m in sys.modules), file=sys.stderr)\n"
    )
    env_cache = {"DOSSIER_CACHE_DIR": str(tmp_path / "cache")}
    import os

    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env_cache},
    )
    assert proc.stderr.strip().splitlines()[-1:] in ([], [""])  # the report is on stdout


@pytest.mark.parametrize(
    ("change", "rule", "severity"),
    [
        (lambda r: (r / "geo" / "wells.prj").unlink(), "geo.layer-crs", Severity.ERROR),
        (lambda r: (r / "geo" / "relief.tif").write_bytes(b"not a tiff"), "geo.layer-format", Severity.ERROR),
        (lambda r: write_raster(r / "geo" / "relief.tif", crs=None), "geo.layer-crs", Severity.ERROR),
        (lambda r: write_plain_tiff(r / "geo" / "relief.tif", big=True), "geo.layer-crs", Severity.ERROR),
        (lambda r: (r / "geo" / "base.gpkg").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200), "geo.layer-format", Severity.ERROR),
    ],
)  # fmt: skip
@pytest.mark.reports("geo.layer-crs", "geo.layer-format")
def test_check_refuses_unusable_layer_files(
    tmp_path: Path, change: Any, rule: str, severity: Severity
) -> None:
    root = dossier_with_layers(tmp_path)
    change(root)
    found = geo_findings(root)
    assert [(d.rule, d.severity) for d in found] == [(rule, severity)]
    loc = found[0].location
    assert loc is not None and loc.file == "parts/identification.yaml" and loc.line is not None


@pytest.mark.reports("geo.layer-missing")
def test_check_names_the_layers_of_a_geopackage(tmp_path: Path) -> None:
    root = dossier_with_layers(tmp_path, LAYERS.replace("layer: roads", "layer: rivers"))
    found = geo_findings(root)
    assert [d.rule for d in found] == ["geo.layer-missing"]
    assert "roads" in found[0].message and "wells" in found[0].message


def test_check_refuses_an_unknown_file_type_and_a_file_outside(tmp_path: Path) -> None:
    root = dossier_with_layers(
        tmp_path,
        "  layers:\n    - {id: a, title: A, file: geo/a.kml}\n"
        "    - {id: b, title: B, file: ../b.tif}\n",
    )
    (root / "geo" / "a.kml").write_text("<kml/>", encoding="utf-8")
    (root.parent / "b.tif").write_bytes(b"II*\x00")
    rules = {d.rule for d in api.check(root).diagnostics if d.severity is Severity.ERROR}
    assert rules == {"path.outside", "geo.layer-format"}


@pytest.mark.parametrize("companion", ["wells.dbf", "wells.prj", "relief.tif.ovr", "base.gpkg-wal"])
def test_a_companion_file_linked_out_of_the_folder_is_refused(
    tmp_path: Path, companion: str
) -> None:
    """GDAL reads a layer's companions (a shapefile's .dbf, an overview, a journal) by
    name: one that is a symbolic link out of the dossier would be read from outside."""
    root = dossier_with_layers(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    link = root / "geo" / companion
    if link.exists():
        link.rename(outside / companion)
    else:
        (outside / companion).write_bytes(b"elsewhere")
    link.symlink_to(outside / companion)
    found = [d for d in api.check(root).diagnostics if d.severity is Severity.ERROR]
    assert [(d.rule, d.location and d.location.file) for d in found] == [
        ("path.outside", "parts/identification.yaml")
    ]
    assert f"geo/{companion} beside geo/" in found[0].message


def test_a_companion_file_linked_inside_the_folder_is_fine(tmp_path: Path) -> None:
    root = dossier_with_layers(tmp_path)
    (root / "geo" / "kept").mkdir()
    (root / "geo" / "wells.dbf").rename(root / "geo" / "kept" / "wells.dbf")
    (root / "geo" / "wells.dbf").symlink_to(Path("kept") / "wells.dbf")
    assert [d for d in api.check(root).diagnostics if d.severity is Severity.ERROR] == []


# ----------------------------------------------------------------- maps


@pytest.mark.accepts("map.legend-overflow", "map.label-dropped", "geo.layer-unreadable")
def test_layers_are_drawn_reprojected_and_clipped(tmp_path: Path) -> None:
    from dossier.assemble.document import build_document
    from dossier.load import sources

    root = dossier_with_layers(tmp_path)
    doc = build_document(sources.load(root), "nomination")
    overview = next(f for f in doc.figures if f.id == "map-1")
    assert overview.svg is not None and overview.print_size_mm == (250.0, 150.0)
    svg = overview.svg
    assert svg.count('href="data:image/png;base64,') == 1  # the raster, under the boundaries
    assert svg.index("<image") < svg.index('stroke="#b30000"')
    for title in ("Magenta test raster", "Tracks from a GeoPackage", "Wells from a shapefile"):
        assert title in svg
    assert "Font Vieille" in svg  # the shapefile's point, named
    assert doc.diagnostics == []


def test_a_large_raster_is_read_decimated_through_a_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.geo import layerio

    root = dossier_with_layers(tmp_path)
    write_raster(root / "geo" / "relief.tif", size=3000)
    reads: list[tuple[int, int]] = []
    original = layerio._read

    def spy(src: Any, bands: Any, win: Any, out_h: int, out_w: int) -> Any:
        reads.append((out_h, out_w))
        return original(src, bands, win, out_h, out_w)

    monkeypatch.setattr(layerio, "_read", spy)
    from dossier.assemble.document import build_document
    from dossier.load import sources

    build_document(sources.load(root), "nomination")
    # the frame is about 1,030 x 810 map pixels: a read of at most ~1.5 times that on
    # each side, far less than the 9 million pixels of the file
    assert reads and all(h * w <= 4 * 1030 * 810 for h, w in reads)


def test_a_geotiff_without_coordinate_system_fails_the_build_with_a_located_error(
    tmp_path: Path,
) -> None:
    from dossier.core.diagnostics import DossierError

    root = dossier_with_layers(tmp_path)
    write_raster(root / "geo" / "relief.tif", crs=None)
    options = api.BuildOptions(formats=(api.Format.HTML,), out_dir=tmp_path / "out")
    with pytest.raises(DossierError) as err:
        api.build(root, options)
    found = [d for d in err.value.diagnostics if d.rule == "geo.layer-crs"]
    assert found and found[0].location is not None
    assert found[0].location.file == "parts/identification.yaml"
    assert not (tmp_path / "out").exists()


def _magenta_share(png: bytes) -> float:
    import io

    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    hit = (rgb[..., 0] > 200) & (rgb[..., 1] < 110) & (rgb[..., 2] > 200)
    return float(hit.mean())


def _road_share(png: bytes) -> float:
    import io

    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    road = np.array([0xA2, 0x3B, 0x1C])
    return float((np.abs(rgb - road).sum(axis=2) < 90).mean())


@pytest.mark.slow
def test_raster_and_geopackage_layers_appear_in_pdf_and_docx(tmp_path: Path) -> None:
    import zipfile

    root = dossier_with_layers(tmp_path)
    out = tmp_path / "out"
    options = api.BuildOptions(formats=(api.Format.PDF, api.Format.DOCX), out_dir=out)
    api.build(root, options)
    pdf = out / "nomination-en.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Magenta test raster" in text and "Tracks from a GeoPackage" in text
    page = _page_of(pdf, "Magenta test raster")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "100",
            "-f",
            str(page),
            "-l",
            str(page),
            "-png",
            str(pdf),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    shot = next(tmp_path.glob("p-*.png")).read_bytes()
    assert _magenta_share(shot) > 0.02 and _road_share(shot) > 0.0002
    with zipfile.ZipFile(out / "nomination-en.docx") as z:
        images = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert any(_magenta_share(img) > 0.02 and _road_share(img) > 0.0002 for img in images)


def _page_of(pdf: Path, words: str) -> int:
    import pypdf

    reader = pypdf.PdfReader(str(pdf))
    for i, page in enumerate(reader.pages, start=1):
        if words in (page.extract_text() or ""):
            return i
    raise AssertionError(f"{words!r} is on no page")


# ----------------------------------------------------------------- what a map could not show


def _map_findings(root: Path) -> list[tuple[str, str]]:
    from dossier.assemble.document import build_document
    from dossier.load import sources

    doc = build_document(sources.load(root), "nomination")
    return [(d.rule, d.message) for d in doc.diagnostics]


@pytest.mark.reports("map.legend-overflow")
def test_a_legend_longer_than_the_sheet_is_reported(tmp_path: Path) -> None:
    many = "  layers:\n" + "".join(
        f"    - {{id: r{i}, title: A long title for the magenta test raster number {i}, "
        "file: geo/relief.tif}\n"
        for i in range(12)
    )
    found = _map_findings(dossier_with_layers(tmp_path, many))
    assert found == [
        (
            "map.legend-overflow",
            "map 'map-1': the legend and notes are longer than the sheet and are cut off "
            "at the bottom",
        )
    ]


@pytest.mark.reports("map.label-dropped")
def test_labels_that_cannot_be_placed_are_reported_one_by_one(tmp_path: Path) -> None:
    import numpy as np
    import shapely
    from shapely.geometry import Point

    root = dossier_with_layers(tmp_path)
    names = [f"Well number {i} of a crowded field" for i in range(12)]
    pyogrio.raw.write(
        str(root / "geo" / "wells.shp"),
        geometry=shapely.to_wkb(
            np.array([Point(2.015 + 0.0001 * i, 44.995) for i in range(12)], dtype=object)
        ),
        field_data=[np.array(names, dtype=object)],
        fields=["name"],
        crs="EPSG:4326",
        driver="ESRI Shapefile",
        geometry_type="Point",
        layer="wells",
    )
    found = _map_findings(root)
    assert found and {rule for rule, _ in found} == {"map.label-dropped"}
    dropped = [m.split("'")[3] for _, m in found]
    assert set(dropped) < set(names) and len(set(dropped)) == len(dropped)


@pytest.mark.reports("geo.layer-unreadable")
def test_a_damaged_shapefile_is_reported_when_the_map_is_drawn(tmp_path: Path) -> None:
    root = dossier_with_layers(tmp_path)
    shp = root / "geo" / "wells.shp"
    shp.write_bytes(shp.read_bytes()[:110])
    found = _map_findings(root)
    assert [rule for rule, _ in found] == ["geo.layer-unreadable"]
    assert found[0][1].startswith("the layer file geo/wells.shp cannot be read: ")
