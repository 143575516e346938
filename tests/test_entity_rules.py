"""Law and place precision rules of issue 15, each on made-up sentences, and the annotated
evaluation set (``tests/data/entities_eval/``) held to its targets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import extract_mentions
from pipeline.layout import read_page
from pipeline.layout.roles import parse_furniture

EVAL = Path(__file__).parent / "data" / "entities_eval" / "articles.gold.json"


def laws(text: str, region: str | None = None) -> dict[str, tuple]:
    """surface → (canonical, level, jurisdiction, resolved)."""
    return {
        m.surface: (m.canonical, m.law_level, m.jurisdiction, m.resolved)
        for m in extract_mentions(text, region)
        if m.type == "law"
    }


def places(text: str, region: str | None = None) -> list[tuple[str, str | None]]:
    return [(m.surface, m.adcode) for m in extract_mentions(text, region) if m.type == "place"]


def counts(text: str) -> list[tuple[float, str]]:
    return [(m.value, m.unit) for m in extract_mentions(text) if m.type == "count"]


# ------------------------------------------------------------------ laws


def test_a_placeholder_jurisdiction_gets_no_real_prefix():
    text = (
        "长沙市人大常委会调研组赴长沙市各区调研。调研组了解到，某市物业管理条例施行后，"
        "《某县养犬管理条例》也已出台，《社区服务条例》同步修订。"
    )
    got = laws(text, "湖南")
    assert got["某市物业管理条例"] == ("某市物业管理条例", "local_regulation", None, False)
    assert got["某县养犬管理条例"] == ("某县养犬管理条例", "local_regulation", None, False)
    # without a placeholder the article's subject still completes a bare local title
    assert got["社区服务条例"][0] == "长沙市社区服务条例"


def test_a_placeholder_starts_the_title_even_after_other_words():
    got = laws("某县人大常委会曾就某县饮用水水源保护条例的实施开展专题询问。")
    assert list(got) == ["某县饮用水水源保护条例"]


def test_a_national_issuer_before_the_title_fixes_level_and_jurisdiction():
    subject = "长沙市人大常委会听取报告，长沙市人大代表参加。"
    got = laws(subject + "会议要求落实国务院《社会救助暂行办法》和《城市供水条例》。")
    assert got["社会救助暂行办法"] == ("社会救助暂行办法", "administrative_regulation", "全国", True)
    assert got["城市供水条例"] == ("城市供水条例", "administrative_regulation", "全国", True)
    # the same title without its issuer takes the article's subject (why the issuer must win)
    assert laws(subject + "会议要求落实《社会救助暂行办法》。")["社会救助暂行办法"][2] == "长沙市"


def test_courts_and_the_npc_standing_committee_as_issuers():
    got = laws(
        "长沙市人大常委会召开会议。最高人民法院《关于审理环境侵权案件的解释》、"
        "全国人大常委会日前公布的《关于加强网络信息保护的决定》受到关注。"
    )
    assert got["关于审理环境侵权案件的解释"] == (
        "最高人民法院关于审理环境侵权案件的解释",
        "judicial_interpretation",
        "全国",
        True,
    )
    assert got["关于加强网络信息保护的决定"] == (
        "全国人民代表大会常务委员会关于加强网络信息保护的决定",
        "decision",
        "全国",
        True,
    )


def test_instruments_named_without_brackets_after_a_verb_of_enactment():
    got = laws(
        "株洲市人大常委会表决通过关于修改部分地方性法规的决定。"
        "株洲市人民政府审议通过株洲市城市养犬管理办法。宜昌市秭归县出台秭归县脐橙产业扶持办法。"
    )
    assert got["关于修改部分地方性法规的决定"] == ("关于修改部分地方性法规的决定", "decision", "株洲市", True)
    assert got["株洲市城市养犬管理办法"] == ("株洲市城市养犬管理办法", "local_rule", "株洲市", True)
    assert got["秭归县脐橙产业扶持办法"][2] == "秭归县"


def test_no_instrument_without_an_issuer_or_a_title():
    assert laws("各地出台了相关规定，制定了具体办法，通过了一批措施。") == {}


def test_a_title_does_not_start_at_a_conjunction():
    got = laws("常州市人大常委会依据水法和江苏省水资源管理条例开展询问，查处涉水法规违法行为。")
    assert got == {
        "水法": ("中华人民共和国水法", "law", "全国", True),
        "江苏省水资源管理条例": ("江苏省水资源管理条例", "local_regulation", "江苏省", True),
    }
    got = laws("对照国务院《优化营商环境条例》和山东省优化营商环境条例开展检查。")
    assert got["山东省优化营商环境条例"][0] == "山东省优化营商环境条例"


def test_a_divisions_instrument_implementing_a_national_law():
    got = laws(
        "检查组建议修订四川省《中华人民共和国畜牧法》实施办法，湖南省实施《中华人民共和国土地管理法》办法也将修改。"
    )
    assert got["四川省《中华人民共和国畜牧法》实施办法"][1:] == ("local_regulation", "四川省", True)
    assert got["湖南省实施《中华人民共和国土地管理法》办法"][2] == "湖南省"
    assert got["中华人民共和国畜牧法"][2] == "全国"  # the law itself is still mentioned


# ------------------------------------------------------------------ places


@pytest.mark.parametrize(
    "text",
    [
        "黄石市充分发挥乡村振兴作用。",
        "阳新县深入推进村民自治，大冶市建设美丽乡村和镇村道路。",
        "浏阳市全面加强村级组织建设，醴陵市持续深化县域改革。",
        "安吉县统筹乡镇村居资源。",
    ],
)
def test_a_unit_character_inside_an_ordinary_word_is_no_place(text):
    assert all(adcode is not None for _, adcode in places(text)), places(text)


def test_villages_after_their_township_one_character_names_too():
    got = places("湖州市安吉县天荒坪镇余村。桂林市阳朔县的兴坪镇渔村、白沙镇遇龙村的民宿一房难求。")
    names = [s for s, _ in got]
    assert names == [
        "湖州市",
        "安吉县",
        "天荒坪镇",
        "余村",
        "桂林市",
        "阳朔县",
        "兴坪镇",
        "渔村",
        "白沙镇",
        "遇龙村",
    ]


def test_a_township_named_again_anchors_a_list():
    text = "定西市陇西县首阳镇是集散地。县里在首阳镇、文峰镇建成基地8个。"
    assert [s for s, _ in places(text)].count("文峰镇") == 1


def test_numerals_in_a_village_name_are_neither_rejected_nor_counted():
    text = "寿光市孙家集街道三元朱村有大棚186个。"
    assert ("三元朱村", None) in places(text)
    assert counts(text) == [(186.0, "个")]


def test_no_name_is_read_out_of_a_verb_phrase():
    assert "统筹卢村" not in [s for s, _ in places("县里统筹卢村、塔川村等村的旅游资源。")]


# ------------------------------------------------------------------ counts


def test_chapters_and_counted_divisions():
    assert counts("条例共6章58条，第三章规定了罚则。检查组赴5个市开展检查。") == [
        (6.0, "章"),
        (58.0, "条"),
        (5.0, "个"),
    ]


# ------------------------------------------------------------------ chart source notes


def test_source_notes_are_furniture():
    for line in ("数据来源：国家统计局", "资料来源：省农业农村厅", "（数据来源：省统计局）", "制图：王小明"):
        assert parse_furniture(line) is not None, line
    assert parse_furniture("来源于基层的声音，要认真倾听。") is None


def test_a_chart_note_is_no_paragraph_or_heading():
    page = "\n".join(
        [
            "2025年7月3日  星期四  第6版  数据观察",
            "",
            "全省农村居民收入稳步增长",
            "■ 钟雨桐（江西）",
            "",
            "    今年上半年，全省农村居民人均可支配收入继续保持",
            "较快增长，城乡居民收入差距进一步缩小。",
            "",
            "数据来源：省统计局、国家统计局调查总队。",
            "资料来源：省农业农村厅",
            "制图：王小明",
            "",
            "    下半年，各地将继续抓好稳就业、促增收各项工作，",
            "推动农村居民收入持续较快增长。",
        ]
    )
    layout = read_page(page)
    [article] = layout.articles
    assert [p.text[:4] for p in article.paragraphs] == ["今年上半", "下半年，"]
    assert not article.headings and all(p.heading is None for p in article.paragraphs)
    assert "资料来源：省农业农村厅" in layout.furniture.other


# ------------------------------------------------------------------ the evaluation set


def test_the_evaluation_set_is_varied_and_well_formed():
    gold = json.loads(EVAL.read_text(encoding="utf-8"))
    arts = gold["articles"]
    assert len(arts) >= 30
    assert len({a["genre"] for a in arts}) >= 6
    for a in arts:
        assert a["text"] == "\n".join(p["text"] for p in a["paragraphs"])
        assert all(len(p["adcode"]) == 6 for p in a["entities"]["places"])


def test_the_evaluation_set_meets_its_targets():
    from benchmarks.entities_eval import evaluate

    result, errors = evaluate(EVAL)
    assert result["places"]["f1"] >= 0.97, errors
    assert result["laws"]["f1"] >= 0.95, errors
    assert result["counts"]["f1"] >= 0.97, errors
