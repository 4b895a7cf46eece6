"""Bad input to the other commands is exit 1 or 2 with a message; exit 3 is kept for
dossier's own bugs, and then says how to report one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

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
    assert f"{bib}:2:1: error[bib.bibtex]: entry 'deep'" in ran.stderr
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


def test_a_zip_bomb_as_reference_docx_is_refused_before_it_is_unpacked(
    minimal: Path, tmp_path: Path
) -> None:
    """A 2 MB file whose Word styles unpack to 1.5 GB: read whole, it took 3.2 GB of
    memory and 40 s before failing; its declared sizes are enough to refuse it."""
    bomb = tmp_path / "ministry.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        with z.open("word/styles.xml", "w", force_zip64=True) as part:
            for _ in range(1536):
                part.write(b" " * (1 << 20))
    assert bomb.stat().st_size < 3 * 1024 * 1024
    out = tmp_path / "out"
    ran = cli("build", str(minimal), "--to", "docx", "--reference-docx", str(bomb), "-o", str(out))
    assert ran.returncode == 1, ran.stderr
    assert f"{bomb}: error[render.reference-unreadable]" in ran.stderr
    assert "unpacks to 1,610,6" in ran.stderr
    assert snapshot(out) == {}


@pytest.mark.parametrize("which", ["reference", "output"])
def test_files_outside_the_dossier_are_named_from_the_current_folder(
    which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reference document or an output folder given on the command line is not a file
    of the dossier: reports name it as the user did, not under the dossier's folder."""
    shutil.copytree(
        Path(__file__).resolve().parents[1] / "cases" / "valid" / "minimal", tmp_path / "d"
    )
    monkeypatch.chdir(tmp_path)
    if which == "reference":
        Path("styles.docx").write_text("not Word")
        ran = cli("build", "d", "--to", "docx", "--reference-docx", "styles.docx", "-o", "out")
        expected = "styles.docx: error[render.reference-unreadable]"
    else:
        Path("out", "nomination-en.html").mkdir(parents=True)
        ran = cli("build", "d", "--to", "html", "-o", "out")
        expected = f"out{os.sep}nomination-en.html: error[output.is-a-folder]"
    assert ran.returncode == 1, ran.stderr
    assert ran.stderr.startswith(expected), ran.stderr
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    ran = cli("build", str(tmp_path / "d"), "--to", "html", "-o", str(tmp_path / "out"))
    if which == "output":
        assert ran.stderr.startswith(f"{tmp_path / 'out' / 'nomination-en.html'}: error["), (
            ran.stderr
        )
