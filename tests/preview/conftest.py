"""A preview server on a private copy of the minimal dossier, on a free port."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dossier import api
from dossier.core.ids import Doc
from dossier.preview.server import Preview, Settings

CASES = Path(__file__).resolve().parents[1] / "cases"


def start_preview(folder: Path, *, watch: bool = True) -> Preview:
    def checked() -> api.CheckResult:
        return api.check(folder, docs=(Doc.NOMINATION,))

    preview = Preview(folder, Settings(docs=("nomination",), port=0, watch=watch), checked)
    preview.start()
    return preview


@pytest.fixture
def dossier_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "minimal"
    shutil.copytree(CASES / "valid" / "minimal", dst)
    return dst


@pytest.fixture
def served(dossier_copy: Path) -> Iterator[Preview]:
    """A running preview that does not watch the folder (tests call `changed` themselves)."""
    preview = start_preview(dossier_copy, watch=False)
    try:
        yield preview
    finally:
        preview.stop()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Preview, Path]]:
    """One running preview for the tests that only read from it, with its own cache."""
    dst = tmp_path_factory.mktemp("shared") / "minimal"
    shutil.copytree(CASES / "valid" / "minimal", dst)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOSSIER_CACHE_DIR", str(tmp_path_factory.mktemp("shared-cache")))
        preview = start_preview(dst, watch=False)
        try:
            yield preview, dst
        finally:
            preview.stop()
