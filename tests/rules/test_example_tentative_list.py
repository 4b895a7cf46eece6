"""The worked example builds on Tentative List entry 6571 and passes the criteria rule
honestly: the entry's own criteria are recorded, they differ from the proposal's, and the
reason is written (and printed), not suppressed."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from dossier import api
from dossier.load import nomination
from dossier.load.textvalue import resolve

from .conftest import EXAMPLE

RULE = "criteria.differ-from-tentative-list"


def test_the_example_records_entry_6571_and_explains_its_criteria() -> None:
    result = api.check(EXAMPLE, docs=(api.Doc.NOMINATION, api.Doc.PRELIMINARY_ASSESSMENT))
    data = result.src.data
    (entry,) = nomination.tentative_list_entries(data)
    assert (entry.state_party, entry.reference, entry.date) == ("KZ", "6571", "2021-08-25")
    assert entry.name == "Ustyurt: Natural Landscape and Aran Hunting Traps"
    assert (entry.category, entry.criteria) == ("mixed", ("iii", "v", "viii"))
    assert set(nomination.claimed_criteria(data)) == {"iii", "v", "x"}
    reason = resolve(result.src, (*entry.path, "criteria_difference_reason"))
    assert reason.present and "instead of (viii)" in (reason.markdown or "")
    # Passing for the right reason: no finding, and nothing suppressed.
    assert [d for d in result.diagnostics if d.rule == RULE] == []
    assert all(s.get("rule") != RULE for s in data.get("suppressions") or [])
    # The older single-entry dates are gone: the structured entry replaces them.
    assert "tentative_list_entry" not in data["dates"]


def test_without_its_reason_the_example_fails_the_rule(tmp_path: Path) -> None:
    root = tmp_path / "ustyurt"
    shutil.copytree(EXAMPLE, root)
    manifest = root / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    del data["tentative_list_entries"][0]["criteria_difference_reason"]
    manifest.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    found = [d for d in api.check(root).diagnostics if d.rule == RULE]
    assert [d.message for d in found] == [
        "Tentative List entry 6571 names criteria (iii)(v)(viii) but the nomination proposes "
        "(iii)(v)(x), and no reason is given"
    ]
