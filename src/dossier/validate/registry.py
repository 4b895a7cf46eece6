"""The checks `dossier check` runs after the schema and reference checks.

They are collected from the modules listed, in order, in
``dossier.validate.rules.RULE_MODULES``; nothing registers itself on import.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from dossier.core.diagnostics import Diagnostic
from dossier.validate.rulekit import Check, CheckContext, RuleFn

if TYPE_CHECKING:
    from dossier.core.ids import Doc, Stage
    from dossier.load.sources import Sources


def checks_of(modules: tuple[ModuleType, ...]) -> tuple[Check, ...]:
    """The Checks the modules define, in module order then definition order."""
    out: list[Check] = []
    seen: set[str] = set()
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, Check):
                if value.name in seen:
                    raise ValueError(f"check {value.name} defined twice")
                seen.add(value.name)
                out.append(value)
    return tuple(out)


@cache
def all_checks() -> tuple[Check, ...]:
    """Every check of `dossier check` (the rule modules are imported on first use)."""
    from dossier.validate.rules import RULE_MODULES

    return checks_of(RULE_MODULES)


def implemented_rules() -> dict[str, RuleFn]:
    """Rule id -> the rule function, for tests and for `dossier rules`."""
    return {c.name: c.rule_fn for c in all_checks() if c.rule_fn is not None}


def run_all(
    src: Sources, *, docs: tuple[Doc, ...], stage: Stage, structural_ok: bool
) -> list[Diagnostic]:
    ctx = CheckContext(src, docs, stage)
    out: list[Diagnostic] = []
    for c in all_checks():
        if c.needs_valid and not structural_ok:
            continue
        out.extend(c(ctx))
    return out
