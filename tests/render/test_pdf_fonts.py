"""render.pdf_fonts: the chunks' copies of a font merged into one, the text unchanged."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import need

from dossier.render import pdf_fonts, pdf_join, pdf_parallel

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@font-face {{ font-family: S; src: url(dossier-pkg:/fonts/PTSerif-Regular.ttf) }}
body {{ font-family: S; font-size: 12pt }}</style></head>
<body><p>{text}</p></body></html>"""


def _chunk(text: str) -> bytes:
    from dossier.core.resources import templates_dir

    html = HTML.format(text=text)
    task = pdf_parallel.Task(html, templates_dir(), None, "2026-01-15", frozenset())
    return pdf_parallel.lay_out_chunk(task).pdf


@pytest.fixture(scope="module")
def chunks() -> list[bytes]:
    return [_chunk("Steppe and plateau"), _chunk("Chink escarpment, Ustyurt, 1 2 3")]


def _fonts(data: bytes) -> list[Any]:
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    return [(str(f.BaseFont), f.objgen) for f in pdf_fonts._fonts_in_use(pdf)]


def _text(data: bytes, tmp_path: Path) -> str:
    need("pdftotext")
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _unmerged(chunks: list[bytes], monkeypatch: pytest.MonkeyPatch) -> bytes:
    with monkeypatch.context() as m:
        m.setattr(pdf_fonts, "merge", lambda pdf: 0)
        return pdf_join.join(chunks, [set(), set()])


def test_one_font_program_for_the_chunks(
    chunks: list[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _unmerged(chunks, monkeypatch)
    joined = pdf_join.join(chunks, [set(), set()])
    names = [name for name, _ in _fonts(joined)]
    assert len(_fonts(before)) == 2 and len(names) == 1 and "+" in names[0]
    assert len(joined) < len(before)
    assert _text(joined, tmp_path) == _text(before, tmp_path)
    assert "Chink escarpment" in _text(joined, tmp_path)
    assert pdf_join.join(chunks, [set(), set()]) == joined  # byte-identical from run to run


def test_a_font_whose_chunks_disagree_is_left_as_it_is(chunks: list[bytes], tmp_path: Path) -> None:
    import pikepdf

    changed = []
    for data in chunks:
        pdf = pikepdf.open(io.BytesIO(data))
        if changed:  # the second chunk: another width for its first glyph
            (font,) = pdf_fonts._fonts_in_use(pdf)
            w = font.DescendantFonts[0].W
            w[1][0] = int(w[1][0]) + 7
        buffer = io.BytesIO()
        pdf.save(buffer)
        changed.append(buffer.getvalue())
    joined = pdf_join.join(changed, [set(), set()])
    assert len(_fonts(joined)) == 2
    assert "Chink escarpment" in _text(joined, tmp_path)
