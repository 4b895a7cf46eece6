"""Draw the example's two figures as SVG (run: python media/make_figures.py).

Both are made by the project from sourced figures, so their rights are the project's own:
* saiga-ustyurt-2016-2024.svg: aerial census counts of the Ustyurt saiga population
  (2016: 1,900; 2019: 5,900; 2022: 28,000; 2023: 39,700; 2024: 63,600), sources in
  bibliography.yaml (saigaresourcecentre-2016, inform2019-saiga, astanatimes2022-saiga,
  news7232-saiga2023, altyndala-2024-census).
* aran-diagram.svg: a schematic plan of an aran's parts, drawn from the published
  descriptions (guiding walls 600-900 m, enclosure about 400-500 m across, entrance
  50-150 m, capture cells at the outer corners); not to scale, not a surveyed structure.
"""

from __future__ import annotations

from pathlib import Path

FONT = 'font-family="Dossier Sans, DejaVu Sans, sans-serif"'
HERE = Path(__file__).parent

COUNTS = [(2016, 1900), (2019, 5900), (2022, 28000), (2023, 39700), (2024, 63600)]


def saiga_chart() -> str:
    w, h, left, bottom, top, right = 640, 380, 80, 320, 40, 610
    ymax = 70000
    x0, x1 = 2015.5, 2024.5

    def px(year: float) -> float:
        return left + (year - x0) / (x1 - x0) * (right - left)

    def py(n: float) -> float:
        return bottom - n / ymax * (bottom - top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
             f'<rect width="{w}" height="{h}" fill="white"/>']
    for n in range(0, ymax + 1, 10000):
        y = py(n)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#d9d9d9" stroke-width="1"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" {FONT}>{n:,}</text>')
    for year in range(2016, 2025):
        parts.append(f'<text x="{px(year):.1f}" y="{bottom + 20}" text-anchor="middle" font-size="12" {FONT}>{year}</text>')
    bw = 36
    for year, n in COUNTS:
        x, y = px(year) - bw / 2, py(n)
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw}" height="{bottom - y:.1f}" fill="#8c5a2b"/>')
        parts.append(f'<text x="{px(year):.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="12" {FONT}>{n:,}</text>')
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="black"/>')
    parts.append(f'<text x="{left}" y="24" font-size="14" font-weight="bold" {FONT}>Ustyurt saiga population, aerial census counts (Kazakhstan)</text>')
    parts.append(f'<text x="{left}" y="{h - 12}" font-size="11" {FONT}>No census figure was found for 2017, 2018, 2020 and 2021.</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


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


if __name__ == "__main__":
    (HERE / "saiga-ustyurt-2016-2024.svg").write_text(saiga_chart(), encoding="utf-8")
    (HERE / "aran-diagram.svg").write_text(aran_diagram(), encoding="utf-8")
