"""PDF input speed: pages per CPU-second on newspaper-density pages, beside other readers, same run.

    python benchmarks/pdf_speed.py [--pages 40] [--flow]

Pages are typeset by ``tests/newspaper_pdf.py`` at newspaper density (broadsheet, 8 columns, 7.5 pt:
6–7 k characters a page, one page per file as e-paper sites publish them).  Measured per page, as CPU
time of this process (so the numbers are per core):

* ``pypdfium2 read``: characters, loose boxes and sizes (``pipeline.pdf.reader``);
* ``+ layout``: lines, regions, the text path's article assembly (``pipeline.pdf.layout``);
* ``page → rows``: the build's own per-page path: read, layout, extraction, validated rows
  (``pipeline.records.page_records``), without and with the tokens table;
* baselines on the same files: ``pdftotext`` (poppler, a C++ CLI; skipped when not installed — Debian
  ``poppler-utils``) and ``pdfplumber`` ``page.chars`` (pure Python; skipped when not installed —
  ``pip install pdfplumber``);
* ``--flow``: the whole ``baokan build`` flow (Prefect, page cache off) on a folder of the pages,
  wall and CPU seconds, peak RSS; and the same folder twice as large, to show memory stays flat.

Target (issue 13): >= 12 pages per second per core end to end.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.pdf.glyphlines import page_lines  # noqa: E402
from pipeline.pdf.layout import layout_glyphs  # noqa: E402
from pipeline.pdf.reader import read_pages  # noqa: E402
from pipeline.records import page_records  # noqa: E402
from pipeline.sources import SourceFile  # noqa: E402
from tests.newspaper_pdf import make_issue  # noqa: E402

TARGET = 12.0


def make_pages(n: int) -> list[bytes]:
    opts = dict(page_size="broadsheet", columns=8, body_size=7.5, leading=1.3, photo=0.0, box=0.0)
    return [make_issue(5000 + k, **opts)[0] for k in range(n)]


def cpu() -> float:
    return time.process_time()


def timed(label: str, pdfs: list[bytes], fn, chars: int) -> float:
    fn(pdfs[0])  # warm imports and caches
    start = cpu()
    for data in pdfs:
        fn(data)
    spent = cpu() - start
    rate = len(pdfs) / spent
    print(f"  {label:34} {rate:7.1f} pages/s per core   {chars / spent / 1e3:8.1f} k chars/s")
    return rate


def pdftotext(path_list: list[Path]) -> float | None:
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for p in path_list:
        subprocess.run([exe, "-enc", "UTF-8", str(p), "-"], check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    del start
    return len(path_list) / spent


def pdfplumber_chars(data: bytes) -> None:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            _ = page.chars


def records(with_tokens: bool):
    def run(data: bytes) -> None:
        src = SourceFile(paths=("p.pdf",), sha256=hashlib.sha256(data).hexdigest(), n_bytes=len(data))
        recs = page_records(src, data, with_tokens=with_tokens)
        assert all(d.status == "ok" for d in recs.documents)

    return run


def flow(folder: Path, out: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds and peak RSS (MB) of `baokan build` in a child process."""
    cmd = [sys.executable, "-m", "pipeline", "build", "--raw", str(folder), "--out", str(out), "--no-cache"]
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=False, capture_output=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter() - start
    return (
        wall,
        (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        after.ru_maxrss / 1024,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--flow", action="store_true")
    args = ap.parse_args()
    pdfs = make_pages(args.pages)
    chars = sum(len(p.chars) for d in pdfs for p in read_pages(d))
    print(f"{len(pdfs)} one-page PDFs, {chars / len(pdfs):,.0f} characters a page on average")
    timed("pypdfium2 read (chars, boxes, sizes)", pdfs, read_pages, chars)
    timed("+ lines", pdfs, lambda d: [page_lines(p) for p in read_pages(d)], chars)
    timed("+ layout (articles)", pdfs, lambda d: [layout_glyphs(p) for p in read_pages(d)], chars)
    rate = timed("page → rows (no tokens)", pdfs, records(False), chars)
    timed("page → rows (with tokens)", pdfs, records(True), chars)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for k, data in enumerate(pdfs):
            p = Path(tmp) / f"page{k:04d}.pdf"
            p.write_bytes(data)
            paths.append(p)
        base = pdftotext(paths)
        if base is None:
            print("  pdftotext                          (not installed: Debian poppler-utils)")
        else:
            print(f"  pdftotext (poppler CLI, text only) {base:7.1f} pages/s per core")
        try:
            timed(
                "pdfplumber page.chars (baseline)",
                pdfs[: max(4, len(pdfs) // 5)],
                pdfplumber_chars,
                chars // 5,
            )
        except ImportError:
            print("  pdfplumber                         (not installed)")
        verdict = "met" if rate >= TARGET else "NOT met"
        print(f"target >= {TARGET:g} pages/s per core (page → rows, no tokens): {rate:.1f} — {verdict}")
        print(f"  a year of a daily (7,000 pages) on two cores: {7000 / (2 * rate) / 60:.1f} min")
        if args.flow:
            for mult in (1, 2):
                folder = Path(tmp) / f"raw{mult}"
                folder.mkdir()
                for m in range(mult):
                    for k, data in enumerate(pdfs):
                        (folder / f"p{m}_{k:04d}.pdf").write_bytes(data + f"\n%copy {m}\n".encode())
                wall, spent, rss = flow(folder, Path(tmp) / f"out{mult}")
                n = mult * len(pdfs)
                print(
                    f"  flow, {n} pages: wall {wall:.1f} s, CPU {spent:.1f} s ({n / spent:.1f} pages per CPU-s "
                    f"incl. start-up), peak RSS {rss:.0f} MB"
                )


if __name__ == "__main__":
    main()
