"""The Prefect layer: batching, retries, logging and the run report. No data logic lives here.

One task per batch of pages (seconds of work each), never per paragraph: Prefect's overhead is
milliseconds per task run. Tasks pass paths and hashes in, encoded rows out (Arrow tables and
JSONL bytes, made where the rows are: see ``dataset.encode_batch``); content problems are rejects
inside the records, so a task only fails on I/O, which is what the retries are for.

Streaming: pages go in ``doc_id`` order (the order of every table) to the writer, which appends
each batch's rows to the staged files as it arrives; memory holds a batch or a few, never the
corpus. The staged dataset is swapped in only at the end. In-process, each batch task runs in the
flow's own thread, then its rows are written: page work holds the GIL, so a second thread only
adds contention. On Dask, batches run ahead of the writer, two per worker.

Incremental builds: with a page cache (``cache_dir``), pages whose content hash already has an
entry are loaded, not processed (a hit weighs a fifth of a page in a batch); only new or changed
pages are read and processed (and their rows stored). The dataset is always written whole from
the rows of every page found, so it is exactly what a clean build gives, and removed pages simply
drop out. Prefect's own result cache stays off: content-addressed files are the source of truth.
"""

from __future__ import annotations

import errno
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.task_runners import ThreadPoolTaskRunner

from pipeline import __version__, dataset, pagecache, progress, records, sources
from pipeline.records import PageRecords
from pipeline.sources import SourceFile

Unit = SourceFile | sources.Unreadable

DEFAULT_BATCH_SIZE = 100
# Prefect costs tens of ms per task run and a page takes ~7 ms (no tokens) to ~20 ms: 100 pages
# make a task of about a second. Loading a cached page costs ~1 ms: hits go in larger batches.
CACHED_BATCH_SIZE = 500
# On Dask each task run costs its worker ~0.1 CPU-s more than in-process (a Prefect client per run,
# its TLS context included): larger batches there (2,000 pages on 2 workers: 400 pages per task
# took 17.5–18.1 worker CPU-s against 18.9–20.1 with 100).
DASK_BATCH_SIZE = 400
# Batches submitted ahead of the one being written, with a task runner that runs them elsewhere
# (Dask: about two per worker, which ``baokan build --runner dask`` passes). In-process there is
# no read-ahead: computing the next batch in a worker thread while this one is written made the
# same work cost 8 % more CPU than without Prefect, against 4 % when the task runs in the flow's
# thread (2,000 pages, 4 interleaved runs each; the pure-Python stages hold the GIL, so the two
# threads only took turns, each on cold caches).
READ_AHEAD = 1
AUTO_CACHE = "auto"  # the cache_dir value meaning "the default cache folder" (for deployments)
# Prefect's default cache key hashes every argument on every call (a whole batch of records for
# the write task); we do not use its result cache — identities are content hashes — so turn it off.
_TASK = dict(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE, persist_result=False)
_PERMANENT = (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)
# A full or read-only disk does not heal in a second: fail at once, with the old dataset kept.
_PERMANENT_ERRNOS = frozenset({errno.ENOSPC, errno.EROFS, errno.EDQUOT})


def _transient_io(task_obj, task_run, state) -> bool:
    """Retry transient I/O errors only; errors that will not heal are reported once."""
    try:
        state.result()
    except _PERMANENT:
        return False
    except (OSError, TimeoutError) as exc:
        return getattr(exc, "errno", None) not in _PERMANENT_ERRNOS
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
    # documents whose columns could not be put in reading order, or (PDF) whose stories' bounds the
    # geometry leaves open (flagged articles) …
    flagged: int = 0
    flagged_by: dict[str, int] = field(default_factory=dict)  # … by extractor style or PDF flag
    articles: int = 0
    paragraphs: int = 0
    mentions: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    published: bool = False
    cache_dir: str | None = None
    cached: int = 0  # documents whose rows came from the page cache
    processed: int = 0  # documents read and processed in this run
    unchanged: bool = False  # same inputs as the build that wrote out_dir: nothing was redone
    manifest: dict | None = None

    _STAMPED = ("files", "documents", "ok", "rejected", "flagged", "articles", "paragraphs", "mentions")

    def counts(self) -> dict:
        """The fields a no-change rebuild reports again (stored with the build stamp)."""
        return {k: getattr(self, k) for k in self._STAMPED}

    def restore(self, counts: dict) -> None:
        for k in self._STAMPED:
            setattr(self, k, counts.get(k, 0) if k == "flagged" else counts[k])
        self.rejected = [(p, r) for p, r in self.rejected]

    def _styles(self) -> str:
        """`` (interleaved 2, layout_failed 1)``: the flagged documents by style, when known."""
        by = ", ".join(f"{k} {v}" for k, v in sorted(self.flagged_by.items()))
        return f" ({by})" if by else ""

    def render(self) -> str:
        lines = [
            f"baokan {__version__} build: {self.raw_dir} → {self.out_dir}",
            f"  pages      {self.files} files, {self.documents} documents "
            f"({self.ok} ok, {len(self.rejected)} rejected)"
            + (
                f", {self.flagged} flagged: reading order or story bounds not sure{self._styles()}"
                if self.flagged
                else ""
            ),
            f"  articles   {self.articles}   paragraphs {self.paragraphs}",
            "  mentions   "
            + (", ".join(f"{k} {v}" for k, v in sorted(self.mentions.items())) or "none")
            + f"   (total {sum(self.mentions.values())})",
        ]
        if self.cache_dir is not None:
            lines.append(
                f"  cache      {self.cached} reused, {self.processed} processed   ({self.cache_dir})"
            )
        if self.flagged:
            lines.append(
                "  flagged    which: extractor_style or flags in documents.parquet; why: baokan inspect PAGE"
            )
        for path, reason in self.rejected[:10]:
            lines.append(f"  rejected   {path}: {reason}")
        if len(self.rejected) > 10:
            lines.append(f"  rejected   … and {len(self.rejected) - 10} more (see documents.parquet)")
        state = "written" if self.published else "NOT written (previous dataset kept)"
        if self.unchanged:
            state = "unchanged (same inputs as the last build, files verified)" if self.published else state
        lines.append(f"  dataset    {state}   time {self.seconds:.2f} s")
        return "\n".join(lines)


@task(name="scan-raw", retry_condition_fn=_transient_io, **_TASK)
def scan_task(raw_dir: Path) -> tuple[list[SourceFile], list[sources.Unreadable]]:
    return sources.scan(raw_dir)


@task(name="process-batch", retry_condition_fn=_transient_io, **_TASK)
def process_batch(
    raw_dir: Path, batch: list[Unit], with_tokens: bool = True, cache_dir: str | None = None
) -> dataset.EncodedBatch:
    """The rows of one batch of pages (see :func:`batch_encoded`), encoded for the writer here, where
    they were made: a Dask worker ships Arrow tables and bytes back, not pydantic rows for the
    flow's process to pickle in and encode alone. (The result is an opaque ``__slots__`` object:
    Prefect walks dataclasses and models in task results; measured with rows: −0.6 s CPU per
    1,000 pages, ~15 % of the build.)"""
    return batch_encoded(raw_dir, batch, with_tokens, cache_dir)


def batch_encoded(
    raw_dir: Path, batch: list[Unit], with_tokens: bool = True, cache_dir: str | None = None
) -> dataset.EncodedBatch:
    """``encode_batch(batch_rows(...))``, without decoding or re-encoding cache hits: a hit is
    its stored encoded page; each run of consecutive processed pages is encoded together (one
    ``to_table`` per table and run, as without a cache) and cut into pages for the cache."""
    root = Path(cache_dir) if cache_dir else None
    parts: list[dataset.EncodedBatch] = []
    run: list[tuple[SourceFile | None, PageRecords]] = []
    for source in batch:
        if isinstance(source, sources.Unreadable):
            run.append((None, records.unreadable(source.path, source.reason)))
            continue
        if root is not None and (hit := pagecache.get_encoded(root, source, with_tokens)) is not None:
            parts += _encode_run(root, run, with_tokens)
            parts.append(hit)
            run = []
            progress.page_done()
            continue
        run.append((source, _process(raw_dir, source, with_tokens)))
        progress.page_done()
    parts += _encode_run(root, run, with_tokens)
    return dataset.concat_batches(parts)


def _encode_run(
    root: Path | None, run: list[tuple[SourceFile | None, PageRecords]], with_tokens: bool
) -> list[dataset.EncodedBatch]:
    """One encoded batch for the processed pages of ``run``; their cacheable pages stored."""
    if not run:
        return []
    encoded = dataset.encode_batch(PageRecords.joined(r for _, r in run))
    stored = [source is not None and pagecache.cacheable(recs) for source, recs in run]
    if root is not None and any(stored):
        # Not in doc order (never from plan_batches): split_pages refuses, encode the pages alone.
        pages = dataset.split_pages(encoded, [r for _, r in run]) or [dataset.encode_batch(r) for _, r in run]
        for (source, _), page, store in zip(run, pages, stored, strict=True):
            if store:
                _store(root, source, page, with_tokens)
    return [encoded]


def batch_rows(
    raw_dir: Path, batch: list[Unit], with_tokens: bool = True, cache_dir: str | None = None
) -> PageRecords:
    """Rows of every page in ``batch``: from the page cache when it has them, else read and
    processed (and then stored, so the next build can skip them); unreadable paths become
    their rejected document. (Tests and tools: builds use :func:`batch_encoded`.)"""
    out = PageRecords()
    root = Path(cache_dir) if cache_dir else None
    for source in batch:
        if isinstance(source, sources.Unreadable):
            out.extend(records.unreadable(source.path, source.reason))
            continue
        if root is not None and (hit := pagecache.get(root, source, with_tokens)) is not None:
            out.extend(hit)
            continue
        recs = _process(raw_dir, source, with_tokens)
        if root is not None and pagecache.cacheable(recs):
            _store(root, source, dataset.encode_batch(recs), with_tokens)
        out.extend(recs)
    return out


def _process(raw_dir: Path, source: SourceFile, with_tokens: bool) -> PageRecords:
    data = sources.read_verified(raw_dir, source)
    if isinstance(data, str):
        return records.rejected(source, data)
    return records.page_records(source, data, with_tokens=with_tokens)


def _store(root: Path, source: SourceFile, page: dataset.EncodedBatch, with_tokens: bool) -> None:
    """Cache a page's encoded rows; a cache that cannot be written costs speed next time, not this build."""
    try:
        pagecache.put_encoded(root, source, page, with_tokens)
    except OSError as exc:
        get_run_logger().warning("page cache not written for %s: %s", source.paths[0], exc)


def plan_batches(units: list[Unit], cached: set[str], batch_size: int) -> list[list[Unit]]:
    """Consecutive runs of ``units`` (already in doc_id order, which the writer needs) of about
    ``batch_size`` pages' work each: a cache hit or an unreadable path costs a fifth of a page."""
    hit_cost = batch_size / CACHED_BATCH_SIZE
    out: list[list[Unit]] = []
    chunk: list[Unit] = []
    cost = 0.0
    for u in units:
        chunk.append(u)
        cost += hit_cost if isinstance(u, sources.Unreadable) or u.sha256 in cached else 1.0
        if cost >= batch_size:
            out.append(chunk)
            chunk, cost = [], 0.0
    if chunk:
        out.append(chunk)
    return out


def task_runner(spec: str = "thread", n_workers: int = 2):
    """The task runner for ``--runner``: ``thread`` (the flow's own: one thread, in-process), ``dask`` (a
    local Dask cluster of ``n_workers`` single-threaded processes: jieba and the layout rules hold
    the GIL) or ``dask://HOST:PORT`` (an existing scheduler; its workers need baokan installed and
    the raw, cache and output folders at the same paths).

    Dask workers are separate processes: ``PREFECT_API_URL`` must be exported before they start,
    or each one starts a temporary Prefect server of its own (see ``pipeline.cli``).
    """
    if spec in ("thread", "", None):
        return None
    if spec == "dask" or spec.startswith("dask://"):
        from prefect_dask import DaskTaskRunner

        if spec == "dask":
            kwargs = {"n_workers": n_workers, "threads_per_worker": 1, "processes": True}
            return DaskTaskRunner(cluster_class="distributed.LocalCluster", cluster_kwargs=kwargs)
        return DaskTaskRunner(address="tcp://" + spec.removeprefix("dask://"))
    raise ValueError(f"unknown runner {spec!r}: use thread, dask or dask://HOST:PORT")


def _cache_root(cache_dir: str | Path | None) -> Path | None:
    if cache_dir is None or cache_dir == "":
        return None
    return pagecache.default_root() if str(cache_dir) == AUTO_CACHE else Path(cache_dir)


# In-process, batch tasks run in the flow's thread (see ``_batches``): pages are CPU work that
# holds the GIL, so worker threads add only contention (measured at 2,000 pages: +41 % over the
# same work without Prefect with Prefect's unbounded pool, +8 % with one worker thread, +4 % in
# the flow's thread). Parallelism comes from processes: ``--runner dask``.
@flow(
    name="baokan-build",
    log_prints=False,
    validate_parameters=False,
    task_runner=ThreadPoolTaskRunner(max_workers=1),
)
def build_flow(
    raw_dir: Path = Path("raw"),
    out_dir: Path = Path("output"),
    batch_size: int = DEFAULT_BATCH_SIZE,
    strict: bool = False,
    tokens: bool = True,
    cache_dir: str | None = None,
    read_ahead: int = READ_AHEAD,
) -> BuildSummary:
    """Read every raw page, segment, extract, validate, and publish the dataset atomically.

    ``read_ahead``: with a task runner that computes elsewhere (Dask), batches in flight ahead of
    the writer (memory holds about that many batches; a cluster wants about two per worker).

    ``cache_dir``: page cache folder for incremental builds (``"auto"``: the default one under
    ``BAOKAN_CACHE_DIR``); None processes every page.
    """
    started = time.perf_counter()
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    cache_root = _cache_root(cache_dir)
    logger = get_run_logger()
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    found, unreadable = scan_task(raw_dir)
    logger.info("found %d distinct pages (%d unreadable paths) in %s", len(found), len(unreadable), raw_dir)
    summary = BuildSummary(raw_dir=str(raw_dir), out_dir=str(out_dir))
    reporter = progress.current()
    if reporter is not None:
        reporter.start(len(found) + len(unreadable))
    digest = pagecache.inputs_digest(found, unreadable, tokens)
    if cache_root is not None and (last := pagecache.unchanged(cache_root, out_dir, digest)) is not None:
        logger.info("inputs unchanged since the build that wrote %s: nothing to do", out_dir)
        summary.restore(last)
        summary.cache_dir, summary.cached, summary.unchanged = str(cache_root), len(found), True
        summary.published = not (strict and summary.rejected)
        if reporter is not None:
            reporter.batch_done(len(found) + len(unreadable), len(summary.rejected))
        return _finish(summary, started)
    todo, cached = found, set()
    if cache_root is not None:
        pagecache.sweep(cache_root)
        cached = {s.sha256 for s in found if pagecache.has(cache_root, s.sha256, tokens)}
        todo = [s for s in found if s.sha256 not in cached]
        logger.info("page cache %s: %d pages cached, %d to process", cache_root, len(cached), len(todo))
        summary.cache_dir = str(cache_root)
        summary.cached, summary.processed = len(found) - len(todo), len(todo)
    summary.files = sum(len(s.paths) for s in found) + len(unreadable)
    chunks = plan_batches(records.in_doc_order(found, unreadable), cached, batch_size)
    root_arg = str(cache_root) if cache_root is not None else None
    tally = _Tally()
    pages_done = 0
    with dataset.DatasetWriter(out_dir) as writer:
        for i, part in enumerate(_batches(chunks, raw_dir, tokens, root_arg, read_ahead), start=1):
            writer.add_encoded(part)
            tally.add(part)
            pages_done += len(chunks[i - 1])
            if reporter is not None:
                reporter.batch_done(pages_done, len(tally.rejected))
            logger.info(
                "batch %d/%d: %d pages → %d articles, %d mentions",
                i,
                len(chunks),
                part.counts.get("documents", 0),
                part.counts.get("articles", 0),
                part.counts.get("mentions", 0),
            )
            del part
        tally.fill(summary)
        if strict and summary.rejected:
            logger.error("%d pages rejected and --strict is set: dataset not written", len(summary.rejected))
            return _finish(summary, started)  # leaving the writer drops its staging folder
        if cache_root is not None:
            pagecache.forget_stamp(cache_root, out_dir)
        summary.manifest = writer.commit()
    summary.published = True
    # A page that vanished or changed mid-run is reported from this run's moment: never let a
    # later run reuse that outcome wholesale.
    if cache_root is not None and not tally.transient:
        pagecache.save_stamp(cache_root, out_dir, digest, summary.counts())
    return _finish(summary, started)


def _batches(
    chunks: list[list[Unit]], raw_dir: Path, tokens: bool, root_arg: str | None, read_ahead: int
) -> Iterator[dataset.EncodedBatch]:
    """Each chunk's encoded rows, in order, as the writer wants them (doc_id order, one batch at a time).

    With the flow's own in-process runner each batch task is called in this thread; a runner
    that computes elsewhere (Dask) gets ``read_ahead`` batches submitted ahead of the one being
    written, so its workers keep busy while the writer works."""
    if not isinstance(get_run_context().task_runner, ThreadPoolTaskRunner):
        ahead: deque = deque()
        queue = iter(chunks)

        def submit_next() -> None:
            if (chunk := next(queue, None)) is not None:
                ahead.append(process_batch.submit(raw_dir, chunk, tokens, root_arg))

        for _ in range(max(1, read_ahead)):
            submit_next()
        while ahead:
            part = ahead.popleft().result()
            submit_next()
            yield part
        return
    for chunk in chunks:
        yield process_batch(raw_dir, chunk, tokens, root_arg)


@dataclass(slots=True)
class _Tally:
    """What the summary reports, accumulated batch by batch (the rows themselves are not kept)."""

    documents: int = 0
    ok: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    flagged: int = 0
    flagged_by: Counter = field(default_factory=Counter)
    articles: int = 0
    paragraphs: int = 0
    mentions: Counter = field(default_factory=Counter)
    transient: bool = False

    def add(self, part: dataset.EncodedBatch) -> None:
        self.documents += part.counts.get("documents", 0)
        self.ok += part.counts.get("documents_ok", 0)
        self.flagged += part.counts.get("documents_flagged", 0)
        self.flagged_by.update(
            {k.partition(":")[2]: v for k, v in part.counts.items() if k.startswith("documents_flagged:")}
        )
        self.rejected += [(path, reason) for path, reason, _ in part.rejects]
        self.transient |= any(transient for _, _, transient in part.rejects)
        self.articles += part.counts.get("articles", 0)
        self.paragraphs += part.counts.get("paragraphs", 0)
        self.mentions.update(part.mentions_by_type)

    def fill(self, summary: BuildSummary) -> None:
        summary.documents, summary.ok = self.documents, self.ok
        summary.rejected = sorted(self.rejected)
        summary.flagged, summary.flagged_by = self.flagged, dict(self.flagged_by)
        summary.articles, summary.paragraphs = self.articles, self.paragraphs
        summary.mentions = dict(self.mentions)


def _finish(summary: BuildSummary, started: float) -> BuildSummary:
    summary.seconds = time.perf_counter() - started
    create_markdown_artifact(
        key="baokan-build-summary",
        markdown="```\n" + summary.render() + "\n```",
        description="baokan build summary",
    )
    return summary
