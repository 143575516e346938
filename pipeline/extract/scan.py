"""Aho-Corasick dictionary search over only the parts of a text where a key can start.

Why: pyahocorasick looks a character up among the root's children one by one, so every character
the automaton meets at its root costs time in proportion to the number of distinct first
characters (hundreds for our gazetteer and law tables), and most of a text is such characters.
A key occurrence lies inside a run of characters that occur in some key, and starts at a character
that starts some key followed by one that is some key's second character; searching only from
the first such place of each run to the run's end finds exactly the hits, in the same order, that
one pass over the whole text does (the automaton is back at its root after any character outside
the runs, and no key starts earlier in the run).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any

import ahocorasick


def _char_class(chars: set[str]) -> str:
    return "[" + re.escape("".join(sorted(chars))) + "]"


def candidate_runs(keys: Collection[str]) -> re.Pattern[str]:
    """A pattern whose matches cover every occurrence of every key (all keys ≥ 2 characters)."""
    if min(map(len, keys)) < 2:
        raise ValueError("keys must have at least two characters")
    first = _char_class({k[0] for k in keys})
    second = _char_class({k[1] for k in keys})
    rest = _char_class({ch for k in keys for ch in k})
    return re.compile(f"{first}{second}{rest}*")


def iter_hits(auto: ahocorasick.Automaton, runs: re.Pattern[str], text: str) -> Iterator[tuple[int, Any]]:
    """``auto.iter(text)`` — (end index, value) pairs, same order — searching only ``runs``."""
    search = auto.iter
    for run in runs.finditer(text):
        yield from search(text, run.start(), run.end())
