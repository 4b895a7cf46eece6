"""The example's French edition: the Executive Summary and section 3.3 translated (by hand,
in examples/ustyurt/i18n/fr.po), everything else printed in English, marked and listed."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from dossier import api
from dossier.core.diagnostics import Severity
from dossier.core.ids import Format

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ustyurt"


def test_the_example_catalogue_is_current_and_covers_the_summary_and_3_3() -> None:
    checked = api.check(EXAMPLE, lang="fr")
    i18n = [d for d in checked.diagnostics if d.rule.startswith("i18n.")]
    assert {d.rule for d in i18n} == {"i18n.untranslated"}  # nothing stale, nothing broken
    cov = checked.translation
    assert cov is not None and cov.catalogue == "i18n/fr.po"
    for key in ("executive-summary", "3.3", "1.c"):
        share = cov.for_section("nomination", key)
        assert share is not None and share.percent == 100, key
    share = cov.for_section("nomination", "2.a")
    assert share is not None and share.translated == 0


@pytest.mark.slow
def test_the_french_pdf_and_docx_carry_the_translation_and_mark_the_rest(
    tmp_path: Path,
) -> None:
    from pypdf import PdfReader

    options = api.BuildOptions(
        formats=(Format.PDF, Format.DOCX), lang="fr", out_dir=tmp_path / "out"
    )
    result = api.build(EXAMPLE, options)
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    docx = next(p for p in result.outputs if p.suffix == ".docx")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)
    with zipfile.ZipFile(io.BytesIO(docx.read_bytes())) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    words = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    for printed in (text, words):
        assert "Projet de Déclaration de valeur universelle exceptionnelle" in printed
        assert "Les arans de l’Ustyurt apportent un témoignage exceptionnel" in printed
        assert "La réserve naturelle d’État de l’Ustyurt, d’environ 223" in printed
        assert "Illustratif" in printed  # the boundary description of the Summary
        assert "[non traduit]" in printed or "Pas encore traduit" in printed
        # the page that lists what is not translated, by official section
        assert "État de la traduction" in printed
        assert re.search(r"2\.a Description du bien\W+0 passages traduits sur 172", printed)
    assert "Pas encore traduit" in text
    listed = [d for d in result.diagnostics if d.rule == "i18n.untranslated"]
    assert listed and all(d.severity is Severity.WARNING for d in listed)
    assert any(d.location and d.location.file == "text/2a-description.md" for d in listed)
