"""Hostile or accidental content that `dossier check` must report, located, instead of
letting the build drop it, print it wrongly or fail late."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier import api
from dossier.core.diagnostics import Severity
from dossier.load.yamlload import load_text

from .conftest import cli


def _found(dossier: Path, *rules: str) -> list[tuple[str, str, str]]:
    return [
        (d.rule, str(d.location), d.message)
        for d in api.check(dossier).diagnostics
        if d.rule in rules
    ]


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# ---------------------------------------------------------------- links and images in prose

HOSTILE_LINKS = """
See [the map](javascript:alert(1)), [data](data:text/html;base64,PGgxPg==),
[a file](file:///etc/passwd), [abs](/etc/passwd), [up](../../outside.md),
![remote](https://example.org/x.png), <vbscript:msgbox>, [local](text/other.md)
and ![inline](media/photo-1.png) and [the Centre](https://whc.unesco.org/).

[ref]: javascript:alert(document.cookie)
"""


@pytest.mark.reports("prose.link-refused", "prose.link-local", "prose.image-in-text")
def test_unsafe_links_and_images_are_located_at_check(minimal: Path) -> None:
    _append(minimal / "text" / "history.md", HOSTILE_LINKS)
    lines = (minimal / "text" / "history.md").read_text(encoding="utf-8").splitlines()
    found = _found(minimal, "prose.link-refused", "prose.link-local", "prose.image-in-text")
    where = {(rule, loc) for rule, loc, _ in found}

    def at(needle: str) -> str:
        n = next(i for i, line in enumerate(lines) if needle in line)
        return f"text/history.md:{n + 1}:{lines[n].index(needle) + 1}"

    refused = [
        "javascript:alert(1)",
        "data:text/html",
        "file:///etc/passwd",
        "/etc/passwd)",
        "../../outside.md",
        "https://example.org/x.png",
        "vbscript:msgbox",
        "javascript:alert(document",
    ]
    for needle in refused:
        assert ("prose.link-refused", at(needle)) in where, needle
    assert ("prose.link-local", at("text/other.md")) in where
    assert ("prose.image-in-text", at("media/photo-1.png")) in where
    assert len(found) == len(refused) + 2  # the https link to the Centre is fine
    assert cli("check", str(minimal)).returncode == 1


def test_an_unsafe_link_in_a_yaml_string(minimal: Path) -> None:
    part = minimal / "parts" / "description.yaml"
    part.write_text(
        part.read_text(encoding="utf-8").replace(
            "two concentric ramparts", "two [ramparts](file:///etc/shadow)"
        ),
        encoding="utf-8",
    )
    [(_, loc, message)] = _found(minimal, "prose.link-refused")
    assert loc.startswith("parts/description.yaml:2:") and "file of this computer" in message


# ---------------------------------------------------------------- characters


@pytest.mark.reports("text.control-character")
def test_control_characters_in_yaml_and_markdown(minimal: Path) -> None:
    part = minimal / "parts" / "description.yaml"
    text = part.read_text(encoding="utf-8").split("\n", 2)[2]  # keep history
    part.write_text('description: "A hill\\0 fort [@smith2020]."\n' + text, encoding="utf-8")
    _append(minimal / "text" / "history.md", "A bell\x07 rang.\n")
    found = _found(minimal, "text.control-character")
    assert [(loc.split(":")[0], "<U+0000>" in m or "<U+0007>" in m) for _, loc, m in found] == [
        ("parts/description.yaml", True),
        ("text/history.md", True),
    ]


def test_a_raw_control_character_in_yaml_is_located() -> None:
    loaded = load_text("name: ok\nnote: a\x1bb\n", "parts/x.yaml")
    [d] = loaded.diagnostics
    assert (d.rule, str(d.location)) == ("text.control-character", "parts/x.yaml:2:8")
    assert "<U+001B>" in d.message


@pytest.mark.reports("text.invisible-character")
def test_invisible_characters_are_shown_and_reported(minimal: Path) -> None:
    part = minimal / "parts" / "protection.yaml"
    text = part.read_text(encoding="utf-8")
    first_key = text.split(":", 1)[0]
    part.write_text(first_key + "\u200b" + text[len(first_key) :], encoding="utf-8")
    manifest = minimal / "dossier.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "name: Example Hill Fort", "name: Example \u202eHill Fort"
        ),
        encoding="utf-8",
    )
    diags = api.check(minimal).diagnostics
    shown = [d.message for d in diags]
    assert not any("\u200b" in m or "\u202e" in m for m in shown)  # never printed raw
    invisible = [
        (str(d.location), d.message) for d in diags if d.rule == "text.invisible-character"
    ]
    assert any(
        loc.startswith("parts/protection.yaml:1:1") and "<U+200B>" in m for loc, m in invisible
    )
    assert any(loc.startswith("dossier.yaml:") and "<U+202E>" in m for loc, m in invisible)
    # the schema finding about the unknown key shows the key with its invisible character
    assert any(d.rule.startswith("schema.") and "<U+200B>" in d.message for d in diags)


@pytest.mark.reports("yaml.not-a-number")
@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.Inf", "+.INF"])
def test_nan_and_infinity_are_refused(value: str) -> None:
    loaded = load_text(f"area_ha: {value}\n", "parts/identification.yaml")
    assert loaded.data == {"area_ha": None}
    [d] = loaded.diagnostics
    assert (d.rule, str(d.location)) == ("yaml.not-a-number", "parts/identification.yaml:1:10")


def test_quoted_nan_stays_text() -> None:
    assert load_text('a: ".nan"\n', "x.yaml").data == {"a": ".nan"}


# ---------------------------------------------------------------- footnotes, parts


@pytest.mark.reports("prose.footnote-undefined", "prose.footnote-unused")
def test_footnote_without_text_and_text_without_call(minimal: Path) -> None:
    _append(
        minimal / "text" / "history.md",
        "\nA claim[^src] and `[^code]`.\n\n[^unused]: Never called.\n",
    )
    found = sorted(_found(minimal, "prose.footnote-undefined", "prose.footnote-unused"))
    lines = (minimal / "text" / "history.md").read_text(encoding="utf-8").splitlines()
    n = len(lines)
    assert [(r, loc) for r, loc, _ in found] == [
        ("prose.footnote-undefined", f"text/history.md:{n - 2}:8"),
        ("prose.footnote-unused", f"text/history.md:{n}:1"),
    ]


@pytest.mark.reports("dossier.part-unlisted")
def test_an_unlisted_part_file_is_a_warning(minimal: Path) -> None:
    (minimal / "parts" / "monitoring-draft.yaml").write_text("indicators: []\n", encoding="utf-8")
    [d] = [x for x in api.check(minimal).diagnostics if x.rule == "dossier.part-unlisted"]
    assert d.severity is Severity.WARNING and str(d.location) == "parts/monitoring-draft.yaml"


def test_a_part_holding_only_comments_is_called_empty(minimal: Path) -> None:
    (minimal / "parts" / "monitoring.yaml").write_text("# to do\n# later\n", encoding="utf-8")
    [(rule, loc, message)] = _found(minimal, "yaml.empty", "yaml.multiple-documents")
    assert (rule, loc) == ("yaml.empty", "parts/monitoring.yaml:1:1")
    assert "only comments" in message


# ---------------------------------------------------------------- bibliography


def test_a_key_reused_by_another_work_is_an_error(minimal: Path) -> None:
    bib = minimal / "bibliography.yaml"
    text = bib.read_text(encoding="utf-8")
    _append(bib, text.replace("title:", "title: Another work,", 1))
    [d] = [x for x in api.check(minimal).diagnostics if x.rule == "bib.duplicate-key"]
    assert d.severity is Severity.ERROR and "two different works" in d.message


@pytest.mark.reports("bib.lookalike-key")
def test_keys_that_differ_only_by_unicode_normalisation(minimal: Path) -> None:
    bib = minimal / "bibliography.yaml"
    text = bib.read_text(encoding="utf-8")
    key = "smith2020"
    lookalike = "ｓmith2020"  # a full-width s
    _append(bib, text.replace(f"id: {key}", f"id: {lookalike}").replace("title:", "title: B", 1))
    [d] = [x for x in api.check(minimal).diagnostics if x.rule == "bib.lookalike-key"]
    assert d.severity is Severity.ERROR and "look the same" in d.message
