"""CSL item vocabulary and value normalisation, without citeproc (safe on the check path).

CSL-YAML written by hand (or by pandoc) allows shortcuts that CSL-JSON does not:
``issued: 2019``, ``issued: 2019-05``, names as plain strings. ``normalize_date`` and
``normalize_names`` turn them into the CSL-JSON shapes the formatter and checks share.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# CSL 1.0.2 item types.
CSL_TYPES: frozenset[str] = frozenset({
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
})  # fmt: skip

# CSL 1.0.2 name variables.
NAME_FIELDS: frozenset[str] = frozenset({
    "author", "chair", "collection-editor", "compiler", "composer", "container-author",
    "contributor", "curator", "director", "editor", "editorial-director", "executive-producer",
    "guest", "host", "illustrator", "interviewer", "narrator", "organizer", "original-author",
    "performer", "producer", "recipient", "reviewed-author", "script-writer", "series-creator",
    "translator",
})  # fmt: skip

# CSL 1.0.2 date variables.
DATE_FIELDS: frozenset[str] = frozenset(
    ["accessed", "available-date", "event-date", "issued", "original-date", "submitted"]
)

# Our extension: an English rendering of a non-English title, shown in square brackets.
TRANSLATED_TITLE = "translated-title"

_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(\d{4})(?!\d)")

DateParts = list[list[int]]


def _parts_of_text(text: str) -> DateParts | None:
    """``2019``, ``2019-05-01`` or an EDTF-like range ``2019/2020`` as CSL date-parts."""
    out: DateParts = []
    for piece in text.strip().split("/"):
        m = _ISO_DATE.match(piece.strip())
        if m is None:
            return None
        out.append([int(g) for g in m.groups() if g is not None])
    return out or None


def _int_parts(raw: Any) -> DateParts | None:
    if not isinstance(raw, list) or not raw:
        return None
    out: DateParts = []
    for part in raw:
        if not isinstance(part, list) or not part or len(part) > 3:
            return None
        try:
            out.append([int(str(x)) for x in part])
        except ValueError:
            return None
    return out


def normalize_date(value: Any) -> dict[str, Any] | None:
    """A CSL-JSON date (``{"date-parts": ...}`` or ``{"literal": ...}``), or None if unusable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return {"date-parts": [[value]]}
    if isinstance(value, str):
        parts = _parts_of_text(value)
        return {"date-parts": parts} if parts else {"literal": value}
    if isinstance(value, Mapping):
        if "date-parts" in value:
            parts = _int_parts(value["date-parts"])
            return {"date-parts": parts} if parts else None
        if isinstance(value.get("raw"), str):
            return normalize_date(value["raw"])
        if isinstance(value.get("literal"), str):
            return {"literal": value["literal"]}
        if "year" in value:  # old pandoc-citeproc: {year: 2019, month: 5}
            keys = [k for k in ("year", "month", "day") if k in value]
            return _int_date([value[k] for k in keys])
        return None
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        dates = [normalize_date(v) for v in value]
        if all(d is not None and "date-parts" in d for d in dates):
            return {"date-parts": [d["date-parts"][0] for d in dates if d is not None]}
    return None


def _int_date(values: list[Any]) -> dict[str, Any] | None:
    try:
        return {"date-parts": [[int(str(v)) for v in values]]}
    except ValueError:
        return None


def year_of(date: Mapping[str, Any] | None) -> int | None:
    """The (first) year of a normalised date; a literal date counts if it holds a year."""
    if date is None:
        return None
    parts = date.get("date-parts")
    if parts:
        return int(parts[0][0])
    literal = date.get("literal")
    if isinstance(literal, str):
        m = _YEAR_IN_TEXT.search(literal)
        return int(m.group(1)) if m else None
    return None


def normalize_names(value: Any) -> list[dict[str, str]] | None:
    """CSL names as a list of ``{family, given, ...}`` / ``{literal}``; None if malformed.

    A plain string becomes one literal name (an institution), which is what authors mean
    when they write ``author: UNESCO``.
    """
    if isinstance(value, str):
        return [{"literal": value}]
    if not isinstance(value, list):
        return None
    out: list[dict[str, str]] = []
    for name in value:
        if isinstance(name, str):
            out.append({"literal": name})
        elif isinstance(name, Mapping) and name and all(isinstance(k, str) for k in name):
            out.append({str(k): str(v) for k, v in name.items() if v is not None})
        else:
            return None
    return out


def text_of(value: Any) -> str | None:
    """A scalar field as text (YAML turns ``volume: 12`` into an int); None for structures."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value)
    return None
