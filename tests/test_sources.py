import os

from pipeline import sources
from pipeline.ingest import sha256_hex


def test_scan_groups_identical_content_and_reports_bad_paths(tmp_path):
    raw = tmp_path / "raw"
    (raw / "sub dir").mkdir(parents=True)
    (raw / "a.txt").write_bytes("人大".encode())
    (raw / "sub dir" / "同一页.txt").write_bytes("人大".encode())
    (raw / "b.txt").write_bytes("代表".encode())
    (raw / "notes.md").write_text("ignored: not a page")
    outside = tmp_path / "secret.txt"
    outside.write_text("outside")
    os.symlink(outside, raw / "link.txt")
    os.symlink(raw / "b.txt", raw / "inside-link.txt")
    found, bad = sources.scan(raw)
    by_path = {s.paths[0]: s for s in found}
    assert by_path["a.txt"].paths == ("a.txt", "sub dir/同一页.txt")
    assert by_path["a.txt"].sha256 == sha256_hex("人大".encode())
    assert by_path["b.txt"].paths == ("b.txt", "inside-link.txt")
    assert [(u.path, u.reason.split(":")[0]) for u in bad] == [("link.txt", "symlink_outside")]


def test_read_verified_detects_changes_and_disappearance(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"one")
    (found,), _ = sources.scan(tmp_path)
    assert sources.read_verified(tmp_path, found) == b"one"
    (tmp_path / "a.txt").write_bytes(b"two")
    assert sources.read_verified(tmp_path, found).startswith("changed_during_run")
    (tmp_path / "a.txt").unlink()
    assert sources.read_verified(tmp_path, found).startswith("vanished")


def test_batches_cover_everything_in_order():
    items = list(range(53))
    chunks = sources.batches(items, 25)
    assert [len(c) for c in chunks] == [25, 25, 3]
    assert [x for c in chunks for x in c] == items
