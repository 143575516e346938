"""A page read into several "articles" of a few characters has read titles apart from their text:
it is flagged, not published as ``ok``.

Seen on `pdftotext -layout` text of a page whose stories set columns of their own (the side-by-side
splitter read bands of two grids as one): five articles, three of them a title's half with a few
characters, CER 97 %, unflagged; and on pdfminer.six text (CER 35 %). On 2,952 tool pages no page
read right has two such articles."""

from __future__ import annotations

from pipeline.layout import read_page
from pipeline.layout.blockorder import STUB_CHARS

STORY = """代表建议如何落地见效
本报记者 王敏
今年以来，市人大常委会围绕乡村振兴开展执法检查，推动各项决策部署落地落实，建成代表联络站
三十一个，畅通社情民意表达渠道，推动解决一批群众关心的实际问题，群众满意度持续提升。
"""


def _story(title: str, byline: str, text: str) -> str:
    return f"{title}\n{byline}\n{text}\n"


def test_two_articles_of_a_few_characters_flag_the_page() -> None:
    stubs = _story("大常委会开展建议督办纪实", "本报记者 李华", "第4版代表风采。") + "\n"
    stubs += _story("助力水资源保护", "■贾华", "推动审议意见落地见效。")
    page = read_page(STORY + "\n" + stubs)
    assert len([a for a in page.articles if len(a.text) < STUB_CHARS]) == 2
    assert page.style == "misordered_blocks"
    assert all("misordered_blocks" in a.flags for a in page.articles)
    assert "titles read apart from their stories" in (page.style_note or "")


def test_one_short_article_is_left_alone() -> None:
    page = read_page(STORY + "\n" + _story("助力水资源保护", "■贾华", "推动审议意见落地见效。"))
    assert len([a for a in page.articles if len(a.text) < STUB_CHARS]) == 1
    assert page.style == "reading_order"
    assert not any("misordered_blocks" in a.flags for a in page.articles)
