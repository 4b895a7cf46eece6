"""Stated figures (1.d, 1.f) against the boundaries: weighed by stage (issue 15, item 2).

Beyond tolerance: a warning in a draft, an error at submission (illustrative boundaries
too). Within tolerance but printed differently: one note, at both stages. A slip between
stated totals stays an error at every stage.
"""

from __future__ import annotations

import pytest

from dossier.core.diagnostics import Diagnostic, Severity

from .conftest import Dossier

# The minimal dossier's boundaries measure 87.616 ha (property) and 700.931 ha (buffer
# zone); its central point is 45°00′18″ N, 2°00′18″ E.
PROPERTY_HA = 87.616
BUFFER_HA = 700.931


def _areas(dossier: Dossier, **areas: object) -> None:
    with dossier.edit("identification") as ident:
        ident["areas"] = areas


def _geo(dossier: Dossier, stage: str) -> list[Diagnostic]:
    return [d for d in dossier.check(stage).diagnostics if d.rule.startswith("geo.")]


@pytest.mark.parametrize("illustrative", [False, True])
def test_a_stated_area_far_from_its_boundary_fails_only_at_submission(
    dossier: Dossier, illustrative: bool
) -> None:
    _areas(dossier, property_ha=round(PROPERTY_HA * 1.33, 2))  # 33 % off
    if illustrative:
        with dossier.edit("identification") as ident:
            ident["boundaries"]["illustrative"] = True
    draft = dossier.check("draft")
    [d] = [d for d in draft.diagnostics if d.rule == "geo.area-mismatch"]
    assert d.severity is Severity.WARNING and "33.0 %" in d.message
    assert not draft.failed()
    submission = dossier.check("submission")
    [d] = [d for d in submission.diagnostics if d.rule == "geo.area-mismatch"]
    assert d.severity is Severity.ERROR
    assert submission.failed()


@pytest.mark.parametrize("stage", ["draft", "submission"])
@pytest.mark.reports("geo.stated-figures-differ")
def test_figures_within_tolerance_printed_differently_give_one_note(
    dossier: Dossier, stage: str
) -> None:
    # 0.5 % and 0.3 % off: within the 1 % tolerance, but 88.05 ha and 703 ha are not what
    # the documents print (87.62 ha, 701 ha).
    _areas(dossier, property_ha=88.05, buffer_zone_ha=703, total_ha=791.05)
    result = dossier.check(stage)
    geo = [d for d in result.diagnostics if d.rule.startswith("geo.")]
    assert [(d.rule, d.severity) for d in geo] == [("geo.stated-figures-differ", Severity.NOTE)]
    note = geo[0]
    assert "the area of the property: 88.05 ha stated, 87.62 ha printed" in note.message
    assert "the area of the buffer zone: 703 ha stated, 701 ha printed" in note.message
    assert "3 stated figures" in note.message  # property, buffer zone and total: once
    assert note.location is not None and note.location.file == dossier.part("identification")
    assert not result.failed(strict=True)  # a note fails nothing, even with --strict


def test_figures_the_documents_print_as_stated_give_no_note(dossier: Dossier) -> None:
    _areas(dossier, property_ha=87.62, buffer_zone_ha=701, total_ha=788.62)
    assert _geo(dossier, "submission") == []


def test_a_stated_centre_outside_its_boundary_fails_only_at_submission(dossier: Dossier) -> None:
    with dossier.edit("identification") as ident:
        ident["centre"] = {"lat": "45°10′18″ N", "lon": "2°00′18″ E"}
    [draft] = _geo(dossier, "draft")
    assert (draft.rule, draft.severity) == ("geo.centre-outside", Severity.WARNING)
    [submission] = _geo(dossier, "submission")
    assert (submission.rule, submission.severity) == ("geo.centre-outside", Severity.ERROR)
    # The computed point, within a second: no finding and no note.
    with dossier.edit("identification") as ident:
        ident["centre"] = {"lat": "45°00′18″ N", "lon": "2°00′18″ E"}
    assert _geo(dossier, "submission") == []


def test_a_centre_inside_but_not_the_printed_one_is_a_note(dossier: Dossier) -> None:
    with dossier.edit("identification") as ident:
        ident["centre"] = {"lat": "45°00′19″ N", "lon": "2°00′18″ E"}  # ~30 m north
    [d] = _geo(dossier, "submission")
    assert (d.rule, d.severity) == ("geo.stated-figures-differ", Severity.NOTE)
    assert "45°00′19″ N, 2°00′18″ E stated, 45°00′18″ N, 2°00′18″ E printed" in d.message


@pytest.mark.reports("geo.centre-swapped")
def test_swapped_centre_is_staged(dossier: Dossier) -> None:
    with dossier.edit("identification") as ident:
        ident["centre"] = {"lat": "2°00′18″ N", "lon": "45°00′18″ E"}
    assert [(d.rule, d.severity) for d in _geo(dossier, "draft")] == [
        ("geo.centre-swapped", Severity.WARNING)
    ]
    assert [(d.rule, d.severity) for d in _geo(dossier, "submission")] == [
        ("geo.centre-swapped", Severity.ERROR)
    ]


def test_a_slip_between_stated_totals_is_an_error_at_every_stage(dossier: Dossier) -> None:
    # 792 ha is within 1 % of the boundaries, but not 87.62 + 701.
    _areas(dossier, property_ha=87.62, buffer_zone_ha=701, total_ha=792)
    for stage in ("draft", "submission"):
        assert [(d.rule, d.severity) for d in _geo(dossier, stage)] == [
            ("geo.area-total", Severity.ERROR),
            ("geo.stated-figures-differ", Severity.NOTE),
        ]
