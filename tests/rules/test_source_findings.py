"""Failing cases of the source findings (reading YAML, schema, references, images) that
no case folder shows: each edit of the complete dossier is reported with its exact id,
at the place edited. Their passing case is the complete dossier
(test_rules.py::test_complete_dossier_reports_nothing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from .conftest import Dossier
from .kit import setter


@dataclass(frozen=True)
class Edit:
    rule: str
    mutate: Callable[[Dossier], None]
    file: str  # where the finding must be
    line: int | None  # its line (None: the file as a whole)
    message: str  # a part of the message


def _append(rel: str, text: str) -> Callable[[Dossier], None]:
    def mutate(d: Dossier) -> None:
        path = d.root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return mutate


def _write(rel: str, text: str) -> Callable[[Dossier], None]:
    return lambda d: d.write(rel, text)


EDITS = [
    Edit(
        "yaml.key",
        _append("parts/monitoring.yaml", "? [a, b]\n: c\n"),
        "parts/monitoring.yaml",
        11,
        "mapping keys must be plain text",
    ),
    Edit(
        "yaml.too-deep",
        _append("parts/monitoring.yaml", "deep: " + "[" * 70 + "]" * 70 + "\n"),
        "parts/monitoring.yaml",
        11,
        "nesting deeper than 64 levels",
    ),
    Edit(
        "file.too-large",
        _append("parts/monitoring.yaml", "# " + "x" * (4 * 1024 * 1024) + "\n"),
        "parts/monitoring.yaml",
        None,
        "the limit is 4,194,304",
    ),
    Edit(
        "path.invalid",
        setter("dossier", "bibliography", value=5),
        "dossier.yaml",
        27,
        "a file path is expected here",
    ),
    Edit(
        "schema.const",
        setter("dossier", "format_version", value=2),
        "dossier.yaml",
        1,
        "'format_version' must be 1, not 2",
    ),
    Edit(
        "schema.pattern",
        setter("dossier", "property", "states_parties", 0, "code", value="France"),
        "dossier.yaml",
        6,
        "'France' is not in the expected form for 'code'",
    ),
    Edit(
        "schema.min-properties",
        setter("dossier", "property", "name", value={}),
        "dossier.yaml",
        4,
        "'name' needs at least 1 entry",
    ),
    Edit(
        "schema.min-length",
        setter(
            "dossier",
            "suppressions",
            value=[{"rule": "x.y", "at": "property.name", "reason": "short"}],
        ),
        "dossier.yaml",
        31,
        "'reason' is too short (at least 10 characters)",
    ),
    Edit(
        "schema.range",
        setter("dossier", "printed_copies", value=-1),
        "dossier.yaml",
        15,
        "'printed_copies' must be at least 1, not -1",
    ),
    Edit(
        "schema.shape",
        setter("description", "description", value=["a list"]),
        "parts/description.yaml",
        2,
        "'description' is not a valid prose (found a list)",
    ),
    Edit(
        "ref.unknown-component",
        setter("justification", "attributes", 0, "components", value=["nowhere"]),
        "parts/justification.yaml",
        12,
        "unknown component 'nowhere'",
    ),
    Edit(
        "ref.unknown-layer",
        setter("justification", "attributes", 0, "layer", value="nowhere"),
        "parts/justification.yaml",
        11,
        "unknown layer 'nowhere'",
    ),
    Edit(
        "ref.unknown-criterion",
        setter("justification", "souv", "criteria", value={"iii": "T.", "v": "U."}),
        "parts/justification.yaml",
        37,
        "unknown criterion 'v'",
    ),
    Edit(
        "ref.unknown-map",
        setter("executive_summary", "maps", value=["map-9"]),
        "parts/summary.yaml",
        3,
        "unknown map 'map-9'",
    ),
    Edit(
        "ref.unknown-document",
        setter("protection", "management_plan", "document", value="nowhere"),
        "parts/protection.yaml",
        18,
        "unknown document 'nowhere'",
    ),
    Edit(
        "images.unknown-section",
        setter("documentation", "images", 0, "section", value="9.z"),
        "parts/documentation.yaml",
        10,
        "image 'photo-1' is placed in section '9.z', which no official format has",
    ),
]


@pytest.mark.parametrize(
    "edit", [pytest.param(e, marks=pytest.mark.reports(e.rule), id=e.rule) for e in EDITS]
)
def test_an_edit_is_reported_at_its_place(dossier: Dossier, edit: Edit) -> None:
    edit.mutate(dossier)
    found = dossier.findings(edit.rule)
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        (edit.file, edit.line)
    ]
    assert edit.message in found[0].message
    assert found[0].severity.value == "error" or edit.rule == "images.unknown-section"
