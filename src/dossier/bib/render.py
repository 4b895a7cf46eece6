"""Formatted citations and bibliography for the document model (called by ``assemble/citing.py``).

Imports the formatter (citeproc) only when called: this module sits on the build path.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from dossier.bib import stored
from dossier.bib.load import load_for_dossier, style_for_dossier
from dossier.bib.rich import URL, Rich
from dossier.core import model as m
from dossier.core.diagnostics import Diagnostic, DossierError, Location, Severity
from dossier.load.sources import Sources

# The last few documents' formatted citations, by the exact inputs of the formatter (the
# entries, the style file's bytes, the locale, the clusters in order): the live preview
# assembles the same document again on every save, and citeproc is most of that time.
# Between processes, bib.stored keeps them in the on-disk cache.
# The model's inlines are frozen, so a hit is shared safely.
_FORMATTED: OrderedDict[str, tuple[list[tuple[m.Inline, ...]], list[m.BibEntry]]] = OrderedDict()
_FORMATTED_MAX = 4
_FORMATTED_LOCK = threading.Lock()

# A typewriter apostrophe between two letters ("Asia's", "l'Asie"): the prose prints
# U+2019 there (the Markdown typographer), so the titles of cited works do too.
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")

# Document language -> CSL locale.
LOCALES = {"en": "en-US", "fr": "fr-FR", "ru": "ru-RU", "kk": "kk-KZ"}


def to_inlines(rich: Rich) -> tuple[m.Inline, ...]:
    """Runs -> model inlines; styles nest in a fixed (sorted) order for byte-identical output."""
    out: list[m.Inline] = []
    for run in rich:
        node: m.Inline = m.Text(run.text if run.link else _apostrophes(run.text))
        for style in sorted(run.styles):
            node = m.Styled(style, (node,))
        if run.link:
            node = m.Link(run.link, (node,))
        out.append(node)
    return tuple(out)


def _apostrophes(text: str) -> str:
    """`text` with typographic apostrophes, web addresses left as they are."""
    out, pos = [], 0
    for mo in URL.finditer(text):
        out += [_APOSTROPHE.sub("\u2019", text[pos : mo.start()]), mo.group(0)]
        pos = mo.end()
    out.append(_APOSTROPHE.sub("\u2019", text[pos:]))
    return "".join(out)


def format_document(
    src: Sources, clusters: list[dict[str, Any]], lang: str
) -> tuple[list[tuple[m.Inline, ...]], list[m.BibEntry]]:
    """Every cluster formatted (by index) and the bibliography of the cited entries.

    Raises ``DossierError`` (``bib.bad-style``) when the dossier's own CSL style is unusable.
    """
    from dossier.bib.format import Formatter, StyleError, default_style_path

    own = style_for_dossier(src)
    style_path, style_rel = own if own else (default_style_path(), None)
    items = load_for_dossier(src).items()
    key = _inputs_key(items, style_path, LOCALES.get(lang, lang), clusters)
    with _FORMATTED_LOCK:
        hit = _FORMATTED.get(key)
        if hit is not None:
            _FORMATTED.move_to_end(key)
            return list(hit[0]), list(hit[1])
    kept = stored.load(key)
    if kept is not None:
        _remember(key, *kept)
        return list(kept[0]), list(kept[1])
    try:
        formatter = Formatter(items, style_path, LOCALES.get(lang, lang))
    except StyleError as exc:
        loc = Location(style_rel) if style_rel else None
        raise DossierError([Diagnostic("bib.bad-style", Severity.ERROR, str(exc), loc)]) from exc
    formatter.register(clusters)
    # The same works cited in the same order as a build before (a citation added, moved or
    # given another page): the bibliography and the items rendered then are taken back.
    works = _inputs_key(items, style_path, LOCALES.get(lang, lang), _works_cited(clusters))
    earlier = stored.load_works(works)
    entries = earlier[1] if earlier is not None and formatter.restore(earlier[0]) else None
    cites = [to_inlines(formatter.cite(c)) for c in clusters]
    if entries is None:
        langs = {str(i.get("id")): _language(i.get("language")) for i in items}
        entries = [
            m.BibEntry(k, to_inlines(rich), langs.get(k)) for k, rich in formatter.bibliography()
        ]
    _remember(key, cites, entries)
    stored.store(key, cites, entries)
    stored.store_works(works, formatter.prepared(), entries)
    return cites, entries


def _works_cited(clusters: list[dict[str, Any]]) -> list[str]:
    """The keys cited, each once, in the order first cited: what the bibliography and
    the year suffixes depend on (besides the entries, the style and the locale)."""
    return list(dict.fromkeys(str(item["key"]) for c in clusters for item in c["items"]))


def _remember(key: str, cites: list[tuple[m.Inline, ...]], entries: list[m.BibEntry]) -> None:
    with _FORMATTED_LOCK:
        _FORMATTED[key] = (list(cites), list(entries))
        while len(_FORMATTED) > _FORMATTED_MAX:
            _FORMATTED.popitem(last=False)


def _inputs_key(items: Any, style: Path, locale: str, cited: list[Any]) -> str:
    """A digest of everything the formatter's output depends on: the entries, the style,
    the locale, and what is cited (the clusters, or the works cited in order)."""
    digest = hashlib.sha256()
    for part in (items, locale, cited):
        text = json.dumps(part, sort_keys=True, ensure_ascii=False, default=repr)
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(style.read_bytes())
    return digest.hexdigest()


def _language(value: object) -> str | None:
    """A CSL `language` ("ru", "kk-KZ", "ar") as a BCP 47 tag, or None."""
    if not isinstance(value, str):
        return None
    tag = value.strip().replace("_", "-")
    return tag if tag and len(tag) <= 35 else None
