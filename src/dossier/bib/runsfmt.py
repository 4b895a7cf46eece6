"""A citeproc-py output formatter that marks styles with private-use characters.

citeproc-py calls ``formatter.Italic(text)`` and friends while it builds a string; instead
of HTML tags we wrap text in ``OPEN + code ... CLOSE`` so that ``decode`` can turn the result
into ``Run``s without parsing markup (no escaping problems, identical for HTML and DOCX).
The same private-use block carries the formatter's own sentinels (names, translated
titles); ``sanitize`` removes the whole block from source data first.
"""

from __future__ import annotations

import re
from typing import Any

from dossier.bib.rich import Rich, Run, merge

OPEN = "\ue010"
CLOSE = "\ue011"
_PRIVATE = re.compile("[\ue000-\ue01f]")
# An opening marker with its code, or a closing marker.
_MARK = re.compile("\ue010(.)|\ue011", re.S)
# Marker code -> style name; "n" marks a CSL style we do not render (light, underline).
_CODES = {"i": "i", "b": "b", "c": "sc", "p": "sup", "s": "sub", "n": ""}


def sanitize(text: str) -> str:
    """Remove the private-use characters this module gives a meaning to."""
    return _PRIVATE.sub("", text)


def preformat(text: Any) -> str:
    """Called by citeproc-py on terms and values; no escaping (renderers escape)."""
    return str(text)


class _Wrapper(str):
    code = "n"

    def __new__(cls, text: Any) -> _Wrapper:
        return super().__new__(cls, OPEN + cls.code + str(text) + CLOSE)


class Italic(_Wrapper):
    code = "i"


class Oblique(_Wrapper):
    code = "i"


class Bold(_Wrapper):
    code = "b"


class Light(_Wrapper):
    code = "n"


class Underline(_Wrapper):
    code = "n"


class Superscript(_Wrapper):
    code = "p"


class Subscript(_Wrapper):
    code = "s"


class SmallCaps(_Wrapper):
    code = "c"


def wrap(code: str, text: str) -> str:
    """Mark ``text`` with a style code by hand (layout formatting, unknown keys)."""
    return OPEN + code + text + CLOSE if text else text


def decode(text: str) -> Rich:
    """Marked text -> runs. Unbalanced markers are ignored rather than trusted."""
    runs: list[Run] = []
    stack: list[str] = []

    def add(piece: str) -> None:
        piece = _PRIVATE.sub("", piece)
        if piece:
            runs.append(Run(piece, frozenset(s for s in stack if s)))

    pos = 0
    for mark in _MARK.finditer(text):  # one regex pass, not a loop over characters
        add(text[pos : mark.start()])
        code = mark.group(1)
        if code is not None:
            # citeproc may upper-case marked text (text-case="uppercase"): codes are caseless.
            stack.append(_CODES.get(code.lower(), ""))
        elif stack:
            stack.pop()
        pos = mark.end()
    add(text[pos:])
    return merge(runs)
