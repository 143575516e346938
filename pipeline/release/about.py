"""What the dataset is called, how it is licensed and cited: said once, used by every metadata file."""

from __future__ import annotations

from schemas import TABLES

NAME = "baokan"
TITLE = "baokan 报刊: articles and entity mentions from Chinese newspaper pages"
DESCRIPTION = (
    "Articles segmented from the text layer of Chinese newspaper and magazine pages (title, author, "
    "region, affiliation, sections, paragraphs) with the entities mentioned in them: places linked to "
    "administrative-division codes, laws with canonical titles, counts with values and units, and "
    "numbered political formulations."
)
LICENSE_ID = "CC-BY-4.0"
LICENSE_HF = "cc-by-4.0"
LICENSE_TITLE = "Creative Commons Attribution 4.0 International"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
KEYWORDS = ["chinese", "newspapers", "named-entity-recognition", "entity-linking", "gazetteer", "law", "zh"]
AUTHOR = "baokan contributors"

# One line per table, for readers who do not know the contract.
TABLE_SUMMARY = {
    "documents": "one row per distinct raw page (by content hash), ok or rejected with a reason",
    "articles": "one row per article: title, byline fields, clean text, section headings",
    "paragraphs": "one row per paragraph, with its offsets in the article text",
    "mentions": "one row per entity mention (place, law, count, formulation), offsets into the article text",
    "tokens": "one row per paragraph: its jieba tokens (entity names kept whole) with their offsets",
}
JSONL_SUMMARY = "one JSON object per article, with its paragraphs and mentions nested"
SCHEMA_SUMMARY = "JSON Schema of every table, generated from the same pydantic models"


def summary(table: str) -> str:
    """The one-line summary of a table; a table added to the contract later falls back to its docstring."""
    if table in TABLE_SUMMARY:
        return TABLE_SUMMARY[table]
    doc = " ".join((TABLES[table].__doc__ or "").split())
    return doc or table


def primary_key(table: str) -> str:
    """Each contract model starts with its stable ID column."""
    return next(iter(TABLES[table].model_fields))


def foreign_keys(table: str) -> list[tuple[str, str]]:
    """(column, referenced table) for every column that is another table's ID (doc_id, article_id)."""
    pks: dict[str, str] = {}
    for t in TABLES:  # the first table keyed by a column owns it (tokens are keyed by paragraph_id too)
        pks.setdefault(primary_key(t), t)
    return [(name, pks[name]) for name in TABLES[table].model_fields if name in pks and pks[name] != table]


def bibtex(version: str, commit: str | None) -> str:
    key = f"baokan_{version.replace('.', '_').replace('-', '_').replace('+', '_')}"
    note = f"Dataset release {version}, built by the baokan pipeline"
    if commit:
        note += f" at commit {commit[:12]}"
    return (
        f"@misc{{{key},\n"
        f"  title        = {{{{{TITLE}}}}},\n"
        f"  author       = {{{{{AUTHOR}}}}},\n"
        f"  version      = {{{version}}},\n"
        f"  howpublished = {{Dataset release {version}}},\n"
        f"  note         = {{{note}. License: {LICENSE_ID}}}\n"
        "}"
    )
