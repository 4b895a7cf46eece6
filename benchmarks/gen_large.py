"""Generate a large synthetic dossier (~300 A4 pages of nomination) for benchmarks.

    python benchmarks/gen_large.py OUT_DIR [--components 30] [--figures 30] [--tables 50]
                                           [--words 95000] [--seed 1]

The dossier follows the layout of tests/cases/valid/minimal (dossier.yaml + parts/ +
text/ + geo/ + media/ + bibliography.yaml) and is meant to pass `dossier check` with no
error. It is fully deterministic for a given set of options (seeded random, no clock),
so every run, on every machine, writes the same bytes.

What it contains, at the defaults:
* a serial property of 30 component parts in Mangystau (Kazakhstan), each a hexagon in
  geo/property.geojson with a ring-shaped buffer zone in geo/buffer.geojson, an overview
  map, a location map and two component maps drawn by dossier;
* about 95,000 words of English prose in text/*.md with Kazakh, Russian and French
  names, citations ([@key]), footnotes, cross-references (@fig:..., @sec:...),
  sub-headings, lists and Markdown tables;
* 50 tables in all: the tables built by dossier (components, attributes, comparators,
  designations, indicators, images, documents...) plus Markdown tables in the prose;
* 30 figures listed in the 7.a image inventory: half PNG "photographs" drawn with
  Pillow, half SVG charts (bar charts with Cyrillic labels, explicit font family);
* a bibliography of 40 CSL-YAML items.

Used by benchmarks/bench_pdf.py and by the DOCX and check benchmarks.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
from pathlib import Path
from typing import Any

# Component placement: a grid over the Ustyurt plateau and the Mangyshlak peninsula,
# well inside Kazakhstan (the location map then shows Kazakhstan from the bundled world data).
LON0, LAT0 = 52.2, 42.55
DLON, DLAT = 0.42, 0.36
COLS = 6
R_PROP = 0.075  # hexagon "radius" in degrees of latitude (about 8 km)
R_BUF = 0.13

SECTIONS_WITH_FIGURES = ["2.a", "2.b", "3.2", "4.a", "5.h"]

KK_PLACES = [
    "Үстірт",
    "Маңғыстау",
    "Бейнеу",
    "Қаракия",
    "Шетпе",
    "Тұщықұдық",
    "Қызылқұм",
    "Сам құмы",
    "Қарынжарық",
    "Ақшымырау",
    "Бозжыра",
    "Шерқала",
    "Қошқар-Ата",
    "Түпқараған",
    "Сарыкамыс",
    "Ұшқан",
    "Көкесем",
    "Әйелтам",
    "Ғабит",
    "Һәкім",
]
RU_PLACES = [
    "Устюрт",
    "Мангистау",
    "Бейнеу",
    "Каракия",
    "Шетпе",
    "Тущикудук",
    "Кызылкум",
    "Сам",
    "Карынжарык",
    "Акшимрау",
    "Бозжира",
    "Шеркала",
    "Кошкар-Ата",
    "Тупкараган",
    "Сарыкамыш",
    "Ушкан",
    "Кокесем",
    "Айелтам",
    "Габит",
    "Хаким",
]
LATIN_PLACES = [
    "Ustyurt",
    "Mangystau",
    "Beineu",
    "Karakiya",
    "Shetpe",
    "Tushchykudyk",
    "Kyzylkum",
    "Sam",
    "Karynzharyk",
    "Akshymyrau",
    "Bozzhyra",
    "Sherkala",
    "Koshkar-Ata",
    "Tupkaragan",
    "Sarykamys",
    "Ushkan",
    "Kokesem",
    "Aieltam",
    "Gabit",
    "Hakim",
]

ADJ = [
    "ancient",
    "extensive",
    "well-preserved",
    "fragile",
    "remarkable",
    "arid",
    "seasonal",
    "exceptional",
    "continuous",
    "stratified",
    "monumental",
    "regional",
    "nomadic",
    "characteristic",
    "eroded",
    "intact",
    "undisturbed",
    "long-standing",
    "distinctive",
    "representative",
    "late medieval",
    "prehistoric",
    "limestone",
    "saline",
    "steppe",
]
NOUN = [
    "escarpment",
    "plateau",
    "kite",
    "trap wall",
    "enclosure",
    "cairn",
    "caravanserai",
    "necropolis",
    "spring",
    "depression",
    "ridge",
    "landscape",
    "route",
    "settlement",
    "herd",
    "saiga population",
    "survey",
    "record",
    "boundary",
    "buffer zone",
    "monument",
    "inscription",
    "well",
    "pasture",
    "gully",
    "dune field",
    "terrace",
    "outcrop",
]
VERB = [
    "documents",
    "shapes",
    "reflects",
    "preserves",
    "frames",
    "illustrates",
    "connects",
    "sustains",
    "bears witness to",
    "delimits",
    "overlooks",
    "encloses",
    "supports",
    "conveys",
    "records",
    "protects",
    "follows",
    "crosses",
]
CONDITIONS = ["good", "fair", "poor", "stable", "improving"]
ADV = [
    "clearly",
    "still",
    "largely",
    "consistently",
    "locally",
    "directly",
    "partly",
    "generally",
    "notably",
    "visibly",
]
CONNECT = [
    "Moreover,",
    "In addition,",
    "By contrast,",
    "As a result,",
    "At the same time,",
    "Along the western edge,",
    "In the southern part,",
    "Over the last decades,",
    "According to recent surveys,",
    "Taken together,",
]

ORG_KK = [
    "Мәдениет және ақпарат министрлігі",
    "Үстірт мемлекеттік табиғи қорығы",
    "Маңғыстау облыстық тарихи-өлкетану мұражайы",
    "Ә. Х. Марғұлан атындағы Археология институты",
]
AUTHORS = [
    ("Әбенов", "Қайрат"),
    ("Смағұлов", "Ержан"),
    ("Бейсенов", "Арман"),
    ("Astafyev", "Andrey"),
    ("Barbier", "Élodie"),
    ("Lefèvre", "Hélène"),
    ("Жұмабаев", "Ғалым"),
    ("Petrov", "Sergei"),
    ("Nurmukhanbetov", "Bakhyt"),
    ("Crassard", "Rémy"),
    ("Barge", "Olivier"),
    ("Brochier", "Jacques"),
    ("Ихсанов", "Өмірзақ"),
    ("Dupont", "Françoise"),
    ("Ivanova", "Natalia"),
    ("Tulegenov", "Ұлан"),
]


def _lonlat(i: int) -> tuple[float, float]:
    row, col = divmod(i, COLS)
    # Stagger odd rows so the grid looks less mechanical.
    return LON0 + col * DLON + (DLON / 2 if row % 2 else 0.0), LAT0 + row * DLAT


def _hexagon(lon: float, lat: float, r: float, *, clockwise: bool = False) -> list[list[float]]:
    k = 1.0 / math.cos(math.radians(lat))  # widen in longitude so the shape looks regular
    pts = [
        [
            round(lon + r * k * math.cos(math.radians(a)), 5),
            round(lat + r * math.sin(math.radians(a)), 5),
        ]
        for a in range(0, 360, 60)
    ]
    if clockwise:
        pts.reverse()
    pts.append(pts[0])
    return pts


class Prose:
    """Deterministic pseudo-English prose with the Markdown features dossier parses."""

    def __init__(self, rng: random.Random, bib_keys: list[str], fig_ids: list[str]) -> None:
        self.rng = rng
        self.bib_keys = bib_keys
        self.fig_ids = fig_ids
        self.footnotes = 0
        self.tables = 0

    def place(self) -> str:
        i = self.rng.randrange(len(KK_PLACES))
        roll = self.rng.random()
        if roll < 0.15:
            return f"{LATIN_PLACES[i]} ({KK_PLACES[i]})"
        if roll < 0.25:
            return f"{LATIN_PLACES[i]} (rus. {RU_PLACES[i]})"
        return LATIN_PLACES[i]

    def sentence(self, *, cite: bool = True) -> str:
        r = self.rng
        s = (
            f"The {r.choice(ADJ)} {r.choice(NOUN)} of {self.place()} {r.choice(ADV)} "
            f"{r.choice(VERB)} the {r.choice(ADJ)} {r.choice(NOUN)}"
        )
        roll = r.random()
        if roll < 0.25:
            s += f" and the {r.choice(NOUN)}s that surround it"
        elif roll < 0.4:
            s += f", which is {r.choice(ADJ)} and {r.choice(ADJ)}"
        elif roll < 0.45:
            s += f", known locally as «\u00a0{r.choice(KK_PLACES)}\u00a0»"
        if r.random() < 0.3:
            s = f"{r.choice(CONNECT)} {s[0].lower()}{s[1:]}"
        if cite and r.random() < 0.06:
            key = r.choice(self.bib_keys)
            s += f" [@{key}, p. {r.randint(3, 240)}]" if r.random() < 0.5 else f" [@{key}]"
        if cite and self.fig_ids and r.random() < 0.012:
            s += f" (see @fig:{r.choice(self.fig_ids)})"
        return s + "."

    def paragraph(self, n: int | None = None) -> str:
        n = n or self.rng.randint(4, 9)
        text = " ".join(self.sentence() for _ in range(n))
        if self.rng.random() < 0.08:
            self.footnotes += 1
            label = f"n{self.footnotes}"
            text += (
                f"[^{label}]\n\n[^{label}]: {self.sentence(cite=False)} {self.sentence(cite=False)}"
            )
        if self.rng.random() < 0.1:
            words = text.split(" ")
            j = self.rng.randrange(2, max(3, len(words) - 2))
            if words[j].isalpha():  # not a locator, a bracket or a guillemet
                words[j] = f"*{words[j]}*"
            text = " ".join(words)
        return text

    def bullet_list(self) -> str:
        return "\n".join(f"- {self.sentence(cite=False)}" for _ in range(self.rng.randint(3, 6)))

    def table(self, rows: int) -> str:
        r = self.rng
        head = "| Component | Feature | Count | Condition | Last survey |\n|---|---|--:|---|--:|"
        body = []
        for _ in range(rows):
            body.append(
                f"| {self.place()} | {r.choice(ADJ)} {r.choice(NOUN)} | {r.randint(1, 480)} | "
                f"{r.choice(CONDITIONS)} | {r.randint(1995, 2024)} |"
            )
        self.tables += 1  # a caption, as `dossier check` asks of every table
        caption = f"Table: Features surveyed in the component parts (sample {self.tables})"
        return caption + "\n\n" + head + "\n" + "\n".join(body)

    def text(self, words: int, *, tables: int = 0, headings: bool = True) -> str:
        """Markdown of about `words` words with `tables` Markdown tables spread through it."""
        parts: list[str] = []
        count = 0
        table_at = sorted(self.rng.sample(range(1, 1000), tables)) if tables else []
        table_marks = [int(words * t / 1000) for t in table_at]
        sub = 0
        while count < words:
            if headings and self.rng.random() < 0.09:
                sub += 1
                level = "#" if self.rng.random() < 0.6 else "##"
                adj, noun = self.rng.choice(ADJ).capitalize(), self.rng.choice(NOUN)
                parts.append(f"{level} {adj} {noun}s of {self.place()}")
            if self.rng.random() < 0.07:
                parts.append(self.bullet_list())
            para = self.paragraph()
            parts.append(para)
            count += len(para.split())
            while table_marks and count >= table_marks[0]:
                table_marks.pop(0)
                parts.append(self.table(self.rng.randint(12, 22)))
        for _ in table_marks:
            parts.append(self.table(self.rng.randint(12, 22)))
        return "\n\n".join(parts) + "\n"


def _png(path: Path, rng: random.Random, index: int) -> None:
    from PIL import Image, ImageDraw

    w, h = 1200, 700
    img = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(img)
    sky = (150 + rng.randint(0, 60), 180 + rng.randint(0, 50), 220)
    ground = (190 + rng.randint(0, 40), 160 + rng.randint(0, 40), 110 + rng.randint(0, 40))
    horizon = rng.randint(220, 380)
    for y in range(h):
        if y < horizon:
            t = y / horizon
            col = tuple(int(sky[k] * (1 - 0.3 * t) + 255 * 0.3 * t) for k in range(3))
        else:
            t = (y - horizon) / (h - horizon)
            col = tuple(int(ground[k] * (1 - 0.4 * t)) for k in range(3))
        draw.line([(0, y), (w, y)], fill=col)
    # An escarpment silhouette and a few "trap walls".
    pts = [(0, horizon)]
    x = 0
    while x < w:
        x += rng.randint(40, 120)
        pts.append((min(x, w), horizon - rng.randint(10, 90)))
    pts += [(w, horizon), (0, horizon)]
    draw.polygon(pts, fill=(170, 140, 100))
    for _ in range(6):
        x0, y0 = rng.randint(0, w), rng.randint(horizon + 40, h - 20)
        draw.line(
            [(x0, y0), (x0 + rng.randint(-300, 300), y0 + rng.randint(-60, 60))],
            fill=(90, 70, 50),
            width=5,
        )
    draw.rectangle([20, h - 60, 260, h - 20], fill=(255, 255, 255))
    draw.text((30, h - 50), f"Photo {index:02d}", fill=(0, 0, 0))
    img.save(path, format="PNG", optimize=False)


def _chart_svg(rng: random.Random, index: int) -> str:
    labels = rng.sample(KK_PLACES, 6)
    values = [rng.randint(5, 100) for _ in labels]
    w, h = 800, 420
    bw = 90
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'font-family="Dossier Sans">',
        f'<rect width="{w}" height="{h}" fill="#ffffff"/>',
        f'<text x="{w // 2}" y="30" font-size="20" text-anchor="middle" font-family="Dossier Sans">'
        f"Кайттер саны / Number of kites ({2000 + index})</text>",
        f'<line x1="60" y1="360" x2="{w - 30}" y2="360" stroke="#333" stroke-width="2"/>',
    ]
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        x = 80 + i * (bw + 28)
        bh = v * 3
        out.append(
            f'<rect x="{x}" y="{360 - bh}" width="{bw}" height="{bh}" '
            f'fill="#{0x30 + i * 20:02x}6a9e"/>'
        )
        out.append(
            f'<text x="{x + bw // 2}" y="{352 - bh}" font-size="15" text-anchor="middle" '
            f'font-family="Dossier Sans">{v}</text>'
        )
        out.append(
            f'<text x="{x + bw // 2}" y="385" font-size="15" text-anchor="middle" '
            f'font-family="Dossier Sans">{label}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _dump_yaml(data: Any) -> str:
    import re

    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        # PyYAML writes 008 bare (an invalid YAML 1.1 octal), which YAML 1.2 reads as a number.
        if re.fullmatch(r"[0-9][0-9._:-]*", value):
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
        return dumper.represent_str(value)

    Dumper.add_representer(str, text)
    return str(yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100))


def generate(
    out: Path,
    *,
    components: int = 30,
    figures: int = 30,
    tables: int = 50,
    words: int = 95000,
    seed: int = 1,
) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for sub in ("parts", "text", "geo", "media"):
        (out / sub).mkdir(parents=True)

    def write(rel: str, text: str) -> None:
        (out / rel).write_text(text, encoding="utf-8")

    def yaml_file(rel: str, data: Any) -> None:
        write(rel, _dump_yaml(data))

    # ---------------------------------------------------------------- bibliography
    bib: list[dict[str, Any]] = []
    for i in range(40):
        fam, given = AUTHORS[i % len(AUTHORS)]
        year = 1968 + (i * 7) % 56
        kind = ["book", "article-journal", "report", "chapter"][i % 4]
        item: dict[str, Any] = {
            "id": f"ref{i:02d}",
            "type": kind,
            "title": f"{rng.choice(ADJ).capitalize()} {rng.choice(NOUN)}s of "
            f"{LATIN_PLACES[i % 20]}: survey {i + 1}",
            "author": [{"family": fam, "given": given}],
            "issued": {"date-parts": [[year]]},
        }
        if kind == "article-journal":
            item.update(
                {
                    "container-title": "Central Asian Archaeology",
                    "volume": str(3 + i % 20),
                    "page": f"{10 + i}-{30 + i}",
                }
            )
        elif kind == "chapter":
            item.update(
                {
                    "container-title": "Landscapes of Mangystau",
                    "publisher": "Almaty University Press",
                    "page": f"{100 + i}-{120 + i}",
                }
            )
        else:
            item["publisher"] = (
                "Ministry of Culture and Information" if kind == "report" else "Nauka"
            )
        bib.append(item)
    yaml_file("bibliography.yaml", bib)
    bib_keys = [b["id"] for b in bib]

    # ---------------------------------------------------------------- media
    images: list[dict[str, Any]] = []
    fig_ids: list[str] = []
    for i in range(figures):
        photo = i % 2 == 0
        ident = f"photo-{i + 1:02d}" if photo else f"chart-{i + 1:02d}"
        rel = f"media/{ident}.png" if photo else f"media/{ident}.svg"
        if photo:
            _png(out / rel, rng, i + 1)
        else:
            write(rel, _chart_svg(rng, i + 1))
        fig_ids.append(ident)
        place = LATIN_PLACES[i % 20]
        images.append(
            {
                "id": ident,
                "file": rel,
                "format": "digital" if photo else "chart",
                "caption": (
                    f"View of the {rng.choice(ADJ)} {rng.choice(NOUN)} near {place} "
                    f"({KK_PLACES[i % 20]})"
                    if photo
                    else f"Number of kites recorded per area, survey {2000 + i + 1}"
                ),
                "alt": f"{'Photograph' if photo else 'Bar chart'} {i + 1} of the {place} area",
                "date": f"{2015 + i % 9}-{1 + i % 12:02d}",
                "author": f"{AUTHORS[i % len(AUTHORS)][1]} {AUTHORS[i % len(AUTHORS)][0]}",
                "copyright_owner": ORG_KK[i % len(ORG_KK)],
                "owner_contact": "heritage@example.org",
                "cession": True,
                "section": SECTIONS_WITH_FIGURES[i % len(SECTIONS_WITH_FIGURES)],
            }
        )

    # ---------------------------------------------------------------- geometry
    comps: list[dict[str, Any]] = []
    prop_features, buf_features = [], []
    for i in range(components):
        lon, lat = _lonlat(i)
        ident = f"{i + 1:03d}"
        name_en = f"{LATIN_PLACES[i % 20]} kite cluster {i // 20 + 1}"
        prop_features.append(
            {
                "type": "Feature",
                "properties": {"id": ident, "name": name_en},
                "geometry": {"type": "Polygon", "coordinates": [_hexagon(lon, lat, R_PROP)]},
            }
        )
        buf_features.append(
            {
                "type": "Feature",
                "properties": {"id": ident},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        _hexagon(lon, lat, R_BUF),
                        _hexagon(lon, lat, R_PROP, clockwise=True),
                    ],
                },
            }
        )
        comps.append(
            {
                "id": ident,
                "name": {"en": name_en, "kk": f"{KK_PLACES[i % 20]} кайттері {i // 20 + 1}"},
                "region": [
                    "Beineu District",
                    "Karakiya District",
                    "Mangystau District",
                    "Tupkaragan District",
                ][i % 4],
                "maps": ["map-overview"] + (["map-c1"] if i == 0 else ["map-c2"] if i == 1 else []),
                "description": {"file": f"text/component-{ident}.md"},
            }
        )
        write(f"text/component-{ident}.md", Prose(rng, bib_keys, []).text(180, headings=False))
    write(
        "geo/property.geojson",
        json.dumps(
            {"type": "FeatureCollection", "features": prop_features}, ensure_ascii=False, indent=1
        )
        + "\n",
    )
    write(
        "geo/buffer.geojson",
        json.dumps(
            {"type": "FeatureCollection", "features": buf_features}, ensure_ascii=False, indent=1
        )
        + "\n",
    )

    # ---------------------------------------------------------------- prose budget
    # (file, share of the words, Markdown tables in it)
    builder_tables = 9  # executive summary, components, areas, attributes, comparators, population,
    #                     designations, management plan, indicators (+ images, documents, site type)
    md_tables = max(0, tables - builder_tables - 3)
    plan = [
        ("text/2a-description.md", 0.20, 0.22),
        ("text/2b-history.md", 0.16, 0.14),
        ("text/3-1b-criterion-iii.md", 0.03, 0.0),
        ("text/3-1b-criterion-v.md", 0.03, 0.0),
        ("text/3-1b-criterion-x.md", 0.03, 0.0),
        ("text/3-1c-integrity.md", 0.02, 0.0),
        ("text/3-1d-authenticity.md", 0.02, 0.0),
        ("text/3-1e-protection.md", 0.02, 0.0),
        ("text/3-2-framework.md", 0.02, 0.0),
        ("text/3-2-comparative.md", 0.10, 0.12),
        ("text/3-2-serial.md", 0.02, 0.0),
        ("text/4a-state.md", 0.07, 0.12),
        ("text/4b-i.md", 0.03, 0.04),
        ("text/4b-ii.md", 0.03, 0.04),
        ("text/4b-iii.md", 0.02, 0.02),
        ("text/4b-iv.md", 0.03, 0.04),
        ("text/5a-ownership.md", 0.015, 0.02),
        ("text/5c-implementation.md", 0.02, 0.02),
        ("text/5d-plans.md", 0.02, 0.02),
        ("text/5e-management.md", 0.03, 0.04),
        ("text/5f-finance.md", 0.02, 0.06),
        ("text/5g-expertise.md", 0.015, 0.02),
        ("text/5h-visitors.md", 0.02, 0.02),
        ("text/5i-presentation.md", 0.015, 0.0),
        ("text/5j-staffing.md", 0.015, 0.04),
        ("text/6b-arrangements.md", 0.02, 0.0),
        ("text/6c-previous.md", 0.015, 0.0),
        ("text/7c-records.md", 0.01, 0.0),
        ("text/boundary.md", 0.01, 0.0),
    ]
    # Opening sentences that the OUV checkers look for (OG para. 82 and 88).
    intros = {
        "text/3-1c-integrity.md": "The property includes all the elements that convey its "
        "value; each component is large enough and its boundary encloses the whole kite "
        "field. No development threatens it, and neglect is prevented by regular patrols.\n\n",
        "text/3-1d-authenticity.md": "The form, design and materials of the trap walls are "
        "authentic, and their location and setting on the escarpment edge are unchanged.\n\n",
    }
    total_share = sum(p[1] for p in plan)
    prose = Prose(rng, bib_keys, fig_ids)
    left = md_tables
    for k, (rel, share, tshare) in enumerate(plan):
        n_tables = round(md_tables * tshare) if k < len(plan) - 1 else 0
        n_tables = min(n_tables, left)
        left -= n_tables
        write(
            rel, intros.get(rel, "") + prose.text(int(words * share / total_share), tables=n_tables)
        )
    if left:  # rounding leftovers go to the description
        with (out / "text/2a-description.md").open("a", encoding="utf-8") as fh:
            fh.write("\n" + "\n\n".join(prose.table(15) for _ in range(left)) + "\n")
    # Cross-references to sections, once the text exists.
    with (out / "text/4a-state.md").open("a", encoding="utf-8") as fh:
        fh.write(
            "\nThe factors affecting the property are analysed in @sec:4.b; the monitoring "
            "indicators in @sec:6.a.\n"
        )
    short = Prose(random.Random(seed + 1), bib_keys, [])

    # ---------------------------------------------------------------- parts
    yaml_file(
        "dossier.yaml",
        {
            "format_version": 1,
            "language": "en",
            "illustrative": True,
            "property": {
                "name": {
                    "en": "Kites and escarpments of the Ustyurt and Mangyshlak (synthetic)",
                    "ru": "Кайты и чинки Устюрта и Мангышлака",
                    "kk": "Үстірт пен Маңғыстаудың кайттері",
                },
                "short_name": "Ustyurt kites (synthetic)",
                "states_parties": [
                    {
                        "code": "KZ",
                        "name": {
                            "en": "Kazakhstan",
                            "fr": "Kazakhstan",
                            "ru": "Казахстан",
                            "kk": "Қазақстан",
                        },
                    }
                ],
                "region": {"en": "Mangystau Region", "kk": "Маңғыстау облысы"},
                "category": "mixed",
                "serial": True,
                "cultural_landscape": False,
            },
            "dates": {
                "document": "2026-01-15",
                "tentative_list_entry": "2021-04-01",
                "preliminary_assessment_outcome": "2024-10-01",
                "planned_submission": "2026-01-30",
            },
            "printed_copies": 3,
            "parts": {
                "executive_summary": "parts/summary.yaml",
                "identification": "parts/identification.yaml",
                "description": "parts/description.yaml",
                "justification": "parts/justification.yaml",
                "conservation": "parts/conservation.yaml",
                "protection": "parts/protection.yaml",
                "monitoring": "parts/monitoring.yaml",
                "documentation": "parts/documentation.yaml",
                "contacts": "parts/contacts.yaml",
                "signatures": "parts/signatures.yaml",
            },
            "bibliography": "bibliography.yaml",
        },
    )
    yaml_file(
        "parts/summary.yaml",
        {
            "boundary_description": {"file": "text/boundary.md"},
            "maps": ["map-overview", "map-location"],
        },
    )
    yaml_file(
        "parts/identification.yaml",
        {
            "boundaries": {
                "property": "geo/property.geojson",
                "buffer_zone": "geo/buffer.geojson",
                "illustrative": True,
            },
            "components": comps,
            "maps": [
                {
                    "id": "map-overview",
                    "title": "The component parts and their buffer zones",
                    "kind": "overview",
                },
                {
                    "id": "map-location",
                    "title": "Location of the property in Kazakhstan",
                    "kind": "location",
                },
                {
                    "id": "map-c1",
                    "title": "Component part 001",
                    "kind": "component",
                    "component": "001",
                },
                {
                    "id": "map-c2",
                    "title": "Component part 002",
                    "kind": "component",
                    "component": "002",
                },
            ],
        },
    )
    yaml_file(
        "parts/description.yaml",
        {
            "description": {"file": "text/2a-description.md"},
            "history": {"file": "text/2b-history.md"},
        },
    )
    attrs = [
        {
            "id": f"att-{k}",
            "name": n,
            "description": short.sentence(cite=False),
            "components": [c["id"] for c in comps[k::5]],
        }
        for k, n in enumerate(
            [
                "Kite trap walls",
                "Escarpments (chinks)",
                "Saline depressions",
                "Caravanserais and wells",
                "Saiga migration routes",
            ]
        )
    ]
    yaml_file(
        "parts/justification.yaml",
        {
            "brief_synthesis": short.text(900, headings=False),
            "criteria": [
                {
                    "criterion": "iii",
                    "justification": {"file": "text/3-1b-criterion-iii.md"},
                    "attributes": ["att-0", "att-3"],
                },
                {
                    "criterion": "v",
                    "justification": {"file": "text/3-1b-criterion-v.md"},
                    "attributes": ["att-0"],
                },
                {
                    "criterion": "x",
                    "justification": {"file": "text/3-1b-criterion-x.md"},
                    "attributes": ["att-1", "att-2", "att-4"],
                },
            ],
            "attributes": attrs,
            "integrity": {"file": "text/3-1c-integrity.md"},
            "authenticity": {"file": "text/3-1d-authenticity.md"},
            "protection_requirements": {"file": "text/3-1e-protection.md"},
            "comparative_analysis": {
                "framework": {"file": "text/3-2-framework.md"},
                "text": {"file": "text/3-2-comparative.md"},
                "serial_justification": {"file": "text/3-2-serial.md"},
                "comparators": [
                    {
                        "name": f"Comparator {k + 1}: {LATIN_PLACES[(k * 3) % 20]} desert kites",
                        "state_party": [
                            "Jordan",
                            "Saudi Arabia",
                            "Uzbekistan",
                            "Turkmenistan",
                            "Armenia",
                            "France",
                        ][k % 6],
                        "status": ["none", "world-heritage", "tentative-list"][k % 3],
                        "scope": "national" if k % 4 == 0 else "international",
                        "criteria": ["iii", "v"][: 1 + k % 2],
                        **({"year": 2000 + k} if k % 3 == 1 else {}),
                        "comparison": short.paragraph(5),
                    }
                    for k in range(8)
                ],
            },
            "souv": {
                "brief_synthesis": short.paragraph(8),
                "criteria": {
                    "iii": short.paragraph(5),
                    "v": short.paragraph(5),
                    "x": short.paragraph(5),
                },
                "integrity": short.paragraph(5),
                "authenticity": short.paragraph(4),
                "protection_management": short.paragraph(6),
            },
        },
    )
    yaml_file(
        "parts/conservation.yaml",
        {
            "state_of_conservation": {"file": "text/4a-state.md"},
            "factors": {
                "development": {"file": "text/4b-i.md"},
                "environmental": {"file": "text/4b-ii.md"},
                "disasters": {"file": "text/4b-iii.md"},
                "visitation": {"file": "text/4b-iv.md"},
            },
            "development_projects": {
                "projects": [
                    {
                        "name": f"Road upgrade {k + 1}",
                        "kind": "road",
                        "location": f"{LATIN_PLACES[k]} district",
                        "status": "planned",
                        "impact_assessment": "HIA in preparation",
                        "description": short.paragraph(4),
                    }
                    for k in range(4)
                ]
            },
            "population": {"property": 0, "buffer_zone": 340, "year": 2024},
        },
    )
    yaml_file(
        "parts/protection.yaml",
        {
            "ownership": {"file": "text/5a-ownership.md"},
            "designations": [
                {
                    "id": f"des-{k}",
                    "name": f"State nature reserve {k + 1}",
                    "instrument": f"Decree No. {100 + k} of the Government",
                    "level": "national",
                    "date": f"{1984 + k * 3}-0{1 + k % 9}-15",
                    "status": "in-force",
                    "document": f"doc-{k}",
                }
                for k in range(8)
            ],
            "implementation": {"file": "text/5c-implementation.md"},
            "plans": {"file": "text/5d-plans.md"},
            "management_plan": {
                "title": "Integrated management plan 2026-2035",
                "status": "in-force",
                "valid_from": "2026-01-01",
                "valid_until": "2035-12-31",
                "language": "kk",
                "document": "doc-8",
                "covers_buffer_zone": True,
                "covers_all_components": True,
                "risk_preparedness": True,
                "text": {"file": "text/5e-management.md"},
            },
            "finance": {"file": "text/5f-finance.md"},
            "expertise": {"file": "text/5g-expertise.md"},
            "visitor_facilities": {"file": "text/5h-visitors.md"},
            "presentation": {"file": "text/5i-presentation.md"},
            "staffing": {"file": "text/5j-staffing.md"},
        },
    )
    yaml_file(
        "parts/monitoring.yaml",
        {
            "indicators": [
                {
                    "id": f"ind-{k}",
                    "indicator": f"{rng.choice(ADJ).capitalize()} {rng.choice(NOUN)} condition",
                    "attributes": [f"att-{k % 5}"],
                    "periodicity": ["annually", "every 2 years", "every 5 years"][k % 3],
                    "responsible": "Reserve administration",
                    "records": "Reserve archive, Zhanaozen",
                }
                for k in range(18)
            ],
            "arrangements": {"file": "text/6b-arrangements.md"},
            "previous_reports": {"file": "text/6c-previous.md"},
        },
    )
    yaml_file(
        "parts/documentation.yaml",
        {
            "images": images,
            "documents": [
                {
                    "id": f"doc-{k}",
                    "title": f"Annexed text {k + 1}",
                    "kind": ["legal", "plan", "other"][k % 3],
                    "language": ["kk", "ru", "en"][k % 3],
                }
                for k in range(12)
            ],
            "records": {"file": "text/7c-records.md"},
            "archives": [
                {"name": "Reserve archive", "city": "Zhanaozen", "country": "Kazakhstan"},
                {"name": "Маңғыстау облыстық мұрағаты", "city": "Aktau", "country": "Kazakhstan"},
            ],
        },
    )
    yaml_file(
        "parts/contacts.yaml",
        {
            "preparer": {
                "name": "Nomination team (synthetic)",
                "institution": {"en": "Ministry of Culture and Information", "kk": ORG_KK[0]},
                "city": "Astana",
                "country": "Kazakhstan",
                "email": "team@example.org",
                "illustrative": True,
            },
            "agency": {
                "name": "Reserve administration (synthetic)",
                "address": "1 Example Street",
                "city": "Zhanaozen",
                "country": "Kazakhstan",
                "email": "reserve@example.org",
                "illustrative": True,
            },
            "other_institutions": [
                {
                    "name": f"Institution {k + 1}",
                    "city": "Aktau",
                    "country": "Kazakhstan",
                    "illustrative": True,
                }
                for k in range(3)
            ],
            "website": {"url": "https://example.org/ustyurt-kites"},
        },
    )
    yaml_file(
        "parts/signatures.yaml",
        {
            "signatures": [
                {
                    "state_party": "KZ",
                    "name": "Synthetic Signatory",
                    "title": "Minister",
                    "date": "2026-01-20",
                    "illustrative": True,
                }
            ]
        },
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("out", type=Path, help="folder to create (replaced if it exists)")
    ap.add_argument("--components", type=int, default=30)
    ap.add_argument("--figures", type=int, default=30)
    ap.add_argument("--tables", type=int, default=50)
    ap.add_argument(
        "--words", type=int, default=95000, help="words of prose (about 300 pages at 95000)"
    )
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    generate(
        args.out,
        components=args.components,
        figures=args.figures,
        tables=args.tables,
        words=args.words,
        seed=args.seed,
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
