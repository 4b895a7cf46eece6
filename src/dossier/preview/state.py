"""What the preview shows after each save: the findings, the sections' states and the
rendered document, or, when the sources cannot be read, the last good rendering with the
reason on top (a half-typed YAML line never blanks the page).

`Builder.rebuild()` re-checks through the `check` function the API hands in (which uses
the findings cache, so unchanged files are not checked again), then assembles and renders
each document as HTML, and returns a `Snapshot`: plain data the server sends as JSON.
"""

from __future__ import annotations

import json
import os
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.core import memo
from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic, DossierError, Severity, sort_diagnostics
from dossier.preview.links import Linker
from dossier.report.completeness import build_report
from dossier.validate.result import CheckResult

CheckFn = Callable[[], CheckResult]

# Findings of these families mean the sources could not be read as a whole: the document
# would lose whole chapters, so the last good rendering stays on screen.
_UNREADABLE = frozenset({"yaml", "file"})

#: How the page names each state of a section (report.completeness's statuses).
STATE_WORDS = {
    "complete": "complete",
    "warning": "warnings",
    "error": "errors",
    "missing": "not provided",
    "empty": "not provided (optional)",
    "checklist": "needs human judgement",
    "not-applicable": "not applicable",
}


def anchor_of(key: str) -> str:
    """The HTML id of a profile section (formats.profiles.section_anchor's rule)."""
    return "sec-" + key.replace(" ", "")


def finding_dict(
    d: Diagnostic, anchor: str | None, section: str, links: Linker | None = None
) -> dict[str, Any]:
    """One finding as the page lists it (``url``: the editor's link to its place, or '')."""
    loc = d.location
    url = links.url(loc.file, loc.line, loc.col) if links is not None and loc else ""
    return {
        "severity": d.severity.value,
        "rule": d.rule,
        "message": d.message,
        "hint": d.hint or "",
        "where": str(loc) if loc is not None else "",
        "file": loc.file if loc is not None else "",
        "line": loc.line if loc is not None else None,
        "col": loc.col if loc is not None else None,
        "detail": (loc.detail or "") if loc is not None else "",
        "anchor": anchor or "",
        "section": section,
        "url": url,
    }


@dataclass
class DocView:
    """One document's last good rendering and the states of its sections."""

    doc: str
    html: str | None = None
    render_version: int = 0
    model: m.Document | None = None
    statuses: dict[str, str] = field(default_factory=dict)
    rendered_at: str = ""
    # Where each section's content is written: [{"where": "file:line:col", "url": ...}].
    sources: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class Snapshot:
    version: int
    docs: dict[str, DocView]
    findings: list[dict[str, Any]]
    blocking: list[dict[str, Any]]
    counts: dict[str, int]
    message: str = ""
    seconds: float = 0.0
    changed: tuple[str, ...] = ()

    def to_json(self) -> str:
        """The state the page receives (without the documents' HTML, fetched apart)."""
        return json.dumps(
            {
                "version": self.version,
                "docs": {
                    name: {
                        "render_version": v.render_version,
                        "statuses": v.statuses,
                        "sources": v.sources,
                        "rendered_at": v.rendered_at,
                    }
                    for name, v in self.docs.items()
                },
                "findings": self.findings,
                "blocking": self.blocking,
                "counts": self.counts,
                "message": self.message,
                "seconds": round(self.seconds, 3),
                "changed": list(self.changed),
                "state_words": STATE_WORDS,
            },
            ensure_ascii=False,
        )


class Builder:
    """Re-check and re-render on demand; one rebuild at a time."""

    def __init__(
        self,
        root: Path,
        check: CheckFn,
        docs: Sequence[str],
        lang: str | None,
        stage: str,
        editor_url: str | None = None,
    ) -> None:
        self.root = root
        self.links = Linker(root, editor_url)
        self.check = check
        self.doc_names = tuple(docs)
        self.lang = lang
        self.stage = stage
        self.views = {d: DocView(d) for d in self.doc_names}
        # Map drawings, parsed Markdown and sanitised SVG of earlier rebuilds, found again
        # by their inputs (core.memo): a save redoes only what it changed.
        self.memo = memo.Memo()
        self._lock = threading.Lock()
        self._version = 0
        self._renders = 0

    def rebuild(self, changed: Sequence[str] = ()) -> Snapshot:
        with self._lock:
            start = time.perf_counter()
            self._version += 1
            with memo.session(self.memo):
                snap = self._rebuild(tuple(changed))
            snap.seconds = time.perf_counter() - start
            return snap

    def _rebuild(self, changed: tuple[str, ...]) -> Snapshot:
        result = self.check()
        live = [d for d in result.diagnostics if d.suppressed is None]
        blocking = [
            d
            for d in live
            if d.severity is Severity.ERROR and d.rule.split(".", 1)[0] in _UNREADABLE
        ]
        if "" not in result.src.maps and not blocking:  # no manifest, or it may not be read
            blocking = [d for d in live if d.severity is Severity.ERROR]
        message = ""
        extra: list[Diagnostic] = []
        rendered: dict[str, DocView] | None = None
        if not blocking:
            try:
                rendered, extra = self._render_all(result)
            except DossierError as exc:  # e.g. the dossier's own CSL style is unusable
                blocking = list(exc.diagnostics)
            except Exception as exc:  # a bug: said on the page, the last good one stays
                if os.environ.get("DOSSIER_DEBUG"):
                    traceback.print_exc()
                message = (
                    f"dossier could not render this draft ({type(exc).__name__}: {exc}); the "
                    "last good rendering stays on screen. This is a bug in dossier: please "
                    "report it with the sources that cause it."
                )
        diags = sort_diagnostics([*live, *extra])
        report = build_report(
            CheckResult(result.src, diags, result.translation), list(self.doc_names), self.stage
        )
        if rendered is not None:  # the sections' states go with the rendering they mark
            for block in report["blocks"]:
                if block.doc in rendered:
                    rendered[block.doc].statuses = {
                        anchor_of(row.section.key): row.status for row in block.rows
                    }
                    rendered[block.doc].sources = {
                        anchor_of(row.section.key): self.links.places(
                            section_sources(result.src, row.section.paths())
                        )
                        for row in block.rows
                    }
            self.views.update(rendered)
            self.memo.sweep()  # only after a rendering: a typo must not drop the maps
        findings = _placed(report, diags, self.links)
        counts = {
            sev.value: sum(f["severity"] == sev.value for f in findings)
            for sev in (Severity.ERROR, Severity.WARNING, Severity.CHECKLIST)
        }
        return Snapshot(
            self._version,
            dict(self.views),
            findings,
            [finding_dict(d, None, "", self.links) for d in sort_diagnostics(blocking)],
            counts,
            message,
            changed=changed,
        )

    def _render_all(self, result: CheckResult) -> tuple[dict[str, DocView], list[Diagnostic]]:
        """Every document assembled and rendered, and their renderers' findings."""
        from dossier.assemble.document import build_document
        from dossier.render import html

        src = result.src
        lang = self.lang or _own_language(src.data)
        if lang != _own_language(src.data):
            from dossier.i18n.edition import translate

            src = translate(src, lang).src
        found: list[Diagnostic] = []
        fresh: dict[str, DocView] = {}
        for name in self.doc_names:
            model = build_document(src, name, lang)
            text, diags = html.render_with_diagnostics(model, root=result.src.root)
            found.extend(d for d in [*model.diagnostics, *diags] if d.rule.startswith("render."))
            old = self.views[name]
            version = old.render_version if text == old.html else self._next_render()
            fresh[name] = DocView(name, text, version, model, {}, time.strftime("%H:%M:%S"))
        return fresh, found

    def _next_render(self) -> int:
        self._renders += 1
        return self._renders


def _own_language(data: dict[str, Any]) -> str:
    own = data.get("language")
    return own if isinstance(own, str) and own else "en"


def section_sources(
    src: Any, paths: Sequence[tuple[str | int, ...]], most: int = 3
) -> list[tuple[str, int | None, int | None]]:
    """Where a section's content is written: the Markdown file of a text, else the YAML
    line of its value (or of where it would go), the first ``most`` distinct places."""
    from dossier.load import textvalue

    out: list[tuple[str, int | None, int | None]] = []
    for path in paths:
        if not path:
            continue
        text = textvalue.resolve(src, path)
        if text.file and not text.inline:
            place: tuple[str, int | None, int | None] = (text.file, 1, 1)
        else:
            loc = src.locate(path)
            place = (loc.file, loc.line, loc.col)
        if place[0] and place not in out:
            out.append(place)
        if len(out) == most:
            break
    return out


def _placed(
    report: dict[str, Any], diags: list[Diagnostic], links: Linker | None = None
) -> list[dict[str, Any]]:
    """Every live finding with the section of the first document it concerns (the
    completeness report's placing), in the order of `sort_diagnostics`."""
    where: dict[int, tuple[str | None, str]] = {}
    for block in report["blocks"][:1]:
        for row in block.rows:
            for f in row.findings:
                where.setdefault(id(f.diag), (anchor_of(row.section.key), row.section.label()))
    placed = [(d, *where.get(id(d), (None, ""))) for d in diags]
    return [finding_dict(d, anchor, section, links) for d, anchor, section in placed]
