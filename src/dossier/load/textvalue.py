"""Read a prose value of the sources, whichever of its forms the author used."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dossier.load.sources import Sources
from dossier.load.yamlload import PathKey

_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class ResolvedText:
    markdown: str | None  # None when absent or not applicable
    not_applicable: str | None = None
    lang: str | None = None
    # Where the Markdown text starts, for locating findings inside it.
    file: str = ""
    line_offset: int = 0  # 0 for a Markdown file; the YAML line of an inline string
    inline: bool = False

    @property
    def present(self) -> bool:
        return bool(self.markdown and self.markdown.strip())

    def words(self) -> int:
        return len(self.markdown.split()) if self.markdown else 0


def todo_text(value: Any) -> str | None:
    """What a placeholder {todo: "what to write"} asks for; None for any other value.

    `dossier init` writes such placeholders; the schemas accept them where a Text or a
    Name is expected, rules see them as absent content, and `dossier check` lists each
    one as not yet written (todo.not-yet-written).
    """
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("todo"), str):
        return str(value["todo"])
    return None


def pick_language(mapping: dict[str, Any], lang: str) -> tuple[str, Any]:
    for key in (lang, "en", "fr"):
        if key in mapping:
            return key, mapping[key]
    key = sorted(mapping)[0]
    return key, mapping[key]


def is_translations(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and _LANG.match(k) for k in value)
        and "file" not in value
    )


def resolve(src: Sources, path: PathKey, lang: str = "en") -> ResolvedText:
    """The Markdown of the prose field at ``path``; never raises on bad input."""
    value = get(src.data, path)
    text_lang: str | None = None
    where = path
    if is_translations(value):
        text_lang, value = pick_language(value, lang)
        where = (*path, text_lang)
    if value is None:
        return ResolvedText(None)
    if isinstance(value, str):
        loc = src.locate(where)
        return ResolvedText(value, None, text_lang, loc.file, loc.line or 0, True)
    if isinstance(value, dict):
        if "not_applicable" in value:
            return ResolvedText(None, str(value["not_applicable"]), text_lang)
        if isinstance(value.get("file"), str):
            text, _ = src.read_prose(value["file"], (*where, "file"))
            if text is None:
                return ResolvedText(None)
            rel = src.resolve(value["file"], (*where, "file"))[0]
            name = rel.relative_to(src.root.resolve()).as_posix() if rel else value["file"]
            return ResolvedText(text, None, text_lang, name, 0, False)
    return ResolvedText(None)


def get(data: Any, path: PathKey) -> Any:
    node = data
    for step in path:
        if isinstance(node, dict) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    return node


def dotted(path: str) -> PathKey:
    """'justification.criteria.0.justification' -> ('justification', 'criteria', 0, 'justification')."""
    return tuple(int(p) if p.isdigit() else p for p in path.split("."))


def name_text(value: Any, lang: str = "en") -> str:
    """A Name value (plain or per language) as one string; a placeholder in brackets."""
    todo = todo_text(value)
    if todo is not None:
        return f"[{todo}]"
    if isinstance(value, dict) and value:
        return str(pick_language(value, lang)[1])
    return "" if value is None else str(value)
