"""The UNESCO rules that `dossier check` applies, and `dossier rules`' listing.

Every diagnostic id (UNESCO rules and the yaml.*, schema.*, geo.*, render.* ... ids) is
catalogued as data in ``templates/rules/catalogue.yaml`` (read by ``dossier.core.catalogue``):
severity per stage, title, source, documents. This module is the validate stage's view
of it: each UNESCO rule is one @rule function in ``dossier.validate.rules`` registered
under its id, and takes its severity from the catalogue.

Severity of a rule:

* ``error`` / ``warning`` / ``note``: at every stage;
* ``staged``: a WARNING in a ``draft`` and an ERROR at ``submission``;
* ``submission``: only reported at ``submission`` (as an ERROR), silent in a draft;
* ``checklist``: a point a human must judge; reported as a checklist item, never a pass.

Sources: "OG para. N" is a paragraph of the Operational Guidelines (WHC.23/01);
"Annex 5, 3.1.d" is a section of the nomination format; rules that no paragraph or
annex item requires say "guidance" and name whose guidance it is (the Advisory Bodies',
or the project's).
"""

from __future__ import annotations

import json
from typing import Any

from dossier.core import catalogue
from dossier.core.catalogue import GROUPS, Level, Rule
from dossier.core.ids import ALL_DOCS, Doc

__all__ = [
    "ALL_DOCS",
    "GROUPS",
    "Level",
    "Rule",
    "all_rules",
    "format_json",
    "format_text",
    "get",
    "known",
    "select",
    "unesco_rules",
]


def all_rules() -> tuple[Rule, ...]:
    """Every catalogued diagnostic id."""
    return catalogue.rules()


def unesco_rules() -> tuple[Rule, ...]:
    """The UNESCO rules: each has one @rule function."""
    return tuple(r for r in catalogue.rules() if r.group == "unesco")


def __getattr__(name: str) -> Any:
    if name == "RULES":  # the UNESCO rules, as this module used to hold them
        return unesco_rules()
    raise AttributeError(name)


def get(rule_id: str) -> Rule:
    return catalogue.get(rule_id)


def known(rule_id: str) -> bool:
    return catalogue.known(rule_id)


def select(
    docs: tuple[str, ...] | None = None, groups: tuple[str, ...] | None = None
) -> list[Rule]:
    """Catalogue entries for these documents and groups (all when None), sorted by id."""
    rules = [
        r
        for r in catalogue.rules()
        if (not docs or r.applies_to(docs)) and (not groups or r.group in groups)
    ]
    return sorted(rules, key=lambda r: r.id)


_GROUP_TITLES = {
    "sources": "Reading the sources (YAML, files, paths, schemas, references)",
    "prose": "Prose",
    "bibliography": "Bibliography",
    "geometry": "Boundaries, areas and coordinates",
    "translation": "Translated editions (catalogues of other languages)",
    "unesco": "UNESCO rules (Operational Guidelines, formats, Advisory Bodies' guidance)",
    "build": "Building documents",
}


def format_text(rules: list[Rule]) -> str:
    """Grouped; one rule per line (id, severity, documents, source), then its title."""
    width = max((len(r.id) for r in rules), default=0)
    sev_width = max((len(r.severity_label()) for r in rules), default=0)
    lines: list[str] = []
    for group in GROUPS:
        members = [r for r in rules if r.group == group]
        if not members:
            continue
        if lines:
            lines.append("")
        lines.append(f"## {_GROUP_TITLES[group]}")
        for r in members:
            docs = ",".join(_DOC_ABBR[d] for d in r.documents)
            lines.append(
                f"{r.id:<{width}}  {r.severity_label():<{sev_width}}  {docs:<5}  {r.source}"
            )
            extra = f" [{r.command}]" if r.command != "check" else ""
            lines.append(f"{'':<{width}}  {r.title}{extra}")
            if r.varies:
                lines.append(f"{'':<{width}}  severity: {r.varies}")
    lines.append("")
    n_check = sum(r.kind == "checklist" for r in rules)
    lines.append(
        f"{len(rules)} rule(s): {len(rules) - n_check} machine-checked, {n_check} checklist "
        "(human judgement). Documents: N nomination, P preliminary-assessment, T tentative-list. "
        "[build], [export-gis], [bib-import]: reported by that command, not by 'dossier check'. "
        "L1-L15: lint rules derived from the weaknesses ICOMOS finds most often in nominations."
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
