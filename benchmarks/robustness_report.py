"""Bad input and awkward files: does every input get a clear answer, and does nothing crash?

    python benchmarks/robustness_report.py [--no-cli] [--long-line-kib 1024] [--huge-mib 50]

Creates every hard case of issue 5 in a temporary raw folder (empty, whitespace, PDF/PNG saved as
.txt, undecodable bytes, GBK, a GBK page with a pasted UTF-8 paragraph, English, no byline or
title, a 50 MB file, a 1 MB single line, control characters and NULs, one page under two names,
odd file names, symlinks, a FIFO, files changed or deleted between scan and read), builds the
dataset through the core path (``sources`` → ``records`` → ``dataset``), then through the real
CLI, and prints ``N inputs tried, N accounted for, 0 crashes`` and one line per input.

"Accounted for" means the input's path is in ``documents.parquet`` with the status it should
have. ``tests/test_robustness.py`` runs the same cases (smaller sizes) and asserts the same.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq  # noqa: E402

from pipeline import dataset, records, sources  # noqa: E402

SEED = ROOT / "raw" / "000_907459e35631e193.txt"
ZH = "全过程人民民主是社会主义民主政治的本质属性。\n人大代表联系群众，倾听民声，反映民意。\n"
IS_ROOT = os.geteuid() == 0


@dataclass
class Case:
    """One input: the path(s) it lives under and the outcome it must get."""

    label: str
    names: list[str]  # relative paths as the file system spells them
    expect: str  # "ok", "ok:<flag or encoding>", a reject code, or "pages:" + one of those a PDF page
    after_scan: Callable[[Path], None] | None = None  # meddling between scan and read


@dataclass
class Outcome:
    status: str
    reason: str | None
    encoding: str | None
    flags: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def show(self) -> str:
        if self.status == "pages":
            return f"pages     {self.reason}"
        if self.status == "rejected":
            return f"rejected  {self.reason}"
        extra = [f"encoding {self.encoding}"] + ([f"flags {','.join(self.flags)}"] if self.flags else [])
        if len(self.paths) > 1:
            extra.append(f"{len(self.paths)} paths, 1 document")
        return "ok        " + "; ".join(extra)

    def matches(self, expect: str) -> bool:
        if expect == "ok" or expect.startswith("ok:"):
            want = expect[3:]
            return self.status == "ok" and (not want or want in self.flags or want == self.encoding)
        return self.status == "rejected" and (self.reason or "").split(":")[0] == expect


def _write(raw: Path, name: str, data: bytes) -> str:
    path = raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return name


# What tests/data/pdf_bad/fixtures.json calls a page's outcome, in this report's terms.
_PDF_PAGE = {
    "read": "ok",
    "read:ocr_layer": "ok:ocr_text_layer",
    "read:repaired_gbk": "ok:repaired_gbk_latin1",
}


def pdf_cases(raw: Path) -> list[Case]:
    """Every bad PDF of tests/data/pdf_bad/ (encrypted, damaged, scanned, OCR-layered, garbled…),
    expected page by page as its fixtures.json records."""
    bad = ROOT / "tests" / "data" / "pdf_bad"
    cases = []
    for c in json.loads((bad / "fixtures.json").read_text(encoding="utf-8"))["cases"]:
        exp = c["expected"]
        if exp["document"] == "reject":
            expect = exp["reason"]
        else:
            expect = "pages:" + ",".join(_PDF_PAGE.get(o, o.removeprefix("reject:")) for o in exp["pages"])
        name = _write(raw, f"pdf/{c['file']}", (bad / c["file"]).read_bytes())
        cases.append(Case(f"PDF: {c['file'].removesuffix('.pdf').replace('_', ' ')}", [name], expect))
    return cases


def make_cases(raw: Path, long_line_kib: int = 1024, huge_mib: int = 50) -> list[Case]:
    """Create every case under ``raw``; return them with their expected outcome."""
    seed = SEED.read_bytes()
    gbk = ZH.encode("gbk")
    cases = [
        Case("a normal page (the seed)", [_write(raw, "seed.txt", seed)], "ok"),
        Case("an empty file", [_write(raw, "empty.txt", b"")], "empty"),
        Case("whitespace only", [_write(raw, "blank.txt", b" \n\t\r\n   \n")], "whitespace_only"),
        Case(
            "ideographic spaces only",
            [_write(raw, "ideographic-space.txt", "\u3000\u3000\n\u3000\n".encode())],
            "whitespace_only",
        ),
        Case(
            # read as the PDF it is (by its signature), and this one is broken
            "a broken PDF saved as .txt",
            [_write(raw, "scan.pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n\x00\x01")],
            "damaged",
        ),
        Case(
            "a PNG saved as .txt",
            [_write(raw, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))],
            "binary",
        ),
        Case(
            "a JPEG saved as .txt",
            [_write(raw, "photo2.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200))],
            "binary",
        ),
        Case("binary data, no magic", [_write(raw, "blob.txt", bytes(range(256)) * 8)], "binary"),
        Case(
            "bytes in no supported encoding",
            [_write(raw, "garbage.txt", b"\xc3\x28\xff\x80\xa1\xfe\xfe\xfe" * 20)],
            "undecodable",
        ),
        Case("a GBK page", [_write(raw, "gbk.txt", gbk)], "ok:gb18030"),
        Case("a UTF-16 page with BOM", [_write(raw, "utf16.txt", ZH.encode("utf-16"))], "ok:utf-16"),
        Case(
            "a UTF-16 page without BOM",
            [_write(raw, "utf16-nobom.txt", ZH.encode("utf-16-le"))],
            "ok:utf-16-le",
        ),
        Case("a CRLF page", [_write(raw, "crlf.txt", ZH.replace("\n", "\r\n").encode())], "ok"),
        Case(
            "GBK page with a pasted UTF-8 paragraph",
            [_write(raw, "mixed.txt", gbk + "江苏省南京市人大常委会审议通过了决定。\n".encode() + gbk)],
            "ok:gb18030+utf-8",
        ),
        Case(
            "a UTF-8 BOM on a GBK page",
            [_write(raw, "bom-gbk.txt", codecs.BOM_UTF8 + gbk)],
            "ok:gb18030 (utf-8 bom)",
        ),
        Case(
            "a GBK page with a corrupt line",
            [_write(raw, "corrupt-line.txt", gbk + b"\xff\xfe\xfd\xfc\n" + gbk)],
            "undecodable",
        ),
        Case(
            "text that is not Chinese",
            [_write(raw, "english.txt", b"The quick brown fox jumps over the lazy dog.\n" * 20)],
            "not_chinese",
        ),
        Case(
            "page furniture only",
            [_write(raw, "furniture.txt", "责任编辑：张三\n人民日报 2024年3月1日 第5版\n".encode())],
            "no_articles",
        ),
        Case("no byline and no title", [_write(raw, "untitled.txt", ZH.encode())], "ok:untitled"),
        Case(
            "control characters and NUL bytes",
            [
                _write(
                    raw,
                    "controls.txt",
                    "人\x00大代表\x07联系\x1b群众，\x0c倾听民声。\x7f\n全过程人民民主。\x00\n".encode(),
                )
            ],
            "ok",
        ),
        Case(
            f"a {long_line_kib} KiB single line of Chinese",
            [
                _write(
                    raw,
                    "long-line.txt",
                    ("人大代表联系群众，江苏省南京市共有3个项目。" * 99999)[
                        : long_line_kib * 1024 // 3
                    ].encode(),
                )
            ],
            "ok",
        ),
        Case(
            "the same page twice",
            [
                _write(raw, "dup-a.txt", ZH.encode() + b"\n"),
                _write(raw, "sub dir/dup b.txt", ZH.encode() + b"\n"),
            ],
            "ok",
        ),
        Case(
            "a name with spaces",
            [_write(raw, "name with  spaces .txt", "人民代表大会 空格\n".encode())],
            "ok",
        ),
        Case(
            "a Chinese name",
            [_write(raw, "人民日报/第5版 要闻.txt", "人民日报要闻版内容。\n".encode())],
            "ok",
        ),
        Case(
            "a name with a newline", [_write(raw, "line\nbreak.txt", "换行文件名的页面。\n".encode())], "ok"
        ),
        Case(
            "a GBK-encoded (non-UTF-8) name",
            [_write(raw, os.fsdecode("人大".encode("gbk") + b".txt"), "文件名是GBK编码。\n".encode())],
            "ok",
        ),
    ]
    # A file far bigger than a page: rejected from its size, never read into memory.
    with open(raw / "huge.txt", "wb") as fh:
        block = ("全国人大常委会审议通过" * 40000).encode()[: 1 << 20]
        for _ in range(huge_mib):
            fh.write(block)
    cases.append(Case(f"a {huge_mib} MB file", ["huge.txt"], "too_large"))
    outside = raw.parent / "outside-secret.txt"
    outside.write_bytes(ZH.encode())
    os.symlink(outside, raw / "link-out.txt")
    cases.append(Case("a symlink out of the raw folder", ["link-out.txt"], "symlink_outside"))
    os.symlink(raw / "gbk.txt", raw / "link-in.txt")
    cases.append(Case("a symlink inside the raw folder", ["link-in.txt"], "ok:gb18030"))
    os.symlink(raw / "nowhere.txt", raw / "dangling.txt")
    cases.append(Case("a dangling symlink", ["dangling.txt"], "broken_symlink"))
    os.mkfifo(raw / "fifo.txt")
    cases.append(Case("a FIFO named .txt", ["fifo.txt"], "not_a_file"))
    locked = _write(raw, "no-permission.txt", ZH.encode() + b"locked\n")
    os.chmod(raw / locked, 0)
    cases.append(Case("a file we may not read", [locked], "ok" if IS_ROOT else "unreadable"))

    def rewrite(raw: Path) -> None:
        (raw / "changes.txt").write_bytes(ZH.encode() + "改动".encode())

    def delete(raw: Path) -> None:
        (raw / "disappears.txt").unlink()

    cases.append(
        Case(
            "a file that changes during the run",
            [_write(raw, "changes.txt", ZH.encode() + b"v1\n")],
            "changed_during_run",
            rewrite,
        )
    )
    cases.append(
        Case(
            "a file that disappears during the run",
            [_write(raw, "disappears.txt", ZH.encode() + b"v2\n")],
            "vanished",
            delete,
        )
    )
    cases += pdf_cases(raw)
    return cases


@dataclass
class CoreRun:
    records: records.PageRecords
    crashes: list[str]
    seconds: dict[str, float]  # per source path: read + page_records
    peak_read_bytes: dict[str, int]  # tracemalloc peak while reading, per path


def core_build(raw: Path, out: Path, after_scan: list[Callable[[Path], None]] = ()) -> CoreRun:
    """sources.scan → read_verified → page_records → write_dataset, catching anything that escapes."""
    crashes: list[str] = []
    seconds: dict[str, float] = {}
    peaks: dict[str, int] = {}
    result = records.PageRecords()
    found, bad = sources.scan(raw)
    for meddle in after_scan:
        meddle(raw)
    for u in bad:
        result.extend(records.unreadable(u.path, u.reason))
    for source in found:
        t0 = time.perf_counter()
        try:
            tracemalloc.start()
            data = sources.read_verified(raw, source)
            peaks[source.paths[0]] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            part = (
                records.rejected(source, data)
                if isinstance(data, str)
                else records.page_records(source, data)
            )
            result.extend(part)
        except Exception as exc:
            tracemalloc.stop()
            crashes.append(f"{source.paths[0]!r}: {type(exc).__name__}: {exc}")
        seconds[source.paths[0]] = time.perf_counter() - t0
    try:
        dataset.write_dataset(result, out)
    except Exception as exc:
        crashes.append(f"write_dataset: {type(exc).__name__}: {exc}")
    return CoreRun(result, crashes, seconds, peaks)


def outcomes(out: Path) -> dict[str, list[Outcome]]:
    """documents.parquet (+ article and document flags) by every source path it lists: one outcome
    per document, a PDF's pages in page order."""
    flags: dict[str, set[str]] = {}
    for a in pq.read_table(out / "articles.parquet", columns=["doc_id", "flags"]).to_pylist():
        flags.setdefault(a["doc_id"], set()).update(a["flags"])
    by_path: dict[str, list[Outcome]] = {}
    for d in pq.read_table(out / "documents.parquet").to_pylist():  # sorted by doc_id: pages in order
        o = Outcome(
            d["status"],
            d["reason"],
            d["encoding"],
            sorted(flags.get(d["doc_id"], set()) | set(d["flags"])),
            d["source_paths"],
        )
        for p in d["source_paths"]:
            by_path.setdefault(p, []).append(o)
    return by_path


def _matches(got: list[Outcome] | None, expect: str) -> bool:
    if not got:
        return False
    if expect.startswith("pages:"):
        want = expect.removeprefix("pages:").split(",")
        return len(got) == len(want) and all(g.matches(w) for g, w in zip(got, want, strict=True))
    return len(got) == 1 and got[0].matches(expect)


def account(cases: list[Case], out: Path) -> list[tuple[Case, Outcome | None, bool]]:
    found = outcomes(out)
    rows = []
    for case in cases:
        got = [found.get(sources.display_path(n)) for n in case.names]
        ok = all(_matches(g, case.expect) for g in got)
        first = got[0][0] if got[0] else None
        if got[0] and len(got[0]) > 1:  # a PDF: one line for all its pages
            pages = ", ".join("ok" if o.status == "ok" else (o.reason or "").split(":")[0] for o in got[0])
            first = Outcome("pages", pages, None)

        rows.append((case, first, ok))
    return rows


def run_cli(raw: Path, out: Path, *extra: str) -> tuple[int, str, float]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc.returncode, proc.stdout + proc.stderr, time.perf_counter() - t0


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def report(long_line_kib: int = 1024, huge_mib: int = 50, cli: bool = True) -> tuple[int, int, int]:
    """Build, print the report; return (tried, accounted for, crashes)."""
    base = Path(tempfile.mkdtemp(prefix="baokan-robustness-"))
    try:
        raw = base / "raw"
        raw.mkdir()
        cases = make_cases(raw, long_line_kib, huge_mib)
        run = core_build(raw, base / "out", [c.after_scan for c in cases if c.after_scan])
        rows = account(cases, base / "out")
        tried = sum(len(c.names) for c in cases)
        accounted = sum(len(c.names) for c, _, ok in rows if ok)
        print(f"{tried} inputs tried, {accounted} accounted for, {len(run.crashes)} crashes")
        print(
            f"({len(cases)} cases; core path: sources → records → dataset{'; root: no permission checks' if IS_ROOT else ''})\n"
        )
        width = max(len(c.label) for c in cases)
        for case, got, ok in rows:
            names = ", ".join(sources.display_path(n).replace("\n", "\\n") for n in case.names)
            mark = "  " if ok else "✗ "
            print(f"{mark}{case.label:<{width}}  {names[:34]:<34}  {got.show() if got else 'MISSING'}")
        for crash in run.crashes:
            print(f"CRASH {crash}")
        long_name = next(c.names[0] for c in cases if c.label.endswith("single line of Chinese"))
        print(
            f"\nlong line: {long_line_kib} KiB on one line read in {run.seconds[long_name]:.1f} s "
            f"(seed page: {run.seconds['seed.txt']:.2f} s)"
        )
        print(
            f"huge file: {huge_mib} MB rejected in {run.seconds['huge.txt']:.2f} s, "
            f"peak Python memory while reading it {run.peak_read_bytes['huge.txt'] / 2**20:.1f} MiB"
        )
        if cli:
            # The CLI sees the folder as it is now (after the mid-run changes): compare it with a
            # core build of the same folder.
            core_build(raw, base / "core-again")
            code, log, secs = run_cli(raw, base / "cli-out")
            same = snapshot(base / "cli-out") == snapshot(base / "core-again")
            print(
                f"\nCLI  baokan build: exit {code} (3 = written with rejects) in {secs:.1f} s; dataset byte-identical to the core build: {same}"
            )
            before = snapshot(base / "cli-out")
            code2, _, secs2 = run_cli(raw, base / "cli-out", "--strict")
            kept = snapshot(base / "cli-out") == before
            print(
                f"CLI  baokan build --strict: exit {code2} (1 = rejects are errors) in {secs2:.1f} s; previous dataset kept: {kept}"
            )
            if code != 3 or code2 != 1 or not same or not kept or "Traceback" in log:
                run.crashes.append("cli")
                print(log[-3000:])
        return tried, accounted, len(run.crashes)
    finally:
        for p in base.rglob("*"):
            if p.is_file() and not p.is_symlink():
                p.chmod(0o644)
        shutil.rmtree(base, ignore_errors=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--no-cli", action="store_true", help="skip the two CLI runs (≈ 10 s each)")
    p.add_argument("--long-line-kib", type=int, default=1024)
    p.add_argument("--huge-mib", type=int, default=50)
    args = p.parse_args()
    tried, accounted, crashes = report(args.long_line_kib, args.huge_mib, cli=not args.no_cli)
    return 0 if tried == accounted and not crashes else 1


if __name__ == "__main__":
    sys.exit(main())
