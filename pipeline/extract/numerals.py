"""Numeral parsing and word boundaries shared by the count and formulation extractors.

Why a module of its own: both extractors must agree on what a numeral is (``两`` is 2, ``三四`` is the
range 3–4, ``二〇二四`` is a year spelled digit by digit, never a count), and both need jieba's word
boundaries to tell a numeral that stands as a number (``3期``) from one inside a word (``进一步``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import cn2an
import jieba
import jieba.posseg

from pipeline.extract.tokenize import (
    MEMO_MAX_CHARS,
    block_at,
    in_block,
    is_han,
    word_crosses,
    word_ends,
    word_starts,
)

CN_DIGITS = "一二两三四五六七八九"
CN_DIGIT_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
CN_DIGIT_VALUE |= {"八": 8, "九": 9}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
MULTIPLIER = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

# A Chinese numeral that can open a number; 百/千/万 alone (百姓, 千家万户, 万众) never do.
CN_NUMBER = r"[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
# An Arabic number: ASCII or full-width digits, thousands commas, decimals.
AR_NUMBER = r"[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9０-９]+)?"

_APPROX_RANGE = re.compile(
    r"^(?P<pre>.*十)?(?P<a>[一二两三四五六七八九])(?P<b>[一二三四五六七八九])(?P<m>[十百千万亿]?)$"
)


@dataclass(frozen=True, slots=True)
class Number:
    """A parsed numeral: ``value`` and, for ``三四个`` style approximations, ``value_max``."""

    value: float
    value_max: float | None = None
    chinese: bool = False
    year_like: bool = False  # 2024 / 二〇二四: a year when followed by 年


def parse_number(s: str) -> Number | None:
    """Parse an Arabic or Chinese numeral; ``None`` when it is not a number a count can hold.

    Memoised for numeral-sized strings (``Number`` is immutable): they recur, and cn2an is slow."""
    return _memo_parse_number(s) if len(s) <= MEMO_MAX_CHARS else _parse_number(s)


@lru_cache(maxsize=4096)
def _memo_parse_number(s: str) -> Number | None:
    return _parse_number(s)


def _parse_number(s: str) -> Number | None:
    s = unicodedata.normalize("NFKC", s).replace(",", "")
    if not s:
        return None
    if s[0].isdigit():
        try:
            value = float(s)
        except ValueError:
            return None
        year_like = s.isdigit() and len(s) == 4 and 1000 <= value <= 2199
        return Number(value, year_like=year_like)
    if not any(ch in MULTIPLIER for ch in s):
        if len(s) == 1 and s in CN_DIGIT_VALUE:
            return Number(float(CN_DIGIT_VALUE[s]), chinese=True)
        m = _APPROX_RANGE.match(s)
        if m and CN_DIGIT_VALUE[m["b"]] > CN_DIGIT_VALUE[m["a"]]:
            return _approx_range(m)
        return None  # 二〇二四 / 三四五: digit-by-digit spelling — a year or a code, never a count
    m = _APPROX_RANGE.match(s)
    if m and CN_DIGIT_VALUE[m["b"]] > CN_DIGIT_VALUE[m["a"]]:
        return _approx_range(m)
    try:
        return Number(float(cn2an.cn2an(s, "normal")), chinese=True)
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _approx_range(m: re.Match[str]) -> Number | None:
    """``三四`` → 3–4, ``三四十`` → 30–40, ``十七八`` → 17–18."""
    mult = MULTIPLIER.get(m["m"], 1)
    pre = m["pre"] or ""
    if pre and mult != 1:
        return None
    try:
        base = float(cn2an.cn2an(pre, "normal")) if pre else 0.0
    except (ValueError, KeyError, IndexError, TypeError):
        return None  # 二十十四五: no numeral cn2an can read, so no count
    lo = base + CN_DIGIT_VALUE[m["a"]] * mult
    hi = base + CN_DIGIT_VALUE[m["b"]] * mult
    return Number(lo, hi, chinese=True)


def multiplier(s: str | None) -> float:
    """``万`` → 1e4, ``千万`` → 1e7, ``None`` → 1."""
    out = 1.0
    for ch in s or "":
        out *= MULTIPLIER[ch]
    return out


# ---------------------------------------------------------------- word boundaries (jieba)


def tokenizer() -> jieba.Tokenizer:
    """The shared process-wide tokenizer (``tokenize.py``)."""
    from pipeline.extract.tokenize import tokenizer as shared

    return shared()


@lru_cache(maxsize=1)
def pos_tokenizer() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(tokenizer())


class Boundaries:
    """jieba token spans of one text, to ask whether an offset starts/ends a word.

    Why lazy: jieba cuts every Han/alnum run (``re_han_default``) on its own, and everything between
    runs is one token per character (``\\r\\n`` one token), so the token at an offset depends only
    on the run around it.  Cutting just the runs that are asked about gives exactly the tokens a
    full ``tokenize(text)`` would, at a fraction of the cost; most questions are answered without
    cutting at all (``_surely_boundary``).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._token_of: dict[int, tuple[int, int]] = {}  # char offset → its token, for cut runs

    def token_at(self, offset: int) -> tuple[int, int] | None:
        """The token covering ``offset`` (a character index)."""
        text = self.text
        if offset < 0 or offset >= len(text):
            return None
        tok = self._token_of.get(offset)
        if tok is not None:
            return tok
        run = block_at(text, offset)
        if run is not None:
            cut_from = self._cut_from(offset, run[0])
            start = cut_from
            for end in word_ends(text[cut_from : run[1]]):
                tok = (start, cut_from + end)
                for k in range(start, cut_from + end):
                    self._token_of[k] = tok
                start = cut_from + end
            return self._token_of[offset]
        # between runs: one character per token, except jieba's ``\r\n`` pair
        if text[offset] == "\r" and text[offset + 1 : offset + 2] == "\n":
            return offset, offset + 2
        if text[offset] == "\n" and offset and text[offset - 1] == "\r":
            return offset - 1, offset + 1
        return offset, offset + 1

    def _cut_from(self, offset: int, run_start: int) -> int:
        """Where to start cutting the run for ``offset``: the nearest point at or before it from which
        jieba's words provably do not depend on the text before, else the run's start.

        jieba finds its route from the block's end backwards, so from a point every path goes through
        (no dictionary word crosses it) the route depends on the text after it alone.  Its HMM pass
        re-cuts each stretch of single-character words: one with a Han character on one side of the
        point and a non-Han one on the other is split there anyway (``finalseg.re_han``), and one that
        starts there is re-cut the same way unless it is a dictionary word, which no word starting
        there rules out.  Such points (a digit after Han: 近3个) are rare, so looking costs little."""
        text = self.text
        for p in range(offset, run_start, -1):
            if (
                is_han(text[p - 1]) != is_han(text[p])
                and not word_crosses(text, p)
                and not word_starts(text, p)
            ):
                return p
        return run_start

    def _surely_boundary(self, offset: int) -> bool:
        """True when a token provably starts at ``offset`` without cutting its run.

        At a run's edge the run's first/last token starts/ends there; outside runs every character is
        a token (but the ``\\n`` of ``\\r\\n``).  Inside a run, an offset no dictionary word crosses
        is a boundary of jieba's route (``word_crosses``); the HMM pass then only re-cuts stretches of
        single characters, and it never joins a Han character (``finalseg.re_han``) to a non-Han one.
        Two Han characters, or two alnum ones, may be joined: ask jieba.
        """
        text = self.text
        if offset <= 0 or offset >= len(text):
            return True
        prev, cur = text[offset - 1], text[offset]
        if not (in_block(prev) and in_block(cur)):
            return not (prev == "\r" and cur == "\n")
        return is_han(prev) != is_han(cur) and not word_crosses(text, offset)

    def is_start(self, offset: int) -> bool:
        if self._surely_boundary(offset):
            return True
        tok = self.token_at(offset)
        return tok is None or tok[0] == offset

    def is_end(self, offset: int) -> bool:
        """True when no token straddles ``offset`` (i.e. a word ends right before it)."""
        return self.is_start(offset)


@lru_cache(maxsize=8)
def boundaries(text: str) -> Boundaries:
    """Cached per text: formulations and counts both ask about the same article."""
    return Boundaries(text)


def word_freq(word: str) -> int:
    """jieba's dictionary frequency of ``word`` (0 when unknown): how much of a plain word it is."""
    return tokenizer().FREQ.get(word) or 0


def pos_tags(s: str) -> tuple[tuple[str, str], ...]:
    """(word, flag) pairs for a short window of text; memoised, as the same clause tails recur
    (jieba's POS tagging is the slowest step of count extraction)."""
    return _memo_pos_tags(s) if len(s) <= MEMO_MAX_CHARS else _pos_tags(s)


@lru_cache(maxsize=16384)
def _memo_pos_tags(s: str) -> tuple[tuple[str, str], ...]:
    return _pos_tags(s)


def _pos_tags(s: str) -> tuple[tuple[str, str], ...]:
    return tuple((p.word, p.flag) for p in pos_tokenizer().cut(s))
