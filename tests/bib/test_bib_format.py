"""Formatting with citeproc-py and the shipped Chicago author-date style."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from dossier.bib.format import Formatter, StyleError, default_style_path
from dossier.bib.rich import Run, linkify, plain

ITEMS: list[dict[str, Any]] = [
    {
        "id": "baipakov1998",
        "type": "book",
        "title": "Древние города Казахстана",
        "translated-title": "Ancient towns of Kazakhstan",
        "author": [{"family": "Байпаков", "given": "Карл"}],
        "issued": 1998,
        "publisher": "Ғылым",
        "publisher-place": "Алматы",
        "language": "ru",
    },
    {
        "id": "kalmenov2024",
        "type": "article-journal",
        "title": "Караван-сараи плато Устюрт",
        "translated-title": "Caravanserais of the Ustyurt plateau",
        "author": [{"family": "Калменов", "given": "Н."}],
        "issued": {"date-parts": [[2024]]},
        "container-title": "Вестник",
        "page": "10-25",
    },
    {
        "id": "Smith2019",
        "type": "article-journal",
        "title": "the silk roads as heritage corridors",
        "author": [{"family": "Smith", "given": "Jane"}, {"family": "Doe", "given": "John"}],
        "issued": "2019-05",
        "container-title": "World Heritage Review",
        "volume": 12,
        "issue": "3",
        "page": "45-67",
        "DOI": "10.1234/whr.2019.12",
    },
    {
        "id": "smith2019b",
        "type": "report",
        "title": "Corridor management",
        "author": [{"family": "Smith", "given": "Jane"}, {"family": "Doe", "given": "John"}],
        "issued": 2019,
        "publisher": "ICOMOS",
        "URL": "https://example.org/report.pdf",
    },
]


def cite_item(**kwargs: Any) -> dict[str, Any]:
    return {"key": "", "prefix": "", "locator": "", "suffix": "", "suppress_author": False} | kwargs


def cluster(mode: str = "normal", **kwargs: Any) -> Any:
    """A cluster as the plugin makes it (token meta), typed loosely for brevity."""
    return {"mode": mode, "items": [cite_item(**kwargs)]}


@cache
def formatter() -> Formatter:
    f = Formatter(ITEMS, default_style_path())
    f.register([cluster(key=i["id"]) for i in ITEMS])
    return f


def cite(mode: str = "normal", **kwargs: Any) -> str:
    return plain(formatter().cite(cluster(mode, **kwargs)))


def test_author_date_citation_with_locator_prefix_and_suffix() -> None:
    assert cite(key="baipakov1998", locator="p. 12") == "(Байпаков 1998, 12)"
    assert cite(key="baipakov1998", locator="chap. 3") == "(Байпаков 1998, chap. 3)"
    assert cite(key="baipakov1998", prefix="see", suffix="emphasis added") == (
        "(see Байпаков 1998, emphasis added)"
    )


def test_cluster_of_several_items() -> None:
    items = [cite_item(key="baipakov1998"), cite_item(key="kalmenov2024", locator="pp. 3-5")]
    two: Any = {"mode": "normal", "items": items}
    assert plain(formatter().cite(two)) == "(Байпаков 1998; Калменов 2024, 3–5)"


def test_suppress_author_and_author_in_text() -> None:
    assert cite(key="baipakov1998", suppress_author=True, locator="p. 4") == "(1998, 4)"
    assert cite("intext", key="baipakov1998") == "Байпаков (1998)"
    assert cite("intext", key="kalmenov2024", locator="p. 33") == "Калменов (2024, 33)"


def test_same_author_and_year_get_suffixes_in_bibliography_order() -> None:
    assert (
        cite(key="Smith2019") == "(Smith and Doe 2019b)"
    )  # "The silk roads" sorts after "Corridor"
    assert cite(key="smith2019b") == "(Smith and Doe 2019a)"
    keys = [key for key, _ in formatter().bibliography()]
    assert keys == ["smith2019b", "Smith2019", "baipakov1998", "kalmenov2024"]  # case kept


def test_unknown_key_prints_bold_key() -> None:
    assert formatter().cite(cluster(key="nope")) == [
        Run("("),
        Run("nope?", frozenset({"b"})),
        Run(")"),
    ]


def test_bibliography_entry_with_russian_title_and_translation() -> None:
    entries = dict(formatter().bibliography())
    assert entries["baipakov1998"] == [
        Run("Байпаков, Карл. 1998. "),
        Run("Древние города Казахстана", frozenset({"i"})),
        Run(" [Ancient towns of Kazakhstan]. Алматы: Ғылым."),
    ]
    # An article: the translation follows the closing quotation mark; Cyrillic keeps its case.
    assert plain(entries["kalmenov2024"]) == (
        "Калменов, Н. 2024. “Караван-сараи плато Устюрт” [Caravanserais of the Ustyurt plateau]. "
        "Вестник, 10–25."
    )


def test_english_title_is_title_cased_and_links_are_runs() -> None:
    entries = dict(formatter().bibliography())
    assert plain(entries["Smith2019"]) == (
        "Smith, Jane, and John Doe. 2019b. “The Silk Roads as Heritage Corridors.” "
        "World Heritage Review 12 (3): 45–67. doi:10.1234/whr.2019.12."
    )
    links = [r.link for r in entries["Smith2019"] if r.link]
    assert links == ["https://doi.org/10.1234/whr.2019.12"]
    report = entries["smith2019b"]
    assert (
        Run("https://example.org/report.pdf", frozenset(), "https://example.org/report.pdf")
        in report
    )


def test_output_is_deterministic() -> None:
    def run() -> list[Any]:
        f = Formatter(ITEMS, default_style_path())
        f.register([cluster(key=i["id"]) for i in ITEMS])
        return [f.bibliography(), [f.cite(cluster(key=i["id"])) for i in ITEMS]]

    assert run() == run()


def test_no_author_substitutes_title_once() -> None:
    item = {"id": "web", "type": "webpage", "title": "Ustyurt plateau", "container-title": "Site",
            "URL": "https://example.org/u"}  # fmt: skip
    f = Formatter([item], default_style_path())
    f.register([cluster(key="web")])
    [(_, entry)] = f.bibliography()
    assert plain(entry) == "“Ustyurt Plateau.” n.d. Site. https://example.org/u."


def test_question_mark_title_takes_no_period() -> None:
    item = {"id": "q", "type": "article-journal", "title": "Northernmost kites?", "issued": 2016,
            "author": [{"family": "Barge"}], "container-title": "QI"}  # fmt: skip
    f = Formatter([item], default_style_path())
    f.register([cluster(key="q")])
    assert plain(f.bibliography()[0][1]) == "Barge. 2016. “Northernmost Kites?” QI."


def test_bad_style_raises_style_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csl"
    bad.write_text("<style>not csl", encoding="utf-8")
    with pytest.raises(StyleError):
        Formatter(ITEMS, bad)
    with pytest.raises(StyleError):
        Formatter(ITEMS, tmp_path / "missing.csl")


def test_unknown_locale_falls_back_to_en_us() -> None:
    assert Formatter(ITEMS, default_style_path(), locale="kk-KZ").locale == "en-US"
    assert Formatter(ITEMS, default_style_path(), locale="fr-FR").locale == "fr-FR"


def test_linkify_trims_trailing_punctuation() -> None:
    assert linkify([Run("See https://a.org/x).")]) == [
        Run("See "),
        Run("https://a.org/x", frozenset(), "https://a.org/x"),
        Run(")."),
    ]


def test_checking_never_imports_citeproc() -> None:
    code = (
        "import sys, dossier.bib, dossier.bib.checks, dossier.bib.render, dossier.prose.mdext.citations;"
        "assert 'citeproc' not in sys.modules, 'citeproc imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_starred_words_in_a_title_print_italic_and_keep_their_case() -> None:
    """A taxon in a title (``*Ovis vignei arkal*``) is not title-cased: "Ovis Vignei Arkal"
    would be wrong in any style; the rest of the title still is."""
    items = [
        {
            "id": "urial",
            "type": "article-journal",
            "title": "status of *Ovis vignei arkal* on the plateau",
            "container-title": "Zoology",
            "issued": 2020,
        },
        {
            "id": "urial-ru",
            "type": "article-journal",
            "title": "Численность *Ovis vignei* на плато",
            "container-title": "Вестник",
            "issued": 2021,
            "language": "ru",
        },
        {"id": "stars", "type": "report", "title": "Five * star * rating", "issued": 2022},
    ]
    f = Formatter(items, default_style_path())
    f.register([cluster(key=i["id"]) for i in items])
    entries = dict(f.bibliography())
    assert Run("Ovis vignei arkal", frozenset({"i"})) in entries["urial"]
    assert "“Status of Ovis vignei arkal on the Plateau.”" in plain(entries["urial"])
    assert Run("Ovis vignei", frozenset({"i"})) in entries["urial-ru"]
    assert "“Численность Ovis vignei на плато.”" in plain(entries["urial-ru"])
    # Lone asterisks with spaces around them are text, not emphasis.
    assert "Five * Star * Rating" in plain(entries["stars"])


def test_quotation_marks_inside_a_title_nest_inside_the_styles_own() -> None:
    items = [
        {
            "id": "kites",
            "type": "article-journal",
            "title": 'The "desert kites" of the plateau',
            "container-title": "Quaternary",
            "issued": 2016,
        },
        {"id": "book", "type": "book", "title": 'The "desert kites"', "issued": 2017},
        {  # Zotero's CSL-JSON markup keeps its own quotation marks
            "id": "zotero",
            "type": "book",
            "title": '<span class="nocase">eDNA</span> of "kites"',
            "issued": 2018,
        },
    ]
    f = Formatter(items, default_style_path())
    f.register([cluster(key=i["id"]) for i in items])
    entries = {k: plain(v) for k, v in f.bibliography()}
    assert entries["kites"] == "“The ‘Desert Kites’ of the Plateau.” 2016. Quaternary."
    assert entries["book"] == "The “Desert Kites.” 2017."
    assert entries["zotero"] == "eDNA of “Kites.” 2018."
    french = Formatter(items, default_style_path(), "fr-FR")
    french.register([cluster(key=i["id"]) for i in items])
    assert "«\u00a0The “Desert Kites” of the Plateau\u00a0»" in plain(
        dict(french.bibliography())["kites"]
    )


# ---------------------------------------------------------------- kept between builds


def _formatted(clusters: list[Any], kept: object = None) -> tuple[list[Any], list[Any], bool]:
    f = Formatter(ITEMS, default_style_path())
    f.register(clusters)
    restored = f.restore(kept) if kept is not None else False
    return [f.cite(c) for c in clusters], f.bibliography(), restored


def test_a_formatter_of_the_same_works_takes_back_what_an_earlier_one_worked_out() -> None:
    before = [cluster(key=i["id"]) for i in ITEMS]
    f = Formatter(ITEMS, default_style_path())
    f.register(before)
    for c in before:
        f.cite(c)
    kept = f.prepared()
    assert kept["suffixes"] == {"r2": "b", "r3": "a"}  # Smith and Doe 2019b and 2019a
    # The same works, first cited in the same order: more clusters, pages, another mode.
    after = [
        *before,
        cluster(key="Smith2019", locator="p. 50"),
        cluster("intext", key="smith2019b", locator="p. 3"),
        {"mode": "normal", "items": [cite_item(key="kalmenov2024"), cite_item(key="Smith2019")]},
    ]
    fresh = _formatted(after)
    taken = _formatted(after, kept)
    assert taken[2] is True and taken[:2] == fresh[:2]
    assert plain(taken[0][-3]) == "(Smith and Doe 2019b, 50)"
    # The bibliography comes from the kept order: citeproc does not sort the works again.
    f = Formatter(ITEMS, default_style_path())
    f.register(after)
    assert f.restore(kept)
    f._plain.sort = None  # type: ignore[method-assign]
    assert [f.cite(c) for c in after] == fresh[0] and f.bibliography() == fresh[1]


def test_what_does_not_fit_the_works_cited_is_not_taken_back() -> None:
    works = [cluster(key=i["id"]) for i in ITEMS]
    f = Formatter(ITEMS, default_style_path())
    f.register(works)
    kept = f.prepared()
    fewer = works[:2]
    assert _formatted(fewer, kept)[2] is False  # other works cited
    damaged: list[object] = [
        None,
        [],
        {**kept, "order": kept["order"][:-1]},
        {**kept, "order": [*kept["order"][:-1], kept["order"][0]]},
        {**kept, "suffixes": {"r99": "a"}},
        {**kept, "rendered": [["r99", "", "x"]]},
        {**kept, "rendered": [["r1"]]},
        {k: v for k, v in kept.items() if k != "suffixes"},
    ]
    for bad in damaged:
        g = Formatter(ITEMS, default_style_path())
        g.register(works)
        assert g.restore(bad) is False, bad
        assert [plain(g.cite(c)) for c in works] == [plain(f.cite(c)) for c in works]


def test_a_style_that_prints_by_position_is_formatted_afresh(tmp_path: Path) -> None:
    # "ibid." and short forms depend on what was cited before: rendered items are not kept.
    text = default_style_path().read_text(encoding="utf-8")
    layout = text.index("<layout", text.index("<citation"))
    style = tmp_path / "positions.csl"
    style.write_text(
        text[:layout]
        + text[layout:].replace(
            "<group", '<choose><if position="ibid"><text value="ibid."/></if></choose><group', 1
        ),
        encoding="utf-8",
    )
    works = [cluster(key=i["id"]) for i in ITEMS]
    f = Formatter(ITEMS, style)
    f.register(works)
    kept = f.prepared()
    g = Formatter(ITEMS, style)
    g.register(works)
    assert g.restore(kept) is False
