"""The completeness report: one self-contained HTML page a reviewer can read.

For each requested document, every official section of its format profile with its
status (complete, missing, error, warning, needs human judgement, not applicable), the
findings placed there with their source locations, and at the end the justified
suppressions with the reasons the authors gave. Never reads the clock, never fetches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jinja2

from dossier.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from dossier.core.ids import Doc
from dossier.formats.outline import Fill, Profile, Section, profile_for
from dossier.load.sources import PART_KEYS, Sources
from dossier.load.yamlload import PathKey
from dossier.validate import rulebook
from dossier.validate.coverage import NOT_APPLICABLE_ALLOWED, budget, required, section_words
from dossier.validate.rulekit import Run, get_path, text_info

if TYPE_CHECKING:
    from dossier.core.ids import Stage
    from dossier.i18n.coverage import Coverage
    from dossier.validate.result import CheckResult

# Fill blocks computed from other sources (boundaries, manifest): never "empty" themselves.
_COMPUTED = {
    ("block", "coordinates"),
    ("block", "country"),
    ("block", "site-type"),
    ("table", "areas"),
    ("block", "tentative-list-summary"),
    ("block", "region"),
    ("block", "property-name"),
}

# Errors that stop the UNESCO rules from running (they need well-formed sources).
_STRUCTURAL_PREFIXES = frozenset({"yaml", "schema", "ref", "path", "file"})

STATUS_ORDER = ("missing", "error", "warning", "checklist", "complete", "not-applicable", "empty")
STATUS_LABEL = {
    "missing": "missing",
    "error": "error",
    "warning": "warning",
    "checklist": "needs human judgement",
    "complete": "complete",
    "not-applicable": "not applicable",
    "empty": "optional, empty",
}


def _is_missing_rule(rule_id: str) -> bool:
    if rule_id == "schema.required":
        return True
    if not rulebook.known(rule_id):
        return False
    meta = rulebook.get(rule_id)
    return meta.level == "staged" and (rule_id.endswith("missing") or rule_id.endswith("empty"))


@dataclass
class Finding:
    diag: Diagnostic
    title: str
    source: str


@dataclass
class SectionRow:
    section: Section
    title: str
    other_title: str
    status: str
    findings: list[Finding] = field(default_factory=list)
    words: int | None = None
    note: str = ""
    budget: int | None = None
    # "French: 12 of 15 passages translated (80 %)" when checked with --lang.
    translation: str = ""


@dataclass
class DocBlock:
    doc: str
    profile: Profile | None
    rows: list[SectionRow]


def _finding(d: Diagnostic) -> Finding:
    if rulebook.known(d.rule):
        meta = rulebook.get(d.rule)
        return Finding(d, meta.title, meta.source)
    return Finding(d, "", "")


# --- where a finding belongs -----------------------------------------------------------


def _span(src: Sources, path: PathKey) -> tuple[str, int, int] | None:
    if path and path[0] in PART_KEYS:
        smap = src.maps.get(str(path[0]))
        inner = path[1:]
    else:
        smap = src.maps.get("")
        inner = path
    if smap is None or inner not in smap.spans:
        return None
    first, last = smap.spans[inner]
    return smap.file, first, last


def _section_paths(sec: Section) -> list[PathKey]:
    return [p for p in sec.paths() if p]


class _Placer:
    """Find the section of a profile where a diagnostic belongs."""

    def __init__(self, src: Sources, profile: Profile) -> None:
        self.profile = profile
        self.spans: list[tuple[Section, str, int, int]] = []
        for sec in profile.sections:
            for path in _section_paths(sec):
                span = _span(src, path)
                if span is not None:
                    self.spans.append((sec, *span))
        nomination = profile_for(Doc.NOMINATION)
        self.annex5 = {s.number: s for s in nomination.sections} if nomination else {}

    def by_rule(self, rule_id: str) -> Section | None:
        if not rulebook.known(rule_id):
            return None
        number = rulebook.get(rule_id).section
        ref = self.annex5.get(number) if number else None
        if ref is None:
            return None
        if self.profile.document == Doc.NOMINATION:
            return ref
        # The same source fields in this profile: the section printing the first of them,
        # else any section sharing one.
        wanted = _section_paths(ref)
        for path in wanted[:1]:
            for sec in self.profile.sections:
                if path in _section_paths(sec):
                    return sec
        for sec in self.profile.sections:
            if set(wanted) & set(_section_paths(sec)):
                return sec
        return None

    def by_location(self, d: Diagnostic) -> Section | None:
        loc = d.location
        if loc is None or loc.line is None:
            return None
        best: tuple[int, Section] | None = None
        for sec, file, first, last in self.spans:
            if file == loc.file and first <= loc.line <= last:
                size = last - first
                if best is None or size < best[0]:
                    best = (size, sec)
        return best[1] if best else None

    def place(self, d: Diagnostic) -> Section | None:
        """The rule's own section; or, when it is the place of the finding or contains it,
        the section of the finding's location (more precise)."""
        by_rule = self.by_rule(d.rule)
        by_location = self.by_location(d)
        if by_rule is None:
            return by_location
        if by_location is not None and self._within(by_location, by_rule):
            return by_location
        return by_rule

    def _within(self, inner: Section, outer: Section) -> bool:
        order = list(self.profile.sections)
        start = order.index(outer)
        end = start + 1
        while end < len(order) and order[end].depth > outer.depth:
            end += 1
        return start <= order.index(inner) < end


# --- status of a section ---------------------------------------------------------------


def _fill_state(src: Sources, fill: Fill) -> str:
    """'text', 'not_applicable' or 'absent' for one fill entry."""
    if (fill.kind, fill.name) in _COMPUTED:
        return "text"
    if fill.kind == "text":
        states = [text_info(src, p).state for p in fill.paths]
        if "text" in states or "unreadable" in states:
            return "text"
        return "not_applicable" if "not_applicable" in states else "absent"
    if not fill.paths:
        return "text"  # a block this report does not know: assume it is printed
    for path in fill.paths:
        value = get_path(src.data, path)
        if value not in (None, [], {}, ""):
            return "text"
    return "absent"


def _status(src: Sources, r: Run, sec: Section, findings: list[Finding]) -> tuple[str, str]:
    live = [f.diag for f in findings if f.diag.suppressed is None]
    needed = [f for f in sec.fills if not f.optional]
    states = [_fill_state(src, f) for f in needed]
    is_required = required(sec, r)
    note = ""
    if needed and all(s == "not_applicable" for s in states):
        reasons = [text_info(src, f.paths[0]).reason or "" for f in needed if f.kind == "text"]
        note = "; ".join(x for x in reasons if x)
        allowed = all(f.paths[0] in NOT_APPLICABLE_ALLOWED for f in needed)
        if not is_required or allowed:
            return "not-applicable", note
    empty = bool(needed) and all(s != "text" for s in states)
    if any(_is_missing_rule(d.rule) for d in live) or (is_required and empty):
        return "missing", note
    if any(d.severity is Severity.ERROR for d in live):
        return "error", note
    if any(d.severity is Severity.WARNING for d in live):
        return "warning", note
    if empty and not is_required:
        return "empty", note
    if any(d.severity is Severity.CHECKLIST for d in live):
        return "checklist", note
    return "complete", note


def _worst(statuses: Iterable[str]) -> str:
    found = [s for s in statuses if s in STATUS_ORDER]
    return min(found, key=STATUS_ORDER.index) if found else "complete"


# --- assembling the report -------------------------------------------------------------


def _doc_block(
    src: Sources,
    doc: str,
    stage: str,
    diags: Sequence[Diagnostic],
    placed: set[int],
    translation: Coverage | None = None,
) -> DocBlock:
    profile = profile_for(doc, src.data)
    if profile is None:
        return DocBlock(doc, None, [])
    lang = src.data.get("language") if src.data.get("language") in ("en", "fr") else "en"
    other = "fr" if lang == "en" else "en"
    run = Run(src, (doc,), stage, rulebook.get("section.missing"))
    placer = _Placer(src, profile)
    by_section: dict[str, list[Finding]] = {s.key: [] for s in profile.sections}
    for i, d in enumerate(diags):
        if rulebook.known(d.rule) and doc not in rulebook.get(d.rule).documents:
            continue
        sec = placer.place(d)
        if sec is not None:
            by_section[sec.key].append(_finding(d))
            placed.add(i)
    rows: list[SectionRow] = []
    for sec in profile.sections:
        found = by_section[sec.key]
        status, note = _status(src, run, sec, found) if sec.fills else ("complete", "")
        limit = budget(src.data, sec)
        words = section_words(run, sec)[0] if limit else None
        rows.append(
            SectionRow(
                sec,
                sec.title_fr if lang == "fr" and sec.title_fr else sec.title_en,
                sec.title_fr if other == "fr" else sec.title_en,
                status,
                found,
                words,
                note,
                limit,
                _translated(translation, doc, sec.key),
            )
        )
    # A heading without content of its own takes the worst status of its subsections.
    for i, row in enumerate(rows):
        if row.section.fills:
            continue
        subs = []
        for below in rows[i + 1 :]:
            if below.section.depth <= row.section.depth:
                break
            subs.append(below.status)
        row.status = _worst(subs)
    return DocBlock(doc, profile, rows)


def _translated(cov: Coverage | None, doc: str, key: str) -> str:
    """What share of a section the edition in another language has translated."""
    share = cov.for_section(doc, key) if cov else None
    if cov is None or share is None:
        return ""
    from dossier.validate.translation import language_name

    text = (
        f"{language_name(cov.lang)}: {share.translated} of {share.total} passages translated "
        f"({share.percent} %)"
    )
    late = share.stale + share.broken
    return text + (f", {late} to update" if late else "")


def build_report(
    result: CheckResult, docs: Sequence[Doc | str], stage: Stage | str
) -> dict[str, Any]:
    """Everything the HTML page shows, as plain data (also handy for tests)."""
    src = result.src
    diags = sort_diagnostics(result.diagnostics)
    placed: set[int] = set()
    blocks = [
        _doc_block(src, str(doc), str(stage), diags, placed, result.translation) for doc in docs
    ]
    general = [_finding(d) for i, d in enumerate(diags) if i not in placed]
    live = [d for d in diags if d.suppressed is None]
    counts = {
        "error": sum(d.severity is Severity.ERROR for d in live),
        "warning": sum(d.severity is Severity.WARNING for d in live),
        "checklist": sum(d.severity is Severity.CHECKLIST for d in live),
        "suppressed": len(diags) - len(live),
    }
    structural = [
        d
        for d in live
        if d.severity is Severity.ERROR and d.rule.split(".")[0] in _STRUCTURAL_PREFIXES
    ]
    return {
        "rules_ran": not structural,
        "name": _property_name(src),
        "lang": src.data.get("language") if src.data.get("language") in ("en", "fr") else "en",
        "folder": src.root.name,
        "stage": str(stage),
        "docs": [str(d) for d in docs],
        "date": get_path(src.data, ("dates", "document")) or "",
        "failed": result.failed(),
        "counts": counts,
        "blocks": blocks,
        "general": general,
        "suppressions": _suppressions(src, diags),
        "status_label": STATUS_LABEL,
    }


def _property_name(src: Sources) -> str:
    from dossier.load.textvalue import name_text

    lang = src.data.get("language")
    return name_text(
        get_path(src.data, ("property", "name")), lang if isinstance(lang, str) else "en"
    )


@dataclass
class SuppressionRow:
    rule: str
    at: str
    reason: str
    where: str
    silenced: list[Diagnostic]


def _suppressions(src: Sources, diags: Sequence[Diagnostic]) -> list[SuppressionRow]:
    items = src.data.get("suppressions")
    rows = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        rule, reason = str(item.get("rule", "")), str(item.get("reason", ""))
        silenced = [d for d in diags if d.rule == rule and d.suppressed == reason]
        rows.append(
            SuppressionRow(
                rule,
                str(item.get("at", "")),
                reason,
                str(src.locate(("suppressions", i))),
                silenced,
            )
        )
    return rows


_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 64em;
  color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { margin-top: 2em; border-bottom: 2px solid #ccc; }
.meta { color: #555; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { text-align: left; vertical-align: top; padding: .35em .5em;
  border-bottom: 1px solid #e4e4e4; }
th { background: #f4f4f4; }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
.alt { color: #777; font-size: .9em; }
.status { display: inline-block; padding: .05em .5em; border-radius: .6em;
  font-size: .85em; white-space: nowrap; }
.s-complete { background: #dcf3dc; }
.s-missing, .s-error { background: #f8c9c4; }
.s-warning { background: #fbe9b7; }
.s-checklist { background: #d7e6fa; }
.s-not-applicable, .s-empty { background: #eee; }
.d { margin: .3em 0; }
.sev { font-weight: 600; }
.rule, .loc { font-family: monospace; font-size: .9em; }
.loc { color: #444; }
.hint, .src { color: #666; font-size: .9em; }
.suppressed { opacity: .6; }
tr.depth0 td:first-child, tr.depth0 td:nth-child(2) { font-weight: 600; }
.verdict-fail { color: #a31919; font-weight: 600; }
.verdict-ok { color: #19702a; font-weight: 600; }
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ r.lang }}">
<head>
<meta charset="utf-8">
<title>Completeness report: {{ r.name }}</title>
<style>{{ css }}</style>
</head>
<body>
<h1>Completeness report</h1>
<p><strong>{{ r.name }}</strong></p>
<p class="meta">Dossier folder: {{ r.folder }} · Stage: {{ r.stage }}
 · Documents: {{ r.docs | join(", ") }}
{% if r.date %} · Document date: {{ r.date }}{% endif %}</p>
<p>{% if r.failed %}<span class="verdict-fail">Not ready: errors must be fixed.</span>
{% else %}<span class="verdict-ok">No errors.</span>{% endif %}
{{ r.counts.error }} error(s), {{ r.counts.warning }} warning(s),
{{ r.counts.checklist }} item(s) needing human judgement, {{ r.counts.suppressed }} suppressed.</p>
{% if not r.rules_ran %}
<p class="verdict-fail">The UNESCO rules did not run: the sources have structural errors (YAML,
schema, references or files). Fix them first; the statuses below only show which sections have
content.</p>
{% endif %}
<p class="hint">In a draft, missing content is a warning; at submission it is an error.
Items needing human judgement are never a pass: a reviewer must read and decide.</p>
{% macro finding(f) %}
{% set d = f.diag %}
<div class="d{% if d.suppressed is not none %} suppressed{% endif %}">
<span class="sev">{% if d.suppressed is not none %}suppressed {% endif %}
{{- d.severity.value }}</span>
<span class="rule">[{{ d.rule }}]</span> {{ d.message }}
{% if d.location %}<br><span class="loc">{{ d.location }}
{%- if d.location.detail %} ({{ d.location.detail }}){% endif %}</span>{% endif %}
{% if f.source %} <span class="src">· {{ f.source }}</span>{% endif %}
{% if d.hint %}<br><span class="hint">{{ d.hint }}</span>{% endif %}
{% if d.suppressed is not none %}
<br><span class="hint">Reason given: {{ d.suppressed }}</span>
{% endif %}
</div>
{% endmacro %}
{% for b in r.blocks %}
<h2>{{ b.doc }}{% if b.profile %}: {{ b.profile.title_en }}{% endif %}</h2>
{% if b.profile %}
<p class="meta">Format profile {{ b.profile.id }} ({{ b.profile.edition }})</p>
<table>
<thead><tr><th>Section</th><th>Title</th><th>Status</th><th>Findings</th></tr></thead>
<tbody>
{% for row in b.rows %}
<tr class="depth{{ row.section.depth }}" id="{{ b.doc }}-{{ row.section.key }}">
<td class="num">{{ row.section.number }}</td>
<td>{{ row.title }}
{% if row.other_title %}<br><span class="alt">{{ row.other_title }}</span>{% endif %}
{% if row.words is not none %}
<br><span class="alt">{{ row.words }} / {{ row.budget }} words</span>
{% endif %}</td>
<td><span class="status s-{{ row.status }}">{{ r.status_label[row.status] }}</span>
{% if row.note %}<br><span class="alt">{{ row.note }}</span>{% endif %}
{% if row.translation %}<br><span class="alt">{{ row.translation }}</span>{% endif %}</td>
<td>{% for f in row.findings %}{{ finding(f) }}{% endfor %}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p>No format profile is available for this document.</p>
{% endif %}
{% endfor %}
<h2>Whole dossier</h2>
{% if r.general %}
{% for f in r.general %}{{ finding(f) }}{% endfor %}
{% else %}<p>No finding outside the sections above.</p>{% endif %}
<h2>Justified suppressions</h2>
{% if r.suppressions %}
<table>
<thead><tr><th>Rule</th><th>Place</th><th>Reason given</th><th>Findings silenced</th></tr>
</thead>
<tbody>
{% for s in r.suppressions %}
<tr><td class="rule">{{ s.rule }}</td>
<td><span class="loc">{{ s.at }}</span><br><span class="alt">declared at {{ s.where }}</span></td>
<td>{{ s.reason }}</td>
<td>{% for d in s.silenced %}
<div class="d"><span class="loc">{{ d.location }}</span> {{ d.message }}</div>
{% else %}<span class="alt">none (this suppression matches no finding)</span>{% endfor %}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% else %}<p>None: no finding was suppressed.</p>{% endif %}
</body>
</html>
"""


def _env() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True)


def render_html(result: CheckResult, docs: Sequence[Doc | str], stage: Stage | str) -> str:
    """The completeness report of a checked dossier, as one self-contained HTML page."""
    template = _env().from_string(_TEMPLATE)
    return template.render(r=build_report(result, docs, stage), css=_CSS)
