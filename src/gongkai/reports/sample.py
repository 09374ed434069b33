"""Seed 000 (偃师市, 2021年2月) as a :class:`Circular`: the demo data of the reports engine.

Every score below is transcribed from the two attachment tables of seed 000; the heading, the
recipients, the requirements and the 版记 lines are the seed's own words. The per-unit problem
list is derived from the data (units whose 政务信息公开得分 is 0), not from the seed's text.
"""

from __future__ import annotations

from datetime import date

from gongkai.reports.model import BULLETIN, Bulletin, Circular, RankedTable, UnitProblem

COLUMNS = ["单位名称", "公共服务得分", "交流互动得分", "网站建设及安全得分", "政务信息公开得分", "总分"]

# unit, 公共服务, 交流互动, 网站建设及安全, 政务信息公开, 总分 — seed 000 附件1, in the seed's order.
CITY_UNITS = """
教育体育局 4 2 13 32 51
公安局 4 2 13 28 47
交通运输局 4 2 13 13 32
人力资源社会保障局 4 2 13 12 31
民政局 4 2 13 12 31
市场监督管理局 4 2 13 11 30
自然资源和规划局 4 2 13 10 29
生态环境局 4 2 13 10 29
财政局 4 2 13 10 29
商务局 4 2 13 8 27
科学技术局 4 2 13 8 27
医疗保障局 4 2 13 7 26
审计局 4 2 13 7 26
应急管理局 4 2 13 6 25
农业农村局 4 2 13 6 25
行政服务中心 4 2 13 5 24
文化广电和旅游局 4 2 13 4 23
信访局 4 2 13 3 22
水利局 4 2 13 3 22
发展和改革委员会 4 2 13 3 22
住房和城乡建设局 4 2 13 2 21
文物局 4 2 13 2 21
司法局 4 2 13 2 21
林业局 4 2 13 2 21
工业和信息化局 4 2 13 1.5 20.5
卫生健康委员会 4 2 13 1 20
退役军人事务局 4 2 13 1 20
统计局 4 2 13 0 19
社保中心 4 2 13 0 19
金融工作局 4 2 13 0 19
城市管理局 4 2 13 0 19
"""

# seed 000 附件2.
TOWNS = """
商城街道 4 2 13 20 39
首阳山街道 4 2 13 16 35
槐新街道 4 2 13 15 34
大口镇 4 2 13 13 32
缑氏镇 4 2 13 11 30
高龙镇 4 2 13 8 27
顾县镇 4 2 13 7 26
府店镇 4 2 13 6 25
岳滩镇 4 2 13 5 24
伊洛街道 4 2 13 5 24
山化镇 4 2 13 5 24
翟镇镇 4 2 13 3 22
邙岭镇 4 2 13 0 19
"""


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def parse_rows(text: str) -> list[list[str | int | float]]:
    """ "教育体育局 4 2 13 32 51" lines -> [["教育体育局", 4, 2, 13, 32, 51], …]."""
    rows = []
    for line in text.strip().splitlines():
        name, *numbers = line.split()
        rows.append([name, *(_number(n) for n in numbers)])
    return rows


def seed000_circular(rectification_deadline: date | None = None) -> Circular:
    """The February 2021 circular of 偃师市 as data; ``rectification_deadline`` adds a problem list."""
    tables = [
        RankedTable(
            title="2021年2月份市直单位网站管理和政务信息公开情况",
            category="市直单位",
            columns=COLUMNS,
            rows=parse_rows(CITY_UNITS),
        ),
        # The seed's second attachment repeats the first one's title by mistake; its attachment
        # list (附件：…2．) names it as below.
        RankedTable(
            title="2021年2月份各镇（街道）网站管理和政务信息公开情况",
            category="镇（街道）",
            columns=COLUMNS,
            rows=parse_rows(TOWNS),
        ),
    ]
    unit_problems = []
    if rectification_deadline is not None:
        for table in tables:
            index = table.columns.index("政务信息公开得分")
            for row in table.rows:
                if row[index] == 0:
                    unit_problems.append(
                        UnitProblem(
                            unit=str(row[0]),
                            problem="2月份政务信息公开得分为0分，本单位网页未发布政务信息",
                            deadline=rectification_deadline,
                        )
                    )
    return Circular(
        issuing_office="偃师市人民政府办公室",
        document_number="政务信息公开工作（2021年第3期）",
        date=date(2021, 3, 18),
        title="2021年2月政府网站管理和政务信息公开工作情况通报",
        recipients="各镇（街道），市政府相关部门及有关单位",
        period_label="2021年2月",
        tables=tables,
        requirements=[
            "关于政务公开考核工作。坚持“重实干、重实绩、重实效”的原则，以质量高低定胜负。"
            "市政府办公室将对网站日常信息发布不及时、工作拖拉等单位，年终考核成绩按零分计算。",
            "关于网站信息发布工作。全市各相关单位要按照“谁主管谁负责、谁公开谁审查、谁出问题谁负责”的要求，"
            "加强信息发布、审核把关，全力做好栏目内容保障，确保政务信息发布的及时、有效、权威。",
            "关于依申请公开工作。各单位要建立健全依申请公开申请、登记、审批、送达等各个工作程序，"
            "依法依规做好政府信息依申请公开工作。",
        ],
        rectification_deadline=rectification_deadline,
        unit_problems=unit_problems,
        contact="联系方式：67777396，ysszfwgk@163.com",
        cc="市委、市政府有关领导，市委办、政府办领导",
    )


def seed000_bulletin(rectification_deadline: date | None = None) -> Circular:
    """The same circular in the form seed 000 is printed in: a bulletin (内部资料, 注意保存,
    政务信息公开工作（2021年第3期）, office and date, 送/发 and 签发/审核/责任编辑 at the end)."""
    circular = seed000_circular(rectification_deadline)
    circular.form = BULLETIN
    circular.document_number = ""
    circular.bulletin = Bulletin(
        name="政务信息公开工作",
        issue="2021年第3期",
        send_to=circular.cc,
        distribute_to=circular.recipients,
        signed_by="王东杰",
        reviewed_by="高晓伟",
        edited_by="卢毅　张燕京",
    )
    circular.cc = ""
    circular.contact = "联系方式：67777396　ysszfwgk@163.com"
    return circular
