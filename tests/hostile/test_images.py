"""Images are checked at `dossier check` time, by content: not an image, damaged, too many
pixels, an SVG that is not self-contained and inert, a compressed SVG bomb."""

from __future__ import annotations

import gzip
import io
import struct
import zlib
from pathlib import Path

import pytest

from dossier import api
from dossier.core.diagnostics import DossierError

WHERE = "parts/documentation.yaml:3:11"  # `file: media/...` of the first image


def _use(dossier: Path, name: str, data: bytes) -> None:
    (dossier / "media" / name).write_bytes(data)
    part = dossier / "parts" / "documentation.yaml"
    part.write_text(
        part.read_text(encoding="utf-8").replace("media/photo-1.png", f"media/{name}"),
        encoding="utf-8",
    )


def _image_findings(dossier: Path) -> list[tuple[str, str, str]]:
    return [
        (d.rule, str(d.location), d.message)
        for d in api.check(dossier).diagnostics
        if d.rule.startswith("image.")
    ]


def _png(width: int, height: int) -> bytes:
    """A PNG header claiming width x height pixels (no pixel data needed to claim it)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, "JPEG")
    return out.getvalue()


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


@pytest.mark.reports(
    "image.not-an-image", "image.damaged", "image.too-many-pixels", "image.too-large"
)
@pytest.mark.parametrize(
    ("name", "data", "rule", "words"),
    [
        ("text.png", b"this is a text file, not a picture\n", "image.not-an-image", "holds text"),
        ("empty.png", b"", "image.not-an-image", "is empty"),
        ("cut.jpg", _jpeg()[:-200], "image.damaged", "JPEG"),
        ("bomb.png", _png(20_000, 20_000), "image.too-many-pixels", "20,000 x 20,000"),
        ("crc.png", _png(10, 10).replace(b"IEND", b"IEXD"), "image.damaged", "PNG"),
        ("bad.svg", (SVG_HEAD + "<g><rect></g></svg>").encode(), "image.damaged", "line 1"),
        (
            "sibling.svg",
            (SVG_HEAD + '<image href="photo.png" width="10" height="10"/></svg>').encode(),
            "image.svg-unsafe",
            "another file ('photo.png')",
        ),
        (
            "xlink.svg",
            (SVG_HEAD + '<image xlink:href="https://x.org/a.png"/></svg>').encode(),
            "image.svg-unsafe",
            "another file",
        ),
        (
            "script.svg",
            (SVG_HEAD + "<script>alert(1)</script></svg>").encode(),
            "image.svg-unsafe",
            "<script>",
        ),
        (
            "onload.svg",
            (SVG_HEAD[:-1] + ' onload="alert(1)"><rect/></svg>').encode(),
            "image.svg-unsafe",
            "event handler",
        ),
        (
            "entity.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
            + (SVG_HEAD + "<text>&a;</text></svg>").encode(),
            "image.svg-unsafe",
            "entities",
        ),
        (
            "style.svg",
            (SVG_HEAD + "<style>@import url(other.css);</style></svg>").encode(),
            "image.svg-unsafe",
            "imports",
        ),
        (
            "bomb.svgz",
            gzip.compress(
                (SVG_HEAD + " " * (30 * 1024 * 1024) + "</svg>").encode(), compresslevel=9
            ),
            "image.too-large",
            "20 MB",
        ),
        ("broken.svgz", b"\x1f\x8b\x08\x00garbage", "image.damaged", "compressed SVG"),
    ],
)
def test_image_problems_are_located_at_check(
    minimal: Path, name: str, data: bytes, rule: str, words: str
) -> None:
    _use(minimal, name, data)
    [(found_rule, where, message)] = _image_findings(minimal)
    assert (found_rule, where) == (rule, WHERE)
    assert f"media/{name}" in message and words in message


def test_type_comes_from_content_not_the_name(minimal: Path) -> None:
    _use(minimal, "really-a-jpeg.png", _jpeg())
    assert _image_findings(minimal) == []
    _use(minimal, "inline.svg", (SVG_HEAD + '<use href="#a"/><rect id="a"/></svg>').encode())
    assert _image_findings(minimal) == []


@pytest.mark.reports("image.svg-unsafe")
def test_a_build_with_an_unsafe_svg_fails_at_check_with_its_location(
    minimal: Path, tmp_path: Path
) -> None:
    _use(minimal, "sibling.svg", (SVG_HEAD + '<image href="../secret.png"/></svg>').encode())
    with pytest.raises(DossierError) as exc:
        api.build(minimal, api.BuildOptions(formats=(api.Format.PDF,), out_dir=tmp_path / "out"))
    assert [
        (d.rule, str(d.location)) for d in exc.value.diagnostics if d.rule.startswith("image.")
    ] == [("image.svg-unsafe", WHERE)]
    assert not (tmp_path / "out").exists()
