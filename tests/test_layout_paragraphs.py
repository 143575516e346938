"""Paragraph ends and section headings from line shapes (no page content is named here)."""

from __future__ import annotations

import pytest

from pipeline.layout.lines import make_lines
from pipeline.layout.paragraphs import (
    continues_sentence,
    infer_style,
    join_heading,
    join_paragraph,
    segment_body,
    style_evidence,
)
from pipeline.layout.spacing import heading_wrapped

# A 16-cell column with implicit (dropped) first-line indents: first lines are 14 cells.
INDENTED = """\
近年来某市人大常委会围绕中心工
作开展监督检查推动解决一批突出问题
取得了良好成效。

聚焦主责主业
提升监督刚性

一是坚持问题导向。常委会组成人
员深入基层调研了解情况形成调研报告
提出意见建议推动有关部门抓好整改落

实到位。
二是注重跟踪问效。建立问题清单
和整改台账实行销号管理确保件件有着
落、事事有回音。
三是强化结果运用。把监督结果作
为评价工作的重要依据推动建章立制。
"""


def _blocks(text: str):
    return segment_body(make_lines(text))


def _undented(text: str) -> list[tuple[str, str]]:
    """(kind, first six characters) of each block of ``text`` read as a page whose extractor
    dropped the first-line indents (the implicit style)."""
    return [(b.kind, b.text[:6]) for b in segment_body(make_lines(text), indent=(False, True))]


def test_headings_and_paragraphs_with_implicit_indent() -> None:
    blocks = _blocks(INDENTED)
    kinds = [(b.kind, b.text[:6]) for b in blocks]
    assert kinds == [
        ("paragraph", "近年来某市人"),
        ("heading", "聚焦主责主业"),
        ("paragraph", "一是坚持问题"),
        ("paragraph", "二是注重跟踪"),
        ("paragraph", "三是强化结果"),
    ]
    assert blocks[1].text == "聚焦主责主业 提升监督刚性"
    # a blank line that is only a column break does not end the paragraph
    assert blocks[2].text.endswith("抓好整改落实到位。")
    assert (blocks[2].lines[0].lineno, blocks[2].lines[-1].lineno) == (8, 12)


def test_style_inference_pools_evidence() -> None:
    ev = style_evidence(make_lines(INDENTED))
    assert infer_style([ev]) == (False, True)
    explicit = (
        "  第一段第一行文字很长很长\n第二行文字也很长很长很长很\n  第二段开始了文字很长很长\n结束了。\n"
    )
    assert infer_style([style_evidence(make_lines(explicit))]) == (True, False)


def test_explicit_indent_starts_paragraphs() -> None:
    text = "  推进基层治理现代化提升\n群众满意度持续增强。\n  开展专题询问推动整改\n取得实效。\n"
    blocks = _blocks(text)
    assert [b.text for b in blocks] == [
        "推进基层治理现代化提升群众满意度持续增强。",
        "开展专题询问推动整改取得实效。",
    ]


def test_no_indent_page_uses_blank_after_sentence_end() -> None:
    text = (
        "推进基层治理现代化提升群众满意度持\n续增强各项工作取得新进展新成效好。\n\n"
        "开展专题询问推动整改落实取得实效让\n群众看得见摸得着。\n"
    )
    blocks = _blocks(text)
    assert len(blocks) == 2 and blocks[1].text.startswith("开展专题询问")


def test_run_in_head_is_a_paragraph_not_a_heading() -> None:
    text = "做好基础工作。\n\n坚持党的领导，政治建设做加\n法。自觉接受党的全面领导，确保人\n大工作始终与党委同心同向。\n"
    blocks = _blocks(text)
    assert [b.kind for b in blocks] == ["paragraph", "paragraph"]
    assert blocks[1].text.startswith("坚持党的领导，政治建设做加法。")


def test_wrapped_heading_joins_without_space() -> None:
    assert heading_wrapped("坚持党的领导，全心全意落", "实新时代为民履职新要求")
    assert not heading_wrapped("以学铸魂", "坚守政治忠诚“生命线”")
    assert join_heading(make_lines("以学铸魂\n坚守政治忠诚“生命线”")) == "以学铸魂 坚守政治忠诚“生命线”"


def test_join_paragraph_cleans_spacing_and_hanging_punctuation() -> None:
    lines = make_lines("全 力 支 持 和 保 障 代 表 依 法 履\n职 ，制定法规 12 部\n。")
    assert join_paragraph(lines) == "全力支持和保障代表依法履职，制定法规12部。"


def test_continues_sentence() -> None:
    assert continues_sentence("道。从实际效果看")
    assert continues_sentence("，办好读书班")
    assert not continues_sentence("一、坚持党的领导")
    assert not continues_sentence("近年来，")


def test_empty_and_blank_bodies() -> None:
    assert segment_body([]) == []
    assert segment_body(make_lines("\n\n  \n")) == []


_QA = (
    "会议间隙，记者就代表建议办理情况采访了\n她。\n"
    "记者：您这次带来的建议主要关注哪些方面？\n"
    "王红：我主要关注农村养老服务，这几年走\n访了很多村子，看到不少新变化。\n"
    "记者：您对下一步工作有什么具体的期待？\n"
    "王红：希望各地把养老服务站建好用好。\n"
)


def test_qa_turns_start_paragraphs_on_a_page_without_indents() -> None:
    paras = [b.text for b in _blocks(_QA)]
    assert [p[:3] for p in paras] == ["会议间", "记者：", "王红：", "记者：", "王红："]


def test_a_label_without_an_interviewer_is_no_turn() -> None:
    text = _QA.replace("记者：", "他表示：")
    assert len(_blocks(text)) < 5


# A narrow column (14 cells) in text that dropped its indents: a heading as wide as a first line.
HEADING_AS_WIDE = """\
某市人大常委会围绕中心工作开
展监督检查，推动解决突出问题。
强化制度保障激发治理活力
在具体工作中，常委会组成
人员深入基层调研详细了解情况
并形成调研报告提出意见建议推
动有关部门抓好整改落实到位。
"""


def test_a_heading_as_wide_as_a_first_line_over_one_is_a_heading() -> None:
    assert _undented(HEADING_AS_WIDE) == [
        ("paragraph", "某市人大常委"),
        ("heading", "强化制度保障"),
        ("paragraph", "在具体工作中"),
    ]


NUMBERED_FULL = """\
各专门委员会对草案逐条研究修改，强化预算
审查监督，推动解决一批实际问题。
（二）创新监督方式 汇聚发展合力“金钥匙”
加强基层治理薄弱环节，依托网络开展远程
视察，围绕乡村振兴关注农村人居环境整治。
"""


@pytest.mark.parametrize("indent", [(False, False), (False, True)])
def test_a_numbered_heading_filling_the_column_is_a_heading(indent: tuple[bool, bool]) -> None:
    # PyMuPDF on a WeasyPrint page: no blank line, no indent; a section number and no clause mark
    # in a full line after a finished sentence: the heading, not the first line of the paragraph
    blocks = segment_body(make_lines(NUMBERED_FULL), indent=indent)
    assert [(b.kind, b.text[:6]) for b in blocks] == [
        ("paragraph", "各专门委员会"),
        ("heading", "（二）创新监"),
        ("paragraph", "加强基层治理"),
    ]
    # an enumerated paragraph: a clause mark in its first line, or its words running on
    for first, second in [
        ("（二）创新监督方式，汇聚发展合力和金钥匙", "加强基层治理薄弱环节，依托网络开展远程"),
        ("（二）创新监督方式汇聚发展合力加强基层治", "理薄弱环节，依托网络开展远程视察和调研"),
    ]:
        text = NUMBERED_FULL.replace("（二）创新监督方式 汇聚发展合力“金钥匙”", first).replace(
            "加强基层治理薄弱环节，依托网络开展远程", second
        )
        assert [b.kind for b in segment_body(make_lines(text), indent=indent)] == ["paragraph", "paragraph"]


def test_a_first_line_over_a_line_cut_short_by_a_pushed_down_quote_is_no_heading() -> None:
    # ``负责人表示：`` is short because the opening quote could not end it, not because it is indented.
    text = HEADING_AS_WIDE.replace(
        "强化制度保障激发治理活力\n在具体工作中，常委会组成\n人员深入基层调研详细了解情况\n",
        "常委会有关负责人在会上表\n示近年来大家都一致认为：\n“法规好不好，关键要看管不管用，\n",
    )
    blocks = segment_body(make_lines(text), indent=(False, True))
    assert [b.kind for b in blocks] == ["paragraph", "paragraph"]
    assert blocks[1].text.startswith("常委会有关负责人在会上表示近年来")


def test_headings_of_a_newspaper_page_in_pymupdf_text_are_read_as_headings() -> None:
    """Narrow columns, each section heading over an indented first line (the extractor dropped the
    indent): the heading no longer opens the paragraph's text."""
    from pathlib import Path

    from pipeline.layout import read_page

    path = Path(__file__).parent / "data" / "extractors" / "news76014_broadsheet.pymupdf.txt"
    page = read_page(path.read_text(encoding="utf-8"))
    heads = {p.heading for a in page.articles for p in a.paragraphs}
    assert {"创新监督方式", "守牢安全底线", "聚焦主责主业"} <= heads
    assert not any(
        p.text.startswith(("创新监督方式", "守牢安全底线", "聚焦主责主业"))
        for a in page.articles
        for p in a.paragraphs
    )


# A heading wrapped over a full line, no blank line around it, over an enumerated paragraph.
WRAPPED_HEADING = """\
某市人大常委会围绕中心工作开
展监督检查，推动解决突出问题。
坚持开门立法，推动法规落地，
助力发展
首先，拓展立体化宣传，打
通服务群众最后一公里，接待群
众八百余人次。
"""


def test_a_heading_wrapped_over_a_full_line_ends_on_its_unpunctuated_tail() -> None:
    assert _undented(WRAPPED_HEADING) == [
        ("paragraph", "某市人大常委"),
        ("heading", "坚持开门立法"),
        ("paragraph", "首先，拓展立"),
    ]
    # the same two lines under a line that did not end its sentence are the paragraph's text
    cut = WRAPPED_HEADING.replace("推动解决突出问题。", "推动解决突出问题")
    assert [kind for kind, _ in _undented(cut)] == ["paragraph"]


@pytest.mark.parametrize(
    "heading",
    [
        "强化制度保障激发治理活力\n凝聚发展合力汇聚奋进力量\n",  # two lines, a cell short
        "一、突出民生 筑牢法治根基\n",  # numbered, two phrases
        "激活基层末梢擦亮“主阵地”\n",  # a quoted word
    ],
    ids=["two-lines", "numbered", "quoted-word"],
)
def test_a_heading_over_a_first_line_is_a_heading(heading: str) -> None:
    kinds = _undented(HEADING_AS_WIDE.replace("强化制度保障激发治理活力\n", heading))
    assert kinds == [
        ("paragraph", "某市人大常委"),
        ("heading", heading[:6]),
        ("paragraph", "在具体工作中"),
    ]


def test_a_heading_wrapped_inside_a_quoted_word_ends_on_its_tail() -> None:
    text = WRAPPED_HEADING.replace(
        "坚持开门立法，推动法规落地，\n助力发展\n", "三、坚持问题导向筑牢法治“主\n阵地”\n"
    )
    kinds = _undented(text)
    assert kinds == [
        ("paragraph", "某市人大常委"),
        ("heading", "三、坚持问题"),
        ("paragraph", "首先，拓展立"),
    ]


def test_a_heading_as_wide_as_a_first_line_over_an_enumerated_one_is_a_heading() -> None:
    text = HEADING_AS_WIDE.replace(
        "在具体工作中，常委会组成\n人员深入基层调研详细了解情况\n",
        "首先，坚持高站位谋划。\n人员深入基层调研详细了解情况\n",
    )
    kinds = _undented(text)
    assert kinds[:3] == [
        ("paragraph", "某市人大常委"),
        ("heading", "强化制度保障"),
        ("paragraph", "首先，坚持高"),
    ]


def test_a_wrapped_heading_over_an_enumerated_line_that_fills_the_column_is_a_heading() -> None:
    text = WRAPPED_HEADING.replace("首先，拓展立体化宣传，打\n通服", "首先，拓展立体化宣传，打通\n服")
    kinds = _undented(text)
    assert kinds == [
        ("paragraph", "某市人大常委"),
        ("heading", "坚持开门立法"),
        ("paragraph", "首先，拓展立"),
    ]
