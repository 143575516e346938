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


@pytest.mark.parametrize(
    "head",
    [
        "　　新华社北京 6 月 28 日电（记\n者 孙阳峰）形成了“立法直通车”的\n",  # the credit's rest, then text
        "　　新华社牡丹\n江3月6日电（记者陈\n秀）形成了“立法直通车”的\n",  # broken twice
    ],
)
def test_the_text_after_a_wrapped_dateline_opens_the_lead_paragraph(head: str) -> None:
    # an indented page: the line the dateline ends on carries the lead's first words, left short of
    # the measure once the credit is cut off — no heading (tex_8406, lo_8402: read as one before)
    body = "经验做法，持续擦亮“立法直通车”\n名片，加强与政协民主监督的衔接。\n　　在甘肃，代表联络站广泛凝聚\n社会共识。"
    (art,) = assemble("把联络站建在群众家门口\n" + head + body).articles
    assert [p.heading for p in art.paragraphs] == [None, None]
    assert (
        art.paragraphs[0].text
        == "形成了“立法直通车”的经验做法，持续擦亮“立法直通车”名片，加强与政协民主监督的衔接。"
    )
