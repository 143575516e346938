"""Encoded batches: encoding where the rows are made, appending in the writer, gives the same bytes.

``encode_batch`` runs on a Dask worker and its result is pickled back to the flow's process, so
the tests go through ``pickle`` too, and check that the run summary comes out as it did from rows.
"""

from __future__ import annotations

import itertools
import pickle
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import dataset, flows, ingest, pagecache, records
from pipeline.sources import SourceFile
from tests.synthetic import generate_page

SMALL_GROUPS = {"documents": 2, "articles": 3, "paragraphs": 7, "mentions": 11, "tokens": 5}


def _source(seed: int) -> tuple[SourceFile, bytes]:
    data = generate_page(seed).text.encode("utf-8")
    return SourceFile(paths=(f"p{seed:03d}.txt",), sha256=ingest.sha256_hex(data), n_bytes=len(data)), data


@pytest.fixture(scope="module")
def pages() -> list[records.PageRecords]:
    """Eight pages, a content reject, a transient reject with a hash (a page that vanished
    mid-run) and an unreadable path (transient code, no hash), in doc_id order."""
    recs = [records.page_records(*_source(i)) for i in range(8)]
    recs.append(records.rejected(_source(50)[0], "binary: looks like a binary file"))
    recs.append(records.rejected(_source(51)[0], "vanished: deleted during the run"))
    recs.append(records.unreadable("locked.txt", "unreadable: permission denied"))
    return sorted(recs, key=lambda r: r.documents[0].doc_id)


def _files(out) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _write_encoded(out, batches: list[dataset.EncodedBatch]) -> dict[str, bytes]:
    with dataset.DatasetWriter(out) as w:
        for b in batches:
            w.add_encoded(b)
        w.commit()
    return _files(out)


def _batchings(n: int, cuts: set[int]) -> list[tuple[int, int]]:
    bounds = [0, *sorted(c for c in cuts if c < n), n]
    return [(a, b) for a, b in itertools.pairwise(bounds) if a < b]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.sets(st.integers(min_value=1, max_value=10)))
def test_encoded_batches_write_what_write_dataset_writes(pages, monkeypatch, tmp_path_factory, cuts):
    monkeypatch.setattr(dataset, "ROW_GROUP_ROWS", SMALL_GROUPS)  # many row groups, every flush path
    tmp = tmp_path_factory.mktemp("enc")
    dataset.write_dataset(records.PageRecords.joined(pages[::-1]), tmp / "whole")
    parts = [
        dataset.encode_batch(records.PageRecords.joined(pages[a:b])) for a, b in _batchings(len(pages), cuts)
    ]
    assert _write_encoded(tmp / "encoded", parts) == _files(tmp / "whole")


def test_a_pickled_encoded_batch_holds_no_row_models_and_writes_the_same_dataset(pages, tmp_path):
    whole = dataset.write_dataset(records.PageRecords.joined(pages), tmp_path / "whole")
    wire = [
        pickle.dumps(dataset.encode_batch(records.PageRecords.joined(pages[i : i + 3])))
        for i in range(0, len(pages), 3)
    ]
    # What a Dask worker sends back: Arrow tables, bytes, plain values; no pydantic model inside.
    assert not any(b"schemas" in w or b"pydantic" in w for w in wire)
    with dataset.DatasetWriter(tmp_path / "unpickled") as w:
        for blob in wire:
            w.add_encoded(pickle.loads(blob))
        manifest = w.commit()
    assert manifest == whole
    assert _files(tmp_path / "unpickled") == _files(tmp_path / "whole")


def test_encoded_batch_errors_match_add(pages, tmp_path):
    empty = dataset.encode_batch(records.PageRecords())
    assert empty.first_doc is None and empty.jsonl == b"" and not empty.rejects
    with pytest.raises(ValueError, match="without their document"):
        dataset.encode_batch(records.PageRecords(articles=pages[0].articles))
    with pytest.raises(ValueError, match="duplicate doc_id"):
        dataset.encode_batch(records.PageRecords.joined([pages[0], pages[0]]))
    with dataset.DatasetWriter(tmp_path / "out") as w:
        w.add_encoded(empty)  # a no-op, as add() of an empty batch
        w.add_encoded(dataset.encode_batch(pages[1]))
        for bad in (pages[1], pages[0]):
            with pytest.raises(ValueError, match="documents out of order or repeated"):
                w.add_encoded(dataset.encode_batch(bad))
        w.commit()
    with pytest.raises(RuntimeError, match="already committed"):
        w.add_encoded(empty)
    with pytest.raises(RuntimeError, match="already committed"):
        w.add(records.PageRecords(articles=pages[0].articles))  # closed is reported first, as before


def _tally_from_rows(part: records.PageRecords, tally: dict) -> None:
    """The run summary as ``flows._Tally`` accumulated it from pydantic rows before encoding."""
    tally["documents"] += len(part.documents)
    for d in part.documents:
        if d.status == "ok":
            tally["ok"] += 1
            continue
        tally["rejected"].append((d.source_path, d.reason or ""))
        code = (d.reason or "").split(":", 1)[0]
        tally["transient"] |= d.sha256 is not None and code in pagecache.TRANSIENT_CODES
    tally["articles"] += len(part.articles)
    tally["paragraphs"] += len(part.paragraphs)
    tally["mentions"].update(m.type for m in part.mentions)


@pytest.mark.parametrize("size", [1, 4, 11])
def test_the_run_summary_from_encoded_batches_equals_the_one_from_rows(pages, size):
    batches = [records.PageRecords.joined(pages[i : i + size]) for i in range(0, len(pages), size)]
    want = dict(documents=0, ok=0, rejected=[], articles=0, paragraphs=0, mentions=Counter(), transient=False)
    got = flows._Tally()
    for part in batches:
        _tally_from_rows(part, want)
        got.add(pickle.loads(pickle.dumps(dataset.encode_batch(part))))
    summary = flows.BuildSummary(raw_dir="raw", out_dir="out")
    got.fill(summary)
    assert got.transient is want["transient"] is True  # the vanished page; not the hashless path
    assert [(path, r.split(":")[0]) for path, r in summary.rejected] == [  # sorted by path
        ("locked.txt", "unreadable"),
        ("p050.txt", "binary"),
        ("p051.txt", "vanished"),
    ]
    assert (summary.documents, summary.ok, summary.articles, summary.paragraphs) == (
        want["documents"],
        want["ok"],
        want["articles"],
        want["paragraphs"],
    )
    assert summary.rejected == sorted(want["rejected"])
    assert list(summary.mentions.items()) == list(want["mentions"].items())  # same order, too
    assert summary.documents == 11 and summary.ok == 8 and sum(summary.mentions.values()) > 0


def test_no_transient_flag_without_a_transient_reject(pages):
    tally = flows._Tally()
    for p in pages:
        if not any(d.reason and d.reason.startswith("vanished") for d in p.documents):
            tally.add(dataset.encode_batch(p))
    assert not tally.transient and len(tally.rejected) == 2
