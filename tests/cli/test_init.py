"""`dossier init`: a new dossier checks clean in a draft, lists its placeholders, builds
every document, and never writes over anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dossier import api, cli
from dossier.cli import app
from dossier.core.diagnostics import Severity
from dossier.core.ids import Doc, Stage
from dossier.validate.placeholders import TODO_RULE

runner = CliRunner()
FORMATS = ["--to", "pdf", "--to", "html", "--to", "docx"]
ALL = ["--doc", "nomination", "--doc", "preliminary-assessment", "--doc", "tentative-list"]


def _init(folder: Path, *args: str) -> None:
    result = runner.invoke(app, ["init", str(folder), *args])
    assert result.exit_code == 0, result.output
    assert "Next:" in result.stdout


@pytest.fixture(scope="module")
def new_dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "my-dossier"
    _init(folder, "-s", "KZ", "-s", "UZ", "--category", "mixed", "-c", "v", "-c", "x")
    return folder


def test_a_new_dossier_has_every_part_and_the_project_files(new_dossier: Path) -> None:
    manifest = yaml.safe_load((new_dossier / "dossier.yaml").read_text(encoding="utf-8"))
    assert set(manifest["parts"]) == {
        "executive_summary",
        "identification",
        "description",
        "justification",
        "conservation",
        "protection",
        "monitoring",
        "documentation",
        "contacts",
        "signatures",
        "preliminary_assessment",
        "tentative_list",
    }
    for rel in manifest["parts"].values():
        assert (new_dossier / rel).is_file()
    assert [sp["code"] for sp in manifest["property"]["states_parties"]] == ["KZ", "UZ"]
    assert manifest["property"]["states_parties"][0]["name"] == {"en": "Kazakhstan"}
    for rel in (".gitignore", ".pre-commit-config.yaml", ".github/workflows/dossier.yml"):
        assert (new_dossier / rel).is_file(), rel
    hooks = yaml.safe_load((new_dossier / ".pre-commit-config.yaml").read_text())
    hook = hooks["repos"][0]
    assert hook["rev"] and hook["hooks"][0]["id"] == "dossier-check"
    workflow = (new_dossier / ".github/workflows/dossier.yml").read_text()
    # Installs this project from its repository, pinned: never the index's "dossier".
    assert "run: pip install dossier" not in workflow
    assert 'pip install "whc-dossier @ git+https://' in workflow
    assert "--format sarif" in workflow
    # The build job keeps dossier's cache (laid-out chapters) from run to run.
    steps = yaml.safe_load(workflow)["jobs"]["build"]["steps"]
    [cache] = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    assert cache["with"]["path"] == "~/.cache/dossier"
    assert cache["with"]["key"] == "dossier-${{ runner.os }}-${{ github.sha }}"
    assert cache["with"]["restore-keys"] == "dossier-${{ runner.os }}-"
    assert steps.index(cache) < next(
        i for i, s in enumerate(steps) if "dossier build" in s.get("run", "")
    )
    justification = yaml.safe_load((new_dossier / "parts/3-justification.yaml").read_text())
    assert [c["criterion"] for c in justification["criteria"]] == ["v", "x"]


def test_modelines_point_at_the_schemas_exported_into_the_dossier(new_dossier: Path) -> None:
    for path in [new_dossier / "dossier.yaml", *sorted((new_dossier / "parts").glob("*.yaml"))]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path
        target = (path.parent / first.removeprefix(prefix)).resolve()
        assert target.is_file(), (path, target)
        assert target.parent.name in (".schemas", "parts")
        assert "$id" not in json.loads(target.read_text(encoding="utf-8"))


def test_a_new_dossier_checks_clean_in_a_draft_and_lists_what_to_write(new_dossier: Path) -> None:
    result = runner.invoke(app, ["check", str(new_dossier), *ALL])
    assert result.exit_code == 0, result.output
    draft = api.check(new_dossier, docs=tuple(Doc), stage=Stage.DRAFT)
    assert not [d for d in draft.diagnostics if d.severity is Severity.ERROR]
    todos = [d for d in draft.diagnostics if d.rule == TODO_RULE]
    assert len(todos) >= 30
    assert all(d.severity is Severity.WARNING for d in todos)
    where = {(d.location.file if d.location else "") for d in todos}
    assert {"dossier.yaml", "geo/property.geojson", "parts/3-justification.yaml"} <= where
    # One line per gap: the missing-content findings at a placeholder are left out.
    places = {d.location for d in todos}
    at_places = [
        d.rule
        for d in draft.diagnostics
        if d.location in places and d.severity is not Severity.CHECKLIST
    ]
    assert set(at_places) == {TODO_RULE}


def test_placeholders_are_errors_at_submission(new_dossier: Path) -> None:
    result = api.check(new_dossier, docs=tuple(Doc), stage=Stage.SUBMISSION)
    todos = [d for d in result.diagnostics if d.rule == TODO_RULE]
    assert todos and all(d.severity is Severity.ERROR for d in todos)
    assert result.failed()
    assert runner.invoke(app, ["check", str(new_dossier), "--stage", "submission"]).exit_code == 1


def test_a_filled_placeholder_is_no_longer_reported(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    _init(folder, "--category", "cultural", "-s", "FR")
    part = folder / "parts" / "2-description.yaml"
    text = part.read_text(encoding="utf-8")
    part.write_text(
        text.replace(
            '{todo: "2.b History and development: how the property reached its present form"}',
            "Built in the Iron Age.",
        ),
        encoding="utf-8",
    )
    messages = [d.message for d in api.check(folder).diagnostics if d.rule == TODO_RULE]
    assert not any("2.b History" in m for m in messages)
    assert any("2.a Description" in m for m in messages)


@pytest.mark.slow
def test_a_new_dossier_builds_every_document(new_dossier: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = runner.invoke(
        app,
        ["build", str(new_dossier), *ALL, *FORMATS, "-o", str(out), "-q"],
    )
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert built == sorted(f"{d}-en.{x}" for d in Doc for x in ("pdf", "html", "docx"))


def test_init_refuses_a_folder_that_is_not_empty_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    refused = runner.invoke(app, ["init", str(folder)])
    assert refused.exit_code == 2
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    # --force adds the dossier beside what is there, but never replaces a file.
    (folder / "README.md").write_text("my readme", encoding="utf-8")
    clash = runner.invoke(app, ["init", str(folder), "--force"])
    assert clash.exit_code == 2 and "README.md" in clash.stderr
    assert (folder / "README.md").read_text() == "my readme"
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "notes.txt"]
    (folder / "README.md").unlink()
    assert runner.invoke(app, ["init", str(folder), "--force"]).exit_code == 0
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "dossier.yaml").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-s", "QQ"], "unknown ISO 3166"),
        (["--category", "natural", "-c", "iii"], "does not fit a natural property"),
        (["-l", "de"], "en and/or fr"),
    ],
)
def test_init_refuses_answers_it_cannot_use(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "d"), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "d").exists()


def test_init_asks_at_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    answers = "Example Hill Fort\nnatural\nPE\nvii, ix\ntentative-list\nfr\n"
    result = runner.invoke(app, ["init", str(tmp_path / "d")], input=answers)
    assert result.exit_code == 0, result.output
    assert "Category" in result.stdout
    manifest = yaml.safe_load((tmp_path / "d" / "dossier.yaml").read_text(encoding="utf-8"))
    assert manifest["property"]["name"] == "Example Hill Fort"
    assert manifest["property"]["category"] == "natural"
    assert manifest["language"] == "fr"
    assert manifest["property"]["states_parties"][0]["code"] == "PE"
    assert set(manifest["parts"]) == {"identification", "description", "justification"} | {
        "contacts",
        "tentative_list",
    }
    assert (
        runner.invoke(app, ["check", str(tmp_path / "d"), "--doc", "tentative-list"]).exit_code == 0
    )


def test_init_in_a_script_asks_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "d")], input="")
    assert result.exit_code == 0, result.output
    assert "Category" not in result.stdout
    text = (tmp_path / "d" / "dossier.yaml").read_text(encoding="utf-8")
    assert "category: cultural  # TODO" in text
