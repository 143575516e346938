"""Article regions of a PDF page → the text path's articles, with page boxes.

One layout engine: geometry decides what only geometry knows — where an article's region is, which
lines are its title, kicker and subtitle (by size), what is furniture (by position), the column
order, first-line indents and section headings set apart by size or centring.  Each region's body is
then written out as the text path's line model expects it (a blank line at a column break, an
indented first line as two ideographic spaces, a blank line around a heading) and read by
:func:`pipeline.layout.articles.assemble`, whose rules find bylines, footnotes, paragraph ends,
section headings and inline furniture exactly as they do for extracted text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from pipeline.layout.articles import assemble
from pipeline.layout.lines import make_lines
from pipeline.layout.paragraphs import join_heading, join_paragraph
from pipeline.layout.roles import SECTION_NUMBER, is_kicker, parse_byline, strip_continuation
from pipeline.layout.spacing import join_wrapped
from pipeline.pdf.glyphlines import HANG_OPENERS, Box, GLine
from pipeline.pdf.regions import MID_RATIO, Item, PageRegions, Region, block_order, ends_sentence, union_boxes
from pipeline.types import LayoutArticle, LayoutParagraph, PageFurniture, PageLayout

INDENT = "\u3000\u3000"
# Roles a page line can have in ``inspect`` beyond the text path's: geometry's furniture kinds.
_FURNITURE_ROLE = {"header": "furniture", "footer": "furniture", "box": "furniture", "caption": "furniture"}


@dataclass(slots=True)
class _Emitted:
    """The text written for one region: its lines and the page item behind each (None: blank)."""

    lines: list[str]
    origin: list[Item | None]
    block: list[int]  # block (column piece) number of each line, -1 for blank
    headings: set[int] = field(default_factory=set)  # 1-based numbers of the heading lines


def _rounded(box: Box) -> tuple[float, float, float, float]:
    return (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))


_SENTENCE_INSIDE = re.compile("[。！？]")
_PAIRS = (("《", "》"), ("“", "”"), ("（", "）"))


def _is_heading(ln: GLine, bx0: float, bx1: float, size: float) -> bool:
    """Set apart by size, or centred in its column — room on both sides, about equal — and not
    ending a sentence (a one-line paragraph, indented and short, can look centred)."""
    if ln.size >= MID_RATIO * size:
        return True
    left, right = ln.x0 - bx0, bx1 - ln.x1
    if ends_sentence(ln.text) or _SENTENCE_INSIDE.search(ln.text.rstrip()[:-1]):
        return False  # (a heading is a phrase: an indented first line stopping short is not centred)
    if any(ln.text.count(a) > ln.text.count(b) for a, b in _PAIRS):
        # a line leaving a 《》, “” or （） open runs on: an indented first line the line breaking
        # stopped short (``…审议通过《酒泉市传统村落保护条`` / ``例》，…``: no line may open on 例》，)
        return False
    return left >= 0.3 * size and right >= 0.3 * size and abs(left - right) <= 0.6 * size


def _heading_over_first_line(block: list[Item], mid: list[bool], cx0: float, cx1: float, size: float) -> bool:
    """Is every line of the block centred in its column (``mid``) or an indent in from the column's
    left edge ``cx0``, one of them centred: a heading over its paragraph's first line at a column's
    foot (fresh 162713, ``突出民生关切`` read into it)?  The last may be a closing credit set flush
    right at ``cx1`` (``（本报记者 X）``: fresh 162931)."""

    def credit(it: Item) -> bool:
        return it is block[-1] and abs(it.x1 - cx1) <= EDGE_TOLERANCE and it.x0 - cx0 > 2.5 * size

    return any(mid) and all(
        m or size <= it.x0 - cx0 <= 2.5 * size or credit(it) for it, m in zip(block, mid, strict=True)
    )


def _edges(block: list[Item]) -> tuple[float, float]:
    """The left and right edges of a block's column: where most of its lines start and end.

    Not the outermost line ends: a typesetter that hangs punctuation (标点悬挂, optical margins)
    sets an opening quote or bracket starting a line, and a comma or full stop ending one, half
    outside the measure; measured from those, every full line would look inset on both sides —
    centred, like a heading. A block too short to show a most common edge keeps its outermost.
    Where paragraphs are a line or two long, most lines start indented: lines starting an indent
    (1–2.5 em) further left, two at least, show the edge."""
    xs = [it.x0 for it in block]
    left = _edge(xs, min)
    sizes = sorted(it.line.size for it in block if it.line is not None)
    if len(xs) >= 3 and sizes:
        size = sizes[len(sizes) // 2]
        out = [x for x in xs if size <= left - x <= 2.5 * size]
        if (
            len(out) >= 2
            and (edge := _edge(out, min)) < left
            and sum(abs(x - edge) <= EDGE_TOLERANCE for x in out) >= 2
        ):
            left = edge
        elif (
            len(out) == 1 and len(xs) >= 4 and sum(abs(x - left) <= EDGE_TOLERANCE for x in xs) == len(xs) - 1
        ):
            # every line but one starts an indent in: a story of one-line paragraphs (a wide
            # column), the one — its byline, a heading — standing at the edge (wkhtmltopdf 8404)
            left = out[0]
    return left, _edge([it.x1 for it in block], max)


EDGE_TOLERANCE = 1.0  # points: line ends this close together stand at one edge


def _edge(xs: list[float], outermost: Callable[[list[float]], float]) -> float:
    if len(xs) < 3:
        return outermost(xs)
    best, votes = outermost(xs), 1
    for x in xs:
        n = sum(1 for y in xs if abs(y - x) <= EDGE_TOLERANCE)
        if n > votes or (n == votes and outermost([x, best]) == x):
            best, votes = x, n
    return best if votes >= 2 else outermost(xs)


def _phrase(block: list[Item]) -> bool:
    """A short block that reads as a phrase: at most three lines, no sentence end (nor one ending a
    line over the last: Chromium 7206, a paragraph of two lines in the block of the heading under it,
    set nearer it than its own heading over it)."""
    texts = [it.line.text for it in block if it.line is not None]
    if not texts or len(texts) > 3:
        return False
    return not any(ends_sentence(t) for t in texts) and not any("。" in t[:-1] for t in texts)


def _opens_paragraph(block: list[Item]) -> bool:
    """Does the block open on an indented first line (not on a mark no line opens on: a sentence's
    last mark set on a line of its own, spaced out to the column's edge)?"""
    x0 = _edges(block)[0]
    first = block[0].line
    return first is not None and first.x0 - x0 >= 1.2 * first.size and first.text[:1] not in _NO_LINE_START


def _heading_blocks(blocks: list[list[Item]]) -> set[int]:
    """Blocks that together form a section heading: a run of phrase blocks (set apart by space, so
    blocks of their own; three lines at most in all) followed by an indented paragraph start."""
    out: set[int] = set()
    b = 0
    while b < len(blocks):
        if not _phrase(blocks[b]):
            b += 1
            continue
        end = b
        lines = len(blocks[b])
        while end + 1 < len(blocks) and _phrase(blocks[end + 1]) and lines + len(blocks[end + 1]) <= 3:
            end += 1
            lines += len(blocks[end])
        if (
            end + 1 < len(blocks)
            and _opens_paragraph(blocks[end + 1])
            and not _same_row(blocks[end], blocks[end + 1])
        ):
            out.update(range(b, end + 1))
        b = end + 1
    return out


def _same_row(above: list[Item], below: list[Item]) -> bool:
    """Does ``below`` open level with ``above``'s last line, right of it: one line spread in pieces
    (a paragraph's short last line spaced out to the column's measure), no heading over text."""
    a, b = above[-1], below[0]
    return a.line is not None and abs(a.top - b.top) <= 0.3 * a.line.size and b.x0 >= a.x1


def _heading_lead(block: list[Item], size: float) -> int:
    """How many of the block's first lines finish a heading begun in the block above: a line set
    as a heading (by size or centring), or up to two unindented phrase lines right before the
    block's first indented line (a heading wrapped at the column's width)."""
    if len(block) < 2 or block[0].line is None:
        return 0
    bx0, bx1 = _edges(block)
    if _is_heading(block[0].line, bx0, bx1, size) and not _broken_short(block, 0, bx0, bx1, size):
        return 1
    for k, it in enumerate(block[:3]):
        ln = it.line
        if ln is None:
            return 0
        if k and ln.x0 - bx0 >= 1.2 * ln.size:
            return k  # (the indented line's own sentences are the paragraph's: a wide column's hold some)
        if ends_sentence(ln.text) or "。" in ln.text or ln.x0 - bx0 >= 1.2 * ln.size:
            return 0
    return 0


def _heading_lines(
    block: list[Item],
    bx0: float,
    bx1: float,
    size: float,
    whole: bool,
    lead: int,
    opens: bool = False,
    after_sentence: bool = False,
    after: tuple[GLine, float] | None = None,
) -> list[bool]:
    """Which lines of a block are heading lines: the whole block, its first ``lead`` lines, lines set
    as headings (size, centring) — and the unindented phrase line right above such a line, when it
    starts the block or follows a finished sentence (a heading whose first line fills the column).
    ``opens``: the block is the first of its story (no paragraph of it runs on into the block);
    ``after_sentence``: the block before it ends a sentence (a photo or a column's foot between)."""
    if whole:
        return [True] * len(block)
    flags = [
        k < lead
        or (
            len(block) > 1
            and _is_heading(it.line, bx0, bx1, size)
            and not _broken_short(block, k, bx0, bx1, size)
        )
        for k, it in enumerate(block)
    ]
    for k in range(1, len(block)):
        if not flags[k] or flags[k - 1]:
            continue
        prev = block[k - 1].line
        if prev is None or ends_sentence(prev.text) or "。" in prev.text or prev.x0 - bx0 >= 1.2 * prev.size:
            continue
        if k - 1 == 0 or (block[k - 2].line is not None and ends_sentence(block[k - 2].line.text)):
            flags[k - 1] = True
    _emboldened_headings(block, flags)
    # (a heading's last line at the column's foot stops short of the measure; a run of a paragraph
    # cut off from its end there fills it: Typst 11408, ``…共建共治共享格`` over another story)
    tail = block[-1].line
    short = tail is not None and tail.x1 < bx1 - 0.3 * size
    # (or it fills the measure, under a paragraph's last line — a sentence ended short of the edge:
    # no paragraph's run opens flush left there, Typst 13212 ``坚持问题导向，织密监督网，…``)
    over = block[-2].line if len(block) > 1 else None
    short = short or (
        over is not None and ends_sentence(over.text) and over.x1 < bx1 - size and tail is not None
    )
    _headings_over_indents(block, bx0, size, flags, opens, after_sentence, after if short else None)
    return flags


# what a line may not be broken inside: a Latin word, a number
_FIRST_UNIT = re.compile(r"[A-Za-z0-9.%+\-]+|.")
# marks no line may open on (kinsoku; the ellipsis and two-dot leader too — UAX #14's rule LB22,
# no break before them: ``反`` / ``馈……``, WeasyPrint 12007)
_NO_LINE_START = frozenset("，。、；：！？”’）》」』〕】…‥")
_NO_LINE_END = frozenset("“‘（《「『〔【")  # ... nor end on
_QUOTES = frozenset("“”‘’")
_NUMERIC_PREFIXES = frozenset("+$¥£€＋￥")  # (UAX #14 class PR: no break after them before a glyph)


def _broken_short(block: list[Item], k: int, bx0: float, bx1: float, size: float) -> bool:
    """Is line ``k``, centred-looking at the text's ``size``, a paragraph's line the line breaking stopped
    short — the next line, flush left, opening on a unit wider than the room left (a Latin word, a
    number, a glyph with the marks no line may open on: ``…梳理问题清单16`` / ``项，严格…``)?  An
    indented first line stopping short leaves about its indent at its end (WeasyPrint 7224)."""
    ln = block[k].line
    below = block[k + 1].line if k + 1 < len(block) else None
    if (
        ln is None
        or below is None
        or ln.size >= MID_RATIO * size
        or abs(below.x0 - bx0) > 0.5 * ln.size
        or bx1 - ln.x1 < 0.3 * ln.size
    ):
        return False
    head = _FIRST_UNIT.match(below.text)
    if head is None:
        return False
    unit = head.group()
    rest = below.text[len(unit) :]
    grown = True
    while grown:  # (each rule may bring the next into play: ``示：“每`` — 示, ：, then “每)
        before = unit
        while rest[:1] and rest[0] in _QUOTES and (more := _FIRST_UNIT.match(rest, 1)) is not None:
            # no break either side of a curly quote (UAX #14's rule for quotes, which a browser keeps
            # for Chinese too): ``展“履`` is one unit (WeasyPrint 7818)
            unit += rest[0] + more.group()
            rest = rest[1 + len(more.group()) :]
        if unit[-1] in _NUMERIC_PREFIXES and rest:
            # no break between a numeric prefix and the glyph after it (UAX #14's rule LB23a: ``5G+智``)
            unit, rest = unit + rest[0], rest[1:]
        while unit[-1] in _NO_LINE_END and (more := _FIRST_UNIT.match(rest)) is not None:
            # no break after an opening mark (UAX #14's rule LB14): ``《鄂`` is one unit (WeasyPrint
            # 11317: ``全年共举办活动38期，就`` stopped two glyphs short over ``《鄂尔多斯…``)
            unit += more.group()
            rest = rest[len(more.group()) :]
        closers = len(rest) - len(rest.lstrip("".join(_NO_LINE_START)))
        unit, rest = unit + rest[:closers], rest[closers:]
        grown = unit != before
    width = sum(0.5 * below.size if c.isascii() else below.size for c in unit)
    return bx1 - ln.x1 <= width + 0.3 * ln.size


_HEADING_WORDS = re.compile(r"[^，。；：！？,;:!?]+")  # no clause or sentence mark (a numbering's 、 may be)


def _headings_over_indents(
    block: list[Item],
    bx0: float,
    size: float,
    flags: list[bool],
    opens: bool = False,
    after_sentence: bool = False,
    after: tuple[GLine, float] | None = None,
) -> None:
    """Mark a line set flush left between a finished sentence and an indented first line, words
    with no clause mark, a heading's length: a section heading set at the text's size and face
    (Typst sets bold in a face with no bold as the regular: nothing else shows it). Flush left
    under a finished sentence a line carries its paragraph on; but a paragraph does not end on a
    line with no mark at all, so the indented line under it says the paragraph above had ended —
    also where the heading holds clause marks, or wraps (its tail flush left too). ``after``: the
    next block's first line and that block's left edge — a heading at a column's foot has its
    indented first line at the next column's head (Typst 11619: read into the paragraph above)."""

    def under_at(j: int, k: int) -> tuple[GLine | None, float]:
        """The line under line ``j`` (of a heading from line ``k``) and its block's left edge."""
        if j + 1 < len(block):
            return block[j + 1].line, bx0
        # (at the column's foot under text of its column: a block that is all a heading's lines
        # may be a paragraph's run cut off from its end, ``…共建共治共享格`` — Typst 11408)
        return after if after is not None and k > 0 else (None, bx0)

    for k in range(len(block) - (0 if after is not None else 1)):
        ln, (below, below_x0) = block[k].line, under_at(k, k)
        above = block[k - 1].line if k else None  # (the block's first line: a paragraph's start)
        if flags[k] or ln is None or below is None or (k and above is None):
            continue
        if ln.x0 - bx0 >= 0.5 * size:
            continue
        # (the block's first line: over it, the block before, a photo or a column's foot between)
        finished = ends_sentence(above.text) if above is not None else after_sentence
        # right under the story's byline, not a line of it (a name wrapped onto a line of its own is
        # no heading's length): its first section's heading (Typst 7202)
        bylined = (
            above is not None
            and parse_byline(above.text) is not None
            and parse_byline(ln.text) is None
            and len("".join(ln.text.split())) >= 5
        )
        if (
            (finished or bylined)
            and 1.2 * size <= below.x0 - below_x0 <= 3 * size
            # (a jump note set in from the edge is no indented first line: the line over it ends
            # a story cut short, ``…城乡融合发`` / ``（下转第5版）``)
            and strip_continuation(below.text)[1] is None
            and len(ln.text) <= HEADING_CHARS
            and _HEADING_WORDS.fullmatch(ln.text.strip())
        ):
            flags[k] = True
            continue
        # a heading may hold clause marks (``突出民生关切，打通服务群众最后一公里``): it ends on
        # none, and an indented first line follows it (no jump note); over it a finished sentence —
        # or, numbered as a section's (``（一）聚焦主责主业，…``), the story's byline or nothing (the
        # block opens on it) — numbered or not where the block opens the story (Typst 8411: no text of
        # it above to run on) — and it may wrap (``…评估机`` / ``制``: two lines more at most)
        if not (finished or above is None or parse_byline(above.text) is not None):
            continue
        tail = k  # its last line: the one over the first indented line, two further down at most
        while (
            tail < k + 2
            and (tail + 2 < len(block) or (after is not None and tail + 1 < len(block)))
            and block[tail + 1].line is not None
            and block[tail + 1].line.x0 - bx0 < 0.5 * size
        ):
            tail += 1
        under, under_x0 = under_at(tail, k)
        text = "".join(it.line.text.strip() for it in block[k : tail + 1] if it.line is not None)
        numbered = SECTION_NUMBER.match(text) is not None
        if (
            under is not None
            and 1.2 * size <= under.x0 - under_x0 <= 3 * size
            and (numbered or finished or bylined or (opens and above is None and not text.startswith("—")))
            # (a paragraph cut by a jump note ends on no mark either: ``（下转第14版）`` under it)
            and strip_continuation(under.text)[1] is None
            and len(text) <= HEADING_CHARS
            and _NO_MARK_END.search(text)
            # (no sentence ends inside: a question over it is the end of the paragraph above)
            and _SENTENCE_INSIDE.search(text) is None
        ):
            flags[k : tail + 1] = [True] * (tail + 1 - k)


# a heading's last glyph: a word's (or a closing quote after one), no mark
_NO_MARK_END = re.compile(r"[\u3400-\u9fffA-Za-z0-9][”’》」』]?\Z")


HEADING_CHARS = 40  # a section heading's length at most (a bold lead paragraph runs longer)


def _emboldened_headings(block: list[Item], flags: list[bool]) -> None:
    """Mark a run of emboldened lines that ends no sentence, a heading's length, as heading lines:
    a section heading set bold at the text's size, whatever its width (one filling the column is
    no short line). A longer bold run is a bold paragraph (a lead), a bold byline a byline."""
    k = 0
    while k < len(block):
        if not block[k].line.emph:
            k += 1
            continue
        end = k
        while end + 1 < len(block) and block[end + 1].line.emph:
            end += 1
        texts = [it.line.text for it in block[k : end + 1]]
        if (
            sum(map(len, texts)) <= HEADING_CHARS
            and not ends_sentence(texts[-1])
            and not any("。" in t for t in texts)
            and parse_byline(texts[0]) is None
        ):
            flags[k : end + 1] = [True] * (end + 1 - k)
        k = end + 1


_PHRASE = re.compile(r"[^，、；：。！？,;:!?]+")  # no clause or sentence mark: a heading's words


def _measure_mates(block: list[Item], pr: PageRegions) -> list[Item]:
    """The page's other lines set to the block's measure (overlapping most of the shorter of the
    two — a short line shows the column's edge too: wkhtmltopdf 12706, other stories' paragraphs'
    last lines the only lines at it): where the block stands alone in its column in its region — a
    run a flow gave back to the story before, a story of one-line paragraphs all indented — they
    show the column's edge (WeasyPrint 11812: a one-line paragraph at a column's head, indented,
    read into the paragraph before; wkhtmltopdf 11801: three one-line paragraphs read as two)."""
    # (a block of one-line paragraphs: every line ends a sentence — lines running on are a
    # column's, whose edge is its own: set in from the page's grid beside a vertical title, fresh
    # 161408, 97071; a paragraph's last two lines, 161706)
    if not all(it.line is not None and ends_sentence(it.line.text) for it in block):
        return []
    x0, x1 = min(it.x0 for it in block), max(it.x1 for it in block)
    own = {id(it) for it in block}
    return [
        it
        for r in pr.regions
        for it in r.items
        if it.role == "body"
        and it.line is not None
        and not it.line.vertical
        and id(it) not in own
        and min(it.x1, x1) - max(it.x0, x0) > 0.5 * min(it.x1 - it.x0, x1 - x0)
    ]


def _column_of(block: list[Item], blocks: list[list[Item]]) -> list[Item]:
    """The lines of the region's other blocks in ``block``'s column."""
    return [it for other in blocks if other is not block and _same_column(block, other) for it in other]


def _same_column(a: list[Item], b: list[Item]) -> bool:
    ax0, ax1 = min(i.x0 for i in a), max(i.x1 for i in a)
    bx0, bx1 = min(i.x0 for i in b), max(i.x1 for i in b)
    return min(ax1, bx1) - max(ax0, bx0) > 0.5 * min(ax1 - ax0, bx1 - bx0)


def region_blocks(region: Region, pr: PageRegions) -> list[list[Item]]:
    """The body lines of a region, in column blocks in reading order."""
    body = [it for it in region.items if it.role == "body" and it.line is not None]
    return block_order(body, pr) if body else []


def _emit(blocks: list[list[Item]], pr: PageRegions, titled: bool = False) -> _Emitted:
    """The blocks' lines as the text path reads them; ``titled``: the region has its story's title
    (its first block opens the story)."""
    size = pr.body_size
    headings = _heading_blocks(blocks)
    # a phrase block right above a block that opens on the rest of a heading: the heading's start
    lead = {
        b + 1: n
        for b in range(len(blocks) - 1)
        if _phrase(blocks[b]) and (n := _heading_lead(blocks[b + 1], size))
    }
    lead_in = {b - 1 for b in lead}
    headings |= lead_in
    # a block set apart by space in its column that opens on a short unindented phrase right before
    # an indented first line: a heading wrapped at the column's width, then its paragraph
    for b in range(1, len(blocks)):
        if b not in lead and b - 1 not in headings and _same_column(blocks[b - 1], blocks[b]):
            n = _heading_lead(blocks[b], size)
            if n and not _is_heading(blocks[b][0].line, *_edges(blocks[b]), size):
                lead[b] = n
    out = _Emitted([], [], [])

    def put(text: str, item: Item | None, block: int) -> None:
        out.lines.append(text)
        out.origin.append(item)
        out.block.append(block)

    def blank() -> None:
        if out.lines and out.lines[-1] != "":
            put("", None, -1)

    edges = [_edges(block) for block in blocks]  # (once: a block's left edge is asked by the one before)
    for b, block in enumerate(blocks):
        whole = b in headings
        bx0, bx1 = edges[b]
        # a short block of one-line paragraphs shows its indents, not its edge: the column's
        # other blocks may (an edge an indent further left, where a line of the block starts)
        column = _column_of(block, blocks) or _measure_mates(block, pr)
        if column:
            cx0, cx1 = _edges(block + column)
            mid = [
                abs((it.x0 - cx0) - (cx1 - it.x1)) < size < cx1 - it.x1
                and _PHRASE.fullmatch(it.line.text) is not None
                for it in block
            ]
            # (a block with a centred line keeps its own)
            if size <= bx0 - cx0 <= 2.5 * size and not any(mid):
                bx0 = cx0
            elif bx0 - cx0 >= size and (
                all(m for it, m in zip(block, mid, strict=True) if abs(it.x0 - bx0) <= EDGE_TOLERANCE)
                or any(abs(it.x0 - cx0) <= EDGE_TOLERANCE for it in block)
                or _heading_over_first_line(block, mid, cx0, cx1, size)
            ):
                # every line at the block's own left edge is centred in the column: the edges are a
                # heading's ends (a wrapped heading over the first line of its text at a column's foot)
                # — or a line of the block stands at the column's edge: a heading centred so that it
                # starts where first lines are indented, over one (fresh 162114, ``做实代表工作`` over
                # ``推动解决实际问`` in a 10-glyph column), set the block's edge an indent in
                bx0, bx1 = cx0, cx1
        before = blocks[b - 1][-1].line if b else None
        flags = _heading_lines(
            block,
            bx0,
            bx1,
            size,
            whole,
            lead.get(b, 0),
            opens=titled and b == 0,
            after_sentence=before is not None and ends_sentence(before.text),
            after=(blocks[b + 1][0].line, edges[b + 1][0])
            if b + 1 < len(blocks) and blocks[b + 1][0].line is not None
            else None,
        )
        # a heading broken at a column's foot goes on at the next column's head: one heading
        ongoing = bool(out.lines) and len(out.lines) in out.headings and flags[0]
        if b and not (b - 1 in headings and (whole or b - 1 in lead_in)) and not ongoing:
            blank()
        heading_run = whole or (b in lead and b - 1 in lead_in) or ongoing
        for it, heading in zip(block, flags, strict=True):
            ln = it.line
            assert ln is not None
            if heading != heading_run:
                blank()
            heading_run = heading
            indent = not heading and ln.x0 - bx0 >= 1.2 * ln.size
            put((INDENT if indent else "") + ln.text, it, b)
            if heading:
                out.headings.add(len(out.lines))
    return out


def _title_parts(region: Region, pr: PageRegions | None = None) -> tuple[str | None, str | None, str | None]:
    """Kicker, title and subtitle; ``pr``: the page (a title at a column's foot is measured by the
    column's text of other stories, when its own stands in the next column)."""

    def joined(role: str) -> str | None:
        its = [it for it in region.items if it.role == role and it.line is not None]
        if not its:
            return None
        vertical = [it for it in its if it.line.vertical]
        if vertical:  # vertical columns read right to left
            its = sorted(vertical, key=lambda it: -it.x0) + [it for it in its if not it.line.vertical]
        else:
            its = _in_rows(its)
        return join_heading(make_lines("\n".join(_unwrapped(its, own, page_text)))) or None

    def text_of(r: Region) -> list[Item]:
        return [it for it in r.items if it.group is None and it.role == "body" and it.line is not None]

    # measured by its own text, or (a title whose text stands in another column) the page's
    own = text_of(region)

    @functools.cache
    def page_text() -> list[Item]:  # (gathered only when a title's own text is not under it)
        return [it for r in pr.regions for it in text_of(r)] if pr is not None else []

    return joined("kicker"), joined("title"), joined("subtitle")


ROW_SLACK = 0.2  # of the size: tops this close are one row (a quote's glyph box stands a hair higher)


def _in_rows(its: list[Item]) -> list[Item]:
    """Horizontal title lines row by row, each row left to right. Sorted by top alone, a line
    opening on a curly quote's row-mate ``从“纸`` (its top 0.02 pt higher) came before ``行时`` left
    of it on the same row (Typst 14505: ``代表履职进从“纸行时…``)."""
    out: list[Item] = []
    row: list[Item] = []
    for it in sorted(its, key=lambda it: it.top):
        if row and it.top - row[0].top > ROW_SLACK * row[0].line.size:
            out += sorted(row, key=lambda it: it.x0)
            row = []
        row.append(it)
    return out + sorted(row, key=lambda it: it.x0)


def _unwrapped(its: list[Item], own: list[Item], page_text: Callable[[], list[Item]]) -> list[str]:
    """The title's lines, a line wrapped at the edge of its measure joined with the next (the text
    alone cannot tell a wrapped line from a headline's half: ``把联络站建在群`` / ``众家门口``)."""
    out: list[str] = []
    for k, it in enumerate(its):
        assert it.line is not None
        # (a dash alone on a line is the wrapped end of a kicker, never a headline's half)
        if out and (
            not it.line.text.strip().strip("—")
            or _fills_measure(its[k - 1], own, page_text, it.line.text.strip())
        ):
            out[-1] = join_wrapped(out[-1], it.line.text.strip())
        else:
            out.append(it.line.text)
    return out


def _fills_measure(it: Item, own: list[Item], page_text: Callable[[], list[Item]], nxt: str = "") -> bool:
    """Does a horizontal title line fill the width of the text under it (its column or columns) —
    short of it by less than the glyph that did not fit and one pushed down with it (no line may
    open on ，or ”; nor end on “: a glyph and the opening mark after it, ``造“``, go down together,
    short by a glyph more) — and not end a sentence (a headline's half may end on ？ or ！)?
    Measured on the typeset pages' 560 title breaks: 94 % of the lines within a glyph of the edge,
    and 85 % of those 1–1.75 glyphs short, wrapped; the rest broke where the headline's halves meet."""
    assert it.line is not None
    if it.line.vertical or ends_sentence(it.line.text):
        return False

    def under(lines: list[Item]) -> list[Item]:
        return [b for b in lines if not b.line.vertical and min(b.x1, it.x1) - max(b.x0, it.x0) > 0]

    column = under(own)  # its story's lines under it, else the page's
    if len(column) < 2 and len(column := under(page_text())) < 2:
        return False
    width = max(b.x1 for b in column) - min(b.x0 for b in column)
    pair = len(nxt) > 1 and nxt[1] in HANG_OPENERS and not nxt[0].isspace()
    return it.x1 - it.x0 > width - (2.75 if pair else 1.75) * it.line.size


def _stacked_group(items: list[Item]) -> list[Item]:
    """A title group's lines, less a kicker a column broke off — at the foot of the column before,
    under the title's last line (its box would span the columns between)."""
    heads = [it for it in items if it.role == "title"]
    if not heads:
        return items
    low = max(it.bottom for it in heads)
    return [it for it in items if it.role != "kicker" or it.top < low]


def _boxes(em: _Emitted, start: int, end: int) -> tuple[Box, ...]:
    """One box per column piece the text lines ``start..end`` (1-based) stand on."""
    by_block: dict[int, list[Box]] = {}
    for k in range(max(start, 1) - 1, min(end, len(em.lines))):
        item = em.origin[k]
        if item is not None:
            by_block.setdefault(em.block[k], []).append(item.box)
    return tuple(_rounded(union_boxes(bs)) for _, bs in sorted(by_block.items()))


INDENTED_STARTS = 3  # paragraph starts set in across a page that show it indents its paragraphs


def page_indents(blocks: list[list[list[Item]]], size: float) -> bool:
    """Does the page indent its paragraphs' first lines: after a finished sentence stopped short of
    the measure, a line set in 1.2–3 ems from its block's edge, on three of them at least, and more
    often than a line set flush (the text path asks a story's own text, and a story of a paragraph
    or two has too few)? (A sentence ending at the measure ends no paragraph there, as often as
    not: in narrow columns such lines outnumbered the indents — fresh 162602.)"""
    indented = flush = 0
    for region in blocks:
        for block in region:
            if len(block) < 2:
                continue
            x0, x1 = _edges(block)
            for above, it in pairwise(block):
                if above.line is None or it.line is None or not ends_sentence(above.line.text):
                    continue
                if above.x1 > x1 - size:
                    continue
                if 1.2 * size <= it.x0 - x0 <= 3 * size:
                    indented += 1
                elif it.x0 - x0 < 0.5 * size:
                    flush += 1
    return indented >= INDENTED_STARTS and indented > flush


@dataclass(slots=True)
class RegionRead:
    articles: list[LayoutArticle]
    furniture: PageFurniture
    roles: dict[int, tuple[str, int | None, str | None]]  # id(item) → (role, article, note)
    titled: bool = False  # the region's title group: each article's first box is the group's
    unsure: str | None = None  # why the region's one article may hold two stories, if it may


def read_region(
    region: Region,
    blocks: list[list[Item]],
    pr: PageRegions,
    lineno: dict[int, int],
    first_article: int,
    indents: bool = False,
) -> RegionRead:
    """The articles of one region (one when it has a title group), line numbers of the page;
    ``blocks``: its body in reading order (:func:`region_blocks`); ``indents``: the page indents its
    paragraphs' first lines (:func:`page_indents`)."""
    kicker, title, subtitle = _title_parts(region, pr)
    roles: dict[int, tuple[str, int | None, str | None]] = {}
    unsure: str | None = None
    em = _emit(blocks, pr, titled=title is not None) if blocks else _Emitted([], [], [])
    layout = (
        assemble("\n".join(em.lines), frozenset(em.headings), edges=False, indents=indents)
        if em.lines
        else PageLayout(articles=())
    )

    def page_line(k: int) -> int:  # text line (1-based) → page line number
        item = em.origin[k - 1] if 0 < k <= len(em.origin) else None
        return lineno[id(item)] if item is not None else 0

    def span(start: int, end: int) -> tuple[int, int]:
        nums = [page_line(k) for k in range(start, end + 1) if page_line(k)]
        return (min(nums), max(nums)) if nums else (0, 0)

    def para(p: LayoutParagraph) -> LayoutParagraph:
        s, e = span(p.line_start, p.line_end)
        return replace(p, line_start=s, line_end=e, boxes=_boxes(em, p.line_start, p.line_end))

    arts = [replace(a, paragraphs=tuple(para(p) for p in a.paragraphs)) for a in layout.articles]
    title_items = [it for it in region.items if it.role in ("title", "kicker", "subtitle")]
    if title is not None and arts:
        # the region's title is the geometry's: lines the text path took for a title are text
        for k, a in enumerate(arts):
            nums = [
                r.lineno for r in layout.lines if r.article == k and r.role in ("title", "kicker", "subtitle")
            ]
            if not nums:
                continue
            if k == 0 and subtitle is None and _opening_subtitle(a, em, nums):
                # a subtitle set in the text's face and size, opening the story under its title
                subtitle, arts[k] = _title_text(a), replace(a, title=None, kicker=None, subtitle=None)
            elif _prose(a, em, blocks, nums[0]):
                arts[k] = _title_as_text(a, nums, layout, em, span, indents)
            elif _runs_on(layout.articles[k], em, nums[0]):
                arts[k] = _title_run_on(a, layout.articles[k], nums, em, span)
            elif all(n in em.headings for n in nums):  # set as a heading: the first paragraphs' heading
                own = [r.lineno for r in layout.lines if r.article == k and r.role != "blank"]
                if not a.paragraphs and k + 1 < len(arts) and all(n in em.headings for n in own):
                    # heading lines read as a piece of their own, a title over the byline opening the
                    # next (a story's first section heading over its dateline, Typst 8411): its heading
                    heading = join_heading(make_lines("\n".join(em.lines[n - 1] for n in own)))
                    arts[k] = replace(a, title=None, kicker=None, subtitle=None)
                    if not is_kicker(heading):  # (a kicker's dash heads no section)
                        arts[k + 1] = _headed(arts[k + 1], heading)
                else:
                    arts[k] = _title_as_heading(a, span(nums[0], nums[-1])[0])
            elif (
                a.paragraphs
                and (end := span(nums[0], nums[-1])[1])
                and a.paragraphs[0].line_start > end
                and not ends_sentence(text := _title_text(a))
                and not is_kicker(text)
                and len(text) <= HEADING_CHARS
            ):
                # a phrase over the story's first paragraph, set as the text (so no heading to
                # the geometry): its first section's heading, set over the dateline — not lost
                # with the text path's title (wkhtmltopdf 11506 and 4806, 9207, 10007)
                arts[k] = _headed(replace(a, title=None, kicker=None, subtitle=None), text)
        signed = {a.authors or (a.byline,) for a in arts if a.authors or a.byline}
        if len(signed) > 1:
            # pieces signed by different people joined under one title: another story's byline
            # (a dateline at a column's head) in the region's text — its head stands elsewhere
            unsure = "two bylines under one title: another story's text taken under it"
        arts = [_merged(arts, kicker, title, subtitle)]
    elif title is not None:
        arts = []  # a title with no text under it: kept as furniture below
    articles: list[LayoutArticle] = []
    for a in arts:
        s, e = span(a.line_start, a.line_end)
        title_lines = [lineno[id(it)] for it in title_items] if title is not None else []
        lines = [x for x in (s, e, *title_lines) if x]
        boxes = _boxes(em, a.line_start, a.line_end)
        if title is not None:
            boxes = (_rounded(union_boxes([it.box for it in _stacked_group(title_items)])), *boxes)
        articles.append(
            replace(a, line_start=min(lines, default=0), line_end=max(lines, default=0), boxes=boxes)
        )
    # Line roles for inspect: the text path's, mapped to page lines.
    for r in layout.lines:
        item = em.origin[r.lineno - 1] if 0 < r.lineno <= len(em.origin) else None
        if item is not None:
            art = (
                None
                if r.article is None
                else (first_article if title is not None else first_article + r.article)
            )
            roles[id(item)] = (r.role, art, r.note)
    for it in title_items:
        roles[id(it)] = (it.role, first_article if articles else None, "size")
    if title is not None and not articles:
        for it in title_items:
            roles[id(it)] = ("furniture", None, "title without text")
    return RegionRead(articles, layout.furniture, roles, title is not None, unsure)


def _title_text(a: LayoutArticle) -> str:
    """What the text path read as the piece's title (kicker, title, subtitle), as one string."""
    return "".join(x for x in (a.kicker, a.title, a.subtitle) if x)


def _opening_subtitle(a: LayoutArticle, em: _Emitted, nums: list[int]) -> bool:
    """Is the title the text path found (text lines ``nums``) a subtitle opening the region's text —
    one line or two on a dash (``——访…``), nothing above it, no sentence ended in it?"""
    text = _title_text(a)
    return (
        text.startswith("—")
        and not a.kicker
        and len(nums) <= 2
        and not any(ln.strip() for ln in em.lines[: nums[0] - 1])
        and not ends_sentence(text)
    )


def _prose(a: LayoutArticle, em: _Emitted, blocks: list[list[Item]], first: int) -> bool:
    """Does the title the text path found (its first line ``first``) read as prose: it opens
    indented and runs to the column's right edge (a paragraph's first line, not a centred
    heading), or it ends a sentence?"""
    item, b = em.origin[first - 1], em.block[first - 1]
    if item is not None and item.line is not None and 0 <= b < len(blocks):
        x0, x1 = _edges(blocks[b])
        size = item.line.size
        # (a short block under a heading shows its indent, not its edge: the column's other
        # blocks do — fresh 162536, ``检查《…》贯彻执`` over its jump note, read as a title and lost)
        column = _column_of(blocks[b], blocks)
        if column and size <= x0 - (cx := _edges(blocks[b] + column))[0] <= 2.5 * size:
            # (its right edge too: a heading centred in the column ends short of it, fresh 162942)
            x0, x1 = cx[0], max(x1, cx[1])
        if item.x0 - x0 >= 1.2 * size and item.x1 >= x1 - size:
            return True
    return ends_sentence(_title_text(a))


def _runs_on(a: LayoutArticle, em: _Emitted, first: int) -> bool:
    """Do the lines the text path read as a title (from text line ``first``) go on the piece's last
    paragraph: right under its last line, in its column block, no blank between — its last lines,
    set flush left (a story stopped mid-sentence over its jump note: fresh 160133) — or at the head
    of the next column block, the paragraph stopped mid-sentence at its column's foot (held-out
    7004: the story's last four lines, over its jump note in the next column)?"""
    last = a.paragraphs[-1] if a.paragraphs else None
    if last is None or first < 2:
        return False
    if last.line_end == first - 1 and em.lines[first - 2] != "":
        over, under = em.origin[first - 2], em.origin[first - 1]
        placed = em.block[first - 2] == em.block[first - 1]  # (in its column block)
    elif last.line_end == first - 2 and em.lines[first - 2] == "" and not ends_sentence(last.text):
        over, under = em.origin[first - 3], em.origin[first - 1]
        placed = em.block[first - 3] != em.block[first - 1]  # (a column's foot, the next one's head)
    else:
        return False
    return (
        placed
        and over is not None
        and under is not None
        and over.line is not None
        and under.line is not None
        # set as the text over it (a kicker of the story below, set smaller, is none of it)
        and abs(under.line.size - over.line.size) <= 0.03 * over.line.size
        and not is_kicker(_title_text(a))
    )


def _title_run_on(
    a: LayoutArticle,
    text_lines: LayoutArticle,
    nums: list[int],
    em: _Emitted,
    span: Callable[[int, int], tuple[int, int]],
) -> LayoutArticle:
    """The piece's last paragraph with the lines ``nums`` (text lines) joined on (see _runs_on);
    ``text_lines``: the piece as the text path numbered it."""
    text = join_paragraph(make_lines("\n".join(em.lines[n - 1] for n in nums)))  # (as the text path joins)
    last = a.paragraphs[-1]
    start = text_lines.paragraphs[-1].line_start
    s, e = span(start, nums[-1])
    joined = replace(
        last, text=join_wrapped(last.text, text), line_start=s, line_end=e, boxes=_boxes(em, start, nums[-1])
    )
    return replace(a, paragraphs=(*a.paragraphs[:-1], joined), title=None, kicker=None, subtitle=None)


def _title_as_heading(a: LayoutArticle, line: int) -> LayoutArticle:
    """A piece of a titled region whose heading lines (from page line ``line``) the text path read
    as a title: the heading of the paragraphs under it that have none (a title after its text —
    a heading at a column's foot — stays out, as before)."""
    if not line or not a.paragraphs or a.paragraphs[0].line_start < line:
        return a
    return replace(_headed(a, _title_text(a)), title=None, kicker=None, subtitle=None)


def _headed(a: LayoutArticle, heading: str) -> LayoutArticle:
    """The piece with ``heading`` over its first paragraphs, those under no heading of their own."""
    paragraphs = list(a.paragraphs)
    for k, p in enumerate(paragraphs):
        if p.heading is not None:
            break
        paragraphs[k] = replace(p, heading=heading)
    return replace(a, paragraphs=tuple(paragraphs))


def _title_as_text(
    a: LayoutArticle,
    nums: list[int],
    layout: PageLayout,
    em: _Emitted,
    span: Callable[[int, int], tuple[int, int]],
    indents: bool = False,
) -> LayoutArticle:
    """A piece of a titled region whose lines ``nums`` (text lines) the text path read as a title
    (a short last paragraph under a heading looks like a title set after its text), though they
    are prose: a paragraph, under the heading right before it, at the piece's start or end.
    ``indents``: the page indents its paragraphs, so lines set flush go on the paragraph above."""
    text = join_paragraph(make_lines("\n".join(em.lines[n - 1] for n in nums)))  # (as the text path joins)
    before = max(
        (r for r in layout.lines if r.lineno < nums[0] and r.role != "blank"),
        key=lambda r: r.lineno,
        default=None,
    )
    heading = None
    if before is not None and before.role == "heading":
        # the heading's lines, one under another right over the blank (a heading wrapped or set
        # over two lines: all of it, not its last line alone — fresh 160412)
        role = {r.lineno: r.role for r in layout.lines}
        first = before.lineno
        while role.get(first - 1) == "heading":
            first -= 1
        heading = join_heading(make_lines("\n".join(em.lines[first - 1 : before.lineno])))
    s, e = span(nums[0], nums[-1])
    para = LayoutParagraph(text, heading, s, e, _boxes(em, nums[0], nums[-1]))
    first = min((p.line_start for p in a.paragraphs if p.line_start), default=0)
    if s and first and s < first:
        paragraphs = (para, *a.paragraphs)
    elif (
        a.paragraphs
        and heading is None
        and (
            not ends_sentence((last := a.paragraphs[-1]).text)
            or (indents and not em.lines[nums[0] - 1].startswith(INDENT) and last.line_end == s - 1)
        )
    ):
        # the text over them stopped mid-sentence (at a column's foot), or they are set flush on a
        # page that indents its paragraphs, right under it (a question at a column's foot read as
        # a title after the text: XeLaTeX 11516): they finish its paragraph
        joined = replace(
            last,
            text=join_wrapped(last.text, text),
            line_end=max(last.line_end, e),
            boxes=last.boxes + para.boxes,
        )
        paragraphs = (*a.paragraphs[:-1], joined)
    else:
        paragraphs = (*a.paragraphs, para)
    return replace(a, paragraphs=paragraphs, title=None, kicker=None, subtitle=None)


def _merged(arts: list[LayoutArticle], kicker: str | None, title: str, subtitle: str | None) -> LayoutArticle:
    """One article of a titled region: the text path's pieces joined under the geometry's title."""
    first = arts[0]
    paragraphs = tuple(p for a in arts for p in a.paragraphs)
    with_byline = next((a for a in arts if a.authors or a.byline), first)
    affiliation = next((a.author_affiliation for a in arts if a.author_affiliation), None)
    flags = [f for a in arts for f in a.flags if f not in ("untitled",)]
    if with_byline.authors or with_byline.byline:
        flags = [f for f in flags if f != "no_byline"]
    return replace(
        first,
        paragraphs=paragraphs,
        title=title,
        kicker=kicker,
        subtitle=subtitle,
        authors=with_byline.authors,
        author_region=with_byline.author_region,
        byline=with_byline.byline,
        author_affiliation=affiliation,
        flags=tuple(dict.fromkeys(flags)),
        line_start=min(a.line_start for a in arts),
        line_end=max(a.line_end for a in arts),
    )
