"""The flow streams: batches reach the writer one by one and are let go, never the whole corpus."""

from __future__ import annotations

import gc

from pipeline import dataset
from schemas import Document
from tests.synthetic import generate_page


def _live_documents() -> int:
    return sum(isinstance(o, Document) for o in gc.get_objects())


def test_the_flow_holds_a_few_batches_never_the_corpus(prefect_harness, monkeypatch, tmp_path):
    from pipeline.flows import build_flow

    raw = tmp_path / "raw"
    raw.mkdir()
    pages, batch = 16, 2
    for i in range(pages):
        (raw / f"p{i:02d}.txt").write_bytes(generate_page(i).text.encode("utf-8"))
    seen: list[tuple[int, int]] = []  # (documents in this batch, documents alive in the process)
    real_add = dataset.DatasetWriter.add_encoded
    gc.collect()
    baseline = _live_documents()

    def add_encoded(self, batch):
        real_add(self, batch)
        gc.collect()
        seen.append((batch.counts["documents"], _live_documents() - baseline))

    monkeypatch.setattr(dataset.DatasetWriter, "add_encoded", add_encoded)
    summary = build_flow(raw_dir=raw, out_dir=tmp_path / "out", batch_size=batch, tokens=False)
    assert summary.published and summary.documents == pages
    assert [n for n, _ in seen] == [batch] * (pages // batch)  # batch by batch, in order
    # Alive while a batch is written: none — the task encoded its rows and let the models go
    # (in-process, the next batch is computed only after this one is written), where holding
    # the corpus would reach all 16 by the end.
    assert max(alive for _, alive in seen) == 0, seen
