"""Validated rows → Parquet + JSONL + manifest, written to a staging dir and swapped in atomically.

Every file is a pure function of the rows (sorted by the contract's keys, fixed writer options,
no timestamps), so two builds of the same input are byte-identical.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable
from operator import attrgetter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import __version__, fsatomic
from pipeline.records import PageRecords
from schemas import SCHEMA_VERSION, SORT_KEYS, TABLES, Record, schema_for

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
ROW_GROUP_SIZE = 64_000


def to_table(table: str, rows: Iterable[Record]) -> pa.Table:
    """Rows of one contract table → an Arrow table with the derived schema, sorted by its keys."""
    model = TABLES[table]
    schema = schema_for(table)
    rows = list(rows)
    for row in rows:
        if not isinstance(row, model):
            raise TypeError(f"{table}: expected {model.__name__}, got {type(row).__name__}")
    rows.sort(key=attrgetter(*SORT_KEYS[table]))
    # Columns straight from the attributes: the same values ``model_dump(mode="python")`` gives
    # (the models have no serializers or aliases) and the same ``from_arrays`` call
    # ``Table.from_pylist`` makes, without building one dict per row.
    fields = model.model_fields
    columns = [[getattr(r, n) for r in rows] if n in fields else [None] * len(rows) for n in schema.names]
    return pa.Table.from_arrays(columns, schema=schema)


def parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    dict_cols = [f.name for f in table.schema if f.name in DICTIONARY_COLUMNS]
    pq.write_table(
        table,
        sink,
        compression="zstd",
        use_dictionary=dict_cols,
        row_group_size=ROW_GROUP_SIZE,
        write_statistics=True,
    )
    return sink.getvalue()


def jsonl_bytes(records: PageRecords) -> bytes:
    """One JSON object per article, with its paragraphs and mentions nested, in table order."""
    paras: dict[str, list[dict]] = defaultdict(list)
    for p in sorted(records.paragraphs, key=lambda p: (p.article_id, p.position)):
        paras[p.article_id].append(p.model_dump(exclude={"article_id"}))
    mens: dict[str, list[dict]] = defaultdict(list)
    for m in sorted(records.mentions, key=lambda m: (m.article_id, m.start, m.end, m.type)):
        mens[m.article_id].append(m.model_dump(exclude={"article_id", "doc_id"}))
    docs = {d.doc_id: d for d in records.documents}
    lines = []
    for a in sorted(records.articles, key=lambda a: (a.doc_id, a.position)):
        obj = a.model_dump()
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


def dataset_files(records: PageRecords) -> dict[str, bytes]:
    """Every file of the dataset, by name, manifest last (it hashes the others)."""
    check_integrity(records)
    files: dict[str, bytes] = {}
    rows: dict[str, int] = {}
    for table, fname in TABLE_FILES.items():
        t = to_table(table, records.rows(table))
        files[fname] = parquet_bytes(t)
        rows[fname] = t.num_rows
    files[JSONL_FILE] = jsonl_bytes(records)
    rows[JSONL_FILE] = len(records.articles)
    files[SCHEMA_FILE] = json_schema_bytes()
    status = Counter(d.status for d in records.documents)
    manifest = {
        "dataset": DATASET_NAME,
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": __version__,
        "counts": {
            "documents": len(records.documents),
            "documents_ok": status.get("ok", 0),
            "documents_rejected": status.get("rejected", 0),
            "articles": len(records.articles),
            "paragraphs": len(records.paragraphs),
            "mentions": len(records.mentions),
            "mentions_by_type": dict(sorted(Counter(m.type for m in records.mentions).items())),
            "tokens": sum(len(t.tokens) for t in records.tokens),
        },
        "files": {
            name: {
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                **({"rows": rows[name]} if name in rows else {}),
            }
            for name, data in sorted(files.items())
        },
    }
    files[MANIFEST_FILE] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def write_dataset(records: PageRecords, out_dir: Path) -> dict:
    """Write the dataset into ``out_dir``, replacing any previous one atomically; return the manifest."""
    out_dir = Path(out_dir)
    files = dataset_files(records)
    with fsatomic.locked(out_dir):  # two builds into one folder take turns
        fsatomic.recover(out_dir)
        staging = fsatomic.staging_dir(out_dir)
        try:
            for name, data in files.items():
                fsatomic.write_bytes(staging / name, data)
            fsatomic.swap_in(staging, out_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return json.loads(files[MANIFEST_FILE])
