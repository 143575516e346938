"""Refuse output locations baokan did not make, before any work is done.

A build replaces its ``--out`` folder whole, and a release folder receives new versions: pointed at
a folder of the user's own files, the first would delete them and the second would mix releases
into them. So ``--out`` must be a new path, an empty folder or a baokan dataset (its
``manifest.json`` says ``"dataset": "baokan"``); ``release --to`` a new path, an empty folder or a
folder of releases. Anything else is a one-line refusal (exit 2) naming the way out. The location
is also probed for writing here, so a read-only or missing parent fails in a second, not after
Prefect has started.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path

from pipeline.errors import UserError
from pipeline.errors import describe_os_error as _describe

MANIFEST = "manifest.json"
DATASET_NAME = "baokan"


def manifest_of(folder: Path) -> dict | None:
    """The folder's ``manifest.json`` as a dict, or None when it has none (or not a readable one)."""
    try:
        doc = json.loads((folder / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def is_dataset(folder: Path) -> bool:
    """A folder a baokan build wrote (a release is one too: same ``dataset`` key)."""
    doc = manifest_of(folder)
    return doc is not None and doc.get("dataset") == DATASET_NAME


_OWN_DEBRIS = re.compile(r"^\..+\.(staging|probe)-")


def _entries(folder: Path) -> list[Path]:
    """Everything in ``folder`` but baokan's own staging leftovers (hidden files count: a ``.git``
    in an --out folder is the user's)."""
    return [p for p in folder.iterdir() if not _OWN_DEBRIS.match(p.name)]


def _folder_entries(path: Path, option: str, kind: str) -> list[Path]:
    """The entries of an existing ``path`` given as ``option``, or UserError: a file, or unreadable."""
    if not path.is_dir():
        raise UserError(f"{option} {path} is a file, not {kind}; choose another {option}")
    try:
        return _entries(path)
    except OSError as exc:
        raise UserError(
            f"{option} {path} cannot be read ({_describe(exc)}); choose another {option}"
        ) from None


def check_build_out(out: Path, *, force: bool = False) -> None:
    """Raise UserError unless a build may replace ``out`` (see the module docstring)."""
    if out.is_symlink():
        # the swap would replace the link itself, not the folder it names
        raise UserError(f"--out {out} is a symbolic link; pass the folder itself (--out {out.resolve()})")
    if out.exists():
        entries = _folder_entries(out, "--out", "a dataset folder")
        if entries and not is_dataset(out) and not force:
            raise UserError(
                f"--out {out} is a folder with files baokan did not write (no baokan manifest.json); "
                "choose a new or empty folder, or pass --force to replace it and delete its contents"
            )
    _probe_writable(out, "--out")


def check_release_to(to: Path, *, force: bool = False) -> None:
    """Raise UserError unless releases may be published into ``to``."""
    if to.exists():
        entries = _folder_entries(to, "--to", "a folder of releases")
        foreign = [p.name for p in entries if not (p.is_dir() and is_dataset(p))]
        if foreign and not force:
            shown = ", ".join(sorted(foreign)[:3]) + (" …" if len(foreign) > 3 else "")
            raise UserError(
                f"--to {to} holds files that are not baokan releases ({shown}); choose a new or "
                "empty folder for releases, or pass --force to publish beside them"
            )
    _probe_writable(to, "--to")


def _probe_writable(target: Path, option: str) -> None:
    """Create and remove a hidden folder where the build or release will stage its files."""
    parent = target if target.is_dir() else target.parent
    # the nearest folder that exists: staging creates the missing ones below it
    probe_at = parent
    while not probe_at.exists() and probe_at != probe_at.parent:
        probe_at = probe_at.parent
    if not probe_at.is_dir():
        raise UserError(f"{option} {target}: {probe_at} is a file, not a folder; choose another {option}")
    try:
        made = tempfile.mkdtemp(dir=probe_at, prefix=f".{target.name or 'out'}.probe-")
    except OSError as exc:
        raise UserError(
            f"{option} {target} cannot be written ({_describe(exc)}); choose another {option}"
        ) from None
    with contextlib.suppress(OSError):
        os.rmdir(made)
