"""Text from the common PDF extractors: the page's style is recognised, restored where claimed,
flagged where not, and no paragraph splices two columns under no flag.

Evidence: the real output of pdftotext (plain and -layout), pdfminer.six, pdfplumber, pypdf and
PyMuPDF on pages typeset from known text (``tests/data/extractors/``, made by
``scripts/make_extractor_fixtures.py``), scored by ``tests/extractor_metrics.py``; and every page
read today in reading order (sample, hand-made, synthetic, pdftotext fixtures), which must read
exactly as the layout rules read it without the style step.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import records, sources
from pipeline.dataset import encode_batch
from pipeline.layout import read_page
from pipeline.layout.articles import assemble
from pipeline.layout.spacing import fold_fullwidth
from pipeline.layout.styles import FLAGS, UNRESTORED, _gapped_band, detect_style
from tests.extractor_metrics import (
    CASES,
    FIXTURES,
    META,
    NEWSPAPER,
    TOOLS,
    Truth,
    evaluate,
    splices,
    tool_text,
    truth,
)
from tests.layout_metrics import nows
from tests.synthetic import generate_page

ROOT = Path(__file__).resolve().parent.parent
VARIANT = {c["name"]: c["variant"] for c in META["cases"]}
COLUMNS = {c["name"]: c["columns"] for c in META["cases"]}
TIGHT = {c["name"] for c in META["cases"] if c["gutter_chars"] is not None and c["gutter_chars"] < 1}


def expected_style(case: str, tool: str) -> str | None:
    """The style each tool's text is in, as the fixtures show it (None: not asserted; ``a|b``: either)."""
    variant, k = VARIANT[case], COLUMNS[case]
    if case in NEWSPAPER:  # full newspaper pages: only what holds on every one of them
        # (PyMuPDF and pypdf text is in reading order, but read with a paragraph run past a jump
        # note on every one of them: flagged, see tests/test_blockorder.py). ``pdftotext -layout``:
        # split by columns but not surely in order, or (no grid found) columns on one line.
        return {"pdfplumber": "merged_lines", "pdftotext_layout": "misordered_blocks|merged_lines"}.get(tool)
    if variant == "tracked":
        return "char_spaced" if tool == "pdfminer" else None
    if tool == "pymupdf":
        return "reading_order"
    if tool == "pypdf":
        return "fragmented" if variant == "glyphs" else "reading_order"
    if tool == "pdfplumber":
        return "merged_lines" if k > 1 else None
    if tool == "pdftotext_layout":
        return "merged_lines" if case in TIGHT and k == 2 else "side_by_side" if case not in TIGHT else None
    if tool == "pdftotext" and case in TIGHT and k == 2:
        return "interleaved"
    return None


CLAIMS = [(c, t, s) for c in CASES for t in TOOLS if (s := expected_style(c, t)) is not None]


def test_every_tool_and_style_is_covered() -> None:
    assert set(TOOLS) == {"pdftotext", "pdftotext_layout", "pdfminer", "pdfplumber", "pypdf", "pymupdf"}
    styles = {one for _, _, s in CLAIMS for one in s.split("|")}
    assert styles == {
        "reading_order",
        "side_by_side",
        "interleaved",
        "merged_lines",
        "fragmented",
        "char_spaced",
        "misordered_blocks",
    }


@pytest.mark.parametrize(("case", "tool", "style"), CLAIMS, ids=[f"{c}-{t}" for c, t, _ in CLAIMS])
def test_style_is_recognised(case: str, tool: str, style: str) -> None:
    page = read_page(tool_text(case, tool))
    assert page.style in style.split("|")
    assert not any("layout_fallback" in a.flags for a in page.articles)
    flag = FLAGS.get(page.style)
    assert all(flag in a.flags for a in page.articles) if flag else True


# --- restored styles -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in CASES if VARIANT[c] == "tracked"])
def test_char_spaced_text_is_despaced_and_reads_as_the_page(case: str) -> None:
    text = tool_text(case, "pdfminer")
    verdict = detect_style(text)
    assert verdict.style == "char_spaced" and verdict.text is not None
    # nothing lost or moved: the characters are the typeset rows', in order
    assert fold_fullwidth(nows(verdict.text)) == truth(case).stream
    assert re.search(r"\S \S \S \S", verdict.text) is None  # no glyph spacing left
    result = evaluate(case, "pdfminer")
    assert result.score.articles_f1 == 1.0
    assert result.score.cer < 0.01
    assert result.score.title_ok == result.score.n_expected
    # the line numbers are the raw file's: a role's line is the despaced raw line
    raw = text.split("\n")
    page = read_page(text)
    for role in page.lines:
        assert nows(role.raw) == nows(raw[role.lineno - 1])


@pytest.mark.parametrize("case", [c for c in CASES if VARIANT[c] == "glyphs" and c not in NEWSPAPER])
def test_fragmented_text_is_rejoined_in_order_and_flagged(case: str) -> None:
    text = tool_text(case, "pypdf")
    verdict = detect_style(text)
    assert verdict.style == "fragmented" and verdict.text is not None
    assert fold_fullwidth(nows(verdict.text)) == truth(case).stream  # every glyph, in order
    assert max(len(ln) for ln in verdict.text.split("\n")) > 20  # lines, not glyphs
    page = read_page(text)
    assert page.articles and all("fragmented" in a.flags for a in page.articles)
    raw = text.split("\n")
    assert all(1 <= a.line_start <= a.line_end <= len(raw) for a in page.articles)
    for a in page.articles:  # a span ends on the raw line of the article's last glyph
        assert raw[a.line_end - 1].strip() == a.text[-1]


@pytest.mark.parametrize(
    "case", [c for c in CASES if VARIANT[c] == "plain" and c not in TIGHT and c not in NEWSPAPER]
)
def test_side_by_side_pages_read_as_the_page(case: str) -> None:
    """pdftotext -layout with gutters of an em or more: restored, no article splices columns."""
    result = evaluate(case, "pdftotext_layout")
    assert result.style == "side_by_side"
    assert result.splicing == 0


# --- flagged styles ------------------------------------------------------------------------------


RECOGNISED = [(c, t) for c in CASES for t in TOOLS if detect_style(tool_text(c, t)).style != "reading_order"]


@pytest.mark.parametrize(("case", "tool"), RECOGNISED, ids=[f"{c}-{t}" for c, t in RECOGNISED])
def test_no_unflagged_splicing_where_a_style_was_recognised(case: str, tool: str) -> None:
    """On every page not taken for reading order, a paragraph splicing two columns is flagged."""
    assert evaluate(case, tool).splicing_unflagged == 0


def test_no_unflagged_splicing_on_any_page() -> None:
    """Over every fixture and tool — column pages and full newspaper pages, pages read as reading
    order included — no paragraph splicing two columns is published without a flag."""
    unflagged = {(c, t): n for c in CASES for t in TOOLS if (n := evaluate(c, t).splicing_unflagged)}
    assert unflagged == {}


def test_the_splice_measure_counts_columns_run_together_not_a_glyph_out_of_place() -> None:
    """The measure behind the test above: a paragraph run on across a column break in reading
    order is no splice, nor is it with a glyph an extractor printed out of place (pdfminer.six:
    ``想办`` / ``。`` / ``法``); a paragraph joining a column's text to a later column's is."""
    one, two, three = (
        "围绕社区治理聚焦群众急难愁盼问题",
        "开展专项调研加强基层治理薄弱环节",
        "代表帮着一起想办法推动解决实际问题",
    )
    stream = one + two + three
    t = Truth("t", "", stream, (0,) * len(one) + (1,) * len(two) + (2,) * len(three), ())
    assert not splices(t, one + two)
    assert not splices(t, one + two[:-3] + two[-2] + two[-3] + two[-1])  # two glyphs swapped
    assert not splices(t, one[:-2] + two)  # (a glyph or two dropped at the break)
    assert splices(t, one + three)
    assert splices(t, one[:8] + two[8:])


def test_two_stories_run_together_go_out_flagged() -> None:
    """An article holding the text of two truth articles (two stories run together) is flagged on
    every newspaper page; on the column pages the two known exceptions stay the only ones
    (pdfminer.six text of a briefs page printed block by block out of order, `pdftotext` text of a
    page with its title band amid a column, see README)."""
    unflagged = {(c, t) for c in CASES for t in TOOLS if evaluate(c, t).mixing_unflagged}
    assert not {(c, t) for c, t in unflagged if c in NEWSPAPER}
    assert unflagged <= {("syn06_k2", "pdftotext"), ("unseen_briefs_k3", "pdfminer")}


def test_briefs_apart_where_blank_lines_only_break_columns() -> None:
    """`pdftotext` sets each column apart with a blank line and nothing else: a page of short items
    whose only blank lines break a sentence reads as its items (as the same page printed with no
    blank line at all does), not as one story."""
    page = read_page(tool_text("unseen_briefs_k3", "pdftotext"))
    assert [a.title for a in page.articles] == [a.title for a in truth("unseen_briefs_k3").articles]
    assert evaluate("unseen_briefs_k3", "pdftotext").mixing == 0


def test_a_few_rows_of_two_columns_run_together_flag_the_page() -> None:
    """pdftotext now and then prints a few rows of two columns on one line, one space between: two
    such lines make the page ``merged_lines`` (its paragraphs around them splice columns); one, or
    numbered headings parted by a space, do not."""
    text = generate_page(3).text
    lines = text.split("\n")
    merged = ["务平台，坚持开门立 驻站代表深入街道社", "法，加强与政协民主 区走访群众，围绕生"]
    at = len(lines) // 2
    assert detect_style(text).style == "reading_order"
    assert detect_style("\n".join([*lines[:at], *merged, *lines[at:]])).style == "merged_lines"
    assert detect_style("\n".join([*lines[:at], merged[0], *lines[at:]])).style == "reading_order"
    headings = ["一、守牢安全底线 推动法规落地", "二、创新监督方式，回应群众期盼"]
    assert detect_style("\n".join([*lines[:at], *headings, *lines[at:]])).style == "reading_order"


def test_a_band_of_two_columns_side_by_side_amid_one_column_flags_the_page() -> None:
    """``pdftotext -layout`` on a Typst page (``tests/data/typst/ty2006``): a title box beside a
    column's last lines, then text in one column — too few rows for the splitter; read as one text
    it spliced them, unflagged. Rows whose text after a wide gap starts at one character make the
    page ``merged_lines``; a header line with a gap, or gaps at different places, do not."""
    text = (ROOT / "tests" / "data" / "typst" / "ty2006.pdftotext_layout.txt").read_text(encoding="utf-8")
    verdict = detect_style(text)
    assert verdict.style == "merged_lines" and "lines 3–10" in (verdict.note or "")
    band = text.split("\n")[2:10]
    assert _gapped_band("\n".join(band)) == (1, 8)
    header = "法治建设导报                    2021 年 8 月 10 日 星期二   第 4 版 代表风采"
    apart = [band[0], "推动基层治理提质增    系现代化，检查", "本报记者 谢馨    式加强对执法司法工作"]
    assert _gapped_band("\n".join([header, *apart])) is None
    assert _gapped_band(generate_page(5).text) is None


def test_a_row_of_headlines_on_one_line_flags_the_page() -> None:
    """pdftotext on a Typst page: the titles of a row of stories printed as one line (their second
    lines after it), the stories then read untitled and run together."""
    lines = generate_page(7).text.split("\n")
    row = "让每一条民意都有回音 推动基层治理 代表履职进行时 推动基层治理提质增 在基层一线践行初心 福建人大探索代"
    verdict = detect_style("\n".join([*lines[:5], row, *lines[5:]]))
    assert verdict.style == "merged_lines" and "line 6 holds the headlines" in (verdict.note or "")
    for line in [
        "坚持开门立法 提升监督刚性",
        "人民议政报 2024年3月18日 星期二 第10版 履职视点",
        "本报记者 邱梅 通讯员 姚勇",
    ]:
        assert detect_style("\n".join([*lines[:5], line, *lines[5:]])).style == "reading_order"


def test_section_headings_of_two_styles_in_one_story_flag_the_page() -> None:
    """PyMuPDF and pypdf print a line drawn in simulated bold twice. One story's section headings
    are set alike: a story holding headings drawn twice and headings drawn once holds another
    story's headline (news92468: the doubled headline and subtitle of a story with no byline, read
    as a heading of the story above, whose own heading is drawn once). Drawn alike, not flagged."""
    for tool in ("pymupdf", "pypdf"):
        text = tool_text("news92468_tabloid_glyphs", tool)
        page = read_page(text)
        assert page.style == "misordered_blocks", tool
        assert "section headings or title lines in two styles" in (page.style_note or ""), tool
        assert all("misordered_blocks" in a.flags for a in page.articles)
        # the story's own heading drawn twice as well: its headings are alike, nothing to flag
        lines = text.split("\n")
        at = lines.index("守牢安全底线")
        # (pypdf prints such a line twice on one line, PyMuPDF one under the other)
        twice = [lines[at] * 2] if tool == "pypdf" else [lines[at], lines[at]]
        doubled = [*lines[:at], *twice, *lines[at + 1 :]]
        assert read_page("\n".join(doubled)).style == "reading_order", tool


@pytest.mark.parametrize("tool", ["pymupdf", "pypdf"])
def test_title_lines_of_two_styles_flag_the_page(tool: str) -> None:
    """A headline set under its story's text, after the jump note, printed once, then the next
    story's headline, drawn in simulated bold and printed twice: read as one title over the next
    story, the text before run into the story above (news92584). A title's main lines are one
    headline's type: lines drawn twice and lines drawn once in one title are two headlines — cut
    apart, and both left to one story, which the page is flagged for."""
    page = read_page(tool_text("news92584_tabloid", tool))
    assert page.style == "misordered_blocks"
    assert "two headlines given to one story" in (page.style_note or "")
    assert all("misordered_blocks" in a.flags for a in page.articles)


def test_a_line_wider_than_its_column_amid_a_text_flags_the_page() -> None:
    """Han glyphs have sure widths and a text keeps its measure: one line of them alone, with no
    mark, a glyph or more wider than the column its story's other lines fill, is set in another
    measure — ``pdftotext`` printing a headline across two columns between one column's pieces of
    a story (news92454: read as the first line of a paragraph, two stories run together). As
    wide as the column, it is left alone."""
    text = tool_text("news92454_tabloid", "pdftotext")
    page = read_page(text)
    assert page.style == "misordered_blocks"
    assert "wider than the column" in (page.style_note or "")
    lines = text.split("\n")
    at = lines.index("让每一条民意都有回音")
    narrowed = [*lines[:at], lines[at][:-1], *lines[at + 1 :]]  # a glyph shorter: the column's width
    assert "wider than the column" not in (read_page("\n".join(narrowed)).style_note or "")


def test_lines_of_a_headline_wider_than_their_column_amid_a_text_flag_the_page() -> None:
    """Two or three such lines in a row are a headline's (pdfminer.six printing a headline set
    under its story's text and the next story's headline, each line wider than the page's column
    of seven, between one column's pieces: news92873, read as a heading and a paragraph's first
    lines, two stories run together, unflagged before). Narrowed to the column, left alone."""
    text = tool_text("news92873_tabloid_c8", "pdfminer")
    page = read_page(text)
    assert page.style == "misordered_blocks"
    assert "wider than the column" in (page.style_note or "")
    assert evaluate("news92873_tabloid_c8", "pdfminer").mixing_unflagged == 0
    wide = ("立法为民的生动实践", "让法规条文长出牙齿", "推动基层治理提质增效")
    narrowed = [x for ln in text.split("\n") for x in ((ln[:5], ln[5:]) if ln in wide else (ln,))]
    assert "wider than the column" not in (read_page("\n".join(narrowed)).style_note or "")


def test_a_head_printed_as_a_block_of_its_own_amid_a_text_starts_a_story() -> None:
    """pdfminer.six prints a story's head (a kicker wrapped onto a second line, ``深入学习贯彻地`` /
    ``方组织法——``, over a headline of three short lines) as a block of its own, a blank line on
    each side, between two paragraphs of another story (news92887). It was read as the first lines
    of a paragraph: the kicker's lines, the headline and the next story's text in one paragraph,
    unflagged. Now the head starts a story, its kicker whole."""
    text = tool_text("news92887_tabloid", "pdfminer")
    page = read_page(text)
    head = [a for a in page.articles if a.kicker == "深入学习贯彻地方组织法——"]
    assert len(head) == 1 and head[0].title is not None
    assert head[0].title.replace(" ", "") == "把联络站建在群众家门口"
    assert head[0].paragraphs[0].text.startswith("围绕社区治理")
    assert not any("组织法" in p.text for a in page.articles for p in a.paragraphs)
    lines = text.split("\n")
    at = lines.index("方组织法——")
    # with no blank line under the head, the same; without the kicker's dash, no head is sure
    joined = [*lines[: at + 4], *lines[at + 5 :]]
    assert lines[at + 4] == "" and lines[at + 3] == "家门口"
    assert any(a.kicker == "深入学习贯彻地方组织法——" for a in read_page("\n".join(joined)).articles)
    dashless = read_page("\n".join([*lines[:at], "方组织法", *lines[at + 1 :]]))
    assert any("组织法" in p.text for a in dashless.articles for p in a.paragraphs)


def _flagged_inside_sentence(case: str) -> list[str]:
    """`pdftotext`'s text of ``case``, flagged for a head inside a sentence, no splice unflagged:
    its lines."""
    text = tool_text(case, "pdftotext")
    page = read_page(text)
    assert page.style == "misordered_blocks"
    assert "inside a sentence" in (page.style_note or "")
    assert evaluate(case, "pdftotext").splicing_unflagged == 0
    return text.split("\n")


def test_a_headline_set_off_inside_a_sentence_flags_the_page() -> None:
    """``pdftotext`` prints a headline boxed in a narrow column (``立法为民`` / ``的生动实`` / ``践``),
    a blank line above and below it, inside a sentence of another story's text, between the two
    glyphs of a word (``表达渠`` / … / ``道。``): news92821, read into that paragraph with no flag
    before. No sentence breaks for a heading of its own. Where the word does not run across (the
    sentence ended above the block), nothing is said."""
    lines = _flagged_inside_sentence("news92821_broadsheet_c8_glyphs")
    at = lines.index("立法为民")
    assert lines[at - 2].endswith("表达渠") and lines[at + 4].startswith("道。")
    ended = [*lines[: at - 2], lines[at - 2][:-1] + "。", *lines[at - 1 :]]
    assert "inside a sentence" not in (read_page("\n".join(ended)).style_note or "")


def test_a_head_under_a_column_cut_mid_sentence_starts_a_story() -> None:
    """pdfminer.six prints a story's head (a kicker and a headline, both wider than the column)
    between blank lines right under a column that stops mid-sentence on a line filling it, no
    mark in it (``调研、跟踪监督等方`` / ``式关注农村人居环境``): news92632. It was read into that
    story's paragraph, unflagged; now the head starts its story and the page says the text above
    it stops short."""
    page = read_page(tool_text("news92632_tabloid_glyphs", "pdfminer"))
    assert page.style == "misordered_blocks"
    head = [a for a in page.articles if a.kicker == "践行全过程人民民主·佳木斯篇——"]
    assert len(head) == 1 and head[0].title == "答好新时代人大工作答卷"
    assert head[0].paragraphs[0].text.startswith("截至目前")
    assert not any("佳木斯篇" in p.text for a in page.articles for p in a.paragraphs)
    r = evaluate("news92632_tabloid_glyphs", "pdfminer")
    assert r.splicing_unflagged == 0 and r.mixing_unflagged == 0


def test_a_paragraph_that_is_a_whole_head_flags_the_page() -> None:
    """A kicker over headline lines and nothing else (``深入学习贯彻地方组织法——`` / ``织密基层治理网``
    drawn twice), a story's head with no text under it, read as a paragraph (pdfminer.six:
    news92563, unflagged before)."""
    page = read_page(tool_text("news92563_tabloid_c8", "pdfminer"))
    assert page.style == "misordered_blocks"
    assert "kicker or subtitle" in (page.style_note or "")
    assert evaluate("news92563_tabloid_c8", "pdfminer").splicing_unflagged == 0


def test_a_block_of_two_headlines_gives_the_story_before_it_the_fewer_lines() -> None:
    """Drawing order (news92914): the first story's one-line headline, set under its text, and the
    next story's two-line headline come as one block of three lines. Cut between words, the two
    readings title the same stories; the story before takes the fewer lines (a headline drawn
    after its text is set beside it or under it, narrow), the next one the rest. It was cut two
    and one, the second story's headline halved."""
    for tool in ("pymupdf", "pypdf"):
        page = read_page(tool_text("news92914_tabloid", tool))
        assert [nows(a.title) for a in page.articles] == [
            nows(a.title) for a in truth("news92914_tabloid").articles
        ]


def test_a_headline_read_as_a_heading_over_its_second_line_flags_the_page() -> None:
    """PyMuPDF and pypdf print a byline-less story's two-line headline amid the text before it
    (news93011): its first line is read as that story's one section heading, its second as the
    first line of a paragraph — Han glyphs alone, well short of the column no paragraph's first
    line stops short of. Two stories in one article, unflagged before. Filled to the column, the
    line is text, and nothing is said."""
    for tool in ("pymupdf", "pypdf"):
        text = tool_text("news93011_broadsheet_c5", tool)
        page = read_page(text)
        assert page.style == "misordered_blocks"
        assert "opens on a line of headline words" in (page.style_note or "")
        assert evaluate("news93011_broadsheet_c5", tool).mixing_unflagged == 0
        lines = text.split("\n")
        at = lines.index("代表履职进行时") + 1
        assert lines[at] == "推动基层治理提质增效"
        filled = [*lines[:at], lines[at] + "工作", *lines[at + 1 :]]
        assert "headline words" not in (read_page("\n".join(filled)).style_note or "")


def test_flagged_pages_say_so_in_the_rows(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes(tool_text("syn06_k2_tight", "pdfplumber").encode("utf-8"))
    (tmp_path / "order.txt").write_bytes(tool_text("syn06_k2_tight", "pymupdf").encode("utf-8"))
    (tmp_path / "empty.txt").write_bytes(b"")
    found, _ = sources.scan(tmp_path)
    rows = records.PageRecords.joined(
        records.page_records(f, sources.read_verified(tmp_path, f), with_tokens=False) for f in found
    )
    by_path = {d.source_path: d for d in rows.documents}
    assert by_path["page.txt"].extractor_style == "merged_lines"
    assert by_path["order.txt"].extractor_style == "reading_order"
    assert by_path["empty.txt"].status == "rejected" and by_path["empty.txt"].extractor_style is None
    merged = by_path["page.txt"].doc_id
    flagged = [a for a in rows.articles if a.doc_id == merged]
    assert flagged and all("merged_columns" in a.flags for a in flagged)
    assert not any("merged_columns" in a.flags for a in rows.articles if a.doc_id != merged)
    assert encode_batch(rows).counts["documents_flagged"] == 1
    assert encode_batch(rows).counts["documents_flagged:merged_lines"] == 1  # (the summary's breakdown)


def test_a_page_the_layout_rules_fail_on_is_counted_flagged(tmp_path: Path, monkeypatch) -> None:
    """A bug in the layout rules keeps the page's lines (one untitled article) but never as a
    reading: the document says ``layout_failed`` and the batch counts it flagged."""
    import pipeline.layout as layout_pkg

    def boom(text: str, **kw: object) -> None:
        raise KeyError("a layout bug")

    monkeypatch.setattr(layout_pkg, "assemble", boom)
    (tmp_path / "page.txt").write_bytes(tool_text("syn06_k2_tight", "pymupdf").encode("utf-8"))
    found, _ = sources.scan(tmp_path)
    rows = records.page_records(found[0], sources.read_verified(tmp_path, found[0]), with_tokens=False)
    (doc,) = rows.documents
    assert doc.status == "ok" and doc.extractor_style == "layout_failed"
    assert rows.articles and all("layout_fallback" in a.flags for a in rows.articles)
    assert encode_batch(rows).counts["documents_flagged"] == 1
    assert encode_batch(rows).counts["documents_flagged:layout_failed"] == 1  # (the summary's breakdown)


# --- reading-order pages: unchanged --------------------------------------------------------------

TODAY = [
    ROOT / "raw" / "000_907459e35631e193.txt",
    *sorted((ROOT / "tests" / "data" / "unseen").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "pdftotext").glob("*.expected.txt")),
    *sorted((ROOT / "tests" / "data" / "pdftotext").glob("*.plain.txt")),
]


@pytest.mark.parametrize("path", TODAY, ids=[p.name for p in TODAY])
def test_reading_order_pages_read_as_before(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    page = read_page(text)
    assert page.style == "reading_order"
    assert page == assemble(text)


def test_synthetic_pages_read_as_before() -> None:
    for seed in range(300):
        text = generate_page(seed).text
        assert read_page(text) == assemble(text), seed


def test_unrestored_styles_have_flags() -> None:
    assert {"interleaved", "merged_lines", "fragmented", "misordered_blocks", "layout_failed"} == UNRESTORED
    assert {FLAGS[s] for s in UNRESTORED} == {
        "interleaved_columns",
        "merged_columns",
        "fragmented",
        "misordered_blocks",
        "layout_fallback",
    }
    assert FIXTURES.is_dir()


# --- where flagged pages are counted -------------------------------------------------------------


def test_flagged_pages_are_counted_in_the_summary_and_the_card() -> None:
    from pipeline.dataset import JSONL_FILE, SCHEMA_FILE, TABLE_FILES
    from pipeline.flows import BuildSummary
    from pipeline.release import card

    summary = BuildSummary(raw_dir="raw", out_dir="out", documents=3, ok=3, flagged=2)
    assert "2 flagged: reading order or story bounds not sure" in summary.render()
    summary.flagged_by = {"merged_lines": 1, "layout_failed": 1}
    assert (
        "2 flagged: reading order or story bounds not sure (layout_failed 1, merged_lines 1)"
        in summary.render()
    )
    assert "why: baokan inspect PAGE" in summary.render()  # where to look next
    assert "flagged" not in BuildSummary(raw_dir="raw", out_dir="out", documents=3, ok=3).render()
    files = {n: {"bytes": 1, "rows": 1} for n in [*TABLE_FILES.values(), JSONL_FILE, SCHEMA_FILE]}
    counts = {"documents": 3, "documents_ok": 3, "documents_rejected": 0, "documents_flagged": 2}
    text = card.render(
        version="1.0.0",
        schema_version="1",
        pipeline_version="0",
        git_commit=None,
        counts=counts,
        files=files,
        previous=None,
    )
    assert "2 flagged: reading order or story bounds not sure" in text


def test_inspect_names_the_style(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    page = tmp_path / "page.txt"
    page.write_bytes(tool_text("syn06_k2_tight", "pdftotext").encode("utf-8"))
    main(["inspect", str(page)])
    out = capsys.readouterr().out
    assert "# extractor style: interleaved (NOT in reading order: articles flagged)" in out
    assert "# why: lines carried on two or three lines down rather than on the next" in out


def test_every_flagged_page_says_why() -> None:
    """A page not read as in reading order carries the evidence in words (``baokan inspect``
    prints it), with raw line numbers where the sign has some; a page in reading order, none."""
    notes = {}
    for case in CASES:
        for tool in TOOLS:
            text = tool_text(case, tool)
            page = read_page(text)
            if page.style in UNRESTORED:
                assert page.style_note, (case, tool)
                notes[case, tool] = page.style_note
            else:
                assert page.style_note is None, (case, tool)
    assert len(set(notes.values())) >= 10  # one phrase a sign, not one for all
    # a sign found in a restored text names the raw lines: the lines it names hold text there
    for (case, tool), note in notes.items():
        lines = tool_text(case, tool).split("\n")
        for m in re.finditer(r"lines? (\d+)(?:–(\d+))?", note):
            assert all(1 <= int(n) <= len(lines) for n in m.groups() if n), (case, tool, note)
            assert lines[int(m.group(1)) - 1].strip(), (case, tool, note)


def test_reading_order_without_blank_lines_is_not_taken_for_interleaved() -> None:
    """PyMuPDF and pypdf drop a page's blank lines: the interleaving test then runs, and must not
    fire on text in reading order."""
    for seed in range(300):
        text = "\n".join(ln for ln in generate_page(seed).text.split("\n") if ln.strip())
        assert detect_style(text).style == "reading_order", seed


def test_a_headline_as_wide_as_the_column_inside_a_word_flags_the_page() -> None:
    """`pdftotext` prints a story's two-line headline between blank lines inside a word of another
    story's sentence (``专项调`` / ``小切口立法解决大问题`` / ``从“纸面”走向“地面”`` / ``研，``):
    news93258. Each headline line happens to be as wide as the narrow column, so it was taken for
    a line of text cut short between column breaks, and read into the paragraph unflagged. A word
    split around the block is proof enough; with the word whole, nothing is said."""
    lines = _flagged_inside_sentence("news93258_broadsheet")
    at = lines.index("小切口立法解决大问题")
    assert lines[at - 2].endswith("专项调") and lines[at + 3].startswith("研，")
    whole = [
        *lines[: at - 2],
        lines[at - 2] + "研，",
        *lines[at - 1 : at + 3],
        lines[at + 3][2:],
        *lines[at + 4 :],
    ]
    assert "inside a sentence" not in (read_page("\n".join(whole)).style_note or "")


def test_a_subtitle_amid_a_paragraph_flags_the_page() -> None:
    """pdfminer.six prints a pile of heads and captions between blank lines (news93258): one
    story's headline, another's, two photo captions and a credit, a third story's headline and its
    subtitle (``——长治“立法直通车”工作法观察``), then that story's text — read as one paragraph
    under the first headline, unflagged. A subtitle's line set off by blank lines inside a
    paragraph is a head read into a text. (Since pdfminer.six's doubled headlines are printed once,
    the subtitle opens a paragraph and the page is flagged first for headlines in two prints.)"""
    page = read_page(tool_text("news93258_broadsheet", "pdfminer"))
    assert page.style == "misordered_blocks"
    assert any(why in (page.style_note or "") for why in ("kicker or subtitle", "in two styles"))
    assert evaluate("news93258_broadsheet", "pdfminer").splicing_unflagged == 0


def test_a_first_line_an_indent_short_of_a_narrow_column_is_text_not_headline() -> None:
    """A story set narrower than the page's widest column (news93105, PyMuPDF and pypdf): under
    its headline, its first paragraph's first line, indent dropped, has no mark and a word runs on
    from it (``持续擦亮“有事好商`` / ``量”名片，围绕…``). Measured against the page's widest column it
    looked short enough for a headline's second line, and was read into the headline; the headline
    then seemed as wide as a text line and the story lost it. An indent short of the line under
    it, a word running on: the text has begun."""
    for tool in ("pymupdf", "pypdf"):
        page = read_page(tool_text("news93105_tabloid_glyphs", tool))
        story = [a for a in page.articles if a.text.startswith("持续擦亮“有事好商量”名片")]
        assert len(story) == 1 and story[0].title == "把联络站建在群众家门口"
        assert evaluate("news93105_tabloid_glyphs", tool).score.title_ok >= 8


def test_a_headline_over_a_first_line_an_indent_short_is_a_title() -> None:
    """news93133 (PyMuPDF, pypdf): a one-line headline (``监督聚焦民生痛点``) over its story's first
    line, indent dropped and no mark (``群众的意见到底`` / ``有没有人听？通过执``). The first line
    ends the block (running text under it), and the headline, as wide as the text, was then taken
    for text: read as a section heading of an untitled story. A line an indent short of the line
    under it is a paragraph's first, so the block over it is no text's first line."""
    for tool in ("pymupdf", "pypdf"):
        page = read_page(tool_text("news93133_tabloid", tool))
        story = [a for a in page.articles if a.text.startswith("群众的意见到底有没有人听？")]
        assert len(story) == 1 and story[0].title == "监督聚焦民生痛点"


def test_a_headline_line_with_quotation_marks_wider_than_the_column_flags_the_page() -> None:
    """pypdf prints a story's two-line headline inside another story's text, mid-sentence
    (news92729): ``立法为民的生动实践`` / ``桂林打造“有事好商量”履职品牌``. Its second line holds
    more Han glyphs than the column (12 in a column of 10) — no text line can — but its quotation
    marks kept it from the test for lines of another measure, and the page was flagged only by
    chance (its titles handed out again). Counted by its Han glyphs alone, it is a headline's
    line; cut to the column's measure, nothing is said of it."""
    text = tool_text("news92729_tabloid_c5", "pypdf")
    page = read_page(text)
    assert "headline's measure" in (page.style_note or "")
    assert evaluate("news92729_tabloid_c5", "pypdf").mixing_unflagged == 0
    lines = text.split("\n")
    at = lines.index("桂林打造“有事好商量”履职品牌")
    cut = [*lines[:at], "桂林打造“有事好商量”", *lines[at + 1 :]]
    assert "headline's measure" not in (read_page("\n".join(cut)).style_note or "")


def test_a_subtitle_ends_its_head_and_an_indent_short_line_starts_the_text() -> None:
    """PyMuPDF and pypdf drop the paragraph indent. news93157: under a headline and its subtitle,
    the story's first lines (``通过预算联网监`` / ``督、建议督办等方式``) have no clause mark and were
    read into the head, the subtitle's with them; under a kicker's head, the first line
    ``统筹推进城乡融`` (``合发展，…``) was read into the headline. A subtitle ends its head (with
    the lines it wraps onto, short of the column); a line an indent short of running text, a word
    running on, is the text's first line."""
    for tool in ("pymupdf", "pypdf"):
        page = read_page(tool_text("news93157_tabloid", tool))
        first = page.articles[0]
        assert (first.title, first.subtitle) == ("用好监督利器", "——访洛阳人大代表卢国清")
        assert first.text.startswith("通过预算联网监督、建议督办等方式")
        story = [a for a in page.articles if a.text.startswith("统筹推进城乡融合发展")]
        assert len(story) == 1
        assert story[0].title == "以高质量立法护航高质量发展 江门打造“田间议事会”履职品牌"


def test_a_head_inside_a_text_over_an_indent_short_first_line() -> None:
    """news93179 (PyMuPDF, pypdf): a two-line headline inside the text before it, over a first
    line with no clause mark (``通过预算联网监`` / ``督、专项审议等方式``). That line was read into
    the headline; the headline ends over it, and the line opens its story's text."""
    for tool in ("pymupdf", "pypdf"):
        page = read_page(tool_text("news93179_broadsheet_glyphs", tool))
        story = [a for a in page.articles if a.text.startswith("通过预算联网监督、专项审议等方式")]
        assert len(story) == 1 and story[0].title == "监督聚焦民生痛点 内蒙古人大探索代表工作新路径"


def test_title_lines_printed_twice_and_once_are_two_headlines() -> None:
    """news93179 (PyMuPDF, pypdf): between two texts, ``让法规条文长出牙齿`` (printed once: set under
    the story before it) stands over ``让每一条民意都有回音`` (printed twice, simulated bold: the
    next story's headline, set over it). Read as one headline, the block went to one story, the
    other left untitled. One headline's main lines share its type: the block is cut where the
    type changes, and each story takes its own."""
    for tool in ("pymupdf", "pypdf"):
        page = read_page(tool_text("news93179_broadsheet_glyphs", tool))
        titles = [a.title for a in page.articles]
        assert "让法规条文长出牙齿 让每一条民意都有回音" not in titles, tool
        assert {"小切口立法解决大问题", "让法规条文长出牙齿", "让每一条民意都有回音"} <= set(titles), tool
        assert evaluate("news93179_broadsheet_glyphs", tool).score.title_ok == 11, tool


def test_a_subtitle_wraps_onto_no_line_ending_on_an_enumeration_comma() -> None:
    """PyMuPDF, a fresh page (newspaper seed 93319, cut): a headline printed twice (simulated
    bold), its subtitle, and a story's first line with its indent dropped, ending on ``、``
    (``通过跟踪监督、`` / ``座谈交流等方式加强``). The line was read as the subtitle's wrap. A
    subtitle's last line ends on a word; on ``、`` the list goes on: that is running text."""
    text = (
        "新华社西青4月5\n日电（记者 郑婷）群\n众的意见到底有没有\n人听？柳州各级人大\n代表持续优化法治化\n"
        "营商环境，完善工作\n规则和议事程序，深\n化机关作风建设。健\n全常委会组成人员联\n系代表制度，通过跟\n"
        "踪监督、执法检查等\n方式探索代表履职积\n分管理。近年来，把\n群众的意见带到会场\n上，市人大常委会实\n"
        "行跟踪督办。\n民生实事由民定\n民生实事由民定\n——来自廊坊河口镇的报道\n通过跟踪监督、\n"
        "座谈交流等方式加强\n耕地保护监督，积极\n探索村级议事协商新\n路径。就《绵阳市河\n道管理条例（草\n"
        "案）》征求意见，深\n入街道社区走访群\n众。"
    )
    articles = read_page(text).articles
    heads = [(a.title, a.subtitle) for a in articles if a.title]
    assert heads == [("民生实事由民定", "——来自廊坊河口镇的报道")]
    assert any(a.text.startswith("通过跟踪监督、座谈交流等方式加强") for a in articles)


def test_a_first_line_an_indent_short_after_a_jump_note_is_no_headline() -> None:
    """news93150 (PyMuPDF, pypdf): after a jump note, a story (its headline set beside it, drawn
    after) opens on a line an indent short of the next, a word running on (``畅通社情民`` /
    ``意表达渠道，实``). It was taken for that story's headline, and its real headline went to
    the story before. The text's first line heads nothing."""
    for tool in ("pymupdf", "pypdf"):
        page = read_page(tool_text("news93150_tabloid", tool))
        assert not any((a.title or "").startswith("畅通社情民") for a in page.articles)
        story = [a for a in page.articles if a.text.startswith("畅通社情民意表达渠道，实行跟踪督办")]
        assert len(story) == 1 and story[0].title == "让法规条文长出牙齿"


def test_a_paragraph_of_piled_heads_flags_the_page() -> None:
    """`pdftotext` prints the heads of two stories piled up between blank lines (news93151):
    ``代表履职风采录——`` / ``深入学习贯彻地方组织法——`` / ``以高质量立法护航高质量发展`` — read as the
    last paragraph of the story above. A paragraph of a kicker over more kickers and headline lines
    is a head read as text, as one over headline lines alone is."""
    page = read_page(tool_text("news93151_tabloid", "pdftotext"))
    assert page.style == "misordered_blocks"
    assert "kicker or subtitle" in (page.style_note or "")
    assert evaluate("news93151_tabloid", "pdftotext").splicing_unflagged == 0


def test_a_sentence_end_printed_before_a_story_flags_the_page() -> None:
    """pdfminer.six prints a column's last line (``摸得着。``) after the next story's byline
    (news93459): read as that story's first paragraph, the paragraph it closes ran on into the next
    column's (``看得见`` / ``推动解决…``), unflagged. A story opening on a lone line of a few glyphs
    ending a sentence opens on another paragraph's end."""
    page = read_page(tool_text("news93459_tabloid", "pdfminer"))
    assert page.style == "misordered_blocks"
    assert "摸得着。" in (page.style_note or "")
    assert evaluate("news93459_tabloid", "pdfminer").splicing_unflagged == 0
    for tool in ("pymupdf", "pypdf"):  # in reading order, the line is where it belongs
        assert read_page(tool_text("news93459_tabloid", tool)).style == "reading_order"


def test_a_short_first_paragraph_is_asked_only_where_it_ends_a_sentence() -> None:
    """A story opening on a short line that ends no sentence (``据介绍，``) opens on its own text."""
    body = "市人大常委会召开会议，听取审议有关\n工作情况的报告，推动解决了一批群众\n关心的实际问题。\n"
    for opening, flagged in (("摸得着。", True), ("群众满意。", True), ("据介绍，", False)):
        text = f"人大代表助力公共交通\n本报记者 徐凯\n\n{opening}\n\n{body}\n{body}"
        assert (read_page(text).style == "misordered_blocks") is flagged, opening


def test_a_headline_as_wide_as_its_column_over_a_dropped_indent_flags_the_page() -> None:
    """PyMuPDF and pypdf drop indents: a byline-less story's headline exactly as wide as its
    9-glyph column (``让法规条文长出牙齿``), over its text's first line an indent short
    (``从实际效果看，``), was read as a line of the text before — two stories in one article,
    unflagged (news93502). In such text no first line is as wide as its column: the line over one,
    all Han glyphs after a sentence's end, with no word running on into it, heads it."""
    for tool in ("pymupdf", "pypdf"):
        page = read_page(tool_text("news93502_tabloid_c6_glyphs", tool))
        assert page.style == "misordered_blocks", tool
        assert "让法规条文长出牙齿" in (page.style_note or "")
        r = evaluate("news93502_tabloid_c6_glyphs", tool)
        assert r.splicing_unflagged == r.mixing_unflagged == 0


def test_a_full_line_a_sentence_runs_on_from_is_no_headline() -> None:
    """The same shape where a word runs from the full line into the short one is a sentence
    wrapped (``…严格审查政府债`` / ``务，…``): text, not flagged."""
    head = "人大代表助力公共交通\n本报记者 徐凯\n"
    body = "市人大常委会召开会议听取审\n议有关工作情况的报告推动解\n决了一批群众关心的实际问题。\n"
    cases = (
        ("让法规条文长出牙齿推动落实", "从实际效果看，推动落实，", True),
        ("委会组成人员严格审查政府债", "务，推动落实，落实到位，", False),
    )
    for full, first, flagged in cases:
        text = f"{head}{body}{full}\n{first}\n{body}{body}"
        assert (read_page(text).style == "misordered_blocks") is flagged, full


def test_headlines_printed_twice_amid_blocks_are_read_once_and_flag_the_page() -> None:
    """pdfminer.six keeps blank lines between a page's blocks and prints a bold headline twice, one
    line under the other (news93868: ``用好监督利器`` ×2). Left so, the pair opened a paragraph of the
    story before: two stories in one article, unflagged. The lines are printed once, as for PyMuPDF;
    text that keeps the page's blocks in drawing order is not sure which title is whose: flagged."""
    text = tool_text("news93868_tabloid", "pdfminer")
    assert "\n用好监督利器\n用好监督利器\n" in text
    page = read_page(text)
    assert page.style == "misordered_blocks" and "amid blocks" in (page.style_note or "")
    assert not any("用好监督利器" in p.text for a in page.articles for p in a.paragraphs)
    r = evaluate("news93868_tabloid", "pdfminer")
    assert r.splicing_unflagged == 0 and r.mixing_unflagged == 0


def test_a_doubled_headline_between_blank_lines_is_printed_once() -> None:
    body = ["围绕生态环境保护开展执法检查，形成了“代表在身边”的", "经验做法。", ""] * 4
    text = "\n".join(["用好监督利器", "用好监督利器", "", *body, "让法规条文长出牙齿", "", *body])
    page = read_page(text)
    assert [a.title for a in page.articles][:1] == ["用好监督利器"]
    assert page.style == "misordered_blocks" and "amid blocks" in (page.style_note or "")
