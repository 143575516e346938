"""The shipped division table (``pipeline/data/divisions.csv``) and the names it is found under.

Aliases are official full names plus *safe* short forms: provinces (湖北, 宁夏, 内蒙古, 香港),
prefectures (黄石, 大理 from 大理白族自治州; 阿里 from 阿里地区 is withheld as a common word), and
counties only when the short form keeps at least three characters (2-character county short forms
such as 鼓楼, 大兴, 合作 collide with ordinary words far too often). Whether an alias found in text
really is a place is decided by :mod:`pipeline.extract.places`; this module only answers "which
divisions could this name denote", most plausible first.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

Level = Literal["province", "prefecture", "county"]
AliasKind = Literal["full", "short"]

_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}

# The 55 minority nationalities: stripped from autonomous-area names to get the usual short form
# (广西壮族自治区 → 广西, 黔东南苗族侗族自治州 → 黔东南).
ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 "
    "保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
# 新疆维吾尔自治区, 伊犁哈萨克自治州 print the nationality without 族.
_ETHNIC_RE = re.compile("(?:" + "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True)) + ")族?$")
_PROVINCE_SUFFIX = re.compile(r"(?:特别行政区|自治区|省|市)$")
_PREFECTURE_SUFFIX = re.compile(r"(?:自治州|地区|盟|市)$")
_COUNTY_SUFFIX = re.compile(r"(?:自治县|自治旗|林区|特区|新区|矿区|县|市|旗|区)$")

# Prefecture short forms that are everyday words (白银 silver, 来宾 guest, 安康 well-being, 日照
# sunshine, 长治 in 长治久安, 大庆 celebration, 四平 in 四平八稳, 山南 in 山南海北 …): only the full
# name (白银市) counts for these.
UNSAFE_SHORT = frozenset(
    "白银 来宾 安康 日照 长治 大庆 四平 阿里 中卫 朝阳 玉树 中山 山南 海东 海北 海西 黄南 文山 红河 怒江 "
    "桃园 新北 台中 台南 普洱 三明 兴安 白山 海口".split()
)
_AUTONOMOUS_UNIT = re.compile(r"自治(州|县|旗)$")
# Full names that are also generic urban-planning words (新城区 "new town", 郊区 "suburbs"): they
# only count right after their own prefecture (西安市新城区), see places.py.
GENERIC_FULL = frozenset(
    "城区 郊区 矿区 东区 西区 南区 北区 中区 新城区 老城区 新市区 城中区 城东区 城西区 城北区 城南区 "
    "市中区 中西区 开发区 新区 高新区".split()
)
# County short forms ending like a river/lake/pass are usually the feature, not the district.
_FEATURE_TAIL = tuple("河湖江井桥口池沟")


@dataclass(frozen=True, slots=True)
class Division:
    """One row of ``divisions.csv``."""

    adcode: str
    name: str
    level: Level
    parent: str | None  # None for provinces
    province: str
    status: Literal["current", "abolished"]


@cache
def divisions() -> Mapping[str, Division]:
    """adcode → Division, loaded once per process from the shipped table."""
    text = resources.files("pipeline").joinpath("data", "divisions.csv").read_text(encoding="utf-8")
    out: dict[str, Division] = {}
    for rec in csv.DictReader(io.StringIO(text)):
        out[rec["adcode"]] = Division(
            adcode=rec["adcode"],
            name=rec["name"],
            level=rec["level"],  # type: ignore[arg-type]
            parent=rec["parent"] or None,
            province=rec["province"],
            status=rec["status"],  # type: ignore[arg-type]
        )
    return out


def division(adcode: str) -> Division | None:
    """The division with this 6-digit code (current or abolished), or None."""
    return divisions().get(adcode)


def strip_ethnic(name: str) -> str:
    """广西壮族 → 广西, 黔东南苗族侗族 → 黔东南; stops before eating the name itself (西藏, 内蒙古)."""
    while True:
        m = _ETHNIC_RE.search(name)
        if not m or m.start() < 2:
            return name
        name = name[: m.start()]


def short_form(d: Division) -> str | None:
    """The usual short form of a division's name, or None when it would be unsafe."""
    if d.level == "province":
        short = _PROVINCE_SUFFIX.sub("", d.name)
        short = strip_ethnic(short) if "自治" in d.name or "族" in d.name else short
        return short if len(short) >= 2 else None
    if d.level == "prefecture":
        short = _PREFECTURE_SUFFIX.sub("", d.name)
        short = strip_ethnic(short) if "自治" in d.name or "族" in d.name else short
        if len(short) < 2 or short in UNSAFE_SHORT:
            return None
        return short
    short = _COUNTY_SUFFIX.sub("", d.name)
    short = strip_ethnic(short) if "自治" in d.name or "族" in d.name else short
    if len(short) < 3 or short.endswith(_FEATURE_TAIL) or short.endswith(("乡", "镇", "行政")):
        return None
    return short


def _is_ancestor(a: Division, d: Division) -> bool:
    table = divisions()
    p = d.parent
    while p:
        if p == a.adcode:
            return True
        nxt = table.get(p)
        p = nxt.parent if nxt else None
    return False


def _prune(cands: list[Division]) -> list[Division]:
    """Most plausible first; drop a same-named descendant (北京市 the prefecture row under 北京市
    the province) and abolished units whose name lives on in a current one (定州市)."""
    current_names = {d.name for d in cands if d.status == "current"}
    kept = [d for d in cands if not (d.status == "abolished" and d.name in current_names)]
    kept = [d for d in kept if not any(a is not d and a.name == d.name and _is_ancestor(a, d) for a in kept)]
    return sorted(kept, key=lambda d: (d.status != "current", _LEVEL_RANK[d.level], d.adcode))


@cache
def aliases() -> Mapping[str, tuple[AliasKind, tuple[Division, ...]]]:
    """alias → (kind, candidate divisions). Full names beat short forms; among short forms only the
    highest level survives (吉林 → 吉林省, not 吉林市; 海南 → 海南省, not 海南藏族自治州)."""
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    for d in divisions().values():
        full.setdefault(d.name, []).append(d)
        s = short_form(d)
        if s:
            short.setdefault(s, []).append(d)
        unit = _AUTONOMOUS_UNIT.search(d.name)
        if unit:  # 恩施州, 长阳县, 莫力达瓦旗: the stem plus the bare unit character
            stem = strip_ethnic(d.name[: unit.start()])
            if len(stem) >= 2:
                short.setdefault(stem + unit.group(1), []).append(d)
    out: dict[str, tuple[AliasKind, tuple[Division, ...]]] = {}
    for name, ds in full.items():
        out[name] = ("full", tuple(_prune(ds)))
    for name, ds in short.items():
        if name in out:
            continue
        top = min(_LEVEL_RANK[d.level] for d in ds)
        out[name] = ("short", tuple(_prune([d for d in ds if _LEVEL_RANK[d.level] == top])))
    return dict(sorted(out.items()))


def lookup(name: str) -> list[Division]:
    """Divisions a name (full or short form) can denote, most plausible first; [] if unknown."""
    hit = aliases().get(name.strip())
    return list(hit[1]) if hit else []


@lru_cache(maxsize=1024)
def resolve_region(name: str | None) -> Division | None:
    """The division a byline region denotes (江苏 / 宁夏 / 湖北省 → the province; 南京 → 南京市).

    Why a separate helper: bylines print regions loosely ("江苏南京", "（湖北）"), so we also try
    the longest known prefix; ambiguous county-level names resolve to None. Memoised: every article
    of a page asks about the same byline region, twice.
    """
    if not name:
        return None
    text = re.sub(r"[\s（）()【】\[\]·]", "", name)
    for end in range(len(text), 1, -1):
        cands = lookup(text[:end])
        if not cands:
            continue
        provinces = [d for d in cands if d.level == "province"]
        if provinces:
            return provinces[0]
        if len(cands) == 1 or cands[0].level != cands[1].level:
            return cands[0]
        return None
    return None
