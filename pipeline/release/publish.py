"""Publish ``releases/VERSION/`` from a build: assembled in a staging folder, then renamed into place.

The rename refuses to replace an existing folder (``renameat2(RENAME_NOREPLACE)``), so a published
version is immutable even when two publishers race for the same number.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__, fsatomic
from pipeline.dataset import MANIFEST_FILE
from pipeline.release import card, changelog, manifest, metadata, report, semver, verify
from pipeline.release.about import bibtex
from pipeline.release.snapshot import DATA_FILES, DatasetError, Snapshot, load, sha256

README_FILE = "README.md"
DATAPACKAGE_FILE = "datapackage.json"
CROISSANT_FILE = "croissant.json"
CHANGELOG_FILE = "CHANGELOG.md"
REPORT_FILE = "report.html"
_RENAME_NOREPLACE = 1
STALE_STAGING_SECONDS = 3600


class ReleaseError(Exception):
    """The release cannot be published as asked; the message says why and what to do."""


@dataclass
class Published:
    path: Path
    manifest: dict
    changes: changelog.Changes
    warnings: list[str] = field(default_factory=list)


def _rename_noreplace(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst``; fail if ``dst`` exists, atomically where the kernel can."""
    name = ctypes.util.find_library("c")
    if name:
        try:
            fn = ctypes.CDLL(name, use_errno=True).renameat2
        except (OSError, AttributeError):
            fn = None
        if fn is not None:
            fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            if fn(-100, os.fsencode(src), -100, os.fsencode(dst), _RENAME_NOREPLACE) == 0:
                return
            err = ctypes.get_errno()
            if err == 17:  # EEXIST
                raise FileExistsError(str(dst))
            if err not in (22, 38, 95):  # EINVAL/ENOSYS/EOPNOTSUPP: fall back below
                raise OSError(err, os.strerror(err), str(dst))
    if dst.exists():
        raise FileExistsError(str(dst))
    os.rename(src, dst)


def _drop_stale_staging(target: Path) -> None:
    """Remove staging folders an interrupted publisher left; a recent one may be a live publisher's."""
    cutoff = time.time() - STALE_STAGING_SECONDS
    for stale in target.parent.glob(f".{target.name}.staging-*"):
        with contextlib.suppress(OSError):
            if stale.stat().st_mtime < cutoff:
                shutil.rmtree(stale)


def check_version(
    version: semver.Version,
    prev: semver.Version | None,
    changes: changelog.Changes,
    force: bool,
) -> list[str]:
    """Warnings for a bump smaller than the changes call for; raise for a schema change without a major."""
    if prev is None:
        return []
    need, got = changes.required_bump(), semver.bump(prev, version)
    rank = semver.BUMPS.index
    warnings = []
    if need == "major" and got != "major" and not (prev.major == 0 and got == "minor"):
        detail = "; ".join(changes.schema) or f"schema {changes.schema_before} → {changes.schema_after}"
        msg = (
            f"the schema changed since {prev} ({detail}) but {version} does not increase the major "
            f"version: publish it as {prev.major + 1}.0.0"
        )
        if not (force or version.prerelease):
            raise ReleaseError(msg + " (or pass --force)")
        warnings.append(msg)
    elif rank(got) < rank(need):
        warnings.append(
            f"the changes since {prev} call for a {need} bump, {version} is a {got} bump "
            "(new data → minor, corrected data → patch)"
        )
    return warnings


def assemble(
    snap: Snapshot,
    version: str,
    changes: changelog.Changes,
    released_at: str,
) -> dict[str, bytes]:
    """Every file of the release, manifest last; a pure function of its inputs but the time."""
    files: dict[str, bytes] = {name: snap.data[name] for name in DATA_FILES}
    info = {name: manifest.file_entry(name, data) for name, data in files.items()}
    git = manifest.git_info()
    counts = snap.manifest.get("counts", {})
    pipeline_version = snap.manifest.get("pipeline_version") or __version__
    files[README_FILE] = card.render(
        version=version,
        schema_version=snap.schema_version,
        pipeline_version=pipeline_version,
        git_commit=git["git_commit"],
        counts=counts,
        files=info,
        previous=changes.previous,
    ).encode("utf-8")
    files[DATAPACKAGE_FILE] = metadata.to_json(metadata.datapackage(version, info))
    files[CROISSANT_FILE] = metadata.to_json(
        metadata.croissant(version, info, bibtex(version, git["git_commit"]))
    )
    files[CHANGELOG_FILE] = changelog.render(changes).encode("utf-8")
    files[REPORT_FILE] = report.render(snap, version).encode("utf-8")
    man = manifest.build(
        version=version,
        schema_version=snap.schema_version,
        counts=counts,
        files=files,
        documents=snap.rows("documents"),
        previous=changes.previous,
        build_manifest_sha256=sha256((snap.path / MANIFEST_FILE).read_bytes()),
        released_at=released_at,
        pipeline_version=pipeline_version,
    )
    files[MANIFEST_FILE] = manifest.to_bytes(man)
    return files


def publish(
    version: str,
    src: Path,
    releases: Path,
    *,
    force: bool = False,
    released_at: str | None = None,
) -> Published:
    """Publish the build in ``src`` as ``releases/VERSION``; raise ReleaseError when it must not."""
    try:
        v = semver.parse(version)
    except ValueError as exc:
        raise ReleaseError(str(exc)) from None
    version = str(v)
    releases = Path(releases)
    target = releases / version
    if target.exists():
        raise ReleaseError(f"release {version} already exists at {target}; releases are never overwritten")
    same = [str(other) for other in semver.releases(releases) if other == v]
    if same:  # 1.0.0+a and 1.0.0+b: build metadata does not make a new version
        raise ReleaseError(
            f"release {same[0]} has the same version precedence as {version}; pick a new version"
        )
    try:
        snap = load(Path(src))
    except DatasetError as exc:
        raise ReleaseError(f"cannot release this build: {exc}") from None
    warnings: list[str] = []
    left_out = sorted(set(snap.manifest.get("files", {})) - set(DATA_FILES) - {MANIFEST_FILE})
    if left_out:
        warnings.append(f"build files not part of a release, left out: {', '.join(left_out)}")
    prev = semver.previous(releases, v)
    prev_snap = None
    if prev is not None:
        problems = verify.check(prev[1], contract=False)
        if problems:
            warnings.append(
                f"previous release {prev[0]} does not verify ({len(problems)} problems, first: {problems[0]}); "
                "the changelog compares against it anyway"
            )
        try:
            prev_snap = load(prev[1], check_contract=False)
        except DatasetError as exc:
            raise ReleaseError(f"cannot read the previous release {prev[0]}: {exc}") from None
    changes = changelog.compute(prev_snap, snap, version, str(prev[0]) if prev else None)
    warnings += check_version(v, prev[0] if prev else None, changes, force)
    files = assemble(snap, version, changes, released_at or manifest.now_utc())

    _drop_stale_staging(target)
    staging = fsatomic.staging_dir(target)
    try:
        for name, data in files.items():
            fsatomic.write_bytes(staging / name, data)
        try:
            _rename_noreplace(staging, target)
            fsatomic.fsync_dir(target.parent)  # a release announced as published survives a power cut
        except FileExistsError:
            raise ReleaseError(
                f"release {version} appeared at {target} while publishing; releases are never overwritten"
            ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
    return Published(
        path=target, manifest=json.loads(files[MANIFEST_FILE]), changes=changes, warnings=warnings
    )
