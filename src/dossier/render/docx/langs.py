"""Language and hyphenation marks of the text of a DOCX run.

Word (and screen readers, and LibreOffice) pick the spelling dictionary, the hyphenation
patterns and the voice from `w:lang`, so every run in another language than the
document's must say so: Cyrillic is Russian or Kazakh, Arabic is Arabic and written
right to left (`w:rtl`, `w:lang w:bidi`), and a paragraph or a bibliography entry in
another language tags its Latin-script runs with that language.

Hyphenation follows the PDF's policy (dossier.render.hyphenation): never a capitalised
word (a place, a person, an institution) nor a name or taxon the model marks
(`Styled("name")`). Word has no per-run "do not hyphenate" property, but it does not
hyphenate text marked "do not check spelling or grammar" (`w:noProof`): `capitalised`
cuts those words out of running text so that the writer can mark them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Model language code -> the tag Word understands (w:lang w:val); anything else passes.
LANG_TAGS = {
    "en": "en-GB",
    "fr": "fr-FR",
    "ru": "ru-RU",
    "kk": "kk-KZ",
    "es": "es-ES",
    "ar": "ar-SA",
    "zh": "zh-CN",
    "de": "de-DE",
    "it": "it-IT",
    "pt": "pt-PT",
    "no": "nb-NO",
    "nb": "nb-NO",
    "nn": "nn-NO",
    "uz": "uz-Latn-UZ",
}
_CYRILLIC_LANGS = {"ru", "kk", "uk", "be", "bg", "mk", "sr", "ky", "tg", "mn", "tt", "ba"}
_ARABIC_LANGS = {"ar", "fa", "ur", "ps", "ug", "ku"}

_CYR = "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"
_ARA = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# A phrase in one script: its letters, and the spaces, digits and punctuation between them.
_JOIN = r"[\s\d\-\u2010-\u2015.,:;!?'\u2019\"\u00ab\u00bb()\u00a0\u200c-\u200f\u060c\u061b]*"
_SCRIPTS = re.compile(
    f"(?P<cyr>[{_CYR}]+(?:{_JOIN}[{_CYR}]+)*)|(?P<ara>[{_ARA}]+(?:{_JOIN}[{_ARA}]+)*)"
)
_KAZAKH = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")


def lang_tag(lang: str | None) -> str | None:
    """Model language code -> Word language tag (w:lang), so spell-checking works."""
    if not lang:
        return None
    return LANG_TAGS.get(lang.lower(), lang)


def script_of(tag: str | None) -> str:
    """'cyr', 'ara' or 'lat' (everything else) for a language tag."""
    primary = (tag or "").split("-", 1)[0].lower()
    if primary in _CYRILLIC_LANGS:
        return "cyr"
    if primary in _ARABIC_LANGS:
        return "ara"
    return "lat"


@dataclass(frozen=True)
class Piece:
    text: str
    lang: str | None  # Word tag, None: the document's language
    rtl: bool = False


def pieces(text: str, context: str | None, doc_tag: str) -> list[Piece]:
    """`text` cut into runs of one language. `context` is the Word tag of the paragraph
    or entry the text belongs to (None: the document's language, `doc_tag`)."""
    if text.isascii():
        return [Piece(text, _latin_tag(context, doc_tag))]
    out: list[Piece] = []
    pos = 0
    for mo in _SCRIPTS.finditer(text):
        if mo.start() > pos:
            out.append(Piece(text[pos : mo.start()], _latin_tag(context, doc_tag)))
        phrase = mo.group()
        if mo.lastgroup == "cyr":
            if script_of(context) == "cyr":
                tag = context
            else:
                tag = "kk-KZ" if _KAZAKH.intersection(phrase) else "ru-RU"
            out.append(Piece(phrase, None if tag == doc_tag else tag))
        else:
            tag = context if script_of(context) == "ara" else "ar-SA"
            out.append(Piece(phrase, tag, rtl=True))
        pos = mo.end()
    if pos < len(text):
        out.append(Piece(text[pos:], _latin_tag(context, doc_tag)))
    return out


# Capitalised words long enough for Word to hyphenate (ASCII, then any script).
_CAPITAL_ASCII = re.compile(r"\b[A-Z][A-Za-z]{5,}")
_CAPITAL = re.compile(r"(?<![^\W\d_])(?:[A-Z]|[^\x00-\x7f])[^\W\d_]{5,}")


def capitalised(text: str) -> list[tuple[str, bool]]:
    """`text` cut into (part, is a capitalised word) pieces, in order."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for mo in (_CAPITAL_ASCII if text.isascii() else _CAPITAL).finditer(text):
        word = mo.group()
        if not (word[0].isupper() and word[0].isalpha()):
            continue
        if mo.start() > pos:
            out.append((text[pos : mo.start()], False))
        out.append((word, True))
        pos = mo.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _latin_tag(context: str | None, doc_tag: str) -> str | None:
    """Latin-script text is in the paragraph's language when that is written in Latin
    script (a transliteration in a Russian entry is not Russian)."""
    return context if context and context != doc_tag and script_of(context) == "lat" else None
