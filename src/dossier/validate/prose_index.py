"""Every Markdown text of the parts, and the citations and cross-references in it.

Read once per dossier (memoised on Sources) and shared by the prose and citation checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from dossier.core.diagnostics import Diagnostic, Location
from dossier.load.sources import PART_KEYS, Sources, walk
from dossier.load.yamlload import PathKey


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


def locate_inline(src: Sources, ps: ProseSource, needle: str, occurrence: int = 0) -> Location:
    """Position of ``needle`` inside an inline YAML string (searched within its span); with
    ``occurrence`` n, of its (n+1)-th occurrence there (a text may repeat a line: two tables
    with the same header row)."""
    loc = src.locate(ps.path)
    smap = src.maps.get(str(ps.path[0]))
    span = smap.spans.get(ps.path[1:]) if smap else None
    lines = _file_lines(src, loc.file)
    if span and loc.line:
        seen = 0
        for n in range(span[0], min(span[1], len(lines)) + 1):
            col = lines[n - 1].find(needle, (loc.col or 1) - 1 if n == loc.line else 0)
            while col >= 0:
                if seen == occurrence:
                    return Location(loc.file, n, col + 1)
                seen += 1
                col = lines[n - 1].find(needle, col + max(1, len(needle)))
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
                loc = locate_inline(src, ps, needle)
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
    known: dict[str, object] = stored if isinstance(stored, dict) else {}
    results: list[ScanResult] = []
    fresh: dict[str, ScanResult] = {}
    damaged = False
    for text in texts:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        found = _stored_scan(known.get(digest))
        if found is None:
            from dossier.prose.mdext.citations import scan_references

            damaged = damaged or digest in known
            found = [(r.kind, r.key, r.line, r.col) for r in scan_references(text)]
        fresh[digest] = found
        results.append(found)
    if damaged or fresh.keys() != known.keys():
        cache.store_json("refs", key, fresh)
    return results


def _stored_scan(entry: object) -> ScanResult | None:
    """A scan read back from the cache, or None when it is absent or damaged."""
    if not isinstance(entry, list):
        return None
    try:
        return [(str(k), str(v), int(line), int(col)) for k, v, line, col in entry]
    except (TypeError, ValueError):
        return None
