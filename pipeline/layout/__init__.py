"""Layout recovery: the text layer of one newspaper page → articles, paragraphs and line roles.

Public API: :func:`read_page`.  The work is split by concern:

* :mod:`~pipeline.layout.styles` — which extractor made the text (reading order, side by side,
  interleaved, merged lines, fragmented, char-spaced), restored to reading order where it can be;
* :mod:`~pipeline.layout.columns` — side-by-side columns (``pdftotext -layout``) into reading order;
* :mod:`~pipeline.layout.spacing` — every spacing rule (letter-spacing, digit padding, headline gaps);
* :mod:`~pipeline.layout.lines` — the line model and printed width;
* :mod:`~pipeline.layout.roles` — what a line is by its own text (byline, footnote, furniture…);
* :mod:`~pipeline.layout.paragraphs` — paragraph ends and section headings;
* :mod:`~pipeline.layout.articles` — article assembly and per-page title placement.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.layout.articles import assemble
from pipeline.layout.blockorder import (
    byline_note,
    dateline_amid_text,
    dateline_note,
    jump_note,
    name_note,
    name_unopened,
    runs_past_jump,
    stub_note,
    tail_note,
    wide_head_note,
)
from pipeline.layout.lines import hardly_blank
from pipeline.layout.styles import FLAGS, UNRESTORED, StyleVerdict, detect_style
from pipeline.types import LayoutArticle, LayoutParagraph, PageLayout

__all__ = ["read_page"]


def read_page(text: str) -> PageLayout:
    """Recover the articles of one decoded page.

    Pure and total: never raises on arbitrary text (an empty page gives zero articles; text with no
    byline or title gives one article flagged ``untitled``/``no_byline`` rather than losing it).
    """
    if not isinstance(text, str):
        text = str(text or "")
    try:
        verdict = detect_style(text)
        if verdict.style != "reading_order" and (verdict.text is None or verdict.origin is None):
            page = assemble(text)  # recognised, not restorable: flagged
            articles = _flagged(page.articles, verdict.flag)
            return replace(page, articles=articles, style=verdict.style, style_note=verdict.note)
        # In reading order, or restored to it: read, then asked whether the reading went wrong.
        src = text if verdict.text is None else verdict.text
        emphasised, upright = _doubled(text, verdict), _stacked(verdict)
        amid_blocks = _repaired_amid_blocks(text, verdict)
        page = assemble(src, emphasised=emphasised, upright=upright)
        # A story run into the next one: read across a 下转 note (text before it goes on on
        # another page), a dateline amid a paragraph, or the signs assemble found (titles before
        # some texts and after others, a story signed twice, a box in another measure, ...).
        unsure = (
            page.style == "misordered_blocks"
            or ("转" in src and runs_past_jump(src, page))
            or dateline_amid_text(src, page)
            or byline_note(page) is not None
            or name_unopened(src, page)
            or _vertical_heading(page, upright)
            or stub_note(page) is not None
            or tail_note(page) is not None
            or wide_head_note(page) is not None
            or _headings_two_styles(page, emphasised)
            or amid_blocks
        )
        if unsure and verdict.style not in UNRESTORED:  # (a style flagged already keeps its flag)
            # in words, for ``baokan inspect`` (asked again of the few pages it fires on)
            note = _raw(page.style_note or _note_after_reading(src, page, emphasised, amid_blocks), verdict)
            page = _to_raw_lines(page, verdict) if verdict.text is not None else page
            articles = _flagged(page.articles, MISORDERED_FLAG)
            return replace(page, articles=articles, style="misordered_blocks", style_note=note)
        if verdict.text is not None:
            page = _to_raw_lines(page, verdict)
        return replace(page, style=verdict.style, style_note=verdict.note)
    except Exception as exc:  # last-resort guard: one odd page must not take the pipeline down
        return _fallback(text, exc)


# Flag of every article read from a page set in side-by-side columns: its line span is then the
# raw lines its column cells stand on, first to last. (Every style's flag: ``styles.FLAGS``.)
COLUMNS_FLAG = "side_by_side_columns"
MISORDERED_FLAG = FLAGS["misordered_blocks"]


def _note_after_reading(src: str, page: PageLayout, emphasised: frozenset[int], amid_blocks: bool) -> str:
    """Which question asked after reading found the page read out of order, in words."""
    return (
        ("转" in src and jump_note(src, page))
        or dateline_note(src, page)
        or byline_note(page)
        or name_note(src, page)
        or stub_note(page)
        or tail_note(page)
        or wide_head_note(page)
        or (
            _headings_two_styles(page, emphasised)
            and "a story's section headings or title lines in two styles (some drawn twice, some once): another story's headline read as its own"
        )
        or (amid_blocks and BLOCKS_NOTE)
        or "a vertical title read as a heading or as text, or joined to another story's headline"
    )


BLOCKS_NOTE = (
    "titles printed twice or a glyph a line amid blocks set apart by blank lines (pdfminer.six): "
    "read once, but such text keeps the page's blocks in drawing order, whose title is whose unsure"
)


def _repaired_amid_blocks(text: str, verdict: StyleVerdict) -> bool:
    """Were title lines repaired (printed twice, or a glyph a line) in text that keeps blank lines
    between its blocks?  pdfminer.six prints a page so: its blocks in the order drawn, a title set
    under its text or beside it anywhere among them. Read, the page is not sure (measured: repaired
    with no flag, three pages of the kept sets went out with two stories in one article)."""
    return verdict.text is not None and verdict.style == "reading_order" and not hardly_blank(text)


_LINE_NO = re.compile(r"(lines? )(\d+)(?:–(\d+))?")


def _raw(note: str, verdict: StyleVerdict) -> str:
    """``note``'s line numbers (of the restored text) as raw line numbers."""
    if verdict.text is None or verdict.origin is None:
        return note
    origin, ends = verdict.origin, verdict.ends or verdict.origin

    def raw(m: re.Match[str]) -> str:
        a = int(m.group(2))
        first = origin[a - 1] if 0 < a <= len(origin) else a
        if m.group(3) is None:
            return f"{m.group(1)}{first}"
        b = int(m.group(3))
        return f"{m.group(1)}{first}–{ends[b - 1] if 0 < b <= len(ends) else b}"

    return _LINE_NO.sub(raw, note)


def _doubled(text: str, verdict: StyleVerdict) -> frozenset[int]:
    """Lines of the repaired text that the raw ``text`` printed twice (simulated bold draws each
    glyph twice): one under the other (PyMuPDF), or run together on one line (pypdf). 1-based."""
    if (
        verdict.style != "reading_order"
        or verdict.ends is None
        or verdict.origin is None
        or verdict.text is None
    ):
        return frozenset()  # (only the title-line repair prints a doubled line once)
    raw, fixed = text.split("\n"), verdict.text.split("\n")
    return frozenset(
        k + 1
        for k, (a, b) in enumerate(zip(verdict.origin, verdict.ends, strict=True))
        if b - a == 1 or (b == a and raw[a - 1].strip() != fixed[k].strip())
    )


def _stacked(verdict: StyleVerdict) -> frozenset[int]:
    """Lines of the repaired text the raw text printed a glyph a line (three lines or more joined
    into one: vertical type, or type spaced wider than a glyph). 1-based."""
    if verdict.ends is None or verdict.origin is None:
        return frozenset()
    return frozenset(
        k + 1 for k, (a, b) in enumerate(zip(verdict.origin, verdict.ends, strict=True)) if b - a >= 2
    )


def _vertical_heading(page: PageLayout, stacked: frozenset[int]) -> bool:
    """Is a vertical title (a character a line in the raw text, one line once repaired) read as a
    section heading or as text, or as one line of a title block with horizontal lines?  Vertical
    type heads a story or a box, never a section of running text: the story it heads was read into
    the one before it. Set beside its story, it is drawn after the story's text; a title block joining it
    to a headline of another story's may have given it to the wrong one. ``stacked``: such lines
    (:func:`_stacked`)."""
    if not stacked:
        return False
    titled = {r.article for r in page.lines if r.role == "title" and r.lineno in stacked}
    return any(
        (r.role in ("heading", "body") and r.lineno in stacked)
        or (r.role == "title" and r.article in titled and r.lineno not in stacked)
        for r in page.lines
    )


def _headings_two_styles(page: PageLayout, emphasised: frozenset[int]) -> bool:
    """Does a story hold section headings of two styles, one drawn twice (simulated bold: see
    :func:`_doubled`) and one drawn once — or title lines so?  One story's headings are set alike:
    a heading unlike the others is another story's headline (or subtitle) read as a heading — a
    story with no byline run into the one before it; a title's main lines, one headline's type
    (two stories' headlines read as one title, the one set under its text and the next one's)."""
    if not emphasised:
        return False
    titled: dict[int | None, set[bool]] = {}
    for r in page.lines:
        if r.role == "title":
            titled.setdefault(r.article, set()).add(r.lineno in emphasised)
    if any(len(s) == 2 for s in titled.values()):
        return True
    styles: dict[int | None, set[bool]] = {}
    run: list[int] = []
    for r in (*page.lines, None):
        if r is not None and r.role == "heading" and (not run or r.lineno == run[-1] + 1):
            run.append(r.lineno)
            article = r.article
            continue
        if run:
            bold = {n in emphasised for n in run}
            if len(bold) == 1:
                styles.setdefault(article, set()).update(bold)
            run = []
        if r is not None and r.role == "heading":
            run, article = [r.lineno], r.article
    return any(len(s) == 2 for s in styles.values())


def _flagged(articles: tuple[LayoutArticle, ...], flag: str | None) -> tuple[LayoutArticle, ...]:
    if flag is None:
        return articles
    return tuple(replace(a, flags=(*a.flags, flag)) for a in articles)


def _to_raw_lines(page: PageLayout, verdict: StyleVerdict) -> PageLayout:
    """A layout read from the restored (reading-order) text, with line numbers of the raw page: a
    line role keeps its restored text; a span becomes the first to last raw line its lines stand
    on. Every article gets the style's flag (none for reading order: title lines repaired)."""
    origin = verdict.origin or ()
    ends = verdict.ends or origin
    flag = None if verdict.style == "reading_order" else verdict.flag or COLUMNS_FLAG

    def span(start: int, end: int) -> tuple[int, int]:
        lines = origin[start - 1 : end] or (0,)
        return min(lines), max(ends[start - 1 : end] or lines)

    def para(p: LayoutParagraph) -> LayoutParagraph:
        a, b = span(p.line_start, p.line_end)
        return replace(p, line_start=a, line_end=b)

    def article(a: LayoutArticle) -> LayoutArticle:
        s, e = span(a.line_start, a.line_end)
        paras = tuple(para(p) for p in a.paragraphs)
        flags = (*a.flags, flag) if flag else a.flags
        return replace(a, paragraphs=paras, flags=flags, line_start=s, line_end=e)

    lines = tuple(r._replace(lineno=origin[r.lineno - 1]) for r in page.lines)
    return replace(page, articles=tuple(article(a) for a in page.articles), lines=lines)


def _fallback(text: str, exc: Exception) -> PageLayout:
    """Keep every non-blank line as one untitled paragraph per blank-separated run. The page is
    counted as flagged (style ``layout_failed``) and says why: a bug must not pass for a reading."""
    from pipeline.layout.lines import Line, make_lines
    from pipeline.layout.paragraphs import join_paragraph
    from pipeline.types import LayoutArticle, LayoutParagraph, LineRole

    lines = make_lines(text)
    paras: list[LayoutParagraph] = []
    run: list[Line] = []
    for ln in [*lines, None]:
        if ln is None or ln.blank:
            if run:
                t = join_paragraph(run)
                if t:
                    paras.append(LayoutParagraph(t, None, run[0].lineno, run[-1].lineno))
            run = []
        else:
            run.append(ln)
    roles = tuple(
        LineRole(ln.lineno, ln.raw, "blank" if ln.blank else "body", None, "fallback") for ln in lines
    )
    note = f"the layout rules failed ({type(exc).__name__}: {exc}); the lines are kept as they came"
    if not paras:
        return PageLayout(articles=(), lines=roles, style="layout_failed", style_note=note[:300])
    art = LayoutArticle(
        paragraphs=tuple(paras),
        flags=("untitled", "no_byline", FLAGS["layout_failed"]),
        line_start=paras[0].line_start,
        line_end=paras[-1].line_end,
    )
    return PageLayout(articles=(art,), lines=roles, style="layout_failed", style_note=note[:300])
