"""Boundary vertex coordinates as a table in an annex, when a dossier asks for them."""

from __future__ import annotations

import shutil
from pathlib import Path

from dossier.assemble.document import build_document
from dossier.core import model as m
from dossier.geo.measure import format_dms
from dossier.load import sources

MINIMAL = Path(__file__).resolve().parents[2] / "tests" / "cases" / "valid" / "minimal"


def _doc(tmp_path: Path, asked: bool) -> m.Document:
    root = tmp_path / "d"
    shutil.copytree(MINIMAL, root)
    ident = root / "parts" / "identification.yaml"
    text = ident.read_text(encoding="utf-8")
    if asked:
        text = text.replace(
            "  buffer_zone: geo/buffer.geojson\n",
            "  buffer_zone: geo/buffer.geojson\n  vertex_table: true\n",
        )
    ident.write_text(text, encoding="utf-8")
    return build_document(sources.load(root), "nomination")


def test_format_dms_with_decimal_seconds() -> None:
    assert format_dms(43.228922, "lat", 2) == "43°13′44.12″ N"
    assert format_dms(-0.0000001, "lon", 2) == "0°00′00.00″ E"
    assert format_dms(54.99999999, "lon", 2) == "55°00′00.00″ E"


def test_vertex_table_is_an_annex_when_asked(tmp_path: Path) -> None:
    doc = _doc(tmp_path, asked=True)
    annex = doc.sections[-1]
    assert annex.title.startswith("Annex: coordinates of the boundary vertices")
    (table,) = [b for b in annex.blocks if isinstance(b, m.Table)]
    assert table.id == "vertices" and table.number is not None
    rows = [[m.plain_text(c.inlines) for c in row] for row in table.rows]
    # property: a square (4 vertices); buffer zone: a square with a square hole (4 + 4)
    assert len(rows) == 12
    assert rows[0][:3] == ["property", "outer boundary", "1"]
    assert rows[0][3:] == ["45°00′00.00″ N", "2°00′00.00″ E"]
    assert [r[1] for r in rows].count("hole 1") == 4
    assert {r[0] for r in rows} == {"property", "buffer zone"}


def test_no_annex_when_not_asked(tmp_path: Path) -> None:
    doc = _doc(tmp_path, asked=False)
    assert not any("boundary vertices" in s.title for s in doc.sections)
    assert not any(t.id == "vertices" for t in doc.tables)
