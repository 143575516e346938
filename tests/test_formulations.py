"""Numbered political formulations: shapes, lexicon, and what must not match."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.formulations import canonical, find_formulations, lexicon
from tests.conftest import GOLD


def surfaces(text: str) -> list[str]:
    return [f.surface for f in find_formulations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("坚定拥护“两个确立”，坚决做到“两个维护”", ["两个确立", "两个维护"]),
        ("增强“四个意识”、坚定“四个自信”", ["四个意识", "四个自信"]),
        ("深化三进三促（进企业促发展）代表行动", ["三进三促"]),
        ("持续开展人大代表“六带头六表率”主题活动", ["六带头六表率"]),
        ("深入实施四坚持四提升行动", ["四坚持四提升"]),
        ("开展“双包双联”和“双联双促”工作", ["双包双联", "双联双促"]),
        ("工业“双碳”“双控”", ["双碳", "双控"]),
        ("在“四心”上下功夫，坚持“四不”原则", ["四心", "四不"]),
        ("利用“两微一端”宣传", ["两微一端"]),
        ("积极探索“1234”工作举措，推行“1+N”模式", ["1234", "1+N"]),
        ("实施“十四五”规划，谋划十五五规划，十三五期间", ["十四五", "十五五", "十三五"]),
        ("学习党的二十大精神和二十届三中全会精神", ["二十大", "二十届三中全会"]),
        ("扎实做好移民村“四大提升行动”，打好三大攻坚战", ["四大提升行动", "三大攻坚战"]),
        ("营商环境双“一号工程”", ["一号工程"]),
        ("严格执行中央八项规定，落实三会一课制度", ["八项规定", "三会一课"]),
        ("巩固提升“五星级”人大代表联络工作站", ["五星级"]),
        ("全国两会期间，“两院”工作报告", ["两会", "两院"]),
        ("争创“五个一流”工作目标", ["五个一流"]),
    ],
)
def test_formulations_found(text: str, expected: list[str]) -> None:
    assert surfaces(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一是增强政治自觉。二是增强制度自信。三是增强使命自知。",  # enumerations
        "十全十美，一心一意，三番五次，四面八方，七上八下，三三两两，一五一十",  # idioms
        "强化“一流”意识，破除“二线”思维",  # quoted words, not numbered sets
        "“2035”远景目标",  # a year
        "十大新闻人物评选，2024年3月5日，第二十次会议，共制定9部地方性法规",
    ],
)
def test_not_formulations(text: str) -> None:
    assert surfaces(text) == []


def test_canonical_normalises() -> None:
    (f,) = find_formulations("推行“１＋Ｎ”模式")
    assert f.surface == "１＋Ｎ" and f.canonical == "1+N"
    assert canonical("第二十大") == "二十大"


def test_lexicon_is_general() -> None:
    words = set(lexicon())
    assert {"两个确立", "四个意识", "四个自信", "两个维护", "八项规定", "三会一课", "十四五"} <= words
    assert all(2 <= len(w) <= 8 for w in words)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet='一二两三四五六七八九十双个大号届中全会进促学讲“”"‘’0123+N。，', max_size=40)
    | st.text(max_size=40)
)
def test_never_raises_and_offsets_hold(text: str) -> None:
    for f in find_formulations(text):
        assert text[f.start : f.end] == f.surface
        assert f.type == "formulation" and f.canonical


def test_seed_formulations_recall() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    tp = fn = 0
    for art in gold["articles"]:
        e = art.get("entities")
        if e is None:
            continue
        want = set(e.get("formulations", []))
        got = {f.surface for f in find_formulations(art["text"])}
        tp, fn = tp + len(want & got), fn + len(want - got)
    assert tp / max(1, tp + fn) >= 0.80, (tp, fn)
