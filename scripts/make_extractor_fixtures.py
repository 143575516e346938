"""Build ``tests/data/extractors/``: the text five common PDF extractors make of multi-column
Chinese pages of known truth, for testing extractor-style detection (``pipeline/layout/styles.py``).

Why: users hold text made by whatever tool was at hand, and each tool turns a page set in columns
into a different shape (columns interleaved line by line, both columns on one line, a token per
line, reading order, side by side). The fixtures are made by the real tools, not imitated.

How: each case typesets a source page (``raw/*.txt``, ``tests.synthetic.generate_page(seed)``,
``tests/data/unseen/*.txt``) in k side-by-side columns with the typesetting of
``scripts/make_pdftotext_fixtures.py`` (reportlab, WenQuanYi Micro Hei; one source line per printed
row, column 1 filled top to bottom, then column 2 …; some cases put a title in a band across the
page), and runs on the PDF:

* ``pdftotext`` (poppler, default mode) and ``pdftotext -layout``;
* pdfminer.six ``high_level.extract_text`` (default LAParams);
* pdfplumber ``page.extract_text()``;
* pypdf ``page.extract_text()``;
* PyMuPDF ``page.get_text()`` (AGPL: used here only, never by the pipeline).

Written per case: ``<case>.<tool>.txt`` (form feeds stripped), ``<case>.truth.json``: every printed
row in reading order as ``[column, text]`` (column 0-based; ``-1`` = a band line across the
page) and the source it was typeset from (a repo path or ``synthetic:SEED``; its articles, read
from that reading-order text, are the truth a restored page must give back). ``fixtures.json`` holds the cases and the provenance
(tool versions, font package and licence). PDFs are not kept.

What the tools made of these pages (the styles ``pipeline/layout/styles.py`` recognises):
PyMuPDF and pypdf print reading order with the blank lines dropped; pypdf prints a glyph per line
when every glyph is its own text object (``glyphs``); pdfplumber puts the rows of all columns on
one line, joined by one space; ``pdftotext`` interleaves two columns line by line when the gutter
is under an em (``*_tight``) and otherwise reads mostly in order, now and then placing a block of
another column in between (as pdfminer.six does); pdfminer.six and ``pdftotext`` print a space
between the glyphs of ``tracked`` text; ``pdftotext -layout`` prints the columns side by side (two
spaces apart under tight gutters, where the column splitter cannot cut them).

Needs (only to regenerate): ``pip install -e '.[fixtures]'`` and Debian ``poppler-utils`` and
``fonts-wqy-microhei``. Run: ``python scripts/make_extractor_fixtures.py [--keep-pdf DIR]``.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import make_pdftotext_fixtures as typesetting  # noqa: E402  (the shared reportlab typesetting)
from make_pdftotext_fixtures import RAW, UNSEEN, Case  # noqa: E402

OUT_DIR = ROOT / "tests" / "data" / "extractors"
TOOLS = ("pdftotext", "pdftotext_layout", "pdfminer", "pdfplumber", "pypdf", "pymupdf")

# Variants of the typesetting, each what real PDFs do: ``glyphs`` draws every glyph as its own text
# object (pypdf then prints a glyph per line), ``tracked`` sets the text with a letter-spacing of
# ``TRACKING`` em (pdfminer then prints a space between glyphs).
GLYPHS, TRACKED = "glyphs", "tracked"
TRACKING = 0.5

# Gutters under one em (0.6) make poppler's plain mode read the columns line by line, interleaved.
CASES: tuple[tuple[Case, str], ...] = (
    (Case("raw_k3", k=3, font_size=9, gutter=2, source=RAW), ""),
    (Case("syn06_k2_tight", k=2, font_size=10, gutter=0.6, seed=6), ""),
    (Case("syn31_k2_tight", k=2, font_size=10, gutter=0.6, seed=31), ""),
    (Case("syn10_k3_tight", k=3, font_size=10, gutter=0.6, seed=10), ""),
    (Case("syn20_k2_glyphs", k=2, font_size=10, gutter=2, seed=20), GLYPHS),
    (Case("syn25_k1_tracked", k=1, font_size=10, gutter=2, seed=25), TRACKED),
    (
        Case(
            "unseen_kicker_k2_glyphs",
            k=2,
            font_size=10,
            gutter=2,
            source=f"{UNSEEN}/kicker_subtitle_stacks.txt",
        ),
        GLYPHS,
    ),
    (Case("unseen_qa_k2_tracked", k=2, font_size=9, gutter=12, source=f"{UNSEEN}/qa_interview.txt"), TRACKED),
    (Case("syn06_k2", k=2, font_size=10, gutter=1.5, seed=6), ""),
    (Case("syn10_k3_band", k=3, font_size=10, gutter=2, seed=10, band=(1, 2)), ""),
    (Case("syn31_k4", k=4, font_size=9, gutter=1, seed=31), ""),
    (Case("syn44_k5", k=5, font_size=8, gutter=1.5, seed=44), ""),
    (Case("syn52_k6", k=6, font_size=8, gutter=2, seed=52), ""),
    (Case("unseen_numbered_k2", k=2, font_size=10, gutter=2, source=f"{UNSEEN}/numbered_sections.txt"), ""),
    (Case("unseen_briefs_k3", k=3, font_size=9, gutter=1, source=f"{UNSEEN}/briefs_no_bylines.txt"), ""),
)


# Full newspaper pages (``tests/newspaper_pdf.py``): 5–8 narrow columns, many articles, titles
# above, beside or below their text, vertical titles, photos with captions, boxed notes. Seeds from
# 60001 on (``tests/data/pdf/`` uses others); the WenQuanYi faces are embedded, as the tools need
# a font's Unicode map. Each: (case name, seed, options).
WQY_FONTS = {
    "font_path": typesetting.FONT_PATH,
    "bold_font_path": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
}
NEWSPAPER_CASES: tuple[tuple[str, int, dict], ...] = (
    ("news60001_broadsheet", 60001, {"page_size": "broadsheet", "text_runs": "line"}),
    ("news60002_tabloid", 60002, {"page_size": "tabloid", "text_runs": "line"}),
    ("news60003_broadsheet_c8", 60003, {"page_size": "broadsheet", "columns": 8, "text_runs": "line"}),
    ("news60004_broadsheet_c5", 60004, {"page_size": "broadsheet", "columns": 5, "text_runs": "line"}),
    ("news60005_tabloid_glyphs", 60005, {"page_size": "tabloid", "text_runs": "glyph"}),
    # Two pages whose ``pdftotext -layout`` text no one column grid explains (a gutter closed by a
    # box across it; staggered blocks and vertical type): read as split, or as one text, they
    # spliced columns under ``ok``.
    ("news63010_tabloid_glyphs", 63010, {"page_size": "tabloid", "text_runs": "glyph"}),
    ("news63019_tabloid_glyphs", 63019, {"page_size": "tabloid", "text_runs": "glyph"}),
    # Three pages of fresh sets whose text went out unflagged and wrong: pdftotext switching columns
    # with no blank line between (a 《》 name broken off), PyMuPDF and pypdf giving one story two
    # headlines while another story without byline ran into it, pdftotext running a few rows of two
    # columns together.
    ("news73008_tabloid", 73008, {"page_size": "tabloid", "text_runs": "line"}),
    ("news75003_broadsheet_c5", 75003, {"page_size": "broadsheet", "text_runs": "line", "columns": 5}),
    ("news76014_broadsheet", 76014, {"page_size": "broadsheet", "text_runs": "line"}),
    # Six pages of 168 fresh ones whose PyMuPDF or pypdf text went out unflagged and wrong: a
    # headline read as a section heading (set in a box narrower than the column, or across it with
    # quotes in it) or as running text (after its story, or over a first line whose indent was
    # dropped), a title on top and another after the last text, a bold title printed twice on one
    # line (letter-spaced, a question; or a vertical one's last glyph).
    ("news85017_tabloid", 85017, {"page_size": "tabloid", "text_runs": "line"}),
    ("news86014_tabloid_glyphs", 86014, {"page_size": "tabloid", "text_runs": "glyph"}),
    (
        "news87011_broadsheet_c7_glyphs",
        87011,
        {"page_size": "broadsheet", "text_runs": "glyph", "columns": 7},
    ),
    ("news87059_tabloid", 87059, {"page_size": "tabloid", "text_runs": "line"}),
    ("news87073_broadsheet", 87073, {"page_size": "broadsheet", "text_runs": "line"}),
    (
        "news87094_broadsheet_c5_glyphs",
        87094,
        {"page_size": "broadsheet", "text_runs": "glyph", "columns": 5},
    ),
    # Two of 120 more: a headline a glyph wider than the column after an author note and a caption
    # (read into the text under it); a page opening on a headline over a story signed at its end
    # (a credit), its last title after a jump note — and that title's question printed twice on
    # one line over another line printed so (pypdf).
    ("news89012_tabloid_glyphs", 89012, {"page_size": "tabloid", "text_runs": "glyph"}),
    ("news89046_broadsheet_c5", 89046, {"page_size": "broadsheet", "text_runs": "line", "columns": 5}),
    # One of 72 more: a kicker as wide as the column (``代表履职风采录——`` over ``一张清单管到底``)
    # amid a story's text, its headline read as a section heading.
    ("news90029_tabloid", 90029, {"page_size": "tabloid", "text_runs": "line"}),
    # One of 96 typeset at the round's end: a story in a column of 7 run into one in a column of 9,
    # every other line of the narrow one a cell short (no run of one width).
    ("news91077_tabloid", 91077, {"page_size": "tabloid", "text_runs": "line"}),
    # Eight of 192 typeset a round later whose text went out unflagged and wrong: a story's
    # ``■ 名（地）`` under a photo read into its caption (PyMuPDF, pypdf); a page opening on a headline
    # that asks a question over a story signed at its end, its last headline after the last text; a
    # headline and its subtitle closing a paragraph, and a headline read as a heading over a one-line
    # paragraph (pdfminer.six); a headline in display type amid a story's text (PyMuPDF, pypdf); a
    # story stopping on a comma over another story's byline, and two kickers closing a paragraph
    # (``pdftotext``); a question headline set ragged over three short lines, read as a section
    # heading (PyMuPDF, pypdf).
    ("news92001_tabloid", 92001, {"page_size": "tabloid", "text_runs": "line"}),
    ("news92016_tabloid", 92016, {"page_size": "tabloid", "text_runs": "line"}),
    ("news92052_tabloid_glyphs", 92052, {"page_size": "tabloid", "text_runs": "glyph"}),
    ("news92028_tabloid", 92028, {"page_size": "tabloid", "text_runs": "line"}),
    ("news92139_tabloid", 92139, {"page_size": "tabloid", "text_runs": "line"}),
    ("news92173_tabloid", 92173, {"page_size": "tabloid", "text_runs": "line"}),
    ("news92163_broadsheet", 92163, {"page_size": "broadsheet", "text_runs": "line"}),
    ("news92112_tabloid_glyphs", 92112, {"page_size": "tabloid", "text_runs": "glyph"}),
    # A round later: a story with no byline whose headline and subtitle, drawn in simulated bold,
    # PyMuPDF and pypdf print twice, read as a section heading of the story above (whose own
    # section heading is drawn once).
    ("news92468_tabloid_glyphs", 92468, {"page_size": "tabloid", "text_runs": "glyph"}),
    # The same round: a byline-less story's headline (drawn once) read as a section heading of the
    # story above, whose own heading is drawn twice (PyMuPDF, pypdf); ``pdftotext`` printing a
    # headline across two columns amid a story's text.
    ("news92454_tabloid", 92454, {"page_size": "tabloid", "text_runs": "line"}),
    # A round later: a headline set under its story's text (after the jump note) read with the next
    # story's doubled headline as one title (PyMuPDF, pypdf), the text before run into the story
    # above — its lines drawn once, the next headline's twice.
    ("news92584_tabloid", 92584, {"page_size": "tabloid", "text_runs": "line"}),
    # A round later: pdfminer.six printing a headline set under its story's text and the next
    # story's headline, both wider than the page's narrow column, in the middle of the text (one
    # read as a section heading, one as the first lines of a paragraph): two stories unflagged.
    ("news92873_tabloid_c8", 92873, {"page_size": "tabloid", "text_runs": "line", "columns": 8}),
    # A round later: pdfminer.six printing a story's head (a kicker wrapped onto a second line, a
    # headline of three short lines) as a block of its own between two paragraphs of another
    # story, read as the first lines of a paragraph: a splicing paragraph, unflagged.
    ("news92887_tabloid", 92887, {"page_size": "tabloid", "text_runs": "line"}),
    # The same round: ``pdftotext`` printing a headline boxed in a narrow column, blank lines round
    # it, inside a sentence of another story's text (``表达渠`` / the headline / ``道。``): read
    # into that paragraph, unflagged.
    (
        "news92821_broadsheet_c8_glyphs",
        92821,
        {"page_size": "broadsheet", "text_runs": "glyph", "columns": 8},
    ),
    # Earlier rounds, still unflagged: pdfminer.six printing a story's head (a kicker and a
    # headline across columns) between two blank lines under a column cut mid-sentence, read into
    # that story's paragraph ...
    ("news92632_tabloid_glyphs", 92632, {"page_size": "tabloid", "text_runs": "glyph"}),
    # ... and a head (a kicker, a headline drawn twice) with no text of its own under it, read as
    # a paragraph of a story of its own, untitled.
    ("news92563_tabloid_c8", 92563, {"page_size": "tabloid", "text_runs": "line", "columns": 8}),
    # Drawing order (PyMuPDF, pypdf): a one-line headline set under the page's first story and the
    # next story's two-line headline, printed as one block of three lines: cut 2 + 1 before.
    ("news92914_tabloid", 92914, {"page_size": "tabloid", "text_runs": "line"}),
    # A round later (PyMuPDF, pypdf): a byline-less story's two-line headline printed amid the
    # text before it, read as a section heading and a paragraph's first line: two stories in one
    # article, unflagged (CER 55 %).
    ("news93011_broadsheet_c5", 93011, {"page_size": "broadsheet", "text_runs": "line", "columns": 5}),
    # `pdftotext`: a two-line headline, each line as wide as the narrow column, printed between
    # blank lines inside a word of another story's sentence (``专项调`` / … / ``研，``); pdfminer.six:
    # a story's subtitle between blank lines amid a paragraph of other stories' heads and captions.
    # Both unflagged.
    ("news93258_broadsheet", 93258, {"page_size": "broadsheet", "text_runs": "line"}),
    # PyMuPDF, pypdf: a story set narrower than the page's widest column, its headline over a
    # paragraph whose first line, indent dropped, has no mark (``持续擦亮“有事好商`` / ``量”名片，``):
    # that line was read into the headline, and the headline lost the story after it.
    ("news93105_tabloid_glyphs", 93105, {"page_size": "tabloid", "text_runs": "glyph"}),
    # PyMuPDF, pypdf: a one-line headline over a paragraph's first line, indent dropped, wide
    # enough to be taken for running text (``监督聚焦民生痛点`` / ``群众的意见到底`` / ``有没有人听？``):
    # the headline, as wide as the text, was read as a section heading of an untitled story.
    ("news93133_tabloid", 93133, {"page_size": "tabloid", "text_runs": "line"}),
    # pypdf: a two-line headline read into another story's text, its second line wider than the
    # column but holding quotation marks (``桂林打造“有事好商量”履职品牌``).
    ("news92729_tabloid_c5", 92729, {"page_size": "tabloid", "text_runs": "line", "columns": 5}),
    # PyMuPDF, pypdf: a headline and its subtitle over text whose first line, indent dropped, has
    # no clause mark (``——访洛阳人大代表卢国清`` / ``通过预算联网监`` / ``督、建议督办等方式``), and a
    # kicker's head over such a line (``统筹推进城乡融`` / ``合发展，``): text lines read as heads.
    ("news93157_tabloid", 93157, {"page_size": "tabloid", "text_runs": "line"}),
    # PyMuPDF, pypdf: a head inside a text over such a first line (``通过预算联网监`` / ``督、…``):
    # read into the head, or, that line kept out, the head lost and two stories run together.
    ("news93179_broadsheet_glyphs", 93179, {"page_size": "broadsheet", "text_runs": "glyph"}),
    # PyMuPDF, pypdf: a story's first line, indent dropped, after a jump note, taken for its
    # headline (``畅通社情民`` / ``意表达渠道，实``).
    ("news93150_tabloid", 93150, {"page_size": "tabloid", "text_runs": "line"}),
    # `pdftotext`: the heads of two stories piled up between blank lines (two kickers, two
    # headlines) at the end of a story's text, read as its last paragraph.
    ("news93151_tabloid", 93151, {"page_size": "tabloid", "text_runs": "line"}),
    # pdfminer.six: a column's last line (``摸得着。``) printed after the next story's byline, before
    # its text; read as that story's first paragraph, the paragraph it closes run into the next
    # column's (``看得见`` / ``推动解决…``), unflagged.
    ("news93459_tabloid", 93459, {"page_size": "tabloid", "text_runs": "line"}),
    # PyMuPDF, pypdf: a byline-less story's headline exactly as wide as its 9-glyph column, over a
    # first line whose indent was dropped and which runs no word on (``让法规条文长出牙齿`` /
    # ``从实际效果看，``), read as a line of the text before: two stories in one article, unflagged.
    ("news93502_tabloid_c6_glyphs", 93502, {"page_size": "tabloid", "text_runs": "glyph", "columns": 6}),
    # PyMuPDF: a one-column story's headline set bold and wrapped inside words, each line printed
    # twice but its last glyph alone printed once (``把联络站建`` / ``在群众家门`` / ``口``): the lone
    # glyph read as another headline's, in another type.
    ("news93618_broadsheet_glyphs", 93618, {"page_size": "broadsheet", "text_runs": "glyph"}),
    # PyMuPDF: a box's vertical label drawn twice under the page number (``3`` / ``相`` … ``接`` /
    # ``相`` … ``接``) left in pieces, the box read as a story: the titles handed one story on,
    # a headline set under the last story's text given to another, two stories in one article,
    # unflagged.
    ("news93660_tabloid", 93660, {"page_size": "tabloid", "text_runs": "line"}),
    # PyMuPDF, pypdf: a byline-less story's first line, its indent dropped, over a full line with
    # no clause mark (``齐齐哈尔各级人大`` / ``代表推进民生实事项目`` / ``票决，推行…``), read as
    # a second line of the headline over it.
    ("news93747_broadsheet_c8", 93747, {"page_size": "broadsheet", "text_runs": "line", "columns": 8}),
    # PyMuPDF, pypdf: the same, a quotation running on where no word does (``持续擦亮“民生微`` /
    # ``实事”名片，惠及群众``).
    ("news93759_tabloid_glyphs", 93759, {"page_size": "tabloid", "text_runs": "glyph"}),
    # pypdf: a headline and the byline beside it printed on one line (``代表履职进行时■ 金成琳
    # （贵州）``), read as text: the story run into the one before it.
    ("news92795_tabloid", 92795, {"page_size": "tabloid", "text_runs": "line"}),
    # pdfminer.six: a bold headline printed twice between blank lines (``用好监督利器`` ×2), left
    # so and read as the opening of a paragraph of the story before: two stories in one article,
    # unflagged.
    ("news93868_tabloid", 93868, {"page_size": "tabloid", "text_runs": "line"}),
)
NEWS_ROLES_SKIPPED = frozenset({"header", "footer"})  # page furniture: not in the reading order


def variant_canvas(mode: str) -> type:
    """A reportlab canvas class drawing strings the way ``mode`` says (see ``GLYPHS``/``TRACKED``)."""
    base = typesetting.canvas.Canvas

    class VariantCanvas(base):  # type: ignore[misc, valid-type]
        def drawString(self, x, y, text, mode=None, charSpace=0, **kw):
            size = self._fontsize
            if variant == TRACKED:
                return super().drawString(x, y, text, charSpace=charSpace + TRACKING * size, **kw)
            if variant == GLYPHS:
                for ch in text:
                    super().drawString(x, y, ch, **kw)
                    x += typesetting.pdfmetrics.stringWidth(ch, self._fontname, size) + charSpace
                return None
            return super().drawString(x, y, text, charSpace=charSpace, **kw)

    variant = mode
    return VariantCanvas


def run_tools(pdf: Path) -> dict[str, str]:
    import pdfplumber
    import pymupdf
    import pypdf
    from pdfminer.high_level import extract_text

    def poppler(*extra: str) -> str:
        args = ["pdftotext", *extra, "-enc", "UTF-8", str(pdf), "-"]
        return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout

    with pdfplumber.open(pdf) as doc:
        plumber = "\n".join(p.extract_text() or "" for p in doc.pages)
    with pymupdf.open(pdf) as doc:
        mu = "".join(p.get_text() for p in doc)
    out = {
        "pdftotext": poppler(),
        "pdftotext_layout": poppler("-layout"),
        "pdfminer": extract_text(str(pdf)),
        "pdfplumber": plumber,
        "pypdf": "\n".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages),
        "pymupdf": mu,
    }
    return {k: v.replace("\f", "").rstrip("\n") + "\n" for k, v in out.items()}


def truth(case: Case, expected: list[str]) -> dict:
    """Every printed row in reading order as ``[column, text]``; band lines first (column -1)."""
    n_band = len(case.band)
    body = expected[n_band:]
    per_col = math.ceil(len(body) / case.k)
    rows = [[-1, t] for t in expected[:n_band]]
    rows += [[i // per_col, t] for i, t in enumerate(body)]
    return {"name": case.name, "columns": case.k, "source": source_ref(case), "rows": rows}


def source_ref(case: Case) -> str:
    """Where the typeset text comes from: a repo path, or ``synthetic:SEED``."""
    return case.source if case.source else f"synthetic:{case.seed}"


def newspaper_truth(name: str, seed: int, options: dict, truth_page: object) -> dict:
    """A newspaper page's truth: every printed line but header and footer, in the order drawn
    (reading order: block by block, each article's column pieces in turn) as ``[piece, text]`` —
    ``piece`` numbers each (article, grid column) piece of text, ``-1`` for a line of no article —
    and the articles as the generator's gold records them."""
    t = truth_page.to_json()  # type: ignore[attr-defined]
    pieces: dict[tuple[int, int], int] = {}
    rows = []
    for ln in t["lines"]:
        if ln["role"] in NEWS_ROLES_SKIPPED:
            continue
        art = ln.get("article")
        key = -1 if art is None else pieces.setdefault((art, ln.get("column", 0)), len(pieces))
        rows.append([key, ln["text"]])
    keep = ("position", "title", "kicker", "subtitle", "author", "authors", "author_region")
    keep += ("author_affiliation", "headings", "paragraphs", "text", "title_placement")
    return {
        "name": name,
        "columns": max(ln.get("column", 0) for ln in t["lines"]) + 1,
        "source": f"newspaper:{seed}",
        "options": options,
        "articles": [{k: a.get(k) for k in keep} for a in t["articles"]],
        "furniture": {k: v for k, v in t["furniture"].items() if k != "strings"},
        "rows": rows,
    }


def write_truth(path: Path, t: dict) -> None:
    """JSON with one row per line (a page has hundreds)."""
    path.write_text(
        "{\n"
        + ",\n".join(
            f" {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
            if k != "rows"
            else ' "rows": [\n' + ",\n".join(f"  {json.dumps(r, ensure_ascii=False)}" for r in v) + "\n ]"
            for k, v in t.items()
        )
        + "\n}\n",
        encoding="utf-8",
    )


def version(dist: str) -> str:
    return md.version(dist)


def tool_calls(name: str) -> dict[str, str]:
    """The six calls of :func:`run_tools`, written for a PDF called ``name``."""
    return {
        "pdftotext": f"pdftotext -enc UTF-8 {name}.pdf -",
        "pdftotext_layout": f"pdftotext -layout -enc UTF-8 {name}.pdf -",
        "pdfminer": f"pdfminer.high_level.extract_text({name}.pdf)",
        "pdfplumber": f"pdfplumber.open({name}.pdf).pages[i].extract_text()",
        "pypdf": f"pypdf.PdfReader({name}.pdf).pages[i].extract_text()",
        "pymupdf": f"pymupdf.open({name}.pdf)[i].get_text()",
    }


def tool_versions() -> dict[str, str]:
    """The versions of the tools :func:`run_tools` calls, as installed now."""
    return {
        "pdftotext": typesetting.tool_version(["pdftotext", "-v"]).splitlines()[0],
        "poppler_utils_package": typesetting.tool_version(["dpkg-query", "-W", "poppler-utils"]),
        "pdfminer.six": version("pdfminer.six"),
        "pdfplumber": version("pdfplumber"),
        "pypdf": version("pypdf"),
        "pymupdf": version("pymupdf"),
    }


TOOL_LICENCES = {
    "poppler": "GPL-2.0-or-later (tool only; its output is data)",
    "pdfminer.six": "MIT",
    "pdfplumber": "MIT",
    "pypdf": "BSD-3-Clause",
    "pymupdf": "AGPL-3.0 (this script only, never imported by the pipeline)",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep-pdf", type=Path, help="also keep the PDFs in this folder")
    args = ap.parse_args()
    typesetting.pdfmetrics.registerFont(
        typesetting.TTFont(typesetting.FONT, typesetting.FONT_PATH, subfontIndex=0)
    )
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    listed = []
    with tempfile.TemporaryDirectory() as tmp:
        for case, mode in CASES:
            pdf = Path(tmp) / f"{case.name}.pdf"
            original = typesetting.canvas
            typesetting.canvas = SimpleNamespace(Canvas=variant_canvas(mode))
            try:
                expected, col_w = typesetting.typeset(case, pdf)
            finally:
                typesetting.canvas = original
            if args.keep_pdf:
                args.keep_pdf.mkdir(parents=True, exist_ok=True)
                shutil.copy(pdf, args.keep_pdf / pdf.name)
            for tool, text in run_tools(pdf).items():
                (OUT_DIR / f"{case.name}.{tool}.txt").write_text(text, encoding="utf-8")
            write_truth(OUT_DIR / f"{case.name}.truth.json", truth(case, expected))
            listed.append(
                {
                    "name": case.name,
                    "source": source_ref(case),
                    "columns": case.k,
                    "column_width_chars": col_w,
                    "font_size_pt": case.font_size,
                    "gutter_chars": case.gutter,
                    "title_band_source_lines": list(case.band),
                    "variant": mode or "plain",
                }
            )
        sys.path.insert(0, str(ROOT))
        from tests.newspaper_pdf import make_issue

        for name, seed, options in NEWSPAPER_CASES:
            pdf = Path(tmp) / f"{name}.pdf"
            data, truths = make_issue(seed, 1, name=pdf.name, stream_order="reading", **WQY_FONTS, **options)
            pdf.write_bytes(data)
            if args.keep_pdf:
                args.keep_pdf.mkdir(parents=True, exist_ok=True)
                shutil.copy(pdf, args.keep_pdf / pdf.name)
            for tool, text in run_tools(pdf).items():
                (OUT_DIR / f"{name}.{tool}.txt").write_text(text, encoding="utf-8")
            t = newspaper_truth(name, seed, options, truths[0])
            write_truth(OUT_DIR / f"{name}.truth.json", t)
            listed.append(
                {
                    "name": name,
                    "source": t["source"],
                    "columns": t["columns"],
                    "kind": "newspaper",
                    "options": {**options, "stream_order": "reading", **WQY_FONTS},
                    "variant": "glyphs" if options.get("text_runs") == "glyph" else "plain",
                    "gutter_chars": None,
                }
            )
    meta = {
        "what": "text of one typeset PDF page per case from six extractor calls; see "
        "scripts/make_extractor_fixtures.py",
        "command": "python scripts/make_extractor_fixtures.py",
        "tools": tool_calls("CASE"),
        "versions": {
            **tool_versions(),
            "reportlab": typesetting.REPORTLAB_VERSION,
            "newspaper_generator": "tests/newspaper_pdf.py at "
            + typesetting.tool_version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
        },
        "licences": TOOL_LICENCES,
        "font": {
            "file": typesetting.FONT_PATH,
            "debian_package": typesetting.tool_version(["dpkg-query", "-W", typesetting.FONT_PACKAGE]),
            "licence": typesetting.FONT_LICENCE,
        },
        "variants": {
            "plain": "one text object per printed row",
            GLYPHS: "every glyph its own text object (as many PDF producers write)",
            TRACKED: f"every row set with a letter-spacing of {TRACKING} em",
        },
        "notes": [
            "truth.json rows: [column, line as printed] in reading order, column 0-based, -1 = title band",
            "newspaper cases (kind newspaper, source newspaper:SEED): full pages of tests/newspaper_pdf.py "
            "make_issue(SEED, 1, **options); rows: [piece, line] in the order drawn without header and "
            "footer, piece = one (article, grid column) piece of text, -1 = no article (captions, boxes, "
            "jump lines); articles: the generator's gold",
            "the form feeds the tools put between pages are stripped",
        ],
        "date": typesetting.today(),
        "cases": listed,
    }
    (OUT_DIR / "fixtures.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(listed)} cases × {len(TOOLS)} tools to {OUT_DIR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
