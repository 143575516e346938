"""Semantic versions of releases, and which bump a set of changes calls for.

Release folders are named by their version, so the previous release is found by semver
precedence among the sibling folders, not by modification time or name order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering
from pathlib import Path

# The official regex from semver.org (2.0.0), anchored.
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)

BUMPS = ("none", "patch", "minor", "major")


@total_ordering
@dataclass(frozen=True, slots=True)
class Version:
    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()
    build: str = ""

    @classmethod
    def parse(cls, text: str) -> Version:
        m = _SEMVER.match(text)
        if not m:
            raise ValueError(
                f"not a semantic version: {text!r} (expected MAJOR.MINOR.PATCH, e.g. 1.2.0 or 2.0.0-rc.1)"
            )
        pre = tuple(m.group(4).split(".")) if m.group(4) else ()
        return cls(int(m.group(1)), int(m.group(2)), int(m.group(3)), pre, m.group(5) or "")

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(self.prerelease)
        return text + (f"+{self.build}" if self.build else "")

    def _key(self) -> tuple:
        # Precedence per semver §11: a pre-release sorts before its release; numeric identifiers
        # sort numerically and before alphanumeric ones; build metadata is ignored.
        pre = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in self.prerelease)
        return (self.major, self.minor, self.patch, 0 if self.prerelease else 1, pre)

    def __lt__(self, other: Version) -> bool:
        return self._key() < other._key()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


def parse(text: str) -> Version:
    return Version.parse(text)


def bump(prev: Version, new: Version) -> str:
    """Which component increased from ``prev`` to ``new``: major, minor, patch or none."""
    if new.major != prev.major:
        return "major" if new.major > prev.major else "none"
    if new.minor != prev.minor:
        return "minor" if new.minor > prev.minor else "none"
    if new.patch != prev.patch:
        return "patch" if new.patch > prev.patch else "none"
    return "none"


def releases(root: Path) -> dict[Version, Path]:
    """Published releases under ``root``: folders named by a valid version that hold a manifest."""
    out: dict[Version, Path] = {}
    if not root.is_dir():
        return out
    for child in root.iterdir():
        if child.name.startswith(".") or not (child / "manifest.json").is_file():
            continue
        try:
            out[Version.parse(child.name)] = child
        except ValueError:
            continue
    return out


def previous(root: Path, version: Version) -> tuple[Version, Path] | None:
    """The highest release below ``version`` in ``root`` (what a changelog compares against)."""
    older = [v for v in releases(root) if v < version]
    if not older:
        return None
    best = max(older)
    return best, releases(root)[best]
