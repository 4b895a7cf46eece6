"""BibTeX import: readable, deterministic CSL-YAML that loads back and passes the checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dossier.bib import check
from dossier.bib.importer import BibtexImportError, import_bibtex
from dossier.bib.load import load_yaml_text
from dossier.cli import app

BIBTEX = r"""
@book{baipakov1998,
  author = {Байпаков, Карл М. and {ICOMOS International}},
  title = {Древние города {Казахстана}},
  translatedtitle = {Ancient towns of Kazakhstan},
  year = 1998, month = may,
  publisher = {Ғылым}, address = {Алматы},
  isbn = {978-3-16-148410-0}, langid = {russian},
}

@article{muller2001,
  author = {M{\"u}ller, J. and von Neumann, John and Doe, Jr., Jim},
  title = {A {GIS} study of \emph{desert kites}},
  journal = {Journal of Arid Archaeology}, volume = {4}, number = {3},
  pages = {10--20}, year = {2001}, doi = {10.1234/jaa.4.3},
  url = {\url{https://example.org/a_b}}, urldate = {2024-03-01},
}
"""

EXPECTED = """\
# CSL-YAML bibliography, imported from BibTeX by dossier.
- id: baipakov1998
  type: book
  title: Древние города Казахстана
  translated-title: Ancient towns of Kazakhstan
  author:
  - {family: Байпаков, given: Карл М.}
  - {literal: ICOMOS International}
  issued: {date-parts: [[1998, 5]]}
  publisher: Ғылым
  publisher-place: Алматы
  ISBN: 978-3-16-148410-0
  language: ru
- id: muller2001
  type: article-journal
  title: A GIS study of desert kites
  author:
  - {family: Müller, given: J.}
  - {family: Neumann, given: John, non-dropping-particle: von}
  - {family: Doe, given: Jim, suffix: Jr.}
  issued: {date-parts: [[2001]]}
  container-title: Journal of Arid Archaeology
  volume: '4'
  issue: '3'
  page: 10-20
  DOI: 10.1234/jaa.4.3
  URL: https://example.org/a_b
  accessed: {date-parts: [[2024, 3, 1]]}
"""


def test_import_is_exact_and_deterministic() -> None:
    assert import_bibtex(BIBTEX) == EXPECTED
    assert import_bibtex(BIBTEX) == import_bibtex(BIBTEX)


def test_round_trip_loads_and_checks_clean() -> None:
    bib = load_yaml_text(import_bibtex(BIBTEX), "bibliography.yaml")
    assert bib.diagnostics == []
    assert check(bib, [], nocite=["*"]) == []
    first = bib.entries[0].data
    assert first["author"][0] == {"family": "Байпаков", "given": "Карл М."}
    assert first["issued"] == {"date-parts": [[1998, 5]]}


def test_biblatex_date_and_types() -> None:
    out = import_bibtex("@online{w, title={Site}, date={2019-05-31}, organization={UNESCO}}")
    data = load_yaml_text(out, "b.yaml").entries[0].data
    assert data == {
        "id": "w",
        "type": "webpage",
        "title": "Site",
        "issued": {"date-parts": [[2019, 5, 31]]},
        "publisher": "UNESCO",
    }


def test_unreadable_entries_are_reported_with_lines() -> None:
    with pytest.raises(BibtexImportError) as err:
        import_bibtex("@misc{a, title={x}}\n@misc{a, title={y}}\n")
    assert err.value.problems == ["line 2: Duplicate entry key 'a'"]


def test_empty_input() -> None:
    assert import_bibtex("% nothing\n").endswith("[]\n")


@pytest.mark.reports("bib.bibtex")
def test_cli_reports_each_unreadable_entry_and_writes_nothing(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title={x}}\n@misc{a, title={y}}\n", encoding="utf-8")
    out = tmp_path / "bibliography.yaml"
    result = CliRunner().invoke(app, ["bib", "import", str(bib), "-o", str(out)])
    assert result.exit_code == 1
    first, *hint = result.stderr.splitlines()
    assert first == f"{bib}:2:1: error[bib.bibtex]: Duplicate entry key 'a'"
    assert hint and "error[" not in "".join(hint)
    assert not out.exists()


@pytest.mark.accepts("bib.bibtex")
def test_cli_imports_a_good_file(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIBTEX, encoding="utf-8")
    out = tmp_path / "bibliography.yaml"
    result = CliRunner().invoke(app, ["bib", "import", str(bib), "-o", str(out)])
    assert result.exit_code == 0 and "error[" not in result.stderr
    assert out.read_text(encoding="utf-8") == import_bibtex(BIBTEX)


def test_url_in_howpublished_becomes_the_url() -> None:
    text = (
        "@misc{tl,\n  author = {{UNESCO World Heritage Centre}},\n  title = {Ustyurt},\n"
        "  howpublished = {Tentative List, \\url{https://whc.unesco.org/en/tentativelists/6571/}},\n"
        "  year = {2021}\n}\n"
    )
    item = yaml.safe_load(import_bibtex(text))[0]
    assert item["URL"] == "https://whc.unesco.org/en/tentativelists/6571/"
    assert item["note"] == "Tentative List"


def test_a_broken_entry_is_reported_once_in_our_words_with_its_lines(tmp_path: Path) -> None:
    """bibtexparser logs its own message (0-based lines); only ours reaches the user."""
    import subprocess
    import sys

    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@book{ok1,\n  title = {Fine},\n  year = {2019}\n}\n\n"
        "@book{broken,\n  title = {Missing brace,\n  year = 2020\n}\n\n"
        "@book{ok2,\n  title = {Fine},\n  year = {2019}\n}\n",
        encoding="utf-8",
    )
    ran = subprocess.run(
        [sys.executable, "-m", "dossier", "bib", "import", str(bib)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 1
    lines = [line for line in ran.stderr.splitlines() if line.strip()]
    assert lines[0].startswith(f"{bib}:6:1: error[bib.bibtex]: ")
    assert "(reading stopped on line 11)" in lines[0]
    assert lines[1].startswith("    hint:")
    assert len(lines) == 2, ran.stderr
