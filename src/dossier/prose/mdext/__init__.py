"""markdown-it-py plugins for dossier prose (pandoc-compatible Markdown extensions).

Import the submodules directly (`dossier.prose.mdext.citations`, `...citesyntax`):
this package imports nothing itself, so that code needing only the key syntax does not
load markdown-it.
"""
