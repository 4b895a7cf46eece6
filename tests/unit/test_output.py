from __future__ import annotations

from pathlib import Path

import pytest

from dossier.output import RECORD, OutputConflict, write_atomic, write_outputs


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
