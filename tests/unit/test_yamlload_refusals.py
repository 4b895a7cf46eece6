"""What the YAML loader refuses, exactly as a specialist reads it: rule, message, hint and
position of every refusal (tests/unit/test_yamlload.py tests the values it keeps)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.core.diagnostics import Location, Severity
from dossier.load.yamlload import MAX_DEPTH, load_file, load_text, read_text_file

F = "parts/x.yaml"
SYNTAX_HINT = (
    "Check indentation, colons after keys, and quotes around text that contains ': ' or "
    "starts with a special character."
)
TAG_HINT = "Remove the tag; write the value as plain text, a list or a mapping."


def refusals(text: str) -> list[tuple[str, str, str | None, str]]:
    loaded = load_text(text, F)
    assert all(d.severity is Severity.ERROR for d in loaded.diagnostics)
    return [(d.rule, d.message, d.hint, str(d.location)) for d in loaded.diagnostics]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [("yaml.empty", "the file is empty", "Add the expected content, or remove the reference to this file.", f"{F}:1:1")]),
        ("  \n\n", [("yaml.empty", "the file is empty", "Add the expected content, or remove the reference to this file.", f"{F}:1:1")]),
        ("# only a comment\n", [("yaml.empty", "the file holds only comments, no content", "Add the expected content below the comments, or remove the reference to this file.", f"{F}:1:1")]),
        ("a: 1\nb:\n  \t- x\n", [("yaml.tab", "a tab character is used for indentation", "YAML indentation must use spaces; replace the tab with spaces.", f"{F}:3:3")]),
        ("\ta: 1\n", [("yaml.tab", "a tab character is used for indentation", "YAML indentation must use spaces; replace the tab with spaces.", f"{F}:1:1")]),
        ("a: 1\n---\nb: 2\n", [("yaml.multiple-documents", "the file holds several YAML documents ('---'); one is expected", None, f"{F}:1:1")]),
        ("a: [1, 2\nb: 3\n", [("yaml.syntax", "YAML syntax error: did not find expected ',' or ']'", SYNTAX_HINT, f"{F}:2:2")]),
        ("a: &x 1\nb: *x\nc: *x\n", [("yaml.alias", "YAML aliases (*x) are not allowed in dossier sources (1 more in this file)", "Write the value out in full where it is needed.", f"{F}:2:4")]),
        ("a: &y 1\nb: *y\n", [("yaml.alias", "YAML aliases (*y) are not allowed in dossier sources", "Write the value out in full where it is needed.", f"{F}:2:4")]),
        ("a: !!python/name:os.system x\n", [("yaml.tag", "YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed in dossier sources", TAG_HINT, f"{F}:1:4")]),
        ("a:\n  b: !local 1\n", [("yaml.tag", "YAML tag '!local' is not allowed in dossier sources", TAG_HINT, f"{F}:2:6")]),
        ("a: 1\nb: {<<: {c: 1}}\n", [("yaml.merge-key", "YAML merge keys (<<) are not allowed", None, f"{F}:2:5")]),
        ("a: 1\n? [k]\n: v\n", [("yaml.key", "mapping keys must be plain text", None, f"{F}:2:3")]),
        ("a: 1\nb: 2\na: 3\n", [("yaml.duplicate-key", "key 'a' appears twice in the same mapping (first defined on line 1)", "Keep one of the two entries; the second would silently replace the first.", f"{F}:3:1")]),
        ("x: .inf\ny: -.Inf\nz: .NaN\n", [
            ("yaml.not-a-number", ".inf (infinity or not-a-number) is not a value a dossier can use", "Write the figure as a plain number, e.g. 1250.5, or leave the field out.", f"{F}:1:4"),
            ("yaml.not-a-number", "-.Inf (infinity or not-a-number) is not a value a dossier can use", "Write the figure as a plain number, e.g. 1250.5, or leave the field out.", f"{F}:2:4"),
            ("yaml.not-a-number", ".NaN (infinity or not-a-number) is not a value a dossier can use", "Write the figure as a plain number, e.g. 1250.5, or leave the field out.", f"{F}:3:4"),
        ]),
        ("a: b\x07c\n", [("text.control-character", "the file holds an invisible control character <U+0007>, which YAML does not allow (and Word documents cannot hold)", "Delete it: it usually comes from text pasted from another program.", f"{F}:1:5")]),
    ],
)  # fmt: skip
def test_refusal(text: str, expected: list[tuple[str, str, str | None, str]]) -> None:
    assert refusals(text) == expected
    assert load_text(text, F).data is None or expected[0][0] in (
        "yaml.tag",
        "yaml.merge-key",
        "yaml.key",
        "yaml.duplicate-key",
        "yaml.not-a-number",
    )


def test_nesting_depth_is_bounded_exactly() -> None:
    ok = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert refusals(ok) == []
    deep = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    assert refusals(deep) == [
        ("yaml.too-deep", f"nesting deeper than {MAX_DEPTH} levels", None, f"{F}:1:{MAX_DEPTH + 4}")
    ]
    assert MAX_DEPTH == 64


def test_refused_values_are_left_out_and_the_rest_kept() -> None:
    loaded = load_text("a: 1\nb: !t x\nc: [1, {d: 2}]\na: 9\n", F)
    assert loaded.data == {"a": 1, "b": None, "c": [1, {"d": 2}]}
    assert loaded.smap.locate(("c", 1, "d")) == Location(F, 3, 12)
    assert loaded.smap.locate(("c", 1, "nowhere")) == Location(F, 3, 8)
    assert loaded.smap.locate(("c",), key=True) == Location(F, 3, 1)
    assert loaded.smap.locate(("zz",)) == Location(F, 1, 1)
    assert not loaded.ok


def test_read_text_file_refusals(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: 1\n" * 10, encoding="utf-8")
    text, diags = read_text_file(big, "big.yaml", max_bytes=49)
    assert text is None
    assert [(d.rule, d.message, d.hint, str(d.location)) for d in diags] == [
        (
            "file.too-large",
            "the file is 50 bytes; the limit is 49",
            "Split long prose into several Markdown files.",
            "big.yaml",
        )
    ]
    assert read_text_file(big, "big.yaml", max_bytes=50) == ("a: 1\n" * 10, [])
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"a: 1\nb: caf\xe9\n")
    text, diags = read_text_file(latin, "latin.yaml")
    assert text is None
    assert [(d.rule, d.hint, str(d.location)) for d in diags] == [
        ("file.encoding", "Save the file as UTF-8 in your editor.", "latin.yaml:2:7")
    ]
    text, diags = read_text_file(tmp_path, "folder")
    assert text is None and [(d.rule, str(d.location)) for d in diags] == [
        ("file.unreadable", "folder")
    ]
    assert diags[0].message == "cannot read the file: Is a directory"


def test_load_file_reads_and_parses(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    loaded = load_file(path, F)
    assert loaded.data == {"a": 1} and loaded.diagnostics == [] and loaded.smap.file == F
    path.write_bytes(b"\xff")
    assert [d.rule for d in load_file(path, F).diagnostics] == ["file.encoding"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("\x07a: 1\n", f"{F}:1:1"),
        ("a: 1\nb: 2\nc: x\x07y\n", f"{F}:3:5"),
        ("a: 1\n\nc: xy\x07", f"{F}:3:6"),
    ],
)
def test_a_control_character_is_located(text: str, where: str) -> None:
    [(rule, _, _, loc)] = refusals(text)
    assert (rule, loc) == ("text.control-character", where)


def test_a_star_that_is_not_an_alias_is_text() -> None:
    loaded = load_text("a: '*text'\nb: 2 * 3\n", F)
    assert loaded.data == {"a": "*text", "b": "2 * 3"} and loaded.diagnostics == []


def test_a_tab_after_text_is_not_indentation() -> None:
    loaded = load_text("a: x\tb\nc: 1\n", F)
    assert loaded.data == {"a": "x\tb", "c": 1}
    key = load_text("a: 1\nX\tb: 2\n", F)
    assert key.data == {"a": 1, "X\tb": 2} and key.diagnostics == []


def test_an_empty_source_map_locates_the_file() -> None:
    empty = load_text("a: [\n", F).smap
    assert empty.locate(("a", 0)) == Location(F, 1, 1)
    assert empty.locate(("a",), key=True) == Location(F, 1, 1)


def test_path_at_line() -> None:
    smap = load_text("a: 1\nb:\n  c: 2\n  d: [x,\n    y]\n\n# note\ne: 3\n", F).smap
    assert smap.path_at_line(1) == ("a",)
    assert smap.path_at_line(3) == ("b", "c")  # the innermost key on the line
    assert smap.path_at_line(5) == ("b", "d", 1)  # a value that starts there
    assert smap.path_at_line(6) == ("e",)  # a blank line: the next value below
    assert smap.path_at_line(7) == ("e",)
    assert smap.path_at_line(9) == ()
