"""Content that a build would drop, print wrongly or refuse late, found at `dossier check`:
unsafe or dead links and images in the prose, footnotes without text, control and
invisible characters, images that cannot be printed, part files nobody lists."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dossier.core import paths
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.core.visible import BIDI, quoted, visible
from dossier.load.sources import PART_KEYS, Sources, walk
from dossier.load.yamlload import PathKey
from dossier.prose import hazards
from dossier.validate import images
from dossier.validate.prose_index import ProseSource, locate_inline, prose_sources
from dossier.validate.rulekit import CheckContext, check

_SEVERITY = {
    "prose.link-refused": Severity.ERROR,
    "prose.link-local": Severity.WARNING,
    "prose.image-in-text": Severity.WARNING,
    "prose.footnote-undefined": Severity.ERROR,
    "prose.footnote-unused": Severity.WARNING,
    "text.control-character": Severity.ERROR,
    "text.invisible-character": Severity.WARNING,
}
# Invisible characters worth a warning in a YAML value (a name, an id, a short text).
_HIDDEN_IN_VALUES = frozenset("\u200b\u2060\ufeff") | BIDI


def _strings(src: Sources) -> tuple[list[tuple[PathKey, str]], list[PathKey]]:
    """Every text value of the sources with its path, and the paths whose last key holds
    an invisible character: one walk shared by the checks of this module."""
    if "content-strings" not in src.memo:
        from dossier.core.visible import is_hidden

        values: list[tuple[PathKey, str]] = []
        keys: list[PathKey] = []
        for path, value in walk(src.data):
            if isinstance(value, str):
                values.append((path, value))
            key = path[-1] if path else None
            if (
                isinstance(key, str)
                and not (key.isascii() and key.isprintable())
                and any(is_hidden(ch) for ch in key)
            ):
                keys.append(path)
        src.memo["content-strings"] = (values, keys)
    found: tuple[list[tuple[PathKey, str]], list[PathKey]] = src.memo["content-strings"]
    return found


def _scanned(src: Sources, path: PathKey, value: str) -> bool:
    """True for the YAML strings that hazards.scan reads as Markdown (prose-hazards)."""
    return (
        path[0] in PART_KEYS
        and path[0] not in src.unreadable
        and path[-1] != "file"
        and bool(hazards.TRIGGER.search(value))
    )


def _inline_texts(src: Sources) -> list[ProseSource]:
    """YAML strings of the parts that may hold something hazards.scan reports."""
    return [
        ProseSource(value, src.locate(path).file, path, True)
        for path, value in _strings(src)[0]
        if _scanned(src, path, value)
    ]


def _scans(src: Sources, texts: list[str]) -> list[list[hazards.Hazard]]:
    """hazards.scan of each text, reusing the scans of identical texts (findings cache):
    parsing Markdown is the slow part, and a check with nothing changed parses nothing."""
    from dossier.core import cache

    key = hashlib.sha256(f"hazards\0{src.root.resolve()}".encode()).hexdigest()
    stored = cache.load_json("hazards", key)
    known: dict[str, object] = stored if isinstance(stored, dict) else {}
    fresh: dict[str, list[list[object]]] = {}
    out = []
    rewrite = False
    for text in texts:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        found = hazards.from_json(known.get(digest))
        if found is None:
            rewrite = True
            found = hazards.scan(text)
        fresh[digest] = hazards.to_json(found)
        out.append(found)
    if rewrite or fresh.keys() != known.keys():
        cache.store_json("hazards", key, fresh)
    return out


@check("prose-hazards", needs_valid=False)
def check_prose_hazards(ctx: CheckContext) -> list[Diagnostic]:
    src = ctx.src
    files, _ = prose_sources(src)
    out: list[Diagnostic] = []
    seen: set[tuple[str, Location]] = set()
    texts = [p for p in files if not p.inline] + _inline_texts(src)
    for ps, found in zip(texts, _scans(src, [p.text for p in texts]), strict=True):
        for h in found:
            if not ps.inline:
                loc = Location(ps.file, h.line, h.col)
            elif h.rule == "text.control-character":  # written as an escape in YAML
                loc = src.locate(ps.path)
            else:
                loc = locate_inline(src, ps, h.needle)
            if (h.rule, loc) in seen:
                continue
            seen.add((h.rule, loc))
            out.append(Diagnostic(h.rule, _SEVERITY[h.rule], h.message, loc, h.hint))
    return out


@check("invisible-characters", needs_valid=False)
def check_invisible_characters(ctx: CheckContext) -> list[Diagnostic]:
    """Keys holding any invisible character; names and short values holding a zero-width
    space or a bidirectional control (the prose is scanned by content.prose)."""
    src = ctx.src
    out: list[Diagnostic] = []
    values, keys = _strings(src)
    for path in keys:
        out.append(
            Diagnostic(
                "text.invisible-character",
                Severity.WARNING,
                f"the key {quoted(str(path[-1]))} holds an invisible character; it does not "
                "match the key of that name",
                src.locate(path, key=True),
                "Retype the key.",
            )
        )
    for path, value in values:
        scanned = _scanned(src, path, value)
        control = hazards.CONTROL.search(value)
        if control and not scanned:  # e.g. "\0" written in dossier.yaml
            out.append(
                Diagnostic(
                    "text.control-character",
                    Severity.ERROR,
                    f"the text holds an invisible control character {visible(control.group(0))}, "
                    "which Word documents cannot hold",
                    src.locate(path),
                    "Delete it: it usually comes from text pasted from another program.",
                )
            )
        if value.isascii() or "\n" in value:
            continue
        hidden = _HIDDEN_IN_VALUES & set(value)
        if scanned:
            hidden -= BIDI  # the prose scan reports those, with their column
        if hidden:
            out.append(
                Diagnostic(
                    "text.invisible-character",
                    Severity.WARNING,
                    f"the text {quoted(value, 80)} holds an invisible character",
                    src.locate(path),
                    "Retype it; invisible characters make equal-looking names differ.",
                )
            )
    return out


def _image_references(src: Sources) -> list[tuple[PathKey, str]]:
    return [(p, v) for p, v in _strings(src)[0] if v.lower().endswith(images.SUFFIXES)]


def _image_problems(path: Path) -> list[images.Problem] | None:
    """Problems of one image, from the findings cache when its bytes were seen before."""
    from dossier.core import cache

    try:
        data = path.read_bytes()
    except OSError:
        return None  # reported by the reference checks
    key = hashlib.sha256(data).hexdigest()
    stored = cache.load_json("image", key)
    if isinstance(stored, list) and all(
        isinstance(p, list) and len(p) == 3 and all(isinstance(x, str) for x in p) for p in stored
    ):
        return [(p[0], p[1], p[2]) for p in stored]
    found = images.inspect(data)
    cache.store_json("image", key, [list(p) for p in found])
    return found


@check("image-files", needs_valid=False)
def check_images(ctx: CheckContext) -> list[Diagnostic]:
    src = ctx.src
    out: list[Diagnostic] = []
    done: dict[Path, list[images.Problem] | None] = {}
    for path, rel in _image_references(src):
        found, problem = src.resolve(rel, path)
        if found is None or problem is not None:
            continue
        if found not in done:
            done[found] = _image_problems(found)
        for rule, what, hint in done[found] or []:
            out.append(
                Diagnostic(
                    rule, Severity.ERROR, f"the image {quoted(rel)} {what}", src.locate(path), hint
                )
            )
    return out


@check("dossier.part-unlisted", needs_valid=False)
def check_unlisted_parts(ctx: CheckContext) -> list[Diagnostic]:
    """A YAML file in parts/ that dossier.yaml does not list is never read (when
    dossier.yaml itself cannot be read, its list is unknown: nothing is reported)."""
    src = ctx.src
    folder = src.root / "parts"
    if "" not in src.maps or "" in src.unreadable or not folder.is_dir():
        return []
    listed = src.data.get("parts")
    named = {paths.classify(v)[0] for v in listed.values()} if isinstance(listed, dict) else set()
    out = []
    for file in sorted(folder.iterdir()):
        rel = f"parts/{file.name}"
        if file.suffix.lower() in (".yaml", ".yml") and file.is_file() and rel not in named:
            out.append(
                Diagnostic(
                    "dossier.part-unlisted",
                    Severity.WARNING,
                    f"{rel} is not listed under 'parts' in dossier.yaml, so it is never read",
                    Location(rel),
                    "List it under 'parts' (e.g. 'monitoring: parts/6-monitoring.yaml'), or "
                    "move it out of parts/ if it is a draft.",
                )
            )
    return out
