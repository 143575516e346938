"""Every spacing rule of the layout stage, in one place.

PDF text layers of Chinese newspaper pages carry spaces that the printed page does not "mean":

* justified lines are letter-spaced (``全 力 支 持``, ``台 ，办 好``, ``“ 人 大 讲 堂 ”``);
* digits and Latin words are padded (``法规 12 部``, ``App 与``, ``2.0 版``);
* stray spaces sit before punctuation (``执行 。``);
* two-character names are padded to three cells (``陆 敏``).

Chinese running text has no word spaces, so in body text a space survives only where it separates
two Latin/digit tokens (``Windows 10``).  Headlines are different: their halves are separated by a
real gap (``牢记嘱托 感恩奋进 谱写…``), which we keep as exactly one space — unless the headline line
itself is letter-spaced, in which case it is read like body text.

Chinese punctuation is never rewritten (no NFKC); only full-width ASCII letters and digits are
folded (``２０２４`` → ``2024``) because they carry no typographic meaning and break matching.

Rules (applied by :func:`clean_body` and :func:`clean_heading`):

1. ``\\r``, tabs, NBSP, ideographic space and other Unicode spaces count as spaces; zero-width
   characters are dropped.
2. Full-width ASCII letters/digits are folded to ASCII; nothing else is normalised.
3. Body: a run of spaces is removed unless both neighbours are "Latin-ish" (ASCII letters, digits
   and ASCII symbols) and the right neighbour is not closing ASCII punctuation; kept runs become
   one space.  3a. In a letter-spaced line a gap next to a single glyph is always spacing
   (``7 5`` → ``75``), since the justification spread every glyph apart.
4. Heading/title: if the line is letter-spaced, rule 3 applies; otherwise a run between two
   non-ASCII characters becomes one space (a phrase gap) unless a neighbour is punctuation that
   never borders a gap (``，。、`` …), and runs touching Latin/digits follow rule 3.
5. Joining wrapped lines (:func:`join_wrapped`): no space, except between two Latin letters
   (an English word wrapped at a word boundary).  5a. The two lines of a heading or title join
   with one space (two headline halves: ``以学铸魂`` + ``坚守…`` → ``以学铸魂 坚守…``) unless the first
   line visibly stops inside a sentence (:func:`heading_wrapped`), then with none.
6. Names (:func:`clean_name`): padding spaces inside a name are removed.
7. Short printed lines kept for reference (bylines, headers, :func:`clean_printed`): runs of spaces
   become one space.
"""

from __future__ import annotations

import re
from itertools import pairwise

# Punctuation that never has a meaningful space on either side in Chinese text.
CJK_PUNCT = set("，。、；：？！…—～·「」『』《》〈〉【】〔〕（）“”‘’﹏・")
# Sentence-final marks (a paragraph may end after them).
SENTENCE_END = set("。！？…")
# Closing marks that may follow a sentence end (``。”`` ``。）``).
CLOSERS = set("”’」』）)》】〕")
# Closing ASCII punctuation: no space before it even between Latin tokens.
_ASCII_CLOSE = set(".,;:!?)]}%")


def is_latinish(ch: str) -> bool:
    """ASCII letters, digits and symbols: the only characters that keep a space between them."""
    return ch.isascii() and not ch.isspace() and ch != ""


_FOLD = {
    o: o - 0xFEE0
    for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for o in range(r[0], r[1] + 1)
}
_TO_FOLD = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# Every character for which ``str.isspace`` is true (checked in the tests), and zero-width marks.
_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
_SPACES += "\u2028\u2029\u202f\u205f\u3000"
_SPACE_TABLE: dict[int, int | None] = {ord(c): 0x20 for c in _SPACES}
_SPACE_TABLE.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff")))


def fold_fullwidth(text: str) -> str:
    """Fold full-width ASCII letters and digits (U+FF10–FF5A) to ASCII; leave punctuation alone."""
    if _TO_FOLD.search(text) is None:  # the common case, answered at C speed (see _TO_REWRITE)
        return text
    return text.translate(_FOLD)


# Characters :func:`normalise_spaces` rewrites (everything in the table but the ASCII space itself).
# ``str.translate`` with a dict walks the text in Python-object steps; most lines have none of
# these, and a regex search answers that at C speed.
_TO_REWRITE = re.compile("[" + re.escape("".join(sorted(chr(o) for o in _SPACE_TABLE if o != 0x20))) + "]")
# Characters :func:`compact` removes or rewrites: any space (ASCII included) or zero-width mark.
_NOT_COMPACT = re.compile("[" + re.escape("".join(sorted(map(chr, _SPACE_TABLE)))) + "]")


# The same, less ``\n``: asked of a whole page, it tells whether any of its lines needs rewriting.
_PAGE_TO_REWRITE = re.compile(
    "[" + re.escape("".join(sorted(chr(o) for o in _SPACE_TABLE if o not in (0x20, 0x0A)))) + "]"
)


# The same characters, split by what happens to them: spaces become U+0020, zero-width marks go.
_PAGE_SPACES = re.compile(
    "["
    + re.escape("".join(sorted(chr(o) for o, v in _SPACE_TABLE.items() if v and o not in (0x20, 0x0A))))
    + "]"
)
_ZERO_WIDTH = re.compile("[" + "".join(chr(o) for o, v in _SPACE_TABLE.items() if v is None) + "]")


def needs_normalising(page: str) -> bool:
    """Does any line of ``page`` have a character :func:`normalise_spaces` would rewrite?"""
    return _PAGE_TO_REWRITE.search(page) is not None


def normalise_page(page: str) -> str:
    """:func:`normalise_spaces` of every line of ``page`` at once: its ``\\n`` are kept.

    (Two substitutions over the page instead of a function call and a search per line.)"""
    return _ZERO_WIDTH.sub("", _PAGE_SPACES.sub(" ", page))


def normalise_spaces(text: str) -> str:
    """Map every kind of space (``str.isspace``: NBSP, U+3000, ``\\r``…) to ASCII space and drop
    zero-width characters (rule 1)."""
    if _TO_REWRITE.search(text) is None:
        return text
    return text.translate(_SPACE_TABLE)


# Characters :func:`clean_body` may change: any space or zero-width mark (ASCII space included, so
# that ``strip`` has nothing to do either) and full-width letters/digits.  Most body lines have none.
NOT_CLEAN = re.compile(_NOT_COMPACT.pattern[:-1] + "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def is_letterspaced(text: str) -> bool:
    """True when most gaps between adjacent non-ASCII characters are spaces (a justified line).

    Counts, over the compact text, how many neighbouring pairs were separated by a space.  A
    headline with one phrase gap has a low ratio; ``全 力 支 持 和`` has a ratio near 1.
    """
    t = normalise_spaces(text).strip()
    if t.count(" ") < 3:
        return False  # fewer than four tokens, without splitting (most lines have no space at all)
    tokens = t.split()
    if len(tokens) < 4:
        return False
    singles = sum(1 for tok in tokens if len(tok) <= 2)
    return singles >= 0.6 * len(tokens)


# A run of spaces between two :func:`is_latinish` characters (ASCII, not ``str.isspace``): the only
# kind of gap the body rule may keep.
_LATINISH = "\x00-\x08\x0e-\x1b\x21-\x7f"
_LATIN_GAP = re.compile(f"[{_LATINISH}] +[{_LATINISH}]")


def despace(line: str) -> str:
    """A char-spaced (tracked) line without its glyph spacing: a single space goes, a wider gap (a
    word or phrase gap widened by the tracking) stays as two spaces; the indent stays
    (``0 8    代 表 访 谈`` → ``08  代表访谈``)."""
    body = line.lstrip(" ")
    indent = line[: len(line) - len(body)]
    parts = [p.replace(" ", "") for p in _WIDE_GAP.split(body.rstrip()) if p.strip()]
    return indent + "  ".join(parts)


_WIDE_GAP = re.compile(" {2,}")


def _keep_gap(left: str, right: str) -> bool:
    return is_latinish(left) and is_latinish(right) and right not in _ASCII_CLOSE


def clean_body(text: str, letterspaced: bool = False) -> str:
    """Clean one line (or joined paragraph) of body text by rules 1–3.

    ``letterspaced``: the line is a justified line whose glyph gaps became spaces, so even the gap
    between two single Latin/digit glyphs (``7 5``) is spacing, not a word space (rule 3a).
    """
    if NOT_CLEAN.search(text) is None:
        return text  # nothing to normalise, fold, strip or join: the common case, at C speed
    t = fold_fullwidth(normalise_spaces(text)).strip()
    if " " not in t:
        return t
    if _LATIN_GAP.search(t) is None:
        return t.replace(" ", "")  # no gap between two Latin-ish characters: none is kept (rule 3)
    parts = [p for p in t.split(" ") if p]
    out: list[str] = [parts[0]]
    for prev, part in pairwise(parts):
        keep = _keep_gap(prev[-1], part[0])
        if keep and letterspaced and (len(prev) == 1 or len(part) == 1):
            keep = False
        if keep:
            out.append(" ")
        out.append(part)
    return "".join(out)


# Punctuation that never borders a headline phrase gap.
_NO_GAP = set("，。、；：？！…")


def clean_heading(text: str) -> str:
    """Clean a title/heading/kicker line by rule 4: keep one space between headline phrases.

    Removing a gap can change whether the rest of the line looks letter-spaced, so the rule is
    applied until nothing changes; each pass only removes spaces, so this ends quickly.
    """
    out = _clean_heading_once(text)
    while (again := _clean_heading_once(out)) != out:
        out = again
    return out


def _clean_heading_once(text: str) -> str:
    t = fold_fullwidth(normalise_spaces(text)).strip()
    if " " not in t:
        return t
    if is_letterspaced(t):
        return clean_body(t, letterspaced=True)
    parts = [p for p in t.split(" ") if p]
    out = parts[0]
    for part in parts[1:]:
        left, right = out[-1], part[0]
        if is_latinish(left) or is_latinish(right):
            out += (" " if _keep_gap(left, right) else "") + part
        elif left in _NO_GAP or right in _NO_GAP:
            out += part
        else:
            out += " " + part
    return out


def join_wrapped(left: str, right: str) -> str:
    """Join two cleaned pieces of one wrapped line sequence (rule 5)."""
    if not left:
        return right
    if not right:
        return left
    a, b = left[-1], right[0]
    if a.isascii() and a.isalpha() and b.isascii() and b.isalpha():
        return left + " " + right
    return left + right


def heading_wrapped(first: str, second: str) -> bool:
    """Does a two-line heading continue one sentence across the break (rule 5a)?

    A headline's halves are phrases; a sentence wrapped over two lines shows it by a clause mark
    inside or at the end of the first line, or by the second line starting with punctuation.
    """
    f, s = first.rstrip(), second.lstrip()
    if not f or not s:
        return True
    if f[-1] in "，、；：—·“‘《（" or s[0] in "，、；：。！？”’》）":
        return True
    if any(ch in "，、；：" for ch in f[:-1]):
        return True
    # Both halves on the first line already (``坚持开门立法 提升监督`` / ``刚性``): the second half
    # wrapped, when with the next line it is as long as the first (halves are set in parallel)
    halves = f.split()
    return len(halves) == 2 and " " not in s and len(halves[1]) < len(halves[0]) == len(halves[1]) + len(s)


def join_heading_lines(first: str, second: str, wrapped: bool | None = None) -> str:
    """Join the two lines of a two-line headline (rule 5a): one space between halves, none inside a
    wrapped sentence (decided by :func:`heading_wrapped` unless ``wrapped`` is given)."""
    if wrapped is None:
        wrapped = heading_wrapped(first, second)
    if wrapped:
        return join_wrapped(first, second)
    return f"{first} {second}"


def clean_printed(text: str) -> str:
    """A short printed line kept as printed (bylines, headers, editor lines): word gaps stay as one
    space, since they separate names and fields (rule 7)."""
    return " ".join(normalise_spaces(text).split())


def clean_name(text: str) -> str:
    """Remove padding spaces inside one personal name (rule 6): ``陆 敏`` → ``陆敏``."""
    return "".join(fold_fullwidth(normalise_spaces(text)).split())


def compact(text: str) -> str:
    """The line without any spaces, for width and pattern checks."""
    if _NOT_COMPACT.search(text) is None:  # already compact: the common case, answered at C speed
        return text
    return "".join(normalise_spaces(text).split())
