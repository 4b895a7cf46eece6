"""The administrative rules (dossier.validate.rules.admin) at their edges.

test_rules.py gives each rule one failing case; here each case also pins what a
specialist reads: the exact message (and hint, where it carries a date or a count) of
every finding, in the order of its place in the files, and the cases that sit on a
boundary (a date exactly one or ten years on, 1 February at a weekend, 30 September,
29 February), so that a changed wording, place, boundary or skipped source fails.
Found by mutation testing (benchmarks/mutation.py validate/rules/admin.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from dossier.core.diagnostics import Diagnostic, Severity
from dossier.load import sources
from dossier.validate import refs, schema

from .conftest import Dossier, Mutation
from .kit import Case, chain, setter

ILLUSTRATIVE = "this content is marked illustrative (a placeholder), which cannot be submitted"


def _contacts_with_lists(flag_first: bool, flag_second: bool) -> Mutation:
    """Preparers, agencies and other institutions as lists, each item flagged."""

    def mutate(d: Dossier) -> None:
        with d.edit("contacts") as c:
            c["preparers"] = [
                {"name": "Team A", "email": "a@example.org", "illustrative": flag_first},
                {"name": "Team B", "email": "b@example.org", "illustrative": flag_second},
            ]
            c["agencies"] = [
                {"name": "Agency A", "address": "1 rue", "country": "France", "email": "a@x.fr"},
                {
                    "name": "Agency B",
                    "address": "2 rue",
                    "country": "France",
                    "email": "b@x.fr",
                    "illustrative": flag_second,
                },
            ]
            c["other_institutions"] = [{"name": "Museum", "illustrative": flag_second}]

    return mutate


def _flag_everywhere(flag: bool) -> Mutation:
    """illustrative: FLAG on the dossier, the boundaries, every contact and the signature."""
    return chain(
        setter("dossier", "illustrative", value=flag),
        setter("identification", "boundaries", "illustrative", value=flag),
        setter("contacts", "preparer", "illustrative", value=flag),
        setter("contacts", "agency", "illustrative", value=flag),
        _contacts_with_lists(False, flag),
        setter("signatures", "signatures", 0, "illustrative", value=flag),
    )


def _unlist(part: str) -> Mutation:
    return setter("dossier", "parts", part, delete=True)


def _dates(**values: str) -> Mutation:
    """Set fields of dossier.yaml's dates."""

    def mutate(d: Dossier) -> None:
        with d.edit("dossier") as m:
            m["dates"].update(values)

    return mutate


def _claim_vi(d: Dossier) -> None:
    with d.edit("justification") as j:
        j["criteria"].append(
            {"criterion": "vi", "justification": "A legend.", "attributes": ["ramparts"]}
        )
        j["souv"]["criteria"] = {"iii": "A rare fort.", "vi": "Associated with a legend."}


def _says(*messages: str, hints: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"messages": list(messages), "hints": list(hints)}


CASES: list[Case] = [
    # --- submission.illustrative-content: every place a placeholder can be flagged ----
    Case(
        "submission.illustrative-content",
        _flag_everywhere(True),
        [
            ("dossier", r"^illustrative: true", 1),
            ("identification", r"^  illustrative: true", 1),
            ("contacts", r"^  illustrative: true", 1),  # preparer
            ("contacts", r"^  illustrative: true", 2),  # agency
            ("contacts", r"^  illustrative: true", 3),  # preparers[1]
            ("contacts", r"^  illustrative: true", 4),  # agencies[1]
            ("contacts", r"^  illustrative: true", 5),  # other_institutions[0]
            ("signatures", r"^  illustrative: true", 1),
        ],
        stage="submission",
        name="every-place",
        extra=_says(*[ILLUSTRATIVE] * 8),
    ),
    Case(
        "submission.illustrative-content",
        _flag_everywhere(False),
        [],
        stage="submission",
        name="every-place-false",
    ),
    Case(
        "submission.illustrative-content",
        _unlist("signatures"),
        [],
        stage="submission",
        docs=("tentative-list",),
        name="no-signatures-part",
    ),
    # --- signatures -----------------------------------------------------------------
    Case(
        "signature.authority",
        chain(
            setter("signatures", "signatures", 0, "name", value=""),
            setter("signatures", "signatures", 0, "title", value=""),
        ),
        [("signatures", r"state_party: FR", 1)],
        name="unnamed",
        extra=_says("check that the signatory (no title) is authorised to sign on behalf of FR"),
    ),
    Case(
        "signature.authority",
        _unlist("signatures"),  # reported by dossier.part-missing
        [],
        name="no-signatures-part",
    ),
    Case(
        "signature.undated",
        chain(
            setter("signatures", "signatures", 0, "name", value=""),
            setter("signatures", "signatures", 0, "date", delete=True),
        ),
        [("signatures", r"state_party: FR", 1)],
        name="unnamed",
        extra=_says(
            "the signature of the signatory has no date", hints=("Add 'date: YYYY-MM-DD'.",)
        ),
    ),
    # --- copies ---------------------------------------------------------------------
    Case(
        "submission.printed-copies",
        setter("dossier", "property", "category", value="mixed"),
        [("dossier", r"^printed_copies: 2", 1)],
        name="mixed-2",
        extra=_says(
            "2 printed copies reported; mixed properties and cultural landscapes need 3 "
            "identical copies"
        ),
    ),
    Case(
        "submission.printed-copies",
        chain(
            setter("dossier", "property", "cultural_landscape", value=True),
            setter("dossier", "printed_copies", delete=True),
        ),
        [("dossier", r"^format_version:", 1)],
        name="landscape-not-stated",
        extra=_says(
            "dossier.yaml does not say how many printed copies are sent (3 for mixed "
            "properties and cultural landscapes)",
            hints=("Add 'printed_copies: 3' to dossier.yaml.",),
        ),
    ),
    Case(
        "submission.printed-copies",
        setter("dossier", "printed_copies", delete=True),
        [("dossier", r"^format_version:", 1)],
        name="cultural-not-stated",
        extra=_says(
            "dossier.yaml does not say how many printed copies are sent (2 for cultural or "
            "natural properties)",
            hints=("Add 'printed_copies: 2' to dossier.yaml.",),
        ),
    ),
    Case(
        "submission.electronic-copies",
        setter("dossier", "electronic_copies", value=["pdf"]),
        [],
        stage="submission",
        name="pdf-only",
    ),
    # --- timetable: 1 February, the Friday before it, and 30 September ------------------
    Case(
        "timetable.submission-deadline",
        _dates(planned_submission="2025-02-01"),  # a Saturday: the deadline is Friday 31 Jan
        [("dossier", r"^  planned_submission:", 1)],
        name="saturday-1-february",
        extra=_says(
            "planned submission on 2025-02-01 is after the deadline of 2025-01-31 (1 February):"
            " the nomination would only be registered for the 2026 cycle",
            hints=("Submit by 2025-01-31, or plan for 1 February 2026.",),
        ),
    ),
    Case(
        "timetable.submission-deadline",
        _dates(planned_submission="2025-01-31"),
        [],
        name="friday-before-a-saturday-1-february",
    ),
    Case(
        "timetable.submission-deadline",
        _dates(planned_submission="2026-09-30"),  # 1 February 2026 is a Sunday
        [("dossier", r"^  planned_submission:", 1)],
        name="30-september",
        extra=_says(
            "planned submission on 2026-09-30 is after the deadline of 2026-01-30 (1 February):"
            " the nomination would only be registered for the 2027 cycle",
        ),
    ),
    Case(
        "timetable.submission-deadline",
        _dates(planned_submission="2026-10-01"),
        [],
        name="1-october-is-the-next-cycle",
    ),
    Case(
        "timetable.draft-deadline",
        _dates(planned_submission="2026-03-02", draft_for_comments="2026-10-01"),
        [("dossier", r"^  draft_for_comments:", 1)],
        name="next-cycle",
        extra=_says(
            "the draft for comments (2026-10-01) is later than 30 September 2026, so the "
            "Centre cannot comment on it before the 2027-02-01 deadline"
        ),
    ),
    Case(
        "timetable.draft-deadline",
        _dates(planned_submission="2026-03-02", draft_for_comments="2026-09-30"),
        [],
        name="next-cycle-30-september",
    ),
    # --- timetable: one and ten years, 29 February --------------------------------------
    Case(
        "timetable.tentative-list-too-late",
        _dates(tentative_list_entry="2024-02-29", planned_submission="2025-01-30"),
        [("dossier", r"^  tentative_list_entry:", 1)],
        name="29-february",
        extra=_says(
            "the Tentative List entry (2024-02-29) is less than one year before the planned "
            "submission (2025-01-30)",
            hints=("Submit on or after 2025-02-28.",),
        ),
    ),
    Case(
        "timetable.tentative-list-too-late",
        _dates(tentative_list_entry="2025-01-30"),
        [],
        name="one-year-exactly",
    ),
    Case(
        "timetable.tentative-list-too-late",
        _dates(tentative_list_entry="2024-06-01"),
        [],
        name="less-than-two-years",
    ),
    Case(
        "timetable.tentative-list-outdated",
        _dates(tentative_list_entry="2015-06-01"),
        [("dossier", r"^  tentative_list_entry:", 1)],
        name="ten-years-and-a-half",
        extra=_says(
            "the Tentative List entry (2015-06-01) is more than ten years older than the "
            "document (2026-01-15)"
        ),
    ),
    Case(
        "timetable.tentative-list-outdated",
        _dates(tentative_list_entry="2016-01-15"),
        [],
        name="ten-years-exactly",
    ),
    Case(
        "timetable.preliminary-assessment-too-late",
        _dates(preliminary_assessment_outcome="2025-01-30"),
        [],
        name="one-year-exactly",
    ),
    # --- contacts -------------------------------------------------------------------
    Case(
        "contacts.incomplete",
        setter("contacts", "preparer", "email", delete=True),
        [("contacts", r"^  name: Anna Smith", 1)],
        name="preparer",
        extra=_says(
            "the contact details of the preparer (8.a) lack an e-mail address or telephone"
        ),
    ),
    Case(
        "contacts.incomplete",
        setter("contacts", "preparer", "email", delete=True),
        [("contacts", r"^  name: Anna Smith", 1)],
        docs=("tentative-list",),
        name="tentative-list-preparer",
        extra=_says(
            "the contact details of the preparer (8.a) lack an e-mail address or telephone"
        ),
    ),
    Case(
        "contacts.incomplete",
        setter("contacts", "agency", "address", delete=True),
        [],
        docs=("tentative-list",),
        name="tentative-list-needs-no-agency",
    ),
    # --- parts and language ---------------------------------------------------------
    Case(
        "dossier.part-missing",
        _unlist("contacts"),
        [("dossier", r"^parts:", 1)],
        docs=("nomination", "tentative-list"),
        name="two-documents",
        extra=_says(
            "section 8, Contact Information is needed by the nomination and the Tentative List entry "
            "but dossier.yaml lists no part file for it"
        ),
    ),
    Case(
        "text.working-language-missing",
        chain(
            setter("dossier", "language", value="fr"),
            setter("description", "description", value={"en": "A hill fort."}),
        ),
        [("description", r"^  en:", 1)],
        name="french-dossier",
        extra=_says(
            "this text is given in en but not in 'fr', the working language of the dossier",
            hints=("Add the 'fr:' version; the documents are submitted in English or French.",),
        ),
    ),
    Case(
        "text.working-language-missing",
        chain(
            setter("dossier", "language", delete=True),
            setter("description", "description", value={"fr": "Un oppidum."}),
        ),
        [("description", r"^  fr:", 1)],
        name="language-unstated-is-english",
        extra=_says(
            "this text is given in fr but not in 'en', the working language of the dossier"
        ),
    ),
    Case(
        "text.working-language-missing",
        setter("description", "description", value={"fr": "Un oppidum.", "ru": "Городище."}),
        [("description", r"^  fr:", 1)],
        name="two-other-languages",
        extra=_says(
            "this text is given in fr, ru but not in 'en', the working language of the dossier"
        ),
    ),
    Case(
        "text.working-language-missing",
        setter("description", "description", value={"fr": {"file": "text/history.md"}}),
        [("description", r"^  fr:", 1)],
        name="in-a-file",
        extra=_says(
            "this text is given in fr but not in 'en', the working language of the dossier"
        ),
    ),
    Case(
        "text.working-language-missing",
        chain(
            setter(
                "dossier",
                "suppressions",
                value=[
                    {
                        "rule": "contacts.website-missing",
                        "at": "contacts",
                        "reason": "The fort has no website of its own.",
                    }
                ],
            ),
            setter("description", "description", value={"fr": "Un oppidum."}),
        ),
        [("description", r"^  fr:", 1)],
        name="after-suppressions",
        extra=_says(
            "this text is given in fr but not in 'en', the working language of the dossier"
        ),
    ),
    Case(
        "text.working-language-missing",
        # Keyed by criterion: (iii) and (vi) look like language codes (vi: Vietnamese).
        _claim_vi,
        [],
        name="statement-criteria-are-not-languages",
    ),
    Case(
        "text.working-language-missing",
        # Word budgets are keyed by section; any key is accepted, and numbers are not texts.
        setter("dossier", "checks", value={"budget_words": {"fr": 100, "ru": 200}}),
        [],
        name="numbers-keyed-like-languages",
    ),
]


def _structural_errors(d: Dossier) -> list[Diagnostic]:
    """Errors of loading, the schema and references: with any, the rules do not run, and
    a case expecting no finding would pass for nothing."""
    src = sources.load(d.root)
    found = [*src.diagnostics, *schema.validate(src), *refs.check(src)]
    return [x for x in found if x.severity is Severity.ERROR]


def _case_id(c: Case) -> str:
    return c.rule + (f"[{c.name}]" if c.name else "")


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_admin_rule_findings(dossier: Dossier, case: Case) -> None:
    """Exactly the findings expected: place, message, and hint where given."""
    case.mutate(dossier)
    assert _structural_errors(dossier) == []
    found = dossier.findings(case.rule, case.stage, case.docs)
    got = sorted(
        (d.location.file, d.location.line, d.message) for d in found if d.location is not None
    )
    assert len(got) == len(found)
    messages = case.extra.get("messages", [])
    assert len(messages) == len(case.where)
    want = sorted(
        (*dossier.line(part, pattern, nth), msg)
        for (part, pattern, nth), msg in zip(case.where, messages, strict=True)
    )
    assert got == want
    hints = case.extra.get("hints", [])
    if hints:
        assert [d.hint for d in found] == hints
