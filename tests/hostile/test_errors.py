"""Bad input to the other commands is exit 1 or 2 with a message; exit 3 is kept for
dossier's own bugs, and then says how to report one."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import cli, snapshot


def test_bibtex_with_100000_nested_braces(tmp_path: Path) -> None:
    deep = "{" * 100_000 + "x" + "}" * 100_000
    bib = tmp_path / "deep.bib"
    bib.write_text(
        "@book{fine, title={A fine book}, year={2020}}\n"
        f"@article{{deep, title={{{deep}}}, author={{A. Author}}, year={{2020}}}}\n",
        encoding="utf-8",
    )
    ran = cli("bib", "import", str(bib))
    assert ran.returncode == 1
    assert f"{bib}: error[bib.bibtex]: line 2: entry 'deep'" in ran.stderr
    assert "braces nested 100,000 levels deep" in ran.stderr
    assert "hint:" in ran.stderr


def test_a_reference_docx_that_is_not_a_word_file(minimal: Path, tmp_path: Path) -> None:
    not_zip = tmp_path / "styles.docx"
    not_zip.write_text("a letter, saved as text")
    other_zip = tmp_path / "archive.docx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("readme.txt", "not Word")
    out = tmp_path / "out"
    for bad in (not_zip, other_zip):
        ran = cli(
            "build", str(minimal), "--to", "docx", "--reference-docx", str(bad), "-o", str(out)
        )
        assert ran.returncode == 1, ran.stderr
        assert f"{bad}: error[render.reference-unreadable]" in ran.stderr
        assert "hint:" in ran.stderr
    assert snapshot(out) == {}


def test_an_internal_error_says_how_to_report_it(minimal: Path) -> None:
    bug = (
        "import sys\n"
        "import dossier.api as api\n"
        "def broken(*a, **k):\n"
        "    raise ZeroDivisionError('a bug')\n"
        "api.check = broken\n"
        "from dossier.cli import main\n"
        "sys.argv = ['dossier', 'check', sys.argv[1]]\n"
        "main()\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", bug, str(minimal)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert ran.returncode == 3
    assert "internal error: ZeroDivisionError: a bug" in ran.stderr
    assert "Please report it" in ran.stderr and "DOSSIER_DEBUG=1" in ran.stderr
    assert "Traceback" not in ran.stderr
