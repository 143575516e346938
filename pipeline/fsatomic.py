"""Atomic file and directory replacement.

A reader of ``output/`` must see either the previous complete dataset or the new complete one,
never a mix: files are written under a temporary name and renamed; a dataset directory is
built beside the target and swapped in with ``renameat2(RENAME_EXCHANGE)`` where the kernel
offers it (Linux), else with two renames and a recovery step on the next run.

A process killed at any point (SIGKILL, power loss after the fsyncs) leaves the previous dataset
complete; debris (a staging dir, a half-swapped ``.old``) is cleaned up or rolled back by
:func:`recover` on the next run. Staging dirs carry their creator's pid so that ``recover`` never
deletes the work of a build that is still running.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp/mkdtemp create private (0600/0700) entries; published files get the usual modes.
_UMASK = _umask()
FILE_MODE = 0o666 & ~_UMASK
DIR_MODE = 0o777 & ~_UMASK


def write_bytes(path: Path, data: bytes, durable: bool = True) -> None:
    """Write a file so that it either exists complete or not at all.

    ``durable=False`` skips the fsync: still all-or-nothing for a crash of the process, but a power
    loss may leave an empty file — fine for caches, whose readers validate what they load."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when the platform cannot."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def fsync_file(path: Path) -> None:
    """Flush a file written through another handle (e.g. pyarrow's writer) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make renames and new entries in ``path`` durable (a file's fsync does not cover its name)."""
    with contextlib.suppress(OSError):  # some file systems cannot fsync a directory
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def staging_dir(target: Path) -> Path:
    """A fresh directory beside ``target`` (same filesystem, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.staging-{os.getpid()}-"))
    path.chmod(DIR_MODE)
    return path


_PID = re.compile(r"\.(?:staging|old)-(\d+)")


def _alive(path: Path) -> bool:
    """Whether the process that made ``path`` (pid in its name) still runs: then it is not debris."""
    m = _PID.search(path.name)
    if not m:
        return False
    pid = int(m.group(1))
    if pid == os.getpid():
        return False  # ours from an earlier, failed write in this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path, keep: Path | None = None) -> None:
    """Finish or undo a swap interrupted between its two renames, and drop stale staging dirs
    (all but ``keep``: the one the caller is about to swap in)."""
    parent = target.parent
    if not parent.exists():
        return
    olds = sorted(p for p in parent.glob(f".{target.name}.old-*") if not _alive(p))
    if not target.exists() and olds:
        os.replace(olds[-1], target)
        fsync_dir(parent)
        olds = olds[:-1]
    stale = [p for p in parent.glob(f".{target.name}.staging-*") if not _alive(p) and p != keep]
    for path in [*olds, *stale]:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``target``'s parent folder: two builds writing the same output
    then take turns instead of racing on recover/swap. The lock dies with the process, so a
    killed build never leaves it held; flock on the folder itself leaves no lock file behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def swap_in(staging: Path, target: Path) -> None:
    """Make ``staging`` the new ``target`` atomically and delete the previous one."""
    fsync_dir(staging)
    if not target.exists():
        os.replace(staging, target)
        fsync_dir(target.parent)
        return
    if _exchange(staging, target):
        fsync_dir(target.parent)
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous dataset
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    os.replace(target, old)
    os.replace(staging, target)
    fsync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)
