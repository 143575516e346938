"""Newspaper and magazine pages typeset by Typst from known text: another typesetter than
``tests/newspaper_pdf.py``'s reportlab (its own line breaking, hanging punctuation, CJK/Latin
spacing, text runs), so the PDF reader is held to pages it was not written against.

Articles come from the synthetic generator (``tests/synthetic.py``); a page is laid out one of
three ways: ``flow`` (stories run on from column to column, titles wherever a story starts: a
magazine's page), ``grid`` (a story a cell, cells in rows) or ``lead`` (a lead story across two
columns, its text in two columns of its own, the rest a story a cell). Titles above their text;
kickers and subtitles smaller than the text; section headings bold; datelines run into the first
paragraph. ``page_source`` gives the Typst source and the truth; compiling needs the ``typst``
package (the ``fixtures`` extra), reading the committed PDFs does not.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from tests.synthetic import ExpectedArticle, generate_page

FONTS = ("WenQuanYi Zen Hei", "WenQuanYi Micro Hei")
VARIANTS = ("flow", "grid", "lead")
INLINE = ("新华社", "本报讯")  # bylines printed at the start of the first paragraph


@dataclass(frozen=True)
class TypstPage:
    source: str
    articles: tuple[ExpectedArticle, ...]
    options: dict[str, Any]
    furniture: dict[str, str | None]


def _esc(s: str) -> str:
    return re.sub(r'([\\#*_`$<>@\[\]~/"])', r"\\\1", s)


def _articles(seed: int, n: int) -> list[ExpectedArticle]:
    out: list[ExpectedArticle] = []
    s = seed * 100
    while len(out) < n:
        out += [a for a in generate_page(s).articles if a.title and a.paragraphs and len(a.text) > 60]
        s += 1
    return out[:n]


def _article(a: ExpectedArticle, title_pt: float) -> list[str]:
    """The article as Typst paragraphs: head lines unindented, text paragraphs indented 2 em."""
    head = lambda body: f"#par(first-line-indent: 0em)[{body}]"  # noqa: E731
    parts = []
    if a.kicker:
        parts.append(head(f"#text(size: {title_pt * 0.6:.1f}pt)[{_esc(a.kicker)}]"))
    parts.append(head(f'#text(size: {title_pt}pt, weight: "bold")[{_esc(a.title or "")}]'))
    if a.subtitle:
        parts.append(head(f"#text(size: {title_pt * 0.6:.1f}pt)[{_esc(a.subtitle)}]"))
    by = a.byline or ""
    inline = by.startswith(INLINE)
    if by and not inline:
        parts.append(head(_esc(by)))
    heading = None
    for k, (h, t) in enumerate(a.paragraphs):
        if h and h != heading:
            parts.append(head(f'#text(weight: "bold")[{_esc(h)}]'))
            heading = h
        parts.append((_esc(by) if k == 0 and inline else "") + _esc(t))
    if a.author_affiliation:
        parts.append(head(_esc(f"（作者系{a.author_affiliation}）")))
    return parts


def page_source(seed: int, drop: int = 0) -> TypstPage:
    """Page ``seed`` (its layout, sizes, face and articles drawn from the seed), ``drop`` articles
    fewer than drawn (to make it fit one page)."""
    r = random.Random(seed)
    k = r.choice([3, 4, 5, 6])
    variant = r.choice(VARIANTS)
    width = r.choice([297, 350, 400])
    body_pt = r.choice([9, 9.5, 10, 10.5])
    title_pt = r.choice([14, 16, 18, 20])
    font = r.choice(FONTS)
    pub = r.choice(["人民议政报", "法治建设导报", "代表履职报", "人大时报"])
    date = (
        f"{r.randint(2018, 2025)}年{r.randint(1, 12)}月{r.randint(1, 28)}日 星期{r.choice('一二三四五六日')}"
    )
    page_no = r.randint(1, 12)
    column = r.choice(["地方人大", "履职视点", "立法聚焦", "代表风采"])
    n = {"flow": r.randint(3, 6), "grid": k + r.randint(0, k), "lead": 1 + k + r.randint(0, 2)}[variant]
    arts = _articles(seed, max(2, n - drop))
    gutter = r.choice([5, 6, 8])
    src = [
        "#set document(date: none)",  # (no creation date: the same source gives the same bytes)
        f"#set page(width: {width}mm, height: {int(width * 1.414)}mm, margin: 14mm)",
        f'#set text(font: "{font}", size: {body_pt}pt, lang: "zh")',
        "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.55em, spacing: 0.55em)",
        f"#grid(columns: (1fr, 1fr, 1fr), [{pub}], align(center)[{date}], align(right)[第{page_no}版 {column}])",
        "#line(length: 100%)",
    ]
    cols = ", ".join(["1fr"] * k)
    if variant == "flow":
        src.append(
            f"#columns({k}, gutter: {gutter}mm)[\n"
            + "\n\n".join(p for a in arts for p in _article(a, title_pt))
            + "\n]"
        )
    else:
        cells = ["[" + "\n\n".join(_article(a, title_pt)) + "]" for a in arts]
        if variant == "lead":
            lead = _article(arts[0], title_pt + 4)
            a = arts[0]
            n_head = (
                1 + bool(a.kicker) + bool(a.subtitle) + bool(a.byline and not a.byline.startswith(INLINE))
            )
            cells[0] = (
                "grid.cell(colspan: 2)["
                + "\n\n".join(lead[:n_head])
                + f"\n\n#columns(2, gutter: {gutter}mm)[\n"
                + "\n\n".join(lead[n_head:])
                + "\n]]"
            )
        src.append(
            f"#grid(columns: ({cols}), column-gutter: {gutter}mm, row-gutter: 8mm,\n"
            + ",\n".join(cells)
            + "\n)"
        )
    options = {
        "variant": variant,
        "columns": k,
        "width_mm": width,
        "body_pt": body_pt,
        "title_pt": title_pt,
        "font": font,
    }
    furniture = {"publication": pub, "date": None, "page": str(page_no), "column": column}
    return TypstPage("\n".join(src) + "\n", tuple(arts), options, furniture)


def gold(page: TypstPage) -> list[dict[str, Any]]:
    """The page's articles as the fixtures' truth records them."""
    return [
        {
            "position": i,
            "title": a.title,
            "kicker": a.kicker,
            "subtitle": a.subtitle,
            "author": "、".join(a.authors) or None,
            "authors": list(a.authors),
            "author_region": a.author_region,
            "author_affiliation": a.author_affiliation,
            "headings": list(a.headings),
            "paragraphs": [{"heading": h, "text": t} for h, t in a.paragraphs],
            "text": a.text,
            "title_placement": "above",
        }
        for i, a in enumerate(page.articles)
    ]


def printed(a: ExpectedArticle) -> str:
    """The article's text as printed, in order, without spaces (to find which article a line is of)."""
    by = a.byline or ""
    inline = by.startswith(INLINE)
    out, heading = [(a.kicker or "") + (a.title or "") + (a.subtitle or "") + ("" if inline else by)], None
    for k, (h, t) in enumerate(a.paragraphs):
        if h and h != heading:
            out.append(h)
            heading = h
        out.append((by if inline and k == 0 else "") + t)
    if a.author_affiliation:
        out.append(f"（作者系{a.author_affiliation}）")
    return re.sub(r"\s", "", "".join(out))
