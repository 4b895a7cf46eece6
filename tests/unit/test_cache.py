"""The findings cache piece by piece: where it lives, how big it may grow, what it stamps,
which entries it serves. (tests/hostile/test_cache.py checks it through `dossier check`.)"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.core import cache
from dossier.core.diagnostics import Diagnostic, Location, Severity


def test_the_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOSSIER_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "dossier"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "dossier"
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("DOSSIER_NO_CACHE", "1")
    assert cache.cache_dir() is None


def test_no_cache_means_nothing_is_read_or_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("DOSSIER_NO_CACHE", "1")
    cache.store_json("geo", "k", [1])
    cache.store_diagnostics("geo", "k", [Diagnostic("geo.x", Severity.WARNING, "m")])
    assert not (tmp_path / "c").exists()
    assert cache.load_json("geo", "k") is None


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (None, cache.MAX_BYTES),
        ("2", 2 * 1024 * 1024),
        ("0.5", 512 * 1024),
        ("a lot", cache.MAX_BYTES),
    ],
)
def test_the_size_limit(
    monkeypatch: pytest.MonkeyPatch, setting: str | None, expected: int
) -> None:
    if setting is None:
        monkeypatch.delenv("DOSSIER_CACHE_MAX_MB", raising=False)
    else:
        monkeypatch.setenv("DOSSIER_CACHE_MAX_MB", setting)
    assert cache.max_bytes() == expected
    assert cache.MAX_BYTES == 64 * 1024 * 1024


def test_the_stamp_reads_code_not_bytecode_nor_bundled_data(tmp_path: Path) -> None:
    for rel in (
        "a.py",
        "b.txt",
        "sub/c.py",
        "__pycache__/a.cpython.py",
        "_data/d.py",
        "z/_data/e.py",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in cache._tree(tmp_path, (".py",))]
    assert found == ["a.py", "sub/c.py"]


def test_a_library_not_installed_is_recorded_as_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        cache, "LIBRARIES", {"no_such_module_here": "no_such_dist", "yaml": "pyyaml"}
    )
    records = cache._library_records()
    assert records[0] == ("no_such_dist", None)
    assert [d for d, _ in records] == ["no_such_dist", "pyyaml"]
    (_, record) = records[1]
    assert record is not None and record.name == "RECORD"
    assert record.parent.name.lower().startswith("pyyaml-")
    assert record.parent.name.endswith(".dist-info")


def test_each_library_has_exactly_its_own_record() -> None:
    records = cache._library_records()
    assert sorted({d for d, _ in records}) == sorted(cache.LIBRARIES.values())
    for dist, record in records:
        assert record is not None, dist  # all are dependencies of dossier
        assert record.is_file() and record.name == "RECORD", dist
        assert record.parent.name.endswith(".dist-info"), dist
        assert record.parent.name.lower().startswith(dist + "-"), dist
    assert len(records) == len(cache.LIBRARIES)


def test_an_absent_file_changes_the_stamp(tmp_path: Path) -> None:
    code = tmp_path / "a.py"
    code.write_text("x = 1\n")
    present = cache._content_stamp("head", [("a.py", code)])
    absent = cache._content_stamp("head", [("a.py", None)])
    assert present != absent
    assert cache._content_stamp("other head", [("a.py", code)]) != present
    assert cache._content_stamp("head", [("b.py", code)]) != present
    assert re.fullmatch(r"[0-9a-f]{64}", present)


def test_entry_names(tmp_path: Path) -> None:
    path = cache.entry_path(tmp_path, "geo", "key")
    assert path.parent == tmp_path
    assert re.fullmatch(rf"geo-{cache.FORMAT}-[0-9a-f]{{40}}\.json", path.name)
    assert cache.entry_path(tmp_path, "geo", "other key") != path
    assert cache.entry_path(tmp_path, "refs", "key") != path


def test_json_values_round_trip_by_kind_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path))
    value = {"name": "Plateau d'Oustiourt — illustrative", "areas": [1.5, 2]}
    cache.store_json("figures", "k1", value)
    cache.store_json("figures", "k2", [2])
    cache.store_json("refs", "k1", [3])
    assert cache.load_json("figures", "k1") == value
    assert cache.load_json("figures", "k2") == [2]
    assert cache.load_json("refs", "k1") == [3]
    assert cache.load_json("refs", "k2") is None
    stored = json.loads(cache.entry_path(tmp_path, "figures", "k1").read_text("utf-8"))
    assert stored == {"kind": "figures", "value": value}


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "figures"},  # no value
        {"kind": "refs", "value": [1]},  # another kind under this name
        {"value": [1]},
        [1],
    ],
)
def test_an_entry_of_the_wrong_shape_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: object
) -> None:
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path))
    cache.entry_path(tmp_path, "figures", "k").write_text(json.dumps(body), "utf-8")
    assert cache.load_json("figures", "k") is None


def test_a_hit_is_served_even_when_it_cannot_be_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path))
    cache.store_json("figures", "k", [1])

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only cache")

    monkeypatch.setattr(os, "utime", refuse)
    assert cache.load_json("figures", "k") == [1]


def test_a_cache_that_cannot_be_written_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(blocker / "cache"))
    cache.store_json("figures", "k", [1])  # no error
    assert cache.load_json("figures", "k") is None


@pytest.mark.parametrize(
    "location",
    [
        None,
        Location("geo/a.geojson"),
        Location("geo/a.geojson", 1, 1),
        Location("geo/a.geojson", None, None, "feature 2"),
        Location("nomination.yaml", 12, None),
    ],
)
def test_well_formed_findings_are_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, location: Location | None
) -> None:
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path))
    found = [Diagnostic("geo.x", Severity.WARNING, "m", location, "h")]
    cache.store_diagnostics("geo", "k", found)
    assert cache.load_diagnostics("geo", "k") == found


@pytest.mark.parametrize(
    "place",
    [
        {"file": "a.yaml", "line": 0, "column": 1},  # positions are 1-based
        {"file": "a.yaml", "line": 1, "column": 0},
        {"file": "a.yaml", "line": -3},
        {"file": "a.yaml", "line": 2.5},
        {"file": "a.yaml", "detail": 7},
    ],
)
def test_a_finding_with_an_impossible_place_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, place: dict[str, object]
) -> None:
    monkeypatch.setenv("DOSSIER_CACHE_DIR", str(tmp_path))
    item = {"rule": "geo.x", "severity": "warning", "message": "m", **place}
    cache.store_json("geo", "k", [item])
    assert cache.load_diagnostics("geo", "k") is None
    item.update(line=1, column=1, detail=None)
    cache.store_json("geo", "k", [item])
    assert cache.load_diagnostics("geo", "k") is not None


def _fill(folder: Path, sizes: list[int]) -> list[Path]:
    """Files of these sizes, the first the least recently used."""
    folder.mkdir(exist_ok=True)
    paths = []
    for i, size in enumerate(sizes):
        path = folder / f"e{i}.json"
        path.write_bytes(b"x" * size)
        os.utime(path, ns=((i + 1) * 10**9, (i + 1) * 10**9))
        paths.append(path)
    return paths


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_eviction_leaves_a_folder_at_its_limit_alone(tmp_path: Path) -> None:
    _fill(tmp_path, [100] * 10)
    cache.evict(tmp_path, limit=1000)  # exactly full
    assert len(_left(tmp_path)) == 10


def test_eviction_removes_the_oldest_down_to_three_quarters(tmp_path: Path) -> None:
    _fill(tmp_path, [100] * 10)
    cache.evict(tmp_path, limit=999)
    # 1000 > 999: remove oldest until at most 999 * 3 // 4 = 749 bytes remain
    assert _left(tmp_path) == [f"e{i}.json" for i in range(3, 10)]
    _fill(tmp_path / "b", [100] * 10)
    cache.evict(tmp_path / "b", limit=800)  # stops at exactly 600 = 800 * 3 // 4
    assert _left(tmp_path / "b") == [f"e{i}.json" for i in range(4, 10)]


def test_eviction_uses_the_configured_limit_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(tmp_path, [1000] * 4)
    monkeypatch.setenv("DOSSIER_CACHE_MAX_MB", str(3000 / 1024 / 1024))
    cache.evict(tmp_path, limit=10_000)  # an explicit limit wins
    assert len(_left(tmp_path)) == 4
    cache.evict(tmp_path)
    assert _left(tmp_path) == ["e2.json", "e3.json"]


def test_eviction_skips_what_it_cannot_remove(tmp_path: Path) -> None:
    paths = _fill(tmp_path, [100] * 10)
    paths[0].unlink()
    paths[0].mkdir()  # the oldest entry cannot be unlinked
    (paths[0] / "inside").write_bytes(b"")
    os.utime(paths[0], ns=(1, 1))
    size = paths[0].stat().st_size
    cache.evict(tmp_path, limit=900 + size - 1)
    left = _left(tmp_path)
    assert "e0.json" in left and "e1.json" not in left


def test_eviction_of_a_missing_folder_is_nothing(tmp_path: Path) -> None:
    cache.evict(tmp_path / "gone", limit=0)
    assert not (tmp_path / "gone").exists()


def test_the_stamp_covers_every_module_the_rule_data_and_the_libraries() -> None:
    package = Path(cache.__file__).resolve().parents[1]
    files = dict(cache._stamp_files())
    modules = {
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if "__pycache__" not in p.parts and "_data" not in p.parts
    }
    assert {label for label in files if label.endswith(".py")} == modules
    assert {"core/cache.py", "validate/rules/geo.py", "geo/crosscheck.py"} <= modules
    data = [label for label in files if not label.endswith(".py") and "/" in label]
    assert "schemas/dossier.schema.json" in data
    assert "templates/catalogue.yaml" in data  # templates/rules: the rule catalogue
    assert "templates/annex5-2023.yaml" in data  # templates/formats: a format profile
    assert all(label.startswith(("schemas/", "templates/")) for label in data)
    assert all(files[label] is not None and files[label].is_file() for label in data)
    assert set(cache.LIBRARIES.values()) <= set(files)


NAMES = ["Üstirt", "Оустюрт"]


def test_entries_are_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """A process in an ASCII locale (LC_ALL=C without UTF-8 mode) reads the entries of one
    in a UTF-8 locale: both write and read UTF-8, never the locale's encoding."""
    code = (
        "import sys\n"
        "from dossier.core import cache\n"
        "if sys.argv[1] == 'store':\n"
        f"    cache.store_json('names', 'k', {NAMES!a})\n"  # the code itself is ASCII
        "else:\n"
        "    print(ascii(cache.load_json('names', 'k')))\n"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHON"))}
    base["DOSSIER_CACHE_DIR"] = str(tmp_path)
    ascii_locale = {**base, "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    for store_env, load_env in ((base | {"PYTHONUTF8": "1"}, ascii_locale), (ascii_locale, base)):
        for action, env in (("store", store_env), ("load", load_env)):
            done = subprocess.run(
                [sys.executable, "-c", code, action],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
        assert done.stdout.strip() == ascii(NAMES)
