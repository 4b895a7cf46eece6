"""runsfmt.decode: marked text from citeproc-py -> runs of styled text."""

from __future__ import annotations

from dossier.bib import runsfmt
from dossier.bib.rich import Run

OP, CL = runsfmt.OPEN, runsfmt.CLOSE


def test_nested_marks_give_runs_with_every_open_style() -> None:
    text = f"A {OP}iB {OP}bC{CL} D{CL} E"
    assert runsfmt.decode(text) == [
        Run("A ", frozenset()),
        Run("B ", frozenset({"i"})),
        Run("C", frozenset({"i", "b"})),
        Run(" D", frozenset({"i"})),
        Run(" E", frozenset()),
    ]


def test_codes_are_caseless_and_unrendered_styles_add_nothing() -> None:
    # text-case="uppercase" upper-cases the codes too; "n" (underline) is not rendered.
    assert runsfmt.decode(f"{OP}IX{CL}{OP}nY{CL}") == [
        Run("X", frozenset({"i"})),
        Run("Y", frozenset()),
    ]


def test_unbalanced_and_stray_private_characters_are_dropped() -> None:
    text = f"{CL}a\ue015b{OP}"  # a close with nothing open, a private character, an open at the end
    assert runsfmt.decode(text) == [Run("ab", frozenset())]
    assert runsfmt.decode(f"{OP}px") == [Run("x", frozenset({"sup"}))]  # never closed
    assert runsfmt.decode("") == []
