"""Blocks of text emitted out of reading order: seen at the blank lines between them.

``pdftotext`` (default mode) and pdfminer.six read most column pages in order, but now and then
print a whole block of another column between two blocks of one column, with a blank line at each
block boundary. Read as it stands, a paragraph cut at such a boundary runs on into the other
column's text. The lines on either side of a blank line tell whether the text there can be in
order:

* a line that **visibly finishes a clause** begun elsewhere (``全。``, ``化，推出…`` — see
  :func:`~pipeline.layout.paragraphs.continues_sentence`) opening a block after a line that ended
  a sentence: the clause it finishes is not above it;
* a full body line cut **mid-sentence** (no clause end; in a block of body lines that fill the
  column) followed by a block that opens with something that cannot carry on a sentence: a
  heading-like line (short, unpunctuated) standing over text, or an indented first line over a
  full one.

Either one is a misordered boundary. Text in reading order (a column break mid-sentence leaves a
blank line too, but the next column then carries the sentence on) shows neither: counted at 0 on
the sample page, the hand-made pages, thousands of synthetic pages and every reading-order fixture
(``benchmarks/extractor_styles.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.layout.lines import measure_width
from pipeline.layout.paragraphs import ASKER_STARTS, CONTINUES, continues_sentence
from pipeline.layout.roles import ends_sentence_compact, title_like_compact
from pipeline.layout.spacing import is_letterspaced

__all__ = ["misordered_boundaries"]

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


_HALF = re.compile("[“”‘’!-~]")  # measured ½ cell by ``measure_width``
_CLAUSE = re.compile("[，。、；：？！]")
_PLAIN = re.compile("[\u3400-\u9fff，。、；：！？《》（）]+")
# Blank lines (from the line end above them to the one before text) after a line that may stop
# mid-sentence, and after a sentence end before a line that visibly finishes a clause. Each pattern
# starts with a literal line end, which the regex engine looks for fast.
_OPEN_GAP = re.compile(r"\n(?<=[^\s。！？…：:]\n)\s*\n")
_ORPHAN_GAP = re.compile(
    r"\n(?<=[。！？…”’」』）》]\n)\s*\n(?=[^\S\n]*" + CONTINUES.pattern.removeprefix("^") + ")"
)


def _width(rows: list[_Row]) -> float:
    """Column width of a run of lines: the upper quartile of the lines that run on (not the last)."""
    ws = sorted(r.width for r in rows[:-1] if not r.spaced) or [r.width for r in rows]
    return ws[(3 * len(ws)) // 4] if ws else 0.0


def _cut_mid_sentence(block: list[_Row]) -> bool:
    """The block (its last lines) ends on a full body line that stops inside a sentence."""
    if len(block) < MIN_BODY_LINES:
        return False
    last = block[-1]
    if last.spaced:
        return False
    w = _width(block)
    full = sum(1 for r in block if r.wide >= w - 1.25)
    prose = sum(1 for r in block if r.prose)
    return last.wide >= w - 1.0 and full * 2 > len(block) and prose * 2 >= len(block) and prose >= 2


def _opens_anew(block: list[_Row]) -> bool:
    """The block (its first lines) opens with a line that cannot carry a sentence on: a heading over
    text, or an indented first line over a full one."""
    first, nxt = block[0], block[1]
    if first.spaced:
        return False
    w = _width(block[1:])
    if title_like_compact(first.compact) and first.width <= w - 3:
        return True
    if not _PLAIN.fullmatch(first.compact):
        return False  # Latin letters, digits and quotes are set in widths the text does not tell
    raw = measure_width(first.compact, hang=False)
    return w - 3.0 <= raw <= w - 1.5 and nxt.wide >= w - 1.0


def misordered_boundaries(text: str, first_only: bool = False) -> list[tuple[int, int, str]]:
    """Block boundaries where the text cannot be in reading order: (line before, line after, why),
    line numbers 1-based; ``first_only``: stop at the first one.

    Cheap on reading-order text: two regex scans find the blank lines after a line that may stop
    mid-sentence, or before one that visibly finishes a clause; there, how the two lines look is
    asked first, and only where they allow a misorder are the blocks around them measured."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # the same lines
    found = [(m.start(), m.end(), "orphan_clause") for m in _ORPHAN_GAP.finditer(text)]
    found += [(m.start(), m.end(), "cut_then_new") for m in _OPEN_GAP.finditer(text)]
    out: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found) if found and found[0][2] == "orphan_clause" else found:
        if kind == "orphan_clause":
            p = "".join(text[text.rfind("\n", 0, start) + 1 : start].split())
            ok = ends_sentence_compact(p) and continues_sentence(_line_at(text, end))
        else:
            ok = _cut_then_new(text, start, end)
        if ok:
            out.append((text.count("\n", 0, start) + 1, text.count("\n", 0, end) + 1, kind))
            if first_only:
                break
    return out


def _cut_then_new(text: str, start: int, end: int) -> bool:
    """A body line cut mid-sentence (ending at ``start``) and, after the blank lines, a block opening
    anew (at ``end``)?"""
    p_start = text.rfind("\n", 0, start) + 1
    if _CLAUSE.search(text, p_start, start - 1) is None:
        before = text.rfind("\n", 0, max(p_start - 1, 0)) + 1
        if p_start == 0 or _CLAUSE.search(text, before, p_start - 2) is None:
            return False  # neither of the last two lines has a clause mark inside: not prose
    n_end = text.find("\n", end)
    if n_end < 0:
        return False
    n = "".join(text[end:n_end].split())
    if (
        not n
        or ends_sentence_compact(text[p_start:start].rstrip())
        or not _may_open(n, _line_at(text, n_end + 1))
    ):
        return False
    a, b = _block_tail(text, start), _block_head(text, end)
    return (
        len(a) >= MIN_BODY_LINES
        and len(b) >= 2
        and (n.startswith(ASKER_STARTS) or _opens_anew([_row(ln) for ln in b]))
        and _cut_mid_sentence([_row(ln) for ln in a])
    )


def _block_tail(text: str, end: int) -> list[str]:
    """The last lines (up to ``WIDTH_LINES``) of the block ending at ``end`` (a line end)."""
    out: list[str] = []
    while len(out) < WIDTH_LINES and end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if not line.strip():
            break
        out.append(line)
        end = start - 1
    return out[::-1]


def _block_head(text: str, start: int) -> list[str]:
    """The first lines (up to ``WIDTH_LINES + 1``) of the block starting at ``start``."""
    out: list[str] = []
    while len(out) <= WIDTH_LINES and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if not line.strip():
            break
        out.append(line)
        start = end + 1
    return out


def _line_at(text: str, start: int) -> str:
    """The line starting at ``start``, without spaces."""
    end = text.find("\n", start)
    return "".join(text[start : len(text) if end < 0 else end].split())


def _may_open(n: str, nxt: str) -> bool:
    """Could line ``n`` open its block anew (see :func:`_opens_anew`)?  Not if it ends or finishes a
    sentence, nor if it is as wide as the line under it (a continuation fills the column)."""
    if n.startswith(ASKER_STARTS):
        return True
    if not nxt or ends_sentence_compact(n) or continues_sentence(n):
        return False
    return measure_width(n) <= measure_width(nxt) + 0.5 * len(_HALF.findall(nxt)) - 1.0
