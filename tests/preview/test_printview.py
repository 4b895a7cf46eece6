"""The print preview (preview/printview.py): which pages show for the section being read,
and the pages themselves, laid out by the PDF renderer."""

from __future__ import annotations

import json
import time

import pytest

from dossier.core import model as m
from dossier.preview.printview import Layout, section_starts
from dossier.preview.server import Preview


def _sec(sid: str, number: str, title: str, level: int) -> m.Section:
    return m.Section(sid, number, title, level, page_break=level == 1)


def test_sections_start_where_the_pdf_bookmarks_say_in_document_order() -> None:
    sections = [
        _sec("sec-1", "1", "Identification", 1),
        _sec("sec-1.a", "1.a", "Country", 2),
        _sec("sec-2", "2", "Description", 1),
        _sec("sec-2.a", "2.a", "Description", 2),
    ]
    # The contents and a prose heading with the same words come first or between.
    marks = [
        ("Contents", 2),
        ("1  Identification", 4),
        ("1.a Country", 4),
        ("Country", 5),
        ("2 Description", 6),
        ("2.a   Description", 7),
    ]
    assert section_starts(marks, sections) == {
        "sec-1": 5,
        "sec-1.a": 5,
        "sec-2": 7,
        "sec-2.a": 8,
    }


def test_the_pages_of_a_section_run_to_the_next_section_of_its_level() -> None:
    layout = Layout(
        "nomination",
        1,
        b"",
        40,
        {"sec-1": 5, "sec-1.a": 5, "sec-1.b": 6, "sec-2": 9, "sec-2.a": 9, "sec-3": 30},
        [
            ("sec-1", 1, True),
            ("sec-1.a", 2, False),
            ("sec-1.b", 2, False),
            ("sec-2", 1, True),
            ("sec-2.a", 2, False),
            ("sec-3", 1, True),
        ],
    )
    assert layout.pages_of("sec-1") == [5, 6, 7, 8]  # 2 starts on a new page
    assert layout.pages_of("sec-1.a") == [5, 6]  # 1.b starts on page 6, after 1.a's end
    assert layout.pages_of("sec-1.b") == [6, 7, 8]
    assert layout.pages_of("sec-2") == list(range(9, 21))  # at most 12 pages
    assert layout.pages_of("sec-3") == list(range(30, 41))  # to the end
    assert layout.pages_of("") == [1, 2]  # the cover when no section is in view


@pytest.mark.slow  # lays out the minimal dossier's PDF (WeasyPrint)
def test_the_print_preview_shows_the_pages_of_the_section_in_view(served: Preview) -> None:
    import http.client

    def get(path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
        try:
            conn.request("GET", path)
            res = conn.getresponse()
            return res.status, res.read()
        finally:
            conn.close()

    deadline = time.monotonic() + 120
    while True:
        status, body = get("/_preview/print.json?doc=nomination&section=sec-2.a")
        answer = json.loads(body)
        if answer["state"] != "pending" or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert answer["state"] == "ready" and answer["section"] == "sec-2.a", answer
    pages = answer["pages"]
    assert answer["total"] >= 10 and 1 <= len(pages) <= 2
    first = pages[0]
    assert first["number"] > 3  # after the cover and the contents
    status, png = get(first["url"])
    assert status == 200 and png.startswith(b"\x89PNG\r\n\x1a\n")
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png))
    assert 0.69 < image.width / image.height < 0.72  # an A4 page, portrait
    # A page beyond the document, or of a layout that is not the latest: 404.
    assert get(first["url"].replace(f"/{first['number']}.png", "/999.png"))[0] == 404
    assert get("/_preview/page/nomination/99/1.png")[0] == 404
