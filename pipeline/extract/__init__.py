"""Entity extraction over one article's clean text.

Order matters: places first (laws resolve ``省``/``市`` prefixes from them), formulations and
places before counts (``十四五`` is a formulation, ``三元朱村`` a place, neither a count).
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
    # a numeral inside a name is no count (三元朱村, 十八洞村): places and formulations own their spans
    counts = find_counts(text, exclude=[(m.start, m.end) for m in (*formulations, *places)])
    mentions = [*places, *laws, *formulations, *counts]
    for m in mentions:
        if text[m.start : m.end] != m.surface:
            raise AssertionError(f"offset invariant broken for {m!r}")
    return sorted(mentions, key=lambda m: (m.start, m.end, m.type))
