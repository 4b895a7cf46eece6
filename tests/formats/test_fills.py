"""The declaration of what each fill item prints (templates/formats/fills.yaml)."""

from __future__ import annotations

from dossier.formats import fills


def test_every_profile_item_is_declared() -> None:
    from dossier.formats import profiles

    for profile in profiles.profiles().values():
        for _depth, sec in profiles.walk_sections(profile.get("sections") or []):
            for item in sec.get("fill") or []:
                if isinstance(item, dict) and "text" in item:
                    continue
                assert fills.spec_for(item) is not None, (profile["id"], item)


def test_table_items_make_the_table_they_name() -> None:
    for key, spec in fills.declared().items():
        if key.startswith("table:"):
            assert spec.tables == (key.removeprefix("table:"),)
        assert spec.reads or spec.reads_argument, key


def test_expand_follows_mappings_and_lists_in_order() -> None:
    data = {"a": {"crit": {"iii": "x", "v": "y"}, "items": [{}, "z"]}}
    assert list(fills.expand(("a", "crit", "*"), data)) == [
        ("a", "crit", "iii"),
        ("a", "crit", "v"),
    ]
    assert list(fills.expand(("a", "items", "*", "text"), data)) == [
        ("a", "items", 0, "text"),
        ("a", "items", 1, "text"),
    ]
    assert list(fills.expand(("a", "missing", "*"), data)) == []
    assert list(fills.expand(("a", "fixed"), data)) == [("a", "fixed")]
