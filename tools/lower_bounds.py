"""Install the lowest version pyproject.toml allows of every dependency, and run the tests.

The lower bounds of ``[project] dependencies`` are promises: that dossier works with them.
This script keeps them honest. It reads each ``name>=X`` requirement, writes a constraints
file pinning ``name==X``, creates a fresh virtual environment in a temporary folder,
installs dossier with its test extras under those constraints, prints what was installed,
and runs pytest there (arguments after ``--`` go to pytest).

    python tools/lower_bounds.py                      # the whole suite
    python tools/lower_bounds.py -- -m "not slow" -x  # faster
    python tools/lower_bounds.py --keep /tmp/lb       # keep the environment to look at it

Tests that compare bytes with golden files (tests/golden) are expected to fail with older
releases of WeasyPrint, fontTools or python-docx (the documents are the same, their bytes
are not); every other failure means a lower bound is wrong and must be raised.

It needs the network (PyPI) and takes several minutes: it is not part of `make test` or
`.ci/run`; run it when a lower bound changes. See docs/dependencies.md.
"""

# ruff: noqa: T201 - a script: it prints what it installs
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPILED = ("lxml", "numpy", "Pillow", "shapely", "pyproj", "rasterio", "pyogrio", "pyyaml")
_LOWER = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(?:[^>]*,)?\s*>=\s*([^,;\s]+)")


def lower_bounds(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """Distribution name -> the lowest version the requirements allow."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for req in data["project"]["dependencies"]:
        m = _LOWER.match(req)
        if m:
            out[m.group(1)] = m.group(3)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build the environment here and keep it")
    parser.add_argument("pytest_args", nargs="*", help="arguments for pytest (after --)")
    args = parser.parse_args()
    bounds = lower_bounds()
    work = args.keep or Path(tempfile.mkdtemp(prefix="dossier-lower-bounds-"))
    try:
        work.mkdir(parents=True, exist_ok=True)
        constraints = work / "constraints.txt"
        constraints.write_text(
            "".join(f"{name}=={version}\n" for name, version in sorted(bounds.items())),
            encoding="utf-8",
        )
        print(f"lower bounds ({len(bounds)}): {constraints}")
        print(constraints.read_text(encoding="utf-8"), end="")
        venv = work / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        py = venv / "bin" / "python"
        subprocess.run([py, "-m", "pip", "install", "-q", "-U", "pip"], check=True)
        subprocess.run(
            [
                *(py, "-m", "pip", "install", "-q", "-c", str(constraints)),
                # a lower bound without a wheel for this Python fails at once instead of
                # compiling for a quarter of an hour: raise the bound then
                f"--only-binary={','.join(COMPILED)}",
                *("-e", f"{ROOT}[test]"),
            ],
            check=True,
        )
        listed = subprocess.run(
            [py, "-m", "pip", "freeze"], check=True, capture_output=True, text=True
        ).stdout
        wanted = {n.lower().replace("_", "-") for n in bounds}
        print("installed:")
        for line in listed.splitlines():
            if line.split("==")[0].lower().replace("_", "-") in wanted:
                print("  " + line)
        return subprocess.run(
            [py, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args.pytest_args], cwd=ROOT
        ).returncode
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
