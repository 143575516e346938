"""Is a PDF page's text layer readable? And if its font lost the Unicode map, can it be repaired?

Chinese PDFs are often typeset with fonts whose ``ToUnicode`` map is missing or wrong, so the
extractor hands back something that is not the printed text. Three failures are common and
recognisable from the characters alone (no PDF library is needed here, which keeps this testable
with plain strings):

* ``gbk_as_latin1`` — the font is "simple" (one byte per glyph, WinAnsi/Latin-1 encoding) but the
  bytes shown are GBK: every hanzi comes out as two Latin-1 letters (``人民`` → ``ÈËÃñ``). The
  bytes are all there, so the text is *repairable*: re-read each pair as GB18030.
* ``private_use`` — glyphs mapped to private-use code points (U+E000–F8FF): nothing to recover.
* ``cid_numbers`` — glyph ids written out as ``(cid:123)`` or as long runs of digits.

A fourth is ``garbled``: glyph ids shown as code points (an Identity-H font without a Unicode map:
PDFium returns each glyph id as the character, so a subset font's ids 1…N scatter over controls,
Latin Extended, Greek, Cyrillic … and a full font's land on random, mostly rare hanzi), or text
that is mostly not letters, digits or punctuation (U+FFFD, symbols). A page without a single
visible character is ``no_text`` (a scan: OCR is needed). English and other Latin, Greek or
Cyrillic text (a report, a paper) is ``ok``: the pipeline reads it as well as it goes; it is not
an error of the text layer. OCR layers (text render mode 3) are the caller's business.

Shares are taken over *visible* characters: whitespace is left out, because extractors insert
spaces and line breaks of their own; control characters are kept (they are glyph ids, not text).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Literal

Kind = Literal["ok", "gbk_as_latin1", "private_use", "cid_numbers", "garbled", "no_text"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a page's text layer is, whether :func:`repair_gbk_latin1` can fix it, and why."""

    kind: Kind
    repairable: bool
    detail: str


# --- thresholds (shares of visible characters) -------------------------------------------------

# Latin-1 supplement letters are at most ~8 % of any European language (Portuguese, Icelandic;
# French ~3 %), while a GBK page read as Latin-1 is almost entirely made of them (ASCII digits and
# Latin words aside). A quarter cleanly separates the two, and still catches a page where only
# some articles' font is broken.
LATIN1_SHARE = 0.25
# After a GB18030 decode, real Chinese text is ≥ 97 % GB2312 level-1 hanzi (the 3,755 most frequent
# characters) and GB2312 punctuation; bytes that merely happen to pair up (a Western font with a
# custom encoding) decode to characters spread over the whole GBK table, ~45 % common at best.
COMMON_SHARE = 0.80
# Below the Latin-1 share, a page is still taken for GBK-as-Latin-1 (one broken font among good
# ones) when at least this many byte pairs decode, nearly all to common hanzi: a European word's
# accented letter pairs with the next letter into a rare GBK/4 character, never a common one.
MIN_PAIRS = 8
# Private-use code points do not occur in running text at all, a few icons (dingbat fonts) aside.
PRIVATE_USE_SHARE = 0.20
# "(cid:12)" runs or long digit runs: ordinary pages (stock tables included, whose numbers are
# separated) never have a fifth of their characters in them.
CID_SHARE = 0.20
# A digit run this long is not a number anyone prints (phone numbers and ids are ≤ 18 digits).
LONG_DIGITS = 20
# Below this share of readable characters (hanzi, kana, hangul, letters, digits, punctuation)
# a page is garbage: a font mapping glyphs to arbitrary symbols or to U+FFFD.
READABLE_SHARE = 0.50

# Fonts without a Unicode map whose codes are glyph ids (Identity-H) come out, in PDFium, as the
# glyph ids themselves: a subset font's ids 1…N land on controls, Latin Extended, IPA, Greek,
# Cyrillic, Hebrew, Arabic … evenly; a full font's ids land on random hanzi. Real text in U+0100–
# U+1FFF (pinyin tone marks, Greek in formulas, a Russian page) is either rare or one script, in one
# or two 128-code-point blocks.
SCATTER_SHARE = 0.30
SCATTER_BLOCKS = 3  # blocks of 128 holding ≥ 10 % of those characters each (Greek + Cyrillic: 2)
# Of real Chinese text, simplified or traditional, ≥ 95 % of hanzi are GB2312 level 1 or Big5
# level 1 (together ~7,700 characters); random ideographs from U+4E00–U+9FFF are ~35 %.
MIN_HANZI = 20
KNOWN_HANZI_SHARE = 0.70

_CID = re.compile(r"\(cid:\d+\)")
_DIGIT_RUN = re.compile(rf"\d{{{LONG_DIGITS},}}")

# WinAnsi (cp1252) puts typographic characters on bytes 0x80–0x9F; an extractor reports those
# characters, not U+0080–U+009F, so they map back to their byte. (0x81, 0x8D, 0x8F, 0x90, 0x9D
# are undefined in cp1252: PDFium gives '•' for them, as for 0x95, so they are lost; other
# extractors give U+0081…, which is read as the byte.)
_CP1252_BYTE: dict[str, int] = {
    bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}

# PDFium shows WinAnsi 0xAD (soft hyphen) as '-' (never a GBK trail itself: trails are 0x40–0xFE),
# and 0xAD is a common trail in GB2312, so after a lead byte '-' is read back as 0xAD. (0xA0 comes
# out as ' ' too, but it trails only rare GBK/3–4 characters, while a good font's "30° " or "× "
# is common: a space is left a space.)
_TRAIL_SHOWN_AS = {"-": 0xAD}


def _common_hanzi() -> frozenset[str]:
    """GB2312 rows A1–A3 (CJK punctuation, full-width forms) and B0–D7 (level-1 hanzi)."""
    out: set[str] = set()
    for lead in (*range(0xA1, 0xA4), *range(0xB0, 0xD8)):
        for trail in range(0xA1, 0xFF):
            c = bytes([lead, trail]).decode("gb18030", errors="replace")
            if unicodedata.category(c) not in ("Co", "Cn") and c != "\ufffd":
                out.add(c)
    return frozenset(out)


_COMMON = _common_hanzi()


def _is_cjk(c: str) -> bool:
    o = ord(c)
    return (
        0x4E00 <= o <= 0x9FFF  # unified ideographs
        or 0x3400 <= o <= 0x4DBF  # extension A
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= o <= 0x3FFFF  # extensions B–H
    )


def _known_hanzi() -> frozenset[str]:
    """GB2312 level 1 and Big5 level 1 (A440–C67E, the frequent characters) ideographs."""
    out = {c for c in _COMMON if _is_cjk(c)}
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            c = bytes([lead, trail]).decode("big5", errors="replace")
            if _is_cjk(c):
                out.add(c)
    return frozenset(out)


_KNOWN_HANZI = _known_hanzi()


_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003ffff]")  # as _is_cjk
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")  # the private-use areas


def _byte_of(c: str) -> int | None:
    """The byte a simple-font extractor shows as ``c`` (Latin-1 or cp1252), else None."""
    o = ord(c)
    if o < 0x100:
        return o
    return _CP1252_BYTE.get(c)


# a byte ≥ 0x80 as a simple-font extractor shows it: Latin-1 0x80–0xFF, or a cp1252 character
# standing for a byte 0x80–0x9F (see _byte_of)
_HIGH = re.compile("[\x80-\xff" + "".join(sorted(_CP1252_BYTE)) + "]")


_GBK_PAIR = re.compile("[\xa1-\xfe][\x40-\x7e\x80-\xfe" + "".join(sorted(_CP1252_BYTE)) + "]")


_SPACE = re.compile(r"\s+")
# where format characters (category Cf) can be: soft hyphen, Arabic/Syriac marks, U+180E, U+200B–
# U+206F, U+FEFF, U+FFF9–U+FFFB, Kaithi/Egyptian/shorthand/music controls, tags
_MAYBE_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u08e2\u180e\u200b-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd-\U000110cd\U00013430-\U0001345f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f]"
)


def _visible(chars: str) -> str:
    """Characters that print, plus control characters (a glyph id below 32 shown as a code point
    is garbage, not layout); extractors' own spaces and line breaks, and format characters, out.
    (Whole-string passes: this runs over every character of every page.)"""
    joined = _SPACE.sub("", chars)
    if _MAYBE_FORMAT.search(joined) is None:
        return joined
    return "".join(c for c in joined if unicodedata.category(c) != "Cf")


_LOW_BLOCKS = re.compile("[\u0100-\u1fff]")


def _block_spread(vis: str) -> tuple[int, int]:
    """(count, blocks holding ≥ 10 % of them) of the characters in U+0100–U+1FFF, by 128-code-point
    block."""
    blocks = Counter(ord(c) >> 7 for c in _LOW_BLOCKS.findall(vis))
    total = sum(blocks.values())
    return total, sum(k >= 0.1 * total for k in blocks.values())


def _readable(c: str) -> bool:
    if _is_cjk(c):
        return True
    cat = unicodedata.category(c)
    if c == "\ufffd" or cat in ("Co", "Cn", "Cs", "So"):
        return False
    # letters and numbers of any script, punctuation, currency and maths signs
    return cat[0] in ("L", "N", "P") or cat in ("Sc", "Sm")


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%} of {whole:,} chars"


def assess(chars: str) -> Verdict:
    """Classify a page's text layer from its characters in content order; never raises."""
    vis = joined = _visible(chars)
    n = len(vis)
    if n == 0:
        return Verdict("no_text", False, "no visible characters")

    cid = sum(len(m) for m in _CID.findall(joined)) + sum(len(m) for m in _DIGIT_RUN.findall(joined))
    if cid >= CID_SHARE * n:
        return Verdict("cid_numbers", False, f"{_pct(cid, n)} are (cid:N) or {LONG_DIGITS}+ digit runs")

    pua = len(_PRIVATE_USE.findall(vis))
    if pua >= PRIVATE_USE_SHARE * n:
        return Verdict("private_use", False, f"{_pct(pua, n)} are private-use code points")

    odd, blocks = _block_spread(vis)
    if odd >= SCATTER_SHARE * n and blocks >= SCATTER_BLOCKS:
        return Verdict(
            "garbled",
            False,
            f"{_pct(odd, n)} are scattered over {blocks} Unicode blocks in U+0100–U+1FFF: glyph ids "
            "shown as code points",
        )

    high = len(_HIGH.findall(vis))
    if high >= LATIN1_SHARE * n:
        return _assess_gbk(chars, high, n)
    # maybe one broken font among good ones (a headline, an article): its hanzi show as pairs of
    # Latin-1 letters (lead byte 0xA1–0xFE, then a trail byte); a good page's quotes, dashes and
    # middle dots (cp1252 or Latin-1 too) alone are not worth decoding the page for
    if high >= 2 * MIN_PAIRS and len(_GBK_PAIR.findall(vis)) >= MIN_PAIRS:
        verdict = _assess_gbk(chars, high, n)
        if verdict.repairable and "mixed with good text" in verdict.detail:
            return verdict

    hanzi = _CJK.findall(vis)
    cjk = len(hanzi)
    readable = cjk + sum(map(_readable, _CJK.sub("", vis)))
    if readable < READABLE_SHARE * n:
        return Verdict("garbled", False, f"only {_pct(readable, n)} are letters, digits or punctuation")
    if cjk >= MIN_HANZI:
        known = sum(map(_KNOWN_HANZI.__contains__, hanzi))
        if known < KNOWN_HANZI_SHARE * cjk:
            return Verdict(
                "garbled",
                False,
                f"only {known / cjk:.0%} of {cjk:,} CJK ideographs are common (GB2312 level 1, Big5 "
                "level 1): glyph ids shown as hanzi",
            )
    if cjk and cjk >= high:
        return Verdict("ok", False, f"{_pct(cjk, n)} are CJK ideographs")
    return Verdict("ok", False, f"{_pct(readable, n)} are readable, {cjk:,} CJK ideographs")


def _assess_gbk(chars: str, high: int, n: int) -> Verdict:
    evidence = f"{_pct(high, n)} are Latin-1 0x80–0xFF"
    repaired = repair_gbk_latin1(chars)
    if repaired is None:
        return Verdict("garbled", False, f"{evidence} but they do not decode as GB18030")
    decoded = [c for start, end, c in repaired if end - start > 1]
    if not decoded:
        return Verdict("garbled", False, f"{evidence} but no byte pair decodes to a character")
    if high < LATIN1_SHARE * n:
        if len(decoded) < MIN_PAIRS:
            return Verdict("ok", False, f"{evidence}: too few to be a broken font")
        evidence += " (mixed with good text)"
    common = sum(c in _COMMON for c in decoded)
    if common < COMMON_SHARE * len(decoded):
        return Verdict(
            "garbled",
            False,
            f"{evidence}; they decode as GB18030 but only {common / len(decoded):.0%} of the "
            f"{len(decoded):,} decoded are common hanzi",
        )
    return Verdict(
        "gbk_as_latin1",
        True,
        f"{evidence}; as GB18030 {common / len(decoded):.0%} of {len(decoded):,} decoded are common hanzi",
    )


def repair_gbk_latin1(chars: str) -> list[tuple[int, int, str]] | None:
    """Re-read GBK bytes shown as Latin-1 characters, keeping where each output char came from.

    Returns ``(start, end, char)`` per output character, where ``chars[start:end]`` are the input
    characters it was decoded from (1 for ASCII and anything that is not a byte; 2 for a GBK pair;
    4 for a GB18030 four-byte sequence), so the caller can merge the glyph boxes. The ranges cover
    the input in order without overlap. ``None`` when the characters do not decode as GB18030: a
    Latin-1 character 0x80–0xFF followed by a byte ≥ 0x40 that cannot continue it.

    Characters outside Latin-1/cp1252 (real hanzi from a font that was fine, U+3000) pass through,
    since one page often mixes a broken font with good ones. So do characters a good font prints
    that cannot start a sequence here: a cp1252 ``“ ” — …`` (a pair of them, ``——``, could only be
    a rare GBK/3–4 character, so it is taken for punctuation), and a Latin-1 character before a
    non-byte character, a digit, a space or the end (``·`` in a name, ``3×5米``, ``30°，``).
    Ambiguity remains for a good font's Latin-1 letter before an ASCII letter (``°C`` is also the
    GBK pair 0xB0 0x43): it is read as GBK, so that any GBK text round-trips.
    """
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(chars)
    while i < n:
        b = _byte_of(chars[i])
        if b is None or b < 0x80:
            out.append((i, i + 1, chars[i]))
            i += 1
            continue
        seq = _gb18030_at(chars, i, b)
        if seq is None:
            nxt = _byte_of(chars[i + 1]) if i + 1 < n else None
            if ord(chars[i]) <= 0xFF and nxt is not None and nxt >= 0x40:
                return None  # two bytes that should pair up and do not: not GB18030
            # a real “ ” — … from a good font, not a cp1252 byte; or a Latin-1 ·, ° or × before a
            # hanzi, a digit or the end: a broken font's lead byte is followed by a trail byte
            out.append((i, i + 1, chars[i]))
            i += 1
            continue
        out.append((i, i + seq[0], seq[1]))
        i += seq[0]
    return out


def _gb18030_at(chars: str, i: int, b: int) -> tuple[int, str] | None:
    """(length, character) of the GB18030 sequence whose lead byte ``b`` is ``chars[i]``."""
    if not 0x81 <= b <= 0xFE or i + 1 >= len(chars):
        return None
    b2 = _byte_of(chars[i + 1])
    b2 = _TRAIL_SHOWN_AS.get(chars[i + 1], b2)
    if b2 is None:
        return None
    seq = bytes([b, b2])
    if 0x30 <= b2 <= 0x39 and i + 3 < len(chars):  # GB18030 four-byte sequence
        b3, b4 = _byte_of(chars[i + 2]), _byte_of(chars[i + 3])
        if b3 is None or b4 is None:
            return None
        seq += bytes([b3, b4])
    elif not (0x40 <= b2 <= 0xFE and b2 != 0x7F):
        return None
    if not any(0x80 <= ord(c) <= 0xFF for c in chars[i : i + len(seq)]):
        # "——", "” " or "…-" from a good font: GBK pairs without a Latin-1 letter are rare hanzi
        return None
    try:
        return len(seq), seq.decode("gb18030")
    except UnicodeDecodeError:
        return None


def repaired_text(chars: str) -> str | None:
    """The repaired characters as one string (or None): for callers that need no boxes."""
    r = repair_gbk_latin1(chars)
    return None if r is None else "".join(c for _, _, c in r)
