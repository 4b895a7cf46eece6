"""Draw the example's figures (run: python media/make_figures.py, with Pillow installed).

No photograph of the property could be licensed for this example, so its images are
drawings the project made itself from sourced descriptions; their rights are the
project's own, and their captions say that they are illustrative:
* aran-diagram.svg: a schematic plan of an aran's parts, drawn from the published
  descriptions (guiding walls 600-900 m, enclosure about 400-500 m across, entrance
  50-150 m, capture cells at the outer corners); not to scale, not a surveyed structure.
* chink-profile.svg: a schematic section from the lowland to the plateau across a chink
  (escarpments from some tens of metres up to about 340 m, plateau surface at a mean
  elevation of about 150 m, after esgrs-ustyurt and gvozdetskii-gse-ustyurt); not to scale.
* aran-wall.png: a raster drawing of a low wall of stacked stones 0.5-1.5 m high (after
  karakalpakstan-travel-arans); it stands for the photographs a real dossier would
  have, and is printed as a plate in 7.a. Pillow writes no timestamp: the same script
  gives the same bytes.

(The saiga census chart of earlier versions repeated the counts that Table "Counts of
the Ustyurt saiga population" in 2.a gives with their sources; it was removed.)
"""

from __future__ import annotations

from pathlib import Path

FONT = 'font-family="Dossier Sans, DejaVu Sans, sans-serif"'
HERE = Path(__file__).parent

def aran_diagram() -> str:
    w, h = 640, 420
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
             f'<rect width="{w}" height="{h}" fill="white"/>',
             '<g fill="none" stroke="#5a3d1e" stroke-width="4" stroke-linecap="round">',
             # guiding walls converging on the entrance
             '<path d="M 40 60 L 250 190"/>', '<path d="M 40 340 L 250 230"/>',
             # enclosure
             '<path d="M 250 190 L 300 110 L 560 110 L 600 210 L 560 310 L 300 310 L 250 230"/>',
             "</g>",
             '<g fill="#c9a66b" stroke="#5a3d1e" stroke-width="2">',
             '<circle cx="300" cy="110" r="12"/>', '<circle cx="300" cy="310" r="12"/>',
             "</g>"]
    labels = [
        (70, 40, "Guiding walls (about 600-900 m)"),
        (150, 205, "Entrance"),
        (150, 222, "(50-150 m)"),
        (330, 214, "Enclosure (about 400-500 m across)"),
        (318, 96, "Capture cell or pit"),
        (318, 340, "Capture cell or pit"),
        (470, 390, "Schematic, not to scale"),
    ]
    for x, y, text in labels:
        parts.append(f'<text x="{x}" y="{y}" font-size="14" {FONT}>{text}</text>')
    parts.append('<g stroke="#7f7f7f" stroke-width="2" marker-end="none">')
    for y in (150, 200, 250):
        parts.append(f'<path d="M 10 {y} l 24 0 l -6 -5 m 6 5 l -6 5" fill="none"/>')
    parts.append("</g>")
    parts.append(f'<text x="8" y="275" font-size="12" {FONT}>Animals driven</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def chink_profile() -> str:
    w, h = 720, 360
    ground = "M 20 300 L 200 300 L 215 290 L 232 120 L 250 100 L 700 100 L 700 340 L 20 340 Z"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<path d="{ground}" fill="#e8dcc3" stroke="#5a3d1e" stroke-width="3"/>',
        # banded rock faces of the escarpment
        '<g stroke="#c9a66b" stroke-width="2">',
        '<path d="M 221 240 L 700 240"/>', '<path d="M 226 190 L 700 190"/>',
        '<path d="M 229 150 L 700 150"/>',
        "</g>",
        # an aran on the plateau edge (plan symbol) and the height of the escarpment
        '<path d="M 330 96 l 40 -16 l 40 16" fill="none" stroke="#8c5a2b" stroke-width="3"/>',
        '<g stroke="#7f7f7f" stroke-width="1.5"><path d="M 170 100 L 170 300"/>',
        '<path d="M 162 100 L 178 100"/><path d="M 162 300 L 178 300"/></g>',
    ]
    labels = [
        (30, 290, 12, "Lowland below the chink"),
        (30, 60, 13, "Chink (escarpment):"),
        (30, 77, 12, "from some tens of metres up to about 340 m"),
        (430, 90, 12, "Plateau surface: mean elevation about 150 m"),
        (330, 70, 12, "Aran on the plateau edge"),
        (430, 210, 12, "Banded limestone and marl"),
        (520, 330, 12, "Schematic, not to scale"),
    ]
    for x, y, size, text in labels:
        parts.append(f'<text x="{x}" y="{y}" font-size="{size}" {FONT}>{text}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def aran_wall_png(path: Path) -> None:
    """A drawing of a low dry-stone wall with a height bar of 0.5-1.5 m, as a PNG."""
    from PIL import Image, ImageDraw, ImageFont

    fonts = HERE.parents[2] / "templates" / "fonts"
    font = ImageFont.truetype(str(fonts / "PTSans-Regular.ttf"), 26)
    w, h, ground = 1200, 560, 430
    img = Image.new("RGB", (w, h), (250, 247, 240))
    d = ImageDraw.Draw(img)
    d.rectangle((0, ground, w, h), fill=(226, 214, 188))
    # courses of flat stones, wider at the foot: a fixed pattern, no randomness
    for course in range(5):
        y1 = ground - course * 44
        inset = course * 26
        x = 140 + inset + (course % 2) * 30
        while x < 960 - inset:
            width = 70 + ((x * 7 + course * 13) % 5) * 12
            d.rounded_rectangle(
                (x, y1 - 40, min(x + width, 960 - inset), y1), radius=10,
                fill=(168 - course * 8, 150 - course * 6, 120), outline=(90, 70, 50), width=2,
            )
            x += width + 6
    # height bar: 0.5 m and 1.5 m
    for y, text in ((ground - 90, "0.5 m"), (ground - 225, "1.5 m")):
        d.line((1000, y, 1060, y), fill=(60, 60, 60), width=3)
        d.text((1070, y - 16), text, fill=(30, 30, 30), font=font)
    d.line((1030, ground, 1030, ground - 225), fill=(60, 60, 60), width=3)
    d.text((140, 40), "Low dry-stone wall of an aran (walls 0.5-1.5 m high)", fill=(30, 30, 30), font=font)
    d.text((140, 500), "Drawing by the project, illustrative; not a photograph", fill=(90, 60, 40), font=font)
    img.save(path, format="PNG", optimize=True)


if __name__ == "__main__":
    (HERE / "aran-diagram.svg").write_text(aran_diagram(), encoding="utf-8")
    (HERE / "chink-profile.svg").write_text(chink_profile(), encoding="utf-8")
    aran_wall_png(HERE / "aran-wall.png")
