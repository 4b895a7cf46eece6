"""One catalogue of every diagnostic id: the code emits nothing it lacks, it lists nothing
the code cannot emit, and each entry is well formed (severity per stage, title, source)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier import api
from dossier.cli import app
from dossier.core import catalogue
from dossier.validate import registry, rulebook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import catalogue_scan
from catalogue_scan import CATALOGUE, HOW_TO_ADD, assert_catalogued

ID_RE = re.compile(r"[a-z][a-z0-9]*(-[a-z]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+")  # i18n.stale too
# What a source must name: an OG paragraph, an Annex item, a standard, or guidance.
SOURCE_RE = re.compile(
    r"OG paras?\. \d|Annex \d|RFC \d|YAML 1\.2|JSON Schema|CSL 1\.0|ISO \d|OGC|DOI Handbook"
    r"|guidance"
)


def _families() -> frozenset[str]:
    return frozenset(r.id.split(".", 1)[0] for r in catalogue.rules())


def test_code_emits_only_catalogued_ids() -> None:
    """Every literal passed as a rule id, or shaped like an id of a known family, is listed."""
    found = catalogue_scan.scan(_families())
    missing = {
        rule_id: sites
        for rule_id, sites in sorted(found.all_ids().items())
        if not catalogue.known(rule_id)
    }
    lines = [str(site) for sites in missing.values() for site in sites]
    assert not missing, (
        "These diagnostic ids can be emitted but are not in the catalogue:\n  "
        + "\n  ".join(lines)
        + "\n"
        + HOW_TO_ADD
        + "\nIf a literal only looks like an id (a file or module name), add it to NOT_IDS "
        "in tests/catalogue_scan.py."
    )


def test_rule_ids_are_whole_literals() -> None:
    """An id built at run time (f-string, +) cannot be checked against the catalogue."""
    found = catalogue_scan.scan(_families())
    assert not found.dynamic, (
        "Rule ids built at run time; write each id as a whole string literal "
        "(e.g. a dict from kind to id):\n  " + "\n  ".join(str(s) for s in found.dynamic)
    )


def test_every_catalogued_id_is_emitted_by_the_code() -> None:
    found = set(catalogue_scan.scan(_families()).all_ids())
    unused = sorted(r.id for r in catalogue.rules() if r.id not in found)
    assert not unused, (
        f"{CATALOGUE} lists ids that no code emits (remove them, or write the id as a "
        f"literal where it is emitted): {unused}"
    )


def test_catalogue_entries_are_well_formed() -> None:
    rules = catalogue.rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)), "an id is listed twice"
    assert len(ids) >= 150
    for r in rules:
        assert ID_RE.fullmatch(r.id), r.id
        assert r.title.strip() and r.source.strip(), r.id
        assert SOURCE_RE.search(r.source), f"{r.id}: the source names no paragraph or standard"
        assert set(r.documents) <= set(rulebook.ALL_DOCS), r.id
        for stage in ("draft", "submission"):
            r.severity(stage)  # every level maps to a severity (or to silence)
    # The UNESCO group is exactly the rules with a @rule function, and nothing else is.
    implemented = set(registry.implemented_rules())
    assert implemented == {r.id for r in rulebook.unesco_rules()}
    # Every family of the issue is catalogued.
    assert {
        "yaml",
        "file",
        "path",
        "schema",
        "ref",
        "prose",
        "bib",
        "geo",
        "render",
        "output",
        "suppress",
    } <= _families()


def test_malformed_catalogue_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "catalogue.yaml").write_text(
        "format: 1\nsources:\n  - id: yaml.syntax\n    severity: fatal\n    title: t\n"
        "    source: YAML 1.2\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("dossier.core.resources.templates_dir", lambda: tmp_path)
    catalogue.rules.cache_clear()
    try:
        with pytest.raises(catalogue.CatalogueError, match=r"yaml\.syntax: severity 'fatal'"):
            catalogue.rules()
    finally:
        catalogue.rules.cache_clear()
    assert catalogue.known("yaml.syntax")


def test_rules_command_lists_every_id_with_a_source() -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["rules", "--format", "json"])
    assert out.exit_code == 0
    listed = json.loads(out.output)["rules"]
    assert {r["id"] for r in listed} == {r.id for r in catalogue.rules()}
    assert all(r["source"] and r["title"] for r in listed)
    by_id = {r["id"]: r for r in listed}
    assert by_id["yaml.syntax"]["source"] == "YAML 1.2"
    assert by_id["geo.crs"]["source"].startswith("RFC 7946")
    assert by_id["render.glyph-missing"]["command"] == "build"
    text = runner.invoke(app, ["rules", "--group", "geometry"])
    assert text.exit_code == 0
    assert "## Boundaries, areas and coordinates" in text.output
    assert "yaml.syntax" not in text.output
    assert re.search(r"^geo\.crs\s+error\s+N,P,T\s+RFC 7946, 4$", text.output, re.M)


@pytest.mark.parametrize("stage", ["draft", "submission"])
def test_example_findings_are_catalogued(stage: str) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "ustyurt"
    result = api.check(example, stage=api.Stage(stage))
    assert_catalogued(result.diagnostics, stage, "examples/ustyurt")
