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


def criterion(numeral: str, **extra: Any) -> Callable[[Dossier], None]:
    """Claim ``numeral`` too, justified, with its Statement of OUV paragraph."""

    def mutate(d: Dossier) -> None:
        with d.edit("justification") as j:
            j["criteria"].append(
                {
                    "criterion": numeral,
                    "justification": "A further value.",
                    "attributes": ["ramparts"],
                    **extra,
                }
            )
            j["souv"]["criteria"][numeral] = "A further value."

    return mutate
