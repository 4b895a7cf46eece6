"""Mutation testing of the modules whose mistakes users cannot see; prints a score per module.

    .venv/bin/python benchmarks/mutation.py [MODULE ...] [--show] [--fail-under 90]
    .venv/bin/python benchmarks/mutation.py --report   # the table of the last runs, no run

A complete run records its statuses in benchmarks/mutation-results/<module>.json (commit
it): --report scores them when build/mutation/ has no run of the module (a fresh clone).

Tool: mutmut 3 (the `mutation` extra). It forks one child per mutant from a process that
has imported the code and the tests once, and runs only the tests that reached the mutated
function while the selected tests ran unmutated. Each module below is run on its own with
the tests that are about it (TESTS), so a mutant counts as killed only by a test meant to
catch it, and each mutant's run takes a fraction of a second.

Each module runs in a fresh copy of the checkout under build/mutation/<module>/ (never in
the work tree). mutmut 3 leaves decorated functions alone; in that copy only, the rule
registry's decorators (``@rule("id")``, ``@check(...)``, which wrap the function in a
Check object and nothing else) are applied after the definition instead
(``f = rule("id")(f)``), so the rule bodies are mutated too. mutmut 3 mutates function
bodies, not module-level constants.

The rule modules were the slow ones: every `dossier check` a test runs reaches every rule,
so each of their mutants ran most of tests/rules (10-50 s a mutant on a busy 2-core
machine). For the modules in BY_RULE_ID, only the tests of TESTS[module] that name one of
the module's rule ids are selected (a Case or Edit of that rule, a reports/accepts marker,
a case folder whose expected.txt names it, an id parameter, or the id written in the test)
or that call a function imported from the module (unit tests of its helpers),
plus ALWAYS_RUN (the complete dossier reports nothing but checklist items: a mutant that
makes any rule fire where it must not is caught there).

A surviving mutant is either killed by a new test or listed, with the reason it cannot
change behaviour, in benchmarks/mutation-equivalent.txt. The score of a module is
killed / (mutants - listed equivalents); timeouts count as killed.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import inspect
import io
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutation"
EQUIVALENT = ROOT / "benchmarks" / "mutation-equivalent.txt"
# The statuses of each module's last complete run, committed so that --report shows the
# figures on a fresh clone (build/ is not committed); one file per module.
RESULTS = ROOT / "benchmarks" / "mutation-results"

# Module (under src/dossier) -> the tests about it (for BY_RULE_ID modules: the candidates).
RULES_TESTS = ["tests/rules", "tests/test_cases.py"]
TESTS: dict[str, list[str]] = {
    "geo/measure.py": [
        "tests/geo/test_dms_and_measures.py",
        "tests/geo/test_geo_measure.py",
        "tests/geo/test_geo_checks.py",
    ],
    "geo/crosscheck.py": [
        "tests/geo/test_geo_checks.py",
        "tests/geo/test_crosscheck_limits.py",
        "tests/geo/test_geo_measure.py",
        "tests/geo/test_dms_and_measures.py",
    ],
    # Not tests/test_cases.py: every case loads every part, so each mutant ran a dozen
    # `dossier check`s (several seconds); the refusals, their words and positions are
    # asserted one by one in the unit tests.
    "load/yamlload.py": [
        "tests/unit/test_yamlload_refusals.py",
        "tests/unit/test_yamlload.py",
        "tests/unit/test_yamlload_edges.py",
    ],
    "validate/suppress.py": [
        "tests/unit/test_suppress.py",
        "tests/rules/test_suppression_and_report.py",
    ],
    "validate/rules/admin.py": RULES_TESTS,
    "validate/rules/citations.py": RULES_TESTS,
    "validate/rules/documentation.py": RULES_TESTS,
    "validate/rules/geo.py": [*RULES_TESTS, "tests/geo/test_geo_checks.py"],
    "validate/rules/identification.py": RULES_TESTS,
    "validate/rules/justification.py": RULES_TESTS,
    "validate/rules/management.py": RULES_TESTS,
    "validate/rules/prose_refs.py": RULES_TESTS,
    "validate/rules/sections.py": RULES_TESTS,
    "validate/rules/content.py": [
        *RULES_TESTS,
        "tests/hostile/test_content.py",
        "tests/hostile/test_images.py",
    ],
    "validate/rules/nomination.py": RULES_TESTS,
    # Every rule test reaches this rule; the tests about its findings are enough.
    "validate/rules/placeholders.py": ["tests/unit/test_placeholder_findings.py"],
    "validate/rules/wording.py": RULES_TESTS,
    "core/output.py": [
        "tests/unit/test_output_writer.py",
        "tests/unit/test_output.py",
        "tests/hostile/test_outputs.py",
        "tests/hostile/test_signals.py::test_a_signal_while_staging_outputs_leaves_the_folder_as_it_was",
        "tests/hostile/test_signals.py::test_a_signal_between_renames_undoes_them",
    ],
    "core/cache.py": [
        "tests/unit/test_cache.py",
        "tests/hostile/test_cache.py",
        "tests/unit/test_output.py",
    ],
}
# Rule modules whose mutants run only the tests naming one of their rule ids: the ids written
# in the module, and those starting with these prefixes (ids that a @check of the module
# passes on from another package: dossier.bib, dossier.geo, the image checks).
BY_RULE_ID: dict[str, tuple[str, ...]] = {
    "validate/rules/admin.py": (),
    "validate/rules/citations.py": ("bib.",),
    "validate/rules/content.py": ("image.", "file."),
    "validate/rules/documentation.py": (),
    "validate/rules/geo.py": ("geo.", "todo.not-yet-written"),
    "validate/rules/identification.py": (),
    "validate/rules/justification.py": (),
    "validate/rules/management.py": (),
    "validate/rules/nomination.py": (),
    "validate/rules/prose_refs.py": (),
    "validate/rules/sections.py": (),
    "validate/rules/wording.py": (),
}
ALWAYS_RUN = ["tests/rules/test_rules.py::test_complete_dossier_reports_only_checklist_items"]
# Decorators that only wrap a function (no caching, no descriptor): safe to apply late.
LATE_DECORATORS = frozenset({"rule", "check"})
# What the copy needs besides src/ and tests/ (mutmut copies those two).
ALSO_COPY = ["templates/", "schemas/", "examples/"]
KILLED = frozenset({"killed", "timeout", "segfault"})


@dataclass
class Score:
    module: str
    status: dict[str, str] = field(default_factory=dict)  # mutant -> mutmut status
    seconds: float = 0.0

    def count(self, *states: str) -> int:
        return sum(1 for s in self.status.values() if s in states)


def load_equivalent() -> dict[str, str]:
    """Mutant name -> why it cannot change behaviour."""
    out: dict[str, str] = {}
    if not EQUIVALENT.exists():
        return out
    for raw in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{EQUIVALENT}: {name} has no reason")
        out[name] = reason.strip()
    return out


def apply_decorators_late(path: Path) -> int:
    """Rewrite ``@rule("x")\\ndef f`` as ``def f`` + ``f = rule("x")(f)``; return how many."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    tree = ast.parse(text)
    edits: list[tuple[int, int, int, str]] = []  # (first deco line, def line, end line, tail)
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.decorator_list:
            continue
        names = []
        for d in node.decorator_list:
            target = d.func if isinstance(d, ast.Call) else d
            names.append(target.id if isinstance(target, ast.Name) else "")
        if not all(n in LATE_DECORATORS for n in names):
            continue
        wrapped = node.name
        for d in reversed(node.decorator_list):
            wrapped = f"{ast.get_source_segment(text, d)}({wrapped})"
        first = min(d.lineno for d in node.decorator_list)
        def_line = node.lineno
        assert node.end_lineno is not None
        edits.append((first, def_line, node.end_lineno, f"{node.name} = {wrapped}\n"))
    for first, def_line, end, tail in reversed(edits):
        lines[end:end] = [tail]
        del lines[first - 1 : def_line - 1]
    path.write_text("".join(lines), encoding="utf-8")
    return len(edits)


def module_rule_ids(module: str, known: set[str]) -> set[str]:
    """The catalogue ids a rule module can report: written in it, or of its prefixes."""
    tree = ast.parse((ROOT / "src" / "dossier" / module).read_text(encoding="utf-8"))
    ids = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value in known}
    return ids | {i for i in known if i.startswith(BY_RULE_ID[module])}


def imported_names(test_file: Path, module: str) -> set[str]:
    """The names a test file imports from the rule module (its unit tests use them)."""
    dotted = "dossier." + module.removesuffix(".py").replace("/", ".")
    try:
        tree = ast.parse(test_file.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return set()
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == dotted
        for alias in node.names
    }


def uses_module(item: Any, module: str) -> bool:
    """True for a test that calls what it imports from the rule module."""
    names = imported_names(Path(str(item.fspath)), module)
    if not names or getattr(item, "function", None) is None:
        return False
    try:
        source = inspect.getsource(item.function)
    except (OSError, TypeError):
        return False
    return any(f"{name}(" in source for name in names)


def named_ids(item: Any, known: set[str]) -> set[str]:
    """The catalogue ids a collected test is about: its reports/accepts markers, its
    parameters (an id, a Case or Edit's rule, a case folder's expected.txt), else the ids
    written in the test function."""
    out: set[str] = set()
    for mark in item.iter_markers():
        if mark.name in ("reports", "accepts"):
            out |= {a for a in mark.args if isinstance(a, str)}
    spec = getattr(item, "callspec", None)
    for value in spec.params.values() if spec is not None else ():
        rule_id = getattr(value, "rule", value)
        if isinstance(rule_id, str) and rule_id in known:
            out.add(rule_id)
        if isinstance(value, Path) and (value / "expected.txt").is_file():
            text = (value / "expected.txt").read_text(encoding="utf-8")
            out |= {i for i in known if f"[{i}]" in text}
    if not out and getattr(item, "function", None) is not None:
        try:
            source = inspect.getsource(item.function)
        except (OSError, TypeError):
            source = ""
        out = {i for i in known if f'"{i}"' in source}
    return out


def select_by_rule_id(module: str) -> list[str]:
    """Node ids of the tests of TESTS[module] that name one of the module's rule ids, and
    ALWAYS_RUN; collected (not run) in this process."""
    import pytest

    from dossier.core import catalogue

    known = {r.id for r in catalogue.rules()}
    ids = module_rule_ids(module, known)
    found: dict[str, set[str]] = {}

    class Collector:
        def pytest_collection_modifyitems(self, items: list[Any]) -> None:
            for item in items:
                found[item.nodeid] = named_ids(item, known)
                if uses_module(item, module):
                    found[item.nodeid] |= ids

    args = ["--collect-only", "-q", "-p", "no:cacheprovider", f"--rootdir={ROOT}"]
    with contextlib.redirect_stdout(io.StringIO()):
        code = pytest.main([*args, *(str(ROOT / t) for t in TESTS[module])], plugins=[Collector()])
    if code != 0:
        sys.exit(f"collecting {TESTS[module]} failed (pytest exit {code})")
    chosen = [n for n, named in found.items() if named & ids or n in ALWAYS_RUN]
    missing = [n for n in ALWAYS_RUN if n not in found]
    if missing:
        sys.exit(f"ALWAYS_RUN tests not found: {missing}")
    print(f"  {module}: {len(chosen)} of {len(found)} tests name one of its {len(ids)} rule ids")
    return chosen


def prepare(module: str) -> Path:
    """A fresh copy of the checkout for one module, with mutmut's configuration."""
    work = WORK / module.replace("/", ".").removesuffix(".py")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for name in ("src", "tests", *[p.rstrip("/") for p in ALSO_COPY]):
        shutil.copytree(
            ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    target = Path("src/dossier") / module
    late = apply_decorators_late(work / target)
    configure(work, module)
    if late:
        print(f"  {module}: {late} decorated functions made mutable (decorator applied after)")
    return work


def configure(work: Path, module: str) -> None:
    """Write the copy's pyproject.toml: the project's, with mutmut's configuration."""
    target = Path("src/dossier") / module
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    config = {
        "source_paths": ["src/"],
        "only_mutate": [target.as_posix()],
        "also_copy": ALSO_COPY,
        "pytest_add_cli_args_test_selection": (
            select_by_rule_id(module) if module in BY_RULE_ID else TESTS[module]
        ),
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q"],
        "use_git_change_detection": False,
    }
    body = "\n".join(f"{k} = {json.dumps(v)}" for k, v in config.items())
    (work / "pyproject.toml").write_text(f"{pyproject}\n[tool.mutmut]\n{body}\n", encoding="utf-8")


def refresh(module: str, previous: dict[str, str]) -> tuple[Path, list[str]]:
    """The module's copy with the tests of the work tree, and the survivors of its last
    run (the mutants are kept; mutmut collects its test statistics again because the test
    selection changed, and forgets the other statuses: run() puts them back)."""
    work = WORK / module.replace("/", ".").removesuffix(".py")
    survivors = sorted(n for n, st in previous.items() if st not in KILLED)
    shutil.rmtree(work / "tests")
    shutil.copytree(
        ROOT / "tests", work / "tests", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    configure(work, module)
    print(f"  {module}: {len(survivors)} survivors of the last run run again")
    return work, survivors


def previous_status(module: str) -> dict[str, str]:
    """The statuses of the module's last run: build/'s, else (for mutants that a stopped
    or partial run left unchecked) the recorded ones."""
    status = last_result(module).status
    stored = stored_result(module)[0].status
    return {n: stored.get(n, st) if st == "not checked" else st for n, st in status.items()}


def keep_statuses(module: str, status: dict[str, str]) -> None:
    """Write ``status`` into mutmut's record of the module's copy (build/ stays whole)."""
    from mutmut.stats import status_by_exit_code

    code_of: dict[str, int | None] = {}
    for code, name in status_by_exit_code.items():
        code_of.setdefault(name, code)
    meta = _meta(module)
    data = json.loads(meta.read_text(encoding="utf-8"))
    data["exit_code_by_key"] = {n: code_of[st] for n, st in status.items()}
    meta.write_text(json.dumps(data, indent=4), encoding="utf-8")


def run(module: str, jobs: int, verbose: bool, again: bool = False) -> Score:
    survivors: list[str] = []
    previous: dict[str, str] = {}
    if again and _meta(module).exists():
        previous = previous_status(module)
        work, survivors = refresh(module, previous)
        if not survivors:
            return Score(module, previous)
    else:
        work = prepare(module)
    mutmut = Path(sys.executable).with_name("mutmut")
    # Temporary folders of the tests go under the copy: a test killed by mutmut's timeout
    # cannot leave anything behind elsewhere (the full-disk test mounts a small tmpfs).
    (work / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "DOSSIER_CACHE_DIR": str(work / "cache"), "TMPDIR": str(work / "tmp")}
    started = time.monotonic()
    log = work / "mutmut.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run(
            [str(mutmut), "run", "--max-children", str(jobs), *survivors],
            cwd=work,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    seconds = time.monotonic() - started
    unmount_below(work)
    meta = _meta(module)
    if proc.returncode != 0 or not meta.exists():
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        print(f"  {module}: mutmut failed (exit {proc.returncode}); end of {log}:\n{tail}")
        return Score(module, seconds=seconds)
    if verbose:
        print(log.read_text(encoding="utf-8", errors="replace")[-2000:])
    result = last_result(module, seconds)
    if previous:
        result.status = {**previous, **{n: result.status[n] for n in survivors}}
        keep_statuses(module, result.status)
    return result


def _meta(module: str) -> Path:
    work = WORK / module.replace("/", ".").removesuffix(".py")
    return work / "mutants" / "src" / "dossier" / (module + ".meta")


def last_result(module: str, seconds: float = 0.0) -> Score:
    """The statuses mutmut recorded in the module's copy (empty when never run)."""
    score = Score(module, seconds=seconds)
    meta = _meta(module)
    if meta.exists():
        from mutmut.stats import status_by_exit_code  # only a run needs mutmut, not --report

        data = json.loads(meta.read_text(encoding="utf-8"))
        for name, code in data["exit_code_by_key"].items():
            score.status[name] = status_by_exit_code[code]
    return score


def _result_file(module: str) -> Path:
    return RESULTS / (module.replace("/", ".").removesuffix(".py") + ".json")


def save_result(score: Score) -> None:
    """Record a complete run's statuses for --report (a stopped run is not recorded)."""
    if not score.status or score.count("not checked"):
        return
    RESULTS.mkdir(exist_ok=True)
    data = {
        "module": score.module,
        "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "seconds": round(score.seconds),
        "status": dict(sorted(score.status.items())),
    }
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    _result_file(score.module).write_text(text, encoding="utf-8")


def stored_result(module: str) -> tuple[Score, str]:
    """The last recorded complete run of ``module`` and when it finished (empty if none)."""
    path = _result_file(module)
    if not path.exists():
        return Score(module), ""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Score(module, dict(data["status"]), float(data["seconds"])), str(data["finished"])


def unmount_below(folder: Path) -> None:
    """Unmount what the tests of killed mutants left mounted under ``folder``."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return
    points = [line.split()[1].replace("\\040", " ") for line in mounts if len(line.split()) > 1]
    for point in sorted((p for p in points if p.startswith(f"{folder}/")), reverse=True):
        subprocess.run(["umount", "-l", point], capture_output=True, check=False)
        print(f"  unmounted {point} (left by a test that was stopped)")


def show(module: str, names: list[str]) -> None:
    work = WORK / module.replace("/", ".").removesuffix(".py")
    mutmut = Path(sys.executable).with_name("mutmut")
    for name in names:
        diff = subprocess.run(
            [str(mutmut), "show", name], cwd=work, capture_output=True, text=True, check=False
        ).stdout
        print(diff.rstrip() + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "modules", nargs="*", help=f"modules under src/dossier (default: all {len(TESTS)})"
    )
    ap.add_argument("--show", action="store_true", help="print the diff of every survivor")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--fail-under", type=float, default=90.0)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument(
        "--again",
        action="store_true",
        help="run only the survivors of the last run again, with the current tests",
    )
    ap.add_argument(
        "--report",
        action="store_true",
        help="run nothing: score the last run of each module again (build/mutation/, else the recorded one)",
    )
    args = ap.parse_args()
    modules = args.modules or list(TESTS)
    unknown = [m for m in modules if m not in TESTS]
    if unknown:
        ap.error(f"unknown modules {unknown}; known: {', '.join(TESTS)}")
    equivalent = load_equivalent()
    started = time.monotonic()
    rows: list[tuple[str, int, int, int, int, int, float, str]] = []
    failed = False
    for module in modules:
        if args.report:
            s = last_result(module)
            if s.status:
                stamp = time.gmtime(_meta(module).stat().st_mtime)
                when = "build/: " + time.strftime("%Y-%m-%d %H:%M", stamp)
            else:
                s, finished = stored_result(module)
                when = f"{RESULTS.relative_to(ROOT)}: {finished}"
                if s.status:
                    when += f", {s.seconds:.0f} s, {s.seconds / len(s.status):.2f} s/mutant"
            if not s.status:
                print(f"{module}: never run here (build/mutation/) nor recorded ({RESULTS.name})")
                continue
            unchecked = s.count("not checked")
            if unchecked:
                when += f" (stopped: {unchecked} mutants not run, counted as survivors)"
        else:
            print(f"mutating src/dossier/{module} (tests: {' '.join(TESTS[module])})", flush=True)
            s = run(module, args.jobs, args.verbose, args.again)
            if args.again:  # the time of the whole run, for the figure per mutant
                s.seconds += stored_result(module)[0].seconds
            save_result(s)
            when = f"{s.seconds:.0f} s, {s.seconds / max(1, len(s.status)):.2f} s/mutant"
        if not s.status:
            failed = True
            continue
        prefix = "dossier." + module.removesuffix(".py").replace("/", ".") + "."
        listed = {n for n in equivalent if n.startswith(prefix)}
        killed = {n for n, st in s.status.items() if st in KILLED}
        equiv = {n for n in listed if n in s.status and n not in killed}
        stale = sorted(n for n in listed if n not in s.status or n in killed)
        survivors = sorted(n for n in s.status if n not in killed and n not in equiv)
        total = len(s.status)
        pct = 100.0 * len(killed) / max(1, total - len(equiv))
        survived = total - len(killed)
        rows.append((module, total, len(killed), survived, len(equiv), len(survivors), pct, when))
        for name in survivors if not args.report or args.show else []:
            print(f"  survived ({s.status[name]}): {name}")
        for name in stale:
            print(f"  listed as equivalent but killed or gone (remove it): {name}")
        if args.show and survivors:
            show(module, survivors)
        failed |= pct < args.fail_under
    print()
    head = ("module", "mutants", "killed", "survived", "equivalent", "unexplained", "score")
    print(f"{head[0]:34} " + " ".join(f"{h:>{len(h)}}" for h in head[1:]) + "  run")
    for module, total, killed_n, survived, equiv_n, left, pct, when in rows:
        print(
            f"{module:34} {total:7d} {killed_n:6d} {survived:8d} {equiv_n:10d} {left:11d}"
            f" {pct:4.1f}%  {when}"
        )
    print(
        "score = killed / (mutants - equivalent); equivalent: survivors explained in "
        f"{EQUIVALENT.relative_to(ROOT)}; total time {time.monotonic() - started:.0f} s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
