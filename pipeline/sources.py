"""Find the raw pages under a folder and group them by content.

Identity is the content hash: the same bytes under two names are one document (both paths are
recorded). Anything that cannot be read is reported, never skipped silently.

I/O errors are split in two. Errors that will not heal on a retry (missing file, permission
denied, a FIFO or a dangling link named ``*.txt``) become a reason, and the path a rejected
document. Anything else (``EIO``, ``ESTALE``, ``ETIMEDOUT``… from a flaky disk or network mount) is
raised, so the Prefect task retries it a bounded number of times, then fails the run loudly,
with the previous dataset kept.

Memory stays bounded whatever the file size: hashing reads 1 MiB chunks, and
:func:`read_verified` never holds more than ``ingest.MAX_PAGE_BYTES + 1`` bytes of a text page
(``MAX_PDF_BYTES + 1`` of a PDF).
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import stat
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline import ingest

PATTERN = "*.txt"
PDF_SUFFIX = ".pdf"  # any case: .PDF is common on files from Windows machines


def is_input(name: str) -> bool:
    """A file the build reads: ``*.txt`` (page text) or ``*.pdf``."""
    return fnmatch.fnmatchcase(name, PATTERN) or name.lower().endswith(PDF_SUFFIX)


def is_pdf_name(path: str) -> bool:
    return path.lower().endswith(PDF_SUFFIX)


_CHUNK = 1 << 20
# errnos a retry cannot fix: the file is gone, forbidden, or not a file.
PERMANENT_ERRNOS = frozenset(
    {
        errno.ENOENT,
        errno.EACCES,
        errno.EPERM,
        errno.EISDIR,
        errno.ENOTDIR,
        errno.ELOOP,
        errno.ENAMETOOLONG,
        errno.ENXIO,
        errno.ENODEV,
    }
)
VANISHED = "vanished: the file disappeared during the run"
CHANGED = "changed_during_run: the file changed between scanning and reading"
# Reject codes that describe the file system at one moment, not the bytes: never cached, and a
# build that saw one is never reused wholesale.
TRANSIENT_CODES = frozenset({"vanished", "changed_during_run", "unreadable", "not_a_file"})


def is_transient(reason: str | None) -> bool:
    """Does a reject reason (``code: message``) carry one of the :data:`TRANSIENT_CODES`?"""
    return (reason or "").split(":", 1)[0] in TRANSIENT_CODES


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One distinct raw content and every path it was found under (relative to the raw folder).

    ``paths`` are valid UTF-8 for the dataset: a file name that is not (a GBK name unpacked from a
    Windows zip) shows its undecodable bytes as ``\\xNN``; ``read_path`` then keeps the name as the
    file system spells it, so the file can still be read.
    """

    paths: tuple[str, ...]
    sha256: str
    n_bytes: int
    read_path: str | None = None

    @property
    def doc_id(self) -> str:
        return ingest.doc_id_for(self.sha256)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A raw path that could not be read; it becomes a rejected document with this reason."""

    path: str
    reason: str


class NotRegular(OSError):
    """The path is not a regular file (FIFO, socket, device, directory)."""


def _escape(part: str) -> str:
    try:
        part.encode("utf-8")
        return part
    except UnicodeEncodeError:
        raw = os.fsencode(part)
        return "".join(chr(b) if b < 0x80 else f"\\x{b:02x}" for b in raw)


def display_path(rel: str) -> str:
    """``rel`` as valid UTF-8: Arrow cannot store the surrogates Python uses for undecodable bytes.

    A path component that is not UTF-8 shows every non-ASCII byte as ``\\xNN`` (guessing GBK
    could name a different file); UTF-8 components are kept as they are.
    """
    return "/".join(_escape(part) for part in rel.split("/"))


def io_reason(exc: OSError) -> str | None:
    """The reject reason for an I/O error that will not heal, or None for a transient one."""
    if isinstance(exc, NotRegular):
        return "not_a_file: not a regular file"
    if exc.errno == errno.ENOENT:
        return VANISHED
    if exc.errno in PERMANENT_ERRNOS:
        return f"unreadable: {exc.strerror or exc}"
    return None


def _open_regular(path: Path) -> int:
    """Open for reading without blocking on a FIFO, and refuse anything but a regular file."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegular(errno.EINVAL, "not a regular file", str(path))
    return fd


def _hash_fd(fh) -> tuple[str, int]:
    h = hashlib.sha256()
    n = 0
    while chunk := fh.read(_CHUNK):
        h.update(chunk)
        n += len(chunk)
    return h.hexdigest(), n


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 and size, read in 1 MiB chunks (a 50 MB file costs 1 MiB of memory)."""
    with os.fdopen(_open_regular(path), "rb") as fh:
        return _hash_fd(fh)


def _candidates(raw_dir: Path, bad: list[Unreadable]) -> list[str]:
    """Relative paths of every ``*.txt`` and ``*.pdf`` entry, not following directory links; unlistable
    directories are reported, not skipped."""

    def onerror(exc: OSError) -> None:
        rel = os.path.relpath(exc.filename, raw_dir) if exc.filename else "."
        bad.append(Unreadable(display_path(rel), f"unreadable_dir: {exc.strerror or exc}"))

    found: list[str] = []
    for dirpath, _dirnames, filenames in os.walk(raw_dir, onerror=onerror):
        base = os.path.relpath(dirpath, raw_dir)
        for name in filenames:
            if is_input(name):
                found.append(name if base == "." else f"{base}/{name}")
    return sorted(found)


def scan(raw_dir: Path) -> tuple[list[SourceFile], list[Unreadable]]:
    """Every ``*.txt`` and ``*.pdf`` under ``raw_dir`` (recursively), grouped by content hash, in path order.

    Raises only on transient I/O errors (see the module docstring).
    """
    raw_dir = Path(raw_dir)
    root = raw_dir.resolve()
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)  # digest → [(display, fs name)]
    sizes: dict[str, int] = {}
    bad: list[Unreadable] = []
    for rel in _candidates(raw_dir, bad):
        path = raw_dir / rel
        shown = display_path(rel)
        if path.is_symlink():
            target = Path(os.path.realpath(path))  # never raises, even on a link loop
            if not target.is_relative_to(root):
                bad.append(Unreadable(shown, "symlink_outside: points outside the raw folder, not followed"))
                continue
            if not target.exists():
                bad.append(Unreadable(shown, "broken_symlink: the link points to nothing (or loops)"))
                continue
        try:
            digest, size = hash_file(path)
        except OSError as exc:
            reason = io_reason(exc)
            if reason is None:
                raise
            bad.append(Unreadable(shown, reason))
            continue
        groups[digest].append((shown, rel))
        sizes[digest] = size
    sources = []
    for digest, names in groups.items():
        names.sort()
        first_shown, first_rel = names[0]
        sources.append(
            SourceFile(
                paths=tuple(shown for shown, _ in names),
                sha256=digest,
                n_bytes=sizes[digest],
                read_path=first_rel if first_rel != first_shown else None,
            )
        )
    sources.sort(key=lambda s: s.paths[0])
    bad.sort(key=lambda u: u.path)
    return sources, bad


def read_verified(raw_dir: Path, source: SourceFile) -> bytes | str:
    """The bytes of ``source``, or a reject reason when the file changed or vanished since the scan
    or is too large to be a page (decided before reading it, so memory stays bounded).

    Raises only on transient I/O errors, for the caller's retry policy.
    """
    path = Path(raw_dir) / (source.read_path or source.paths[0])
    try:
        with os.fdopen(_open_regular(path), "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size != source.n_bytes:
                return CHANGED
            pdf = is_pdf_name(source.paths[0])
            if too_large := ingest.too_large_reason(size, pdf=pdf):
                digest, _ = _hash_fd(fh)
                return CHANGED if digest != source.sha256 else too_large
            limit = ingest.MAX_PDF_BYTES if pdf else ingest.MAX_PAGE_BYTES
            data = fh.read(limit + 1)  # bounded even if the file grows meanwhile
    except OSError as exc:
        reason = io_reason(exc)
        if reason is None:
            raise
        return reason
    if hashlib.sha256(data).hexdigest() != source.sha256:
        return CHANGED
    return data


def batches(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


__all__ = [
    "PATTERN",
    "SourceFile",
    "Unreadable",
    "batches",
    "display_path",
    "io_reason",
    "is_input",
    "read_verified",
    "scan",
]
