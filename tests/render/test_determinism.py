"""Same sources -> byte-identical PDF and DOCX, across processes and folders: two builds
in two fresh processes, from two copies of the dossier at different paths, each run from
another working folder, with different hash seeds and time zones."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MINIMAL = Path(__file__).resolve().parents[1] / "cases" / "valid" / "minimal"


@pytest.mark.slow
def test_builds_in_two_processes_and_folders_are_byte_identical(tmp_path: Path) -> None:
    runs = []
    for n, (seed, tz) in enumerate((("1", "UTC"), ("2", "Asia/Almaty"))):
        base = tmp_path / f"run{n}" / ("a" * (n + 1))
        copy = base / "dossier copy"
        shutil.copytree(MINIMAL, copy)
        out = base / "out"
        cwd = tmp_path / f"cwd{n}"
        cwd.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz}
        env.pop("SOURCE_DATE_EPOCH", None)
        cmd = [sys.executable, "-m", "dossier", "build", str(copy), "--to", "pdf", "--to", "docx"]
        proc = subprocess.Popen(
            [*cmd, "-o", str(out)],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        runs.append((proc, out))
    outputs = []
    for proc, out in runs:
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name[0] != "."})
    first, second = outputs
    assert sorted(first) == ["nomination-en.docx", "nomination-en.pdf"]
    for name in first:
        assert first[name] == second[name], f"{name} differs between the two builds"
