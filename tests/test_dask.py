"""The same flow on Dask (two worker processes) writes the same bytes as the in-process run."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import flows
from tests.synthetic import generate_page


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_runner_specs():
    import prefect_dask  # noqa: F401  (the optional extra is part of the test install)

    assert flows.task_runner("thread") is None
    local = flows.task_runner("dask")
    assert local.cluster_class is not None and local.cluster_kwargs["n_workers"] == 2
    assert flows.task_runner("dask://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    with pytest.raises(ValueError, match="unknown runner"):
        flows.task_runner("ray")


def test_cli_refuses_an_unknown_runner(tmp_path):
    from pipeline import cli

    assert cli.main(["build", "--raw", str(tmp_path), "--runner", "ray"]) == cli.EXIT_USAGE


def test_dask_build_equals_the_in_process_build(prefect_harness, monkeypatch, tmp_path):
    import prefect_dask  # noqa: F401  (the optional extra is part of the test install)
    from prefect.settings import PREFECT_API_URL

    # Workers are processes: they must talk to this session's server, not start their own.
    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(8):
        (raw / f"p{i}.txt").write_bytes(generate_page(100 + i).text.encode())
    (raw / "copy.txt").write_bytes((raw / "p0.txt").read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    on_dask = flows.build_flow.with_options(task_runner=flows.task_runner("dask"))
    a = on_dask(raw_dir=raw, out_dir=tmp_path / "dask", batch_size=2, cache_dir=str(tmp_path / "cache"))
    b = flows.build_flow(raw_dir=raw, out_dir=tmp_path / "thread", batch_size=3)
    assert a.published and a.processed == 9 and a.documents == b.documents == 9
    assert _files(tmp_path / "dask") == _files(tmp_path / "thread")
