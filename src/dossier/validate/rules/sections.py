"""Rules driven by the format profiles: required sections present, soft length budgets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dossier.formats.outline import Fill, Profile, profile_for
from dossier.load.yamlload import PathKey
from dossier.validate.coverage import budget, required, section_words
from dossier.validate.rulekit import Finding, Run, get_path, rule

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
            if limit != sec.budget_words:
                origin = "set by checks.budget_words in dossier.yaml"
            elif sec.budget_is_guidance:
                origin = (
                    f"of the {prof.id} format profile, which is project guidance, not an "
                    "official limit"
                )
            else:
                origin = f"of the {prof.id} format profile, an official limit ({sec.budget_source})"
            yield Finding(
                where,
                f"{sec.label()} has {words:,} words, over the budget of {limit:,} words {origin}",
                "Evaluators value concise, coherent text; shorten it or move detail to an annex. "
                "Budgets are soft: set checks.budget_words in dossier.yaml to change one.",
            )
