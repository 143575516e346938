"""What a single line *is*, judged from its own text: bylines, footnotes, page furniture, and the
line-level cues (sentence end, enumeration start, title-likeness) the paragraph and article rules use.

Everything here is a general resource (byline markers, punctuation classes, furniture patterns); no
rule names the content of any particular page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.layout.spacing import (
    CLOSERS,
    SENTENCE_END,
    clean_body,
    clean_name,
    clean_printed,
    compact,
    fold_fullwidth,
    normalise_spaces,
)

# ---------------------------------------------------------------- sentence-level cues

_CN_NUM = "一二三四五六七八九十"
# A section's number opening a heading or item: ``（一）`` or ``一、``.
SECTION_NUMBER = re.compile(f"[（(][{_CN_NUM}]{{1,3}}[）)]|[{_CN_NUM}]{{1,3}}、")
_ENUM = re.compile(
    rf"^(?:[{_CN_NUM}]{{1,3}}是|第[{_CN_NUM}]{{1,3}}[，,、是：:]|(?:首先|其次|再次|最后)[，,]"
    rf"|[（(][{_CN_NUM}\d]{{1,3}}[）)]|[{_CN_NUM}]{{1,3}}[、．.]|\d{{1,2}}[、．.](?!\d)|[①-⑳])"
)
# Every character an _ENUM match can start with, but the decimal digits (``\d``).
_ENUM_FIRST = frozenset(_CN_NUM + "第首其再最（(" + "".join(map(chr, range(ord("①"), ord("⑳") + 1))))
CLOSERS_STR = "".join(CLOSERS)  # for str.rstrip (set iteration order is irrelevant there)
# A line ending mid-clause: the text certainly continues on the next line.

# What :func:`normalise_spaces` and ``strip`` take off either end of a line: spaces (``\s`` is
# ``str.isspace``) and zero-width marks.  The pre-filters below use it to look at a raw line's first
# or last visible character without normalising the line first.
_INVISIBLE = r"[\s\u200b\u200c\u200d\u2060\ufeff]*"


def _first_char_in(chars: str) -> str:
    """Regex source: the line's first visible character is one of ``chars``."""
    return f"^{_INVISIBLE}[{re.escape(chars)}]"


def ends_sentence(text: str) -> bool:
    """True when the (compact) text ends a sentence: ``。`` ``！`` ``？`` ``…`` maybe plus closers."""
    return ends_sentence_compact(compact(text))


def ends_sentence_compact(c: str) -> bool:
    """:func:`ends_sentence` of text already without spaces (a line's ``compact``)."""
    return c.rstrip(CLOSERS_STR)[-1:] in SENTENCE_END


def starts_enumeration(text: str) -> bool:
    """``一是`` ``第二，`` ``（三）`` ``4.`` ``首先，``: an item that starts its own paragraph."""
    return starts_enumeration_compact(compact(text))


def starts_enumeration_compact(c: str) -> bool:
    """:func:`starts_enumeration` of text already without spaces (a line's ``compact``).

    Asked of nearly every body line; most start with a character no enumeration starts with, which a
    set lookup (``\\d`` is ``str.isdecimal``) answers faster than the regex engine."""
    first = c[:1]
    return (first in _ENUM_FIRST or first.isdecimal()) and _ENUM.match(c) is not None


# ---------------------------------------------------------------- bylines

_MARKERS = "■□●○◆◇★☆▪▫◼◻"  # ▲ marks photo captions, not bylines
BYLINE_MARKERS = _MARKERS
_MARKER_LINE = re.compile(rf"^[{_MARKERS}]\s*(.*)$")
_REGION = re.compile(r"^(.*?)\s*[（(]\s*([^（）()]{1,16}?)\s*[）)]\s*$")
_ROLE_WORDS = (
    "本报特约记者",
    "本报实习记者",
    "本报通讯员",
    "本报记者",
    "本报评论员",
    "新华社记者",
    "特约记者",
    "实习记者",
    "实习生",
    "通讯员",
    "特约撰稿人",
    "撰稿人",
    "记者",
    "作者",
    "文/",
    "文：",
    "文 /",
)
# (a role word may be letter-spaced as its names are: ``记 者 陈 秀``)
_ROLE_RE = re.compile("|".join(r"\s*".join(map(re.escape, w)) for w in _ROLE_WORDS))
_ROLE_LED = re.compile(r"^(?:本报(?:特约|实习)?记者|本报通讯员|特约记者|通讯员|记者|文\s*[/／:：])")
_AGENCY = (
    r"(?:新华社|中新社|中新网|新华网|人民网|央视网|光明网|中国新闻社|本报|本刊|央广网|经济日报|人民日报)"
)
_DATE_CN = (
    r"(?:\d(?: ?\d)?\s*月\s*\d(?: ?\d)?\s*日|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
)
_DATELINE = re.compile(
    rf"^({_AGENCY}[^，。、；：（(]{{0,12}}?{_DATE_CN}\s*(?:专|讯)?\s*电)\s*(?:[（(]([^（）()]{{0,40}})[）)])?\s*(.*)$"
)
_REPORTS = re.compile(r"^((?:本报|新华社)?(?:记者|通讯员)[^：:，。]{2,30}?)报道\s*[：:]\s*")
_BENBAOXUN = re.compile(r"^(本报讯|本刊讯)\s*(?:[（(]([^（）()]{0,40})[）)])?\s*(.*)$")
# Every byline style above starts with a marker, a role word or an agency, or (a bare ``名（省）``)
# ends with a parenthesis: one search rejects the ordinary body line before any normalising.
BYLINE_START = _MARKERS + "本特通记文新中人央光经"
_BYLINE_MAYBE = re.compile(_first_char_in(BYLINE_START) + rf"|[）)]{_INVISIBLE}\Z")
# Column labels led by a role word: the words after it are what the piece is, not who wrote it.
_COLUMN_LABEL = re.compile(
    r"(?:本报|特约|实习)?(?:记者|通讯员)(?:手记|札记|笔记|日记|随笔|观察|调查|探访|走基层|一线|视点|述评|来信|感言)"
)
_NAME_TOKEN = re.compile(r"^[\u3400-\u9fff·•]{1,12}$")
# Provincial-level divisions (short names): a bare ``名（省）`` line is a byline without its marker.
PROVINCES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|"
    "四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门"
)
_BARE_BYLINE = re.compile(
    rf"^([\u3400-\u9fff]{{1,4}}(?:\s+[\u3400-\u9fff]{{1,3}})?)\s*[（(]\s*((?:{PROVINCES})[^（）()]{{0,10}})\s*[）)]$"
)


@dataclass(frozen=True, slots=True)
class Byline:
    """A parsed byline: who wrote it and from where, plus body text printed on the same line."""

    text: str  # the byline as printed (spacing cleaned)
    authors: tuple[str, ...] = ()
    region: str | None = None
    rest: str = ""  # body text following an inline dateline (新华社…电（记者 X）正文…)
    style: str = "marker"  # marker | reporter | dateline | xun


def split_names(text: str) -> tuple[str, ...]:
    """Split a run of names, undoing two-character name padding (``陆 敏`` → ``陆敏``).

    Tokens are separated by spaces or 、，; runs of single characters are padding inside names:
    two or three single characters make one name, four make two.
    """
    text = normalise_spaces(fold_fullwidth(text))
    toks = [t for t in re.split(r"[\s、，,；;/／]+", text) if t]
    names: list[str] = []
    i = 0
    while i < len(toks):
        if len(toks[i]) == 1:
            j = i
            while j < len(toks) and len(toks[j]) == 1:
                j += 1
            run = toks[i:j]
            while run:
                take = 3 if len(run) == 3 else 2 if len(run) >= 2 else 1
                piece = "".join(run[:take])
                run = run[take:]
                if len(piece) == 1 and names:
                    names[-1] += piece
                elif len(piece) == 1 and j < len(toks):
                    toks[j] = piece + toks[j]
                else:
                    names.append(piece)
            i = j
        else:
            names.append(toks[i])
            i += 1
    return tuple(clean_name(n) for n in names if n)


def _two_names(name: str) -> tuple[str, ...]:
    """A token of five glyphs is no one's name (a Han name has two to four): two names run together
    where the PDF sets a credit condensed with nothing between them (``潘平晨陈坤``, fresh 162305).
    Split where jieba's tagger reads two persons' names, of two and three glyphs; else kept whole
    (how it splits is not in the text)."""
    if len(name) != 5 or not _NAME_TOKEN.match(name) or "·" in name:
        return (name,)
    from pipeline.extract.tokenize import tagged

    parts = tagged(name)
    if len(parts) == 2 and all(len(w) in (2, 3) and flag.startswith("nr") for w, flag in parts):
        return tuple(w for w, _ in parts)
    return (name,)


def _names_only(text: str) -> tuple[str, ...] | None:
    """Names from a credit such as ``本报记者 张三 通讯员 李四``; None if it is not just names."""
    stripped = _ROLE_RE.sub(" ", text)
    names = tuple(part for name in split_names(stripped) for part in _two_names(name))
    if not names or len(names) > 8:
        return None
    if not all(_NAME_TOKEN.match(n) and 2 <= len(n) <= (12 if "·" in n else 5) for n in names):
        return None
    return names


# ``本报记者苏铭洋马诚佳``: the paper's own reporters, two names whose spaces the extractor dropped
# (``pdftotext`` on a credit wider than the column under it). Six characters after the role are two
# names of three (a name of six is none; two, four or five stay one token: how they split is not
# in the text).
_RUN_TOGETHER = re.compile(r"本报(?:特约|实习)?记者([\u3400-\u9fff]{6})")


def _run_together(text: str) -> tuple[str, ...] | None:
    m = _RUN_TOGETHER.fullmatch(compact(text))
    if m is None or _ROLE_RE.search(m.group(1)):
        return None
    return m.group(1)[:3], m.group(1)[3:]


def parse_byline(text: str) -> Byline | None:
    """Recognise a byline line; return None for anything else.

    Styles: ``■ 名（省）`` / ``■名``; ``本报记者 X [通讯员 Y]``; ``新华社北京…电（记者 X）…``;
    ``本报讯（记者 X）…``.  Marker bylines and reporter credits must be short lines, datelines may
    carry the first sentence of the body after them (returned in ``rest``).
    """
    if _BYLINE_MAYBE.search(text) is None:
        return None
    t = normalise_spaces(text).strip()
    if not t:
        return None
    m = _MARKER_LINE.match(t)
    if m and len(compact(t)) <= 30:
        content = m.group(1).strip()
        region = None
        r = _REGION.match(content)
        if r:
            content, region = r.group(1).strip(), clean_body(r.group(2))
        if not content:
            return None  # a bare marker is decoration
        if _ROLE_RE.fullmatch(compact(content)):
            names: tuple[str, ...] | None = ()  # ``■ 本报评论员``: a byline without a name
        else:
            names = _names_only(content)
        if names is None:
            return None
        # Without a region, a four-character "name" is more likely a bulleted phrase (``■ 聚焦主业``)
        # unless it was printed padded or came with a role word.
        if region is None and names and any(len(n) > 3 for n in names):
            padded = len(content.split()) > 1 or bool(_ROLE_RE.search(content))
            if not padded:
                return None
        return Byline(text=clean_printed(t), authors=names, region=region or None, style="marker")
    m = _BARE_BYLINE.match(t)
    if m:
        names = split_names(m.group(1))
        if len(names) == 1 and 2 <= len(names[0]) <= 4:
            return Byline(text=clean_printed(t), authors=names, region=clean_body(m.group(2)), style="marker")
    if _ROLE_LED.match(t) and len(compact(t)) <= 40:
        c = compact(t)
        half = c[: len(c) // 2]
        if _COLUMN_LABEL.fullmatch(c) or (c == half * 2 and _COLUMN_LABEL.fullmatch(half)):
            return None  # ``记者手记`` (or drawn twice, ``记者手记记者手记``): a column's label, no credit
        names = _names_only(t) or _run_together(t)
        if names:
            return Byline(text=clean_printed(t), authors=names, style="reporter")
        return None
    for pattern, style in ((_DATELINE, "dateline"), (_BENBAOXUN, "xun")):
        m = pattern.match(t)
        if m and len(compact(m.group(1))) <= 24:
            credit = m.group(2)
            names = (_names_only(credit) or ()) if credit else ()
            rest = m.group(3).strip()
            cut = m.start(3) if m.group(3) else len(t)
            r = _REPORTS.match(rest)
            if r and not names and (found := _names_only(r.group(1))):
                names, cut, rest = found, m.start(3) + r.end(), rest[r.end() :].strip()
            return Byline(text=clean_printed(t[:cut]), authors=names, rest=rest, style=style)
    return None


_CREDIT_ROLE = re.compile(r"^(?:本报|本刊|新华社|中新社)?(?:特约|实习)?(?:记者|通讯员)")
_END_CREDIT = re.compile(r"[（(]\s*([^（）()]{2,40}?)\s*[）)]\s*$")


def parse_end_credit(text: str) -> tuple[Byline, str] | None:
    """A reporter credit printed where an article ends: ``（记者 X）``, ``（本报记者 X 通讯员 Y）``.

    Many papers put the byline after the text instead of above it.  Returns (byline, the text of
    the line before the credit), the latter empty when the credit stands on a line of its own; a
    credit after running text only counts when that text has just finished a sentence.  Photo
    credits (``…摄``) are not bylines.
    """
    if "）" not in text and ")" not in text:
        return None  # no closing parenthesis, no credit: the common case, without any copying
    t = normalise_spaces(text).strip()
    m = _END_CREDIT.search(t)
    if not m:
        return None
    content = m.group(1).strip()
    if "摄" in content or not _CREDIT_ROLE.match(compact(content)):
        return None
    names = _names_only(content)
    if not names:
        return None
    before = t[: m.start()].strip()
    if before and not ends_sentence(before):
        return None
    return Byline(text=clean_printed(m.group(0)), authors=names, style="end"), before


_AGENCY_START = re.compile(rf"^{_AGENCY}")
_AGENCY_MAYBE = re.compile(_first_char_in("新中人央光本经"))  # the first characters of _AGENCY


def may_continue_dateline(text: str) -> bool:
    """Could this line be a dateline wrapped onto the next line (``新华社北京3月`` / ``5日电…``, or
    ``…电（记者 赵`` / ``岩）…``)?  It starts with an agency name and either is no byline yet or
    leaves the credit's parenthesis open, or ends right after its 电 (``新华社北京3月5日电`` /
    ``（记者 X）…``)."""
    text = text.lstrip()  # an indented first line
    if _AGENCY_MAYBE.match(text) is None:
        return False
    t = normalise_spaces(text).strip()
    if not _AGENCY_START.match(compact(t)) or ends_sentence(t):
        return False
    b = parse_byline(t)
    if b is None:
        return True
    if b.style not in ("dateline", "xun"):
        return False
    if not b.rest and not b.authors:
        return True
    return b.rest.count("（") + b.rest.count("(") > b.rest.count("）") + b.rest.count(")")


# ---------------------------------------------------------------- footnotes

FOOTNOTE_START = "（(本作"  # what _FOOTNOTE can match first
_FOOTNOTE = re.compile(
    r"^[（(]\s*(?:本文)?作\s*者\s*(?:系|为|是|单位|简介|工作单位|分别系)|^(?:本文)?作者(?:工作)?单位\s*[：:]"
)
_AFFIL = re.compile(
    r"^[（(]\s*(?:本文)?作\s*者\s*(?:单位\s*(?:[：:]|为|系)?|工作单位\s*[：:]?|系|为|是|分别系)\s*"
)


def is_footnote_start(text: str) -> bool:
    """``（作者系…）`` / ``（作者单位：…）`` — the author note that closes an article."""
    return bool(_FOOTNOTE.match(compact(text)))


def footnote_affiliation(text: str) -> str | None:
    """The affiliation inside a footnote (the text after 作者系 / 作者单位：, without the paren)."""
    c = clean_body(text)
    if c[:1] not in "（(":
        c = "（" + c
    m = _AFFIL.match(c)
    if not m:
        return None
    rest = c[m.end() :]
    rest = re.sub(r"[）)]\s*$", "", rest).strip()
    rest = rest.rstrip("。")
    return rest or None


# ---------------------------------------------------------------- page furniture

_EDITOR = re.compile(
    r"(责任编辑|本版责编|本版编辑|责编|编辑|美编|版式设计|版式|校对|制图|图表制作|本版统筹|统筹)\s*[：:]"
)
_EDITOR_KEYS = ("责任编辑", "本版责编", "本版编辑", "责编", "编辑")
_CONTINUE = re.compile(rf"^[（(]?\s*(?:下转|上接|转第|接第|转|接)\s*第?\s*[\d{_CN_NUM}]+\s*版[^）)]*[）)]?$")
_END_NOTE = re.compile(r"^[（(](?:完|待续|未完待续|续完|全文完)[）)]$")
_CONTINUE_ANY = re.compile(rf"[（(]\s*(?:下转|上接)\s*第?\s*[\d{_CN_NUM}]+\s*版[^）)]*[）)]")
_CAPTION_START = re.compile(
    r"^[▲△]|^(?:图为|上图|下图|左图|右图|中图|图[①-⑳\d]|题图|资料图片|图片来源|供图|配图)"
)
# A chart's or table's source note (数据来源：国家统计局): page furniture, not a paragraph or heading.
_SOURCE_NOTE = re.compile(r"^[（(]?(?:数据来源|资料来源|图表来源|数据来自|资料来自|数据提供|来源)[：:]")
_AGENCY_CREDIT = re.compile(
    r"^[（(]?(?:新华社|中新社|本报|人民图片|视觉中国|IC photo)\s*(?:发|供图|记者\s*\S{2,8}\s*摄)[）)]?$"
)
_CREDIT = re.compile(
    r"(?:[（(][^（）()]{0,30}摄[）)]|\s摄|^(?:新华社|本报)?记者\s*\S{2,8}\s*摄|^\S{2,4}\s*摄)$"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_DASH = re.compile(r"\b((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})\b")
_WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")
_PAGE = re.compile(
    rf"第\s*([A-Z]?\d+|[{_CN_NUM}]+)\s*版|^([A-Z]?\d{{1,3}})\s*版|版次\s*[：:]?\s*([A-Z]?\d+)|([A-Z]?\d{{1,3}})\s*版\s*[：:]"
)
_PAPER = re.compile(r"(\S{1,10}?(?:日报|晚报|早报|时报|商报|法治报|青年报|报|周刊|杂志|导刊))")
_PAGE_NO = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$")
_PAGE_COLUMN = re.compile(r"^(\d{1,3})\s+([\u3400-\u9fff]{2,8})$|^([\u3400-\u9fff]{2,8})\s+(\d{1,3})$")


@dataclass(frozen=True, slots=True)
class Furniture:
    """One line of page furniture and what it tells about the page."""

    kind: str  # header | editor | continuation | caption | source | page_number | column | box
    text: str
    publication: str | None = None
    date: str | None = None
    page: str | None = None
    column: str | None = None
    editor: str | None = None


def editor_of(text: str) -> str | None:
    """The editor's name from ``责任编辑：X`` / ``本版责编：X`` (first name after the key)."""
    t = normalise_spaces(fold_fullwidth(text))
    for key in _EDITOR_KEYS:
        m = re.search(rf"{key}\s*[：:]\s*(.+)", t)
        if m:
            val = m.group(1)
            val = _EDITOR.split(val)[0]
            names = split_names(val)
            return names[0] if names else None
    return None


def _cn_int(text: str) -> str:
    """``三`` → ``3``, ``十二`` → ``12``, ``二十`` → ``20`` (page numbers only go that far)."""
    digits = {ch: i for i, ch in enumerate(_CN_NUM, start=1)}
    if "十" not in text:
        return str(digits.get(text[-1], 0)) if len(text) == 1 else text
    tens, _, ones = text.partition("十")
    return str((digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0))


_CONTINUE_CUE = re.compile(r"下转|上接|转第|接第")
# A character every header cue needs: a digit (dates, page numbers) or one of 年 版 星期/周 报/刊/志.
_HEADER_CUE = re.compile(r"[\d年版星周报刊志]")


def parse_header(text: str) -> Furniture | None:
    """A page-header line: paper name, date, weekday, page number, column name."""
    t = normalise_spaces(fold_fullwidth(text)).strip()
    c = compact(t)
    if not c or len(c) > 60 or any(ch in c for ch in "，。；！？"):
        return None  # running text that merely mentions a date
    if _HEADER_CUE.search(t) is None:
        return None  # = no date, page, paper, weekday or page-and-column cue below could be found
    date = None
    page: str | None
    m = _DATE.search(c) or _DATE_DASH.search(t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            date = f"{y:04d}-{mo:02d}-{d:02d}"
    pc = _PAGE_COLUMN.match(t)
    if pc:  # ``02  代表风采``: page number and column name
        page = str(int(pc.group(1) or pc.group(4)))
        return Furniture(kind="header", text=clean_printed(t), page=page, column=pc.group(2) or pc.group(3))
    if _CONTINUE_CUE.search(c):
        return None
    pm = _PAGE.search(t) if "版" in t else None  # every _PAGE alternative has a 版
    page = next((g for g in pm.groups() if g), None) if pm else None
    if page and page.isdigit():
        page = str(int(page))
    elif page and all(ch in _CN_NUM for ch in page):
        page = _cn_int(page)
    weekday = bool(_WEEKDAY.search(c))
    paper = None
    pp = _PAPER.search(t) if ("报" in t or "刊" in t or "志" in t) else None  # how _PAPER ends
    if pp and len(compact(pp.group(1))) <= 10:
        paper = pp.group(1)
    cues = sum(x is not None and x is not False for x in (date, page, paper)) + weekday
    # A paper name alone is a header only if the line is nothing else.
    if (cues == 0 or (cues == 1 and paper and not date and not page)) and not (paper and compact(paper) == c):
        return None
    # Column name: what is left once the other cues are removed, if it is a short CJK word.
    rest = t
    for pat in (_DATE, _DATE_DASH, _WEEKDAY, _PAGE):
        rest = pat.sub(" ", rest)
    if paper:
        rest = rest.replace(paper, " ")
    rest = re.sub(r"(?:农历\S+|[|｜/／·•:：,，—\-]+)", " ", rest)
    column = None
    for tok in rest.split():
        if re.fullmatch(r"[\u3400-\u9fff]{2,8}", tok):
            column = tok
            break
    return Furniture(
        kind="header",
        text=clean_printed(t),
        publication=paper,
        date=date,
        page=page,
        column=column,
    )


# The characters the furniture patterns below can start with (_EDITOR, _CONTINUE, _END_NOTE,
# _CAPTION_START, _AGENCY_CREDIT, _SOURCE_NOTE; ``Ｉ`` folds to ``I``), or a photo credit's 摄 anywhere: one search
# rejects the ordinary body line before any normalising.
FURNITURE_START = "责本编美版校制图统" + "（(下上转接" + "▲△上左右中题资供配" + "新人视IＩ" + "数来"
_FURNITURE_MAYBE = re.compile(_first_char_in(FURNITURE_START) + "|摄")


def parse_furniture(text: str) -> Furniture | None:
    """Editor lines, continuation notes, captions/credits; headers are judged by position elsewhere."""
    if _FURNITURE_MAYBE.search(text) is None:
        return None
    t = normalise_spaces(fold_fullwidth(text)).strip()
    c = compact(t)
    if not c:
        return None
    if _EDITOR.match(c) and len(c) <= 60:
        return Furniture(kind="editor", text=clean_printed(t), editor=editor_of(t))
    if _CONTINUE.match(c) or _END_NOTE.match(c):
        return Furniture(kind="continuation", text=c)
    if _CAPTION_START.match(c):
        return Furniture(kind="caption", text=clean_printed(t))
    if _SOURCE_NOTE.match(c) and len(c) <= 60:
        return Furniture(kind="source", text=clean_printed(t))
    # every _CREDIT alternative ends in 摄: test for it before an unanchored search
    if len(c) <= 30 and (("摄" in t and _CREDIT.search(t)) or _AGENCY_CREDIT.match(t)):
        return Furniture(kind="caption", text=clean_printed(t))
    return None


def is_page_number(text: str) -> bool:
    """A bare page number (``5``, ``— 5 —``)."""
    return bool(_PAGE_NO.match(text)) and bool(text.strip())


def strip_continuation(text: str) -> tuple[str, str | None]:
    """Remove an inline ``（下转第X版）`` / ``（上接第X版）`` from a body line.

    Returns (line without the note, note) or (line, None).  The line's own spacing is kept outside
    the note (it is cleaned later with the rest of the paragraph)."""
    m = _CONTINUE_ANY.search(text)
    if not m:
        return text, None
    return (text[: m.start()] + text[m.end() :]).strip(), compact(m.group(0))


# ---------------------------------------------------------------- title-likeness

TITLE_BAD_END = set("，、；：。.,;:")
_END_OR_BAD = SENTENCE_END | TITLE_BAD_END


def is_kicker(text: str) -> bool:
    """A kicker (引题) ends with a dash: ``——写在…之际——`` or ``…的故事——``."""
    c = compact(text)
    return len(c) >= 3 and (c.endswith("——") or c.endswith("—"))


def is_subtitle(text: str) -> bool:
    """A subtitle (副题) starts with a dash: ``——记…``."""
    c = compact(text)
    return len(c) >= 3 and c.startswith("—")


_HAS_LETTER = re.compile(r"[\u3400-\u9fffA-Za-z]")


def title_like(text: str) -> bool:
    """Could this line be (part of) a title or heading?  No clause-final or sentence-final punctuation
    at the end, and not a bare number/mark."""
    return title_like_compact(compact(text))


def title_like_compact(c: str) -> bool:
    """:func:`title_like` of text already without spaces (a line's ``compact``)."""
    if len(c) < 2 or c[-1] in TITLE_BAD_END or is_page_number(c):
        return False
    if c[0] in "（(" and c[-1] in "）)":
        return False  # a note such as （完） or （待续）
    if c[-1] in CLOSERS and c.rstrip(CLOSERS_STR)[-1:] in _END_OR_BAD:
        return False
    return _HAS_LETTER.search(c) is not None
