"""Every bad input gets a clear answer in documents.parquet and nothing crashes (issue 5).

Runs the cases of ``benchmarks/robustness_report.py`` through the core path, with a smaller long
line and huge file than the report so the suite stays fast, and asserts what the report prints:
N inputs tried, N accounted for, 0 crashes.
"""

from __future__ import annotations

import codecs
import tracemalloc

import pytest

from benchmarks.robustness_report import account, core_build, make_cases
from pipeline import ingest, sources


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("robust")
    raw = base / "raw"
    raw.mkdir()
    cases = make_cases(raw, long_line_kib=96, huge_mib=12)
    run = core_build(raw, base / "out", [c.after_scan for c in cases if c.after_scan])
    yield cases, run, account(cases, base / "out")
    (raw / "no-permission.txt").chmod(0o644)


def test_every_input_is_accounted_for_and_nothing_crashes(built):
    cases, run, rows = built
    assert run.crashes == []
    wrong = [(c.label, c.expect, got.show() if got else None) for c, got, ok in rows if not ok]
    assert wrong == []
    assert sum(len(c.names) for c in cases) >= 30


def test_rejects_say_why(built):
    _, run, _ = built
    for d in run.records.documents:
        if d.status == "rejected":
            code, _, message = d.reason.partition(": ")
            assert code.isidentifier() and code.islower() and len(message) > 10, d.reason


def test_a_huge_file_is_never_read_into_memory(tmp_path):
    """read_verified decides "too large" from the size and verifies the hash in 1 MiB chunks."""
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        for _ in range(ingest.MAX_PAGE_BYTES // (1 << 20) + 4):
            fh.write("人".encode() * ((1 << 20) // 3))
    (source,), _ = sources.scan(tmp_path)
    tracemalloc.start()
    try:
        reason = sources.read_verified(tmp_path, source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert reason.startswith("too_large:")
    assert peak < 4 * (1 << 20)


def test_a_huge_file_that_changes_is_still_reported_as_changed(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (ingest.MAX_PAGE_BYTES + 10))
    (source,), _ = sources.scan(tmp_path)
    with open(path, "r+b") as fh:
        fh.write(b"b")
    assert sources.read_verified(tmp_path, source).startswith("changed_during_run")


def test_a_file_that_grows_after_the_scan_is_changed(tmp_path):
    (tmp_path / "a.txt").write_bytes("人大".encode())
    (source,), _ = sources.scan(tmp_path)
    (tmp_path / "a.txt").write_bytes("人大代表".encode())
    assert sources.read_verified(tmp_path, source).startswith("changed_during_run")


def test_non_utf8_file_names_are_readable_and_storable(tmp_path):
    import os

    name = os.fsdecode("人大".encode("gbk") + b".txt")
    (tmp_path / name).write_bytes("人大代表".encode())
    (source,), _ = sources.scan(tmp_path)
    assert source.paths == ("\\xc8\\xcb\\xb4\\xf3.txt",)
    source.paths[0].encode("utf-8")  # storable in Arrow
    assert sources.read_verified(tmp_path, source) == "人大代表".encode()


def test_mixed_encodings_are_decoded_line_by_line():
    line = "全过程人民民主是社会主义民主政治的本质属性。\n"
    gbk = line.encode("gbk")
    utf8 = "江苏省人大常委会\n".encode()
    page = ingest.read_page(gbk + utf8 + gbk)
    assert isinstance(page, ingest.Page) and page.encoding == "gb18030+utf-8"
    assert page.text == line + "江苏省人大常委会\n" + line
    # Whole-page GB18030 "succeeds" here, with mojibake no later check could catch.
    assert "姹熻嫃鐪佷汉澶у父濮斾細" in (gbk + utf8 + gbk).decode("gb18030")


def test_a_utf8_bom_on_a_gbk_page():
    page = ingest.read_page(codecs.BOM_UTF8 + "人大代表联系群众。\n".encode("gbk"))
    assert page.text == "人大代表联系群众。\n" and page.encoding == "gb18030 (utf-8 bom)"


def test_an_undecodable_line_is_named():
    data = "人大代表。\n".encode("gbk") * 2 + b"\xff\xfe\xfd\n"
    reject = ingest.read_page(data)
    assert isinstance(reject, ingest.Reject) and reject.reason.startswith("undecodable: line 3")


@pytest.mark.parametrize("name", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_not_read_as_gb18030_mojibake(name):
    text = "全过程人民民主是社会主义民主政治的本质属性。\n人大代表联系群众，第一是听。\n"
    page = ingest.read_page(text.encode(name))
    assert isinstance(page, ingest.Page) and page.text == text and page.encoding == name


def test_utf8_with_a_few_nuls_is_not_taken_for_utf16():
    page = ingest.read_page("人\x00大代表联系群众，\x00倾听民声。\n".encode())
    assert page.encoding == "utf-8" and page.text == "人大代表联系群众，倾听民声。\n"
