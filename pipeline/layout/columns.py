"""Side-by-side columns (``pdftotext -layout`` and the like) → reading order.

Layout-preserving extractors print a page's columns next to each other, so each text line holds a
row of every column, set apart by runs of spaces::

    善人民代表大会制度，保障人民当家    望、尊重人民创造、集中人民智慧，   群众需求。

Every other rule of the layout package reads one column after another, as a reading-order
extractor emits them, so such a page is first cut into its columns. A *gutter* is a band of
character positions that is blank on nearly every line while text stands left and right of it on
many lines: ordinary pages (one column of 15–20 characters a line) have none. Rows are cut at the
gutters; consecutive rows make a *band*, read column by column with a blank line at each column
break, as a reading-order extractor marks it. A line whose text crosses a gutter with no gap near it
(a headline set across the page) is a band of its own, read where it stands. Form feeds (``\\f``,
one per PDF page) separate pages, each cut on its own.

Only the reading order changes: each output line remembers the raw line it came from, so the line
numbers the dataset reports still point into the file as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A blank share this high marks a gutter position: a few lines may cross it (a headline, a line
# whose next column starts a character early) and are handled one by one.
GUTTER_SHARE = 0.9
MIN_GUTTER_WIDTH = 2  # positions: columns stand at least two blank characters apart
MIN_ROWS = 4  # lines with text on both sides of a gutter, and at least …
MIN_ROWS_SHARE = 0.1  # … this share of the page's non-blank lines (a last column may be short)
MIN_FURTHER_ROWS = 3  # rows beside a further gutter, once one gutter has ``MIN_ROWS``
MAX_ACROSS_SHARE = 0.05  # lines that may run through a gutter with no gap (headlines)
DRIFT = 3  # how far from the gutter a line's own gap may lie (extractors place text by x-position)
# A character, two or more spaces, a character: the cheap test that lets a page skip the search
# unless such gaps stand on a fifth of its lines (a byline or page header has one; a page of
# columns has one on nearly every line).
_GAP = re.compile(r"\S {2,}\S")
MIN_GAP_LINES_SHARE = 0.2
_SPACE_RUN = re.compile(r" {2,}")


@dataclass(frozen=True, slots=True)
class ColumnSplit:
    """A page re-ordered into reading order."""

    text: str  # the reading-order text, one line per cell row (``\\n``-separated)
    origin: tuple[int, ...]  # for each line of ``text``, the 1-based raw line it came from
    columns: int  # the most columns any band of the page had


def split_columns(text: str) -> ColumnSplit | None:
    """The page in reading order, or None when no part of it is set in side-by-side columns."""
    need = max(MIN_ROWS, MIN_GAP_LINES_SHARE * (text.count("\n") + 1))
    # ``str.count`` first: a regex search costs ~40 µs on a page of CJK text, ten times as much.
    if text.count("  ") < need or len(_GAP.findall(text)) < need:
        return None
    out: list[str] = []
    origin: list[int] = []
    most = 1
    start = 0
    # Line numbers run on across form feeds: the line a ``\f`` stands in ends one page and starts
    # the next.
    for page in text.split("\f"):
        rows = page.split("\n")
        most = max(most, _read_page(rows, start, out, origin))
        start += len(rows) - 1
    if most == 1:
        return None
    return ColumnSplit("\n".join(out), tuple(origin), most)


def find_gutters(rows: list[str]) -> list[tuple[int, int]]:
    """Gutters ``[a, b)`` of a page's rows: positions blank on ≥ ``GUTTER_SHARE`` of the non-blank
    rows, at least ``MIN_GUTTER_WIDTH`` wide, with text on both sides on enough rows."""
    lines = [r.rstrip() for r in rows if r.strip()]
    if len(lines) < MIN_ROWS:
        return []
    width = max(map(len, lines))
    ink = [0] * (width + 1)
    for ln in lines:
        for i, ch in enumerate(ln):
            if ch != " ":
                ink[i] += 1
    limit = len(lines) * (1 - GUTTER_SHARE)
    need = max(MIN_ROWS, MIN_ROWS_SHARE * len(lines))
    out: list[tuple[int, int, int]] = []
    p = 0
    while p < width:
        if ink[p] > limit:
            p += 1
            continue
        q = p
        while q < width and ink[q] <= limit:
            q += 1
        if q - p >= MIN_GUTTER_WIDTH and q < width:
            # The gutter proper is the run's emptiest stretch that ends where the next column
            # begins: a column's few long lines (a spaced-out number) may reach into the run.
            low = min(ink[p:q])
            a = q
            while a > p and ink[a - 1] == low:
                a -= 1
            a = min(a, q - MIN_GUTTER_WIDTH)  # as wide as a gutter is, at least
            both = sum(1 for ln in lines if len(ln) > q and ln[:a].strip() and ln[q:].strip())
            # Lines running through it with single spaces at most (letter-spaced lines, inside a
            # column wider than most of its lines) say it is no gutter; a headline or two may.
            across = sum(
                1
                for ln in lines
                if ln[a:q].strip()
                and ln[:a].strip()
                and ln[q:].strip()
                and "  " not in ln[max(0, a - DRIFT) : q + DRIFT]
            )
            if both >= MIN_FURTHER_ROWS and across <= max(2, MAX_ACROSS_SHARE * len(lines)):
                out.append((a, q, both))
        p = q
    # One gutter must stand out on its own; once the page is known to be set in columns, a short
    # last column (a few rows beside the others) is one too.
    if not any(both >= need for _, _, both in out):
        return []
    return [(a, q) for a, q, _ in out]


def cut_row(row: str, gutters: list[tuple[int, int]], drift: bool = True) -> list[str] | None:
    """The cells of one row (one per column, stripped), or None when its text runs across a gutter.

    A row is cut in a gutter that is blank on it; failing that (extractors place text by its
    x-position, so a cell may end or start a character or two into the gutter), in a gap of two or
    more spaces near the gutter after which text resumes near the next column's start (unless
    ``drift`` is false). A cell that runs into the gutter with nothing after it is simply the row's
    last cell."""
    cells: list[str] = []
    left = 0
    for a, b in gutters:
        if not row[a:].strip():  # the row ends before this gutter: the later cells are empty
            break
        if not row[a:b].strip():
            cut = a
        else:
            near = _SPACE_RUN.finditer(row, max(left, a - DRIFT), b + DRIFT) if drift else ()
            gaps = [m for m in near if m.start() <= a + DRIFT and m.end() >= b - DRIFT]
            if gaps:
                cut = min(gaps, key=lambda m: abs(m.start() - a)).start()
            elif " " not in row[a:].strip() and len(row.rstrip()) <= b + DRIFT:
                break  # a cell running into the gutter, nothing beside it
            else:
                return None
        cells.append(row[left:cut].strip())
        left = cut
    cells.append(row[left:].strip())
    cells += [""] * (len(gutters) + 1 - len(cells))
    return cells


def _read_page(rows: list[str], start: int, out: list[str], origin: list[int]) -> int:
    """Append one form-feed page's rows in reading order; the number of columns it was read in."""
    # Rows above the first with two separate pieces of text (a page header, a headline set across
    # the columns) are kept out of the search for gutters: on a short page, two lines of a
    # headline would fill a gutter's blank share. (They are cut like any row, if they can be.)
    top = next((k for k, row in enumerate(rows) if len(_SPACE_RUN.split(row.strip())) > 1), len(rows))
    gutters = find_gutters(rows[top:])
    if not gutters:
        for i, row in enumerate(rows, start=start + 1):
            out.append(row)
            origin.append(i)
        return 1
    band: list[tuple[int, list[str]]] = []
    columns_seen = False  # above the first row with two cells, a line is not cut in a gap near a
    # gutter: there stand the page header and headlines, whose gaps between fields fall anywhere
    first_column_seen = False  # rows at the very top with text only right of the first column
    # are a centred headline above the columns, not the start of a later column
    for i, row in enumerate(rows, start=start + 1):
        cells = cut_row(row, gutters, columns_seen) if row.strip() else [""] * (len(gutters) + 1)
        columns_seen = columns_seen or (cells is not None and sum(1 for c in cells if c) >= 2)
        if cells is not None and any(cells) and not first_column_seen and not cells[0]:
            cells = None
        first_column_seen = first_column_seen or (cells is not None and bool(cells[0]))
        if cells is None:  # a line across the columns: the band so far, then the line
            _flush(band, out, origin)
            band = []
            out.append(row.strip())
            origin.append(i)
        else:
            band.append((i, cells))
    _flush(band, out, origin)
    return len(gutters) + 1


def _flush(band: list[tuple[int, list[str]]], out: list[str], origin: list[int]) -> None:
    """One band, column after column: leading and trailing empty cells dropped, a run of empty
    cells kept as one blank line, one blank line at each column break (none before the first
    column: what stands above it, a headline or the page header, is not a column)."""
    if not band:
        return
    for col in range(len(band[0][1])):
        cells = [(i, cells[col]) for i, cells in band]
        while cells and not cells[-1][1]:
            cells.pop()
        k = 0
        while k < len(cells) and not cells[k][1]:
            k += 1
        if k == len(cells):
            continue
        if col and out and out[-1]:
            out.append("")  # the column break
            origin.append(cells[k][0])
        blank = False
        for i, cell in cells[k:]:
            if not cell:
                blank = True
                continue
            if blank:
                out.append("")
                origin.append(i)
                blank = False
            out.append(cell)
            origin.append(i)
