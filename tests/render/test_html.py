"""HTML renderer: golden output of the minimal dossier, escaping, SVG sanitising, images."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL, T, png_bytes, tiny_doc

from dossier.core import model as m
from dossier.render import RenderError, html


def normalise(text: str) -> str:
    """Stable golden text: no stylesheet (tested by the PDF), no map drawing (owned by the
    geo module), data: URLs as short hashes."""
    text = re.sub(r"<style>.*?</style>", "<style>…</style>", text, flags=re.S)
    text = re.sub(r"<svg xmlns=.*?</svg>", "<svg>…</svg>", text, flags=re.S)
    text = re.sub(
        r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)",
        lambda mt: (
            f"data:{mt.group(1)};sha256={hashlib.sha256(mt.group(2).encode()).hexdigest()[:16]}"
        ),
        text,
    )
    lines = [ln.strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln) + "\n"


def test_golden_screen_html(minimal_doc: m.Document, golden: Callable[[str, str], None]) -> None:
    golden("html/minimal-nomination-en.html", normalise(html.render(minimal_doc, root=MINIMAL)))


def test_golden_print_html(minimal_doc: m.Document, golden: Callable[[str, str], None]) -> None:
    golden(
        "html/minimal-nomination-en.print.html",
        normalise(html.render(minimal_doc, for_pdf=True, root=MINIMAL)),
    )


def test_screen_html_is_self_contained(tmp_path: Path) -> None:
    text = html.render(tiny_doc(tmp_path), root=tmp_path)
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in text
    # Every resource is embedded: no src/href to a file or a remote resource.
    for url in re.findall(r'\bsrc="([^"]*)"', text):
        assert url.startswith("data:image/"), url
    assert "<link" not in text
    assert re.search(
        r'<img src="data:image/png;base64,[^"]+" alt="Ramparts seen from the north">', text
    )
    # The map is inline SVG, with the embedded families and no foreign font.
    svg = text[text.index("<svg xmlns=") : text.index("</svg>")]
    assert "Arial" not in svg
    assert 'font-family="&#39;Dossier Sans&#39;,' in svg


def test_sidebar_follows_the_section_tree(minimal_doc: m.Document) -> None:
    text = html.render(minimal_doc, root=MINIMAL)
    nav = text[text.index('<nav class="sidebar"') : text.index("</nav>")]
    shown = [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r'<a href="#sec-[^"]*">(.*?)</a>', nav)
    ]
    expected = [s.heading for s in minimal_doc.all_sections()]
    assert [" ".join(x.split()) for x in shown] == expected


def test_headings_are_the_model_headings(minimal_doc: m.Document) -> None:
    text = html.render(minimal_doc, for_pdf=True, root=MINIMAL)
    found = re.findall(
        r'<h\d class="sec-h sec-h\d" id="([^"]+)"(?: data-running="[^"]*")?>(.*?)</h\d>', text
    )
    assert [i for i, _ in found] == [s.id for s in minimal_doc.all_sections()]
    assert [re.sub(r"<[^>]+>", "", h) for _, h in found] == [
        s.heading for s in minimal_doc.all_sections()
    ]


def test_all_text_is_escaped(tmp_path: Path) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    doc = tiny_doc(
        tmp_path,
        title=evil,
        extra=(
            m.Para(
                (
                    m.Text(evil),
                    m.Link("javascript:alert(1)", T("click")),
                    m.Link("https://ok.example/a?b=1&c=2", T("ok")),
                )
            ),
            m.Notice("note", evil),
            m.CodeBlock(evil),
            m.Table(
                (m.Cell(T(evil), header=True),),
                ((m.Cell(T(evil)),),),
                id="evil",
                number=3,
                caption=T(evil),
            ),
        ),
    )
    doc.tables.append(
        next(
            b
            for b in doc.sections[1].children[0].blocks
            if isinstance(b, m.Table) and b.id == "evil"
        )
    )
    doc.states_parties = [evil]
    doc.sections[1].title = evil
    for for_pdf in (False, True):
        text = html.render(doc, for_pdf=for_pdf, root=tmp_path)
        assert "<script" not in text
        assert "onerror=" not in text.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text
        assert "javascript:" not in text
        assert 'href="https://ok.example/a?b=1&amp;c=2"' in text


def test_xrefs_citations_and_footnotes(tmp_path: Path) -> None:
    doc = tiny_doc(tmp_path)
    screen = html.render(doc, root=tmp_path)
    assert '<a class="xref xref-fig" href="#fig-photo">Figure 1</a>' in screen
    assert '<a class="xref xref-tbl" href="#tbl-areas">Table 1</a>' in screen
    assert "(Smith 2020)" in screen
    # A footnote called twice: one note, two calls, one back-reference target.
    assert screen.count('href="#fn-1"') == 2
    assert screen.count('id="fnref-1"') == 1
    assert '<li id="fn-1" value="1">' in screen
    printed = html.render(doc, for_pdf=True, root=tmp_path)
    assert '<a class="xref xref-fig" href="#fig-photo" data-p="p.">Figure 1</a>' in printed
    assert printed.count('class="footnote"') == 1
    assert (
        '<span class="footnote" id="fn-1" data-n="1">'
        '<span class="fn-p">A footnote about the fort.</span></span>' in printed
    )
    assert '<a class="fnref-again" href="#fn-1">1</a>' in printed
    assert '<p lang="fr">Texte en français.</p>' in printed
    # Captions are numbered from the model.
    assert '<span class="cap-label">Figure 1.</span> A view of the ramparts' in printed
    assert '<span class="cap-label">Table 1.</span> Areas' in printed
    # Key/value tables have no empty header row and label cells as row headers.
    # A column of half the table is wide enough to hyphenate (class "wide").
    assert '<th scope="row">Name</th><td class="wide">Jean Martin</td>' in printed


def test_unresolved_xref_is_reported(tmp_path: Path) -> None:
    doc = tiny_doc(tmp_path, extra=(m.Para((m.XRef("fig", "fig-nowhere"),)),))
    text, diags = html.render_with_diagnostics(doc, root=tmp_path)
    assert '<span class="xref xref-missing">fig-nowhere</span>' in text
    assert [d.rule for d in diags] == ["render.xref-unresolved"]


def test_print_variant_refers_to_images_through_the_virtual_base(tmp_path: Path) -> None:
    text = html.render(tiny_doc(tmp_path), for_pdf=True, root=tmp_path)
    assert '<img src="dossier:/media/photo.png"' in text
    assert str(tmp_path) not in text


@pytest.mark.reports("render.resource-refused")
def test_image_outside_the_dossier_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "dossier"
    root.mkdir()
    outside = tmp_path / "secret.png"
    outside.write_bytes(png_bytes())
    doc = tiny_doc(root, extra=(m.Figure("out", 3, T("outside"), "outside", path=outside),))
    with pytest.raises(RenderError) as err:
        html.render(doc, root=root)
    assert [d.rule for d in err.value.diagnostics] == ["render.resource-refused"]
    assert "outside the dossier folder" in str(err.value)


@pytest.mark.reports("render.image-unreadable")
def test_unreadable_image_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "media" / "bad.png"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not an image at all")
    doc = tiny_doc(tmp_path, extra=(m.Figure("bad", 3, T("bad"), "bad", path=bad),))
    text, diags = html.render_with_diagnostics(doc, root=tmp_path)
    assert [d.rule for d in diags] == ["render.image-unreadable"]
    assert diags[0].location is not None and diags[0].location.file == "media/bad.png"
    assert "fig-missing" in text


@pytest.mark.accepts(
    "render.resource-refused",
    "render.resource-missing",
    "render.image-unreadable",
    "render.xref-unresolved",
    "render.svg-unsafe",
)
def test_a_sound_model_renders_without_findings(tmp_path: Path) -> None:
    """Images inside the dossier, every cross-reference resolved, a plain SVG figure."""
    for for_pdf in (False, True):
        _, diags = html.render_with_diagnostics(tiny_doc(tmp_path), for_pdf=for_pdf, root=tmp_path)
        assert diags == []


@pytest.mark.reports("render.svg-unsafe")
def test_active_content_of_an_svg_figure_is_removed_and_reported(tmp_path: Path) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        "<script>alert(1)</script><rect width='5' height='5'/></svg>"
    )
    doc = tiny_doc(tmp_path, extra=(m.Figure("active", 3, T("active"), "active", svg=svg),))
    text, diags = html.render_with_diagnostics(doc, root=tmp_path)
    assert "alert" not in text
    assert [(d.rule, d.severity.value, d.message) for d in diags] == [
        ("render.svg-unsafe", "warning", "SVG of figure 'active': removed <script> elements")
    ]


# ---------------------------------------------------------------- SVG


def test_svg_sanitiser_removes_active_content() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' onload="alert(1)">'
        "<script>alert(2)</script>"
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
        '<image xlink:href="http://example.org/track.png" width="1" height="1"/>'
        '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'
        '<a href="https://example.org"><rect width="5" height="5" fill="url(http://evil/x)"/></a>'
        '<use xlink:href="#shape"/>'
        "<style>@import url(http://evil/x.css); text { fill: red }</style>"
        '<text font-family="Times New Roman, serif" style="font-family: Arial">a &lt; b</text>'
        "</svg>"
    )
    clean, removed = html.sanitize_svg(svg)
    body = clean.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for gone in ("script", "alert", "foreignObject", "http", "onload", "@import"):
        assert gone not in body
    assert '<use href="#shape">' in clean
    assert 'href="data:image/png;base64,iVBORw0KGgo="' in clean
    assert "a &lt; b" in clean
    assert 'font-family="&#39;Dossier Serif&#39;,' in clean
    assert "Arial" not in clean and "Times" not in clean
    assert {
        "event handlers",
        "<script> elements",
        "<foreignObject> elements",
        "external references",
        "links",
        "external url() references",
        "style rules with imports or scripts",
    } <= set(removed)


@pytest.mark.parametrize(
    "bad",
    [
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        "<svg><unclosed></svg>",
        '<html xmlns="http://www.w3.org/1999/xhtml"/>',
    ],
)
def test_svg_sanitiser_rejects_unusable_documents(bad: str) -> None:
    clean, removed = html.sanitize_svg(bad)
    assert clean == "" and removed


def test_svg_sanitiser_keeps_a_plain_doctype_svg() -> None:
    svg = (
        '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg">'
        '<circle r="2"/></svg>'
    )
    clean, removed = html.sanitize_svg(svg)
    assert clean.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "<circle" in clean
    assert removed == []


def test_sniff_image() -> None:
    assert html.sniff_image(png_bytes()) == "image/png"
    assert html.sniff_image(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert (
        html.sniff_image(b'<svg xmlns="http://www.w3.org/2000/svg"/>', "a.svg") == "image/svg+xml"
    )
    assert html.sniff_image(b"%PDF-1.7", "a.pdf") is None


def test_screen_web_addresses_break_rather_than_widen_the_page(tmp_path: Path) -> None:
    """A percent-encoded address in the bibliography was wider than the window (the
    page scrolled sideways to 1,575 px at 1,200 px): on screen it may break anywhere."""
    text = html.render(tiny_doc(tmp_path), root=tmp_path)
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", text[text.index("<style") : text.index("</style>")])
    wrapping = [sel for sel, body in rules if "overflow-wrap: anywhere" in body]
    assert any('a[href^="http"]' in sel for sel in wrapping)
