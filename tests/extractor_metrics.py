"""Scoring a page read from an extractor's text against the page it was typeset from.

Shared by ``tests/test_extractor_styles.py`` and ``benchmarks/extractor_styles.py``. A fixture case
(``tests/data/extractors/``) knows the source page (reading order) and every printed row's column.

* **Truth articles**: the source page as ``read_page`` reads it. The question is whether a tool's
  text reads as the page itself does, so the reader's own misses on the page are not counted.
  A full newspaper page (``kind: newspaper``, typeset by ``tests/newspaper_pdf.py``) has no
  source text: its truth is the generator's gold articles, the issue's targets are about them.
* **Splicing paragraph**: a paragraph whose whitespace-free text is not a stretch of the page's
  reading-order text and whose characters come from two or more columns of the truth: text of two
  columns run together. (A paragraph continued across a column break is a stretch of the reading
  order, so it does not count; nor does one that is such a stretch but for a glyph or two out of
  place: every window of it found where one place of it puts it, give or take ``SLACK``.) On a newspaper page a "column" is one piece of an article in one
  grid column; captions, boxes and jump lines belong to none.
* **Pages of other typesetters** (``tests/data/typeset/``: XeLaTeX, LibreOffice, WeasyPrint,
  Chromium, wkhtmltopdf; their tools' text made by ``scripts/make_typeset_tool_texts.py``) have a
  gold but no printed rows: their truth stream is each gold article's text in turn (kicker, title,
  subtitle, section headings, paragraphs) and a "column" is a whole article, so there a splicing
  paragraph is one running two stories together (two columns of one story run together are not
  seen, only their cost in the scores).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.layout import read_page
from pipeline.layout.spacing import fold_fullwidth
from pipeline.layout.styles import UNRESTORED
from pipeline.types import LayoutArticle, PageLayout
from tests.layout_metrics import PageScore, nows, score_page
from tests.story_metrics import two_stories

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "extractors"
TYPESET = ROOT / "tests" / "data" / "typeset"
META = json.loads((FIXTURES / "fixtures.json").read_text(encoding="utf-8"))
CASES: list[str] = [c["name"] for c in META["cases"]]
NEWSPAPER: frozenset[str] = frozenset(c["name"] for c in META["cases"] if c.get("kind") == "newspaper")
TOOLS: tuple[str, ...] = tuple(META["tools"])
WINDOW = 6  # characters of a paragraph looked up in the truth at a time
SLACK = 2  # characters a paragraph's windows may shift against the truth and still be in order


@dataclass(frozen=True)
class Expected:
    """A truth article in the shape ``tests.layout_metrics.score_page`` reads."""

    art: LayoutArticle

    def __getattr__(self, name: str) -> Any:
        return getattr(self.art, name)

    @property
    def paragraphs(self) -> list[tuple[str | None, str]]:
        return [(p.heading, p.text) for p in self.art.paragraphs]


@dataclass(frozen=True)
class GoldArticle:
    """A newspaper page's gold article (``tests/newspaper_pdf.py``) in the shape ``score_page`` reads."""

    title: str | None
    kicker: str | None
    subtitle: str | None
    authors: tuple[str, ...]
    author_region: str | None
    author_affiliation: str | None
    headings: tuple[str, ...]
    paragraphs: tuple[tuple[str | None, str], ...]
    text: str

    @classmethod
    def of(cls, a: dict[str, Any]) -> GoldArticle:
        paras = tuple((p.get("heading"), p["text"]) for p in a["paragraphs"])
        return cls(
            title=a.get("title"),
            kicker=a.get("kicker"),
            subtitle=a.get("subtitle"),
            authors=tuple(a.get("authors") or ()),
            author_region=a.get("author_region"),
            author_affiliation=a.get("author_affiliation"),
            headings=tuple(a.get("headings") or ()),
            paragraphs=paras,
            text="\n".join(t for _, t in paras),
        )


@dataclass(frozen=True)
class Truth:
    name: str
    source_text: str
    stream: str  # whitespace-free reading-order text of the printed rows
    column: tuple[int, ...]  # column of each character of ``stream``
    articles: tuple[Expected | GoldArticle, ...]
    newspaper: bool = False


def source_text(ref: str) -> str:
    if ref.startswith("synthetic:"):
        from tests.synthetic import generate_page

        return generate_page(int(ref.split(":", 1)[1])).text
    return (ROOT / ref).read_text(encoding="utf-8")


def typeset_cases() -> list[str]:
    """The pages of other typesetters whose tools' text is committed."""
    return sorted(p.name.split(".")[0] for p in TYPESET.glob("*.pymupdf.txt"))


def gold_rows(articles: list[dict[str, Any]]) -> list[list[Any]]:
    """A gold page's text as ``[article, text]`` rows in reading order (see the module docstring)."""
    rows: list[list[Any]] = []
    for i, a in enumerate(articles):
        texts = [a.get("kicker"), a.get("title"), a.get("subtitle")]
        heading = None
        for p in a["paragraphs"]:
            if p.get("heading") != heading:
                heading = p.get("heading")
                texts.append(heading)
            texts.append(p["text"])
        rows += [[i, t] for t in texts if t]
    return rows


@cache
def truth(name: str) -> Truth:
    path = FIXTURES / f"{name}.truth.json"
    if not path.exists():
        gold = json.loads((TYPESET / f"{name}.gold.json").read_text(encoding="utf-8"))
        data = {
            "rows": gold_rows(gold["articles"]),
            "source": f"newspaper:{name}",
            "articles": gold["articles"],
        }
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
    stream: list[str] = []
    column: list[int] = []
    for col, text in data["rows"]:
        t = fold_fullwidth(nows(text))
        stream.append(t)
        column += [col] * len(t)
    if data["source"].startswith("newspaper:"):
        gold = tuple(GoldArticle.of(a) for a in data["articles"])
        return Truth(name, "", "".join(stream), tuple(column), gold, newspaper=True)
    src = source_text(data["source"])
    arts = tuple(Expected(a) for a in read_page(src).articles)
    return Truth(name, src, "".join(stream), tuple(column), arts)


def tool_text(name: str, tool: str) -> str:
    path = FIXTURES / f"{name}.{tool}.txt"
    return (path if path.exists() else TYPESET / path.name).read_text(encoding="utf-8")


def splices(t: Truth, text: str) -> bool:
    """Does this paragraph text run text of two columns together (see the module docstring)?"""
    s = fold_fullwidth(nows(text))
    if len(s) < WINDOW or s in t.stream:
        return False
    cols: set[int] = set()
    found: list[int] = []  # offsets of the windows found in the truth
    for k in range(0, len(s) - WINDOW + 1, WINDOW // 2):
        at = t.stream.find(s[k : k + WINDOW])
        if at >= 0:
            cols.add(t.column[at])
            found.append(k)
    return len(cols - {-1}) >= 2 and not _in_order(t.stream, s, found)


def _in_order(stream: str, s: str, found: list[int]) -> bool:
    """Does the stream hold every found window of ``s`` where one place for ``s`` puts it (give or
    take ``SLACK``)?  Then ``s`` is the reading order run on across a column break, but for a glyph
    or two an extractor printed out of place (``想办`` / ``。`` / ``法``). (A phrase may recur on
    a page: every place of the first window is tried.)"""
    first = s[found[0] : found[0] + WINDOW]
    at = stream.find(first)
    while at >= 0:
        start = at - found[0]
        if all(
            s[k : k + WINDOW] in stream[max(0, start + k - SLACK) : start + k + WINDOW + SLACK] for k in found
        ):
            return True
        at = stream.find(first, at + 1)
    return False


def mixes_stories(t: Truth, text: str, window: int = 8, least: int = 24) -> bool:
    """Does this article's text hold text of two truth articles (at least ``least`` characters of
    each, found ``window`` characters at a time where the window is in one truth article only)?"""
    return two_stories(text, list(_truth_texts(t.name)), window, least)


@cache
def _truth_texts(name: str) -> tuple[str, ...]:
    return tuple(fold_fullwidth(nows("".join(t for _, t in a.paragraphs))) for a in truth(name).articles)


@dataclass
class CaseResult:
    name: str
    tool: str
    style: str
    score: PageScore
    flagged: bool  # the page's articles carry a flag saying its reading order was not restored
    paragraphs: int
    splicing: int  # splicing paragraphs
    splicing_unflagged: int  # … in articles without such a flag
    mixing: int = 0  # articles holding the text of two truth articles (two stories run together)
    mixing_unflagged: int = 0  # … without such a flag


def unrestored_flags() -> set[str]:
    from pipeline.layout.styles import FLAGS

    return {FLAGS[s] for s in UNRESTORED}


def evaluate(name: str, tool: str, layout: PageLayout | None = None) -> CaseResult:
    t = truth(name)
    page = layout if layout is not None else read_page(tool_text(name, tool))
    bad = unrestored_flags()
    n = spl = unflagged = 0
    for a in page.articles:
        warned = bool(bad & set(a.flags))
        for p in a.paragraphs:
            n += 1
            if splices(t, p.text):
                spl += 1
                unflagged += not warned
    flagged = any(bad & set(a.flags) for a in page.articles)
    mixed = [
        bool(bad & set(a.flags))
        for a in page.articles
        if mixes_stories(t, "".join(p.text for p in a.paragraphs))
    ]
    return CaseResult(
        name,
        tool,
        page.style,
        score_page(t.articles, page),
        flagged,
        n,
        spl,
        unflagged,
        len(mixed),
        mixed.count(False),
    )
