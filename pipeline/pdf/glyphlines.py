"""A page's characters → printed lines (horizontal and vertical), each with its box and font size.

Lines are built from content order first (a text run is drawn left to right along one baseline),
then runs that share a baseline and nearly touch are joined.  A run is cut where one gap is far
wider than the run's own spacing: that is a gutter between columns, while a letter-spaced heading
spreads *every* gap evenly and stays one line — unless two of them stand side by side, each spread
to its own column: the gap between them, from one column's right edge to the next one's left edge,
is not their spacing.  Simulated bold (each glyph drawn twice a fraction of
a point apart) is reduced to one glyph.  Characters stacked one under another (竖排 titles) become a
vertical line, read top to bottom.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from pipeline.layout.roles import parse_byline
from pipeline.pdf.reader import PageGlyphs, is_han

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (points, origin top-left)


@dataclass(slots=True, eq=False)
class GLine:
    """One printed line: its characters (indices into the page's glyphs) in reading order."""

    idx: list[int]
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    vertical: bool = False
    emph: bool = False  # drawn emboldened (stroked) while the page's text is not: a heading's mark

    @property
    def box(self) -> Box:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def height(self) -> float:
        return self.bottom - self.top


SAME_X = 0.1  # points: glyphs set off this close start at one x (their order: the stream's)


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def dedupe(g: PageGlyphs) -> list[int]:
    """Glyph indices in content order, without the copies of a glyph overprinted within 15 % of its
    size (simulated bold, shadowed titles).

    Glyphs go into a grid of cells 0.6 em wide (one grid per size); a copy within 0.15 em is in the
    same cell or, when the glyph stands within 0.15 em of a cell's edge, in the neighbouring one, so
    one cell is looked at for most glyphs (this runs over every glyph of every page).
    """
    seen: dict[tuple[str, int, int, int], int] = {}
    get = seen.get
    keep: list[int] = []
    chars, x0, top, size = g.chars, g.x0, g.top, g.size
    for i, ch in enumerate(chars):
        if ch == " ":
            keep.append(i)
            continue
        s = size[i] if size[i] > 1.0 else 1.0
        q = 0.6 * s
        half = 0.15 * s
        sz = int(s * 4)  # cells are per size: the same cell numbers of another size are elsewhere
        fx, fy = x0[i] / q, top[i] / q
        kx, ky = int(fx), int(fy)
        rx, ry = fx - kx, fy - ky
        dx = -1 if rx < 0.25 else 1 if rx > 0.75 else 0
        dy = -1 if ry < 0.25 else 1 if ry > 0.75 else 0
        dup = False
        j = get((ch, kx, ky, sz))
        if j is not None and abs(x0[j] - x0[i]) < half and abs(top[j] - top[i]) < half:
            dup = True
        elif dx or dy:
            for cell in ((ch, kx + dx, ky, sz), (ch, kx, ky + dy, sz), (ch, kx + dx, ky + dy, sz)):
                j = get(cell)
                if j is not None and abs(x0[j] - x0[i]) < half and abs(top[j] - top[i]) < half:
                    dup = True
                    break
        if not dup:
            seen.setdefault((ch, kx, ky, sz), i)
            keep.append(i)
    return keep


class _Ink:
    """Where the page has glyphs, row by row: a gutter is a blank that runs down the page, while the
    gap between two names of a byline (or any space a justified narrow column opens) has text of the
    same size set solid right above and below it."""

    def __init__(self, g: PageGlyphs, rows: list[list[int]]) -> None:
        self.g = g
        rows = sorted(rows, key=lambda r: g.bottom[r[0]])
        self.base = [g.bottom[r[0]] for r in rows]
        self.rows = rows
        self.starts = [[g.x0[i] for i in r] for r in rows]

    def _solid(self, k: int, left: float, right: float, s: float, hung: bool = False) -> bool | None:
        """Whether row ``k`` (of size ``s``) runs across ``left``–``right`` leaving no blank of 0.3 em
        (the narrowest gutter); ``None`` when it is another size or has no glyph within 2 em of the
        blank (a line of another column, or none: the blank's line opens its column). ``hung``: a
        gutter that marks hang into — a closing mark counts for its inner half, an opening one
        for the half on its column's side (a comma and a quote hung from both sides overlap)."""
        g, row = self.g, self.rows[k]
        if abs(g.size[row[0]] - s) > 0.12 * s:
            return None
        j = max(bisect_left(self.starts[k], left - 2 * s) - 1, 0)
        while j < len(row) and g.x1[row[j]] < left - 2 * s:
            j += 1
        if j >= len(row) or g.x0[row[j]] > right + 2 * s:
            return None
        reach = left
        while j < len(row) and g.x0[row[j]] < right:
            i = row[j]
            x0, x1, ch = g.x0[i], g.x1[i], g.chars[i]
            if hung and ch in HANG_CLOSERS:
                x1 = min(x1, x0 + 0.5 * g.size[i])
            elif hung and ch in HANG_OPENERS:
                x0 = max(x0, x1 - 0.5 * g.size[i])
            if x1 > reach and not ch.isspace():
                if x0 - reach > 0.3 * s:
                    return False
                reach = x1
            j += 1
        return right - reach <= 0.3 * s

    def _side(
        self, lo: float, hi: float, s: float, left: float, right: float, hung: bool = False
    ) -> bool | None:
        """Solid (True), open (False) or no line of this size there (None), between baselines lo–hi."""
        seen = None
        for k in range(bisect_left(self.base, lo), bisect_left(self.base, hi)):
            v = self._solid(k, left, right, s, hung)
            if v:
                return True
            if v is not None:
                seen = False
        return seen

    def open_both(self, y: float, s: float, left: float, right: float) -> bool:
        """Neither the line right above nor the one right below runs solid across ``left``–``right``
        (a gutter runs down the page; a blank inside a column has text over or under it)."""
        return (
            self._side(y - 2.2 * s, y - 0.6 * s, s, left, right) is not True
            and self._side(y + 0.6 * s, y + 2.2 * s, s, left, right) is not True
        )

    def bridged(self, y: float, s: float, left: float, right: float, hung: bool = False) -> bool:
        """Solid text of this size crosses ``left``–``right`` on the line right above or below, and
        the other side is solid too or has no line there (the first or last line of a column)."""
        # the line above within the column's own line pitch (from the line below, where there is
        # one): a masthead two pitches over a column's first line is no neighbour of it
        reach = 1.7 * s  # (no line below to give the pitch: a line spaced as text is at most this far)
        for k in range(bisect_left(self.base, y + 0.6 * s), bisect_left(self.base, y + 2.2 * s)):
            if self._solid(k, left, right, s, hung) is not None:
                reach = min(reach, 1.3 * (self.base[k] - y))
                break
        above = self._side(y - reach, y - 0.6 * s, s, left, right, hung)
        if above is False:
            return False
        below = self._side(y + 0.6 * s, y + 2.2 * s, s, left, right, hung)
        return below is not False and (above or below) is True


def _cut_gutters(
    g: PageGlyphs, run: list[int], ink: _Ink | None = None, body: float | None = None
) -> list[list[int]]:
    """Cut a horizontal run where one gap is much wider than its usual spacing (a column gutter) —
    unless a gap beside it is as wide: that is a letter-spaced heading (four characters spread over
    a column), which :func:`_cut_at_starts` still cuts where the next column starts — or the lines
    above and below run across it (a name gap in a narrow justified column)."""
    if len(run) < 2:
        return [run]
    x0, x1, size = g.x0, g.x1, g.size
    gaps = [x0[b] - x1[a] for a, b in pairwise(run)]
    # a row is one size, to a quarter point: below this no gap can be a gutter
    floor = 0.7 * (min(size[run[0]], body or size[run[0]]) - 0.25)
    if max(gaps) <= floor:
        return [run]  # no gap could be a gutter
    usual = median(gaps)
    out: list[list[int]] = []
    start = 0

    def alike(k: int, gap: float) -> bool:
        return 0 <= k < len(gaps) and 0.6 * gap <= gaps[k] <= gap / 0.6

    byline: bool | None = None  # asked once, at the first gap wide enough to cut
    stop = len(gaps)  # (the byline's last gap: before the first blank wider than its words')

    for k, gap in enumerate(gaps):
        s = max(size[run[k]], 1.0)
        spread = alike(k - 1, gap) or alike(k + 1, gap)
        if (
            gap > 0.7 * min(s, body or s)  # gutters are set for the body: as narrow beside display type
            and gap > 2.5 * max(usual, 0.0) + 0.4 * s
            and not spread
            and not (ink and ink.bridged(g.bottom[run[k]], s, x1[run[k]], x0[run[k + 1]]))
        ):
            if byline is None or k > stop:
                # (the byline's words up to a blank wider than theirs: the gutter before the line
                # of the column beside it, on its baseline — WeasyPrint 12512; past that blank, the
                # next column's words — two bylines side by side, html 3023)
                begin = start if byline is None else max(start, stop + 1)
                stop = next((j for j in range(k + 1, len(gaps)) if gaps[j] > 1.5 * gap), len(gaps))
                byline = _byline_words(g, run[begin : stop + 1])
            if gap < 2.5 * s and ((byline and k < stop) or _credit_gap(g, run, k)):
                continue  # a byline justified across a narrow column: its names set apart, not a gutter
            out.append(run[start : k + 1])
            start = k + 1
    out.append(run[start:])
    return out


def _byline_words(g: PageGlyphs, run: list[int]) -> bool:
    """Is the run a byline whose words a narrow justified column set apart (``本报记者  马成  通讯员``)?
    Two role words and the names between them read as one byline: the blanks are word spaces."""
    text = "".join(g.chars[i] for i in run)
    if not text.startswith(_BYLINE_LEADS):
        return False
    b = parse_byline(text)
    return b is not None and bool(b.authors)


_BYLINE_LEADS = ("本报记者", "记者", "通讯员", "本报通讯员", "特约记者", "新华社记者")
_CREDIT_ROLES = ("记者", "通讯员")
_CREDIT_ROLE_ENDS = frozenset(r[-1] for r in _CREDIT_ROLES)


def _credit_gap(g: PageGlyphs, run: list[int], k: int) -> bool:
    """Is the blank after ``run[k]`` the one between a role word and a name in a dateline's credit
    (``…电（记者  贺丽）``, the name set apart as bylines set it)? A gutter falls in no bracket. The
    role word may be broken at the line's start, its bracket opened on the line above (``本报讯（记``
    over ``者  任斌）此``: a 7-glyph column, fresh 162247)."""
    if g.chars[run[k]] not in _CREDIT_ROLE_ENDS:
        return False  # (asked first: this is asked at every gutter of every row)
    before = "".join(g.chars[i] for i in run[max(0, k - 11) : k + 1])
    after = "".join(g.chars[i] for i in run[k + 1 : k + 7])
    close = after.find("）")
    if not 1 < close <= 5 or "（" in after[:close]:
        return False
    opened = before.rfind("（")
    if k < 2 and any(role.endswith(before) for role in _CREDIT_ROLES):
        return True  # (the run opens on the role word's tail: its bracket is on the line above)
    return before.endswith(_CREDIT_ROLES) and opened >= 0 and "）" not in before[opened:]


# Marks whose blank is their own (a font may set ——, · or a bracket narrower than its cell, or with
# room around it): no word is set apart beside them, so no space is read there.
_NO_SPACE_BESIDE = frozenset("—·・、，。：；（）《》〈〉【】“”‘’…")


def _text(g: PageGlyphs, idx: list[int]) -> str:
    """The characters of a horizontal line.  A blank wider than the line's own spacing is written
    as a space (names in a byline, a letter-spaced heading: the text path's spacing rules read
    them); Latin words set apart get one space; justification stays invisible.  Space characters
    themselves are not trusted: their boxes do not always stand where they were drawn (a space's
    box after the next glyph put the space inside a word), the blank they leave is measured."""
    chars, x0, x1, size = g.chars, g.x0, g.x1, g.size
    solid = [i for i in idx if not chars[i].isspace()]
    gaps = [x0[b] - x1[a] for a, b in pairwise(solid)]
    usual = median(gaps) if gaps else 0.0
    # how much the line's spacing varies: a condensed byline overlaps its glyphs evenly and sets
    # the names apart by a little less overlap, which stands out only against that evenness
    spread = median(abs(x - usual) for x in gaps) if gaps and usual < 0 else 0.0  # (used if condensed)
    low = 0.15 * min(map(size.__getitem__, solid), default=0.0)
    if usual >= 0 and (not gaps or max(gaps) <= low):
        return "".join(map(chars.__getitem__, solid))  # no blank stands out: the common line, at once
    # In a condensed line every glyph, a space too, overlaps the one before by as much: a space drawn
    # between two names adds a blank too narrow to measure, or none. Drawn right between them (the
    # stream's glyph before, its glyph before that: its box may stand a hair past the next glyph's),
    # it is a word space — unless most gaps have one (letter spacing).
    drawn: set[int] = set()
    if usual < 0:
        held = set(idx)
        drawn = {i for i in solid if i - 1 in held and chars[i - 1].isspace() and i - 2 in held}
        if 3 * len(drawn) > len(gaps):
            drawn = set()
    parts: list[str] = []
    prev = -1
    for i in solid:
        ch = chars[i]
        if prev >= 0:
            gap = x0[i] - x1[prev]
            s = size[i]
            latin = _is_ascii_word(chars[prev]) and _is_ascii_word(ch)
            wide = gap > 0.15 * s and gap > 3 * usual + 0.1 * s
            apart = usual < 0 and (
                gap - usual > max(0.02 * s, 6 * spread)
                or (i in drawn and prev == i - 2 and gap > usual - 0.05 * s)
            )
            tight = chars[prev] in _NO_SPACE_BESIDE or ch in _NO_SPACE_BESIDE
            if (latin and gap > 0.2 * s and gap > usual + 0.12 * s) or (
                not latin and not tight and (wide or apart)
            ):
                parts.append(" ")
        parts.append(ch)
        prev = i
    return "".join(parts)


def _make(g: PageGlyphs, idx: list[int], vertical: bool) -> GLine | None:
    idx = [i for i in idx if not g.chars[i].isspace()] if vertical else idx
    if not idx:
        return None
    text = "".join(g.chars[i] for i in idx) if vertical else _text(g, idx)
    if not text:
        return None
    solid = [i for i in idx if not g.chars[i].isspace()] or idx
    return GLine(
        idx=idx,
        text=text,
        x0=min(map(g.x0.__getitem__, solid)),
        top=min(map(g.top.__getitem__, solid)),
        x1=max(map(g.x1.__getitem__, solid)),
        bottom=max(map(g.bottom.__getitem__, solid)),
        size=median(map(g.size.__getitem__, solid)),
        vertical=vertical,
        emph=bool(g.emph) and 5 * sum(map(g.emph.__getitem__, solid)) >= 3 * len(solid),
    )


def _baseline_rows(g: PageGlyphs, order: list[int]) -> list[list[int]]:
    """Glyphs on one baseline and of one size (to a quarter point), left to right.  Geometry only:
    content order is not reading order in every PDF (streams drawn glyph by glyph, or shuffled)."""
    # Baselines where the reader has them (a font declaring no descent ends its boxes at the ink):
    # every glyph of a line sits on one; else box bottoms, alike for a font's glyphs.
    size, x0 = g.size, g.x0
    exact = len(g.base) == len(g.chars)
    base = g.base if exact else g.bottom
    by_size: dict[float, list[int]] = {}
    for i in order:
        by_size.setdefault(round(size[i] * 4) / 4, []).append(i)
    rows: list[list[int]] = []
    for s, members in by_size.items():
        # a row spans at most a fifth of an em
        reach = 0.2 * max(s, 1.0)
        members.sort(key=base.__getitem__)
        row = [members[0]]
        first = last = base[members[0]]
        if exact:
            # on baselines a blank of a tenth of an em between two also ends a row: two columns
            # set on grids a little apart (as one row, it was cut wherever the fifth ran out);
            # bottoms of two fonts on one line may stand further apart than that
            apart = 0.1 * max(s, 1.0)
            for i in members[1:]:
                y = base[i]
                if y - first > reach or y - last > apart:
                    rows.append(row)
                    row, first = [i], y
                else:
                    row.append(i)
                last = y
        else:  # (every page without baselines: the loop kept lean)
            for i in members[1:]:
                if base[i] - first > reach:
                    rows.append(row)
                    row, first = [i], base[i]
                else:
                    row.append(i)
        rows.append(row)
    for r in rows:
        r.sort(key=x0.__getitem__)
        # two glyphs set off within a hair of each other (punctuation squeezed into one cell:
        # XeLaTeX's ``”，``, the comma's box over the quote's) are in the order the stream draws them
        for k in range(len(r) - 1):
            a, b = r[k], r[k + 1]
            if b < a and x0[b] - x0[a] < SAME_X:
                r[k], r[k + 1] = b, a
    return rows


def _stack_vertical(g: PageGlyphs, singles: list[int]) -> tuple[list[list[int]], list[int]]:
    """Vertical lines (竖排) out of glyphs standing alone on their baseline: three or more of one size
    stacked at one x, each a little over its size below the last.  Returns (vertical runs, the rest)."""
    x0, top, size = g.x0, g.top, g.size
    # top to bottom: a glyph a hair off its column's x must still follow the one above it
    runs: list[list[int]] = []
    active: list[list[int]] = []  # runs whose last glyph is near enough above to be followed
    for i in sorted(singles, key=lambda i: (top[i], x0[i])):
        s = size[i]
        active = [r for r in active if top[i] - top[r[-1]] <= 3 * size[r[-1]]]
        for r in active:
            j = r[-1]
            if (
                abs(x0[i] - x0[j]) <= 0.25 * s
                and abs(size[j] - s) <= 0.12 * s
                and 0.6 * s <= top[i] - top[j] <= 2.5 * s
                # (set at one pitch: a glyph half an em further down than the run's pitch opens
                # another title stacked under it, fresh 161823)
                and (len(r) < 2 or top[i] - top[j] <= top[j] - top[r[-2]] + 0.5 * s)
            ):
                r.append(i)
                break
        else:
            runs.append([i])
            active.append(runs[-1])
    vertical = [r for r in runs if len(r) >= 3]
    used = {i for r in vertical for i in r}
    return vertical, [i for i in singles if i not in used]


def _column_edges(g: PageGlyphs, pieces: list[list[int]]) -> tuple[list[float], list[float], list[float]]:
    """x positions where three or more lines (of four glyphs at least) start, and where as many
    end: the left and the right edges of the page's columns; and where two or more start (a short
    column's edge, its first line run into the one beside it). Counted to the nearest point, each
    edge where its lines stand (their median): a column at 572.6 pt is not one at 573."""
    lines = [p for p in pieces if len(p) >= 4]

    def near(xs: list[float]) -> list[list[float]]:
        out: dict[int, list[float]] = {}
        for x in xs:
            out.setdefault(round(x), []).append(x)
        return list(out.values())

    def edges(groups: list[list[float]], least: int) -> list[float]:
        return sorted(median(v) for v in groups if len(v) >= least)

    lefts = near([g.x0[p[0]] for p in lines])
    return edges(lefts, 3), edges(near([g.x1[p[-1]] for p in lines]), 3), edges(lefts, 2)


# Marks a typesetter may hang outside the measure (标点悬挂): opening ones at a line's start, closing
# ones at its end (the PDF reader's one list of them: regions take a line's span less them too).
HANG_OPENERS = frozenset("“‘（《「『〔【")
HANG_CLOSERS = frozenset("，。、；：！？”’）》」』〕】")


def _hung_pair(
    g: PageGlyphs, a: int, b: int, starts: list[float], ends: list[float], ink: _Ink | None, first: float
) -> bool:
    """Do a closing mark ``a`` and an opening mark ``b`` hang into one gutter from either side —
    a column's right edge in ``a``'s cell, the next column's left edge under ``b``'s left half —
    with no text set solid over or under them, from ``a``'s cell to ``b``'s ink?  Justified
    lines leave hardly a blank between their cells (``，（`` across a one-em gutter: XeLaTeX
    7207, the two columns' lines read as one). ``first``: where the line starts (edges within
    three ems of it are its own indents)."""
    ch, s = g.chars, g.size[b]
    if ch[a] not in HANG_CLOSERS or ch[b] not in HANG_OPENERS or not ends:
        return False
    beyond = first + 3 * s
    if not _start_in(ends, g.x0[a] + 0.25 * g.size[a], g.x1[a] + 0.5, beyond):
        return False
    left, right = g.x1[a], _opener_ink(g, b)
    if _start_in(starts, g.x0[b] - 0.5, g.x0[b] + 0.5 * s + 0.5, beyond):
        return not (ink and ink.bridged(g.bottom[a], s, left, right))
    # the next column's edge further in, under the mark's ink (XeLaTeX hung ``（`` two thirds of an
    # em, 7816): a gutter only where the lines over and under leave it open as well (a byline's name
    # gap over a colon and a quote inside one narrow column, a column edge elsewhere on the page
    # there: fresh 93175)
    return (
        _start_in(starts, g.x0[b] - 0.5, g.x0[b] + 0.75 * s + 0.5, beyond)
        and ink is not None
        and ink.open_both(g.bottom[a], s, left, right)
    )


def _hung_opener(
    g: PageGlyphs, a: int, b: int, starts: list[float], ink: _Ink | None, first: float, usual: float
) -> bool:
    """Does an opening mark ``b`` hang into a gutter narrower than a third of an em, after a glyph
    ``a`` that ends the column on its left — its blank set apart from the line's own spacing, the
    next column's edge under the mark's cell, and the lines over and under leaving the gutter
    open?  (Typst 8020: two titles side by side in 18 pt over columns 9 pt apart, the right one's
    line opening on a hung ``“``: 5 pt of blank, the two lines read as one and the titles with
    them.)"""
    s = g.size[b]
    if g.chars[b] not in HANG_OPENERS or g.chars[a] in HANG_CLOSERS or ink is None:
        return False
    if abs(g.x0[b] - g.x1[a] - usual) <= 0.08 * s:
        return False  # (spaced as the line's own glyphs: a quote of the line's text)
    return _start_under_opener(starts, g, b, g.x1[a], first) and ink.open_both(
        g.bottom[a], s, g.x1[a], _opener_ink(g, b)
    )


def _closer_across(
    g: PageGlyphs, a: int, b: int, starts: list[float], ends: list[float], first: float
) -> bool:
    """Does closing mark ``a`` hang past its column's right edge (an edge in its cell), its cell
    reaching across the gutter to the next column's left edge where glyph ``b`` stands, with a
    gutter's blank from the mark's ink to ``b`` (a third of an em at least)?  Two titles side by
    side, the first ending on ``”`` set a full em wide (XeLaTeX 8607: 3 pt between the quote's cell
    and the next title, less than the blank after a hung mark the line's spacing asks for)."""
    s = g.size[b]
    beyond = first + 3 * s
    return (
        bool(ends)
        and g.chars[a] in HANG_CLOSERS
        and _start_in(ends, g.x0[a] + 0.25 * g.size[a], g.x1[a] + 0.5, beyond)
        and _start_in(starts, g.x0[b] - 0.5, g.x0[b] + 0.5, beyond)
        and g.x0[b] - _closer_ink(g, a) >= 0.3 * s
    )


def _closer_ink(g: PageGlyphs, a: int) -> float:
    """Where a closing mark hung into a gutter stops inking: the left half of its cell."""
    return g.x0[a] + 0.5 * g.size[a]


def _opener_ink(g: PageGlyphs, b: int) -> float:
    """Where an opening mark hung into a gutter starts inking: the right half of its cell."""
    return max(g.x0[b], g.x1[b] - 0.5 * g.size[b])


def _start_under_opener(starts: list[float], g: PageGlyphs, b: int, left: float, first: float) -> bool:
    """A column's left edge under opening mark ``b``'s cell (past its blank quarter, short of its
    last quarter) and past ``left`` (where the gutter begins), beyond the line's own indents."""
    s = g.size[b]
    return _start_in(starts, max(left - 0.5, g.x0[b] + 0.25 * s), g.x0[b] + 0.75 * s, first + 3 * s)


def _latin(ch: str) -> bool:
    """A glyph of a number or Latin word (a decimal point and a per cent sign with it)."""
    return _is_ascii_word(ch) or ch in ".%"


def _autospace(chars: list[str], piece: list[int], pos: list[int], spaced: list[float], i: int) -> bool:
    """Is gap ``i`` (between glyphs ``pos[i]`` and ``pos[i + 1]`` of ``piece``) one of the two blanks a
    typesetter sets around a number or Latin word between ideographs (xeCJK's glue, a word
    processor's autospace: ``代表 7287 人次``) — the blank at the run's other end as wide, to a
    tenth of a point?  A gutter has no twin (XeLaTeX 12404: the line cut before ``7287`` where
    another column starts, its second half read as an indented first line)."""
    a, b = chars[piece[pos[i]]], chars[piece[pos[i + 1]]]
    if is_han(a) and _latin(b):
        j, step = i + 1, 1  # the run opens after the gap: its other end is further right
    elif _latin(a) and is_han(b):
        j, step = i - 1, -1
    else:
        return False
    while 0 <= j < len(spaced):
        x, y = chars[piece[pos[j]]], chars[piece[pos[j + 1]]]
        if not (_latin(x) and _latin(y)):
            return (is_han(y) if step == 1 else is_han(x)) and abs(spaced[j] - spaced[i]) <= 0.1
        j += step
    return False


def _start_in(starts: list[float], lo: float, hi: float, beyond: float) -> bool:
    """A column start in ``lo``–``hi`` and at or past ``beyond`` (not an indent of the line's own)."""
    j = bisect_left(starts, max(lo, beyond))
    return j < len(starts) and starts[j] <= hi


def _cut_at_starts(
    g: PageGlyphs,
    piece: list[int],
    starts: list[float],
    ink: _Ink | None = None,
    ends: list[float] = (),
    few: list[float] = (),
) -> list[list[int]]:
    """Cut a line where a gap wider than the line's own spacing holds a column's left edge: two
    columns set with a narrow gutter (0.4–0.5 em) that one row of glyphs ran across.  (A line
    justified wide has every gap wide: none of them is a gutter.)  ``few``: where only two lines
    start (a short column, its first line run into the one beside it and one line indented)."""
    chars = g.chars
    # a space glyph with a blank of a gutter's width after it (a title line's trailing space, set
    # before the title beside it) is no glyph of either column; a word space filling its gap is
    pos = [
        k
        for k, i in enumerate(piece)
        if not chars[i].isspace() or (k + 1 < len(piece) and g.x0[piece[k + 1]] - g.x1[i] < 0.3 * g.size[i])
    ]
    if len(pos) < 2:
        return [piece]
    # the line's own spacing: its closer gaps (a short last line spread across the next column
    # must not make the gutter before it look like spacing); two glyphs show none (the last
    # glyphs of two titles' last lines, on one baseline columns apart)
    spaced = [g.x0[piece[kb]] - g.x1[piece[ka]] for ka, kb in pairwise(pos)]
    s0 = g.size[piece[0]]
    usual = sorted(spaced)[len(spaced) // 4] if len(spaced) > 1 else 0.0

    def after_hung(gap: float, s: float) -> bool:
        """A blank after a closing mark's cell as wide as a hung mark leaves: a quarter em, or a
        fifth where the line's own spacing is far tighter (a narrower blank after a comma is a
        justified line's spacing)."""
        return gap > min(0.25 * s, max(0.15 * s, 3 * usual))

    if (
        max(spaced) < 0.3 * (s0 - 0.25)
        and min(spaced) > -0.08 * s0
        # a closing mark with such a blank after its cell inks only the cell's left half (below)
        and not any(
            after_hung(gap, g.size[piece[kb]]) and chars[piece[ka]] in HANG_CLOSERS
            for (ka, kb), gap in zip(pairwise(pos), spaced, strict=True)
        )
        # nor a space with a blank over half an em wide around it (a title's trailing space, below)
        and not any(
            chars[piece[ka]].isspace()
            and ka > 0
            and g.x0[piece[kb]] - g.x1[piece[ka - 1]] >= 0.6 * g.size[piece[kb]]
            for ka, kb in pairwise(pos)
        )
    ):
        # no gap as wide as a gutter (a piece is one size, to a quarter point), nor glyphs
        # overlapping (marks hung into a gutter from both sides) — but for two marks hung into
        # one gutter, hardly a blank between their cells
        first = g.x0[piece[0]]
        cuts = [
            kb
            for (ka, kb), gap in zip(pairwise(pos), spaced, strict=True)
            if _hung_pair(g, piece[ka], piece[kb], starts, ends, ink, first)
            or _hung_opener(g, piece[ka], piece[kb], starts, ink, first, usual)
            or (
                # (a blank after the mark's cell, set apart from the line's own spacing)
                gap >= max(0.1 * g.size[piece[kb]], usual + 0.08 * g.size[piece[kb]])
                and _closer_across(g, piece[ka], piece[kb], starts, ends, first)
            )
        ]
        return [piece[a:b] for a, b in pairwise([0, *cuts, len(piece)])]
    out: list[list[int]] = []
    begin = 0
    for i, (ka, kb) in enumerate(pairwise(pos)):
        a, b = piece[ka], piece[kb]
        left, right = g.x1[a], g.x0[b]
        s = g.size[b]
        first = g.x0[piece[begin]]
        # a gutter is wider than a quote mark's side bearing and than the line's spacing, and the
        # next column starts further right than an indent of this one (indented first lines make
        # starts too)
        wide = max(0.3 * s, 2 * usual + 0.2 * s)
        # (a gap as wide as a wide one beside it is letter spacing: a heading spread over its
        # column on the row of the next column's line, whose solid glyphs set the usual spacing —
        # fresh 162329, ``下  步  打  算`` cut after its first glyph where a column starts elsewhere)
        around = [spaced[j] for j in (i - 1, i + 1) if 0 <= j < len(spaced)]
        spread = bool(around) and all(n >= 0.3 * s and abs(n - spaced[i]) < 0.1 * s for n in around)
        cut = (
            right - left >= wide
            and not spread
            and _start_in(starts, left - 0.5, right + 0.5, first + 3 * s)
            # (a blank under half an em with text solid across it right over or under is the
            # space a typesetter sets between a number and the ideographs after it — XeLaTeX 12209,
            # ``投入资金 140 万元`` cut where another band's column starts — not a gutter)
            and not (right - left < 0.5 * s and ink is not None and ink.bridged(g.bottom[a], s, left, right))
            and not _autospace(chars, piece, pos, spaced, i)
        )
        hung = False
        if not cut and chars[a] in HANG_CLOSERS and after_hung(right - left, s):
            # a closing mark hung past its column's edge (a title's ``？`` into the gutter), a blank
            # after its cell (see after_hung): it inks the left half of its cell, so the gutter
            # starts there — where the lines over and under leave it open too (a line spread to its
            # measure, ``地气，更要聚民``, leaves as much after its comma: fresh 161926)
            left = _closer_ink(g, a)
            cut = right - left >= wide and _start_in(starts, left - 0.5, right + 0.5, first + 3 * s)
            hung = cut
        if (
            not cut
            and ink is not None
            and right - left >= max(wide, 0.5 * s)
            and _start_in(few, right - 0.5, right + 0.5, first + 3 * s)
            and ink.open_both(g.bottom[a], s, left, right)
        ):
            # a column of a few lines, its first run into the one beside it (XeLaTeX sets both on
            # one baseline, 0.58 em apart: tex 10907), one more indented: two lines start there,
            # half an em away, with the lines over and under open across the gap as a gutter is
            cut = True
        if not cut and _closer_across(g, a, b, starts, ends, first):
            # a closing mark hung past its column's right edge, its cell reaching across the
            # gutter to the next column's left edge, where the next glyph stands (two titles side
            # by side, the first ending on ``”``: XeLaTeX): it inks the left half of its cell
            left = _closer_ink(g, a)
            cut = right - left >= wide
        if not cut and _hung_pair(g, a, b, starts, ends, ink, first):
            left, right = _closer_ink(g, a), _opener_ink(g, b)
            cut = True
        if not cut and chars[b] in HANG_OPENERS and abs(right - left - usual) > 0.08 * s:
            # an opening mark hung into the gutter (标点悬挂): the column starts mid-cell (the half
            # it inks is in the column), and a closing mark ending the line before may hang
            # too: each inks half its cell (their boxes may even overlap, or stand apart — not set
            # as the line's own glyphs are: a mark of the line's own is)
            if chars[a] in HANG_CLOSERS:
                left = min(left, _closer_ink(g, a))
            right = max(right, _opener_ink(g, b))
            cut = (
                right - left >= wide
                and _start_under_opener(starts, g, b, left, first)
                # (not where a column's left edge stands under the glyph before it: the start under
                # the mark is that column's indent — a title's quote set tight after its glyph,
                # ``从“纸面”`` over another story's columns, Typst 12505: the title cut in two)
                and not _start_in(
                    starts, g.x0[a] + 0.25 * g.size[a], g.x1[a] - 0.25 * g.size[a], first + 3 * s
                )
            )
        if (
            not cut
            and right - left >= 0.8 * s
            and chars[a] not in HANG_CLOSERS
            and chars[b] not in HANG_OPENERS
        ):
            # two short lines spread to their columns' measures, one each side of the gutter: their
            # spacing wide, the gap hardly twice it — but wider than the spacing on either side of
            # it (a line spread alone spaces evenly), a column's edge in it; four fifths of an em
            # at least, between two glyphs that fill their cells (a mark's side bearing is no gap)
            near = [spaced[j] for j in (i - 1, i + 1) if 0 <= j < len(spaced)]
            cut = (
                bool(near)
                and right - left >= max(near) + 0.3 * s
                and _start_in(starts, left - 0.5, right + 0.5, first + 3 * s)
            )
        if not cut and ends and right - left >= 0.5 * s and 0 < i < len(spaced) - 1:
            # two letter-spaced headings side by side, each spread to its own column's measure:
            # the gap between them runs from a column's right edge to the next one's left edge,
            # and it is not the line's own spacing (a heading spread alone spaces evenly)
            near = (spaced[i - 1], spaced[i + 1])
            cut = (
                all(abs(right - left - n) >= 0.1 * s for n in near)
                and _start_in(ends, left - 1.0, left + 1.0, first + 3 * s)
                and _start_in(starts, right - 0.5, right + 0.5, first + 3 * s)
            )
        if not cut and chars[a].isspace() and ka > 0 and not chars[piece[ka - 1]].isspace():
            # a title line's trailing space, set before the title beside it, a little short of
            # the gutter (so kept as a word space): the blank from the glyph before it is over
            # half an em wider than a word space leaves, and the next glyph stands on a column's
            # left edge
            left = g.x1[piece[ka - 1]]
            cut = right - left >= 0.6 * s and _start_in(starts, right - 0.5, right + 0.5, first + 3 * s)
        # (a column's edge stands in the gap: a mark hung into it on the line above or below
        # inks its own column's half of its cell, as on this line)
        if cut and not (
            ink
            and (
                ink.bridged(g.bottom[a], s, left, right, True)
                or (hung and not ink.open_both(g.bottom[a], s, left, right))
            )
        ):
            out.append(piece[begin:kb])
            begin = kb
    out.append(piece[begin:])
    return out


def _other_face(g: PageGlyphs, at_body: list[GLine]) -> None:
    """Mark emphasised (as stroked glyphs are) the lines at the body size whose Han characters are
    mostly set in another face than the body's: a section heading in 黑体 amid 宋体, or one
    emboldened into a font subset of its own (Chromium). Han characters only: Latin letters and
    digits are often set in a font of their own on any line.

    A face may be embedded as several fonts, each a part of its glyphs (reportlab writes a subset
    of 256 glyphs each): such parts share no character. So the body's face is its main font and
    every font sharing no character with the fonts taken so far, largest first; a font that repeats
    some of the body's characters is another face."""
    han_of: dict[int, set[str]] = {}
    used: Counter[int] = Counter()
    per_line = []
    for ln in at_body:
        han = [i for i in ln.idx if is_han(g.chars[i])]
        per_line.append(han)
        for i in han:
            han_of.setdefault(g.face[i], set()).add(g.chars[i])
            used[g.face[i]] += 1
    if len(used) < 2:
        return
    body: set[int] = set()
    seen: set[str] = set()
    for f in sorted(used, key=lambda f: (-used[f], f)):
        if not body or seen.isdisjoint(han_of[f]):
            body.add(f)
            seen |= han_of[f]
    if len(body) == len(used):
        return
    for ln, han in zip(at_body, per_line, strict=True):
        if han and 5 * sum(g.face[i] not in body for i in han) >= 3 * len(han):
            ln.emph = True


def page_lines(g: PageGlyphs) -> list[GLine]:
    """Every printed line of the page (unordered: layout decides the reading order)."""
    rows = _baseline_rows(g, dedupe(g))
    ink = _Ink(g, rows)
    sizes: Counter[float] = Counter()
    for r in rows:  # a row is one size
        sizes[round(g.size[r[0]] * 4) / 4] += len(r)
    body = sizes.most_common(1)[0][0] if sizes else None
    first: list[list[int]] = []
    for row in rows:
        first += _cut_gutters(g, row, ink, body)
    starts, ends, few = _column_edges(g, first)
    pieces = [p for piece in first for p in _cut_at_starts(g, piece, starts, ink, ends, few)]
    # Glyphs standing alone on their row may be a vertical title's; so may two set apart (two
    # vertical titles side by side share every row).  They stay horizontal unless they stack.
    singles: list[int] = []
    for p in pieces:
        solid = [i for i in p if not g.chars[i].isspace()]
        if len(solid) == 1 or (len(solid) == 2 and g.x0[solid[1]] - g.x1[solid[0]] > 0.25 * g.size[solid[1]]):
            singles += solid
        elif len(solid) > 2:
            # (or a row's end glyph set apart from the rest by more than their spacing: a vertical
            # title's glyph on the row of a title beside it — fresh 163210, ``小`` 0.6 em from
            # ``用好监督利器``, its column ``切口立法…`` under it)
            gaps = [g.x0[b] - g.x1[a] for a, b in pairwise(solid)]
            usual = median(gaps)
            for k, i in ((0, solid[0]), (len(gaps) - 1, solid[-1])):
                if gaps[k] > max(0.25 * g.size[i], 2 * usual + 0.1 * g.size[i]):
                    singles.append(i)
    vertical, _rest = _stack_vertical(g, singles)
    stacked = {i for r in vertical for i in r}
    lines = []
    for p in pieces:
        if stacked and any(i in stacked for i in p):
            p = [i for i in p if i not in stacked]
        if any(not g.chars[i].isspace() for i in p) and (ln := _make(g, p, False)):
            lines.append(ln)
    lines += [ln for r in vertical if (ln := _make(g, r, True))]
    if g.face and body is not None:
        _other_face(g, [ln for ln in lines if abs(ln.size - body) <= 0.12 * body and not ln.vertical])
    if (g.emph or g.face) and body is not None:
        # emboldened text marks headings only where the text itself is not (a page set in bold)
        at_body = [ln for ln in lines if abs(ln.size - body) <= 0.12 * body]
        if 10 * sum(len(ln.text) for ln in at_body if ln.emph) > 3 * sum(len(ln.text) for ln in at_body):
            for ln in lines:
                ln.emph = False
    return lines
