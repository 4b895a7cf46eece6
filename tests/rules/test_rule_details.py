"""Details of rule findings that the failing and passing cases of test_rules.py do not
reach (found by mutation testing: benchmarks/mutation.py)."""

from __future__ import annotations

import pytest

from .conftest import Dossier


@pytest.mark.parametrize(
    ("names", "named"),
    [
        ({"copyright_owner": "Regional Museum", "author": "Anna Smith"}, "Regional Museum"),
        ({"author": "Anna Smith"}, "Anna Smith"),
        ({"author": ""}, "the copyright owner"),  # the schema requires author, maybe empty
    ],
)
def test_an_image_without_owner_contact_names_its_copyright_owner(
    dossier: Dossier, names: dict[str, str], named: str
) -> None:
    with dossier.edit("documentation") as doc:
        image = doc["images"][0]
        for key in ("owner_contact", "author", "copyright_owner"):
            image.pop(key, None)
        image.update(names)
    (finding,) = dossier.findings("images.owner-contact-missing")
    assert finding.message == (
        f"image photo-1: no contact details for the copyright owner ({named})"
    )


def test_no_annexed_documents_at_all_after_a_preliminary_assessment(dossier: Dossier) -> None:
    with dossier.edit("documentation") as doc:
        del doc["documents"]
    with dossier.edit("protection") as protection:  # nothing refers to a document now
        del protection["designations"][0]["document"]
        del protection["management_plan"]["document"]
    (finding,) = dossier.findings("documentation.pa-report-missing", "submission")
    assert finding.location is not None
    assert finding.location.file == dossier.part("documentation")
    assert "report is not among the annexed documents" in finding.message
