"""Place recognition: ours vs jieba ``ns`` tags, cpca and jionlp, on the gold articles.

Prints one row per system: P/R/F1 the way ``/work/shared/eval/score.py`` scores places (a required
adcode or a required other-place name is found; anything neither required nor optional is a false
positive), one-off load time, and characters per second over the articles (load excluded).

Baselines give names, not always codes, so their names are mapped onto our gazetteer: a
province/prefecture/county name gets its code when the name (narrowed by the parent the baseline
reports, if any) denotes exactly one division; otherwise it counts by name only.

Not runtime dependencies — install them for this script only:
``.venv/bin/pip install cpca==0.5.5 pandas jionlp``. Run: ``.venv/bin/python benchmarks/places_vs_baselines.py
[GOLD.json]``. Missing baselines are skipped.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.extract.gazetteer import Division, lookup
from pipeline.extract.places import find_places, warm_up

GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "gold" / "seed.gold.json"
REPEAT = 5  # timing passes over the articles, to get stable chars/s on a small sample


@dataclass(frozen=True, slots=True)
class Found:
    name: str
    adcode: str | None = None
    surface: str | None = None  # as printed, when the system reports it beside a canonical name


def nows(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def code_for(name: str | None, within: str | None = None) -> str | None:
    """Our code for a baseline's name, narrowed to divisions under ``within`` (an adcode)."""
    if not name:
        return None
    cands: list[Division] = lookup(name)
    if within:
        cands = [d for d in cands if within in (d.parent, d.province)]
    return cands[0].adcode if len(cands) == 1 else None


# --- systems ---------------------------------------------------------------------------------


def ours(text: str, region: str | None) -> list[Found]:
    return [Found(m.canonical or m.surface, m.adcode, m.surface) for m in find_places(text, region=region)]


def make_jieba() -> Callable[[str, str | None], list[Found]]:
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    jieba.initialize()

    def run(text: str, region: str | None) -> list[Found]:
        return [Found(p.word, code_for(p.word)) for p in pseg.cut(text) if p.flag == "ns"]

    return run


def make_cpca() -> Callable[[str, str | None], list[Found]]:
    import cpca

    def run(text: str, region: str | None) -> list[Found]:
        out: list[Found] = []
        df = cpca.transform_text_with_addrs(text, pos_sensitive=True)
        for row in df.to_dict("records"):
            names = {k: v if isinstance(v, str) and v else None for k, v in row.items()}
            prov = code_for(names["省"])
            city = code_for(names["市"], prov)
            county = code_for(names["区"], city or prov)
            for key, code in (("省", prov), ("市", city), ("区", county)):
                # cpca fills in parents it inferred; count only what the text names (pos != -1)
                if names[key] and row.get(f"{key}_pos", -1) != -1:
                    out.append(Found(names[key], code))
        return out

    return run


def make_jionlp() -> Callable[[str, str | None], list[Found]]:
    import jionlp as jio

    jio.recognize_location("湖北省黄石市")  # loads its models once

    def run(text: str, region: str | None) -> list[Found]:
        res = jio.recognize_location(text)
        out: list[Found] = []
        for loc, _count in res.get("domestic") or []:
            prov = code_for(loc.get("province"))
            city = code_for(loc.get("city"), prov)
            county = code_for(loc.get("county"), city or prov)
            for name, code in (
                (loc.get("province"), prov),
                (loc.get("city"), city),
                (loc.get("county"), county),
            ):
                if name:
                    out.append(Found(name, code))
        for loc, _count in res.get("foreign") or []:
            out.extend(Found(v) for v in loc.values() if v)
        out.extend(Found(name) for name in (res.get("others") or {}))
        return out

    return run


# --- scoring ---------------------------------------------------------------------------------


def score(arts: list[dict], run: Callable[[str, str | None], Iterable[Found]]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for art in arts:
        e = art["entities"]
        req_codes = {p["adcode"] for p in e["places"]}
        req_names = {nows(x) for x in e["places_other"]}
        opt = {nows(x) for x in e.get("places_optional", [])}
        found, wrong = set(), set()
        for f in run(art["text"], art.get("author_region")):
            names = {nows(f.name), nows(f.surface)} - {""}
            if f.adcode in req_codes:
                found.add(f.adcode)
            elif names & req_names:
                found |= names & req_names
            elif f.adcode not in opt and not names & opt:
                wrong.add(f.adcode or nows(f.name))
        tp += len(found)
        fp += len(wrong)
        fn += len((req_codes | req_names) - found)
    return tp, fp, fn


def main() -> None:
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else GOLD
    arts = json.loads(gold.read_text(encoding="utf-8"))["articles"]
    n_chars = sum(len(a["text"]) for a in arts)
    makers: list[tuple[str, Callable[[], Callable[[str, str | None], list[Found]]]]] = [
        ("baokan places", lambda: (warm_up(), ours)[1]),
        ("jieba posseg ns", make_jieba),
        ("cpca 0.5.5", make_cpca),
        ("jionlp recognize_location", make_jionlp),
    ]
    print(f"gold: {gold} — {len(arts)} articles, {n_chars} characters\n")
    print(f"{'system':<28}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}{'load s':>9}{'chars/s':>12}")
    for name, make in makers:
        try:
            t0 = time.perf_counter()
            run = make()
            load = time.perf_counter() - t0
        except ImportError as exc:
            print(f"{name:<28}skipped ({exc})")
            continue
        tp, fp, fn = score(arts, run)
        t0 = time.perf_counter()
        for _ in range(REPEAT):
            for art in arts:
                run(art["text"], art.get("author_region"))
        speed = REPEAT * n_chars / (time.perf_counter() - t0)
        p = tp / max(1, tp + fp)
        r = tp / max(1, tp + fn)
        f1 = 2 * p * r / max(1e-9, p + r)
        print(f"{name:<28}{p:>7.3f}{r:>7.3f}{f1:>7.3f}{tp:>5}{fp:>5}{fn:>5}{load:>9.2f}{speed:>12,.0f}")


if __name__ == "__main__":
    main()
