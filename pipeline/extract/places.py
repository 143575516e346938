"""Place mentions: administrative divisions (with adcode) and other named places (mountains, rivers,
townships) in an article's text.

How: one Aho-Corasick pass finds every gazetteer alias; each hit must then be a word of its own in
a jieba segmentation of its clause (gazetteer names added to jieba's dictionary), so 大理 is not
read out of 重大理念 nor 大同 out of 最大同心圆. A hit may run into an institution word (湖北省委,
深圳市人大) — still a place. Names shared by several divisions (鼓楼区 ×4) are resolved from the
nearest unambiguous city/province mention, then the byline region, else left without a code.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import jieba

from pipeline.extract.gazetteer import GENERIC_FULL, Division, aliases, resolve_region
from pipeline.extract.scan import KeySearch
from pipeline.extract.tokenize import block_at, in_block, is_han, word_crosses, word_ends
from pipeline.types import MentionDraft

# Famous natural features and regions: a small general resource (no code: place_level "other").
FEATURES: frozenset[str] = frozenset(
    # mountains and ranges
    "泰山 华山 衡山 恒山 嵩山 黄山 庐山 峨眉山 五台山 普陀山 九华山 武当山 武夷山 井冈山 长白山 "
    "天山 昆仑山 祁连山 秦岭 大别山 太行山 吕梁山 燕山 阴山 贺兰山 六盘山 大兴安岭 小兴安岭 "
    "阿尔泰山 喜马拉雅山 横断山 巫山 大巴山 武陵山 雪峰山 罗霄山 南岭 乌蒙山 哀牢山 梵净山 "
    "苍山 玉龙雪山 梅里雪山 珠穆朗玛峰 冈仁波齐 沂蒙山 蒙山 崂山 千山 医巫闾山 太白山 终南山 "
    "骊山 华蓥山 青城山 四姑娘山 贡嘎山 大凉山 雁荡山 天目山 莫干山 天台山 会稽山 紫金山 琅琊山 "
    "天柱山 岳麓山 韶山 三清山 龙虎山 丹霞山 罗浮山 鼎湖山 白云山 五指山 太姥山 清源山 阿里山 "
    "玉山 大围山 伏牛山 桐柏山 中条山 王屋山 云台山 狼牙山 西柏坡 "
    # rivers
    "黄河 长江 珠江 淮河 海河 辽河 松花江 嫩江 乌苏里江 图们江 鸭绿江 澜沧江 雅鲁藏布江 "
    "塔里木河 伊犁河 额尔齐斯河 渭河 汾河 洛河 泾河 湟水 洮河 大渡河 雅砻江 金沙江 岷江 沱江 "
    "嘉陵江 涪江 乌江 汉江 汉水 湘江 资江 沅江 澧水 赣江 抚河 信江 饶河 修河 钱塘江 富春江 "
    "新安江 瓯江 闽江 九龙江 韩江 东江 西江 北江 漓江 柳江 红水河 邕江 南盘江 北盘江 永定河 "
    "潮白河 滹沱河 京杭大运河 大运河 秦淮河 黄浦江 苏州河 沂河 沭河 大汶河 颍河 涡河 通天河 "
    "无定河 延河 怒江 红河 "
    # lakes, seas, islands, plateaus, basins, deserts
    "鄱阳湖 洞庭湖 太湖 巢湖 洪泽湖 微山湖 骆马湖 高邮湖 滇池 洱海 青海湖 纳木错 呼伦湖 "
    "博斯腾湖 千岛湖 白洋淀 西湖 玄武湖 东湖 渤海 黄海 东海 南海 渤海湾 杭州湾 北部湾 "
    "台湾海峡 琼州海峡 舟山群岛 南沙群岛 西沙群岛 中沙群岛 东沙群岛 钓鱼岛 崇明岛 海南岛 "
    "青藏高原 黄土高原 内蒙古高原 云贵高原 四川盆地 塔里木盆地 准噶尔盆地 柴达木盆地 "
    "华北平原 东北平原 江汉平原 成都平原 河西走廊 塔克拉玛干沙漠 腾格里沙漠 巴丹吉林沙漠 "
    "库布齐沙漠 毛乌素沙地 科尔沁沙地 呼伦贝尔草原 三江源 长江三峡 三峡".split()
)

# Tails a place may run into inside one jieba token and still be the place (湖北省委, 省人大 …).
ORG_TAILS = frozenset(
    "委 省委 市委 县委 区委 州委 盟委 旗委 人大 政府 政协 党委 纪委 人 籍 党政 人民政府 人民 "
    "畔 边 岸 内 外 中 里 间 侧 麓 段 路 "
    "人民代表大会 代表团 军区 全境 境内 各地 地区 当地 全省 全市 全县 全区".split()
)
# Institution words a full name's unit character can be glued onto by jieba (湖北/省委).
_UNIT_CHARS = "省市县区州盟旗"

# Sub-county units: only after an accepted division mention (嵊州市黄泽镇), never alone. A village
# right after its township may have a one-character name (天荒坪镇余村, 宏村镇宏村).
_TOWNSHIP_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(镇|乡|街道)")
_VILLAGE_RE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(村)")
_VILLAGE_AFTER_TOWNSHIP_RE = re.compile(r"([\u4e00-\u9fff]{1,4}?)(村)")
# Characters that make a "name" before 镇/乡/村 a phrase instead (城乡, 各乡镇, 全村 …).
_NOT_NAME_CHARS = set("的和与及等在是了各全本该每这那其此省市县区乡镇村")
# …in a township's name, 村 may stand after the first character (宏村镇); 乡/镇 never.
_NOT_TOWNSHIP_NAME_CHARS = _NOT_NAME_CHARS - {"村"}
# A visited place nobody listed (到梁家河村参观…): a movement verb, a name ending in a
# landform/settlement character, then an activity word. See ``_visited``.
_VISIT_RE = re.compile(
    r"(?:到|赴|前往|来到|走进|深入|奔赴|抵达|回到)([\u4e00-\u9fff]{2,8}?)"
    r"(?=开展|参观|调研|考察|举办|举行|召开|视察|慰问|走访|实地|进行|植树|学习|等地|一带|境内)"
)
_PLACE_TAIL = set("井沟山岭峪坡湾岗滩坪庄屯寨村镇乡河湖岛峡谷塬洼堡")
_FUNCTION_CHARS = frozenset("的和与及或等在是了有为把被将各全本该每这那其此些个一二三几多")
# Right after a division the name is expected there: numerals and 将 are name characters
# (三元朱村, 三十里铺村, 将台堡镇); grammar words still are not.
_FUNCTION_CHARS_AFTER_DIVISION = _FUNCTION_CHARS - set("一二三将")
# A jieba word this frequent is vocabulary, not an unlisted proper name (梁家 37, 帮扶 108, 示范 981);
# after a division the bar is lower (特色小镇, 重点镇 still fail; 大寨村 passes).
_COMMON_FREQ = 100
_COMMON_FREQ_AFTER_DIVISION = 1000
_FEATURE_SETTLEMENT = ("街道", "镇", "乡", "村")
# A township/village unit followed by one of its organs, or not (then only lists count).
_UNIT_RE = re.compile(r"(街道|镇|乡|村)(党委|党工委|人民政府|政府|人大|党支部|党总支|委会|两委|办事处|纪委)?")


@dataclass(frozen=True, slots=True)
class _Entry:
    alias: str
    kind: str  # full | short | feature
    divisions: tuple[Division, ...]


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    entry: _Entry
    chosen: Division | None = None


@cache
def _entries() -> dict[str, _Entry]:
    out: dict[str, _Entry] = {}
    for alias, (kind, divs) in aliases().items():
        # A famous feature beats a county short form (武夷山, 五指山), not a prefecture's (黄山).
        if alias in FEATURES and kind == "short" and divs[0].level == "county":
            continue
        out[alias] = _Entry(alias, kind, divs)
    for name in FEATURES:
        out.setdefault(name, _Entry(name, "feature", ()))
    return out


@cache
def _automaton() -> KeySearch[_Entry]:
    """Every alias and feature name, searched with pyahocorasick (``scan.py``)."""
    return KeySearch(_entries())


def vocabulary() -> list[str]:
    """Every alias and feature name, for the shared jieba dictionary (``tokenize.py``)."""
    return sorted(_entries())


def _tokenizer() -> jieba.Tokenizer:
    """The shared process-wide tokenizer, whose dictionary knows every alias."""
    from pipeline.extract.tokenize import tokenizer

    return tokenizer()


class _Segmenter:
    """Segments only the clauses that contain candidates, memoised per clause."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.token_of: dict[int, tuple[int, int]] = {}  # char offset → its token, for cut runs

    def token_at(self, pos: int) -> tuple[int, int] | None:
        """The jieba token covering character ``pos`` (None outside jieba's Han/alnum runs).

        When a token provably starts at ``pos``, only the run's rest is cut: jieba's route is found
        from the run's end backwards, so its words from a point every path goes through on depend on
        the text after that point alone (and with HMM off nothing re-joins across a Han character)."""
        tok = self.token_of.get(pos)
        if tok is not None or not 0 <= pos < len(self.text):
            return tok
        run = block_at(self.text, pos)
        if run is None:
            return None
        run_end = run[1]
        off = pos if self.surely_boundary(pos) else run[0]
        cut_from = off
        for end in word_ends(self.text[cut_from:run_end], hmm=False):
            tok = (off, cut_from + end)
            for k in range(off, cut_from + end):
                self.token_of[k] = tok
            off = cut_from + end
        return self.token_of[pos]

    def surely_boundary(self, pos: int) -> bool:
        """True when a token provably starts at ``pos`` and one ends there, without cutting, for a
        ``pos`` next to a Han character of a name.

        At a run's edge that holds trivially; inside a run an offset no dictionary word crosses is a
        boundary of jieba's route (``word_crosses``), and with HMM off jieba only re-joins single
        ASCII letters/digits, never a word containing a Han character."""
        text = self.text
        if pos <= 0 or pos >= len(text) or not (in_block(text[pos - 1]) and in_block(text[pos])):
            return True
        return (is_han(text[pos - 1]) or is_han(text[pos])) and not word_crosses(text, pos)

    def starts_word(self, pos: int) -> bool:
        """True if a jieba token starts at ``pos`` (``text[pos]`` a Han character)."""
        if self.surely_boundary(pos):
            return True
        tok = self.token_at(pos)
        return tok is not None and tok[0] == pos

    def is_word(self, start: int, end: int) -> bool:
        """True if ``text[start:end]`` is one or more whole tokens, allowing an institution tail."""
        if self.surely_boundary(start) and self.surely_boundary(end):
            return True  # names are Han, so both ends lie inside jieba's runs
        first = self.token_at(start)
        if first is None:
            return False
        if first[0] != start and self.text[first[0] : start] not in _entries():
            return False  # unless jieba glued two places into one token (山西大同)
        last = self.token_at(end - 1)
        if last is None:
            return False
        if last[1] == end:
            return True
        tail = self.text[end : last[1]]
        if last[0] == start:  # one dictionary token = place + tail: 湖北省委, 山西大同, 内蒙古草原
            return (
                tail in ORG_TAILS
                or tail in _entries()
                or (len(tail) >= 2 and _tokenizer().FREQ.get(tail, 0) >= _COMMON_FREQ)
            )
        # jieba glued the name's last character(s) onto the next word (湖北/省委, 青海/湖畔,
        # 深圳/市委书记); never for 2-character names: 和县 must not come out of 城乡和县里.
        if end - start < 3:
            return False
        glued = self.text[last[0] : end]
        return tail in ORG_TAILS or (glued in _UNIT_CHARS and tail.startswith(_INSTITUTIONS))


def _cut(text: str) -> Iterator[str]:
    """jieba's words of ``text`` (HMM off: places need dictionary words, not guessed ones)."""
    from pipeline.extract.tokenize import cut

    return cut(text, hmm=False)


_INSTITUTIONS = ("委", "人大", "政府", "政协", "长", "直")


def _candidates(text: str) -> list[_Hit]:
    return [_Hit(start, end, entry) for start, end, entry in _automaton().hits(text)]


def _select(text: str, hits: list[_Hit], seg: _Segmenter) -> list[_Hit]:
    """Keep hits that are words; longest first, no overlaps. Generic full names (新城区) only right
    after their own prefecture."""
    chosen: list[_Hit] = []
    used = bytearray(len(text))  # 1 where a chosen mention sits
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        # a hit inside a longer chosen one is out whether or not it is a word: ask jieba last
        if h.entry.alias in GENERIC_FULL or any(used[h.start : h.end]) or not seg.is_word(h.start, h.end):
            continue
        chosen.append(h)
        used[h.start : h.end] = b"\x01" * (h.end - h.start)
    chosen.sort(key=lambda h: h.start)
    ends = {h.end: h for h in chosen if h.entry.divisions}
    for h in hits:
        if h.entry.alias not in GENERIC_FULL or any(used[h.start : h.end]):
            continue
        prev = ends.get(h.start)
        if prev is None:
            continue
        parents = {d.adcode for d in prev.entry.divisions}
        divs = tuple(d for d in h.entry.divisions if d.parent in parents)
        if divs and seg.is_word(h.start, h.end):
            chosen.append(_Hit(h.start, h.end, _Entry(h.entry.alias, "full", divs)))
            used[h.start : h.end] = b"\x01" * (h.end - h.start)
    chosen.sort(key=lambda h: h.start)
    return chosen


def _resolve(hits: list[_Hit], region: str | None) -> None:
    """Pick one division per hit: unambiguous hits anchor the ambiguous ones (nearest parent city,
    then nearest province), then the byline region; else leave ``chosen`` None."""
    anchors: list[tuple[int, Division]] = []
    for h in hits:
        if len(h.entry.divisions) == 1:
            h.chosen = h.entry.divisions[0]
            anchors.append((h.start, h.chosen))
    reg = resolve_region(region)
    # anchor positions by division code: the nearest anchor of a code is a bisection, so a page of
    # thousands of place names resolves in n log n, not n² (the first match wins ties, as before)
    at: dict[str, list[int]] = {}
    for pos, a in anchors:
        at.setdefault(a.adcode, []).append(pos)
    for positions in at.values():
        positions.sort()

    def nearest(code: str | None, x: int) -> int | None:
        positions = at.get(code) if code else None
        if not positions:
            return None
        i = bisect_left(positions, x)
        return min(abs(positions[j] - x) for j in (i - 1, i) if 0 <= j < len(positions))

    for h in hits:
        if h.chosen is not None or not h.entry.divisions:
            continue
        best: tuple[int, int, Division] | None = None
        for d in h.entry.divisions:
            for rank, code in ((0, d.parent), (1, d.province)):
                if code == d.adcode or (rank == 1 and code == d.parent):
                    continue  # a division is no anchor of itself; its parent was ranked 0 already
                dist = nearest(code, h.start)
                if dist is not None and (best is None or (rank, dist) < best[:2]):
                    best = (rank, dist, d)
        if best is not None:
            h.chosen = best[2]
            continue
        if reg is not None:
            fits = [d for d in h.entry.divisions if reg.adcode in (d.province, d.parent)]
            if len(fits) == 1:
                h.chosen = fits[0]


class _Taken:
    """Spans already given to a mention, asked "does this overlap one?" in time proportional to the
    span (a mask of the text), not to the number of mentions: a page of thousands of names stays
    linear."""

    def __init__(self, text: str, spans: list[tuple[int, int]] = ()) -> None:
        self.mask = bytearray(len(text))
        for start, end in spans:
            self.append((start, end))

    def append(self, span: tuple[int, int]) -> None:
        start, end = span
        self.mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self.mask[start:end]


def _subunits(text: str, hits: list[_Hit]) -> list[MentionDraft]:
    """Townships/streets right after a division (嵊州市黄泽镇), villages right after a county or
    township: the preceding division is the evidence that the name is a place."""
    taken = _Taken(text, [(h.start, h.end) for h in hits])
    queue: list[tuple[int, str, str | None]] = [
        (h.end, (h.chosen or h.entry.divisions[0]).level, (h.chosen or h.entry.divisions[0]).province)
        for h in hits
        if h.entry.divisions
    ]
    return _chain(text, queue, taken)


def _chain(text: str, queue: list[tuple[int, str, str | None]], taken: _Taken) -> list[MentionDraft]:
    """Sub-county units following each (end, level, province) of ``queue``, and those following
    them in turn; ``taken`` spans (extended here) are never overlapped."""
    out: list[MentionDraft] = []
    while queue:
        pos, level, prov = queue.pop(0)
        pats = [_TOWNSHIP_RE] if level in ("prefecture", "county") else []
        if level == "county":
            pats.append(_VILLAGE_RE)
        elif level == "township":
            pats.append(_VILLAGE_AFTER_TOWNSHIP_RE)
        for pat in pats:
            m = pat.match(text, pos)
            bad = _NOT_TOWNSHIP_NAME_CHARS if pat is _TOWNSHIP_RE else _NOT_NAME_CHARS
            if not m or set(m.group(1)) & bad or m.group(1)[0] in _NOT_NAME_CHARS:
                continue
            if not _plain_stem(m.group(1), _COMMON_FREQ_AFTER_DIVISION, _FUNCTION_CHARS_AFTER_DIVISION):
                continue
            if not _unit_ends_word(text, m.end()) or _count_like(m.group(1)):
                continue
            if taken.overlaps(m.start(), m.end()):
                continue
            surface = m.group(0)
            out.append(
                MentionDraft(
                    type="place",
                    start=m.start(),
                    end=m.end(),
                    surface=surface,
                    canonical=surface,
                    place_level="other",
                    province_adcode=prov,
                )
            )
            taken.append((m.start(), m.end()))
            if pat is _TOWNSHIP_RE:
                queue.append((m.end(), "township", prov))
            break
    return out


def _unit_ends_word(text: str, end: int) -> bool:
    """False when the unit's last character begins an everyday word with what follows (乡村, 村民,
    村级, 镇村, 县域…): then 充分发挥乡|村 is no township. An organ after the unit (村党支部,
    街道办事处) keeps it."""
    if end >= len(text) or text.startswith(_ORGANS, end):
        return True
    return _tokenizer().FREQ.get(text[end - 1 : end + 1], 0) < _COMMON_FREQ


_ORGANS = ("党委", "党工委", "人民政府", "政府", "人大", "党支部", "党总支", "委会", "两委", "办事处", "纪委")


def _townships(text: str, seg: _Segmenter, used: _Taken, known: set[str]) -> list[MentionDraft]:
    """Townships/streets/villages named without a division in front, when the sentence itself
    says they are units: an organ follows (黄泽镇党委, 小岗村党支部), their village follows
    (兴坪镇渔村), or they are listed with their like (大围山镇、张坊镇等地). The name must start on a
    word boundary and be no everyday word. A ``known`` name (accepted elsewhere in the article)
    is accepted wherever it stands as a word, and anchors a list."""
    out: list[MentionDraft] = []
    list_ends: set[int] = set()  # where an accepted listed township ends (the next may follow 、)

    def accept(start: int, end: int) -> None:
        surface = text[start:end]
        out.append(
            MentionDraft(
                type="place", start=start, end=end, surface=surface, canonical=surface, place_level="other"
            )
        )
        used.append((start, end))
        list_ends.add(end)
        if surface.endswith(("镇", "乡", "街道")):
            for m in _chain(text, [(end, "township", None)], used):
                out.append(m)
                list_ends.add(m.end)

    for name in sorted(known, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if not used.overlaps(m.start(), m.end()) and seg.starts_word(m.start()):
                accept(m.start(), m.end())
    for m in _UNIT_RE.finditer(text):
        p, q = m.start(), m.end(1)
        if used.overlaps(p, q):
            continue
        organ = m.group(2) is not None
        listed = text.startswith(("、", "等"), q)
        paired = m.group(1) != "村" and _village_at(text, q)
        if not (organ or listed or paired or "、" in text[max(0, p - 5) : p]):
            continue  # cheap test first: most 村/镇 in running text are neither
        if not organ and not _unit_ends_word(text, q):
            continue
        start = _stem_start(text, seg, p, m.group(1), used)
        if start is None:
            continue
        if not (organ or listed or paired or (text.startswith("、", start - 1) and start - 1 in list_ends)):
            continue
        accept(start, q)
    return out


def _village_at(text: str, pos: int) -> bool:
    """True if a village name stands right at ``pos`` (after a township: 兴坪镇|渔村)."""
    m = _VILLAGE_AFTER_TOWNSHIP_RE.match(text, pos)
    return bool(
        m
        and not set(m.group(1)) & _NOT_NAME_CHARS
        and _plain_stem(m.group(1), _COMMON_FREQ_AFTER_DIVISION, _FUNCTION_CHARS_AFTER_DIVISION)
        and _unit_ends_word(text, m.end())
        and not _count_like(m.group(1))
    )


def _stem_start(text: str, seg: _Segmenter, p: int, unit: str, used: _Taken) -> int | None:
    """Start of the longest plausible 2–4 character name ending right before ``unit`` at ``p``
    that does not overlap a mention already ``used``."""
    tk = _tokenizer()
    if tk.FREQ.get(text[p - 1 : p] + unit, 0) >= _COMMON_FREQ:  # 农村, 城镇, 乡镇, 小镇, 山村
        return None
    for size in (4, 3, 2):
        start = p - size
        if start < 0:
            continue
        stem = text[start:p]
        if used.overlaps(start, p + len(unit)):
            continue
        if not all("\u4e00" <= ch <= "\u9fff" for ch in stem) or set(stem) & _NOT_NAME_CHARS:
            continue
        if not seg.starts_word(start):
            continue
        if _plain_stem(stem, _COMMON_FREQ_AFTER_DIVISION) and not _leads_with_word(stem):
            return start
    return None


def _count_like(stem: str) -> bool:
    """A stem that is a numeral and a measure word (三个, 两个) counts units, it names none."""
    return (
        len(stem) <= 3
        and stem[-1] in "个座处"
        and all(ch in "一二两三四五六七八九十几多" for ch in stem[:-1])
    )


def _leads_with_word(stem: str) -> bool:
    """True if ``stem`` opens with an everyday word of two or more characters and goes on (统筹|卢
    of 统筹卢村): without a division in front, a name is not read out of running text."""
    first = next(iter(_cut(stem)), "")
    return 2 <= len(first) < len(stem) and _tokenizer().FREQ.get(first, 0) >= _COMMON_FREQ


@lru_cache(maxsize=4096)
def _plain_stem(stem: str, common: int, function_chars: frozenset[str] | set[str] = _FUNCTION_CHARS) -> bool:
    """True if the part before 村/镇/井… is no everyday word (移民村, 特色小镇, 深山 fail).

    Memoised: the same few-character stems come back, and each costs a jieba cut."""
    tk = _tokenizer()
    if not stem or set(stem) & function_chars:
        return False
    return all(len(w) == 1 or tk.FREQ.get(w, 0) < common for w in _cut(stem))


def _name_like(piece: str) -> bool:
    """True if ``piece`` (ending in a landform/settlement character) reads as an unlisted name."""
    if len(piece) < 3 or piece[-1] not in _PLACE_TAIL:
        return False
    return _tokenizer().FREQ.get(piece, 0) < _COMMON_FREQ and _plain_stem(piece[:-1], _COMMON_FREQ)


def _split_places(span: str) -> list[tuple[int, int]]:
    """Cut a run of names after each tail character (杏树岭枣园沟 → 杏树岭 | 枣园沟)."""
    pieces, start = [], 0
    for i, ch in enumerate(span):
        if ch in _PLACE_TAIL and i + 1 - start >= 3 and (len(span) - i - 1 == 0 or len(span) - i - 1 >= 3):
            pieces.append((start, i + 1))
            start = i + 1
    return pieces if start == len(span) else []


def _visited(text: str, hits: list[_Hit]) -> list[MentionDraft]:
    """Places named only as the destination of a visit: strong syntactic evidence is required."""
    out: list[MentionDraft] = []
    for m in _VISIT_RE.finditer(text):
        s0, span = m.start(1), m.group(1)
        if any(s0 < h.end and h.start < m.end(1) for h in hits):
            continue
        pieces = _split_places(span)
        if not pieces or not all(_name_like(span[a:b]) for a, b in pieces):
            continue
        for a, b in pieces:
            name = span[a:b]
            out.append(
                MentionDraft(
                    type="place",
                    start=s0 + a,
                    end=s0 + b,
                    surface=name,
                    canonical=name,
                    place_level="other",
                )
            )
    return out


def _draft(text: str, h: _Hit) -> MentionDraft:
    surface = text[h.start : h.end]
    if not h.entry.divisions:
        end = h.end
        for unit in _FEATURE_SETTLEMENT:  # 大围山镇 is the township named after the mountain
            if text.startswith(unit, end):
                end += len(unit)
                break
        surface = text[h.start : end]
        return MentionDraft(
            type="place", start=h.start, end=end, surface=surface, canonical=surface, place_level="other"
        )
    d = h.chosen
    if d is None:  # ambiguous and no context: name it, but do not guess a code
        levels = {x.level for x in h.entry.divisions}
        names = {x.name for x in h.entry.divisions}
        return MentionDraft(
            type="place",
            start=h.start,
            end=h.end,
            surface=surface,
            canonical=names.pop() if len(names) == 1 else surface,
            place_level=levels.pop() if len(levels) == 1 else None,
        )
    return MentionDraft(
        type="place",
        start=h.start,
        end=h.end,
        surface=surface,
        canonical=d.name,
        adcode=d.adcode,
        place_level=d.level,
        province_adcode=d.province,
    )


def find_places(text: str, region: str | None = None) -> list[MentionDraft]:
    """Place mentions in ``text`` sorted by offset; ``region`` is the byline region (e.g. 江苏),
    used only to resolve names shared by several divisions."""
    if not text:
        return []
    hits = _candidates(text)
    seg = _Segmenter(text)
    chosen = _select(text, hits, seg)
    _resolve(chosen, region)
    out = [_draft(text, h) for h in chosen]
    out.extend(_subunits(text, chosen))
    out.extend(_visited(text, chosen))
    known = {m.surface for m in out if m.place_level == "other" and m.surface.endswith(_FEATURE_SETTLEMENT)}
    out.extend(_townships(text, seg, _Taken(text, [(m.start, m.end) for m in out]), known))
    kept: list[MentionDraft] = []
    for m in sorted(out, key=lambda m: (m.start, m.end)):
        if not kept or kept[-1].end <= m.start:
            kept.append(m)
    return kept


def warm_up() -> None:
    """Load the gazetteer, automaton and tokenizer now (e.g. before forking workers)."""
    from pipeline.extract.tokenize import warm_up as tokenizer_warm_up

    _automaton()
    tokenizer_warm_up()


def place_names(mentions: Iterable[MentionDraft]) -> list[str]:
    """Canonical names of place mentions, in order (a small convenience for callers and tests)."""
    return [m.canonical or m.surface for m in mentions if m.type == "place"]
