"""Content-addressed cache of one page's validated rows, so a rebuild only processes what changed.

A page's rows are a pure function of its bytes and of the code that reads them, so the key is
the raw bytes' SHA-256 inside a directory named by the pipeline version *and* a fingerprint of
every source file and data table that shapes the rows (editing a layout rule without bumping the
version must not serve stale rows). The only path-dependent fields, ``source_path`` and
``source_paths`` of the document row, are restamped from the current scan on load, so a renamed
or duplicated page is still a hit.

Entries are one JSON file per page (pickle-free, validated by the same pydantic models on load;
a file that fails to parse or validate is a miss and gets rewritten), written atomically with
:func:`pipeline.fsatomic.write_bytes`, so a crash leaves complete entries or none. Rejects are
cached too, except transient ones (a vanished, changing or unreadable file) that may heal.

A second, smaller record makes a rebuild with nothing changed almost free: after a build, a
*stamp* per output folder holds a digest of its inputs (every content hash with its paths, the
unreadable paths, the tokens switch, the code fingerprint), the SHA-256 of the manifest written
and the run's summary. When the next scan gives the same digest and the output still hashes to
what its manifest says, there is nothing to read, load or write.

No Prefect here: the flow decides what to submit, this module only stores and loads.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from functools import cache
from importlib import metadata
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline import __version__, fsatomic
from pipeline.records import PageRecords
from pipeline.sources import SourceFile, Unreadable
from schemas import SCHEMA_VERSION, Article, Document, Mention, Paragraph, Tokens

FORMAT = 1  # bump when the entry or stamp layout changes (this module is not fingerprinted)
# Reject codes that describe the file system at one moment, not the bytes: never cached.
TRANSIENT_CODES = frozenset({"vanished", "changed_during_run", "unreadable", "not_a_file"})
_PACKAGE = Path(__file__).resolve().parent
_ROOT = _PACKAGE.parent
# Everything the rows depend on: readers, rules, data tables, the contract. (CLI, flows, release
# and dataset writing are not here: they do not change a page's rows.)
_FINGERPRINTED = (
    _PACKAGE / "ingest.py",
    _PACKAGE / "records.py",
    _PACKAGE / "sources.py",
    _PACKAGE / "types.py",
    _PACKAGE / "layout",
    _PACKAGE / "extract",
    _PACKAGE / "data",
    _ROOT / "schemas",
)


class _Entry(BaseModel):
    """The on-disk form of one page: the five tables' rows, validated on load."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    format: int
    sha256: str
    tokens: bool
    documents: list[Document]
    articles: list[Article]
    paragraphs: list[Paragraph]
    mentions: list[Mention]
    tokens_rows: list[Tokens]


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(
        p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


@cache
def fingerprint() -> str:
    """Hash of the code, data and dependency versions that determine a page's rows."""
    h = hashlib.sha256(f"format={FORMAT};schema={SCHEMA_VERSION};".encode())
    for dist in ("jieba", "pydantic"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{dist}={metadata.version(dist)};".encode())
    for root in _FINGERPRINTED:
        for f in _files(root):
            h.update(f.relative_to(_ROOT).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def version_key() -> str:
    """Directory name of this code's entries: readable version plus the code fingerprint."""
    return f"{__version__}-{fingerprint()[:12]}"


def default_root() -> Path:
    from pipeline.cache import cache_dir

    return cache_dir("pages")


def entry_path(root: Path, sha256: str, with_tokens: bool) -> Path:
    """``<root>/<version>/<sha[:2]>/<sha>[.tokens].json`` (fan-out keeps directories small)."""
    name = f"{sha256}.tokens.json" if with_tokens else f"{sha256}.json"
    return Path(root) / version_key() / sha256[:2] / name


def candidates(root: Path, sha256: str, with_tokens: bool) -> list[Path]:
    """Entries that can serve a page: a tokens entry also serves a build without tokens."""
    paths = [entry_path(root, sha256, with_tokens)]
    if not with_tokens:
        paths.append(entry_path(root, sha256, True))
    return paths


def has(root: Path, sha256: str, with_tokens: bool) -> bool:
    """Cheap existence check (one stat), used to decide which pages need processing."""
    return any(p.is_file() for p in candidates(root, sha256, with_tokens))


def cacheable(recs: PageRecords) -> bool:
    """Whether a page's outcome depends on its bytes only (not on a file-system accident)."""
    for d in recs.documents:
        if d.status == "rejected" and (d.reason or "").split(":", 1)[0] in TRANSIENT_CODES:
            return False
    return len(recs.documents) == 1


def put(root: Path, source: SourceFile, recs: PageRecords, with_tokens: bool) -> bool:
    """Store one page's rows atomically; False (nothing written) for a transient reject."""
    if not cacheable(recs):
        return False
    entry = _Entry(
        format=FORMAT,
        sha256=source.sha256,
        tokens=with_tokens,
        documents=recs.documents,
        articles=recs.articles,
        paragraphs=recs.paragraphs,
        mentions=recs.mentions,
        tokens_rows=recs.tokens if with_tokens else [],
    )
    # No fsync per page (it doubled the cost of a cold build): a power cut can at worst leave an
    # empty entry, which get() rejects as a miss and the next build rewrites.
    data = entry.model_dump_json().encode()
    fsatomic.write_bytes(entry_path(root, source.sha256, with_tokens), data, durable=False)
    return True


def get(root: Path, source: SourceFile, with_tokens: bool) -> PageRecords | None:
    """The cached rows of ``source`` with its current paths, or None on a miss.

    An unreadable, corrupt or mismatched entry is a miss (the page is processed again and the
    entry rewritten): the cache can only cost time, never correctness.
    """
    for path in candidates(root, source.sha256, with_tokens):
        try:
            entry = _Entry.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError):
            continue
        if entry.format != FORMAT or entry.sha256 != source.sha256 or len(entry.documents) != 1:
            continue
        doc = entry.documents[0]
        if doc.sha256 != source.sha256:
            continue
        doc = doc.model_copy(update={"source_path": source.paths[0], "source_paths": list(source.paths)})
        return PageRecords(
            documents=[doc],
            articles=list(entry.articles),
            paragraphs=list(entry.paragraphs),
            mentions=list(entry.mentions),
            tokens=list(entry.tokens_rows) if with_tokens else [],
        )
    return None


def inputs_digest(found: list[SourceFile], unreadable: list[Unreadable], with_tokens: bool) -> str:
    """Everything a dataset is a function of, as one hash (paths included: they are columns)."""
    doc = {
        "version": version_key(),
        "tokens": with_tokens,
        "found": sorted([s.sha256, list(s.paths)] for s in found),
        "unreadable": sorted([u.path, u.reason] for u in unreadable),
    }
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def stamp_path(root: Path, out_dir: Path) -> Path:
    key = hashlib.sha256(os.fsencode(Path(out_dir).resolve())).hexdigest()[:32]
    return Path(root) / "builds" / f"{key}.json"


def save_stamp(root: Path, out_dir: Path, digest: str, summary: dict) -> None:
    """Remember what ``out_dir`` was built from (call after it was swapped in)."""
    manifest = Path(out_dir) / "manifest.json"
    doc = {
        "format": FORMAT,
        "out_dir": str(Path(out_dir).resolve()),
        "inputs": digest,
        "manifest_sha256": hashlib.sha256(manifest.read_bytes()).hexdigest(),
        "summary": summary,
    }
    fsatomic.write_bytes(stamp_path(root, out_dir), json.dumps(doc, ensure_ascii=False).encode())


def forget_stamp(root: Path, out_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(stamp_path(root, out_dir))


def _intact(out_dir: Path, manifest_sha256: str) -> bool:
    """``out_dir`` is the dataset the stamp recorded: its manifest, and every file it lists."""
    try:
        raw = (out_dir / "manifest.json").read_bytes()
        if hashlib.sha256(raw).hexdigest() != manifest_sha256:
            return False
        files = json.loads(raw)["files"]
        names = {p.name for p in out_dir.iterdir()}
        if names != {*files, "manifest.json"}:
            return False
        for name, meta in files.items():
            path = out_dir / name
            if path.stat().st_size != meta["bytes"]:
                return False
            if hashlib.sha256(path.read_bytes()).hexdigest() != meta["sha256"]:
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def unchanged(root: Path, out_dir: Path, digest: str) -> dict | None:
    """The recorded summary when ``out_dir`` is intact and was built from exactly these inputs."""
    try:
        doc = json.loads(stamp_path(root, out_dir).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("inputs") != digest:
        return None
    if not _intact(Path(out_dir), str(doc.get("manifest_sha256"))):
        return None
    summary = doc.get("summary")
    return summary if isinstance(summary, dict) else None


STALE_VERSION_DAYS = 14


def sweep(root: Path, max_age_seconds: float = 3600.0, stale_days: float = STALE_VERSION_DAYS) -> int:
    """Housekeeping at the start of a build; returns how many entries were removed.

    Deletes temp files left by a killed writer (older than ``max_age_seconds``, so a build still
    writing is never disturbed), and the entries of other code versions no build has used for
    ``stale_days`` (every edit of a reader makes a new version; switching back within two weeks
    still finds its entries). The current version's folder is touched to mark it used.
    """
    root = Path(root)
    base = root / version_key()
    removed = 0
    now = time.time()
    if base.is_dir():
        os.utime(base)
        for tmp in base.glob("*/.*.tmp"):
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < now - max_age_seconds:
                    os.unlink(tmp)
                    removed += 1
    if root.is_dir():
        for other in root.iterdir():
            if other == base or other.name == "builds" or not other.is_dir():
                continue
            with contextlib.suppress(OSError):
                if other.stat().st_mtime < now - stale_days * 86400:
                    shutil.rmtree(other)
                    removed += 1
    return removed


__all__ = [
    "FORMAT",
    "TRANSIENT_CODES",
    "cacheable",
    "candidates",
    "default_root",
    "entry_path",
    "fingerprint",
    "forget_stamp",
    "get",
    "has",
    "inputs_digest",
    "put",
    "save_stamp",
    "stamp_path",
    "sweep",
    "unchanged",
    "version_key",
]
