"""Spacing rules: letter-spacing, digit padding, stray spaces, headline gaps, names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.layout.spacing import (
    clean_body,
    clean_heading,
    clean_name,
    compact,
    fold_fullwidth,
    is_letterspaced,
    join_heading_lines,
    join_wrapped,
    normalise_spaces,
)


def test_letterspaced_justified_lines_collapse() -> None:
    assert (
        clean_body("全 力 支 持 和 保 障 代 表 依 法 履 职 、发 挥 作")
        == "全力支持和保障代表依法履职、发挥作"
    )
    assert (
        clean_body("台 ，办 好 读 书 班 、“ 人 大 讲 堂 ”“ 主 题 党") == "台，办好读书班、“人大讲堂”“主题党"
    )


def test_letterspaced_digits_close_up() -> None:
    assert clean_body("新 中 国 成 立 7 5 周 年", letterspaced=True) == "新中国成立75周年"
    assert clean_body("下 载 App Store 应 用", letterspaced=True) == "下载App Store应用"


def test_digits_and_latin_lose_their_padding() -> None:
    assert clean_body("制定地方性法规 12 部，为全市") == "制定地方性法规12部，为全市"
    assert clean_body("“代表履职系统”App 与区政府数字平") == "“代表履职系统”App与区政府数字平"
    assert clean_body("提升“创新实践 2.0 版”工作质效") == "提升“创新实践2.0版”工作质效"
    assert clean_body("代表建议办结率达 94.1% 。") == "代表建议办结率达94.1%。"


def test_stray_space_before_punctuation_goes() -> None:
    assert clean_body("全面贯彻、有效执行 。") == "全面贯彻、有效执行。"
    assert clean_body("开通“ 12345 ”热线") == "开通“12345”热线"


def test_space_between_two_latin_tokens_is_kept() -> None:
    assert clean_body("升级到 Windows 10 系统") == "升级到Windows 10系统"
    assert clean_body("试点 PPP  项目") == "试点PPP项目"
    assert clean_body("AI  GPT") == "AI GPT"


def test_fullwidth_letters_fold_but_punctuation_stays() -> None:
    assert fold_fullwidth("ＡＰＰ２０２４") == "APP2024"
    assert clean_body("线上＋线下，“接访”。") == "线上＋线下，“接访”。"


def test_unicode_spaces_are_spaces() -> None:
    assert normalise_spaces("a\u3000b\u00a0c\rd\u200b") == "a b c d"
    assert clean_body("\u3000\u3000推进基层治理") == "推进基层治理"


def test_heading_keeps_one_gap_between_phrases() -> None:
    assert (
        clean_heading("牢记嘱托 感恩奋进 谱写新时代人大工作新篇章")
        == "牢记嘱托 感恩奋进 谱写新时代人大工作新篇章"
    )
    assert (
        clean_heading("以“五个强化”为牵引  提升“四个机关”建设水平")
        == "以“五个强化”为牵引 提升“四个机关”建设水平"
    )
    assert clean_heading("新中国成立 75 周年") == "新中国成立75周年"
    assert clean_heading("坚 持 党 的 领 导") == "坚持党的领导"
    assert clean_heading("坚持党的领导， 政治建设做加法") == "坚持党的领导，政治建设做加法"


def test_letterspacing_detection() -> None:
    assert is_letterspaced("加 强 能 力 建 设 ，让 代 表 履 职 活 力 迸")
    assert not is_letterspaced("牢记嘱托 感恩奋进 谱写新时代人大工作新篇章")
    assert not is_letterspaced("地方性法规 12 部")


def test_joining_wrapped_lines() -> None:
    assert join_wrapped("举办", "3期代表") == "举办3期代表"
    assert join_wrapped("下载 App", "Store 应用") == "下载 App Store 应用"
    assert join_heading_lines("以学铸魂", "坚守政治忠诚", wrapped=False) == "以学铸魂 坚守政治忠诚"
    assert (
        join_heading_lines("坚持党的领导，全心全意落", "实新时代", wrapped=True)
        == "坚持党的领导，全心全意落实新时代"
    )


def test_names_lose_padding() -> None:
    assert clean_name("陆 敏") == "陆敏"
    assert clean_name(" 欧阳\u3000娜 ") == "欧阳娜"


_TEXT = st.text(
    alphabet=st.sampled_from(list("人大代表监督法，。、“”（）《》：；！？ 　\u00a0\t\rAbz09．ＡＺ０+-%.·—")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_clean_body_only_removes_spaces(text: str) -> None:
    out = clean_body(text)
    assert compact(out) == compact(fold_fullwidth(normalise_spaces(text)))
    assert "\n" not in out and "  " not in out and out == out.strip()


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_clean_body_is_idempotent(text: str) -> None:
    once = clean_body(text)
    assert clean_body(once) == once


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_clean_heading_only_removes_spaces_and_is_idempotent(text: str) -> None:
    out = clean_heading(text)
    assert compact(out) == compact(fold_fullwidth(normalise_spaces(text)))
    assert clean_heading(out) == out


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_cleaners_accept_any_unicode(text: str) -> None:
    for f in (clean_body, clean_heading, clean_name):
        out = f(text)
        assert isinstance(out, str) and "\n" not in out


def test_space_table_covers_every_unicode_space() -> None:
    from pipeline.layout.spacing import _SPACES

    assert {chr(c) for c in range(0x110000) if chr(c).isspace()} == set(_SPACES)


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        # both halves on the first line, the second wrapped: as long as the first with its tail
        ("坚持开门立法 提升监督", "刚性", "坚持开门立法 提升监督刚性"),
        ("紧扣发展大局 激发治理", "活力", "紧扣发展大局 激发治理活力"),
        # a third phrase set on a line of its own stays apart
        ("强化制度保障 激发治理活力", "助力高质量发展", "强化制度保障 激发治理活力 助力高质量发展"),
        # halves broken between lines, as before
        ("以学铸魂", "坚守政治忠诚", "以学铸魂 坚守政治忠诚"),
    ],
)
def test_a_headline_whose_halves_share_the_first_line_wraps_the_second(first, second, joined) -> None:
    assert join_heading_lines(first, second) == joined
