"""Rules driven by the format profiles: required sections present, soft length budgets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dossier.formats.outline import Fill, Profile, Section, profile_for
from dossier.load.yamlload import PathKey
from dossier.validate.rules._base import Finding, Run, get_path, rule

# Texts whose absence a more specific rule reports (with the right conditions and wording).
OWNED: frozenset[PathKey] = frozenset(
    {
        ("justification", "integrity"),
        ("justification", "authenticity"),
        ("justification", "comparative_analysis", "framework"),
        ("justification", "comparative_analysis", "serial_justification"),
        ("justification", "souv", "integrity"),
        ("justification", "souv", "authenticity"),
        ("justification", "souv", "brief_synthesis"),
        ("justification", "souv", "protection_management"),
        ("identification", "boundaries", "buffer_zone_absent_reason"),
        ("conservation", "factors", "development"),
        ("conservation", "factors", "environmental"),
        ("conservation", "factors", "disasters"),
        ("conservation", "factors", "visitation"),
        ("executive_summary", "boundary_description"),
    }
)
# Required texts that may still be answered {not_applicable: reason} (Annex 5, 4.b: every
# factor is addressed, "not applicable" with a reason included).
NOT_APPLICABLE_ALLOWED: frozenset[PathKey] = frozenset(
    {
        ("conservation", "factors", "development"),
        ("conservation", "factors", "environmental"),
        ("conservation", "factors", "disasters"),
        ("conservation", "factors", "visitation"),
    }
)
# Lists that a required section prints and that no other rule checks for presence.
LISTS: dict[tuple[str, str], PathKey] = {
    ("block", "archives"): ("documentation", "archives"),
    ("table", "documents"): ("documentation", "documents"),
}


def profiles(r: Run) -> list[Profile]:
    out = []
    for doc in r.docs:
        prof = profile_for(doc, r.data)
        if prof is not None:
            out.append(prof)
    return out


def required(section: Section, r: Run) -> bool:
    if section.required == "cultural-criteria":
        return r.claims_cultural()
    return section.required is True


@dataclass
class _Gap:
    path: PathKey
    where: list[str]
    kind: str  # "text" or "list"
    not_applicable: bool = False


def _text_gap(r: Run, fill: Fill) -> bool:
    paths = fill.paths
    return not any(r.text(p).present for p in paths)


@rule("section.missing")
def section_missing(r: Run) -> Iterator[Finding]:
    gaps: dict[PathKey, _Gap] = {}
    for prof in profiles(r):
        for sec in prof.sections:
            if not required(sec, r):
                continue
            for fill in sec.fills:
                if fill.optional or not fill.paths:
                    continue
                loaded = [p for p in fill.paths if r.has_part(str(p[0]))]
                if not loaded:
                    continue  # dossier.part-missing reports the whole part
                path = loaded[0]
                if fill.kind == "text" and path not in OWNED and _text_gap(r, fill):
                    gap = gaps.setdefault(path, _Gap(path, [], "text"))
                    gap.not_applicable = r.text(path).state == "not_applicable"
                    gap.where.append(f"{sec.label()} ({prof.id})")
                elif (fill.kind, fill.name) in LISTS and not get_path(r.data, path):
                    gap = gaps.setdefault(path, _Gap(path, [], "list"))
                    gap.where.append(f"{sec.label()} ({prof.id})")
    for gap in gaps.values():
        where = "; ".join(dict.fromkeys(gap.where))
        name = ".".join(str(p) for p in gap.path)
        if gap.not_applicable:
            msg = f"{name} is marked not applicable, but the section is required: {where}"
            hint = "A required section must be written; not_applicable only serves optional ones."
        else:
            msg = f"{name} is empty; the section is required: {where}"
            hint = None
        yield Finding(_nearest(r, gap.path), msg, hint)


def _nearest(r: Run, path: PathKey) -> PathKey:
    """``path`` if written, else its nearest written ancestor (for a precise location)."""
    p = path
    while len(p) > 1 and get_path(r.data, p) is None:
        p = p[:-1]
    return p


# --- length budgets --------------------------------------------------------------------


def _section_texts(r: Run, sec: Section) -> Iterator[PathKey]:
    for fill in sec.fills:
        if fill.kind == "text":
            yield fill.paths[0]
            if fill.fallback is not None and not r.text(fill.paths[0]).present:
                yield fill.fallback
        elif fill.kind == "block" and fill.name == "souv":
            souv = ("justification", "souv")
            for key in ("brief_synthesis", "integrity", "authenticity", "protection_management"):
                yield (*souv, key)
            crits = get_path(r.data, (*souv, "criteria"))
            for c in crits if isinstance(crits, dict) else {}:
                yield (*souv, "criteria", c)
        elif fill.kind == "block" and fill.name in ("criteria", "criteria-short"):
            items = get_path(r.data, ("justification", "criteria"))
            for i in range(len(items) if isinstance(items, list) else 0):
                yield ("justification", "criteria", i, "justification")
        elif fill.kind == "block" and fill.name == "component-descriptions":
            items = get_path(r.data, ("identification", "components"))
            for i in range(len(items) if isinstance(items, list) else 0):
                yield ("identification", "components", i, "description")


def section_words(r: Run, sec: Section) -> tuple[int, PathKey | None]:
    """Words of prose printed in a section, and the first written source path."""
    total = 0
    first: PathKey | None = None
    for path in _section_texts(r, sec):
        info = r.text(path)
        if info.present:
            total += info.words
            first = first or path
    return total, first


def budget(data: dict[str, object], sec: Section) -> int | None:
    """Word budget of a section: dossier.yaml `checks: {budget_words: {"3.3": 1200}}` first
    (0 turns it off), else the profile's budget_words."""
    overrides = get_path(data, ("checks", "budget_words"))
    if isinstance(overrides, dict) and sec.key in overrides:
        value = overrides[sec.key]
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value or None
    return sec.budget_words


@rule("length.over-budget")
def over_budget(r: Run) -> Iterator[Finding]:
    seen: set[tuple[PathKey, int]] = set()
    for prof in profiles(r):
        for sec in prof.sections:
            limit = budget(r.data, sec)
            if limit is None:
                continue
            words, first = section_words(r, sec)
            if first is None or words <= limit:
                continue
            where = first
            if sec.fills and sec.fills[0].kind == "block" and sec.fills[0].name == "souv":
                where = ("justification", "souv")
            if (where, limit) in seen:
                continue
            seen.add((where, limit))
            origin = (
                f"the {prof.id} format profile"
                if limit == sec.budget_words
                else "checks.budget_words in dossier.yaml"
            )
            yield Finding(
                where,
                f"{sec.label()} has {words} words, over the budget of {limit} words set by "
                f"{origin}",
                "Evaluators value concise, coherent text; shorten it or move detail to an annex. "
                "Budgets are soft: set checks.budget_words in dossier.yaml to change one.",
            )
