"""A text of several pages — what ``pdftotext`` prints for a PDF of several pages, a form feed after
each page — is read as a PDF is: a document per page, each page read on its own.

The pages are the committed ``pdftotext`` fixtures (``tests/data/pdftotext``, one PDF page each, the
form feed pdftotext appends at each page's end stripped: ``fixtures.json``), put back together as
pdftotext prints the pages of one file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import ingest, records
from pipeline.layout import read_page
from pipeline.sources import SourceFile

DATA = Path(__file__).parent / "data" / "pdftotext"
PAGES = [
    (DATA / f"{case}.plain.txt").read_text(encoding="utf-8") for case in ("raw_k4", "syn06_k4", "syn10_k3")
]


def _source(data: bytes, name: str = "issue.txt") -> SourceFile:
    return SourceFile(paths=(name,), sha256=ingest.sha256_hex(data), n_bytes=len(data))


def _pdftotext(*pages: str) -> bytes:
    return "".join(p + "\f" for p in pages).encode("utf-8")


def test_each_page_is_a_document_read_on_its_own() -> None:
    data = _pdftotext(*PAGES)
    src = _source(data)
    out = records.page_records(src, data, with_tokens=False)
    docs = out.documents
    assert [d.doc_id for d in docs] == [f"{src.doc_id}-p{k:03d}" for k in (1, 2, 3)]
    assert [(d.page_number, d.page_count, d.status) for d in docs] == [
        (1, 3, "ok"),
        (2, 3, "ok"),
        (3, 3, "ok"),
    ]
    assert all(d.source_kind == "text" and d.sha256 == src.sha256 for d in docs)
    for k, (doc, text) in enumerate(zip(docs, PAGES, strict=True), start=1):
        alone = read_page(text)
        mine = [a for a in out.articles if a.doc_id == doc.doc_id]
        assert doc.n_articles == len(mine) == len(alone.articles)
        assert [a.text for a in mine] == [a.text for a in alone.articles]
        assert [a.title for a in mine] == [a.title for a in alone.articles]
        assert {a.page_number for a in mine} == {k}
        assert {p.page_number for p in out.paragraphs if p.article_id.startswith(doc.doc_id)} == {k}


def test_a_page_without_text_is_a_reject_naming_it() -> None:
    data = _pdftotext(PAGES[0], "\n\n", PAGES[1])  # a page of photos prints no text
    out = records.page_records(_source(data), data, with_tokens=False)
    assert [(d.page_number, d.status) for d in out.documents] == [(1, "ok"), (2, "rejected"), (3, "ok")]
    assert out.documents[1].reason.startswith("whitespace_only: page 2 of 3")


@pytest.mark.parametrize("data", [_pdftotext(PAGES[0]), PAGES[0].encode("utf-8"), _pdftotext(PAGES[0], "")])
def test_one_page_stays_one_document_of_the_file(data: bytes) -> None:
    # with or without the form feed after it (and a blank page after that is no page either)
    src = _source(data)
    (doc,) = records.page_records(src, data, with_tokens=False).documents
    assert (doc.doc_id, doc.page_number, doc.page_count) == (src.doc_id, None, None)


def test_pages_are_not_glued_where_the_form_feed_stood() -> None:
    # the form feed sits at the start of the next page's first line: dropped as a control
    # character, it used to join the two pages into one text, one story running into the next
    page = ingest.read_page(_pdftotext(*PAGES[:2]))
    assert page.pages == (PAGES[0], PAGES[1])
    assert ingest.read_page(_pdftotext(PAGES[0])).pages == ()
    # a form feed amid a line is a stray control character, no page break (dropped, as before)
    stray = ingest.read_page((PAGES[0].rstrip("\n") + "\f" + PAGES[1]).encode("utf-8"))
    assert stray.pages == () and "\f" not in stray.text


MULTI = Path(__file__).parent / "data" / "multipage"  # scripts/make_multipage_fixtures.py
TOOLS = ("pdftotext", "pdftotext_layout", "pdfminer")


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize("case, pages", [("dev_104", 2), ("sample_k4", 3)])
def test_real_tool_output_of_a_pdf_of_several_pages_gives_a_document_a_page(
    case: str, pages: int, tool: str
) -> None:
    data = (MULTI / f"{case}.{tool}.txt").read_bytes()
    docs = records.page_records(_source(data), data, with_tokens=False).documents
    assert [(d.page_number, d.page_count) for d in docs] == [(k, pages) for k in range(1, pages + 1)]
    assert all(d.status == "ok" for d in docs)


@pytest.mark.parametrize("tool", TOOLS)
def test_no_article_holds_text_of_another_page(tool: str) -> None:
    """No article holds text printed on the other page only (an 8-character run of it found among
    that page's printed lines, in the typeset truth, and not among its own page's): the pages are
    not run together. (Within a page, pdftotext's columns may still splice: flagged, not asked.)"""
    import json

    gold = json.loads(
        (Path(__file__).parent / "data" / "pdf" / "dev_104.gold.json").read_text(encoding="utf-8")
    )
    printed = ["".join("".join(ln["text"].split()) for ln in page["lines"]) for page in gold]
    data = (MULTI / f"dev_104.{tool}.txt").read_bytes()
    out = records.page_records(_source(data), data, with_tokens=False)
    assert len(out.articles) >= 10
    for art in out.articles:
        text = "".join(art.text.split())
        grams = [text[i : i + 8] for i in range(0, max(1, len(text) - 7), 4)]
        own = printed[art.page_number - 1]
        other = printed[2 - art.page_number]
        assert any(g in own for g in grams), art.article_id  # (columns spliced: not all of them)
        assert not any(g in other and g not in own for g in grams), art.article_id


def test_inspect_shows_the_page_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    path = str(MULTI / "sample_k4.pdftotext.txt")
    assert main(["inspect", path, "--page", "2"]) == 0
    out = capsys.readouterr().out
    assert ", page 2 of 3 (form feeds; --page N for another)" in out.splitlines()[0]
    assert main(["inspect", path, "--page", "4"]) == 2  # a usage error, one line
    assert "has 3 pages (form feeds); --page takes 1 to 3" in capsys.readouterr().err
