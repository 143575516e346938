"""Which extractor style a page's text is in, and its reading order where the text itself allows.

The same page set in columns comes out of the common PDF extractors in incompatible shapes
(measured on real tool output, ``tests/data/extractors/``):

* ``reading_order`` — one column after another (PyMuPDF, pypdf, pdfminer.six on most pages);
* ``side_by_side`` — the columns of a row on one line, set apart by runs of spaces
  (``pdftotext -layout``): put in reading order by :mod:`~pipeline.layout.columns`;
* ``interleaved`` — lines of two or more columns alternating (``pdftotext`` with tight gutters);
* ``merged_lines`` — the rows of all columns on one line, joined by one space (pdfplumber), or
  set apart by runs of spaces that no column grid explains (``pdftotext -layout`` on a page of
  staggered blocks and vertical type), or a few rows of two columns run together (``pdftotext``);
* ``fragmented`` — a glyph or token per line (pypdf when a PDF draws each glyph on its own);
* ``char_spaced`` — a space after every glyph (pdfminer.six, ``pdftotext`` on tracked text);
* ``misordered_blocks`` — reading order but for whole blocks of one column printed between two
  blocks of another (``pdftotext`` and pdfminer.six now and then), seen at the blank lines between
  them by :mod:`~pipeline.layout.blockorder`; or side-by-side columns that one grid does not
  explain (a newspaper page of articles over different columns, staggered baselines), split by
  columns but not surely in order; or (set by :func:`~pipeline.layout.read_page` once the page is
  read) text in reading order read with a paragraph running on past a ``（下转第X版）`` note — one
  article's text run into the next, as on newspaper pages with titles beside or below their text.

Restored (the layout rules then read the text as usual): ``side_by_side`` and ``char_spaced`` —
each line de-spaced by the spacing rules, with word gaps kept as phrase gaps. Recognised and
flagged, never silently read as if in order: ``interleaved`` and ``merged_lines`` (which column a
line, or a part of one, belongs to is not in the text for sure), ``fragmented`` (the glyphs are
re-joined in order, but where the printed lines, paragraphs and titles ended is lost) and
``misordered_blocks`` (which block continues which is not in the text for sure; a char-spaced page
found so is de-spaced and flagged).

Cost on reading-order text: :func:`detect_style` first asks three ``str.count`` questions of the
page (spaces, newlines, double newlines); only a page that already looks unlike ordinary
extractor text is looked at line by line, and the block-order check looks only at the lines around
blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from pipeline.layout.blockorder import boundary_note, header_amid_text, misordered_boundaries
from pipeline.layout.columns import split_columns
from pipeline.layout.lines import hardly_blank
from pipeline.layout.spacing import CJK_PUNCT, SENTENCE_END, despace, join_wrapped
from pipeline.layout.titlelines import may_repair, repair_title_lines

__all__ = ["FLAGS", "StyleVerdict", "detect_style"]

# Article flag per style; a flag ending in ``_restored`` or ``side_by_side_columns`` means the
# reading order was rebuilt; the others mean it could not be, and the articles may splice columns.
FLAGS = {
    "side_by_side": "side_by_side_columns",
    "char_spaced": "char_spaced_restored",
    "interleaved": "interleaved_columns",
    "merged_lines": "merged_columns",
    "fragmented": "fragmented",
    "misordered_blocks": "misordered_blocks",
    "layout_failed": "layout_fallback",
}
# ``layout_failed``: the layout rules raised on the page (a bug); its lines are kept as they came.
UNRESTORED = frozenset({"interleaved", "merged_lines", "fragmented", "misordered_blocks", "layout_failed"})

MIN_LINES = 12  # non-blank lines a page needs before any style but reading order is claimed
FRAGMENT_CHARS = 3  # a line of at most this many characters is a fragment …
FRAGMENT_SHARE = 0.7  # … and a fragmented page has at least this share of them
SPACED_SHARE = 0.6  # a char-spaced page: this share of its lines have a space after every glyph
MERGED_SHARE = 0.4  # a merged page: this share of its long lines join two runs of text by one space
MERGED_MIN_CHARS = 10  # (a long line: at least this many characters)
MERGED_SAMPLE = 24  # lines looked at before the whole page is
# Interleaved: a line break whose two sides form a character pair seen inside some line of the
# page is a *continuation*. In reading order the next line continues a line far more often than
# the line after next does; with columns alternating, a line two or three down continues it.
# Measured (joins with four non-blank lines): pdftotext's interleaved pages 29 % and 24 % of lines
# continued two down (1.3 and 0.7 times the next-line share); 4,034 reading-order pages (2,000
# synthetic, the 16 hand-made, the sample, and each again without its blank lines, as PyMuPDF
# prints them) at most 17 %, and never ≥ 15 % together with ≥ 0.5 times the next-line share.
SKIP_CONTINUES = 0.15
SKIP_RATIO = 0.5
MIN_JOINS = 20
SAMPLE_JOINS = 40


@dataclass(frozen=True, slots=True, kw_only=True)
class StyleVerdict:
    """A page's extractor style; for a restored style, the page in reading order."""

    style: str = "reading_order"
    text: str | None = None  # reading-order text (None: read the page as given; for reading_order,
    # the page with its doubled or vertical title lines repaired, see :mod:`~pipeline.layout.titlelines`)
    origin: tuple[int, ...] | None = None  # 1-based raw line of each line of ``text``
    ends: tuple[int, ...] | None = None  # … and the raw line it ends on, when not the same
    columns: int = 1  # columns found (side_by_side only)
    # Why a page is not read as in reading order (the evidence found, raw line numbers where there
    # are some): for ``baokan inspect``; asked only of pages not in reading order.
    note: str | None = None

    @property
    def flag(self) -> str | None:
        return FLAGS.get(self.style)

    @property
    def restored(self) -> bool:
        return self.style not in UNRESTORED


READING_ORDER = StyleVerdict()


def detect_style(text: str) -> StyleVerdict:
    """The page's extractor style (see the module docstring); cheap and a no-op on reading order."""
    split = split_columns(text)
    if split is not None:
        style, note = "side_by_side", None
        if _grid_unfilled(split.text, split.origin, split.columns):
            note = "columns side by side, but the rows fill too little of one grid: several grids"
        elif _cells_gapped(split.text):
            note = "columns side by side, some left together in one cell (a gutter closed by a box)"
        elif found := misordered_boundaries(split.text, True):
            note = boundary_note(found[0], split.origin)
        if note is not None:
            style = "misordered_blocks"  # columns of several grids, or staggered rows: split, not in order
        return StyleVerdict(
            style=style, text=split.text, origin=split.origin, columns=split.columns, note=note
        )
    newlines = text.count("\n")
    if newlines < MIN_LINES:
        return READING_ORDER
    if _gapped(text):  # side by side, but no grid the splitter could read
        return StyleVerdict(
            style="merged_lines", note="gaps between runs of text on many lines, no column grid"
        )
    spaces = text.count(" ")
    ink = len(text) - spaces - newlines
    if newlines * FRAGMENT_CHARS > ink and (verdict := _fragmented(text)) is not None:
        return verdict  # lines of ≤ 3 characters on average, and most of them that short
    if spaces * 2 > ink and (verdict := _char_spaced(text)) is not None:
        # a space for every other character: char-spaced; its columns may still be merged
        if verdict.text is not None and (_merged(verdict.text) is not None or _too_wide(verdict.text)):
            return StyleVerdict(
                style="merged_lines", note="a space after every glyph, and lines of two columns' width"
            )
        if verdict.text is not None and (found := misordered_boundaries(verdict.text, first_only=True)):
            note = boundary_note(found[0], verdict.origin)
            return StyleVerdict(
                style="misordered_blocks", text=verdict.text, origin=verdict.origin, note=note
            )
        return verdict
    if spaces * 4 > newlines and (verdict := _merged(text)) is not None:
        return verdict  # a space on a quarter of the lines at least, joining two columns
    # Extractors that interleave (and reading-order ones) drop the blank lines of the page; a page
    # that keeps them is not tested for it.
    few_blanks = hardly_blank(text)
    if few_blanks and (verdict := _interleaved(text)) is not None:
        return verdict
    if (found := misordered_boundaries(text, first_only=True)) or header_amid_text(text):
        note = boundary_note(found[0]) if found else "a line of the page header printed amid the text"
        return StyleVerdict(style="misordered_blocks", note=note)
    if spaces and _some_merged(text):  # a few rows of two columns run together
        return StyleVerdict(style="merged_lines", note="a few lines hold two columns' text joined by a space")
    if spaces and (heads := _merged_heads(text)) is not None:
        return StyleVerdict(
            style="merged_lines", note=f"line {heads} holds the headlines of several stories side by side"
        )
    if (band := _gapped_band(text)) is not None:
        return StyleVerdict(
            style="merged_lines",
            note=f"lines {band[0]}–{band[1]} hold two columns side by side (a band the splitter cannot read)",
        )
    if (few_blanks or may_repair(text)) and (fixed := repair_title_lines(text)) is not None:
        # titles doubled by simulated bold, or set vertically: PyMuPDF and pypdf (no blank lines),
        # and pdfminer.six (blank lines between blocks; read_page flags such a page)
        return StyleVerdict(text=fixed[0], origin=fixed[1], ends=fixed[2])
    return READING_ORDER


GRID_FILL = 0.7  # side by side: the rows fill at least this share of the grid's columns on average.
# A newspaper page (articles over 1–4 of 5–8 columns, staggered baselines) split with one grid
# fills 0.30–0.64 of it (and a two-column one 0.81: its misordered blocks are seen); pages of one
# grid 0.75–0.90 (``tests/data/extractors``, ``tests/data/pdftotext``).


def _grid_unfilled(text: str, origin: tuple[int, ...], columns: int) -> bool:
    """Do the split rows fill too little of the grid for one grid to be the page's?"""
    rows = {o for o, ln in zip(origin, text.split("\n"), strict=False) if ln.strip()}
    cells = sum(1 for ln in text.split("\n") if ln.strip())
    return bool(rows) and cells < GRID_FILL * columns * len(rows)


GAPPED_SHARE = 0.25  # a page this share of whose lines hold a run of spaces between text, yet with
# no columns found, is side by side with its rows unreadable. Measured: reading-order pages (2,234:
# synthetic, hand-made, the sample, every tool's reading-order fixture) at most 0.13; ``pdftotext
# -layout`` on newspaper pages 0.30–1.00 (a staggered glyph-drawn page the splitter could not grid:
# 0.41, read as one text it spliced 29 paragraphs).
_SPACE_RUN = re.compile("  +")  # (a literal start: the regex engine finds it at C speed)


def _gapped(text: str) -> bool:
    """Do many lines hold a gap of two spaces or more between text?"""
    if text.count("  ") < GAPPED_SHARE * MIN_LINES:
        return False
    gapped = line = seen = 0
    last = -1
    for m in _SPACE_RUN.finditer(text):
        a, b = m.start(), m.end()
        if a and text[a - 1] not in " \n" and b < len(text) and not text[b].isspace():
            line += text.count("\n", seen, a)
            seen = a
            if line != last:
                gapped, last = gapped + 1, line
    if gapped < GAPPED_SHARE * MIN_LINES:
        return False
    inked = sum(1 for ln in text.split("\n") if ln.strip())
    return inked >= MIN_LINES and gapped >= GAPPED_SHARE * inked


CELL_GAP_SHARE = 0.1  # split side by side, this share of the cells still hold two runs of text
# set apart by spaces: columns the splitter left together (a gutter closed by a box across it).
# Measured on ``pdftotext -layout`` pages split: one grid read right 0–0.013; newspaper pages split
# with columns left together 0.185–0.44 (read as split: F1 0, CER 100 %).
_CELL_GAP = re.compile(r"\S{4} {2,}\S{4}")


def _cells_gapped(text: str) -> bool:
    inked = [ln for ln in text.split("\n") if ln.strip()]
    return sum(1 for ln in inked if _CELL_GAP.search(ln)) > max(2, CELL_GAP_SHARE * len(inked))


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n")]


def _fragmented(text: str) -> StyleVerdict | None:
    """A glyph or token per line: re-joined in order, one line per sentence (the printed lines are
    lost). A whitespace-only line is the space glyph between two fragments."""
    raw = text.split("\n")
    inked = [ln for ln in raw if ln.strip()]
    if len(inked) < MIN_LINES:
        return None
    short = sum(1 for ln in inked if len(ln.strip()) <= FRAGMENT_CHARS)
    if short < FRAGMENT_SHARE * len(inked):
        return None
    out: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    cur = ""
    start = 0
    gap = False
    for i, ln in enumerate(raw, start=1):
        piece = ln.strip()
        if not piece:
            gap = gap or bool(ln) or not cur  # a space glyph, or an empty line: a word gap
            continue
        if not cur:
            start = i
            cur = piece
        elif gap and cur[-1].isascii() and piece[0].isascii():
            cur = f"{cur} {piece}"
        elif gap and not cur[-1].isascii() and not piece[0].isascii():
            cur = f"{cur}  {piece}"  # a phrase gap, as a headline prints it
        else:
            cur = join_wrapped(cur, piece)
        gap = False
        if cur[-1] in SENTENCE_END:
            out.append(cur)
            origin.append(start)
            ends.append(i)
            cur = ""
    if cur:
        out.append(cur)
        origin.append(start)
        ends.append(len(raw))
    note = "a glyph or a token a line"
    return StyleVerdict(
        style="fragmented", text="\n".join(out), origin=tuple(origin), ends=tuple(ends), note=note
    )


def _is_spaced(line: str) -> bool:
    """Glyphs followed by spaces, most of them (``此 外 ， 县 人 大``, or pdfminer's ``治 理效能 ，深``):
    spaces at least a third of the glyphs, on a line of four pieces or more."""
    body = line.strip()
    gaps = body.count(" ")
    return gaps >= 3 and gaps * 3 >= len(body) - gaps


def _char_spaced(text: str) -> StyleVerdict | None:
    raw = text.split("\n")
    inked = [ln for ln in raw if len(ln.strip()) >= 7]
    if len(inked) < MIN_LINES or sum(map(_is_spaced, inked)) < SPACED_SHARE * len(inked):
        return None
    lines = [despace(ln) if _is_spaced(ln) else ln for ln in raw]
    return StyleVerdict(style="char_spaced", text="\n".join(lines), origin=tuple(range(1, len(raw) + 1)))


_JOIN_LEFT = frozenset("，。；：、！？")


MAX_COLUMN_CHARS = 30  # a char-spaced page whose lines are longer has its columns merged (a newspaper
# column is 12–24 characters wide; a single space joining two columns is lost in the spacing)


MERGED_SPREAD = 1.4  # … or whose lines are of two widths: a tenth of them this much wider than most
# (one column's row, or two joined). Measured on the char-spaced fixtures: one column 1.00–1.13;
# pdfplumber's two columns joined 1.57.


def _too_wide(text: str) -> bool:
    widths = sorted(len(ln) for ln in _lines(text) if len(ln) >= FRAGMENT_CHARS)
    if not widths:
        return False
    median = widths[len(widths) // 2]
    if median > MAX_COLUMN_CHARS:
        return True
    return len(widths) >= MIN_LINES and widths[(9 * len(widths)) // 10] >= MERGED_SPREAD * median


def _joined_by_space(line: str) -> bool:
    """Two runs of Chinese text joined by spaces, the left one ending a column's line (a run of
    ≥ 4 characters each side, not a letter-spaced line): pdfplumber joins with one space,
    ``pdftotext -layout`` with two where the gutter is too narrow to cut at."""
    parts = line.split()
    for left, right in pairwise(parts):
        if len(left) >= 4 and len(right) >= 4:
            a, b = left[-1], right[0]
            if a.isascii() or b.isascii() or b in CJK_PUNCT:
                continue
            if a not in CJK_PUNCT or a in _JOIN_LEFT:
                return True
    return False


def _merged(text: str) -> StyleVerdict | None:
    raw = text.split("\n")
    # A first look at a sample of the raw lines: on a page whose columns are merged most of them
    # are; on a page in reading order (spaces around digits, a spaced byline) next to none are.
    if not any(map(_merged_line, raw[:: max(1, len(raw) // MERGED_SAMPLE)])):
        return None
    long = [ln for ln in raw if len(ln) >= MERGED_MIN_CHARS]
    if len(long) < MIN_LINES:
        return None
    # A sample of the lines first: most pages with spaces (letter-spaced lines, bylines) stop here.
    step = max(1, len(long) // MERGED_SAMPLE)
    sample = long[::step]
    if sum(map(_merged_line, sample)) < MERGED_SHARE * len(sample):
        return None
    if sum(map(_merged_line, long)) < MERGED_SHARE * len(long):
        return None
    return StyleVerdict(style="merged_lines", note="most lines hold two columns' text joined by spaces")


SOME_MERGED = 2  # lines of two columns' prose run together that make a page ``merged_lines``
# Two runs of five characters or more joined by one space, a ，。； in the line, not a numbered
# heading (``一、守牢安全底线 推动法规落地``). Measured: none on a page of the 2,065 reading-order
# pages, one at most on a PyMuPDF, pypdf or pdfminer.six newspaper page (pdfminer's gaps inside a
# line: ``音，每一件 建议都要有着``); 2 to 24 on 57 of 240 pdftotext newspaper pages, 355 lines
# of which 352 join two columns in their truth (one page left unflagged had 2: its paragraphs
# spliced columns).
_TWO_RUNS = re.compile(r" (?=\S{5})(?<=\S{5} )")  # (a literal space first: found fast)
_RUN_CLAUSE = re.compile("[，。；]")
_NUMBERED = re.compile(r"[一二三四五六七八九十\d]+[、.．]|（[一二三四五六七八九十]")


def _some_merged(text: str) -> bool:
    """Are a few of the page's lines two columns' rows run together (``务平台，坚持开门立 驻站代表深入街道社``)?"""
    n = 0
    for m in _TWO_RUNS.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        line = text[start : len(text) if end < 0 else end].strip()
        if (
            line.count(" ") == 1
            and _RUN_CLAUSE.search(line)
            and not _NUMBERED.match(line)
            and _joined_by_space(line)
        ):
            n += 1
            if n >= SOME_MERGED:
                return True
    return False


BAND_ROWS = 3  # rows with text right of one gap at one place, within BAND_SPAN rows: a band of
BAND_SPAN = 8  # columns side by side (``pdftotext -layout``: a title box beside a column's tail)
_WIDE_GAP = re.compile(r"(?<=\S)   +(?=\S)")  # three spaces or more between text


def _gapped_band(text: str) -> tuple[int, int] | None:
    """Rows (first and last line, 1-based) of a band printed side by side amid text in one column:
    ``BAND_ROWS`` lines within ``BAND_SPAN`` whose text after a gap of three spaces or more starts
    at one character (±1) — a gutter. Too few rows for the splitter (a page of one column with a
    band of two, its gutter blank on under 90 % of the lines) read as one text splices them."""
    if "   " not in text:
        return None
    starts: list[tuple[int, int]] = []  # (line, where the text after the gap starts)
    for i, line in enumerate(text.split("\n")):
        if "   " in line.strip():
            starts += [(i, m.end()) for m in _WIDE_GAP.finditer(line)]
    for k, (i, at) in enumerate(starts):
        rows = {j for j, b in starts[k:] if j - i < BAND_SPAN and abs(b - at) <= 1}
        if len(rows) >= BAND_ROWS:
            return i + 1, max(rows) + 1
    return None


# Four runs of four Han characters or more joined by single spaces, nothing else on the line: the
# headlines of a row of stories printed as one line (``pdftotext``). A headline has two halves at
# most; a byline's names and a header's fields are shorter runs or hold digits.
_HEAD_RUN = "[\u3400-\u9fff“”]{4,}"
_HEAD_ROW = re.compile(f" (?={_HEAD_RUN} {_HEAD_RUN} {_HEAD_RUN})")  # (a literal space first: found fast)
_HEADS_LINE = re.compile(f"(?:{_HEAD_RUN} ){{3,}}{_HEAD_RUN}")


def _merged_heads(text: str) -> int | None:
    """The first line (1-based) holding nothing but four headline-like runs joined by spaces."""
    for m in _HEAD_ROW.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if _HEADS_LINE.fullmatch(text[start : len(text) if end < 0 else end].strip()):
            return text.count("\n", 0, start) + 1
    return None


def _merged_line(line: str) -> bool:
    # A space inside the line, not its indent (most lines with a space on a page in reading order).
    return " " in line.strip(" ") and not _is_spaced(line) and _joined_by_space(line)


def _interleaved(text: str) -> StyleVerdict | None:
    """Lines continued two or three lines down rather than on the next line: columns alternating."""
    raw = text.split("\n")
    if len(raw) < MIN_JOINS + 3:
        return None
    step = max(1, (len(raw) - 3) // SAMPLE_JOINS)
    hits = [0, 0, 0]
    n = 0
    for i in range(0, len(raw) - 3, step):
        four = [raw[i + d].strip() for d in range(4)]
        if not all(four):
            continue
        n += 1
        end = four[0][-1]
        for d in (1, 2, 3):
            if end + four[d][0] in text:
                hits[d - 1] += 1
    near, skip = hits[0], max(hits[1], hits[2])
    if n >= MIN_JOINS and skip >= SKIP_CONTINUES * n and skip >= SKIP_RATIO * near:
        note = "lines carried on two or three lines down rather than on the next: columns alternating"
        return StyleVerdict(style="interleaved", note=note)
    return None
