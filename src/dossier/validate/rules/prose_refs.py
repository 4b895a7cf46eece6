"""Prose checks: Markdown files are readable, no raw HTML, and every cross-reference
(@fig:, @tbl:, @sec:) names something the document has. Citations found here feed the
bibliography checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.formats import profiles as formats
from dossier.load.sources import PART_KEYS, Sources, walk
from dossier.load.yamlload import PathKey
from dossier.validate.registry import CheckContext, register

_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")


@dataclass(frozen=True)
class FoundRef:
    kind: str  # citation | fig | tbl | sec
    key: str
    location: Location


@dataclass(frozen=True)
class ProseSource:
    """One piece of Markdown: a file, or an inline YAML string."""

    text: str
    file: str
    path: PathKey
    inline: bool


def prose_sources(src: Sources) -> tuple[list[ProseSource], list[Diagnostic]]:
    """Every Markdown text of the parts (memoised: citations and rules share it)."""
    if "prose" in src.memo:
        cached: tuple[list[ProseSource], list[Diagnostic]] = src.memo["prose"]
        return cached
    out: list[ProseSource] = []
    diags: list[Diagnostic] = []
    seen_files: set[str] = set()
    for key in PART_KEYS:
        if key not in src.data or key in src.unreadable:
            continue
        for path, value in walk(src.data[key], (key,)):
            if (
                isinstance(value, dict)
                and set(value) == {"file"}
                and isinstance(value["file"], str)
            ):
                target, problem = src.resolve(value["file"], (*path, "file"))
                if target is None or problem is not None:
                    continue  # refs.check reports the path itself
                rel = target.relative_to(src.root.resolve()).as_posix()
                if rel in seen_files:
                    continue
                seen_files.add(rel)
                text, found = src.read_prose(value["file"], (*path, "file"))
                diags.extend(found)
                if text is not None:
                    out.append(ProseSource(text, rel, (*path, "file"), False))
            elif isinstance(value, str) and path[-1] != "file" and ("@" in value or "<" in value):
                out.append(ProseSource(value, src.locate(path).file, path, True))
    src.memo["prose"] = (out, diags)
    return out, diags


def _locate_inline(src: Sources, ps: ProseSource, needle: str) -> Location:
    """Position of ``needle`` inside an inline YAML string (searched within its span)."""
    loc = src.locate(ps.path)
    smap = src.maps.get(str(ps.path[0]))
    span = smap.spans.get(ps.path[1:]) if smap else None
    lines = _file_lines(src, loc.file)
    if span and loc.line:
        for n in range(span[0], min(span[1], len(lines)) + 1):
            col = lines[n - 1].find(needle, (loc.col or 1) - 1 if n == loc.line else 0)
            if col >= 0:
                return Location(loc.file, n, col + 1)
    return loc


def _file_lines(src: Sources, rel: str) -> list[str]:
    cache: dict[str, list[str]] = src.memo.setdefault("lines", {})
    if rel not in cache:
        try:
            cache[rel] = (src.root / rel).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            cache[rel] = []
    return cache[rel]


def references(src: Sources) -> list[FoundRef]:
    """Every citation and cross-reference in the prose, with its location."""
    if "refs" in src.memo:
        cached: list[FoundRef] = src.memo["refs"]
        return cached
    out: list[FoundRef] = []
    texts, _ = prose_sources(src)
    for ps, found in zip(texts, _scan_all(src, [ps.text for ps in texts]), strict=True):
        for kind, key, line, col in found:
            if ps.inline:
                needle = "@" + (key if kind == "citation" else f"{kind}:{key}")
                loc = _locate_inline(src, ps, needle)
            else:
                loc = Location(ps.file, line, col)
            out.append(FoundRef(kind, key, loc))
    src.memo["refs"] = out
    return out


ScanResult = list[tuple[str, str, int, int]]


def _scan_all(src: Sources, texts: list[str]) -> list[ScanResult]:
    """References of each text, reusing earlier scans of identical texts.

    Parsing all the Markdown of a dossier is the slowest part of `dossier check`; the
    result depends only on the text, so it is cached (outside the dossier) per dossier
    folder, by a hash of each text and the tool version.
    """
    import hashlib

    from dossier import __version__
    from dossier.core import cache

    key = hashlib.sha256(f"{__version__}\0{src.root.resolve()}".encode()).hexdigest()
    stored = cache.load_json("refs", key)
    known: dict[str, ScanResult] = stored if isinstance(stored, dict) else {}
    results: list[ScanResult] = []
    fresh: dict[str, ScanResult] = {}
    for text in texts:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in known:
            found = [(str(k), str(v), int(line), int(col)) for k, v, line, col in known[digest]]
        else:
            from dossier.prose.mdext.citations import scan_references

            found = [(r.kind, r.key, r.line, r.col) for r in scan_references(text)]
        fresh[digest] = found
        results.append(found)
    if fresh.keys() != known.keys():
        cache.store_json("refs", key, fresh)
    return results


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
    for profile in formats.profiles().values():
        for _depth, sec in formats.walk_sections(profile.get("sections") or []):
            anchor = formats.section_anchor(sec)
            secs.add(anchor.removeprefix("sec-"))
    return {"fig": figs, "tbl": tables, "sec": secs}


@cache
def _builtin_tables() -> set[str]:
    """Ids of the tables the format profiles produce (components, areas, ...)."""
    out = {"executive-summary", "management-plan", "site-type", "tentative-list-summary"}
    for profile in formats.profiles().values():
        for _depth, sec in formats.walk_sections(profile.get("sections") or []):
            for item in sec.get("fill") or []:
                if isinstance(item, dict) and "table" in item:
                    out.add(str(item["table"]))
    return out


@register("prose", needs_valid=False)
def check_prose(ctx: CheckContext) -> list[Diagnostic]:
    src = ctx.src
    texts, diags = prose_sources(src)
    out = list(diags)
    for ps in texts:
        m = _HTML_TAG.search(ps.text)
        if m:
            if ps.inline:
                loc = _locate_inline(src, ps, m.group(0))
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


@register("images.unknown-section")
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
