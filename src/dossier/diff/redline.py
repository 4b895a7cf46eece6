"""A redline of the documents themselves: the new draft's Document with what changed since the
old one marked, for the HTML and PDF renderers (which stay pure functions of the model).

Blocks are matched section by section (difflib over their text); a block left over on both
sides with the same text, wherever it is, has moved (marked where it went and where it came
from); a block left over with most of its words in the same stretch was edited and gets
word-level marks (`Styled("ins")`, `Styled("del")`) inside a `Revised("changed")`; what
remains is `Revised("ins")` or `Revised("del")`. Deleted content comes from the old
Document, so its citations, cross-references and footnote calls are frozen as text.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, TypeVar

from dossier.core import model as m
from dossier.diff import words
from dossier.diff.report import DiffReport

T = TypeVar("T")

EDITED = 0.5  # share of words an edited block keeps
MOVE_CHARS = 40  # shorter blocks are not taken as moved (a "Not provided" notice...)

Wrapper = tuple[str, str]  # ("s", style) | ("a", url)
# Source text a document must not print raw (Markdown, citations, cross-references, files).
_SOURCE_MARKUP = re.compile(r"\[-?@|@(?:fig|tbl|sec):|[*`]|\{\s*file\s*:|\]\(")


# ---------------------------------------------------------------- signatures


def _text(inlines: Sequence[m.Inline], doc: m.Document) -> str:
    return words.normalise(m.plain_text(inlines, doc))


def _file_digest(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return str(path)


def signature(b: m.Block, doc: m.Document) -> str:
    """What a block says, for matching: its kind and its text as printed."""
    if isinstance(b, m.Para | m.Heading):
        return f"{type(b).__name__}:{_text(b.inlines, doc)}"
    if isinstance(b, m.ListBlock):
        items = [" ".join(signature(x, doc) for x in item) for item in b.items]
        return f"List:{b.ordered}:" + " | ".join(items)
    if isinstance(b, m.Quote | m.Revised):
        return "Quote:" + " ".join(signature(x, doc) for x in b.blocks)
    if isinstance(b, m.CodeBlock):
        return "Code:" + b.text
    if isinstance(b, m.Table):
        rows = [" | ".join(_text(c.inlines, doc) for c in r) for r in (b.header, *b.rows)]
        return f"Table:{_text(b.caption, doc)}:" + " || ".join(rows)
    if isinstance(b, m.Figure):
        content = hashlib.sha256((b.svg or "").encode()).hexdigest() if b.svg else ""
        return f"Figure:{b.id}:{_text(b.caption, doc)}:{content or _file_digest(b.path)}"
    if isinstance(b, m.Notice):
        return f"Notice:{b.kind}:{b.text}"
    return type(b).__name__


def _words_of(sig: str) -> str:
    return sig.split(":", 1)[-1]


# ---------------------------------------------------------------- inline content


def _mark(style: str, inlines: Sequence[m.Inline]) -> tuple[m.Inline, ...]:
    return (m.Styled(style, tuple(inlines)),) if inlines else ()


def frozen(inlines: Sequence[m.Inline], doc: m.Document) -> tuple[m.Inline, ...]:
    """Inline content of ``doc`` that can stand in another document: citations,
    cross-references and footnote calls become their printed text."""
    out: list[m.Inline] = []
    for n in inlines:
        if isinstance(n, m.Styled):
            out.append(m.Styled(n.style, frozen(n.children, doc)))
        elif isinstance(n, m.Link):
            out.append(m.Link(n.url, frozen(n.children, doc)))
        elif isinstance(n, m.Citation | m.XRef):
            out.append(m.Text(m.plain_text((n,), doc)))
        elif isinstance(n, m.FootnoteRef):
            out.append(m.Styled("sup", (m.Text(str(n.number)),)))
        else:
            out.append(n)
    return tuple(out)


@dataclass(frozen=True)
class _Token:
    key: tuple[Any, ...]
    wrappers: tuple[Wrapper, ...]
    leaf: m.Inline


def _tokens(
    inlines: Sequence[m.Inline], doc: m.Document, old: bool, wrappers: tuple[Wrapper, ...] = ()
) -> list[_Token]:
    out: list[_Token] = []
    for n in inlines:
        if isinstance(n, m.Text):
            for t in words.tokens(n.text):
                text = " " if t.isspace() else t
                out.append(_Token(("t", wrappers, text), wrappers, m.Text(text)))
        elif isinstance(n, m.Styled):
            out.extend(_tokens(n.children, doc, old, (*wrappers, ("s", n.style))))
        elif isinstance(n, m.Link):
            out.extend(_tokens(n.children, doc, old, (*wrappers, ("a", n.url))))
        elif isinstance(n, m.Citation | m.XRef):
            shown = m.plain_text((n,), doc)
            leaf: m.Inline = m.Text(shown) if old else n
            out.append(_Token(("r", wrappers, shown), wrappers, leaf))
        elif isinstance(n, m.FootnoteRef):
            note = next((f for f in doc.footnotes if f.number == n.number), None)
            body = " ".join(signature(b, doc) for b in note.blocks) if note else ""
            leaf = m.Styled("sup", (m.Text(str(n.number)),)) if old else n
            out.append(_Token(("f", wrappers, body), wrappers, leaf))
        elif isinstance(n, m.LineBreak):
            out.append(_Token(("br", wrappers), wrappers, n))
    return out


def _build(run: list[tuple[str, _Token]]) -> tuple[m.Inline, ...]:
    """Inline nodes from marked tokens: runs of one mark and one set of wrappers."""
    out: list[m.Inline] = []
    i = 0
    while i < len(run):
        mark, tok = run[i]
        j = i
        leaves: list[m.Inline] = []
        while j < len(run) and run[j][0] == mark and run[j][1].wrappers == tok.wrappers:
            leaf = run[j][1].leaf
            if isinstance(leaf, m.Text) and leaves and isinstance(leaves[-1], m.Text):
                leaves[-1] = m.Text(leaves[-1].text + leaf.text)
            else:
                leaves.append(leaf)
            j += 1
        node: tuple[m.Inline, ...] = tuple(leaves)
        for kind, arg in reversed(tok.wrappers):
            node = (m.Styled(arg, node),) if kind == "s" else (m.Link(arg, node),)
        out.extend(_mark(mark, node) if mark else node)
        i = j
    return tuple(out)


def diff_inlines(
    a: Sequence[m.Inline], old: m.Document, b: Sequence[m.Inline], new: m.Document
) -> tuple[m.Inline, ...]:
    """The new inline content with the words deleted and inserted since ``a`` marked."""
    ta, tb = _tokens(a, old, True), _tokens(b, new, False)
    run: list[tuple[str, _Token]] = []

    def is_space(key: Any) -> bool:
        return bool(key[0] == "t" and key[2] == " ")

    for kind, i1, i2, j1, j2 in words.align([t.key for t in ta], [t.key for t in tb], is_space):
        if kind == "equal":
            run.extend(("", t) for t in tb[j1:j2])
        else:
            run.extend(("del", t) for t in ta[i1:i2])
            run.extend(("ins", t) for t in tb[j1:j2])
    return _build(run)


# ---------------------------------------------------------------- whole blocks


def _map_inlines(b: m.Block, f: Callable[[tuple[m.Inline, ...]], tuple[m.Inline, ...]]) -> m.Block:
    if isinstance(b, m.Para):
        return m.Para(f(b.inlines), b.lang)
    if isinstance(b, m.Heading):
        return m.Heading(b.level, f(b.inlines))
    if isinstance(b, m.ListBlock):
        items = tuple(tuple(_map_inlines(x, f) for x in item) for item in b.items)
        return m.ListBlock(b.ordered, items, b.start)
    if isinstance(b, m.Quote):
        return m.Quote(tuple(_map_inlines(x, f) for x in b.blocks))
    if isinstance(b, m.Revised):
        return m.Revised(b.kind, tuple(_map_inlines(x, f) for x in b.blocks), b.note)
    if isinstance(b, m.Table):

        def cells(row: tuple[m.Cell, ...]) -> tuple[m.Cell, ...]:
            return tuple(replace(c, inlines=f(c.inlines)) for c in row)

        return replace(
            b, header=cells(b.header), rows=tuple(cells(r) for r in b.rows), caption=f(b.caption)
        )
    if isinstance(b, m.Figure):
        return replace(b, caption=f(b.caption))
    return b


def inserted(b: m.Block) -> m.Block:
    marked = _map_inlines(b, lambda x: _mark("ins", x))
    # A figure stays a block of its own (a map has a landscape page of its own): its
    # caption carries the marks.
    return marked if isinstance(b, m.Figure) else m.Revised("ins", (marked,))


def deleted(b: m.Block, doc: m.Document, kind: str = "del", note: str = "") -> m.Block:
    """A block of the old document, struck through, fit to stand in the new one."""

    def strike(x: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        return _mark("del", frozen(x, doc))

    label = doc.labels
    if isinstance(b, m.Figure):
        head = f"{label.get('figure', 'Figure')} {b.number}. "
        inner: tuple[m.Block, ...] = (m.Para(strike((m.Text(head), *b.caption))),)
    elif isinstance(b, m.Table):
        blocks: list[m.Block] = []
        if b.number:
            head = f"{label.get('table', 'Table')} {b.number}. "
            blocks.append(m.Para(strike((m.Text(head), *b.caption))))
        plain = replace(b, id=None, number=None, caption=())
        blocks.append(_map_inlines(plain, strike))
        inner = tuple(blocks)
    elif isinstance(b, m.PageBreak):
        inner = ()
    else:
        inner = (_map_inlines(b, strike),)
    return m.Revised(kind, inner, note)


def _similar(a: m.Block, sa: str, b: m.Block, sb: str) -> float:
    if type(a) is not type(b):
        return 0.0
    if isinstance(a, m.Figure) and isinstance(b, m.Figure):
        return 1.0 if a.id == b.id else 0.0
    if isinstance(a, m.Table) and isinstance(b, m.Table) and a.id is not None and a.id == b.id:
        return 1.0
    wa, wb = words.words(_words_of(sa)), words.words(_words_of(sb))
    if words.quick_similarity(wa, wb) < EDITED:
        return 0.0
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def changed(a: m.Block, old: m.Document, b: m.Block, new: m.Document) -> m.Block:
    """``b`` with its differences from ``a`` (an edited version of the same block) marked."""
    note = ""
    if isinstance(a, m.Para) and isinstance(b, m.Para):
        out: m.Block = m.Para(diff_inlines(a.inlines, old, b.inlines, new), b.lang)
    elif isinstance(a, m.Heading) and isinstance(b, m.Heading):
        out = m.Heading(b.level, diff_inlines(a.inlines, old, b.inlines, new))
    elif isinstance(a, m.Table) and isinstance(b, m.Table) and _columns(a) == _columns(b):
        out = _table(a, old, b, new)
    elif isinstance(a, m.ListBlock) and isinstance(b, m.ListBlock):
        out = _list(a, old, b, new)
    elif isinstance(a, m.Quote) and isinstance(b, m.Quote):
        out = m.Quote(tuple(sequence(list(a.blocks), old, list(b.blocks), new)))
    elif isinstance(a, m.Figure) and isinstance(b, m.Figure):
        # Not wrapped (see `inserted`): the caption says what changed.
        caption = diff_inlines(a.caption, old, b.caption, new)
        if signature(replace(a, caption=()), old) != signature(replace(b, caption=()), new):
            note = new.labels.get("redline_figure_changed", "This figure changed.")
            caption = (*caption, m.Text(" "), m.Styled("ins", (m.Text(note),)))
        return replace(b, caption=caption)
    else:
        return m.Revised("changed", (deleted(a, old), inserted(b)))
    return m.Revised("changed", (out,), note)


def _columns(t: m.Table) -> int:
    return max([len(t.header), *(len(r) for r in t.rows)], default=0)


def _cells(
    a: tuple[m.Cell, ...], old: m.Document, b: tuple[m.Cell, ...], new: m.Document
) -> tuple[m.Cell, ...]:
    out = []
    for i, cell in enumerate(b):
        if i < len(a):
            out.append(replace(cell, inlines=diff_inlines(a[i].inlines, old, cell.inlines, new)))
        else:
            out.append(replace(cell, inlines=_mark("ins", cell.inlines)))
    return tuple(out)


def _table(a: m.Table, old: m.Document, b: m.Table, new: m.Document) -> m.Table:
    def row_key(r: tuple[m.Cell, ...], doc: m.Document) -> str:
        return " | ".join(_text(c.inlines, doc) for c in r)

    ka = [row_key(r, old) for r in a.rows]
    kb = [row_key(r, new) for r in b.rows]
    rows = _aligned(
        a.rows,
        ka,
        b.rows,
        kb,
        paired=lambda x, y: _cells(x, old, y, new),
        gone=lambda r: tuple(replace(c, inlines=_mark("del", frozen(c.inlines, old))) for c in r),
        added=lambda r: tuple(replace(c, inlines=_mark("ins", c.inlines)) for c in r),
    )
    return replace(
        b,
        header=_cells(a.header, old, b.header, new),
        rows=rows,
        caption=diff_inlines(a.caption, old, b.caption, new),
    )


def _list(a: m.ListBlock, old: m.Document, b: m.ListBlock, new: m.Document) -> m.ListBlock:
    ka = [" ".join(signature(x, old) for x in item) for item in a.items]
    kb = [" ".join(signature(x, new) for x in item) for item in b.items]
    items = _aligned(
        a.items,
        ka,
        b.items,
        kb,
        paired=lambda x, y: tuple(sequence(list(x), old, list(y), new)),
        gone=lambda item: tuple(deleted(x, old) for x in item),
        added=lambda item: tuple(inserted(x) for x in item),
    )
    return m.ListBlock(b.ordered, items, b.start)


def _aligned(
    a: Sequence[T],
    ka: list[str],
    b: Sequence[T],
    kb: list[str],
    *,
    paired: Callable[[T, T], T],
    gone: Callable[[T], T],
    added: Callable[[T], T],
) -> tuple[T, ...]:
    """Table rows or list items of two drafts aligned by their keys: unchanged ones as in
    the new draft, a changed stretch paired one to one, what is left over deleted or added."""
    out: list[T] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(b[j1:j2])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        pairs = min(len(olds), len(news))
        out.extend(paired(olds[k], news[k]) for k in range(pairs))
        out.extend(gone(x) for x in olds[pairs:])
        out.extend(added(x) for x in news[pairs:])
    return tuple(out)


@dataclass
class _Moves:
    """Blocks moved between or within sections: old and new block ids -> the other end."""

    old_to: dict[int, str]  # id(old block) -> where it went (section label)
    new_from: dict[int, str]  # id(new block) -> where it came from


def sequence(
    a: list[m.Block],
    old: m.Document,
    b: list[m.Block],
    new: m.Document,
    moves: _Moves | None = None,
) -> list[m.Block]:
    """The blocks ``b`` with their changes since ``a`` marked (see the module docstring)."""
    sa = [signature(x, old) for x in a]
    sb = [signature(x, new) for x in b]
    out: list[m.Block] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(b[j1:j2])
        else:
            out.extend(_stretch(_Stretch(a, sa, old, b, sb, new, moves or _Moves({}, {})),
                                range(i1, i2), range(j1, j2)))  # fmt: skip
    return out


@dataclass
class _Stretch:
    a: list[m.Block]
    sa: list[str]
    old: m.Document
    b: list[m.Block]
    sb: list[str]
    new: m.Document
    moves: _Moves


def _stretch(s: _Stretch, olds: range, news: range) -> list[m.Block]:
    """One changed stretch: old blocks ``olds`` replaced by new blocks ``news``."""
    a, b, moves, labels = s.a, s.b, s.moves, s.new.labels
    pairs: dict[int, int] = {}  # new index -> old index, edited in place
    free = [i for i in olds if id(a[i]) not in moves.old_to]
    for j in news:
        if id(b[j]) in moves.new_from:
            continue
        best, best_ratio = None, EDITED
        for i in free:
            r = _similar(a[i], s.sa[i], b[j], s.sb[j])
            if r >= best_ratio:
                best, best_ratio = i, r
        if best is not None:
            pairs[j] = best
            free = [i for i in free if i > best]  # keep the order of the text
    paired_old = set(pairs.values())
    pending = [i for i in olds if i not in paired_old]  # old blocks to print, in order
    out: list[m.Block] = []

    def flush(upto: int) -> None:
        """Print the old blocks before ``upto``: deleted, or moved away."""
        while pending and pending[0] < upto:
            i = pending.pop(0)
            if id(a[i]) in moves.old_to:
                note = labels.get("redline_moved_to", "Moved to {where}")
                out.append(
                    deleted(a[i], s.old, "moved-from", note.format(where=moves.old_to[id(a[i])]))
                )
            elif not isinstance(a[i], m.PageBreak):
                out.append(deleted(a[i], s.old))

    for j in news:
        if id(b[j]) in moves.new_from:
            note = labels.get("redline_moved_from", "Moved from {where}")
            out.append(m.Revised("moved-to", (b[j],), note.format(where=moves.new_from[id(b[j])])))
        elif j in pairs:
            flush(pairs[j])
            out.append(changed(a[pairs[j]], s.old, b[j], s.new))
        elif isinstance(b[j], m.PageBreak):
            out.append(b[j])
        else:
            out.append(inserted(b[j]))
    flush(olds.stop)
    return out


def _movable(b: m.Block, sig: str) -> bool:
    """Text long enough to be recognised where it went (figures are matched by id)."""
    return not isinstance(b, m.Figure | m.PageBreak) and len(_words_of(sig)) >= MOVE_CHARS


def _find_moves(
    pairs: list[tuple[m.Section | None, m.Section]], old: m.Document, new: m.Document
) -> _Moves:
    """Blocks with the same text left unmatched on both sides of their sections."""
    left_old: dict[str, list[tuple[m.Block, m.Section]]] = defaultdict(list)
    left_new: list[tuple[str, m.Block, m.Section]] = []
    for sec_a, sec_b in pairs:
        a = sec_a.blocks if sec_a else []
        sa = [signature(x, old) for x in a]
        sb = [signature(x, new) for x in sec_b.blocks]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            for i in range(i1, i2):
                if _movable(a[i], sa[i]) and sec_a is not None:
                    left_old[sa[i]].append((a[i], sec_a))
            for j in range(j1, j2):
                if _movable(sec_b.blocks[j], sb[j]):
                    left_new.append((sb[j], sec_b.blocks[j], sec_b))
    moves = _Moves({}, {})
    for sig, block, sec_b in left_new:
        candidates = left_old.get(sig)
        if not candidates:
            continue
        block_a, sec_a = candidates.pop(0)
        moves.old_to[id(block_a)] = sec_b.number or sec_b.title
        moves.new_from[id(block)] = sec_a.number or sec_a.title
    return moves


def _copy(sec: m.Section, blocks: dict[str, list[m.Block]]) -> m.Section:
    out = replace(sec, blocks=blocks.get(sec.id, list(sec.blocks)), children=[])
    out.children = [_copy(c, blocks) for c in sec.children]
    return out


def redline(
    old: m.Document, new: m.Document, *, since: str = "", summary: m.Section | None = None
) -> m.Document:
    """``new`` with every change since ``old`` marked, and ``summary`` printed first."""
    old_sections = {s.id: s for s in old.all_sections()}
    pairs = [(old_sections.get(s.id), s) for s in new.all_sections()]
    moves = _find_moves(pairs, old, new)
    blocks = {
        sec_b.id: sequence(list(sec_a.blocks) if sec_a else [], old, list(sec_b.blocks), new, moves)
        for sec_a, sec_b in pairs
    }
    sections = [_copy(s, blocks) for s in new.sections]
    if summary is not None:
        sections.insert(0, summary)
    return replace(new, sections=sections, changes_since=since or "an earlier draft")


# ---------------------------------------------------------------- the summary


def summary_section(report: DiffReport, labels: dict[str, str]) -> m.Section:
    """The first pages of a redline: what changed, by section, in a specialist's terms."""
    sec = m.Section("sec-redline-summary", "", labels.get("redline_title", "Summary of changes"),
                    1, page_break=True, front=True)  # fmt: skip
    if not report.changed:
        sec.blocks.append(m.Notice("note", labels.get("redline_none", "No change.")))
        return sec
    sec.blocks.append(m.Para((m.Text(labels.get("redline_intro", "")),)))
    for group in report.sections:
        sec.blocks.append(m.Heading(1, (m.Text(group.section.heading),)))
        items = []
        for c in group.changes:
            here = c.new or c.old
            located = c.kind in ("prose", "translation")
            at = f" ({here.at()})" if here is not None and here.file and located else ""
            sentence = c.brief if c.brief and _SOURCE_MARKUP.search(c.summary) else c.summary
            items.append((m.Para((m.Text(sentence + at),)),))
        sec.blocks.append(m.ListBlock(False, tuple(items)))
    return sec
