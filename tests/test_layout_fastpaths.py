"""The layout stage's fast paths give exactly what the plain definitions give.

Each shortcut taken for speed (a width counted by length, a regex standing for a chain of tests, a
page-wide substitution standing for one per line, LineRoles built without their ``__init__``) is
checked here against the straightforward code it replaces.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise

from pipeline.layout import read_page
from pipeline.layout.lines import _HALF_PUNCT, _hang, _leading_width, char_width, make_lines, measure_width
from pipeline.layout.paragraphs import continues_sentence
from pipeline.layout.spacing import (
    _SPACE_TABLE,
    clean_body,
    fold_fullwidth,
    is_latinish,
    normalise_page,
    normalise_spaces,
)
from pipeline.types import LineRole


def _plain_width(text: str, quote: float, hang: bool = True) -> float:
    w = sum(quote if c in _HALF_PUNCT else char_width(c) for c in text)
    return w - _hang(text[-1], quote) if hang and text else w


def test_width_of_every_bmp_character():
    for cp in range(0x21, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        for q in (0.5, 1.0):
            assert measure_width(c, q, hang=False) == _plain_width(c, q, hang=False), hex(cp)


def test_width_of_mixed_lines():
    rnd = random.Random(1)
    pool = "我们的代表，。、“”‘’（）《》—…·ａ１Ａabc12 \u0301\u3000" + chr(0x20000) + chr(0x1F600)
    for _ in range(3000):
        t = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 20)))
        for q in (0.5, 1.0):
            assert measure_width(t, q) == _plain_width(t, q)


def test_line_features_match_their_definitions():
    text = "  一是“阳光票决”。\n\n全 力 支 持 和\n\u3000\u3000本报讯\r\n（记者 张三）。”\n"
    for ln in make_lines(text):
        assert ln.blank == (not ln.compact)
        assert ln.quoted == bool(re.search("[“”‘’]", ln.compact))
        assert ln.raw_width == _plain_width(ln.compact, 0.5, hang=False)
        assert ln.width == _plain_width(ln.compact, 0.5)


def _plain_leading_width(raw: str) -> float:
    w = 0.0
    for ch in raw:
        if not ch.isspace():
            break
        w += 1.0 if ch in "\u3000\t" else 0.5
    return w


def test_leading_width():
    rnd = random.Random(2)
    pool = [chr(c) for c in _SPACE_TABLE] + ["我", "a"]
    for _ in range(5000):
        t = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 8)))
        assert _leading_width(t) == _plain_leading_width(t)


def test_page_normalisation_is_per_line_normalisation():
    rnd = random.Random(3)
    pool = [chr(c) for c in _SPACE_TABLE if c != 0x0A] + list("ab我，")
    for _ in range(3000):
        lines = [
            "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 6))) for _ in range(rnd.randint(1, 4))
        ]
        assert normalise_page("\n".join(lines)).split("\n") == [normalise_spaces(x) for x in lines]


def _plain_continues_sentence(text: str) -> bool:
    c = text.lstrip("“‘（《")
    if not c:
        return False
    if c[0] in "，。、；：！？…”’）》" or (
        len(c) > 1 and c[1] in "，。、；：！？…" and c[0] not in "一二三四五六七八九十"
    ):
        return True
    m = re.match(r"^([^，。、；：！？…“”（）《》]{1,6})[。！？]", c)
    return bool(m) and len(m.group(1)) <= 4 and not re.match(r"^[一二三四五六七八九十\d]", c)


def test_continues_sentence():
    rnd = random.Random(4)
    pool = list("“‘（《，。、；：！？…”’）》一二十1２a我们的工作机制")
    for _ in range(20000):
        t = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 9)))
        assert continues_sentence(t) == _plain_continues_sentence(t), t


def _plain_clean_body(text: str, letterspaced: bool = False) -> str:
    t = fold_fullwidth(normalise_spaces(text)).strip()
    parts = [p for p in t.split(" ") if p]
    if not parts:
        return t
    out = [parts[0]]
    for prev, part in pairwise(parts):
        keep = is_latinish(prev[-1]) and is_latinish(part[0]) and part[0] not in ".,;:!?)]}%"
        if keep and letterspaced and (len(prev) == 1 or len(part) == 1):
            keep = False
        out += [" ", part] if keep else [part]
    return "".join(out)


def test_clean_body():
    rnd = random.Random(5)
    pool = list("我们，。ab12.%) \u3000\u200b１Ａ\t")
    for _ in range(20000):
        t = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12)))
        for spaced in (False, True):
            assert clean_body(t, spaced) == _plain_clean_body(t, spaced), repr(t)


def test_line_roles_are_line_roles():
    """_line_roles makes each role without LineRole's call: the same value, repr and hash."""
    page = read_page("标题\n\n本报记者 张三\n正文第一行，\n正文第二行。\n")
    for r in page.lines:
        args = tuple(r)
        assert type(r) is LineRole and r == LineRole(*args) and repr(r) == repr(LineRole(*args))
        assert hash(r) == hash(LineRole(*args))


def test_enumeration_first_character_filter():
    """The set lookup before the regex never turns a match away."""
    from pipeline.layout.roles import _ENUM, starts_enumeration_compact

    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        for t in (c, c + "是", c + "、", c + "1）", c + "二，", c + "次，", c + "三）", c + "一是"):
            assert starts_enumeration_compact(t) == (_ENUM.match(t) is not None), hex(cp)


def test_remeasure_by_quote_count():
    """A line read from the page is remeasured from its quote count: the same as measuring it anew.
    A line whose text was cut keeps the whole line's width, so it is measured anew."""
    from pipeline.layout.lines import Line, _raw_width, remeasure
    from pipeline.layout.spacing import compact

    rnd = random.Random(6)
    pool = [*"我们的代表，。、“”‘’（）ab12 ", "\u3000"]
    for _ in range(2000):
        text = "\n".join(
            "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 18))) for _ in range(rnd.randint(1, 8))
        )
        lines = make_lines(text)
        cut = [
            Line(
                ln.lineno, ln.raw, ln.text[1:], compact(ln.text[1:]), ln.width, False, ln.indent, ln.raw_width
            )
            for ln in lines
        ]
        for q in (0.5, 1.0):
            for ln in remeasure(lines, q):
                assert ln.raw_width == measure_width(ln.compact, q, hang=False)
                assert ln.width == measure_width(ln.compact, q)
            for ln in lines + cut:
                assert _raw_width(ln, q) == measure_width(ln.compact, q, hang=False)


def test_candidate_lines_by_page_search():
    """The line candidates found by searching the page are those the per-line pre-filters pass."""
    from pipeline.layout import articles as A
    from pipeline.layout.roles import BYLINE_START, FOOTNOTE_START, FURNITURE_START

    rnd = random.Random(7)
    pool = list("我们）)（(本作责摄▲■新 \u3000") + ["\n"] * 3
    for _ in range(2000):
        page = A._Page(make_lines("".join(rnd.choice(pool) for _ in range(rnd.randint(0, 60)))))
        texts = [ln.text for ln in page.lines]
        assert A._lines_with(page, A._FURNITURE_FIRST, (A._CREDIT_MARK,)) == [
            i for i, t in enumerate(texts) if t and (t[0] in FURNITURE_START or "摄" in t)
        ]
        assert A._lines_with(page, A._BYLINE_FIRST, A._CLOSE_PARENS) == [
            i for i, t in enumerate(texts) if t and (t[0] in BYLINE_START or "）" in t or ")" in t)
        ]
        assert A._lines_with(page, A._FOOTNOTE_FIRST) == [
            i for i, t in enumerate(texts) if t and t[0] in FOOTNOTE_START
        ]
        assert A._lines_with(page, None, A._CLOSE_PARENS) == [
            i for i, t in enumerate(texts) if "）" in t or ")" in t
        ]
