"""Datelines broken by narrow columns (PDF pages of 8–9 columns break them anywhere)."""

from __future__ import annotations

import pytest

from pipeline.layout.articles import assemble

BODY = "广泛听取基层群众意见，\n围绕乡村振兴用好人大代\n表履职平台。"


@pytest.mark.parametrize(
    "head",
    [
        "新华社北京3月6日电\n（记者 陈秀）",  # the line ends right after 电
        "　　新华社北京3月6日电\n（记者 陈秀）",  # … on an indented first line
        "新华社北京3\n月6日电（记者\n陈秀）",  # broken twice
        "新华社牡丹\n江3月6日电\n（记者 陈秀）",  # broken twice, the credit on a line of its own
        "　　新华社牡丹\n江3月6日电\n（记者陈\n秀）",  # three times, inside the credit too
        "新华社北京\n3月6日电（\n记者陈\n秀）",  # … the credit's parenthesis left alone
        "新华社北京3月6日电（记者 陈\n秀）",  # inside the name (was read before too)
        "新华社北京1 2 月1 3 日电\n（记者 陈秀）",  # digits drawn one by one (PyMuPDF, pypdf)
        "新华社北京\n1 0 月 2 5 日电\n（记 者  陈 秀）",  # … and a day of two digits apart
        "新华社北京3月6日电（记者\n \n陈\n秀）",  # a spaced name broken, a line of one space between (PyMuPDF)
        "新华社北京3月6日电（记者\n\n陈秀）",  # … or a column break inside the credit
    ],
)
def test_a_wrapped_dateline_names_its_author(head: str) -> None:
    (art,) = assemble(head + BODY).articles
    assert art.authors == ("陈秀",)
    assert art.text == "广泛听取基层群众意见，围绕乡村振兴用好人大代表履职平台。"


def test_a_dateline_without_a_credit_keeps_the_next_line_as_text() -> None:
    (art,) = assemble("新华社北京3月6日电\n（一）加强组织领导，\n推动工作落实。").articles
    assert art.authors == ()
    assert art.text.startswith("（一）加强组织领导")


def test_a_credit_broken_after_its_last_role_word_names_the_next_line() -> None:
    # a narrow column: ``本报记者 马成 通讯员`` / ``龚立冬`` — the role's name on the next line
    (art,) = assemble("本报记者 马成 通讯员\n龚立冬\n" + BODY).articles
    assert art.authors == ("马成", "龚立冬")
    assert art.text.startswith("广泛听取基层群众意见")
