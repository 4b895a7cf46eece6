from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dossier import api
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.load import sources
from dossier.validate import suppress
from dossier.validate.suppress import parse_at


def test_parse_at() -> None:
    assert parse_at("monitoring.indicators[2].periodicity") == (
        "monitoring",
        "indicators",
        2,
        "periodicity",
    )
    assert parse_at("a..b") == ("a", "b")
    assert parse_at("a[x]") is None


def test_unknown_place_is_reported(minimal: Path) -> None:
    manifest = minimal / "dossier.yaml"
    manifest.write_text(
        manifest.read_text()
        + "suppressions:\n  - rule: x.y\n    at: monitoring.indicators[7]\n    reason: Because it is explained elsewhere.\n"
    )
    result = api.check(minimal)
    found = [
        (d.rule, str(d.location)) for d in result.diagnostics if d.rule.startswith("suppress.")
    ]
    assert found == [("suppress.bad-place", "dossier.yaml:29:9")]


# ---------------------------------------------------------------- collect and apply, exactly

SUPPRESSIONS = """\
suppressions:
  - not a mapping
  - {rule: a.b, at: "monitoring.indicators[0]"}
  - {rule: a.b, at: 7, reason: not a place}
  - {rule: 7, at: monitoring, reason: not a rule}
  - {rule: r.yaml, at: parts/monitoring.yaml, reason: whole file}
  - {rule: r.yml, at: other.yml, reason: yml}
  - {rule: r.md, at: text/history.md, reason: md}
  - {rule: r.geojson, at: geo/property.geojson, reason: geojson}
  - {rule: r.json, at: bibliography.json, reason: json}
  - {rule: r.bad, at: "monitoring..[x", reason: unreadable}
  - {rule: r.part, at: nowhere.else, reason: unknown part}
  - {rule: r.path, at: "monitoring.indicators[7]", reason: no such item}
  - {rule: r.item, at: "monitoring.indicators[0]", reason: an item}
  - {rule: r.manifest, at: property.name, reason: a manifest key}
"""


MONITORING = """\
indicators:
  - id: erosion
    indicator: Rampart erosion
    periodicity: annually
  - id: visitors
    indicator: Number of visitors
arrangements: The heritage service monitors the property.
"""


def _collected(minimal: Path) -> tuple[list[suppress.Suppression], list[Diagnostic]]:
    manifest = minimal / "dossier.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + SUPPRESSIONS, encoding="utf-8")
    return suppress.collect(sources.load(minimal))


@pytest.mark.reports("suppress.bad-place")
def test_collect_reads_every_well_formed_entry(minimal: Path) -> None:
    """Malformed entries are skipped (the schema reports them) and reading goes on."""
    (minimal / "parts" / "monitoring.yaml").write_text(MONITORING, encoding="utf-8")
    found, diags = _collected(minimal)
    assert len(found) == 7
    assert found[:5] == [
        suppress.Suppression("r.yaml", "parts/monitoring.yaml", None, None, "whole file"),
        suppress.Suppression("r.yml", "other.yml", None, None, "yml"),
        suppress.Suppression("r.md", "text/history.md", None, None, "md"),
        suppress.Suppression("r.geojson", "geo/property.geojson", None, None, "geojson"),
        suppress.Suppression("r.json", "bibliography.json", None, None, "json"),
    ]
    assert found[5] == suppress.Suppression("r.item", "parts/monitoring.yaml", 2, 4, "an item")
    assert found[6] == suppress.Suppression("r.manifest", "dossier.yaml", 4, 4, "a manifest key")
    # The unreadable place and the unknown part, then the place that does not exist.
    assert [(d.rule, d.severity, d.message, d.hint, str(d.location)) for d in diags] == [
        (
            "suppress.bad-place",
            Severity.ERROR,
            "cannot find the place 'monitoring..[x' named by this suppression",
            "Write a part and path such as 'monitoring.indicators[2]', or a file path.",
            "dossier.yaml:37:23",
        ),
        (
            "suppress.bad-place",
            Severity.ERROR,
            "cannot find the place 'nowhere.else' named by this suppression",
            "Write a part and path such as 'monitoring.indicators[2]', or a file path.",
            "dossier.yaml:38:24",
        ),
        (
            "suppress.bad-place",
            Severity.ERROR,
            "the place 'monitoring.indicators[7]' named by this suppression does not exist "
            "in the sources",
            "Check the part name, field names and list positions (counted from 0).",
            "dossier.yaml:39:24",
        ),
    ]


@pytest.mark.accepts("suppress.bad-place")
def test_good_places_are_not_reported(minimal: Path) -> None:
    manifest = minimal / "dossier.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + 'suppressions:\n  - {rule: x.y, at: "monitoring.indicators[0]", reason: fine}\n'
        + "  - {rule: x.y, at: property.name, reason: fine}\n",
        encoding="utf-8",
    )
    found, diags = suppress.collect(sources.load(minimal))
    assert diags == [] and len(found) == 2
    result = api.check(minimal)
    assert [d for d in result.diagnostics if d.rule == "suppress.bad-place"] == []


def test_no_suppressions_or_not_a_list() -> None:
    src = sources.Sources(Path(), data={"suppressions": {"rule": "a"}})
    assert suppress.collect(src) == ([], [])
    assert suppress.collect(sources.Sources(Path())) == ([], [])


def _d(rule: str, file: str | None, line: int | None = None) -> Diagnostic:
    loc = None if file is None else Location(file, line, 1 if line else None)
    return Diagnostic(rule, Severity.ERROR, "m", loc, None)


def test_apply_silences_only_the_rule_at_its_place() -> None:
    sups = [
        suppress.Suppression("r.a", "parts/a.yaml", 3, 5, "lines 3-5"),
        suppress.Suppression("r.b", "text/b.md", None, None, "whole file"),
    ]
    diags = [
        _d("r.a", "parts/a.yaml", 2),
        _d("r.a", "parts/a.yaml", 3),
        _d("r.a", "parts/a.yaml", 5),
        _d("r.a", "parts/a.yaml", 6),
        _d("r.a", "parts/a.yaml", None),
        _d("r.a", "parts/other.yaml", 4),
        _d("r.a", None),
        _d("r.b", "text/b.md", 40),
        _d("r.b", "text/b.md", None),
        _d("r.b", "parts/a.yaml", 4),
        _d("r.c", "text/b.md", 1),
    ]
    out = suppress.apply(diags, sups)
    assert [d.suppressed for d in out] == [
        None,
        "lines 3-5",
        "lines 3-5",
        None,
        None,
        None,
        None,
        "whole file",
        "whole file",
        None,
        None,
    ]
    assert [replace(d, suppressed=None) for d in out] == diags
    half_open = suppress.Suppression("r.a", "parts/a.yaml", 3, None, "x")
    assert suppress.apply([_d("r.a", "parts/a.yaml", 9)], [half_open])[0].suppressed == "x"
    assert (
        suppress.apply(
            [_d("r.a", "parts/a.yaml", 9)], [replace(half_open, first_line=None, last_line=2)]
        )[0].suppressed
        == "x"
    )


def test_parse_at_steps() -> None:
    assert parse_at(" part.key[10].x ") == ("part", "key", 10, "x")
    assert parse_at(".a") == ("a",)
    assert parse_at("a-b_c.d[0][1]") == ("a-b_c", "d", 0, 1)
    assert parse_at("") == ()
    assert parse_at("a b") is None
