"""Prose checks: Markdown files are readable, no raw HTML, and every cross-reference
(@fig:, @tbl:, @sec:) names something the document has. Citations found here feed the
bibliography checks."""

from __future__ import annotations

import re
from functools import cache

from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.formats import fills, profiles
from dossier.load.sources import Sources
from dossier.validate.prose_index import locate_inline, prose_sources, references
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
    tables = _builtin_tables()
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
