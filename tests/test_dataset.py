"""The writer: contract files, offsets, determinism, integrity checks."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from pipeline import dataset, records
from pipeline.sources import SourceFile
from schemas import schema_for
from tests.conftest import SEED


@pytest.fixture(scope="module")
def seed_records():
    data = SEED.read_bytes()
    from pipeline.ingest import sha256_hex

    src = SourceFile(paths=(SEED.name,), sha256=sha256_hex(data), n_bytes=len(data))
    return records.page_records(src, data)


def test_page_records_are_consistent(seed_records):
    dataset.check_integrity(seed_records)
    doc = seed_records.documents[0]
    assert doc.status == "ok" and doc.n_articles == len(seed_records.articles)
    for a in seed_records.articles:
        assert a.article_id.startswith(doc.doc_id)


def test_written_files_follow_the_contract(seed_records, tmp_path):
    manifest = dataset.write_dataset(seed_records, tmp_path / "out")
    out = tmp_path / "out"
    for table, fname in dataset.TABLE_FILES.items():
        t = pq.read_table(out / fname)
        assert t.schema.equals(schema_for(table), check_metadata=False)
        assert manifest["files"][fname]["rows"] == t.num_rows
        meta = pq.ParquetFile(out / fname).metadata
        assert meta.row_group(0).column(0).compression == "ZSTD" if t.num_rows else True
    arts = {a["article_id"]: a for a in pq.read_table(out / "articles.parquet").to_pylist()}
    for m in pq.read_table(out / "mentions.parquet").to_pylist():
        assert arts[m["article_id"]]["text"][m["start"] : m["end"]] == m["surface"]
    for p in pq.read_table(out / "paragraphs.parquet").to_pylist():
        assert arts[p["article_id"]]["text"][p["start"] : p["end"]] == p["text"]
    lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(arts)
    first = json.loads(lines[0])
    assert first["article_id"] in arts and isinstance(first["paragraphs"], list)
    assert {m["type"] for line in lines for m in json.loads(line)["mentions"]} >= {"place", "count"}


def test_files_are_deterministic(seed_records):
    a = dataset.dataset_files(seed_records)
    b = dataset.dataset_files(seed_records)
    assert a == b


def test_integrity_violations_raise(seed_records):
    m = seed_records.mentions[0]
    broken = m.model_copy(update={"surface": "※" * len(m.surface)})  # ※ never occurs in the page
    bad = records.PageRecords(
        documents=list(seed_records.documents),
        articles=list(seed_records.articles),
        paragraphs=list(seed_records.paragraphs),
        mentions=[broken],
    )
    with pytest.raises(ValueError, match="surface"):
        dataset.check_integrity(bad)
    dup = records.PageRecords(documents=seed_records.documents * 2)
    with pytest.raises(ValueError, match="duplicate doc_id"):
        dataset.check_integrity(dup)


def test_a_failed_write_keeps_the_previous_dataset(seed_records, tmp_path, monkeypatch):
    out = tmp_path / "out"
    dataset.write_dataset(seed_records, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(dataset.fsatomic, "swap_in", boom)
    with pytest.raises(OSError):
        dataset.write_dataset(seed_records, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_tokens_keep_entities_whole_and_point_into_the_text(seed_records):
    arts = {a.article_id: a for a in seed_records.articles}
    words = {w for t in seed_records.tokens for w in t.tokens}
    # Every place and law surface the extractors found is one token or a run of whole tokens.
    for t in seed_records.tokens:
        text = arts[t.article_id].text
        for w, s in zip(t.tokens, t.starts, strict=True):
            assert text[s : s + len(w)] == w
    # No token boundary falls inside a place or law mention: entities are never split.
    cuts: dict[str, set[int]] = {}
    for t in seed_records.tokens:
        cuts.setdefault(t.article_id, set()).update(t.starts)
    checked = 0
    for m in seed_records.mentions:
        if m.type in ("place", "law"):
            assert not any(m.start < c < m.end for c in cuts[m.article_id]), m.surface
            checked += 1
    assert checked >= 20 and "黄石市" in words
    assert len(seed_records.tokens) == len(seed_records.paragraphs)


def test_tokens_can_be_skipped():
    data = SEED.read_bytes()
    from pipeline.ingest import sha256_hex

    src = SourceFile(paths=(SEED.name,), sha256=sha256_hex(data), n_bytes=len(data))
    rec = records.page_records(src, data, with_tokens=False)
    assert rec.tokens == [] and rec.articles
