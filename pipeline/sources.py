"""Find the raw pages under a folder and group them by content.

Identity is the content hash: the same bytes under two names are one document (both paths are
recorded). Anything that cannot be read is reported, never skipped silently.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline import ingest

PATTERN = "*.txt"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One distinct raw content and every path it was found under (relative to the raw folder)."""

    paths: tuple[str, ...]
    sha256: str
    n_bytes: int

    @property
    def doc_id(self) -> str:
        return ingest.doc_id_for(self.sha256)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A raw path that could not be read; it becomes a rejected document with this reason."""

    path: str
    reason: str


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def hash_file(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    n = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            n += len(chunk)
    return h.hexdigest(), n


def scan(raw_dir: Path) -> tuple[list[SourceFile], list[Unreadable]]:
    """Every ``*.txt`` under ``raw_dir`` (recursively), grouped by content hash, in path order."""
    root = Path(raw_dir).resolve()
    groups: dict[str, list[str]] = defaultdict(list)
    sizes: dict[str, int] = {}
    bad: list[Unreadable] = []
    for path in sorted(Path(raw_dir).rglob(PATTERN), key=lambda p: p.as_posix()):
        rel = path.relative_to(raw_dir).as_posix()
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                bad.append(Unreadable(rel, "symlink_outside: points outside the raw folder, not followed"))
                continue
        if not path.is_file():
            if path.is_dir():
                continue
            bad.append(Unreadable(rel, "not_a_file: not a regular file"))
            continue
        try:
            digest, size = hash_file(path)
        except FileNotFoundError:
            bad.append(Unreadable(rel, "vanished: the file disappeared during the run"))
            continue
        except OSError as exc:
            bad.append(Unreadable(rel, f"unreadable: {exc.strerror or exc}"))
            continue
        groups[digest].append(rel)
        sizes[digest] = size
    sources = [
        SourceFile(paths=tuple(sorted(paths)), sha256=digest, n_bytes=sizes[digest])
        for digest, paths in groups.items()
    ]
    sources.sort(key=lambda s: s.paths[0])
    return sources, bad


def read_verified(raw_dir: Path, source: SourceFile) -> bytes | str:
    """The bytes of ``source``, or a reject reason when the file changed or vanished since the scan."""
    path = Path(raw_dir) / source.paths[0]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "vanished: the file disappeared during the run"
    except OSError as exc:
        return f"unreadable: {exc.strerror or exc}"
    if hashlib.sha256(data).hexdigest() != source.sha256:
        return "changed_during_run: the file changed between scanning and reading"
    return data


def batches(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


__all__ = ["PATTERN", "SourceFile", "Unreadable", "batches", "read_verified", "scan"]
