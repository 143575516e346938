"""Article assembly: furniture, bylines, footnotes, title placement, and the per-line roles.

The page is cut at bylines.  The title of an article is the block of title-like lines that stands
just before a byline (kicker ``…——`` above, subtitle ``——…`` below).  Whether that block belongs
to the article *after* it (title-first, the usual newspaper layout) or to the article *before* it
(title-last: the text layer lists each column's text before its headline) is decided once per page,
from evidence rather than assumption:

* a title block before the first byline argues title-first; a page that opens on a byline argues
  title-last;
* a title block after the last article's text at the end of the page argues title-last; a page
  ending on text or a footnote argues title-first;
* every block between two articles votes for the side whose body repeats more of its words.

Ties go to title-first.  A title block is contiguous (a blank line may only set off a kicker above
or a subtitle below), made of phrases rather than wrapped sentences, and — when it ends on ``？`` or
``！`` — set off from the text above by a blank line, a kicker, or (alone) a finished sentence.

Text in a PDF's *drawing order* (PyMuPDF, pypdf on newspaper pages) lists each story whole, its
title before its text or after it, story by story: the rules for it work on this module's page
model in :mod:`~pipeline.layout.storyorder` (titles handed out again, headlines amid a text, the
signs that make the page ``misordered_blocks`` for the caller to flag).

Not every byline stands above its text.  A reporter credit in parentheses after finished text
(``…。（记者 X）``, also wrapped over two lines or on a line of its own) closes its article, and text
after it is the next article; the same credit right under a title leads its text like any byline.
A byline printed in two parts (``本报记者 X`` over ``本报讯　近日，…``) is one byline, and a
dateline wrapped over two lines is read as one.

Page furniture (header, editor, 下转/上接 notes, captions with their credits, chart source
notes) is recognised first and kept out of every article; footnotes (``（作者系…）``) give the
affiliation.  Every raw line gets a :class:`~pipeline.types.LineRole` with a short note saying why.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from heapq import heappop, heappush
from itertools import compress
from operator import attrgetter

from pipeline.layout.lines import Line, column_width, hardly_blank, make_lines, measure_width, quote_width
from pipeline.layout.paragraphs import (
    Block,
    MeasuredBody,
    box_start,
    infer_style,
    join_heading,
    measure_body,
    measured_style_evidence,
    narrow_box,
    segment_measured,
)
from pipeline.layout.roles import (
    BYLINE_START,
    FOOTNOTE_START,
    FURNITURE_START,
    Byline,
    Furniture,
    ends_sentence,
    footnote_affiliation,
    is_footnote_start,
    is_kicker,
    is_page_number,
    is_subtitle,
    may_continue_dateline,
    parse_byline,
    parse_end_credit,
    parse_furniture,
    parse_header,
    starts_enumeration_compact,
    strip_continuation,
    title_like_compact,
)
from pipeline.layout.spacing import (
    clean_body,
    clean_heading,
    clean_printed,
    compact,
    despace,
    join_wrapped,
    normalise_spaces,
)
from pipeline.types import LayoutArticle, LayoutParagraph, LineRole, PageFurniture, PageLayout

MAX_TITLE_LINES = 5
# In a column this narrow (characters of body text) a headline in larger type wraps into more lines:
# ``监督聚焦民/生痛点/从“纸面”走/向“地面”/——来自浦东新三/合镇的报道``.
NARROW_COLUMN = 12
NARROW_TITLE_LINES = 8


def _max_title_lines(page: _Page) -> int:
    return NARROW_TITLE_LINES if 0 < page.width < NARROW_COLUMN else MAX_TITLE_LINES


HEADER_ZONE = 6  # non-blank lines at the top that may be a page header
FOOTER_ZONE = 4
# The pre-filters of the line parsers (see ``roles``): a first character they can accept, or a mark
# anywhere in the line.  Each is asked of the whole page at once (:func:`_lines_with`) rather than of
# every line in Python, and a parser is called only for the few lines found.  A line's text is
# stripped, so its first character is the one the parsers look at; in the page text each line follows
# a ``\n``, so a first character is found as that ``\n`` and the character (a literal prefix the regex
# engine skips to at C speed, where a ``(?m)^`` pattern is tried at every position).
_FURNITURE_FIRST = re.compile(f"\n[{re.escape(FURNITURE_START)}]")
_BYLINE_FIRST = re.compile(f"\n[{re.escape(BYLINE_START)}]")
_FOOTNOTE_FIRST = re.compile(f"\n[{re.escape(FOOTNOTE_START)}]")
# Single literals, searched one by one: a literal is found much faster than a character class.
_CREDIT_MARK = re.compile("摄")
_CREDIT_CLOSE = re.compile(r"摄[）)]?$")  # a photo credit: the end of its caption
_CLOSE_PARENS = (re.compile("）"), re.compile(r"\)"))


@dataclass(slots=True)
class _Article:
    """An article under construction: which line indices play which part."""

    byline_idx: int | None = None
    byline: Byline | None = None
    title_idx: list[int] = field(default_factory=list)
    body_idx: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Page:
    lines: list[Line]
    furniture: dict[int, Furniture] = field(default_factory=dict)
    bylines: dict[int, Byline] = field(default_factory=dict)
    footnotes: dict[int, int] = field(default_factory=dict)  # line index → footnote group start
    roles: dict[int, tuple[str, int | None, str]] = field(default_factory=dict)
    width: float = 0.0  # the page's body column width (most lines are body lines)
    inline_notes: dict[int, str] = field(default_factory=dict)  # 下转/上接 notes inside body lines
    line_text: dict[int, str] = field(default_factory=dict)  # body text left once a credit is cut off
    lead_of: dict[int, int] = field(default_factory=dict)  # a wrapped dateline's last line → its first
    credit_lines: dict[int, str] = field(default_factory=dict)  # further byline lines → role note
    title_note: str = "title block"  # how the page places titles, for ``inspect``
    heading_lines: frozenset[int] = frozenset()  # line numbers another reader knows are headings (PDF)
    mixed_titles: bool = False  # some titles stand before their text, others after (drawing order)
    titles_both_ends: bool = False  # a headline before the first byline and one after the last text
    titles_first_unsure: bool = False  # drawing order, a headline at both ends: read title-first
    two_credits: bool = False  # an article with a byline closed by a credit naming others: two run together
    blankless: bool = False  # hardly a blank line (PyMuPDF, pypdf): stories may come in drawing order
    upright: frozenset[int] = frozenset()  # indices of lines printed a glyph a line (vertical type)
    bold: frozenset[int] = frozenset()  # indices of lines printed twice (simulated bold: ``emphasised``)
    dashed: set[int] | None = None  # kicker- and subtitle-shaped lines (see :func:`_dashed_lines`)
    _joined: str | None = None  # ``\n`` + the lines' texts joined by ``\n`` (see :func:`_lines_with`)
    _box_label: bool | None = None  # a line is a box label (see :func:`_has_box_label`)


def _lines_with(
    page: _Page, first: re.Pattern[str] | None, anywhere: tuple[re.Pattern[str], ...] = ()
) -> list[int]:
    """Indices of the lines, in page order, whose text starts with a match of ``first`` (a pattern
    ``\\n[…]``, or None) or has a match of a pattern in ``anywhere`` — found by searching the whole
    page."""
    if page._joined is None:
        page._joined = "\n" + "\n".join([ln.text for ln in page.lines])  # (no line has a ``\n``)
    joined = page._joined
    found: set[int] = set()
    if first is not None:  # (a match ends on the line's first character)
        found.update(_line_indices(joined, (m.end() - 1 for m in first.finditer(joined))))
    for pattern in anywhere:
        found.update(_line_indices(joined, (m.start() for m in pattern.finditer(joined))))
    return sorted(found)


def _line_indices(joined: str, offsets: Iterator[int]) -> Iterator[int]:
    """The index of the line each of ``offsets`` (ascending, each on a character of a line's text
    in ``joined``: see :func:`_lines_with`) is on: the ``\\n`` before it, counted from the last one
    on (a few matches on a page: cheaper than a table of where every line starts)."""
    line, at = -1, 0  # (``joined`` opens on a ``\n``: line 0's text follows one)
    for offset in offsets:
        line += joined.count("\n", at, offset)
        at = offset
        yield line


# ---------------------------------------------------------------- line classification


def _furniture_at(t: str, edge: bool) -> Furniture | None:
    f = parse_furniture(t) or (parse_header(t) if edge else None)
    if f is None and edge and is_page_number(t):
        f = Furniture(kind="page_number", text=t, page=t.strip(" -—–"))
    return f


def _column_name_between(page: _Page, zone: list[int], k: int) -> bool:
    """Is header-zone line ``zone[k]`` a column name (``监督纵横``) printed on a line of its own
    between header lines (extractors that print each text object on its own line split the
    header so): a short phrase, header furniture above it and a header line right below it?"""
    i = zone[k]
    c = page.lines[i].compact
    if k == 0 or k + 1 >= len(zone) or zone[k - 1] not in page.furniture or not 2 <= len(c) <= 8:
        return False
    if not title_like_compact(c) or _CLAUSE_MARKS.search(c):
        return False
    below = page.lines[zone[k + 1]].text
    return _furniture_at(below, edge=True) is not None and not parse_byline(below)


def _spaced_heads(lines: list[Line]) -> frozenset[int]:
    """Line numbers of letter-spaced phrases standing alone between blank lines (``小 区 停 车 难 怎
    么 解 ？``, ``记 者 手 记`` printed twice): a heading or headline set in a tracked face, not a
    justified line of text — a paragraph's line has text above or below it. Read as headings, they
    are not joined to the text after them."""
    out = set()
    n = len(lines)
    # Only letter-spaced lines can be such (picked out at C speed: assemble runs on every page).
    for i in compress(range(n), map(_SPACED_OF, lines)):
        ln = lines[i]
        c = ln.compact
        if len(c) > 12 or _CLAUSE_MARKS.search(c[:-1]) or c[-1] in "，、；：。":
            continue  # (a justified line of text at a column break ends on a clause mark or in a word)
        j, k = i - 1, i + 1
        while j >= 0 and not lines[j].blank and lines[j].compact == ln.compact:
            j -= 1  # the same line printed twice (simulated bold)
        while k < n and not lines[k].blank and lines[k].compact == ln.compact:
            k += 1
        if (j < 0 or lines[j].blank) and k < n and lines[k].blank:
            out.update(x.lineno for x in lines[j + 1 : k])
    return frozenset(out)


# Three lines or more of one glyph each, a blank line or more between them: a phrase set with its
# characters far apart (a boxed note's tracked label, ``背 景 资 料``) that ``pdftotext`` and
# pdfminer.six print a glyph a block. Never on a reading-order page (the sample, the hand-made pages,
# 2,000 synthetic pages, the tools' column pages); on their newspaper pages on 4 in 10.
_GLYPH_STACK = re.compile(
    r"(?:^|(?<=\n))(?:[^\S\n]*[\u3400-\u9fff][^\S\n]*\n(?:[^\S\n]*\n)+){2,}[^\S\n]*[\u3400-\u9fff][^\S\n]*(?=\n|$)"
)


# A glyph line between two blank lines, as the middle glyph of any such run stands: what a page
# is asked first (from a literal blank line: found at C speed, ~4 µs a page).
_GLYPH_AMID_BLANKS = re.compile(r"\n\n[^\S\n]*[\u3400-\u9fff][^\S\n]*\n[^\S\n]*\n")


def _glyph_stacks(text: str) -> frozenset[int]:
    """Line numbers of the glyph lines of :data:`_GLYPH_STACK` runs: read as one heading (not as
    text glued to the paragraph after them)."""
    out: set[int] = set()
    for m in _GLYPH_STACK.finditer(text):
        first = text.count("\n", 0, m.start()) + 1
        for k, ln in enumerate(m.group().split("\n")):
            if ln.strip():
                out.add(first + k)
    return frozenset(out)


def _classify_furniture(page: _Page, edges: bool = True) -> None:
    lines = page.lines
    nonblank = [i for i, ln in enumerate(lines) if not ln.blank]
    # Page header/footer: edge lines that carry a paper name, a date, a page number, an editor
    # (``edges``: the text is a page's, not a story's region of one — whose edges are its text's).
    zone = nonblank[:HEADER_ZONE] if edges else []
    for k, i in enumerate(zone):
        t = despace(lines[i].text).strip() if lines[i].letterspaced else lines[i].text  # (a tracked header)
        f = _furniture_at(t, edge=True)
        if f is None and _column_name_between(page, zone, k):
            f = Furniture(kind="column", text=clean_body(t))
        if f is None or parse_byline(t):
            break
        page.furniture[i] = f
    for i in reversed(nonblank[-FOOTER_ZONE:] if edges else []):
        if i in page.furniture:
            continue
        f = _furniture_at(lines[i].text, edge=True)
        if f is None:
            break
        page.furniture[i] = f
    # Anywhere: editor lines, continuation notes, captions and photo credits.  Only lines that are
    # furniture already or pass parse_furniture's pre-filter need a look, in page order; a caption
    # run found below makes later lines furniture, and they are looked at in turn.
    todo = [*page.furniture, *_lines_with(page, _FURNITURE_FIRST, (_CREDIT_MARK,))]
    todo.sort()
    done = -1
    while todo:
        i = heappop(todo)
        if i <= done:
            continue
        done = i
        f = page.furniture.get(i)
        if f is None:
            f = parse_furniture(lines[i].text)
        if f is None:
            continue
        page.furniture[i] = f
        if f.kind != "caption":
            continue
        own = _credit_only(lines[i].text)
        if own or _credit_end(lines[i].text):
            # The credit closes a caption that may have started a few lines up (after a blank line
            # or a finished sentence).
            j = i - 1
            while j >= 0 and i - j <= 4 and not lines[j].blank and j not in page.furniture:
                own_line = j == i - 1 and own
                if (lines[j].sentence_end and not own_line) or parse_byline(lines[j].text):
                    break
                if not own_line and lines[j].width < lines[j + 1].width - 1.5:
                    break  # a caption's line runs on into the next, filling its measure: a headline
                page.furniture[j] = Furniture(kind="caption", text=clean_printed(lines[j].text))
                j -= 1
        elif not _CREDIT_CLOSE.search(lines[i].compact):
            # A caption start runs on until its credit (at most three more lines); a credit closes
            # its caption, and a byline under it opens a story (text in drawing order prints a
            # story's ``■ 名（地）`` right after the photo it was set under).
            run: list[int] = []
            prev = i
            k = bisect_left(nonblank, i)
            for j in nonblank[k + 1 : k + 4]:
                if j != prev + 1 or parse_byline(lines[j].text):
                    break
                run.append(j)
                prev = j
                if _caption_closed(lines[j].text):
                    for r in run:
                        page.furniture[r] = Furniture(kind="caption", text=clean_printed(lines[r].text))
                        heappush(todo, r)
                    break
    _boxed_notes(page)


# Labels of a boxed note set inside a page (a sidebar beside or under a story): its label, then a
# few lines of text. Not an article — the PDF reader sees the box drawn round them and keeps them
# with the page's furniture; in text the label is what is left of the box.
BOX_LABELS = frozenset(
    (
        "相关链接",
        "数据来源",
        "背景资料",
        "背景链接",
        "延伸阅读",
        "名词解释",
        "知识链接",
        "新闻链接",
        "资料链接",
        "小贴士",
        "小知识",
    )
)
MAX_BOX_LINES = 6
_COMPACT = attrgetter("compact")


def _has_box_label(page: _Page) -> bool:
    """Is a line of the page a box label alone?  (Asked twice of every page: looked for once.)"""
    if page._box_label is None:
        page._box_label = not BOX_LABELS.isdisjoint(map(_COMPACT, page.lines))
    return page._box_label


def _boxed_notes(page: _Page) -> None:
    """A box label over at most ``MAX_BOX_LINES`` lines that end a sentence (no blank between):
    the page's furniture, kind ``box`` (letter-spaced labels too: ``compact`` has no spaces)."""
    lines = page.lines
    if not _has_box_label(page):  # (asked of every page: most have no box)
        return
    for i, ln in enumerate(lines):
        if ln.compact not in BOX_LABELS or i in page.furniture:
            continue
        run: list[int] = []
        for j in range(i + 1, min(len(lines), i + 1 + MAX_BOX_LINES)):
            if lines[j].blank or j in page.furniture:
                break
            run.append(j)
            if lines[j].sentence_end:
                break
        if not run or not lines[run[-1]].sentence_end:
            continue
        run += _box_goes_on(lines, i, run)
        page.furniture[i] = Furniture(kind="box", text=ln.compact)
        for j in run:
            page.furniture[j] = Furniture(kind="box", text=clean_printed(lines[j].text))


def _box_label_in_text(page: _Page) -> int | None:
    """The line number of a box label (``名词解释`` on a line of its own) read as a paragraph's text,
    if any: no running text holds a box's label on a line of its own, so the box it heads (too long
    for :func:`_boxed_notes` to be sure of its end) was read into the story around it."""
    lines = page.lines
    if not _has_box_label(page):
        return None
    for i, ln in enumerate(lines):
        if ln.compact in BOX_LABELS and i not in page.furniture and page.roles.get(i, ("",))[0] == "body":
            return ln.lineno
    return None


def _box_goes_on(lines: list[Line], label: int, run: list[int]) -> list[int]:
    """More sentences of a boxed note: while the lines after its first sentence keep the box's own
    measure — set apart from the text's (half as wide or twice, against the line over the label),
    the next sentence is the box's too, ending within ``MAX_BOX_LINES`` (on a full line of it, or
    on the short last line of its second line or more: a short line alone may be a title's). A box
    set at the text's measure stops at its first sentence (nothing tells its end)."""
    measure = max(lines[j].width for j in run)
    before = next((lines[k].width for k in range(label - 1, -1, -1) if not lines[k].blank), 0.0)
    if not before or 0.67 * measure < before < 1.5 * measure:
        return []
    more: list[int] = []
    j = run[-1] + 1
    while j < len(lines) and len(run) + len(more) < MAX_BOX_LINES and not lines[j].blank:
        full = lines[j].width >= measure - 1.5
        if lines[j].sentence_end and (more or full):  # (a short line alone: a title's, perhaps)
            return [*more, j]
        if not full:
            return []
        more.append(j)
        j += 1
    return []


def _credit_only(text: str) -> bool:
    """A credit on a line of its own: ``（本报记者 X 摄）`` / ``X 摄``."""
    c = compact(text)
    return len(c) <= 16 and bool(re.fullmatch(r"[（(]?[^。，]{1,14}摄[）)]?", c))


def _credit_end(text: str) -> bool:
    return bool(re.search(r"(?:[（(][^（）()]{0,30}摄[）)]|\s摄)$", text.strip()))


def _caption_closed(text: str) -> bool:
    c = compact(text)
    return bool(re.search(r"摄[）)]?$", c)) or c.endswith("）") or c.endswith("。")


def _classify_bylines(page: _Page) -> None:
    # Only lines starting like a byline or holding a closing parenthesis can be a byline, an end
    # credit or a dateline start (see the pre-filters of parse_byline, parse_end_credit and
    # may_continue_dateline): most lines are never looked at.
    for i in _lines_with(page, _BYLINE_FIRST, _CLOSE_PARENS):
        if i in page.furniture or i in page.credit_lines:  # the end of a dateline read above
            continue
        ln = page.lines[i]
        text = _unspaced(ln)
        b = parse_byline(text)
        if b is None:
            # ``（本报记者 X）`` on its own line: under a title it leads the text like any byline;
            # after finished text it closes an article (see :func:`_end_credits`).
            credit = parse_end_credit(text)
            if credit is not None and not credit[1]:
                last = _content_above(page, i)  # a credit closes text above it, or leads text below
                closes = last is not None and (
                    last.sentence_end or last.compact.endswith(("）", ")")) or not _leads_text(page, i)
                )
                if not closes:
                    b = replace(credit[0], style="reporter")
        # A dateline wraps anywhere in a narrow column, also right after its 电, leaving the
        # ``（记者 X）`` that names its authors to open the next line.
        open_dateline = b is not None and not b.authors and b.style in ("dateline", "xun")
        if (b is None or b.rest or open_dateline) and i + 1 < len(page.lines) and may_continue_dateline(text):
            b = _wrapped_dateline(page, i) or b
        if b is not None and b.rest and (i + 1 >= len(page.lines) or page.lines[i + 1].blank):
            # a one-line brief: ``本报讯　…。（记者 X）`` — the credit closing it names the authors
            end = parse_end_credit(b.rest)
            if end is not None and end[1]:
                more = tuple(a for a in end[0].authors if a not in b.authors)
                b = replace(b, authors=b.authors + more, rest=end[1])
        if b is not None and not b.rest and b.style == "reporter":
            b = _wrapped_name(page, i, b)
        if b is not None:
            page.bylines[i] = b


def _unspaced(ln: Line) -> str:
    """A line's text as a byline is read from: a letter-spaced line (a dateline justified across a
    narrow column: ``本 报 讯 （记 者 贾 刚 通 讯 员 朱``) without its spaces."""
    return ln.compact if ln.letterspaced else normalise_spaces(ln.text).strip()


_NAME_END = re.compile("[\u4e00-\u9fff]{1,2}")
_NAME_LINE = re.compile("[\u4e00-\u9fff]{2,3}")  # a Chinese name alone on its line
_ROLE_TAIL = frozenset({"通讯员", "记者", "本报记者", "本报通讯员", "特约记者"})


def _wrapped_name(page: _Page, i: int, b: Byline) -> Byline:
    """A credit wrapped in a narrow column inside its last name (``本报记者 苏春 通讯员 万`` /
    ``军``, ``…通讯员 廖梅`` / ``倩``): the next line, Han characters and nothing else, ends that
    name when the two parts make a name of two or three characters (one of them a lone character:
    no text line is one character, and no name is) and the joined line reads as more names; or
    right after its last role word (``本报记者 马成 通讯员`` / ``龚立冬``), a line of a name's two or
    three characters is that role's name. (The line then carries no text of the story.)"""
    words = page.lines[i].text.split()
    if i + 1 >= len(page.lines) or not words:
        return b
    nxt = page.lines[i + 1].compact
    role_last = words[-1] in _ROLE_TAIL  # ``本报记者 马成 通讯员`` / ``龚立冬``: the last role's name
    if role_last:
        if not _NAME_LINE.fullmatch(nxt):
            return b
    elif (len(words[-1]), len(nxt)) not in ((1, 1), (1, 2), (2, 1)) or not _NAME_END.fullmatch(nxt):
        return b
    if i + 1 in page.bylines or i + 1 in page.furniture:
        return b
    if i + 2 < len(page.lines) and len(page.lines[i + 2].compact) == 1:
        return b  # glyphs a line: a vertical title beside, not a name's end
    joined = parse_byline(page.lines[i].text + (" " if role_last else "") + nxt)
    if joined is None or joined.rest or len("".join(joined.authors)) <= len("".join(b.authors)):
        return b  # (the line adds no characters to the names)
    page.credit_lines[i + 1] = "rest of the byline above"
    return joined


def _content_above(page: _Page, i: int) -> Line | None:
    """The nearest line above line ``i`` that is neither blank nor furniture."""
    j = i - 1
    while j >= 0 and (page.lines[j].blank or j in page.furniture):
        j -= 1
    return page.lines[j] if j >= 0 else None


def _leads_text(page: _Page, i: int) -> bool:
    """Is the nearest line under line ``i`` that is neither blank nor furniture text a credit could
    lead — not another byline (a story's ``（本报记者 X）`` printed over a photo's caption and the
    next story's ``■ 名（地）``: it closed the text above), nor the page's end?"""
    j = i + 1
    while j < len(page.lines) and (page.lines[j].blank or j in page.furniture):
        j += 1
    return j < len(page.lines) and parse_byline(page.lines[j].text) is None


def _wrapped_dateline(page: _Page, i: int) -> Byline | None:
    """A dateline wrapped over two lines, read as one; the second line keeps only the body text
    after the dateline (narrow columns break ``新华社北京3月5日电（记者 X）`` anywhere). Inside the
    credit's parenthesis a blank line between the parts is passed over (PyMuPDF prints a line of
    one space where a spaced name is broken: ``…电（记者`` / `` `` / ``薛`` / ``武）…``)."""
    head = _unspaced(page.lines[i])
    open_paren = head.count("（") + head.count("(") > head.count("）") + head.count(")")
    j = _next_text_line(page, i + 1, blanks=int(open_paren))  # (past a blank: inside the credit only)
    if j is None:
        return None
    second = page.lines[j]
    b = parse_byline(head + normalise_spaces(second.text).strip())
    open_credit = b is not None and b.rest[:1] == "（"
    if b is not None and b.style in ("dateline", "xun") and not b.authors and (open_credit or not b.rest):
        # a very narrow column breaks it twice: ``新华社锦州7`` / ``月11日电（记者`` / ``吴诚）…``,
        # or ``新华社牡丹`` / ``江10月2日电`` / ``（记者刘康）…`` — or three times, inside the
        # credit too: ``新华社鄂尔`` / ``多斯7月4日电`` / ``（记者韦娜`` / ``杰）…``
        read, through, opened, k = head + normalise_spaces(second.text).strip(), [j], open_credit, j
        for _ in range(2):
            if (k := _next_text_line(page, k + 1, blanks=int(opened))) is None:
                break
            line = page.lines[k]
            b3 = parse_byline(read + normalise_spaces(line.text).strip())
            if b3 is not None and b3.authors and len(compact(b3.rest)) < len(line.compact):
                for n in through:
                    page.credit_lines[n] = b3.style
                if compact(b3.rest):
                    page.line_text[k] = b3.rest
                    page.lead_of[k] = i
                else:  # the credit fills the line
                    page.credit_lines[k] = b3.style
                return replace(b3, rest="")
            if b3 is None or b3.authors or not b3.rest.startswith("（") or "）" in b3.rest:
                break  # on past a line only while the credit stays open: the line holds nothing else
            read, opened = read + normalise_spaces(line.text).strip(), True
            through.append(k)
        if open_credit:
            return None
    if b is None or b.style not in ("dateline", "xun"):
        return None
    alone = parse_byline(head)
    if alone is not None and not alone.rest and not b.authors:
        return None  # a whole dateline on its line, and the next line names nobody: it is text
    if len(compact(b.rest)) >= len(second.compact):
        return None  # the dateline did not reach into the second line: nothing was wrapped
    page.line_text[j] = b.rest
    page.lead_of[j] = i
    return replace(b, rest="")


def _next_text_line(page: _Page, j: int, blanks: int) -> int | None:
    """The line at ``j`` or, past at most ``blanks`` blank lines, the next with text; ``None`` at
    the page's end or at furniture."""
    while j < len(page.lines) and page.lines[j].blank and blanks:
        j, blanks = j + 1, blanks - 1
    if j >= len(page.lines) or page.lines[j].blank or j in page.furniture:
        return None
    return j


def _merge_stacked_bylines(page: _Page) -> None:
    """A dateline or ``本报讯`` right under another byline (``本报记者 X`` / blank /
    ``本报讯　近日，…``) opens the same article's text: it is one byline printed in two parts, so
    the names are pooled and the line's remaining text is body."""
    for i in sorted(page.bylines):
        b = page.bylines[i]
        if b.style not in ("dateline", "xun"):
            continue
        j = i - 1
        while j >= 0 and page.lines[j].blank:
            j -= 1
        top = page.bylines.get(j)
        if top is None or top.rest or top.style in ("dateline", "xun"):
            continue
        authors = top.authors + tuple(a for a in b.authors if a not in top.authors)
        page.bylines[j] = replace(top, authors=authors)
        del page.bylines[i]
        if b.rest:
            page.line_text[i] = b.rest
        else:
            page.credit_lines[i] = "second part of the byline above"


def _classify_footnotes(page: _Page) -> None:
    lines = page.lines
    j = 0  # lines before this one are done (a footnote group takes up to five)
    # A line's compact text starts with its (stripped) text's first character: the pre-filter of
    # is_footnote_start, asked of the whole page at once.
    for i in _lines_with(page, _FOOTNOTE_FIRST):
        if i < j or i in page.furniture or i in page.bylines or not is_footnote_start(lines[i].compact):
            continue
        depth = 0
        j = i
        while j < len(lines) and j - i < 5:
            if lines[j].blank:
                if depth <= 0:
                    break
                j += 1
                continue
            page.footnotes[j] = i
            depth += lines[j].compact.count("（") + lines[j].compact.count("(")
            depth -= lines[j].compact.count("）") + lines[j].compact.count(")")
            j += 1
            if depth <= 0:
                break


def _is_content(page: _Page, i: int) -> bool:
    return not page.lines[i].blank and i not in page.furniture


# ---------------------------------------------------------------- title blocks


def marked_head(page: _Page, block: list[int]) -> bool:
    """Does the block carry a headline's marks: a kicker on top (``…——``, not as wide as the column:
    a line of prose may break at a dash, and then fills it) or a subtitle (``——…``) under its first
    line?  No section heading and no line of text carries them; a headline so marked stands where
    it is, whether or not the text above it has ended (drawing order: a story cut short above)."""
    lines = page.lines
    if len(block) < 2:
        return False
    if any(is_subtitle(lines[i].text) for i in block[1:]):
        return True
    w = page.width
    top = lines[block[0]]
    if not is_kicker(top.text):
        # a kicker wrapped onto a second line, its first short of the column too (prose fills it)
        return len(block) >= 3 and top.width < w - 1.0 and _kicker_tail(page, block[0], block[1])
    if not w - 1.0 <= top.width <= w + 1.0:
        return True
    # As wide as the column, yet no prose: no clause mark in it, and the line under it a short
    # phrase with none either (prose broken at a dash goes on across the next line, or ends there
    # on a mark)
    under = lines[block[1]]
    return (
        _CLAUSE_MARKS.search(top.compact) is None
        and _CLAUSE_MARKS.search(under.compact) is None
        and under.width <= w - 2.0
        and title_like_compact(under.compact)
    )


def _wrapped_glyph(page: _Page, i: int, floor: int) -> bool:
    """Is line ``i`` one Han character under a short title-like line: the last of a headline set in
    a narrow box (``让法规条`` / ``文长出牙`` / ``齿``)?  Running text never ends a line so but
    on a sentence end or a clause mark."""
    c = page.lines[i].compact
    if len(c) != 1 or not "\u3400" <= c <= "\u9fff" or i - 1 < floor:
        return False
    above = page.lines[i - 1]
    return (
        _is_content(page, i - 1)
        and title_like_compact(above.compact)
        and (above.width < page.width - 2.0 or _CLAUSE_MARKS.search(above.compact) is None)
    )


def _glyph_ends_headline(page: _Page, i: int, floor: int) -> bool:
    """Is line ``i``, under the lines of a headline, its last character wrapped (see
    :func:`_wrapped_glyph`) — not the first of a vertical title's glyphs, a line each?"""
    above = page.lines[i - 1]
    if is_kicker(above.text) or is_subtitle(above.text) or not _wrapped_glyph(page, i, floor):
        return False
    nxt = page.lines[i + 1].compact if i + 1 < len(page.lines) else ""
    return len(nxt) != 1


def _title_block_before(page: _Page, end: int, floor: int) -> list[int]:
    """Indices of the title block ending just before line ``end`` (not below ``floor``)."""
    block: list[int] = []
    gap_kicker = subtitled = False
    i = end - 1
    limit = _max_title_lines(page)
    while i >= floor and len(block) < limit:
        ln = page.lines[i]
        if ln.blank and block:
            # A title block is contiguous (kicker, title lines, subtitle), except that a blank line
            # may set off a subtitle below the title or a kicker above it.
            only_subtitles = all(is_subtitle(page.lines[k].text) for k in block)
            j = i
            while j >= floor and (page.lines[j].blank or (only_subtitles and j in page.furniture)):
                j -= 1  # (a subtitle alone heads nothing: its title stands above a furniture line too)
            if j >= floor and _is_content(page, j) and (only_subtitles or is_kicker(page.lines[j].text)):
                i = j
                continue
            if not gap_kicker and j >= floor and _set_off_kicker(page, j, block, floor):
                gap_kicker = True
                i = j
                continue
            break
        if i in page.furniture and block and not all(is_subtitle(page.lines[k].text) for k in block):
            break  # (see above)
        if ln.blank or i in page.furniture:
            i -= 1
            continue
        if i in page.bylines or i in page.footnotes:
            break
        if not (
            title_like_compact(ln.compact)
            or is_kicker(ln.text)
            or is_subtitle(ln.text)
            or _wrapped_glyph(page, i, floor)
        ):
            break
        if (
            ln.sentence_end
            and block
            and (
                is_kicker(page.lines[block[-1]].text)
                or (_tail_of_sentence(page, i) and ln.lineno not in page.heading_lines)
            )
        ):
            # a kicker tops its block: a sentence ending above it ends the text before; so does a
            # line ending a sentence begun on the line above it (``何更好回应群众期待？``) — unless
            # set as a heading (letter-spaced alone, or printed bold): no sentence runs into one
            break
        if is_subtitle(ln.text) and not subtitled:
            subtitled = True  # a subtitle and the lines it wraps into do not count as the title's
            limit += len(block) + 1
        block.append(i)
        i -= 1
    block.reverse()
    if block and not _plausible_title(page, block):
        block = _short_foot(page, block)  # (drawing order: text cut short above a narrow headline)
    if not block:
        return []
    # A headline may end on ？ or ！, but so does running text: without a blank line setting it off
    # from the text above, a kicker's dash above it, (a one-line question, not indented) a
    # finished sentence above it, or (after one) lines wrapped by a box well short of the column
    # (``立法如`` / ``何更接`` / ``地气？``: text fills its column), such a line is the end of a
    # paragraph.
    above = block[0] - 1
    if (
        above >= floor
        and _is_content(page, above)
        and page.lines[block[-1]].compact[-1] in "？！?!"
        and not any(is_kicker(page.lines[i].text) for i in block[:-1])
        and not (len(block) == 1 and page.lines[above].sentence_end and page.lines[block[0]].indent < 1.0)
        and not (page.lines[above].sentence_end and _boxed(page, block))
    ):
        return []
    # What precedes the block must have ended: page start, a byline, a footnote or a sentence end.
    j = block[0] - 1
    jumped = False  # a ``（下转第X版）`` note in between: the text above goes on on another page
    while j >= floor and not _is_content(page, j):
        jumped = jumped or _is_jump(page, j)
        j -= 1
    if j >= floor and j not in page.footnotes and j not in page.bylines and not jumped:
        prev = page.lines[j]
        if not prev.sentence_end and not _ends_on_credit(prev) and not marked_head(page, block):
            # Trim to lines clearly set apart from the text above them (a blank line), if any, or
            # (drawing order) to the lines at its foot too short to carry that text on.
            gaps = [k for k in block if page.lines[k - 1].blank] if block else []
            if gaps:
                return [k for k in block if k >= gaps[-1]]
            foot = _short_foot(page, block)
            if (
                not foot
                and end in page.bylines
                and block[-1] == end - 1
                and _CLAUSE_MARKS.search(prev.compact)
            ):
                # Text cut mid-sentence, then a line with no clause mark right over a byline: the
                # story above goes on elsewhere (drawing order), and no text runs into a byline —
                # the line is the headline of the story the byline opens.
                foot = [k for k in block if _CLAUSE_MARKS.search(page.lines[k].compact) is None][-1:]
            return foot
    return block


def _boxed(page: _Page, block: list[int]) -> bool:
    """Are ``block``'s lines a headline wrapped by a box well short of the column (see
    :func:`~pipeline.layout.paragraphs.narrow_box`)?"""
    return (
        len(block) >= 2
        and page.lines[block[0]].width <= page.width - NARROW_BOX
        and narrow_box([page.lines[i].compact for i in block])
    )


NARROW_BOX = 3.0  # cells short of the column, at least, of a headline's box (also storyorder's)


def _short_foot(page: _Page, block: list[int]) -> list[int]:
    """The lines at the foot of a title block over a byline that are all too short to carry on the
    text above them, where that text stops mid-sentence on a column-wide line (a column's lines run
    full until a paragraph ends): a box or a story cut short by the extractor's drawing order, then
    a headline set narrow (``代表履职进`` / ``行时``). Pages with hardly a blank line only."""
    if not page.blankless:
        return []
    k = len(block)
    while k > 0 and page.lines[block[k - 1]].width < page.width - 2.5:
        k -= 1
    if k == len(block):
        return []
    if block[k] == 0:
        return []
    above = page.lines[block[k] - 1]
    if above.blank or above.sentence_end or above.width < page.width - 1.25:
        return []
    return block[k:]


def _is_jump(page: _Page, i: int) -> bool:
    """Is line ``i`` a ``（下转第X版）`` note (the text above it goes on on another page)?"""
    f = page.furniture.get(i)
    return f is not None and f.kind == "continuation" and "上接" not in f.text and "接第" not in f.text


def _ends_on_credit(ln: Line) -> bool:
    """Does the line end on a reporter credit (``（记者 X）``), so the text above it has ended?"""
    return ln.compact.endswith(("）", ")")) and parse_end_credit(ln.text) is not None


def _tail_of_sentence(page: _Page, i: int) -> bool:
    """Does line ``i`` finish a sentence begun on the content line right above it (a line of
    running text: a clause mark in it, or as wide as the column — a letter-spaced line is, by
    its spacing, and a line with curly quotes may be)?"""
    j = i - 1
    if j < 0 or not _is_content(page, j) or j in page.bylines or j in page.footnotes:
        return False
    above = page.lines[j]
    if above.sentence_end or is_kicker(above.text):
        return False
    return (
        above.letterspaced
        or _CLAUSE_MARKS.search(above.compact) is not None
        or above.width >= page.width - 1.25
        # (curly quotes a cell wide, as a Chinese face sets them: whether they are is decided
        # later, from the page's bodies)
        or (above.quoted and measure_width(above.compact, 1.0) >= page.width - 1.25)
    )


def _set_off_kicker(page: _Page, j: int, block: list[int], floor: int) -> bool:
    """Is line ``j``, a blank line above a title with a subtitle, a kicker printed without a dash?

    A three-tier headline (kicker / title / ——subtitle) is often printed with the kicker in a
    smaller face, which the text layer shows as a short phrase set apart by blank lines on both
    sides.  Without the subtitle, or above the page's first headline, such a phrase is as likely a
    column label, so both are required.
    """
    ln = page.lines[j]
    if not _is_content(page, j) or j in page.bylines or j in page.footnotes or j in page.credit_lines:
        return False
    if (
        not title_like_compact(ln.compact)
        or ln.indent >= 1.0
        or (page.width and ln.width > page.width - 2.75)
    ):
        return False
    stack = [page.lines[k] for k in block]
    if not any(is_subtitle(x.text) for x in stack) or all(is_subtitle(x.text) for x in stack):
        return False
    if any(is_kicker(x.text) for x in stack):
        return False  # the stack has its kicker already: this is a label above it
    # Only below other text: above the page's first headline a lone phrase is a column label.
    if not any(_is_content(page, k) for k in range(floor, j)):
        return False
    return page.lines[j - 1].blank or (j - 1) in page.furniture


def _runs_on_from_indent(page: _Page, i: int) -> bool:
    """Is line ``i`` a paragraph's indented first line running on into the next line?

    A first-line indent (one to about three cells) followed directly by an unindented line is how a
    paragraph starts; a headline is not indented like that (a centred one has a wider lead)."""
    first = page.lines[i]
    nxt = i + 1
    if not 1.0 <= first.indent <= 3.0 or nxt >= len(page.lines) or not _is_content(page, nxt):
        return False
    return page.lines[nxt].indent < 1.0 and not is_subtitle(page.lines[nxt].text)


def _opens_paragraph(page: _Page, i: int) -> bool:
    """Is line ``i`` the indented first line of a paragraph that runs on (it fills the column with
    its indent, a column break may follow it)?"""
    ln = page.lines[i]
    return (
        1.0 <= ln.indent <= 3.0
        and _is_content(page, i)
        and not ln.sentence_end
        and ln.indent + ln.width >= page.width - 1.5
    )


def _plausible_title(page: _Page, block: list[int]) -> bool:
    """A title is made of phrases, not of wrapped sentences: no ``。`` inside, and no clause mark in
    two or more body-width lines (that is the end of a paragraph that happens to close on ``？``)."""
    lines = [page.lines[i] for i in block]
    if any("。" in ln.compact for ln in lines):
        return False
    units = _title_units(page, block) if any("—" in ln.compact for ln in lines) else ()
    if len(units) > 1:  # two headlines, one after the other (a kicker or subtitle between): each
        return all(_plausible_title(page, u) for u in units)
    width = page.width
    main = [ln for ln in lines if not is_kicker(ln.text) and not is_subtitle(ln.text)]
    full = [ln for ln in main if ln.width >= width - 1.25]
    if len(full) < 2 or width <= 0:
        return True
    # Column-wide lines may still be a headline (in larger type across several columns, or two
    # headlines stacked in drawing order), unless they read like running text: a clause mark in
    # them, or an indented first line.
    punctuated = any(ch in ln.compact for ln in main for ch in "，、：；")
    return not (punctuated or main[0].indent >= 1.0)


COLUMN_NAME_MOST = 8  # cells of a column name (``人大代表风采录``); a line longer is a headline's


def _is_label(page: _Page, idx: list[int], most: float = 12) -> bool:
    """One or two short title-like lines (at most ``most`` cells) standing alone (a column name
    such as a section label; a kicker's or subtitle's dash marks a headline instead)."""
    lines = [page.lines[i] for i in idx]
    return 0 < len(lines) <= 2 and all(
        title_like_compact(ln.compact)
        and ln.width <= most
        and not is_kicker(ln.text)
        and not is_subtitle(ln.text)
        for ln in lines
    )


_COMPACT_OF = attrgetter("compact")
_WIDTH_OF = attrgetter("width")
_SPACED_OF = attrgetter("letterspaced")
_NOT_HAN = re.compile(r"[^\u3400-\u9fff]")


def _bigrams(text: str) -> set[str]:
    t = _NOT_HAN.sub("", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def _overlap(tg: set[str], body_han: str) -> float:
    """Share of a title's Han bigrams ``tg`` found in a body, given as its Han text only."""
    if not tg:
        return 0.0
    # = len(tg & _bigrams(body)): a bigram of the body is a 2-character substring of its Han text,
    # so a substring search per title bigram replaces building the body's (large) bigram set.
    return sum(map(body_han.__contains__, tg)) / len(tg)


def _text_of(page: _Page, idx: list[int]) -> str:
    return "".join(page.lines[i].compact for i in idx if _is_content(page, i))


class _HanText:
    """The Han text of the page's content lines over a range of lines, each range cleaned once
    (the body after one title block is the body before the next)."""

    def __init__(self, page: _Page) -> None:
        # A blank line's compact text is "" already: only the (few) furniture lines need blanking.
        self.texts = list(map(_COMPACT_OF, page.lines))
        for i in page.furniture:
            self.texts[i] = ""
        self.cache: dict[tuple[int, int], str] = {}

    def __call__(self, start: int, end: int) -> str:
        """= _NOT_HAN.sub("", _text_of(page, range(start, end)))"""
        han = self.cache.get((start, end))
        if han is None:
            han = self.cache[start, end] = _NOT_HAN.sub("", "".join(self.texts[start:end]))
        return han


MAX_VOTES = 2  # what the word-overlap votes of the blocks between articles add up to at most


def _decide_title_first(page: _Page, order: list[int], blocks: dict[int, list[int]], tail: list[int]) -> bool:
    """Title-first (True) or title-last (False) for this page; see the module docstring.

    Where the page starts and ends is strong evidence (±3/±2); word overlap between a title block
    and the articles on either side of it is weaker (±1 per clear block, at most ±2 in all), since
    a headline need not repeat its article's words.

    Text in drawing order (hardly a blank line: PyMuPDF, pypdf) lists a title set above its story
    before it and one set under it (or vertically beside it) after it, both on one page. Where such
    a page opens on a headline (over its first byline, no column name; or over a text with no
    byline at its head) and ends on a headline after its last text, the ends disagree and the last
    story's headline set under it says little of the others: the page is read title-first, as most
    titles stand over their stories, and flagged.
    """
    first = _evidence_title_first(page, order, blocks, tail)
    if first or not page.blankless or not tail:
        return first
    head = blocks.get(order[0])
    lead = [i for i in range(order[0]) if _is_content(page, i)]
    if (head and not _is_label(page, head, COLUMN_NAME_MOST)) or (
        not head and lead and _opens_titled(page, lead)
    ):
        page.titles_first_unsure = True  # a headline on top, another after the last text
        return True
    return False


def _evidence_title_first(
    page: _Page, order: list[int], blocks: dict[int, list[int]], tail: list[int]
) -> bool:
    """Do the page's ends and the word overlaps argue title-first?"""
    score = 0.0
    first = order[0]
    lead = [i for i in range(first) if _is_content(page, i)]
    if blocks.get(first):
        # A lone short line on top may be a column label rather than a headline.
        strong = len(lead) == len(blocks[first]) and not (tail and _is_label(page, blocks[first]))
        score += 3 if strong else 1
        if (
            tail
            and len(lead) == len(blocks[first])
            and not strong
            and not _is_label(page, blocks[first], COLUMN_NAME_MOST)
        ):
            # a headline over the first story and another after the last (a column name is a
            # word or two): drawing order, some titles before their texts and others after
            page.titles_both_ends = True
    elif not lead:
        score -= 2
    if lead and not (blocks.get(first) and blocks[first][0] == lead[0]) and _opens_titled(page, lead):
        # the page opens on a headline over text signed at its end (a credit): title-first too
        score += 2
        page.titles_both_ends = page.titles_both_ends or bool(tail)
    if tail:
        score -= 3
    else:
        last = next((i for i in reversed(range(len(page.lines))) if _is_content(page, i)), None)
        if last is not None and (last in page.footnotes or page.lines[last].sentence_end):
            score += 1
    if score >= MAX_VOTES or score < -MAX_VOTES:
        return score >= 0  # the votes cannot tip the score: the word overlaps need not be measured
    votes = 0
    han = _HanText(page)
    for k in range(1, len(order)):
        blk = blocks.get(order[k])
        if not blk:
            continue
        title = _text_of(page, blk)
        if k + 1 < len(order):
            nb = blocks.get(order[k + 1])
            nxt_end = nb[0] if nb else order[k + 1]
        else:
            nxt_end = tail[0] if tail else len(page.lines)
        tg = _bigrams(title)
        d = _overlap(tg, han(order[k] + 1, nxt_end)) - _overlap(tg, han(order[k - 1] + 1, blk[0]))
        if abs(d) >= 0.25:
            votes += 1 if d > 0 else -1
    score += max(-MAX_VOTES, min(MAX_VOTES, votes))
    return score >= 0


def _opens_titled(page: _Page, lead: list[int]) -> bool:
    """Do the lines before the first byline open on a headline (not a column name) over prose?"""
    head = _lead_title(page, lead)
    return (
        bool(head)
        # (not a paragraph's first line: no clause mark before a line's end — a headline may end on ？)
        and not _runs_on(page, head)
        and not _is_label(page, head, COLUMN_NAME_MOST)
        and any(_is_prose(page, i) for i in lead[len(head) :])
    )


def _tail_block(page: _Page, floor: int) -> list[int]:
    """A title block closing the page after the last article's text (title-last layout)."""
    last = len(page.lines) - 1  # the last content line (found from the end: no list of them all)
    while last >= floor and not _is_content(page, last):
        last -= 1
    if last < floor:
        return []
    blk = _title_block_before(page, last + 1, floor)
    if not blk:
        return []
    # some text (a content line that is not a byline) between ``floor`` and the block
    body = any(_is_content(page, i) and i not in page.bylines for i in range(floor, blk[0]))
    return blk if body else []


def _runs_into_prose(page: _Page, i: int) -> bool:
    """Is line ``i`` as wide as the column, without a sentence end, and the line after it running
    text (a clause mark in it)?  Then it is running text too: a sentence going on."""
    ln = page.lines[i]
    if ln.sentence_end or ln.width < page.width - 2.0 or i + 1 >= len(page.lines):
        return False
    nxt = page.lines[i + 1]
    return _is_content(page, i + 1) and _CLAUSE_MARKS.search(nxt.compact) is not None


INDENT_SHORT = (1.5, 3.0)  # cells a paragraph's first line, its indent dropped, stops short of the next


def _indent_short(page: _Page, i: int) -> bool:
    """Does line ``i`` stop an indent short of the line under it (the line under it being the full measure)?"""
    if i + 1 >= len(page.lines):
        return False
    ln, nxt = page.lines[i], page.lines[i + 1]
    return nxt.width - INDENT_SHORT[1] <= ln.width <= nxt.width - INDENT_SHORT[0]


def _indent_dropped(page: _Page, i: int) -> bool:
    """Is line ``i`` a paragraph's first line, its indent dropped (PyMuPDF, pypdf): an indent short
    of the line under it, which is running text (``，`` or ``、`` in it, or in the next line under a
    full one), a word or a quotation running on into it (``持续擦亮“有事好商`` / ``量”名片，围绕…``)?
    Measured against the line under it, not the page's widest column: a story may be set in a
    narrower one."""
    if page.lines[i].sentence_end or not _indent_short(page, i):
        return False
    ln, nxt = page.lines[i], page.lines[i + 1]
    if not (_is_content(page, i + 1) and _running_under(page, i + 1)):
        return False
    from pipeline.extract.tokenize import word_across

    return _quote_across(ln.compact, nxt.compact) or word_across(ln.compact, nxt.compact)


def _quote_across(left: str, right: str) -> bool:
    """Does a quotation opened in ``left`` close in ``right`` (``持续擦亮“民生微`` / ``实事”名片``)?"""
    if left.count("“") <= left.count("”"):
        return False
    close, opening = right.find("”"), right.find("“")
    return close >= 0 and (opening < 0 or close < opening)


def _running_under(page: _Page, j: int) -> bool:
    """Is line ``j`` running text: a pause mark in it, or (as wide as the column) in the line under it?"""
    if _PAUSE_MARKS.search(page.lines[j].compact) is not None:
        return True
    k = j + 1
    return (
        page.lines[j].width >= page.width - 1.0
        and k < len(page.lines)
        and _is_content(page, k)
        and _PAUSE_MARKS.search(page.lines[k].compact) is not None
    )


def _subtitle_wrap(page: _Page, ln: Line) -> bool:
    """May ``ln``, right under a subtitle, be a line it wraps onto: no clause mark, narrower than
    the column (running text fills it)?"""
    return bool(ln.compact) and _CLAUSE_MARKS.search(ln.compact) is None and ln.width < page.width - 2.0


def _lead_title(page: _Page, idx: list[int], wide: bool = False) -> list[int]:
    """A title block at the top of a byline-less run of lines, if text follows it.

    The block is contiguous title-like lines; it is not taken when its lines are all as wide as the
    text below (that is text whose first line happens to lack punctuation) or when nothing follows.
    ``wide``: where no text can be going on (after a jump note), a block as wide as the text is
    taken too, if it holds no clause mark and no word of the tokenizer runs from it into the text
    (a sentence wrapped).
    """
    blk: list[int] = []
    opened = False
    wraps: int | None = None  # lines a subtitle in the block may still wrap onto
    for i in idx:
        ln = page.lines[i]
        if ln.blank or i in page.furniture:
            if blk and not all(is_kicker(page.lines[k].text) for k in blk):
                break  # (a blank line may set a kicker off above its title: the block goes on)
            continue
        if len(blk) >= _max_title_lines(page) - 1 or i in page.footnotes:
            break
        if not (title_like_compact(ln.compact) or is_kicker(ln.text) or is_subtitle(ln.text)):
            if blk and blk[-1] == i - 1 and _glyph_ends_headline(page, i, idx[0]):
                blk.append(i)  # the last character of a headline wrapped in a narrow box
            break
        if _runs_on_from_indent(page, i):
            break  # a paragraph's first line: the text has begun
        if _indent_dropped(page, i):
            opened = bool(blk)  # (its indent dropped: over it, the block is no text's first line)
            break
        if blk and _runs_into_prose(page, i):
            # a paragraph's first line, its indent dropped (PyMuPDF, pypdf): the text has begun;
            # an indent short of the line under it, it is surely no paragraph's second line
            opened = _indent_short(page, i)
            break
        if wraps is not None:
            # under a subtitle, only the lines it wraps onto (no clause mark, short of the column)
            if not wraps or not _subtitle_wrap(page, ln):
                # … or the next story's head, right under it (drawing order: a title set under its
                # text, then one set over the next text): one block, handed out by rebalance_titles
                more = _lead_title(page, [k for k in idx if k >= i], wide)
                if more and more[0] == i:
                    blk.extend(more)
                    return blk
                break
            wraps -= 1
        elif is_subtitle(ln.text):
            wraps = 2  # a subtitle ends its head
        blk.append(i)
    rest = [i for i in idx if _is_content(page, i) and i > (blk[-1] if blk else -1)]
    if not blk or not rest or not _plausible_title(page, blk):
        return []
    from pipeline.extract.tokenize import word_across

    last, first = page.lines[blk[-1]].compact, page.lines[rest[0]]
    if (
        _runs_on(page, blk[-1:])
        and first.lineno not in page.heading_lines  # (a heading wrapped on: another reader knows)
        and word_across(last, first.compact)
    ):
        # a clause mark amid the block's last line and a word running on from it into the text:
        # a paragraph's first line, its indent dropped (为此，区人大常 / 委会推进), not a headline
        return []
    if opened:
        return blk  # (the text's first line is under the block: the block is no text, however wide)
    width = column_width([page.lines[i] for i in rest])
    if all(page.lines[i].width >= width - 1.25 for i in blk) and (
        (any(page.lines[i].width <= width + 1.0 for i in blk) and not _set_wider(page, blk, width, len(rest)))
        or _CREDIT_LED.match(page.lines[blk[0]].compact)
    ):
        if not wide or _CREDIT_LED.match(page.lines[blk[0]].compact) or _runs_on(page, blk):
            return []  # as wide as the text (a line wider is set in another measure: a headline's)
        if word_across(last, first.compact):
            return []  # a sentence wrapped: text
    return blk


SURE_WIDTH_LINES = 8  # lines of text under a block that measure their column surely (see _set_wider)


def _set_wider(page: _Page, blk: list[int], width: float, under: int) -> bool:
    """Does a line of ``blk`` overrun a column ``width`` cells wide by a glyph?  Only one of wide
    glyphs alone and no clause mark: ``人大代表助力就业创业`` over a column of 8 (or
    ``小切口立法解决大问题`` over one of 9) is a headline across columns (the widths of quotes, Latin
    letters and digits are not in the text). Measured on ``under`` lines, a column's width is sure
    from eight on (justified lines fill it); on fewer, a glyph wider may be the longest of a few
    ragged lines, and only a wider line counts."""
    least = width + (1.0 if under >= SURE_WIDTH_LINES else 1.5)
    return any(
        page.lines[i].width >= least and _NOT_HAN.search(page.lines[i].compact.rstrip("？！")) is None
        for i in blk
    )


# A reporter credit whose names the extractor ran together (``本报记者胡泽梅段洋洋``): no headline.
_CREDIT_LED = re.compile(r"(?:本报|本刊|新华社|中新社)?(?:特约|实习)?(?:记者|通讯员)(?!手记)")


# ---------------------------------------------------------------- assembly


def _split_title(page: _Page, idx: list[int]) -> tuple[str | None, str | None, str | None, dict[int, str]]:
    """(kicker, title, subtitle, role per line) of a title block."""
    content = [i for i in idx if _is_content(page, i)]
    roles: dict[int, str] = {}
    kick = [i for i in content[:2] if is_kicker(page.lines[i].text)]
    kick = kick[:1] if kick and kick[0] == content[0] else []
    wrapped_kick = not kick and len(content) >= 3 and _kicker_tail(page, content[0], content[1])
    if wrapped_kick:
        kick = content[:2]  # a kicker wrapped onto a second line
    if not kick and len(content) >= 3 and content[1] - content[0] > 1:
        # a short phrase set apart by a blank line above a title and its subtitle: a kicker
        lower = [page.lines[i].text for i in content[1:]]
        if not is_subtitle(lower[0]) and any(is_subtitle(t) for t in lower):
            kick = content[:1]
    if not kick and len(content) >= 2:
        kick = _dashless_kicker(page, content)
    rest = [i for i in content if i not in kick]
    sub: list[int] = []
    for pos, i in enumerate(rest):
        if pos > 0 and is_subtitle(page.lines[i].text):
            sub = rest[pos:]
            break
    main = [i for i in rest if i not in sub]
    if not main and sub:
        main, sub = sub, []
    for i in kick:
        roles[i] = "kicker"
    for i in main:
        roles[i] = "title"
    for i in sub:
        roles[i] = "subtitle"
    if wrapped_kick:  # (one phrase broken where the column ends: no space between)
        kicker = join_wrapped(*(clean_heading(page.lines[i].text) for i in kick))
    else:
        kicker = join_heading([page.lines[i] for i in kick]) if kick else None
    title = join_heading([page.lines[i] for i in main]) if main else None
    subtitle = join_heading([page.lines[i] for i in sub]) if sub else None
    return kicker or None, title or None, subtitle or None, roles


KICKER_TAIL = 3  # a kicker line with at most this many characters before its dash (more if a word runs in) …
KICKER_HEAD = 4  # … under an unpunctuated line at least this long: one kicker wrapped


def _kicker_tail(page: _Page, above: int, i: int) -> bool:
    """Is line ``i`` (``织法——``) the end of a kicker wrapped from line ``above`` right over it
    (``深入学习贯彻地方组``), not a short kicker of its own under another headline (``汉中——``:
    a place, or a county or district without its suffix, is a kicker by itself; the names are the
    gazetteer's, loaded on the first ask)?"""
    if above != i - 1 or not is_kicker(page.lines[i].text):
        return False
    head, tail = page.lines[above].compact, page.lines[i].compact.rstrip("—")
    if not (
        tail
        and len(head) >= KICKER_HEAD
        and title_like_compact(head)
        and not is_kicker(head)
        and not is_subtitle(head)
        and _CLAUSE_MARKS.search(head) is None
    ):
        return False
    if len(tail) > KICKER_TAIL:
        # a longer tail is a kicker of its own, unless a word runs on into it from the line above
        from pipeline.extract.tokenize import word_across

        if not word_across(head, tail):
            return False
    if len(tail) == 1:
        return True  # no kicker is one character
    from pipeline.extract.gazetteer import lookup  # (a layout rule asks for it seldom)

    return not any(lookup(tail + suffix) for suffix in ("", "市", "区", "县"))  # (涪陵区: 涪陵——)


# A line ending on one of these reads on into the next: a headline broken there, not a kicker.
_READS_ON = frozenset("的之和与及或在对为把将让从向给被于以“‘《（(")


def _dashless_kicker(page: _Page, content: list[int]) -> list[int]:
    """The top line of a stacked title block when it is a kicker printed without a dash.

    Read as such only on evidence that it is set apart from the title below it: the title is
    letter-spaced (a larger face tracked out) and the top line is not — a headline wrapped and
    justified would space its first line, not its last; or it is a shorter phrase above a parallel
    pair of title lines (two lines of the same length, as couplet-style headlines are set).  A short
    top line over a single title line could as well be a headline broken in two: left alone.
    """
    top = page.lines[content[0]]
    if is_subtitle(top.text) or top.compact[-1] in _READS_ON:
        return []
    below = [page.lines[i] for i in content[1:] if not is_subtitle(page.lines[i].text)]
    if not below or len(below) > 2:
        return []
    if not top.letterspaced and all(x.letterspaced for x in below):
        return content[:1]
    if len(below) == 2 and len(content) == 3:
        a, b = len(below[0].compact), len(below[1].compact)
        if a == b >= 7 and len(top.compact) <= a - 2:
            return content[:1]
    return []


def _body_lines(page: _Page, art: _Article, skip: set[int]) -> list[Line]:
    """The article's body lines, blank lines kept; an inline dateline's text leads them, and an
    inline ``（下转第X版）`` is moved to the page furniture.  ``skip``: the page's furniture, footnote
    and credit lines (the same for every article)."""
    out: list[Line] = []
    for i in art.body_idx:
        if i in skip:
            continue
        ln = page.lines[i]
        if i in page.line_text:
            t = page.line_text[i]
            # the lead paragraph opens where its wrapped dateline does: indented as that line, its
            # text after the dateline is no heading however short it is left
            indent = max(ln.indent, page.lines[page.lead_of[i]].indent) if i in page.lead_of else ln.indent
            ln = Line(ln.lineno, ln.raw, t, compact(t), ln.width, ln.letterspaced, indent, ln.raw_width)
        if "版" not in ln.text:  # every continuation note names a page (版)
            out.append(ln)
            continue
        kept, note = strip_continuation(ln.text)
        if note:
            page.inline_notes[i] = note
            ln = Line(
                ln.lineno, ln.raw, kept, compact(kept), ln.width, ln.letterspaced, ln.indent, ln.raw_width
            )
        out.append(ln)
    b = art.byline
    if art.byline_idx is not None and b is not None and b.rest:
        ln = page.lines[art.byline_idx]
        # (indented as its line: the lead paragraph opens there, never a heading)
        out.insert(
            0, Line(ln.lineno, ln.raw, b.rest, compact(b.rest), ln.width, False, ln.indent, ln.raw_width)
        )
    return out


def _build(
    page: _Page, art: _Article, index: int, indent: tuple[bool, bool], body: MeasuredBody
) -> LayoutArticle | None:
    """One article from its line indices; ``body`` is :func:`_body_lines` of it, measured (once, by
    :func:`assemble`, which needs it first for the page's style)."""
    lines = page.lines
    kicker, title, subtitle, title_roles = _split_title(page, art.title_idx)
    for i, role in title_roles.items():
        page.roles[i] = (role, index, page.title_note)
    affiliation = None
    footnotes = [i for i in art.body_idx if i in page.footnotes] if page.footnotes else []
    for i in footnotes:
        if i not in page.furniture:
            page.roles[i] = ("footnote", index, "author note")
    # Footnote text (possibly wrapped) → affiliation.
    groups: dict[int, list[int]] = {}
    for i in footnotes:
        groups.setdefault(page.footnotes[i], []).append(i)
    for g in groups.values():
        note = ""
        for i in g:
            note = join_wrapped(note, clean_body(lines[i].text))
        aff = footnote_affiliation(note)
        if aff and affiliation is None:
            affiliation = aff
    b = art.byline
    if art.byline_idx is not None and b is not None:
        page.roles[art.byline_idx] = ("byline", index, b.style)
    if page.credit_lines:
        for i in art.body_idx:
            if i in page.credit_lines:
                page.roles[i] = ("byline", index, page.credit_lines[i])
    blocks: list[Block] = segment_measured(body, indent, page.heading_lines)
    paragraphs: list[LayoutParagraph] = []
    heading = None
    for blk in blocks:
        if blk.kind == "heading":
            heading = blk.text
            for ln in blk.lines:
                page.roles[ln.lineno - 1] = ("heading", index, blk.note)
            continue
        paragraphs.append(LayoutParagraph(blk.text, heading, blk.lines[0].lineno, blk.lines[-1].lineno))
        for k in range(blk.lines[0].lineno, blk.lines[-1].lineno - 1):
            if lines[k].blank:
                page.roles[k] = ("blank", index, "column break inside a paragraph")
        byline_lineno = art.byline_idx + 1 if art.byline_idx is not None else 0
        body_role = ("body", index, "")
        for k, ln in enumerate(blk.lines):
            if ln.lineno == byline_lineno:
                continue
            if k:
                page.roles[ln.lineno - 1] = body_role
            else:
                page.roles[ln.lineno - 1] = (
                    "body",
                    index,
                    "paragraph starts: " + blk.note if blk.note else "paragraph starts",
                )
    if not paragraphs and title is None and b is None:
        return None
    used = [*art.title_idx, *art.body_idx] + ([art.byline_idx] if art.byline_idx is not None else [])
    used = [i for i in used if not lines[i].blank and i not in page.furniture]  # _is_content
    flags = []
    if title is None:
        flags.append("untitled")
    if b is None:
        flags.append("no_byline")
    if not paragraphs:
        flags.append("no_text")
    return LayoutArticle(
        paragraphs=tuple(paragraphs),
        title=title,
        subtitle=subtitle,
        kicker=kicker,
        authors=b.authors if b else (),
        author_region=b.region if b else None,
        author_affiliation=affiliation,
        byline=b.text if b else None,
        flags=tuple(flags),
        line_start=min(used) + 1 if used else 0,
        line_end=max(used) + 1 if used else 0,
    )


def _page_furniture(page: _Page) -> PageFurniture:
    pub = date = pg = col = editor = None
    other: list[str] = []
    for i in sorted(page.furniture):
        f = page.furniture[i]
        pub = pub or f.publication
        date = date or f.date
        pg = pg or f.page
        col = col or f.column
        editor = editor or f.editor
        if (
            f.kind == "caption"
            and i - 1 in page.furniture
            and page.furniture[i - 1].kind == "caption"
            and other
        ):
            other[-1] = join_wrapped(other[-1], f.text)
        elif f.kind == "box" and i - 1 in page.furniture and page.furniture[i - 1].kind == "box" and other:
            label = page.lines[i - 1].compact in BOX_LABELS  # the label stands apart from its text
            other[-1] = f"{other[-1]} {f.text}" if label else join_wrapped(other[-1], f.text)
        elif f.kind in ("caption", "continuation", "source", "box"):
            other.append(f.text)
        elif f.kind == "column":
            col = col or f.text
    other += [page.inline_notes[i] for i in sorted(page.inline_notes)]
    return PageFurniture(publication=pub, date=date, page=pg, column=col, editor=editor, other=tuple(other))


def _without_bylines(page: _Page) -> list[_Article]:
    """No byline at all: the page's text is one article, titled if a title block opens (or, failing
    that, closes) it — unless, on a page that opens on a title, further items follow, each under its
    own title (a page of short news, see :func:`_brief_titles`)."""
    n = len(page.lines)
    content = [i for i in range(n) if _is_content(page, i)]
    if not content:
        return []
    head = _lead_title(page, list(range(n))) or _item_title_at(page, content[0], n)
    if not head:
        tail = _tail_block(page, 0)
        head = tail if tail and tail[0] > content[0] else []
        return [_Article(title_idx=head, body_idx=[i for i in range(n) if i not in head])]
    # Text with every blank line and every indent dropped (PyMuPDF, pypdf) has not that cue to give:
    # the other cues of a new item are asked alone (on a page with no byline at all only). Text
    # that kept its indents would have kept its blank lines too. A blank line only where a column
    # breaks a sentence (``pdftotext`` sets each column apart) sets no item apart either.
    bare = not any(ln.indent >= 1.0 for ln in page.lines) and all(
        _column_break(page, i) for i in range(content[0], content[-1]) if page.lines[i].blank
    )
    titles = [head, *_brief_titles(page, head[-1] + 1, bare=bare)]
    ends = [blk[0] for blk in titles[1:]] + [n]
    arts = [
        _Article(title_idx=blk, body_idx=list(range(blk[-1] + 1, end)))
        for blk, end in zip(titles, ends, strict=True)
    ]
    arts[0].body_idx[:0] = range(head[0])  # blank lines and furniture above the first title
    return arts


_MARKS = frozenset("■□●○◆◇▲△★☆◎※·•▶►【")
# A headline parts its phrases with spaces; a clause mark inside a short line is running text.
_CLAUSE_MARKS = re.compile("[，；：。！？]")
_PAUSE_MARKS = re.compile("[，、；：。！？]")  # (and the enumeration comma: any mark of running text)


def _column_break(page: _Page, i: int) -> bool:
    """Is blank line ``i`` where a column breaks a sentence: the text above it stops inside one (a
    clause mark in its last line, no sentence end)?  Blocks apart end their sentence first."""
    above = _content_above(page, i)
    return (
        above is not None
        and not above.sentence_end
        and _PAUSE_MARKS.search(above.compact, 0, len(above.compact) - 1) is not None
    )


def _brief_titles(page: _Page, start: int, end: int | None = None, bare: bool = False) -> list[list[int]]:
    """Title blocks of further articles on a page without bylines (a page of short news items),
    from line ``start`` on (to ``end``), once the page has opened on a title.

    A section heading inside one article looks much the same, so a block is taken only with every
    cue of a new item: a blank line above it after a finished sentence (an item is a text block of
    its own, and the extractor sets it off; a heading runs on in the same flow) and the shape of
    :func:`_item_title_at`."""
    lines = page.lines
    n = len(lines) if end is None else end
    out: list[list[int]] = []
    i = start
    while i < n:
        if lines[i].blank or i in page.furniture or not (bare or lines[i - 1].blank):
            i += 1
            continue
        prev = _content_above(page, i)
        blk = _item_title_at(page, i, n) if prev is not None and prev.sentence_end else []
        if blk:
            out.append(blk)
            i = blk[-1] + 1
        else:
            i += 1
    return out


def _item_title_at(page: _Page, i: int, n: int) -> list[int]:
    """The title block of a news item starting at line ``i`` (before line ``n``), or ``[]``: one or
    two short title-like lines without a clause mark inside, not numbered or led by a marker (how
    headings are set), not indented like a paragraph start, and followed at once by a paragraph's
    first line that runs on (indented, or — where the extractor dropped the indent — about two cells
    short, under a title shorter still)."""
    lines, width = page.lines, page.width
    blk: list[int] = []
    k = i
    while (
        k < n
        and len(blk) < 2
        and _is_content(page, k)
        and not _runs_on_from_indent(page, k)
        and not (blk and _starts_implicitly(page, k))
    ):
        x = lines[k]
        if (
            not title_like_compact(x.compact)
            or x.indent >= 1.0
            or is_subtitle(x.text)
            or is_kicker(x.text)
            or (width and x.width > width - 2.0)
            or _CLAUSE_MARKS.search(x.compact)
        ):
            break
        blk.append(k)
        k += 1
    if not blk or k >= n:
        return []
    if not _opens_paragraph(page, k):
        # A first line without its indent is itself short: the title must be clearly shorter still.
        first = lines[k].width
        if not _starts_implicitly(page, k) or any(lines[j].width > first - 2.0 for j in blk):
            return []
    c = lines[i].compact
    if starts_enumeration_compact(c) or c[0] in _MARKS or not _plausible_title(page, blk):
        return []
    return blk


def _starts_implicitly(page: _Page, i: int) -> bool:
    """Is line ``i`` a paragraph's first line whose indent the extractor dropped: about two cells
    short of the column, not ending a sentence, and running on (maybe past a column break) into a
    full line?"""
    lines, width = page.lines, page.width
    ln = lines[i]
    if ln.indent >= 1.0 or ln.sentence_end or not width - 3.25 <= ln.width <= width - 1.0:
        return False
    nxt = i + 1
    while nxt < len(lines) and lines[nxt].blank:
        nxt += 1
    return (
        _is_content(page, i)
        and nxt < len(lines)
        and _is_content(page, nxt)
        and (lines[nxt].letterspaced or lines[nxt].width >= width - 1.25)
    )


def _headline_alone(page: _Page, arts: list[_Article]) -> bool:
    """A title block handed to no text (read title-last, a headline above the first byline): a story
    has its headline, so the page's one placement gave some story another's, or none."""
    return any(
        a.title_idx and a.byline_idx is None and not any(_is_content(page, i) for i in a.body_idx)
        for a in arts
    )


def _column_named(page: _Page, blk: list[int]) -> bool:
    """Has the page header named the page's column already, and is ``blk`` two lines?  A column
    name is one phrase: under a header that named the column, two lines over the first byline
    are a headline (the first story's, set above it) and not a second column name."""
    return len(blk) == 2 and any(f.column for f in page.furniture.values() if f.kind == "header")


# A column name (栏目) is a short word: 要闻, 评论, 代表风采.
COLUMN_NAME_CHARS = 4


def _column_atop(page: _Page, blk: list[int]) -> bool:
    """Is the first line of the page's first title block the column name of a page header split
    over lines (each text object on its own line, as PyMuPDF and pypdf print one): right under
    the header's lines, which named no column, a word of at most four Han characters over a title
    of its own (or its kicker)?"""
    if len(blk) < 2 or blk[0] == 0:
        return False
    above = page.furniture.get(blk[0] - 1)
    if above is None or above.kind != "header" or any(f.column for f in page.furniture.values()):
        return False
    c, nxt = page.lines[blk[0]].compact, page.lines[blk[1]]
    return (
        2 <= len(c) <= COLUMN_NAME_CHARS
        and _NOT_HAN.search(c) is None
        and not page.lines[blk[0]].letterspaced
        and not is_subtitle(nxt.text)
        and (len(nxt.compact) > len(c) or is_kicker(nxt.text))
    )


def _label_to_furniture(page: _Page, idx: list[int]) -> None:
    for i in idx:
        page.furniture[i] = Furniture(kind="column", text=clean_body(page.lines[i].text))


def _titles_first(page: _Page, order: list[int], blocks: dict[int, list[int]]) -> list[_Article]:
    """Each title block heads the article whose byline follows it."""
    n = len(page.lines)
    arts: list[_Article] = []
    first_blk = blocks[order[0]]
    lead_end = first_blk[0] if first_blk else order[0]
    lead = [i for i in range(lead_end) if _is_content(page, i)]
    if not lead and _column_atop(page, first_blk):
        _label_to_furniture(page, first_blk[:1])  # the header's column name, on a line of its own
        blocks[order[0]] = first_blk = first_blk[1:]
    if lead and _is_label(page, lead):
        _label_to_furniture(page, lead)  # one or two short lines above the first title: a column name
    elif lead:  # text before the first title: an article continued from elsewhere
        head = _lead_title(page, list(range(lead_end)))
        arts.append(_Article(title_idx=head, body_idx=[i for i in range(lead_end) if i not in head]))
    for k, b in enumerate(order):
        end = n
        if k + 1 < len(order):
            nxt = blocks[order[k + 1]]
            end = nxt[0] if nxt else order[k + 1]
        arts.append(_Article(b, page.bylines[b], blocks[b], list(range(b + 1, end))))
    return arts


def _split_news_items(page: _Page, arts: list[_Article]) -> list[_Article]:
    """On a page of short news, an item led by ``本报讯`` may be followed by items printed without
    one: each, found by its title as on a page without bylines (:func:`_brief_titles`), is an
    article of its own rather than a section of the one above."""
    out: list[_Article] = []
    for art in arts:
        out.append(art)
        b = art.byline
        if b is None or b.style != "xun" or art.byline_idx is None or not art.body_idx:
            continue
        for blk in _brief_titles(page, art.byline_idx + 1, art.body_idx[-1] + 1):
            prev = out[-1]
            body = prev.body_idx
            prev.body_idx = [i for i in body if i < blk[0]]
            out.append(_Article(title_idx=blk, body_idx=[i for i in body if i > blk[-1]]))
    return out


def _titles_last(
    page: _Page, order: list[int], blocks: dict[int, list[int]], tail: list[int]
) -> list[_Article]:
    """Each title block closes the article before it; the last article's title ends the page."""
    n = len(page.lines)
    arts: list[_Article] = []
    first_blk = blocks[order[0]]
    lead = [i for i in range(order[0]) if _is_content(page, i) and i not in first_blk]
    if lead:  # text before the first byline, closed by its own title
        arts.append(
            _Article(title_idx=first_blk, body_idx=[i for i in range(order[0]) if i not in first_blk])
        )
    elif first_blk and _is_label(page, first_blk) and not _column_named(page, first_blk):
        _label_to_furniture(page, first_blk)  # a lone short line above the first byline: a column name
    elif first_blk:
        arts.append(_Article(title_idx=first_blk))
    for k, b in enumerate(order):
        if k + 1 < len(order):
            title_idx = blocks[order[k + 1]]
            end = title_idx[0] if title_idx else order[k + 1]
        else:
            title_idx = tail
            end = tail[0] if tail else n
        arts.append(_Article(b, page.bylines[b], title_idx, list(range(b + 1, end))))
    return arts


def assemble(
    text: str,
    heading_lines: frozenset[int] = frozenset(),
    emphasised: frozenset[int] = frozenset(),
    upright: frozenset[int] = frozenset(),
    edges: bool = True,
    indents: bool = False,
) -> PageLayout:
    """Read one page (see :func:`pipeline.layout.read_page`).

    ``heading_lines``: 1-based line numbers known to be section headings from evidence the text does
    not carry (a PDF's sizes, centring and spacing); every other rule applies as for any page.
    ``emphasised``: lines the text shows were set bold (an extractor printed them twice: simulated
    bold draws a glyph twice) — a headline's, a section heading's, a byline's or the masthead's,
    never running text: one left among a story's text lines is read as a heading.
    ``upright``: lines the extractor printed a glyph a line, repaired into one (vertical type, or
    type spaced wider than a glyph): in a title block such a line is a headline of its own.
    ``edges``: the text's first and last lines may be the page's header and footer (not so of one
    story's region of a PDF page, whose furniture its geometry found: a story's first line ending
    on 报 is no paper's name). ``indents``: the page is known to indent its paragraphs' first lines
    (a PDF page's geometry shows it across its stories: a story of one paragraph or two shows too
    few indents of its own to say so)."""
    page = _Page(
        make_lines(text),
        heading_lines=heading_lines,
        upright=frozenset(k - 1 for k in upright),
        bold=frozenset(k - 1 for k in emphasised),
    )
    page.blankless = hardly_blank(text)
    if not heading_lines:
        page.heading_lines = _spaced_heads(page.lines) | emphasised
        if _GLYPH_AMID_BLANKS.search(text) is not None:
            page.heading_lines |= _glyph_stacks(text)
    page.width = column_width(page.lines)
    _classify_furniture(page, edges)
    _classify_bylines(page)
    _merge_stacked_bylines(page)
    _classify_footnotes(page)
    order = sorted(page.bylines)
    if not order:
        arts = _without_bylines(page)
    else:
        blocks = {
            b: _title_block_before(page, b, (order[k - 1] + 1) if k else 0) for k, b in enumerate(order)
        }
        tail = _tail_block(page, order[-1] + 1)
        if _decide_title_first(page, order, blocks, tail):
            page.title_note = "title block (before its byline)"
            arts = _split_news_items(page, _titles_first(page, order, blocks))
            if tail and not arts[-1].title_idx:
                # a headline after the last text, which has none: set under it (drawing order)
                arts[-1].title_idx = tail
                arts[-1].body_idx = [i for i in arts[-1].body_idx if i < tail[0]]
        else:
            page.title_note = "title block (after its text)"
            arts = _titles_last(page, order, blocks, tail)
    # (imported here: the drawing-order rules build on this module's page model)
    from pipeline.layout.storyorder import (
        cut_at_byline,
        display_in_text,
        head_in_text,
        head_inside_sentence,
        headline_as_text,
        headline_opens_paragraph,
        heads_apart,
        long_title,
        rebalance_titles,
        split_at_marked_heads,
        text_cut_short,
        two_frames,
        two_heads,
        two_subtitles,
        wide_line_in_text,
    )

    arts = _split_at_end_credits(page, arts, _end_credits(page))
    arts = _split_after_author_notes(page, arts)
    arts = _split_after_jumps(page, arts)
    arts = split_at_marked_heads(page, arts)
    arts = rebalance_titles(page, arts)
    # The signs of stories read out of order, the first found in words (for ``baokan inspect``).
    signs = (
        (two_frames, "a story runs from its column's measure into another (a box, or another story)"),
        (heads_apart, "heads listed before their texts: which text is whose is not in the text"),
        (two_heads, "two headlines given to one story"),
        (two_subtitles, "two subtitles (or kickers) given to one story: heads read apart from their texts"),
        (long_title, "a title longer than any headline: the heads of several stories read as one"),
        (_headline_alone, "a headline left with no text to head"),
        (
            cut_at_byline,
            "a story's text stops on a clause mark over another story's byline: it goes on elsewhere",
        ),
        (
            display_in_text,
            "a headline in display type amid a story's text: whose story it opens is not in the text",
        ),
        (
            wide_line_in_text,
            "a line of a headline's measure (wider than the column) amid a story's text: another story's head",
        ),
        (
            head_inside_sentence,
            "headline lines set off by blank lines inside a sentence of a story's text: another story's head",
        ),
    )
    note = next((why + _where(page, arts, sign) for sign, why in signs if sign(page, arts)), None)
    skip = page.furniture.keys() | page.footnotes.keys() | page.credit_lines.keys()
    bodies = [_body_lines(page, art, skip) for art in arts]
    quote = quote_width(bodies)
    measured = [measure_body(body, quote) for body in bodies]  # once here, for both steps below
    indent = (True, False) if indents else infer_style([measured_style_evidence(body) for body in measured])
    built: list[LayoutArticle] = []
    for art, body in zip(arts, measured, strict=True):
        a = _build(page, art, len(built), indent, body)
        if a is not None:
            built.append(a)
    if note is None and head_in_text(page, built):
        note = "a kicker or subtitle (a headline's mark) read as a section heading or a paragraph: another story's head"
    if note is None and headline_as_text(page, built):
        note = "a paragraph ends on lines of headline words with no mark after a finished sentence: a headline read as text"
    if note is None and headline_opens_paragraph(page, built):
        note = "a paragraph opens on a line of headline words, no mark, short of its column: a headline read as text"
    if note is None and text_cut_short(page, built):
        note = (
            "a story stops mid-sentence before the next one's head, no jump note: its text goes on elsewhere"
        )
    if note is None and (label := _box_label_in_text(page)) is not None:
        note = f"a boxed note's label (line {label}) read into a paragraph: the box read into a story's text"
    if note is None and page.two_credits:
        note = "one story signed by two sets of people: two stories run together"
    if note is None and page.titles_first_unsure:
        note = (
            "a headline over the first story and another after the last text (drawing order): titles read"
            " as set before their texts, one set under its text goes to the next story"
        )
    if note is None and page.titles_both_ends:
        note = "a headline over the first story and another after the last text: titles placed before some texts and after others"
    if note is None and page.mixed_titles:
        note = (
            "titles set before some stories' texts and after others' (drawing order): titles handed out again"
        )
    for k, a in enumerate(built):  # blank lines between an article's paragraphs belong to it
        for i in range(max(0, a.line_start - 1), a.line_end):
            if page.lines[i].blank and i not in page.roles:
                page.roles[i] = ("blank", k, "")
    return PageLayout(
        articles=tuple(built),
        lines=_line_roles(page),
        furniture=_page_furniture(page),
        style="reading_order" if note is None else "misordered_blocks",
        style_note=note,
    )


def _where(page: _Page, arts: list[_Article], sign: Callable[[_Page, list[_Article]], bool]) -> str:
    """The lines of the first article a sign holds of by itself (`` (lines a–b)``), if any."""
    for a in arts:
        if sign(page, [a]):
            idx = [i for i in a.title_idx + a.body_idx if not page.lines[i].blank]
            return f" (lines {min(idx) + 1}–{max(idx) + 1})" if idx else ""
    return ""


def _box_starts(page: _Page, idx: list[int]) -> set[int]:
    """First lines of the headlines set in a narrow box (see ``paragraphs.box_start``) among the
    title lines ``idx``: each glyph line with the run of consecutive lines above it."""
    out = set()
    lines = page.lines
    run = 0  # index in idx where the current run of consecutive lines starts
    for p in range(1, len(idx)):
        if idx[p - 1] != idx[p] - 1:
            run = p
        elif (box := box_start([lines[i].compact for i in idx[run : p + 1]])) is not None:
            out.add(idx[run + box])
    return out


def _title_units(page: _Page, idx: list[int]) -> list[list[int]]:
    """A title block cut where one headline ends and the next begins: before a kicker (``…——``)
    that follows title lines, after a subtitle (``——…``) that title lines follow. Lines with no
    such mark between them stay together (a headline may take two or three lines) — but for a
    headline in a narrow box (lines of one length over a last glyph: see ``join_heading``), which
    is one apart from the lines above it, a line printed a glyph a line (vertical type: a
    headline goes on in the direction it runs, never from a column of glyphs into a row), and a
    headline's line printed twice under one printed once or the other way round (one headline's
    lines share its type; a kicker or subtitle, set lighter, may differ)."""
    units: list[list[int]] = []
    cur: list[int] = []
    boxes = _box_starts(page, [i for i in idx if _is_content(page, i)])
    for i in idx:
        if not _is_content(page, i):
            continue
        t = page.lines[i].text
        kicker = is_kicker(t)
        tail = kicker and bool(cur) and _kicker_tail(page, cur[-1], i)  # (asked once: it may look a place up)
        if tail and len(cur) > 1:
            units.append(cur[:-1])  # the kicker's first line is the top of its headline
            cur = cur[-1:]
        elif cur and (
            (kicker and not tail and not all(is_kicker(page.lines[k].text) for k in cur))
            or (is_subtitle(page.lines[cur[-1]].text) and not is_subtitle(t))
            or (i in boxes and not is_kicker(page.lines[cur[-1]].text))
            or (i in page.upright and not all(is_kicker(page.lines[k].text) for k in cur))
            or cur[-1] in page.upright
            or (page.bold and _type_changes(page, cur, i))
        ):
            units.append(cur)
            cur = []
        cur.append(i)
    if cur:
        units.append(cur)
    return units


def _type_changes(page: _Page, cur: list[int], b: int) -> bool:
    """Is title line ``b`` set bold (printed twice) and the headline ``cur`` above it not, or the
    other way round (neither line a kicker nor a subtitle)?

    A glyph alone on a line printed once shows no type (PyMuPDF prints it once, bold or not: a
    narrow headline's last glyph wrapped): the line above it shows the headline's."""
    if _lone_glyph(page, b):
        return False
    a = next((k for k in reversed(cur) if not _lone_glyph(page, k)), cur[-1])
    if (a in page.bold) == (b in page.bold):
        return False
    ta, tb = page.lines[a].text, page.lines[b].text
    return not (is_kicker(ta) or is_kicker(tb) or is_subtitle(ta) or is_subtitle(tb))


def _lone_glyph(page: _Page, i: int) -> bool:
    """Is line ``i`` one glyph, printed once?"""
    return len(page.lines[i].compact) < 2 and i not in page.bold


@dataclass(frozen=True, slots=True)
class _Credit:
    """A reporter credit closing an article, found at one line (maybe wrapped onto the next)."""

    byline: Byline
    before: str  # the line's text before the credit ("" when the credit starts the line)
    spill: tuple[int, ...] = ()  # further lines the credit wrapped onto


def _end_credits(page: _Page) -> dict[int, _Credit]:
    """Reporter credits closing an article (``（记者 X）``), by the line where they start.

    A credit on its own line always ends an article; one after running text only when the article
    visibly ends there (a blank line or the page end follows), since text may not go on after it.
    A credit may wrap: ``…逐一作答。（记`` / ``者 陶 然）`` as the article's last two lines.
    """
    out: dict[int, _Credit] = {}
    lines = page.lines
    taken = page.furniture.keys() | page.bylines.keys() | page.footnotes.keys() | page.credit_lines.keys()

    def usable(i: int) -> bool:
        """Not blank, furniture, a byline, a footnote or a credit already."""
        return not lines[i].blank and i not in taken

    def ends_here(i: int) -> bool:
        return i + 1 >= len(lines) or not _is_content(page, i + 1)

    def after_text(i: int) -> bool:
        """A credit on a line of its own closes text that has ended (under a title it leads one)."""
        j = i - 1
        while j >= 0 and not _is_content(page, j):
            j -= 1
        return j >= 0 and (j in page.footnotes or ends_sentence(page.line_text.get(j, lines[j].text)))

    # A credit ends on a closing parenthesis (see parse_end_credit), in the line's own text or, when
    # it wraps, in the next line's: only lines with one there need looking at, in page order.
    with_paren = _lines_with(page, None, _CLOSE_PARENS)  # (the page searched once, not line by line)
    with_paren += [i for i, t in page.line_text.items() if "）" in t or ")" in t]
    resume = 0  # lines before this one are done (a wrapped credit takes the next line too)
    for i in sorted({j for k in with_paren for j in (k - 1, k) if j >= 0}):
        if i < resume or not usable(i):
            continue
        resume = i + 1
        text = page.line_text.get(i, lines[i].text)
        paren = "）" in text or ")" in text  # a credit ends on one (see parse_end_credit)
        found = parse_end_credit(text) if paren else None
        if found is not None and (ends_here(i) if found[1] else after_text(i) or not _leads_text(page, i)):
            out[i] = _Credit(*found)
        elif (
            i + 1 < len(lines)
            and (paren or "）" in lines[i + 1].text or ")" in lines[i + 1].text)
            and lines[i + 1].width <= 12
            and usable(i + 1)
            and ends_here(i + 1)
        ):
            found = parse_end_credit(text + lines[i + 1].text)
            inside = found is not None and len(compact(found[1])) < len(compact(text))
            if found is not None and inside and (found[1] or after_text(i)):
                out[i] = _Credit(*found, spill=(i + 1,))
                resume = i + 2
    return out


def _split_at_end_credits(page: _Page, arts: list[_Article], credits: dict[int, _Credit]) -> list[_Article]:
    """Close each article at a credit printed after its text; text after the credit (its own title
    block first, if any) is the next article."""
    out: list[_Article] = []
    todo = list(reversed(arts))
    while todo:
        art = todo.pop()
        cut = next((i for i in art.body_idx if i in credits), None)
        if cut is None:
            out.append(art)
            continue
        credit = credits[cut]
        b, before, last = credit.byline, credit.before, max((cut, *credit.spill))
        tail = [i for i in art.body_idx if i > last]
        art.body_idx = [i for i in art.body_idx if i <= last]
        for i in credit.spill:
            page.credit_lines[i] = "byline wrapped from the line above"
        if before:
            page.line_text[cut] = before
        if art.byline is None:
            art.byline = b
            if not before:
                art.byline_idx = cut
                art.body_idx.remove(cut)
        else:
            if art.byline.authors and not set(art.byline.authors) & set(b.authors):
                page.two_credits = True  # one article signed by two sets of people: two stories?
            pooled = art.byline.authors + tuple(a for a in b.authors if a not in art.byline.authors)
            art.byline = replace(art.byline, authors=pooled)
            if not before:
                page.credit_lines[cut] = "credit at the article's end"
        out.append(art)
        if any(_is_content(page, i) for i in tail):
            head = _lead_title(page, tail)
            todo.append(_Article(title_idx=head, body_idx=[i for i in tail if i not in head]))
    return out


def _split_after_author_notes(page: _Page, arts: list[_Article]) -> list[_Article]:
    """Close an article at its author note (``（作者系…）``): the note ends a signed piece, so text
    read after it in the same article (its title block first, if any) is the next story — one with
    no byline, printed after the piece before it (pdfminer.six, drawing order)."""
    if not page.footnotes:
        return arts
    title_last = page.title_note == "title block (after its text)"
    out: list[_Article] = []
    todo = list(reversed(arts))
    while todo:
        art = todo.pop()
        last = max((i for i in art.body_idx if i in page.footnotes), default=None)
        if last is None:
            out.append(art)
            continue
        tail = [i for i in art.body_idx if i > last]
        head = _lead_title(page, tail)
        own: list[int] = []
        if title_last and head:  # the title block after the note is the piece's own (set below it)
            own, last, tail, head = head, head[-1], [i for i in tail if i > head[-1]], []
        if not any(_is_prose(page, i) for i in tail if i not in head):
            out.append(art)  # nothing after the note, or titles only: the piece's end
            continue
        art.body_idx = [i for i in art.body_idx if i <= last and i not in own]
        if own:  # its title set below it; one it had further down is the next story's
            head = [i for i in art.title_idx if i > last]
            art.title_idx = sorted([i for i in art.title_idx if i <= last] + own)
        out.append(art)
        todo.append(_Article(title_idx=head, body_idx=[i for i in tail if i not in head]))
    return out


def _split_after_jumps(page: _Page, arts: list[_Article]) -> list[_Article]:
    """Close an article at a ``（下转第X版）`` note amid its text: the text before the note goes on on
    another page, so the text read after it is another story — one with no byline of its own (a
    byline would have opened it) — under the title block opening it (:func:`_lead_title`), if one
    does, or untitled."""
    jumps = sorted(i for i in page.furniture if _is_jump(page, i))
    if not jumps:
        return arts
    out: list[_Article] = []
    todo = list(reversed(arts))
    while todo:
        art = todo.pop()
        body = art.body_idx
        cut = next((j for j in jumps if body and body[0] < j < body[-1]), None)
        if cut is None:
            out.append(art)
            continue
        tail = [i for i in body if i > cut]
        head = _lead_title(page, tail, wide=True)
        if head and _runs_on(page, head):
            head = []  # a paragraph's first line: the story after the note starts untitled
        if not any(_is_prose(page, i) for i in tail if i not in head and i not in page.footnotes):
            # no text after the note (its story's author note, a headline set under its text?)
            out.append(art)
            continue
        art.body_idx = [i for i in body if i < cut]
        out.append(art)
        todo.append(_Article(title_idx=head, body_idx=[i for i in tail if i not in head]))
    return out


def _runs_on(page: _Page, head: list[int]) -> bool:
    """Do the lines ``head`` read as text rather than a headline: a clause mark inside one of them
    (``内蒙古人大常委会助力中小企业纾困发展，形成了“民生微``)?"""
    return any(_CLAUSE_MARKS.search(c, 0, len(c) - 1) for c in (page.lines[i].compact for i in head))


def _is_prose(page: _Page, i: int) -> bool:
    """A line of running text: a clause mark inside it, or a full stop (a title may end on ？)."""
    c = page.lines[i].compact
    if not _is_content(page, i) or i in page.credit_lines:
        return False
    return _CLAUSE_MARKS.search(c, 0, len(c) - 1) is not None or c.endswith("。")


def _line_roles(page: _Page) -> tuple[LineRole, ...]:
    out: list[LineRole] = []
    append = out.append
    new = tuple.__new__  # = LineRole(*row), without the call (every line of every page gets one)
    furniture, role_of = page.furniture, page.roles.get
    for i, ln in enumerate(page.lines):
        if i in furniture:
            append(new(LineRole, (ln.lineno, ln.raw, "furniture", None, furniture[i].kind)))
        elif (row := role_of(i)) is None:  # (one lookup: most lines have a role)
            if ln.blank:
                append(new(LineRole, (ln.lineno, ln.raw, "blank", None, None)))
            else:
                append(new(LineRole, (ln.lineno, ln.raw, "body", None, "unassigned")))
        elif ln.blank:
            append(new(LineRole, (ln.lineno, ln.raw, "blank", row[1], row[2] or None)))
        else:
            role, art, note = row
            append(new(LineRole, (ln.lineno, ln.raw, role, art, note or None)))
    return tuple(out)
