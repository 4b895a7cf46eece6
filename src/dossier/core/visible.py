"""Show text from the sources so that what cannot be seen can be read in a message.

A key that holds a zero-width space, a name with a right-to-left override, a path with a
NUL character: printed as they are, these look right and the finding makes no sense.
``visible`` writes every such character as ``<U+200B>``.
"""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (tab and line breaks are kept), zero-width characters, bidirectional
# controls, the byte-order mark, soft hyphen, and the other "format" characters (Cf).
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
# Bidirectional controls: they reorder what follows (the "Trojan Source" characters).
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Characters that take no room and cannot be seen.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad")


def is_hidden(ch: str) -> bool:
    """True for a character that shows nothing (or moves other text) when printed."""
    return bool(_HIDDEN.match(ch)) or (ch not in "\t\n\r" and unicodedata.category(ch) == "Cf")


def visible(text: str, limit: int | None = None) -> str:
    """``text`` with hidden characters written as <U+XXXX>, cut to about ``limit`` characters."""
    if _HIDDEN.search(text) or not text.isprintable():
        text = "".join(f"<U+{ord(ch):04X}>" if is_hidden(ch) else ch for ch in text)
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "..."


def quoted(text: str, limit: int = 120) -> str:
    """``visible(text)`` between single quotes, for messages: 'text<U+200B>'."""
    return f"'{visible(text, limit)}'"
