"""Editors and other JSON Schema tools read the dossier schemas offline.

The real YAML language server (the one VS Code's YAML extension uses) is driven over
the Language Server Protocol, on the part files of a dossier made by `dossier init`
(modelines pointing at the schemas it exports into .schemas/) and of the example
(modelines pointing at the package's schemas): completion, a wrong field flagged on its
line, the field's own description on hover, and no schema fetched from anywhere (the
server runs without a network when the machine allows it). check-jsonschema validates
the same files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli import app

from .lspclient import LspClient

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ustyurt"
HERE = Path(__file__).resolve().parent
SERVER = HERE / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SETTINGS = {
    "yaml": {
        "validate": True,
        "completion": True,
        "hover": True,
        "schemaStore": {"enable": False},
        "kubernetesCRDStore": {"enable": False},
    },
    "http": {},
    "[yaml]": {},
    "editor": {},
}
NO_NETWORK = ["unshare", "--net"]


def _offline_prefix() -> list[str]:
    """Run the server in a network namespace of its own (no interface but loopback) when
    this machine allows it; the assertions on diagnostics hold either way."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return []
    probe = subprocess.run([*NO_NETWORK, "true"], capture_output=True, check=False)
    return NO_NETWORK if probe.returncode == 0 else []


def _server_command() -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the editor tests need node (apt-get install nodejs)")
    if not SERVER.is_file():
        message = (
            "yaml-language-server is not installed in tests/lsp/node_modules: "
            "run `make lsp-deps` (npm, needs the npm registry)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [*_offline_prefix(), node, str(SERVER), "--stdio"]


@pytest.fixture(scope="module")
def new_dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("editor") / "my-dossier"
    result = CliRunner().invoke(app, ["init", str(folder), "-s", "FR", "--category", "cultural"])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def server(new_dossier: Path) -> Iterator[LspClient]:
    client = LspClient(_server_command(), settings=SETTINGS)
    try:
        client.initialize(new_dossier)
        yield client
    finally:
        client.close()


def _problems(diags: list[dict[str, object]]) -> list[str]:
    return [str(d["message"]) for d in diags]


def _no_schema_fetched(messages: list[str]) -> None:
    for m in messages:
        assert "Unable to load schema" not in m and "Problems loading reference" not in m, m


def _part_files(folder: Path) -> list[Path]:
    return [folder / "dossier.yaml", *sorted((folder / "parts").glob("*.yaml"))]


def test_every_part_file_of_a_new_dossier_validates_offline(
    server: LspClient, new_dossier: Path
) -> None:
    files = _part_files(new_dossier)
    assert len(files) == 13
    for path in files:
        uri = server.open(path)
        messages = _problems(server.diagnostics(uri))
        _no_schema_fetched(messages)
        assert messages == [], (path.name, messages)


def test_every_part_file_of_the_example_validates_with_the_package_schemas(
    server: LspClient,
) -> None:
    for path in _part_files(EXAMPLE):
        uri = server.open(path)
        messages = _problems(server.diagnostics(uri))
        _no_schema_fetched(messages)
        assert messages == [], (path.name, messages)


def test_completion_offers_the_fields_of_a_part(server: LspClient, tmp_path: Path) -> None:
    part = tmp_path / "parts" / "3-justification.yaml"
    part.parent.mkdir()
    schemas = (Path(__file__).resolve().parents[2] / "schemas").as_posix()
    part.write_text(
        f"# yaml-language-server: $schema={schemas}/parts/justification.schema.json\n"
        "brief_synthesis: A hill fort.\n"
        "\n",
        encoding="utf-8",
    )
    uri = server.open(part)
    server.diagnostics(uri)
    items = server.completion(uri, 2, 0)
    labels = {str(i["label"]) for i in items}
    assert {"integrity", "authenticity", "comparative_analysis", "souv", "criteria"} <= labels
    assert "brief_synthesis" not in labels  # already written
    integrity = next(i for i in items if i["label"] == "integrity")
    doc = integrity.get("documentation")
    text = doc.get("value", "") if isinstance(doc, dict) else str(doc or "")
    assert "integrity" in text.lower()


def test_a_wrong_field_is_flagged_on_its_line(server: LspClient, new_dossier: Path) -> None:
    part = new_dossier / "parts" / "2-description.yaml"
    lines = part.read_text(encoding="utf-8").splitlines()
    lines.append("histroy: Built in the Iron Age.")
    wrong = new_dossier / "parts" / "2-description-wrong.yaml"
    wrong.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        uri = server.open(wrong)
        diags = server.diagnostics(uri)
    finally:
        wrong.unlink()
    _no_schema_fetched(_problems(diags))
    flagged = [d for d in diags if "histroy" in str(d["message"])]
    assert flagged, diags
    assert flagged[0]["range"]["start"]["line"] == len(lines) - 1  # type: ignore[index]


def test_hover_shows_the_fields_own_description(server: LspClient, new_dossier: Path) -> None:
    part = new_dossier / "parts" / "3-justification.yaml"
    lines = part.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines) if t.startswith("integrity:"))
    uri = server.open(part)
    server.diagnostics(uri)
    text = server.hover(uri, line, 2)
    assert "3.1.c" in text and "integrity" in text.lower(), text
    # Not the description of the placeholder type nor of the prose type.
    assert "What is still to be written" not in text


def _check_jsonschema(schema: Path, *instances: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *_offline_prefix(),
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(schema),
            *(str(i) for i in instances),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def _modeline_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return (path.parent / first.split("$schema=", 1)[1]).resolve()


@pytest.mark.slow
def test_check_jsonschema_validates_part_files_offline(new_dossier: Path) -> None:
    """Schemas with many $refs between files, exported (.schemas/, the new dossier) and
    packaged (the example's modelines); about 2 s of CPU per run."""
    pytest.importorskip("check_jsonschema")
    for part in (
        new_dossier / "parts" / "3-justification.yaml",
        EXAMPLE / "parts" / "1-identification.yaml",
    ):
        run = _check_jsonschema(_modeline_target(part), part)
        assert run.returncode == 0, (part, run.stdout, run.stderr)
    run = _check_jsonschema(
        _modeline_target(new_dossier / "dossier.yaml"), new_dossier / "dossier.yaml"
    )
    assert run.returncode == 0, run.stdout + run.stderr
    wrong = new_dossier / "x-wrong.yaml"
    wrong.write_text("description: A.\nhistory: B.\nhistroy: C.\n", encoding="utf-8")
    try:
        run = _check_jsonschema(
            new_dossier / ".schemas" / "parts" / "description.schema.json", wrong
        )
    finally:
        wrong.unlink()
    assert run.returncode == 1 and "histroy" in run.stdout + run.stderr
