import os
from pathlib import Path

from pipeline import fsatomic


def _make(d: Path, content: str) -> Path:
    d.mkdir()
    (d / "f.txt").write_text(content)
    return d


def test_swap_replaces_the_directory_and_removes_the_old(tmp_path):
    target = _make(tmp_path / "out", "old")
    staging = fsatomic.staging_dir(target)
    (staging / "f.txt").write_text("new")
    fsatomic.swap_in(staging, target)
    assert (target / "f.txt").read_text() == "new"
    assert not staging.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_swap_into_a_missing_target(tmp_path):
    staging = fsatomic.staging_dir(tmp_path / "out")
    (staging / "f.txt").write_text("new")
    fsatomic.swap_in(staging, tmp_path / "out")
    assert (tmp_path / "out" / "f.txt").read_text() == "new"


def test_recover_restores_an_interrupted_two_step_swap(tmp_path):
    # A crash between "rename target away" and "rename staging in" leaves only the old copy.
    old = _make(tmp_path / ".out.old-123", "previous")
    stale = _make(tmp_path / ".out.staging-abc", "half")
    fsatomic.recover(tmp_path / "out")
    assert (tmp_path / "out" / "f.txt").read_text() == "previous"
    assert not old.exists() and not stale.exists()


def test_write_bytes_leaves_no_temporary_files(tmp_path):
    fsatomic.write_bytes(tmp_path / "a" / "x.bin", b"123")
    assert (tmp_path / "a" / "x.bin").read_bytes() == b"123"
    assert os.listdir(tmp_path / "a") == ["x.bin"]
