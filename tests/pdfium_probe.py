"""What pypdfium2 makes of a PDF, as plain data: for ``fixtures.json`` and the test that re-checks it.

The reader in ``pipeline/pdf`` decides what to do with a file from exactly these observations
(does it load, with which PDFium error code; per page: does it load, how many characters, which
page objects, which text render modes), so recording them per fixture pins down what the reader
must handle, and re-checking them catches a PDFium upgrade that changes behaviour.

:func:`outcome` is the reference mapping from observations to the pipeline's verdict (document
rejected with a reason, or per page: read / flagged / repaired / rejected), with the reject codes
the fixtures expect.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.pdf.textlayer import assess, repaired_text

# PDFium's FPDF_GetLastError codes after a failed FPDF_LoadDocument (fpdfview.h).
ERR_NAMES = {0: "success", 1: "unknown", 2: "file", 3: "format", 4: "password", 5: "security", 6: "page"}
HEAD_CHARS = 24  # characters of each page's text kept in fixtures.json


def prime_last_error() -> None:
    """Set PDFium's last error to FPDF_ERR_FILE by opening a path that does not exist.

    PDFium refuses a document without pages but sets no error code, so ``PdfiumError.err_code`` is
    then whatever the *previous* failed load in the process left (0 only in a fresh process, 4 after
    an encrypted file — a page-less PDF would pass for encrypted). Priming before each load makes
    the code deterministic: ``FPDF_ERR_FILE`` (2) on a file that was read means "PDFium set none".
    """
    pdfium_c.FPDF_LoadDocument(b"/nonexistent/baokan/prime-last-error.pdf", None)


def probe(path: Path, password: str | None = None) -> dict[str, Any]:
    """Load ``path`` with pypdfium2 and describe the document and every page; never raises."""
    data = path.read_bytes()
    out: dict[str, Any] = {
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "pdf_header": b"%PDF-" in data[:1024],
    }
    prime_last_error()
    try:
        doc = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as e:
        out["load"] = {
            "ok": False,
            "err_code": e.err_code,
            "err_name": ERR_NAMES.get(e.err_code),
            "message": str(e),
        }
        return out
    try:
        n = len(doc)
        out["load"] = {"ok": True, "n_pages": n}
        out["pages"] = [_probe_page(doc, i) for i in range(n)]
    finally:
        doc.close()
    return out


def _probe_page(doc: pdfium.PdfDocument, i: int) -> dict[str, Any]:
    try:
        page = doc[i]
    except pdfium.PdfiumError as e:
        return {"page": i + 1, "loads": False, "message": str(e)}
    try:
        textpage = page.get_textpage()
        n_chars = textpage.count_chars()
        text = textpage.get_text_range() if n_chars else ""
        textpage.close()
        kinds = {pdfium_c.FPDF_PAGEOBJ_TEXT: "text", pdfium_c.FPDF_PAGEOBJ_IMAGE: "image"}
        counts = {"text": 0, "image": 0, "other": 0}
        modes: set[int] = set()
        for obj in page.get_objects():
            kind = kinds.get(obj.type, "other")
            counts[kind] += 1
            if kind == "text":
                modes.add(int(pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)))
        verdict = assess(text)
        return {
            "page": i + 1,
            "loads": True,
            "n_chars": n_chars,
            "text_head": text[:HEAD_CHARS],
            "text_sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            "objects": counts,
            "text_render_modes": sorted(modes),
            "verdict": verdict.kind,
            "repaired_head": (repaired_text(text) or "")[:HEAD_CHARS] if verdict.repairable else None,
        }
    finally:
        page.close()


def page_texts(path: Path, password: str | None = None) -> list[str]:
    """Each page's text as the reader would keep it: GBK-as-Latin-1 repaired, lines with runs of
    whitespace collapsed (PDFium turns two spaces into one), ``\r\n`` as ``\n``."""
    doc = pdfium.PdfDocument(str(path), password=password)
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            if assess(text).repairable:
                text = repaired_text(text) or text
            out.append(normalise(text))
        return out
    finally:
        doc.close()


def normalise(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def outcome(observed: dict[str, Any]) -> dict[str, Any]:
    """Reference mapping: ``{"document": "read"}`` with per-page results, or a document reject."""
    if observed["bytes"] == 0:
        return {"document": "reject", "reason": "empty"}
    load = observed["load"]
    if not load["ok"]:
        if not observed["pdf_header"]:
            reason = "not_a_pdf"
        elif load["err_code"] == pdfium_c.FPDF_ERR_PASSWORD:
            reason = "encrypted"
        elif load["err_code"] == pdfium_c.FPDF_ERR_FILE:  # primed: PDFium set no error
            reason = "no_pages"
        else:
            reason = "damaged"
        return {"document": "reject", "reason": reason}
    pages = [_page_outcome(p) for p in observed["pages"]]
    return {"document": "read", "pages": pages}


def _page_outcome(p: dict[str, Any]) -> str:
    if not p["loads"]:
        return "reject:damaged_page"
    if p["n_chars"] == 0:
        # nothing drawn at all is a damaged page; an image and no text is a scan
        return "reject:no_text_layer" if p["objects"]["image"] else "reject:empty_page"
    if p["text_render_modes"] == [pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE]:
        return "read:ocr_layer"
    verdict = p["verdict"]
    if verdict == "ok":
        return "read"
    if verdict == "gbk_as_latin1":
        return "read:repaired_gbk"
    if verdict == "no_text":
        return "reject:no_text_layer"
    return "reject:garbled_text_layer"
