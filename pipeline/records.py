"""One raw page → validated dataset rows (documents, articles, paragraphs, mentions).

This is where the core stages meet: ingest → layout → extract. IDs are derived from the content
hash and positions only, so two builds of the same bytes give the same IDs and rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline import ingest
from pipeline.extract import extract_mentions, tokenize
from pipeline.extract.gazetteer import resolve_region
from pipeline.layout import read_page as read_layout
from pipeline.sources import SourceFile, Unreadable
from pipeline.types import LayoutArticle, PageLayout
from schemas import Article, Document, Mention, Paragraph, Tokens

_TYPE_INITIAL = {"place": "p", "law": "l", "count": "c", "formulation": "f"}
NO_ARTICLES = "no_articles: no article text was found on the page"


def is_pdf(source: SourceFile, data: bytes) -> bool:
    """Read as a PDF: the bytes start with the PDF signature (within the first KiB, as readers
    allow), or the file is named ``*.pdf`` (then a file that is no PDF is rejected as such)."""
    return b"%PDF-" in data[:1024] or source.paths[0].lower().endswith(".pdf")


@dataclass(slots=True)
class PageRecords:
    documents: list[Document] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    tokens: list[Tokens] = field(default_factory=list)

    def extend(self, other: PageRecords) -> None:
        self.documents += other.documents
        self.articles += other.articles
        self.paragraphs += other.paragraphs
        self.mentions += other.mentions
        self.tokens += other.tokens

    def rows(self, table: str) -> list:
        return getattr(self, table)

    @classmethod
    def joined(cls, parts: Iterable[PageRecords]) -> PageRecords:
        """The rows of ``parts``, in order, as one batch."""
        out = cls()
        for part in parts:
            out.extend(part)
        return out


def _document(source: SourceFile, **values) -> Document:
    base = dict(
        doc_id=source.doc_id,
        source_kind="pdf" if source.paths[0].lower().endswith(".pdf") else "text",
        page_number=None,
        page_count=None,
        page_width=None,
        page_height=None,
        flags=[],
        source_path=source.paths[0],
        source_paths=list(source.paths),
        sha256=source.sha256,
        n_bytes=source.n_bytes,
        encoding=None,
        line_ends=None,
        status="ok",
        reason=None,
        n_articles=0,
        publication=None,
        date=None,
        page=None,
        column=None,
        furniture=[],
    )
    base.update(values)
    return Document(**base)


def in_doc_order(found: list[SourceFile], unreadable: list[Unreadable]) -> list[SourceFile | Unreadable]:
    """Every input in ``doc_id`` order — the order of every table — so rows stream straight out."""

    def key(u: SourceFile | Unreadable) -> str:
        return unreadable_doc_id(u.path) if isinstance(u, Unreadable) else u.doc_id

    return sorted([*found, *unreadable], key=key)


def unreadable_doc_id(path: str) -> str:
    """The ``doc_id`` of a path that could not be read: no content hash, so it comes from the path."""
    return ingest.doc_id_for(_path_digest(path))


def _path_digest(path: str) -> str:
    return ingest.sha256_hex(f"path:{path}".encode())


def unreadable(path: str, reason: str) -> PageRecords:
    """A raw path we could not read at all: no content hash, so the ID comes from the path."""
    digest = _path_digest(path)
    source = SourceFile(paths=(path,), sha256=digest, n_bytes=0)
    rec = rejected(source, reason)
    rec.documents[0] = rec.documents[0].model_copy(update={"sha256": None})
    return rec


def rejected(
    source: SourceFile, reason: str, encoding: str | None = None, line_ends: str | None = None, **at
) -> PageRecords:
    """The record of a page that did not make it, with the reason, so nothing is lost silently
    (``at``: the doc_id, page number and count of one page of several)."""
    return PageRecords(
        documents=[
            _document(source, status="rejected", reason=reason, encoding=encoding, line_ends=line_ends, **at)
        ]
    )


def _boxes(boxes: tuple[tuple[float, float, float, float], ...]) -> list[float]:
    """Boxes flat, four numbers a box (the contract's form)."""
    return [float(v) for b in boxes for v in b]


def _article_rows(
    doc_id: str, position: int, art: LayoutArticle, with_tokens: bool, page_number: int | None = None
) -> PageRecords:
    article_id = f"{doc_id}-a{position:03d}"
    text = art.text
    region = resolve_region(art.author_region) if art.author_region else None
    out = PageRecords()
    out.articles.append(
        Article(
            article_id=article_id,
            doc_id=doc_id,
            position=position,
            title=art.title,
            subtitle=art.subtitle,
            kicker=art.kicker,
            author="、".join(art.authors) or None,
            authors=list(art.authors),
            author_region=art.author_region,
            author_region_adcode=region.adcode if region else None,
            author_affiliation=art.author_affiliation,
            byline=art.byline,
            text=text,
            headings=list(art.headings),
            n_paragraphs=len(art.paragraphs),
            n_chars=len(text),
            flags=list(art.flags),
            line_start=art.line_start,
            line_end=art.line_end,
            page_number=page_number,
            boxes=_boxes(art.boxes),
        )
    )
    found = extract_mentions(text, region=art.author_region)
    entity_spans = [(m.start, m.end) for m in found if m.type in ("place", "law")]
    for m in found:
        out.mentions.append(
            Mention(
                mention_id=f"{article_id}-{_TYPE_INITIAL[m.type]}{m.start}-{m.end}",
                article_id=article_id,
                doc_id=doc_id,
                type=m.type,
                surface=m.surface,
                start=m.start,
                end=m.end,
                canonical=m.canonical,
                adcode=m.adcode,
                place_level=m.place_level,
                province_adcode=m.province_adcode,
                law_level=m.law_level,
                jurisdiction=m.jurisdiction,
                resolved=m.resolved,
                value=float(m.value) if m.value is not None else None,
                value_max=float(m.value_max) if m.value_max is not None else None,
                unit=m.unit,
                approx=m.approx,
                counted=m.counted,
            )
        )
    offset = 0
    for i, para in enumerate(art.paragraphs):
        paragraph_id = f"{article_id}-p{i:03d}"
        out.paragraphs.append(
            Paragraph(
                paragraph_id=paragraph_id,
                article_id=article_id,
                position=i,
                heading=para.heading,
                text=para.text,
                start=offset,
                end=offset + len(para.text),
                page_number=page_number,
                boxes=_boxes(para.boxes),
            )
        )
        if with_tokens:
            end = offset + len(para.text)
            keep = [
                (max(a, offset) - offset, min(b, end) - offset)
                for a, b in entity_spans
                if a < end and b > offset
            ]
            toks = tokenize.tokens(para.text, keep)
            out.tokens.append(
                Tokens(
                    paragraph_id=paragraph_id,
                    article_id=article_id,
                    position=i,
                    tokens=[w for w, _ in toks],
                    starts=[offset + s for _, s in toks],
                )
            )
        offset += len(para.text) + 1
    return out


def page_records(source: SourceFile, data: bytes, with_tokens: bool = True) -> PageRecords:
    """Read one page's bytes into validated rows; content problems become a rejected document.

    ``with_tokens=False`` skips the tokens table (tokenising is the slowest stage).  A PDF (by its
    signature, whatever its name) gives one document per page (:func:`pipeline.pdf.records.pdf_records`);
    so does a text of several pages, a form feed ending each (``ingest.Page.pages``)."""
    if is_pdf(source, data):
        from pipeline.pdf.records import pdf_records  # PDFium is loaded only when a PDF is met

        return pdf_records(source, data, with_tokens)
    page = ingest.read_page(data)
    if isinstance(page, ingest.Reject):
        return rejected(source, page.reason, page.encoding, page.line_ends)
    if not page.pages:
        return _text_rows(source, page, page.text, with_tokens)
    # A text of several pages (``pdftotext`` on a PDF of several): a document per page, as for a PDF.
    out = PageRecords()
    count = len(page.pages)
    for number, text in enumerate(page.pages, start=1):
        at = {"doc_id": page_doc_id(source.doc_id, number), "page_number": number, "page_count": count}
        if not text.strip():
            reason = f"{ingest.WHITESPACE}: page {number} of {count} has no text (a page of photos?)"
            out.extend(rejected(source, reason, page.encoding, page.line_ends, **at))
        else:
            out.extend(_text_rows(source, page, text, with_tokens, **at))
    return out


def page_doc_id(file_doc_id: str, number: int) -> str:
    """ID of page ``number`` of a file of several pages (a PDF, or a text with form feeds):
    ``<doc_id of the file>-p<page, 3 digits>``, sorted right after the file's own ID."""
    return f"{file_doc_id}-p{number:03d}"


def _text_rows(source: SourceFile, page: ingest.Page, text: str, with_tokens: bool, **at) -> PageRecords:
    """Rows of one page of text (``at``: its doc_id, page number and count, for a page of several)."""
    doc_id = at.get("doc_id", source.doc_id)
    try:
        layout: PageLayout = read_layout(text)
        articles = list(layout.articles)
        out = PageRecords()
        for position, art in enumerate(articles):
            out.extend(_article_rows(doc_id, position, art, with_tokens, at.get("page_number")))
    except Exception as exc:  # a bug must cost one page, reported, never the whole build
        reason = f"internal_error: {type(exc).__name__}: {exc}"
        return rejected(source, reason[:500], page.encoding, page.line_ends, **at)
    if not articles:
        return rejected(source, NO_ARTICLES, page.encoding, **at)
    furn = layout.furniture
    out.documents.append(
        _document(
            source,
            encoding=page.encoding,
            line_ends=page.line_ends,
            extractor_style=layout.style,
            n_articles=len(articles),
            publication=furn.publication,
            date=furn.date,
            page=furn.page,
            column=furn.column,
            furniture=[x for x in (furn.editor, *furn.other) if x],
            **at,
        )
    )
    return out
