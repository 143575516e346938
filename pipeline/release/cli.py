"""``baokan release VERSION`` and ``baokan verify RELEASE_DIR``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def cmd_release(args: argparse.Namespace) -> int:
    from pipeline.outdir import check_release_to
    from pipeline.release.publish import ReleaseError, publish

    started = time.perf_counter()
    check_release_to(Path(args.to), force=args.force)
    if not Path(args.src).is_dir():
        print(
            f"baokan release: --from {args.src} is not a build folder (run baokan build first)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        result = publish(args.version, Path(args.src), Path(args.to), force=args.force)
    except ReleaseError as exc:
        print(f"baokan release: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # disk full, permissions: nothing was published (staging is removed)
        print(f"baokan release: failed, nothing published: {exc}", file=sys.stderr)
        return EXIT_FAILED
    for w in result.warnings:
        print(f"baokan release: warning: {w}", file=sys.stderr)
    m, ch = result.manifest, result.changes
    total = sum(f["bytes"] for f in m["files"].values())
    c = m["counts"]
    print(f"baokan release {m['version']}: {args.src} → {result.path}")
    print(
        f"  data       {c.get('documents', 0)} documents, {c.get('articles', 0)} articles, "
        f"{c.get('mentions', 0)} mentions (schema {m['schema_version']})"
    )
    print(f"  files      {len(m['files']) + 1}, {total / 1024:.1f} KiB, commit {m['pipeline']['git_commit']}")
    if ch.previous:
        print(
            f"  changes    since {ch.previous}: documents +{len(ch.documents.added)} -{len(ch.documents.removed)} "
            f"~{len(ch.documents.changed) + len(ch.revised)}, articles +{len(ch.articles.added)} "
            f"-{len(ch.articles.removed)} ~{len(ch.articles.changed)}; "
            f"schema {'changed' if ch.schema else 'unchanged'}"
        )
    else:
        print("  changes    first release")
    print(f"  time       {time.perf_counter() - started:.2f} s")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from pipeline.release.verify import check

    root = Path(args.release_dir)
    if not root.is_dir():
        print(f"baokan verify: not a folder: {root}", file=sys.stderr)
        return EXIT_USAGE
    problems = check(root)
    for p in problems:
        print(f"baokan verify: {root}: {p}", file=sys.stderr)
    if problems:
        print(f"baokan verify: {root}: FAILED, {len(problems)} problem(s)", file=sys.stderr)
        return EXIT_FAILED
    import json

    m = json.loads((root / "manifest.json").read_bytes())
    print(
        f"OK {root}: baokan {m.get('version')}, {len(m['files']) + 1} files, checksums, sizes, rows "
        "and schemas match"
    )
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``release`` and ``verify`` to the ``baokan`` sub-commands."""
    r = sub.add_parser("release", help="publish releases/VERSION from a build (immutable, checksummed)")
    r.add_argument("version", help="semantic version, e.g. 1.0.0 (schema change → new major)")
    r.add_argument("--from", dest="src", default="output", help="the build folder (default: output/)")
    r.add_argument("--to", default="releases", help="folder of releases (default: releases/)")
    r.add_argument(
        "--force",
        action="store_true",
        help="publish even when the version does not follow the release rules, or into a --to folder "
        "holding other files (warns instead of refusing)",
    )
    r.set_defaults(func=cmd_release)
    v = sub.add_parser("verify", help="re-check a release's files, checksums, rows and schemas")
    v.add_argument("release_dir", help="a release folder, e.g. releases/1.0.0")
    v.set_defaults(func=cmd_verify)
