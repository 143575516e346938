"""Line-level cues: bylines, footnotes, furniture, sentence ends, enumerations, title-likeness."""

from __future__ import annotations

from pipeline.layout.roles import (
    ends_sentence,
    footnote_affiliation,
    is_footnote_start,
    is_kicker,
    is_subtitle,
    parse_byline,
    parse_furniture,
    parse_header,
    split_names,
    starts_enumeration,
    title_like,
)


def test_marker_bylines() -> None:
    b = parse_byline(" ■ 陆 敏（江苏）")
    assert b and b.authors == ("陆敏",) and b.region == "江苏" and b.style == "marker"
    b = parse_byline("■ 欧阳明辉（内蒙古）")
    assert b and b.authors == ("欧阳明辉",) and b.region == "内蒙古"
    b = parse_byline("■王芳")
    assert b and b.authors == ("王芳",) and b.region is None


def test_reporter_bylines() -> None:
    b = parse_byline("本报记者  张伟")
    assert b and b.authors == ("张伟",) and b.style == "reporter"
    b = parse_byline("本报记者 李 娜 通讯员 王小明")
    assert b and b.authors == ("李娜", "王小明")
    assert parse_byline("本报记者深入基层调研，了解到群众的急难愁盼问题。") is None


def test_two_reporters_whose_spaces_were_dropped_are_two_names() -> None:
    # pdftotext on a credit wider than the column under it: ``本报记者 何佳宁 邱文涛`` unspaced
    b = parse_byline("本报记者何佳宁邱文涛")
    assert b and b.authors == ("何佳宁", "邱文涛") and b.style == "reporter"
    assert parse_byline("本报特约记者何佳宁邱文涛").authors == ("何佳宁", "邱文涛")
    # two or four characters stay one token (how they split is not in the text)
    assert parse_byline("本报记者何佳宁邱").authors == ("何佳宁邱",)


def test_five_glyphs_run_together_are_two_names_where_the_tagger_reads_two() -> None:
    # a PDF credit set condensed with no space glyph (fresh 162305): no Han name has five glyphs;
    # split where jieba's tagger reads two persons' names of two and three glyphs, else kept whole
    assert parse_byline("本报记者潘平晨陈坤").authors == ("潘平晨", "陈坤")
    assert parse_byline("■ 孔宇慧胡超（甘肃）").authors == ("孔宇慧", "胡超")
    assert parse_byline("本报讯（记者 郑兰玉龙泽）").authors == ("郑兰玉龙泽",)  # (no two names read)
    assert parse_byline("本报记者 欧阳明华").authors == ("欧阳明华",)  # (four glyphs: one name)


def test_dateline_bylines_carry_the_rest_of_the_line() -> None:
    b = parse_byline("新华社北京3月5日电（记者 赵明）")
    assert b and b.authors == ("赵明",) and b.style == "dateline" and b.rest == ""
    b = parse_byline("新华社杭州5月2日电（记者 孙 立）5月1日，浙江省……")
    assert b and b.authors == ("孙立",) and b.rest.startswith("5月1日")
    b = parse_byline("本报讯（记者 周洋 通讯员 钱进）")
    assert b and b.authors == ("周洋", "钱进") and b.style == "xun"
    b = parse_byline("本报讯")
    assert b and b.authors == ()


def test_non_bylines() -> None:
    for t in ("", "   ", "坚持党的领导", "▲ 图为代表在调研。", "（作者系某市人大常委会主任）"):
        assert parse_byline(t) is None, t
    # a column's label led by a role word names no one
    for t in ("记者手记", "本报记者观察", "记者 调查", "记者手记记者手记"):
        assert parse_byline(t) is None, t  # (a label drawn twice, as pypdf prints simulated bold)
    assert parse_byline("本报记者 王调查").authors == ("王调查",)


def test_split_names_undoes_padding() -> None:
    assert split_names("陆 敏") == ("陆敏",)
    assert split_names("张 三 李 四") == ("张三", "李四")
    assert split_names("欧阳 娜") == ("欧阳娜",)
    assert split_names("王小明、李华") == ("王小明", "李华")


def test_footnotes() -> None:
    assert is_footnote_start("（作者系江苏省某市人")
    assert is_footnote_start("（作者单位：某大学法学院）")
    assert not is_footnote_start("作者系统地阐述了")
    assert footnote_affiliation("（作者系江苏省某市人大常委会主任）") == "江苏省某市人大常委会主任"
    assert footnote_affiliation("（作者单位：西南某大学法学院）") == "西南某大学法学院"
    assert footnote_affiliation("（作者为 某省人大 常委会委员）") == "某省人大常委会委员"


def test_furniture_lines() -> None:
    f = parse_furniture("责任编辑：张 三  版式设计：李四")
    assert f and f.kind == "editor" and f.editor == "张三"
    f = parse_furniture("本版责编：王五")
    assert f and f.editor == "王五"
    f = parse_furniture("（下转第3版）")
    assert f and f.kind == "continuation"
    f = parse_furniture("▲ 图为代表在社区调研。")
    assert f and f.kind == "caption"
    f = parse_furniture("（本报记者 张三 摄）")
    assert f and f.kind == "caption"
    assert parse_furniture("围绕住房保障开展视察。") is None


def test_page_headers() -> None:
    h = parse_header("某某日报  2024年3月5日  星期二  第5版  理论")
    assert h and (h.publication, h.date, h.page, h.column) == ("某某日报", "2024-03-05", "5", "理论")
    h = parse_header("05  代表风采")
    assert h and (h.page, h.column) == ("5", "代表风采")
    h = parse_header("2021年12月1日 星期三")
    assert h and h.date == "2021-12-01"
    assert parse_header("（下转第3版）") is None
    assert parse_header("坚持党的领导") is None


def test_sentence_cues() -> None:
    assert ends_sentence("有效执行。")
    assert ends_sentence("“好声音”落地见效。”")
    assert not ends_sentence("坚持“四个机关”")
    assert starts_enumeration("一是增强政治自觉。")
    assert starts_enumeration("（三）加强监督")
    assert starts_enumeration("第二，")
    assert not starts_enumeration("近年来，")


def test_title_cues() -> None:
    assert title_like("坚守政治忠诚“生命线”")
    assert title_like("秉持“四心”")
    assert not title_like("完善发展。")
    assert not title_like("坚持党的领导，")
    assert not title_like("12")
    assert is_kicker("聚焦乡村振兴——")
    assert is_subtitle("——来自基层的报道")
    assert not is_kicker("——来自基层的报道")


def test_bare_name_and_province_is_a_byline() -> None:
    b = parse_byline("陆 敏（江苏）")
    assert b and b.authors == ("陆敏",) and b.region == "江苏"
    assert parse_byline("坚持党的领导（节选）") is None


def test_footnote_without_parenthesis_and_end_notes() -> None:
    assert is_footnote_start("作者单位：某大学法学院")
    assert footnote_affiliation("作者单位：某大学法学院") == "某大学法学院"
    assert not title_like("（完）")
    f = parse_furniture("（完）")
    assert f is not None


def test_dateline_variants() -> None:
    b = parse_byline("本报北京12月1日电 记者张三报道：会议指出，")
    assert b and b.authors == ("张三",) and b.rest == "会议指出，"
    b = parse_byline("中新网北京十二月一日专电")
    assert b and b.style == "dateline"
    assert parse_byline("新华社记者在北京看到，") is None
    assert parse_byline("本报记者日前电话采访了有关负责人，") is None
