"""The content builders that format profiles name in `fill:` (see docs/formats.md).

A profile chooses which builders fill which official section and in what order;
adding a new kind of table is the only change that needs Python.
"""

from __future__ import annotations

from typing import Any

from dossier.assemble.base import CULTURAL, Assembler, T, builder, cell, fmt_date, fmt_ha
from dossier.core import model as m
from dossier.load.textvalue import dotted, get, name_text


def _roman(c: str) -> str:
    return f"({c})"


def _dms(a: Assembler, measured: Any) -> str:
    return f"{measured.lat_dms}, {measured.lon_dms}"


@builder("executive-summary")
def executive_summary(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    prop = a.data.get("property") or {}
    sps = ", ".join(name_text(sp.get("name"), a.lang) for sp in prop.get("states_parties") or [])
    centre = ""
    if a.geo is not None:
        centre = _dms(a, a.geo.property)
    maps = get(a.data, ("executive_summary", "maps")) or []
    pairs = [
        (L["state_party"], sps),
        (L["region"], name_text(prop.get("region"), a.lang)),
        (L["property_name"], name_text(prop.get("name"), a.lang)),
        (L["coordinates"], centre),
        (L["criteria_es"], " ".join(_roman(c) for c in a.criteria)),
    ]
    caption = a.L["caption_executive_summary"]
    blocks: list[m.Block] = [a.keyvalue("executive-summary", caption, pairs)]
    text, status = a.prose_blocks("executive_summary.boundary_description")
    blocks.append(m.Heading(1, T(L["boundary_description"])))
    blocks.extend(text if status != "missing" else [m.Notice("missing", L["not_provided"])])
    if maps:
        blocks.append(m.Heading(1, T(L["maps_es"])))
        blocks.append(m.Para(tuple(_xref_list(a, [f"fig-{mid}" for mid in maps]))))
    blocks.append(m.Heading(1, T(L["souv_es"])))
    blocks.extend(souv(a, {}, sec))
    blocks.append(m.Heading(1, T(L["agency_es"])))
    blocks.extend(
        contact(a, {"contact": "contacts.agency"}, sec) or [m.Notice("missing", L["not_provided"])]
    )
    return blocks


def _xref_list(a: Assembler, anchors: list[str]) -> list[m.Inline]:
    out: list[m.Inline] = []
    for i, anchor in enumerate(anchors):
        if i:
            out.append(m.Text(", "))
        out.append(m.XRef(anchor.split("-", 1)[0], anchor))
    return out


@builder("country")
def country(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    value = get(a.data, ("identification", "country"))
    if value is None:
        sps = (a.data.get("property") or {}).get("states_parties") or []
        value = ", ".join(name_text(sp.get("name"), a.lang) for sp in sps)
    else:
        value = name_text(value, a.lang)
    return [m.Para(T(value))] if value else []


@builder("region")
def region(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    value = name_text((a.data.get("property") or {}).get("region"), a.lang)
    return [m.Para(T(value))] if value else []


@builder("property-name")
def property_name(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    names = (a.data.get("property") or {}).get("name")
    main = name_text(names, a.lang)
    blocks: list[m.Block] = [m.Para((m.Styled("b", T(main)),))] if main else []
    if isinstance(names, dict):
        others = [(k, v) for k, v in sorted(names.items()) if k != a.lang and v != main]
        for lang, value in others:
            blocks.append(m.Para((*T(f"{lang}: "), m.Styled("i", T(str(value)))), lang))
    return blocks


@builder("coordinates")
def coordinates(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    if a.geo is None:
        stated = get(a.data, ("identification", "centre"))
        if isinstance(stated, dict):
            return [m.Para(T(f"{a.L['central_point']}: {stated.get('lat')}, {stated.get('lon')}"))]
        return []
    blocks: list[m.Block] = [
        m.Para(T(f"{a.L['central_point']}: {_dms(a, a.geo.property)} (WGS 84)"))
    ]
    return blocks


def _components(a: Assembler) -> list[dict[str, Any]]:
    return [c for c in get(a.data, ("identification", "components")) or [] if isinstance(c, dict)]


@builder("table:components")
def components_table(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    comps = _components(a)
    measured = {c.id: c for c in a.geo.components} if a.geo is not None else {}
    rows: list[list[m.Cell]] = []
    if comps:
        for c in comps:
            mc = measured.get(str(c.get("id")))
            area = mc.area_ha if mc else c.get("area_ha")
            buf = mc.buffer_area_ha if mc and mc.buffer_area_ha else c.get("buffer_area_ha")
            centre = _dms(a, mc) if mc else ""
            maps = ", ".join(a.anchors.get(f"fig-{x}", str(x)) for x in c.get("maps") or [])
            rows.append(
                [
                    cell(str(c.get("id"))),
                    cell(name_text(c.get("name"), a.lang)),
                    cell(str(c.get("region") or "")),
                    cell(centre),
                    cell(fmt_ha(area, a.lang), align="right"),
                    cell(fmt_ha(buf, a.lang), align="right"),
                    cell(maps),
                ]
            )
        total = (
            a.geo.property.area_ha
            if a.geo is not None
            else sum(float(c.get("area_ha") or 0) for c in comps)
        )
        buf_total = a.geo.buffer_zone_ha if a.geo is not None else None
        rows.append(
            [
                cell(L["total"], header=True),
                cell(""),
                cell(""),
                cell(""),
                cell(fmt_ha(total, a.lang), align="right", header=True),
                cell(fmt_ha(buf_total, a.lang), align="right", header=True),
                cell(""),
            ]
        )
    else:
        return []  # a single property: its central point is given above
    header = [
        L["id_no"],
        L["component_name"],
        L["regions_districts"],
        L["coordinates_central"],
        L["area_component"],
        L["area_buffer"],
        L["map_no"],
    ]
    caption = a.L["caption_components"]
    return [
        a.table("components", caption, header, rows, widths=(0.8, 2.0, 1.4, 2.0, 1.1, 1.1, 0.9))
    ]


@builder("maps")
def maps(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    from dossier.assemble import maps as mapping

    out: list[m.Block] = []
    for i, mp in enumerate(get(a.data, ("identification", "maps")) or []):
        if not isinstance(mp, dict):
            continue
        ident = str(mp.get("id"))
        if f"fig-{ident}" in a.anchors:
            out.append(m.Para((m.XRef("fig", f"fig-{ident}"), m.Text(f": {mp.get('title')}"))))
            continue
        caption = str(mp.get("caption") or mp.get("title") or "")
        if mp.get("file"):
            path, _ = a.src.resolve(mp.get("file"), ("identification", "maps", i, "file"))
            if path is not None:
                out.append(a.figure(ident, caption, caption, path=path))
            continue
        svg = mapping.map_svg(a, mp)
        if svg is None:
            out.append(m.Notice("note", f"{caption}: {a.L['map_not_drawn']}"))
            continue
        out.append(a.figure(ident, caption, caption, svg=svg))
    return out


@builder("table:areas")
def areas_table(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    if a.geo is None:
        stated = get(a.data, ("identification", "areas")) or {}
        if not stated:
            return []
        prop, buf = stated.get("property_ha"), stated.get("buffer_zone_ha")
    else:
        prop, buf = a.geo.property.area_ha, a.geo.buffer_zone_ha
    total = (prop or 0) + (buf or 0)
    rows = [
        [
            cell(L["area_property"], header=True),
            cell(f"{fmt_ha(prop, a.lang)} {L['hectares']}", align="right"),
        ],
        [
            cell(L["area_buffer_zone"], header=True),
            cell(
                f"{fmt_ha(buf, a.lang)} {L['hectares']}" if buf else L["no_buffer_zone"],
                align="right",
            ),
        ],
        [
            cell(L["area_total"], header=True),
            cell(f"{fmt_ha(total, a.lang)} {L['hectares']}", align="right"),
        ],
    ]
    caption = a.L["caption_areas"]
    blocks: list[m.Block] = [
        a.table("areas", caption, ["", ""], rows, widths=(2, 1), kind="keyvalue")
    ]
    if a.geo is not None:
        blocks.append(m.Para((m.Styled("i", T(L["computed_note"])),)))
    return blocks


@builder("component-descriptions")
def component_descriptions(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    for i, c in enumerate(_components(a)):
        if c.get("description") is None:
            continue
        blocks, status = a.prose_blocks(f"identification.components.{i}.description")
        if status == "missing":
            continue
        out.append(m.Heading(1, T(f"{c.get('id')} {name_text(c.get('name'), a.lang)}")))
        out.extend(blocks)
    return out


@builder("table:attributes")
def attributes_table(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    attrs = [x for x in get(a.data, ("justification", "attributes")) or [] if isinstance(x, dict)]
    if not attrs:
        return []
    by_attr: dict[str, list[str]] = {}
    for c in get(a.data, ("justification", "criteria")) or []:
        for att in c.get("attributes") or []:
            by_attr.setdefault(att, []).append(_roman(str(c.get("criterion"))))
    rows = []
    for x in attrs:
        desc = x.get("description")
        desc_text = desc if isinstance(desc, str) else ""
        rows.append(
            [
                cell(str(x.get("name"))),
                cell(desc_text),
                cell(" ".join(by_attr.get(str(x.get("id")), []))),
                cell(", ".join(str(c) for c in x.get("components") or [])),
            ]
        )
    L = a.L
    caption = a.L["caption_attributes"]
    return [
        a.table(
            "attributes",
            caption,
            [L["attribute"], L["description"], L["criterion"], L["components_col"]],
            rows,
            widths=(1.4, 3.5, 0.8, 1.0),
        )
    ]


@builder("criteria")
def criteria(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    crit = [c for c in get(a.data, ("justification", "criteria")) or [] if isinstance(c, dict)]
    attrs = {
        str(x.get("id")): x
        for x in get(a.data, ("justification", "attributes")) or []
        if isinstance(x, dict)
    }
    for i, c in enumerate(crit):
        out.append(m.Heading(1, T(f"{a.L['criterion']} {_roman(str(c.get('criterion')))}")))
        blocks, status = a.prose_blocks(f"justification.criteria.{i}.justification")
        out.extend(blocks if status != "missing" else [m.Notice("missing", a.L["not_provided"])])
        names = [str(attrs[x].get("name")) for x in c.get("attributes") or [] if x in attrs]
        if names:
            out.append(
                m.Para((m.Styled("b", T(f"{a.L['attributes']}: ")), *T("; ".join(names) + ".")))
            )
    return out


@builder("criteria-short")
def criteria_short(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    for c in a.criteria:
        blocks, status = a.prose_blocks(f"justification.souv.criteria.{c}")
        if status == "missing":
            continue
        out.append(m.Heading(1, T(f"{a.L['criterion']} {_roman(c)}")))
        out.extend(blocks)
    return out


@builder("table:comparators")
def comparators(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    comps = [
        c
        for c in get(a.data, ("justification", "comparative_analysis", "comparators")) or []
        if isinstance(c, dict)
    ]
    if not comps:
        return []
    rows = []
    for c in comps:
        status = L.get(f"status_{c.get('status')}", str(c.get("status")))
        if c.get("year"):
            status += f" ({c.get('year')})"
        crit = " ".join(_roman(x) for x in c.get("criteria") or [])
        rows.append(
            [
                cell(str(c.get("name"))),
                cell(str(c.get("state_party"))),
                cell(status),
                cell(L.get(f"scope_{c.get('scope')}", str(c.get("scope")))),
                cell(crit),
                cell("; ".join(str(s) for s in c.get("shared_attributes") or [])),
            ]
        )
    caption = a.L["caption_comparators"]
    table = a.table(
        "comparators",
        caption,
        [L["comparator"], L["country"], L["wh_status"], L["scope"], L["criterion"], L["shared"]],
        rows,
        widths=(2.0, 1.2, 1.4, 1.0, 0.8, 2.0),
    )
    out: list[m.Block] = [table]
    for i, c in enumerate(comps):
        blocks, status = a.prose_blocks(
            f"justification.comparative_analysis.comparators.{i}.comparison"
        )
        if status == "missing":
            continue
        out.append(m.Heading(2, T(str(c.get("name")))))
        out.extend(blocks)
    return out


@builder("souv")
def souv(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    out: list[m.Block] = []

    def part(label: str, path: str) -> None:
        out.append(m.Heading(2, T(label)))
        blocks, status = a.prose_blocks(path)
        out.extend(blocks if status != "missing" else [m.Notice("missing", L["not_provided"])])

    part(L["souv_a"], "justification.souv.brief_synthesis")
    out.append(m.Heading(2, T(L["souv_b"])))
    for c in a.criteria:
        blocks, status = a.prose_blocks(f"justification.souv.criteria.{c}")
        if status == "missing":
            out.append(m.Notice("missing", f"{L['criterion']} {_roman(c)}: {L['not_provided']}"))
            continue
        first = blocks[0] if blocks else None
        if isinstance(first, m.Para):
            blocks[0] = m.Para(
                (m.Styled("b", T(f"{L['criterion']} {_roman(c)}: ")), *first.inlines), first.lang
            )
        out.extend(blocks)
    part(L["souv_c"], "justification.souv.integrity")
    if any(c in CULTURAL for c in a.criteria):
        part(L["souv_d"], "justification.souv.authenticity")
    part(L["souv_e"], "justification.souv.protection_management")
    return out


@builder("table:development-projects")
def development_projects(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    dp = get(a.data, ("conservation", "development_projects")) or {}
    projects = [p for p in dp.get("projects") or [] if isinstance(p, dict)]
    if not projects:
        return [m.Para(T(L["none_known"]))] if dp.get("none_known") else []
    rows = [
        [
            cell(str(p.get("name"))),
            cell(str(p.get("kind") or "")),
            cell(str(p.get("location") or "")),
            cell(str(p.get("status") or "").replace("-", " ")),
            cell(str(p.get("impact_assessment") or "–")),
        ]
        for p in projects
    ]
    caption = a.L["caption_development_projects"]
    out: list[m.Block] = [
        a.table(
            "development-projects",
            caption,
            [
                L["project"],
                L["project_kind"],
                L["project_location"],
                L["project_status"],
                L["impact_assessment"],
            ],
            rows,
            widths=(1.6, 1.0, 2.0, 1.0, 1.6),
        )
    ]
    for i, p in enumerate(projects):
        blocks, status = a.prose_blocks(
            f"conservation.development_projects.projects.{i}.description"
        )
        if status != "missing":
            out.append(m.Heading(2, T(str(p.get("name")))))
            out.extend(blocks)
    return out


@builder("table:population")
def population(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    pop = get(a.data, ("conservation", "population"))
    if not isinstance(pop, dict):
        return []
    p, b = int(pop.get("property") or 0), int(pop.get("buffer_zone") or 0)
    rows = [
        [cell(L["population_property"], header=True), cell(f"{p:,}", align="right")],
        [cell(L["population_buffer"], header=True), cell(f"{b:,}", align="right")],
        [cell(L["population_total"], header=True), cell(f"{p + b:,}", align="right")],
        [cell(L["population_year"], header=True), cell(str(pop.get("year") or ""), align="right")],
    ]
    caption = a.L["caption_population"]
    return [a.table("population", caption, ["", ""], rows, widths=(2, 1), kind="keyvalue")]


@builder("table:designations")
def designations(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    ds = [d for d in get(a.data, ("protection", "designations")) or [] if isinstance(d, dict)]
    if not ds:
        return []
    rows = [
        [
            cell(str(d.get("name"))),
            cell(str(d.get("instrument"))),
            cell(str(d.get("level") or "")),
            cell(fmt_date(str(d.get("date")), a.lang) if d.get("date") else "–"),
            cell(str(d.get("status") or "").replace("-", " ")),
        ]
        for d in ds
    ]
    caption = a.L["caption_designations"]
    out: list[m.Block] = [
        a.table(
            "designations",
            caption,
            [L["designation"], L["instrument"], L["level"], L["date"], L["status"]],
            rows,
            widths=(2.0, 2.2, 1.0, 1.2, 0.9),
        )
    ]
    notes = [(d.get("name"), d.get("note")) for d in ds if d.get("note")]
    for name, note in notes:
        out.append(m.Para((m.Styled("b", T(f"{name}: ")), m.Text(str(note)))))
    return out


@builder("management-plan")
def management_plan(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    mp = get(a.data, ("protection", "management_plan"))
    if not isinstance(mp, dict):
        return []
    valid = ""
    if mp.get("valid_from") or mp.get("valid_until"):
        valid = f"{fmt_date(str(mp.get('valid_from') or ''), a.lang)} – {fmt_date(str(mp.get('valid_until') or ''), a.lang)}"
    pairs = [
        (L["title"], str(mp.get("title") or "")),
        (L["status"], str(mp.get("status") or "").replace("-", " ")),
        (L["valid"], valid),
        (L["language"], str(mp.get("language") or "")),
    ]
    out: list[m.Block] = [a.keyvalue("management-plan", L["management_plan"], pairs)]
    blocks, _status = a.prose_blocks("protection.management_plan.text")
    out.extend(blocks)
    return out


@builder("table:indicators")
def indicators(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    inds = [i for i in get(a.data, ("monitoring", "indicators")) or [] if isinstance(i, dict)]
    if not inds:
        return []
    rows = [
        [
            cell(str(i.get("indicator"))),
            cell(str(i.get("periodicity") or "–")),
            cell(str(i.get("responsible") or "–")),
            cell(str(i.get("records") or "–")),
        ]
        for i in inds
    ]
    caption = a.L["caption_indicators"]
    return [
        a.table(
            "indicators",
            caption,
            [L["indicator"], L["periodicity"], L["responsible"], L["records"]],
            rows,
            widths=(2.6, 1.0, 1.6, 1.6),
        )
    ]


@builder("table:images")
def images(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    imgs = [i for i in get(a.data, ("documentation", "images")) or [] if isinstance(i, dict)]
    if not imgs:
        return []
    rows = []
    for i in imgs:
        date = str(i.get("date") or "")
        if len(date) == 7:
            date = f"{date[5:7]}/{date[0:4]}"
        rows.append(
            [
                cell(str(i.get("id"))),
                cell(str(i.get("format") or "")),
                cell(str(i.get("caption") or "")),
                cell(date),
                cell(str(i.get("author") or "")),
                cell(str(i.get("copyright_owner") or "")),
                cell(str(i.get("owner_contact") or "")),
                cell(L["yes"] if i.get("cession") else L["no"]),
            ]
        )
    caption = a.L["caption_images"]
    return [
        a.table(
            "images",
            caption,
            [
                L["id_no"],
                L["image_format"],
                L["caption"],
                L["date_photo"],
                L["photographer"],
                L["copyright_owner"],
                L["owner_contact"],
                L["cession"],
            ],
            rows,
            widths=(0.7, 0.7, 2.4, 0.8, 1.2, 1.2, 1.3, 0.8),
        )
    ]


@builder("table:documents")
def documents(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    docs = [d for d in get(a.data, ("documentation", "documents")) or [] if isinstance(d, dict)]
    if not docs:
        return []
    rows = [
        [
            cell(str(d.get("id"))),
            cell(str(d.get("title"))),
            cell(str(d.get("kind") or "").replace("-", " ")),
            cell(str(d.get("language") or "")),
            cell(str(d.get("note") or "")),
        ]
        for d in docs
    ]
    caption = a.L["caption_documents"]
    return [
        a.table(
            "documents",
            caption,
            [L["id_no"], L["document_title"], L["document_kind"], L["language"], ""],
            rows,
            widths=(0.8, 3.0, 1.2, 0.8, 2.0),
        )
    ]


def _contact_pairs(a: Assembler, c: dict[str, Any]) -> list[tuple[str, str]]:
    L = a.L
    addr = ", ".join(str(c[k]) for k in ("address", "city", "region", "country") if c.get(k))
    return [
        (L["name"], str(c.get("name") or "")),
        (L["title"], str(c.get("title") or "")),
        (L["institution"], name_text(c.get("institution"), a.lang)),
        (L["address"], addr),
        (L["phone"], str(c.get("phone") or "")),
        (L["email"], str(c.get("email") or "")),
        (L["website"], str(c.get("website") or "")),
    ]


def _contact_blocks(a: Assembler, c: dict[str, Any], ident: str) -> list[m.Block]:
    pairs = [(k, v) for k, v in _contact_pairs(a, c) if v]
    rows = [[cell(k, header=True), cell(v)] for k, v in pairs]
    out: list[m.Block] = [
        m.Table(
            (cell("", header=True), cell("", header=True)),
            tuple(tuple(r) for r in rows),
            widths=(1, 3),
            kind="keyvalue",
        )
    ]
    if c.get("illustrative"):
        out.append(m.Notice("illustrative", a.L["illustrative_contact"]))
    return out


@builder("contact")
def contact(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    c = get(a.data, dotted(str(item["contact"])))
    return _contact_blocks(a, c, str(item["contact"])) if isinstance(c, dict) else []


@builder("contacts")
def contacts(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    for i, c in enumerate(get(a.data, dotted(str(item["contacts"]))) or []):
        if isinstance(c, dict):
            out.extend(_contact_blocks(a, c, f"{item['contacts']}.{i}"))
    return out


@builder("archives")
def archives(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    out: list[m.Block] = []
    for i, c in enumerate(get(a.data, ("documentation", "archives")) or []):
        if isinstance(c, dict):
            out.extend(_contact_blocks(a, c, f"archives.{i}"))
    return out


@builder("website")
def website(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    w = get(a.data, ("contacts", "website"))
    if not isinstance(w, dict):
        return []
    inl: list[m.Inline] = [m.Link(str(w.get("url")), T(str(w.get("url"))))]
    for key in ("contact", "email"):
        if w.get(key):
            inl.append(m.Text(f"; {w[key]}"))
    return [m.Para(tuple(inl))]


@builder("signatures")
def signatures(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    sps = {
        sp.get("code"): name_text(sp.get("name"), a.lang)
        for sp in (a.data.get("property") or {}).get("states_parties") or []
        if isinstance(sp, dict)
    }
    out: list[m.Block] = []
    for s in get(a.data, ("signatures", "signatures")) or []:
        if not isinstance(s, dict):
            continue
        date = fmt_date(str(s.get("date")), a.lang) if s.get("date") else ""
        rows = [
            [
                cell(L["state_party"], header=True),
                cell(sps.get(s.get("state_party"), str(s.get("state_party")))),
            ],
            [cell(L["name"], header=True), cell(str(s.get("name")))],
            [cell(L["title"], header=True), cell(str(s.get("title")))],
            [cell(L["place"], header=True), cell(str(s.get("place") or ""))],
            [cell(L["date"], header=True), cell(date)],
            [cell(L["signature"], header=True), cell("\u00a0")],
        ]
        out.append(
            m.Table(
                (cell("", header=True), cell("", header=True)),
                tuple(tuple(r) for r in rows),
                widths=(1, 3),
                kind="signature",
            )
        )
        if s.get("illustrative"):
            out.append(
                m.Notice(
                    "illustrative",
                    a.L["illustrative_signature"],
                )
            )
    return out


@builder("bibliography")
def bibliography(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    # Filled after citations are formatted (they decide the entries); see render templates.
    return [m.Notice("bibliography", "")] if a.data.get("bibliography") else []


@builder("site-type")
def site_type(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    prop = a.data.get("property") or {}
    yn = {True: L["yes_no_yes"], False: L["yes_no_no"]}
    pairs = [
        (L["site_type"], L.get(f"category_{prop.get('category')}", str(prop.get("category")))),
        (L["serial"], yn[bool(prop.get("serial"))]),
        (L["transnational"], yn[len(prop.get("states_parties") or []) > 1]),
        (L["cultural_landscape"], yn[bool(prop.get("cultural_landscape"))]),
    ]
    return [a.keyvalue("site-type", L["site_type"], pairs)]


@builder("tentative-list-summary")
def tentative_list_summary(a: Assembler, item: dict[str, Any], sec: m.Section) -> list[m.Block]:
    L = a.L
    prop = a.data.get("property") or {}
    sps = ", ".join(name_text(sp.get("name"), a.lang) for sp in prop.get("states_parties") or [])
    prep = get(a.data, ("contacts", "preparer")) or {}
    date = (
        get(a.data, ("tentative_list", "submission_date"))
        or get(a.data, ("dates", "document"))
        or ""
    )
    centre = _dms(a, a.geo.property) if a.geo is not None else ""
    pairs = [
        (L["state_party"], sps),
        (L["date_of_submission"], fmt_date(str(date), a.lang) if date else ""),
        (
            L["prepared_by"],
            ", ".join(v for _, v in _contact_pairs(a, prep) if v) if isinstance(prep, dict) else "",
        ),
        (L["property_name"], name_text(prop.get("name"), a.lang)),
        (L["region"], name_text(prop.get("region"), a.lang)),
        (L["latitude_longitude"], centre),
        (L["criteria_es"], " ".join(_roman(c) for c in a.criteria)),
    ]
    return [a.keyvalue("tentative-list-summary", L["property_name"], pairs)]
