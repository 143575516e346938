"""The dataset's bytes do not depend on how the build ran.

At a size where every text column spans several Parquet data pages (600 synthetic pages): the
writer fed in any batching, the flow with a cold, warm or partial page cache, and the flow on a
separately started ``dask scheduler`` + ``dask worker --nworkers 2`` write the same files, and the
manifest names the same sha256 — small inputs fit one data page and could not tell.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import dataset, flows, pagecache, sources
from pipeline.records import page_records
from tests.synthetic import generate_page

PAGES = 600
ROOT = Path(__file__).resolve().parents[1]
# pyarrow's default data page size: a column chunk whose encoded values exceed twice this spans
# at least two data pages (pages are cut when they fill, and — the bug — where chunks end).
DATA_PAGE_BYTES = 1024 * 1024


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _data_pages_at_least(path: Path, column: str) -> int:
    """A lower bound on the data pages of ``column``, from each row group's uncompressed size."""
    meta = pq.ParquetFile(path).metadata
    index = meta.schema.to_arrow_schema().get_field_index(column)
    return sum(
        max(1, meta.row_group(g).column(index).total_uncompressed_size // DATA_PAGE_BYTES)
        for g in range(meta.num_row_groups)
    )


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("raw600")
    for i in range(PAGES):
        (folder / f"page_{i:06d}.txt").write_bytes(generate_page(i).text.encode("utf-8"))
    return folder


@pytest.fixture(scope="module")
def pages(raw) -> list[dataset.EncodedBatch]:
    """Every page encoded alone, in doc_id order (what the writer appends)."""
    found, unreadable = sources.scan(raw)
    assert len(found) == PAGES and not unreadable
    encoded = [dataset.encode_batch(page_records(s, sources.read_verified(raw, s), False)) for s in found]
    return sorted(encoded, key=lambda b: b.first_doc)


@pytest.fixture(scope="module")
def reference(pages, tmp_path_factory) -> Path:
    """The dataset written from one batch of every page: what every other way must equal."""
    out = tmp_path_factory.mktemp("ref") / "out"
    with dataset.DatasetWriter(out) as writer:
        writer.add_encoded(dataset.concat_batches(pages))
        writer.commit()
    return out


def _write(pages: list[dataset.EncodedBatch], sizes: list[int], out: Path) -> dict:
    with dataset.DatasetWriter(out) as writer:
        at = 0
        for n in sizes:
            writer.add_encoded(dataset.concat_batches(pages[at : at + n]))
            at += n
        assert at == len(pages)
        return writer.commit()


def test_text_columns_span_several_data_pages(reference):
    # Otherwise the comparisons below could not see a data page cut by the batching.
    assert _data_pages_at_least(reference / "articles.parquet", "text") >= 2
    assert _data_pages_at_least(reference / "paragraphs.parquet", "text") >= 2


def test_any_batching_writes_the_same_bytes(pages, reference, tmp_path):
    want = _files(reference)
    rng = random.Random(15)
    irregular = []
    while sum(irregular) < len(pages):
        irregular.append(min(rng.choice([1, 2, 7, 33, 100, 151, 400]), len(pages) - sum(irregular)))
    batchings = {
        "one page each": [1] * len(pages),
        "100 (default)": [100] * 6,
        "400 (dask default)": [400, 200],
        "irregular": irregular,
    }
    for name, sizes in batchings.items():
        manifest = _write(pages, sizes, tmp_path / name)
        got = _files(tmp_path / name)
        differ = sorted(f for f in want if got.get(f) != want[f])
        assert not differ, f"{name}: {differ} differ from one batch"
        assert manifest["files"]["articles.parquet"]["sha256"] == dataset._file_sha256(
            reference / "articles.parquet"
        )


def test_cache_cold_warm_and_partial_write_the_same_bytes(prefect_harness, raw, reference, tmp_path):
    want = _files(reference)
    cache = tmp_path / "cache"
    runs = {}
    cold = flows.build_flow(raw_dir=raw, out_dir=tmp_path / "cold", tokens=False, cache_dir=str(cache))
    runs["cold"] = (cold, tmp_path / "cold")
    warm = flows.build_flow(
        raw_dir=raw, out_dir=tmp_path / "warm", tokens=False, cache_dir=str(cache), batch_size=400
    )
    runs["warm"] = (warm, tmp_path / "warm")
    found, _ = sources.scan(raw)
    dropped = 0
    for source in found[::3]:  # every third page leaves the cache: runs of hits and misses mix
        for entry in pagecache.candidates(cache, source.sha256, False):
            if entry.exists():
                entry.unlink()
                dropped += 1
    assert dropped >= PAGES // 3
    partial = flows.build_flow(
        raw_dir=raw, out_dir=tmp_path / "partial", tokens=False, cache_dir=str(cache), batch_size=37
    )
    runs["partial"] = (partial, tmp_path / "partial")
    assert (cold.processed, warm.cached, partial.processed) == (PAGES, PAGES, dropped)
    for name, (summary, out) in runs.items():
        assert summary.published
        got = _files(out)
        assert sorted(f for f in want if got.get(f) != want[f]) == [], name
        assert summary.manifest["files"] == runs["cold"][0].manifest["files"], name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _dask_cluster(tmp: Path, env: dict):
    """``dask scheduler`` and ``dask worker --nworkers 2`` started as separate processes on
    127.0.0.1 (as the README shows); both process groups are ended on the way out."""
    from distributed import Client

    port = _free_port()
    dask = [sys.executable, "-m", "dask"]  # the ``dask`` command of this interpreter
    common = dict(
        env=env, cwd=tmp, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    procs = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
            **common,
        )
    ]
    try:
        address = f"tcp://127.0.0.1:{port}"
        worker = [*dask, "worker", address]
        worker += ["--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"]
        procs.append(subprocess.Popen(worker, **common))
        deadline = time.monotonic() + 90
        while True:
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(2, timeout=max(1, deadline - time.monotonic()))
                break
            except OSError:
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    raise
                time.sleep(0.5)
        yield f"dask://127.0.0.1:{port}"
    finally:
        for p in reversed(procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
        for p in reversed(procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)


@pytest.mark.dask_processes
def test_dask_scheduler_and_workers_write_the_same_bytes(
    prefect_harness, monkeypatch, raw, reference, tmp_path
):
    pytest.importorskip("distributed")
    pytest.importorskip("prefect_dask")
    from prefect.settings import PREFECT_API_URL

    # Workers are processes: they must talk to this session's server, and import this checkout.
    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    with _dask_cluster(tmp_path, env) as spec:
        on_dask = flows.build_flow.with_options(task_runner=flows.task_runner(spec, n_workers=2))
        summary = on_dask(raw_dir=raw, out_dir=tmp_path / "dask", tokens=False, batch_size=100, read_ahead=4)
    assert summary.published and summary.documents == PAGES
    want, got = _files(reference), _files(tmp_path / "dask")
    assert sorted(f for f in want if got.get(f) != want[f]) == []
    assert {f: v["sha256"] for f, v in summary.manifest["files"].items()} == {
        f: dataset._file_sha256(reference / f) for f in summary.manifest["files"]
    }
