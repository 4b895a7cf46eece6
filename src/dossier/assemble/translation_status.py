"""The page of a translated edition that lists what is not translated yet.

The marks in the text ("[non traduit]", a notice before an untranslated text) show each
passage where it prints; a reader of the whole edition, or a translator's coordinator,
also needs the list: the share translated, and each official section not fully translated.
The page is printed only when something is untranslated or out of date.
"""

from __future__ import annotations

from typing import Any

from dossier.assemble.base import fmt_int
from dossier.core import model as m
from dossier.formats.outline import profile_for
from dossier.i18n.coverage import Coverage, share

SECTION_ID = "sec-translation-status"


def section(cov: Coverage, doc: str, manifest: dict[str, Any], labels: dict[str, str]) -> (
    m.Section | None
):  # fmt: skip
    """The status page of the edition ``cov.lang`` of ``doc``, or None when all is translated."""
    lang = cov.lang
    shares = [s for s in cov.sections if s.doc == doc]
    todo = [s for s in shares if s.translated < s.total]
    if not todo and cov.translated == cov.total:
        return None
    profile = profile_for(doc, manifest)
    titles = {s.key: s.label(lang) for s in profile.sections} if profile else {}
    done, total = cov.translated, cov.total
    sec = m.Section(SECTION_ID, "", labels["i18n_status_title"], 1, page_break=True, front=True)
    intro = labels["i18n_status_intro"].format(
        translated=fmt_int(done, lang), total=fmt_int(total, lang), percent=share(done, total)
    )
    sec.blocks.append(m.Para((m.Text(intro),)))
    items: list[tuple[m.Block, ...]] = []
    for s in todo:
        line = labels["i18n_status_section"].format(
            section=titles.get(s.key, s.label),
            translated=fmt_int(s.translated, lang),
            total=fmt_int(s.total, lang),
            percent=s.percent,
        )
        if s.stale or s.broken:
            line += labels["i18n_status_stale"].format(count=fmt_int(s.stale + s.broken, lang))
        items.append((m.Para((m.Text(line),)),))
    if items:
        sec.blocks.append(m.ListBlock(False, tuple(items)))
    sec.blocks.append(m.Para((m.Text(labels["i18n_status_marks"]),)))
    return sec
