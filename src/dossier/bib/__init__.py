"""Bibliography: CSL sources, checks, BibTeX import and (lazily imported) formatting.

``dossier.bib.format`` loads citeproc; import it only where output is built, never on
``dossier check``'s path.
"""

from dossier.bib.checks import check, check_style
from dossier.bib.load import load_bibliography, load_for_dossier
from dossier.bib.model import Bibliography, CiteRef, Entry

__all__ = [
    "Bibliography",
    "CiteRef",
    "Entry",
    "check",
    "check_style",
    "load_bibliography",
    "load_for_dossier",
]
