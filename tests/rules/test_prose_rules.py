"""prose.raw-html, prose.unknown-xref, prose.table-caption-missing and
images.unknown-section (validate/rules/prose_refs.py) past their basic cases: positions
in Markdown files, each kind of cross-reference, what counts as a table's caption, the
sections an image may name. Written against mutants that the basic cases let through."""

from __future__ import annotations

import pytest

from dossier.core.diagnostics import Severity
from dossier.validate.rules.prose_refs import uncaptioned_tables

from .conftest import Dossier


def _found(dossier: Dossier, rule: str) -> list[tuple[str, int | None, int | None, str]]:
    return sorted(
        (d.location.file, d.location.line, d.location.col, d.message)
        for d in dossier.findings(rule)
        if d.location
    )


# --- prose.raw-html ---------------------------------------------------------------------


@pytest.mark.reports("prose.raw-html")
def test_raw_html_in_a_markdown_file_is_an_error_at_its_line_and_column(
    dossier: Dossier,
) -> None:
    dossier.write("text/history.md", "Built in the Iron Age.\nIt has <b>two</b> ramparts.\n")
    [found] = dossier.findings("prose.raw-html")
    assert found.severity is Severity.ERROR
    assert found.location is not None
    assert (found.location.file, found.location.line, found.location.col) == (
        "text/history.md",
        2,
        len("It has ") + 1,
    )
    assert found.message == "raw HTML (<b>) is not allowed in prose"
    assert found.hint == (
        "Use Markdown instead: *emphasis*, **bold**, lists, | tables |. HTML would be printed "
        "as text."
    )


@pytest.mark.reports("prose.raw-html")
def test_a_long_tag_is_quoted_in_part_and_a_comment_is_html_too(dossier: Dossier) -> None:
    tag = '<span class="rampart" title="the inner rampart of the fort">'
    dossier.write("text/history.md", f"The {tag}inner</span> rampart.\n")
    assert [m for *_, m in _found(dossier, "prose.raw-html")] == [
        f"raw HTML ({tag[:40]}) is not allowed in prose"
    ]
    dossier.write("text/history.md", "The fort.\n\n<!-- to check -->\n")
    assert [(line, col) for _, line, col, _ in _found(dossier, "prose.raw-html")] == [(3, 1)]


@pytest.mark.reports("prose.raw-html")
def test_lines_are_counted_from_a_blank_first_line(dossier: Dossier) -> None:
    dossier.write("text/history.md", "\nIt has <b>two</b> ramparts.\n")
    assert [(line, col) for _, line, col, _ in _found(dossier, "prose.raw-html")] == [
        (2, len("It has ") + 1)
    ]


@pytest.mark.accepts("prose.raw-html")
def test_angle_brackets_that_are_not_tags_are_not_html(dossier: Dossier) -> None:
    dossier.write("text/history.md", "Heights a < b and c > d; 3<4; x <- y; <5 m> high.\n")
    assert _found(dossier, "prose.raw-html") == []


# --- prose.unknown-xref -------------------------------------------------------------------


@pytest.mark.reports("prose.unknown-xref")
def test_each_kind_of_cross_reference_names_what_it_must_name(dossier: Dossier) -> None:
    dossier.write("text/history.md", "See @fig:nowhere, @tbl:nothing and @sec:12.z.\n")
    found = {m: d.hint for d in dossier.findings("prose.unknown-xref") for m in [d.message]}
    assert found == {
        "cross-reference to an unknown figure 'nowhere'": "@fig:ID must name a figure of the "
        "dossier (a map of identification.maps or an image of documentation.images).",
        "cross-reference to an unknown table 'nothing'": "@tbl:ID must name a table of the "
        "dossier (a section number such as 3.2, or a table id such as components).",
        "cross-reference to an unknown section '12.z'": "@sec:ID must name a section of the "
        "dossier (a section number such as 3.2, or a table id such as components).",
    }
    assert all(d.severity is Severity.ERROR for d in dossier.findings("prose.unknown-xref"))


@pytest.mark.accepts("prose.unknown-xref")
def test_maps_images_tables_and_sections_of_the_dossier_can_be_cross_referenced(
    dossier: Dossier,
) -> None:
    map_id = dossier.load(dossier.part("identification"))["maps"][0]["id"]
    dossier.write(
        "text/history.md",
        f"See @fig:{map_id}, @fig:photo-1, @tbl:components, @tbl:management-plan, "
        "@tbl:climate, @sec:3.2, @sec:4.b(i) and @sec:5.a.\n\n"
        "| Month | Rain |\n|---|---|\n| May | 10 |\n\nTable: Rain {#tbl:climate}\n",
    )
    assert _found(dossier, "prose.unknown-xref") == []


# --- prose.table-caption-missing ------------------------------------------------------------

TABLE = "| Year | Amount |\n|---|---|\n| 2025 | 10 |"


def test_a_table_is_captioned_by_the_paragraph_just_before_or_just_after_it() -> None:
    assert uncaptioned_tables(f"Budgets:\n\n{TABLE}\n") == [3]
    assert uncaptioned_tables(f"Table: Budgets\n\n{TABLE}\n") == []
    assert uncaptioned_tables(f"{TABLE}\n\n: Budgets\n") == []
    assert uncaptioned_tables(f"{TABLE}\n\n\nTable: Budgets\n") == []
    # The caption is the first line of the paragraph before the table.
    assert uncaptioned_tables(f"Table: Budgets of the\nlast years\n\n{TABLE}\n") == []
    assert uncaptioned_tables(f"Intro.\n\nNot a caption\nTable: late\n\n{TABLE}\n") == [6]
    # The paragraph after the table is the one after its last row.
    assert uncaptioned_tables(f"{TABLE}\n| 2026 | 12 |\n\nTable: Budgets\n") == []
    assert uncaptioned_tables(f"{TABLE}\nTable: Budgets\n") == [1]  # a row, not a caption
    assert uncaptioned_tables(f"{TABLE}\n\nText.\n\nTable: too far\n") == [1]


def test_tables_are_found_by_their_delimiter_row_under_a_header_row() -> None:
    two = f"{TABLE}\n\nBetween.\n\n{TABLE}\n"
    assert uncaptioned_tables(two) == [1, 7]
    assert uncaptioned_tables(f"Table: A\n\n{TABLE}\n\nBetween.\n\n{TABLE}\n") == [9]
    assert uncaptioned_tables("|---|---|\n| 1 | 2 |\n") == []  # no header row
    assert uncaptioned_tables("Year Amount\n|---|---|\n") == []  # a header row has a |
    assert uncaptioned_tables("| A | B |\n| :-- | --: |\n| 1 | 2 |\n") == [1]
    assert uncaptioned_tables("| A | B |\n|-|\n") == []  # one column is not a table row
    assert uncaptioned_tables("") == []


def test_a_caption_may_touch_the_table_and_a_table_may_end_the_text() -> None:
    assert uncaptioned_tables(f"Table: Budgets\n{TABLE}\n") == []
    assert uncaptioned_tables("Table: Budgets\n\n| A | B |\n|---|---|\n| 1 | 2 |") == []
    assert uncaptioned_tables("| A | B |\n|---|---|\nTable: Budgets") == [1]  # a row
    assert uncaptioned_tables("| A | B |\n|---|---|\n| 1 | 2 |") == [1]
    assert uncaptioned_tables("Year Amount\n|---|---|\n| 1 | 2 |\n") == []  # no header row


@pytest.mark.reports("prose.table-caption-missing")
def test_an_uncaptioned_table_in_a_markdown_file_is_reported_at_its_first_row(
    dossier: Dossier,
) -> None:
    dossier.write("text/history.md", f"The fort.\n\nBudgets:\n\n{TABLE}\n")
    [found] = dossier.findings("prose.table-caption-missing")
    assert found.location is not None
    assert (found.location.file, found.location.line, found.location.col) == (
        "text/history.md",
        5,
        1,
    )
    assert found.message == (
        "this table has no caption; every table of the document is numbered, captioned and "
        "listed in the List of tables"
    )
    assert found.hint == (
        "Add a paragraph 'Table: what the table shows' just before or after the table "
        "(pandoc's syntax); end it with {#tbl:an-id} to cross-reference it as @tbl:an-id."
    )


@pytest.mark.reports("prose.table-caption-missing")
def test_an_uncaptioned_table_in_yaml_is_reported_at_its_first_row(dossier: Dossier) -> None:
    new = TABLE.replace("Amount", "Sum")
    with dossier.edit("protection") as p:
        p["finance"] = (
            f"Budgets, first the old:\n\n{TABLE}\n\nTable: Old\n\nthen the new:\n\n{new}\n"
        )
    found = dossier.findings("prose.table-caption-missing")
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("protection", r"^\s+\| Year \| Sum \|")
    ]


@pytest.mark.reports("prose.table-caption-missing")
def test_tables_with_the_same_header_row_are_each_reported_at_their_own(dossier: Dossier) -> None:
    with dossier.edit("protection") as p:
        p["finance"] = f"Table: Old\n\n{TABLE}\n\nthen:\n\n{TABLE}\n\nand again:\n\n{TABLE}\n"
    found = dossier.findings("prose.table-caption-missing")
    header = r"^\s+\| Year \| Amount \|"
    places = [(d.location.file, d.location.line) for d in found if d.location]
    assert places == [dossier.line("protection", header, 2), dossier.line("protection", header, 3)]


@pytest.mark.reports("prose.table-caption-missing")
def test_a_header_row_quoted_just_before_its_table_is_not_taken_for_it(dossier: Dossier) -> None:
    with dossier.edit("protection") as p:
        p["finance"] = f"The columns are | Year | Amount |\n{TABLE}\n"
    [found] = dossier.findings("prose.table-caption-missing")
    file, line = dossier.line("protection", r"^\s+\| Year \| Amount \|$")
    text = (dossier.root / file).read_text(encoding="utf-8").splitlines()[line - 1]
    assert found.location is not None
    assert (found.location.file, found.location.line) == (file, line)
    assert found.location.col == text.index("|") + 1


@pytest.mark.accepts("prose.table-caption-missing")
def test_a_pipe_on_one_line_is_not_a_table(dossier: Dossier) -> None:
    with dossier.edit("protection") as p:
        p["finance"] = "Funds | state and region | shared."
    dossier.write("text/history.md", "The fort | the ramparts.\n")
    assert dossier.findings("prose.table-caption-missing") == []


# --- images.unknown-section ---------------------------------------------------------------


@pytest.mark.accepts("images.unknown-section")
def test_an_image_may_name_any_section_of_an_official_format(dossier: Dossier) -> None:
    for section in ("2.a", "4.b(i)", "3.1.b", "10.a"):
        with dossier.edit("documentation") as doc:
            doc["images"][0]["section"] = section
        assert dossier.findings("images.unknown-section") == [], section


@pytest.mark.reports("images.unknown-section")
def test_only_the_image_in_an_unknown_section_is_reported(dossier: Dossier) -> None:
    dossier.write("media/photo-2.png", (dossier.root / "media/photo-1.png").read_bytes())
    with dossier.edit("documentation") as doc:
        second = dict(doc["images"][0], id="photo-2", file="media/photo-2.png")
        doc["images"][0]["section"] = "2.a"
        doc["images"].append(dict(second, section="2.z"))
    found = dossier.findings("images.unknown-section")
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("documentation", r"section: 2\.z")
    ]
    assert [d.message for d in found] == [
        "image 'photo-2' is placed in section '2.z', which no official format has"
    ]
    assert [d.hint for d in found] == [
        "Use a section number of the format, e.g. 2.a, 3.1.b or 4.b(i); the image is only "
        "listed in 7.a."
    ]
