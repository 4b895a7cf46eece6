from __future__ import annotations

import json
import re
import shutil
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


def _texts(blocks: list[model.Block], doc: model.Document | None = None) -> list[str]:
    out = []
    for b in blocks:
        if isinstance(b, model.Para):
            out.append(model.plain_text(b.inlines, doc))
    return out


def test_cells_of_the_sources_go_through_markdown_and_citations(minimal: Path) -> None:
    just = minimal / "parts" / "justification.yaml"
    just.write_text(
        just.read_text().replace(
            "description: Two concentric earth ramparts.",
            "description: Two *concentric* earth ramparts [@smith2020].",
        )
    )
    doc = assemble.build_document(sources.load(minimal), "nomination")
    table = next(t for t in doc.tables if t.id == "attributes")
    description = table.rows[0][1].inlines
    assert model.Styled("i", (model.Text("concentric"),)) in description
    cite = next(n for n in description if isinstance(n, model.Citation))
    assert model.plain_text(doc.citations[cite.index]) == "(Smith 2020)"
    # "ramparts" is an id no prose uses as a code: no id column for readers.
    assert model.plain_text(table.header[0].inlines) == "Attribute"


def test_criterion_label_is_printed_once(minimal: Path) -> None:
    just = minimal / "parts" / "justification.yaml"
    just.write_text(
        just.read_text().replace(
            "    iii: Testimony to Iron Age society.",
            "    iii: '**Criterion (iii):** Testimony to Iron Age society.'",
        )
    )
    doc = assemble.build_document(sources.load(minimal), "nomination")
    texts = _texts(_section(doc, "3.3").blocks)
    assert "Criterion (iii): Testimony to Iron Age society." in texts


def test_maps_are_figures_with_numbers_and_languages_have_names(minimal: Path) -> None:
    ident = minimal / "parts" / "identification.yaml"
    ident.write_text(ident.read_text() + "country: {en: France, fr: France, ru: Франция}\n")
    doc = assemble.build_document(sources.load(minimal), "nomination")
    # The Executive Summary carries its map; 1.e refers to it instead of printing it again.
    summary = doc.sections[0]
    assert any(isinstance(b, model.Figure) and b.id == "map-1" for b in summary.blocks)
    assert [f.number for f in doc.figures] == [1, 2, 3]
    assert (
        _texts(_section(doc, "1.e").blocks, doc)[0] == "Figure 1: The property and its buffer zone"
    )
    assert _texts(_section(doc, "1.a").blocks) == ["France", "Russian: Франция"]
    documents = next(t for t in doc.tables if t.id == "documents")
    assert model.plain_text(documents.rows[0][3].inlines) == "French"
    images = next(t for t in doc.tables if t.id == "images")
    assert model.XRef("fig", "fig-photo-1") in images.rows[0][0].inlines


def test_an_optional_section_left_empty_is_not_provided_not_not_applicable(
    minimal: Path,
) -> None:
    doc = assemble.build_document(sources.load(minimal), "nomination")
    sec = _section(doc, "8.c")
    assert sec.status == "empty"
    assert sec.blocks == [model.Notice("not-provided", "Not provided.")]


def test_figures_and_tables_are_numbered_in_reading_order(minimal: Path) -> None:
    doc = assemble.build_document(sources.load(minimal), "nomination")
    order: list[str] = []
    for sec in doc.all_sections():
        for b in sec.blocks:
            if isinstance(b, model.Table) and b.number is not None:
                order.append(f"tbl-{b.id}:{b.number}")
    assert order == [f"tbl-{t.id}:{t.number}" for t in doc.tables]
    assert [t.number for t in doc.tables] == list(range(1, len(doc.tables) + 1))
    assert all(doc.anchors[f"tbl-{t.id}"] == f"Table {t.number}" for t in doc.tables)


def _square(path: Path, west: float, south: float, side: float) -> None:
    ring = [[west, south], [west + side, south], [west + side, south + side]]
    ring += [[west, south + side], [west, south]]
    geom = {"type": "Polygon", "coordinates": [ring]}
    feature = {"type": "Feature", "properties": {"id": "property"}, "geometry": geom}
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8"
    )


def test_french_edition_writes_areas_the_french_way(minimal: Path) -> None:
    """1.f of a French edition built from the sources: a narrow no-break space (U+202F)
    between thousands and a decimal comma; the English edition keeps 1,234.56."""
    _square(minimal / "geo" / "property.geojson", 2.0, 45.0, 0.05)  # about 2,190 ha
    fr = assemble.build_document(sources.load(minimal), "nomination", "fr")
    en = assemble.build_document(sources.load(minimal), "nomination", "en")

    def areas(doc: model.Document) -> list[str]:
        table = next(b for b in _section(doc, "1.f").blocks if isinstance(b, model.Table))
        return ["".join(getattr(i, "text", "") for i in row[1].inlines) for row in table.rows]

    assert areas(fr) == ["2\u202f190 ha", "438 ha", "2\u202f628 ha"]
    assert areas(en)[0] == "2,190 ha"
    small = minimal.parent / "small"
    shutil.copytree(minimal, small)
    _square(small / "geo" / "property.geojson", 2.0, 45.0, 0.001)  # under 100 ha: decimals
    fr_small = areas(assemble.build_document(sources.load(small), "nomination", "fr"))
    assert re.fullmatch(r"0,\d\d ha", fr_small[0]), fr_small


def test_tentative_list_is_a_short_form(minimal: Path) -> None:
    desc = minimal / "parts" / "description.yaml"
    desc.write_text(
        "description: |\n  ### Overview\n\n  The fort in brief.\n\n  ### Ramparts\n\n"
        "  A long description of the ramparts.\nhistory: {file: text/history.md}\n"
    )
    doc = assemble.build_document(sources.load(minimal), "tentative-list")
    # Front matter first: no section goes before the table of contents.
    assert not any(s.front for s in doc.sections)
    description = next(s for s in doc.sections if s.id == "sec-tl-description")
    # Without its own description, the entry prints the opening of 2.a, never all of it.
    assert _texts(description.blocks) == ["The fort in brief."]
    justification = next(s for s in doc.sections if s.id == "sec-tl-justification")
    assert any(isinstance(b, model.Table) and b.id == "attributes" for b in justification.blocks)
    # Its sections follow one another on the page (no half-empty pages), after the first
    assert [s.page_break for s in doc.sections] == [True] + [False] * (len(doc.sections) - 1)
    assert doc.running_title(justification) == doc.title
    nomination = assemble.build_document(sources.load(minimal), "nomination")
    assert all(s.page_break for s in nomination.sections)
    assert nomination.running_title(nomination.sections[-1]) == nomination.sections[-1].heading


def test_proper_names_and_taxa_are_marked_never_to_be_broken(minimal: Path) -> None:
    prot = minimal / "parts" / "protection.yaml"
    prot.write_text(
        prot.read_text().replace(
            "name: Historic monument,", "name: Historic monument of the countryside,"
        )
    )
    desc = minimal / "parts" / "description.yaml"
    desc.write_text(
        desc.read_text().replace(
            "A hill fort with two concentric ramparts [@smith2020].",
            "A Historic monument of the countryside where *Saiga tatarica* grazed [@smith2020].",
        )
    )
    doc = assemble.build_document(sources.load(minimal), "nomination")
    [para] = [b for b in _section(doc, "2.a").blocks if isinstance(b, model.Para)][:1]
    names = [n for n in para.inlines if isinstance(n, model.Styled) and n.style == "name"]
    assert [model.plain_text(n.children) for n in names] == [
        "Historic monument of the countryside",
        "Saiga tatarica",
    ]
    # The name's words are the same text: a reader sees no difference but the breaks.
    assert model.plain_text(para.inlines).startswith("A Historic monument of the countryside where")


def test_a_sentence_about_the_criterion_keeps_its_subject(minimal: Path) -> None:
    just = minimal / "parts" / "justification.yaml"
    just.write_text(
        just.read_text().replace(
            "    justification: The fort bears testimony to Iron Age society [@smith2020].",
            "    justification: '**Criterion (iii)** asks for a testimony; the fort is one.'",
        )
    )
    doc = assemble.build_document(sources.load(minimal), "nomination")
    texts = _texts(_section(doc, "3.1.b").blocks)
    assert "Criterion (iii) asks for a testimony; the fort is one." in texts
