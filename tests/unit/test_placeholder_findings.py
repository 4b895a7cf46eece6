"""todo.not-yet-written: one finding per placeholder, in the author's words, with the hint
that fits its form (a {todo: ...} value, or a '# TODO' comment on a value's line)."""

from __future__ import annotations

from pathlib import Path

from dossier import api
from dossier.core.diagnostics import Diagnostic, Location, Severity
from dossier.core.ids import Stage

DESCRIPTION = (
    'description: {todo: "2.a Description of the property"}\n'
    "history: {file: text/history.md}  # TODO: date the second rampart\n"
)


def _todos(root: Path, stage: Stage = Stage.DRAFT) -> list[Diagnostic]:
    result = api.check(root, stage=stage)
    return [d for d in result.diagnostics if d.rule == "todo.not-yet-written"]


def test_a_value_and_a_comment_placeholder_each_give_their_own_finding(minimal: Path) -> None:
    (minimal / "parts" / "description.yaml").write_text(DESCRIPTION, encoding="utf-8")
    value, comment = _todos(minimal)
    assert value.location == Location("parts/description.yaml", 1, 14)
    assert value.message == "not yet written: 2.a Description of the property"
    assert (value.hint or "").startswith(
        "Replace {todo: ...} with the text (inline, or {file: text/....md}), or with "
        "{not_applicable: reason} where a section does not apply."
    )
    assert comment.location == Location("parts/description.yaml", 2, 17)
    assert comment.message == "not yet written: date the second rampart"
    assert (comment.hint or "").startswith("Set the value, then delete the '# TODO' comment.")
    assert value.severity is comment.severity is Severity.WARNING


def test_placeholders_are_errors_at_submission(minimal: Path) -> None:
    (minimal / "parts" / "description.yaml").write_text(DESCRIPTION, encoding="utf-8")
    found = _todos(minimal, Stage.SUBMISSION)
    assert [(d.location.line, d.severity) for d in found if d.location] == [
        (1, Severity.ERROR),
        (2, Severity.ERROR),
    ]
