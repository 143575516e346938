"""Printed lines of a page → furniture, title groups and article regions, in reading order.

A newspaper page is a set of rectangles: the header band, article blocks that span one or more
columns of the grid, photos, boxed notes, the footer.  Whitespace separates them, so the page is cut
recursively along the widest clean gaps (an XY-cut) until each piece holds at most one *title group*
(title lines with their kicker and subtitle): that piece is one article, wherever its title stands —
above the text, beside it (a vertical title) or below it.  A body piece cut off from its title joins
the title group on the side of the narrower gap.  Where no clean gap separates two titles (an
L-shaped article), each line goes to the lowest title above it that overlaps it horizontally.

Sizes are relative to the page's body size (the most common size by characters), so the rules hold
for any font size and page size.  Furniture is recognised by position (above the top rule, below
the bottom rule, inside a drawn box, under a photo) and by the text path's own furniture patterns
(:mod:`pipeline.layout.roles`), so both inputs share one notion of what furniture is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median
from typing import Literal

from pipeline.layout.roles import (
    SECTION_NUMBER,
    is_footnote_start,
    is_kicker,
    is_page_number,
    may_continue_dateline,
    parse_byline,
    parse_end_credit,
    parse_furniture,
    parse_header,
)
from pipeline.pdf.glyphlines import HANG_CLOSERS, HANG_OPENERS, Box, GLine

# The narrowest gutter to look for, in ems of the body: gutters of 0.4–0.5 em are common on dense
# pages, and a gap in the x-projection of whole lines is never a space inside a line.
GUTTER = 0.3
TITLE_RATIO = 1.3  # a title is set at least this much larger than the body
MID_RATIO = 1.08  # kickers, subtitles and section headings: larger than the body, smaller than titles
COLUMN_GAP = 2.0  # ems: a column's lines closer than this run on (a flow's story: no block gap)
HAIR = 0.05  # points: two prints this far apart are two sizes (a PDF's sizes are exact)
SMALL_PRINT = 0.7  # … or, dashed, in print smaller than the body (down to this share of it)

Role = Literal[
    "title", "kicker", "subtitle", "body", "heading", "caption", "header", "footer", "box", "other"
]


@dataclass(slots=True, eq=False)  # identity: items are looked up in lists by the thousand
class Item:
    """One line (or photo) of the page, with what the page-level pass decided about it."""

    line: GLine | None  # None for a photo
    box: Box
    role: Role = "body"
    group: int | None = None  # title group id (title, kicker, subtitle lines)
    # (role, span) of the last :func:`_set_span` (asked of every line at every level of the cut)
    span_of: tuple[str, tuple[float, float]] | None = field(default=None, repr=False)
    # given to a story by the nearest claim alone, between two stories' columns (see _part_run)
    guessed: bool = field(default=False, repr=False)

    @property
    def x0(self) -> float:
        return self.box[0]

    @property
    def top(self) -> float:
        return self.box[1]

    @property
    def x1(self) -> float:
        return self.box[2]

    @property
    def bottom(self) -> float:
        return self.box[3]


@dataclass(slots=True)
class Region:
    """One article's share of the page: its title group (may be empty) and everything else in it."""

    items: list[Item]
    group: int | None

    def box(self) -> Box:
        return union_boxes([it.box for it in self.items])


@dataclass(slots=True)
class PageRegions:
    body_size: float
    leading: float
    regions: list[Region]
    furniture: list[Item] = field(default_factory=list)  # header, footer, boxes, captions
    vertical_body: int = 0  # vertical lines that are not titles (vertical body text is not read)


def union_boxes(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def body_size(lines: list[GLine]) -> float:
    """The size most characters are set in (rounded to ¼ pt)."""
    counts: Counter[float] = Counter()
    for ln in lines:
        if not ln.vertical:
            counts[round(ln.size * 4) / 4] += len(ln.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def _leading(lines: list[GLine], size: float) -> float:
    """The usual blank space between two lines of one column (from body lines and the line under each)."""
    body = sorted(
        (ln for ln in lines if not ln.vertical and abs(ln.size - size) <= 0.08 * size), key=lambda ln: ln.top
    )
    gaps: list[float] = []
    for k, ln in enumerate(body):
        for nxt in body[k + 1 : k + 40]:
            if nxt.top <= ln.bottom - 0.5 * size:
                continue
            if min(ln.x1, nxt.x1) - max(ln.x0, nxt.x0) > 0.5 * min(ln.x1 - ln.x0, nxt.x1 - nxt.x0):
                gaps.append(max(0.0, nxt.top - ln.bottom))
                break
    return median(gaps) if gaps else 0.5 * size


# ----------------------------------------------------------------------------- furniture


def _rules(rects: list[Box], width: float) -> list[Box]:
    """Horizontal rules across most of the page (header and footer separators)."""
    return [r for r in rects if r[3] - r[1] <= 3.0 and r[2] - r[0] >= 0.5 * width]


def _boxes(rects: list[Box], width: float, height: float, size: float) -> list[Box]:
    """Drawn frames big enough to hold text, but not the page border."""
    return [
        r
        for r in rects
        if r[2] - r[0] >= 3 * size
        and r[3] - r[1] >= 2 * size
        and (r[2] - r[0]) * (r[3] - r[1]) < 0.5 * width * height
    ]


def _inside(box: Box, frame: Box, slack: float = 1.0) -> bool:
    return (
        box[0] >= frame[0] - slack
        and box[1] >= frame[1] - slack
        and box[2] <= frame[2] + slack
        and box[3] <= frame[3] + slack
    )


def _edge_rule(ys: list[float], size: float, first: bool) -> float | None:
    """The inner edge of the outermost rule (or pair of rules 1.5 em apart) in a band at the top
    (``first``) or bottom of the page."""
    if not ys:
        return None
    ys = sorted(ys) if first else sorted(ys, reverse=True)
    edge = ys[0]
    for y in ys[1:]:
        if abs(y - edge) > 1.5 * size:
            break
        edge = y
    return edge


def _mark_furniture(items: list[Item], width: float, height: float, rects: list[Box], size: float) -> None:
    lines = [it for it in items if it.line is not None]
    rules = _rules(rects, width)
    # The rule nearest the page's edge (with a second one right beside it: a double rule) closes the
    # header or footer band; a rule further in may rule off a story set in the band next to it.
    head_limit = _edge_rule([r[3] for r in rules if r[3] <= 0.22 * height], size, first=True)
    foot_limit = _edge_rule([r[1] for r in rules if r[1] >= 0.8 * height], size, first=False)
    if foot_limit is not None:
        # a footer is a line or two (an editor's line, a page number): a story under the rule (its
        # title, or more rows of text) makes it a rule between the page's last rows of stories
        below = [it for it in lines if it.top >= foot_limit - 1]
        rows = {round(it.top / size) for it in below}
        if len(rows) > 3 or any(it.line.size >= TITLE_RATIO * size for it in below):
            foot_limit = None
    for it in lines:
        text = it.line.text
        display = it.line.size >= TITLE_RATIO * size
        if head_limit is not None and it.bottom <= head_limit + 1:
            it.role = "header"
        elif foot_limit is not None and it.top >= foot_limit - 1 and not display:
            it.role = "footer"
        elif (
            it.bottom <= 0.12 * height
            and (head_limit is None or it.top <= head_limit + size)  # under a top rule: right under it
            and (parse_header(text) or is_page_number(text))
            # (a column's line ending on 报, ``…工作报``, reads like a paper's name: WeasyPrint 11619,
            # its text and two titles over it taken for the header band)
            and not _amid_text(it, lines, size)
        ):
            it.role = "header"
        elif (
            it.top >= 0.9 * height
            and (parse_furniture(text) or is_page_number(text) or parse_header(text))
            and not is_jump(text)  # (a jump note at a column's foot is its story's, not the page's)
            and not _amid_text(it, lines, size)
        ):
            it.role = "footer"
    # A header row: everything on the row of a recognised header line, within the top band.
    head_rows = [it for it in lines if it.role == "header"]
    for it in lines:
        near = any(abs(it.bottom - h.bottom) <= 0.5 * size or it.bottom <= h.top for h in head_rows)
        if it.role == "body" and it.bottom <= 0.15 * height and near:
            it.role = "header"
    for frame in _boxes(rects, width, height, size):
        inner = [it for it in lines if it.role == "body" and _inside(it.box, frame)]
        if inner and not any(it.line.size >= TITLE_RATIO * size for it in inner):
            for it in inner:
                it.role = "box"
    _mark_captions(items, size)


def _amid_text(it: Item, lines: list[Item], size: float) -> bool:
    """Is ``it`` a line of a column's text: a line of text right over it and one right under it
    (within a line's gap), across its span? A column's line may read like furniture (``…工作报``,
    a name ending on 报: a paper's) where the foot of the page is low; furniture stands apart."""

    def text_at(lo: float, hi: float) -> bool:
        return any(
            o is not it
            and lo <= o.top
            and o.bottom <= hi
            and min(o.x1, it.x1) - max(o.x0, it.x0) > 0
            and not (parse_furniture(o.line.text) or is_page_number(o.line.text))
            for o in lines
        )

    return text_at(it.top - 1.8 * size, it.top + 0.2 * size) and text_at(
        it.bottom - 0.2 * size, it.bottom + 1.8 * size
    )


def _mark_captions(items: list[Item], size: float) -> None:
    """Lines right under a photo, set smaller than the body or worded as a caption or credit."""
    photos = [it for it in items if it.line is None]
    lines = sorted((it for it in items if it.line is not None and it.role == "body"), key=lambda it: it.top)
    for photo in photos:
        edge = photo.bottom
        for it in lines:
            if it.role != "body" or it.top < edge - 0.5 * size or it.top > edge + 1.2 * size:
                continue
            overlap = min(it.x1, photo.x1) - max(it.x0, photo.x0)
            if overlap < 0.5 * (it.x1 - it.x0):
                continue
            f = parse_furniture(it.line.text)
            small = it.line.size < 0.97 * size
            if small or (f is not None and f.kind == "caption"):
                it.role = "caption"
                edge = it.bottom
        # A caption worded like text (近日，…) set in the body's size: the lines stacked under the
        # photo down to a credit (…摄) are the caption.
        chain: list[Item] = []
        edge = photo.bottom
        for it in lines:
            if it.top < edge - 0.5 * size or min(it.x1, photo.x1) - max(it.x0, photo.x0) < 0.5 * (
                it.x1 - it.x0
            ):
                continue
            if it.top > edge + 1.2 * size or len(chain) >= 6:
                break
            chain.append(it)
            edge = it.bottom
            f = parse_furniture(it.line.text)
            if f is not None and f.kind == "caption" and len(chain) > 1:
                for c in chain:
                    c.role = "caption"
                break


# ----------------------------------------------------------------------------- titles


def _ruled_apart(a: Item, b: Item, rules: list[Box]) -> bool:
    """A drawn rule runs between two lines stacked one above the other (articles are ruled off)."""
    upper, lower = (a, b) if a.top <= b.top else (b, a)
    return any(
        upper.bottom - 1 <= (r[1] + r[3]) / 2 <= lower.top + 1
        and min(r[2], a.x1, b.x1) - max(r[0], a.x0, b.x0) > 0
        for r in rules
    )


# The columns of one vertical title are set in one size; two vertical titles side by side (two
# stories' heads, each beside its own text) differ a little — their lines are not one title.
VERTICAL_SAME_SIZE = 0.02


def _mark_titles(items: list[Item], size: float, rules: list[Box] = ()) -> int:
    """Group title lines; returns the number of groups.

    The largest lines seed groups (lines of one size stacked or side by side: a two-line title, the
    columns of a vertical title); a smaller display line touching a group from above is its kicker,
    from below its subtitle — when dashed so, or aligned with it (a heading in the first column
    under a title is neither); any other display line seeds a group of its own.
    """
    cand = [it for it in items if it.line is not None and it.role == "body"]
    # display type, and dashed lines of at least the body's size (a kicker or subtitle may be set
    # hardly larger than the text: its dash says what it is) or in smaller print than the text (a
    # small kicker over a large headline: never a line of the text, which is in the body's size) —
    # however little smaller (8.4 pt under 9 pt text, Typst: read as its story's first heading)
    display = [
        it
        for it in cand
        if it.line.size >= MID_RATIO * size
        or (
            it.line.size >= SMALL_PRINT * size
            and (it.line.text.startswith("—") or it.line.text.endswith("—"))
            # (not a story's opening line that breaks a dash at its end: ``本报讯（记者 X）…上—``
            # over ``—把好…``, LibreOffice 7814, read as a subtitle)
            and parse_byline(it.line.text) is None
        )
    ]
    groups: list[list[Item]] = []
    shown = {id(it) for it in display}
    text_lines = [it for it in cand if id(it) not in shown]  # (a wrapped kicker's other line is no text)
    order = sorted(display, key=lambda it: (-round(it.line.size, 1), it.top, it.x0))
    # twice: a kicker wrapped over two lines joins by its lower line first, then its upper one —
    # the upper lines of a kicker wrapped over two or three lines wait for the second round, taken
    # from the bottom up (seeded in the first, each would be a title of its own)
    heads = [it for it in order if _kicker_head(it, display)]
    waiting = {id(it) for it in heads}
    for it in order + sorted(heads, key=lambda it: -it.top) + order:
        if it.group is not None:
            continue
        if id(it) in waiting:
            waiting.discard(id(it))
            continue
        s = it.line.size
        text = it.line.text
        placed = False
        for gid, grp in enumerate(groups):
            gs = max(g.line.size for g in grp)
            heads = [g for g in grp if g.role == "title"]
            if abs(gs - s) <= (VERTICAL_SAME_SIZE if it.line.vertical else 0.12) * gs:
                if any(
                    _stacked(it, g, s)
                    and not _ruled_apart(it, g, rules)
                    and not _back_to_back(it, g, text_lines)
                    for g in heads
                ):
                    it.role, it.group = "title", gid
                    grp.append(it)
                    placed = True
                    break
                continue
            gbox = union_boxes([g.box for g in grp])
            if it.line.vertical:
                continue
            if min(it.x1, gbox[2]) - max(it.x0, gbox[0]) <= 0:
                # a subtitle set flush left under a title centred over its story's columns, clear of
                # the title's span (XeLaTeX 8213): its dash says what it is — right under the title,
                # short of it, no other title over the blank between, and no text right over it (a
                # column's line opening on a dash mid-sentence has its sentence's line over it)
                if not (
                    text.startswith("—")
                    and 0 < gbox[0] - it.x1 <= 4 * gs
                    and -0.2 * s <= it.top - gbox[3] <= 0.9 * gs
                    and not _line_between(text_lines, it, it.top - 1.5 * s, it.top)
                    and not any(
                        o is not grp and _spans(o, it.x0, gbox[0], it.top - 2 * gs, it.bottom) for o in groups
                    )
                ):
                    continue
                it.role, it.group = "subtitle", gid
                grp.append(it)
                placed = True
                break
            aligned = abs(it.x0 - gbox[0]) <= s or abs((it.x0 + it.x1) - (gbox[0] + gbox[2])) <= 0.2 * (
                gbox[2] - gbox[0]
            )
            near = [g for g in grp if not _ruled_apart(it, g, rules)]
            # (boxes may touch: a display line's box reaches below its baseline)
            above = -0.2 * s <= gbox[1] - it.bottom <= 0.9 * gs and len(near) == len(grp)
            below = -0.2 * s <= it.top - gbox[3] <= 0.9 * gs and len(near) == len(grp)
            # inside the group's height: the second line of a kicker (or subtitle) wrapped in a
            # narrow column, between its first line and the title
            tbox = union_boxes([g.box for g in heads])
            within = gbox[1] - 1 <= it.top and it.bottom <= gbox[3] + 1 and len(near) == len(grp)
            # (touching it: no line of text between — a lead line opening on a dash under the
            # story's dateline line is the text's, Typst 8120)
            above = above and not _line_between(text_lines, it, it.bottom, gbox[1])
            # (a dashed line in the text's own print under a line of text that ends no sentence
            # goes on that sentence: a column's last line broken after a dash, fresh 161820)
            above = above and not (abs(s - size) <= HAIR and _sentence_over(text_lines, it, s))
            below = below and not _line_between(text_lines, it, gbox[3], it.top)
            if (above and (text.endswith("—") or aligned)) or (within and it.bottom <= tbox[1] + 1):
                it.role, it.group = "kicker", gid
            elif (
                below and (text.startswith("—") or (aligned and not _column_heading(it, gbox, text_lines)))
            ) or (within and it.top >= tbox[3] - 1):
                it.role, it.group = "subtitle", gid
            else:
                continue
            grp.append(it)
            placed = True
            break
        if not placed and s >= TITLE_RATIO * size:
            it.role, it.group = "title", len(groups)
            groups.append([it])
    # A kicker or subtitle set hardly larger than the text and wrapped in a narrow column: only its
    # dashed line was display type; the line of the same size stacked on its other side is its rest.
    for gid, grp in enumerate(groups):
        for role, step in (("kicker", -1), ("subtitle", 1)):
            # (not where the kicker is set in the body's own size: the text above it would follow)
            # (larger or smaller than the text, if only by a hair: its wrapped rest is in that
            # print, not the text's)
            # (or in the text's print, where the head is centred in a narrow column and the rest
            # centred on its dashed line: fresh 162008 — text lines are flush or indented)
            gbox = union_boxes([g.box for g in grp])
            tbox = union_boxes([g.box for g in grp if g.role == "title"])
            ends = [
                g
                for g in grp
                if g.role == role
                and (
                    abs(g.line.size - size) > HAIR
                    or abs((g.x0 + g.x1) - (tbox[0] + tbox[2])) <= 0.2 * size
                    or abs(g.x0 - tbox[0]) <= 0.3 * size
                )
            ]
            for _ in range(2):
                if not ends:
                    break
                edge = min(ends, key=lambda g: g.top) if step < 0 else max(ends, key=lambda g: g.bottom)
                nxt = None
                for it in cand:
                    if it.group is not None or it.line.vertical or abs(it.line.size - edge.line.size) > 0.3:
                        continue
                    gap = edge.top - it.bottom if step < 0 else it.top - edge.bottom
                    if not (-0.2 * size <= gap <= 0.6 * edge.line.size and _overlap_x(it, edge) > 0):
                        continue  # (asked first: the tests of print below may scan the page's lines)
                    if edge.line.size < size and abs(it.line.size - size) <= 0.3:
                        continue  # (a line of the text's own size is no small print's rest)
                    if (
                        abs(edge.line.size - size) <= 0.03 * size
                        and (
                            abs(it.line.size - edge.line.size) > HAIR / 2 or abs(it.line.size - size) <= HAIR
                        )
                        and not (
                            abs(it.line.size - edge.line.size) <= HAIR / 2
                            and (
                                (
                                    _centred_in(it, gbox, size)
                                    and abs((it.x0 + it.x1) - (edge.x0 + edge.x1)) <= 0.2 * size
                                )
                                or _flush_rest(it, edge, cand, size, step)
                            )
                        )
                    ):
                        continue  # (a hair off the text's print: the rest in exactly that print)
                    nxt = it
                    break
                if nxt is None or _ruled_apart(nxt, edge, rules):
                    break
                nxt.role, nxt.group = role, gid
                grp.append(nxt)
                ends = [nxt]
    return len(groups)


def _column_heading(it: Item, gbox: Box, text_lines: list[Item]) -> bool:
    """Is ``it``, under a title spanning several columns, centred on one column of the text right
    under it — the column's section heading (``主要做法`` spread over its column's measure, or
    ``锤炼过硬作风`` centred in the first column: fresh 160712, 160743), not the title's subtitle?"""
    size = it.line.size
    return any(
        0 <= o.top - it.bottom <= 4 * size
        and gbox[2] - gbox[0] > 1.5 * (o.x1 - o.x0)
        and o.x1 - o.x0 >= it.x1 - it.x0 - 1.0
        and abs((o.x0 + o.x1) - (it.x0 + it.x1)) <= 2.0
        for o in text_lines
    )


def _centred_in(it: Item, box: Box, size: float) -> bool:
    """Is ``it`` set centred inside ``box`` (a head group's span), clear of both its edges by a
    third of an em (a line of text is flush with its column's edge, or indented from it alone)?"""
    return (
        it.x0 >= box[0] + 0.3 * size
        and it.x1 <= box[2] - 0.3 * size
        and abs((it.x0 - box[0]) - (box[2] - it.x1)) <= 0.4 * size
    )


def _flush_rest(it: Item, edge: Item, lines: list[Item], size: float, step: int) -> bool:
    """Is ``it``, stacked on a kicker's or subtitle's line set flush left (over it: ``step`` -1;
    under it: 1), that line's wrapped rest? Flush with it, as are the lines it wraps on to (one
    more at most), each filling the measure as the dashed line does — but a subtitle's last, shorter
    by an em — and no line beyond them at a line's gap: a text's line has the next one so near, a
    head has room round it (fresh 162008 ``——来自长治杏花镇的报`` over ``道``; 161440
    ``践行全过程人民民主`` over ``·南充篇——``; 93180 a subtitle over two lines more)."""
    if abs(it.x0 - edge.x0) > 0.3 * size:
        return False
    chain = [it]
    while more := [o for o in _at_line_gap(lines, chain[-1], step, 0.6 * size, size) if o is not edge]:
        if len(chain) == 2 or abs(more[0].x0 - edge.x0) > 0.3 * size:
            return False
        chain.append(more[0])
    full = chain[:-1] if step > 0 else chain
    return all(x.x1 >= edge.x1 - 0.3 * size for x in full) and (step < 0 or chain[-1].x1 <= edge.x1 - size)


def _at_line_gap(items: list[Item], x: Item, step: int, reach: float, s: float) -> list[Item]:
    """The lines of ``items`` right over ``x`` (``step`` -1) or under it (1), overlapping it across:
    a blank from a fifth of an em of overlap (boxes reach past the ink) to ``reach`` between."""
    return [
        o
        for o in items
        if o is not x
        and -0.2 * s <= (o.top - x.bottom if step > 0 else x.top - o.bottom) <= reach
        and _overlap_x(o, x) > 0
    ]


def _kicker_head(it: Item, display: list[Item]) -> bool:
    """Is ``it`` an upper line of a kicker wrapped over two or three lines (``聚焦生态环境`` over
    ``保护——``)?  Under it, line right under line in its print, one ending on the kicker's dash."""
    s, cur = it.line.size, it
    for _ in range(2):
        if cur.line.text.endswith("—"):
            return False
        cur = next(
            (
                o
                for o in display
                if o.group is None
                and abs(o.line.size - s) <= 0.03 * s
                and -0.2 * s <= o.top - cur.bottom <= 0.6 * s
                and _overlap_x(o, cur) > 0
            ),
            None,
        )
        if cur is None:
            return False
        if cur.line.text.endswith("—"):
            return True
    return False


def _spans(grp: list[Item], x0: float, x1: float, top: float, bottom: float) -> bool:
    """Does a line of ``grp`` reach into the box ``x0``–``x1`` × ``top``–``bottom``?"""
    return any(g.x0 < x1 and g.x1 > x0 and g.top < bottom and g.bottom > top for g in grp)


def _line_between(items: list[Item], it: Item, lo: float, hi: float) -> bool:
    """Does a line of ``items`` other than ``it``, in its columns, stand between heights ``lo`` and
    ``hi`` (its middle)?"""
    return any(o is not it and lo < (o.top + o.bottom) / 2 < hi and _overlap_x(o, it) > 0 for o in items)


def _sentence_over(items: list[Item], it: Item, s: float) -> bool:
    """Is ``it`` the foot of a column of text: right over it (at a line's gap, half an em at most,
    across its span) a line that ends no sentence, with a line of the column right over that one?
    (A kicker has more room over it: fresh 161346, an em; a kicker wrapped has its own first line
    over it, and nothing right over that: fresh 161203.)"""

    def right_over(x: Item) -> Item | None:
        return max(_at_line_gap(items, x, -1, 0.5 * s, s), key=lambda o: o.bottom, default=None)

    above = right_over(it)
    return above is not None and not ends_sentence(above.line.text) and right_over(above) is not None


def _stacked(a: Item, b: Item, s: float) -> bool:
    """Two lines of one title: one under the other, or vertical columns side by side."""
    if a.line.vertical and b.line.vertical:
        return min(a.bottom, b.bottom) - max(a.top, b.top) > 0 and max(a.x0, b.x0) - min(a.x1, b.x1) <= s
    if a.line.vertical or b.line.vertical:
        return False
    gap = max(a.top, b.top) - min(a.bottom, b.bottom)
    return -0.2 * s <= gap <= 0.9 * s and _overlap_x(a, b) > 0


def _back_to_back(a: Item, b: Item, text: list[Item]) -> bool:
    """Two vertical titles side by side, each nearer the text on its outer side than the other
    title: two stories' titles set back to back, each at its own text's side — a title set in two
    columns has them closer than any gutter (fresh 162140: 0.8 em apart, read as one title)."""
    if not (a.line.vertical and b.line.vertical):
        return False
    left, right = (a, b) if a.x0 < b.x0 else (b, a)
    gap = right.x0 - left.x1

    def beside(it: Item, outer: Callable[[Item], float]) -> bool:
        return any(0 <= outer(o) < gap and min(o.bottom, it.bottom) - max(o.top, it.top) > 0 for o in text)

    return beside(left, lambda o: left.x0 - o.x1) and beside(right, lambda o: o.x0 - right.x1)


def _overlap_x(a: Item, b: Item) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


# ----------------------------------------------------------------------------- XY-cut


def _gaps(items: list[Item], axis: int, threshold: float) -> list[tuple[float, float]]:
    """Blank bands across all ``items`` along ``axis`` (0: x, 1: y) wider than ``threshold``."""
    if axis == 0:
        # across the page, each line less a mark hung at its ends (see _set_span; cached on the
        # item and read here without a call: this is asked of every line at every level of the cut)
        spans = [c[1] if (c := it.span_of) is not None and c[0] == it.role else _set_span(it) for it in items]
    else:
        # down the page a title group is one span: its kicker, title lines and subtitle are never
        # cut apart (the columns of vertical titles side by side may be cut by an x cut)
        groups: dict[int, tuple[float, float]] = {}
        spans = []
        for it in items:
            if it.group is None:
                spans.append((it.box[1], it.box[3]))
            else:
                a, b = groups.get(it.group, (it.box[1], it.box[3]))
                groups[it.group] = (min(a, it.box[1]), max(b, it.box[3]))
        spans += groups.values()
    spans.sort()
    out: list[tuple[float, float]] = []
    end = spans[0][1]
    for a, b in spans[1:]:
        if a - end > threshold:
            out.append((end, a))
        end = max(end, b)
    return out


def _set_span(it: Item) -> tuple[float, float]:
    """A text line's extent across the page less a mark hung at either end: hung marks of two
    columns side by side can close most of the gutter between them (half an em each way), while
    the gutter between a story's own columns, less hung, looks wider — and the cut splits the
    story instead. (Up to an em is taken off: more than a hung mark reaches out, never more than
    a column's own lines cover.) A title's line may hang its opening mark too (XeLaTeX): a title
    over the next columns, its second line opening on a hung quote, closed the gutter left of
    them; its last line may end on a hung closing quote (XeLaTeX 7207: a title over its own narrow
    column, the next story's text a one-em gutter right of it)."""
    cached = it.span_of
    if cached is not None and cached[0] == it.role:
        return cached[1]
    ln = it.line
    if ln is not None and not ln.vertical and it.role == "title" and len(ln.text) >= 3:
        # (half a mark's width: a quote's ink is its half; ``？`` and ``！`` ink their middle)
        span = (
            it.box[0] + (0.5 * ln.size if ln.text[0] in HANG_OPENERS else 0.0),
            it.box[2] - (0.5 * ln.size if ln.text[-1] in HANG_CLOSERS and ln.text[-1] not in "？！" else 0.0),
        )
    elif ln is None or ln.vertical or it.role != "body" or len(ln.text) < 3:
        span = it.box[0], it.box[2]
    else:
        # (a line under five ems wide fills no column's measure: a mark ending it is its own — a
        # paragraph's last line ``程。”``, Typst 12818, cut off from the column by the em taken off)
        full = it.box[2] - it.box[0] >= 5 * ln.size
        span = (
            it.box[0] + (ln.size if ln.text[0] in HANG_OPENERS else 0.0),
            it.box[2] - (ln.size if ln.text[-1] in HANG_CLOSERS and full else 0.0),
        )
    it.span_of = (it.role, span)
    return span


def _split(items: list[Item], axis: int, gaps: list[tuple[float, float]]) -> list[list[Item]]:
    lo = 0 if axis == 0 else 1
    cuts = [(a + b) / 2 for a, b in gaps]
    parts: list[list[Item]] = [[] for _ in range(len(cuts) + 1)]
    for it in items:
        start = _set_span(it)[0] if axis == 0 else it.box[lo]  # (a hung mark may start left of a gap)
        k = sum(1 for c in cuts if start > c)
        parts[k].append(it)
    return [p for p in parts if p]


def _groups_in(items: list[Item]) -> set[int]:
    return {it.group for it in items if it.group is not None}


def _heads_with(parts: list[list[Item]]) -> list[list[Item]]:
    """Pieces of an x cut, a piece holding only a title group's kicker or subtitle (no title line)
    joined to the piece beside it that holds the group's title: a subtitle set flush left under a
    title centred over its story's columns, clear of its span, stands over the first column — an x
    cut between that column and the title's parts the group (XeLaTeX 11616: the column read as an
    untitled story with the byline, the title's story without it)."""

    def stray(p: list[Item], other: list[Item]) -> bool:  # p's groups' titles all in other
        return bool(_groups_in(p)) and not _heads_of(p) and _groups_in(p) <= _heads_of(other)

    out: list[list[Item]] = []
    for p in parts:
        if out and (stray(p, out[-1]) or stray(out[-1], p)):
            out[-1] = out[-1] + p
        else:
            out.append(p)
    return out


def _heads_of(items: list[Item]) -> set[int]:
    return {it.group for it in items if it.group is not None and it.role == "title"}


def _join_untitled(parts: list[list[Item]], axis: int) -> list[list[Item]]:
    """Give each run of pieces without a title to one titled neighbour, whole: to a title standing
    alone (a title with no text yet: the run is its text), else across the narrower blank."""
    titled = [k for k, p in enumerate(parts) if _groups_in(p)]
    if not titled:
        return [[it for p in parts for it in p]]
    lo, hi = (0, 2) if axis == 0 else (1, 3)

    def gap(a: int, b: int) -> float:  # a before b (across the page: less hung marks)
        if axis == 0:
            return min(_set_span(it)[0] for it in parts[b]) - max(_set_span(it)[1] for it in parts[a])
        return min(it.box[lo] for it in parts[b]) - max(it.box[hi] for it in parts[a])

    def upright(k: int) -> bool:  # a vertical title may stand on either side of its text
        return any(it.group is not None and it.line is not None and it.line.vertical for it in parts[k])

    def bare(k: int) -> bool:
        return _titles_only(parts[k])

    owner: dict[int, int] = {k: k for k in titled}
    runs: list[tuple[int, int, int | None, int | None]] = []  # (first, last, titled before, after)
    k = 0
    while k < len(parts):
        if k in owner:
            k += 1
            continue
        end = k
        while end + 1 < len(parts) and end + 1 not in owner:
            end += 1
        runs.append((k, end, k - 1 if k > 0 else None, end + 1 if end + 1 < len(parts) else None))
        k = end + 1
    fed: set[int] = set()
    # A run between two titles where one story visibly ends and the next begins inside it (an
    # author note or closing credit ending one piece, a byline opening the next): split it there.
    split: list[tuple[int, int, int | None, int | None]] = []
    for k, end, prev, nxt in runs:
        j = None if prev is None or nxt is None or k == end else _story_break(parts[k : end + 1])
        if j is not None and axis == 1 and _no_prose(parts[prev]) and not _closes_story(parts[k + j]):
            j = None  # the story opening in the run is the title's over it, which has no text yet
        if j is None and axis == 0 and prev is not None and nxt is not None and k < end:
            j = _tops_break(parts[k : end + 1], parts[prev])
        if j is None:
            split.append((k, end, prev, nxt))
        else:
            split += [(k, k + j, prev, None), (k + j + 1, end, None, nxt)]
    runs = split
    # Runs with one titled neighbour first; then each run between two goes to a bare title that has
    # no text yet (each title needs some), else across the narrower blank (a title beside its text
    # that already has its text takes no more: the run continues the story before it).
    for k, end, prev, nxt in sorted(runs, key=lambda r: r[2] is not None and r[3] is not None):
        if prev is None or nxt is None:
            side = prev if nxt is None else nxt
        else:
            hungry_prev = bare(prev) and prev not in fed
            # (a bare title whose own story opens right under it, on a byline — in the piece under it,
            # or under a y cut its own, text following — is not wanting text)
            opens_below = (
                nxt + 1 < len(parts)
                and nxt + 1 not in owner
                and (_opens_story(parts[nxt + 1], 2) or (axis == 1 and _opens_story(_untitled(parts[nxt]))))
            )
            hungry_next = bare(nxt) and nxt not in fed and not opens_below
            if (
                axis == 0
                and hungry_prev
                and hungry_next
                and k < end
                and not upright(prev)
                and upright(nxt)
                and _opens_story(parts[k])
            ):
                # a title beside its text, its story opening on a byline right of it, and a vertical
                # title right of its own text, neither with text yet: the run between holds both
                # stories — parted where one column's foot ends a sentence and the next opens a
                # paragraph, if exactly one does, else where one foot ends a sentence (a guess,
                # flagged) (fresh 160236: the whole run went to the vertical title)
                run = parts[k : end + 1]
                j, sure = _story_end(
                    run, body_size([it.line for p in run for it in p if it.line is not None])
                )
                if not sure:
                    for it in (it for p in run for it in p):
                        it.guessed = True
                if j is not None:
                    fed |= {prev, nxt}
                    owner |= {i: prev if i <= k + j else nxt for i in range(k, end + 1)}
                    continue
            if hungry_prev != hungry_next:
                side = prev if hungry_prev else nxt
            elif axis == 0 and hungry_prev and not upright(prev) and not upright(nxt):
                side = prev  # two titles set beside their text: each one's text is on its right
            elif _opens_story(parts[k]) and not bare(prev):
                # a byline heads the run: a story starts there, not the one before — unless (under a
                # y cut) the title before has no prose yet, a heading at most: the story is its own
                side = prev if axis == 1 and _no_prose(parts[prev]) else nxt
            elif _closes_story(parts[end]) and not bare(nxt):
                side = prev  # an author note or closing credit ends the run's story
            elif axis == 0 and (c := _centred_over(parts, owner, prev, range(k, end + 1), nxt)) is not None:
                side = c  # a title centred over its columns: the run is one of them, or not
            elif axis == 0 and not upright(nxt) and _opens_story(_untitled(parts[nxt])):
                # the story on the right opens on its byline there, under its title: the run left of
                # where it begins, under no title of its, is not its text but the story before's
                # (XeLaTeX 7804: a story's third column beside its two-column title, the next
                # story's column nearer to it than its own second)
                side = prev
            else:
                side = prev if gap(prev, k) <= 1.2 * gap(end, nxt) else nxt
        assert side is not None
        fed.add(side)
        for j in range(k, end + 1):
            owner[j] = side
    # A title that still stands alone joins the neighbour across the narrower blank (under a y cut,
    # the text below it unless the blank above is clearly narrower: a title set under its text).
    fed = {owner[k] for k in owner if owner[k] != k}
    for t in titled:
        if not bare(t) or t in fed or len(parts) == 1:
            continue
        if t == 0:
            nb = 1
        elif t + 1 == len(parts):
            nb = t - 1
        else:
            above, below = gap(t - 1, t), gap(t, t + 1)
            nb = t - 1 if (above < 0.8 * below if axis == 1 else above < below) else t + 1
        target = owner[nb]
        for j, o in owner.items():
            if o == t:
                owner[j] = target
    merged: dict[int, list[Item]] = {}
    for k, p in enumerate(parts):
        merged.setdefault(owner[k], []).extend(p)
    return [merged[k] for k in sorted(merged)]


def _centred_over(
    parts: list[list[Item]], owner: dict[int, int], prev: int, run: range, nxt: int
) -> int | None:
    """Of the two titles either side of ``run`` (pieces ``parts[run]``), the one centred over its
    columns with the run among them while the other is centred over its own without it (or, as
    wide as its own, is not centred over them with the run) — a title set centred over its story
    marks the columns it heads (its columns: the pieces it owns so far); None when that does not
    tell (titles set flush left, or both as wide as their columns)."""

    def centred(title_of: int, with_run: bool) -> bool | None:
        mine = [j for j, o in owner.items() if o == title_of] + (list(run) if with_run else [])
        heads = [it for it in parts[title_of] if it.role == "title" and it.line is not None]
        body = [it for j in mine for it in parts[j] if it.role == "body" and it.line is not None]
        if not heads or not body:
            return None
        size = median(it.line.size for it in body if it.line is not None)
        t0, t1 = min(it.x0 for it in heads), max(it.x1 for it in heads)
        b0, b1 = min(it.x0 for it in body), max(it.x1 for it in body)
        if t1 - t0 > b1 - b0 - 2 * size:
            return None  # as wide as its columns: centred over any of them, says nothing
        return abs((t0 + t1) - (b0 + b1)) / 2 <= 0.5 * size

    def flush(title_of: int) -> bool:  # set flush with one of its columns' left edges
        heads = [it for it in parts[title_of] if it.role == "title" and it.line is not None]
        x0 = min(it.x0 for it in heads)
        size = min(it.line.size for it in heads if it.line is not None)
        edges = [  # (a line opening on a hung mark stands out of its column's edge)
            min(_set_span(it)[0] for it in parts[j] if it.line is not None)
            for j, o in owner.items()
            if o == title_of and any(it.line is not None for it in parts[j])
        ]
        return any(abs(x0 - e) <= 0.25 * size for e in edges)

    before = (centred(prev, False), centred(prev, True))
    after = (centred(nxt, False), centred(nxt, True))
    if before == (True, False) and after == (False, True):
        return nxt
    if before == (False, True) and after == (True, False):
        return prev
    # a title as wide as its own columns says nothing of them, nor one centred over neither its
    # columns nor them with the run (set flush left over its story: XeLaTeX 10005, a story's
    # subtitle and byline flush left in the first of its columns, its title centred over them all):
    # the other, centred over the run and its own only, takes it — unless set flush with one of its
    # own columns (a title one column wide is centred over three by chance)
    silent = ((None, False), (False, False))
    if before in silent and after == (False, True) and not flush(nxt):
        return nxt
    if before == (False, True) and after in silent and not flush(prev):
        return prev
    return None


def _opens_story(part: list[Item], lines: int = 1) -> bool:
    """The piece's first line is a byline (or a dateline's start) — or one of its first ``lines``
    (a section heading may stand over a story's dateline)."""
    heads = sorted((it for it in part if it.line is not None), key=lambda it: it.top)[:lines]
    return any(parse_byline(it.line.text) is not None or may_continue_dateline(it.line.text) for it in heads)


def _no_prose(part: list[Item]) -> bool:
    """A title's piece holding, besides the title group, at most two lines, none a byline nor ending
    a sentence (a section heading set over the story's dateline)."""
    rest = [it for it in part if it.group is None and it.line is not None]
    return len(rest) <= 2 and not any(
        parse_byline(it.line.text) is not None or ends_sentence(it.line.text) for it in rest
    )


def _untitled(part: list[Item]) -> list[Item]:
    """The piece's lines outside its title group."""
    return [it for it in part if it.group is None]


def _closes_story(part: list[Item]) -> bool:
    """The piece holds an author note (（作者系…）) or ends with a closing credit (``（记者 X）``) or a
    jump note sending the story on to another page (``（下转第X版）``: on this page it ends there)."""
    if any(it.line is not None and is_footnote_start(it.line.text) for it in part):
        return True
    tail = max((it for it in part if it.line is not None), key=lambda it: it.bottom, default=None)
    if tail is None:
        return False
    if any(m in tail.line.text for m in _JUMP_ON):
        return True
    return (credit := parse_end_credit(tail.line.text)) is not None and not credit[1]


def _story_break(parts: list[list[Item]]) -> int | None:
    """Where one story ends and the next begins in a run of untitled pieces (columns or bands): the
    piece after which the next opens with a byline or the piece itself ends with an author note or
    a closing credit.  ``None`` unless exactly one boundary shows it."""
    found = [j for j in range(len(parts) - 1) if _opens_story(parts[j + 1]) or _closes_story(parts[j])]
    return found[0] if len(found) == 1 else None


def _tops_break(parts: list[list[Item]], before: list[Item]) -> int | None:
    """Where a run of untitled columns between two titles changes blocks: the first columns open
    level with the text of the story before (a story's columns open at one height under its
    title, and it may run on past its title's span), the rest open together more than two lines
    lower (under a boxed note or a photo set across them: another story's block) — or more than
    two lines higher, beside the title before (another story's columns, set level with its
    headline: fresh 162432, a column under the story's band went to a vertical title's story)."""
    heights = [it.bottom - it.top for p in parts for it in p if it.line is not None and it.role == "body"]
    if not heights:
        return None
    line = sorted(heights)[len(heights) // 2]
    tops = [min(it.top for it in p) for p in parts]
    text = [it.top for it in before if it.group is None and it.line is not None and it.role == "body"]
    heads = [it for it in before if it.role == "title"]
    if not text:
        return None
    head = min(text)
    title_top = min((it.top for it in heads), default=head)
    title_bottom = max((it.bottom for it in heads), default=head)
    for j in range(len(parts) - 1):
        upper, lower = tops[: j + 1], tops[j + 1 :]
        if not (all(abs(t - head) <= line for t in upper) and max(lower) - min(lower) <= line):
            continue
        if min(lower) - max(upper) > 2 * COLUMN_GAP * line:
            return j
        if (
            min(upper) - max(lower) > 2 * line
            and title_top - line <= min(lower)
            and max(lower) < title_bottom
        ):
            return j
    return None


def _stacks(items: list[Item], gap_y: float) -> list[list[Item]]:
    """Untitled items in column stacks: each line under the previous one of its stack, overlapping
    the stack's column (not only that line: a paragraph's short last line over the next one's
    indented first line overlaps it by a few glyphs), or starting at its left edge or an indent in
    (a short byline over the story's first, indented line)."""
    stacks: list[list[Item]] = []
    spans: list[tuple[float, float]] = []  # each stack's x0, x1
    for it in sorted(items, key=lambda it: (it.top, it.x0)):
        for k, st in enumerate(stacks):
            last = st[-1]
            x0, x1 = spans[k]
            over = min(it.x1, x1) - max(it.x0, x0)
            # (or a line starting at the stack's left edge, or an indent in: under a short byline)
            aligned = it.line is not None and over > 0 and abs(it.x0 - x0) <= 2.5 * it.line.size
            if 0 <= it.top - last.bottom <= gap_y and (over > 0.5 * min(it.x1 - it.x0, x1 - x0) or aligned):
                st.append(it)
                spans[k] = (min(x0, it.x0), max(x1, it.x1))
                break
        else:
            stacks.append([it])
            spans.append((it.x0, it.x1))
    return stacks


def _by_ownership(items: list[Item], gap_y: float, size: float) -> list[list[Item]]:
    """No clean gap separates the titles: each column stack of text goes to the title group that
    claims it most closely — a vertical title right beside it, a title above it or (less readily)
    right under it, overlapping it horizontally; a stack no title claims goes with its nearest
    claimed neighbour."""
    gids = sorted(_groups_in(items))
    boxes = {g: union_boxes([it.box for it in items if it.group == g]) for g in gids}
    vertical = {
        g for g in gids if any(it.line is not None and it.line.vertical for it in items if it.group == g)
    }
    out: dict[int, list[Item]] = {g: [it for it in items if it.group == g] for g in gids}
    stacks = _stacks([it for it in items if it.group is None], gap_y)
    sboxes = [union_boxes([it.box for it in st]) for st in stacks]
    owner: dict[int, int] = {}
    flowing: list[int] = []  # stacks beside a column of several titles: a flow carries them on
    for k, st in enumerate(stacks):
        b = sboxes[k]
        # a byline on top (or a dateline under a section heading wrapped once): the story of a
        # title above, not of one below (Typst 7712: its text ending a point over the next title)
        opens = _opens_story(st, 3)
        over = _gap_over(b, sboxes)
        best: tuple[float, int] | None = None
        beside = 0
        for g in gids:
            t = boxes[g]
            over_x = min(b[2], t[2]) - max(b[0], t[0])
            over_y = min(b[3], t[3]) - max(b[1], t[1])
            cost = None
            # beside: a vertical title on either side, a title set in the article's first column to
            # the left of its text
            gap = max(t[0] - b[2], b[0] - t[2]) if g in vertical else b[0] - t[2]
            if over_y > 0.3 * min(b[3] - b[1], t[3] - t[1]) and -1 <= gap <= 2 * size:
                cost = 0.5 * max(gap, 0.0)
                beside += g not in vertical
            elif g in vertical:
                pass
            elif over_x > 0.3 * min(b[2] - b[0], t[2] - t[0]):  # (a short title over a wide column)
                if t[3] <= b[1] + 2:
                    cost = b[1] - t[3]
                elif t[1] >= b[3] - 2 and not opens and (over is None or over >= t[1] - b[3]):
                    # (a title set under its text sits nearer it than that text sits to the text over
                    # it in its column; a stack nearer the text over it carries that on: WeasyPrint
                    # 7006, a story's second numbered section over the next title)
                    cost = 1.5 * (t[1] - b[3])
            if cost is not None and (best is None or cost < best[0]):
                best = (cost, g)
        if beside >= 2 and not opens:
            flowing.append(k)  # a column of stories to its left, no title beside it: see below
        elif best is not None:
            owner[k] = best[1]
    for k in flowing:
        # a whole stack beside a column of stories carries on the story that column ends with,
        # when that story stops mid-sentence at its foot (a flow)
        b = sboxes[k]
        left = [
            (j, it)
            for j in owner
            for it in stacks[j]
            if it.line is not None and b[0] - 3 * size <= it.x1 <= b[0] + 0.5 * size
        ]
        if left:
            j, last = max(left, key=lambda t: t[1].bottom)
            if not ends_sentence(last.line.text) and not is_jump(last.line.text):
                owner[k] = owner[j]
    _part_run(stacks, sboxes, owner, size)
    for k in range(len(stacks)):
        if k in owner:
            continue
        b = sboxes[k]
        claimed = [j for j in owner]
        if claimed:
            j = min(claimed, key=lambda j: _distance(b, sboxes[j]))
            owner[k] = owner[j]
        else:
            owner[k] = min(gids, key=lambda g: _distance(b, boxes[g]))
    for k, st in enumerate(stacks):
        out[owner[k]].extend(st)
    return [out[g] for g in sorted(gids, key=lambda g: (boxes[g][1], boxes[g][0]))]


def _gap_over(b: Box, boxes: list[Box]) -> float | None:
    """The blank between the stack at ``b`` and the nearest other stack right over it in its column
    (overlapping it by half the narrower's width); ``None`` if there is none."""
    gaps = [
        b[1] - o[3]
        for o in boxes
        if o is not b
        and o[3] <= b[1] + 0.5
        and min(o[2], b[2]) - max(o[0], b[0]) > 0.5 * min(o[2] - o[0], b[2] - b[0])
    ]
    return min(gaps, default=None)


def _story_end(parts: list[list[Item]], size: float) -> tuple[int | None, bool]:
    """Where in a run of columns one story may end and the next begin: the one column whose foot
    ends a sentence while the next opens on a paragraph's indented first line (sure), else the one
    column whose foot ends a sentence at all (the next may open on a heading: a guess). ``None``
    where no column, or several, show it."""
    ends = [j for j in range(len(parts) - 1) if _ends_at_foot(parts[j])]
    opened = [j for j in ends if _opens_indented(parts[j + 1], size)]
    if len(opened) == 1:
        return opened[0], True
    return (ends[0] if len(ends) == 1 else None), False


def _part_run(stacks: list[list[Item]], boxes: list[Box], owner: dict[int, int], size: float) -> None:
    """Columns side by side that no title claims, between columns two titles claim (a story
    flowing right from a vertical title, another flowing left to one): the run is parted where one
    story ends (:func:`_story_end`); where no column shows it, the nearest claim decides, as
    before. Unless the sign was sure, that is a guess: the run's lines are marked ``guessed`` and
    their stories flagged (fresh 160217: the nearest claim ran one story a column into the other,
    published silent)."""
    columns: list[list[int]] = []  # stacks one over another: a column (``boxes``: the stacks')
    for k in sorted(range(len(stacks)), key=lambda k: (boxes[k][0], boxes[k][1])):
        b = boxes[k]
        for col in columns:
            c = boxes[col[0]]
            if min(b[2], c[2]) - max(b[0], c[0]) > 0.5 * min(b[2] - b[0], c[2] - c[0]):
                col.append(k)
                break
        else:
            columns.append([k])
    top = [min(boxes[k][1] for k in col) for col in columns]
    span = [(min(boxes[k][0] for k in col), max(boxes[k][2] for k in col)) for col in columns]
    claims = [{owner[k] for k in col if k in owner} for col in columns]
    for i in range(len(columns)):
        if len(claims[i]) != 1:
            continue
        chain = [i]
        for j in range(i + 1, len(columns)):
            if abs(top[j] - top[i]) > 2 * size or not 0 <= span[j][0] - span[chain[-1]][1] <= 3 * size:
                continue  # not level with the run, or not its next column
            chain.append(j)
            if claims[j]:
                break
        end = chain[-1]
        if len(chain) < 3 or len(claims[end]) != 1 or claims[end] == claims[i]:
            continue
        j, sure = _story_end([[it for k in columns[c] for it in stacks[k]] for c in chain], size)
        left, right = next(iter(claims[i])), next(iter(claims[end]))
        if not sure:
            for it in (it for c in chain[1:-1] for k in columns[c] for it in stacks[k]):
                it.guessed = True
        if j is not None:
            for n, c in enumerate(chain[1:-1], start=1):
                for k in columns[c]:
                    owner.setdefault(k, left if n <= j else right)


def _ends_at_foot(column: list[Item]) -> bool:
    last = max((it for it in column if it.line is not None), key=lambda it: it.bottom, default=None)
    return last is not None and ends_sentence(last.line.text)


def _opens_indented(column: list[Item], size: float) -> bool:
    lines = [it for it in column if it.line is not None]
    if not lines:
        return False
    first = min(lines, key=lambda it: it.top)
    return first.x0 - min(it.x0 for it in lines) >= 1.2 * size


def _distance(a: Box, b: Box) -> float:
    dx = max(0.0, b[0] - a[2], a[0] - b[2])
    dy = max(0.0, b[1] - a[3], a[1] - b[3])
    return (dx * dx + dy * dy) ** 0.5


def _ruled_gaps(items: list[Item], axis: int, rules: list[Box]) -> list[tuple[float, float]]:
    """Cuts along drawn rules that run across (nearly) the whole of ``items`` and cross no line.

    Stories are ruled off from each other; where the blank beside a rule is narrower than a line
    gap, the rule is still the page's own statement that two things end there."""
    if not rules:
        return []
    box = union_boxes([it.box for it in items])
    lo, hi = (0, 2) if axis == 0 else (1, 3)
    out = []
    for r in rules:
        thick = r[hi] - r[lo]
        along = (r[1], r[3]) if axis == 0 else (r[0], r[2])
        span = (box[1], box[3]) if axis == 0 else (box[0], box[2])
        if thick > 3.0 or min(along[1], span[1]) - max(along[0], span[0]) < 0.75 * (span[1] - span[0]):
            continue
        mid = (r[lo] + r[hi]) / 2
        if box[lo] < mid < box[hi] and not any(it.box[lo] < mid < it.box[hi] for it in items):
            out.append((mid, mid))
    return sorted(set(out))


OPEN_BAND = 5.0  # a blank this many line gaps tall (or a rule) across two pieces parts the stories over
# and under it, whatever title stands right under its text (fresh 93029: a rule and 6.8 line gaps — a
# story stacked under another beside a third's headline box, its title set under its text)


def _unite_bands(parts: list[list[Item]], gap_y: float, rules: list[Box]) -> list[list[Item]]:
    """Undo a gutter cut between neighbouring pieces that a blank (or rule) runs across, where one
    piece has its title only above that line and the other only below it, and each has text on the
    far side from its title (not only a photo or caption): two stories stacked over the same
    columns with their titles staggered (a title set over only some of its story's columns, the
    next title beside its text) — they are cut by that band first."""
    out = [parts[0]]
    for p in parts[1:]:
        both = out[-1] + p
        staggered = False
        ruled = _ruled_gaps(both, 1, rules)
        for a, b in ruled or _gaps(both, 1, gap_y):
            cut = (a + b) / 2
            sides = [
                (
                    any(it.group is not None and it.top < cut for it in q),
                    any(it.group is not None and it.top > cut for it in q),
                )
                for q in (out[-1], p)
            ]
            # each piece has text on the side away from its title (the story its title does not head)
            filled = all(
                any(it.line is not None and it.role == "body" and (it.top > cut) == up for it in q)
                for q, (up, _down) in zip((out[-1], p), sides, strict=True)
            )
            if all(up != down for up, down in sides) and sides[0] != sides[1] and filled:
                if not ruled and _paragraph_gap(both, a, b):
                    continue  # no wider than the blanks between paragraphs of one column: no band
                upper = out[-1] if sides[0][0] else p  # the piece whose title stands over the line
                if not ruled and _opens_story([it for it in _untitled(upper) if it.top > cut], 2):
                    continue  # its own story opens under it, on a byline: the title's, no other's
                if ruled or b - a > OPEN_BAND * gap_y:
                    staggered = True  # a rule, or a blank wider than any inside a story: stories apart
                    break
                # ... unless the title below the line sits right under that piece's text, unruled:
                # a title set under its own story
                low = out[-1] if sides[0][1] else p
                heads = [it for it in low if it.group is not None and it.top > cut]
                top = min(heads, key=lambda it: it.top)
                own = any(
                    it.line is not None
                    and it.role == "body"
                    and 0 <= top.top - it.bottom <= 1.5 * top.line.size
                    and _overlap_x(it, top) > 0
                    and not _ruled_apart(it, top, rules)
                    for it in low
                )
                if not own:
                    staggered = True
                    break
        if staggered:
            out[-1] = both
        else:
            out.append(p)
    return out


PARAGRAPH_GAPS = 2  # blanks as tall as a band, inside a column's text elsewhere, that make it no band


def _paragraph_gap(items: list[Item], a: float, b: float) -> bool:
    """Is the blank from ``a`` to ``b`` across the pieces no taller than blanks found between the
    lines of one column elsewhere in them (twice at least)?  A page that spaces its paragraphs
    (CSS, Typst) leaves such blanks in every column; where two columns' paragraph breaks happen to
    stand level, the blank across them is not a band between two stories stacked over the columns
    (WeasyPrint 5012: one flow of three columns cut into bands at a paragraph break)."""
    body = sorted(
        (it for it in items if it.line is not None and it.role == "body" and not it.line.vertical),
        key=lambda it: it.top,
    )
    tall = b - a - 0.5
    found = 0
    for k, it in enumerate(body):
        if it.bottom >= a - 0.5 and it.bottom <= b + 0.5:
            continue  # the blank in question itself
        nxt = next((q for q in body[k + 1 :] if q.top >= it.bottom and _overlap_x(q, it) > 0), None)
        if nxt is not None and nxt.top - it.bottom >= tall:
            found += 1
            if found >= PARAGRAPH_GAPS:
                return True
    return False


def _stranded(items: list[Item], size: float) -> int:
    """Title groups in ``items`` with no text of their own in reach: no body line overlapping them
    horizontally right under them (within 3 ems; or under the photo under them), nor right over
    them (a title set under its text, within 2 ems).
    (A title set beside its text counts as stranded in every cut alike.)"""
    body = [it for it in items if it.line is not None and it.role == "body"]
    pictures = sorted((it for it in items if it.line is None or it.role == "caption"), key=lambda it: it.top)
    n = 0
    for g in _groups_in(items):
        t = union_boxes([it.box for it in items if it.group == g])
        under = t[3]  # a photo (and its caption) under a title: its text starts under them
        for it in pictures:
            if min(it.x1, t[2]) - max(it.x0, t[0]) > 0 and -0.5 * size <= it.top - under <= 2 * size:
                under = max(under, it.bottom)
        near = False
        for it in body:
            if min(it.x1, t[2]) - max(it.x0, t[0]) <= 0:
                continue
            if -0.5 * size <= it.top - under <= 3 * size or -0.5 * size <= t[1] - it.bottom <= 2 * size:
                near = True
                break
        n += not near
    return n


def _parted_from_byline(parts: list[list[Item]], size: float) -> int:
    """Titles a y cut parts from the byline right under them (within three ems, under the title,
    the first line of the piece below): their story opens there — a title set over its text, not
    under the text over it."""
    n = 0
    for upper, lower in pairwise(parts):
        heads = [it for it in upper if it.group is not None and it.role == "title" and it.line is not None]
        if not heads:
            continue
        bottom = max(it.bottom for it in heads)
        x0, x1 = min(it.x0 for it in heads), max(it.x1 for it in heads)
        below = sorted(
            (it for it in lower if it.line is not None and it.group is None and _in_span(it, x0, x1)),
            key=lambda it: it.top,
        )
        if not below:
            continue
        row = [it for it in below if it.top - below[0].top <= 0.5 * size]  # the first line (of each column)
        if row[0].top - bottom <= 3 * size and any(_opens_story([it]) for it in row):
            n += 1
    return n


def cut_articles(
    items: list[Item], gap_x: float, gap_y: float, size: float, depth: int = 0, rules: list[Box] = ()
) -> list[list[Item]]:
    """Recursive XY-cut until each piece holds at most one title group (see module docstring)."""
    if len(_groups_in(items)) <= 1 or depth > 40:
        return [items]
    # A rule across the whole piece that no line crosses is tried before any blank.
    for axis in (1, 0):
        gaps = _ruled_gaps(items, axis, rules)
        if gaps:
            parts = _join_untitled(_split(items, axis, gaps), axis)
            if len(parts) > 1:
                return [r for p in parts for r in cut_articles(p, gap_x, gap_y, size, depth + 1, rules)]
    options = []
    for axis, thr in ((0, gap_x), (1, gap_y)):
        gaps = _gaps(items, axis, thr)
        if gaps:
            options.append((max(b - a for a, b in gaps), axis, gaps))
    if not any(axis == 1 for _, axis, _ in options):
        regrid = _regrid_gaps(items, size, gap_y - 0.3 * size)
        if regrid:  # (tried first: columns that change are surer than any gutter)
            options.append((float("inf"), 1, regrid))
    # Widest gap first, a horizontal one when about as wide: a page is laid out in bands of stories
    # more often than in full-height columns, and a full-height gutter may run between two columns
    # of one story.
    # ... unless that cut leaves a title with no text under or over it in its piece (a title over a
    # photo, its text under the photo) where another cut does not.
    best: tuple[int, list[list[Item]]] | None = None
    for _, axis, gaps in sorted(options, key=lambda o: -o[0] * (1.5 if o[1] == 1 else 1.0)):
        if axis == 0:
            parts = _unite_bands(_join_untitled(_heads_with(_split(items, axis, gaps)), axis), gap_y, rules)
        else:
            parts = _join_untitled(_split(items, axis, gaps), axis)
        if len(parts) > 1:
            stranded = sum(_stranded(p, size) for p in parts) + (
                axis == 1 and _parted_from_byline(parts, size)
            )
            if best is None or stranded < best[0]:
                best = (stranded, parts)
            if stranded == 0:
                break
    if best is not None:
        return [r for p in best[1] for r in cut_articles(p, gap_x, gap_y, size, depth + 1, rules)]
    return _by_ownership(items, gap_y, size)


REGRID = 0.5  # ems: a blank this wide across a piece, the columns changing at it, parts two bands


def _regrid_gaps(items: list[Item], size: float, leading: float) -> list[tuple[float, float]]:
    """Blanks between the piece's body lines narrower than a band gap but wider than a line gap
    (``REGRID`` em: twice the gap between lines, less than a heading's space) that no line crosses,
    where the columns above are not the columns below: a column's edges (its lines' leftmost start
    and rightmost end, five lines each side) both moved by ``REGRID`` em. Two bands of stories set
    tight, each in its own grid (a vertical title beside the lower one may reach up into the blank:
    its glyphs stand taller than the text's); a story keeps its columns, and a section heading's
    space leaves them where they were."""
    body = [it for it in items if it.line is not None and it.role == "body" and not it.line.vertical]
    if len(body) < 6:
        return []
    spans = sorted((it.top, it.bottom) for it in body)
    out = []
    end = spans[0][1]
    reach = 5 * (1.1 * size + leading)  # five lines (``leading``: the blank between two lines)
    for a, b in spans[1:]:
        if a - end > REGRID * size and not any(it.top < (a + end) / 2 < it.bottom for it in items):
            above = [it for it in body if end - reach <= it.bottom <= end + 0.5]
            below = [it for it in body if a - 0.5 <= it.top <= a + reach]
            if _columns_move(_columns(above), _columns(below), REGRID * size):
                out.append((end, a))
        end = max(end, b)
    return out


def _columns(lines: list[Item]) -> list[tuple[float, float, int]]:
    """(left, right, lines) of each run of lines overlapping across the page, left to right."""
    out: list[tuple[float, float, int]] = []
    for it in sorted(lines, key=lambda it: it.x0):
        if out and it.x0 < out[-1][1]:
            x0, x1, n = out[-1]
            out[-1] = (x0, max(x1, it.x1), n + 1)
        else:
            out.append((it.x0, it.x1, 1))
    return out


def _columns_move(
    above: list[tuple[float, float, int]], below: list[tuple[float, float, int]], d: float
) -> bool:
    """Does a column of three lines or more above meet one below whose edges both moved by ``d``?"""
    return any(
        abs(a0 - b0) > d and abs(a1 - b1) > d
        for a0, a1, n in above
        if n >= 3
        for b0, b1, m in below
        if m >= 3 and b0 < a1 and a0 < b1
    )


def _flow_on(pieces: list[list[Item]], size: float, boxed: list[Item] = ()) -> list[list[Item]]:
    """Text at the top of a column, over the title its piece was given to, that carries on the
    story the column to its left ended with: that story's, not the title's below it.

    A page set as one flow (a magazine's, or stories run on from column to column) breaks a story
    at a column's foot and goes on at the next column's head, where the cut finds text above the
    next story's title and takes it for a story set over its title. It goes on the story before
    when that story's last line stops mid-sentence (not on a jump note) and the text starts
    unindented and without a byline, when that story is a title with no text yet (set at a
    column's foot), or when a byline under the title (in its first two lines: a heading may stand
    over the dateline) opens the title's own story there. Over and under are asked in the title's
    own column: a piece may hold the columns beside it too, their text higher up but not over it."""
    moved: set[int] = set()  # lines a flow's column gave to the story they carry on: settled
    out = _bylines_under_titles([list(p) for p in pieces], size)
    out = _flow_columns(out, size, moved, boxed)
    for k, piece in enumerate(out):
        heads = [it for it in piece if it.group is not None]
        if not heads:
            continue
        title_top = min(it.top for it in heads)
        hx0, hx1 = min(it.x0 for it in heads), max(it.x1 for it in heads)
        body = [it for it in piece if it.group is None and it.role == "body" and it.line is not None]
        above = [it for it in body if it.bottom <= title_top and id(it) not in moved]
        if not above:
            continue
        # none under it: a title set under its text, or one at a column's foot whose story opens in
        # the next column — the text over it is the story before's only if it reads on from it
        under = len(above) < len(body)
        # over the title: in its column (a column beside the title, higher up, is not over it)
        # (a kicker over the title is the title's, whatever the run above it: dashed lines at the
        # run's foot — one with text under it is the run's, a sentence broken after a dash)
        run = sorted((it for it in above if _in_span(it, hx0, hx1)), key=lambda it: it.top)
        while run and is_kicker(run[-1].line.text):
            run.pop()
        if not run:
            continue
        x0, x1 = min(it.x0 for it in run), max(it.x1 for it in run)
        # (and the run's short lines clear of the title's span, in the run's column between its
        # lines: a paragraph's last line ``局。`` left of a title centred in the column, Typst 11408)
        lo, hi = run[0].top, run[-1].bottom
        ids = {id(it) for it in run}
        run += [it for it in above if id(it) not in ids and x0 <= it.x0 and it.x1 <= x1 and lo < it.top < hi]
        run.sort(key=lambda it: it.top)
        top = run[0]
        ids = {id(it) for it in run}
        # (a photo and its caption over the run do not: under them the run opens its column)
        over = [
            (j, it)
            for j, q in enumerate(out)
            for it in q
            if id(it) not in ids
            and it.bottom <= top.top
            and min(it.x1, x1) - max(it.x0, x0) > 0
            and it.line is not None
            and it.role != "caption"
        ]
        # one column's run of text (several columns: a title under them; one line: a kicker's head)
        one_column = len(run) > 1 and max(it.x0 for it in run) - x0 <= 2.5 * size
        if over:  # the run does not open its column: it may carry on the story over it there
            j, last = max(over, key=lambda t: t[1].bottom)
            column = [it for i, it in over if i == j]
            # (or it opens on a section heading, set apart by its face or stroke: a story goes on
            # under one; a story set over its title opens on its lead or its byline)
            t = top.line.text
            # (a heading never breaks a sentence: the text over it must have ended one)
            heading = (
                top.line.emph
                and not ends_sentence(t)
                and not _opens_story([top])
                and last.group is None
                and last.line is not None
                and ends_sentence(last.line.text)
            )
            # (not where the column left of it in its piece opens a story level with it, on a byline
            # or dateline: a band's columns opening together, the run goes on with that story)
            if (
                one_column
                and j != k
                and last.line is not None
                and (heading or _reads_on(last, top, x0, column, size))
                and not _opens_story(
                    [it for _, it in _left_column([piece], -1, run, size) if abs(it.top - top.top) <= size]
                )
            ):
                out[j] = out[j] + run
                out[k] = [it for it in piece if id(it) not in ids]
            continue
        # a byline right under the title opens its story there: the text over the title is not its
        # (in the title's column: a title centred over it, its byline flush left under it)
        below = [it for it in body if it.top > title_top and _in_span(it, min(hx0, x0), max(hx1, x1))]
        opened = bool(below) and (_opens_story(below, 2) or _opens_story(_past_heading(below)))
        if not under and (not one_column or _left_column([piece], -1, run, size)):
            continue  # a title under its story's columns (one left of the run, too): they are its own
        j = _left_story(out, k, run, top, size, opened, plain=not under)
        if j is not None:
            out[j] = out[j] + run
            out[k] = [it for it in piece if id(it) not in ids]
    return out


def _bylines_under_titles(out: list[list[Item]], size: float) -> list[list[Item]]:
    """A title with no text under it, a byline right under it opening text the cut gave to the
    title at that text's foot: the text is the upper title's (its byline says so), down to the
    lower title. The cut, wanting no title without text, had parted the upper title from its byline
    where the column above it held a few lines run on from another story (a flow's column head);
    a title set under its own story has that story over it, opening with its own byline."""
    for k, piece in enumerate(out):
        heads = [it for it in piece if it.group is not None and it.line is not None]
        if not heads or any(it.line.vertical for it in heads):
            continue
        x0, _, x1, bottom = union_boxes([it.box for it in heads])
        body = [it for it in piece if it.group is None and it.role == "body" and it.line is not None]
        mine = [it for it in body if _in_span(it, x0, x1)]
        # (a section heading right under it, before any text, is no text of its own: its story
        # opens under that, on the byline or dateline the cut parted from it)
        heads_under = [it for it in mine if it.top >= bottom and _phrase_line(it)]
        if 0 < len(heads_under) <= 2 and not any(it.top >= bottom and not _phrase_line(it) for it in mine):
            bottom = max(it.bottom for it in heads_under)
        if any(it.top >= bottom for it in mine) or _opens_story(mine):
            continue  # text under it, or a story of its own over it
        under = [
            (j, it)
            for j, q in enumerate(out)
            for it in q
            if it.line is not None and it.top >= bottom - 0.5 and _in_span(it, x0, x1)
        ]
        if not under:
            continue
        j, first = min(under, key=lambda t: t[1].top)
        if j == k or first.group is not None or first.top - bottom > size or not _opens_story([first]):
            continue
        lower = [
            it.top for it in out[j] if it.group is not None and _in_span(it, x0, x1) and it.top > first.top
        ]
        if not lower or any(it.group is not None for it in out[j] if it.top < first.top):
            continue  # (the lower piece's title is under that text, as a title set under its story)
        ids = {
            id(it)
            for it in out[j]
            if it.group is None and _in_span(it, x0, x1) and first.top <= it.top and it.bottom <= min(lower)
        }
        out[k] = piece + [it for it in out[j] if id(it) in ids]
        out[j] = [it for it in out[j] if id(it) not in ids]
    return out


def _past_heading(lines: list[Item]) -> list[Item]:
    """The lines after a section heading of up to two lines (``一、做实代表工作 织密`` / ``监督网``)
    opening them, if they open so."""
    ordered = sorted((it for it in lines if it.line is not None), key=lambda it: it.top)
    k = 0
    while k < min(2, len(ordered)) and _phrase_line(ordered[k]):
        k += 1
    return ordered[k:] if k else []


def _phrase_line(it: Item) -> bool:
    """A line of words with no clause mark that ends no sentence (a section heading's; its number
    ``一、`` or ``（一）`` aside)."""
    t = it.line.text if it.line is not None else ""
    t = t[m.end() :] if (m := SECTION_NUMBER.match(t)) else t
    return bool(t) and len(t) <= 24 and not ends_sentence(t) and not any(c in _CLAUSE_MARKS for c in t)


def _in_span(it: Item, x0: float, x1: float) -> bool:
    """Does the item stand over or under the span ``x0``–``x1`` (any overlap)?"""
    return min(it.x1, x1) - max(it.x0, x0) > 0


def _flow_columns(
    out: list[list[Item]], size: float, moved: set[int], boxed: list[Item] = ()
) -> list[list[Item]]:
    """A column of the page that holds no title and one story's text only (no byline or dateline
    in it, no author note or closing credit but at its end), cut into the pieces beside it by
    height: in a flow it carries on the story the column to its left ends with (see
    :func:`_left_story`) — surely so when it runs down past another story's title in that column
    (no block beside it is that tall)."""
    titles = [it for q in out for it in q if it.group is not None]
    top_of_page = min((it.top for q in out for it in q), default=0.0)
    done: set[int] = set()
    for piece in list(out):
        heads = [it for it in piece if it.group is not None]
        if not heads:
            continue
        hbox = union_boxes([it.box for it in heads])
        body = [it for it in piece if it.group is None and it.role == "body" and it.line is not None]
        # beside the title: to its right, or (a title set across the text, not a vertical one
        # beside it) to its left — a column the cut joined to the title beside it
        sides = [[it for it in body if it.x0 >= hbox[2]]]
        if not any(it.line is not None and it.line.vertical for it in heads):
            sides.append([it for it in body if it.x1 <= hbox[0]])
        for aside in sides:
            # the highest column beside it (the leftmost of columns opening level), then — while
            # each is given on as a flow's column — the next one right of it: a flow goes on from
            # column to column
            while rest := [it for it in aside if id(it) not in done]:
                head = min(it.top for it in rest)
                first = min((it for it in rest if it.top - head <= size), key=lambda it: it.x0)
                out = _flow_column(out, first, titles, top_of_page, size, moved, done, boxed, hbox[1])
                if id(first) not in moved:
                    break
                aside = [it for it in aside if it.x0 > first.x0 + size]
    return [q for q in out if q]


def _flow_column(
    out: list[list[Item]],
    first: Item,
    titles: list[Item],
    top_of_page: float,
    size: float,
    moved: set[int],
    done: set[int],
    boxed: list[Item] = (),
    head_top: float | None = None,
) -> list[list[Item]]:
    """The column opening with ``first`` given to the story it carries on (see :func:`_flow_columns`).
    A boxed note set in the column (a sidebar's lines, ``boxed``) stands in its run, not apart; a
    column ending above the top of the title beside it (``head_top``) is not that title's text."""
    if id(first) in done:
        return out
    # the column's measure: its widest line starting where ``first`` does (or indented from
    # there) — ``first`` itself may be a short heading
    fx1 = max(
        (
            it.x1
            for q in out
            for it in q
            if it.line is not None and it.role == "body" and 0 <= it.x0 - first.x0 <= 2.5 * size
        ),
        default=first.x1,
    )
    # and its left edge: where its unindented lines start (``first`` may be an indented first line)
    fx0 = min(
        (
            it.x0
            for q in out
            for it in q
            if it.line is not None
            and it.role == "body"
            and 0 < first.x0 - it.x0 <= 2.5 * size
            and it.x1 > first.x0 + size
        ),
        default=first.x0,
    )

    def in_column(it: Item) -> bool:  # (more than half of it within the measure)
        return min(it.x1, fx1) - max(it.x0, fx0) > 0.5 * (it.x1 - it.x0)

    # the column's lines and pictures (a photo and its caption may stand in it)
    every = sorted((it for q in out for it in q if in_column(it)), key=lambda it: it.top)
    col = [it for it in every if it.line is not None and it.role == "body"]
    done.update(id(it) for it in col)
    x0, x1 = min(it.x0 for it in col), max(it.x1 for it in col)
    if any(_in_span(t, x0, x1) for t in titles) or col[0] is not first:
        return out
    if any(it.group is not None or it.role not in ("body", "caption", "other") for it in every):
        return out
    spans = sorted(every + [it for it in boxed if in_column(it)], key=lambda it: it.top)
    if any(b.top - a.bottom > COLUMN_GAP * size for a, b in pairwise(spans)):
        return out  # blocks stacked in the column, set apart: not one story's run
    texts = [it.line.text for it in col if it.line is not None]
    opens = [
        k for k, t in enumerate(texts) if k and (parse_byline(t) is not None or may_continue_dateline(t))
    ]
    if opens:
        # a story starts inside it — its own, where it opens at the column's head (a subtitle and
        # byline in its first lines) and the column to its left ends on a title with no text yet:
        # a title set at a column's foot, its story set on at the next column's head (a flow)
        j = _bare_foot(out, col, size) if opens[-1] < OPENING_LINES else None
        if j is None or first.top > top_of_page + 2 * size:
            return out
        return _give(out, col, j, moved)
    # (its end: an author's note or credit in its last two lines, a jump note after them — Typst
    # 12610, 12614: ``（作者系…`` over ``（下转第 4 版）``, the column given to a story beside it
    # whose own text had ended, the story it carries on cut short)
    end = len(texts)
    while end and is_jump(texts[end - 1]):
        end -= 1
    if any(is_footnote_start(t) or parse_end_credit(t) is not None for t in texts[: max(end - 2, 0)]):
        return out  # a story ends inside it
    bottom = col[-1].bottom
    left = _left_column(out, -1, col, size)
    # (a title level with the column's head — its first line — is not one the column runs past)
    head_of: dict[int | None, float] = {}
    for it in titles:
        head_of[it.group] = min(head_of.get(it.group, it.top), it.top)
    crosses = any(first.top + size < head_of[it.group] < bottom for _, it in left if it.group is not None)
    # (not surely: only a column opening at the page's head, as a flow's columns do — a column
    # opening lower may be a block's beside a title set to its left; a photo and its caption over
    # its text open it too)
    if not crosses and every[0].top > top_of_page + 2 * size:
        return out
    # (a column wholly above the title beside it is not that title's text either; nor, at the
    # page's head, is it the text of a story the column to its left shows ending: its text there
    # runs down to another story's title — in a flow a column carries on the story at the foot of
    # the column before)
    above_title = head_top is not None and bottom < head_top - size
    heads_left = sorted(
        it.top for _, it in left if it.group is not None and head_of[it.group] > first.top + size
    )
    ended = bool(heads_left) and any(
        it.group is None and it.role == "body" and first.top <= it.top < heads_left[0] for _, it in left
    )
    # (nor, in a flow, when the column to its left was itself given on as a flow's column and
    # does not close its story: this column goes on with it)
    last = max(left, key=lambda t: t[1].bottom, default=None)
    flowed = last is not None and id(last[1]) in moved and not _closes_story([it for _, it in left])
    j = _left_story(out, -1, col, first, size, crosses or above_title or ended or flowed)
    if j is None:
        return out
    return _give(out, col, j, moved)


def _give(out: list[list[Item]], col: list[Item], j: int, moved: set[int]) -> list[list[Item]]:
    """``out`` with the column's lines ``col`` taken from their pieces and given to piece ``j``
    (settled: recorded in ``moved``)."""
    ids = {id(it) for it in col}
    moved |= ids
    return [[it for it in q if id(it) not in ids] + (col if k == j else []) for k, q in enumerate(out)]


OPENING_LINES = 4  # a story's opening at a column's head: subtitle lines and a byline, within these


def _titles_only(piece: list[Item]) -> bool:
    """A piece of titles only (with its byline, if any: still no text)."""
    return all(
        it.group is not None or it.line is None or parse_byline(it.line.text) is not None for it in piece
    )


def _bare_foot(out: list[list[Item]], col: list[Item], size: float) -> int | None:
    """The piece of the title the column left of ``col`` ends on, when that title has no text yet
    (its piece holds titles and bylines only)."""
    left = _left_column(out, -1, col, size)
    if not left:
        return None
    j, last = max(left, key=lambda t: t[1].bottom)
    if last.group is None:
        return None
    return j if _titles_only(out[j]) else None


def _left_column(out: list[list[Item]], k: int, run: list[Item], size: float) -> list[tuple[int, Item]]:
    """(piece, line) of the column right to the left of ``run`` (pieces other than ``k``): lines
    ending within a column's width and a gutter of the run's left edge, of the nearest column."""
    x0 = min(it.x0 for it in run)
    width = max(it.x1 for it in run) - x0
    left = [
        (j, it)
        for j, q in enumerate(out)
        if j != k
        for it in q
        if it.line is not None and x0 - width - 3 * size <= it.x1 <= x0 + 0.5 * size
    ]
    if not left:
        return []
    # the nearest column's left edge (not one further left), where its text lines start (a title
    # may be centred over the column; a lone fragment — a spaced name's glyph broken off a line —
    # starts no column: an edge is where two lines start at least)
    starts = Counter(round(it.x0) for _, it in left if it.group is None)
    edges = [x for x, n in starts.items() if n >= 2] or list(starts)
    edge = max(edges, default=max(it.x0 for _, it in left))
    return [(j, it) for j, it in left if it.x0 >= edge - 3 * size]


_JUMP = ("下转", "转第", "上接", "接第")
_JUMP_ON = ("下转", "转第")  # (the story goes on elsewhere: it ends on this page)


def is_jump(text: str) -> bool:
    """A jump note's words (``（下转第X版）``, ``（上接第X版）``): the story goes on on another page."""
    return any(m in text for m in _JUMP)


def _left_story(
    out: list[list[Item]],
    k: int,
    run: list[Item],
    top: Item,
    size: float,
    surely: bool = False,
    plain: bool = False,
) -> int | None:
    """The piece whose story ``run`` carries on (see :func:`_flow_on`): the one holding the lowest
    line of the column to the run's left, when that line stops mid-sentence (or is a title with no
    text yet) and the run's first line reads on from it — or, ``surely``, whatever the lines;
    ``plain``: only when the lines read on (the run may be the story of the title under it)."""
    x0 = min(it.x0 for it in run)
    left = _left_column(out, k, run, size)
    if not left:
        return None
    j, last = max(left, key=lambda t: t[1].bottom)
    assert last.line is not None and top.line is not None
    # a title with no text yet (its byline at most, or a section heading set over its story's
    # opening): the run is its text
    bare = not any(
        it.group is None and it.role == "body" and it.line is not None and parse_byline(it.line.text) is None
        for it in out[j]
    ) or (bool(_groups_in(out[j])) and _no_prose(out[j]))
    carried = _reads_on(last, top, x0, [it for i, it in left if i == j], size)
    if plain:
        return j if carried else None
    # (surely, whatever the lines — but a column opening on a byline or dateline opens a story:
    # the story of a title the column to its left ends on at the run's foot, nothing under it)
    opens = _opens_story([top])
    foot = (
        last.group is not None
        and last.role == "title"
        and opens
        and last.bottom >= max(it.bottom for it in run) - 2 * size
    )
    return j if bare or carried or (surely and ((last.role == "body" and not opens) or foot)) else None


def _reads_on(last: Item, top: Item, x0: float, column: list[Item], size: float) -> bool:
    """Does ``top`` (the first line of text starting at ``x0``) carry on the story ``last`` (the
    lowest line of ``column``, in another piece) ends with? ``last`` stops mid-sentence (no jump
    note) and ``top`` reads on unindented — or ``last`` ends a section heading and ``top`` opens
    its first paragraph — and ``top`` is no byline or dateline."""
    assert last.line is not None and top.line is not None
    first = top.line
    return (
        last.group is None
        and last.role == "body"
        and not ends_sentence(last.line.text)
        and not _set_apart(first, last.line)
        and not is_jump(last.line.text)
        and (first.x0 - x0 < 1.2 * first.size or _heading_tail(last, column, size))
        and parse_byline(first.text) is None
        and not may_continue_dateline(first.text)
    )


_CLAUSE_MARKS = frozenset("，、；：,;:")


def _set_apart(line: GLine, before: GLine) -> bool:
    """Is ``line`` set apart from the text line ``before`` it, in a larger or emboldened face (a
    heading's)?  It carries no sentence of that text on: a heading never breaks one."""
    return line.size > MID_RATIO * before.size or (line.emph and not before.emph)


def _heading_tail(last: Item, column: list[Item], size: float) -> bool:
    """Is ``last``, a column's lowest line, a section heading's (last) line — a phrase without clause
    marks stopping short of the column's measure? The story goes on after it with a paragraph, its
    first line indented, at the next column's head."""
    assert last.line is not None
    measure = max((it.x1 for it in column if it.group is None and it.role == "body"), default=last.x1)
    text = last.line.text
    return (
        last.x1 < measure - 2 * size
        and not _CLAUSE_MARKS.intersection(text)
        and parse_byline(text) is None
        and not _closes_story([last])
    )


def ends_sentence(text: str) -> bool:
    """Ends on a sentence mark, also inside a closing quote (``…。”``); a heading may end on a quote."""
    t = text.rstrip().rstrip("”’』」）)")
    return t[-1:] in "。！？!?…"


# ----------------------------------------------------------------------------- reading order


def block_order(items: list[Item], pr: PageRegions) -> list[list[Item]]:
    """:func:`reading_order` with the page's own thresholds (a gutter, leading and a bit)."""
    return reading_order(items, GUTTER * pr.body_size, pr.leading + 0.3 * pr.body_size)


def reading_order(items: list[Item], gap_x: float, gap_y: float, depth: int = 0) -> list[list[Item]]:
    """Blocks of lines in reading order: columns left to right (a clean vertical gutter first), else
    bands top to bottom; lines spanning the columns (a lead paragraph) are read before them."""
    if len(items) <= 1 or depth > 60:
        return [sorted(items, key=lambda it: it.top)] if items else []
    gaps = _gaps(items, 0, gap_x)
    if gaps:
        return [b for p in _split(items, 0, gaps) for b in reading_order(p, gap_x, gap_y, depth + 1)]
    gaps = _gaps(items, 1, gap_y)
    if gaps:
        return [b for p in _split(items, 1, gaps) for b in reading_order(p, gap_x, gap_y, depth + 1)]
    x0 = min(it.x0 for it in items)
    x1 = max(it.x1 for it in items)
    wide = [it for it in items if it.x1 - it.x0 > 0.6 * (x1 - x0)]
    rest = [it for it in items if it.x1 - it.x0 <= 0.6 * (x1 - x0)]
    if wide and rest and _gaps(rest, 0, gap_x):  # lines across the columns the rest stand in
        top_rest = min(it.top for it in rest)
        head = [it for it in wide if it.top < top_rest]
        if head:
            ids = {id(it) for it in head}
            others = [it for it in items if id(it) not in ids]
            return [sorted(head, key=lambda it: it.top), *reading_order(others, gap_x, gap_y, depth + 1)]
    head = _over_columns(items, gap_x)
    if head:
        ids = {id(it) for it in head}
        others = [it for it in items if id(it) not in ids]
        return [head, *reading_order(others, gap_x, gap_y, depth + 1)]
    return [sorted(items, key=lambda it: (it.top, it.x0))]


def _over_columns(items: list[Item], gap_x: float) -> list[Item]:
    """The top one to three lines when each runs over a gutter of the columns under them (a
    byline set across a story's own columns, too narrow to count as a line across them all) — or
    into it, closing it (a byline 3 pt short of the next column: LibreOffice 12203, the two
    columns under it read line by line in turn): read first, then the columns."""
    boxes = [it.box for it in items]
    wide = 0.6 * (max(b[2] for b in boxes) - min(b[0] for b in boxes))
    if 2 * sum(1 for b in boxes if b[2] - b[0] > wide) >= len(boxes):
        return []  # most lines span the block: one column (the common case, asked at once)
    ordered = sorted(items, key=lambda it: (it.top, it.x0))
    for n in range(1, min(3, len(ordered) - 2) + 1):
        head, rest = ordered[:n], ordered[n:]
        if max(it.bottom for it in head) > rest[0].top:
            break
        gaps = _gaps(rest, 0, gap_x)
        if gaps and all(any(it.x0 < a < it.x1 for a, b in gaps) for it in head):
            return head
    return []


# ----------------------------------------------------------------------------- page


def page_regions(
    lines: list[GLine], width: float, height: float, images: list[Box], rects: list[Box]
) -> PageRegions:
    """The page's furniture and article regions (each with its items), regions in reading order."""
    size = body_size(lines)
    leading = _leading(lines, size)
    items = [Item(ln, ln.box) for ln in lines]
    photos = [Item(None, b, role="other") for b in images if (b[2] - b[0]) > size and (b[3] - b[1]) > size]
    items += photos
    _mark_furniture(items, width, height, rects, size)
    vertical_body = 0
    for it in items:
        if (
            it.line is not None
            and it.line.vertical
            and it.line.size < TITLE_RATIO * size
            and it.role == "body"
        ):
            it.role = "other"
            vertical_body += 1
    # drawn rules, either way: thin, and long enough to rule something off
    drawn = [
        r for r in rects if min(r[2] - r[0], r[3] - r[1]) <= 3.0 and max(r[2] - r[0], r[3] - r[1]) >= 2 * size
    ]
    _mark_titles(items, size, [r for r in drawn if r[3] - r[1] <= 3.0 and r[2] - r[0] >= 2 * size])
    furniture = [it for it in items if it.role in ("header", "footer", "box", "caption")]
    content = [it for it in items if it.role not in ("header", "footer", "box")]
    if not content:
        return PageRegions(size, leading, [], furniture, vertical_body)
    gap_x = GUTTER * size
    gap_y = leading + 0.3 * size
    boxed = [it for it in items if it.role == "box"]
    pieces = _flow_on(cut_articles(content, gap_x, gap_y, size, rules=drawn), size, boxed)
    regions = []
    for p in pieces:
        gids = _groups_in(p)
        regions.append(Region(p, min(gids) if gids else None))
    return PageRegions(size, leading, regions, furniture, vertical_body)
