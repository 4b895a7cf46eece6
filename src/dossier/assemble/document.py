"""Validated sources + a format profile -> the document model (the assemble stage's entry)."""

from __future__ import annotations

from dossier.assemble.base import Assembler
from dossier.assemble.builders import all_builders
from dossier.core import model as m
from dossier.formats import profiles
from dossier.load import nomination
from dossier.load.sources import Sources


def build_document(src: Sources, doc: str, lang: str = "en") -> m.Document:
    override = (src.data.get("formats") or {}).get(doc)
    several = nomination.several_states_parties(src.data)
    profile = profiles.profile_for(doc, override, several_states_parties=several)
    return Assembler(src, doc, lang, profile, all_builders()).build()
