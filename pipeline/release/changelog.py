"""What changed between the previous release and this one, computed from the data itself.

IDs are content hashes, so a corrected raw page gets a new ``doc_id`` and new article IDs. A
changelog that only compared IDs would call every correction "removed + added"; documents that
disappear and appear under the same source path are therefore paired as *revised*, and their
articles paired by position, so an edited article shows as changed (with its old ID).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa

from pipeline.release.snapshot import Snapshot
from schemas import TABLES

# Show at most this many IDs per list; the counts are always complete.
MAX_LISTED = 500


@dataclass
class Changed:
    id: str
    old_id: str | None  # set when the ID itself changed (revised document)
    fields: list[str]


@dataclass
class IdDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    unchanged: int = 0
    reidentified: int = 0  # unchanged rows under a new ID (their page was revised)

    @property
    def changed_ids(self) -> list[str]:
        return [c.id for c in self.changed]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class Changes:
    version: str
    previous: str | None
    schema_before: str | None
    schema_after: str
    schema: list[str] = field(default_factory=list)
    documents: IdDiff = field(default_factory=IdDiff)
    revised: list[tuple[str, str, str]] = field(default_factory=list)  # (old doc_id, new doc_id, path)
    articles: IdDiff = field(default_factory=IdDiff)
    rows_before: dict[str, int] = field(default_factory=dict)
    rows_after: dict[str, int] = field(default_factory=dict)
    mentions_before: dict[str, int] = field(default_factory=dict)
    mentions_after: dict[str, int] = field(default_factory=dict)
    mentions_added: int = 0  # by mention ID, old IDs of revised documents mapped to the new doc_id
    mentions_removed: int = 0
    titles: dict[str, str] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)

    def required_bump(self) -> str:
        """The smallest semver bump these changes call for (see the release rules in the card)."""
        if self.previous is None:
            return "none"
        if self.schema or self.schema_before != self.schema_after:
            return "major"
        if self.documents.added or self.documents.removed or self.articles.added or self.articles.removed:
            return "minor"
        if self.documents or self.articles or self.revised or self.rows_before != self.rows_after:
            return "patch"
        if self.mentions_before != self.mentions_after or self.mentions_added or self.mentions_removed:
            return "patch"
        return "none"


def _type_str(f: pa.Field) -> str:
    return f"{f.type}{'' if f.nullable else ' not null'}"


def schema_diff(before: dict[str, pa.Schema], after: dict[str, pa.Schema]) -> list[str]:
    """Human-readable column changes: tables/columns added, removed or retyped."""
    out = []
    for table in sorted(before.keys() | after.keys()):
        if table not in before:
            out.append(f"table `{table}` added")
            continue
        if table not in after:
            out.append(f"table `{table}` removed")
            continue
        b = {f.name: f for f in before[table]}
        a = {f.name: f for f in after[table]}
        for name in [n for n in a if n not in b]:
            out.append(f"`{table}.{name}` added ({_type_str(a[name])})")
        for name in [n for n in b if n not in a]:
            out.append(f"`{table}.{name}` removed (was {_type_str(b[name])})")
        for name in [n for n in a if n in b]:
            if _type_str(a[name]) != _type_str(b[name]):
                out.append(f"`{table}.{name}` retyped: {_type_str(b[name])} → {_type_str(a[name])}")
    return out


def _differing(old: dict, new: dict, ignore: set[str]) -> list[str]:
    keys = (old.keys() & new.keys()) - ignore
    return sorted(k for k in keys if old[k] != new[k])


def _type_counts(snap: Snapshot) -> dict[str, int]:
    t = snap.tables.get("mentions")
    if t is None:
        return {}
    return dict(sorted(Counter(t.column("type").to_pylist()).items()))


def compute(prev: Snapshot | None, new: Snapshot, version: str, prev_version: str | None) -> Changes:
    ch = Changes(
        version=version,
        previous=prev_version if prev is not None else None,
        schema_before=prev.schema_version if prev is not None else None,
        schema_after=new.schema_version,
    )
    ch.rows_after = {t: new.tables[t].num_rows for t in TABLES if t in new.tables}
    ch.mentions_after = _type_counts(new)
    new_docs = {r["doc_id"]: r for r in new.rows("documents")}
    new_arts = {r["article_id"]: r for r in new.rows("articles")}
    ch.titles = {k: r.get("title") or "" for k, r in new_arts.items()}
    ch.paths = {k: r.get("source_path") or "" for k, r in new_docs.items()}
    if prev is None:
        ch.documents.added = sorted(new_docs)
        ch.articles.added = sorted(new_arts)
        return ch
    ch.rows_before = {t: prev.tables[t].num_rows for t in TABLES if t in prev.tables}
    ch.mentions_before = _type_counts(prev)
    ch.schema = schema_diff(
        {t: tb.schema for t, tb in prev.tables.items()}, {t: tb.schema for t, tb in new.tables.items()}
    )
    old_docs = {r["doc_id"]: r for r in prev.rows("documents")}
    old_arts = {r["article_id"]: r for r in prev.rows("articles")}
    for k, r in old_arts.items():
        ch.titles.setdefault(k, r.get("title") or "")
    for k, r in old_docs.items():
        ch.paths.setdefault(k, r.get("source_path") or "")

    # Documents: same ID → compare rows; otherwise pair by source path (a revised raw page).
    for doc_id in sorted(old_docs.keys() & new_docs.keys()):
        diff = _differing(old_docs[doc_id], new_docs[doc_id], set())
        if diff:
            ch.documents.changed.append(Changed(doc_id, None, diff))
        else:
            ch.documents.unchanged += 1
    gone = {old_docs[d]["source_path"]: d for d in sorted(old_docs.keys() - new_docs.keys())}
    revised_new_to_old: dict[str, str] = {}
    for doc_id in sorted(new_docs.keys() - old_docs.keys()):
        path = new_docs[doc_id]["source_path"]
        old_id = gone.pop(path, None)
        if old_id is None:
            ch.documents.added.append(doc_id)
        else:
            revised_new_to_old[doc_id] = old_id
            ch.revised.append((old_id, doc_id, path))
    ch.documents.removed = sorted(gone.values())

    # Articles: same ID → compare rows; articles of a revised document are paired by position.
    ignore_ids = {"article_id", "doc_id"}
    paired_old: set[str] = set()
    for art_id in sorted(new_arts):
        row = new_arts[art_id]
        if art_id in old_arts:
            old_id, old_row = None, old_arts[art_id]
        else:
            old_doc = revised_new_to_old.get(row["doc_id"])
            old_id = old_doc + art_id[len(row["doc_id"]) :] if old_doc else None
            old_row = old_arts.get(old_id) if old_id else None
            if old_row is None:
                ch.articles.added.append(art_id)
                continue
            paired_old.add(old_id)
        diff = _differing(old_row, row, ignore_ids)
        if diff:
            ch.articles.changed.append(Changed(art_id, old_id, diff))
        else:
            ch.articles.unchanged += 1
            ch.articles.reidentified += old_id is not None
    ch.articles.removed = sorted(k for k in old_arts.keys() - new_arts.keys() if k not in paired_old)

    # Mentions: by ID (type + offsets), so a re-extraction that moves or retypes one shows up.
    old_to_new = {old: new for new, old in revised_new_to_old.items()}

    def renamed(mid: str) -> str:
        new_doc = old_to_new.get(mid[:16])
        return new_doc + mid[16:] if new_doc else mid

    if "mentions" in prev.tables and "mentions" in new.tables:
        before = {renamed(m) for m in prev.tables["mentions"].column("mention_id").to_pylist()}
        after = set(new.tables["mentions"].column("mention_id").to_pylist())
        ch.mentions_added, ch.mentions_removed = len(after - before), len(before - after)
    return ch


def _ids(lines: list[str], ids: list[str], describe) -> None:
    if not ids:
        lines.append("None.")
    for i in ids[:MAX_LISTED]:
        lines.append(f"- `{i}` {describe(i)}".rstrip())
    if len(ids) > MAX_LISTED:
        lines.append(f"- … and {len(ids) - MAX_LISTED} more")


def render(ch: Changes) -> str:
    """CHANGELOG.md for this release."""
    lines = [f"# Changelog — baokan {ch.version}", ""]
    if ch.previous is None:
        lines += [
            "First release: there is no earlier release in this folder to compare with.",
            "",
            f"- schema version {ch.schema_after}",
            f"- {len(ch.documents.added)} documents, {len(ch.articles.added)} articles, "
            + ", ".join(f"{n} {t}" for t, n in ch.mentions_after.items())
            + " mentions",
            "",
        ]
        return "\n".join(lines)
    title = lambda i: ch.titles.get(i) or ""  # noqa: E731
    lines += [
        f"Changes since {ch.previous}, computed from the data of both releases (not written by hand).",
        f"Calls for at least a **{ch.required_bump()}** version bump under the release rules."
        if ch.required_bump() != "none"
        else "Data and schema are unchanged: any version bump will do.",
        "",
        "## Summary",
        "",
        f"| | {ch.previous} | {ch.version} | added | removed | changed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, d in (("documents", ch.documents), ("articles", ch.articles)):
        changed = len(d.changed) + (len(ch.revised) if name == "documents" else 0)
        lines.append(
            f"| {name} | {ch.rows_before.get(name, 0)} | {ch.rows_after.get(name, 0)} | "
            f"{len(d.added)} | {len(d.removed)} | {changed} |"
        )
    for name in [t for t in TABLES if t not in ("documents", "articles")]:
        extra = f"{ch.mentions_added} | {ch.mentions_removed} |" if name == "mentions" else " | |"
        lines.append(f"| {name} | {ch.rows_before.get(name, 0)} | {ch.rows_after.get(name, 0)} | {extra} |")
    lines += ["", "## Schema", ""]
    if ch.schema_before != ch.schema_after:
        lines.append(f"- schema version {ch.schema_before} → {ch.schema_after}")
    lines += [f"- {s}" for s in ch.schema]
    if not ch.schema and ch.schema_before == ch.schema_after:
        lines.append(f"No schema changes (schema version {ch.schema_after}).")
    lines += ["", "## Documents", ""]
    sections = [
        ("Added", ch.documents.added, lambda i: ch.paths.get(i, "")),
        ("Removed", ch.documents.removed, lambda i: ch.paths.get(i, "")),
    ]
    for head, ids, describe in sections:
        lines.append(f"### {head} ({len(ids)})")
        lines.append("")
        _ids(lines, ids, describe)
        lines.append("")
    lines += [f"### Revised: same source path, new content ({len(ch.revised)})", ""]
    for old, new, path in ch.revised[:MAX_LISTED]:
        lines.append(f"- `{new}` (was `{old}`) {path}")
    if not ch.revised:
        lines.append("None.")
    lines += ["", f"### Changed: same ID, different row ({len(ch.documents.changed)})", ""]
    if not ch.documents.changed:
        lines.append("None.")
    for c in ch.documents.changed[:MAX_LISTED]:
        lines.append(f"- `{c.id}` {ch.paths.get(c.id, '')}: {', '.join(c.fields)}")
    lines += ["", "## Articles", ""]
    for head, ids in (("Added", ch.articles.added), ("Removed", ch.articles.removed)):
        lines += [f"### {head} ({len(ids)})", ""]
        _ids(lines, ids, title)
        lines.append("")
    lines += [f"### Changed ({len(ch.articles.changed)})", ""]
    if not ch.articles.changed:
        lines.append("None.")
    for c in ch.articles.changed[:MAX_LISTED]:
        was = f" (was `{c.old_id}`)" if c.old_id else ""
        lines.append(f"- `{c.id}`{was} {title(c.id)}: {', '.join(c.fields)}")
    if len(ch.articles.changed) > MAX_LISTED:
        lines.append(f"- … and {len(ch.articles.changed) - MAX_LISTED} more")
    same = f"{ch.articles.unchanged} articles unchanged"
    if ch.articles.reidentified:
        same += f" ({ch.articles.reidentified} of them under a new ID, their page being revised)"
    lines += ["", same + ".", "", "## Mentions by type", ""]
    lines += [f"| type | {ch.previous} | {ch.version} | Δ |", "|---|---:|---:|---:|"]
    for t in sorted(ch.mentions_before.keys() | ch.mentions_after.keys()):
        b, a = ch.mentions_before.get(t, 0), ch.mentions_after.get(t, 0)
        lines.append(f"| {t} | {b} | {a} | {a - b:+d} |")
    lines.append("")
    return "\n".join(lines)
