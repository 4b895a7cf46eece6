"""Hostile output folders: a file in the way, a full disk, a rename that fails, the
dossier's own folders, --force. The output folder is either fully updated or unchanged."""

from __future__ import annotations

import errno
import subprocess
from pathlib import Path

import pytest

from dossier.core import output
from dossier.core.output import RECORD, OutputConflict, OutputError, write_outputs

from .conftest import cli, snapshot


def _previous_build(out: Path) -> dict[str, bytes | None]:
    write_outputs(out, {out / "a.pdf": b"old pdf", out / "a.html": b"old html"})
    return snapshot(out)


# ---------------------------------------------------------------- the folder itself


@pytest.mark.reports("output.not-a-folder")
def test_output_under_a_regular_file_is_a_located_error(minimal: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine")
    for target in (blocker / "x", blocker):
        result = cli("build", str(minimal), "--to", "html", "-o", str(target))
        assert result.returncode == 1, result.stderr
        assert f"{blocker}: error[output.not-a-folder]" in result.stderr
        assert "internal error" not in result.stderr
    assert blocker.read_text() == "mine"


@pytest.mark.reports("output.is-a-folder")
def test_an_output_name_taken_by_a_folder_is_reported_even_with_force(
    minimal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "nomination-en.html").mkdir(parents=True)
    for extra in ((), ("--force",)):
        result = cli("build", str(minimal), "--to", "html", "-o", str(out), *extra)
        assert result.returncode == 1, result.stderr
        assert "error[output.is-a-folder]" in result.stderr
    assert snapshot(out) == {"nomination-en.html": None}


def test_export_gis_under_a_regular_file(minimal: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "f"
    blocker.write_text("")
    result = cli("export", "gis", str(minimal), "-o", str(blocker / "gis"))
    assert result.returncode == 1 and "error[output.not-a-folder]" in result.stderr


# ---------------------------------------------------------------- full disk, failed renames


@pytest.mark.reports("output.write-failed")
def test_a_full_disk_while_staging_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = _previous_build(out)
    real = output._write_all
    calls: list[int] = []

    def full_after_first(fd: int, data: bytes) -> None:
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(output, "_write_all", full_after_first)
    with pytest.raises(OutputError) as exc:
        write_outputs(out, {out / "a.pdf": b"new pdf", out / "a.html": b"new html"})
    (diag,) = exc.value.diagnostics
    assert diag.rule == "output.write-failed" and "the disk is full" in diag.message
    assert snapshot(out) == before


def test_a_rename_failing_midway_is_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = _previous_build(out)
    real = Path.replace
    renames: list[Path] = []

    def fail_second(self: Path, target: str | Path) -> Path:
        if str(self).endswith(output.TMP_SUFFIX):
            renames.append(self)
            if len(renames) == 2:
                raise OSError(errno.EIO, "Input/output error", str(target))
        return real(self, target)

    monkeypatch.setattr(Path, "replace", fail_second)
    with pytest.raises(OutputError):
        write_outputs(
            out, {out / "a.pdf": b"new pdf", out / "a.html": b"new html", out / "b.docx": b"x"}
        )
    assert len(renames) == 2  # the first output had been replaced, then put back
    assert snapshot(out) == before


def test_a_failure_in_a_new_folder_removes_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output, "_write_all", full)
    with pytest.raises(OutputError):
        write_outputs(tmp_path / "new" / "out", {tmp_path / "new" / "out" / "a.pdf": b"x"})
    assert snapshot(tmp_path) == {}


@pytest.fixture
def tiny_disk(tmp_path: Path) -> object:
    """A real 200 KiB file system (tmpfs); skipped where mounting is not allowed."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mnt)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=False)


def test_a_really_full_disk(tiny_disk: Path) -> None:
    out = tiny_disk / "out"
    before = _previous_build(out)
    big = bytes(150 * 1024)
    with pytest.raises(OutputError) as exc:
        write_outputs(out, {out / "a.pdf": big, out / "a.html": big})
    assert "the disk is full" in exc.value.diagnostics[0].message
    assert snapshot(out) == before


# ---------------------------------------------------------------- sources and foreign files


def test_export_gis_never_writes_among_the_sources(minimal: Path) -> None:
    before = snapshot(minimal)
    for target in (minimal / "geo", minimal):
        result = cli("export", "gis", str(minimal), "-o", str(target), "--force")
        assert result.returncode == 1, result.stderr
        assert "error[output.inside-sources]" in result.stderr
    assert snapshot(minimal) == before


@pytest.mark.reports("output.inside-sources")
def test_build_never_writes_among_the_sources(minimal: Path) -> None:
    before = snapshot(minimal)
    result = cli("build", str(minimal), "--to", "html", "-o", str(minimal / "text"))
    assert result.returncode == 1 and "error[output.inside-sources]" in result.stderr
    assert snapshot(minimal) == before
    # a folder of its own inside the dossier is fine
    assert cli("build", str(minimal), "--to", "html", "-o", str(minimal / "build")).returncode == 0


def test_export_gis_keeps_a_record_and_respects_foreign_files(
    minimal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "gis"
    out.mkdir()
    (out / "property.geojson").write_text("the surveyor's own file")
    result = cli("export", "gis", str(minimal), "-o", str(out))
    assert result.returncode == 1 and "error[output.not-ours]" in result.stderr
    assert snapshot(out) == {"property.geojson": b"the surveyor's own file"}
    (out / "property.geojson").unlink()
    assert cli("export", "gis", str(minimal), "-o", str(out)).returncode == 0
    assert (out / RECORD).exists()
    assert cli("export", "gis", str(minimal), "-o", str(out)).returncode == 0  # again


def test_force_keeps_the_replaced_file_as_a_backup(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    edited = out / "nomination-en.docx"
    edited.write_bytes(b"with the ministry's comments")
    with pytest.raises(OutputConflict):
        write_outputs(out, {edited: b"built"})
    write_outputs(out, {edited: b"built"}, force=True)
    assert edited.read_bytes() == b"built"
    assert (out / "nomination-en.~1~.docx").read_bytes() == b"with the ministry's comments"
    edited.write_bytes(b"commented again")
    write_outputs(out, {edited: b"built 2"}, force=True)
    assert (out / "nomination-en.~2~.docx").read_bytes() == b"commented again"
    write_outputs(out, {edited: b"built 3"})  # ours now: replaced without a backup
    assert sorted(p.name for p in out.iterdir()) == [
        RECORD,
        "nomination-en.docx",
        "nomination-en.~1~.docx",
        "nomination-en.~2~.docx",
    ]


@pytest.mark.reports("geo.no-boundaries")
def test_export_gis_without_boundaries_writes_nothing(minimal: Path, tmp_path: Path) -> None:
    manifest = minimal / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    for line in (
        "  identification: parts/identification.yaml\n",
        "  executive_summary: parts/summary.yaml\n",
    ):
        assert line in text
        text = text.replace(line, "")
    manifest.write_text(text, encoding="utf-8")
    result = cli("export", "gis", str(minimal), "-o", str(tmp_path / "gis"))
    assert result.returncode == 1
    assert (
        "error[geo.no-boundaries]: the dossier has no property boundary to export" in result.stderr
    )
    assert not (tmp_path / "gis").exists()


@pytest.mark.accepts("geo.no-boundaries")
def test_export_gis_of_the_minimal_dossier(minimal: Path, tmp_path: Path) -> None:
    result = cli("export", "gis", str(minimal), "-o", str(tmp_path / "gis"))
    assert result.returncode == 0 and "error[" not in result.stderr
    assert (tmp_path / "gis" / "property.geojson").is_file()


@pytest.mark.reports("render.libreoffice")
def test_update_fields_without_libreoffice_is_a_build_error(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / "out"
    result = cli("build", str(minimal), "--to", "docx", "--update-fields", "-o", str(out))
    assert result.returncode == 1
    assert "error[render.libreoffice]: DOSSIER_SOFFICE=" in result.stderr
    assert not out.exists()
