"""Citations against the bibliography: unknown keys are errors at the citation; entry
problems (duplicates, missing year or title, malformed DOI/ISBN/URL, unused) are warnings."""

from __future__ import annotations

from dossier.core.diagnostics import Diagnostic
from dossier.validate.prose_index import references
from dossier.validate.rulekit import CheckContext, check


@check("citations", needs_valid=False)
def check_citations(ctx: CheckContext) -> list[Diagnostic]:
    from dossier.bib import check, check_style, load_for_dossier
    from dossier.bib.load import style_for_dossier

    src = ctx.src
    if not isinstance(src.data.get("bibliography"), str) or "" in src.unreadable:
        return []
    bib = load_for_dossier(src)
    if bib is None:
        return []
    cited = [(r.key, r.location) for r in references(src) if r.kind == "citation"]
    out = list(check(bib, cited))
    style = style_for_dossier(src)
    if style is not None:
        path, rel = style
        out.extend(check_style(path, rel))
    return out
