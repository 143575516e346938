"""The page cache stores encoded pages: a hit is loaded, restamped and concatenated, never decoded.

What must hold: pieces concatenate to exactly what encoding all rows at once gives; a loaded
entry is exactly ``encode_batch`` of the page's rows with the current paths; any damaged entry is
a miss; and through the flow, every one of these gives the files of a clean build.
"""

from __future__ import annotations

import json
import os
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import dataset, ingest, pagecache, records, sources
from pipeline.sources import SourceFile
from schemas import SORT_KEYS
from schemas import schema_for as real_for
from tests.synthetic import generate_page


def _source(seed: int, *paths: str) -> tuple[SourceFile, bytes]:
    data = generate_page(seed).text.encode("utf-8")
    paths = paths or (f"p{seed:03d}.txt",)
    return SourceFile(paths=paths, sha256=ingest.sha256_hex(data), n_bytes=len(data)), data


@pytest.fixture(scope="module")
def pages() -> list[records.PageRecords]:
    """Six pages, a content reject and an unreadable path, in doc_id order."""
    recs = [records.page_records(*_source(i)) for i in range(6)]
    recs.append(records.rejected(_source(50)[0], "binary: looks like a binary file"))
    recs.append(records.unreadable("locked.txt", "unreadable: permission denied"))
    return sorted(recs, key=lambda r: r.documents[0].doc_id)


def _assert_same(a: dataset.EncodedBatch, b: dataset.EncodedBatch) -> None:
    assert a.tables.keys() == b.tables.keys()
    for t in a.tables:
        assert a.tables[t].equals(b.tables[t], check_metadata=True), t
    assert a.jsonl == b.jsonl
    assert (a.first_doc, a.last_doc, a.counts, a.rejects) == (b.first_doc, b.last_doc, b.counts, b.rejects)
    assert list(a.mentions_by_type.items()) == list(b.mentions_by_type.items())


def test_every_sort_key_starts_with_the_document():
    """The claim concatenation rests on (article_id is '<doc_id>-a<position>')."""
    assert {keys[0] for keys in SORT_KEYS.values()} == {"doc_id", "article_id"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.sets(st.integers(min_value=1, max_value=7)))
def test_concatenated_pieces_equal_one_encoding(pages, cuts):
    bounds = [0, *sorted(cuts), len(pages)]
    groups = [pages[a:b] for a, b in pairwise(bounds)]
    pieces = [dataset.encode_batch(records.PageRecords.joined(g)) for g in groups]
    whole = dataset.encode_batch(records.PageRecords.joined(pages))
    _assert_same(dataset.concat_batches(pieces), whole)
    for group, piece in zip(groups, pieces, strict=True):
        for page, cut in zip(group, dataset.split_pages(piece, group), strict=True):
            _assert_same(cut, dataset.encode_batch(page))


def test_pieces_out_of_order_are_refused(pages):
    a, b = dataset.encode_batch(pages[0]), dataset.encode_batch(pages[1])
    with pytest.raises(ValueError, match="order"):
        dataset.concat_batches([b, a])
    assert (
        dataset.split_pages(dataset.encode_batch(records.PageRecords.joined(pages[:2])), [pages[1], pages[0]])
        is None
    )


def _moved(recs: records.PageRecords, paths: tuple[str, ...]) -> records.PageRecords:
    doc = recs.documents[0].model_copy(update={"source_path": paths[0], "source_paths": list(paths)})
    return records.PageRecords([doc], recs.articles, recs.paragraphs, recs.mentions, recs.tokens)


@pytest.mark.parametrize("seed", [3, 50])
def test_a_moved_page_is_restamped_exactly(tmp_path, seed):
    """Documents table, each article's JSONL ``source_path`` and the reject carry the new path,
    byte for byte what encoding the rows with that path gives (paths that need JSON escapes too)."""
    source, data = _source(seed)
    recs = records.page_records(source, data) if seed < 50 else records.rejected(source, "binary: x")
    pagecache.put(tmp_path, source, recs, True)
    for paths in (('新/目录 "引号"\\x.txt', "b.txt"), ("a.txt",), source.paths):
        moved = SourceFile(paths=paths, sha256=source.sha256, n_bytes=source.n_bytes)
        hit = pagecache.get_encoded(tmp_path, moved, True)
        _assert_same(hit, dataset.encode_batch(_moved(recs, paths)))


def test_a_tokens_entry_serves_a_build_without_tokens(tmp_path):
    source, data = _source(2)
    pagecache.put(tmp_path, source, records.page_records(source, data, with_tokens=True), True)
    hit = pagecache.get_encoded(tmp_path, source, False)
    _assert_same(hit, dataset.encode_batch(records.page_records(source, data, with_tokens=False)))
    assert hit.counts["tokens"] == 0 and pagecache.get_encoded(tmp_path, source, True).counts["tokens"] > 0


def test_any_damaged_entry_is_a_miss(tmp_path):
    source, data = _source(4)
    pagecache.put(tmp_path, source, records.page_records(source, data), True)
    path = pagecache.entry_path(tmp_path, source.sha256, True)
    good = path.read_bytes()
    step = max(1, len(good) // 97)
    damaged = [good[:i] + bytes([good[i] ^ 0x01]) + good[i + 1 :] for i in range(0, len(good), step)]
    damaged += [good[:n] for n in (0, 3, 40, len(good) // 2, len(good) - 1)] + [good + b"x"]
    for bad in damaged:
        path.write_bytes(bad)
        assert pagecache.get_encoded(tmp_path, source, True) is None
    path.write_bytes(good)
    assert pagecache.get_encoded(tmp_path, source, True) is not None


def test_an_entry_of_another_contract_is_a_miss_even_with_a_valid_checksum(tmp_path, monkeypatch):
    """Entries hold no schema (the contract's is applied on load), so the header carries a digest
    of the five exact schemas, field descriptions included: a changed contract is a miss."""
    source, data = _source(1)
    pagecache.put(tmp_path, source, records.page_records(source, data), True)
    assert pagecache.get_encoded(tmp_path, source, True) is not None
    real = pagecache.schema_for("mentions")
    described = real.set(0, real.field(0).with_metadata({b"description": b"changed"}))
    monkeypatch.setattr(pagecache, "schema_for", lambda t: described if t == "mentions" else real_for(t))
    pagecache._schemas_digest.cache_clear()
    try:
        assert pagecache.get_encoded(tmp_path, source, True) is None
    finally:
        monkeypatch.undo()
        pagecache._schemas_digest.cache_clear()
    assert pagecache.get_encoded(tmp_path, source, True) is not None


# --- through the flow --------------------------------------------------------------------------


def _raw(base: Path, seeds: range) -> Path:
    raw = base / "raw"
    raw.mkdir(parents=True)
    for i in seeds:
        (raw / f"p{i:02d}.txt").write_bytes(generate_page(i).text.encode("utf-8"))
    (raw / "junk.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    return raw


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_moved_and_duplicated_pages_from_the_cache_equal_a_clean_build(prefect_harness, tmp_path):
    from pipeline.flows import build_flow

    raw, out, cache = _raw(tmp_path, range(4)), tmp_path / "out", str(tmp_path / "cache")
    build_flow(raw_dir=raw, out_dir=out, cache_dir=cache)
    for name in ("p00.txt", "p01.txt", "junk.txt"):
        os.replace(raw / name, raw / f"moved-{name}")
    (raw / "sub").mkdir()
    (raw / "sub" / "a-copy.txt").write_bytes((raw / "p02.txt").read_bytes())
    again = build_flow(raw_dir=raw, out_dir=out, batch_size=2, cache_dir=cache)
    assert again.processed == 0 and again.cached == 5
    build_flow(raw_dir=raw, out_dir=tmp_path / "clean", batch_size=3)
    assert _files(out) == _files(tmp_path / "clean")
    paths = {json.loads(line)["source_path"] for line in (out / "articles.jsonl").read_text().splitlines()}
    assert paths == {"moved-p00.txt", "moved-p01.txt", "p02.txt", "p03.txt"}  # p02.txt < sub/…
    assert ("moved-junk.txt", again.rejected[0][1]) == again.rejected[0]


def test_damaged_entries_are_processed_again_and_the_output_is_unchanged(prefect_harness, tmp_path):
    from pipeline.flows import build_flow

    raw, out, cache = _raw(tmp_path, range(4)), tmp_path / "out", tmp_path / "cache"
    build_flow(raw_dir=raw, out_dir=out, cache_dir=str(cache))
    clean = _files(out)
    entries = sorted((cache / pagecache.version_key()).glob("*/*.page"))
    assert len(entries) == 5
    flip = entries[0].read_bytes()
    entries[0].write_bytes(flip[:100] + bytes([flip[100] ^ 0x20]) + flip[101:])
    entries[1].write_bytes(entries[1].read_bytes()[:-7])
    entries[2].write_bytes(b"")
    (raw / "p09.txt").write_bytes(generate_page(9).text.encode("utf-8"))  # not "unchanged"
    again = build_flow(raw_dir=raw, out_dir=out, cache_dir=str(cache))
    assert (again.processed, again.cached) == (1, 5)  # planned as cached: the damage shows on load
    build_flow(raw_dir=raw, out_dir=tmp_path / "clean")
    assert _files(out) == _files(tmp_path / "clean")
    assert all(pagecache.get_encoded(cache, s, True) for s in sources.scan(raw)[0])
    assert clean != _files(out)  # the new page is in


def test_pages_cut_from_a_run_round_trip_through_the_cache(tmp_path, pages):
    """What the flow stores: slices of a run's tables (serialised as slices), loaded back whole."""
    run = pages[:3] + pages[4:]  # gaps are fine: ascending doc_id is what counts
    cut = dataset.split_pages(dataset.encode_batch(records.PageRecords.joined(run)), run)
    for page, piece in zip(run, cut, strict=True):
        doc = page.documents[0]
        if doc.sha256 is None:  # an unreadable path has no content key: never stored
            continue
        source = SourceFile(paths=tuple(doc.source_paths), sha256=doc.sha256, n_bytes=doc.n_bytes)
        pagecache.put_encoded(tmp_path, source, piece, True)
        _assert_same(pagecache.get_encoded(tmp_path, source, True), dataset.encode_batch(page))
