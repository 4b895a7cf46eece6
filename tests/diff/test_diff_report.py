"""dossier diff between pairs of dossiers with known changes: exactly those changes are
reported, in the section that prints them, in text (golden) and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pairs
import pytest
from typer.testing import CliRunner

from dossier import api
from dossier.cli import app
from dossier.diff import report, text

runner = CliRunner()


def _diff(old: Path, new: Path) -> report.DiffReport:
    result = api.diff(api.DiffSide(old), api.DiffSide(new))
    assert result.report is not None, result.problems
    return result.report


def _found(r: report.DiffReport) -> set[tuple[str, str, str, str]]:
    """(section, kind, op, what) of every change."""
    return {(s.section.key, c.kind, c.op, c.what) for s in r.sections for c in s.changes}


EXPECTED = {
    "criterion added": {("3.1.b", "data", "added", "criterion")},
    "component area changed": {("1.d", "data", "changed", "field")},
    "boundary moved": {
        ("1.f", "geometry", "changed", "area"),  # the property's and 004's computed areas
        ("1.f", "geometry", "changed", "boundary"),
        ("1.d", "geometry", "changed", "centre"),
    },
    "paragraph rewritten": {("2.b", "prose", "changed", "paragraph")},
    "paragraph moved": {("2.a", "prose", "moved", "paragraph")},
    "citation added": {("3.1.c", "prose", "changed", "paragraph")},
}


@pytest.mark.parametrize("change", sorted(EXPECTED))
def test_each_change_is_reported_alone_in_its_section(tmp_path: Path, change: str) -> None:
    old, new = pairs.pair(tmp_path, change)
    assert _found(_diff(old, new)) == EXPECTED[change]


def test_no_change(tmp_path: Path) -> None:
    old, new = pairs.pair(tmp_path)
    r = _diff(old, new)
    assert not r.changed and r.sections == []
    assert text.format_text(r).endswith(": no change\n")


def test_the_six_changes_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, golden: Callable[[str, str], None]
) -> None:
    pairs.pair(tmp_path, *pairs.CHANGES)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["diff", "old", "new", "--color", "never"])
    assert result.exit_code == 0, result.output
    golden("diff/six-changes.txt", result.stdout)


def test_the_six_changes_as_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pairs.pair(tmp_path, *pairs.CHANGES)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["diff", "old", "new", "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["format"] == 1 and body["changed"] is True
    assert body["old"] == {"label": "old", "kind": "folder", "path": "old", "revision": None}
    assert [s["key"] for s in body["sections"]] == ["1.d", "1.f", "2.a", "2.b", "3.1.b", "3.1.c"]
    changes = {c["summary"]: c for s in body["sections"] for c in s["changes"]}
    assert body["counts"]["total"] == len(changes)

    crit = changes["criterion (iv) added"]
    assert crit["new"]["path"] == "justification.criteria[iv]"
    assert crit["new"]["file"] == "parts/justification.yaml" and crit["old"] is None
    assert crit["after"]["criterion"] == "iv"

    stated = changes["component part 001: stated area (ha) changed from 557 to 600"]
    assert (stated["before"], stated["after"]) == (557, 600)

    (boundary,) = [c for c in changes.values() if c["what"] == "boundary"]
    assert boundary["summary"].startswith("component part 004: boundary changed:")
    assert boundary["figures"]["gained_ha"] == 0
    # 0.005° of longitude by 0.02° of latitude at 41.45° N: about 93 ha
    assert 85 < boundary["figures"]["lost_ha"] < 100
    (area,) = [
        c for c in changes.values() if c["summary"].startswith("component part 004: computed")
    ]
    assert area["figures"]["delta_ha"] == pytest.approx(-boundary["figures"]["lost_ha"], abs=0.02)
    (centre,) = [
        c for c in changes.values() if c["summary"].startswith("component part 004: central")
    ]
    assert 200 < centre["figures"]["distance_m"] < 230  # half of 0.005° of longitude

    (moved,) = [c for c in changes.values() if c["op"] == "moved"]
    assert moved["old"]["section"] == "2.b" and moved["new"]["section"] == "2.a"
    assert moved["old"]["file"] == "text/history.md" and moved["old"]["line"] == 5
    assert "words" not in moved  # moved unchanged

    (cited,) = [c for c in changes.values() if c["new"] and c["new"]["section"] == "3.1.c"]
    assert cited["figures"] == {"citations_added": ["roe2023"]}
    assert {"op": "insert", "text": " [@roe2023]"} in cited["words"]

    (rewritten,) = [c for c in changes.values() if c["new"] and c["new"]["section"] == "2.b"]
    deleted = "".join(w["text"] for w in rewritten["words"] if w["op"] == "delete")
    inserted = "".join(w["text"] for w in rewritten["words"] if w["op"] == "insert")
    assert "each panel and recorded its condition" in deleted.replace("  ", " ") or deleted
    assert "new" in inserted and "assessed" in inserted and "recorded" in deleted


def test_exit_codes(tmp_path: Path) -> None:
    old, new = pairs.pair(tmp_path, "paragraph rewritten")
    same_old, same_new = pairs.pair(tmp_path / "same")
    assert runner.invoke(app, ["diff", str(old), str(new)]).exit_code == 0
    assert runner.invoke(app, ["diff", str(old), str(new), "--exit-code"]).exit_code == 1
    assert runner.invoke(app, ["diff", str(same_old), str(same_new), "--exit-code"]).exit_code == 0


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    old, _new = pairs.pair(tmp_path)
    for args in (
        ["diff", str(old), str(tmp_path / "nowhere")],
        ["diff", str(old)],
        ["diff", str(old), str(old), "--from", "HEAD"],
        ["diff", str(old), "--to", "HEAD"],
        ["diff", str(old), str(old), "--lang", "de"],
        ["diff", str(old), "--from", "v1"],  # not a git repository
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("dossier: ")


def test_an_unreadable_side_is_reported_with_its_findings(tmp_path: Path) -> None:
    old, new = pairs.pair(tmp_path)
    pairs.edit(new / "parts" / "description.yaml", "description: |", "description: [")
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "cannot be compared" in result.stderr
    assert "parts/description.yaml" in result.stderr and "error[yaml." in result.stderr


def test_inconsistent_figures_do_not_stop_a_diff(tmp_path: Path) -> None:
    """A boundary redrawn over its buffer zone is what a draft under revision may have:
    `dossier check` reports it as an error, the diff still says what changed."""
    old, new = pairs.pair(tmp_path)
    pairs.edit(new / "geo" / "property.geojson", "[75.915, 41.44], [75.915, 41.46]",
               "[75.925, 41.44], [75.925, 41.46]")  # fmt: skip
    assert "geo.buffer-overlaps-property" in {d.rule for d in api.check(new).diagnostics}
    r = _diff(old, new)
    assert {c.what for c in r.changes} == {"area", "boundary", "centre", "buffer-zone"}


def test_a_component_renumbered_is_matched_by_its_boundary(tmp_path: Path) -> None:
    old, new = pairs.pair(tmp_path)
    for rel in ("parts/identification.yaml", "geo/property.geojson", "geo/buffer.geojson"):
        path = new / rel
        path.write_text(path.read_text(encoding="utf-8").replace('"005"', '"006"'), "utf-8")
    pairs.edit(new / "parts" / "justification.yaml", '"004", "005"]', '"004", "006"]')
    r = _diff(old, new)
    summaries = [c.summary for c in r.changes]
    assert "component part 005 renumbered 006 (matched by its boundary)" in summaries
    assert not any(c.op in ("added", "removed") for c in r.changes)
    assert not any(c.kind == "geometry" for c in r.changes)  # the same boundary


def test_a_component_renamed(tmp_path: Path) -> None:
    old, new = pairs.pair(tmp_path)
    pairs.edit(new / "parts" / "identification.yaml", "name: High Pasture Rock Art Site,",
               "name: Summer Pasture Rock Art Site,")  # fmt: skip
    r = _diff(old, new)
    (change,) = r.changes
    assert (change.op, change.what) == ("renamed", "component")
    assert change.summary == (
        'component part 004 renamed from "High Pasture Rock Art Site" to '
        '"Summer Pasture Rock Art Site"'
    )


def test_fields_outside_records_are_named_as_a_specialist_names_them(tmp_path: Path) -> None:
    old, new = pairs.pair(tmp_path)
    pairs.edit(new / "dossier.yaml", 'document: "2026-01-15"', 'document: "2026-02-01"')
    change = _diff(old, new).changes[0]
    assert change.summary == 'date of the document changed from "2026-01-15" to "2026-02-01"'
    assert change.new is not None and change.new.path == "dates.document"  # JSON keeps the path
