"""Where a finding or a section comes from, as the page shows it: file:line:col always,
and, when the writer gives an editor's address pattern (``--editor-url``), a link that
opens the file there at that line (VS Code: ``vscode://file/{path}:{line}:{col}``).

Only files inside the dossier get a link, and only through a pattern whose scheme opens
an application on this computer: never a web address (the preview loads nothing from
elsewhere) nor one that runs code in the page (javascript:, data:).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dossier.core.diagnostics import Location

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
#: Schemes that fetch from the network or run in the page: never an editor.
REFUSED = frozenset(
    {"http", "https", "ftp", "ws", "wss", "javascript", "data", "vbscript", "blob", "about"}
)
#: The placeholders of a pattern; {path} is required.
FIELDS = ("{path}", "{line}", "{col}")


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be an editor's address pattern, or None when it can."""
    match = _SCHEME.match(pattern)
    if match is None:
        return (
            f"--editor-url must start with the editor's scheme, as in "
            f"'vscode://file/{{path}}:{{line}}:{{col}}', not {pattern!r}"
        )
    if match.group(1).lower() in REFUSED:
        return (
            f"--editor-url may not use {match.group(1)}: addresses: the preview opens "
            "files in an application of this computer, never on the web or in the page"
        )
    if "{path}" not in pattern:
        return "--editor-url must contain {path} (and may contain {line} and {col})"
    if any(c in pattern for c in "\"'<>` \t\r\n"):
        return "--editor-url may not contain quotes, angle brackets or spaces"
    return None


@dataclass(frozen=True)
class Linker:
    """file:line:col of the sources, with the editor's link when a pattern is given."""

    root: Path
    pattern: str | None = None

    def place(self, file: str, line: int | None, col: int | None) -> dict[str, Any]:
        """What the page shows for one place: its text, and its link ('' for none)."""
        where = str(Location(file, line, col)) if file else ""
        return {"where": where, "url": self.url(file, line, col)}

    def url(self, file: str, line: int | None, col: int | None) -> str:
        if not self.pattern or not file:
            return ""
        root = self.root.resolve()
        try:
            path = (root / file).resolve()
            path.relative_to(root)
        except (ValueError, OSError, RuntimeError):
            return ""
        if not path.is_file():
            return ""
        return (
            self.pattern.replace("{path}", quote(path.as_posix(), safe="/:"))
            .replace("{line}", str(line or 1))
            .replace("{col}", str(col or 1))
        )

    def places(
        self, locations: Sequence[tuple[str, int | None, int | None]]
    ) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for file, line, col in locations:
            p = self.place(file, line, col)
            if p["where"]:
                seen.setdefault(p["where"], p)
        return list(seen.values())
