"""Arrow schemas derived from the pydantic models, so the Parquet files cannot drift from them.

Each field's description travels into the Arrow field metadata (and so into the Parquet footer);
the schema version goes into the schema metadata.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any, Literal, get_args, get_origin

import pyarrow as pa
from pydantic import BaseModel

from schemas.records import SCHEMA_VERSION, TABLES

_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
}


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        return args[0], True
    return annotation, False


def arrow_type(annotation: Any) -> pa.DataType:
    """Map one (non-optional) annotation to an Arrow type."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return arrow_type(get_args(annotation)[0])
    if origin is Literal:
        kinds = {type(v) for v in get_args(annotation)}
        if kinds != {str}:
            raise TypeError(f"only string literals are supported: {annotation!r}")
        return pa.string()
    if origin is list:
        (item,) = get_args(annotation)
        return pa.list_(arrow_type(item))
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    raise TypeError(f"no Arrow type for {annotation!r}")


def model_schema(model: type[BaseModel], table: str) -> pa.Schema:
    fields = []
    for name, info in model.model_fields.items():
        inner, nullable = _unwrap_optional(info.annotation)
        meta = {"description": info.description or ""}
        fields.append(pa.field(name, arrow_type(inner), nullable=nullable, metadata=meta))
    return pa.schema(
        fields,
        metadata={"baokan.schema_version": SCHEMA_VERSION, "baokan.table": table},
    )


@cache
def schema_for(table: str) -> pa.Schema:
    """The Arrow schema of one contract table (``documents``, ``articles``…)."""
    return model_schema(TABLES[table], table)


def all_schemas() -> dict[str, pa.Schema]:
    return {name: schema_for(name) for name in TABLES}
