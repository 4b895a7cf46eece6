"""`dossier preview` on the command line: refused addresses (exit 2, with the reason),
and a clean stop on Ctrl-C (exit 130, the port closed, no traceback)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dossier.cli import app

runner = CliRunner()


def test_a_host_other_than_this_computer_is_refused_with_the_reason(dossier_copy: Path) -> None:
    result = runner.invoke(app, ["preview", str(dossier_copy), "--host", "0.0.0.0", "--no-open"])
    assert result.exit_code == 2
    assert "without a password" in result.stderr and "--allow-remote" in result.stderr


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["preview", str(tmp_path / "nothing"), "--no-open"])
    assert result.exit_code == 2 and "no such folder" in result.stderr


@pytest.mark.slow  # a real process: its imports and first rendering
def test_ctrl_c_stops_the_server_cleanly(dossier_copy: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "dossier", "preview", str(dossier_copy), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()  # printed once the first rendering is served
        assert "previewing" in line and "http://127.0.0.1:" in line, line
        port = int(line.rsplit(":", 1)[1].split("/", 1)[0])
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted (Ctrl-C)" in err and "Traceback" not in err
    refused = False
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        refused = True
    assert refused, "the port still accepts connections after the stop"
