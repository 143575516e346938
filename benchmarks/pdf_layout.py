"""Accuracy of PDF input on pages with known truth, per set, against the issue's targets.

    python benchmarks/pdf_layout.py [--set dev|heldout|sample|all] [--details] [--fresh N [--first-seed S] [--matrix-text]]
                                    [--typst N [--typst-seed S] [--typst-extras]] [--html N [--html-seed S]]
                                    [--chromium N [--chromium-seed S]] [--wkhtml N [--wkhtml-seed S]]
                                    [--tex N [--tex-seed S]] [--lo N [--lo-seed S]] [--pdfs PDF ...]

Sets (``tests/data/pdf/``, made by ``scripts/make_newspaper_pdfs.py``): ``dev`` (used in development),
``heldout`` (other seeds, page sizes, column counts and fonts, never looked at while developing: the
honest number), ``sample`` (the annotated sample page typeset in 4 and 6 columns, scored against
``../shared/gold/seed.gold.json``); ``--fresh N`` adds N pages typeset now from other seeds (sizes,
column counts, faces and stream orders drawn per seed; STSong-Light, so no font file is needed);
``--typst N`` adds N pages typeset now by another typesetter, Typst (``tests/typst_pages.py``: stories
flowing from column to column, grids, a lead story; hanging punctuation; needs the ``typst`` package of
the ``fixtures`` extra); ``--html N`` adds N pages typeset now by a third typesetter, WeasyPrint, from
HTML and CSS (``tests/html_pages.py``: CSS columns and grids; needs ``weasyprint``); ``--chromium N``
the same HTML printed by headless Chromium (its own column balancing: titles at a column's foot
with their text at the next column's head; needs Debian's ``chromium``); ``--wkhtml N`` by wkhtmltopdf
(Qt WebKit: one wide column, the page scaled to fit; needs Debian's ``wkhtmltopdf``); ``--tex N`` by
XeLaTeX (``tests/tex_pages.py``: stories as boxes in rows, some setting their text in columns of
their own; needs ``xelatex``: Debian ``texlive-xetex texlive-lang-chinese texlive-latex-extra``);
``--lo N`` by LibreOffice (``tests/lo_pages.py``: positioned text frames with text columns, as
e-paper pages are made up; needs ``soffice``: Debian ``libreoffice-draw-nogui``); ``--pdfs PDF ...``
any pages of your own, each with its truth beside it as ``NAME.gold.json`` (the format of
``../shared/gold/``).  Each file is read by ``pipeline.records.page_records`` (the build's
own path, without Prefect) and scored by ``../shared/eval/score.py``; furniture strings of the truth
found inside an article's text are counted too, and so are the errors that matter most: articles
holding the text of two stories of the truth (``2-story``; at least 24 characters of each), and of
those the ones no flag warns of (``silent``: no reading flag but ``untitled``/``no_byline``/``no_text``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.records import page_records  # noqa: E402
from pipeline.sources import SourceFile  # noqa: E402
from schemas import schema_for  # noqa: E402
from tests.story_metrics import gold_stories, two_stories  # noqa: E402

PDFS = ROOT / "tests" / "data" / "pdf"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
SAMPLE_GOLD = ROOT.parent / "shared" / "gold" / "seed.gold.json"
TARGETS = {"articles": 0.98, "cer": 0.003, "paragraphs": 0.95, "title": 0.97, "author": 0.97}


def files(which: str) -> list[tuple[Path, Path]]:
    meta = json.loads((PDFS / "fixtures.json").read_text(encoding="utf-8"))
    out = []
    for f in meta["files"]:
        if which not in ("all", f["set"]):
            continue
        gold = SAMPLE_GOLD if f["set"] == "sample" else PDFS / f["gold"]
        out.append((f["set"], PDFS / f["pdf"], gold))
    return out


def fresh(
    n: int, first_seed: int, folder: Path, faces: list[str], text_size: str = "font"
) -> list[tuple[str, Path, Path]]:
    """``n`` pages typeset now from seeds never committed, with varied options (and, with
    ``faces``, every other page set in one of those fonts; ``text_size="matrix"``: every text run
    set at font size 1 and scaled by its text matrix, as many e-paper systems write)."""
    from tests.newspaper_pdf import fresh_options, make_issue

    out = []
    for seed in range(first_seed, first_seed + n):
        opts = fresh_options(seed)
        opts["text_size"] = text_size
        if faces and seed % 2:  # every other page in an installed face instead of STSong-Light
            opts["font_path"], opts["bold_font_path"] = (
                faces[seed % len(faces)],
                faces[(seed + 1) % len(faces)],
            )
        pdf, truths = make_issue(seed, **opts)
        (folder / f"fresh_{seed}.pdf").write_bytes(pdf)
        (folder / f"fresh_{seed}.gold.json").write_text(
            json.dumps([t.to_json() for t in truths], ensure_ascii=False)
        )
        out.append(("fresh", folder / f"fresh_{seed}.pdf", folder / f"fresh_{seed}.gold.json"))
    return out


def typst_pages(n: int, first_seed: int, folder: Path, extras: bool = False) -> list[tuple[str, Path, Path]]:
    """``n`` pages typeset now by Typst (``tests/typst_pages.py``: flows, grids, a lead story; its
    hanging punctuation and spacing; with ``extras`` photos, boxed notes, jump lines and centred
    headlines in some stories), from seeds ``first_seed``…; needs the ``typst`` package
    (``pip install -e '.[fixtures]'``) and the WenQuanYi faces. A page that does not fit one sheet
    with two articles left is skipped, as in :func:`_printed_html`."""
    import pypdfium2 as pdfium
    import typst

    from tests.typst_pages import PHOTO, page_source, photo_png, write_gold

    fonts = ["/usr/share/fonts/truetype/wqy"]
    (folder / PHOTO).write_bytes(photo_png())
    label = "typst+" if extras else "typst"
    out = []
    for seed in range(first_seed, first_seed + n):
        pdf, src = folder / f"typst_{seed}.pdf", folder / f"typst_{seed}.typ"
        for drop in range(12):  # articles dropped until the page fits one sheet
            page = page_source(seed, drop, extras=extras)
            src.write_text(page.source, encoding="utf-8")
            pdf.write_bytes(typst.compile(str(src), root=str(folder), font_paths=fonts))
            if len(pdfium.PdfDocument(str(pdf))) == 1:
                break
        else:  # (its truth would hold text the page does not: the rest set on a second sheet)
            print(f"typst_{seed}: does not fit one sheet, skipped", file=sys.stderr)
            continue
        g = write_gold(folder / f"typst_{seed}.gold.json", f"typst:{seed}", page)
        out.append((label, pdf, g))
    return out


def html_pages(n: int, first_seed: int, folder: Path) -> list[tuple[str, Path, Path]]:
    """``n`` pages typeset now by WeasyPrint from HTML and CSS (``tests/html_pages.py``: stories
    flowing through CSS columns, or a story a grid cell), from seeds ``first_seed``…; needs the
    ``weasyprint`` package (``pip install -e '.[fixtures]'``) and the WenQuanYi faces. A page that
    does not fit one sheet with two articles left is skipped, as in :func:`_printed_html`."""
    import pypdfium2 as pdfium
    import weasyprint

    from tests.html_pages import page_source
    from tests.typst_pages import write_gold

    out = []
    for seed in range(first_seed, first_seed + n):
        pdf = folder / f"html_{seed}.pdf"
        for drop in range(12):  # articles dropped until the page fits one sheet
            page = page_source(seed, drop)
            weasyprint.HTML(string=page.source).write_pdf(str(pdf))
            if len(pdfium.PdfDocument(str(pdf))) == 1:
                break
        else:  # (its truth would hold text the page does not: the rest set on a second sheet)
            print(f"html_{seed}: does not fit one sheet, skipped", file=sys.stderr)
            continue
        g = write_gold(folder / f"html_{seed}.gold.json", f"html:{seed}", page)
        out.append(("html", pdf, g))
    return out


def _printed_html(
    n: int, first_seed: int, folder: Path, name: str, tool: str, print_pdf: Callable[[Path, Path, Any], None]
) -> list[tuple[str, Path, Path]]:
    """The pages of :func:`html_pages` printed by another engine (``print_pdf(html, pdf, page)``),
    from seeds ``first_seed``…, articles dropped until a page fits one sheet; a page that does not
    with two articles left is skipped (its truth would hold text the page does not)."""
    import pypdfium2 as pdfium

    from tests.html_pages import page_source
    from tests.typst_pages import write_gold

    out = []
    for seed in range(first_seed, first_seed + n):
        pdf, html = folder / f"{name}_{seed}.pdf", folder / f"{name}_{seed}.html"
        for drop in range(12):
            page = page_source(seed, drop)
            html.write_text(page.source, encoding="utf-8")
            print_pdf(html, pdf, page)
            if pdf.exists() and len(pdfium.PdfDocument(str(pdf))) == 1:
                break
        else:
            print(f"{name}_{seed}: does not fit one sheet, skipped", file=sys.stderr)
            continue
        out.append((tool, pdf, write_gold(folder / f"{name}_{seed}.gold.json", f"{name}:{seed}", page)))
    return out


def chromium_pages(n: int, first_seed: int, folder: Path) -> list[tuple[str, Path, Path]]:
    """The pages of :func:`html_pages` printed by headless Chromium (Blink's layout, Skia's PDF:
    its own column balancing, headings emboldened in a font subset of their own); needs Debian's
    ``chromium``."""

    def print_pdf(html: Path, pdf: Path, page: Any) -> None:
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
        cmd = ["chromium", *flags, f"--print-to-pdf={pdf}", html.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)

    return _printed_html(n, first_seed, folder, "chr", "chromium", print_pdf)


def wkhtml_pages(n: int, first_seed: int, folder: Path) -> list[tuple[str, Path, Path]]:
    """The pages of :func:`html_pages` printed by wkhtmltopdf (Qt WebKit: no CSS columns or grids,
    so one wide column; its page scaled down to fit, a font size that is not the glyphs' size on
    the page); needs Debian's ``wkhtmltopdf``."""

    def print_pdf(html: Path, pdf: Path, page: Any) -> None:
        w = page.options["width_mm"]
        size = ["--page-width", f"{w}mm", "--page-height", f"{int(w * 1.414)}mm"]
        margins = ["-T", "14mm", "-B", "14mm", "-L", "14mm", "-R", "14mm"]
        cmd = ["wkhtmltopdf", "-q", *size, *margins, "--encoding", "utf-8", str(html), str(pdf)]
        subprocess.run(cmd, capture_output=True, timeout=300)

    return _printed_html(n, first_seed, folder, "wk", "wkhtmltopdf", print_pdf)


BENIGN_FLAGS = frozenset({"untitled", "no_byline", "no_text"})  # say nothing of a story's bounds


def run(pdf: Path, gold: Path, details: bool) -> tuple[dict, int, str]:
    data = pdf.read_bytes()
    src = SourceFile(paths=(pdf.name,), sha256=hashlib.sha256(data).hexdigest(), n_bytes=len(data))
    recs = page_records(src, data, with_tokens=False)
    with tempfile.TemporaryDirectory() as tmp:
        for table in ("articles", "paragraphs", "mentions"):
            pq.write_table(
                pa.Table.from_pylist([r.model_dump() for r in recs.rows(table)], schema=schema_for(table)),
                Path(tmp) / f"{table}.parquet",
            )
        cmd = [sys.executable, str(SCORER), str(gold), tmp, "--json"] + (["--details"] if details else [])
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:  # the shared scorer fails on a few outputs (a region built where gold has none)
            return {}, 0, proc.stderr.strip().splitlines()[-1]
    leaked = 0
    truth = json.loads(gold.read_text(encoding="utf-8"))
    stories = gold_stories(truth)
    mixed = [a for a in recs.articles if two_stories(a.text, stories)]
    silent = [a for a in mixed if not set(a.flags) - BENIGN_FLAGS]
    flagged = sum(bool(set(a.flags) - BENIGN_FLAGS) for a in recs.articles)
    if isinstance(truth, list):
        texts = [a.text.replace(" ", "") for a in recs.articles]
        for page in truth:
            for s in page.get("furniture", {}).get("strings", []):
                s = s.replace(" ", "")
                leaked += len(s) >= 6 and any(s in t for t in texts)
    scores = json.loads(proc.stdout)
    scores["mixed"], scores["silent"], scores["flagged"] = len(mixed), len(silent), flagged
    return scores, leaked, proc.stderr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="all", choices=["dev", "heldout", "sample", "all"])
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--fresh", type=int, default=0, metavar="N", help="also N pages typeset now")
    ap.add_argument("--first-seed", type=int, default=20_000)
    ap.add_argument(
        "--matrix-text",
        action="store_true",
        help="--fresh pages with every text run set at font size 1 and scaled by its text matrix",
    )
    ap.add_argument(
        "--faces",
        nargs="*",
        default=[],
        metavar="FONT",
        help="TTF/TTC files to set every other fresh page in (e.g. /usr/share/fonts/truetype/wqy/*.ttc)",
    )
    ap.add_argument("--typst", type=int, default=0, metavar="N", help="also N pages typeset now by Typst")
    ap.add_argument("--typst-seed", type=int, default=301, help="first seed of --typst")
    ap.add_argument(
        "--typst-extras", action="store_true", help="--typst pages with photos, boxes, jump lines"
    )
    ap.add_argument("--html", type=int, default=0, metavar="N", help="also N pages typeset now by WeasyPrint")
    ap.add_argument("--html-seed", type=int, default=101, help="first seed of --html")
    ap.add_argument(
        "--chromium", type=int, default=0, metavar="N", help="also N --html pages printed now by Chromium"
    )
    ap.add_argument("--chromium-seed", type=int, default=101, help="first seed of --chromium")
    ap.add_argument(
        "--wkhtml", type=int, default=0, metavar="N", help="also N --html pages printed now by wkhtmltopdf"
    )
    ap.add_argument("--wkhtml-seed", type=int, default=101, help="first seed of --wkhtml")
    ap.add_argument("--tex", type=int, default=0, metavar="N", help="also N pages typeset now by XeLaTeX")
    ap.add_argument("--tex-seed", type=int, default=701, help="first seed of --tex")
    ap.add_argument("--lo", type=int, default=0, metavar="N", help="also N pages typeset now by LibreOffice")
    ap.add_argument("--lo-seed", type=int, default=901, help="first seed of --lo")
    ap.add_argument(
        "--pdfs",
        nargs="+",
        type=Path,
        default=[],
        metavar="PDF",
        help="also these pages, each with NAME.gold.json beside it (the shared scorer's format)",
    )
    args = ap.parse_args()
    if not SCORER.exists():
        sys.exit("needs ../shared/eval/score.py")
    sets: dict[str, dict] = {}
    print(
        f"{'file':22} {'art F1':>7} {'para F1':>7} {'CER':>7} {'title':>6} {'author':>6} {'leaked':>6} "
        f"{'2-story':>7} {'silent':>6} {'flagged':>7}"
    )
    tmp = Path(tempfile.mkdtemp(prefix="baokan-fresh-"))
    todo = files(args.set) + (
        fresh(args.fresh, args.first_seed, tmp, args.faces, "matrix" if args.matrix_text else "font")
        if args.fresh
        else []
    )
    todo += [("given", pdf, pdf.with_suffix(".gold.json")) for pdf in args.pdfs]
    if args.typst:
        todo += typst_pages(args.typst, args.typst_seed, tmp, args.typst_extras)
    if args.html:
        todo += html_pages(args.html, args.html_seed, tmp)
    if args.chromium:
        todo += chromium_pages(args.chromium, args.chromium_seed, tmp)
    if args.wkhtml:
        todo += wkhtml_pages(args.wkhtml, args.wkhtml_seed, tmp)
    if args.tex:
        from tests.tex_pages import make_pages as tex_pages

        todo += tex_pages(args.tex, args.tex_seed, tmp)
    if args.lo:
        from tests.lo_pages import make_pages as lo_pages

        todo += lo_pages(args.lo, args.lo_seed, tmp)
    for name, pdf, gold in todo:
        s, leaked, details = run(pdf, gold, args.details)
        if not s:
            print(f"{pdf.name:22} not scored: the scorer failed ({details})")
            continue
        print(
            f"{pdf.name:22} {s['articles']['f1']:7.3f} {s['paragraphs']['f1']:7.3f} {s['cer']:7.2%} "
            f"{s['title_acc']:6.2f} {s['author_acc']:6.2f} {leaked:6d} {s['mixed']:7d} {s['silent']:6d} {s['flagged']:7d}"
        )
        if args.details and details:
            print(details)
        agg = sets.setdefault(
            name,
            {
                "n": 0,
                "leaked": 0,
                "title": [],
                "author": [],
                "cer": [],
                "mixed": 0,
                "silent": 0,
                "flagged": 0,
            },
        )
        for k in ("mixed", "silent", "flagged"):
            agg[k] += s[k]
        for k in ("articles", "paragraphs"):
            for m in ("tp", "fp", "fn"):
                agg[f"{k}.{m}"] = agg.get(f"{k}.{m}", 0) + s[k][m]
        n_arts = s["articles"]["tp"] + s["articles"]["fn"]
        agg["title"].append((s["title_acc"], n_arts))
        agg["author"].append((s["author_acc"], n_arts))
        agg["cer"].append((s["cer"], n_arts))
        agg["leaked"] += leaked
        agg["n"] += 1

    def f1(agg: dict, k: str) -> float:
        tp, fp, fn = agg[f"{k}.tp"], agg[f"{k}.fp"], agg[f"{k}.fn"]
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def mean(pairs: list[tuple[float, int]]) -> float:
        w = sum(n for _, n in pairs)
        return sum(v * n for v, n in pairs) / w if w else 0.0

    print()
    print(
        f"{'set':11} {'files':>5} {'art F1':>7} {'para F1':>7} {'CER':>7} {'titles':>7} {'authors':>7} {'leaked':>6} "
        f"{'2-story':>7} {'silent':>6} {'flagged':>7}"
    )
    for name, agg in sets.items():
        print(
            f"{name:11} {agg['n']:5d} {f1(agg, 'articles'):7.3f} {f1(agg, 'paragraphs'):7.3f} {mean(agg['cer']):7.2%} "
            f"{mean(agg['title']):7.3f} {mean(agg['author']):7.3f} {agg['leaked']:6d} "
            f"{agg['mixed']:7d} {agg['silent']:6d} {agg['flagged']:7d}"
        )
    t = TARGETS
    print(
        f"targets  (held-out) articles F1 >= {t['articles']}, CER <= {t['cer']:.1%}, paragraphs F1 >= "
        f"{t['paragraphs']}, titles and authors >= {t['title']}, no furniture in an article, no 2-story article silent"
    )


if __name__ == "__main__":
    main()
