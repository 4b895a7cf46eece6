"""Document model -> PDF with WeasyPrint: offline, embedded fonts only, byte-reproducible.

`render(doc, variant=None, root=...)` lays out the print variant of `render.html` and returns
the PDF bytes. The same model gives the same bytes from any working folder and on any
machine that has the same library versions:

* SOURCE_DATE_EPOCH is set from `doc.date` for the duration of the call (fontTools
  subsetting reads it), and the PDF dates come from `dcterms.created`, never the clock;
* the HTML has a fixed virtual base (`dossier:/`), and `render.fetch.SafeFetcher` maps it
  to the dossier folder, so image names (md5 of their URL) do not depend on paths;
* only the fonts of templates/fonts are declared and named on every element.

Nothing is printed: WeasyPrint's log records are captured and returned as diagnostics.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.core.resources import templates_dir
from dossier.render import guards, layout, problem, raise_on_errors
from dossier.render import html as html_render
from dossier.render.weasy import FALLBACK_EPOCH as FALLBACK_EPOCH
from dossier.render.weasy import (
    MAX_LAYOUTS,
    environment,
    log_problems,
    pdf_options,
)
from dossier.render.weasy import epoch_of as epoch_of

VARIANTS: tuple[str | None, ...] = (None, "pdf/a-3b", "pdf/ua-1")
FONT_FILES = {
    "serif": (
        "PTSerif-Regular.ttf",
        "DossierFallbackSerif-Regular.ttf",
        "DossierFallbackArabic-Regular.ttf",
    ),
    "sans": (
        "PTSans-Regular.ttf",
        "DossierFallbackSans-Regular.ttf",
        "DossierFallbackArabic-Regular.ttf",
    ),
}


def render(doc: m.Document, *, variant: str | None = None, root: Path, jobs: int = 1) -> bytes:
    """The PDF of `doc`. `root` is the dossier folder (images are read from it, nothing else).

    variant: None, "pdf/a-3b" or "pdf/ua-1" (ValueError otherwise).
    Raises RenderError (with every diagnostic) when a resource was refused or missing,
    an image could not be used, or WeasyPrint reported an error.
    """
    data, diagnostics = render_with_diagnostics(doc, variant=variant, root=root, jobs=jobs)
    raise_on_errors(diagnostics)
    return data


def render_with_diagnostics(
    doc: m.Document, *, variant: str | None = None, root: Path, jobs: int = 1
) -> tuple[bytes, list[Diagnostic]]:
    """Like `render`, but always returns the PDF (refused images left out) and the problems.

    Warnings (unresolved cross-references, characters no embedded font has, WeasyPrint
    warnings) only come back this way. The guards of `render.guards` run on the laid-out
    pages: their errors (markup printed as text, internal ids, uncaptioned tables, text
    beyond the page, a page with only a heading) fail the build.

    jobs > 1: chapters are laid out in that many processes (render.pdf_parallel), with the
    pages of the single pass; 1: the single pass; 0: as many as there are cores, for a
    document long enough to gain from it.
    """
    check_variant(variant)
    text, diagnostics = html_render.render_with_diagnostics(doc, for_pdf=True, root=root)
    diagnostics.extend(glyph_problems(text))
    laid_out = None
    if jobs == 0:
        from dossier.render import pdf_parallel

        jobs = pdf_parallel.auto_jobs(len(text))
    if jobs > 1:
        from dossier.render import pdf_parallel

        laid_out = pdf_parallel.lay_out(text, root=root, variant=variant, date=doc.date, jobs=jobs)
    if laid_out is None:
        laid_out = lay_out(text, root=root, variant=variant, date=doc.date)
    data, more, pages = laid_out
    diagnostics.extend(more)
    diagnostics.extend(guards.check_text(doc, layout.visible_text(pages), "PDF"))
    diagnostics.extend(guards.layout_problems(list(pages)))
    return data, diagnostics


def check_variant(variant: str | None) -> None:
    if variant not in VARIANTS:
        allowed = ", ".join(v for v in VARIANTS if v)
        raise ValueError(f"unknown PDF variant {variant!r}; use one of: {allowed}")


def write_pdf(
    html_text: str, *, root: Path, variant: str | None = None, date: str = ""
) -> tuple[bytes, list[Diagnostic]]:
    """Lay out an HTML string made by `render.html` (print variant) with WeasyPrint."""
    data, diagnostics, _ = lay_out(html_text, root=root, variant=variant, date=date)
    return data, diagnostics


def lay_out(
    html_text: str, *, root: Path, variant: str | None = None, date: str = ""
) -> tuple[bytes, list[Diagnostic], list[layout.Page]]:
    """The PDF of a print-variant HTML string, its problems, and its laid-out pages."""
    from dossier.render.fetch import SafeFetcher

    check_variant(variant)
    fetcher = SafeFetcher(root)
    with environment(date) as (records, rules):
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        document = weasyprint.HTML(
            string=html_text, base_url=html_render.BASE_URL, url_fetcher=fetcher
        )
        font_config = FontConfiguration()
        for attempt in range(1, MAX_LAYOUTS + 1):
            rendered = document.render(font_config=font_config)
            pages = layout.read_pages(rendered.pages)
            words = {w.casefold() for run in layout.ladders(pages) for w in run.words}
            words -= rules.forbidden
            if not words or attempt == MAX_LAYOUTS:
                break
            rules.forbidden |= words
        data = rendered.write_pdf(**pdf_options(variant))
    diagnostics = list(fetcher.diagnostics)
    diagnostics.extend(log_problems(records, fetcher.refused))
    assert isinstance(data, bytes)
    return data, diagnostics, pages


# ---------------------------------------------------------------- glyph coverage


@cache
def covered_characters() -> frozenset[int]:
    """Code points that both the serif and the sans family (with fallbacks) can draw."""
    from fontTools.ttLib import TTFont

    fonts = templates_dir() / "fonts"
    per_family: list[set[int]] = []
    for files in FONT_FILES.values():
        cps: set[int] = set()
        for name in files:
            font = TTFont(str(fonts / name), lazy=True)
            cps.update(font.getBestCmap() or {})
            font.close()
        per_family.append(cps)
    return frozenset(set.intersection(*per_family))


# Characters that are layout, not glyphs: never looked up in a font.
_INVISIBLE = {0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x2028, 0x2029}


def glyph_problems(html_text: str) -> list[Diagnostic]:
    """A warning listing the characters of the document no embedded font can draw."""
    covered = covered_characters()
    missing = sorted(
        ch
        for ch in html_render.used_characters(html_text)
        if ord(ch) not in covered
        and ord(ch) not in _INVISIBLE
        and not (0xFE00 <= ord(ch) <= 0xFE0F)
    )
    if not missing:
        return []
    shown = ", ".join(f"U+{ord(c):04X} {c}" for c in missing[:12])
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    return [
        problem(
            "render.glyph-missing",
            f"{len(missing)} character(s) cannot be drawn with the embedded fonts: {shown}{more}; "
            "they will be taken from a font of the machine, or shown as boxes",
            severity=Severity.WARNING,
            hint="Replace them, or ask for the font family to be extended (templates/fonts).",
        )
    ]
