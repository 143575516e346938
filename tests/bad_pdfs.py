"""A tiny stdlib-only PDF writer, for PDFs the tests build on the fly (no reportlab at test time).

Why: a bounded-memory test needs a PDF of thousands of pages, too big to commit and cheap to make;
and a PDF with zero pages, or with exact bytes in a content stream, is easier to write by hand than
to coax out of a library. Three fonts are declared on every page, neither embedded, both readable
by any viewer: ``/F1`` Helvetica (WinAnsi, one byte per glyph) and ``/F2`` the Adobe CID font
STSong-Light with the ``UniGB-UCS2-H`` CMap (two bytes per glyph: the UCS-2 code), which every PDF
reader supports without font files — the same font reportlab uses for Chinese; and ``/F3``, an
Identity-H font with no Unicode map (codes are glyph ids), for a text layer nobody can read.

The output is deterministic (no dates, fixed ``/ID``) and streams to a file without holding the
document in memory (:func:`write_big_pdf`).
"""

from __future__ import annotations

import hashlib
import io
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

_FONTS = {
    3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    4: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
    b"/DescendantFonts [5 0 R] >>",
    5: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 0 >> /DW 1000 "
    b"/FontDescriptor 6 0 R >>",
    6: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
    b"/ItalicAngle 0 /Ascent 880 /Descent -254 /CapHeight 880 /StemV 58 >>",
    # /F3: codes are glyph ids (Identity-H) of a font with no Unicode map at all, as subsetting
    # tools write when they drop the ToUnicode CMap
    7: b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H "
    b"/DescendantFonts [8 0 R] >>",
    8: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 "
    b"/FontDescriptor 6 0 R /CIDToGIDMap /Identity >>",
}
_FIRST_PAGE_OBJ = 9
PAGE_WIDTH, PAGE_HEIGHT = 595, 842

# Common hanzi and punctuation for filler text (GB2312 level 1: any reader maps them).
FILLER = (
    "各地认真贯彻落实会议精神，坚持以人民为中心的发展思想，统筹推进经济社会发展和民生保障，"
    "加强基层治理能力建设，推动高质量发展取得新成效。代表们围绕教育医疗、就业养老等问题提出建议，"
    "有关部门逐条研究办理，及时向代表反馈结果。"
)


class StreamingPdf:
    """Write objects one by one to ``out``; :meth:`finish` writes the page tree and the xref.

    Memory per page is one 8-byte offset per object (an ``array``): page object numbers follow from
    the page index, and the page tree and xref are written in pieces.
    """

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._pos = 0
        self._offsets = array("Q", [0] * _FIRST_PAGE_OBJ)
        self._n_pages = 0
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        for num, body in _FONTS.items():
            self._object(num, body)

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._pos += len(data)

    def _begin(self, num: int) -> None:
        if num == len(self._offsets):
            self._offsets.append(self._pos)
        else:
            self._offsets[num] = self._pos
        self._write(b"%d 0 obj\n" % num)

    def _object(self, num: int, body: bytes) -> None:
        self._begin(num)
        self._write(b"%s\nendobj\n" % body)

    def add_page(self, content: bytes) -> None:
        """One page with ``content`` as its (uncompressed) content stream."""
        stream_num = len(self._offsets)
        self._object(stream_num, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        self._object(
            stream_num + 1,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 7 0 R >> >> >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, stream_num),
        )
        self._n_pages += 1

    def finish(self) -> None:
        self._begin(2)
        self._write(b"<< /Type /Pages /Count %d /Kids [" % self._n_pages)
        for i in range(self._n_pages):
            self._write(b" %d 0 R" % (_FIRST_PAGE_OBJ + 2 * i + 1))
        self._write(b" ] >>\nendobj\n")
        self._object(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        size = len(self._offsets)
        xref_at = self._pos
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for n in range(1, size):
            self._write(b"%010d 00000 n \n" % self._offsets[n])
        doc_id = hashlib.sha256(b"%d" % self._n_pages).hexdigest()[:32].encode()
        self._write(
            b"trailer\n<< /Size %d /Root 1 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, doc_id, doc_id, xref_at)
        )


def text_content(
    lines: Iterable[str], *, font: str = "F2", size: float = 10.0, render_mode: int = 0
) -> bytes:
    """A content stream showing ``lines`` top-down; ``F2`` takes any BMP text, ``F1`` Latin-1 only."""
    out = [
        b"BT /%s %g Tf %g TL %d Tr 56 %d Td"
        % (font.encode(), size, size * 1.5, render_mode, PAGE_HEIGHT - 72)
    ]
    for line in lines:
        if font == "F2":
            out.append(b"<%s> Tj T*" % line.encode("utf-16-be").hex().upper().encode())
        else:
            esc = line.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            out.append(b"(%s) Tj T*" % esc)
    out.append(b"ET")
    return b"\n".join(out)


def glyph_id_content(lines: list[str], size: float = 10.0) -> bytes:
    """``lines`` shown with ``/F3``: each character as its glyph id in a subset font (1, 2, … in
    order of first use), the way a subsetted Identity-H font without ToUnicode stores text."""
    gids: dict[str, int] = {}
    out = [b"BT /F3 %g Tf %g TL 56 %d Td" % (size, size * 1.5, PAGE_HEIGHT - 72)]
    for line in lines:
        codes = [gids.setdefault(c, len(gids) + 1) for c in line if not c.isspace()]
        out.append(b"<%s> Tj T*" % "".join(f"{g:04X}" for g in codes).encode())
    out.append(b"ET")
    return b"\n".join(out)


def filler_lines(page: int, n_lines: int = 40, width: int = 30) -> Iterator[str]:
    """Deterministic Chinese lines for page ``page`` (0-based), each starting with its numbers."""
    for i in range(n_lines):
        start = (page * 7 + i * 13) % len(FILLER)
        body = (FILLER * 2)[start : start + width]
        yield f"第{page + 1}页{i + 1}行 {body}"


def write_pdf(out: BinaryIO, pages: Iterable[bytes]) -> None:
    """A whole PDF whose pages have the given content streams (none: a valid zero-page PDF)."""
    pdf = StreamingPdf(out)
    for content in pages:
        pdf.add_page(content)
    pdf.finish()


def pdf_bytes(pages: Iterable[bytes]) -> bytes:
    buf = io.BytesIO()
    write_pdf(buf, pages)
    return buf.getvalue()


def make_big_pdf(n_pages: int, n_lines: int = 40) -> bytes:
    """An ``n_pages`` text PDF in memory (≈ 2.4 KB a page at 40 lines), Chinese filler on every page."""
    return pdf_bytes(text_content(filler_lines(p, n_lines)) for p in range(n_pages))


def write_big_pdf(path: Path, n_pages: int, n_lines: int = 40) -> int:
    """The same streamed to ``path`` (memory stays flat however many pages); returns its size."""
    with open(path, "wb") as f:
        write_pdf(f, (text_content(filler_lines(p, n_lines)) for p in range(n_pages)))
        return f.tell()
