"""One test per adjustment of citeproc-py (dossier.bib.citeproc_fixes.ADJUSTMENTS).

Each test checks the behaviour the adjustment gives, so it fails when the adjustment is
removed; it also puts citeproc-py's own method back for a moment and checks that the
behaviour is then lost, which shows the test can fail.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from citeproc import model
from citeproc.source import CustomDict

from dossier.bib import citeproc_fixes
from dossier.bib.format import Formatter, default_style_path
from dossier.bib.rich import plain


def bibliography(items: list[dict[str, Any]], style: Path | None = None) -> list[str]:
    f = Formatter(items, style or default_style_path())
    f.register([{"mode": "normal", "items": [{"key": i["id"]}]} for i in items])
    return [plain(entry) for _, entry in f.bibliography()]


def without(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put citeproc-py's own method back in place of adjustment ``name`` (for this test)."""
    owner, method, _ = citeproc_fixes.ADJUSTMENTS[name]
    citeproc_fixes.apply()
    monkeypatch.setattr(owner, method, citeproc_fixes.ORIGINALS[name])
    monkeypatch.setattr(citeproc_fixes, "apply", lambda: None)


# ------------------------------------------------------------------ get_macro

BOOK = {
    "id": "lee2001",
    "type": "book",
    "title": "Deserts of Central Asia",
    "author": [{"family": "Lee", "given": "Anna"}],
    "issued": 2001,
    "publisher": "Nauka",
}


def _macro_lookups(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Count XPath searches for a macro (what citeproc-py's own get_macro does per call)."""
    without("xpath_search", monkeypatch)  # every search runs, none is answered from memory
    calls = []
    search = model.CitationStylesElement.xpath_search

    def counting(self: Any, expression: str) -> Any:
        if "cs:macro" in expression:
            calls.append(expression)
        return search(self, expression)

    monkeypatch.setattr(model.CitationStylesElement, "xpath_search", counting)
    return lambda: len(calls)


def test_get_macro_looks_macros_up_once_per_style(monkeypatch: pytest.MonkeyPatch) -> None:
    count = _macro_lookups(monkeypatch)
    fixed = bibliography([BOOK])
    assert count() == 0
    without("get_macro", monkeypatch)
    assert bibliography([BOOK]) == fixed  # same text, found by an XPath per macro call
    assert count() > 0


# ------------------------------------------------------------------ get_term

BOOKS = [
    {**BOOK, "id": f"b{n}", "title": f"Deserts {n}", "edition": 2, "editor": [{"family": "Ko"}]}
    for n in range(4)
]


def _term_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every XPath search for a term."""
    without("xpath_search", monkeypatch)  # every search runs, none is answered from memory
    calls: list[str] = []
    search = model.CitationStylesElement.xpath_search

    def counting(self: Any, expression: str) -> Any:
        if "cs:term[" in expression:
            calls.append(expression)
        return search(self, expression)

    monkeypatch.setattr(model.CitationStylesElement, "xpath_search", counting)
    return calls


def test_get_term_looks_each_term_up_once_per_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _term_lookups(monkeypatch)
    bibliography(BOOKS[:1])
    one = len(calls)
    calls.clear()
    fixed = bibliography(BOOKS)
    assert 0 < len(calls) == one  # four entries need no more searches than one
    calls.clear()
    without("get_term", monkeypatch)
    assert bibliography(BOOKS) == fixed  # same text, an XPath per term printed
    assert len(calls) > one


# ------------------------------------------------------------------ xpath_search


def test_xpath_search_runs_each_query_once_per_element(monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[tuple[Any, str]] = []
    search = citeproc_fixes.ORIGINALS["xpath_search"]

    def counting(self: Any, expression: str) -> Any:
        runs.append((self, expression))
        return search(self, expression)

    monkeypatch.setitem(citeproc_fixes.ORIGINALS, "xpath_search", counting)
    bibliography(BOOKS[:1])
    one = len(runs)
    runs.clear()
    fixed = bibliography(BOOKS)
    assert 0 < len(runs) == one  # four entries run the searches of one
    assert len(set(runs)) == len(runs)
    runs.clear()
    without("xpath_search", monkeypatch)
    assert bibliography(BOOKS) == fixed  # same text, every search run again
    assert len(runs) > 2 * one


# ------------------------------------------------------------------ reference


def test_reference_is_read_without_attribute_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    lookups: list[str] = []
    getattr_ = CustomDict.__getattr__

    def counting(self: Any, name: str) -> Any:
        lookups.append(name)
        return getattr_(self, name)

    monkeypatch.setattr(CustomDict, "__getattr__", counting)
    fixed = bibliography(BOOKS)
    kept = len(lookups)
    lookups.clear()
    without("reference", monkeypatch)
    assert bibliography(BOOKS) == fixed  # same text, three lookups per variable read
    assert len(lookups) > 3 * kept


# ------------------------------------------------------------------ substitute

WEB = {
    "id": "web",
    "type": "webpage",
    "title": "Ustyurt plateau",
    "container-title": "Site",
    "URL": "https://example.org/u",
}


def test_substitute_prints_a_substituted_title_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert bibliography([WEB]) == ["“Ustyurt Plateau.” n.d. Site. https://example.org/u."]
    without("substitute", monkeypatch)
    assert bibliography([WEB])[0].count("Ustyurt Plateau") == 2


# ------------------------------------------------------------------ label

LABEL_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Label test</title><id>label-test</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <text variable="title"/>
    <number variable="edition" prefix=" "/>
    <label variable="edition" prefix=" "/>
  </layout></bibliography>
</style>
"""


def test_label_is_printed_only_with_its_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    style = tmp_path / "label.csl"
    style.write_text(LABEL_STYLE, encoding="utf-8")
    items = [
        {"id": "a", "type": "book", "title": "Alpha", "edition": 2},
        {"id": "b", "type": "book", "title": "Beta"},
    ]
    fixed = bibliography(items, style)
    assert fixed[0].startswith("Alpha 2 ed") and fixed[1] == "Beta"
    without("label", monkeypatch)
    assert bibliography(items, style)[1] != "Beta"


# ------------------------------------------------------------------ title case

TAXON = {
    "id": "urial",
    "type": "webpage",
    "title": 'Ustyurt urial (<span class="nocase">Ovis vignei arkal</span>)',
    "container-title": "Red book of Kazakhstan (online edition)",
}


def test_title_case_keeps_spacing_and_capitalises_after_brackets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fixed = bibliography([TAXON])[0]
    assert fixed.startswith("“Ustyurt Urial (Ovis vignei arkal).” n.d.")
    assert "Red Book of Kazakhstan (Online Edition)." in fixed
    # The substituted title is still printed once: it matches the title as written.
    assert fixed.count("Ustyurt Urial") == 1
    without("title_case", monkeypatch)
    lost = bibliography([TAXON])[0]
    assert "( Ovis vignei arkal )" in lost and "(online Edition)" in lost


def test_every_adjustment_has_its_test() -> None:
    tests = {
        "get_macro": test_get_macro_looks_macros_up_once_per_style,
        "xpath_search": test_xpath_search_runs_each_query_once_per_element,
        "reference": test_reference_is_read_without_attribute_lookups,
        "get_term": test_get_term_looks_each_term_up_once_per_locale,
        "substitute": test_substitute_prints_a_substituted_title_once,
        "label": test_label_is_printed_only_with_its_variable,
        "title_case": test_title_case_keeps_spacing_and_capitalises_after_brackets,
    }
    assert set(tests) == set(citeproc_fixes.ADJUSTMENTS)
