"""Read a dossier folder: the manifest, its part files, and prose files, all located."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.core import paths
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.core.visible import quoted
from dossier.load.yamlload import PathKey, SourceMap, load_file, read_text_file

MANIFEST = "dossier.yaml"
MAX_PROSE_BYTES = 2 * 1024 * 1024

# Part keys, in the order of the official documents; each has its own schema.
PART_KEYS = (
    "executive_summary",
    "identification",
    "description",
    "justification",
    "conservation",
    "protection",
    "monitoring",
    "documentation",
    "contacts",
    "signatures",
    "preliminary_assessment",
    "tentative_list",
)


def _err(rule: str, msg: str, loc: Location | None, hint: str | None = None) -> Diagnostic:
    return Diagnostic(rule, Severity.ERROR, msg, loc, hint)


@dataclass
class Sources:
    """All YAML of one dossier, merged: manifest keys plus one key per part file."""

    root: Path
    data: dict[str, Any] = field(default_factory=dict)
    maps: dict[str, SourceMap] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _texts: dict[str, str] = field(default_factory=dict)
    # Derived results computed once and shared by checkers and assembly (e.g. geometry).
    memo: dict[str, Any] = field(default_factory=dict)
    # Part keys ("" for the manifest) whose file could not be read or parsed.
    unreadable: set[str] = field(default_factory=set)

    def locate(self, path: PathKey, *, key: bool = False) -> Location:
        if path and isinstance(path[0], str) and path[0] in self.maps:
            return self.maps[path[0]].locate(path[1:], key=key)
        manifest = self.maps.get("")
        if manifest is None:
            return Location(MANIFEST)
        return manifest.locate(path, key=key)

    def file_of(self, path: PathKey) -> str:
        return self.locate(path).file

    def resolve(self, rel: object, where: PathKey) -> tuple[Path | None, Diagnostic | None]:
        """Resolve a path written in the sources; it must stay inside the dossier folder."""
        loc = self.locate(where)
        return resolve_inside(self.root, rel, loc)

    def read_prose(self, rel: str, where: PathKey) -> tuple[str | None, list[Diagnostic]]:
        """Text of a Markdown file named in the sources (cached, bounded, UTF-8)."""
        path, problem = self.resolve(rel, where)
        if problem is not None or path is None:
            return None, [problem] if problem else []
        norm = path.relative_to(self.root.resolve()).as_posix()
        if norm not in self._texts:
            text, diags = read_text_file(path, norm, MAX_PROSE_BYTES)
            if text is None:
                return None, diags
            self._texts[norm] = text
        return self._texts[norm], []


def resolve_inside(
    root: Path, rel: object, loc: Location | None
) -> tuple[Path | None, Diagnostic | None]:
    """A file the dossier names, or the diagnostic of why it cannot be used
    (the rules are those of dossier.core.paths)."""
    found = paths.resolve_inside(root, rel)
    if found.path is not None:
        return found.path, None
    return None, _path_problem(found.problem, rel, loc)


def _path_problem(problem: paths.Problem | None, rel: object, loc: Location | None) -> Diagnostic:
    if problem == "remote":
        return _err(
            "path.remote",
            f"{rel!r} is a remote address; dossier builds are offline and never fetch anything",
            loc,
            "Download the file into the dossier folder and give its relative path.",
        )
    if problem == "absolute":
        return _err(
            "path.absolute",
            f"{rel!r} is an absolute path; paths must be relative to the dossier folder",
            loc,
            "Copy the file into the dossier folder and write its path relative to dossier.yaml.",
        )
    if problem in ("outside", "link-outside"):
        return _err(
            "path.outside",
            f"{rel!r} points outside the dossier folder",
            loc,
            "A dossier may only use files inside its own folder (no '..', no links out).",
        )
    if problem in ("missing", "not-a-file"):
        return _err(
            "path.missing",
            f"file {rel!r} does not exist",
            loc,
            "Check the spelling and the folder; paths are relative to dossier.yaml.",
        )
    if problem == "nul":
        return _err(
            "path.invalid",
            f"the file path {_shown(rel)} holds a NUL character, which no file name can contain",
            loc,
            "Retype the path: it may have been pasted with invisible characters.",
        )
    if problem == "too-long":
        return _err(
            "path.invalid",
            f"the file path {_shown(rel, 60)} is longer than file systems allow "
            f"({paths.MAX_NAME_BYTES} bytes per name, {paths.MAX_PATH_BYTES} per path)",
            loc,
            "Give the file a shorter name.",
        )
    if problem == "link-loop":
        return _err(
            "path.invalid",
            f"{_shown(rel)} is a symbolic link that leads back to itself (a link loop)",
            loc,
            "Replace the link with the file itself.",
        )
    return _err(
        "path.invalid",
        "a file path is expected here",
        loc,
        "Write the path of a file inside the dossier folder, e.g. text/2a-description.md.",
    )


def _shown(rel: object, limit: int = 120) -> str:
    return quoted(rel, limit) if isinstance(rel, str) else repr(rel)


def load(root: Path) -> Sources:
    """Load the manifest and every part it lists; collect every problem."""
    src = Sources(root)
    found = paths.resolve_inside(root, MANIFEST)
    if found.problem not in (None, "missing", "not-a-file"):  # a link out of the folder...
        src.diagnostics.append(_path_problem(found.problem, MANIFEST, Location(MANIFEST)))
        src.unreadable.add("")
        return src
    manifest_path = found.path
    if manifest_path is None:
        src.diagnostics.append(
            _err(
                "dossier.no-manifest",
                f"this folder has no {MANIFEST} manifest",
                Location(MANIFEST),
                "A dossier folder starts with a dossier.yaml manifest; see 'dossier init' "
                "or examples/ustyurt.",
            )
        )
        return src
    loaded = load_file(manifest_path, MANIFEST)
    src.maps[""] = loaded.smap
    src.diagnostics.extend(loaded.diagnostics)
    if not isinstance(loaded.data, dict):
        src.unreadable.add("")
        if loaded.data is not None:
            src.diagnostics.append(
                _err(
                    "schema.type",
                    "dossier.yaml must be a mapping of keys to values",
                    Location(MANIFEST, 1, 1),
                )
            )
        return src
    src.data.update(loaded.data)
    parts = loaded.data.get("parts")
    if isinstance(parts, dict):
        for key, rel in parts.items():
            if key not in PART_KEYS:
                continue  # the schema reports unknown part names
            path, problem = src.resolve(rel, ("parts", key))
            if problem is not None or path is None:
                if problem:
                    src.diagnostics.append(problem)
                continue
            norm = path.relative_to(root.resolve()).as_posix()
            part = load_file(path, norm)
            src.diagnostics.extend(part.diagnostics)
            src.maps[key] = part.smap
            src.data[key] = part.data if part.data is not None else {}
            if not part.ok or part.data is None:
                src.unreadable.add(key)
            if part.data is not None and not isinstance(part.data, dict):
                src.diagnostics.append(
                    _err(
                        "schema.type",
                        f"{norm} must be a mapping of keys to values",
                        Location(norm, 1, 1),
                    )
                )
                src.data[key] = {}
    return src


def walk(value: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """Every (path, value) pair below ``value``, depth first, in source order."""
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, (*path, i))


def source_folders(src: Sources) -> list[Path]:
    """The dossier folder and every folder that holds a file the sources name (resolved):
    outputs are never written there (see dossier.core.output)."""
    root = src.root.resolve()
    folders = {root}
    for _path, value in walk(src.data):
        if not isinstance(value, str) or len(value) > 1024 or "\n" in value or "." not in value:
            continue
        rel, problem = paths.classify(value)
        if problem is None and rel is not None and "/" in rel:
            try:
                folders.add((root / rel.rsplit("/", 1)[0]).resolve())
            except (OSError, RuntimeError):
                continue
    return sorted(folders)
