"""A render leaves the host process as it found it: environment and temporary files."""

from __future__ import annotations

import gc
import os
import tempfile
from pathlib import Path

import pytest
from conftest import tiny_doc

from dossier.render import pdf
from dossier.render.docx import document as render_docx
from dossier.render.fonts import shipped_fonts


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary-files folder of the test's own, to see what a render leaves there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.delenv("DOSSIER_SYSTEM_FONTS", raising=False)
    return folder


def test_fonts_are_configured_only_inside_the_scope(private_tmp: Path) -> None:
    before = dict(os.environ)
    with shipped_fonts() as conf:
        assert conf is not None and os.environ["FONTCONFIG_FILE"] == conf
        assert "<dir>" in Path(conf).read_text(encoding="utf-8")
    assert dict(os.environ) == before
    assert not Path(conf).exists() and list(private_tmp.iterdir()) == []


def test_pdf_and_docx_renders_leave_the_environment_unchanged(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12345")  # a host's own value survives
    doc = tiny_doc(tmp_path / "dossier")  # has an SVG figure: the DOCX rasterises it
    before = dict(os.environ)
    pdf.render_with_diagnostics(doc, root=tmp_path / "dossier")
    assert dict(os.environ) == before
    render_docx.render_with_diagnostics(doc, root=tmp_path / "dossier")
    assert dict(os.environ) == before
    assert [p.name for p in private_tmp.iterdir() if p.name.startswith("dossier")] == []
    gc.collect()  # WeasyPrint removes its own font folder when its FontConfiguration goes
    assert list(private_tmp.iterdir()) == []
