"""Prefect settings for a command-line run, applied before ``prefect`` is imported.

With no ``PREFECT_API_URL`` Prefect starts a temporary local server; we give it a home of its
own (so the user's ``~/.prefect`` is untouched), a generous start-up timeout (first runs migrate
a fresh SQLite database), and no telemetry (offline machines log a DNS error otherwise). Every
value is a default: a variable the user already set wins.
"""

from __future__ import annotations

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
