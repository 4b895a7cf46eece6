"""todo.not-yet-written: every placeholder of the sources, in the author's words."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from dossier.validate import placeholders
from dossier.validate.rulekit import Finding, Run, rule

VALUE_HINT = (
    "Replace {todo: ...} with the text (inline, or {file: text/....md}), or with "
    "{not_applicable: reason} where a section does not apply."
)
COMMENT_HINT = "Set the value, then delete the '# TODO' comment."


def _not_yet_written(r: Run) -> Iterator[Finding]:
    for p in placeholders.find(r.src):
        yield Finding(
            p.path, f"not yet written: {p.text}", COMMENT_HINT if p.comment else VALUE_HINT
        )


# Reported even when the schema check found errors elsewhere: the list of what is left
# to write is useful at every point of a draft.
not_yet_written = dataclasses.replace(
    rule(placeholders.TODO_RULE)(_not_yet_written), needs_valid=False
)
