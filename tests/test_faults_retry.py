"""Transient I/O errors are retried a bounded number of times; errors that will not heal are
reported once; files that change or vanish mid-run become rejects, through the real flow."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from prefect.states import Completed, Failed

from pipeline import flows, sources

PAGE = "全过程人民民主是社会主义民主政治的本质属性。\n人大代表联系群众。\n"


def _raw(tmp_path: Path, n: int = 3) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(n):
        (raw / f"p{i}.txt").write_text(f"第{i}页\n\n{PAGE}", encoding="utf-8")
    return raw


@pytest.mark.parametrize(
    ("exc", "retry"),
    [
        (OSError(errno.EIO, "Input/output error"), True),
        (OSError(errno.ESTALE, "Stale file handle"), True),
        (TimeoutError("read timed out"), True),
        (FileNotFoundError(errno.ENOENT, "No such file"), False),
        (PermissionError(errno.EACCES, "Permission denied"), False),
        (IsADirectoryError(errno.EISDIR, "Is a directory"), False),
        (ValueError("a bug"), False),
    ],
)
def test_transient_io_decisions(exc, retry):
    assert flows._transient_io(None, None, Failed(data=exc)) is retry


def test_a_completed_state_is_never_retried():
    assert flows._transient_io(None, None, Completed(data=1)) is False


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EDQUOT])
def test_a_full_or_read_only_disk_is_not_retried(code):
    assert flows._transient_io(None, None, Failed(data=OSError(code, os.strerror(code)))) is False


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOENT, "vanished"), (errno.EACCES, "unreadable"), (errno.EIO, None), (errno.ESTALE, None)],
)
def test_sources_split_errors_the_same_way(code, reason):
    """sources turns errors that will not heal into reasons and raises the rest for the retry."""
    got = sources.io_reason(OSError(code, os.strerror(code)))
    assert (got.split(":")[0] if got else None) == reason


@pytest.fixture
def fast_retries(monkeypatch):
    for t in (flows.scan_task, flows.process_batch):
        monkeypatch.setattr(t, "retry_delay_seconds", 0)


def _flaky(monkeypatch, exc_for_call):
    """Make sources.read_verified raise ``exc_for_call(n)`` on its n-th call (None: behave)."""
    calls: list[str] = []
    real = sources.read_verified

    def read(raw_dir, source):
        calls.append(source.paths[0])
        exc = exc_for_call(len(calls))
        if exc is not None:
            raise exc
        return real(raw_dir, source)

    monkeypatch.setattr(sources, "read_verified", read)
    return calls


def test_a_transient_error_heals_on_retry(prefect_harness, fast_retries, monkeypatch, tmp_path):
    raw = _raw(tmp_path)
    calls = _flaky(monkeypatch, lambda n: OSError(errno.EIO, "Input/output error") if n == 1 else None)
    summary = flows.build_flow(raw_dir=raw, out_dir=tmp_path / "out", batch_size=10)
    assert summary.published and summary.ok == 3 and not summary.rejected
    # The batch ran twice, once failing on its first page (pages go in doc_id order).
    assert len(calls) == 4 and calls[0] == calls[1] and sorted(set(calls)) == ["p0.txt", "p1.txt", "p2.txt"]


def test_a_persistent_transient_error_is_retried_a_bounded_number_of_times(
    prefect_harness, fast_retries, monkeypatch, tmp_path
):
    raw, out = _raw(tmp_path), tmp_path / "out"
    flows.build_flow(raw_dir=raw, out_dir=out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = _flaky(monkeypatch, lambda n: OSError(errno.EIO, "Input/output error"))
    with pytest.raises(OSError, match="Input/output error"):
        flows.build_flow(raw_dir=raw, out_dir=out)
    assert len(calls) == 1 + flows.process_batch.retries  # then it gives up, loudly
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # previous dataset kept


def test_an_error_that_will_not_heal_is_reported_once(prefect_harness, fast_retries, monkeypatch, tmp_path):
    raw = _raw(tmp_path)
    calls = _flaky(monkeypatch, lambda n: PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(PermissionError):
        flows.build_flow(raw_dir=raw, out_dir=tmp_path / "out")
    assert len(calls) == 1
    assert not (tmp_path / "out").exists()


def test_files_that_change_or_vanish_mid_run_are_rejects(prefect_harness, monkeypatch, tmp_path):
    """Between the scan task and the batch task one file is rewritten and one deleted."""
    raw, out = _raw(tmp_path, 4), tmp_path / "out"
    real_scan = sources.scan

    def scan_then_meddle(raw_dir):
        found = real_scan(raw_dir)
        (raw / "p1.txt").write_text("改过了" + PAGE, encoding="utf-8")
        (raw / "p2.txt").unlink()
        return found

    monkeypatch.setattr(sources, "scan", scan_then_meddle)
    summary = flows.build_flow(raw_dir=raw, out_dir=out)
    assert summary.published and summary.ok == 2
    assert sorted((p, r.split(":")[0]) for p, r in summary.rejected) == [
        ("p1.txt", "changed_during_run"),
        ("p2.txt", "vanished"),
    ]
    docs = {d["source_path"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}
    assert docs["p1.txt"]["status"] == "rejected" and docs["p0.txt"]["status"] == "ok"
    assert "changed_during_run" in summary.render()
