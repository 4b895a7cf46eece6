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
    for i in imgs:
        date = str(i.get("date") or "")
        if len(date) == 7:
            date = f"{date[5:7]}/{date[0:4]}"
        rows.append(
            [
                cell(str(i.get("id"))),
                cell(str(i.get("format") or "")),
                cell(str(i.get("caption") or "")),
                cell(date),
                cell(str(i.get("author") or "")),
                cell(str(i.get("copyright_owner") or "")),
                cell(str(i.get("owner_contact") or "")),
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
            widths=(0.7, 0.7, 2.4, 0.8, 1.2, 1.2, 1.3, 0.8),
        )
    ]


def documents(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    docs = [d for d in get(a.data, ("documentation", "documents")) or [] if isinstance(d, dict)]
    if not docs:
        return []
    rows = [
        [
            cell(str(d.get("id"))),
            cell(str(d.get("title"))),
            cell(str(d.get("kind") or "").replace("-", " ")),
            cell(str(d.get("language") or "")),
            cell(str(d.get("note") or "")),
        ]
        for d in docs
    ]
    caption = a.L["caption_documents"]
    return [
        a.table(
            "documents",
            caption,
            [L["id_no"], L["document_title"], L["document_kind"], L["language"], ""],
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
