"""How the build scales: N and 4N synthetic pages, full build and no-change rebuild.

    python benchmarks/scale.py [--pages 500] [--factor 4] [--repeat 3] [--tokens] [--dask]

Every measurement runs in a child process of its own, so peak RSS (``ru_maxrss`` from
``wait4``) belongs to that run alone and one run's caches cannot flatter the next. Per size:

- ``core``: the same work without Prefect (scan, page → rows, write), stage by stage;
- ``flow``: ``build_flow`` without a page cache — its extra time over ``core`` is orchestration;
  core and flow run ``--repeat`` times each, alternating (this machine's speed drifts by ±10 %
  between runs), and their medians are reported;
- ``flow+cache``: a first incremental build (cold page cache: rows also stored);
- ``no-change``: the same build again with nothing changed;
- ``one-new``: one page added, so every other page's rows come from the cache;
- ``dask`` (``--dask``): the cold build on a 2-worker local Dask cluster.

Flow children first run a one-page warm-up flow, so the temporary Prefect server's start-up
(reported once, separately) is not charged to the build. "Per core" divides by the CPU seconds
the measured build used (user + sys of the process, plus Dask workers once reaped), not by
wall time. Peak RSS is the child's own: the Prefect server and Dask workers are other processes.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MB_S_PER_CORE = 3.0
TARGET_ORCHESTRATION = 0.10
TARGET_RSS_MB = 1024
TARGET_NO_CHANGE = 0.10
BATCH = 100  # pages per batch, as the flow's default


# --- children ------------------------------------------------------------------------------------


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (Dask workers, once shut down)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _time_stages(records) -> dict:
    """Wrap the stage functions ``page_records`` calls with timers (per page or article, so the
    timers cost nothing measurable); the dict fills in as the build runs."""
    spent = {"decode": 0.0, "layout": 0.0, "extract": 0.0, "tokens": 0.0}

    def timed(fn, key):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[key] += time.perf_counter() - t

        return wrapper

    # This child process only: patch the names page_records looks up.
    records.ingest.read_page = timed(records.ingest.read_page, "decode")
    records.read_layout = timed(records.read_layout, "layout")
    records.extract_mentions = timed(records.extract_mentions, "extract")
    records.tokenize.tokens = timed(records.tokenize.tokens, "tokens")
    return spent


def child_core(raw: Path, out: Path, tokens: bool, warm: Path) -> dict:
    from pipeline import dataset, records, sources

    # Load dictionaries and the gazetteer, and pyarrow's lazy imports, before timing, as the
    # flow children's warm-up flow does.
    for s in sources.scan(warm)[0]:
        rows = records.page_records(s, sources.read_verified(warm, s), with_tokens=tokens)
        dataset.write_dataset(rows, warm.parent / f"warm-core-{os.getpid()}")
    stages = _time_stages(records)
    gc.collect()
    gc.freeze()
    cpu0 = _cpu()
    t0 = time.perf_counter()
    found, unreadable = sources.scan(raw)
    t1 = time.perf_counter()
    read = rows = write = 0.0
    documents = 0
    units = records.in_doc_order(found, unreadable)
    with dataset.DatasetWriter(out) as writer:  # streamed per batch, as the flow does
        for i in range(0, len(units), BATCH):
            part = records.PageRecords()
            for s in units[i : i + BATCH]:
                a = time.perf_counter()
                if isinstance(s, sources.Unreadable):
                    part.extend(records.unreadable(s.path, s.reason))
                    continue
                data = sources.read_verified(raw, s)
                b = time.perf_counter()
                part.extend(
                    records.rejected(s, data)
                    if isinstance(data, str)
                    else records.page_records(s, data, with_tokens=tokens)
                )
                read, rows = read + b - a, rows + time.perf_counter() - b
            a = time.perf_counter()
            writer.add(part)
            write += time.perf_counter() - a
            documents += len(part.documents)
            del part
        a = time.perf_counter()
        writer.commit()
        write += time.perf_counter() - a
    t2 = time.perf_counter()
    return {
        "scan": t1 - t0,
        "read": read,
        "rows": rows,
        **stages,
        "write": write,
        "total": t2 - t0,
        "cpu": _cpu() - cpu0,
        "documents": documents,
        "bytes_out": sum(p.stat().st_size for p in out.iterdir()),
    }


def child_flow(raw: Path, out: Path, tokens: bool, cache: str | None, runner: str, warm: Path) -> dict:
    t0 = time.perf_counter()
    from pipeline import prefect_env
    from pipeline.serve import exported_api_server

    prefect_env.configure()
    server = exported_api_server(Path(os.environ["PREFECT_HOME"])) if runner != "thread" else None
    if server is not None:
        server.__enter__()  # as the CLI does for Dask: one server, URL exported before workers start
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from pipeline.flows import build_flow, task_runner

    flow = build_flow
    if (tr := task_runner(runner)) is not None:
        flow = build_flow.with_options(task_runner=tr)
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        build_flow(raw_dir=warm, out_dir=warm.parent / f"warm-out-{os.getpid()}", tokens=tokens)
        gc.collect()
        gc.freeze()  # as `baokan build` does before the flow
        cpu0 = _cpu()
        t1 = time.perf_counter()
        extra = {"read_ahead": 4} if runner != "thread" else {}  # as the CLI: two per worker
        summary = flow(raw_dir=raw, out_dir=out, tokens=tokens, cache_dir=cache, **extra)
        t2 = time.perf_counter()
        cpu = _cpu() - cpu0
    if server is not None:
        server.__exit__(None, None, None)
    return {
        "startup": t1 - t0,  # imports, Prefect server, one-page warm-up flow
        "call": t2 - t1,  # the measured build, orchestration included
        "cpu": cpu,
        "in_flow": summary.seconds,
        "processed": summary.processed,
        "cached": summary.cached,
        "unchanged": summary.unchanged,
        "documents": summary.documents,
    }


# --- parent --------------------------------------------------------------------------------------


def run_child(args: list[str], env: dict) -> dict:
    """Run one measurement; its JSON result plus CPU seconds and peak RSS of the child."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"child {args[0]} failed with {proc.returncode}")
    res = json.loads(out.decode().strip().splitlines()[-1])
    res["cpu_child_total"] = usage.ru_utime + usage.ru_stime
    res["rss_mb"] = usage.ru_maxrss / 1024  # KiB on Linux
    return res


def make_raw(folder: Path, n: int, start: int = 0) -> int:
    from tests.synthetic import generate_page

    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(start, start + n):
        data = generate_page(i).text.encode("utf-8")
        (folder / f"page_{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def _median_run(runs: list[dict]) -> dict:
    """Field by field, the median of repeated runs (numbers; other fields from the first run),
    with the runs themselves under ``"runs"``."""
    out = dict(runs[0])
    for k, v in runs[0].items():
        if isinstance(v, float):
            out[k] = statistics.median(r[k] for r in runs)
        elif isinstance(v, int) and not isinstance(v, bool):
            out[k] = statistics.median_low(r[k] for r in runs)  # counts stay whole
    out["runs"] = runs
    return out


def measure(n: int, base: Path, env: dict, tokens: bool, dask: bool, repeat: int = 1) -> dict:
    raw = base / f"raw-{n}"
    mb = make_raw(raw, n) / 1e6
    warm = base / "warm-raw"
    if not warm.exists():
        make_raw(warm, 1, start=10**6)
    tok = "1" if tokens else "0"
    r: dict = {"pages": n, "mb": mb}
    common = [str(warm)]
    # Core and flow alternate, so that a slow spell of this shared machine hits both alike; the
    # orchestration share is taken pair by pair (each flow run against the core run before it).
    cores, flows = [], []
    for i in range(repeat):
        cores.append(run_child(["core", str(raw), str(base / f"core-{n}-{i}"), tok, *common], env))
        flows.append(
            run_child(["flow", str(raw), str(base / f"flow-{n}-{i}"), tok, "", "thread", *common], env)
        )
    r["core"], r["flow"] = _median_run(cores), _median_run(flows)
    r["shares"] = [max(0.0, f["call"] - c["total"]) / f["call"] for c, f in zip(cores, flows, strict=True)]
    cache = str(base / f"cache-{n}")
    out = str(base / f"inc-{n}")
    r["flow+cache"] = run_child(["flow", str(raw), out, tok, cache, "thread", *common], env)
    r["no-change"] = run_child(["flow", str(raw), out, tok, cache, "thread", *common], env)
    make_raw(raw, 1, start=n + 10**5)
    r["one-new"] = run_child(["flow", str(raw), out, tok, cache, "thread", *common], env)
    if dask:
        r["dask"] = run_child(["flow", str(raw), str(base / f"dask-{n}"), tok, "", "dask", *common], env)
    return r


def report(results: list[dict], tokens: bool) -> None:
    label = "with tokens" if tokens else "without tokens"
    print(f"\n== baokan scale benchmark ({label}; {os.cpu_count()} cores) ==")
    for r in results:
        n, mb, core, fl = r["pages"], r["mb"], r["core"], r["flow"]
        print(f"\n{n} pages, {mb:.1f} MB of raw text")
        print(
            "  core stages    "
            + "  ".join(f"{k} {core[k]:.2f}s" for k in ("scan", "read", "rows", "write"))
            + "   rows = "
            + "  ".join(f"{k} {core[k]:.2f}s" for k in ("decode", "layout", "extract", "tokens"))
            + f"  records {core['rows'] - sum(core[k] for k in ('decode', 'layout', 'extract', 'tokens')):.2f}s"
        )
        print(
            f"  core           {core['total']:6.2f} s  {mb / core['total']:5.2f} MB/s  "
            f"{mb / core['cpu']:5.2f} MB/s per core   peak RSS {core['rss_mb']:6.0f} MB"
        )
        if len(core["runs"]) > 1:
            for name, x in (("core", core), ("flow", fl)):
                rates = sorted(mb / run["cpu"] for run in x["runs"])
                print(
                    f"  {name:<14} median of {len(rates)} runs; MB/s per core from {rates[0]:.2f} to {rates[-1]:.2f}"
                )
        for name in ("flow", "flow+cache", "no-change", "one-new", "dask"):
            if name not in r:
                continue
            x = r[name]
            extra = f"processed {x['processed']}, cached {x['cached']}" + (
                ", unchanged" if x["unchanged"] else ""
            )
            print(
                f"  {name:<14} {x['call']:6.2f} s  {mb / x['call']:5.2f} MB/s  "
                f"{mb / x['cpu']:5.2f} MB/s per core   peak RSS {x['rss_mb']:6.0f} MB   ({extra})"
            )
        shares = sorted(r["shares"])
        share = statistics.median(shares)
        cache_cost = (r["flow+cache"]["call"] - fl["call"]) / fl["call"]
        nochange = r["no-change"]["call"] / r["flow+cache"]["call"]
        onenew = r["one-new"]["call"] / r["flow+cache"]["call"]
        spread = f" (runs {shares[0]:.1%} to {shares[-1]:.1%})" if len(shares) > 1 else ""
        print(
            f"  orchestration share (flow vs core, same work)   {share:6.1%}   target ≤ {TARGET_ORCHESTRATION:.0%}"
            + spread
        )
        # What the throughput target leaves for layout and extraction, given everything else.
        rules = core["layout"] + core["extract"]
        rest = fl["cpu"] - rules
        budget = mb / TARGET_MB_S_PER_CORE
        need = f"{mb / (budget - rest):.1f} MB/s" if budget > rest else "more than the whole budget"
        print(
            f"  everything but layout + extraction              {mb / rest:5.2f} MB/s per core; for "
            f"{TARGET_MB_S_PER_CORE:.0f} MB/s end to end they would need {need} together (now {mb / rules:.1f})"
        )
        print(f"  page-cache writing cost on a cold build          {cache_cost:+6.1%}")
        print(
            f"  no-change rebuild / full build                   {nochange:6.1%}   target < {TARGET_NO_CHANGE:.0%}"
        )
        print(f"  one new page / full build                        {onenew:6.1%}")
        print(
            f"  Prefect start-up (imports, temporary server, warm-up flow) {fl['startup']:.1f} s, once per run"
        )
    if len(results) > 1:
        a, b = results[0], results[-1]
        for name in ("core", "flow", "flow+cache"):
            print(
                f"  peak RSS {name:<11} {a[name]['rss_mb']:6.0f} MB at {a['pages']} pages → "
                f"{b[name]['rss_mb']:6.0f} MB at {b['pages']} pages "
                f"(×{b[name]['rss_mb'] / a[name]['rss_mb']:.2f} for ×{b['pages'] / a['pages']:.0f} pages)"
            )
    last = results[-1]
    per_core = last["mb"] / last["flow"]["cpu"]
    print(
        f"\n  targets at {last['pages']} pages: MB/s per core {per_core:.2f} (≥ {TARGET_MB_S_PER_CORE}), "
        f"peak RSS {max(last[k]['rss_mb'] for k in ('core', 'flow', 'flow+cache')):.0f} MB (< {TARGET_RSS_MB})"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, raw, out, tok, *rest = sys.argv[2:]
        if mode == "core":
            res = child_core(Path(raw), Path(out), tok == "1", Path(rest[0]))
        else:
            cache, runner, warm = rest
            res = child_flow(Path(raw), Path(out), tok == "1", cache or None, runner, Path(warm))
        print(json.dumps(res))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=500, help="N (default 500; 4N = 2,000)")
    ap.add_argument("--factor", type=int, default=4)
    ap.add_argument("--tokens", action="store_true", help="include the tokens table (jieba)")
    ap.add_argument("--dask", action="store_true", help="also run the cold build on a local Dask cluster")
    ap.add_argument(
        "--repeat", type=int, default=3, help="core and flow runs per size, alternating (medians reported)"
    )
    ap.add_argument("--json", help="also write the raw numbers to this file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="baokan-scale-") as tmp:
        base = Path(tmp)
        env = {
            **os.environ,
            "BAOKAN_CACHE_DIR": str(base / "baokan-cache"),  # jieba cache, Prefect home: fresh
            "PREFECT_LOGGING_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("PREFECT_API_URL", None)
        results = []
        for n in dict.fromkeys((args.pages, args.pages * args.factor)):  # --factor 1: one size
            started = time.perf_counter()
            results.append(measure(n, base, env, args.tokens, args.dask, args.repeat))
            print(f"[{n} pages measured in {time.perf_counter() - started:.0f} s]", file=sys.stderr)
        report(results, args.tokens)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
