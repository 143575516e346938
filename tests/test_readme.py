"""The README's Python snippets run against a real build, so the documentation cannot rot."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from pipeline import dataset, records, sources
from tests.conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def built_here(tmp_path_factory):
    """A build of raw/ in a folder laid out like the repo, so 'output/…' paths resolve."""
    work = tmp_path_factory.mktemp("readme")
    found, _ = sources.scan(ROOT / "raw")
    result = records.PageRecords()
    for s in found:
        result.extend(records.page_records(s, sources.read_verified(ROOT / "raw", s)))
    dataset.write_dataset(result, work / "output")
    return work


def test_readme_has_loading_snippets():
    assert len(BLOCKS) >= 3


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_snippet_runs(block, built_here, monkeypatch):
    monkeypatch.chdir(built_here)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    printed = out.getvalue()
    assert printed.strip(), "a README snippet should show its result"
    if "duckdb" in block:
        assert "中华人民共和国" in printed  # the law-by-region analysis found national laws
    if "polars" in block:
        assert "湖北省" in printed or "宁夏回族自治区" in printed
