"""The bibliography findings as `dossier check` reports them (validate/rules/citations.py):
the dossier's own CSL style is checked, and a bibliography that is not a file name is a
schema finding, not a crash. Written against mutants that the basic cases let through."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.core.diagnostics import Severity

from .conftest import ROOT, Dossier

CSL = ROOT / "templates" / "csl" / "chicago-author-date-16th-edition.csl"


@pytest.mark.reports("bib.bad-style")
def test_the_dossiers_own_csl_style_is_checked(dossier: Dossier) -> None:
    dossier.write("style.csl", "<?xml version='1.0'?>\n<style><info/></style>\n")
    with dossier.edit("dossier") as m:
        m["citation_style"] = "style.csl"
    found = dossier.findings("bib.bad-style")
    assert [(d.location.file, d.severity, d.message) for d in found if d.location] == [
        (
            "style.csl",
            Severity.ERROR,
            "the file is not a CSL style (its root element is not <style>)",
        )
    ]


@pytest.mark.accepts("bib.bad-style")
def test_a_good_csl_style_passes(dossier: Dossier) -> None:
    dossier.write("style.csl", Path(CSL).read_bytes())
    with dossier.edit("dossier") as m:
        m["citation_style"] = "style.csl"
    assert dossier.findings("bib.bad-style") == []


@pytest.mark.accepts("bib.unknown-key")
def test_a_bibliography_that_is_not_a_file_name_is_a_schema_finding(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        m["bibliography"] = ["bibliography.yaml"]
    found = dossier.check().diagnostics
    assert [d.rule for d in found if d.rule.startswith("bib.")] == []
    assert "schema.type" in {d.rule for d in found}
