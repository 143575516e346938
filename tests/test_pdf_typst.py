"""PDF pages typeset by Typst (``tests/data/typst/``, ``scripts/make_typst_fixtures.py``): another
typesetter than the reportlab one the PDF reader was built on — hanging punctuation, its own line
breaking and spacing, stories run on from column to column (a magazine's flow).

Before these rules the reader took every justified line of a column with hung punctuation for a
centred heading and gave text that runs on at a column's head to the title below it: articles F1
0.00–0.86 on these pages, unflagged. Later: a column set wholly above the title beside it went to
that title although it carries on the story the column to its left ends with (``ty115``, CER 40 %),
and a boxed note in a column hid its run (``ty402``, CER 47 %); titles side by side over a row of
one-column stories ran together across the gutter — a title line's trailing space in it, an
opening quote hung into it on the line below (``ty704``, CER 32 %) — and a subtitle whose box
touched its title's was a title of its own (``ty713``); a column at the page's head went to the
story at the head of the column to its left, though that story ends there above another story's
title (``ty323``, CER 27 %). Then: a column opening on a photo at the page's head, its text
carrying on the story at the foot of the column to its left, went to the story at that column's
head (``ty917``, CER 25 %); section headings at the text's size holding clause marks
(``（一）聚焦主责主业，筑牢法治根基，…``, ``突出民生关切，打通服务群众最后一公里``) were read into
the paragraphs around them (``ty908``, ``ty916``, CER 2.7 % and 4.3 %); a dateline's line took
its lead's first words for a heading (``ty903``). On pages never used before (4001–, measured
once): a title at a column's foot whose subtitle and byline open the next column's head lost its
story to the story over it (``ty4022``, CER 68 %); a run at a column's head under a photo went to the
title under it (``ty4101``, 9.8 %); two titles side by side ran together where a ``？`` hung into the
gutter a fifth of an em from the next title (``ty4110``, 27 %). The round after: four titles side
by side wrapped to a fourth line, one glyph each of two of them on one baseline 22 em apart, read
as one line — two glyphs show no spacing of their own to tell a gutter by (``ty4420``, 43 %); and
two titles side by side whose first line ends on a space set a little short of the gutter, so
kept as a word space, ran together as one title over both columns (``ty5110``, 12 %); a subtitle in
smaller print than the text, wrapped to a last glyph over the byline, left that glyph to open the
story's text, which then went to the title under it (``ty5617``, 24 %); a whole column beside a
column of three stories went to the first title beside it, not to the story the column to its
left ends with, mid-sentence (``ty6024``, 45 %). Later still: two stories' kickers side by side
under the page's header line, over titles set larger, ran together across the gutter — the header
line over them, the only line of their size near, was taken for text bridging it (``ty10017``, 21 %).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.pdf.glyphlines import GLine
from pipeline.pdf.layout import layout_glyphs
from pipeline.pdf.page import _edges, _emit, _headings_over_indents
from pipeline.pdf.reader import read_pages
from pipeline.pdf.regions import Item, PageRegions
from tests.extractor_metrics import GoldArticle
from tests.layout_metrics import nows, score_page

TYPST = Path(__file__).resolve().parent / "data" / "typst"
PAGES = json.loads((TYPST / "fixtures.json").read_text(encoding="utf-8"))["pages"]


def _truth(name: str) -> dict:
    return json.loads((TYPST / f"{name}.truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [p["name"] for p in PAGES])
def test_typst_pages_read_right_from_the_pdf(name: str) -> None:
    truth = _truth(name)
    layout = layout_glyphs(read_pages((TYPST / f"{name}.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert score.articles_f1 >= 0.95, (name, score.problems[:5])
    assert score.cer <= 0.02, (name, score.problems[:5])
    assert score.title_ok >= score.n_expected - 1, (name, score.problems[:5])
    # every story ends under its own title (a story run on past a column's foot stays whole)
    for a in truth["articles"]:
        end = nows(a["paragraphs"][-1]["text"])[-12:]
        assert any(
            nows(x.title or "") == nows(a["title"]) and end in nows(x.paragraphs[-1].text)
            for x in layout.articles
            if x.paragraphs
        ), a["title"]


@pytest.mark.parametrize("name", ["ty903", "ty908", "ty916", "ty917", "ty8120", "ty8411", "ty8410"])
def test_typst_pages_read_paragraph_for_paragraph(name: str) -> None:
    """Pages whose every paragraph now reads as its truth: a flow into a column opening on a photo
    (``ty917``), headings holding clause marks (``ty908``, ``ty916``), a dateline on an indented
    first line measured short by its half-cell digits (``ty903``: its lead's first words were read
    as a heading when a heading elsewhere in the region shifted the column's width by half a cell),
    a lead's second line opening on a dash, under the dateline's line right under the title
    (``ty8120``: read as the title's subtitle, its text lost), a heading with clause marks wrapped
    at a story's head, over its dateline's line (``ty8411``: lost), a heading ending on a closing
    quote (``…筑牢法治根基“晴雨`` / ``表”``) at a column's head over its dateline (``ty8410``: lost —
    a heading's last glyph was asked to be a word's)."""
    truth = _truth(name)
    layout = layout_glyphs(read_pages((TYPST / f"{name}.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert score.par_fn == score.par_fp == 0, (name, score.problems[:5])
    assert score.head_fn == score.head_fp == 0, (name, score.problems[:5])


def test_subtitles_set_in_the_texts_face_are_subtitles() -> None:
    """A subtitle (``——访…``) set in the text's face and size, opening its story under the title:
    the story's subtitle (``ty4919``: the text path took it for a title, which the geometry's
    replaced — the subtitle was lost, and read as a section heading once stories' opening headings
    were)."""
    truth = _truth("ty4919")
    layout = layout_glyphs(read_pages((TYPST / "ty4919.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert sum(1 for a in truth["articles"] if a.get("subtitle")) >= 3
    assert score.subtitle_ok == score.n_expected, score.problems[:5]
    assert score.head_fp == score.head_fn == 0, score.problems[:5]


def _line(text: str, x0: float, x1: float, top: float) -> Item:
    ln = GLine([], text, x0, top, x1, top + 10, 10.0)
    return Item(ln, ln.box)


def test_hung_punctuation_does_not_move_a_columns_edges() -> None:
    """An opening quote hung left of the measure and a comma hung right of it: the column's edges
    stay where most lines start and end, so full lines do not look centred (a heading)."""
    block = [
        _line("县人大常委会日前就全县农村饮水安全工作", 40, 218, 0),
        _line("“小院议事厅”工作法，推动问题解决，", 35, 223, 12),
        _line("开展专题询问，县水利局、卫健局等部门", 40, 218, 24),
        _line("主要负责同志到会应询，逐一作答。", 40, 200, 36),
    ]
    assert _edges(block) == (40, 218)
    assert _edges(block[:2]) == (35, 223)  # too few lines to tell: the outermost


def _heads(block: list[Item]) -> list[bool]:
    flags = [False] * len(block)
    _headings_over_indents(block, _edges(block)[0], 10.0, flags)
    return flags


def test_a_heading_with_clause_marks_between_paragraphs_is_a_heading() -> None:
    """Flush left after a finished sentence, over an indented first line, ending on no mark: a
    paragraph does not end so, whatever marks the line holds inside."""
    body = _line("依法履职，推动解决实际问题。", 40, 180, 0)
    for head in ("（一）聚焦主责主业，筑牢法治根基", "突出民生关切，打通服务群众最后一公里"):
        block = [body, _line(head, 40, 218, 12), _line("开展代表述职评议，完善", 60, 218, 24), body]
        assert _heads(block) == [False, True, False, False], head


def test_a_numbered_heading_wrapped_once_and_one_under_a_byline() -> None:
    tail = [_line("制", 40, 50, 24), _line("一是做实常态化联系。常委会", 60, 218, 36)]
    block = [
        _line("依法履职。", 40, 90, 0),
        _line("（三）夯实履职根基，架起连心桥梁，探索机", 40, 218, 12),
        *tail,
    ]
    assert _heads(block) == [False, True, True, False]
    byline = _line("本报记者 刘晨", 40, 120, 0)
    numbered = [byline, _line("（一）聚焦主责主业，筑牢法治根基", 40, 218, 12), *tail[1:]]
    assert _heads(numbered) == [False, True, False]
    # unnumbered too: no paragraph ends on a line with no mark, over an indented first line (Typst
    # 7202, 7223: a story opening on its first section's heading)
    plain = [byline, _line("聚焦主责主业，筑牢法治根基", 40, 218, 12), *tail[1:]]
    assert _heads(plain) == [False, True, False]
    # ... but a byline's name wrapped onto a line of its own is the byline's
    wrapped = [_line("本报记者 许春岩 通讯员", 40, 218, 0), _line("邓松", 40, 62, 12), *tail[1:]]
    assert _heads(wrapped) == [False, False, False]


def test_a_heading_with_clause_marks_opening_a_story_is_a_heading() -> None:
    """The first block of a titled story opening flush left on words with clause marks and no mark
    at their end, over an indented first line: nothing of the story above to run on, so a heading
    (Typst 8411) — not where the block may carry on a paragraph from elsewhere, nor a line opening
    on a dash (a subtitle set in the text's face)."""
    dated = _line("本报讯（记者 邓蓓）通过入户走访、", 60, 218, 24)
    head = [_line("深化数字赋能，汇聚发展合力，关注农村人居环境整", 40, 218, 0), _line("治", 40, 50, 12)]
    block = [*head, dated]
    flags = [False] * len(block)
    _headings_over_indents(block, 40.0, 10.0, flags, opens=True)
    assert flags == [True, True, False]
    flags = [False] * len(block)
    _headings_over_indents(block, 40.0, 10.0, flags)
    assert flags == [False, False, False]
    sub = [_line("——访牡丹江人大代表郝馨", 40, 170, 0), dated]
    flags = [False] * len(sub)
    _headings_over_indents(sub, 40.0, 10.0, flags, opens=True)
    assert flags == [False, False]


def test_a_heading_opening_a_block_under_a_finished_paragraph_is_a_heading() -> None:
    """A block opening on a heading with clause marks, wrapped twice (Typst 10318, the fresh round
    after 10201: ``深化数字赋能，擦亮履`` / ``职底色，推动解决群众`` / ``出行难问题`` right under a photo),
    over an indented first line: its block has no line above it, but the block before (over the
    photo) ends a sentence — a heading, not the rest of that paragraph (read into it, CER 1.4 %).
    Where the block before stops mid-sentence, the lines may carry its paragraph on."""
    head = [
        _line("深化数字赋能，擦亮履", 40, 150, 0),
        _line("职底色，推动解决群众", 40, 150, 12),
        _line("出行难问题", 40, 95, 24),
        _line("汪鹏代表表示：“我", 61, 150, 36),
        _line("们要把监督的过程变成", 40, 150, 48),
    ]
    flags = [False] * len(head)
    _headings_over_indents(head, 40.0, 10.0, flags, after_sentence=True)
    assert flags == [True, True, True, False, False]
    flags = [False] * len(head)
    _headings_over_indents(head, 40.0, 10.0, flags)
    assert flags == [False] * 5
    before = [_line("纷预防和处理条例》贯", 40, 150, -40), _line("彻执行情况。", 40, 104, -28)]
    em = _emit([before, head], PageRegions(10.0, 2.0, []))  # (the two blocks as one region's)
    assert [em.lines[n - 1] for n in sorted(em.headings)] == [it.line.text for it in head[:3]]


@pytest.mark.parametrize(
    ("lines", "right"),
    [
        (
            [  # ``5G+智``: no break between a numeric prefix and the glyph after it (UAX #14, LB23a)
                ("备案审查”工作机制。", 40, 140),
                ("通过学习培训、跟踪监督等方式严格审查政府债务管理情况，用好", 60, 350),
                ("5G+智慧政务平台。今年以来，建成代表联络站10个，通过入户走", 40, 369),
                ("调研等方式推动民生难题逐个破解。", 40, 200),
            ],
            370.0,
        ),
        (
            [  # ``《鄂``: no break after an opening mark (LB14)
                ("群众31.5万人。", 40, 104),
                ("全年共举办活动38期，就", 60, 160),
                ("《鄂尔多斯市医疗纠纷预防和处理", 40, 177),
                ("条例（草案）》征求意见；基层医", 40, 177),
            ],
            177.0,
        ),
    ],
    ids=["numeric-prefix", "opening-mark"],
)
def test_a_first_line_stopped_short_of_an_unbreakable_unit_is_no_heading(
    lines: list[tuple[str, float, float]], right: float
) -> None:
    """An indented first line the line breaking stopped short two ems from the edge looks centred,
    like a heading; the line under it opens on a unit no line may break inside, wider than the room
    left: the paragraph's line (WeasyPrint 10801: read as a heading, CER 1.0 %; WeasyPrint 11317:
    as a heading's third line, CER 0.40 %)."""
    from pipeline.pdf.page import _heading_lines

    block = [_line(text, x0, x1, 12 * k) for k, (text, x0, x1) in enumerate(lines)]
    assert _heading_lines(block, 40.0, right, 10.0, False, 0) == [False] * 4


def test_a_first_line_stopped_short_of_an_ellipsis_and_its_glyph_is_no_heading() -> None:
    """The same where the line under it opens on ``馈……``: no break before an ellipsis (UAX #14,
    LB22), so the unit is three glyphs wide, wider than the two left (WeasyPrint 12007: the first
    line read as the story's first heading, CER 0.30 %)."""
    from pipeline.pdf.page import _heading_lines

    block = [
        _line("本报记者 金坤 通讯员 于远帆", 40, 168, 0),
        _line("问题收集、交办、督办、反", 60, 180, 12),
        _line("馈……促进法规条文转化为治理效", 40, 190, 24),
        _line("能。围绕基层医疗让群众看得见摸得", 40, 200, 36),
    ]
    assert _heading_lines(block, 40.0, 200.0, 10.0, False, 0) == [False] * 4


def test_a_page_of_narrow_columns_indents_though_sentences_end_at_the_measure() -> None:
    """In narrow columns a sentence often ends at the line's end mid-paragraph, the next line flush:
    those say nothing of indents — only a sentence ending short of the measure does (fresh 162602:
    the page read as not indenting, an indented first line ``开通“12345”`` then read as a heading)."""
    from pipeline.pdf.page import page_indents

    block = []
    for p in range(4):
        top = 60 * p
        block += [_line("通过执法检查、立", 60, 130, top), _line("法调研等方式做好。", 40, 130, top + 12)]
        block += [
            _line("代表议案处理工作。", 40, 130, top + 24),
            _line("围绕社区治理推进", 40, 130, top + 36),
        ]
        block += [_line("工作。", 40, 70, top + 48)]
    assert page_indents([[block]], 10.0)


def test_running_text_flush_left_is_no_heading() -> None:
    """A line carrying its paragraph on ends on a mark, or its sentence does on the next line."""
    first = _line("依法履职。", 40, 90, 0)
    indented = _line("开展代表述职评议，完善", 60, 218, 36)
    for lines in (
        [_line("（二）加强基层治理，推动各项工作落实。", 40, 218, 12)],
        [_line("（二）加强基层治理，推动各项工作", 40, 218, 12), _line("落实。", 40, 80, 24)],
        [_line("截至目前，收到群众来信1200余件，", 40, 218, 12)],
    ):
        block = [first, *lines, indented]
        assert not any(_heads(block)), lines[0].line.text


# Pages whose text, without the geometry, does not say what the PDF does: flagged, not read right.
TEXT_FLAGGED = {
    # a story's first section heading (clause marks, wrapped) right under its title, over its
    # dateline: in text, a second title over the byline (an extra article); the PDF sets it in the
    # text's size, under a blank
    "ty8411",
}


@pytest.mark.parametrize("tool", ["pymupdf", "pypdf"])
def test_typst_pages_in_reading_order_text_read_right(tool: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same pages as PyMuPDF and pypdf print them (reading order on these pages): every story
    found, no paragraph splicing two columns' text (``scripts/make_typst_fixtures.py`` ran them);
    the pages of ``TEXT_FLAGGED`` flagged."""
    import tests.extractor_metrics as em

    monkeypatch.setattr(em, "FIXTURES", TYPST)
    em.truth.cache_clear()
    em._truth_texts.cache_clear()
    try:
        for p in PAGES:
            r = em.evaluate(p["name"], tool)
            assert r.splicing_unflagged == 0 and r.mixing_unflagged == 0, p["name"]
            if p["name"] in TEXT_FLAGGED:
                assert r.flagged, p["name"]
                continue
            assert r.score.articles_f1 >= 0.95, (p["name"], r.score.problems[:5])
    finally:
        em.truth.cache_clear()
        em._truth_texts.cache_clear()


def test_an_article_with_text_is_not_flagged_without_text() -> None:
    """The text path may read a piece of a region with no text of its own (a credit, a heading over
    text it leaves to the next piece) and flag it ``no_text``; joined with its text by the PDF
    reader, the article has text and says so (``ty8411``: its third story had kept the flag)."""
    stale = [
        (name, k)
        for name in (p["name"] for p in PAGES)
        for k, a in enumerate(
            layout_glyphs(read_pages((TYPST / f"{name}.pdf").read_bytes())[0]).layout.articles
        )
        if a.paragraphs and "no_text" in a.flags
    ]
    assert stale == []


def test_a_byline_running_into_the_gutter_is_read_before_the_columns_under_it() -> None:
    """A byline over a story's two columns, its end 3 pt into the gutter, closes it: with no clean
    gap either way the lines were read row by row, the two columns spliced line by line
    (LibreOffice 12203, CER 7.9 %, unflagged). It is read first, then each column."""
    from pipeline.pdf.regions import reading_order

    byline = _line("本报记者 张杰文 通讯员 姜宁", 40, 167, 741)
    left = [_line(f"左栏第{k}行正文内容", 40, 153, 759 + 15 * k) for k in range(6)]
    right = [_line(f"右栏第{k}行正文内容", 170, 282, 759 + 15 * k) for k in range(6)]
    blocks = reading_order([byline, *left, *right], 3.0, 8.0)
    assert [[it.line.text for it in b] for b in blocks] == [
        [byline.line.text],
        [it.line.text for it in left],
        [it.line.text for it in right],
    ]


def test_a_titles_quote_set_tight_over_another_storys_indent_is_no_gutter() -> None:
    """Typst sets a title's opening quote tight after the glyph before it (``从“纸面”``); under the
    quote's inked half another story's paragraphs open indented, so the reader took the quote for
    one hung into a gutter there and cut the title in two: its second half was left as a title with
    no text, lost (``ty12505``: the title read ``小切口立法解决大问题 从``, unflagged). The column
    edge under the glyph before the quote says the blank is no gutter."""
    truth = _truth("ty12505")
    layout = layout_glyphs(read_pages((TYPST / "ty12505.pdf").read_bytes())[0]).layout
    assert sorted(nows(a.title) for a in layout.articles) == sorted(
        nows(a["title"]) for a in truth["articles"]
    )


@pytest.mark.parametrize("name", ["ty12610", "ty12614", "ty12815"])
def test_a_flows_column_ending_on_an_authors_note_over_a_jump_note(name: str) -> None:
    """A column at the page's head carries on the story at the foot of the column to its left and
    ends it: an author's note (``（作者系…``, two lines) then a jump note (``（下转第 4 版）``).  The note
    was counted as standing inside the column (not in its last two lines), so the column was not
    read as a flow's and went to a story beside it whose own text had ended — two stories in one
    article (flagged), the story it carries on cut short (``ty12610``: CER 22 %; ``ty12614``, its
    title at the foot of the column before: 50 %) — or to the story whose title heads the page,
    with no flag (``ty12815``: 55 %)."""
    truth = _truth(name)
    layout = layout_glyphs(read_pages((TYPST / f"{name}.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert score.articles_f1 == 1.0 and score.cer == 0.0, (name, score.problems[:5])
    assert score.title_ok == score.n_expected, (name, score.problems[:5])


def test_a_paragraphs_last_line_of_a_glyph_and_two_marks_stays_in_its_column() -> None:
    """A paragraph's last line ``程。”`` (a glyph and two closing marks) under an indented first line:
    taken off the em a mark hung past a column's edge may take, the line's span ended an em short
    of where the next line starts, and the column was cut there — the two lines read apart, the
    first as a heading (``ty12818``: CER 0.73 %).  A line under five ems wide fills no measure: its
    marks are its own."""
    truth = _truth("ty12818")
    layout = layout_glyphs(read_pages((TYPST / "ty12818.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert score.cer == 0.0 and score.par_fp == 0 and score.par_fn == 0, score.problems[:5]


def test_a_heading_filling_the_measure_at_a_columns_foot_under_a_finished_paragraph() -> None:
    """A section heading with clause marks, flush left and as wide as its column, at the column's
    foot under a paragraph's short last line; its paragraph opens indented at the next column's
    head.  Filling the measure, it was read as the next paragraph's first line run on there
    (``ty13212``: CER 0.67 %).  No paragraph opens flush left under a finished one."""
    truth = _truth("ty13212")
    layout = layout_glyphs(read_pages((TYPST / "ty13212.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert score.cer == 0.0 and score.par_fp == 0 and score.par_fn == 0, score.problems[:5]


def test_a_paragraphs_last_line_touching_the_next_headline_ends_its_paragraph() -> None:
    """A paragraph's last line (``请专家学者参与论证。``) set right above the next story's headline,
    its box touching the headline's: the cut gave it to the headline's story, where it stood over
    the title as a paragraph of its own, its sentence cut in two (``ty13721``: CER 0.64 %, both
    stories flagged).  A line or two over a title that read on from the text right over them, a
    line's pitch above, end that text."""
    truth = _truth("ty13721")
    read = layout_glyphs(read_pages((TYPST / "ty13721.pdf").read_bytes())[0])
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], read.layout)
    assert score.cer == 0.0 and score.par_fp == 0 and score.par_fn == 0, score.problems[:5]
    assert not read.unsure


def test_headline_lines_sharing_a_row_read_left_to_right() -> None:
    """A headline justified over two halves on one row (``行时`` … ``从“纸``): the right half opens
    on a curly quote, whose glyph box stands 0.02 pt higher, and sorted by top alone it came first
    (``ty14505``: ``代表履职进从“纸 行时 面”走向“地面”``, unflagged). Lines whose tops are within a
    fifth of their size are one row, read left to right."""
    truth = _truth("ty14505")
    read = layout_glyphs(read_pages((TYPST / "ty14505.pdf").read_bytes())[0])
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], read.layout)
    assert score.title_ok == score.n_expected and score.cer == 0.0, score.problems[:5]
