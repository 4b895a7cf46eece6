"""Renderers: pure functions of the document model (`model.Document`) to str or bytes.

They never read YAML, never print and never write files. Problems they meet (a refused
resource, an image that cannot be read, a warning of WeasyPrint) are returned as
`Diagnostic`s by the `render_with_diagnostics` functions, or raised as `RenderError`
by the plain `render` functions when one of them is an error.

Rule ids used here (all `render.*`):

* `render.resource-refused` (error): the PDF asked for a file outside the dossier folder
  and the package templates, or for a remote address; nothing was fetched.
* `render.resource-missing` (error): a file inside the dossier named by the document does
  not exist (or is not a regular file).
* `render.image-unreadable` (error): an image is not PNG, JPEG, GIF, WebP or SVG, or is damaged.
* `render.svg-unsafe` (warning): an SVG figure held scripts, external references or
  constructs that were removed before embedding.
* `render.xref-unresolved` (warning): a cross-reference has no target in the document;
  its label is printed without a link or page number.
* `render.glyph-missing` (warning): characters that none of the embedded fonts can draw.
* `render.weasyprint` (warning or error): a message of WeasyPrint itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from dossier.core.diagnostics import Diagnostic, Location, Severity


class RenderError(Exception):
    """A renderer could not produce a faithful document; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        errors = [d for d in self.diagnostics if d.severity is Severity.ERROR]
        shown = errors or self.diagnostics
        super().__init__("; ".join(d.message for d in shown[:5]) or "rendering failed")


def problem(
    rule: str,
    message: str,
    *,
    severity: Severity = Severity.ERROR,
    file: str | None = None,
    detail: str | None = None,
    hint: str | None = None,
) -> Diagnostic:
    """A `render.*` diagnostic; `file` is relative to the dossier folder when known."""
    location = Location(file, detail=detail) if file else None
    return Diagnostic(rule, severity, message, location, hint)


def raise_on_errors(diagnostics: Sequence[Diagnostic]) -> None:
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise RenderError(diagnostics)
