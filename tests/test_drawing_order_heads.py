"""Headlines that text in drawing order (PyMuPDF, pypdf) makes look like something else, on real
tool output of typeset newspaper pages (``tests/data/extractors/news85017…news87094``: each of
them went out unflagged and wrong before these rules):

* a headline set in a box narrower than the column wraps inside a word (``代表建`` / ``议如何`` /
  ``落地见`` / ``效？``): no section heading, which wraps only where its column ends;
* a headline across columns is wider than the column even counting its quotes at nothing;
* a heading over a first line whose indent the extractor dropped is a heading, also where the
  line under that first line is a cell short itself (a glyph carried down with its comma) and
  where the heading fills the column (no word runs on across the break);
* a bold title drawn twice comes out twice on one line (pypdf), letter-spaced or as the last glyph
  of a vertical title: printed once; a bold headline's last glyph alone on a line, printed once
  (PyMuPDF), stays in its headline;
* a story's first line, its indent dropped, is no headline's where a full line without a clause
  mark or a quotation runs on from it;
* what still cannot be read surely is flagged: a paragraph ending on lines of headline words after
  a finished sentence, a headline over the first story and another after the last text, a byline
  amid a paragraph (a headline and its byline printed as one line).
"""

from __future__ import annotations

import pytest

from pipeline.layout import read_page
from pipeline.layout.lines import make_lines
from pipeline.layout.paragraphs import join_heading
from pipeline.layout.styles import FLAGS
from pipeline.types import PageLayout
from tests.extractor_metrics import evaluate, tool_text
from tests.layout_metrics import nows

FLAG = FLAGS["misordered_blocks"]
BLANKLESS = ("pymupdf", "pypdf")


def assert_flagged(page: PageLayout, why: str = "", every_article: bool = True) -> None:
    """The page is read as out of order, its note naming ``why`` (and every article says so)."""
    assert page.style == "misordered_blocks"
    assert why in (page.style_note or "")
    if every_article:
        assert all(FLAG in a.flags for a in page.articles)


def titles(case: str, tool: str) -> list[str]:
    return [nows(a.title or "") for a in read_page(tool_text(case, tool)).articles]


def headings(case: str, tool: str) -> set[str]:
    page = read_page(tool_text(case, tool))
    return {nows(p.heading) for a in page.articles for p in a.paragraphs if p.heading}


@pytest.mark.parametrize("tool", BLANKLESS)
def test_headlines_in_a_narrow_box_and_across_columns_head_their_own_stories(tool: str) -> None:
    case = "news86014_tabloid_glyphs"
    got = titles(case, tool)
    assert "答好新时代人大工作答卷" in got  # 答好新时 / 代人大工 / 作答卷: wrapped inside 新时代
    assert nows("小切口立法解决大问题 漳州打造“板凳会”履职品牌") in got  # 10 and 11+ cells in 9
    r = evaluate(case, tool)
    assert r.style == "reading_order" and r.score.articles_f1 == 1.0 and r.score.cer < 0.005


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_heading_over_a_first_line_is_a_heading_also_over_a_short_line(tool: str) -> None:
    # 坚持开门立法 / 汇聚发展合力 / 截至目前，推进 (7 of 9) / 人大工作数字化转 (8: 型， carried down)
    assert "坚持开门立法汇聚发展合力" in headings("news86014_tabloid_glyphs", tool)


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_heading_filling_the_column_over_a_first_line_is_a_heading(tool: str) -> None:
    # 表工作站建设。 / 把联络站建在群众家门口 (11 of 11) / 预算工作委员会推动 (9: indent dropped)
    assert "把联络站建在群众家门口" in headings("news85017_tabloid", tool)


@pytest.mark.parametrize("case", ["news85017_tabloid"])
@pytest.mark.parametrize("tool", BLANKLESS)
def test_headline_words_ending_a_paragraph_flag_the_page(case: str, tool: str) -> None:
    page = read_page(tool_text(case, tool))
    assert_flagged(page, "headline read as text")


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_headline_after_the_last_text_titles_it_when_it_has_none(tool: str) -> None:
    # title-first page (news87059): the last story's headline, set under its text, is drawn after
    # it and ends the page (``…伍建设。`` / ``小切口立法解决大问题``); the story had no other title.
    # It was read as the text's last line (the page flagged); it is the story's title.
    page = read_page(tool_text("news87059_tabloid", tool))
    assert page.articles[-1].title == "小切口立法解决大问题"
    assert not any("小切口立法" in p.text for a in page.articles for p in a.paragraphs)
    r = evaluate("news87059_tabloid", tool)
    assert r.mixing_unflagged == 0 and r.splicing_unflagged == 0


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_headline_on_top_and_one_after_the_last_text_flag_the_page(tool: str) -> None:
    page = read_page(tool_text("news87073_broadsheet", tool))
    assert_flagged(page)
    r = evaluate("news87073_broadsheet", tool)
    assert r.mixing_unflagged == 0 and r.splicing_unflagged == 0


def test_a_letter_spaced_question_printed_twice_on_one_line_is_printed_once() -> None:
    text = tool_text("news87011_broadsheet_c7_glyphs", "pypdf")
    assert "立 法 如 何 更 接 地 气 ？立 法 如 何 更 接 地 气 ？" in text
    last = read_page(text).articles[-1]
    assert nows(last.title) == "立法如何更接地气？鞍山人大常委会开展集中接待纪实"
    assert last.subtitle == "——访四川人大代表于涛梅"
    assert not any("立法如何" in p.text for p in last.paragraphs)


def test_a_vertical_titles_last_glyph_printed_twice_is_printed_once() -> None:
    text = tool_text("news87094_broadsheet_c5_glyphs", "pypdf")
    assert "代表履职进行代表履职进行\n时时\n" in text
    page = read_page(text)
    assert any(nows(a.title or "").endswith("代表履职进行时") for a in page.articles)
    assert page.style == "misordered_blocks"  # two headlines in one block: whose is which, unsure


def test_a_bold_headlines_last_glyph_printed_once_stays_in_its_headline() -> None:
    # PyMuPDF prints each line of a bold headline twice, but a glyph alone on a line once: that
    # glyph shows no type, so it is no headline of its own in a lighter one (nor the next one's).
    text = tool_text("news93618_broadsheet_glyphs", "pymupdf")
    assert "把联络站建\n把联络站建\n在群众家门\n在群众家门\n口\n" in text
    got = titles("news93618_broadsheet_glyphs", "pymupdf")
    assert "把联络站建在群众家门口" in got and "口" not in got
    assert evaluate("news93618_broadsheet_glyphs", "pymupdf").score.title_ok >= 7


def test_a_boxs_vertical_label_drawn_twice_keeps_the_box_out_of_the_stories() -> None:
    # the label under the page number (``3`` / ``相`` … ``接`` twice) read as one line: the box is
    # the page's, the first story opens under its headline, and what cannot be told (a headline
    # under the last text) is flagged — before, the titles went one story on, unflagged
    page = read_page(tool_text("news93660_tabloid", "pymupdf"))
    assert nows(page.articles[0].title) == "让法规条文长出牙齿"
    assert not any("相关链接" in p.text for a in page.articles for p in a.paragraphs)
    r = evaluate("news93660_tabloid", "pymupdf")
    assert r.flagged and r.mixing_unflagged == 0 and r.score.title_ok >= 5


@pytest.mark.parametrize("tool", BLANKLESS)
def test_drawing_order_with_a_headline_at_both_ends_is_read_title_first(tool: str) -> None:
    # a headline over the first byline and one after the last text: the ends disagree, and most
    # titles stand over their stories (before, read title-last: every title went one story back)
    assert evaluate("news87073_broadsheet", tool).score.title_ok >= 3  # of 5 (1 before)
    # where no other sign flags such a page, this does: a headline set under its story's text
    # goes to the next story (here, the page's second: 3 → 1 of 6 titles)
    assert_flagged(
        read_page(tool_text("news63010_tabloid_glyphs", tool)), "titles read as set before their texts"
    )
    # so does a page opening on a headline over a story with no byline at its head (kicker,
    # headline and subtitle over the text): before, that story went untitled
    page = read_page(tool_text("news75003_broadsheet_c5", tool))
    assert nows(page.articles[0].title) == nows("立法为民的生动实践 滨海新打造“代表接待日”履职品牌")
    assert page.style == "misordered_blocks"
    # a page opening on a byline and ending on a headline (the sample's text, in three columns)
    # stays title-last, unflagged
    r = evaluate("raw_k3", tool)
    assert r.style == "reading_order" and r.score.title_ok == r.score.n_expected == 5


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["代表建", "议如何", "落地见", "效？"], "代表建议如何落地见效？"),  # a box three glyphs wide
        (["小区停车", "难怎么", "解？"], "小区停车难怎么解？"),  # 解 carried down with its ？
        (["答好新时", "代人大工", "作答卷"], "答好新时代人大工作答卷"),
        (["坚持开门立法", "汇聚发展合力"], "坚持开门立法 汇聚发展合力"),  # two phrases: no word across
    ],
)
def test_a_headline_wrapped_by_a_narrow_box_joins_without_spaces(lines: list[str], joined: str) -> None:
    assert join_heading(make_lines("\n".join(lines))) == joined


def test_a_title_over_a_letter_spaced_line_is_no_tail_of_its_sentence() -> None:
    from tests.synthetic import generate_page

    # 常 委 会 办 公 室 守 护 好 一 方 绿 水 / 青山。监督怎样才能不走过场？ / 答好新时代人大工作答卷 / ■ 林 艳（天津）
    text = "\n".join(ln for ln in generate_page(1970).text.split("\n") if ln.strip())
    page = read_page(text)
    art = next(a for a in page.articles if a.authors == ("林艳",))
    assert art.title == "答好新时代人大工作答卷"
    assert page.style == "reading_order"


@pytest.mark.parametrize("variant", ["expected", "plain", "layout"])
def test_a_subtitle_under_a_furniture_line_keeps_the_title_above_it(variant: str) -> None:
    from pathlib import Path

    path = Path(__file__).parent / "data" / "pdftotext" / f"syn25_k3_band.{variant}.txt"
    page = read_page(path.read_text(encoding="utf-8"))
    art = next(a for a in page.articles if a.authors == ("雷红萍",))
    assert art.title == "小切口立法解决大问题 曲靖人大常委会开展专项审议纪实"
    assert art.subtitle == "——锦州“楼道议事”工作法观察"
    assert page.style != "misordered_blocks"


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_headline_a_glyph_wider_than_the_column_after_an_author_note_is_no_text(tool: str) -> None:
    # （作者系…主任） / 小切口立法解决大问题 (10 in a column of 9) / a photo caption / 从实际效果看，…
    page = read_page(tool_text("news89012_tabloid_glyphs", tool))
    assert "小切口立法解决大问题" in [a.title for a in page.articles]
    assert not any(p.text.startswith("小切口") for a in page.articles for p in a.paragraphs)
    assert evaluate("news89012_tabloid_glyphs", tool).splicing_unflagged == 0


def test_a_page_opening_on_a_headline_over_a_story_signed_at_its_end_is_title_first() -> None:
    text = tool_text("news89046_broadsheet_c5", "pypdf")
    assert "监督怎样才能不走过场？监督怎样才能不走过场？\n" in text  # over another line printed twice
    page = read_page(text)
    got = [nows(a.title or "") for a in page.articles if a.authors]
    assert got[:2] == ["代表履职进行时推动基层治理提质增效", nows("立法为民的生动实践 从“纸面”走向“地面”")]
    # its last headline, after a jump note, heads a story read into the one before: flagged
    assert page.style == "misordered_blocks" and "after the last text" in (page.style_note or "")
    assert evaluate("news89046_broadsheet_c5", "pypdf").mixing_unflagged == 0


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_kicker_as_wide_as_the_column_over_a_short_headline_marks_it(tool: str) -> None:
    # …接待”工作机制。 / 代表履职风采录—— (9 in 9) / 一张清单管到底 / 下一步，推动各 …
    page = read_page(tool_text("news90029_tabloid", tool))
    art = next(a for a in page.articles if a.title == "一张清单管到底")
    assert art.kicker == "代表履职风采录——"
    assert evaluate("news90029_tabloid", tool).mixing_unflagged == 0


@pytest.mark.parametrize(
    ("seed", "author", "title"), [(2474, "彭龙", "一张清单管到底"), (635, "陈秋", "一张清单管到底")]
)
def test_a_question_ending_under_a_line_full_with_wide_quotes_is_no_headline(
    seed: int, author: str, title: str
) -> None:
    from tests.synthetic import generate_page

    # 何才能从“纸面”走向“地 (10.5 cells with quotes at half a cell, 12 at one: the column) /
    # 面”？ / 一张清单管到底 / 本报记者 …: the question finishes the sentence above, not a headline
    text = "\n".join(ln for ln in generate_page(seed).text.split("\n") if ln.strip())
    page = read_page(text)
    art = next(a for a in page.articles if author in a.authors)
    assert art.title == title
    assert page.style == "reading_order"


def test_a_box_label_read_into_a_paragraph_flags_the_page() -> None:
    # pdftotext on a newspaper page (seed 88026): a box too long for the boxed-note rule to be sure
    # of its end (its label, then more than six lines) printed right after a line cut at a
    # semicolon, so the label ran into the paragraph — ``…建设；名词解释通过立法调研…``
    body = [
        "儋州人大常委会",
        "深化人大代表工作站",
        "建设，上线代表履职",
        "平台，基层立法联系",
        "点加强干部队伍建",
        "设；",
        "",
        "名词解释",
        "通过立法调研、专",
        "题询问等方式推进",
        "基层立法联系点提",
        "质扩面，推动形成",
        "共建共治共享格",
        "局；把工作重心放",
        "在一个实字上，让",
        "群众看得见摸得着。",
    ]
    page = read_page("\n".join(["■ 陈 平（河北）", *body]))
    assert "名词解释" not in [p.heading for a in page.articles for p in a.paragraphs]
    assert_flagged(page, "boxed note's label (line 9)")


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_story_in_a_narrow_column_after_a_jump_note_is_read_apart(tool: str) -> None:
    # the last story's text (a column of 9) run into by a story set in a column of 7 with no byline,
    # every other line of it a cell short (``查，`` carried down): no run of one width shows the two
    # (flagged as such before, CER 24 %). A jump note stands between them: the story before it
    # ends there, and the one after it is read apart. The line after the note (``通过立法调`` /
    # ``研、预算联网监``) is an indent short of the next, a word running on: its first line, no
    # headline (it was read as one, the page flagged for it); the headline drawn after the story
    # (``代表履职进行时``) is handed to it, and the page is flagged for that hand-out.
    page = read_page(tool_text("news91077_tabloid", tool))
    assert_flagged(page, every_article=False)
    assert page.articles[-1].title == "代表履职进行时"
    assert page.articles[-1].text.startswith("通过立法调研、预算联网监")
    result = evaluate("news91077_tabloid", tool)
    assert result.mixing == 0 and result.score.cer < 0.01


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_vertical_title_after_its_text_is_a_headline_of_its_own(tool: str) -> None:
    # a vertical title (a glyph a line: 用/好/监/督/利/器) drawn after its story's text, then the
    # next story's headline over its text: one block of title lines with no mark between them. A
    # headline never runs on from a column of glyphs into a row, so the block is two headlines,
    # one for the story before it, one for the story after (before: the story before untitled,
    # the one after it under both, every later story's title moved down one).
    result = evaluate("news92173_tabloid", tool)
    assert result.score.title_ok == result.score.n_expected == 5
    assert_flagged(read_page(tool_text("news92173_tabloid", tool)), every_article=False)


@pytest.mark.parametrize("tool", BLANKLESS)
def test_two_headlines_in_one_block_are_cut_between_words_to_title_both_stories(tool: str) -> None:
    # a kicker and headline set under their story's text, then the next story's headline (set
    # beside its text, wrapped: 代表建议如何 / 落地见效？): one block of four title lines and a
    # story left untitled. Cut after 在基层一线践行初心 (between words; so is 如何 | 落地, but of
    # the cuts that title as many stories the one moving the fewest lines from where the page's
    # placement put them is taken), both stories are titled (before: 4 of 6).
    result = evaluate("news92163_broadsheet", tool)
    assert result.score.title_ok == result.score.n_expected == 6
    assert_flagged(read_page(tool_text("news92163_broadsheet", tool)), "titles handed out again")


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_vertical_title_ending_on_a_question_mark_heads_the_text_before_it(tool: str) -> None:
    # 立/法/如/何/更/接/地/气/？ drawn after its story's text: one vertical line (the mark too),
    # no text (before: read as the paragraph's last line, the story under no title of its own)
    page = read_page(tool_text("news60003_broadsheet_c8", tool))
    titled = [a for a in page.articles if nows(a.title) == "立法如何更接地气？"]
    assert len(titled) == 1
    assert titled[0].paragraphs[0].text.startswith("把QQ群和微信群建到网格里")
    assert titled[0].paragraphs[-1].text.endswith("广泛听取基层群众意见。")


def test_a_glyph_wrapped_from_a_headlines_first_part_stays_in_its_title_block() -> None:
    # 织密基层治理 / 网 / 从“纸面”走 / 向“地面”: a two-part headline, its first part's last glyph
    # wrapped onto a line of its own (PyMuPDF prints a narrow headline so). Before: the block
    # stopped at the glyph, the second part read as the story, the story under it untitled.
    text = "\n".join(
        [
            *["织密基层治理", "网", "从“纸面”走", "向“地面”", "■ 汪 博（重庆）"],
            *["梳理问题清单20项，推动解", "决一批群众关心的实际问题，推", "行“三级联动·执法检查”工作机"],
            *["制。实践中，严格审查政府债务", "管理情况，通过议案办理、入户", "走访等方式健全常委会组成人员"],
            *["联系代表制度。", "为此，推进基层治理体系现", "代化，加强耕地保护监督，打通"],
            *["服务群众最后一公里。", "监督聚焦民生痛点", "■ 姜 春（广东）"],
            *["组织专题调研50多次，推动", "《中华人民共和国黄河保护法》", "各项规定落到实处，聚焦群众急"],
            *["难愁盼问题开展专项调研，通过", "议案办理、集中接待等方式深入", "街道社区走访群众。"],
        ]
    )
    page = read_page(text)
    assert [nows(a.title) for a in page.articles] == ["织密基层治理网从“纸面”走向“地面”", "监督聚焦民生痛点"]
    assert page.articles[0].paragraphs[0].text.startswith("梳理问题清单20项")


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_first_line_over_a_full_line_without_a_clause_mark_is_no_headline(tool: str) -> None:
    # its indent dropped, a byline-less story's first line stops an indent short of a full line
    # with no clause mark, which runs on into one with marks: the text has begun (before, read as
    # the headline's second line)
    page = read_page(tool_text("news93747_broadsheet_c8", tool))
    assert not any("齐齐哈尔" in (a.title or "") for a in page.articles)
    assert any(p.text.startswith("齐齐哈尔各级人大代表推进") for a in page.articles for p in a.paragraphs)


@pytest.mark.parametrize("tool", BLANKLESS)
def test_a_quotation_running_on_from_a_first_line_is_no_headline(tool: str) -> None:
    # ``持续擦亮“民生微`` / ``实事”名片，…``: no word runs on, the quotation does
    text = tool_text("news93759_tabloid_glyphs", tool)
    assert "持续擦亮“民生微\n实事”名片，" in text
    page = read_page(text)
    assert "监督聚焦民生痛点推动基层治理提质增效" in [nows(a.title or "") for a in page.articles]
    assert any(p.text.startswith("持续擦亮“民生微实事”名片") for a in page.articles for p in a.paragraphs)


def test_a_headline_and_its_byline_on_one_line_flag_the_page() -> None:
    # pypdf prints a headline and the byline beside it as one line: read as text, the story under
    # it runs into the paragraph before — a byline amid a paragraph says so
    text = tool_text("news92795_tabloid", "pypdf")
    assert "\n代表履职进行时■ 金成琳（贵州）\n" in text
    assert_flagged(read_page(text), "a byline amid the paragraph")


def test_a_byline_amid_a_paragraph_flags_the_page() -> None:
    body = "围绕生态环境保护开展执法检查，形成了“代表在身边”的经验做法。"
    text = "\n".join(
        ["让法规条文长出牙齿", "■ 付琳（河南）", body, "代表履职进行时■ 金成琳（贵州）", body, ""]
    )
    assert_flagged(read_page(text), "a byline amid the paragraph")
