"""A boxed note in text (名词解释 / 背景资料 / 相关链接 …, a few lines): the page's furniture, as the PDF
reader keeps a box it sees drawn — not an article of its own between two stories.

Text from PyMuPDF and pypdf prints a box's label and lines where the box stands in the column; it was
read as a short article titled by the label (dev sets: 177 tool pages; PyMuPDF articles F1 0.925 →
0.939, pypdf 0.921 → 0.935, with this rule)."""

from __future__ import annotations

from pipeline.layout import read_page

STORY_A = """为乡村振兴注入法治动能
本报记者 王明
近年来，市人大常委会围绕乡村振兴开展执法检查，推动各项决策部署落地落实，建成代表联络站
三十一个，畅通社情民意表达渠道，推动解决一批群众关心的实际问题，群众满意度持续提升。
"""
STORY_B = """织密基层治理网
本报记者 李华
为此，预算工作委员会完善工作规则和议事程序，开展“最多跑一次”活动，通过专项审议、备案审
查等方式完善工作规则和议事程序，覆盖十三个乡镇（街道），推动基层治理提质增效。
"""


def test_a_boxed_note_between_stories_is_furniture() -> None:
    box = (
        "名 词 解 释\n本报讯 代表联络站是人大代\n表联系群众的重要平台，设在街\n道、乡镇，定期开放接待群众。\n"
    )
    page = read_page(STORY_A + box + STORY_B)
    assert [a.title for a in page.articles] == ["为乡村振兴注入法治动能", "织密基层治理网"]
    assert "名词解释 本报讯 代表联络站是人大代表联系群众的重要平台，设在街道、乡镇，定期开放接待群众。" in (
        page.furniture.other
    )
    assert all("代表联络站是人大代" not in a.text for a in page.articles)


def test_a_label_over_text_that_runs_on_is_not_a_box() -> None:
    """A box holds a few lines ending a sentence; a label over more (or unfinished) text is left to
    the other rules."""
    long = "背景资料\n" + "".join(
        f"推进第{n}批基层立法联系点提质扩面，围绕城市更新持续优化营商环\n" for n in "一二三四五六七"
    )
    page = read_page(STORY_A + long + "境。\n" + STORY_B)
    assert not any("背景资料" in o for o in page.furniture.other)
    assert "推进第七批基层立法联系点提质扩面" in "".join(a.text for a in page.articles)


NARROW = """把联络站建在群众家门口
本报记者 张伟
今年以来，县人大
常委会推动各项决
策部署落地落实，
建成代表联络站三
十一个，围绕数字
经济开展主题活动。
"""


def test_a_box_set_at_its_own_measure_keeps_all_its_sentences() -> None:
    """A box set wider than the narrow column it stands in (a sidebar across it) holds two
    sentences: the lines after the first keep the box's measure, so they are the box's too — its
    last sentence had been read on into the story under it (a paragraph splicing two columns)."""
    box = (
        "名词解释\n"
        "代表联络站是人大代表联系群众的重要平台，设在街道和乡镇，定\n"
        "期开放接待群众，全年接待群众三千二百余人次，收集意见建议。\n"
        "群众反映的问题由代表汇总后交有关部门办理，跟踪督办落实，办\n"
        "理结果向群众反馈。\n"
    )
    page = read_page(NARROW + box + STORY_B)
    assert [a.title for a in page.articles] == ["把联络站建在群众家门口", "织密基层治理网"]
    assert all("理结果向群众反馈" not in a.text for a in page.articles)
    assert any(o.endswith("办理结果向群众反馈。") for o in page.furniture.other)
