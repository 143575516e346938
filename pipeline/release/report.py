"""report.html: a self-contained, offline overview of a release (inline SVG, no scripts, no network).

Labels are real text (``lang="zh"`` and a CJK font stack), not paths or images, so they render
wherever the reader has a CJK font, stay searchable and can be copied.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from pipeline.extract.gazetteer import division, short_form
from pipeline.release.snapshot import Snapshot

FONT = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", "Noto Sans SC", sans-serif'
)
TOP = 15
PER_DOC_MAX = 30  # above this, only the distribution of articles per document is drawn
# Tile-grid map: every province-level division in one cell, roughly where it lies (column, row).
PROVINCE_TILES: dict[str, tuple[int, int]] = {
    "230000": (6, 0),
    "150000": (3, 1), "110000": (4, 1), "210000": (5, 1), "220000": (6, 1),
    "650000": (0, 2), "620000": (1, 2), "640000": (2, 2), "140000": (3, 2), "130000": (4, 2), "120000": (5, 2),
    "540000": (0, 3), "630000": (1, 3), "610000": (2, 3), "410000": (3, 3), "370000": (4, 3),
    "510000": (1, 4), "500000": (2, 4), "420000": (3, 4), "340000": (4, 4), "320000": (5, 4), "310000": (6, 4),
    "530000": (1, 5), "520000": (2, 5), "430000": (3, 5), "360000": (4, 5), "330000": (5, 5),
    "450000": (2, 6), "440000": (3, 6), "350000": (4, 6), "710000": (5, 6),
    "460000": (2, 7), "820000": (3, 7), "810000": (4, 7),
}  # fmt: skip
CSS = f"""
body {{ font-family: {FONT}; margin: 2em auto; max-width: 60em; color: #222; padding: 0 1em; }}
h1 {{ font-size: 1.5em; }} h2 {{ font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }}
svg text {{ font-family: {FONT}; font-size: 13px; fill: #222; }}
table {{ border-collapse: collapse; }} td, th {{ padding: 2px 10px; text-align: right; }}
td:first-child, th:first-child {{ text-align: left; }} .note {{ color: #666; font-size: 0.9em; }}
"""


def _doc_label(d: dict) -> str:
    """Publication, date and page when the header gave them, else the file name."""
    page = d["page"]
    page = f"第{page}版" if page and page.isdigit() else page
    return " ".join(x for x in (d["publication"], d["date"], page) if x) or d["source_path"]


def _label(adcode: str | None) -> str:
    d = division(adcode) if adcode else None
    if d is None:
        return adcode or "?"
    return short_form(d) or d.name


def _place_label(m: dict) -> str:
    """Official name, with its province for lower levels: there are several 鼓楼区 and 朝阳区."""
    name = m["canonical"] or m["surface"]
    prov = m["province_adcode"]
    if m["place_level"] in (None, "province") or not prov or prov == m["adcode"]:
        return name
    return f"{name}（{_label(prov)}）"


def bar_chart(items: list[tuple[str, int]], title: str, color: str = "#4878a8") -> str:
    """Horizontal bars with text labels; an empty list says so instead of drawing nothing."""
    if not items:
        return f'<p class="note">{escape(title)}: none in this release.</p>'
    label_w = min(360, 14 * max(len(k) for k, _ in items) + 10)
    bar_w, row_h = 420, 22
    top = max(n for _, n in items) or 1
    h = row_h * len(items) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" lang="zh" role="img" width="{label_w + bar_w + 60}" '
        f'height="{h}" viewBox="0 0 {label_w + bar_w + 60} {h}"><title>{escape(title)}</title>'
    ]
    for i, (key, n) in enumerate(items):
        y = 5 + i * row_h
        w = max(1, round(bar_w * n / top))
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(key)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" fill="{color}"/>'
            f'<text x="{label_w + w + 4}" y="{y + 15}">{n}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def province_map(counts: Counter) -> str:
    """A tile grid of the 34 province-level divisions, shaded by place mentions."""
    cell, gap = 58, 4
    cols = 1 + max(c for c, _ in PROVINCE_TILES.values())
    rows = 1 + max(r for _, r in PROVINCE_TILES.values())
    w, h = cols * (cell + gap), rows * (cell + gap)
    top = max(counts.values(), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" lang="zh" role="img" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}"><title>各省级行政区地名提及 place mentions by province</title>'
    ]
    for adcode, (c, r) in sorted(PROVINCE_TILES.items()):
        n = counts.get(adcode, 0)
        x, y = c * (cell + gap), r * (cell + gap)
        # Light grey for none, then from pale to deep blue with the share of the top province.
        fill = "#eeeeee" if n == 0 else f"hsl(212, 60%, {round(88 - 55 * n / top)}%)"
        ink = "#fff" if n and n / top > 0.55 else "#222"
        parts.append(
            f"<g><title>{escape(_label(adcode))} {adcode}: {n}</title>"
            f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" rx="4" fill="{fill}"/>'
            f'<text x="{x + cell / 2}" y="{y + 24}" text-anchor="middle" style="fill:{ink}">'
            f"{escape(_label(adcode))}</text>"
            f'<text x="{x + cell / 2}" y="{y + 44}" text-anchor="middle" style="fill:{ink}">{n}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render(snap: Snapshot, version: str) -> str:
    mentions = snap.rows("mentions")
    articles = snap.rows("articles")
    docs = snap.rows("documents")
    by_type = Counter(m["type"] for m in mentions)
    places = [m for m in mentions if m["type"] == "place"]
    provinces = Counter(m["province_adcode"] for m in places if m["province_adcode"])
    unplaced = sum(1 for m in places if not m["province_adcode"])
    place_counts = Counter(_place_label(m) for m in places)
    laws = Counter(m["canonical"] or m["surface"] for m in mentions if m["type"] == "law")
    per_doc = Counter(a["doc_id"] for a in articles)
    doc_label = {d["doc_id"]: _doc_label(d) for d in docs}
    doc_items = sorted(
        ((f"{doc_label.get(k, k)} ({k[:8]})", n) for k, n in per_doc.items()), key=lambda kv: (-kv[1], kv[0])
    )
    histogram = sorted(Counter(per_doc.values()).items())
    in_map = sum(n for k, n in provinces.items() if k in PROVINCE_TILES)

    def top(c: Counter) -> list[tuple[str, int]]:
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]

    summary = "".join(
        f"<tr><td>{escape(k)}</td><td>{v}</td></tr>"
        for k, v in (
            ("documents", len(docs)),
            ("articles", len(articles)),
            ("paragraphs", snap.tables["paragraphs"].num_rows if "paragraphs" in snap.tables else 0),
            ("mentions", len(mentions)),
        )
    )
    body = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
        f"<title>baokan {escape(version)} 报告 report</title><style>{CSS}</style></head>",
        "<body>",
        f"<h1>baokan {escape(version)} 数据集报告 · dataset report</h1>",
        f"<table><tbody>{summary}</tbody></table>",
        "<h2>提及类型 Mentions by type</h2>",
        bar_chart(top(by_type), "mentions by type", "#6a8f3a"),
        "<h2>地名按省份 Places by province</h2>",
        f'<p class="note">{in_map} place mentions in a province-level division (via '
        f"<code>province_adcode</code>), {unplaced} without one.</p>",
        province_map(provinces),
        f"<h2>最常见地名 Top {TOP} places</h2>",
        bar_chart(top(place_counts), "top places"),
        f"<h2>最常见法律 Top {TOP} laws</h2>",
        bar_chart(top(laws), "top laws", "#a8573a"),
        "<h2>每个文档的文章数 Articles per document</h2>",
        bar_chart(
            [(f"{k} 篇 articles", n) for k, n in histogram], "documents by number of articles", "#7a5aa8"
        ),
        f'<p class="note">Documents by number of articles; {len(doc_items)} documents with articles, '
        f"{len(docs) - len(doc_items)} without (rejected or empty).</p>",
        bar_chart(doc_items, "articles per document", "#7a5aa8") if len(doc_items) <= PER_DOC_MAX else "",
        '<p class="note">Generated offline from the release\'s Parquet files.</p>',
        "</body></html>",
        "",
    ]
    return "\n".join(body)
