"""Find the diagnostic ids the source code can emit, without running it.

Two readings of every module under src/dossier:

* **calls**: every call of a function or class whose parameter is the rule id
  (``Diagnostic(rule, ...)``, ``diag(rule, ...)``, ``problem(rule, ...)``, ``@rule(rule_id)``,
  ``Refused(rule, ...)``...). The argument must be a whole string literal (or a choice
  between literals); an id built at run time (an f-string, a concatenation) cannot be
  checked against the catalogue and is reported as such.
* **mentions**: every other string literal shaped like an id of a known family
  (``"geo.coordinates"`` in a tuple that becomes a Diagnostic later, ``"file.encoding"`` as a
  dataclass default), except the few literals below that only look like ids.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dossier.core import catalogue
from dossier.core.diagnostics import Diagnostic

CATALOGUE = "templates/rules/catalogue.yaml"
_FAMILY_GROUP = (
    "sources (dossier.no-manifest, yaml, file, path, schema, ref, suppress), "
    "prose (prose, images.unknown-section), bibliography (bib), geometry (geo), "
    "translation (i18n), "
    "build (render, output), or unesco (a UNESCO rule, which also needs its @rule function)"
)
HOW_TO_ADD = (
    f"Add each missing id to {CATALOGUE}, in its group: {_FAMILY_GROUP}. An entry is\n"
    "  - id: family.name\n"
    "    severity: error        # error | warning | note | checklist | staged | submission\n"
    "    title: One line a heritage specialist understands\n"
    "    source: OG para. N / Annex 5, 1.e / RFC 7946, 3.1 / project guidance\n"
    "(the comment at the top of the file explains every field)."
)


SRC = Path(__file__).resolve().parents[1] / "src" / "dossier"

ID_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+")
# A finding printed as text without a Diagnostic: "error[output.not-ours]: ...".
PRINTED_RE = re.compile(r"\b(?:error|warning|note|checklist)\[([^\]\s]+)\]")
# Parameters that carry a rule id.
RULE_PARAMS = frozenset({"rule", "rule_id", "missing_rule"})
# String literals that look like ids of a known family but are not diagnostics: file
# names, module names, memo keys, label keys. Add a literal here only if it is not an id.
NOT_IDS = frozenset(
    {
        "dossier.geo",  # a package name
        "rules.text",  # a memo key
        "bib.bibliography",  # a memo key
        "contacts.agency",  # a label key of the Executive Summary
        "contacts.agencies",  # a dotted source path (the agencies of a transnational dossier)
        "nomination.changes",  # a dotted source path (what an extension changes)
    }
)
_FILE_SUFFIXES = (
    ".yaml",
    ".yml",
    ".json",
    ".geojson",
    ".py",
    ".css",
    ".docx",
    ".pdf",
    ".html",
    ".conf",
    ".dtd",
    ".kml",
    ".md",
    ".txt",
    ".exe",
    ".csl",
    ".svg",
    ".png",
    ".shp",
)


@dataclass(frozen=True)
class Site:
    """Where an id (or an unreadable id) occurs: file relative to the repository, line."""

    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text}"


@dataclass(frozen=True)
class Scan:
    emitted: dict[str, list[Site]]  # literal ids passed as the rule of a call
    mentioned: dict[str, list[Site]]  # other id-shaped literals of a known family
    dynamic: list[Site]  # rule ids built at run time

    def all_ids(self) -> dict[str, list[Site]]:
        out: dict[str, list[Site]] = {}
        for table in (self.emitted, self.mentioned):
            for rule_id, sites in table.items():
                out.setdefault(rule_id, []).extend(sites)
        return out


def _modules() -> dict[str, tuple[str, ast.Module]]:
    """Dotted module name -> (file relative to the repository, syntax tree)."""
    root = SRC.parents[1]
    out: dict[str, tuple[str, ast.Module]] = {}
    for p in sorted(SRC.rglob("*.py")):
        parts = p.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = (p.relative_to(root).as_posix(), ast.parse(p.read_text("utf-8"), str(p)))
    return out


def _rule_param(params: list[str]) -> tuple[int, str] | None:
    hit = next((i for i, p in enumerate(params) if p in RULE_PARAMS), None)
    return None if hit is None else (hit, params[hit])


def _definitions(tree: ast.Module) -> dict[str, tuple[int, str]]:
    """Functions, methods and classes of one module that take a rule id: name -> param."""
    out: dict[str, tuple[int, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "__init__":
            params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            if params and params[0] in ("self", "cls"):
                params = params[1:]
            found = _rule_param(params)
            kwonly = [a.arg for a in node.args.kwonlyargs if a.arg in RULE_PARAMS]
            if found is not None:
                out[node.name] = found
            elif kwonly:
                out[node.name] = (-1, kwonly[0])
        elif isinstance(node, ast.ClassDef):
            init = next(
                (b for b in node.body if isinstance(b, ast.FunctionDef) and b.name == "__init__"),
                None,
            )
            if init is not None:
                params = [a.arg for a in init.args.args][1:]
            else:  # a dataclass: its fields in order
                params = [
                    b.target.id
                    for b in node.body
                    if isinstance(b, ast.AnnAssign) and isinstance(b.target, ast.Name)
                ]
            found = _rule_param(params)
            if found is not None:
                out[node.name] = found
    return out


def _resolver(
    module: str, tree: ast.Module, defs: dict[str, dict[str, tuple[int, str]]]
) -> dict[str, tuple[int, str]]:
    """Callee as written in this module ("diag", "rulebook.get", "self._problem") -> param."""
    out = {name: p for name, p in defs.get(module, {}).items()}
    out.update({f"self.{name}": p for name, p in defs.get(module, {}).items()})
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            for alias in node.names:
                local = alias.asname or alias.name
                if alias.name in defs.get(base, {}):
                    out[local] = defs[base][alias.name]
                sub = f"{base}.{alias.name}"
                for name, p in defs.get(sub, {}).items():
                    out[f"{local}.{name}"] = p
        elif isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name
                for name, p in defs.get(alias.name, {}).items():
                    out[f"{local}.{name}"] = p
    return out


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
        return f"{call.func.value.id}.{call.func.attr}"
    return None


def _literals(expr: ast.expr) -> tuple[list[str], bool]:
    """(string literals the expression can be, whether part of it is built at run time)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value], False
    if isinstance(expr, ast.IfExp):
        a, da = _literals(expr.body)
        b, db = _literals(expr.orelse)
        return a + b, da or db
    if isinstance(expr, ast.JoinedStr | ast.BinOp):
        return [], True
    return [], False  # a variable: its value is a literal elsewhere (a mention)


def _family(rule_id: str) -> str:
    return rule_id.split(".", 1)[0]


@cache
def scan(families: frozenset[str]) -> Scan:
    """Scan src/dossier; ``families`` are the id prefixes whose mentions count."""
    modules = _modules()
    defs = {name: _definitions(tree) for name, (_, tree) in modules.items()}
    emitted: dict[str, list[Site]] = {}
    mentioned: dict[str, list[Site]] = {}
    dynamic: list[Site] = []
    for module, (rel, tree) in modules.items():
        emitters = _resolver(module, tree, defs)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _callee(node)
            if name is None or name not in emitters:
                continue
            pos, pname = emitters[name]
            arg: ast.expr | None = None
            if 0 <= pos < len(node.args) and not any(
                isinstance(a, ast.Starred) for a in node.args[: pos + 1]
            ):
                arg = node.args[pos]
            for kw in node.keywords:
                if kw.arg == pname:
                    arg = kw.value
            if arg is None:
                continue
            values, is_dynamic = _literals(arg)
            if is_dynamic:
                dynamic.append(Site(rel, node.lineno, ast.unparse(arg)))
            for value in values:
                emitted.setdefault(value, []).append(Site(rel, node.lineno, value))
        for node in ast.walk(tree):
            # rule = "..." / rule = f"..." (a variable later passed as the rule id)
            targets: list[ast.expr] = []
            value: ast.expr | None = None
            if isinstance(node, ast.Assign):
                targets, value = list(node.targets), node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            if value is not None and any(
                isinstance(t, ast.Name) and t.id in RULE_PARAMS for t in targets
            ):
                values, is_dynamic = _literals(value)
                if is_dynamic:
                    dynamic.append(Site(rel, node.lineno, ast.unparse(value)))
                for v in values:
                    emitted.setdefault(v, []).append(Site(rel, node.lineno, v))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            for m in PRINTED_RE.finditer(node.value):
                emitted.setdefault(m.group(1), []).append(Site(rel, node.lineno, m.group(1)))
            if (
                ID_RE.fullmatch(node.value)
                and _family(node.value) in families
                and node.value not in NOT_IDS
                and not node.value.endswith(_FILE_SUFFIXES)
            ):
                mentioned.setdefault(node.value, []).append(Site(rel, node.lineno, node.value))
    return Scan(emitted, mentioned, dynamic)


def assert_catalogued(diags: list[Diagnostic], stage: str, where: str) -> None:
    """Each finding's id is catalogued, with the severity the catalogue gives at ``stage``."""
    for d in diags:
        assert catalogue.known(d.rule), f"{where}: {d.rule} is not in {CATALOGUE}.\n{HOW_TO_ADD}"
        meta = catalogue.get(d.rule)
        if not meta.varies:
            assert d.severity is meta.severity(stage), (
                f"{where}: {d.rule} is reported as {d.severity.value} at {stage}, but "
                f"{CATALOGUE} says {meta.severity_label()}"
            )
