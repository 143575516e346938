"""SIGKILL of a real ``baokan build --cache`` mid-run: the previous dataset is intact, the cache
holds only complete entries, and the next run finishes the job, equal to a clean build."""

from __future__ import annotations

import contextlib
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline import fsatomic, pagecache, sources
from tests.conftest import ROOT
from tests.synthetic import generate_page


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _cli(raw: Path, out: Path, cache: Path, home: Path) -> subprocess.Popen:
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_HOME": str(home)}
    env["PREFECT_LOGGING_LEVEL"] = "INFO"
    args = ["build", "--raw", str(raw), "--out", str(out), "--cache", str(cache)]
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args, "--batch-size", "2", "--no-tokens", "--verbose"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: we kill exactly what we started
    )


def test_kill_during_an_incremental_build(prefect_harness, tmp_path):
    from pipeline.flows import build_flow

    rng = random.Random(os.environ.get("CRASH_SEED", "7"))
    raw, out, cache = tmp_path / "raw", tmp_path / "out", tmp_path / "cache"
    raw.mkdir()
    for i in range(4):
        (raw / f"p{i:02d}.txt").write_bytes(generate_page(i).text.encode())
    build_flow(raw_dir=raw, out_dir=out, cache_dir=str(cache), tokens=False)
    before = _files(out)
    for i in range(4, 40):
        (raw / f"p{i:02d}.txt").write_bytes(generate_page(i).text.encode())

    proc = _cli(raw, out, cache, tmp_path / "prefect")
    log = b""
    try:
        deadline = time.monotonic() + 60
        while b"batch 1/" not in log and time.monotonic() < deadline:
            if select.select([proc.stderr], [], [], 1)[0]:
                chunk = os.read(proc.stderr.fileno(), 65536)
                if not chunk:
                    break
                log += chunk
        assert b"batch 1/" in log, log.decode(errors="replace")[-2000:]
        time.sleep(rng.uniform(0, 0.5))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    build_flow(raw_dir=raw, out_dir=tmp_path / "clean", tokens=False)
    clean = _files(tmp_path / "clean")
    fsatomic.recover(out)
    now = _files(out)
    assert now in (before, clean)  # the old dataset or the new one, whole, never a mix
    found, _ = sources.scan(raw)
    stored = [s for s in found if pagecache.has(cache, s.sha256, False)]
    # (Every page may be cached with the kill landing before the swap: then the old dataset
    # stands and the rerun processes nothing, only writes.)
    assert len(stored) >= 4
    assert all(pagecache.get(cache, s, False) is not None for s in stored)  # complete entries only

    done = build_flow(raw_dir=raw, out_dir=out, cache_dir=str(cache), tokens=False)
    assert done.processed == len(found) - len(stored)  # only what the killed run had not kept
    assert _files(out) == clean
