"""``baokan serve``: run the build on a cron schedule with Prefect.

Prefect's temporary (ephemeral) server has no scheduler, so a schedule needs a real one: the
server named by ``PREFECT_API_URL`` (a team's server or Prefect Cloud), or else a local
``prefect server start`` that we start as a subprocess, wait for, and stop again on Ctrl-C or
SIGTERM (and which the kernel stops if we are killed outright, on Linux). Runs fire in
subprocesses of this process, one at a time (``limit=1``), with absolute paths, so the
deployment means the same thing whatever the working directory of a run.

Prefect is imported only after ``PREFECT_API_URL`` is set, so its settings see the server.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pipeline import errors

DEFAULT_CRON = "0 6 * * *"
DEPLOYMENT_NAME = "scheduled"
_PR_SET_PDEATHSIG = 1


def parameters(
    raw: str | Path = "raw",
    out: str | Path = "output",
    *,
    tokens: bool = True,
    cache: str | None = "auto",
    batch_size: int = 100,
    strict: bool = False,
    absolute: bool = True,
) -> dict:
    """``build_flow`` parameters as JSON values (what a deployment stores).

    ``absolute`` resolves the folders now: a served run starts in a subprocess whose working
    directory must not change what it reads and writes. ``cache``: a folder, ``"auto"`` (the
    default page cache on the machine that runs the flow) or None (no cache).
    """
    raw_p, out_p = Path(raw), Path(out)
    if absolute:
        raw_p, out_p = raw_p.resolve(), out_p.resolve()
        if cache not in (None, "auto"):
            cache = str(Path(cache).resolve())
    return {
        "raw_dir": str(raw_p),
        "out_dir": str(out_p),
        "batch_size": batch_size,
        "strict": strict,
        "tokens": tokens,
        "cache_dir": cache,
    }


_CHECK_CRON = """
import sys
from prefect._internal.schemas.validators import validate_cron_string
try:
    validate_cron_string(sys.argv[1])
except ValueError as exc:
    sys.exit(str(exc))
"""


def validate_cron(cron: str) -> str | None:
    """The problem with ``cron`` as Prefect sees it, or None; checked before a server is started.

    In a subprocess: importing Prefect here would freeze its settings before we know the API URL.
    """
    proc = subprocess.run([sys.executable, "-c", _CHECK_CRON, cron], capture_output=True, text=True)
    if proc.returncode == 0:
        return None
    return proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"invalid cron string: {cron!r}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the server gets SIGTERM if we die without cleaning up (SIGKILL, OOM)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class LocalServer:
    """A ``prefect server start`` subprocess on a free local port (with its scheduler, for serve)."""

    def __init__(
        self,
        port: int | None = None,
        log_path: Path | None = None,
        command: Sequence[str] | None = None,
        scheduler: bool = True,
    ):
        self.port = port or free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.log_path = log_path
        self.command = list(command) if command else self.default_command(self.port, scheduler)
        self.proc: subprocess.Popen | None = None
        self._forget_rite: Callable[[], object] = lambda: None

    @staticmethod
    def default_command(port: int, scheduler: bool = True) -> list[str]:
        prefect = Path(sys.executable).with_name("prefect")
        head = [str(prefect)] if prefect.exists() else [sys.executable, "-m", "prefect"]
        sched = "--scheduler" if scheduler else "--no-scheduler"
        return [*head, "server", "start", "--host", "127.0.0.1", "--port", str(port), sched]

    def start(self, timeout: float = 120.0) -> LocalServer:
        """Start the server and return once ``/api/health`` answers (fresh homes migrate slowly)."""
        self.launch()
        try:
            self.wait_healthy(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def launch(self) -> LocalServer:
        """Start the server process and return at once: the caller can import and load while it
        boots, then :meth:`wait_healthy` (on a 2-core machine the two overlap)."""
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        env.pop("PREFECT_API_URL", None)
        try:
            self.proc = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # Ctrl-C reaches us; we stop the server in order
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
        finally:
            if log is not subprocess.DEVNULL:
                log.close()
        pid = self.proc.pid
        self._forget_rite = errors.at_give_up(lambda: os.killpg(pid, signal.SIGKILL))
        return self

    def healthy(self) -> bool:
        return answers(self.api_url)

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(
                    f"prefect server exited with code {self.proc.returncode} (log: {self.log_path})"
                )
            if self.healthy():
                return
            time.sleep(0.25)
        raise TimeoutError(f"prefect server not healthy after {timeout:.0f} s (log: {self.log_path})")

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM (uvicorn shuts down cleanly), SIGKILL after ``grace`` seconds."""
        proc, self.proc = self.proc, None
        self._forget_rite()
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)

    def __enter__(self) -> LocalServer:
        return self if self.proc else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def answers(api_url: str, timeout: float = 2.0) -> bool:
    """Whether a Prefect API answers its health check at ``api_url`` (…/api)."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def state_path() -> Path:
    """Where ``baokan serve`` records the local server it runs, for builds to reuse."""
    from pipeline.cache import cache_dir

    return cache_dir() / "prefect-server.json"


def record_server(api_url: str) -> Path:
    from pipeline import fsatomic

    path = state_path()
    doc = {"api_url": api_url, "pid": os.getpid(), "started_by": "baokan serve"}
    fsatomic.write_bytes(path, (json.dumps(doc) + "\n").encode(), durable=False)
    return path


def forget_server(api_url: str) -> None:
    """Remove the state file if it still names our server (another serve may have replaced it)."""
    path = state_path()
    with contextlib.suppress(OSError, ValueError):
        if json.loads(path.read_bytes()).get("api_url") == api_url:
            path.unlink()


def running_server() -> str | None:
    """The API URL of a local server ``baokan serve`` keeps running, if it answers; a stale
    state file (serve killed outright) is removed."""
    path = state_path()
    try:
        doc = json.loads(path.read_bytes())
        url = doc["api_url"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if isinstance(url, str) and answers(url, timeout=1.0):
        return url
    with contextlib.suppress(OSError):
        path.unlink()
    return None


@contextlib.contextmanager
def exported_api_server(log_dir: Path) -> Iterator[LocalServer | None]:
    """Make sure ``PREFECT_API_URL`` names a running server *in the environment*, so that worker
    processes (Dask) reach the same server as this one: nothing to do when it is already set,
    else a local server is started for the duration. Enter before Prefect is imported."""
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    log_dir.mkdir(parents=True, exist_ok=True)
    server = LocalServer(log_path=log_dir / "server.log", scheduler=False).start()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server
    finally:
        drain_prefect()
        server.stop()
        os.environ.pop("PREFECT_API_URL", None)


def drain_prefect() -> None:
    """Send Prefect's queued logs and events while our server still listens (else they are
    retried against a closed port at exit)."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):  # best effort: the work is done
            worker.drain_all(timeout=5)


def _sigterm_as_interrupt(signum, frame):  # pragma: no cover - exercised by signals only
    raise KeyboardInterrupt


def register(flow, *, name: str, cron: str, parameters: dict) -> None:
    """Create (or update) the deployment now, so the trigger command printed next works at once
    (``flow.serve`` registers it again, identically, before it polls)."""
    flow.to_deployment(name=name, cron=cron, parameters=parameters).apply()


def started_message(api_url: str, name: str, cron: str, *, local: bool) -> str:
    """What a user needs to reach the served deployment from another shell, pasteable as printed."""
    prefect = Path(sys.executable).with_name("prefect")
    exe = shlex.quote(str(prefect)) if prefect.exists() else f"{shlex.quote(sys.executable)} -m prefect"
    ui = api_url.removesuffix("/").removesuffix("/api")
    who = "local Prefect server (stopped with serve; builds meanwhile use it)" if local else "Prefect server"
    return "\n".join(
        [
            f"baokan serve: deployment 'baokan-build/{name}' on cron {cron!r} (UTC), until Ctrl-C",
            f"  server   {api_url}   ({who})",
            f"  UI       {ui}",
            f"  trigger  env PREFECT_API_URL={shlex.quote(api_url)} {exe} deployment run "
            f"{shlex.quote('baokan-build/' + name)}",
        ]
    )


def serve(cron: str, params: dict, name: str = DEPLOYMENT_NAME) -> int:
    """Serve ``build_flow`` on ``cron`` until interrupted; returns the exit code."""
    from pipeline import prefect_env

    if problem := validate_cron(cron):
        print(f"baokan: {problem}", file=sys.stderr)
        return 2
    prefect_env.configure()
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)  # until Prefect's runner takes over
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even if started with SIGINT ignored
    server: LocalServer | None = None
    try:
        if not os.environ.get("PREFECT_API_URL"):
            home = Path(os.environ["PREFECT_HOME"])
            home.mkdir(parents=True, exist_ok=True)
            server = LocalServer(log_path=home / "server.log")
            print(f"baokan: starting a local Prefect server (log: {server.log_path})", file=sys.stderr)
            server.start()
            os.environ["PREFECT_API_URL"] = server.api_url
            record_server(server.api_url)  # builds meanwhile use it instead of starting their own
        from pipeline.flows import build_flow

        register(build_flow, name=name, cron=cron, parameters=params)
        print(
            started_message(os.environ["PREFECT_API_URL"], name, cron, local=server is not None), flush=True
        )
        # Prefect's runner installs its own SIGTERM handler (pause the deployment, cancel runs,
        # return); Ctrl-C arrives as KeyboardInterrupt. Either way we get here and clean up.
        build_flow.serve(name=name, cron=cron, parameters=params, limit=1, print_starting_message=False)
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            print("baokan: stopping the local Prefect server", file=sys.stderr)
            forget_server(server.api_url)
            drain_prefect()
            server.stop()
            os.environ.pop("PREFECT_API_URL", None)
    print("baokan: serve stopped", file=sys.stderr)
    return 0
