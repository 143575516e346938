"""Content-addressed cache of one page's encoded rows, so a rebuild only processes what changed.

A page's rows are a pure function of its bytes and of the code that reads and encodes them, so
the key is the raw bytes' SHA-256 inside a directory named by the pipeline version *and* a
fingerprint of every source file and data table that shapes the rows or their encoding (editing
a layout rule without bumping the version must not serve stale rows). The only path-dependent
fields — ``source_path`` and ``source_paths`` of the document row, the ``source_path`` each of its
articles carries in the JSONL, the path of a reject — are restamped from the current scan on load,
so a renamed or duplicated page is still a hit.

An entry is the page's :class:`~pipeline.dataset.EncodedBatch` (so a hit costs no pydantic and
no re-encoding): a small JSON header (counts, mentions by type, rejects, section sizes), one
Arrow IPC stream per table, the JSONL bytes, and a SHA-256 of all that at the end. The rows were
validated by the pydantic models before they were first encoded; on load the checksum proves
the bytes are those and each table's schema must equal the contract's exactly. A file that is
torn, corrupt or mismatched is a miss and gets rewritten. Entries are written atomically with
:func:`pipeline.fsatomic.write_bytes`, so a crash leaves complete entries or none. Rejects are
cached too, except transient ones (a vanished, changing or unreadable file) that may heal.

A second, smaller record makes a rebuild with nothing changed almost free: after a build, a
*stamp* per output folder holds a digest of its inputs (every content hash with its paths, the
unreadable paths, the tokens switch, the code fingerprint), the SHA-256 of the manifest written
and the run's summary. When the next scan gives the same digest and the output still hashes to
what its manifest says, there is nothing to read, load or write.

No Prefect here: the flow decides what to submit, this module only stores and loads.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import struct
import time
from functools import cache
from importlib import metadata
from pathlib import Path

import pyarrow as pa

from pipeline import __version__, dataset, fsatomic
from pipeline.records import PageRecords
from pipeline.sources import TRANSIENT_CODES, SourceFile, Unreadable, is_transient
from schemas import SCHEMA_VERSION, TABLES, schema_for

FORMAT = 2  # bump when the entry or stamp layout changes (this module is not fingerprinted)
_PACKAGE = Path(__file__).resolve().parent
_ROOT = _PACKAGE.parent
# Everything the rows and their encoding depend on: readers, rules, data tables, the contract,
# the encoder. (CLI, flows and release are not here: they do not change a page's rows.)
_FINGERPRINTED = (
    _PACKAGE / "ingest.py",
    _PACKAGE / "records.py",
    _PACKAGE / "sources.py",
    _PACKAGE / "types.py",
    _PACKAGE / "dataset.py",
    _PACKAGE / "layout",
    _PACKAGE / "extract",
    _PACKAGE / "data",
    _ROOT / "schemas",
)
_LEN = struct.Struct("<I")  # header length, before the header
_DIGEST = 32  # SHA-256 of everything before it, at the end of the file
_TABLES = tuple(TABLES)


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(
        p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


@cache
def fingerprint() -> str:
    """Hash of the code, data and dependency versions that determine a page's rows."""
    h = hashlib.sha256(f"format={FORMAT};schema={SCHEMA_VERSION};".encode())
    for dist in ("jieba", "pydantic", "pyarrow"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{dist}={metadata.version(dist)};".encode())
    for root in _FINGERPRINTED:
        for f in _files(root):
            h.update(f.relative_to(_ROOT).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def version_key() -> str:
    """Directory name of this code's entries: readable version plus the code fingerprint."""
    return f"{__version__}-{fingerprint()[:12]}"


def default_root() -> Path:
    from pipeline.cache import cache_dir

    return cache_dir("pages")


def entry_path(root: Path, sha256: str, with_tokens: bool) -> Path:
    """``<root>/<version>/<sha[:2]>/<sha>[.tokens].page`` (fan-out keeps directories small)."""
    return Path(_entry(root, sha256, with_tokens))


def _entry(root: Path | str, sha256: str, with_tokens: bool) -> str:
    """:func:`entry_path` as a string (a hit costs a few µs less: no ``Path`` parsing)."""
    name = f"{sha256}.tokens.page" if with_tokens else f"{sha256}.page"
    return os.path.join(root, version_key(), sha256[:2], name)


def _candidates(root: Path | str, sha256: str, with_tokens: bool) -> list[str]:
    """Entries that can serve a page, in order: a tokens entry also serves a build without tokens."""
    return [_entry(root, sha256, t) for t in ((True,) if with_tokens else (False, True))]


def candidates(root: Path, sha256: str, with_tokens: bool) -> list[Path]:
    return [Path(p) for p in _candidates(root, sha256, with_tokens)]


def has(root: Path, sha256: str, with_tokens: bool) -> bool:
    """Cheap existence check (one stat), used to decide which pages need processing."""
    return any(map(os.path.isfile, _candidates(root, sha256, with_tokens)))


def cacheable(recs: PageRecords) -> bool:
    """Whether a file's outcome depends on its bytes only (not on a file-system accident): its one
    document, or every page of a PDF."""
    for d in recs.documents:
        if d.status == "rejected" and is_transient(d.reason):
            return False
    return len(recs.documents) >= 1


def put(root: Path, source: SourceFile, recs: PageRecords, with_tokens: bool) -> bool:
    """Store one page's rows atomically; False (nothing written) for a transient reject."""
    if not cacheable(recs):
        return False
    put_encoded(root, source, dataset.encode_batch(recs), with_tokens)
    return True


def put_encoded(root: Path, source: SourceFile, page: dataset.EncodedBatch, with_tokens: bool) -> None:
    """Store one page's encoded batch (of a :func:`cacheable` page) atomically."""
    sections = [_ipc(table, page.tables[table]) for table in _TABLES]
    header = {
        "format": FORMAT,
        "schemas": _schemas_digest(),
        "sha256": source.sha256,
        "tokens": with_tokens,
        "doc_id": page.first_doc,
        "last_doc": page.last_doc,
        "source_paths": list(source.paths),
        "rows": [page.tables[t].num_rows for t in _TABLES],
        "sizes": [len(x) for x in sections] + [len(page.jsonl)],
        "counts": page.counts,
        "mentions_by_type": page.mentions_by_type,
        "rejects": [[reason, transient] for _, reason, transient in page.rejects],
    }
    raw = json.dumps(header, ensure_ascii=False).encode()
    body = b"".join([_LEN.pack(len(raw)), raw, *sections, page.jsonl])
    # No fsync per page (it doubled the cost of a cold build): a power cut can at worst leave an
    # empty or torn entry, which the checksum turns into a miss and the next build rewrites.
    data = body + hashlib.sha256(body).digest()
    fsatomic.write_bytes(entry_path(root, source.sha256, with_tokens), data, durable=False)


@cache
def _schemas_digest() -> str:
    """The five contract schemas, exactly (field metadata included), as one hash."""
    h = hashlib.sha256()
    for table in _TABLES:
        h.update(schema_for(table).serialize().to_pybytes())
    return h.hexdigest()


def _ipc(name: str, table: pa.Table) -> bytes:
    """One table as a single IPC record-batch message *without* its schema: the schema is the
    contract's (checked here, and its digest is in the header), so a hit does not parse five
    schemas with their descriptions (~14 KB of a 66 KB entry, and most of a hit's IPC time)."""
    if not table.schema.equals(schema_for(name), check_metadata=True):
        raise ValueError(f"{name}: not the contract's schema")
    batches = table.to_batches()  # one, a slice of the run's table, unless empty or chunked
    if len(batches) != 1:
        arrays = [column.combine_chunks() for column in table.columns]
        batches = [pa.RecordBatch.from_arrays(arrays, schema=table.schema)]
    return batches[0].serialize().to_pybytes()


def get(root: Path, source: SourceFile, with_tokens: bool) -> PageRecords | None:
    """The cached rows of ``source`` as models (tests and tools; builds use :func:`get_encoded`)."""
    page = get_encoded(root, source, with_tokens)
    if page is None:
        return None
    return PageRecords(
        **{t: [TABLES[t](**row) for row in page.tables[t].to_pylist()] for t in _TABLES},
    )


def get_encoded(root: Path, source: SourceFile, with_tokens: bool) -> dataset.EncodedBatch | None:
    """The cached encoded batch of ``source`` with its current paths, or None on a miss.

    An unreadable, corrupt or mismatched entry is a miss (the page is processed again and the
    entry rewritten): the cache can only cost time, never correctness.
    """
    for path in _candidates(root, source.sha256, with_tokens):
        try:
            with open(path, "rb") as fh:
                page = _load(fh.read(), source, with_tokens)
        except (OSError, ValueError, KeyError, TypeError, IndexError, pa.ArrowException):
            continue
        if page is not None:
            return page
    return None


def _load(data: bytes, source: SourceFile, with_tokens: bool) -> dataset.EncodedBatch | None:
    """Parse and check one entry's bytes (see the module docstring); None when they do not fit."""
    view = memoryview(data)
    if len(data) < _LEN.size + _DIGEST or hashlib.sha256(view[:-_DIGEST]).digest() != view[-_DIGEST:]:
        return None
    (n,) = _LEN.unpack_from(view)
    header = json.loads(bytes(view[_LEN.size : _LEN.size + n]))
    if header["format"] != FORMAT or header["schemas"] != _schemas_digest():
        return None
    if header["sha256"] != source.sha256 or (with_tokens and not header["tokens"]):
        return None
    buf = pa.py_buffer(data)
    at = _LEN.size + n
    tables = {}
    for table, rows, size in zip(_TABLES, header["rows"], header["sizes"], strict=False):
        batch = pa.ipc.read_record_batch(buf.slice(at, size), schema_for(table))
        if batch.num_rows != rows:
            return None
        tables[table] = pa.Table.from_batches([batch])
        at += size
    jsonl = bytes(view[at:-_DIGEST])
    counts = dict(header["counts"])
    if len(jsonl) != header["sizes"][-1] or tables["documents"].num_rows < 1:
        return None
    if header["tokens"] and not with_tokens:
        tables["tokens"] = schema_for("tokens").empty_table()
        counts["tokens"] = 0
    docs = tables["documents"]
    last = header.get("last_doc", header["doc_id"])
    if (
        set(docs.column("sha256").to_pylist()) != {source.sha256}
        or docs.column("doc_id")[0].as_py() != header["doc_id"]
        or docs.column("doc_id")[-1].as_py() != last
    ):
        return None
    old, new = header["source_paths"][0], source.paths[0]
    if header["source_paths"] != list(source.paths):
        tables["documents"] = _restamp(docs, source)
    if old != new:
        jsonl = _restamp_jsonl(jsonl, old, new, counts.get("articles", 0))
        if jsonl is None:
            return None
    return dataset.EncodedBatch(
        tables=tables,
        jsonl=jsonl,
        first_doc=header["doc_id"],
        last_doc=last,
        counts=counts,
        mentions_by_type=dict(header["mentions_by_type"]),
        rejects=tuple((new, reason, transient) for reason, transient in header["rejects"]),
    )


def _restamp(docs: pa.Table, source: SourceFile) -> pa.Table:
    """The file's document rows (one, or a PDF's pages) with the current scan's paths (their fields
    keep their metadata)."""
    for name, value in (("source_path", source.paths[0]), ("source_paths", list(source.paths))):
        i = docs.schema.get_field_index(name)
        field = docs.schema.field(i)
        docs = docs.set_column(i, field, pa.array([value] * docs.num_rows, type=field.type))
    return docs


def _restamp_jsonl(jsonl: bytes, old: str, new: str, articles: int) -> bytes | None:
    """Each article's ``"source_path"`` member, rewritten as ``json.dumps`` writes it.

    The pattern is structural: inside a JSON string every ``"`` is escaped, so an unescaped
    ``"source_path": `` can only be that key (paragraphs and mentions have no such member); each
    line has it once (the count is checked: a mismatch is a miss, never a wrong line).
    """

    def member(path: str) -> bytes:
        return b', "source_path": ' + json.dumps(path, ensure_ascii=False).encode() + b', "paragraphs": '

    a, b = member(old), member(new)
    if jsonl.count(a) != articles:
        return None
    return jsonl.replace(a, b)


def inputs_digest(found: list[SourceFile], unreadable: list[Unreadable], with_tokens: bool) -> str:
    """Everything a dataset is a function of, as one hash (paths included: they are columns)."""
    doc = {
        "version": version_key(),
        "tokens": with_tokens,
        "found": sorted([s.sha256, list(s.paths)] for s in found),
        "unreadable": sorted([u.path, u.reason] for u in unreadable),
    }
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def stamp_path(root: Path, out_dir: Path) -> Path:
    key = hashlib.sha256(os.fsencode(Path(out_dir).resolve())).hexdigest()[:32]
    return Path(root) / "builds" / f"{key}.json"


def save_stamp(root: Path, out_dir: Path, digest: str, summary: dict) -> None:
    """Remember what ``out_dir`` was built from (call after it was swapped in)."""
    manifest = Path(out_dir) / "manifest.json"
    doc = {
        "format": FORMAT,
        "out_dir": str(Path(out_dir).resolve()),
        "inputs": digest,
        "manifest_sha256": hashlib.sha256(manifest.read_bytes()).hexdigest(),
        "summary": summary,
    }
    fsatomic.write_bytes(stamp_path(root, out_dir), json.dumps(doc, ensure_ascii=False).encode())


def forget_stamp(root: Path, out_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(stamp_path(root, out_dir))


def _intact(out_dir: Path, manifest_sha256: str) -> bool:
    """``out_dir`` is the dataset the stamp recorded: its manifest, and every file it lists."""
    try:
        raw = (out_dir / "manifest.json").read_bytes()
        if hashlib.sha256(raw).hexdigest() != manifest_sha256:
            return False
        files = json.loads(raw)["files"]
        names = {p.name for p in out_dir.iterdir()}
        if names != {*files, "manifest.json"}:
            return False
        for name, meta in files.items():
            path = out_dir / name
            if path.stat().st_size != meta["bytes"]:
                return False
            if hashlib.sha256(path.read_bytes()).hexdigest() != meta["sha256"]:
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def unchanged(root: Path, out_dir: Path, digest: str) -> dict | None:
    """The recorded summary when ``out_dir`` is intact and was built from exactly these inputs."""
    try:
        doc = json.loads(stamp_path(root, out_dir).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("inputs") != digest:
        return None
    if not _intact(Path(out_dir), str(doc.get("manifest_sha256"))):
        return None
    summary = doc.get("summary")
    return summary if isinstance(summary, dict) else None


STALE_VERSION_DAYS = 14


def sweep(root: Path, max_age_seconds: float = 3600.0, stale_days: float = STALE_VERSION_DAYS) -> int:
    """Housekeeping at the start of a build; returns how many entries were removed.

    Deletes temp files left by a killed writer (older than ``max_age_seconds``, so a build still
    writing is never disturbed), and the entries of other code versions no build has used for
    ``stale_days`` (every edit of a reader makes a new version; switching back within two weeks
    still finds its entries). The current version's folder is touched to mark it used.
    """
    root = Path(root)
    base = root / version_key()
    removed = 0
    now = time.time()
    if base.is_dir():
        os.utime(base)
        for tmp in base.glob("*/.*.tmp"):
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < now - max_age_seconds:
                    os.unlink(tmp)
                    removed += 1
    if root.is_dir():
        for other in root.iterdir():
            if other == base or other.name == "builds" or not other.is_dir():
                continue
            with contextlib.suppress(OSError):
                if other.stat().st_mtime < now - stale_days * 86400:
                    shutil.rmtree(other)
                    removed += 1
    return removed


__all__ = [
    "FORMAT",
    "TRANSIENT_CODES",
    "cacheable",
    "candidates",
    "default_root",
    "entry_path",
    "fingerprint",
    "forget_stamp",
    "get",
    "get_encoded",
    "has",
    "inputs_digest",
    "put",
    "put_encoded",
    "save_stamp",
    "stamp_path",
    "sweep",
    "unchanged",
    "version_key",
]
