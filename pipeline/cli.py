"""The ``baokan`` command line: build, inspect, schema.

Prefect is imported only by the commands that run flows, after ``prefect_env.configure()``, so
``baokan inspect`` stays instant and Prefect's settings see our defaults.
"""

from __future__ import annotations

import argparse
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
    from pipeline import prefect_env

    prefect_env.configure()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from pipeline.flows import build_flow

    signal.signal(signal.SIGTERM, _sigterm_as_interrupt)  # lets Prefect stop its temporary server
    raw, out = Path(args.raw), Path(args.out)
    if not raw.is_dir():
        print(f"baokan: raw folder not found: {raw}", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        summary = build_flow(
            raw_dir=raw, out_dir=out, batch_size=args.batch_size, strict=args.strict, tokens=args.tokens
        )
    print()
    print(summary.render())
    print(f"  wall time  {time.perf_counter() - started:.1f} s including Prefect start-up")
    if summary.rejected:
        return EXIT_FAILED if args.strict else EXIT_REJECTS
    return EXIT_OK


def cmd_inspect(args: argparse.Namespace) -> int:
    from pipeline import ingest
    from pipeline.layout import read_page

    data = Path(args.page).read_bytes()
    page = ingest.read_page(data)
    if isinstance(page, ingest.Reject):
        print(f"rejected: {page.reason}")
        return EXIT_REJECTS
    layout = read_page(page.text)
    print(f"# {args.page}: encoding {page.encoding}, line ends {page.line_ends}")
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


def cmd_schema(args: argparse.Namespace) -> int:
    from pipeline.dataset import json_schema_bytes

    sys.stdout.write(json_schema_bytes().decode("utf-8"))
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="baokan", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"baokan {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the dataset from raw pages")
    b.add_argument("--raw", default="raw", help="folder of raw *.txt pages (default: raw/)")
    b.add_argument("--out", default="output", help="dataset folder, replaced atomically (default: output/)")
    b.add_argument("--batch-size", type=int, default=25, help="pages per Prefect task (default: 25)")
    b.add_argument(
        "--strict", action="store_true", help="treat any rejected page as an error and keep the old dataset"
    )
    b.add_argument(
        "--no-tokens",
        dest="tokens",
        action="store_false",
        help="skip the tokens table (jieba tokenisation is the slowest stage)",
    )
    b.set_defaults(func=cmd_build)
    i = sub.add_parser("inspect", help="show how one page was read, line by line")
    i.add_argument("page", help="a raw page file")
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
