"""Counts: a numeral standing as a number, followed by a measure word or currency (``12部``,
``10万余元``, ``75周年``, ``30%``).

Precision is the hard part, not recall: Chinese numerals live inside words (进一步, 一线, 统一,
三番五次) and numbers name things that are not quantities (2024年, 第二十次, 十四届, 103路). So a
count needs (1) a measure word from a closed list right after the numeral, (2) jieba word boundaries
at both ends (a numeral inside a dictionary word is not a number), and (3) none of the date /
ordinal / session / name readings. Bare ``一`` + measure word (一批, 一套, 一种) is an indefinite
article far more often than a quantity, so it is not counted; ``1个`` and ``一百`` are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from pipeline.extract.numerals import (
    AR_NUMBER,
    CN_NUMBER,
    Boundaries,
    Number,
    boundaries,
    multiplier,
    parse_number,
    pos_tags,
)
from pipeline.types import MentionDraft

DATA = Path(__file__).resolve().parent.parent / "data"

# Qualifiers as printed. Before the numeral:
PREFIX_APPROX = ("不少于", "不低于", "超过", "大约", "将近", "接近", "不足", "不到", "至少", "最多", "多达")
PREFIX_APPROX += ("约", "近", "超", "逾")
# Between the numeral and the unit (10余个, 10万余元, 三十多万元, 十几个):
INNER_APPROX = "多余来几"
# After the unit:
SUFFIX_APPROX = ("以上", "以下", "左右", "上下", "之多", "有余")
SUFFIX_APPROX_1 = ("多", "余", "许")
_PREFIX_LAST = frozenset(pre[-1] for pre in PREFIX_APPROX)  # no qualifier can end elsewhere
_SUFFIX_FIRST = frozenset(suf[0] for suf in (*SUFFIX_APPROX, *SUFFIX_APPROX_1))  # nor start elsewhere
# Where the counted noun's clause ends.
_CLAUSE_BREAK = re.compile(r"[，。；：、！？,.;:!?（）()“”\"《》\s]")

RANGE_SEP = r"(?:至|到|~|～|-|－|—|–)"
NUM = f"(?:{AR_NUMBER}|{CN_NUMBER})"
MULT = r"[十百千万亿]{1,2}"
SP = r"[ \u3000]?"

# A numeral directly after these is a weekday, an approximation of an unknown number, an
# enumeration or a fraction, never a count: 周三, 星期一, 数十个, 几百, 其一, 之一, 初三.
NOT_AFTER = set("第数几若其之初")
WEEKDAY_BEFORE = set("周期拜")
# A 年 directly followed by these is not a duration: 80年代, 三年级, 2024年度.
NOT_AFTER_YEAR = set("代级度")
# 届 counts only after these (连任两届); otherwise 十四届 is the 14th session.
TERM_COUNT_BEFORE = ("连续", "连任", "历经", "共", "已", "两任", "先后")
SESSION_AFTER = ("会议", "全会", "全体会议", "常务会议", "主任会议")
# Words that start with a measure word but still leave the count standing (5个人).
STRADDLE_OK = {"个人", "年来", "年内", "年间", "年前", "年后", "天内", "天来", "周内", "次会"}
# 5个市, 3个县: jieba joins the measure word to the division word it counts.
STRADDLE_OK |= {"个" + unit for unit in "省市县区州镇乡村"}
NOUNISH = ("n", "vn", "an", "nz", "ng", "nt", "ns", "nr", "j", "l", "b")
BRIDGE = ("v", "vn", "d")
# Spans of time, ages and shares measure rather than count a thing: no counted noun.
NO_COUNTED_UNITS = {
    "年",
    "周年",
    "个月",
    "周",
    "天",
    "工作日",
    "小时",
    "分钟",
    "秒",
    "岁",
    "%",
    "‰",
    "百分点",
    "倍",
    "成",
}
STOP_WORDS = {"等", "的", "和", "与", "及", "或"}


@lru_cache(maxsize=1)
def measure_words() -> dict[str, str]:
    """Measure word as printed → unit reported (``个百分点`` → ``百分点``), from the data file."""
    out: dict[str, str] = {}
    for line in (DATA / "measure_words.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        out[parts[0]] = parts[1] if len(parts) > 1 else parts[0]
    return out


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    alternatives = "|".join(re.escape(u) for u in sorted(measure_words(), key=len, reverse=True))
    first = "".join(sorted({u[0] for u in measure_words()}))
    # The look-ahead fails at once where no measure word can start, before ~140 alternatives are tried.
    units = f"(?=[{re.escape(first)}])(?:{alternatives})"
    count = re.compile(
        rf"(?:(?P<lo>{NUM})(?P<lomult>{MULT})?(?P<lounit>{units})?{SP}(?P<sep>{RANGE_SEP}){SP})?"
        rf"(?P<num>{NUM}){SP}(?P<ain>[{INNER_APPROX}])?"
        rf"(?:(?P<unit>{units})|(?P<mult>{MULT})(?P<ain2>[多余])?{SP}(?P<unit2>{units}))"
    )
    percent = re.compile(rf"百分之(?P<num>{NUM})(?:{RANGE_SEP}百分之(?P<hi>{NUM}))?")
    return count, percent


def find_counts(text: str, exclude: Iterable[tuple[int, int]] = ()) -> list[MentionDraft]:
    """Counts in ``text``, none overlapping an ``exclude`` span (formulations such as 三个第一)."""
    if not text:
        return []
    mask = bytearray(len(text))  # excluded characters: an overlap test costs the span, not the spans
    for start, end in exclude:
        mask[start:end] = b"\x01" * (end - start)
    spans = 1 in mask

    def excluded(start: int, end: int) -> bool:
        return 1 in mask[start:end]

    count_re, percent_re = _patterns()
    bounds: Boundaries | None = None
    out: list[MentionDraft] = []
    for m in _count_matches(count_re, text):
        if not _could_be_count(text, m) or (spans and excluded(m.start(), m.end())):
            continue  # a count covers its match, so one overlapping an excluded span is dropped anyway
        if bounds is None:
            bounds = boundaries(text)
        draft = _count(text, m, bounds)
        if draft and not excluded(draft.start, draft.end):
            out.append(draft)
    for m in percent_re.finditer(text):
        lo, hi = parse_number(m["num"]), parse_number(m["hi"]) if m["hi"] else None
        if lo is None or excluded(m.start(), m.end()):
            continue
        value_max = hi.value if hi else lo.value_max
        out.append(_draft(text, m.start(), m.end(), lo.value, value_max, "%", None, None))
    return sorted(out, key=lambda d: (d.start, d.end))


# Every count match opens with a numeral (``lo`` or ``num``), so it can only start at one of these.
_NUMERAL_START = re.compile(r"[0-9０-９一二两三四五六七八九十]")


def _count_matches(count_re: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``count_re.finditer(text)``, trying the pattern only where a numeral starts.

    Why: the pattern opens with an optional group, so the regex engine cannot skip ahead to a
    possible first character and tries its whole alternation at every position of the text. The
    pattern has no look-behind or anchor, so a match at ``p`` depends on ``text[p:]`` alone and
    trying the numeral positions left to right, after the last match, yields the same matches."""
    last_end = 0
    for start in _NUMERAL_START.finditer(text):
        p = start.start()
        if p < last_end:
            continue
        m = count_re.match(text, p)
        if m is not None:
            last_end = m.end()
            yield m


def _could_be_count(text: str, m: re.Match[str]) -> bool:
    """Cheap character-level rejections, before any tokenising."""
    start = m.start()
    if not start:
        return True
    before = text[start - 1]
    if before in NOT_AFTER or (before.isascii() and (before.isalnum() or before in ".-/")):
        return False
    first = m["lo"] or m["num"]
    return not (before in WEEKDAY_BEFORE and first[0] in "一二三四五六七日")


def _count(text: str, m: re.Match[str], bounds: Boundaries) -> MentionDraft | None:
    num = parse_number(m["num"])
    if num is None:
        return None
    unit_key = m["unit"] or m["unit2"]
    unit = measure_words()[unit_key]
    mult = multiplier(m["mult"])
    approx = m["ain"] or m["ain2"] or next((ch for ch in "多余" if ch in unit_key), None)  # 两个多月
    start, end = m.start(), m.end()
    lo = parse_number(m["lo"]) if m["lo"] else None
    if m["lo"] and lo is None:
        return None
    if not _stands_as_number(text, m, num, lo, unit_key, approx, bounds):
        return None
    value, value_max = _scale(num.value, mult), _scale(num.value_max, mult)
    if lo is not None:
        lomult = multiplier(m["lomult"]) if m["lomult"] else mult
        value, value_max = _scale(lo.value, lomult), value
    # qualifiers printed before the numeral or after the unit
    prefix = _prefix(text, start, bounds) if approx is None else None
    if prefix:
        approx, start = prefix, start - len(prefix)
    suffix = _suffix(text, end, bounds)
    if suffix and approx is None:
        approx, end = suffix, end + len(suffix)
    counted = None if unit in NO_COUNTED_UNITS else _counted(text, m.start(), end)
    return _draft(text, start, end, value, value_max, unit, approx, counted)


def _stands_as_number(
    text: str,
    m: re.Match[str],
    num: Number,
    lo: Number | None,
    unit_key: str,
    approx: str | None,
    bounds: Boundaries,
) -> bool:
    """Whether the numeral reads as a quantity here (see the module docstring).

    The character tests come first: every test must pass, and they cost nothing next to jieba's."""
    if m["num"] == "一" and not (m["mult"] or lo or approx):
        return False  # 一批, 一套, 一种: an indefinite article
    unit_end = m.end()
    after = text[unit_end : unit_end + 1]
    if unit_key == "年":
        if (num.year_like or (lo and lo.year_like)) and not (m["mult"] or approx):
            return False  # 2024年, 2023-2025年
        if after in NOT_AFTER_YEAR:
            return False
    if unit_key == "届" and not any(text.endswith(w, 0, m.start()) for w in TERM_COUNT_BEFORE):
        return False
    # 十四届全国人大二次会议: the 2nd session, not two meetings
    session = text.startswith(SESSION_AFTER, unit_end) and "届" in text[max(0, m.start() - 12) : m.start()]
    if unit_key == "次" and session:
        return False
    if not bounds.is_start(m.start()):
        return False  # 进一步, 统一, 唯一, 三番五次
    if not bounds.is_end(unit_end):
        tok = bounds.token_at(unit_end - 1)
        if not tok or text[tok[0] : tok[1]] not in STRADDLE_OK:
            return False  # 十一期间, 五年规划 (a word runs on past the measure word)
    return True


def _prefix(text: str, start: int, bounds: Boundaries) -> str | None:
    """The qualifier printed right before the numeral (约, 超过…) that starts a word, if any.

    Only ``text[start - 1]`` is looked at before trying the qualifiers one by one. Nothing lies
    before offset 0 (a negative offset would read the text's end, so 约 at the end of an article
    once qualified a count at its start)."""
    if start <= 0 or text[start - 1] not in _PREFIX_LAST:
        return None
    for pre in PREFIX_APPROX:
        p = start - len(pre)
        if p >= 0 and text.startswith(pre, p) and bounds.is_start(p):
            return pre
    return None


def _suffix(text: str, end: int, bounds: Boundaries) -> str | None:
    """The qualifier printed right after the unit (以上, 左右, 多…), if any."""
    if text[end : end + 1] not in _SUFFIX_FIRST:
        return None
    for suf in SUFFIX_APPROX:
        if text.startswith(suf, end):
            return suf
    nxt = text[end : end + 1]
    if nxt in SUFFIX_APPROX_1:
        after = text[end + 1 : end + 2]
        if not after or not _is_han(after) or text.startswith(("来", "时间"), end + 1):
            return nxt
    return None


def _counted(text: str, num_start: int, end: int) -> str | None:
    """The counted noun where the sentence says it: after the unit, else right before the number."""
    window = _CLAUSE_BREAK.split(text[end : end + 20], maxsplit=1)[0]
    if window:
        tags = pos_tags(window)
        run = _noun_run(tags)
        if run:
            return run
    head = _CLAUSE_BREAK.split(text[max(0, num_start - 12) : num_start])[-1]
    if head:
        tags = pos_tags(head)
        words: list[str] = []
        for word, flag in reversed(tags):
            if not flag.startswith(NOUNISH) or flag == "vn" or word in STOP_WORDS:
                break
            words.insert(0, word)
        rest = tags[: len(tags) - len(words)]
        if rest and rest[-1][1] in ("m", "q", "mq"):
            return None  # 6大类28项: the noun belongs to the previous count
        if words and len("".join(words)) >= 2:
            return "".join(words)
    return None


def _noun_run(tags: Sequence[tuple[str, str]]) -> str | None:
    """Leading noun phrase of a window: nouns, bridged over a verb only when the first noun is a lone
    short word and the phrase then runs in nouns to the end of the clause (代表履职专题培训班)."""
    words: list[str] = []
    i = 0
    while i < len(tags) and tags[i][1].startswith(NOUNISH) and tags[i][0] not in STOP_WORDS:
        words.append(tags[i][0])
        i += 1
    if not words:
        return None
    rest = tags[i:]
    if (
        len(words) == 1
        and len(words[0]) <= 2
        and rest
        and rest[0][1].startswith(BRIDGE)
        and len(rest) > 1
        and all(f.startswith((*NOUNISH, *BRIDGE)) for _, f in rest)
        and rest[-1][1].startswith(NOUNISH)
    ):
        words += [w for w, _ in rest]
    phrase = "".join(words)
    return phrase if len(phrase) >= 2 else None


def _draft(
    text: str,
    start: int,
    end: int,
    value: float,
    value_max: float | None,
    unit: str,
    approx: str | None,
    counted: str | None,
) -> MentionDraft:
    canonical = f"{_fmt(value)}-{_fmt(value_max)}{unit}" if value_max is not None else f"{_fmt(value)}{unit}"
    return MentionDraft(
        type="count",
        start=start,
        end=end,
        surface=text[start:end],
        canonical=canonical,
        value=value,
        value_max=value_max,
        unit=unit,
        approx=approx,
        counted=counted,
    )


def _scale(v: float | None, mult: float) -> float | None:
    """``v × mult`` in decimal, so 2.3亿 is 230000000, not 229999999.99999997."""
    if v is None or mult == 1:
        return v  # repr(v) reads back as v: the decimal product by 1 changes nothing
    return float(Decimal(repr(v)) * Decimal(repr(mult)))


def _fmt(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
