"""core.memo: results kept only inside a session, found by their inputs; and the hooks
that use it (Markdown tokens, map inputs) stay correct when results are shared."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dossier.assemble.maps import _files_state
from dossier.core import memo
from dossier.prose import markdown


def test_without_a_session_every_call_computes() -> None:
    calls: list[int] = []
    for _ in range(2):
        assert memo.cached("k", "same", lambda: calls.append(1) or len(calls)) == len(calls)
    assert calls == [1, 1]
    assert not memo.active()


def test_a_session_finds_results_again_by_kind_and_key() -> None:
    m = memo.Memo()
    made: list[str] = []

    def make(value: str) -> list[str]:
        made.append(value)
        return [value]

    with memo.session(m):
        assert memo.active()
        first = memo.cached("k", "a", lambda: make("a"))
        assert memo.cached("k", "a", lambda: make("again")) is first
        assert memo.cached("other", "a", lambda: make("b")) == ["b"]
    assert not memo.active()
    assert made == ["a", "b"]
    assert m.hits == {"k": 1} and m.misses == {"k": 1, "other": 1}


def test_sweep_forgets_what_the_last_round_did_not_use() -> None:
    m = memo.Memo()
    with memo.session(m):
        memo.cached("k", 1, lambda: "one")
        memo.cached("k", 2, lambda: "two")
        m.sweep()
        memo.cached("k", 1, lambda: "one")
        m.sweep()
        assert len(m) == 1
        assert memo.cached("k", 2, lambda: "made again") == "made again"
    assert len(m) == 2


def test_shared_markdown_tokens_give_each_parse_its_own_citations() -> None:
    text = "A claim [@smith2020, p. 4] and a note.[^1]\n\n[^1]: The note.\n"
    with memo.session(memo.Memo()) as m:
        one = markdown.ProseState()
        blocks = markdown.parse(text, one)
        one.clusters[0]["items"].append({"key": "changed-by-a-reader"})
        two = markdown.ProseState()
        again = markdown.parse(text, two)
    assert m.hits["markdown"] == 1 and m.misses["markdown"] == 1
    assert again == blocks
    assert [i["key"] for i in two.clusters[0]["items"]] == ["smith2020"]
    assert two.footnotes == one.footnotes and len(two.footnotes) == 1


def test_the_language_is_part_of_a_texts_key() -> None:
    with memo.session(memo.Memo()) as m:
        en = markdown.parse('He said "yes".', markdown.ProseState(lang="en"))
        fr = markdown.parse('He said "yes".', markdown.ProseState(lang="fr"))
    assert m.misses["markdown"] == 2 and en != fr


def test_a_layer_files_state_covers_its_companions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.assemble import maps

    monkeypatch.setattr(maps, "RACY_NS", 0)
    shp = tmp_path / "roads.shp"
    for ext in (".shp", ".shx", ".dbf", ".prj"):
        shp.with_suffix(ext).write_bytes(b"x" * 10)
    (tmp_path / "rivers.shp").write_bytes(b"y")
    state = _files_state(shp)
    listed = [line.split(":")[0] for line in state.splitlines()[1:]]
    assert listed == ["roads.dbf", "roads.prj", "roads.shp", "roads.shx"]
    assert _files_state(shp) == state
    prj = shp.with_suffix(".prj")
    st = prj.stat()
    time.sleep(0.05)  # a tick of the file system's clock
    prj.write_bytes(b"z" * 10)  # same size, and the old modification time put back
    os.utime(prj, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert _files_state(shp) != state  # the change time cannot be put back
    (tmp_path / "roads.shp.aux.xml").write_text("<x/>")
    assert "roads.shp.aux.xml" in _files_state(shp)


def test_a_maps_key_follows_its_geometries_options_and_layer_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    import shapely

    from dossier.assemble import maps
    from dossier.assemble.maps import _inputs_key

    monkeypatch.setattr(maps, "RACY_NS", 0)
    from dossier.geo.measure import Layer, LayerFeature

    tif = tmp_path / "relief.tif"
    tif.write_bytes(b"II*\x00" + b"\x00" * 60)
    point = LayerFeature("Well", shapely.Point(2.0, 45.0))
    raster = Layer("relief", "Relief", "base", (), fmt="tiff", path=tif, rel="geo/relief.tif")
    wells = Layer("wells", "Wells", "attributes", (point,))
    geo = SimpleNamespace(layers=(raster, wells))
    spec = {"id": "map-1", "kind": "overview"}
    options = {"lang": "en", "date": "2026-01-01"}
    key = _inputs_key(geo, spec, options)
    assert _inputs_key(geo, dict(spec), dict(options)) == key
    assert _inputs_key(geo, {**spec, "sheet": "A3"}, options) != key
    assert _inputs_key(geo, spec, {**options, "lang": "fr"}) != key
    moved = Layer("wells", "Wells", "attributes", (LayerFeature("Well", shapely.Point(2.1, 45.0)),))
    assert _inputs_key(SimpleNamespace(layers=(raster, moved)), spec, options) != key
    (tmp_path / "relief.tif.ovr").write_bytes(b"overview")  # GDAL reads it by name
    with_overview = _inputs_key(geo, spec, options)
    assert with_overview != key
    time.sleep(0.05)  # a tick of the file system's clock
    tif.write_bytes(b"II*\x00" + b"\x01" * 60)  # same size, new pixels
    assert _inputs_key(geo, spec, options) != with_overview


def test_a_layer_file_changed_just_now_is_never_trusted(tmp_path: Path) -> None:
    tif = tmp_path / "relief.tif"
    tif.write_bytes(b"II*\x00")  # within the same clock tick, a rewrite may keep its ctime
    assert _files_state(tif) != _files_state(tif)
