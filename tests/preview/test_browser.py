"""The preview in a real browser: Debian's headless chromium driven by its chromedriver
(selenium). The page shows the document, a save appears without a reload and keeps the
reader's place, a YAML error shows on top of the last good rendering with its file:line,
and fixing it clears the message."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import start_preview

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,900",
)
WAIT = 20.0


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        message = "chromium and chromium-driver are not installed (make system-deps)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def _until(driver: Any, script: str, what: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT, poll_frequency=0.05).until(
        lambda d: d.execute_script(script), message=f"timed out waiting for {what}"
    )


def test_edits_show_without_reload_and_yaml_errors_show_on_top(
    browser: Any, dossier_copy: Path
) -> None:
    preview = start_preview(dossier_copy)
    try:
        browser.get(preview.url)
        _until(browser, "return document.documentElement.dataset.previewVersion", "the state")
        body = browser.execute_script("return document.body.innerText")
        assert "Example Hill Fort" in body and "Description of Property" in body
        badge = _until(
            browser,
            "const b = document.querySelector('[id=\"sec-2.a\"] .dp-state');"
            "return b && b.textContent",
            "the section's state",
        )
        assert badge == "complete"

        # The findings panel: each finding's place, linked to the heading of its section.
        browser.execute_script("document.querySelector('.dp-bar .dp-btn').click()")
        links = _until(
            browser,
            "const p = document.getElementById('dp-findings');"
            "const a = p.hidden ? [] : Array.from(p.querySelectorAll('a.dp-loc'));"
            "return a.length && a.map(x => [x.textContent, x.getAttribute('href')])",
            "the findings panel",
        )
        assert all(":" in text for text, _ in links)
        assert all(
            browser.execute_script("return document.getElementById(arguments[0]) !== null", h[1:])
            for _, h in links
        )
        browser.execute_script("document.querySelector('.dp-bar .dp-btn').click()")

        # Read 2.b, then save its text: the new sentence appears, the page is not
        # reloaded (the flag set here survives), the heading stays where it was.
        browser.execute_script(
            "window.notReloaded = true; window.keptMap = document.getElementById('fig-map-1');"
            "document.getElementById('sec-2.b').scrollIntoView(); window.scrollBy(0, -40);"
        )
        assert browser.execute_script("return window.keptMap !== null")
        source = browser.execute_script(
            "const s = document.querySelector('[id=\"sec-2.b\"] .dp-src');return s && s.textContent"
        )
        assert source == "text/history.md:1:1"
        before = browser.execute_script(
            "return document.getElementById('sec-2.b').getBoundingClientRect().top"
        )
        history = dossier_copy / "text" / "history.md"
        history.write_text(history.read_text() + "\nThe ramparts were surveyed again.\n")
        _until(
            browser,
            "return document.body.innerText.includes('The ramparts were surveyed again.')",
            "the edit",
        )
        assert browser.execute_script("return window.notReloaded === true")
        # Only what changed was replaced: the map above is the same element as before.
        assert browser.execute_script(
            "return document.getElementById('fig-map-1') === window.keptMap"
        )
        after = browser.execute_script(
            "return document.getElementById('sec-2.b').getBoundingClientRect().top"
        )
        assert abs(after - before) < 2

        # A YAML syntax error: the message with its file:line on top, the last good
        # rendering (with the edit) below.
        part = dossier_copy / "parts" / "description.yaml"
        good = part.read_text()
        part.write_text("maps: [map-1\nboundary_description: x\n")
        shown = _until(
            browser,
            "const o = document.getElementById('dp-overlay');"
            "return o && !o.hidden && o.offsetHeight > 0 && o.innerText",
            "the overlay",
        )
        assert "parts/description.yaml:2" in shown and "yaml.syntax" in shown
        body = browser.execute_script("return document.body.innerText")
        assert "The ramparts were surveyed again." in body
        assert browser.execute_script("return window.notReloaded === true")

        part.write_text(good)
        _until(
            browser,
            "return document.getElementById('dp-overlay').hidden",
            "the overlay to clear",
        )
        assert "Description of Property" in browser.execute_script("return document.body.innerText")

        # The print preview's pane opens on the section in view (its pages come from a
        # layout in the background: tests/preview/test_printview.py waits for them).
        browser.execute_script("document.getElementById('dp-print-toggle').click()")
        note = _until(
            browser,
            "const p = document.getElementById('dp-pages');"
            "const n = p && !p.hidden && p.querySelector('.dp-note');"
            "return n && n.textContent",
            "the print preview pane",
        )
        assert "pages" in note.lower()
    finally:
        preview.stop()
