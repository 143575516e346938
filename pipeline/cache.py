"""Project cache directory for derived, rebuildable artefacts (e.g. jieba's prefix-dict cache).

Why not ``/tmp``: shared temp dirs are wiped or shared between users; a per-user cache keeps the
warm start fast and is overridable (``BAOKAN_CACHE_DIR``) for CI and sandboxes.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(sub: str | None = None) -> Path:
    """``$BAOKAN_CACHE_DIR`` (default ``$XDG_CACHE_HOME/baokan``, i.e. ``~/.cache/baokan``),
    optionally a subdir; created on demand."""
    xdg = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    base = Path(os.environ.get("BAOKAN_CACHE_DIR") or Path(xdg) / "baokan").expanduser()
    path = base / sub if sub else base
    path.mkdir(parents=True, exist_ok=True)
    return path
