"""Article assembly: title placement decided per page, bylines, footnotes, furniture, line roles,
and totality (read_page never raises)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.layout import read_page
from pipeline.layout.styles import UNRESTORED
from pipeline.types import PageLayout

BODY_A = """\
某市人大常委会坚持把监督重点放在
制度执行上，组织开展执法检查，推
动审议意见落地见效。

一是突出问题导向。围绕群众急难
愁盼问题开展专项调研，形成调研报
告，推动解决一批实际问题。
"""

BODY_B = """\
某区人大常委会拓宽公众有序参与立
法的渠道，召开立法协商座谈会，邀
请专家学者参与论证。

二是坚持开门立法。广泛听取基层
群众意见，建立意见建议反馈机制，
让群众看得见摸得着。
"""

TITLE_FIRST = f"""\
某某日报  2024年3月5日  星期二  第5版  地方人大
责任编辑：王小明

聚焦民生实事——
让每一条民意都有回音
——某市人大常委会推进监督工作侧记

■ 张 伟（河南）

{BODY_A}
（作者系某市人大常委会研究室主任）

织密基层治理网

本报记者  李娜 通讯员 赵强

{BODY_B}
（下转第2版）
"""

TITLE_LAST = f"""\
■ 张 伟（河南）

{BODY_A}
让每一条民意都有回音

■ 陈 刚（四川）

{BODY_B}
织密基层
治理网
"""


def test_title_first_page() -> None:
    layout = read_page(TITLE_FIRST)
    a, b = layout.articles
    assert (a.kicker, a.title, a.subtitle) == (
        "聚焦民生实事——",
        "让每一条民意都有回音",
        "——某市人大常委会推进监督工作侧记",
    )
    assert a.authors == ("张伟",) and a.author_region == "河南" and a.byline == "■ 张 伟（河南）"
    assert a.author_affiliation == "某市人大常委会研究室主任"
    assert [p.text[:7] for p in a.paragraphs] == ["某市人大常委会", "一是突出问题导"]
    assert b.title == "织密基层治理网" and b.authors == ("李娜", "赵强") and b.author_region is None
    assert b.paragraphs[-1].text.endswith("让群众看得见摸得着。")
    f = layout.furniture
    assert (f.publication, f.date, f.page, f.column, f.editor) == (
        "某某日报",
        "2024-03-05",
        "5",
        "地方人大",
        "王小明",
    )
    assert f.other == ("（下转第2版）",)
    assert all("下转" not in p.text for art in layout.articles for p in art.paragraphs)


def test_title_last_page() -> None:
    layout = read_page(TITLE_LAST)
    a, b = layout.articles
    assert a.title == "让每一条民意都有回音" and a.authors == ("张伟",)
    assert b.title == "织密基层 治理网" and b.authors == ("陈刚",) and b.author_region == "四川"
    assert len(a.paragraphs) == 2 and len(b.paragraphs) == 2
    roles = {r.lineno: (r.role, r.article) for r in layout.lines}
    title_line = next(r.lineno for r in layout.lines if r.raw == "让每一条民意都有回音")
    assert roles[title_line] == ("title", 0)


def test_inline_dateline_byline() -> None:
    text = (
        "代表履职进行时\n\n新华社北京3月5日电（记者 赵 明）今天，某市人大常委会召开会议，\n审议有关报告。\n"
    )
    (a,) = read_page(text).articles
    assert a.title == "代表履职进行时" and a.authors == ("赵明",)
    assert a.byline == "新华社北京3月5日电（记者 赵 明）"
    assert a.text == "今天，某市人大常委会召开会议，审议有关报告。"


def test_page_without_byline_or_title_keeps_its_text() -> None:
    text = "推动审议意见落地见效，组织开展执法检查，\n形成调研报告。\n"
    (a,) = read_page(text).articles
    assert a.text == "推动审议意见落地见效，组织开展执法检查，形成调研报告。"
    assert "untitled" in a.flags and "no_byline" in a.flags
    assert (a.line_start, a.line_end) == (1, 2)


_ITEM = "　　区人大常委会日前召开会议，听取和审议了有\n关部门的专项工作报告，提出审议意见。\n"


def test_page_of_short_items_splits_at_each_title() -> None:
    # with no byline at all, or a first item led by 本报讯 and the next printed without one
    for lead in ("", "本报讯　"):
        first = _ITEM.replace("　　", "　　" + lead, 1)
        arts = read_page(f"街道开展选民登记工作\n{first}\n县人大代表视察水利工程\n{_ITEM}").articles
        assert [a.title for a in arts] == ["街道开展选民登记工作", "县人大代表视察水利工程"]
        assert "no_byline" in arts[1].flags and all(len(a.paragraphs) == 1 for a in arts)


def test_short_item_keeps_its_section_headings() -> None:
    # numbered, led by a marker, or not set off by a blank line: a heading, not a new item
    for lead in ("", "本报讯　"):
        first = _ITEM.replace("　　", "　　" + lead, 1)
        for head, gap in (("一、完善工作机制", "\n"), ("■ 完善工作机制", "\n"), ("完善工作机制", "")):
            text = f"街道开展选民登记工作\n{first}{gap}{head}\n{_ITEM}"
            (a,) = read_page(text).articles
            assert a.title == "街道开展选民登记工作" and len(a.paragraphs) == 2, (lead, head)


_BODY = "■ 吴 迪（江西）\n\n　　市人大常委会日前召开会议，听取和审议了有\n关部门的专项工作报告。\n"


def test_dashless_kicker_needs_a_cue() -> None:
    cases = {
        # the title tracked out, the line above it not: a kicker in a smaller face
        "聚焦代表建议办理\n办 好 群 众 身 边 的 实 事\n": ("聚焦代表建议办理", "办好群众身边的实事"),
        # a shorter phrase above a parallel pair of title lines
        "履职在一线\n推动老旧小区改造\n惠及更多居民家庭\n": (
            "履职在一线",
            "推动老旧小区改造惠及更多居民家庭",
        ),
        # no cue: a headline broken in two, whichever line is shorter
        "代表建议办理\n办好群众身边的实事\n": (None, "代表建议办理办好群众身边的实事"),
        # a wrapped headline whose first line is justified (spaced) is not a kicker either way
        "推 动 代 表 建 议 办 理\n见实效\n": (None, "推动代表建议办理见实效"),
    }
    for head, (kicker, title) in cases.items():
        (a,) = read_page(head + _BODY).articles
        assert (a.kicker, "".join((a.title or "").split())) == (kicker, title), head


def test_empty_and_blank_pages_have_no_articles() -> None:
    for text in ("", "\n", "   \n\u3000\n\r\n", "\ufeff"):
        layout = read_page(text)
        assert isinstance(layout, PageLayout) and layout.articles == ()


def test_furniture_only_page() -> None:
    layout = read_page("某某日报  2024年3月5日  星期二  第5版\n责任编辑：王小明\n")
    assert layout.articles == ()
    assert layout.furniture.editor == "王小明" and layout.furniture.date == "2024-03-05"
    assert {r.role for r in layout.lines} == {"furniture"}


def test_caption_is_furniture() -> None:
    text = TITLE_FIRST.replace("（下转第2版）", "▲ 图为代表在社区调研。\n（本报记者 王五 摄）")
    layout = read_page(text)
    assert any("图为代表在社区调研" in o for o in layout.furniture.other)
    assert all("摄" not in p.text for a in layout.articles for p in a.paragraphs)


def test_a_caption_takes_no_shorter_line_above_it() -> None:
    # a caption wrapped over lines fills its measure on every line but the last: a shorter line
    # over it (an author note, a headline drawn before the photo) is no part of it
    caption = ["近日，市人大常委会组织代表开展跟踪监督，", "察看整改落实情况。", "（本报记者 王五 摄）"]
    for above in ("（作者系某市人大常委会主任）", "专题询问问出实效"):
        layout = read_page("\n".join([above, *caption]))
        assert [r.role for r in layout.lines][1:] == ["furniture"] * 3
        assert layout.lines[0].role != "furniture"


def test_every_line_gets_a_role() -> None:
    layout = read_page(TITLE_FIRST)
    assert len(layout.lines) == len(TITLE_FIRST.split("\n")) - 1
    assert {r.role for r in layout.lines} >= {
        "title",
        "kicker",
        "subtitle",
        "byline",
        "body",
        "footnote",
        "blank",
    }


_PAGE_CHARS = st.sampled_from(
    list(
        "人大代表监督立法条例，。、“”（）：；！？——■▲本报记者讯新华社电作者系责任编辑摄一二是 \n\n\n\r\t　ab12"
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(_PAGE_CHARS, max_size=400))
def test_read_page_never_raises_on_page_like_text(text: str) -> None:
    layout = read_page(text)
    assert isinstance(layout, PageLayout)
    parts = text.split("\n")
    assert len(layout.lines) == len(parts) - (1 if len(parts) > 1 and not parts[-1].removesuffix("\r") else 0)
    for a in layout.articles:
        for p in a.paragraphs:
            assert p.text and "\n" not in p.text
            assert 1 <= p.line_start <= p.line_end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_read_page_never_raises_on_any_text(text: str) -> None:
    assert isinstance(read_page(text), PageLayout)


def test_kicker_and_subtitle_set_off_by_blank_lines() -> None:
    text = TITLE_FIRST.replace("聚焦民生实事——\n", "聚焦民生实事——\n\n").replace(
        "让每一条民意都有回音\n", "让每一条民意都有回音\n\n"
    )
    a = read_page(text).articles[0]
    assert (a.kicker, a.title, a.subtitle) == (
        "聚焦民生实事——",
        "让每一条民意都有回音",
        "——某市人大常委会推进监督工作侧记",
    )


def test_column_label_above_first_title_is_furniture() -> None:
    text = "人大论坛\n\n" + TITLE_FIRST.split("\n", 3)[3]
    layout = read_page(text)
    assert len(layout.articles) == 2
    assert layout.furniture.column == "人大论坛"
    assert layout.articles[0].title == "让每一条民意都有回音"


def test_inline_continuation_note_moves_to_furniture() -> None:
    text = (
        "让每一条民意都有回音\n\n■ 张伟（河南）\n\n"
        "某市人大常委会坚持把监督重点放在制度\n执行上，推动审议意见落地见效。（下转第2版）\n"
    )
    layout = read_page(text)
    assert layout.articles[0].text == "某市人大常委会坚持把监督重点放在制度执行上，推动审议意见落地见效。"
    assert layout.furniture.other == ("（下转第2版）",)


def test_bulleted_phrases_are_not_bylines() -> None:
    text = TITLE_FIRST.replace("一是突出问题导向。", "■ 聚焦主业\n\n一是突出问题导向。")
    layout = read_page(text)
    assert len(layout.articles) == 2


def test_internal_error_falls_back_to_plain_paragraphs(monkeypatch) -> None:
    import pipeline.layout as layout_pkg

    def boom(text: str, **kw: object) -> PageLayout:
        raise RuntimeError("bug")

    monkeypatch.setattr(layout_pkg, "assemble", boom)
    layout = layout_pkg.read_page("第一段文字。\n\n第二段文字。\n")
    (a,) = layout.articles
    assert [p.text for p in a.paragraphs] == ["第一段文字。", "第二段文字。"]
    assert "layout_fallback" in a.flags
    # never passed off as a reading: the page is flagged (counted in the summary) and says why
    assert layout.style == "layout_failed" and layout.style in UNRESTORED
    assert layout.style_note is not None and "RuntimeError: bug" in layout.style_note


def test_page_with_title_but_no_byline() -> None:
    text = "让每一条民意都有回音\n\n" + BODY_A
    (a,) = read_page(text).articles
    assert a.title == "让每一条民意都有回音"
    assert a.flags == ("no_byline",)
    assert len(a.paragraphs) == 2


def test_short_items_without_indents_split_under_shorter_titles() -> None:
    # the extractor dropped the indent: first lines are two cells short, titles shorter still
    item = "区人大常委会日前召开会议，听取和审\n议了有关部门的专项工作报告，提出审议\n意见建议十二条。\n"
    arts = read_page(f"街道开展选民登记\n{item}\n县人大代表视察水利\n{item}").articles
    assert [a.title for a in arts] == ["街道开展选民登记", "县人大代表视察水利"]
    # a paragraph's first line after a column break is as short as the line under it: no title
    (a,) = read_page(f"街道开展选民登记\n{item}\n县人大代表们集中视察农村水利工程\n{item}").articles
    assert a.title == "街道开展选民登记"


# A page header printed a text object a line (PyMuPDF, pypdf): the column name on a line of its own.
SPLIT_HEADER = (
    "人民议政报\n2020年5月8日星期五\n第4版\n{column}\n让每一条民意都有回音\n本报记者 王明\n" + BODY_A
)


def test_a_column_name_under_a_split_header_is_not_part_of_the_first_title() -> None:
    page = read_page(SPLIT_HEADER.format(column="代表风采"))
    assert page.furniture.column == "代表风采" and page.furniture.page == "4"
    assert page.articles[0].title == "让每一条民意都有回音"


def test_a_longer_first_title_line_under_a_split_header_stays_in_the_title() -> None:
    # five characters and more: a headline's first line, not a column name
    page = read_page(SPLIT_HEADER.format(column="践行初心使命"))
    assert page.furniture.column is None
    assert page.articles[0].title is not None and page.articles[0].title.startswith("践行初心使命")


def test_a_letter_spaced_dateline_wrapped_inside_a_name_credits_both() -> None:
    """A dateline justified across a narrow column (pypdf prints its spaces) and broken inside
    the last name: the credit names both, the text starts after it."""
    text = (
        "让每一条民意都有回音\n"
        "本 报 讯 （记 者 贾 刚 通 讯 员 朱\n"
        "宁）通过执法检查、专题询问等方式\n"
        "用好人大代表履职平台，关注食品药\n"
        "品安全。\n"
    )
    (a,) = read_page(text).articles
    assert a.title == "让每一条民意都有回音"
    assert a.authors == ("贾刚", "朱宁")
    assert a.paragraphs[0].text.startswith("通过执法检查")


def test_a_column_name_under_a_split_header_over_a_kicker_is_the_column() -> None:
    text = SPLIT_HEADER.replace("{column}\n", "{column}\n大同——\n").format(column="履职视点")
    page = read_page(text)
    assert page.furniture.column == "履职视点"
    assert page.articles[0].kicker == "大同——" and page.articles[0].title == "让每一条民意都有回音"


def test_a_letter_spaced_page_header_is_the_header() -> None:
    """A tracked page (every glyph followed by a space, wider gaps between fields): the header's
    fields are read as set, not as the first article's text."""
    text = "0 8    代 表 访 谈\n2 0 2 5 年 3 月 8 日   星 期 六   人 民 之 声 报\n\n" + TITLE_FIRST
    page = read_page(text)
    assert (page.furniture.page, page.furniture.column, page.furniture.date) == (
        "8",
        "代表访谈",
        "2025-03-08",
    )
    assert page.furniture.publication == "人民之声报"
    assert not any("代表访谈" in a.text for a in page.articles)


def test_a_first_line_with_a_clause_mark_running_a_word_into_the_text_is_no_title() -> None:
    # a story's first line after a page break, its indent dropped: 委会对草案逐条研究修改，关注食品药
    # / 品安全。 (pdfminer.six's text of a Typst page). A clause mark amid the line and 药品 running
    # on across the break: a sentence wrapped, never a headline (before: read as the story's title)
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "typst" / "ty6024.pdfminer.txt").read_text(encoding="utf-8")
    first = read_page(text).articles[0]
    assert first.title is None
    assert first.paragraphs[0].text.startswith("委会对草案逐条研究修改，关注食品药品安全。")
