"""What a profile section asks of the sources: whether it is required, which prose it
prints, and its word budget. Shared by the section rules and the completeness report."""

from __future__ import annotations

from collections.abc import Iterator

from dossier.formats import fills
from dossier.formats.outline import Section
from dossier.load.yamlload import PathKey
from dossier.validate.rulekit import Run, get_path

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


def required(section: Section, r: Run) -> bool:
    if section.required == "cultural-criteria":
        return r.claims_cultural()
    return section.required is True


def _section_texts(r: Run, sec: Section) -> Iterator[PathKey]:
    for fill in sec.fills:
        if fill.kind == "text":
            yield fill.paths[0]
            if fill.fallback is not None and not r.text(fill.paths[0]).present:
                yield fill.fallback
        elif fill.kind == "block":
            spec = fills.spec_for(fill.name)
            for pattern in spec.texts if spec is not None else ():
                yield from fills.expand(pattern, r.data)


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
