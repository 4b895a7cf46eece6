"""Loading CSL-YAML / CSL-JSON with positions, and every bibliography rule (fail and pass)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.bib import CiteRef, check, check_style, load_bibliography
from dossier.bib.format import default_style_path
from dossier.bib.identifiers import doi_problem, isbn_problem, url_problem
from dossier.bib.load import load_json_text, load_yaml_text
from dossier.bib.model import Bibliography
from dossier.core.diagnostics import Location, Severity

GOOD = """\
- id: baipakov1998
  type: book
  title: Древние города Казахстана
  translated-title: Ancient towns of Kazakhstan
  author: [{family: Байпаков, given: Карл}]
  issued: 1998
  ISBN: 978-3-16-148410-0
  DOI: 10.1234/abc.5
  URL: https://example.org/book
"""


def refs(*keys: str) -> list[CiteRef]:
    return [CiteRef(k, Location("text/a.md", n, 3)) for n, k in enumerate(keys, 1)]


def rules(bib: Bibliography, *cited: str) -> list[tuple[str, str | None]]:
    """(rule, location) of each finding, e.g. ("bib.bad-doi", "bibliography.yaml:8:8")."""
    return [(d.rule, str(d.location)) for d in check(bib, refs(*cited))]


def yaml_bib(text: str) -> Bibliography:
    return load_yaml_text(text, "bibliography.yaml")


@pytest.mark.accepts("bib.bad-isbn", "bib.bad-url", "bib.bad-doi", "bib.missing-year")
def test_clean_bibliography_has_no_findings() -> None:
    assert rules(yaml_bib(GOOD), "baipakov1998") == []


@pytest.mark.accepts("bib.missing-container")
def test_a_chapter_with_its_book_has_no_findings() -> None:
    text = GOOD.replace("type: book", "type: chapter") + "  container-title: Steppe studies\n"
    assert rules(yaml_bib(text), "baipakov1998") == []


def test_unknown_key_is_an_error_at_the_citation() -> None:
    [diag] = check(yaml_bib(GOOD), refs("baipakov1998", "Baipakov1998"))
    assert (diag.rule, diag.severity, diag.location) == (
        "bib.unknown-key",
        Severity.ERROR,
        Location("text/a.md", 2, 3),
    )
    assert diag.hint is not None and "case-sensitive" in diag.hint


def test_citing_without_a_bibliography() -> None:
    [diag] = check(Bibliography(), refs("x"))
    assert diag.rule == "bib.unknown-key" and "no bibliography" in (diag.hint or "")


@pytest.mark.reports("bib.unused-entry")
def test_unused_entry_and_nocite() -> None:
    bib = yaml_bib(GOOD)
    assert rules(bib) == [("bib.unused-entry", "bibliography.yaml:1:7")]
    assert check(bib, [], nocite=["baipakov1998"]) == []
    assert check(bib, [], nocite=["*"]) == []


@pytest.mark.reports("bib.duplicate-key")
def test_duplicate_key_points_at_the_second_entry() -> None:
    text = GOOD + GOOD.replace("ISBN", "note")
    assert rules(yaml_bib(text), "baipakov1998") == [
        ("bib.duplicate-key", "bibliography.yaml:10:7")
    ]


@pytest.mark.parametrize(
    ("change", "rule", "where"),
    [
        (("  issued: 1998\n", ""), "bib.missing-year", "1:7"),
        (("  issued: 1998\n", "  issued: {literal: n.d.}\n"), "bib.missing-year", "6:11"),
        (("  title: Древние города Казахстана\n", ""), "bib.missing-title", "1:7"),
        (("type: book", "type: chapter"), "bib.missing-container", "2:9"),
        (("type: book", "type: paper-conference"), "bib.missing-container", "2:9"),
        (("10.1234/abc.5", "https://doi.org/10.1234/abc.5"), "bib.bad-doi", "8:8"),
        (("10.1234/abc.5", "1234/abc"), "bib.bad-doi", "8:8"),
        (("978-3-16-148410-0", "978-3-16-148410-1"), "bib.bad-isbn", "7:9"),
        (("https://example.org/book", "example.org/book"), "bib.bad-url", "9:8"),
        (("https://example.org/book", "https://exa mple.org"), "bib.bad-url", "9:8"),
        (("type: book", "type: boook"), "bib.invalid-entry", "2:9"),
        (("  type: book\n", ""), "bib.invalid-entry", "1:7"),
        (("id: baipakov1998", "id: 1998"), "bib.invalid-entry", "1:7"),
        (("author: [{family: Байпаков, given: Карл}]", "author: [[Байпаков]]"),
         "bib.invalid-entry", "5:11"),
        (("issued: 1998", "issued: [1, 2]"), "bib.invalid-entry", "6:11"),
        (("title: Древние города Казахстана", "title: [Древние, города]"), "bib.invalid-entry",
         "3:10"),
    ],
)  # fmt: skip
@pytest.mark.reports("bib.bad-isbn", "bib.bad-url", "bib.missing-container")
def test_each_rule_fails_at_the_entry(change: tuple[str, str], rule: str, where: str) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    key = "1998" if "id: 1998" in text else "baipakov1998"
    found = [r for r in rules(yaml_bib(text), key) if r[0] == rule]
    assert found == [(rule, f"bibliography.yaml:{where}")]


def test_severities() -> None:
    bib = yaml_bib(
        GOOD.replace("type: book", "type: boook").replace("issued: 1998", "issued: soon")
    )
    severity = {d.rule: d.severity for d in check(bib, refs("baipakov1998"))}
    assert severity == {"bib.invalid-entry": Severity.ERROR, "bib.missing-year": Severity.WARNING}


@pytest.mark.reports("bib.invalid-file", "bib.invalid-entry")
def test_load_problems_are_reported() -> None:
    assert rules(yaml_bib("a: [1")) == [("yaml.syntax", "bibliography.yaml:2:1")]
    assert rules(yaml_bib("title: x\n")) == [("bib.invalid-file", "bibliography.yaml:1:1")]
    assert rules(yaml_bib("- just text\n")) == [("bib.invalid-entry", "bibliography.yaml:1:3")]


def test_pandoc_references_mapping_is_accepted() -> None:
    text = "references:\n" + "".join("  " + line + "\n" for line in GOOD.splitlines())
    bib = yaml_bib(text)
    assert bib.keys() == {"baipakov1998"}
    assert str(bib.entries[0].location) == "bibliography.yaml:2:9"


@pytest.mark.reports("bib.missing-year", "bib.missing-title", "bib.bad-doi")
def test_csl_json_entries_are_located_at_their_id() -> None:
    text = (
        '[\n  {"type": "book", "id": "a", "title": "T", "issued": {"date-parts": [[2001]]}},\n'
        '  {\n    "id": "b",\n    "type": "book",\n    "DOI": "nope"\n  }\n]\n'
    )
    bib = load_json_text(text, "bibliography.json")
    assert [str(e.location) for e in bib.entries] == [
        "bibliography.json:2:20",
        "bibliography.json:4:5",
    ]
    assert rules(bib, "a", "b") == [
        ("bib.missing-year", "bibliography.json:4:5"),
        ("bib.missing-title", "bibliography.json:4:5"),
        ("bib.bad-doi", "bibliography.json:6:12"),
    ]


@pytest.mark.reports("bib.syntax")
def test_csl_json_syntax_error() -> None:
    assert rules(load_json_text('[{"id": "a",}]', "b.json")) == [("bib.syntax", "b.json:1:13")]
    assert rules(load_json_text('{"id": "a"}', "b.json")) == [("bib.invalid-file", "b.json:1:1")]


@pytest.mark.reports("file.unreadable")
def test_load_bibliography_picks_the_format_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "bibliography.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bibliography.json").write_text('[{"id": "j", "type": "book"}]', encoding="utf-8")
    assert load_bibliography(tmp_path / "bibliography.yaml", "bibliography.yaml").keys() == {
        "baipakov1998"
    }
    assert load_bibliography(tmp_path / "bibliography.json", "bibliography.json").keys() == {"j"}
    missing = load_bibliography(tmp_path / "nope.yaml", "nope.yaml")
    assert [d.rule for d in missing.diagnostics] == ["file.unreadable"]


def test_identifier_syntax() -> None:
    assert doi_problem("10.1371/journal.pone.0277927") is None
    assert doi_problem("doi:10.1371/x") is not None
    assert isbn_problem("0-306-40615-2") is None  # ISBN-10
    assert isbn_problem("0-306-40615-3") is not None
    assert isbn_problem("978-0-306-40615-7 (pbk.); 080442957X") is None
    assert isbn_problem("12345") is not None
    assert url_problem("http://whc.unesco.org/en/list/1442/") is None
    assert url_problem("ftp://example.org/x") is not None
    assert url_problem("https://localhost") is not None


@pytest.mark.reports("bib.bad-style")
def test_check_style(tmp_path: Path) -> None:
    assert check_style(default_style_path(), "style.csl") == []
    bad = tmp_path / "bad.csl"
    bad.write_text("<style", encoding="utf-8")
    [diag] = check_style(bad, "bad.csl")
    assert diag.rule == "bib.bad-style" and diag.severity is Severity.ERROR
    html = tmp_path / "page.csl"
    html.write_text("<html/>", encoding="utf-8")
    assert [d.rule for d in check_style(html, "page.csl")] == ["bib.bad-style"]
