"""Releases: publish, card, Data Package, Croissant, changelog, verify, determinism, loaders.

Two small builds are made without Prefect (records + write_dataset): build 1 from the sample page,
build 2 from the sample page with one article edited plus a synthetic second page. They are
published as 1.0.0 and 1.1.0 into one releases folder, like a maintainer would.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import cli, dataset, records, sources
from pipeline.release import about, changelog, publish, semver, verify
from pipeline.release.publish import ReleaseError
from schemas import SCHEMA_VERSION, TABLES, schema_for
from tests.conftest import ROOT, SEED
from tests.synthetic import generate_page

EDIT_FROM, EDIT_TO = "助力基层社会治理", "助力基层社会管理"
SECOND_PAGE = "001_synthetic.txt"


def build(raw: Path, out: Path) -> Path:
    """The build's own stages minus Prefect: scan, read each page into rows, write the dataset."""
    found, bad = sources.scan(raw)
    assert not bad
    rec = records.PageRecords()
    for src in found:
        data = sources.read_verified(raw, src)
        assert isinstance(data, bytes)
        rec.extend(records.page_records(src, data))
    dataset.write_dataset(rec, out)
    return out


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("release")
    raw1, raw2 = tmp / "raw1", tmp / "raw2"
    raw1.mkdir()
    raw2.mkdir()
    shutil.copy(SEED, raw1 / SEED.name)
    text = SEED.read_text(encoding="utf-8")
    assert text.count(EDIT_FROM) == 1
    (raw2 / SEED.name).write_text(text.replace(EDIT_FROM, EDIT_TO), encoding="utf-8")
    (raw2 / SECOND_PAGE).write_bytes(generate_page(7, encoding="utf-8").raw)
    b1, b2 = build(raw1, tmp / "build1"), build(raw2, tmp / "build2")
    root = tmp / "releases"
    r1 = publish.publish("1.0.0", b1, root)
    r2 = publish.publish("1.1.0", b2, root)
    return {"tmp": tmp, "raw1": raw1, "raw2": raw2, "b1": b1, "b2": b2, "root": root, "r1": r1, "r2": r2}


def rows(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def forge(release: Path, name: str, data: bytes) -> None:
    """Replace a file and every checksum of it (manifest, Data Package, Croissant), as a forger would."""
    (release / name).write_bytes(data)
    digest = verify.sha256(data)
    m = json.loads((release / "manifest.json").read_bytes())
    m["files"][name].update(bytes=len(data), sha256=digest)
    (release / "manifest.json").write_text(json.dumps(m))
    dp = json.loads((release / "datapackage.json").read_bytes())
    for r in dp["resources"]:
        if r["path"] == name:
            r.update(bytes=len(data), hash=f"sha256:{digest}")
    cr = json.loads((release / "croissant.json").read_bytes())
    for fo in cr["distribution"]:
        if fo["contentUrl"] == name:
            fo["sha256"] = digest
    for fname, doc in (("datapackage.json", dp), ("croissant.json", cr)):
        text = json.dumps(doc).encode()
        (release / fname).write_bytes(text)
        m["files"][fname].update(bytes=len(text), sha256=verify.sha256(text))
    (release / "manifest.json").write_text(json.dumps(m))


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


# --- manifest and contents ---------------------------------------------------------------------


def test_manifest_lists_every_file_with_size_rows_and_sha256(work):
    rel = work["r2"].path
    m = json.loads((rel / "manifest.json").read_bytes())
    assert (m["dataset"], m["version"], m["schema_version"]) == ("baokan", "1.1.0", SCHEMA_VERSION)
    assert m["previous_release"] == "1.0.0" and m["license"] == "CC-BY-4.0"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m["released_at"])
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert m["pipeline"]["git_commit"] == (head.stdout.strip() if head.returncode == 0 else None)
    present = {p.name for p in rel.iterdir()} - {"manifest.json"}
    assert set(m["files"]) == present
    expected = {
        *dataset.TABLE_FILES.values(),
        "articles.jsonl",
        "schema.json",
        "README.md",
        "datapackage.json",
        "croissant.json",
        "CHANGELOG.md",
        "report.html",
    }
    assert present == expected
    for table, fname in dataset.TABLE_FILES.items():
        entry = m["files"][fname]
        assert entry["rows"] == pq.ParquetFile(rel / fname).metadata.num_rows
        assert entry["table"] == table
        # copied byte-for-byte from the build
        assert (rel / fname).read_bytes() == (work["b2"] / fname).read_bytes()
    assert (rel / "articles.jsonl").read_bytes() == (work["b2"] / "articles.jsonl").read_bytes()
    assert m["files"]["articles.jsonl"]["rows"] == m["counts"]["articles"]
    raw_hashes = {p.name: verify.sha256(p.read_bytes()) for p in work["raw2"].iterdir()}
    assert {d["source_paths"][0]: d["sha256"] for d in m["documents"]} == raw_hashes


def test_release_time_is_the_only_difference_between_two_releases_of_one_build(work, tmp_path):
    other = publish.publish("1.0.0", work["b1"], tmp_path / "again", released_at="2099-01-01T00:00:00Z")
    first = work["r1"].path
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in other.path.iterdir())
    for name in names:
        a, b = (first / name).read_bytes(), (other.path / name).read_bytes()
        if name == "manifest.json":
            ma, mb = json.loads(a), json.loads(b)
            assert ma.pop("released_at") != mb.pop("released_at")
            assert ma == mb
            strip = re.compile(rb'"released_at": "[^"]*"')
            assert strip.sub(b"", a) == strip.sub(b"", b)
        else:
            assert a == b, name


def test_existing_version_is_never_overwritten(work):
    rel = work["r1"].path
    before = {p.name: p.read_bytes() for p in rel.iterdir()}
    with pytest.raises(ReleaseError, match="already exists"):
        publish.publish("1.0.0", work["b2"], work["root"])
    code, _, err = run_cli("release", "1.0.0", "--from", str(work["b2"]), "--to", str(work["root"]))
    assert code == 2 and "already exists" in err
    assert {p.name: p.read_bytes() for p in rel.iterdir()} == before
    assert not list(work["root"].glob(".*staging*"))


@pytest.mark.parametrize("bad", ["1.0", "v1.0.0", "01.0.0", "1.0.0-", "latest"])
def test_invalid_semver_is_refused(work, bad):
    code, _, err = run_cli("release", bad, "--from", str(work["b1"]), "--to", str(work["tmp"] / "x"))
    assert code == 2 and "not a semantic version" in err
    assert not (work["tmp"] / "x").exists()


def test_failed_release_leaves_nothing_behind(work, tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(publish.report, "render", boom)
    with pytest.raises(RuntimeError):
        publish.publish("1.0.0", work["b1"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_cli_release_and_verify(work, tmp_path):
    code, out, _ = run_cli("release", "0.1.0", "--from", str(work["b1"]), "--to", str(tmp_path))
    assert code == 0 and "first release" in out
    code, out, err = run_cli("verify", str(tmp_path / "0.1.0"))
    assert code == 0 and err == ""
    assert out.startswith("OK ") and out.count("\n") == 1


# --- versions -------------------------------------------------------------------------------------


def test_semver_order_and_previous(tmp_path):
    order = [
        "0.9.0",
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0",
        "1.0.1",
        "1.10.0",
    ]
    parsed = [semver.parse(v) for v in order]
    assert sorted(reversed(parsed)) == parsed
    assert semver.parse("1.0.0+build.5") == semver.parse("1.0.0")
    for v in ["1.0.0", "1.2.0", "2.0.0", "not-a-version"]:
        (tmp_path / v).mkdir()
        (tmp_path / v / "manifest.json").write_text("{}")
    assert semver.previous(tmp_path, semver.parse("1.5.0"))[0] == semver.parse("1.2.0")
    assert semver.previous(tmp_path, semver.parse("1.0.0")) is None
    assert semver.bump(semver.parse("1.2.3"), semver.parse("2.0.0")) == "major"
    assert semver.bump(semver.parse("1.2.3"), semver.parse("1.2.4")) == "patch"


def test_schema_change_needs_a_major_version(work, tmp_path):
    """A previous release without a column: publishing as a minor is refused, as a major it passes."""
    root = tmp_path / "releases"
    old = root / "1.0.0"
    shutil.copytree(work["r1"].path, old)
    path = old / "articles.parquet"
    t = pq.read_table(path).drop_columns(["kicker"])
    forge(old, "articles.parquet", dataset.parquet_bytes(t))
    with pytest.raises(ReleaseError, match=r"major.*2\.0\.0"):
        publish.publish("1.1.0", work["b1"], root)
    ok = publish.publish("2.0.0", work["b1"], root)
    assert ok.warnings == [] and ok.changes.required_bump() == "major"
    assert "`articles.kicker` added (string)" in (ok.path / "CHANGELOG.md").read_text(encoding="utf-8")
    forced = publish.publish("1.1.0", work["b1"], root, force=True)  # compared with 1.0.0, not 2.0.0
    assert any("schema changed" in w for w in forced.warnings)


def test_a_table_added_since_the_previous_release(work, tmp_path):
    root = tmp_path / "releases"
    old = root / "0.9.0"
    shutil.copytree(work["r1"].path, old)
    (old / "tokens.parquet").unlink()
    m = json.loads((old / "manifest.json").read_bytes())
    del m["files"]["tokens.parquet"]
    (old / "manifest.json").write_text(json.dumps(m))
    res = publish.publish("1.0.0", work["b1"], root)
    assert "table `tokens` added" in res.changes.schema and res.changes.required_bump() == "major"
    with pytest.raises(ReleaseError, match="same version precedence"):
        publish.publish("1.0.0+rebuild", work["b1"], root)


def test_new_data_with_a_patch_bump_warns(work, tmp_path):
    root = tmp_path / "releases"
    shutil.copytree(work["r1"].path, root / "1.0.0")
    res = publish.publish("1.0.1", work["b2"], root)
    assert res.changes.required_bump() == "minor"
    assert any("minor" in w for w in res.warnings)


# --- changelog ------------------------------------------------------------------------------------


def test_changelog_is_computed_from_the_data(work):
    assert "First release" in (work["r1"].path / "CHANGELOG.md").read_text(encoding="utf-8")
    ch: changelog.Changes = work["r2"].changes
    docs1 = {d["doc_id"]: d for d in rows(work["b1"] / "documents.parquet")}
    docs2 = {d["doc_id"]: d for d in rows(work["b2"] / "documents.parquet")}
    (old_doc,) = docs1
    new_seed = next(k for k, d in docs2.items() if d["source_path"] == SEED.name)
    synth = next(k for k, d in docs2.items() if d["source_path"] == SECOND_PAGE)
    assert ch.documents.added == [synth] and ch.documents.removed == []
    assert ch.revised == [(old_doc, new_seed, SEED.name)]
    arts2 = rows(work["b2"] / "articles.parquet")
    edited = next(a for a in arts2 if EDIT_TO in a["text"])
    added = sorted(a["article_id"] for a in arts2 if a["doc_id"] == synth)
    assert added and ch.articles.added == added
    assert ch.articles.removed == []
    (changed,) = ch.articles.changed
    assert changed.id == edited["article_id"]
    assert changed.old_id == f"{old_doc}-a{edited['position']:03d}"
    assert "text" in changed.fields
    n_old = len(rows(work["b1"] / "articles.parquet"))
    assert ch.articles.unchanged == ch.articles.reidentified == n_old - 1
    assert ch.required_bump() == "minor"
    # mentions by ID: the synthetic page's are added; the seed's survive its new doc_id
    synth_mentions = sum(m["doc_id"] == synth for m in rows(work["b2"] / "mentions.parquet"))
    assert ch.mentions_added >= synth_mentions > 0
    assert ch.mentions_removed <= 2
    md = (work["r2"].path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Changes since 1.0.0" in md and "No schema changes" in md
    assert f"`{edited['article_id']}` (was `{changed.old_id}`)" in md
    for art_id in added:
        assert f"`{art_id}`" in md
    before = rows(work["b1"] / "mentions.parquet")
    n_place = sum(m["type"] == "place" for m in before)
    assert re.search(rf"\| place \| {n_place} \| \d+ \| [+-]\d+ \|", md)


# --- dataset card -------------------------------------------------------------------------------


def test_card_front_matter_and_column_docs(work):
    import yaml

    rel = work["r2"].path
    text = (rel / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["license"] == "cc-by-4.0" and front["language"] == ["zh"]
    assert front["size_categories"] == ["n<1K"] and front["pretty_name"] and front["tags"]
    configs = {c["config_name"]: c["data_files"] for c in front["configs"]}
    assert set(configs) == set(TABLES)
    for table, files in configs.items():
        assert files == [{"split": "train", "path": f"{table}.parquet"}]
        assert (rel / files[0]["path"]).is_file()
    for head in [
        "## What is in it",
        "## How it was made",
        "## Columns",
        "## Known limitations",
        "## Versioning",
    ]:
        assert head in text
    for head in ["## How to cite", "## How to load", "@misc{baokan_1_1_0", "import duckdb", "import polars"]:
        assert head in text
    for table in TABLES:
        section = text.split(f"### `{table}.parquet`")[1].split("###")[0]
        for f in schema_for(table):
            desc = f.metadata[b"description"].decode().replace("|", "\\|")
            assert f"| `{f.name}` |" in section and desc in section, (table, f.name)


# --- Data Package and Croissant -----------------------------------------------------------------


def test_datapackage_validates_with_frictionless(work):
    import frictionless

    rel = work["r2"].path
    desc = json.loads((rel / "datapackage.json").read_bytes())
    m = json.loads((rel / "manifest.json").read_bytes())
    names = [r["path"] for r in desc["resources"]]
    assert sorted(names) == sorted(n for n, e in m["files"].items() if e["role"] == "data")
    for r in desc["resources"]:
        assert r["hash"] == f"sha256:{m['files'][r['path']]['sha256']}"
        assert r["bytes"] == m["files"][r["path"]]["bytes"]
        if r["path"].endswith(".parquet"):
            assert [f["name"] for f in r["schema"]["fields"]] == schema_for(r["name"]).names
    report = frictionless.validate(str(rel / "datapackage.json"))
    arrays = {
        (r["name"], f["name"])
        for r in desc["resources"]
        for f in r.get("schema", {}).get("fields", [])
        if f["type"] == "array"
    }
    nullable_ints = {
        (r["name"], f["name"])
        for r in desc["resources"]
        for f in r.get("schema", {}).get("fields", [])
        if f["type"] == "integer" and not f.get("constraints", {}).get("required")
    }
    unexpected = []
    for task in report.tasks:
        for e in task.errors:
            # Two known limits of frictionless-py's Parquet reader (pandas underneath): it does not
            # count bytes or hash a Parquet file (`verify` does), and hands list cells over as numpy
            # arrays, which its array type rejects; and pandas turns the nulls of a nullable integer
            # column (page_number of a text page) into NaN. Everything else must be clean.
            if task.name.endswith("parquet") or task.type == "table":
                if e.type == "byte-count":
                    continue
                if e.type == "type-error" and (task.name, e.field_name) in arrays:
                    continue
                if (
                    e.type == "type-error"
                    and (task.name, e.field_name) in nullable_ints
                    and '"nan"' in e.message
                ):
                    continue
            unexpected.append((task.name, e.type, e.message))
    assert unexpected == []
    assert {t.name for t in report.tasks} == {r["name"] for r in desc["resources"]}
    # the whole-file resources are byte- and hash-checked by frictionless itself
    assert {t.name for t in report.tasks if t.type == "file"} == {"articles-jsonl", "schema-json"}


def test_croissant_validates_and_loads_with_mlcroissant(work):
    import mlcroissant as mlc

    rel = work["r2"].path
    doc = json.loads((rel / "croissant.json").read_bytes())
    m = json.loads((rel / "manifest.json").read_bytes())
    for fo in doc["distribution"]:
        assert fo["sha256"] == m["files"][fo["contentUrl"]]["sha256"]
    ds = mlc.Dataset(jsonld=str(rel / "croissant.json"))  # raises on validation errors
    exe = Path(sys.executable).with_name("mlcroissant")
    if exe.exists():  # the command-line check the Croissant docs suggest, offline
        run = subprocess.run(
            [exe, "validate", "--jsonld", rel / "croissant.json"], capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr[-2000:]
    assert {rs["@id"] for rs in doc["recordSet"]} == set(TABLES)
    for table in TABLES:
        recs = list(ds.records(table))
        assert len(recs) == m["files"][f"{table}.parquet"]["rows"]
    article = next(iter(ds.records("articles")))
    assert isinstance(article["articles/text"], bytes) and article["articles/text"].decode("utf-8")


# --- verify -----------------------------------------------------------------------------------------


@pytest.fixture
def copy(work, tmp_path) -> Path:
    dst = tmp_path / "1.1.0"
    shutil.copytree(work["r2"].path, dst)
    return dst


def test_verify_accepts_a_clean_release(work):
    assert verify.check(work["r1"].path) == []
    assert verify.check(work["r2"].path) == []


def test_verify_detects_a_flipped_byte(copy):
    path = copy / "mentions.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    code, out, err = run_cli("verify", str(copy))
    assert code == 1 and out == ""
    assert "mentions.parquet: sha256" in err and "FAILED" in err


def test_verify_detects_missing_and_extra_files(copy):
    (copy / "report.html").unlink()
    (copy / "notes.txt").write_text("hello")
    problems = verify.check(copy)
    assert "report.html: missing (listed in the manifest)" in problems
    assert "notes.txt: extra file, not listed in the manifest" in problems
    assert len(problems) == 2


def test_verify_reports_a_missing_manifest(copy):
    (copy / "manifest.json").unlink()
    code, _, err = run_cli("verify", str(copy))
    assert code == 1 and "manifest.json: missing" in err


def test_verify_detects_a_manifest_edited_to_match_a_changed_file(copy):
    data = (copy / "schema.json").read_bytes() + b" "
    (copy / "schema.json").write_bytes(data)
    m = json.loads((copy / "manifest.json").read_bytes())
    m["files"]["schema.json"].update(bytes=len(data), sha256=verify.sha256(data))
    (copy / "manifest.json").write_text(json.dumps(m))
    assert verify.check(copy) == [
        "datapackage.json: checksum of schema.json disagrees with the manifest",
        "croissant.json: checksum of schema.json disagrees with the manifest",
    ]


def _rewrite(copy: Path, table: str, edit, update_manifest: bool) -> None:
    fname = f"{table}.parquet"
    t = pq.read_table(copy / fname)
    rows_ = t.to_pylist()
    edit(rows_)
    data = dataset.parquet_bytes(t.from_pylist(rows_, schema=t.schema))
    if update_manifest:
        forge(copy, fname, data)
    else:
        (copy / fname).write_bytes(data)


def test_verify_detects_an_edited_row(copy):
    _rewrite(copy, "articles", lambda r: r[0].update(title="篡改的标题"), update_manifest=False)
    problems = verify.check(copy)
    assert any(p.startswith("articles.parquet: sha256") for p in problems)


def test_verify_detects_an_edited_row_even_with_a_forged_manifest(copy):
    # same length, so the row itself is valid: only the cross-table check can see it
    _rewrite(
        copy, "mentions", lambda r: r[0].update(surface="篡" * len(r[0]["surface"])), update_manifest=True
    )
    problems = verify.check(copy)
    assert len(problems) == 1 and "breaks text[start:end] == surface" in problems[0], problems
    _rewrite(
        copy, "mentions", lambda r: r[0].update(surface="篡改了" + r[0]["surface"]), update_manifest=True
    )
    (problem,) = verify.check(copy)
    assert "breaks the contract: Value error, end - start must equal len(surface)" in problem


def test_verify_detects_a_schema_change(copy):
    fname = "paragraphs.parquet"
    t = pq.read_table(copy / fname).drop_columns(["heading"])
    forge(copy, fname, dataset.parquet_bytes(t))
    assert "paragraphs.parquet: column 'heading' missing" in verify.check(copy)


# --- loading: DuckDB, Polars, pandas with no options; Parquet properties -------------------------


def test_parquet_loads_in_duckdb_polars_and_pandas(work):
    import duckdb
    import pandas as pd
    import polars as pl

    rel = work["r2"].path
    for table, fname in dataset.TABLE_FILES.items():
        path = str(rel / fname)
        n = pq.ParquetFile(path).metadata.num_rows
        assert duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall()[0][0] == n
        assert pl.read_parquet(path).height == n
        assert len(pd.read_parquet(path)) == n
        assert pl.read_parquet(path).columns == schema_for(table).names
    arts = str(rel / "articles.parquet")
    expected = sorted(a["title"] or "" for a in rows(rel / "articles.parquet"))
    assert sorted(t or "" for (t,) in duckdb.sql(f"SELECT title FROM '{arts}'").fetchall()) == expected
    assert sorted(t or "" for t in pl.read_parquet(arts)["title"].to_list()) == expected
    assert sorted(t if isinstance(t, str) else "" for t in pd.read_parquet(arts)["title"]) == expected
    meta = pq.ParquetFile(rel / "mentions.parquet").metadata
    col = meta.schema.names.index("type")
    chunk = meta.row_group(0).column(col)
    assert chunk.compression == "ZSTD" and any("DICTIONARY" in e for e in chunk.encodings)
    assert meta.metadata[b"baokan.schema_version"] == SCHEMA_VERSION.encode()
    ids = [m["article_id"] for m in rows(rel / "mentions.parquet")]
    assert ids == sorted(ids)


def test_load_dataset_with_hugging_face_datasets(work, tmp_path, monkeypatch):
    """The card's `configs` make every table a config of `load_dataset(release_dir, table)`, offline."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    m = json.loads((work["r2"].path / "manifest.json").read_bytes())
    for table in ("articles", "mentions"):
        ds = datasets.load_dataset(str(work["r2"].path), table, split="train", cache_dir=str(tmp_path / "c"))
        assert ds.num_rows == m["files"][f"{table}.parquet"]["rows"]
        assert ds.column_names == schema_for(table).names


# --- report ----------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_report_is_self_contained_with_chinese_text_labels(work):
    rel = work["r2"].path
    html = (rel / "report.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert not any(a.get("src") or (a.get("href") or "").startswith("http") for _, a in parser.tags)
    assert ("html", {"lang": "zh"}) in parser.tags
    assert "Noto Sans CJK SC" in html
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 6  # types, provinces, places, laws, articles-per-document histogram and bars
    for svg in svgs:
        ET.fromstring(svg)  # well-formed
    tiles = svgs[1]
    assert tiles.count("<rect") == 34
    for name in ["北京", "新疆", "内蒙古", "广西", "香港", "台湾"]:
        assert f">{name}</text>" in tiles
    places = [m for m in rows(rel / "mentions.parquet") if m["type"] == "place"]
    top = max({m["canonical"] for m in places}, key=lambda c: sum(m["canonical"] == c for m in places))
    assert re.search(rf">{re.escape(top)}(（[^<]+）)?</text>", svgs[2])
    assert about.LICENSE_ID in (rel / "README.md").read_text(encoding="utf-8")
