"""Wording checks: the prose a document prints must fit that document.

* prose.other-document-wording: text printed in one document calls itself by another
  document's name ("this request" in a nomination). The phrases are data
  (templates/formats/wording.yaml). Reported with a hint, never rewritten: only the
  author knows what the sentence should say.
* name.capitalisation: the property's name quoted in prose with other capitals than
  its official form in property.name (1.c and the cover print that form).
"""

from __future__ import annotations

import re

from dossier.core.diagnostics import Diagnostic, Location
from dossier.core.ids import DOC_NAMES
from dossier.formats import outline
from dossier.formats import profiles as formats
from dossier.load.sources import PART_KEYS, Sources, walk
from dossier.load.textvalue import get
from dossier.load.yamlload import PathKey
from dossier.validate import rulebook
from dossier.validate.prose_index import ProseSource, locate_inline, prose_sources
from dossier.validate.rulekit import CheckContext, check


def _texts(src: Sources) -> list[ProseSource]:
    """Every prose text of the parts: Markdown files and inline strings."""
    files, _ = prose_sources(src)
    out = [ps for ps in files if not ps.inline]
    for key in PART_KEYS:
        if key not in src.data or key in src.unreadable:
            continue
        for path, value in walk(src.data[key], (key,)):
            if isinstance(value, str) and path[-1] != "file" and " " in value.strip():
                out.append(ProseSource(value, src.locate(path).file, path, True))
    return out


def _printed_paths(src: Sources, doc: str) -> list[PathKey]:
    profile = outline.profile_for(doc, src.data)
    if profile is None:
        return []
    out: list[PathKey] = []
    for sec in profile.sections:
        for fill in sec.fills:
            paths = list(fill.paths)
            if fill.fallback is not None and get(src.data, paths[0]) is not None:
                paths.remove(fill.fallback)  # the fallback is printed only in its absence
            out.extend(paths)
    return out


def _printed(path: PathKey, printed: list[PathKey]) -> bool:
    steps = [str(p) for p in path]
    return any([str(p) for p in fp] == steps[: len(fp)] for fp in printed)


def _location(src: Sources, ps: ProseSource, match: re.Match[str]) -> Location:
    if ps.inline:
        return locate_inline(src, ps, match.group(0))
    line = ps.text.count("\n", 0, match.start()) + 1
    col = match.start() - (ps.text.rfind("\n", 0, match.start()) + 1) + 1
    return Location(ps.file, line, col)


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = sorted((re.escape(p).replace(r"\ ", r"\s+") for p in phrases), key=len)
    return re.compile(r"(?<!\w)(?:" + "|".join(reversed(alternatives)) + r")(?!\w)", re.I)


@check("prose.other-document-wording", needs_valid=False)
def check_document_wording(ctx: CheckContext) -> list[Diagnostic]:
    meta = rulebook.get("prose.other-document-wording")
    severity = meta.severity(str(ctx.stage))
    if severity is None:
        return []
    src = ctx.src
    wording = formats.document_wording()
    texts = _texts(src)
    out: list[Diagnostic] = []
    seen: set[tuple[str, int | None, int | None]] = set()
    for doc in (str(d) for d in ctx.docs):
        own = {p.casefold() for p in wording.get(doc, ())}
        printed = _printed_paths(src, doc)
        for other, phrases in wording.items():
            if other == doc:
                continue
            pattern = _phrase_pattern(tuple(p for p in phrases if p.casefold() not in own))
            if pattern is None:
                continue
            for ps in texts:
                if not _printed(ps.path, printed):
                    continue
                for match in pattern.finditer(ps.text):
                    loc = _location(src, ps, match)
                    if (loc.file, loc.line, loc.col) in seen:
                        continue
                    seen.add((loc.file, loc.line, loc.col))
                    out.append(
                        Diagnostic(
                            meta.id,
                            severity,
                            f"text printed in the {DOC_NAMES.get(doc, doc)} calls it "
                            f"'{match.group(0)}', the wording of a "
                            f"{DOC_NAMES.get(other, other)}",
                            loc,
                            "Use words that fit every document printing this text (e.g. "
                            "'this dossier', 'the present text', or name the step: 'when the "
                            "Preliminary Assessment was requested'), or move the sentence to "
                            f"a field only the {DOC_NAMES.get(other, other)} prints.",
                        )
                    )
    return out


@check("name.capitalisation", needs_valid=False)
def check_name_capitalisation(ctx: CheckContext) -> list[Diagnostic]:
    meta = rulebook.get("name.capitalisation")
    severity = meta.severity(str(ctx.stage))
    if severity is None:
        return []
    names = get(ctx.src.data, ("property", "name"))
    values = list(names.values()) if isinstance(names, dict) else [names]
    official = [str(v).strip() for v in values if isinstance(v, str) and len(str(v).strip()) > 3]
    out: list[Diagnostic] = []
    for name in official:
        pattern = re.compile(r"(?<!\w)" + re.escape(name).replace(r"\ ", r"\s+") + r"(?!\w)", re.I)
        for ps in _texts(ctx.src):
            for match in pattern.finditer(ps.text):
                written = " ".join(match.group(0).split())
                if written == name:
                    continue
                out.append(
                    Diagnostic(
                        meta.id,
                        severity,
                        f"the property's name is written '{written}' here but '{name}' in "
                        "property.name (the cover and 1.c)",
                        _location(ctx.src, ps, match),
                        "Write the name exactly as in property.name of dossier.yaml, or correct "
                        "property.name if this form is the official one.",
                    )
                )
    return out
