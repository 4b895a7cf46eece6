"""Proper names and taxa, marked in the model so that no renderer breaks them.

The names come from the sources themselves: the property's names, its short name, the
States Parties, the region and country, the component parts, the comparators and their
States Parties, the protective designations and the institutions of the contacts, in
every language given. Taxa are the italic binomials of the prose (*Saiga tatarica*,
*Ovis vignei arkal*). Each occurrence becomes `Styled("name", ...)`; the PDF never
hyphenates it (print.css `.pn`), and the renderers may do more with it.

A name of one capitalised word needs no mark: the hyphenation policy of the PDF keeps
every capitalised word whole (dossier.render.hyphenation). Marking only the names with
lowercase words keeps the number of inline elements, and WeasyPrint's work, small.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from dossier.assemble import placement
from dossier.core import model as m
from dossier.load.textvalue import get

_TAXON = re.compile(r"^[A-Z][a-z]+(?: [a-z]+){1,2}$")
_SKIP = ("code", "name")


def source_names(data: dict[str, Any]) -> list[str]:
    """Names the sources give (every language), longest first, worth marking."""
    found: list[Any] = []
    prop = data.get("property") or {}
    found += [prop.get("name"), prop.get("short_name"), prop.get("region")]
    found += [sp.get("name") for sp in prop.get("states_parties") or [] if isinstance(sp, dict)]
    found.append(get(data, ("identification", "country")))
    found += [
        c.get("name")
        for c in get(data, ("identification", "components")) or []
        if isinstance(c, dict)
    ]
    for c in get(data, ("justification", "comparative_analysis", "comparators")) or []:
        if isinstance(c, dict):
            found.append(c.get("name"))
            found += str(c.get("state_party") or "").split(",")
    found += [
        d.get("name")
        for d in get(data, ("protection", "designations")) or []
        if isinstance(d, dict)
    ]
    for key in ("preparer", "agency"):
        contact = get(data, ("contacts", key))
        if isinstance(contact, dict):
            found.append(contact.get("institution"))
    names: set[str] = set()
    for value in found:
        for text in value.values() if isinstance(value, dict) else [value]:
            if isinstance(text, str) and _worth_marking(text.strip()):
                names.add(text.strip())
    return sorted(names, key=len, reverse=True)


def _worth_marking(name: str) -> bool:
    """A name with a word of 8 letters or more that is not capitalised (which the PDF
    could hyphenate); capitalised words are never hyphenated anyway."""
    return any(len(w) >= 8 and not w[:1].isupper() for w in re.findall(r"[^\W\d_]+", name))


def mark_names(doc: m.Document, names: Iterable[str]) -> None:
    """Wrap every occurrence of `names`, and every italic taxon, in Styled('name')."""
    wanted = list(names)
    pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in wanted) + r")(?!\w)")
        if wanted
        else None
    )

    def inlines(nodes: tuple[m.Inline, ...]) -> tuple[m.Inline, ...]:
        out: list[m.Inline] = []
        for node in nodes:
            if isinstance(node, m.Text) and pattern is not None:
                out.extend(_split(node.text, pattern))
            elif isinstance(node, m.Styled) and node.style not in _SKIP:
                if node.style == "i" and _TAXON.match(m.plain_text(node.children)):
                    out.append(m.Styled("name", (node,)))
                else:
                    out.append(replace(node, children=inlines(node.children)))
            else:
                out.append(node)  # links, citations, references, code: as they are
        return tuple(out)

    def block(b: m.Block) -> m.Block:
        if isinstance(b, m.Para | m.Heading):
            return replace(b, inlines=inlines(b.inlines))
        if isinstance(b, m.Table):
            rows = tuple(tuple(replace(c, inlines=inlines(c.inlines)) for c in r) for r in b.rows)
            return replace(b, rows=rows, caption=inlines(b.caption))
        if isinstance(b, m.Figure):
            return replace(b, caption=inlines(b.caption))
        return b

    for sec in doc.all_sections():
        sec.blocks = [placement.map_nested(b, block) for b in sec.blocks]
    doc.footnotes = [
        replace(f, blocks=tuple(placement.map_nested(b, block) for b in f.blocks))
        for f in doc.footnotes
    ]
    doc.figures = [f for s in doc.all_sections() for f in _figures(s.blocks)]
    doc.tables = [t for s in doc.all_sections() for t in _tables(s.blocks) if t.number]


def _split(text: str, pattern: re.Pattern[str]) -> list[m.Inline]:
    out: list[m.Inline] = []
    pos = 0
    for match in pattern.finditer(text):
        if match.start() > pos:
            out.append(m.Text(text[pos : match.start()]))
        out.append(m.Styled("name", (m.Text(match.group(0)),)))
        pos = match.end()
    if pos < len(text):
        out.append(m.Text(text[pos:]))
    return out or [m.Text(text)]


def _figures(blocks: Iterable[m.Block]) -> list[m.Figure]:
    return [b for b in m.walk_blocks(blocks) if isinstance(b, m.Figure)]


def _tables(blocks: Iterable[m.Block]) -> list[m.Table]:
    return [b for b in m.walk_blocks(blocks) if isinstance(b, m.Table)]
