"""Placeholders for what a translator must not retype: citations, cross-references,
footnote calls, code, addresses and link targets.

A passage `The arans [@barge2016ustyurt] ... (@tbl:attributes)` becomes the catalogue text
`The arans {cite1} ... ({ref1})`; the translator moves `{cite1}` where French puts it and the
build maps it back to the source's own text. The braces are Python's format syntax, so PO
tools (msgfmt --check, Poedit, Weblate) check the placeholders themselves when the unit is
flagged `python-brace-format`; a literal brace is written `{{` or `}}`. Emphasis (`*...*`,
`**...**`) stays as Markdown: French may stress other words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from dossier.prose.mdext.citesyntax import KEY_RE, at_allowed, parse_cluster, xref_of

#: What each placeholder name stands for, as the translator's note says it.
KINDS: dict[str, str] = {
    "cite": "citation",
    "ref": "cross-reference",
    "note": "footnote call",
    "code": "code",
    "url": "web address",
    "link": "link target",
}
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\s]*>|<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>")
_BARE_URL = re.compile(r"https?://[^\s<>\[\]()]+")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z]+[0-9]+)\}|\{|\}")


@dataclass(frozen=True)
class Protected:
    """A passage as the catalogue shows it, and what each placeholder stands for."""

    template: str
    slots: dict[str, str]

    @property
    def has_braces(self) -> bool:
        """True when PO tools should check it as python-brace-format."""
        return bool(self.slots) or "{{" in self.template or "}}" in self.template


class _Scanner:
    def __init__(self) -> None:
        self.slots: dict[str, str] = {}
        self.counts: Counter[str] = Counter()

    def slot(self, kind: str, raw: str) -> str:
        self.counts[kind] += 1
        name = f"{kind}{self.counts[kind]}"
        self.slots[name] = raw.replace("\r\n", " ").replace("\n", " ")
        return "{" + name + "}"

    def scan(self, text: str) -> str:
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == "\\" and i + 1 < n:
                out.append(_braces(text[i : i + 2]))
                i += 2
            elif ch == "`":
                i = self._code(text, i, out)
            elif ch == "<" and (m := _AUTOLINK.match(text, i)):
                out.append(self.slot("url", m.group(0)))
                i = m.end()
            elif ch == "[":
                i = self._bracket(text, i, out)
            elif ch == "@":
                i = self._at(text, i, out)
            elif ch == "h" and (i == 0 or not text[i - 1].isalnum()) and _BARE_URL.match(text, i):
                i = self._url(text, i, out)
            elif ch in "{}":
                out.append(ch * 2)
                i += 1
            else:
                out.append(ch)
                i += 1
        return "".join(out)

    def _code(self, text: str, i: int, out: list[str]) -> int:
        run = len(text[i:]) - len(text[i:].lstrip("`"))
        fence = "`" * run
        close = re.compile(rf"(?<!`){fence}(?!`)").search(text, i + run)
        if close is None:
            out.append(fence)
            return i + run
        out.append(self.slot("code", text[i : close.end()]))
        return close.end()

    def _bracket(self, text: str, i: int, out: list[str]) -> int:
        if m := _FOOTNOTE.match(text, i):
            out.append(self.slot("note", m.group(0)))
            return m.end()
        end = _matching(text, i, "[", "]")
        if end < 0:
            out.append("[")
            return i + 1
        inner = text[i + 1 : end]
        if end + 1 < len(text) and text[end + 1] == "(":
            close = _matching(text, end + 1, "(", ")")
            if close > 0:  # a link or image: its words are translated, its target kept
                out.append("[" + self.scan(inner) + "]")
                out.append(self.slot("link", text[end + 1 : close + 1]))
                return close + 1
        if "@" in inner and (parts := parse_cluster(inner)) is not None:
            kind = "ref" if any(xref_of(p.item["key"]) for p in parts) else "cite"
            out.append(self.slot(kind, text[i : end + 1]))
            return end + 1
        out.append("[")
        return i + 1

    def _at(self, text: str, i: int, out: list[str]) -> int:
        key = KEY_RE.match(text, i + 1) if at_allowed(text, i) else None
        if key is None:
            out.append("@")
            return i + 1
        end = key.end()
        if xref_of(key.group(0)):
            out.append(self.slot("ref", text[i:end]))
            return end
        bracket = end + 1 if text.startswith(" [", end) else end
        if bracket < len(text) and text[bracket] == "[":  # `@key [p. 4]`: its locator
            close = _matching(text, bracket, "[", "]")
            inner = text[bracket + 1 : close] if close > 0 else ""
            followed = close + 1 < len(text) and text[close + 1] == "("
            usable = inner.strip() and "@" not in inner and not inner.startswith("^")
            if close > 0 and usable and not followed:
                end = close + 1
        out.append(self.slot("cite", text[i:end]))
        return end

    def _url(self, text: str, i: int, out: list[str]) -> int:
        m = _BARE_URL.match(text, i)
        assert m is not None
        url = m.group(0).rstrip(".,;:!?'\"")
        out.append(self.slot("url", url))
        return i + len(url)


def _matching(text: str, start: int, open_: str, close: str) -> int:
    """Index of the bracket closing the one at ``start`` (escapes skipped), or -1."""
    depth, i = 0, start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == open_:
            depth += 1
        elif ch == close:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def protect(text: str) -> Protected:
    """The passage with placeholders (numbered per kind, in order of appearance)."""
    scanner = _Scanner()
    template = scanner.scan(text)
    return Protected(template, scanner.slots)


@dataclass(frozen=True)
class Mismatch:
    """Why a translation's placeholders do not fit its source."""

    missing: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    repeated: tuple[str, ...] = ()
    stray_brace: bool = False

    def __bool__(self) -> bool:
        return bool(self.missing or self.unknown or self.repeated or self.stray_brace)


def placeholders(text: str) -> tuple[list[str], bool]:
    """The placeholder names of a catalogue text, in order, and whether a lone brace is
    left (neither a placeholder nor `{{`/`}}`)."""
    names: list[str] = []
    stray = False
    for m in _TOKEN.finditer(text):
        if m.group(1):
            names.append(m.group(1))
        elif m.group(0) in "{}":
            stray = True
    return names, stray


def compare(translation: str, slots: dict[str, str]) -> Mismatch:
    """The placeholders of ``translation`` against those of its source: each exactly once."""
    names, stray = placeholders(translation)
    counts = Counter(names)
    return Mismatch(
        missing=tuple(n for n in slots if n not in counts),
        unknown=tuple(sorted(n for n in counts if n not in slots)),
        repeated=tuple(sorted(n for n, c in counts.items() if c > 1 and n in slots)),
        stray_brace=stray,
    )


def restore(translation: str, slots: dict[str, str]) -> str:
    """The translation as Markdown: placeholders back to the source's text, `{{` to `{`."""

    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            return slots.get(m.group(1), m.group(0))
        return m.group(0)[0]

    return _TOKEN.sub(sub, translation)


def slot_note(slots: dict[str, str]) -> list[str]:
    """Lines of the translator's note saying what each placeholder stands for."""
    return [
        f"{{{name}}} = {raw}  ({KINDS[name.rstrip('0123456789')]})" for name, raw in slots.items()
    ]


_LETTER = re.compile(r"[^\W\d_]")


def has_words(template: str) -> bool:
    """True when a passage has something to translate (letters outside placeholders)."""
    return bool(_LETTER.search(_TOKEN.sub("", template)))


_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d,]|\.\d)")
_GROUPED_DEC = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})*)\.(\d+)(?![\d.])")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_PERCENT = re.compile(r"(?<=\d) ?%")


def localize_numbers(text: str, lang: str) -> str:
    """English figures of a passage with no words (a table cell: `4,900`, `+60.2 %`) as the
    language writes them; French: 4 900 (narrow no-break space), 60,2 %."""
    if lang != "fr":
        return text
    nnbsp = "\u202f"
    text = _GROUPED_DEC.sub(lambda m: m.group(1).replace(",", nnbsp) + "," + m.group(2), text)
    text = _GROUPED.sub(lambda m: m.group(1) + m.group(2).replace(",", nnbsp), text)
    text = _DECIMAL.sub(",", text)
    return _PERCENT.sub(nnbsp + "%", text)
