"""Getting a build to its first page quickly: which Prefect server, and what to do while it boots.

A one-page build does 0.05 s of work after ~2 s of imports and a Prefect server start of several
seconds. So: (1) a server that already runs is used — ``PREFECT_API_URL``, or the local one
``baokan serve`` keeps and records in ``$BAOKAN_CACHE_DIR/prefect-server.json``; (2) otherwise a
local ``prefect server start`` is launched *first*, and Prefect, the flow and the dictionaries
are imported and loaded while it boots (two cores: the waits overlap), and it is stopped at the
end. ``BAOKAN_TIMINGS=1`` prints where the time went, as one JSON line on stderr
(``benchmarks/startup.py`` reads it).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.errors import EXIT_FAILED, UserError
from pipeline.progress import process_age

TIMINGS_ENV = "BAOKAN_TIMINGS"
_marks: list[tuple[str, float]] = []


def mark(name: str) -> None:
    """Record that phase ``name`` ended now (seconds since the process started)."""
    _marks.append((name, process_age()))


def report_timings() -> None:
    if os.environ.get(TIMINGS_ENV) and _marks:
        with contextlib.suppress(OSError, ValueError):
            print("baokan-timings " + json.dumps(dict(_marks)), file=sys.stderr, flush=True)


class Ready:
    """``ready(timeout)`` returns once the run's server answers; ``launched``: we started it (so
    there is idle time to fill while it boots)."""

    def __init__(self, wait: Callable[[float], None] | None = None) -> None:
        self._wait = wait
        self.launched = wait is not None

    def __call__(self, timeout: float) -> None:
        if self._wait is not None:
            self._wait(timeout)


@contextlib.contextmanager
def api_server(home: Path, *, say: Callable[[str], None]) -> Iterator[Ready]:
    """Make ``PREFECT_API_URL`` name a server for this run (call before Prefect is imported);
    yields a :class:`Ready`."""
    from pipeline.serve import LocalServer, answers, drain_prefect, running_server

    if url := os.environ.get("PREFECT_API_URL"):
        if not answers(url, timeout=5.0):
            raise UserError(
                f"the Prefect server at PREFECT_API_URL={url} does not answer; start it, or unset "
                "PREFECT_API_URL to let baokan start a temporary one",
                code=EXIT_FAILED,
            )
        yield Ready()
        return
    if url := running_server():
        say(f"using the Prefect server at {url.removesuffix('/api')} (started by baokan serve)")
        os.environ["PREFECT_API_URL"] = url
        try:
            yield Ready()
        finally:
            drain_prefect()
            os.environ.pop("PREFECT_API_URL", None)
        return
    home.mkdir(parents=True, exist_ok=True)
    server = LocalServer(log_path=home / "server.log", scheduler=False).launch()
    os.environ["PREFECT_API_URL"] = server.api_url

    def ready(timeout: float) -> None:
        try:
            server.wait_healthy(timeout)
        except (RuntimeError, TimeoutError) as exc:
            raise UserError(f"the temporary Prefect server did not start: {exc}", code=EXIT_FAILED) from None

    try:
        yield Ready(ready)
    finally:
        drain_prefect()
        server.stop(grace=5.0)
        os.environ.pop("PREFECT_API_URL", None)


def warm_dictionaries() -> None:
    """Load the gazetteer, law titles, counts, formulations and the tokenizer (what the first page
    would otherwise wait for), e.g. while the Prefect server boots."""
    from pipeline.extract import extract_mentions
    from pipeline.extract.places import warm_up

    warm_up()
    extract_mentions("依照法律规定，全市三个区县共有二十个乡镇。")
