"""How States Parties, Tentative List entries and the kind of nomination are read, whichever
form a dossier uses (dossier.load.nomination), and which format profile each gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dossier import api
from dossier.formats import profiles
from dossier.load import nomination as nom

ONE = {"property": {"states_parties": [{"code": "FR", "name": "France"}], "serial": False}}
THREE = {
    "property": {
        "states_parties": [
            {"code": "KZ", "name": "Kazakhstan"},
            {"code": "KG", "name": "Kyrgyzstan"},
            {"code": "UZ", "name": "Uzbekistan"},
        ],
        "serial": True,
    }
}


def _with(base: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**base, **extra}


def test_one_state_party_needs_no_new_field() -> None:
    data = _with(
        ONE, dates={"tentative_list_entry": "2020-03-01", "tentative_list_reference": "99"}
    )
    (entry,) = nom.tentative_list_entries(data)
    assert entry.legacy and (entry.state_party, entry.reference, entry.date) == (
        "FR",
        "99",
        "2020-03-01",
    )
    assert entry.path == ("dates", "tentative_list_entry") and entry.criteria is None
    assert nom.component_state_party(data, {"id": "001"}) == "FR"
    assert nom.coordinator(data) == "FR" and nom.cross_border(data) is None
    assert nom.kind(data) == "new"


def test_entries_of_the_list_and_the_older_date_are_both_read() -> None:
    data = _with(
        ONE,
        dates={"tentative_list_entry": "2020-03-01"},
        tentative_list_entries=[{"date": "2020-03-01", "criteria": ["iii"]}],
    )
    # The same date twice is one entry; the list's entry takes the only State Party.
    (entry,) = nom.tentative_list_entries(data)
    assert not entry.legacy and entry.state_party == "FR" and entry.criteria == ("iii",)
    data["dates"]["tentative_list_entry"] = "2019-01-01"
    assert [e.date for e in nom.tentative_list_entries(data)] == ["2020-03-01", "2019-01-01"]


def test_several_states_parties() -> None:
    assert nom.cross_border(THREE) == "transnational"
    single = {"property": {**THREE["property"], "serial": False}}
    assert nom.cross_border(single) == "transboundary"
    stated = {"property": {**THREE["property"], "cross_border": "transboundary"}}
    assert nom.cross_border(stated) == "transboundary"
    assert nom.coordinator(THREE) is None
    assert nom.component_state_party(THREE, {"id": "001"}) is None
    assert nom.component_state_party(THREE, {"id": "001", "state_party": "KG"}) == "KG"
    assert nom.kind(_with(THREE, nomination={"kind": "extension"})) == "extension"
    assert nom.kind(_with(THREE, nomination={"kind": "nonsense"})) == "new"


def test_the_tentative_list_format_follows_the_number_of_states_parties() -> None:
    assert profiles.profile_for("tentative-list")["id"] == "annex2a-2023"
    several = profiles.profile_for("tentative-list", several_states_parties=True)
    assert several["id"] == "annex2b-2011" and several["states_parties"] == "several"
    # Profiles that say nothing serve every dossier.
    assert profiles.profile_for("nomination", several_states_parties=True)["id"] == "annex5-2023"


def test_schema_names_the_alternative_field(minimal: Path) -> None:
    manifest = minimal / "dossier.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("  region: Example Region\n", ""),
        encoding="utf-8",
    )
    messages = [d.message for d in api.check(minimal).diagnostics if d.rule == "schema.required"]
    assert messages == ["required field 'region' (or 'regions') is missing in 'property'"]
