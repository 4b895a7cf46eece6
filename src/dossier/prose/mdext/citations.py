"""markdown-it-py plugin for pandoc citations and pandoc-crossref references, plus a scanner.

Tokens (inline, nesting 0; ``content`` holds the source text, for fallbacks):

* ``citation`` with ``meta = {"mode": "normal" | "intext", "items": [CiteItem, ...]}``
  for ``[see @a, p. 4; -@b]``, ``@a`` and ``@a [p. 4]``;
* ``xref`` with ``meta = {"kind": "fig" | "tbl" | "sec", "id": ...}`` for ``@fig:map``.
  Brackets holding such a reference are dropped, as pandoc-crossref does
  (``[see @fig:map]`` -> text ``see `` then the ``xref``).

Code spans, autolinks and escapes win because their rules run first; an ``@`` after a
word character (``name@example.org``) or inside a URL never starts a citation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from dossier.prose.mdext.citesyntax import (
    KEY_RE,
    Cluster,
    at_allowed,
    intext_item,
    parse_cluster,
    parse_locator_suffix,
    xref_of,
)

# Key of the list in ``env`` that collects (kind, key, offset) while scanning.
ENV_KEY = "dossier_citation_refs"
CITATION = "citation"


@dataclass(frozen=True)
class Ref:
    """A reference found in Markdown text.

    ``kind`` is ``"citation"`` or an xref kind (``"fig"``, ``"tbl"``, ``"sec"``);
    ``key`` is the citation key or the xref id. ``line`` and ``col`` are 1-based (like
    ``Location``) and point at the ``@``; ``col`` counts characters, not bytes.
    """

    kind: str
    key: str
    line: int
    col: int


def citations_plugin(md: MarkdownIt) -> None:
    """Install the citation/xref inline rules and escaped-source fallback renderers."""
    md.inline.ruler.before("link", "citation_bracket", _bracket_rule)
    md.inline.ruler.before("link", "citation_at", _at_rule)
    md.add_render_rule("citation", _render_source)
    md.add_render_rule("xref", _render_source)


def _render_source(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Fallback for renderers that do not format citations: show the source text."""
    return escapeHtml(tokens[idx].content)


def _record(state: StateInline, kind: str, key: str, offset: int) -> None:
    refs = state.env.get(ENV_KEY)
    if isinstance(refs, list):
        refs.append((kind, key, offset))


def _bracket_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if state.src[start] != "[":
        return False
    end = parseLinkLabel(state, start)
    if end < 0 or (end + 1 < state.posMax and state.src[end + 1] == "("):
        return False  # unclosed, or an inline link `[text](url)`
    parts = parse_cluster(state.src[start + 1 : end])
    if parts is None:
        return False
    if any(xref_of(p.item["key"]) for p in parts):
        if not silent:  # pandoc-crossref drops the brackets: parse the inside as inline text
            old_max = state.posMax
            state.pos, state.posMax = start + 1, end
            state.md.inline.tokenize(state)
            state.posMax = old_max
        state.pos = end + 1
        return True
    if not silent:
        token = state.push(CITATION, "", 0)
        cluster: Cluster = {"mode": "normal", "items": [p.item for p in parts]}
        token.meta = dict(cluster)
        token.content = state.src[start : end + 1]
        for p in parts:
            _record(state, CITATION, p.item["key"], start + 1 + p.at_offset)
    state.pos = end + 1
    return True


def _trailing_locator(state: StateInline, pos: int) -> tuple[str, str, int] | None:
    """``@key [p. 33, suffix]``: the bracket right after an in-text key (pandoc syntax)."""
    src = state.src
    bracket = pos + 1 if src.startswith(" [", pos) else pos
    if bracket >= state.posMax or src[bracket] != "[":
        return None
    end = parseLinkLabel(state, bracket)
    if end < 0 or (end + 1 < state.posMax and src[end + 1] == "("):
        return None
    content = src[bracket + 1 : end]
    if "@" in content or content.startswith("^") or not content.strip():
        return None  # another citation, a footnote reference, or nothing
    locator, suffix = parse_locator_suffix(content)
    return locator, suffix, end + 1


def _at_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    src = state.src
    if src[start] != "@" or not at_allowed(src, start):
        return False
    match = KEY_RE.match(src, start + 1, state.posMax)
    if match is None:
        return False
    key, end = match.group(0), match.end()
    xref = xref_of(key)
    if xref is not None:
        if not silent:
            token = state.push("xref", "", 0)
            token.meta = {"kind": xref[0], "id": xref[1]}
            token.content = src[start:end]
            _record(state, xref[0], xref[1], start)
        state.pos = end
        return True
    locator, suffix = "", ""
    trailing = _trailing_locator(state, end)
    if trailing is not None:
        locator, suffix, end = trailing
    if not silent:
        token = state.push(CITATION, "", 0)
        cluster: Cluster = {"mode": "intext", "items": [intext_item(key, locator, suffix)]}
        token.meta = dict(cluster)
        token.content = src[start:end]
        _record(state, CITATION, key, start)
    state.pos = end
    return True


def default_parser() -> MarkdownIt:
    """The scanner's parser, as prose rendering configures it: CommonMark without raw HTML,
    tables, strikethrough, footnotes and citations."""
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": False})
    md.enable(["table", "strikethrough"])
    return md.use(footnote_plugin).use(citations_plugin)


@cache
def _scanner() -> MarkdownIt:
    """Block-level parse only: scan_references runs the inline rules itself, once, and only
    on inline content that can hold a reference (it contains an '@')."""
    md = default_parser()
    md.core.ruler.disable(["inline", "footnote_tail"])
    return md


def _column_base(source_line: str, content_line: str) -> int:
    """Where an inline token's line starts in the source line (container markers removed)."""
    src, content = source_line.rstrip(), content_line.rstrip()
    if content and src.endswith(content):
        return len(src) - len(content)
    found = src.find(content.strip()) if content.strip() else -1
    return max(found, 0)


def scan_references(text: str, md: MarkdownIt | None = None) -> list[Ref]:
    """Every citation key and cross-reference in ``text``, in document order.

    Uses the same inline rules as rendering (``md`` must have ``citations_plugin``; by
    default ``default_parser()``), so code spans, code blocks and e-mail addresses are
    skipped exactly as in the output.
    """
    parser = md or _scanner()
    env: dict[str, Any] = {}
    # Split lines as markdown-it does (only CR/LF), so token maps index this list.
    source_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    refs: list[Ref] = []
    for token in parser.parse(text, env):
        if token.type != "inline" or token.map is None or "@" not in token.content:
            continue
        found: list[tuple[str, str, int]] = []
        parser.inline.parse(token.content, parser, {**env, ENV_KEY: found}, [])
        content_lines = token.content.split("\n")
        starts = [0]
        for line in content_lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        for kind, key, offset in found:
            index = max(i for i, s in enumerate(starts) if s <= offset)
            line_no = token.map[0] + index
            source = source_lines[line_no] if line_no < len(source_lines) else ""
            col = _column_base(source, content_lines[index]) + offset - starts[index] + 1
            refs.append(Ref(kind, key, line_no + 1, col))
    return refs
