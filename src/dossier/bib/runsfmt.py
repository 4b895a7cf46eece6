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
    buf: list[str] = []
    i = 0

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), frozenset(s for s in stack if s)))
            buf.clear()

    while i < len(text):
        ch = text[i]
        if ch == OPEN and i + 1 < len(text):
            flush()
            # citeproc may upper-case marked text (text-case="uppercase"): codes are caseless.
            stack.append(_CODES.get(text[i + 1].lower(), ""))
            i += 2
            continue
        if ch == CLOSE:
            flush()
            if stack:
                stack.pop()
        elif not _PRIVATE.match(ch):
            buf.append(ch)
        i += 1
    flush()
    return merge(runs)
