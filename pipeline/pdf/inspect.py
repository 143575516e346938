"""``baokan inspect PAGE.pdf [--page N] [--png OUT.png]``: how a PDF page was read.

Prints every printed line with its role and article, as the text ``inspect`` does, and draws the page
(rendered by PDFium) with each line outlined in its role's colour, each article's boxes labelled
``a<N>``, photos hatched: the first thing to look at when a page reads wrongly.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from pipeline.pdf.doubts import STORIES_UNSURE
from pipeline.pdf.layout import PdfPageLayout, layout_glyphs
from pipeline.pdf.reader import PageError, PdfUnreadable, open_document, open_pages
from pipeline.pdf.records import check_page, file_reason

# Outline colours by role (RGB).
COLOURS = {
    "title": (220, 30, 30),
    "kicker": (230, 120, 0),
    "subtitle": (230, 120, 0),
    "heading": (150, 60, 200),
    "byline": (0, 140, 60),
    "footnote": (0, 140, 140),
    "body": (40, 90, 220),
    "furniture": (130, 130, 130),
    "blank": (200, 200, 200),
}
SCALE = 2.0  # pixels per point of the drawing (144 dpi)


def read(data: bytes, number: int) -> tuple[PdfPageLayout | None, str | None]:
    """The layout of page ``number`` (1-based), or the reason it cannot be read."""
    if (reason := file_reason(data)) is not None:
        return None, reason
    try:
        count, pages = open_pages(data)
    except PdfUnreadable as exc:
        return None, exc.reason
    if not 1 <= number <= count:
        return None, f"no_such_page: the file has {count} page(s)"
    for page in pages:
        if page.number != number:
            continue
        if isinstance(page, PageError):
            return None, page.reason
        checked, reason, _flags = check_page(page)
        return (layout_glyphs(checked), None) if checked is not None else (None, reason)
    return None, "no_such_page"


def print_layout(name: str, number: int, pl: PdfPageLayout, out: TextIO) -> None:
    flags = [*pl.flags, *([STORIES_UNSURE] if pl.unsure else [])]
    print(f"# {name} page {number}: body size {pl.body_size:g} pt, flags {flags}", file=out)
    for k, why in pl.unsure:
        print(f"# why: a{k} {STORIES_UNSURE}: {why}", file=out)
    for ln in pl.lines:
        art = "" if ln.article is None else f"a{ln.article}"
        note = f"  ({ln.note})" if ln.note else ""
        box = "{:.0f},{:.0f},{:.0f},{:.0f}".format(*ln.box)
        print(
            f"{ln.lineno:5d} {ln.role:<9} {art:>4} {ln.size:5.1f}pt [{box:>19}] │ {ln.text}{note}", file=out
        )
    f = pl.layout.furniture
    print(
        f"\n# furniture: publication={f.publication} date={f.date} page={f.page} column={f.column}", file=out
    )
    for i, a in enumerate(pl.layout.articles):
        print(f"\n# article a{i}: lines {a.line_start}-{a.line_end} flags={list(a.flags)}", file=out)
        print(f"  title     {a.title!r}  kicker={a.kicker!r} subtitle={a.subtitle!r}", file=out)
        print(f"  authors   {list(a.authors)}  region={a.author_region!r}", file=out)
        for p in a.paragraphs:
            head = f"[{p.heading}] " if p.heading else ""
            text = p.text[:50] + ("…" if len(p.text) > 50 else "")
            print(f"  ¶ {p.line_start}-{p.line_end} {head}{text}", file=out)


def draw(data: bytes, number: int, pl: PdfPageLayout, png: Path) -> None:
    """The page rendered with every line outlined by role and every article's boxes labelled."""
    from PIL import ImageDraw

    doc = open_document(data)
    try:
        image = doc[number - 1].render(scale=SCALE).to_pil().convert("RGB")
    finally:
        doc.close()
    pen = ImageDraw.Draw(image)

    def px(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        return (box[0] * SCALE, box[1] * SCALE, box[2] * SCALE, box[3] * SCALE)

    for box in pl.photos:
        pen.rectangle(px(box), outline=(0, 0, 0), width=2)
        pen.line(px(box), fill=(0, 0, 0), width=1)
    for ln in pl.lines:
        pen.rectangle(px(ln.box), outline=COLOURS.get(ln.role, (0, 0, 0)), width=1)
    for i, a in enumerate(pl.layout.articles):
        for box in a.boxes:
            x0, y0, x1, y1 = px(box)
            pen.rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=(220, 30, 30), width=3)
            pen.rectangle((x0 - 3, y0 - 3, x0 + 34, y0 + 17), fill=(220, 30, 30))
            pen.text((x0, y0 - 1), f"a{i}", fill=(255, 255, 255))
    png.parent.mkdir(parents=True, exist_ok=True)
    tmp = png.with_name(png.name + ".tmp")
    image.save(tmp, format="PNG")
    tmp.replace(png)


def inspect_pdf(path: Path, number: int, png: Path | None, out: TextIO) -> int:
    """Print (and draw) one page; returns the exit code (0 read, 3 rejected)."""
    data = path.read_bytes()
    pl, reason = read(data, number)
    if pl is None:
        print(f"rejected: {reason}", file=out)
        return 3
    print_layout(path.name, number, pl, out)
    if png is not None:
        draw(data, number, pl, png)
        print(f"\n# drawn: {png}", file=out)
    return 0
