"""Build ``tests/data/pdf/``: newspaper PDF pages with known truth, for judging the PDF reader.

Why: the reader (characters with boxes → lines → columns → articles) is only measurable on pages
whose every line and article is known. ``tests/newspaper_pdf.py`` typesets such pages; this
script freezes a set of them so that CI, which has neither the fonts nor reportlab's exact
version, judges the reader on the same bytes every time.

Sets:

* ``dev_<seed>.pdf`` + ``dev_<seed>.gold.json`` — for development (8 pages, one 2-page file,
  both fonts, broadsheet and tabloid).
* ``heldout_<seed>.pdf`` + gold — seeds and options never used in development (other page
  sizes, 4 and 9 columns, another body face): score on them only at the end.
* ``sample_k4.pdf``, ``sample_k6.pdf`` — the annotated sample page in 4 and 6 columns; their gold
  is ``../shared/gold/seed.gold.json`` (not copied here).

A gold file is a JSON list of page truths (``PageTruth.to_json``: the scorer's gold format plus
``page``, ``page_size``, ``furniture``, ``lines`` and per-article ``bbox``/``columns``);
``../shared/eval/score.py`` accepts it as it is. ``fixtures.json`` records provenance: reportlab
and font versions, font files, Debian packages and licences, seeds, options, the generator's
commit and every file's sha256.

Needs (only to regenerate): ``pip install -e '.[test]'`` (reportlab, pypdfium2) and Debian's
``fonts-wqy-microhei`` and ``fonts-wqy-zenhei``; ``../shared`` for the sample. Run from the repo::

    python scripts/make_newspaper_pdfs.py

Deterministic: reportlab's invariant mode and fixed seeds; only ``fixtures.json``'s ``date``
changes on a rerun (today's, or ``SOURCE_DATE_EPOCH``'s, UTC date).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab import Version as REPORTLAB_VERSION  # noqa: E402

from tests.newspaper_pdf import font_info, make_issue, sample_as_pdf  # noqa: E402

OUT = ROOT / "tests" / "data" / "pdf"
MICROHEI = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
ZENHEI = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT_PACKAGES = {
    MICROHEI: ("fonts-wqy-microhei", "Apache-2.0 or GPL-3+ with font exception (Debian copyright file)"),
    ZENHEI: ("fonts-wqy-zenhei", "GPL-2 with font embedding exception (Debian copyright file)"),
}
WQY = {"font_path": MICROHEI, "bold_font_path": ZENHEI}

# (set, seed, pages, options). Held-out seeds and option combinations are never used in development.
ISSUES: tuple[tuple[str, int, int, dict[str, Any]], ...] = (
    ("dev", 101, 1, {"page_size": "broadsheet", "text_runs": "line", "stream_order": "reading"}),
    ("dev", 102, 1, {"page_size": "broadsheet", "text_runs": "line", "stream_order": "reading", **WQY}),
    ("dev", 103, 1, {"page_size": "tabloid", "text_runs": "glyph", "stream_order": "shuffled"}),
    ("dev", 104, 2, {"page_size": "broadsheet", "text_runs": "line", "stream_order": "reading", **WQY}),
    (
        "dev",
        105,
        1,
        {"page_size": "broadsheet", "columns": 8, "text_runs": "line", "stream_order": "shuffled"},
    ),
    ("dev", 106, 1, {"page_size": "tabloid", "text_runs": "glyph", "stream_order": "reading", **WQY}),
    (
        "dev",
        107,
        1,
        {
            "page_size": "broadsheet",
            "columns": 6,
            "body_size": 10.5,
            "text_runs": "line",
            "stream_order": "reading",
        },
    ),
    (
        "heldout",
        7001,
        1,
        {"page_size": "berliner", "columns": 6, "text_runs": "glyph", "stream_order": "shuffled"},
    ),
    (
        "heldout",
        7002,
        1,
        {"page_size": "wide", "columns": 9, "text_runs": "glyph", "stream_order": "reading", **WQY},
    ),
    (
        "heldout",
        7003,
        1,
        {
            "page_size": "tabloid",
            "columns": 4,
            "body_size": 10.0,
            "text_runs": "line",
            "stream_order": "reading",
        },
    ),
    (
        "heldout",
        7004,
        2,
        {"page_size": (700.0, 990.0), "columns": 7, "text_runs": "line", "stream_order": "shuffled", **WQY},
    ),
    (
        "heldout",
        7005,
        1,
        {
            "page_size": "broadsheet",
            "columns": 5,
            "text_runs": "line",
            "stream_order": "reading",
            "font_path": ZENHEI,
            "bold_font_path": MICROHEI,
        },
    ),
)
SAMPLE_COLUMNS = (4, 6)
SAMPLE_SEED = 1


def _sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def _dpkg(pkg: str) -> str | None:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
    except FileNotFoundError:
        return None
    return out.stdout.strip() or None


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True)
    except (FileNotFoundError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def _font_record(path: str | None) -> dict[str, Any]:
    rec = font_info(path)
    if path:
        pkg, licence = FONT_PACKAGES[path]
        rec.update({"debian_package": pkg, "package_version": _dpkg(pkg), "licence": licence})
    else:
        rec["licence"] = "no font file: the name is referenced, a viewer substitutes an installed face"
    return rec


def _options_record(opts: dict[str, Any]) -> dict[str, Any]:
    out = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opts.items()}
    out["font"] = _font_record(opts.get("font_path"))["name"]
    out["bold_font"] = (
        _font_record(opts["bold_font_path"])["name"] if opts.get("bold_font_path") else "simulated"
    )
    return out


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for p in OUT.iterdir():
        if p.suffix in (".pdf", ".json"):
            p.unlink()
    files: list[dict[str, Any]] = []
    for kind, seed, pages, opts in ISSUES:
        name = f"{kind}_{seed}.pdf"
        pdf, truths = make_issue(seed, pages=pages, name=name, **opts)
        (OUT / name).write_bytes(pdf)
        gtext = "[\n" + ",\n".join(t.dumps() for t in truths) + "\n]\n"
        assert json.loads(gtext) == [t.to_json() for t in truths]
        gname = name.removesuffix(".pdf") + ".gold.json"
        (OUT / gname).write_text(gtext, encoding="utf-8")
        files.append(
            {
                "set": kind,
                "pdf": name,
                "gold": gname,
                "seed": seed,
                "pages": pages,
                "options": _options_record(opts),
                "page_sizes": [list(t.page_size) for t in truths],
                "stream_order": [t.stream_order for t in truths],
                "text_runs": [t.text_runs for t in truths],
                "articles_per_page": [len(t.articles) for t in truths],
                "lines_per_page": [len(t.lines) for t in truths],
                "sha256": _sha(pdf),
                "gold_sha256": _sha(gtext.encode()),
            }
        )
        print(f"{name}: {pages} page(s), {[len(t.articles) for t in truths]} articles, {len(pdf)} bytes")
    for k in SAMPLE_COLUMNS:
        name = f"sample_k{k}.pdf"
        pdf, truths = sample_as_pdf(k, seed=SAMPLE_SEED, name=name)
        (OUT / name).write_bytes(pdf)
        files.append(
            {
                "set": "sample",
                "pdf": name,
                "gold": "../shared/gold/seed.gold.json (not copied: its articles are this file's, in order)",
                "seed": SAMPLE_SEED,
                "pages": len(truths),
                "options": {"columns": k, "page_size": list(truths[0].page_size), "font": "STSong-Light"},
                "articles_per_page": [len(t.articles) for t in truths],
                "sha256": _sha(pdf),
            }
        )
        print(
            f"{name}: {len(truths)} page(s), {[len(t.articles) for t in truths]} articles, {len(pdf)} bytes"
        )
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    import pypdfium2

    meta = {
        "what": "newspaper pages typeset into PDF from known text, with their truth; see scripts/make_newspaper_pdfs.py",
        "command": "python scripts/make_newspaper_pdfs.py",
        "generator": "tests/newspaper_pdf.py",
        "generator_commit": _git("rev-parse", "HEAD"),
        "generator_dirty": bool(
            _git("status", "--porcelain", "tests/newspaper_pdf.py", "tests/synthetic.py")
        ),
        "reportlab_version": REPORTLAB_VERSION,
        "pypdfium2_version": getattr(pypdfium2, "PYPDFIUM_INFO", None) and str(pypdfium2.PYPDFIUM_INFO),
        "fonts": [_font_record(None), _font_record(MICROHEI), _font_record(ZENHEI)],
        "gold_format": "a JSON list of page truths: the scorer's gold (source, articles with title, kicker, "
        "subtitle, author, authors, author_region, author_affiliation, headings, paragraphs, text, "
        "entities: null) plus page, page_size, per-article bbox (PDF points, origin bottom-left) and "
        "columns (grid columns spanned), furniture (publication, date, page, column, strings) and "
        "lines (text as printed, bbox, size, role, article, column; vertical/bold flags)",
        "sets": {
            "dev": "for development",
            "heldout": "never used in development: score on it only at the end",
            "sample": "the annotated sample page; gold ../shared/gold/seed.gold.json",
        },
        "content": "tests/synthetic.py's phrase bank and writer (our own text); the sample page's text is "
        "the publisher's, as in raw/",
        "date": day.date().isoformat(),
        "files": files,
    }
    (OUT / "fixtures.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"total {total} bytes in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
