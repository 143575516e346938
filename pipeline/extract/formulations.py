"""Numbered political formulations (提法): 两个确立, 四个意识, 三严三实, 双减, 十四五, 二十大…

They are an open class — every unit coins its own (“三心”, “5+2”工作法) — so recognition is by
shape, backed by a small lexicon of widely known ones that are printed bare. The shapes:

* quoted text that opens with a numeral or 双 and is short: “三心” “三星级” “两学一做” “512”;
* a numeral repeated in a parallel pair, bare: 三严三实, 五进五促, 三服务三提升 (X and Y of
  equal length); likewise 双X双Y (双拥双促);
* five-year plans 十四五, party congresses 二十大 and plenums 二十届三中全会;
* numeral + 大 + … + 行动/工程… (三大攻坚行动), numeral + 号 + 工程/文件 (一号文件).

Enumerations (一是/二是) never match: they are neither quoted nor parallel pairs. Idioms with the
same shape (十全十美, 一心一意) are kept out by excluding 一 from bare pairs and a short stop list.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from pipeline.extract.counts import measure_words
from pipeline.extract.numerals import Boundaries, boundaries, word_freq
from pipeline.types import MentionDraft

DATA = Path(__file__).resolve().parent.parent / "data"

NUMERAL = "一二两三四五六七八九十"
# quoted content: numeral/双 first, then Han or a few joiners; or a bare digit code (1234, 1+N)
_QUOTED = re.compile(
    r"(?P<open>[“‘「『\"])(?P<body>(?:[一二两三四五六七八九十百千万双][\u4e00-\u9fff·]{1,7})"
    r"|(?:[0-9０-９]{2,6}(?:[+＋][0-9０-９NＮ]{1,3})*)|(?:[0-9０-９][+＋][0-9０-９NＮ][0-9０-９NＮ+＋]*))"
    r"(?P<close>[”’」』\"])"
)
_NOT_NUM = "[^\\W\\d_一二两三四五六七八九十百千万亿零〇第双]"
# "No numeral right before": written as a look-behind *after* the first character (``十(?<!N十)``
# rather than ``(?<!N)十``) so the pattern starts with a character the regex engine can skip to;
# a leading look-behind makes it try every position of the text.  Same matches.
_NUM_BEFORE = "[一二三四五六七八九十百千万零〇\\d]"
_PLAN = re.compile(rf"十(?<!{_NUM_BEFORE}十)[一二三四五六七八九]五(?![年个次届周号月日]|期(?!间))")
_CONGRESS = re.compile(
    rf"(?:二(?<!{_NUM_BEFORE}二)十[一二三四五六七八九]?|十(?<!{_NUM_BEFORE}十)[一二三四五六七八九])"
    r"(?:大(?![会学师家小多型量批])|届[一二三四五六七八九]中全会)"
)
_BIG_ACTION = re.compile(
    rf"[两三四五六七八九十](?<!{_NUM_BEFORE}[两三四五六七八九十])大{_NOT_NUM}{{0,4}}?"
    r"(?:专项行动|攻坚战|行动|工程|战役|计划|战略|举措)"
)
_NUMBER_PROJECT = re.compile(
    rf"[一二三四五六七八九十](?<!{_NUM_BEFORE}[一二三四五六七八九十])号(?:工程|文件)"
)
_PAIR = [
    re.compile(
        rf"(?P<n>[两三四五六七八九十])(?<!{_NUM_BEFORE}[两三四五六七八九十])"
        rf"({_NOT_NUM}{{{k}}})(?P=n)({_NOT_NUM}{{{k}}})"
    )
    for k in (3, 2, 1)
]
_DOUBLE = [re.compile(rf"双({_NOT_NUM}{{{k}}})双({_NOT_NUM}{{{k}}})") for k in (2, 1)]
# Shapes, each with a piece of text it cannot match without: a cheap ``in`` test before the scan.
_SHAPES = (
    (_PLAN, "五"),
    (_CONGRESS, ""),
    (_BIG_ACTION, "大"),
    (_NUMBER_PROJECT, "号"),
    *((rx, "") for rx in _DOUBLE),
)
# A numeral repeated a few characters later: every parallel pair (any ``k``) matches this first.
_ANY_PAIR = re.compile(
    rf"(?P<n>[两三四五六七八九十])(?<!{_NUM_BEFORE}[两三四五六七八九十]){_NOT_NUM}{{1,3}}(?P=n)"
)
# idioms of a formulation's shape
IDIOMS = {"十全十美", "双宿双飞", "三三两两", "四平八稳", "七上八下"}


# jieba dictionary frequency above which a 双X word is vocabulary (双方 7289, 双赢 105), not a 提法
COMMON_WORD_FREQ = 50


@lru_cache(maxsize=1)
def _pair_stop() -> frozenset[str]:
    """First characters that make 三X三Y a clause join or a count, not a pair (三是三方面, 三年三个月)."""
    return frozenset("是要则在为有的和与及等") | {w for w in measure_words() if len(w) == 1}


@lru_cache(maxsize=1)
def lexicon() -> tuple[str, ...]:
    """Widely known formulations (data file), longest first so 中央一号文件 wins over 一号文件."""
    lines = (DATA / "formulations.txt").read_text(encoding="utf-8").splitlines()
    words = {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _lexicon_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in lexicon()))


def find_formulations(text: str) -> list[MentionDraft]:
    """Numbered formulations in ``text``; surfaces carry no quotation marks."""
    if not text:
        return []
    found: list[tuple[int, int, str]] = []  # (start, end, rule)
    for m in _QUOTED.finditer(text):
        body = m["body"]
        if _quoted_ok(body):
            found.append((m.start("body"), m.end("body"), "quoted"))
    for rx, needed in _SHAPES:
        if needed in text:
            found += [(m.start(), m.end(), "shape") for m in rx.finditer(text) if m.group() not in IDIOMS]
    for rx in _PAIR if _ANY_PAIR.search(text) else ():
        for m in rx.finditer(text):
            if m.group() not in IDIOMS and not {m[2][0], m[3][0]} & _pair_stop():
                found.append((m.start(), m.end(), "pair"))
    bounds: Boundaries | None = None
    for m in _lexicon_re().finditer(text):
        if bounds is None:
            bounds = boundaries(text)
        before = text[m.start() - 1] if m.start() else ""
        if before in NUMERAL or not (not _is_han(before) or bounds.is_start(m.start())):
            continue
        found.append((m.start(), m.end(), "lexicon"))
    return [_draft(text, s, e) for s, e in _keep_longest(found)]


def _quoted_ok(body: str) -> bool:
    """Quoted numeral-first text that names a set, not a quoted word: “四心” yes, “一流” “二线” no."""
    if body[0].isdigit():
        body = unicodedata.normalize("NFKC", body)
        return not (len(body) == 4 and body.startswith(("19", "20")))  # “2035” is a year
    if body in IDIOMS:
        return False
    if body[0] == "双" and len(body) == 2 and body not in lexicon():
        return word_freq(body) < COMMON_WORD_FREQ  # “双碳” yes; “双赢” “双向” are plain words
    if body[0] in "一二":
        return len(body) >= 4  # 一网通办, 一号文件; not 一流, 二线
    if body[0] in "百千万":
        return len(body) >= 3
    return True


def _keep_longest(found: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Drop spans contained in a longer one; keep order by offset."""
    if not found:
        return []
    spans = sorted({(s, e) for s, e, _ in found}, key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if any(os <= s and e <= oe for os, oe in out):
            continue
        out = [(os, oe) for os, oe in out if not (s <= os and oe <= e)]
        out.append((s, e))
    return sorted(out)


def canonical(surface: str) -> str:
    """Normalised surface: NFKC (full-width digits and ＋), no spaces, no leading 第."""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", surface))
    return s[1:] if s.startswith("第") and len(s) > 2 else s


def _draft(text: str, start: int, end: int) -> MentionDraft:
    surface = text[start:end]
    return MentionDraft(
        type="formulation", start=start, end=end, surface=surface, canonical=canonical(surface)
    )


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
