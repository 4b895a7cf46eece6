"""`dossier i18n extract`: the catalogue of a language, brought up to date with the sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dossier.core import paths
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.i18n import po
from dossier.i18n.coverage import section_note
from dossier.i18n.fields import collect, units
from dossier.load.sources import Sources


@dataclass
class Extracted:
    lang: str
    path: Path  # where the catalogue goes
    rel: str
    merged: po.Merged
    changed: bool  # False when the file already holds exactly this text


def extract(src: Sources, lang: str) -> tuple[Extracted | None, list[Diagnostic]]:
    """The merged catalogue of ``lang`` (not written); None with the reasons when the
    existing catalogue cannot be read or the place it goes is not inside the dossier."""
    rel = po.catalogue_path(lang)
    where = paths.resolve_inside(src.root, rel)
    if where.problem not in (None, "missing"):
        return None, [
            Diagnostic(
                "i18n.catalogue-unreadable",
                Severity.ERROR,
                f"{rel} cannot be written: it is not a file inside the dossier folder "
                f"({where.problem})",
                Location(rel),
                "Remove the link or folder of that name; the catalogue is an ordinary file.",
            )
        ]
    old, problems = po.read(src, lang)
    if problems:
        return None, problems
    fields = collect(src, lang)
    found = units(fields)
    notes_by_field: dict[str, str] = {}
    notes: dict[str, str] = {}
    for u in found:
        if u.field.ident not in notes_by_field:
            notes_by_field[u.field.ident] = section_note(src, u.field, lang)
        notes[u.id] = po.note(u, notes_by_field[u.field.ident])
    merged = po.merge(src, lang, fields, found, old, notes)
    target = src.root / rel
    try:
        changed = target.read_bytes() != merged.text.encode("utf-8")
    except OSError:
        changed = True
    return Extracted(lang, target, rel, merged, changed), []
