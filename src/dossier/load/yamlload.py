"""Safe, fast YAML loading that remembers where every value came from.

PyYAML's C composer (libyaml) builds a node graph with positions in tens of
milliseconds; we construct plain Python values from it ourselves so that:

* scalars follow the YAML 1.2 core schema (``no`` stays a string, dates stay strings);
* duplicate keys, aliases, and any explicit tag are refused with a position;
* nothing is ever executed, and nothing is expanded twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.core.visible import visible

try:  # libyaml is in every PyYAML wheel; fall back to the pure parser just in case.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_YAML_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _STD + t
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "binary", "value")
}
# YAML 1.2 core schema for plain scalars.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_BOOL_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


@dataclass
class SourceMap:
    """Positions of values (and of mapping keys) by their path in the loaded data."""

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    # First and last line of each value, for "is this finding inside that entry?".
    spans: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    # "# TODO: what to write" comments: (line, column of '#', what to write).
    todos: list[tuple[int, int, str]] = field(default_factory=list)

    def path_at_line(self, line: int) -> PathKey:
        """The entry whose key is on ``line`` (the innermost), else the value that starts
        there, else the next value below it."""
        keyed = [p for p, (ln, _c) in self.keys.items() if ln == line]
        if keyed:
            return max(keyed, key=len)
        same = [p for p, (ln, _c) in self.values.items() if ln == line]
        if same:
            return min(same, key=len)
        after = [(ln, c, p) for p, (ln, c) in self.values.items() if ln > line]
        return min(after, key=lambda t: (t[0], t[1], -len(t[2])))[2] if after else ()

    def locate(self, path: PathKey, *, key: bool = False) -> Location:
        """Nearest known position for ``path`` (walks up to the closest ancestor)."""
        p = tuple(path)
        while True:
            table = self.keys if key else self.values
            if p in table:
                line, col = table[p]
                return Location(self.file, line, col)
            if not p:
                return Location(self.file, 1, 1)
            p = p[:-1]
            key = False


@dataclass
class Loaded:
    data: Any
    smap: SourceMap
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


class _Loader(_BaseLoader):
    """Composer only; our own constructor below turns nodes into values."""


def _diag(rule: str, msg: str, loc: Location, hint: str | None = None) -> Diagnostic:
    return Diagnostic(rule, Severity.ERROR, msg, loc, hint)


class _Builder:
    def __init__(self, rel: str, lines: list[str]) -> None:
        self.rel = rel
        self.lines = lines
        self.smap = SourceMap(rel)
        self.diags: list[Diagnostic] = []
        self.seen: set[int] = set()
        # Where quoted and block scalars lie: a '#' there is text, not a comment.
        self.text_spans: list[tuple[int, int, int, int]] = []

    def last_line(self, node: yaml.Node) -> int:
        """1-based last line of a node: its end mark often sits at the next item's '- '."""
        end = node.end_mark
        line = end.line + 1
        if line - 1 < len(self.lines):
            before = self.lines[line - 1][: end.column]
            if not before.strip(" -"):
                line -= 1
        return max(line, node.start_mark.line + 1)

    def loc(self, node: yaml.Node) -> Location:
        m = node.start_mark
        return Location(self.rel, m.line + 1, m.column + 1)

    def build(self, node: yaml.Node, path: PathKey, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            self.diags.append(
                _diag("yaml.too-deep", f"nesting deeper than {MAX_DEPTH} levels", self.loc(node))
            )
            return None
        if id(node) in self.seen:  # reached twice: an alias (the scan should have caught it)
            self.diags.append(_diag("yaml.alias", "YAML aliases are not allowed", self.loc(node)))
            return None
        self.seen.add(id(node))
        m = node.start_mark
        self.smap.values[path] = (m.line + 1, m.column + 1)
        self.smap.spans[path] = (m.line + 1, self.last_line(node))
        tag = node.tag
        if tag.startswith("!") or (tag.startswith("tag:") and tag not in _ALLOWED_TAGS):
            self.diags.append(
                _diag(
                    "yaml.tag",
                    f"YAML tag {tag!r} is not allowed in dossier sources",
                    self.loc(node),
                    "Remove the tag; write the value as plain text, a list or a mapping.",
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if knode.tag == _STD + "merge" or (knode.value == "<<" and knode.style is None):
                self.diags.append(
                    _diag("yaml.merge-key", "YAML merge keys (<<) are not allowed", self.loc(knode))
                )
                continue
            if not isinstance(knode, yaml.ScalarNode):
                self.diags.append(
                    _diag("yaml.key", "mapping keys must be plain text", self.loc(knode))
                )
                continue
            key = str(knode.value)
            if key in out:
                first = self.smap.keys.get((*path, key))
                where = f" (first defined on line {first[0]})" if first else ""
                self.diags.append(
                    _diag(
                        "yaml.duplicate-key",
                        f"key {key!r} appears twice in the same mapping{where}",
                        self.loc(knode),
                        "Keep one of the two entries; the second would silently replace the first.",
                    )
                )
                continue
            self.smap.keys[(*path, key)] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            out[key] = self.build(vnode, (*path, key), depth + 1)
        return out

    def scalar(self, node: yaml.ScalarNode) -> Any:
        value: str = node.value
        if node.style not in (None, ""):
            s, e = node.start_mark, node.end_mark
            self.text_spans.append((s.line, s.column, e.line, e.column))
            return value  # quoted or block scalars are always text
        if _NULL.match(value):
            return None
        if _BOOL_TRUE.match(value):
            return True
        if _BOOL_FALSE.match(value):
            return False
        if _INT.match(value):
            return int(value)
        if _INT_OCT.match(value):
            return int(value[2:], 8)
        if _INT_HEX.match(value):
            return int(value[2:], 16)
        if _FLOAT.match(value):
            return float(value)
        if _INF.match(value) or _NAN.match(value):
            self.diags.append(
                _diag(
                    "yaml.not-a-number",
                    f"{value} (infinity or not-a-number) is not a value a dossier can use",
                    self.loc(node),
                    "Write the figure as a plain number, e.g. 1250.5, or leave the field out.",
                )
            )
            return None
        return value  # dates and everything else stay strings


def _control_character(text: str, rel: str, position: int) -> Diagnostic:
    """The diagnostic for a character YAML does not allow (a NUL, a bell...), located.

    libyaml gives the position in bytes of UTF-8 (the pure-Python reader in characters):
    after an accented letter it points past the character, so the character is found
    again in the text; the position is only a fallback.
    """
    first = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if first is not None:
        position = first.start()
    position = min(max(position, 0), max(len(text) - 1, 0))
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    char = text[position] if text else "?"
    return _diag(
        "text.control-character",
        f"the file holds an invisible control character {visible(char)}, which YAML does not "
        "allow (and Word documents cannot hold)",
        Location(rel, line, col),
        "Delete it: it usually comes from text pasted from another program.",
    )


def _scan_aliases(text: str, rel: str) -> list[Diagnostic]:
    """Report the first alias with its position (one finding per file is enough)."""
    count = 0
    first: yaml.Event | None = None
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            count += 1
            first = first or event
    if first is None:
        return []
    m = first.start_mark
    line, col = (m.line + 1, m.column + 1) if m is not None else (1, 1)
    more = f" ({count - 1} more in this file)" if count > 1 else ""
    return [
        _diag(
            "yaml.alias",
            f"YAML aliases (*{getattr(first, 'anchor', '')}) are not allowed in dossier sources{more}",
            Location(rel, line, col),
            "Write the value out in full where it is needed.",
        )
    ]


def load_text(text: str, rel: str) -> Loaded:
    smap = SourceMap(rel)
    if not text.strip():
        return Loaded(
            None,
            smap,
            [
                _diag(
                    "yaml.empty",
                    "the file is empty",
                    Location(rel, 1, 1),
                    "Add the expected content, or remove the reference to this file.",
                )
            ],
        )
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return Loaded(
                None,
                smap,
                [
                    _diag(
                        "yaml.tab",
                        "a tab character is used for indentation",
                        Location(rel, lineno, len(line) - len(stripped) + 1),
                        "YAML indentation must use spaces; replace the tab with spaces.",
                    )
                ],
            )
    try:
        if "*" in text:
            alias_diags = _scan_aliases(text, rel)
            if alias_diags:
                return Loaded(None, smap, alias_diags)
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(rel, mark.line + 1, mark.column + 1) if mark else Location(rel, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        return Loaded(
            None,
            smap,
            [
                _diag(
                    "yaml.syntax",
                    f"YAML syntax error: {problem}",
                    loc,
                    "Check indentation, colons after keys, and quotes around text "
                    "that contains ': ' or starts with a special character.",
                )
            ],
        )
    except yaml.reader.ReaderError as exc:  # a control character, before any parsing
        return Loaded(None, smap, [_control_character(text, rel, exc.position)])
    except yaml.YAMLError as exc:
        return Loaded(None, smap, [_diag("yaml.syntax", f"YAML error: {exc}", Location(rel, 1, 1))])
    if not nodes:
        return Loaded(
            None,
            smap,
            [
                _diag(
                    "yaml.empty",
                    "the file holds only comments, no content",
                    Location(rel, 1, 1),
                    "Add the expected content below the comments, or remove the reference "
                    "to this file.",
                )
            ],
        )
    if len(nodes) != 1:
        return Loaded(
            None,
            smap,
            [
                _diag(
                    "yaml.multiple-documents",
                    "the file holds several YAML documents ('---'); one is expected",
                    Location(rel, 1, 1),
                )
            ],
        )
    builder = _Builder(rel, text.split("\n"))
    data = builder.build(nodes[0], ())
    if "TODO" in text:
        builder.smap.todos = _todo_comments(builder.lines, builder.text_spans)
    return Loaded(data, builder.smap, builder.diags)


_TODO_COMMENT = re.compile(r"(?:^|(?<=\s))#\s*TODO\b[:\s]*(.*?)\s*$")


def _todo_comments(
    lines: list[str], text_spans: list[tuple[int, int, int, int]]
) -> list[tuple[int, int, str]]:
    """Every "# TODO ..." comment, as (line, column, text), 1-based.

    A '#' inside a quoted or block scalar is text, not a comment: those spans (0-based
    start line/column, end line/column) are left out.
    """
    out: list[tuple[int, int, str]] = []
    for i, line in enumerate(lines):
        m = _TODO_COMMENT.search(line)
        if m is None:
            continue
        col = m.start()
        inside = any(
            (sl, sc) <= (i, col) < (el, ec) for sl, sc, el, ec in text_spans if sl <= i <= el
        )
        if not inside:
            out.append((i + 1, col + 1, m.group(1) or "to be written"))
    return out


@dataclass(frozen=True)
class TextKind:
    """Rule ids and advice for reading one kind of text file (prose, GeoJSON...)."""

    too_large: str = "file.too-large"
    unreadable: str = "file.unreadable"
    encoding: str = "file.encoding"
    what: str = "the file"
    too_large_hint: str = "Split long prose into several Markdown files."
    encoding_hint: str = "Save the file as UTF-8 in your editor."


SOURCE_TEXT = TextKind()


def read_text_file(
    path: Path, rel: str, max_bytes: int = MAX_YAML_BYTES, kind: TextKind = SOURCE_TEXT
) -> tuple[str | None, list[Diagnostic]]:
    """Read a UTF-8 text file with a size bound; problems become diagnostics."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [
                _diag(
                    kind.too_large,
                    f"{kind.what} is {size:,} bytes; the limit is {max_bytes:,}",
                    Location(rel),
                    kind.too_large_hint,
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            _diag(kind.unreadable, f"cannot read the file: {exc.strerror}", Location(rel))
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            _diag(
                kind.encoding,
                f"{kind.what} is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                Location(rel, line, col),
                kind.encoding_hint,
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def load_file(path: Path, rel: str) -> Loaded:
    text, diags = read_text_file(path, rel)
    if text is None:
        return Loaded(None, SourceMap(rel), diags)
    return load_text(text, rel)
