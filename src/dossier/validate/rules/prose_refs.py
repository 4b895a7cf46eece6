"""Prose checks: Markdown files are readable, no raw HTML, and every cross-reference
(@fig:, @tbl:, @sec:) names something the document has. Citations found here feed the
bibliography checks."""

from __future__ import annotations

import re
from functools import cache

from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.formats import fills, profiles
from dossier.load.sources import PART_KEYS, Sources, walk
from dossier.validate.prose_index import ProseSource, locate_inline, prose_sources, references
from dossier.validate.rulekit import CheckContext, check

_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")


def _known_targets(src: Sources) -> dict[str, set[str]]:
    data = src.data
    figs: set[str] = set()
    for mp in (data.get("identification") or {}).get("maps") or []:
        if isinstance(mp, dict):
            figs.add(str(mp.get("id")))
    for img in (data.get("documentation") or {}).get("images") or []:
        if isinstance(img, dict):
            figs.add(str(img.get("id")))
    tables = _builtin_tables() | _prose_table_ids(src)
    secs: set[str] = set()
    for profile in profiles.profiles().values():
        for _depth, sec in profiles.walk_sections(profile.get("sections") or []):
            anchor = profiles.section_anchor(sec)
            secs.add(anchor.removeprefix("sec-"))
    return {"fig": figs, "tbl": tables, "sec": secs}


@cache
def _builtin_tables() -> set[str]:
    """Ids of the tables the format profiles make (declared in formats/fills.yaml)."""
    out: set[str] = set()
    for profile in profiles.profiles().values():
        for _depth, sec in profiles.walk_sections(profile.get("sections") or []):
            for item in sec.get("fill") or []:
                spec = fills.spec_for(item)
                if spec is not None:
                    out.update(spec.tables)
    return out


@check("prose", needs_valid=False)
def check_prose(ctx: CheckContext) -> list[Diagnostic]:
    src = ctx.src
    texts, diags = prose_sources(src)
    out = list(diags)
    for ps in texts:
        m = _HTML_TAG.search(ps.text)
        if m:
            if ps.inline:
                loc = locate_inline(src, ps, m.group(0))
            else:
                line = ps.text.count("\n", 0, m.start()) + 1
                col = m.start() - (ps.text.rfind("\n", 0, m.start()) + 1) + 1
                loc = Location(ps.file, line, col)
            out.append(
                Diagnostic(
                    "prose.raw-html",
                    Severity.ERROR,
                    f"raw HTML ({m.group(0)[:40]}) is not allowed in prose",
                    loc,
                    "Use Markdown instead: *emphasis*, **bold**, lists, | tables |. HTML would be printed as text.",
                )
            )
    targets = _known_targets(src)
    for ref in references(src):
        if ref.kind in targets and ref.key not in targets[ref.kind]:
            what = {"fig": "figure", "tbl": "table", "sec": "section"}[ref.kind]
            out.append(
                Diagnostic(
                    "prose.unknown-xref",
                    Severity.ERROR,
                    f"cross-reference to an unknown {what} '{ref.key}'",
                    ref.location,
                    f"@{ref.kind}:ID must name a {what} of the dossier"
                    + (
                        " (a map of identification.maps or an image of documentation.images)."
                        if ref.kind == "fig"
                        else " (a section number such as 3.2, or a table id such as components)."
                        if ref.kind != "fig"
                        else "."
                    ),
                )
            )
    return out


_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$")
_CAPTION_ID = re.compile(r"\{#tbl:([A-Za-z0-9_.:-]+)\}")


def _prose_table_ids(src: Sources) -> set[str]:
    """Ids given to prose tables by their captions ("Table: ... {#tbl:climate}")."""
    texts, _ = prose_sources(src)
    return {m.group(1) for ps in texts for m in _CAPTION_ID.finditer(ps.text)}


def uncaptioned_tables(text: str) -> list[int]:
    """1-based line numbers of the Markdown tables of `text` that have no pandoc caption
    paragraph ("Table: ..." or ": ...") just before or just after them."""
    from dossier.prose.markdown import table_caption

    lines = text.split("\n")
    out: list[int] = []
    for i, line in enumerate(lines):
        if i == 0 or not _DELIMITER_ROW.match(line) or "|" not in lines[i - 1]:
            continue
        start, end = i - 1, i
        while end + 1 < len(lines) and lines[end + 1].strip():
            end += 1
        before = start - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        para = before
        while para > 0 and lines[para - 1].strip():
            para -= 1
        after = end + 1
        while after < len(lines) and not lines[after].strip():
            after += 1
        captioned = (before >= 0 and table_caption(lines[para].strip()) is not None) or (
            after < len(lines) and table_caption(lines[after].strip()) is not None
        )
        if not captioned:
            out.append(start + 1)
    return out


@check("prose.table-caption-missing")
def check_table_captions(ctx: CheckContext) -> list[Diagnostic]:
    """Every table is numbered, captioned and listed: a prose table needs its caption."""
    from dossier.validate import rulebook

    severity = rulebook.get("prose.table-caption-missing").severity(str(ctx.stage))
    if severity is None:
        return []
    texts, _ = prose_sources(ctx.src)
    out: list[Diagnostic] = []
    inline = [
        ProseSource(v, ctx.src.locate(path).file, path, True)
        for key in PART_KEYS
        if key in ctx.src.data and key not in ctx.src.unreadable
        for path, v in walk(ctx.src.data[key], (key,))
        if isinstance(v, str) and "|" in v and "\n" in v
    ]
    for ps in [*(t for t in texts if not t.inline), *inline]:
        if "|" not in ps.text:
            continue
        for line in uncaptioned_tables(ps.text):
            where = _table_place(ctx, ps, line) if ps.inline else Location(ps.file, line, 1)
            out.append(
                Diagnostic(
                    "prose.table-caption-missing",
                    severity,
                    "this table has no caption; every table of the document is numbered, "
                    "captioned and listed in the List of tables",
                    where,
                    "Add a paragraph 'Table: what the table shows' just before or after the "
                    "table (pandoc's syntax); end it with {#tbl:an-id} to cross-reference it "
                    "as @tbl:an-id.",
                )
            )
    return out


def _table_place(ctx: CheckContext, ps: ProseSource, line: int) -> Location:
    """Where the header row at `line` of an inline text is written: the same row written
    earlier in the text (another table's header) is skipped."""
    lines = ps.text.split("\n")
    header = lines[line - 1].strip()
    earlier = "\n".join(lines[: line - 1]).count(header)
    return locate_inline(ctx.src, ps, header, earlier)


@check("images.unknown-section")
def check_image_sections(ctx: CheckContext) -> list[Diagnostic]:
    """An image placed in a section no official format has would silently never appear."""
    known = {s.replace(" ", "") for s in _known_targets(ctx.src)["sec"]}
    out: list[Diagnostic] = []
    images = (ctx.src.data.get("documentation") or {}).get("images") or []
    for i, img in enumerate(images):
        section = img.get("section") if isinstance(img, dict) else None
        if isinstance(section, str) and section.replace(" ", "") not in known:
            out.append(
                Diagnostic(
                    "images.unknown-section",
                    Severity.WARNING,
                    f"image '{img.get('id')}' is placed in section '{section}', which no official format has",
                    ctx.src.locate(("documentation", "images", i, "section")),
                    "Use a section number of the format, e.g. 2.a, 3.1.b or 4.b(i); the image is only listed in 7.a.",
                )
            )
    return out
