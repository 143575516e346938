"""One jieba tokenizer per process, shared by every stage that needs word boundaries.

Its dictionary is jieba's default plus our entity vocabularies (division names and short forms,
named features, law titles, known formulations), so entities stay whole in the tokens table and
the extractors' boundary checks agree with it. jieba's prefix-dict cache lives in the project
cache dir (``BAOKAN_CACHE_DIR``), never in a shared /tmp path.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from functools import cache, lru_cache

import jieba

from pipeline.cache import cache_dir

_LOCK = threading.Lock()


def _plain() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.tmp_dir = str(cache_dir("jieba"))
    tk.cache_file = "jieba.default.cache"
    with _LOCK:  # two threads initialising at once would both build the prefix dict
        tk.initialize()
    return tk


def vocabulary() -> list[str]:
    """Every entity word the shared dictionary adds, sorted (so the dictionary is deterministic)."""
    from pipeline.extract import formulations, laws, places

    words: set[str] = set(places.vocabulary())
    for row in laws.law_titles().values():
        words.add(row.canonical)
        words.update(row.short_titles)
    words.update(formulations.lexicon())
    return sorted(w for w in words if len(w) >= 2)


@cache
def tokenizer() -> jieba.Tokenizer:
    """The process-wide tokenizer (built on first use, ~1.5 s; the prefix dict is cached on disk)."""
    tk = _plain()
    with _LOCK:
        for word in vocabulary():
            if not tk.FREQ.get(word):
                tk.add_word(word)
    return tk


def warm_up() -> None:
    """Build the tokenizer and the tables the boundary shortcuts read (e.g. before forking workers)."""
    tokenizer()
    _longest_word()
    _ascii_pairs()


@cache
def _pos_tokenizer() -> object:
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer())


def tagged(text: str) -> list[tuple[str, str]]:
    """``text`` cut into words with jieba's part-of-speech tags (``nr``: a person's name)."""
    return [(w.word, w.flag) for w in _pos_tokenizer().cut(text)]


def words(text: str, hmm: bool = True) -> list[str]:
    """The words of ``text`` from the shared tokenizer (jieba's own default-mode ``cut``)."""
    return list(tokenizer().cut(text, HMM=hmm))


def word_across(left: str, right: str, reach: int = 4) -> bool:
    """Does a word run across the end of ``left`` and the start of ``right`` (two lines read one
    after the other), as the shared tokenizer cuts the ``reach`` characters either side
    (``持续推`` | ``进规范`` → 推进)?  The layout rules ask it where a line may or may not carry
    the one above on."""
    left, right = "".join(left.split())[-reach:], "".join(right.split())[:reach]
    if not _may_span(left, right):
        return False
    at = 0
    for word in cut(left + right, hmm=False):
        if at < len(left) < at + len(word):
            return True
        at += len(word)
    return False


def _may_span(left: str, right: str) -> bool:
    """Could jieba's cut without HMM give a word across the junction of ``left`` and ``right``?
    Only a dictionary word of nonzero frequency (its DAG holds no other multi-character words) or
    a run of single ASCII letters and digits (which it buffers into one token) can; asking the
    dictionary for the ≤ 16 strings across the junction costs a few µs, a cut ~50 (the layout rules
    ask this on every page, and most junctions have no such word)."""
    if not left or not right:
        return False
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return True
    freq = tokenizer().FREQ
    text, n = left + right, len(left)
    return any(freq.get(text[i:j]) for i in range(n) for j in range(n + 1, len(text) + 1))


def cut(text: str, hmm: bool = True) -> Iterator[str]:
    """jieba's ``cut`` with the shared tokenizer."""
    return tokenizer().cut(text, HMM=hmm)


# Characters of jieba's blocks (``jieba.re_han_default``): it cuts each maximal run of them on its own.
_BLOCK_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-")


def in_block(ch: str) -> bool:
    """True if jieba cuts ``ch`` as part of a Han/alnum block (``re_han_default``)."""
    return "\u4e00" <= ch <= "\u9fd5" or ch in _BLOCK_ASCII


def is_han(ch: str) -> bool:
    """True for the characters jieba's HMM (``finalseg.re_han``) may join into one word."""
    return "\u4e00" <= ch <= "\u9fd5"


_BLOCK_TAIL = re.compile(r"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]*")


def block_at(text: str, offset: int) -> tuple[int, int] | None:
    """The jieba block (a maximal ``re_han_default`` run) covering ``offset``, or None.

    Found by looking around ``offset``: callers ask about a few places of a text, so matching every
    block of it would cost more than the answers."""
    if not in_block(text[offset]):
        return None
    start = offset
    while start and in_block(text[start - 1]):
        start -= 1
    return start, _BLOCK_TAIL.match(text, offset).end()


@cache
def _longest_word() -> int:
    return max(map(len, tokenizer().FREQ))


_ASCII_RUN = re.compile(r"[a-zA-Z0-9+#&._%\-]+")


@cache
def _ascii_pairs() -> frozenset[str]:
    """Every two adjacent block characters, not both Han, found inside a dictionary word (3年, A股).

    Few words hold ASCII, so this small set settles most boundaries next to a digit or letter."""
    words = "\n".join(tokenizer().FREQ)  # a newline is in no block: no pair spans two words
    out: set[str] = set()
    for m in _ASCII_RUN.finditer(words):
        start, end = m.span()
        out.update(words[i : i + 2] for i in range(max(0, start - 1), end))
    return frozenset(p for p in out if len(p) == 2 and in_block(p[0]) and in_block(p[1]))


def word_crosses(text: str, offset: int) -> bool:
    """True if some dictionary word of jieba's block around ``offset`` starts before it and ends after it.

    Why: jieba's best route is a path through its DAG, whose edges are the block's dictionary words
    (frequency > 0) and single characters.  An offset no word crosses lies on every path, so it is a
    word boundary of the route whatever the scores — known from a few dictionary lookups, without
    cutting the block.  ``text[offset - 1]`` and ``text[offset]`` must both be block characters.
    """
    pair = text[offset - 1 : offset + 1]
    if not (is_han(pair[0]) and is_han(pair[1])) and pair not in _ascii_pairs():
        return False  # no word holds these two characters side by side (了3, 个A)
    freq = tokenizer().FREQ
    longest = _longest_word()
    limit = max(0, offset - longest + 1)
    end = min(len(text), offset + longest)
    for i in range(offset - 1, limit - 1, -1):
        ch = text[i]
        if not ("\u4e00" <= ch <= "\u9fd5" or ch in _BLOCK_ASCII):
            break  # the block starts after i
        frag = text[i : offset + 1]
        j = offset + 1
        while frag in freq:  # every prefix of a word is in FREQ (with frequency 0)
            if freq[frag]:
                return True
            if j >= end or not in_block(text[j]):
                break
            j += 1
            frag = text[i:j]
    return False


def word_starts(text: str, offset: int) -> bool:
    """True if a dictionary word of two or more characters of jieba's block starts at ``offset``."""
    freq = tokenizer().FREQ
    end = min(len(text), offset + _longest_word())
    j = offset + 2
    frag = text[offset:j]
    while j <= end and in_block(text[j - 1]) and frag in freq:
        if freq[frag]:
            return True
        j += 1
        frag = text[offset:j]
    return False


# Longest block (or POS window) kept in a memo cache: clauses are short, and a cache of thousands of
# entries must not hold megabyte-long runs from pages without punctuation.
MEMO_MAX_CHARS = 200


def word_ends(block: str, hmm: bool = True) -> tuple[int, ...]:
    """End offsets of jieba's words of one block, memoised for clause-sized blocks (they recur)."""
    if len(block) > MEMO_MAX_CHARS:
        return _word_ends(block, hmm)
    return _memo_word_ends(block, hmm)


@lru_cache(maxsize=16384)
def _memo_word_ends(block: str, hmm: bool) -> tuple[int, ...]:
    return _word_ends(block, hmm)


def _word_ends(block: str, hmm: bool) -> tuple[int, ...]:
    ends: list[int] = []
    pos = 0
    for word in tokenizer().cut(block, HMM=hmm):
        pos += len(word)
        ends.append(pos)
    return tuple(ends)


def tokens(text: str, keep: list[tuple[int, int]] = ()) -> list[tuple[str, int]]:
    """(token, start offset) pairs for ``text``, whitespace tokens dropped.

    ``keep`` spans (entity mentions found by the extractors, e.g. a local regulation title the
    dictionary cannot know) are never cut: token boundaries strictly inside them are removed.
    """
    if not isinstance(text, str):
        raise ValueError("jieba: the input parameter should be unicode.")  # as tokenize() would
    found = words(text)  # offsets are recovered below: cheaper than jieba's tokenize()
    if not keep and "".join(found) == text:  # the words tile the text: each is its own slice
        out: list[tuple[str, int]] = []
        pos = 0
        for word in found:
            if word.strip():
                out.append((word, pos))
            pos += len(word)
        return out
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in found:
        spans.append((pos, pos + len(word)))
        pos += len(word)
    if keep:
        inside = {c for a, b in keep for c in range(a + 1, b)}
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and s in inside:
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        spans = merged
    return [(text[s:e], s) for s, e in spans if text[s:e].strip()]
