"""Checkers registered with dossier.checks; importing this package registers them all."""

# Each module registers its checkers on import. The UNESCO rules (admin ... sections)
# are catalogued in dossier.rulebook.
from dossier.checkers import (  # noqa: F401
    admin,
    citations,
    documentation,
    geometry,
    identification,
    justification,
    management,
    prose_refs,
    sections,
)
