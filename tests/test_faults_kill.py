"""Builds killed with SIGKILL at chosen and at random moments leave the previous dataset intact,
and the next run produces exactly what a clean run produces.

The core build runs in children of ``tests/crash_driver.py serve`` (a warm fork server, so each
killed build costs ≈ 0.3 s); one test kills the real ``python -m pipeline build`` CLI. Kill points
are drawn at random; the seed is in every failure message (rerun with ``CRASH_SEED=…``).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import fsatomic
from tests.conftest import ROOT, SEED

DRIVER = ROOT / "tests" / "crash_driver.py"
SEED_VALUE = int(os.environ.get("CRASH_SEED", time.time_ns() % 1_000_000))
RNG = random.Random(SEED_VALUE)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a dataset folder, by name: what "byte-identical" compares."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def make_raw(folder: Path, version: int) -> Path:
    """Two versions of a raw folder with different datasets (v2 adds pages, drops one)."""
    folder.mkdir(parents=True)
    seed = b"\n".join(SEED.read_bytes().split(b"\n")[:150]) + b"\n"  # two articles: fast builds
    (folder / "seed.txt").write_bytes(seed)
    (folder / "empty.txt").write_bytes(b"")
    if version == 1:
        (folder / "only-in-v1.txt").write_bytes("全国人大常委会审议通过了决定。\n".encode())
    else:
        (folder / "seed copy.txt").write_bytes(seed)
        (folder / "short.txt").write_bytes("江苏省南京市人大代表联系群众，共有3个项目。\n".encode("gbk"))
        half = seed[: len(seed) // 2].rsplit(b"\n", 1)[0] + b"\n"
        (folder / "half.txt").write_bytes(half)
    return folder


class ForkServer:
    """Client of ``crash_driver.py serve``: run one build per call, optionally kill it."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER), "serve"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
        )
        self.buf = b""
        try:
            assert self._line(60) == "M ready"
        except BaseException:
            self.proc.kill()  # the fork server we just started, by its handle
            self.proc.wait()
            raise

    def _line(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise TimeoutError("crash driver did not answer")
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise EOFError("crash driver exited")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()

    def run(
        self,
        raw: Path,
        out: Path,
        *,
        kill_at: int | None = None,
        kill_after: float | None = None,
        no_exchange: bool = False,
    ) -> tuple[list[str], int]:
        """Run one build; kill it when marker number ``kill_at`` appears or ``kill_after`` seconds
        after it starts. Returns the markers seen and the exit code (-9 when killed).

        With ``kill_at`` the child pauses after printing that marker, so the kill lands there."""
        pause_at = -1 if kill_at is None else kill_at
        job = {"raw": str(raw), "out": str(out), "pause_at": pause_at, "no_exchange": no_exchange}
        self.proc.stdin.write((json.dumps(job) + "\n").encode())
        self.proc.stdin.flush()
        markers: list[str] = []
        pid = None
        deadline = None
        while True:
            timeout = 30.0 if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                line = self._line(timeout)
            except TimeoutError:
                if deadline is None:
                    raise
                os.kill(pid, signal.SIGKILL)  # a child of our own fork server, by pid
                deadline = None
                continue
            if line.startswith("X "):
                return markers, int(line.split()[2])
            marker = line[2:]
            if marker.startswith("start "):
                pid = int(marker.split()[1])
                if kill_after is not None:
                    deadline = time.monotonic() + kill_after
                continue
            markers.append(marker)
            if kill_at is not None and len(markers) - 1 == kill_at:
                os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        self.proc.stdin.close()  # the server's loop ends at EOF
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def server():
    srv = ForkServer()
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def world(server, tmp_path_factory):
    """Raw v1/v2, the v1 dataset (the "previous" one) and the clean v2 dataset to compare with."""
    base = tmp_path_factory.mktemp("kill")
    raw1, raw2 = make_raw(base / "raw1", 1), make_raw(base / "raw2", 2)
    old, clean = base / "old" / "output", base / "clean" / "output"
    for raw, out in ((raw1, old), (raw2, clean)):
        markers, code = server.run(raw, out)
        assert code == 0 and markers[-1] == "done"
    old_files, clean_files = snapshot(old), snapshot(clean)
    assert old_files != clean_files
    probe = base / "timed" / "output"
    shutil.copytree(old, probe)
    t0 = time.monotonic()
    server.run(raw2, probe)  # how long a build over an existing dataset takes
    return {
        "base": base,
        "raw2": raw2,
        "old": old,
        "old_files": old_files,
        "clean_files": clean_files,
        "seconds": time.monotonic() - t0,
    }


def check_killed_run(world, server, case: str, **run) -> list[str]:
    """Copy the previous dataset, kill a v2 build over it, check, rerun, check again."""
    parent = world["base"] / case
    out = parent / "output"
    shutil.copytree(world["old"], out)
    markers, code = server.run(world["raw2"], out, **run)
    where = f"{case} (CRASH_SEED={SEED_VALUE}) killed after {markers[-1:] or 'start'}"
    if code != 0:
        assert code == -signal.SIGKILL, where
        # A kill between the two renames of the fallback swap leaves the old folder aside;
        # the next run's recover() puts it back before anything else.
        fsatomic.recover(out)
        now = snapshot(out)
        assert now in (world["old_files"], world["clean_files"]), f"{where}: dataset is a mix"
        if "replace staging->target" not in markers and "exchange" not in markers:
            assert now == world["old_files"], f"{where}: previous dataset changed"
    _, code = server.run(world["raw2"], out)
    assert code == 0, where
    assert snapshot(out) == world["clean_files"], f"{where}: rerun differs from a clean run"
    assert sorted(p.name for p in parent.iterdir()) == ["output"], f"{where}: debris left"
    return markers


def test_clean_run_markers_cover_every_phase(server, world):
    markers, code = server.run(world["raw2"], world["base"] / "markers" / "output")
    assert code == 0
    assert {"scan", "page 0", "records", "write documents.parquet", "write manifest.json"} <= set(markers)


@pytest.mark.parametrize("no_exchange", [False, True], ids=["exchange", "two-renames"])
def test_kill_at_every_step_of_writing_and_swapping(server, world, no_exchange):
    """A kill just before chosen steps: the scan, a random page, random Parquet/JSON writes, the
    exchange and the cleanup after it; with the two-rename fallback, every step of the swap."""
    parent = world["base"] / f"probe-{no_exchange}"
    shutil.copytree(world["old"], parent / "output")
    steps, _ = server.run(world["raw2"], parent / "output", no_exchange=no_exchange)
    assert steps[-1] == "done"
    pages = [i for i, m in enumerate(steps) if m.startswith("page ")]
    if no_exchange:
        points = [
            steps.index("write manifest.json"),
            *range(steps.index("write manifest.json") + 1, len(steps) - 1),
        ]
        assert steps[points[1] :] == ["replace target->old", "replace staging->target", "rmtree", "done"]
    else:
        points = [0, *RNG.sample(pages, 2), *range(steps.index("records"), len(steps) - 1)]
        assert "exchange" in steps
    for k in points:
        seen = check_killed_run(world, server, f"{no_exchange}-{k}", kill_at=k, no_exchange=no_exchange)
        assert seen[-1] == steps[k], f"kill aimed at {steps[k]} landed after {seen[-1]}"


def test_kill_at_random_moments(server, world):
    """Kills with no pause at uniformly random times over a build's duration."""
    for i in range(8):
        delay = RNG.uniform(0, world["seconds"] * 1.1)
        check_killed_run(world, server, f"random-{i}", kill_after=delay, no_exchange=RNG.random() < 0.3)


def test_kill_the_real_cli(prefect_harness, world, server, tmp_path):
    """``python -m pipeline build`` (Prefect flow, against the test harness's server) killed with
    SIGKILL mid-run, at a random moment after it has found the pages."""
    from prefect.settings import PREFECT_API_URL

    out = tmp_path / "output"
    shutil.copytree(world["old"], out)
    env = {
        **os.environ,
        "PREFECT_API_URL": PREFECT_API_URL.value(),
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_LOGGING_LEVEL": "INFO",
    }
    # --verbose: Prefect's log lines (the triggers below) on stderr
    argv = ["build", "--verbose", "--raw", str(world["raw2"]), "--out", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: we kill exactly what we started
    )
    # Either while the pages are processed or while the write task writes and swaps (≈ 0.3 s).
    trigger, delay = RNG.choice(
        [(b"distinct pages", RNG.uniform(0, 1.0)), (b"batch 1/", RNG.uniform(0, 0.3))]
    )
    log = b""
    try:
        deadline = time.monotonic() + 60
        while trigger not in log and time.monotonic() < deadline:
            if select.select([proc.stderr], [], [], 1)[0]:
                chunk = os.read(proc.stderr.fileno(), 65536)
                if not chunk:
                    break
                log += chunk
        assert trigger in log, log.decode(errors="replace")[-2000:]
        time.sleep(delay)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    fsatomic.recover(out)
    now = snapshot(out)
    assert now in (world["old_files"], world["clean_files"]), f"CRASH_SEED={SEED_VALUE}"
    _, code = server.run(world["raw2"], out)
    assert code == 0 and snapshot(out) == world["clean_files"], f"CRASH_SEED={SEED_VALUE}"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "prefect") == ["output"]
