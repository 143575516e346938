"""Prefect settings for a command-line run, applied before ``prefect`` is imported.

With no ``PREFECT_API_URL`` Prefect starts a temporary local server; we give it a home of its
own (so the user's ``~/.prefect`` is untouched), a generous start-up timeout (first runs migrate
a fresh SQLite database), and no telemetry (offline machines log a DNS error otherwise). Every
value is a default: a variable the user already set wins.
"""

from __future__ import annotations

import logging
import os

from pipeline.cache import cache_dir

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_BATCH_INTERVAL": "0.5",
}


def configure() -> None:
    os.environ.setdefault("PREFECT_HOME", str(cache_dir("prefect")))
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


class _UsersView(logging.Filter):
    """What a person at the terminal needs from Prefect's console handler: warnings from the
    build itself (e.g. a page cache that could not be written). Prefect's INFO lines, its
    worker chatter and its error tracebacks stay in Prefect (UI, API logs): the command prints
    its own one-line error."""

    def __init__(self, prefect_dir: str) -> None:
        super().__init__()
        self.prefect_dir = prefect_dir

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info or record.levelno != logging.WARNING:
            return False
        return not record.pathname.startswith(self.prefect_dir)  # said by the build, not by Prefect


def quiet_console(verbose: bool = False) -> None:
    """Apply :class:`_UsersView` to Prefect's console handlers (call after Prefect configured its
    logging, i.e. after ``import prefect.main`` or a flow module); ``verbose`` keeps everything."""
    if verbose:
        return
    import prefect
    from prefect.logging.handlers import PrefectConsoleHandler

    prefect_dir = os.path.dirname(prefect.__file__) + os.sep
    seen = set()
    for name in (None, "prefect", "uvicorn", "prefect.flow_runs", "prefect.task_runs"):
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, PrefectConsoleHandler) and id(handler) not in seen:
                seen.add(id(handler))
                handler.addFilter(_UsersView(prefect_dir))
