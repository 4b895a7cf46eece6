"""The redline of a translated edition: each draft prints its own catalogue's French, so
only what changed in the French edition is marked (issues 18 and 19 together)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from dossier import api
from dossier.core.ids import Format

from .conftest import translate


def _pair(fort: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two drafts translated in full; the later one rewords one French translation."""
    api.i18n_extract(fort, ("fr",))
    translate(fort)
    new = tmp_path / "new"
    shutil.copytree(fort, new)
    translate(
        new,
        how=lambda e: (
            "FR Le fort se dresse sur un éperon {cite1}. Ses remparts figurent au {ref1}."
            if e.msgctxt == "description.description/p1"
            else e.msgstr
        ),
    )
    return fort, new


def _marked(html: str) -> list[str]:
    return re.findall(r"<(?:ins|del)>(.*?)</(?:ins|del)>", html, flags=re.S)


def _assert_only_the_reworded_passage_is_marked(html: str) -> None:
    marked = " ".join(_marked(html))
    assert "Le fort se dresse" in marked  # the new French, inserted
    assert "FR an outer rampart of earth;" in html  # the rest: the French, unmarked
    assert "outer rampart" not in marked and "Example Hill Fort" not in marked
    assert "an outer rampart of earth;" not in html.replace("FR an outer rampart", "")


def test_the_french_redline_of_a_diff_marks_only_what_changed_in_french(
    fort: Path, tmp_path: Path
) -> None:
    old, new = _pair(fort, tmp_path)
    result = api.diff(api.DiffSide(old), api.DiffSide(new), html=True, lang="fr")
    assert result.html is not None
    _assert_only_the_reworded_passage_is_marked(result.html)


def test_build_lang_fr_redline_from_compares_the_two_french_editions(
    fort: Path, tmp_path: Path
) -> None:
    old, new = _pair(fort, tmp_path)
    out = tmp_path / "out"
    options = api.BuildOptions(
        formats=(Format.HTML,), lang="fr", out_dir=out, redline_from=str(old)
    )
    (page,) = api.build(new, options).outputs
    assert page.name == "nomination-fr-redline.html"
    _assert_only_the_reworded_passage_is_marked(page.read_text(encoding="utf-8"))


def test_diff_lang_fr_reports_the_changes_of_the_french_edition(fort: Path, tmp_path: Path) -> None:
    old, new = _pair(fort, tmp_path)
    md = new / "text" / "description.md"
    md.write_text(
        md.read_text(encoding="utf-8").replace("outer rampart of earth", "outer rampart of turf"),
        encoding="utf-8",
    )
    english = api.diff(api.DiffSide(old), api.DiffSide(new))
    assert english.report is not None
    assert [c.kind for c in english.report.changes] == ["prose"]  # the sources' change only
    french = api.diff(api.DiffSide(old), api.DiffSide(new), lang="fr")
    assert french.report is not None
    found = {
        (c.new.path if c.new else "", c.op, c.summary)
        for c in french.report.changes
        if c.kind == "translation"
    }
    assert found == {
        ("description.description/p1", "changed", "French translation changed"),
        (
            "description.description/li1",
            "changed",
            "French translation out of date (its English changed); the English prints, marked",
        ),
    }
    assert french.report.counts()["translation"] == 2
    reworded = next(c for c in french.report.changes if c.summary == "French translation changed")
    assert ("insert", "se dresse sur un éperon") in reworded.words
    assert reworded.new is not None and reworded.new.section == "2.a"


def test_diff_exit_code_sees_a_translation_changed_only_with_its_language(
    fort: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from dossier.cli import app

    old, new = _pair(fort, tmp_path)
    runner = CliRunner()
    plain = runner.invoke(app, ["diff", str(old), str(new), "--exit-code"])
    assert plain.exit_code == 0, plain.output
    french = runner.invoke(app, ["diff", str(old), str(new), "--exit-code", "--lang", "fr"])
    assert french.exit_code == 1, french.output
    assert "1 translation" in french.output and "{+se dresse sur un éperon+}" in french.output
