"""End to end: the Prefect flow on raw/ (the sample page's text and a sample newspaper PDF), the
text page scored against the hand-made gold annotation."""

from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq
import pytest

from tests.conftest import GOLD, ROOT, SEED, run_scorer


@pytest.fixture(scope="module")
def built(prefect_harness, tmp_path_factory):
    from pipeline.flows import build_flow

    out = tmp_path_factory.mktemp("build") / "output"
    summary = build_flow(raw_dir=ROOT / "raw", out_dir=out)
    return out, summary


PDF = ROOT / "raw" / "sample_newspaper_page.pdf"
# raw/'s sample PDF is the dev fixture tests/data/pdf/dev_106.pdf (typeset from known text)
PDF_TRUTH = ROOT / "tests" / "data" / "pdf" / "dev_106.gold.json"


def test_the_sample_pdf_is_the_fixture_with_known_truth():
    assert PDF.read_bytes() == PDF_TRUTH.with_name("dev_106.pdf").read_bytes()


def text_only(out, dest):
    """The rows of the text page alone (the gold annotates the text page)."""
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    (doc,) = [d["doc_id"] for d in docs if d["source_path"] == SEED.name]
    dest.mkdir()
    for name in ("articles", "paragraphs", "mentions"):
        table = pq.read_table(out / f"{name}.parquet")
        keep = [i for i, x in enumerate(table.column("article_id").to_pylist()) if x.startswith(doc)]
        pq.write_table(table.take(keep), dest / f"{name}.parquet")
    return dest


def score(out) -> dict:
    return run_scorer(GOLD, out)


def test_summary_counts(built):
    out, summary = built
    assert summary.published and not summary.rejected
    # the text page (5 articles) and the PDF's one page (as many as its truth says)
    pdf_articles = sum(len(p["articles"]) for p in json.loads(PDF_TRUTH.read_text(encoding="utf-8")))
    assert summary.documents == 2 and summary.articles == 5 + pdf_articles
    assert set(summary.mentions) == {"place", "law", "count", "formulation"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["articles"] == 5 + pdf_articles
    for name, meta in manifest["files"].items():
        assert (out / name).stat().st_size == meta["bytes"]


def test_scores_on_the_sample_page(built, tmp_path):
    out, _ = built
    res = score(text_only(out, tmp_path / "text"))
    # Issue 2: all 5 articles, their authors and regions right; mentions of all four types.
    assert res["articles"]["tp"] == 5 and res["articles"]["fp"] == 0
    assert res["author_acc"] == 1.0
    assert res["author_region_acc"] == 1.0
    for kind in ("places", "laws", "counts", "formulations"):
        assert res[kind]["tp"] > 0, kind


def test_rows_match_the_source(built):
    out, _ = built
    docs = {d["source_kind"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}
    text, pdf = docs["text"], docs["pdf"]
    assert text["source_path"] == SEED.name and pdf["source_path"] == PDF.name
    assert text["status"] == pdf["status"] == "ok" and text["reason"] is None
    assert text["encoding"] == "utf-8" and text["page_number"] is None
    assert (pdf["page_number"], pdf["page_count"]) == (1, 1) and pdf["doc_id"] == text_id(PDF) + "-p001"
    assert pdf["page_width"] > 0 and pdf["page_height"] > 0
    arts = pq.read_table(out / "articles.parquet").to_pylist()
    assert [a["position"] for a in arts if a["doc_id"] == text["doc_id"]] == [0, 1, 2, 3, 4]
    assert all(a["boxes"] == [] and a["page_number"] is None for a in arts if a["doc_id"] == text["doc_id"])
    on_pdf = [a for a in arts if a["doc_id"] == pdf["doc_id"]]
    assert on_pdf and all(a["page_number"] == 1 and len(a["boxes"]) % 4 == 0 and a["boxes"] for a in on_pdf)
    assert sum(d["n_articles"] for d in docs.values()) == len(arts)


def text_id(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


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
