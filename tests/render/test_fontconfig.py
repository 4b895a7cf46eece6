from __future__ import annotations

from pathlib import Path

from dossier.render.fonts import config_text


def test_private_fontconfig_lists_only_the_shipped_fonts(tmp_path: Path) -> None:
    text = config_text(Path("/pkg/templates/fonts"), tmp_path / "cache")
    assert text.count("<dir>") == 1 and "<dir>/pkg/templates/fonts</dir>" in text
    assert "<include" not in text  # no system configuration, hence no system fonts
    assert "<family>sans-serif</family><prefer><family>PT Sans</family>" in text
    assert "<family>Dossier Sans</family>" not in text  # would shadow the PDF's @font-face


def test_cairo_gets_the_installed_family_names() -> None:
    from dossier.render.fonts import for_cairo

    svg = b"<text font-family=\"'Dossier Sans','Dossier Fallback Sans'\">x</text>"
    assert for_cairo(svg) == b"<text font-family=\"'PT Sans','Dossier Fallback Sans'\">x</text>"
