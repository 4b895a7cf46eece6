"""markdown-it-py plugins for dossier prose (pandoc-compatible Markdown extensions)."""

from dossier.mdext.citations import Ref, citations_plugin, scan_references
from dossier.mdext.citesyntax import CiteItem, Cluster

__all__ = ["CiteItem", "Cluster", "Ref", "citations_plugin", "scan_references"]
