"""Hand-made pages in styles the sample page and the synthetic generator do not show.

Each ``tests/data/unseen/NAME.txt`` is a page laid out as a PDF text extractor gives it, written by
hand in the register of People's Congress press; ``NAME.json`` is its hand-written truth.  The
reading must match it exactly: the same articles in page order, titles/kickers/subtitles and
paragraph texts (whitespace removed, since spacing conventions are tested elsewhere), authors,
regions, affiliations, section headings, expected flags and the page header fields.  On failure the
whole per-page diff is printed, not just the first mismatch.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.layout import read_page
from pipeline.types import LayoutArticle, PageLayout

DATA = Path(__file__).resolve().parent / "data" / "unseen"
PAGES = sorted(p.stem for p in DATA.glob("*.txt"))
ART_FIELDS = ("title", "subtitle", "kicker", "author_region", "author_affiliation")
FURNITURE_FIELDS = ("publication", "date", "page", "column")


def _nows(s: str | None) -> str | None:
    return None if s is None else "".join(s.split())


def _paras(a: LayoutArticle) -> list[str]:
    return [f"[{_nows(p.heading) or ''}] {_nows(p.text)}" for p in a.paragraphs]


def _truth_paras(a: dict[str, Any]) -> list[str]:
    return [f"[{_nows(p['heading']) or ''}] {_nows(p['text'])}" for p in a["paragraphs"]]


def diff_page(layout: PageLayout, truth: dict[str, Any]) -> list[str]:
    """Every difference between a reading and the truth, as readable lines (empty when equal)."""
    out: list[str] = []
    got, want = list(layout.articles), truth["articles"]
    if len(got) != len(want):
        out.append(f"articles: want {len(want)}, got {len(got)}: {[a.title for a in got]}")
    for k, (a, t) in enumerate(zip(got, want, strict=False)):
        where = f"article {k} ({t['title']!r})"
        for f in ART_FIELDS:
            if _nows(getattr(a, f)) != _nows(t[f]):
                out.append(f"{where} {f}: want {t[f]!r}, got {getattr(a, f)!r}")
        if list(a.authors) != t["authors"]:
            out.append(f"{where} authors: want {t['authors']}, got {list(a.authors)}")
        missing = [f for f in t.get("flags", []) if f not in a.flags]
        if missing:
            out.append(f"{where} flags: want {missing} among {list(a.flags)}")
        gp, wp = _paras(a), _truth_paras(t)
        if gp != wp:
            out.append(f"{where} paragraphs differ:")
            out += ["    " + ln for ln in difflib.unified_diff(wp, gp, "truth", "read", lineterm="", n=0)]
    for k, a in enumerate(got[len(want) :], start=len(want)):
        out.append(f"extra article {k}: title {a.title!r}, authors {a.authors}, text {a.text[:30]!r}")
    for f in FURNITURE_FIELDS:
        want_f, got_f = truth["furniture"].get(f), getattr(layout.furniture, f)
        if want_f != got_f:
            out.append(f"furniture {f}: want {want_f!r}, got {got_f!r}")
    return out


def _roles(layout: PageLayout) -> str:
    return "\n".join(f"{r.lineno:3} {r.role:9} {r.article!s:4} {r.raw}" for r in layout.lines)


@pytest.mark.parametrize("name", PAGES)
def test_unseen_page_reads_as_truth(name: str) -> None:
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    truth = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    layout = read_page(text)
    problems = diff_page(layout, truth)
    if problems:
        print(f"--- {name}: line roles\n{_roles(layout)}")
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_unseen_pages_present() -> None:
    assert len(PAGES) >= 8
    assert all((DATA / f"{n}.json").exists() for n in PAGES)


# ---------------------------------------------------------------- the rules behind them, in small


def _one(text: str) -> LayoutArticle:
    arts = read_page(text).articles
    assert len(arts) == 1, [(a.title, a.authors, a.text[:20]) for a in arts]
    return arts[0]


def test_one_line_brief_credit_at_its_end_names_the_author() -> None:
    a = _one("县人大开展专题询问\n　　本报讯　县人大常委会日前就饮水安全开展专题询问。（记者 陶 然）\n")
    assert a.authors == ("陶然",)
    assert a.text == "县人大常委会日前就饮水安全开展专题询问。"


def test_dateline_wrapped_inside_its_date() -> None:
    a = _one(
        "召开座谈会\n\n　　新华社北京3月\n5日电（记者 赵 岩）全国人大常委会日\n"
        "前召开座谈会，听取意见建议。\n　　会议强调，要认真研究吸收各方面意\n见。\n"
    )
    assert a.authors == ("赵岩",)
    assert a.paragraphs[0].text == "全国人大常委会日前召开座谈会，听取意见建议。"


def test_photo_credit_and_open_text_are_not_end_credits() -> None:
    page = "代表履职在基层\n\n某区人大常委会组织代表开展视察，听取意见。\n（本报记者 宋 扬 摄）\n"
    a = _one(page)
    assert a.authors == () and "宋扬" not in a.text.replace(" ", "")
    # a parenthesis closing running text that has not finished a sentence is text, not a byline
    a = _one("代表履职在基层\n\n某区人大常委会组织代表开展视察（记者 宋 扬）\n")
    assert a.authors == ()
