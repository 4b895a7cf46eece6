"""The ids the whole pipeline shares: documents, stages and output formats (one definition).

They are string enums, so a member equals its id ("nomination" == Doc.NOMINATION) and
format profiles, rule catalogues and the command line can name them as plain text.
"""

from __future__ import annotations

import enum


class Doc(enum.StrEnum):
    """A document the dossier can produce (the `document:` of a format profile)."""

    NOMINATION = "nomination"
    PRELIMINARY_ASSESSMENT = "preliminary-assessment"
    TENTATIVE_LIST = "tentative-list"


class Stage(enum.StrEnum):
    """How strict the check is: submission turns some warnings into errors."""

    DRAFT = "draft"
    SUBMISSION = "submission"


class Format(enum.StrEnum):
    """An output format of `dossier build`."""

    PDF = "pdf"
    HTML = "html"
    DOCX = "docx"


ALL_DOCS: tuple[Doc, ...] = tuple(Doc)

#: What a finding calls each document ("needed by the Tentative List entry").
DOC_NAMES: dict[str, str] = {
    Doc.NOMINATION: "nomination",
    Doc.PRELIMINARY_ASSESSMENT: "Preliminary Assessment request",
    Doc.TENTATIVE_LIST: "Tentative List entry",
}


# The criteria for Outstanding Universal Value (Operational Guidelines, para. 77), in order.
CULTURAL_CRITERIA = ("i", "ii", "iii", "iv", "v", "vi")
NATURAL_CRITERIA = ("vii", "viii", "ix", "x")
CRITERIA = (*CULTURAL_CRITERIA, *NATURAL_CRITERIA)
