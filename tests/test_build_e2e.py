"""End to end: the Prefect flow on raw/, scored against the hand-made gold annotation."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from tests.conftest import GOLD, ROOT, SCORER, SEED


@pytest.fixture(scope="module")
def built(prefect_harness, tmp_path_factory):
    from pipeline.flows import build_flow

    out = tmp_path_factory.mktemp("build") / "output"
    summary = build_flow(raw_dir=ROOT / "raw", out_dir=out)
    return out, summary


def score(out) -> dict:
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def test_summary_counts(built):
    out, summary = built
    assert summary.published and not summary.rejected
    assert summary.documents == 1 and summary.articles == 5
    assert set(summary.mentions) == {"place", "law", "count", "formulation"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["articles"] == 5
    for name, meta in manifest["files"].items():
        assert (out / name).stat().st_size == meta["bytes"]


def test_scores_on_the_sample_page(built):
    out, _ = built
    res = score(out)
    # Issue 2: all 5 articles, their authors and regions right; mentions of all four types.
    assert res["articles"]["tp"] == 5 and res["articles"]["fp"] == 0
    assert res["author_acc"] == 1.0
    assert res["author_region_acc"] == 1.0
    for kind in ("places", "laws", "counts", "formulations"):
        assert res[kind]["tp"] > 0, kind


def test_rows_match_the_source(built):
    out, _ = built
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert docs[0]["source_path"] == SEED.name
    assert docs[0]["status"] == "ok" and docs[0]["reason"] is None
    assert docs[0]["encoding"] == "utf-8"
    arts = pq.read_table(out / "articles.parquet").to_pylist()
    assert [a["position"] for a in arts] == [0, 1, 2, 3, 4]
    assert all(a["doc_id"] == docs[0]["doc_id"] for a in arts)
    assert sum(a["n_articles"] for a in docs) == len(arts)


def test_second_build_is_byte_identical(built, tmp_path):
    from pipeline.flows import build_flow

    out, _ = built
    again = tmp_path / "again"
    build_flow(raw_dir=ROOT / "raw", out_dir=again)
    for f in sorted(p.name for p in out.iterdir()):
        assert (out / f).read_bytes() == (again / f).read_bytes(), f


def test_rebuild_replaces_the_dataset_in_place(built, tmp_path):
    from pipeline.flows import build_flow

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / "a.txt")
    shutil.copy(SEED, raw / "b copy.txt")  # the same page twice: one document, both paths
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    summary = build_flow(raw_dir=raw, out_dir=out)
    docs = {d["status"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}
    assert docs["ok"]["source_paths"] == ["a.txt", "b copy.txt"]
    assert docs["rejected"]["reason"].startswith("empty:")
    assert summary.documents == 2 and len(summary.rejected) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw"]  # no staging left behind
