"""Repairs of a page's glyphs before layout, and page flags carried onto its articles."""

from __future__ import annotations

from dataclasses import replace

from pipeline.pdf import textlayer
from pipeline.pdf.reader import PageGlyphs
from pipeline.types import PageLayout


def repair_glyphs(page: PageGlyphs) -> PageGlyphs | None:
    """The page with GBK byte pairs shown as Latin-1 decoded into one character each, whose box is
    the union of the pair's boxes; None when the text does not decode."""
    spans = textlayer.repair_gbk_latin1(page.text)
    if spans is None:
        return None
    out = PageGlyphs(page.number, page.width, page.height, page.rotation, invisible=page.invisible)
    out.images, out.rects = page.images, page.rects
    for start, end, ch in spans:
        out.chars.append(ch)
        out.x0.append(min(page.x0[start:end]))
        out.top.append(min(page.top[start:end]))
        out.x1.append(max(page.x1[start:end]))
        out.bottom.append(max(page.bottom[start:end]))
        if page.base:
            out.base.append(max(page.base[start:end]))
        # a pair drew two half-width glyphs: the character is set at their combined width
        out.size.append(max(page.size[start:end]))
    return out


def flag_articles(layout: PageLayout, flags: list[str]) -> PageLayout:
    """Every article of the page carries the page's reading flags (never an unflagged ``ok``)."""
    arts = tuple(replace(a, flags=tuple(dict.fromkeys((*a.flags, *flags)))) for a in layout.articles)
    return replace(layout, articles=arts)
