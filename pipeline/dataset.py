"""Validated rows → Parquet + JSONL + manifest, streamed into a staging dir and swapped in atomically.

Rows arrive batch by batch in ``doc_id`` order (every table's sort keys start with the document),
so the writer never holds more than a row group per table: memory stays flat however large the
corpus. Every file is a pure function of the rows — sorted by the contract's keys, fixed writer
options, row groups of a fixed number of rows whatever the batching, no timestamps — so two
builds of the same input, clean or incremental, are byte-identical.

Writing a batch is two steps: :func:`encode_batch` does all the work that depends on the batch
alone (integrity, Arrow tables, JSONL bytes, counts) wherever the rows were made — a Dask worker —
and :meth:`DatasetWriter.add_encoded` appends the result in order in the writer's process.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import pairwise
from operator import attrgetter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import __version__, errors, fsatomic
from pipeline.layout.styles import UNRESTORED
from pipeline.pdf.doubts import STORIES_UNSURE
from pipeline.records import PageRecords
from pipeline.sources import is_transient
from schemas import SCHEMA_VERSION, SORT_KEYS, TABLES, Document, Record, schema_for

DATASET_NAME = "baokan"
TABLE_FILES = {name: f"{name}.parquet" for name in TABLES}
JSONL_FILE = "articles.jsonl"
MANIFEST_FILE = "manifest.json"
SCHEMA_FILE = "schema.json"
# Low-cardinality string columns: dictionary-encode them; everything else plain.
DICTIONARY_COLUMNS = {
    "type",
    "status",
    "encoding",
    "line_ends",
    "unit",
    "place_level",
    "law_level",
    "jurisdiction",
    "approx",
    "author_region",
    "province_adcode",
    "publication",
    "column",
}
# Rows per Parquet row group, per table: fixed counts (not "whatever a batch held") keep the bytes
# independent of batching; sized so a row group is ~10–40 MB in memory (an article carries its
# whole text, a mention ~200 bytes), which bounds what the writer buffers.
ROW_GROUP_ROWS = {
    "documents": 65_536,
    "articles": 4_096,
    "paragraphs": 32_768,
    "mentions": 65_536,
    "tokens": 16_384,
}


def to_table(table: str, rows: Iterable[Record]) -> pa.Table:
    """Rows of one contract table → an Arrow table with the derived schema, sorted by its keys."""
    model = TABLES[table]
    schema = schema_for(table)
    rows = list(rows)
    for row in rows:
        if not isinstance(row, model):
            raise TypeError(f"{table}: expected {model.__name__}, got {type(row).__name__}")
    rows.sort(key=attrgetter(*SORT_KEYS[table]))
    # Columns straight from the attributes — the values ``model_dump(mode="python")`` gives (the
    # models have no serializers or aliases) — transposed in C: one attrgetter call per row, no
    # dict per row. Schema columns the model lacks (none today) would be all-null.
    names = [n for n in schema.names if n in model.model_fields]  # ≥ 2: attrgetter gives tuples
    by_name = dict(zip(names, map(list, zip(*map(attrgetter(*names), rows), strict=True)), strict=False))
    columns = [by_name.get(n, [None] * len(rows)) for n in schema.names]
    return pa.Table.from_arrays(columns, schema=schema)


def _writer_options(schema: pa.Schema) -> dict:
    return dict(
        compression="zstd",
        use_dictionary=[f.name for f in schema if f.name in DICTIONARY_COLUMNS],
        write_statistics=True,
    )


def parquet_bytes(table: pa.Table, row_group_rows: int = 65_536) -> bytes:
    """A whole table as Parquet bytes with the dataset's writer options (tests, forged files)."""
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=row_group_rows, **_writer_options(table.schema))
    return sink.getvalue()


def jsonl_bytes(records: PageRecords) -> bytes:
    """One JSON object per article, with its paragraphs and mentions nested, in table order."""
    # ``__dict__`` copies, not ``model_dump()``: the same values (flat models, no serializers),
    # at half the cost; json.dumps then sees exactly what it saw before.
    paras: dict[str, list[dict]] = defaultdict(list)
    for p in sorted(records.paragraphs, key=attrgetter("article_id", "position")):
        row = dict(p.__dict__)
        del row["article_id"]
        paras[p.article_id].append(row)
    mens: dict[str, list[dict]] = defaultdict(list)
    for m in sorted(records.mentions, key=attrgetter("article_id", "start", "end", "type")):
        row = dict(m.__dict__)
        del row["article_id"], row["doc_id"]
        mens[m.article_id].append(row)
    docs = {d.doc_id: d for d in records.documents}
    lines = []
    for a in sorted(records.articles, key=attrgetter("doc_id", "position")):
        obj = dict(a.__dict__)
        obj["source_path"] = docs[a.doc_id].source_path if a.doc_id in docs else None
        obj["paragraphs"] = paras.get(a.article_id, [])
        obj["mentions"] = mens.get(a.article_id, [])
        lines.append(json.dumps(obj, ensure_ascii=False, sort_keys=False))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def json_schema_bytes() -> bytes:
    """JSON Schema of every table, generated from the same pydantic models."""
    doc = {
        "schema_version": SCHEMA_VERSION,
        "tables": {name: model.model_json_schema() for name, model in TABLES.items()},
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def check_integrity(records: PageRecords) -> None:
    """Cross-table invariants the per-row models cannot see; a violation is a bug, so raise."""
    ids = Counter(d.doc_id for d in records.documents)
    dup = [k for k, n in ids.items() if n > 1]
    if dup:
        raise ValueError(f"duplicate doc_id: {dup[:5]}")
    arts = {a.article_id: a for a in records.articles}
    if len(arts) != len(records.articles):
        raise ValueError("duplicate article_id")
    for a in records.articles:
        if a.doc_id not in ids:
            raise ValueError(f"article {a.article_id} has no document")
    if len({p.paragraph_id for p in records.paragraphs}) != len(records.paragraphs):
        raise ValueError("duplicate paragraph_id")
    for p in records.paragraphs:
        art = arts.get(p.article_id)
        if art is None or art.text[p.start : p.end] != p.text:
            raise ValueError(f"paragraph {p.paragraph_id} does not match its article text")
    if len({m.mention_id for m in records.mentions}) != len(records.mentions):
        raise ValueError("duplicate mention_id")
    for m in records.mentions:
        art = arts.get(m.article_id)
        if art is None or art.text[m.start : m.end] != m.surface:
            raise ValueError(f"mention {m.mention_id} breaks text[start:end] == surface")
    for t in records.tokens:
        art = arts.get(t.article_id)
        if art is None or not _tokens_match(art.text, t.tokens, t.starts):
            raise ValueError(f"tokens of {t.paragraph_id} do not match the article text")


def _tokens_match(text: str, tokens: list[str], starts: list[int]) -> bool:
    """``text[s : s + len(w)] == w`` for every token ``w`` at ``s`` (zip strict)."""
    # Fast path, C loops only: for non-empty tokens at non-negative offsets ``startswith`` is the
    # same test.  Anything else (or a mismatch) is decided by the plain per-token check.
    plain = len(tokens) == len(starts) and all(tokens) and (not starts or min(starts) >= 0)
    if plain and all(map(text.startswith, tokens, starts)):
        return True
    return not any(text[s : s + len(w)] != w for w, s in zip(tokens, starts, strict=True))


class EncodedBatch:
    """One batch's share of every output file, encoded where the rows were made.

    Everything here depends on the batch alone, so a Dask worker does it next to the rows and
    ships only Arrow tables, bytes and small tuples back: pickling these is cheap, pickling
    pydantic rows was not, and the writer's process then only appends. A plain ``__slots__``
    class, not a dataclass: Prefect walks dataclasses in task results, not opaque objects.
    """

    __slots__ = ("counts", "first_doc", "jsonl", "last_doc", "mentions_by_type", "rejects", "tables")

    def __init__(
        self,
        tables: dict[str, pa.Table],
        jsonl: bytes,
        first_doc: str | None,
        last_doc: str | None,
        counts: dict[str, int],
        mentions_by_type: dict[str, int],
        rejects: tuple[tuple[str, str, bool], ...],
    ) -> None:
        self.tables = tables  # table name → its rows, sorted by the table's keys
        self.jsonl = jsonl  # the articles' JSONL lines
        self.first_doc, self.last_doc = first_doc, last_doc  # None: an empty batch
        self.counts = counts  # the manifest's counts: documents, documents_<status>, articles, …
        self.mentions_by_type = mentions_by_type  # in order of first mention, as a Counter fills
        self.rejects = rejects  # (source_path, reason, transient) per rejected document


def encode_batch(records: PageRecords) -> EncodedBatch:
    """A batch of whole pages' rows → its :class:`EncodedBatch` (integrity checked); raises as
    :meth:`DatasetWriter.add` does. A pure function of the rows, so it can run anywhere."""
    if not records.documents:
        if records.articles or records.paragraphs or records.mentions or records.tokens:
            raise ValueError("rows without their document")
        return EncodedBatch({}, b"", None, None, {}, {}, ())
    check_integrity(records)
    tables = {table: to_table(table, records.rows(table)) for table in TABLE_FILES}
    return _with_facts(records, tables, jsonl_bytes(records))


def _with_facts(records: PageRecords, tables: dict[str, pa.Table], jsonl: bytes) -> EncodedBatch:
    """The batch of ``records`` (non-empty) around its already encoded tables and JSONL."""
    docs = records.documents
    counts: Counter = Counter(documents=len(docs))
    counts.update(f"documents_{d.status}" for d in docs)
    flagged = [d.extractor_style for d in docs if d.extractor_style in UNRESTORED]
    flagged += [STORIES_UNSURE for d in docs if STORIES_UNSURE in d.flags]  # (PDF pages: no style)
    counts["documents_flagged"] = len(flagged)
    counts.update(f"documents_flagged:{style}" for style in flagged)  # (the summary's breakdown)
    counts["articles"] = len(records.articles)
    counts["paragraphs"] = len(records.paragraphs)
    counts["mentions"] = len(records.mentions)
    counts["tokens"] = sum(len(t.tokens) for t in records.tokens)
    return EncodedBatch(
        tables=tables,
        jsonl=jsonl,
        first_doc=min(d.doc_id for d in docs),
        last_doc=max(d.doc_id for d in docs),
        counts=dict(counts),
        mentions_by_type=dict(Counter(m.type for m in records.mentions)),
        rejects=tuple((d.source_path, d.reason or "", _transient(d)) for d in docs if d.status != "ok"),
    )


def split_pages(batch: EncodedBatch, pages: list[PageRecords]) -> list[EncodedBatch] | None:
    """``batch`` (``encode_batch`` of ``pages`` together) cut into each page's own batch, equal to
    ``encode_batch(page)`` without encoding again; None unless the pages are whole, one document
    each and in ascending doc_id order (then every table's rows are the pages' runs in turn).

    Why it holds: every table's sort keys start with ``doc_id`` or ``article_id``, which is
    ``<doc_id>-a<position>`` with ``doc_id`` of fixed width, so rows group by page in doc order;
    a JSONL line is one article (JSON escapes newlines inside strings), in the same order.
    """
    ids = [p.documents[0].doc_id if len(p.documents) == 1 else None for p in pages]
    if None in ids or any(a >= b for a, b in pairwise(ids)):  # type: ignore[operator]
        return None
    if len({len(i) for i in ids}) > 1:  # type: ignore[arg-type]
        return None
    lines = batch.jsonl.split(b"\n")[:-1] if batch.jsonl else []
    at = dict.fromkeys(TABLE_FILES, 0)
    line = 0
    out = []
    for page in pages:
        tables = {}
        for table in TABLE_FILES:
            n = len(page.rows(table))
            tables[table] = batch.tables[table].slice(at[table], n)
            at[table] += n
        k = len(page.articles)
        jsonl = b"".join(x + b"\n" for x in lines[line : line + k])
        line += k
        out.append(_with_facts(page, tables, jsonl))
    if line != len(lines) or any(at[t] != batch.tables[t].num_rows for t in TABLE_FILES):
        raise ValueError("pages do not add up to their batch")
    return out


def concat_batches(parts: list[EncodedBatch]) -> EncodedBatch:
    """Encoded batches of consecutive pages (ascending doc_id, checked) → one batch, equal to
    encoding all their rows at once: every table's sort keys start with the document (see
    :func:`split_pages`), so the sorted pieces in doc order concatenate to the sorted whole."""
    parts = [p for p in parts if p.first_doc is not None]
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return EncodedBatch({}, b"", None, None, {}, {}, ())
    for a, b in pairwise(parts):
        if b.first_doc <= a.last_doc:  # type: ignore[operator]
            raise ValueError(f"pieces out of doc_id order: {b.first_doc} after {a.last_doc}")
    counts: Counter = Counter()
    by_type: Counter = Counter()
    for p in parts:
        counts.update(p.counts)
        by_type.update(p.mentions_by_type)
    # One chunk per table, as encode_batch gives: the writer's row groups then see the same arrays.
    tables = {t: pa.concat_tables([p.tables[t] for p in parts]).combine_chunks() for t in TABLE_FILES}
    return EncodedBatch(
        tables=tables,
        jsonl=b"".join(p.jsonl for p in parts),
        first_doc=parts[0].first_doc,
        last_doc=parts[-1].last_doc,
        counts=dict(counts),
        mentions_by_type=dict(by_type),
        rejects=tuple(r for p in parts for r in p.rejects),
    )


def _transient(doc: Document) -> bool:
    """A reject that describes the file system at one moment (a vanished or changing file), not
    the bytes: a build that saw one must not be reused wholesale by the next."""
    return doc.sha256 is not None and is_transient(doc.reason)


class _TableSink:
    """One Parquet file written row group by row group, each exactly ``rows_per_group`` rows (the
    last fewer), from batches of any size. Holds at most one row group's rows between writes."""

    def __init__(self, path: Path, table: str) -> None:
        self.table = table
        self.path = path
        self.schema = schema_for(table)
        self.group = ROW_GROUP_ROWS[table]
        self.rows = 0
        self._pending: list[pa.Table] = []
        self._n_pending = 0
        self._writer = pq.ParquetWriter(path, self.schema, **_writer_options(self.schema))

    def add(self, part: pa.Table) -> None:
        if not part.num_rows:
            return
        self._pending.append(part)
        self._n_pending += part.num_rows
        self.rows += part.num_rows
        while self._n_pending >= self.group:
            self._flush(self.group)

    def _flush(self, n: int) -> None:
        buffered = pa.concat_tables(self._pending)
        # One contiguous chunk per row group: the Parquet writer cuts data pages where a column's
        # *chunks* end as well as where a page fills up, so a group handed over in the batches'
        # pieces would be paged — and its bytes differ — by how the build was batched.
        self._writer.write_table(buffered.slice(0, n).combine_chunks(), row_group_size=n)
        rest = buffered.slice(n)
        # Copy the remainder out, so the written group's buffers can be freed.
        self._pending = [rest.combine_chunks()] if rest.num_rows else []
        self._n_pending = rest.num_rows

    def close(self) -> None:
        if self._n_pending:
            self._flush(self._n_pending)
        self._writer.close()
        fsatomic.fsync_file(self.path)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.close()


def _file_sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


class DatasetWriter:
    """Stream validated rows into a new dataset folder; ``commit()`` swaps it in atomically.

    ``add()`` takes the rows of whole pages in ascending ``doc_id`` order (checked: a batch must
    start after the last document written, which also proves every ``doc_id`` unique);
    ``add_encoded()`` takes the same batch already encoded (:func:`encode_batch`). Use as a
    context manager: leaving it without ``commit()`` — an error, a refusal — deletes the staging
    folder and leaves the previous dataset untouched.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.staging = fsatomic.staging_dir(self.out_dir)
        staging = self.staging  # (not self: a registered rite must not keep the writer alive)
        self._forget_rite = errors.at_give_up(lambda: shutil.rmtree(staging, ignore_errors=True))
        self._last_doc: str | None = None
        self._counts: Counter = Counter()
        self._by_type: Counter = Counter()
        self._done = False
        try:
            self._sinks = {t: _TableSink(self.staging / f, t) for t, f in TABLE_FILES.items()}
            self._jsonl = open(self.staging / JSONL_FILE, "wb")  # noqa: SIM115 (closed in commit/abort)
        except BaseException:
            shutil.rmtree(self.staging, ignore_errors=True)
            raise

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self._done:
            self.abort()

    def add(self, records: PageRecords) -> None:
        """Append the rows of whole pages (every row of a document in the same call)."""
        self._check_open()
        self.add_encoded(encode_batch(records))

    def add_encoded(self, batch: EncodedBatch) -> None:
        """Append a batch :func:`encode_batch` made (here or on a worker): only the order check,
        the appends and the counts are left to do in the writer's process."""
        self._check_open()
        if batch.first_doc is None:
            return
        if self._last_doc is not None and batch.first_doc <= self._last_doc:
            raise ValueError(
                f"documents out of order or repeated: {batch.first_doc} after {self._last_doc} "
                "(add pages in ascending doc_id order, each once)"
            )
        for table, sink in self._sinks.items():
            sink.add(batch.tables[table])
        self._jsonl.write(batch.jsonl)
        self._last_doc = batch.last_doc
        self._counts.update(batch.counts)
        self._by_type.update(batch.mentions_by_type)

    def _check_open(self) -> None:
        if self._done:
            raise RuntimeError("dataset writer already committed or aborted")

    def _finish_files(self) -> dict:
        """Close every streamed file, write schema.json and manifest.json; return the manifest."""
        rows: dict[str, int] = {}
        for sink in self._sinks.values():
            sink.close()
            rows[sink.path.name] = sink.rows
        self._jsonl.flush()
        os.fsync(self._jsonl.fileno())
        self._jsonl.close()
        rows[JSONL_FILE] = self._counts["articles"]
        fsatomic.write_bytes(self.staging / SCHEMA_FILE, json_schema_bytes())
        c = self._counts
        names = sorted([*TABLE_FILES.values(), JSONL_FILE, SCHEMA_FILE])
        manifest = {
            "dataset": DATASET_NAME,
            "schema_version": SCHEMA_VERSION,
            "pipeline_version": __version__,
            "counts": {
                "documents": c["documents"],
                "documents_ok": c["documents_ok"],
                "documents_rejected": c["documents_rejected"],
                "documents_flagged": c["documents_flagged"],
                "articles": c["articles"],
                "paragraphs": c["paragraphs"],
                "mentions": c["mentions"],
                "mentions_by_type": dict(sorted(self._by_type.items())),
                "tokens": c["tokens"],
            },
            "files": {
                name: {
                    "bytes": (self.staging / name).stat().st_size,
                    "sha256": _file_sha256(self.staging / name),
                    **({"rows": rows[name]} if name in rows else {}),
                }
                for name in names
            },
        }
        data = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        fsatomic.write_bytes(self.staging / MANIFEST_FILE, data)
        return manifest

    def commit(self) -> dict:
        """Finish the files and make them the dataset in ``out_dir``, atomically; return the manifest."""
        self._check_open()
        try:
            manifest = self._finish_files()
            with fsatomic.locked(self.out_dir):  # two builds into one folder take turns
                fsatomic.recover(self.out_dir, keep=self.staging)
                fsatomic.swap_in(self.staging, self.out_dir)
        except BaseException:
            self.abort()
            raise
        self._done = True
        self._forget_rite()
        return manifest

    def abort(self) -> None:
        """Drop everything written so far; the previous dataset stays as it was."""
        self._done = True
        for sink in self._sinks.values():
            sink.abort()
        with contextlib.suppress(Exception):
            self._jsonl.close()
        shutil.rmtree(self.staging, ignore_errors=True)
        self._forget_rite()


def write_dataset(records: PageRecords, out_dir: Path) -> dict:
    """Write ``records`` (any order, held in memory) as the dataset in ``out_dir``, atomically;
    return the manifest. Builds stream batches through :class:`DatasetWriter` instead."""
    with DatasetWriter(out_dir) as writer:
        writer.add(records)
        return writer.commit()


def dataset_files(records: PageRecords) -> dict[str, bytes]:
    """Every file of the dataset ``records`` make, by name (tests and benchmarks)."""
    with tempfile.TemporaryDirectory(prefix="baokan-files-") as tmp:
        out = Path(tmp) / "out"
        write_dataset(records, out)
        return {p.name: p.read_bytes() for p in sorted(out.iterdir())}
