"""What the rule tests share: a Case (a mutation, the rule, where it must report) and
small mutation helpers for the complete minimal dossier of conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .conftest import Dossier


@dataclass(frozen=True)
class Case:
    rule: str
    mutate: Callable[[Dossier], None]
    # (part key or "dossier", regex, nth match) of each expected finding.
    where: list[tuple[str, str, int]]
    stage: str = "draft"
    docs: tuple[str, ...] = ("nomination",)
    name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def setter(
    part: str, *path: str | int, value: Any = None, delete: bool = False
) -> Callable[[Dossier], None]:
    def mutate(d: Dossier) -> None:
        with d.edit(part) as data:
            node = data
            for step in path[:-1]:
                node = node[step]
            if delete:
                del node[path[-1]]
            else:
                node[path[-1]] = value

    return mutate


def chain(*steps: Callable[[Dossier], None]) -> Callable[[Dossier], None]:
    def mutate(d: Dossier) -> None:
        for step in steps:
            step(d)

    return mutate


def serial(d: Dossier) -> None:
    d.make_serial()
