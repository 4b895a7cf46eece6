"""The two sides of a diff: a dossier folder, or a git revision of one, loaded and checked.

A side is read as `dossier check` reads it; an error that stops it being read (YAML, files,
schemas, the bibliography file, a boundary file that cannot be read or measured) makes the
side unusable, and its findings are returned. The other rules of `dossier check` are not
run: drafts that are compared are often incomplete or inconsistent, and that is no reason
not to say what changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from dossier.diff import revisions
from dossier.load import sources
from dossier.load.sources import Sources


class SideError(Exception):
    """A side cannot be named or read at all (no such folder, unknown revision)."""


@dataclass(frozen=True)
class SideSpec:
    """What the user named: a folder, or a revision of a folder (``rev`` set)."""

    folder: Path
    rev: str | None = None


@dataclass
class Side:
    label: str  # the folder as given, or "REV (commit)"
    kind: str  # folder | revision
    root: Path  # the folder read (a temporary copy for a revision)
    src: Sources
    revision: str | None = None  # full commit id of a revision
    diagnostics: list[Diagnostic] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return not any(
            d.severity is Severity.ERROR and d.suppressed is None for d in self.diagnostics
        )

    def describe(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "kind": self.kind,
            "path": None if self.kind == "revision" else str(self.root),
            "revision": self.revision,
        }


# Geometry findings that mean a boundary file could not be read or measured. The other
# geometry findings (a stated area that differs, a buffer zone that overlaps...) compare
# figures and are what a draft under revision often has: they do not stop a diff.
GEO_UNREADABLE = frozenset(
    {
        *("geo.file-missing", "geo.file-outside", "geo.remote-file", "geo.file-too-large"),
        *("geo.file-unreadable", "geo.encoding", "geo.json-syntax", "geo.not-geojson"),
        *("geo.crs", "geo.empty", "geo.geometry-missing", "geo.geometry-type"),
        *("geo.coordinates", "geo.coordinate-range", "geo.unclosed-ring"),
        *("geo.degenerate-ring", "geo.self-intersection", "geo.invalid-geometry"),
        "geo.duplicate-feature-id",
    }
)


def structural_diagnostics(src: Sources) -> list[Diagnostic]:
    """Errors that make a side unreadable for a diff (see the module docstring): YAML,
    files, schemas, the bibliography file, the boundary files."""
    from dossier.bib.load import load_for_dossier
    from dossier.geo.analysis import geo_summary
    from dossier.validate import schema

    diags = list(src.diagnostics)
    if "" in src.maps:
        diags.extend(schema.validate(src))
        diags.extend(load_for_dossier(src).diagnostics)
        diags.extend(d for d in geo_summary(src)[1] if d.rule in GEO_UNREADABLE)
    return sort_diagnostics([d for d in diags if d.severity is Severity.ERROR])


def load_side(root: Path, label: str, kind: str = "folder", revision: str | None = None) -> Side:
    if not root.exists():
        raise SideError(f"no such folder: {label}")
    if not root.is_dir():
        raise SideError(
            f"not a folder: {label} (give the dossier folder, which holds dossier.yaml)"
        )
    src = sources.load(root)
    return Side(label, kind, root, src, revision, structural_diagnostics(src))


@contextmanager
def open_side(spec: SideSpec) -> Iterator[Side]:
    """The side ``spec`` names, loaded; a revision's temporary copy lives until exit."""
    with ExitStack() as stack:
        if spec.rev is None:
            yield load_side(spec.folder, str(spec.folder))
            return
        try:
            rev = stack.enter_context(revisions.checkout(spec.folder, spec.rev))
        except revisions.RevisionError as exc:
            raise SideError(str(exc)) from None
        label = f"{spec.rev} ({rev.short})" if spec.rev != rev.commit else rev.short
        yield load_side(rev.folder, label, "revision", rev.commit)
