"""Stories in a PDF's drawing order: titles handed out again, headlines amid a text, and the signs
that a page's stories were not read surely.

PyMuPDF and pypdf print a newspaper page in the order its objects were drawn: each story whole, its
title before its text when set above it, after it when set below it or vertically beside it; no
blank lines. The article assembly (:mod:`~pipeline.layout.articles`) places titles one way per page
and cuts at bylines; here, on its page model:

* :func:`split_at_marked_heads` starts a story at a headline marked as one found amid a text — a
  story with no byline above its text: a kicker over it or a subtitle under it; on pages with
  hardly a blank line also a line set wider than the text around it, or a question across the
  column over an unpunctuated line short of it;
* :func:`rebalance_titles` hands the title blocks between the stories' texts out again where the
  page's one placement left a story untitled, and marks the page ``mixed_titles`` (also where a
  block could be two headlines run together, which it cuts where that titles one more story,
  between words, and moves no other block);
* :func:`two_frames`, :func:`heads_apart`, :func:`head_in_text`, :func:`headline_as_text`,
  :func:`cut_at_byline`, :func:`text_cut_short`, :func:`display_in_text` and
  :func:`wide_line_in_text` are signs that the
  page holds stories run together (a box in another measure or, on pages with hardly a blank line,
  runs of full lines at two widths in one text; heads listed before their texts; another story's
  head read as a section heading, a paragraph or a paragraph's end; a story stopping
  mid-sentence over another's byline or head; a headline in display type amid a text): the page
  is flagged ``misordered_blocks``.

None of them fires on a page in reading order (the sample, the hand-made pages, 2,000 synthetic
pages with and without blank lines: ``benchmarks/extractor_styles.py``); the rules marked "hardly
a blank line" are not even asked on other pages (``_Page.blankless``), which keeps their cost off
text that keeps its blank lines.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import groupby, islice, pairwise

from pipeline.layout.articles import (
    _CLAUSE_MARKS,
    _NOT_HAN,
    _WIDTH_OF,
    NARROW_BOX,
    SURE_WIDTH_LINES,
    _Article,
    _ends_on_credit,
    _glyph_ends_headline,
    _indent_dropped,
    _is_content,
    _is_jump,
    _lines_with,
    _max_title_lines,
    _Page,
    _subtitle_wrap,
    _title_units,
    marked_head,
)
from pipeline.layout.lines import HALF_CELL, Line, column_width
from pipeline.layout.paragraphs import continues_sentence, narrow_box
from pipeline.layout.roles import is_kicker, is_subtitle, starts_enumeration_compact, title_like_compact
from pipeline.types import LayoutArticle, LayoutParagraph

__all__ = [
    "cut_at_byline",
    "display_in_text",
    "head_in_text",
    "headline_as_text",
    "heads_apart",
    "long_title",
    "rebalance_titles",
    "split_at_marked_heads",
    "text_cut_short",
    "two_frames",
    "two_heads",
    "two_subtitles",
    "wide_line_in_text",
]


def _cut_prose(page: _Page, i: int) -> bool:
    """Is line ``i`` running text cut short (no sentence end; a clause mark in it, or an ending no
    title line has): a story that goes on elsewhere, after which a headline with a kicker or
    subtitle still starts another?"""
    ln = page.lines[i]
    if ln.sentence_end:
        return False
    if _CLAUSE_MARKS.search(ln.compact) is not None or not title_like_compact(ln.compact):
        return True
    # a line filling the column under running text that goes on into it (``调研、跟踪监督等方`` /
    # ``式关注农村人居环境``): a sentence cut short too
    above = page.lines[i - 1] if i > 0 else None
    return (
        above is not None
        and ln.width >= page.width - 1.0
        and _is_content(page, i - 1)
        and not above.sentence_end
        and _ANY_MARK.search(above.compact) is not None
        and not is_kicker(above.text)
    )


def _has_ended(page: _Page, body_end: int, block_start: int) -> bool:
    """Has the text whose last line is ``body_end`` ended before line ``block_start``: a sentence
    end, a credit, an author note, or a ``（下转第X版）`` note in between?"""
    ln = page.lines[body_end]
    if ln.sentence_end or body_end in page.footnotes or _ends_on_credit(ln) or body_end in page.bylines:
        return True
    return any(_is_jump(page, j) for j in range(body_end + 1, block_start))


_CLAUSE_END = frozenset("，、；：,;:")


def cut_at_byline(page: _Page, arts: list[_Article]) -> bool:
    """Does a story's text stop on a clause mark right over another story's byline (``…加强干部队伍
    建设，`` / ``本报记者 X``)?  A story ends on a sentence, or on a jump note where it goes on
    elsewhere; cut short so, its text goes on somewhere else on the page: the extractor printed
    another story's column in between (``pdftotext`` interleaving two stories' columns)."""
    lines = page.lines
    for b in page.bylines:
        i = b - 1
        while i >= 0 and (lines[i].blank or i in page.furniture):
            i -= 1
        if (
            i >= 0
            and lines[i].compact[-1:] in _CLAUSE_END
            and _is_content(page, i)
            and not _jump_next(page, i + 1)
        ):
            return True
    return False


def text_cut_short(page: _Page, built: Sequence[LayoutArticle]) -> bool:
    """Does a story other than the page's last stop mid-sentence on a line of running text, no jump
    note after it (``…推进基层治理体系现代`` / the next story's head)?  Its text goes on elsewhere
    on the page: the extractor printed other stories' lines in between."""
    for a in built[:-1]:
        p = a.paragraphs[-1] if a.paragraphs else None
        if p is None or not p.text or p.text[-1] in _ENDS_TEXT or _jump_next(page, p.line_end):
            continue
        if _cut_prose(page, p.line_end - 1) and page.lines[p.line_end - 1].width >= page.width - 1:
            return True
    return False


def head_in_text(page: _Page, built: Sequence[LayoutArticle]) -> bool:
    """Is a kicker (``…——``) or subtitle (``——…``) read as a section heading, or as a paragraph of
    its one line after a story's first — or a kicker as the top of a paragraph of headline lines?
    Another story's head inside this one's text, its byline nowhere near to anchor it: no section
    heading carries those dashes, and a paragraph does not stop on its line's end."""
    dashed = _dashed_lines(page)
    if any(page.roles.get(i, ("",))[0] == "heading" for i in dashed):
        return True
    if not dashed:
        return False
    lines = page.lines
    # subtitles' lines set off by blank lines: one inside a paragraph is a head read into a text
    apart = [
        i
        for i in dashed
        if 0 < i < len(lines) - 1 and lines[i - 1].blank and lines[i + 1].blank and is_subtitle(lines[i].text)
    ]
    return any(
        (p.line_start == p.line_end and p.line_start - 1 in dashed and k > 0)
        or _head_paragraph(page, p, dashed)
        or (apart and any(p.line_start - 1 < i < p.line_end - 1 for i in apart))
        for a in built
        for k, p in enumerate(a.paragraphs)
    )


def _head_paragraph(page: _Page, p: LayoutParagraph, dashed: set[int]) -> bool:
    """Is the paragraph a whole head: a kicker's line over headline lines, no mark in them
    (``深入学习贯彻地方组织法——`` / ``织密基层治理网``), or over other kickers and headlines (the
    heads of stories piled up)?"""
    first, last = p.line_start - 1, p.line_end - 1
    if (
        first not in dashed
        or not is_kicker(page.lines[first].text)
        or not 0 < last - first < _max_title_lines(page)
    ):
        return False
    return all(
        page.lines[i].blank
        or (title_like_compact(page.lines[i].compact) and not _ANY_MARK.search(page.lines[i].compact))
        or (i in dashed and is_kicker(page.lines[i].text))  # (a second kicker: heads piled up)
        for i in range(first + 1, last + 1)
    )


def headline_as_text(page: _Page, built: Sequence[LayoutArticle]) -> bool:
    """Does a paragraph end on whole lines of headline words read as its text: lines with no mark
    at all after a finished sentence, the paragraph ending with them (``…队伍建设。`` /
    ``小切口立法解决大问题``)?  Running text ends on a mark, or, cut short where its story goes on
    elsewhere, before a jump note; in drawing order a headline printed after its story (or
    before the next one's, with no byline to anchor it) is read into the text. So is a paragraph
    ending on a subtitle's line (``——…``) after a finished sentence or such headline lines, or on
    a kicker's (``…——``)."""
    lines = page.lines
    for a in built:
        for p in a.paragraphs:
            if not p.text or p.text[-1] in _ENDS_TEXT:
                continue
            run = 0
            i = p.line_end - 1
            if i in _dashed_lines(page) and is_kicker(lines[i].text) and not _jump_next(page, p.line_end):
                return True  # a kicker (``…——``) closing a paragraph: a dash there leads on to more
            if i in _dashed_lines(page) and is_subtitle(lines[i].text):
                # a headline's subtitle (``——…``) closing the paragraph: the headline over it may
                # end on a mark of its own (``让群众的声音被听见！``)
                if i >= p.line_start and lines[i - 1].sentence_end and not _jump_next(page, p.line_end):
                    return True
                run, i = 1, i - 1
            while i >= p.line_start - 1:
                ln = lines[i]
                if _is_content(page, i) and i not in page.footnotes and i not in page.credit_lines:
                    if ln.letterspaced or _ANY_MARK.search(ln.compact) or not title_like_compact(ln.compact):
                        break
                    run += 1
                i -= 1
            if not run or (i >= p.line_start - 1 and not lines[i].sentence_end):
                continue  # (a line cut mid-sentence above: the run carries its sentence on)
            while i >= 0 and page.roles.get(i, ("",))[0] == "heading":
                i -= 1  # a headline's upper lines read as the heading of its last (``民生实事`` / ``由民定``)
            if i < p.line_start - 1 and not _ended_above(page, i):
                continue
            if not _jump_next(page, p.line_end):
                return True
    return False


_ENDS_TEXT = frozenset("。！？…”’」』）》.!?)")
_ANY_MARK = re.compile("[，、；：。！？,;:!?…—]")


SHORT_OPENING = 3.0  # cells short of its story's column: a paragraph's first line no text fills


def headline_opens_paragraph(page: _Page, built: Sequence[LayoutArticle]) -> bool:
    """Does a paragraph of several lines, right under its story's one section heading (of one
    line), open on a line of headline words: Han glyphs alone, well short of its story's column
    (``代表履职进行时`` read as a section heading, then ``推动基层治理提质增效`` / ``深化机关作风建设，
    借助``)?  A paragraph's first line is running text and fills its column but for an indent; one
    that stops short without a mark is a headline's second line: a two-line headline of a story
    with no byline, printed amid the text before it, read as a heading and text. Asked of text in
    drawing order (hardly a blank line)."""
    if not page.blankless:
        return False
    lines = page.lines
    for a in built:
        if len({p.heading for p in a.paragraphs} - {None}) != 1:
            continue  # (the story's one heading: a story's own sections are several)
        width = None
        for p in a.paragraphs:
            i = p.line_start - 1
            if p.line_end - 1 <= i or not 1 < i < len(lines) or not _one_heading_line(page, i - 1):
                continue
            ln = lines[i]
            # (Han glyphs alone, the next line opening on one: a line broken early before a unit
            # kept whole — ``《…》``, a quoted phrase, a number — or opening on ``（一）`` is text)
            if (
                ln.letterspaced
                or _NOT_HAN.search(ln.compact)
                or _NOT_HAN.match(lines[i + 1].compact)
                or not title_like_compact(ln.compact)
            ):
                continue
            if width is None:
                width = column_width(
                    [lines[j] for q in a.paragraphs for j in range(q.line_start - 1, q.line_end)]
                )
            if ln.width <= width - SHORT_OPENING:
                return True
    return False


def _one_heading_line(page: _Page, i: int) -> bool:
    """Is line ``i`` a section heading of one line (the line above it no heading's)?"""
    return page.roles.get(i, ("",))[0] == "heading" and page.roles.get(i - 1, ("",))[0] != "heading"


def _ended_above(page: _Page, i: int) -> bool:
    """Does the last content line at or above ``i`` end a sentence (or is there none)?"""
    while i >= 0 and not _is_content(page, i):
        i -= 1
    return i < 0 or page.lines[i].sentence_end


def _jump_next(page: _Page, end: int) -> bool:
    """Is the first line with text after line ``end`` (0-based: the one after a 1-based line
    number) a jump note (``（下转第3版）``): text cut short on purpose?"""
    i = end
    while i < len(page.lines) and page.lines[i].blank:
        i += 1
    return i < len(page.lines) and _is_jump(page, i)


def heads_apart(page: _Page, arts: list[_Article]) -> bool:
    """Is a story's head (title, byline) followed at once by the next story, its own text
    nowhere before it?  An extractor that reads a band of headlines across the page before the
    columns under it lists the heads first and the texts after: which text is whose is not in the
    text."""
    for a, nxt in pairwise(arts):
        if a.byline is None or any(_is_content(page, i) for i in a.body_idx):
            continue
        if any(_is_content(page, i) for i in nxt.body_idx):
            return True
    return False


def two_heads(page: _Page, arts: list[_Article]) -> bool:
    """Does an article carry two headlines (a title block that a kicker, a subtitle or a boxed
    headline cuts in two, see :func:`_title_units`)?  A story has one: the other belongs to the
    story before or after, whose title (or text) went elsewhere."""
    return any(len(a.title_idx) > 1 and len(_title_units(page, a.title_idx)) > 1 for a in arts)


def two_subtitles(page: _Page, arts: list[_Article]) -> bool:
    """Does an article's head hold two dash-led subtitles (``——来自…的报道`` twice) or two kickers
    (``…——`` twice)?  A story has one of each; a wrapped one goes on with no dash. Two are the
    heads of two stories read together — a band of headlines read across the page before the
    columns under it (``pdftotext`` on WeasyPrint pages)."""
    for a in arts:
        if len(a.title_idx) < 2:
            continue
        heads = [page.lines[i].compact for i in a.title_idx]
        if sum(h.startswith("——") for h in heads) >= 2 or sum(h.endswith("——") for h in heads) >= 2:
            return True
    return False


TITLE_MOST = 56  # characters of a title at most (the longest of the 267 in the fixtures' truths and the sample page's gold: 29)


def long_title(page: _Page, arts: list[_Article]) -> bool:
    """Is an article's title (its kicker and subtitle aside) longer than any headline runs?  The
    heads of several stories read as one — a band of headlines across the page printed row by
    row (``pdftotext``: ``为乡村振兴注入法治动能 凝聚公共交 监督聚焦民生痛点 赤 让 每 一 条 …``)."""
    for a in arts:
        heads = [page.lines[i].compact for i in a.title_idx]
        if sum(len(h) for h in heads if not h.startswith("——") and not h.endswith("——")) > TITLE_MOST:
            return True
    return False


WIDE_MEASURE = 1.6  # a line this many times the page's column width is set in another measure …
FRAME_RUN = 3  # … and this many such lines in a row, beside as many of the column's, are a frame


def two_frames(page: _Page, arts: list[_Article]) -> bool:
    """Does an article's text run from lines of the page's column into a run of lines set far wider
    (or back)?  A story keeps its measure on the page; a box or another story does not share it.
    In drawing order (PyMuPDF, pypdf) a box printed between a story's text and the next story's is
    read into one of them."""
    w = page.width
    if w > 0 and max(map(_WIDTH_OF, page.lines), default=0.0) > WIDE_MEASURE * w and _wide_frame(page, arts):
        return True  # (no line that wide on most pages: asked at C speed)
    return page.blankless and any(_two_measures(page, a) or _two_loose_measures(page, a) for a in arts)


def _wide_frame(page: _Page, arts: list[_Article]) -> bool:
    w = page.width
    lines = page.lines
    for a in arts:
        if max(map(_WIDTH_OF, map(lines.__getitem__, a.body_idx)), default=0.0) <= WIDE_MEASURE * w:
            continue  # no line of its text that wide (asked at C speed)
        wide = narrow = most_wide = most_narrow = 0
        prev = -2
        for i in a.body_idx:
            if not _is_content(page, i) or i in page.footnotes or i in page.credit_lines:
                continue
            if i != prev + 1:
                wide = narrow = 0
            prev = i
            x = page.lines[i].width
            if x > WIDE_MEASURE * w:
                wide, narrow = wide + 1, 0
            elif 0.6 * w <= x <= 1.1 * w:
                wide, narrow = 0, narrow + 1
            else:
                wide = narrow = 0
            most_wide, most_narrow = max(most_wide, wide), max(most_narrow, narrow)
        if most_wide >= FRAME_RUN and most_narrow >= FRAME_RUN:
            return True
    return False


MEASURE_RUN = 4  # lines in a row of one width: a column's measure …
MEASURE_APART = 1.5  # … and two such measures this many cells apart in one text: two frames


def _two_measures(page: _Page, art: _Article) -> bool:
    """Does the article's text hold runs of full lines set to two measures (a box narrower or
    wider than the story's column, read into it)?  Set in one column, a text's lines that run on
    share one width; a paragraph's last line, or one with Latin letters or digits, breaks a run.
    (Runs of one width are found by ``groupby`` first: this runs on every page.)"""
    lines, idx = page.lines, art.body_idx
    if len(idx) < 2 * MEASURE_RUN:
        return False
    half = page.width / 2
    ws = [lines[i].width for i in idx]
    # Asked first, at C speed: two widths each repeated on MEASURE_RUN lines in a row somewhere.
    pairs = Counter(zip(ws, islice(ws, 1, None), strict=False))
    held = [a for (a, b), n in pairs.items() if a == b and n >= MEASURE_RUN - 1 and a >= half]
    if len(held) < 2 or max(held) - min(held) < MEASURE_APART:
        return False
    measures: set[float] = set()
    pos = 0
    for x, same in groupby(ws):
        n = sum(1 for _ in same)
        if n >= MEASURE_RUN and x >= half:  # (a run of glyph lines, a vertical title, is no measure)
            run, last = 0, -2
            for i in idx[pos : pos + n]:
                ln = lines[i]
                if (
                    ln.blank
                    or i in page.furniture
                    or i in page.footnotes
                    or i in page.credit_lines
                    or ln.indent
                ):
                    run = 0
                    continue
                run = run + 1 if i == last + 1 else 1
                last = i
                if run == MEASURE_RUN:
                    measures.add(x)
                    break
        pos += n
    return len(measures) > 1 and max(measures) - min(measures) >= MEASURE_APART


LOOSE_RUN = 4  # lines in a row within a cell of each other, the widest met twice: a measure


def _two_loose_measures(page: _Page, art: _Article) -> bool:
    """:func:`_two_measures` for narrow columns, where a line is a cell short as often as not (a
    glyph carried down with a mark that may not open a line, ``查，``), so that no run of one width
    is long enough: runs of lines within a cell of each other, each run's measure its widest line
    (met twice at least, and half the column at least: a run of glyph lines is no measure), two
    measures a cell and a half apart or more. Lines holding half-cell glyphs and letter-spaced
    lines are left out (their widths are not their measure's); a paragraph's last line breaks a
    run. A story set in a column of 9 run into one set in a column of 7 shows so."""
    lines, idx = page.lines, art.body_idx
    if len(idx) < 2 * LOOSE_RUN:
        return False
    measures: list[float] = []
    run: list[float] = []
    last = -2
    for i in idx:
        ln = lines[i]
        ok = (
            i == last + 1
            and not ln.blank
            and not ln.letterspaced
            and i not in page.furniture
            and i not in page.footnotes
            and i not in page.credit_lines
            and not ln.sentence_end
            and HALF_CELL.search(ln.compact) is None
        )
        last = i
        if ok and run and max(max(run), ln.width) - min(min(run), ln.width) <= 1.0:
            run.append(ln.width)
            continue
        if len(run) >= LOOSE_RUN and run.count(max(run)) >= 2:
            measures.append(max(run))
        run = [ln.width] if ok else []
    if len(run) >= LOOSE_RUN and run.count(max(run)) >= 2:
        measures.append(max(run))
    measures = [m for m in measures if m >= page.width / 2]  # (a run of glyph lines is no measure)
    return len(measures) > 1 and max(measures) - min(measures) >= MEASURE_APART


_SENTENCE_MARK = re.compile("[。！？]")
_SUBTITLE_START = re.compile("\n[^\\S\n]*—")  # a line starting on a dash …
_KICKER_END = re.compile("—[^\\S\n]*(?=\n|$)")  # … or ending on one


def _dashed_lines(page: _Page) -> set[int]:
    """Lines shaped like a kicker or a subtitle (found once per page, by searching it whole)."""
    if page.dashed is None:
        lines = page.lines
        page.dashed = {
            i
            for i in _lines_with(page, _SUBTITLE_START, (_KICKER_END,))
            if is_kicker(lines[i].text) or is_subtitle(lines[i].text)
        }
    return page.dashed


def _marked_head_at(page: _Page, idx: list[int], k: int) -> list[int]:
    """The headline block starting at ``idx[k]`` inside a text, if it is one surely: lines of a
    headline (no clause mark, but on a kicker or subtitle line), a kicker (``…——``) on top or a
    subtitle (``——…``) at the foot — the marks no section heading carries —, after text that has
    ended (for a head with those marks, also after prose cut short: a story going on elsewhere)
    and before running text (right under it; under a blank line too, where the marks are)."""
    lines = page.lines
    blk: list[int] = []
    j = k
    while j < len(idx) and len(blk) < _max_title_lines(page):
        i = idx[j]
        ln = lines[i]
        if not _is_content(page, i) or i in page.footnotes or i in page.credit_lines or i in page.bylines:
            break
        marked = is_kicker(ln.text) or is_subtitle(ln.text)
        c = ln.compact[:-1] if ln.compact.endswith(("？", "！")) else ln.compact  # a question title
        if _CLAUSE_MARKS.search(c) or not (marked or title_like_compact(ln.compact)):
            if blk and blk[-1] == i - 1 and _glyph_ends_headline(page, i, blk[0]):
                blk.append(i)  # the last character of a headline wrapped in a narrow box
                j += 1
            break
        if blk and (blk[-1] != i - 1 or _indent_dropped(page, i)):
            break  # (an indent short of running text, a word running on: the text's first line)
        blk.append(i)
        j += 1
        if is_subtitle(ln.text):
            wrap_end = _past_wrap(page, idx, j)  # a subtitle ends its block, with the lines it wraps onto
            blk.extend(idx[j:wrap_end])
            j = wrap_end
            break
    if not blk or j >= len(idx):
        return []
    # (a kicker counts only where it is not as wide as the column: see marked_head)
    marked = marked_head(page, blk)
    if idx[j] != blk[-1] + 1 and not (marked and _set_off(page, blk[-1], idx[j])):
        return []
    boxed = False
    if not marked:
        # A head marked by a line across the column: a question over a subtitle printed without
        # its dash, or a line set wider than the text around it. The head goes on past that line
        # over lines short of the column — but not over one exactly two cells short: a
        # paragraph's first line whose indent the extractor dropped.
        mark = _question_over_subtitle(page, blk)
        asked = mark is not None
        if mark is None:
            mark = _last_wide(page, idx, k, len(blk))
        if mark is None:
            mark = _narrow_measure(page, blk)
            boxed = mark is not None  # (the box's lines are the whole head)
        if mark is None:
            return []
        end = mark + 1
        while (
            not boxed
            and end < len(blk)
            and _short_of_column(page, lines[blk[end]].width)
            and not lines[blk[end]].sentence_end
        ):
            end += 1
        after = blk[end - 1] + 1
        if asked and after < len(lines) and continues_sentence(lines[after].compact):
            return []  # the line under it finishes a clause begun in it (``…联动通`` / ``道，…``)
        blk, j = blk[:end], k + end
    if len(blk) < 2:
        return []
    if marked:
        # a head the marks make sure of may stand over another headline (a box's, narrow lines
        # of no clause mark) before its running text
        m = j
        while m < min(len(idx) - 1, j + _max_title_lines(page)) and idx[m + 1] == idx[m] + 1:
            ln = lines[idx[m]]
            if _CLAUSE_MARKS.search(ln.compact) or not ln.compact or ln.width >= page.width - 2:
                break
            m += 1
        if m > j and (_CLAUSE_MARKS.search(lines[idx[m]].compact) or lines[idx[m]].width >= page.width - 2):
            j = m
    nxt = lines[idx[j]]
    # (under a head in a narrow box, a first line whose indent the extractor dropped: 2 cells short)
    least = page.width - (3 if boxed else 2)
    if (
        not _is_content(page, idx[j])
        or _SENTENCE_MARK.search(nxt.compact) is not None
        or (
            _CLAUSE_MARKS.search(nxt.compact) is None
            and nxt.width < least
            and not _indent_dropped(page, idx[j])
        )
    ):
        return []  # running text must follow, not a line finishing a sentence begun in the block
    before = idx[k - 1] if k else None
    if before is None or not (_has_ended(page, before, blk[0]) or (marked and _cut_prose(page, before))):
        return []
    return blk


def _set_off(page: _Page, last: int, nxt: int) -> bool:
    """Is the gap between a head's last line and the next content line one blank line (an
    extractor that keeps blank lines between blocks, pdfminer.six: the head a block of its own)?"""
    return nxt == last + 2 and page.lines[last + 1].blank


WIDER = 1.0  # a headline line at least this many cells wider than the text on both sides of it …
NEIGHBOURS = 3  # … measured on this many content lines each side


def _wide_heads(page: _Page) -> set[int]:
    """Unpunctuated lines wider than the page's column (a headline set across columns), measured
    at the least they can be (see :func:`_least_width`)."""
    w, lines = page.width, page.lines
    if w <= 0:
        return set()
    wide = [i for i, x in enumerate(map(_WIDTH_OF, lines)) if x >= w + WIDER]
    return {
        i
        for i in wide
        if _least_width(lines[i]) >= w + WIDER
        and _CLAUSE_MARKS.search(lines[i].compact) is None
        and title_like_compact(lines[i].compact)
    }


def _least_width(ln: Line) -> float:
    """The narrowest a line can be printed: its wide glyphs alone, where it holds half-cell ones
    (quotes, Latin letters, digits: how wide a font sets them is not in the text, a narrow Latin
    face may set them in a sliver)."""
    n = len(HALF_CELL.findall(ln.compact)) if not ln.compact.isascii() else len(ln.compact)
    return ln.width if not n else float(len(ln.compact) - n)


def _past_wrap(page: _Page, idx: list[int], j: int) -> int:
    """Past the lines a subtitle wraps onto (``——儋州“板凳会”工作法观`` / ``察``): at most two lines
    right after it, with no clause mark, narrower than the column (running text fills it). The
    last ends on a word: on ``、`` the list goes on, it is a text's first line (its indent dropped)."""
    lines = page.lines
    start = j
    for _ in range(2):
        if j >= len(idx) or idx[j] != idx[j - 1] + 1:
            break
        ln = lines[idx[j]]
        if not _subtitle_wrap(page, ln):
            break
        j += 1
    while j > start and lines[idx[j - 1]].compact.endswith("、"):
        j -= 1
    return j


# A line ending on ？ or on ！ (trailing spaces allowed): one pattern per mark, since a literal
# first is found at C speed and a character class first is tried at every position (5 µs a page
# for both against 25 for ``[？！]…``).
_QUESTION_END = (re.compile(r"？[^\S\n]*(?=\n)"), re.compile(r"！[^\S\n]*(?=\n)"))


def _question_heads(page: _Page) -> set[int]:
    """Lines that are one question or exclamation (no other mark): a headline's last line may be."""
    lines, w = page.lines, page.width
    return {
        i
        for i in _lines_with(page, None, _QUESTION_END)
        if lines[i].width >= w - 0.5  # (see _question_over_subtitle: only these can mark a head)
        and not _CLAUSE_MARKS.search(lines[i].compact[:-1])
        and i + 1 < len(lines)
        and _short_of_column(page, lines[i + 1].width)
    }


def _question_over_subtitle(page: _Page, blk: list[int]) -> int | None:
    """The line of the block ending on ？ or ！ across the column, with a line under it short of
    the column and unpunctuated (a subtitle printed without its dash), if any: running text
    after a question fills its next line, or ends a sentence on it."""
    lines = page.lines
    q = next((k for k, i in enumerate(blk) if lines[i].compact.endswith(("？", "！"))), None)
    if q is None or q + 1 >= len(blk) or lines[blk[q]].width < page.width - 0.5:
        return None  # (a section heading asking a question stands short of the column)
    sub = lines[blk[q + 1]]
    return q if _short_of_column(page, sub.width) and not sub.sentence_end else None


NARROW = NARROW_BOX  # a headline's lines at least this many cells short of the column …


def display_in_text(page: _Page, arts: list[_Article]) -> bool:
    """On a page with hardly a blank line, does a story's text hold a headline set in display type:
    after a finished sentence, two lines or more, each well short of the column (``让群众的声`` /
    ``音被听见！`` / ``从“纸面”走`` / ``向“地面”``), no clause mark in them, then running text (a
    clause mark, or a line filling the column but for an indent)?
    Text fills its column and a section heading in the text's size wraps only where it does (or
    between its phrases); a larger face wraps early, inside a word (``声`` / ``音``), or a glyph or
    two a line over three lines or more (``织密`` / ``基层`` / ``治理`` / ``网``). Where no
    kicker or subtitle marks such a head (see :func:`split_at_marked_heads`), whose story it
    opens — the text before or after — is not in the text."""
    if not page.blankless:
        return False
    from pipeline.extract.tokenize import word_across

    heads = _narrow_heads(page)
    lines, most = page.lines, page.width - NARROW
    for a in arts:
        body = [i for i in a.body_idx if _is_content(page, i)]
        at = {i: k for k, i in enumerate(body)}
        for i in heads:
            k = at.get(i)
            if k is None or k == 0:
                continue
            n = 0
            while k + n < len(body) and body[k + n] == i + n:
                c = lines[i + n].compact
                if len(c) > most or _CLAUSE_MARKS.search(c.rstrip("？！")) is not None:
                    break
                n += 1
            end = k + n
            if (
                n >= 2
                and end < len(body)
                and body[end] == i + n
                and (_CLAUSE_MARKS.search(lines[i + n].compact) or lines[i + n].width >= page.width - 2)
                and (
                    any(word_across(lines[j].compact, lines[j + 1].compact) for j in range(i, i + n - 1))
                    or (n >= 3 and _display_stack([lines[j].compact for j in range(i, i + n)], page.width))
                )
            ):
                return True
    return False


def head_inside_sentence(page: _Page, arts: list[_Article]) -> bool:
    """Does a story's text hold a block of headline lines set off by a blank line above and below
    (no mark in them, each short of the column) inside a sentence: the line over the block stops
    mid-word and the line under it finishes that word (``表达渠`` / ``立法为民`` / ``的生动实`` /
    ``践`` / ``道。``), or running text cut short goes on under it as running text?  No sentence
    breaks for a heading of its own: a headline drawn amid another story's column (``pdftotext``
    printing it where it stands), whose story it heads is not in the text."""
    lines = page.lines
    body: set[int] | None = None  # the articles' text lines (gathered for the first block asked of)
    most = _max_title_lines(page)
    for start, end in _blank_set_runs(page):
        if end - start > most:
            continue
        above, below = start - 1, end
        while above >= 0 and lines[above].blank:
            above -= 1
        if above < 0 or lines[above].sentence_end:
            continue  # (most blocks: a paragraph after a finished one — asked first, it is cheap)
        while below < len(lines) and lines[below].blank:
            below += 1
        if body is None:
            body = {i for a in arts for i in a.body_idx}
        if below >= len(lines) or start not in body or above not in body or below not in body:
            continue
        if not (_is_content(page, above) and _is_content(page, below)):
            continue
        run = lines[start:end]
        if not all(
            _is_content(page, i)
            and _ANY_MARK.search(ln.compact) is None
            # (a headline's last glyph may be wrapped onto a line of its own)
            and (
                title_like_compact(ln.compact)
                or (i == end - 1 > start and _NOT_HAN.search(ln.compact) is None)
            )
            for i, ln in enumerate(run, start)
        ) or any(ln.letterspaced for ln in run):
            continue
        from pipeline.extract.tokenize import word_across  # (asked of a few lines a page)

        over, under = lines[above].compact, lines[below].compact
        split = word_across(over, under)  # a word runs from the line over the block to the one under it
        if not split and any(ln.width >= page.width - 1.0 for ln in run):
            continue  # (a line of text between two column breaks may fill its column: a word split is needed)
        goes_on = split or (
            _cut_prose(page, above)
            and (_CLAUSE_MARKS.search(under) is not None or lines[below].width >= page.width - 1.0)
        )
        if goes_on and not word_across(over, run[0].compact) and not word_across(run[-1].compact, under):
            return True  # (the block runs into neither: no text wrapped in and out of it)
    return False


def _blank_set_runs(page: _Page) -> list[tuple[int, int]]:
    """(first, end) of each run of non-blank lines with a blank line right above and below it."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, ln in enumerate(page.lines):
        if ln.blank:
            if start is not None and start > 0:
                runs.append((start, i))
            start = None
        elif start is None:
            start = i
    return runs


def wide_line_in_text(page: _Page, arts: list[_Article]) -> bool:
    """Does a story's text hold one line of Han glyphs alone, with no mark, a glyph or more wider
    than the column its other lines fill (``让每一条民意都有回音`` amid a column of 9)?  Text keeps
    its measure, and widths of Han glyphs are sure: such a line is set in another measure — a
    headline across columns, read into a text (``pdftotext`` printing it between two columns'
    pieces; or two or three such lines in a row, a headline's). Asked of texts of eight lines or
    more (their column's width is sure)."""
    # (the column is measured only for a story holding a line of Han glyphs alone wider than the
    # lines on either side)
    lines, furniture = page.lines, page.furniture
    # (``str.isalpha``: no mark, digit or space; Han glyphs alone, asked of the few that pass).
    # Also Han glyphs with quotation marks (``桂林打造“有事好商量”履职品牌``), measured by their Han
    # glyphs alone (a quotation mark's width is the font's): no text line holds more of them than
    # its column does.
    han = {i for i, ln in enumerate(lines) if ln.compact.isalpha() and _NOT_HAN.search(ln.compact) is None}
    quoted = {
        i: float(len(q))
        for i in _lines_with(page, None, (_QUOTE_ENDS_LINE,))  # (closed on the line: a page search)
        if (q := _QUOTES.sub("", lines[i].compact)).isalpha() and _NOT_HAN.search(q) is None
    }
    if quoted:
        han |= quoted.keys()
    if not han:
        return False

    def width(i: int) -> float:
        return quoted[i] if i in quoted else lines[i].width

    for a in arts:
        if han.isdisjoint(a.body_idx):
            continue
        body = [i for i in a.body_idx if not lines[i].blank and i not in furniture]  # (_is_content)
        if len(body) < SURE_WIDTH_LINES:
            continue
        # (positions of such lines, not letter-spaced, between two others)
        cand = [k for k in range(1, len(body) - 1) if body[k] in han and not lines[body[k]].letterspaced]
        # wider than the lines on either side by a glyph, as it must be to pass the test below
        at = [
            k for k in cand if width(body[k]) >= max(lines[body[k - 1]].width, lines[body[k + 1]].width) + 1.0
        ]
        runs = _wide_runs(page, body, cand, width)
        if not at and not runs:
            continue
        w = column_width([lines[i] for i in body])
        if any(
            width(body[k]) >= w + 1.0 and lines[body[k - 1]].width <= w and lines[body[k + 1]].width <= w
            for k in at
        ) or any(
            all(width(body[x]) >= w + 1.0 for x in range(k, e))
            and lines[body[k - 1]].width <= w
            and lines[body[e]].width <= w
            for k, e in runs
        ):
            return True
    return False


_QUOTES = re.compile("[“”]")
_QUOTE_ENDS_LINE = re.compile("”[\u3400-\u9fff \t\u3000]*(?=\n|\\Z)")  # (no mark after the last quotation)
WIDE_RUN = 3  # lines a headline across columns read into a text may take (see _wide_runs)


def _wide_runs(
    page: _Page, body: list[int], cand: list[int], width: Callable[[int], float]
) -> list[tuple[int, int]]:
    """Runs ``body[k:e]`` of two to :data:`WIDE_RUN` consecutive positions of ``cand`` (lines of
    Han glyphs alone), each line a glyph wider than the lines on either side of the run (a
    headline of several lines read into a text: each line wider than the column, the text around
    it within it)."""
    lines = page.lines
    out = []
    for _, run in groupby(enumerate(cand), key=lambda p: p[1] - p[0]):  # consecutive positions
        ks = [k for _, k in run]
        k, e = ks[0], ks[-1] + 1
        if 2 <= e - k <= WIDE_RUN:
            edge = max(lines[body[k - 1]].width, lines[body[e]].width) + 1.0
            if all(width(body[x]) >= edge for x in range(k, e)):
                out.append((k, e))
    return out


def _display_stack(compacts: list[str], width: float) -> bool:
    """Three lines or more, each a glyph or two (``织密`` / ``基层`` / ``治理`` / ``网``), or each at
    most half the column and none longer than the one above (``立法如何`` / ``更接地`` / ``气？``):
    no section heading in the text's size is set so."""
    if all(len(c) <= 2 for c in compacts):
        return True
    return all(len(c) <= width / 2 for c in compacts) and all(len(b) <= len(a) for a, b in pairwise(compacts))


def _narrow_heads(page: _Page) -> set[int]:
    """First lines of unpunctuated runs set in a measure narrower than the column (see
    :func:`_narrow_measure`): candidates only, found with two plain questions per line."""
    lines, w = page.lines, page.width
    return {
        i
        for i in range(len(lines) - 1)
        if 2 <= len(lines[i].compact) <= w - NARROW
        and len(lines[i + 1].compact) <= len(lines[i].compact)
        and not lines[i].letterspaced
        and (i == 0 or lines[i - 1].sentence_end)
        and lines[i + 1].compact
        and _CLAUSE_MARKS.search(lines[i].compact) is None
    }


def _narrow_measure(page: _Page, blk: list[int]) -> int | None:
    """The last line of a headline set in a box narrower than the column, if the block is one: its
    lines well short of the column, wrapped by the box (see :func:`narrow_box`). A section heading
    is set in its column's measure and wraps only where it fills it."""
    cs = [page.lines[i].compact for i in blk]
    if len(cs[0]) > page.width - NARROW or starts_enumeration_compact(cs[0]):
        return None  # (a numbered heading's number may stand on a line of its own)
    # (the block may run on into the text's first line; a box shows its measure on two lines at
    # least above the last — one line over a shorter one may be a paragraph's opening, indented,
    # unless both are Han glyphs alone: text opens on a mark or a bracket often enough)
    for n in range(len(blk), 1, -1):
        if n == 2 and not all(_HAN_ONLY.fullmatch(c.rstrip("？！")) for c in cs[:2]):
            continue
        if not any(page.lines[i].letterspaced for i in blk[:n]) and narrow_box(cs[:n]):
            return n - 1  # (a letter-spaced line is spaced out to fill its column: in its measure)
    return None


_HAN_ONLY = re.compile("[\u3400-\u9fff]+")


def _short_of_column(page: _Page, width: float) -> bool:
    return width <= page.width - 0.5 and width != page.width - 2


def _last_wide(page: _Page, idx: list[int], k: int, n: int) -> int | None:
    """The last line of the block ``idx[k : k + n]`` set wider than the text before the block and
    the text after that line (its position in the block), if any: running text keeps its column's
    measure, a headline set across columns does not."""
    lines = page.lines
    before = [lines[i].width for i in idx[max(0, k - NEIGHBOURS) : k]]
    if len(before) < NEIGHBOURS:
        return None
    for m in range(n - 1, -1, -1):
        after = [lines[i].width for i in idx[k + m + 1 : k + m + 1 + NEIGHBOURS]]
        x = _least_width(lines[idx[k + m]])  # (half-cell glyphs: at the least they can be)
        if len(after) == NEIGHBOURS and x >= max(before) + WIDER and x >= max(after) + WIDER:
            return m
    return None


def _head_starts(page: _Page, body: list[int], dashes: set[int]) -> list[int]:
    """Where in ``body`` (content line indices) a marked headline could start: at or a few lines
    above a kicker- or subtitle-shaped line."""
    limit = _max_title_lines(page)
    found = {k for q, i in enumerate(body) if i in dashes for k in range(max(1, q - limit + 1), q + 1)}
    return sorted(k for k in found if k < len(body) - 1)


def split_at_marked_heads(page: _Page, arts: list[_Article]) -> list[_Article]:
    """Start a new article at a headline marked as one (see :func:`_marked_head_at`) found amid an
    article's text: a story with no byline above its text, in text that keeps no blank line to
    set its head apart (PyMuPDF, pypdf) or prints it after the story before (drawing order)."""
    # Only a block holding a kicker or subtitle line, or a line wider than the column, can be
    # marked: look near those (few) lines alone (most pages have none).
    dashes = _dashed_lines(page)
    if page.blankless:  # heads marked by their width only where no blank line sets them apart
        dashes = dashes | _wide_heads(page) | _question_heads(page) | _narrow_heads(page)
    if not dashes:
        return arts
    out: list[_Article] = []
    for art in arts:
        if not dashes.intersection(art.body_idx):
            out.append(art)
            continue
        body = [i for i in art.body_idx if _is_content(page, i)]
        cut = None
        for k in _head_starts(page, body, dashes):
            blk = _marked_head_at(page, body, k)
            if blk:
                cut = blk
                break
        if cut is None:
            out.append(art)
            continue
        head = [i for i in art.body_idx if i < cut[0]]
        tail = [i for i in art.body_idx if i > cut[-1]]
        out.append(replace(art, body_idx=head))
        out.extend(split_at_marked_heads(page, [_Article(title_idx=cut, body_idx=tail)]))
    return out


CUT_HEADLINE = 0.5  # what cutting one headline's lines between two stories costs (see below)
CUT_MIN_LINES = 3  # … and only a block of this many lines may be two headlines run together


def _may_cut(page: _Page, above: int, below: int, size: int, words: bool, least: int = CUT_MIN_LINES) -> bool:
    """May a title block be cut between lines ``above`` and ``below``: a block of ``least`` lines or
    more (three, or two where the page shows both placements: a headline and its second line are
    two — cutting every two-line block titled more stories on drawing-order pages but cut
    headlines of pages in reading order), not after a kicker nor before a subtitle, and
    (``words``) not inside a word — a headline wrapped at its measure (``让每一条民`` /
    ``意都有回音``) is one headline, two headlines meet where words end."""
    lines = page.lines
    if size < least or is_kicker(lines[above].text) or is_subtitle(lines[below].text):
        return False
    if not words:
        return True
    from pipeline.extract.tokenize import word_across  # (asked only of pages with such a block)

    return not word_across(lines[above].compact, lines[below].compact)


def _cuts_headline(units: list[tuple[list[int], int, int]], s: int) -> bool:
    """Does handing a gap's title lines ``units[:s]`` back and ``units[s:]`` on cut a headline
    (both sides hold lines of one headline: the third field, its first line)?"""
    return 0 < s < len(units) and units[s - 1][2] == units[s][2]


def rebalance_titles(page: _Page, arts: list[_Article]) -> list[_Article]:
    """Give an untitled article the headline printed after its text, where the text layer lists
    some stories title-first and others title-last (a PDF's drawing order: a title set above its
    story is drawn before it, one set below or vertically beside it after).

    The page's title placement (:func:`_decide_title_first`) hands every title block to one side.
    Where that leaves an article without a title, the blocks between the articles' texts are
    handed out again: each block (cut into headlines by :func:`_title_units`) may give its first
    headlines to the text before it (if that text has ended) and the rest to the text after it.
    The choice titles the most articles, none twice; ties keep the page's placement (a headline
    cut: the story before takes the fewest lines). A page whose articles all have a title is left
    as it is."""
    if len(arts) < 2 or all(a.title_idx for a in arts):
        return arts
    bodies: list[tuple[int, int]] = []  # (first, last) content line of each article's text
    vertical: dict[int, int] = {}  # a vertical line ending a text → the body it ends
    owner: list[int] = []  # article of each body
    for k, a in enumerate(arts):
        own = [i for i in a.body_idx if _is_content(page, i)]
        if len(own) > 1 and (last := max(own)) in page.upright:
            # a vertical line closing a text is no text (vertical type is never running text nor a
            # section heading at a text's end): a headline set beside the text, drawn after it
            vertical[last] = len(bodies)
            own.remove(last)
        if a.byline_idx is not None:
            own.append(a.byline_idx)
        if own:
            bodies.append((min(own), max(own)))
            owner.append(k)
    if len(bodies) < 2:
        return arts
    # Headlines in each gap: gap g lies before body g (gap len(bodies): after the last one).
    # Each title line is listed on its own, with the headline (unit) it belongs to: headlines are
    # handed out whole; a hand-out that cuts one costs half a titled story (see below).
    gaps: list[list[tuple[list[int], int, int]]] = [[] for _ in range(len(bodies) + 1)]
    sizes: dict[int, int] = {}  # lines of each headline, by its first line
    starts = [b[0] for b in bodies]
    for k, a in enumerate(arts):
        if not a.title_idx:
            continue
        g = bisect_left(starts, a.title_idx[0])
        if g < len(bodies) and bodies[g][0] <= a.title_idx[-1]:
            return arts  # a title block inside a text: not a simple sequence, leave it
        for unit in _title_units(page, a.title_idx):
            gaps[g].extend(([i], k, unit[0]) for i in unit)
            sizes[unit[0]] = len(unit)
    for i, b in vertical.items():
        gaps[b + 1].append(([i], owner[b], i))
        sizes[i] = 1
    for g in range(len(gaps)):
        gaps[g].sort()
    n_b = len(bodies)

    def hand_out(
        cut: bool, words: bool = False, least: int = CUT_MIN_LINES
    ) -> tuple[float, tuple[int, ...]] | None:
        """The best hand-out: (score, where each gap's lines split); ``cut``: headlines may be cut
        (``words``: only between words)."""
        # best[t]: (score, choices) over gaps 0..g, t = body g-1 got a headline from before it.
        NEG = (-1e9, ())
        best: dict[bool, tuple[float, tuple[int, ...]]] = {False: (0.0, ())}
        for g, units in enumerate(gaps):
            m = len(units)
            nxt: dict[bool, tuple[float, tuple[int, ...]]] = {}
            for had, (score, picks) in best.items():
                for s in range(m + 1):  # units[:s] → body g-1, units[s:] → body g
                    if s and (g == 0 or had or not _has_ended(page, bodies[g - 1][1], units[0][0][0])):
                        continue
                    if s < m and g == n_b:
                        continue  # nothing after the last body to head
                    gain = (1.0 if s else 0.0) + (1.0 if s < m else 0.0)
                    if _cuts_headline(units, s):
                        if not (
                            cut
                            and _may_cut(
                                page, units[s - 1][0][0], units[s][0][0], sizes[units[s][2]], words, least
                            )
                        ):
                            continue
                        gain -= CUT_HEADLINE
                    moved = sum(
                        1
                        for j, (_, k, _u) in enumerate(units)
                        if (owner[g - 1] if j < s else owner[g] if g < n_b else -1) != k
                    )
                    if _cuts_headline(units, s):
                        # a headline block cut: the story before takes the fewest lines (one set
                        # beside its text or vertically, drawn after it, is narrow: a line; the
                        # next story's over its text may carry a second)
                        moved = sum(len(u[0]) for u in units[:s])
                    cand = (score + gain - 0.01 * moved, (*picks, s))
                    t = s < m
                    if cand[0] > nxt.get(t, NEG)[0]:
                        nxt[t] = cand
            if not nxt:
                return None  # no way to hand the headlines out (one after the last text, which goes on)
            best = nxt
        return max(best.values())

    plain = hand_out(cut=False)
    if plain is None:
        return arts
    # Two headlines may stand run together in one block, one closing a story and one opening the
    # next (a title set under its text, then one set over the next text). Where cutting a block
    # would title a story left without one, the page is unsure: which line goes to which story
    # is not surely in the text. The block is cut where that titles more stories, only between
    # words, only on text in drawing order (hardly a blank line), and only where no other block is
    # handed out anew (on the 288 pages of three earlier fresh sets, PyMuPDF's text, such cuts
    # titled 24 pages better and 10 worse; cuts that also moved other blocks, 14 better and 10
    # worse more; cuts inside words, one worse more).
    _, picks = plain
    # A two-line block is as often one headline of two lines: cut only where the page shows its
    # titles placed both ways already (a whole block handed to the other side, or headlines at
    # both ends of the page).
    placed = tuple(sum(1 for _, k, _u in units if g and k == owner[g - 1]) for g, units in enumerate(gaps))
    least = 2 if page.titles_both_ends or picks != placed else CUT_MIN_LINES
    cut = hand_out(cut=True, least=least)
    if cut is not None and cut[0] > plain[0] + 1e-9:
        page.mixed_titles = True
        between_words = hand_out(cut=True, words=True, least=least) if page.blankless else None
        if between_words is not None and between_words[0] > plain[0] + 1e-9:
            new = between_words[1]
            if all(_cuts_headline(gaps[g], new[g]) for g in range(len(gaps)) if new[g] != picks[g]):
                picks = new
    titles: dict[int, list[int]] = {}
    for g, (units, s) in enumerate(zip(gaps, picks, strict=True)):
        for j, (unit, _, _u) in enumerate(units):
            k = owner[g - 1] if j < s else owner[g]
            titles.setdefault(k, []).extend(unit)
    current = {
        k: sorted(i for i in a.title_idx if _is_content(page, i)) for k, a in enumerate(arts) if a.title_idx
    }
    if {k: sorted(v) for k, v in titles.items()} == current:
        return arts
    page.mixed_titles = True
    out: list[_Article] = []
    for k, a in enumerate(arts):
        new = sorted(titles.get(k, []))
        freed = [i for i in a.title_idx if i not in new]
        if k not in owner:  # an article that was only a title: gone once its title is placed
            if new:
                out.append(replace(a, title_idx=new))
            continue
        body = [i for i in a.body_idx if i not in vertical] + [i for i in freed if not _is_content(page, i)]
        out.append(replace(a, title_idx=new, body_idx=sorted(body)))
    return out
