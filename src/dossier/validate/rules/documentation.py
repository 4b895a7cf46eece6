"""Section 7 rules: the image inventory and authorisation form, the annexed texts."""

from __future__ import annotations

from collections.abc import Iterator

from dossier.validate.rulekit import Finding, Run, rule

IMAGES = ("documentation", "images")


@rule("images.inventory-empty")
def inventory_empty(r: Run) -> Iterator[Finding]:
    if r.has_part("documentation") and not r.get(IMAGES):
        yield Finding(
            IMAGES,
            "the image inventory (7.a) lists no photograph or audiovisual material",
            "Give enough recent images for a good overall picture of the property.",
        )


def _images(r: Run) -> list[tuple[int, dict[str, object]]]:
    items = r.get(IMAGES)
    return [
        (i, x)
        for i, x in enumerate(items if isinstance(items, list) else [])
        if isinstance(x, dict)
    ]


@rule("images.cession-missing")
def cession_missing(r: Run) -> Iterator[Finding]:
    for i, img in _images(r):
        if img.get("cession") is False:
            yield Finding(
                (*IMAGES, i, "cession"),
                f"image {img.get('id')}: no non-exclusive cession of rights to UNESCO, which "
                "then cannot use it",
                "Ask the copyright owner to grant the cession (authorization form of 7.a).",
            )


@rule("images.owner-contact-missing")
def owner_contact_missing(r: Run) -> Iterator[Finding]:
    for i, img in _images(r):
        contact = img.get("owner_contact")
        if not (isinstance(contact, str) and contact.strip()):
            owner = img.get("copyright_owner") or img.get("author") or "the copyright owner"
            yield Finding(
                (*IMAGES, i),
                f"image {img.get('id')}: no contact details for the copyright owner ({owner})",
                "Add 'owner_contact:' (name, address, telephone, e-mail).",
            )


DOCUMENTS = ("documentation", "documents")


@rule("documentation.pa-report-missing")
def pa_report_missing(r: Run) -> Iterator[Finding]:
    """A property that had a Preliminary Assessment: its report is annexed (para. 122)."""
    outcome = r.get(("dates", "preliminary_assessment_outcome"))
    if outcome is None or not r.has_part("documentation"):
        return
    docs = r.get(DOCUMENTS)
    annexed = [
        d
        for d in (docs if isinstance(docs, list) else [])
        if isinstance(d, dict) and d.get("kind") == "preliminary-assessment-report"
    ]
    if not annexed:
        yield Finding(
            DOCUMENTS if docs is not None else ("documentation",),
            f"the property had a Preliminary Assessment (outcome received {outcome}), but its "
            "report is not among the annexed documents",
            "Annex the Preliminary Assessment report in 7.b (kind: preliminary-assessment-report).",
        )
