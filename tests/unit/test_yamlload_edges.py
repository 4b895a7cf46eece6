"""The YAML loader in less common shapes: positions after non-ASCII text, entries kept
after a refused one, where a line's finding goes, spans, byte order marks, and the
errors the parser raises without a position (tests/unit/test_yamlload_refusals.py has
one case per refusal)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dossier.core.diagnostics import Location
from dossier.load import yamlload
from dossier.load.yamlload import load_file, load_text, read_text_file

F = "parts/x.yaml"


def found(text: str) -> list[tuple[str, str, str]]:
    return [(d.rule, d.message, str(d.location)) for d in load_text(text, F).diagnostics]


# ----------------------------------------------------------------- control characters


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("é: ééé\x07\n", f"{F}:1:7"),  # libyaml counts bytes: é is two of them
        ("titre: «\u202fcafé\u202f»\nb: ça\x00va\n", f"{F}:2:6"),
        ("é: ééééééééé\x07", f"{F}:1:13"),
        ("\na: b\x07c\n", f"{F}:2:5"),  # after a first empty line
    ],
)
def test_a_control_character_after_non_ascii_text_is_located_and_named(
    text: str, where: str
) -> None:
    [(rule, message, loc)] = found(text)
    assert (rule, loc) == ("text.control-character", where)
    char = "<U+0007>" if "\x07" in text else "<U+0000>"
    assert message.startswith(f"the file holds an invisible control character {char},")


# ----------------------------------------------------------------- what is kept


def test_entries_after_a_refused_key_are_kept() -> None:
    loaded = load_text("b: {<<: {c: 1}, d: 2}\na: 1\n? [k]\n: v\nz: 3\nx: 1\nx: 2\ny: 4\n", F)
    assert loaded.data == {"b": {"d": 2}, "a": 1, "z": 3, "x": 1, "y": 4}
    assert [d.rule for d in loaded.diagnostics] == [
        "yaml.merge-key",
        "yaml.key",
        "yaml.duplicate-key",
    ]


def test_a_quoted_merge_key_is_text() -> None:
    loaded = load_text("\"<<\": 1\n'<<': 2\n", F)
    assert loaded.diagnostics[0].rule == "yaml.duplicate-key"
    assert loaded.data == {"<<": 1}


def test_a_duplicate_key_names_the_line_of_the_first() -> None:
    assert found("x:\n  a: 1\n  a: 2\n") == [
        (
            "yaml.duplicate-key",
            "key 'a' appears twice in the same mapping (first defined on line 2)",
            f"{F}:3:3",
        )
    ]


def test_octal_and_hexadecimal_integers() -> None:
    assert load_text("a: 0o17\nb: 0x1F\nc: 0o0\n", F).data == {"a": 15, "b": 31, "c": 0}


# ----------------------------------------------------------------- places


def test_path_at_line_takes_the_innermost_key_and_the_outermost_value() -> None:
    smap = load_text("a: {b: {c: 1}, z: 2}\nd: [[x,\n  y], [z, w]]\n", F).smap
    assert smap.path_at_line(1) == ("a", "b", "c")  # the deepest key, not the last one
    assert smap.path_at_line(2) == ("d",)
    assert smap.path_at_line(3) == ("d", 1)  # 'y' and '[z, w]' start there: the outermost


def test_path_at_line_below_a_blank_line_takes_the_first_value_on_the_next_line() -> None:
    smap = load_text("m: {q: 0,\n\n  z: 1, a: 2}\nl:\n- x\n", F).smap
    assert smap.path_at_line(2) == ("m", "z")  # leftmost, not the first in order of keys


def test_spans_of_quoted_text_with_a_paragraph_break_and_of_empty_items() -> None:
    smap = load_text('a: "x\n\n  y"\nb: first\n XX\nc: 1\n', F).smap
    assert smap.spans[("a",)] == (1, 3)
    assert smap.spans[("b",)] == (4, 5)  # a plain text continued on a line starting XX
    assert load_text("- \n- x\n", F).smap.spans[(0,)] == (1, 1)


# ----------------------------------------------------------------- files


def test_a_refused_file_keeps_an_empty_source_map() -> None:
    for text in ("", "\ta: 1\n", "a: &x 1\nb: *x\n", "a: [\n", "a\x07\n", "# c\n", "a: 1\n---\n"):
        loaded = load_text(text, F)
        assert loaded.data is None and loaded.diagnostics
        assert loaded.smap.file == F and loaded.smap.locate(("a",)) == Location(F, 1, 1)


def test_a_file_that_cannot_be_read_is_placed_in_its_own_name(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\na: 1\nb: 2\nc: caf\xe9\n")
    loaded = load_file(path, F)
    assert loaded.data is None and loaded.smap.file == F
    assert [(d.rule, str(d.location)) for d in loaded.diagnostics] == [
        ("file.encoding", f"{F}:4:7")
    ]
    assert loaded.diagnostics[0].message == "the file is not valid UTF-8 (byte 0xe9)"
    path.write_bytes(b"\nb: caf\xe9\n")
    assert str(load_file(path, F).diagnostics[0].location) == f"{F}:2:7"


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffab: 1\n".encode())
    assert read_text_file(path, F) == ("ab: 1\n", [])
    assert load_file(path, F).data == {"ab": 1}


# ----------------------------------------------------------------- errors without a place


def _raising(exc: Exception) -> object:
    def compose_all(*_: object, **__: object) -> object:
        raise exc

    return compose_all


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (yaml.MarkedYAMLError(context="while scanning", problem=None), "while scanning"),
        (yaml.MarkedYAMLError(), "invalid YAML"),
    ],
)
def test_a_syntax_error_without_a_position_is_placed_at_the_start(
    monkeypatch: pytest.MonkeyPatch, exc: Exception, message: str
) -> None:
    monkeypatch.setattr(yamlload.yaml, "compose_all", _raising(exc))
    loaded = load_text("a: 1\n", F)
    assert found("a: 1\n") == [("yaml.syntax", f"YAML syntax error: {message}", f"{F}:1:1")]
    assert loaded.smap.file == F


def test_another_parser_error_is_a_finding_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlload.yaml, "compose_all", _raising(yaml.YAMLError("stream broken")))
    loaded = load_text("a: 1\n", F)
    assert [(d.rule, d.message, str(d.location), d.hint) for d in loaded.diagnostics] == [
        ("yaml.syntax", "YAML error: stream broken", f"{F}:1:1", None)
    ]
    assert loaded.data is None and loaded.smap.file == F
