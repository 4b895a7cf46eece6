"""The transactional writer piece by piece: what each refusal says, which file it names,
the record it keeps, links and backups, and that every failure leaves the folder as it was.
(tests/hostile/test_outputs.py drives it through the CLI and a real full disk.)"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from dossier.core import output
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.core.output import (
    OLD_SUFFIX,
    RECORD,
    TMP_SUFFIX,
    OutputConflict,
    OutputError,
    write_atomic,
    write_outputs,
)


def _tree(folder: Path) -> dict[str, bytes | str | None]:
    """Every entry under ``folder``, hidden ones too: bytes, a link's target, None (folder)."""
    if not folder.exists():
        return {}
    out: dict[str, bytes | str | None] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        out[rel] = str(p.readlink()) if p.is_symlink() else p.read_bytes() if p.is_file() else None
    return out


def _error(path: Path, message: str, hint: str, rule: str) -> Diagnostic:
    return Diagnostic(rule, Severity.ERROR, message, Location(str(path)), hint)


WRITE_HINT = "Free some space or choose another --output folder, then run the command again."


def _write_failed(path: Path, reason: str, out: Path) -> Diagnostic:
    return _error(
        path,
        f"{path.name} could not be written: {reason}; nothing in {out} was changed",
        WRITE_HINT,
        "output.write-failed",
    )


# ---------------------------------------------------------------- what the refusals say


def test_a_foreign_file_is_named_with_what_to_do(tmp_path: Path) -> None:
    target = tmp_path / "nomination-en.docx"
    target.write_bytes(b"the ministry's copy")
    with pytest.raises(OutputConflict) as exc:
        write_outputs(tmp_path, {target: b"new"})
    assert exc.value.diagnostics == [
        _error(
            target,
            "this file was not written by dossier (or was edited since); it was left as it is",
            "Choose another --output folder, move the file, or use --force to replace it "
            "(the old file is then kept as a backup next to it).",
            "output.not-ours",
        )
    ]


def test_an_output_folder_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine")
    with pytest.raises(OutputError) as exc:
        write_outputs(blocker / "out", {blocker / "out" / "a.pdf": b"x"})
    assert exc.value.diagnostics == [
        _error(
            blocker,
            f"the output folder {blocker / 'out'} cannot be made: {blocker} is a file",
            "Give --output a folder name (it is created if needed), or move that file away.",
            "output.not-a-folder",
        )
    ]


def test_an_output_folder_among_the_sources(tmp_path: Path) -> None:
    sources = tmp_path / "dossier"
    sources.mkdir()
    with pytest.raises(OutputError) as exc:
        write_outputs(sources, {sources / "a.pdf": b"x"}, protected=[sources.resolve()])
    assert exc.value.diagnostics == [
        _error(
            sources,
            f"the output folder {sources} holds sources of the dossier; "
            "dossier never writes among its sources",
            "Choose an output folder outside the dossier, or a new folder of its own such as "
            "build/.",
            "output.inside-sources",
        )
    ]
    assert _tree(sources) == {}


def test_a_folder_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").mkdir()
    with pytest.raises(OutputError) as exc:
        write_outputs(tmp_path, {tmp_path / "a.pdf": b"x"}, force=True)
    assert exc.value.diagnostics == [
        _error(
            tmp_path / "a.pdf",
            "a folder named a.pdf is in the way of the output file of that name",
            "Rename or remove that folder, or choose another --output folder.",
            "output.is-a-folder",
        )
    ]


def test_an_output_folder_that_loops(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(OutputError) as exc:
        write_outputs(loop, {loop / "a.pdf": b"x"})
    assert exc.value.diagnostics == [
        _write_failed(loop, "the path loops through symbolic links", loop)
    ]


def test_a_name_the_file_system_refuses(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OutputError) as exc:
        write_outputs(out, {out / ("x" * 300 + ".pdf"): b"x"})
    assert exc.value.diagnostics == [
        _write_failed(out, "the name is too long for the file system", out)
    ]
    assert _tree(out) == {}


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), "the disk quota is used up"),
        (OSError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.EPERM, "Operation not permitted"), "permission denied"),
        (OSError(errno.EROFS, "Read-only file system"), "the disk is read-only"),
        (OSError(errno.EIO, "Input/output error"), "the disk reported an input/output error"),
        (OSError(errno.EBUSY, "Device or Resource Busy"), "device or resource busy"),
        (OSError("Something Odd"), "something odd"),  # no errno, no strerror
    ],
)
def test_why_a_write_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: OSError, reason: str
) -> None:
    def fail(fd: int, data: bytes) -> None:
        raise exc

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(output, "_write_all", fail)
    with pytest.raises(OutputError) as raised:
        write_outputs(out, {out / "a.pdf": b"x"})
    assert raised.value.diagnostics == [_write_failed(out / "a.pdf", reason, out)]
    assert _tree(out) == {}


# ---------------------------------------------------------------- which file is named


def test_the_file_that_could_not_be_staged_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_outputs(out, {out / "a.pdf": b"old pdf", out / "a.html": b"old html"})
    before = _tree(out)
    real = output._write_all
    calls: list[int] = []

    def full_on_second(fd: int, data: bytes) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(output, "_write_all", full_on_second)
    with pytest.raises(OutputError) as exc:
        write_outputs(out, {out / "a.pdf": b"new", out / "a.html": b"new"})
    assert exc.value.diagnostics == [_write_failed(out / "a.html", "the disk is full", out)]
    assert _tree(out) == before


def test_a_failed_rename_names_the_output_not_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_outputs(out, {out / "a.pdf": b"old pdf", out / "a.html": b"old html"})
    before = _tree(out)
    real = os.replace

    def fail_html(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith("a.html") and str(src).endswith(TMP_SUFFIX):
            raise OSError(errno.EIO, "Input/output error", str(src), None, str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", fail_html)
    with pytest.raises(OutputError) as exc:
        write_outputs(out, {out / "a.pdf": b"new", out / "a.html": b"new"})
    assert exc.value.diagnostics == [
        _write_failed(out / "a.html", "the disk reported an input/output error", out)
    ]
    assert _tree(out) == before


def test_a_version_that_cannot_be_put_back_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_outputs(out, {out / "a.pdf": b"old pdf", out / "a.html": b"old html"})
    real = os.replace

    def fail(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith("a.html") or str(src).endswith(OLD_SUFFIX):
            raise OSError(errno.EIO, "Input/output error", str(src), None, str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError) as exc:
        write_outputs(out, {out / "a.pdf": b"new pdf", out / "a.html": b"new html"})
    assert exc.value.diagnostics == [
        _write_failed(out / "a.html", "the disk reported an input/output error", out),
        _error(
            out / "a.pdf",
            "the previous version of a.pdf could not be put back; it is kept next to it "
            f"as a hidden file ending in {OLD_SUFFIX}",
            "Rename that hidden file back to the name of the output.",
            "output.write-failed",
        ),
    ]
    (kept,) = [p for p in out.iterdir() if p.name.endswith(OLD_SUFFIX)]
    assert kept.read_bytes() == b"old pdf"
    assert not list(out.glob(f"*{TMP_SUFFIX}"))


# ---------------------------------------------------------------- folders made and unmade


def test_missing_folders_are_made(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "out"
    assert write_outputs(out, {out / "x.pdf": b"x", out / "y.pdf": b"y"}) == [
        out / "x.pdf",
        out / "y.pdf",
    ]
    assert (out / "x.pdf").read_bytes() == b"x"


def test_folders_made_for_a_failed_write_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.mkdir
    out = tmp_path / "a" / "b" / "out"

    def refuse_the_last(path: str | Path, mode: int = 0o777) -> None:
        if Path(path) == out and out.parent.exists():
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real(path, mode)

    monkeypatch.setattr(os, "mkdir", refuse_the_last)
    with pytest.raises(OutputError) as exc:
        write_outputs(out, {out / "x.pdf": b"x"})
    assert exc.value.diagnostics == [_write_failed(out, "permission denied", out)]
    assert _tree(tmp_path) == {}


def test_an_interrupt_while_staging_in_a_new_folder_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stop(fd: int, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "_write_all", stop)
    out = tmp_path / "new" / "out"
    with pytest.raises(KeyboardInterrupt):
        write_outputs(out, {out / "a.pdf": b"x"})
    assert _tree(tmp_path) == {}


def test_a_signal_while_staging_in_a_new_folder_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = output._write_all
    signalled: list[bool] = []

    def staged_then_signalled(fd: int, data: bytes) -> None:
        real(fd, data)
        signalled.append(True)

    monkeypatch.setattr(output, "_write_all", staged_then_signalled)
    monkeypatch.setattr(output.interrupt, "pending", lambda: bool(signalled))
    out = tmp_path / "new" / "out"
    assert write_outputs(out, {out / "a.pdf": b"x", out / "b.pdf": b"y"}) == []
    assert _tree(tmp_path) == {}


# ---------------------------------------------------------------- the record


def test_the_record_lists_each_output_and_its_digest(tmp_path: Path) -> None:
    write_outputs(tmp_path, {tmp_path / "b.pdf": b"b", tmp_path / "a.html": b"a"})
    text = (tmp_path / RECORD).read_text(encoding="utf-8")
    files = {"a.html": output.digest(b"a"), "b.pdf": output.digest(b"b")}
    assert (
        text
        == json.dumps(
            {"note": "Files written by dossier; dossier only overwrites these.", "files": files},
            indent=2,
        )
        + "\n"
    )
    assert text.index('"a.html"') < text.index('"b.pdf"')
    assert stat.S_IMODE((tmp_path / "a.html").stat().st_mode) == 0o644


@pytest.mark.parametrize("record", ["[1, 2]", '{"files": ["a.pdf"]}', "{not json", '"x"'])
def test_a_damaged_record_protects_every_existing_file(tmp_path: Path, record: str) -> None:
    target = tmp_path / "a.pdf"
    write_outputs(tmp_path, {target: b"built"})
    (tmp_path / RECORD).write_text(record, encoding="utf-8")
    with pytest.raises(OutputConflict):
        write_outputs(tmp_path, {target: b"rebuilt"})
    assert target.read_bytes() == b"built"


def test_a_link_to_an_identical_file_is_not_ours(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {out / "a.pdf": b"built"})
    elsewhere = tmp_path / "theirs.pdf"
    elsewhere.write_bytes(b"built")
    (out / "a.pdf").unlink()
    (out / "a.pdf").symlink_to(elsewhere)
    with pytest.raises(OutputConflict):
        write_outputs(out, {out / "a.pdf": b"rebuilt"})


def test_a_file_that_cannot_be_read_is_not_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.pdf"
    write_outputs(tmp_path, {target: b"built"})
    real = Path.read_bytes

    def unreadable(self: Path) -> bytes:
        if self == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    with pytest.raises(OutputConflict):
        write_outputs(tmp_path, {target: b"rebuilt"})


# ---------------------------------------------------------------- replacing and backups


def test_forcing_over_a_link_keeps_the_link_as_the_backup(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    theirs = tmp_path / "theirs.pdf"
    theirs.write_bytes(b"their file")
    (out / "a.pdf").symlink_to(theirs)
    write_outputs(out, {out / "a.pdf": b"built"}, force=True)
    assert _tree(out) == {
        RECORD: (out / RECORD).read_bytes(),
        "a.pdf": b"built",
        "a.~1~.pdf": str(theirs),
    }
    assert theirs.read_bytes() == b"their file"


def test_backup_names_skip_dangling_links(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"theirs")
    (tmp_path / "a.~1~.pdf").symlink_to(tmp_path / "gone")
    write_outputs(tmp_path, {target: b"built"}, force=True)
    assert (tmp_path / "a.~2~.pdf").read_bytes() == b"theirs"
    assert (tmp_path / "a.~1~.pdf").is_symlink()


def test_old_versions_are_removed_after_a_commit(tmp_path: Path) -> None:
    write_outputs(tmp_path, {tmp_path / "a.pdf": b"1"})
    write_outputs(tmp_path, {tmp_path / "new.html": b"2", tmp_path / "a.pdf": b"3"})
    assert sorted(_tree(tmp_path)) == [RECORD, "a.pdf", "new.html"]


def test_without_hard_links_the_old_version_is_moved_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_outputs(tmp_path, {tmp_path / "a.pdf": b"1", tmp_path / "b.pdf": b"1"})
    write_outputs(tmp_path, {tmp_path / "a.pdf": b"2", tmp_path / "b.pdf": b"2"})
    assert _tree(tmp_path) == {
        RECORD: (tmp_path / RECORD).read_bytes(),
        "a.pdf": b"2",
        "b.pdf": b"2",
    }


def test_without_hard_links_a_failed_rename_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    write_outputs(tmp_path, {tmp_path / "a.pdf": b"old a", tmp_path / "b.pdf": b"old b"})
    before = _tree(tmp_path)
    monkeypatch.setattr(os, "link", no_links)
    real = os.replace

    def fail_b(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith("b.pdf") and str(src).endswith(TMP_SUFFIX):
            raise OSError(errno.EIO, "Input/output error", str(src), None, str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", fail_b)
    with pytest.raises(OutputError):
        write_outputs(tmp_path, {tmp_path / "a.pdf": b"new", tmp_path / "b.pdf": b"new"})
    assert _tree(tmp_path) == before


# ---------------------------------------------------------------- single files


def test_write_atomic_makes_folders_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c.json"
    write_atomic(target, b"1")
    write_atomic(target, b"2")
    write_atomic(target.with_name("d.json"), b"3")
    assert _tree(tmp_path / "a") == {"b": None, "b/c.json": b"2", "b/d.json": b"3"}


def test_a_staged_file_is_hidden_flushed_and_readable(tmp_path: Path) -> None:
    tmp = output._stage(tmp_path / "a.pdf", b"data")
    assert tmp.parent == tmp_path
    assert tmp.name.startswith(f".a.pdf.{os.getpid()}.") and tmp.name.endswith(TMP_SUFFIX)
    assert tmp.read_bytes() == b"data"
    assert stat.S_IMODE(tmp.stat().st_mode) == 0o644


def test_a_temporary_that_vanished_does_not_hide_the_real_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def vanish_then_fail(fd: int, data: bytes) -> None:
        for p in tmp_path.glob(f"*{TMP_SUFFIX}"):
            p.unlink()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output, "_write_all", vanish_then_fail)
    with pytest.raises(OSError) as exc:
        write_atomic(tmp_path / "a.json", b"x")
    assert exc.value.errno == errno.ENOSPC


def test_write_atomic_removes_its_temporary_when_the_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(src: str | Path, dst: str | Path) -> None:
        raise OSError(errno.EIO, "Input/output error", str(src))

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError) as exc:
        write_atomic(tmp_path / "a.json", b"x")
    assert exc.value.errno == errno.EIO
    assert _tree(tmp_path) == {}


def test_write_atomic_reports_the_rename_error_even_if_the_temporary_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def vanish_and_fail(src: str | Path, dst: str | Path) -> None:
        Path(src).unlink()
        raise OSError(errno.EIO, "Input/output error", str(src))

    monkeypatch.setattr(os, "replace", vanish_and_fail)
    with pytest.raises(OSError) as exc:
        write_atomic(tmp_path / "a.json", b"x")
    assert exc.value.errno == errno.EIO


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write

    def three_bytes_at_a_time(fd: int, data: bytes | memoryview) -> int:
        return real(fd, bytes(data[:3]))

    monkeypatch.setattr(os, "write", three_bytes_at_a_time)
    write_atomic(tmp_path / "a.txt", b"0123456789")
    assert (tmp_path / "a.txt").read_bytes() == b"0123456789"


def test_a_new_output_already_gone_when_undoing_is_not_reported_as_stuck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.replace

    def fail_b(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith("b.pdf") and str(src).endswith(TMP_SUFFIX):
            (tmp_path / "a.pdf").unlink()  # removed meanwhile (another program)
            raise OSError(errno.EIO, "Input/output error", str(src), None, str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", fail_b)
    with pytest.raises(OutputError) as exc:
        write_outputs(tmp_path, {tmp_path / "a.pdf": b"new", tmp_path / "b.pdf": b"new"})
    assert exc.value.diagnostics == [
        _write_failed(tmp_path / "b.pdf", "the disk reported an input/output error", tmp_path)
    ]
    assert _tree(tmp_path) == {}
