"""Scheduled runs, checked without blocking: no Prefect server is started here.

The deployment ``baokan serve`` registers and the one in ``prefect.yaml`` must agree (schedule,
entrypoint, parameters); the local-server helper is exercised against a stand-in HTTP server.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest
import yaml

from pipeline import cli, serve
from tests.conftest import ROOT

PREFECT_YAML = ROOT / "prefect.yaml"


@pytest.fixture(scope="module")
def deployment_config() -> dict:
    from prefect.cli.deploy._models import PrefectYamlModel  # what `prefect deploy` validates with

    raw = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))
    PrefectYamlModel.model_validate(raw)
    (dep,) = raw["deployments"]
    return dep


def test_prefect_yaml_deploys_the_build_flow(deployment_config):
    from pipeline.flows import build_flow

    path, func = deployment_config["entrypoint"].split(":")
    assert (ROOT / path).is_file() and func == "build_flow" == build_flow.fn.__name__
    assert deployment_config["name"] == serve.DEPLOYMENT_NAME
    assert deployment_config["concurrency_limit"] == 1
    assert deployment_config["work_pool"]["name"] == "baokan"


def test_prefect_yaml_has_the_serve_schedule_and_parameters(deployment_config):
    (sched,) = deployment_config["schedules"]
    assert sched["cron"] == serve.DEFAULT_CRON and sched["active"] is True
    # Relative folders: a worker runs in the checkout that `prefect deploy` recorded.
    assert deployment_config["parameters"] == serve.parameters(absolute=False)


def test_the_cli_defaults_are_the_deployment_defaults():
    args = cli.parser().parse_args(["serve"])
    assert args.cron == serve.DEFAULT_CRON and args.name == serve.DEPLOYMENT_NAME
    assert (args.raw, args.out, args.batch_size, args.tokens) == ("raw", "output", None, True)
    # No --batch-size: the deployment's default is the in-process flow's.
    from pipeline import flows

    assert serve.parameters()["batch_size"] == flows.DEFAULT_BATCH_SIZE


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["build"], ("thread", 100)),
        (["build", "--runner", "dask"], ("dask", 400)),
        (["build", "--runner", "dask", "--batch-size", "7"], ("dask", 7)),
        (["build", "--batch-size", "7"], ("thread", 7)),
    ],
)
def test_build_picks_the_batch_size_for_its_runner(argv, expected, monkeypatch, tmp_path):
    """Dask task runs cost more each than in-process ones, so their default batches are larger;
    an explicit --batch-size always wins."""
    from pipeline import flows, pagecache

    seen = {}

    class FakeFlow:  # records the parameters the CLI would run the flow with
        def with_options(self, task_runner):
            return self

        def __call__(self, **kwargs):
            seen.update(kwargs)
            raise SystemExit(0)

    monkeypatch.setattr(flows, "task_runner", lambda spec, n_workers=2: None if spec == "thread" else spec)
    monkeypatch.setattr(flows, "build_flow", FakeFlow())
    args = cli.parser().parse_args(argv)
    with pytest.raises(SystemExit):
        cli._run_build(args, tmp_path, tmp_path / "out", pagecache)
    assert (args.runner, seen["batch_size"]) == expected
    assert ("read_ahead" in seen) == (args.runner != "thread")


def test_to_deployment_carries_schedule_and_parameters():
    from prefect.utilities.schema_tools import validate

    from pipeline.flows import build_flow

    params = serve.parameters("raw", "output")
    dep = build_flow.to_deployment(name=serve.DEPLOYMENT_NAME, cron=serve.DEFAULT_CRON, parameters=params)
    (sched,) = dep.schedules
    assert sched.schedule.cron == "0 6 * * *" and sched.active
    assert dep.parameters == params
    assert Path(params["raw_dir"]).is_absolute() and params["raw_dir"] == str((Path.cwd() / "raw").resolve())
    assert dep.entrypoint == "pipeline/flows.py:build_flow"
    # The server enforces the parameter schema at run creation: the values must pass it.
    validate(params, dep._parameter_openapi_schema.model_dump(), raise_on_error=True)
    validate(serve.parameters(cache=None), dep._parameter_openapi_schema.model_dump(), raise_on_error=True)


@pytest.mark.parametrize(
    ("argv", "cache", "tokens"),
    [
        ([], "auto", True),
        (["--no-cache", "--no-tokens"], None, False),
        (["--cache", "some/dir"], str(Path("some/dir").resolve()), True),
    ],
)
def test_cmd_serve_passes_absolute_parameters(monkeypatch, tmp_path, argv, cache, tokens):
    seen = {}
    monkeypatch.setattr(serve, "serve", lambda cron, params, name: seen.update(cron=cron, params=params) or 0)
    raw = tmp_path / "raw"
    raw.mkdir()
    args = cli.parser().parse_args(["serve", "--cron", "*/5 * * * *", "--raw", str(raw), "--out", "o", *argv])
    assert args.func(args) == 0
    assert seen["cron"] == "*/5 * * * *"
    assert seen["params"]["raw_dir"] == str(raw) and seen["params"]["out_dir"] == str(Path("o").resolve())
    assert seen["params"]["cache_dir"] == cache and seen["params"]["tokens"] is tokens


def test_cmd_serve_refuses_a_missing_raw_folder(tmp_path):
    assert cli.main(["serve", "--raw", str(tmp_path / "nope")]) == cli.EXIT_USAGE


@pytest.mark.parametrize(
    ("cron", "ok"), [("0 6 * * *", True), ("*/15 * * * 1-5", True), ("61 * * * *", False)]
)
def test_validate_cron(cron, ok):
    assert (serve.validate_cron(cron) is None) is ok


@pytest.fixture
def no_signal_changes(monkeypatch):
    monkeypatch.setattr(signal, "signal", lambda *a: None)


def test_a_bad_cron_starts_nothing(monkeypatch, no_signal_changes):
    monkeypatch.setattr(serve.LocalServer, "start", lambda self, timeout=0: pytest.fail("server started"))
    assert serve.serve("not a cron", serve.parameters()) == 2


def test_serve_uses_the_server_in_prefect_api_url(monkeypatch, no_signal_changes):
    from pipeline.flows import build_flow

    seen = {}

    def fake_serve(**kwargs):
        seen.update(kwargs)
        raise KeyboardInterrupt  # Ctrl-C

    monkeypatch.setenv("PREFECT_API_URL", "http://example.invalid/api")
    monkeypatch.setattr(serve.LocalServer, "start", lambda self, timeout=0: pytest.fail("server started"))
    monkeypatch.setattr(build_flow, "serve", fake_serve)
    monkeypatch.setattr(serve, "register", lambda flow, **kw: seen.update(registered=kw))
    assert serve.serve("0 6 * * *", {"x": 1}, name="n") == 0
    assert seen == {
        "registered": {"name": "n", "cron": "0 6 * * *", "parameters": {"x": 1}},
        "name": "n",
        "cron": "0 6 * * *",
        "parameters": {"x": 1},
        "limit": 1,
        "print_starting_message": False,  # ours names the server: see test_cli_traps
    }


def test_serve_starts_and_stops_its_own_server(monkeypatch, no_signal_changes, tmp_path):
    from pipeline.flows import build_flow

    events = []
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(serve.LocalServer, "start", lambda self, timeout=0: events.append("start") or self)
    monkeypatch.setattr(serve.LocalServer, "stop", lambda self, grace=0: events.append("stop"))

    def fake_serve(**kwargs):
        events.append(("serve", os.environ["PREFECT_API_URL"]))  # set before the runs spawn

    monkeypatch.setattr(build_flow, "serve", fake_serve)
    monkeypatch.setattr(serve, "register", lambda flow, **kw: None)
    monkeypatch.setenv("BAOKAN_CACHE_DIR", str(tmp_path))
    assert serve.serve("0 6 * * *", {}) == 0
    assert events[0] == "start" and events[1][0] == "serve" and events[2] == "stop"
    assert events[1][1].startswith("http://127.0.0.1:") and events[1][1].endswith("/api")
    assert "PREFECT_API_URL" not in os.environ


FAKE_SERVER = """
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")
    def log_message(self, *a):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
"""


def test_local_server_waits_for_health_and_stops(tmp_path):
    port = serve.free_port()
    server = serve.LocalServer(port, tmp_path / "server.log", [sys.executable, "-c", FAKE_SERVER, str(port)])
    with server:
        assert server.healthy() and server.proc is not None
        pid = server.proc.pid
    assert server.proc is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_local_server_that_dies_is_reported(tmp_path):
    server = serve.LocalServer(None, tmp_path / "server.log", [sys.executable, "-c", "raise SystemExit(3)"])
    with pytest.raises(RuntimeError, match="exited with code 3"):
        server.start(timeout=30)


def test_the_default_command_runs_prefect_server_with_its_scheduler():
    cmd = serve.LocalServer.default_command(4200)
    assert cmd[-7:] == ["server", "start", "--host", "127.0.0.1", "--port", "4200", "--scheduler"]
