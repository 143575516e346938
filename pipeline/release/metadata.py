"""Machine-readable descriptions of a release: Frictionless Data Package and MLCommons Croissant.

Both are generated from the Arrow schemas (themselves derived from the pydantic models) and the
release's file list, so field names, types and checksums cannot drift from the data.
"""

from __future__ import annotations

import json

import pyarrow as pa

from pipeline.dataset import JSONL_FILE, SCHEMA_FILE, TABLE_FILES
from pipeline.release import about
from schemas import TABLES, schema_for

PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
JSONL_MEDIATYPE = "application/jsonl"

_FRICTIONLESS = {
    pa.string(): "string",
    pa.int64(): "integer",
    pa.float64(): "number",
    pa.bool_(): "boolean",
}
_CROISSANT = {
    pa.string(): "sc:Text",
    pa.int64(): "sc:Integer",
    pa.float64(): "sc:Float",
    pa.bool_(): "sc:Boolean",
}
# The Croissant 1.0 JSON-LD context, as published in the specification.
CROISSANT_CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def _item_type(t: pa.DataType) -> tuple[pa.DataType, bool]:
    """(scalar type, is a list) for the contract's types: scalars and lists of scalars."""
    if pa.types.is_list(t):
        return t.value_type, True
    return t, False


def to_json(doc: dict) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _frictionless_field(f: pa.Field) -> dict:
    inner, is_list = _item_type(f.type)
    out: dict = {"name": f.name, "type": "array" if is_list else _FRICTIONLESS[inner]}
    desc = (f.metadata or {}).get(b"description", b"").decode()
    if desc:
        out["description"] = desc
    if is_list:
        out["arrayItem"] = {"type": _FRICTIONLESS[inner]}
    if not f.nullable:
        out["constraints"] = {"required": True}
    return out


def table_schema(table: str) -> dict:
    """Frictionless Table Schema of one contract table."""
    schema = schema_for(table)
    return {
        "fields": [_frictionless_field(f) for f in schema],
        "primaryKey": [about.primary_key(table)],
        "foreignKeys": [
            {"fields": [col], "reference": {"resource": ref, "fields": [about.primary_key(ref)]}}
            for col, ref in about.foreign_keys(table)
        ],
    }


def datapackage(version: str, files: dict[str, dict]) -> dict:
    """The Data Package: one resource per data file (a multi-file path is read only partly)."""
    resources = []
    for table, name in TABLE_FILES.items():
        info = files[name]
        resources.append(
            {
                "name": table,
                "path": name,
                "profile": "tabular-data-resource",
                "type": "table",
                "title": table,
                "description": about.summary(table),
                "format": "parquet",
                "mediatype": PARQUET_MEDIATYPE,
                "bytes": info["bytes"],
                "hash": f"sha256:{info['sha256']}",
                "schema": table_schema(table),
            }
        )
    for name, summary, fmt, media in (
        (JSONL_FILE, about.JSONL_SUMMARY, "jsonl", JSONL_MEDIATYPE),
        (SCHEMA_FILE, about.SCHEMA_SUMMARY, "json", "application/schema+json"),
    ):
        info = files[name]
        resources.append(
            {
                "name": name.replace(".", "-"),
                "path": name,
                "profile": "data-resource",
                # A whole-file resource: frictionless then checks its bytes and hash (it cannot for
                # the Parquet tables, whose reader bypasses the byte stream; `baokan verify` does).
                "type": "file",
                "description": summary,
                "format": fmt,
                "mediatype": media,
                "encoding": "utf-8",
                "bytes": info["bytes"],
                "hash": f"sha256:{info['sha256']}",
            }
        )
    return {
        "profile": "data-package",
        "name": about.NAME,
        "title": about.TITLE,
        "description": about.DESCRIPTION,
        "version": version,
        "licenses": [{"name": about.LICENSE_ID, "path": about.LICENSE_URL, "title": about.LICENSE_TITLE}],
        "keywords": about.KEYWORDS,
        "contributors": [{"title": about.AUTHOR, "role": "author"}],
        "resources": resources,
    }


def _croissant_field(table: str, f: pa.Field) -> dict:
    inner, is_list = _item_type(f.type)
    out: dict = {
        "@type": "cr:Field",
        "@id": f"{table}/{f.name}",
        "name": f.name,
        "description": (f.metadata or {}).get(b"description", b"").decode(),
        "dataType": _CROISSANT[inner],
        "source": {"fileObject": {"@id": TABLE_FILES[table]}, "extract": {"column": f.name}},
    }
    if is_list:
        out["repeated"] = True
    # No cr:references: mlcroissant 1.1 turns them into joins that fail on these tables ("generator has
    # no attribute columns"), which would break `records()`; datapackage.json declares the foreign keys.
    return out


def croissant(version: str, files: dict[str, dict], citation: str) -> dict:
    """Croissant JSON-LD: a FileObject per file with its sha256, a RecordSet per table."""
    distribution = []
    for name, media in [
        *((n, "application/x-parquet") for n in TABLE_FILES.values()),
        (JSONL_FILE, "application/jsonlines"),
        (SCHEMA_FILE, "application/json"),
    ]:
        distribution.append(
            {
                "@type": "cr:FileObject",
                "@id": name,
                "name": name,
                "contentUrl": name,
                "contentSize": f"{files[name]['bytes']} B",
                "encodingFormat": media,
                "sha256": files[name]["sha256"],
            }
        )
    record_sets = [
        {
            "@type": "cr:RecordSet",
            "@id": table,
            "name": table,
            "description": about.summary(table),
            "key": {"@id": f"{table}/{about.primary_key(table)}"},
            "field": [_croissant_field(table, f) for f in schema_for(table)],
        }
        for table in TABLES
    ]
    return {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": about.NAME,
        "alternateName": about.TITLE,
        "description": about.DESCRIPTION,
        "version": version,
        "license": about.LICENSE_URL,
        "inLanguage": "zh",
        "keywords": about.KEYWORDS,
        "creator": {"@type": "sc:Organization", "name": about.AUTHOR},
        "citeAs": citation,
        "distribution": distribution,
        "recordSet": record_sets,
    }
