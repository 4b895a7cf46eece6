"""Build templates/docx/reference.docx, the default look of dossier's DOCX output.

    python templates/docx/make_reference.py            # rewrites reference.docx next to this file
    python templates/docx/make_reference.py OUT.docx

Starts from python-docx's default template and sets: A4 pages with 2.5 cm margins,
PT Serif body text with PT Sans headings (both cover Latin, French, Russian and Kazakh;
the renderer embeds both in every DOCX), heading colours, the caption, table, notice,
bibliography, code and TOC styles the renderer uses, and clean properties. Page margins,
sizes and spacing follow templates/css/print.css so that the DOCX paginates like the PDF;
styles whose text the PDF never hyphenates (headings, captions, contents, bibliography,
notices) carry w:suppressAutoHyphens. `Normal` is the default paragraph style.
The output is deterministic: running the script twice gives the same bytes.

A ministry's own template can replace this file (`--reference-docx`): the renderer
takes every style it finds there by name and copies only the missing ones from here.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml
from lxml import etree

from dossier.render.docx.package import normalize_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
BODY_FONT = "PT Serif"
HEAD_FONT = "PT Sans"
# Code is set in the sans face, as in the PDF: a monospaced face would not be embedded.
MONO_FONT = "PT Sans"
NAVY = "14304F"  # print.css headings
RED = "B3261E"  # print.css illustrative marks
BLUE = "2E5C8A"
GREY = "595959"
# print.css: @page margins 24 22 22 25 mm, plus the 5 mm under the running header's rule.
MARGINS = {
    "top": 1644,
    "right": 1247,
    "bottom": 1247,
    "left": 1418,
    "header": 1020,
    "footer": 567,
    "gutter": 0,
}
TEXT_WIDTH = 11906 - MARGINS["left"] - MARGINS["right"]  # A4 text width, in twips
NO_HYPHENS = "<w:suppressAutoHyphens/>"


def q(tag: str) -> str:
    return f"{{{W}}}{tag.split(':', 1)[1]}"


def frag(xml: str) -> etree._Element:
    """One w: element from a snippet without its own namespace declaration."""
    return parse_xml(f'<w:wrap xmlns:w="{W}">{xml}</w:wrap>')[0]


def fonts(face: str) -> str:
    return f'<w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:cs="{face}" w:eastAsia="{face}"/>'


def para_style(
    sid: str,
    name: str,
    ppr: str = "",
    rpr: str = "",
    *,
    based: str | None = "Normal",
    nxt: str | None = None,
    ui: int = 99,
    qformat: bool = False,
    custom: bool = True,
    default: bool = False,
) -> str:
    return (
        f'<w:style xmlns:w="{W}" w:type="paragraph"'
        + (' w:default="1"' if default else "")
        + f' w:styleId="{sid}"'
        + (' w:customStyle="1"' if custom else "")
        + ">"
        f'<w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based}"/>' if based else "")
        + (f'<w:next w:val="{nxt}"/>' if nxt else "")
        + f'<w:uiPriority w:val="{ui}"/>'
        + ("<w:qFormat/>" if qformat else "")
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:style>"
    )


def char_style(sid: str, name: str, rpr: str, *, custom: bool = True, ui: int = 99) -> str:
    return (
        f'<w:style xmlns:w="{W}" w:type="character" w:styleId="{sid}"'
        + (' w:customStyle="1"' if custom else "")
        + ">"
        f'<w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/>'
        f'<w:uiPriority w:val="{ui}"/><w:rPr>{rpr}</w:rPr></w:style>'
    )


def border(side: str, val: str = "single", sz: int = 4, color: str = "auto", space: int = 4) -> str:
    return f'<w:{side} w:val="{val}" w:sz="{sz}" w:space="{space}" w:color="{color}"/>'


def notice(
    sid: str,
    name: str,
    fill: str,
    line: str,
    rpr: str,
    *,
    sz: int = 4,
    val: str = "single",
    sides: tuple[str, ...] = ("top", "left", "bottom", "right"),
) -> str:
    """print.css .notice-*: a framed box in the sans face, 9.5 pt."""
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    ppr = (
        "<w:keepLines/><w:pBdr>"
        + "".join(border(side, val=val, sz=sz, color=line, space=4) for side in sides)
        + f"</w:pBdr>{shade}{NO_HYPHENS}"
        '<w:spacing w:before="170" w:after="227" w:line="250" w:lineRule="auto"/>'
        '<w:ind w:left="198" w:right="198"/><w:jc w:val="left"/>'
    )
    return para_style(
        sid,
        name,
        ppr,
        f'{fonts(HEAD_FONT)}{rpr}<w:sz w:val="19"/><w:szCs w:val="19"/>',
        based="Normal",
        ui=30,
    )


def heading(
    n: int,
    size: int,
    color: str,
    before: int,
    after: int,
    extra: str = "",
    rule: bool = False,
    face: str = HEAD_FONT,
) -> str:
    ppr = (
        "<w:keepNext/><w:keepLines/>"
        + (f"<w:pBdr>{border('bottom', sz=8, color=color, space=4)}</w:pBdr>" if rule else "")
        + f'{NO_HYPHENS}<w:spacing w:before="{before}" w:after="{after}"/>'
        f'<w:outlineLvl w:val="{n - 1}"/>'
    )
    rpr = (
        f'{fonts(face)}<w:b/><w:bCs/>{extra}<w:color w:val="{color}"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    )
    return para_style(
        f"Heading{n}", f"heading {n}", ppr, rpr, nxt="BodyText", ui=9, qformat=True, custom=False
    )


# print.css .toc-lN: where the section number and the title start (twips).
TOC_INDENTS = {1: (0, 567), 2: (567, 1247), 3: (1247, 2211), 4: (2211, 2778)}


def toc(n: int) -> str:
    number, text = TOC_INDENTS[n]
    ppr = (
        f'<w:tabs><w:tab w:val="left" w:pos="{text}"/>'
        f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        f'{NO_HYPHENS}<w:spacing w:before="{150 if n == 1 else 0}" w:after="0"/>'
        f'<w:ind w:left="{text}" w:hanging="{text - number}"/>'
    )
    rpr = f"{fonts(HEAD_FONT)}<w:b/><w:bCs/>" if n == 1 else ""
    return para_style(f"TOC{n}", f"toc {n}", ppr, rpr, nxt="BodyText", ui=39, custom=False)


STYLES = [
    para_style(
        "Normal",
        "Normal",
        '<w:spacing w:after="0" w:line="264" w:lineRule="auto"/>',
        "",
        based=None,
        ui=0,
        qformat=True,
        custom=False,
        default=True,
    ),
    para_style(
        "BodyText",
        "Body Text",
        '<w:widowControl/><w:spacing w:before="0" w:after="116"/><w:jc w:val="both"/>',
        "",
        ui=99,
        qformat=True,
        custom=False,
    ),
    para_style("FirstParagraph", "First Paragraph", "", "", based="BodyText", nxt="BodyText"),
    para_style(
        "Compact",
        "Compact",
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>',
        f'{fonts(HEAD_FONT)}<w:sz w:val="18"/><w:szCs w:val="18"/>',
        based="BodyText",
    ),
    # The cover, as the PDF's: document type over a rule, the name, the States Parties,
    # label/value lines, the date, the illustrative banner.
    para_style(
        "Subtitle",
        "Subtitle",
        f"<w:pBdr>{border('top', sz=16, color=NAVY, space=8)}</w:pBdr>{NO_HYPHENS}"
        '<w:spacing w:before="0" w:after="2720"/>',
        f'{fonts(HEAD_FONT)}<w:caps/><w:color w:val="{NAVY}"/><w:spacing w:val="10"/>'
        '<w:sz w:val="24"/><w:szCs w:val="24"/>',
        nxt="BodyText",
        ui=11,
        qformat=True,
        custom=False,
    ),
    para_style(
        "Title",
        "Title",
        f'{NO_HYPHENS}<w:spacing w:before="0" w:after="454" w:line="276" w:lineRule="auto"/>',
        f'{fonts(BODY_FONT)}<w:b/><w:bCs/><w:kern w:val="28"/>'
        '<w:sz w:val="56"/><w:szCs w:val="56"/>',
        nxt="BodyText",
        ui=10,
        qformat=True,
        custom=False,
    ),
    para_style(
        "CoverStatesParties",
        "Cover States Parties",
        f'{NO_HYPHENS}<w:spacing w:before="0" w:after="567"/>',
        f'{fonts(HEAD_FONT)}<w:color w:val="333333"/><w:sz w:val="32"/><w:szCs w:val="32"/>',
    ),
    para_style(
        "CoverLine",
        "Cover Line",
        f'{NO_HYPHENS}<w:spacing w:before="0" w:after="113"/>',
        f'{fonts(HEAD_FONT)}<w:sz w:val="20"/><w:szCs w:val="20"/>',
    ),
    para_style(
        "CoverDate",
        "Cover Date",
        f"<w:pBdr>{border('top', sz=4, color='999999', space=6)}</w:pBdr>{NO_HYPHENS}"
        '<w:spacing w:before="2400" w:after="240"/>',
        f'{fonts(HEAD_FONT)}<w:sz w:val="24"/><w:szCs w:val="24"/>',
    ),
    # print.css: .sec-h1 18 pt with a rule, .sec-h2 13 pt, .sec-h3 11.5 pt, then 10.5 pt;
    # the levels below are prose headings (.ph2, .ph3: serif bold italic).
    heading(1, 36, NAVY, 0, 454, rule=True),
    heading(2, 26, NAVY, 397, 170),
    heading(3, 23, NAVY, 340, 142),
    heading(4, 21, NAVY, 283, 113),
    heading(5, 21, "2B4A6E", 255, 91),
    heading(6, 21, "111111", 170, 57, "<w:i/><w:iCs/>", face=BODY_FONT),
    heading(7, 21, "111111", 170, 57, "<w:i/><w:iCs/>", face=BODY_FONT),
    heading(8, 21, "111111", 170, 57, "<w:i/><w:iCs/>", face=BODY_FONT),
    heading(9, 21, "111111", 170, 57, "<w:i/><w:iCs/>", face=BODY_FONT),
    para_style(
        "TOCHeading",
        "TOC Heading",
        f"<w:keepNext/><w:pBdr>{border('bottom', sz=8, color=NAVY, space=4)}</w:pBdr>"
        f'{NO_HYPHENS}<w:spacing w:before="0" w:after="454"/><w:outlineLvl w:val="9"/>',
        f'{fonts(HEAD_FONT)}<w:b/><w:bCs/><w:color w:val="{NAVY}"/>'
        '<w:sz w:val="36"/><w:szCs w:val="36"/>',
        nxt="BodyText",
        ui=39,
        qformat=True,
        custom=False,
    ),
    toc(1),
    toc(2),
    toc(3),
    toc(4),
    para_style(
        "TableofFigures",
        "table of figures",
        f'<w:tabs><w:tab w:val="left" w:pos="1134"/>'
        f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
        f'{NO_HYPHENS}<w:spacing w:after="57"/>'
        '<w:ind w:left="1134" w:hanging="1134"/>',
        "",
        nxt="BodyText",
        ui=99,
        custom=False,
    ),
    para_style(
        "Caption",
        "caption",
        f'{NO_HYPHENS}<w:spacing w:before="113" w:after="170" w:line="252" w:lineRule="auto"/>',
        f'{fonts(HEAD_FONT)}<w:sz w:val="18"/><w:szCs w:val="18"/>',
        nxt="BodyText",
        ui=35,
        qformat=True,
        custom=False,
    ),
    para_style("ImageCaption", "Image Caption", '<w:jc w:val="left"/>', "", based="Caption"),
    para_style(
        "TableCaption",
        "Table Caption",
        '<w:keepNext/><w:spacing w:before="170" w:after="85"/>',
        "",
        based="Caption",
    ),
    para_style(
        "ImageCredit",
        "Image Credit",
        '<w:spacing w:before="0" w:after="283"/><w:jc w:val="left"/>',
        f'<w:color w:val="{GREY}"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
        based="Caption",
    ),
    para_style(
        "CaptionedFigure",
        "Captioned Figure",
        '<w:keepNext/><w:spacing w:before="227" w:after="0"/><w:jc w:val="center"/>',
        "",
        based="BodyText",
    ),
    para_style(
        "BlockText",
        "Block Text",
        f"<w:pBdr>{border('left', sz=12, color='BFBFBF', space=8)}</w:pBdr>"
        '<w:spacing w:before="120" w:after="120"/><w:ind w:left="567" w:right="567"/>',
        '<w:i/><w:iCs/><w:color w:val="404040"/>',
        based="BodyText",
        custom=False,
    ),
    para_style(
        "SourceCode",
        "Source Code",
        "<w:pBdr>"
        + "".join(
            border(side, sz=2, color="F3F4F6", space=gap)
            for side, gap in (("top", 3), ("left", 4), ("bottom", 3), ("right", 4))
        )
        + "</w:pBdr>"
        '<w:shd w:val="clear" w:color="auto" w:fill="F3F4F6"/>'
        '<w:spacing w:before="80" w:after="160" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="113" w:right="113"/>',
        f'{fonts(MONO_FONT)}<w:sz w:val="18"/><w:szCs w:val="18"/>',
        based="Normal",
    ),
    char_style(
        "VerbatimChar", "Verbatim Char", f'{fonts(MONO_FONT)}<w:sz w:val="19"/><w:szCs w:val="19"/>'
    ),
    para_style(
        "ListParagraph",
        "List Paragraph",
        '<w:spacing w:before="0" w:after="40"/><w:ind w:left="340"/><w:contextualSpacing/>'
        '<w:jc w:val="left"/>',
        "",
        based="BodyText",
        ui=34,
        qformat=True,
        custom=False,
    ),
    para_style(
        "FootnoteText",
        "footnote text",
        '<w:spacing w:after="20" w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="17"/><w:szCs w:val="17"/>',
        ui=99,
        custom=False,
    ),
    char_style(
        "FootnoteReference",
        "footnote reference",
        '<w:vertAlign w:val="superscript"/>',
        custom=False,
    ),
    char_style(
        "Hyperlink", "Hyperlink", '<w:color w:val="1F5FA6"/><w:u w:val="single"/>', custom=False
    ),
    para_style(
        "Bibliography",
        "Bibliography",
        f'{NO_HYPHENS}<w:spacing w:before="0" w:after="91"/><w:ind w:left="454" w:hanging="454"/>'
        '<w:jc w:val="left"/>',
        "",
        based="BodyText",
        ui=37,
        custom=False,
    ),
    para_style("Notice", "Notice", "", "", based="Normal"),
    notice(
        "NoticeMissing",
        "Notice Missing",
        "FDF3F2",
        RED,
        '<w:b/><w:bCs/><w:color w:val="8C1D18"/>',
        sz=10,
    ),
    notice(
        "NoticeNotApplicable",
        "Notice Not Applicable",
        "F6F6F6",
        "999999",
        '<w:color w:val="444444"/>',
    ),
    notice(
        "NoticeNotProvided",
        "Notice Not Provided",
        "",
        "999999",
        '<w:color w:val="444444"/>',
        val="dotted",
    ),
    notice(
        "NoticeIllustrative",
        "Notice Illustrative",
        "",
        RED,
        '<w:color w:val="8C1D18"/>',
        sz=6,
        val="dashed",
    ),
    notice(
        "NoticeNote",
        "Notice Note",
        "F2F5F9",
        "4A6D94",
        '<w:color w:val="222222"/>',
        sz=16,
        sides=("left",),
    ),
    para_style(
        "Header",
        "header",
        f"<w:pBdr>{border('bottom', sz=4, color='9A9A9A', space=4)}</w:pBdr>"
        f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/>'
        f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>{NO_HYPHENS}',
        f'{fonts(HEAD_FONT)}<w:color w:val="555555"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
        ui=99,
        custom=False,
    ),
    para_style(
        "Footer",
        "footer",
        f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/>'
        f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>{NO_HYPHENS}',
        f'{fonts(HEAD_FONT)}<w:color w:val="555555"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
        ui=99,
        custom=False,
    ),
    char_style(
        "IllustrativeMark",
        "Illustrative Mark",
        f'{fonts(HEAD_FONT)}<w:b/><w:bCs/><w:color w:val="{RED}"/><w:sz w:val="15"/>'
        '<w:szCs w:val="15"/>',
    ),
    (
        f'<w:style xmlns:w="{W}" w:type="table" w:styleId="DossierTable" w:customStyle="1">'
        '<w:name w:val="Dossier Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'
        "<w:tblPr><w:tblBorders>"
        f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
        '</w:tblBorders><w:tblCellMar><w:top w:w="62" w:type="dxa"/><w:left w:w="91" w:type="dxa"/>'
        '<w:bottom w:w="62" w:type="dxa"/><w:right w:w="91" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/>'
        f'<w:color w:val="{NAVY}"/></w:rPr><w:tcPr><w:tcBorders>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{NAVY}"/></w:tcBorders>'
        '<w:shd w:val="clear" w:color="auto" w:fill="E7ECF4"/></w:tcPr></w:tblStylePr>'
        '<w:tblStylePr w:type="firstCol"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="F4F6FA"/></w:tcPr></w:tblStylePr>'
        "</w:style>"
    ),
]


KEEP_TABLE_STYLES = {"TableNormal", "TableGrid", "DossierTable"}

FONT_TABLE = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f'<w:fonts xmlns:w="{W}">'
    + "".join(
        f'<w:font w:name="{name}"><w:panose1 w:val="{panose}"/><w:charset w:val="00"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        for name, panose, family, pitch in (
            (BODY_FONT, "020A0603040505020204", "roman", "variable"),
            (HEAD_FONT, "020B0503020203020204", "swiss", "variable"),
            ("Symbol", "05050102010706020507", "roman", "variable"),
        )
    )
    + "</w:fonts>"
).encode("utf-8")


def build() -> bytes:
    document = docx.Document()
    part = document.part
    # parts a reference does not need: Word 2010's duplicate styles, the bibliography
    # sources store, the thumbnail
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects") or rel.reltype == RT.CUSTOM_XML:
            del part.rels[rid]
    pkg = part.package
    assert pkg is not None
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rid]

    # ---- page: A4, 2.5 cm margins, 1.25 cm header/footer distance
    section = document.sections[0]
    sect = section._sectPr
    pg = sect.find(q("w:pgSz"))
    pg.set(q("w:w"), "11906")
    pg.set(q("w:h"), "16838")
    mar = sect.find(q("w:pgMar"))
    for k, v in MARGINS.items():
        mar.set(q(f"w:{k}"), str(v))

    # ---- styles
    styles = document.styles.element
    defaults = styles.find(q("w:docDefaults"))
    rpr = defaults.find(f"{q('w:rPrDefault')}/{q('w:rPr')}")
    for child in list(rpr):
        rpr.remove(child)
    for xml in (
        fonts(BODY_FONT),
        '<w:sz w:val="21"/>',
        '<w:szCs w:val="21"/>',
        '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>',
    ):
        rpr.append(frag(xml))
    ppr = defaults.find(f"{q('w:pPrDefault')}/{q('w:pPr')}")
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(frag('<w:spacing w:after="0" w:line="264" w:lineRule="auto"/>'))

    by_id = {s.get(q("w:styleId")): s for s in styles.findall(q("w:style"))}
    for xml in STYLES:
        new = parse_xml(xml)
        sid = new.get(q("w:styleId"))
        old = by_id.get(sid)
        if old is not None:
            # keep Word's flags (semiHidden, rsid ...) out: our definition replaces it
            styles.replace(old, new)
        else:
            styles.append(new)
        by_id[sid] = new
    # only the table styles dossier uses (Word offers its built-in gallery anyway)
    for st in styles.findall(q("w:style")):
        if st.get(q("w:type")) == "table" and st.get(q("w:styleId")) not in KEEP_TABLE_STYLES:
            styles.remove(st)
    # the heading character styles python-docx links: make them follow the headings
    for n in range(1, 10):
        char = by_id.get(f"Heading{n}Char")
        if char is not None:
            crpr = char.find(q("w:rPr"))
            if crpr is not None:
                for child in list(crpr):
                    crpr.remove(child)
                crpr.append(frag(fonts(HEAD_FONT)))
    # no theme fonts anywhere: explicit faces win in Word and LibreOffice alike
    for rfonts in styles.iter(q("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            rfonts.attrib.pop(q(f"w:{attr}"), None)
    for color in styles.iter(q("w:color")):
        for attr in ("themeColor", "themeShade", "themeTint"):
            color.attrib.pop(q(f"w:{attr}"), None)

    # ---- theme fonts (used by anything that still refers to the theme)
    theme = None
    for rel in part.rels.values():
        if rel.reltype == RT.THEME:
            theme = rel.target_part
    if theme is not None:
        root = etree.fromstring(theme.blob)
        for kind, face in (("majorFont", HEAD_FONT), ("minorFont", BODY_FONT)):
            latin = root.find(f".//{{{A}}}{kind}/{{{A}}}latin")
            if latin is not None:
                latin.set("typeface", face)
        theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # ---- font table: our two faces, with the PANOSE and family Word uses to pick a
    # close substitute where they are not installed
    for rel in part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = FONT_TABLE

    # ---- settings: British English, no stale proofing state, A4-friendly tab stop
    settings = document.settings.element
    for tag in ("w:proofState", "w:attachedTemplate", "w:rsids", "w:savePreviewPicture"):
        for e in settings.findall(q(tag)):
            settings.remove(e)
    tfl = settings.find(q("w:themeFontLang"))
    if tfl is not None:
        tfl.set(q("w:val"), "en-GB")
    # Word 2013+ layout (no "Compatibility Mode" banner in Word 365), no East Asian layout
    for cs in settings.iter(q("w:compatSetting")):
        if cs.get(q("w:name")) == "compatibilityMode":
            cs.set(q("w:val"), "15")
    for e in settings.iter(q("w:useFELayout")):
        e.getparent().remove(e)
    tab = settings.find(q("w:defaultTabStop"))
    if tab is not None:
        tab.set(q("w:val"), "709")

    # ---- body: empty (one paragraph Word requires)
    body = document.element.body
    for child in list(body):
        if child.tag != q("w:sectPr"):
            body.remove(child)

    # ---- properties: nothing personal, no tool signature, fixed dates
    import datetime as dt

    cp = document.core_properties
    element = cp._element
    for child in list(element):
        element.remove(child)
    cp.title = "dossier reference document"
    cp.revision = 1
    fixed = dt.datetime(2000, 1, 1, 0, 0, 0)
    cp.created = fixed
    cp.modified = fixed
    for rel in pkg.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (
                b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
                b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                b"<Application>dossier</Application><DocSecurity>0</DocSecurity></Properties>"
            )

    out = io.BytesIO()
    document.save(out)
    return normalize_zip(out.getvalue())


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "reference.docx"
    target.write_bytes(build())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
