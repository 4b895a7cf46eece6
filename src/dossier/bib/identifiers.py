"""Offline syntax checks for DOIs, ISBNs and URLs (nothing is looked up on the network)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Crossref's advice: "10." + registrant (4-9 digits) + "/" + a suffix without spaces.
_DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
_DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi:",
)


def doi_problem(value: str) -> str | None:
    """Why ``value`` is not a bare DOI, or None if it looks like one."""
    text = value.strip()
    lowered = text.lower()
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            return f"write the bare DOI without {prefix!r}; the style adds the link"
    if not _DOI.match(text):
        return "a DOI looks like 10.1234/some-suffix"
    return None


def _isbn10_ok(digits: str) -> bool:
    total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _isbn13_ok(digits: str) -> bool:
    total = sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits))
    return total % 10 == 0


def isbn_problem(value: str) -> str | None:
    """Why one ISBN (or several, separated by ``,`` or ``;``) is malformed, or None."""
    for raw in re.split(r"[;,]", value):
        text = re.sub(r"\(.*?\)", "", raw)  # "(pbk.)" and similar qualifiers
        text = re.sub(r"(?i)^\s*isbn(?:-1[03])?:?", "", text)
        compact = re.sub(r"[\s\-‐‑–]", "", text)
        if not compact:
            continue
        if re.fullmatch(r"\d{9}[\dXx]", compact):
            if not _isbn10_ok(compact):
                return f"the check digit of ISBN-10 {compact} is wrong"
        elif re.fullmatch(r"97[89]\d{10}", compact):
            if not _isbn13_ok(compact):
                return f"the check digit of ISBN-13 {compact} is wrong"
        else:
            return f"{raw.strip()!r} is neither an ISBN-10 nor an ISBN-13"
    return None


def url_problem(value: str) -> str | None:
    """Why ``value`` is not an absolute http(s) URL, or None."""
    text = value.strip()
    if any(c.isspace() for c in text):
        return "a URL cannot contain spaces (write them as %20)"
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        return f"the URL cannot be parsed ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return "the URL must start with https:// or http://"
    if not parts.hostname or "." not in parts.hostname.strip("."):
        return "the URL has no valid host name"
    return None
