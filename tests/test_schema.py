"""The Arrow schemas, JSON Schema and models must agree: they are derived, this proves it."""

import pyarrow as pa
import pytest
from pydantic import ValidationError

from schemas import SCHEMA_VERSION, TABLES, Mention, Paragraph, all_schemas

CONTRACT = {
    "documents": ["doc_id", "source_path", "sha256", "encoding", "status", "reason", "n_articles"],
    "articles": [
        "article_id",
        "doc_id",
        "position",
        "title",
        "author",
        "author_region",
        "author_affiliation",
        "text",
    ],
    "paragraphs": ["article_id", "position", "heading", "text", "start", "end"],
    "mentions": [
        "mention_id",
        "article_id",
        "type",
        "surface",
        "start",
        "end",
        "canonical",
        "adcode",
        "value",
        "unit",
    ],
}


@pytest.mark.parametrize("table", list(CONTRACT))
def test_contract_columns_exist_with_docs(table):
    schema = all_schemas()[table]
    for name in CONTRACT[table]:
        assert name in schema.names, f"{table}.{name} missing"
    for f in schema:
        assert f.metadata[b"description"], f"{table}.{f.name} has no description"
    assert schema.metadata[b"baokan.schema_version"] == SCHEMA_VERSION.encode()


@pytest.mark.parametrize("table", list(TABLES))
def test_arrow_nullability_matches_the_model(table):
    model = TABLES[table]
    schema = all_schemas()[table]
    json_schema = model.model_json_schema()
    for name, info in model.model_fields.items():
        assert schema.field(name).nullable == (not info.is_required() or _allows_null(json_schema, name))


def _allows_null(js, name):
    prop = js["properties"][name]
    return any(alt.get("type") == "null" for alt in prop.get("anyOf", []))


def test_types_are_explicit():
    s = all_schemas()
    assert s["mentions"].field("value").type == pa.float64()
    assert s["mentions"].field("start").type == pa.int64()
    assert s["articles"].field("headings").type == pa.list_(pa.string())
    assert s["mentions"].field("resolved").type == pa.bool_()


def _mention(**kw):
    base = dict(
        mention_id="m",
        article_id="a",
        doc_id="d",
        type="place",
        surface="湖北省",
        start=0,
        end=3,
        canonical="湖北省",
        adcode="420000",
        place_level="province",
        province_adcode="420000",
        law_level=None,
        jurisdiction=None,
        resolved=None,
        value=None,
        value_max=None,
        unit=None,
        approx=None,
        counted=None,
    )
    base.update(kw)
    return Mention(**base)


def test_rows_are_validated():
    assert _mention().adcode == "420000"
    with pytest.raises(ValidationError):
        _mention(adcode="42")  # not six digits
    with pytest.raises(ValidationError):
        _mention(end=5)  # span length differs from the surface
    with pytest.raises(ValidationError):
        _mention(type="person")
    with pytest.raises(ValidationError):
        _mention(type="count", value=None)
    with pytest.raises(ValidationError):
        _mention(start="0")  # strict: no silent coercion
    with pytest.raises(ValidationError):
        Paragraph(paragraph_id="p", article_id="a", position=0, heading=None, text="", start=0, end=0)
