"""pipeline.pdf.textlayer: the verdict on a page's characters and the GBK-as-Latin-1 repair."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.pdf import textlayer
from pipeline.pdf.textlayer import assess, repair_gbk_latin1, repaired_text
from tests.synthetic import generate_page


def _as_latin1(text: str) -> str:
    """What an extractor gives for ``text`` drawn as GBK bytes in a one-byte Latin-1 font."""
    return text.encode("gbk").decode("latin-1")


def _as_winansi(text: str) -> str:
    """The same through a WinAnsi (cp1252) font: bytes 0x80–0x9F come out as typographic chars."""
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) if 0x80 <= b <= 0x9F else chr(b)
        for b in text.encode("gbk")
    )


# What PDFium 159 (pypdfium2 5.15) returns for bytes 0x80–0xFF shown with Helvetica/WinAnsi
# (measured by scripts/make_bad_pdfs.py; the rest come out as their Latin-1 code point).
PDFIUM_WINANSI = {
    **{b: ord(bytes([b]).decode("cp1252", errors="replace")) for b in range(0x80, 0xA0)},
    **{b: 0x2022 for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)},
    0xA0: 0x20,
    0xAD: 0x2D,
}


def _as_pdfium(text: str) -> str:
    return "".join(chr(PDFIUM_WINANSI.get(b, b)) for b in text.encode("gbk"))


PAGES = [generate_page(seed).text for seed in range(6)]


def _covers(ranges: list[tuple[int, int, str]], n: int) -> bool:
    pos = 0
    for start, end, _ in ranges:
        if start != pos or end <= start:
            return False
        pos = end
    return pos == n


# --- verdicts on realistic pages ----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_chinese_page_is_ok(page):
    v = assess(page)
    assert (v.kind, v.repairable) == ("ok", False)
    assert "CJK" in v.detail


@pytest.mark.parametrize("page", PAGES)
def test_gbk_page_read_as_latin1_is_repairable_and_repairs_exactly(page):
    garbled = _as_latin1(page)
    assert garbled != page
    v = assess(garbled)
    assert (v.kind, v.repairable) == ("gbk_as_latin1", True), v.detail
    assert "Latin-1" in v.detail and "common hanzi" in v.detail
    assert repaired_text(garbled) == page


@pytest.mark.parametrize("page", PAGES)
def test_repair_of_what_pdfium_shows_soft_hyphen_trail_bytes(page):
    shown = _as_pdfium(page)
    assert "-" in shown  # GB2312 trail byte 0xAD is common
    assert assess(shown).kind == "gbk_as_latin1"
    assert repaired_text(shown) == page


def test_winansi_bytes_0x80_0x9f_map_back_to_their_bytes():
    text = "丂亐乕伋嗀堋"  # GBK/3 (lead 0x81–0x86; trails 0x40–0xD8) and 堋 (0xDC 0xA1)
    shown = _as_winansi(text)
    assert any(ord(c) > 0xFF for c in shown)  # '„', '†' appear
    assert repaired_text(shown) == text


def test_dashes_and_quotes_of_a_good_font_are_not_taken_for_bytes():
    # 倝 is GBK 0x82 0x89, shown through WinAnsi as '‚‰': indistinguishable from real punctuation,
    # and real punctuation is by far the likelier; "——" (0x97 0x97) would be 棗.
    text = "——“好”…‚‰"
    assert repaired_text(text) == text
    assert repaired_text(_as_latin1("中") + text) == "中" + text


def test_english_report_is_ok():
    text = (
        "Annual Report 2023. Revenue grew 12% to $4.5 billion; the board proposes a dividend of "
        "0.35 per share. Café, naïve and Müller keep their accents. 表1 主要财务指标\n" * 20
    )
    v = assess(text)
    assert v.kind == "ok"


def test_european_text_with_accents_is_not_taken_for_gbk():
    text = "Þórður ætlaði að fara í bæinn. Ça fait déjà très longtemps, señor, à côté de l'église. " * 10
    assert assess(text).kind == "ok"


def test_stock_table_digits_are_ok():
    rows = [
        f"{600000 + i} 股票{i % 7} {10 + i * 0.37:.2f} {i % 5 - 2:+.2f}% {1234567 + i * 911}"
        for i in range(200)
    ]
    assert assess("\n".join(rows)).kind == "ok"


def test_private_use_page():
    rng = random.Random(0)
    text = "".join(chr(rng.randrange(0xE000, 0xE800)) for _ in range(500)) + " 2024 12 "
    v = assess(text)
    assert (v.kind, v.repairable) == ("private_use", False)
    assert "private-use" in v.detail


def test_cid_numbers_page():
    text = " ".join(f"(cid:{n})" for n in range(100, 400))
    v = assess(text)
    assert (v.kind, v.repairable) == ("cid_numbers", False)


def test_long_digit_runs_are_cid_numbers():
    text = "\n".join("".join(str((i * 7 + j) % 10) for j in range(40)) for i in range(30))
    assert assess(text).kind == "cid_numbers"


@pytest.mark.parametrize("text", ["", " \r\n\t\u3000 ", "\u200b\ufeff\u00ad"])
def test_nothing_visible_is_no_text(text):
    v = assess(text)
    assert (v.kind, v.repairable) == ("no_text", False)


def test_control_characters_are_garbled_not_empty():
    assert assess("\x00\x01\x02\x03\x05 \x06").kind == "garbled"


def test_glyph_ids_of_a_subset_font_shown_as_code_points_are_garbled():
    # Identity-H without ToUnicode: PDFium gives the glyph ids 1…N (first use order) as code points
    page = "".join(PAGES)
    gids = {c: i + 1 for i, c in enumerate(dict.fromkeys(page))}
    text = "".join(chr(gids[c]) if not c.isspace() else c for c in page)
    assert len(gids) > 600  # pages use hundreds of glyphs
    v = assess(text)
    assert (v.kind, v.repairable) == ("garbled", False), v.detail


def test_glyph_ids_of_a_full_font_land_on_random_hanzi():
    rng = random.Random(4)
    text = "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(600))
    v = assess(text)
    assert v.kind == "garbled" and "common" in v.detail


@pytest.mark.parametrize(
    "text",
    [
        "Съешь же ещё этих мягких французских булок, да выпей чаю. ",
        "Ελληνικά κείμενα για δοκιμή του ελέγχου γραφής. ",
        "Tiếng Việt có dấu: Hà Nội, Thành phố Hồ Chí Minh, Đà Nẵng, người dân. ",
        "拼音 Zhōngguó rénmín gònghéguó chénglì qīshíwǔ zhōunián ",
        "臺灣報紙使用繁體中文，政府將於明年實施新的經濟發展計畫，並加強區域合作與環境保護。",
        "公式 α+β=γ，电阻Ω，温度Δt，俄文Москва。",
    ],
)
def test_other_scripts_and_traditional_chinese_are_ok(text):
    v = assess(text * 10)
    assert v.kind == "ok", v.detail


def test_replacement_characters_and_symbols_are_garbled():
    text = "\ufffd" * 300 + "■●◆" * 50 + " abc 中"
    v = assess(text)
    assert (v.kind, v.repairable) == ("garbled", False)


def test_random_latin1_bytes_that_pair_up_decode_to_rare_characters_garbled():
    rng = random.Random(1)
    text = "".join(chr(rng.randrange(0xA1, 0xFF)) for _ in range(2000))
    assert repair_gbk_latin1(text) is not None  # every pair is valid GBK ...
    v = assess(text)
    assert (v.kind, v.repairable) == ("garbled", False)  # ... but not Chinese text
    assert "common hanzi" in v.detail


def test_latin1_that_does_not_decode_is_garbled():
    text = "ÿ" * 100 + "abc"
    assert repair_gbk_latin1(text) is None
    assert assess(text).kind == "garbled"


def test_mixed_page_broken_font_for_some_articles_only():
    good, bad = PAGES[0][:600], PAGES[1][:600]
    mixed = good + "\n" + _as_latin1(bad)
    v = assess(mixed)
    assert v.kind == "gbk_as_latin1", v.detail
    assert repaired_text(mixed) == good + "\n" + bad


# --- repair: ranges and failures --------------------------------------------------------------


def test_repair_ranges_point_at_the_byte_pairs():
    shown = _as_latin1("人a民")  # ÈË a Ãñ
    assert shown == "ÈËaÃñ"
    assert repair_gbk_latin1(shown) == [(0, 2, "人"), (2, 3, "a"), (3, 5, "民")]


def test_repair_gbk_trail_byte_in_ascii_range():
    # 丂 is GBK 0x81 0x40: its trail byte shows as '@'
    shown = _as_latin1("丂x")
    assert shown[1] == "@"
    assert repair_gbk_latin1(shown) == [(0, 2, "丂"), (2, 3, "x")]


def test_repair_gb18030_four_byte_sequence():
    text = "Ł中"  # Ł is not in GBK: four bytes in GB18030
    shown = "Ł".encode("gb18030").decode("latin-1") + _as_latin1("中")
    assert [(s, e) for s, e, _ in repair_gbk_latin1(shown)] == [(0, 4), (4, 6)]
    assert repaired_text(shown) == text


@pytest.mark.parametrize("bad", ["È\x7f", "ÈËÿÿ", "\x80\x80", "ÈËÃÿ", "ÿA"])
def test_repair_refuses_what_is_not_gb18030(bad):
    assert repair_gbk_latin1(bad) is None


@pytest.mark.parametrize(
    "good", ["È", "马克思·韦伯", "37°", "北纬30°，", "é中", "3×5米", "½\n", "30° 北", "3× 5"]
)
def test_latin1_letters_of_a_good_font_pass_through(good):
    r = repair_gbk_latin1(good)
    assert r is not None and "".join(c for _, _, c in r) == good


def test_broken_headline_on_a_good_page_is_found_and_repaired():
    headline = "各地认真贯彻落实会议精神推动高质量发展"
    body = PAGES[2]
    tail = "\n马克思·韦伯 北纬30°，气温37℃，面积3×5米"
    page = _as_latin1(headline) + "\n" + body + tail
    v = assess(page)
    assert (v.kind, v.repairable) == ("gbk_as_latin1", True), v.detail
    assert "mixed" in v.detail
    assert repaired_text(page) == headline + "\n" + body + tail


def test_latin1_before_ascii_is_ambiguous_and_read_as_gbk():
    # "°C" from a good font is also the GBK pair 0xB0 0x43: inside runs of bytes, GBK wins (documented)
    assert repaired_text("°C") == "癈"


def test_a_few_latin1_letters_on_a_chinese_page_are_ok():
    page = PAGES[3] + "\n马克思·韦伯，气温37°C，面积3×5米，Ç"
    assert assess(page).kind == "ok"


# --- properties ---------------------------------------------------------------------------------

# characters whose GBK form is what GB18030 decodes back (ASCII or a two-byte pair)
_GBK_CHAR = st.characters(min_codepoint=0x20, max_codepoint=0xFFFF).filter(
    lambda c: _gbk_ok(c) and c not in "\x7f"
)


def _gbk_ok(c: str) -> bool:
    try:
        b = c.encode("gbk")
    except UnicodeEncodeError:
        return False
    return b.decode("gb18030") == c


@given(st.text())
@settings(max_examples=400, deadline=None)
def test_assess_and_repair_never_raise_on_any_string(text):
    v = assess(text)
    assert v.kind in ("ok", "gbk_as_latin1", "private_use", "cid_numbers", "garbled", "no_text")
    assert v.repairable == (v.kind == "gbk_as_latin1")
    r = repair_gbk_latin1(text)
    if v.repairable:
        assert r is not None
    if r is not None:
        assert _covers(r, len(text))
        assert all(e - s in (1, 2, 4) for s, e, _ in r)


@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x2122)))
@settings(max_examples=400, deadline=None)
def test_repair_ranges_cover_the_input_without_overlap(text):
    r = repair_gbk_latin1(text)
    if r is not None:
        assert _covers(r, len(text))
        # ASCII and non-byte characters pass through as themselves
        for s, e, c in r:
            if e - s == 1:
                assert c == text[s]


@given(st.text(_GBK_CHAR, max_size=200))
@settings(max_examples=400, deadline=None)
def test_repair_round_trips_any_gbk_encodable_text(text):
    shown = _as_latin1(text)
    r = repair_gbk_latin1(shown)
    assert r is not None
    assert "".join(c for _, _, c in r) == text
    assert _covers(r, len(shown))
    for s, e, c in r:
        assert shown[s:e] == _as_latin1(c)


_COMMON_TEXT = st.lists(
    st.sampled_from(sorted(c for c in textlayer._COMMON if ord(c) > 0xFF and _gbk_ok(c)))
    | st.sampled_from(list("0123456789 \n")),
    min_size=30,
).map("".join)


@given(_COMMON_TEXT)
@settings(max_examples=200, deadline=None)
def test_common_chinese_text_is_ok_and_its_latin1_form_repairable(text):
    visible = "".join(text.split())
    hanzi = sum(not c.isascii() for c in visible)
    if sum(textlayer._is_cjk(c) for c in visible) >= max(10, len(visible) / 2):
        assert assess(text).kind == "ok"
    shown = _as_latin1(text)
    if hanzi and len(visible) - hanzi <= 6 * hanzi:  # Latin-1 share of the shown text >= 1/4
        v = assess(shown)
        assert (v.kind, v.repairable) == ("gbk_as_latin1", True), v.detail
    assert repaired_text(shown) == text
