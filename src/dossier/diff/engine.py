"""compare(old, new): every change between two loaded drafts, grouped by section."""

from __future__ import annotations

import re
from typing import Any

from dossier.diff import biblio, data, geometry, prose, sections, translation
from dossier.diff.report import Change, DiffReport, Where, group
from dossier.diff.sides import Side
from dossier.load.sources import Sources


def _component_ids(src: Sources) -> list[str]:
    ident = src.data.get("identification")
    comps = ident.get("components") if isinstance(ident, dict) else None
    return [
        str(c["id"])
        for c in (comps if isinstance(comps, list) else [])
        if isinstance(c, dict) and isinstance(c.get("id"), str | int)
    ]


def _paragraphs(src: Sources, fields: list[data.ProseField]) -> list[prose.Paragraph]:
    out: list[prose.Paragraph] = []
    for f in fields:
        value = f.value
        if isinstance(value, dict):
            text, _ = src.read_prose(value["file"], (*f.path, "file"))
            resolved = src.resolve(value["file"], (*f.path, "file"))[0]
            file = (
                resolved.relative_to(src.root.resolve()).as_posix() if resolved else value["file"]
            )
            out.extend(prose.paragraphs(f.name, text or "", file, 1))
        else:
            loc = src.locate(f.path)
            line = (loc.line or 0) + (1 if _block_scalar(src, loc.file, loc.line) else 0)
            out.extend(prose.paragraphs(f.name, str(value), loc.file, line))
    return out


_BLOCK = re.compile(r"[|>][0-9+-]*\s*(#.*)?$")


def _block_scalar(src: Sources, file: str, line: int | None) -> bool:
    """Whether the YAML value starting on ``line`` is a block scalar (| or >), whose text
    starts on the next line."""
    if not line:
        return False
    try:
        lines = (src.root / file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    return 0 < line <= len(lines) and bool(_BLOCK.search(lines[line - 1]))


def _prose_changes(
    w: data.Walk, old: list[prose.Paragraph], new: list[prose.Paragraph]
) -> list[Change]:
    keys = {f.name: f.keys for f in [*w.prose_old, *w.prose_new]}
    order = {name: n for n, name in enumerate(dict.fromkeys(f.name for f in w.prose_new))}

    def where(p: prose.Paragraph) -> Where:
        return Where(p.field, p.file, p.line, w.smap.of(keys.get(p.field, ())).key)

    def sort_key(c: prose.ProseChange) -> tuple[int, int]:
        p = c.new or c.old
        assert p is not None
        return order.get(p.field, len(order)), p.index

    out: list[Change] = []
    for c in sorted(prose.compare(old, new), key=sort_key):
        a, b = c.old, c.new
        wa = where(a) if a else None
        wb = where(b) if b else None
        cites: dict[str, Any] = {}
        if a and b:
            added = sorted(prose.citations(b.text) - prose.citations(a.text))
            removed = sorted(prose.citations(a.text) - prose.citations(b.text))
            if added:
                cites["citations_added"] = added
            if removed:
                cites["citations_removed"] = removed
        if c.op == "moved" and a and b and wa and wb:
            sec = w.smap.by_key(wa.section)
            origin = f"{sec.number or sec.title}, " if wa.section != wb.section else ""
            edited = " and edited" if c.pieces else ""
            summary = f"paragraph moved{edited} from {origin}{wa.at()}"
        elif c.op == "changed":
            summary = "paragraph changed"
        else:
            summary = f"paragraph {c.op}"
        if cites.get("citations_added"):
            summary += "; citation added: " + ", ".join("@" + k for k in cites["citations_added"])
        if cites.get("citations_removed"):
            summary += "; citation removed: " + ", ".join(
                "@" + k for k in cites["citations_removed"]
            )
        out.append(
            Change(
                "prose",
                c.op,
                "paragraph",
                summary,
                wb,
                wa,
                a.text if a else None,
                b.text if b else None,
                cites,
                c.pieces,
            )
        )
    return out


def compare(old: Side, new: Side, doc: str = "nomination", lang: str | None = None) -> DiffReport:
    """Every change from ``old`` to ``new`` (both usable sides); with ``lang``, also what
    changed in that edition's translation."""
    from dossier.geo.analysis import geo_summary

    smap = sections.for_dossier(new.src.data, doc)
    geo_old, geo_new = geo_summary(old.src)[0], geo_summary(new.src)[0]
    pairs = geometry.pair_components(
        _component_ids(old.src),
        _component_ids(new.src),
        geo_old.component_geometries if geo_old is not None else {},
        geo_new.component_geometries if geo_new is not None else {},
    )
    w = data.Walk(old.src, new.src, smap, pairs)
    data.compare(w)
    changes = list(w.changes)
    files = (_boundary_file(old.src), _boundary_file(new.src))
    changes += geometry.compare(geo_old, geo_new, pairs, smap, files)
    changes += biblio.compare(old.src, new.src, smap.of(("bibliography",)).key)
    changes += _prose_changes(
        w, _paragraphs(old.src, w.prose_old), _paragraphs(new.src, w.prose_new)
    )
    if lang is not None:
        changes += translation.compare(old.src, new.src, lang, smap)
    return DiffReport(old.describe(), new.describe(), group(changes, list(smap.sections)))


def _boundary_file(src: Sources) -> str:
    ident = src.data.get("identification")
    bnd = ident.get("boundaries") if isinstance(ident, dict) else None
    value = bnd.get("property") if isinstance(bnd, dict) else None
    return value if isinstance(value, str) else ""
