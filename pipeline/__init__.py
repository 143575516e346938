"""baokan: Chinese newspaper page text → validated Parquet + JSON dataset.

The core stages (``ingest``, ``layout``, ``extract``, ``records``, ``dataset``) are plain functions
over plain data; ``flows`` is the only module that knows about Prefect.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("baokan")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"
