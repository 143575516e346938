"""The dataset contract (pydantic models) and everything derived from it."""

from schemas.arrow import all_schemas, schema_for
from schemas.records import SCHEMA_VERSION, SORT_KEYS, TABLES, Article, Document, Mention, Paragraph, Record

__all__ = [
    "SCHEMA_VERSION",
    "SORT_KEYS",
    "TABLES",
    "Article",
    "Document",
    "Mention",
    "Paragraph",
    "Record",
    "all_schemas",
    "schema_for",
]
