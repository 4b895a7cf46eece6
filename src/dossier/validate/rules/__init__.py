"""Checkers registered with dossier.checks; importing this package registers them all."""

# Each module registers its checkers on import. The UNESCO rules (admin ... sections)
# are catalogued in dossier.rulebook.
from dossier.validate.rules import (  # noqa: F401
    admin,
    citations,
    documentation,
    geo,
    identification,
    justification,
    management,
    prose_refs,
    sections,
)
