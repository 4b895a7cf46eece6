"""The diff as text for a terminal: one line per change under its section, prose as word
differences ([-deleted-]{+inserted+}, as `git diff --word-diff`) with a little context."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dossier.diff.report import Change, DiffReport

MARK = {"added": "+", "removed": "-", "changed": "~", "renamed": "~", "moved": ">"}
CONTEXT = 8  # words of unchanged text kept on each side of a change
EXCERPT = 200  # characters of an added or removed paragraph shown

_RED, _GREEN, _BOLD, _DIM, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour and text else text


def _trim(text: str, first: bool, last: bool) -> str:
    """Unchanged text between changes, shortened to CONTEXT words on each side."""
    parts = re.findall(r"\S+|\s+", text)
    positions = [i for i, p in enumerate(parts) if not p.isspace()]
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(positions) <= keep_head + keep_tail + 1:
        return text
    head = "".join(parts[: positions[keep_head - 1] + 1]) if keep_head else ""
    tail = "".join(parts[positions[len(positions) - keep_tail] :]) if keep_tail else ""
    if first:
        return "… " + tail
    if last:
        return head + " …"
    return f"{head} … {tail}"


def word_diff(pieces: Sequence[tuple[str, str]], colour: bool = False) -> str:
    out: list[str] = []
    for n, (op, text) in enumerate(pieces):
        if op == "equal":
            out.append(_trim(text, n == 0, n == len(pieces) - 1))
        elif op == "delete":
            out.append(_paint(f"[-{text}-]", _RED, colour))
        else:
            out.append(_paint(f"{{+{text}+}}", _GREEN, colour))
    return "".join(out)


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _change(c: Change, colour: bool) -> list[str]:
    here = c.new or c.old
    at = f" ({here.at()})" if here is not None and here.file and c.kind != "geometry" else ""
    if c.kind == "prose" and c.op == "moved" and c.new is not None:
        at = f" (now {c.new.at()})"
    mark = MARK.get(c.op, "~")
    if colour:
        mark = _paint(mark, _GREEN if c.op == "added" else _RED if c.op == "removed" else "", True)
    lines = [f"  {mark} {c.summary}{at}"]
    if c.kind in ("prose", "translation"):
        if c.words:
            lines.append(f"      {word_diff(c.words, colour)}")
        elif c.op == "added" and c.after:
            lines.append(f"      {_paint('{+' + _excerpt(str(c.after)) + '+}', _GREEN, colour)}")
        elif c.op == "removed" and c.before:
            lines.append(f"      {_paint('[-' + _excerpt(str(c.before)) + '-]', _RED, colour)}")
    return lines


def format_text(report: DiffReport, *, colour: bool = False) -> str:
    counts = report.counts()
    old, new = report.old["label"], report.new["label"]
    if not report.changed:
        return f"{old} → {new}: no change\n"
    parts = []
    for kind, word in (
        ("data", "data"),
        ("geometry", "boundaries and figures"),
        ("prose", "prose"),
        ("translation", "translation"),
    ):
        if counts[kind]:
            parts.append(f"{counts[kind]} {word}")
    lines = [f"{old} → {new}: {counts['total']} change(s) ({', '.join(parts)})"]
    for group in report.sections:
        lines.append("")
        lines.append(_paint(group.section.heading, _BOLD, colour))
        for c in group.changes:
            lines.extend(_change(c, colour))
    return "\n".join(lines) + "\n"
