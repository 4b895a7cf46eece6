"""Case folders: each invalid case overlays files on the minimal valid dossier and
lists the exact diagnostics `dossier check` must report (expected.txt). Optional files:
delete.txt (paths to remove from the copy), stage.txt (draft or submission)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from catalogue_scan import assert_catalogued
from goldens import compare

from dossier import api
from dossier.core.diagnostics import Severity
from dossier.core.paths import shown_from
from dossier.report import findings as report

CASES = Path(__file__).parent / "cases"
MINIMAL = CASES / "valid" / "minimal"
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())


def materialise(case: Path, dst: Path) -> Path:
    shutil.copytree(MINIMAL, dst)
    for f in case.rglob("*"):
        rel = f.relative_to(case)
        if f.is_dir() or rel.name in ("expected.txt", "delete.txt", "stage.txt"):
            continue
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dst / rel)
    delete = case / "delete.txt"
    if delete.exists():
        for line in delete.read_text().split():
            (dst / line).unlink()
    return dst


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case_has_no_errors_or_warnings(case: Path) -> None:
    result = api.check(case)
    assert_catalogued(result.diagnostics, "draft", case.name)
    problems = [d for d in result.diagnostics if d.severity is not Severity.CHECKLIST]
    assert report.format_text(problems) == ""


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_reports_exactly(
    case: Path, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text report as `dossier check .` prints it from inside the case folder (paths
    from there, errors first), without hints and checklist items."""
    root = materialise(case, tmp_path / "dossier")
    monkeypatch.chdir(root)
    stage_file = case / "stage.txt"
    stage = api.Stage(stage_file.read_text().strip()) if stage_file.exists() else api.Stage.DRAFT
    result = api.check(root, stage=stage)
    # Every id found is in the catalogue, with the severity it gives at this stage.
    assert_catalogued(result.diagnostics, stage.value, case.name)
    # Checklist items (human judgement) are not findings about the case; leave them out.
    findings = [d for d in result.diagnostics if d.severity is not Severity.CHECKLIST]
    shown = report.from_here(findings, shown_from(Path()))
    actual = report.format_text(shown, hints=False) + "\n"
    assert result.failed()
    compare(request.config, case / "expected.txt", actual)


def test_symlink_out_of_the_dossier_is_refused(minimal: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("outside", encoding="utf-8")
    (minimal / "text" / "history.md").unlink()
    (minimal / "text" / "history.md").symlink_to(secret)
    result = api.check(minimal)
    lines = report.format_text(result.diagnostics, hints=False).splitlines()
    assert lines == [
        "parts/description.yaml:3:17: error[path.outside]: 'text/history.md' points outside the dossier folder"
    ]
