"""The newspaper PDF generator: same seed → same bytes, and its truth is what the PDF holds.

The PDF reader is judged on these pages, so a wrong truth would make a right reader look wrong.
Every truth line is looked up in the PDF's own text layer (pypdfium2) at its box; articles,
headings and titles are rebuilt from their lines; furniture never leaks into an article; the
committed fixtures are checked the same way, and the scorer must accept their gold files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("reportlab")
pdfium = pytest.importorskip("pypdfium2")

from tests.newspaper_pdf import ROLES, PageTruth, make_issue, page_text_layer, sample_as_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "pdf"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "seed.gold.json"
SCORER = SHARED / "eval" / "score.py"
WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def nows(s: str | None) -> str:
    return "".join((s or "").split())


def _dev_fixtures() -> list[tuple[Path, Path]]:
    out = []
    for gold in sorted(FIXTURES.glob("*.gold.json")):
        pdf = gold.with_name(gold.name.removesuffix(".gold.json") + ".pdf")
        out.append((pdf, gold))
    return out


def _truths_of(gold: Path) -> list[dict[str, Any]]:
    data = json.loads(gold.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]


def check_lines_in_pdf(pdf: bytes, truths: list[dict[str, Any]]) -> list[str]:
    """Problems: truth lines whose text the text layer does not hold at their box (±1 pt)."""
    problems = []
    for i, t in enumerate(truths):
        chars = page_text_layer(pdf, i)
        for ln in t["lines"]:
            x0, y0, x1, y1 = ln["bbox"]
            inside = [
                (-(b + d) / 2 if ln.get("vertical") else (a + cx) / 2, c)
                for c, a, b, cx, d in chars
                if x0 - 1 <= (a + cx) / 2 <= x1 + 1 and y0 - 1 <= (b + d) / 2 <= y1 + 1
            ]
            got = "".join(c for _, c in sorted(inside))  # a shuffled stream draws glyphs in any order
            if nows(got) != nows(ln["text"]):
                problems.append(f"page {i + 1} {ln['role']}: {ln['text']!r} at {ln['bbox']} reads {got!r}")
    return problems


def check_truth(t: dict[str, Any]) -> list[str]:
    """Problems in one page truth that need no PDF: joins, roles, leaks, geometry."""
    problems = []
    W, H = t["page_size"]
    strings = [nows(s) for s in t["furniture"]["strings"]]
    for ln in t["lines"]:
        if ln["role"] not in ROLES:
            problems.append(f"unknown role {ln['role']}")
        x0, y0, x1, y1 = ln["bbox"]
        if not (0 <= x0 < x1 <= W and 0 <= y0 < y1 <= H):
            problems.append(f"line off the page: {ln}")
    boxes = sorted((ln["bbox"], ln["text"]) for ln in t["lines"])
    for i, (a, ta) in enumerate(boxes):  # no two printed lines overlap (1 pt of slack)
        for b, tb in boxes[i + 1 :]:
            if b[0] > a[2] - 1:
                break
            if b[1] < a[3] - 1 and a[1] < b[3] - 1:
                problems.append(f"lines overlap: {ta!r} {a} and {tb!r} {b}")
    for a in t["articles"]:
        pos = a["position"]
        if a["text"] != "\n".join(p["text"] for p in a["paragraphs"]):
            problems.append(f"article {pos}: text is not its paragraphs joined")
        if not any(len(p["text"]) >= 40 for p in a["paragraphs"]):
            problems.append(f"article {pos}: no paragraph of 40 characters")
        if a["author"] != ("、".join(a["authors"]) or None):
            problems.append(f"article {pos}: author is not authors joined")
        mine = [ln for ln in t["lines"] if ln["article"] == pos]
        body = "".join(nows(ln["text"]) for ln in mine if ln["role"] == "body")
        if body != nows(a["text"]):
            problems.append(f"article {pos}: body lines in order do not give its text")
        title = "".join(nows(ln["text"]) for ln in mine if ln["role"] == "title")
        if title != nows(a["title"]):
            problems.append(f"article {pos}: title lines {title!r} ≠ {a['title']!r}")
        heads = "".join(nows(ln["text"]) for ln in mine if ln["role"] == "heading")
        if heads != "".join(nows(h) for h in a["headings"]):
            problems.append(f"article {pos}: heading lines ≠ headings")
        byline = "".join(nows(ln["text"]) for ln in mine if ln["role"] == "byline")
        for name in [*a["authors"], a["author_region"] or ""]:
            if nows(name) not in byline:
                problems.append(f"article {pos}: {name!r} is not printed in its byline")
        notes = "".join(nows(ln["text"]) for ln in mine if ln["role"] == "footnote")
        if nows(a["author_affiliation"]) not in notes:
            problems.append(f"article {pos}: affiliation not printed in its footnote")
        for role in ("kicker", "subtitle"):
            got = "".join(nows(ln["text"]) for ln in mine if ln["role"] == role)
            if got != nows(a[role]):
                problems.append(f"article {pos}: {role} lines ≠ {role}")
        bx0, by0, bx1, by1 = a["bbox"]
        for ln in mine:
            x0, y0, x1, y1 = ln["bbox"]
            if not (bx0 - 0.5 <= x0 and x1 <= bx1 + 0.5 and by0 - 0.5 <= y0 and y1 <= by1 + 0.5):
                problems.append(f"article {pos}: line outside its bbox: {ln['text']!r}")
        text = nows(a["text"])
        for s in strings:
            if len(s) >= 4 and s in text:
                problems.append(f"article {pos}: furniture string inside its text: {s!r}")
    return problems


# --- generated issues ------------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    a, ta = make_issue(11)
    b, tb = make_issue(11)
    c, _ = make_issue(12)
    assert a == b
    assert [t.to_json() for t in ta] == [t.to_json() for t in tb]
    assert a != c
    assert a.startswith(b"%PDF")


@pytest.mark.parametrize("how", [{"stream_order": "shuffled"}, {"text_runs": "glyph"}])
def test_other_stream_same_page(how: dict[str, str]) -> None:
    """A shuffled content stream, or glyphs placed one by one, draw the same lines at the same
    places: same truth, other bytes, same characters in the text layer."""
    a, (ta,) = make_issue(9, stream_order="reading", text_runs="line")
    b, (tb,) = make_issue(9, **{"stream_order": "reading", "text_runs": "line", **how})
    assert a != b
    assert ta.lines == tb.lines and ta.articles == tb.articles
    assert tb.to_json()[next(iter(how))] == next(iter(how.values()))
    order_a = [c for c, *_ in page_text_layer(a, 0)]
    order_b = [c for c, *_ in page_text_layer(b, 0)]
    assert sorted(order_a) == sorted(order_b)
    assert (order_a != order_b) == ("stream_order" in how)
    assert check_lines_in_pdf(b, [tb.to_json()]) == []


@pytest.mark.skipif(not Path(WQY).exists(), reason="fonts-wqy-microhei is not installed")
def test_embedded_font_is_deterministic_and_read_back() -> None:
    a, ta = make_issue(13, font_path=WQY)
    b, _ = make_issue(13, font_path=WQY)
    assert a == b
    assert b"FontFile2" in a or b"/FontFile" in a  # the subset is embedded
    assert check_lines_in_pdf(a, [t.to_json() for t in ta]) == []


def test_unknown_option_is_refused() -> None:
    with pytest.raises(TypeError):
        make_issue(1, colums=6)


@pytest.mark.parametrize("seed", [3, 8, 21])
def test_generated_truth_matches_pdf(seed: int) -> None:
    pdf, truths = make_issue(seed)
    data = [t.to_json() for t in truths]
    assert check_truth(data[0]) == []
    assert check_lines_in_pdf(pdf, data) == []
    assert data[0]["articles"], "a page with no article"


def test_two_pages_two_truths() -> None:
    pdf, truths = make_issue(5, pages=2, page_size="tabloid", columns=5)
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == 2 and len(truths) == 2
    assert [t.page for t in truths] == [1, 2]
    assert truths[0].source.endswith("#page=1") and truths[1].source.endswith("#page=2")
    assert truths[0].furniture["publication"] == truths[1].furniture["publication"]
    assert int(truths[1].furniture["page"]) == int(truths[0].furniture["page"]) + 1
    assert tuple(doc[0].get_size()) == pytest.approx(truths[0].page_size)
    assert check_lines_in_pdf(pdf, [t.to_json() for t in truths]) == []


def test_options_are_obeyed() -> None:
    _, (t,) = make_issue(2, page_size="broadsheet", columns=7, body_size=9.0)
    assert tuple(t.page_size) == (842.0, 1191.0)
    body = [ln for ln in t.lines if ln["role"] == "body"]
    assert {ln["size"] for ln in body} == {9.0}
    assert max(ln["column"] for ln in t.lines) == 6
    assert all(0 <= a["columns"][0] <= a["columns"][1] <= 6 for a in t.articles)


def test_page_variety_over_seeds() -> None:
    """Over a handful of seeds the generator shows what a real page shows."""
    roles: set[str] = set()
    placements: set[str] = set()
    bylines: set[str] = set()
    sim_bold = vertical = 0
    for seed in range(6):
        _, truths = make_issue(seed)
        for t in truths:
            roles |= {ln["role"] for ln in t.lines}
            sim_bold += sum(1 for ln in t.lines if ln.get("bold") == "simulated")
            vertical += sum(1 for ln in t.lines if ln.get("vertical"))
            for a in t.articles:
                placements.add(a["title_placement"])
                bylines.add((a["byline"] or "none")[:2])
    assert roles == set(ROLES) - {"footnote"} or roles == set(ROLES)
    assert placements >= {"above", "below", "vertical"}
    assert {"■ ", "本报", "新华"} <= bylines
    assert sim_bold and vertical


# --- the sample page -------------------------------------------------------------------------


@pytest.mark.skipif(not GOLD.exists(), reason="../shared is not present")
@pytest.mark.parametrize("k", [4, 6])
def test_sample_as_pdf_reads_back_as_gold(k: int) -> None:
    pdf, truths = sample_as_pdf(k, seed=1)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    arts = [a for t in truths for a in t.articles]
    assert [a["text"] for a in arts] == [a["text"] for a in gold["articles"]]
    assert [a["title"] for a in arts] == [a["title"] for a in gold["articles"]]
    assert [a["headings"] for a in arts] == [a["headings"] for a in gold["articles"]]
    data = [t.to_json() for t in truths]
    for t in data:
        assert check_truth(t) == []
    assert check_lines_in_pdf(pdf, data) == []
    assert all(a["columns"] == [0, k - 1] for a in arts)


# --- committed fixtures ----------------------------------------------------------------------


def test_fixture_folder_is_listed_and_small() -> None:
    meta = json.loads((FIXTURES / "fixtures.json").read_text(encoding="utf-8"))
    files = {f["pdf"] for f in meta["files"]}
    on_disk = {p.name for p in FIXTURES.glob("*.pdf")}
    assert files == on_disk
    assert sum(p.stat().st_size for p in FIXTURES.iterdir()) < 3 * 1024 * 1024
    assert any(f["pages"] == 2 for f in meta["files"])
    assert {f["set"] for f in meta["files"]} == {"dev", "heldout", "sample"}


@pytest.mark.parametrize("pdf_path,gold_path", _dev_fixtures(), ids=lambda p: p.name)
def test_fixture_truth_matches_its_pdf(pdf_path: Path, gold_path: Path) -> None:
    truths = _truths_of(gold_path)
    pdf = pdf_path.read_bytes()
    assert len(pdfium.PdfDocument(pdf)) == len(truths)
    for t in truths:
        assert check_truth(t) == []
        assert t["source"].startswith(pdf_path.name + "#page=")
    assert check_lines_in_pdf(pdf, truths) == []


def _perfect_output(truths: list[dict[str, Any]], out: Path, drop: int = 0) -> None:
    """The dataset a perfect reader would write for these pages (minus ``drop`` articles)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arts, paras = [], []
    for pi, t in enumerate(truths):
        for a in t["articles"]:
            aid = f"p{pi}-a{a['position']}"
            arts.append(
                {
                    "article_id": aid,
                    **{k: a[k] for k in ("title", "author", "author_region", "author_affiliation", "text")},
                }
            )
            paras += [
                {"article_id": aid, "heading": p["heading"], "text": p["text"]} for p in a["paragraphs"]
            ]
    arts = arts[drop:]
    pq.write_table(pa.Table.from_pylist(arts), out / "articles.parquet")
    pq.write_table(pa.Table.from_pylist(paras), out / "paragraphs.parquet")
    schema = pa.schema([("article_id", pa.string()), ("type", pa.string()), ("surface", pa.string())])
    pq.write_table(pa.Table.from_pylist([], schema=schema), out / "mentions.parquet")


@pytest.mark.skipif(not SCORER.exists(), reason="../shared is not present")
def test_scorer_accepts_gold_files(tmp_path: Path) -> None:
    golds = sorted(FIXTURES.glob("*.gold.json"))
    assert golds
    two_page = next(g for g in golds if len(_truths_of(g)) == 2)
    for gold, drop in ((golds[0], 0), (two_page, 0), (two_page, 1)):
        out = tmp_path / f"{gold.stem}-{drop}"
        out.mkdir()
        _perfect_output(_truths_of(gold), out, drop)
        res = subprocess.run(
            [sys.executable, str(SCORER), str(gold), str(out), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        scores = json.loads(res.stdout)
        if drop:
            assert scores["articles"]["f1"] < 1.0 and scores["cer"] > 0
        else:
            assert scores["articles"]["f1"] == 1.0 and scores["cer"] == 0.0
            assert scores["paragraphs"]["f1"] == 1.0 and scores["headings"]["f1"] == 1.0
            assert scores["title_acc"] == scores["author_acc"] == scores["author_region_acc"] == 1.0


def test_page_truth_round_trips_json() -> None:
    _, (t,) = make_issue(4)
    back = json.loads(t.dumps())
    assert PageTruth(**{**back, "page_size": tuple(back["page_size"])}).to_json() == json.loads(t.dumps())
