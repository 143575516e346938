"""Newspaper and magazine pages typeset by WeasyPrint (HTML and CSS: multi-column flow, grids) from
known text — a third typesetter beside reportlab (``tests/newspaper_pdf.py``) and Typst
(``tests/typst_pages.py``), with the browser model's own line breaking, justification and spacing.

Articles, titles, bylines and the truth are those of ``tests/typst_pages.py`` (the synthetic
generator's articles); ``flow`` pages run stories on from column to column (CSS ``column-count``),
``grid`` pages set a story a cell. Typesetting needs ``weasyprint`` (the ``fixtures`` extra).
"""

from __future__ import annotations

import html
import random

from tests.synthetic import ExpectedArticle
from tests.typst_pages import INLINE, TypstPage, _articles, draw_options


def _article(a: ExpectedArticle, title_pt: float) -> str:
    e = html.escape
    out = ["<article>"]
    if a.kicker:
        out.append(f'<p class="kicker">{e(a.kicker)}</p>')
    out.append(f'<h2 style="font-size:{title_pt}pt">{e(a.title or "")}</h2>')
    if a.subtitle:
        out.append(f'<p class="sub">{e(a.subtitle)}</p>')
    by = a.byline or ""
    inline = by.startswith(INLINE)
    if by and not inline:
        out.append(f'<p class="by">{e(by)}</p>')
    heading = None
    for k, (h, t) in enumerate(a.paragraphs):
        if h and h != heading:
            out.append(f"<h3>{e(h)}</h3>")
            heading = h
        out.append(f"<p>{e(by) if k == 0 and inline else ''}{e(t)}</p>")
    if a.author_affiliation:
        out.append(f'<p class="note">（作者系{e(a.author_affiliation)}）</p>')
    out.append("</article>")
    return "\n".join(out)


def page_source(seed: int, drop: int = 0) -> TypstPage:
    """Page ``seed`` as HTML (layout, sizes, face and articles drawn from the seed), ``drop``
    articles fewer than drawn (to make it fit one page)."""
    r = random.Random(seed)
    options = draw_options(r, ("flow", "grid"))
    k, variant, width = options["columns"], options["variant"], options["width_mm"]
    body_pt, title_pt, font = options["body_pt"], options["title_pt"], options["font"]
    n = r.randint(3, 6) if variant == "flow" else k + r.randint(0, k)
    arts = _articles(seed, max(2, n - drop))
    css = f"""@page {{ size: {width}mm {int(width * 1.414)}mm; margin: 14mm; }}
body {{ font-family: "{font}"; font-size: {body_pt}pt; line-height: 1.45; }}
header {{ display: flex; justify-content: space-between; border-bottom: 1px solid black; margin-bottom: 4mm; }}
main.flow {{ column-count: {k}; column-gap: 6mm; }}
main.grid {{ display: grid; grid-template-columns: repeat({k}, 1fr); column-gap: 6mm; row-gap: 8mm; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
p.kicker, p.sub, p.by, p.note {{ text-indent: 0; }}
p.kicker, p.sub {{ font-size: 0.8em; }}
h2 {{ margin: 2mm 0 1mm 0; }}
h3 {{ font-size: 1em; margin: 1mm 0; }}
article {{ margin-bottom: 4mm; }}"""
    head = (
        f"<header><span>人民议政报</span><span>2024年3月{seed % 28 + 1}日 星期二</span>"
        f"<span>第{seed % 12 + 1}版 履职视点</span></header>"
    )
    body = f'<main class="{variant}">' + "\n".join(_article(a, title_pt) for a in arts) + "</main>"
    src = f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{head}{body}</body></html>"
    furniture = {"publication": "人民议政报", "date": None, "page": str(seed % 12 + 1), "column": "履职视点"}
    return TypstPage(src, tuple(arts), options, furniture)
