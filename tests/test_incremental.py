"""Incremental builds: the page cache (pure) and the flow reusing it.

The contract: a rebuild processes only new or changed pages, and its output is byte-for-byte the
output of a clean build of the same raw folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline import pagecache, records, sources
from tests.synthetic import generate_page


class Crash(Exception):
    """Stands for a kill in the middle of a batch (the real SIGKILL is in test_incremental_kill)."""


BINARY = b"\x00\x01\x02\x03" * 64


def _page(seed: int) -> bytes:
    return generate_page(seed).text.encode("utf-8")


def _raw(base: Path, seeds: range = range(6)) -> Path:
    raw = base / "raw"
    raw.mkdir(parents=True)
    for i in seeds:
        (raw / f"p{i:02d}.txt").write_bytes(_page(i))
    (raw / "junk.txt").write_bytes(BINARY)  # a deterministic reject, cached too
    return raw


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _rows(raw: Path, source: sources.SourceFile, tokens: bool = True) -> records.PageRecords:
    data = sources.read_verified(raw, source)
    if isinstance(data, str):
        return records.rejected(source, data)
    return records.page_records(source, data, with_tokens=tokens)


# --- the cache alone ---------------------------------------------------------------------------


def test_round_trip_is_exact(tmp_path):
    raw = _raw(tmp_path, range(3))
    found, _ = sources.scan(raw)
    for s in found:
        recs = _rows(raw, s)
        assert pagecache.put(tmp_path / "c", s, recs, True)
        assert pagecache.get(tmp_path / "c", s, True) == recs
        path = pagecache.entry_path(tmp_path / "c", s.sha256, True)
        assert path.name == f"{s.sha256}.tokens.page" and pagecache.version_key() in path.parts


def test_paths_are_restamped_on_load(tmp_path):
    """Content is the key: a renamed or duplicated page is a hit with its current paths."""
    raw = _raw(tmp_path, range(1))
    (source,) = [s for s in sources.scan(raw)[0] if s.paths == ("p00.txt",)]
    pagecache.put(tmp_path / "c", source, _rows(raw, source), True)
    moved = sources.SourceFile(paths=("a/x.txt", "b.txt"), sha256=source.sha256, n_bytes=source.n_bytes)
    doc = pagecache.get(tmp_path / "c", moved, True).documents[0]
    assert (doc.source_path, doc.source_paths) == ("a/x.txt", ["a/x.txt", "b.txt"])


def test_a_tokens_entry_serves_a_build_without_tokens(tmp_path):
    raw = _raw(tmp_path, range(1))
    source = next(s for s in sources.scan(raw)[0] if s.paths == ("p00.txt",))
    pagecache.put(tmp_path / "c", source, _rows(raw, source), True)
    assert pagecache.get(tmp_path / "c", source, False) == _rows(raw, source, tokens=False)
    # …but not the other way round: a build with tokens needs them.
    other = tmp_path / "c2"
    pagecache.put(other, source, _rows(raw, source, tokens=False), False)
    assert pagecache.get(other, source, True) is None and not pagecache.has(other, source.sha256, True)


def test_transient_rejects_are_not_cached(tmp_path):
    source = sources.SourceFile(paths=("gone.txt",), sha256="a" * 64, n_bytes=3)
    for reason in (sources.VANISHED, sources.CHANGED, "unreadable: Permission denied", "not_a_file: x"):
        assert not pagecache.put(tmp_path / "c", source, records.rejected(source, reason), True)
    assert not pagecache.has(tmp_path / "c", source.sha256, True)
    assert pagecache.put(tmp_path / "c", source, records.rejected(source, "binary: looks like x"), True)


def test_a_corrupt_entry_is_a_miss(tmp_path):
    raw = _raw(tmp_path, range(1))
    source = next(s for s in sources.scan(raw)[0] if s.paths == ("p00.txt",))
    pagecache.put(tmp_path / "c", source, _rows(raw, source), True)
    path = pagecache.entry_path(tmp_path / "c", source.sha256, True)
    for bad in (path.read_bytes()[:-40], b"", json.dumps({"format": 1}).encode()):
        path.write_bytes(bad)
        assert pagecache.get(tmp_path / "c", source, True) is None


def test_entry_of_another_page_is_a_miss(tmp_path):
    """A file renamed into the wrong slot (by hand or a bug) is never served for another page."""
    raw = _raw(tmp_path, range(2))
    a, b = (s for s in sources.scan(raw)[0] if s.paths[0] in ("p00.txt", "p01.txt"))
    pagecache.put(tmp_path / "c", a, _rows(raw, a), True)
    wrong = pagecache.entry_path(tmp_path / "c", b.sha256, True)
    wrong.parent.mkdir(parents=True, exist_ok=True)
    os.replace(pagecache.entry_path(tmp_path / "c", a.sha256, True), wrong)
    assert pagecache.get(tmp_path / "c", b, True) is None


def test_sweep_removes_old_temp_files_and_long_unused_versions(tmp_path):
    root = tmp_path / "c"
    d = pagecache.entry_path(root, "ab" + "0" * 62, True).parent
    d.mkdir(parents=True)
    old, fresh = d / ".x.json.1.tmp", d / ".y.json.2.tmp"
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(old, (0, 0))
    stale, recent = root / "0.0.9-aaaaaaaaaaaa", root / "0.0.9-bbbbbbbbbbbb"
    for v in (stale, recent):
        (v / "ab").mkdir(parents=True)
        (v / "ab" / "x.json").write_text("{}")
    os.utime(stale, (0, 0))
    assert pagecache.sweep(root) == 2
    assert not old.exists() and fresh.exists()
    assert not stale.exists() and recent.exists() and (root / pagecache.version_key()).exists()


def test_the_cache_is_keyed_by_version_and_code():
    from pipeline import __version__

    assert pagecache.version_key() == f"{__version__}-{pagecache.fingerprint()[:12]}"


# --- through the flow --------------------------------------------------------------------------


@pytest.fixture
def count_processing(monkeypatch):
    """Record the doc of every page actually processed (not loaded from the cache)."""
    seen: list[str] = []
    real = records.page_records

    def counting(source, data, with_tokens=True):
        seen.append(source.paths[0])
        return real(source, data, with_tokens=with_tokens)

    monkeypatch.setattr(records, "page_records", counting)
    return seen


def _edit(raw: Path) -> None:
    """Add two pages, change one, remove one, duplicate one under a new name, rename one."""
    (raw / "p10.txt").write_bytes(_page(10))
    (raw / "sub").mkdir()
    (raw / "sub" / "p11.txt").write_bytes(_page(11))
    (raw / "p01.txt").write_bytes(_page(1) + "\n补记：本版有更正。\n".encode())
    (raw / "p02.txt").unlink()
    (raw / "dup-of-p03.txt").write_bytes((raw / "p03.txt").read_bytes())
    os.replace(raw / "p04.txt", raw / "renamed-p04.txt")


def test_incremental_rebuild_equals_a_clean_build(prefect_harness, count_processing, tmp_path):
    from pipeline.flows import build_flow

    raw, out, cache = _raw(tmp_path), tmp_path / "out", str(tmp_path / "cache")
    first = build_flow(raw_dir=raw, out_dir=out, batch_size=2, cache_dir=cache)
    assert first.processed == 7 and first.cached == 0 and len(first.rejected) == 1
    _edit(raw)
    count_processing.clear()
    again = build_flow(raw_dir=raw, out_dir=out, batch_size=2, cache_dir=cache)
    # Only the new and the changed bytes were processed; renamed and duplicated ones were reused.
    assert sorted(count_processing) == ["p01.txt", "p10.txt", "sub/p11.txt"]
    assert (again.processed, again.cached) == (3, 5)
    clean = tmp_path / "clean"
    build_flow(raw_dir=raw, out_dir=clean, batch_size=3)
    assert _files(out) == _files(clean)
    # Nothing changed: nothing processed, same bytes again.
    count_processing.clear()
    same = build_flow(raw_dir=raw, out_dir=out, batch_size=2, cache_dir=cache)
    assert count_processing == [] and same.cached == 8 and same.processed == 0
    assert _files(out) == _files(clean)
    assert "8 reused, 0 processed" in same.render()


def test_without_tokens_reuses_entries_with_tokens(prefect_harness, count_processing, tmp_path):
    from pipeline.flows import build_flow

    raw, cache = _raw(tmp_path, range(3)), str(tmp_path / "cache")
    build_flow(raw_dir=raw, out_dir=tmp_path / "a", cache_dir=cache)
    count_processing.clear()
    build_flow(raw_dir=raw, out_dir=tmp_path / "b", cache_dir=cache, tokens=False)
    assert count_processing == []
    build_flow(raw_dir=raw, out_dir=tmp_path / "clean", tokens=False)
    assert _files(tmp_path / "b") == _files(tmp_path / "clean")


def test_a_crash_mid_run_keeps_the_old_dataset_and_the_next_run_completes_it(
    prefect_harness, monkeypatch, tmp_path
):
    """The run dies on the 3rd new page (batches that finished are already cached): the old
    dataset stays; the next run processes only what the dead one had not finished."""
    from pipeline.flows import build_flow, process_batch

    monkeypatch.setattr(process_batch, "retries", 0)
    raw, out, cache = _raw(tmp_path, range(3)), tmp_path / "out", str(tmp_path / "cache")
    build_flow(raw_dir=raw, out_dir=out, cache_dir=cache)
    before = _files(out)
    for i in range(20, 26):
        (raw / f"p{i}.txt").write_bytes(_page(i))
    real, seen = records.page_records, []

    def dies_on_third(source, data, with_tokens=True):
        seen.append(source.paths[0])
        if len(seen) == 3:
            raise Crash
        return real(source, data, with_tokens=with_tokens)

    monkeypatch.setattr(records, "page_records", dies_on_third)
    with pytest.raises(Crash):
        build_flow(raw_dir=raw, out_dir=out, batch_size=1, cache_dir=cache)
    assert _files(out) == before
    monkeypatch.setattr(records, "page_records", real)
    found, _ = sources.scan(raw)
    missing = [s for s in found if not pagecache.has(Path(cache), s.sha256, True)]
    assert 1 <= len(missing) < 6  # the crashed page, and any batch that had not finished
    done = build_flow(raw_dir=raw, out_dir=out, batch_size=1, cache_dir=cache)
    assert done.processed == len(missing) and done.cached == len(found) - len(missing)
    build_flow(raw_dir=raw, out_dir=tmp_path / "clean")
    assert _files(out) == _files(tmp_path / "clean")


def test_transient_rejects_are_retried_next_run(prefect_harness, monkeypatch, tmp_path):
    """A page that vanished mid-run is reported, not cached; back in place, it is processed."""
    from pipeline.flows import build_flow

    raw, out, cache = _raw(tmp_path, range(2)), tmp_path / "out", str(tmp_path / "cache")
    real_scan = sources.scan
    hidden = tmp_path / "hidden.txt"

    def scan_then_hide(raw_dir):
        found = real_scan(raw_dir)
        os.replace(raw / "p01.txt", hidden)
        return found

    monkeypatch.setattr(sources, "scan", scan_then_hide)
    first = build_flow(raw_dir=raw, out_dir=out, cache_dir=cache)
    assert [r.split(":")[0] for _, r in first.rejected] == ["binary", "vanished"]
    monkeypatch.setattr(sources, "scan", real_scan)
    os.replace(hidden, raw / "p01.txt")
    again = build_flow(raw_dir=raw, out_dir=out, cache_dir=cache)
    assert again.processed == 1 and [r.split(":")[0] for _, r in again.rejected] == ["binary"]


def test_no_change_rebuild_does_no_work_but_checks_the_output(
    prefect_harness, count_processing, monkeypatch, tmp_path
):
    """Same inputs as the build that wrote the folder: nothing is loaded or written, unless the
    output was touched since (then it is rebuilt from the cache, equal to a clean build)."""
    from pipeline import dataset
    from pipeline.flows import build_flow

    raw, out, cache = _raw(tmp_path, range(3)), tmp_path / "out", str(tmp_path / "cache")
    build_flow(raw_dir=raw, out_dir=out, cache_dir=cache)
    clean = _files(out)
    count_processing.clear()
    written: list[Path] = []
    real_commit = dataset.DatasetWriter.commit
    monkeypatch.setattr(
        dataset.DatasetWriter, "commit", lambda self: written.append(self.out_dir) or real_commit(self)
    )

    same = build_flow(raw_dir=raw, out_dir=out, cache_dir=cache)
    assert same.unchanged and same.published and written == [] and count_processing == []
    assert same.documents == 4 and len(same.rejected) == 1 and same.articles > 0
    assert "unchanged" in same.render() and _files(out) == clean
    # A flipped byte in the output, a deleted file, an extra file: each is noticed and repaired.
    for damage in (
        lambda: (out / "articles.jsonl").write_bytes((out / "articles.jsonl").read_bytes()[:-1] + b"X"),
        lambda: (out / "tokens.parquet").unlink(),
        lambda: (out / "stray.txt").write_text("x"),
    ):
        damage()
        fixed = build_flow(raw_dir=raw, out_dir=out, cache_dir=cache)
        assert not fixed.unchanged and fixed.processed == 0 and _files(out) == clean
    assert len(written) == 3
    # Renaming a page changes a column (source_path): not "unchanged", but nothing processed.
    os.replace(raw / "p00.txt", raw / "first.txt")
    moved = build_flow(raw_dir=raw, out_dir=out, cache_dir=cache)
    assert not moved.unchanged and moved.processed == 0 and len(written) == 4
    # The same inputs into another folder, or with other options, are not "unchanged" either.
    other = build_flow(raw_dir=raw, out_dir=tmp_path / "other", cache_dir=cache)
    no_tok = build_flow(raw_dir=raw, out_dir=out, cache_dir=cache, tokens=False)
    assert not other.unchanged and not no_tok.unchanged and len(written) == 6
    assert count_processing == []


def test_strict_no_change_rebuild_still_refuses_rejects(prefect_harness, tmp_path):
    from pipeline.flows import build_flow

    raw, out, cache = _raw(tmp_path, range(1)), tmp_path / "out", str(tmp_path / "cache")
    build_flow(raw_dir=raw, out_dir=out, cache_dir=cache)
    again = build_flow(raw_dir=raw, out_dir=out, cache_dir=cache, strict=True)
    assert again.unchanged and again.rejected and not again.published
    assert "NOT written" in again.render()


def test_the_digest_covers_paths_tokens_and_unreadables():
    a = sources.SourceFile(paths=("a.txt",), sha256="a" * 64, n_bytes=1)
    base = pagecache.inputs_digest([a], [], True)
    renamed = sources.SourceFile(paths=("b.txt",), sha256="a" * 64, n_bytes=1)
    assert pagecache.inputs_digest([renamed], [], True) != base
    assert pagecache.inputs_digest([a], [], False) != base
    assert pagecache.inputs_digest([a], [sources.Unreadable("x.txt", "unreadable: no")], True) != base
    assert pagecache.inputs_digest([a], [], True) == base
