"""The CLI maps results to exit codes and keeps diagnostics on stderr, output on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier import __version__
from dossier.cli import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"dossier {__version__}"


@pytest.mark.parametrize("command", ["check", "build", "schema", "export", "bib"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_check_valid_dossier_exits_0(minimal: Path) -> None:
    result = runner.invoke(app, ["check", str(minimal)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "0 error(s)" in result.stderr


def test_check_invalid_dossier_exits_1_with_located_diagnostics(minimal: Path) -> None:
    (minimal / "parts" / "monitoring.yaml").write_text("indicators: [\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(minimal)])
    assert result.exit_code == 1
    assert "parts/monitoring.yaml:2:1: error[yaml.syntax]" in result.stderr


def test_missing_folder_and_bad_option_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["check", str(tmp_path / "nope")]).exit_code == 2
    assert runner.invoke(app, ["check", str(tmp_path), "--stage", "final"]).exit_code == 2
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2


def test_strict_makes_warnings_fail(minimal: Path) -> None:
    manifest = minimal / "dossier.yaml"
    manifest.write_text(manifest.read_text().replace("printed_copies: 2", "printed_copies: 5"))
    assert runner.invoke(app, ["check", str(minimal)]).exit_code == 0
    assert runner.invoke(app, ["check", str(minimal), "--strict"]).exit_code == 1


@pytest.mark.reports("schema.min-items")
def test_json_and_sarif_reports_parse(minimal: Path, tmp_path: Path) -> None:
    (minimal / "parts" / "monitoring.yaml").write_text(
        "indicators: []\narrangements: x\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["check", str(minimal), "--format", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["valid"] is False
    assert any(d["rule"] == "schema.min-items" and d["line"] == 1 for d in doc["diagnostics"])
    out = tmp_path / "report.sarif"
    result = runner.invoke(app, ["check", str(minimal), "--format", "sarif", "-o", str(out)])
    assert result.exit_code == 1
    sarif = json.loads(out.read_text())
    assert sarif["version"] == "2.1.0"


def test_schema_lists_prints_and_exports(tmp_path: Path) -> None:
    listed = runner.invoke(app, ["schema"]).stdout.split()
    assert "dossier.schema.json" in listed and "parts/justification.schema.json" in listed
    printed = runner.invoke(app, ["schema", "parts/justification"])
    assert json.loads(printed.stdout)["title"].startswith("Section 3")
    assert runner.invoke(app, ["schema", "nope"]).exit_code == 2
    assert runner.invoke(app, ["schema", "--export", str(tmp_path / "s")]).exit_code == 0
    assert (tmp_path / "s" / "parts" / "monitoring.schema.json").exists()


def test_internal_error_exits_3_without_traceback(tmp_path: Path) -> None:
    script = (
        "import dossier.api as a\n"
        "def boom(*args, **kw):\n    raise RuntimeError('kaboom')\n"
        "a.check = boom\n"
        "from dossier.cli import main\nmain()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "check", str(tmp_path)], capture_output=True, text=True
    )
    assert proc.returncode == 3
    assert "internal error" in proc.stderr and "Traceback" not in proc.stderr


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.startswith("dossier ")


def test_check_does_not_import_the_renderers(minimal: Path) -> None:
    """A full, successful check (exit 0, geometry measured) imports none of the renderers'
    libraries: a check that fails early would prove nothing."""
    code = (
        f"import json, sys\nfrom dossier.cli import main\nsys.argv=['dossier','check',{str(minimal)!r}]\n"
        "try:\n    main()\n    status = 0\nexcept SystemExit as exc:\n    status = exc.code\n"
        "heavy=[m for m in ('weasyprint','docx','cairosvg','citeproc','fastkml','shapefile','rasterio','pyogrio','fiona','osgeo') if m in sys.modules]\n"
        "print(json.dumps({'status': status, 'heavy': heavy}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert json.loads(proc.stdout.splitlines()[-1]) == {"status": 0, "heavy": []}, proc.stderr
    assert "Traceback" not in proc.stderr and "0 error(s)" in proc.stderr
    assert "87.62 ha" in proc.stderr  # the area it measured: the geometry checks ran


@pytest.mark.accepts(
    "output.not-ours",
    "output.not-a-folder",
    "output.is-a-folder",
    "output.inside-sources",
    "output.write-failed",
)
def test_build_writes_each_requested_output_and_prints_its_path(
    minimal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(minimal), "--to", "html", "--doc", "tentative-list", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [str(out / "tentative-list-en.html")]
    assert (
        (out / "tentative-list-en.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    )


def test_invalid_dossier_builds_nothing(minimal: Path, tmp_path: Path) -> None:
    (minimal / "parts" / "monitoring.yaml").write_text("indicators: [\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(minimal), "--to", "html", "-o", str(out)])
    assert result.exit_code == 1
    assert "build failed, nothing written" in result.stderr
    assert not out.exists()


@pytest.mark.reports("output.not-ours")
def test_build_never_overwrites_a_file_it_did_not_write(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "nomination-en.html"
    mine.write_text("my annotated copy", encoding="utf-8")
    result = runner.invoke(app, ["build", str(minimal), "--to", "html", "-o", str(out)])
    assert result.exit_code == 1
    assert "error[output.not-ours]" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my annotated copy"


def test_build_rejects_unknown_language(minimal: Path) -> None:
    assert runner.invoke(app, ["build", str(minimal), "--lang", "de"]).exit_code == 2
