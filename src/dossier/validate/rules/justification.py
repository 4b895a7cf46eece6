"""Sections 2-3 rules: criteria and category, attributes, integrity and authenticity,
comparative analysis, serial justification and the Statement of OUV."""

from __future__ import annotations

from collections.abc import Iterator

from dossier.core.ids import CRITERIA, CULTURAL_CRITERIA, NATURAL_CRITERIA, Doc
from dossier.load.yamlload import PathKey
from dossier.validate.rulekit import (
    Finding,
    Run,
    dict_entries,
    has_any,
    name_variants,
    roman,
    rule,
)

J = ("justification",)
CRIT = ("justification", "criteria")
ATTRS = ("justification", "attributes")
SOUV = ("justification", "souv")
CA = ("justification", "comparative_analysis")


def _numerals(crits: list[str]) -> str:
    ordered = sorted(set(crits), key=CRITERIA.index)
    return ", ".join(roman(c) for c in ordered)


# --- criteria and category -------------------------------------------------------------


@rule("criteria.category-mismatch")
def category_mismatch(r: Run) -> Iterator[Finding]:
    category = r.get(("property", "category"))
    claimed = r.criteria()
    if not claimed or category not in ("cultural", "natural", "mixed"):
        return
    cultural = [c for _, c in claimed if c in CULTURAL_CRITERIA]
    natural = [c for _, c in claimed if c in NATURAL_CRITERIA]
    if category == "cultural":
        for i, c in claimed:
            if c in NATURAL_CRITERIA:
                yield Finding(
                    (*CRIT, i, "criterion"),
                    f"criterion {roman(c)} is a natural criterion, but the property is cultural "
                    "(property.category: cultural admits (i)-(vi) only)",
                    "Remove the criterion, or set property.category to mixed.",
                )
    elif category == "natural":
        for i, c in claimed:
            if c in CULTURAL_CRITERIA:
                yield Finding(
                    (*CRIT, i, "criterion"),
                    f"criterion {roman(c)} is a cultural criterion, but the property is natural "
                    "(property.category: natural admits (vii)-(x) only)",
                    "Remove the criterion, or set property.category to mixed.",
                )
    else:
        lacking = (
            "natural (vii)-(x)" if not natural else "cultural (i)-(vi)" if not cultural else ""
        )
        if lacking:
            yield Finding(
                ("property", "category"),
                f"the property is mixed but no {lacking} criterion is claimed in 3.1.b "
                f"(claimed: {_numerals(cultural + natural)})",
                "A mixed property claims at least one cultural and one natural criterion; "
                "otherwise change property.category.",
            )
    if r.get(("property", "cultural_landscape")) is True and not cultural:
        yield Finding(
            ("property", "cultural_landscape"),
            "a cultural landscape is a cultural property, but no cultural criterion (i)-(vi) "
            "is claimed",
            "Claim the cultural criteria the landscape meets, or set cultural_landscape: false.",
        )


@rule("criteria.vi-alone")
def vi_alone(r: Run) -> Iterator[Finding]:
    claimed = r.criteria()
    if len(claimed) == 1 and claimed[0][1] == "vi":
        yield Finding(
            (*CRIT, claimed[0][0], "criterion"),
            "criterion (vi) is claimed on its own; the Committee considers it should preferably "
            "be used in conjunction with other criteria",
            "Justify another criterion, or explain why (vi) alone is appropriate.",
        )


@rule("criteria.justification-missing")
def justification_missing(r: Run) -> Iterator[Finding]:
    for i, c in r.criteria():
        path = (*CRIT, i, "justification")
        if not r.text(path).present:
            yield Finding(path, f"criterion {roman(c)} is claimed without a justification")


@rule("criteria.no-attributes")
def no_attributes(r: Run) -> Iterator[Finding]:
    for i, c in r.criteria():
        if not r.get((*CRIT, i, "attributes")):
            yield Finding(
                (*CRIT, i, "attributes"),
                f"criterion {roman(c)} names no attribute that conveys it",
                "List the ids of the attributes (justification.attributes) carrying this value.",
            )


@rule("criteria.souv-mismatch")
def souv_mismatch(r: Run) -> Iterator[Finding]:
    souv = r.get(SOUV)
    if not isinstance(souv, dict):
        return
    paragraphs = souv.get("criteria")
    given = paragraphs if isinstance(paragraphs, dict) else {}
    for _i, c in r.criteria():
        if c not in given:
            yield Finding(
                (*SOUV, "criteria") if "criteria" in souv else SOUV,
                f"criterion {roman(c)} is claimed in 3.1.b but has no paragraph in part (b) of "
                "the Statement of OUV (justification.souv.criteria); the Executive Summary "
                "lists both",
                f"Add '{c}: ...' under justification.souv.criteria.",
            )
        elif not r.text((*SOUV, "criteria", c)).present:
            yield Finding(
                (*SOUV, "criteria", c),
                f"the Statement of OUV paragraph for criterion {roman(c)} is empty",
            )


@rule("criteria.mixed-natural-values")
def mixed_natural_values(r: Run) -> Iterator[Finding]:
    mixed = r.get(("property", "category")) == "mixed"
    landscape = r.get(("property", "cultural_landscape")) is True
    if mixed or landscape:
        what = "mixed property" if mixed else "cultural landscape"
        yield Finding(
            ("property", "category") if mixed else ("property", "cultural_landscape"),
            f"{what}: check that the natural values and their justification are substantial "
            "enough for IUCN's evaluation (natural criteria are often not accepted)",
        )


@rule("ouv.argument")
def ouv_argument(r: Run) -> Iterator[Finding]:
    for i, c in r.criteria():
        yield Finding(
            (*CRIT, i),
            f"judge whether the justification of criterion {roman(c)} is convincing and "
            "supported by the evidence and the attributes named",
        )


# --- attributes ------------------------------------------------------------------------


@rule("attributes.unreferenced")
def attributes_unreferenced(r: Run) -> Iterator[Finding]:
    used: set[str] = set()
    for i, _c in r.criteria():
        ids = r.get((*CRIT, i, "attributes"))
        used.update(a for a in (ids if isinstance(ids, list) else []) if isinstance(a, str))
    for i, attr in dict_entries(r, ATTRS):
        if isinstance(attr.get("id"), str) and attr["id"] not in used:
            yield Finding(
                (*ATTRS, i),
                f"attribute '{attr['id']}' supports none of the claimed criteria",
                "Name it under the attributes of a criterion in 3.1.b, or remove it.",
            )


@rule("attributes.description-missing")
def attributes_description(r: Run) -> Iterator[Finding]:
    for i, attr in dict_entries(r, ATTRS):
        path = (*ATTRS, i, "description")
        if not r.text(path).present:
            yield Finding(path, f"attribute '{attr.get('id')}' is not described")


@rule("attributes.no-component")
def attributes_no_component(r: Run) -> Iterator[Finding]:
    if not r.is_serial():
        return
    for i, attr in dict_entries(r, ATTRS):
        if not attr.get("components") and not attr.get("layer"):
            yield Finding(
                (*ATTRS, i),
                f"attribute '{attr.get('id')}' is linked to no component part and no map layer, "
                "so it cannot be located",
                "Add 'components: [<component id>]' or 'layer: <layer id>'.",
            )


# --- integrity and authenticity --------------------------------------------------------


def _statement_paths(r: Run, name: str) -> list[PathKey]:
    """Where a statement must be: 3.1 and, for a nomination, the Statement of OUV too."""
    paths: list[PathKey] = [(*J, name)]
    if Doc.NOMINATION in r.docs and isinstance(r.get(SOUV), dict):
        paths.append((*SOUV, name))
    return paths


def _missing_statement(r: Run, name: str) -> list[PathKey]:
    paths = _statement_paths(r, name)
    if r.docs == (Doc.TENTATIVE_LIST,):
        # The Tentative List prints the SOUV statement, or 3.1 when there is none.
        both = [(*SOUV, name), (*J, name)]
        return [] if any(r.text(p).present for p in both) else [(*J, name)]
    return [p for p in paths if not r.text(p).present]


def _where_missing(r: Run, path: PathKey, fallback: PathKey) -> PathKey:
    """The path itself when the key is written (empty or not_applicable), else ``fallback``."""
    return path if r.get(path) is not None else fallback


@rule("ouv.integrity-missing")
def integrity_missing(r: Run) -> Iterator[Finding]:
    if not r.has_part("justification"):
        return
    for path in _missing_statement(r, "integrity"):
        where = "the Statement of OUV, part (c)" if "souv" in path else "section 3.1.c"
        state = r.text(path).state
        detail = " (not_applicable is not accepted here)" if state == "not_applicable" else ""
        yield Finding(
            _where_missing(r, path, path[:-1]),
            f"{where} has no statement of integrity{detail}; it is required for every property",
            "Address wholeness, intactness, adequate size and threats (OG para. 88).",
        )


@rule("ouv.authenticity-missing")
def authenticity_missing(r: Run) -> Iterator[Finding]:
    cultural = [(i, c) for i, c in r.criteria() if c in CULTURAL_CRITERIA]
    if not cultural:
        return
    first_i = cultural[0][0]
    for path in _missing_statement(r, "authenticity"):
        where = "the Statement of OUV, part (d)" if "souv" in path else "section 3.1.d"
        fallback = path[:-1] if "souv" in path else (*CRIT, first_i, "criterion")
        yield Finding(
            _where_missing(r, path, fallback),
            f"cultural criteria {_numerals([c for _, c in cultural])} are claimed, so {where} "
            f"needs a statement of authenticity ({'.'.join(str(p) for p in path)})",
            "Name the attributes and the sources of information (form and design, materials, "
            "use, traditions, location and setting...).",
        )


@rule("ouv.authenticity-not-expected")
def authenticity_not_expected(r: Run) -> Iterator[Finding]:
    if r.claims_cultural() or not r.claims_natural():
        return
    for path in ((*J, "authenticity"), (*SOUV, "authenticity")):
        if r.text(path).present:
            yield Finding(
                path,
                "a statement of authenticity is given although only natural criteria are "
                "claimed; authenticity applies to criteria (i)-(vi) only",
                "Remove it, or claim the cultural criteria it supports.",
            )


# Stems (English and French) of the three questions of OG para. 88.
_WHOLENESS = (
    "whole",
    "complete",
    "intact",
    "entire",
    "all the",
    "includes all",
    "intégral",
    "complet",
    "intact",
    "ensemble",
    "tous les",
)
_SIZE = (
    "size",
    "large",
    "area",
    "extent",
    "adequate",
    "sufficient",
    "hectare",
    "boundar",
    "taille",
    "superficie",
    "étendue",
    "suffisan",
    "limite",
)
_THREATS = (
    "threat",
    "develop",
    "neglect",
    "pressure",
    "risk",
    "impact",
    "deteriorat",
    "menace",
    "dévelop",
    "négligence",
    "pression",
    "risque",
    "dégradation",
)


@rule("ouv.integrity-aspects")
def integrity_aspects(r: Run) -> Iterator[Finding]:
    path = (*J, "integrity")
    info = r.text(path)
    if not info.body:
        return
    lacking = [
        name
        for name, stems in (
            ("wholeness and intactness", _WHOLENESS),
            ("adequate size", _SIZE),
            ("threats from development or neglect", _THREATS),
        )
        if not has_any(info.body, stems)
    ]
    if lacking:
        yield Finding(
            path,
            f"the statement of integrity does not seem to address {', '.join(lacking)}",
            "OG para. 88 asks whether the property includes all elements, is large enough, "
            "and suffers from development or neglect.",
        )


_AUTH_ATTRIBUTES = (
    "form",
    "design",
    "material",
    "substance",
    "use",
    "function",
    "tradition",
    "technique",
    "management system",
    "location",
    "setting",
    "language",
    "intangible",
    "spirit",
    "feeling",
    "forme",
    "conception",
    "matéri",
    "usage",
    "fonction",
    "savoir-faire",
    "situation",
    "emplacement",
    "cadre",
    "langue",
    "immatériel",
    "esprit",
    "impression",
)


@rule("ouv.authenticity-attributes")
def authenticity_attributes(r: Run) -> Iterator[Finding]:
    path = (*J, "authenticity")
    info = r.text(path)
    if info.body and r.claims_cultural() and not has_any(info.body, _AUTH_ATTRIBUTES):
        yield Finding(
            path,
            "the statement of authenticity names no attribute through which the value is "
            "truthfully expressed",
            "Cite form and design, materials and substance, use and function, traditions and "
            "techniques, location and setting, or spirit and feeling (OG para. 82).",
        )


# --- comparative analysis --------------------------------------------------------------


@rule("comparative.framework-missing")
def framework_missing(r: Run) -> Iterator[Finding]:
    if not isinstance(r.get(CA), dict):
        return
    path = (*CA, "framework")
    if not r.text(path).present:
        yield Finding(
            _where_missing(r, path, CA),
            "the comparative analysis states no framework: the geo-cultural region (cultural) "
            "or biogeographic framework (natural) within which properties are compared",
            "Add 'framework:' to justification.comparative_analysis.",
        )


@rule("comparative.coverage")
def comparative_coverage(r: Run) -> Iterator[Finding]:
    if not isinstance(r.get(CA), dict):
        return
    comps = [c for _, c in dict_entries(r, (*CA, "comparators"))]
    lacking = []
    if not any(c.get("status") == "world-heritage" for c in comps):
        lacking.append("on the World Heritage List")
    if not any(c.get("status") in ("tentative-list", "none") for c in comps):
        lacking.append("not on the World Heritage List")
    if not any(c.get("scope") == "national" for c in comps):
        lacking.append("in the same State Party (national)")
    if not any(c.get("scope") == "international" for c in comps):
        lacking.append("in other countries (international)")
    if lacking:
        has = r.get((*CA, "comparators")) is not None
        yield Finding(
            (*CA, "comparators") if has else CA,
            f"the comparators include no property {'; none '.join(lacking)}",
            "Compare with similar properties both on and off the List, at national and "
            "international level (status: world-heritage / tentative-list / none; scope).",
        )


@rule("comparative.comparator-unlinked")
def comparator_unlinked(r: Run) -> Iterator[Finding]:
    for i, comp in dict_entries(r, (*CA, "comparators")):
        if not comp.get("criteria") and not comp.get("shared_attributes"):
            yield Finding(
                (*CA, "comparators", i),
                f"comparator '{comp.get('name')}' is not linked to the criteria or attributes "
                "it is compared on",
                "Add 'criteria: [...]' or 'shared_attributes: [...]'.",
            )


@rule("comparative.quality")
def comparative_quality(r: Run) -> Iterator[Finding]:
    if isinstance(r.get(CA), dict):
        yield Finding(
            CA,
            "judge whether the comparative analysis shows that no similar property already "
            "represents these values, and that this property stands out",
        )


@rule("serial.justification-missing")
def serial_justification(r: Run) -> Iterator[Finding]:
    if not r.is_serial() or not isinstance(r.get(CA), dict):
        return
    path = (*CA, "serial_justification")
    if not r.text(path).present:
        yield Finding(
            _where_missing(r, path, CA),
            "the property is serial but the comparative analysis does not justify the serial "
            "approach and the selection of its components",
            "Add 'serial_justification:': why a series, how the components were chosen and "
            "what each contributes.",
        )


@rule("serial.contribution")
def serial_contribution(r: Run) -> Iterator[Finding]:
    if r.is_serial():
        has = r.get(("identification", "components")) is not None
        yield Finding(
            ("identification", "components") if has else ("property", "serial"),
            "check that each component part contributes substantially and discernibly to the "
            "OUV of the series, and that the series is not fragmented",
        )


@rule("serial.component-description-missing")
def component_description(r: Run) -> Iterator[Finding]:
    if not r.is_serial():
        return
    description = r.text(("description", "description"))
    if description.state == "unreadable":
        return
    body = description.body.lower()
    items = r.get(("identification", "components"))
    for i, comp in enumerate(items if isinstance(items, list) else []):
        if not isinstance(comp, dict):
            continue
        if r.text(("identification", "components", i, "description")).present:
            continue
        names = [comp.get("id")] + [n for _, n in name_variants(comp.get("name"))]
        if any(isinstance(n, str) and n and n.lower() in body for n in names):
            continue
        yield Finding(
            ("identification", "components", i),
            f"component {comp.get('id')} is neither described (components[].description) nor "
            "named in section 2.a",
            "Section 2.a describes each component part of a serial property.",
        )


# --- Statement of OUV ------------------------------------------------------------------

_SOUV_PARTS = (
    ("brief_synthesis", "(a) brief synthesis"),
    ("protection_management", "(e) requirements for protection and management"),
)


@rule("souv.part-missing")
def souv_part_missing(r: Run) -> Iterator[Finding]:
    souv = r.get(SOUV)
    if not isinstance(souv, dict):
        return
    for key, label in _SOUV_PARTS:
        path = (*SOUV, key)
        if not r.text(path).present:
            yield Finding(
                _where_missing(r, path, SOUV),
                f"the Statement of OUV has no {label}",
            )
    # Part (b) is checked criterion by criterion (criteria.souv-mismatch), (c) and (d) with
    # the statements of integrity and authenticity (ouv.*).
