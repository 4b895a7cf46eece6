"""The markdown-it citation plugin and the scanner: every pandoc form, exact token meta."""

from __future__ import annotations

from typing import Any

import pytest
from markdown_it import MarkdownIt

from dossier.prose.mdext.citations import Ref, citations_plugin, default_parser, scan_references
from dossier.prose.mdext.citesyntax import parse_locator_suffix, split_locator


def item(key: str, prefix: str = "", locator: str = "", suffix: str = "", suppress: bool = False
         ) -> dict[str, Any]:  # fmt: skip
    return {"key": key, "prefix": prefix, "locator": locator, "suffix": suffix,
            "suppress_author": suppress}  # fmt: skip


def refs_of(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(type, meta) of the citation/xref tokens of one line of Markdown."""
    inline = default_parser().parseInline(text)[0].children or []
    return [(t.type, t.meta) for t in inline if t.type in ("citation", "xref")]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("[@key]", [item("key")]),
        ("[@key, p. 12]", [item("key", locator="p. 12")]),
        ("[see @key, pp. 3-5; @other]", [item("key", "see", "pp. 3-5"), item("other")]),
        ("[-@key]", [item("key", suppress=True)]),
        ("[see -@key, chap. 2]", [item("key", "see", "chap. 2", suppress=True)]),
        (
            "[@key, p. 12, emphasis added]",
            [item("key", locator="p. 12", suffix=", emphasis added")],
        ),
        ("[@key, xii]", [item("key", locator="xii")]),
        (
            "[@key, 33, 35-37, and passim]",
            [item("key", locator="33, 35-37", suffix=", and passim")],
        ),
        ("[@key, {ii, A}]", [item("key", locator="ii, A")]),
        ("[@key, did not]", [item("key", suffix=", did not")]),
        ("[@a; @b; @c]", [item("a"), item("b"), item("c")]),
        ("[@Smith:2004/x.y]", [item("Smith:2004/x.y")]),
    ],
)
def test_bracketed_citation_meta(text: str, items: list[dict[str, Any]]) -> None:
    assert refs_of(text) == [("citation", {"mode": "normal", "items": items})]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("As @smith04 says", [item("smith04")]),
        ("As @smith04. Then", [item("smith04")]),  # a key never ends in punctuation
        ("@smith04 [p. 33] says", [item("smith04", locator="p. 33")]),
        (
            "@smith04 [p. 33, emphasis mine]",
            [item("smith04", locator="p. 33", suffix=", emphasis mine")],
        ),
        ("(@smith04)", [item("smith04")]),
    ],
)
def test_intext_citation_meta(text: str, items: list[dict[str, Any]]) -> None:
    assert refs_of(text) == [("citation", {"mode": "intext", "items": items})]


def test_cross_references_are_not_citations() -> None:
    assert refs_of("See @fig:map, @tbl:areas and @sec:1.e.") == [
        ("xref", {"kind": "fig", "id": "map"}),
        ("xref", {"kind": "tbl", "id": "areas"}),
        ("xref", {"kind": "sec", "id": "1.e"}),
    ]


def test_bracketed_cross_reference_drops_the_brackets() -> None:
    inline = default_parser().parseInline("[see @fig:map]")[0].children or []
    assert [(t.type, t.content) for t in inline] == [("text", "see "), ("xref", "@fig:map")]


@pytest.mark.parametrize(
    "text",
    [
        "write to name@example.org today",
        "<name@example.org>",
        "`[@key]` and `@key`",
        r"\@key is escaped",
        "https://medium.com/@user",
        "a footnote[^1] reference",
        "[a link](http://example.org) [not @ cite]",
    ],
)
def test_not_citations(text: str) -> None:
    assert refs_of(text) == []


def test_plugin_on_a_plain_parser_and_fallback_rendering() -> None:
    md = MarkdownIt("commonmark", {"html": False}).use(citations_plugin)
    assert md.render("See [@a & b] and @c.\n") == "<p>See [@a &amp; b] and @c.</p>\n"


def test_scanner_positions_are_one_based_and_skip_code() -> None:
    text = (
        "Intro [@a, p. 3] and @b.\n"
        "\n"
        "> quoted [see @c; -@d]\n"
        "\n"
        "- item @fig:map\n"
        "  more `@no` [@e]\n"
        "\n"
        "```\n"
        "@fenced\n"
        "```\n"
        "\n"
        "| x | y |\n"
        "|---|---|\n"
        "| [@f] | name@example.org |\n"
    )
    assert scan_references(text) == [
        Ref("citation", "a", 1, 8),
        Ref("citation", "b", 1, 22),
        Ref("citation", "c", 3, 15),
        Ref("citation", "d", 3, 20),
        Ref("fig", "map", 5, 8),
        Ref("citation", "e", 6, 15),
        Ref("citation", "f", 14, 4),
    ]


def test_scanner_lines_follow_markdown_it() -> None:
    assert scan_references("a\u2028b\r\n\r\n[@k]\f") == [Ref("citation", "k", 3, 2)]


def test_scanner_reads_footnotes() -> None:
    text = "Body.[^1]\n\n[^1]: See [@fn, p. 2] and\n    @more.\n"
    assert scan_references(text) == [Ref("citation", "fn", 3, 12), Ref("citation", "more", 4, 5)]


def test_scanner_agrees_with_the_plugin() -> None:
    text = "A [@a; @b] and @c [p. 2], @sec:x, `@d`, e@f.org.\n\nNext @g."
    md = default_parser()
    keys = []
    for token in md.parse(text):
        for child in token.children or []:
            if child.type == "citation":
                keys += [i["key"] for i in child.meta["items"]]
            elif child.type == "xref":
                keys.append(child.meta["id"])
    assert [r.key for r in scan_references(text)] == keys == ["a", "b", "c", "x", "g"]


def test_locator_helpers() -> None:
    assert parse_locator_suffix(", pp. 3-5, and passim") == ("pp. 3-5", ", and passim")
    assert parse_locator_suffix(" and others") == ("", "and others")
    assert split_locator("pp. 3-5") == ("page", "3-5")
    assert split_locator("chap. 2") == ("chapter", "2")
    assert split_locator("12") == ("page", "12")
    assert split_locator("sec. 1.e") == ("section", "1.e")
