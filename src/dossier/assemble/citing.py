"""Citations and the 7.e bibliography: bridge between prose clusters and bib formatting."""

from __future__ import annotations

from typing import Any

from dossier.core import model as m
from dossier.load.sources import Sources


def format_all(
    src: Sources, clusters: list[dict[str, Any]], lang: str
) -> tuple[list[tuple[m.Inline, ...]], list[m.BibEntry]]:
    """Formatted text of every cluster (by index) and the bibliography entries.

    citeproc-py is a mandatory dependency: if it cannot be imported, the build fails
    (exit 3) rather than printing raw keys and an empty bibliography.
    """
    from dossier.bib import render as bibrender

    return bibrender.format_document(src, clusters, lang)
