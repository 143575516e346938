"""Newspaper pages typeset by XeLaTeX (xeCJK) from known text: a fifth typesetter beside reportlab,
Typst, WeasyPrint and the rest, with TeX's own line breaking (Knuth–Plass paragraphs, xeCJK's glue
between CJK characters and its punctuation compression) and xdvipdfmx's text layer (its own text
runs, fake-bold strokes, glyph positioning), so the PDF reader is held to pages it was not written
against.

Articles, titles, bylines and the truth are those of ``tests/typst_pages.py``. A page is k columns
(3–6) under a masthead; stories are blocks (``minipage``) tiling the page in rows of varied widths,
each row as tall as its tallest story; a story across 2–3 columns may set its text in columns of
its own (``multicol``); ``lead`` pages open with a wide story and a larger title. Typesetting needs
``xelatex`` (texlive-xetex, texlive-lang-chinese, texlive-latex-extra) and the WenQuanYi faces.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
from pathlib import Path

from tests.synthetic import ExpectedArticle
from tests.typst_pages import INLINE, TypstPage, _articles, draw_masthead, draw_options, write_gold

_SPECIAL = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _esc(s: str) -> str:
    s = re.sub(r"\s+", " ", s)
    return re.sub(r"[\\~^#$%&_{}]", lambda m: _SPECIAL.get(m[0], "\\" + m[0]), s)


def _story(a: ExpectedArticle, width: str, title_pt: float, centred: bool, inner: int, gutter: int) -> str:
    """The article as a top-aligned minipage: head lines unindented, text paragraphs indented 2 em."""
    small = rf"\fontsize{{{title_pt * 0.6:.1f}}}{{{title_pt * 0.8:.1f}}}\selectfont "
    head = [rf"\begin{{minipage}}[t]{{{width}}}\setlength{{\parindent}}{{2em}}"]
    if a.kicker:
        head.append(rf"\noindent{{{small}{_esc(a.kicker)}\par}}")
    big = rf"\fontsize{{{title_pt}}}{{{title_pt * 1.25:.1f}}}\selectfont\bfseries "
    align = r"\centering" if centred else r"\raggedright\noindent"  # titles unstretched
    head.append(rf"{{{align}{{{big}{_esc(a.title or '')}\par}}}}")
    if a.subtitle:
        head.append(rf"\noindent{{{small}{_esc(a.subtitle)}\par}}")
    by = a.byline or ""
    inline = by.startswith(INLINE)
    if by and not inline:
        head.append(rf"\noindent {_esc(by)}\par")
    head.append(r"\vspace{1mm}")
    body, heading = [], None
    for k, (h, t) in enumerate(a.paragraphs):
        if h and h != heading:
            body.append(rf"\noindent\textbf{{{_esc(h)}}}\par")
            heading = h
        body.append((_esc(by) if k == 0 and inline else "") + _esc(t) + r"\par")
    if a.author_affiliation:
        body.append(rf"\noindent {_esc(f'（作者系{a.author_affiliation}）')}\par")
    if inner > 1:
        body = [
            rf"\setlength{{\columnsep}}{{{gutter}mm}}\begin{{multicols}}{{{inner}}}",
            *body,
            r"\end{multicols}",
        ]
    return "\n".join(head + body + [r"\end{minipage}"])


def page_source(seed: int, drop: int = 0) -> TypstPage:
    """Page ``seed`` as LaTeX (layout, sizes, face and articles drawn from the seed), ``drop``
    articles fewer than drawn (to make it fit one page)."""
    r = random.Random(seed)
    options = draw_options(r, ("rows", "lead"))
    k, variant, width = options["columns"], options["variant"], options["width_mm"]
    body_pt, title_pt, font = options["body_pt"], options["title_pt"], options["font"]
    pub, date, page_no, column = draw_masthead(r)
    arts = _articles(seed, max(2, k + r.randint(0, k) - drop))
    gutter = r.choice([4, 5, 6])
    col = (width - 28 - (k - 1) * gutter) / k
    depth = target = col / (body_pt * 0.3528) * r.randint(24, 40)  # characters a column of a row holds
    rows, row, room = [], [], k
    for i, a in enumerate(arts):  # stories a row at a time, spans as their length asks; a row's
        lead = variant == "lead" and i == 0  # first story sets its depth, its last story fills it
        per = target if room == k else depth
        span = max(1, min(3, room, round(len(a.text) / per + r.uniform(-0.4, 0.4))))
        if lead:
            span = k // 2 + 1
        if room == k:
            depth = len(a.text) / span
        if i == len(arts) - 1 or room - span == 0 or (not lead and r.random() < 0.15):
            span = room
        inner = r.choice({1: [1], 2: [2] if lead else [1, 2], 3: [2, 3]}.get(span, [span]))
        w = f"{int((span * col + (span - 1) * gutter) * 100) / 100}mm"
        pt = min(22, title_pt + 2) if lead else title_pt
        row.append(_story(a, w, pt, r.random() < 0.3, inner, gutter))
        room -= span
        if room == 0:
            rows.append(r"\noindent" + "%\n\\hspace{\\colgap}%\n".join(row) + "%\n\\par")
            row, room = [], k
    src = [
        r"\documentclass{article}",
        rf"\usepackage[paperwidth={width}mm,paperheight={int(width * 1.414)}mm,margin=14mm]{{geometry}}",
        r"\usepackage{xeCJK,multicol}",
        rf"\setmainfont{{{font}}}[AutoFakeBold=2.5]",
        rf"\setCJKmainfont{{{font}}}[AutoFakeBold=2.5]",
        r"\xeCJKsetup{CJKspace=true}",  # quotes, dashes and ellipses full width, as CJK punctuation
        r'\xeCJKDeclareCharClass{FullLeft}{"2018,"201C}\xeCJKDeclareCharClass{FullRight}{"2019,"201D}',
        r'\xeCJKDeclareCharClass{CJK}{"2014,"2026,"00B7,"25A0}',
        rf"\newlength\colgap\setlength\colgap{{{gutter}mm}}",
        r"\pagestyle{empty}\setlength{\parskip}{0.3em}\setlength{\emergencystretch}{2em}",
        r"\begin{document}",
        rf"\fontsize{{{body_pt}}}{{{body_pt * 1.4:.2f}}}\selectfont",
        rf"\noindent {pub}\hfill {date}\hfill 第{page_no}版\quad {column}\par\vspace{{-0.5em}}",
        r"\noindent\rule{\linewidth}{0.8pt}\par\vspace{3mm}",
        "\n\\vspace{3mm}\\noindent\\rule{\\linewidth}{0.3pt}\\par\\vspace{2mm}\n".join(rows),
        r"\end{document}",
    ]
    furniture = {"publication": pub, "date": None, "page": str(page_no), "column": column}
    return TypstPage("\n".join(src) + "\n", tuple(arts), options, furniture)


def typeset(page: TypstPage, folder: Path, name: str) -> Path:
    """``folder/name.pdf`` from the page's source (xelatex and xdvipdfmx; the same source gives
    the same bytes)."""
    (folder / f"{name}.tex").write_text(page.source, encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}
    cmd = ["xelatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"]
    proc = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode:
        raise RuntimeError(f"xelatex failed on {name}: {proc.stdout[-2000:]}")
    for ext in ("aux", "log"):
        (folder / f"{name}.{ext}").unlink(missing_ok=True)
    return folder / f"{name}.pdf"


def make_pages(n: int, first_seed: int, folder: Path) -> list[tuple[str, Path, Path]]:
    """``n`` pages typeset now by XeLaTeX from seeds ``first_seed``…, each with its truth beside it."""
    import pypdfium2 as pdfium

    out = []
    for seed in range(first_seed, first_seed + n):
        for drop in range(12):  # articles dropped until the page fits one sheet
            page = page_source(seed, drop)
            pdf = typeset(page, folder, f"tex_{seed}")
            if len(pdfium.PdfDocument(str(pdf))) == 1:
                break
        out.append(("xelatex", pdf, write_gold(folder / f"tex_{seed}.gold.json", f"xelatex:{seed}", page)))
    return out
