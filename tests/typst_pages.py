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

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.synthetic import ExpectedArticle, generate_page

FONTS = ("WenQuanYi Zen Hei", "WenQuanYi Micro Hei")
VARIANTS = ("flow", "grid", "lead")
INLINE = ("新华社", "本报讯")  # bylines printed at the start of the first paragraph
PHOTO = "photo.png"  # the photo an ``extras`` page shows: write ``photo_png()`` beside the source


def photo_png() -> bytes:
    """A small grey-scale picture (a photo's stand-in: an image object, as e-paper PDFs embed)."""
    import struct
    import zlib

    w, h = 64, 40
    rows = b"".join(b"\x00" + bytes((x * 3 + y * 5) % 200 + 30 for x in range(w)) for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


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


@dataclass(frozen=True)
class Extras:
    """Furniture set inside a story (``page_source(..., extras=True)``): a photo (a grey box) with
    its caption, a boxed note, a 下转 jump line; a centred headline. None of it is the story's text."""

    photo: bool = False
    box: bool = False
    jump: bool = False
    centred: bool = False
    caption: str = ""
    note: str = ""
    jump_to: int = 2


def _extras(r: random.Random) -> Extras:
    return Extras(
        photo=r.random() < 0.35,
        box=r.random() < 0.25,
        jump=r.random() < 0.25,
        centred=r.random() < 0.3,
        caption=f"图为{r.choice(['代表', '人大代表', '常委会组成人员'])}在{r.choice(['社区', '乡镇', '企业'])}调研。"
        f"（{r.choice(['本报记者', '新华社记者'])} {r.choice(['王敏', '李强', '陈佳'])} 摄）",
        note=r.choice(["背景资料", "相关链接", "名词解释"]),
        jump_to=r.randint(2, 12),
    )


def _article(a: ExpectedArticle, title_pt: float, extras: Extras | None = None) -> list[str]:
    """The article as Typst paragraphs: head lines unindented, text paragraphs indented 2 em."""
    head = lambda body: f"#par(first-line-indent: 0em)[{body}]"  # noqa: E731
    x = extras or Extras()
    parts = []
    if a.kicker:
        parts.append(head(f"#text(size: {title_pt * 0.6:.1f}pt)[{_esc(a.kicker)}]"))
    title = f'#text(size: {title_pt}pt, weight: "bold")[{_esc(a.title or "")}]'
    parts.append(f"#align(center)[{head(title)}]" if x.centred else head(title))
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
        if k == 0 and x.photo:
            parts.append(f'#image("{PHOTO}", width: 100%, height: 28mm, fit: "stretch")')
            parts.append(head(f"#text(size: 0.85em)[{_esc(x.caption)}]"))
    if a.author_affiliation:
        parts.append(head(_esc(f"（作者系{a.author_affiliation}）")))
    if x.box:
        parts.append(
            "#block(stroke: 0.6pt, inset: 5pt, width: 100%)["
            + head(f'#text(weight: "bold")[{x.note}]')
            + "\n\n"
            + head("本报讯 代表联络站是人大代表联系群众的重要平台，设在街道、乡镇，定期开放接待群众。")
            + "]"
        )
    if x.jump:
        parts.append(head(f"（下转第{x.jump_to}版）"))
    return parts


def draw_options(r: random.Random, variants: tuple[str, ...]) -> dict[str, Any]:
    """A page's layout, sizes and face, drawn in this order from ``r`` (shared by the page
    generators: the same seed draws the same page)."""
    columns = r.choice([3, 4, 5, 6])
    variant = r.choice(variants)
    width = r.choice([297, 350, 400])
    body_pt = r.choice([9, 9.5, 10, 10.5])
    title_pt = r.choice([14, 16, 18, 20])
    font = r.choice(FONTS)
    return {
        "variant": variant,
        "columns": columns,
        "width_mm": width,
        "body_pt": body_pt,
        "title_pt": title_pt,
        "font": font,
    }


def draw_masthead(r: random.Random) -> tuple[str, str, int, str]:
    """The page's publication, date line, page number and page column, drawn in this order from
    ``r`` (shared by the page generators, after :func:`draw_options`)."""
    pub = r.choice(["人民议政报", "法治建设导报", "代表履职报", "人大时报"])
    date = (
        f"{r.randint(2018, 2025)}年{r.randint(1, 12)}月{r.randint(1, 28)}日 星期{r.choice('一二三四五六日')}"
    )
    return pub, date, r.randint(1, 12), r.choice(["地方人大", "履职视点", "立法聚焦", "代表风采"])


def write_gold(path: Path, source: str, page: TypstPage) -> Path:
    """``path``: the page's truth as the shared scorer reads it (``source`` names the typesetter and seed)."""
    path.write_text(json.dumps({"source": source, "articles": gold(page)}, ensure_ascii=False))
    return path


def page_source(seed: int, drop: int = 0, extras: bool = False) -> TypstPage:
    """Page ``seed`` (its layout, sizes, face and articles drawn from the seed), ``drop`` articles
    fewer than drawn (to make it fit one page); ``extras``: photos, boxed notes, jump lines and
    centred headlines in some stories, and an editor line at the foot (drawn apart from the rest:
    the same seed gives the same page without them)."""
    r = random.Random(seed)
    xr = random.Random(f"extras {seed}")
    options = draw_options(r, VARIANTS)
    k, variant, width = options["columns"], options["variant"], options["width_mm"]
    body_pt, title_pt, font = options["body_pt"], options["title_pt"], options["font"]
    pub, date, page_no, column = draw_masthead(r)
    n = {"flow": r.randint(3, 6), "grid": k + r.randint(0, k), "lead": 1 + k + r.randint(0, 2)}[variant]
    arts = _articles(seed, max(2, n - drop))
    gutter = r.choice([5, 6, 8])
    xs = [_extras(xr) if extras else None for _ in arts]
    src = [
        "#set document(date: none)",  # (no creation date: the same source gives the same bytes)
        f"#set page(width: {width}mm, height: {int(width * 1.414)}mm, margin: 14mm)",
        f'#set text(font: "{font}", size: {body_pt}pt, lang: "zh")',
        "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.55em, spacing: 0.55em)",
        f"#grid(columns: (1fr, 1fr, 1fr), [{pub}], align(center)[{date}], align(right)[第{page_no}版 {column}])",
        "#line(length: 100%)",
    ]
    if extras:
        editor = f"责任编辑：{xr.choice(['张敏', '刘洋'])}　版式设计：{xr.choice(['王芳', '赵磊'])}"
        src.insert(2, f"#set page(footer: align(center)[#text(size: 0.85em)[{editor}]])")
    cols = ", ".join(["1fr"] * k)
    if variant == "flow":
        src.append(
            f"#columns({k}, gutter: {gutter}mm)[\n"
            + "\n\n".join(p for a, x in zip(arts, xs, strict=True) for p in _article(a, title_pt, x))
            + "\n]"
        )
    else:
        cells = ["[" + "\n\n".join(_article(a, title_pt, x)) + "]" for a, x in zip(arts, xs, strict=True)]
        if variant == "lead":
            lead = _article(arts[0], title_pt + 4, xs[0])
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
    if extras:
        options["extras"] = True
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
