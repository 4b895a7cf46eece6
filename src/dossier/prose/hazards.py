"""What in a Markdown text would be dropped, printed wrongly or be unsafe: found at
`dossier check` time, with positions, instead of being discovered in the PDF.

* links and images whose address is a script or embedded data (``javascript:``,
  ``data:``...), a file of the computer (``file:``, ``/abs/path``, ``C:\\x``), a path that
  leaves the dossier (``../``) or, for an image, a remote address; reference-style
  definitions (``[x]: url``) and autolinks (``<url>``) included. markdown-it itself
  refuses some of these and prints them as text: here every address is examined;
* links to a file of the dossier (not printed as links) and images written in the text
  (images are declared in ``documentation.images`` and placed with ``@fig:``);
* footnote calls without a definition (``[^2]`` printed as it is) and definitions nobody
  calls (left out);
* control characters (NUL, bell, escape...: illegal in Word documents) and bidirectional
  overrides (they reorder the text that follows).

``scan(text)`` is pure; positions are 1-based (line, column) in ``text``.
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from dossier.core.visible import BIDI, visible

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Cheap test: texts without any of these have nothing scan() reports.
TRIGGER = re.compile(
    r"\]\(|\]:|\]\[|<[A-Za-z][A-Za-z0-9+.\-]*:|\[\^|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
    "\u202a-\u202e\u2066-\u2069]"
)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BIDI = re.compile("[" + "".join(sorted(BIDI)) + "]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")
LINK_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class Hazard:
    rule: str
    message: str
    hint: str
    line: int
    col: int
    # The text to look for when only the position of an inline YAML string is known.
    needle: str


@cache
def _parser() -> MarkdownIt:
    """The prose parser, but accepting every address so that each can be examined."""
    from dossier.prose.mdext.citations import default_parser

    md = default_parser()
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _where(lines: list[str], needle: str, first: int, last: int) -> tuple[int, int] | None:
    for n in range(first, min(last, len(lines))):
        col = lines[n].find(needle)
        if col >= 0:
            return n + 1, col + 1
    return None


def classify(url: str, *, image: bool) -> tuple[str, str, str] | None:
    """(rule, message, hint) for a link or image address, or None when it is fine."""
    shown = visible(url.strip(), 80)
    scheme_match = _SCHEME.match(url.strip())
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    what = "image" if image else "link"
    if url.strip().startswith("#") and not image:
        return None
    if scheme and not _DRIVE.match(url.strip()):
        if scheme in ("javascript", "vbscript", "data"):
            return (
                "prose.link-refused",
                f"the {what} address '{shown}' is a script or embedded data; it is refused",
                "Remove it; a dossier's links lead to web pages (https://...) or e-mail "
                "addresses (mailto:).",
            )
        if scheme == "file":
            return (
                "prose.link-refused",
                f"the {what} address '{shown}' is a file of this computer; readers cannot "
                "open it and dossier never reads outside the dossier folder",
                "Copy the file into the dossier (an annex, or an image declared in "
                "documentation.images), or link to a web address.",
            )
        if image:
            return (
                "prose.link-refused",
                f"the image '{shown}' is a remote address; builds are offline and never "
                "fetch anything",
                "Download the image into media/, declare it in documentation.images and "
                "place it with @fig:ID.",
            )
        if scheme not in LINK_SCHEMES:
            return (
                "prose.link-refused",
                f"the link address '{shown}' uses the '{scheme}:' scheme; only https://, "
                "http:// and mailto: links are printed",
                "Link to a web page or an e-mail address instead.",
            )
        return None
    path = url.strip().replace("\\", "/")
    if path.startswith("//"):
        return (
            "prose.link-refused",
            f"the {what} address '{shown}' is a network path; it is refused",
            "Link to a web address (https://...) instead.",
        )
    if path.startswith("/") or _DRIVE.match(url.strip()):
        return (
            "prose.link-refused",
            f"the {what} address '{shown}' is an absolute path on this computer; "
            "readers cannot open it",
            "Copy the file into the dossier folder, or link to a web address.",
        )
    parts: list[str] = []
    for part in path.split("?")[0].split("#")[0].split("/"):
        if part == "..":
            if not parts:
                return (
                    "prose.link-refused",
                    f"the {what} address '{shown}' leads outside the dossier folder",
                    "A dossier may only use files inside its own folder.",
                )
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    if image:
        return (
            "prose.image-in-text",
            f"the image '{shown}' is written in the text, where it is not printed",
            "Declare the image in documentation.images (with its caption, author and "
            "rights, as section 7.a asks) and place it with @fig:ID.",
        )
    return (
        "prose.link-local",
        f"the link '{shown}' leads to a file, which a printed dossier cannot open; "
        "only its text is printed",
        "Refer to the document as an annex (section 7.b) or link to a web address.",
    )


def _link_hazards(tokens: list[Any], env: dict[str, Any], lines: list[str]) -> list[Hazard]:
    out: list[Hazard] = []
    for ref in (env.get("references") or {}).values():
        href = str(ref.get("href") or "")
        found = classify(href, image=False)
        start, end = ref.get("map") or (0, len(lines))
        at = _where(lines, href, start, end) or _where(lines, "]:", start, end)
        if found and at:
            out.append(Hazard(*found, *at, href))
    for token in tokens:
        if token.type != "inline" or not token.children or token.map is None:
            continue
        first, last = token.map
        for child in token.children:
            if child.type == "link_open":
                url, image = str(child.attrGet("href") or ""), False
            elif child.type == "image":
                url, image = str(child.attrGet("src") or ""), True
            else:
                continue
            at = _where(lines, url, first, last)
            if at is None and not image:
                continue  # written as [text][ref]: reported at the definition
            found = classify(url, image=image)
            if found:
                line, col = at or (first + 1, 1)
                out.append(Hazard(*found, line, col, url or "]("))
    return out


def _footnote_hazards(tokens: list[Any], env: dict[str, Any], lines: list[str]) -> list[Hazard]:
    out: list[Hazard] = []
    refs = (env.get("footnotes") or {}).get("refs") or {}
    defined = {label[1:] for label in refs}
    for token in tokens:
        if token.type != "inline" or not token.children or token.map is None:
            continue
        for child in token.children:
            if child.type != "text":
                continue
            for m in _FOOTNOTE_CALL.finditer(child.content):
                label = m.group(1)
                if label in defined:
                    continue
                needle = m.group(0)
                line, col = _where(lines, needle, *token.map) or (token.map[0] + 1, 1)
                out.append(
                    Hazard(
                        "prose.footnote-undefined",
                        f"the footnote {visible(needle)} has no text: it would be printed as it is",
                        f"Add its text on a line of its own: '{needle}: ...', or remove the call.",
                        line,
                        col,
                        needle,
                    )
                )
    for label, index in refs.items():
        if index != -1:
            continue
        needle = f"[^{label[1:]}]:"
        line, col = _where(lines, needle, 0, len(lines)) or (1, 1)
        out.append(
            Hazard(
                "prose.footnote-unused",
                f"the footnote {visible(needle[:-1])} is never called in the text, so it is "
                "not printed",
                f"Call it with {needle[:-1]} where it belongs, or remove it.",
                line,
                col,
                needle,
            )
        )
    return out


def _character_hazards(lines: list[str]) -> list[Hazard]:
    out: list[Hazard] = []
    for n, line in enumerate(lines, 1):
        for m in CONTROL.finditer(line):
            out.append(
                Hazard(
                    "text.control-character",
                    f"the text holds an invisible control character {visible(m.group(0))}, "
                    "which Word documents cannot hold",
                    "Delete it: it usually comes from text pasted from another program.",
                    n,
                    m.start() + 1,
                    m.group(0),
                )
            )
        for m in _BIDI.finditer(line):
            out.append(
                Hazard(
                    "text.invisible-character",
                    f"the text holds a bidirectional control {visible(m.group(0))}, which "
                    "changes the order in which the following text is shown",
                    "Delete it unless the text mixes right-to-left and left-to-right "
                    "scripts on purpose.",
                    n,
                    m.start() + 1,
                    m.group(0),
                )
            )
    return out


def to_json(found: list[Hazard]) -> list[list[object]]:
    return [list(astuple(h)) for h in found]


def from_json(data: object) -> list[Hazard] | None:
    """Hazards stored by ``to_json`` (in the findings cache), or None if damaged."""
    if not isinstance(data, list):
        return None
    out = []
    for item in data:
        if not (
            isinstance(item, list)
            and len(item) == 6
            and all(isinstance(x, str) for x in (*item[:3], item[5]))
            and all(isinstance(x, int) for x in item[3:5])
        ):
            return None
        out.append(Hazard(*item))
    return out


def scan(text: str) -> list[Hazard]:
    """Every hazard of ``text`` (Markdown), in order of position."""
    if not TRIGGER.search(text):
        return []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = _character_hazards(lines)
    if "[" in text or "<" in text:
        env: dict[str, Any] = {}
        tokens = _parser().parse(text, env)
        out += _link_hazards(tokens, env, lines)
        out += _footnote_hazards(tokens, env, lines)
    return sorted(out, key=lambda h: (h.line, h.col, h.rule))
