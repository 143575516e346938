"""Text of PDFs of several pages as the tools that mark page ends print it: ``tests/data/multipage/``.

    python scripts/make_multipage_fixtures.py

``pdftotext`` (plain and ``-layout``) and pdfminer.six's ``extract_text`` end every page with a form
feed; a user who runs them on a whole issue holds one text file of many pages. The PDFs are the
committed typeset pages of known truth in ``tests/data/pdf`` with more than one page. The outputs are
kept byte for byte as the tools print them (form feeds included); ``fixtures.json`` records the
commands, the tool versions and the source PDFs' sha256. Needs ``poppler-utils`` and
``pip install -e '.[fixtures]'`` (pdfminer.six; a fixture tool, never a run-time dependency).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "tests" / "data" / "pdf"
OUT = ROOT / "tests" / "data" / "multipage"
CASES = ("dev_104", "sample_k4")  # 2 and 3 pages
COMMANDS = {
    "pdftotext": ["pdftotext", "-enc", "UTF-8", "{pdf}", "-"],
    "pdftotext_layout": ["pdftotext", "-layout", "-enc", "UTF-8", "{pdf}", "-"],
    "pdfminer": ["python", "-c", "from pdfminer.high_level import extract_text; extract_text('{pdf}')"],
}


def run(tool: str, pdf: Path) -> str:
    if tool == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf))
    args = [a.format(pdf=pdf) for a in COMMANDS[tool]]
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def poppler_version() -> str:
    first = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.splitlines()[0]
    deb = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "poppler-utils"], capture_output=True, text=True
    ).stdout
    return f"{first} (Debian poppler-utils {deb})" if deb else first


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    cases = {}
    for name in CASES:
        pdf = PDFS / f"{name}.pdf"
        for tool in COMMANDS:
            text = run(tool, pdf)
            (OUT / f"{name}.{tool}.txt").write_text(text, encoding="utf-8", newline="")
        cases[name] = {
            "pdf": f"tests/data/pdf/{name}.pdf",
            "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(),
            "truth": f"tests/data/pdf/{name}.gold.json" if (PDFS / f"{name}.gold.json").exists() else None,
        }
    meta = {
        "what": "text of PDFs of several pages, as each tool prints it (a form feed ends every page)",
        "command": "python scripts/make_multipage_fixtures.py",
        "tools": {k: " ".join(v) for k, v in COMMANDS.items()},
        "pdftotext_version": poppler_version(),
        "pdfminer.six_version": version("pdfminer.six"),
        "cases": cases,
    }
    (OUT / "fixtures.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
