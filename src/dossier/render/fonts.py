"""Make cairo (DOCX map rasters) and Pango (PDF) see only the fonts dossier ships.

Both libraries find fonts through fontconfig, which by default lists whatever the machine
has installed; a map rendered on another machine would then use other glyphs and the
output would differ. Pointing FONTCONFIG_FILE at a private configuration while a
render runs keeps the outputs the same on every machine; the variable and the temporary
folder that holds the configuration are gone when the render returns.
Set DOSSIER_SYSTEM_FONTS=1 to let the machine's fonts in.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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
