"""Law mentions: 《…》 titles, bare national short titles, bare local ``…条例`` titles.

Three passes over one article's text, earlier passes owning their spans:

1. ``《…》`` titles ending in a legal-instrument suffix (法, 条例, 决定…); books and papers
   (《人民日报》) fail the suffix test. The mention surface is the title *inside* the brackets.
2. Bare ``…条例`` in running text. The title's left edge is not marked, so it is found from
   evidence: punctuation, a verb or marker before the title (开展, 推进, 的…), or the end of a law
   just found (安全生产法、物业管理条例).
Between 1 and 2, instruments named without 《》 right after a verb of enactment (通过, 审议, 出台,
制定…): ``关于……的决定`` and ``<division>……办法/规定/细则``, whose left edge the verb marks.

3. National short titles from the shipped table (``pipeline/data/law_titles.csv``), looked up
   wherever a title can end, leftmost-longest (未成年人保护法, never 保护法), rejecting matches whose final 法
   begins a word (安全生产法律法规, 监督法规, 公司法人).

Canonical titles: table rows map to official full titles (安全生产法 → 中华人民共和国安全生产法).
A local title keeps a place prefix it already has (黄石市…条例); 省…/市… are completed from the
article's places (nearest province/prefecture mention, else the byline region); a bare local title
is attributed to the article's main subject when that is a province or prefecture (they hold the
legislative power), else kept as printed with ``resolved=False``. Two things outrank that context:
a placeholder jurisdiction (某省/某市/某县…, an anonymised case) stays as printed, unresolved, and a
national issuing body printed before a title (国务院《…》, 最高人民法院《…》, 全国人大常委会《…》)
fixes it as national.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.extract import gazetteer
from pipeline.types import MentionDraft

NATIONAL = "全国"
_CJK = re.compile(r"[\u3400-\u9fff]")
_BRACKET = re.compile(r"《([^《》\n]{2,120})》")

# Suffixes that make a 《…》 title a legal instrument (longest first), and a trailing status note.
LEGAL_SUFFIXES = (
    "法典", "条例", "规定", "办法", "决定", "细则", "规则", "决议", "章程", "修正案", "解释", "公约", "条约", "法",
)  # fmt: skip
_TRAILER = re.compile(
    r"[（(](?:试行|暂行|草案|修订草案|修正草案|征求意见稿|送审稿|[^（）()]{0,12}草案)[）)]$"
)
# 《…法》 titles that are crafts or books, not laws (兵法, 书法, 方法…).
NOT_LAW_ENDINGS = tuple(
    "方法 兵法 书法 做法 想法 看法 说法 写法 用法 算法 手法 技法 疗法 语法 魔法 佛法 心法 功法 刀法 笔法 "
    "章法 画法 文法 句法 打法 玩法 解法 拳法 剑法 枪法 戏法 家法 步法 身法 阵法 读法 教法 学法 干法".split()
)
PARTY_PREFIXES = ("中国共产党", "中共")
PARTY_REGULATION_SUFFIXES = ("条例", "规定", "准则", "章程", "规则", "办法", "细则")

# A bare 法 short title is not a mention when its final 法 starts a word: 安全生产法律法规,
# 监督法规, 公司法人, 教育法治, 代表法定职责. 法规定 is the law's provision, so 规 needs a look ahead.
_FA_WORD_NEXT = frozenset("律治院官人学制理庭案宝则医警务纪网益系源条定")
# Markers directly before a bare title: verbs/prepositions that start the noun phrase.
BOUNDARY_WORDS = tuple(
    sorted(
        (
            "开展 推进 推动 实施 贯彻 落实 执行 修改 修订 修正 制定 制订 审议 通过 出台 颁布 公布 施行 废止 "
            "宣传 学习 听取 启动 完成 起草 提请 报请 批准 遵守 违反 适用 依据 根据 依照 按照 对照 围绕 对于 "
            "关于 以及 结合 配合 组织 做好 加快 抓好 认真 严格 全面 深入 积极 进一步 持续 作为 提出 督促 "
            "开始 正式 即将 已经 聚焦 针对 紧扣 修改后 新修订 新修改 新制定 首部 一部 这部 该部 的 了 将 把 是 "
            "对 全市 全省 全区 全县 全州 全国"
        ).split(),
        key=len,
        reverse=True,
    )
)
# A bare …条例 whose head is one of these is a category, not a title (自治条例和单行条例).
GENERIC_HEADS = frozenset(
    "自治 单行 实施 暂行 行政 地方 专项 配套 相关 有关 管理 有关的 地方性 相关的".split()
)
GENERIC_STARTS = ("本条例", "该", "此", "这", "上述", "前述", "各项", "各类", "一批", "系列", "等", "其")
# 两部条例 / 一法一条例: a count of instruments, not a title
_QUANTITY = re.compile(r"[一二两三四五六七八九十百几数多若干]+(?:[部个项件批类]|法)")
_ABBREV = (
    ("本自治区", "自治区"),
    ("本省", "省"),
    ("本市", "市"),
    ("自治区", "自治区"),
    ("省", "省"),
    ("市", "市"),
)
# 市容…, 市场… are words, not the 市 abbreviation.
_SHI_WORDS = ("市容", "市场", "市政", "市民", "市区", "市级", "市域", "市貌", "市县", "市辖", "市镇")
_SHENG_WORDS = ("省级", "省际", "省域", "省直", "省属")
_PLACE_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|县|区|盟|旗)")
_LEGISLATURE_AFTER = ("人大", "人民代表大会")
# A placeholder jurisdiction: a report's anonymised 某省/某市/某县 … (某某市 too).
_PLACEHOLDER = re.compile(r"某{1,2}(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|县|区|旗|盟|乡|镇)")
# National issuing bodies printed right before a title (optionally "…印发的"), → (level, canonical prefix).
_NATIONAL_ISSUERS = {
    "全国人民代表大会常务委员会": ("decision", "全国人民代表大会常务委员会"),
    "全国人大常委会": ("decision", "全国人民代表大会常务委员会"),
    "全国人民代表大会": ("decision", "全国人民代表大会"),
    "全国人大": ("decision", "全国人民代表大会"),
    "国务院办公厅": ("administrative_document", ""),
    "国务院": ("administrative_regulation", ""),
    "最高人民法院": ("judicial_interpretation", "最高人民法院"),
    "最高人民检察院": ("judicial_interpretation", "最高人民检察院"),
}
_ISSUER_BEFORE = re.compile(
    "(" + "|".join(sorted(_NATIONAL_ISSUERS, key=len, reverse=True)) + ")"
    r"(?:(?:日前|近日|近期)?(?:印发|发布|公布|颁布|制定|出台|修订|修改)(?:了|的)?|的)?$"
)
# Enactment verbs that mark the left edge of an instrument named without 《》.
_ENACTED = (
    r"(?:审议通过|表决通过|批准|通过|审议|出台|制定实施|制定|制订|印发|颁布|公布|修订|修改)(?:了|并实施)?"
)
_ENACTED_DECISION = re.compile(_ENACTED + r"(关于[\u4e00-\u9fff（）《》、]{2,60}?的(?:决定|决议))")
_ENACTED_RULE = re.compile(_ENACTED + r"([\u4e00-\u9fff（）]{4,40}?(?:办法|规定|细则))")
# Short national titles too ambiguous for running text (涉水法规), taken after a marker only.
_SHORT_AFTER_MARKER = ("水法",)
_SHORT_MARKERS = (
    "依据",
    "根据",
    "依照",
    "按照",
    "违反",
    "贯彻",
    "实施",
    "执行",
    "修改",
    "修订",
    "学习",
    "宣传",
    "对照",
)


@dataclass(frozen=True, slots=True)
class LawTitle:
    """One row of ``law_titles.csv``."""

    canonical: str
    short_titles: tuple[str, ...]
    level: str
    status: str
    jurisdiction: str


@cache
def law_titles() -> dict[str, LawTitle]:
    """canonical title → row, loaded once per process from the shipped table."""
    text = resources.files("pipeline").joinpath("data", "law_titles.csv").read_text(encoding="utf-8")
    out: dict[str, LawTitle] = {}
    for rec in csv.DictReader(io.StringIO(text)):
        shorts = tuple(s for s in rec["short_titles"].split("|") if s)
        out[rec["canonical"]] = LawTitle(
            rec["canonical"], shorts, rec["level"], rec["status"], rec["jurisdiction"] or NATIONAL
        )
    return out


@cache
def _title_index() -> dict[str, LawTitle]:
    """Every full or short title → its row (the build script drops ambiguous aliases)."""
    idx: dict[str, LawTitle] = {}
    for row in law_titles().values():
        idx[row.canonical] = row
        for s in row.short_titles:
            idx.setdefault(s, row)
    return idx


@cache
def _bare_keys() -> frozenset[str]:
    """Keys for bare running-text matching: all titles except …条例, which pass 2 reads with its
    left-edge evidence (so 住宅区物业管理条例 is not cut down to the national 物业管理条例)."""
    # 水法 alone is too often part of 涉水法规 / 污水法…
    return frozenset(
        key
        for key in _title_index()
        if not (key.endswith("条例") or (len(key) < 3 and key not in ("宪法", "刑法")))
    )


@cache
def _key_ends() -> tuple[re.Pattern[str], dict[str, tuple[int, ...]]]:
    """Where a bare key can end (a pattern matching its last character, checked with the one before),
    and the key lengths that end in each last-two-character pair.

    Why not Aho-Corasick over the text: the keys start with hundreds of different characters and the
    automaton pays for every character of the text at its root, while they end in a handful (法 定 释…)
    and a last-two-character pair leaves a few lengths to look up."""
    lengths: dict[str, set[int]] = {}
    for key in _bare_keys():
        lengths.setdefault(key[-2:], set()).add(len(key))
    before: dict[str, set[str]] = {}
    for pair in lengths:
        before.setdefault(pair[1], set()).add(pair[0])
    pattern = "|".join(
        f"{re.escape(last)}(?<=[{re.escape(''.join(sorted(chars)))}]{re.escape(last)})"
        for last, chars in sorted(before.items())
    )
    return re.compile(pattern), {pair: tuple(sorted(ns)) for pair, ns in lengths.items()}


def _key_hits(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) for every occurrence of every bare key in ``text`` (overlaps included)."""
    ends, lengths = _key_ends()
    keys = _bare_keys()
    for m in ends.finditer(text):
        end = m.end()
        for n in lengths[text[end - 2 : end]]:
            if n <= end and text[end - n : end] in keys:
                yield end - n, end, text[end - n : end]


def lookup_title(title: str) -> LawTitle | None:
    """The table row a full or short national title denotes, or None."""
    return _title_index().get(title)


def find_laws(
    text: str, places: Sequence[MentionDraft] = (), region: str | None = None
) -> list[MentionDraft]:
    """Law mentions in ``text``, sorted by offset; ``places`` are the article's place mentions
    (used to complete 省/市 prefixes), ``region`` the byline region as printed (e.g. 江苏)."""
    ctx = _Context(text, [p for p in places if p.type == "place"], region)
    out: list[MentionDraft] = []
    taken: list[tuple[int, int]] = []
    issuer: str | None = None
    prev_end = -1
    for m in _BRACKET.finditer(text):
        taken.append((m.start(), m.end()))  # a non-law title's text is not scanned either
        # an issuer printed before the first of several titles (国务院《A》和《B》) issues them all
        if not (issuer and text[prev_end : m.start()] in _TITLE_JOINERS):
            found = _ISSUER_BEFORE.search(text, max(0, m.start() - 24), m.start())
            issuer = found.group(1) if found else None
        prev_end = m.end()
        mention = _bracketed(ctx, m.start(1), m.end(1), issuer)
        if mention:
            out.append(mention)
    out += _implementing(ctx, out)
    for mention in _enacted(ctx, taken):
        out.append(mention)
        taken.append((mention.start, mention.end))
    national = _bare_national(text, taken) + _short_after_marker(text, taken)
    for m in _bare_regulations(ctx, national, taken):
        out.append(m)
        taken.append((m.start, m.end))
    out.extend(m for m in national if not _overlaps(m, taken))
    return sorted(out, key=lambda m: (m.start, m.end))


# ---------------------------------------------------------------------------------------------
# context: places and the article's main subject


class _Context:
    """What the article tells about places, computed once per call."""

    def __init__(self, text: str, places: list[MentionDraft], region: str | None) -> None:
        self.text = text
        self.places = sorted(places, key=lambda p: p.start)
        self.region = region
        self._region_div = None if region is None else _safe_region(region)

    def place_at(self, start: int, end: int) -> MentionDraft | None:
        """The place mention starting exactly at ``start`` (within ``end``), longest first."""
        hits = [p for p in self.places if p.start == start and p.end <= end and _division(p)]
        return max(hits, key=lambda p: p.end) if hits else None

    def places_within(self, start: int, end: int) -> list[MentionDraft]:
        return [p for p in self.places if start <= p.start and p.end <= end and _division(p)]

    def nearest(self, pos: int, want: str) -> str | None:
        """Full name of the province ("省"/"自治区") or prefecture ("市") nearest before ``pos``
        (else after it), else what the byline region gives; None if nothing fits."""
        cands: list[tuple[int, str]] = []
        for p in self.places:
            name = self._level_name(p, want)
            if name:
                dist = pos - p.end if p.end <= pos else 10_000 + p.start - pos  # prefer preceding
                cands.append((dist, name))
        if cands:
            return min(cands)[1]
        d = self._region_div
        if d is None:
            return None
        if want == "市":
            return d.name if d.name.endswith("市") and d.level in ("province", "prefecture") else None
        prov = d if d.level == "province" else gazetteer.division(d.province)
        return prov.name if prov and prov.name.endswith(want) else None

    def _level_name(self, p: MentionDraft, want: str) -> str | None:
        name = p.canonical or ""
        if want == "市":
            if p.place_level == "prefecture" and name.endswith("市"):
                return name
            if p.place_level == "province" and name.endswith("市"):  # 北京市, 上海市…
                return name
            if p.place_level == "county" and p.adcode:  # 鼓楼区 → its city 南京市
                d = gazetteer.division(p.adcode)
                parent = gazetteer.division(d.parent) if d and d.parent else None
                if parent and parent.level == "prefecture" and parent.name.endswith("市"):
                    return parent.name
            return None
        if p.place_level == "province":
            return name if name.endswith(want) else None
        prov = gazetteer.division(p.province_adcode) if p.province_adcode else None
        return prov.name if prov and prov.name.endswith(want) else None

    @property
    def main_subject(self) -> MentionDraft | None:
        """The place the article is about: most mentions, doubled when followed by 人大…; ties go
        to the more specific place (石嘴山市 over 宁夏回族自治区 in 宁夏回族自治区石嘴山市人大常委会)."""
        scores: dict[str, float] = {}
        first: dict[str, MentionDraft] = {}
        rank = {"province": 0, "prefecture": 1, "county": 2}
        for p in self.places:
            if not _division(p):
                continue
            after = self.text[p.end : p.end + 6]
            bonus = 2 if after.startswith(_LEGISLATURE_AFTER) else 0
            scores[p.canonical] = scores.get(p.canonical, 0) + 1 + bonus
            first.setdefault(p.canonical, p)
        if not scores:
            return None
        best = max(
            scores, key=lambda c: (scores[c], rank.get(first[c].place_level or "", 3), -first[c].start)
        )
        return first[best]


def _division(p: MentionDraft) -> bool:
    """An administrative division (rivers, mountains and other named places never issue law)."""
    return bool(p.canonical) and p.place_level in ("province", "prefecture", "county")


def _safe_region(region: str) -> gazetteer.Division | None:
    try:
        return gazetteer.resolve_region(region)
    except Exception:  # the gazetteer is optional context; a bad region must not break extraction
        return None


# ---------------------------------------------------------------------------------------------
# pass 1: 《…》


def _is_legal_title(title: str) -> bool:
    core = _TRAILER.sub("", title)
    if len(core) < 3 or not core.endswith(LEGAL_SUFFIXES) or core.endswith(NOT_LAW_ENDINGS):
        return False
    if core.startswith(PARTY_PREFIXES) and not core.endswith(PARTY_REGULATION_SUFFIXES):
        return False  # 中共中央关于…的决定 is a party policy document, not a legal instrument
    return not core.endswith(("解释", "公约", "条约")) or core.endswith(("的解释", "公约", "条约"))


_TITLE_JOINERS = ("和", "、", "及", "与", "以及")


def _bracketed(ctx: _Context, start: int, end: int, issuer: str | None = None) -> MentionDraft | None:
    title = ctx.text[start:end]
    if not _is_legal_title(title) or "\n" in title:
        return None
    core = _TRAILER.sub("", title)
    if issuer and not core.startswith(issuer):
        level, prefix = _NATIONAL_ISSUERS[issuer]
        full = prefix + core if prefix and core.startswith("关于") else core
        row = lookup_title(full) or lookup_title(core)
        if row:
            return _mention(
                ctx.text, start, end, row.canonical + title[len(core) :], row.level, NATIONAL, True
            )
        if not core.startswith(_PARTY_OR_NATIONAL) and not (
            level == "decision" and not core.startswith("关于")
        ):
            # the issuer outranks any local prefix the article's places would give
            return _mention(ctx.text, start, end, full + title[len(core) :], level, NATIONAL, True)
        if level == "decision" and core.endswith("法"):
            return _mention(ctx.text, start, end, title, "law", NATIONAL, True)
    row = lookup_title(core)
    if row:
        canonical = row.canonical + title[len(core) :]
        return _mention(ctx.text, start, end, canonical, row.level, row.jurisdiction, True)
    if core.startswith(PARTY_PREFIXES):
        return _mention(ctx.text, start, end, title, "party_regulation", None, True)
    if core.startswith("国务院"):
        return _mention(ctx.text, start, end, title, "administrative_regulation", NATIONAL, True)
    if core.startswith(("全国人民代表大会", "全国人大")):
        level = "decision" if core.endswith(("决定", "决议")) else "law"
        return _mention(ctx.text, start, end, title, level, NATIONAL, True)
    if core.startswith("关于") and core.endswith(("决定", "决议")):
        inside = ctx.places_within(start, end) or _places_named_in(ctx, core)
        juris = _most_specific(inside) or _division_named_in(core)
        return _mention(ctx.text, start, end, title, "decision", juris, True)
    if core.endswith("法") and not core.endswith("办法") and _leading_place(ctx, start, end) is None:
        if core.startswith("中华人民共和国"):  # already an official national title, just newer than the table
            return _mention(ctx.text, start, end, title, "law", NATIONAL, True)
        return _mention(ctx.text, start, end, title, "law", None, False)  # a law not in the table
    return _local(ctx, start, end, level_hint=_level_from_suffix(core))


_PARTY_OR_NATIONAL = (*PARTY_PREFIXES, "中华人民共和国", "国务院", "全国人民代表大会", "全国人大")


def _level_from_suffix(title: str) -> str:
    return "decision" if title.endswith(("决定", "决议")) else "local_regulation"


def _places_named_in(ctx: _Context, title: str) -> list[MentionDraft]:
    return [p for p in ctx.places if _division(p) and p.canonical in title]


def _division_named_in(title: str) -> str | None:
    """The most specific province/prefecture whose full name the title contains (关于加强抚州市…)."""
    best: tuple[int, str] | None = None
    for m in _PLACE_SUFFIX.finditer(title):
        for i in range(max(0, m.end() - 10), m.end() - 2):
            seg = title[i : m.end()]
            try:
                cands = [d for d in gazetteer.lookup(seg) if d.name == seg and d.level != "county"]
            except Exception:  # the gazetteer is context only; never fail extraction on it
                cands = []
            if cands:
                rank = 1 if cands[0].level == "prefecture" else 0
                if best is None or rank >= best[0]:
                    best = (rank, seg)
                break
    return best[1] if best else None


def _most_specific(places: Iterable[MentionDraft]) -> str | None:
    rank = {"county": 0, "prefecture": 1, "province": 2}
    ps = sorted(places, key=lambda p: rank.get(p.place_level or "", 3))
    return ps[0].canonical if ps else None


# ---------------------------------------------------------------------------------------------
# local titles (bracketed or bare): complete the jurisdiction


def _leading_place(ctx: _Context, start: int, end: int) -> tuple[str, str] | None:
    """(jurisdiction, canonical title) when the title starts with a division name (黄石市…),
    judged from the article's places, else from the gazetteer. Official local titles carry only the
    issuer's own name, so a chain keeps its last link (湖北省黄石市X条例 → 黄石市X条例) and a short
    form is completed (南京生活垃圾管理条例 → 南京市生活垃圾管理条例)."""
    title = ctx.text[start:end]
    pos, last = start, None
    while (p := ctx.place_at(pos, end)) is not None and p.canonical:
        last, pos = p, p.end
    if last is not None and last.canonical:
        rest = ctx.text[last.end : end]
        missing = last.canonical[len(last.surface) :] if last.canonical.startswith(last.surface) else ""
        if missing and rest.startswith(missing):  # 南京市… read as the short form 南京
            rest = rest[len(missing) :]
        return last.canonical, last.canonical + rest
    name: str | None = None
    cut = name_start = 0
    for m in _PLACE_SUFFIX.finditer(title[:16]):
        seg = title[cut : m.end()]
        try:
            cands = [d for d in gazetteer.lookup(seg) if d.level in ("province", "prefecture")]
        except Exception:  # the gazetteer is context only; never fail extraction on it
            cands = []
        if len(seg) >= 3 and cands and cands[0].name == seg:
            name, name_start, cut = seg, cut, m.end()  # keep going: 湖北省黄石市… → 黄石市
        elif name is None or m.start() > cut:
            break
    return (name, title[name_start:]) if name else None


def _local(ctx: _Context, start: int, end: int, level_hint: str = "local_regulation") -> MentionDraft:
    """A local instrument: keep a place prefix, complete 省/市, or attribute to the main subject."""
    text, title = ctx.text, ctx.text[start:end]
    if _PLACEHOLDER.match(title):  # 某市…条例: an anonymised jurisdiction, never a real one
        return _mention(text, start, end, title, level_hint, None, False)
    lead = _leading_place(ctx, start, end)
    if lead:
        return _mention(text, start, end, lead[1], level_hint, lead[0], True)
    for printed, want in _ABBREV:
        if not title.startswith(printed) or len(title) - len(printed) < 4:
            continue
        if (printed == "市" and title.startswith(_SHI_WORDS)) or (
            printed == "省" and title.startswith(_SHENG_WORDS)
        ):
            break  # 市容…条例: a word, not the abbreviation
        name = ctx.nearest(start, want)
        if name:
            return _mention(text, start, end, name + title[len(printed) :], level_hint, name, True)
        return _mention(text, start, end, title, level_hint, None, False)
    subject = ctx.main_subject
    if subject is not None and subject.place_level in ("province", "prefecture") and subject.canonical:
        return _mention(text, start, end, subject.canonical + title, level_hint, subject.canonical, True)
    return _mention(text, start, end, title, level_hint, None, False)


# ---------------------------------------------------------------------------------------------
# pass 2: bare …条例


def _bare_regulations(
    ctx: _Context, national: list[MentionDraft], taken: list[tuple[int, int]]
) -> list[MentionDraft]:
    text = ctx.text
    out: list[MentionDraft] = []
    for m in re.finditer("条例", text):
        head_end, end = m.start(), m.end()
        if _inside(head_end, taken) or _inside(head_end, [(x.start, x.end) for x in out]):
            continue
        start = _left_edge(text, head_end, national)
        if start is None:
            continue
        start = _refine_start(ctx, start, head_end)
        title = text[start:end]
        head = text[start:head_end]
        if (
            head in GENERIC_HEADS
            or title.startswith(GENERIC_STARTS)
            or head.endswith(("等", "和", "及", "与"))
            or _QUANTITY.match(head)
        ):
            continue
        row = lookup_title(title)
        if row:
            out.append(_mention(text, start, end, row.canonical, row.level, row.jurisdiction, True))
            continue
        law = next((n for n in national if n.start == start), None)
        if law is not None and law.canonical:  # 著作权法实施条例 not in the table
            out.append(_mention(text, start, end, title, "administrative_regulation", NATIONAL, False))
            continue
        out.append(_local(ctx, start, end))
    return out


def _refine_start(ctx: _Context, start: int, head_end: int) -> int:
    """A title's start moved right where the head shows a later one: a placeholder jurisdiction
    (了解某市物业管理条例 → 某市…), or a division after a conjunction (水法和江苏省…条例 → 江苏省…)."""
    text = ctx.text
    marks = [m.start() for m in _PLACEHOLDER.finditer(text, start, head_end)]
    if marks:
        return marks[-1]
    for p in ctx.places:
        if start < p.start < head_end and _division(p) and text[p.start - 1] in "和及与或、":
            start = p.start
    while start < head_end - 2 and text[start] in "和及与或、":
        start += 1
    return start


def _enacted(ctx: _Context, taken: list[tuple[int, int]]) -> Iterator[MentionDraft]:
    """Instruments named without 《》 after a verb of enactment: 表决通过关于……的决定, 出台<division>……办法."""
    text = ctx.text
    seen: list[tuple[int, int]] = []
    for pattern in (_ENACTED_DECISION, _ENACTED_RULE):
        for m in pattern.finditer(text):
            start, end = m.start(1), m.end(1)
            if _overlaps_span(start, end, taken) or _overlaps_span(start, end, seen):
                continue
            title = m.group(1)
            if "《" in title and "》" not in title.split("《", 1)[1]:
                continue  # a bracket opened and not closed inside: not a title of its own
            row = lookup_title(title)
            if row:
                mention = _mention(text, start, end, row.canonical, row.level, row.jurisdiction, True)
            elif pattern is _ENACTED_DECISION:
                juris = _issuer_division(ctx, m.start()) or _most_specific(ctx.places_within(start, end))
                mention = _mention(text, start, end, title, "decision", juris, juris is not None)
            else:
                lead = _leading_place(ctx, start, end)
                if lead is None and not _PLACEHOLDER.match(title):
                    continue  # 出台相关规定: no issuer, no title
                mention = _local(ctx, start, end, level_hint="local_rule")
            seen.append((start, end))
            yield mention


_IMPLEMENTING_AFTER = ("实施办法", "实施条例", "实施细则", "实施规定")
_IMPLEMENTING_TAIL = ("办法", "条例", "细则", "规定")


def _implementing(ctx: _Context, found: list[MentionDraft]) -> list[MentionDraft]:
    """A division's instrument implementing a national law around its 《title》: 四川省《中华人民共和国
    畜牧法》实施办法, 湖南省实施《中华人民共和国土地管理法》办法 (the law inside is a mention too)."""
    text, out = ctx.text, []
    for law in found:
        if law.jurisdiction != NATIONAL or law.start < 1 or text[law.start - 1] != "《":
            continue
        open_at, close_at = law.start - 1, law.end + 1
        head = open_at - 2 if text.startswith("实施", open_at - 2) else open_at
        tails = _IMPLEMENTING_TAIL if head < open_at else _IMPLEMENTING_AFTER
        tail = next((t for t in tails if text.startswith(t, close_at)), None)
        place = next((p for p in ctx.places if p.end == head and _division(p)), None)
        if tail is None or place is None or place.place_level == "county":
            continue
        end = close_at + len(tail)
        canonical = place.canonical + text[place.end : end]
        out.append(_mention(text, place.start, end, canonical, "local_regulation", place.canonical, True))
    return out


def _issuer_division(ctx: _Context, verb_start: int) -> str | None:
    """The division whose legislature or government acts in the clause before the verb
    (保定市人大常委会表决通过…), None if the clause names none."""
    clause_start = max(ctx.text.rfind(c, 0, verb_start) for c in "。；！？\n") + 1
    found = [p for p in ctx.places if clause_start <= p.start and p.end <= verb_start and _division(p)]
    return found[-1].canonical if found else None


def _short_after_marker(text: str, taken: list[tuple[int, int]]) -> list[MentionDraft]:
    """Short titles kept out of running text (水法) when a marker stands right before them and
    the title ends a word: 依据水法和…, 违反水法的."""
    out = []
    for key in _SHORT_AFTER_MARKER:
        for m in re.finditer(key, text):
            start, end = m.start(), m.end()
            if _overlaps_span(start, end, taken) or not any(
                text.endswith(w, 0, start) for w in _SHORT_MARKERS
            ):
                continue
            if end < len(text) and _CJK.match(text[end]) and text[end] not in "和及与等的第规":
                continue
            if not _fa_ends_here(text, end):
                continue
            row = _title_index()[key]
            out.append(_mention(text, start, end, row.canonical, row.level, row.jurisdiction, True))
    return out


def _overlaps_span(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _left_edge(text: str, head_end: int, national: list[MentionDraft]) -> int | None:
    """Start of the title ending at ``head_end`` (the 条 of 条例), or None when no title fits."""
    run_start = head_end
    while run_start > 0 and head_end - run_start < 30 and _CJK.match(text[run_start - 1]):
        if text.startswith("条例", run_start - 2):  # never reach across an earlier title
            if text[run_start] in "和及与或":  # 自治条例和单行条例
                run_start += 1
            break
        run_start -= 1
    best = run_start
    for law in national:  # 安全生产法和物业管理条例 / 著作权法实施条例
        if run_start <= law.start and law.end <= head_end:
            if text[law.end : head_end] == "实施":
                return law.start
            nxt = law.end + (1 if text[law.end : law.end + 1] in "和及与、" else 0)
            best = max(best, nxt)
    for pos in range(head_end, best, -1):  # the rightmost marker; what follows it is the title
        w = next(
            (w for w in BOUNDARY_WORDS if text.startswith(w, pos - len(w)) and pos - len(w) >= best), None
        )
        if w is None or (w == "对" and text.startswith("对外", pos - 1)):
            continue
        best = pos
        break
    return best if head_end - best >= 2 else None


# ---------------------------------------------------------------------------------------------
# pass 3: bare national short titles


def _bare_national(text: str, taken: list[tuple[int, int]]) -> list[MentionDraft]:
    """Leftmost-longest table matches that are not the first half of a 法… word, outside ``taken``
    spans (《…》 titles); matches inside them still take part in the leftmost-longest choice."""
    hits: list[tuple[int, int, str]] = []
    for start, end, key in _key_hits(text):
        if key.endswith("法") and not _fa_ends_here(text, end):
            continue
        hits.append((start, end, key))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[MentionDraft] = []
    last_end = -1
    for start, end, key in hits:
        if start < last_end:
            continue
        last_end = end
        if any(start < e and s < end for s, e in taken):
            continue
        row = _title_index()[key]
        out.append(_mention(text, start, end, row.canonical, row.level, row.jurisdiction, True))
    return out


def _fa_ends_here(text: str, end: int) -> bool:
    nxt = text[end : end + 1]
    if nxt == "规":
        return text.startswith("规定", end)
    return nxt not in _FA_WORD_NEXT


# ---------------------------------------------------------------------------------------------
# helpers


def _mention(
    text: str, start: int, end: int, canonical: str, level: str, jurisdiction: str | None, resolved: bool
) -> MentionDraft:
    return MentionDraft(
        type="law",
        start=start,
        end=end,
        surface=text[start:end],
        canonical=canonical.strip("《》"),
        law_level=level,
        jurisdiction=jurisdiction,
        resolved=resolved,
    )


def _inside(pos: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _overlaps(m: MentionDraft, spans: Iterable[tuple[int, int]]) -> bool:
    return any(m.start < e and s < m.end for s, e in spans)
