"""Layout recovery on synthetic pages we have never seen, plus checks that the generator is sane.

The recovery tests hold ``pipeline.layout.read_page`` to the issue's targets over 100 seeded pages
(articles F1 ≥ 0.95, CER ≤ 1 %, paragraph F1 ≥ 0.9, titles and authors ≥ 90 % right), and to the
same bar, a little lower, on each slice of pages sharing one layout choice, so that a whole
option failing cannot hide in the average. If ``read_page`` does not exist yet they fail with the
ImportError — they are never skipped.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.layout_metrics import (
    PageScore,
    edit_distance,
    layout_from_truth,
    nows,
    score_page,
    summarize,
)
from tests.synthetic import (
    BYLINE_STYLES,
    ENCODINGS,
    HEADING_STYLES,
    INDENT_STYLES,
    JUMP_STYLES,
    SyntheticPage,
    generate_page,
    text_width,
)

SEEDS = range(100)  # the aggregate benchmark slice: fixed, so a regression is reproducible
TARGETS = {"articles_f1": 0.95, "cer": 0.01, "paragraphs_f1": 0.9, "title_acc": 0.9, "author_acc": 0.9}


def _read_page() -> Any:
    from pipeline.layout import read_page  # an ImportError here fails the test, on purpose

    return read_page


@functools.cache
def _page(seed: int, **opts: Any) -> SyntheticPage:
    return generate_page(seed, **opts)


@functools.cache
def _scored(seed: int) -> PageScore:
    p = _page(seed)
    return score_page(p.articles, _read_page()(p.text), p.furniture)


def _report(scores: list[tuple[int, PageScore]], key: str, n: int = 5) -> str:
    """The worst pages for ``key`` with what went wrong, so the failure message is actionable."""
    worst = sorted(scores, key=lambda x: getattr(x[1], key) if key != "cer" else -x[1].cer)[:n]
    lines = []
    for seed, s in worst:
        lines.append(f"  seed {seed}: {key}={getattr(s, key):.3f}; " + " | ".join(s.problems[:4]))
    return "\n".join(lines)


# ---------------------------------------------------------------- the generator itself


def test_generator_is_deterministic_per_seed() -> None:
    for seed in (0, 1, 17, 4242):
        a, b = generate_page(seed), generate_page(seed)
        assert a == b
        assert a.text != generate_page(seed + 1).text


def test_unknown_option_is_rejected() -> None:
    with pytest.raises(TypeError):
        generate_page(0, colour="red")


@pytest.mark.parametrize("seed", range(0, 200, 7))
def test_truth_is_in_the_page_modulo_layout(seed: int) -> None:
    """Every clean string can be found in the printed page once whitespace is ignored."""
    p = generate_page(seed)
    flat = nows(p.text)
    for a in p.articles:
        assert a.paragraphs
        for h, t in a.paragraphs:
            assert t and not re.search(r"\s", t), t  # clean text has no layout whitespace left
            assert nows(t) in flat
            if h:
                assert nows(h) in flat and h == h.strip() and "  " not in h
        for s in (a.title, a.kicker, a.subtitle, a.author_affiliation, *a.authors):
            if s:
                assert nows(s) in flat, s
        assert nows(a.text) == "".join(nows(t) for _, t in a.paragraphs)
    for s in (*p.furniture.other, p.furniture.editor, p.furniture.column):
        if s:
            assert nows(s) in flat


@pytest.mark.parametrize("width", [12, 17, 24])
def test_body_lines_respect_the_column_width(width: int) -> None:
    for seed in range(10):
        p = generate_page(seed, width=width, width_jitter=0, captions=0)
        bodies = [nows(t) for a in p.articles for _, t in a.paragraphs]
        for line in p.text.splitlines():
            flat = nows(line)
            if len(flat) > 3 and any(flat in b for b in bodies):
                # hanging closers may run 1–2 over; an ASCII run may be squeezed in by ½–1
                assert text_width(flat) <= width + 2, line


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_pages_encode_in_every_encoding(encoding: str) -> None:
    for seed in range(5):
        p = generate_page(seed, encoding=encoding)
        for crlf in (False, True):
            data = p.encode(encoding, crlf=crlf)
            assert data.decode(encoding).replace("\r\n", "\n") == p.text
            assert (b"\r\n" in data) == crlf or encoding == "utf-16"
        if encoding in ("utf-8-sig", "utf-16"):
            assert data[:2] in (b"\xef\xbb", b"\xff\xfe", b"\xfe\xff")
        assert p.raw == p.encode(encoding, crlf=p.options.crlf)


def test_raw_bytes_decode_through_ingest() -> None:
    from pipeline.ingest import Page
    from pipeline.ingest import read_page as ingest

    for seed in range(12):
        p = generate_page(seed, encoding=ENCODINGS[seed % len(ENCODINGS)], crlf=seed % 2 == 1)
        page = ingest(p.raw)
        assert isinstance(page, Page), page
        assert [x.rstrip() for x in page.text.splitlines()] == [x.rstrip() for x in p.text.splitlines()]


def test_pinned_options_are_respected() -> None:
    p = generate_page(3, title_placement="before", byline_style="xinhua", width=13, n_articles=2)
    assert (p.options.title_placement, p.options.byline_style, p.options.width) == ("before", "xinhua", 13)
    assert len(p.articles) == 2
    assert all(a.byline and a.byline.startswith("新华社") for a in p.articles)
    q = generate_page(3, headings="none", header=False, editor=False, jumps="none", captions=0)
    assert not any(a.headings for a in q.articles)
    assert q.furniture.publication is None and q.furniture.editor is None and not q.furniture.other


def test_every_option_is_exercised_over_a_range_of_seeds() -> None:
    pages = [generate_page(s) for s in range(300)]
    seen: dict[str, Counter[Any]] = {}
    for p in pages:
        for f in dataclasses.fields(p.options):
            seen.setdefault(f.name, Counter())[getattr(p.options, f.name)] += 1
    assert set(seen["title_placement"]) == {"before", "after"}
    assert set(seen["byline_style"]) == set(BYLINE_STYLES)
    assert set(seen["headings"]) == set(HEADING_STYLES)
    assert set(seen["indent"]) == set(INDENT_STYLES)
    assert set(seen["jumps"]) == set(JUMP_STYLES)
    assert set(seen["encoding"]) == set(ENCODINGS)
    assert set(seen["width"]) == set(range(12, 25))
    for k in ("crlf", "digit_spacing", "runin_heads", "header", "editor", "caption_inside"):
        assert set(seen[k]) == {True, False}, k
    for k in ("short_column_breaks", "width_jitter", "whitespace_noise", "letterspacing", "column_breaks"):
        assert len(seen[k]) > 1 and any(seen[k]), k  # both off and on
    # ... and the features they switch on show up in the printed pages
    text = "\n".join(p.text for p in pages)
    features = {
        "letter-spaced line": r"(?m)^(?:\S ){6,}\S",
        "digit spacing": r"[\u4e00-\u9fff] \d",
        "stray space before punctuation": r"[\u4e00-\u9fff\d] [，。]",
        "column break before an opening quote": r"\n\n“",
        "ascii indent": r"(?m)^  \S",
        "ideographic indent": r"(?m)^\u3000\u3000",
        "padded two-character name": r"■ \S \S（",
        "bare square byline": r"(?m)^\s?■[^ ]",
        "本报记者": "本报记者  ",
        "通讯员": "通讯员",
        "新华社": r"新华社\S+电（记者",
        "本报讯": "本报讯",
        "作者系": "（作者系",
        "作者单位": "（作者单位：",
        "责任编辑": "(?:责任编辑|本版责编)：",
        "下转": r"（下转第\d版）",
        "上接": r"（上接第\d版）",
        "caption": "摄",
        "kicker": r"(?m)——$",
        "subtitle": r"(?m)^——",
        "run-in head": r"(?m)^\s*一是",
        "run-in 第一": r"(?m)^\s*第一，",
        "numbered heading": r"(?m)^(?:一、|（一）)",
        "dash in body": r"[\u4e00-\u9fff]——[\u4e00-\u9fff]",
        "trailing whitespace": r"(?m)\S[ \t\u3000]+$",
    }
    for name, pat in features.items():
        assert re.search(pat, text), name
    arts = [a for p in pages for a in p.articles]
    assert any(" " in (a.title or "") for a in arts)  # two-part / two-line titles
    assert any(a.headings for a in arts) and any(not a.headings for a in arts)
    assert any(" " in h for a in arts for h in a.headings)  # two-line headings
    assert any("，" in h for a in arts for h in a.headings)  # one heading wrapped over two lines
    assert any((a.title or "").endswith(("？", "！")) or "？ " in (a.title or "") for a in arts)


def test_metrics_score_a_perfect_reading_as_perfect() -> None:
    scores = []
    for seed in range(30):
        p = generate_page(seed)
        scores.append(score_page(p.articles, layout_from_truth(p.articles, p.furniture), p.furniture))
    s = summarize(scores)
    assert (s.articles_f1, s.cer, s.paragraphs_f1, s.title_acc, s.author_acc) == (1.0, 0.0, 1.0, 1.0, 1.0)
    assert s.furniture_acc == 1.0 and s.other_recall == 1.0


def test_metrics_punish_merged_articles() -> None:
    from pipeline.types import PageLayout

    p = generate_page(5, n_articles=3)
    good = layout_from_truth(p.articles)
    merged = PageLayout(
        articles=(good.articles[0].__class__(paragraphs=sum((a.paragraphs for a in good.articles), ())),)
    )
    s = score_page(p.articles, merged)
    assert s.articles_f1 < 0.6 and s.cer > 0.3 and s.title_ok == 0
    assert edit_distance("人大代表", "人大代表们") == 1 and edit_distance("", "abc") == 3


# ---------------------------------------------------------------- recovery by read_page


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_read_page_recovers_each_page_reasonably(seed: int) -> None:
    """Per page: no crash, clean paragraphs, no furniture in article text, most articles found."""
    from pipeline.types import PageLayout

    p = generate_page(seed)
    layout = _read_page()(p.text)
    assert isinstance(layout, PageLayout)
    for a in layout.articles:
        for para in a.paragraphs:
            assert "\n" not in para.text
            for marker in ("责任编辑：", "本版责编：", "（下转第", "（上接第"):
                assert marker not in para.text, (seed, para.text[:40])
    s = score_page(p.articles, layout, p.furniture)
    assert s.articles_f1 >= 0.5 and s.cer <= 0.2, (seed, s.problems[:6])


@pytest.mark.parametrize("key", list(TARGETS))
def test_read_page_meets_targets_over_100_pages(key: str) -> None:
    scores = [(seed, _scored(seed)) for seed in SEEDS]
    summary = summarize(s for _, s in scores)
    got, target = getattr(summary, key), TARGETS[key]
    ok = got <= target if key == "cer" else got >= target
    assert ok, f"{key} = {got:.4f} (target {target}); worst pages:\n{_report(scores, key)}"


SLICES = [
    ("title_placement", "before"),
    ("title_placement", "after"),
    *[("byline_style", b) for b in BYLINE_STYLES],
    *[("headings", h) for h in HEADING_STYLES],
    ("indent", "ascii"),
    ("width", 12),
    ("width", 24),
    ("short_column_breaks", 0.05),
    ("width_jitter", 2),
    ("whitespace_noise", 0.1),
]


@pytest.mark.parametrize(("option", "value"), SLICES, ids=[f"{k}={v}" for k, v in SLICES])
def test_read_page_handles_each_layout_choice(option: str, value: Any) -> None:
    """No single option may fail wholesale: 8 pages pinned to it reach slightly relaxed targets."""
    read_page = _read_page()
    scores = []
    for seed in range(1000, 1008):
        p = _page(seed, **{option: value})
        scores.append((seed, score_page(p.articles, read_page(p.text), p.furniture)))
    s = summarize(x for _, x in scores)
    assert s.articles_f1 >= 0.9, _report(scores, "articles_f1")
    assert s.cer <= 0.03, _report(scores, "cer")
    assert s.title_acc >= 0.8 and s.author_acc >= 0.8, _report(scores, "articles_f1")


def test_read_page_same_result_from_raw_bytes() -> None:
    """Decoding the page's own bytes (BOMs, GBK, CRLF) must not change what layout recovery sees."""
    from pipeline.ingest import read_page as ingest

    read_page = _read_page()
    for seed in range(8):
        p = generate_page(seed, encoding=ENCODINGS[seed % len(ENCODINGS)], crlf=True)
        a = read_page(p.text)
        b = read_page(ingest(p.raw).text)  # type: ignore[union-attr]
        assert [x.text for x in a.articles] == [x.text for x in b.articles]
