"""baokan: Chinese newspaper page text → validated Parquet + JSON dataset.

The core stages (``ingest``, ``layout``, ``extract``, ``records``, ``dataset``) are plain functions
over plain data; ``flows`` is the only module that knows about Prefect.
"""

from __future__ import annotations

import functools


@functools.cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("baokan")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    """``__version__`` is looked up when first asked for: ``importlib.metadata`` costs ~40 ms, paid
    by every ``python -m pipeline`` before its own code runs (and before it can answer a Ctrl-C)."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
