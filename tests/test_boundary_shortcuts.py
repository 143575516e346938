"""The extractors' word-boundary shortcuts never contradict jieba.

Counts, formulations and places decide most boundaries from the dictionary alone
(``tokenize.word_crosses``) instead of cutting the clause; whenever a shortcut says "a word starts
here", jieba's own cut of the whole text (HMM on for counts, off for places) must agree.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import tokenize
from pipeline.extract.numerals import Boundaries
from pipeline.extract.places import _Segmenter
from tests.conftest import SEED, SHARED
from tests.synthetic import generate_page

ROOT = Path(__file__).resolve().parent.parent

# Characters where the shortcuts' cases meet: numerals, measure words, names, ASCII that jieba's
# blocks and its HMM treat apart (letters, digits, ``.%-+#&_``), punctuation, CRLF.
PIECES = [
    *"一 二 三 十 百 万 个 人 次 年 多 余 进一步 统一 三番五次 个人 项目 江苏省 南京市 湖北省委 大理 重大理念".split(),
    *"A B x 3 12 2.5 % - + # & _ . ， 。 、 “ ” 《 》 ■".split(),
    # dictionary words mixing ASCII and Han, and rare Han characters jieba's HMM joins on its own
    *"A股 B超 T恤 A座 PC机 X光 3年 年来 股份 琰 翟曌 鑫淼".split(),
    " ",
    "\n",
    "\r\n",
    "\r",
    "\u3000",
]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join)


def _starts(text: str, hmm: bool) -> set[int]:
    """Offsets where jieba's cut of the whole text starts a token, plus the end of the text."""
    return {len(text)} | {s for s, _ in _tokens(text, hmm).values()}


def _tokens(text: str, hmm: bool) -> dict[int, tuple[int, int]]:
    """Offset → the span of its token in jieba's cut of the whole text."""
    out, pos = {}, 0
    for word in tokenize.tokenizer().cut(text, HMM=hmm):
        for k in range(pos, pos + len(word)):
            out[k] = (pos, pos + len(word))
        pos += len(word)
    return out


def _check(text: str) -> None:
    hmm_starts = _starts(text, hmm=True)
    bounds = Boundaries(text)
    for off in range(len(text) + 1):
        if bounds._surely_boundary(off):
            assert off in hmm_starts, (text, off)
        assert bounds.is_start(off) == (off in hmm_starts or off >= len(text)), (text, off)
    hmm_tokens = _tokens(text, hmm=True)
    backwards = Boundaries(text)  # later offsets asked first: runs are cut from there when it is safe
    for off in reversed(range(len(text))):
        assert backwards.token_at(off) == hmm_tokens[off], (text, off)
    forwards = Boundaries(text)
    for off in range(len(text)):
        assert forwards.token_at(off) == hmm_tokens[off], (text, off)
    plain_starts = _starts(text, hmm=False)
    seg = _Segmenter(text)
    for off in range(len(text)):
        tok = seg.token_at(off)
        if tokenize.in_block(text[off]):  # the token of a block character is jieba's, cut lazily
            assert tok is not None and tok[0] <= off < tok[1] and {tok[0], tok[1]} <= plain_starts, (
                text,
                off,
            )
            assert all(k not in plain_starts for k in range(tok[0] + 1, tok[1])), (text, off)
        else:
            assert tok is None
    backwards = _Segmenter(text)  # later offsets asked first: their runs are cut from there on
    for off in reversed(range(len(text))):
        assert backwards.token_at(off) == seg.token_at(off), (text, off)
    for off in range(1, len(text)):
        near_han = tokenize.is_han(text[off - 1]) or tokenize.is_han(text[off])
        if near_han and seg.surely_boundary(off):
            assert off in plain_starts, (text, off)


# Texts on which a weaker shortcut goes wrong (found by random search): a point with Han on both
# sides that no word crosses is no safe start (the HMM joins across it), nor is one where a
# dictionary word starts (jieba splits such a stretch into characters instead of asking the HMM).
HARD = ["宪法修正案（1999年）股份琰", "大SA座PC机b年来X光"]


def test_shortcuts_agree_with_jieba_on_hard_texts() -> None:
    for text in HARD:
        _check(text)


def _real_texts() -> list[str]:
    paths = [SEED, *sorted((ROOT / "tests" / "data" / "unseen").glob("*.txt"))]
    paths += sorted((SHARED / "seed").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths if p.exists()]


def test_shortcuts_agree_with_jieba_on_real_pages() -> None:
    texts = _real_texts()
    assert texts
    for text in texts:
        _check(text)


def test_shortcuts_agree_with_jieba_on_synthetic_pages() -> None:
    for seed in range(40):
        _check(generate_page(seed).text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_shortcuts_agree_with_jieba_on_arbitrary_text(text: str) -> None:
    _check(text)
