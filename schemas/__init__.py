"""The dataset contract (pydantic models) and everything derived from it."""

from schemas.arrow import all_schemas, schema_for
from schemas.records import (
    SCHEMA_VERSION,
    SORT_KEYS,
    TABLES,
    Article,
    Document,
    Mention,
    Paragraph,
    Record,
    Tokens,
)

__all__ = [
    "SCHEMA_VERSION",
    "SORT_KEYS",
    "TABLES",
    "Article",
    "Document",
    "Mention",
    "Paragraph",
    "Record",
    "Tokens",
    "all_schemas",
    "schema_for",
]
