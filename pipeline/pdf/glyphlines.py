"""A page's characters → printed lines (horizontal and vertical), each with its box and font size.

Lines are built from content order first (a text run is drawn left to right along one baseline),
then runs that share a baseline and nearly touch are joined.  A run is cut where one gap is far
wider than the run's own spacing: that is a gutter between columns, while a letter-spaced heading
spreads *every* gap evenly and stays one line.  Simulated bold (each glyph drawn twice a fraction of
a point apart) is reduced to one glyph.  Characters stacked one under another (竖排 titles) become a
vertical line, read top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from pipeline.pdf.reader import PageGlyphs

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (points, origin top-left)


@dataclass(slots=True)
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

    @property
    def box(self) -> Box:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def dedupe(g: PageGlyphs) -> list[int]:
    """Glyph indices in content order, without the copies of a glyph overprinted within 15 % of its
    size (simulated bold, shadowed titles)."""
    seen: dict[tuple[str, int, int], int] = {}
    keep: list[int] = []
    chars, x0, top, size = g.chars, g.x0, g.top, g.size
    for i, ch in enumerate(chars):
        if ch.isspace():
            keep.append(i)
            continue
        q = max(size[i], 1.0) * 0.3
        kx, ky = round(x0[i] / q), round(top[i] / q)
        dup = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                j = seen.get((ch, kx + dx, ky + dy))
                if j is not None and abs(x0[j] - x0[i]) < q / 2 and abs(top[j] - top[i]) < q / 2:
                    dup = True
                    break
            if dup:
                break
        if dup:
            continue
        seen[(ch, kx, ky)] = i
        keep.append(i)
    return keep


def _runs(g: PageGlyphs, order: list[int]) -> list[list[int]]:
    """Split content order into runs along one baseline, advancing left to right or stacking down."""
    runs: list[list[int]] = []
    cur: list[int] = []
    mode = ""  # "" undecided, "h" horizontal, "v" vertical
    x0, x1, top, bottom, size = g.x0, g.x1, g.top, g.bottom, g.size
    for i in order:
        if not cur:
            cur, mode = [i], ""
            continue
        j = cur[-1]
        s = max(size[i], size[j], 1.0)
        same_size = abs(size[i] - size[j]) <= 0.12 * s
        same_line = abs(bottom[i] - bottom[j]) <= 0.25 * s and same_size
        gap = x0[i] - x1[j]
        if mode != "v" and same_line and -0.2 * s <= gap <= 3.0 * s:
            cur.append(i)
            mode = "h"
            continue
        stacked = (
            same_size
            and abs(x0[i] - x0[j]) <= 0.25 * s
            and 0.6 * s <= top[i] - top[j] <= 2.5 * s
            and not g.chars[i].isspace()
        )
        if mode != "h" and stacked:
            cur.append(i)
            mode = "v"
            continue
        runs.append(cur)
        cur, mode = [i], ""
    if cur:
        runs.append(cur)
    return runs


def _cut_gutters(g: PageGlyphs, run: list[int]) -> list[list[int]]:
    """Cut a horizontal run where one gap is much wider than its usual spacing (a column gutter)."""
    if len(run) < 2:
        return [run]
    x0, x1, size = g.x0, g.x1, g.size
    gaps = [x0[b] - x1[a] for a, b in pairwise(run)]
    usual = median(gaps)
    out: list[list[int]] = []
    start = 0
    for k, gap in enumerate(gaps):
        s = max(size[run[k]], 1.0)
        if gap > 0.7 * s and gap > 2.5 * max(usual, 0.0) + 0.4 * s:
            out.append(run[start : k + 1])
            start = k + 1
    out.append(run[start:])
    return out


def _text(g: PageGlyphs, idx: list[int]) -> str:
    """The characters of a horizontal line.  A blank wider than the line's own spacing is written
    as a space (names in a byline, a letter-spaced heading: the text path's spacing rules read
    them); Latin words set apart get one space; justification stays invisible."""
    chars, x0, x1, size = g.chars, g.x0, g.x1, g.size
    solid = [i for i in idx if not chars[i].isspace()]
    gaps = [x0[b] - x1[a] for a, b in pairwise(solid)]
    usual = median(gaps) if gaps else 0.0
    parts: list[str] = []
    prev = -1
    spaced = False  # a space character was drawn since the previous glyph
    for i in idx:
        ch = chars[i]
        if ch.isspace():
            spaced = True
            continue
        if prev >= 0:
            gap = x0[i] - x1[prev]
            s = size[i]
            latin = _is_ascii_word(chars[prev]) and _is_ascii_word(ch)
            if (latin and (spaced or gap > 0.2 * s)) or (
                not latin and (spaced or (gap > 0.25 * s and gap > 3 * usual + 0.1 * s))
            ):
                parts.append(" ")
        parts.append(ch)
        prev = i
        spaced = False
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
        x0=min(g.x0[i] for i in solid),
        top=min(g.top[i] for i in solid),
        x1=max(g.x1[i] for i in solid),
        bottom=max(g.bottom[i] for i in solid),
        size=median(g.size[i] for i in solid),
        vertical=vertical,
    )


def _rows(lines: list[GLine]) -> list[GLine]:
    """Horizontal lines in rows (bottoms within a quarter of the size: fonts differ in descent),
    each row left to right."""
    horiz = sorted((ln for ln in lines if not ln.vertical), key=lambda ln: ln.bottom)
    rows: list[list[GLine]] = []
    for ln in horiz:
        if rows and ln.bottom - rows[-1][0].bottom <= 0.25 * max(ln.size, rows[-1][0].size):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.x0)]


def _join_touching(lines: list[GLine], g: PageGlyphs) -> list[GLine]:
    """Join horizontal pieces of one line drawn as separate runs (a bold word, a new text object)."""
    out: list[GLine] = []
    for ln in _rows(lines):
        if out:
            p = out[-1]
            s = max(p.size, ln.size)
            if (
                not p.vertical
                and abs(p.bottom - ln.bottom) <= 0.25 * s
                and abs(p.size - ln.size) <= 0.12 * s
                and -0.2 * s <= ln.x0 - p.x1 <= 0.7 * s
            ):
                joined = _make(g, p.idx + ln.idx, False)
                if joined is not None:
                    out[-1] = joined
                    continue
        out.append(ln)
    return out + [ln for ln in lines if ln.vertical]


def page_lines(g: PageGlyphs) -> list[GLine]:
    """Every printed line of the page (unordered: layout decides the reading order)."""
    order = dedupe(g)
    lines: list[GLine] = []
    for run in _runs(g, order):
        vertical = len(run) > 1 and abs(g.x0[run[1]] - g.x0[run[0]]) < abs(g.top[run[1]] - g.top[run[0]])
        if vertical and len(run) < 3:  # a one-character line over the next line's start: not a title
            pieces, vertical = [[i] for i in run], False
        else:
            pieces = [run] if vertical else _cut_gutters(g, run)
        for piece in pieces:
            ln = _make(g, piece, vertical)
            if ln is not None:
                lines.append(ln)
    return _join_touching(lines, g)
