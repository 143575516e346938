"""Raw bytes → a decoded page, or a reject with a reason. Never raises on content.

Decoding is explicit and conservative: a byte-order mark wins, then strict UTF-8, then strict
GB18030 (a superset of GBK/GB2312), which is what Chinese PDF extractors emit. A page that fits
none of them is rejected rather than decoded with replacement characters, because silently
mangled text would poison every downstream table.

Mixed encodings (a GBK page with a UTF-8 paragraph pasted in) are decoded line by line: ``\\n``
can never be part of a multi-byte character in either encoding, so each line is read in the one
encoding that decodes it strictly — UTF-8 when it does and gives Chinese text (GBK bytes almost
never form valid UTF-8), else GB18030. Decoding the whole page as GB18030 instead would turn the
UTF-8 paragraph into plausible-looking mojibake that no later check can catch. Such a page is kept
and flagged by its encoding, ``gb18030+utf-8`` (majority first); a line that neither decodes is a
reject naming the line.
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
TOO_LARGE = "too_large"

# A newspaper page's text layer is 5–60 KB; anything this big is not one page (a whole book, a log
# file) and would only stall the layout stage.
MAX_PAGE_BYTES = 2 * 1024 * 1024
# A PDF file holds many pages with their fonts and photos: a day's merged issue is 20–80 MB.  Past
# this it is read no more (memory stays bounded: the file is read whole, pages one at a time).
MAX_PDF_BYTES = 512 * 1024 * 1024

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
_WIDE_BOMS = tuple(bom for bom, name in _BOMS if name != "utf-8-sig")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SPACES = re.compile(r"\s+")
# Chinese ideographs and the punctuation, full-width forms and symbols around them in running text.
_CJK_OR_PUNCT = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\u3200-\u32ff\uff00-\uffef\u2010-\u206f"
    r"\u2150-\u27bf\u00b7]"  # …, number forms (Ⅰ①), arrows, shapes and dingbats (■▲★), middle dot
)
# C0/C1 controls other than tab and newline; NUL bytes land here too.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Every byte but the C0 controls other than \t \n \r \f (deleted to count the controls).
_TEXT_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\r\x0c")
MIN_CJK_SHARE = 0.2  # of non-space characters; pages below are not Chinese text


@dataclass(frozen=True, slots=True)
class Page:
    text: str  # decoded, "\n" line ends, no BOM, no control characters
    encoding: str
    line_ends: str  # lf | crlf | cr | mixed | none
    removed_controls: int  # control characters dropped while decoding
    # A text of several pages (a form feed at a line start ends each, as ``pdftotext`` prints a PDF
    # of several pages): each page's text, as ``text`` is cleaned, in file order (a page may be
    # blank: a page of photos). Empty for a text of one page (a form feed at its end included).
    pages: tuple[str, ...] = ()


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


def too_large_reason(n_bytes: int, pdf: bool = False) -> str | None:
    """The reject reason for a file too big to be one page (or, ``pdf``, one PDF file), decided
    from its size alone.

    Shared with :func:`pipeline.sources.read_verified`, which checks it before reading, so a huge
    file never has to be held in memory.
    """
    limit = MAX_PDF_BYTES if pdf else MAX_PAGE_BYTES
    if n_bytes <= limit:
        return None
    what = "a PDF file we read" if pdf else "one page"
    return f"{TOO_LARGE}: {n_bytes / 2**20:.1f} MiB is more than {what} (limit {limit / 2**20:.0f} MiB)"


def _line_ends(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, n in (("crlf", crlf), ("cr", cr), ("lf", lf)) if n]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


def _cjk_like(text: str) -> bool:
    """True when most non-ASCII characters are Chinese: how a UTF-8 line proves itself."""
    wide = [c for c in text if not c.isascii()]
    return bool(wide) and sum(bool(_CJK_OR_PUNCT.match(c)) for c in wide) >= 0.8 * len(wide)


def _decode_lines(data: bytes) -> tuple[str, str] | str:
    """Per-line UTF-8/GB18030 decoding of a page that is not UTF-8 as a whole.

    Returns (text, encoding) or an ``undecodable`` reason naming the first bad line.
    """
    out: list[str] = []
    counts = {"utf-8": 0, "gb18030": 0}
    offset = 0
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        if raw.isascii():
            out.append(raw.decode("ascii"))
        else:
            try:
                line = raw.decode("utf-8")
                kind = "utf-8" if _cjk_like(line) else None
            except UnicodeDecodeError:
                line, kind = "", None
            if kind is None:
                try:
                    line, kind = raw.decode("gb18030"), "gb18030"
                except UnicodeDecodeError as exc:
                    if not line:
                        return (
                            f"{UNDECODABLE}: line {lineno} (byte {offset + exc.start}) decodes as none "
                            "of UTF-8, GB18030, UTF-16/32 with BOM"
                        )
                    kind = "utf-8"  # valid UTF-8 but not Chinese-looking: still UTF-8
            counts[kind] += 1
            out.append(line)
        offset += len(raw) + 1
    used = sorted((k for k in counts if counts[k]), key=lambda k: (-counts[k], k))
    return "\n".join(out), "+".join(used) or "ascii"


def decode(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding) or None when no supported encoding decodes the bytes strictly."""
    result = _decode(data)
    return result if isinstance(result, tuple) else None


def _decode(data: bytes) -> tuple[str, str] | str:
    """(text, encoding), or the reason why the bytes do not decode."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                if name != "utf-8-sig":
                    return f"{UNDECODABLE}: the {name} byte-order mark is followed by invalid {name}"
                # A UTF-8 BOM on a page that is not UTF-8 throughout: read it line by line.
                result = _decode_lines(data[len(bom) :])
                return result if isinstance(result, str) else (result[0], f"{result[1]} (utf-8 bom)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _decode_lines(data)


def _sniff_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark (some Windows tools), which GB18030 would otherwise turn
    into plausible mojibake. Its ASCII characters (newlines at least) carry NUL bytes; accepted
    only if one byte order decodes strictly to Chinese (ideographs, CJK punctuation and symbols:
    ≥ 95 % of the non-ASCII characters) without control characters. UTF-8 or GBK bytes read as
    UTF-16 give Hangul, Yi and private-use characters, so they never pass."""
    if len(data) % 2 or 0 not in data:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        wide = [c for c in text if not c.isascii()]
        if (
            wide
            and not _CONTROL.search(text)
            and sum(bool(_CJK_OR_PUNCT.match(c)) for c in wide) >= 0.95 * len(wide)
        ):
            return text, name
    return None


def _looks_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    head = data[:8192]
    if head and head.count(0) / len(head) > 0.1:
        return "binary data (many NUL bytes)"
    # Text has few C0 controls besides tab/newline/CR/FF; random binary has 1 byte in 8.
    if len(head) >= 64 and len(head.translate(None, _TEXT_BYTES)) / len(head) > 0.1:
        return "binary data (many control bytes)"
    return None


def read_page(data: bytes) -> Page | Reject:
    """Decode one raw page; every outcome is a Page or a Reject with a reason."""
    if not data:
        return Reject(f"{EMPTY}: the file has no bytes")
    if too_large := too_large_reason(len(data)):
        return Reject(too_large)
    # UTF-16/32 text is full of NULs by design: its BOM (or its shape, without one) vouches for it.
    sniffed = None if data.startswith(tuple(bom for bom, _ in _BOMS)) else _sniff_utf16(data)
    binary = None if sniffed or data.startswith(_WIDE_BOMS) else _looks_binary(data)
    if binary:
        return Reject(f"{BINARY}: looks like {binary}, not extracted text")
    decoded = sniffed or _decode(data)
    if isinstance(decoded, str):
        return Reject(decoded)
    text, encoding = decoded
    line_ends = _line_ends(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = _pages(text)
    text, removed = _CONTROL.subn("", text)
    if not text.strip():
        reason = EMPTY if not text else WHITESPACE
        return Reject(f"{reason}: the page has no visible text", encoding, line_ends)
    # Counted by runs, not one match per character, and without building the visible text.
    visible = len(text) - sum(map(len, _SPACES.findall(text)))
    share = sum(map(len, _CJK_RUN.findall(text))) / visible
    if share < MIN_CJK_SHARE:
        return Reject(
            f"{NOT_CHINESE}: only {share:.0%} of the visible characters are Chinese",
            encoding,
            line_ends,
        )
    return Page(text=text, encoding=encoding, line_ends=line_ends, removed_controls=removed, pages=pages)


# A page break: a form feed at a line start, as pdftotext and pdfminer.six print one after each
# page's last line (``tests/data/multipage``). One amid a line is a stray control character.
_PAGE_BREAK = re.compile(r"(?<=\n)\f")


def _pages(text: str) -> tuple[str, ...]:
    """The pages of a text that a form feed ends each of (see ``Page.pages``), cleaned; () for one."""
    if "\n\f" not in text:
        return ()
    parts = _PAGE_BREAK.split(text)
    if not parts[-1].strip():
        parts.pop()  # (the form feed after the last page)
    if sum(1 for part in parts if part.strip()) < 2:
        return ()
    return tuple(_CONTROL.sub("", part) for part in parts)
