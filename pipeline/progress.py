"""Build progress a person can read: pages done/total, pages/s, ETA and rejects so far.

On a terminal, one live line drawn by rich (which Prefect already brings); off a terminal (cron,
CI, a log file) a plain line every ``interval`` seconds and one at the end, so logs stay short
and greppable. The flow reports whole batches; with the in-process runner each page also ticks
as it is done, so a batch of 100 pages does not look frozen. Nothing is reported unless the
command line opened a reporter: a Prefect deployment or a Dask worker runs silently.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import TextIO

_current: Reporter | None = None


def process_age() -> float:
    """Seconds since this process started (Linux: from /proc, so interpreter start-up and
    imports count too), else since this module was imported."""
    try:
        with open("/proc/self/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5), counted after the ")" of comm
        with open("/proc/uptime", "rb") as fh:
            uptime = float(fh.read().split()[0])
        import os

        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED


_IMPORTED = time.perf_counter()


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return "ETA ?"
    seconds = round(seconds)
    m, s = divmod(seconds, 60)
    h, m = divmod(m, 60)
    return f"ETA {h}h{m:02d}m" if h else (f"ETA {m}m{s:02d}s" if m else f"ETA {s}s")


class Reporter:
    """Counts pages; subclasses draw them."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.rejected = 0
        self.started = time.monotonic()

    def start(self, total: int) -> None:
        self.total, self.done, self.rejected = total, 0, 0
        self.started = time.monotonic()
        self._draw(final=False)

    def page_done(self) -> None:
        """One page finished inside a batch (in-process runner only)."""
        self.done = min(self.total, self.done + 1)
        self._tick()

    def batch_done(self, pages_so_far: int, rejected_so_far: int) -> None:
        """A batch was written: the authoritative counts."""
        self.done, self.rejected = pages_so_far, rejected_so_far
        self._tick()

    def rate(self) -> float | None:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if self.done and elapsed > 0 else None

    def line(self) -> str:
        rate = self.rate()
        pct = f" ({100 * self.done / self.total:.0f} %)" if self.total else ""
        speed = f"{rate:,.0f} pages/s" if rate else "– pages/s"
        eta = _eta((self.total - self.done) / rate if rate else None)
        return f"{self.done:,}/{self.total:,} pages{pct}, {speed}, {eta}, {self.rejected:,} rejected"

    def close(self) -> None:
        self._draw(final=True)

    def abort(self) -> None:
        """The build failed or was interrupted: stop drawing, claim nothing."""

    def _tick(self) -> None:
        pass

    def _draw(self, final: bool) -> None:
        pass


class PlainReporter(Reporter):
    """A line every ``interval`` seconds, and one at the end."""

    def __init__(self, stream: TextIO, interval: float = 10.0) -> None:
        super().__init__()
        self.stream, self.interval = stream, interval
        self._last = time.monotonic()
        self._started_drawing = False

    def _tick(self) -> None:
        if time.monotonic() - self._last >= self.interval:
            self._draw(final=False)

    def _draw(self, final: bool) -> None:
        if not final and not self._started_drawing:  # no "0/N" line: say something when there is news
            self._started_drawing = True
            return
        self._last = time.monotonic()
        elapsed = time.monotonic() - self.started
        tail = f" in {elapsed:.1f} s" if final else ""
        print(f"baokan: {'done, ' if final else ''}{self.line()}{tail}", file=self.stream, flush=True)


class LiveReporter(Reporter):
    """One live line on a terminal (rich), removed when the build ends: the summary follows."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("baokan build"),
            BarColumn(),
            TextColumn("{task.fields[line]}"),
            console=Console(file=stream),
            transient=True,
            refresh_per_second=4,
        )
        self._task = None

    def start(self, total: int) -> None:
        super().start(total)
        if self._task is None:
            self._progress.start()
            self._task = self._progress.add_task("build", total=max(total, 1), line=self.line())

    def _tick(self) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=self.done, line=self.line())

    def close(self) -> None:
        if self._task is not None:
            self._tick()
            self.abort()

    def abort(self) -> None:
        if self._task is not None:
            self._progress.stop()
            self._task = None


def current() -> Reporter | None:
    return _current


def page_done() -> None:
    if _current is not None:
        _current.page_done()


@contextlib.contextmanager
def reporting(stream: TextIO | None = None, *, interval: float = 10.0) -> Iterator[Reporter]:
    """Report this process's build progress on ``stream`` (stderr) while the block runs."""
    global _current
    stream = stream or sys.stderr
    try:
        live = stream.isatty()
    except (AttributeError, ValueError):
        live = False
    reporter: Reporter = LiveReporter(stream) if live else PlainReporter(stream, interval)
    _current = reporter
    try:
        yield reporter
    except BaseException:
        _current = None
        with contextlib.suppress(Exception):
            reporter.abort()
        raise
    _current = None
    with contextlib.suppress(Exception):
        if reporter.total or reporter.done:
            reporter.close()
