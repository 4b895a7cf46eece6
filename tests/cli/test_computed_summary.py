"""`dossier check` ends with what it computed from the boundaries (issue 15, item 4):
areas in hectares and central points in DMS, in the text report and in the JSON report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from dossier.cli import app
from dossier.report.findings import format_computed

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ustyurt"
runner = CliRunner()


def test_text_report_ends_with_the_computed_figures(minimal: Path) -> None:
    result = runner.invoke(app, ["check", str(minimal)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    start = lines.index("Computed from the boundaries (WGS 84), as the documents print them:")
    assert lines[start + 1].split() == ["area", "central", "point", "buffer", "zone"]
    assert lines[start + 2].split() == [
        "property",
        "87.62",
        "ha",
        "45°00′18″",
        "N,",
        "2°00′18″",
        "E",
        "701",
        "ha",
    ]
    assert lines[start + 3].split()[:3] == ["total", "789", "ha"]
    assert ": 0 error(s), 0 warning(s)" in lines[-1]  # the summary line comes last


def test_serial_example_lists_each_component(tmp_path: Path) -> None:
    root = tmp_path / "ustyurt"
    shutil.copytree(EXAMPLE, root)
    out = tmp_path / "report.txt"
    result = runner.invoke(app, ["check", str(root), "-o", str(out)])
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    block = text[text.index("Computed from illustrative boundaries") :].splitlines()
    assert block[-1].startswith(f"{root}: 0 error(s)")  # the summary line, as on stdout
    rows = {line.split()[0]: line for line in block[2:-1]}
    assert set(rows) == {"property", "total", "001", "002", "003"}
    assert "223,301 ha  43°13′44″ N, 54°39′14″ E" in rows["001"]
    assert rows["001"].endswith("104,847 ha  Western Chink and the Ustyurt State Nature Reserve")
    assert "4,800 ha" in rows["002"] and "10,512 ha  Kokesem kite cluster" in rows["002"]


def test_json_report_has_a_computed_key(minimal: Path) -> None:
    result = runner.invoke(app, ["check", str(minimal), "--format", "json"])
    doc = json.loads(result.output)
    assert list(doc) == ["format", "tool", "valid", "counts", "diagnostics", "computed", "root"]
    computed = doc["computed"]
    assert computed == {
        "illustrative": False,
        "property": {
            "area_ha": 87.62,
            "centre": {
                "lat": "45°00′18″ N",
                "lon": "2°00′18″ E",
                "lat_deg": computed["property"]["centre"]["lat_deg"],
                "lon_deg": computed["property"]["centre"]["lon_deg"],
            },
        },
        "buffer_zone_ha": 700.93,
        "total_ha": 788.55,
        "components": [],
    }
    assert abs(computed["property"]["centre"]["lat_deg"] - 45.005) < 1e-4


def test_without_boundaries_nothing_is_computed(minimal: Path) -> None:
    ident = minimal / "parts" / "identification.yaml"
    text = ident.read_text(encoding="utf-8")
    ident.write_text(text.replace("  buffer_zone: geo/buffer.geojson\n", ""), encoding="utf-8")
    (minimal / "geo" / "property.geojson").write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["check", str(minimal), "--format", "json"])
    assert json.loads(result.output)["computed"] is None
    text_result = runner.invoke(app, ["check", str(minimal)])
    assert "Computed from" not in text_result.output
    assert format_computed(None) == ""


def test_a_cached_check_reports_the_figures_without_shapely(minimal: Path, tmp_path: Path) -> None:
    env = {**os.environ, "DOSSIER_CACHE_DIR": str(tmp_path / "cache")}
    code = (
        "import sys\nfrom dossier.cli import main\n"
        f"sys.argv=['dossier','check',{str(minimal)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('shapely' in sys.modules, file=sys.stderr)\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.stderr.splitlines()[-1] == "True"  # measured once...
    assert second.stderr.splitlines()[-1] == "False"  # ...then read from the cache
    block = [line for line in second.stdout.splitlines() if line.startswith("  property")]
    assert block and "87.62 ha" in block[0]
