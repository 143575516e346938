"""The release manifest: what the release is, where it came from, and a checksum of every file.

The release time is the only field that differs between two releases of the same build; it is
kept out of every other file so those stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq

import pipeline
from pipeline.dataset import TABLE_FILES
from pipeline.release import about
from pipeline.release.snapshot import DATA_FILES, sha256

FORMAT = "baokan-release/1"
_TABLE_OF = {fname: table for table, fname in TABLE_FILES.items()}


@cache
def git_info() -> dict:
    """Commit of the pipeline's source tree (null when not a git checkout or git is missing)."""
    src = Path(pipeline.__file__).resolve().parent
    try:
        head = subprocess.run(
            ["git", "-C", str(src), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
        if head.returncode != 0:
            return {"git_commit": None, "git_dirty": None}
        status = subprocess.run(
            ["git", "-C", str(src), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return {"git_commit": None, "git_dirty": None}
    dirty = bool(status.stdout.strip()) if status.returncode == 0 else None
    return {"git_commit": head.stdout.strip() or None, "git_dirty": dirty}


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def count_rows(name: str, data: bytes) -> int | None:
    """Rows of a data file: Parquet from its footer, JSONL by lines; None for other files."""
    if name.endswith(".parquet"):
        return pq.ParquetFile(io.BytesIO(data)).metadata.num_rows
    if name.endswith(".jsonl"):
        return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    return None


def file_entry(name: str, data: bytes) -> dict:
    entry: dict = {"bytes": len(data), "sha256": sha256(data)}
    rows = count_rows(name, data)
    if rows is not None:
        entry["rows"] = rows
    if name in _TABLE_OF:
        entry["table"] = _TABLE_OF[name]
    entry["role"] = "data" if name in DATA_FILES else "documentation"
    return entry


def build(
    *,
    version: str,
    schema_version: str,
    counts: dict,
    files: dict[str, bytes],
    documents: list[dict],
    previous: str | None,
    build_manifest_sha256: str,
    released_at: str,
    pipeline_version: str,
) -> dict:
    git = git_info()
    return {
        "format": FORMAT,
        "dataset": about.NAME,
        "version": version,
        "schema_version": schema_version,
        "license": about.LICENSE_ID,
        # The version is the build's (from its manifest); the commit is the releasing tree's, since
        # a build does not record one.
        "pipeline": {"name": "baokan", "version": pipeline_version, **git},
        "previous_release": previous,
        "build_manifest_sha256": build_manifest_sha256,
        "released_at": released_at,
        "counts": counts,
        "files": {name: file_entry(name, files[name]) for name in sorted(files)},
        "documents": [
            {
                "doc_id": d["doc_id"],
                "source_paths": d["source_paths"],
                "sha256": d["sha256"],
                "bytes": d["n_bytes"],
                "status": d["status"],
            }
            for d in sorted(documents, key=lambda d: d["doc_id"])
        ],
    }


def to_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
