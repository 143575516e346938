"""Text in a PDF's drawing order (PyMuPDF, pypdf): each story in one piece, its title before its
text (set above or beside it) or after it (set below it, or vertically) — on one page, both.

The rules tried here (``pipeline/layout/articles.py``): a header printed field by field keeps its
column name; a title after a closing credit or a ``（下转…）`` note is a title; two headlines in one
block (a kicker between) are judged one by one; the blocks between stories are handed out again so
that each story has its own title (:func:`~pipeline.layout.storyorder.rebalance_titles`), and a page
read so is flagged, as is one where a story runs into a box or into another story signed by others.
Reading-order pages never meet these rules: every page of ``benchmarks/extractor_styles.py``'s
false-alarm sets reads as before (``tests/test_extractor_styles.py``).
"""

from __future__ import annotations

import pytest

from pipeline.layout import read_page
from pipeline.layout.lines import make_lines
from pipeline.layout.paragraphs import join_heading
from pipeline.layout.styles import FLAGS

FLAG = FLAGS["misordered_blocks"]

BODY_A = [
    "县人大常委会日前就全县",
    "农村饮水安全工作开展专",
    "题询问，县水利局、卫健",
    "局等部门主要负责同志到",
    "会应询，逐一作答。",
]
BODY_B = [
    "区人大常委会近日召开代",
    "表建议督办推进会，对今",
    "年区人大代表提出的重点",
    "建议办理情况进行跟踪督",
    "办，切实提高办理质量。",
]
BODY_C = [
    "各镇人大代表小组结合代",
    "表活动月，开展政策宣讲",
    "、走访选民、视察调研等",
    "活动，收集群众意见建议",
    "一百余条，件件有回音。",
]


def page(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for line in part)


HEADER = ["人大时报", "代表之家", "第3版", "2024年5月6日 星期一", "责任编辑：王明"]


def test_a_column_name_between_header_fields_is_furniture() -> None:
    text = page(HEADER, ["■ 陈 平（河北）"], BODY_A, ["专题询问问出实效"])
    layout = read_page(text)
    assert layout.furniture.column == "代表之家"
    assert layout.furniture.page == "3"
    assert [r.role for r in layout.lines[:5]] == ["furniture"] * 5


def test_a_title_line_under_the_paper_name_is_not_a_column_name() -> None:
    # the line after it is text, not a header field: it stays the story's title
    text = page(["人大时报", "专题询问问出实效", "■ 陈 平（河北）"], BODY_A)
    layout = read_page(text)
    assert layout.furniture.column is None
    assert layout.articles[0].title == "专题询问问出实效"


def test_titles_after_some_stories_and_before_others_each_go_to_their_own() -> None:
    # story 1: title below its text; story 2: kicker and title above; story 3: title below again
    text = page(
        ["■ 陈 平（河北）"],
        BODY_A,
        ["专题询问问出实效", "基层立法联系点巡礼——", "督办推进会开到一线", "■ 吴 迪（山西）"],
        BODY_B,
        ["■ 柯 静（安徽）"],
        BODY_C,
        ["代表小组活动丰富多彩"],
    )
    layout = read_page(text)
    titles = [a.title for a in layout.articles]
    assert titles == ["专题询问问出实效", "督办推进会开到一线", "代表小组活动丰富多彩"]
    assert layout.articles[1].kicker == "基层立法联系点巡礼——"
    assert layout.style == "misordered_blocks"
    assert all(FLAG in a.flags for a in layout.articles)


def test_a_title_after_a_closing_credit_or_a_jump_note_is_a_title() -> None:
    text = page(
        BODY_A,
        ["（记者 陶然）", "专题询问问出实效", "■ 吴 迪（山西）"],
        BODY_B[:-1],
        ["建议办理情况进行跟踪督", "（下转第8版）", "代表小组活动丰富多彩", "■ 柯 静（安徽）"],
        BODY_C,
    )
    layout = read_page(text)
    roles = {r.raw: r.role for r in layout.lines}
    assert roles["专题询问问出实效"] == "title"
    assert roles["代表小组活动丰富多彩"] == "title"
    for a in layout.articles:  # no title line read into a paragraph
        assert all("专题询问问出实效" not in p.text and "活动丰富多彩" not in p.text for p in a.paragraphs)


def test_a_story_signed_twice_by_different_people_is_flagged() -> None:
    # the second story's title is lost in the text: one article with two bylines, run together
    text = page(["■ 陈 平（河北）"], BODY_A, BODY_B, ["（记者 吴迪 柯静）", "专题询问问出实效"])
    layout = read_page(text)
    assert layout.style == "misordered_blocks"
    assert any(FLAG in a.flags for a in layout.articles)


def test_two_subtitles_in_one_head_flag_the_page() -> None:
    # heads read before their texts (pdftotext on a band of headlines): a story has one subtitle
    subs = ["——来自曲靖石桥镇的报道", "——来自宜宾长岭镇的报道"]
    layout = read_page(page(["专题询问问出实效", *subs, "本报记者 陈平"], BODY_A, BODY_B))
    assert layout.style == "misordered_blocks"
    assert all(FLAG in a.flags for a in layout.articles)
    # a kicker and a subtitle: one story's head
    head = ["基层立法联系点巡礼——", "专题询问问出实效", subs[0], "本报记者 陈平"]
    assert read_page(page(head, BODY_A, BODY_B)).style == "reading_order"


def test_a_title_longer_than_any_headline_flags_the_page() -> None:
    # pdftotext printing a row of headlines line by line: the heads of several stories as one title
    heads = [
        "为乡村振兴注入法治动能凝聚公共交监督聚焦民生痛点",
        "赤让每一条民意都有回小切口立法解决大问",
        "峰打造小切口履职品牌音株洲人大常委会开题",
    ]
    layout = read_page(page(heads, ["本报记者 陈平"], BODY_A, BODY_B))
    assert layout.style == "misordered_blocks" and "title longer" in (layout.style_note or "")
    assert read_page(page(heads[:1], ["本报记者 陈平"], BODY_A, BODY_B)).style == "reading_order"


def test_the_same_reporter_at_top_and_bottom_is_one_story() -> None:
    text = page(["专题询问问出实效", "本报记者 陈平"], BODY_A, BODY_B, ["（记者 陈平 吴迪）"])
    layout = read_page(text)
    assert layout.style == "reading_order"
    assert not any(FLAG in a.flags for a in layout.articles)


def test_a_box_in_another_measure_inside_a_story_is_flagged() -> None:
    box = [
        "组织代表九千余人次参加活动，围绕妇女权益保障法实施情况开展执法检",
        "查，拓宽公众有序参与立法的渠道，推行立法直通车工作法，深化机关作",
        "风建设，关注农村人居环境整治，台州各级人大代表推动养老服务体系建",
        "设，让群众看得见摸得着。",
    ]
    text = page(["专题询问问出实效", "■ 陈 平（河北）"], BODY_A, BODY_B, box, BODY_C)
    layout = read_page(text)
    assert layout.style == "misordered_blocks"


def test_a_box_narrower_than_the_story_read_into_it_is_flagged() -> None:
    # drawing order: a sidebar set in a narrower measure printed after the story's text, no head
    # of its own that reads as one: the story's lines run on at one width, the box's at another
    box = [
        "完善代表建议办理",
        "机制，形成了代表",
        "在身边的经验做法",
        "，全年共举办活动",
        "三十五期。",
    ]
    text = page(["专题询问问出实效", "■ 陈 平（河北）"], BODY_A, BODY_B, box)
    assert read_page(text).style == "misordered_blocks"


def test_a_story_in_one_measure_is_not_flagged() -> None:
    text = page(["专题询问问出实效", "■ 陈 平（河北）"], BODY_A, BODY_B, BODY_C)
    layout = read_page(text)
    assert layout.style == "reading_order"


def test_heads_listed_before_their_texts_are_flagged() -> None:
    # a band of two headlines read before the columns under it: whose text is whose is not known
    text = page(
        ["专题询问问出实效", "本报记者 陈平", "督办推进会开到一线", "本报记者 吴迪"],
        BODY_A,
        BODY_B,
    )
    layout = read_page(text)
    assert layout.style == "misordered_blocks"
    assert all(FLAG in a.flags for a in layout.articles)


def test_a_story_with_its_text_then_the_next_head_is_not_flagged() -> None:
    text = page(
        ["专题询问问出实效", "本报记者 陈平"], BODY_A, ["督办推进会开到一线", "本报记者 吴迪"], BODY_B
    )
    layout = read_page(text)
    assert layout.style == "reading_order"
    assert [a.title for a in layout.articles] == ["专题询问问出实效", "督办推进会开到一线"]


# --- text with its blank lines dropped (PyMuPDF, pypdf print none) -------------------------------


def test_a_question_title_after_a_finished_sentence_heads_the_next_story() -> None:
    text = page(
        ["专题询问问出实效", "本报记者 陈平"], BODY_A, ["监督怎样才能不走过场？", "本报记者 吴迪"], BODY_B
    )
    assert [a.title for a in read_page(text).articles] == ["专题询问问出实效", "监督怎样才能不走过场？"]


def test_a_question_title_under_its_kicker_heads_the_next_story() -> None:
    text = page(
        ["专题询问问出实效", "本报记者 陈平"],
        BODY_A,
        ["基层立法联系点巡礼——", "监督怎样才能不走过场？", "本报记者 吴迪"],
        BODY_B,
    )
    layout = read_page(text)
    assert [a.title for a in layout.articles] == ["专题询问问出实效", "监督怎样才能不走过场？"]
    assert layout.articles[1].kicker == "基层立法联系点巡礼——"


def test_an_indented_question_closing_a_story_stays_its_text() -> None:
    text = page(["专题询问问出实效", "本报记者 陈平"], BODY_A, ["　　监督怎样才能不走过场？"])
    layout = read_page(text)
    assert len(layout.articles) == 1
    assert layout.articles[0].paragraphs[-1].text == "监督怎样才能不走过场？"


def test_a_question_ending_a_paragraph_is_not_the_next_title() -> None:
    # ``…立法如`` / ``何更好回应群众期待？`` ends the text above; the title under it is one line
    text = page(
        ["专题询问问出实效", "本报记者 陈平"],
        [*BODY_A[:-1], "会应询，立法如", "何更好回应群众期待？", "代表履职进行时", "本报记者 吴迪"],
        BODY_B,
    )
    layout = read_page(text)
    assert [a.title for a in layout.articles] == ["专题询问问出实效", "代表履职进行时"]
    assert layout.articles[0].paragraphs[-1].text.endswith("立法如何更好回应群众期待？")


def test_synthetic_pages_without_their_blank_lines_keep_their_titles() -> None:
    """Reading-order text with no blank line (as PyMuPDF and pypdf print it): the titles are found
    by their shape and place alone (0.994 of 1,000 pages' titles; 0.966 before the rules above)."""
    from tests.layout_metrics import score_page, summarize
    from tests.synthetic import generate_page

    scores = []
    for seed in range(200):
        p = generate_page(seed)
        text = "\n".join(ln for ln in p.text.split("\n") if ln.strip())
        scores.append(score_page(p.articles, read_page(text)))
    s = summarize(scores)
    assert s.articles_f1 == 1.0
    assert s.title_acc >= 0.975


def test_a_kicker_amid_text_heads_a_story_of_its_own() -> None:
    # a story's head (kicker over a title) amid another story's text, with no byline to anchor it:
    # read as a section heading, it would run the two stories together unflagged
    nxt = [
        "近日，区人大常委会召开",
        "代表建议督办推进会，对",
        "今年区人大代表提出的重",
        "点建议办理情况进行跟踪",
        "督办，切实提高办理质量。",
    ]
    text = page(["专题询问问出实效", "本报记者 陈平"], BODY_A, ["代表风采——", "督办推进会"], nxt)
    layout = read_page(text)
    assert [(a.kicker, a.title) for a in layout.articles] == [
        (None, "专题询问问出实效"),
        ("代表风采——", "督办推进会"),
    ]
    assert layout.articles[1].paragraphs[0].text.startswith("近日，区人大常委会")
    assert [r.role for r in layout.lines if r.raw == "代表风采——"] == ["kicker"]


def test_a_section_heading_does_not_flag_the_page() -> None:
    text = page(["专题询问问出实效", "本报记者 陈平"], BODY_A, ["坚持问题导向"], BODY_B)
    layout = read_page(text)
    assert layout.style == "reading_order"


def test_a_lead_title_stops_where_the_text_runs_on_without_its_indent() -> None:
    # a page of briefs with no byline, printed without blank lines or indents: the first line is
    # the title, the second (as wide as the column, running into punctuated text) the text
    text = "\n".join(
        [
            "市人大常委会检查食品安全法实施情况",
            "市人大常委会执法检查组近日深入农贸市",
            "场、学校食堂和食品生产企业，对食品安全法",
            "实施情况开展检查。检查组指出，要压实企业",
            "主体责任，健全从农田到餐桌的全链条监管体",
            "系，让群众吃得放心、安心。",
        ]
    )
    layout = read_page(text)
    assert layout.articles[0].title == "市人大常委会检查食品安全法实施情况"
    assert layout.articles[0].paragraphs[0].text.startswith("市人大常委会执法检查组")


def test_briefs_printed_without_blank_lines_are_each_an_article() -> None:
    text = "\n".join(
        [
            "市人大常委会检查食品安全法实施情况",
            "市人大常委会执法检查组近日深入农贸市",
            "场、学校食堂和食品生产企业，对食品安全法",
            "实施情况开展检查，让群众吃得放心、安心。",
            "县代表联络站开展集中接待活动",
            "6月以来，县人大常委会组织各代表联络站",
            "集中开展代表接待选民活动，共接待群众二百",
            "余人次，收集意见建议46条。",
            "镇人大主席团视察农村公路建设",
            "近日，镇人大主席团组织部分代表视察农",
            "村公路建设情况，实地察看了3条在建道路的",
            "施工进度和质量，减少对群众出行的影响。",
        ]
    )
    layout = read_page(text)
    assert [a.title for a in layout.articles] == [
        "市人大常委会检查食品安全法实施情况",
        "县代表联络站开展集中接待活动",
        "镇人大主席团视察农村公路建设",
    ]


def test_one_story_with_section_headings_keeps_them_with_blank_lines() -> None:
    # the same shape with its blank lines kept: a heading not set off by one is a section heading
    text = "\n".join(
        [
            "市人大常委会检查食品安全法实施情况",
            "",
            "　　市人大常委会执法检查组近日深入农贸",
            "市场、学校食堂和食品生产企业，对食品安全",
            "法实施情况开展检查，让群众吃得放心。",
            "坚持问题导向",
            "　　检查组要求，各有关部门要压实企业主",
            "体责任，健全全链条监管体系，切实把好关。",
        ]
    )
    layout = read_page(text)
    assert len(layout.articles) == 1


def test_a_marked_headline_amid_a_text_starts_a_new_story() -> None:
    # drawing order: a story's text, its jump note, then the next story's head (a headline over
    # its subtitle) and text, no byline anywhere to cut at
    text = page(
        ["专题询问问出实效", "本报记者 陈平"],
        BODY_A[:-1],
        ["会应询，逐一作答，并", "（下转第3版）", "督办推进会开到一线", "——访吉林人大代表冯宁强"],
        BODY_B,
    )
    layout = read_page(text)
    assert [a.title for a in layout.articles] == ["专题询问问出实效", "督办推进会开到一线"]
    assert layout.articles[1].subtitle == "——访吉林人大代表冯宁强"
    assert layout.articles[1].paragraphs[0].text.startswith("区人大常委会")


def test_a_subtitle_wrapped_onto_a_second_line_still_marks_the_headline() -> None:
    text = page(
        ["专题询问问出实效", "本报记者 陈平"],
        BODY_A,
        ["代表建议如何", "落地见效？", "——吉林“板凳会”工作法观", "察"],
        BODY_B,
    )
    layout = read_page(text)
    assert ["".join((a.title or "").split()) for a in layout.articles] == [
        "专题询问问出实效",
        "代表建议如何落地见效？",
    ]
    assert "".join((layout.articles[1].subtitle or "").split()) == "——吉林“板凳会”工作法观察"
    assert layout.articles[1].paragraphs[0].text.startswith("区人大常委会")


def test_a_headline_wider_than_the_text_around_it_starts_a_new_story() -> None:
    # a headline set across columns (wider than the column's lines), with a second line, after a
    # finished story and before running text: the next story, though no byline marks it
    text = page(
        ["专题询问问出实效", "本报记者 陈平"],
        BODY_A,
        ["把联络站建在群众家门口", "朝阳人大常委会开展备案审查纪实"],
        BODY_B,
    )
    layout = read_page(text)
    assert layout.articles[0].title == "专题询问问出实效"
    assert len(layout.articles) == 2
    assert layout.articles[1].paragraphs[0].text.startswith("区人大常委会")
    assert "把联络站建在群众家门口" in (layout.articles[1].title or "") + (layout.articles[1].subtitle or "")


def test_a_dash_ending_a_line_of_prose_is_no_headline() -> None:
    # ``…千家万户——`` / ``——提高…``: a dash where a prose line breaks, the sentence going on
    text = page(
        ["专题询问问出实效", "本报记者 陈平"],
        BODY_A,
        ["住房保障连着千家万户", "——聚焦群众急难愁盼问题", "开展专项调研。"],
        BODY_B,
    )
    layout = read_page(text)
    assert [a.title for a in layout.articles] == ["专题询问问出实效"]


def test_a_dateline_amid_a_paragraph_flags_the_page() -> None:
    # a story's dateline read into the paragraph of another: the byline that starts it went unread
    text = page(
        ["专题询问问出实效", "本报记者 陈平"],
        [*BODY_A[:-1], "会应询，逐一作答。新华社", "遵义7月28日电 区人大常"],
        BODY_B[1:],
    )
    layout = read_page(text)
    assert any("新华社遵义7月28日电" in p.text for a in layout.articles for p in a.paragraphs)
    assert layout.style == "misordered_blocks"


def test_a_tracked_phrase_between_blank_lines_is_not_joined_to_the_text_after_it() -> None:
    # pdfminer.six prints a headline set in a tracked face with a space after every glyph, between
    # blank lines (here printed twice: simulated bold); it heads what follows, it is not its text
    text = "\n".join(
        [
            "专题询问问出实效",
            "本报记者 陈平",
            "",
            *BODY_A,
            "",
            "记 者 手 记",
            "记 者 手 记",
            "",
            *BODY_B,
        ]
    )
    layout = read_page(text)
    paragraphs = [p.text for a in layout.articles for p in a.paragraphs]
    assert not any("记者手记" in t for t in paragraphs)
    assert any(p.heading == "记者手记" for a in layout.articles for p in a.paragraphs)


def test_a_justified_line_at_a_column_break_stays_text() -> None:
    text = "\n".join(
        [
            "专题询问问出实效",
            "本报记者 陈平",
            "",
            *BODY_A[:-1],
            "",
            "会 应 询 ， 逐 一",
            "",
            "作答，取得实效。",
        ]
    )
    paragraphs = [p.text for a in read_page(text).articles for p in a.paragraphs]
    assert any("会应询，逐一作答" in t for t in paragraphs)


def test_text_after_an_author_note_is_the_next_story() -> None:
    # pdfminer.six, drawing order: a signed piece, its author note, then another story's head
    # (set wider than the column) and text, with no byline to cut at
    text = page(
        ["专题询问问出实效", "■ 陈 平（河北）"],
        BODY_A,
        [
            "（作者系河北省人大常委会",
            "研究室主任）",
            "",
            "答好人大工作答卷",
            "酒泉打造田间议事会履职品牌",
            "",
        ],
        BODY_B,
    )
    layout = read_page(text)
    assert [a.title for a in layout.articles][:1] == ["专题询问问出实效"]
    assert len(layout.articles) == 2
    assert "".join((layout.articles[1].title or "").split()).startswith("答好人大工作答卷")
    assert layout.articles[1].paragraphs[0].text.startswith("区人大常委会")


def test_a_title_set_below_its_text_after_the_author_note_stays_with_it() -> None:
    # titles after their texts: the headline under a piece's author note is the piece's own, and
    # the text after it another story's (whose title comes after it)
    note = ["（作者系河北省人大常委会", "研究室主任）"]
    text = page(["■ 陈 平（河北）"], BODY_A, note, ["专题询问问出实效"], BODY_B, ["督办推进会开到一线"])
    layout = read_page(text)
    assert [a.title for a in layout.articles] == ["专题询问问出实效", "督办推进会开到一线"]
    assert layout.articles[1].paragraphs[0].text.startswith("区人大常委会")


def test_a_reporter_credit_run_together_is_no_headline() -> None:
    # names without their spaces, wider than the narrow column under them
    narrow = [
        "问题收集、交办、",
        "督办、反馈，把好",
        "法规草案的合法性",
        "关口。截至目前，",
        "通过建议督办等方",
        "式加强国有资产管",
        "理情况监督。",
    ]
    text = page(["本报记者胡泽梅段洋洋"], narrow)
    assert read_page(text).articles[0].title is None


def test_a_question_headline_over_an_undashed_subtitle_starts_a_new_story() -> None:
    # a question filling the column after a finished sentence, an unpunctuated line short of the
    # column under it, then running text: a headline (a subtitle printed without its dash)
    text = page(
        ["专题询问问出实效", "本报记者 陈平"],
        BODY_A,
        ["监督该怎样才能不走过场？", "从纸面走向地面"],
        BODY_B,
    )
    layout = read_page(text)
    assert len(layout.articles) == 2
    assert "".join((layout.articles[1].title or "").split()).startswith("监督该怎样才能不走过场？")
    assert layout.articles[1].paragraphs[0].text.startswith("区人大常委会")


def test_a_question_whose_next_line_runs_on_stays_text() -> None:
    # the line under the short one finishes a clause begun in it: one sentence, no headline
    text = page(
        ["专题询问问出实效", "本报记者 陈平"],
        BODY_A,
        ["监督该怎样才能不走过场？", "开通热线联动通", "道，把群众的意见带到会", "场上，件件有回音。"],
    )
    layout = read_page(text)
    assert len(layout.articles) == 1


def test_a_marked_head_over_another_headline_still_starts_a_new_story() -> None:
    # kicker / title / subtitle, then a box's narrow headline, then running text: the marks make
    # the head sure, the narrow lines between do not undo it
    text = page(
        ["专题询问问出实效", "本报记者 陈平"],
        BODY_A,
        [
            "漳州——",
            "督办推进会开到一线",
            "——锦州人大常委会推进工作侧记",
            "以高质量",
            "立法护航",
            "高质量发",
            "展",
        ],
        BODY_B,
    )
    layout = read_page(text)
    assert len(layout.articles) >= 2
    assert layout.articles[0].paragraphs[-1].text.endswith("逐一作答。")
    assert "督办推进会开到一线" in "".join((layout.articles[1].title or "").split())


def test_a_narrow_headline_over_a_byline_after_text_cut_short_is_a_title() -> None:
    # drawing order: a box's text stops mid-sentence (its end printed elsewhere), then the next
    # story's headline set narrow and its byline: lines that short cannot carry the text on
    text = page(
        ["专题询问问出实效", "■ 陈 平（河北）"],
        BODY_A,
        ["区人大常委会近日召开代", "表建议督办推进会，对今", "代表履职进", "行时", "■ 吴 迪（吉林）"],
        BODY_C,
    )
    layout = read_page(text)
    assert ["".join((a.title or "").split()) for a in layout.articles] == [
        "专题询问问出实效",
        "代表履职进行时",
    ]


def test_two_headlines_run_together_between_stories_flag_the_page() -> None:
    # the first story's title printed after its text, the next one's (title and subtitle) before
    # its byline, no mark between them: which lines are whose is not in the text (cutting the
    # block by the page's placement titled fewer stories right on unseen pages), so the block
    # stays whole and the page says it is unsure
    text = page(
        ["■ 陈 平（河北）"],
        BODY_A,
        ["专题询问问出实效", "督办推进会开到一线", "——访吉林人大代表冯宁强", "■ 吴 迪（吉林）"],
        BODY_B,
    )
    layout = read_page(text)
    assert layout.style == "misordered_blocks"
    assert all("misordered_blocks" in a.flags for a in layout.articles)


def test_a_two_line_headline_between_stories_is_one_headline() -> None:
    text = page(
        ["■ 陈 平（河北）"],
        BODY_A,
        ["督办推进会开到一线", "区人大开展专项督办纪实", "■ 吴 迪（吉林）"],
        BODY_B,
    )
    layout = read_page(text)
    titles = ["".join((a.title or "").split()) for a in layout.articles]
    assert "督办推进会开到一线区人大开展专项督办纪实" in titles
    assert layout.style == "reading_order"  # (a headline and its second line: nothing to flag)


def test_a_headline_wrapped_in_a_narrow_box_ends_on_one_glyph() -> None:
    """A headline set in a narrow box wraps wherever the box ends, its last line maybe one glyph
    (no headline has a phrase of one character): the glyph ends the title block (here under a
    kicker, after the title of the story above), and the box's lines join without spaces."""
    boxed = ["汉中——", "县人大联络", "站温暖民心", "田"]  # (a place: a kicker by itself)
    text = page(HEADER, ["■ 陈 平（河北）"], BODY_A, ["专题询问问出实效"], boxed, ["■ 李 明（山东）"], BODY_B)
    titles = [a.title for a in read_page(text).articles]
    assert titles == ["专题询问问出实效", "县人大联络站温暖民心田"]
    # lines of one length over a glyph join; a line of another length above them keeps its space
    lines = make_lines("\n".join(["代表履职", "县人大联络", "站温暖民心", "田"]))
    assert join_heading(lines) == "代表履职 县人大联络站温暖民心田"
    assert join_heading(lines[:2]) == "代表履职 县人大联络"


def test_a_marked_headline_after_text_cut_short_is_a_headline() -> None:
    """A story cut short (its text goes on elsewhere: the last line stops on a semicolon) and then a
    headline with a kicker (``…——``) or a subtitle (``——…``) over the next byline: the marks say
    headline whatever the text above did."""
    cut = [*BODY_A[:-1], "会应询，逐一作答；"]
    for head in (["代表风采——", "专题询问问出实效"], ["专题询问问出实效", "——来自河北的报道"]):
        text = page(HEADER, ["本报记者 陈平"], cut, head, ["本报记者 李明"], BODY_B)
        arts = read_page(text).articles
        assert [a.authors for a in arts] == [("陈平",), ("李明",)]
        assert arts[1].title == "专题询问问出实效"
        assert "问出实效" not in "".join(p.text for p in arts[0].paragraphs)


def test_a_line_between_text_cut_short_and_a_byline_is_the_next_headline() -> None:
    """No story's text runs straight into the next story's byline: after text cut mid-sentence (it
    goes on elsewhere), a line with no clause mark right over a byline heads the byline's story,
    though it is as wide as the column."""
    cut = [*BODY_A[:-1], "会应询，逐一作答，"]
    text = page(
        HEADER,
        ["本报记者 陈平"],
        ["专题询问问出实效"],
        cut,
        ["代表建议督办推进会"],
        ["本报记者 李明"],
        BODY_B,
    )
    arts = read_page(text).articles
    assert [(a.title, a.authors) for a in arts][1] == ("代表建议督办推进会", ("李明",))
    assert "督办推进会" not in "".join(p.text for p in arts[0].paragraphs)


def test_a_boxed_headline_is_a_headline_of_its_own() -> None:
    """A headline in a narrow box (lines of one length over a last glyph) is one headline, apart
    from the lines above it: here the title of the story before (printed after its text) over the
    box and its subtitle, then the byline of the box's story."""
    block = ["专题询问问出实效", "县人大联络", "站温暖民心", "田", "——来自河北的报道"]
    text = page(HEADER, ["■ 陈 平（河北）"], BODY_A, block, ["■ 李 明（山东）"], BODY_B)
    layout = read_page(text)
    assert [(a.title, a.authors) for a in layout.articles] == [
        ("专题询问问出实效", ("陈平",)),
        ("县人大联络站温暖民心田", ("李明",)),
    ]
    assert layout.style == "misordered_blocks"  # titles after some texts and before others


def test_a_marked_headline_amid_text_cut_short_starts_a_story() -> None:
    """Drawing order, no byline under the headline: a story cut short (its last line stops on a
    semicolon, it goes on elsewhere), then a headline with a kicker, then the next story's text."""
    cut = [*BODY_A[:-1], "会应询，逐一作答；"]
    nxt = [
        "近日，区人大常委会召开",
        "代表建议督办推进会，对",
        "今年区人大代表提出的重",
        "点建议办理情况进行跟踪",
        "督办，切实提高办理质量。",
    ]
    text = page(HEADER, ["本报记者 陈平"], cut, ["代表风采——", "专题询问问出实效"], nxt)
    arts = read_page(text).articles
    assert [a.title for a in arts] == [None, "专题询问问出实效"]
    assert arts[1].paragraphs[0].text.startswith("近日，区人大常委会")
    assert "问出实效" not in "".join(p.text for p in arts[0].paragraphs)


def test_two_headlines_given_to_one_story_flag_the_page() -> None:
    """Read title-last (the page closes on a title), a block holding two headlines — apart by a
    kicker, or a boxed headline under another — goes whole to the story above: a story has one
    headline, so the other's story lost its own somewhere, and the page says so."""
    for block in (
        ["专题询问问出实效", "汉中——", "代表建议督办有回音"],
        ["专题询问问出实效", "县人大联络", "站温暖民心", "田"],
    ):
        text = page(
            HEADER, ["■ 陈 平（河北）"], BODY_A, block, ["■ 李 明（山东）"], BODY_B, ["代表建议有回音"]
        )
        layout = read_page(text)
        assert layout.style == "misordered_blocks"
        assert all(FLAG in a.flags for a in layout.articles)
    # one headline with its kicker and subtitle is one headline
    block = ["基层——", "专题询问问出实效", "——来自河北的报道"]
    text = page(HEADER, ["■ 陈 平（河北）"], BODY_A, block, ["■ 李 明（山东）"], BODY_B, ["代表建议有回音"])
    assert read_page(text).style == "reading_order"


NARROW = [
    "问题收集、交办、",
    "督办、反馈，把好",
    "法规草案的合法性",
    "关口。截至目前，",
    "通过建议督办等方",
    "式加强国有资产管",
    "理情况监督。",
]
NOTE = ["（作者系河北省人大常委会", "研究室主任）", ""]


def test_a_kicker_set_off_by_a_blank_line_heads_the_story_after_an_author_note() -> None:
    # pdftotext keeps the blank line under a kicker printed in a smaller face: the kicker, its
    # title and the text are one story, not a paragraph of text run across a column break
    text = page(
        ["专题询问问出实效", "■ 陈 平（河北）"],
        BODY_A,
        NOTE,
        ["代表履职风采——", "", "立法直通车", ""],
        NARROW,
    )
    second = read_page(text).articles[1]
    assert second.title == "立法直通车"
    assert second.paragraphs[0].text.startswith("问题收集")


def test_a_headline_line_wider_than_the_column_is_no_text_of_it() -> None:
    # a question headline as wide as the narrow column, over a line two cells wider than it: set in
    # another measure, so a headline (not the first lines of the text under it)
    text = page(
        ["专题询问问出实效", "■ 陈 平（河北）"],
        BODY_A,
        NOTE,
        ["立法如何接地气？", "人大代表助力乡村振兴", ""],
        NARROW,
    )
    second = read_page(text).articles[1]
    assert "".join((second.title or "").split()) == "立法如何接地气？人大代表助力乡村振兴"
    assert second.paragraphs[0].text.startswith("问题收集")


def test_a_phrase_printed_a_glyph_a_block_is_one_heading_not_text() -> None:
    # pdftotext and pdfminer.six print a tracked label (a boxed note's ``背 景 资 料``, glyphs far
    # apart) a glyph a block, blank lines between: one heading, not characters glued to the text
    stack = ["", "延", "", "伸", "", "阅", "", "读", ""]
    text = page(["专题询问问出实效", "■ 陈 平（河北）"], BODY_A, stack, BODY_B)
    layout = read_page(text)
    paras = layout.articles[0].paragraphs
    assert [p.text[:6] for p in paras] == ["县人大常委会", "区人大常委会"]
    assert paras[1].heading == "延伸阅读"
    # two glyph lines are not enough (a headline wrapped in a narrow box ends on one glyph)
    two = page(["专题询问问出实效", "■ 陈 平（河北）"], BODY_A, ["", "延", "", "伸", ""], BODY_B)
    assert all(p.heading != "延伸" for p in read_page(two).articles[0].paragraphs)


def test_a_kicker_wrapped_onto_a_second_line_is_one_kicker() -> None:
    # a kicker set in a narrow title column wraps (``…地方组`` / ``织法——``): the whole is the
    # kicker over the title, not a headline of its own over another story's kicker
    for kicker in (["深入学习贯彻地方组", "织法——"], ["基层立法联系点巡", "礼——"]):
        text = page(HEADER, kicker, ["专题询问问出实效", "■ 陈 平（河北）"], BODY_A)
        art = read_page(text).articles[0]
        assert (art.kicker, art.title) == ("".join(kicker), "专题询问问出实效")


def test_a_place_kicker_under_a_headline_is_a_kicker_of_its_own() -> None:
    # ``汉中——`` is a kicker by itself (a place): the line over it is another headline (here the
    # title set below the story before), not the kicker's first line
    text = page(
        ["■ 陈 平（河北）"],
        BODY_A,
        ["专题询问问出实效", "汉中——", "督办推进会开到一线", "■ 李 明（陕西）"],
        BODY_B,
    )
    arts = read_page(text).articles
    assert [(a.kicker, a.title) for a in arts] == [
        (None, "专题询问问出实效"),
        ("汉中——", "督办推进会开到一线"),
    ]


def test_a_boxed_headline_ends_on_its_glyph_whatever_text_follows() -> None:
    # pdftotext, drawing order: a narrow box's headline between blank lines, then a line of text
    # from elsewhere that finishes a sentence and fills its column: the headline still ends on its
    # glyph (it used to open a paragraph: ``齿完成率超过…``)
    body = [  # paragraphs with their first lines short of the column (an indent the tool dropped)
        *["市人大常委会深", "化机关作风建设，收", "到群众来信多件，推", "动解决实际问题。"],
        *["县人大常委会日", "前就全县饮水安全工", "作开展专题询问，逐", "一作答。"],
        *["各镇代表小组结", "合代表活动月，开展", "政策宣讲、走访选民", "等活动。"],
    ]
    box = ["", "让法规条", "文长出牙", "齿", ""]
    rest = ["完成率超过90.9%。", "与此同时，推动形成", "共建共治共享格局，", "组织代表参加活动。"]
    text = page(["专题询问问出实效", "■ 陈 平（河北）"], body, ["（下转第8版）"], box, rest)
    layout = read_page(text)
    roles = {r.raw: r.role for r in layout.lines}
    # (after the jump note the story above has ended: the headline opens the text after it)
    assert [roles[x] for x in ("让法规条", "文长出牙", "齿")] == ["title"] * 3
    assert all(not p.text.startswith("齿") for a in layout.articles for p in a.paragraphs)
    assert layout.style == "misordered_blocks"


def test_a_headline_wider_than_the_column_alone_between_blank_lines_is_no_text() -> None:
    # pdftotext: after a jump note, another story's headline set across columns (wider than this
    # column: no line of its text can be), alone between blank lines: a heading, not the first
    # line of a paragraph of text from elsewhere
    body = ["市人大常委会深化机", "关作风建设，收到群", "众来信多件，推动解", "决实际问题。"]
    rest = ["财政经济委员会", "提高会议审议质量，", "通过专题询问、集中", "接待等方式开展监督。"]
    text = page(
        ["专题询问问出实效", "■ 陈 平（河北）"],
        body,
        ["（下转第3版）", "", "为乡村振兴注入法治动能", ""],
        rest,
    )
    layout = read_page(text)
    # the story before the note ends there: the headline opens the text after it (flagged: that
    # the line is its headline the text does not say)
    assert {r.raw: r.role for r in layout.lines}["为乡村振兴注入法治动能"] == "title"
    assert not any("法治动能" in p.text for a in layout.articles for p in a.paragraphs)
    after = next(a for a in layout.articles if a.title == "为乡村振兴注入法治动能")
    assert after.text.startswith("财政经济委员会") and "misordered_blocks" in after.flags


def test_a_headline_over_the_first_byline_is_no_column_name_on_a_title_last_page() -> None:
    """Read title-last (the page ends on a title), one or two short lines over the first byline
    were taken for a column name and dropped into the furniture. A kicker's dash marks a headline;
    so do two lines under a header that named the page's column already. Kept, the headline has no
    text to head on a title-last page: the page is flagged (a story's headline went to another)."""
    stories = [
        ["■ 陈 平（河北）"],
        BODY_A,
        ["专题询问问出实效", "■ 李 明（山东）"],
        BODY_B,
        ["代表建议有回音"],
    ]
    header = ["人大时报", "第3版　代表之家", "2024年5月6日 星期一", "责任编辑：王明"]
    for lead in (["四川——", "答好新时代人大工作答卷"], ["监督聚焦民生痛点", "答好新时代人大工作答卷"]):
        layout = read_page(page(header, lead, *stories))
        roles = {r.raw: r.role for r in layout.lines}
        assert roles["答好新时代人大工作答卷"] == "title"
        assert layout.style == "misordered_blocks"
    # one short line over the first byline under such a header is still a column name
    layout = read_page(page(header, ["基层之声"], *stories))
    assert {r.raw: r.role for r in layout.lines}["基层之声"] == "furniture"
    assert layout.style == "reading_order"


def test_a_bylineless_headline_wrapped_in_a_narrow_box_ends_on_its_glyph() -> None:
    # PyMuPDF and pypdf: after a story's closing credit, a story signed at its end (no byline under
    # its head), its headline wrapped in a narrow box down to one glyph: the glyph ends the title,
    # it does not open the text
    def second(boxed: list[str]) -> tuple[str | None, str]:
        text = page(
            ["专题询问问出实效", "■ 陈 平（河北）"],
            BODY_A,
            ["（记者 杨航）"],
            boxed,
            BODY_B,
            ["（本报记者 李 明）"],
        )
        art = read_page(text).articles[1]
        return art.title, art.paragraphs[0].text[:3]

    assert second(["立法为民", "的生动实", "践"]) == ("立法为民的生动实践", "区人大")
    # the first glyph of a vertical title (a glyph a line) is no headline's last character
    assert second(["立法为民", "的生动实", "践", "行"])[0] != "立法为民的生动实践"


def test_a_marked_headline_amid_a_text_wrapped_down_to_one_glyph_keeps_it() -> None:
    # drawing order: a story's text, then the next story's head, a kicker over a headline wrapped
    # in a narrow box to its last glyph (``哈密——`` / ``以高质量`` / ``立法护航`` / ``高质量发`` /
    # ``展``), and its text, no byline anywhere to cut at
    head = ["哈密——", "以高质量", "立法护航", "高质量发", "展"]
    text = page(["专题询问问出实效", "本报记者 陈平"], BODY_A, head, BODY_B)
    second = read_page(text).articles[1]
    assert (second.kicker, second.title) == ("哈密——", "以高质量立法护航高质量发展")
    assert second.paragraphs[0].text.startswith("区人大常委会")


@pytest.mark.parametrize(
    "bold",
    [["把联络站建在群众家门口"] * 2, ["把联络站建在群众家门口" * 2]],  # PyMuPDF, pypdf
    ids=["twice-in-a-column", "twice-in-a-line"],
)
def test_a_line_printed_twice_amid_text_is_a_heading_not_text(bold: list[str]) -> None:
    # simulated bold draws each glyph twice and the extractors print the line twice: a headline's,
    # a heading's, a byline's — never running text, even where nothing else sets it apart
    layout = read_page(page(["专题询问问出实效", "本报记者 陈平"], BODY_A, bold, BODY_B))
    paras = layout.articles[0].paragraphs
    assert [(p.heading, p.text[:3]) for p in paras] == [
        (None, "县人大"),
        ("把联络站建在群众家门口", "区人大"),
    ]
    # printed once, the same line (as wide as the column) is read as text: nothing shows it is not
    once = read_page(page(["专题询问问出实效", "本报记者 陈平"], BODY_A, ["把联络站建在群众家门口"], BODY_B))
    assert once.articles[0].paragraphs[-1].heading is None


def test_a_heading_next_after_a_jump_note_flags_the_page() -> None:
    # text before a 下转 note goes on on another page: a heading after it is no heading of that
    # story but the next story's headline (here short, or bold: read as a heading): the page is
    # flagged
    text = page(["专题询问问出实效", "本报记者 陈平"], BODY_A[:-1], ["会应询，逐一作答，并", "（下转第3版）"])
    for head in (["强化制度保障"], ["把联络站建在群众家门口"] * 2):
        layout = read_page(text + "\n" + page(head, BODY_B))
        assert layout.style == "misordered_blocks", head
        assert all(FLAG in a.flags for a in layout.articles)
        # the same heading after text that ended on the page: a section heading, nothing flagged
        assert (
            read_page(page(["专题询问问出实效", "本报记者 陈平"], BODY_A, head, BODY_B)).style
            == "reading_order"
        )


def test_a_credit_wrapped_inside_its_last_name_is_one_credit() -> None:
    # a narrow column wraps ``本报记者 苏春 通讯员 万`` / ``军``: the glyph ends the name, it opens
    # no paragraph (and the names are not run together)
    text = page(["专题询问问出实效", "本报记者 苏春 通讯员 万", "军"], BODY_A)
    art = read_page(text).articles[0]
    assert art.authors == ("苏春", "万军")
    assert art.paragraphs[0].text.startswith("县人大常委会")
    # … or after two of its three characters (``廖梅`` / ``倩``)
    three = read_page(page(["专题询问问出实效", "本报记者 毛馨武 通讯员 廖梅", "倩"], BODY_A)).articles[0]
    assert (three.authors, three.paragraphs[0].text[:3]) == (("毛馨武", "廖梅倩"), "县人大")
    # a line of two characters under a whole credit is not taken into it when it adds no name
    whole = read_page(page(["专题询问问出实效", "本报记者 苏春", "近日", *BODY_A[1:]])).articles[0]
    assert whole.authors == ("苏春",)


def test_a_headline_as_wide_as_the_text_ending_on_one_glyph_heads_the_byline_below() -> None:
    """A headline set as wide as the text (or wider: across the story's columns) wrapped down to
    one glyph over the next byline: the glyph, no mark after it, ends no paragraph — it ends the
    headline, which is the next story's and not the last paragraph of this one."""
    wide = "代表联络站里的民生实" + "事持续推进议"  # (as wide as the text lines, no mark in it)
    text = page(
        HEADER, ["专题询问问出实效", "■ 陈 平（河北）"], BODY_A, [wide, "事"], ["■ 李 明（山东）"], BODY_B
    )
    arts = read_page(text).articles
    assert [a.title for a in arts] == ["专题询问问出实效", wide + "事"]
    assert wide not in "".join(p.text for p in arts[0].paragraphs)


def test_a_headline_wrapped_over_many_lines_keeps_its_first_with_a_wrapped_subtitle() -> None:
    """A headline in a narrow box over four lines and its subtitle over two: the subtitle's lines do
    not count against the headline's, so its first line is not left over as a column name."""
    head = [
        "监督聚焦民生",
        "痛点 宜宾打造",
        "“有事好商",
        "量”履职品牌",
        "——陕西人大常委会推进住房保",
        "障工作侧记",
    ]
    flat = "".join(BODY_A + BODY_B + BODY_C)  # the text in a column of fourteen
    body = [flat[k : k + 14] for k in range(0, len(flat), 14)]
    text = page(["代表履职报", "2020年2月15日 星期六", "第5版 代表风采"], head, ["本报记者 兰润"], body)
    (a,) = read_page(text).articles
    assert a.title is not None and a.title.startswith("监督聚焦民生")
    assert a.subtitle is not None and a.subtitle.endswith("工作侧记")


def test_a_photo_credit_ends_its_caption_and_the_byline_under_it_opens_a_story() -> None:
    """Drawing order prints a photo's caption, its credit and then the byline of the story set
    under the photo: the credit closes the caption, the byline is no part of it."""
    text = page(
        HEADER,
        ["专题询问问出实效", "■ 陈 平（河北）"],
        BODY_A,
        ["图为代表在镇里调研公共交通工作。", "新华社记者 白斌摄", "■ 李 明（山东）"],
        BODY_B,
        ["代表建议件件有回音"],
    )
    layout = read_page(text)
    assert [a.authors for a in layout.articles] == [("陈平",), ("李明",)]
    assert layout.furniture.other == ("图为代表在镇里调研公共交通工作。新华社记者 白斌摄",)


def test_a_credit_over_a_caption_and_the_next_byline_closes_the_story_above() -> None:
    """A story's ``（本报记者 X）`` printed over a photo's caption and the next story's byline leads
    no text: it closed the story above (cut on a ``；``, which flags the page) and opens no story."""
    text = page(
        HEADER,
        ["专题询问问出实效", "■ 陈 平（河北）"],
        BODY_A[:-1],
        [
            "会应询，建立意见反馈机制；",
            "（本报记者 孙磊）",
            "代表在镇里调研公共交通工作。",
            "新华社记者 白斌摄",
        ],
        ["■ 李 明（山东）"],
        BODY_B,
    )
    layout = read_page(text)
    assert [a.authors for a in layout.articles] == [("陈平", "孙磊"), ("李明",)]
    assert layout.furniture.other == ("代表在镇里调研公共交通工作。新华社记者 白斌摄",)


def test_a_story_stopping_mid_sentence_before_the_next_story_flags_the_page() -> None:
    """A story does not end on a comma: stopped so over another story's byline (or over its head),
    its text goes on elsewhere (``pdftotext`` printed another story's column in between)."""
    head = ["专题询问问出实效", "■ 陈 平（河北）"]
    cut = [*BODY_A[:3], "局等部门主要负责同志到会，"]
    over_byline = read_page(page(HEADER, head, cut, ["■ 李 明（山东）"], BODY_B, ["代表建议件件有回音"]))
    assert over_byline.style == "misordered_blocks" and "byline" in (over_byline.style_note or "")
    over_head = read_page(page(HEADER, head, cut, ["代表建议件件有回音", "■ 李 明（山东）"], BODY_B))
    assert over_head.style == "misordered_blocks" and "mid-sentence" in (over_head.style_note or "")
    # ended on a sentence, or cut where a jump note says it goes on, it is no sign
    for tail in (["会应询，逐一作答。"], ["局等部门主要负责同志到会，", "（下转第6版）"]):
        ok = page(HEADER, head, BODY_A[:3], tail, ["代表建议件件有回音", "■ 李 明（山东）"], BODY_B)
        assert read_page(ok).style == "reading_order", tail


def test_a_question_headline_in_a_narrow_box_over_a_byline_is_a_headline() -> None:
    """A headline ending on ？ under a finished sentence may be a paragraph's end — but not lines
    wrapped by a box well short of the column, a word running across a break (``立法如`` /
    ``何更接`` / ``地气？``): running text fills its column."""
    box = ["立法如", "何更接", "地气？"]
    text = page(HEADER, ["专题询问问出实效", "■ 陈 平（河北）"], BODY_A, box, ["■ 李 明（山东）"], BODY_B)
    arts = read_page(text).articles
    assert [a.title for a in arts] == ["专题询问问出实效", "立法如何更接地气？"]
    assert "地气" not in "".join(p.text for p in arts[0].paragraphs)


def test_a_headline_of_a_glyph_or_two_a_line_amid_a_text_flags_the_page() -> None:
    """Three lines or more of a glyph or two after a finished sentence, then running text: a
    headline in a narrow box (no word running across its breaks), whose story — the text before
    it or after it — the text does not say. A section heading is set in the text's measure."""
    box = ["织密", "基层", "治理", "网"]
    text = page(HEADER, ["专题询问问出实效", "■ 陈 平（河北）"], BODY_A, box, BODY_B, BODY_C)
    layout = read_page(text)
    assert layout.style == "misordered_blocks" and "display type" in (layout.style_note or "")


def test_a_jump_note_amid_a_text_ends_its_story() -> None:
    """A ``（下转第X版）`` note: the text before it goes on on another page, so the text read after it
    is another story's — one with no byline (PyMuPDF, pypdf: a story after a jump note ran on in the
    one before it, under its title and flagged). Its headline is the title-like line opening it,
    even one as wide as the column (no word of the tokenizer running into the text). The page stays
    flagged: that the line is its headline the text does not say."""
    cut = ["区人大常委会近日召开代", "表建议督办推进会，对今", "年区人大代表提出的重点"]
    text = page(
        HEADER,
        ["专题询问问出实效", "■ 陈 平（河北）"],
        BODY_A,
        cut,
        ["（下转第2版）", "代表建议办理有回音啦"],  # as wide as the column (10 cells)
        BODY_C,
        ["督办推进会开到一线", "■ 李 明（陕西）"],
        BODY_B,
    )
    layout = read_page(text)
    assert [(a.title, a.text[:4]) for a in layout.articles] == [
        ("专题询问问出实效", "县人大常"),
        ("代表建议办理有回音啦", "各镇人大"),
        ("督办推进会开到一线", "区人大常"),
    ]
    assert layout.articles[0].text.endswith("提出的重点")
    assert layout.style == "misordered_blocks" and "jump note" in (layout.style_note or "")
    # no title opens the text after the note (a line with a clause mark in it is a paragraph's):
    # the story after it is read untitled, flagged
    text = page(HEADER, ["专题询问问出实效", "■ 陈 平（河北）"], BODY_A, cut, ["（下转第2版）"], BODY_C[1:])
    layout = read_page(text)
    assert [(a.title, a.text[:4]) for a in layout.articles] == [
        ("专题询问问出实效", "县人大常"),
        (None, "表活动月"),
    ]
    assert layout.style == "misordered_blocks"
    # the story's own author note after its jump note stays with it: nothing split
    note = ["（下转第2版）", "（作者系县人大常委会办公室主任）"]
    layout = read_page(page(HEADER, ["专题询问问出实效", "■ 陈 平（河北）"], BODY_A, cut, note))
    assert len(layout.articles) == 1 and layout.articles[0].author_affiliation
