"""The catalogue of UNESCO rules that `dossier check` applies, as data.

Each rule is one small checker function in ``dossier.validate.rules``, made with
@rule(id) for the id below; this module holds what a reader needs to know about it (severity, title,
the Operational Guidelines paragraph or Annex section it comes from, the documents it
applies to), so that `dossier rules` can list the catalogue without running anything.

Severity of a rule:

* ``error`` / ``warning``: at every stage;
* ``staged``: missing content, a WARNING in a ``draft`` and an ERROR at ``submission``;
* ``submission``: only reported at ``submission`` (as an ERROR), silent in a draft;
* ``checklist``: a point a human must judge; reported as a checklist item, never a pass.

Sources: "OG para. N" is a paragraph of the Operational Guidelines (WHC.23/01);
"Annex 5, 3.1.d" is a section of the nomination format; "L7" is a lint rule derived
from the Advisory Bodies' most frequent findings (docs: unesco-formats.md section 7).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from dossier.core.diagnostics import Severity
from dossier.core.ids import ALL_DOCS, Doc

Level = Literal["error", "warning", "staged", "submission", "checklist"]
Kind = Literal["machine", "checklist"]

_N = (Doc.NOMINATION,)
_NP = (Doc.NOMINATION, Doc.PRELIMINARY_ASSESSMENT)
_NPT = ALL_DOCS


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    title: str
    source: str
    documents: tuple[str, ...]
    # Official section of the nomination format the rule is about ("" for the whole dossier).
    section: str = ""

    @property
    def kind(self) -> Kind:
        return "checklist" if self.level == "checklist" else "machine"

    def applies_to(self, docs: tuple[str, ...]) -> bool:
        return any(d in self.documents for d in docs)

    def severity(self, stage: str) -> Severity | None:
        """Severity of a finding at this stage; None when the rule is silent at it."""
        if self.level == "error":
            return Severity.ERROR
        if self.level == "warning":
            return Severity.WARNING
        if self.level == "checklist":
            return Severity.CHECKLIST
        if self.level == "submission":
            return Severity.ERROR if stage == "submission" else None
        return Severity.ERROR if stage == "submission" else Severity.WARNING

    def severity_label(self) -> str:
        return {
            "staged": "error (warning in draft)",
            "submission": "error (at submission only)",
        }.get(self.level, self.level)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "severity": self.level,
            "severity_draft": _sev_name(self.severity("draft")),
            "severity_submission": _sev_name(self.severity("submission")),
            "title": self.title,
            "source": self.source,
            "documents": list(self.documents),
            "kind": self.kind,
            "section": self.section,
        }


def _sev_name(sev: Severity | None) -> str | None:
    return sev.value if sev is not None else None


def _r(
    rule_id: str, level: Level, title: str, source: str, docs: tuple[str, ...], section: str = ""
) -> Rule:
    return Rule(rule_id, level, title, source, docs, section)


# fmt: off
RULES: tuple[Rule, ...] = (
    # --- 2.1 Administrative and submission rules --------------------------------------
    _r("dossier.part-missing", "staged",
       "A chapter the document needs has no part file in dossier.yaml",
       "OG para. 132; Annex 5", _NPT),
    _r("section.missing", "staged",
       "A required section of the format profile is empty",
       "OG para. 132; Annex 5 / Annex 3 / Annex 2A", _NPT),
    _r("text.working-language-missing", "staged",
       "A text given in several languages lacks the dossier's working language (en or fr)",
       "OG para. 132; Annex 5 (English or French)", _NPT),
    _r("submission.illustrative-content", "submission",
       "Illustrative (placeholder) content in a dossier being submitted",
       "OG para. 132", _NPT),
    _r("submission.printed-copies", "staged",
       "Printed copies: 2 for cultural or natural, 3 for mixed properties and cultural landscapes",
       "OG para. 132 (via para. 122); Annex 5", _NP),
    _r("signature.missing-state-party", "staged",
       "A State Party of the nomination has no signature in section 9",
       "Annex 5, 9", _NP, "9"),
    _r("signature.undated", "staged",
       "A signature has no date",
       "Annex 5, 9", _NP, "9"),
    _r("signature.authority", "checklist",
       "Check that each signatory is authorised to sign for the State Party",
       "Annex 5, 9", _NP, "9"),
    # --- timetable (OG para. 168) ------------------------------------------------------
    _r("timetable.submission-date-missing", "staged",
       "No planned submission date: the timetable cannot be checked",
       "OG para. 168", _N),
    _r("timetable.submission-deadline", "staged",
       "The complete nomination must reach the Centre by 1 February",
       "OG para. 168", _N),
    _r("timetable.draft-deadline", "warning",
       "The optional draft must reach the Centre by 30 September of the year before",
       "OG para. 168", _N),
    _r("timetable.tentative-list-date-missing", "staged",
       "No date of entry on the Tentative List",
       "OG paras. 63 and 65", _N),
    _r("timetable.tentative-list-too-late", "staged",
       "Tentative List entry less than one year before submission",
       "OG para. 65", _N),
    _r("timetable.tentative-list-outdated", "warning",
       "Tentative List entry older than ten years (re-examine and resubmit it)",
       "OG para. 65", _NPT),
    _r("timetable.preliminary-assessment-missing", "warning",
       "No date of the Preliminary Assessment outcome",
       "OG para. 122", _N),
    _r("timetable.preliminary-assessment-too-late", "staged",
       "Preliminary Assessment outcome less than one year before submission",
       "OG para. 122", _N),
    # --- 2.2 Executive Summary ---------------------------------------------------------
    _r("summary.boundary-description-missing", "staged",
       "Executive Summary: no textual description of the boundaries",
       "Annex 5, Executive Summary", _N, "executive-summary"),
    _r("summary.map-missing", "staged",
       "Executive Summary: no A4/A3 map of the boundaries and buffer zone",
       "Annex 5, Executive Summary", _N, "executive-summary"),
    _r("criteria.souv-mismatch", "staged",
       "A criterion of 3.1.b has no paragraph in the Statement of OUV (3.3 b)",
       "Annex 5, 3.1.b and 3.3; OG para. 155", _N, "3.3"),
    # --- 2.3 Identification ------------------------------------------------------------
    _r("name.too-long", "error",
       "Name of the property longer than 200 characters",
       "Annex 5, 1.c", _NPT, "1.c"),
    _r("serial.too-few-components", "error",
       "A serial property needs at least two component parts",
       "OG para. 137", _NPT, "1.d"),
    _r("serial.component-map-missing", "staged",
       "A component part appears on no map",
       "Annex 5, 1.d and 1.e", _N, "1.e"),
    _r("buffer-zone.missing-justification", "staged",
       "No buffer zone, and no statement of why none is needed",
       "OG para. 104; Annex 5, 1.e and 1.f", _NP, "1.f"),
    _r("maps.topographic-missing", "staged",
       "No map of the whole property and buffer zone (overview or topographic)",
       "Annex 5, 1.e (i)", _NP, "1.e"),
    _r("maps.location-missing", "staged",
       "No location map placing the property within the State Party",
       "Annex 5, 1.e (ii)", _N, "1.e"),
    _r("maps.metadata-incomplete", "staged",
       "A supplied map lacks its scale, date, projection or datum",
       "Annex 5, 1.e", _N, "1.e"),
    _r("maps.legal-protection", "checklist",
       "Check that zones of special legal protection are shown on a map",
       "Annex 5, 1.e (i)", _N, "1.e"),
    # --- 2.4 Description and justification ---------------------------------------------
    _r("serial.component-description-missing", "staged",
       "Section 2.a does not describe a component part",
       "Annex 5, 2.a", _N, "2.a"),
    _r("criteria.category-mismatch", "error",
       "Category disagrees with the criteria (cultural i-vi, natural vii-x, mixed both)",
       "OG paras. 45-47 and 77", _NPT, "3.1.b"),
    _r("criteria.vi-alone", "warning",
       "Criterion (vi) claimed alone; the Committee prefers it with other criteria",
       "OG para. 77 (vi)", _NPT, "3.1.b"),
    _r("criteria.justification-missing", "staged",
       "A claimed criterion has no justification",
       "Annex 5, 3.1.b", _NPT, "3.1.b"),
    _r("criteria.no-attributes", "staged",
       "A claimed criterion names no attribute that conveys it",
       "Annex 5, 3.1.b", _NP, "3.1.b"),
    _r("attributes.unreferenced", "warning",
       "An attribute supports no claimed criterion",
       "Annex 5, 3.1.b", _NP, "2.a"),
    _r("attributes.description-missing", "staged",
       "An attribute is not described",
       "Annex 5, 2.a", _NP, "2.a"),
    _r("attributes.no-component", "warning",
       "Serial property: an attribute is linked to no component part or map layer",
       "OG para. 137; L5", _NP, "2.a"),
    _r("ouv.integrity-missing", "staged",
       "Statement of integrity missing (3.1.c or SOUV c); required for every property",
       "OG paras. 87-88; Annex 5, 3.1.c", _NPT, "3.1.c"),
    _r("ouv.authenticity-missing", "staged",
       "Statement of authenticity missing while a cultural criterion (i)-(vi) is claimed",
       "OG para. 79; Annex 5, 3.1.d", _NPT, "3.1.d"),
    _r("ouv.authenticity-not-expected", "warning",
       "Statement of authenticity given for a property with natural criteria only",
       "OG para. 79; Annex 5, 3.1.d", _NPT, "3.1.d"),
    _r("ouv.integrity-aspects", "warning",
       "Integrity statement does not address wholeness, size and threats",
       "OG para. 88; L10", _NP, "3.1.c"),
    _r("ouv.authenticity-attributes", "warning",
       "Authenticity statement names no attribute (form, materials, use, setting...)",
       "OG para. 82; L10", _NP, "3.1.d"),
    _r("ouv.argument", "checklist",
       "Judge whether the justification of each criterion holds up against the evidence",
       "OG paras. 77-78", _NPT, "3.1.b"),
    _r("criteria.mixed-natural-values", "checklist",
       "Mixed property or cultural landscape: check that the natural values are substantial",
       "OG para. 46; L13", _NP, "3.1.b"),
    _r("comparative.framework-missing", "staged",
       "Comparative analysis states no geo-cultural or biogeographic framework",
       "Annex 5, 3.2; L1", _NP, "3.2"),
    _r("comparative.coverage", "staged",
       "Comparators do not cover properties on and off the List, national and international",
       "OG para. 132; Annex 5, 3.2; L3", _NPT, "3.2"),
    _r("comparative.comparator-unlinked", "warning",
       "A comparator is not linked to the criteria or attributes it is compared on",
       "Annex 5, 3.2; L2", _NP, "3.2"),
    _r("comparative.quality", "checklist",
       "Judge whether the comparative analysis demonstrates the property's importance",
       "Annex 5, 3.2; OG para. 132", _NPT, "3.2"),
    _r("serial.justification-missing", "staged",
       "Serial property without a justification of the serial approach",
       "OG para. 137; Annex 5, 3.2; L4", _NP, "3.2"),
    _r("serial.contribution", "checklist",
       "Serial property: check that each component contributes to the OUV",
       "OG para. 137; L4", _NP, "3.2"),
    _r("souv.part-missing", "staged",
       "The Statement of OUV lacks one of its parts (a) to (e)",
       "OG para. 155; Annex 5, 3.3", _N, "3.3"),
    # --- 2.5 Conservation, protection and monitoring -----------------------------------
    _r("conservation.factor-missing", "staged",
       "A factor of 4.b is not addressed (use not_applicable with a reason)",
       "Annex 5, 4.b", _N, "4.b"),
    _r("conservation.population-outdated", "warning",
       "The population estimate (4.b v) is dated after the document or over ten years old",
       "Annex 5, 4.b (v)", _N, "4.b (v)"),
    _r("conservation.development-projects-undisclosed", "staged",
       "Development projects in or near the property are not disclosed (or none_known stated)",
       "Annex 5, 4.b (i); L12", _N, "4.b (i)"),
    _r("conservation.project-impact-assessment", "warning",
       "A planned or ongoing project names no heritage or environmental impact assessment",
       "OG para. 118bis; L12", _N, "4.b (i)"),
    _r("conservation.development-projects-review", "checklist",
       "Check that every development project in or near the property is disclosed",
       "ICOMOS evaluation practice; L12", _N, "4.b (i)"),
    _r("protection.designation-missing", "staged",
       "No legal instrument protecting the property is listed in 5.b",
       "OG paras. 97-98; Annex 5, 5.b", _N, "5.b"),
    _r("protection.not-in-force", "staged",
       "Legal protection not in force on the document date (status or date)",
       "OG paras. 97-98; L7", _NP, "5.b"),
    _r("protection.legal-text-missing", "staged",
       "A protective designation has no annexed legal text in 7.b",
       "Annex 5, 5.b and 7.b", _N, "5.b"),
    _r("protection.management-plan-missing", "staged",
       "No management plan or documented management system annexed",
       "OG para. 108; Annex 5, 5.e", _N, "5.e"),
    _r("protection.management-plan-draft", "staged",
       "The management plan is a draft or in preparation",
       "OG para. 108; L8", _N, "5.e"),
    _r("protection.management-plan-expired", "staged",
       "The management plan expired before the document date",
       "OG para. 108; L8", _N, "5.e"),
    _r("protection.management-plan-coverage", "warning",
       "The management plan does not cover the buffer zone",
       "OG paras. 108-109; L8", _N, "5.e"),
    _r("serial.management-framework-missing", "staged",
       "Serial or transnational property: no management covering all components",
       "OG para. 114; L4", _N, "5.e"),
    _r("protection.risk-preparedness-missing", "warning",
       "The management plan does not address disaster and climate risk preparedness",
       "OG para. 118; L8", _N, "5.e"),
    _r("protection.management-plan-language", "checklist",
       "Plan not in English or French: check that 5.e describes its provisions in detail",
       "Annex 5, 5.e", _N, "5.e"),
    _r("protection.effectiveness", "checklist",
       "Judge whether the legal protection is effective and enforced, not only on paper",
       "OG paras. 97-98", _N, "5.c"),
    _r("monitoring.indicator-periodicity", "staged",
       "A monitoring indicator has no periodicity",
       "Annex 5, 6.a; L9", _N, "6.a"),
    _r("monitoring.indicator-responsible", "staged",
       "A monitoring indicator has no responsible body",
       "Annex 5, 6.a-6.b; L9", _N, "6.a"),
    _r("monitoring.indicator-records", "staged",
       "A monitoring indicator does not say where its records are kept",
       "Annex 5, 6.a; L9", _N, "6.a"),
    _r("monitoring.indicator-attributes", "warning",
       "A monitoring indicator is tied to no attribute",
       "Annex 5, 6.a; L9", _N, "6.a"),
    # --- 2.6 Documentation and contacts ------------------------------------------------
    _r("images.inventory-empty", "staged",
       "The image inventory (7.a) is empty",
       "Annex 5, 7.a", _N, "7.a"),
    _r("images.cession-missing", "warning",
       "No non-exclusive cession of rights to UNESCO for an image",
       "Annex 5, 7.a; L14", _N, "7.a"),
    _r("images.owner-contact-missing", "staged",
       "An image names no contact for its copyright owner",
       "Annex 5, 7.a; L14", _N, "7.a"),
    _r("bibliography.missing", "staged",
       "No bibliography (7.e)",
       "Annex 5, 7.e", _N, "7.e"),
    _r("contacts.incomplete", "staged",
       "Contact details of the preparer or the agency are incomplete",
       "Annex 5, 8.a-8.b and Executive Summary", _NPT, "8"),
    _r("contacts.website-missing", "warning",
       "No official web address (8.d)",
       "Annex 5, 8.d", _N, "8.d"),
    # --- 2.7 human judgement -----------------------------------------------------------
    _r("boundaries.adequacy", "checklist",
       "Judge whether the boundaries include every attribute and are large enough",
       "OG paras. 99-100", _NP, "1.e"),
    _r("buffer-zone.adequacy", "checklist",
       "Judge whether the buffer zone protects the setting and is legally backed",
       "OG paras. 103-107", _N, "1.e"),
    _r("management.effectiveness", "checklist",
       "Judge management: resources, staffing, participation, risk preparedness",
       "OG paras. 108-118", _N, "5.e"),
    _r("attributes.within-boundaries", "checklist",
       "Check that the attributes named in the text lie inside the mapped boundary",
       "OG para. 99; L5", _NP, "1.e"),
    # --- L15 clarity -------------------------------------------------------------------
    _r("length.over-budget", "warning",
       "A section is longer than the word budget of the format profile",
       "L15 (soft budget; format profile budget_words)", _NPT),
)
# fmt: on

_BY_ID = {r.id: r for r in RULES}


def get(rule_id: str) -> Rule:
    return _BY_ID[rule_id]


def known(rule_id: str) -> bool:
    return rule_id in _BY_ID


def select(docs: tuple[str, ...] | None = None) -> list[Rule]:
    rules = list(RULES) if not docs else [r for r in RULES if r.applies_to(docs)]
    return sorted(rules, key=lambda r: r.id)


def format_text(rules: list[Rule]) -> str:
    """One rule per line: id, severity, documents, source; then the title, indented."""
    width = max((len(r.id) for r in rules), default=0)
    sev_width = max((len(r.severity_label()) for r in rules), default=0)
    lines = []
    for r in rules:
        docs = ",".join(_DOC_ABBR[d] for d in r.documents)
        lines.append(f"{r.id:<{width}}  {r.severity_label():<{sev_width}}  {docs:<5}  {r.source}")
        lines.append(f"{'':<{width}}  {r.title}")
    lines.append("")
    n_check = sum(r.kind == "checklist" for r in rules)
    lines.append(
        f"{len(rules)} rule(s): {len(rules) - n_check} machine-checked, {n_check} checklist "
        "(human judgement). Documents: N nomination, P preliminary-assessment, T tentative-list."
    )
    return "\n".join(lines)


_DOC_ABBR: dict[str, str] = {
    Doc.NOMINATION: "N",
    Doc.PRELIMINARY_ASSESSMENT: "P",
    Doc.TENTATIVE_LIST: "T",
}


def format_json(rules: list[Rule]) -> str:
    return json.dumps(
        {"format": 1, "rules": [r.as_dict() for r in rules]}, ensure_ascii=False, indent=2
    )
