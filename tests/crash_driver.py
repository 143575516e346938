"""Test helper: the core build in a child process that tests kill with SIGKILL.

The build is the real core path (``sources.scan`` → ``read_verified`` → ``records.page_records`` →
``dataset.DatasetWriter``, streaming page by page), not a model of it. To let a test aim its kill, the child prints a
marker line before each step (``M page 3``, ``M write documents.parquet``, ``M exchange``,
``M replace …``) and, with ``pause_at=k``, sleeps after printing marker k, so a kill sent on
seeing it lands exactly before step k. The markers and pauses are patched in here, in the child only;
shipped code reads no test switch.

``serve`` mode is a fork server: it imports and warms the pipeline once (≈ 2.5 s: jieba,
gazetteer), then forks one child per job read from stdin (≈ 0.2 s per build), so a test can kill
dozens of builds in a few seconds. Children run single-threaded code only until they fork.

    python tests/crash_driver.py build RAW OUT [--pause-at K] [--no-exchange]
    python tests/crash_driver.py serve      # stdin: one JSON job per line; stdout: markers
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import dataset, fsatomic, records, sources

_out = sys.stdout
_state = {"seen": 0, "pause_at": -1}
PAUSE = 5.0  # long: the test's kill arrives first; never slept out in a passing test


def mark(text: str, counted: bool = True) -> None:
    _out.write(f"M {text}\n")
    _out.flush()
    if counted:
        if _state["seen"] == _state["pause_at"]:
            time.sleep(PAUSE)
        _state["seen"] += 1


def _instrument(no_exchange: bool) -> None:
    """Wrap the file-system steps of a build with markers (this process only)."""
    write_bytes, exchange, replace, rmtree = (
        fsatomic.write_bytes,
        fsatomic._exchange,
        os.replace,
        shutil.rmtree,
    )

    def _write_bytes(path, data, *args, **kwargs):
        mark(f"write {Path(path).name}")
        return write_bytes(path, data, *args, **kwargs)

    def _exchange(a, b):
        if no_exchange:
            return False
        mark("exchange")
        return exchange(a, b)

    def _label(path) -> str:
        name = Path(path).name
        return "staging" if ".staging-" in name else "old" if ".old-" in name else "target"

    def _replace(src, dst, *args, **kwargs):
        if Path(src).is_dir():  # a dataset folder moving, not a file inside staging
            mark(f"replace {_label(src)}->{_label(dst)}")
        return replace(src, dst, *args, **kwargs)

    def _rmtree(path, *args, **kwargs):
        mark("rmtree")
        return rmtree(path, *args, **kwargs)

    close = dataset._TableSink.close

    def _close(sink):
        mark(f"write {sink.path.name}")
        return close(sink)

    dataset._TableSink.close = _close
    fsatomic.write_bytes = _write_bytes
    fsatomic._exchange = _exchange
    fsatomic.os.replace = _replace
    fsatomic.shutil.rmtree = _rmtree
    dataset.shutil.rmtree = _rmtree


def build(raw: Path, out: Path, pause_at: int = -1, no_exchange: bool = False) -> dict:
    """One core build with markers; returns the manifest."""
    _state.update(seen=0, pause_at=pause_at)
    _instrument(no_exchange)
    mark(f"start {os.getpid()}", counted=False)
    mark("scan")
    found, bad = sources.scan(raw)
    with dataset.DatasetWriter(out) as writer:  # rows stream out page by page, as in the flow
        for i, source in enumerate(records.in_doc_order(found, bad)):
            mark(f"page {i}")
            if isinstance(source, sources.Unreadable):
                writer.add(records.unreadable(source.path, source.reason))
                continue
            data = sources.read_verified(raw, source)
            writer.add(
                records.rejected(source, data)
                if isinstance(data, str)
                else records.page_records(source, data)
            )
        mark("records")
        manifest = writer.commit()
    mark("done")
    return manifest


def _warm() -> None:
    """Load jieba, the gazetteer and pyarrow's lazy pandas import before forking, so each child
    starts warm. Nothing here starts a thread pool (Parquet is only written in children)."""
    import pandas  # noqa: F401  (pyarrow's from_pylist imports it on first use: 0.5 s)
    import pyarrow as pa

    from pipeline.extract import extract_mentions

    pa.Table.from_pylist([{"a": 1}])
    extract_mentions("江苏省南京市人大常委会审议通过了《南京市生态环境保护条例》，3个项目。")


def serve() -> None:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # numpy (via pandas): no BLAS threads to fork
    _warm()
    mark("ready")
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the child: one build, then exit without running the parent's cleanup
            code = 0
            try:
                build(
                    Path(job["raw"]), Path(job["out"]), job.get("pause_at", -1), job.get("no_exchange", False)
                )
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                _out.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        _out.write(f"X {pid} {os.waitstatus_to_exitcode(status)}\n")
        _out.flush()


def main() -> None:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("raw", type=Path)
    b.add_argument("out", type=Path)
    b.add_argument("--pause-at", type=int, default=-1)
    b.add_argument("--no-exchange", action="store_true")
    sub.add_parser("serve")
    args = p.parse_args()
    if args.cmd == "serve":
        serve()
    else:
        build(args.raw, args.out, args.pause_at, args.no_exchange)


if __name__ == "__main__":
    main()
