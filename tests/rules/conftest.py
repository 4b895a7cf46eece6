"""A mutable copy of the minimal valid dossier, made complete, for rule tests.

`Dossier` edits YAML in code (load, mutate, dump back) and finds the line where a
finding must be, by searching the file written, so tests never hard-code line numbers
that a mutation shifts.
"""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from dossier import api
from dossier.core.diagnostics import Diagnostic

try:  # libyaml is much faster; every test rewrites a few files
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "cases" / "valid" / "minimal"
EXAMPLE = ROOT / "examples" / "ustyurt"


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


IMAGE = {
    "id": "photo-1",
    "file": "media/photo-1.png",
    "format": "digital",
    "caption": "The inner rampart seen from the north",
    "date": "2024-05",
    "author": "Anna Smith",
    "owner_contact": "Regional heritage service, heritage@example.org",
    "cession": True,
}


class Dossier:
    """A dossier folder under tmp_path that tests mutate."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # --- files ---------------------------------------------------------------------
    def part(self, key: str) -> str:
        """Path (relative) of a part file, as dossier.yaml lists it; or dossier.yaml."""
        if key == "dossier":
            return "dossier.yaml"
        manifest = self.load("dossier.yaml")
        return str(manifest["parts"][key])

    def load(self, rel: str) -> Any:
        return yaml.load((self.root / rel).read_text(encoding="utf-8"), Loader=_Loader)

    def dump(self, rel: str, data: Any) -> None:
        text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096)
        (self.root / rel).write_text(text, encoding="utf-8")

    @contextmanager
    def edit(self, key: str) -> Iterator[Any]:
        """with d.edit("justification") as j: ... (key: a part name or 'dossier')."""
        rel = self.part(key)
        data = self.load(rel)
        yield data
        self.dump(rel, data)

    def write(self, rel: str, content: bytes | str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    def line(self, key: str, pattern: str, nth: int = 1) -> tuple[str, int]:
        """(file, line) of the nth line matching ``pattern`` (a regex) in a part file."""
        rel = self.part(key)
        lines = (self.root / rel).read_text(encoding="utf-8").splitlines()
        hits = [i + 1 for i, text in enumerate(lines) if re.search(pattern, text)]
        assert len(hits) >= nth, f"{pattern!r} occurs {len(hits)} time(s) in {rel}"
        return rel, hits[nth - 1]

    # --- checking ------------------------------------------------------------------
    def check(
        self, stage: str = "draft", docs: tuple[str, ...] = ("nomination",)
    ) -> api.CheckResult:
        return api.check(self.root, docs=tuple(api.Doc(d) for d in docs), stage=api.Stage(stage))

    def findings(
        self, rule: str, stage: str = "draft", docs: tuple[str, ...] = ("nomination",)
    ) -> list[Diagnostic]:
        return [d for d in self.check(stage, docs).diagnostics if d.rule == rule]

    def places(
        self, rule: str, stage: str = "draft", docs: tuple[str, ...] = ("nomination",)
    ) -> list[tuple[str, int | None]]:
        return [
            (d.location.file, d.location.line) if d.location else ("", None)
            for d in self.findings(rule, stage, docs)
        ]

    # --- common shapes -------------------------------------------------------------
    def make_serial(self) -> None:
        """Two component parts, each mapped and described, justified as a series."""
        with self.edit("dossier") as m:
            m["property"]["serial"] = True
        with self.edit("identification") as ident:
            ident["components"] = [
                {
                    "id": "001",
                    "name": "North fort",
                    "region": "Example Region",
                    "maps": ["map-1"],
                    "description": "The northern enclosure.",
                },
                {
                    "id": "002",
                    "name": "South fort",
                    "region": "Example Region",
                    "maps": ["map-1"],
                    "description": "The southern enclosure.",
                },
            ]
        with self.edit("justification") as j:
            j["comparative_analysis"]["serial_justification"] = (
                "The two forts were built together and together show the defence system."
            )
            j["attributes"][0]["components"] = ["001", "002"]


def make_complete(root: Path) -> Dossier:
    """The minimal valid dossier plus what a complete nomination also has."""
    d = Dossier(root)
    # Write every YAML file in one style, so that tests can search lines predictably.
    for key in ["dossier", *d.load("dossier.yaml")["parts"]]:
        with d.edit(key):
            pass
    d.write(IMAGE["file"], tiny_png())
    with d.edit("documentation") as doc:
        doc["images"] = [dict(IMAGE)]
    with d.edit("justification") as j:
        for comp in j["comparative_analysis"]["comparators"]:
            comp.setdefault("criteria", ["iii"])
    return d


@pytest.fixture(scope="session")
def complete_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The complete dossier, built once; each test gets its own copy."""
    if not (MINIMAL / "dossier.yaml").is_file():
        pytest.skip("tests/cases/valid/minimal is not there yet")
    root = tmp_path_factory.mktemp("complete") / "d"
    shutil.copytree(MINIMAL, root)
    make_complete(root)
    return root


@pytest.fixture
def dossier(tmp_path: Path, complete_template: Path) -> Dossier:
    root = tmp_path / "d"
    shutil.copytree(complete_template, root)
    return Dossier(root)


Mutation = Callable[[Dossier], None]
