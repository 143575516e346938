"""Entity accuracy beyond the sample page: P/R/F1 per type on the annotated evaluation set.

usage: python benchmarks/entities_eval.py [GOLD.json] [--json] [--quiet]

The set (``tests/data/entities_eval/articles.gold.json``, scorer's gold format) holds articles of
several genres written for the purpose and annotated by hand. Each article's text is run through
``extract_mentions`` with its byline region, as the build does, and scored with the rules of
``../shared/eval/score.py``: a division must carry its adcode, other places match by name, a law by
its canonical title (or an accepted alternative), a count by value and unit; optional entries
neither help nor hurt. Every error is listed, article by article.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract_mentions  # noqa: E402

GOLD = ROOT / "tests" / "data" / "entities_eval" / "articles.gold.json"
TYPES = ("places", "laws", "counts")


def nows(s: str | None) -> str:
    return "".join((s or "").split())


def _count_key(value: float, unit: str | None) -> tuple[float, str]:
    return round(float(value), 4), unit or ""


def score_article(entities: dict, mentions: list) -> tuple[dict[str, list[int]], list[str]]:
    """(type → [tp, fp, fn], error lines) for one article, by the shared scorer's rules."""
    out = {t: [0, 0, 0] for t in TYPES}
    errors: list[str] = []
    # places: a division carries its code; other named places match by name
    req_codes = {p["adcode"] for p in entities["places"]}
    req_names = {nows(x) for x in entities["places_other"]}
    opt = {nows(x) for x in entities.get("places_optional", [])}
    found: set[str] = set()
    wrong: set[str] = set()
    for m in mentions:
        if m.type != "place":
            continue
        names = {nows(m.canonical), nows(m.surface)} - {""}
        if m.adcode in req_codes:
            found.add(m.adcode)
        elif names & req_names:
            found |= names & req_names
        elif m.adcode not in opt and not names & opt:
            wrong.add(f"{m.surface}({m.adcode or m.place_level or '-'})")
    missed = (req_codes | req_names) - found
    out["places"] = [len(found), len(wrong), len(missed)]
    errors += [f"place missed  {x}" for x in sorted(missed)] + [f"place extra   {x}" for x in sorted(wrong)]
    # laws: canonical title or an accepted alternative
    predicted = {nows(m.canonical or m.surface).strip("《》") for m in mentions if m.type == "law"}
    matched: set[str] = set()
    for law in entities["laws"]:
        ok = {nows(law["canonical"])} | {nows(x) for x in law.get("also_accept", [])}
        if ok & predicted:
            out["laws"][0] += 1
            matched |= ok & predicted
        else:
            out["laws"][2] += 1
            errors.append(f"law missed    {law['canonical']}")
    extra = predicted - matched - {nows(x) for x in entities.get("laws_optional", [])}
    out["laws"][1] = len(extra)
    errors += [f"law extra     {x}" for x in sorted(extra)]
    # counts: (value, unit)
    req = {_count_key(c["value"], c["unit"]) for c in entities["counts"]}
    copt = {_count_key(c["value"], c["unit"]) for c in entities.get("counts_optional", [])}
    pred = {_count_key(m.value, m.unit) for m in mentions if m.type == "count" and m.value is not None}
    out["counts"] = [len(req & pred), len(pred - req - copt), len(req - pred)]
    errors += [f"count missed  {v:g} {u}" for v, u in sorted(req - pred)]
    errors += [f"count extra   {v:g} {u}" for v, u in sorted(pred - req - copt)]
    return out, errors


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(gold_path: Path = GOLD) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """Per-type totals with P/R/F1, and each article's errors (article id → lines)."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    totals = {t: [0, 0, 0] for t in TYPES}
    errors: dict[str, list[str]] = {}
    for art in gold["articles"]:
        mentions = extract_mentions(art["text"], region=art.get("author_region"))
        counts, errs = score_article(art["entities"], mentions)
        for t in TYPES:
            totals[t] = [a + b for a, b in zip(totals[t], counts[t], strict=True)]
        if errs:
            errors[f"{art.get('id', art['position'])} {art['title'][:16]}"] = errs
    result = {}
    for t, (tp, fp, fn) in totals.items():
        p, r, f = prf(tp, fp, fn)
        result[t] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}
    result["articles"] = {"n": len(gold["articles"])}
    return result, errors


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    result, errors = evaluate(Path(args[0]) if args else GOLD)
    if "--json" in sys.argv:
        print(json.dumps({"result": result, "errors": errors}, ensure_ascii=False, indent=1))
        return
    print(f"{result['articles']['n']} annotated articles")
    for t in TYPES:
        v = result[t]
        print(
            f"{t:<7} P {v['p']:.3f}  R {v['r']:.3f}  F1 {v['f1']:.3f}   (tp {v['tp']}, fp {v['fp']}, fn {v['fn']})"
        )
    if "--quiet" not in sys.argv:
        for art, lines in errors.items():
            print(f"\n[{art}]")
            for line in lines:
                print("  " + line)


if __name__ == "__main__":
    main()
