"""The Prefect layer: batching, retries, logging and the run report. No data logic lives here.

One task per batch of pages (seconds of work each), never per paragraph: Prefect's overhead is
milliseconds per task run. Tasks pass paths and hashes in, records out; content problems are
rejects inside the records, so a task only fails on I/O, which is what the retries are for.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from pipeline import __version__, dataset, records, sources
from pipeline.records import PageRecords
from pipeline.sources import SourceFile

DEFAULT_BATCH_SIZE = 25
# Prefect's default cache key hashes every argument on every call (a whole batch of records for
# the write task); we do not use its result cache — identities are content hashes — so turn it off.
_TASK = dict(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE, persist_result=False)
_PERMANENT = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)


def _transient_io(task_obj, task_run, state) -> bool:
    """Retry transient I/O errors only; errors that will not heal are reported once."""
    try:
        state.result()
    except _PERMANENT:
        return False
    except (OSError, TimeoutError):
        return True
    except BaseException:
        return False
    return False


@dataclass(slots=True)
class BuildSummary:
    raw_dir: str
    out_dir: str
    files: int = 0
    documents: int = 0
    ok: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    articles: int = 0
    paragraphs: int = 0
    mentions: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    published: bool = False
    manifest: dict | None = None

    def render(self) -> str:
        lines = [
            f"baokan {__version__} build: {self.raw_dir} → {self.out_dir}",
            f"  pages      {self.files} files, {self.documents} documents "
            f"({self.ok} ok, {len(self.rejected)} rejected)",
            f"  articles   {self.articles}   paragraphs {self.paragraphs}",
            "  mentions   "
            + (", ".join(f"{k} {v}" for k, v in sorted(self.mentions.items())) or "none")
            + f"   (total {sum(self.mentions.values())})",
        ]
        for path, reason in self.rejected[:10]:
            lines.append(f"  rejected   {path}: {reason}")
        if len(self.rejected) > 10:
            lines.append(f"  rejected   … and {len(self.rejected) - 10} more (see documents.parquet)")
        state = "written" if self.published else "NOT written (previous dataset kept)"
        lines.append(f"  dataset    {state}   time {self.seconds:.1f} s")
        return "\n".join(lines)


@task(name="scan-raw", retry_condition_fn=_transient_io, **_TASK)
def scan_task(raw_dir: Path) -> tuple[list[SourceFile], list[sources.Unreadable]]:
    return sources.scan(raw_dir)


@task(name="process-batch", retry_condition_fn=_transient_io, **_TASK)
def process_batch(raw_dir: Path, batch: list[SourceFile], with_tokens: bool = True) -> PageRecords:
    out = PageRecords()
    for source in batch:
        data = sources.read_verified(raw_dir, source)
        if isinstance(data, str):
            out.extend(records.rejected(source, data))
        else:
            out.extend(records.page_records(source, data, with_tokens=with_tokens))
    return out


@task(name="write-dataset", retry_condition_fn=_transient_io, **_TASK)
def write_task(result: PageRecords, out_dir: Path) -> dict:
    return dataset.write_dataset(result, out_dir)


@flow(name="baokan-build", log_prints=False, validate_parameters=False)
def build_flow(
    raw_dir: Path = Path("raw"),
    out_dir: Path = Path("output"),
    batch_size: int = DEFAULT_BATCH_SIZE,
    strict: bool = False,
    tokens: bool = True,
) -> BuildSummary:
    """Read every raw page, segment, extract, validate, and publish the dataset atomically."""
    started = time.perf_counter()
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    logger = get_run_logger()
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    found, unreadable = scan_task(raw_dir)
    logger.info("found %d distinct pages (%d unreadable paths) in %s", len(found), len(unreadable), raw_dir)
    result = PageRecords()
    for bad in unreadable:
        result.extend(records.unreadable(bad.path, bad.reason))
    chunks = sources.batches(found, batch_size)
    futures = [process_batch.submit(raw_dir, chunk, tokens) for chunk in chunks]
    for i, fut in enumerate(futures, 1):
        part = fut.result()
        result.extend(part)
        logger.info(
            "batch %d/%d: %d pages → %d articles, %d mentions",
            i,
            len(chunks),
            len(part.documents),
            len(part.articles),
            len(part.mentions),
        )
    summary = BuildSummary(raw_dir=str(raw_dir), out_dir=str(out_dir))
    summary.files = sum(len(s.paths) for s in found) + len(unreadable)
    summary.documents = len(result.documents)
    summary.ok = sum(d.status == "ok" for d in result.documents)
    summary.rejected = [(d.source_path, d.reason or "") for d in result.documents if d.status == "rejected"]
    summary.articles = len(result.articles)
    summary.paragraphs = len(result.paragraphs)
    summary.mentions = dict(Counter(m.type for m in result.mentions))
    if strict and summary.rejected:
        logger.error("%d pages rejected and --strict is set: dataset not written", len(summary.rejected))
    else:
        summary.manifest = write_task(result, out_dir)
        summary.published = True
    summary.seconds = time.perf_counter() - started
    create_markdown_artifact(
        key="baokan-build-summary",
        markdown="```\n" + summary.render() + "\n```",
        description="baokan build summary",
    )
    return summary
