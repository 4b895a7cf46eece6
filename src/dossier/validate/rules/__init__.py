"""The checks of `dossier check` after schema and references, one module per topic.

RULE_MODULES is the explicit list the registry (dossier.validate.registry) runs, in this
order. A rule module may import dossier.validate.rulekit and the lower layers, never
another rule module. The UNESCO rules are catalogued in dossier.validate.rulebook.
"""

from __future__ import annotations

from types import ModuleType

from dossier.validate.rules import (
    admin,
    citations,
    content,
    documentation,
    geo,
    identification,
    justification,
    management,
    nomination,
    placeholders,
    prose_refs,
    sections,
    wording,
)

RULE_MODULES: tuple[ModuleType, ...] = (
    admin,
    nomination,
    prose_refs,
    content,
    citations,
    documentation,
    geo,
    identification,
    justification,
    management,
    sections,
    wording,
    placeholders,
)
