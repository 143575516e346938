"""Where a short build's wall time goes, from process start to exit, through the real CLI.

    python benchmarks/startup.py [--repeat 5] [--pages 2000] [--skip-big]

Each run is ``python -m pipeline build`` in a subprocess with ``BAOKAN_TIMINGS=1``: the CLI prints
the moment (seconds since its process started) each phase ended, and this script reports medians
of ``--repeat`` runs per scenario:

- ``one page, no server``: the sample page (``--no-cache``: really processed); the CLI launches a
  local Prefect server first and imports and loads dictionaries while it boots;
- ``one page, running server``: the same with a server already running and recorded in the state
  file, as ``baokan serve`` leaves it (the build uses it instead of starting one);
- ``one page again``: the default build (page cache on) of a page built before, running server;
- ``no-change rebuild, N pages``: N synthetic pages built once, then rebuilt with nothing changed,
  with the running server; "beyond start-up" is the flow's own time (build − server ready).

Phases: ``interpreter+CLI`` (Python start, argument checks) · ``imports`` (Prefect, the flow and
its modules) · ``dictionaries`` (gazetteer, law titles, tokenizer: loaded while our own server
boots; with a running server they load on the first page, inside ``build``) · ``server wait``
(what was left of the server's start-up after that) · ``build`` (the flow, summary included) ·
``shutdown`` (sending queued logs, stopping our server). A first run on a fresh Prefect home also
migrates its database; the home here is warmed by one run that is not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_WITH_SERVER = 5.0
TARGET_WITHOUT = 10.0
TARGET_NO_CHANGE_BEYOND_STARTUP = 2.0
PHASES = [
    ("interpreter+CLI", None, "command line"),
    ("imports", "command line", "imports"),
    ("dictionaries", "imports", "dictionaries"),
    ("server wait", "dictionaries", "prefect server"),
    ("build", "prefect server", "build"),
    ("shutdown", "build", "exit"),
]


def run_build(raw: Path, out: Path, env: dict, *extra: str) -> dict:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--out", str(out), *extra],
        env={**env, "BAOKAN_TIMINGS": "1"},
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 3):
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr}")
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("baokan-timings "))
    marks = json.loads(line.removeprefix("baokan-timings "))
    phases = {}
    for name, start, end in PHASES:
        if end not in marks:
            continue
        begin = 0.0 if start is None else marks.get(start, marks.get("imports", 0.0))
        phases[name] = marks[end] - begin
    if "dictionaries" not in marks:  # a running server: no wait to fill, nothing loaded ahead
        phases["server wait"] = marks["prefect server"] - marks["imports"]
    phases["wall (measured outside)"] = wall
    return phases


def medians(runs: list[dict]) -> dict:
    keys = [k for k in runs[0] if all(k in r for r in runs)]
    return {k: statistics.median(r[k] for r in runs) for k in keys}


def show(title: str, m: dict, target: str) -> None:
    print(f"\n{title}")
    for k, v in m.items():
        print(f"  {k:<24} {v:6.2f} s")
    print(f"  {target}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--skip-big", action="store_true", help="skip the no-change rebuild of --pages pages")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="baokan-startup-") as tmp:
        base = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
        env.update(BAOKAN_CACHE_DIR=str(base / "cache"), PYTHONPATH=str(ROOT))
        raw = ROOT / "raw"
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, medians of {args.repeat} runs")
        run_build(raw, base / "warm", env, "--no-cache")  # migrates the fresh Prefect home: not counted

        runs = [run_build(raw, base / "one", env, "--no-cache") for _ in range(args.repeat)]
        m = medians(runs)
        ok = "met" if m["wall (measured outside)"] <= TARGET_WITHOUT else "NOT met"
        show("one page, no server running", m, f"target ≤ {TARGET_WITHOUT:.0f} s wall: {ok}")

        os.environ.update(BAOKAN_CACHE_DIR=env["BAOKAN_CACHE_DIR"])
        from pipeline import prefect_env
        from pipeline.serve import LocalServer, forget_server, record_server

        os.environ.pop("PREFECT_API_URL", None)
        prefect_env.configure()
        home = Path(os.environ["PREFECT_HOME"])
        with LocalServer(log_path=home / "bench-server.log", scheduler=False) as server:
            record_server(server.api_url)
            try:
                runs = [run_build(raw, base / "one", env, "--no-cache") for _ in range(args.repeat)]
                m = medians(runs)
                ok = "met" if m["wall (measured outside)"] <= TARGET_WITH_SERVER else "NOT met"
                show(
                    "one page, running server (as baokan serve leaves it)",
                    m,
                    f"target ≤ {TARGET_WITH_SERVER:.0f} s wall: {ok}",
                )
                run_build(raw, base / "again", env)  # fills the page cache
                runs = [run_build(raw, base / "again", env) for _ in range(args.repeat)]
                m = medians(runs)
                ok = "met" if m["wall (measured outside)"] <= TARGET_WITH_SERVER else "NOT met"
                show(
                    "one page again (`make build` twice: page cache, nothing changed), running server",
                    m,
                    f"target ≤ {TARGET_WITH_SERVER:.0f} s wall: {ok}",
                )
                if not args.skip_big:
                    from benchmarks.scale import make_raw

                    big = base / "raw-big"
                    mb = make_raw(big, args.pages) / 1e6
                    run_build(big, base / "big", env, "--no-tokens")  # fills the page cache
                    runs = [run_build(big, base / "big", env, "--no-tokens") for _ in range(args.repeat)]
                    m = medians(runs)
                    ok = "met" if m["build"] <= TARGET_NO_CHANGE_BEYOND_STARTUP else "NOT met"
                    show(
                        f"no-change rebuild, {args.pages:,} pages ({mb:.1f} MB), running server",
                        m,
                        f"target: build ≤ {TARGET_NO_CHANGE_BEYOND_STARTUP:.0f} s beyond start-up: {ok}",
                    )
            finally:
                forget_server(server.api_url)


if __name__ == "__main__":
    main()
