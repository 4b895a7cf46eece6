"""Targeted fixes to citeproc-py 0.11, applied once when the formatter is first used.

This is the only module that changes citeproc-py. Each fix is one entry of ADJUSTMENTS,
named after the citeproc-py method it replaces, and has a test of its own in
tests/bib/test_citeproc_fixes.py that fails without it.

Each fix keeps citeproc-py's own behaviour where it is right and only changes the case
described; without them a Chicago bibliography prints titles twice and a large style takes
seconds per entry.

* ``get_macro``: citeproc-py runs an XPath over the whole style for every macro call (the
  main cost of formatting); macros are looked up once per style instead.
* ``xpath_search``: the same few XPath queries (the layout, the citation or bibliography,
  the substitute above an element) run for every variable printed; each element's answer
  to each query is kept with its style (a sixth of formatting the example's 119 entries
  and 618 citations: 0.50 s -> 0.42 s).
* ``CitationItem.reference``: read for every variable printed, through two properties and
  ``CustomDict.__getattr__``; read from the dicts directly (with the fix above: 0.36 s -> 0.28 s).
* ``Locale.get_term``: citeproc-py runs an XPath over the locale for every term it
  prints (quotes, "ed.", "et al.", ordinals: a fifth of formatting a bibliography); the
  answer of each locale is kept, per name, form and padding.
* ``Substitute``: CSL suppresses a substituted variable in the rest of the entry
  ("Title." n.d. "Title." -> "Title." n.d.); citeproc-py does so only for
  ``<text variable>``, not ``<text macro>``. For a macro, the variables whose text
  appears in what the substitute printed are suppressed.
* ``Label``: CSL prints a label only when its variable has a value; citeproc-py printed
  e.g. "Edition" for every entry of styles that label an absent edition.
* ``TextCased.case`` (title case): citeproc-py splits the text into words and joins them with
  single spaces, so a part kept as written (``<span class="nocase">``) gains spaces around it
  ("Urial ( Ovis vignei )"), and a word after an opening bracket or quotation mark is left
  in lower case ("(online Edition)"). The text keeps its own spacing here, and a word's
  first letter is capitalised whatever punctuation precedes it.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from citeproc import model
from citeproc.source import CitationItem, VariableError
from citeproc.string import MixedString, NoCase

_CSL = "{http://purl.org/net/xbiblio/csl}"
_MACROS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def _get_macro(self: Any, name: str) -> Any:
    root = self.get_root()
    macros = _MACROS.get(root)
    if macros is None:
        macros = {}
        for macro in root.iterchildren(_CSL + "macro"):
            macros.setdefault(macro.get("name"), macro)
        _MACROS[root] = macros
    return macros[name]


# The attribute of a style's (or locale's) root element that keeps its answers.
_QUERIES = "_dossier_queries"


def _xpath_search(self: Any, expression: str) -> list[Any]:
    """citeproc-py's ``xpath_search``, each answer kept per element and query.

    The kept answers hang on the root element of the style (or locale), so they go
    with it; the trees do not change once formatting starts (bib.style.load_style parses
    the style afresh for each formatter and adjusts it before)."""
    root = self.get_root()
    known: dict[tuple[Any, str], list[Any]] | None = getattr(root, _QUERIES, None)
    if known is None:
        known = {}
        setattr(root, _QUERIES, known)
    key = (self, expression)
    found = known.get(key)
    if found is None:
        found = known[key] = ORIGINALS["xpath_search"](self, expression)
    return list(found)


def _reference(self: Any) -> Any:
    """citeproc-py's ``CitationItem.reference``, read from the dicts it is stored in.

    citeproc-py goes through two properties and ``CustomDict.__getattr__`` (which catches
    a KeyError per miss) for each variable it prints: a fifth of formatting the example's
    citations. A missing part raises citeproc-py's own VariableError, as before."""
    try:
        citation = dict.__getitem__(self, "citation")
        bibliography = dict.__getitem__(citation, "bibliography")
        return bibliography.source[dict.__getitem__(self, "key")]
    except KeyError:
        raise VariableError from None


_TERMS: weakref.WeakKeyDictionary[Any, dict[tuple[str, Any, bool], Any]] = (
    weakref.WeakKeyDictionary()
)
_NO_TERM = object()


def _locale_get_term(self: Any, name: str, form: Any = None, zero_padded: bool = False) -> Any:
    """citeproc-py's ``Locale.get_term``, its answer kept per locale (IndexError: none)."""
    known = _TERMS.get(self)
    if known is None:
        known = _TERMS[self] = {}
    key = (name, form, bool(zero_padded))
    found = known.get(key)
    if found is None:
        try:
            found = ORIGINALS["get_term"](self, name, form, zero_padded=zero_padded)
        except IndexError:
            found = _NO_TERM
        known[key] = found
    if found is _NO_TERM:
        raise IndexError(name)
    return found


def _macro_variables(element: Any, seen: set[str]) -> list[tuple[str, str]]:
    """(tag, variable) of every rendering element a macro may reach."""
    out: list[tuple[str, str]] = []
    for node in element.iter():
        variable = node.get("variable")
        if variable:
            out.extend((node.tag, v) for v in variable.split())
        macro = node.get("macro")
        if macro and macro not in seen:
            seen.add(macro)
            out.extend(_macro_variables(_get_macro(node, macro), seen))
    return out


def _printed(item: Any, variable: str, text: str) -> bool:
    """Whether the value of ``variable`` (or its short form) shows in ``text``."""
    haystack = text.casefold()
    for name in (variable, variable + "-short"):
        value = item.reference.get(name.replace("-", "_"))
        shown = str(value).strip() if isinstance(value, (str, list)) else ""
        if shown and shown.casefold() in haystack:
            return True
    return False


def _substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    """citeproc-py's ``Substitute.render``, plus suppression of what a macro printed."""
    text = None
    for child in self.getchildren():
        try:
            if isinstance(child, model.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except model.VariableError:
            continue
        if text:
            self.add_to_repressed_list(child, context)
            macro = child.get("macro")
            if child.tag == _CSL + "text" and macro:
                layout = (context if context is not None else self).get_layout()
                for tag, variable in _macro_variables(_get_macro(child, macro), {macro}):
                    if _printed(item, variable, str(text)):
                        layout.repressed.setdefault(tag, []).append(variable)
            break
    return text


# citeproc-py's own Label.process, which the replacement calls for labels it keeps.
_original_label_process = model.Label.process


def _label_process(
    self: Any, item: Any, variable: str | None = None, *args: Any, **kwargs: Any
) -> Any:
    name = variable or self.get("variable")
    if name and name != "locator" and item.reference.get(name.replace("-", "_")) is None:
        return None
    return _original_label_process(self, item, variable, *args, **kwargs)


_WORD = re.compile(r"\S+")
_LEADING = re.compile(r"^[^\w]*")


def _title_cased(text: Any) -> str:
    """CSL title case for English (citeproc-py's stop words), keeping spaces and nocase parts."""
    parts = list(text) if isinstance(text, MixedString) else [text]
    prev = ":"  # the first word is capitalised
    out = []
    for part in parts:
        part_text = str(part)
        if isinstance(part, NoCase):
            out.append(part_text)
            if part_text.strip():
                prev = part_text.rstrip()[-1]
            continue

        def one(match: re.Match[str]) -> str:
            nonlocal prev
            word = match.group(0)
            lead = _LEADING.match(word)
            start = lead.end() if lead else 0
            bare = word[start:]
            if word.islower() and bare and (bare not in _STOP_WORDS or prev in ":."):
                word = word[:start] + bare[0].upper() + bare[1:]
            prev = word[-1]
            return word

        out.append(_WORD.sub(one, part_text))
    return "".join(out)


_STOP_WORDS = frozenset(model.TextCased._stop_words)
_original_case = model.TextCased.case


def _case(self: Any, text: Any, language: str | None = None) -> Any:
    if language == "en" and self.get("text-case") == "title":
        return _title_cased(text)
    return _original_case(self, text, language)


# name -> (citeproc-py class, method, replacement)
ADJUSTMENTS: dict[str, tuple[type, str, Any]] = {
    "get_macro": (model.CitationStylesElement, "get_macro", _get_macro),
    "xpath_search": (model.CitationStylesElement, "xpath_search", _xpath_search),
    "reference": (CitationItem, "reference", property(_reference)),
    "get_term": (model.Locale, "get_term", _locale_get_term),
    "substitute": (model.Substitute, "render", _substitute_render),
    "label": (model.Label, "process", _label_process),
    "title_case": (model.TextCased, "case", _case),
}
# The methods the adjustments replaced, as citeproc-py defines them.
ORIGINALS: dict[str, Any] = {
    name: owner.__dict__[method] for name, (owner, method, _) in ADJUSTMENTS.items()
}


def apply() -> None:
    """Install the fixes (idempotent)."""
    for owner, method, replacement in ADJUSTMENTS.values():
        if owner.__dict__.get(method) is not replacement:
            setattr(owner, method, replacement)
