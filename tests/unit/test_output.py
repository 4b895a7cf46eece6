from __future__ import annotations

from pathlib import Path

import pytest

from dossier.core.output import RECORD, OutputConflict, write_atomic, write_outputs


def test_write_atomic_leaves_no_temporary_file(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a" / "f.txt", b"x")
    assert (tmp_path / "a" / "f.txt").read_bytes() == b"x"
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["f.txt"]


def test_outputs_are_recorded_and_may_be_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "nomination-en.pdf"
    write_outputs(tmp_path, {target: b"one"})
    assert (tmp_path / RECORD).exists()
    write_outputs(tmp_path, {target: b"two"})
    assert target.read_bytes() == b"two"


def test_a_file_dossier_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "nomination-en.docx"
    target.write_bytes(b"the ministry's edited copy")
    with pytest.raises(OutputConflict):
        write_outputs(tmp_path, {target: b"new"})
    assert target.read_bytes() == b"the ministry's edited copy"
    write_outputs(tmp_path, {target: b"new"}, force=True)
    assert target.read_bytes() == b"new"


def test_an_output_edited_since_the_last_build_is_protected(tmp_path: Path) -> None:
    target = tmp_path / "nomination-en.docx"
    write_outputs(tmp_path, {target: b"built"})
    target.write_bytes(b"built, then commented in Word")
    other = tmp_path / "nomination-en.pdf"
    with pytest.raises(OutputConflict) as exc:
        write_outputs(tmp_path, {other: b"pdf", target: b"rebuilt"})
    assert exc.value.paths == [target]
    assert not other.exists()  # nothing is written when any target conflicts


def test_findings_cache_round_trips_and_can_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.core import cache
    from dossier.core.diagnostics import Diagnostic, Location, Severity

    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path / "c"))
    diags = [
        Diagnostic(
            "geo.x", Severity.WARNING, "m", Location("geo/a.geojson", 2, 3, "feature 1"), "h"
        )
    ]
    cache.store_diagnostics("geo", "k", diags)
    assert cache.load_diagnostics("geo", "k") == diags
    assert cache.load_diagnostics("geo", "other") is None
    monkeypatch.setenv("DOSSIER_NO_CACHE", "1")
    assert cache.load_diagnostics("geo", "k") is None


def test_an_edited_boundary_is_checked_again(minimal: Path) -> None:
    from dossier import api

    assert not api.check(minimal).failed()
    prop = minimal / "geo" / "property.geojson"
    prop.write_text(
        prop.read_text().replace("[2.01, 45.0], [2.01, 45.01]", "[2.01, 45.01], [2.01, 45.0]")
    )
    assert any(d.rule == "geo.self-intersection" for d in api.check(minimal).diagnostics)
