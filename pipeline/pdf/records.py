"""One PDF file → validated rows: one document per page, each page read or rejected on its own.

Page documents are identified as ``<doc_id of the file>-p<page, 3 digits>``: deterministic, and
sorted right after the file's own ID, so a file's pages stay together in every table's order.  A
file that cannot be opened at all (encrypted, not a PDF, no pages) is one rejected document with the
file's ID.  The text layer of each page is judged before layout (:mod:`pipeline.pdf.textlayer`):
no text (a scan) and unrecoverable garbling are rejects naming the page; GBK bytes shown as Latin-1
are decoded and flagged; an OCR layer is read and flagged.
"""

from __future__ import annotations

from pipeline import records
from pipeline.pdf import textlayer
from pipeline.pdf.doubts import STORIES_UNSURE
from pipeline.pdf.layout import layout_glyphs
from pipeline.pdf.reader import PageError, PageGlyphs, PdfUnreadable, open_pages
from pipeline.pdf.repair import flag_articles, repair_glyphs
from pipeline.records import PageRecords, _article_rows, _document, page_doc_id
from pipeline.sources import SourceFile

NOT_A_PDF = "not_a_pdf"


def _what_it_is(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if not data:
        return "the file is empty"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "it is an HTML page (a download that saved an error or login page?)"
    return "it does not start with the PDF signature %PDF-"


def file_reason(data: bytes) -> str | None:
    """The reject reason of bytes that are no PDF at all (empty, an HTML page…), before PDFium."""
    if not data:
        return "empty: the file is empty"
    if b"%PDF-" not in data[:1024]:
        return f"{NOT_A_PDF}: named .pdf but {_what_it_is(data)}"
    return None


def pdf_records(source: SourceFile, data: bytes, with_tokens: bool = True) -> PageRecords:
    """Rows of every page of one PDF file (see module docstring)."""
    if (reason := file_reason(data)) is not None:
        return _file_rejected(source, reason)
    out = PageRecords()
    try:
        count, pages = open_pages(data)
    except PdfUnreadable as exc:
        return _file_rejected(source, exc.reason)
    for page in pages:
        out.extend(_page_rows(source, page, count, with_tokens))
    return out


def _file_rejected(source: SourceFile, reason: str) -> PageRecords:
    return PageRecords(documents=[_document(source, source_kind="pdf", status="rejected", reason=reason)])


def _page_doc(source: SourceFile, number: int, count: int, **values):
    return _document(
        source,
        doc_id=page_doc_id(source.doc_id, number),
        source_kind="pdf",
        page_number=number,
        page_count=count,
        **values,
    )


def check_page(page: PageGlyphs) -> tuple[PageGlyphs | None, str | None, list[str]]:
    """(the page to lay out, or None with the reject reason; its reading flags), from the text-layer
    verdict: a scan or a blank page, a garbled layer (rejected), GBK shown as Latin-1 (repaired)."""
    verdict = textlayer.assess(page.text)
    if verdict.kind == "no_text":
        if page.images:
            return (
                None,
                (
                    f"no_text_layer: page {page.number} is {len(page.images)} image(s) and no text (a scan): "
                    "run OCR first (e.g. ocrmypdf), then build from the OCR'd PDF"
                ),
                [],
            )
        return (
            None,
            f"empty_page: page {page.number} draws no text and no image (blank, or its content is damaged)",
            [],
        )
    if verdict.kind == "gbk_as_latin1" and verdict.repairable:
        fixed = repair_glyphs(page)
        if fixed is not None:
            return fixed, None, ["repaired_gbk_latin1"]
    elif verdict.kind == "ok":
        return page, None, []
    return (
        None,
        (
            f"garbled_text_layer: page {page.number}: {verdict.kind} ({verdict.detail}); the fonts carry no "
            "usable Unicode map: OCR the page image instead"
        ),
        [],
    )


def _page_rows(
    source: SourceFile, page: PageGlyphs | PageError, count: int, with_tokens: bool
) -> PageRecords:
    if isinstance(page, PageError):
        return PageRecords(
            documents=[_page_doc(source, page.number, count, status="rejected", reason=page.reason)]
        )
    size = dict(page_width=round(page.width, 2), page_height=round(page.height, 2))
    checked, reason, flags = check_page(page)
    if checked is None:
        return PageRecords(
            documents=[_page_doc(source, page.number, count, status="rejected", reason=reason, **size)]
        )
    page = checked
    doc_id = page_doc_id(source.doc_id, page.number)
    try:
        read = layout_glyphs(page)
        layout = read.layout
        flags += [f for f in read.flags if f not in flags]
        if flags:
            layout = flag_articles(layout, flags)
        if read.unsure:  # (its articles flagged already: only those the doubt is about)
            flags.append(STORIES_UNSURE)
        out = PageRecords()
        for position, art in enumerate(layout.articles):
            out.extend(_article_rows(doc_id, position, art, with_tokens, page_number=page.number))
    except Exception as exc:  # a bug costs one page, reported, never the whole file
        reason = f"internal_error: page {page.number}: {type(exc).__name__}: {exc}"[:500]
        return PageRecords(
            documents=[_page_doc(source, page.number, count, status="rejected", reason=reason, **size)]
        )
    if not layout.articles:
        reason = f"{records.NO_ARTICLES} (page {page.number})"
        return PageRecords(
            documents=[_page_doc(source, page.number, count, status="rejected", reason=reason, **size)]
        )
    furn = layout.furniture
    out.documents.append(
        _page_doc(
            source,
            page.number,
            count,
            encoding=None,
            n_articles=len(layout.articles),
            publication=furn.publication,
            date=furn.date,
            page=furn.page,
            column=furn.column,
            furniture=[x for x in (furn.editor, *furn.other) if x],
            flags=flags,
            **size,
        )
    )
    return out
