"""tests/data/pdf_bad/: every fixture still behaves under the installed pypdfium2 as fixtures.json
records (a PDFium upgrade that changes what the reader sees fails here first), the reference
outcome mapping gives the expected verdicts, and the stdlib big-PDF builder works."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

pdfium = pytest.importorskip("pypdfium2")

from tests import bad_pdfs, pdfium_probe  # noqa: E402  (needs pypdfium2)
from tests.synthetic import generate_page  # noqa: E402

DIR = Path(__file__).parent / "data" / "pdf_bad"
META = json.loads((DIR / "fixtures.json").read_text(encoding="utf-8"))
CASES = {c["file"]: c for c in META["cases"]}


def test_every_file_is_described_and_small():
    assert set(CASES) == {p.name for p in DIR.glob("*.pdf")}
    assert all((DIR / name).stat().st_size <= 16_000 for name in CASES)
    for tool in ("reportlab", "pypdf", "pillow", "pypdfium2"):
        assert META["tools"][tool]["version"] and META["tools"][tool]["licence"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_pdfium_sees_what_fixtures_json_records(name):
    case = CASES[name]
    assert pdfium_probe.probe(DIR / name) == case["pdfium"]
    if "pdfium_with_user_password" in case:
        password = META["passwords"]["user"]
        assert pdfium_probe.probe(DIR / name, password=password) == case["pdfium_with_user_password"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_reference_outcome_is_the_expected_one(name):
    case = CASES[name]
    assert pdfium_probe.outcome(case["pdfium"]) == case["expected"]


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if "source_text" in c))
def test_text_comes_back_as_typeset(name):
    case = CASES[name]
    password = META["passwords"]["user"] if name == "encrypted.pdf" else None
    got = pdfium_probe.page_texts(DIR / name, password)
    for page, (g, want) in enumerate(zip(got, case["source_text"], strict=True), 1):
        if want is not None:
            assert g == want, f"page {page}"


# --- the behaviours the reader relies on, spelled out --------------------------------------------


def _load_error(path: Path, password: str | None = None) -> int | None:
    pdfium_probe.prime_last_error()
    with pytest.raises(pdfium.PdfiumError) as e:
        pdfium.PdfDocument(str(path), password=password)
    return e.value.err_code


def test_encrypted_needs_the_password():
    assert _load_error(DIR / "encrypted.pdf") == pdfium.raw.FPDF_ERR_PASSWORD
    assert _load_error(DIR / "encrypted.pdf", "wrong") == pdfium.raw.FPDF_ERR_PASSWORD
    doc = pdfium.PdfDocument(str(DIR / "encrypted.pdf"), password=META["passwords"]["user"])
    assert len(doc) == 1
    doc.close()


@pytest.mark.parametrize("name", ["empty.pdf", "not_a_pdf.pdf", "truncated.pdf"])
def test_unreadable_files_are_format_errors(name):
    assert _load_error(DIR / name) == pdfium.raw.FPDF_ERR_FORMAT


def test_zero_pages_leaves_a_stale_error_code_unless_primed():
    # without priming, the page-less PDF reports the previous failure: here "wrong password"
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(DIR / "encrypted.pdf"))
    with pytest.raises(pdfium.PdfiumError) as e:
        pdfium.PdfDocument(str(DIR / "zero_pages.pdf"))
    assert e.value.err_code == pdfium.raw.FPDF_ERR_PASSWORD
    assert _load_error(DIR / "zero_pages.pdf") == pdfium.raw.FPDF_ERR_FILE


def test_damaged_content_stream_page_loads_empty_the_others_read():
    pages = CASES["corrupt_page2.pdf"]["pdfium"]["pages"]
    assert [p["loads"] for p in pages] == [True, True, True]
    assert pages[1]["n_chars"] == 0 and pages[1]["objects"] == {"text": 0, "image": 0, "other": 0}
    assert pages[0]["n_chars"] > 300 and pages[2]["n_chars"] > 300
    half = CASES["corrupt_page2_half.pdf"]["pdfium"]["pages"]
    assert 0 < half[1]["n_chars"] < 0.8 * len(CASES["corrupt_page2_half.pdf"]["source_text"][1] or "x" * 400)


def test_scan_and_ocr_layer():
    scan = CASES["scan.pdf"]["pdfium"]["pages"][0]
    assert scan["n_chars"] == 0 and scan["objects"]["image"] == 1 and scan["objects"]["text"] == 0
    ocr = CASES["ocr_layer.pdf"]["pdfium"]["pages"][0]
    assert ocr["objects"]["image"] == 1 and ocr["n_chars"] > 300
    assert ocr["text_render_modes"] == [pdfium.raw.FPDF_TEXTRENDERMODE_INVISIBLE]


def test_gbk_latin1_text_is_latin1_and_repairs():
    page = CASES["gbk_latin1.pdf"]["pdfium"]["pages"][0]
    assert all(ord(c) < 0x100 for c in page["text_head"])
    assert page["verdict"] == "gbk_as_latin1"
    assert sum("\u4e00" <= c <= "\u9fff" for c in page["repaired_head"]) >= 8


def test_private_use_text_layer():
    doc = pdfium.PdfDocument(str(DIR / "private_use.pdf"))
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    visible = [c for c in text if not c.isspace()]
    assert visible and all(0xE000 <= ord(c) <= 0xF8FF for c in visible)


# --- the big-PDF builder ------------------------------------------------------------------------


def test_make_big_pdf_pages_and_text():
    data = bad_pdfs.make_big_pdf(60, n_lines=5)
    doc = pdfium.PdfDocument(data)
    assert len(doc) == 60
    text = doc[59].get_textpage().get_text_range()
    doc.close()
    assert text.startswith("第60页1行 ")
    assert len(text.splitlines()) == 5


def test_write_big_pdf_streams_in_flat_memory(tmp_path):
    path = tmp_path / "big.pdf"
    tracemalloc.start()
    size = bad_pdfs.write_big_pdf(path, 3000, n_lines=10)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert size == path.stat().st_size > 3000 * 1000
    assert peak < 500_000  # 5.8 MB written; measured peak 74 KB (8 bytes per object, one page at a time)
    doc = pdfium.PdfDocument(str(path))
    assert len(doc) == 3000
    doc.close()


def test_zero_page_writer_output_is_what_pdfium_refuses():
    assert bad_pdfs.pdf_bytes([]) == (DIR / "zero_pages.pdf").read_bytes()


def test_identity_font_without_unicode_map_gives_glyph_ids():
    doc = pdfium.PdfDocument(str(DIR / "identity_gids.pdf"))
    textpage = doc[0].get_textpage()
    codes = [pdfium.raw.FPDFText_GetUnicode(textpage.raw, i) for i in range(textpage.count_chars())]
    doc.close()
    # the first glyphs of the page are ids 1, 2, 3 … (no CJK at all), and the verdict is garbled
    assert codes[0] == 1 and max(codes) < 0x800
    assert CASES["identity_gids.pdf"]["pdfium"]["pages"][0]["verdict"] == "garbled"


def test_text_range_line_breaks_are_generated_and_space_runs_collapse():
    doc = pdfium.PdfDocument(str(DIR / "report_english.pdf"))
    textpage = doc[0].get_textpage()
    n = textpage.count_chars()
    text = textpage.get_text_range()
    generated = [i for i in range(n) if pdfium.raw.FPDFText_IsGenerated(textpage.raw, i)]
    assert len(text) == n and generated
    assert {text[i] for i in generated} <= {"\r", "\n", " "}
    assert "\r\n" in text
    doc.close()
    scan = pdfium.PdfDocument(str(DIR / "scan.pdf"))
    empty = scan[0].get_textpage()
    assert (empty.count_chars(), empty.get_text_range()) == (0, "")
    scan.close()
    # the OCR layer was typeset from synthetic page 42, whose lines have double spaces; PDFium gives one
    lines = [ln.strip() for ln in generate_page(42).text.splitlines() if ln.strip()][:30]
    assert any("  " in ln for ln in lines)
    ocr = pdfium.PdfDocument(str(DIR / "ocr_layer.pdf"))
    got = ocr[0].get_textpage().get_text_range().split("\r\n")
    ocr.close()
    assert got == [" ".join(ln.split()) for ln in lines]
