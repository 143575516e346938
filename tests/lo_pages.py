"""Newspaper pages typeset by LibreOffice Draw from known text: a fourth typesetter beside reportlab,
Typst and WeasyPrint, and the one most like a real e-paper page (InDesign, Founder): positioned text
frames, not a text flow. LibreOffice's own line breaking, CJK justification and PDF export.

A page of k columns (4–6) holds stories in rows, each story 1–3 columns wide (wider for longer
text, so titles do not sit in a grid): a head frame (kicker, bold title, subtitle), a byline frame
and a body frame with as many text columns as the story is wide; a masthead and rules. Frames are
sized from an estimate of their lines; ``check`` finds text that fell outside its frame. Articles
and truth are those of ``tests/typst_pages.py``. Typesetting needs ``soffice`` (LibreOffice ≥ 7.2).
"""

from __future__ import annotations

import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

from tests.synthetic import ExpectedArticle
from tests.typst_pages import INLINE, TypstPage, _articles, draw_masthead, draw_options, printed, write_gold

PT = 25.4 / 72  # mm per point
MARGIN, ROW_GAP = 14.0, 7.0
NS = " ".join(  # the ODF namespaces used
    f'xmlns:{p}="urn:oasis:names:tc:opendocument:xmlns:{u}:1.0"'
    for p, u in zip(
        ("office", "style", "text", "draw", "svg", "fo"),
        ("office", "style", "text", "drawing", "svg-compatible", "xsl-fo-compatible"),
        strict=True,
    )
)
Frame = tuple[float, float, float, float, int, list[tuple[str, str]]]  # x, y, w, h (mm), columns, paragraphs


def _ems(s: str) -> float:
    return sum(0.6 if ord(c) < 0x2000 else 1.0 for c in s)


def _lines(s: str, width_mm: float, pt: float, indent: float = 0) -> int:
    return max(1, math.ceil((indent + _ems(s)) / max(2, math.floor(width_mm / (pt * PT)))))


def _story(a: ExpectedArticle, x: float, y: float, w: float, cols: int, s: dict) -> list[Frame]:
    """A story's frames from ``y`` down, each as high as the estimate of its lines."""
    t, b, lh = s["title"], s["body"], s["lh"]
    head = [("kick", a.kicker)] if a.kicker else []
    head += [(f"t{t}", a.title or "")] + ([("kick", a.subtitle)] if a.subtitle else [])
    size = {f"t{t}": t, "kick": s["kick"]}
    frames: list[Frame] = [
        (x, y, w, sum(_lines(p, w, size[k]) * 1.3 * size[k] for k, p in head) * PT + 1.5, 1, head)
    ]
    by = a.byline or ""
    inline = by.startswith(INLINE)
    if by and not inline:
        frames.append((x, y + frames[0][3], w, _lines(by, w, b) * lh * PT + 1, 1, [("plain", by)]))
    body, heading = [], None
    for k, (h, p) in enumerate(a.paragraphs):
        if h and h != heading:
            body.append(("heading", h))
            heading = h
        body.append(("body", (by if inline and k == 0 else "") + p))
    if a.author_affiliation:
        body.append(("plain", f"（作者系{a.author_affiliation}）"))
    cw = (w - (cols - 1) * s["gap"]) / cols
    n = sum(_lines(p, cw, b, 2 if k == "body" else 0) for k, p in body)
    y = frames[-1][1] + frames[-1][3]
    return [*frames, (x, y, w, (math.ceil(n * 1.05 / cols) + 1) * lh * PT, cols, body)]


def _row(
    row: list[ExpectedArticle], top: float, k: int, cw: float, s: dict, lead: bool
) -> tuple[list[list[Frame]], float]:
    """Stories side by side, each 1–3 columns wide (the columns shared out by text length): each
    story's frames (its body's reaching down to the row's foot), and the row's foot."""
    widths = [1] * len(row)
    for _ in range(min(k, 3 * len(row)) - len(row)):
        j = max((j for j in range(len(row)) if widths[j] < 3), key=lambda j: len(row[j].text) / widths[j])
        widths[j] += 1
    stories, col = [], 0
    for a, w in zip(row, widths, strict=True):
        st = dict(s, title=min(22, s["title"] + 4)) if lead and col == 0 else s
        stories.append(_story(a, MARGIN + col * (cw + s["gap"]), top, w * cw + (w - 1) * s["gap"], w, st))
        col += w
    foot = max(fs[-1][1] + fs[-1][3] for fs in stories)
    for fs in stories:
        x, y, w, _, c, ps = fs[-1]
        fs[-1] = (x, y, w, foot + ROW_GAP / 2 - y, c, ps)
    return stories, foot


def _rows(
    pool: list[ExpectedArticle], seed: int, k: int, cw: float, top: float, bottom: float, s: dict
) -> list[tuple[list[ExpectedArticle], float]]:
    """Stories in rows down to ``bottom``, each row with its top; a row that would not fit takes
    fewer, wider stories, or leaves a story out."""
    r = random.Random(f"rows {seed}")
    rows: list[tuple[list[ExpectedArticle], float]] = []
    left, least = list(pool), math.ceil(k / 3)
    while left:
        want = r.randint(least, min(k, 4))
        for skip in range(len(left) - least + 1):
            row = left[skip:]
            for m in range(min(want, len(row)), least - 1, -1):
                foot = _row(row[:m], top, k, cw, s, not rows)[1]
                if foot <= bottom:
                    break
            else:
                continue
            break
        else:
            break
        rows.append((row[:m], top))
        top, left = foot + ROW_GAP, left[skip + m :]
    return rows


def page_source(seed: int, drop: int = 0) -> TypstPage:
    """Page ``seed`` as a flat ODF drawing (.fodg): the stories the estimate fits on the page,
    ``drop`` fewer (when the typeset page shows text outside its frame)."""
    r = random.Random(seed)
    options = draw_options(r, ("frames",))
    k = options["columns"] = r.choice([4, 5, 6])
    width, font, gap = options["width_mm"], options["font"], r.choice([4.0, 5.0, 6.0])
    height, b, t = round(width * 1.414), options["body_pt"], options["title_pt"]
    s = {"title": t, "body": b, "lh": b * r.choice([1.4, 1.5]), "gap": gap, "kick": round(t * 0.6, 1)}
    pub, date, page_no, column = draw_masthead(r)
    cw, top, inner = (width - 2 * MARGIN - (k - 1) * gap) / k, MARGIN + 12, width - 2 * MARGIN
    rows = _rows(_articles(seed, 30), seed, k, cw, top, height - MARGIN, s)  # (30: more than a page holds)
    n = max(2, sum(len(row) for row, _ in rows) - drop)
    arts: list[ExpectedArticle] = []
    frames: list[tuple[int, Frame]] = [  # (the story's number, or -1), the frame
        (-1, (MARGIN, MARGIN, inner / 3, 9, 1, [("pub", pub)])),
        (-1, (MARGIN + inner / 3, MARGIN + 2, inner / 3, 7, 1, [("centre", date)])),
        (-1, (MARGIN + 2 * inner / 3, MARGIN + 2, inner / 3, 7, 1, [("right", f"第{page_no}版 {column}")])),
    ]
    feet = []
    for row, y in rows:
        if row := row[: n - len(arts)]:
            stories, foot = _row(row, y, k, cw, s, not arts)
            frames += [(len(arts) + i, f) for i, fs in enumerate(stories) for f in fs]
            arts, feet = arts + row, [*feet, foot]
    rules = [(MARGIN + 9.5, 0.5)] + [(f + ROW_GAP / 2, 0.2) for f in feet[:-1]]
    options.update(
        height_mm=height, frames=[(i, x, y, x + w, y + h, _nows(ps)) for i, (x, y, w, h, _, ps) in frames]
    )
    furniture = {"publication": pub, "date": None, "page": str(page_no), "column": column}
    return TypstPage(
        _fodg([f for _, f in frames], rules, width, height, font, s), tuple(arts), options, furniture
    )


def _nows(paragraphs: list[tuple[str, str]]) -> str:
    return re.sub(r"\s", "", "".join(p for _, p in paragraphs))


PARA = (
    '<style:style style:family="paragraph" style:name="{}"><style:paragraph-properties fo:text-align="{}" '
    'fo:text-indent="{}pt" fo:line-height="{:.2f}pt" fo:margin-top="0mm" fo:margin-bottom="0mm"/><style:text-properties '
    'style:font-name="F" style:font-name-asian="F" fo:font-size="{}pt" style:font-size-asian="{}pt"{}/></style:style>'
)
BOLD = ' fo:font-weight="bold" style:font-weight-asian="bold"'
FRAME = (  # a text frame: no border, no padding, grown to its text, ``columns`` text columns
    '<style:style style:family="graphic" style:name="c{}"><style:graphic-properties draw:stroke="none" draw:fill="none" '
    'draw:auto-grow-height="true" draw:textarea-vertical-align="top" fo:wrap-option="wrap" fo:padding-top="0mm" '
    'fo:padding-bottom="0mm" fo:padding-left="0mm" fo:padding-right="0mm">{}</style:graphic-properties></style:style>'
)


def _fodg(
    frames: list[Frame], rules: list[tuple[float, float]], w: float, h: float, font: str, s: dict
) -> str:
    b, lh, gap = s["body"], s["lh"], s["gap"]
    paras = [("body", "justify", 2 * b, lh, b, ""), ("plain", "start", 0, lh, b, "")]
    paras += [("heading", "start", 0, lh, b, BOLD), ("centre", "center", 0, lh, b, "")]
    paras += [("right", "end", 0, lh, b, ""), ("pub", "start", 0, 20, 16, BOLD)]
    paras += [("kick", "start", 0, 1.3 * s["kick"], s["kick"], "")]
    paras += [(f"t{t}", "start", 0, 1.3 * t, t, BOLD) for t in range(s["title"], 23)]
    styles = [FRAME.format(1, "")] + [
        FRAME.format(c, f'<style:columns fo:column-count="{c}" fo:column-gap="{gap}mm"/>') for c in (2, 3)
    ]
    styles += [PARA.format(n, al, ind, ln, pt, pt, wt) for n, al, ind, ln, pt, wt in paras]
    text = lambda p: re.sub(r"  +", lambda m: f'<text:s text:c="{len(m[0])}"/>', escape(p))  # noqa: E731
    shapes = [  # (each frame set at most 5 mm high: LibreOffice grows it to its text, balancing its columns)
        f'<draw:frame draw:style-name="c{c}" svg:x="{x:.2f}mm" svg:y="{y:.2f}mm" svg:width="{fw:.2f}mm" '
        f'svg:height="{min(fh, 5):.2f}mm"><draw:text-box>'
        + "".join(f'<text:p text:style-name="{k}">{text(p)}</text:p>' for k, p in ps)
        + "</draw:text-box></draw:frame>"
        for x, y, fw, fh, c, ps in frames
    ] + [
        f'<draw:line draw:style-name="rule" svg:x1="{MARGIN}mm" svg:y1="{y:.2f}mm" svg:x2="{w - MARGIN}mm" '
        f'svg:y2="{y:.2f}mm" svg:stroke-width="{sw}mm"/>'
        for y, sw in rules
    ]
    styles_xml, shapes_xml = "\n".join(styles), "\n".join(shapes)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.graphics">
<office:font-face-decls><style:font-face style:name="F" svg:font-family="'{font}'"/></office:font-face-decls>
<office:styles/><office:automatic-styles>
<style:page-layout style:name="PM"><style:page-layout-properties fo:margin="0mm" fo:page-width="{w}mm" \
fo:page-height="{h}mm" style:print-orientation="portrait"/></style:page-layout>
<style:style style:family="graphic" style:name="rule"><style:graphic-properties draw:stroke="solid" \
svg:stroke-color="#000000" draw:fill="none"/></style:style>
{styles_xml}
</office:automatic-styles><office:master-styles><style:master-page style:name="M" style:page-layout-name="PM"/>\
</office:master-styles>
<office:body><office:drawing><draw:page draw:name="page" draw:master-page-name="M">
{shapes_xml}
</draw:page></office:drawing></office:body></office:document>
"""


def _convert(sources: list[Path], folder: Path) -> None:
    """PDFs of ``sources`` in ``folder``, in one soffice run with a profile of its own."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    cmd = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    try:
        cmd += ["--outdir", str(folder), *map(str, sources)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60 + 10 * len(sources))
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def typeset(page: TypstPage, folder: Path, name: str) -> Path:
    src = folder / f"{name}.fodg"
    src.write_text(page.source, encoding="utf-8")
    _convert([src], folder)
    return folder / f"{name}.pdf"


def check(page: TypstPage, pdf: Path) -> list[str]:
    """What is wrong with the typeset page: not one page, a frame's characters not all inside the
    room kept for it (clipped, or run into the next frame), a story's frames not its printed text."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    if len(doc) != 1:
        return [f"{len(doc)} pages"]
    height, text = doc[0].get_size()[1], doc[0].get_textpage()
    frames = page.options["frames"]
    found = [Counter() for _ in frames]
    for i in range(text.count_chars()):
        c = text.get_text_range(i, 1)
        left, bottom, right, top = text.get_charbox(i, loose=True)
        x, y = (left + right) / 2 * PT, (height - (bottom + top) / 2) * PT
        for (_, x0, y0, x1, y1, _), got in zip(frames, found, strict=True):
            if c.strip() and x0 <= x <= x1 and y0 <= y <= y1:
                got[c] += 1
    out = [
        f"{want[:12]}: missing {''.join((Counter(want) - got).elements())[:20]!r}, "
        f"extra {''.join((got - Counter(want)).elements())[:20]!r}"
        for (*_, want), got in zip(frames, found, strict=True)
        if got != Counter(want)
    ]
    for n, a in enumerate(page.articles):
        if "".join(f[-1] for f in frames if f[0] == n) != printed(a):
            out.append(f"{a.title}: frames do not hold its printed text")
    return out


def make_pages(n: int, first_seed: int, folder: Path) -> list[tuple[str, Path, Path]]:
    """``n`` pages typeset now by LibreOffice from seeds ``first_seed``…, articles dropped from a page
    until every story's text is inside its box; one soffice run per round. A page still wrong with
    eight dropped is skipped, with its faults on stderr (one seed must not end a long run)."""
    drops = {seed: 0 for seed in range(first_seed, first_seed + n)}
    pages: dict[int, TypstPage] = {}
    todo = list(drops)
    while todo:
        for seed in todo:
            pages[seed] = page_source(seed, drops[seed])
            (folder / f"lo_{seed}.fodg").write_text(pages[seed].source, encoding="utf-8")
        _convert([folder / f"lo_{seed}.fodg" for seed in todo], folder)
        faults = {seed: check(pages[seed], folder / f"lo_{seed}.pdf") for seed in todo}
        todo = [seed for seed in todo if faults[seed]]
        for seed in list(todo):
            drops[seed] += 1
            if drops[seed] > 8:
                print(f"lo_{seed}: {faults[seed]}, skipped", file=sys.stderr)
                todo.remove(seed)
                del pages[seed]
    out = []
    for seed, page in pages.items():
        g = write_gold(folder / f"lo_{seed}.gold.json", f"libreoffice:{seed}", page)
        out.append(("libreoffice", folder / f"lo_{seed}.pdf", g))
    return out
