"""The registry of checkers run by `dossier check` after schema and reference checks.

Each checker is a function (CheckContext) -> list[Diagnostic]. Checkers that need
well-formed data only run when the schema and reference checks found no error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dossier.core.diagnostics import Diagnostic

if TYPE_CHECKING:
    from dossier.api import Doc, Stage
    from dossier.load.sources import Sources


@dataclass(frozen=True)
class CheckContext:
    src: Sources
    docs: tuple[Doc, ...]
    stage: Stage


Checker = Callable[[CheckContext], list[Diagnostic]]

# (name, checker, needs a structurally valid dossier)
CHECKERS: list[tuple[str, Checker, bool]] = []


def register(name: str, *, needs_valid: bool = True) -> Callable[[Checker], Checker]:
    def deco(fn: Checker) -> Checker:
        CHECKERS.append((name, fn, needs_valid))
        return fn

    return deco


def _load_checkers() -> None:
    # Import for their @register side effect; each module is cheap to import.
    import dossier.validate.rules  # noqa: F401


def run_all(
    src: Sources, *, docs: tuple[Doc, ...], stage: Stage, structural_ok: bool
) -> list[Diagnostic]:
    _load_checkers()
    ctx = CheckContext(src, docs, stage)
    out: list[Diagnostic] = []
    for _name, fn, needs_valid in CHECKERS:
        if needs_valid and not structural_ok:
            continue
        out.extend(fn(ctx))
    return out
