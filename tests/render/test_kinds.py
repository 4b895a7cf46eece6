"""Every kind of nomination, built: a transnational serial dossier (three States Parties, five
component parts, one MultiPolygon) grouped and subtotalled by State Party in 1.d and 1.f,
signed by each State Party, with the Annex 2B Tentative List format; and a resubmission and
an extension made from the minimal dossier, each with the parts it requires."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from conftest import need

from dossier import api
from dossier.assemble import document as assemble
from dossier.assemble.base import fmt_ha
from dossier.core import model as m
from dossier.core.diagnostics import Severity
from dossier.geo.analysis import geo_summary
from dossier.load import sources

ROOT = Path(__file__).resolve().parents[2]
TRANSNATIONAL = ROOT / "tests" / "cases" / "valid" / "transnational-serial"
MINIMAL = ROOT / "tests" / "cases" / "valid" / "minimal"
GROUPS = {"Kazakhstan": ["001", "002"], "Kyrgyzstan": ["003", "004"], "Uzbekistan": ["005"]}


def _text(cells: tuple[m.Cell, ...]) -> list[str]:
    return [m.plain_text(c.inlines) for c in cells]


def _table(doc: m.Document, ident: str) -> m.Table:
    (table,) = [t for t in doc.tables if t.id == ident]
    return table


@pytest.fixture(scope="module")
def transnational() -> tuple[sources.Sources, m.Document]:
    src = sources.load(TRANSNATIONAL)
    return src, assemble.build_document(src, "nomination", "en")


def _expected_sums(src: sources.Sources) -> dict[str, tuple[float, float]]:
    """(property, buffer zone) hectares per State Party: sums of the computed component areas."""
    summary, _ = geo_summary(src)
    assert summary is not None
    measured = {c.id: c for c in summary.components}
    assert set(measured) == {"001", "002", "003", "004", "005"}
    return {
        sp: (
            sum(measured[c].area_ha for c in ids),
            sum(measured[c].buffer_area_ha or 0.0 for c in ids),
        )
        for sp, ids in GROUPS.items()
    }


def test_the_fixture_has_a_multipolygon_in_each_place_it_claims() -> None:
    import json

    data = json.loads((TRANSNATIONAL / "geo" / "property.geojson").read_text(encoding="utf-8"))
    kinds = {f["properties"]["id"]: f["geometry"]["type"] for f in data["features"]}
    assert kinds["002"] == "MultiPolygon" and len(kinds) == 5
    found = [
        d for d in api.check(TRANSNATIONAL).diagnostics if d.severity is not Severity.CHECKLIST
    ]
    assert found == []  # in particular: each component lies in its State Party's outline


def test_1d_groups_components_by_state_party_with_subtotals(
    transnational: tuple[sources.Sources, m.Document],
) -> None:
    src, doc = transnational
    rows = [_text(r) for r in _table(doc, "components").rows]
    sums = _expected_sums(src)
    # Group heading, its components, its subtotal; in the order of states_parties.
    expected_ids: list[str] = []
    for ids in GROUPS.values():
        expected_ids += ["", *ids, ""]
    assert [r[0] for r in rows[:-1]] == expected_ids
    for sp, ids in GROUPS.items():
        head = rows.index(["", sp, "", "", "", "", ""])
        assert [r[0] for r in rows[head + 1 : head + 1 + len(ids)]] == ids
        subtotal = rows[head + 1 + len(ids)]
        assert subtotal[1] == f"Subtotal ({sp})"
        assert subtotal[4] == fmt_ha(sums[sp][0], "en")
        assert subtotal[5] == fmt_ha(sums[sp][1], "en")
    total = rows[-1]
    summary, _ = geo_summary(src)
    assert summary is not None
    assert total[0] == "Total" and total[4] == fmt_ha(summary.property.area_ha, "en")
    # The components do not overlap, so the subtotals add up to the total.
    assert sum(p for p, _ in sums.values()) == pytest.approx(summary.property.area_ha, rel=1e-9)


def test_1f_totals_per_state_party_and_overall(
    transnational: tuple[sources.Sources, m.Document],
) -> None:
    src, doc = transnational
    sums = _expected_sums(src)
    table = _table(doc, "areas")
    assert _text(table.header) == [
        "State Party",
        "Nominated property (ha)",
        "Buffer zone (ha)",
        "Total (ha)",
    ]
    rows = {r[0]: r[1:] for r in (_text(row) for row in table.rows)}
    assert list(rows) == [*GROUPS, "Total"]
    for sp, (prop, buf) in sums.items():
        assert rows[sp] == [fmt_ha(prop, "en"), fmt_ha(buf, "en"), fmt_ha(prop + buf, "en")]


def test_1a_1b_cover_and_signatures_per_state_party(
    transnational: tuple[sources.Sources, m.Document],
) -> None:
    _, doc = transnational
    sec = {s.number: s for s in doc.all_sections()}
    one_a = [
        m.plain_text(p.inlines)
        for b in sec["1.a"].blocks
        if isinstance(b, m.ListBlock)
        for (p,) in b.items
        if isinstance(p, m.Para)
    ]
    assert one_a == ["Kazakhstan (coordinating State Party)", "Kyrgyzstan", "Uzbekistan"]
    assert doc.cover_lines[:2] == [
        ("States Parties", "Kazakhstan, Kyrgyzstan, Uzbekistan"),
        ("Coordinating State Party", "Kazakhstan"),
    ]
    assert ("Kyrgyzstan", "Naryn Region") in doc.cover_lines
    signed = [
        _text(t.rows[0])[1]
        for t in sec["9"].blocks
        if isinstance(t, m.Table) and t.kind == "signature"
    ]
    assert signed == ["Kazakhstan (coordinating State Party)", "Kyrgyzstan", "Uzbekistan"]


def test_annex_2b_is_the_tentative_list_format_of_several_states_parties() -> None:
    src = sources.load(TRANSNATIONAL)
    doc = assemble.build_document(src, "tentative-list", "en")
    assert doc.profile == "annex2b-2011"
    ids = [s.id for s in doc.sections]
    assert "sec-tl-components" in ids and "sec-tl-endorsement" in ids
    single = assemble.build_document(sources.load(MINIMAL), "tentative-list", "en")
    assert single.profile == "annex2a-2023"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("transnational")
    api.build(
        TRANSNATIONAL,
        api.BuildOptions(
            docs=(api.Doc.NOMINATION,), formats=(api.Format.PDF, api.Format.DOCX), out_dir=out
        ),
    )
    return out


@pytest.mark.slow
def test_pdf_prints_groupings_and_subtotals(built: Path) -> None:
    need("pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", str(built / "nomination-en.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    src = sources.load(TRANSNATIONAL)
    sums = _expected_sums(src)
    for sp, (prop, buf) in sums.items():
        # 1.d: the subtotal row; 1.f: the State Party's row (property, buffer, total).
        assert re.search(
            rf"Subtotal \({sp}\)\s+{re.escape(fmt_ha(prop, 'en'))}\s+{re.escape(fmt_ha(buf, 'en'))}",
            text,
        ), sp
        assert re.search(
            rf"^\s*{sp}\s+{re.escape(fmt_ha(prop, 'en'))}\s+{re.escape(fmt_ha(buf, 'en'))}\s+"
            rf"{re.escape(fmt_ha(prop + buf, 'en'))}\s*$",
            text,
            re.M,
        ), sp
    assert "Transnational serial property" in text
    assert text.count("Test Signatory") == 3


@pytest.mark.slow
def test_docx_prints_groupings_and_subtotals(built: Path) -> None:
    document = docx.Document(str(built / "nomination-en.docx"))
    sums = _expected_sums(sources.load(TRANSNATIONAL))
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    (components,) = [t for t in tables if t[0][:2] == ["ID no.", "Name of the component part"]]
    subtotals = {r[1]: (r[4], r[5]) for r in components if r[1].startswith("Subtotal")}
    assert subtotals == {
        f"Subtotal ({sp})": (fmt_ha(p, "en"), fmt_ha(b, "en")) for sp, (p, b) in sums.items()
    }
    (areas,) = [t for t in tables if t[0][0] == "State Party" and len(t[0]) == 4]
    assert [r[0] for r in areas[1:]] == [*GROUPS, "Total"]


# ---------------------------------------------------------------- resubmission, extension


def _variant(tmp_path: Path, nomination: dict[str, Any]) -> Path:
    root = tmp_path / "d"
    shutil.copytree(MINIMAL, root)
    manifest = root / "dossier.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data["nomination"] = nomination
    manifest.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


def _html(root: Path, out: Path) -> str:
    api.build(root, api.BuildOptions(formats=(api.Format.HTML,), out_dir=out))
    return (out / "nomination-en.html").read_text(encoding="utf-8")


def _live(root: Path, keep: Callable[[str], bool]) -> list[str]:
    return [
        d.rule
        for d in api.check(root).diagnostics
        if d.severity is not Severity.CHECKLIST and keep(d.rule)
    ]


def test_resubmission_builds_with_the_decision_and_each_answer(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        {
            "kind": "resubmission",
            "previous_decision": {"id": "47 COM 8B.12", "outcome": "deferral", "year": 2025},
            "requests": [
                {
                    "id": "a",
                    "request": "Extend the comparative analysis to the whole region.",
                    "response": "Section 3.2 now compares forty hill forts.",
                    "sections": ["3.2"],
                },
                {
                    "id": "b",
                    "request": "Enlarge the buffer zone to the north.",
                    "response": "The buffer zone now includes the northern slope.",
                },
            ],
        },
    )
    assert _live(root, lambda r: r.startswith(("resubmission.", "extension.", "nomination."))) == []
    html = _html(root, tmp_path / "out")
    assert "Resubmission of a nomination deferred by Decision 47 COM 8B.12" in html
    assert "Response to the requests of Decision 47 COM 8B.12" in html
    for text in (
        "Request a",
        "forty hill forts",
        "Request b",
        "northern slope",
        "See section(s) 3.2.",
    ):
        assert text in html, text
    # Without the answer to (b), check reports it and the document says it is missing.
    data = yaml.safe_load((root / "dossier.yaml").read_text(encoding="utf-8"))
    del data["nomination"]["requests"][1]["response"]
    (root / "dossier.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert _live(root, lambda r: r.startswith("resubmission.")) == [
        "resubmission.request-unanswered"
    ]


def test_extension_builds_with_the_inscribed_property_and_the_changes(tmp_path: Path) -> None:
    root = _variant(
        tmp_path,
        {
            "kind": "extension",
            "inscribed_property": {
                "id": 1234,
                "name": "Example Hill Fort",
                "year_inscribed": 2010,
                "criteria": ["iii"],
            },
            "changes": "The extension adds the outer ditch, found in 2023.",
        },
    )
    assert _live(root, lambda r: r.startswith(("extension.", "nomination."))) == []
    html = _html(root, tmp_path / "out")
    assert (
        "Extension of the World Heritage property Example Hill Fort "
        "(ref. 1234, inscribed in 2010, criteria (iii))"
    ) in html
    assert "What changes" in html and "outer ditch, found in 2023" in html
    doc = assemble.build_document(sources.load(root), "nomination", "en")
    assert ("Kind of nomination", doc.cover_lines[2][1]) == doc.cover_lines[2]
    assert doc.cover_lines[2][1].startswith("Extension of the World Heritage property")


def test_french_labels_for_every_kind() -> None:
    src = sources.load(TRANSNATIONAL)
    doc = assemble.build_document(src, "nomination", "fr")
    rows = [_text(r) for r in _table(doc, "components").rows]
    kyrgyz = [r[1] for r in rows].index("Kirghizistan")
    assert rows[kyrgyz + 3][:2] == ["", "Sous-total (Kirghizistan)"]
    assert ("État partie coordonnateur", "Kazakhstan") in doc.cover_lines
    es = [_text(r) for r in _table(doc, "executive-summary").rows]
    assert es[0] == [
        "Type de proposition",
        "Nouvelle proposition d’inscription (bien en série transnational)",
    ]
