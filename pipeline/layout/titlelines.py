"""Title lines as PDF extractors print them from newspaper pages: doubled, or a character a line.

Two things newspaper PDFs do to their titles reach the extracted text (measured on PyMuPDF, pypdf
and pdfminer.six output of typeset newspaper pages, ``tests/data/extractors/news*``):

* **simulated bold**: a title drawn twice at a small offset (overprinted) comes out twice — as two
  identical lines (PyMuPDF, pdfminer.six: ``立法为民的生动实践`` / ``立法为民的生动实践``) or as one
  line holding the text twice (pypdf: ``立法为民的生动实践立法为民的生动实践``). Read as it stands,
  the title is two lines (or twice as long) and no longer reads as a title;
* **vertical titles** (竖排): set a character under the other, they come out a character a line,
  and those lines would join the paragraph before them.

Here each doubled line is printed once and a run of three or more one-character lines (between
longer lines; or six or more repeating themselves, also under a line of one glyph such as a page
number) becomes one line (a vertical title drawn twice, glyph after glyph or each glyph
twice in a row — ``用用``/``好好``/``监监`` —, printed once), before the layout rules read the page. A line counts as doubled
only when its text (three characters or more, with a word in it) is repeated exactly and reads as
a title line may (``roles.title_like``: it does not stop on a clause mark), which the repeated
phrases of body text do not — or, shorter, when it is part of such a title (its last glyphs under
its doubled lines); three lines or more in a row of a glyph or two of Han text, each printed
twice on one line (pypdf: a headline in a narrow box, ``织密织密`` / ``基层基层`` / ``网网``), are
printed as PyMuPDF prints them, two glyphs' copies one under the other (which the layout rules
read once), a glyph alone once; the sample page, the hand-made pages and the synthetic pages (with or
without their blank lines) have no such line and read exactly as before (``tests/test_titlelines.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from operator import eq

from pipeline.layout.roles import title_like_compact

__all__ = ["may_repair", "repair_title_lines"]

MIN_DOUBLED = 3  # characters of a line printed twice (shorter repeats can be text: 研究研究)
MIN_STACK = 3  # one-character lines in a row that make a vertical title

# Cheap questions first: a run of one-glyph lines, a line repeated, a line holding its text twice.
_STACK = re.compile(r"\n[^\s\d\W]\n[^\s\d\W]\n[^\s\d\W]\n")
_DOUBLED_STACK = re.compile(r"\n([^\s\d\W])\1\n([^\s\d\W])\2\n([^\s\d\W])\3\n")
_HAS_WORD = re.compile(r"[^\W\d_]")
_PAIRED = re.compile(r"\n[ \t\u3000]*(\S)\1(\S)\2(\S)\3(\S)\4")  # a line opening glyph by glyph twice
MIN_PAIRED = 4  # glyphs of a line each printed twice in a row (``代代表表建建议议``)


def may_repair(text: str) -> bool:
    """Would :func:`repair_title_lines` find a vertical title, glyphs printed twice in a row or a
    line printed twice, one under the other, in ``text``?  Asked at C speed (text with blank lines
    between its blocks — pdfminer.six's — is asked this first: most of it has no such line)."""
    framed = f"\n{text}\n"
    if _STACK.search(framed) or _DOUBLED_STACK.search(framed) or _PAIRED.search(framed):
        return True
    lines = list(filter(None, text.split("\n")))  # (blank lines out: a false alarm costs a walk only)
    return any(map(eq, lines, islice(lines, 1, None)))


def _glyph(s: str) -> bool:
    return len(s) == 1 and _HAS_WORD.match(s) is not None


def _doubled_glyph(s: str) -> bool:
    return len(s) == 2 and s[0] == s[1] and _HAS_WORD.match(s) is not None


def _unpaired(s: str) -> str | None:
    """``s`` with every glyph printed twice in a row (a bold title drawn twice, its copies read
    glyph by glyph: ``见见效效？？ 广广东东``): each glyph once; ``None`` unless every glyph is so."""
    words = s.split()
    if sum(len(w) for w in words) < 2 * MIN_PAIRED or not _HAS_WORD.search(s):
        return None
    if any(len(w) % 2 or w[0::2] != w[1::2] for w in words):
        return None
    return " ".join(w[0::2] for w in words)


def _run_end(lines: list[str], i: int, shaped: Callable[[str], bool]) -> int:
    """Past the run of lines shaped so from line ``i`` on."""
    while i < len(lines) and shaped(lines[i]):
        i += 1
    return i


_SENTENCE_END = re.compile("[。！？…]")
_HEAD_END = frozenset("？！?!")  # marks a headline may end on


def _title_like(s: str, in_line: bool = False) -> bool:
    """A line a title, kicker or byline may be: words, not ending inside a sentence (``，``); for
    one printed twice on one line, no sentence end at all (body text repeats a question so)."""
    if in_line and _SENTENCE_END.search(s):
        return False
    return _HAS_WORD.search(s) is not None and title_like_compact("".join(s.split()))


def _half(s: str) -> str | None:
    """``s`` is one text printed twice (``XX`` or ``X X``): that text."""
    n = len(s)
    h = n // 2
    if n % 2 == 0 and s[:h] == s[h:]:
        return s[:h]
    if n % 2 == 1 and s[h] in " \u3000" and s[:h] == s[h + 1 :]:
        return s[:h]
    return None


def _bold_next(stripped: list[str], i: int, halved: int) -> bool:
    """Is line ``i`` next to another line printed twice on one line (the one above, printed once
    already, or the one below)?  Two such lines in a row are a bold headline's, a question in it
    too: running text repeats a sentence on one line now and then, not on two in a row."""
    if halved == i - 1:
        return True
    if i + 1 >= len(stripped) or len(stripped[i + 1]) < 2 * MIN_DOUBLED:
        return False
    once = _half(stripped[i + 1])
    return once is not None and _title_like(once, in_line=True)


def _short_word(s: str | None) -> bool:
    """A glyph or two of Han text: a line of a headline wrapped by a narrow box."""
    return s is not None and 1 <= len(s) <= 2 and _HAN_WORD.fullmatch(s) is not None


def _short_twice(s: str) -> bool:
    """Is ``s`` a glyph or two printed twice on one line (``基层基层``, ``网网``)?"""
    return len(s) <= 4 and _short_word(_half(s))


_HAN_WORD = re.compile("[\u3400-\u9fff]+")


def _tracked_twice(s: str, once: str) -> bool:
    """Is ``s`` a letter-spaced phrase printed twice, the copies abutting (``立 法 如 何 ？立 法 如 何
    ？``)?  A justified line of text spaces every glyph alike, its middle too: a question repeated
    in running text is not printed so."""
    return s == once + once and len(once) >= 2 * MIN_DOUBLED - 1 and all(c == " " for c in once[1::2])


def repair_title_lines(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]] | None:
    """The page with doubled title lines printed once and vertical titles on one line, with each
    output line's first and last raw line (1-based); ``None`` when there is nothing to repair."""
    raw = text.split("\n")
    stripped = [ln.strip() for ln in raw]
    out: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    changed = False
    stacks = _STACK.search(f"\n{text}\n") is not None
    doubled_stacks = _DOUBLED_STACK.search(f"\n{text}\n") is not None
    paired = _PAIRED.search(f"\n{text}") is not None
    halved = -2  # the last raw line printed twice on one line, printed once
    twice = -2  # the raw line (1-based) after the last line printed twice under itself
    stack_end = -1  # the raw line (0-based) after the last vertical line joined
    i = 0
    while i < len(raw):
        s = stripped[i]
        if doubled_stacks and _doubled_glyph(s):
            j = _run_end(stripped, i, _doubled_glyph)
            if j - i >= MIN_STACK:  # a vertical title drawn twice glyph by glyph (``用用``/``好好``)
                out.append("".join(x[0] for x in stripped[i:j]))
                origin.append(i + 1)
                ends.append(j)
                changed = True
                i = j
                continue
        if stacks and _glyph(s):
            j = _run_end(stripped, i, _glyph)
            if j - i >= MIN_STACK and j < len(raw) and stripped[j] in _HEAD_END:
                j += 1  # a vertical headline ending on ？ or ！, a line of its own
            alone = (i == 0 or len(stripped[i - 1]) != 1 or stack_end == i) and (
                j == len(raw)
                or len(stripped[j]) != 1
                # another vertical line right after one ended on its mark (a title, a box's label)
                or (stripped[j - 1] in _HEAD_END and _run_end(stripped, j, _glyph) - j >= MIN_STACK)
            )
            stack = "".join(stripped[i:j])
            if j - i >= 2 * MIN_STACK and _half(stack) is not None:
                alone = True  # a vertical line drawn twice: no line of text broken up repeats itself
            if j - i >= MIN_STACK and alone:  # not glyphs of a line broken up (a punctuation line between)
                out.append(_half(stack) or stack)  # a vertical title drawn twice: once
                origin.append(i + 1)
                ends.append(j)
                changed = True
                i = stack_end = j
                continue
        if _short_twice(s) and (j := _run_end(stripped, i, _short_twice)) - i >= MIN_STACK:
            # a headline in a narrow box drawn twice, each line of a glyph or two printed twice on
            # one line (pypdf: ``织密织密`` / ``基层基层`` / ``治理治理`` / ``网网``): printed as
            # PyMuPDF prints it, two glyphs' copies one under the other (the layout rules read such
            # lines once, see join_heading), a glyph alone once (the tail of a boxed headline)
            for k in range(i, j):
                half = _half(stripped[k]) or stripped[k]
                n = 1 if len(half) == 1 else 2
                out += [half] * n
                origin += [k + 1] * n
                ends += [k + 1] * n
            changed, halved, i = True, j - 1, j
            continue
        line = raw[i]
        if paired and (once := _unpaired(s)) is not None:
            line, s, changed = once, once, True
        if (
            len(s) >= 2 * MIN_DOUBLED
            and (once := _half(s)) is not None
            and _title_like(once, in_line=not (_tracked_twice(s, once) or _bold_next(stripped, i, halved)))
        ):
            line, s, changed = once, once, True
            halved = i
        elif (
            halved == i - 1
            and s
            and len(s) < 2 * MIN_DOUBLED
            and (once := _half(s))
            and (_glyph(once) or _title_like(once))
        ):
            # the last glyphs of a title printed twice on one line each (``代表履职进行代表履职进行``
            # / ``时时``): too short to be sure of alone, sure under a line printed so
            line, s, changed = once, once, True
            halved = i
        if (
            out
            and s == out[-1].strip()
            and ends[-1] == i  # the line right above, not across a blank line
            and (
                (len(s) >= MIN_DOUBLED and _title_like(s))
                # a headline's last glyphs (``气？`` twice) under its lines printed twice each
                or (s and origin[-1] == twice and (_glyph(s) or _title_like(s)))
            )
        ):
            ends[-1] = i + 1
            twice = i + 2
            changed = True
            i += 1
            continue
        out.append(line)
        origin.append(i + 1)
        ends.append(i + 1)
        i += 1
    if not changed:
        return None
    return "\n".join(out), tuple(origin), tuple(ends)
