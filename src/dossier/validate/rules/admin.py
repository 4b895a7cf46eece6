"""Administrative rules: parts, language, copies, signatures, timetable, contacts, bibliography."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from dossier.core.ids import DOC_NAMES, Doc
from dossier.load import nomination
from dossier.load.sources import walk
from dossier.load.yamlload import PathKey
from dossier.validate.rulekit import Finding, Run, get_path, parse_date, rule

# The parts (chapters) each document is built from.
NEEDED_PARTS: dict[str, tuple[str, ...]] = {
    Doc.NOMINATION: (
        "executive_summary",
        "identification",
        "description",
        "justification",
        "conservation",
        "protection",
        "monitoring",
        "documentation",
        "contacts",
        "signatures",
    ),
    Doc.PRELIMINARY_ASSESSMENT: (
        "identification",
        "description",
        "justification",
        "contacts",
        "signatures",
        "preliminary_assessment",
    ),
    Doc.TENTATIVE_LIST: ("identification", "description", "justification", "contacts"),
}
PART_TITLES = {
    "executive_summary": "Executive Summary",
    "identification": "section 1, Identification",
    "description": "section 2, Description",
    "justification": "section 3, Justification for Inscription",
    "conservation": "section 4, State of Conservation",
    "protection": "section 5, Protection and Management",
    "monitoring": "section 6, Monitoring",
    "documentation": "section 7, Documentation",
    "contacts": "section 8, Contact Information",
    "signatures": "section 9, Signature",
    "preliminary_assessment": "the Preliminary Assessment request",
}


@rule("dossier.part-missing")
def part_missing(r: Run) -> Iterator[Finding]:
    needed: dict[str, list[str]] = {}
    for doc in r.docs:
        for part in NEEDED_PARTS.get(doc, ()):
            needed.setdefault(part, []).append(doc)
    for part, docs in needed.items():
        if not r.has_part(part) and not r.has_parts_key(part):
            yield Finding(
                ("parts",),
                f"{PART_TITLES[part]} is needed by "
                f"{' and '.join('the ' + DOC_NAMES.get(d, d) for d in docs)} "
                f"but dossier.yaml lists no part file for it",
                f"Add '{part}: parts/<file>.yaml' under 'parts:' in dossier.yaml.",
                key=True,
            )


# ISO 639-1 codes: a mapping is a text in several languages only when its keys are
# language codes (three-letter codes are accepted beside at least one of these).
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs
    cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he
    hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr
    ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng
    nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk
    sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz
    ve vi vo wa wo xh yi yo za zh zu""".split()  # noqa: SIM905
)
_LANG3 = re.compile(r"^[a-z]{3}$")
# Mappings keyed by something else that looks like a language code.
_NOT_TRANSLATIONS: tuple[PathKey, ...] = (("justification", "souv", "criteria"),)


def is_translations(path: PathKey, value: Any) -> bool:
    if not isinstance(value, dict) or not value or path in _NOT_TRANSLATIONS:
        return False
    keys = [k for k in value if isinstance(k, str)]
    if len(keys) != len(value) or not any(k in ISO_639_1 for k in keys):
        return False
    if not all(k in ISO_639_1 or _LANG3.match(k) for k in keys):
        return False
    return all(
        isinstance(v, str) or (isinstance(v, dict) and set(v) == {"file"}) for v in value.values()
    )


@rule("text.working-language-missing")
def working_language_missing(r: Run) -> Iterator[Finding]:
    lang = r.data.get("language") if isinstance(r.data.get("language"), str) else "en"
    for path, value in walk(r.data):
        if path and path[0] in ("formats", "suppressions"):
            continue
        if is_translations(path, value) and lang not in value:
            given = ", ".join(value)
            yield Finding(
                path,
                f"this text is given in {given} but not in '{lang}', the working language "
                "of the dossier",
                f"Add the '{lang}:' version; the documents are submitted in English or French.",
            )


def _illustrative_places(data: dict[str, Any]) -> Iterator[PathKey]:
    if data.get("illustrative") is True:
        yield ("illustrative",)
    if get_path(data, ("identification", "boundaries", "illustrative")) is True:
        yield ("identification", "boundaries", "illustrative")
    for key in ("preparer", "agency"):
        if get_path(data, ("contacts", key, "illustrative")) is True:
            yield ("contacts", key, "illustrative")
    for key in ("preparers", "agencies", "other_institutions"):
        items = get_path(data, ("contacts", key))
        for i, c in enumerate(items if isinstance(items, list) else []):
            if isinstance(c, dict) and c.get("illustrative") is True:
                yield ("contacts", key, i, "illustrative")
    sigs = get_path(data, ("signatures", "signatures"))
    for i, s in enumerate(sigs if isinstance(sigs, list) else []):
        if isinstance(s, dict) and s.get("illustrative") is True:
            yield ("signatures", "signatures", i, "illustrative")


@rule("submission.illustrative-content")
def illustrative_content(r: Run) -> Iterator[Finding]:
    for path in _illustrative_places(r.data):
        yield Finding(
            path,
            "this content is marked illustrative (a placeholder), which cannot be submitted",
            "Replace it with the official content and remove 'illustrative: true'.",
        )


def expected_copies(data: dict[str, Any]) -> int:
    prop = data.get("property") if isinstance(data.get("property"), dict) else {}
    assert isinstance(prop, dict)
    mixed = prop.get("category") == "mixed" or prop.get("cultural_landscape") is True
    return 3 if mixed else 2


@rule("submission.printed-copies")
def printed_copies(r: Run) -> Iterator[Finding]:
    want = expected_copies(r.data)
    kind = (
        "mixed properties and cultural landscapes"
        if want == 3
        else "cultural or natural properties"
    )
    have = r.data.get("printed_copies")
    if have is None:
        yield Finding(
            ("printed_copies",),
            f"dossier.yaml does not say how many printed copies are sent ({want} for {kind})",
            f"Add 'printed_copies: {want}' to dossier.yaml.",
        )
    elif isinstance(have, int) and have != want:
        yield Finding(
            ("printed_copies",),
            f"{have} printed copies reported; {kind} need {want} identical copies",
            "Mixed properties and cultural landscapes are read by both ICOMOS and IUCN.",
        )


_PAPER = {"a4": "A4", "letter": "letter", "us letter": "letter"}


@rule("submission.paper-size")
def paper_size(r: Run) -> Iterator[Finding]:
    size = r.data.get("paper_size")
    if isinstance(size, str) and size.strip().lower() not in _PAPER:
        yield Finding(
            ("paper_size",),
            f"the printed copies are on '{size}' paper; the format asks for A4 (or US letter)",
            "Print on A4 (the paper of the PDF dossier builds) or on letter.",
        )


@rule("submission.electronic-copies")
def electronic_copies(r: Run) -> Iterator[Finding]:
    copies = r.data.get("electronic_copies")
    if isinstance(copies, list) and not {"pdf", "docx"} & set(copies):
        yield Finding(
            ("electronic_copies",),
            "no electronic copy in Word or PDF is sent with the paper ones",
            "Send the electronic copy as Word (docx) and/or PDF: dossier build --to docx "
            "--to pdf writes both.",
        )


def _states_parties(r: Run) -> list[tuple[int, str]]:
    sps = r.get(("property", "states_parties"))
    out = []
    for i, sp in enumerate(sps if isinstance(sps, list) else []):
        if isinstance(sp, dict) and isinstance(sp.get("code"), str):
            out.append((i, sp["code"]))
    return out


def _signatures(r: Run) -> list[tuple[int, dict[str, Any]]]:
    sigs = r.get(("signatures", "signatures"))
    return [
        (i, s) for i, s in enumerate(sigs if isinstance(sigs, list) else []) if isinstance(s, dict)
    ]


@rule("signature.missing-state-party")
def signature_missing(r: Run) -> Iterator[Finding]:
    if not r.has_part("signatures"):
        return
    signed = {s["state_party"] for _, s in _signatures(r) if isinstance(s.get("state_party"), str)}
    for _i, code in _states_parties(r):
        if code not in signed:
            yield Finding(
                ("signatures", "signatures"),
                f"no signature on behalf of State Party {code}",
                "Every State Party of the nomination signs section 9 (one entry each).",
            )


@rule("signature.undated")
def signature_undated(r: Run) -> Iterator[Finding]:
    for i, s in _signatures(r):
        if not s.get("date"):
            yield Finding(
                ("signatures", "signatures", i),
                f"the signature of {s.get('name') or 'the signatory'} has no date",
                "Add 'date: YYYY-MM-DD'.",
            )


@rule("signature.authority")
def signature_authority(r: Run) -> Iterator[Finding]:
    for i, s in _signatures(r):
        yield Finding(
            ("signatures", "signatures", i),
            f"check that {s.get('name') or 'the signatory'} ({s.get('title') or 'no title'}) "
            f"is authorised to sign on behalf of {s.get('state_party') or 'the State Party'}",
        )


# --- timetable (OG para. 168) ----------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def submission_deadline(year: int) -> dt.date:
    """1 February of ``year``, or the Friday before when it falls at a weekend."""
    day = dt.date(year, 2, 1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def cycle_year(submission: dt.date) -> int:
    """The year whose 1 February deadline a submission on this date meets."""
    if submission <= submission_deadline(submission.year):
        return submission.year
    return submission.year + 1


def _submission(r: Run) -> dt.date | None:
    return r.date(("dates", "planned_submission"))


@rule("timetable.submission-date-missing")
def submission_date_missing(r: Run) -> Iterator[Finding]:
    if r.get(("dates", "planned_submission")) is None:
        yield Finding(
            ("dates",) if isinstance(r.get(("dates",)), dict) else (),
            "no planned submission date (dates.planned_submission): the timetable "
            "(Tentative List, Preliminary Assessment, 1 February) cannot be checked",
            "Add 'planned_submission: YYYY-MM-DD' under 'dates:' in dossier.yaml.",
        )


@rule("timetable.submission-deadline")
def submission_deadline_rule(r: Run) -> Iterator[Finding]:
    day = _submission(r)
    if day is None:
        return
    deadline = submission_deadline(day.year)
    if deadline < day <= dt.date(day.year, 9, 30):
        yield Finding(
            ("dates", "planned_submission"),
            f"planned submission on {day.isoformat()} is after the deadline of "
            f"{deadline.isoformat()} (1 February): the nomination would only be registered "
            f"for the {day.year + 1} cycle",
            f"Submit by {deadline.isoformat()}, or plan for 1 February {day.year + 1}.",
        )


@rule("timetable.draft-deadline")
def draft_deadline(r: Run) -> Iterator[Finding]:
    draft = r.date(("dates", "draft_for_comments"))
    day = _submission(r)
    if draft is None or day is None:
        return
    limit = dt.date(cycle_year(day) - 1, 9, 30)
    if draft > limit:
        yield Finding(
            ("dates", "draft_for_comments"),
            f"the draft for comments ({draft.isoformat()}) is later than 30 September "
            f"{limit.year}, so the Centre cannot comment on it before the "
            f"{submission_deadline(cycle_year(day)).isoformat()} deadline",
            "Send the optional draft by 30 September of the year before submission.",
        )


def _tentative_list_dates(r: Run) -> list[tuple[PathKey, dt.date, str]]:
    """(where, date, label) of every dated Tentative List entry, old or new form."""
    out = []
    for e in nomination.tentative_list_entries(r.data):
        day = parse_date(e.date)
        if day is None:
            continue
        where = e.path if e.legacy else (*e.path, "date")
        label = f"Tentative List entry {e.reference}" if e.reference else "Tentative List entry"
        out.append((where, day, label))
    return out


@rule("timetable.tentative-list-date-missing")
def tentative_list_date_missing(r: Run) -> Iterator[Finding]:
    if not nomination.tentative_list_entries(r.data):
        yield Finding(
            ("dates",) if isinstance(r.get(("dates",)), dict) else (),
            "no date of entry on the Tentative List (tentative_list_entries or "
            "dates.tentative_list_entry); a property must be on the Tentative List at least "
            "one year before it is nominated",
            "Add the entry under tentative_list_entries (state_party, reference, name, date, "
            "criteria, category), or 'tentative_list_entry: YYYY-MM-DD' under 'dates:'.",
        )


@rule("timetable.tentative-list-too-late")
def tentative_list_too_late(r: Run) -> Iterator[Finding]:
    day = _submission(r)
    if day is None:
        return
    for where, entry, label in _tentative_list_dates(r):
        if add_years(entry, 1) > day:
            yield Finding(
                where,
                f"the {label} ({entry.isoformat()}) is less than one year before the planned "
                f"submission ({day.isoformat()})",
                f"Submit on or after {add_years(entry, 1).isoformat()}.",
            )


@rule("timetable.tentative-list-outdated")
def tentative_list_outdated(r: Run) -> Iterator[Finding]:
    ref = r.document_date()
    if ref is None:
        return
    for where, entry, label in _tentative_list_dates(r):
        if add_years(entry, 10) < ref:
            yield Finding(
                where,
                f"the {label} ({entry.isoformat()}) is more than ten years older than the "
                f"document ({ref.isoformat()})",
                "Tentative Lists should be re-examined and resubmitted at least every ten years.",
            )


@rule("timetable.preliminary-assessment-missing")
def preliminary_assessment_missing(r: Run) -> Iterator[Finding]:
    if r.get(("dates", "preliminary_assessment_outcome")) is None:
        yield Finding(
            ("dates",) if isinstance(r.get(("dates",)), dict) else (),
            "no date of the Preliminary Assessment outcome (dates.preliminary_assessment_outcome)",
            "The Preliminary Assessment is mandatory; its outcome must be received at least "
            "one year before the nomination is submitted.",
        )


@rule("timetable.preliminary-assessment-too-late")
def preliminary_assessment_too_late(r: Run) -> Iterator[Finding]:
    outcome = r.date(("dates", "preliminary_assessment_outcome"))
    day = _submission(r)
    if outcome is None or day is None:
        return
    if add_years(outcome, 1) > day:
        yield Finding(
            ("dates", "preliminary_assessment_outcome"),
            f"the Preliminary Assessment outcome ({outcome.isoformat()}) is less than one "
            f"year before the planned submission ({day.isoformat()})",
            f"Submit on or after {add_years(outcome, 1).isoformat()}.",
        )


# --- contacts and bibliography ---------------------------------------------------------

# What each contact needs: (field, alternatives, wording).
_CONTACT_NEEDS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "preparer": ((("email", "phone"), "an e-mail address or telephone"),),
    "agency": (
        (("address",), "an address"),
        (("country",), "a country"),
        (("email", "phone"), "an e-mail address or telephone"),
    ),
}


def _contacts_of(r: Run, key: str) -> list[tuple[PathKey, dict[str, Any]]]:
    """The contact under ``key`` (preparer, agency) and those of its list (preparers...)."""
    out: list[tuple[PathKey, dict[str, Any]]] = []
    one = r.get(("contacts", key))
    if isinstance(one, dict):
        out.append((("contacts", key), one))
    many = r.get(("contacts", _PLURAL[key]))
    for i, c in enumerate(many if isinstance(many, list) else []):
        if isinstance(c, dict):
            out.append((("contacts", _PLURAL[key], i), c))
    return out


_PLURAL = {"preparer": "preparers", "agency": "agencies"}


@rule("contacts.incomplete")
def contacts_incomplete(r: Run) -> Iterator[Finding]:
    if not r.has_part("contacts"):
        return
    wanted = ("preparer", "agency") if r.docs != (Doc.TENTATIVE_LIST,) else ("preparer",)
    for key in wanted:
        for path, contact in _contacts_of(r, key):
            missing = [
                words
                for fields, words in _CONTACT_NEEDS[key]
                if not any(isinstance(contact.get(f), str) and contact[f].strip() for f in fields)
            ]
            if missing:
                who = "preparer (8.a)" if key == "preparer" else "official agency (8.b)"
                if len(path) > 2:
                    who += f" {contact.get('name')}"
                yield Finding(
                    path,
                    f"the contact details of the {who} lack {' and '.join(missing)}",
                    "The Executive Summary and section 8 print these details.",
                )


@rule("contacts.website-not-applicable")
def website_not_applicable(r: Run) -> Iterator[Finding]:
    site = r.get(("contacts", "website"))
    if isinstance(site, dict) and "not_applicable" in site:
        yield Finding(
            ("contacts", "website", "not_applicable"),
            "8.d says the official web address is not applicable; the format asks for it "
            "whenever the property has one, and 'Not applicable' would say it does not "
            "concern this property",
            "Give the address (website: {url: https://...}); if the property has none, leave "
            "website out: the documents then print 'Not provided'.",
        )


@rule("contacts.website-missing")
def website_missing(r: Run) -> Iterator[Finding]:
    if r.has_part("contacts") and r.get(("contacts", "website")) is None:
        yield Finding(
            ("contacts",),
            "no official web address of the property (8.d)",
            "Add 'website: {url: https://...}' to the contacts part.",
        )


@rule("bibliography.missing")
def bibliography_missing(r: Run) -> Iterator[Finding]:
    if not r.data.get("bibliography"):
        yield Finding(
            (),
            "the dossier has no bibliography (section 7.e)",
            "Add 'bibliography: bibliography.yaml' (CSL-YAML, e.g. exported from Zotero).",
        )
