"""Time to format the citations of a document (run: python benchmarks/bench_citations.py [DIR]).

The clusters of the nomination of DIR (default: the worked example) are formatted by
bib.render.format_document, each case with an empty process memory (bib.render keeps
the last results in the process) and a fresh cache folder, five times, median shown:

1. first build: nothing on disk, citeproc formats every cluster and the bibliography;
2. the same text again (any build that changes no citation): the last result from disk;
3. a citation added to a work already cited, with a page, in the middle of the text, and
   a cluster moved to the end: the works cited are the same, so the bibliography and the
   items rendered are taken back (bib.stored WORKS_KIND) and only the clusters formatted;
4. a work cited for the first time (the first citation's work cited again before all the
   others, which changes the order the works are first cited in): everything again.

Prints figures only.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ustyurt"


def clusters_of(root: Path) -> tuple[Any, list[dict[str, Any]]]:
    """The sources and the citation clusters of the nomination, in document order."""
    from dossier.assemble import citing
    from dossier.assemble.document import build_document
    from dossier.load import sources

    src = sources.load(root)
    seen: list[list[dict[str, Any]]] = []
    original = citing.format_all

    def clusters_only(_: object, clusters: list[dict[str, Any]], lang: str) -> Any:
        seen.append(clusters)
        return [()] * len(clusters), []

    citing.format_all = clusters_only  # type: ignore[assignment]
    try:
        build_document(src, "nomination", "en")
    finally:
        citing.format_all = original
    return src, seen[0]


def edits(clusters: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """(a citation added to cited works and one moved, a change of the works' order)."""
    middle = len(clusters) // 2
    added = dict(clusters[middle])
    added["items"] = [dict(clusters[middle]["items"][0], locator="p. 999")]
    same_works = [*clusters[:middle], added, *clusters[middle + 1 :], clusters[middle]]
    last = dict(clusters[-1])
    last["items"] = [dict(clusters[-1]["items"][-1])]
    other_order = [last, *clusters]
    return same_works, other_order


def timed(before: Callable[[], None], run: Callable[[], None], times: int = 5) -> float:
    runs = []
    for _ in range(times):
        before()
        t0 = time.perf_counter()
        run()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLE
    work = Path(tempfile.mkdtemp(prefix="bench-citations-"))
    os.environ["DOSSIER_CACHE_DIR"] = str(work / "cache")

    from dossier.bib import render

    src, clusters = clusters_of(root)
    same_works, other_order = edits(clusters)
    fmt = render.format_document
    named = [str(item["key"]) for c in clusters for item in c["items"]]
    print(
        f"{root.name}: {len(clusters)} citations naming {len(named)} works "
        f"({len(set(named))} distinct), load {os.getloadavg()[0]:.1f}"
    )

    def empty() -> None:
        render._FORMATTED.clear()
        for entry in (work / "cache").glob("*"):
            entry.unlink()

    def built_before() -> None:
        empty()
        fmt(src, clusters, "en")
        render._FORMATTED.clear()

    rows = [
        ("first build (nothing on disk)", empty, lambda: fmt(src, clusters, "en")),
        ("the same text again", built_before, lambda: fmt(src, clusters, "en")),
        (
            "a citation added to works already cited",
            built_before,
            lambda: fmt(src, same_works, "en"),
        ),
        (
            "the works first cited in another order",
            built_before,
            lambda: fmt(src, other_order, "en"),
        ),
    ]
    first = 0.0
    for label, before, run in rows:
        seconds = timed(before, run)
        first = first or seconds
        print(f"  {label:<44} {seconds * 1000:7.1f} ms  {seconds / first:5.2f}x")


if __name__ == "__main__":
    main()
