"""The print preview: the pages of the section being read, as the PDF will print them.

On request, the document's PDF is laid out by the PDF renderer itself (WeasyPrint, the
same print stylesheet, page breaks, running headers and page numbers), in a background
thread so that the screen view stays live; the PDF's bookmarks give the page on which
each section starts, and the pages of the asked section are drawn to PNG with PDFium
when the page asks for them. Only the latest layout of each document is kept.
"""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.core import model as m

#: Scale of the page images (1.0 = 72 dpi): an A4 page about 540 px wide.
SCALE = 0.9
#: Most pages shown for one section (a long chapter shows its first pages).
MAX_PAGES = 12
_IMAGE_CACHE = 48
_IMAGE_PATH = re.compile(r"^([a-z-]+)/(\d+)/(\d+)\.png$")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class Layout:
    """One laid-out PDF: where each section starts (1-based page numbers)."""

    doc: str
    version: int
    data: bytes
    count: int
    starts: dict[str, int] = field(default_factory=dict)
    # Sections in document order: (anchor, level, starts a new page).
    order: list[tuple[str, int, bool]] = field(default_factory=list)
    problems: int = 0

    def pages_of(self, anchor: str) -> list[int]:
        """The pages the section ``anchor`` is printed on (its first pages when long)."""
        if anchor not in self.starts:
            return list(range(1, min(self.count, 2) + 1))
        first = self.starts[anchor]
        index = next(i for i, (a, _, _) in enumerate(self.order) if a == anchor)
        level = self.order[index][1]
        last = self.count
        for a, lvl, new_page in self.order[index + 1 :]:
            if lvl <= level and a in self.starts:
                nxt = self.starts[a]
                last = max(first, nxt - 1 if new_page else nxt)
                break
        return list(range(first, min(last, first + MAX_PAGES - 1) + 1))


def section_starts(bookmarks: list[tuple[str, int]], sections: list[m.Section]) -> dict[str, int]:
    """The page (1-based) of each section, matching the PDF's bookmarks (heading texts, in
    document order) to the sections' headings in order."""
    starts: dict[str, int] = {}
    at = 0
    for sec in sections:
        want = _norm(sec.heading)
        for i in range(at, len(bookmarks)):
            title, index = bookmarks[i]
            if _norm(title) == want:
                starts[sec.id] = index + 1
                at = i + 1
                break
    return starts


class PrintPreview:
    """Layouts made on request in the background, and their page images."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._pdfium = threading.Lock()  # PDFium is not thread-safe
        self._layouts: dict[str, Layout] = {}
        self._running: dict[str, int] = {}
        self._errors: dict[tuple[str, int], str] = {}
        self._images: OrderedDict[str, bytes] = OrderedDict()
        self._closed = False

    def request(
        self, doc: str, model: m.Document | None, version: int, section: str
    ) -> dict[str, Any]:
        """The print preview of ``section`` as far as it is known; starts a layout of this
        version of the document when there is none yet."""
        with self._lock:
            if model is None:
                return {"state": "unavailable", "message": "nothing is rendered yet"}
            error = self._errors.get((doc, version))
            if error is not None:
                return {"state": "failed", "message": error}
            layout = self._layouts.get(doc)
            current = layout is not None and layout.version == version
            if not current and self._running.get(doc) != version and not self._closed:
                self._running[doc] = version
                threading.Thread(
                    target=self._lay_out,
                    args=(doc, model, version),
                    daemon=True,
                    name="dossier-preview-print",
                ).start()
        if layout is None:
            return {"state": "pending", "pages": [], "total": 0}
        return {
            "state": "ready" if current else "pending",
            "pages": [
                {"number": n, "url": f"/_preview/page/{doc}/{layout.version}/{n}.png"}
                for n in layout.pages_of(section)
            ],
            "total": layout.count,
            "section": section if section in layout.starts else "",
            "problems": layout.problems,
        }

    def _lay_out(self, doc: str, model: m.Document, version: int) -> None:
        try:
            layout = self.lay_out(doc, model, version)
        except BaseException as exc:  # said in the print pane, and raised (a bug)
            with self._lock:
                self._errors[(doc, version)] = (
                    f"the pages could not be laid out ({type(exc).__name__}: {exc}); this is "
                    "a bug in dossier: please report it"
                )
                self._running.pop(doc, None)
            raise
        with self._lock:
            old = self._layouts.get(doc)
            if old is None or old.version < version:
                self._layouts[doc] = layout
            if self._running.get(doc) == version:
                del self._running[doc]

    def lay_out(self, doc: str, model: m.Document, version: int) -> Layout:
        """The PDF of ``model`` and where its sections start."""
        import pypdfium2

        from dossier.core.diagnostics import Severity
        from dossier.render import pdf

        data, diags = pdf.render_with_diagnostics(model, root=self.root)
        with self._pdfium:
            document = pypdfium2.PdfDocument(data)
            try:
                count = len(document)
                marks = []
                for mark in document.get_toc():
                    dest = mark.get_dest()
                    index = dest.get_index() if dest is not None else None
                    if index is not None:
                        marks.append((mark.get_title(), index))
            finally:
                document.close()
        sections = model.all_sections()
        return Layout(
            doc,
            version,
            data,
            count,
            section_starts(marks, sections),
            [(s.id, s.level, s.page_break) for s in sections],
            sum(d.severity is Severity.ERROR for d in diags),
        )

    def image(self, arg: str) -> bytes | None:
        """The PNG of ``doc/version/page.png``; None when that layout is gone or the page
        does not exist."""
        match = _IMAGE_PATH.match(arg)
        if match is None:
            return None
        with self._lock:
            if arg in self._images:
                self._images.move_to_end(arg)
                return self._images[arg]
            layout = self._layouts.get(match[1])
        number = int(match[3])
        if layout is None or layout.version != int(match[2]) or not 1 <= number <= layout.count:
            return None
        png = self._draw(layout.data, number - 1)
        with self._lock:
            self._images[arg] = png
            while len(self._images) > _IMAGE_CACHE:
                self._images.popitem(last=False)
        return png

    def _draw(self, data: bytes, index: int) -> bytes:
        import pypdfium2

        with self._pdfium:
            document = pypdfium2.PdfDocument(data)
            try:
                bitmap = document[index].render(scale=SCALE)
                image = bitmap.to_pil()
            finally:
                document.close()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        return out.getvalue()

    def close(self) -> None:
        with self._lock:
            self._closed = True
