"""Synthetic newspaper pages with known truth, for testing and benchmarking layout recovery.

We only have one annotated real page, so layout recovery would be tuned to it. This module writes
pages we have never seen — clean articles composed from a phrase bank, laid out the way a PDF text
extractor hands them to us (narrow wrapped columns, hanging punctuation, letter-spaced justified
lines, column-break blank lines, bylines, titles before or after the body, page furniture) — and
keeps the clean truth next to the text. Every quirk is an option with a random default, so a page
is fully determined by its seed and the options can be pinned for targeted tests.

Nothing here is copied from the sample page: the phrase bank, slogans and names are our own.

The truth must be recoverable from the text, or a benchmark miss says nothing about the reader.
So the generator keeps these invariants (W = the article's column width, ASCII counting ½):

* a blank line inside a paragraph (a column break) follows a full line (≥ W−1), or a line cut
  short mid-clause that is the paragraph's third line or later — never a line ending a sentence;
* paragraphs end at a blank line, or without one only when the last line is short (≤ W−3) or
  paragraphs are indented;
* section headings have blank lines around them, take one or two lines, never end in sentence
  punctuation, and one- or two-line headings are at least 2 units narrower than the column;
* a title printed below its body is set off from the body by a blank line.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import random
import re
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "ENCODINGS",
    "ExpectedArticle",
    "ExpectedFurniture",
    "PageOptions",
    "SyntheticPage",
    "generate_page",
    "nows",
    "text_width",
]

ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16")

TitlePlacement = Literal["before", "after"]
BylineStyle = Literal["square", "square_bare", "reporter", "reporter_corr", "xinhua", "benbaoxun"]
HeadingStyle = Literal["none", "short", "two_line", "wrapped", "mixed"]
IndentStyle = Literal["none", "ascii", "ideographic"]
JumpStyle = Literal["none", "down", "up", "both"]

BYLINE_STYLES: tuple[str, ...] = ("square", "square_bare", "reporter", "reporter_corr", "xinhua", "benbaoxun")
HEADING_STYLES: tuple[str, ...] = ("none", "short", "two_line", "wrapped", "mixed")
INDENT_STYLES: tuple[str, ...] = ("none", "ascii", "ideographic")
JUMP_STYLES: tuple[str, ...] = ("none", "down", "up", "both")


def nows(s: str | None) -> str:
    """Text without any whitespace: how the metrics and the truth checks compare strings."""
    return "".join((s or "").split())


# ---------------------------------------------------------------------------------------------
# Phrase bank (our own writing, in the register of People's Congress press)
# ---------------------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍鹏辉建国红飞斌宇浩凯健俊帆帅旭宁龙林欣晨阳思佳"
    "雪琳晓云莉海波亮晶颖倩婷慧诚博文武成康立志永春秋冬梅松柏峰岩泽润清源嘉铭睿哲航远毅坤昊然馨怡蕾蓓"
)
# Names that occur on the sample page: never generate them.
_FORBIDDEN_NAMES = frozenset({"徐继祥", "鲁鹏飞", "陆敏", "纪亮", "周卿"})

PROVINCES: dict[str, str] = {
    "河北": "河北省",
    "山西": "山西省",
    "辽宁": "辽宁省",
    "吉林": "吉林省",
    "黑龙江": "黑龙江省",
    "浙江": "浙江省",
    "安徽": "安徽省",
    "福建": "福建省",
    "河南": "河南省",
    "湖南": "湖南省",
    "广东": "广东省",
    "海南": "海南省",
    "四川": "四川省",
    "贵州": "贵州省",
    "云南": "云南省",
    "陕西": "陕西省",
    "甘肃": "甘肃省",
    "青海": "青海省",
    "广西": "广西壮族自治区",
    "内蒙古": "内蒙古自治区",
    "新疆": "新疆维吾尔自治区",
    "西藏": "西藏自治区",
    "北京": "北京市",
    "天津": "天津市",
    "上海": "上海市",
    "重庆": "重庆市",
}
CITIES: dict[str, tuple[str, ...]] = {
    "河北": ("保定", "邯郸", "唐山", "廊坊"),
    "山西": ("大同", "长治", "晋中"),
    "辽宁": ("大连", "鞍山", "锦州"),
    "吉林": ("延边", "通化", "四平"),
    "黑龙江": ("齐齐哈尔", "牡丹江", "佳木斯"),
    "浙江": ("宁波", "温州", "湖州", "台州"),
    "安徽": ("芜湖", "蚌埠", "安庆"),
    "福建": ("泉州", "漳州", "三明"),
    "河南": ("洛阳", "开封", "南阳"),
    "湖南": ("株洲", "岳阳", "常德"),
    "广东": ("佛山", "江门", "韶关"),
    "海南": ("三亚", "儋州"),
    "四川": ("绵阳", "宜宾", "南充"),
    "贵州": ("遵义", "六盘水", "安顺"),
    "云南": ("曲靖", "玉溪", "大理"),
    "陕西": ("宝鸡", "汉中", "榆林"),
    "甘肃": ("天水", "张掖", "酒泉"),
    "青海": ("海东", "格尔木"),
    "广西": ("柳州", "桂林", "北海"),
    "内蒙古": ("包头", "鄂尔多斯", "赤峰"),
    "新疆": ("伊犁", "喀什", "哈密"),
    "西藏": ("日喀则", "林芝"),
    "北京": ("海淀", "朝阳", "通州"),
    "天津": ("滨海新", "河西", "西青"),
    "上海": ("浦东新", "闵行", "嘉定"),
    "重庆": ("渝中", "万州", "涪陵"),
}
_MUNICIPALITIES = frozenset({"北京", "天津", "上海", "重庆"})
TOWNS = ("东关", "柳林", "河口", "石桥", "清水", "南湖", "杏花", "北塘", "三合", "新庄", "青石", "长岭")

LAWS = (
    "立法法",
    "监督法",
    "代表法",
    "民法典",
    "环境保护法",
    "数据安全法",
    "个人信息保护法",
    "乡村振兴促进法",
    "食品安全法",
    "野生动物保护法",
    "水污染防治法",
    "妇女权益保障法",
    "老年人权益保障法",
    "科学技术进步法",
    "预算法",
    "行政复议法",
    "黄河保护法",
    "无障碍环境建设法",
)
LOCAL_LAW_SUBJECTS = (
    "文明行为促进",
    "养犬管理",
    "电动自行车管理",
    "历史文化名城保护",
    "城市绿化",
    "河道管理",
    "农村供水",
    "餐厨垃圾处理",
    "优化营商环境",
    "社会信用",
    "传统村落保护",
    "湿地保护",
    "医疗纠纷预防和处理",
    "消防安全",
)
SLOGANS = (
    "民意直通车",
    "代表在身边",
    "小院议事厅",
    "码上议",
    "板凳会",
    "立法直通车",
    "阳光票决",
    "家门口履职",
    "一线工作法",
    "有事好商量",
    "三级联动",
    "一站式",
    "小切口",
    "指尖上的代表之家",
    "代表接待日",
    "民生微实事",
    "田间议事会",
    "楼道议事",
    "最多跑一次",
    "双向联系",
    "周周有主题",
    "首问负责",
)
ACTORS = (
    "市人大常委会",
    "区人大常委会",
    "县人大常委会",
    "常委会党组",
    "各专门委员会",
    "法制委员会",
    "财政经济委员会",
    "监察和司法委员会",
    "社会建设委员会",
    "预算工作委员会",
    "常委会办公室",
    "代表联络站",
    "基层立法联系点",
    "街道人大工委",
    "乡镇人大主席团",
    "驻站代表",
    "各代表小组",
    "常委会组成人员",
    "人大代表",
    "研究室",
)
OPENERS = (
    "近年来",
    "今年以来",
    "与此同时",
    "在此基础上",
    "下一步",
    "截至目前",
    "针对这一情况",
    "为此",
    "实践中",
    "从实际效果看",
    "在具体工作中",
    "此外",
)
PREDICATES = (
    "聚焦群众急难愁盼问题开展专项调研",
    "听取和审议专项工作报告",
    "组织开展执法检查",
    "推动审议意见落地见效",
    "完善代表建议办理机制",
    "健全常委会组成人员联系代表制度",
    "拓宽公众有序参与立法的渠道",
    "坚持开门立法",
    "广泛听取基层群众意见",
    "把监督重点放在制度执行上",
    "建立问题清单和整改台账",
    "实行跟踪督办",
    "强化预算审查监督",
    "加强国有资产管理情况监督",
    "持续推进规范性文件备案审查",
    "推动解决一批群众关心的实际问题",
    "促进法规条文转化为治理效能",
    "把协商议事延伸到村组社区",
    "畅通社情民意表达渠道",
    "做实代表联络站日常工作",
    "推行闭会期间代表活动常态化",
    "探索代表履职积分管理",
    "开展代表述职评议",
    "完善专题询问工作流程",
    "加强与政协民主监督的衔接",
    "注重运用法治思维和法治方式",
    "及时回应社会关切",
    "把好法规草案的合法性关口",
    "对草案逐条研究修改",
    "召开立法协商座谈会",
    "邀请专家学者参与论证",
    "组织立法后评估",
    "清理不适应改革要求的规定",
    "推进民生实事项目票决",
    "深化人大代表工作站建设",
    "打通服务群众最后一公里",
    "加强基层治理薄弱环节",
    "压实部门整改责任",
    "提高监督工作的针对性和实效性",
    "探索建立监督工作评估机制",
    "推动财政资金向民生领域倾斜",
    "严格审查政府债务管理情况",
    "统筹推进城乡融合发展",
    "守护好一方绿水青山",
    "推动生态环境质量持续改善",
    "持续优化法治化营商环境",
    "支持和保障代表依法履职",
    "加强对执法司法工作的监督",
    "推进基层立法联系点提质扩面",
    "建立意见建议反馈机制",
    "做好代表议案处理工作",
    "将代表建议纳入年度重点工作",
    "深入街道社区走访群众",
    "聚焦老旧小区改造开展视察",
    "关注农村人居环境整治",
    "推动养老服务体系建设",
    "助力中小企业纾困发展",
    "促进义务教育优质均衡",
    "关注食品药品安全",
    "推动公共文化服务提质增效",
    "加强耕地保护监督",
    "推动解决群众出行难问题",
    "督促有关部门抓好整改落实",
    "形成监督合力",
    "提升履职能力和水平",
    "加强干部队伍建设",
    "严格落实中央八项规定精神",
    "深化机关作风建设",
    "推进人大工作数字化转型",
    "完善工作规则和议事程序",
    "提高会议审议质量",
    "加强调查研究",
    "用好人大代表履职平台",
    "广泛凝聚社会共识",
    "推动各项决策部署落地落实",
    "保障人民群众合法权益",
    "推进基层治理体系现代化",
    "积极探索村级议事协商新路径",
    "推动形成共建共治共享格局",
    "把群众的意见带到会场上",
    "推动民生难题逐个破解",
    "让群众看得见摸得着",
)
OBJECTS_LIST = (
    "学习培训",
    "视察调研",
    "执法检查",
    "专题询问",
    "满意度测评",
    "跟踪监督",
    "述职评议",
    "座谈交流",
    "集中接待",
    "入户走访",
    "专项审议",
    "立法调研",
    "备案审查",
    "预算联网监督",
    "议案办理",
    "建议督办",
)
FIELDS = (
    "乡村振兴",
    "生态环境保护",
    "养老托育",
    "城市更新",
    "基层医疗",
    "义务教育",
    "公共交通",
    "文化遗产保护",
    "安全生产",
    "数字经济",
    "营商环境",
    "水资源保护",
    "社区治理",
    "就业创业",
    "住房保障",
    "农村集体经济",
)
COUNT_TEMPLATES = (
    "累计收集意见建议{n}条",
    "共审议法规草案{k}件",
    "制定修改地方性法规{k}部",
    "组织代表{n}人次参加活动",
    "建成代表联络站{k}个",
    "代表建议办结率达{p}%",
    "覆盖{k}个乡镇（街道）",
    "投入资金{x}万元",
    "开展视察调研{k}次",
    "惠及群众{x}万人",
    "梳理问题清单{k}项",
    "提出审议意见{k}条",
    "推动解决实际问题{n}个",
    "培训基层代表{n}人次",
    "吸纳立法建议{n}条",
    "形成调研报告{k}篇",
    "召开座谈会{k}场",
    "整改完成率超过{p}%",
    "全年共举办活动{k}期",
    "接待群众{n}人次",
    "组织专题调研{k}0多次",
    "累计投入{k}万余元",
    "收到群众来信{k}00余件",
)
LATIN_TEMPLATES = (
    "开发“{slogan}”App",
    "依托5G网络开展远程视察",
    "借助AI辅助审查法规草案",
    "开通“12345”热线联动通道",
    "上线代表履职App",
    "运用GIS系统绘制监督一张图",
    "试点PPP项目全过程监督",
    "推出微信小程序“{slogan}”",
    "通过App实时反馈办理进度",
    "把QQ群和微信群建到网格里",
    "建成预算联网监督系统2.0版",
    "用好5G+智慧政务平台",
)
QUOTE_TEMPLATES = (
    "打造“{slogan}”品牌",
    "推行“{slogan}”工作法",
    "开展“{slogan}”活动",
    "探索“{slogan}”模式",
    "持续擦亮“{slogan}”名片",
    "形成了“{slogan}”的经验做法",
    "构建“线上＋线下”“接访＋走访”联络模式",
    "开展“履职为民·{field}”主题活动",
    "推行“{slogan}·{obj}”工作机制",
)
LAW_TEMPLATES = (
    "深入宣传贯彻{law}",
    "围绕{law}实施情况开展执法检查",
    "对{law}修正草案提出修改意见",
    "配合做好{law}的立法调研",
    "推动{law}各项规定落到实处",
    "就《{local}条例（草案）》征求意见",
    "审议通过《{local}条例》",
    "检查《{local}条例》贯彻执行情况",
)
PLACE_TEMPLATES = (
    "{place}人大常委会{pred}",
    "在{place}，{actor}{pred}",
    "{place}{town}镇代表联络站{pred}",
    "{place}各级人大代表{pred}",
)
SPEECH = (
    "立法要接地气，更要聚民智。",
    "代表的建议能不能落地，群众最有发言权。",
    "我们要把监督的过程变成推动工作的过程。",
    "有事就到联络站来说一说，代表帮着一起想办法。",
    "每一条意见都要有回音，每一件建议都要有着落。",
    "这件事关系到千家万户，必须一抓到底。",
    "以前反映问题要跑好几趟，现在在家门口就能办。",
    "监督不是挑刺，是为了把事情办得更好。",
    "法规好不好，关键看管不管用。",
)
SPEAKERS = ("一位驻站代表说", "{name}代表表示", "参与座谈的居民说", "常委会有关负责人表示", "{name}介绍说")
RUNIN_TOPICS = (
    "坚持高站位谋划",
    "突出精准化监督",
    "注重全链条推进",
    "强化数字化赋能",
    "做实常态化联系",
    "推动项目化落实",
    "健全闭环式管理",
    "深化多元化参与",
    "聚焦实效性评估",
    "拓展立体化宣传",
)
ORDINALS = (
    ("一是", "二是", "三是", "四是", "五是"),
    ("第一，", "第二，", "第三，", "第四，", "第五，"),
    ("首先，", "其次，", "再次，", "此外，", "最后，"),
)
HEAD_NUMBERS = (("一、", "二、", "三、", "四、"), ("（一）", "（二）", "（三）", "（四）"))
QUESTIONS = (
    "代表建议如何才能从“纸面”走向“地面”？",
    "监督怎样才能不走过场？",
    "立法如何更好回应群众期待？",
    "群众的意见到底有没有人听？",
    "联络站建起来之后，怎样才能用起来、活起来？",
)
DASH_TEMPLATES = (
    "{pred}——这是{actor}近年来的一贯做法",
    "把工作重心放在一个“实”字上——{pred}",
    "{field}连着千家万户——{pred}",
    "问题收集、交办、督办、反馈……{pred}",
)
TITLE_Q = (
    "代表建议如何落地见效？",
    "小区停车难怎么解？",
    "立法如何更接地气？",
    "监督怎样才能不走过场？",
    "让群众的声音被听见！",
)
HEAD_A = (
    "聚焦主责主业",
    "坚持问题导向",
    "突出民生关切",
    "强化制度保障",
    "注重协同联动",
    "深化数字赋能",
    "夯实履职根基",
    "激活基层末梢",
    "紧扣发展大局",
    "守牢安全底线",
    "坚持开门立法",
    "做实代表工作",
    "创新监督方式",
    "锤炼过硬作风",
)
HEAD_B = (
    "提升监督刚性",
    "回应群众期盼",
    "彰显代表担当",
    "推动法规落地",
    "筑牢法治根基",
    "激发治理活力",
    "汇聚发展合力",
    "架起连心桥梁",
    "擦亮履职底色",
    "跑出加速度",
    "答好民生卷",
    "织密监督网",
)
HEAD_TAIL = ("“压舱石”", "“助推器”", "“连心桥”", "“金钥匙”", "“晴雨表”", "“主阵地”", "“新引擎”")
TITLE_A = (
    "让每一条民意都有回音",
    "用好监督利器",
    "小切口立法解决大问题",
    "把联络站建在群众家门口",
    "代表履职进行时",
    "织密基层治理网",
    "以高质量立法护航高质量发展",
    "答好新时代人大工作答卷",
    "让法规条文长出牙齿",
    "监督聚焦民生痛点",
    "民生实事由民定",
    "在基层一线践行初心",
    "立法为民的生动实践",
    "为乡村振兴注入法治动能",
    "一张清单管到底",
)
TITLE_B = (
    "推动基层治理提质增效",
    "{place}人大探索代表工作新路径",
    "{place}打造“{slogan}”履职品牌",
    "人大代表助力{field}",
    "从“纸面”走向“地面”",
    "凝聚{field}强大合力",
    "{place}人大常委会开展{obj}纪实",
)
KICKERS = (
    "聚焦{field}——",
    "代表履职风采录——",
    "基层立法联系点巡礼——",
    "践行全过程人民民主·{place}篇——",
    "深入学习贯彻地方组织法——",
    "{place}：",
)
SUBTITLES = (
    "——{place}人大常委会推进{field}工作侧记",
    "——访{place}人大代表{name}",
    "——{place}“{slogan}”工作法观察",
    "——来自{place}{town}镇的报道",
)
CAPTIONS = (
    "图为{place}人大代表在{town}镇调研{field}工作。",
    "近日，{place}人大常委会组织代表开展{obj}。",
    "图为{place}{town}镇代表联络站接待群众现场。",
    "{place}人大代表走进企业了解{field}情况。",
)
AFFILIATIONS = (
    "{prov}{city}人大常委会主任",
    "{prov}{city}人大常委会副主任",
    "{prov}人大常委会法制工作委员会副主任",
    "{prov}{city}人大常委会研究室主任",
    "{city}人大常委会代表工作委员会干部",
    "{uni}法学院教授",
)
UNIVERSITIES = ("西南政法大学", "华东政法大学", "中国政法大学", "西北政法大学", "中南财经政法大学")
PUBLICATIONS = ("人大时报", "民主与代表报", "基层人大周报", "法治建设导报", "代表履职报", "人民议政报")
COLUMNS = ("代表风采", "理论研究", "地方人大", "立法聚焦", "监督纵横", "基层之声", "履职视点", "议政园地")
WEEKDAYS = "一二三四五六日"


# ---------------------------------------------------------------------------------------------
# Truth
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExpectedArticle:
    """The clean article a perfect layout recovery returns (field names follow LayoutArticle)."""

    paragraphs: tuple[tuple[str | None, str], ...]  # (heading or None, paragraph text)
    title: str | None = None
    subtitle: str | None = None
    kicker: str | None = None
    authors: tuple[str, ...] = ()
    author_region: str | None = None
    author_affiliation: str | None = None
    byline: str | None = None  # as printed, stripped

    @property
    def text(self) -> str:
        return "\n".join(t for _, t in self.paragraphs)

    @property
    def headings(self) -> tuple[str, ...]:
        seen: list[str] = []
        for h, _ in self.paragraphs:
            if h and h not in seen:
                seen.append(h)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class ExpectedFurniture:
    publication: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    page: str | None = None  # digits, no leading zeros
    column: str | None = None
    editor: str | None = None
    other: tuple[str, ...] = ()  # captions, credits, 下转/上接 as printed (whitespace-insensitive)


@dataclass(frozen=True, slots=True)
class PageOptions:
    """Every layout choice of a page; ``generate_page`` draws the ones not given from the seed."""

    n_articles: int = 3
    width: int = 17  # column width in full-width units (ASCII counts ½)
    title_placement: TitlePlacement = "after"
    byline_style: BylineStyle = "square"
    headings: HeadingStyle = "mixed"
    indent: IndentStyle = "none"
    letterspacing: float = 0.06  # chance a justified body line is letter-spaced
    digit_spacing: bool = True  # spaces around digit / Latin runs
    stray_space: float = 0.02  # chance of a space before a given ，。
    column_breaks: float = 0.04  # chance of a blank line after a full body line
    short_column_breaks: float = 0.0  # chance a body line is cut short by a column break (mid-clause)
    width_jitter: int = 0  # each article's column is width ± this (articles differ on a real page)
    para_blank: float = 0.85  # chance of a blank line between paragraphs
    runin_heads: bool = True  # some paragraphs start 一是…。
    two_line_titles: float = 0.3
    kicker: float = 0.2
    subtitle: float = 0.2
    footnotes: float = 0.4  # chance an article with a ■ byline has （作者系…）
    header: bool = True
    header_at_bottom: bool = False
    editor: bool = True
    jumps: JumpStyle = "none"
    captions: int = 0
    caption_inside: bool = False  # captions between paragraphs of an article, not between articles
    leading_space: float = 0.05  # chance a byline line starts with a stray space
    whitespace_noise: float = 0.0  # chance of trailing whitespace on a line / a doubled blank line
    encoding: str = "utf-8"
    crlf: bool = False


@dataclass(frozen=True, slots=True)
class SyntheticPage:
    seed: int
    text: str  # the page as the extractor gives it, "\n" line ends
    articles: tuple[ExpectedArticle, ...]
    furniture: ExpectedFurniture
    options: PageOptions

    @property
    def encoding(self) -> str:
        return self.options.encoding

    @property
    def raw(self) -> bytes:
        """The page as bytes on disk, in the page's own encoding and line ends."""
        return self.encode(self.options.encoding, crlf=self.options.crlf)

    def encode(self, encoding: str, *, crlf: bool = False) -> bytes:
        """Bytes as a file in ``encoding`` would hold them (utf-16 and utf-8-sig carry a BOM)."""
        text = self.text.replace("\n", "\r\n") if crlf else self.text
        return text.encode(encoding)


# ---------------------------------------------------------------------------------------------
# Composition of clean content
# ---------------------------------------------------------------------------------------------


class _Writer:
    """Draws names, places and sentences from the phrase bank with one RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.used: set[str] = set()  # titles and headings already on the page: keep them unique

    def fresh(self, pool: tuple[str, ...]) -> str:
        """A pool entry not used on this page yet (falls back to any when the pool is spent)."""
        left = [x for x in pool if x not in self.used]
        pick = self.r.choice(left or list(pool))
        self.used.add(pick)
        return pick

    def name(self) -> str:
        while True:
            n = self.r.choice(SURNAMES) + "".join(
                self.r.choice(GIVEN) for _ in range(self.r.choice((1, 1, 2)))
            )
            if n not in _FORBIDDEN_NAMES:
                return n

    def region(self) -> str:
        return self.r.choice(tuple(PROVINCES))

    def place(self, region: str | None = None) -> str:
        prov = region or self.region()
        city = self.r.choice(CITIES[prov])
        if prov in _MUNICIPALITIES:
            return f"{PROVINCES[prov]}{city}区"
        if self.r.random() < 0.5:
            return f"{PROVINCES[prov]}{city}市"
        return f"{city}市"

    def city(self) -> str:
        prov = self.r.choice(tuple(p for p in PROVINCES if p not in _MUNICIPALITIES))
        return self.r.choice(CITIES[prov]) + "市"

    def short_place(self) -> str:
        prov = self.region()
        return self.r.choice(CITIES[prov]) if self.r.random() < 0.6 else prov

    def fill(self, template: str) -> str:
        r = self.r
        return template.format(
            slogan=r.choice(SLOGANS),
            law=("《中华人民共和国" + r.choice(LAWS) + "》") if r.random() < 0.3 else r.choice(LAWS),
            local=self.city() + r.choice(LOCAL_LAW_SUBJECTS),
            place=self.short_place(),
            town=r.choice(TOWNS),
            field=r.choice(FIELDS),
            obj=r.choice(OBJECTS_LIST),
            name=self.name(),
            actor=r.choice(ACTORS),
            pred=r.choice(PREDICATES),
            n=r.choice((r.randint(12, 980), r.randint(1000, 9999))),
            k=r.randint(2, 48),
            p=r.choice((r.randint(85, 99), f"{r.randint(85, 99)}.{r.randint(1, 9)}")),
            x=r.choice((r.randint(3, 900), f"{r.randint(1, 99)}.{r.randint(1, 9)}")),
            prov=PROVINCES[self.region()],
            city=self.city(),
            uni=r.choice(UNIVERSITIES),
        )

    def clause(self) -> str:
        r = self.r.random()
        if r < 0.42:
            c = self.r.choice(PREDICATES)
        elif r < 0.52:
            c = self.fill(self.r.choice(COUNT_TEMPLATES))
        elif r < 0.58:
            c = self.fill(self.r.choice(LATIN_TEMPLATES))
        elif r < 0.68:
            c = self.fill(self.r.choice(QUOTE_TEMPLATES))
        elif r < 0.76:
            c = self.fill(self.r.choice(LAW_TEMPLATES))
        elif r < 0.84:
            c = self.r.choice(ACTORS) + self.r.choice(PREDICATES)
        elif r < 0.92:
            a, b = self.r.sample(OBJECTS_LIST, 2)
            c = f"通过{a}、{b}等方式" + self.r.choice(PREDICATES)
        else:
            c = f"围绕{self.r.choice(FIELDS)}" + self.r.choice(PREDICATES)
        return c

    def sentence(self) -> str:
        r = self.r
        if r.random() < 0.06:
            who = self.fill(r.choice(SPEAKERS))
            return f"{who}：“{r.choice(SPEECH)}”"
        if r.random() < 0.03:
            return r.choice(QUESTIONS)
        if r.random() < 0.04:
            return self.fill(r.choice(DASH_TEMPLATES)) + "。"
        parts = [self.clause() for _ in range(r.randint(2, 4))]
        if r.random() < 0.35:
            parts[0] = r.choice(OPENERS) + "，" + parts[0]
        elif r.random() < 0.25:
            parts[0] = self.fill(r.choice(PLACE_TEMPLATES))
        s = "，".join(parts)
        return s + ("；" if r.random() < 0.05 else "。")

    def paragraph(self, runin: str | None = None) -> str:
        sentences = [self.sentence() for _ in range(self.r.randint(1, 4))]
        if len(sentences) == 1 and sentences[0].endswith("？"):  # a lone question reads as a heading
            sentences.append(self.sentence())
        body = "".join(sentences)
        if body.endswith("；"):
            body = body[:-1] + "。"
        return f"{runin}{self.r.choice(RUNIN_TOPICS)}。{body}" if runin else body

    def heading(self, style: str, width: int, number: str = "") -> tuple[str, list[str]]:
        """A section heading: (clean text, printed lines); ``number`` like 一、 or （一） leads it."""
        r = self.r
        if style == "mixed":
            style = r.choice(("short", "two_line", "wrapped"))
        a, b = number + self.fresh(HEAD_A), r.choice(HEAD_B)
        if style == "two_line":  # two phrases on two short lines, joined with a space
            second = b + r.choice(HEAD_TAIL) if r.random() < 0.5 else b
            if text_width(a) <= width - 2 and text_width(second) <= width - 2:
                return f"{a} {second}", [a, second]
            style = "short"
        if style == "wrapped":  # one long heading, set in a bigger face, wrapped: joins without space
            measure = max(10, width - r.randint(0, 3))
            forms = [f"{a}，{p}" for p in PREDICATES] + [f"{a}，{b}，{p}" for p in PREDICATES]
            fits = [f for f in forms if measure + 2 <= text_width(f) <= 2 * measure - 2]
            if fits:
                long = r.choice(fits)
                return long, _wrap(long, measure, r, letterspacing=0.0)
            style = "short"
        # headings are visibly shorter than the column, else they read as a body line
        one = f"{a} {b}"
        if text_width(one) <= width - 2:
            return one, [one]
        return a, [a]


def text_width(s: str) -> float:
    """Printed width in full-width units: ASCII (digits, Latin, ASCII punctuation) counts ½."""
    return sum(0.5 if ord(c) < 128 else 1.0 for c in s if c != " ")


# ---------------------------------------------------------------------------------------------
# Layout: wrapping clean text into extractor lines
# ---------------------------------------------------------------------------------------------

_HANG = frozenset("，。、；：”）！？》")  # may hang one over the measure
_OPEN = frozenset("“（《")  # never end a line: pushed to the next
_STRAY_BEFORE = frozenset("，。")
_ENDS_SENTENCE = re.compile(r"[。！？；][”’）]*\s*$")


def _tokens(text: str) -> list[str]:
    """Characters, with ASCII runs kept whole (an extractor never splits 2023 or App), and the
    two-character dash —— and ellipsis …… never split either."""
    out: list[str] = []
    buf = ""
    for ch in text:
        if ch in "—…" and out and out[-1] == ch and not buf:
            out[-1] += ch
            continue
        if ord(ch) < 128:
            buf += ch
            continue
        if buf:
            out.append(buf)
            buf = ""
        out.append(ch)
    if buf:
        out.append(buf)
    return out


def _fill_line(toks: list[str], i: int, limit: float) -> tuple[list[str], int]:
    """One line from ``toks[i:]`` at ``limit`` wide: (tokens, next index)."""
    cur: list[str] = []
    w = 0.0
    while i < len(toks):
        t = toks[i]
        tw = text_width(t)
        if w + tw <= limit or not cur:
            cur.append(t)
            w += tw
            i += 1
            continue
        if t in _HANG:  # hang closers over the measure
            cur.append(t)
            i += 1
            if i < len(toks) and toks[i] in _HANG:
                cur.append(toks[i])
                i += 1
        elif len(t) > 1 and w + tw <= limit + 1:  # ASCII run squeezed in
            cur.append(t)
            i += 1
        break
    while len(cur) > 1 and cur[-1] in _OPEN:  # openers go to the next line
        cur.pop()
        i -= 1
    return cur, i


def _wrap(
    text: str, width: int, r: random.Random, *, letterspacing: float, first_indent: float = 0.0
) -> list[str]:
    """Greedy line breaking with hanging closers and pushed openers; some lines letter-spaced."""
    return _wrap_body(text, width, r, letterspacing=letterspacing, first_indent=first_indent)[0]


def _wrap_body(
    text: str,
    width: int,
    r: random.Random,
    *,
    letterspacing: float,
    first_indent: float = 0.0,
    short_breaks: float = 0.0,
) -> tuple[list[str], set[int]]:
    """Lines, and the indices of lines cut short by a column break (a blank line follows them).

    Letter-spaced lines are justified lines that hold 1–2 characters fewer, so a non-final line
    is at least ``width - 2`` wide once the spaces are removed, except a line cut short by a
    column break; such a line is never among the first two of a paragraph (it would read as a
    heading) and never ends a sentence (it would read as a paragraph end), like the real ones.
    """
    toks = _tokens(text)
    lines: list[list[str]] = []
    spaced: list[bool] = []
    cut: set[int] = set()
    i = 0
    cap = width - first_indent
    while i < len(toks):
        ls = r.random() < letterspacing
        cur, j = _fill_line(toks, i, cap - (r.choice((1, 2)) if ls else 0))
        if ls and any(ord(t[0]) < 128 for t in cur):  # only all-CJK lines get letter-spaced (and short)
            ls = False
            cur, j = _fill_line(toks, i, cap)
        if len(lines) >= 2 and j < len(toks) and r.random() < short_breaks:
            short, k = _fill_line(toks, i, cap - r.randint(3, 6))
            if k < len(toks) and not _ENDS_SENTENCE.search("".join(short)) and short[-1] not in _HANG:
                cur, j, ls = short, k, False
                cut.add(len(lines))
        i = j
        lines.append(cur)
        spaced.append(ls)
        cap = width
    out = []
    for k, (cur, ls) in enumerate(zip(lines, spaced, strict=True)):
        last = k == len(lines) - 1
        if ls and not last and not any(ord(t[0]) < 128 for t in cur):
            out.append(_letterspace("".join(cur)))
        else:
            out.append("".join(cur))
    return out, cut


def _letterspace(line: str) -> str:
    """`全 力 支 持 ，办 好` — a justified line whose glyph gaps became spaces."""
    s = " ".join(line)
    for p in "，、":
        s = s.replace(p + " ", p)
    return s.replace(" “", "“")


def _decorate(line: str, r: random.Random, o: PageOptions) -> str:
    """Spaces the extractor puts around digit/Latin runs and before the odd punctuation mark."""
    if not o.digit_spacing and not o.stray_space:
        return line
    out: list[str] = []
    prev_ascii: bool | None = None
    for ch in line:
        is_ascii = ord(ch) < 128 and ch != " "
        if ch == " ":
            out.append(ch)
            prev_ascii = None
            continue
        if o.digit_spacing and prev_ascii is not None and is_ascii != prev_ascii and r.random() < 0.7:
            out.append(" ")
        if ch in _STRAY_BEFORE and out and out[-1] != " " and r.random() < o.stray_space:
            out.append(" ")
        out.append(ch)
        prev_ascii = is_ascii
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Page assembly
# ---------------------------------------------------------------------------------------------


def _draw_options(r: random.Random, given: dict[str, Any]) -> PageOptions:
    names = {f.name for f in dataclasses.fields(PageOptions)}
    unknown = set(given) - names
    if unknown:
        raise TypeError(f"unknown page options: {sorted(unknown)}")
    drawn: dict[str, Any] = {
        "n_articles": r.choice((1, 2, 2, 3, 3, 3, 4, 4)),
        "width": r.randint(12, 24),
        "title_placement": r.choice(("before", "after")),
        "byline_style": r.choice(BYLINE_STYLES),
        "headings": r.choice(HEADING_STYLES),
        "indent": r.choice(("none", "none", "ascii", "ideographic")),
        "letterspacing": r.choice((0.0, 0.05, 0.1)),
        "digit_spacing": r.random() < 0.8,
        "stray_space": r.choice((0.0, 0.02, 0.05)),
        "column_breaks": r.choice((0.0, 0.03, 0.06)),
        "short_column_breaks": r.choice((0.0, 0.0, 0.01, 0.03)),
        "width_jitter": r.choice((0, 0, 1, 2)),
        "para_blank": r.choice((1.0, 0.9, 0.7)),
        "runin_heads": r.random() < 0.5,
        "two_line_titles": r.choice((0.0, 0.3, 0.6)),
        "kicker": r.choice((0.0, 0.2, 0.5)),
        "subtitle": r.choice((0.0, 0.2, 0.5)),
        "footnotes": r.choice((0.0, 0.4, 0.8)),
        "header": r.random() < 0.7,
        "header_at_bottom": r.random() < 0.2,
        "editor": r.random() < 0.6,
        "jumps": r.choice(("none", "none", "down", "up", "both")),
        "captions": r.choice((0, 0, 1, 2)),
        "caption_inside": r.random() < 0.3,
        "leading_space": r.choice((0.0, 0.1)),
        "whitespace_noise": r.choice((0.0, 0.0, 0.05)),
        "encoding": r.choice(ENCODINGS),
        "crlf": r.random() < 0.3,
    }
    drawn.update(given)
    o = PageOptions(**drawn)
    if not 12 <= o.width <= 40:
        raise ValueError("width must be 12..40")
    if o.encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    return o


def _byline(w: _Writer, style: str) -> tuple[str, tuple[str, ...], str | None]:
    """(printed byline, authors, region)."""
    r = w.r
    if style == "square":
        name, region = w.name(), w.region()
        shown = " ".join(name) if len(name) == 2 else name  # ■ 陆 敏（江苏）: two-char names padded
        return f"■ {shown}（{region}）", (name,), region
    if style == "square_bare":
        name = w.name()
        return f"■{name}", (name,), None
    if style == "reporter":
        name = w.name()
        return f"本报记者  {name}", (name,), None
    if style == "reporter_corr":
        a, b = w.name(), w.name()
        return f"本报记者 {a} 通讯员 {b}", (a, b), None
    if style == "xinhua":
        name = w.name()
        city = r.choice(("北京", r.choice(CITIES[w.region()])))
        return f"新华社{city}{r.randint(1, 12)}月{r.randint(1, 28)}日电（记者 {name}）", (name,), None
    # benbaoxun
    if r.random() < 0.4:
        return "本报讯", (), None
    a = w.name()
    if r.random() < 0.5:
        b = w.name()
        return f"本报讯（记者 {a} 通讯员 {b}）", (a, b), None
    return f"本报讯（记者 {a}）", (a,), None


@dataclass
class _Block:
    """Printed lines of one unit, and whether a blank line must follow it."""

    lines: list[str]
    blank_after: bool = True
    kind: str = "body"


@dataclass
class _Article:
    expected: ExpectedArticle
    head: list[_Block] = field(default_factory=list)  # kicker/title/subtitle
    byline: _Block | None = None
    body: list[_Block] = field(default_factory=list)  # paragraphs, headings, jumps, footnote


def _title(w: _Writer, o: PageOptions) -> tuple[str, list[str]]:
    r = w.r
    a = w.fresh(TITLE_Q) if r.random() < 0.12 else w.fresh(TITLE_A)  # some end in ？ or ！
    b = w.fill(r.choice(TITLE_B))
    if r.random() < o.two_line_titles:
        return f"{a} {b}", [a, b]
    if r.random() < 0.5:
        return f"{a} {b}", [f"{a} {b}"]
    return a, [a]


def _body_para(w: _Writer, o: PageOptions, text: str) -> _Block:
    r = w.r
    indent = {"none": "", "ascii": "  ", "ideographic": "\u3000\u3000"}[o.indent]
    lines, cut = _wrap_body(
        text,
        o.width,
        r,
        letterspacing=o.letterspacing,
        first_indent=2.0 if indent else 0.0,
        short_breaks=o.short_column_breaks,
    )
    printed = [_decorate(line, r, o) for line in lines]
    if indent:
        printed[0] = indent + printed[0]
    out: list[str] = []
    for k, line in enumerate(printed):
        out.append(line)
        if k in cut or (
            k < len(printed) - 1
            and text_width(lines[k]) >= o.width - 1
            and not _ENDS_SENTENCE.search(lines[k])  # else a paragraph end and a column break look alike
            and r.random() < o.column_breaks
        ):
            out.append("")  # a column break: blank line in mid-paragraph
    last_short = text_width(lines[-1]) <= o.width - 3
    blank = r.random() < o.para_blank or not (last_short or indent)
    return _Block(out, blank_after=blank)


def _make_article(w: _Writer, o: PageOptions) -> _Article:
    r = w.r
    if o.width_jitter:
        o = dataclasses.replace(o, width=max(12, o.width + r.randint(-o.width_jitter, o.width_jitter)))
    printed_byline, authors, region = _byline(w, o.byline_style)
    title, title_lines = _title(w, o)
    kicker = w.fill(r.choice(KICKERS)) if r.random() < o.kicker else None
    if kicker and not kicker.endswith("——"):
        kicker = kicker.rstrip("：") + "——"
    subtitle = w.fill(r.choice(SUBTITLES)) if r.random() < o.subtitle else None

    # paragraphs with optional sections
    paras: list[tuple[str | None, str]] = []
    body: list[_Block] = []
    with_heads = o.headings != "none" and r.random() < 0.7
    n_sections = r.randint(2, 4) if with_heads else 1
    intro = not with_heads or r.random() < 0.7
    if intro:
        t = w.paragraph()
        paras.append((None, t))
        body.append(_body_para(w, o, t))
    numbers = r.choice(HEAD_NUMBERS) if r.random() < 0.25 else None
    ordinals = r.choice(ORDINALS)
    for s in range(n_sections):
        heading = None
        if with_heads:
            heading, hlines = w.heading(o.headings, o.width, numbers[s] if numbers else "")
            if body:
                body[-1].blank_after = True
            body.append(_Block(hlines, kind="heading"))
        runin = o.runin_heads and r.random() < 0.5
        n_par = r.randint(1, 3) if with_heads else r.randint(2, 6)
        for k in range(n_par):
            t = w.paragraph(ordinals[k] if runin and k < len(ordinals) else None)
            paras.append((heading, t))
            body.append(_body_para(w, o, t))

    affiliation = None
    if o.byline_style in ("square", "square_bare") and r.random() < o.footnotes:
        affiliation = w.fill(r.choice(AFFILIATIONS))
        body[-1].blank_after = True
        note = f"（作者系{affiliation}）" if r.random() < 0.5 else f"（作者单位：{affiliation}）"
        body.append(_Block(_wrap(note, o.width, r, letterspacing=0.0), kind="footnote"))

    head: list[_Block] = []
    if kicker:
        head.append(_Block([kicker], blank_after=False, kind="kicker"))
    head.append(_Block(title_lines, blank_after=False, kind="title"))
    if subtitle:
        head.append(_Block([subtitle], blank_after=False, kind="subtitle"))
    head[-1].blank_after = r.random() < 0.7

    lead = " " if r.random() < o.leading_space else ""
    expected = ExpectedArticle(
        paragraphs=tuple(paras),
        title=title,
        subtitle=subtitle,
        kicker=kicker,
        authors=authors,
        author_region=region,
        author_affiliation=affiliation,
        byline=printed_byline,
    )
    return _Article(expected, head, _Block([lead + printed_byline], kind="byline"), body)


def _header(w: _Writer, o: PageOptions) -> tuple[list[str], ExpectedFurniture]:
    r = w.r
    day = _dt.date(2019, 1, 1) + _dt.timedelta(days=r.randint(0, 6 * 365))
    cn = f"{day.year}年{day.month}月{day.day}日"
    wk = "星期" + WEEKDAYS[day.weekday()]
    pub, col, page = r.choice(PUBLICATIONS), r.choice(COLUMNS), r.randint(1, 8)
    style = r.randint(0, 2)
    if style == 0:
        lines = [f"{pub}  {cn}  {wk}  第{page}版  {col}"]
    elif style == 1:
        lines = [f"{page:02d}  {col}", f"{cn}  {wk}  {pub}"]
    else:
        lines = [f"{cn} {wk}", f"{col}  第 {page} 版"]
        pub = None
    return lines, ExpectedFurniture(publication=pub, date=day.isoformat(), page=str(page), column=col)


def _caption(w: _Writer, o: PageOptions) -> tuple[list[str], str]:
    """Photo caption (▲ …) with its credit (X 摄), wrapped to the column; the credit never splits."""
    r = w.r
    text = ("▲ " if r.random() < 0.5 else "") + w.fill(r.choice(CAPTIONS))
    credit = f"{w.name()} 摄" if r.random() < 0.6 else f"（本报记者 {w.name()} 摄）"
    lines = _wrap(text, o.width, r, letterspacing=0.0)
    if text_width(lines[-1] + credit) + 2 <= o.width:
        lines[-1] += "  " + credit
    else:
        lines.append(credit)
    return lines, f"{text}  {credit}"


def generate_page(seed: int, **options: Any) -> SyntheticPage:
    """A page and its truth, fully determined by ``seed`` and the pinned ``options``."""
    r = random.Random(f"baokan-synthetic-{seed}")
    o = _draw_options(r, options)
    w = _Writer(r)
    articles = [_make_article(w, o) for _ in range(o.n_articles)]

    other: list[str] = []
    # jumps (下转/上接) go to the first / last article
    if o.jumps in ("down", "both"):
        jump = f"（下转第{r.randint(2, 8)}版）"
        articles[-1].body[-1].blank_after = True
        pos = len(articles[-1].body)
        if articles[-1].body[-1].kind == "footnote":
            pos -= 1
        articles[-1].body.insert(pos, _Block([jump], kind="jump"))
        other.append(jump)
    if o.jumps in ("up", "both"):
        jump = f"（上接第{r.randint(1, 4)}版）"
        articles[0].body.insert(0, _Block([jump], kind="jump"))
        other.append(jump)

    captions: list[tuple[int, list[str]]] = []
    for _ in range(o.captions):
        lines, printed = _caption(w, o)
        captions.append((r.randrange(len(articles)), lines))
        other.append(printed)

    blocks: list[_Block] = []
    for ai, art in enumerate(articles):
        assert art.byline is not None
        body = list(art.body)
        for target, lines in captions:
            if target != ai:
                continue
            cap = _Block(lines, kind="caption")
            if o.caption_inside and len(body) > 2:
                k = r.randint(1, len(body) - 1)
                if body[k - 1].kind == "body" and body[k].kind == "body":
                    body[k - 1].blank_after = True
                    body.insert(k, cap)
                    continue
            body[-1].blank_after = True
            body.append(cap)
        if o.title_placement == "before":
            blocks += [*art.head, art.byline, *body]
        else:
            body[-1].blank_after = True  # a title below its body is always set off by a blank line
            blocks += [art.byline, *body, *art.head]
        # a title printed after its body may sit right on top of the next byline, as on real pages
        blocks[-1].blank_after = o.title_placement == "before" or r.random() < 0.75

    furniture = ExpectedFurniture(other=tuple(other))
    top: list[_Block] = []
    bottom: list[_Block] = []
    if o.header:
        hlines, furniture = _header(w, o)
        furniture = dataclasses.replace(furniture, other=tuple(other))
        (bottom if o.header_at_bottom else top).append(_Block(hlines, kind="header"))
    if o.editor:
        ed = w.name()
        line = r.choice(("责任编辑：", "本版责编：")) + ed
        (top if r.random() < 0.5 else bottom).append(_Block([line], kind="editor"))
        furniture = dataclasses.replace(furniture, editor=ed)

    out: list[str] = []
    for b in [*top, *blocks, *bottom]:
        out += b.lines
        if b.blank_after:
            out.append("")
            if r.random() < o.whitespace_noise:  # a column break that falls on a paragraph break
                out.append("")
    while out and out[-1] == "":
        out.pop()
    if o.whitespace_noise:  # extractors pad lines and leave whitespace-only "blank" lines
        noise = (" ", "  ", "\u3000", "\t")
        out = [x + r.choice(noise) if r.random() < o.whitespace_noise else x for x in out]
    text = "\n".join(out) + "\n"
    return SyntheticPage(
        seed=seed,
        text=text,
        articles=tuple(a.expected for a in articles),
        furniture=furniture,
        options=o,
    )


if __name__ == "__main__":  # pragma: no cover - a quick look at a page
    import sys

    p = generate_page(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(p.options)
    print(p.text)
    for a in p.articles:
        print(a.title, a.authors, a.author_region, a.author_affiliation, a.headings)
