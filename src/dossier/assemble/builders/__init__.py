"""The content builders that format profiles name in `fill:` (see docs/formats.md).

A profile chooses which builders fill which official section and in what order. Each
chapter module lists its builders in a BUILDERS mapping; BUILDER_MODULES below is the
explicit list they are collected from. What each builder reads is declared once, in
templates/formats/fills.yaml; `all_builders()` refuses a builder without a declaration
and a declaration without a builder.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from dossier.assemble.base import Builder
from dossier.assemble.builders import (
    conservation,
    contacts,
    documentation,
    identification,
    justification,
    nomination,
    protection,
    summary,
)
from dossier.formats import fills

BUILDER_MODULES: tuple[ModuleType, ...] = (
    summary,
    nomination,
    identification,
    justification,
    conservation,
    protection,
    documentation,
    contacts,
)


class BuilderMismatch(Exception):
    """The builders and templates/formats/fills.yaml do not name the same fill items."""


@cache
def all_builders() -> dict[str, Builder]:
    """Fill item -> its builder, checked against the declarations of fills.yaml."""
    out: dict[str, Builder] = {}
    for module in BUILDER_MODULES:
        found: dict[str, Builder] = module.BUILDERS
        for key, fn in found.items():
            if key in out:
                raise BuilderMismatch(f"fill item {key!r} has two builders")
            out[key] = fn
    declared = set(fills.declared())
    if set(out) != declared:
        raise BuilderMismatch(
            "builders without a declaration in fills.yaml: "
            f"{sorted(set(out) - declared)}; declarations without a builder: "
            f"{sorted(declared - set(out))}"
        )
    return out
