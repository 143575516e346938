"""Build ``tests/data/pdftotext/``: real ``pdftotext -layout`` and plain ``pdftotext`` output of
multi-column Chinese pages, for testing the column splitter.

Why: users feed the pipeline either reading-order text (one column after another) or
``pdftotext -layout`` text (the columns of a page side by side on each line). The -layout text,
put in reading order, must give back the lines that were typeset, in order (``expected.txt``); the
plain output of the same PDF is kept beside it for comparison. Both are made by the real tools
rather than imitated.

How: each case takes a source page whose lines are already broken as an extractor gives them
(``raw/*.txt``, ``tests.synthetic.generate_page(seed).text``, ``tests/data/unseen/*.txt``) and
typesets it with reportlab onto ONE tall page in k side-by-side columns: each source line is one
printed row (a blank line an empty row), column 1 filled top to bottom, then column 2 …, with
ceil(lines / k) rows per column. Lines keep their text minus leading/trailing whitespace; a
leading indent (ASCII or U+3000 spaces) becomes an x offset of its width. A letter-spaced line
(``全 力 支 持``: every space-separated piece 1–2 characters) is printed without its spaces,
justified with charSpace over the measure of its neighbouring lines, as in real PDFs. Some cases
move given source lines (a title) into a band of large type across the page above the columns.
Then ``pdftotext -layout -enc UTF-8`` and ``pdftotext -enc UTF-8`` are run; the form feed pdftotext
ends each page with is stripped. Written per case: ``<case>.layout.txt``, ``<case>.plain.txt`` and
``<case>.expected.txt`` (the source lines as printed, in reading order, blank rows included,
trailing whitespace stripped); PDFs are not kept. ``fixtures.json`` lists the cases and the
provenance. A case is refused unless its plain output holds the expected lines in reading order
(whitespace ignored).

What pdftotext 22.12 does here: plain output drops blank rows inside a column (a blank line only
ends a column/flow), collapses inner runs of spaces to one, and letter-spaced lines keep their
spaces only if the extra gap exceeds 0.4 em per character (poppler's ``maxWideCharSpacing``), so a
justified line (≈0.1 em) comes out unspaced; -layout keeps one output line per row.

Needs (only to regenerate; the pipeline and its tests never do): ``pip install -e '.[fixtures]'``
(reportlab) and the
Debian packages ``poppler-utils`` and ``fonts-wqy-microhei``. Run with a Python that has reportlab
(this script imports only ``tests.synthetic`` from the repo, which is stdlib-only)::

    python scripts/make_pdftotext_fixtures.py [--keep-pdf DIR]

Deterministic: reportlab's invariant mode, fixed cases and sources; ``fixtures.json``'s ``date`` is
today's (or ``SOURCE_DATE_EPOCH``'s) UTC date, the one field that may change on a rerun.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.synthetic import generate_page  # noqa: E402  (stdlib-only module of this repo)

OUT_DIR = ROOT / "tests" / "data" / "pdftotext"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT_PACKAGE = "fonts-wqy-microhei"
FONT_LICENCE = "Apache-2.0 or GPL-3+ with font exception (Debian copyright file)"
FONT = "wqy"
MARGIN = 36.0  # pt around the text
LEADING = 1.4  # line pitch / font size
BAND_SIZE = 18.0  # pt, title band type
RAW = "raw/000_907459e35631e193.txt"
UNSEEN = "tests/data/unseen"


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    k: int  # columns
    font_size: float  # pt
    gutter: float  # in characters (em of the body type)
    source: str | None = None  # repo-relative text file, or
    seed: int | None = None  # a tests.synthetic seed
    band: tuple[int, ...] = ()  # 1-based source line numbers moved to a title band


# pdftotext's plain (reading-order) output interleaves the columns of many pages: blocks at the
# foot of one column, or short one-line blocks level with another column's, are read across. It
# depends on where the column breaks fall (k), hardly on gutter or leading, so each source has a k
# its plain output reads right with; ``main`` refuses a case whose plain output does not.
CASES: tuple[Case, ...] = (
    Case("raw_k4", k=4, font_size=9, gutter=2, source=RAW),
    Case("syn06_k4", k=4, font_size=8, gutter=1, seed=6),
    Case("syn10_k3", k=3, font_size=8, gutter=3, seed=10),
    Case("syn10_k4_band", k=4, font_size=11, gutter=1.5, seed=10, band=(1, 2)),
    Case("syn20_k2", k=2, font_size=11, gutter=1, seed=20),
    Case("syn25_k3_band", k=3, font_size=10, gutter=2, seed=25, band=(3, 4)),
    Case("syn31_k4", k=4, font_size=9, gutter=3, seed=31),
    Case(
        "unseen_titles_after_narrow_k2",
        k=2,
        font_size=11,
        gutter=2,
        source=f"{UNSEEN}/titles_after_narrow.txt",
    ),
    Case("unseen_qa_interview_k3", k=3, font_size=9, gutter=1, source=f"{UNSEEN}/qa_interview.txt"),
    Case(
        "unseen_briefs_no_bylines_k4", k=4, font_size=10, gutter=1.5, source=f"{UNSEEN}/briefs_no_bylines.txt"
    ),
    Case(
        "unseen_single_no_byline_k3_band",
        k=3,
        font_size=8,
        gutter=2,
        source=f"{UNSEEN}/single_no_byline.txt",
        band=(3, 4),
    ),
)


@dataclass(frozen=True, slots=True)
class Row:
    text: str  # as printed (letter-spaced lines without their spaces)
    indent: str  # leading whitespace, printed as an x offset
    spaced: bool  # letter-spaced: justified with charSpace


def source_text(case: Case) -> str:
    if case.seed is not None:
        return generate_page(case.seed).text
    assert case.source is not None
    return (ROOT / case.source).read_text(encoding="utf-8")


def is_letterspaced(line: str) -> bool:
    """``全 力 支 持 ，办 好``: four or more pieces, each of 1–2 characters, single spaces."""
    pieces = line.split(" ")
    return len(pieces) >= 4 and all(1 <= len(p) <= 2 for p in pieces)


def to_row(line: str) -> Row:
    body = line.rstrip()
    text = body.lstrip()
    indent = body[: len(body) - len(text)]
    spaced = is_letterspaced(text)
    return Row(text.replace(" ", "") if spaced else text, indent, spaced)


def width_em(s: str) -> float:
    return pdfmetrics.stringWidth(s, FONT, 1.0)


def row_width(row: Row) -> float:
    return width_em(row.indent) + width_em(row.text)


def measure(rows: list[Row], i: int) -> float:
    """The measure a letter-spaced row is justified to: the median width of its nearest plain rows."""
    near: list[float] = []
    for j in sorted(range(len(rows)), key=lambda j: abs(j - i)):
        if j != i and rows[j].text and not rows[j].spaced:
            near.append(row_width(rows[j]))
        if len(near) == 4:
            break
    return max(statistics.median(near) if near else 0.0, row_width(rows[i]))


def typeset(case: Case, pdf: Path) -> tuple[list[str], float]:
    """Write the case's PDF; return the printed source lines in reading order and the column width (em)."""
    lines = source_text(case).split("\n")
    if lines and not lines[-1].strip():
        lines.pop()
    band = [lines[n - 1].strip() for n in case.band]
    body = [ln for n, ln in enumerate(lines, 1) if n not in case.band]
    while body and not body[0].strip():  # the band's blank line stays out of column 1
        body.pop(0)
    rows = [to_row(ln) for ln in body]
    col_w = math.ceil(max(row_width(r) for r in rows))
    per_col = math.ceil(len(rows) / case.k)
    fs = case.font_size
    lead = fs * LEADING
    band_h = len(band) * BAND_SIZE * LEADING + (lead if band else 0.0)
    page_w = 2 * MARGIN + (case.k * col_w + (case.k - 1) * case.gutter) * fs
    page_h = 2 * MARGIN + band_h + per_col * lead
    c = canvas.Canvas(str(pdf), pagesize=(page_w, page_h), invariant=1)
    c.setTitle(case.name)
    for i, title in enumerate(band):
        w = pdfmetrics.stringWidth(title, FONT, BAND_SIZE)
        c.setFont(FONT, BAND_SIZE)
        c.drawString((page_w - w) / 2, page_h - MARGIN - BAND_SIZE - i * BAND_SIZE * LEADING, title)
    c.setFont(FONT, fs)
    top = page_h - MARGIN - band_h - fs
    for i, row in enumerate(rows):
        if not row.text:
            continue
        col, r = divmod(i, per_col)
        x = MARGIN + col * (col_w + case.gutter) * fs + width_em(row.indent) * fs
        y = top - r * lead
        space = 0.0
        if row.spaced and len(row.text) > 1:
            space = (measure(rows, i) - row_width(row)) * fs / (len(row.text) - 1)
        c.drawString(x, y, row.text, charSpace=space)
    c.showPage()
    c.save()
    return [*band, *(ln.rstrip() for ln in body)], col_w


def pdftotext(pdf: Path, layout: bool) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), "-enc", "UTF-8", str(pdf), "-"]
    out = subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout
    return out.replace("\f", "")


def order_error(expected: list[str], plain: str) -> str | None:
    """Plain output must hold the expected non-blank lines in order, whitespace ignored."""
    want = ["".join(s.split()) for s in expected if s.strip()]
    got = ["".join(s.split()) for s in plain.split("\n") if s.strip()]
    if want != got:
        bad = next(i for i, (a, b) in enumerate(zip([*want, ""], [*got, ""], strict=False)) if a != b)
        return f"plain output leaves reading order at line {bad}: {got[bad : bad + 2]}, expected {want[bad : bad + 2]}"
    return None


def tool_version(args: list[str]) -> str:
    p = subprocess.run(args, capture_output=True, text=True, check=True)
    return " ".join((p.stdout + p.stderr).split("\t")).strip()


def today() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.date().isoformat()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep-pdf", type=Path, help="also keep the PDFs in this folder")
    args = ap.parse_args()
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    listed = []
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            pdf = Path(tmp) / f"{case.name}.pdf"
            expected, col_w = typeset(case, pdf)
            layout, plain = pdftotext(pdf, layout=True), pdftotext(pdf, layout=False)
            if args.keep_pdf:
                args.keep_pdf.mkdir(parents=True, exist_ok=True)
                shutil.copy(pdf, args.keep_pdf / pdf.name)
            if error := order_error(expected, plain):
                failed.append(f"{case.name}: {error}")
                continue
            (OUT_DIR / f"{case.name}.layout.txt").write_text(layout, encoding="utf-8")
            (OUT_DIR / f"{case.name}.plain.txt").write_text(plain, encoding="utf-8")
            (OUT_DIR / f"{case.name}.expected.txt").write_text("\n".join(expected) + "\n", encoding="utf-8")
            listed.append(
                {
                    "name": case.name,
                    "source": case.source or f"tests.synthetic.generate_page({case.seed}).text",
                    "columns": case.k,
                    "column_width_chars": col_w,
                    "font_size_pt": case.font_size,
                    "gutter_chars": case.gutter,
                    "title_band": bool(case.band),
                    "title_band_source_lines": list(case.band),
                    "rows_per_column": math.ceil((len(expected) - len(case.band)) / case.k),
                }
            )
    meta = {
        "what": "pdftotext -layout and plain output of one PDF page per case; see scripts/make_pdftotext_fixtures.py",
        "command": "python scripts/make_pdftotext_fixtures.py",
        "pdftotext_commands": [
            "pdftotext -layout -enc UTF-8 CASE.pdf CASE.layout.txt",
            "pdftotext -enc UTF-8 CASE.pdf CASE.plain.txt",
        ],
        "form_feed": "the \\f pdftotext appends at page end is stripped",
        "pdftotext_version": tool_version(["pdftotext", "-v"]).splitlines()[0],
        "poppler_utils_package": tool_version(["dpkg-query", "-W", "poppler-utils"]),
        "reportlab_version": REPORTLAB_VERSION,
        "font": {
            "file": FONT_PATH,
            "subfont_index": 0,
            "debian_package": tool_version(["dpkg-query", "-W", FONT_PACKAGE]),
            "licence": FONT_LICENCE,
        },
        "notes": [
            "expected.txt: the source lines as printed, in reading order, one per row (blank rows kept)",
            "plain.txt drops blank rows inside a column; a blank line there only ends a column or flow",
            "both outputs collapse inner runs of spaces to one; leading indents are x offsets in the PDF",
            "letter-spaced lines keep spaces only where the extra gap is > 0.4 em per character",
            "layout.txt: one line per row (band lines first); an all-blank row is an empty line",
        ],
        "leading": LEADING,
        "band_font_size_pt": BAND_SIZE,
        "date": today(),
        "cases": listed,
    }
    text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    (OUT_DIR / "fixtures.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(listed)} cases to {OUT_DIR.relative_to(ROOT)}")
    if failed:
        raise SystemExit("refused:\n" + "\n".join(failed))


if __name__ == "__main__":
    main()
