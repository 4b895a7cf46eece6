"""The content checks of `dossier check` (validate/rules/content.py) past the hostile
cases of tests/hostile: findings read back from the findings cache are the findings,
part files nobody lists, invisible characters in names, images used twice. Written
against mutants that the other tests let through."""

from __future__ import annotations

import hashlib

import pytest

from dossier.core.diagnostics import Severity

from .conftest import Dossier

HAZARDS = "See [a file](file:///etc/passwd) and a note[^1].\n"


def _seen(dossier: Dossier) -> list[tuple[str, str, str, str | None]]:
    return sorted(
        (d.rule, str(d.location), d.message, d.hint)
        for d in dossier.check().diagnostics
        if d.severity is not Severity.CHECKLIST
    )


@pytest.mark.reports("prose.link-refused", "prose.footnote-undefined", "image.not-an-image")
def test_findings_read_back_from_the_cache_are_the_findings(dossier: Dossier) -> None:
    dossier.write("text/history.md", HAZARDS)
    with dossier.edit("protection") as p:
        p["finance"] = "Funds, see [the file](file:///etc/shadow)."
    dossier.write("media/photo-1.png", b"not a picture")
    first = _seen(dossier)
    assert {rule for rule, *_ in first} >= {
        "prose.link-refused",
        "prose.footnote-undefined",
        "image.not-an-image",
    }
    assert _seen(dossier) == first  # from the cache
    assert _seen(dossier) == first
    # One text changed: its findings change, the others are read back as they were.
    dossier.write("text/history.md", "The fort was built in the Iron Age.\n")
    third = _seen(dossier)
    assert third == [f for f in first if not f[1].startswith("text/history.md")]
    assert _seen(dossier) == third


@pytest.mark.reports("prose.link-refused")
def test_the_same_hazard_in_a_file_and_in_yaml_is_reported_at_each(dossier: Dossier) -> None:
    dossier.write("text/history.md", "See [a file](file:///etc/passwd).\n")
    with dossier.edit("protection") as p:
        p["finance"] = "See [a file](file:///etc/passwd)."
    found = sorted(
        (d.location.file, d.location.line)
        for d in dossier.findings("prose.link-refused")
        if d.location
    )
    assert found == sorted([("text/history.md", 1), dossier.line("protection", r"^finance:")])


@pytest.mark.reports("dossier.part-unlisted")
def test_every_unlisted_yaml_file_of_parts_is_reported(dossier: Dossier) -> None:
    dossier.write("parts/draft.yml", "history: old text\n")
    dossier.write("parts/zz-notes.YAML", "note: x\n")
    dossier.write("parts/readme.txt", "not a part\n")
    (dossier.root / "parts" / "old.yaml").mkdir()
    found = dossier.findings("dossier.part-unlisted")
    assert [(str(d.location), d.severity, d.message) for d in found] == [
        (
            "parts/draft.yml",
            Severity.WARNING,
            "parts/draft.yml is not listed under 'parts' in dossier.yaml, so it is never read",
        ),
        (
            "parts/zz-notes.YAML",
            Severity.WARNING,
            "parts/zz-notes.YAML is not listed under 'parts' in dossier.yaml, so it is never read",
        ),
    ]
    assert found[0].hint == (
        "List it under 'parts' (e.g. 'monitoring: parts/6-monitoring.yaml'), or move it out "
        "of parts/ if it is a draft."
    )


@pytest.mark.accepts("dossier.part-unlisted")
def test_a_part_listed_with_a_leading_dot_is_listed(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        m["parts"]["protection"] = "./parts/protection.yaml"
    assert dossier.findings("dossier.part-unlisted") == []


@pytest.mark.reports("text.invisible-character")
def test_an_invisible_character_in_a_name_is_a_warning_at_the_name(dossier: Dossier) -> None:
    with dossier.edit("identification") as ident:
        ident["maps"][0]["title"] = "The property\u200b and its buffer zone"
    found = dossier.findings("text.invisible-character")
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("identification", r"^  title: The property")
    ]
    assert [d.severity for d in found] == [Severity.WARNING]
    assert found[0].message == (
        "the text 'The property<U+200B> and its buffer zone' holds an invisible character"
    )
    assert found[0].hint == "Retype it; invisible characters make equal-looking names differ."


@pytest.mark.accepts("text.invisible-character")
def test_accents_and_non_latin_letters_are_not_invisible(dossier: Dossier) -> None:
    with dossier.edit("identification") as ident:
        ident["maps"][0]["title"] = "Le fort et sa zone tampon, Ústyurt — Үстірт"
    assert dossier.findings("text.invisible-character") == []


@pytest.mark.accepts("prose.link-refused")
def test_dossier_yaml_is_not_read_as_prose(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        m["property"]["region"] = "See [the map](file:///etc/passwd)"
    assert dossier.findings("prose.link-refused") == []


@pytest.mark.accepts("prose.footnote-undefined")
def test_a_file_name_is_not_read_as_prose(dossier: Dossier) -> None:
    (dossier.root / "text/history.md").rename(dossier.root / "text/history[^1].md")
    with dossier.edit("description") as d:
        d["history"] = {"file": "text/history[^1].md"}
    assert dossier.findings("prose.footnote-undefined") == []


@pytest.mark.accepts("prose.link-refused")
def test_a_part_that_could_not_be_read_is_not_read_as_prose(dossier: Dossier) -> None:
    rel = dossier.part("protection")
    text = (dossier.root / rel).read_text(encoding="utf-8")
    with dossier.edit("protection") as prot:
        prot["presentation"] = "See [the file](file:///etc/passwd)."
    text = (dossier.root / rel).read_text(encoding="utf-8")
    dossier.write(rel, text + "staffing: Two wardens.\n")  # a key written twice
    found = dossier.check().diagnostics
    assert "yaml.duplicate-key" in {d.rule for d in found}
    assert [d for d in found if d.rule == "prose.link-refused"] == []


@pytest.mark.reports("text.invisible-character")
def test_a_control_character_in_a_key_is_an_invisible_character(dossier: Dossier) -> None:
    rel = dossier.part("protection")
    text = (dossier.root / rel).read_text(encoding="utf-8")
    dossier.write(rel, text.replace("\nfinance:", '\n"fin\\x01ance":'))
    found = dossier.findings("text.invisible-character")
    assert [(d.location.file, d.location.line, d.location.col) for d in found if d.location] == [
        (*dossier.line("protection", r"^\"fin"), 1)  # the key, not its value
    ]
    assert [d.message for d in found] == [
        "the key 'fin<U+0001>ance' holds an invisible character; it does not match the key "
        "of that name"
    ]
    assert [(d.severity, d.hint) for d in found] == [(Severity.WARNING, "Retype the key.")]


@pytest.mark.reports("prose.link-refused")
def test_a_link_written_twice_in_yaml_is_reported_once_and_the_next_ones_too(
    dossier: Dossier,
) -> None:
    """Both copies are located at the first (the place of the text in the YAML file)."""
    with dossier.edit("protection") as p:
        p["finance"] = "See [a](file:///x), [a](file:///x) and [b](javascript:alert(1))."
    found = dossier.findings("prose.link-refused")
    line = dossier.line("protection", r"^finance:")[1]
    assert [(d.location.line, d.location.col) for d in found if d.location] == [
        (line, len("finance: See [a](") + 1),
        (line, len("finance: See [a](file:///x), [a](file:///x) and [b](") + 1),
    ]
    assert all(d.hint for d in found)


@pytest.mark.reports("text.control-character")
def test_a_control_character_in_dossier_yaml_is_an_error_at_its_value(dossier: Dossier) -> None:
    text = (dossier.root / "dossier.yaml").read_text(encoding="utf-8")
    dossier.write(
        "dossier.yaml", text.replace("region: Example Region", 'region: "Example\\aRegion"')
    )
    found = dossier.findings("text.control-character")
    assert [(str(d.location), d.severity) for d in found] == [
        (f"dossier.yaml:{dossier.line('dossier', r'^  region:')[1]}:11", Severity.ERROR)
    ]
    assert [(d.message, d.hint) for d in found] == [
        (
            "the text holds an invisible control character <U+0007>, which Word documents "
            "cannot hold",
            "Delete it: it usually comes from text pasted from another program.",
        )
    ]


@pytest.mark.reports("text.control-character")
def test_a_control_character_in_prose_is_reported_once(dossier: Dossier) -> None:
    rel = dossier.part("protection")
    text = (dossier.root / rel).read_text(encoding="utf-8")
    dossier.write(rel, text.replace("finance: Municipal", 'finance: "Municipal\\a'))
    dossier.write(
        rel,
        (dossier.root / rel)
        .read_text(encoding="utf-8")
        .replace("national budgets.", 'national budgets."', 1),
    )
    found = dossier.findings("text.control-character")
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("protection", r"^finance:")
    ]


@pytest.mark.accepts("text.invisible-character")
def test_prose_is_left_to_the_prose_scan(dossier: Dossier) -> None:
    """A multi-line text, or one read as Markdown (it has a link), is not a name: the
    prose scan reports what matters there, with its column."""
    with dossier.edit("protection") as p:
        p["finance"] = "Municipal budgets\u200b.\nNational budgets."
        p["expertise"] = "Le service régional — voir [le site](https://whc.unesco.org/)."
    assert dossier.findings("text.invisible-character") == []


@pytest.mark.reports("image.not-an-image")
def test_each_image_has_its_own_findings_in_the_cache(dossier: Dossier) -> None:
    dossier.write("media/photo-2.png", b"not a picture")
    with dossier.edit("documentation") as doc:
        doc["images"].append(dict(doc["images"][0], id="photo-2", file="media/photo-2.png"))
    for _ in range(2):  # computed, then read back
        found = dossier.findings("image.not-an-image")
        assert [(d.location.file, d.location.line) for d in found if d.location] == [
            dossier.line("documentation", r"file: media/photo-2.png")
        ]


@pytest.mark.accepts("image.not-an-image", "image.damaged")
@pytest.mark.parametrize(
    "damaged",
    [["abc"], [["image.damaged", "is damaged"]], [["a", "b", "c", "d"]], [[1, 2, 3]], "x"],
)
def test_a_damaged_cache_entry_of_an_image_is_read_as_a_miss(
    dossier: Dossier, damaged: object
) -> None:
    from dossier.core import cache

    data = (dossier.root / "media/photo-1.png").read_bytes()
    cache.store_json("image", hashlib.sha256(data).hexdigest(), damaged)
    found = [d for d in dossier.check().diagnostics if d.severity is not Severity.CHECKLIST]
    assert found == []


@pytest.mark.reports("text.invisible-character")
def test_a_long_text_is_quoted_in_part(dossier: Dossier) -> None:
    with dossier.edit("identification") as ident:
        ident["maps"][0]["title"] = (
            "The property and its buffer zone as drawn by the regional heritage service\u200b "
            "in the survey of 2024"
        )
    assert [d.message for d in dossier.findings("text.invisible-character")] == [
        "the text 'The property and its buffer zone as drawn by the regional heritage "
        "service<U+...' holds an invisible character"
    ]


@pytest.mark.reports("image.not-an-image")
def test_an_image_that_cannot_be_found_does_not_hide_the_next(dossier: Dossier) -> None:
    dossier.write("media/photo-2.png", b"not a picture")
    with dossier.edit("documentation") as doc:
        doc["images"].append(dict(doc["images"][0], id="photo-2", file="media/photo-2.png"))
        doc["images"][0]["file"] = "media/nowhere.png"
    found = dossier.findings("image.not-an-image")
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("documentation", r"file: media/photo-2.png")
    ]
    assert all(d.hint for d in found)


@pytest.mark.accepts("dossier.part-unlisted")
def test_no_unlisted_part_without_dossier_yaml(dossier: Dossier) -> None:
    (dossier.root / "dossier.yaml").unlink()
    found = dossier.check().diagnostics
    assert [d.rule for d in found] == ["dossier.no-manifest"]


@pytest.mark.reports("dossier.part-unlisted")
def test_parts_that_are_not_a_mapping_list_no_part(dossier: Dossier) -> None:
    with dossier.edit("dossier") as m:
        m["parts"] = ["parts/protection.yaml"]
    found = dossier.findings("dossier.part-unlisted")
    assert "parts/protection.yaml" in {str(d.location) for d in found}


@pytest.mark.reports("prose.link-refused")
def test_one_refused_address_at_one_place_is_one_finding(dossier: Dossier) -> None:
    """A link and an image to the same address in one YAML text are both located at the
    address's first place: reported there once."""
    with dossier.edit("protection") as p:
        p["finance"] = "See [a](file:///x), or ![c](file:///x)."
    assert len(dossier.findings("prose.link-refused")) == 1


@pytest.mark.reports("text.invisible-character")
def test_a_nested_key_with_an_invisible_character_is_named(dossier: Dossier) -> None:
    """The message names the key itself, not the first key of its path."""
    with dossier.edit("identification") as ident:
        ident["maps"][0]["sca\u200ble"] = "1:25,000"
    found = dossier.findings("text.invisible-character")
    assert [d.message for d in found] == [
        "the key 'sca<U+200B>le' holds an invisible character; it does not match the key "
        "of that name"
    ]
    assert [(d.location.file, d.location.line) for d in found if d.location] == [
        dossier.line("identification", r"sca.*le")
    ]


@pytest.mark.accepts("dossier.part-unlisted")
def test_no_unlisted_part_when_dossier_yaml_cannot_be_read(dossier: Dossier) -> None:
    """Its parts are unknown then, not unlisted: only the YAML error is reported."""
    text = (dossier.root / "dossier.yaml").read_text(encoding="utf-8")
    dossier.write("dossier.yaml", text + "parts: [\n")
    found = dossier.check().diagnostics
    assert found and [d for d in found if d.rule == "dossier.part-unlisted"] == []


@pytest.mark.accepts("dossier.part-unlisted")
def test_no_unlisted_part_without_a_parts_folder(dossier: Dossier) -> None:
    for file in (dossier.root / "parts").iterdir():
        file.rename(dossier.root / file.name)
    (dossier.root / "parts").rmdir()
    with dossier.edit("dossier") as m:
        m["parts"] = {key: rel.removeprefix("parts/") for key, rel in m["parts"].items()}
    assert [d.rule for d in dossier.check().diagnostics if d.rule.startswith("dossier.")] == []
