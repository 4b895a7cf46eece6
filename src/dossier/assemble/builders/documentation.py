"""Chapter 7, documentation: images, documents, archives, bibliography."""

from __future__ import annotations

from typing import Any

from dossier.assemble.base import Assembler, Builder, cell
from dossier.assemble.builders.contacts import contact_blocks
from dossier.core import model as m
from dossier.load.textvalue import get


def images(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    imgs = [i for i in get(a.data, ("documentation", "images")) or [] if isinstance(i, dict)]
    if not imgs:
        return []
    rows = []
    for n, i in enumerate(imgs, start=1):
        date = str(i.get("date") or "")
        if len(date) == 7:
            date = f"{date[5:7]}/{date[0:4]}"
        # The inventory numbers its images and names the figure that prints each one;
        # the ids of the sources are for authors, not readers.
        ident = str(i.get("id"))
        figure: tuple[m.Inline, ...] = (m.LineBreak(), m.XRef("fig", f"fig-{ident}"))
        rows.append(
            [
                m.Cell((m.Text(str(n)), *figure)),
                cell(L.get(f"image_format_{i.get('format')}", str(i.get("format") or ""))),
                a.rcell(i.get("caption")),
                cell(date),
                a.rcell(i.get("author")),
                a.rcell(i.get("copyright_owner")),
                a.rcell(i.get("owner_contact")),
                cell(L["yes"] if i.get("cession") else L["no"]),
            ]
        )
    caption = a.L["caption_images"]
    return [
        a.table(
            "images",
            caption,
            [
                L["id_no"],
                L["image_format"],
                L["caption"],
                L["date_photo"],
                L["photographer"],
                L["copyright_owner"],
                L["owner_contact"],
                L["cession"],
            ],
            rows,
            widths=(0.8, 0.9, 2.0, 0.9, 1.3, 1.3, 1.2, 1.0),
        )
    ]


def documents(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    docs = [d for d in get(a.data, ("documentation", "documents")) or [] if isinstance(d, dict)]
    if not docs:
        return []
    rows = [
        [
            cell(str(n)),
            a.rcell(d.get("title")),
            cell(str(d.get("kind") or "").replace("-", " ")),
            cell(a.language_name(d.get("language")) if d.get("language") else ""),
            a.rcell(d.get("note")),
        ]
        for n, d in enumerate(docs, start=1)
    ]
    caption = a.L["caption_documents"]
    return [
        a.table(
            "documents",
            caption,
            [L["id_no"], L["document_title"], L["document_kind"], L["language"], L["note"]],
            rows,
            widths=(0.8, 3.0, 1.2, 0.8, 2.0),
        )
    ]


def archives(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    for i, c in enumerate(get(a.data, ("documentation", "archives")) or []):
        if isinstance(c, dict):
            out.extend(contact_blocks(a, c, f"archives.{i}"))
    return out


def bibliography(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    # Filled after citations are formatted (they decide the entries); see render templates.
    return [m.Notice("bibliography", "")] if a.data.get("bibliography") else []


BUILDERS: dict[str, Builder] = {
    "table:images": images,
    "table:documents": documents,
    "archives": archives,
    "bibliography": bibliography,
}
