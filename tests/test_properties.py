"""Property-based tests across the stages: arbitrary input never raises, and every offset and
cross-table invariant holds — for ``extract_mentions``, for ``records.page_records`` checked by
``dataset.check_integrity``, for the written files, and for decoding and path display.

(The cleaners and ``layout.read_page`` have their own properties in tests/test_layout_*.py;
the place extractor in tests/test_places.py.)
"""

from __future__ import annotations

import os
import random
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import dataset, ingest, records, sources
from pipeline.extract import extract_mentions
from pipeline.layout import read_page
from pipeline.layout.spacing import clean_body, clean_heading, compact, fold_fullwidth, normalise_spaces
from pipeline.sources import SourceFile
from tests.conftest import SEED

# Pieces that trigger every extractor and layout rule, mixed with arbitrary text.
VOCAB = [
    *"江苏省 南京市 鼓楼区 湖北 黄石市 宁夏回族自治区 北京 大理 村 镇 乡".split(),
    *"《中华人民共和国宪法》 《江苏省人大常委会议事规则》 《条例》 监督法 立法法 本省 该市 《".split(),
    *"3 12 1.5 3至5 三 十二 两 百分之二十 2.0 万 亿 余 多 近 约 超过 个 件 人 次 年 亿元 %".split(),
    *"十四五 两个确立 两个维护 三个代表 四个意识 五位一体 全过程人民民主".split(),
    *"■ ▲ 本报记者 新华社 电 （作者系 ） 责任编辑 一是 二是 —— “ ” ， 。 、 ： ；".split(),
    " ",
    "\n",
    "\n\n",
    "\u3000",
    "\r\n",
    "\t",
]
TEXT = st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=4)), max_size=60).map("".join)
REGIONS = st.sampled_from([None, "江苏", "宁夏", "湖北省", "北京", "", "火星", "南京"])
SLOW = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(TEXT, REGIONS)
def test_extract_mentions_never_raises_and_offsets_hold(text, region):
    ms = extract_mentions(text, region=region)
    for m in ms:
        assert m.type in ("place", "law", "count", "formulation")
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
        if m.value_max is not None:
            assert m.value is not None
    assert ms == sorted(ms, key=lambda m: (m.start, m.end, m.type))
    ids = [(m.type, m.start, m.end) for m in ms]
    assert len(ids) == len(set(ids)), "the same mention twice would collide on mention_id"


@SLOW
@given(st.text(max_size=200))
def test_extract_mentions_on_any_unicode(text):
    for m in extract_mentions(text):
        assert text[m.start : m.end] == m.surface


def _records(data: bytes) -> records.PageRecords:
    source = SourceFile(paths=("p.txt",), sha256=ingest.sha256_hex(data), n_bytes=len(data))
    return records.page_records(source, data)


def _check_page(rec: records.PageRecords) -> None:
    dataset.check_integrity(rec)
    docs = rec.documents
    if len(docs) > 1:  # a text of several pages (form feeds): a document per page, numbered in turn
        assert [d.page_number for d in docs] == list(range(1, len(docs) + 1))
        assert [d.doc_id for d in docs] == sorted(d.doc_id for d in docs)
    for doc in docs:
        _check_doc(
            doc,
            records.PageRecords(
                articles=[a for a in rec.articles if a.doc_id == doc.doc_id],
                paragraphs=[p for p in rec.paragraphs if p.article_id.startswith(f"{doc.doc_id}-a")],
                mentions=[m for m in rec.mentions if m.doc_id == doc.doc_id],
            ),
        )


def _check_doc(doc, rec: records.PageRecords) -> None:
    assert (doc.status == "ok") == (doc.reason is None)
    if doc.status == "rejected":
        code, sep, message = doc.reason.partition(": ")
        assert sep and code.isidentifier() and message
        assert not rec.articles and not rec.paragraphs and not rec.mentions
        return
    assert doc.n_articles == len(rec.articles) >= 1
    for pos, a in enumerate(sorted(rec.articles, key=lambda a: a.position)):
        assert a.position == pos and a.article_id == f"{doc.doc_id}-a{pos:03d}"
        assert a.page_number == doc.page_number
        paras = sorted((p for p in rec.paragraphs if p.article_id == a.article_id), key=lambda p: p.position)
        assert "\n".join(p.text for p in paras) == a.text
        assert a.n_paragraphs == len(paras) and a.n_chars == len(a.text)
        assert all(x.end + 1 == y.start for x, y in pairwise(paras))
        assert a.line_start <= a.line_end
    for m in rec.mentions:
        assert m.doc_id == doc.doc_id and m.mention_id.startswith(m.article_id)


@SLOW
@given(TEXT, st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]))
def test_page_records_pass_the_integrity_check(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    _check_page(_records(data))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_page_records_on_arbitrary_bytes(data):
    _check_page(_records(data))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=4), st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_written_dataset_is_valid_and_deterministic(texts, names):
    """Any pages under any names (surrogates included, as os.fsdecode gives them) write cleanly."""
    rec = records.PageRecords()
    seen: set[str] = set()
    for i, text in enumerate(texts):
        data = f"{i}\n{text}".encode()
        name = sources.display_path(f"{names[i % len(names)]}{i}.txt")
        digest = ingest.sha256_hex(data)
        if digest in seen:
            continue
        seen.add(digest)
        rec.extend(records.page_records(SourceFile((name,), digest, len(data)), data))
    first = dataset.dataset_files(rec)
    assert first == dataset.dataset_files(rec)


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b))
def test_display_path_is_utf8_and_keeps_utf8_names(name):
    rel = os.fsdecode(name)
    shown = sources.display_path(rel)
    shown.encode("utf-8")
    try:
        assert shown == name.decode("utf-8")
    except UnicodeDecodeError:
        assert "\\x" in shown


_SEED_LINES = [ln for ln in SEED.read_text(encoding="utf-8").splitlines() if len(ln) >= 4]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SEED_LINES), st.booleans()), min_size=2, max_size=30))
def test_mixed_gbk_and_utf8_lines_decode_exactly(lines):
    """Real newspaper lines, each in GBK or UTF-8: the page decodes to exactly the original text."""
    data = b"".join(ln.encode("utf-8" if utf8 else "gb18030") + b"\n" for ln, utf8 in lines)
    page = ingest.read_page(data)
    assert isinstance(page, ingest.Page)
    assert page.text == "".join(ln + "\n" for ln, _ in lines)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_layout_offsets_and_line_spans(text):
    layout = read_page(text)
    n_lines = len(layout.lines)
    assert [ln.lineno for ln in layout.lines] == list(range(1, n_lines + 1))
    for a in layout.articles:
        assert 1 <= a.line_start <= a.line_end <= n_lines  # (an article may have no text: flagged)
        for p in a.paragraphs:
            assert p.text and "\n" not in p.text
            assert a.line_start <= p.line_start <= p.line_end <= a.line_end
        assert a.text == "\n".join(p.text for p in a.paragraphs)


@SLOW
@given(TEXT)
def test_cleaners_on_page_like_lines_only_remove_spaces(text):
    """The spacing tests use a small alphabet; here the lines carry every extractor's vocabulary."""
    for line in text.split("\n"):
        want = compact(fold_fullwidth(normalise_spaces(line)))
        for clean in (clean_body, clean_heading):
            out = clean(line)
            assert compact(out) == want and clean(out) == out


def test_long_lines_scale_linearly():
    """page_records (layout + extraction + rows) on one long line grows about linearly. The
    report measures 1 MiB; here two small sizes with a generous bound for a shared machine."""
    import time

    rng = random.Random(0)
    base = "".join(rng.choice(VOCAB[:40]) for _ in range(4000)).replace("\n", "")

    def cost(n: int) -> float:
        text = (base * (n // len(base) + 1))[:n]
        t0 = time.perf_counter()
        _records(text.encode())
        return time.perf_counter() - t0

    cost(24000)  # warm caches (dictionaries load lazily, on the first text that needs them)
    small, large = min(cost(6000) for _ in range(2)), min(cost(24000) for _ in range(2))
    assert large < 10 * small + 0.3, (small, large)  # ×4 input: linear ≈ ×4, quadratic ≈ ×16


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_SEED_LINES), min_size=1, max_size=20),
    st.sampled_from(["utf-8", "gb18030", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_real_lines_in_any_supported_encoding_decode_exactly(lines, encoding, newline):
    """No encoding is mistaken for another (e.g. BOM-less UTF-16 for GB18030 mojibake)."""
    text = "".join(ln + newline for ln in lines)
    page = ingest.read_page(text.encode(encoding))
    assert isinstance(page, ingest.Page), page
    assert page.text == text.replace("\r\n", "\n")
    assert page.encoding == encoding
