"""The findings cache never changes an outcome: damaged entries are ignored and written
again, a change of dossier's code or of a library is a miss, and the folder stays small."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dossier import api
from dossier.core import cache
from dossier.core.diagnostics import Diagnostic, Severity


def _entries(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".json"}


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # an empty file (disk full while writing)
        b'{"kind": "geo", "value": [{"rule": "geo.x"',  # cut short
        b"\xff\xfe not UTF-8",
        b"[1, 2, 3]",  # JSON of the wrong shape
        b'{"kind": "geo", "value": [{"rule": "x", "severity": "fatal", "message": 1}]}',
        b'{"kind": "geo", "value": [{"rule": "x", "severity": "error", "message": "m",'
        b' "file": "a.yaml", "line": "twelve", "column": null}]}',
        b'{"kind": "refs", "value": {"x": [["citation", "k", "one", 2]]}}',
    ],
)
def test_damaged_entries_are_ignored_and_rewritten(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(folder))
    expected = api.check(minimal).diagnostics
    good = _entries(folder)
    assert {name.split("-")[0] for name in good} >= {"geo", "schema", "refs"}
    for name in good:
        (folder / name).write_bytes(damage)
    assert api.check(minimal).diagnostics == expected
    assert _entries(folder) == good  # every damaged entry was written again


def test_a_change_of_code_or_library_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path))
    found = [Diagnostic("geo.x", Severity.WARNING, "old message")]
    cache.store_diagnostics("geo", "k", found)
    assert cache.load_diagnostics("geo", "k") == found
    monkeypatch.setattr(cache, "stamp", lambda: "another build of dossier or of shapely")
    assert cache.load_diagnostics("geo", "k") is None


def test_the_stamp_covers_code_and_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.stamp.cache_clear()
    first = cache.stamp()
    cache.stamp.cache_clear()
    monkeypatch.setitem(cache.LIBRARIES, "shapely", "not_installed_dist")
    assert cache.stamp() != first
    cache.stamp.cache_clear()
    monkeypatch.undo()
    assert cache.stamp() == first
    cache.stamp.cache_clear()


def test_the_stamp_reads_the_library_records() -> None:
    records = dict(cache._library_records())
    for dist in ("shapely", "pyproj", "jsonschema", "numpy"):
        path = records[dist]
        assert path is not None and path.name == "RECORD" and path.is_file(), dist


def test_the_stamp_follows_the_bytes_and_is_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path / "cache"))
    code = tmp_path / "checker.py"
    code.write_text("MESSAGE = 'old'\n")
    monkeypatch.setattr(cache, "_stamp_files", lambda: [("checker.py", code), ("geos", None)])
    cache.stamp.cache_clear()
    first = cache.stamp()
    (memo,) = (tmp_path / "cache").glob("stamp-*.txt")
    memo.write_text("0" * 64)  # a remembered stamp is used as it is
    cache.stamp.cache_clear()
    assert cache.stamp() == "0" * 64
    memo.write_text("damaged")  # a damaged one is computed again
    cache.stamp.cache_clear()
    assert cache.stamp() == first
    code.write_text("MESSAGE = 'new'\n")  # new code: a new stamp
    cache.stamp.cache_clear()
    assert cache.stamp() != first
    cache.stamp.cache_clear()


def test_the_folder_is_bounded_least_recently_used_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path))
    big = [Diagnostic("geo.x", Severity.WARNING, "m" * 1000)]
    for i in range(10):
        cache.store_diagnostics("geo", f"k{i}", big)
        path = cache.entry_path(tmp_path, "geo", f"k{i}")
        os.utime(path, ns=(i * 10**9, i * 10**9))  # k0 oldest
    limit = 8_000
    monkeypatch.setenv("DOSSIER_CACHE_MAX_MB", str(limit / 1024 / 1024))
    assert cache.load_diagnostics("geo", "k0") == big  # a hit makes k0 the newest
    cache.store_diagnostics("geo", "k10", big)
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) <= limit
    kept = [i for i in range(11) if cache.load_diagnostics("geo", f"k{i}") is not None]
    assert kept[:1] == [0] and kept[-1] == 10 and 1 not in kept  # least recently used first
