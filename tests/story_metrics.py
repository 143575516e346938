"""Articles that run two stories together, counted against a page's truth.

Shared by ``benchmarks/pdf_layout.py`` and the tests: the error a reader must never let pass silently.
"""

from __future__ import annotations

from typing import Any

from pipeline.layout.spacing import fold_fullwidth

__all__ = ["gold_stories", "two_stories"]


def gold_stories(gold: Any) -> list[str]:
    """Each truth article's text, spaces removed and full-width forms folded (a gold file of the
    shared scorer's format: one page, or a list of pages)."""
    pages = gold if isinstance(gold, list) else [gold]
    return [
        fold_fullwidth("".join("".join(p["text"] for p in a.get("paragraphs", [])).split()))
        for page in pages
        for a in page.get("articles", [])
    ]


def two_stories(text: str, stories: list[str], window: int = 8, least: int = 24) -> bool:
    """Does an article's text hold text of two truth stories (``least`` characters of each, found
    ``window`` characters at a time where the window is in one story only: generated stories share
    stock phrases)?"""
    s = fold_fullwidth("".join(text.split()))
    seen: dict[int, int] = {}
    for k in range(0, len(s) - window + 1, window):
        w = s[k : k + window]
        owners = [g for g, st in enumerate(stories) if w in st]
        if len(owners) == 1:
            seen[owners[0]] = seen.get(owners[0], 0) + window
    return sum(c >= least for c in seen.values()) >= 2
