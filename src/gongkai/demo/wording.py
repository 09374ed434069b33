"""Realistic Chinese government wording for the generated sites: titles and bodies by column.

Everything is drawn from a ``random.Random`` the caller owns, so a seed gives the same text.
The phrasing follows the seeds (通报, 通知 and 工作要点 of county offices): meetings, inspections,
trainings, notices, policy files with their sign-off, interpretations, personnel and plans.
None of the sentences may contain a typo, a wrong fixed expression or personal data: the planted
problems must be the only ones (``tests/demo`` scans the clean sites with the text engine).
"""

from __future__ import annotations

import random
from datetime import date

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "建军 红梅 志刚 晓东 海涛 丽娟 卫东 国庆 春燕 永刚 文博 雅琴 振华 亚楠 书豪 静怡 宏伟 秀兰 俊峰 晓燕".split()

# topics by a keyword of the unit name; units without a keyword use GENERAL_TOPICS
TOPICS: dict[str, tuple[str, ...]] = {
    "教育": ("校园安全", "学生资助", "课后服务", "义务教育均衡发展", "教师培训"),
    "公安": ("反电诈宣传", "社会治安综合治理", "道路交通安全整治", "户籍管理服务"),
    "交通": ("农村公路养护", "道路运输安全", "公路安全隐患排查", "城乡公交一体化"),
    "人力资源": ("就业创业服务", "根治欠薪", "职业技能提升", "社会保险扩面"),
    "民政": ("养老服务", "社会救助", "婚姻登记服务", "殡葬改革"),
    "市场监督": ("食品安全", "特种设备安全", "价格监督检查", "计量器具检定"),
    "自然资源": ("耕地保护", "国土空间规划", "不动产登记", "地质灾害防治"),
    "生态环境": ("大气污染防治", "水污染防治", "环境执法检查", "秸秆禁烧"),
    "财政": ("预算绩效管理", "政府采购管理", "惠民惠农补贴发放", "国有资产管理"),
    "商务": ("促消费活动", "招商引资", "成品油市场整治", "电子商务进农村"),
    "科学技术": ("科技型中小企业培育", "科技成果转化", "科普宣传"),
    "医疗保障": ("医保基金监管", "城乡居民医保参保", "异地就医结算"),
    "审计": ("审计整改", "经济责任审计", "专项资金审计"),
    "应急": ("安全生产", "防汛抗旱", "森林防火", "应急演练"),
    "农业": ("秋粮收购", "高标准农田建设", "农产品质量安全", "乡村振兴"),
    "行政服务": ("一网通办", "营商环境优化", "窗口服务提升"),
    "文化": ("文物安全", "公共文化服务", "文化市场执法", "旅游市场秩序"),
    "文物": ("文物安全", "文物保护利用", "考古遗址保护"),
    "信访": ("信访积案化解", "领导干部接访下访", "信访工作法治化"),
    "水利": ("防汛抗旱", "河长制", "农村饮水安全", "水资源管理"),
    "发展和改革": ("重点项目建设", "粮食安全", "价格监测", "营商环境优化"),
    "住房": ("老旧小区改造", "建筑施工安全", "燃气安全", "保障性住房管理"),
    "司法": ("普法宣传", "人民调解", "行政执法监督", "法律援助"),
    "林业": ("森林防火", "国土绿化", "林长制", "古树名木保护"),
    "工业": ("工业企业安全生产", "中小企业服务", "工业运行监测"),
    "卫生": ("基本公共卫生服务", "家庭医生签约", "爱国卫生运动", "医疗质量管理"),
    "退役军人": ("双拥工作", "退役军人就业", "优抚政策落实"),
    "统计": ("统计数据质量", "经济普查", "统计执法检查"),
    "社保": ("社会保险待遇发放", "养老保险资格认证", "社保基金监管"),
    "金融": ("防范非法集资", "金融风险排查", "普惠金融服务"),
    "城市管理": ("市容环境整治", "占道经营整治", "垃圾分类", "城市供水保障"),
}
GENERAL_TOPICS = ("安全生产", "作风建设", "政务公开", "营商环境优化", "信访稳定", "保密工作")
TOWN_TOPICS = (
    "人居环境整治",
    "秋粮收购",
    "防汛",
    "秸秆禁烧",
    "乡村振兴",
    "森林防火",
    "基层党建",
    "网格化管理",
)
PLACES_DEPT = ("辖区重点企业", "各基层站所", "城区重点路段", "项目施工现场", "服务窗口")
PLACES_TOWN = ("各行政村", "辖区企业", "集贸市场", "重点水库", "村级党群服务中心")

_MEETINGS = (
    "{date}，{unit}召开{topic}工作推进会，{leader}出席会议并讲话。",
    "会议传达学习了上级有关文件精神，通报了前一阶段{topic}工作进展情况，分析了存在的问题，安排部署了下一步重点工作。",
    "会议强调，要提高政治站位，压实工作责任，细化工作措施，确保各项任务按时保质完成。",
    "会议要求，各股室、各单位要加强协调配合，形成工作合力，以钉钉子精神抓好各项工作落实。",
)
_INSPECTIONS = (
    "为切实做好{topic}工作，{date}，{leader}带领相关股室负责人深入{place}开展督导检查。",
    "检查组一行通过实地查看、查阅资料、听取汇报等方式，详细了解了{topic}工作开展情况。",
    "对检查中发现的问题，检查组现场反馈，要求立即整改，建立问题台账，明确整改时限和责任人，确保整改到位。",
    "下一步，{unit}将持续加大督导检查力度，推动{topic}工作常态化、长效化。",
)
_TRAININGS = (
    "为进一步提升干部职工业务能力，{date}，{unit}组织开展{topic}专题培训，全体干部职工参加培训。",
    "培训邀请业务骨干围绕{topic}相关政策法规、工作流程和典型案例进行了深入讲解。",
    "大家纷纷表示，将把培训所学运用到实际工作中，不断提高服务群众的能力和水平。",
)
_STUDIES = (
    "{date}，{unit}召开{party}理论学习中心组集中学习会议，{leader}主持会议。",
    "会议集中学习了党的二十届三中全会精神和上级有关会议精神，结合{topic}工作进行了交流研讨。",
    "会议指出，要把学习成果转化为推动工作的实际成效，以实干实绩检验学习成效。",
)
DYNAMIC_KINDS = (
    ("{unit}召开{topic}工作推进会", _MEETINGS),
    ("{leader_short}带队督导检查{topic}工作", _INSPECTIONS),
    ("{unit}开展{topic}专题培训", _TRAININGS),
    ("{unit}{party}理论学习中心组开展{month}月份集中学习", _STUDIES),
    ("{unit}扎实推进{topic}工作", _INSPECTIONS),
    ("{unit}召开{topic}专题会议", _MEETINGS),
)

NOTICE_TITLES = (
    "关于开展{year}年度{topic}专项检查的通知",
    "关于做好{topic}工作的通知",
    "关于{topic}有关事项的公告",
    "关于征集{topic}意见建议的公告",
    "关于{year}年度{topic}工作情况的通报",
)
NOTICE_BODY = (
    "{audience}",
    "为认真贯彻落实上级有关工作部署，进一步做好{topic}工作，经研究，现将有关事项通知如下。",
    "一、高度重视。各单位要充分认识做好{topic}工作的重要意义，切实加强组织领导，明确专人负责。",
    "二、认真落实。各单位要对照工作要求，逐项抓好落实，于规定时间内将工作开展情况报送我单位办公室。",
    "三、加强督导。我单位将适时对各单位工作开展情况进行督导检查，并将检查结果纳入年度考核。",
    "联系电话：{phone}",
)

# (title, opening sentence) of a policy file
POLICY_KINDS = (
    (
        "关于印发《{unit_short}{topic}工作实施方案》的通知",
        "现将《{unit_short}{topic}工作实施方案》印发给你们，请结合实际，认真贯彻落实。",
    ),
    (
        "关于进一步加强{topic}工作的意见",
        "为进一步加强{topic}工作，根据上级有关规定，结合我{unit_kind}实际，提出如下意见。",
    ),
    (
        "关于印发《{unit_short}{topic}管理办法》的通知",
        "现将《{unit_short}{topic}管理办法》印发给你们，请认真贯彻执行。",
    ),
    (
        "关于做好{year}年{topic}工作的通知",
        "为做好{year}年{topic}工作，根据上级有关规定，结合我{unit_kind}实际，现将有关事项通知如下。",
    ),
)
POLICY_BODY = (
    "{audience}",
    "{opening}",
    "一、总体要求",
    "坚持以人民为中心的发展思想，坚持问题导向和目标导向，推动{topic}工作制度化、规范化、常态化。",
    "二、主要任务",
    "（一）健全工作机制。建立分工明确、责任清晰、运转高效的工作机制，明确牵头单位和配合单位。",
    "（二）强化监督管理。加强日常监管和专项检查，发现问题及时督促整改，确保各项措施落到实处。",
    "（三）提升服务水平。优化工作流程，精简办事材料，压缩办理时限，不断提升群众满意度。",
    "三、保障措施",
    "各单位要加强组织领导，落实工作经费，做好宣传引导，按时报送工作进展情况。",
    "本文件自印发之日起施行。",
)
INTERPRETATION_BODY = (
    "一、制定背景",
    "为进一步做好{topic}工作，{unit}在深入调研、广泛征求意见的基础上，制定了《{file}》。",
    "二、主要内容",
    "文件从总体要求、主要任务和保障措施三个方面，明确了{topic}工作的目标任务和责任分工。",
    "三、主要特点",
    "文件突出问题导向，措施具体、责任明确、便于操作，有利于推动{topic}工作取得实效。",
    "四、解读机关及联系方式",
    "解读机关：{unit}　联系电话：{phone}",
)
PERSONNEL_TITLES = (
    "关于{person}同志任职前公示",
    "{unit}{year}年度公开招聘工作人员公告",
    "{unit}{year}年度干部职工考核结果公示",
    "关于{person}等同志职级晋升的公示",
)
PERSONNEL_BODY = (
    "根据干部选拔任用有关规定，经研究，现将有关情况予以公示。",
    "公示时间为5个工作日。公示期间，如对公示对象有异议，可通过来信、来电、来访等方式向我单位反映。",
    "反映问题要实事求是，以真实姓名反映的优先受理。",
    "受理电话：{phone}",
)
PLAN_TITLES = (
    "{unit}{year}年工作要点",
    "{unit}{prev}年工作总结和{year}年工作计划",
    "{unit}{year}年政务公开工作要点",
)
PLAN_BODY = (
    "{year}年，{unit}将紧紧围绕县域经济高质量发展大局，扎实做好以下重点工作。",
    "一、持续抓好{topic}工作，细化工作举措，确保年度目标任务全面完成。",
    "二、深入推进政务公开，及时准确发布政府信息，做好政策解读和回应关切。",
    "三、加强干部队伍建设，严格落实全面从严治党主体责任，持续改进工作作风。",
)
ORGAN_PAGES = (
    (
        "主要职责",
        (
            "贯彻执行国家和省、市有关{topic}工作的方针政策和法律法规，拟订全市相关政策措施并组织实施。",
            "负责{topic}相关工作的统筹协调和监督管理，承办市委、市政府交办的其他事项。",
        ),
    ),
    (
        "内设机构",
        (
            "{unit}设下列内设机构：办公室、政策法规股、业务股、财务股。",
            "办公室负责机关日常运转，承担文电、会务、机要、档案、政务公开等工作。",
        ),
    ),
    (
        "领导信息",
        (
            "{leader}：主持全面工作。",
            "{deputy}：负责{topic}、安全生产工作，协助主要负责同志分管办公室工作。",
        ),
    ),
)
PUBLICITY_NAMES = "王文博 李静怡 张振华 刘亚楠 陈书豪 杨秀兰".split()


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def topics_for(unit_name: str, is_town: bool) -> tuple[str, ...]:
    if is_town:
        return TOWN_TOPICS
    for keyword, topics in TOPICS.items():
        if keyword in unit_name:
            return topics
    return GENERAL_TOPICS


def cn_date(day: date) -> str:
    """2026年11月5日 (the date written in article text)."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_numeral_date(day: date) -> str:
    """二〇二六年十一月五日 (the sign-off date of an official document)."""
    digits = "〇一二三四五六七八九"

    def number(n: int) -> str:
        if n < 10:
            return digits[n]
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")

    year = "".join(digits[int(c)] for c in str(day.year))
    return f"{year}年{number(day.month)}月{number(day.day)}日"


def fill(lines: tuple[str, ...], **values: str) -> list[str]:
    return [line.format(**values) for line in lines]
