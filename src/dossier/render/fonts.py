"""Make cairo (DOCX map rasters) and Pango (PDF) see only the fonts dossier ships.

Both libraries find fonts through fontconfig, which by default lists whatever the machine
has installed; a map rendered on another machine would then use other glyphs and the
output would differ. Pointing FONTCONFIG_FILE at a private configuration while a
render runs keeps the outputs the same on every machine; the variable and the temporary
folder that holds the configuration are gone when the render returns.
Set DOSSIER_SYSTEM_FONTS=1 to let the machine's fonts in.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from dossier.core.resources import templates_dir
from dossier.render.environ import scoped_environ

# Generic families only: "Dossier Sans"/"Dossier Serif" are @font-face names in the PDF,
# and an alias of the same name would shadow them there.
_ALIASES = {
    "sans-serif": ["PT Sans", "Dossier Fallback Sans"],
    "serif": ["PT Serif", "Dossier Fallback Serif"],
    "monospace": ["PT Sans", "Dossier Fallback Sans"],
}


def config_text(fonts_dir: Path, cache_dir: Path) -> str:
    aliases = "\n".join(
        f'  <alias binding="same"><family>{escape(name)}</family><prefer>'
        + "".join(f"<family>{escape(f)}</family>" for f in prefer)
        + "</prefer></alias>"
        for name, prefer in _ALIASES.items()
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{escape(str(fonts_dir))}</dir>\n"
        f"  <cachedir>{escape(str(cache_dir))}</cachedir>\n"
        f"{aliases}\n</fontconfig>\n"
    )


_CAIRO_NAMES = {b"Dossier Sans": b"PT Sans", b"Dossier Serif": b"PT Serif"}


def for_cairo(svg: bytes) -> bytes:
    """The SVG with our CSS family names replaced by the installed names of the same files
    (cairo has no @font-face and takes only the first family of a list)."""
    for css_name, real in _CAIRO_NAMES.items():
        svg = svg.replace(css_name, real)
    return svg


@contextmanager
def shipped_fonts() -> Iterator[str | None]:
    """Let fontconfig see only the shipped fonts while the block runs; yields the
    configuration file (None when DOSSIER_SYSTEM_FONTS is set). Enter it before the
    render first touches fontconfig (WeasyPrint's FontConfiguration, cairo's text)."""
    if os.environ.get("DOSSIER_SYSTEM_FONTS"):
        yield None
        return
    _sweep_stale()
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-") as tmp:
        folder = Path(tmp)
        conf = folder / "fonts.conf"
        conf.write_text(config_text(templates_dir() / "fonts", folder / "cache"), encoding="utf-8")
        with scoped_environ(FONTCONFIG_FILE=str(conf)):
            yield str(conf)


_PREFIX = "dossier-fontconfig-"


def _sweep_stale() -> None:
    """Remove configuration folders left by dossier processes that no longer run (killed
    with SIGKILL, or out of memory: no clean-up could run). The folder name holds the pid."""
    import shutil

    base = Path(tempfile.gettempdir())
    try:
        candidates = list(base.glob(f"{_PREFIX}*-*"))
    except OSError:
        return
    for folder in candidates:
        pid_text = folder.name[len(_PREFIX) :].split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid():
            continue
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue  # alive, or another user's process


# ---------------------------------------------------------------- fonts as the PDF embeds them


@cache
def for_pdf(path: Path) -> bytes:
    """The font file at `path` as the PDF uses it: without kerning pairs with the space.

    WeasyPrint 70 justifies a line by spacing its spaces (a Pango letter-spacing on
    each), which splits the shaping runs: a font that kerns against the space (PT does)
    is then laid out narrower than it is drawn, and justified lines ran up to 3.5 pt
    into the right margin. Without those pairs, what is drawn is what was laid out.
    The space takes its own width anyway in justified text. The file is not modified;
    the PDF embeds subsets of these bytes, as it embeds subsets of any font.
    """
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(path.read_bytes()), recalcTimestamp=False)
    cmap = font.getBestCmap() or {}
    spaces = {cmap[c] for c in (0x20, 0xA0) if c in cmap}
    changed = _drop_space_pairs(font, spaces)
    if "GPOS" in font and "kern" in font:
        # HarfBuzz ignores the legacy table when GPOS kerns; drop it with its space pairs.
        del font["kern"]
        changed = True
    if not changed:
        return path.read_bytes()
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _drop_space_pairs(font: Any, spaces: set[str]) -> bool:
    """Remove the GPOS pair adjustments whose first or second glyph is a space."""
    if "GPOS" not in font or not spaces:
        return False
    changed = False
    for lookup in font["GPOS"].table.LookupList.Lookup:
        for sub in lookup.SubTable:
            st = getattr(sub, "ExtSubTable", sub)
            if type(st).__name__ != "PairPos":
                continue
            if st.Format == 1:
                glyphs, sets = [], []
                for glyph, pair_set in zip(st.Coverage.glyphs, st.PairSet, strict=True):
                    if glyph in spaces:
                        changed = True
                        continue
                    kept = [r for r in pair_set.PairValueRecord if r.SecondGlyph not in spaces]
                    changed = changed or len(kept) != len(pair_set.PairValueRecord)
                    pair_set.PairValueRecord = kept
                    pair_set.PairValueCount = len(kept)
                    glyphs.append(glyph)
                    sets.append(pair_set)
                st.Coverage.glyphs, st.PairSet, st.PairSetCount = glyphs, sets, len(sets)
            elif st.Format == 2:
                for glyph in spaces:
                    if glyph in st.Coverage.glyphs:
                        st.Coverage.glyphs = [g for g in st.Coverage.glyphs if g != glyph]
                        changed = True
                    if st.ClassDef2.classDefs.pop(glyph, None) is not None:
                        changed = True  # class 0: no adjustment after any glyph
    return changed
