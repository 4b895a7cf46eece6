"""Pandoc citation syntax, as pure functions shared by the markdown-it plugin and the scanner.

Keeping the grammar here (and not inside the inline rule) is what makes
``scan_references`` and the rendered document agree on what is a citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypedDict

# Pandoc: a key starts with a letter, digit or `_`; internal punctuation `:.#$%&-+?<>~/` is
# allowed only when a word character follows, so a key never ends in punctuation
# (`@smith04.` cites `smith04`). `:` or `/` may also precede `/` (URL-like keys).
KEY_PATTERN = r"\w(?:\w|[:.#$%&\-+?<>~/](?=\w)|[:/](?=/))*"
KEY_RE = re.compile(KEY_PATTERN)

# pandoc-crossref prefixes; these are references to numbered things, never citations.
XREF_KINDS: tuple[str, ...] = ("fig", "tbl", "sec")
_XREF_RE = re.compile(r"^(fig|tbl|sec):(.+)$")

# A character before `@` that makes it part of a word, an address or a URL, not a citation.
_NOT_BEFORE_AT = frozenset("/:.@+-=&`")

# Locator terms as pandoc recognises them (English), mapped to CSL locator labels.
LOCATOR_TERMS: dict[str, str] = {
    "p": "page",
    "pp": "page",
    "page": "page",
    "pages": "page",
    "bk": "book",
    "bks": "book",
    "book": "book",
    "chap": "chapter",
    "chaps": "chapter",
    "ch": "chapter",
    "chapter": "chapter",
    "col": "column",
    "cols": "column",
    "column": "column",
    "fig": "figure",
    "figs": "figure",
    "figure": "figure",
    "fol": "folio",
    "fols": "folio",
    "folio": "folio",
    "no": "number",
    "nos": "number",
    "number": "number",
    "l": "line",
    "ll": "line",
    "line": "line",
    "lines": "line",
    "n": "note",
    "nn": "note",
    "note": "note",
    "notes": "note",
    "op": "opus",
    "opp": "opus",
    "opus": "opus",
    "para": "paragraph",
    "paras": "paragraph",
    "paragraph": "paragraph",
    "¶": "paragraph",
    "pt": "part",
    "pts": "part",
    "part": "part",
    "sec": "section",
    "secs": "section",
    "section": "section",
    "§": "section",
    "§§": "section",
    "s.v": "sub verbo",
    "s.vv": "sub verbo",
    "sub verbo": "sub verbo",
    "v": "verse",
    "vv": "verse",
    "verse": "verse",
    "verses": "verse",
    "vol": "volume",
    "vols": "volume",
    "volume": "volume",
}
_LABEL_ALT = "|".join(re.escape(t) for t in sorted(LOCATOR_TERMS, key=lambda t: (-len(t), t)))
_LABEL_RE = re.compile(rf"(?P<label>{_LABEL_ALT})(?:\.|(?=\s|\d))\s*", re.IGNORECASE)
_ROMAN = r"(?=[ivxlcdm])m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_NUM = rf"(?:\d+[a-z]?|{_ROMAN})(?![\w])"
_VALUE_RE = re.compile(rf"{_NUM}(?:\s*[-–—]\s*{_NUM})?(?:\s*,\s*{_NUM}(?:\s*[-–—]\s*{_NUM})?)*")
_WORD_VALUE_RE = re.compile(r"[^\s,;]*\d[^\s,;]*")
_BRACED_RE = re.compile(r"\{([^{}]*)\}")


class CiteItem(TypedDict):
    """One cited work in a cluster; every field is plain text as written by the author."""

    key: str
    prefix: str
    locator: str
    suffix: str
    suppress_author: bool


class Cluster(TypedDict):
    """A citation as it appears in prose: `[...]` (normal) or `@key` (intext)."""

    mode: Literal["normal", "intext"]
    items: list[CiteItem]


@dataclass(frozen=True)
class ParsedPart:
    """A cluster item plus the offset of its `@` inside the parsed text (for diagnostics)."""

    item: CiteItem
    at_offset: int


def xref_of(key: str) -> tuple[str, str] | None:
    """`(kind, id)` when a key is a pandoc-crossref reference such as `fig:map`."""
    m = _XREF_RE.match(key)
    return (m.group(1), m.group(2)) if m else None


def at_allowed(text: str, at_pos: int) -> bool:
    """Whether an `@` at ``at_pos`` may start a citation (not inside a word, address or URL)."""
    if at_pos == 0:
        return True
    prev = text[at_pos - 1]
    return not (prev.isalnum() or prev == "_" or prev in _NOT_BEFORE_AT)


def parse_locator_suffix(text: str) -> tuple[str, str]:
    """Split what follows a key into ``(locator, suffix)``, as pandoc does.

    ``", pp. 3-5, and passim"`` -> ``("pp. 3-5", ", and passim")``. A bare number or roman
    numeral is a page locator; after a known term (`p.`, `chap.`, `sec.`, ...) any word with
    a digit is accepted; braces give an explicit locator: ``{ii, A}``. The rest is suffix.
    """
    m = re.match(r"\s*,?\s*", text)
    start = m.end() if m else 0
    rest = text[start:]
    label = _LABEL_RE.match(rest)
    value_at = label.end() if label else 0
    braced = _BRACED_RE.match(rest, value_at)
    if braced:
        locator = (rest[:value_at] + braced.group(1)).strip()
        return locator, rest[braced.end() :].strip()
    value = _VALUE_RE.match(rest, value_at) or (
        _WORD_VALUE_RE.match(rest, value_at) if label else None
    )
    if value is None:
        return "", text.strip()
    return rest[: value.end()].strip(), rest[value.end() :].strip()


def parse_part(part: str) -> ParsedPart | None:
    """Parse one `;`-separated piece of a bracketed cluster, or None if it cites nothing."""
    search_from = 0
    while True:
        at = part.find("@", search_from)
        if at < 0:
            return None
        search_from = at + 1
        if not at_allowed(part, at) and not (at > 0 and part[at - 1] == "-"):
            continue
        key = KEY_RE.match(part, at + 1)
        if key is None:
            continue
        suppress = at > 0 and part[at - 1] == "-" and (at == 1 or not part[at - 2].isalnum())
        prefix = part[: at - 1 if suppress else at].strip()
        locator, suffix = parse_locator_suffix(part[key.end() :])
        item = CiteItem(
            key=key.group(0),
            prefix=prefix,
            locator=locator,
            suffix=suffix,
            suppress_author=suppress,
        )
        return ParsedPart(item, at)


def parse_cluster(content: str) -> list[ParsedPart] | None:
    """Parse the inside of `[...]`; None unless every `;`-part holds a citation key."""
    parts: list[ParsedPart] = []
    offset = 0
    for piece in content.split(";"):
        parsed = parse_part(piece)
        if parsed is None:
            return None
        parts.append(ParsedPart(parsed.item, offset + parsed.at_offset))
        offset += len(piece) + 1
    return parts


def intext_item(key: str, locator: str = "", suffix: str = "") -> CiteItem:
    """The single item of an author-in-text citation (`@key` or `@key [p. 4]`)."""
    return CiteItem(key=key, prefix="", locator=locator, suffix=suffix, suppress_author=False)


def split_locator(locator: str) -> tuple[str, str]:
    """``"pp. 3-5"`` -> ``("page", "3-5")``: the CSL label (page by default) and the value."""
    text = locator.strip()
    label = _LABEL_RE.match(text)
    if label is None or label.end() == len(text):
        return "page", text
    return LOCATOR_TERMS[label.group("label").lower()], text[label.end() :].strip()
