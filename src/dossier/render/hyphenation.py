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
* no more than two hyphenated lines in a row (CSS `hyphenate-limit-lines: 2`, which
  WeasyPrint 70 does not implement): WeasyPrint's line iterator is wrapped so that, while
  it breaks the line that follows two hyphenated lines of the same block, the dictionary
  offers no break. The document is laid out once (render.pdf laid it out again after
  forbidding the words of each run, which cost as much as the first layout).

`policy()` replaces the `pyphen` WeasyPrint's line breaker uses and the line iterator its
block layout calls, for the duration of one render (render.weasy holds a lock: one render
at a time), and puts them back afterwards. `forbidden` words are the fallback of
render.pdf: words that still end a third hyphenated line (none so far) are never
hyphenated in a further layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any


@dataclass
class Policy:
    """Words WeasyPrint must not hyphenate, besides the capitalised ones."""

    forbidden: set[str] = field(default_factory=set)
    #: Hyphenated lines in a row at most, within one block of one page.
    limit_lines: int = 2
    #: True while WeasyPrint breaks a line that may not end hyphenated.
    suspended: bool = False

    def allows(self, word: str) -> bool:
        if self.suspended:
            return False
        if not word or word[0].isupper() or any(ch.isdigit() for ch in word):
            return False
        return word.casefold() not in self.forbidden


@contextmanager
def policy(rules: Policy) -> Iterator[Policy]:
    """WeasyPrint's line breaker consults `rules` while the block runs."""
    import pyphen
    from weasyprint.layout import block
    from weasyprint.text import line_break

    class PolicyPyphen(pyphen.Pyphen):  # type: ignore[misc]
        def iterate(self, word: str) -> Iterator[tuple[str, str]]:
            if not rules.allows(word):
                return iter(())
            result: Iterator[tuple[str, str]] = super().iterate(word)
            return result

    shim: Any = SimpleNamespace(language_fallback=pyphen.language_fallback, Pyphen=PolicyPyphen)
    saved, saved_lines = line_break.pyphen, block.iter_line_boxes
    line_break.pyphen = shim
    block.iter_line_boxes = limited_lines(saved_lines, rules)
    try:
        yield rules
    finally:
        line_break.pyphen = saved
        block.iter_line_boxes = saved_lines


def limited_lines(
    iter_line_boxes: Callable[..., Iterator[tuple[Any, Any]]], rules: Policy
) -> Callable[..., Iterator[tuple[Any, Any]]]:
    """WeasyPrint's line iterator, with no automatic hyphen on a line that follows
    `rules.limit_lines` hyphenated lines of the same block.

    WeasyPrint breaks each line when the block layout asks for the next one; the
    dictionary is silenced for exactly that step. A block resumed on the next page starts
    a new count, as render.layout.ladders counts runs page by page."""
    from dossier.render.layout import line_box_hyphen

    def limited(*args: Any, **kwargs: Any) -> Iterator[tuple[Any, Any]]:
        lines = iter_line_boxes(*args, **kwargs)
        run = 0
        while True:
            outer = rules.suspended  # a block inside a line has its own count
            rules.suspended = run >= rules.limit_lines
            try:
                item = next(lines)
            except StopIteration:
                return
            finally:
                rules.suspended = outer
            run = run + 1 if line_box_hyphen(item[0]) else 0
            yield item

    return limited
