"""The line model: one raw line, its printed width, and the column width of a block of lines.

Width is what tells a paragraph's short last line, its indented first line and a full justified line
apart, so it is measured in printed cells, not characters: full-width characters count 1; ASCII
letters/digits about ½; spaces 0 (they are the extractor's justification, not text).  Curly quotes
are often set from a Latin font (½ cell, as on the sample page) but not always, so their width is
inferred per page (:func:`quote_width`).  A trailing mark that may hang past the measure does not
count (:func:`measure_width`); the column width of a block comes from its run-on lines
(:func:`column_width`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.layout.roles import CLOSERS_STR, ends_sentence_compact
from pipeline.layout.spacing import (
    SENTENCE_END,
    is_letterspaced,
    needs_normalising,
    normalise_page,
)

_HALF_PUNCT = set("“”‘’")
_QUOTE = re.compile("[“”‘’]")  # = _HALF_PUNCT; a regex search beats a per-character any()
# Curly quotes and printable ASCII: what :func:`measure_width` counts half a cell, though a font may
# set them wider (a line holding them has a width the text does not say for sure).
HALF_CELL = re.compile("[“”‘’!-~]")

BLANKLESS = 16  # a page with fewer blank lines than one in this many has hardly any


def hardly_blank(text: str) -> bool:
    """Does the page keep hardly a blank line (as PyMuPDF and pypdf print any page, and extractors
    that interleave columns)?  Extractors that keep a page's blank lines print its blocks' ends."""
    return text.count("\n\n") * BLANKLESS < text.count("\n")


def char_width(ch: str) -> float:
    """Printed width of one character in cells (see module docstring)."""
    if ch.isspace():
        return 0.0
    if ch in _HALF_PUNCT:
        return 0.5
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if unicodedata.combining(ch):
        return 0.0
    return 0.5


def text_width(text: str) -> float:
    """Printed width of a line in cells."""
    return sum(char_width(c) for c in text)


# Closing marks that may hang past the right edge of a justified line.
_HANGING = set("，。、；：！？）》」』")


class _Widths(dict):
    """char → :func:`char_width`, filled on demand (a dict lookup instead of Unicode-table calls)."""

    def __init__(self, quote: float) -> None:
        super().__init__()
        self.quote = quote

    def __missing__(self, ch: str) -> float:
        w = self.quote if ch in _HALF_PUNCT else char_width(ch)
        self[ch] = w
        return w


_WIDTHS = {0.5: _Widths(0.5), 1.0: _Widths(1.0)}


def _wide_class() -> str:
    """A regex class of the CJK-block characters that are one full cell, verified one by one.

    Chinese text is nearly all such characters, so a line's width is its length less what a C-level
    ``findall`` of the *other* characters finds, and only those few go through the width table.
    Only these blocks are scanned (about 10 ms at import); anything outside them is measured exactly
    the slow way.
    """
    blocks = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE10, 0xFE6F), (0xFF00, 0xFFEF))
    wide = [cp for lo, hi in blocks for cp in range(lo, hi + 1) if char_width(chr(cp)) == 1.0]
    wide = [cp for cp in wide if chr(cp) not in _HALF_PUNCT]
    runs: list[list[int]] = []
    for cp in wide:
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "".join(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}" for lo, hi in runs)


_NOT_WIDE = re.compile(f"[^{_wide_class()}]")


def measure_width(compact_text: str, quote: float = 0.5, hang: bool = True) -> float:
    """Width of a line as set against its measure, curly quotes counted ``quote`` cells.

    A trailing mark that may hang past the right edge (``，`` ``。`` ``”``…) does not count, so a
    full line reads as full and an indented first line as indented whether or not its last mark hung.
    """
    widths = _WIDTHS.get(quote)
    if widths is None:
        w = 0.0
        for c in compact_text:
            w += quote if c in _HALF_PUNCT else char_width(c)
    else:
        # Full-cell CJK characters are counted by length; the rest are looked up.  Every width is a
        # multiple of ½, so the float sum is exact in any order: the same result as a per-char sum.
        others = _NOT_WIDE.findall(compact_text)
        w = float(len(compact_text) - len(others))
        if others:
            w += sum(map(widths.__getitem__, others), 0.0)
    if not hang or not compact_text:
        return w
    return w - _hang(compact_text[-1], quote)


def _hang(last: str, quote: float) -> float:
    """How much of a line's width its trailing mark ``last`` hangs past the measure."""
    if last in _HANGING:
        return 1.0
    if last in "”’":
        return quote
    return 0.0


@dataclass(slots=True, init=False)
class Line:
    """One raw line of the page with the measurements the layout rules need.

    Treated as immutable (build a new one to change it).  It is not declared ``frozen``: a frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``, which made building the
    lines of a page four times slower.
    """

    lineno: int  # 1-based
    raw: str
    text: str  # spaces normalised, stripped (not yet cleaned)
    compact: str  # no spaces at all
    width: float  # printed width against the measure (see :func:`measure_width`)
    letterspaced: bool
    indent: float = 0.0  # leading whitespace in cells (an explicit first-line indent survives as spaces)
    raw_width: float = 0.0  # printed width counting a trailing hanging mark too
    quote: float = 0.5  # the curly-quote width ``width`` was measured with (see :func:`remeasure`)
    # Features of ``compact`` that the layout rules ask about again and again (several times per line
    # and page), stored once: a plain slot read is several times cheaper than a function call.
    blank: bool = field(init=False, repr=False, compare=False)  # = not compact
    quoted: bool = field(init=False, repr=False, compare=False)  # has a curly quote (width may vary)
    sentence_end: bool = field(init=False, repr=False, compare=False)  # = roles.ends_sentence(compact)
    # ``raw_width`` is measure_width(compact, quote, hang=False) — true of a line as read from the page,
    # not of one whose text was cut (a credit or a note taken off) but which keeps the whole line's
    # width.  Then a remeasurement for another quote width needs only the number of quotes.
    exact: bool = field(init=False, repr=False, compare=False)

    def __init__(
        self,
        lineno: int,
        raw: str,
        text: str,
        compact: str,
        width: float,
        letterspaced: bool,
        indent: float = 0.0,
        raw_width: float = 0.0,
        quote: float = 0.5,
        quoted: bool | None = None,
        sentence_end: bool | None = None,
        exact: bool = False,
    ) -> None:
        """The dataclass's own ``__init__``, plus the features of ``compact`` (computed unless the
        caller, who may know them already, passes them)."""
        self.lineno = lineno
        self.raw = raw
        self.text = text
        self.compact = compact
        self.width = width
        self.letterspaced = letterspaced
        self.indent = indent
        self.raw_width = raw_width
        self.quote = quote
        self.blank = not compact
        self.quoted = _QUOTE.search(compact) is not None if quoted is None else quoted
        self.sentence_end = ends_sentence_compact(compact) if sentence_end is None else sentence_end
        self.exact = exact

    def fills(self, width: float) -> bool:
        """Does the line certainly fill a column of ``width``?  (Its trailing mark did not hang, or
        it is letter-spaced.)  Stricter than :func:`is_full`, for cues that must not misfire."""
        return self.letterspaced or self.raw_width >= width - 0.5 or self.width >= width - 1.25


def _leading_width(raw: str) -> float:
    """Width of the leading whitespace: ideographic space and tab 1 cell, other spaces ½."""
    lead = raw[: len(raw) - len(raw.lstrip())]  # ``lstrip`` strips exactly ``str.isspace`` (NBSP too)
    return 0.5 * len(lead) + 0.5 * (lead.count("\u3000") + lead.count("\t"))


def remeasure(lines: list[Line], quote_width: float) -> list[Line]:
    """The same lines measured with curly quotes ``quote_width`` cells wide (see :func:`quote_costs`)."""
    if quote_width == 0.5:
        return lines
    # A line already measured with this width (the page's bodies are remeasured once) is kept.
    return [_remeasured(ln, quote_width) if ln.quoted and ln.quote != quote_width else ln for ln in lines]


def _raw_width(ln: Line, quote_width: float) -> float:
    """= measure_width(ln.compact, quote_width, hang=False): each quote is ``quote_width - ln.quote``
    cells wider than as measured already, when the line's width is its text's (exact: every width is
    a multiple of ½)."""
    if not ln.exact:
        return measure_width(ln.compact, quote_width, hang=False)
    if ln.quote == quote_width:
        return ln.raw_width
    return ln.raw_width + (quote_width - ln.quote) * len(_QUOTE.findall(ln.compact))


def _remeasured(ln: Line, quote_width: float) -> Line:
    raw_width = _raw_width(ln, quote_width)  # compact is non-blank: it has a quote
    width = raw_width - _hang(ln.compact[-1], quote_width)
    # = replace(ln, width=width, raw_width=raw_width), without dataclasses.replace's field walk
    return Line(
        ln.lineno,
        ln.raw,
        ln.text,
        ln.compact,
        width,
        ln.letterspaced,
        ln.indent,
        raw_width,
        quote_width,
        ln.quoted,
        ln.sentence_end,
        True,
    )


def quote_costs(lines: list[Line]) -> tuple[float, float]:
    """How badly the run-on lines of a block fit its column with quotes ½ and 1 cell wide.

    Run-on lines (lines followed by more text) are nearly all full, so the most common width of
    those *without* quotes is the column width.  Under the right reading, run-on lines *with* quotes
    measure the column width too — or, with an odd number of half-width quotes, half a cell less
    (a half cell the next character could not fill).  Lines ending a sentence are left out: they
    may be short on purpose (an indented first line that ends exactly).
    """
    inner = [ln for ln, nxt in pairwise(lines) if not ln.blank and not nxt.blank and not ln.letterspaced]
    plain = [ln.width for ln in inner if not ln.quoted]
    quoted = [ln for ln in inner if ln.quoted and ln.compact[-1] not in "。！？"]
    if len(plain) < 3 or not quoted:
        return 0.0, 0.0
    counts = Counter(plain)
    full = max(counts, key=lambda w: (counts[w], w))
    half_cost = full_cost = 0.0
    for ln in quoted:
        c = ln.compact
        # = measure_width(c, hang=False): a line as read from the page has it stored
        raw = ln.raw_width if ln.exact and ln.quote == 0.5 else _raw_width(ln, 0.5)
        n = len(_QUOTE.findall(c))
        hang = _hang(c[-1], 0.5)
        w = raw - hang  # = measure_width(c, 0.5)
        half_cost += min(1.0, max(0.0, w - full, full - (0.5 if n % 2 == 1 else 0.0) - w))
        # = measure_width(c, 1.0): each quote ½ cell wider (exact: all widths are multiples of ½); a
        # mark that hangs at all hangs a whole cell then (= _hang(c[-1], 1.0))
        w = raw + 0.5 * n - (1.0 if hang else 0.0)
        full_cost += min(1.0, max(0.0, w - full, full - w))
    return half_cost, full_cost


def quote_width(blocks: list[list[Line]]) -> float:
    """Are curly quotes set half-width (Latin font) or full-width on this page?  One font serves the
    whole page, so the evidence of all its blocks (each against its own column) is pooled; ties go
    to half width, as on the sample page."""
    half = full = 0.0
    for block in blocks:
        a, b = quote_costs(block)
        half, full = half + a, full + b
    return 0.5 if half <= full else 1.0


# Unicode category Cc (C0 and C1 controls) except tab and carriage return, which count as spaces.
_CONTROLS = re.compile("[\x00-\x08\x0a-\x0c\x0e-\x1f\x7f-\x9f]")
# The same, less ``\n``: a search of the whole page tells whether any line has a control at all.
_PAGE_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_HALF_WIDTHS = _WIDTHS[0.5]
_new_line = object.__new__


def make_lines(text: str) -> list[Line]:
    """Split a decoded page into :class:`Line` objects (``\\r`` and stray controls tolerated).

    This runs on every line of every page, so the per-line steps of :func:`normalise_spaces`,
    :func:`compact` and :func:`measure_width` are done inline, and what can be asked of the whole
    page at once (any control character?  any space to rewrite?) is asked once.
    """
    # Line numbers count ``\n`` only (they must match the decoded page); a ``\r`` is a space.
    raws = text.split("\n")
    if "\r" in text:
        raws = [ln.removesuffix("\r") for ln in raws]
    cleaned = [_CONTROLS.sub("", raw) for raw in raws] if _PAGE_CONTROLS.search(text) else raws
    if needs_normalising(text):
        norms = [c.strip() for c in normalise_page("\n".join(cleaned)).split("\n")]
    else:  # no space but ASCII ones anywhere on the page
        norms = [c.strip() for c in cleaned]
    out: list[Line] = []
    append = out.append
    not_wide, widths, hanging = _NOT_WIDE.findall, _HALF_WIDTHS.__getitem__, _HANGING
    has_quote, closers, sentence_end = _QUOTE.search, CLOSERS_STR, SENTENCE_END
    new = _new_line
    for i, (raw, clean, norm) in enumerate(zip(raws, cleaned, norms, strict=True), start=1):
        comp = norm.replace(" ", "")  # ``norm`` has no space but U+0020 left: this is :func:`compact`
        # = Line(i, raw, norm, comp, width, spaced, indent, raw_width, 0.5, quoted, ends, True): each
        # slot stored here, without the call (a tenth of the cost of making the page's lines)
        ln = new(Line)
        ln.lineno = i  # (a store a slot: a tuple assignment would build the tuple to unpack it)
        ln.raw = raw
        ln.text = norm
        ln.compact = comp
        ln.quote = 0.5
        ln.exact = True
        if not comp:  # a blank line
            ln.width = ln.raw_width = ln.indent = 0.0
            ln.letterspaced = ln.quoted = ln.sentence_end = False
            ln.blank = True
            append(ln)
            continue
        ln.blank = False
        # = measure_width(comp, hang=False), see there
        others = not_wide(comp)
        if others:
            raw_width = len(comp) - len(others) + sum(map(widths, others), 0.0)
            ln.quoted = has_quote(comp) is not None  # a quote is never a wide character
        else:
            raw_width = float(len(comp))
            ln.quoted = False
        ln.raw_width = raw_width
        last = comp[-1]
        ln.width = raw_width - (1.0 if last in hanging else 0.5 if last in "”’" else 0.0)  # _hang
        ln.indent = _leading_width(clean) if clean[0].isspace() else 0.0
        # = ends_sentence_compact(comp): the last mark, unless closers follow it
        ln.sentence_end = (
            comp.rstrip(closers)[-1:] in sentence_end if last in closers else last in sentence_end
        )
        # it needs four tokens, so three gaps
        ln.letterspaced = len(norm) - len(comp) >= 3 and is_letterspaced(norm)  # (= norm.count(" "))
        append(ln)
    # A trailing newline makes one empty last line that is not on the page.
    if len(out) > 1 and not out[-1].raw:
        out.pop()
    return out


def column_width(lines: list[Line]) -> float:
    """Estimate the body column width of a block from its line widths.

    Lines that run on into a next line are nearly all full, so their upper quartile is the column
    width; short lines (paragraph ends, headings) mostly stand before a blank or a new paragraph and
    do not pull it down.  Letter-spaced lines are full by construction but have fewer characters, so
    they are left out.  Tiny blocks fall back to a high quantile of all widths.
    """
    run_on = [
        ln.width for ln, nxt in pairwise(lines) if not ln.blank and not nxt.blank and not ln.letterspaced
    ]
    if len(run_on) >= 5:
        run_on.sort()
        return run_on[(3 * len(run_on)) // 4]
    ws = sorted([ln.width for ln in lines if not ln.blank and not ln.letterspaced])
    if not ws:
        return 0.0
    if len(ws) < 3:
        return ws[-1]
    return ws[min(len(ws) - 1, int(0.7 * len(ws)))]


def is_full(line: Line, width: float) -> bool:
    """A line that fills its column (so the text very likely continues on the next line)."""
    return line.letterspaced or line.width >= width - 1.25


def is_short(line: Line, width: float) -> bool:
    """A line clearly shorter than the column: a paragraph's last line, a heading, a title."""
    return not line.letterspaced and line.width <= width - 2.75


def looks_indented(line: Line, width: float) -> bool:
    """A line about two cells short of the column: a paragraph's indented first line."""
    return not line.letterspaced and width - 3.75 <= line.width <= width - 1.25
