"""Official document formats as versioned data (templates/formats/*.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from dossier.core.diagnostics import DossierError
from dossier.core.resources import templates_dir
from dossier.load.yamlload import load_file


def formats_dir() -> Path:
    return templates_dir() / "formats"


@cache
def _load(path: Path) -> dict[str, Any]:
    loaded = load_file(path, path.name)
    if not loaded.ok or not isinstance(loaded.data, dict):
        raise DossierError(loaded.diagnostics)
    return loaded.data


@cache
def profiles() -> dict[str, dict[str, Any]]:
    """Every shipped profile by id (e.g. 'annex5-2023')."""
    out = {}
    for path in sorted(formats_dir().glob("annex*.yaml")):
        data = _load(path)
        out[str(data["id"])] = data
    return out


def profile_for(
    doc: str, override: str | None = None, *, several_states_parties: bool = False
) -> dict[str, Any]:
    """The profile named by the dossier, or the newest shipped one for this document.

    A profile may say which nominations it serves (``states_parties: one`` or ``several``,
    e.g. Annex 2A and Annex 2B of the Tentative List); one that says nothing serves both.
    """
    all_profiles = profiles()
    if override:
        if override not in all_profiles or all_profiles[override].get("document") != doc:
            raise KeyError(override)
        return all_profiles[override]
    wanted = "several" if several_states_parties else "one"
    matching = sorted(
        (
            p
            for p in all_profiles.values()
            if p.get("document") == doc and p.get("states_parties", wanted) == wanted
        ),
        key=lambda p: str(p["id"]),
    )
    if not matching:
        raise KeyError(doc)
    return matching[-1]


# Paper sizes a profile may name (`paper:`), portrait width x height in mm.
PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "Letter": (215.9, 279.4)}


def paper(profile_id: str) -> tuple[str, tuple[float, float]]:
    """The paper a profile's documents are printed on (A4 when it does not say)."""
    data = profiles().get(profile_id) or {}
    name = str(data.get("paper") or "A4")
    return (name, PAPER_MM[name]) if name in PAPER_MM else ("A4", PAPER_MM["A4"])


@cache
def labels(lang: str, doc: str | None = None) -> dict[str, str]:
    """The words of `lang`; with `doc`, the document's own wording (labels.yaml
    `documents:`) replaces the general words where it differs."""
    data = _load(formats_dir() / "labels.yaml")
    table = dict(data.get(lang) or data["en"])
    if doc is not None:
        own = ((data.get("documents") or {}).get(doc) or {}).get(lang) or {}
        table.update(own)
    return {str(k): str(v) for k, v in table.items()}


def walk_sections(
    sections: list[dict[str, Any]], depth: int = 1
) -> list[tuple[int, dict[str, Any]]]:
    out: list[tuple[int, dict[str, Any]]] = []
    for s in sections:
        out.append((depth, s))
        out.extend(walk_sections(s.get("sections") or [], depth + 1))
    return out


def section_anchor(section: dict[str, Any]) -> str:
    number = str(section.get("number") or "")
    if number:
        return "sec-" + number.replace(" ", "")
    return "sec-" + str(section.get("id") or "unnumbered")


@cache
def document_wording() -> dict[str, tuple[str, ...]]:
    """Document -> the phrases by which a text calls itself that document (wording.yaml)."""
    data = _load(formats_dir() / "wording.yaml")
    out: dict[str, tuple[str, ...]] = {}
    for doc, by_lang in (data.get("documents") or {}).items():
        phrases = [str(p) for lang in (by_lang or {}).values() for p in (lang or [])]
        out[str(doc)] = tuple(phrases)
    return out
