"""Layout recovery on synthetic pages: how much of the known truth ``read_page`` gets back.

    python benchmarks/layout_recovery.py [--n 300] [--seed 0] [--worst 5] [--show SEED] [--json]

Generates N seeded pages (tests/synthetic.py), runs ``pipeline.layout.read_page`` on each page's
text, and prints the recovery numbers overall and broken down by layout choice (title placement,
byline style, width bucket, headings, indent, furniture…), the worst pages with what went wrong,
and throughput. ``--show SEED`` prints one page next to its truth and what was recovered, which is
the quickest way to turn a bad number into a fix.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: make pipeline/ and tests/ importable
    sys.path.insert(0, str(ROOT))

from tests.layout_metrics import PageScore, score_page, summarize  # noqa: E402
from tests.synthetic import SyntheticPage, generate_page  # noqa: E402

COLUMNS = (
    ("articles_f1", "art F1"),
    ("cer", "CER"),
    ("paragraphs_f1", "para F1"),
    ("headings_f1", "head F1"),
    ("title_acc", "title"),
    ("author_acc", "author"),
    ("region_acc", "region"),
    ("affiliation_acc", "affil"),
    ("kicker_acc", "kicker"),
    ("subtitle_acc", "subt"),
    ("furniture_acc", "furn"),
    ("other_recall", "other"),
)
TARGETS = {"articles_f1": 0.95, "cer": 0.01, "paragraphs_f1": 0.9, "title_acc": 0.9, "author_acc": 0.9}


def _width_bucket(w: int) -> str:
    return "12-15" if w <= 15 else "16-19" if w <= 19 else "20-24"


def _furniture(p: SyntheticPage) -> str:
    """How many kinds of page furniture the page carries (header, editor, jump lines, captions)."""
    o = p.options
    return str(sum((o.header, o.editor, o.jumps != "none", o.captions > 0)))


BREAKDOWNS: dict[str, Callable[[SyntheticPage], Any]] = {
    "title placement": lambda p: p.options.title_placement,
    "byline style": lambda p: p.options.byline_style,
    "width": lambda p: _width_bucket(p.options.width),
    "headings": lambda p: p.options.headings,
    "indent": lambda p: p.options.indent,
    "letter-spacing": lambda p: f"{p.options.letterspacing:.2f}",
    "column breaks": lambda p: f"{p.options.column_breaks:.2f}",
    "short column breaks": lambda p: f"{p.options.short_column_breaks:.2f}",
    "width jitter": lambda p: p.options.width_jitter,
    "whitespace noise": lambda p: f"{p.options.whitespace_noise:.2f}",
    "stray space": lambda p: f"{p.options.stray_space:.2f}",
    "blank between paras": lambda p: f"{p.options.para_blank:.2f}",
    "digit spacing": lambda p: p.options.digit_spacing,
    "run-in heads": lambda p: p.options.runin_heads,
    "two-line titles": lambda p: f"{p.options.two_line_titles:.1f}",
    "kicker": lambda p: f"{p.options.kicker:.1f}",
    "subtitle": lambda p: f"{p.options.subtitle:.1f}",
    "footnotes": lambda p: f"{p.options.footnotes:.1f}",
    "articles/page": lambda p: p.options.n_articles,
    "header": lambda p: ("bottom" if p.options.header_at_bottom else "top") if p.options.header else "none",
    "jumps": lambda p: p.options.jumps,
    "captions": lambda p: (
        f"{p.options.captions} {'inside' if p.options.caption_inside else 'between'}"
        if p.options.captions
        else "0"
    ),
    "editor line": lambda p: p.options.editor,
    "furniture kinds": _furniture,
}


def _row(label: str, n: int, summary: Any) -> str:
    cells = []
    for key, _ in COLUMNS:
        v = getattr(summary, key)
        cells.append(f"{v:7.2%}" if key == "cer" else f"{v:7.3f}")
    return f"{label:<26}{n:>5} " + " ".join(cells)


def _header() -> str:
    return f"{'':<26}{'pages':>5} " + " ".join(f"{h:>7}" for _, h in COLUMNS)


def show(seed: int, read_page: Callable[[str], Any]) -> None:
    """One page, its truth and the reading, for debugging a failure."""
    p = generate_page(seed)
    layout = read_page(p.text)
    print(f"# seed {seed}: {p.options}\n")
    for i, line in enumerate(p.text.splitlines(), 1):
        print(f"{i:4} {line}")
    print("\n# expected")
    for i, a in enumerate(p.articles):
        print(f"[{i}] title={a.title!r} kicker={a.kicker!r} subtitle={a.subtitle!r}")
        print(f"    authors={a.authors} region={a.author_region!r} affiliation={a.author_affiliation!r}")
        for h, t in a.paragraphs:
            print(f"    {'[' + h + '] ' if h else ''}{t[:50]}")
    print(f"    furniture={p.furniture}")
    print("\n# recovered")
    for i, a in enumerate(layout.articles):
        print(f"[{i}] title={a.title!r} kicker={a.kicker!r} subtitle={a.subtitle!r} flags={a.flags}")
        print(f"    authors={a.authors} region={a.author_region!r} affiliation={a.author_affiliation!r}")
        for para in a.paragraphs:
            h = para.heading
            print(
                f"    {'[' + h + '] ' if h else ''}{para.text[:50]}  (lines {para.line_start}-{para.line_end})"
            )
    print(f"    furniture={layout.furniture}")
    s = score_page(p.articles, layout, p.furniture)
    print("\n# problems")
    for x in s.problems:
        print("  ", x)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="pages to generate (default 300)")
    ap.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    ap.add_argument("--worst", type=int, default=8, help="worst pages to list (default 8)")
    ap.add_argument("--show", type=int, default=None, metavar="SEED", help="print one page and its reading")
    ap.add_argument("--json", action="store_true", help="print the overall summary as JSON only")
    args = ap.parse_args(argv)

    from pipeline.layout import read_page

    if args.show is not None:
        show(args.show, read_page)
        return 0

    t0 = time.perf_counter()
    pages = [generate_page(s) for s in range(args.seed, args.seed + args.n)]
    t_gen = time.perf_counter() - t0

    results: list[tuple[SyntheticPage, PageScore, bool]] = []
    t_read = 0.0
    for p in pages:
        t = time.perf_counter()
        layout = read_page(p.text)
        t_read += time.perf_counter() - t
        fell_back = any("layout_fallback" in a.flags for a in layout.articles)
        results.append((p, score_page(p.articles, layout, p.furniture), fell_back))

    overall = summarize(s for _, s, _ in results)
    if args.json:
        print(json.dumps(overall.as_dict(), ensure_ascii=False))
        return 0

    chars = sum(len(p.text) for p in pages)
    print(f"layout recovery on {args.n} synthetic pages (seeds {args.seed}..{args.seed + args.n - 1})")
    print(
        f"read_page: {args.n / t_read:.1f} pages/s ({chars / t_read / 1000:.0f}k chars/s); "
        f"generator: {args.n / t_gen:.0f} pages/s; fallbacks (read_page raised): "
        f"{sum(f for _, _, f in results)}"
    )
    print()
    print(_header())
    print(_row("overall", args.n, overall))
    verdict = []
    for k, target in TARGETS.items():
        v = getattr(overall, k)
        ok = v <= target if k == "cer" else v >= target
        verdict.append(f"{k} {'ok' if ok else 'MISS'} ({v:.4f} vs {target})")
    print("targets: " + "; ".join(verdict))

    for name, key in BREAKDOWNS.items():
        groups: dict[Any, list[PageScore]] = defaultdict(list)
        for p, s, _ in results:
            groups[key(p)].append(s)
        print(f"\nby {name}")
        for value in sorted(groups, key=str):
            print(_row(f"  {value}", len(groups[value]), summarize(groups[value])))

    if args.worst:
        print(f"\nworst {args.worst} pages (by articles F1, then CER):")
        worst = sorted(results, key=lambda x: (x[1].articles_f1, -x[1].cer))[: args.worst]
        for p, s, _ in worst:
            print(
                f"  seed {p.seed}: art F1 {s.articles_f1:.2f}, CER {s.cer:.1%}, para F1 {s.paragraphs_f1:.2f}"
            )
            for x in s.problems[:5]:
                print(f"      {x}")
        print("  (python benchmarks/layout_recovery.py --show SEED prints a page with its reading)")

    problems: dict[str, int] = defaultdict(int)
    for _, s, _ in results:
        for x in s.problems:
            kind = (
                x.split(":", 1)[1].split(" expected")[0].strip() if x.startswith("article") else x.split()[0]
            )
            if "paragraph" in kind:
                kind = kind.split(":")[0]
            problems[kind if len(kind) < 40 else kind[:40]] += 1
    print("\nproblem counts:")
    for k, v in sorted(problems.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {v:5}  {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
