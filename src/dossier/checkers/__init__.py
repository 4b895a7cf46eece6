"""Checkers registered with dossier.checks; importing this package registers them all."""

from dossier.checkers import prose_refs  # noqa: F401

# UNESCO rules (catalogue: dossier.rulebook); each module registers its rules on import.
from dossier.checkers import (  # noqa: F401
    admin,
    documentation,
    identification,
    justification,
    management,
    sections,
)
