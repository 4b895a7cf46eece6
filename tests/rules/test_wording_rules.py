"""prose.other-document-wording and name.capitalisation (validate/rules/wording.py) past
their basic cases in test_rules.py: Markdown files, phrases over several lines, whole
words, the longest phrase, the fields each document prints, several documents, names in
several languages. Written against mutants that the basic cases let through."""

from __future__ import annotations

import pytest

from .conftest import Dossier

WORDING = "prose.other-document-wording"
NAME = "name.capitalisation"


def _found(
    dossier: Dossier, rule: str, docs: tuple[str, ...] = ("nomination",)
) -> list[tuple[str, int | None, int | None, str]]:
    return sorted(
        (d.location.file, d.location.line, d.location.col, d.message)
        for d in dossier.findings(rule, "draft", docs)
        if d.location
    )


@pytest.mark.reports(WORDING)
def test_wording_in_a_markdown_file_is_reported_at_its_line_and_column(dossier: Dossier) -> None:
    dossier.write(
        "text/history.md",
        "The fort was built in the Iron Age.\n\nIt was abandoned, as this request shows.\n",
    )
    [found] = dossier.findings(WORDING)
    assert found.location is not None
    assert (found.location.file, found.location.line, found.location.col) == (
        "text/history.md",
        3,
        len("It was abandoned, as ") + 1,
    )
    assert found.message == (
        "text printed in the nomination calls it 'this request', the wording of a "
        "Preliminary Assessment request"
    )
    assert found.hint == (
        "Use words that fit every document printing this text (e.g. 'this dossier', 'the "
        "present text', or name the step: 'when the Preliminary Assessment was requested'), "
        "or move the sentence to a field only the Preliminary Assessment request prints."
    )


@pytest.mark.reports(WORDING)
def test_a_phrase_is_found_over_a_line_break_whatever_its_capitals(dossier: Dossier) -> None:
    dossier.write("text/history.md", "The fort was described in The Present\nRequest.\n")
    assert _found(dossier, WORDING) == [
        (
            "text/history.md",
            1,
            len("The fort was described in ") + 1,
            "text printed in the nomination calls it 'The Present\nRequest', the wording of a "
            "Preliminary Assessment request",
        )
    ]


@pytest.mark.accepts(WORDING)
def test_a_phrase_inside_longer_words_is_not_reported(dossier: Dossier) -> None:
    dossier.write(
        "text/history.md", "We answer all requests: this requested survey, unthis request.\n"
    )
    assert _found(dossier, WORDING) == []


@pytest.mark.reports(WORDING)
def test_the_longest_phrase_is_the_one_quoted(dossier: Dossier) -> None:
    with dossier.edit("justification") as j:
        j["integrity"] = "The fort is intact, as this nomination dossier shows."
    assert [m for *_, m in _found(dossier, WORDING, ("preliminary-assessment",))] == [
        "text printed in the Preliminary Assessment request calls it 'this nomination "
        "dossier', the wording of a nomination"
    ]


@pytest.mark.reports(WORDING)
def test_only_the_fields_a_document_prints_are_read_for_it(dossier: Dossier) -> None:
    """The Tentative List entry prints the brief synthesis, not the finance section."""
    with dossier.edit("protection") as p:
        p["finance"] = "The budget is not known at the time of this request."
    assert _found(dossier, WORDING, ("tentative-list",)) == []
    with dossier.edit("justification") as j:
        j["brief_synthesis"] = "A hill fort, as this request explains."
    assert [(f, line, m) for f, line, _, m in _found(dossier, WORDING, ("tentative-list",))] == [
        (
            dossier.part("justification"),
            dossier.line("justification", r"^brief_synthesis:")[1],
            "text printed in the Tentative List entry calls it 'this request', the wording of "
            "a Preliminary Assessment request",
        )
    ]


@pytest.mark.reports(WORDING)
def test_a_text_printed_in_two_documents_is_reported_once(dossier: Dossier) -> None:
    with dossier.edit("justification") as j:
        j["brief_synthesis"] = "A hill fort, as the present entry explains."
    found = _found(dossier, WORDING, ("nomination", "preliminary-assessment"))
    assert [m for *_, m in found] == [
        "text printed in the nomination calls it 'the present entry', the wording of a "
        "Tentative List entry"
    ]


@pytest.mark.reports(WORDING)
def test_the_description_is_read_for_the_tentative_list_only_when_it_prints_it(
    dossier: Dossier,
) -> None:
    """The entry prints tentative_list.description, and description.description only in
    its absence (the fallback)."""
    with dossier.edit("description") as d:
        d["description"] = "A hill fort, as this request explains."
    assert len(_found(dossier, WORDING, ("tentative-list",))) == 1
    with dossier.edit("dossier") as m:
        m["parts"]["tentative_list"] = "parts/tentative_list.yaml"
    dossier.write("parts/tentative_list.yaml", "description: A hill fort with two ramparts.\n")
    assert _found(dossier, WORDING, ("tentative-list",)) == []


@pytest.mark.accepts(WORDING)
def test_a_file_name_is_not_prose(dossier: Dossier) -> None:
    dossier.write(
        "media/photo for this request.png", (dossier.root / "media/photo-1.png").read_bytes()
    )
    with dossier.edit("documentation") as doc:
        doc["images"][0]["file"] = "media/photo for this request.png"
    assert _found(dossier, WORDING) == []


@pytest.mark.reports(NAME)
def test_a_miswritten_name_in_a_markdown_file_is_reported_at_its_place(
    dossier: Dossier,
) -> None:
    dossier.write("text/history.md", "Built in the Iron Age.\nThe EXAMPLE hill\nFort was later.\n")
    assert _found(dossier, NAME) == [
        (
            "text/history.md",
            2,
            len("The ") + 1,
            "the property's name is written 'EXAMPLE hill Fort' here but 'Example Hill Fort' in "
            "property.name (the cover and 1.c)",
        )
    ]
    [found] = dossier.findings(NAME)
    assert found.hint == (
        "Write the name exactly as in property.name of dossier.yaml, or correct property.name "
        "if this form is the official one."
    )


@pytest.mark.accepts(NAME)
def test_the_name_over_a_line_break_is_written_as_it_should_be(dossier: Dossier) -> None:
    dossier.write("text/history.md", "Example\nHill   Fort was built in the Iron Age.\n")
    assert _found(dossier, NAME) == []


@pytest.mark.reports(NAME)
def test_each_language_of_the_name_is_checked(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        m["property"]["name"] = {"en": "Example Hill Fort", "fr": "Oppidum de l'Exemple"}
    dossier.write("text/history.md", "Known as the oppidum de l'exemple.\n")
    assert [m for *_, m in _found(dossier, NAME)] == [
        "the property's name is written 'oppidum de l'exemple' here but 'Oppidum de "
        "l'Exemple' in property.name (the cover and 1.c)"
    ]


@pytest.mark.accepts(NAME)
def test_a_name_of_three_letters_or_fewer_is_not_searched(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        m["property"]["name"] = {"en": "Example Hill Fort", "fr": "Ard"}
    dossier.write("text/history.md", "The ard was found in the ditch.\n")
    assert _found(dossier, NAME) == []


@pytest.mark.reports(WORDING)
def test_lines_are_counted_from_a_blank_first_line(dossier: Dossier) -> None:
    dossier.write("text/history.md", "\nIt was abandoned, as this request shows.\n")
    assert [(line, col) for _, line, col, _ in _found(dossier, WORDING)] == [
        (2, len("It was abandoned, as ") + 1)
    ]


@pytest.mark.reports(WORDING)
def test_a_transnational_entry_is_read_with_the_fields_its_own_form_prints(
    dossier: Dossier,
) -> None:
    """The comparative analysis text is printed in the transnational Tentative List form
    (Annex 2B), not in the form of one State Party (Annex 2A)."""
    with dossier.edit("justification") as j:
        j["comparative_analysis"]["text"] = "Compared, as this request explains, with others."
    assert _found(dossier, WORDING, ("tentative-list",)) == []
    with dossier.edit("dossier") as m:
        m["property"]["states_parties"].append({"code": "BE", "name": "Belgium"})
    assert [m for *_, m in _found(dossier, WORDING, ("tentative-list",))] == [
        "text printed in the Tentative List entry calls it 'this request', the wording of a "
        "Preliminary Assessment request"
    ]


@pytest.mark.reports(WORDING)
def test_every_other_document_is_searched_whichever_comes_first(dossier: Dossier) -> None:
    """A Preliminary Assessment request is searched for the Tentative List's wording too
    (which comes after its own in wording.yaml)."""
    with dossier.edit("justification") as j:
        j["integrity"] = "The fort is intact, as the present entry shows."
    assert [m for *_, m in _found(dossier, WORDING, ("preliminary-assessment",))] == [
        "text printed in the Preliminary Assessment request calls it 'the present entry', the "
        "wording of a Tentative List entry"
    ]


@pytest.mark.reports(WORDING)
def test_a_part_that_is_not_there_does_not_stop_the_search(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        del m["parts"]["executive_summary"]
    with dossier.edit("protection") as p:
        p["finance"] = "The budget is not known at the time of this request."
    assert [(f, line) for f, line, _, _ in _found(dossier, WORDING)] == [
        dossier.line("protection", r"^finance:")
    ]


@pytest.mark.reports(NAME)
def test_a_miswritten_name_after_a_well_written_one_is_reported(dossier: Dossier) -> None:
    dossier.write("text/history.md", "Example Hill Fort, or the example hill fort, is old.\n")
    assert [(line, col) for _, line, col, _ in _found(dossier, NAME)] == [
        (1, len("Example Hill Fort, or the ") + 1)
    ]


@pytest.mark.reports(NAME)
def test_a_name_of_four_letters_is_searched(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        m["property"]["name"] = {"en": "Example Hill Fort", "fr": "Ardo"}
    dossier.write("text/history.md", "The ardo was found in the ditch.\n")
    assert [m for *_, m in _found(dossier, NAME)] == [
        "the property's name is written 'ardo' here but 'Ardo' in property.name (the cover and 1.c)"
    ]
