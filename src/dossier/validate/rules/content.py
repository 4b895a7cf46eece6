"""Content that a build would drop, print wrongly or refuse late, found at `dossier check`:
unsafe or dead links and images in the prose, footnotes without text, control and
invisible characters, images that cannot be printed, part files nobody lists."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dossier.core import paths
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.core.visible import BIDI, quoted
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


def _inline_texts(src: Sources) -> list[ProseSource]:
    """YAML strings of the parts that may hold something hazards.scan reports."""
    out: list[ProseSource] = []
    for key in PART_KEYS:
        if key not in src.data or key in src.unreadable:
            continue
        for path, value in walk(src.data[key], (key,)):
            if isinstance(value, str) and path[-1] != "file" and hazards.TRIGGER.search(value):
                out.append(ProseSource(value, src.locate(path).file, path, True))
    return out


@check("prose-hazards", needs_valid=False)
def check_prose_hazards(ctx: CheckContext) -> list[Diagnostic]:
    src = ctx.src
    files, _ = prose_sources(src)
    out: list[Diagnostic] = []
    seen: set[tuple[str, Location]] = set()
    for ps in [p for p in files if not p.inline] + _inline_texts(src):
        for h in hazards.scan(ps.text):
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
    from dossier.core.visible import is_hidden

    src = ctx.src
    out: list[Diagnostic] = []
    for path, value in walk(src.data):
        key = path[-1] if path else None
        if isinstance(key, str) and any(is_hidden(ch) for ch in key):
            out.append(
                Diagnostic(
                    "text.invisible-character",
                    Severity.WARNING,
                    f"the key {quoted(key)} holds an invisible character; it does not match "
                    "the key of that name",
                    src.locate(path, key=True),
                    "Retype the key.",
                )
            )
        if not isinstance(value, str) or "\n" in value:
            continue
        hidden = _HIDDEN_IN_VALUES & set(value)
        if path and path[0] in PART_KEYS and hazards.TRIGGER.search(value):
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
    out = []
    for path, value in walk(src.data):
        if isinstance(value, str) and value.lower().endswith(images.SUFFIXES):
            out.append((path, value))
    return out


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
    """A YAML file in parts/ that dossier.yaml does not list is never read."""
    src = ctx.src
    folder = src.root / "parts"
    if "" not in src.maps or not folder.is_dir():
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
