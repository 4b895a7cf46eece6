"""What `dossier check` hands to the later stages and reports: the sources and the findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from dossier.core.diagnostics import Diagnostic, has_errors
from dossier.load.sources import Sources


@dataclass
class CheckResult:
    src: Sources
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def failed(self, *, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict=strict)
