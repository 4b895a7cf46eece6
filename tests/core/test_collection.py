"""core.collection: the cycle collector's thresholds while a build runs, restored after."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from dossier import api
from dossier.core import collection


@pytest.fixture(autouse=True)
def _default_thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


def test_raised_inside_and_restored_after() -> None:
    with collection.fewer_collections():
        assert gc.get_threshold() == collection.BUILD_THRESHOLDS
    assert gc.get_threshold() == (700, 10, 10)


def test_restored_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), collection.fewer_collections():
        raise RuntimeError("a failed build")
    assert gc.get_threshold() == (700, 10, 10)


def test_nested_blocks_restore_what_they_found() -> None:
    gc.set_threshold(1234, 5, 6)
    with collection.fewer_collections():
        with collection.fewer_collections():
            pass
        assert gc.get_threshold() == collection.BUILD_THRESHOLDS
    assert gc.get_threshold() == (1234, 5, 6)


def test_the_build_runs_with_the_raised_thresholds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[tuple[int, ...]] = []

    def fake_build(root: Path, options: api.BuildOptions, progress: object) -> api.BuildResult:
        seen.append(gc.get_threshold())
        return api.BuildResult()

    monkeypatch.setattr(api, "_checked_build", fake_build)
    api.build(tmp_path, api.BuildOptions(out_dir=tmp_path / "out"))
    assert seen == [collection.BUILD_THRESHOLDS]
    assert gc.get_threshold() == (700, 10, 10)
