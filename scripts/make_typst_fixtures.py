"""Build ``tests/data/typst/``: newspaper and magazine pages typeset by Typst from known text, for
holding the PDF reader (and the text path, through six extractors) to a typesetter it was not
written against.

Why: the PDF fixtures of ``scripts/make_newspaper_pdfs.py`` are all typeset by one generator
(reportlab). Typst breaks and justifies CJK lines its own way, hangs punctuation into the margins
(标点悬挂), puts a thin space between Han and Latin or digits, and flows stories on from column to
column on a magazine-like page: read as a reportlab page, such pages lost a third of their text to
the wrong articles (see the README's PDF section).

How: ``tests/typst_pages.py`` writes each page's Typst source from synthetic articles (layout, sizes
and face drawn per seed; articles dropped until the page fits one sheet); the ``typst`` package
compiles it; the six extractor calls of ``scripts/make_extractor_fixtures.py`` read it; the truth
is the articles plus every printed line as ``[piece, text]`` (piece = one (article, column) piece,
found from PyMuPDF's line boxes — PyMuPDF is AGPL: used here only, never by the pipeline).

Written: ``<name>.typ``, ``<name>.pdf``, ``<name>.truth.json``, ``<name>.<tool>.txt`` and
``fixtures.json`` (seeds, options, versions, licences). Needs (only to regenerate):
``pip install -e '.[fixtures]'``, Debian ``poppler-utils``, ``fonts-wqy-microhei`` and
``fonts-wqy-zenhei``. Run: ``python scripts/make_typst_fixtures.py [--out DIR] [SEED ...]`` (seeds:
only those pages are made again, each entry naming its generator's commit; the others, and the
versions recorded for them, are kept).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from importlib import metadata as md
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import make_extractor_fixtures as mef  # noqa: E402
import make_pdftotext_fixtures as typesetting  # noqa: E402

from tests.typst_pages import PHOTO, TypstPage, gold, page_source, photo_png, printed  # noqa: E402

OUT_DIR = ROOT / "tests" / "data" / "typst"
SEEDS = (1, 2, 6, 7, 206, 115, 704, 713, 323)  # lead, flows (stories run on past a column's foot), a grid
SEEDS += (2003, 2006)  # their pdfminer.six / pdftotext -layout text went out spliced, unflagged
# with photos, boxed notes, jump lines, centred headlines (page_source extras)
EXTRA_SEEDS = (405, 402, 3105, 3120)
EXTRA_SEEDS += (917, 908, 916, 903)  # a flow run on into a column opening on a photo; headings with
# clause marks; a dateline on an indented first line measured short (its digits half a cell);
# a title at a column's foot, its subtitle and byline at the next column's head (4022); a run at a
# column's head under a photo carrying on the story before, its title centred over its byline
# (4101); titles side by side, a ？ hung into the gutter a fifth of an em from the next (4110)
SEEDS += (4022,)
SEEDS += (4420,)  # four titles side by side wrapped to a fourth line: its last glyphs, two on one baseline
EXTRA_SEEDS += (4101, 4110)
EXTRA_SEEDS += (5110,)  # two titles side by side, the first line's trailing space short of the gutter
SEEDS += (5617,)  # a subtitle in smaller print than the text wrapped to a last glyph over the byline
SEEDS += (6024,)  # a whole column beside a column of three stories, carrying on the one at its foot
EXTRA_SEEDS += (6714,)  # a title and a heading at a column's foot, its story at the next one's head
EXTRA_SEEDS += (7712,)  # a story's text ending a point over the next title, its dateline under a heading
SEEDS += (8020,)  # two titles side by side, columns 9 pt apart, the right one opening on a hung quote
EXTRA_SEEDS += (8120,)  # a lead line opening on a dash under the dateline line, right under the title
SEEDS += (8411,)  # a heading with clause marks wrapped at a story's head, over its dateline line
EXTRA_SEEDS += (4919,)  # subtitles set in the text's face and size, opening their stories
SEEDS += (8410,)  # a heading ending on a closing quote, wrapped at a column's head over a dateline
SEEDS += (12505,)  # a title's opening quote set tight after its glyph, over another story's indent
SEEDS += (13721,)  # a paragraph's last line right over the next story's headline, touching it
SEEDS += (14505,)  # a headline line a curly quote opens mid-row, its top a hair over its row-mate
# a column at the page's head carrying on the story at the foot of the column to its left, ending
# on an author's note over a jump note (the second: a title at the page's foot beside it)
EXTRA_SEEDS += (12610, 12614, 12815)  # (12815: read silently into the story at the page's head)
EXTRA_SEEDS += (12818,)  # a paragraph's last line of a glyph and two closing marks
EXTRA_SEEDS += (13212,)  # a heading filling the measure at a column's foot, its paragraph at the next
FONT_FILES = {
    "WenQuanYi Micro Hei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "fonts-wqy-microhei"),
    "WenQuanYi Zen Hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei"),
}
FONT_LICENCES = {
    "fonts-wqy-microhei": "Apache-2.0 or GPL-3+ with font exception (Debian copyright file)",
    "fonts-wqy-zenhei": "GPL-2 with font embedding exception (Debian copyright file)",
}


def compile_page(seed: int, out: Path, extras: bool = False) -> tuple[TypstPage, Path]:
    """Compile page ``seed`` into ``out``, dropping articles until it fits one sheet."""
    import pymupdf
    import typst

    pdf = out / f"ty{seed}.pdf"
    (out / PHOTO).write_bytes(photo_png())
    fonts = sorted({str(Path(f).parent) for f, _ in FONT_FILES.values()})
    for drop in range(12):
        page = page_source(seed, drop, extras=extras)
        (out / f"ty{seed}.typ").write_text(page.source, encoding="utf-8")
        pdf.write_bytes(typst.compile(str(out / f"ty{seed}.typ"), root=str(out), font_paths=fonts))
        if len(pymupdf.open(str(pdf))) == 1:
            return page, pdf
    raise SystemExit(f"page {seed} does not fit one sheet")


def truth(name: str, seed: int, page: TypstPage, pdf: Path) -> dict:
    """The fixtures' truth format (see ``scripts/make_extractor_fixtures.py``)."""
    import pymupdf

    texts = [printed(a) for a in page.articles]
    width = pymupdf.open(str(pdf))[0].rect.width
    pieces: dict[tuple[int, int], int] = {}
    rows = []
    for block in pymupdf.open(str(pdf))[0].get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            t = re.sub(r"\s", "", "".join(s["text"] for s in line["spans"]))
            art = next((i for i, tx in enumerate(texts) if t and t in tx), None)
            if art is None:
                continue  # the header and its rule
            column = int(line["bbox"][0] / (width / page.options["columns"]))
            rows.append([pieces.setdefault((art, column), len(pieces)), t])
    return {
        "name": name,
        "columns": page.options["columns"],
        "source": f"newspaper:typst{seed}",
        "options": page.options,
        "articles": gold(page),
        "furniture": page.furniture,
        "rows": rows,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", nargs="*", type=int, default=[])
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    old = args.out / "fixtures.json"
    listed = (  # pages asked for are made again, the others kept as listed
        [p for p in json.loads(old.read_text(encoding="utf-8"))["pages"] if p["seed"] not in args.seeds]
        if args.seeds and old.exists()
        else []
    )
    commit = typesetting.tool_version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    for seed in args.seeds or [*SEEDS, *EXTRA_SEEDS]:
        name = f"ty{seed}"
        page, pdf = compile_page(seed, args.out, extras=seed in EXTRA_SEEDS)
        for tool, text in mef.run_tools(pdf).items():
            (args.out / f"{name}.{tool}.txt").write_text(text, encoding="utf-8")
        mef.write_truth(args.out / f"{name}.truth.json", truth(name, seed, page, pdf))
        listed.append(
            {"name": name, "seed": seed, "articles": len(page.articles), **page.options}
            # (a partial run: the page made again names the generator's commit, the others keep theirs)
            | ({"generator_at": commit} if args.seeds else {})
        )
        print(name, page.options, len(page.articles), "articles")
    meta = {
        "what": "pages typeset by Typst from known text (tests/typst_pages.py), their extractor texts and truth",
        "command": "python scripts/make_typst_fixtures.py",
        "versions": {
            "typst (python package, bundles the compiler)": md.version("typst"),
            "pdftotext": typesetting.tool_version(["pdftotext", "-v"]).splitlines()[0],
            "pdfminer.six": md.version("pdfminer.six"),
            "pdfplumber": md.version("pdfplumber"),
            "pypdf": md.version("pypdf"),
            "pymupdf": md.version("pymupdf"),
            "generator": "tests/typst_pages.py at " + commit,
        },
        "licences": {
            "typst": "Apache-2.0 (the compiler; its output is data)",
            "poppler": "GPL-2.0-or-later (tool only; its output is data)",
            "pdfminer.six": "MIT",
            "pdfplumber": "MIT",
            "pypdf": "BSD-3-Clause",
            "pymupdf": "AGPL-3.0 (this script only, never imported by the pipeline)",
        },
        "fonts": [
            {
                "name": face,
                "file": path,
                "debian_package": typesetting.tool_version(["dpkg-query", "-W", package]),
                "kind": "TrueType collection, subset-embedded by Typst",
                "licence": FONT_LICENCES[package],
            }
            for face, (path, package) in FONT_FILES.items()
        ],
        "notes": [
            "truth.json rows: [piece, line as printed] in the order PyMuPDF lists the lines; piece = one "
            "(article, column band) piece; articles: the synthetic generator's, titles above their text",
        ],
        "date": typesetting.today(),
        "pages": sorted(listed, key=lambda p: p["seed"]),
    }
    if args.seeds and old.exists():  # the pages kept were made by the versions recorded before
        meta["versions"] = json.loads(old.read_text(encoding="utf-8"))["versions"]
    (args.out / "fixtures.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
