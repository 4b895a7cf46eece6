"""Edit-to-screen time of `dossier preview` on the example (issue 20; target < 1.5 s).

A copy of examples/ustyurt is previewed in a temporary folder; each run appends one
sentence to a prose file (marked as a benchmark's, in the copy only) and measures the wall
time from the save to the sentence shown in the page of headless chromium (watcher, check
with the findings cache, assembly, HTML, event, page swap). Without chromium and its
driver, the time to the new HTML served is measured instead, and said.
The time is split into: the watcher's delay (save -> rebuild starts: watchfiles' quiet
step), the server's rebuild (check + assemble + HTML) and the page (event, fetch, swap and
the next painted frame). "Shown" means the new text is in the page's DOM and a frame has
been painted since (two requestAnimationFrame callbacks); the page is polled through its
cheap data-preview-render attribute, not innerText, which would lay out the whole page
on every poll. Also printed: what the preview's memo (core.memo) found again.
Run: python benchmarks/bench_preview.py [--runs N]
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from dossier import api
from dossier.core.ids import Doc
from dossier.preview.server import Preview, Settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ustyurt"
EDITED = "text/2b-history.md"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,900",
]


def _browser(profile: Path) -> Any | None:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        return None
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


# The page shows the text (after the swap, marked by data-preview-render).
_SHOWN = """
const r = document.documentElement.dataset.previewRender;
if (r === window.__benchSeen) return false;
const found = document.body.textContent.includes(arguments[0]);
if (found) window.__benchSeen = r;
return found;
"""
# Two animation frames: the frame with the new text has been painted.
_PAINTED = """
const done = arguments[arguments.length - 1];
requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
"""


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()


def _wait(test: Any, limit: float = 60.0) -> None:
    end = time.perf_counter() + limit
    while not test():
        if time.perf_counter() > end:
            raise TimeoutError("the edit never showed")
        time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        folder = Path(tmp) / "ustyurt"
        shutil.copytree(EXAMPLE, folder)

        def checked() -> api.CheckResult:
            return api.check(folder, docs=(Doc.NOMINATION,))

        start = time.perf_counter()
        preview = Preview(folder, Settings(docs=("nomination",), port=0), checked)
        marks: dict[str, float] = {}
        handed = preview.changed

        def changed(paths: Any) -> None:  # the watcher's callback, timed
            marks.setdefault("watched", time.perf_counter())
            handed(paths)
            marks["built"] = time.perf_counter()

        preview.changed = changed  # type: ignore[method-assign]
        url = preview.start()
        print(f"first rendering served in {time.perf_counter() - start:.2f} s")
        driver = _browser(Path(tmp) / "profile")
        try:
            if driver is not None:
                driver.get(url)
                _wait(
                    lambda: driver.execute_script(
                        "return document.documentElement.dataset.previewVersion"
                    )
                )
                shown = "shown in headless chromium"

                def visible(text: str) -> bool:
                    return bool(driver.execute_script(_SHOWN, text))

                def painted() -> None:
                    driver.execute_async_script(_PAINTED)
            else:
                shown = "served as HTML (no chromium here: the page swap is not counted)"

                def visible(text: str) -> bool:
                    return text.encode() in _get(preview.port, "/")

                def painted() -> None:
                    return None

            target = folder / EDITED
            totals: list[float] = []
            parts: dict[str, list[float]] = {"watcher": [], "rebuild": [], "page": []}
            for run in range(args.runs + 1):  # the first run warms up, not counted
                sentence = f"Benchmark edit {run}, not part of the dossier."
                marks.clear()
                before = time.perf_counter()
                target.write_text(
                    target.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8"
                )
                _wait(lambda s=sentence: visible(s))
                painted()
                total = time.perf_counter() - before
                if run:
                    totals.append(total)
                    watched, built = marks["watched"], marks["built"]
                    parts["watcher"].append(watched - before)
                    parts["rebuild"].append(built - watched)
                    parts["page"].append(before + total - built)
                time.sleep(0.3)
            found = preview.builder.memo
        finally:
            if driver is not None:
                driver.quit()
            preview.stop()
    print(f"edit to screen ({shown}), {len(totals)} runs on {EXAMPLE.name}:")
    print(
        f"  median {statistics.median(totals):.2f} s, min {min(totals):.2f} s, "
        f"max {max(totals):.2f} s (target < 1.5 s)"
    )
    print(
        "  medians of its parts: "
        + ", ".join(f"{k} {statistics.median(v):.2f} s" for k, v in parts.items())
    )
    kinds = sorted({*found.hits, *found.misses})
    print(
        "  memo over all runs (found again / made): "
        + ", ".join(f"{k} {found.hits[k]}/{found.misses[k]}" for k in kinds)
    )


if __name__ == "__main__":
    main()
