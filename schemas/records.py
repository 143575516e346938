"""The dataset contract: one pydantic model per table row.

These models are the single source of truth. The Arrow schemas (``schemas.arrow``), the JSON
Schema and the column docs are derived from them; every row is validated against them before it
is written.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "2.0.0"

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Adcode = Annotated[str, Field(pattern=r"^[0-9]{6}$")]
# Boxes on a PDF page, flat: [x0, top, x1, bottom, x0, top, …], four numbers a box, in PDF points
# (1/72 inch) with the origin at the top-left corner of the page and y growing downwards (as image
# crops count; multiply by dpi/72 for pixels). Flat, so every Parquet, Frictionless and Croissant
# reader takes it as a plain list of numbers.
BOX_DOC = "four numbers per box, [x0, top, x1, bottom, …], in PDF points, origin top-left of the page"


def _check_boxes(boxes: list[float]) -> None:
    if len(boxes) % 4:
        raise ValueError("boxes holds four numbers per box")
    for k in range(0, len(boxes), 4):
        x0, top, x1, bottom = boxes[k : k + 4]
        if x1 < x0 or bottom < top:
            raise ValueError("a box must have x0 <= x1 and top <= bottom")


class Record(BaseModel):
    """Strict, immutable rows: a wrong type is an error, not a silent coercion."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Document(Record):
    """One row per distinct raw page (by content); duplicates under other names are listed."""

    doc_id: str = Field(
        description="Stable document ID: the first 16 hex digits of the raw bytes' SHA-256 "
        "(of 'path:' + the path for a file that could not be read)."
    )
    source_path: str = Field(
        description="Path of the raw file relative to the raw folder (first by sort order)."
    )
    source_paths: list[str] = Field(
        description="Every raw path with these exact bytes (duplicates included)."
    )
    sha256: Sha256 | None = Field(description="SHA-256 of the raw bytes (null only when unreadable).")
    n_bytes: int = Field(ge=0, description="Size of the raw file in bytes.")
    encoding: str | None = Field(description="Detected text encoding (utf-8, utf-8-sig, gb18030, utf-16…).")
    line_ends: str | None = Field(description="Line-end convention of the raw file: lf, crlf, cr or mixed.")
    extractor_style: str | None = Field(
        default=None,
        description="How the page's text was laid out by the tool that extracted it: reading_order; "
        "side_by_side (columns side by side, pdftotext -layout) and char_spaced (a space after every "
        "glyph), both put in reading order; interleaved (lines of columns alternating), merged_lines "
        "(the rows of all columns, or of a few, on one line, joined by a space or by gaps no column grid "
        "explains), "
        "fragmented (a glyph or token per line) and misordered_blocks (blocks of text out of reading "
        "order, or stories run together: whole blocks of one column printed between blocks of another, "
        "side-by-side columns of several grids, a paragraph read on past a 下转 jump note, or a PDF's "
        "drawing order read with signs of one story run into another), whose "
        "reading order could not be restored: their articles are flagged interleaved_columns, "
        "merged_columns, fragmented or misordered_blocks; layout_failed (the layout rules failed on the "
        "page: its lines kept as they came, in one untitled article flagged layout_fallback). Null for a rejected page and for a PDF page (read from its geometry, not from extracted text).",
    )
    status: Literal["ok", "rejected"] = Field(description="ok, or rejected with a reason.")
    reason: str | None = Field(description="Why the page was rejected (null when ok).")
    n_articles: int = Field(ge=0, description="Number of articles segmented from the page.")
    publication: str | None = Field(description="Newspaper or magazine name, when the page header gives it.")
    date: str | None = Field(description="Publication date (ISO yyyy-mm-dd), when the page header gives it.")
    page: str | None = Field(description="Page (版) number or name, when printed.")
    column: str | None = Field(description="Column (栏目) name, when printed.")
    furniture: list[str] = Field(description="Page furniture kept out of articles (editor lines, captions…).")
    source_kind: Literal["text", "pdf"] = Field(
        description="What the raw file is: 'text' (a page's text layer) or 'pdf' (one row per PDF page)."
    )
    page_number: int | None = Field(
        ge=1,
        description="1-based page number in the file: a PDF's, or a text's of several pages (a form feed ending "
        "each, as pdftotext prints a PDF); null for a text of one page, and for a file rejected whole.",
    )
    page_count: int | None = Field(
        ge=0,
        description="Number of pages in the file (a PDF, or a text of several pages; null as page_number).",
    )
    page_width: float | None = Field(ge=0, description="PDF: page width in points (1/72 inch).")
    page_height: float | None = Field(ge=0, description="PDF: page height in points.")
    flags: list[str] = Field(
        description="Page-level reading flags: ocr_text_layer (text drawn invisibly over an image: OCR, "
        "not the printed text), repaired_gbk_latin1 (a font without a Unicode map, decoded), "
        "vertical_text_skipped (vertical body text, not read), rotated_page (set turned: its reading is not checked), "
        "stories_unsure (the page's geometry leaves open which story a piece of text belongs to: the articles "
        "concerned carry the flag too; counted flagged in the build summary)"
    )

    @model_validator(mode="after")
    def _status_reason(self) -> Document:
        if (self.status == "rejected") != (self.reason is not None):
            raise ValueError("a rejected document needs a reason, an ok one must not have one")
        if self.status == "rejected" and self.n_articles:
            raise ValueError("a rejected document has no articles")
        return self


class Article(Record):
    article_id: str = Field(description="Stable article ID: '<doc_id>-a<position>' (3 digits).")
    doc_id: str = Field(description="The document the article was read from.")
    position: int = Field(ge=0, description="0-based order of the article on the page.")
    title: str | None = Field(description="Article title; a two-line title is joined with one space.")
    subtitle: str | None = Field(description="Subtitle printed below the title (starting with ——).")
    kicker: str | None = Field(description="Kicker line printed above the title (ending with ——).")
    author: str | None = Field(description="Author names as one string ('、'-joined when several).")
    authors: list[str] = Field(description="Author names, one per element.")
    author_region: str | None = Field(description="Region printed in the byline, e.g. 江苏.")
    author_region_adcode: Adcode | None = Field(description="Administrative code of the byline region.")
    author_affiliation: str | None = Field(description="From the footnote （作者系…） or （作者单位：…）.")
    byline: str | None = Field(description="The byline as printed (cleaned).")
    text: str = Field(
        description="Clean article text: paragraphs joined by '\\n'; no title, byline or headings."
    )
    headings: list[str] = Field(description="Section headings in order of appearance.")
    n_paragraphs: int = Field(ge=0, description="Number of paragraphs.")
    n_chars: int = Field(ge=0, description="Length of text in code points.")
    flags: list[str] = Field(
        description="Reading flags: untitled, no_byline, no_text; the page's reading flags (its extractor "
        "style's, e.g. interleaved_columns, or a PDF page's, e.g. ocr_text_layer); stories_unsure (PDF: the "
        "geometry leaves open whether a piece of text is this story's or another's — it may hold another "
        "story's text or miss some of its own)."
    )
    line_start: int = Field(ge=0, description="First raw line (1-based) assigned to the article.")
    line_end: int = Field(ge=0, description="Last raw line (1-based) assigned to the article.")
    page_number: int | None = Field(
        ge=1, description="The page the article is printed on (PDF, or a text of several pages; else null)."
    )
    boxes: list[float] = Field(
        description=f"PDF: the article's title group, then each column piece of its text; {BOX_DOC}. "
        "Empty for text input."
    )

    @model_validator(mode="after")
    def _counts(self) -> Article:
        if self.n_chars != len(self.text):
            raise ValueError("n_chars must equal len(text)")
        _check_boxes(self.boxes)
        return self


class Paragraph(Record):
    paragraph_id: str = Field(description="Stable paragraph ID: '<article_id>-p<position>' (3 digits).")
    article_id: str = Field(description="The article the paragraph belongs to.")
    position: int = Field(ge=0, description="0-based order in the article.")
    heading: str | None = Field(description="Section heading the paragraph sits under (null before any).")
    text: str = Field(min_length=1, description="Clean paragraph text.")
    start: int = Field(ge=0, description="Offset (code points) of the paragraph in the article text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the article text.")
    page_number: int | None = Field(
        ge=1, description="The page the paragraph is printed on (PDF, or a text of several pages; else null)."
    )
    boxes: list[float] = Field(
        description=f"PDF: one box per column piece the paragraph stands on; {BOX_DOC}. Empty for text input."
    )

    @model_validator(mode="after")
    def _span(self) -> Paragraph:
        if self.end - self.start != len(self.text):
            raise ValueError("end - start must equal len(text)")
        _check_boxes(self.boxes)
        return self


class Mention(Record):
    mention_id: str = Field(description="Stable mention ID: '<article_id>-<type initial><start>-<end>'.")
    article_id: str = Field(description="The article whose text the offsets refer to.")
    doc_id: str = Field(description="The document of that article (for joins without the articles table).")
    type: Literal["place", "law", "count", "formulation"] = Field(description="Mention type.")
    surface: str = Field(min_length=1, description="The mention as it appears: text[start:end].")
    start: int = Field(ge=0, description="Start offset (code points) in the article text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the article text.")
    canonical: str | None = Field(
        description="Places: official full name; laws: canonical title without 《》; counts: normalised form."
    )
    adcode: Adcode | None = Field(description="Places: 6-digit administrative division code.")
    place_level: str | None = Field(description="Places: province, prefecture, county or other.")
    province_adcode: Adcode | None = Field(description="Places: code of the province the place is in.")
    law_level: str | None = Field(description="Laws: constitution, law, local_regulation, decision…")
    jurisdiction: str | None = Field(description="Laws: 全国 or the division the instrument belongs to.")
    resolved: bool | None = Field(description="Laws: false when the canonical title could not be resolved.")
    value: float | None = Field(description="Counts: numeric value (10万余元 → 100000).")
    value_max: float | None = Field(description="Counts: upper end of a range.")
    unit: str | None = Field(description="Counts: measure word or currency (部, 次, 元, %).")
    approx: str | None = Field(description="Counts: approximation qualifier as printed (多, 余, 近, 约…).")
    counted: str | None = Field(description="Counts: what is counted, where the sentence says it.")

    @model_validator(mode="after")
    def _span(self) -> Mention:
        if self.end - self.start != len(self.surface):
            raise ValueError("end - start must equal len(surface)")
        if self.type == "count" and self.value is None:
            raise ValueError("a count needs a value")
        return self


class Tokens(Record):
    """jieba tokens of one paragraph, with entity names kept whole (the gazetteer, law titles and
    known formulations are in the dictionary)."""

    paragraph_id: str = Field(description="The paragraph tokenised.")
    article_id: str = Field(description="The article of that paragraph.")
    position: int = Field(ge=0, description="Position of the paragraph in its article.")
    tokens: list[str] = Field(description="Tokens in order; whitespace dropped.")
    starts: list[int] = Field(description="Offset of each token in the article text (code points).")

    @model_validator(mode="after")
    def _aligned(self) -> Tokens:
        if len(self.tokens) != len(self.starts):
            raise ValueError("tokens and starts must have the same length")
        return self


TABLES: dict[str, type[Record]] = {
    "documents": Document,
    "articles": Article,
    "paragraphs": Paragraph,
    "mentions": Mention,
    "tokens": Tokens,
}

# Sort order of each table in the written files: by document, then position.
SORT_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "articles": ["doc_id", "position"],
    "paragraphs": ["article_id", "position"],
    "mentions": ["article_id", "start", "end", "type"],
    "tokens": ["article_id", "position"],
}
