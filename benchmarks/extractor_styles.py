"""Pages from six extractor calls: the same articles as the page itself, or a flag.

    python benchmarks/extractor_styles.py [--cases] [--json] [--synthetic N] [--cost [--against REV]]
    python benchmarks/extractor_styles.py --fresh N [--first-seed S]
    python benchmarks/extractor_styles.py --typeset [PDF ...] [--cases]

For every case of ``tests/data/extractors/`` (pages typeset from known text in 1–6 columns, and
full newspaper pages of ``tests/newspaper_pdf.py``, run through pdftotext, pdftotext -layout,
pdfminer.six, pdfplumber, pypdf and PyMuPDF by ``scripts/make_extractor_fixtures.py``) the tool's
text is read by ``pipeline.layout.read_page`` and scored (``tests/extractor_metrics.py``): a column
page against the source page as the same reader reads it, a newspaper page against its gold.
Printed per page set × tool × detected style: pages, articles F1, CER, titles right, pages
flagged (reading order not restored), paragraphs splicing two columns — all of them, and those in
unflagged articles (the number that must be 0) —, articles holding the text of two truth articles
(two stories run together; all, and unflagged) and, for comparison, articles F1 and unflagged
splicing paragraphs of the reader before styles were recognised (side-by-side columns only).
Then the false alarms: pages in reading order (the sample, the hand-made pages, the pdftotext
fixtures, ``--synthetic`` synthetic pages with and without their blank lines, every PyMuPDF and
pypdf column page not drawn glyph by glyph) read as any other style.

``--fresh N``: N full newspaper pages typeset now (``tests/newspaper_pdf.py``, seeds from
``--first-seed``, size, columns and text runs drawn per seed) and run through the six tools as the
fixtures were (needs ``pip install -e '.[fixtures]'``, ``poppler-utils`` and the WenQuanYi fonts):
the table per tool for pages no rule was written against.

``--typeset [PDF ...]``: pages set by other typesetters (XeLaTeX, LibreOffice, WeasyPrint,
Chromium, wkhtmltopdf: ``tests/data/typeset/`` and their committed tool texts; or the PDFs given,
each with its ``NAME.gold.json`` beside it as ``benchmarks/pdf_layout.py``' generators write them,
run through the six tools now): the same table per tool, truth from the gold (a "column" there is
a whole article: see ``tests/extractor_metrics.py``), and every page with an unflagged error named.

``--cost``: what recognising the style costs a page already in reading order: ``read_page`` on 400
synthetic pages and the sample page (×50), timed as it is and, in the same run and in alternating
rounds, with the style checks skipped (the page taken as reading order at once, and not asked
after reading whether a paragraph ran past a jump note or holds a dateline) — the baseline. Best of
the rounds and the median of the paired rounds' differences, CPU time. ``--against REV``: also the whole reader of git revision ``REV`` (checked out
in a temporary worktree) on a third of the same pages, both readers in one process in alternating
rounds: what everything added since costs (the style checks and the drawing-order rules of the
assembly), less what was made faster since.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.layout import read_page  # noqa: E402
from pipeline.layout.articles import assemble  # noqa: E402
from pipeline.layout.columns import split_columns  # noqa: E402
from pipeline.layout.styles import detect_style  # noqa: E402
from pipeline.types import PageLayout  # noqa: E402
from tests.extractor_metrics import CASES, META, NEWSPAPER, TOOLS, CaseResult, evaluate, tool_text  # noqa: E402
from tests.layout_metrics import summarize  # noqa: E402


def before(text: str) -> PageLayout:
    """The reader as it was: side-by-side columns split, nothing else recognised or flagged."""
    split = split_columns(text)
    return assemble(split.text if split else text)


def row(results: list[CaseResult], old: list[CaseResult]) -> dict:
    s = summarize(r.score for r in results)
    o = summarize(r.score for r in old)
    return {
        "pages": len(results),
        "articles_f1": round(s.articles_f1, 3),
        "cer": round(s.cer, 4),
        "titles": round(s.title_acc, 3),
        "flagged": sum(r.flagged for r in results),
        "paragraphs": sum(r.paragraphs for r in results),
        "splicing": sum(r.splicing for r in results),
        "splicing_unflagged": sum(r.splicing_unflagged for r in results),
        "mixing": sum(r.mixing for r in results),
        "mixing_unflagged": sum(r.mixing_unflagged for r in results),
        "before_articles_f1": round(o.articles_f1, 3),
        "before_splicing_unflagged": sum(r.splicing_unflagged for r in old),
    }


def reading_order_pages(synthetic: int) -> dict[str, list[tuple[str, str]]]:
    """Pages in reading order, by set: (name, text)."""
    from tests.synthetic import generate_page

    glyphs = {c["name"] for c in META["cases"] if c["variant"] == "glyphs"}
    data = ROOT / "tests" / "data"
    syn = [(f"synthetic:{s}", generate_page(s).text) for s in range(synthetic)]
    return {
        "sample page": [("sample", (ROOT / "raw" / "000_907459e35631e193.txt").read_text(encoding="utf-8"))],
        "hand-made (unseen)": [
            (p.name, p.read_text(encoding="utf-8")) for p in sorted(data.glob("unseen/*.txt"))
        ],
        "pdftotext fixtures (in order)": [
            (p.name, p.read_text(encoding="utf-8"))
            for pat in ("*.expected.txt", "*.plain.txt")
            for p in sorted(data.glob(f"pdftotext/{pat}"))
        ],
        "synthetic": syn,
        "synthetic, blank lines dropped": [
            (n, "\n".join(ln for ln in t.split("\n") if ln.strip())) for n, t in syn
        ],
        "PyMuPDF / pypdf column fixtures": [
            (f"{c}.{t}", tool_text(c, t))
            for c in CASES
            for t in ("pymupdf", "pypdf")
            if c not in glyphs and c not in NEWSPAPER
        ],
    }


def cost_pages() -> list[str]:
    """The reading-order pages the cost is timed on: 400 synthetic pages and the sample page ×50."""
    from tests.synthetic import generate_page

    sample = (ROOT / "raw" / "000_907459e35631e193.txt").read_text(encoding="utf-8")
    return [generate_page(s).text for s in range(400)] + [sample] * 50


def cost(rounds: int = 7) -> None:
    """Print read_page's time per reading-order page with and without the style checks."""
    import time

    import pipeline.layout as layout
    from pipeline.layout.styles import READING_ORDER

    texts = cost_pages()
    # The style step before reading, and the questions asked after it (a paragraph run past a jump
    # note, a dateline amid a paragraph); the signs the assembly itself notes run in both arms.
    real = (layout.detect_style, layout.runs_past_jump, layout.dateline_amid_text)
    stubs = (lambda text: READING_ORDER, lambda text, page: False, lambda text, page: False)
    best = {"with the style checks": float("inf"), "without (baseline)": float("inf")}
    diffs: list[float] = []  # per round: with − without (the two arms back to back)
    try:
        for r in range(rounds):
            took = {}
            arms = list(zip(best, (real, stubs), strict=True))
            for label, fns in arms if r % 2 == 0 else arms[::-1]:  # (each arm first every other round)
                layout.detect_style, layout.runs_past_jump, layout.dateline_amid_text = fns
                t0 = time.process_time()
                for t in texts:
                    read_page(t)
                took[label] = (time.process_time() - t0) / len(texts)
                best[label] = min(best[label], took[label])
            diffs.append(took["with the style checks"] - took["without (baseline)"])
    finally:
        layout.detect_style, layout.runs_past_jump, layout.dateline_amid_text = real
    base = best["without (baseline)"]
    for label, sec in best.items():
        print(f"read_page {label:24} {sec * 1e3:6.3f} ms/page")
    extra = best["with the style checks"] - base
    mid = sorted(diffs)[len(diffs) // 2]
    print(
        f"style checks: {extra * 1e6:.0f} µs a page (best against best), median of {rounds} paired rounds "
        f"{mid * 1e6:.0f} µs, {mid / base:+.1%} on read_page ({len(texts)} pages)"
    )


_TIME_READERS = """
import sys, time
roots, pages, rounds = sys.argv[1:3], sys.argv[3], int(sys.argv[4])
texts = open(pages, encoding="utf-8").read().split("\\x00")[::3]

def unload():
    mods = {k: m for k, m in sys.modules.items() if k == "pipeline" or k.startswith("pipeline.")}
    for k in mods:
        del sys.modules[k]
    return mods

readers = []
for root in roots:  # each tree's modules loaded apart, swapped into sys.modules for its turn
    sys.path.insert(0, root)
    from pipeline.layout import read_page
    for t in texts:
        read_page(t)  # (imports made inside functions, the tokenizer's dictionary)
    sys.path.remove(root)
    readers.append((read_page, unload()))
best, ratios = [float("inf")] * 2, []
for r in range(rounds):
    took = [0.0, 0.0]
    for k in ((0, 1) if r % 2 == 0 else (1, 0)):
        read, mods = readers[k]
        unload()
        sys.modules.update(mods)
        t0 = time.process_time()
        for t in texts:
            read(t)
        took[k] = (time.process_time() - t0) / len(texts)
        best[k] = min(best[k], took[k])
    ratios.append(took[0] / took[1])
ratios.sort()
print(best[0], best[1], ratios[len(ratios) // 2])
"""


def cost_against(rev: str, rounds: int = 14) -> None:
    """Print read_page's time per reading-order page here and at git revision ``rev``.

    Both readers run in one process, in alternating rounds (each tree's modules swapped into
    ``sys.modules`` for its turn): on a shared machine two processes run minutes apart can differ
    by more than the difference measured (a reader timed against itself so: ±1.5 %)."""
    import subprocess
    import tempfile

    texts = cost_pages()
    with tempfile.TemporaryDirectory() as tmp:
        tree, pages = Path(tmp) / "tree", Path(tmp) / "pages.txt"
        pages.write_text("\x00".join(texts), encoding="utf-8")
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev],
            check=True,
            capture_output=True,
        )
        try:
            out = subprocess.run(
                [sys.executable, "-c", _TIME_READERS, str(ROOT), str(tree), str(pages), str(rounds)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                check=False,
                capture_output=True,
            )
    here, there, ratio = map(float, out.split())
    print(
        f"read_page here {here * 1e3:6.3f} ms/page, at {rev} {there * 1e3:6.3f} ms/page (best of {rounds} rounds)"
    )
    print(
        f"since {rev}: {(here - there) * 1e6:.0f} µs a page, {here / there - 1:+.1%} on read_page "
        f"(best against best; median of the paired rounds {ratio - 1:+.1%}; {len(texts[::3])} pages)"
    )


def fresh(n: int, first_seed: int) -> None:
    """Print the per-tool table for ``n`` newspaper pages typeset now (see the module docstring)."""
    import random
    import tempfile

    import tests.extractor_metrics as em

    sys.path.insert(0, str(ROOT / "scripts"))
    import make_extractor_fixtures as mef

    from tests.newspaper_pdf import make_issue

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = []
        for seed in range(first_seed, first_seed + n):
            r = random.Random(seed)
            opts: dict = {
                "page_size": r.choice(["broadsheet", "tabloid"]),
                "text_runs": r.choice(["line", "line", "glyph"]),
            }
            if r.random() < 0.4:
                opts["columns"] = r.choice([5, 6, 7, 8])
            name = f"fresh{seed}"
            pdf = folder / f"{name}.pdf"
            data, truths = make_issue(seed, 1, name=pdf.name, stream_order="reading", **mef.WQY_FONTS, **opts)
            pdf.write_bytes(data)
            for tool, text in mef.run_tools(pdf).items():
                (folder / f"{name}.{tool}.txt").write_text(text, encoding="utf-8")
            mef.write_truth(folder / f"{name}.truth.json", mef.newspaper_truth(name, seed, opts, truths[0]))
            names.append(name)
        saved = em.FIXTURES
        em.FIXTURES = folder
        try:
            print(f"{n} newspaper pages typeset now (seeds {first_seed}–{first_seed + n - 1})")
            tools_table(names)
        finally:
            em.FIXTURES = saved
            em.truth.cache_clear()
            em._truth_texts.cache_clear()


def tools_table(names: list[str], cases: bool = False) -> None:
    """Per tool over the pages ``names``: articles F1, CER, titles, pages flagged, and what goes
    out wrong with no flag saying so (splicing paragraphs, articles of two stories)."""
    print(
        f"{'tool':17} {'F1':>6} {'CER':>7} {'titles':>6} {'flagged':>7} {'splicing unflagged':>18} {'2 stories unflagged':>19}"
    )
    for tool in TOOLS:
        rs = [evaluate(name, tool) for name in names]
        s = summarize(r.score for r in rs)
        print(
            f"{tool:17} {s.articles_f1:6.3f} {s.cer:7.2%} {s.title_acc:6.3f} {sum(r.flagged for r in rs):4} of {len(rs):<2}"
            f"{sum(r.splicing_unflagged for r in rs):18} {sum(r.mixing_unflagged for r in rs):19}"
        )
        for r in rs:
            if cases or r.splicing_unflagged or r.mixing_unflagged:
                print(
                    f"    {r.name:20} {r.style:17} F1 {r.score.articles_f1:.2f} CER {r.score.cer:6.1%} "
                    f"unflagged: splicing {r.splicing_unflagged}, two stories {r.mixing_unflagged}"
                )


def typeset(pdfs: list[Path], cases: bool) -> None:
    """The tools' text of pages set by other typesetters: the committed ones of
    ``tests/data/typeset/`` (no PDFs given), or PDFs each with its ``NAME.gold.json`` beside it,
    run through the six tools now (see the module docstring)."""
    import shutil
    import tempfile

    import tests.extractor_metrics as em

    if not pdfs:
        names = em.typeset_cases()
        print(
            f"{len(names)} pages of other typesetters ({em.TYPESET.relative_to(ROOT)}), the committed tool texts"
        )
        tools_table(names, cases)
        return
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_extractor_fixtures as mef

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = []
        for pdf in pdfs:
            shutil.copy(pdf.with_suffix(".gold.json"), folder / f"{pdf.stem}.gold.json")
            for tool, text in mef.run_tools(pdf).items():
                (folder / f"{pdf.stem}.{tool}.txt").write_text(text, encoding="utf-8")
            names.append(pdf.stem)
        saved = em.TYPESET
        em.TYPESET = folder
        try:
            print(f"{len(names)} pages, their tools' text made now")
            tools_table(names, cases)
        finally:
            em.TYPESET = saved
            em.truth.cache_clear()
            em._truth_texts.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", action="store_true", help="also print one line per case and tool")
    ap.add_argument("--json", action="store_true", help="print the table as JSON")
    ap.add_argument("--synthetic", type=int, default=1000, help="synthetic pages for the false alarms")
    ap.add_argument("--cost", action="store_true", help="only time the style checks on reading-order pages")
    ap.add_argument(
        "--fresh", type=int, default=0, help="only: N newspaper pages typeset now, through every tool"
    )
    ap.add_argument("--first-seed", type=int, default=70001, help="first seed of --fresh")
    ap.add_argument("--against", metavar="REV", help="with --cost: also time the reader of git revision REV")
    ap.add_argument(
        "--typeset",
        nargs="*",
        type=Path,
        metavar="PDF",
        help="only: pages of other typesetters through every tool — the committed ones, or these PDFs "
        "(each with NAME.gold.json beside it)",
    )
    args = ap.parse_args()
    if args.typeset is not None:
        typeset(args.typeset, args.cases)
        return
    if args.cost:
        cost()
        if args.against:
            cost_against(args.against)
        return
    if args.fresh:
        fresh(args.fresh, args.first_seed)
        return
    groups: dict[tuple[str, str], tuple[list[CaseResult], list[CaseResult]]] = defaultdict(lambda: ([], []))
    by_tool: dict[str, tuple[list[CaseResult], list[CaseResult]]] = defaultdict(lambda: ([], []))
    for name in CASES:
        for tool in TOOLS:
            r = evaluate(name, tool)
            o = evaluate(name, tool, before(tool_text(name, tool)))
            kind = "news" if name in NEWSPAPER else "page"
            for key, store in (((kind, tool, r.style), groups), ((kind, tool), by_tool)):
                store[key][0].append(r)
                store[key][1].append(o)
            if args.cases:
                print(
                    f"{name:24} {tool:17} {r.style:13} F1 {r.score.articles_f1:.2f} CER {r.score.cer:6.1%} "
                    f"flagged {r.flagged!s:5} splicing {r.splicing} (unflagged {r.splicing_unflagged})"
                )
    table: dict[str, dict] = {}
    for kind, label in (("page", "columns"), ("news", "newspaper")):
        table |= {f"{label}: {t} / {s}": row(*groups[(k, t, s)]) for k, t, s in sorted(groups) if k == kind}
        table |= {f"{label}: {t} / all": row(*by_tool[(kind, t)]) for t in TOOLS if (kind, t) in by_tool}
    table["all"] = row(
        [r for rs, _ in by_tool.values() for r in rs], [o for _, os in by_tool.values() for o in os]
    )
    alarms = {}
    for label, pages in reading_order_pages(args.synthetic).items():
        verdicts = [(n, detect_style(t)) for n, t in pages]
        wrong = [(n, st) for n, t in pages if (st := read_page(t).style) != "reading_order"]
        repaired = [n for n, v in verdicts if v.style == "reading_order" and v.text is not None]
        alarms[label] = {
            "pages": len(pages),
            "not_reading_order": len(wrong),
            "examples": wrong[:3],
            "title_lines_repaired": len(repaired),
            "repaired_examples": repaired[:3],
        }
    if args.json:
        print(json.dumps({"table": table, "false_alarms": alarms}, indent=2))
        return
    head = (
        f"{'page set: tool / detected style':48} {'pages':>5} {'art F1':>6} {'CER':>7} {'titles':>6} {'flagged':>7} "
        f"{'splicing':>8} {'unflagged':>9} {'2 stories':>9} {'unflagged':>9} │ {'before: F1':>10} {'unflagged':>9}"
    )
    print(head)
    print("─" * len(head))
    for key, v in table.items():
        print(
            f"{key:48} {v['pages']:5} {v['articles_f1']:6.3f} {v['cer']:7.2%} {v['titles']:6.3f} "
            f"{v['flagged']:7} {v['splicing']:8} {v['splicing_unflagged']:9} {v['mixing']:9} {v['mixing_unflagged']:9} │ "
            f"{v['before_articles_f1']:10.3f} {v['before_splicing_unflagged']:9}"
        )

    print()
    print("Pages in reading order taken for another style (false alarms; must be 0), and with doubled or")
    print("vertical title lines repaired (0 but on pages from PDFs that print them so):")
    for label, a in alarms.items():
        print(
            f"  {label:34} {a['not_reading_order']:4} of {a['pages']:<5} repaired {a['title_lines_repaired']:3}"
            + (f"  {a['examples']}" if a["examples"] else "")
            + (f"  {a['repaired_examples']}" if a["repaired_examples"] else "")
        )


if __name__ == "__main__":
    main()
