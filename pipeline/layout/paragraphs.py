"""Joining an article's body lines into paragraphs and section headings.

Blank lines in the text layer are unreliable: a column break leaves one even mid-sentence
(``以`` / blank / ``“学习”为先``), while a paragraph that ends exactly at the end of a line may be
followed by the next paragraph with no blank at all.  So a paragraph end is decided from the shape
of the lines around the junction, read in the page's indentation style (inferred once per page from
lines that certainly start paragraphs, see :func:`style_evidence`):

* **explicit** (first lines keep their indent as spaces): a paragraph starts at an indented line,
  nowhere else;
* **implicit** (the extractor dropped the indent, but first lines are ~2 cells short — the sample
  page): after a sentence end, a paragraph ends if the line before is short (unless it is itself an
  indented first line running on into a full line), or the next line is about two cells short, or
  the next line starts an enumeration (``一是``) without filling the column;
* **none** (first lines are full width): after a sentence end, a paragraph ends at a short line, an
  enumeration, or a blank line.

In a Q&A interview on a page that does not indent explicitly, a speaker's turn (``记者：…`` /
``林某：…``) after a sentence end starts a paragraph too (see :func:`_speaker_labels`).

In every style a line that visibly finishes a clause begun above (``。从…``, ``道。从…``) never
starts a paragraph; hanging punctuation and pushed-down quotes simply join.

A section heading is a run of one to three short lines that form a phrase (no ``。！？`` inside, no
clause mark at the end), standing where a paragraph has just ended and visibly set apart (blank
lines around it, or clearly shorter than a first line, or — on a page that indents first lines —
unindented between a finished sentence and an indented first line, or — where the extractor dropped
the indents — a phrase over a line that is itself a first line, two cells short of the full line
under it); a heading wrapped over a full-width first line needs the blank lines.  Two numbered lines (``一、…`` over ``（一）…``) are two
headings, not one.  On an indenting page the line after a heading cannot fill the column,
and right after one heading comes text, not another one-line "heading" the width of a first line.
Two heading lines join with one space (two headline halves) unless the first visibly stops inside a
sentence (internal comma, trailing clause mark, or the second starts with punctuation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from pipeline.layout.lines import (
    HALF_CELL,
    Line,
    column_width,
    is_short,
    looks_indented,
    measure_width,
    quote_width,
    remeasure,
)
from pipeline.layout.roles import (
    SECTION_NUMBER,
    TITLE_BAD_END,
    starts_enumeration_compact,
    title_like_compact,
)
from pipeline.layout.spacing import (
    NOT_CLEAN,
    clean_body,
    clean_heading,
    join_heading_lines,
    join_wrapped,
)

MAX_HEADING_LINES = 3


@dataclass(frozen=True, slots=True)
class Block:
    """A run of body lines read as one paragraph or one heading."""

    kind: str  # paragraph | heading
    lines: tuple[Line, ...]
    text: str
    note: str = ""


_ASCII_LETTER = re.compile("[A-Za-z]")
_WORD_WRAP = re.compile("[A-Za-z]\n[A-Za-z]")  # two lines joined with a space (rule 5)


def join_paragraph(lines: list[Line] | tuple[Line, ...]) -> str:
    """Join wrapped body lines into clean paragraph text (spacing rules from ``spacing``).

    = folding :func:`~pipeline.layout.spacing.join_wrapped` over the cleaned lines, with the pieces
    collected in a list rather than re-copied into a growing string at every line.
    """
    texts = [ln.text for ln in lines]
    flat = "".join(texts)
    if NOT_CLEAN.search(flat) is None and (
        _ASCII_LETTER.search(flat) is None or _WORD_WRAP.search("\n".join(texts)) is None
    ):
        return flat  # no line has anything to clean and no English word wraps: the common case
    parts: list[str] = []
    last = ""  # the last character joined so far
    for ln in lines:
        # (a line with nothing to clean is its own :func:`clean_body`: most lines, asked without the call)
        piece = ln.text
        if NOT_CLEAN.search(piece) is not None:
            piece = clean_body(piece, letterspaced=ln.letterspaced)
        if not piece:
            continue
        if last.isascii() and last.isalpha() and piece[0].isascii() and piece[0].isalpha():
            parts.append(" ")  # an English word wrapped at a word boundary (rule 5)
        parts.append(piece)
        last = piece[-1]
    return clean_body("".join(parts))


def box_start(compacts: list[str]) -> int | None:
    """Where a headline set in a narrow box starts among consecutive title lines ending on it: the
    run of lines of one length (two characters or more) right above a last line of one glyph
    (``让法规条`` / ``文长出牙`` / ``齿``); None if the last line is no such glyph."""
    if len(compacts) < 2 or len(compacts[-1]) != 1 or len(compacts[-2]) < 2:
        return None
    start = len(compacts) - 2
    while start > 0 and len(compacts[start - 1]) == len(compacts[-2]):
        start -= 1
    return start


_BOX_MARK = re.compile("[，、；：。！？…—·,;:!?]")


def narrow_box(compacts: list[str]) -> bool:
    """Are these a headline's lines wrapped by a narrow box rather than cut between its phrases:
    as many glyphs each (two or more; one fewer where a glyph was carried down with a mark that may
    not open a line) but the last, which has no more, and a word of the tokenizer running across a
    break (``代表建`` / ``议如何`` / ``落地见`` / ``效？``)?  A headline set in two lines breaks
    between its phrases (``坚持开门立法`` / ``汇聚发展合力``)."""
    n = len(compacts[0]) if compacts else 0
    if len(compacts) < 2 or n < 2 or len(compacts[-1]) > n:
        return False
    if len(compacts) == 2 and len(compacts[1]) == n:
        return False  # two halves of one length: a headline's parallel phrases, as a rule
    if any(not n - 1 <= len(c) <= n for c in compacts[1:-1]):
        return False
    joined = "".join(compacts)
    if HALF_CELL.search(joined) or _BOX_MARK.search(joined.rstrip("？！")):
        return False  # (Latin letters, digits, quotes: their widths, and so the box's, unsure;
        # a mark inside: running text, which breaks wherever its column ends too)
    from pipeline.extract.tokenize import word_across

    return any(word_across(a, b) for a, b in pairwise(compacts))


def join_heading(lines: list[Line] | tuple[Line, ...]) -> str:
    """Join the lines of a heading or title (spacing rule 5a); a line printed twice in a row
    (simulated bold: the text drawn twice) counts once. A last line of one character is the tail
    of a heading set in a narrow box, wrapped wherever the box ends (no headline has a phrase of
    one character): it and the lines of one length above it join without spaces; so does a line
    of one Han character amid a title (a part's last glyph wrapped: ``织密基层治理`` / ``网``)."""
    lines = [ln for k, ln in enumerate(lines) if not k or ln.compact != lines[k - 1].compact]
    compacts = [ln.compact for ln in lines]
    box = box_start(compacts)
    if box is None:  # (a glyph a line: a tracked phrase printed a glyph a block, one word)
        box = 0 if len(lines) > 2 and all(len(c) == 1 for c in compacts) else len(lines)
    if box and narrow_box(compacts):
        box = 0
    out = ""
    for k, ln in enumerate(lines):
        piece = clean_heading(ln.text)
        glyph = len(ln.compact) == 1 and "\u3400" <= ln.compact <= "\u9fff"
        out = (
            piece
            if not out
            else join_wrapped(out, piece)
            if k > box or glyph
            else join_heading_lines(out, piece)
        )
    return out


def _heading_line(ln: Line, width: float, wrapped_tail: bool = False) -> bool:
    """The last line of a heading: short, unpunctuated (one character is enough when it ends a
    heading wrapped over several lines)."""
    ok = title_like_compact(ln.compact) or (
        wrapped_tail and len(ln.compact) == 1 and title_like_compact(ln.compact * 2)
    )
    return ok and not ln.letterspaced and ln.width <= max(width - 1.5, 0.0)


def _heading_first_line(ln: Line, width: float) -> bool:
    """The first line of a multi-line heading may stop on a comma, even fill the column (wrapped)."""
    c = ln.compact
    return (
        len(c) >= 2
        and not ln.letterspaced
        and ln.width <= width + 1.5
        and not ln.sentence_end
        and c[-1] not in "。"
    )


@dataclass(frozen=True, slots=True)
class Style:
    """How this block marks paragraph starts, inferred from its own lines.

    ``explicit``: first lines keep their indent as leading spaces.  ``implicit``: the extractor
    dropped the indent, but first lines are visibly about two cells short.  Neither: first lines are
    full width, so the only cues left are short last lines, enumerations and blank lines after a
    sentence end.
    """

    width: float
    explicit: bool = False
    implicit: bool = False


@dataclass(frozen=True, slots=True)
class MeasuredBody:
    """A block of body lines measured once for the page's curly-quote width: what both
    :func:`style_evidence` and :func:`segment_body` start from (see :func:`measure_body`)."""

    lines: list[Line]  # remeasured, blank lines kept
    width: float  # column width
    nb: list[Line]  # the non-blank lines
    blank_before: set[int]  # line numbers of non-blank lines preceded by a blank line


def measure_body(lines: list[Line], quote: float | None = None) -> MeasuredBody:
    """Measure a block's lines with the page's quote width (inferred from them when not given)."""
    lines = remeasure(lines, quote if quote is not None else quote_width([lines]))
    return MeasuredBody(
        lines, column_width(lines), [ln for ln in lines if not ln.blank], _blank_before(lines)
    )


def style_evidence(lines: list[Line], quote: float | None = None) -> tuple[list[float], int]:
    """(indent deltas of likely paragraph starts, number of explicitly indented lines) of a block.

    A likely paragraph start is the block's first line, an enumeration (``一是``), or a line after a
    short sentence end, after a sentence end and a blank line, or after a heading-like line and a
    blank line.  Only starts of paragraphs that run on into a full line count (that leaves headings
    out); the delta is how much shorter than the column such a line is.  The evidence of all blocks
    of a page is pooled by :func:`infer_style`, since one page is set in one style.  ``quote``: the
    page's curly-quote width (inferred from these lines alone when not given).
    """
    return measured_style_evidence(measure_body(lines, quote))


def measured_style_evidence(body: MeasuredBody) -> tuple[list[float], int]:
    """:func:`style_evidence` of a block measured already."""
    width, nb, blank_before = body.width, body.nb, body.blank_before
    explicit = sum(1 for ln in nb if ln.indent >= 1.0)
    full, short = width - 1.25, width - 2.75  # is_full / is_short
    deltas = []
    above: Line | None = None  # the line before ``b``
    for b, nxt in pairwise(nb):  # (the last line has none after it: never a first line here)
        a, above = above, b
        if b.letterspaced:
            continue
        if nxt.lineno in blank_before or not (nxt.letterspaced or nxt.width >= full):
            continue  # a first line runs on into a full line; a heading's first line does not
        gap = b.lineno in blank_before
        # (the cheap tests first: they are all pure)
        likely = (
            a is None
            or (gap and a.sentence_end)
            or (a.sentence_end and not a.letterspaced and a.width <= short and not looks_indented(a, width))
            or starts_enumeration_compact(b.compact)
            or (gap and not a.letterspaced and a.width <= short and title_like_compact(a.compact))
        )
        if not likely or continues_sentence(b.compact):
            continue
        d = width - b.width
        if -1.0 <= d <= 4.5:
            deltas.append(d)
    return deltas, explicit


def infer_style(evidence: list[tuple[list[float], int]]) -> tuple[bool, bool]:
    """(explicit, implicit) indentation for a page from pooled :func:`style_evidence`."""
    explicit = sum(e for _, e in evidence) >= 2
    deltas = sorted(d for ds, _ in evidence for d in ds)
    implicit = len(deltas) >= 2 and deltas[len(deltas) // 2] >= 1.75
    return explicit, implicit and not explicit


_CLAUSE_END = "，。、；：！？…"
_NUMERALS = "一二三四五六七八九十"
# :func:`continues_sentence` as one anchored match (``*+`` takes every opening mark, as ``lstrip``):
# a closing mark or clause end first; or one character (not a numeral) and a clause end; or a
# sentence of at most four characters (``工作机制。``) that does not start like an enumeration.
# (Unanchored and never crossing a line end, so :mod:`~pipeline.layout.blockorder` can ask it inside
# a larger pattern over the whole page.)
CONTINUES_PATTERN = (
    f"[“‘（《]*+(?:[{_CLAUSE_END}”’）》]|[^{_NUMERALS}\\n][{_CLAUSE_END}]"
    f"|(?![{_NUMERALS}\\d])[^，。、；：！？…“”（）《》\\n]{{1,4}}[。！？])"
)
_CONTINUES = re.compile("^" + CONTINUES_PATTERN)


def continues_sentence(text: str) -> bool:
    """Does the line visibly finish a clause begun on the line above (``。从…``, ``道。从…``)?

    A line may start with hanging punctuation, or with one character and a clause mark: no
    paragraph and no heading begins like that; nor does a sentence of at most four characters
    (``工作机制。``), which is the tail of one begun above."""
    return _CONTINUES.match(text) is not None


def paragraph_end(
    prev: Line, nxt: Line, style: Style, blank_between: bool = False, prev_starts: bool = False
) -> tuple[bool, str]:
    """Does a paragraph end between ``prev`` and ``nxt``?  See the module docstring.

    ``prev_starts``: ``prev`` is the first line of its paragraph (so, on an indenting page, its
    shortness may be the indent rather than a paragraph end).
    """
    width = style.width
    if continues_sentence(nxt.compact):
        return False, ""
    if style.explicit:
        # Explicit indentation is the one reliable cue: a short line ending a sentence may be a
        # rhetorical opener (``问题收集、交办……``) of a paragraph that goes on.
        return (True, "indented line") if nxt.indent >= 1.0 else (False, "")
    if not prev.sentence_end:
        return False, ""
    if style.implicit:
        nxt_full = nxt.letterspaced or nxt.width >= width - 1.25
        if is_short(prev, width) and not (prev_starts and looks_indented(prev, width) and nxt_full):
            return True, "short last line"
        if starts_enumeration_compact(nxt.compact) and not nxt_full:
            return True, "sentence end + enumeration"
        if looks_indented(nxt, width):
            return True, "sentence end + indented line"
        if is_short(nxt, width) and not nxt.sentence_end:
            return True, "sentence end + short line that runs on (indented first line)"
        return False, ""
    if is_short(prev, width):
        return True, "short last line"
    if starts_enumeration_compact(nxt.compact):
        return True, "sentence end + enumeration"
    if blank_between:
        return True, "sentence end + blank line"
    return False, ""


_NO_END = (False, "")


def segment_body(
    lines: list[Line], indent: tuple[bool, bool] | None = None, quote: float | None = None
) -> list[Block]:
    """Split an article's body lines (blank lines included) into paragraphs and headings.

    ``indent`` is the page's (explicit, implicit) indentation style and ``quote`` its curly-quote
    width; both are inferred from these lines alone when not given.
    """
    body = measure_body(lines, quote)
    return segment_measured(
        body, indent if indent is not None else infer_style([measured_style_evidence(body)])
    )


def segment_measured(
    body: MeasuredBody, indent: tuple[bool, bool], heading_lines: frozenset[int] = frozenset()
) -> list[Block]:
    """:func:`segment_body` of a block measured already, in the page's indentation style; lines in
    ``heading_lines`` (known from geometry) are read as headings, a run of them as one."""
    explicit, implicit = indent
    style = Style(width=body.width, explicit=explicit, implicit=implicit)
    nb, blank_before = body.nb, body.blank_before
    blocks: list[Block] = []
    cur: list[Line] = []
    note = ""

    def flush() -> None:
        nonlocal cur, note
        if cur:
            text = join_paragraph(cur)
            if text:
                blocks.append(Block("paragraph", tuple(cur), text, note))
        cur = []
        note = ""

    def heading(i: int, k: int, why: str) -> int:
        """Close the paragraph, read lines ``i .. i+k-1`` as one heading; the index after them."""
        nonlocal note
        flush()
        run = nb[i : i + k]
        blocks.append(Block("heading", tuple(run), join_heading(run), why))
        note = "after a heading"
        return i + k

    # Where sentences end: between two of them nothing can start (see :func:`_run_on_to`).
    ends = [ln.sentence_end for ln in nb] if not explicit else []
    speakers = _speaker_labels(nb) if not explicit else _NO_SPEAKERS
    i = 0
    while i < len(nb):
        if heading_lines and nb[i].lineno in heading_lines:
            k = 1
            while (
                i + k < len(nb)
                and nb[i + k].lineno in heading_lines
                and (
                    nb[i + k].lineno not in blank_before or len(nb[i + k].compact) == len(nb[i].compact) == 1
                )
            ):
                k += 1  # (a glyph a line, blank lines between: one phrase set with its glyphs far apart)
            i = heading(i, k, "heading by its setting")
            continue
        if cur and not explicit and not cur[-1].sentence_end:
            if heading_lines:  # run on, but never over a known heading
                stop = next((h for h in range(i, len(nb)) if nb[h].lineno in heading_lines), len(nb))
                end = min(_run_on_to(nb, ends, i, []), stop)
                cur += nb[i:end]
                i = end
            else:
                i = _run_on_to(nb, ends, i, cur)
            continue
        ln = nb[i]
        gap = ln.lineno in blank_before
        # asked once: the same question decides the paragraph break below when no heading starts here
        if not cur or (not style.explicit and not cur[-1].sentence_end):
            end_here = _NO_END  # = paragraph_end(…) when the line above did not end a sentence
        else:
            end_here = paragraph_end(cur[-1], ln, style, gap, prev_starts=len(cur) == 1)
            if speakers and not end_here[0] and _speaker_of(ln.compact) in speakers:
                end_here = (True, "speaker turn")
        at_para_start = not cur or end_here[0] or cur[-1].sentence_end
        k = _heading_run(nb, i, style, blank_before) if at_para_start else 0
        if (
            k
            and not cur
            and blocks
            and blocks[-1].kind == "heading"
            and _could_be_first_line(nb, i, k, style)
        ):
            k = 0  # right after a heading comes text: a first line cut off by a column break
        if k:
            i = heading(i, k, "short unpunctuated line(s)")
            continue
        if cur:
            end, why = end_here
            if end:
                flush()
                note = why
        cur.append(ln)
        i += 1
    flush()
    return blocks


# Labels that open an interviewer's turn in a Q&A interview (``记者：…``), and any speaker's label.
ASKER_STARTS = tuple(f"{w}{c}" for w in ("记者", "本报记者", "问", "主持人") for c in "：:")
_ASKERS = frozenset(s[:-1] for s in ASKER_STARTS)
_SPEAKER = re.compile(r"([\u3400-\u9fff]{1,5})[：:]")
_NO_SPEAKERS: frozenset[str] = frozenset()


def _speaker_of(c: str) -> str | None:
    m = _SPEAKER.match(c)
    return m.group(1) if m else None


def _speaker_labels(nb: list[Line]) -> frozenset[str]:
    """The speakers' labels of a Q&A interview (``记者：…？`` / ``林某：…。``), if the block is one.

    On a page that does not indent first lines, a turn that starts right after a full line ending a
    sentence shows no paragraph break but its label.  A label counts when it starts a line after a
    sentence end at least twice, and only in a block where an interviewer's label does: a word like
    ``他表示：`` may open a line now and then, but not turn by turn with ``记者：``."""
    if not any(ln.compact.startswith(ASKER_STARTS) for ln in nb):
        return _NO_SPEAKERS
    counts: dict[str, int] = {}
    after_end = True
    for ln in nb:
        if after_end and (who := _speaker_of(ln.compact)) is not None:
            counts[who] = counts.get(who, 0) + 1
        after_end = ln.sentence_end
    labels = frozenset(w for w, n in counts.items() if n >= 2)
    return labels if labels & _ASKERS else _NO_SPEAKERS


def _run_on_to(nb: list[Line], ends: list[bool], i: int, cur: list[Line]) -> int:
    """Append to the paragraph ``cur`` the lines from ``nb[i]`` through the next that ends a sentence,
    and return the index after them.

    On a page that does not indent explicitly, a line after one that did not end a sentence neither
    ends the paragraph nor starts a heading (:func:`paragraph_end` and the heading test both need a
    sentence end above), so the loop of :func:`segment_measured` would only append it: a list search
    finds where that stops, instead of a pass of the loop per line.
    """
    try:
        last = ends.index(True, i)
    except ValueError:
        last = len(nb) - 1
    cur += nb[i : last + 1]
    return last + 1


def nxt_gap_after(nb: list[Line], j: int, blank_before: set[int]) -> bool:
    """Is line ``nb[j]`` preceded by a blank line (so whatever stands above it is set apart)?"""
    return j < len(nb) and nb[j].lineno in blank_before


def _could_be_first_line(nb: list[Line], i: int, k: int, style: Style) -> bool:
    """A one-line 'heading' as wide as an indented first line, or followed by a letter-spaced line
    (whose fullness cannot be measured), may be a paragraph's first line."""
    if k != 1:
        return False
    nxt = nb[i + 1] if i + 1 < len(nb) else None
    return looks_indented(nb[i], style.width) or (nxt is not None and nxt.letterspaced)


def _blank_before(lines: list[Line]) -> set[int]:
    """Line numbers of non-blank lines preceded by a blank line."""
    return {ln.lineno for prev, ln in pairwise(lines) if prev.blank and not ln.blank}


_STOP = re.compile("[。！？]")  # a sentence end inside a line (searched short of its last character)


# A section number (``（二）``, ``二、``) opening a line: a heading's, or an enumerated paragraph's.
_SECTION_FIRST = frozenset("（(一二三四五六七八九十")  # (asked first: most lines open on none of these)
_CLAUSE_MARK = re.compile("[，；：。！？,;:]")
NUMBERED_HEAD_MIN = 10  # characters of a numbered line with no clause mark that make a heading


def _numbered_full_heading(nb: list[Line], i: int, width: float) -> bool:
    """A section-numbered line of words with no clause mark at all, filling the column, after a
    finished sentence and over a line that does not finish one: a heading set at the text's size
    (``（二）创新监督方式 汇聚发展合力“金钥匙”``), which text that drops indents and blank lines
    (PyMuPDF, pypdf) shows no other way. An enumerated paragraph reaches a clause mark within a
    line (``（二）加强基层治理，…``), or its words run on into the next line."""
    first = nb[i]
    c = first.compact
    if (
        c[:1] not in _SECTION_FIRST
        or i + 1 >= len(nb)
        or len(c) < NUMBERED_HEAD_MIN
        or not SECTION_NUMBER.match(c)
    ):
        return False
    if _CLAUSE_MARK.search(c) or first.letterspaced or first.width > width + 1.5:
        return False
    if i > 0 and not nb[i - 1].sentence_end:
        return False
    nxt = nb[i + 1]
    if continues_sentence(nxt.compact) or (nxt.width <= width - 1.5 and not _CLAUSE_MARK.search(nxt.compact)):
        return False  # (a short unpunctuated line next: the heading's wrapped tail, read as such)
    from pipeline.extract.tokenize import word_across

    return not word_across(c, nxt.compact)  # a word across the lines: a sentence wrapped


def _heading_run(nb: list[Line], i: int, style: Style, blank_before: set[int]) -> int:
    """Number of lines of the heading starting at ``nb[i]`` (0 if it is not a heading).

    A heading is a phrase (no ``。``), its last line is short and unpunctuated, and it is followed by
    the text it heads.  Its end must be visible: blank lines around it, or lines clearly shorter
    than an indented first line.  A heading wrapped over a full-width first line needs the blank
    lines.  When the block indents first lines, the line after a heading cannot be full width.
    """
    width = style.width
    # Three ways every run below ends without a heading, whatever its length; most paragraph starts
    # end here.  The first line is indented on a page that indents paragraphs, or it is a sentence
    # (so no run is a phrase); or no candidate for the heading's last line is short and ends without a
    # clause or sentence mark, as :func:`_heading_line` requires.
    first = nb[i]
    if (style.explicit and first.indent >= 1.0) or _STOP.search(first.compact, 0, len(first.compact) - 1):
        return 0
    if first.width > width + 1.0 and _wide_head(nb, i, blank_before):
        return 1
    if _numbered_full_heading(nb, i, width):
        return 1
    limit = max(width - 1.5, 0.0)
    for x in nb[i : min(i + MAX_HEADING_LINES, len(nb) - 1)]:
        if not x.letterspaced and x.width <= limit and x.compact[-1] not in TITLE_BAD_END:
            break
    else:
        return 0
    best = 0
    for k in range(1, MAX_HEADING_LINES + 1):
        if i + k >= len(nb):
            break
        run = nb[i : i + k]
        if k > 1 and run[-1].lineno in blank_before:
            break
        if run[-1].compact[-1] in "？！?!" and not (
            nxt_gap_after(nb, i + k, blank_before) and (i == 0 or run[0].lineno in blank_before)
        ):
            continue  # a question or exclamation stands as a heading only when set apart
        if any(_STOP.search(x.compact, 0, len(x.compact) - 1) for x in run):
            break  # a heading is a phrase, never a sentence: this is a run-in paragraph start
        if style.explicit and run[0].indent >= 1.0:
            break  # on a page that indents paragraphs, an indented line starts a paragraph
        if not all(_heading_first_line(x, width) for x in run[:-1]):
            break
        if (
            k > 1
            and starts_enumeration_compact(run[0].compact)
            and starts_enumeration_compact(run[-1].compact)
        ):
            break  # ``一、…`` over ``（一）…``: two numbered headings, not one wrapped over two lines
        if k <= 2 and style.implicit and _over_first_line(nb, i, k, width):
            return k  # the line under the run opens a paragraph: the run is not text
        if not _heading_line(run[-1], width, wrapped_tail=k > 1):
            continue
        nxt = nb[i + k]
        # A headline wrapped in a narrow box ends on its glyph whatever follows (text from elsewhere,
        # in drawing order): the two questions about the next line below are not asked of it.
        boxed = k > 2 and len(run[-1].compact) == 1 and box_start([x.compact for x in run]) is not None
        if continues_sentence(nxt.compact) and not boxed:
            continue  # the next line finishes a sentence begun above: no heading ends here
        full_first = any(x.width >= width - 1.25 for x in run[:-1])
        if full_first and k > 2:
            break  # a heading wraps over two lines at most
        if (
            k == 2
            and full_first
            and not style.explicit
            and starts_enumeration_compact(nxt.compact)
            and _wrapped_over_start(nb, i, style)
        ):
            return 2  # (an enumerated first line is not always indented: it may fill the column)
        if style.implicit and not nxt.letterspaced and nxt.fills(width) and not boxed:
            continue  # the text after a heading starts a paragraph: indented, never full width
        if style.explicit and nxt.indent < 1.0 and any(x.indent >= 1.0 for x in run):
            continue
        gap_after = nxt.lineno in blank_before
        gap_before = i == 0 or run[0].lineno in blank_before
        clearly_short = all(x.width < width - 3.75 for x in run)
        prev_short_end = i > 0 and is_short(nb[i - 1], width) and nb[i - 1].sentence_end
        if (gap_after and gap_before) or (style.explicit and _unindented_heading(nb, i, k, style)):
            best = k
        elif k == 2 and full_first and not style.explicit and _wrapped_over_start(nb, i, style):
            best = 2
        elif clearly_short and not full_first:
            # Only one side set apart: the line above must visibly end a paragraph, since a short
            # line before a column break looks just like a heading.
            prev_end = i > 0 and nb[i - 1].sentence_end
            if gap_before or prev_short_end or (style.implicit and prev_end):
                best = k
    return best


# Wide glyphs only: Han characters and full-width marks (the width of Latin letters, digits and
# quotes is not in the text, so a line holding them may not be wider than the column at all).
_WIDE_ONLY = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+")


def _wide_head(nb: list[Line], i: int, blank_before: set[int]) -> bool:
    """Is ``nb[i]`` (wider than the column) a headline set across columns, standing alone between
    blank lines: a phrase of wide glyphs, no clause mark in it, no sentence ended?  No line of the
    column's text is wider than the column; read as text, it opened a paragraph of another story."""
    ln = nb[i]
    return (
        not ln.letterspaced
        and (i == 0 or ln.lineno in blank_before)
        and i + 1 < len(nb)
        and nb[i + 1].lineno in blank_before
        and title_like_compact(ln.compact)
        and not ln.sentence_end
        and _WIDE_ONLY.fullmatch(ln.compact) is not None
        and _CLAUSE_MARK.search(ln.compact) is None
    )


_CLAUSE_MARK = re.compile("[，、；：]")


def _over_first_line(nb: list[Line], i: int, k: int, width: float) -> bool:
    """On a page whose extractor dropped the indent, a phrase of one or two lines of wide glyphs
    (no clause or sentence mark: a number before it, a quoted word in it at most), none filling
    the column, over a line that is itself a first line — about two cells short, the line under it
    full — or one opening on its enumeration is a heading, whatever its width: the line under it
    starts a paragraph, so it does not carry the phrase on, and no paragraph ends without a mark.
    (In a column a few cells wide a heading is no shorter than an indented first line:
    ``强化制度保障激发治理活力`` / ``在具体工作中，围绕文化遗`` / ``产保护建立问题清单和整改台账，``.)"""
    if i + k + 1 >= len(nb) or (i > 0 and not nb[i - 1].sentence_end):
        return False
    run, nxt, after = nb[i : i + k], nb[i + k], nb[i + k + 1]
    return (
        all(
            len(ln.compact) >= 4
            # the whole line (not what a dateline run in left of it)
            and abs(ln.raw_width - measure_width(ln.compact, ln.quote, hang=False)) < 0.5
            and (ln.width <= width - 1.0 or (k == 1 and ln.width <= width + 0.5 and _no_word_across(ln, nxt)))
            and _HEAD_PHRASE.fullmatch(ln.compact) is not None
            for ln in run
        )
        and not continues_sentence(nxt.compact)
        and (
            starts_enumeration_compact(nxt.compact)  # ``首先，`` ``第一，`` ``一是`` open a paragraph
            or (
                _WIDE_ONLY.fullmatch(nxt.compact) is not None
                and _WIDE_ONLY.fullmatch(after.compact) is not None
                and looks_indented(nxt, width)
                and nxt.raw_width <= width - 1.5  # (short with its last mark, not only when it hangs)
                and not nxt.sentence_end
                and after.fills(width)
                # the indent, seen against the line under it (one cell short itself where it carried
                # a glyph down with a mark that may not open a line: ``型，``)
                and (
                    after.raw_width - nxt.raw_width >= 1.5
                    or (after.raw_width - nxt.raw_width >= 1.0 and nxt.raw_width <= width - 2.0)
                )
            )
        )
    )


def _no_word_across(ln: Line, nxt: Line) -> bool:
    """Does no word of the tokenizer run across the two lines?  A line that fills the column may
    still be a heading (a column a few cells wide) — unless its sentence runs on into the next."""
    from pipeline.extract.tokenize import word_across

    return not word_across(ln.compact, nxt.compact)


def _wrapped_over_start(nb: list[Line], i: int, style: Style) -> bool:
    """A heading wrapped over a full line, with no blank line to set it apart: a phrase (clause
    marks but no sentence end in it) whose second line is a short tail with no mark at its end, after
    a finished sentence and over a line that opens a paragraph (``首先，…``, ``第一，…``, or a first
    line two cells short). A paragraph's last line ends on a mark; this one ends the heading
    (``坚持开门立法，推动法规落地，助力中小企业纾`` / ``困发展`` / ``首先，拓展立体化宣传。…``)."""
    if i > 0 and not nb[i - 1].sentence_end:
        return False
    head, tail, nxt = nb[i], nb[i + 1], nb[i + 2]
    width = style.width
    if (
        head.letterspaced
        or len(head.compact) + len(tail.compact) > MAX_WRAPPED_HEADING
        or _TAIL.fullmatch(tail.compact) is None
        or tail.width > width - 3.75
    ):
        return False
    if starts_enumeration_compact(nxt.compact):
        return True
    return (
        style.implicit
        and _WIDE_ONLY.fullmatch(nxt.compact) is not None
        and width - 3.75 <= nxt.raw_width <= width - 1.5
        and not nxt.sentence_end
    )


MAX_WRAPPED_HEADING = 40  # characters of a heading wrapped over two lines: longer is a paragraph
# Han characters (widths sure, no mark), numbered as headings are (``一、…``, ``（一）…``)
_HEAD_PHRASE = re.compile(
    "(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)?(?:[\u3400-\u9fff]|“[\u3400-\u9fff]+”)+"
)  # (quoted words too: ``擦亮履职底色“主阵地”``, measured with the page's quote width)
_TAIL = re.compile(
    "[\u3400-\u9fff]+”?|[\u3400-\u9fff]*“[\u3400-\u9fff]+”"
)  # a phrase's end (``困发展``, ``地”``)


def _unindented_heading(nb: list[Line], i: int, k: int, style: Style) -> bool:
    """On a page that indents first lines, an unindented short phrase after a finished sentence and
    before an indented first line (or another numbered heading) is a heading even without blank
    lines around it: the missing indent is as visible a cue as the blank lines."""
    run, nxt = nb[i : i + k], nb[i + k]
    if any(x.indent >= 1.0 for x in run) or run[-1].width > style.width - 1.5:
        return False
    prev = nb[i - 1] if i > 0 else None
    # Above it: a finished sentence, or a heading just above (``一、…`` over ``（一）…``).
    heading_above = prev is not None and prev.indent < 1.0 and _heading_line(prev, style.width)
    if prev is not None and not prev.sentence_end and not heading_above:
        return False
    if nxt.indent >= 1.0:
        return True
    return (
        starts_enumeration_compact(nxt.compact)
        and _heading_line(nxt, style.width)
        and not nxt.fills(style.width)
    )
