"""Doubled and vertical title lines (``pipeline/layout/titlelines.py``): repaired where newspaper PDFs
put them in the extracted text, never found on text that has none.

Evidence: PyMuPDF and pypdf output of typeset newspaper pages (``tests/data/extractors/news*``), whose
titles are drawn with simulated bold (overprinted) or set vertically; every reading-order page the
layout rules are held to.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.layout import read_page
from pipeline.layout.articles import assemble
from pipeline.layout.styles import FLAGS, detect_style
from pipeline.layout.titlelines import may_repair, repair_title_lines
from tests.extractor_metrics import CASES, NEWSPAPER, evaluate, tool_text
from tests.synthetic import generate_page

ROOT = Path(__file__).resolve().parent.parent


def test_doubled_lines_are_printed_once_and_keep_their_raw_lines() -> None:
    text = "\n".join(
        ["立法为民的生动实践", "立法为民的生动实践", "浦东新打造履职品牌浦东新打造履职品牌", "正文第一行。"]
    )
    fixed = repair_title_lines(text)
    assert fixed is not None
    lines, origin, ends = fixed
    assert lines.split("\n") == ["立法为民的生动实践", "浦东新打造履职品牌", "正文第一行。"]
    assert origin == (1, 3, 4) and ends == (2, 3, 4)


def test_a_line_with_every_glyph_printed_twice_is_printed_once() -> None:
    text = "\n".join(
        ["代代表表建建议议如如何何落落地地见见效效？？ 广广东东人人大大", "正文第一行，高高兴兴地说。"]
    )
    fixed = repair_title_lines(text)
    assert fixed is not None
    assert fixed[0].split("\n") == ["代表建议如何落地见效？ 广东人大", "正文第一行，高高兴兴地说。"]
    # a word of doubled glyphs in running text is no such line
    assert repair_title_lines("\n".join(["高高兴兴地", "天天向上，人人参与。"])) is None


def test_a_vertical_title_becomes_one_line() -> None:
    text = "\n".join(["改革要求的规定，形", "成监督合力。", "民", "生", "实", "事", "代表履职风采录——"])
    fixed = repair_title_lines(text)
    assert fixed is not None
    assert fixed[0].split("\n")[2] == "民生实事"
    assert fixed[1][2:] == (3, 7) and fixed[2][2:] == (6, 7)


def test_a_vertical_title_ending_on_its_mark_becomes_one_line() -> None:
    # the mark a glyph line of its own (``？``), and a box's vertical label right under it
    text = "\n".join(["成监督合力。", *"立法如何更接地气", "？", *"延伸阅读", "在具体工作中，把群众"])
    fixed = repair_title_lines(text)
    assert fixed is not None
    assert fixed[0].split("\n")[1:3] == ["立法如何更接地气？", "延伸阅读"]
    assert fixed[1][1:3] == (2, 11) and fixed[2][1:3] == (10, 14)


def test_a_vertical_title_drawn_twice_is_printed_once() -> None:
    # simulated bold on a vertical title: the glyph column drawn twice, one after the other
    text = "\n".join(["成监督合力。", *"下步打算下步打算", "县人大常委会完善代表建"])
    fixed = repair_title_lines(text)
    assert fixed is not None
    assert fixed[0].split("\n")[1] == "下步打算"
    assert fixed[1][1] == 2 and fixed[2][1] == 9


def test_a_vertical_label_drawn_twice_under_a_one_glyph_line_is_printed_once() -> None:
    # a box's vertical label drawn twice right under the page number (a line of one glyph, as a
    # line of text broken up puts a mark before its glyphs): a line repeating itself is no text
    text = "\n".join(["责任编辑：毛远", "3", *"相关链接相关链接", "今年以来，推进基层立法联系点提质扩面。"])
    fixed = repair_title_lines(text)
    assert fixed is not None
    assert fixed[0].split("\n")[2] == "相关链接"
    assert fixed[1][2] == 3 and fixed[2][2] == 10


def test_a_vertical_title_with_each_glyph_drawn_twice_is_printed_once() -> None:
    text = "\n".join(["监督系统2.0版。", "用用", "好好", "监监", "督督", "试点项目全过程监"])
    fixed = repair_title_lines(text)
    assert fixed is not None
    assert fixed[0].split("\n")[1] == "用好监督"
    assert fixed[1][1] == 2 and fixed[2][1] == 5


BODY = [
    "县人大常委会日前就全县",
    "农村饮水安全工作开展专",
    "题询问，县水利局、卫健",
    "局等部门主要负责同志到",
    "会应询，逐一作答。",
]
NEXT = [
    "区人大常委会近日召开代",
    "表建议督办推进会，对今",
    "年区人大代表提出的重点",
    "建议办理情况进行跟踪督",
    "办，切实提高办理质量。",
]


def test_a_vertical_title_read_as_a_section_heading_flags_the_page() -> None:
    # drawing order, no blank lines: a story, then the next one's vertical title and text, no
    # byline between: the title reads as a heading of the first story's text
    text = "\n".join(["专题询问问出实效", "本报记者 陈平", *BODY, *"用好监督利器", *NEXT])
    layout = read_page(text)
    assert layout.style == "misordered_blocks"
    assert all("misordered_blocks" in a.flags for a in layout.articles)


def test_a_vertical_title_joined_to_another_headline_flags_the_page() -> None:
    # drawing order: a story's text, its vertical title (drawn after it, set beside it), then the
    # next story's headline and byline: read title-first, the two titles make one block of the
    # second story, and the first story (and any untitled story run into it) has lost its title
    head = ["专题询问问出实效", "本报记者 陈平"]
    text = "\n".join([*head, *BODY, *"用好监督利器", "代表建议办理有回音", "本报记者 李明", *NEXT])
    layout = read_page(text)
    assert layout.style == "misordered_blocks"
    assert all("misordered_blocks" in a.flags for a in layout.articles)
    # the same page with a horizontal title there is read as it stands
    text = "\n".join([*head, *BODY, "用好监督利器", "本报记者 李明", *NEXT])
    assert read_page(text).style == "reading_order"


def test_a_vertical_title_read_as_text_flags_the_page() -> None:
    # drawing order, a narrow column: a story's text, its vertical title (drawn after it), then the
    # next story's headline (a sentence: it ends on ！) and text with no byline: the title reads as
    # the first line of a paragraph
    text = "\n".join(
        [
            *["专题询问问出实效", "本报记者 陈平", "区人大常委会近日召开", "代表建议督办推进会，"],
            *["工委深化人大代表", "工作站建设，围绕", "乡村振兴推动审议", "意见落地见效。"],
            *"织密基层治理网",
            "让群众的声音被听见！",
            *["郝柏介绍说：", "“我们要把监督的过", "程变成推动工作的过", "程。”与此同时，把"],
        ]
    )
    layout = read_page(text)
    assert [r.role for r in layout.lines if r.raw == "织密基层治理网"] == ["body"]
    assert layout.style == "misordered_blocks"
    assert all("misordered_blocks" in a.flags for a in layout.articles)


@pytest.mark.parametrize(
    "lines",
    [
        ["促进义务教育优质均衡，促进义务教育优质均衡，", "下一行。"],
        ["监督怎样才能不走过场？监督怎样才能不走过场？", "下一行。"],
        ["形成监督合力，", "形成监督合力，"],  # a clause, not a title
        ["研究研究", "下一行。"],  # too short to call doubled
        ["、", "品", "牌", "弱", "、"],  # glyphs of a broken line between punctuation lines
        ["、", "品", "牌", "弱", "？", "强"],  # … also where one of them is a headline's mark
        ["、", *"品牌建设品牌", "。"],  # … also six of them, the run not one text twice
    ],
)
def test_text_is_left_alone(lines: list[str]) -> None:
    assert repair_title_lines("\n".join(lines)) is None


READING_ORDER = [
    ROOT / "raw" / "000_907459e35631e193.txt",
    *sorted((ROOT / "tests" / "data" / "unseen").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "pdftotext").glob("*.expected.txt")),
]


def test_reading_order_pages_have_nothing_to_repair() -> None:
    for path in READING_ORDER:
        text = path.read_text(encoding="utf-8")
        assert repair_title_lines(text) is None, path.name
        assert repair_title_lines("\n".join(ln for ln in text.split("\n") if ln.strip())) is None, path.name
    for seed in range(1000):
        text = generate_page(seed).text
        assert repair_title_lines(text) is None, seed
        assert repair_title_lines("\n".join(ln for ln in text.split("\n") if ln.strip())) is None, seed
    for case in CASES:
        if case not in NEWSPAPER:
            assert repair_title_lines(tool_text(case, "pymupdf")) is None, case


@pytest.mark.parametrize("tool", ["pymupdf", "pypdf"])
def test_newspaper_titles_repaired_read_better(tool: str) -> None:
    """On the newspaper pages whose titles came out doubled, the repaired page reads more titles
    right and splices fewer columns than the text as given, and finds as many articles — but on a
    page flagged after the repair (news92468: a byline-less story's doubled headline, printed once,
    reads as a heading of the story above; the doubled lines had split it off by chance)."""
    repaired = [c for c in sorted(NEWSPAPER) if detect_style(tool_text(c, tool)).text is not None]
    assert repaired
    before = [evaluate(c, tool, assemble(tool_text(c, tool))) for c in repaired]
    after = [evaluate(c, tool) for c in repaired]
    assert sum(r.score.title_ok for r in after) > sum(r.score.title_ok for r in before)
    assert sum(r.splicing_unflagged for r in after) < sum(r.splicing_unflagged for r in before)
    lost = [a.name for a, b in zip(after, before, strict=True) if a.score.art_tp < b.score.art_tp]
    assert all(a.flagged for a in after if a.name in lost), lost


def test_repaired_pages_keep_raw_line_numbers() -> None:
    text = tool_text("news60001_broadsheet", "pymupdf")
    raw = text.split("\n")
    assert detect_style(text).text is not None  # repaired
    page = read_page(text)
    assert all(1 <= role.lineno <= len(raw) for role in page.lines)
    assert all(1 <= a.line_start <= a.line_end <= len(raw) for a in page.articles)
    starts = [a.line_start for a in page.articles]
    assert starts == sorted(starts)
    # the repair itself adds no flag (this page is flagged for a paragraph run past a jump note)
    assert {f for a in page.articles for f in a.flags} & set(FLAGS.values()) <= {"misordered_blocks"}


def test_a_headlines_last_glyphs_printed_twice_under_its_doubled_lines_are_printed_once() -> None:
    """A headline in a narrow box drawn twice line by line ends on a line too short to be sure of
    alone (``气？``): under lines printed twice each, it is the same headline's."""
    text = "\n".join(
        ["地见效。", "立法如何", "立法如何", "更接地", "更接地", "气？", "气？", "养老托育连着千"]
    )
    fixed = repair_title_lines(text)
    assert fixed is not None
    assert fixed[0].split("\n") == ["地见效。", "立法如何", "更接地", "气？", "养老托育连着千"]
    assert fixed[1] == (1, 2, 4, 6, 8) and fixed[2] == (1, 3, 5, 7, 8)
    # a short line repeated in running text, under no doubled line, is left alone
    assert repair_title_lines("\n".join(["地见效。", "研究", "研究", "更多的事。"])) is None


def test_a_headline_of_a_glyph_or_two_a_line_drawn_twice_on_one_line_is_printed_as_pymupdf_does() -> None:
    """A headline in a box two glyphs wide drawn twice: pypdf prints each line's copies on one line
    (``织密织密``), PyMuPDF one under the other (a glyph alone once), which the layout rules read
    once. Too short to be sure of one by one, a run of three lines or more is printed as PyMuPDF
    prints it."""
    on_one_line = ["作法。", "织密织密", "基层基层", "治理治理", "网网", "推进民生实事"]
    under_itself = ["作法。", "织密", "织密", "基层", "基层", "治理", "治理", "网", "推进民生实事"]
    fixed = repair_title_lines("\n".join(on_one_line))
    assert fixed is not None and fixed[0].split("\n") == under_itself
    assert fixed[1] == fixed[2] == (1, 2, 2, 3, 3, 4, 4, 5, 6)
    assert repair_title_lines("\n".join(under_itself)) is None
    # two such lines are no run: text repeats a word now and then
    assert repair_title_lines("\n".join(["作法。", "研究研究", "看看看看", "推进民生实事。"])) is None


def test_text_with_blank_lines_is_walked_only_where_a_repair_may_be_found() -> None:
    """Text that keeps blank lines (pdfminer.six) is asked at C speed first: the sample and nearly
    all synthetic pages skip the line-by-line walk (one in 300 is walked, a short line repeated,
    and nothing found), a page with a headline printed twice does not."""
    sample = Path(__file__).resolve().parents[1] / "raw" / "000_907459e35631e193.txt"
    assert not may_repair(sample.read_text(encoding="utf-8"))
    walked = [seed for seed in range(300) if may_repair(generate_page(seed).text)]
    assert len(walked) <= 3
    assert all(repair_title_lines(generate_page(seed).text) is None for seed in walked)
    assert may_repair(tool_text("news93868_tabloid", "pdfminer"))
