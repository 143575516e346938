"""Raw bytes → a decoded page, or a reject with a reason. Never raises on content.

Decoding is explicit and conservative: a byte-order mark wins, then strict UTF-8, then strict
GB18030 (a superset of GBK/GB2312), which is what Chinese PDF extractors emit. A page that fits
none of them is rejected rather than decoded with replacement characters, because silently
mangled text would poison every downstream table.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass

# Reject reasons are "code: human message"; the code is stable and groupable.
EMPTY = "empty"
WHITESPACE = "whitespace_only"
BINARY = "binary"
UNDECODABLE = "undecodable"
NOT_CHINESE = "not_chinese"

_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# C0/C1 controls other than tab and newline; NUL bytes land here too.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MIN_CJK_SHARE = 0.2  # of non-space characters; pages below are not Chinese text


@dataclass(frozen=True, slots=True)
class Page:
    text: str  # decoded, "\n" line ends, no BOM, no control characters
    encoding: str
    line_ends: str  # lf | crlf | cr | mixed | none
    removed_controls: int  # control characters dropped while decoding


@dataclass(frozen=True, slots=True)
class Reject:
    reason: str  # "code: message"
    encoding: str | None = None
    line_ends: str | None = None

    @property
    def code(self) -> str:
        return self.reason.split(":", 1)[0]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def doc_id_for(sha256: str) -> str:
    """Documents are identified by content: the same bytes under two names are one document."""
    return sha256[:16]


def _line_ends(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, n in (("crlf", crlf), ("cr", cr), ("lf", lf)) if n]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


def decode(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding) or None when no supported encoding decodes the bytes strictly."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                return None
    # UTF-16 without BOM shows up as alternating NULs; try it before calling the page binary.
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return None


def _looks_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    head = data[:8192]
    if head and head.count(0) / len(head) > 0.1:
        return "binary data (many NUL bytes)"
    return None


def read_page(data: bytes) -> Page | Reject:
    """Decode one raw page; every outcome is a Page or a Reject with a reason."""
    if not data:
        return Reject(f"{EMPTY}: the file has no bytes")
    binary = _looks_binary(data) if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None
    if binary:
        return Reject(f"{BINARY}: looks like {binary}, not extracted text")
    decoded = decode(data)
    if decoded is None:
        return Reject(f"{UNDECODABLE}: bytes decode as none of UTF-8, GB18030, UTF-16/32 with BOM")
    text, encoding = decoded
    line_ends = _line_ends(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, removed = _CONTROL.subn("", text)
    if not text.strip():
        reason = EMPTY if not text else WHITESPACE
        return Reject(f"{reason}: the page has no visible text", encoding, line_ends)
    visible = re.sub(r"\s", "", text)
    share = len(_CJK.findall(visible)) / len(visible)
    if share < MIN_CJK_SHARE:
        return Reject(
            f"{NOT_CHINESE}: only {share:.0%} of the visible characters are Chinese",
            encoding,
            line_ends,
        )
    return Page(text=text, encoding=encoding, line_ends=line_ends, removed_controls=removed)
