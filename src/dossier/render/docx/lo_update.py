"""Opt-in (`--update-fields`): the page numbers of a DOCX's contents, lists and
cross-references, computed by LibreOffice and written into dossier's own document.

`render.docx.render` writes the table of contents, the lists of figures and tables and
the ", p. N" of cross-references as PAGEREF fields without results: a renderer cannot
know page numbers (Word computes them when the file is opened, because settings.xml
asks it to). `update_fields` has LibreOffice lay the document out, with the shipped fonts
only, and report the page of every bookmark a PAGEREF field points at; those numbers are
then written into the fields of *our* package (`fields.rewrite`). LibreOffice's own
re-saved file is never used: styles, style names, table styles, paragraphs and every
other part stay exactly as rendered, and the request to update fields on opening goes.

LibreOffice runs headless as a subprocess of the Python that has the `uno` module
(Debian: python3-uno; Windows/macOS: LibreOffice's bundled python), with a private
throw-away profile (-env:UserInstallation) so it never touches, or waits for, a user's
running LibreOffice, with FONTCONFIG_FILE naming only templates/fonts (as the PDF), and
under a timeout after which the whole process group is killed.

The numbers depend on LibreOffice's layout (its version, its hyphenation dictionaries),
so they are not part of the default, reproducible output.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dossier.core.resources import templates_dir
from dossier.render.docx import fields
from dossier.render.fonts import config_text

__all__ = ["LibreOfficeError", "find_soffice", "find_uno_python", "page_numbers", "update_fields"]


class LibreOfficeError(RuntimeError):
    """LibreOffice is missing, failed or timed out."""


_INSTALL_HINT = (
    "install LibreOffice Writer and its Python bridge (Debian/Ubuntu: apt-get install "
    "--no-install-recommends libreoffice-writer-nogui python3-uno), or build without field refresh"
)


KNOWN_LOCATIONS: tuple[str, ...] = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str:
    """Path of the soffice program: $DOSSIER_SOFFICE, then soffice/libreoffice on PATH,
    then the usual install locations."""
    env = os.environ.get("DOSSIER_SOFFICE")
    if env:
        if Path(env).is_file():
            return env
        raise LibreOfficeError(f"DOSSIER_SOFFICE={env} does not exist")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in KNOWN_LOCATIONS:
        if Path(candidate).is_file():
            return candidate
    raise LibreOfficeError(
        f"LibreOffice (soffice) is not installed or not on PATH; {_INSTALL_HINT}"
    )


def find_uno_python(soffice: str) -> str:
    """A Python that can `import uno`: $DOSSIER_UNO_PYTHON, LibreOffice's bundled python,
    the running interpreter, then the system python3."""
    program = Path(soffice).resolve().parent
    candidates = [
        os.environ.get("DOSSIER_UNO_PYTHON") or "",
        str(program / "python"),
        str(program / "python.exe"),
        sys.executable,
        "/usr/bin/python3",
        shutil.which("python3") or "",
    ]
    seen: set[str] = set()
    for c in candidates:
        if not c or c in seen or not Path(c).is_file():
            continue
        seen.add(c)
        try:
            ok = (
                subprocess.run([c, "-c", "import uno"], capture_output=True, timeout=30).returncode
                == 0
            )
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        if ok:
            return c
    raise LibreOfficeError(f"no Python with LibreOffice's 'uno' module was found; {_INSTALL_HINT}")


def update_fields(
    docx_bytes: bytes, *, timeout: float = 180.0, timings: dict[str, float] | None = None
) -> bytes:
    """The same DOCX with the results of its PAGEREF fields (contents, lists of figures
    and tables, cross-references) set to the pages LibreOffice lays them out on, and no
    request to update fields on opening. Raises LibreOfficeError if LibreOffice is not
    installed, fails, or takes longer than `timeout` seconds. `timings`, when given,
    receives where the time went (seconds)."""
    t0 = time.perf_counter()
    find_soffice()  # fail early (and before reading anything) when it is not installed
    targets = fields.pageref_targets(docx_bytes)
    pages = page_numbers(docx_bytes, targets, timeout=timeout, timings=timings)
    t1 = time.perf_counter()
    data, _ = fields.rewrite(docx_bytes, pages)
    if timings is not None:
        timings["fill fields"] = time.perf_counter() - t1
        timings["total"] = time.perf_counter() - t0
    return data


def page_numbers(
    docx_bytes: bytes,
    names: set[str],
    *,
    timeout: float = 180.0,
    timings: dict[str, float] | None = None,
) -> dict[str, int]:
    """Page (1-based) of each bookmark of `names` in LibreOffice's layout of the DOCX
    (set in the shipped fonts); bookmarks LibreOffice does not find are left out."""
    t0 = time.perf_counter()
    soffice = find_soffice()
    python = find_uno_python(soffice)
    if timings is not None:
        timings["find LibreOffice"] = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="dossier-lo-") as tmp:
        work = Path(tmp)
        src, out = work / "in.docx", work / "pages.json"
        src.write_bytes(docx_bytes)
        (work / "names.json").write_text(json.dumps(sorted(names)), encoding="utf-8")
        script = work / "pages.py"
        script.write_text(_SCRIPT, encoding="utf-8")
        profile = (work / "profile").as_uri()
        cmd = [python, str(script), soffice, str(src), str(out), profile, str(timeout)]
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)  # the uno python must not see this project's venv
        env["HOME"] = str(work)
        if not os.environ.get("DOSSIER_SYSTEM_FONTS"):
            conf = work / "fonts.conf"
            conf.write_text(config_text(templates_dir() / "fonts", work / "fc-cache"), "utf-8")
            env["FONTCONFIG_FILE"] = str(conf)
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout + 15)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise LibreOfficeError(f"LibreOffice did not finish within {timeout:.0f} s") from None
        finally:
            _kill_group(proc)  # soffice children that outlived the script
        if proc.returncode != 0 or not out.is_file():
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()[-5:]
            raise LibreOfficeError(
                "LibreOffice could not compute the page numbers: " + " | ".join(detail)
            )
        try:
            report = json.loads(out.read_text(encoding="utf-8"))
            found = {str(k): int(v) for k, v in report["pages"].items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise LibreOfficeError(f"LibreOffice's page report is unreadable: {exc}") from exc
        if timings is not None:
            for step, seconds in (report.get("timings") or {}).items():
                timings[f"LibreOffice: {step}"] = float(seconds)
            timings["LibreOffice process"] = time.perf_counter() - t0
        return found


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    if os.name != "posix":
        if proc.poll() is None:
            proc.kill()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


# Runs under the python that has `uno` (often not this project's interpreter), so it
# only uses the standard library and LibreOffice's own modules. It writes
# {"pages": {bookmark: page}, "page_count": n, "timings": {step: seconds}}.
_SCRIPT = r"""
import json, os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.uno import RuntimeException  # DisposedException: the bridge is gone
from com.sun.star.util import CloseVetoException

soffice, src, out, profile, timeout = sys.argv[1:6]
names = set(json.load(open(os.path.join(os.path.dirname(out), "names.json"))))
timings = {}
t = time.monotonic()
deadline = t + float(timeout)
pipe = "dossier_%d" % os.getpid()
proc = subprocess.Popen(
    [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
     "--nolockcheck", "-env:UserInstallation=" + profile,
     "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p

local = uno.getComponentContext()
smgr = local.ServiceManager
resolver = smgr.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
ctx = None
while ctx is None:
    if proc.poll() is not None:
        sys.exit("soffice exited with code %s before accepting connections" % proc.returncode)
    if time.monotonic() > deadline:
        proc.kill()
        sys.exit("soffice did not start in time")
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
    except NoConnectException:
        time.sleep(0.1)
timings["start"] = time.monotonic() - t
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = None
try:
    t = time.monotonic()
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                       (prop("Hidden", True), prop("ReadOnly", True)))
    if doc is None:
        sys.exit("LibreOffice could not open the document")
    timings["load"] = time.monotonic() - t
    t = time.monotonic()
    cursor = doc.getCurrentController().getViewCursor()
    cursor.jumpToLastPage()  # lays the whole document out
    count = cursor.getPage()
    timings["layout"] = time.monotonic() - t
    t = time.monotonic()
    pages = {}
    marks = doc.getBookmarks()
    for name in marks.getElementNames():
        if name in names:
            cursor.gotoRange(marks.getByName(name).getAnchor().getStart(), False)
            pages[name] = cursor.getPage()
    timings["bookmarks"] = time.monotonic() - t
    with open(out, "w") as f:
        json.dump({"pages": pages, "page_count": count, "timings": timings}, f)
finally:
    if doc is not None:
        try:
            doc.close(True)
        except (CloseVetoException, RuntimeException):
            pass  # LibreOffice is being stopped below anyway
    try:
        desktop.terminate()
    except RuntimeException:
        pass  # it quit before answering: what terminate() asks for
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
"""
