"""fsatomic details the kill tests rely on: recover() leaves a running build's staging alone,
and the output lock serialises two writers."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys

from pipeline import fsatomic


def test_staging_dirs_carry_the_pid(tmp_path):
    staging = fsatomic.staging_dir(tmp_path / "out")
    assert staging.name.startswith(f".out.staging-{os.getpid()}-")


def test_recover_keeps_the_staging_of_a_live_build_and_drops_dead_ones(tmp_path):
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".out.staging-{other.pid}-abc"
        live.mkdir()
        dead = tmp_path / ".out.staging-999999999-abc"  # no such pid
        dead.mkdir()
        mine = fsatomic.staging_dir(tmp_path / "out")  # ours: left over from a failed write
        fsatomic.recover(tmp_path / "out")
        assert live.exists() and not dead.exists() and not mine.exists()
    finally:
        other.kill()
        other.wait()
    fsatomic.recover(tmp_path / "out")
    assert not live.exists()


def test_the_output_lock_excludes_a_second_writer(tmp_path):
    target = tmp_path / "out"
    with fsatomic.locked(target):
        fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                got = True
            except BlockingIOError:
                got = False
            assert not got
        finally:
            os.close(fd)
    assert sorted(os.listdir(tmp_path)) == []  # no lock file left behind
