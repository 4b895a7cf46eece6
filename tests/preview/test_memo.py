"""The preview keeps map drawings, parsed Markdown and sanitised SVG between saves
(core.memo): a save redoes only what it changed, and what it shows is what a rendering
from scratch shows (state.Builder with its memo; assemble/maps.py, prose/markdown.py)."""

from __future__ import annotations

import re
from pathlib import Path

from dossier import api
from dossier.core.ids import Doc
from dossier.preview.state import Builder


def _builder(folder: Path) -> Builder:
    def checked() -> api.CheckResult:
        return api.check(folder, docs=(Doc.NOMINATION,))

    return Builder(folder, checked, ("nomination",), None, "draft")


def _html(b: Builder) -> str:
    text = b.views["nomination"].html
    assert text is not None
    return text


def _figure(html: str, ident: str) -> str:
    found = re.search(rf'<figure[^>]* id="fig-{ident}".*?</figure>', html, re.DOTALL)
    assert found is not None, ident
    return found.group(0)


def _from_scratch(folder: Path) -> str:
    fresh = _builder(folder)
    fresh.rebuild()
    return _html(fresh)


def test_a_prose_save_parses_one_text_and_draws_no_map(dossier_copy: Path) -> None:
    b = _builder(dossier_copy)
    b.rebuild()
    maps, texts = b.memo.misses["map"], b.memo.misses["markdown"]
    assert maps == 2 and texts >= 1  # map-1 and map-2 of the minimal dossier

    history = dossier_copy / "text" / "history.md"
    history.write_text(history.read_text() + "\nA sentence written while previewing.\n")
    b.rebuild(["text/history.md"])

    assert "A sentence written while previewing." in _html(b)
    assert b.memo.misses["map"] == maps  # no map drawn again ...
    assert b.memo.hits["map"] == 2  # ... both found again
    assert b.memo.misses["markdown"] == texts + 1  # only the edited text parsed again
    assert _html(b) == _from_scratch(dossier_copy)


def test_a_geometry_save_redraws_the_maps_and_the_page_shows_it(dossier_copy: Path) -> None:
    b = _builder(dossier_copy)
    b.rebuild()
    before = _figure(_html(b), "map-1")
    drawn = b.memo.misses["map"]

    prop = dossier_copy / "geo" / "property.geojson"
    prop.write_text(prop.read_text().replace("2.01", "2.03"))  # the hill fort grows east
    b.rebuild(["geo/property.geojson"])

    after = _figure(_html(b), "map-1")
    assert after != before
    assert b.memo.misses["map"] == drawn + 2  # both maps show the property
    assert _html(b) == _from_scratch(dossier_copy)


def test_a_change_of_a_maps_entry_redraws_that_map_only(dossier_copy: Path) -> None:
    b = _builder(dossier_copy)
    b.rebuild()
    ident = dossier_copy / "parts" / "identification.yaml"
    ident.write_text(
        ident.read_text().replace("The property and its buffer zone", "The hill fort", 1)
    )
    b.rebuild(["parts/identification.yaml"])
    assert b.memo.misses["map"] == 3  # map-1 (its entry changed); map-2 found again
    ident.write_text(ident.read_text().replace("kind: overview", "kind: overview, sheet: A3"))
    b.rebuild(["parts/identification.yaml"])
    assert b.memo.misses["map"] == 4 and b.memo.hits["map"] == 2
    assert _html(b) == _from_scratch(dossier_copy)


def test_a_typo_keeps_the_memo_and_the_fix_finds_it_again(dossier_copy: Path) -> None:
    b = _builder(dossier_copy)
    b.rebuild()
    ident = dossier_copy / "parts" / "identification.yaml"
    good = ident.read_text()
    ident.write_text("boundaries: [\n")
    snap = b.rebuild(["parts/identification.yaml"])
    assert snap.blocking
    assert len(b.memo) > 0  # nothing rendered, nothing forgotten
    ident.write_text(good)
    b.rebuild(["parts/identification.yaml"])
    assert b.memo.misses["map"] == 2 and b.memo.hits["map"] == 2
