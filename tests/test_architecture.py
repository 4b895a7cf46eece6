"""The layout of src/dossier (docs/design.md): no import cycles, a small top level, and
explicit lists of rules and builders that match what they must cover.

The layer contracts themselves are checked by `lint-imports` (pyproject.toml), run by
`make lint`.
"""

from __future__ import annotations

import pkgutil
from pathlib import Path

import grimp
import pytest

import dossier
from dossier.assemble import builders
from dossier.formats import fills
from dossier.validate import registry, rules

SRC = Path(dossier.__file__).resolve().parent


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), plus self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph.find_modules_directly_imported_by(module)):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_the_import_graph_has_no_cycle() -> None:
    graph = grimp.build_graph("dossier")
    assert len(graph.modules) > 50
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.build_graph("dossier")
    graph.add_import(importer="dossier.core.diagnostics", imported="dossier.api")
    (cycle,) = _cycles(graph)
    assert "dossier.api" in cycle and "dossier.core.diagnostics" in cycle


def test_the_top_level_is_small() -> None:
    modules = sorted(p.name for p in SRC.glob("*.py"))
    assert modules == ["__init__.py", "__main__.py", "api.py", "cli.py"]


def _submodules(package: object) -> set[str]:
    path = getattr(package, "__path__", [])
    return {m.name for m in pkgutil.iter_modules(path)}


def test_every_rule_module_is_listed() -> None:
    listed = {m.__name__.rsplit(".", 1)[1] for m in rules.RULE_MODULES}
    assert listed == _submodules(rules)
    assert len(registry.all_checks()) == len({c.name for c in registry.all_checks()})


def test_every_builder_module_is_listed_and_declared() -> None:
    listed = {m.__name__.rsplit(".", 1)[1] for m in builders.BUILDER_MODULES}
    assert listed == _submodules(builders)
    assert set(builders.all_builders()) == set(fills.declared())


def test_a_builder_without_declaration_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    declared = dict(fills.declared())
    del declared["souv"]
    monkeypatch.setattr(fills, "declared", lambda: declared)
    builders.all_builders.cache_clear()
    try:
        with pytest.raises(builders.BuilderMismatch, match="souv"):
            builders.all_builders()
    finally:
        builders.all_builders.cache_clear()
