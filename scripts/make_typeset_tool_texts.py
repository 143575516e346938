"""Write the text six common extractors make of the typeset pages of ``tests/data/typeset/``.

Why: the extractor fixtures of ``tests/data/extractors/`` are pages typeset by reportlab; users' text
comes from PDFs of every make. Pages typeset by XeLaTeX, LibreOffice, WeasyPrint, Chromium and
wkhtmltopdf (``scripts/make_typeset_fixtures.py``) are run through the same six tool calls as those
fixtures (``make_extractor_fixtures.run_tools``): ``pdftotext`` and ``pdftotext -layout``
(poppler), pdfminer.six, pdfplumber, pypdf, PyMuPDF (AGPL: this script only, never the pipeline).

Written beside each ``NAME.pdf``: ``NAME.TOOL.txt`` (form feeds stripped), and
``tool_texts.json``: the tool calls, versions and licences. The truth is the page's
``NAME.gold.json`` (``tests/extractor_metrics.py`` reads it).

Needs (only to regenerate): ``pip install -e '.[fixtures]'`` and Debian ``poppler-utils``.
Run: ``python scripts/make_typeset_tool_texts.py [NAME ...]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import make_extractor_fixtures as mef  # noqa: E402
import make_pdftotext_fixtures as typesetting  # noqa: E402  (today's date)

FOLDER = ROOT / "tests" / "data" / "typeset"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "names", nargs="*", help="only these pages (default: every NAME.pdf with a NAME.gold.json)"
    )
    args = ap.parse_args()
    pdfs = sorted(p for p in FOLDER.glob("*.pdf") if p.with_suffix(".gold.json").exists())
    for pdf in pdfs:
        if args.names and pdf.stem not in args.names:
            continue
        for tool, text in mef.run_tools(pdf).items():
            (FOLDER / f"{pdf.stem}.{tool}.txt").write_text(text, encoding="utf-8")
        print(pdf.stem)
    meta = {
        "what": "the text six extractor calls make of the typeset pages beside it (NAME.TOOL.txt)",
        "command": "python scripts/make_typeset_tool_texts.py",
        "calls": mef.tool_calls("NAME"),
        "versions": mef.tool_versions(),
        "licences": mef.TOOL_LICENCES,
        "notes": ["the form feeds the tools put between pages are stripped"],
        "date": typesetting.today(),
        "pages": sorted(p.stem for p in pdfs),
    }
    (FOLDER / "tool_texts.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
