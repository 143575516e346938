"""Build ``tests/data/typeset/``: newspaper pages typeset by XeLaTeX, by LibreOffice, by WeasyPrint and
by Chromium from known text, for holding the PDF reader to more typesetters than the ones it was built on
(reportlab, Typst).

Why: each typesetter writes its text layer its own way. XeLaTeX (xeCJK, xdvipdfmx) sets a story's
text in columns of its own, narrower or wider than the page's, with gutters as narrow as the
page's and punctuation hung into them; LibreOffice draws positioned text frames (as e-paper pages
are made up) with fonts that declare no descent, so PDFium ends a glyph's box at its ink, and rules
between rows of stories near the page's foot. Read before the rules these pages brought, stories
lost a column to their neighbour, lines of two columns were read as one, and a last row of
stories was taken for the page's footer (see the README's PDF section). WeasyPrint flows stories
through CSS columns, a story's title at one column's foot and its text at the next column's head:
the text beside such a title, higher up, was handed to the story before. Chromium prints the same
HTML with its own column balancing: a title at a column's foot with no text under it (its story
opens at the next column's head), a section heading ending a column, a story run on under a section
heading that the cut put with the title below it — and emboldens a heading in a font subset of its own.

How: ``tests/tex_pages.py``, ``tests/lo_pages.py`` and ``tests/html_pages.py`` write each page's source from synthetic
articles (layout, sizes and face drawn per seed; articles dropped until everything fits); xelatex
soffice, WeasyPrint and Chromium typeset it; the truth is the articles in the shared scorer's gold format.

Written: ``<name>.pdf``, ``<name>.gold.json`` and ``fixtures.json`` (seeds, versions, licences).
Needs (only to regenerate): Debian ``texlive-xetex texlive-lang-chinese texlive-latex-extra``,
``libreoffice-draw-nogui``, ``chromium``, ``wkhtmltopdf``, ``fonts-wqy-microhei`` and ``fonts-wqy-zenhei``; the
``weasyprint`` package (``.[fixtures]``) and Debian's pango.
Run: ``python scripts/make_typeset_fixtures.py [--out DIR] [NAME ...]`` (names: only those pages are
made again, each entry naming its tool's version and the generators' commit; the others, their
entries and the versions recorded for them in ``fixtures.json`` are kept — LibreOffice writes its
run's time into each PDF).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.lo_pages import make_pages as lo_pages  # noqa: E402
from tests.tex_pages import make_pages as tex_pages  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from pdf_layout import chromium_pages, html_pages, wkhtml_pages  # noqa: E402

OUT_DIR = ROOT / "tests" / "data" / "typeset"
# Seeds of the development pages each rule was found on (a story's own columns, hung marks in a
# narrow gutter and on the line over it; glyph boxes ending at the ink, baselines of two frames a
# little apart, a rule over the last row of stories, a byline across a story's own columns;
# section headings set in simulated bold (stroked), one filling its column's width).
TEX_SEEDS = (701, 704, 706, 707, 708)
# (… two titles side by side on one baseline, the first ending on a closing quote hung into the gutter)
TEX_SEEDS += (6804,)
# (… a story's last column beyond its title's span, left of a title whose second line hangs a quote
# into the gutter)
TEX_SEEDS += (6614,)
# (… a comma and an opening bracket hung into one one-em gutter from both sides, hardly a blank
# between their cells; a title over its own narrow column ending on a hung closing quote, the next
# story's text a gutter right of it)
TEX_SEEDS += (7207,)
# (… a story's third column beside its two-column title, the next story's title flush over its own
# wide column, a hung opening quote in it; a comma and a bracket hung into a gutter two thirds of an
# em each)
TEX_SEEDS += (7804, 7816)
# (… a title centred over its story's two columns, its subtitle flush left under it, short of its span)
TEX_SEEDS += (8213,)
# (… two titles side by side, the left one's first line ending on a closing quote set a full em
# wide, 3 pt short of the right one's first glyph)
TEX_SEEDS += (8607,)
# (… a story's subtitle and byline flush left in the first of its columns, its title centred over
# them all, the story on its left under a title set flush left)
TEX_SEEDS += (10005,)  # (8613, the same shape, is in tests/data/doubts/)
# (… a number set apart from the ideographs after it by a third of an em, the blank level with
# where another band's column starts)
TEX_SEEDS += (12209,)
# (… a number between ideographs at the head of a story's first paragraph, under a heading ending
# short of it, the blank before it level with where another column starts)
TEX_SEEDS += (12404,)
# (… a kicker flush left over a band's first column, its headline centred over the band below it)
TEX_SEEDS += (13504,)
LO_SEEDS = (936, 944, 960, 972, 982)
# (… a story's opening line, its dateline, ending on half a dash broken over the next line)
LO_SEEDS += (7814,)
# (… a paragraph broken at a column's head on a dash, ``…千家万户`` / ``——关注…。``: the line read
# as a title set after the text, given back as a paragraph of its own)
LO_SEEDS += (8411,)
# (… a story closed by its author's note at a column's foot, the next column opening the story
# whose title is set right over it)
LO_SEEDS += (13504,)
# (a story's title at a column's foot, its text at the next column's head beside it; a column break
# at a paragraph's end over a title with its byline, or with a heading over its dateline; a title
# parted from its byline by the cut, the column above it opening with a few lines run on)
HTML_SEEDS = (209, 409, 415, 509, 714, 724, 3012, 3023)
# (… one flow of three columns whose paragraph breaks stand level in two of them: no band between stories)
HTML_SEEDS += (5012,)
# (… a story carried on at a column's head over a title, beside the column that title opens)
HTML_SEEDS += (5612,)
# (… indented first lines that kinsoku line breaking stopped short by the width of their indent)
HTML_SEEDS += (5605,)
# (… a title over a blank level with a paragraph break beside it, its byline under the blank)
HTML_SEEDS += (6016,)
# (… a title at a column's foot under a story closed by its author note, its text in the next two
# columns and the head of a third)
HTML_SEEDS += (6218,)
# (… a story's second numbered section set a paragraph's blank under its first, a blank wider than a
# line's gap, over the next story's title in the same column)
HTML_SEEDS += (7006,)
# (… indented first lines stopped short by a number or a Latin word the line breaking kept whole, as
# far from the column's right edge as their indent: centred, to the eye)
HTML_SEEDS += (7224,)
# (… an indented first line stopped short where the line breaking kept a curly quote with the glyphs
# either side of it)
HTML_SEEDS += (7818,)
# (… two kickers at columns' feet, their titles at the next columns' heads — one wrapped, its dash
# alone on its second line)
HTML_SEEDS += (12019,)
# (… a byline justified over two lines of a narrow column, the line beside it on its baseline)
HTML_SEEDS += (12512,)
# (… two stories flowing through one pair of columns: the first closed by its author note high in
# the first column, the second opening under it and carried on at the second column's head)
HTML_SEEDS += (13509,)
# (… a kicker shorter than half the measure at a column's foot, its title at the next column's head)
HTML_SEEDS += (13504,)
# (… an indented first line the line breaking stopped short, the next line opening ``示：“每``: no
# break after the colon's glyph, nor either side of the quote)
HTML_SEEDS += (14122,)
# (the same HTML printed by Chromium: a title at a column's foot over a section heading ending the
# column to its left; a story run on under a section heading above a title in the same column;
# section headings emboldened in a font subset of their own, short lines at a column's left edge)
CHROMIUM_SEEDS = (805, 813, 816)
# (… a title whose piece holds a section heading at most, its story opening on a dateline under it)
CHROMIUM_SEEDS += (5404,)
# (… a headline broken by a column, its first half ending short of the measure)
CHROMIUM_SEEDS += (5403,)
# (… a title at a column's foot, its story opening on its byline at the next column's head while the
# column over the title is still the cut's)
CHROMIUM_SEEDS += (6812,)
# (… a paragraph of two lines between two emboldened headings, nearer the heading under it than the
# one over it)
CHROMIUM_SEEDS += (7206,)
# (the same HTML printed by wkhtmltopdf: one wide column of one- and two-line paragraphs, so most
# lines start indented; the page scaled to fit, its font size not its glyphs')
WKHTML_SEEDS = (801, 3008)
# (… a section heading right under a title and its subtitle, the story's dateline under it)
WKHTML_SEEDS += (4001, 4006, 4204)  # (4204: the heading numbered ``一、…``)
# (… a title and its byline cut off together, its text under them; a title over a section heading
# and its story's dateline)
WKHTML_SEEDS += (5402, 5404)
# (… a story of one-line paragraphs, every line indented but its byline's)
WKHTML_SEEDS += (8404,)
# (… a story of one-line paragraphs all indented, the column's edge shown only by other stories'
# short lines)
WKHTML_SEEDS += (12706,)


def _version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "unknown"


def _weasyprint_version() -> str:
    try:
        import weasyprint
    except ImportError:
        return "unknown"
    return f"WeasyPrint {weasyprint.__version__}"


_TOOL_KEY = {
    "xelatex": "xelatex",
    "libreoffice": "libreoffice",
    "html": "weasyprint",
    "chromium": "chromium",
    "wkhtmltopdf": "wkhtmltopdf",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    ap.add_argument("names", nargs="*", help="only these pages (tex_701, lo_936, html_209, ...)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = set(args.names)
    old = args.out / "fixtures.json"
    listed = (
        [p for p in json.loads(old.read_text(encoding="utf-8"))["pages"] if p["name"] not in wanted]
        if wanted and old.exists()
        else []
    )

    def want(name: str) -> bool:
        return not wanted or name in wanted

    now = {
        "xelatex": _version(["xelatex", "--version"]),
        "libreoffice": _version(["soffice", "--version"]),
        "weasyprint": _weasyprint_version(),
        "chromium": _version(["chromium", "--version"]),
        "wkhtmltopdf": _version(["wkhtmltopdf", "--version"]),
    }
    commit = _version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        made = [tex_pages(1, seed, work)[0] for seed in TEX_SEEDS if want(f"tex_{seed}")]
        for seed in LO_SEEDS:
            made += lo_pages(1, seed, work) if want(f"lo_{seed}") else []
        for seed in HTML_SEEDS:
            made += html_pages(1, seed, work) if want(f"html_{seed}") else []
        for seed in CHROMIUM_SEEDS:
            made += chromium_pages(1, seed, work) if want(f"chr_{seed}") else []
        for seed in WKHTML_SEEDS:
            made += wkhtml_pages(1, seed, work) if want(f"wk_{seed}") else []
        for tool, pdf, gold in made:
            shutil.copy(pdf, args.out / pdf.name)
            shutil.copy(gold, args.out / gold.name)
            n = len(json.loads(gold.read_text(encoding="utf-8"))["articles"])
            # each page made again records what made it: a partial run leaves the others' as they were
            listed.append(
                {
                    "name": pdf.stem,
                    "typesetter": tool,
                    "articles": n,
                    "made_with": now[_TOOL_KEY[tool]],
                    "generators_at": commit,
                }
            )
            print(pdf.stem, tool, n, "articles")
    listed.sort(key=lambda p: p["name"])
    before = json.loads(old.read_text(encoding="utf-8"))["versions"] if old.exists() else {}
    meta = {
        "what": "newspaper pages typeset by XeLaTeX, LibreOffice, WeasyPrint, Chromium and wkhtmltopdf from known text, "
        "with their truth",
        "command": "python scripts/make_typeset_fixtures.py",
        "versions": {
            **now,
            "generators": "tests/tex_pages.py, tests/lo_pages.py, tests/html_pages.py at " + commit,
        },
        "licences": {
            "TeX Live (xelatex, xeCJK, multicol)": "LPPL-1.3c and GPL (tools only; their output is data)",
            "LibreOffice": "MPL-2.0 (tool only; its output is data)",
            "WeasyPrint": "BSD-3-Clause (tool only; its output is data)",
            "Chromium": "BSD-3-Clause (tool only; its output is data)",
            "wkhtmltopdf": "LGPL-3.0 (tool only; its output is data)",
            "fonts-wqy-microhei": "Apache-2.0 or GPL-3+ with font exception (Debian copyright file)",
            "fonts-wqy-zenhei": "GPL-2 with font embedding exception (Debian copyright file)",
        },
        "notes": [
            "gold.json: the shared scorer's format (articles with title, kicker, subtitle, authors, "
            "paragraphs); the articles are the synthetic generator's (tests/synthetic.py)",
            "LibreOffice writes the time of its run into the PDF: a page typeset again differs in "
            "those bytes only (XeLaTeX's are byte-identical: SOURCE_DATE_EPOCH=0); so does Chromium",
        ],
        "date": dt.date.today().isoformat(),
        "pages": listed,
    }
    if wanted:  # a partial run: the pages kept were made by the versions recorded before (each
        # page made again names its own in its entry)
        meta["versions"] = {**meta["versions"], **before}
    for tool, v in meta["versions"].items():  # a tool not installed now made the pages kept as before
        if v == "unknown" and before.get(tool):
            meta["versions"][tool] = before[tool]
    (args.out / "fixtures.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
