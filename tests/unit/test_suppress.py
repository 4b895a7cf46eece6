from __future__ import annotations

from pathlib import Path

from dossier import api
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
