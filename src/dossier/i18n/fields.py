"""The translatable values of a dossier, and their passages (catalogue units) with ids.

Which fields translate is data (templates/i18n/fields.yaml). A unit's id (its msgctxt) is
where it is in the sources: the field's path, list entries named by their id where they
have one (`justification.criteria[iii].justification`), then the passage's key inside
the text (`/p3`, `/li2`, `/t1r2c1`). It does not change when the file is renamed or a
line is rewrapped; a passage that moves keeps its translation (see `po.merge`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from dossier.core.diagnostics import Location
from dossier.formats.fills import expand
from dossier.i18n.segment import Piece, Segmented, normalize, segment
from dossier.load.sources import Sources
from dossier.load.textvalue import get, is_translations, todo_text
from dossier.load.yamlload import PathKey, SourceMap

FIELDS_FILE = "i18n/fields.yaml"
# Keys that name an entry of a list, in this order of preference.
_ID_KEYS = ("id", "criterion", "code", "reference")


@cache
def patterns() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(path pattern, "text" | "line") in reading order, from templates/i18n/fields.yaml."""
    import yaml

    from dossier.core.resources import templates_dir

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load((templates_dir() / FIELDS_FILE).read_text(encoding="utf-8"), Loader=loader)
    items = data.get("fields") if isinstance(data, dict) else None
    if not isinstance(items, dict) or not all(v in ("text", "line") for v in items.values()):
        raise ValueError(f"{FIELDS_FILE}: 'fields' must map paths to text or line")
    return tuple((tuple(str(k).split(".")), str(v)) for k, v in items.items())


@dataclass(frozen=True)
class Field:
    """One translatable value: its text in the source language and where it is."""

    path: PathKey  # the field in the data
    ident: str  # its id in the catalogue
    kind: str  # text | line
    text: str  # Markdown, in the source language
    file: str  # the file the text is in (relative, posix)
    inline: bool  # a YAML string (True) or a Markdown file
    form: str  # string | file | translations | not_applicable: how a translation goes in
    where: PathKey  # the value read: path, (*path, "en"), (*path, "not_applicable")

    @cached_property
    def segmented(self) -> Segmented | None:
        return segment(self.text) if self.kind == "text" else None

    @cached_property
    def pieces(self) -> tuple[Piece, ...]:
        if self.segmented is not None:
            return tuple(self.segmented.pieces)
        return (Piece("line", "", normalize(self.text), 0),)


@dataclass(frozen=True)
class Unit:
    """One catalogue unit: a passage with words to translate."""

    field: Field
    piece: Piece

    @property
    def id(self) -> str:
        return f"{self.field.ident}/{self.piece.key}" if self.piece.key else self.field.ident


def source_language(src: Sources) -> str:
    lang = src.data.get("language")
    return lang if isinstance(lang, str) and lang else "en"


def ident(data: Any, path: PathKey) -> str:
    """`justification.criteria[iii].justification` for ('justification', 'criteria', 0, ...)."""
    out = ""
    node = data
    for step in path:
        if isinstance(step, int) and isinstance(node, list):
            entry = node[step] if 0 <= step < len(node) else None
            name = next(
                (
                    str(entry[k])
                    for k in _ID_KEYS
                    if isinstance(entry, dict) and isinstance(entry.get(k), str | int)
                ),
                str(step),
            )
            out += f"[{name}]"
            node = entry
        else:
            out += f".{step}" if out else str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return out


def collect(src: Sources, lang: str) -> list[Field]:
    """Every value to translate into ``lang``, in reading order (memoised per language)."""
    key = f"i18n:fields:{lang}"
    if key in src.memo:
        cached: list[Field] = src.memo[key]
        return cached
    source = source_language(src)
    out: list[Field] = []
    seen_files: set[str] = set()
    for pattern, kind in patterns():
        if pattern[0] not in src.data or pattern[0] in src.unreadable:
            continue
        for path in expand(pattern, src.data):
            found = _field(src, path, kind, source, lang)
            if found is None:
                continue
            if not found.inline:
                if found.file in seen_files:
                    continue  # a file printed twice is translated once
                seen_files.add(found.file)
            out.append(found)
    src.memo[key] = out
    return out


def _field(src: Sources, path: PathKey, kind: str, source: str, lang: str) -> Field | None:
    value = get(src.data, path)
    if value is None or todo_text(value) is not None:
        return None
    name = ident(src.data, path)
    where, form = path, "string"
    if is_translations(value):
        if lang in value:
            return None  # translated in the sources themselves: that wins
        chosen = source if source in value else sorted(value)[0]
        value, where, form = value[chosen], (*path, chosen), "translations"
    if isinstance(value, dict) and "not_applicable" in value:
        reason = value["not_applicable"]
        if not isinstance(reason, str) or not reason.strip():
            return None
        na = (*path, "not_applicable")
        return Field(path, name, "line", reason, src.locate(na).file, True, "not_applicable", na)
    if isinstance(value, dict) and isinstance(value.get("file"), str):
        text, _ = src.read_prose(value["file"], (*where, "file"))
        target, _ = src.resolve(value["file"], (*where, "file"))
        if text is None or target is None or not text.strip():
            return None
        rel = target.relative_to(src.root.resolve()).as_posix()
        return Field(
            path, name, kind, text, rel, False, "file" if form == "string" else form, where
        )
    if (
        isinstance(value, bool)
        or not isinstance(value, str | int | float)
        or not str(value).strip()
    ):
        return None
    return Field(path, name, kind, str(value), src.locate(where).file, True, form, where)


def units(fields: list[Field]) -> list[Unit]:
    """The units of the fields: passages with words (a figure or a citation alone is not
    translated; its figures follow the language by themselves)."""
    return [Unit(f, p) for f in fields for p in f.pieces if p.words]


def location(src: Sources, unit: Unit) -> Location:
    """Where a unit's text starts: its line in the Markdown file, or in the YAML string."""
    f = unit.field
    if not f.inline:
        return Location(f.file, unit.piece.line + 1)
    loc = src.locate(f.where)
    span = _span(src, f.where)
    if span is None or loc.line is None:
        return loc
    lines = _lines(src, f.file)
    words = unit.piece.source.split()
    for size in (6, 3, 1):
        needle = " ".join(words[:size])
        if not needle:
            break
        for n in range(span[0], min(span[1], len(lines)) + 1):
            col = lines[n - 1].find(needle)
            if col >= 0 and (n > loc.line or col + 1 >= (loc.col or 1)):
                return Location(f.file, n, col + 1)
    return loc


def _span(src: Sources, where: PathKey) -> tuple[int, int] | None:
    smap: SourceMap | None
    if where and isinstance(where[0], str) and where[0] in src.maps:
        smap, inner = src.maps[where[0]], where[1:]
    else:
        smap, inner = src.maps.get(""), where
    if smap is None:
        return None
    return smap.spans.get(tuple(inner))


def _lines(src: Sources, rel: str) -> list[str]:
    cache_: dict[str, list[str]] = src.memo.setdefault("i18n:lines", {})
    if rel not in cache_:
        try:
            cache_[rel] = (src.root / rel).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            cache_[rel] = []
    return cache_[rel]
