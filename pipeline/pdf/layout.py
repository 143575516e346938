"""One PDF page's glyphs → a :class:`~pipeline.types.PageLayout` like the text path's, plus geometry.

Pure: no PDFium here (``reader`` gives plain numbers), so every step is testable on hand-made glyphs.
Line numbers (``LineRole.lineno``, paragraph ``line_start``/``line_end``) count the page's printed
lines in reading order: header, then each article region (title group, then columns), then the
remaining furniture — what ``baokan inspect PAGE.pdf`` prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from operator import attrgetter

from pipeline.layout.roles import editor_of, ends_sentence_compact, is_kicker, parse_header
from pipeline.layout.spacing import join_wrapped
from pipeline.pdf.doubts import STORIES_UNSURE, Placed, doubts, left_foot, moves, right_head
from pipeline.pdf.glyphlines import Box, GLine, page_lines
from pipeline.pdf.page import (
    _FURNITURE_ROLE,
    _rounded,
    _title_parts,
    page_indents,
    read_region,
    region_blocks,
)
from pipeline.pdf.reader import PageGlyphs
from pipeline.pdf.regions import (
    Item,
    PageRegions,
    Region,
    _closes_story,
    _left_column,
    _left_story,
    _overlap_x,
    _reads_on,
    is_jump,
    page_regions,
    union_boxes,
)
from pipeline.types import LayoutArticle, LineRole, PageFurniture, PageLayout


@dataclass(frozen=True, slots=True)
class PdfLine:
    """A printed line as ``inspect`` shows it: number, role, article and its box."""

    lineno: int
    text: str
    role: str
    article: int | None
    box: tuple[float, float, float, float]
    size: float
    note: str | None = None


@dataclass(frozen=True, slots=True)
class PdfPageLayout:
    layout: PageLayout
    lines: tuple[PdfLine, ...]
    body_size: float
    flags: tuple[str, ...] = ()
    photos: tuple[tuple[float, float, float, float], ...] = field(default_factory=tuple)
    # articles (by position) whose reading the geometry leaves open, and why (:mod:`~pipeline.pdf.doubts`):
    # flagged ``stories_unsure``, as is the page
    unsure: tuple[tuple[int, str], ...] = ()


def _ordered_items(pr: PageRegions, blocks: list[list[list[Item]]]) -> list[Item]:
    """Every line item in reading order (see module docstring); ``blocks``: each region's body in
    reading order (:func:`region_blocks`)."""
    header = sorted((it for it in pr.furniture if it.role == "header"), key=lambda it: (it.top, it.x0))
    out = list(header)
    for region, body_blocks in zip(pr.regions, blocks, strict=True):
        titles = sorted(
            (it for it in region.items if it.role in ("kicker", "title", "subtitle") and it.line is not None),
            key=lambda it: (it.top, -it.x0 if it.line.vertical else it.x0),
        )
        out += titles
        for block in body_blocks:
            out += block
        out += sorted(
            (it for it in region.items if it.line is not None and it.role in ("caption", "other")),
            key=lambda it: (it.top, it.x0),
        )
    seen = {id(it) for it in out}
    out += sorted(
        (it for it in pr.furniture if id(it) not in seen and it.line is not None),
        key=lambda it: (it.top, it.x0),
    )
    return out


def _page_furniture(pr: PageRegions, texts: list[PageFurniture]) -> PageFurniture:
    pub = date = page = column = editor = None
    other: list[str] = []
    for it in sorted(pr.furniture, key=lambda it: (it.top, it.x0)):
        if it.line is None:
            continue
        t = it.line.text
        if it.role in ("header", "footer"):
            h = parse_header(t)
            if h is not None:
                pub, date = pub or h.publication, date or h.date
                page, column = page or h.page, column or h.column
            editor = editor or editor_of(t)
        if it.role in ("caption", "box", "footer") and not (it.role == "footer" and editor_of(t)):
            other.append(t)
    for f in texts:
        pub, date, page, column = pub or f.publication, date or f.date, page or f.page, column or f.column
        editor = editor or f.editor
        other += list(f.other)
    if pub is None:  # the masthead: the largest header line, when it names a paper
        heads = [it for it in pr.furniture if it.role == "header" and it.line is not None]
        if heads:
            big = max(heads, key=lambda it: it.line.size)
            h = parse_header(big.line.text)
            pub = h.publication if h else None
    return PageFurniture(
        publication=pub, date=date, page=page, column=column, editor=editor, other=tuple(dict.fromkeys(other))
    )


def _placed(region: Region, blocks: list[list[Item]]) -> Placed:
    """A region's title group box and its column blocks' boxes, as its article's boxes are."""
    titles = [it.box for it in region.items if it.role in ("title", "kicker", "subtitle")]
    return Placed(
        union_boxes(titles) if titles else None, [union_boxes([it.box for it in b]) for b in blocks]
    )


def _move(pr: PageRegions, blocks: list[list[list[Item]]], src: int, dst: int, items: list[Item]) -> None:
    """Move ``items`` (of region ``src``) to region ``dst``, after its own, and read both regions'
    column blocks again. (The regions' lists change in place: callers may hold them.)"""
    ids = {id(it) for it in items}
    pr.regions[dst].items += items
    pr.regions[src].items[:] = [it for it in pr.regions[src].items if id(it) not in ids]
    blocks[src], blocks[dst] = region_blocks(pr.regions[src], pr), region_blocks(pr.regions[dst], pr)


def _give_back(pr: PageRegions, blocks: list[list[list[Item]]]) -> dict[int, str]:
    """Runs a title took that carry on another story go to it (:func:`~pipeline.pdf.doubts.moves`);
    ``blocks`` is updated. The regions concerned (by index), with why they stay flagged."""
    if len(pr.regions) < 2:
        return {}
    found = moves([_placed(r, b) for r, b in zip(pr.regions, blocks, strict=True)], pr.body_size)
    settled: dict[int, str] = {}
    for mv in found:
        take = {id(it) for k in mv.pieces for it in blocks[mv.source][k]}
        _move(pr, blocks, mv.source, mv.target, [it for it in pr.regions[mv.source].items if id(it) in take])
        why = "runs at a column's head over its title were given to the story the column to their left ends with"
        settled[mv.source] = why
        settled[mv.target] = f"took runs at a column's head from the story under them (a flow): {why}"
    return settled


def _carried_on(pr: PageRegions, blocks: list[list[list[Item]]]) -> None:
    """A titled story's first column of text that reads on from the story the column to its left
    ends with — that story stops mid-sentence at its column's foot, this column opens level with
    its top on a line flush with the measure (a paragraph carried on: no story's first line, which
    is indented) — is that story's: a run the cut gave to the title beside it (``blocks`` updated).
    The sentence split across the gutter shows it, so nothing is flagged."""
    size = pr.body_size
    out = [r.items for r in pr.regions]  # (the regions' own lists: a move below updates them)
    for k, region in enumerate(pr.regions):
        if not blocks[k] or not any(it.role == "title" for it in region.items):
            continue
        first = blocks[k][0]
        x0, x1 = min(it.x0 for it in first), max(it.x1 for it in first)
        column = [
            b for b in blocks[k] if min(x1, max(it.x1 for it in b)) - max(x0, min(it.x0 for it in b)) > 0
        ]
        if len(column) == len(blocks[k]):
            continue  # its only column: the title would be left with no text
        run = [it for b in column for it in b]
        top = min(first, key=lambda it: it.top)
        if top.x0 - x0 >= 0.5 * size:
            continue  # indented: a paragraph (a story) may open there
        j = _left_story(out, k, run, top, size, plain=True)
        if j is None or any(it.bottom <= top.top and min(x1, it.x1) - max(x0, it.x0) > 0 for it in out[j]):
            continue  # (that story goes on at this column's head already, over the title)
        left = [it for i, it in _left_column(out, k, run, size) if i == j and it.role == "body"]
        last = max(left, key=lambda it: it.bottom, default=None)
        if last is None or _closes_story([last]) or abs(min(it.top for it in left) - top.top) > 1.5 * size:
            continue  # an author note ends it, or not level with the left story's column: no flow
        if _jumps_on(pr, last):
            continue  # a jump note under it (read as the page's furniture): it goes on elsewhere
        _move(pr, blocks, k, j, run)


def _carried_past_note(pr: PageRegions, blocks: list[list[list[Item]]]) -> None:
    """A story's column of text after the column its author's note (or closing credit) ends, which
    reads on from the story the column to its left ends with — that story stops mid-sentence at its
    column's foot, under the closed one (two stories flowing through one set of columns, as a web
    page's CSS columns set them) — or opens under another story's title set right over it, is that
    story's, up to the column that closes it in turn (``blocks`` updated). A closed story has no
    more text; the sentence split across the gutter, or the title over the column, shows whose it
    is, so nothing is flagged."""
    size = pr.body_size
    out = [r.items for r in pr.regions]  # (the regions' own lists: a move below updates them)
    for k in range(len(pr.regions)):
        own = blocks[k]
        for i in range(1, len(own)):
            prev, b = own[i - 1], own[i]
            if min(it.x0 for it in b) < max(it.x1 for it in prev) or not _closes_story(prev):
                continue  # (not in a column right of a closed one)
            if not max(prev, key=lambda it: it.bottom).line.text.rstrip().endswith(("）", ")")):
                continue  # the note goes on in the next column (``（作者系…`` / ``…教授）``)
            top = min(b, key=lambda it: it.top)
            j = _left_story(out, k, b, top, size, plain=True)
            if j is None:
                j = _title_right_over(pr, k, top)
            if j is None:
                continue
            end = next((m for m in range(i, len(own)) if _closes_story(own[m])), len(own) - 1)
            ids = {id(it) for blk in own[i : end + 1] for it in blk}
            _move(pr, blocks, k, j, [it for it in pr.regions[k].items if id(it) in ids])
            break


def _tail_over_title(pr: PageRegions, blocks: list[list[list[Item]]]) -> None:
    """A line or two a title's region holds right over its title, in its column, that read on from
    the text right over them — another story's, stopping mid-sentence a line's pitch above — are
    that text's end: a paragraph's last line set right above the next story's headline, touching
    it, went with the headline (Typst 13721). ``blocks`` updated; the sentence read across shows
    whose the lines are, so nothing is flagged."""
    size = pr.body_size
    for k, region in enumerate(pr.regions):
        heads = _heads(region)
        if not heads:
            continue
        top_of_title = min(it.top for it in heads)
        run = [
            it
            for it in region.items
            if it.group is None
            and it.role == "body"
            and it.line is not None
            and it.bottom <= top_of_title + 0.5
            and any(_overlap_x(it, h) > 0 for h in heads)
        ]
        if not run or len(run) > 2:
            continue
        first = min(run, key=attrgetter("top"))
        above = [
            (j, it)
            for j, r in enumerate(pr.regions)
            if j != k
            for it in r.items
            if it.line is not None
            and it.group is None
            and it.bottom <= first.top + 0.5
            and _overlap_x(it, first) > 0
        ]
        if not above:
            continue
        j, last = max(above, key=lambda t: t[1].bottom)
        column = [it for i, it in above if i == j]
        if first.top - last.bottom > size or not _reads_on(
            last, first, min(it.x0 for it in column), column, size
        ):
            continue
        _move(pr, blocks, k, j, run)


def _heads(region: Region) -> list[Item]:
    """A region's title group lines (its kicker, title and subtitle)."""
    return [it for it in region.items if it.group is not None and it.line is not None]


def _title_right_over(pr: PageRegions, k: int, top: Item) -> int | None:
    """The region (not ``k``) whose title group stands right over ``top`` — over its column, its
    lowest line within three body sizes above it: the column opens that title's story."""
    size = pr.body_size
    for j, r in enumerate(pr.regions):
        heads = _heads(r)
        if j == k or not heads:
            continue
        low = max(heads, key=lambda it: it.bottom)
        over = [it for it in heads if _overlap_x(it, top) > 0]
        if (
            over
            and 0 <= top.top - low.bottom <= 3 * size
            and max(it.bottom for it in over) >= low.bottom - size
        ):
            return j
    return None


def _jumps_on(pr: PageRegions, last: Item) -> bool:
    """Is a jump note (``（下转第X版）``) set right under ``last``, a column's lowest line of text?
    At a page's foot it is read as furniture, so no region holds it."""
    size = pr.body_size
    return any(
        it.line is not None
        and is_jump(it.line.text)
        and 0 <= it.top - last.bottom <= 2 * size
        and _overlap_x(it, last) > 0
        for it in pr.furniture
    )


def _broken_titles(pr: PageRegions) -> list[tuple[int, int]]:
    """Pairs of regions (first half, second half) whose titles may be one headline broken by a
    column (CSS and Typst flows break a headline where the column runs out under it): a title whose
    last line fills its one column at the column's foot — nothing under it — and a title of its size
    set in that measure opening the next column — nothing over it."""
    size = pr.body_size
    items = [it for r in pr.regions for it in r.items if it.line is not None]
    titles = {
        k: [it for it in r.items if it.role == "title" and it.line is not None]
        for k, r in enumerate(pr.regions)
    }
    out: list[tuple[int, int]] = []
    for i, a in titles.items():
        if not a:
            continue
        foot = max(a, key=lambda it: it.bottom)
        assert foot.line is not None
        if foot.line.vertical or not _nothing_under(foot, items):
            continue  # something under it: not a column's foot
        text = [
            it
            for it in items
            if it.group is None and it.role == "body" and _overlap_x(it, foot) > 0.5 * (it.x1 - it.x0)
        ]
        if not text:
            continue
        col_x0, col_x1 = min(it.x0 for it in text), max(it.x1 for it in text)
        if foot.x1 < col_x1 - 1.5 * foot.line.size:
            continue  # it stops short of its column's measure: a headline's own end
        if max(it.x0 for it in text) - col_x0 > 4 * size:
            continue  # set over several columns: no flow's column broke it
        for j, b in titles.items():
            if j == i or not b:
                continue
            head = min(b, key=lambda it: it.top)
            assert head.line is not None
            if (
                not head.line.vertical
                and max(it.x1 for it in b) - min(it.x0 for it in b) <= col_x1 - col_x0 + size  # one measure
                and abs(head.line.size - foot.line.size) <= 0.05 * foot.line.size
                and 0 <= head.x0 - col_x1 <= 3 * size  # the next column
                and _nothing_over(head, items)
            ):
                out.append((i, j))
    return out


def _nothing_under(it: Item, items: list[Item]) -> bool:
    """No line of ``items`` under ``it`` in its column: it stands at a column's foot."""
    return not any(o.top >= it.bottom - 0.5 and _overlap_x(o, it) > 0 for o in items)


def _nothing_over(it: Item, items: list[Item]) -> bool:
    """No line of ``items`` over ``it`` in its column: it opens a column."""
    return not any(o.bottom <= it.top + 0.5 and _overlap_x(o, it) > 0 for o in items)


def _broken_groups(pr: PageRegions) -> list[tuple[int, int]]:
    """Pairs of regions (the title's, the one holding the rest) whose headline group a column may
    have broken: a title at a column's foot — nothing under it — and the next column opening on a
    subtitle's dash (``——访…``) — nothing over it. Chromium breaks a headline group where the column
    runs out (7608: the subtitle, set smaller than the text, over the byline at the next column's
    head); the flows around it were read into the wrong titles, and nothing showed it."""
    size = pr.body_size
    items = [it for r in pr.regions for it in r.items if it.line is not None]
    where = {id(it): k for k, r in enumerate(pr.regions) for it in r.items}
    out: list[tuple[int, int]] = []
    for i, r in enumerate(pr.regions):
        heads = [it for it in r.items if it.role == "title" and it.line is not None and not it.line.vertical]
        if not heads:
            continue
        foot = max(heads, key=lambda it: it.bottom)
        if not _nothing_under(foot, items):
            continue  # something under it: not a column's foot
        x1 = max(it.x1 for it in heads)
        for it in items:
            if (
                it.group is None
                and it.line.text.lstrip().startswith("——")
                and 0 <= it.x0 - x1 <= 3 * size
                and _nothing_over(it, items)
                and where[id(it)] != i
            ):
                out.append((i, where[id(it)]))
    return out


def _kickers_at_feet(pr: PageRegions) -> None:
    """Give each kicker a column broke from its title back to it (see :func:`_kicker_at_a_foot`):
    its lines move to the title's region, as the title group's kicker."""
    while (found := _kicker_at_a_foot(pr)) is not None:
        i, j, run = found
        moved = {id(it) for it in run}
        pr.regions[i].items = [it for it in pr.regions[i].items if id(it) not in moved]
        for it in run:
            it.role, it.group = "kicker", pr.regions[j].group
        pr.regions[j].items = [*run, *pr.regions[j].items]


def _kickers_alone(pr: PageRegions) -> None:
    """Join each region titled by a kicker alone to the region of the headline set under it (see
    :func:`_kicker_alone_over`): its title lines become that title group's kicker, its text that
    story's."""
    while (found := _kicker_alone_over(pr)) is not None:
        k, j = found
        for it in pr.regions[k].items:
            if it.group is not None:
                it.role, it.group = "kicker", pr.regions[j].group
        pr.regions[j].items = [*pr.regions[k].items, *pr.regions[j].items]
        del pr.regions[k]


def _kicker_alone_over(pr: PageRegions) -> tuple[int, int] | None:
    """A region whose title group is a kicker alone (``…——``) and the region of the headline set
    under it (its title's top within four body sizes under the kicker's, nearest across, with no
    kicker of its own): (the kicker's region, the headline's). A kicker heads a headline, and
    XeLaTeX sets one flush left over a story's first column, its headline centred over all of them —
    the cut parted the story at that column (:func:`_kicker_titled` flagged it, and still flags a
    kicker alone with no headline so set; measured then: 2 of 4,557 articles of 809 typeset pages
    were titled by a kicker alone, both such splits). Only a kicker in one print: a headline over a
    kicker is no kicker alone."""
    size = pr.body_size
    heads = [sorted(_heads(r), key=attrgetter("top")) for r in pr.regions]
    for k, hk in enumerate(heads):
        if not hk or not is_kicker("".join(it.line.text for it in hk)):
            continue
        if max(it.line.size for it in hk) > 1.05 * min(it.line.size for it in hk):
            continue  # lines in two prints: a headline over its kicker, not a kicker alone
        t = union_boxes([it.box for it in hk])
        near = [
            (max(u[0] - t[2], t[0] - u[2], 0.0), j)
            for j, hj in enumerate(heads)
            if j != k
            and hj
            and not any(it.role == "kicker" or is_kicker(it.line.text) for it in hj)
            and 0 < (u := union_boxes([it.box for it in hj]))[1] - t[1] <= 4 * size
        ]
        if near:
            return k, min(near)[1]
    return None


def _kicker_at_a_foot(pr: PageRegions) -> tuple[int, int, list[Item]] | None:
    """A kicker a column broke from its title — a dashed line (and the lines of its print stacked
    right over it, a kicker wrapped) in print other than the text's, at a column's foot, nothing
    under it — and the title opening the next column, which has no kicker: (the kicker's region,
    the title's region, the kicker's lines). A CSS flow breaks a headline group where the column
    runs out (WeasyPrint 12019: ``践行全过程人民民主·鄂尔多斯篇`` / ``——`` read into the paragraph
    over it, its title at the next column's head)."""
    size = pr.body_size
    items = [it for r in pr.regions for it in r.items if it.line is not None]
    for i, r in enumerate(pr.regions):
        for foot in [it for it in r.items if it.group is None and it.role == "body" and it.line is not None]:
            s = foot.line.size
            if abs(s - size) <= 0.05 * size or not foot.line.text.rstrip().endswith("—"):
                continue
            if not _nothing_under(foot, items):
                continue
            run = [foot]
            while len(run) < 3:  # (the kicker's first lines, line right over line in its print)
                up = [
                    it
                    for it in r.items
                    if it.group is None
                    and it.role == "body"
                    and it.line is not None
                    and abs(it.line.size - s) <= 0.02 * s
                    and 0 <= run[-1].top - it.bottom <= 0.6 * s
                    and _overlap_x(it, run[-1]) > 0
                ]
                if len(up) != 1:
                    break
                run.append(up[0])
            if not is_kicker("".join(it.line.text for it in reversed(run))):
                continue
            # (the next column: from the right edge of the run's column, its text's measure — lines
            # overlapping most of the shorter of the two: a kicker shorter than half the measure
            # stands under full lines of its column)
            rx0, rx1 = min(it.x0 for it in run), max(it.x1 for it in run)
            x1 = max(
                it.x1
                for it in r.items
                if it.line is not None
                and it.group is None
                and min(it.x1, rx1) - max(it.x0, rx0) > 0.5 * min(it.x1 - it.x0, rx1 - rx0)
            )
            nexts = [
                j
                for j, q in enumerate(pr.regions)
                if j != i
                and q.group is not None
                and not any(it.role == "kicker" for it in q.items)
                and (tl := [it for it in q.items if it.role == "title" and it.line is not None])
                and not (head := min(tl, key=lambda it: it.top)).line.vertical
                and 0 <= head.x0 - x1 <= 3 * size
                and _nothing_over(head, items)
            ]
            if len(nexts) == 1:
                return i, nexts[0], run
    return None


def _joined_title(a: LayoutArticle, first: Region, pr: PageRegions, lines: list[int]) -> LayoutArticle:
    """``a``, its title carried on from ``first``'s (a headline's first half, with no text): the
    halves joined as a wrapped line is (no space), its kicker the first half's where it has none;
    ``lines``: the first half's line numbers."""
    kicker, title, subtitle = _title_parts(first, pr)
    joined = join_wrapped(title, a.title) if title and a.title else title or a.title
    box = union_boxes([it.box for it in first.items if it.group is not None])
    return replace(
        a,
        title=joined,
        kicker=a.kicker or kicker,
        subtitle=a.subtitle or subtitle,
        line_start=min(a.line_start, *lines) if a.line_start else min(lines),
        line_end=max(a.line_end, *lines),
        boxes=(*a.boxes, _rounded(box)),
    )


def _signed_amid_text(roles: list[LineRole]) -> dict[int, str]:
    """Articles read with text, then a byline or dateline, then more text: a byline opens a story
    (an end credit closes one, with no text after it), so the text before it is another story's —
    a column's text carrying on the story to its left, given to the title at the column's foot
    with the next column's story under it (Chromium 9412)."""
    state: dict[int, int] = {}  # article → 1: text read; 2: text, then a byline
    out: dict[int, str] = {}
    for r in roles:
        if r.article is None:
            continue
        k = state.get(r.article, 0)
        if r.role == "body":
            if k == 2:
                out[r.article] = "a byline amid its text, text on either side: two stories"
            elif k == 0:
                state[r.article] = 1
        elif r.role == "byline" and k == 1:
            state[r.article] = 2
    return out


def _text_after_note(roles: list[LineRole]) -> dict[int, str]:
    """Articles read with an author's note (``（作者系…）``: it closes a story) and text after it:
    two stories, however the page's geometry placed them (a title at a column's foot over the
    next column's story, its column's text above it; a story's columns read on into the next
    story's under its title). The text path ends a story at its note; a PDF region is read whole."""
    noted: set[int] = set()
    out: dict[int, str] = {}
    for r in roles:
        if r.article is None:
            continue
        if r.role == "footnote":
            noted.add(r.article)
        elif r.role == "body" and r.article in noted:
            out[r.article] = "an author's note closes its text and more text comes after it: two stories"
    return out


def _kicker_titled(
    articles: list[LayoutArticle], placed: list[Placed], size: float
) -> list[tuple[int, int | None]]:
    """Articles titled by a kicker alone (``…——``), each with the titled article whose title stands
    nearest it at its height: a kicker heads a headline, so the headline it heads — set apart from
    it (a kicker flush left over a story's first column, its headline centred over all of them:
    XeLaTeX) — was read as another story's, and the story split in two. Measured: 2 of 4,557
    articles of 809 typeset pages, both such splits."""
    out: list[tuple[int, int | None]] = []
    for k, a in enumerate(articles):
        t = placed[k].title
        if t is None or not a.title or not is_kicker(a.title):
            continue
        near = [
            (max(u[0] - t[2], t[0] - u[2], 0.0), abs(u[1] - t[1]), j)
            for j, b in enumerate(placed)
            if j != k and (u := b.title) is not None and abs(u[1] - t[1]) <= 4 * size
        ]
        out.append((k, min(near)[2] if near else None))
    return out


# An article may end on a closing mark of its own (``（完）``, an end credit left in the text).
_END_NOTE = re.compile(r"[（(][^（()）]{1,20}[)）]$")


def _cut_short(
    articles: list[LayoutArticle], roles: list[LineRole], placed: list[Placed], size: float
) -> list[int]:
    """Articles whose text stops mid-sentence (not on ``。！？…`` nor ``；``, closers aside) with
    no jump note (``（下转第X版）``) after their last line: a story's text runs to its end or to a jump
    note (or, read last, off the page), so its rest was read into another story. Measured on 516 typeset pages (2,879
    articles): of the 21 articles so read, the 17 right all end on ``；`` (the generators' text
    does), the other 4 held or lost another story's text."""
    jump_after: set[int] = set()
    last_article: int | None = None
    for r in roles:
        if r.role == "blank":
            continue
        if r.role == "furniture" and r.note == "continuation" and last_article is not None:
            jump_after.add(last_article)
        if r.article is not None:
            last_article = r.article
    # The story read last, or one reaching the foot of the page's text, may run on onto the next
    # page (a magazine's article, a page that overflowed): not asked. Nor an untitled article
    # (flagged already: what it holds is unsure).
    last = max(range(len(articles)), key=lambda k: articles[k].line_end, default=None)
    foot = max((q[3] for a in placed for q in a.pieces), default=0.0) - 2 * size
    out = []
    for k, a in enumerate(articles):
        if k == last or k in jump_after or a.title is None:
            continue
        if any(q[3] >= foot for q in placed[k].pieces):
            continue
        text = _END_NOTE.sub("", "".join(a.text.split()))
        if text and not ends_sentence_compact(text) and text[-1] not in "；.!?;":
            out.append(k)
    return out


def _at_title(placed: list[Placed], title: Box, size: float) -> list[int]:
    """Articles with a piece of text right over or right under ``title`` (within three body sizes),
    across most of the title's width."""
    out = []
    for k, a in enumerate(placed):
        for p in a.pieces:
            across = min(p[2], title[2]) - max(p[0], title[0]) > 0.5 * (title[2] - title[0])
            near = 0 <= title[1] - p[3] <= 3 * size or 0 <= p[1] - title[3] <= 3 * size
            if across and near:
                out.append(k)
                break
    return out


def layout_glyphs(g: PageGlyphs) -> PdfPageLayout:
    """Read one page (see module docstring)."""
    lines: list[GLine] = page_lines(g)
    pr = page_regions(lines, g.width, g.height, g.images, g.rects)
    _kickers_at_feet(pr)
    _kickers_alone(pr)
    blocks = [region_blocks(region, pr) for region in pr.regions]  # once: numbering and reading share it
    indents = page_indents(blocks, pr.body_size)
    settled = _give_back(pr, blocks)
    _carried_on(pr, blocks)
    _carried_past_note(pr, blocks)
    _tail_over_title(pr, blocks)
    broken = _broken_titles(pr)
    groups = _broken_groups(pr)
    ordered = _ordered_items(pr, blocks)
    lineno = {id(it): k for k, it in enumerate(ordered, start=1)}
    articles = []
    roles: dict[int, tuple[str, int | None, str | None]] = {}
    region_furniture: list[PageFurniture] = []
    placed: list[Placed] = []
    unsure: dict[int, str] = {}
    read_as: list[range] = []  # each region's articles
    for r, (region, body_blocks) in enumerate(zip(pr.regions, blocks, strict=True)):
        read = read_region(region, body_blocks, pr, lineno, len(articles), indents)
        if read.unsure:
            unsure |= {len(articles) + k: read.unsure for k in range(len(read.articles))}
        elif r in settled:
            unsure |= {len(articles) + k: settled[r] for k in range(len(read.articles))}
        elif any(it.guessed for it in region.items):
            why = "columns between two stories were shared out by nearness: no sign showed where one ends"
            unsure |= {len(articles) + k: why for k in range(len(read.articles))}
        read_as.append(range(len(articles), len(articles) + len(read.articles)))
        articles += read.articles
        placed += [
            Placed(a.boxes[0], a.boxes[1:]) if read.titled and a.boxes else Placed(None, a.boxes)
            for a in read.articles
        ]
        roles.update(read.roles)
        region_furniture.append(read.furniture)
    for i, j in broken:
        if not read_as[i] and len(read_as[j]) == 1:
            # the first half has no text: the headline's, whose story the second half heads
            k = read_as[j][0]
            nums = [lineno[id(it)] for it in pr.regions[i].items if it.group is not None and id(it) in lineno]
            articles[k] = _joined_title(articles[k], pr.regions[i], pr, nums)
            roles |= {id(it): (it.role, k, "size") for it in pr.regions[i].items if it.group is not None}
        else:  # either half may have taken the text by it: both stories' bounds are in doubt
            why = "its title may be one headline with another's, broken by a column"
            unsure |= {k: why for k in (*read_as[i], *read_as[j]) if k not in unsure}
    for i, j in groups:
        why = "its headline group may be broken by a column: a subtitle opens the next column"
        unsure |= {k: why for k in (*read_as[i], *read_as[j]) if k not in unsure}
    furniture = _page_furniture(pr, region_furniture)
    out_lines: list[PdfLine] = []
    line_roles: list[LineRole] = []
    for it in ordered:
        ln = it.line
        assert ln is not None
        role, art, note = roles.get(id(it), (_FURNITURE_ROLE.get(it.role, it.role), None, it.role))
        if it.role in _FURNITURE_ROLE:
            role, art, note = "furniture", None, it.role
        k = lineno[id(it)]
        out_lines.append(PdfLine(k, ln.text, role, art, it.box, ln.size, note))
        line_roles.append(LineRole(k, ln.text, role if role != "other" else "furniture", art, note))  # type: ignore[arg-type]
    flags: list[str] = []
    if g.invisible:
        flags.append("ocr_text_layer")
    if pr.vertical_body:
        flags.append("vertical_text_skipped")
    if g.rotation % 360:
        flags.append("rotated_page")  # read in the page's own coordinates: not checked for turned pages
    unsure = doubts(placed, pr.body_size) | unsure
    for k, why in (_signed_amid_text(line_roles) | _text_after_note(line_roles)).items():
        unsure.setdefault(k, why)
        # the story its first piece may carry on (read before it, at the foot of the column left)
        j = left_foot(placed, k, placed[k].pieces[0], pr.body_size) if placed[k].pieces else None
        if j is not None:
            unsure.setdefault(j, f"a piece it may carry on went to article {k}: {why}")
    handled = {i for i, _ in broken}
    for r, region in enumerate(pr.regions):
        if read_as[r] or region.group is None or r in handled:
            continue
        # a title left with no text: its story's text was read into another — the one whose piece
        # stands right over it (a title set under its text) or right under it (fresh 162748: a
        # one-column story's title under its column, the column read into the vertical title's
        # story beside it, silent)
        title = union_boxes([it.box for it in region.items if it.group is not None])
        why = "a title with no text stands at its text: that title's story may have been read into it"
        for k in _at_title(placed, title, pr.body_size):
            unsure.setdefault(k, why)
    for k, j in _kicker_titled(articles, placed, pr.body_size):
        why = "its title is a kicker alone: the headline under it was read as another story's"
        unsure.setdefault(k, why)
        if j is not None:
            unsure.setdefault(j, f"its headline may be article {k}'s: {why}")
    for k in _cut_short(articles, line_roles, placed, pr.body_size):
        why = "its text stops mid-sentence, no jump note after it, another story read after it: its rest went to another"
        unsure.setdefault(k, why)
        # the story at the head of the next column, where a flow carries the text on
        j = right_head(placed, k, placed[k].pieces[-1], pr.body_size) if placed[k].pieces else None
        if j is not None:
            unsure.setdefault(j, f"a piece of article {k} may have gone to it: {why}")
    articles = [
        replace(a, flags=(*a.flags, STORIES_UNSURE)) if k in unsure and STORIES_UNSURE not in a.flags else a
        for k, a in enumerate(articles)
    ]
    # a piece the text path read with no text (a credit, a heading) may have been joined to text
    # since: ``no_text`` says what the article is, not what one of its pieces was
    articles = [
        replace(a, flags=tuple(f for f in a.flags if f != "no_text"))
        if a.paragraphs and "no_text" in a.flags
        else a
        for a in articles
    ]
    layout = PageLayout(articles=tuple(articles), lines=tuple(line_roles), furniture=furniture)
    photos = tuple(it.box for region in pr.regions for it in region.items if it.line is None)
    return PdfPageLayout(
        layout, tuple(out_lines), pr.body_size, tuple(flags), photos, tuple(sorted(unsure.items()))
    )
