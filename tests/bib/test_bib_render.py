"""The bridge to the document model: a dossier folder in, model inlines out."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.bib.load import load_for_dossier
from dossier.bib.render import format_document, to_inlines
from dossier.bib.rich import Run
from dossier.core import model as m
from dossier.core.diagnostics import DossierError
from dossier.load.sources import Sources

BIB = """\
- id: icomos2014
  type: report
  title: Silk Roads evaluation
  author: [{literal: ICOMOS}]
  issued: 2014
  URL: https://example.org/eval.pdf
"""


def dossier(tmp_path: Path, **data: str) -> Sources:
    (tmp_path / "bibliography.yaml").write_text(BIB, encoding="utf-8")
    return Sources(root=tmp_path, data={"bibliography": "bibliography.yaml", **data})


def test_to_inlines_nests_styles_in_a_fixed_order_inside_links() -> None:
    rich = [Run("a"), Run("b", frozenset({"i", "b"}), "https://x.org")]
    assert to_inlines(rich) == (
        m.Text("a"),
        m.Link("https://x.org", (m.Styled("i", (m.Styled("b", (m.Text("b"),)),)),)),
    )


def test_titles_print_typographic_apostrophes_but_addresses_keep_theirs() -> None:
    """The prose printed U+2019 and the citations "Central Asia's Desert Kites" with a
    typewriter apostrophe (issue 12: quotes by language, the same in both)."""
    inlines = to_inlines(
        [
            Run("The Mystery of Central Asia's Desert Kites, l'Asie centrale, 'quoted' "),
            Run("https://example.org/l'asie"),
            Run("https://example.org/o'x", link="https://example.org/o'x"),
        ]
    )
    first, second, link = inlines
    assert first == m.Text(
        "The Mystery of Central Asia\u2019s Desert Kites, l\u2019Asie centrale, 'quoted' "
    )
    assert second == m.Text("https://example.org/l'asie")
    assert link == m.Link("https://example.org/o'x", (m.Text("https://example.org/o'x"),))


def test_format_document(tmp_path: Path) -> None:
    item = {
        "key": "icomos2014",
        "prefix": "",
        "locator": "p. 4",
        "suffix": "",
        "suppress_author": False,
    }
    cites, entries = format_document(dossier(tmp_path), [{"mode": "normal", "items": [item]}], "en")
    assert cites == [(m.Text("(ICOMOS 2014, 4)"),)]
    [entry] = entries
    assert entry.key == "icomos2014"
    assert entry.inlines[0] == m.Text("ICOMOS. 2014. ")
    assert (
        m.Link("https://example.org/eval.pdf", (m.Text("https://example.org/eval.pdf"),))
        in entry.inlines
    )


def test_a_broken_dossier_style_is_a_dossier_error(tmp_path: Path) -> None:
    (tmp_path / "style.csl").write_text("<nope", encoding="utf-8")
    src = dossier(tmp_path, citation_style="style.csl")
    with pytest.raises(DossierError) as err:
        format_document(src, [], "en")
    assert [d.rule for d in err.value.diagnostics] == ["bib.bad-style"]


def test_missing_bibliography_file_is_left_to_the_path_checks(tmp_path: Path) -> None:
    src = Sources(root=tmp_path, data={"bibliography": "nope.yaml"})
    bib = load_for_dossier(src)
    assert (bib.file, bib.entries, bib.diagnostics) == ("nope.yaml", [], [])
    assert load_for_dossier(Sources(root=tmp_path)).file is None


def _cluster() -> list[dict[str, object]]:
    item = {"key": "icomos2014", "prefix": "", "locator": "p. 4", "suffix": ""}
    return [{"mode": "normal", "items": [dict(item, suppress_author=False)]}]


def test_a_new_process_takes_the_formatted_citations_from_the_disk_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.bib import format as bib_format
    from dossier.bib import render, stored

    src = dossier(tmp_path)
    # Styles, a link and a language: every kind of inline the formatter gives.
    (tmp_path / "bibliography.yaml").write_text(
        BIB.replace("title: Silk Roads evaluation", "title: '*Saiga tatarica* and Silk Roads'")
        + "  language: ru\n",
        encoding="utf-8",
    )
    render._FORMATTED.clear()
    first = format_document(src, _cluster(), "en")
    assert any(isinstance(i, m.Styled) for i in first[1][0].inlines)
    assert first[1][0].lang == "ru"
    render._FORMATTED.clear()  # as in a new process

    def no_citeproc(*args: object, **kwargs: object) -> None:
        raise AssertionError("citeproc ran again")

    monkeypatch.setattr(bib_format, "Formatter", no_citeproc)
    assert format_document(src, _cluster(), "en") == first
    # Another citeproc-py: not served (the version is part of the key).
    render._FORMATTED.clear()
    monkeypatch.setattr(stored, "_citeproc_version", lambda: "0.0-other")
    with pytest.raises(AssertionError, match="citeproc ran again"):
        format_document(src, _cluster(), "en")


def test_a_damaged_cache_entry_is_formatted_again(tmp_path: Path) -> None:
    import os

    from dossier.bib import render

    src = dossier(tmp_path)
    render._FORMATTED.clear()  # formatted now, and stored
    first = format_document(src, _cluster(), "en")
    folder = Path(os.environ["DOSSIER_CACHE_DIR"])
    [entry] = folder.glob(f"{render.stored.KIND}-*.json")
    text = entry.read_text(encoding="utf-8")
    assert '["t", "(ICOMOS 2014, 4)"]' in text and '"lang": null' in text
    for damaged in (
        text.replace('["t", "(ICOMOS 2014, 4)"]', '["x", "(damaged)"]'),
        text.replace('"lang": null', '"lang": 5'),
        '{"kind": "citations", "value": {"cites": 3}}',
    ):
        entry.write_text(damaged, encoding="utf-8")
        render._FORMATTED.clear()
        assert format_document(src, _cluster(), "en") == first


def test_a_citation_added_to_works_already_cited_formats_only_the_clusters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.bib import format as bib_format
    from dossier.bib import render

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_citations import EXAMPLE, clusters_of, edits

    src, clusters = clusters_of(EXAMPLE)
    render._FORMATTED.clear()
    format_document(src, clusters, "en")  # the build before: stored
    # A citation of a work already cited, with a page, in the middle of the text; another
    # cluster moved to the end.
    edited, _ = edits(clusters)
    render._FORMATTED.clear()
    formatted = []

    def counting(self: bib_format.Formatter) -> object:
        formatted.append(self)
        return original(self)

    original = bib_format.Formatter.bibliography
    monkeypatch.setattr(bib_format.Formatter, "bibliography", counting)
    taken = format_document(src, edited, "en")
    assert formatted == []  # the bibliography was taken back
    assert any("999" in m.plain_text(c, None) for c in taken[0])
    # The same as a first build of the edited text (nothing kept).
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path / "empty"))
    render._FORMATTED.clear()
    assert format_document(src, edited, "en") == taken
    assert len(formatted) == 1
