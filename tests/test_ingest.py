import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import ingest

ZH = "全过程人民民主是社会主义民主政治的本质属性。\n人大代表联系群众。\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8-sig", b""),
        ("gb18030", b""),
        ("utf-16", b""),
    ],
)
def test_decodes_supported_encodings(encoding, prefix):
    page = ingest.read_page(prefix + ZH.encode(encoding))
    assert isinstance(page, ingest.Page)
    assert page.text == ZH
    assert page.encoding == ("gb18030" if encoding == "gb18030" else encoding)


def test_gbk_bytes_are_read_as_gb18030():
    page = ingest.read_page(ZH.encode("gbk"))
    assert isinstance(page, ingest.Page) and page.text == ZH and page.encoding == "gb18030"


def test_crlf_is_normalised_and_recorded():
    page = ingest.read_page(ZH.replace("\n", "\r\n").encode("utf-8"))
    assert page.text == ZH and page.line_ends == "crlf"


def test_bom_is_not_part_of_the_text():
    page = ingest.read_page(codecs.BOM_UTF8 + ZH.encode("utf-8"))
    assert not page.text.startswith("\ufeff") and page.encoding == "utf-8-sig"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \n\t \r\n", "whitespace_only"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"\xc3\x28\xff\x80\xa1" * 10, "undecodable"),
        (b"The quick brown fox jumps over the lazy dog.\n" * 5, "not_chinese"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(data, code):
    result = ingest.read_page(data)
    assert isinstance(result, ingest.Reject)
    assert result.code == code
    assert ":" in result.reason and len(result.reason) > len(code) + 5


def test_control_characters_are_removed_and_counted():
    page = ingest.read_page(("人大\x00代表\x07工作\n").encode())
    assert page.text == "人大代表工作\n" and page.removed_controls == 2


@given(st.binary(max_size=2000))
def test_any_bytes_give_a_page_or_a_reject(data):
    result = ingest.read_page(data)
    assert isinstance(result, ingest.Page | ingest.Reject)
    if isinstance(result, ingest.Page):
        assert "\r" not in result.text and "\x00" not in result.text


def test_doc_id_is_a_prefix_of_the_content_hash():
    digest = ingest.sha256_hex(b"abc")
    assert ingest.doc_id_for(digest) == digest[:16]


def test_a_huge_file_is_rejected_without_decoding():
    result = ingest.read_page("人".encode() * (ingest.MAX_PAGE_BYTES // 3 + 1))
    assert isinstance(result, ingest.Reject) and result.code == "too_large"
