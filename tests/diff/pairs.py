"""Pairs of dossiers with known changes, made from a copy of the transnational serial test
dossier (tests/cases/valid/transnational-serial). Every text written here is test fixture
text about a fictional property."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests" / "cases" / "valid" / "transnational-serial"

HISTORY = [
    "The engravings were made over a long period and recorded by a survey in 2019 "
    "[@doe2021, p. 4].",
    "Herders of the test ranges have known the engraved rocks for generations; the survey "
    "mapped each panel and recorded its condition.",
    "Since the survey, the site managers have visited the panels every year and photographed "
    "them from fixed points.",
]
ROE = (
    "- id: roe2023\n"
    "  type: article-journal\n"
    "  title: Condition of the test panels (a fictional article for the tests)\n"
    "  author: [{family: Roe, given: Richard}]\n"
    "  issued: {date-parts: [[2023]]}\n"
    "  container-title: Journal of Test Fixtures\n"
)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def base(folder: Path) -> Path:
    """The test dossier with a three-paragraph history and a second work in its
    bibliography: the common ancestor of both sides."""
    shutil.copytree(BASE, folder)
    (folder / "text" / "history.md").write_text("\n\n".join(HISTORY) + "\n", encoding="utf-8")
    with (folder / "bibliography.yaml").open("a", encoding="utf-8") as fh:
        fh.write(ROE)
    return folder


def add_criterion(d: Path, *, souv: bool = False) -> None:
    edit(
        d / "parts" / "justification.yaml",
        "attributes:\n  - id: engravings",
        "  - criterion: iv\n"
        "    justification: The engraved panels illustrate a stage of rock art of the test ranges.\n"
        "    attributes: [engravings]\n"
        "attributes:\n  - id: engravings",
    )
    if souv:
        edit(
            d / "parts" / "justification.yaml",
            "    iii: Testimony to a tradition of rock art.\n",
            "    iii: Testimony to a tradition of rock art.\n"
            "    iv: Illustrates a stage of rock art.\n",
        )


def state_area(d: Path, value: int, before: int | None = None) -> None:
    """The stated area (ha) of component part 001: given, or changed from ``before``."""
    old = 'id: "001", name: Upper Terrace Rock Art Site,'
    if before is not None:
        old = f"{old} area_ha: {before},"
    edit(
        d / "parts" / "identification.yaml",
        old,
        f'id: "001", name: Upper Terrace Rock Art Site, area_ha: {value},',
    )


def move_boundary(d: Path) -> None:
    """The east edge of component part 004 moved 0.005° west (inside its old boundary)."""
    path = d / "geo" / "property.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    for feat in data["features"]:
        if feat["properties"]["id"] == "004":
            ring = feat["geometry"]["coordinates"][0]
            feat["geometry"]["coordinates"][0] = [[75.91 if x == 75.915 else x, y] for x, y in ring]
    path.write_text(json.dumps(data), encoding="utf-8")


def rewrite_paragraph(d: Path) -> None:
    edit(
        d / "text" / "history.md",
        "the survey mapped each panel and recorded its condition",
        "a new survey mapped every panel and assessed its state",
    )


def move_paragraph(d: Path) -> None:
    """The third paragraph of 2.b (history) moved to the end of 2.a (description)."""
    edit(d / "text" / "history.md", f"\n\n{HISTORY[2]}", "")
    edit(
        d / "parts" / "description.yaml",
        "  Five groups of rock engravings in three States Parties [@doe2021].\n",
        f"  Five groups of rock engravings in three States Parties [@doe2021].\n\n  {HISTORY[2]}\n",
    )


def add_citation(d: Path) -> None:
    edit(
        d / "parts" / "justification.yaml",
        "and no development threatens them.",
        "and no development threatens them [@roe2023].",
    )


CHANGES = {
    "criterion added": add_criterion,
    "component area changed": lambda d: state_area(d, 600, before=557),
    "boundary moved": move_boundary,
    "paragraph rewritten": rewrite_paragraph,
    "paragraph moved": move_paragraph,
    "citation added": add_citation,
}


def pair(tmp: Path, *changes: str) -> tuple[Path, Path]:
    """(old, new) folders under ``tmp``: the base, and the base with ``changes`` made
    (names of CHANGES). Component part 001 states its area (557 ha) on both sides."""
    old = base(tmp / "old")
    state_area(old, 557)
    new = tmp / "new"
    shutil.copytree(old, new)
    for name in changes:
        CHANGES[name](new)
    return old, new
