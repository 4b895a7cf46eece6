"""Citations and the 7.e bibliography: bridge between prose clusters and bib formatting."""

from __future__ import annotations

from typing import Any

from dossier.core import model as m
from dossier.load.sources import Sources


def format_all(
    src: Sources, clusters: list[dict[str, Any]], lang: str
) -> tuple[list[tuple[m.Inline, ...]], list[m.BibEntry]]:
    """Formatted text of every cluster (by index) and the bibliography entries."""
    try:
        from dossier.bib import render as bibrender
    except ImportError:  # bibliography support not installed yet: show the keys
        return [
            (m.Text("(" + "; ".join(i["key"] for i in c.get("items", [])) + ")"),) for c in clusters
        ], []
    return bibrender.format_document(src, clusters, lang)
