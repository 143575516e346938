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
from pathlib import Path

from pipeline import __version__, errors
from pipeline.errors import EXIT_FAILED, EXIT_OK, EXIT_REJECTS, EXIT_USAGE, UserError, describe_os_error

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_REJECTS", "EXIT_USAGE", "main", "parser"]


def _sigterm_as_interrupt(signum, frame):  # pragma: no cover - exercised by signals only
    errors.arm_watchdog()
    raise KeyboardInterrupt


def cmd_build(args: argparse.Namespace) -> int:
    from pipeline import outdir, prefect_env, startup

    if args.runner != "thread" and not (args.runner == "dask" or args.runner.startswith("dask://")):
        raise UserError(f"unknown runner {args.runner!r} (thread, dask or dask://HOST:PORT)")
    raw, out = Path(args.raw), Path(args.out)
    _check_raw(raw)
    outdir.check_build_out(out, force=args.force)
    prefect_env.configure()
    startup.mark("command line")
    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)  # stops our Prefect server, drops the staging
    home = Path(os.environ["PREFECT_HOME"])
    # One server, named in the environment before Prefect is imported (its settings are read
    # once): the flow and every Dask worker use it. While a server we launched boots, Prefect,
    # the flow and the dictionaries are loaded.
    try:
        with startup.api_server(home, say=_note) as ready:
            from pipeline import flows, pagecache  # noqa: F401 (imports Prefect; configures its logging)

            prefect_env.quiet_console(verbose=args.verbose)
            startup.mark("imports")
            if args.runner == "thread" and ready.launched:  # idle time while our server boots
                startup.warm_dictionaries()
                startup.mark("dictionaries")
            ready(120.0)
            startup.mark("prefect server")
            return _run_build(args, raw, out, pagecache)
    finally:
        startup.mark("exit")
        startup.report_timings()


def _note(message: str) -> None:
    print(f"baokan: {message}", file=sys.stderr)


def _check_raw(raw: Path) -> None:
    if not raw.exists():
        raise UserError(f"raw folder not found: {raw} (pass --raw DIR, a folder of *.txt pages)")
    if not raw.is_dir():
        raise UserError(f"--raw {raw} is a file, not a folder of pages (pass --raw DIR)")
    try:
        with os.scandir(raw) as entries:
            next(entries, None)
    except OSError as exc:
        raise UserError(f"raw folder cannot be read: {describe_os_error(exc)}") from None


def _run_build(args: argparse.Namespace, raw: Path, out: Path, pagecache) -> int:
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from pipeline import progress
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
    started = progress.process_age()
    interval = float(os.environ.get("BAOKAN_PROGRESS_INTERVAL") or 10.0)
    with (
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
        progress.reporting(sys.stderr, interval=interval),
    ):
        summary = flow(
            raw_dir=raw,
            out_dir=out,
            batch_size=batch_size,
            **read_ahead,
            strict=args.strict,
            tokens=args.tokens,
            cache_dir=cache,
        )
    from pipeline import startup

    startup.mark("build")
    print()
    print(summary.render())
    print(
        f"  wall time  {progress.process_age():.1f} s since the command started "
        f"({started:.1f} s of it start-up: imports, Prefect server)"
    )
    sys.stdout.flush()
    if summary.rejected:
        return EXIT_FAILED if args.strict else EXIT_REJECTS
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from pipeline import outdir, serve

    _check_raw(Path(args.raw))
    outdir.check_build_out(Path(args.out), force=args.force)
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
    text, which = page.text, ""
    if page.pages:  # a text of several pages (form feeds): the one asked for
        if not 1 <= args.page_number <= len(page.pages):
            raise UserError(
                f"{args.page} has {len(page.pages)} pages (form feeds); --page takes 1 to {len(page.pages)}"
            )
        which = f", page {args.page_number} of {len(page.pages)} (form feeds; --page N for another)"
        text = page.pages[args.page_number - 1]
    layout = read_page(text)
    print(f"# {args.page}{which}: encoding {page.encoding}, line ends {page.line_ends}")
    if layout.style != "reading_order":
        from pipeline.layout.styles import UNRESTORED

        how = (
            "NOT in reading order: articles flagged" if layout.style in UNRESTORED else "put in reading order"
        )
        print(f"# extractor style: {layout.style} ({how})")
        if layout.style_note:
            print(f"# why: {layout.style_note}")
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


def _inspect_checked(args: argparse.Namespace) -> int:
    """``cmd_inspect`` behind the checks a user's path needs (missing, a folder, unreadable)."""
    page = Path(args.page)
    if not page.exists():
        raise UserError(f"no such page: {page}")
    if page.is_dir():
        raise UserError(f"{page} is a folder; inspect takes one page file (e.g. {page}/NAME.txt)")
    try:
        with open(page, "rb"):
            pass
    except OSError as exc:
        raise UserError(f"cannot read the page: {describe_os_error(exc)}") from None
    return cmd_inspect(args)


def cmd_schema(args: argparse.Namespace) -> int:
    from pipeline.dataset import json_schema_bytes

    sys.stdout.write(json_schema_bytes().decode("utf-8"))
    return EXIT_OK


def _build_options(b: argparse.ArgumentParser) -> None:
    """Options shared by ``build`` and ``serve`` (a scheduled run is the same build)."""
    b.add_argument("--raw", default="raw", help="folder of raw *.txt and *.pdf files (default: raw/)")
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
    b.add_argument(
        "--force",
        action="store_true",
        help="replace --out even if it is a folder baokan did not write (its contents are deleted)",
    )


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
        help="the page to show, of a PDF or of a text of several pages (form feeds; default 1)",
    )
    i.add_argument("--png", metavar="OUT.png", help="PDF: draw the page with every line outlined by role")
    i.set_defaults(func=_inspect_checked)
    s = sub.add_parser("schema", help="print the JSON Schema of every table")
    s.set_defaults(func=cmd_schema)
    from pipeline.release.cli import add_commands  # release, verify

    add_commands(sub)
    for command in [p, *sub.choices.values()]:
        _output_options(command, default=False if command is p else argparse.SUPPRESS)
    return p


def _output_options(p: argparse.ArgumentParser, default) -> None:
    """``--debug``/``--verbose``, accepted before or after the command name."""
    p.add_argument(
        "--debug",
        action="store_true",
        default=default,
        help=f"show the traceback of an error (or set {errors.DEBUG_ENV}=1)",
    )
    p.add_argument(
        "--verbose", action="store_true", default=default, help="show Prefect's own log lines on the terminal"
    )


def main(argv: list[str] | None = None) -> int:
    """The ``baokan`` command: exit codes 0 ok, 1 failed, 2 usage, 3 written with rejects,
    130 interrupted, 141 output pipe closed (see ``pipeline.errors``)."""
    try:
        args = parser().parse_args(argv)
    except KeyboardInterrupt:
        return errors.EXIT_INTERRUPTED
    code = errors.run(lambda: args.func(args), debug=bool(args.debug))
    errors.final_signals(code)
    return code


if __name__ == "__main__":
    sys.exit(main())
