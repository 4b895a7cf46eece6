from __future__ import annotations

import time

import pytest

from dossier.load.yamlload import load_text


def test_values_keep_positions_and_yaml_1_2_scalars() -> None:
    r = load_text('a: 1\nb: no\nc: "2024-01-05"\nd: 2024-13-45\ne:\n  - x: 1.5\n', "f.yaml")
    assert r.data == {"a": 1, "b": "no", "c": "2024-01-05", "d": "2024-13-45", "e": [{"x": 1.5}]}
    assert r.diagnostics == []
    assert r.smap.locate(("e", 0, "x")).__str__() == "f.yaml:6:8"
    assert str(r.smap.locate(("b",), key=True)) == "f.yaml:2:1"
    # a path that does not exist points at its nearest ancestor
    assert str(r.smap.locate(("e", 0, "missing"))) == "f.yaml:6:5"


def test_null_bool_and_numbers() -> None:
    r = load_text("a: ~\nb: true\nc: FALSE\nd: 0x10\ne: 0o10\nf: .inf\ng: yes\nh: 1e3\n", "f")
    assert r.data == {
        "a": None,
        "b": True,
        "c": False,
        "d": 16,
        "e": 8,
        "f": None,  # .inf is refused (yaml.not-a-number): no figure of a dossier is infinite
        "g": "yes",
        "h": 1000.0,
    }
    assert [d.rule for d in r.diagnostics] == ["yaml.not-a-number"]


def test_duplicate_key_is_an_error_with_both_lines() -> None:
    r = load_text("a: 1\nb: 2\na: 3\n", "f")
    [d] = r.diagnostics
    assert (d.rule, str(d.location)) == ("yaml.duplicate-key", "f:3:1")
    assert "line 1" in d.message


def test_tags_are_refused() -> None:
    r = load_text("a: !!python/object/apply:os.system [ls]\nb: !custom x\n", "f")
    assert [(d.rule, str(d.location)) for d in r.diagnostics] == [
        ("yaml.tag", "f:1:4"),
        ("yaml.tag", "f:2:4"),
    ]


@pytest.mark.reports("yaml.merge-key")
def test_merge_keys_are_refused() -> None:
    r = load_text("a:\n  <<: {b: 1}\n", "f")
    assert [d.rule for d in r.diagnostics] == ["yaml.merge-key"]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    start = time.perf_counter()
    r = load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert r.data is None
    [d] = r.diagnostics
    assert (d.rule, str(d.location)) == ("yaml.alias", "bomb.yaml:2:10")


@pytest.mark.reports("yaml.multiple-documents")
def test_syntax_error_tab_empty_and_multiple_documents() -> None:
    assert [str(d.location) for d in load_text("a: [1\n", "f").diagnostics] == ["f:2:1"]
    assert [d.rule for d in load_text("a:\n\t- 1\n", "f").diagnostics] == ["yaml.tab"]
    assert [d.rule for d in load_text("  \n", "f").diagnostics] == ["yaml.empty"]
    assert [d.rule for d in load_text("a: 1\n---\nb: 2\n", "f").diagnostics] == [
        "yaml.multiple-documents"
    ]


def test_spans_cover_entries() -> None:
    r = load_text("items:\n  - a: 1\n    b: 2\n  - a: 3\n", "f")
    assert r.smap.spans[("items", 0)] == (2, 3)
    assert r.smap.spans[("items", 1)] == (4, 4)


def test_todo_comments_are_found_outside_text_only() -> None:
    from dossier.load.yamlload import load_text

    text = (
        "a: 1  # TODO: the number\n"
        'b: "x # TODO not a comment"\n'
        "c: |\n"
        "  # TODO not a comment either\n"
        "  text\n"
        "# TODO: add d\n"
        "d:\n"
        "  - e: [1, 2]   # TODO\n"
        "f: 'it''s'#TODO no space before '#': text\n"
    )
    loaded = load_text(text, "f.yaml")
    assert loaded.smap.todos == [(1, 7, "the number"), (6, 1, "add d"), (8, 17, "to be written")]
    assert [loaded.smap.path_at_line(line) for line, _, _ in loaded.smap.todos] == [
        ("a",),
        ("d",),
        ("d", 0, "e"),
    ]
