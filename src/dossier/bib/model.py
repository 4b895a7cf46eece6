"""The loaded bibliography: CSL items exactly as written, each with where it was written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from dossier.core.diagnostics import Diagnostic, Location


class CiteRef(NamedTuple):
    """A citation key used in the prose, and where (for `bib.unknown-key`)."""

    key: str
    location: Location


@dataclass(frozen=True)
class Entry:
    """One bibliography item; ``data`` is untouched so checks can report what is wrong."""

    index: int
    data: Any
    location: Location
    field_locations: Mapping[str, Location] = field(default_factory=dict)

    @property
    def key(self) -> str | None:
        """The citation key, when the item has a usable (string) ``id``."""
        if isinstance(self.data, Mapping):
            key = self.data.get("id")
            if isinstance(key, str) and key.strip():
                return key
        return None

    def where(self, name: str) -> Location:
        """Location of a field's value, falling back to the entry's own location."""
        return self.field_locations.get(name, self.location)


@dataclass
class Bibliography:
    """All entries of one bibliography file, plus the problems found while reading it."""

    file: str | None = None
    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def items(self) -> list[Mapping[str, Any]]:
        """CSL items in file order (what ``Formatter`` takes); non-mappings are skipped."""
        return [e.data for e in self.entries if isinstance(e.data, Mapping)]

    def keys(self) -> set[str]:
        return {k for e in self.entries if (k := e.key) is not None}
