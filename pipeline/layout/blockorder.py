"""Blocks of text emitted out of reading order: seen at the blank lines between them.

``pdftotext`` (default mode) and pdfminer.six read most column pages in order, but now and then
print a whole block of another column between two blocks of one column, with a blank line at each
block boundary. Read as it stands, a paragraph cut at such a boundary runs on into the other
column's text. The lines on either side of a blank line tell whether the text there can be in
order:

* a line that **visibly finishes a clause** begun elsewhere (``全。``, ``化，推出…`` — see
  :func:`~pipeline.layout.paragraphs.continues_sentence`) opening a block after a line that ended
  a sentence: the clause it finishes is not above it;
* a full prose line cut **mid-sentence** (a clause mark in it, no sentence end after it; in a
  block of body lines that fill the column) followed by a block that opens with something that
  cannot carry on a sentence: a heading-like line (short, unpunctuated) standing over text, an
  indented first line over a full one, or an interviewer's turn (``记者：``);
* a document's name in ``《…`` **broken at a line end** and a next line that reaches a clause mark
  before its ``》``: a name holds no clause mark, so that line does not carry it on (a column
  switched with no blank line between, as ``pdftotext`` does now and then).

Any one is a misordered boundary; text in reading order (a column break mid-sentence leaves a
blank line too, but the next column then carries the sentence on) shows none: counted at 0 on
the sample page, the hand-made pages, thousands of synthetic pages and every reading-order fixture
(``benchmarks/extractor_styles.py``), and every boundary found on the tools' output is out of
order in their truth (``tests/test_blockorder.py``).

After the layout rules have read a page, one more sign: a paragraph that runs on past a
``（下转第X版）`` note (:func:`runs_past_jump`). In print the text before a jump note goes on on
another page, never on the line after it; the reader joining the two has run one article's text
into the next (a title beside or below its text, a block out of order).
No paragraph of 4,050 reading-order pages does so (1,565 of them have jump notes). Nor does a
dateline (``新华社…电``, ``本报讯``) stand amid a paragraph (:func:`dateline_amid_text`): it opens a
story whose byline went unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from pipeline.layout.lines import HALF_CELL as _HALF
from pipeline.layout.lines import measure_width
from pipeline.layout.paragraphs import ASKER_STARTS, CONTINUES_PATTERN, continues_sentence
from pipeline.layout.roles import (
    BYLINE_MARKERS,
    ends_sentence_compact,
    is_kicker,
    parse_byline,
    parse_header,
    title_like_compact,
)
from pipeline.layout.spacing import is_letterspaced
from pipeline.types import PageLayout

__all__ = [
    "boundary_note",
    "dateline_amid_text",
    "dateline_note",
    "header_amid_text",
    "jump_note",
    "misordered_boundaries",
    "name_note",
    "name_unopened",
    "runs_past_jump",
    "stub_note",
    "tail_note",
    "wide_head_note",
]

MIN_BODY_LINES = 3  # a block cut mid-sentence: at least this many lines …
WIDTH_LINES = 8  # … its column width measured on up to this many lines around the cut


@dataclass(frozen=True, slots=True)
class _Row:
    compact: str
    width: float  # curly quotes and Latin letters and digits ½ cell …
    wide: float  # … and 1 cell (an upper bound: how wide a font sets them is not in the text)
    spaced: bool
    prose: bool  # has a clause mark inside: body text, not a title, byline or header


def _row(raw: str) -> _Row:
    c = "".join(raw.split())
    w = measure_width(c)
    wide = w + 0.5 * len(_HALF.findall(c)) if not c.isascii() and _HALF.search(c) else w
    return _Row(c, w, wide, is_letterspaced(raw.strip()), _CLAUSE.search(c[:-1]) is not None)


_CLAUSE = re.compile("[，。、；：？！]")
_MID_CLAUSE = re.compile("[，、；：]")  # inside a sentence: prose (a title may hold ？ or ！)
_NEXT_LINE = re.compile(r"\s*(\S[^\n]*)")
_CLOSERS = frozenset("”’」』）》")  # a line ending so may still end a sentence
_PLAIN = re.compile("[\u3400-\u9fff，。、；：！？《》（）]+")
_SENTENCE_ENDS = frozenset("。！？…")
# Blank lines (from the line end above them to the one before text) after a line not ending on a
# colon, and the two lines after them. After a sentence end (also inside quotes: ``。”``) only where
# the line below finishes a clause all the same: the one question asked there, asked in the pattern
# (most blank lines of a page follow a sentence end; a Python loop over them was most of the check's
# cost). The pattern starts with a literal line end, which the regex engine finds fast, and asks
# the cheapest question first (a blank line follows?).
_GAP = re.compile(
    r"\n(?=[^\S\n]*\n)"
    r"(?:(?<=[^\s：:。！？…]\n)(?<![。！？…][”’」』）》]\n)"
    r"|(?:(?<=[。！？…]\n)|(?<=[。！？…][”’」』）》]\n))(?=\s*\n[^\S\n]*" + CONTINUES_PATTERN + r"))"
    r"\s*\n(?=[^\S\n]*([^\n]*)\n?[^\S\n]*([^\n]*))"
)


# A line ending a sentence right over one opening on a glyph and a clause mark (no blank line
# between). Measured: on none of 6,050 reading-order pages (the sample, the hand-made pages, the
# pdftotext fixtures, 3,000 synthetic pages with and 3,000 without their blank lines) nor on the
# PyMuPDF and pypdf fixtures; on PyMuPDF's text of a WeasyPrint page a column's head printed
# after the story of another (``…管理情况监督。`` / ``衡，通过App…``).
_TAIL_UNDER_END = re.compile(
    r"\n(?=[^\S\n]*[\u3400-\u9fff][，、；：])(?:(?<=[。！？…]\n)|(?<=[。！？…][”’」』）》]\n))"
)


# A document's name in 《》 broken at a line end (no 》 after the 《, nor a space: a merged line's
# other column), and the next line (blank lines between) reaching a clause mark before any 》: a
# name holds no ，。；！？, so the line after is not the one the name goes on in. Measured: never on
# the 2,065 reading-order pages (``benchmarks/extractor_styles.py``' false-alarm sets); on the
# tools' newspaper pages, out of order in their truth every time it was found on a line of one
# column (pdftotext switching columns with no blank line between).
_OPEN_TITLE = re.compile(r"《[^》《\s]*\n(?:[^\S\n]*\n)*[^\S\n]*[^》《\n]*?[，。；！？]")


def _width(rows: list[_Row]) -> float:
    """Column width of a run of lines: the upper quartile of the lines that run on (not the last)."""
    ws = sorted(r.width for r in rows[:-1] if not r.spaced) or [r.width for r in rows]
    return ws[(3 * len(ws)) // 4] if ws else 0.0


def _cut_mid_sentence(block: list[_Row]) -> bool:
    """The block (its last lines) ends on a full body line that stops inside a sentence."""
    if len(block) < MIN_BODY_LINES:
        return False
    while len(block) > MIN_BODY_LINES and not block[0].prose:
        block = block[1:]  # a title, byline or first line above the prose: not what is measured
    last = block[-1]
    if last.spaced:
        return False
    w = _width(block)
    full = sum(1 for r in block if r.wide >= w - 1.25)
    prose = sum(1 for r in block if r.prose)
    if not (full * 2 > len(block) and prose * 2 >= len(block) and prose >= 2):
        return False
    return last.wide >= w - 1.0 or _first_line_cut(block, w)


def _first_line_cut(block: list[_Row], w: float) -> bool:
    """Is the block's last line a paragraph's first line, full but for its indent (the line above
    ends a sentence; an extractor that drops the indent prints it 1.5–3 cells short)?  It goes on
    below as surely as a full line does."""
    last, above = block[-1], block[-2]
    return (
        last.prose
        and _PLAIN.fullmatch(last.compact) is not None  # widths sure: no Latin letters, digits, quotes
        and w - 3.0 <= last.width <= w - 1.5
        and ends_sentence_compact(above.compact)
    )


def _opens_anew(block: list[str]) -> bool:
    """The block (its first lines, as printed) opens with a line that cannot carry a sentence on: a
    heading over text, or an indented first line over a full one."""
    first = "".join(block[0].split())
    title = title_like_compact(first)
    plain = _PLAIN.fullmatch(first) is not None  # Latin letters, digits, quotes: widths unsure
    if not (title or plain) or is_letterspaced(block[0].strip()):
        return False
    below = [measure_width("".join(ln.split())) for ln in block[1:]]
    ws = sorted(below[:-1]) or below
    w = ws[(3 * len(ws)) // 4]
    if title and measure_width(first) <= w - 3:
        return True
    return plain and w - 3.0 <= measure_width(first, hang=False) <= w - 1.5 and below[0] >= w - 1.0


def misordered_boundaries(text: str, first_only: bool = False) -> list[tuple[int, int, str]]:
    """Block boundaries where the text cannot be in reading order: (line before, line after, why),
    line numbers 1-based; ``first_only``: stop at the first one.

    Cheap on reading-order text: one regex scan finds the blank lines and the lines after them;
    how those look is asked first, and only where they allow a misorder are the blocks around them
    measured."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # the same lines
    out: list[tuple[int, int, str]] = []
    if "《" in text:
        for m in _OPEN_TITLE.finditer(text):
            out.append((text.count("\n", 0, m.start()) + 1, text.count("\n", 0, m.end()) + 1, "open_title"))
            if first_only:
                return out
    for m in _GAP.finditer(text):
        n_raw, nxt_raw = m.groups()
        start = m.start()
        last = text[start - 1]
        if last in _SENTENCE_ENDS or last in _CLOSERS:
            # a sentence may have ended above: does the line below finish a clause all the same?
            if continues_sentence(n_raw.rstrip()):
                p = text[text.rfind("\n", 0, start) + 1 : start].rstrip()
                if ends_sentence_compact(p):
                    kind = "orphan_clause"
                elif last in _CLOSERS and _cut_then_new(text, start, m.end(), n_raw, nxt_raw):
                    kind = "cut_then_new"
                else:
                    continue
            elif last in _CLOSERS and _cut_then_new(text, start, m.end(), n_raw, nxt_raw):
                kind = "cut_then_new"
            else:
                continue
        elif not nxt_raw and n_raw.rstrip().endswith("—") and _kicker_after_cut(text, start, n_raw):
            kind = "cut_then_new"  # a kicker alone between blank lines: it heads a story, not this text
        elif not nxt_raw.strip() and _cut_then_line(text, start, m.end(), n_raw):
            kind = "cut_then_new"
        elif len(n_raw) > len(nxt_raw) and not n_raw.startswith(ASKER_STARTS):
            continue  # the common case: a continuation at least as long as the line under it
        elif _CLAUSE.search(text, text.rfind("\n", 0, start) + 1, start) is None:
            continue  # the next one: no clause mark in the line above (a title or byline, not prose)
        elif _cut_then_new(text, start, m.end(), n_raw, nxt_raw):
            kind = "cut_then_new"
        else:
            continue
        out.append((text.count("\n", 0, start) + 1, text.count("\n", 0, m.end()) + 1, kind))
        if first_only:
            return out
    for m in _TAIL_UNDER_END.finditer(text):
        # no blank line between (PyMuPDF, pypdf): a sentence ended, and the line under it opens by
        # finishing a clause (``衡，通过…``) — one glyph and a clause mark begin no sentence
        end = text.find("\n", m.end())
        if continues_sentence("".join(text[m.end() : len(text) if end < 0 else end].split())):
            line = text.count("\n", 0, m.start()) + 1
            out.append((line, line + 1, "orphan_clause"))
            if first_only:
                break
    return out


_BOUNDARY_WHY = {
    "orphan_clause": "line {b} finishes a clause, but line {a} above it ended a sentence",
    "cut_then_new": "line {a} stops mid-sentence and line {b} opens a new block",
    "open_title": "a 《…》 name broken at line {a} is not carried on by line {b}",
}


def boundary_note(found: tuple[int, int, str], origin: tuple[int, ...] | None = None) -> str:
    """A misordered boundary (see :func:`misordered_boundaries`) in words; ``origin``: the raw line
    of each line of a restored text it was found in."""
    a, b, kind = found
    if origin:
        a, b = origin[a - 1] if a <= len(origin) else a, origin[b - 1] if b <= len(origin) else b
    return "blocks out of reading order: " + _BOUNDARY_WHY[kind].format(a=a, b=b)


def _cut_then_line(text: str, start: int, end: int, n_raw: str) -> bool:
    """A full prose line cut mid-sentence (ending at ``start``), then one line (``n_raw``, starting
    at ``end``) alone between blank lines that does not carry it on: a heading (no heading stands
    inside a sentence) over text opening anew, or — a heading or another column's full line — a line the text after it
    finishes the cut word for (``把监`` / ``截至目前，…跟`` / ``督的过程…``: pdfminer.six printing two
    columns a line at a time). A word of the tokenizer running across two of the lines says they
    read on; none across the first and the second, nor the second and the third, says the second
    line is not where the text goes on. (The text is asked first, the widths around last.)"""
    line = text[text.rfind("\n", 0, start) + 1 : start]
    if not _MID_CLAUSE.search(line) or not _prose_cut(text, start):
        return False
    c = "".join(n_raw.split())  # (= _row(n_raw).compact: the line's own questions first)
    # a heading's words (at least two glyphs, no clause mark, no sentence end), or a prose line cut
    heading = len(c) >= 2 and not _CLAUSE.search(c) and not ends_sentence_compact(c) and title_like_compact(c)
    prose = not heading and _MID_CLAUSE.search(c) is not None and not ends_sentence_compact(c)
    if not (heading or prose) or parse_byline(n_raw.strip()):
        return False
    row, mid = _row(line), _row(n_raw)
    if row.spaced or mid.spaced:
        return False
    nxt = "".join(_next_line(text, text.find("\n", end) + 1).split())
    if not nxt or _word_across(row.compact, c, nxt):
        return False
    across = _word_across(row.compact, nxt)
    if not across and not (heading and not continues_sentence(nxt)):
        return False
    w = _width_around(text, start)
    if row.wide < w - 1.0:
        return False  # (the first line fills the column: cut mid-sentence by a column break)
    if heading:
        return measure_width(c) <= w - 3  # (a heading stops short of the column)
    return across and mid.wide >= w - 1.0


def _next_line(text: str, pos: int) -> str:
    """The first line with text at or after ``pos`` (a line start), blank lines passed."""
    m = _NEXT_LINE.search(text, pos)
    return m.group(1) if m else ""


def _word_across(*lines: str) -> bool:
    """Does a word run across the junction of two lines in a row (``持续推`` / ``进规范``)?  Then the
    second carries the first on: a line broken between columns, not a heading or another column's
    line."""
    from pipeline.extract.tokenize import word_across

    return any(word_across(left, right) for left, right in pairwise(lines))


def _width_around(text: str, at: int, reach: int = 300) -> float:
    """The column width of the lines within ``reach`` characters of ``at``: the upper quartile of
    their widths (0 where too few)."""
    around = text[max(at - reach, 0) : at + reach].split("\n")[1:-1]
    ws = sorted(measure_width(c) for ln in around if (c := "".join(ln.split())))
    return ws[(3 * len(ws)) // 4] if len(ws) >= 2 * MIN_BODY_LINES else 0.0


def _kicker_after_cut(text: str, start: int, n_raw: str) -> bool:
    """A kicker (``…——``) alone between blank lines under a full prose line cut mid-sentence (ending
    at ``start``): no text carries on in a kicker, so the sentence went on elsewhere."""
    return is_kicker(n_raw.strip()) and _prose_cut(text, start) and _block_cut(text, start)


def _prose_cut(text: str, start: int) -> bool:
    """Is the line ending at ``start`` prose (a clause mark inside it: not a title, heading or
    byline) that stops without ending its sentence?"""
    p_start = text.rfind("\n", 0, start) + 1
    return _CLAUSE.search(text, p_start, start) is not None and not ends_sentence_compact(
        text[p_start:start].rstrip()
    )


def _block_cut(text: str, start: int) -> bool:
    """Does the block ending at ``start`` end on a full body line cut mid-sentence?"""
    a = _block_tail(text, start)
    return len(a) >= MIN_BODY_LINES and _cut_mid_sentence([_row(ln) for ln in a])


def _cut_then_new(text: str, start: int, end: int, n_raw: str, nxt_raw: str) -> bool:
    """A body line cut mid-sentence (ending at ``start``) and, after the blank lines, a block opening
    anew (at ``end``, its first two lines ``n_raw`` and ``nxt_raw``)?  The cheap questions first: is
    the line below narrower than the one under it (a continuation fills the column as that one
    does), is the line above prose."""
    n_raw, nxt_raw = n_raw.rstrip(), nxt_raw.rstrip()
    if len(n_raw) == 1 and len(nxt_raw.strip()) == 1:
        # Vertical type printed a glyph a line (``步``/``打``/``算``): beside the text, not in it; the
        # block after it opens where the glyphs end.
        end, n_raw, nxt_raw = _past_glyphs(text, end)
    asker = n_raw.startswith(ASKER_STARTS)
    if not nxt_raw:
        return False
    if not asker and (len(n_raw) > len(nxt_raw) or (len(n_raw) == len(nxt_raw) and _PLAIN.fullmatch(n_raw))):
        return False  # as many characters (of one cell each) as the line under it: as wide
    if not _prose_cut(text, start):
        return False
    n = "".join(n_raw.split())
    if not n or not _may_open(n, "".join(nxt_raw.split())):
        return False
    b = _block_head(text, end)
    if len(b) < 2 or not (asker or _opens_anew(b)):
        return False
    return _block_cut(text, start)


def _past_glyphs(text: str, start: int) -> tuple[int, str, str]:
    """From ``start`` (a line start), past lines of one glyph (and blank lines between them): where
    the next longer line starts, it and the line after it (stripped)."""
    pos = start
    while pos < len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        if len(text[pos:nl].strip()) > 1:
            break
        pos = nl + 1
    lines = text[pos:].split("\n", 2)
    return pos, lines[0].strip() if lines else "", lines[1].strip() if len(lines) > 1 else ""


def _block_tail(text: str, end: int) -> list[str]:
    """The last lines (up to ``WIDTH_LINES``) of the block ending at ``end`` (a line end)."""
    lines = text[max(text.rfind("\n\n", 0, end) + 2, 0) : end].rsplit("\n", WIDTH_LINES)[-WIDTH_LINES:]
    for k in range(len(lines) - 1, -1, -1):
        if not lines[k].strip():  # a blank line of spaces
            return lines[k + 1 :]
    return lines


def _block_head(text: str, start: int) -> list[str]:
    """The first lines (up to ``WIDTH_LINES + 1``) of the block starting at ``start``."""
    stop = text.find("\n\n", start)
    lines = text[start : len(text) if stop < 0 else stop].split("\n", WIDTH_LINES + 1)[: WIDTH_LINES + 1]
    for k, line in enumerate(lines):
        if not line.strip():
            return lines[:k]
    return lines


def _may_open(n: str, nxt: str) -> bool:
    """Could line ``n`` open its block anew (see :func:`_opens_anew`)?  Not if it ends or finishes a
    sentence, nor if it is as wide as the line under it (a continuation fills the column)."""
    if n.startswith(ASKER_STARTS):
        return True
    if not nxt or ends_sentence_compact(n) or continues_sentence(n):
        return False
    return measure_width(n) <= measure_width(nxt) + 0.5 * len(_HALF.findall(nxt)) - 1.0


def _lines_holding(text: str, keys: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) offsets of each line holding one of ``keys``, per key in text order (found by
    ``str.find``: these checks run on every text page and the keys are rare)."""
    out = []
    for key in keys:
        i = text.find(key)
        while i >= 0:
            start = text.rfind("\n", 0, i) + 1
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            out.append((start, end))
            i = text.find(key, end)
    return out


# A jump note: the article goes on on another page (``（下转第3版）``, ``转第8版``) — not ``上接``.
_JUMP_LINE = re.compile(r"[（(]?\s*(?:下转|转第)[^\n]*版[^\n]*")


def runs_past_jump(text: str, page: PageLayout) -> bool:
    """Does a paragraph of ``page`` (read from ``text``; raw line numbers) run on past a line that
    is a jump note, or a section heading come next after one?"""
    return jump_note(text, page) is not None


def jump_note(text: str, page: PageLayout) -> str | None:
    """:func:`runs_past_jump`, said in words (which jump note), or None."""
    jumps = [
        text.count("\n", 0, start) + 1
        for start, end in _lines_holding(text, ("下转", "转第"))
        if _JUMP_LINE.fullmatch(text[start:end].strip())
    ]
    if not jumps:
        return None
    for j in jumps:
        if any(p.line_start < j < p.line_end for a in page.articles for p in a.paragraphs):
            return (
                f"a paragraph runs on past the jump note on line {j} (the text before it goes on elsewhere)"
            )
    # A section heading next after the note: no story goes on under a heading after its text went
    # on elsewhere — it is the next story's headline (set bold, read as a heading).
    rows = page.lines  # one a line: line k is rows[k - 1]
    for j in jumps:
        k = j
        while k < len(rows) and rows[k].role == "blank":
            k += 1
        if k < len(rows) and rows[k].lineno == k + 1 and rows[k].role == "heading":
            return f"a heading (line {k + 1}) next after the jump note on line {j}: another story's headline"
        # A story with no byline read as opening there, under the lines after the note: a story
        # does end at the note, but whether those lines are its headline the text does not say
        # (they may be a paragraph's first line, the headline set elsewhere).
        while k < len(rows) and rows[k].role in ("blank", "furniture"):  # (a caption, a box)
            k += 1
        if (
            k < len(rows)
            and rows[k].lineno == k + 1
            and rows[k].role in ("title", "kicker", "body")
            and rows[k].article is not None
            and rows[k].article < len(page.articles)
            and page.articles[rows[k].article].byline is None
            and page.articles[rows[k].article].line_start > j
        ):
            return f"a story with no byline read as opening after the jump note on line {j}: where it starts and what heads it the text does not say"
    return None


# A page header's line (date with weekday, or 第N版): an extractor prints it first (or last); one
# printed between blocks of text, with text on both sides, was taken in a block order that is not
# the page's (pdfminer.six reading a newspaper page region by region).
_HEADER_HINT = re.compile(r"星期[一二三四五六日天]|第\s*[0-9一二三四五六七八九十]{1,3}\s*版")
HEADER_MARGIN = 6  # prose lines on either side of a header line for it to stand amid the text


def _prose_lines(text: str, lo: int, hi: int, enough: int) -> bool:
    """At least ``enough`` lines holding a ，or 。 between offsets ``lo`` and ``hi``."""
    n = 0
    while lo < hi and n < enough:
        end = text.find("\n", lo, hi)
        end = hi if end == -1 else end
        line = text[lo:end]
        n += "，" in line or "。" in line
        lo = end + 1
    return n >= enough


def header_amid_text(text: str) -> bool:
    """A page-header line (date and weekday, or 第N版) with text on both sides of it: at least
    :data:`HEADER_MARGIN` prose lines above and below.  (Looked for by its two cue words only, the
    cheapest test first: this runs on every text page.)"""
    for a, b in _lines_holding(text, ("星期", "版")):
        line = text[a:b]
        if (
            len(line) <= 60
            and "，" not in line
            and "。" not in line
            and "转" not in line  # a jump note (下转第3版) names a page too, but is no header
            and "接第" not in line
            and "上接" not in line
            and _HEADER_HINT.search(line)
            and (
                (
                    _prose_lines(text, 0, a, HEADER_MARGIN)
                    and _prose_lines(text, b + 1, len(text), HEADER_MARGIN)
                )
                or _inside_sentence(text, a, b)
            )
            and parse_header(line) is not None
        ):
            return True
    return False


def _inside_sentence(text: str, a: int, b: int) -> bool:
    """Does the line ``text[a:b]`` stand inside a sentence: prose cut mid-sentence above it, prose
    under it (blank lines passed)?  No header stands there, near the page's foot or not."""
    above = text[:a].rstrip()
    last = above[above.rfind("\n") + 1 :]
    below = _next_line(text, b + 1)
    return (
        _MID_CLAUSE.search(last) is not None
        and _prose_cut(above, len(above))
        and ("，" in below or "。" in below)
    )


# A dateline (``新华社遵义7月28日电``, ``本报讯``) opens a story: one inside a paragraph, past its start,
# is a story whose byline went unread, run into the paragraph of another (a title and its dateline
# printed after the text above them, as PDFs drawn story by story list them).
_DATELINE = re.compile(r"(?:新华社|中新社|本报)[^，。（\n]{0,8}?\d{1,2}\s*月\s*\d{1,2}\s*日\s*电|本报讯")


# The same, as the raw text may print it (wrapped over lines, spaced), ending where asked.
_WRAPPED_END = re.compile(
    r"(?:(?:新\s*华\s*社|中\s*新\s*社|本\s*报)[^，。（]{0,16}?\d\s*月[^，。（]{0,6}?日\s*电|本\s*报\s*讯)$"
)


def dateline_amid_text(text: str, page: PageLayout) -> bool:
    """Does a paragraph of ``page`` (read from ``text``) hold a dateline past its first character?
    (The page's text is asked first, at C speed: most pages have no dateline a paragraph could hold.)"""
    return dateline_note(text, page) is not None


def dateline_note(text: str, page: PageLayout) -> str | None:
    """:func:`dateline_amid_text`, said in words (which lines), or None."""
    # (line of its start, line of its end): a dateline may wrap anywhere in a narrow column. Found
    # from its last character (电, 讯: few on a page, found by ``str.find``), the pattern asked of
    # the few characters before it only.
    found = []
    for last in ("电", "讯"):
        at = text.find(last)
        while at >= 0:
            lo = max(0, at - 40)
            m = _WRAPPED_END.search(text, lo, at + 1)
            if m is not None:
                found.append((text.count("\n", 0, m.start()) + 1, text.count("\n", 0, at) + 1))
            at = text.find(last, at + 1)
    if not found:
        return None
    for a in page.articles:
        for p in a.paragraphs:
            near = any(p.line_start <= end and start <= p.line_end for start, end in found)
            if near and _DATELINE.search(p.text, 1) is not None:
                return (
                    f"a dateline amid the paragraph of lines {p.line_start}–{p.line_end}: a story run into it"
                )
    return None


# A marker byline with its region (``■ 金成琳（贵州）``) inside a paragraph: pypdf prints a title
# and the byline beside it on one line (``代表履职进行时■ 金成琳（贵州）``); read as text, the story
# under it runs into the paragraph above.
_BYLINE_AMID = re.compile(
    rf"[{BYLINE_MARKERS}]\s*[\u3400-\u9fff][\u3400-\u9fff\s·]{{0,8}}[（(][^（）()]{{1,16}}[）)]"
)


def byline_note(page: PageLayout) -> str | None:
    """Does a paragraph of ``page`` hold a marker byline past its first character, said in words?"""
    for a in page.articles:
        for p in a.paragraphs:
            for m in _BYLINE_AMID.finditer(p.text, 1):
                if parse_byline(m.group()) is not None:
                    return f"a byline amid the paragraph of lines {p.line_start}–{p.line_end}: a story run into it"
    return None


# A document's name closed (``》``) in a paragraph that never opened it, past the paragraph's first
# line: the text before the mark is not the text the name began in — a title or another column's
# lines were joined above a line that finishes a name (``从“纸面”走向“地面”`` + ``例》，接待…``).
# (On its first line the paragraph may carry on a story from another page.)
_NAME_MARK = re.compile("[《》]")


def name_unopened(text: str, page: PageLayout) -> bool:
    """Does a paragraph of ``page`` (read from ``text``) close a ``《…》`` name it did not open,
    past its first line or under a section heading (no story carried on from another page starts
    under one)?"""
    return name_note(text, page) is not None


def name_note(text: str, page: PageLayout) -> str | None:
    """:func:`name_unopened`, said in words (which paragraph), or None."""
    if "》" not in text:
        return None
    for a in page.articles:
        for p in a.paragraphs:
            if "》" not in p.text or (p.line_end <= p.line_start and p.heading is None):
                continue
            depth = 0
            for m in _NAME_MARK.finditer(p.text):
                if m.group() == "《":
                    depth += 1
                elif depth:
                    depth -= 1
                elif p.heading or m.start() >= _first_line_chars(text, page, p.line_start):
                    # (under a section heading, the paragraph's first line is past it)
                    return (
                        f"the paragraph of lines {p.line_start}–{p.line_end} closes a 《…》 name it never "
                        "opened: lines joined above the one that finishes it"
                    )
    return None


def _first_line_chars(text: str, page: PageLayout, lineno: int) -> int:
    """Characters (no spaces) of line ``lineno`` (1-based) of ``text``, as ``page`` read it."""
    rows = page.lines
    if 0 < lineno <= len(rows) and rows[lineno - 1].lineno == lineno:
        raw = rows[lineno - 1].raw
    else:
        lines = text.split("\n")
        raw = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    return len("".join(raw.split()))


STUB_CHARS = 40  # an article with less text than this is no story of its own
STUB_ARTICLES = 2  # ... and a page read with this many such articles read titles apart from their text
# Measured on 2,952 pages of six extractors' text: 127 pages read with two or more articles under 40
# characters, 125 of them flagged already and the other two misread (CER 35 % and 97 %: columns of
# several grids split as one); none of 1,000 synthetic pages, nor the sample. At 60 characters a
# page read right (CER 0.6 %) would have been flagged too.


def stub_note(page: PageLayout) -> str | None:
    """Do two articles or more hold under ``STUB_CHARS`` characters of text (titles read apart from
    their stories, or lines of another grid read as stories)? Said in words, or None."""
    stubs = [a for a in page.articles if len(a.text) < STUB_CHARS]
    if len(stubs) < STUB_ARTICLES:
        return None
    where = "、".join(f"“{(a.title or a.text)[:12]}”" for a in stubs[:3])
    return (
        f"{len(stubs)} articles hold under {STUB_CHARS} characters of text ({where}): titles read "
        "apart from their stories"
    )


TAIL_CHARS = 8  # a paragraph this short ending a sentence is the end of one, not a story's opening
# Measured: no paragraph in the truth of 1,056 typeset newspaper pages is this short. Opening an
# article's text, on the six tools' text of those pages: 329 times, all on pages flagged for other
# signs but one (pdfminer.six printing a column's last line, ``摸得着。``, after the next story's
# byline). Of 13,106 texts (the sample, synthetic pages, every tool fixture) only that one reads
# otherwise.


def tail_note(page: PageLayout) -> str | None:
    """Does an article's text open on a lone short line ending a sentence (the last line of a
    paragraph printed apart from it, before the story's text)? Said in words, or None."""
    for a in page.articles:
        first = a.paragraphs[0] if len(a.paragraphs) > 1 else None
        if (
            first is not None
            and first.heading is None
            and first.line_start == first.line_end
            and len(first.text) <= TAIL_CHARS
            and (first.text[-1:] in _SENTENCE_ENDS or first.text[-2:-1] in _SENTENCE_ENDS)
        ):
            return (
                f"“{(a.title or a.text)[:12]}” opens on “{first.text}” (line {first.line_start}): a "
                "sentence's end printed apart from the paragraph it closes"
            )
    return None


_HAN_ONLY = re.compile(r"[\u3400-\u9fff]{4,}")


def wide_head_note(page: PageLayout) -> str | None:
    """Is a headline as wide as its column read as a line of text: a line of Han glyphs alone, no
    mark, right after a sentence's end, as wide as the line two under it, with a paragraph's first
    line between them, its indent dropped (an indent short, ending on a pause: PyMuPDF 93502,
    ``让法规条文长出牙齿`` / ``从实际效果看，`` / ``法制委员会严格落实``)? In text that dropped its
    indents no first line is as wide as its column, so the line over one heads it. Said in words,
    or None."""
    rows = page.lines
    if any(r.raw[:1].isspace() and r.raw.strip() for r in rows):
        return None  # (text that kept its indents shows first lines by them)
    for k in range(1, len(rows) - 2):
        prev, a, b, c = rows[k - 1], rows[k], rows[k + 1], rows[k + 2]
        if (
            a.role != "body"
            or b.role != "body"
            or c.role != "body"
            or not a.article == b.article == c.article
        ):
            continue
        head = "".join(a.raw.split())
        if _HAN_ONLY.fullmatch(head) is None:
            continue
        last = "".join(prev.raw.split())[-2:]
        if not (last[-1:] in _SENTENCE_ENDS or (last[-1:] in _CLOSERS and last[:1] in _SENTENCE_ENDS)):
            continue
        first, under = "".join(b.raw.split()), "".join(c.raw.split())
        if b.raw.strip() != first or _PLAIN.fullmatch(first) is None:
            continue  # (spaces, quotes, digits or Latin letters: its width is not its glyphs')
        wa, wb, wc = measure_width(head), measure_width(first), measure_width(under)
        if not (first[-1:] in "，、；：" and wa >= wc - 0.5 and wc - 3.0 <= wb <= wc - 1.5):
            continue
        from pipeline.extract.tokenize import word_across

        if not word_across(head, first):  # (a sentence wrapped there runs a word across)
            return (
                f"line {a.lineno} (“{head[:12]}”), as wide as its column with no mark, over a "
                "paragraph's first line: a headline read as text"
            )
    return None
