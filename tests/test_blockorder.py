"""Blocks printed out of reading order (``pipeline/layout/blockorder.py``): found where the real tools
did it, never on text in reading order.

Evidence: the fixtures of ``tests/data/extractors/`` (pdftotext and pdfminer.six now and then print a
block of one column between two of another), checked against the typeset order of every row; and
every reading-order page the layout rules are held to (sample, hand-made, pdftotext fixtures,
synthetic pages, PyMuPDF and pypdf output).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.layout import read_page
from pipeline.layout.blockorder import header_amid_text, misordered_boundaries, name_unopened, runs_past_jump
from pipeline.layout.spacing import fold_fullwidth
from pipeline.layout.styles import detect_style
from pipeline.types import LayoutArticle, LayoutParagraph, PageLayout
from tests.extractor_metrics import CASES, NEWSPAPER, TOOLS, tool_text, truth
from tests.layout_metrics import nows
from tests.synthetic import generate_page

ROOT = Path(__file__).resolve().parent.parent

BODY = [
    "近年来，市人大常委会坚持把监督",
    "工作摆在突出位置，围绕群众关心",
    "的问题开展专题调研，推动解决了",
    "一批实际问题，得到群众的广泛好",
]
NEXT = ["坚持问题导向，聚焦民生实事", "开展执法检查，推动法律法规落到实", "处，取得了良好的社会效果。"]


HEAD = ["人大代表助力公共交通", "本报记者 徐凯", "", "市人大常委会召开会议，听取审议有关", "工作情况的报告。"]


def page(*blocks: list[str]) -> str:
    """A page of at least ``styles.MIN_LINES`` lines: a title, a byline, a paragraph, the blocks."""
    return "\n".join(HEAD) + "\n\n" + "\n\n".join("\n".join(b) for b in blocks) + "\n"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (page(BODY, ["强化代表履职", *NEXT]), "cut_then_new"),  # cut mid-sentence, then a heading
        (page(BODY, NEXT), "cut_then_new"),  # … then an indented first line over a full one
        (page(BODY, ["记者：您这次带来了哪些建议？", *NEXT]), "cut_then_new"),  # … then a question
        (page([*BODY, "评。"], ["作。会议强调，要进一步加强代表", *NEXT[1:]]), "orphan_clause"),
        (page([*BODY, "评。"], ["化，推出微信小程序，打造品牌", *NEXT[1:]]), "orphan_clause"),
    ],
)
def test_a_misordered_boundary_is_found(text: str, kind: str) -> None:
    found = misordered_boundaries(text)
    assert [k for _, _, k in found] == [kind]
    cut = len(HEAD) + 1 + len(BODY) + (kind == "orphan_clause")  # the line above the blank line
    assert found[0][:2] == (cut, cut + 2)
    assert detect_style(text).style == "misordered_blocks"
    assert all("misordered_blocks" in a.flags for a in read_page(text).articles)


@pytest.mark.parametrize(
    "text",
    [
        page(BODY, ["评。会议要求，各级人大代表要", *NEXT[1:]]),  # a column break mid-sentence, carried on
        page(BODY, ["评。", "强化代表履职", *NEXT]),
        page([*BODY, "评。"], ["强化代表履职"], NEXT),  # a paragraph end, a heading, a paragraph
        page([*BODY, "评。"], NEXT),
        page(BODY[:2], ["强化代表履职", *NEXT]),  # too short a block to call it cut mid-sentence
        page(["人大代表助力公共交通", "本报记者 徐凯"], NEXT),  # a title, not a line cut mid-sentence
    ],
)
def test_text_in_order_is_not_flagged(text: str) -> None:
    assert misordered_boundaries(text) == []
    assert detect_style(text).style == "reading_order"


# A paragraph's first line, short of the column by the indent an extractor dropped (the line above
# ends a sentence), cut mid-sentence: it goes on below as surely as a full line does.
FIRST = [*BODY[:2], "的问题开展专题调研，推动解决。", "深化机关作风建设，推动各项"]


def test_a_paragraph_first_line_cut_then_a_new_block_is_found() -> None:
    text = page(FIRST, NEXT)
    found = misordered_boundaries(text)
    assert [k for _, _, k in found] == ["cut_then_new"]
    cut = len(HEAD) + 1 + len(FIRST)
    assert found[0][:2] == (cut, cut + 2)
    assert detect_style(text).style == "misordered_blocks"


@pytest.mark.parametrize(
    "blocks",
    [
        (FIRST, ["工作落地见效，完善公共服务体系建", *NEXT[1:]]),  # carried on by the next column
        ([*FIRST[:2], BODY[2], FIRST[3]], NEXT),  # a short line mid-paragraph: not surely cut
        ([*FIRST[:3], "深化机关作风建设，推动"], NEXT),  # shorter than an indent: a paragraph end?
    ],
)
def test_a_paragraph_first_line_carried_on_or_unsure_is_not_flagged(blocks: tuple[list[str], ...]) -> None:
    assert misordered_boundaries(page(*blocks)) == []


def test_a_clause_tail_right_under_a_finished_sentence_is_found() -> None:
    # PyMuPDF on a WeasyPrint page, no blank line: a column's head (``衡，…``: the end of 均衡)
    # printed under the end of another story's text
    lines = [*HEAD, *BODY[:3], "一批实际问题，得到了广泛好评。", "衡，通过App实时反馈办理进度，"]
    text = "\n".join([*lines, *NEXT]) + "\n"
    assert [k for _, _, k in misordered_boundaries(text)] == ["orphan_clause"]
    assert detect_style(text).style == "misordered_blocks"
    # a sentence opening on two characters and a comma is a sentence (``为此，``)
    text = text.replace("衡，通过App", "为此，通过App")
    assert misordered_boundaries(text) == []


def test_a_heading_alone_under_text_cut_mid_sentence_is_found() -> None:
    # pdfminer.six: a full line cut mid-sentence, then a heading of another column between blank
    # lines (no heading stands inside a sentence), then that heading's paragraph
    text = page(BODY, ["强化代表履职"], NEXT)
    found = misordered_boundaries(text)
    assert [k for _, _, k in found] == ["cut_then_new"]
    assert found[0][:2] == (len(HEAD) + 1 + len(BODY), len(HEAD) + 3 + len(BODY))
    assert detect_style(text).style == "misordered_blocks"


def test_a_line_of_another_column_alone_between_a_cut_word_is_found() -> None:
    # pdfminer.six printing two columns a line at a time (Typst page): ``把监`` / another column's
    # full line / ``督的过程…`` — the word 监督 runs across the first and the third line, none across
    # the first and the second or the second and the third
    a = "一批实际问题，孟秋说我们要把监"
    b = "截至目前，推动养老服务体系建设跟"
    c = "督的过程变成推动工作的过程。”"
    text = page([*BODY[:3], a], [b], [c, *NEXT])
    assert [k for _, _, k in misordered_boundaries(text)] == ["cut_then_new"]
    # the same lines where the second carries the first on (``把监督`` …) are in order
    assert misordered_boundaries(page([*BODY[:3], a], ["督的过程，推动养老服务体系建设"], [c, *NEXT])) == []
    # where it was found: pdfminer.six's text of a Typst page (its paragraphs spliced two columns)
    real = (ROOT / "tests" / "data" / "typst" / "ty2003.pdfminer.txt").read_text(encoding="utf-8")
    assert detect_style(real).style == "misordered_blocks"


@pytest.mark.parametrize(
    "blocks",
    [
        (BODY, ["评。会议要求"], NEXT),  # the line alone finishes the sentence: a column's head
        (
            [*BODY[:3], "一批实际问题，得到群众广泛持续推"],
            ["进规范性文件备案"],
            ["审查，推动各项决策部署落地落", *NEXT[1:]],
        ),
        ([*BODY, "评。"], ["强化代表履职"], NEXT),  # a heading after a finished sentence: in order
        (["让群众的声音被听见！黑龙江人大探索代表工作新路"], ["本报记者 殷晨刚 通讯员 兰敏蓓"], NEXT),
    ],
    ids=["tail", "word-across", "after-sentence", "title-byline"],
)
def test_a_line_alone_that_carries_the_text_on_is_no_heading(blocks: tuple[list[str], ...]) -> None:
    # a word running across the lines (推|进, 备案|审查) carries the sentence on: a line broken
    # between columns, not a heading; a byline under a title with ！ in it is no cut sentence
    assert misordered_boundaries(page(*blocks)) == []


@pytest.mark.parametrize("case", ["chr_816", "html_714", "lo_944"])
def test_pdfminer_headings_printed_inside_a_sentence_flag_the_page(case: str) -> None:
    """pdfminer.six text of Chromium, WeasyPrint and LibreOffice pages (``tests/data/typeset/``)
    printing a heading of one column inside a sentence of another: its paragraphs spliced the two,
    unflagged, before this sign."""
    text = tool_text(case, "pdfminer")
    assert [k for _, _, k in misordered_boundaries(text)] and detect_style(text).style == "misordered_blocks"


def test_a_kicker_alone_under_text_cut_mid_sentence_is_found() -> None:
    # pdftotext: a column cut mid-sentence, then another story's kicker between blank lines — no
    # text goes on in a kicker; after a finished sentence it is the next story's head, in order
    text = page(BODY, ["基层立法联系点巡礼——"], ["专题询问问出实效", *NEXT])
    assert [k for _, _, k in misordered_boundaries(text)] == ["cut_then_new"]
    assert (
        misordered_boundaries(page([*BODY, "评。"], ["基层立法联系点巡礼——"], ["专题询问问出实效", *NEXT]))
        == []
    )


def test_a_name_closed_in_a_paragraph_that_never_opened_it() -> None:
    """``…》`` past a paragraph's first line, with no ``《`` before it in the paragraph: the lines
    above are not the ones the name began in (a title or another column joined on)."""
    text = "从纸面走向地面\n例》，接待群众\n851人次。\n"

    def page(body: str, start: int = 1, end: int = 3) -> PageLayout:
        paras = (LayoutParagraph(body, None, start, end),)
        return PageLayout(articles=(LayoutArticle(paragraphs=paras),), lines=())

    assert name_unopened(text, page("从纸面走向地面例》，接待群众851人次。"))
    assert not name_unopened(text, page("例》，接待群众851人次。", 2, 3))  # on its first line: carried on
    assert not name_unopened(text, page("从《纸面走向地面例》，接待群众851人次。"))  # opened above
    assert not name_unopened(text, page("从纸面走向地面例》，接待群众851人次。", 1, 1))
    under = PageLayout(
        articles=(LayoutArticle(paragraphs=(LayoutParagraph("例》，接待群众", "从纸面", 2, 2),)),)
    )
    assert name_unopened(text, under)  # a section heading over it: not a story carried on
    # read whole: a headline over the orphaned name's text (read as a section heading) is flagged
    lines = ["关于推动法规条文落地的报告", "本报记者 徐凯", "", *BODY, "评。", "", "让法规条文长出牙齿"]
    lines += ["例》，接待群众851人次，建成", "代表联络站23个，推动问题解决。"]
    read = read_page("\n".join(lines) + "\n")
    assert read.style == "misordered_blocks"
    assert all("misordered_blocks" in a.flags for a in read.articles)


def _follows(stream: str, before: str, after: str) -> bool:
    """Does ``after`` come right after some occurrence of ``before`` in the typeset order?"""
    at = stream.find(before)
    while at >= 0:
        if stream.startswith(after, at + len(before)):
            return True
        at = stream.find(before, at + 1)
    return False


def _fixture_text(case: str, tool: str) -> str:
    text = tool_text(case, tool)
    verdict = detect_style(text)
    return verdict.text if verdict.style == "misordered_blocks" and verdict.text else text


FLAGGED = [(c, t) for c in CASES for t in TOOLS if detect_style(tool_text(c, t)).style == "misordered_blocks"]
FOUND = [(c, t) for c, t in FLAGGED if misordered_boundaries(_fixture_text(c, t))]


def test_a_document_name_broken_off_by_another_column_is_found() -> None:
    """A 《…》 name cut at a line end goes on in the next line up to its 》; a next line that reaches
    a clause mark first is another column's (pdftotext switched columns, with or without a blank
    line between)."""
    cut = [*BODY[:3], "一批实际问题，审议通过《某市城"]
    other = ["意见，通过集中接待等方式听取", "群众呼声，推动问题解决。"]
    last = len(HEAD) + 1 + len(NEXT) + 1 + len(cut)  # the line holding the 《
    for text, gap in ((page(NEXT, [*cut, *other]), 0), (page(NEXT, cut, other), 1)):
        found = misordered_boundaries(text)
        assert [k for _, _, k in found] == ["open_title"]
        assert found[0][:2] == (last, last + 1 + gap)
        assert detect_style(text).style == "misordered_blocks"
    # the name goes on in the next line: in order (a clause mark after its 》 is the sentence's)
    assert misordered_boundaries(page(NEXT, [*cut, "市绿化条例》，推动城市绿化。"])) == []


def test_a_narrow_block_under_a_wider_title_is_measured_by_its_text() -> None:
    """A story's first block (title and byline above its text, in a wider measure) cut
    mid-sentence: the column is measured on the text, not on the title above it."""
    head = ["把联络站建在群众家门口", "——访开封人大代表贾慧馨", "■ 杨 柏（河南）"]
    body = [
        "天津各级人大代",
        "表提升履职能力和水",
        "平，关注食品药品安",
        "全，开展视察调研9",
        "次，推动《中华人民",
    ]
    nxt = ["组织立法后评", "估，组织专题调研", "240多次，提高会议", "审议质量，助力中小", "企业纾困发展。"]
    text = page([*head, *body], nxt)
    assert [k for _, _, k in misordered_boundaries(text)] == ["cut_then_new"]


def test_vertical_glyphs_between_blocks_are_looked_past() -> None:
    """pdftotext prints vertical type a glyph a line (``步``/``打``/``算``) between two blocks: the
    block after the glyphs is what follows the cut."""
    text = page(BODY, ["步", "打", "算", *NEXT])
    found = misordered_boundaries(text)
    assert [k for _, _, k in found] == ["cut_then_new"]
    assert detect_style(text).style == "misordered_blocks"
    # glyphs of a vertical title between two blocks in order: nothing found
    assert misordered_boundaries(page([*BODY, "评。"], ["步", "打", "算", *NEXT])) == []


def test_a_restored_page_read_past_a_jump_note_is_flagged() -> None:
    """Restored text (here despaced: pdfminer.six spacing every glyph) is asked what reading-order
    text is asked: a paragraph run past a 下转 note flags the page."""
    rows = [
        *HEAD[:2],
        *BODY,
        "（下转第3版）",
        "检查组强调，要坚持问题导向，更要深",
        "入企业一线，听实话、察实情。",
        *NEXT,
    ]
    spaced = "\n".join(" ".join(r) if len(r) > 8 else r for r in rows) + "\n"
    layout = read_page(spaced)
    assert layout.style == "misordered_blocks"
    assert all("misordered_blocks" in a.flags for a in layout.articles)


def test_the_tools_misordered_pages_are_found() -> None:
    """pdftotext and pdfminer.six put blocks out of order on these pages (their truth says so, and the
    layout rules then splice columns): each is found."""
    assert {
        ("raw_k3", "pdftotext"),
        ("syn31_k2_tight", "pdfminer"),
        ("syn10_k3_band", "pdftotext"),
        ("syn31_k4", "pdfminer"),
        ("syn44_k5", "pdftotext"),
        ("syn44_k5", "pdfminer"),
        ("unseen_qa_k2_tracked", "pdftotext"),  # letter-spaced: de-spaced, then found
    } <= set(FLAGGED)


@pytest.mark.parametrize(("case", "tool"), FOUND, ids=[f"{c}-{t}" for c, t in FOUND])
def test_every_boundary_found_is_out_of_order_in_truth(case: str, tool: str) -> None:
    """No false alarm: the two lines either side of a reported boundary are not consecutive in the
    typeset order."""
    text = _fixture_text(case, tool)
    lines = text.split("\n")
    stream = truth(case).stream
    for p, n, _ in misordered_boundaries(text):
        before, after = (fold_fullwidth(nows(lines[i - 1])) for i in (p, n))
        assert not _follows(stream, before, after), (p, n)


READING_ORDER = [
    ROOT / "raw" / "000_907459e35631e193.txt",
    *sorted((ROOT / "tests" / "data" / "unseen").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "pdftotext").glob("*.expected.txt")),
    *sorted((ROOT / "tests" / "data" / "pdftotext").glob("*.plain.txt")),
]


@pytest.mark.parametrize("path", READING_ORDER, ids=[p.name for p in READING_ORDER])
def test_reading_order_pages_have_no_misordered_boundary(path: Path) -> None:
    assert misordered_boundaries(path.read_text(encoding="utf-8")) == []


def test_synthetic_and_reading_order_tool_pages_have_none() -> None:
    for seed in range(1000):
        assert misordered_boundaries(generate_page(seed).text) == [], seed
    for case in CASES:
        for tool in ("pymupdf", "pypdf"):
            assert misordered_boundaries(tool_text(case, tool)) == [], (case, tool)


def test_a_page_header_printed_amid_the_text_is_found() -> None:
    prose = "".join(f"第{k}行正文，推动基层治理。\n" for k in range(8))
    header = "代表风采\n第4版\n2022年4月30日 星期六\n"
    assert header_amid_text(prose + header + prose)
    assert not header_amid_text(header + prose + prose)  # first, as extractors print it
    assert not header_amid_text(prose + prose + header)  # or last
    assert not header_amid_text(
        prose + "会议定于2022年4月30日 星期六，在第4版刊发。\n" + prose
    )  # running text
    # near the page's foot, inside a sentence (pdftotext on a Typst page: ``…经验做法。用`` / the date
    # / ``好人大代表履职平台，…``): no header stands there
    cut = (
        prose
        + "立法协商座谈会，形成了经验做法。用\n\n2021 年 1 月 2 日 星期日\n好人大代表履职平台，推动建设。\n"
    )
    assert header_amid_text(cut)
    assert not header_amid_text(
        prose + "立法协商座谈会，形成了经验做法。\n\n2021 年 1 月 2 日 星期日\n好人大代表履职平台。\n"
    )
    assert not header_amid_text(
        prose + "群众现场。  孟伟慧 摄\n\n2021年5月23日  星期日  第3版\n\n责任编辑：袁诚\n"
    )


def test_reading_order_pages_have_no_header_amid_their_text() -> None:
    for path in READING_ORDER:
        assert not header_amid_text(path.read_text(encoding="utf-8")), path.name
    for seed in range(1000):
        assert not header_amid_text(generate_page(seed).text), seed
    for case in CASES:
        for tool in ("pymupdf", "pypdf"):
            assert not header_amid_text(tool_text(case, tool)), (case, tool)


def test_letter_spaced_columns_joined_by_pdfplumber_are_merged() -> None:
    """pdfplumber joins the rows of two letter-spaced columns with one space, like any glyph gap:
    the de-spaced lines are then of two widths (one column's, two columns')."""
    assert detect_style(tool_text("unseen_qa_k2_tracked", "pdfplumber")).style == "merged_lines"
    assert detect_style(tool_text("syn25_k1_tracked", "pdfplumber")).style == "char_spaced"


def test_runs_past_jump() -> None:
    text = "甲\n乙\n（下转第3版）\n丙\n丁\n"

    def page(*spans: tuple[int, int]) -> PageLayout:
        paras = tuple(LayoutParagraph("文", None, a, b) for a, b in spans)
        return PageLayout(articles=(LayoutArticle(paragraphs=paras),), lines=())

    assert runs_past_jump(text, page((1, 4)))  # a paragraph from line 1 to 4 reads past the note on 3
    assert not runs_past_jump(text, page((1, 2), (4, 5)))
    assert not runs_past_jump(text.replace("下转", "上接"), page((1, 4)))  # 上接 opens a continuation


@pytest.mark.parametrize("tool", ["pymupdf", "pypdf"])
def test_newspaper_pages_read_past_a_jump_note_are_flagged(tool: str) -> None:
    """PyMuPDF and pypdf print newspaper pages in drawing order: where a title stands beside or
    below its text the layout rules may run one article into the next — across a 下转 note, which
    in print ends an article's text on the page: such a page is flagged (as is one flagged for
    other signs, see tests/test_drawing_order.py)."""
    for case in sorted(NEWSPAPER):
        text = tool_text(case, tool)
        page = read_page(text)
        if runs_past_jump(text, page):
            assert page.style == "misordered_blocks", case
        if page.style == "misordered_blocks":
            assert all("misordered_blocks" in a.flags for a in page.articles)


def test_no_reading_order_page_reads_past_a_jump_note() -> None:
    """Synthetic pages with and without their blank lines (about two in five have jump notes): no
    paragraph runs past one. (The sample and hand-made pages: ``test_extractor_styles``.)"""
    for seed in range(600):
        text = generate_page(seed).text
        for t in (text, "\n".join(ln for ln in text.split("\n") if ln.strip())):
            assert read_page(t).style == "reading_order", seed
