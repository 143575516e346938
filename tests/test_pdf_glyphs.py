"""Glyphs → printed lines → regions, on hand-made glyph sets (no PDF library involved).

Each case sets characters where a PDF would: a justified column, a gutter, an overprinted (simulated
bold) title, a vertical title, a byline with names set apart, a letter-spaced heading.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.pdf.glyphlines import dedupe, page_lines
from pipeline.pdf.layout import layout_glyphs
from pipeline.pdf.reader import PageGlyphs


def glyphs(
    runs: list[tuple[str, float, float, float, float]], width: float = 600, height: float = 800
) -> PageGlyphs:
    """Runs of ``(text, x, top, size, advance)``: each character ``advance`` points after the last."""
    g = PageGlyphs(number=1, width=width, height=height, rotation=0)
    for text, x, top, size, advance in runs:
        for ch in text:
            g.chars.append(ch)
            g.x0.append(x)
            g.x1.append(x + size)
            g.top.append(top)
            g.bottom.append(top + size)
            g.size.append(size)
            x += advance
    return g


def texts(g: PageGlyphs) -> list[str]:
    return [ln.text for ln in page_lines(g)]


def test_overprinted_glyphs_are_read_once() -> None:
    g = glyphs([("人民代表大会", 100, 100, 24, 24), ("人民代表大会", 100.3, 100.2, 24, 24)])
    assert len(dedupe(g)) == 6
    assert texts(g) == ["人民代表大会"]


def test_repeated_characters_side_by_side_are_kept() -> None:
    assert texts(glyphs([("哈哈哈", 100, 100, 10, 10)])) == ["哈哈哈"]


def test_a_gutter_cuts_a_run_drawn_across_two_columns() -> None:
    # one text run across two columns (some producers draw rows across the page)
    g = glyphs([("第一栏文字", 50, 100, 10, 10)])
    g2 = glyphs([("第二栏文字", 115, 100, 10, 10)])
    for name in ("chars", "x0", "x1", "top", "bottom", "size"):
        getattr(g, name).extend(getattr(g2, name))
    assert texts(g) == ["第一栏文字", "第二栏文字"]


def test_a_letter_spaced_heading_stays_one_line() -> None:
    lines = page_lines(glyphs([("工作回顾", 50, 100, 10, 30)]))
    assert len(lines) == 1
    assert lines[0].text.replace(" ", "") == "工作回顾"


def test_names_set_apart_in_a_byline_are_spaced() -> None:
    g = glyphs([("本报记者", 50, 100, 9, 9), ("陈秀", 89.5, 100, 9, 9), ("王岩", 111, 100, 9, 9)])
    assert texts(g) == ["本报记者 陈秀 王岩"]


def test_a_justified_line_gets_no_spaces() -> None:
    assert texts(glyphs([("坚持和完善人民代表大会制度", 50, 100, 9, 9.6)])) == ["坚持和完善人民代表大会制度"]


def test_punctuation_squeezed_into_one_cell_reads_in_drawing_order() -> None:
    """XeLaTeX squeezes ``”，`` into one cell: the comma's full box starts a hundredth of a point left
    of the quote's, so by position alone the comma came first (``“首问负责，”``, XeLaTeX 10403,
    10411). Glyphs starting within a hair of each other read in the stream's order."""
    g = glyphs([("推出“首问负责", 50, 100, 9.46, 9.46)])
    x = 50 + 7 * 9.46
    for ch, x0, x1 in (("”", x + 0.01, x + 3.15), ("，", x, x + 9.46)):
        g.chars.append(ch)
        g.x0.append(x0)
        g.x1.append(x1)
        g.top.append(100.43)
        g.bottom.append(109.46)
        g.size.append(9.46)
    g2 = glyphs([("提高会议", x + 9.46, 100, 9.46, 9.46)])
    for name in ("chars", "x0", "x1", "top", "bottom", "size"):
        getattr(g, name).extend(getattr(g2, name))
    assert texts(g) == ["推出“首问负责”，提高会议"]


def test_a_vertical_title_reads_top_to_bottom() -> None:
    g = glyphs([(ch, 40, 100 + 26 * i, 24, 0) for i, ch in enumerate("民生实事由民定")])
    lines = page_lines(g)
    assert [(ln.text, ln.vertical) for ln in lines] == [("民生实事由民定", True)]


def test_overprint_is_found_whatever_other_sizes_share_its_cell_numbers() -> None:
    # a body glyph of another size whose grid cell has the same numbers as the title's glyph must not
    # hide the title's copy (cells were keyed without the size)
    body, title = 8.5, 18.5
    q_body, q_title = 0.6 * body, 0.6 * title  # the grid's cells are 0.6 em
    kx, ky = int(615.4 / q_title), int(752.4 / q_title)
    g = glyphs(
        [
            ("立", kx * q_body + 0.5, ky * q_body + 0.5, body, body),
            ("立", 615.5, 752.4, title, title),
            ("立", 615.3, 752.4, title, title),
        ]
    )
    assert len(dedupe(g)) == 2


def test_a_vertical_title_keeps_a_glyph_set_a_hair_off_its_axis() -> None:
    xs = [781.2, 781.2, 781.2, 781.5, 781.2, 781.6, 781.2]
    g = glyphs([(ch, xs[i], 100 + 22 * i, 19, 0) for i, ch in enumerate("小区停车难怎解")])
    assert [(ln.text, ln.vertical) for ln in page_lines(g)] == [("小区停车难怎解", True)]


def test_two_vertical_titles_side_by_side_read_as_two() -> None:
    # every row holds one glyph of each title, set apart
    left = [(ch, 40, 100 + 22 * i, 19, 0) for i, ch in enumerate("小切口立法")]
    right = [(ch, 66, 100 + 22 * i, 19, 0) for i, ch in enumerate("解决大问题")]
    got = sorted((ln.text, ln.vertical) for ln in page_lines(glyphs(left + right)))
    assert got == [("小切口立法", True), ("解决大问题", True)]


def test_two_vertical_titles_one_under_the_other_read_as_two() -> None:
    """Two stories' vertical titles in one glyph column, the second a glyph's height and more under
    the first (fresh 161823: read as one title ``一张清单管到底监督聚焦民生痛点``, two stories as one).
    A vertical title is set at one pitch: a glyph half an em further down opens another."""
    upper = [(ch, 281.4, 856 + 21.2 * i, 20.8, 0) for i, ch in enumerate("一张清单管到底")]
    lower = [(ch, 280.0, 1030 + 22.5 * i, 22.4, 0) for i, ch in enumerate("监督聚焦民生痛点")]
    got = sorted((ln.text, ln.vertical) for ln in page_lines(glyphs(upper + lower, height=1300)))
    assert got == [("一张清单管到底", True), ("监督聚焦民生痛点", True)]
    # letter-spaced, at one pitch: one title
    spaced = [(ch, 40, 100 + 40 * i, 20, 0) for i, ch in enumerate("民生实事由民定")]
    assert [ln.text for ln in page_lines(glyphs(spaced))] == ["民生实事由民定"]


def test_a_two_character_letter_spaced_heading_stays_horizontal() -> None:
    assert [(ln.text, ln.vertical) for ln in page_lines(glyphs([("前言", 100, 100, 12, 36)]))] == [
        ("前言", False)
    ]


def test_a_name_gap_in_a_narrow_justified_column_is_no_gutter() -> None:
    # lines of a 7-character column above and below; the middle line's blank between two names
    # is as wide as a gutter, but text runs solid across it above and below
    g = glyphs(
        [
            ("推进人大工作数", 100, 100, 8, 8),
            ("者", 100, 111, 8, 8),
            ("兰辉）为", 124, 111, 8, 8),
            ("字化转型，把监", 100, 122, 8, 8),
        ]
    )
    assert texts(g) == ["推进人大工作数", "者 兰辉）为", "字化转型，把监"]


def test_a_name_gap_on_a_column_s_first_line_under_a_title_is_no_gutter() -> None:
    # no body line above (a title is), text solid below: still a name gap
    g = glyphs(
        [
            ("让法规条文长出牙齿", 100, 60, 20, 20),
            ("本报讯（记者", 116, 100, 8, 8),
            ("秦", 175, 100, 8, 8),
            ("洋）整改完成率超过九成", 100, 111, 8, 8),
            ("配合做好中华人民共和国", 100, 122, 8, 8),
        ]
    )
    assert "本报讯（记者 秦" in texts(g)


def test_a_gutter_on_a_column_s_first_line_is_still_cut() -> None:
    rows = [("标题在两栏之上", 40, 60, 20, 20)]
    rows += [(f"第{i}行左栏正文内容", 40, 100 + 12 * i, 10, 10) for i in range(4)]
    rows += [(f"第{i}行右栏正文内容", 150, 100 + 12 * i, 10, 10) for i in range(4)]
    lines = texts(glyphs(rows))
    assert "第0行左栏正文内容" in lines and "第0行右栏正文内容" in lines


def test_a_short_last_line_is_cut_from_the_next_column_spread_across_it() -> None:
    # the left column's last line (three glyphs) and, on the same baseline, the next column's last
    # line spread over its width: the gutter between them is still a gutter
    rows = [(f"第{i}行左栏正文内容", 40, 100 + 12 * i, 10, 10) for i in range(4)]
    rows += [(f"第{i}行右栏正文内容", 160, 100 + 12 * i, 10, 10) for i in range(4)]
    rows += [("落。”", 40, 148, 10, 10), ("查", 160, 148, 10, 10), ("。", 240, 148, 10, 10)]
    lines = texts(glyphs(rows))
    assert "落。”" in lines
    assert not any("落" in t and "查" in t for t in lines)


def test_a_one_character_line_over_the_next_line_is_not_vertical() -> None:
    g = glyphs([("。", 50, 100, 10, 10), ("下一段的开头文字", 50, 115, 10, 10)])
    assert sorted(texts(g)) == sorted(["。", "下一段的开头文字"])


def test_two_articles_side_by_side_under_their_titles() -> None:
    left = [
        "本报记者 王岩",
        "推动人大工作高质量发",
        "展，持续深化代表联络站",
        "建设，群众反映问题更",
        "加方便了。",
    ]
    right = [
        "新华社北京3月6日电",
        "（记者 陈秀）人大代",
        "表深入基层开展调研，",
        "收集意见建议三十条，",
        "推动解决实际问题。",
    ]
    runs = [("代表联络站建到家门口", 40, 60, 20, 20), ("监督聚焦民生痛点", 300, 60, 20, 20)]
    runs += [(t, 40, 100 + 13 * k, 9, 9) for k, t in enumerate(left)]
    runs += [(t, 300, 100 + 13 * k, 9, 9) for k, t in enumerate(right)]
    page = layout_glyphs(glyphs(runs)).layout
    got = {a.title: ("".join(p.text for p in a.paragraphs), a.authors) for a in page.articles}
    assert set(got) == {"代表联络站建到家门口", "监督聚焦民生痛点"}
    assert got["代表联络站建到家门口"] == (
        "推动人大工作高质量发展，持续深化代表联络站建设，群众反映问题更加方便了。",
        ("王岩",),
    )
    assert got["监督聚焦民生痛点"][1] == ("陈秀",)
    assert got["监督聚焦民生痛点"][0].startswith("人大代表深入基层")


def test_paragraph_boxes_stand_on_the_lines_read() -> None:
    runs = [("标题文字在这里", 40, 60, 20, 20)]
    runs += [
        (t, 40, 100 + 13 * k, 9, 9) for k, t in enumerate(["第一栏的文字很长很长", "继续写在下一行上面"])
    ]
    runs += [(t, 150, 100 + 13 * k, 9, 9) for k, t in enumerate(["第二栏接着写下去了", "最后结束。"])]
    runs[0] = ("标题文字在这里横跨两栏", 40, 60, 20, 20)
    (art,) = layout_glyphs(glyphs(runs)).layout.articles
    (para,) = art.paragraphs
    assert para.text == "第一栏的文字很长很长继续写在下一行上面第二栏接着写下去了最后结束。"
    assert len(para.boxes) == 2  # one box per column piece
    first, second = para.boxes
    assert first == (40, 100, 130, 122) and second[0] == 150


_HAN = st.sampled_from(list("人民代表大会制度坚持完善监督工作法治建设。，、"))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(_HAN, min_size=1, max_size=12),
            st.floats(0, 500),
            st.floats(0, 700),
            st.sampled_from([8.0, 9.0, 10.5, 18.0, 26.0]),
            st.floats(0, 40),
        ),
        max_size=40,
    )
)
def test_any_glyphs_read_without_error_and_no_character_is_lost_or_doubled(runs) -> None:
    g = glyphs(runs)
    kept = dedupe(g)
    lines = page_lines(g)
    used = sorted(i for ln in lines for i in ln.idx if not g.chars[i].isspace())
    assert used == sorted(i for i in kept if not g.chars[i].isspace())
    layout_glyphs(g)  # total: never raises


def _faced(rows: list[tuple[str, list[int]]]) -> PageGlyphs:
    """Lines of 10 pt text 14 pt apart, each character in the font numbered by ``faces``."""
    g = glyphs([(text, 100, 100 + 14 * k, 10, 10) for k, (text, _) in enumerate(rows)])
    g.face = [f for _, faces in rows for f in faces]
    return g


BODY = "人大代表深入基层走访群众，"  # 13 characters


def test_a_line_set_in_another_face_at_the_body_size_is_emphasised() -> None:
    """A section heading in another font than the body's, at the body's size (黑体 amid 宋体, or
    emboldened into a font subset of its own as Chromium prints it): a heading's mark, as stroked
    glyphs are. It repeats characters the body font also holds."""
    rows = [(BODY, [0] * 13)] * 6 + [("深入基层走访", [1] * 6)] + [(BODY, [0] * 13)] * 3
    lines = sorted(page_lines(_faced(rows)), key=lambda ln: ln.top)
    assert [ln.emph for ln in lines] == [False] * 6 + [True] + [False] * 3


def test_one_face_embedded_as_several_subsets_marks_nothing() -> None:
    """reportlab embeds a face as subsets of 256 glyphs: a line's characters come from several fonts
    that share no character — one face, no emphasis."""
    a = "人大代表深入基层走访"
    b = "群众意见建议办理落实"
    rows = [(a + b, [0] * 10 + [1] * 10)] * 4 + [(b + a, [1] * 10 + [0] * 10)] * 3 + [(b, [1] * 10)]
    assert not any(ln.emph for ln in page_lines(_faced(rows)))


def test_a_short_column_s_first_line_run_into_the_one_beside_it_is_cut() -> None:
    # XeLaTeX 10907: a story's second column of four lines, its first on the baseline of the
    # first column's first line 0.58 em after it (a narrow gutter); only two more lines start
    # there (one is indented), too few to be a column's edge by count alone
    s, gap = 9.0, 5.2
    right = 40 + 24 * s + gap
    text = "代表的建议能不能落地群众最有发言权把好法规草案的合法性关口通过学习培训执法检查等方式"
    rows = [
        (text[:23] + "，", 40, 100, s, s),  # fills its column's measure
        (text[1:25], right, 100, s, s),
        (text[2:14] + "。", 40, 113, s, s),
        (text[3:15] + "。", right, 113, s, s),
        (text[4:26], 40 + 2 * s, 126, s, s),  # indented
        (text[5:27], right + 2 * s, 126, s, s),
        (text[6:29], 40, 139, s, s),
        (text[7:19] + "。", right, 139, s, s),
    ]
    lines = texts(glyphs(rows))
    assert rows[0][0] in lines and rows[1][0] in lines


def test_a_blank_inside_a_column_with_text_over_it_is_not_cut() -> None:
    # the same blank (0.58 em) amid a line of one wide column, two lines elsewhere on the page
    # starting right after it: the line over it runs solid across it (the one under stops short)
    s = 9.0
    rows = [
        ("在此基础上持续擦亮代表之家名片推动审议意见落地见效", 40, 100, s, s),
        ("组织立法后评估", 40, 113, s, s),
        ("AI", 40 + 7 * s + 5.2, 113, s, s / 2),
        ("辅助审查法规草案推动解决实际问题十余件", 40 + 8 * s + 5.2, 113, s, s),
        ("围绕乡村。", 40, 126, s, s),  # a paragraph's last line, short of the blank
        ("方框里的第一行说明文字", 40 + 7 * s + 5.2, 400, s, s),
        ("方框里的第二行说明文字", 40 + 7 * s + 5.2, 413, s, s),
    ]
    assert any(t.startswith("组织立法后评估") and t.endswith("十余件") for t in texts(glyphs(rows)))


def test_a_dateline_credit_s_name_set_apart_is_no_gutter() -> None:
    # wkhtmltopdf 10903: ``…电（记者`` and ``贺丽）…`` an em apart on a wide column's line, the
    # title over it in display type and the line under short: no text over or under the blank
    s = 7.0
    credit = "新华社北京3月15日电（记者"
    rows = [
        ("为乡村振兴注入法治动能", 44, 80, 11, 11),
        (credit, 58, 100, s, s),
        (
            "贺丽）开发小切口App开展代表述职评议把监督重点放在制度执行上",
            58 + (len(credit) + 1) * s,
            100,
            s,
            s,
        ),
        ("效。", 44, 110, s, s),
    ]
    lines = texts(glyphs(rows))
    assert any(t.startswith(credit) and "贺丽）开发" in t for t in lines)
    # a blank as wide after words of no credit is cut as before
    rows[2] = ("贺丽开发小切口App开展代表述职评议把监督重点放在制度执行上", *rows[2][1:])
    assert credit in texts(glyphs(rows))


def test_a_column_edge_is_where_its_lines_start_not_the_nearest_point() -> None:
    # XeLaTeX 11105: the next column's lines start at 572.6 pt, its first line's glyph at 572.3 pt
    # (0.61 em after a comma closing the line beside it); counted to the nearest point, the edge
    # stood at 573, too far from 572.3 to be found in the gap
    s, x = 10.5, 572.6
    text = "代表的建议能不能落地群众最有发言权把好法规草案的合法性关口通过学习培训执法检查等方式"
    left = x - 0.3 - 0.61 * s - 24 * s
    rows = [(text[:23] + "，", left, 100, s, s), (text[1:25], x - 0.3, 100, s, s)]
    rows += [(text[k : k + 21] + "。", left, 100 + 14.6 * k, s, s) for k in range(2, 6)]  # ragged
    rows += [(text[k : k + 24], x, 100 + 14.6 * k, s, s) for k in range(2, 6)]
    lines = texts(glyphs(rows, width=900))
    assert rows[0][0] in lines and rows[1][0] in lines


def test_a_credit_s_role_word_broken_at_the_line_s_start_keeps_its_name_gap() -> None:
    # fresh 162247, a 7-glyph column: ``本报讯（记`` (indented) over ``者  任斌）此``, the name set an
    # em apart; the line over it is indented, so nothing over the blank — yet it is no gutter
    s = 8.0
    rows = [
        ("本报讯（记", 48.9, 472, s, 8.25),
        ("者", 32.9, 483, s, s),
        ("任", 48.7, 483, s, s),
        ("斌）此", 59.7, 483, s, 11.07),
        ("外，提出审议意", 32.9, 494, s, 8.16),
        ("见二十条，整改", 32.9, 505, s, 8.16),
    ]
    lines = texts(glyphs(rows))
    assert any(t.startswith("者") and "任斌）此" in t for t in lines)


def test_a_heading_spread_over_its_column_on_the_row_of_the_next_column_stays_whole() -> None:
    # fresh 162329: ``下  步  打  算`` spread over its column (gaps of 2.7 em), on the row of the
    # next column's solid line (whose glyphs make the row's usual spacing nil) and another column's
    # line on its left, its own column's lines over and under it; elsewhere on the page a column
    # starts in the blank after its first glyph
    s = 8.0
    rows = [
        ("事延伸到村组社区。", 242.8, 1148, s, s),
        ("六盘水人大常委会加强", 153, 1167, s, s),
        ("下步打算", 242.8, 1167, s, 29.3),
        ("下一步，通过跟踪监督", 365, 1167, s, s),
        ("闵行人大常委会推进人", 258.8, 1179, s, s),
    ]
    rows += [(f"第{k}行另一栏正文内", 365, 1179 + 11 * k, s, s) for k in range(3)]
    rows += [(f"第{k}行另一栏正文内容", 270.0, 300 + 11 * k, s, s) for k in range(4)]
    lines = texts(glyphs(rows, width=600, height=1300))
    assert "下步打算" in ["".join(t.split()) for t in lines]


def test_a_flush_question_at_a_column_s_foot_on_an_indenting_page_ends_its_paragraph() -> None:
    # XeLaTeX 11516: a paragraph's last line, a question filling the measure at the column's foot,
    # read by the text path as a title after its text and given back as a paragraph of its own; on
    # a page that indents its paragraphs a line set flush goes on the paragraph right over it
    from pipeline.pdf.layout import layout_glyphs

    s = 10.0
    body = "推动解决一批群众关心的实际问题完善代表建议办理机制围绕数字经济组织开展执法检查审议通过条例"
    rows = [("用好监督利器人大代表助力乡村振兴", 40, 60, 20, 20), ("本报记者 邱哲斌", 40, 86, s, s)]
    y = 102
    for p in range(3):
        rows += [(body[p : p + 18], 60, y, s, s), (body[p + 5 : p + 25], 40, y + 14, s, s)]
        rows.append((body[p + 9 : p + 20] + "。", 40, y + 28, s, s))
        y += 42
    rows.append(("形成了楼道议事的经验做法借助辅助审查法规", 60, y, s, s))
    rows.append(("字经济组织开展执法检查，提高会议审议质量。", 40, y + 14, s, s))
    rows.append(("联络站建起来之后，怎样才能用起来、活起来？", 40, y + 28, s, s))
    (article,) = layout_glyphs(glyphs(rows)).layout.articles
    assert article.paragraphs[-1].text.endswith(
        "提高会议审议质量。联络站建起来之后，怎样才能用起来、活起来？"
    )


_FILL = (
    "推动解决一批群众关心的实际问题完善代表建议办理机制围绕数字经济组织开展执法检查审议通过条例"
    "持续优化法治化营商环境深入街道社区走访群众把协商议事延伸到村组社区拓宽公众有序参与立法的渠道"
)


def _column(x: float, top: float, n: int, chars: int, s: float = 10.0, start: int = 0) -> list:
    """``n`` lines of ``chars`` glyphs of running text (the first indented two glyphs, the last
    ending a sentence), pitch 1.4 × ``s``."""
    rows = []
    for k in range(n):
        off = (start + 7 * k) % 60
        text = _FILL[off : off + chars]
        if k == 0:
            rows.append((text[:-2], x + 2 * s, top, s, s))
        elif k == n - 1:
            rows.append((text[: chars // 2] + "。", x, top + 1.4 * s * k, s, s))
        else:
            rows.append((text, x, top + 1.4 * s * k, s, s))
    return rows


def test_a_column_s_line_ending_on_bao_high_on_the_page_is_no_header() -> None:
    # WeasyPrint 11619: ``听取和审议专项工作报`` amid a column right under the header read like a
    # paper's name, and it and everything over it (two titles, text) was taken for the header band
    s = 10.0
    rows = [("人民议政报", 40, 30, s, s), ("第4版 履职视点", 440, 30, s, s)]
    rows += [("用好监督利器", 40, 60, 20, 20)]
    lines = [_FILL[7 * k : 7 * k + 12] for k in range(2)] + ["协商新路径。", "听取和审议专项工作报"]
    lines += [_FILL[7 * k : 7 * k + 12] for k in range(4, 9)] + ["告。"]
    rows += [(t, 60 if t.startswith("听") else 40, 90 + 14 * k, s, s) for k, t in enumerate(lines)]
    (article,) = layout_glyphs(glyphs(rows, width=600, height=1200)).layout.articles
    assert article.title == "用好监督利器"
    assert "".join(p.text for p in article.paragraphs) == "".join(lines)


@pytest.mark.parametrize(
    ("foot", "headings"),
    [
        # Typst 11619: a section heading in the text's face and size (bold in a font with no
        # bold), wrapped at the foot of a column, its first paragraph opening indented at the next
        # column's head: read into the paragraph over it
        (
            ["激活基层末梢，彰显代表担当，", "持续推进规范性文件备案审查"],
            ["激活基层末梢，彰显代表担当，持续推进规范性文件备案审查"],
        ),
        # Typst 11408: a paragraph's lines at a column's foot, its end (``局。``) read elsewhere,
        # end on no mark over the next column's indented line — but fill the measure, as no
        # heading's last line does: they stay the paragraph's
        (["审议通过《开封市社会信用条例》", "道人大工委推动形成共建共治共"], []),
    ],
)
def test_lines_at_a_column_s_foot_over_the_next_column_s_indented_line(
    foot: list[str], headings: list[str]
) -> None:
    s = 10.0
    rows = [("用好监督利器", 40, 40, 20, 20), ("本报记者 邱哲斌", 40, 66, s, s)]
    rows += _column(40, 82, 9, 14)
    rows += [(t, 40, 82 + 14 * (9 + k), s, s) for k, t in enumerate(foot)]
    rows += _column(200, 82, 12, 14, start=21)
    (article,) = layout_glyphs(glyphs(rows, width=400, height=600)).layout.articles
    assert [p.heading for p in article.paragraphs if p.heading] == headings
    if headings:
        assert not any(foot[0][:4] in p.text for p in article.paragraphs)


def test_a_subtitle_flush_left_of_its_title_keeps_its_column_with_the_title() -> None:
    # XeLaTeX 11616: a title centred over three columns, its dashed subtitle and the byline flush
    # left in the first, clear of the title's span — an x cut between the first column and the
    # title parted the group: the column read as an untitled story with the byline
    s = 10.0
    rows = [("在基层一线践行初心", 222, 74, 20, 20), ("——来自包头清水镇的报道", 40, 97, 12, 12)]
    rows += [("■ 庞鹏坤（吉林）", 40, 112, s, s)]
    for c in range(3):
        rows += _column(40 + 185 * c, 141, 12, 17, start=11 * c)
    rows += [("把联络站建在群众家门口", 600, 76, 20, 20), ("■ 黎超玉", 600, 112, s, s)]
    rows += _column(600, 141, 12, 30, start=5)
    page = layout_glyphs(glyphs(rows, width=960, height=700)).layout
    assert [a.title for a in page.articles] == ["在基层一线践行初心", "把联络站建在群众家门口"]
    first = page.articles[0]
    assert first.subtitle == "——来自包头清水镇的报道"
    assert first.authors == ("庞鹏坤",)
    assert "untitled" not in first.flags


def test_a_column_level_with_a_story_s_text_is_its_not_the_next_story_s_set_higher() -> None:
    # fresh 162432: a title one column wide centred over its story's three columns (its centring
    # says nothing), the third column opening level with the story's text; the two columns right of
    # it open higher, level with the title: another story's, its title vertical on their right —
    # the third column went to that story, silent
    s = 8.5
    rows = [("让法规条文长出牙齿", 199, 503, 18, 18), ("■ 庞 然（西藏）", 30, 533, s, s)]
    rows += _column(30, 546, 18, 19, s)
    rows += _column(200, 533, 19, 19, s, start=13)
    rows += _column(369, 533, 19, 19, s, start=27)
    rows += _column(539, 504, 21, 17, s, start=3)
    rows += _column(694, 504, 21, 17, s, start=41)
    rows += [(ch, 849, 501 + 20 * k, 18, 18) for k, ch in enumerate("监督聚焦民生痛点")]
    page = layout_glyphs(glyphs(rows, width=900, height=1000)).layout
    assert [a.title for a in page.articles] == ["让法规条文长出牙齿", "监督聚焦民生痛点"]
    boxes = {a.title: [b for p in a.paragraphs for b in p.boxes] for a in page.articles}
    assert any(b[0] >= 369 and b[2] <= 531 for b in boxes["让法规条文长出牙齿"])
    assert not any(b[0] < 535 for b in boxes["监督聚焦民生痛点"])


def _vertical(text: str, x: float, top: float, size: float) -> list:
    return [(ch, x, top + 1.08 * size * k, size, size) for k, ch in enumerate(text)]


def test_two_stories_vertical_titles_back_to_back_are_two_titles() -> None:
    # fresh 162140: the left story's vertical title on its right, the right story's on its left,
    # 0.8 em apart, each a few points from its own text: read as one title in two columns
    s = 9.0
    rows = _vertical("监督聚焦民生痛点", 213, 100, 26) + _vertical("小切口立法解决大问题", 261, 100, 26)
    rows += _column(40, 100, 22, 18, s)
    rows += _column(293, 100, 22, 18, s, start=17)
    page = layout_glyphs(glyphs(rows, width=500, height=500)).layout
    assert sorted(a.title for a in page.articles) == ["小切口立法解决大问题", "监督聚焦民生痛点"]
    left = next(a for a in page.articles if a.title == "监督聚焦民生痛点")
    assert all(b[2] <= 213 for p in left.paragraphs for b in p.boxes)


def test_a_vertical_title_in_two_columns_stays_one() -> None:
    # the same two columns 0.3 em apart, a gutter from the text either side: one title
    s = 9.0
    rows = _vertical("小切口立法解决大问题", 251, 100, 26) + _vertical("监督聚焦民生痛点", 217, 100, 26)
    rows += _column(40, 100, 22, 18, s)
    rows += _column(293, 100, 22, 18, s, start=17)
    titles = [a.title for a in layout_glyphs(glyphs(rows, width=500, height=500)).layout.articles]
    assert "小切口立法解决大问题 监督聚焦民生痛点" in titles


def test_a_flow_s_run_over_a_title_keeps_its_short_line_clear_of_the_title_s_span() -> None:
    # Typst 11408: a story carried on at the next column's head, over another story's title centred
    # in that column: the run went back to its story but its paragraph's last line, ``局。``, clear
    # of the title's span, stayed with the title under it
    s = 10.0
    rows = [("用好监督利器", 40, 40, 20, 20), ("本报记者 邱哲斌", 40, 66, s, s)]
    col1 = _column(40, 82, 20, 14)
    rows += [*col1[:-1], (_FILL[30:44], 40, 82 + 14 * 19, s, s)]  # (its foot mid-sentence)
    run = [_FILL[44:58], _FILL[2:16], _FILL[20:34]]
    rows += [(t, 200, 40 + 14 * k, s, s) for k, t in enumerate(run)] + [("局。", 200, 82, s, s)]
    rows += [(t, x + 160, top + 14, sz, adv) for t, x, top, sz, adv in _column(40, 82, 4, 14, start=5)]
    rows += [("监督聚焦民生", 222, 170, 16, 16), ("本报记者 王岩", 200, 196, s, s)]
    rows += _column(200, 212, 11, 14, start=33)
    page = layout_glyphs(glyphs(rows, width=400, height=500)).layout
    got = {a.title: "".join(p.text for p in a.paragraphs) for a in page.articles}
    assert set(got) == {"用好监督利器", "监督聚焦民生"}
    assert "局。" in got["用好监督利器"] and "局。" not in got["监督聚焦民生"]


def test_lines_the_text_path_reads_as_a_title_under_the_page_s_title_stay_text() -> None:
    # fresh 162536: a paragraph cut short by its jump note under a heading at a column's foot,
    # ``检查《…》贯彻执``, read by the text path as a title set after its text — the geometry's title
    # replaced it, and the lines were lost with their heading
    s = 8.0
    rows = [("民生实事由民定", 35, 111, 24, 24), ("■ 谢 霞（浙江）", 35, 147, s, s)]
    rows += _column(35, 159, 13, 11, s)
    rows += _column(139, 148, 13, 11, s, start=20)
    rows += [("深化数字赋能", 156, 312, 9.5, 9.5)]
    rows += [("检查《常德市历史文", 155, 326, s, s), ("化名城保护条例》贯彻执", 139, 337, s, s)]
    rows += [("（下转第5版）", 178, 348, s, s)]
    (article,) = layout_glyphs(glyphs(rows, width=300, height=420)).layout.articles
    assert article.title == "民生实事由民定"
    assert article.paragraphs[-1].heading == "深化数字赋能"
    assert article.paragraphs[-1].text == "检查《常德市历史文化名城保护条例》贯彻执"


def test_one_line_paragraphs_alone_in_their_column_take_its_edge_from_the_page() -> None:
    # wkhtmltopdf 11801: a story of one-line paragraphs, each indented, none at the column's edge —
    # its own lines show no edge; the story under it, set to the same measure, does: three
    # paragraphs (the one filling the measure was read on into the next)
    s = 7.5
    fill = _FILL * 2
    rows = [("监督聚焦民生痛点", 44, 40, 14, 14)]
    rows += [("本报讯" + fill[:37] + "。", 59, 60, s, s)]
    rows += [(fill[40:97] + "。", 59, 71, s, s), (fill[100:129] + "。", 59, 82, s, s)]
    rows += [("在基层一线践行初心", 44, 110, 14, 14), ("本报记者 吕康", 44, 130, s, s)]
    rows += [(fill[3:60], 59, 141, s, s)] + [
        (fill[k : k + 60], 44, 152 + 11 * n, s, s) for n, k in enumerate((7, 30, 61))
    ]
    rows += [(fill[90:110] + "。", 44, 185, s, s)]
    page = layout_glyphs(glyphs(rows, width=600, height=400)).layout
    first = next(a for a in page.articles if a.title == "监督聚焦民生痛点")
    assert [p.text[-3:] for p in first.paragraphs] == [
        fill[35:37] + "。",
        fill[95:97] + "。",
        fill[127:129] + "。",
    ]


def test_a_phrase_over_the_dateline_is_the_first_section_s_heading() -> None:
    # wkhtmltopdf 11506: a section heading in the text's face and size, a block of its own over
    # the story's dateline, read by the text path as a title before its byline — replaced by the
    # geometry's title, it was lost with it
    from pipeline.pdf.glyphlines import GLine
    from pipeline.pdf.page import read_region
    from pipeline.pdf.regions import Item, PageRegions, Region

    def item(text: str, x0: float, top: float, size: float = 7.5, **kw: object) -> Item:
        ln = GLine([], text, x0, top, x0 + size * len(text), top + size, size)
        return Item(ln, ln.box, **kw)

    fill = _FILL * 3
    title = item("监督怎样才能不走过场？", 44, 70, 15.6, role="title", group=0)
    phrase = item("聚焦主责主业，架起连心桥梁，聚焦老旧小区改造开展视察", 44, 93)
    byline = [item("本报讯（记者 万静蕾）" + fill[:60] + "。", 60, 106)]
    heading = [item("守牢安全底线，推行闭会期间代表活动常态化", 44, 118)]
    text = []
    for k in range(3):
        top = 131 + 32 * k
        text += [item(fill[k:95], 60, top), item(fill[3 + k : 100], 44, top + 10.5)]
        text += [item(fill[70:90] + "。", 44, top + 21)]
    region = Region([title, phrase, *byline, *heading, *text], 0)
    pr = PageRegions(7.5, 3.0, [region])
    lineno = {id(it): n for n, it in enumerate(region.items, 1)}
    blocks = [[phrase], byline, heading, text]
    (article,) = read_region(region, blocks, pr, lineno, 0, indents=True).articles
    assert article.title == "监督怎样才能不走过场？"
    assert article.authors == ("万静蕾",)
    assert article.paragraphs[0].heading == "聚焦主责主业，架起连心桥梁，聚焦老旧小区改造开展视察"
