from __future__ import annotations

from pathlib import Path

from dossier.assemble import document as assemble
from dossier.core import model
from dossier.load import sources


def _section(doc: model.Document, number: str) -> model.Section:
    return next(s for s in doc.all_sections() if s.number == number)


def test_a_required_section_without_content_is_marked_not_provided(minimal: Path) -> None:
    text = (minimal / "parts" / "protection.yaml").read_text()
    (minimal / "parts" / "protection.yaml").write_text(
        text.replace("finance: Municipal and national budgets.\n", "")
    )
    doc = assemble.build_document(sources.load(minimal), "nomination")
    sec = _section(doc, "5.f")
    assert sec.status == "missing"
    assert isinstance(sec.blocks[0], model.Notice) and sec.blocks[0].kind == "missing"


def test_not_applicable_prints_the_authors_reason(minimal: Path) -> None:
    text = (minimal / "parts" / "conservation.yaml").read_text()
    (minimal / "parts" / "conservation.yaml").write_text(
        text.replace(
            "  disasters: Fire risk is low.",
            "  disasters: {not_applicable: No natural hazard is recorded.}",
        )
    )
    doc = assemble.build_document(sources.load(minimal), "nomination")
    sec = _section(doc, "4.b (iii)")
    assert sec.blocks == [
        model.Notice("not-applicable", "Not applicable: No natural hazard is recorded.")
    ]


def test_sections_follow_the_profile_and_numbers_are_official(minimal: Path) -> None:
    doc = assemble.build_document(sources.load(minimal), "nomination")
    numbers = [s.number for s in doc.all_sections() if s.number]
    assert numbers[:7] == ["1", "1.a", "1.b", "1.c", "1.d", "1.e", "1.f"]
    assert numbers[-1] == "9"
    assert doc.anchors["tbl-areas"].startswith("Table ")
    assert doc.date_text == "15 January 2026"  # from the sources, never the clock


def test_authenticity_is_not_applicable_without_cultural_criteria(minimal: Path) -> None:
    manifest = minimal / "dossier.yaml"
    manifest.write_text(manifest.read_text().replace("category: cultural", "category: natural"))
    just = minimal / "parts" / "justification.yaml"
    just.write_text(
        just.read_text()
        .replace("criterion: iii", "criterion: viii")
        .replace("    iii:", "    viii:")
    )
    doc = assemble.build_document(sources.load(minimal), "nomination")
    assert _section(doc, "3.1.d").status == "not-applicable"
