"""Failing and passing cases of the rules of sections 2-3 (dossier.validate.rules.justification)
past the one failing case of each in test_rules.py: criteria other than the first, the
fallback places of statements not written, the Tentative List's reading of the statements,
and the conditions under which a rule stays silent.

test_rules.py runs them with its own cases (the wording is a golden file under review);
each mutates the complete minimal dossier (cultural, criterion (iii) with its attribute
'ramparts', a Statement of OUV, two comparators).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .conftest import Dossier
from .kit import Case, chain, criterion, serial, setter


def category(value: str) -> Callable[[Dossier], None]:
    return setter("dossier", "property", "category", value=value)


landscape = setter("dossier", "property", "cultural_landscape", value=True)


def only_natural(d: Dossier) -> None:
    """Natural, criterion (x) only, without statements of authenticity."""
    with d.edit("dossier") as m:
        m["property"]["category"] = "natural"
    with d.edit("justification") as j:
        j["criteria"][0]["criterion"] = "x"
        j["souv"]["criteria"] = {"x": "Habitat of threatened species."}
        del j["authenticity"]
        del j["souv"]["authenticity"]
        for comp in j["comparative_analysis"]["comparators"]:
            comp["criteria"] = ["x"]


def comparators(*changes: dict[str, Any]) -> Callable[[Dossier], None]:
    def mutate(d: Dossier) -> None:
        with d.edit("justification") as j:
            for comp, change in zip(j["comparative_analysis"]["comparators"], changes, strict=True):
                comp.update(change)

    return mutate


def finds_layer(d: Dossier) -> None:
    """A map layer 'finds' of attributes: one point inside the property."""
    point = {
        "type": "Feature",
        "properties": {"id": "finds"},
        "geometry": {"type": "Point", "coordinates": [2.005, 45.005]},
    }
    d.write("geo/finds.geojson", json.dumps({"type": "FeatureCollection", "features": [point]}))
    with d.edit("identification") as ident:
        ident["boundaries"].setdefault("layers", []).append(
            {"id": "finds", "title": "Finds", "file": "geo/finds.geojson", "kind": "attributes"}
        )


TL = ("tentative-list",)

CASES: list[Case] = [
    # --- criteria and category -----------------------------------------------------------
    Case(
        "criteria.category-mismatch",
        chain(category("natural"), criterion("x")),
        [("justification", r"criterion: iii", 1)],
        name="natural-with-one-cultural-of-two",
    ),
    Case(
        "criteria.category-mismatch",
        chain(only_natural, category("mixed")),
        [("dossier", r"^  category: mixed", 1)],
        name="mixed-with-natural-only",
    ),
    Case(
        "criteria.category-mismatch",
        chain(category("mixed"), criterion("v"), criterion("iv")),
        [("dossier", r"^  category: mixed", 1)],
        name="mixed-with-three-cultural",
    ),
    Case(
        "criteria.category-mismatch",
        chain(only_natural, category("mixed"), lambda d: _criteria(d, "ix", "vii")),
        [("dossier", r"^  category: mixed", 1)],
        name="mixed-with-vii-and-ix",
    ),
    Case(
        "criteria.justification-missing",
        criterion("v", justification=""),
        [("justification", r"^  justification: ''", 1)],
        name="second",
    ),
    Case(
        "criteria.no-attributes",
        criterion("v", attributes=[]),
        [("justification", r"^  attributes: \[\]", 1)],
        name="second",
    ),
    Case(
        "criteria.souv-mismatch",
        setter("justification", "souv", "criteria", "iii", value=""),
        [("justification", r"^    iii:", 1)],
        name="empty-paragraph",
    ),
    Case(
        "criteria.mixed-natural-values",
        landscape,
        [("dossier", r"^  cultural_landscape:", 1)],
        name="cultural-landscape",
    ),
    # --- attributes -----------------------------------------------------------------------
    Case(
        "attributes.no-component",
        chain(
            serial,
            setter("justification", "attributes", 0, "components", value=[]),
            lambda d: _attribute(d, {"id": "ditch", "name": "Ditch", "description": "A ditch."}),
        ),
        [("justification", r"^- id: ramparts", 1), ("justification", r"^- id: ditch", 1)],
        name="two",
    ),
    # --- integrity and authenticity -------------------------------------------------------
    Case(
        "ouv.integrity-missing",
        setter("justification", "integrity", value={"not_applicable": "Not relevant."}),
        [("justification", r"^  not_applicable:", 1)],
        name="3.1.c-not-applicable",
    ),
    Case(
        "ouv.integrity-missing",
        chain(
            setter("justification", "integrity", value=""),
            setter("justification", "souv", "integrity", value=""),
        ),
        [("justification", r"^integrity:", 1)],
        docs=TL,
        name="tentative-list-neither",
    ),
    Case(
        "ouv.authenticity-missing",
        chain(
            category("mixed"),
            lambda d: _criteria(d, "x", "iii", "v"),
            setter("justification", "authenticity", delete=True),
        ),
        [("justification", r"criterion: iii", 1)],
        stage="submission",
        name="first-cultural-of-mixed",
    ),
    Case(
        "ouv.authenticity-missing",
        chain(
            setter("justification", "authenticity", value=""),
            setter("justification", "souv", "authenticity", value=""),
        ),
        [("justification", r"^authenticity:", 1), ("justification", r"^  authenticity:", 1)],
        stage="submission",
        name="both-empty",
    ),
    Case(
        "ouv.authenticity-missing",
        chain(
            setter("justification", "authenticity", delete=True),
            setter("justification", "souv", "authenticity", delete=True),
        ),
        [("justification", r"criterion: iii", 1)],
        stage="submission",
        docs=TL,
        name="tentative-list-neither",
    ),
    Case(
        "ouv.authenticity-not-expected",
        chain(only_natural, setter("justification", "souv", "authenticity", value="Genuine.")),
        [("justification", r"^  authenticity:", 1)],
        name="souv-only",
    ),
    Case(
        "ouv.integrity-aspects",
        setter(
            "justification",
            "integrity",
            value="The ramparts are complete and the property is large enough.",
        ),
        [("justification", r"^integrity:", 1)],
        name="threats",
    ),
    Case(
        "ouv.integrity-aspects",
        setter("justification", "integrity", value="Nothing threatens the large fort."),
        [("justification", r"^integrity:", 1)],
        name="wholeness",
    ),
    # --- comparative analysis -------------------------------------------------------------
    Case(
        "comparative.framework-missing",
        setter("justification", "comparative_analysis", "framework", value=""),
        [("justification", r"^  framework:", 1)],
        name="empty",
    ),
    Case(
        "comparative.coverage",
        comparators(
            {"status": "world-heritage", "scope": "national"},
            {"status": "world-heritage", "scope": "national"},
        ),
        [("justification", r"^  - name: Fort A", 1)],
        name="two-lacking",
    ),
    Case(
        "comparative.coverage",
        setter("justification", "comparative_analysis", "comparators", value=[]),
        [("justification", r"^  comparators: \[\]", 1)],
        name="none",
    ),
    Case(
        "serial.justification-missing",
        chain(
            serial,
            setter("justification", "comparative_analysis", "serial_justification", value=""),
        ),
        [("justification", r"^  serial_justification:", 1)],
        name="empty",
    ),
    Case(
        "serial.contribution",
        setter("dossier", "property", "serial", value=True),
        [("dossier", r"^  serial:", 1)],
        name="no-component-listed",
    ),
    Case(
        "serial.component-description-missing",
        chain(
            serial,
            setter("identification", "components", 0, "description", value=""),
            setter("identification", "components", 1, "description", delete=True),
            setter("description", "description", value="The fort has two ramparts."),
        ),
        [("identification", r"id: '?001", 1), ("identification", r"id: '?002", 1)],
        name="neither",
    ),
    Case(
        "serial.component-description-missing",
        chain(
            serial,
            setter("identification", "components", 0, "description", delete=True),
            setter("identification", "components", 1, "description", delete=True),
            setter("description", "description", value="The North fort has two ramparts."),
        ),
        [("identification", r"id: '?002", 1)],
        name="first-named-in-2a",
    ),
    Case(
        "souv.part-missing",
        chain(
            setter("justification", "souv", "brief_synthesis", value=""),
            setter("justification", "souv", "protection_management", value=""),
        ),
        [
            ("justification", r"^  brief_synthesis:", 1),
            ("justification", r"^  protection_management:", 1),
        ],
        name="two",
    ),
]


def _attribute(d: Dossier, attr: dict[str, Any]) -> None:
    with d.edit("justification") as j:
        j["attributes"].append(attr)
        j["criteria"][0]["attributes"].append(attr["id"])


def _criteria(d: Dossier, *numerals: str) -> None:
    """Claim exactly ``numerals``, in this order."""
    with d.edit("justification") as j:
        j["criteria"] = [
            {"criterion": n, "justification": "A value.", "attributes": ["ramparts"]}
            for n in numerals
        ]
        j["souv"]["criteria"] = {n: "A value." for n in numerals}


PASSING: list[Case] = [
    Case(
        "ouv.authenticity-not-expected",
        chain(category("mixed"), criterion("x")),
        [],
        name="mixed",
    ),
    Case("attributes.no-component", serial, [], name="linked-to-components"),
    Case(
        "criteria.category-mismatch",
        chain(landscape, criterion("v")),
        [],
        name="cultural-landscape-with-cultural",
    ),
    Case("criteria.vi-alone", criterion("vi"), [], name="vi-second"),
    Case(
        "criteria.vi-alone",
        chain(
            setter("justification", "criteria", 0, "criterion", value="v"),
            setter("justification", "souv", "criteria", value={"v": "Land use."}),
        ),
        [],
        name="v-alone",
    ),
    Case(
        "attributes.no-component",
        chain(
            serial,
            setter("justification", "attributes", 0, "components", delete=True),
            finds_layer,
            setter("justification", "attributes", 0, "layer", value="finds"),
        ),
        [],
        name="on-a-layer",
    ),
    Case(
        "ouv.integrity-missing",
        setter("justification", "integrity", value=""),
        [],
        docs=TL,
        name="tentative-list-souv",
    ),
    Case(
        "ouv.integrity-missing",
        setter("justification", "souv", "integrity", value=""),
        [],
        docs=TL,
        name="tentative-list-3.1.c",
    ),
    Case(
        "ouv.integrity-missing",
        setter("justification", "souv", "integrity", value=""),
        [],
        docs=("preliminary-assessment",),
        name="preliminary-assessment-has-no-souv",
    ),
    Case(
        "ouv.authenticity-missing",
        setter("justification", "authenticity", delete=True),
        [],
        stage="submission",
        docs=TL,
        name="tentative-list-souv",
    ),
    Case(
        "ouv.authenticity-attributes",
        chain(only_natural, setter("justification", "authenticity", value="It is genuine.")),
        [],
        name="natural",
    ),
    Case(
        "ouv.integrity-aspects",
        setter("justification", "integrity", value={"not_applicable": "Not relevant."}),
        [],
        name="no-statement",
    ),
    Case(
        "comparative.coverage",
        comparators({"status": "tentative-list"}, {}),
        [],
        name="tentative-list-is-off-the-list",
    ),
    Case(
        "comparative.comparator-unlinked",
        chain(
            setter(
                "justification", "comparative_analysis", "comparators", 1, "criteria", delete=True
            ),
            setter(
                "justification",
                "comparative_analysis",
                "comparators",
                1,
                "shared_attributes",
                value=["ramparts"],
            ),
        ),
        [],
        name="shared-attributes",
    ),
    Case(
        "serial.component-description-missing",
        chain(
            serial,
            setter("identification", "components", 1, "description", delete=True),
            setter("description", "description", value="Component 002 has one rampart."),
        ),
        [],
        name="id-in-2a",
    ),
    Case(
        "serial.component-description-missing",
        chain(
            serial,
            setter("identification", "components", 1, "description", delete=True),
            setter("description", "description", value={"file": "text/2a.md"}),
            lambda d: d.write("text/2a.md", b"The \xff fort.\n"),
        ),
        [],
        name="2a-not-utf8",
    ),
]
