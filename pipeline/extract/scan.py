"""Find every occurrence of many keys in a text with pyahocorasick, fast on Chinese text.

Why not one ``Automaton.iter`` over the text: pyahocorasick looks a character up among a node's
children one by one, so each character the automaton meets at its root costs time in proportion to
the number of distinct first characters of the keys (near a thousand for the gazetteer), and at the
root it is for most of a text. Place names end in far fewer characters (省 市 县 区 江 山 …), so the
search runs over the reversed text with reversed keys; and only over the runs of key characters
where a key can end (a last character followed, in reverse, by a possible second-to-last one), as
no key spans a character outside the runs and none ends earlier in a run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Generic, TypeVar

import ahocorasick

V = TypeVar("V")


def _char_class(chars: set[str]) -> str:
    return "[" + re.escape("".join(sorted(chars))) + "]"


class KeySearch(Generic[V]):
    """Occurrences of the keys of ``items`` (each at least two characters) in a text."""

    def __init__(self, items: Mapping[str, V]) -> None:
        if min(map(len, items)) < 2:
            raise ValueError("keys must have at least two characters")
        self._auto = ahocorasick.Automaton()
        for key, value in items.items():
            self._auto.add_word(key[::-1], (len(key), value))
        self._auto.make_automaton()
        last = _char_class({k[-1] for k in items})
        before_last = _char_class({k[-2] for k in items})
        self._runs = re.compile(f"{last}{before_last}{_char_class({ch for k in items for ch in k})}*")

    def hits(self, text: str) -> list[tuple[int, int, V]]:
        """(start, end, value) of every occurrence, overlaps included, in the order one forward
        ``Automaton.iter`` pass reports them: by end, longest first."""
        rev = text[::-1]
        last = len(text) - 1
        out: list[tuple[int, int, V]] = []
        search = self._auto.iter
        for run in self._runs.finditer(rev):
            for rev_end, (n, value) in search(rev, run.start(), run.end()):
                start = last - rev_end  # the key's first character, counted from the front
                out.append((start, start + n, value))
        out.sort(key=lambda h: (h[1], h[0]))
        return out
