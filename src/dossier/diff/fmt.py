"""How figures and values are written in every diff report (text, JSON summaries, redline)."""

from __future__ import annotations

import json
from typing import Any


def ha(value: float | None) -> str:
    """'4,800 ha', '12.50 ha': whole hectares from 100 ha up, as the documents print them."""
    if value is None:
        return "none"
    return f"{value:,.0f} ha" if abs(value) >= 100 else f"{value:,.2f} ha"


def delta_ha(value: float) -> str:
    return f"{value:+,.0f} ha" if abs(value) >= 100 else f"{value:+,.2f} ha"


def metres(value: float) -> str:
    return f"{value:,.0f} m" if value >= 10 else f"{value:,.1f} m"


def value(v: Any, limit: int = 80) -> str:
    """A source value as a specialist reads it: text in quotes, numbers with separators."""
    if v is None:
        return "none"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:,}"
    if isinstance(v, str):
        text = " ".join(v.split())
        if len(text) > limit:
            text = text[: limit - 1].rstrip() + "…"
        return f'"{text}"'
    text = json.dumps(v, ensure_ascii=False, sort_keys=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
