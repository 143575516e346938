"""The dataset card (README.md): Hugging Face–style YAML front matter plus human documentation.

Column docs are generated from the pydantic field descriptions and the Arrow types, so the card
documents exactly the files it ships with.
"""

from __future__ import annotations

import json

import pyarrow as pa

from pipeline.dataset import JSONL_FILE, SCHEMA_FILE, TABLE_FILES
from pipeline.release import about
from schemas import TABLES, schema_for

_SIZE_CATEGORIES = [
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
    (1_000_000_000, "100M<n<1B"),
]
TAGS = ["chinese", "news", "newspapers", "entity-linking", "named-entity-recognition", "parquet"]

PIPELINE_STAGES = [
    (
        "ingest",
        "raw bytes → page text: BOM, UTF-8 or GB18030 detection, line ends; binary, empty and "
        "non-Chinese files are rejected with a reason (kept in `documents`).",
    ),
    (
        "layout",
        "the PDF text layer's short lines → articles: line roles (title, byline, heading, body, "
        "footnote, page furniture), letter-spacing removal, paragraph joining across column breaks.",
    ),
    (
        "extract",
        "places (Aho-Corasick over a gazetteer of PRC divisions, jieba word boundaries, context "
        "disambiguation), laws (《》 titles and bare titles resolved to canonical titles), counts "
        "(Chinese numerals, 万/亿, ranges, approximations, measure words), numbered formulations.",
    ),
    (
        "records",
        "validated rows with deterministic IDs (content hash + position); every row passes the "
        "pydantic contract and cross-table checks (`text[start:end] == surface`).",
    ),
    (
        "dataset",
        "zstd Parquet sorted by document and position, dictionary-encoded low-cardinality "
        "columns, schema version in the file metadata; byte-identical across builds of the same input.",
    ),
    (
        "release",
        "this folder: data copied byte-for-byte from the build, plus manifest, card, Data "
        "Package, Croissant, computed changelog and report.",
    ),
]

LIMITATIONS = [
    "Articles are recovered from the text layer of page PDFs by heuristics; a title placed far from its "
    "article, a byline in an unusual form or a page with unusual furniture can be assigned to the wrong "
    "article. Run `baokan inspect PAGE.txt` to see how a page was read.",
    "Place mentions are dictionary matches disambiguated by context; short or ambiguous names (e.g. "
    "names that are also common words) are skipped or can be linked to the wrong division. Abolished "
    "divisions are kept with their historical codes.",
    "Law titles that cannot be matched to the title table keep `resolved = false` and a best-effort "
    "canonical title.",
    "Counts cover numerals with a unit or measure word; `counted` (what is counted) is filled only when "
    "the sentence states it plainly.",
    "No OCR: pages without a text layer, or with a garbled one, are rejected, not guessed.",
    "Licence scope: CC-BY-4.0 covers this dataset as compiled (segmentation, structure, annotations). "
    "The article texts are quoted from their publications, whose rights holders keep their rights; "
    "check them before redistributing the text itself.",
]


VERSIONING = [
    "Releases follow [semantic versioning](https://semver.org/); the changelog computes which bump "
    "the changes call for:",
    "",
    "- **major**: the schema changed (a table or column added, removed or retyped, or a new schema "
    "version). `baokan release` refuses a schema change without a major bump (while the major is 0, a "
    "minor bump is enough; `--force` and pre-releases such as `2.0.0-rc.1` turn the refusal into a warning).",
    "- **minor**: new data: documents or articles added or removed.",
    "- **patch**: corrected data: the same documents and articles with changed rows or mentions.",
    "",
    "A smaller bump than the changes call for is a warning. A published version is never overwritten, "
    "and build metadata (`1.0.0+x`) does not make a new version.",
]


def _yaml_str(s: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for colons, CJK and quotes.
    return json.dumps(s, ensure_ascii=False)


def size_category(n: int) -> str:
    for limit, name in _SIZE_CATEGORIES:
        if n < limit:
            return name
    return "n>1B"


def front_matter(version: str, n_articles: int) -> str:
    lines = [
        "---",
        f"license: {about.LICENSE_HF}",
        "language:",
        "- zh",
        f"pretty_name: {_yaml_str(about.TITLE)}",
        "size_categories:",
        f"- {size_category(n_articles)}",
        "tags:",
        *(f"- {t}" for t in TAGS),
        "configs:",
    ]
    for table, fname in TABLE_FILES.items():
        lines += [f"- config_name: {table}", "  data_files:", "  - split: train", f"    path: {fname}"]
        if table == "articles":
            lines.append("  default: true")
    lines += [f"version: {_yaml_str(version)}", "---"]
    return "\n".join(lines)


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def arrow_type_name(t: pa.DataType) -> str:
    return f"list<{t.value_type}>" if pa.types.is_list(t) else str(t)


def column_docs(table: str) -> str:
    """A Markdown table of one file's columns, generated from the model and its Arrow schema."""
    schema = schema_for(table)
    rows = ["| column | type | null | description |", "|---|---|---|---|"]
    for f in schema:
        desc = (f.metadata or {}).get(b"description", b"").decode()
        null = "yes" if f.nullable else "no"
        rows.append(f"| `{f.name}` | `{arrow_type_name(f.type)}` | {null} | {_md_cell(desc)} |")
    return "\n".join(rows)


def _bytes(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def render(
    *,
    version: str,
    schema_version: str,
    pipeline_version: str,
    git_commit: str | None,
    counts: dict,
    files: dict[str, dict],
    previous: str | None,
) -> str:
    n_articles = counts.get("articles", 0)
    by_type = counts.get("mentions_by_type", {})
    commit = f"commit `{git_commit}`" if git_commit else "an unknown commit (not built from a git checkout)"
    out = [
        front_matter(version, n_articles),
        "",
        f"# {about.TITLE}",
        "",
        f"Release **{version}** · schema {schema_version} · baokan pipeline {pipeline_version} ({commit}) · "
        f"licence {about.LICENSE_ID}",
        "",
        about.DESCRIPTION,
        "",
        "## What is in it",
        "",
        f"- {counts.get('documents', 0)} documents ({counts.get('documents_ok', 0)} read, "
        f"{counts.get('documents_rejected', 0)} rejected with a reason"
        + (
            f", {counts['documents_flagged']} flagged: reading order or story bounds not sure"
            if counts.get("documents_flagged")
            else ""
        )
        + f"), {n_articles} articles, "
        f"{counts.get('paragraphs', 0)} paragraphs, {counts.get('mentions', 0)} mentions "
        f"({', '.join(f'{n} {t}' for t, n in by_type.items()) or 'none'})"
        + (f", {counts['tokens']} tokens." if "tokens" in counts else "."),
        f"- Changes since the previous release ({previous}): see `CHANGELOG.md`."
        if previous
        else "- First release (see `CHANGELOG.md`).",
        "- Charts of the mentions (types, provinces, places, laws) and articles per document: `report.html` "
        "(offline, open it in a browser).",
        "",
        "| file | rows | size | what |",
        "|---|---:|---:|---|",
    ]
    what = {fname: about.summary(t) for t, fname in TABLE_FILES.items()}
    what[JSONL_FILE] = about.JSONL_SUMMARY
    what[SCHEMA_FILE] = about.SCHEMA_SUMMARY
    for name, summary in what.items():
        info = files[name]
        out.append(f"| `{name}` | {info.get('rows', '')} | {_bytes(info['bytes'])} | {summary} |")
    out += [
        "",
        "`manifest.json` lists every file with its size, row count and SHA-256, and every source "
        "document with its paths and hash; `datapackage.json` (Frictionless) and `croissant.json` "
        "(MLCommons Croissant) describe the same files for tools. Check a copy with "
        "`baokan verify RELEASE_DIR`.",
        "",
        "## How it was made",
        "",
        "The `baokan` pipeline reads the text layer of newspaper pages (one `.txt` per page) and runs:",
        "",
    ]
    out += [f"1. **{name}**: {text}" for name, text in PIPELINE_STAGES]
    out += [
        "",
        "IDs are deterministic: `doc_id` is the first 16 hex digits of the raw bytes' SHA-256, "
        "`article_id` is `<doc_id>-a<position>`, `paragraph_id` is `<article_id>-p<position>`, "
        "`mention_id` is `<article_id>-<type initial><start>-<end>`. Offsets are Unicode code points.",
        "",
        "## Columns",
        "",
        "Generated from the pydantic models of the contract (`schemas/records.py`) and the Arrow schemas "
        "of the files.",
        "",
    ]
    for table, fname in TABLE_FILES.items():
        doc = " ".join((TABLES[table].__doc__ or "").split())
        doc = doc if doc and not doc.startswith("Strict, immutable") else about.summary(table)
        out += [f"### `{fname}`", "", f"{doc[0].upper()}{doc[1:]}", "", column_docs(table), ""]
    out += [
        f"### `{JSONL_FILE}`",
        "",
        "The `articles` columns plus `source_path`, with `paragraphs` (paragraph columns without "
        "`article_id`) and `mentions` (mention columns without `article_id`, `doc_id`) nested as lists.",
        "",
        "## Known limitations",
        "",
        *(f"- {item}" for item in LIMITATIONS),
        "",
        "## Versioning",
        "",
        *VERSIONING,
        "",
        "## How to cite",
        "",
        "```bibtex",
        about.bibtex(version, git_commit),
        "```",
        "",
        "## How to load",
        "",
        "```python",
        "import duckdb",
        "duckdb.sql(\"SELECT type, count(*) FROM 'mentions.parquet' GROUP BY type\").show()",
        "",
        "import polars as pl",
        'articles = pl.read_parquet("articles.parquet")',
        'places = pl.read_parquet("mentions.parquet").filter(pl.col("type") == "place")',
        "",
        "import pandas as pd",
        'paragraphs = pd.read_parquet("paragraphs.parquet")',
        "",
        "from datasets import load_dataset  # Hugging Face datasets, using the configs above",
        'articles = load_dataset("path/to/this/release", "articles", split="train")',
        "```",
        "",
        "Paths are relative to this folder. Join `mentions` or `paragraphs` to `articles` on `article_id`, "
        "and `articles` to `documents` on `doc_id`.",
        "",
    ]
    return "\n".join(out)
