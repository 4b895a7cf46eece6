"""The hyphenation policy of the PDF.

What CSS says (templates/css/print.css): hyphenation only in running text, never in
headings, captions or narrow table columns; `hyphenate-limit-chars: 8 3 4` (words of at
least 8 letters, 3 kept before the break and 4 after); proper names and taxa from the
sources (`.pn` spans the assembler marks) never hyphenated.

What CSS cannot say in WeasyPrint 70 is done here, around the Pyphen dictionaries
WeasyPrint consults when a word does not fit at the end of a line:

* no hyphenation of a capitalised word (a place, person, institution: TeX's
  uchyph=0, "Hyphenate Capitalized Words" off in page-layout programs), of a word
  with digits, or of a word the policy forbids;
* no more than two hyphenated lines in a row: WeasyPrint 70 has no
  `hyphenate-limit-lines`, so render.pdf lays the document out, finds runs of three
  and forbids hyphenating the words that make the third line, then lays it out again.

`policy()` replaces the `pyphen` WeasyPrint's line breaker uses, for the duration of one
render (render.pdf holds a lock: one render at a time), and puts it back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any


@dataclass
class Policy:
    """Words WeasyPrint must not hyphenate, besides the capitalised ones."""

    forbidden: set[str] = field(default_factory=set)

    def allows(self, word: str) -> bool:
        if not word or word[0].isupper() or any(ch.isdigit() for ch in word):
            return False
        return word.casefold() not in self.forbidden


@contextmanager
def policy(rules: Policy) -> Iterator[Policy]:
    """WeasyPrint's line breaker consults `rules` while the block runs."""
    import pyphen
    from weasyprint.text import line_break

    class PolicyPyphen(pyphen.Pyphen):  # type: ignore[misc]
        def iterate(self, word: str) -> Iterator[tuple[str, str]]:
            if not rules.allows(word):
                return iter(())
            result: Iterator[tuple[str, str]] = super().iterate(word)
            return result

    shim: Any = SimpleNamespace(language_fallback=pyphen.language_fallback, Pyphen=PolicyPyphen)
    saved = line_break.pyphen
    line_break.pyphen = shim
    try:
        yield rules
    finally:
        line_break.pyphen = saved
