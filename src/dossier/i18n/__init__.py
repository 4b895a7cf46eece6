"""Translated editions: passages of the sources as PO catalogue units, and back.

`fields` finds the translatable values, `segment` cuts Markdown into passages and puts
translations back, `markup` protects citations and references as placeholders, `po`
reads, merges and writes the catalogues (DIR/i18n/LANG.po), `edition` decides what each
passage prints in a language, `coverage` counts per official section. See
docs/translation.md.
"""
