"""Pages from six extractor calls: the same articles as the page itself, or a flag.

    python benchmarks/extractor_styles.py [--cases] [--json]

For every case of ``tests/data/extractors/`` (pages typeset from known text in 1–6 columns and
run through pdftotext, pdftotext -layout, pdfminer.six, pdfplumber, pypdf and PyMuPDF by
``scripts/make_extractor_fixtures.py``) the tool's text is read by ``pipeline.layout.read_page``
and scored against the source page as the same reader reads it (``tests/extractor_metrics.py``).
Printed per tool × detected style: pages, articles F1, CER, titles right, pages flagged (reading
order not restored), paragraphs splicing two columns — all of them, and those in unflagged
articles (the number that must be 0) — and, for comparison, articles F1 and unflagged splicing
paragraphs of the reader before styles were recognised (side-by-side columns only).
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

from pipeline.layout.articles import assemble  # noqa: E402
from pipeline.layout.columns import split_columns  # noqa: E402
from pipeline.types import PageLayout  # noqa: E402
from tests.extractor_metrics import CASES, TOOLS, CaseResult, evaluate, tool_text  # noqa: E402
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
        "before_articles_f1": round(o.articles_f1, 3),
        "before_splicing_unflagged": sum(r.splicing_unflagged for r in old),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", action="store_true", help="also print one line per case and tool")
    ap.add_argument("--json", action="store_true", help="print the table as JSON")
    args = ap.parse_args()
    groups: dict[tuple[str, str], tuple[list[CaseResult], list[CaseResult]]] = defaultdict(lambda: ([], []))
    by_tool: dict[str, tuple[list[CaseResult], list[CaseResult]]] = defaultdict(lambda: ([], []))
    for name in CASES:
        for tool in TOOLS:
            r = evaluate(name, tool)
            o = evaluate(name, tool, before(tool_text(name, tool)))
            for key, store in (((tool, r.style), groups), (tool, by_tool)):
                store[key][0].append(r)
                store[key][1].append(o)
            if args.cases:
                print(
                    f"{name:24} {tool:17} {r.style:13} F1 {r.score.articles_f1:.2f} CER {r.score.cer:6.1%} "
                    f"flagged {r.flagged!s:5} splicing {r.splicing} (unflagged {r.splicing_unflagged})"
                )
    table = {f"{t} / {s}": row(*groups[(t, s)]) for t, s in sorted(groups)}
    table |= {f"{t} / all": row(*by_tool[t]) for t in TOOLS}
    table["all"] = row(
        [r for rs, _ in by_tool.values() for r in rs], [o for _, os in by_tool.values() for o in os]
    )
    if args.json:
        print(json.dumps(table, indent=2))
        return
    head = (
        f"{'tool / detected style':34} {'pages':>5} {'art F1':>6} {'CER':>7} {'titles':>6} {'flagged':>7} "
        f"{'splicing':>8} {'unflagged':>9} │ {'before: F1':>10} {'unflagged':>9}"
    )
    print(head)
    print("─" * len(head))
    for key, v in table.items():
        print(
            f"{key:34} {v['pages']:5} {v['articles_f1']:6.3f} {v['cer']:7.2%} {v['titles']:6.3f} "
            f"{v['flagged']:7} {v['splicing']:8} {v['splicing_unflagged']:9} │ "
            f"{v['before_articles_f1']:10.3f} {v['before_splicing_unflagged']:9}"
        )


if __name__ == "__main__":
    main()
