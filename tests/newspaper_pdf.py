"""Newspaper pages typeset into PDF from known text, with the truth written beside each page.

The PDF reader (characters with boxes and sizes → lines → columns → articles) can only be judged
on pages whose every line, article and piece of furniture is known. Real PDFs have no such truth,
so this module typesets pages the way newspaper systems do — a grid of narrow columns, article
blocks spanning 1–4 of them with their body flowing column by column, justified lines (character
spacing, not spaces), titles above, beside, below or vertical (竖排), kickers and subtitles,
section headings, bylines in five styles, photos with captions and credits, boxed notes that are
not articles, 下转 jump lines, simulated bold (glyphs overprinted at a small offset), header band
and footer — and records what it drew: ``PageTruth`` (the scorer's gold format plus geometry).

Content comes from ``tests.synthetic`` (its phrase bank and writer): no third vocabulary. Pages
are fully determined by the seed and options (reportlab's invariant mode: same bytes).

Public API: ``make_issue``, ``sample_as_pdf``, ``PageTruth``, ``page_text_layer``,
``PAGE_SIZES``, ``DEFAULT_FONT``.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import json
import random
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from tests import synthetic as syn

__all__ = [
    "DEFAULT_FONT",
    "PAGE_SIZES",
    "ROLES",
    "PageTruth",
    "font_info",
    "make_issue",
    "page_text_layer",
    "sample_as_pdf",
]

DEFAULT_FONT = "STSong-Light"
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "broadsheet": (842.0, 1191.0),  # A3-like, the usual full page
    "tabloid": (595.0, 842.0),  # 4开 / A4-like
    "berliner": (680.0, 1000.0),  # in between (kept for held-out pages)
    "wide": (900.0, 1300.0),  # a large 对开 page (held-out)
}
ROLES = "body title kicker subtitle heading byline footnote caption credit header footer box jump".split()
_CLOSERS = frozenset("，。、；：”’）》！？…—")
_OPENERS = frozenset("“‘（《")
WEEKDAYS = "一二三四五六日"
BOX_TITLES = ("相关链接", "数据来源", "背景资料", "延伸阅读", "名词解释")
SPACED_HEADINGS = ("工作回顾", "主要做法", "初步成效", "经验启示", "下步打算", "记者手记")


# ---------------------------------------------------------------------------------------------
# Truth
# ---------------------------------------------------------------------------------------------


@dataclass
class PageTruth:
    """One page's truth: the scorer's gold (``source``, ``articles``) plus geometry and furniture."""

    source: str
    page: int
    page_size: tuple[float, float]
    articles: list[dict[str, Any]]
    furniture: dict[str, Any]
    lines: list[dict[str, Any]]  # in the order drawn: header, footer, then block by block
    stream_order: str = "reading"  # how the content stream orders them: reading | shuffled
    text_runs: str = "line"  # one text run a line (justified with character spacing) | glyph by glyph

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "page": self.page,
            "page_size": list(self.page_size),
            "stream_order": self.stream_order,
            "text_runs": self.text_runs,
            "articles": self.articles,
            "furniture": self.furniture,
            "lines": self.lines,
        }

    def dumps(self) -> str:
        """JSON, indented, with one printed line per row (a page has hundreds)."""
        d = self.to_json()
        lines = d.pop("lines")
        head = json.dumps(d, ensure_ascii=False, indent=1)
        rows = ",\n  ".join(json.dumps(ln, ensure_ascii=False) for ln in lines)
        return head[:-2] + ',\n "lines": [\n  ' + rows + "\n ]\n}"


# ---------------------------------------------------------------------------------------------
# Fonts
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Font:
    name: str  # reportlab name
    ascent: float  # per em
    descent: float  # per em, negative
    info: dict[str, Any]


_REGISTERED: dict[str, _Font] = {}
_WIDTHS: dict[tuple[str, str], float] = {}


def _register(path: str | None) -> _Font:
    """The CID font (no file needed) or a TrueType file (subset-embedded by reportlab)."""
    key = path or DEFAULT_FONT
    if key in _REGISTERED:
        return _REGISTERED[key]
    if path is None:
        pdfmetrics.registerFont(UnicodeCIDFont(DEFAULT_FONT))
        name = DEFAULT_FONT
        info = {"name": DEFAULT_FONT, "kind": "reportlab built-in CID font (not embedded)"}
    else:
        name = "F" + format(zlib.crc32(path.encode()), "08x")
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
        info = {"name": Path(path).stem, "file": path, "kind": "TrueType, subset-embedded"}
    face = pdfmetrics.getFont(name).face
    font = _Font(name, face.ascent / 1000, face.descent / 1000, info)
    _REGISTERED[key] = font
    return font


def font_info(path: str | None = None) -> dict[str, Any]:
    """What a font option resolves to (for provenance files)."""
    return dict(_register(path).info)


def _cw(ch: str, font: str) -> float:
    """Advance width of one character at 1 pt."""
    k = (font, ch)
    w = _WIDTHS.get(k)
    if w is None:
        w = _WIDTHS[k] = pdfmetrics.stringWidth(ch, font, 1.0)
    return w


def _sw(text: str, font: str, size: float) -> float:
    return sum(_cw(c, font) for c in text) * size


# ---------------------------------------------------------------------------------------------
# Drawing operations and recorded lines
# ---------------------------------------------------------------------------------------------


@dataclass
class _Style:
    font: _Font
    size: float
    bold_dx: float = 0.0  # simulated bold: drawn again this far right
    gray: float = 0.0


@dataclass
class _Page:
    """Everything drawn on one page: operations in order, and the truth lines."""

    w: float
    h: float
    grid: list[tuple[float, float]]  # (x0, x1) of each grid column
    ops: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    glyphs: bool = False  # text drawn glyph by glyph (own origin each) instead of one run a line
    matrix: bool = False  # text set at font size 1, scaled to its size by the text matrix

    def column_of(self, x: float) -> int:
        """The grid column a line starting at ``x`` stands in (a gutter counts to its right)."""
        for i, (_, b) in enumerate(self.grid):
            if x < b + 1:
                return i
        return len(self.grid) - 1

    def text(
        self,
        x: float,
        y: float,
        text: str,
        st: _Style,
        role: str,
        article: int | None,
        cs: float = 0.0,
        record: bool = True,
    ) -> list[float]:
        """Draw ``text`` with its baseline at ``y``; record it as a truth line; return its bbox."""
        self.ops.append(("text", x, y, text, st.font.name, st.size, cs, st.gray))
        if st.bold_dx:
            self.ops.append(("text", x + st.bold_dx, y, text, st.font.name, st.size, cs, st.gray))
        x1 = x + _sw(text, st.font.name, st.size) + cs * (len(text) - 1) + st.bold_dx
        bbox = [x, y + st.font.descent * st.size, x1, y + st.font.ascent * st.size]
        bbox = [round(v, 2) for v in bbox]
        if record and text.strip():
            self.lines.append(
                {
                    "text": text,
                    "bbox": bbox,
                    "size": st.size,
                    "role": role,
                    "article": article,
                    "column": self.column_of(x),
                    **({"bold": "simulated"} if st.bold_dx else {}),
                }
            )
        return bbox


def _render(
    page: _Page, c: rl_canvas.Canvas, images: dict[str, ImageReader], shuffle: int | None = None
) -> None:
    """Draw the page's operations: in reading order, or (``shuffle``: a seed) in a random order,
    as e-paper systems often write their content streams."""
    ops = list(page.ops)
    if shuffle is not None:
        random.Random(shuffle).shuffle(ops)
    for op in ops:
        kind = op[0]
        if kind == "text" and page.glyphs:  # every glyph placed on its own, as some systems write
            _, x, y, text, font, size, cs, gray = op
            t = c.beginText(x, y)
            t.setFont(font, 1 if page.matrix else size)
            t.setFillGray(gray)
            for ch in text:
                if page.matrix:
                    t.setTextTransform(size, 0, 0, size, x, y)
                else:
                    t.setTextOrigin(x, y)
                t.textOut(ch)
                x += _cw(ch, font) * size + cs
            c.drawText(t)
        elif kind == "text":
            _, x, y, text, font, size, cs, gray = op
            t = c.beginText(x, y)
            if page.matrix:  # ``/F 1 Tf`` and a text matrix scaling it: many e-paper systems write so
                t.setFont(font, 1)
                t.setTextTransform(size, 0, 0, size, x, y)
                t.setCharSpace(cs / size)
            else:
                t.setFont(font, size)
                t.setCharSpace(cs)
            t.setFillGray(gray)
            t.textOut(text)
            c.drawText(t)
        elif kind == "rule":
            _, x0, y0, x1, y1, lw = op
            c.setLineWidth(lw)
            c.line(x0, y0, x1, y1)
        elif kind == "rect":
            _, x, y, w, h, lw = op
            c.setLineWidth(lw)
            c.rect(x, y, w, h, stroke=1, fill=0)
        elif kind == "image":
            _, key, x, y, w, h = op
            c.drawImage(images[key], x, y, w, h)


def _photo_png(seed: int, w: int = 96, h: int = 64) -> bytes:
    """A small grey picture (gradient with blobs): a real image XObject, tiny in the file."""
    from PIL import Image, ImageDraw

    r = random.Random(f"photo-{seed}")
    im = Image.new("L", (w, h))
    px = im.load()
    a, b = r.randint(60, 140), r.randint(150, 230)
    for y in range(h):
        for x in range(w):
            px[x, y] = a + (b - a) * (x + y) // (w + h)
    d = ImageDraw.Draw(im)
    for _ in range(r.randint(2, 5)):
        cx, cy, rad = r.randint(0, w), r.randint(0, h), r.randint(6, 20)
        d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), fill=r.randint(20, 250))
    out = io.BytesIO()
    im.save(out, format="PNG", optimize=True)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Line breaking and body flow
# ---------------------------------------------------------------------------------------------


def _break(text: str, i: int, width: float, font: str, size: float) -> int:
    """End index of the line starting at ``text[i]`` within ``width``: greedy, ASCII runs and ——
    kept whole, no closer at a line start, no opener at a line end (禁则)."""
    n = len(text)
    j, w = i, 0.0
    while j < n:
        k = j + 1
        if text[j].isascii() and text[j] != " ":
            while k < n and text[k].isascii() and text[k] != " ":
                k += 1
        elif text[j] in "—…" and k < n and text[k] == text[j]:
            k += 1
        tw = _sw(text[j:k], font, size)
        if w + tw > width + 0.01 and j > i:
            break
        w += tw
        j = k
    if j >= n:
        return n
    # a closer must not start the next line: take the last token along with it
    while j > i + 1 and text[j] in _CLOSERS:
        j -= 1
        while j > i + 1 and text[j - 1] == text[j] and text[j] in "—…":
            j -= 1
        while j > i + 1 and text[j - 1].isascii() and text[j].isascii() and text[j] != " ":
            j -= 1
    while j > i + 1 and text[j - 1] in _OPENERS:
        j -= 1
    return j


@dataclass
class _Unit:
    """A run of body-column text: a paragraph, heading, byline, footnote, credit or jump line."""

    kind: str
    text: str  # as printed
    style: _Style
    role: str
    lead: int = 0  # leading characters printed as another role (an inline dateline: byline)
    align: str = "justify"  # justify | left | center | right | spread
    indent: float = 0.0  # first-line indent in ems
    space_before: float = 0.0  # in lines of this unit
    keep_with_next: bool = False
    para: int | None = None  # index of the article paragraph it prints
    continues: bool = False  # cut by a 下转 line: its last line is justified too
    leading: float = 1.5
    nowrap: bool = False  # one line, condensed (negative character spacing) when it is too wide


@dataclass
class _Col:
    x: float
    width: float
    top: float
    bottom: float


@dataclass
class _Placed:
    unit: int
    start: int
    end: int
    col: int
    base: float
    last: bool


def _flow(units: list[_Unit], cols: list[_Col]) -> tuple[list[_Placed], tuple[int, int] | None]:
    """Pour units into columns top to bottom, then the next column; returns the placed lines and,
    when they do not all fit, (unit, character) where the flow stopped."""
    placed: list[_Placed] = []
    ci = 0
    cur = cols[0].top if cols else 0.0
    at_top = True
    for ui, u in enumerate(units):
        i = 0
        first = True
        pitch = u.style.size * u.leading
        while i < len(u.text) or (first and not u.text):
            if ci >= len(cols):
                return placed, (ui, i)
            col = cols[ci]
            gap = u.space_before * pitch if first and not at_top else 0.0
            need = gap + pitch
            chain_start = ui == 0 or not units[ui - 1].keep_with_next
            if first and u.keep_with_next and chain_start:  # a heading stays with its next lines
                k = ui
                while units[k].keep_with_next and k + 1 < len(units):
                    k += 1
                    nxt = units[k]
                    npitch = nxt.style.size * nxt.leading
                    need += nxt.space_before * npitch + npitch
            if cur - need < col.bottom - 0.01:
                if at_top and first and (not u.keep_with_next or not chain_start):  # nothing to gain
                    return placed, (ui, i)
                ci += 1
                if ci < len(cols):
                    cur = cols[ci].top
                    at_top = True
                continue
            cur -= gap
            ind = u.indent * u.style.size if first else 0.0
            j = _break(u.text, i, col.width - ind, u.style.font.name, u.style.size)
            if u.align == "spread" or u.nowrap:
                j = len(u.text)
            base = cur - u.style.font.ascent * u.style.size - (pitch - u.style.size) / 2
            placed.append(_Placed(ui, i, j, ci, base, j >= len(u.text)))
            cur -= pitch
            at_top = False
            first = False
            i = j
            if not u.text:
                break
    return placed, None


def _head_height(head: list[tuple[str, str, _Style]]) -> float:
    """Height of a title block as ``draw_head`` sets it."""
    return sum(st.size * (1.25 if role == "title" else 1.45) for role, _, st in head)


def _balance(units: list[_Unit], cols: list[_Col], placed: list[_Placed]) -> tuple[list[_Placed], list[_Col]]:
    """Columns of even length: the least common height the text still fits in (as papers set a
    story shorter than its space)."""
    top = cols[0].top
    lo, hi = 0.0, top - cols[0].bottom
    best = (placed, cols)
    while hi - lo > 1.0:
        mid = (lo + hi) / 2
        trial = [dataclasses.replace(c, bottom=top - mid) for c in cols]
        got, over = _flow(units, trial)
        if over is None:
            hi, best = mid, (got, trial)
        else:
            lo = mid
    return best


def _draw_flow(page: _Page, units: list[_Unit], cols: list[_Col], placed: list[_Placed], art: int | None):
    for p in placed:
        u = units[p.unit]
        col = cols[p.col]
        text = u.text[p.start : p.end]
        ind = u.indent * u.style.size if p.start == 0 else 0.0
        x0, width = col.x + ind, col.width - ind
        natural = _sw(text, u.style.font.name, u.style.size)
        cs, x = 0.0, x0
        justify = u.align == "justify" and (not p.last or u.continues)
        if (justify or u.align == "spread") and len(text) > 1:
            cs = max(0.0, (width - natural - u.style.bold_dx) / (len(text) - 1))
        elif u.nowrap and natural > width and len(text) > 1:
            cs = (width - natural - u.style.bold_dx) / (len(text) - 1)
        elif u.align == "center":
            x = x0 + (width - natural) / 2
        elif u.align == "right":
            x = x0 + width - natural
        # split into runs by role (an inline dateline is a byline run ahead of the body run)
        runs = []
        if p.start < u.lead:
            runs.append((p.start, min(p.end, u.lead), "byline"))
        if p.end > u.lead:
            runs.append((max(p.start, u.lead), p.end, u.role))
        for a, b, role in runs:
            off = _sw(u.text[p.start : a], u.style.font.name, u.style.size) + cs * (a - p.start)
            page.text(x + off, p.base, u.text[a:b], u.style, role, art, cs)


# ---------------------------------------------------------------------------------------------
# Article content
# ---------------------------------------------------------------------------------------------


@dataclass
class _Content:
    """One article's clean content and how its parts are printed."""

    title: str
    title_lines: list[str]
    kicker: str | None
    subtitle: str | None
    authors: tuple[str, ...]
    region: str | None
    affiliation: str | None
    byline_style: str  # square | reporter | xinhua | benbaoxun | credit | none
    byline: str | None  # as printed
    paras: list[tuple[str | None, list[str]]]  # (heading, sentences)
    footnote: str | None = None
    spaced_heading: bool = False

    def texts(self) -> list[str]:
        return ["".join(s) for _, s in self.paras]


def _split_sentences(text: str) -> list[str]:
    out, buf = [], ""
    for i, ch in enumerate(text):
        buf += ch
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if (ch in "。！？；" and nxt not in "”’）") or (
            ch in "”’）" and buf[-2:-1] in ("。", "！", "？") and nxt not in "”’）"
        ):
            out.append(buf)
            buf = ""
    if buf:
        out.append(buf)
    return out


def _pad_name(name: str) -> str:
    return " ".join(name) if len(name) == 2 else name


def _synthetic_content(w: syn._Writer, r: random.Random, n_chars: int, allow: dict[str, float]) -> _Content:
    """An article of about ``n_chars`` characters from the synthetic writer."""
    style = r.choices(("square", "reporter", "xinhua", "benbaoxun", "credit", "none"), (5, 3, 2, 2, 2, 1))[0]
    authors: tuple[str, ...] = ()
    region = None
    byline = None
    if style == "square":
        name, region = w.name(), w.region()
        authors = (name,)
        byline = f"■ {_pad_name(name)}（{region}）"
    elif style == "reporter":
        a = w.name()
        if r.random() < 0.5:
            b = w.name()
            authors = (a, b)
            byline = f"本报记者 {a} {b}"
        else:
            authors = (a,)
            byline = f"本报记者 {a}"
    elif style == "xinhua":
        a = w.name()
        authors = (a,)
        city = r.choice(("北京", r.choice(syn.CITIES[w.region()])))
        byline = f"新华社{city}{r.randint(1, 12)}月{r.randint(1, 28)}日电（记者 {a}）"
    elif style == "benbaoxun":
        if r.random() < 0.3:
            byline = "本报讯"
        else:
            a = w.name()
            authors = (a,)
            byline = f"本报讯（记者 {a}）"
    elif style == "credit":
        a, b = w.name(), w.name()
        authors = (a, b) if r.random() < 0.5 else (a,)
        byline = f"（本报记者 {a}）" if len(authors) == 1 else f"（记者 {a} 通讯员 {b}）"
    # title: one or two phrases (a two-line title is joined with one space, as the text path does)
    a = w.fresh(syn.TITLE_Q) if r.random() < 0.1 else w.fresh(syn.TITLE_A)
    b = w.fill(r.choice(syn.TITLE_B))
    if r.random() < 0.55:
        title, tlines = f"{a} {b}", [a, b]
    else:
        title, tlines = a, [a]
    kicker = w.fill(r.choice(syn.KICKERS)) if r.random() < allow.get("kicker", 0.25) else None
    if kicker and not kicker.endswith("——"):
        kicker = kicker.rstrip("：") + "——"
    subtitle = w.fill(r.choice(syn.SUBTITLES)) if r.random() < allow.get("subtitle", 0.25) else None
    paras: list[tuple[str | None, list[str]]] = []
    with_heads = r.random() < allow.get("headings", 0.4) and n_chars > 500
    spaced = with_heads and r.random() < 0.25
    heads = iter(r.sample(SPACED_HEADINGS, 4)) if spaced else None
    total = 0
    heading: str | None = None
    nsec = 0
    while total < n_chars or not paras:
        intro = not paras and (style in ("xinhua", "benbaoxun") or r.random() < 0.5)
        if with_heads and not intro and (not nsec or (r.random() < 0.3 and nsec < 4)):
            nsec += 1
            if heads is not None:
                heading = next(heads)
            else:
                heading = w.fresh(syn.HEAD_A) + (" " + r.choice(syn.HEAD_B) if r.random() < 0.5 else "")
        sents = _split_sentences(w.paragraph())
        while len("".join(sents)) < 40:
            sents += _split_sentences(w.paragraph())
        paras.append((heading, sents))
        total += len("".join(sents))
    affiliation = footnote = None
    if style == "square" and r.random() < allow.get("footnote", 0.5):
        affiliation = w.fill(r.choice(syn.AFFILIATIONS))
        footnote = f"（作者系{affiliation}）"
    return _Content(
        title, tlines, kicker, subtitle, authors, region, affiliation, style, byline, paras, footnote, spaced
    )


# ---------------------------------------------------------------------------------------------
# Page layout
# ---------------------------------------------------------------------------------------------


@dataclass
class _Layout:
    size: tuple[float, float]
    columns: int
    body_size: float
    leading: float
    gutter: float
    margin: float
    fonts: tuple[_Font, _Font | None]  # body font, bold font (None: simulated bold)


@dataclass
class _Block:
    x: float
    top: float
    width: float
    bottom: float
    c0: int
    c1: int


class _PageMaker:
    def __init__(self, r: random.Random, w: syn._Writer, lay: _Layout, page_no: int, seed: int):
        self.r, self.w, self.lay, self.page_no, self.seed = r, w, lay, page_no, seed
        self.label = page_no
        W, H = lay.size
        inner = W - 2 * lay.margin
        colw = (inner - (lay.columns - 1) * lay.gutter) / lay.columns
        grid = [
            (lay.margin + i * (colw + lay.gutter), lay.margin + i * (colw + lay.gutter) + colw)
            for i in range(lay.columns)
        ]
        self.colw = colw
        self.page = _Page(W, H, grid)
        self.articles: list[dict[str, Any]] = []
        self.furniture_strings: list[str] = []
        self.images: dict[str, bytes] = {}
        self.shuffle: int | None = None  # content stream order: None = reading order, else a seed

    # --- styles -------------------------------------------------------------------------------
    def style(self, size: float, bold: bool = False, gray: float = 0.0) -> _Style:
        body, boldf = self.lay.fonts
        size = round(size, 1)
        if bold and boldf is not None and self.r.random() < 0.7:
            return _Style(boldf, size, 0.0, gray)
        if bold:
            return _Style(body, size, round(self.r.uniform(0.2, 0.4), 2), gray)
        return _Style(body, size, 0.0, gray)

    def furn(
        self, x: float, y: float, text: str, st: _Style, role: str, art: int | None = None, cs=0.0, item=True
    ):
        """Draw a furniture line; ``item``: it is a whole item of furniture (else a line of one)."""
        self.page.text(x, y, text, st, role, art, cs)
        if item:
            self.furniture_strings.append(text)

    # --- header and footer --------------------------------------------------------------------
    def header(self, pub: str, day: _dt.date, col: str, page_label: int) -> float:
        r, lay, pg = self.r, self.lay, self.page
        W, H = lay.size
        top = H - lay.margin
        big = r.uniform(26, 38) if W > 700 else r.uniform(20, 28)
        name_st = self.style(big, bold=True)
        small = self.style(max(9.0, lay.body_size), gray=0.0)
        date = f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"
        ban = f"第{page_label}版"
        y_name = top - big * 0.9
        if r.random() < 0.5:  # paper name left; section, page and date stacked at the right
            self.furn(lay.margin, y_name, pub, name_st, "header")
            stack = [f"{ban}　{col}", date] if r.random() < 0.5 else [col, ban, date]
            base = top - small.size * 0.9
            for t in stack:
                self.furn(W - lay.margin - _sw(t, small.font.name, small.size), base, t, small, "header")
                base -= small.size * 1.45
            low = min(y_name - big * 0.2, base + small.size * 1.45 - small.size * 0.4)
        else:  # paper name centred, date left, page/section right
            x = (W - _sw(pub, name_st.font.name, big)) / 2
            self.furn(x, y_name, pub, name_st, "header")
            self.furn(lay.margin, y_name, date, small, "header")
            t = f"{col}　{ban}"
            self.furn(W - lay.margin - _sw(t, small.font.name, small.size), y_name, t, small, "header")
            low = y_name - big * 0.2
        y_rule = low - small.size * 0.9
        pg.ops.append(("rule", lay.margin, y_rule, W - lay.margin, y_rule, 1.5))
        if r.random() < 0.5:
            pg.ops.append(("rule", lay.margin, y_rule - 2.5, W - lay.margin, y_rule - 2.5, 0.5))
        return y_rule - 12

    def footer(self, editor: str, designer: str, page_label: int) -> float:
        lay, pg, r = self.lay, self.page, self.r
        W, _ = lay.size
        st = self.style(max(8.0, lay.body_size - 1))
        y = lay.margin
        pg.ops.append(("rule", lay.margin, y + st.size * 1.4, W - lay.margin, y + st.size * 1.4, 0.6))
        text = f"责任编辑：{editor}　版式设计：{designer}" if r.random() < 0.7 else f"责任编辑：{editor}"
        self.furn(lay.margin, y, text, st, "footer")
        num = str(page_label) if r.random() < 0.5 else f"- {page_label} -"
        self.furn(W - lay.margin - _sw(num, st.font.name, st.size), y, num, st, "footer")
        return y + st.size * 1.4 + 10

    # --- blocks -------------------------------------------------------------------------------
    def block(self, c0: int, c1: int, top: float, bottom: float) -> _Block:
        g = self.page.grid
        return _Block(g[c0][0], top, g[c1][1] - g[c0][0], bottom, c0, c1)

    def body_cols(self, b: _Block, top: float, bottom: float, skip_left=0.0, skip_right=0.0) -> list[_Col]:
        """The block's grid columns; with a strip taken off one side (a vertical title), the rest of
        the block is divided into as many equal columns (the block keeps its own grid)."""
        g = self.page.grid
        n = b.c1 - b.c0 + 1
        if not (skip_left or skip_right):
            return [_Col(g[i][0], g[i][1] - g[i][0], top, bottom) for i in range(b.c0, b.c1 + 1)]
        x0 = g[b.c0][0] + skip_left
        x1 = g[b.c1][1] - skip_right
        cw = (x1 - x0 - (n - 1) * self.lay.gutter) / n
        return [_Col(x0 + i * (cw + self.lay.gutter), cw, top, bottom) for i in range(n)]

    def units(self, ct: _Content, texts: list[str], jump: str | None) -> list[_Unit]:
        """Body units of an article, for paragraph texts ``texts`` (possibly cut)."""
        lay, _r = self.lay, self.r
        bs = lay.body_size
        body = _Style(lay.fonts[0], bs)
        us: list[_Unit] = []
        if ct.byline_style == "square" or ct.byline_style == "reporter":
            st = self.style(bs, bold=ct.byline_style == "square" and self._flip("bylinebold"))
            al = "left" if ct.byline_style == "square" else self._pick("reporteralign", ("left", "right"))
            us.append(
                _Unit("byline", ct.byline or "", st, "byline", align=al, leading=lay.leading, nowrap=True)
            )
        prev_head: str | None = None
        hstyle = self._pick("headstyle", ("bold", "size", "both"))
        halign = self._pick("headalign", ("center", "left"))
        for k, text in enumerate(texts):
            heading = ct.paras[k][0]
            if heading and heading != prev_head:
                hs = bs + (1.5 if hstyle in ("size", "both") else 0.0)
                st = self.style(hs, bold=hstyle in ("bold", "both"))
                if ct.spaced_heading:
                    us.append(
                        _Unit(
                            "heading",
                            heading,
                            st,
                            "heading",
                            align="spread",
                            space_before=0.6,
                            keep_with_next=True,
                            leading=1.6,
                        )
                    )
                else:
                    parts = heading.split(" ")
                    for pi, part in enumerate(parts):
                        us.append(
                            _Unit(
                                "heading",
                                part,
                                st,
                                "heading",
                                align=halign,
                                space_before=0.6 if pi == 0 else 0.0,
                                keep_with_next=True,
                                leading=1.5,
                            )
                        )
            prev_head = heading
            lead = ""
            if k == 0 and ct.byline_style in ("xinhua", "benbaoxun") and ct.byline:
                lead = ct.byline + ("　" if ct.byline == "本报讯" else "")
            cont = jump is not None and k == len(texts) - 1
            us.append(
                _Unit(
                    "para",
                    lead + text,
                    body,
                    "body",
                    lead=len(lead),
                    indent=2.0,
                    para=k,
                    continues=cont,
                    leading=lay.leading,
                )
            )
        if ct.byline_style == "credit" and ct.byline and jump is None:
            us.append(
                _Unit("credit", ct.byline, body, "byline", align="right", leading=lay.leading, nowrap=True)
            )
        if jump:
            us.append(_Unit("jump", jump, body, "jump", align="right", leading=lay.leading, nowrap=True))
        if ct.footnote and jump is None:
            st = _Style(lay.fonts[0], max(7.5, bs - 0.5))
            us.append(
                _Unit(
                    "footnote",
                    ct.footnote,
                    st,
                    "footnote",
                    align="justify",
                    indent=0.0,
                    space_before=0.3,
                    leading=lay.leading,
                )
            )
        return us

    def _flip(self, key: str) -> bool:
        return self._pick(key, (True, False))

    def _pick(self, key: str, options: tuple[Any, ...]) -> Any:
        """A per-page typographic choice, drawn once (a page is set in one house style)."""
        if not hasattr(self, "_house"):
            self._house: dict[str, Any] = {}
        if key not in self._house:
            self._house[key] = self.r.choice(options)
        return self._house[key]

    def fit_body(
        self, ct: _Content, cols: list[_Col], jump_ok: bool
    ) -> tuple[list[_Unit], list[_Placed], list[str], str | None] | None:
        """Cut the article's text until it fits the columns: whole sentences off the end, or (when
        a 下转 line is allowed) at a line, with the jump line after it."""
        texts = ct.texts()
        us = self.units(ct, texts, None)
        placed, over = _flow(us, cols)
        if over is None:
            return us, placed, texts, None
        if jump_ok:
            jump = f"（下转第{self.r.randint(self.label + 1, self.label + 8)}版）"
            for _ in range(40):
                us = self.units(ct, texts, jump)
                placed, over = _flow(us, cols)
                if over is None:
                    break
                ui, ci = over
                u = us[ui]
                if u.para is None or u.kind == "jump":  # the jump line itself: cut one more line
                    last = max(
                        (p for p in placed if us[p.unit].para is not None),
                        key=lambda p: (p.unit, p.start),
                        default=None,
                    )
                    if last is None:
                        break
                    k = us[last.unit].para
                    assert k is not None
                    keep = last.start - us[last.unit].lead
                else:
                    k = u.para
                    keep = ci - u.lead
                texts = texts[: k + 1]
                if keep < 20:
                    texts = texts[:k]
                    if not texts:
                        break
                else:
                    texts[k] = texts[k][:keep]
                    while texts[k] and texts[k][-1] in _OPENERS:
                        texts[k] = texts[k][:-1]
            else:
                over = (0, 0)
            if over is None and texts and max(len(t) for t in texts) >= 40:
                return us, placed, texts, jump
        # sentence by sentence
        sents = [list(s) for _, s in ct.paras]
        while sents:
            while sents and not sents[-1]:
                sents.pop()
            if not sents:
                break
            texts = ["".join(s) for s in sents]
            us = self.units(ct, texts, None)
            placed, over = _flow(us, cols)
            if over is None:
                if max(len(t) for t in texts) >= 40:
                    return us, placed, texts, None
                return None
            sents[-1].pop()
        return None

    def fit_head(
        self, ct: _Content, width: float, tsize: float, wrap: bool = False
    ) -> tuple[_Content, list[tuple[str, str, _Style]] | None, float]:
        """Shrink the title (not below 18 pt) until the head fits ``width``; a title still too
        wide loses its second phrase, then its kicker and subtitle."""
        head = None
        for simpler in range(3):
            if simpler == 1 and len(ct.title_lines) > 1:
                t = ct.title_lines[0]
                ct = dataclasses.replace(ct, title=t, title_lines=[t])
            elif simpler == 2:
                ct = dataclasses.replace(ct, kicker=None, subtitle=None)
            while True:
                head = self.head_lines(ct, width, tsize, wrap)
                if head is not None or tsize <= 18:
                    break
                tsize = max(18.0, tsize - 2)
            if head is not None:
                break
        return ct, head, tsize

    def head_lines(
        self, ct: _Content, width: float, tsize: float, wrap: bool = False
    ) -> list[tuple[str, str, _Style]] | None:
        """(role, text, style) of the kicker, title lines and subtitle, fitted to ``width``; with
        ``wrap`` (a title beside its body, one column wide) each phrase wraps, up to 4 title lines."""
        out: list[tuple[str, str, _Style]] = []
        bold = self._flip("titlebold") or self.r.random() < 0.5
        tst = self.style(tsize, bold=bold)
        ksize = max(11.0, round(tsize * 0.5))
        items: list[tuple[str, str, _Style]] = []
        if ct.kicker:
            items.append(("kicker", ct.kicker, self.style(ksize)))
        items += [("title", t, tst) for t in ct.title_lines]
        if ct.subtitle:
            items.append(("subtitle", ct.subtitle, self.style(ksize)))
        for role, t, st in items:
            if not wrap:
                out.append((role, t, st))
                continue
            i = 0
            while i < len(t):
                j = _break(t, i, width - st.bold_dx, st.font.name, st.size)
                out.append((role, t[i:j], st))
                i = j
        if sum(1 for role, _, _ in out if role == "title") > (4 if wrap else 2):
            return None
        for _, t, st in out:
            if _sw(t, st.font.name, st.size) + st.bold_dx > width:
                return None
        return out

    def draw_head(
        self, hl: list[tuple[str, str, _Style]], x: float, top: float, width: float, align: str, art: int
    ) -> float:
        y = top
        for role, t, st in hl:
            pitch = st.size * (1.25 if role == "title" else 1.45)
            base = y - st.font.ascent * st.size - (pitch - st.size) / 2
            nat = _sw(t, st.font.name, st.size)
            cs = 0.0
            if role == "title" and len(t) > 1 and self._pick("titlespacing", (0.0, 0.0, 0.08, 0.15)):
                cs = min(self._house["titlespacing"] * st.size, (width - nat - st.bold_dx) / (len(t) - 1))
                cs = max(0.0, cs)
                nat += cs * (len(t) - 1)
            xx = x + (width - nat) / 2 if align == "center" else x
            self.page.text(xx, base, t, st, role, art, cs)
            y -= pitch
        return y

    def article(self, b: _Block, ct: _Content, art: int, fill: bool = True) -> float | None:
        """Typeset one article in block ``b``; returns the lowest y used, or None if it cannot."""
        r, lay, pg = self.r, self.lay, self.page
        span = b.c1 - b.c0 + 1
        mark = (len(pg.ops), len(pg.lines), len(self.furniture_strings))
        modes = ["above"] * 6 + ["below"] * 2
        if span >= 3:
            modes += ["beside"] * 2
        if span >= 2 and len(ct.title_lines[0]) <= 10:
            modes += ["vertical"] * 2
        mode = r.choice(modes)
        if mode == "vertical":  # a vertical title is one phrase, with no kicker or subtitle
            t = ct.title_lines[0]
            ct = dataclasses.replace(ct, title=t, title_lines=[t], kicker=None, subtitle=None)
        tsize = r.uniform(18, 32 if span >= 3 else 24)
        top, bottom = b.top, b.bottom
        gap = lay.body_size * 0.8
        skip_l = skip_r = 0.0
        head: list[tuple[str, str, _Style]] | None = None
        head_cols, hw = 1, b.width
        if mode == "beside":  # the title, wrapped, takes the block's first grid column
            hw = self.colw
            ct2, head, ts = self.fit_head(ct, hw, min(tsize, 24.0), wrap=True)
            if head is not None and _head_height(head) > top - bottom - 10:
                head = None  # taller than the space: set it above the body instead
            if head is not None:
                ct, tsize = ct2, ts
            else:
                mode, hw = "above", b.width
        if mode != "beside":  # a one-column story wraps its title (up to 4 lines)
            ct, head, tsize = self.fit_head(ct, hw, tsize if span > 1 else min(tsize, 22.0), wrap=span == 1)
        if head is None:
            return None
        align = r.choice(("center", "left")) if mode in ("above", "below") else "left"
        body_top, body_bottom = top, bottom
        vert = None
        if mode == "above":
            y = self.draw_head(head, b.x, top, b.width, align, art)
            body_top = y - gap
        elif mode == "below":
            hh = _head_height(head)
            body_bottom = bottom + hh + gap
        elif mode == "beside":
            self.draw_head(head, b.x, top, hw, "left", art)
            b_body = _Block(pg.grid[b.c0 + head_cols][0], top, b.width, bottom, b.c0 + head_cols, b.c1)
        else:  # vertical: one character per line at the left or right of the body
            t = ct.title_lines[0]
            st = self.style(min(tsize, 26.0), bold=True)
            pitch = st.size * 1.08
            if len(t) * pitch > top - bottom - 10:
                return None
            side = r.choice(("left", "right"))
            strip = st.size * 1.3
            xs = b.x if side == "left" else b.x + b.width - strip
            vert = (xs, strip, st, t, pitch)
            if side == "left":
                skip_l = strip + lay.gutter * 0.7
            else:
                skip_r = strip + lay.gutter * 0.7
        # photo at the top of the body (article photo), caption and credit under it
        photo_h = 0.0
        room = (body_top - body_bottom) - b.width * 0.65 - 40
        if (
            fill
            and span >= 2
            and r.random() < 0.25
            and mode in ("above", "below")
            and room > lay.body_size * 20
        ):
            photo_h = self.photo(b.x, body_top, b.width, art)
            body_top -= photo_h
        target = b_body if mode == "beside" else b
        cols = self.body_cols(target, body_top, body_bottom, skip_l, skip_r)
        if any(c.width < lay.body_size * 7 for c in cols) or body_top - body_bottom < lay.body_size * 6:
            del pg.ops[mark[0] :], pg.lines[mark[1] :], self.furniture_strings[mark[2] :]
            return None
        fit = self.fit_body(ct, cols, jump_ok=fill and r.random() < 0.3)
        if fit is None:
            del pg.ops[mark[0] :], pg.lines[mark[1] :], self.furniture_strings[mark[2] :]
            return None
        us, placed, texts, jump = fit
        if len(cols) > 1 and not jump and self._pick("balance", (True, True, True, False)):
            placed, cols = _balance(us, cols, placed)
        _draw_flow(pg, us, cols, placed, art)
        if jump:
            self.furniture_strings.append(jump)
        low = min((p.base + lay.fonts[0].descent * us[p.unit].style.size for p in placed), default=body_top)
        if mode == "below":
            self.draw_head(head, b.x, low - gap, b.width, align, art)
        if vert:
            xs, strip, st, t, pitch = vert
            y = top
            base = top
            for ch in t:
                cx = xs + (strip - _sw(ch, st.font.name, st.size)) / 2
                base = y - st.font.ascent * st.size
                self.page.text(cx, base, ch, st, "title", art, record=False)
                y -= pitch
            self.page.lines.append(
                {
                    "text": t,
                    "bbox": [
                        round(xs, 2),
                        round(base + st.font.descent * st.size, 2),
                        round(xs + strip, 2),
                        round(top, 2),
                    ],
                    "size": st.size,
                    "role": "title",
                    "article": art,
                    "column": pg.column_of(xs),
                    "vertical": True,
                    **({"bold": "simulated"} if st.bold_dx else {}),
                }
            )
        # truth
        mine = [ln for ln in pg.lines[mark[1] :] if ln["article"] == art]
        bbox = [
            min(ln["bbox"][0] for ln in mine),
            min(ln["bbox"][1] for ln in mine),
            max(ln["bbox"][2] for ln in mine),
            max(ln["bbox"][3] for ln in mine),
        ]
        paras = [{"heading": ct.paras[k][0], "text": t} for k, t in enumerate(texts)]
        authors = () if ct.byline_style == "credit" and jump else ct.authors  # the credit went with the jump
        headings: list[str] = []
        for p in paras:
            if p["heading"] and p["heading"] not in headings:
                headings.append(p["heading"])
        self.articles.append(
            {
                "position": art,
                "title": ct.title,
                "kicker": ct.kicker,
                "subtitle": ct.subtitle,
                "author": "、".join(authors) or None,
                "authors": list(authors),
                "author_region": ct.region,
                "author_affiliation": ct.affiliation if ct.footnote and not jump else None,
                "headings": headings,
                "paragraphs": paras,
                "text": "\n".join(texts),
                "bbox": [round(v, 2) for v in bbox],
                "columns": [b.c0, b.c1],
                "byline": None if ct.byline_style == "credit" and jump else ct.byline,
                "title_placement": mode,
                "entities": None,
            }
        )
        return min(bbox[1], low)

    def photo(self, x: float, top: float, width: float, art: int | None, max_h: float = 1e9) -> float:
        """A grey picture, its caption (smaller type) and credit under it; returns the height used
        (the picture shrinks to leave ``max_h`` unexceeded)."""
        r, lay, pg, w = self.r, self.lay, self.page, self.w
        ph = min(width * r.uniform(0.45, 0.65), max_h - 6 * lay.body_size)
        key = f"p{len(self.images)}"
        self.images[key] = _photo_png(self.seed * 100 + self.page_no * 10 + len(self.images))
        pg.ops.append(("image", key, x, top - ph, width, ph))
        cst = _Style(lay.fonts[0], max(7.5, lay.body_size - 1))
        text = w.fill(r.choice(syn.CAPTIONS))
        credit = f"新华社记者 {w.name()}摄" if r.random() < 0.5 else f"本报记者 {w.name()} 摄"
        y = top - ph - 3
        pitch = cst.size * 1.4
        i = 0
        while i < len(text):
            j = _break(text, i, width, cst.font.name, cst.size)
            base = y - cst.font.ascent * cst.size
            self.furn(x, base, text[i:j], cst, "caption", art, item=False)
            y -= pitch
            i = j
        self.furniture_strings.append(text)
        base = y - cst.font.ascent * cst.size
        self.furn(x + width - _sw(credit, cst.font.name, cst.size), base, credit, cst, "credit", art)
        y -= pitch
        return top - y + 4

    def box(self, b: _Block) -> float:
        """A boxed note: rectangle, letter-spaced title, a few short sentences — not an article."""
        r, lay, pg, w = self.r, self.lay, self.page, self.w
        pad = 5.0
        st = _Style(lay.fonts[0], max(7.5, lay.body_size - 0.5))
        tst = self.style(lay.body_size + 1, bold=True)
        title = r.choice(BOX_TITLES)
        inner = b.width - 2 * pad
        y = b.top - pad
        base = y - tst.font.ascent * tst.size
        cs = (inner * 0.6 - _sw(title, tst.font.name, tst.size)) / (len(title) - 1)
        tx = b.x + pad + inner * 0.2
        self.furn(tx, base, title, tst, "box", None, cs=max(0.0, cs))
        y -= tst.size * 1.6
        text = "".join(w.sentence() for _ in range(r.randint(2, 4)))
        pitch = st.size * 1.45
        i = 0
        while i < len(text) and y - pitch > b.bottom + pad:
            j = _break(text, i, inner, st.font.name, st.size)
            seg = text[i:j]
            cs = 0.0 if j >= len(text) else (inner - _sw(seg, st.font.name, st.size)) / max(1, len(seg) - 1)
            self.furn(b.x + pad, y - st.font.ascent * st.size, seg, st, "box", None, cs=cs, item=False)
            y -= pitch
            i = j
        self.furniture_strings.append(text[:i])
        bottom = y - pad
        pg.ops.append(("rect", b.x, bottom, b.width, b.top - bottom, 0.8))
        return bottom


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def _partition(r: random.Random, n: int, max_span: int = 4, one: bool = False) -> list[int]:
    """Split n grid columns into spans of 2–4, with one 1-column span if ``one``."""
    if one and n >= 3:
        out = [1, *_partition(r, n - 1, max_span)]
        r.shuffle(out)
        return out
    while True:
        out: list[int] = []
        left = n
        while left > 0:
            s = min(left, r.choice((2, 3, 3, 4)) if max_span >= 4 else r.choice((2, 3)))
            if left - s == 1:
                s = s + 1 if s < max_span else s - 1
            out.append(max(1, min(s, left)))
            left -= out[-1]
        if all(1 <= s <= max_span for s in out):
            r.shuffle(out)
            return out


def _draw_layout(r: random.Random, opts: dict[str, Any], page_no: int) -> _Layout:
    size = opts.get("page_size") or r.choice(("broadsheet", "broadsheet", "tabloid"))
    if isinstance(size, str):
        size = PAGE_SIZES[size]
    W, _ = size
    columns = opts.get("columns") or (r.randint(6, 8) if W > 800 else r.randint(5, 6))
    margin = opts.get("margin", r.uniform(30, 42))
    gutter = opts.get("gutter", r.uniform(8, 14))
    colw = (W - 2 * margin - (columns - 1) * gutter) / columns
    body = opts.get("body_size") or r.choice((8.0, 8.0, 8.5, 8.5, 9.0, 9.0, 9.5, 10.0, 10.5, 11.0))
    while body > 8.0 and colw / body < 9:  # at least 9 characters a line
        body -= 0.5
    leading = opts.get("leading", r.uniform(1.3, 1.5))
    font = _register(opts.get("font_path"))
    bold = _register(opts["bold_font_path"]) if opts.get("bold_font_path") else None
    return _Layout(tuple(size), columns, body, leading, gutter, margin, (font, bold))


def _make_page(
    seed: int, page_no: int, opts: dict[str, Any], issue: dict[str, Any], source: str
) -> tuple[_PageMaker, PageTruth]:
    r = random.Random(f"baokan-newspaper-pdf-{seed}-{page_no}")
    w = syn._Writer(r)
    lay = _draw_layout(r, opts, page_no)
    pm = _PageMaker(r, w, lay, page_no, seed)
    order = opts.get("stream_order") or (
        "shuffled" if random.Random(f"stream-{seed}-{page_no}").random() < 0.25 else "reading"
    )
    if order not in ("reading", "shuffled"):
        raise ValueError("stream_order must be 'reading' or 'shuffled'")
    pm.shuffle = seed * 1000 + page_no if order == "shuffled" else None
    runs = opts.get("text_runs") or (
        "glyph" if random.Random(f"runs-{seed}-{page_no}").random() < 0.2 else "line"
    )
    if runs not in ("line", "glyph"):
        raise ValueError("text_runs must be 'line' or 'glyph'")
    pm.page.glyphs = runs == "glyph"
    if opts.get("text_size", "font") not in ("font", "matrix"):
        raise ValueError("text_size must be 'font' or 'matrix'")
    pm.page.matrix = opts.get("text_size") == "matrix"
    label = pm.label = issue["first_page"] + page_no - 1
    col = issue["columns"][page_no - 1]
    top = pm.header(issue["publication"], issue["day"], col, label)
    bottom = pm.footer(w.name(), w.name(), label)
    allow = {k: opts[k] for k in ("kicker", "subtitle", "headings", "footnote") if k in opts}
    # bands of the page, each split into spans of 2–4 columns
    n_bands = opts.get("bands") or r.choice((2, 2, 3, 3, 4))
    total = top - bottom
    weights = [r.uniform(0.7, 1.3) for _ in range(n_bands)]
    heights = [total * x / sum(weights) for x in weights]
    y = top
    art = 0
    boxes = 0
    vrules = r.random() < 0.5  # house style: thin rules between the stories of a band
    for bh in heights:
        b_bottom = y - bh + 6
        c = 0
        for span in _partition(r, lay.columns, one=r.random() < opts.get("single_column", 0.3)):
            blk = pm.block(c, c + span - 1, y, b_bottom)
            if vrules and c > 0:
                xr = blk.x - lay.gutter / 2
                pm.page.ops.append(("rule", xr, y, xr, b_bottom, 0.4))
            c += span
            cells = [blk]
            if span <= 3 and bh > 260 and r.random() < 0.35:  # two stories stacked in one cell
                mid = y - bh * r.uniform(0.4, 0.6)
                cells = [dataclasses.replace(blk, bottom=mid + 6), dataclasses.replace(blk, top=mid - 6)]
                pm.page.ops.append(("rule", blk.x, mid, blk.x + blk.width, mid, 0.4))
            for cell in cells:
                kind = "article"
                if boxes < 1 and r.random() < opts.get("box", 0.12) and cell.width < 300:
                    kind = "box"
                elif r.random() < opts.get("photo", 0.06):
                    kind = "photo"
                if kind == "box":
                    boxes += 1
                    low = pm.box(dataclasses.replace(cell, bottom=max(cell.bottom, cell.top - 220)))
                    sub = dataclasses.replace(cell, top=low - 12)
                    cell = sub
                    if cell.top - cell.bottom < 120:
                        continue
                elif kind == "photo" and cell.top - cell.bottom >= cell.width * 0.5 + 200:
                    used = pm.photo(cell.x, cell.top, cell.width, None, cell.top - cell.bottom - 150)
                    cell = dataclasses.replace(cell, top=cell.top - used - 8)
                    if cell.top - cell.bottom < 120:
                        continue
                capacity = _capacity(lay, cell)
                for _attempt in range(3):
                    ct = _synthetic_content(w, r, int(capacity * r.uniform(1.0, 1.4)), allow)
                    if pm.article(cell, ct, art) is not None:
                        art += 1
                        break
        y = b_bottom - 6
        pm.page.ops.append(("rule", lay.margin, y + 3, lay.size[0] - lay.margin, y + 3, 0.4))
    fur = {
        "publication": issue["publication"],
        "date": issue["day"].isoformat(),
        "page": str(label),
        "column": col,
        "strings": pm.furniture_strings,
    }
    truth = PageTruth(
        f"{source}#page={page_no}", page_no, lay.size, pm.articles, fur, pm.page.lines, order, runs
    )
    return pm, truth


def _capacity(lay: _Layout, b: _Block) -> int:
    span = b.c1 - b.c0 + 1
    per_line = int((b.width - (span - 1) * lay.gutter) / span / lay.body_size)
    lines = int((b.top - b.bottom - 60) / (lay.body_size * lay.leading))
    return max(80, span * per_line * max(1, lines))


def fresh_options(seed: int) -> dict[str, Any]:
    """The varied options ``benchmarks/pdf_layout.py --fresh`` draws per seed (page size, column
    count, stream order, text runs), so a page seen there is made again exactly by its seed."""
    r = random.Random(seed)
    opts: dict[str, Any] = {
        "page_size": r.choice(["broadsheet", "tabloid", "berliner", "wide"]),
        "stream_order": r.choice(["reading", "shuffled"]),
        "text_runs": r.choice(["line", "glyph"]),
    }
    opts["columns"] = r.randint(4, 6) if opts["page_size"] == "tabloid" else r.randint(5, 9)
    return opts


def make_issue(seed: int, pages: int = 1, **options: Any) -> tuple[bytes, list[PageTruth]]:
    """A PDF of ``pages`` newspaper pages and one truth per page, fully determined by ``seed``.

    Options (drawn from the seed when not given): ``page_size`` (a ``PAGE_SIZES`` key or (w, h)
    in pt), ``columns`` (grid of 5–8), ``body_size`` (8–11 pt), ``leading``, ``gutter``,
    ``margin``, ``bands``, ``font_path`` (a TTF/TTC to embed instead of STSong-Light),
    ``bold_font_path`` (a second face for bold; else bold is simulated by overprinting),
    ``kicker``/``subtitle``/``headings``/``footnote`` (chances), ``box``/``photo`` (chances per
    cell), ``text_size`` (``font``: the size set as the font's; ``matrix``: font size 1 scaled by
    the text matrix), ``name`` (the file name the truth's ``source`` names, default
    ``issue_<seed>.pdf``).
    """
    name = options.pop("name", f"issue_{seed}.pdf")
    known = {
        "page_size",
        "columns",
        "body_size",
        "leading",
        "gutter",
        "margin",
        "bands",
        "font_path",
        "bold_font_path",
        "kicker",
        "subtitle",
        "headings",
        "footnote",
        "box",
        "photo",
        "stream_order",
        "single_column",
        "text_runs",
        "text_size",
    }
    unknown = set(options) - known
    if unknown:
        raise TypeError(f"unknown options: {sorted(unknown)}")
    r = random.Random(f"baokan-newspaper-issue-{seed}")
    day = _dt.date(2019, 1, 1) + _dt.timedelta(days=r.randint(0, 6 * 365))
    issue = {
        "publication": r.choice(syn.PUBLICATIONS),
        "day": day,
        "first_page": r.randint(1, 7),
        "columns": r.sample(syn.COLUMNS, pages) if pages <= len(syn.COLUMNS) else [syn.COLUMNS[0]] * pages,
    }
    makers, truths = [], []
    for p in range(1, pages + 1):
        pm, t = _make_page(seed, p, options, issue, name)
        makers.append(pm)
        truths.append(t)
    return _write_pdf(makers, f"{issue['publication']} {day.isoformat()}"), truths


def _write_pdf(makers: list[_PageMaker], title: str) -> bytes:
    out = io.BytesIO()
    c = rl_canvas.Canvas(out, pagesize=makers[0].lay.size, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setCreator("baokan tests/newspaper_pdf.py")
    for pm in makers:
        c.setPageSize(pm.lay.size)
        images = {k: ImageReader(io.BytesIO(v)) for k, v in pm.images.items()}
        _render(pm.page, c, images, pm.shuffle)
        c.showPage()
    c.save()
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The sample page in k columns
# ---------------------------------------------------------------------------------------------


def sample_as_pdf(
    columns: int, seed: int, gold: dict[str, Any] | str | Path | None = None, **options: Any
) -> tuple[bytes, list[PageTruth]]:
    """The annotated sample page (gold articles) typeset on broadsheet pages in ``columns``
    columns, every article whole (a band across the page, columns balanced), as many pages as it
    takes; the truth's articles are the gold's. The body type is 9 pt, or smaller when an article
    would not fit on one page."""
    if "body_size" in options:
        return _sample_as_pdf(columns, seed, gold, **options)
    for size in (9.0, 8.5, 8.0):
        try:
            return _sample_as_pdf(columns, seed, gold, body_size=size, **options)
        except _TooLong:
            continue
    raise ValueError(f"the sample's articles do not fit on a page in {columns} columns")


class _TooLong(ValueError):
    pass


def _sample_as_pdf(
    columns: int, seed: int, gold: dict[str, Any] | str | Path | None = None, **options: Any
) -> tuple[bytes, list[PageTruth]]:
    if gold is None:
        gold = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seed.gold.json"
    if not isinstance(gold, dict):
        gold = json.loads(Path(gold).read_text(encoding="utf-8"))
    assert isinstance(gold, dict)
    r = random.Random(f"baokan-newspaper-sample-{seed}-{columns}")
    name = options.pop("name", f"sample_k{columns}.pdf")
    opts = {
        "page_size": "broadsheet",
        "columns": columns,
        "body_size": options.pop("body_size", 9.0),
        "leading": options.pop("leading", 1.45),
        **options,
    }
    issue_day = _dt.date(2024, 3, 21)
    pub = r.choice(syn.PUBLICATIONS)
    contents = []
    for a in gold["articles"]:
        paras = [(p["heading"], _split_sentences(p["text"])) for p in a["paragraphs"]]
        title = a["title"]
        tl = [title]
        if " " in title and len(title) > 12:  # two lines, cut at the space nearest the middle
            cut = min((i for i, ch in enumerate(title) if ch == " "), key=lambda i: abs(2 * i - len(title)))
            tl = [title[:cut], title[cut + 1 :]]
        region = a.get("author_region")
        byline = f"■ {_pad_name(a['author'])}（{region}）" if region else f"■ {a['author']}"
        aff = a.get("author_affiliation")
        contents.append(
            _Content(
                title,
                tl,
                None,
                None,
                (a["author"],),
                region,
                aff,
                "square",
                byline,
                paras,
                f"（作者系{aff}）" if aff else None,
            )
        )
    makers: list[_PageMaker] = []
    truths: list[PageTruth] = []
    pending = list(enumerate(contents))
    page_no = 0
    while pending:
        page_no += 1
        pr = random.Random(f"baokan-newspaper-sample-{seed}-{columns}-{page_no}")
        w = syn._Writer(pr)
        lay = _draw_layout(pr, opts, page_no)
        pm = _PageMaker(pr, w, lay, page_no, seed)
        pm._house = {"headstyle": "bold", "headalign": pr.choice(("center", "left")), "bylinebold": False}
        texts = "".join(a["text"] for a in gold["articles"])
        col = next(c for c in syn.COLUMNS if c not in texts)
        top = pm.header(pub, issue_day, col, page_no)
        bottom = pm.footer(w.name(), w.name(), page_no)
        y = top
        while pending:
            pos, ct = pending[0]
            blk = pm.block(0, columns - 1, y, bottom)
            used = _balanced(pm, blk, ct, pos)
            if used is None:
                if not pm.articles:
                    raise _TooLong(f"article {pos} does not fit on one page in {columns} columns")
                break
            pending.pop(0)
            y = used - 14
            pm.page.ops.append(("rule", lay.margin, y + 7, lay.size[0] - lay.margin, y + 7, 0.4))
        fur = {
            "publication": pub,
            "date": issue_day.isoformat(),
            "page": str(page_no),
            "column": col,
            "strings": pm.furniture_strings,
        }
        makers.append(pm)
        truths.append(PageTruth(f"{name}#page={page_no}", page_no, lay.size, pm.articles, fur, pm.page.lines))
    return _write_pdf(makers, f"{pub} sample k={columns}"), truths


def _balanced(pm: _PageMaker, blk: _Block, ct: _Content, pos: int) -> float | None:
    """Set the whole article in the least height its columns need (binary search), above mode."""
    lay = pm.lay
    head = pm.head_lines(ct, blk.width, 26.0)
    tsize = 26.0
    while head is None and tsize > 18:
        tsize -= 2
        head = pm.head_lines(ct, blk.width, tsize)
    if head is None:
        return None
    hh = _head_height(head) + lay.body_size
    body_top = blk.top - hh
    texts = ct.texts()

    def fits(h: float) -> tuple[list[_Unit], list[_Col], list[_Placed]] | None:
        cols = pm.body_cols(blk, body_top, body_top - h)
        us = pm.units(ct, texts, None)
        placed, over = _flow(us, cols)
        return None if over else (us, cols, placed)

    full = body_top - blk.bottom
    if fits(full) is None:
        return None
    lo, hi = 0.0, full
    while hi - lo > 1.0:
        mid = (lo + hi) / 2
        if fits(mid):
            hi = mid
        else:
            lo = mid
    res = fits(hi)
    assert res is not None
    us, cols, placed = res
    pm.draw_head(head, blk.x, blk.top, blk.width, "center", pos)
    _draw_flow(pm.page, us, cols, placed, pos)
    mine = [ln for ln in pm.page.lines if ln["article"] == pos]
    bbox = [
        min(ln["bbox"][0] for ln in mine),
        min(ln["bbox"][1] for ln in mine),
        max(ln["bbox"][2] for ln in mine),
        max(ln["bbox"][3] for ln in mine),
    ]
    paras = [{"heading": ct.paras[k][0], "text": t} for k, t in enumerate(texts)]
    pm.articles.append(
        {
            "position": pos,
            "title": ct.title,
            "kicker": None,
            "subtitle": None,
            "author": ct.authors[0],
            "authors": list(ct.authors),
            "author_region": ct.region,
            "author_affiliation": ct.affiliation,
            "headings": [h for h in dict.fromkeys(p["heading"] for p in paras) if h],
            "paragraphs": paras,
            "text": "\n".join(texts),
            "bbox": [round(v, 2) for v in bbox],
            "columns": [blk.c0, blk.c1],
            "byline": ct.byline,
            "title_placement": "above",
            "entities": None,
        }
    )
    return bbox[1]


# ---------------------------------------------------------------------------------------------
# Reading back (for tests): the PDF's text layer with boxes
# ---------------------------------------------------------------------------------------------


def page_text_layer(pdf: bytes, page_index: int) -> list[tuple[str, float, float, float, float]]:
    """(char, x0, y0, x1, y1) of every non-generated, non-space character of a page, with loose
    boxes, overprinted duplicates (simulated bold) removed. Needs pypdfium2."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pr

    doc = pdfium.PdfDocument(pdf)
    try:
        tp = doc[page_index].get_textpage()
        out: list[tuple[str, float, float, float, float]] = []
        seen: dict[str, list[tuple[float, float]]] = {}
        for i in range(tp.count_chars()):
            if pr.FPDFText_IsGenerated(tp.raw, i):
                continue
            ch = chr(pr.FPDFText_GetUnicode(tp.raw, i))
            if ch.isspace():
                continue
            x0, y0, x1, y1 = tp.get_charbox(i, loose=True)
            near = seen.setdefault(ch, [])
            if any(abs(x0 - a) < 1.0 and abs(y0 - b) < 1.0 for a, b in near):
                continue
            near.append((x0, y0))
            out.append((ch, x0, y0, x1, y1))
        return out
    finally:
        doc.close()
