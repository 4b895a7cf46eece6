"""Write a new, minimal dossier: every part the chosen documents need, with placeholders.

What is written is data (templates/init/files.yaml and its Jinja2 templates); this
module checks the answers, renders the templates and writes the files, never over an
existing one. A new dossier checks clean at --stage draft (its placeholders are
warnings) and builds every document it was made for.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dossier import DISTRIBUTION, __version__
from dossier.core.ids import ALL_DOCS, CRITERIA, CULTURAL_CRITERIA, NATURAL_CRITERIA, Doc
from dossier.core.resources import schemas_dir, templates_dir

CATEGORIES = ("cultural", "natural", "mixed")
LANGUAGES = ("en", "fr")
SCHEMAS_FOLDER = ".schemas"
# Where recipes install dossier from when this copy was not installed from a git
# repository: a reserved domain (RFC 2606), so that it can never install anyone's code.
SOURCE_PLACEHOLDER = "https://example.org/your-mirror-of/dossier"
# "XX" is a user-assigned ISO 3166 code: never a real State Party.
UNKNOWN_STATE = "XX"


class InitError(Exception):
    """The answers cannot make a dossier (exit code 2), e.g. an unknown country code."""


@dataclass(frozen=True)
class InitOptions:
    name: str | None = None
    category: str = "cultural"
    states_parties: tuple[str, ...] = ()
    docs: tuple[Doc, ...] = ALL_DOCS
    languages: tuple[str, ...] = ("en",)
    criteria: tuple[str, ...] = ()
    # False when the category is init's default, not the author's choice: it is then
    # marked "# TODO" in dossier.yaml.
    category_chosen: bool = True


@dataclass(frozen=True)
class Source:
    """Where the recipes written into a new dossier install dossier from."""

    url: str
    rev: str

    @property
    def placeholder(self) -> bool:
        return self.url == SOURCE_PLACEHOLDER

    @property
    def requirement(self) -> str:
        return f"{DISTRIBUTION} @ git+{self.url}@{self.rev}"


@dataclass(frozen=True)
class StateParty:
    code: str
    names: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.names.get("en") or next(iter(self.names.values()), self.code)


def install_source() -> Source:
    """The git repository and revision this copy of dossier was installed from (pip
    records it, PEP 610), so that recipes install exactly that; else a placeholder."""
    from importlib import metadata

    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        text = None
    if text:
        try:
            info = json.loads(text)
        except ValueError:
            info = {}
        vcs = info.get("vcs_info") if isinstance(info, dict) else None
        url = info.get("url") if isinstance(info, dict) else None
        if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(url, str):
            rev = vcs.get("requested_revision") or vcs.get("commit_id")
            if url.startswith("https://") and isinstance(rev, str) and rev:
                return Source(url, rev)
    return Source(SOURCE_PLACEHOLDER, f"v{__version__}")


def normalise(options: InitOptions) -> InitOptions:
    """Checked, de-duplicated answers; raises InitError for what cannot be used."""
    if options.category not in CATEGORIES:
        raise InitError(
            f"category must be one of {', '.join(CATEGORIES)}, not {options.category!r}"
        )
    langs = tuple(dict.fromkeys(x.strip().lower() for x in options.languages if x.strip()))
    bad = [x for x in langs if x not in LANGUAGES]
    if bad or not langs:
        raise InitError(
            f"languages must be en and/or fr (the languages of the documents), not {bad or '[]'}"
        )
    codes = tuple(dict.fromkeys(x.strip().upper() for x in options.states_parties if x.strip()))
    crit = tuple(dict.fromkeys(x.strip().lower() for x in options.criteria if x.strip()))
    unknown = [c for c in crit if c not in CRITERIA]
    if unknown:
        raise InitError(f"unknown criterion {unknown[0]!r}: use i to x (OG para. 77)")
    allowed = {
        "cultural": CULTURAL_CRITERIA,
        "natural": NATURAL_CRITERIA,
        "mixed": CRITERIA,
    }[options.category]
    wrong = [c for c in crit if c not in allowed]
    if wrong:
        raise InitError(
            f"criterion ({wrong[0]}) does not fit a {options.category} property "
            "(cultural: i-vi, natural: vii-x, mixed: both)"
        )
    ordered = tuple(c for c in CRITERIA if c in crit)
    docs = tuple(d for d in ALL_DOCS if d in options.docs) or ALL_DOCS
    name = options.name.strip() if options.name and options.name.strip() else None
    return InitOptions(name, options.category, codes, docs, langs, ordered, options.category_chosen)


def state_parties(codes: tuple[str, ...], langs: tuple[str, ...]) -> list[StateParty]:
    """Each code with its names from the bundled Natural Earth data (en, fr)."""
    if not codes:
        return [StateParty(UNKNOWN_STATE)]
    from dossier.geo import context

    out = []
    for code in codes:
        if len(code) != 2 or not code.isalpha():
            raise InitError(f"{code!r} is not an ISO 3166 alpha-2 code (e.g. KZ, FR, PE)")
        country = context.country(code)
        if country is None:
            raise InitError(f"unknown ISO 3166 alpha-2 code {code!r} (e.g. KZ, FR, PE)")
        names = {lang: n for lang in ("en", *langs) if (n := country.name(lang))}
        out.append(StateParty(code, dict(sorted(names.items(), key=lambda kv: kv[0] != "en"))))
    return out


def _flow(mapping: dict[str, str]) -> str:
    """A one-line YAML mapping of names, each quoted (JSON strings are YAML)."""
    return (
        "{"
        + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in mapping.items())
        + "}"
    )


def plan(options: InitOptions, *, today: dt.date, source: Source) -> dict[str, bytes]:
    """Every file of the new dossier (path relative to its folder -> content)."""
    import jinja2

    opts = normalise(options)
    states = state_parties(opts.states_parties, opts.languages)
    base = templates_dir() / "init"
    spec = yaml.safe_load((base / "files.yaml").read_text(encoding="utf-8"))
    wanted = [
        f for f in spec["files"] if not f.get("docs") or any(d in opts.docs for d in f["docs"])
    ]
    parts = {f["part"]: f["path"] for f in wanted if f.get("part")}
    doc_args = " ".join(f"--doc {d.value}" for d in opts.docs)
    known = [s for s in states if s.names]
    context: dict[str, Any] = {
        "name": opts.name,
        "title": opts.name or "A World Heritage dossier",
        "category": opts.category,
        "category_chosen": opts.category_chosen,
        "placeholder_source": source.placeholder,
        "criteria": opts.criteria,
        "criteria_hint": {
            "cultural": "i to vi",
            "natural": "vii to x",
            "mixed": "at least one of i-vi and one of vii-x",
        }[opts.category],
        "states": states,
        "states_names": " and ".join(s.label for s in known) or "the State Party",
        "language": opts.languages[0],
        "languages": opts.languages,
        "docs": [d.value for d in opts.docs],
        "doc_args": doc_args,
        "doc_args_space": f" {doc_args}" if doc_args else "",
        "hook_args": ", ".join(f"--doc, {d.value}" for d in opts.docs),
        "folder": ".",
        "parts": parts,
        "today": today.isoformat(),
        "year": today.year,
        "repo_url": source.url,
        "rev": source.rev,
        "requirement": source.requirement,
        "version": __version__,
    }
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(base)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.globals.update(q=lambda s: json.dumps(str(s), ensure_ascii=False), flow=_flow)
    out: dict[str, bytes] = {}
    for f in wanted:
        text = env.get_template(f["template"]).render(**context, **(f.get("vars") or {}))
        out[f["path"]] = text.encode("utf-8")
    schemas = schemas_dir()
    for path in sorted(schemas.rglob("*.schema.json")):
        rel = path.relative_to(schemas).as_posix()
        out[f"{SCHEMAS_FOLDER}/{rel}"] = path.read_bytes()
    return out


def create(
    folder: Path,
    options: InitOptions,
    *,
    force: bool = False,
    today: dt.date | None = None,
    source: Source | None = None,
) -> list[Path]:
    """Write a new dossier into ``folder``; returns the paths written.

    An existing, non-empty folder needs ``force``; even then no existing file is ever
    replaced (InitError lists them and nothing is written).
    """
    files = plan(options, today=today or dt.date.today(), source=source or install_source())
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InitError(
            f"{folder} is not empty; choose a new folder, or use --force to add the dossier "
            "files next to what is there (no existing file is replaced)"
        )
    taken = [rel for rel in files if (folder / rel).exists() or (folder / rel).is_symlink()]
    if taken:
        raise InitError(
            f"{folder} already has {', '.join(taken[:5])}"
            + (f" and {len(taken) - 5} more" if len(taken) > 5 else "")
            + "; dossier init never replaces a file"
        )
    written = []
    for rel, data in files.items():
        target = folder / rel
        _write_new(target, data)
        written.append(target)
    return written


def _write_new(path: Path, data: bytes) -> None:
    """Write ``path`` only if it does not exist (a hard link never replaces a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).chmod(0o644)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise InitError(
                f"{path} appeared while writing; dossier init never replaces a file"
            ) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def next_steps(folder: Path, written: list[Path], options: InitOptions) -> list[str]:
    """What `dossier init` prints: what it wrote and what to do next."""
    opts = normalise(options)
    parts = sum(1 for p in written if p.parent == folder / "parts")
    docs = " ".join(f"--doc {d.value}" for d in opts.docs)
    lines = [
        f"Created {folder}: dossier.yaml, {parts} part files (parts/), boundary files to "
        "draw (geo/), bibliography.yaml, the schemas for editors (.schemas/), README.md, "
        ".gitignore, .pre-commit-config.yaml and .github/workflows/dossier.yml.",
        "Next:",
        f"  dossier check {folder} {docs}   # lists what is still to write",
        f"  edit {folder}/parts/*.yaml in an editor with the YAML language server "
        "(it completes and checks every field)",
        f"  dossier build {folder} {docs} --to pdf --to html --to docx -o build",
    ]
    from dossier.core.paths import repository_root

    top = repository_root(folder)
    if top is None:
        lines.append(
            f"  cd {folder} && git init && pre-commit install   # check every commit "
            "(and push to run the CI workflow)"
        )
    elif top.resolve() != folder.resolve():
        lines.append(
            f"Note: {folder} is inside the git repository {top}: .pre-commit-config.yaml and "
            ".github/ only work at its top folder; move them there (or merge them into "
            "yours) and give the dossier folder in their dossier commands."
        )
    if install_source().placeholder:
        lines.append(
            f"Note: this copy of dossier was not installed from a git repository: replace "
            f"{SOURCE_PLACEHOLDER} in .pre-commit-config.yaml and .github/workflows/dossier.yml "
            "with the repository you install dossier from, pinned to a release tag."
        )
    return lines
