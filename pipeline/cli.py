"""The ``baokan`` command line: build, serve, inspect, schema.

Prefect is imported only by the commands that run flows, after ``prefect_env.configure()``, so
``baokan inspect`` stays instant and Prefect's settings see our defaults.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import time
from pathlib import Path

from pipeline import __version__

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REJECTS = 3  # dataset written, but some inputs were rejected (see documents.parquet)


def _sigterm_as_interrupt(signum, frame):  # pragma: no cover - exercised by signals only
    raise KeyboardInterrupt


def cmd_build(args: argparse.Namespace) -> int:
    from pipeline import pagecache, prefect_env

    if args.runner != "thread" and not (args.runner == "dask" or args.runner.startswith("dask://")):
        print(f"baokan: unknown runner {args.runner!r} (thread, dask or dask://HOST:PORT)", file=sys.stderr)
        return EXIT_USAGE
    prefect_env.configure()
    raw, out = Path(args.raw), Path(args.out)
    if not raw.is_dir():
        print(f"baokan: raw folder not found: {raw}", file=sys.stderr)
        return EXIT_USAGE
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)  # lets Prefect stop its temporary server
    if args.runner == "thread":
        return _run_build(args, raw, out, pagecache)
    from pipeline.serve import exported_api_server

    # Dask workers are processes: without an exported API URL each would start a temporary
    # Prefect server of its own on the same SQLite file. One server, started before Prefect is
    # imported (its settings are read once), serves the flow and every worker.
    with exported_api_server(Path(os.environ["PREFECT_HOME"])):
        return _run_build(args, raw, out, pagecache)


def _run_build(args: argparse.Namespace, raw: Path, out: Path, pagecache) -> int:
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from pipeline.flows import DASK_BATCH_SIZE, DEFAULT_BATCH_SIZE, build_flow, task_runner

    flow = build_flow
    read_ahead = {}
    batch_size = args.batch_size or DEFAULT_BATCH_SIZE
    if (runner := task_runner(args.runner, n_workers=args.workers)) is not None:
        flow = build_flow.with_options(task_runner=runner)
        read_ahead = {"read_ahead": 2 * args.workers}
        batch_size = args.batch_size or DASK_BATCH_SIZE
    cache = None if args.no_cache else str(Path(args.cache) if args.cache else pagecache.default_root())
    # Imports (Prefect, dictionaries) leave ~10^6 long-lived objects that every full garbage
    # collection would walk again while the batches go through: exempt them (measured: −20 % CPU
    # at 2,000 pages). A one-shot process, so nothing is leaked for long.
    gc.collect()
    gc.freeze()
    started = time.perf_counter()
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        summary = flow(
            raw_dir=raw,
            out_dir=out,
            batch_size=batch_size,
            **read_ahead,
            strict=args.strict,
            tokens=args.tokens,
            cache_dir=cache,
        )
    print()
    print(summary.render())
    print(f"  wall time  {time.perf_counter() - started:.1f} s including Prefect start-up")
    if summary.rejected:
        return EXIT_FAILED if args.strict else EXIT_REJECTS
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from pipeline import serve

    if not Path(args.raw).is_dir():
        print(f"baokan: raw folder not found: {args.raw}", file=sys.stderr)
        return EXIT_USAGE
    cache = None if args.no_cache else (args.cache or "auto")
    sized = {"batch_size": args.batch_size} if args.batch_size else {}
    params = serve.parameters(
        args.raw, args.out, tokens=args.tokens, cache=cache, strict=args.strict, **sized
    )
    return serve.serve(args.cron, params, name=args.name)


def cmd_inspect(args: argparse.Namespace) -> int:
    from pipeline import ingest
    from pipeline.layout import read_page

    if _is_pdf_file(Path(args.page)):
        from pipeline.pdf.inspect import inspect_pdf

        png = Path(args.png) if args.png else None
        return inspect_pdf(Path(args.page), args.page_number, png, sys.stdout)
    data = Path(args.page).read_bytes()
    page = ingest.read_page(data)
    if isinstance(page, ingest.Reject):
        print(f"rejected: {page.reason}")
        return EXIT_REJECTS
    layout = read_page(page.text)
    print(f"# {args.page}: encoding {page.encoding}, line ends {page.line_ends}")
    if layout.style != "reading_order":
        from pipeline.layout.styles import UNRESTORED

        how = (
            "NOT in reading order: articles flagged" if layout.style in UNRESTORED else "put in reading order"
        )
        print(f"# extractor style: {layout.style} ({how})")
    for line in layout.lines:
        art = "" if line.article is None else f"a{line.article}"
        note = f"  ({line.note})" if line.note else ""
        print(f"{line.lineno:5d} {line.role:<9} {art:>4} │ {line.raw}{note}")
    f = layout.furniture
    print(f"\n# furniture: publication={f.publication} date={f.date} page={f.page} column={f.column}")
    for i, a in enumerate(layout.articles):
        print(f"\n# article a{i}: lines {a.line_start}-{a.line_end} flags={list(a.flags)}")
        print(f"  title     {a.title!r}  kicker={a.kicker!r} subtitle={a.subtitle!r}")
        print(f"  authors   {list(a.authors)}  region={a.author_region!r}")
        print(f"  affil.    {a.author_affiliation!r}")
        for p in a.paragraphs:
            head = f"[{p.heading}] " if p.heading else ""
            print(f"  ¶ {p.line_start}-{p.line_end} {head}{p.text[:60]}{'…' if len(p.text) > 60 else ''}")
    return EXIT_OK


def _is_pdf_file(path: Path) -> bool:
    """A PDF by its name or its signature (a PDF saved under another name reads as one)."""
    if path.suffix.lower() == ".pdf":
        return True
    with path.open("rb") as fh:
        return b"%PDF-" in fh.read(1024)


def cmd_schema(args: argparse.Namespace) -> int:
    from pipeline.dataset import json_schema_bytes

    sys.stdout.write(json_schema_bytes().decode("utf-8"))
    return EXIT_OK


def _build_options(b: argparse.ArgumentParser) -> None:
    """Options shared by ``build`` and ``serve`` (a scheduled run is the same build)."""
    b.add_argument("--raw", default="raw", help="folder of raw *.txt pages (default: raw/)")
    b.add_argument("--out", default="output", help="dataset folder, replaced atomically (default: output/)")
    b.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="pages per Prefect task (default: 100 in-process, 400 with --runner dask)",
    )
    b.add_argument(
        "--strict", action="store_true", help="treat any rejected page as an error and keep the old dataset"
    )
    b.add_argument(
        "--no-tokens",
        dest="tokens",
        action="store_false",
        help="skip the tokens table (jieba tokenisation is the slowest stage)",
    )
    b.add_argument(
        "--cache",
        metavar="DIR",
        help="page cache for incremental builds: only new or changed pages are processed "
        "(default: $BAOKAN_CACHE_DIR/pages, i.e. ~/.cache/baokan/pages)",
    )
    b.add_argument("--no-cache", action="store_true", help="process every page; read and write no page cache")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="baokan", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"baokan {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the dataset from raw pages")
    _build_options(b)
    b.add_argument(
        "--runner",
        default="thread",
        metavar="RUNNER",
        help="where tasks run: thread (default, this process), dask (a local cluster of --workers "
        "processes) or dask://HOST:PORT (an existing Dask scheduler)",
    )
    b.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        metavar="N",
        help="worker processes of --runner dask's local cluster (default: this machine's cores); "
        "with dask://, how many workers to keep busy (two batches in flight each)",
    )
    b.set_defaults(func=cmd_build)
    v = sub.add_parser("serve", help="run the build on a cron schedule with Prefect (until Ctrl-C)")
    v.add_argument("--cron", default="0 6 * * *", help='cron schedule (default: "0 6 * * *", daily 06:00)')
    v.add_argument("--name", default="scheduled", help="Prefect deployment name (default: scheduled)")
    _build_options(v)
    v.set_defaults(func=cmd_serve)
    i = sub.add_parser("inspect", help="show how one page was read, line by line")
    i.add_argument("page", help="a raw page file (*.txt or *.pdf)")
    i.add_argument(
        "--page",
        dest="page_number",
        type=int,
        default=1,
        metavar="N",
        help="PDF: the page to show (default 1)",
    )
    i.add_argument("--png", metavar="OUT.png", help="PDF: draw the page with every line outlined by role")
    i.set_defaults(func=cmd_inspect)
    s = sub.add_parser("schema", help="print the JSON Schema of every table")
    s.set_defaults(func=cmd_schema)
    from pipeline.release.cli import add_commands  # release, verify

    add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("baokan: interrupted; the previous dataset is intact", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
