"""What `dossier check` hands to the later stages and reports: the sources and the findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dossier.core.diagnostics import Diagnostic, has_errors
from dossier.load.sources import Sources

if TYPE_CHECKING:
    from dossier.i18n.coverage import Coverage


@dataclass
class CheckResult:
    src: Sources
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The share translated per official section, when checked for another language.
    translation: Coverage | None = None

    def failed(self, *, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict=strict)

    def computed(self) -> dict[str, Any] | None:
        """Areas and central points computed from the boundaries (None without them)."""
        from dossier.geo.analysis import computed_figures

        if "identification" in self.src.unreadable:
            return None
        return computed_figures(self.src)
