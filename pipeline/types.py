"""Plain data passed between the pure core stages (layout → extract → records).

These are deliberately not the dataset records (those live in ``schemas/``): the core stages
return what they found; ``pipeline.records`` turns it into validated rows with IDs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

LineRoleName = Literal[
    "body",  # article text
    "heading",  # section heading inside an article
    "title",  # article title (also each line of a two-line title)
    "kicker",  # line above a title (ends in ——)
    "subtitle",  # line below a title (starts with ——)
    "byline",  # ■ 名（省） / 本报记者 X / 新华社…电（记者 X）
    "footnote",  # （作者系…） / （作者单位：…）
    "furniture",  # page header, 责任编辑, 下转第X版, captions…
    "blank",  # empty line (paragraph end or only a column break)
]

MentionType = Literal["place", "law", "count", "formulation"]


class LineRole(NamedTuple):
    """How one raw line was read: what ``baokan inspect`` prints.

    A named tuple, not a frozen dataclass like the other types: every line of every page gets one,
    and a tuple is made at a third of the cost (the same fields, repr, equality and hash)."""

    lineno: int  # 1-based line number in the decoded page
    raw: str
    role: LineRoleName
    article: int | None = None  # index of the article the line was assigned to
    note: str | None = None  # why (short evidence string), for humans


@dataclass(frozen=True, slots=True)
class LayoutParagraph:
    text: str  # clean paragraph text (no newlines, spacing rules applied)
    heading: str | None = None  # section heading the paragraph sits under
    line_start: int = 0  # 1-based raw line span, inclusive
    line_end: int = 0
    # PDF input: one box per column piece the paragraph stands on (x0, top, x1, bottom in points,
    # origin top-left of the page); empty for text input.
    boxes: tuple[tuple[float, float, float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class LayoutArticle:
    paragraphs: tuple[LayoutParagraph, ...]
    title: str | None = None
    subtitle: str | None = None
    kicker: str | None = None
    authors: tuple[str, ...] = ()  # cleaned names, e.g. ("陆敏",) — no padding spaces
    author_region: str | None = None  # as printed in the byline, e.g. "江苏"
    author_affiliation: str | None = None  # from （作者系…）/（作者单位：…）
    byline: str | None = None  # the byline as printed (cleaned)
    flags: tuple[str, ...] = ()  # e.g. ("untitled",), ("no_byline",)
    line_start: int = 0
    line_end: int = 0
    boxes: tuple[tuple[float, float, float, float], ...] = ()  # PDF input: title group, then column pieces

    @property
    def headings(self) -> tuple[str, ...]:
        seen: list[str] = []
        for p in self.paragraphs:
            if p.heading and p.heading not in seen:
                seen.append(p.heading)
        return tuple(seen)

    @property
    def text(self) -> str:
        """The article text: paragraphs joined by newlines; offsets of mentions refer to it."""
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class PageFurniture:
    """What the page says about itself, kept out of article text."""

    publication: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd when recognisable
    page: str | None = None
    column: str | None = None
    editor: str | None = None
    other: tuple[str, ...] = ()  # captions, credits, 下转/上接 lines as printed


@dataclass(frozen=True, slots=True)
class PageLayout:
    articles: tuple[LayoutArticle, ...]
    lines: tuple[LineRole, ...] = ()
    furniture: PageFurniture = field(default_factory=PageFurniture)
    # The extractor style the page's text came in (``pipeline.layout.styles``): reading_order,
    # side_by_side, char_spaced (restored), interleaved, merged_lines, fragmented, misordered_blocks
    # (flagged).
    style: str = "reading_order"
    # Why the page was not taken as in reading order: the first sign found, in words, with raw line
    # numbers where it has some (``baokan inspect`` prints it; not part of the dataset).
    style_note: str | None = None


@dataclass(frozen=True, slots=True)
class MentionDraft:
    """One entity mention found in an article's text; ``text[start:end] == surface``."""

    type: MentionType
    start: int
    end: int
    surface: str
    canonical: str | None = None
    # places
    adcode: str | None = None  # 6-digit administrative code
    place_level: str | None = None  # province | prefecture | county | other
    province_adcode: str | None = None
    # laws
    law_level: str | None = None  # law | administrative_regulation | local_regulation | decision | …
    jurisdiction: str | None = None  # 全国 or the division name the instrument belongs to
    resolved: bool | None = None  # False when the canonical title could not be resolved
    # counts
    value: float | None = None
    value_max: float | None = None  # upper end of a range (3至5年)
    unit: str | None = None
    approx: str | None = None  # qualifier as printed: 多, 余, 近, 约, 超过…
    counted: str | None = None  # what is counted, where the sentence says it
