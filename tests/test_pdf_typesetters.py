"""PDF pages typeset by XeLaTeX, LibreOffice, WeasyPrint and Chromium (``tests/data/typeset/``,
``scripts/make_typeset_fixtures.py``): more typesetters than the reader was built on.

Before these rules, a story setting its text in columns of its own lost a column to its neighbour
(hung marks closed the gutter between the stories, so the story's own gutter looked the wider),
lines of two columns were read as one (a comma and an opening bracket hung into a narrow gutter),
glyphs whose boxes end at their ink (一 “ ：) were read as lines of their own, lines of two frames
set a little apart were cut in two, and a rule over the last row of stories made that row the
page's footer: articles F1 0.67–1.00, CER 24–81 % on these pages, unflagged. On a WeasyPrint page
of stories flowing through CSS columns (``html_209``), the column beside a title at the foot of the
column to its left — that title's own text — went to the story before it (F1 0.67, CER 74 %), and
an indented first line stopping short of the column's edge read as a centred heading; where a
column broke at a paragraph's end over a title with its byline (``html_415``) or with a heading over
its dateline (``html_409``), the text over the title stayed with it (CER 24 % and 22 %). Where the
cut joined a title-less column to the title at the head of the column to its right, that column —
the run-on of the story whose title stood at the foot of the column to its left — went to the
title beside it (``html_509``, CER 36 %); a column opening with a short section heading was
measured by the heading's width, so its own lines looked apart from each other (``html_714``,
CER 52 %). A title whose column opened with a few lines run on from another story was parted from
its byline by the cut, and its text went to the title at that text's foot (``html_724``, CER 55 %,
cascading through the page). Chromium balances the same HTML's columns its own way: a title at a column's foot with
no text under it was given the text over it — the run-on of the story before, after a section
heading ending the column to its left (``chr_805``, CER 36 %); a story run on under a section heading
in the column that holds the next title went to that title (``chr_813``, CER 19 %). wkhtmltopdf's
one wide column: a section heading right under a title and its subtitle, over the story's dateline,
counted as the title's text, so the cut gave the story to the next title (``wk_4001``, ``wk_4006``,
CER 45 % and 35 %, never used before that measurement; ``wk_4204``, 22 %, its heading numbered
``一、…``); a heading over an indented first line whose wide measure holds a sentence end was not
seen as one. A WeasyPrint flow of three columns whose paragraph breaks (spaced, as CSS spaces
them) stood level in two of them was cut into bands at that blank, as two stories stacked over the
columns are, and three stories ran into each other (``html_5012``, CER 73 %, one article unflagged).
On wkhtmltopdf's one wide column, a title cut off with its byline, its text under them, was given
the text over it as a bare title would be (``wk_5402``, CER 30 %, unflagged), and a title whose
piece held a section heading, its story opening on a dateline under it, lost the story to the title
below (``wk_5404``, 67 %; Chromium's print of the same page, ``chr_5404``, 64 %). A flow whose
story went on at a column's head, over the next title, gave that title's own column to it as well
— the story's foot in the column to its left stops mid-sentence (``html_5612``, CER 56 %). A
title's bottom margin level with a blank between two paragraphs in the next column was taken for a
band between stacked stories, though the title's own story opens on a byline right under it
(``html_6016``, CER 51 %, unflagged).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.pdf.glyphlines import GLine, page_lines
from pipeline.pdf.layout import PdfPageLayout, layout_glyphs
from pipeline.pdf.reader import PageGlyphs, read_pages
from tests.extractor_metrics import GoldArticle
from tests.layout_metrics import PageScore, nows, score_page

TYPESET = Path(__file__).resolve().parent / "data" / "typeset"


def _read_scored(name: str) -> tuple[PdfPageLayout, PageScore]:
    """Page ``name`` of ``tests/data/typeset/`` read from its PDF, and its score against its gold."""
    truth = json.loads((TYPESET / f"{name}.gold.json").read_text(encoding="utf-8"))
    read = layout_glyphs(read_pages((TYPESET / f"{name}.pdf").read_bytes())[0])
    return read, score_page([GoldArticle.of(a) for a in truth["articles"]], read.layout)


PAGES = json.loads((TYPESET / "fixtures.json").read_text(encoding="utf-8"))["pages"]


@pytest.mark.parametrize("name", [p["name"] for p in PAGES])
def test_pages_of_other_typesetters_read_right_from_the_pdf(name: str) -> None:
    truth = json.loads((TYPESET / f"{name}.gold.json").read_text(encoding="utf-8"))
    layout = layout_glyphs(read_pages((TYPESET / f"{name}.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert score.articles_f1 == 1.0, (name, score.problems[:5])
    assert score.cer <= 0.03, (name, score.problems[:5])
    assert score.title_ok == score.n_expected, (name, score.problems[:5])


@pytest.mark.parametrize("name", ["html_7224", "chr_7206", "html_7818"])
def test_paragraph_lines_are_not_read_as_headings(name: str) -> None:
    """An indented first line that the line breaking stopped short by a word it kept whole (``…清单16``
    / ``项，…``), its indent's width from the right edge as well (WeasyPrint: CER 0.9 %) — or by a
    curly quote and the glyphs either side of it, which a browser keeps together (``…机制，开`` /
    ``展“履职…``: WeasyPrint 7818, CER 0.9 %, and 35 earlier WeasyPrint pages); a two-line
    paragraph between two emboldened headings, blocked with the heading under it (Chromium: read
    into one heading with both, CER 2.0 %). Both are text, every paragraph where the truth has it."""
    truth = json.loads((TYPESET / f"{name}.gold.json").read_text(encoding="utf-8"))
    layout = layout_glyphs(read_pages((TYPESET / f"{name}.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert score.cer == 0.0 and score.par_fp == 0 and score.par_fn == 0, (name, score.problems[:5])


@pytest.mark.parametrize(
    ("name", "joined"), [("tex_12209", "投入资金140万元，持续擦亮"), ("tex_12404", "培训基层代表7287人次。")]
)
def test_a_number_set_apart_from_the_ideographs_around_it_is_no_gutter(name: str, joined: str) -> None:
    """XeLaTeX sets a third of an em between a number and the ideographs either side of it
    (``投入资金 140 万元``); where another column of the page starts level with one of those blanks,
    the line was cut there and its second half read as an indented first line (``万元，持续擦亮…``
    a paragraph of its own: 12209, CER 0.44 %; ``7287人次。…``: 12404, 0.03 %; unflagged).  The
    lines right over and under run solid across the blank (12209), or the blank has its twin at
    the number's other end (12404, under a heading ending short of it): no gutter."""
    truth = json.loads((TYPESET / f"{name}.gold.json").read_text(encoding="utf-8"))
    layout = layout_glyphs(read_pages((TYPESET / f"{name}.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert score.cer == 0.0 and score.par_fp == 0 and score.par_fn == 0, (name, score.problems[:5])
    assert any(joined in nows(p.text) for a in layout.articles for p in a.paragraphs)


def test_a_kicker_at_a_columns_foot_heads_the_title_opening_the_next_column() -> None:
    """A CSS flow breaks a headline group where the column runs out: the kicker, set smaller than
    the text, at one column's foot, its title at the next column's head.  One wrapped (its dash alone
    on its second line) was read into the paragraph over it (WeasyPrint 12019: CER 0.59 %, two
    articles flagged); one on a line was left out.  Each is its title's kicker now, the wrapped one's
    lines joined as one wrapped line is, and the title's box stays its own (no box across the
    columns between: nothing flagged)."""
    name = "html_12019"
    read, score = _read_scored(name)
    assert score.cer == 0.0 and score.par_fp == 0 and score.par_fn == 0, score.problems[:5]
    kickers = {a.title: a.kicker for a in read.layout.articles}
    truth = json.loads((TYPESET / f"{name}.gold.json").read_text(encoding="utf-8"))
    want = {nows(a["title"]): a["kicker"] for a in truth["articles"]}
    assert {nows(t): k for t, k in kickers.items()} == want
    assert not read.unsure


@pytest.mark.parametrize(
    ("text", "gaps", "gap", "twin"),
    [
        ("代表7287人次", [0, 3.0, 0, 0, 0, 3.0, 0], 1, True),  # the blank before the number
        ("代表7287人次", [0, 3.0, 0, 0, 0, 3.0, 0], 5, True),  # ... and after it
        ("系统2.0版", [0, 2.5, 0, 0, 2.5], 1, True),  # a decimal point inside the run
        ("代表7287人次", [0, 3.0, 0, 0, 0, 6.0, 0], 1, False),  # a gutter after the number
        ("代表7287", [0, 3.0, 0, 0, 0], 1, False),  # the number ends the line: no twin
        ("代表大会人次", [0, 3.0, 0, 0, 0], 1, False),  # ideographs both sides: no number between
    ],
    ids=["before", "after", "decimal", "gutter-after", "line-end", "no-number"],
)
def test_the_blank_around_a_number_has_its_twin(text: str, gaps: list[float], gap: int, twin: bool) -> None:
    from pipeline.pdf.glyphlines import _autospace

    chars = list(text)
    piece = list(range(len(chars)))
    assert len(gaps) == len(chars) - 1
    assert _autospace(chars, piece, piece, gaps, gap) is twin


def test_a_byline_justified_over_two_lines_beside_another_columns_line() -> None:
    """A byline wrapped in a narrow column, its first line justified (``本报记者  黎霞英  通讯员``, the
    names 0.8 em apart) on the baseline of the next column's line: the row read as one run, the
    byline's words were not found in it (the other column's glyphs after them), so its blanks were
    cut as gutters and the byline read as a title and a paragraph (WeasyPrint 12512: the second
    author lost, CER 0.46 %).  The byline's words are the run up to a blank wider than theirs."""
    name = "html_12512"
    truth = json.loads((TYPESET / f"{name}.gold.json").read_text(encoding="utf-8"))
    layout = layout_glyphs(read_pages((TYPESET / f"{name}.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert score.cer == 0.0 and score.author_ok == score.n_expected, score.problems[:5]
    assert any(a.authors == ("黎霞英", "熊亮") for a in layout.articles)


def test_a_story_of_indented_one_line_paragraphs_under_a_dateline() -> None:
    """A story of one-line paragraphs, every line indented (its dateline's too), alone in its region:
    the column's edge is shown only by other stories' lines, most of them short (a paragraph's last
    line), which did not count as set to the story's measure — so its paragraphs read as one
    (wkhtmltopdf 12706: CER 0.14 %; of older rounds 4809, 9804).  A line of the page counts when it
    overlaps most of the shorter of the two."""
    name = "wk_12706"
    truth = json.loads((TYPESET / f"{name}.gold.json").read_text(encoding="utf-8"))
    layout = layout_glyphs(read_pages((TYPESET / f"{name}.pdf").read_bytes())[0]).layout
    score = score_page([GoldArticle.of(a) for a in truth["articles"]], layout)
    assert score.cer == 0.0 and score.par_fp == 0 and score.par_fn == 0, score.problems[:5]


def _page(runs: list[tuple[str, float, float, float, float, float]]) -> PageGlyphs:
    """Runs of ``(text, x, baseline, size, advance, ink)``: each glyph's box from the baseline up
    one size and down ``ink`` (negative: the box ends above the baseline, at the glyph's ink)."""
    g = PageGlyphs(number=1, width=600, height=800, rotation=0)
    for text, x, base, size, advance, ink in runs:
        for ch in text:
            g.chars.append(ch)
            g.x0.append(x)
            g.x1.append(x + size)
            g.top.append(base - 0.8 * size)
            g.bottom.append(base + (ink if ch in "一“：" else 0.2 * size))
            g.base.append(base)
            g.size.append(size)
            x += advance
    return g


def test_glyph_boxes_ending_at_their_ink_stay_in_their_line() -> None:
    """A font that declares no descent: PDFium ends 一's box above the baseline — the glyph is
    still on its line (rows follow the baseline, not the box)."""
    g = _page([("代表说：“一是要把监督做实一点。”", 100, 200, 10, 10, -4.0)])
    assert [ln.text for ln in page_lines(g)] == ["代表说：“一是要把监督做实一点。”"]


def test_two_columns_on_baselines_a_little_apart_are_two_rows() -> None:
    """Frames side by side on their own grids, baselines 2 pt apart (a fifth of an em), the right
    one's glyphs a tenth of a point off their baseline here and there: each column's line stays
    whole (taken as one row, it was cut where the fifth of an em from the left line ran out)."""
    runs = [
        ("人大代表深入基层走访", 100, 198.0, 10, 10, 2.0),
        ("常委会听取", 220, 199.96, 10, 10, 2.0),
        ("专项报告", 270, 200.06, 10, 10, 2.0),
    ]
    assert sorted(ln.text for ln in page_lines(_page(runs))) == ["人大代表深入基层走访", "常委会听取专项报告"]


def test_hung_marks_in_a_narrow_gutter_part_two_columns() -> None:
    """A comma hung out of the left column and an opening bracket hung into the gutter of the
    right one: their boxes overlap, yet the right column starts inside the bracket's cell (three
    lines start there), so the row is two lines."""
    s = 10.0
    runs = []
    for k in range(4):  # the right column's lines start at x = 232
        runs.append(("代表联络站建起来之后", 120, 200 + 14 * k, s, s, 2.0))
        runs.append(("群众的意见有处说", 232, 200 + 14 * k, s, s, 2.0))
    runs = [
        *runs[:-2],
        ("代表联络站建起来之后，", 120, 256, s, s, 2.0),
        ("（记者王敏）", 226, 256, s, s, 2.0),
    ]
    lines = sorted((ln.top, ln.text) for ln in page_lines(_page(runs)))
    assert [t for _, t in lines[-2:]] == ["代表联络站建起来之后，", "（记者王敏）"]


def test_a_bracket_hung_two_thirds_of_an_em_still_parts_two_columns() -> None:
    """XeLaTeX hangs a comma half out of the left column and an opening bracket two thirds of an em
    into the gutter of the right one, the two cells touching (XeLaTeX 7816: a line of one column and
    the heading of the next read as one line, their columns then as one): the row is two lines."""
    s = 10.0
    runs = []
    for k in range(4):  # the left column ends at x = 220, the right one starts at x = 232
        runs.append(("代表联络站建起来之后", 120, 200 + 14 * k, s, s, 2.0))
        runs.append(("群众的意见有处说", 232, 200 + 14 * k, s, s, 2.0))
    runs = [
        *runs[:-2],
        ("代表联络站建起来之，", 125, 256, s, s, 2.0),  # its comma's cell 215–225
        ("（三）激活基层末梢", 225.5, 256, s, s, 2.0),  # the bracket's cell 225.5–235.5
    ]
    lines = sorted((ln.top, ln.x0, ln.text) for ln in page_lines(_page(runs)))
    assert [t for *_, t in lines[-2:]] == ["代表联络站建起来之，", "（三）激活基层末梢"]


def test_hung_marks_on_the_line_above_do_not_bridge_the_gutter() -> None:
    """The last lines of two columns, the right one opening on a hung quote; on the line above a
    comma and a quote hung from both sides overlap across the gutter — that is no text running
    across it (as a name gap in a byline has), so the last row is still two lines."""
    s = 10.0
    runs = []
    for k in range(3):
        runs.append(("监督工作的针对性和实效", 120, 200 + 14 * k, s, s, 2.0))
        runs.append(("群众的意见有处说有人", 238, 200 + 14 * k, s, s, 2.0))
    runs += [
        ("审议通过条例目前，", 146, 242, s, s, 2.0),  # a comma hung out of the left column (226–236)
        ("“最多跑一次”名片", 232, 242, s, s, 2.0),  # and a quote into the right one (232–242)
        ("此外审议通过了条例", 140, 256, s, s, 2.0),
        ("“民意直通车”。", 233, 256, s, s, 2.0),
    ]
    last = sorted((ln.x0, ln.text) for ln in page_lines(_page(runs)) if ln.top > 245)
    assert [t for _, t in last] == ["此外审议通过了条例", "“民意直通车”。"]


def test_a_byline_across_a_storys_own_columns_is_read_before_them() -> None:
    """A byline set over the gutter of a story's two columns, too short to count as a line
    across them: read first, then the left column, then the right one (not row by row)."""
    from pipeline.pdf.regions import Item, reading_order

    def item(text: str, x0: float, x1: float, top: float) -> Item:
        ln = GLine([], text, x0, top, x1, top + 10, 10.0)
        return Item(ln, ln.box)

    items = [item("本报记者 王敏 通讯员 李强", 100, 230, 100)]
    for k in range(4):
        items += [item(f"左栏第{k}行", 100, 215, 115 + 14 * k), item(f"右栏第{k}行", 225, 340, 115 + 14 * k)]
    order = [it.line.text for block in reading_order(items, 3.0, 6.0) for it in block]
    assert order[0] == "本报记者 王敏 通讯员 李强"
    assert order[1:5] == [f"左栏第{k}行" for k in range(4)]


@pytest.mark.parametrize("name", [p["name"] for p in PAGES if p["typesetter"] != "html"])
def test_section_headings_set_in_simulated_bold_are_headings(name: str) -> None:
    """XeLaTeX and LibreOffice embolden a section heading by stroking its glyphs; at the text's
    size and filling its column, it looked like a line of the paragraph before."""
    truth = json.loads((TYPESET / f"{name}.gold.json").read_text(encoding="utf-8"))
    layout = layout_glyphs(read_pages((TYPESET / f"{name}.pdf").read_bytes())[0]).layout
    found = {nows(h) for a in layout.articles for h in a.headings}
    for a in truth["articles"]:
        # (not a heading over the first paragraph: set above a dateline, tex_701, it is read as the
        # dateline's kicker — no newspaper sets a section heading before its dateline)
        for h in {p["heading"] for p in a["paragraphs"]} - {None, a["paragraphs"][0]["heading"]}:
            assert nows(h) in found, (name, h)


def test_a_masthead_two_lines_up_is_no_neighbour_of_a_columns_first_line() -> None:
    """A column's first line holds a name gap (``本报讯（记者 曾源）…``): the line under it runs
    solid across the gap, and the masthead two line pitches above — no line of the column — does
    not make the gap a gutter (WeasyPrint pages: the story lost its byline's second half)."""
    runs = [
        ("第6版履职视点", 728, 65.6, 10, 10, 2.0),  # the masthead, 2 em over the column's first line
        ("本报讯（记者", 641, 85.4, 10, 10, 2.0),
        ("曾源）通过专项审", 716, 85.4, 10, 10, 2.0),
        ("议满意度测评等方式广泛凝聚社会", 621, 100.0, 10, 10, 2.0),
    ]
    texts = [ln.text for ln in page_lines(_page(runs)) if 80 < ln.top + 8 < 90]
    assert texts == ["本报讯（记者 曾源）通过专项审"]


@pytest.mark.parametrize("name", [p["name"] for p in PAGES])
def test_a_title_wrapped_at_its_measure_gets_no_space(name: str) -> None:
    """A title wrapped where its column ends (``把联络站建在群`` / ``众家门口``) reads as one phrase;
    only a headline's halves are set apart by a space. The text alone cannot tell them apart (a
    space went into every break: 291 of 548 titles on the typeset pages), the width can."""
    truth = json.loads((TYPESET / f"{name}.gold.json").read_text(encoding="utf-8"))
    layout = layout_glyphs(read_pages((TYPESET / f"{name}.pdf").read_bytes())[0]).layout
    gold = {nows(t): t for a in truth["articles"] for t in (a["title"], a["kicker"], a["subtitle"]) if t}
    for a in layout.articles:
        for t in (a.title, a.kicker, a.subtitle):
            if t and nows(t) in gold:
                # (a space the truth has may be missing: a break where the halves meet hides it)
                assert t.count(" ") <= gold[nows(t)].count(" "), (name, t, gold[nows(t)])


def test_a_byline_justified_across_a_narrow_column_names_everyone() -> None:
    """WeasyPrint sets ``本报记者 马成 通讯员`` / ``龚立冬`` justified across a narrow column: its word
    spaces are wider than the line's spacing, and the row was cut there as at a gutter (the names
    were read as lines of their own); the last role's name on the next line is that role's."""
    truth = json.loads((TYPESET / "html_3023.gold.json").read_text(encoding="utf-8"))
    layout = layout_glyphs(read_pages((TYPESET / "html_3023.pdf").read_bytes())[0]).layout
    assert [a.authors for a in layout.articles] == [tuple(a["authors"]) for a in truth["articles"]]


def test_a_story_opens_under_a_wrapped_section_heading() -> None:
    """Under a title, a section heading of two lines (``一、做实代表工作 织密`` / ``监督网``) over the
    story's dateline: the story opens there (Chromium 4204: the column's head above the title was
    given to the title, not to the story the column to its left ends with, CER 23 %)."""
    from pipeline.pdf.regions import Item, _opens_story, _past_heading

    def item(text: str, top: float) -> Item:
        ln = GLine([], text, 0, top, 100, top + 10, 10.0)
        return Item(ln, ln.box)

    story = [
        item("一、做实代表工作 织密", 0),
        item("监督网", 12),
        item("新华社北京7月17日电（记者 段国）", 24),
    ]
    assert not _opens_story(story, 2) and _opens_story(_past_heading(story))
    text = [
        item("围绕文化遗产保护加强基层", 0),
        item("治理薄弱环节，通过学习培训", 12),
        item("本报记者 段国", 24),
    ]
    assert not _opens_story(_past_heading(text))


def test_a_first_line_stopped_short_by_its_line_break_is_no_heading() -> None:
    """An indented first line that line breaking stopped short by the width of its indent (``…审议
    通过《酒泉市传统村落保护条`` / ``例》，…``: no line may open on ``例》，``) stands inset on both sides
    like a centred heading; it leaves its 《》 open, which no heading does (WeasyPrint 5605: read as
    the section heading of the rest of its story, CER 2.8 %)."""
    layout = layout_glyphs(read_pages((TYPESET / "html_5605.pdf").read_bytes())[0]).layout
    for a in layout.articles:
        for h in a.headings:
            assert all(h.count(x) <= h.count(y) for x, y in (("《", "》"), ("“", "”"), ("（", "）"))), h
    truth = json.loads((TYPESET / "html_5605.gold.json").read_text(encoding="utf-8"))
    paragraphs = {nows(p.text) for a in layout.articles for p in a.paragraphs}
    assert all(nows(p["text"]) in paragraphs for a in truth["articles"] for p in a["paragraphs"])


def test_a_column_left_of_where_the_next_story_opens_is_the_story_befores() -> None:
    """A story in three columns under a title over its first two; the next story's title stands flush
    over its own column, which opens on its byline. The third column, under neither title, is nearer
    the next story's column than its own second: still the story before's — a story begins where its
    byline opens it, so a column left of that is none of its text (XeLaTeX 7804: given to the next
    story, CER 13.9 %, unflagged)."""
    from pipeline.pdf.regions import Item, _join_untitled

    def item(text: str, x0: float, x1: float, top: float, size: float = 10.0, **kw: object) -> Item:
        ln = GLine([], text, x0, top, x1, top + size, size)
        return Item(ln, ln.box, **kw)

    def column(x0: float, first: str) -> list[Item]:
        return [
            item(first if k == 0 else "代表联络站建起来之后", x0, x0 + 100, 130 + 14 * k) for k in range(6)
        ]

    before = [item("用好监督利器 打造履职品牌", 40, 240, 80, 20.0, role="title", group=0)]
    before += column(40, "本报讯（记者 樊春）常委会") + column(150, "群众的意见有处说有人管")
    run = column(262, "将代表建议纳入年度重点工作")
    after = [item("为乡村振兴注入法治动能", 369, 569, 80, 20.0, role="title", group=1)]
    after += column(369, "本报讯（记者 余刚）把工作")
    parts = _join_untitled([before, run, after], 0)
    assert len(parts) == 2 and all(it in parts[0] for it in run)


def test_a_storys_opening_line_ending_on_half_a_dash_is_no_subtitle() -> None:
    """A story's first line, its dateline, breaking a dash at its end (``本报讯（记者 叶莉）…上—`` /
    ``—把好…``) right under its title: text, not the title's subtitle (LibreOffice 7814: the
    byline and the lead's first lines were read as a subtitle)."""
    layout = layout_glyphs(read_pages((TYPESET / "lo_7814.pdf").read_bytes())[0]).layout
    art = next(a for a in layout.articles if a.title and a.title.startswith("民生实事由民定"))
    assert art.subtitle is None and art.byline == "本报讯（记者 叶莉）"
    assert art.paragraphs[0].text.startswith("把工作重心放在一个“实”字上——把好法规草案的合法性关口。")


def test_a_subtitle_flush_left_under_a_centred_title_is_its_subtitle() -> None:
    """A title centred over its story's two columns, its subtitle (``——…``) set flush left under it,
    clear of the title's span: the title's subtitle, the story one article (XeLaTeX 8213: the
    subtitle read as a title of its own, the story split in two, one half titled by it)."""
    layout = layout_glyphs(read_pages((TYPESET / "tex_8213.pdf").read_bytes())[0]).layout
    art = next(a for a in layout.articles if a.title == "小切口立法解决大问题")
    assert art.subtitle == "——廊坊“代表在身边”工作法观察" and art.byline == "■秦晓莉"
    assert not any(a.title and a.title.startswith("——") for a in layout.articles)


def test_a_paragraph_broken_at_a_column_head_on_a_dash_is_one_paragraph() -> None:
    """A paragraph's last line opening the next column on a dash (``…千家万户`` / ``——关注食品药品
    安全。``), read by the text path as a title set after the text: the paragraph's end, not a
    paragraph of its own (LibreOffice 8411)."""
    layout = layout_glyphs(read_pages((TYPESET / "lo_8411.pdf").read_bytes())[0]).layout
    ends = [p.text for a in layout.articles for p in a.paragraphs if p.text.endswith("关注食品药品安全。")]
    assert any(t.endswith("农村集体经济连着千家万户——关注食品药品安全。") for t in ends)
    assert not any(p.text.startswith("——") for a in layout.articles for p in a.paragraphs)


def test_a_story_of_one_line_paragraphs_reads_its_indents_by_its_byline() -> None:
    """A wide column whose paragraphs are a line each: every line starts indented but the byline's,
    which stands at the column's edge — its paragraphs, not one run (wkhtmltopdf 8404: paragraph
    breaks missed; 35 pages of every round so, most of them wkhtmltopdf's)."""
    layout = layout_glyphs(read_pages((TYPESET / "wk_8404.pdf").read_bytes())[0]).layout
    art = next(a for a in layout.articles if a.byline == "■樊雪")
    texts = [p.text for p in art.paragraphs]
    assert texts[0].endswith("健全常委会组成人员联系代表制度。")
    assert texts[1] == "问题收集、交办、督办、反馈……助力中小企业纾困发展。"


def test_a_story_closed_by_its_note_hands_the_next_column_to_the_story_under_it() -> None:
    """Two stories flowing through one pair of CSS columns: the first closed by its author's note
    high in the first column, the second opening under it there and carried on at the second
    column's head.  The cut gave the second column to the first story (its title stands level with
    that column's head): two stories in one article, flagged (WeasyPrint 13509, Chromium alike:
    CER 16 %).  A column after the one a story's note closes, reading on from the story the column
    to its left ends with mid-sentence, is that story's — nothing flagged."""
    name = "html_13509"
    read, score = _read_scored(name)
    assert score.cer == 0.0 and score.art_fn == 0 and score.author_ok == score.n_expected, score.problems[:5]
    assert not read.unsure


def test_a_kicker_flush_left_over_a_band_heads_the_headline_centred_under_it() -> None:
    """XeLaTeX sets a kicker flush left over a band's first column and the headline centred over
    the band, a line lower: the cut made the kicker a title of its own, with the first column as
    its text (a section heading read as its headline), and the headline's story lost that column
    (XeLaTeX 13504: CER 4.25 %, both flagged).  A region titled by a kicker alone joins the region
    of the headline set under it — one story, read right, nothing flagged."""
    name = "tex_13504"
    read, score = _read_scored(name)
    assert score.cer == 0.0 and score.kicker_ok == score.n_expected, score.problems[:5]
    assert not read.unsure


def test_a_short_kicker_at_a_columns_foot_heads_the_title_opening_the_next_column() -> None:
    """A kicker shorter than half the measure at a column's foot (``聚焦水资源保护——``), its title at
    the next column's head: the next column was looked for right of the kicker's own lines only,
    short lines of its column, so it was never found and the kicker read as the last line of the
    story over it (WeasyPrint and Chromium 13504: CER 0.28 %, flagged). The kicker's column is the
    measure of the lines overlapping most of the shorter of the two."""
    name = "html_13504"
    read, score = _read_scored(name)
    assert score.cer == 0.0 and score.kicker_ok == score.n_expected, score.problems[:5]
    assert not read.unsure


def test_a_first_line_stopped_short_before_a_colon_and_a_quote_is_no_heading() -> None:
    """An indented first line the line breaking stopped short (``林辉泽代表表``), the next line
    opening ``示：“每…``: no break after the colon's glyph nor either side of the quote, so the
    first unit that did not fit is ``示：“每`` — the line is no centred heading (WeasyPrint 14122:
    read as a section heading, its paragraph cut in two, 0.29 %)."""
    name = "html_14122"
    read, score = _read_scored(name)
    assert score.cer == 0.0 and score.n_expected == score.title_ok, score.problems[:5]
    assert not any(p.heading == "林辉泽代表表" for a in read.layout.articles for p in a.paragraphs)


def test_a_column_after_a_story_closed_by_its_note_opens_the_story_titled_over_it() -> None:
    """A story closed by its author's note at the foot of its second column; the third column,
    opening on a section heading and a dateline, stands right under the next story's title: the cut
    gave it to the closed story — two bylines under one title, flagged (LibreOffice 13504: CER
    9.5 %). A column after the one a story's note closes goes to the title set right over it."""
    name = "lo_13504"
    read, score = _read_scored(name)
    assert score.cer == 0.0 and score.author_ok == score.n_expected, score.problems[:5]
    assert not read.unsure
