"""What every check shares: the @check and @rule decorators, findings, and prose helpers.

A check is a function (CheckContext) -> list[Diagnostic]. A UNESCO rule is a generator
``fn(r: Run) -> Iterator[Finding]``; @rule looks its metadata up in
``dossier.validate.rulebook``, runs it only for the documents it applies to, and gives
each finding the severity of the rule at the requested stage.

Decorating registers nothing: the decorators return a Check object, and
``dossier.validate.registry`` collects the Checks of the modules listed in
``dossier.validate.rules.RULE_MODULES``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from dossier.core.diagnostics import Diagnostic, Location
from dossier.core.ids import CULTURAL_CRITERIA, NATURAL_CRITERIA, Doc, Stage
from dossier.load import textvalue
from dossier.load.sources import PART_KEYS, Sources
from dossier.load.yamlload import PathKey
from dossier.validate import rulebook


@dataclass(frozen=True)
class CheckContext:
    src: Sources
    docs: tuple[Doc, ...]
    stage: Stage


Checker = Callable[[CheckContext], list[Diagnostic]]


@dataclass(frozen=True)
class Check:
    """One check of `dossier check`; those that need well-formed data only run when the
    schema and reference checks found no error."""

    name: str
    run: Checker
    needs_valid: bool = True
    # The rule generator behind a @rule check (None for the other checks).
    rule_fn: RuleFn | None = None

    def __call__(self, ctx: CheckContext) -> list[Diagnostic]:
        return self.run(ctx)


def check(name: str, *, needs_valid: bool = True) -> Callable[[Checker], Check]:
    """Make ``fn`` a Check named ``name`` (listed by its module in RULE_MODULES)."""

    def deco(fn: Checker) -> Check:
        return Check(name, fn, needs_valid)

    return deco


@dataclass(frozen=True)
class Finding:
    """One problem found by a rule: where (a path in the merged data) and what."""

    path: PathKey
    message: str
    hint: str | None = None
    # Point at the key of a mapping entry instead of its value.
    key: bool = False


RuleFn = Callable[["Run"], Iterator[Finding]]


def rule(rule_id: str) -> Callable[[RuleFn], Check]:
    """Make ``fn`` the Check of rule ``rule_id`` (which must be in the rulebook)."""
    meta = rulebook.get(rule_id)

    def deco(fn: RuleFn) -> Check:
        def run(ctx: CheckContext) -> list[Diagnostic]:
            docs = tuple(str(d) for d in ctx.docs)
            severity = meta.severity(str(ctx.stage))
            if severity is None or not meta.applies_to(docs):
                return []
            r = Run(ctx.src, docs, str(ctx.stage), meta)
            return [
                Diagnostic(
                    rule_id, severity, f.message, r.locate(f.path, key=f.key), _hint(meta, f.hint)
                )
                for f in fn(r)
            ]

        return Check(rule_id, run, True, fn)

    return deco


def _hint(meta: rulebook.Rule, hint: str | None) -> str | None:
    """A guidance rule's findings say that they are guidance, and whose."""
    if not meta.guidance or meta.kind == "checklist":
        return hint
    note = (
        f"This is guidance, not a requirement of the Operational Guidelines. Source: {meta.source}."
    )
    return f"{hint} {note}" if hint else note


@dataclass
class Run:
    """What a rule sees: the merged sources, the documents and stage asked for."""

    src: Sources
    docs: tuple[str, ...]
    stage: str
    meta: rulebook.Rule

    @property
    def data(self) -> dict[str, Any]:
        return self.src.data

    def get(self, path: PathKey) -> Any:
        return get_path(self.src.data, path)

    def locate(self, path: PathKey, *, key: bool = False) -> Location:
        """Position of ``path``; for an absent part, its line in dossier.yaml."""
        if path and path[0] in PART_KEYS and path[0] not in self.src.maps:
            return self.src.locate(
                ("parts", path[0]) if self.has_parts_key(path[0]) else ("parts",)
            )
        return self.src.locate(path, key=key)

    def has_parts_key(self, part: object) -> bool:
        parts = self.src.data.get("parts")
        return isinstance(parts, dict) and part in parts

    def has_part(self, part: str) -> bool:
        return part in self.src.maps

    def text(self, path: PathKey) -> TextInfo:
        return text_info(self.src, path)

    def is_serial(self) -> bool:
        return self.get(("property", "serial")) is True

    def criteria(self) -> list[tuple[int, str]]:
        """(index in justification.criteria, numeral) of every claimed criterion."""
        items = self.get(("justification", "criteria"))
        out: list[tuple[int, str]] = []
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict) and isinstance(item.get("criterion"), str):
                    out.append((i, item["criterion"]))
        return out

    def claims_cultural(self) -> bool:
        return any(c in CULTURAL_CRITERIA for _, c in self.criteria())

    def claims_natural(self) -> bool:
        return any(c in NATURAL_CRITERIA for _, c in self.criteria())

    def date(self, path: PathKey) -> dt.date | None:
        return parse_date(self.get(path))

    def document_date(self) -> dt.date | None:
        return self.date(("dates", "document"))


def get_path(data: Any, path: PathKey) -> Any:
    return textvalue.get(data, path)


def dict_entries(r: Run, path: PathKey) -> list[tuple[int, dict[str, Any]]]:
    """(index, entry) of each mapping in the list at ``path``; anything else is skipped."""
    items = r.get(path)
    return [
        (i, x)
        for i, x in enumerate(items if isinstance(items, list) else [])
        if isinstance(x, dict)
    ]


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


# --- prose -----------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_BRACKET_CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\](?!\()")
_CITATION = re.compile(r"-?@[\w:.#$%&+?<>~/-]*\w")
_PLACEHOLDERS = frozenset({"todo", "tbd", "tbc", "fixme", "xxx", "lorem", "ipsum", "placeholder"})


@dataclass(frozen=True)
class TextInfo:
    """Is a prose value there, and how long is it?"""

    # "absent" (missing, null, empty or a placeholder), "text", "not_applicable", or
    # "unreadable" (a {file:} that cannot be read: reported elsewhere, counted as present).
    state: str
    words: int = 0
    # The prose itself (the working language's when several are given), for keyword checks.
    body: str = ""
    reason: str | None = None
    # Languages given, for a {en: ..., fr: ...} value.
    languages: tuple[str, ...] = ()

    @property
    def present(self) -> bool:
        """Written content (not_applicable does not count)."""
        return self.state in ("text", "unreadable")

    def addressed(self, *, optional: bool) -> bool:
        """Present, or (where the section is optional) marked not applicable with a reason."""
        return self.present or (optional and self.state == "not_applicable")


def count_words(markdown: str) -> int:
    return len(_words(markdown))


def _words(markdown: str) -> list[str]:
    text = _COMMENT.sub(" ", markdown)
    text = _LINK_TARGET.sub("]", text)
    text = _BRACKET_CITATION.sub(" ", text)
    text = _CITATION.sub(" ", text)
    return _WORD.findall(text)


def _is_placeholder(words: list[str]) -> bool:
    return all(w.lower() in _PLACEHOLDERS for w in words)


def text_info(src: Sources, path: PathKey) -> TextInfo:
    """Read the Text value at ``path``: a string, {file:}, {lang: ...} or {not_applicable:}.

    Memoised per dossier, so that every rule asking about the same field reads it once.
    """
    memo: dict[PathKey, TextInfo] = src.memo.setdefault("rules.text", {})
    if path not in memo:
        memo[path] = _text_info(src, path)
    return memo[path]


def _text_info(src: Sources, path: PathKey) -> TextInfo:
    lang = src.data.get("language")
    value = get_path(src.data, path)
    langs = tuple(str(k) for k in value) if textvalue.is_translations(value) else ()
    res = textvalue.resolve(src, path, lang if isinstance(lang, str) else "en")
    if res.not_applicable is not None:
        reason = res.not_applicable.strip()
        return (
            TextInfo("not_applicable", reason=reason, languages=langs)
            if reason
            else TextInfo("absent")
        )
    if res.markdown is None and _names_a_file(value, res.lang):
        # The file is missing or unreadable: reported by the reference and prose checks;
        # counting it as absent too would only repeat that finding.
        return TextInfo("unreadable", languages=langs)
    if not res.present or res.markdown is None:
        return TextInfo("absent", languages=langs)
    words = _words(res.markdown)
    if not words or _is_placeholder(words):
        return TextInfo("absent", languages=langs)
    return TextInfo("text", len(words), res.markdown, languages=langs)


def _names_a_file(value: Any, lang: str | None) -> bool:
    if lang is not None and isinstance(value, dict):
        value = value.get(lang)
    return isinstance(value, dict) and isinstance(value.get("file"), str)


def has_any(body: str, stems: tuple[str, ...]) -> bool:
    """Does the prose use a word starting with one of ``stems`` (case-insensitive)?"""
    low = body.lower()
    return any(re.search(r"\b" + re.escape(s), low) for s in stems)


def name_variants(value: Any) -> list[tuple[str | None, str]]:
    """A Name (string or {lang: string}) as (language, text) pairs."""
    if isinstance(value, str):
        return [(None, value)]
    if isinstance(value, dict):
        return [(str(k), v) for k, v in value.items() if isinstance(v, str)]
    return []


def roman(numeral: str) -> str:
    return f"({numeral})"
