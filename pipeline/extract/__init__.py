"""Entity extraction over one article's clean text.

Order matters: places first (laws resolve ``省``/``市`` prefixes from them), formulations before
counts (``十四五`` is a formulation, never a count).
"""

from __future__ import annotations

from pipeline.extract.counts import find_counts
from pipeline.extract.formulations import find_formulations
from pipeline.extract.laws import find_laws
from pipeline.extract.places import find_places
from pipeline.types import MentionDraft


def extract_mentions(text: str, region: str | None = None) -> list[MentionDraft]:
    """All mentions in ``text``, sorted by offset; ``region`` is the byline region (e.g. 江苏)."""
    places = find_places(text, region=region)
    laws = find_laws(text, places=places, region=region)
    formulations = find_formulations(text)
    counts = find_counts(text, exclude=[(m.start, m.end) for m in formulations])
    mentions = [*places, *laws, *formulations, *counts]
    for m in mentions:
        if text[m.start : m.end] != m.surface:
            raise AssertionError(f"offset invariant broken for {m!r}")
    return sorted(mentions, key=lambda m: (m.start, m.end, m.type))
