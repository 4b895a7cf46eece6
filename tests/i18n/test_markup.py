"""Placeholders: what a translator must not retype is protected, and put back exactly."""

from __future__ import annotations

import pytest

from dossier.i18n.markup import compare, has_words, localize_numbers, protect, restore


def test_citations_references_and_notes_become_numbered_placeholders() -> None:
    text = (
        "The arans [@barge2016; @yagodin2019, p. 12] stand on the chinks (@tbl:attributes), "
        "as @smith2020 [p. 4] says[^1] with `code` at <https://example.org/x> and "
        "[a link](https://example.org/y)."
    )
    p = protect(text)
    assert p.template == (
        "The arans {cite1} stand on the chinks ({ref1}), as {cite2} says{note1} with {code1} "
        "at {url1} and [a link]{link1}."
    )
    assert p.slots == {
        "cite1": "[@barge2016; @yagodin2019, p. 12]",
        "ref1": "@tbl:attributes",
        "cite2": "@smith2020 [p. 4]",
        "note1": "[^1]",
        "code1": "`code`",
        "url1": "<https://example.org/x>",
        "link1": "(https://example.org/y)",
    }
    assert restore(p.template, p.slots) == text
    assert p.has_braces


def test_a_translation_may_move_placeholders_and_braces_are_escaped() -> None:
    p = protect("A {set} of walls [@a].")
    assert p.template == "A {{set}} of walls {cite1}."
    french = "Selon {cite1}, un {{ensemble}} de murs."
    assert not compare(french, p.slots)
    assert restore(french, p.slots) == "Selon [@a], un {ensemble} de murs."


def test_an_email_address_and_plain_brackets_stay_text() -> None:
    p = protect("Write to info@example.org [see below].")
    assert p.slots == {}
    assert p.template == "Write to info@example.org [see below]."


@pytest.mark.parametrize(
    ("translation", "missing", "unknown", "repeated", "stray"),
    [
        ("Les arans {cite1}.", ("ref1",), (), (), False),
        ("Les arans {cite1} {ref1} {cite3}.", (), ("cite3",), (), False),
        ("Les arans {cite1} {cite1} {ref1}.", (), (), ("cite1",), False),
        ("Les arans {cite1 {ref1}.", ("cite1",), (), (), True),
        ("Les {ref1} arans {cite1}.", (), (), (), False),
    ],
)
def test_broken_placeholders_are_told_apart(
    translation: str,
    missing: tuple[str, ...],
    unknown: tuple[str, ...],
    repeated: tuple[str, ...],
    stray: bool,
) -> None:
    slots = protect("The arans [@a] (@fig:map).").slots
    m = compare(translation, slots)
    assert (m.missing, m.unknown, m.repeated, m.stray_brace) == (missing, unknown, repeated, stray)
    assert bool(m) == any((missing, unknown, repeated, stray))


def test_passages_without_words_are_not_units_and_their_figures_follow_the_language() -> None:
    assert not has_words(protect("[@saiga-2014; @census-2024]").template)
    assert not has_words("4,900")
    assert has_words("about 2014")
    assert localize_numbers("4,900", "fr") == "4\u202f900"
    assert localize_numbers("+60.2 %", "fr") == "+60,2\u202f%"
    assert localize_numbers("1,234,567.25", "fr") == "1\u202f234\u202f567,25"
    assert localize_numbers("2013–2015", "fr") == "2013–2015"
    assert localize_numbers("4,900", "en") == "4,900"
