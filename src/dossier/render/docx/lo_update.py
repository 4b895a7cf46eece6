"""Opt-in: refresh a DOCX's TOC, list-of-figures and other fields with LibreOffice.

`render.docx.render` writes the table of contents and the lists of figures and tables
as fields pre-filled with their entries but without page numbers (a renderer cannot
know them; Word recomputes them when the file is opened, because settings.xml asks
it to). `update_fields` has LibreOffice lay the document out, update every index and
field, and save it again, so the DOCX opens with real page numbers in any program.

LibreOffice runs headless as a subprocess of the Python that has the `uno` module
(Debian: python3-uno; Windows/macOS: LibreOffice's bundled python), with a private
throw-away profile (-env:UserInstallation) so it never touches, or waits for, a user's
running LibreOffice, and under a timeout after which the whole process group is killed.

The result depends on LibreOffice's version and fonts, so it is not part of the default,
reproducible output. The core and extended properties of the input are put back, and the
zip entries keep the input's fixed dates.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

__all__ = ["LibreOfficeError", "find_soffice", "find_uno_python", "update_fields"]


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


def update_fields(docx_bytes: bytes, *, timeout: float = 180.0) -> bytes:
    """The same DOCX with its TOC, figure and table lists and fields refreshed by
    LibreOffice (real page numbers). Raises LibreOfficeError if LibreOffice is not
    installed, fails, or takes longer than `timeout` seconds."""
    soffice = find_soffice()
    python = find_uno_python(soffice)
    with tempfile.TemporaryDirectory(prefix="dossier-lo-") as tmp:
        work = Path(tmp)
        src, out = work / "in.docx", work / "out.docx"
        src.write_bytes(docx_bytes)
        script = work / "refresh.py"
        script.write_text(_SCRIPT, encoding="utf-8")
        profile = (work / "profile").as_uri()
        cmd = [python, str(script), soffice, str(src), str(out), profile, str(timeout)]
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)  # the uno python must not see this project's venv
        env["HOME"] = str(work)
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
                "LibreOffice could not refresh the fields: " + " | ".join(detail)
            )
        return _restore_metadata(out.read_bytes(), docx_bytes)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    if os.name != "posix":
        if proc.poll() is None:
            proc.kill()
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _restore_metadata(updated: bytes, original: bytes) -> bytes:
    """Put the original document properties back (LibreOffice stamps its own dates and
    name) and give the entries the original's fixed dates."""
    from dossier.render.docx.package import normalize_zip

    with zipfile.ZipFile(io.BytesIO(original)) as z:
        keep: dict[str, bytes] = {
            n: z.read(n) for n in ("docProps/core.xml", "docProps/app.xml") if n in z.namelist()
        }
        stamp = z.infolist()[0].date_time if z.infolist() else (1980, 1, 1, 0, 0, 0)
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(updated)) as z,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as w,
    ):
        names = (
            _bookmark_names(z.read("word/document.xml"))
            if "word/document.xml" in z.namelist()
            else {}
        )
        for info in z.infolist():
            data = keep.get(info.filename) or z.read(info)
            if names and info.filename.startswith("word/") and info.filename.endswith(".xml"):
                data = _RANDOM_BOOKMARK.sub(lambda mo: names.get(mo.group(0), mo.group(0)), data)
            w.writestr(info.filename, data)
    return normalize_zip(buf.getvalue(), stamp)


# LibreOffice names the heading bookmarks of its indexes with a random number.
_RANDOM_BOOKMARK = re.compile(rb"__RefHeading___Toc\d+_\d+")


def _bookmark_names(document_xml: bytes) -> dict[bytes, bytes]:
    """Random LibreOffice bookmark names -> stable ones, numbered in document order."""
    out: dict[bytes, bytes] = {}
    for mo in _RANDOM_BOOKMARK.finditer(document_xml):
        out.setdefault(mo.group(0), b"__RefHeading___Toc%d" % (len(out) + 1))
    return out


# Runs under the python that has `uno` (often not this project's interpreter), so it
# only uses the standard library and LibreOffice's own modules.
_SCRIPT = r"""
import os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

soffice, src, out, profile, timeout = sys.argv[1:6]
deadline = time.monotonic() + float(timeout)
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
        time.sleep(0.2)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = None
try:
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                       (prop("Hidden", True), prop("ReadOnly", False)))
    if doc is None:
        sys.exit("LibreOffice could not open the document")
    indexes = doc.getDocumentIndexes()
    # twice: filling the indexes moves pages, the second pass gets the final numbers
    for _ in range(2):
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        doc.getTextFields().refresh()
        doc.refresh()
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                   (prop("FilterName", "MS Word 2007 XML"), prop("Overwrite", True)))
finally:
    if doc is not None:
        try:
            doc.close(True)
        except Exception:
            pass
    try:
        desktop.terminate()
    except Exception:
        pass
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
"""
