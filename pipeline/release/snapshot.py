"""Read a dataset folder (a build's ``output/`` or a published release) into memory.

Both the publisher and the changelog need the same view of a dataset: its manifest, the raw
bytes of its data files (copied, never re-encoded) and the Arrow tables decoded from them.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.dataset import JSONL_FILE, MANIFEST_FILE, SCHEMA_FILE, TABLE_FILES
from schemas import SCHEMA_VERSION, schema_for

# The build files a release carries unchanged, in the order they are listed.
DATA_FILES = (*TABLE_FILES.values(), JSONL_FILE, SCHEMA_FILE)


class DatasetError(Exception):
    """A dataset folder that cannot be released or compared (missing, corrupt, wrong schema)."""


@dataclass
class Snapshot:
    path: Path
    manifest: dict
    data: dict[str, bytes] = field(default_factory=dict)
    tables: dict[str, pa.Table] = field(default_factory=dict)

    @property
    def schema_version(self) -> str:
        return self.manifest.get("schema_version", "")

    def rows(self, table: str) -> list[dict]:
        t = self.tables.get(table)
        return [] if t is None else t.to_pylist()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def schema_problems(table: str, actual: pa.Schema) -> list[str]:
    """How an Arrow schema differs from the contract (names, types, nullability, docs, version)."""
    expected = schema_for(table)
    problems = []
    if not actual.equals(expected, check_metadata=False):
        exp = {f.name: f for f in expected}
        act = {f.name: f for f in actual}
        for name in exp.keys() - act.keys():
            problems.append(f"column {name!r} missing")
        for name in act.keys() - exp.keys():
            problems.append(f"unexpected column {name!r}")
        for name in exp.keys() & act.keys():
            e, a = exp[name], act[name]
            if e.type != a.type or e.nullable != a.nullable:
                problems.append(
                    f"column {name!r} is {a.type}{'' if a.nullable else ' not null'}, "
                    f"contract says {e.type}{'' if e.nullable else ' not null'}"
                )
        if not problems:
            problems.append("column order differs from the contract")
    meta = actual.metadata or {}
    version = meta.get(b"baokan.schema_version", b"").decode()
    if version != SCHEMA_VERSION:
        problems.append(
            f"schema version {version or 'missing'} in file metadata, contract is {SCHEMA_VERSION}"
        )
    return problems


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads((path / MANIFEST_FILE).read_bytes())
    except FileNotFoundError:
        raise DatasetError(f"{path}: no {MANIFEST_FILE} (not a baokan dataset folder?)") from None
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}/{MANIFEST_FILE}: unreadable: {exc}") from None


def load(path: Path, check_contract: bool = True) -> Snapshot:
    """Load a build or release folder, checking every data file against its manifest checksum.

    ``check_contract`` also requires the Arrow schemas to match this baokan's contract: a release
    documents its columns from the current models, so it must not describe files of another schema.
    A previous release is loaded without it, since comparing across schemas is the point there.
    """
    path = Path(path)
    if not path.is_dir():
        raise DatasetError(f"{path}: not a folder")
    manifest = _read_manifest(path)
    listed = manifest.get("files", {})
    snap = Snapshot(path=path, manifest=manifest)
    problems = []
    for name in DATA_FILES:
        file = path / name
        if not file.is_file():
            if check_contract or name in listed:  # an older release may predate a table
                problems.append(f"{name}: missing")
            continue
        data = file.read_bytes()
        entry = listed.get(name)
        if entry is None:
            problems.append(f"{name}: not listed in {MANIFEST_FILE}")
        elif entry.get("sha256") != sha256(data) or entry.get("bytes") != len(data):
            problems.append(f"{name}: does not match the sha256/size in {MANIFEST_FILE}")
        snap.data[name] = data
    for table, name in TABLE_FILES.items():
        if name not in snap.data:
            continue
        try:
            t = pq.read_table(io.BytesIO(snap.data[name]))
        except Exception as exc:  # pyarrow raises several types for a corrupt file
            problems.append(f"{name}: not readable as Parquet: {exc}")
            continue
        if check_contract:
            problems += [f"{name}: {p}" for p in schema_problems(table, t.schema)]
        snap.tables[table] = t
    if check_contract and manifest.get("schema_version") != SCHEMA_VERSION:
        problems.append(
            f"{MANIFEST_FILE}: schema version {manifest.get('schema_version')}, this baokan writes "
            f"{SCHEMA_VERSION}: rebuild the dataset first"
        )
    if problems:
        raise DatasetError(f"{path}: " + "; ".join(problems))
    return snap
