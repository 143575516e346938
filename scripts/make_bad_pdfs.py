"""Build ``tests/data/pdf_bad/``: small PDFs of every kind the PDF reader must survive, each with
what pypdfium2 makes of it and the outcome the pipeline should give, in ``fixtures.json``.

Why: PDFs arrive encrypted, damaged, cut short, scanned, with an OCR layer, with fonts whose text
layer is GBK bytes read as Latin-1 or private-use code points, or are not PDFs at all (an HTML
error page saved as .pdf). The reader must turn each into a read page or a named reject, never a
crash; these fixtures are made by real tools, and what PDFium does with each is recorded rather
than guessed, so the integrator maps observed behaviour (error codes, empty text) to reject codes.

How: Chinese text comes from ``tests.synthetic`` (stdlib-only, no real page), typeset with
reportlab's built-in CID font ``STSong-Light`` (works without installed fonts). Each file is made
as described in ``FIXTURES`` below; pypdf encrypts, and adds a private-use ``ToUnicode`` map;
damage is done on bytes. Then every file is probed with pypdfium2 (``tests/pdfium_probe.py``)
and the script refuses to write a fixture whose reference outcome (``pdfium_probe.outcome``)
differs from the expected one written here.

Needs (only to regenerate; tests need only pypdfium2): ``pip install -e '.[fixtures]'``
(reportlab, pypdf, pillow) and pypdfium2. Run from the repo root::

    python scripts/make_bad_pdfs.py

Deterministic: reportlab's invariant mode, seeded images, fixed /ID before encryption; only
``fixtures.json``'s ``date`` changes on a rerun (today's, or ``SOURCE_DATE_EPOCH``'s, UTC date).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import re
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
from PIL import Image, ImageDraw
from pypdf.generic import ArrayObject, ByteStringObject, DecodedStreamObject, NameObject
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests import bad_pdfs, pdfium_probe  # noqa: E402
from tests.synthetic import generate_page  # noqa: E402

OUT_DIR = ROOT / "tests" / "data" / "pdf_bad"
CJK_FONT = "STSong-Light"
USER_PASSWORD = "baokan-user"
OWNER_PASSWORD = "baokan-owner"
PAGE_W, PAGE_H = 595.0, 842.0

pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


# --- building blocks ---------------------------------------------------------------------------


def chinese_lines(seed: int, n: int = 30) -> list[str]:
    """The first ``n`` non-blank lines of a synthetic page, as an extractor would break them."""
    lines = [ln.strip() for ln in generate_page(seed).text.splitlines()]
    return [ln for ln in lines if ln][:n]


def new_canvas(buf: io.BytesIO, *, compress: bool = True) -> canvas.Canvas:
    return canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=int(compress))


def draw_lines(c: canvas.Canvas, lines: list[str], font: str, size: float = 10.0, mode: int = 0) -> None:
    t = c.beginText(56, PAGE_H - 72)
    t.setFont(font, size, leading=size * 1.5)
    t.setTextRenderMode(mode)
    for line in lines:
        t.textLine(line)
    c.drawText(t)


def text_pdf(pages: list[list[str]], *, compress: bool = True) -> bytes:
    buf = io.BytesIO()
    c = new_canvas(buf, compress=compress)
    for lines in pages:
        draw_lines(c, lines, CJK_FONT)
        c.showPage()
    c.save()
    return buf.getvalue()


def page_image(seed: int) -> Image.Image:
    """A 1-bit 'scan': rows of dark blocks where a page has lines of characters (no font needed)."""
    rng = random.Random(seed)
    w, h = 620, 877  # 75 dpi A4
    img = Image.new("1", (w, h), 1)
    draw = ImageDraw.Draw(img)
    y = 60
    while y < h - 60:
        x, n = 50, rng.randint(10, 36)
        for _ in range(n):
            if x > w - 60:
                break
            draw.rectangle([x + 1, y + 1, x + 12, y + 12], fill=0 if rng.random() > 0.1 else 1)
            x += 15
        y += 22 if rng.random() > 0.15 else 40
    return img


def image_pdf(seed: int, invisible_lines: list[str] | None) -> bytes:
    buf = io.BytesIO()
    c = new_canvas(buf)
    png = io.BytesIO()
    page_image(seed).save(png, format="PNG", optimize=True)
    c.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, PAGE_W, PAGE_H)
    if invisible_lines is not None:
        draw_lines(c, invisible_lines, CJK_FONT, mode=3)  # what OCR tools write: render mode 3
    c.showPage()
    c.save()
    return buf.getvalue()


def _stream_span(data: bytes, obj_num: int) -> tuple[int, int]:
    """Byte offsets of the stream data of object ``obj_num`` in an unencrypted, unpacked PDF."""
    m = re.search(rb"(?:^|[\r\n])%d 0 obj\b" % obj_num, data)
    if not m:
        raise ValueError(f"object {obj_num} not found")
    head = data.index(b"stream", m.end())
    start = head + len(b"stream") + (2 if data[head + 6 : head + 8] == b"\r\n" else 1)
    end = data.index(b"endstream", start)
    return start, end


# --- the fixtures ------------------------------------------------------------------------------


def make_encrypted() -> bytes:
    reader = pypdf.PdfReader(io.BytesIO(text_pdf([chinese_lines(11)])))
    writer = pypdf.PdfWriter(clone_from=reader)
    # pypdf draws the second /ID at random; the RC4 key depends only on the first (no random IV
    # either), so fixing both makes the same bytes on every run.
    file_id = ByteStringObject(bytes.fromhex("6261_6f6b_616e_2d62_6164_7064_662d_3031".replace("_", "")))
    writer._ID = ArrayObject((file_id, file_id))
    writer.encrypt(USER_PASSWORD, OWNER_PASSWORD, algorithm="RC4-128")
    writer._ID = ArrayObject((file_id, file_id))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _damage_page2(from_half: bool) -> bytes:
    """Three pages; page 2's flate content stream overwritten with seeded random bytes, from just
    after its 2-byte zlib header or from its middle (the last byte, before ``endstream``, kept)."""
    data = bytearray(text_pdf([chinese_lines(s) for s in (21, 22, 23)]))
    contents = pypdf.PdfReader(io.BytesIO(bytes(data))).pages[1].raw_get("/Contents")
    start, end = _stream_span(bytes(data), contents.idnum)
    start = (start + end) // 2 if from_half else start + 2
    rng = random.Random(2)
    data[start : end - 1] = bytes(rng.randrange(256) for _ in range(end - 1 - start))
    return bytes(data)


def _four_pages() -> bytes:
    return text_pdf([chinese_lines(s) for s in (31, 32, 33, 34)])


def make_truncated() -> bytes:
    """A four-page file cut in half: the page tree, most content streams and the xref are lost."""
    data = _four_pages()
    return data[: len(data) // 2]


def make_bad_xref() -> bytes:
    """The four-page file with its xref table cut out (trailer kept, startxref pointing nowhere)."""
    data = _four_pages()
    xref, trailer = data.index(b"\nxref\n") + 1, data.index(b"trailer", data.index(b"\nxref\n"))
    return data[:xref] + data[trailer:]


def make_scan() -> bytes:
    return image_pdf(41, None)


def make_ocr_layer() -> bytes:
    return image_pdf(42, chinese_lines(42))


def make_gbk_latin1() -> bytes:
    """GBK bytes shown with Helvetica (WinAnsi): what a Chinese font without a Unicode map gives."""
    buf = io.BytesIO()
    c = new_canvas(buf)
    draw_lines(c, [ln.encode("gbk").decode("latin-1") for ln in chinese_lines(51)], "Helvetica")
    c.showPage()
    c.save()
    return buf.getvalue()


def make_private_use() -> bytes:
    """STSong-Light text with a ToUnicode map sending every code used to U+E000…, added with pypdf."""
    lines = chinese_lines(61)
    codes = sorted({ord(ch) for ln in lines for ch in ln})
    cmap = "\n".join(
        [
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Baokan-PUA def /CMapType 2 def",
            "1 begincodespacerange <0000> <FFFF> endcodespacerange",
        ]
    )
    for i in range(0, len(codes), 100):
        chunk = codes[i : i + 100]
        cmap += f"\n{len(chunk)} beginbfchar\n"
        cmap += "\n".join(f"<{c:04X}> <{0xE000 + i + j:04X}>" for j, c in enumerate(chunk))
        cmap += "\nendbfchar"
    cmap += "\nendcmap CMapName currentdict /CMap defineresource pop end end\n"
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf([lines]))))
    stream = DecodedStreamObject()
    stream.set_data(cmap.encode("ascii"))
    ref = writer._add_object(stream)
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if font["/Subtype"] == "/Type0":
            font[NameObject("/ToUnicode")] = ref
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_identity_gids() -> bytes:
    """Chinese lines whose font has no Unicode map: codes are glyph ids 1…N (tests/bad_pdfs.py)."""
    return bad_pdfs.pdf_bytes([bad_pdfs.glyph_id_content(chinese_lines(71))])


HTML_ERROR_PAGE = b"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>404 Not Found</title></head>
<body><h1>404 Not Found</h1><p>The requested URL /epaper/2024-05/12/page_01.pdf was not found on this server.</p>
<hr><address>nginx</address></body></html>
"""


def make_zero_pages() -> bytes:
    return bad_pdfs.pdf_bytes([])


def make_report_english() -> bytes:
    buf = io.BytesIO()
    c = new_canvas(buf)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(56, PAGE_H - 72, "Annual Report 2023 - Regional Development Fund")
    c.setFont(CJK_FONT, 12)
    c.drawString(56, PAGE_H - 94, "区域发展基金二〇二三年度报告（摘要）")
    body = [
        "1. Summary. The fund disbursed 4.2 billion yuan to 318 projects in 2023, up 12% on the",
        "previous year. Infrastructure took 46% of the total, education 21% and health care 17%.",
        "2. Governance. The board met six times; the audit committee reviewed every project over",
        "50 million yuan. No material weakness in internal control was found (see Table 1).",
        "Table 1. Disbursements by sector (million yuan)",
    ]
    t = c.beginText(56, PAGE_H - 124)
    t.setFont("Helvetica", 10, leading=15)
    for line in body:
        t.textLine(line)
    c.drawText(t)
    rows = [("Sector", "2022", "2023", "Change"), ("Infrastructure", "1,702", "1,932", "+13.5%")]
    rows += [("Education", "801", "882", "+10.1%"), ("Health care", "640", "714", "+11.6%")]
    y = PAGE_H - 214
    for row in rows:
        for x, cell in zip((56, 220, 300, 380), row, strict=True):
            c.drawString(x, y, cell)
        y -= 15
    c.setFont(CJK_FONT, 10)
    c.drawString(56, y - 10, "注：数据未经审计。Figures are unaudited.")
    c.showPage()
    c.save()
    return buf.getvalue()


# name → (builder, how it was made, expected outcome)
FIXTURES: dict[str, tuple[Callable[[], bytes], str, dict]] = {
    "encrypted.pdf": (
        make_encrypted,
        f"reportlab page, encrypted by pypdf (RC4-128, user password {USER_PASSWORD!r})",
        {"document": "reject", "reason": "encrypted"},
    ),
    "corrupt_page2.pdf": (
        lambda: _damage_page2(from_half=False),
        "3 reportlab pages; page 2's flate content stream overwritten with seeded random bytes after "
        "its 2-byte zlib header (length and xref intact)",
        {"document": "read", "pages": ["read", "reject:empty_page", "read"]},
    ),
    "corrupt_page2_half.pdf": (
        lambda: _damage_page2(from_half=True),
        "the same 3 pages, page 2's flate stream overwritten from its middle: PDFium decodes the "
        "first part and silently gives a partial page (a limitation, not a reject)",
        {"document": "read", "pages": ["read", "read", "read"]},
    ),
    "truncated.pdf": (
        make_truncated,
        "4-page reportlab file cut to its first half (xref, trailer, page tree and later objects lost)",
        {"document": "reject", "reason": "damaged"},
    ),
    "bad_xref.pdf": (
        make_bad_xref,
        "the 4-page file with its xref table removed (trailer kept): PDFium rebuilds the xref",
        {"document": "read", "pages": ["read", "read", "read", "read"]},
    ),
    "scan.pdf": (
        make_scan,
        "one page: a 1-bit PNG 'scan' (seeded blocks drawn with Pillow) and no text",
        {"document": "read", "pages": ["reject:no_text_layer"]},
    ),
    "ocr_layer.pdf": (
        make_ocr_layer,
        "the scan image plus the page's Chinese text in STSong-Light with text render mode 3 (invisible)",
        {"document": "read", "pages": ["read:ocr_layer"]},
    ),
    "gbk_latin1.pdf": (
        make_gbk_latin1,
        "Chinese lines encoded GBK, the bytes drawn as Latin-1 text in Helvetica (WinAnsiEncoding)",
        {"document": "read", "pages": ["read:repaired_gbk"]},
    ),
    "private_use.pdf": (
        make_private_use,
        "STSong-Light text; pypdf adds a ToUnicode CMap mapping each code used to U+E000 onwards",
        {"document": "read", "pages": ["reject:garbled_text_layer"]},
    ),
    "identity_gids.pdf": (
        make_identity_gids,
        "Chinese lines in an Identity-H CIDFontType2 with no ToUnicode and no embedded font "
        "(codes = glyph ids 1…N in order of first use), by tests/bad_pdfs.py",
        {"document": "read", "pages": ["reject:garbled_text_layer"]},
    ),
    "not_a_pdf.pdf": (
        lambda: HTML_ERROR_PAGE,
        "an HTML 404 page saved as .pdf",
        {"document": "reject", "reason": "not_a_pdf"},
    ),
    "empty.pdf": (lambda: b"", "0 bytes", {"document": "reject", "reason": "empty"}),
    "zero_pages.pdf": (
        make_zero_pages,
        "a valid PDF whose page tree is empty (/Kids [] /Count 0), by tests/bad_pdfs.py",
        {"document": "reject", "reason": "no_pages"},
    ),
    "report_english.pdf": (
        make_report_english,
        "a report page: English text and table in Helvetica, a Chinese title and note in STSong-Light",
        {"document": "read", "pages": ["read"]},
    ),
}


# What PDFium 159 (pypdfium2 5.15) does, found while making these (all but the memory measurement
# checked by tests/test_bad_pdf_fixtures.py).
FINDINGS = [
    "Load failures raise PdfiumError with err_code = FPDF_GetLastError(): 4 (password) for an encrypted "
    "file opened with no or a wrong password; 3 (format) for 0 bytes, an HTML page and a file cut short.",
    "A PDF without pages fails to load but PDFium sets NO error: err_code is stale, whatever the last "
    "failed load in the process left (0 in a fresh process, 4 right after an encrypted file, even with "
    "successful loads in between). Prime the code before each load (open a nonexistent path: err 2, "
    "FPDF_ERR_FILE) and read 2 on a file that exists as 'PDFium gave no reason' (tests/pdfium_probe.py).",
    "A file cut short is not recovered when its trailer is lost, even with every object intact (cutting "
    "just before 'xref' fails too); with the trailer kept, a missing or wrong xref is rebuilt and every "
    "page reads (bad_xref.pdf).",
    "A damaged flate content stream never raises: the page loads; if nothing decodes it has no objects "
    "and 0 chars (indistinguishable from a blank page); if the damage starts mid-stream PDFium keeps "
    "what decoded and silently returns part of the page (corrupt_page2_half.pdf: fewer chars, no error).",
    "Image-only page: count_chars() 0, one FPDF_PAGEOBJ_IMAGE. OCR layer: text objects all in render "
    "mode 3 (FPDF_TEXTRENDERMODE_INVISIBLE), text extracted as usual.",
    "Simple font with WinAnsiEncoding: byte b comes back as U+00bb, except 0x80–0x9F as the cp1252 "
    "characters (the undefined 0x81 0x8D 0x8F 0x90 0x9D as U+2022), 0xA0 as U+0020 and 0xAD as '-'.",
    "A ToUnicode map wins over the predefined UniGB-UCS2-H CMap: private_use.pdf's text is U+E000….",
    "An Identity-H font with no ToUnicode (ordering Identity) gives each code, i.e. the glyph id, as "
    "the code point: a subset font's ids 1…N come out as controls, Latin-1, Latin Extended, Greek, "
    "Cyrillic … (identity_gids.pdf); with ordering GB1 the CIDs are mapped through Adobe-GB1 instead.",
    "get_text_range() joins lines with \r\n and collapses runs of spaces to one; count_chars() "
    "includes those generated \r\n (FPDFText_IsGenerated 1); an empty page gives '' and 0.",
    "Memory (measured on tests/bad_pdfs.write_big_pdf, 10,000 pages, 70 MB): one PdfDocument keeps "
    "what it parsed of every page even after page.close() — max RSS grew 30 → 113 MB over 10,000 "
    "pages at ~4 ms a page; reopening the document every 500 pages kept it at 31–38 MB and ran at "
    "~2–3 ms a page.",
]

# The synthetic page seeds typeset on each page whose text PDFium must give back in full
# (None: a page with no text, damaged or garbled on purpose).
SOURCE_SEEDS: dict[str, list[int | None]] = {
    "encrypted.pdf": [11],  # opened with the user password
    "corrupt_page2.pdf": [21, None, 23],
    "corrupt_page2_half.pdf": [21, None, 23],
    "bad_xref.pdf": [31, 32, 33, 34],
    "ocr_layer.pdf": [42],
    "gbk_latin1.pdf": [51],  # after repair
}


def check_text(path: Path, seeds: list[int | None], password: str | None) -> list[str | None]:
    """The source text of each page; refuses a fixture whose extracted text differs from it."""
    got = pdfium_probe.page_texts(path, password)
    want = [None if s is None else pdfium_probe.normalise("\n".join(chinese_lines(s))) for s in seeds]
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        if w is not None and g != w:
            raise SystemExit(f"{path.name} page {i + 1}: PDFium text differs from the source")
    return want


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    cases = []
    failed = False
    for name, (build, how, expected) in FIXTURES.items():
        path = OUT_DIR / name
        path.write_bytes(build())
        observed = pdfium_probe.probe(path)
        case = {"file": name, "made_by": how, "expected": expected, "pdfium": observed}
        if name == "encrypted.pdf":
            case["pdfium_with_user_password"] = pdfium_probe.probe(path, password=USER_PASSWORD)
        if name in SOURCE_SEEDS:
            password = USER_PASSWORD if name == "encrypted.pdf" else None
            case["source_text"] = check_text(path, SOURCE_SEEDS[name], password)
        got = pdfium_probe.outcome(observed)
        if got != expected:
            print(f"{name}: expected {expected}, pdfium gives {got}", file=sys.stderr)
            failed = True
        cases.append(case)
        print(f"{name:20} {observed['bytes']:>7} B  {got}")
    if failed:
        return 1
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    meta = {
        "what": "PDFs the reader must survive, what pypdfium2 makes of each, and the expected outcome; "
        "see scripts/make_bad_pdfs.py",
        "command": "python scripts/make_bad_pdfs.py",
        "date": day.date().isoformat(),
        "tools": {
            "reportlab": {"version": version("reportlab"), "licence": "BSD-3-Clause"},
            "pypdf": {"version": version("pypdf"), "licence": "BSD-3-Clause"},
            "pillow": {"version": version("pillow"), "licence": "MIT-CMU (HPND)"},
            "pypdfium2": {
                "version": version("pypdfium2"),
                "pdfium": str(pdfium.PDFIUM_INFO),
                "licence": "Apache-2.0 or BSD-3-Clause (PDFium: BSD-3-Clause)",
            },
        },
        "font": f"{CJK_FONT} (Adobe CID font, not embedded: readers substitute their own; no font file used)",
        "text_source": "tests/synthetic.py generate_page(seed) lines (generated, no real page)",
        "passwords": {"user": USER_PASSWORD, "owner": OWNER_PASSWORD},
        "outcomes": {
            "document": "read, or reject with reason empty / not_a_pdf (no %PDF- in the first 1 KB) / "
            "encrypted / no_pages / damaged",
            "pages": "read; read:ocr_layer (flag: text is OCR); read:repaired_gbk; reject:no_text_layer "
            "(image, no text: OCR needed); reject:garbled_text_layer; reject:empty_page (nothing drawn)",
            "mapping": "tests/pdfium_probe.py outcome()",
        },
        "pdfium_fields": {
            "load": "PdfDocument(path, password): ok + n_pages, or PdfiumError err_code (FPDF_GetLastError)",
            "n_chars": "PdfTextPage.count_chars()",
            "text_head": f"first {pdfium_probe.HEAD_CHARS} chars of get_text_range()",
            "objects": "page.get_objects() counted by FPDF_PAGEOBJ_TEXT / IMAGE / other",
            "text_render_modes": "FPDFTextObj_GetTextRenderMode of each text object",
            "verdict": "pipeline.pdf.textlayer.assess(text).kind",
        },
        "findings": FINDINGS,
        "cases": cases,
    }
    (OUT_DIR / "fixtures.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
