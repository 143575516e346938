"""PDF bytes → the characters of each page with their boxes and font sizes (pypdfium2).

Why pypdfium2: PDFium is a compiled, maintained parser (Apache-2.0/BSD) that recovers damaged files,
maps CID fonts through their CMaps and already drops the duplicate glyphs of simulated bold; the
per-character calls used here cost ~1.5 µs a character (``benchmarks/pdf_speed.py``), where
pdfminer.six-based readers cost ~14× more.

Everything is returned as plain data (columns of numbers, not one object per character): the layout
stages downstream are pure functions over it and never see PDFium.  Coordinates are PDF points with
the origin at the **top-left** of the page (y grows downwards), as image crops and most viewers
count them; ``PageGlyphs.width``/``height`` give the page size in the same units.
"""

from __future__ import annotations

import ctypes
import functools
import math
import operator
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

# A newspaper page carries 6–10 k characters; a page a hundred times denser is no page we can read
# in bounded time and memory (a vector map, a table dump): it is rejected by page.
MAX_PAGE_CHARS = 200_000
# PDFium keeps every page it parsed until the document is closed (10,000 pages: 30 → 113 MB, measured
# with tests/bad_pdfs.py); reopening every few hundred pages keeps a merged issue's memory flat.
REOPEN_EVERY = 200
# Text drawn invisibly (render mode 3) is what OCR tools lay over a page image.
_INVISIBLE = 3
# Text stroked (stroke, fill and stroke, either with clipping): how typesetters without a bold face
# embolden it — LibreOffice's and XeLaTeX's simulated bold.
_STROKED = frozenset({1, 2, 5, 6})


@dataclass(slots=True)
class PageGlyphs:
    """One page's characters in content order (generated line breaks removed).

    ``chars[i]`` has the loose box ``x0[i], top[i], x1[i], bottom[i]`` (the font's full em box, so
    the characters of a line in one font share its bottom) and font size ``size[i]``; where some
    font's boxes end at the glyphs' ink instead, also the baseline ``base[i]`` (empty on others).
    """

    number: int  # 1-based page number in the file
    width: float
    height: float
    rotation: int
    chars: list[str] = field(default_factory=list)
    x0: list[float] = field(default_factory=list)
    top: list[float] = field(default_factory=list)
    x1: list[float] = field(default_factory=list)
    bottom: list[float] = field(default_factory=list)
    size: list[float] = field(default_factory=list)
    emph: list[bool] = field(default_factory=list)  # drawn stroked (simulated bold); empty if none is
    # each character's font, numbered in order of first use; empty where the page's text has one
    face: list[int] = field(default_factory=list)
    base: list[float] = field(default_factory=list)  # glyph origins' y (empty if not read)
    invisible: int = 0  # characters drawn in render mode 3 (an OCR layer)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)  # boxes and rules drawn

    @property
    def text(self) -> str:
        return "".join(self.chars)


@dataclass(frozen=True, slots=True)
class PageError:
    """A page that could not be read at all, with a reject reason ``code: message``."""

    number: int
    reason: str


class PdfUnreadable(Exception):
    """The whole file cannot be opened; ``reason`` is a reject reason ``code: message``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _open_reason(exc: pdfium.PdfiumError) -> str:
    code = getattr(exc, "err_code", None)
    if code == raw.FPDF_ERR_FILE:  # primed before the load: PDFium set no error of its own
        return "no_pages: the PDF has no pages (PDFium gave no other reason)"
    if code == raw.FPDF_ERR_PASSWORD:
        return "encrypted: the PDF needs a password to open; decrypt it first (e.g. qpdf --decrypt)"
    if code == raw.FPDF_ERR_SECURITY:
        return "encrypted: unsupported security handler"
    if code == raw.FPDF_ERR_FORMAT:
        return "damaged: not a readable PDF (damaged file structure)"
    return f"damaged: PDFium could not open the file ({exc})"


def open_document(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes; raises :class:`PdfUnreadable` with a reject reason.

    PDFium refuses a file without pages but sets no error code, leaving the previous failure's
    (a page-less file would pass for encrypted after an encrypted one): the last error is first set
    to "file not found" by opening a path that does not exist, so that code means "none given"
    (measured with pypdfium2 5.15: ``tests/data/pdf_bad/fixtures.json``).
    """
    raw.FPDF_LoadDocument(b"/nonexistent/baokan/prime-last-error.pdf", None)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfUnreadable(_open_reason(exc)) from None


def open_pages(data: bytes) -> tuple[int, Iterator[PageGlyphs | PageError]]:
    """The page count and every page of the file in order, read one at a time as the iterator is
    consumed (one page's PDFium objects alive at once).

    Raises :class:`PdfUnreadable` when the file itself cannot be opened or has no pages.
    """
    doc = open_document(data)
    n = len(doc)
    if n == 0:
        doc.close()
        raise PdfUnreadable("no_pages: the PDF has no pages")

    def pages() -> Iterator[PageGlyphs | PageError]:
        current = doc
        try:
            for i in range(n):
                if i and i % REOPEN_EVERY == 0:  # PDFium keeps what it parsed: start afresh
                    current.close()
                    current = open_document(data)
                yield _read_page(current, i)
        finally:
            current.close()

    return n, pages()


def read_pages(data: bytes) -> list[PageGlyphs | PageError]:
    """Every page of the file (tests and tools; builds stream with :func:`open_pages`)."""
    return list(open_pages(data)[1])


def _read_page(doc: pdfium.PdfDocument, index: int) -> PageGlyphs | PageError:
    number = index + 1
    try:
        page = doc[index]
    except pdfium.PdfiumError as exc:
        return PageError(number, f"damaged_page: page {number} could not be loaded ({exc})")
    try:
        width, height = page.get_size()
        out = PageGlyphs(
            number=number, width=float(width), height=float(height), rotation=page.get_rotation()
        )
        stroked, fonts, scales = _read_objects(page, out)
        textpage = page.get_textpage()
        try:
            err = _read_chars(textpage, out, stroked, fonts, scales)
        finally:
            textpage.close()
        if err:
            return PageError(number, err)
        return out
    except pdfium.PdfiumError as exc:
        return PageError(number, f"damaged_page: page {number} could not be read ({exc})")
    finally:
        page.close()


def _read_objects(page: pdfium.PdfPage, out: PageGlyphs) -> tuple[set[int], dict[int, int], dict[int, float]]:
    """Image and path boxes (photos, boxed notes, rules) and whether text is drawn invisibly;
    returns the stroked text objects, each text object's font (addresses) and the scale its matrix
    sets its font size to (a font set at size 1 and scaled by the text matrix or the CTM, as many
    e-paper systems write: PDFium's character size is the ``Tf`` size alone).

    Through PDFium's own calls rather than pypdfium2's object wrappers, with objects as plain
    addresses (:func:`_call`): a page drawn glyph by glyph has thousands of text objects; a wrapper
    per object cost ~25 µs each, a pointer object and its cast ~2 µs (measured)."""
    h = out.height
    stroked: set[int] = set()
    fonts: dict[int, int] = {}
    scales: dict[int, float] = {}
    vp, c_int = ctypes.c_void_p, ctypes.c_int
    matrix = raw.FS_MATRIX()
    matrix_of, matrix_at = _call("FPDFPageObj_GetMatrix", c_int, vp, vp), ctypes.addressof(matrix)
    get_type = _call("FPDFPageObj_GetType", c_int, vp)
    render_mode = _call("FPDFTextObj_GetTextRenderMode", c_int, vp)
    font_of = _call("FPDFTextObj_GetFont", vp, vp)
    page_object = functools.partial(
        _call("FPDFPage_GetObject", vp, vp, c_int), ctypes.cast(page.raw, vp).value
    )
    form_object = _call("FPDFFormObj_GetObject", vp, vp, ctypes.c_ulong)
    form_count = _call("FPDFFormObj_CountObjects", c_int, vp)
    bounds = raw.FPDFPageObj_GetBounds
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    text, form, image, path = (
        raw.FPDF_PAGEOBJ_TEXT,
        raw.FPDF_PAGEOBJ_FORM,
        raw.FPDF_PAGEOBJ_IMAGE,
        raw.FPDF_PAGEOBJ_PATH,
    )
    # (objects in a form XObject are placed by the form's matrix too: its scale is carried down)
    stack = [(raw.FPDFPage_CountObjects(page.raw), page_object, 0, 1.0)]
    while stack:
        count, get, depth, outer = stack.pop()
        for k in range(count):
            obj = get(k)
            kind = get_type(obj)
            if kind == text:
                mode = render_mode(obj)
                fonts[obj] = font_of(obj)
                if matrix_of(obj, matrix_at) and 1e-3 < (k := outer * math.hypot(matrix.c, matrix.d)) < 1e4:
                    scales[obj] = k  # (the em's height on the page; a degenerate matrix is ignored)
                if mode == _INVISIBLE:
                    out.invisible += 1
                elif mode in _STROKED:
                    stroked.add(obj)
            elif kind == form and depth < 2:
                inner = outer * math.hypot(matrix.c, matrix.d) if matrix_of(obj, matrix_at) else outer
                stack.append((form_count(obj), functools.partial(form_object, obj), depth + 1, inner))
            elif kind in (image, path) and bounds(ctypes.cast(obj, raw.FPDF_PAGEOBJECT), *refs):
                box = (float(left.value), h - float(top.value), float(right.value), h - float(bottom.value))
                (out.images if kind == image else out.rects).append(box)
    return stroked, fonts, scales


@functools.cache
def _call(name: str, restype: object, *argtypes: object) -> Callable:
    """PDFium's function ``name`` taking and returning addresses as plain ints (no pointer objects
    made and cast back a call)."""
    address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def _inked_boxes(out: PageGlyphs) -> bool:
    """Do some loose boxes end at their glyph's ink (a font declaring no descent: LibreOffice's
    subsets)? Then two glyphs in a row share a top (the font's ascent) but not a bottom. (Whole-list
    passes at C speed: this is asked of every page.)"""
    tops, bottoms = out.top, out.bottom
    same_top = map(operator.eq, tops[1:], tops[:-1])
    return any(map(operator.and_, same_top, map(operator.ne, bottoms[1:], bottoms[:-1])))


def _read_baselines(tp: object, out: PageGlyphs, kept: list[int]) -> None:
    """Each character's baseline (the y of its origin), and no box ending above it.

    A loose box spans its font's ascent and descent, so the glyphs of one line in one font share
    its bottom — unless the font declares no descent: then PDFium ends the box at the glyph's ink,
    above the baseline for 一, “ or ：, and rows must follow baselines. Asked only of such pages
    (a call a character: a fifth of the read)."""
    origin = raw.FPDFText_GetCharOrigin
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
    h, base = out.height, out.base
    for i in kept:
        origin(tp, i, ox_ref, oy_ref)
        base.append(h - oy.value)
    out.bottom = list(map(max, out.bottom, base))


def is_han(ch: str) -> bool:
    """A Han character (CJK unified ideographs and extension A)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _read_chars(
    textpage: pdfium.PdfTextPage,
    out: PageGlyphs,
    stroked: AbstractSet[int] = frozenset(),
    fonts: Mapping[int, int] | None = None,
    scales: Mapping[int, float] | None = None,
) -> str | None:
    n = textpage.count_chars()
    if n > MAX_PAGE_CHARS:
        return f"too_large: page {out.number} has {n:,} characters (limit {MAX_PAGE_CHARS:,})"
    if n <= 0:
        return None
    text = textpage.get_text_range(0, n)
    tp = textpage.raw
    if len(text) != n:  # characters outside the BMP: one code unit per character is not guaranteed
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i) or 0xFFFD) for i in range(n))
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    loose = raw.FPDFText_GetLooseCharBox
    font_size = raw.FPDFText_GetFontSize
    generated = raw.FPDFText_IsGenerated
    h = out.height
    chars, x0s, tops, x1s, bottoms, sizes = out.chars, out.x0, out.top, out.x1, out.bottom, out.size
    kept: list[int] = []  # each character's index on the text page
    for i, ch in enumerate(text):
        if ch in "\r\n" or (ch == " " and generated(tp, i)):
            continue  # PDFium's own line breaks and word spaces: geometry decides those here
        if ch == "\x00" or ch == "\ufffe":
            continue
        loose(tp, i, ref)
        kept.append(i)
        chars.append(ch)
        x0s.append(rect.left)
        x1s.append(rect.right)
        tops.append(h - rect.top)
        bottoms.append(h - rect.bottom)
        sizes.append(font_size(tp, i))
    if _inked_boxes(out):
        _read_baselines(tp, out, kept)
    several = fonts is not None and len(set(fonts.values())) > 1
    ks = {round(k, 6) for k in (scales or {}).values()}
    each = len(ks) > 1  # text objects scaled differently: each character by its own object's
    if len(ks) == 1 and (k := ks.pop()) != 1.0:  # one scale for all the page's text (drawn in pixels)
        out.size = sizes = [v * k for v in sizes]
    if stroked or several or each:  # (a call a character: asked only of pages that need it)
        object_of = functools.partial(
            _call("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int),
            ctypes.cast(tp, ctypes.c_void_p).value,
        )
        objs = list(map(object_of, kept)) if stroked or each else None
        if each:
            assert scales is not None and objs is not None
            out.size = [v * scales.get(o, 1.0) for v, o in zip(sizes, objs, strict=True)]
        if stroked:
            assert objs is not None
            out.emph = [o in stroked for o in objs]
        if several:
            assert fonts is not None
            # (asked of Han characters only: a line's face is told by them, see glyphlines)
            obj = objs.__getitem__ if objs is not None else lambda k: object_of(kept[k])
            number: dict[int | None, int] = {}
            out.face = [
                number.setdefault(fonts.get(obj(k)), len(number)) if is_han(ch) else -1
                for k, ch in enumerate(chars)
            ]
    return None
