"""Re-check a release against its manifest: files, sizes, checksums, rows, schemas, row contents.

Checksums catch any change to a file; re-validating rows against the contract and the cross-table
invariants also catches an edit whose author updated the manifest too.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow.parquet as pq
from pydantic import ValidationError

from pipeline.dataset import JSONL_FILE, MANIFEST_FILE, TABLE_FILES, check_integrity
from pipeline.records import PageRecords
from pipeline.release.manifest import count_rows
from pipeline.release.snapshot import schema_problems, sha256
from schemas import SCHEMA_VERSION, TABLES


def _listed_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def check(release_dir: Path, contract: bool = True) -> list[str]:
    """Every problem found in ``release_dir``, one message each; empty when the release is intact.

    ``contract=False`` checks only the file set, sizes, checksums and row counts: what still holds
    for an older release written under another schema version (the publisher's previous release).
    """
    root = Path(release_dir)
    if not root.is_dir():
        return [f"{root}: not a folder"]
    try:
        manifest = json.loads((root / MANIFEST_FILE).read_bytes())
        files: dict[str, dict] = manifest["files"]
    except FileNotFoundError:
        return [f"{MANIFEST_FILE}: missing"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{MANIFEST_FILE}: unreadable or without a file list ({exc})"]
    problems: list[str] = []
    present = _listed_files(root) - {MANIFEST_FILE}
    for name in sorted(files.keys() - present):
        problems.append(f"{name}: missing (listed in the manifest)")
    for name in sorted(present - files.keys()):
        problems.append(f"{name}: extra file, not listed in the manifest")
    if contract and manifest.get("schema_version") != SCHEMA_VERSION:
        problems.append(
            f"{MANIFEST_FILE}: schema version {manifest.get('schema_version')}; this baokan checks "
            f"schema {SCHEMA_VERSION}: verify with a baokan of that schema version"
        )
    tables = {}
    jsonl_ids: list[str] | None = None
    for name in sorted(files.keys() & present):
        entry = files[name]
        path = root / name
        if path.is_symlink():
            problems.append(f"{name}: is a symlink, expected a regular file")
            continue
        data = path.read_bytes()
        ok = True
        if len(data) != entry.get("bytes"):
            problems.append(f"{name}: size {len(data)} bytes, manifest says {entry.get('bytes')}")
            ok = False
        digest = sha256(data)
        if digest != entry.get("sha256"):
            problems.append(f"{name}: sha256 {digest[:16]}…, manifest says {str(entry.get('sha256'))[:16]}…")
            ok = False
        if "rows" in entry:
            try:
                rows = count_rows(name, data)
            except Exception as exc:  # a corrupt footer raises pyarrow's several error types
                problems.append(f"{name}: not readable: {exc}")
                continue
            if rows != entry["rows"]:
                problems.append(f"{name}: {rows} rows, manifest says {entry['rows']}")
        table = entry.get("table")
        if contract and table in TABLES and name == TABLE_FILES[table]:
            try:
                t = pq.read_table(io.BytesIO(data))
            except Exception as exc:
                problems.append(f"{name}: not readable as Parquet: {exc}")
                continue
            problems += [f"{name}: {p}" for p in schema_problems(table, t.schema)]
            tables[table] = t
        elif name == JSONL_FILE and ok:
            jsonl_ids = _jsonl_ids(data, problems)
    problems += _check_descriptors(root, files, present)
    if contract and set(tables) == set(TABLES):
        problems += _check_rows(tables)
        ids = tables["articles"].column("article_id").to_pylist()
        if jsonl_ids is not None and jsonl_ids != ids:
            problems.append(f"{JSONL_FILE}: articles differ from articles.parquet (IDs or order)")
    return problems


def _check_descriptors(root: Path, files: dict[str, dict], present: set[str]) -> list[str]:
    """datapackage.json and croissant.json repeat the checksums: they must agree with the manifest,
    which catches a manifest edited to cover a changed file."""
    problems = []
    claims: list[tuple[str, str, str | None, int | None]] = []
    try:
        if "datapackage.json" in present:
            for r in json.loads((root / "datapackage.json").read_bytes()).get("resources", []):
                claims.append(
                    ("datapackage.json", r["path"], r.get("hash", "").removeprefix("sha256:"), r.get("bytes"))
                )
        if "croissant.json" in present:
            for fo in json.loads((root / "croissant.json").read_bytes()).get("distribution", []):
                claims.append(("croissant.json", fo["contentUrl"], fo.get("sha256"), None))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return [f"metadata files unreadable: {exc}"]
    for source, name, digest, size in claims:
        entry = files.get(name)
        if entry is None:
            problems.append(f"{source}: describes {name}, which the manifest does not list")
        elif digest != entry.get("sha256") or (size is not None and size != entry.get("bytes")):
            problems.append(f"{source}: checksum of {name} disagrees with the manifest")
    return problems


def _jsonl_ids(data: bytes, problems: list[str]) -> list[str] | None:
    """Article IDs of the JSONL file in order; None (and a problem) when a line is not an article."""
    ids = []
    for i, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        try:
            obj = json.loads(line)
        except ValueError:
            problems.append(f"{JSONL_FILE}: line {i} is not JSON")
            return None
        if not isinstance(obj, dict) or "article_id" not in obj:
            problems.append(f"{JSONL_FILE}: line {i} is not an article object")
            return None
        ids.append(obj["article_id"])
    return ids


def _check_rows(tables: dict) -> list[str]:
    """Every row against its pydantic model, then the cross-table invariants of the writer."""
    rec = PageRecords()
    problems = []
    for table, model in TABLES.items():
        rows = rec.rows(table)
        for i, row in enumerate(tables[table].to_pylist()):
            try:
                rows.append(model.model_validate(row))
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(x) for x in first["loc"])
                key = row.get(next(iter(model.model_fields)))
                problems.append(
                    f"{TABLE_FILES[table]}: row {i} ({key}) breaks the contract: "
                    f"{where + ': ' if where else ''}{first['msg']}"
                )
                if len(problems) >= 20:
                    return problems
    if not problems:
        try:
            check_integrity(rec)
        except ValueError as exc:
            problems.append(f"rows: {exc}")
    return problems
