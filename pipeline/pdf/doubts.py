"""Readings a page's geometry leaves open: signs that one story was run into another.

The cut (:mod:`~pipeline.pdf.regions`) gives each column piece of text to one title. Where a page
allows two readings it picks one, and a wrong pick runs one story into another (and cuts the other
short) with nothing in the text to show for it. Some shapes no story takes, whatever the typesetter;
an article read in one of them was given a piece that is not its own, or lost one:

* **a title amid its own text**: text of the article above its title *and* below it in the title's
  column. A title opens its text (set above it) or closes it (set below it); it never stands
  between two runs of it in one column, so one run is another story's — mostly the story the column
  to the left ends with, flowing on at this column's head.
* **a title at the foot of its text with its text beside it too**: text above the title in its
  column and text in other columns reaching down beside the title. A title set below its text
  spans the columns of that text; one set at a column's foot with columns of text beside it opens
  the story it stands over — the run above it is the story it stands under.
* **a piece between two of another story**: a piece, not under its own title, with a piece of one
  other story on either side at its height. A story's columns stand side by side, so the piece
  parts that story's columns (a boxed story set amid them stands under its own title).
* **titles overlapping**: two articles' title groups whose boxes overlap. No two titles share
  print; lines of two titles read as one (glyphs of both on one baseline) make one title group
  reach over the others.

More signs read the text, not the geometry (:mod:`~pipeline.pdf.layout`): pieces signed by
different people under one title; a byline (it opens a story) with text on either side, or an
author's note (it closes one) with text after it, in one article; a story's text stopping mid-sentence with no jump note after it (its rest went to the
story at the head of the next column); and a title that is a kicker alone (its headline went to
the story whose title stands nearest at its height).

Where the first two signs show at a column's head (the run above the title with nothing over it),
the run is given back to the story the column to its left ends with (:func:`moves`): a flow
carries a story on from a column's foot to the next column's head. That reading is picked, not
proven, so both articles keep the flag.

Each sign flags the article and its rival (the story at the foot of the column to its left, or the
story around the piece): either may hold text of the other. Measured on 3,387 articles of 555
typeset pages (reportlab, Typst, WeasyPrint, Chromium, wkhtmltopdf): the four articles of two
stories read from one-sheet pages each show a sign; one article read right shows one (its wrapped
kicker read as text under its title, itself a misreading).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["STORIES_UNSURE", "Move", "Placed", "doubts", "left_foot", "moves", "right_head"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (as glyphlines.Box; this module stays light)

STORIES_UNSURE = "stories_unsure"  # article and document flag
MIN_RUN = 2.0  # a run of text at least this many body sizes tall (two lines) counts; less may be a label
SLACK = 0.2  # body sizes: boxes touching within this much stand apart


@dataclass(frozen=True, slots=True)
class Placed:
    """An article's place on the page: its title group's box (None when untitled) and the boxes of
    its column pieces of text."""

    title: Box | None
    pieces: Sequence[Box]


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _in_column(q: Box, t: Box) -> bool:
    """Does piece ``q`` stand in the column(s) of title ``t`` (more than half of its width under it)?"""
    return _overlap(q[0], q[2], t[0], t[2]) > 0.5 * (q[2] - q[0])


def _nearest(arts: Sequence[Placed], k: int, score: Callable[[Box], float | None]) -> int | None:
    """The article (not ``k``) owning the piece of least ``score`` (None: not a candidate; the
    first such piece on a tie)."""
    best: tuple[float, int] | None = None
    for j, a in enumerate(arts):
        if j == k:
            continue
        for r in a.pieces:
            s = score(r)
            if s is not None and (best is None or s < best[0]):
                best = (s, j)
    return None if best is None else best[1]


def left_foot(arts: Sequence[Placed], k: int, q: Box, size: float) -> int | None:
    """The article (not ``k``) whose lowest piece in the column right of ``q``'s left edge ends
    lowest there: the story a flow carries on at ``q``."""
    lo, hi = q[0] - (q[2] - q[0]) - 3 * size, q[0] + SLACK * size
    return _nearest(arts, k, lambda r: -r[3] if lo <= r[2] <= hi else None)


def right_head(arts: Sequence[Placed], k: int, q: Box, size: float) -> int | None:
    """The article (not ``k``) with a piece in the column right of ``q`` standing nearest ``q``'s
    top: where a flow carries on the story cut short at ``q``."""
    lo, hi = q[2] - SLACK * size, q[2] + (q[2] - q[0]) + 3 * size
    return _nearest(arts, k, lambda r: abs(r[1] - q[1]) if lo <= r[0] <= hi else None)


def _above(a: Placed, size: float) -> tuple[list[int], str] | None:
    """The runs (by index) of ``a`` above its title in the title's column, when the title stands
    amid its text or at the foot of it with its text beside it (see module docstring); and why."""
    t = a.title
    if t is None:
        return None
    runs = [k for k, q in enumerate(a.pieces) if q[3] - q[1] >= MIN_RUN * size]
    above = [k for k in runs if a.pieces[k][3] <= t[1] + SLACK * size and _in_column(a.pieces[k], t)]
    if not above:
        return None
    if any(a.pieces[k][1] >= t[3] - SLACK * size and _in_column(a.pieces[k], t) for k in runs):
        return above, "its title stands amid its text in one column (text above and below it)"
    if any(
        (q[0] >= t[2] - SLACK * size or q[2] <= t[0] + SLACK * size) and q[3] > t[1] + MIN_RUN * size
        for q in (a.pieces[k] for k in runs)
    ):
        return (
            above,
            "its title stands at the foot of its text in one column, its text beside the title in others",
        )
    return None


def _title_signs(arts: Sequence[Placed], k: int, size: float) -> tuple[str, int | None] | None:
    found = _above(arts[k], size)
    if found is None:
        return None
    above, why = found
    over = min((arts[k].pieces[i] for i in above), key=lambda q: q[1])
    return why, left_foot(arts, k, over, size)


@dataclass(frozen=True, slots=True)
class Move:
    """Runs of one article's text (``pieces``: indexes into its pieces) that carry on another's."""

    source: int
    target: int
    pieces: tuple[int, ...]


def moves(arts: Sequence[Placed], size: float) -> list[Move]:
    """Runs to give back: those above a title amid its text, or at the foot of it with its text
    beside it, standing at the head of their column, go to the story the column to their left ends
    with — a flow carries a story on from a column's foot to the next column's head. (The articles
    stay flagged: the page was read two ways and one was picked.)"""
    out: list[Move] = []
    for k, a in enumerate(arts):
        found = _above(a, size)
        if found is None:
            continue
        above = found[0]
        head = min((a.pieces[i] for i in above), key=lambda q: q[1])
        # at the column's head: no piece of any story over it there
        if any(
            _overlap(r[0], r[2], head[0], head[2]) > 0.5 * (head[2] - head[0])
            and r[3] <= head[1] + SLACK * size
            for b in arts
            for r in (*b.pieces, *((b.title,) if b.title else ()))
        ):
            continue
        j = left_foot(arts, k, head, size)
        if j is not None and all(m.source != j and m.target != k for m in out):
            out.append(Move(k, j, tuple(above)))
    return out


def _between(arts: Sequence[Placed], k: int, size: float) -> tuple[str, int] | None:
    a = arts[k]
    for q in a.pieces:
        if q[3] - q[1] < MIN_RUN * size:
            continue
        if a.title is not None and _in_column(q, a.title) and a.title[3] <= q[1] + MIN_RUN * size:
            continue  # under its own title: a boxed story set amid another's columns
        for j, b in enumerate(arts):
            if j == k:
                continue
            level = [r for r in b.pieces if _overlap(r[1], r[3], q[1], q[3]) >= MIN_RUN * size]
            left = any(r[2] <= q[0] + SLACK * size for r in level)
            if left and any(r[0] >= q[2] - SLACK * size for r in level):
                return "a piece of its text stands between two of another story's at their height", j
    return None


def _titles_overlap(arts: Sequence[Placed], k: int, size: float) -> tuple[str, int] | None:
    t = arts[k].title
    if t is None:
        return None
    for j, b in enumerate(arts):
        u = b.title
        if (
            j != k
            and u is not None
            and _overlap(t[0], t[2], u[0], u[2]) > SLACK * size
            and _overlap(t[1], t[3], u[1], u[3]) > SLACK * size
        ):
            return "its title group overlaps another story's: lines of two titles read as one", j
    return None


def doubts(arts: Sequence[Placed], size: float) -> dict[int, str]:
    """Articles (by index) whose reading the geometry does not settle, each with why (see module
    docstring); ``size``: the page's body size."""
    out: dict[int, str] = {}
    for k in range(len(arts)):
        found = _title_signs(arts, k, size) or _between(arts, k, size) or _titles_overlap(arts, k, size)
        if found is None:
            continue
        why, rival = found
        out.setdefault(k, why)
        if rival is not None:
            out.setdefault(rival, f"a piece it may carry on went to article {k}: {why}")
    return out
