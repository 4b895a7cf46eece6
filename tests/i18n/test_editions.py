"""Catalogues for translators, French editions, and what happens when the English changes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from dossier import api
from dossier.cli import app
from dossier.core.diagnostics import DossierError, Severity
from dossier.core.ids import Format, Stage

from .conftest import translate

runner = CliRunner()


def extract(folder: Path, *langs: str) -> list[api.Extracted]:
    return api.i18n_extract(folder, langs or ("fr",))


def entries(folder: Path) -> dict[str, polib.POEntry]:
    return {e.msgctxt: e for e in polib.pofile(str(folder / "i18n" / "fr.po"))}


def i18n(diags: list) -> list:  # type: ignore[type-arg]
    return [d for d in diags if d.rule.startswith("i18n.")]


def html(folder: Path, tmp_path: Path, **options: object) -> str:
    out = tmp_path / "out"
    opts = api.BuildOptions(formats=(Format.HTML,), lang="fr", out_dir=out, force=True)
    result = api.build(folder, api.BuildOptions(**{**opts.__dict__, **options}))
    return result.outputs[0].read_text(encoding="utf-8")


# ------------------------------------------------------------------------- extraction


def test_extraction_writes_one_unit_per_passage_with_id_reference_and_note(fort: Path) -> None:
    (done,) = extract(fort)
    assert done.written and done.path == fort / "i18n" / "fr.po"
    found = entries(fort)
    p1 = found["description.description/p1"]
    assert p1.msgid == (
        "The fort stands on a spur above the river {cite1}. Its ramparts are listed in {ref1}."
    )
    assert p1.occurrences == [("text/description.md", "1")]
    assert "{cite1} = [@smith2020]  (citation)" in p1.comment
    assert "{ref1} = @tbl:ramparts  (cross-reference)" in p1.comment
    assert "2.a Description of Property / Description du bien" in p1.comment
    assert "python-brace-format" in p1.flags
    assert found["description.description/li1"].msgid == "an outer rampart of earth;"
    assert found["description.description/cap1"].msgid == "Dimensions of the ramparts"
    assert found["description.description/t1r1c0"].msgid == "Outer"
    assert "description.description/t1r1c1" in found  # "1,250 m": a word (m)
    assert found["description.description/fn1"].msgid == "By the regional archaeology service."
    assert found["justification.criteria[iii].justification/p1"].occurrences == [
        ("parts/justification.yaml", "4")
    ]
    assert found["property.name"].msgid == "Example Hill Fort"


def test_extraction_is_deterministic_and_dated_from_the_sources(fort: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(fort, twin)
    extract(fort)
    extract(twin)
    first = (fort / "i18n" / "fr.po").read_bytes()
    assert first == (twin / "i18n" / "fr.po").read_bytes()
    (again,) = extract(fort)
    assert not again.written and (fort / "i18n" / "fr.po").read_bytes() == first
    po = polib.pofile(first.decode("utf-8"))
    assert po.metadata["POT-Creation-Date"] == "2026-01-15 00:00+0000"  # dates.document
    assert po.metadata["PO-Revision-Date"] == "2026-01-15 00:00+0000"
    ids = [e.msgctxt for e in po]
    assert len(ids) == len(set(ids))
    # Reading order: the manifest's names, then the parts in the documents' order.
    assert ids.index("property.name") < ids.index("description.description/p1")
    assert ids.index("description.description/p1") < ids.index("description.description/p2")
    assert ids.index("description.description/p2") < ids.index("justification.brief_synthesis/p1")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_gettext_tools_accept_the_catalogue_and_see_broken_placeholders(fort: Path) -> None:
    extract(fort)
    path = translate(fort)
    check = ["msgfmt", "--check", "-o", "/dev/null", str(path)]
    assert subprocess.run(check, capture_output=True, text=True).returncode == 0
    translate(fort, how=lambda e: "FR sans citation" if "{cite1}" in e.msgid else None)
    broken = subprocess.run(check, capture_output=True, text=True)
    assert broken.returncode != 0 and "cite1" in broken.stderr


@pytest.mark.reports("i18n.catalogue-unreadable")
def test_extract_refuses_the_sources_language_and_writes_nothing_on_a_broken_catalogue(
    fort: Path,
) -> None:
    with pytest.raises(api.UsageError):
        extract(fort, "en")
    (fort / "i18n").mkdir()
    (fort / "i18n" / "fr.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    with pytest.raises(DossierError) as exc:
        extract(fort)
    (found,) = exc.value.diagnostics
    assert found.rule == "i18n.catalogue-unreadable" and str(found.location) == "i18n/fr.po:2"
    assert (fort / "i18n" / "fr.po").read_text(encoding="utf-8") == 'msgid "a"\nmsgstr "b\n'


def test_cli_extract_says_it_writes_inside_the_dossier(fort: Path) -> None:
    helped = runner.invoke(app, ["i18n", "extract", "--help"])
    assert "writes inside the dossier folder" in " ".join(helped.output.split())
    result = runner.invoke(app, ["i18n", "extract", str(fort), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "(written)" in result.output and "untranslated" in result.output


# ------------------------------------------------------------------------- editions


@pytest.mark.accepts(
    "i18n.no-catalogue",
    "i18n.catalogue-unreadable",
    "i18n.untranslated",
    "i18n.stale",
    "i18n.placeholder-mismatch",
    "i18n.orphan",
)
def test_round_trip_a_translated_catalogue_builds_the_french_edition(
    fort: Path, tmp_path: Path
) -> None:
    extract(fort)
    translate(fort)
    checked = api.check(fort, lang="fr")
    assert i18n(checked.diagnostics) == []
    assert checked.translation is not None and checked.translation.percent == 100
    page = html(fort, tmp_path)
    assert "FR The fort stands on a spur above the river (Smith 2020)." in page
    assert "Tableau" in page and "FR Dimensions of the ramparts" in page
    assert "FR an outer rampart of earth;" in page
    assert "1\u202f250 m" not in page  # the cell "1,250 m" has a word: the translator's
    assert "FR Example Hill Fort" in page
    assert "non traduit" not in page and "Pas encore traduit" not in page


@pytest.mark.reports("i18n.untranslated")
def test_untranslated_passages_print_in_english_marked_and_are_listed(
    fort: Path, tmp_path: Path
) -> None:
    extract(fort)
    translate(
        fort,
        how=lambda e: (
            f"FR {e.msgid}" if e.msgctxt.endswith("/p1") and "history" not in e.msgctxt else None
        ),
    )
    checked = api.check(fort, lang="fr")
    untranslated = [d for d in checked.diagnostics if d.rule == "i18n.untranslated"]
    li1 = [d for d in untranslated if "description.description/li1" in d.message]
    assert li1 and str(li1[0].location) == "text/description.md:5"
    assert all(d.severity is Severity.WARNING for d in untranslated)
    cov = checked.translation
    assert cov is not None and 0 < cov.translated < cov.total
    section = cov.for_section("nomination", "2.a")
    assert section is not None and 0 < section.translated < section.total
    page = html(fort, tmp_path)
    assert '<p lang="en"><strong>[non traduit]</strong>\u00a0Its defences include:</p>' in page
    assert "[EN]</strong>\u00a0Rampart" in page  # a table cell: the short mark
    # A text with nothing translated (2.b): one notice before it, its paragraphs in English.
    assert "Pas encore traduit" in page
    assert '<p lang="en">The fort was built in the Iron Age' in page


@pytest.mark.reports("i18n.stale")
def test_a_changed_sentence_marks_exactly_its_unit_stale(fort: Path, tmp_path: Path) -> None:
    extract(fort)
    translate(fort)
    md = fort / "text" / "description.md"
    md.write_text(
        md.read_text(encoding="utf-8").replace("rampart of earth", "rampart of turf"),
        encoding="utf-8",
    )
    stale = [d for d in api.check(fort, lang="fr").diagnostics if d.rule == "i18n.stale"]
    assert len(stale) == 1
    assert str(stale[0].location) == "text/description.md:5"
    assert "earth" in stale[0].message and "turf" in stale[0].message
    (done,) = extract(fort)
    assert (done.translated, done.fuzzy) == (done.units - 1, 1)
    fuzzy = [e for e in entries(fort).values() if "fuzzy" in e.flags]
    assert [(e.msgctxt, e.previous_msgid, e.msgid, e.msgstr) for e in fuzzy] == [
        (
            "description.description/li1",
            "an outer rampart of earth;",
            "an outer rampart of turf;",
            "FR an outer rampart of earth;",
        )
    ]
    again = [d for d in api.check(fort, lang="fr").diagnostics if d.rule == "i18n.stale"]
    assert len(again) == 1 and "earth" in again[0].message  # the earlier English, kept
    page = html(fort, tmp_path)
    assert "[traduction à mettre à jour]</strong>\u00a0an outer rampart of turf" in page
    assert "FR an outer rampart of earth" not in page  # never printed as if current


def test_a_passage_that_moves_keeps_its_translation(fort: Path) -> None:
    extract(fort)
    translate(fort)
    md = fort / "text" / "description.md"
    md.write_text("A new opening paragraph.\n\n" + md.read_text(encoding="utf-8"), encoding="utf-8")
    assert [d.rule for d in i18n(api.check(fort, lang="fr").diagnostics)] == ["i18n.untranslated"]
    (done,) = extract(fort)
    assert (done.fuzzy, done.untranslated) == (0, 1)
    found = entries(fort)
    assert found["description.description/p1"].msgstr == ""
    assert found["description.description/p2"].msgstr.startswith("FR The fort stands")


@pytest.mark.reports("i18n.placeholder-mismatch")
def test_a_broken_placeholder_is_reported_at_its_line_in_the_catalogue(
    fort: Path, tmp_path: Path
) -> None:
    extract(fort)
    translate(
        fort,
        how=lambda e: (
            "FR Le fort, sans citation {ref1}."
            if e.msgctxt == "description.description/p1"
            else f"FR {e.msgid}"
        ),
    )
    found = [
        d for d in api.check(fort, lang="fr").diagnostics if d.rule == "i18n.placeholder-mismatch"
    ]
    assert len(found) == 1
    loc = found[0].location
    assert loc is not None and loc.file == "i18n/fr.po"
    lines = (fort / "i18n" / "fr.po").read_text(encoding="utf-8").splitlines()
    assert lines[loc.line - 1] == 'msgstr "FR Le fort, sans citation {ref1}."'  # type: ignore[operator]
    above = [x for x in lines[: loc.line] if x.startswith("msgctxt")]  # type: ignore[misc]
    assert above[-1] == 'msgctxt "description.description/p1"'
    assert "{cite1} ([@smith2020]) is missing" in found[0].message
    page = html(fort, tmp_path)
    assert "sans citation" not in page and "The fort stands on a spur" in page


def test_inline_translations_win_and_give_no_unit(fort: Path, tmp_path: Path) -> None:
    part = fort / "parts" / "justification.yaml"
    part.write_text(
        part.read_text(encoding="utf-8").replace(
            "  integrity: Complete ramparts within the boundary.",
            "  integrity: {en: Complete ramparts within the boundary., fr: Remparts complets.}",
        ),
        encoding="utf-8",
    )
    extract(fort)
    assert "justification.souv.integrity" not in entries(fort)
    translate(fort)
    assert "Remparts complets." in html(fort, tmp_path)


def test_an_edition_with_untranslated_passages_fails_at_submission_unless_allowed(
    fort: Path, tmp_path: Path
) -> None:
    extract(fort)
    found = i18n(api.check(fort, stage=Stage.SUBMISSION, lang="fr").diagnostics)
    assert found and all(d.severity is Severity.ERROR for d in found)
    with pytest.raises(DossierError) as exc:
        html(fort, tmp_path, stage=Stage.SUBMISSION)
    errors = {d.rule for d in exc.value.diagnostics if d.severity is Severity.ERROR}
    assert errors == {"i18n.untranslated"}
    page = html(fort, tmp_path, stage=Stage.SUBMISSION, allow_untranslated=True)
    assert "Pas encore traduit" in page


@pytest.mark.reports("i18n.no-catalogue")
def test_no_catalogue_is_one_finding_and_the_english_prints_marked(
    fort: Path, tmp_path: Path
) -> None:
    found = i18n(api.check(fort, lang="fr").diagnostics)
    assert [(d.rule, str(d.location)) for d in found] == [("i18n.no-catalogue", "i18n/fr.po")]
    assert "Pas encore traduit" in html(fort, tmp_path)


def test_plain_check_reads_no_catalogue(fort: Path) -> None:
    """`dossier check` stays as fast as it was: the catalogue (and polib) only with --lang."""
    extract(fort)
    (fort / "i18n" / "fr.po").write_text("not a PO file", encoding="utf-8")
    assert i18n(api.check(fort).diagnostics) == []
    code = (
        "import sys; from pathlib import Path; from dossier import api; "
        f"api.check(Path({str(fort)!r})); print('polib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
    assert [d.rule for d in i18n(api.check(fort, lang="fr").diagnostics)] == [
        "i18n.catalogue-unreadable"
    ]


def test_check_lang_prints_the_share_translated_per_section(fort: Path) -> None:
    extract(fort)
    translate(
        fort, how=lambda e: f"FR {e.msgid}" if e.msgctxt.startswith("justification.souv") else None
    )
    result = runner.invoke(app, ["check", str(fort), "--lang", "fr"])
    text = result.output
    assert "French edition (i18n/fr.po):" in text
    assert "3.3 Proposed Statement of Outstanding Universal Value" in text
    line = next(x for x in text.splitlines() if "3.3 Proposed Statement" in x)
    assert line.rstrip().endswith("100 %")


def test_the_completeness_report_gives_the_share_translated_per_section(fort: Path) -> None:
    extract(fort)
    translate(
        fort, how=lambda e: f"FR {e.msgid}" if e.msgctxt.startswith("justification.souv") else None
    )
    result = runner.invoke(app, ["check", str(fort), "--lang", "fr", "--format", "html"])
    assert "French: 5 of 5 passages translated (100 %)" in result.output  # 3.3
    assert "French: 0 of " in result.output


def test_the_json_report_carries_the_translation_figures(fort: Path) -> None:
    import json

    extract(fort)
    result = runner.invoke(app, ["check", str(fort), "--lang", "fr", "--format", "json"])
    report = json.loads(result.output)
    assert report["translation"]["catalogue"] == "i18n/fr.po"
    assert report["translation"]["translated"] == 0 and report["translation"]["total"] > 0
    souv = [s for s in report["translation"]["sections"] if s["section"] == "3.3"]
    assert souv and souv[0]["document"] == "nomination"
    plain = json.loads(runner.invoke(app, ["check", str(fort), "--format", "json"]).output)
    assert "translation" not in plain


@pytest.mark.reports("i18n.orphan")
def test_a_translation_whose_passage_is_gone_is_noted_then_kept_as_obsolete(fort: Path) -> None:
    extract(fort)
    translate(fort)
    md = fort / "text" / "description.md"
    md.write_text(
        md.read_text(encoding="utf-8").replace("The site was surveyed in 2019[^1].\n\n", ""),
        encoding="utf-8",
    )
    found = [d for d in api.check(fort, lang="fr").diagnostics if d.rule == "i18n.orphan"]
    assert len(found) == 1 and found[0].severity is Severity.NOTE
    assert "description.description/p3" in found[0].message
    assert found[0].location is not None and found[0].location.file == "i18n/fr.po"
    (done,) = extract(fort)
    assert done.obsolete == 1
    text = (fort / "i18n" / "fr.po").read_text(encoding="utf-8")
    assert '#~ msgctxt "description.description/p3"' in text
    assert [d for d in api.check(fort, lang="fr").diagnostics if d.rule == "i18n.orphan"] == []
