"""Throughput of the build, stage by stage, on synthetic pages: where the time goes.

    python benchmarks/build_throughput.py [--pages 300] [--seed 0] [--prefect]

Prints MB of raw text per second for each core stage (ingest, layout, extract, tokens, write)
and end to end without Prefect; with ``--prefect`` also the same pages through the real flow
(ephemeral server start-up reported separately), so orchestration overhead is a measured ratio.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import dataset, ingest, records, sources  # noqa: E402
from pipeline.extract import extract_mentions, tokenize  # noqa: E402
from pipeline.layout import read_page  # noqa: E402
from tests.synthetic import generate_page  # noqa: E402


def make_raw(folder: Path, n: int, seed: int) -> int:
    total = 0
    for i in range(n):
        data = generate_page(seed + i).text.encode("utf-8")
        (folder / f"page_{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def stage_times(raw: Path) -> dict[str, float]:
    """Each stage timed alone over all pages (warm: dictionaries loaded before timing)."""
    tokenize.tokenizer()
    extract_mentions("湖北省黄石市制定地方性法规12部")
    blobs = [p.read_bytes() for p in sorted(raw.glob("*.txt"))]
    t: dict[str, float] = {}
    start = time.perf_counter()
    pages = [ingest.read_page(b) for b in blobs]
    t["ingest"] = time.perf_counter() - start
    start = time.perf_counter()
    layouts = [read_page(p.text) for p in pages if isinstance(p, ingest.Page)]
    t["layout"] = time.perf_counter() - start
    texts = [a.text for lay in layouts for a in lay.articles]
    start = time.perf_counter()
    for text in texts:
        extract_mentions(text)
    t["extract"] = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        tokenize.tokens(text)
    t["tokens"] = time.perf_counter() - start
    return t


def core_build(raw: Path, out: Path, with_tokens: bool) -> tuple[float, float]:
    """The flow's work without Prefect: pages in doc_id order, batches of 100 streamed to the writer."""
    start = time.perf_counter()
    write = 0.0
    found, unreadable = sources.scan(raw)
    units = records.in_doc_order(found, unreadable)
    with dataset.DatasetWriter(out) as writer:
        for i in range(0, len(units), 100):
            part = records.PageRecords()
            for s in units[i : i + 100]:
                part.extend(records.page_records(s, sources.read_verified(raw, s), with_tokens=with_tokens))
            mid = time.perf_counter()
            writer.add(part)
            write += time.perf_counter() - mid
        mid = time.perf_counter()
        writer.commit()
        write += time.perf_counter() - mid
    return time.perf_counter() - start, write


def prefect_build(raw: Path, out: Path) -> tuple[float, float]:
    from pipeline import prefect_env

    prefect_env.configure()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from pipeline.flows import build_flow

    start = time.perf_counter()
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        summary = build_flow(raw_dir=raw, out_dir=out, tokens=False)
    return time.perf_counter() - start, summary.seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--prefect", action="store_true", help="also run the Prefect flow")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        n_bytes = make_raw(raw, args.pages, args.seed)
        mb = n_bytes / 1e6
        print(f"{args.pages} synthetic pages, {mb:.2f} MB of UTF-8 text")
        t = stage_times(raw)
        core_build(raw, Path(tmp) / "out-warm", False)  # pyarrow's lazy imports, first-use costs
        for name, sec in t.items():
            print(f"  {name:<8} {sec:7.2f} s   {mb / sec:7.2f} MB/s")
        for with_tokens in (False, True):
            total, write = core_build(raw, Path(tmp) / f"out-{with_tokens}", with_tokens)
            label = "with tokens" if with_tokens else "no tokens"
            print(f"  core build ({label}): {total:.2f} s, {mb / total:.2f} MB/s (write {write:.2f} s)")
        if args.prefect:
            wall, flow = prefect_build(raw, Path(tmp) / "out-prefect")
            core, _ = core_build(raw, Path(tmp) / "out-core2", False)
            print(
                f"  prefect flow (no tokens): {flow:.2f} s in the flow, {wall:.2f} s wall incl. server "
                f"start-up; orchestration share {max(0.0, flow - core) / flow:.1%} vs core {core:.2f} s"
            )


if __name__ == "__main__":
    main()
