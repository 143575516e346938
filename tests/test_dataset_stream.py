"""The streaming writer: bytes independent of batching, bounded buffering, order and abort rules."""

from __future__ import annotations

import itertools

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import dataset, ingest, records
from pipeline.sources import SourceFile, Unreadable
from tests.synthetic import generate_page

SMALL_GROUPS = {"documents": 2, "articles": 3, "paragraphs": 7, "mentions": 11, "tokens": 5}


def _page(seed: int) -> records.PageRecords:
    data = generate_page(seed).text.encode("utf-8")
    src = SourceFile(paths=(f"p{seed:03d}.txt",), sha256=ingest.sha256_hex(data), n_bytes=len(data))
    return records.page_records(src, data)


@pytest.fixture(scope="module")
def pages() -> list[records.PageRecords]:
    """Ten synthetic pages and one unreadable path, in doc_id order (the order the writer takes)."""
    recs = [_page(i) for i in range(10)] + [records.unreadable("gone.txt", "vanished: gone")]
    return sorted(recs, key=lambda r: r.documents[0].doc_id)


def _write(tmp_path, name: str, batches: list[list[records.PageRecords]]) -> dict[str, bytes]:
    out = tmp_path / name
    with dataset.DatasetWriter(out) as w:
        for batch in batches:
            w.add(records.PageRecords.joined(batch))
        w.commit()
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture
def small_groups(monkeypatch):
    """Row groups of a few rows, so ten pages fill many of them and every flush path runs."""
    monkeypatch.setattr(dataset, "ROW_GROUP_ROWS", SMALL_GROUPS)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.sets(st.integers(min_value=1, max_value=10)))
def test_bytes_do_not_depend_on_how_pages_are_batched(pages, small_groups, tmp_path_factory, cuts):
    tmp = tmp_path_factory.mktemp("stream")
    one = _write(tmp, "one", [pages])
    bounds = [0, *sorted(cuts), len(pages)]
    split = _write(tmp, "split", [pages[a:b] for a, b in itertools.pairwise(bounds) if a < b])
    assert split == one


def test_row_groups_have_the_fixed_size(pages, small_groups, tmp_path):
    _write(tmp_path, "out", [[p] for p in pages])
    for table, fname in dataset.TABLE_FILES.items():
        meta = pq.ParquetFile(tmp_path / "out" / fname).metadata
        sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
        assert sizes, table
        assert all(n == SMALL_GROUPS[table] for n in sizes[:-1]), (table, sizes)
        assert 0 < sizes[-1] <= SMALL_GROUPS[table], (table, sizes)


def test_streamed_files_equal_the_in_memory_writer(pages, tmp_path):
    """``write_dataset`` on all rows at once (any order) gives the same files as page-by-page adds."""
    streamed = _write(tmp_path, "streamed", [[p] for p in pages])
    shuffled = records.PageRecords.joined(pages[::-1])
    dataset.write_dataset(shuffled, tmp_path / "whole")
    assert {p.name: p.read_bytes() for p in sorted((tmp_path / "whole").iterdir())} == streamed


def test_the_writer_buffers_less_than_a_row_group(pages, small_groups, tmp_path):
    with dataset.DatasetWriter(tmp_path / "out") as w:
        for p in pages:
            w.add(p)
            for table, sink in w._sinks.items():
                assert sink._n_pending < SMALL_GROUPS[table]
        w.commit()


def test_pages_out_of_order_or_twice_are_refused_and_nothing_is_published(pages, tmp_path):
    out = tmp_path / "out"
    dataset.write_dataset(records.PageRecords.joined(pages[:2]), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for bad in ([pages[3], pages[2]], [pages[2], pages[2]]):
        with pytest.raises(ValueError, match="out of order or repeated"), dataset.DatasetWriter(out) as w:
            for p in bad:
                w.add(p)
            w.commit()
    with pytest.raises(ValueError, match="without their document"), dataset.DatasetWriter(out) as w:
        w.add(records.PageRecords(articles=pages[0].articles))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_a_writer_left_without_commit_publishes_nothing(pages, tmp_path):
    out = tmp_path / "out"
    with dataset.DatasetWriter(out) as w:
        w.add(pages[0])
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RuntimeError):
        w.add(pages[1])


def test_inputs_are_put_in_doc_id_order():
    found = [
        SourceFile(paths=(f"{c}.txt",), sha256=ingest.sha256_hex(c.encode()), n_bytes=1) for c in "abcdef"
    ]
    bad = [Unreadable(path=f"x{i}.txt", reason="unreadable: no") for i in range(4)]
    order = records.in_doc_order(found, bad)
    ids = [records.unreadable_doc_id(u.path) if isinstance(u, Unreadable) else u.doc_id for u in order]
    assert ids == sorted(ids) and len(order) == 10
    assert records.unreadable_doc_id("x0.txt") == records.unreadable("x0.txt", "r").documents[0].doc_id
