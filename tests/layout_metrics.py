"""How well a recovered PageLayout matches a page's known articles.

Shared by the synthetic-page tests and ``benchmarks/layout_recovery.py`` so both report the same
numbers, and kept close to the shared gold scorer (``eval/score.py``): articles are matched by
4-gram Jaccard of their whitespace-free text (≥ 0.5), CER is edit distance over expected length
(a missed article costs its whole length), paragraphs match exactly once whitespace is removed, and
titles / authors compare without whitespace. Unlike the gold scorer, paragraphs of articles that
match nothing count as false positives: a split article must not look free.

Inputs are duck-typed: expected articles need ``text``, ``paragraphs`` ((heading, text) pairs),
``title``, ``authors``, …; recovered ones are ``pipeline.types.LayoutArticle``-like.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = [
    "PageScore",
    "Summary",
    "edit_distance",
    "grams",
    "layout_from_truth",
    "match_articles",
    "nows",
    "score_page",
    "summarize",
]

MATCH_THRESHOLD = 0.5


def nows(s: str | None) -> str:
    return "".join((s or "").split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, bit-parallel over Python ints (Myers 1999), fast enough for articles."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(b):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << m) - 1
    top = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for ch in a:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def grams(s: str, n: int = 4) -> set[str]:
    s = nows(s)
    return {s[i : i + n] for i in range(max(0, len(s) - n + 1))}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, len(a | b))


def _got_text(art: Any) -> str:
    return "\n".join(p.text for p in art.paragraphs)


def match_articles(expected: Sequence[Any], got: Sequence[Any]) -> list[tuple[int, int | None, float]]:
    """(expected index, recovered index or None, similarity), greedy best-first like eval/score.py."""
    eg = [grams(e.text) for e in expected]
    gg = [grams(_got_text(g)) for g in got]
    used: set[int] = set()
    out: list[tuple[int, int | None, float]] = []
    for i, e in enumerate(eg):
        best, bj = None, 0.0
        for j, g in enumerate(gg):
            if j in used:
                continue
            s = _jaccard(e, g)
            if s > bj:
                best, bj = j, s
        if best is None or bj < MATCH_THRESHOLD:
            out.append((i, None, bj))
        else:
            used.add(best)
            out.append((i, best, bj))
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class PageScore:
    """Counts for one page; add them up with ``summarize`` (ratios of sums, not mean of ratios)."""

    art_tp: int = 0
    art_fp: int = 0
    art_fn: int = 0
    chars: int = 0
    edits: int = 0
    par_tp: int = 0
    par_fp: int = 0
    par_fn: int = 0
    head_tp: int = 0
    head_fp: int = 0
    head_fn: int = 0
    title_ok: int = 0
    author_ok: int = 0
    region_ok: int = 0
    affiliation_ok: int = 0
    kicker_ok: int = 0
    subtitle_ok: int = 0
    n_expected: int = 0
    furn_ok: int = 0
    furn_n: int = 0
    other_ok: int = 0
    other_n: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def articles_f1(self) -> float:
        return _prf(self.art_tp, self.art_fp, self.art_fn)[2]

    @property
    def cer(self) -> float:
        return self.edits / max(1, self.chars)

    @property
    def paragraphs_f1(self) -> float:
        return _prf(self.par_tp, self.par_fp, self.par_fn)[2]


_FIELD_ATTR = {
    "title": "title",
    "author": "authors",
    "region": "author_region",
    "affiliation": "author_affiliation",
    "kicker": "kicker",
    "subtitle": "subtitle",
}


def _same(a: str | None, b: str | None) -> bool:
    return nows(a) == nows(b)


def _norm_page(p: str | None) -> str:
    s = nows(p).removeprefix("第").removesuffix("版").lstrip("0")
    return s


def score_page(expected: Sequence[Any], layout: Any, furniture: Any = None) -> PageScore:
    """Score one recovered ``PageLayout`` against the expected articles (and furniture, if given)."""
    got = list(layout.articles)
    s = PageScore(n_expected=len(expected))
    pairs = match_articles(expected, got)
    matched: set[int] = set()
    for i, j, sim in pairs:
        e = expected[i]
        s.chars += len(e.text)
        eps = {nows(t) for _, t in e.paragraphs}
        if j is None:
            s.art_fn += 1
            s.edits += len(e.text)
            s.par_fn += len(eps)
            s.head_fn += len(e.headings)
            s.problems.append(f"article {i} ({(e.title or '')[:12]}) not recovered (best sim {sim:.2f})")
            continue
        matched.add(j)
        g = got[j]
        s.art_tp += 1
        s.edits += edit_distance(e.text, _got_text(g))
        gps = {nows(p.text) for p in g.paragraphs}
        s.par_tp += len(eps & gps)
        s.par_fp += len(gps - eps)
        s.par_fn += len(eps - gps)
        for x in sorted(eps - gps)[:2]:
            s.problems.append(f"article {i}: paragraph missed: {x[:30]}…")
        for x in sorted(gps - eps)[:2]:
            s.problems.append(f"article {i}: paragraph not expected: {x[:30]}…")
        eh = {nows(h) for h in e.headings}
        gh = {nows(p.heading) for p in g.paragraphs if p.heading}
        s.head_tp += len(eh & gh)
        s.head_fp += len(gh - eh)
        s.head_fn += len(eh - gh)
        checks = {
            "title": _same(e.title, g.title),
            "author": tuple(nows(a) for a in e.authors) == tuple(nows(a) for a in g.authors),
            "region": (not e.author_region and not g.author_region)
            or (bool(e.author_region) and nows(g.author_region).startswith(nows(e.author_region))),
            "affiliation": _same(e.author_affiliation, g.author_affiliation),
            "kicker": _same(e.kicker, g.kicker),
            "subtitle": _same(e.subtitle, g.subtitle),
        }
        for k, ok in checks.items():
            setattr(s, f"{k}_ok", getattr(s, f"{k}_ok") + ok)
            if not ok:
                attr = _FIELD_ATTR[k]
                s.problems.append(f"article {i}: {k} expected {getattr(e, attr)!r} got {getattr(g, attr)!r}")
    for j, g in enumerate(got):
        if j not in matched:
            s.art_fp += 1
            s.par_fp += len(g.paragraphs)
            s.problems.append(f"extra article {j}: {_got_text(g)[:30]!r}")
    if furniture is not None:
        gf = layout.furniture
        for k in ("publication", "date", "page", "column", "editor"):
            want = getattr(furniture, k)
            if want is None:
                continue
            have = getattr(gf, k, None)
            ok = _norm_page(want) == _norm_page(have) if k == "page" else _same(want, have)
            s.furn_n += 1
            s.furn_ok += ok
            if not ok:
                s.problems.append(f"furniture {k}: expected {want!r} got {have!r}")
        got_other = nows("".join(getattr(gf, "other", ()) or ()))
        for x in furniture.other:
            s.other_n += 1
            s.other_ok += nows(x) in got_other
    return s


@dataclass
class Summary:
    pages: int
    articles_p: float
    articles_r: float
    articles_f1: float
    cer: float
    paragraphs_f1: float
    headings_f1: float
    title_acc: float
    author_acc: float
    region_acc: float
    affiliation_acc: float
    kicker_acc: float
    subtitle_acc: float
    furniture_acc: float
    other_recall: float

    def as_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def summarize(scores: Iterable[PageScore]) -> Summary:
    """Pool page counts. Field accuracies are over expected articles (a missed article is wrong)."""
    t = PageScore()
    n = 0
    for s in scores:
        n += 1
        for f in fields(PageScore):
            if f.name != "problems":
                setattr(t, f.name, getattr(t, f.name) + getattr(s, f.name))
    ap, ar, af = _prf(t.art_tp, t.art_fp, t.art_fn)

    def acc(k: int) -> float:
        return k / t.n_expected if t.n_expected else 1.0

    return Summary(
        pages=n,
        articles_p=ap,
        articles_r=ar,
        articles_f1=af,
        cer=t.cer,
        paragraphs_f1=t.paragraphs_f1,
        headings_f1=_prf(t.head_tp, t.head_fp, t.head_fn)[2],
        title_acc=acc(t.title_ok),
        author_acc=acc(t.author_ok),
        region_acc=acc(t.region_ok),
        affiliation_acc=acc(t.affiliation_ok),
        kicker_acc=acc(t.kicker_ok),
        subtitle_acc=acc(t.subtitle_ok),
        furniture_acc=t.furn_ok / t.furn_n if t.furn_n else 1.0,
        other_recall=t.other_ok / t.other_n if t.other_n else 1.0,
    )


def layout_from_truth(expected: Sequence[Any], furniture: Any = None) -> Any:
    """The PageLayout a perfect reader would return: checks the metrics (must score 1.0)."""
    from pipeline.types import LayoutArticle, LayoutParagraph, PageFurniture, PageLayout

    arts = tuple(
        LayoutArticle(
            paragraphs=tuple(LayoutParagraph(text=t, heading=h) for h, t in e.paragraphs),
            title=e.title,
            subtitle=e.subtitle,
            kicker=e.kicker,
            authors=tuple(e.authors),
            author_region=e.author_region,
            author_affiliation=e.author_affiliation,
            byline=e.byline,
        )
        for e in expected
    )
    furn = PageFurniture()
    if furniture is not None:
        furn = PageFurniture(
            publication=furniture.publication,
            date=furniture.date,
            page=furniture.page,
            column=furniture.column,
            editor=furniture.editor,
            other=tuple(furniture.other),
        )
    return PageLayout(articles=arts, furniture=furn)
