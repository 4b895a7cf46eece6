"""Diagnostics to text, JSON or SARIF. The only place that formats problems."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dossier import __version__
from dossier.core.diagnostics import (
    Diagnostic,
    Severity,
    diagnostic_to_dict,
    sort_diagnostics,
)

if TYPE_CHECKING:
    from dossier.i18n.coverage import Coverage

JSON_FORMAT_VERSION = 1
# Reports list errors first, then warnings, notes and checklist items.
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2, Severity.CHECKLIST: 3}


def report_order(diags: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Errors, then warnings, notes and checklist items; each by file, line and column."""
    return sorted(diags, key=lambda d: (_RANK.get(d.severity, 9), *d.sort_key()))


def from_here(
    diags: Sequence[Diagnostic], prefix: str, base: Path | None = None
) -> list[Diagnostic]:
    """The findings with each file named from where the user stands: ``prefix`` (see
    dossier.core.paths.shown_from) joined to the path inside the dossier folder. Files
    outside the dossier (an output folder, a reference document) carry absolute paths:
    they are named from ``base`` (the current folder by default) if they lie below it,
    else in full, never as if they were inside the dossier."""
    from dossier.core.paths import shown_from

    def shown(file: str) -> str:
        if Path(file).is_absolute():
            return shown_from(Path(file), base) or "."
        return f"{prefix}/{file}" if prefix else file

    return [
        replace(d, location=replace(d.location, file=shown(d.location.file)))
        if d.location is not None and d.location.file
        else d
        for d in diags
    ]


def format_text(diags: Sequence[Diagnostic], *, hints: bool = True, suppressed: bool = True) -> str:
    """One line per finding (``file:line:col: severity[rule]: message``), errors first;
    suppressed findings only when ``suppressed`` (the summary counts them anyway)."""
    lines: list[str] = []
    for d in report_order(diags):
        if d.suppressed is not None and not suppressed:
            continue
        where = f"{d.location}: " if d.location else ""
        detail = f" ({d.location.detail})" if d.location and d.location.detail else ""
        sev = d.severity.value
        if d.suppressed is not None:
            sev = f"suppressed {sev}"
        lines.append(f"{where}{sev}[{d.rule}]: {d.message}{detail}")
        if hints and d.hint:
            lines.append(f"    hint: {d.hint}")
        if d.suppressed is not None:
            lines.append(f"    reason given: {d.suppressed}")
    return "\n".join(lines)


def summary(diags: Sequence[Diagnostic], *, listed: bool = True) -> str:
    live = [d for d in diags if d.suppressed is None]
    n_err = sum(d.severity is Severity.ERROR for d in live)
    n_warn = sum(d.severity is Severity.WARNING for d in live)
    n_check = sum(d.severity is Severity.CHECKLIST for d in live)
    n_note = sum(d.severity is Severity.NOTE for d in live)
    n_supp = len(diags) - len(live)
    parts = [f"{n_err} error(s)", f"{n_warn} warning(s)"]
    if n_note:
        parts.append(f"{n_note} note(s)")
    if n_check:
        parts.append(f"{n_check} checklist item(s) for human review")
    if n_supp:
        parts.append(f"{n_supp} suppressed" + ("" if listed else " (--show-suppressed lists them)"))
    return ", ".join(parts)


def format_computed(figures: dict[str, Any] | None) -> str:
    """What the check computed from the boundaries (1.d, 1.f), as the documents print it:
    a small table of areas, central points and buffer zones."""
    if not figures:
        return ""
    prop = figures["property"]
    rows = [
        ("", "area", "central point", "buffer zone", ""),
        ("property", _ha(prop["area_ha"]), _point(prop["centre"]),
         _ha(figures["buffer_zone_ha"]), ""),
        ("total", _ha(figures["total_ha"]), "(property and buffer zone)", "", ""),
    ]  # fmt: skip
    for comp in figures.get("components") or []:
        rows.append(
            (str(comp["id"]), _ha(comp["area_ha"]), _point(comp["centre"]),
             _ha(comp["buffer_zone_ha"]), str(comp.get("name") or ""))
        )  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    what = "illustrative boundaries" if figures.get("illustrative") else "the boundaries"
    lines = [f"Computed from {what} (WGS 84), as the documents print them:"]
    for label, area, centre, buffer, name in rows:
        line = (
            f"  {label:<{widths[0]}}  {area:>{widths[1]}}  {centre:<{widths[2]}}  "
            f"{buffer:>{widths[3]}}  {name}"
        )
        lines.append(line.rstrip())
    return "\n".join(lines)


def _ha(value: float | None) -> str:
    if value is None:
        return "none"
    return f"{value:,.0f} ha" if value >= 100 else f"{value:,.2f} ha"


def _point(point: dict[str, Any]) -> str:
    return f"{point['lat']}, {point['lon']}"


def format_translation(cov: Coverage | None) -> str:
    """The share of each official section translated into the edition's language."""
    if cov is None:
        return ""
    from dossier.validate.translation import language_name

    name = language_name(cov.lang)
    where = cov.catalogue or "no catalogue"
    head = (
        f"{name} edition ({where}): {cov.translated} of {cov.total} passages translated "
        f"({cov.percent} %)"
    )
    extra = [f"{n} {what}" for n, what in ((cov.stale, "out of date"), (cov.broken, "broken")) if n]
    lines = [head + (f", {', '.join(extra)}" if extra else "")]
    rows = [(s.label if len(s.label) <= 60 else s.label[:59] + "\u2026", s) for s in cov.sections]
    width = max((len(label) for label, _ in rows), default=0)
    docs = {s.doc for s in cov.sections}
    for label, s in rows:
        doc = f"[{s.doc}] " if len(docs) > 1 else ""
        notes = [f"{n} {what}" for n, what in ((s.stale, "out of date"), (s.broken, "broken")) if n]
        lines.append(
            f"  {doc}{label:<{width}}  {s.translated:>4}/{s.total:<4} {s.percent:>3} %"
            + (f"  ({', '.join(notes)})" if notes else "")
        )
    return "\n".join(lines)


def translation_dict(cov: Coverage | None) -> dict[str, Any] | None:
    if cov is None:
        return None
    return {
        "lang": cov.lang,
        "catalogue": cov.catalogue,
        "total": cov.total,
        "translated": cov.translated,
        "stale": cov.stale,
        "broken": cov.broken,
        "sections": [
            {
                "document": s.doc,
                "section": s.key,
                "title": s.label,
                "total": s.total,
                "translated": s.translated,
                "stale": s.stale,
                "broken": s.broken,
            }
            for s in cov.sections
        ],
    }


def format_json(
    diags: Sequence[Diagnostic],
    *,
    valid: bool,
    computed: dict[str, Any] | None = None,
    root: str | None = None,
    translation: Coverage | None = None,
) -> str:
    """Stable structure (docs/report-format.md): {"format": 1, "tool": ..., "valid": bool,
    "counts": ..., "diagnostics": [...], "computed": {...} or null}, and "translation"
    when the check was for another language (--lang)."""
    ordered = report_order(diags)
    live = [d for d in ordered if d.suppressed is None]
    doc = {
        "format": JSON_FORMAT_VERSION,
        "tool": {"name": "dossier", "version": __version__},
        "valid": valid,
        "counts": {
            "error": sum(d.severity is Severity.ERROR for d in live),
            "warning": sum(d.severity is Severity.WARNING for d in live),
            "checklist": sum(d.severity is Severity.CHECKLIST for d in live),
            "note": sum(d.severity is Severity.NOTE for d in live),
            "suppressed": len(ordered) - len(live),
        },
        "diagnostics": [diagnostic_to_dict(d) for d in ordered],
        "computed": computed,
    }
    if root is not None:
        # The dossier folder as the "file" paths name it ("" when it is the current folder).
        doc["root"] = root
    if translation is not None:
        doc["translation"] = translation_dict(translation)
    return json.dumps(doc, ensure_ascii=False, indent=2)


_SARIF_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.CHECKLIST: "note",
    Severity.NOTE: "note",
}


def _sarif_rule(rule_id: str) -> dict[str, Any]:
    """Rule metadata for code-scanning: the catalogue's title and its OG/Annex source."""
    from dossier.validate import rulebook

    if not rulebook.known(rule_id):
        return {"id": rule_id, "shortDescription": {"text": rule_id}}
    rule = rulebook.get(rule_id)
    return {
        "id": rule_id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title} ({rule.source})"},
    }


def format_sarif(diags: Sequence[Diagnostic], *, root: Path | None = None) -> str:
    """SARIF 2.1.0, as GitHub code scanning reads it.

    With ``root`` (the dossier folder), every file is named from the top of the git
    repository holding it (else from the current folder), under the base id SRCROOT that
    originalUriBaseIds defines: code-scanning annotations then land on the right files
    wherever the dossier lies in the repository.
    """
    from dossier.core.paths import absolute, repository_root, shown_from

    base = None
    prefix = ""
    if root is not None:
        base = repository_root(root) or Path.cwd()
        prefix = shown_from(root, base)
    ordered = sort_diagnostics(from_here(diags, prefix, base))
    rule_ids = sorted({d.rule for d in ordered})
    results = []
    for d in ordered:
        result: dict[str, Any] = {
            "ruleId": d.rule,
            "ruleIndex": rule_ids.index(d.rule),
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": d.message + (f" Hint: {d.hint}" if d.hint else "")},
        }
        if d.location:
            region: dict[str, int] = {}
            if d.location.line:
                region["startLine"] = d.location.line
                if d.location.col:
                    region["startColumn"] = d.location.col
            artifact: dict[str, Any] = {"uri": d.location.file}
            if Path(d.location.file).is_absolute():  # outside the repository
                artifact["uri"] = Path(d.location.file).as_uri()
            elif base is not None:
                artifact["uriBaseId"] = "SRCROOT"
            phys: dict[str, Any] = {"artifactLocation": artifact}
            if region:
                phys["region"] = region
            result["locations"] = [{"physicalLocation": phys}]
        if d.suppressed is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": d.suppressed}]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "dossier",
                "version": __version__,
                "informationUri": "https://whc.unesco.org/en/guidelines/",
                "rules": [_sarif_rule(r) for r in rule_ids],
            }
        },
        "results": results,
    }
    if base is not None:
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": absolute(base).as_uri() + "/"}}
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
