"""A small dossier with prose of every kind, and helpers to translate its catalogue."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

CASES = Path(__file__).resolve().parents[1] / "cases" / "valid"

DESCRIPTION = """\
The fort stands on a spur above the river [@smith2020]. Its ramparts are listed in @tbl:ramparts.

Its defences include:

- an outer rampart of earth;
- an inner rampart faced with stone.

Table: Dimensions of the ramparts {#tbl:ramparts}

| Rampart | Length |
|---|---|
| Outer | 1,250 m |
| Inner | 800 m |

The site was surveyed in 2019[^1].

[^1]: By the regional archaeology service.
"""


@pytest.fixture
def fort(tmp_path: Path) -> Path:
    """The minimal dossier with a description in a Markdown file (list, table, note)."""
    dst = tmp_path / "fort"
    shutil.copytree(CASES / "minimal", dst)
    (dst / "text" / "description.md").write_text(DESCRIPTION, encoding="utf-8")
    (dst / "parts" / "description.yaml").write_text(
        "description: {file: text/description.md}\nhistory: {file: text/history.md}\n",
        encoding="utf-8",
    )
    return dst


def translate(
    folder: Path, lang: str = "fr", how: Callable[[polib.POEntry], str | None] | None = None
) -> Path:
    """Fill the catalogue: by default every unit becomes 'FR ' + its English (placeholders kept)."""
    path = folder / "i18n" / f"{lang}.po"
    po = polib.pofile(str(path), wrapwidth=79)
    for e in po:
        text = how(e) if how else f"FR {e.msgid}"
        if text is not None:
            e.msgstr = text
            if "fuzzy" in e.flags:
                e.flags.remove("fuzzy")
            e.previous_msgid = None
    po.save(str(path))
    return path
