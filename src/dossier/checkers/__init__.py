"""Checkers registered with dossier.checks; importing this package registers them all."""

from dossier.checkers import prose_refs  # noqa: F401
