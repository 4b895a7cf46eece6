"""The CLI maps results to exit codes; `check` prints its report on stdout (a pipe can grep
it), `build` prints the files written on stdout and its problems on stderr."""

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
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1].startswith(f"{minimal}: 0 error(s), 0 warning(s), ")


def test_check_invalid_dossier_exits_1_with_located_diagnostics(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (minimal / "parts" / "monitoring.yaml").write_text("indicators: [\n", encoding="utf-8")
    monkeypatch.chdir(minimal.parent)
    result = runner.invoke(app, ["check", "minimal"])
    assert result.exit_code == 1
    # Named from the current folder, so that a terminal or an editor can open it.
    assert "minimal/parts/monitoring.yaml:2:1: error[yaml.syntax]" in result.stdout
    monkeypatch.chdir(minimal)
    assert runner.invoke(app, ["check", "."]).stdout.startswith(
        "parts/monitoring.yaml:2:1: error[yaml.syntax]"
    )


def test_text_report_lists_errors_first(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    part = minimal / "parts" / "signatures.yaml"
    part.write_text(part.read_text() + "extra: 1\n", encoding="utf-8")
    monkeypatch.chdir(minimal.parent)
    result = runner.invoke(app, ["check", "minimal"])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("minimal/parts/signatures.yaml:")
    assert "error[schema.unknown-field]" in lines[0]
    assert lines[-1].startswith("minimal: 1 error(s)")


def test_suppressed_findings_are_counted_and_listed_on_request(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example_copy.parent)
    short = runner.invoke(app, ["check", "ustyurt"])
    assert "suppressed" not in "\n".join(short.stdout.splitlines()[:-1])
    assert "suppressed (--show-suppressed lists them)" in short.stdout.splitlines()[-1]
    full = runner.invoke(app, ["check", "ustyurt", "--show-suppressed"])
    assert "suppressed warning[" in full.stdout and "reason given:" in full.stdout
    assert len(full.stdout.splitlines()) > len(short.stdout.splitlines()) + 80


def test_text_report_goes_to_stdout_and_to_stderr_beside_a_file(
    minimal: Path, tmp_path: Path
) -> None:
    (minimal / "parts" / "monitoring.yaml").write_text("indicators: [\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["check", str(minimal), "-f", "json", "-o", str(out)])
    assert result.stdout == ""
    assert "error[yaml.syntax]" in result.stderr and "1 error(s)" in result.stderr
    assert json.loads(out.read_text())["valid"] is False
    to_stdout = runner.invoke(app, ["check", str(minimal), "-f", "json"])
    assert to_stdout.stderr == "" and json.loads(to_stdout.stdout)["valid"] is False
    text = tmp_path / "report.txt"
    result = runner.invoke(app, ["check", str(minimal), "-o", str(text)])
    assert result.stdout == "" and "error[yaml.syntax]" in text.read_text()


def test_json_paths_are_named_from_the_current_folder(
    minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (minimal / "parts" / "monitoring.yaml").write_text("indicators: [\n", encoding="utf-8")
    monkeypatch.chdir(minimal.parent)
    doc = json.loads(runner.invoke(app, ["check", "minimal", "-f", "json"]).stdout)
    assert doc["root"] == "minimal"
    assert {d["file"] for d in doc["diagnostics"] if d["rule"] == "yaml.syntax"} == {
        "minimal/parts/monitoring.yaml"
    }


def test_sarif_paths_resolve_from_the_repository_root(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    dossier = repo / "dossiers" / "fort"
    dossier.parent.mkdir()
    minimal.rename(dossier)
    (dossier / "parts" / "monitoring.yaml").write_text("indicators: [\n", encoding="utf-8")
    monkeypatch.chdir(dossier)  # wherever the command runs, paths start at the repository
    sarif = json.loads(runner.invoke(app, ["check", ".", "-f", "sarif"]).stdout)
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": repo.as_uri() + "/"}}
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in run["results"]
        if r["ruleId"] == "yaml.syntax"
    }
    assert uris == {"dossiers/fort/parts/monitoring.yaml"}
    base = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"]
        for r in run["results"]
        if r.get("locations")
    }
    assert base == {"SRCROOT"}


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
    guessed = runner.invoke(app, ["schema", "justification"])
    assert guessed.exit_code == 2 and "did you mean 'parts/justification'?" in guessed.stderr
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
        "heavy=[m for m in ('weasyprint','docx','cairosvg','citeproc','fastkml','shapefile','rasterio','pyogrio','fiona','osgeo','dossier.preview','watchfiles','pypdfium2') if m in sys.modules]\n"
        "print(json.dumps({'status': status, 'heavy': heavy}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert json.loads(proc.stdout.splitlines()[-1]) == {"status": 0, "heavy": []}, proc.stderr
    assert "Traceback" not in proc.stderr and "0 error(s)" in proc.stdout
    assert "87.62 ha" in proc.stdout  # the area it measured: the geometry checks ran


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


@pytest.mark.parametrize("command", [["check"], ["build"], ["init"], ["check-all"], ["rules"]])
def test_help_at_80_columns_never_splits_a_word(command: list[str]) -> None:
    import os

    env = dict(os.environ, COLUMNS="80")
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", *command, "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    assert not [line for line in lines if line.rstrip()[-1:] == "-" and line.strip() != "-"]
    if "--doc" in proc.stdout:
        assert "nomination|preliminary-assessment|tentative-list" in proc.stdout
