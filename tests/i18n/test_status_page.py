"""A partly translated edition lists what is not translated, on a page of its own."""

from __future__ import annotations

from pathlib import Path

from dossier import api
from dossier.core.ids import Format

from .conftest import translate


def _page(folder: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    options = api.BuildOptions(formats=(Format.HTML,), lang="fr", out_dir=out, force=True)
    (page,) = api.build(folder, options).outputs
    return page.read_text(encoding="utf-8")


def _status(page: str) -> str:
    assert page.index('id="sec-translation-status"') < page.index('id="sec-executive-summary"')
    start = page.index('id="sec-translation-status"')
    return page[start : page.index("</section>", start)]


def test_the_edition_lists_the_sections_not_fully_translated(fort: Path, tmp_path: Path) -> None:
    api.i18n_extract(fort, ("fr",))
    translate(fort, how=lambda e: f"FR {e.msgid}" if "history" not in e.msgctxt else None)
    status = _status(_page(fort, tmp_path))
    assert "État de la traduction" in status
    assert "2.b Historique et développement" in status  # nothing of it translated
    assert "2.a Description du bien" not in status  # all of it translated
    assert "Cette édition n&#39;est pas entièrement traduite" in status


def test_a_fully_translated_edition_has_no_such_page(fort: Path, tmp_path: Path) -> None:
    api.i18n_extract(fort, ("fr",))
    translate(fort)
    assert 'id="sec-translation-status"' not in _page(fort, tmp_path)


def test_french_labels_take_a_no_break_space_before_their_colon(fort: Path, tmp_path: Path) -> None:
    api.i18n_extract(fort, ("fr",))
    translate(fort)
    page = _page(fort, tmp_path)
    assert "Point central\u00a0: " in page and "Point central: " not in page


def test_an_untranslated_component_name_is_marked_in_the_components_table(
    tmp_path: Path,
) -> None:
    import shutil

    folder = tmp_path / "serial"
    shutil.copytree(Path(__file__).parents[1] / "cases" / "valid" / "transnational-serial", folder)
    api.i18n_extract(folder, ("fr",))
    translate(
        folder,
        how=lambda e: (
            None if e.msgctxt == "identification.components[001].name" else f"FR {e.msgid}"
        ),
    )
    page = _page(folder, tmp_path)
    assert "<strong>[EN]</strong>\u00a0Upper Terrace Rock Art Site</td>" in page
    assert "<td>FR Twin Gorges Rock Art Sites</td>" in page
