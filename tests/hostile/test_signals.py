"""Ctrl-C (SIGINT) and SIGTERM stop a build promptly at any stage, exit 130/143, and leave
the output folder exactly as it was. The signals are real (os.kill / Popen.send_signal)."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from dossier.core import output
from dossier.core.output import write_outputs

from .conftest import snapshot

# ---------------------------------------------------------------- in this process


def test_a_signal_while_staging_outputs_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, installed_handlers: ModuleType
) -> None:
    out = tmp_path / "out"
    write_outputs(out, {out / "a.pdf": b"old", out / "a.html": b"old"})
    before = snapshot(out)
    real = output._write_all
    calls: list[int] = []

    def term_after_first(fd: int, data: bytes) -> None:
        real(fd, data)
        calls.append(fd)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(output, "_write_all", term_after_first)
    with pytest.raises(installed_handlers.Interrupted) as exc:
        write_outputs(out, {out / "a.pdf": b"new", out / "a.html": b"new"})
    assert exc.value.exit_code == 143
    assert snapshot(out) == before


def test_a_signal_between_renames_undoes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, installed_handlers: ModuleType
) -> None:
    out = tmp_path / "out"
    write_outputs(out, {out / "a.pdf": b"old", out / "a.html": b"old"})
    before = snapshot(out)
    real = Path.replace

    def interrupt_after_rename(self: Path, target: str | Path) -> Path:
        done = real(self, target)
        if str(self).endswith(output.TMP_SUFFIX):
            os.kill(os.getpid(), signal.SIGINT)
        return done

    monkeypatch.setattr(Path, "replace", interrupt_after_rename)
    with pytest.raises(installed_handlers.Interrupted) as exc:
        write_outputs(out, {out / "a.pdf": b"new", out / "a.html": b"new", out / "b": b"new"})
    assert exc.value.exit_code == 130
    assert snapshot(out) == before


def test_unswallowable_raises_through_a_library_that_catches_everything(
    installed_handlers: ModuleType,
) -> None:
    """What WeasyPrint does: layout work, and ``except BaseException`` around each image."""
    steps = 0

    def swallowing_library() -> None:
        nonlocal steps
        for _ in range(500):
            steps += 1
            time.sleep(0.0025)  # layout
            try:  # an image
                if steps == 3:
                    os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.0025)
            except BaseException:
                pass

    start = time.monotonic()
    with pytest.raises(installed_handlers.Interrupted), installed_handlers.unswallowable():
        swallowing_library()
    assert steps < 500  # stopped long before the library's end (2.5 s)
    assert time.monotonic() - start < 2.0


def test_the_pdf_renderer_runs_weasyprint_where_a_signal_cannot_be_swallowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, installed_handlers: ModuleType
) -> None:
    """A stand-in for WeasyPrint that swallows the interrupt, as its image code does: the
    PDF renderer must still stop (fast: no real layout)."""
    import weasyprint

    from dossier.render import pdf

    class Rendered:
        pages: tuple[object, ...] = ()

        def write_pdf(self, **_: object) -> bytes:
            return b"%PDF-1.7"

    class SwallowingHTML:
        def __init__(self, **_: object) -> None:
            pass

        def render(self, **_: object) -> Rendered:
            try:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.01)
            except BaseException:
                pass
            return Rendered()

    monkeypatch.setattr(weasyprint, "HTML", SwallowingHTML)
    with pytest.raises(installed_handlers.Interrupted):
        pdf.lay_out("<html></html>", root=tmp_path)


# ---------------------------------------------------------------- real processes

HOOK = """
import os, signal, sys
{patch}
from dossier.cli import main
sys.argv = ["dossier", *sys.argv[1:]]
main()
"""
# A signal delivered while WeasyPrint draws an SVG (inside its `except BaseException`).
IN_SVG_DRAWING = """
import weasyprint.svg as svg
_draw = svg.SVG.draw
def draw(self, *a, **k):
    if not getattr(svg, "_sent", False):
        svg._sent = True
        os.kill(os.getpid(), signal.SIGINT)
    return _draw(self, *a, **k)
svg.SVG.draw = draw
"""
# SIGTERM once the first output file is staged in the output folder.
WHILE_WRITING = """
import dossier.core.output as output
_stage = output._stage
def stage(target, data):
    tmp = _stage(target, data)
    os.kill(os.getpid(), signal.SIGTERM)
    return tmp
output._stage = stage
"""


# Ctrl-C at a terminal: SIGINT to the whole process group, here from inside the SVG
# drawing of whichever process draws it (a worker of the parallel PDF layout, or the build).
IN_SVG_DRAWING_CTRL_C = IN_SVG_DRAWING.replace(
    "os.kill(os.getpid(), signal.SIGINT)", "os.killpg(os.getpgrp(), signal.SIGINT)"
)


def _hooked(
    patch: str, *args: str, tmp: Path, own_group: bool = False
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", HOOK.format(patch=patch), *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "TMPDIR": str(tmp)},
        check=False,
        start_new_session=own_group,  # a group of its own: Ctrl-C reaches it, not pytest
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("patch", "jobs"),
    [
        (IN_SVG_DRAWING, "1"),
        (IN_SVG_DRAWING_CTRL_C, "1"),
        (IN_SVG_DRAWING_CTRL_C, "2"),
    ],
    ids=["single-pass", "single-pass-ctrl-c", "parallel-ctrl-c"],
)
def test_ctrl_c_inside_weasyprint_svg_drawing_stops_the_build(
    minimal: Path, tmp_path: Path, patch: str, jobs: str
) -> None:
    """The SIGINT is raised inside WeasyPrint's `except BaseException`. With --jobs 2 the
    drawing happens in a worker process: a SIGINT sent to that worker alone is not a
    Ctrl-C (a terminal signals the whole group), so the parallel case sends it to the group."""
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    args = ("build", str(minimal), "--to", "pdf", "--jobs", jobs, "-o", str(out))
    done = _hooked(patch, *args, tmp=tmp, own_group=patch is IN_SVG_DRAWING_CTRL_C)
    assert done.returncode == 130, done.stderr
    assert "interrupted" in done.stderr and "Failed to render" not in done.stderr
    assert not out.exists()
    assert list(tmp.iterdir()) == []  # the fontconfig folder is gone too


@pytest.mark.slow
def test_sigterm_while_writing_leaves_the_previous_outputs(minimal: Path, tmp_path: Path) -> None:
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    first = _hooked("", "build", str(minimal), "--to", "html", "-o", str(out), tmp=tmp)
    assert first.returncode == 0, first.stderr
    (minimal / "parts" / "description.yaml").write_text(
        (minimal / "parts" / "description.yaml").read_text().replace("hill fort", "hillfort")
    )
    before = snapshot(out)
    args = ("build", str(minimal), "--to", "html", "--to", "docx", "-o", str(out))
    done = _hooked(WHILE_WRITING, *args, tmp=tmp)
    assert done.returncode == 143, done.stderr
    assert snapshot(out) == before
    # the DOCX render's private fontconfig folders are gone (finished and stopped builds)
    assert list(tmp.iterdir()) == []


def _build_in_a_terminal(args: list[str], sig: int, after: bytes, delay: float) -> tuple[int, str]:
    """Run `dossier ARGS` with stderr on a pseudo-terminal (so it prints its stages), send
    ``sig`` ``delay`` seconds after the stage message ``after`` appears."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dossier", *args],
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env={k: v for k, v in os.environ.items() if k != "CI"},
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 120
    while after not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                seen += os.read(master, 4096)
            except OSError:
                break
    time.sleep(delay)
    proc.send_signal(sig)
    code = proc.wait(timeout=60)
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return code, seen.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "stage", "delay", "code"),
    [
        (signal.SIGINT, b"checking the sources", 0.0, 130),
        (signal.SIGTERM, b"rendering PDF", 0.8, 143),
    ],
)
def test_a_signal_at_any_stage(
    minimal: Path, tmp_path: Path, sig: int, stage: bytes, delay: float, code: int
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    args = ["build", str(minimal), "--to", "pdf", "--to", "html", "-o", str(out)]
    got, log = _build_in_a_terminal(args, sig, stage, delay)
    assert got == code, log
    assert "nothing was written or changed" in log
    assert snapshot(out) == {"notes.txt": b"keep me"}
